"""One estimate per hypothesis, by the design its outcome-exposure pair maps to.

Every design returns an :class:`Estimate`: the effect in outcome units per exposure
unit (for yes/no outcomes: on the probability, 0..1), its standard error, the
degrees of freedom of its t reference distribution, and how many observations and
clusters stand behind it. The designs reuse the package's estimators
(:func:`analysis.stats.models.fit`, :func:`analysis.stats.models.logit`,
:func:`analysis.linkage.fit_exposure`, :func:`analysis.linkage.online_event_study`,
:func:`analysis.linkage.it_training_effect`); see
:mod:`analysis.hypotheses.catalogue` for which pair uses which.

Small-cluster rule
------------------
Standard errors are clustered (by unit, or by programme for programme attributes),
and inference uses the t distribution with G_eff - 1 degrees of freedom, where
G_eff is the number of clusters *on the smaller side of the contrast*: for a yes/no
or categorical exposure, the clusters with any exposed observation or those with any
reference observation, whichever are fewer (for the online start: starting units vs
never-starting units; for IT training: trained vs other starting units); for a
continuous exposure, all clusters. With G clusters overall this is never more than
the G - 1 of fixest and Stata, and it is what keeps the test honest when few
clusters carry one side of the comparison (Cameron & Miller 2015; MacKinnon & Webb
2017). Below :data:`MIN_CLUSTERS` effective clusters no estimate is reported.

Yes/no outcomes are fitted by logit and reported as the average marginal effect
(AME): the mean over the compared observations of P(y | exposure) - P(y | reference),
with a delta-method standard error from the clustered covariance of the logit.

References
----------
Cameron, A. C. and Miller, D. L. (2015). A practitioner's guide to cluster-robust
inference. J. Human Resources 50(2), 317-372.
MacKinnon, J. G. and Webb, M. D. (2017). Wild bootstrap inference for wildly different
cluster sizes. J. Applied Econometrics 32, 233-254.
Sun, L. and Abraham, S. (2021). Estimating dynamic treatment effects in event studies
with heterogeneous treatment effects. J. Econometrics 225, 175-199.
"""

from __future__ import annotations

import math
import re
import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis import linkage
from analysis.hypotheses import messages as msg
from analysis.hypotheses.catalogue import Catalogue, Design
from analysis.hypotheses.frames import HypothesisData, subset, window
from analysis.hypotheses.spec import Hypothesis
from analysis.stats.design import independent_terms
from analysis.stats.models import ModelSpecificationError, fit, logit

#: Fewer effective clusters than this: no estimate (a clustered SE is meaningless).
MIN_CLUSTERS = 5
#: Fewer effective clusters than this: the reason says so (the small-cluster rule applies).
FEW_CLUSTERS = 30

#: Staff covariates of the employee-level designs (numeric 0/1 columns), and the exposure
#: that replaces each.
STAFF_COVARIATES: dict[str, str | None] = {
    "pppk": "employment_type",
    "female": "gender",
    "age_50_plus": None,
    "degree_s1_plus": None,
}
#: Categorical covariates (column -> reference level), entered as 0/1 indicators.
CATEGORICAL_COVARIATES: dict[str, str] = {"position_type": "staff", "sector": "general_admin"}
#: Programme attributes adjusted for in enrollment-level designs (column -> reference).
PROGRAMME_COVARIATES: dict[str, str] = {"modality": "classroom", "provider_type": "internal"}
#: Award exposures adjust for each other (one person's award is not a colleague's).
PAIRED_COVARIATES: dict[str, str] = {"received_award": "unit_award_last_4q",
                                     "unit_award_last_4q": "received_award"}

EXPOSURE_TERM = "x__exposure"


@dataclass(frozen=True)
class Estimate:
    """The effect behind one hypothesis.

    ``estimate`` in outcome units per exposure unit; ``df`` the degrees of freedom of
    the t reference (G_eff - 1, see the module docstring); ``n`` observations,
    ``n_clusters`` clusters (G) and ``n_clusters_effective`` (G_eff) in the estimation
    sample; ``cluster`` ``unit`` or ``programme``; ``periods`` the quarters used;
    ``note`` why there is no estimate (a message pair), else ``None``.
    """

    estimate: float = math.nan
    std_error: float = math.nan
    df: int = 0
    n: int = 0
    n_clusters: int = 0
    n_clusters_effective: int = 0
    cluster: str = "unit"
    periods: tuple[str, str] | None = None
    note: tuple[str, str] | None = None

    @property
    def ok(self) -> bool:
        """An estimate with a usable standard error."""
        return self.note is None and math.isfinite(self.estimate) and math.isfinite(self.std_error) \
            and self.std_error > 0 and self.df >= 1


def _failed(note: tuple[str, str], **kw: object) -> Estimate:
    return Estimate(note=note, **kw)  # type: ignore[arg-type]


def _safe_name(text: str) -> str:
    return re.sub(r"[^0-9A-Za-z_]", "_", str(text))


def _with_clusters(est: float, se: float, n: int, g: int, g_eff: int, cluster: str,
                   periods: tuple[str, str]) -> Estimate:
    if g_eff < MIN_CLUSTERS:
        return _failed(msg.too_few_clusters(g_eff, MIN_CLUSTERS, cluster), n=n, n_clusters=g,
                       n_clusters_effective=g_eff, cluster=cluster, periods=periods)
    return Estimate(float(est), float(se), int(g_eff - 1), int(n), int(g), int(g_eff), cluster, periods)


# ---------------------------------------------------------------------------- unit x quarter designs


def _panel_fe(panel: pd.DataFrame, h: Hypothesis, periods: tuple[str, str]) -> Estimate:
    try:
        res = linkage.fit_exposure(panel, h.outcome, h.exposure)
    except (ValueError, ModelSpecificationError, np.linalg.LinAlgError) as err:
        return _failed(msg.model_failed(str(err)), periods=periods)
    tidy = res.tidy().set_index("term")
    if h.exposure not in tidy.index:
        return _failed(msg.NO_CONTRAST, n=res.nobs, periods=periods)
    g = int(res.n_clusters.get("unit_id", 0))
    return _with_clusters(tidy.loc[h.exposure, "estimate"], tidy.loc[h.exposure, "std_error"], res.nobs, g, g,
                          "unit", periods)


def _staggered_did(panel: pd.DataFrame, h: Hypothesis, periods: tuple[str, str]) -> Estimate:
    used = panel.loc[panel[h.outcome].notna()]
    cohorts = used.groupby("unit_id")["cohort_idx"].first()
    first = used["period_idx"].min() if len(used) else 0
    starting = cohorts.loc[cohorts.notna() & (cohorts > first)]
    never = int(cohorts.isna().sum())
    # without never-starting units the last-starting cohort is the comparison (see analysis.stats.did)
    comparison = never if never else int((starting == starting.max()).sum()) if len(starting) else 0
    try:
        res = linkage.online_event_study(panel, h.outcome, method="sunab")
    except (ValueError, KeyError, ModelSpecificationError, np.linalg.LinAlgError) as err:
        return _failed(msg.model_failed(str(err)), periods=periods)
    att = res.att().iloc[0]
    treated = int(att["n_treated_units"])
    g = int(res.fit.n_clusters.get("unit_id", 0))
    return _with_clusters(att["estimate"], att["std_error"], res.n_obs, g, min(treated, comparison), "unit",
                          periods)


def _it_did(panel: pd.DataFrame, h: Hypothesis, periods: tuple[str, str]) -> Estimate:
    try:
        table = linkage.it_training_effect(panel, h.outcome)
    except (ValueError, KeyError, ModelSpecificationError, np.linalg.LinAlgError) as err:
        return _failed(msg.model_failed(str(err)), periods=periods)
    rows = table.set_index("group")
    diff = rows.loc["difference"]
    n_it, n_other = int(rows.loc["it_trained", "n_treated_units"]), int(rows.loc["not_it_trained", "n_treated_units"])
    observed = panel.loc[panel[h.outcome].notna()]
    g, n = int(observed["unit_id"].nunique()), len(observed)
    if not (math.isfinite(float(diff["estimate"])) and math.isfinite(float(diff["std_error"]))):
        note = str(diff.get("note") or "") or "no estimate"
        return _failed(msg.model_failed(note), n=n, n_clusters=g, n_clusters_effective=min(n_it, n_other),
                       periods=periods)
    return _with_clusters(diff["estimate"], diff["std_error"], n, g, min(n_it, n_other), "unit", periods)


# ---------------------------------------------------------------------------- employee-level designs


def _exposure_columns(frame: pd.DataFrame, h: Hypothesis, cat: Catalogue) -> tuple[pd.DataFrame, list[str], pd.Series]:
    """Add the exposure indicator (and, for a categorical exposure, one indicator per other
    non-reference level); return the frame, those extra terms and the compared rows."""
    info = cat.exposures[h.exposure]
    frame = frame.copy()
    if info.kind != "categorical":
        frame[EXPOSURE_TERM] = frame[h.exposure].astype(float)
        return frame, [], frame[EXPOSURE_TERM].notna()
    values = frame[h.exposure].astype("string")
    frame[EXPOSURE_TERM] = values.isin(h.level).astype(float).where(values.notna())
    extra = []
    for other in sorted(set(values.dropna().unique()) - set(h.level) - {h.reference}):
        name = f"other__{_safe_name(other)}"
        frame[name] = values.eq(other).astype(float)
        extra.append(name)
    compared = values.isin([*h.level, h.reference]).fillna(False).astype(bool)
    return frame, extra, compared


def _covariates(frame: pd.DataFrame, h: Hypothesis, programme_level: bool) -> tuple[pd.DataFrame, list[str]]:
    terms = [c for c, replaced_by in STAFF_COVARIATES.items() if replaced_by != h.exposure]
    if h.exposure in PAIRED_COVARIATES:
        terms.append(PAIRED_COVARIATES[h.exposure])
    categorical = {c: r for c, r in CATEGORICAL_COVARIATES.items() if c != h.exposure}
    if programme_level:
        categorical.update({c: r for c, r in PROGRAMME_COVARIATES.items() if c != h.exposure})
    frame = frame.copy()
    for column, reference in categorical.items():
        values = frame[column].astype("string")
        for level in sorted(set(values.dropna().unique()) - {reference}):
            name = f"{column}__{_safe_name(level)}"
            frame[name] = values.eq(level).astype(float)
            terms.append(name)
    return frame, terms


def _prepare(data: HypothesisData, h: Hypothesis, cat: Catalogue, periods: tuple[str, str],
             outcome_level: str) -> tuple[pd.DataFrame, list[str], list[str], str, pd.Series]:
    """The complete-case model frame: outcome, exposure term, other-level terms, covariates."""
    programme_level = outcome_level in ("enrollment", "scored_enrollment")
    frame = subset(data.frame(outcome_level), h, periods)  # type: ignore[arg-type]
    frame, extra, compared = _exposure_columns(frame, h, cat)
    frame, covs = _covariates(frame, h, programme_level)
    if outcome_level == "scored_enrollment":
        covs = ["pre_score", *covs]
    cluster = "program_id" if cat.exposures[h.exposure].programme_attribute else "unit_id"
    frame = frame.assign(_compared=compared.to_numpy())
    needed = [h.outcome, EXPOSURE_TERM, *extra, *covs, cluster, "period"]
    frame = frame.dropna(subset=needed).reset_index(drop=True)
    covs = [c for c in covs if frame[c].nunique() > 1]
    return frame, extra, covs, cluster, frame.pop("_compared").astype(bool)


def _effective_clusters(frame: pd.DataFrame, compared: pd.Series, cluster: str) -> tuple[int, int]:
    rows = frame.loc[compared.to_numpy()]
    exposed = rows.loc[rows[EXPOSURE_TERM] == 1, cluster].nunique()
    reference = rows.loc[rows[EXPOSURE_TERM] == 0, cluster].nunique()
    return int(frame[cluster].nunique()), int(min(exposed, reference))


def _terms(frame: pd.DataFrame, extra: list[str], covs: list[str], quarter_dummies: bool) -> list[str] | None:
    terms = [EXPOSURE_TERM, *extra, *covs]
    if quarter_dummies:
        for q in sorted(frame["period"].astype(str).unique())[1:]:
            name = f"q__{q}"
            frame[name] = frame["period"].astype(str).eq(q).astype(float)
            terms.append(name)
    kept = independent_terms(frame, terms)
    return kept if kept and kept[0] == EXPOSURE_TERM else None


def _logit(data: HypothesisData, h: Hypothesis, cat: Catalogue, periods: tuple[str, str]) -> Estimate:
    level = cat.outcomes[h.outcome].level
    frame, extra, covs, cluster, compared = _prepare(data, h, cat, periods, level)
    label = "programme" if cluster == "program_id" else "unit"
    g, g_eff = _effective_clusters(frame, compared, cluster)
    if len(frame) == 0:
        return _failed(msg.NO_DATA, periods=periods, cluster=label)
    events = frame[h.outcome].sum()
    if events == 0 or events == len(frame):
        return _failed(msg.NO_VARIATION, n=len(frame), n_clusters=g, n_clusters_effective=g_eff, cluster=label,
                       periods=periods)
    terms = _terms(frame, extra, covs, quarter_dummies=True)
    if terms is None or g_eff < 1:
        return _failed(msg.NO_CONTRAST, n=len(frame), n_clusters=g, n_clusters_effective=g_eff, cluster=label,
                       periods=periods)
    if g_eff < MIN_CLUSTERS:
        return _with_clusters(math.nan, math.nan, len(frame), g, g_eff, label, periods)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            res = logit(frame, f"{h.outcome} ~ " + " + ".join(terms), vcov={"cluster": cluster})
    except (ValueError, ModelSpecificationError, np.linalg.LinAlgError) as err:
        return _failed(msg.model_failed(str(err)), n=len(frame), cluster=label, periods=periods)
    if not res.converged:
        return _failed(msg.NOT_CONVERGED, n=len(frame), n_clusters=g, n_clusters_effective=g_eff, cluster=label,
                       periods=periods)
    ame, se = average_marginal_effect(res.coef, res.vcov, frame.loc[compared.to_numpy()], EXPOSURE_TERM, extra)
    return _with_clusters(ame, se, res.nobs, g, g_eff, label, periods)


def average_marginal_effect(coef: pd.Series, vcov: pd.DataFrame, rows: pd.DataFrame, term: str,
                            zero: Sequence[str] = ()) -> tuple[float, float]:
    """Average marginal effect of a 0/1 ``term`` in a logit, and its delta-method SE.

    AME = mean_i [L(x_i1'b) - L(x_i0'b)], where x_i1 (x_i0) is row i with ``term`` set
    to 1 (0) and the ``zero`` terms (the other levels of a categorical exposure) set to
    0, and L the logistic function. Its gradient in b is
    g = mean_i [l(x_i1'b) x_i1 - l(x_i0'b) x_i0] with l = L(1 - L), so
    SE = sqrt(g' V g) with V the (clustered) covariance of b.

    References
    ----------
    Cameron, A. C. and Trivedi, P. K. (2005). Microeconometrics, sec. 14.3 (marginal
    effects) and 7.2 (delta method).
    """
    names = list(coef.index)
    x = np.column_stack([np.ones(len(rows)) if n == "Intercept" else rows[n].to_numpy(dtype=float)
                         for n in names])
    x1, x0 = x.copy(), x.copy()
    for n in zero:
        if n in names:
            x1[:, names.index(n)] = 0.0
            x0[:, names.index(n)] = 0.0
    j = names.index(term)
    x1[:, j], x0[:, j] = 1.0, 0.0
    b = coef.to_numpy(dtype=float)
    p1 = 1.0 / (1.0 + np.exp(-(x1 @ b)))
    p0 = 1.0 / (1.0 + np.exp(-(x0 @ b)))
    grad = ((p1 * (1 - p1))[:, None] * x1 - (p0 * (1 - p0))[:, None] * x0).mean(axis=0)
    var = float(grad @ vcov.loc[names, names].to_numpy(dtype=float) @ grad)
    return float((p1 - p0).mean()), math.sqrt(max(var, 0.0))


def _linear(data: HypothesisData, h: Hypothesis, cat: Catalogue, periods: tuple[str, str]) -> Estimate:
    level = cat.outcomes[h.outcome].level
    frame, extra, covs, cluster, compared = _prepare(data, h, cat, periods, level)
    label = "programme" if cluster == "program_id" else "unit"
    g, g_eff = _effective_clusters(frame, compared, cluster)
    if len(frame) == 0:
        return _failed(msg.NO_DATA, periods=periods, cluster=label)
    terms = _terms(frame, extra, covs, quarter_dummies=False)
    if terms is None:
        return _failed(msg.NO_CONTRAST, n=len(frame), n_clusters=g, n_clusters_effective=g_eff, cluster=label,
                       periods=periods)
    if g_eff < MIN_CLUSTERS:
        return _with_clusters(math.nan, math.nan, len(frame), g, g_eff, label, periods)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            res = fit(frame, f"{h.outcome} ~ " + " + ".join(terms), fe=["period"], vcov={"cluster": cluster})
    except (ValueError, ModelSpecificationError, np.linalg.LinAlgError) as err:
        return _failed(msg.model_failed(str(err)), n=len(frame), cluster=label, periods=periods)
    tidy = res.tidy().set_index("term")
    if EXPOSURE_TERM not in tidy.index:
        return _failed(msg.NO_CONTRAST, n=res.nobs, n_clusters=g, n_clusters_effective=g_eff, cluster=label,
                       periods=periods)
    return _with_clusters(tidy.loc[EXPOSURE_TERM, "estimate"], tidy.loc[EXPOSURE_TERM, "std_error"], res.nobs, g,
                          g_eff, label, periods)


# ---------------------------------------------------------------------------- dispatch


def estimate(h: Hypothesis, data: HypothesisData, cat: Catalogue) -> Estimate:
    """The estimate of one hypothesis by its pair's design (see the module docstring).

    Problems of the data (too few clusters, no contrast, a model that cannot be
    fitted, no data in the stated quarters) come back as an :class:`Estimate` with a
    ``note``, never as an exception, so one hypothesis cannot stop the others.
    """
    design: Design | None = cat.design(h.outcome, h.exposure)
    periods = window(h, data)
    if periods is None:
        return _failed(msg.no_data_in_periods(h.periods, data.first_period, data.period))
    if design in ("panel_fe", "staggered_did", "it_did"):
        panel = subset(data.unit_panel, h, periods)
        if h.outcome not in panel or panel[h.outcome].notna().sum() == 0:  # a known metric absent from the data
            return _failed(msg.NO_DATA, periods=periods)
        unit_design = {"panel_fe": _panel_fe, "staggered_did": _staggered_did, "it_did": _it_did}[design]
        with warnings.catch_warnings():  # dropped terms and the like end up in the estimate's note
            warnings.simplefilter("ignore")
            return unit_design(panel, h, periods)
    if design == "logit":
        return _logit(data, h, cat, periods)
    if design in ("ols", "ancova"):
        return _linear(data, h, cat, periods)
    raise ValueError(f"no design for {h.outcome} x {h.exposure}")  # check_spec prevents this
