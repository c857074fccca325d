"""Training outcomes: Kirkpatrick levels 1-3, relevance, partnerships and cost-effectiveness.

Kirkpatrick's four levels (Kirkpatrick & Kirkpatrick 2006) ask of a programme:
did participants like it (**L1 reaction**: ``satisfaction`` 1..5), did they learn
(**L2 learning**: pre/post test gain), do they use it at work (**L3 behaviour**:
the supervisor's ``behavior_score`` 1..5 three months later), and did results
change (**L4**: unit service metrics, in :mod:`analysis.linkage`). This module
covers L1-L3 and two questions of the city: is training **relevant** (aimed at
the employee's sector, and at a competency domain where the employee falls
short of the job's standard) and which **formats and partners** give most
learning per JP and per rupiah.

Window
------
Every function looks at enrollments ending in the ``window`` quarters up to and
including ``period`` (default 4: a rolling year), because one quarter of one
programme is usually too few people to say anything. ``window=1`` gives the
quarter alone; :func:`trend` gives each quarter separately.

Definitions (DESIGN.md, exactly; see :mod:`analysis.data.definitions`):
learning gain = post_score - pre_score for completed enrollments with both
scores; normalised gain (Hake 1998) = (post - pre) / (max_score - pre) where
pre < max_score; cost of an enrollment = its cost, else the programme's
cost_per_participant when attended, else 0; credited JP only when completed.

References
----------
Kirkpatrick, D. L. & Kirkpatrick, J. D. (2006). *Evaluating Training Programs*, 3rd ed.
Hake, R. R. (1998). Interactive-engagement versus traditional methods. *Am. J. Phys.* 66, 64-74.
Spiegelhalter, D. J. (2005). Funnel plots for comparing institutional performance.
*Statistics in Medicine* 24, 1185-1202.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy import stats as sps

from analysis.data.dataset import Dataset
from analysis.data.definitions import enrollment_facts
from analysis.data.periods import format_period, period_range, quarter_end, shift_period
from analysis.data.staff import as_column_list as _by_list
from analysis.data.staff import attach_staff_columns as _attach
from analysis.data.staff import staff_attributes
from analysis.stats.design import independent_terms as _independent_terms
from analysis.stats.intervals import mean_ci as _mean_ci
from analysis.stats.intervals import ratio_ci
from analysis.stats.intervals import wilson_interval as _wilson
from analysis.text import fmt
from analysis.text.trends import year_on_year_paragraph

#: Reference levels of the adjusted (ANCOVA) comparisons.
REFERENCE_MODALITY = "classroom"
REFERENCE_PROVIDER = "internal"
#: Groups smaller than this are reported but flagged ``enough_data = False``.
MIN_N = 30
#: Employee covariates of the ANCOVA (columns built by :func:`outcome_facts`).
EMPLOYEE_COVARIATES: tuple[str, ...] = ("pppk", "female", "age_decades", "position_type", "education_group")

SUMMARY_COLUMNS = ("n", "mean", "std", "ci_low", "ci_high", "enough_data")


# --------------------------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------------------------


def _window(period: str | pd.Period, window: int) -> list[str]:
    if window < 1:
        raise ValueError(f"window must be >= 1 quarter; got {window}")
    period = format_period(period)
    return period_range(shift_period(period, -(window - 1)), period)


def outcome_facts(ds: Dataset, period: str | pd.Period, window: int = 4) -> pd.DataFrame:
    """Enrollments ending in the window, with employee attributes for grouping and adjustment.

    Returns
    -------
    DataFrame
        :func:`analysis.data.definitions.enrollment_facts` restricted to enrollments
        ending in quarters ``period - window + 1 .. period``, plus the employee's
        ``age``, ``age_band``, ``grade_group``, ``education_group`` (ages in the
        period's year) and the numeric covariates ``pppk``, ``female``,
        ``age_decades``, and ``improved`` (post > pre; NaN where no gain).
    """
    quarters = _window(period, window)
    facts = enrollment_facts(ds)
    facts = facts.loc[facts["period"].isin(quarters)].reset_index(drop=True)
    people = staff_attributes(ds, format_period(period), active_only=False)
    facts = _attach(facts, people, ["age", "age_band", "grade_group", "education_group"])
    facts["pppk"] = facts["employment_type"].eq("pppk").astype(float).where(facts["employment_type"].notna())
    facts["female"] = facts["gender"].eq("F").astype(float).where(facts["gender"].notna())
    facts["age_decades"] = facts["age"] / 10.0
    facts["improved"] = (facts["gain"] > 0).astype(float).where(facts["gain"].notna())
    return facts




def _groups(frame: pd.DataFrame, by: list[str]):
    if not by:
        yield (), frame
        return
    for key, g in frame.groupby(by, dropna=False, sort=True, observed=True):
        yield (key if isinstance(key, tuple) else (key,)), g


def _summaries(frame: pd.DataFrame, by: list[str], column: str) -> pd.DataFrame:
    rows = []
    for key, g in _groups(frame, by):
        stats = _mean_ci(g[column])
        rows.append({**dict(zip(by, key, strict=True)), **stats, "enough_data": stats["n"] >= MIN_N})
    out = pd.DataFrame(rows, columns=[*by, *SUMMARY_COLUMNS])
    out["n"] = out["n"].astype(int)
    return out


# --------------------------------------------------------------------------------------------
# L1 reaction
# --------------------------------------------------------------------------------------------


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
        Column(s) of :func:`outcome_facts`: ``program_id``, ``modality``,
        ``provider_type``, ``domain``, ``agency_id``, ...; ``None``: one row.
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
    cols = _by_list(by)
    facts = outcome_facts(ds, period, window)
    data = facts.loc[facts["attended"] & facts["satisfaction"].notna()].copy()
    out = _summaries(data, cols, "satisfaction")
    data["satisfied"] = data["satisfaction"] >= 4
    shares = [
        {**dict(zip(cols, key, strict=True)), "k": int(g["satisfied"].sum()), "m": len(g)}
        for key, g in _groups(data, cols)
    ]
    shares = pd.DataFrame(shares, columns=[*cols, "k", "m"])
    out["share_satisfied"] = (shares["k"] / shares["m"].where(shares["m"] > 0)).to_numpy()
    low, high = _wilson(shares["k"], shares["m"])
    out["share_satisfied_ci_low"], out["share_satisfied_ci_high"] = low, high
    return out


#: Outcomes :func:`compare` knows: column and the enrollments it uses.
COMPARABLE = {
    "satisfaction": "attended enrollments with a satisfaction score",
    "gain": "completed enrollments with both scores",
    "behavior_score": "completed enrollments with a supervisor's rating",
}


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
        A column of :func:`outcome_facts` (``modality``, ``provider_type``, ...).
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
    from analysis.stats.comparisons import adjust_pvalues, compare_groups

    if outcome not in COMPARABLE:
        raise ValueError(f"outcome must be one of {', '.join(COMPARABLE)}; got {outcome!r}")
    facts = outcome_facts(ds, period, window)
    if outcome == "satisfaction":
        data = facts.loc[facts["attended"]]
    else:
        data = facts.loc[facts["status"].eq("completed")]
    data = data[[outcome, by]].dropna()
    data = data.assign(**{by: data[by].astype(str)})
    counts = data[by].value_counts()
    if reference is None:
        default = {"modality": REFERENCE_MODALITY, "provider_type": REFERENCE_PROVIDER}.get(by)
        reference = default if default in counts.index else (counts.index[0] if len(counts) else None)
    columns = ["group", "reference", "n", "n_reference", "estimate", "std_error", "ci_low", "ci_high",
               "statistic", "df", "p_value", "effect_size", "p_adjusted", "enough_data"]
    if reference is None or counts.get(reference, 0) < 2:
        return pd.DataFrame(columns=columns)
    keep = counts.index[counts >= 2]
    out = compare_groups(data.loc[data[by].isin(keep)], outcome, by, reference=reference)
    if out.empty:
        return pd.DataFrame(columns=columns)
    p = out["p_value"].to_numpy(float)
    adjusted = np.full(p.shape, np.nan)
    ok = ~np.isnan(p)
    if ok.any():
        adjusted[ok] = np.asarray(adjust_pvalues(p[ok], method=adjust), dtype=float)
    out["p_adjusted"] = adjusted
    out["enough_data"] = (out["n"] >= MIN_N) & (out["n_reference"] >= MIN_N)
    return out[columns]


# --------------------------------------------------------------------------------------------
# L2 learning
# --------------------------------------------------------------------------------------------

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
        As in :func:`satisfaction`.
    by
        Column(s) of :func:`outcome_facts` (``program_id``, ``modality``,
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
    from analysis.stats.comparisons import paired_change

    cols = _by_list(by)
    facts = outcome_facts(ds, period, window)
    data = facts.loc[facts["gain"].notna()]
    rows = []
    for key, g in _groups(data, cols):
        base = {**dict(zip(cols, key, strict=True))}
        if len(g) >= 2:
            pc = paired_change(g["pre_score"].to_numpy(float), g["post_score"].to_numpy(float)).iloc[0]
            base.update({c: pc[c] for c in ("n", "mean_pre", "mean_post", "estimate", "std_error",
                                              "ci_low", "ci_high", "p_value", "effect_size")})
        else:
            base.update({"n": len(g), "mean_pre": g["pre_score"].mean(), "mean_post": g["post_score"].mean(),
                         "estimate": g["gain"].mean()})
        base["normalised_gain"] = g["normalised_gain"].mean()
        base["k_improved"] = int(g["improved"].sum())
        rows.append(base)
    out = pd.DataFrame(rows, columns=[*cols, *LEARNING_COLUMNS[:10], "k_improved"])
    n = out["n"].astype(float)
    out["n"] = out["n"].astype(int)
    out["share_improved"] = out["k_improved"] / n.where(n > 0)
    out["share_improved_ci_low"], out["share_improved_ci_high"] = _wilson(out["k_improved"], n)
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
    terms = _independent_terms(data, terms)
    return data, "gain ~ " + " + ".join(terms)


def adjusted_effects(
    ds: Dataset,
    period: str | pd.Period,
    window: int = 4,
    covariates: bool = True,
    vcov: str | dict = "hc1",
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
        As in :func:`satisfaction`.
    covariates
        Also adjust for PPPK vs PNS, gender, age, position type and education
        (default True).
    vcov
        ``"hc1"`` (default): heteroskedasticity-robust standard errors;
        ``"program"``: clustered by programme (CRV1, G-1 degrees of freedom);
        or any ``vcov`` accepted by :func:`analysis.stats.models.fit`.

    Returns
    -------
    DataFrame
        One row per non-reference level: ``factor`` (``modality`` or
        ``provider_type``), ``level``, ``reference``, ``estimate`` (points of
        gain vs the reference), ``std_error``, ``ci_low``, ``ci_high`` (95%),
        ``p_value``, ``n_level`` (enrollments of that level in the model),
        ``nobs``, plus one row ``factor="pre_score"`` for the pre-score slope.

    Notes
    -----
    Estimand: adjusted mean differences, not causal effects unless assignment
    to formats is as good as random given the covariates (it is not, in
    general: staff choose or are sent). Enrollments missing a covariate are
    dropped (complete-case).

    Why HC1 and not programme clusters by default: modality and provider type
    are programme attributes, and a city runs only a handful of programmes of
    some formats (two or three coaching programmes). Cluster-robust standard
    errors with so few clusters behind a coefficient are biased downward
    (Cameron & Miller 2015; MacKinnon & Webb 2017), and on the synthetic sample
    they miss the planted effects while HC1 covers them. HC1 assumes no
    programme-level shock beyond format and provider; the funnel plot
    (:func:`funnel`) shows whether programmes scatter more than that allows.

    References
    ----------
    Cameron, A. C. & Miller, D. L. (2015). A practitioner's guide to
    cluster-robust inference. *J. Human Resources* 50, 317-372.
    MacKinnon, J. G. & Webb, M. D. (2017). Wild bootstrap inference for wildly
    different cluster sizes. *J. Applied Econometrics* 32, 233-254.
    """
    from analysis.stats.models import fit

    data, formula = gain_model_data(ds, period, window, covariates)
    spec = {"cluster": "program_id"} if vcov == "program" else vcov
    result = fit(data, formula, vcov=spec)
    tidy = result.tidy().set_index("term")
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
    out = pd.DataFrame(rows)
    out["nobs"] = int(result.nobs)
    return out


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
        As in :func:`satisfaction`.
    min_n
        Programmes with fewer scored completions are left out.
    adjusted
        ``False`` (default): raw gains. ``True``: each participant's gain minus
        what format, provider type and pre-score predict (the ANCOVA of
        :func:`adjusted_effects` without employee covariates, iid OLS), plus the
        city mean: a programme then stands out only for doing better or worse
        than programmes of its kind.

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
    cols = ["program_id", "title", "modality", "provider_type", "n", "mean_gain", "target", "sigma",
            "lower_95", "upper_95", "lower_998", "upper_998", "signal"]
    if adjusted:
        from analysis.stats.models import fit

        try:
            data, formula = gain_model_data(ds, period, window, covariates=False)
        except ValueError:
            return pd.DataFrame(columns=cols)
        coef = fit(data, formula).coef
        fitted = pd.Series(coef.get("Intercept", 0.0), index=data.index, dtype=float)
        for term, value in coef.items():
            if term != "Intercept":
                fitted += value * data[term].astype(float)
        data = data.assign(gain=data["gain"] - fitted + data["gain"].mean())
    else:
        facts = outcome_facts(ds, period, window)
        data = facts.loc[facts["gain"].notna()]
    grouped = data.groupby("program_id")["gain"]
    per = pd.DataFrame({"n": grouped.size(), "mean_gain": grouped.mean(), "ss": grouped.apply(
        lambda s: float(((s - s.mean()) ** 2).sum()))}).reset_index()
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
    per["signal"] = np.select(
        [per["mean_gain"] > per["upper_998"], per["mean_gain"] > per["upper_95"],
         per["mean_gain"] < per["lower_998"], per["mean_gain"] < per["lower_95"]],
        ["above_998", "above_95", "below_998", "below_95"],
        default="within",
    )
    per = per.merge(ds.programs[["program_id", "title", "modality", "provider_type"]], on="program_id", how="left")
    per["n"] = per["n"].astype(int)
    return per[cols].sort_values("n", ascending=False, kind="stable").reset_index(drop=True)


def funnel_limits(target: float, sigma: float, n: Sequence[float] | np.ndarray) -> pd.DataFrame:
    """Control limits target +/- z sigma / sqrt(n) for z of 95% and 99.8% (two-sided).

    Returns a frame ``n, lower_95, upper_95, lower_998, upper_998``.
    """
    n = np.asarray(n, dtype=float)
    se = sigma / np.sqrt(n)
    z95, z998 = sps.norm.ppf(0.975), sps.norm.ppf(0.999)
    return pd.DataFrame({"n": n, "lower_95": target - z95 * se, "upper_95": target + z95 * se,
                         "lower_998": target - z998 * se, "upper_998": target + z998 * se})


# --------------------------------------------------------------------------------------------
# L3 behaviour
# --------------------------------------------------------------------------------------------


def behaviour(
    ds: Dataset,
    period: str | pd.Period,
    by: str | Sequence[str] | None = "modality",
    window: int = 4,
) -> pd.DataFrame:
    """Kirkpatrick L3: supervisors' on-the-job ratings (1..5) by group, with n and a 95% CI.

    Returns
    -------
    DataFrame
        ``<by>``, ``n`` (completed enrollments with a rating), ``mean``, ``std``,
        ``ci_low``, ``ci_high`` (t interval), ``enough_data`` (n >= 30).

    Notes
    -----
    Ratings come three months after the programme, so the latest quarter's
    enrollments usually have none yet; the default four-quarter window helps.
    Completed enrollments only.
    """
    cols = _by_list(by)
    facts = outcome_facts(ds, period, window)
    data = facts.loc[facts["status"].eq("completed") & facts["behavior_score"].notna()]
    return _summaries(data, cols, "behavior_score")


def behaviour_vs_gain(ds: Dataset, period: str | pd.Period, window: int = 4) -> pd.DataFrame:
    """Does more learning (L2) go with more use at work (L3)?

    Returns
    -------
    DataFrame
        One row: ``n``, ``correlation`` (Pearson r of behavior_score and gain)
        with ``correlation_ci_low/_high`` (Fisher z, 95%), and ``slope_per_10``
        (change in the rating per 10 points of gain, adjusted for the
        pre-score, :func:`analysis.stats.models.fit` with SEs clustered by programme)
        with ``slope_ci_low``, ``slope_ci_high``, ``slope_p_value``.

    Notes
    -----
    An association across participants: people who learn more may also be
    those whose supervisors rate them higher anyway. NaN when fewer than 10
    enrollments have both a gain and a rating.
    """
    from analysis.stats.models import fit

    facts = outcome_facts(ds, period, window)
    data = facts.loc[facts["gain"].notna() & facts["behavior_score"].notna(),
                     ["behavior_score", "gain", "pre_score", "program_id"]].reset_index(drop=True)
    n = len(data)
    out = {"n": n, "correlation": np.nan, "correlation_ci_low": np.nan, "correlation_ci_high": np.nan,
           "slope_per_10": np.nan, "slope_ci_low": np.nan, "slope_ci_high": np.nan, "slope_p_value": np.nan}
    if n < 10 or data["gain"].nunique() < 2 or data["behavior_score"].nunique() < 2:
        return pd.DataFrame([out])
    r = float(np.corrcoef(data["gain"], data["behavior_score"])[0, 1])
    z, half = np.arctanh(r), sps.norm.ppf(0.975) / np.sqrt(n - 3)
    out.update(correlation=r, correlation_ci_low=float(np.tanh(z - half)),
               correlation_ci_high=float(np.tanh(z + half)))
    data["gain_10"] = data["gain"] / 10.0
    vcov = {"cluster": "program_id"} if data["program_id"].nunique() >= 10 else "hc1"
    row = fit(data, "behavior_score ~ gain_10 + pre_score", vcov=vcov).tidy().set_index("term").loc["gain_10"]
    out.update(slope_per_10=row["estimate"], slope_ci_low=row["ci_low"], slope_ci_high=row["ci_high"],
               slope_p_value=row["p_value"])
    return pd.DataFrame([out])


# --------------------------------------------------------------------------------------------
# relevance
# --------------------------------------------------------------------------------------------


def _gap_at(ds: Dataset, enr: pd.DataFrame) -> pd.Series:
    """For each enrollment: 1.0 if the employee's latest assessment in the programme's
    domain on or before the end of the enrollment's quarter shows a gap
    (required_level > score), 0.0 if it shows none, NaN if there is no such assessment."""
    a = ds.assessments
    result = pd.Series(np.nan, index=enr.index)
    if a.empty or enr.empty:
        return result
    left = pd.DataFrame({
        "row": enr.index,
        "employee_id": enr["employee_id"].astype(str).to_numpy(),
        "domain": enr["domain"].astype(str).to_numpy(),
        "when": enr["period"].map({p: quarter_end(p) for p in enr["period"].dropna().unique()})
        .astype("datetime64[ns]").to_numpy(),
    }).sort_values("when")
    right = pd.DataFrame({
        "employee_id": a["employee_id"].astype(str).to_numpy(),
        "domain": a["domain"].astype(str).to_numpy(),
        "when": a["assessed_on"].astype("datetime64[ns]").to_numpy(),
        "gap": (a["required_level"].astype(float) - a["score"].astype(float)).clip(lower=0).to_numpy(),
    }).dropna(subset=["when"]).sort_values("when")
    merged = pd.merge_asof(left, right, on="when", by=["employee_id", "domain"], direction="backward")
    result.loc[merged["row"].to_numpy()] = (merged["gap"] > 0).astype(float).where(merged["gap"].notna()).to_numpy()
    return result


def relevance(
    ds: Dataset,
    period: str | pd.Period,
    by: str | Sequence[str] | None = "agency_id",
    window: int = 4,
) -> pd.DataFrame:
    """Is training aimed at the employee's sector and at their competency gaps?

    Parameters
    ----------
    ds, period, window
        As in :func:`satisfaction`.
    by
        Column(s) of :func:`outcome_facts` (default ``agency_id``); ``None``: one row.

    Returns
    -------
    DataFrame
        One row per group: ``<by>``, ``enrollments`` (completed, with credited
        JP), ``jp_total``, ``share_jp_target_sector`` (JP of programmes whose
        target_sector is the employee's unit's sector / all JP),
        ``share_jp_general`` (programmes with no target sector),
        ``share_jp_other_sector`` (programmes aimed at another sector),
        ``jp_assessed`` (JP of enrollments whose employee has an assessment in
        the programme's domain on or before the end of the enrollment's quarter),
        ``share_jp_assessed`` (= jp_assessed / jp_total), ``share_jp_to_gap``
        (of the assessed JP, the share in a domain where that latest assessment
        shows a gap, required_level > score: "training to the gap"), with
        ``share_jp_to_gap_ci_low/_high``, and ``enrollments_assessed``.

    Notes
    -----
    Shares are of credited JP (completed enrollments), so long programmes
    weigh more. The CI of ``share_jp_to_gap`` is a ratio-of-sums delta-method
    interval over enrollments (:func:`analysis.budget.ratio_ci`). JP of staff
    never assessed in the domain are left out of the to-the-gap share (and
    counted in ``share_jp_assessed``) rather than assumed gap-free.
    """
    cols = _by_list(by)
    facts = outcome_facts(ds, period, window)
    data = facts.loc[facts["credited_jp"] > 0].copy()
    data["gap"] = _gap_at(ds, data)
    target = data["target_sector"]
    data["jp_target"] = data["credited_jp"].where(target.notna() & target.eq(data["sector"]).fillna(False), 0.0)
    data["jp_general"] = data["credited_jp"].where(target.isna(), 0.0)
    data["jp_assessed"] = data["credited_jp"].where(data["gap"].notna(), 0.0)
    data["jp_gap"] = data["credited_jp"].where(data["gap"].eq(1.0), 0.0)
    rows = []
    for key, g in _groups(data, cols):
        total = float(g["credited_jp"].sum())
        assessed = g.loc[g["gap"].notna()]
        ci = ratio_ci(assessed["jp_gap"], assessed["credited_jp"]) if len(assessed) else {}
        rows.append({
            **dict(zip(cols, key, strict=True)),
            "enrollments": len(g),
            "jp_total": total,
            "share_jp_target_sector": g["jp_target"].sum() / total if total else np.nan,
            "share_jp_general": g["jp_general"].sum() / total if total else np.nan,
            "share_jp_other_sector": (total - g["jp_target"].sum() - g["jp_general"].sum()) / total
            if total else np.nan,
            "jp_assessed": float(g["jp_assessed"].sum()),
            "share_jp_assessed": g["jp_assessed"].sum() / total if total else np.nan,
            "share_jp_to_gap": ci.get("estimate", np.nan),
            "share_jp_to_gap_ci_low": max(0.0, ci.get("ci_low", np.nan)) if ci else np.nan,
            "share_jp_to_gap_ci_high": min(1.0, ci.get("ci_high", np.nan)) if ci else np.nan,
            "enrollments_assessed": len(assessed),
        })
    columns = [*cols, "enrollments", "jp_total", "share_jp_target_sector", "share_jp_general",
               "share_jp_other_sector", "jp_assessed", "share_jp_assessed", "share_jp_to_gap",
               "share_jp_to_gap_ci_low", "share_jp_to_gap_ci_high", "enrollments_assessed"]
    return pd.DataFrame(rows, columns=columns)


# --------------------------------------------------------------------------------------------
# partnerships and cost-effectiveness
# --------------------------------------------------------------------------------------------


def _ratio(numerator: pd.Series, denominator: pd.Series, method: str) -> dict[str, float]:
    if len(numerator) == 0:
        return {"estimate": np.nan, "std_error": np.nan, "ci_low": np.nan, "ci_high": np.nan, "n": 0}
    return ratio_ci(numerator.to_numpy(float), denominator.to_numpy(float), method=method)


def partnerships(
    ds: Dataset, period: str | pd.Period, window: int = 4, by: str | Sequence[str] = "provider_type",
    method: str = "delta",
) -> pd.DataFrame:
    """In-house vs university vs professional organisation vs government institute vs private.

    Returns
    -------
    DataFrame
        One row per provider type (or ``by`` group): ``<by>``, ``programmes``,
        ``enrollments`` (decided), ``completion_rate`` with Wilson CI,
        ``satisfaction`` (mean) with t CI and ``n_satisfaction``, ``n_gain``,
        ``mean_gain`` with paired-t CI, ``gain_per_jp`` (total gain / total
        programme JP over scored completions) with CI, ``gain_per_million_idr``
        (total gain / total cost in millions of rupiah over scored completions)
        with CI, ``cost_per_jp`` (every enrollment's cost / all credited JP)
        with CI, ``enough_data`` (n_gain >= 30).

    Notes
    -----
    Ratios are ratios of sums with ``method`` ``"delta"`` (linearisation,
    default) or ``"bootstrap"`` intervals from :func:`analysis.budget.ratio_ci`,
    enrollments as independent draws. Gain per JP and per rupiah use scored
    completions only (the cost of drop-outs is in ``cost_per_jp``).
    Unadjusted: compare with :func:`adjusted_effects` for like-with-like.
    """
    cols = _by_list(by)
    facts = outcome_facts(ds, period, window)
    decided = facts.loc[facts["decided"]]
    rows = []
    for key, g in _groups(decided, cols):
        completed = int(g["status"].eq("completed").sum())
        sat = _mean_ci(g.loc[g["attended"], "satisfaction"])
        scored = g.loc[g["gain"].notna()]
        gain = _mean_ci(scored["gain"])
        per_jp = _ratio(scored["gain"], scored["credited_jp"], method)
        per_m = _ratio(scored["gain"], scored["cost_idr"] / 1e6, method)
        cpj = _ratio(g["cost_idr"], g["credited_jp"], method)
        rows.append({
            **dict(zip(cols, key, strict=True)),
            "programmes": int(g["program_id"].nunique()),
            "enrollments": len(g),
            "k_completed": completed,
            "satisfaction": sat["mean"], "satisfaction_ci_low": sat["ci_low"],
            "satisfaction_ci_high": sat["ci_high"], "n_satisfaction": sat["n"],
            "n_gain": gain["n"], "mean_gain": gain["mean"], "mean_gain_ci_low": gain["ci_low"],
            "mean_gain_ci_high": gain["ci_high"],
            "gain_per_jp": per_jp["estimate"], "gain_per_jp_ci_low": per_jp["ci_low"],
            "gain_per_jp_ci_high": per_jp["ci_high"],
            "gain_per_million_idr": per_m["estimate"], "gain_per_million_idr_ci_low": per_m["ci_low"],
            "gain_per_million_idr_ci_high": per_m["ci_high"],
            "cost_per_jp": cpj["estimate"], "cost_per_jp_ci_low": cpj["ci_low"],
            "cost_per_jp_ci_high": cpj["ci_high"],
        })
    out = pd.DataFrame(rows)
    if out.empty:
        return out
    n = out["enrollments"].astype(float)
    out.insert(len(cols) + 2, "completion_rate", out["k_completed"] / n.where(n > 0))
    low, high = _wilson(out["k_completed"], n)
    out.insert(len(cols) + 3, "completion_rate_ci_low", low)
    out.insert(len(cols) + 4, "completion_rate_ci_high", high)
    out["enough_data"] = out["n_gain"] >= MIN_N
    return out.drop(columns="k_completed")


def partner_programmes(
    ds: Dataset,
    period: str | pd.Period,
    provider_type: str = "university",
    sector: str | None = "education",
    window: int = 4,
) -> pd.DataFrame:
    """Named partner programmes, e.g. the education office's school-based-management
    training with a local university, next to the in-house programmes of the same sector.

    Selects programmes of ``provider_type`` whose ``target_sector`` is
    ``sector`` (or, for programmes without a target sector, whose participants
    in the window mostly work in ``sector``), and the ``internal`` programmes
    selected the same way for comparison.

    Returns
    -------
    DataFrame
        One row per programme: ``group`` (``partner`` or ``internal``),
        ``program_id``, ``title``, ``provider``, ``provider_type``, ``modality``,
        ``jp``, ``enrollments``, ``completion_rate``, ``satisfaction``,
        ``n_gain``, ``mean_gain`` with t CI, ``cost_per_jp``; then two summary
        rows (``program_id`` ``ALL``) per group, and ``difference`` (partner -
        internal mean gain, Welch) with its CI on the partner summary row.
    """
    facts = outcome_facts(ds, period, window)
    decided = facts.loc[facts["decided"]]
    main_sector = decided.groupby("program_id")["sector"].agg(lambda s: s.mode().iloc[0] if len(s.mode()) else pd.NA)
    progs = ds.programs.set_index("program_id")
    def pick(ptype: str) -> list[str]:
        sel = progs.loc[progs["provider_type"].eq(ptype)]
        if sector is None:
            return list(sel.index)
        aimed = sel["target_sector"].eq(sector).fillna(False)
        untargeted = sel["target_sector"].isna() & sel.index.to_series().map(main_sector).eq(sector).fillna(False)
        return list(sel.index[aimed | untargeted])
    rows = []
    summary = {}
    for group, ptype in (("partner", provider_type), ("internal", REFERENCE_PROVIDER)):
        ids = pick(ptype)
        sub = decided.loc[decided["program_id"].isin(ids)]
        for pid, g in [*sub.groupby("program_id"), ("ALL", sub)]:
            if pid == "ALL" and g.empty:
                continue
            gain = _mean_ci(g["gain"])
            jp = g["credited_jp"].sum()
            rows.append({
                "group": group, "program_id": pid,
                "title": progs.loc[pid, "title"] if pid != "ALL" else "",
                "provider": progs.loc[pid, "provider"] if pid != "ALL" else "",
                "provider_type": ptype,
                "modality": progs.loc[pid, "modality"] if pid != "ALL" else "",
                "jp": float(progs.loc[pid, "jp"]) if pid != "ALL" else np.nan,
                "enrollments": len(g),
                "completion_rate": float(g["status"].eq("completed").mean()) if len(g) else np.nan,
                "satisfaction": float(g.loc[g["attended"], "satisfaction"].mean()),
                "n_gain": gain["n"], "mean_gain": gain["mean"], "mean_gain_ci_low": gain["ci_low"],
                "mean_gain_ci_high": gain["ci_high"],
                "cost_per_jp": float(g["cost_idr"].sum() / jp) if jp > 0 else np.nan,
            })
        summary[group] = sub["gain"].dropna()
    out = pd.DataFrame(rows)
    if out.empty:
        return out
    for c in ("difference", "difference_ci_low", "difference_ci_high", "difference_p_value"):
        out[c] = np.nan
    a, b = summary.get("partner", pd.Series(dtype=float)), summary.get("internal", pd.Series(dtype=float))
    if len(a) >= 2 and len(b) >= 2:
        res = sps.ttest_ind(a, b, equal_var=False)
        ci = res.confidence_interval(0.95)
        mask = out["group"].eq("partner") & out["program_id"].eq("ALL")
        out.loc[mask, ["difference", "difference_ci_low", "difference_ci_high", "difference_p_value"]] = [
            float(a.mean() - b.mean()), float(ci.low), float(ci.high), float(res.pvalue)]
    return out


def cost_effectiveness(
    ds: Dataset,
    period: str | pd.Period,
    by: str | Sequence[str] | None = "modality",
    window: int = 4,
    method: str = "delta",
) -> pd.DataFrame:
    """Cost per JP and cost per point of learning gain by group, with CIs.

    Returns
    -------
    DataFrame
        One row per group: ``<by>``, ``enrollments`` (decided), ``cost_idr``,
        ``credited_jp``, ``cost_per_jp`` (the cost of every enrollment ending in
        the window, as :func:`analysis.budget.cost_per_jp`, / all credited JP) with
        ``cost_per_jp_ci_low/_high``; ``n_gain``,
        ``mean_gain``, ``cost_per_gain_point`` (cost / gain, summed over
        completed enrollments with both scores) with CI; ``enough_data``
        (n_gain >= 30), ``method``.

    Notes
    -----
    Both are ratios of sums (ratio of means), with confidence intervals by
    ``method``: ``"delta"`` (linearisation of the ratio estimator, default)
    or ``"bootstrap"`` (percentile, 2000 resamples of enrollments), both from
    :func:`analysis.budget.ratio_ci`, enrollments treated as independent.
    The cost per point is undefined (NaN) where the total gain is <= 0; its
    interval is unreliable when the mean gain's CI comes near zero.
    """
    cols = _by_list(by)
    facts = outcome_facts(ds, period, window)
    rows = []
    # every enrollment's cost in the window counts, as in analysis.budget.cost_per_jp
    # (one definition of cost per JP: spending / credited JP)
    for key, g in _groups(facts, cols):
        cpj = _ratio(g["cost_idr"], g["credited_jp"], method)
        scored = g.loc[g["gain"].notna()]
        cpg = _ratio(scored["cost_idr"], scored["gain"], method) if scored["gain"].sum() > 0 else {}
        rows.append({
            **dict(zip(cols, key, strict=True)),
            "enrollments": int(g["decided"].sum()), "cost_idr": float(g["cost_idr"].sum()),
            "credited_jp": float(g["credited_jp"].sum()),
            "cost_per_jp": cpj["estimate"], "cost_per_jp_ci_low": cpj["ci_low"],
            "cost_per_jp_ci_high": cpj["ci_high"],
            "n_gain": len(scored), "mean_gain": float(scored["gain"].mean()) if len(scored) else np.nan,
            "cost_per_gain_point": cpg.get("estimate", np.nan),
            "cost_per_gain_point_ci_low": cpg.get("ci_low", np.nan),
            "cost_per_gain_point_ci_high": cpg.get("ci_high", np.nan),
        })
    out = pd.DataFrame(rows)
    if not out.empty:
        out["enough_data"] = out["n_gain"] >= MIN_N
        out["method"] = method
    return out


# --------------------------------------------------------------------------------------------
# trend
# --------------------------------------------------------------------------------------------


def trend(ds: Dataset, period: str | pd.Period, quarters: int = 8) -> pd.DataFrame:
    """Headline outcome measures for each of the last ``quarters`` quarters.

    Returns
    -------
    DataFrame
        Tidy, one row per (quarter, metric): ``period``, ``metric``
        (``mean_gain``, ``normalised_gain``, ``share_improved``,
        ``satisfaction``, ``behaviour``), ``estimate``, ``ci_low``, ``ci_high``
        (t interval of a mean; Wilson for the share; NaN for
        normalised_gain), ``n``.

    Notes
    -----
    Each quarter alone (window of one quarter), by the quarter of end_date.
    Behaviour ratings arrive three months late, so the last quarter may have none.
    """
    if quarters < 1:
        raise ValueError(f"quarters must be >= 1; got {quarters}")
    period = format_period(period)
    facts = enrollment_facts(ds)
    rows = []
    for q in _window(period, quarters):
        f = facts.loc[facts["period"].eq(q)]
        scored = f.loc[f["gain"].notna()]
        g = _mean_ci(scored["gain"])
        rows.append({"period": q, "metric": "mean_gain", "estimate": g["mean"], "ci_low": g["ci_low"],
                     "ci_high": g["ci_high"], "n": g["n"]})
        rows.append({"period": q, "metric": "normalised_gain",
                     "estimate": float(scored["normalised_gain"].mean()) if len(scored) else np.nan,
                     "ci_low": np.nan, "ci_high": np.nan, "n": int(scored["normalised_gain"].notna().sum())})
        k, m = int((scored["gain"] > 0).sum()), len(scored)
        low, high = _wilson(np.array([k]), np.array([m]))
        rows.append({"period": q, "metric": "share_improved", "estimate": k / m if m else np.nan,
                     "ci_low": low[0], "ci_high": high[0], "n": m})
        s = _mean_ci(f.loc[f["attended"], "satisfaction"])
        rows.append({"period": q, "metric": "satisfaction", "estimate": s["mean"], "ci_low": s["ci_low"],
                     "ci_high": s["ci_high"], "n": s["n"]})
        b = _mean_ci(f.loc[f["status"].eq("completed"), "behavior_score"])
        rows.append({"period": q, "metric": "behaviour", "estimate": b["mean"], "ci_low": b["ci_low"],
                     "ci_high": b["ci_high"], "n": b["n"]})
    out = pd.DataFrame(rows)
    out["period"] = out["period"].astype("string")
    out["metric"] = out["metric"].astype("string")
    out["n"] = out["n"].astype(int)
    return out


# --------------------------------------------------------------------------------------
# Tables for the report and the narrative (lang "id" / "en"), from the frames above.
# Wording rule: a difference is called a difference only when its 95% CI excludes zero;
# groups under MIN_N are "data belum cukup" / "not enough data".
# --------------------------------------------------------------------------------------

def stack_by(frames: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Stack per-factor frames into one table: the factor column renamed ``group``, plus ``by``.

    Parameters
    ----------
    frames
        ``{"modality": frame_by_modality, "provider_type": frame_by_provider}``;
        each frame has a column named as its key.

    Returns
    -------
    DataFrame
        The rows of every frame in order, the key column renamed ``group`` (same
        position) and a last column ``by`` naming the factor. Inputs are not changed.
    """
    parts = []
    for factor, frame in frames.items():
        if factor not in frame.columns:
            raise ValueError(f"frame for {factor!r} has no column {factor!r}")
        parts.append(frame.rename(columns={factor: "group"}).assign(by=factor))
    return pd.concat(parts)


def programme_outcomes(ds: Dataset, period: str | pd.Period, window: int = 4) -> pd.DataFrame:
    """Learning change and satisfaction side by side, one row per programme.

    Returns
    -------
    DataFrame
        ``program_id``, ``title``, ``modality``, ``provider_type``, then the
        columns of :func:`learning_change` and ``n_satisfaction``,
        ``satisfaction``, ``satisfaction_ci_low``, ``satisfaction_ci_high`` (from
        :func:`satisfaction`). Outer join: a programme with only one of the two
        measures keeps NaN in the other.
    """
    sat = satisfaction(ds, period, by="program_id", window=window)
    out = learning_change(ds, period, by="program_id", window=window).merge(
        sat[["program_id", "n", "mean", "ci_low", "ci_high"]].rename(columns={
            "n": "n_satisfaction", "mean": "satisfaction", "ci_low": "satisfaction_ci_low",
            "ci_high": "satisfaction_ci_high"}),
        on="program_id", how="outer")
    programs = ds.programs.set_index("program_id")
    for col in ("provider_type", "modality", "title"):
        out.insert(1, col, out["program_id"].map(programs[col]))
    return out


ADJUSTED_COLUMNS = ("factor", "level", "reference", "estimate", "ci_low", "ci_high", "p_value", "n_level", "nobs")


def adjusted_effects_or_reason(
    ds: Dataset, period: str | pd.Period, window: int = 4, lang: str = "id",
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
        return empty, _t(lang, f"Model penyesuaian tidak dapat diestimasi: {err}",
                         f"The adjusted model could not be estimated: {err}")


def _t(lang: str, id_text: str, en_text: str) -> str:
    return id_text if fmt.check_lang(lang) == "id" else en_text


def _label(code: object, lang: str) -> str:
    return fmt.code_label(code, lang, in_sentence=True)


def _ci_words(lang: str) -> tuple[str, str]:
    return _t(lang, "IK 95%", "95% CI"), _t(lang, "s.d.", "to")


def _num_ci(est: float, low: float, high: float, lang: str, decimals: int = 1) -> str:
    """``3,9 (IK 95% 3,8 s.d. 4,0)``."""
    if pd.isna(est):
        return _t(lang, "tidak ada data", "no data")
    if pd.isna(low) or pd.isna(high):
        return fmt.number(est, lang, decimals)
    ci, to = _ci_words(lang)
    return f"{fmt.number(est, lang, decimals)} ({ci} {fmt.number(low, lang, decimals)} {to} {fmt.number(high, lang, decimals)})"


def _pts_ci(est: float, low: float, high: float, lang: str) -> str:
    """``+2,1 poin (IK 95% +1,3 s.d. +2,9)``."""
    ci, to = _ci_words(lang)
    return (f"{fmt.points(est, lang)} {_t(lang, 'poin', 'points')} ({ci} {fmt.points(low, lang)} {to} "
            f"{fmt.points(high, lang)})")


def _pct_ci(est: float, low: float, high: float, lang: str) -> str:
    if pd.isna(est):
        return _t(lang, "tidak ada data", "no data")
    ci, to = _ci_words(lang)
    return f"{fmt.percent(est, lang)} ({ci} {fmt.percent(low, lang)} {to} {fmt.percent(high, lang)})"


def _money_ci(est: float, low: float, high: float, lang: str) -> str:
    if pd.isna(est):
        return _t(lang, "tidak ada data", "no data")
    if pd.isna(low) or pd.isna(high):
        return fmt.money(est, lang)
    ci, to = _ci_words(lang)
    return f"{fmt.money(est, lang)} ({ci} {fmt.money(low, lang)} {to} {fmt.money(high, lang)})"


def window_label(period: str | pd.Period, window: int, lang: str) -> str:
    """``Triwulan IV 2025 s.d. Triwulan III 2026`` / ``Q4 2025 to Q3 2026`` for a window of quarters."""
    period = format_period(period)
    first = shift_period(period, -(window - 1))
    return _t(lang, f"{fmt.period_label(first, lang)} s.d. {fmt.period_label(period, lang)}",
              f"{fmt.period_label(first, lang)} to {fmt.period_label(period, lang)}")


def scope_statement(scope: str, period: str | pd.Period, window: int, lang: str) -> str:
    """The opening paragraph: what is covered, the window and the wording rules."""
    w = window_label(period, window, lang)
    return _t(
        lang,
        f"**Cakupan:** {scope}; kegiatan yang berakhir {w} (empat triwulan, agar setiap program punya cukup peserta). "
        f"Rentang (IK 95%) menunjukkan ketidakpastian; kelompok dengan kurang dari {MIN_N} peserta ditandai *data belum cukup*. "
        "Selisih disebut selisih hanya bila rentangnya tidak mencakup nol.",
        f"**Scope:** {scope}; activities ending {w} (four quarters, so each programme has enough participants). "
        f"Ranges (95% CI) show the uncertainty; groups of fewer than {MIN_N} participants are marked *not enough data*. "
        "A difference is called a difference only when its range excludes zero.",
    )


def satisfaction_sentences(overall: pd.DataFrame, comparison: pd.DataFrame, lang: str = "id") -> str:
    """Overall satisfaction and the formats that clearly differ from classroom training.

    Parameters
    ----------
    overall
        :func:`satisfaction` with ``by=None`` (one row).
    comparison
        :func:`compare` of ``satisfaction`` by ``modality``: a format is named only
        when it has enough data and its CI excludes zero.
    """
    s = overall.iloc[0]
    n = fmt.number(s["n"], lang, 0)
    mean = _num_ci(s["mean"], s["ci_low"], s["ci_high"], lang, 2)
    share = _pct_ci(s["share_satisfied"], s["share_satisfied_ci_low"], s["share_satisfied_ci_high"], lang)
    text = _t(lang, f"Rata-rata kepuasan peserta **{mean}** dari 5 (n = {n}); {share} memberi nilai 4 atau lebih.",
              f"Mean participant satisfaction **{mean}** out of 5 (n = {n}); {share} gave 4 or more.")
    clear = comparison.loc[comparison["enough_data"] & ((comparison["ci_low"] > 0) | (comparison["ci_high"] < 0))]
    if s["n"] < MIN_N:
        text += _t(lang, " Data belum cukup untuk membandingkan bentuk pelatihan.", " Not enough data to compare formats.")
    elif len(clear):
        items = "; ".join(f"{_label(r['group'], lang)} {fmt.points(r['estimate'], lang, 2)}" for _, r in clear.iterrows())
        text += _t(lang, f" Dibanding klasikal, kepuasan jelas berbeda untuk: {items} poin (uji Welch, IK 95% tidak mencakup nol).",
                   f" Compared with classroom training, satisfaction clearly differs for: {items} points (Welch, 95% CI excludes zero).")
    else:
        text += _t(lang, " Tidak ada bentuk pelatihan yang kepuasannya jelas berbeda dari klasikal.",
                   " No format differs clearly from classroom training in satisfaction.")
    return text


def learning_sentences(overall: pd.DataFrame, lang: str = "id") -> str:
    """Overall pre/post learning gain, share improved and normalised gain (:func:`learning_change`, ``by=None``)."""
    r = overall.iloc[0]
    n = fmt.number(int(r["n"]), lang, 0)
    gain = _pts_ci(r["estimate"], r["ci_low"], r["ci_high"], lang)
    share = _pct_ci(r["share_improved"], r["share_improved_ci_low"], r["share_improved_ci_high"], lang)
    norm = fmt.number(r["normalised_gain"], lang, 2)
    text = _t(
        lang,
        f"Peserta yang menyelesaikan pelatihan dengan nilai pre- dan post-test (n = {n}) naik rata-rata **{gain}**; "
        f"{share} membaik, dan rata-rata *normalised gain* {norm} (porsi ruang perbaikan yang tercapai).",
        f"Participants who completed with pre- and post-test scores (n = {n}) gained on average **{gain}**; "
        f"{share} improved, and the mean normalised gain was {norm} (share of the room for improvement achieved).",
    )
    if r["n"] < MIN_N:
        text += _t(lang, " Data belum cukup untuk membandingkan bentuk dan penyelenggara.",
                   " Not enough data to compare formats and providers.")
    return text


def adjusted_sentences(adjusted: pd.DataFrame, lang: str = "id") -> str:
    """Formats and providers whose ANCOVA-adjusted gain is clearly higher / lower than the reference.

    A level is called higher (lower) only when its CI lies above (below) zero and it
    has at least ``MIN_N`` participants; all others are listed as not clearly
    different (or not enough data). Empty ``adjusted``: ``""``.
    """
    if not len(adjusted):
        return ""
    lines = [_t(lang, "**Setelah disesuaikan** untuk nilai awal dan karakteristik pegawai (ANCOVA):",
                "**After adjusting** for the pre-score and employee characteristics (ANCOVA):")]
    for factor, ref_word in (("modality", _t(lang, "klasikal", "classroom")),
                             ("provider_type", _t(lang, "internal", "in-house"))):
        block = adjusted.loc[adjusted["factor"].eq(factor)]
        higher = block.loc[(block["ci_low"] > 0) & (block["n_level"] >= MIN_N)].sort_values("estimate", ascending=False)
        lower = block.loc[(block["ci_high"] < 0) & (block["n_level"] >= MIN_N)].sort_values("estimate")
        unclear = block.loc[~block.index.isin(higher.index) & ~block.index.isin(lower.index)]
        what = _t(lang, "bentuk", "formats") if factor == "modality" else _t(lang, "penyelenggara", "providers")

        def items(frame: pd.DataFrame) -> str:
            return "; ".join(f"{_label(r['level'], lang)} {_pts_ci(r['estimate'], r['ci_low'], r['ci_high'], lang)}"
                             for _, r in frame.iterrows()) + "."

        if len(higher):
            lines.append(_t(lang, f"- {what.capitalize()} dengan peningkatan **lebih tinggi** dari {ref_word}: ",
                            f"- {what.capitalize()} with **higher** gains than {ref_word}: ") + items(higher))
        if len(lower):
            lines.append(_t(lang, f"- {what.capitalize()} dengan peningkatan **lebih rendah** dari {ref_word}: ",
                            f"- {what.capitalize()} with **lower** gains than {ref_word}: ") + items(lower))
        if len(unclear):
            lines.append(_t(lang, f"- Belum jelas berbeda dari {ref_word} (atau data belum cukup): ",
                            f"- Not clearly different from {ref_word} (or not enough data): ")
                         + ", ".join(_label(v, lang) for v in unclear["level"]) + ".")
    lines.append(_t(lang, "\nIni perbandingan setelah penyesuaian, bukan bukti sebab-akibat: peserta tidak ditempatkan secara acak.",
                    "\nThese are adjusted comparisons, not proof of cause: participants were not assigned at random."))
    return "\n".join(lines)


def funnel_table(raw: pd.DataFrame, adjusted: pd.DataFrame) -> pd.DataFrame:
    """The two :func:`funnel` frames stacked, with ``gains`` = ``"raw"`` / ``"adjusted"``."""
    return pd.concat([raw.assign(gains="raw"), adjusted.assign(gains="adjusted")], ignore_index=True)


def funnel_sentences(raw: pd.DataFrame, adjusted: pd.DataFrame, lang: str = "id") -> str:
    """How many programmes lie outside the 99.8% funnel limits, raw and adjusted, and which.

    Under three scored programmes: the "not enough data" sentence.
    """
    if len(raw) < 3:
        return _t(lang, "Data belum cukup untuk plot corong (kurang dari tiga program dengan nilai).",
                  "Not enough data for a funnel plot (fewer than three scored programmes).")
    n_out = int(raw["signal"].isin(["above_998", "below_998"]).sum())
    mean = fmt.number(raw["target"].iloc[0], lang)
    text = _t(lang, f"{len(raw)} program dengan nilai pre/post; rata-rata keseluruhan {mean} poin. "
                    f"Dengan nilai mentah, {n_out} program di luar batas 99,8%",
              f"{len(raw)} programmes with pre/post scores; overall mean {mean} points. "
              f"On raw gains, {n_out} programmes lie outside the 99.8% limits")
    if len(adjusted) < 3:
        return text + "."
    above = adjusted.loc[adjusted["signal"].eq("above_998")].sort_values("mean_gain", ascending=False)
    below = adjusted.loc[adjusted["signal"].eq("below_998")].sort_values("mean_gain")
    text += _t(lang, f"; setelah memperhitungkan bentuk, penyelenggara dan nilai awal, tinggal {len(above) + len(below)}.",
               f"; after accounting for format, provider and pre-score, {len(above) + len(below)} remain.")
    for frame, word in ((above, _t(lang, "Lebih baik dari program sejenis", "Better than programmes of their kind")),
                        (below, _t(lang, "Lebih buruk dari program sejenis", "Worse than programmes of their kind"))):
        if len(frame):
            items = "; ".join(f"{r['title']} ({_label(r['modality'], lang)}, {_label(r['provider_type'], lang)}, n = {r['n']})"
                              for _, r in frame.head(5).iterrows())
            text += f" {word}: {items}" + (_t(lang, " dan lainnya.", " and others.") if len(frame) > 5 else ".")
    if len(above) + len(below) == 0:
        text += _t(lang, " Perbedaan antarprogram dijelaskan oleh bentuk dan penyelenggaranya.",
                   " The differences between programmes are explained by their format and provider.")
    return text


def behaviour_sentences(overall: pd.DataFrame, versus_gain: pd.DataFrame, lang: str = "id") -> str:
    """Supervisors' level-3 rating and its link with the learning gain.

    Parameters
    ----------
    overall
        :func:`behaviour` with ``by=None`` (one row); under ``MIN_N``: "not enough data".
    versus_gain
        :func:`behaviour_vs_gain` (one row): the link is called positive/negative
        only when the slope's CI excludes zero.
    """
    b, v = overall.iloc[0], versus_gain.iloc[0]
    if b["n"] < MIN_N:
        return _t(lang, "Penilaian atasan (level 3): data belum cukup.", "Supervisors' ratings (level 3): not enough data.")
    mean, n = _num_ci(b["mean"], b["ci_low"], b["ci_high"], lang, 2), fmt.number(b["n"], lang, 0)
    text = _t(lang, f"Atasan menilai penerapan hasil pelatihan rata-rata **{mean}** dari 5 (n = {n}), tiga bulan setelah pelatihan.",
              f"Supervisors rated on-the-job use at **{mean}** out of 5 on average (n = {n}), three months after the programme.")
    if v["n"] >= MIN_N and not pd.isna(v["slope_per_10"]):
        linked = v["slope_ci_low"] > 0 or v["slope_ci_high"] < 0
        if v["slope_ci_low"] > 0:
            how = _t(lang, "juga dinilai lebih baik oleh atasan", "were also rated higher by their supervisors")
        elif linked:
            how = _t(lang, "justru dinilai lebih rendah", "were rated lower")
        else:
            how = _t(lang, "tidak jelas dinilai berbeda", "were not clearly rated differently")
        ci, to = _ci_words(lang)
        corr = _num_ci(v["correlation"], v["correlation_ci_low"], v["correlation_ci_high"], lang, 2)
        slope = (f"{fmt.points(v['slope_per_10'], lang, 2)}", f"({ci} {fmt.points(v['slope_ci_low'], lang, 2)} {to} "
                 f"{fmt.points(v['slope_ci_high'], lang, 2)})")
        text += _t(
            lang,
            f" Peserta yang nilainya naik lebih banyak {how}: korelasi {corr}; setiap 10 poin peningkatan berkaitan dengan "
            f"{slope[0]} poin penilaian atasan {slope[1]}, dengan nilai awal dipertahankan sama. Ini asosiasi, bukan bukti sebab-akibat.",
            f" Participants who gained more {how}: correlation {corr}; each 10 points of gain goes with "
            f"{slope[0]} rating points {slope[1]}, holding the pre-score fixed. An association, not proof of cause.",
        )
    return text


def relevance_by_unit(ds: Dataset, period: str | pd.Period, level: str, names: pd.Series,
                      window: int = 4) -> pd.DataFrame:
    """:func:`relevance` by ``level`` (``agency_id`` or ``unit_id``) with a ``name`` column second.

    ``names`` maps the level's ids to display names; ids without a name keep the id.
    """
    rel = relevance(ds, period, by=level, window=window)
    rel.insert(1, "name", rel[level].map(names).fillna(rel[level]))
    return rel


def relevance_sentences(overall: pd.DataFrame, by_unit: pd.DataFrame, lang: str = "id") -> str:
    """Shares of JP by sector aim, the share aimed at a competency gap, and units clearly below it.

    Parameters
    ----------
    overall
        :func:`relevance` with ``by=None`` (one row).
    by_unit
        :func:`relevance_by_unit`: a unit is named as clearly below only with at
        least ``MIN_N`` assessed enrollments and its CI's upper end under the overall share.
    """
    r = overall.iloc[0]
    jp = fmt.number(r["jp_total"], lang, 0)
    own, gen, oth = (fmt.percent(r[c], lang) for c in ("share_jp_target_sector", "share_jp_general", "share_jp_other_sector"))
    text = _t(lang, f"Dari {jp} JP yang diakui, **{own}** berasal dari program yang menyasar sektor pegawai, {gen} dari program "
                    f"umum (tanpa sektor sasaran), dan {oth} dari program untuk sektor lain. ",
              f"Of {jp} credited JP, **{own}** came from programmes aimed at the employee's sector, {gen} from general "
              f"programmes (no target sector) and {oth} from programmes for another sector. ")
    if r["enrollments_assessed"] >= MIN_N:
        assessed = fmt.percent(r["share_jp_assessed"], lang)
        gap = _pct_ci(r["share_jp_to_gap"], r["share_jp_to_gap_ci_low"], r["share_jp_to_gap_ci_high"], lang)
        text += _t(lang, f"Untuk JP yang pegawainya sudah diasesmen pada jenis kompetensi itu ({assessed} dari JP), "
                         f"**{gap}** diarahkan ke kompetensi yang masih di bawah standar jabatan.",
                   f"Of the JP whose employee had been assessed in that domain ({assessed} of JP), "
                   f"**{gap}** went to a competency still below the job's standard.")
    else:
        text += _t(lang, "Pelatihan sesuai kesenjangan: data asesmen belum cukup.", "Training to the gap: not enough assessment data.")
    big = by_unit.loc[by_unit["enrollments_assessed"] >= MIN_N]
    low_gap = big.loc[big["share_jp_to_gap_ci_high"] < r["share_jp_to_gap"]].sort_values("share_jp_to_gap")
    if len(low_gap):
        text += _t(lang, " Jelas lebih rendah dari keseluruhan: ", " Clearly below the overall share: ") + ", ".join(
            f"{u['name']} ({fmt.percent(u['share_jp_to_gap'], lang)})" for _, u in low_gap.head(5).iterrows()) + "."
    return text


def partnership_sentences(part: pd.DataFrame, lang: str = "id") -> str:
    """Which provider type gave most learning per rupiah (clearly best only when its CI is above
    every other type's), one line per type with enough data, and the types without enough data."""
    if not len(part):
        return ""
    ok = part.loc[part["enough_data"]]
    lines = []
    if len(ok):
        best = ok.sort_values("gain_per_million_idr", ascending=False).iloc[0]
        rivals = ok.loc[ok.index != best.name]
        clearly_best = len(rivals) and (best["gain_per_million_idr_ci_low"] > rivals["gain_per_million_idr_ci_high"]).all()
        value = _num_ci(best["gain_per_million_idr"], best["gain_per_million_idr_ci_low"],
                        best["gain_per_million_idr_ci_high"], lang)
        who = _label(best["provider_type"], lang)
        lines.append(_t(
            lang,
            f"Per rupiah, **{who}** memberi peningkatan nilai terbanyak: {value} poin per Rp 1 juta"
            + (" — jelas di atas semua jenis lain." if clearly_best else " — namun rentangnya tumpang tindih dengan jenis lain."),
            f"Per rupiah, **{who}** gave the most learning: {value} points per IDR 1 million"
            + (" — clearly above every other type." if clearly_best else " — but its range overlaps others."),
        ))
        for _, r in ok.sort_values("mean_gain", ascending=False).iterrows():
            name = _label(r["provider_type"], lang).capitalize()
            done, sat = fmt.percent(r["completion_rate"], lang), fmt.number(r["satisfaction"], lang, 2)
            gain, per_jp, cost = (fmt.number(r["mean_gain"], lang), fmt.number(r["gain_per_jp"], lang, 2),
                                  fmt.money(r["cost_per_jp"], lang))
            lines.append(_t(lang, f"- {name}: selesai {done}, kepuasan {sat}, peningkatan {gain} poin ({per_jp} per JP), "
                                  f"biaya {cost} per JP.",
                            f"- {name}: completion {done}, satisfaction {sat}, gain {gain} points ({per_jp} per JP), "
                            f"cost {cost} per JP."))
    small = part.loc[~part["enough_data"], "provider_type"]
    if len(small):
        lines.append(_t(lang, "Data belum cukup: ", "Not enough data: ") + ", ".join(_label(v, lang) for v in small) + ".")
    return "\n".join(lines) if lines else _t(lang, "Data belum cukup untuk kemitraan.", "Not enough data on partnerships.")


def own_sector(ds: Dataset, agency: str) -> str:
    """The sector of ``agency`` (its row in ``units``); ``"education"`` for ``"all"`` or an unknown id.

    The city's example of a partnership is the education office's school-based
    management training with a local university.
    """
    if agency == "all":
        return "education"
    return str(ds.units.set_index("unit_id")["sector"].get(agency, "education"))


def partner_programme_sentences(pp: pd.DataFrame, sector: str, lang: str = "id") -> str:
    """The named university programmes for ``sector`` and their gain against in-house ones.

    Parameters
    ----------
    pp
        :func:`partner_programmes`. The difference is called higher/lower only
        when its CI excludes zero, else "not clearly different".
    """
    word = _label(sector, lang)
    none = _t(lang, f"Tidak ada program perguruan tinggi untuk sektor {word} dengan minimal 5 pendaftaran pada periode ini.",
              f"No university programme for the {word} sector with at least 5 enrollments in this window.")
    if not len(pp):
        return none
    named = pp.loc[pp["group"].eq("partner") & pp["program_id"].ne("ALL") & pp["enrollments"].ge(5)]
    if not len(named):
        return none
    summary = pp.loc[pp["group"].eq("partner") & pp["program_id"].eq("ALL")]
    named = named.assign(_mbs=named["title"].str.contains("berbasis sekolah|school-based", case=False, regex=True))
    named = named.sort_values(["_mbs", "enrollments"], ascending=False)
    lines = []
    for _, r in named.iterrows():
        who = r["provider"] if pd.notna(r["provider"]) and r["provider"] else _label(r["provider_type"], lang)
        if r["n_gain"] > 0:
            value = _num_ci(r["mean_gain"], r["mean_gain_ci_low"], r["mean_gain_ci_high"], lang)
            gain = _t(lang, f"peningkatan {value} poin (n = {r['n_gain']})", f"gain {value} points (n = {r['n_gain']})")
        else:
            gain = _t(lang, "tanpa nilai pre/post", "no pre/post scores")
        head = (f"- **{r['title']}** ({who}, {_label(r['modality'], lang)}, {fmt.number(r['jp'], lang, 0)} JP): "
                f"{fmt.number(r['enrollments'], lang, 0)} ")
        done, cost = fmt.percent(r["completion_rate"], lang), fmt.money(r["cost_per_jp"], lang)
        lines.append(head + _t(
            lang,
            f"pendaftaran, selesai {done}, {gain}, {cost} per JP"
            + (" — program manajemen berbasis sekolah Dinas Pendidikan." if r["_mbs"] else "."),
            f"enrollments, completion {done}, {gain}, {cost} per JP"
            + (" — the education office's school-based management programme." if r["_mbs"] else "."),
        ))
    if len(summary) and not pd.isna(summary["difference"].iloc[0]):
        s = summary.iloc[0]
        clear = s["difference_ci_low"] > 0 or s["difference_ci_high"] < 0
        if clear:
            verdict = _t(lang, "lebih tinggi", "higher") if s["difference"] > 0 else _t(lang, "lebih rendah", "lower")
        else:
            verdict = _t(lang, "tidak jelas berbeda", "not clearly different")
        diff = _pts_ci(s["difference"], s["difference_ci_low"], s["difference_ci_high"], lang)
        lines.append(_t(lang, f"Dibanding program internal untuk sektor {word}, peningkatan nilai program perguruan tinggi "
                              f"**{verdict}**: selisih {diff} (belum disesuaikan).",
                        f"Compared with in-house programmes for {word}, the university programmes' gain is **{verdict}**: "
                        f"difference {diff} (unadjusted)."))
    head = _t(lang, f"**Program kemitraan perguruan tinggi untuk sektor {word}**"
                    + (" (mis. manajemen berbasis sekolah):" if sector == "education" else ":"),
              f"**University partnership programmes for the {word} sector**"
              + (" (e.g. school-based management):" if sector == "education" else ":"))
    return head + "\n" + "\n".join(lines)


def cost_sentences(overall: pd.DataFrame, by_modality: pd.DataFrame, lang: str = "id") -> str:
    """Cost per JP and per point of gain overall, the cheapest and dearest format per point,
    and the formats without pre/post scores.

    The cheapest/dearest gap is called clear only when the two CIs do not overlap.
    Empty ``overall``: the "not enough data" sentence.
    """
    if not len(overall):
        return _t(lang, "Data belum cukup untuk efektivitas biaya.", "Not enough data for cost-effectiveness.")
    c = overall.iloc[0]
    per_jp = _money_ci(c["cost_per_jp"], c["cost_per_jp_ci_low"], c["cost_per_jp_ci_high"], lang)
    per_pt = _money_ci(c["cost_per_gain_point"], c["cost_per_gain_point_ci_low"], c["cost_per_gain_point_ci_high"], lang)
    text = _t(lang, f"Secara keseluruhan satu JP berbiaya **{per_jp}**, dan satu poin peningkatan nilai **{per_pt}** per peserta.",
              f"Overall one JP cost **{per_jp}**, and one point of learning gain **{per_pt}** per participant.")
    ok = by_modality.loc[by_modality["enough_data"] & by_modality["cost_per_gain_point"].notna()].sort_values("cost_per_gain_point")
    if len(ok) >= 2:
        cheap, dear = ok.iloc[0], ok.iloc[-1]
        clear = cheap["cost_per_gain_point_ci_high"] < dear["cost_per_gain_point_ci_low"]
        a, b = _label(cheap["modality"], lang), _label(dear["modality"], lang)
        ma, mb = fmt.money(cheap["cost_per_gain_point"], lang), fmt.money(dear["cost_per_gain_point"], lang)
        text += _t(lang, f" Per poin peningkatan, {a} paling murah ({ma}) dan {b} paling mahal ({mb})"
                         + (" — selisihnya jelas (rentang tidak tumpang tindih)." if clear else " — namun rentangnya tumpang tindih."),
                   f" Per point of gain, {a} was cheapest ({ma}) and {b} dearest ({mb})"
                   + (" — a clear difference (the ranges do not overlap)." if clear else " — but the ranges overlap."))
    no_scores = by_modality.loc[by_modality["n_gain"].eq(0), "modality"]
    if len(no_scores):
        text += _t(lang, " Tanpa nilai pre/post (biaya per poin tidak dapat dihitung): ",
                   " No pre/post scores (no cost per point): ") + ", ".join(_label(v, lang) for v in no_scores) + "."
    return text


def trend_metric_names(lang: str = "id") -> dict[str, str]:
    """The trend metrics shown to readers, in order, with their names in ``lang``."""
    return {
        "mean_gain": _t(lang, "Peningkatan nilai (poin)", "Learning gain (points)"),
        "share_improved": _t(lang, "Porsi yang membaik", "Share improved"),
        "satisfaction": _t(lang, "Kepuasan (1–5)", "Satisfaction (1-5)"),
        "behaviour": _t(lang, "Penerapan menurut atasan (1–5)", "On-the-job use (1-5)"),
    }


def trend_sentences(yoy: pd.DataFrame, period: str | pd.Period, lang: str = "id") -> str:
    """Each metric against the same quarter a year earlier (:func:`analysis.coverage.year_on_year`).

    The paragraph of :func:`analysis.coverage.year_on_year_statement` with the
    outcome metrics' names: "up"/"down" only when the change's CI excludes zero
    (``clear``); under ``MIN_N`` in either quarter: "not enough data".
    """
    return year_on_year_paragraph(
        yoy, format_period(period), lang, trend_metric_names(lang), MIN_N,
        shares={"share_improved"}, decimals=2,
    )
