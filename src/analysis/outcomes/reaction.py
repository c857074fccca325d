"""Kirkpatrick level 1 (reaction): participants' satisfaction, and unadjusted group comparisons.

Satisfaction is the participant's score 1..5 on attended (completed or dropped)
enrollments. :func:`compare` compares any of the three outcome levels between
groups with Welch tests (Kirkpatrick & Kirkpatrick 2006).

References
----------
Kirkpatrick, D. L. & Kirkpatrick, J. D. (2006). *Evaluating Training Programs*, 3rd ed.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from analysis.data.dataset import Dataset
from analysis.data.staff import as_column_list
from analysis.outcomes.facts import (
    REFERENCE_MODALITY,
    REFERENCE_PROVIDER,
    iter_groups,
    outcome_facts,
    summarise_means,
)
from analysis.stats.comparisons import adjust_pvalues, compare_groups
from analysis.stats.intervals import wilson_interval
from analysis.stats.verdict import MIN_N

#: Outcomes :func:`compare` knows: column and the enrollments it uses.
COMPARABLE = {
    "satisfaction": "attended enrollments with a satisfaction score",
    "gain": "completed enrollments with both scores",
    "behavior_score": "completed enrollments with a supervisor's rating",
}

#: Columns of :func:`compare`.
COMPARISON_COLUMNS = ("group", "reference", "n", "n_reference", "estimate", "std_error", "ci_low", "ci_high",
                      "statistic", "df", "p_value", "effect_size", "p_adjusted", "enough_data")


def satisfaction(
    ds: Dataset,
    period: str | pd.Period,
    by: str | Sequence[str] | None = "modality",
    window: int = 4,
) -> pd.DataFrame:
    """Kirkpatrick L1: participants' satisfaction (1..5) by group, with n and a 95% CI.

    Parameters
    ----------
    ds, period
        The dataset and the last quarter of the window.
    by
        Column(s) of :func:`analysis.outcomes.facts.outcome_facts`: ``program_id``,
        ``modality``, ``provider_type``, ``domain``, ``agency_id``, ...; ``None``: one row.
    window
        Quarters up to ``period`` (default 4).

    Returns
    -------
    DataFrame
        One row per group: ``<by>``, ``n`` (attended enrollments with a
        satisfaction score), ``mean``, ``std``, ``ci_low``, ``ci_high`` (t
        interval of the mean), ``enough_data`` (n >= 30), ``share_satisfied``
        (score >= 4) with ``share_satisfied_ci_low/_high`` (Wilson).

    Notes
    -----
    Attended (completed or dropped) enrollments only; missing scores are left
    out (non-response is assumed unrelated to satisfaction, which may flatter
    programmes whose unhappy participants did not answer).
    """
    cols = as_column_list(by)
    facts = outcome_facts(ds, period, window)
    data = facts.loc[facts["attended"] & facts["satisfaction"].notna()].copy()
    out = summarise_means(data, cols, "satisfaction")
    data["satisfied"] = data["satisfaction"] >= 4
    shares = [
        {**dict(zip(cols, key, strict=True)), "k": int(g["satisfied"].sum()), "m": len(g)}
        for key, g in iter_groups(data, cols)
    ]
    shares = pd.DataFrame(shares, columns=[*cols, "k", "m"])
    out["share_satisfied"] = (shares["k"] / shares["m"].where(shares["m"] > 0)).to_numpy()
    low, high = wilson_interval(shares["k"], shares["m"])
    out["share_satisfied_ci_low"], out["share_satisfied_ci_high"] = low, high
    return out


def _comparison_data(facts: pd.DataFrame, outcome: str, by: str) -> pd.DataFrame:
    """The rows :func:`compare` uses for ``outcome`` (see :data:`COMPARABLE`), group labels as text."""
    if outcome == "satisfaction":
        data = facts.loc[facts["attended"]]
    else:
        data = facts.loc[facts["status"].eq("completed")]
    data = data[[outcome, by]].dropna()
    return data.assign(**{by: data[by].astype(str)})


def _holm_or_fdr(p_values: pd.Series, method: str) -> np.ndarray:
    """Adjusted p-values (:func:`analysis.stats.comparisons.adjust_pvalues`); NaN stays NaN."""
    p = p_values.to_numpy(float)
    adjusted = np.full(p.shape, np.nan)
    ok = ~np.isnan(p)
    if ok.any():
        adjusted[ok] = np.asarray(adjust_pvalues(p[ok], method=method), dtype=float)
    return adjusted


def compare(
    ds: Dataset,
    period: str | pd.Period,
    outcome: str = "satisfaction",
    by: str = "modality",
    reference: str | None = None,
    window: int = 4,
    adjust: str = "holm",
) -> pd.DataFrame:
    """Unadjusted differences in an outcome between groups and a reference group (Welch).

    Parameters
    ----------
    ds, period, window
        As in :func:`satisfaction`.
    outcome
        ``satisfaction`` (L1), ``gain`` (L2) or ``behavior_score`` (L3).
    by
        A column of :func:`analysis.outcomes.facts.outcome_facts` (``modality``, ``provider_type``, ...).
    reference
        The reference level; default ``classroom`` for modality, ``internal``
        for provider_type, else the largest group.
    adjust
        Multiple-testing correction of the p-values across groups
        (:func:`analysis.stats.comparisons.adjust_pvalues`): ``holm`` (default) or ``fdr_bh``.

    Returns
    -------
    DataFrame
        :func:`analysis.stats.comparisons.compare_groups` columns (``group, reference, n,
        n_reference, estimate, std_error, ci_low, ci_high, statistic, df,
        p_value, effect_size``) plus ``p_adjusted`` and ``enough_data`` (both
        groups n >= 30). Empty when the reference has fewer than 2 values.

    Notes
    -----
    Unadjusted for who attends which format; the 95% intervals are per
    comparison (not simultaneous), the adjusted p-values are family-wise.
    """
    if outcome not in COMPARABLE:
        raise ValueError(f"outcome must be one of {', '.join(COMPARABLE)}; got {outcome!r}")
    data = _comparison_data(outcome_facts(ds, period, window), outcome, by)
    counts = data[by].value_counts()
    if reference is None:
        default = {"modality": REFERENCE_MODALITY, "provider_type": REFERENCE_PROVIDER}.get(by)
        reference = default if default in counts.index else (counts.index[0] if len(counts) else None)
    columns = list(COMPARISON_COLUMNS)
    if reference is None or counts.get(reference, 0) < 2:
        return pd.DataFrame(columns=columns)
    keep = counts.index[counts >= 2]
    out = compare_groups(data.loc[data[by].isin(keep)], outcome, by, reference=reference)
    if out.empty:
        return pd.DataFrame(columns=columns)
    out["p_adjusted"] = _holm_or_fdr(out["p_value"], adjust)
    out["enough_data"] = (out["n"] >= MIN_N) & (out["n_reference"] >= MIN_N)
    return out[columns]
