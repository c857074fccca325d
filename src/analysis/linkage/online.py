"""The online-service roll-out: event studies around each unit's start, and the extra effect of IT training.

Units start online services in different quarters (staggered adoption); the event
studies put the plain two-way fixed-effects estimator next to Sun & Abraham's
(2021) interaction-weighted one, with the competency exposure as a time-varying
control (:func:`online_event_studies`), and compare units whose staff had IT /
public-service training before the start with the others (:func:`it_training_effect`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.data.contract import METRIC_DIRECTIONS
from analysis.linkage.exposure import (
    CLUSTER,
    CRV1_LABEL,
    TIDY_COLUMNS,
    estimate_with_interval,
    fit_panel_fe,
    term_estimates,
)
from analysis.linkage.launch import IT_TRAINED_THRESHOLD, online_cells
from analysis.linkage.panel import DEFAULT_EXPOSURE, check_columns, select_metrics
from analysis.stats import did
from analysis.stats.randomization import (
    DEFAULT_PERMUTATIONS,
    RandomizationResult,
    launch_randomization,
    launch_randomizations,
)
from analysis.stats.verdict import verdict

#: Event-study estimators: plain two-way fixed effects and Sun & Abraham.
EVENT_METHODS: tuple[str, ...] = ("twfe", "sunab")
#: Time-varying control of the event studies: the unit's competency exposure.
EVENT_COVARIATES: tuple[str, ...] = (DEFAULT_EXPOSURE,)
#: With fewer starting units than this, intervals are wide, the text says so and the
#: verdict is ``insufficient_data`` (``docs/methods.md``, "Online roll-out").
FEW_STARTING_UNITS = 10
#: With fewer starting units than this, or a start cohort under :data:`MIN_COHORT_UNITS`,
#: the ATT's CI and p-value and the pre-trend test come from randomization inference
#: over start dates (:func:`analysis.stats.randomization.launch_randomization`): Sun &
#: Abraham's CRV1 t interval then rejects far more than 5% on a null effect (21-30% with
#: 6 starting units in 4 cohorts), and so does the wild cluster bootstrap (about 25%).
BOOTSTRAP_STARTING_UNITS = 30
#: Start cohorts smaller than this call for the bootstrap (see :data:`BOOTSTRAP_STARTING_UNITS`).
MIN_COHORT_UNITS = 5
#: Level of the joint pre-start (parallel-trends) test.
PRETREND_ALPHA = 0.05
#: Metrics whose event-study coefficients are drawn, when estimated (in this order).
EVENT_STUDY_CHART_METRICS: tuple[str, ...] = ("processing_days", "ikm", "online_share")


def _event_frame(panel: pd.DataFrame, metric: str, extra: Sequence[str] = ()) -> pd.DataFrame:
    """Unit-quarters with the metric: ids, ``cohort_idx`` (NaN: never starts) and ``extra`` columns."""
    check_columns(panel, metric, "cohort_idx", *extra)
    cols = ["unit_id", "period", "period_idx", "cohort_idx", "agency_id", "sector", metric, *extra]
    frame = panel.loc[panel[metric].notna(), cols].copy()
    if "window_complete" in panel:
        # four-quarter exposure counts only where its window is observed: elsewhere it is set
        # to 0, and since window_complete depends on the quarter alone, the quarter fixed
        # effects absorb that level; the control's slope comes from complete windows only and
        # no unit-quarter (and no cohort's pre-period) is lost
        complete = panel.loc[frame.index, "window_complete"].fillna(False).to_numpy(dtype=bool)
        for c in extra:
            if c.endswith("_4q"):
                frame[c] = frame[c].where(complete, 0.0)
    frame["unit_id"] = frame["unit_id"].astype(str)
    frame["period"] = frame["period"].astype(str)
    frame["period_idx"] = frame["period_idx"].astype("int64")
    frame["cohort_idx"] = frame["cohort_idx"].astype(float)
    return frame.reset_index(drop=True)


def online_event_study(
    panel: pd.DataFrame,
    metric: str,
    method: str = "sunab",
    leads: int = 4,
    lags: int = 8,
    covariates: Sequence[str] | None = EVENT_COVARIATES,
) -> did.EventStudyResult:
    """Event study of one metric around each unit's online-service start.

    Calls :func:`analysis.stats.did.event_study` with ``unit = unit_id``, ``time =
    period_idx`` and ``cohort = cohort_idx`` (the first online quarter; NaN for units
    that never start, the comparison group), reference event time -1.

    ``method="twfe"`` is the plain two-way fixed-effects event study; ``"sunab"`` is
    Sun & Abraham's (2021) interaction-weighted estimator, which stays unbiased when
    the effect differs between start cohorts (staggered adoption). Estimand: with the
    exposure control, the average effect of the start on the treated units at each
    event time *holding their training exposure fixed* (ATT(e) net of the training
    that came with the start), not the total effect of going online; ``.att()``
    averages the post-start cells. SEs are clustered by unit. ``"twfe"`` bins event
    times beyond ``-leads`` and ``lags`` into the endpoints; ``"sunab"`` does not bin
    (every cohort x event-time cell has its own coefficient) and only reports the
    window.

    ``covariates`` (default: ``jp_per_staff_4q``) enter linearly as time-varying
    controls, so that the launch effect is separated from the training that came
    with it: units train their staff just before a start, which moves the service
    metrics through the exposure channel and would otherwise blur the
    before/after comparison around the reference quarter. ``None`` leaves them out.

    References
    ----------
    Sun, L., & Abraham, S. (2021). Estimating dynamic treatment effects in event
    studies with heterogeneous treatment effects. Journal of Econometrics 225(2).
    """
    if method not in EVENT_METHODS:
        raise ValueError(f"method must be one of {', '.join(EVENT_METHODS)}; got {method!r}")
    covariates = list(covariates or [])
    frame = _event_frame(panel, metric, extra=covariates)
    n_treated = frame.loc[frame["cohort_idx"].notna(), "unit_id"].nunique()
    if n_treated == 0:
        raise ValueError(f"{metric}: no unit with an online_service_start has data")
    return did.event_study(
        frame,
        outcome=metric,
        unit="unit_id",
        time="period_idx",
        cohort="cohort_idx",
        leads=leads,
        lags=lags,
        method=method,
        covariates=covariates or None,
        vcov=CLUSTER,
    )


@dataclass(frozen=True)
class OnlineResults:
    """Event studies of the online roll-out for several metrics and both estimators.

    ``event_times``: metric, method, event_time, estimate, std_error, ci_low, ci_high,
    p_value, n_obs. ``att``: metric, method, estimate, std_error, ci_low, ci_high,
    p_value, n_treated_units, n_obs (treated unit-quarters after the start, which the
    average runs over), n_obs_model (all unit-quarters in the regression),
    pretrend_statistic, pretrend_p_value, inference, n_clusters, smallest_cohort, verdict, note.
    ``fits``: {(metric, method): EventStudyResult}.
    """

    event_times: pd.DataFrame
    att: pd.DataFrame
    fits: dict[tuple[str, str], did.EventStudyResult]


def _needs_randomization(res: did.EventStudyResult) -> bool:
    """Fewer than :data:`BOOTSTRAP_STARTING_UNITS` starting units or a cohort under :data:`MIN_COHORT_UNITS`."""
    smallest_cohort = min(res.cohort_sizes.values(), default=0)
    return int(res.n_treated_units) < BOOTSTRAP_STARTING_UNITS or smallest_cohort < MIN_COHORT_UNITS


def _att_row(res: did.EventStudyResult, metric: str, method: str, frame: pd.DataFrame,
             covariates: Sequence[str], permutations: int = DEFAULT_PERMUTATIONS,
             randomized: RandomizationResult | None = None) -> dict[str, object]:
    """The average post-start effect of one fit with its pre-start (parallel-trends) test and verdict.

    CRV1 with t(G - 1) when at least :data:`BOOTSTRAP_STARTING_UNITS` units start and
    every cohort has :data:`MIN_COHORT_UNITS`; otherwise randomization inference over
    start dates (:func:`analysis.stats.randomization.launch_randomization`, Sun &
    Abraham's estimator; for ``twfe`` rows too, whose CRV1 interval is no better) gives
    the CI, p-value and pre-trend p-value. The verdict (:func:`analysis.stats.verdict.verdict`
    with the metric's good direction) is ``insufficient_data`` below
    :data:`FEW_STARTING_UNITS` starting units. ``randomized``: the randomization result of
    ``frame`` if already computed (:func:`_group_randomizations`).
    """
    a = res.att().iloc[0].to_dict()
    try:
        stat, p = res.pretrend_test()
    except (ValueError, np.linalg.LinAlgError):
        stat, p = math.nan, math.nan
    n_starting = int(res.n_treated_units)
    smallest_cohort = min(res.cohort_sizes.values(), default=0)
    inference = CRV1_LABEL
    if _needs_randomization(res):
        ri = randomized or launch_randomization(frame, metric, "unit_id", "period_idx", "cohort_idx",
                                                covariates=covariates, permutations=permutations)
        if method == "sunab":
            a["estimate"] = ri.estimate
        a.update(std_error=math.nan, ci_low=ri.ci_low, ci_high=ri.ci_high, p_value=ri.p_value)
        stat, p, inference = math.nan, ri.pretrend_p_value, ri.inference
    direction = METRIC_DIRECTIONS.get(metric, 0)
    code = verdict(a["ci_low"], a["ci_high"], higher_is_better=None if direction == 0 else direction > 0,
                   n=n_starting, min_n=FEW_STARTING_UNITS)
    return {
        "metric": metric,
        "method": method,
        **a,
        "n_obs_model": int(res.n_obs),
        "pretrend_statistic": float(stat),
        "pretrend_p_value": float(p),
        "inference": inference,
        "n_clusters": min(res.fit.n_clusters.values(), default=0),
        "smallest_cohort": int(smallest_cohort),
        "verdict": code,
        "note": "",
    }


def online_event_studies(
    panel: pd.DataFrame,
    metrics: Sequence[str] | str | None = None,
    methods: Sequence[str] = EVENT_METHODS,
    leads: int = 4,
    lags: int = 8,
    covariates: Sequence[str] | None = EVENT_COVARIATES,
    permutations: int = DEFAULT_PERMUTATIONS,
) -> OnlineResults:
    """:func:`online_event_study` for each metric and estimator, tidied into two frames.

    Metrics where an estimator fails (e.g. too few treated units observed) get an
    ``att`` row with NaN estimates and the reason in ``note``. The ``att`` rows carry
    ``inference`` (``crv1_t(G-1)`` or ``randomization``, see :func:`_att_row`;
    ``permutations`` re-assignments), ``n_clusters`` and ``verdict``.
    """
    times: list[pd.DataFrame] = []
    atts: list[dict[str, object]] = []
    fits: dict[tuple[str, str], did.EventStudyResult] = {}
    for metric in select_metrics(panel, metrics):
        for method in methods:
            try:
                res = online_event_study(panel, metric, method, leads, lags, covariates)
            except (ValueError, np.linalg.LinAlgError) as err:
                atts.append({"metric": metric, "method": method, "note": str(err)})
                continue
            fits[(metric, method)] = res
            t = res.tidy().copy()
            t.insert(0, "metric", metric)
            t.insert(1, "method", method)
            times.append(t)
            frame = _event_frame(panel, metric, extra=list(covariates or []))
            atts.append(_att_row(res, metric, method, frame, list(covariates or []), permutations))
    event_times = (
        pd.concat(times, ignore_index=True)
        if times
        else pd.DataFrame(
            columns=[
                "metric",
                "method",
                "event_time",
                "estimate",
                "std_error",
                "ci_low",
                "ci_high",
                "p_value",
                "n_obs",
            ]
        )
    )
    att = pd.DataFrame(atts)
    for c in (
        "estimate",
        "std_error",
        "ci_low",
        "ci_high",
        "p_value",
        "n_treated_units",
        "n_obs",
        "n_obs_model",
        "pretrend_statistic",
        "pretrend_p_value",
    ):
        if c not in att:
            att[c] = math.nan
    return OnlineResults(event_times=event_times, att=att, fits=fits)


def it_training_effect(
    panel: pd.DataFrame,
    metric: str,
    threshold: float = IT_TRAINED_THRESHOLD,
    covariates: Sequence[str] | None = EVENT_COVARIATES,
    permutations: int = DEFAULT_PERMUTATIONS,
) -> pd.DataFrame:
    """Did units whose staff had IT / public-service training before the start improve more?

    A unit counts as IT-trained when ``it_trained_share_before_launch >= threshold``
    (default :data:`IT_TRAINED_THRESHOLD`;
    :func:`analysis.linkage.launch.it_training_before_launch` states the keyword rule).

    Three rows of answers:

    - ``it_trained`` / ``not_it_trained``: the Sun & Abraham ATT (average effect over
      the group's unit-quarters after the start) of each group of starting units
      separately; never-starting units are the comparison for both. Inference as the
      launch ATTs (:func:`online_event_studies`): CRV1 with t(G - 1), or randomization
      inference over start dates (``permutations``) with fewer than
      :data:`BOOTSTRAP_STARTING_UNITS` starting units in the group or a cohort below
      :data:`MIN_COHORT_UNITS`; verdict ``insufficient_data`` below :data:`FEW_STARTING_UNITS`.
    - ``difference`` (the headline): ATT(it_trained) - ATT(not_it_trained). The two
      estimates share the comparison units and so covary positively; the SE
      sqrt(se1^2 + se2^2) ignores that and is conservative (t(G - 1) CI, G the units of both models).
    - ``difference_within_cells``: a two-way fixed-effects DiD with an interaction,
      ``metric = b * online * it_trained + exposure + unit FE + quarter FE + launch
      cell FE + e`` with launch cells = start cohort x quarters since the start, so
      b compares IT-trained and other units of the same cohort at the same time since
      the start (SEs clustered by unit). OLS weights the cells by their variance, not
      by the treated unit-quarters, so b can differ from ``difference`` when the extra
      effect grows with time since the start.

    Returns
    -------
    DataFrame
        Rows ``group`` in (it_trained, not_it_trained, difference,
        difference_within_cells) with ``method``, ``estimate, std_error, ci_low,
        ci_high, p_value``, ``n_treated_units`` (in the group; for the differences,
        both groups), ``n_obs``, ``inference``, ``n_clusters``, ``verdict`` (the
        groups' own ATTs), ``threshold``, ``note``.

    Notes
    -----
    With a handful of starting units the interval is wide and the comparison
    descriptive; the groups chose themselves (training was not assigned at random).
    Every model controls for the competency exposure (``covariates``).

    References
    ----------
    Sun, L., & Abraham, S. (2021). Estimating dynamic treatment effects in event
    studies with heterogeneous treatment effects. J. Econometrics 225(2).
    Goodman-Bacon, A. (2021). Difference-in-differences with variation in treatment
    timing. J. Econometrics 225(2).
    """
    check_columns(panel, metric, "it_trained_share_before_launch", "online")
    covariates = list(covariates or [])
    frame = _it_training_frame(panel, metric, threshold, covariates)
    return _it_training_tables({metric: frame}, threshold, covariates, permutations)[metric]


#: The two groups of starting units compared by :func:`it_training_effect`.
IT_GROUPS: tuple[str, ...] = ("it_trained", "not_it_trained")


def _group_samples(frame: pd.DataFrame) -> dict[str, tuple[pd.DataFrame, int]]:
    """Each of :data:`IT_GROUPS`: its starting units with the never-starting ones, and its number of starting units."""
    treated = frame["cohort_idx"].notna()
    it_unit = treated & (frame["it_trained"] == 1.0)
    return {
        "it_trained": (frame.loc[it_unit | ~treated], int(frame.loc[it_unit, "unit_id"].nunique())),
        "not_it_trained": (frame.loc[(treated & ~it_unit) | ~treated],
                           int(frame.loc[treated & ~it_unit, "unit_id"].nunique())),
    }


def _it_training_tables(frames: dict[str, pd.DataFrame], threshold: float, covariates: Sequence[str],
                        permutations: int) -> dict[str, pd.DataFrame]:
    """The rows of :func:`it_training_effect` for each metric's :func:`_it_training_frame`.

    The groups' event studies are fitted first, then the randomization inference the
    launch rule calls for is run per group for all metrics together
    (:func:`_group_randomizations`), then the rows are assembled.
    """
    samples = {m: _group_samples(frame) for m, frame in frames.items()}
    fits = {(m, g): _group_fit(sub, m, n, covariates)
            for m, groups in samples.items() for g, (sub, n) in groups.items()}
    randomized = _group_randomizations(samples, fits, covariates, permutations)
    out = {}
    for m, frame in frames.items():
        n_it, n_other = samples[m]["it_trained"][1], samples[m]["not_it_trained"][1]
        rows = [_group_att(sub, m, g, n, covariates, permutations, fits[(m, g)], randomized.get((m, g)))
                for g, (sub, n) in samples[m].items()]
        rows.append(_att_difference(rows[0], rows[1], n_it + n_other, len(frame),
                                    df=frame["unit_id"].nunique() - 1))
        for row in rows:
            row.pop("crv1_std_error", None)
        rows.append(_difference_within_cells(frame, m, covariates, n_it, n_other))
        table = pd.DataFrame(rows)
        table.insert(0, "metric", m)
        table["threshold"] = threshold
        out[m] = table
    return out


def _group_fit(sub: pd.DataFrame, metric: str, n_treated: int,
               covariates: Sequence[str]) -> did.EventStudyResult | Exception:
    """Sun & Abraham event study of one group against the never-starting units (the error if it fails)."""
    try:
        if n_treated == 0:
            raise ValueError("no starting unit in this group")
        return did.event_study(
            sub,
            outcome=metric,
            unit="unit_id",
            time="period_idx",
            cohort="cohort_idx",
            method="sunab",
            covariates=list(covariates) or None,
            vcov=CLUSTER,
        )
    except (ValueError, np.linalg.LinAlgError) as err:
        return err


def _group_randomizations(
    samples: dict[str, dict[str, tuple[pd.DataFrame, int]]],
    fits: dict[tuple[str, str], did.EventStudyResult | Exception],
    covariates: Sequence[str],
    permutations: int,
) -> dict[tuple[str, str], RandomizationResult]:
    """Randomization inference for every (metric, group) whose fit calls for it, one call per group.

    The metrics of a group usually share their unit-quarters, so
    :func:`analysis.stats.randomization.launch_randomizations` builds each assignment's
    regressors once for all of them; each result equals that of its own call. If the
    joint call fails, nothing is returned and each row runs its own (and reports its error).
    """
    out: dict[tuple[str, str], RandomizationResult] = {}
    for g in IT_GROUPS:
        keys = [(m, g) for m in samples
                if isinstance(fits[(m, g)], did.EventStudyResult) and _needs_randomization(fits[(m, g)])]
        if not keys:
            continue
        try:
            results = launch_randomizations([(samples[m][g][0], m) for m, _ in keys], "unit_id", "period_idx",
                                            "cohort_idx", covariates=covariates, permutations=permutations)
        except (ValueError, np.linalg.LinAlgError):
            continue
        out.update(zip(keys, results, strict=True))
    return out


def _it_training_frame(
    panel: pd.DataFrame, metric: str, threshold: float, covariates: Sequence[str]
) -> pd.DataFrame:
    """The event-study frame with ``it_trained`` (starting unit, share >= threshold) and
    ``online_x_it``; launch cells by start cohort and event time only (IT preparation is the
    contrast here)."""
    cells = online_cells(panel, threshold=math.inf)
    frame = _event_frame(
        panel.assign(online_cell=cells),
        metric,
        extra=("it_trained_share_before_launch", "online", "online_cell", *covariates),
    )
    frame = frame.dropna(subset=list(covariates)).reset_index(drop=True)
    treated = frame["cohort_idx"].notna()
    it_unit = treated & (frame["it_trained_share_before_launch"] >= threshold)
    frame["it_trained"] = it_unit.astype(float)
    frame["online_f"] = frame["online"].astype(float)
    frame["online_x_it"] = frame["online_f"] * frame["it_trained"]
    return frame


def _group_att(
    sub: pd.DataFrame, metric: str, group: str, n_treated: int, covariates: Sequence[str],
    permutations: int = DEFAULT_PERMUTATIONS,
    fit: did.EventStudyResult | Exception | None = None,
    randomized: RandomizationResult | None = None,
) -> dict[str, object]:
    """Sun & Abraham ATT of one group of starting units against the never-starting units.

    Inference by the launch rule of :func:`_att_row`: CRV1 with t(G - 1) when the group has
    at least :data:`BOOTSTRAP_STARTING_UNITS` starting units and every cohort
    :data:`MIN_COHORT_UNITS`, otherwise randomization inference over start dates; the
    verdict is ``insufficient_data`` below :data:`FEW_STARTING_UNITS` starting units.
    ``fit`` and ``randomized``: the group's :func:`_group_fit` and randomization result
    when already computed.
    """
    row: dict[str, object] = {"group": group, "method": "sunab", "n_treated_units": n_treated}
    try:
        res = _group_fit(sub, metric, n_treated, covariates) if fit is None else fit
        if isinstance(res, Exception):
            raise res
        crv1_se = float(res.att().iloc[0]["std_error"])
        a = _att_row(res, metric, "sunab", sub, covariates, permutations, randomized)
        row.update({c: float(a[c]) for c in TIDY_COLUMNS}, n_obs=int(a["n_obs"]), inference=a["inference"],
                   n_clusters=a["n_clusters"], verdict=a["verdict"], crv1_std_error=crv1_se, note="")
    except (ValueError, np.linalg.LinAlgError) as err:
        row.update(dict.fromkeys(TIDY_COLUMNS, math.nan), n_obs=len(sub), crv1_std_error=math.nan,
                   note=str(err))
    return row


def _att_difference(
    g1: dict[str, object], g2: dict[str, object], n_treated: int, n_obs_all: int, df: int
) -> dict[str, object]:
    """ATT(g1) - ATT(g2) with the conservative SE sqrt(se1^2 + se2^2) and a t(G - 1) 95% CI.

    ``df`` is G - 1 with G the units (clusters) of the two groups' models together, as
    every other clustered interval of the service link; se1, se2 are the groups' CRV1
    SEs (``crv1_std_error``, also when their own interval is from randomization inference).

    The same estimand as each group's average effect; both share the never-starting
    comparison units, so their estimates covary positively and the interval that ignores
    this is too wide, not too narrow.
    """
    row: dict[str, object] = {"group": "difference", "method": "sunab_split",
                              "n_treated_units": n_treated}
    est = float(g1["estimate"]) - float(g2["estimate"])
    se = math.hypot(float(g1["crv1_std_error"]), float(g2["crv1_std_error"]))
    if math.isnan(est) or math.isnan(se):
        row.update(dict.fromkeys(TIDY_COLUMNS, math.nan), n_obs=n_obs_all,
                   note=g1["note"] or g2["note"])
    else:
        row.update(estimate_with_interval(est, se, df=df), n_obs=int(g1["n_obs"]) + int(g2["n_obs"]),
                   inference=CRV1_LABEL, note="")
    return row


def _difference_within_cells(
    frame: pd.DataFrame, metric: str, covariates: Sequence[str], n_it: int, n_other: int
) -> dict[str, object]:
    """TWFE DiD with ``online x it_trained`` inside launch cells (start cohort x event time)."""
    row: dict[str, object] = {
        "group": "difference_within_cells",
        "method": "twfe_interaction",
        "n_treated_units": n_it + n_other,
    }
    try:
        if n_it == 0 or n_other == 0:
            raise ValueError(
                "both IT-trained and other starting units are needed for the difference"
            )
        res = fit_panel_fe(frame, metric, ["online_x_it", *covariates])
        row.update(term_estimates(res, "online_x_it"), n_obs=res.nobs, inference=CRV1_LABEL,
                   n_clusters=min(res.n_clusters.values()), note="")
    except ValueError as err:
        row.update(dict.fromkeys(TIDY_COLUMNS, math.nan), n_obs=len(frame), note=str(err))
    return row


def charted_metrics(event_times: pd.DataFrame) -> list[str]:
    """The :data:`EVENT_STUDY_CHART_METRICS` that have event-study coefficients."""
    estimated = set(event_times["metric"])
    return [m for m in EVENT_STUDY_CHART_METRICS if m in estimated]


def it_training_effects(
    panel: pd.DataFrame, metrics: Sequence[str], threshold: float = IT_TRAINED_THRESHOLD,
    permutations: int = DEFAULT_PERMUTATIONS,
) -> tuple[pd.DataFrame, dict[str, str]]:
    """:func:`it_training_effect` for each of ``metrics``, stacked, and the metrics it could not run.

    Returns the stacked frame (empty without any result) and ``{metric: reason}`` for
    the metrics whose panel columns or data did not allow the comparison.
    """
    covariates = list(EVENT_COVARIATES)
    frames, skipped = {}, {}
    for m in metrics:
        try:
            check_columns(panel, m, "it_trained_share_before_launch", "online")
            frames[m] = _it_training_frame(panel, m, threshold, covariates)
        except (KeyError, ValueError) as err:
            skipped[m] = str(err)
    parts = list(_it_training_tables(frames, threshold, covariates, permutations).values())
    return (pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()), skipped
