"""The programme funnel plot's numbers: each programme's mean learning gain against its
number of scored participants, with 95% and 99.8% control limits (Spiegelhalter 2005).

References
----------
Spiegelhalter, D. J. (2005). Funnel plots for comparing institutional performance.
*Statistics in Medicine* 24, 1185-1202.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy import stats as sps

from analysis.data.dataset import Dataset
from analysis.outcomes.facts import outcome_facts
from analysis.outcomes.learning import gain_model_data
from analysis.stats.models import fit

#: A funnel (its sentence, its chart) needs at least this many programmes.
MIN_PROGRAMMES = 3
#: Columns of :func:`funnel`.
FUNNEL_COLUMNS = ("program_id", "title", "modality", "provider_type", "n", "mean_gain", "target", "sigma",
                  "lower_95", "upper_95", "lower_998", "upper_998", "signal")


def funnel_limits(target: float, sigma: float, n: Sequence[float] | np.ndarray) -> pd.DataFrame:
    """Control limits target +/- z sigma / sqrt(n) for z of 95% and 99.8% (two-sided).

    Returns a frame ``n, lower_95, upper_95, lower_998, upper_998``.
    """
    n = np.asarray(n, dtype=float)
    se = sigma / np.sqrt(n)
    z95, z998 = sps.norm.ppf(0.975), sps.norm.ppf(0.999)
    return pd.DataFrame({"n": n, "lower_95": target - z95 * se, "upper_95": target + z95 * se,
                         "lower_998": target - z998 * se, "upper_998": target + z998 * se})


def _adjusted_gains(ds: Dataset, period: str | pd.Period, window: int) -> pd.DataFrame | None:
    """Each scored participant's gain minus what format, provider and pre-score predict
    (iid OLS, no employee covariates), plus the mean gain; ``None`` without scored enrollments
    or when the model cannot be estimated on them (no residual degrees of freedom, e.g. as
    many scored participants as terms)."""
    try:
        data, formula = gain_model_data(ds, period, window, covariates=False)
        coef = fit(data, formula).coef
    except ValueError:  # includes ModelSpecificationError
        return None
    fitted = pd.Series(coef.get("Intercept", 0.0), index=data.index, dtype=float)
    for term, value in coef.items():
        if term != "Intercept":
            fitted += value * data[term].astype(float)
    return data.assign(gain=data["gain"] - fitted + data["gain"].mean())


def squared_deviations(values: pd.Series, groups: pd.Series) -> pd.Series:
    """Per group (sorted), the sum of squared deviations from the group mean, sum_i (x_i - mean(x))^2.

    Each group's values are taken in their row order and summed as ``Series.sum`` sums them
    (numpy's pairwise summation), so the result is the same to the last digit as a pandas
    ``groupby().apply`` per group, at the cost of a numpy slice per group. Rows without a
    group are left out (as ``groupby`` does).
    """
    codes, keys = pd.factorize(groups, sort=True)
    kept = codes >= 0
    codes = codes[kept]
    order = np.argsort(codes, kind="stable")
    x = values.to_numpy(float)[kept][order]
    ends = np.cumsum(np.bincount(codes, minlength=len(keys)))
    starts = np.concatenate([[0], ends[:-1]])
    ss = [float(((seg - seg.mean()) ** 2).sum()) for seg in (x[a:b] for a, b in zip(starts, ends, strict=True))]
    return pd.Series(ss, index=pd.Index(keys, name=groups.name), dtype=float)


def _signals(per: pd.DataFrame) -> np.ndarray:
    """``above_998``, ``above_95``, ``below_998``, ``below_95`` or ``within`` per programme."""
    return np.select(
        [per["mean_gain"] > per["upper_998"], per["mean_gain"] > per["upper_95"],
         per["mean_gain"] < per["lower_998"], per["mean_gain"] < per["lower_95"]],
        ["above_998", "above_95", "below_998", "below_95"],
        default="within",
    )


def funnel(
    ds: Dataset, period: str | pd.Period, window: int = 4, min_n: int = 2, adjusted: bool = False
) -> pd.DataFrame:
    """Programme mean gains against participant count, with 95% and 99.8% control limits.

    A funnel plot (Spiegelhalter 2005) shows each programme's mean learning gain
    against its number of scored participants n, around the city target (the
    pooled mean gain) with limits target +/- z * sigma / sqrt(n), z = 1.96
    (95%) and 3.09 (99.8%). Small programmes scatter widely by chance; only
    those outside the 99.8% limits stand out.

    Parameters
    ----------
    ds, period, window
        As in :func:`analysis.outcomes.reaction.satisfaction`.
    min_n
        Programmes with fewer scored completions are left out.
    adjusted
        ``False`` (default): raw gains. ``True``: each participant's gain minus
        what format, provider type and pre-score predict (the ANCOVA of
        :func:`analysis.outcomes.learning.adjusted_effects` without employee
        covariates, iid OLS), plus the city mean: a programme then stands out
        only for doing better or worse than programmes of its kind.

    Returns
    -------
    DataFrame
        One row per programme with at least ``min_n`` scored completions:
        ``program_id, title, modality, provider_type, n, mean_gain, target,
        sigma, lower_95, upper_95, lower_998, upper_998, signal`` where signal
        is ``above_998``, ``above_95``, ``within``, ``below_95`` or ``below_998``.

    Notes
    -----
    sigma is the pooled within-programme SD of individual gains (the residual
    SD of gain on programme), so limits reflect participant-level noise only;
    if programmes differ genuinely (over-dispersion), many points fall outside
    and the limits should be widened (Spiegelhalter 2005, sec. 4) or the gains
    adjusted for what differs by design (``adjusted=True``). Use
    :func:`funnel_limits` to draw the curves.
    """
    cols = list(FUNNEL_COLUMNS)
    if adjusted:
        data = _adjusted_gains(ds, period, window)
        if data is None:
            return pd.DataFrame(columns=cols)
    else:
        facts = outcome_facts(ds, period, window)
        data = facts.loc[facts["gain"].notna()]
    grouped = data.groupby("program_id")["gain"]
    per = pd.DataFrame({"n": grouped.size(), "mean_gain": grouped.mean(),
                        "ss": squared_deviations(data["gain"], data["program_id"])}).reset_index()
    per = per.loc[per["n"] >= min_n]
    if per.empty:
        return pd.DataFrame(columns=cols)
    dof = float((per["n"] - 1).sum())
    sigma = float(np.sqrt(per["ss"].sum() / dof)) if dof > 0 else np.nan
    target = float((per["mean_gain"] * per["n"]).sum() / per["n"].sum())
    limits = funnel_limits(target, sigma, per["n"].to_numpy())
    per = pd.concat([per.reset_index(drop=True), limits.drop(columns="n")], axis=1)
    per["target"] = target
    per["sigma"] = sigma
    per["signal"] = _signals(per)
    per = per.merge(ds.programs[["program_id", "title", "modality", "provider_type"]], on="program_id", how="left")
    per["n"] = per["n"].astype(int)
    return per[cols].sort_values("n", ascending=False, kind="stable").reset_index(drop=True)
