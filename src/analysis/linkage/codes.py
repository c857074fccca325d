"""Result codes of the service-link area (``results.json``) and the step its statements use.

The notebook records with these names, in one call to :func:`record_results`; the
brief reads them back with the same names. A code followed by ``.<metric>`` holds one
number per service metric (``linkage.effect_per_5jp.ikm``).
"""

from __future__ import annotations

import math
from collections.abc import Iterator

import pandas as pd

from analysis.data.contract import METRIC_DIRECTIONS
from analysis.data.results import ResultsRecorder
from analysis.linkage.ikm import IkmSummary
from analysis.linkage.settings import ServiceLinkSettings, load_settings
from analysis.stats.comparisons import adjust_pvalues
from analysis.stats.verdict import verdict

#: JP per staff member added in the "+5 JP per staff" statements (one step of exposure).
JP_STEP: float = 5.0
#: Change of a service metric per :data:`JP_STEP` JP per staff; the metric follows a dot.
EFFECT_PER_STEP: str = "linkage.effect_per_5jp"
#: Share of units with an IKM in category A or B (unit ``share``).
IKM_SHARE_GOOD: str = "linkage.ikm_share_good"
#: Average change after the online start, Sun & Abraham; the metric follows a dot.
ONLINE_ATT: str = "linkage.online_att"
#: The same with the plain two-way fixed-effects event study; the metric follows a dot.
ONLINE_ATT_TWFE: str = "linkage.online_att_twfe"
#: Extra change after the start where staff had IT training (difference of two ATTs).
IT_TRAINING_EXTRA: str = "linkage.it_training_extra"

#: The family of the service side's exploratory tests (Holm-adjusted together).
EXPLORATORY_FAMILY: str = "service_link.exploratory"
#: The ``inference`` label of the CRV1 t(G - 1) intervals (as :data:`analysis.linkage.exposure.CRV1_LABEL`).
CRV1_LABEL: str = "crv1_t(G-1)"
#: Level below which an (adjusted) p-value gives a verdict word.
ALPHA: float = 0.05


def effect_per_step_code(metric: str) -> str:
    """``linkage.effect_per_5jp.<metric>``."""
    return f"{EFFECT_PER_STEP}.{metric}"


def online_att_code(method: str, metric: str) -> str:
    """``linkage.online_att.<metric>`` (Sun & Abraham) or ``linkage.online_att_twfe.<metric>``."""
    return f"{ONLINE_ATT if method == 'sunab' else ONLINE_ATT_TWFE}.{metric}"


def it_training_extra_code(metric: str) -> str:
    """``linkage.it_training_extra.<metric>``."""
    return f"{IT_TRAINING_EXTRA}.{metric}"


def _judged(estimate: float, ci_low: float, ci_high: float, metric: str, primary: bool,
            p_adjusted: float, n_units: float, min_units: int = 1) -> str:
    """The verdict code: the CI rule for a primary outcome; for an exploratory one the same
    rule only when its Holm-adjusted p-value is below :data:`ALPHA`, else no clear difference."""
    if estimate is None or (isinstance(estimate, float) and math.isnan(estimate)):
        return "insufficient_data"
    direction = METRIC_DIRECTIONS.get(metric, 0)
    code = verdict(ci_low, ci_high, higher_is_better=None if direction == 0 else direction > 0,
                   n=n_units, min_n=min_units)
    if code == "insufficient_data" or primary:
        return code
    return code if (not math.isnan(p_adjusted) and p_adjusted < ALPHA) else "no_clear_difference"


def _candidates(statements: pd.DataFrame, att: pd.DataFrame | None, it_training: pd.DataFrame | None,
                settings: ServiceLinkSettings) -> list[dict[str, object]]:
    """Every service-side test with a verdict: its record fields, whether it is primary and its p-value.

    Effects at every lag are tests of the family even though only lag 0 is recorded.
    """
    out: list[dict[str, object]] = []
    for _, row in statements.iterrows():
        primary = row["metric"] in settings.primary_metrics and int(row["lag"]) == settings.primary_lag
        out.append({"recorded": int(row["lag"]) == 0, "primary": primary, "p_value": row.get("p_value"),
                    "metric": row["metric"], "n_units": row["n_units"], "min_units": 1,
                    "inference": CRV1_LABEL, "n_clusters": int(row["n_units"]),
                    "record": {"code": effect_per_step_code(row["metric"]), "estimate": row["change"],
                               "ci_low": row["change_ci_low"], "ci_high": row["change_ci_high"],
                               "n": int(row["n_obs"]), "unit": row["metric"], "n_of": "unit-quarters",
                               "note": f"{int(row['n_units'])} units; per +{JP_STEP:g} JP per staff member "
                                       "over four quarters; unit and quarter FE, SE clustered by unit"}})
    if att is not None and len(att):
        for _, r in att.dropna(subset=["estimate"]).iterrows():
            primary = r["method"] == "sunab" and r["metric"] in settings.online_primary_metrics
            out.append({"recorded": True, "primary": primary, "p_value": r.get("p_value"), "metric": r["metric"],
                        "n_units": r["n_treated_units"], "min_units": 10,
                        "inference": r.get("inference", CRV1_LABEL), "n_clusters": r.get("n_clusters"),
                        "record": {"code": online_att_code(r["method"], r["metric"]),
                                   "estimate": r["estimate"], "ci_low": r["ci_low"], "ci_high": r["ci_high"],
                                   "n": int(r["n_obs"]), "unit": r["metric"], "n_of": "unit-quarters",
                                   "note": f"{int(r['n_treated_units'])} starting units; {r['method']}"}})
    if it_training is not None and len(it_training):
        within = it_training.loc[(it_training["group"] == "difference_within_cells")
                                 & it_training["estimate"].notna()]
        for _, r in within.iterrows():
            groups = it_training.loc[it_training["metric"] == r["metric"]].set_index("group")["n_treated_units"]
            out.append({"recorded": True, "primary": False, "p_value": r.get("p_value"), "metric": r["metric"],
                        "n_units": min(int(groups["it_trained"]), int(groups["not_it_trained"])),
                        "min_units": 1, "inference": CRV1_LABEL, "n_clusters": None,
                        "record": {"code": it_training_extra_code(r["metric"]), "estimate": r["estimate"],
                                   "ci_low": r["ci_low"], "ci_high": r["ci_high"], "n": int(r["n_obs"]),
                                   "unit": r["metric"], "n_of": "unit-quarters",
                                   "note": f"{int(groups['it_trained'])} IT-trained vs "
                                           f"{int(groups['not_it_trained'])} other starting units, "
                                           "within start cohort and event time"}})
    return out


def _ikm_records(ikm: IkmSummary) -> Iterator[dict[str, object]]:
    if ikm.n_units:
        yield {"code": IKM_SHARE_GOOD, "estimate": ikm.share_good, "ci_low": ikm.ci_low,
               "ci_high": ikm.ci_high, "n": ikm.n_units, "unit": "share", "n_of": "units",
               "inference": "wilson", "note": "share of units in IKM category A or B"}


def exploratory_family_size(
    statements: pd.DataFrame,
    online_att: pd.DataFrame | None = None,
    it_training: pd.DataFrame | None = None,
    settings: ServiceLinkSettings | None = None,
) -> int:
    """How many tests the exploratory family of :func:`service_verdicts` adjusts together."""
    tests = _candidates(statements, online_att, it_training, settings or load_settings())
    return sum(1 for t in tests if not t["primary"] and t["p_value"] is not None and pd.notna(t["p_value"]))


def service_verdicts(
    statements: pd.DataFrame,
    online_att: pd.DataFrame | None = None,
    it_training: pd.DataFrame | None = None,
    settings: ServiceLinkSettings | None = None,
) -> list[dict[str, object]]:
    """The service side's numbers with their verdict fields, the exploratory family Holm-adjusted.

    Primary outcomes (``config/service_link.yaml``) keep their own p-value and get the
    CI verdict; every other test (other metrics, other lags, the TWFE and other-metric
    launch effects, the IT contrast) is one family, :data:`EXPLORATORY_FAMILY`, whose
    p-values are Holm-adjusted (:func:`analysis.stats.comparisons.adjust_pvalues`) and
    whose verdict is a direction only when the adjusted p-value is below 0.05. Returns the
    keyword arguments of :meth:`ResultsRecorder.record` for the recorded ones.
    """
    settings = settings or load_settings()
    tests = _candidates(statements, online_att, it_training, settings)
    family = [i for i, t in enumerate(tests)
              if not t["primary"] and t["p_value"] is not None and pd.notna(t["p_value"])]
    adjusted = dict.fromkeys(range(len(tests)), math.nan)
    if family:
        values = adjust_pvalues([float(tests[i]["p_value"]) for i in family], method="holm")
        adjusted.update(zip(family, (float(v) for v in values), strict=True))
    numbers = []
    for i, t in enumerate(tests):
        if not t["recorded"]:
            continue
        rec = dict(t["record"])
        p = float(t["p_value"]) if t["p_value"] is not None and pd.notna(t["p_value"]) else math.nan
        rec.update(
            verdict=_judged(rec["estimate"], rec["ci_low"], rec["ci_high"], str(t["metric"]),
                            bool(t["primary"]), adjusted[i], t["n_units"], int(t["min_units"])),
            p_value=p, p_adjusted=None if t["primary"] else adjusted[i],
            family=None if t["primary"] else EXPLORATORY_FAMILY, primary=bool(t["primary"]),
            inference=t["inference"],
            n_clusters=None if t["n_clusters"] is None or pd.isna(t["n_clusters"]) else int(t["n_clusters"]),
        )
        numbers.append(rec)
    return numbers


def record_results(
    rec: ResultsRecorder,
    period: str,
    statements: pd.DataFrame,
    ikm: IkmSummary | None = None,
    online_att: pd.DataFrame | None = None,
    it_training: pd.DataFrame | None = None,
    settings: ServiceLinkSettings | None = None,
) -> None:
    """Record the area's key numbers for ``period`` with their verdict fields (:func:`service_verdicts`).

    Parameters
    ----------
    rec
        The notebook's recorder.
    period
        The quarter analysed (``2026Q3``).
    statements
        :func:`analysis.linkage.effect_statements` of the exposure effects: the
        same-quarter rows (``lag == 0``) give :func:`effect_per_step_code` per metric,
        the change per :data:`JP_STEP` JP per staff member with its 95% CI; n is the
        unit-quarters.
    ikm
        :func:`analysis.linkage.ikm_summary`: :data:`IKM_SHARE_GOOD` with its Wilson
        CI over the units with an IKM (nothing when no unit has one).
    online_att
        ``OnlineResults.att``: :func:`online_att_code` per estimated metric and
        estimator; n is the treated unit-quarters after the start.
    it_training
        Stacked :func:`analysis.linkage.it_training_effect` frames: the
        ``difference_within_cells`` rows (IT-trained vs other units of the same start
        cohort and event time) give :func:`it_training_extra_code` per metric.
    settings
        The declared primary outcomes (:func:`analysis.linkage.settings.load_settings`).
    """
    judged = service_verdicts(statements, online_att, it_training, settings)
    effects = [n for n in judged if str(n["code"]).startswith(EFFECT_PER_STEP + ".")]
    numbers = effects + (list(_ikm_records(ikm)) if ikm is not None else [])
    numbers += [n for n in judged if n not in effects]
    for number in numbers:
        rec.record(**number, period=period)
