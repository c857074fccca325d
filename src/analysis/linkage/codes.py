"""Result codes of the service-link area (``results.json``) and the step its statements use.

The notebook records with these names, in one call to :func:`record_results`; the
brief reads them back with the same names. A code followed by ``.<metric>`` holds one
number per service metric (``linkage.effect_per_5jp.ikm``).
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field

import pandas as pd

from analysis.data.contract import METRIC_DIRECTIONS
from analysis.data.results import ResultsRecorder
from analysis.linkage.effects import effect_statements
from analysis.linkage.ikm import IkmSummary
from analysis.linkage.panel import DEFAULT_EXPOSURE, EXPOSURE_STEPS, JP_STEP
from analysis.linkage.settings import ServiceLinkSettings, load_settings
from analysis.stats.comparisons import adjust_pvalues
from analysis.stats.verdict import equality_verdict, family_verdict

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
#: The exposure slope of one sector per :data:`JP_STEP` (robustness annex); ``group`` is the sector.
SECTOR_SLOPE: str = "linkage.sector_slope"
#: The test that every tested sector shares one slope (no estimate; ``verdict`` ``different`` or not).
SECTOR_EQUAL_SLOPES: str = "linkage.sector_equal_slopes"
#: The placebo: the change with future exposure, which should be none (robustness annex).
PLACEBO_FUTURE: str = "linkage.placebo_future"
#: The main model with another exposure definition, per its step; ``group`` is the exposure.
ALTERNATIVE_EXPOSURE: str = "linkage.alternative_exposure"

#: The family of the service side's exploratory tests (Holm-adjusted together).
EXPLORATORY_FAMILY: str = "service_link.exploratory"
#: The ``inference`` label of the CRV1 t(G - 1) intervals (as :data:`analysis.linkage.exposure.CRV1_LABEL`).
CRV1_LABEL: str = "crv1_t(G-1)"


def effect_per_step_code(metric: str) -> str:
    """``linkage.effect_per_5jp.<metric>``."""
    return f"{EFFECT_PER_STEP}.{metric}"


def online_att_code(method: str, metric: str) -> str:
    """``linkage.online_att.<metric>`` (Sun & Abraham) or ``linkage.online_att_twfe.<metric>``."""
    return f"{ONLINE_ATT if method == 'sunab' else ONLINE_ATT_TWFE}.{metric}"


def it_training_extra_code(metric: str) -> str:
    """``linkage.it_training_extra.<metric>``."""
    return f"{IT_TRAINING_EXTRA}.{metric}"


def lagged_effect_code(metric: str, lag: int) -> str:
    """:func:`effect_per_step_code` at lag 0; ``linkage.effect_per_5jp.<metric>.lag<k>`` otherwise."""
    return effect_per_step_code(metric) + (f".lag{int(lag)}" if int(lag) else "")


@dataclass
class _Test:
    """One service-side test: the number to record and how its verdict is judged.

    ``kind`` is ``interval`` (a direction from the CI, :func:`analysis.stats.verdict.family_verdict`)
    or ``equality`` (a joint test, :func:`analysis.stats.verdict.equality_verdict`).
    """

    record: dict[str, object]
    metric: str
    primary: bool
    p_value: float
    inference: str | None
    n_clusters: float | None
    n_units: float | None = None
    min_units: int = 1
    kind: str = "interval"
    higher_is_better: bool | None = None
    testable: bool = True
    extra: dict[str, object] = field(default_factory=dict)

    @property
    def in_family(self) -> bool:
        return not self.primary and not math.isnan(self.p_value)


def _p(x: object) -> float:
    return float(x) if x is not None and pd.notna(x) else math.nan  # type: ignore[arg-type]


def _good_direction(metric: str) -> bool | None:
    direction = METRIC_DIRECTIONS.get(metric, 0)
    return None if direction == 0 else direction > 0


def _effect_tests(statements: pd.DataFrame, settings: ServiceLinkSettings) -> list[_Test]:
    """The exposure effects at every lag (lag 0 of the primary metrics is primary)."""
    out = []
    for _, row in statements.iterrows():
        lag = int(row["lag"])
        primary = row["metric"] in settings.primary_metrics and lag == settings.primary_lag
        lag_note = f", exposure lagged {lag} quarter(s)" if lag else ""
        out.append(_Test(
            record={"code": lagged_effect_code(row["metric"], lag), "estimate": row["change"],
                    "ci_low": row["change_ci_low"], "ci_high": row["change_ci_high"],
                    "n": int(row["n_obs"]), "unit": row["metric"], "n_of": "unit-quarters",
                    "note": f"{int(row['n_units'])} units; per +{JP_STEP:g} JP per staff member "
                            f"over four quarters{lag_note}; unit and quarter FE, SE clustered by unit"},
            metric=row["metric"], primary=primary, p_value=_p(row.get("p_value")), inference=CRV1_LABEL,
            n_clusters=row["n_units"], n_units=row["n_units"], higher_is_better=_good_direction(row["metric"])))
    return out


def _online_tests(att: pd.DataFrame, settings: ServiceLinkSettings) -> list[_Test]:
    """The online-launch ATTs (Sun & Abraham of the declared metrics is primary; below 10 starting
    units the verdict is ``insufficient_data``)."""
    out = []
    for _, r in att.dropna(subset=["estimate"]).iterrows():
        primary = r["method"] == "sunab" and r["metric"] in settings.online_primary_metrics
        out.append(_Test(
            record={"code": online_att_code(r["method"], r["metric"]), "estimate": r["estimate"],
                    "ci_low": r["ci_low"], "ci_high": r["ci_high"], "n": int(r["n_obs"]),
                    "unit": r["metric"], "n_of": "unit-quarters",
                    "note": f"{int(r['n_treated_units'])} starting units; {r['method']}"},
            metric=r["metric"], primary=primary, p_value=_p(r.get("p_value")),
            inference=r.get("inference", CRV1_LABEL), n_clusters=r.get("n_clusters"),
            n_units=r["n_treated_units"], min_units=10, higher_is_better=_good_direction(r["metric"])))
    return out


def _it_tests(it_training: pd.DataFrame) -> list[_Test]:
    """The IT-training contrast within start cohort and event time (exploratory)."""
    out = []
    within = it_training.loc[(it_training["group"] == "difference_within_cells") & it_training["estimate"].notna()]
    for _, r in within.iterrows():
        groups = it_training.loc[it_training["metric"] == r["metric"]].set_index("group")["n_treated_units"]
        out.append(_Test(
            record={"code": it_training_extra_code(r["metric"]), "estimate": r["estimate"],
                    "ci_low": r["ci_low"], "ci_high": r["ci_high"], "n": int(r["n_obs"]),
                    "unit": r["metric"], "n_of": "unit-quarters",
                    "note": f"{int(groups['it_trained'])} IT-trained vs {int(groups['not_it_trained'])} "
                            "other starting units, within start cohort and event time"},
            metric=r["metric"], primary=False, p_value=_p(r.get("p_value")),
            inference=r.get("inference", CRV1_LABEL) if pd.notna(r.get("inference", CRV1_LABEL)) else CRV1_LABEL,
            n_clusters=r.get("n_clusters"),
            n_units=min(int(groups["it_trained"]), int(groups["not_it_trained"])),
            higher_is_better=_good_direction(r["metric"])))
    return out


def _sector_tests(sectors: pd.DataFrame) -> list[_Test]:
    """Sector slopes (per :data:`JP_STEP`) and the test of equal slopes (robustness annex).

    A sector below the minimum units (not tested) is recorded with ``insufficient_data`` and
    no p-value; the equality test only when at least two sectors were tested.
    """
    out = []
    st = effect_statements(sectors)
    for _, r in st.iterrows():
        tested = bool(r.get("enough_units", True)) and pd.notna(r["p_value"])
        out.append(_Test(
            record={"code": f"{SECTOR_SLOPE}.{r['metric']}", "group": str(r["sector"]),
                    "estimate": r["change"], "ci_low": r["change_ci_low"] if tested else None,
                    "ci_high": r["change_ci_high"] if tested else None, "n": int(r["n_obs"]),
                    "unit": r["metric"], "n_of": "unit-quarters",
                    "note": f"{int(r['n_units'])} units in the sector; per +{JP_STEP:g} JP per staff member"},
            metric=r["metric"], primary=False, p_value=_p(r["p_value"]) if tested else math.nan,
            inference=str(r.get("inference") or "") or None, n_clusters=r.get("n_clusters", r["n_units"]),
            higher_is_better=_good_direction(r["metric"]), testable=tested))
    if len(sectors):
        first = sectors.iloc[0]
        n_tested = int(first.get("equal_slopes_sectors", 0) or 0)
        units = sectors.loc[sectors.get("enough_units", True) == True, "n_units"].sum()  # noqa: E712
        out.append(_Test(
            record={"code": f"{SECTOR_EQUAL_SLOPES}.{first['metric']}", "estimate": None,
                    "n": n_tested, "unit": "", "n_of": "sectors",
                    "note": f"Wald test that the {n_tested} tested sectors share one slope"},
            metric=first["metric"], primary=False, p_value=_p(first.get("equal_slopes_p")),
            inference=str(first.get("equal_slopes_inference") or "") or None,
            n_clusters=int(units) if n_tested >= 2 else None, kind="equality", testable=n_tested >= 2))
    return out


def _placebo_tests(placebo: pd.DataFrame) -> list[_Test]:
    """The future-exposure placebo per metric (a clear change is a warning sign, ``higher``/``lower``)."""
    out = []
    for _, r in placebo.loc[placebo["term"] == "future"].iterrows():
        step = EXPOSURE_STEPS.get(str(r["exposure"]), 1.0)
        lo, hi = sorted((r["ci_low"] * step, r["ci_high"] * step))
        out.append(_Test(
            record={"code": f"{PLACEBO_FUTURE}.{r['metric']}", "estimate": r["estimate"] * step,
                    "ci_low": lo, "ci_high": hi, "n": int(r["n_obs"]), "unit": r["metric"],
                    "n_of": "unit-quarters",
                    "note": f"exposure {int(r['lead'])} quarters ahead, per step; should be none"},
            metric=r["metric"], primary=False, p_value=_p(r["p_value"]), inference=CRV1_LABEL,
            n_clusters=r["n_units"], n_units=r["n_units"]))
    return out


def _alternative_tests(alternatives: pd.DataFrame) -> list[_Test]:
    """The main model with each alternative exposure (rows of another exposure than the default)."""
    out = []
    other = alternatives.loc[alternatives["exposure"] != DEFAULT_EXPOSURE]
    for _, r in other.iterrows():
        out.append(_Test(
            record={"code": f"{ALTERNATIVE_EXPOSURE}.{r['metric']}", "group": str(r["exposure"]),
                    "estimate": r["change"], "ci_low": r["change_ci_low"], "ci_high": r["change_ci_high"],
                    "n": int(r["n_obs"]), "unit": r["metric"], "n_of": "unit-quarters",
                    "note": f"exposure {r['exposure']}, per step {r['step']:g}; unit and quarter FE"},
            metric=r["metric"], primary=False, p_value=_p(r.get("p_value")), inference=CRV1_LABEL,
            n_clusters=r["n_units"], n_units=r["n_units"], higher_is_better=_good_direction(r["metric"])))
    return out


def _tests(statements: pd.DataFrame, online_att: pd.DataFrame | None, it_training: pd.DataFrame | None,
           settings: ServiceLinkSettings, sectors: pd.DataFrame | None, placebo: pd.DataFrame | None,
           alternatives: pd.DataFrame | None) -> list[_Test]:
    """Every service-side test, in recording order."""
    tests = _effect_tests(statements, settings)
    if online_att is not None and len(online_att):
        tests += _online_tests(online_att, settings)
    if it_training is not None and len(it_training):
        tests += _it_tests(it_training)
    if sectors is not None and len(sectors):
        tests += _sector_tests(sectors)
    if placebo is not None and len(placebo):
        tests += _placebo_tests(placebo)
    if alternatives is not None and len(alternatives):
        tests += _alternative_tests(alternatives)
    return tests


def _ikm_records(ikm: IkmSummary) -> Iterator[dict[str, object]]:
    if ikm.n_units:
        yield {"code": IKM_SHARE_GOOD, "estimate": ikm.share_good, "ci_low": ikm.ci_low,
               "ci_high": ikm.ci_high, "n": ikm.n_units, "unit": "share", "n_of": "units",
               "inference": "wilson", "note": "share of units in IKM category A or B"}


def exploratory_family_size(numbers: list[dict[str, object]]) -> int:
    """How many tests the exploratory family of :func:`service_verdicts` adjusted together: its
    numbers in :data:`EXPLORATORY_FAMILY` with an adjusted p-value (read off them, not refitted)."""
    return sum(1 for n in numbers if n.get("family") == EXPLORATORY_FAMILY and n.get("p_adjusted") is not None
               and not pd.isna(n["p_adjusted"]))


def service_verdicts(
    statements: pd.DataFrame,
    online_att: pd.DataFrame | None = None,
    it_training: pd.DataFrame | None = None,
    settings: ServiceLinkSettings | None = None,
    *,
    sectors: pd.DataFrame | None = None,
    placebo: pd.DataFrame | None = None,
    alternatives: pd.DataFrame | None = None,
) -> list[dict[str, object]]:
    """The service side's numbers with their verdict fields, the exploratory family Holm-adjusted.

    Primary outcomes (``config/service_link.yaml``) keep their own p-value and get the
    CI verdict; every other test is one family, :data:`EXPLORATORY_FAMILY`, whose p-values
    are Holm-adjusted together (:func:`analysis.stats.comparisons.adjust_pvalues`): the
    other metrics and lags of the exposure effect, the TWFE and other-metric launch
    effects, the IT contrast, and the robustness annex (sector slopes and their equality
    test, the future-exposure placebo, the alternative exposures). A family member's
    verdict is a direction only when its adjusted p-value is below
    :data:`analysis.stats.verdict.ALPHA` (:func:`analysis.stats.verdict.family_verdict`;
    the equality test: :func:`analysis.stats.verdict.equality_verdict`).

    Parameters
    ----------
    statements
        :func:`analysis.linkage.effect_statements` of the exposure effects (every lag).
    online_att, it_training
        ``OnlineResults.att`` and stacked :func:`analysis.linkage.it_training_effect` frames.
    settings
        The declared primary outcomes (:func:`analysis.linkage.settings.load_settings`).
    sectors, placebo, alternatives
        The annex: :func:`analysis.linkage.sector_heterogeneity`,
        :func:`analysis.linkage.placebo_future_exposure` and
        :func:`analysis.linkage.alternative_exposures` outputs.

    Returns
    -------
    list of dict
        The keyword arguments of :meth:`ResultsRecorder.record`, one per test, with
        ``verdict``, ``p_value``, ``p_adjusted`` (``None`` for primary outcomes), ``family``,
        ``primary``, ``inference``, ``n_clusters``.
    """
    settings = settings or load_settings()
    tests = _tests(statements, online_att, it_training, settings, sectors, placebo, alternatives)
    family = [i for i, t in enumerate(tests) if t.in_family]
    adjusted = dict.fromkeys(range(len(tests)), math.nan)
    if family:
        values = adjust_pvalues([tests[i].p_value for i in family], method="holm")
        adjusted.update(zip(family, (float(v) for v in values), strict=True))
    numbers = []
    for i, t in enumerate(tests):
        rec = dict(t.record)
        if t.kind == "equality":
            code = equality_verdict(adjusted[i], testable=t.testable)
        elif not t.testable or rec["estimate"] is None or pd.isna(rec["estimate"]):
            code = "insufficient_data"
        else:
            code = family_verdict(rec["ci_low"], rec["ci_high"], primary=t.primary, p_adjusted=adjusted[i],
                                  higher_is_better=t.higher_is_better, n=t.n_units, min_n=t.min_units)
        rec.update(
            verdict=code, p_value=t.p_value, p_adjusted=None if t.primary else adjusted[i],
            family=None if t.primary else EXPLORATORY_FAMILY, primary=t.primary, inference=t.inference,
            n_clusters=None if t.n_clusters is None or pd.isna(t.n_clusters) else int(t.n_clusters),
        )
        numbers.append(rec)
    return numbers


def recorded_number(numbers: Sequence[Mapping[str, object]], code: str,
                    group: str | None = None) -> Mapping[str, object] | None:
    """The number with ``code`` (and ``group``) among :func:`service_verdicts` (or recorded rows)."""
    for n in numbers:
        if n.get("code") == code and n.get("group") == group:
            return n
    return None


def with_recorded_verdicts(frame: pd.DataFrame, numbers: Sequence[Mapping[str, object]],
                           code: str | None = None) -> pd.DataFrame:
    """``frame`` with the recorded ``verdict_code``, ``p_adjusted``, ``family`` and ``primary`` of each row.

    The row's code: ``code`` when given (one per metric, e.g. :data:`SECTOR_SLOPE`; ``group``
    the row's ``sector``); for placebo rows (``term``) :data:`PLACEBO_FUTURE`; for IT-contrast
    rows (``group``) :func:`it_training_extra_code`; for launch rows (``method``)
    :func:`online_att_code`; else the exposure effect (:func:`lagged_effect_code`) for rows of
    the default exposure and :data:`ALTERNATIVE_EXPOSURE` (``group`` the exposure) for the
    others. Rows without a recorded number get ``None``. Sentences read these columns, so
    they say what ``results.json`` holds.
    """
    def lookup(row: pd.Series) -> Mapping[str, object] | None:
        metric = row["metric"]
        if code is not None:
            return recorded_number(numbers, f"{code}.{metric}", str(row["sector"]) if "sector" in row else None)
        if "term" in row:  # placebo: only the future term is a test
            return recorded_number(numbers, f"{PLACEBO_FUTURE}.{metric}") if row["term"] == "future" else None
        if "group" in row:  # IT contrast: the within-cells difference is the recorded one
            return (recorded_number(numbers, it_training_extra_code(metric))
                    if row["group"] == "difference_within_cells" else None)
        if "method" in row:
            return recorded_number(numbers, online_att_code(str(row["method"]), metric))
        if row.get("exposure", DEFAULT_EXPOSURE) == DEFAULT_EXPOSURE:
            return recorded_number(numbers, lagged_effect_code(metric, int(row.get("lag", 0) or 0)))
        return recorded_number(numbers, f"{ALTERNATIVE_EXPOSURE}.{metric}", str(row["exposure"]))

    found = [lookup(r) or {} for _, r in frame.iterrows()]
    out = frame.copy()
    for col, key in (("verdict_code", "verdict"), ("p_adjusted", "p_adjusted"), ("family", "family"),
                     ("primary", "primary")):
        out[col] = pd.Series([n.get(key) for n in found], index=frame.index, dtype=object)
    return out


def record_results(
    rec: ResultsRecorder,
    period: str,
    statements: pd.DataFrame,
    ikm: IkmSummary | None = None,
    online_att: pd.DataFrame | None = None,
    it_training: pd.DataFrame | None = None,
    settings: ServiceLinkSettings | None = None,
    *,
    sectors: pd.DataFrame | None = None,
    placebo: pd.DataFrame | None = None,
    alternatives: pd.DataFrame | None = None,
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
    sectors, placebo, alternatives
        The robustness annex (see :func:`service_verdicts`): :data:`SECTOR_SLOPE` per
        sector (``group``) and :data:`SECTOR_EQUAL_SLOPES`, :data:`PLACEBO_FUTURE`,
        :data:`ALTERNATIVE_EXPOSURE` per exposure (``group``), all in the exploratory family.
    """
    judged = service_verdicts(statements, online_att, it_training, settings, sectors=sectors,
                              placebo=placebo, alternatives=alternatives)
    effects = [n for n in judged if str(n["code"]).startswith(EFFECT_PER_STEP + ".")]
    numbers = effects + (list(_ikm_records(ikm)) if ikm is not None else [])
    numbers += [n for n in judged if n not in effects]
    for number in numbers:
        rec.record(**number, period=period)
