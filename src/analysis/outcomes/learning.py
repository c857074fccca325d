"""Kirkpatrick level 2 (learning): pre/post change per group, and the adjusted (ANCOVA)
comparison of formats and providers.

Learning gain = post_score - pre_score for completed enrollments with both scores
(``docs/definitions.md``); the unadjusted change is a paired t, the adjusted one a
linear model of the gain on format, provider, pre-score and employee characteristics
(``docs/methods.md``).

References
----------
Cameron, A. C. & Miller, D. L. (2015). A practitioner's guide to cluster-robust
inference. *J. Human Resources* 50, 317-372.
MacKinnon, J. G. & Webb, M. D. (2017). Wild bootstrap inference for wildly different
cluster sizes. *J. Applied Econometrics* 32, 233-254.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy import stats as sps

from analysis.data.dataset import Dataset
from analysis.data.staff import as_column_list
from analysis.outcomes.facts import (
    EMPLOYEE_COVARIATES,
    REFERENCE_MODALITY,
    REFERENCE_PROVIDER,
    iter_groups,
    outcome_facts,
)
from analysis.outcomes.messages import MODEL_NOT_ESTIMATED
from analysis.stats.comparisons import paired_change
from analysis.stats.design import independent_terms
from analysis.stats.intervals import wilson_interval
from analysis.stats.models import fit, mixed
from analysis.stats.verdict import MIN_N
from analysis.text import Lang, pick

LEARNING_COLUMNS = (
    "n",
    "mean_pre",
    "mean_post",
    "estimate",
    "std_error",
    "ci_low",
    "ci_high",
    "p_value",
    "effect_size",
    "normalised_gain",
    "share_improved",
    "share_improved_ci_low",
    "share_improved_ci_high",
    "enough_data",
)
#: Columns of :func:`adjusted_effects` (also of the empty frame when it cannot be estimated).
ADJUSTED_COLUMNS = ("factor", "level", "reference", "estimate", "ci_low", "ci_high", "p_value", "n_level", "nobs")
_PAIRED_COLUMNS = ("n", "mean_pre", "mean_post", "estimate", "std_error", "ci_low", "ci_high", "p_value", "effect_size")


def _change_row(g: pd.DataFrame) -> dict[str, float]:
    """The paired change of one group's scores; with fewer than 2 people only n and the means."""
    if len(g) >= 2:
        pc = paired_change(g["pre_score"].to_numpy(float), g["post_score"].to_numpy(float)).iloc[0]
        return {c: pc[c] for c in _PAIRED_COLUMNS}
    return {"n": len(g), "mean_pre": g["pre_score"].mean(), "mean_post": g["post_score"].mean(),
            "estimate": g["gain"].mean()}


def learning_change(
    ds: Dataset,
    period: str | pd.Period,
    by: str | Sequence[str] | None = "modality",
    window: int = 4,
) -> pd.DataFrame:
    """Kirkpatrick L2: pre/post change per group (:func:`analysis.stats.comparisons.paired_change`).

    Parameters
    ----------
    ds, period, window
        As in :func:`analysis.outcomes.reaction.satisfaction`.
    by
        Column(s) of :func:`analysis.outcomes.facts.outcome_facts` (``program_id``, ``modality``,
        ``provider_type``, ``domain``, ``agency_id``, ...); ``None``: one row.

    Returns
    -------
    DataFrame
        One row per group: ``<by>``, ``n`` (completed enrollments with both
        scores), ``mean_pre``, ``mean_post``, ``estimate`` (mean learning gain,
        points), ``std_error``, ``ci_low``, ``ci_high`` (paired t, 95%),
        ``p_value``, ``effect_size`` (d_z = mean gain / SD of gains),
        ``normalised_gain`` (mean of the per-person Hake gains where pre <
        max_score), ``share_improved`` (post > pre) with Wilson CI,
        ``enough_data`` (n >= 30).

    Notes
    -----
    An unadjusted within-person change: it includes test-retest effects and
    says nothing about what would have happened without training. Compare
    formats with :func:`adjusted_effects`, which adjusts for the pre-score and
    employee characteristics.
    """
    cols = as_column_list(by)
    facts = outcome_facts(ds, period, window)
    # only the columns a group's row needs: each group's frame is then cheap to cut
    data = facts.loc[facts["gain"].notna(), [*cols, "pre_score", "post_score", "gain", "normalised_gain", "improved"]]
    rows = []
    for key, g in iter_groups(data, cols):
        base = {**dict(zip(cols, key, strict=True))}
        base.update(_change_row(g))
        base["normalised_gain"] = g["normalised_gain"].mean()
        base["k_improved"] = int(g["improved"].sum())
        rows.append(base)
    out = pd.DataFrame(rows, columns=[*cols, *LEARNING_COLUMNS[:10], "k_improved"])
    n = out["n"].astype(float)
    out["n"] = out["n"].astype(int)
    out["share_improved"] = out["k_improved"] / n.where(n > 0)
    out["share_improved_ci_low"], out["share_improved_ci_high"] = wilson_interval(out["k_improved"], n)
    out["enough_data"] = out["n"] >= MIN_N
    return out[[*cols, *LEARNING_COLUMNS]]


def _indicators(frame: pd.DataFrame, column: str, reference: str, prefix: str) -> list[str]:
    """Add 0/1 columns for every non-reference level present; return their names."""
    names = []
    levels = sorted(frame[column].dropna().unique())
    for level in levels:
        if level == reference:
            continue
        name = f"{prefix}__{level}"
        frame[name] = frame[column].eq(level).astype(float)
        names.append(name)
    return names


def gain_model_data(
    ds: Dataset, period: str | pd.Period, window: int = 4, covariates: bool = True
) -> tuple[pd.DataFrame, str]:
    """The ANCOVA data and formula of :func:`adjusted_effects` (for inspection or refitting).

    Returns
    -------
    (DataFrame, str)
        Completed enrollments with both scores and no missing covariate, with
        indicator columns ``modality__<level>`` and ``provider__<level>`` (every
        level present except the references ``classroom`` and ``internal``) and
        ``posn__<level>``, ``edu__<level>`` for the employee covariates; and the
        formula ``gain ~ <indicators> + pre_score [+ pppk + female + age_decades
        + posn__... + edu__...]``, leaving out any term that the terms before it
        reproduce exactly (collinear, as can happen within one small agency).
    """
    facts = outcome_facts(ds, period, window)
    data = facts.loc[facts["gain"].notna()].copy()
    needed = ["gain", "pre_score", "modality", "provider_type", "program_id"]
    if covariates:
        needed += list(EMPLOYEE_COVARIATES)
    data = data[[*needed, "enrollment_id"]].dropna().reset_index(drop=True)
    if data.empty:
        raise ValueError("no completed enrollments with pre- and post-scores in the window")
    terms = _indicators(data, "modality", REFERENCE_MODALITY, "modality")
    terms += _indicators(data, "provider_type", REFERENCE_PROVIDER, "provider")
    terms.append("pre_score")
    if covariates:
        terms += [c for c in ("pppk", "female", "age_decades") if data[c].nunique() > 1]
        terms += _indicators(data, "position_type", "staff", "posn")
        terms += _indicators(data, "education_group", "s1", "edu")
    # a covariate that earlier terms reproduce (a level present only with one format in a
    # small agency) is left out here, quietly, rather than by the fitting routine with a warning
    terms = independent_terms(data, terms)
    return data, "gain ~ " + " + ".join(terms)


def _effect_rows(tidy: pd.DataFrame, data: pd.DataFrame) -> pd.DataFrame:
    """One row per format and provider indicator of a fitted ANCOVA (its ``tidy()`` frame,
    indexed by term), then the pre-score slope."""
    rows = []
    for factor, prefix, reference in (
        ("modality", "modality", REFERENCE_MODALITY),
        ("provider_type", "provider", REFERENCE_PROVIDER),
    ):
        for term in [t for t in tidy.index if str(t).startswith(f"{prefix}__")]:
            level = str(term).split("__", 1)[1]
            r = tidy.loc[term]
            rows.append(
                {
                    "factor": factor,
                    "level": level,
                    "reference": reference,
                    "estimate": r["estimate"],
                    "std_error": r["std_error"],
                    "ci_low": r["ci_low"],
                    "ci_high": r["ci_high"],
                    "p_value": r["p_value"],
                    "n_level": int(data[factor].eq(level).sum()),
                }
            )
    if "pre_score" in tidy.index:
        r = tidy.loc["pre_score"]
        rows.append({"factor": "pre_score", "level": "per point", "reference": "",
                     **{c: r[c] for c in ("estimate", "std_error", "ci_low", "ci_high", "p_value")},
                     "n_level": len(data)})
    return pd.DataFrame(rows)


def adjusted_effects(
    ds: Dataset,
    period: str | pd.Period,
    window: int = 4,
    covariates: bool = True,
    vcov: str | dict = "programme_random_intercept",
) -> pd.DataFrame:
    """Modality and provider-type differences in learning gain, adjusted (ANCOVA).

    One linear model through :func:`analysis.stats.models.fit`::

        gain = a + sum_m b_m [modality = m] + sum_p c_p [provider_type = p]
               + d * pre_score (+ employee covariates) + error

    with ``classroom`` and ``internal`` as references, so b_m (c_p) is the
    expected difference in gain between modality m (provider type p) and
    classroom (internal) training for participants with the same pre-score,
    provider type (modality) and characteristics.

    Parameters
    ----------
    ds, period, window
        As in :func:`analysis.outcomes.reaction.satisfaction`.
    covariates
        Also adjust for PPPK vs PNS, gender, age, position type and education
        (default True).
    vcov
        ``"programme_random_intercept"`` (default): the same model with a random
        intercept per programme (REML, :func:`analysis.stats.models.mixed`), t
        intervals with G - k_b - 1 degrees of freedom (G programmes, k_b the
        programme-level indicators: format and provider type); ``"hc1"``:
        heteroskedasticity-robust standard errors, enrollments independent;
        ``"program"``: clustered by programme (CRV1, G-1 degrees of freedom);
        or any ``vcov`` accepted by :func:`analysis.stats.models.fit`.

    Returns
    -------
    DataFrame
        One row per non-reference level: ``factor`` (``modality`` or
        ``provider_type``), ``level``, ``reference``, ``estimate`` (points of
        gain vs the reference), ``std_error``, ``ci_low``, ``ci_high`` (95%),
        ``p_value``, ``n_level`` (enrollments of that level in the model),
        ``nobs``, ``inference`` (how the interval was obtained) and ``n_clusters``
        (programmes in the model), plus one row ``factor="pre_score"`` for the
        pre-score slope.

    Notes
    -----
    Estimand: adjusted mean differences, not causal effects unless assignment
    to formats is as good as random given the covariates (it is not, in
    general: staff choose or are sent). Enrollments missing a covariate are
    dropped (complete-case).

    Why a programme random intercept: format and provider type are programme
    attributes, so participants of one programme share its quality (a trainer, a
    curriculum) and the programme, not the enrollment, is the unit a format
    comparison rests on. HC1 ignores that and is far too narrow once programmes
    differ beyond their format and provider. Clustering by programme (CRV1) is
    biased downward with the two or three programmes a city runs of some formats
    (coaching, mentoring), because each format coefficient is identified by its own
    few clusters (Cameron & Miller 2015; MacKinnon & Webb 2017); CR2 with
    Bell-McCaffrey degrees of freedom fixes the bias but gives a format with two
    programmes about one degree of freedom, an interval too wide to say anything.
    The random intercept pools the between-programme variance over all programmes
    (its assumption: one programme variance for all formats, normal programme
    effects), so a format with few programmes gets an honest, not useless,
    interval; its t with G - k_b - 1 degrees of freedom (the residual degrees of
    freedom of the programme-level comparison) guards against the normal
    approximation with few programmes. When the mixed model cannot be fitted (one
    programme, or no convergence) the function falls back to HC1 and says so in
    ``inference``.
    """
    data, formula = gain_model_data(ds, period, window, covariates)
    if vcov == "programme_random_intercept":
        out, nobs, inference = _random_intercept_rows(data, formula)
    else:
        spec = {"cluster": "program_id"} if vcov == "program" else vcov
        result = fit(data, formula, vcov=spec)
        out, nobs = _effect_rows(result.tidy().set_index("term"), data), int(result.nobs)
        inference = "crv1_t(G-1)" if vcov == "program" else str(vcov)
    out["nobs"] = nobs
    out["inference"] = inference
    out["n_clusters"] = int(data["program_id"].nunique())
    return out


def _random_intercept_rows(data: pd.DataFrame, formula: str) -> tuple[pd.DataFrame, int, str]:
    """:func:`adjusted_effects` rows from the ANCOVA with a programme random intercept,
    t intervals on G - k_b - 1 degrees of freedom; HC1 when the mixed model fails."""
    programmes = int(data["program_id"].nunique())
    between = [t for t in formula.split("~", 1)[1].replace(" ", "").split("+")
               if t.startswith(("modality__", "provider__"))]
    df = programmes - len(between) - 1
    if df >= 1:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                result = mixed(data, formula, groups="program_id")
            ok = result.converged and bool(np.isfinite(result.std_error).all())
        except (ValueError, np.linalg.LinAlgError):
            ok = False
        if ok:
            tidy = result.tidy().set_index("term")
            q = sps.t.ppf(0.975, df)
            tstat = tidy["estimate"] / tidy["std_error"]
            tidy["ci_low"] = tidy["estimate"] - q * tidy["std_error"]
            tidy["ci_high"] = tidy["estimate"] + q * tidy["std_error"]
            tidy["p_value"] = 2 * sps.t.sf(np.abs(tstat), df)
            return _effect_rows(tidy, data), int(result.nobs), f"programme_random_intercept_t({df})"
    result = fit(data, formula, vcov="hc1")
    return _effect_rows(result.tidy().set_index("term"), data), int(result.nobs), "hc1"


def adjusted_effects_or_reason(
    ds: Dataset, period: str | pd.Period, window: int = 4, lang: Lang = "id",
) -> tuple[pd.DataFrame, str]:
    """:func:`adjusted_effects`, or an empty frame and the reason (in ``lang``) when it cannot be estimated.

    Returns
    -------
    (DataFrame, str)
        The frame of :func:`adjusted_effects` (empty, with its columns, on failure)
        and ``""`` or a sentence saying why the model could not be estimated.
    """
    try:
        return adjusted_effects(ds, period, window=window), ""
    except ValueError as err:
        empty = pd.DataFrame(columns=list(ADJUSTED_COLUMNS))
        return empty, pick(lang, MODEL_NOT_ESTIMATED).format(error=err)
