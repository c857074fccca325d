"""The brief's headline numbers, their traffic lights, and recommendations drawn from them.

The leadership brief opens with the few numbers that matter for a quarter,
each with its 95% confidence interval where it has one, its change from the
previous quarter and a traffic light against the target the city sets in
``config/targets.yaml`` (see :func:`load_targets`):

============================  =======  =========  ==============================================
code                          unit     direction  definition (DESIGN.md)
============================  =======  =========  ==============================================
``jp20_compliance``           share    higher     staff active at the end of Q with >= 20 JP
                                                  credited in Q's year so far
``jp_on_track``               share    higher     ... with >= 5 JP x quarters elapsed
``participation_rate``        share    higher     active staff with >= 1 attended enrollment
                                                  ending in Q
``completion_rate``           share    higher     completed / (completed + dropped + no_show),
                                                  enrollments ending in Q
``learning_gain``             points   higher     mean post - pre score of completed
                                                  enrollments ending in Q (paired t interval)
``budget_absorption``         share    higher     spending year-to-date / allocation
``ikm``                       score    higher     mean IKM (25-100) over the units reporting it
``processing_days``           days     lower      mean processing time over the units reporting it
============================  =======  =========  ==============================================

Shares come from :func:`analysis.coverage.trend` (the same numbers as
:func:`analysis.coverage.jp_compliance` and :func:`analysis.coverage.participation`,
with Wilson intervals), absorption from
:func:`analysis.budget.spending` (a census quantity: no interval), the gain from
:func:`analysis.stats.comparisons.paired_change`, and the service means are means over
units with a t interval (units as the sampling unit; each unit weighs equally).

Per-process memo: when one process writes many OPD briefs from the same data
(the report engine reuses one Python kernel per worker), the city's own numbers
and the all-agency coverage trend are computed once and reused
(:func:`agency_trend`, and the city column of :func:`headline_numbers`). The
memo is keyed by the SHA-256 of every input file, the period and the number of
quarters, holds a few entries, never applies to a dataset built in memory (no
input files), and is emptied by :func:`clear_memo`.

Traffic lights (:func:`traffic_light`): for a higher-is-better number, green
when the estimate is at or above the target, amber when it is within the amber
band below it, red otherwise (mirrored for lower-is-better numbers); "none"
when the number or its target is missing, and "insufficient" when it rests on
fewer than ``min_n`` observations ("no_data" when there is no number at all).
The light judges the point estimate; the
interval is shown beside it so a reader sees how sure it is.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats as sps

from analysis.data.dataset import Dataset
from analysis.data.definitions import enrollment_facts
from analysis.data.paths import CONFIG_DIR
from analysis.data.periods import format_period, parse_period, shift_period
from analysis.text import fmt
from analysis.text.fmt import Lang, check_lang, code_label

DEFAULT_TARGETS = CONFIG_DIR / "targets.yaml"
#: The format other formats are compared with (as in the outcomes models).
REFERENCE_MODALITY = "classroom"
#: Lights a number can get.
STATUSES: tuple[str, ...] = ("green", "amber", "red", "no_data", "insufficient", "none")


@dataclass(frozen=True)
class MetricSpec:
    """What a headline number is: its unit, direction (+1 higher is better) and labels."""

    code: str
    unit: str
    direction: int
    label_id: str
    label_en: str
    short_id: str
    short_en: str


METRICS: tuple[MetricSpec, ...] = (
    MetricSpec(
        "jp20_compliance", "share", 1,
        "ASN yang sudah memenuhi 20 JP tahun ini", "ASN who reached 20 JP this year",
        "Capaian 20 JP", "20-JP compliance",
    ),
    MetricSpec(
        "jp_on_track", "share", 1,
        "ASN yang JP-nya sesuai jalur (≥ 5 JP per triwulan)", "ASN on track (≥ 5 JP per quarter)",
        "Sesuai jalur 20 JP", "On track to 20 JP",
    ),
    MetricSpec(
        "participation_rate", "share", 1,
        "ASN yang mengikuti pengembangan kompetensi triwulan ini",
        "ASN who took part in development this quarter",
        "Partisipasi", "Participation",
    ),
    MetricSpec(
        "completion_rate", "share", 1,
        "Peserta yang menyelesaikan program", "Enrolments completed",
        "Tingkat kelulusan", "Completion",
    ),
    MetricSpec(
        "learning_gain", "points", 1,
        "Kenaikan nilai pre-test ke post-test (poin)", "Gain from pre-test to post-test (points)",
        "Peningkatan nilai", "Learning gain",
    ),
    MetricSpec(
        "budget_absorption", "share", 1,
        "Serapan anggaran pengembangan kompetensi (s.d. triwulan ini)",
        "Development budget absorbed (year to date)",
        "Serapan anggaran", "Budget absorption",
    ),
    MetricSpec(
        "ikm", "score", 1,
        "Indeks Kepuasan Masyarakat (rata-rata unit, 25-100)",
        "Public satisfaction index (mean of units, 25-100)",
        "IKM", "IKM",
    ),
    MetricSpec(
        "processing_days", "days", -1,
        "Rata-rata waktu penyelesaian layanan (hari)", "Mean service processing time (days)",
        "Waktu layanan", "Processing time",
    ),
)
_BY_CODE = {m.code: m for m in METRICS}


def metric_spec(code: str) -> MetricSpec:
    """The :class:`MetricSpec` of a headline code (``KeyError`` listing the codes otherwise)."""
    try:
        return _BY_CODE[code]
    except KeyError:
        raise KeyError(f"unknown headline code {code!r}; known: {', '.join(_BY_CODE)}") from None


def metric_label(code: str, lang: Lang = "id", short: bool = False) -> str:
    """The reader's label of a headline code in ``lang``."""
    spec = metric_spec(code)
    if check_lang(lang) == "id":
        return spec.short_id if short else spec.label_id
    return spec.short_en if short else spec.label_en


def format_value(value: float | None, unit: str, lang: Lang = "id") -> str:
    """A headline value for readers: shares as percent, points/days/scores with one decimal."""
    if unit == "share":
        return fmt.percent(value, lang)
    if unit == "idr":
        return fmt.money(value, lang)
    if unit == "days":
        text = fmt.number(value, lang)
        return text if text == fmt.MISSING else f"{text} {'hari' if lang == 'id' else 'days'}"
    return fmt.number(value, lang)


def format_change(change: float | None, unit: str, lang: Lang = "id") -> str:
    """A change from the previous quarter: ``+2,1 poin persentase`` / ``−0,4 hari``."""
    if change is None or (isinstance(change, float) and math.isnan(change)):
        return fmt.MISSING
    if unit == "share":
        word = "poin persentase" if lang == "id" else "percentage points"
        return f"{fmt.points(100 * change, lang)} {word}"
    if unit == "days":
        return f"{fmt.points(change, lang)} {'hari' if lang == 'id' else 'days'}"
    if unit == "points":
        return f"{fmt.points(change, lang)} {'poin' if lang == 'id' else 'points'}"
    return fmt.points(change, lang)


def format_interval(low: float | None, high: float | None, unit: str, lang: Lang = "id") -> str:
    """The 95% CI of a headline value in its unit (percent for shares)."""
    if low is None or high is None or (isinstance(low, float) and math.isnan(low)) or (
        isinstance(high, float) and math.isnan(high)
    ):
        return fmt.MISSING
    if unit == "share":
        joiner = "s.d." if lang == "id" else "to"
        label = "IK 95%" if lang == "id" else "95% CI"
        return f"{label} {fmt.percent(low, lang)} {joiner} {fmt.percent(high, lang)}"
    return fmt.interval(low, high, lang)


def format_change_interval(low: float | None, high: float | None, unit: str, lang: Lang = "id") -> str:
    """The 95% CI of a change, in the change's unit (percentage points for shares)."""
    if low is None or high is None or math.isnan(_f(low)) or math.isnan(_f(high)):
        return fmt.MISSING
    if unit == "share":
        return f"{fmt.interval(100 * float(low), 100 * float(high), lang)} " + ("poin persen" if lang == "id" else "percentage points")
    return fmt.interval(low, high, lang)


# --------------------------------------------------------------------------- targets


@dataclass(frozen=True)
class Target:
    """The city's target for one headline number.

    ``target`` is one value, or four values for the end of Q1..Q4 (numbers that
    build up over the year, such as 20-JP compliance and absorption).
    ``amber_band`` is the distance from the target (in the number's unit) that is
    still amber; ``direction`` +1 higher is better, -1 lower is better;
    ``min_n`` the fewest observations for a light.
    """

    code: str
    target: tuple[float, ...]
    amber_band: float
    direction: int
    min_n: int = 30
    note: str = ""

    def value_for(self, period: str | pd.Period) -> float:
        """The target at the end of ``period`` (the quarter's entry of a four-value target)."""
        if len(self.target) == 1:
            return self.target[0]
        return self.target[parse_period(period).quarter - 1]


def _parse_direction(value: object, code: str) -> int:
    if value in ("higher", 1, "+1"):
        return 1
    if value in ("lower", -1, "-1"):
        return -1
    raise ValueError(f"targets: {code}.direction must be 'higher' or 'lower'; got {value!r}")


def targets_from_mapping(config: Mapping[str, Any]) -> dict[str, Target]:
    """Build and check :class:`Target` s from the parsed ``targets.yaml`` mapping.

    Raises
    ------
    ValueError
        For an unknown code, a missing ``target``, a target list that is not 4
        values long, a negative ``amber_band`` or ``min_n``, or a bad ``direction``.
    """
    if not isinstance(config, Mapping) or "metrics" not in config:
        raise ValueError("targets: the file must have a 'metrics:' mapping")
    defaults = dict(config.get("defaults") or {})
    out: dict[str, Target] = {}
    for code, entry in (config.get("metrics") or {}).items():
        if code not in _BY_CODE:
            raise ValueError(f"targets: unknown metric {code!r}; known: {', '.join(_BY_CODE)}")
        entry = {**defaults, **(entry or {})}
        if "target" not in entry or entry["target"] is None:
            raise ValueError(f"targets: {code} has no 'target'")
        raw = entry["target"]
        values = tuple(float(v) for v in raw) if isinstance(raw, list | tuple) else (float(raw),)
        if len(values) not in (1, 4):
            raise ValueError(f"targets: {code}.target must be one value or four (Q1..Q4); got {len(values)}")
        band = float(entry.get("amber_band", 0.0))
        min_n = int(entry.get("min_n", 30))
        if band < 0 or min_n < 0:
            raise ValueError(f"targets: {code}.amber_band and min_n must be >= 0")
        direction = _parse_direction(entry.get("direction", "higher" if _BY_CODE[code].direction > 0 else "lower"), code)
        out[code] = Target(code, values, band, direction, min_n, str(entry.get("note", "")))
    return out


def load_targets(path: str | Path | None = None) -> dict[str, Target]:
    """Read the city's targets (default ``analysis/config/targets.yaml``)."""
    import yaml

    path = Path(path) if path is not None else DEFAULT_TARGETS
    if not path.exists():
        raise FileNotFoundError(f"targets file not found: {path}")
    return targets_from_mapping(yaml.safe_load(path.read_text(encoding="utf-8")) or {})


def traffic_light(
    estimate: float | None,
    target: float | None,
    amber_band: float,
    direction: int = 1,
    n: int | None = None,
    min_n: int = 0,
) -> str:
    """Green / amber / red for one number against its target.

    Higher is better (``direction=1``): green if ``estimate >= target``, amber if
    ``estimate >= target - amber_band``, else red; lower is better: green if
    ``estimate <= target``, amber if ``<= target + amber_band``, else red.
    ``"no_data"`` when the estimate is missing, ``"none"`` when the target is;
    ``"insufficient"`` when ``n`` is given and below ``min_n``.
    """
    if direction not in (1, -1):
        raise ValueError(f"direction must be 1 or -1; got {direction!r}")
    if estimate is None or not np.isfinite(estimate):
        return "no_data"
    if target is None or not np.isfinite(target):
        return "none"
    if n is not None and n < min_n:
        return "insufficient"
    gap = (estimate - target) * direction  # >= 0: at or better than target
    if gap >= -1e-12:
        return "green"
    if gap >= -amber_band - 1e-12:
        return "amber"
    return "red"


# --------------------------------------------------------------------------- the numbers


@dataclass(frozen=True)
class Value:
    """One computed number: estimate, 95% CI (NaN when none) and n."""

    estimate: float = math.nan
    ci_low: float = math.nan
    ci_high: float = math.nan
    n: int | None = None


def _f(x: object) -> float:
    try:
        out = float(x)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return math.nan
    return out


def mean_ci(values: pd.Series | np.ndarray, level: float = 0.95) -> Value:
    """Mean with a t interval (NaN interval for n < 2)."""
    x = pd.Series(values, dtype=float).dropna().to_numpy()
    n = len(x)
    if n == 0:
        return Value(n=0)
    m = float(x.mean())
    if n < 2:
        return Value(m, n=n)
    se = float(x.std(ddof=1) / math.sqrt(n))
    t = float(sps.t.ppf(0.5 + level / 2, n - 1))
    return Value(m, m - t * se, m + t * se, n)


def learning_gain(facts: pd.DataFrame, period: str) -> Value:
    """Mean gain (post - pre) of completed enrollments ending in ``period`` (paired t CI)."""
    from analysis.stats.comparisons import paired_change

    rows = facts.loc[facts["period"].eq(period) & facts["gain"].notna()]
    if len(rows) < 2:
        return Value(float(rows["gain"].mean()) if len(rows) else math.nan, n=len(rows))
    res = paired_change(rows["pre_score"].to_numpy(float), rows["post_score"].to_numpy(float)).iloc[0]
    return Value(_f(res["estimate"]), _f(res["ci_low"]), _f(res["ci_high"]), int(res["n"]))


def service_mean(service_metrics: pd.DataFrame, period: str, metric: str) -> Value:
    """Mean of a service metric over the units reporting it in ``period`` (t CI over units)."""
    rows = service_metrics.loc[service_metrics["period"].eq(period) & service_metrics["metric"].eq(metric)]
    return mean_ci(rows.groupby("unit_id")["value"].mean())


#: Headline codes taken from :func:`analysis.coverage.trend` (code -> the trend's metric).
TREND_METRICS: dict[str, str] = {
    "jp20_compliance": "share_meeting_20jp",
    "jp_on_track": "share_on_track",
    "participation_rate": "participation_rate",
    "completion_rate": "completion_rate",
}


def _period_values(ds: Dataset, period: str, facts: pd.DataFrame, trend: pd.DataFrame) -> dict[str, Value]:
    from analysis.budget import spending

    out: dict[str, Value] = {}
    rows = trend.loc[trend["period"].eq(period)].set_index("metric")
    for code, metric in TREND_METRICS.items():
        if metric in rows.index:
            r = rows.loc[metric]
            out[code] = Value(_f(r["estimate"]), _f(r["ci_low"]), _f(r["ci_high"]), int(r["n"]))
        else:
            out[code] = Value()
    out["learning_gain"] = learning_gain(facts, period)
    spend = spending(ds, period, by=None, facts=facts).iloc[0]
    out["budget_absorption"] = Value(_f(spend["absorption"]))
    out["ikm"] = service_mean(ds.service_metrics, period, "ikm")
    out["processing_days"] = service_mean(ds.service_metrics, period, "processing_days")
    return out


_MEMO: OrderedDict[tuple, Any] = OrderedDict()
_MEMO_SIZE = 8


def clear_memo() -> None:
    """Forget every memoized city-wide result (see the module notes)."""
    _MEMO.clear()


def _dataset_key(ds: Dataset) -> tuple | None:
    if not ds.files:
        return None
    return tuple(sorted((str(f.path), f.sha256) for f in ds.files))


def _memoized(ds: Dataset, key: tuple, compute: Callable[[], Any]) -> Any:
    data_key = _dataset_key(ds)
    if data_key is None:
        return compute()
    full = (*key, data_key)
    if full in _MEMO:
        _MEMO.move_to_end(full)
        return _MEMO[full]
    value = compute()
    _MEMO[full] = value
    while len(_MEMO) > _MEMO_SIZE:
        _MEMO.popitem(last=False)
    return value


def agency_trend(ds: Dataset, period: str | pd.Period, agency: str, quarters: int = 8) -> pd.DataFrame:
    """:func:`analysis.coverage.trend` of one OPD, cut from the all-agency trend (memoized).

    Equal to ``coverage.trend(coverage.restrict_to_agency(ds, agency), period, quarters)``
    (the tests check it): the trend of every agency is computed once per process
    and data, then each OPD's brief takes its rows.
    """
    from analysis.coverage import restrict_to_agency, trend

    period = format_period(period)
    every = _memoized(ds, ("agency_trend", period, quarters), lambda: trend(ds, period, quarters=quarters, by="agency_id"))
    mine = every.loc[every["agency_id"].eq(agency)].drop(columns="agency_id").reset_index(drop=True)
    if mine.empty:  # an OPD with no staff at all: its own (empty) trend, or a clear error if unknown
        return trend(restrict_to_agency(ds, agency), period, quarters=quarters)
    return mine


def city_trend_from_agencies(ds: Dataset, period: str | pd.Period, quarters: int = 8) -> pd.DataFrame:
    """The city's coverage trend (``period``, ``metric``, ``estimate``, ``n``) from the all-agency trend.

    Every rate of :func:`analysis.coverage.trend` is a share of its ``n`` (staff
    or decided enrollments) and ``jp_mean`` a mean over staff, and every employee
    belongs to one agency, so the city's value is the ``n``-weighted mean of the
    agencies' values, exactly. No intervals (NaN): for the comparison line of an
    OPD's brief. Shares the memo of :func:`agency_trend`.
    """
    from analysis.coverage import trend

    period = format_period(period)
    every = _memoized(ds, ("agency_trend", period, quarters), lambda: trend(ds, period, quarters=quarters, by="agency_id"))
    ok = every.dropna(subset=["estimate"]).loc[lambda d: d["n"] > 0]
    weighted = ok.assign(w=ok["estimate"] * ok["n"]).groupby(["period", "metric"], as_index=False)[["w", "n"]].sum()
    weighted["estimate"] = weighted["w"] / weighted["n"]
    return weighted[["period", "metric", "estimate", "n"]]


HEADLINE_COLUMNS: tuple[str, ...] = (
    "code", "unit", "direction", "scope", "period", "estimate", "ci_low", "ci_high", "n",
    "previous_period", "previous", "change", "change_ci_low", "change_ci_high",
    "target", "amber_band", "status", "city_estimate",
)


def change_interval(now: Value, before: Value) -> tuple[float, float]:
    """95% CI of ``now - before`` from the two numbers' own 95% CIs (MOVER).

    Zou & Donner's (2008) method of variance estimates recovery, "square and add":
    with d = e1 - e0,
    L = d - sqrt((e1 - l1)^2 + (u0 - e0)^2) and U = d + sqrt((u1 - e1)^2 + (e0 - l0)^2).
    With Wilson intervals for two proportions this is Newcombe's (1998) method 10;
    with t intervals for two means it is close to Welch's. It treats the two
    quarters as independent samples; the staff of consecutive quarters overlap,
    which usually makes the interval somewhat conservative. NaN when either
    number has no CI.

    References
    ----------
    Newcombe RG (1998). Interval estimation for the difference between independent
    proportions. Statistics in Medicine 17, 873-890.
    Zou GY, Donner A (2008). Construction of confidence limits about effect measures:
    a general approach. Statistics in Medicine 27, 1693-1702.
    """
    values = (now.estimate, now.ci_low, now.ci_high, before.estimate, before.ci_low, before.ci_high)
    if any(math.isnan(_f(x)) for x in values):
        return math.nan, math.nan
    e1, l1, u1, e0, l0, u0 = (float(x) for x in values)
    d = e1 - e0
    return d - math.hypot(e1 - l1, u0 - e0), d + math.hypot(u1 - e1, e0 - l0)


def _resolve_targets(targets: Mapping[str, Target] | str | Path | None) -> Mapping[str, Target]:
    if targets is None or isinstance(targets, str | Path):
        return load_targets(targets)
    return targets


def headline_numbers(
    ds: Dataset,
    period: str | pd.Period,
    targets: Mapping[str, Target] | str | Path | None = None,
    agency: str | None = None,
    *,
    city: pd.DataFrame | None = None,
    trend: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The brief's headline numbers for ``period`` and their change from the quarter before.

    Parameters
    ----------
    ds
        The dataset.
    period
        The quarter Q (``"2026Q3"``); the previous quarter is Q-1.
    targets
        :func:`load_targets` output, a path to a targets YAML, or ``None`` for the
        project's ``config/targets.yaml``.
    agency
        An agency_id: the numbers of that OPD (its units, staff, enrollments,
        budget and service metrics, see :func:`analysis.coverage.restrict_to_agency`),
        with the city's value beside each; ``None`` or ``"all"``: the city.
    city
        The city's headline frame for Q, if already computed (saves time when
        one brief per OPD is made); only its ``code`` and ``estimate`` are used.
    trend
        :func:`analysis.coverage.trend` of the same scope (the city, or the agency's
        part of the data) covering Q-1 and Q, if already computed (the brief
        computes eight quarters for its trend chart); else it is computed for two.

    Returns
    -------
    DataFrame
        One row per headline code in :data:`METRICS` order, columns
        :data:`HEADLINE_COLUMNS`: ``code``, ``unit`` (share, points, score, days),
        ``direction`` (+1 higher is better, -1 lower), ``scope`` ("city" or the
        agency_id), ``period``, ``estimate``, ``ci_low``/``ci_high`` (95%; NaN where
        the number has no sampling uncertainty, e.g. absorption), ``n`` (staff,
        decided enrollments, scored enrollments or units; ``<NA>`` for absorption),
        ``previous_period``, ``previous`` (the estimate in Q-1), ``change``
        (estimate - previous; shares in proportion units) with its 95% CI
        ``change_ci_low``/``change_ci_high`` (:func:`change_interval`), ``target`` (for Q),
        ``amber_band``, ``status`` (see :func:`traffic_light`) and
        ``city_estimate`` (the city's value; equals ``estimate`` for the city).

    Notes
    -----
    Year-to-date numbers (20-JP compliance, absorption) restart every January,
    so a Q1 change from Q4 says little; the targets are per quarter for that
    reason. A number with no data is NaN with status "none".
    """
    period = format_period(period)
    prev = shift_period(period, -1)
    targets = _resolve_targets(targets)
    scope = "city"
    sub = ds
    if agency is not None and agency != "all":
        from analysis.coverage import restrict_to_agency

        sub = restrict_to_agency(ds, agency)
        scope = agency
    from analysis.coverage import trend as coverage_trend

    facts = enrollment_facts(sub)
    if trend is None or not {period, prev} <= set(trend["period"]):
        trend = coverage_trend(sub, period, quarters=2)
    now = _period_values(sub, period, facts, trend)
    before = _period_values(sub, prev, facts, trend)
    if scope == "city":
        city_values = {k: v.estimate for k, v in now.items()}
    elif city is not None:
        city_values = dict(zip(city["code"], city["estimate"].astype(float), strict=True))
    else:
        city_values = _memoized(
            ds,
            ("city_values", period),
            lambda: {
                k: v.estimate
                for k, v in _period_values(ds, period, enrollment_facts(ds), coverage_trend(ds, period, quarters=1)).items()
            },
        )
    rows = []
    for spec in METRICS:
        v, p = now[spec.code], before[spec.code]
        tgt = targets.get(spec.code)
        target = tgt.value_for(period) if tgt else math.nan
        direction = tgt.direction if tgt else spec.direction
        status = (
            traffic_light(v.estimate, target, tgt.amber_band, direction, v.n, tgt.min_n)
            if tgt
            else "none"
        )
        rows.append(
            {
                "code": spec.code,
                "unit": spec.unit,
                "direction": direction,
                "scope": scope,
                "period": period,
                "estimate": v.estimate,
                "ci_low": v.ci_low,
                "ci_high": v.ci_high,
                "n": v.n,
                "previous_period": prev,
                "previous": p.estimate,
                "change": v.estimate - p.estimate,
                "change_ci_low": change_interval(v, p)[0],
                "change_ci_high": change_interval(v, p)[1],
                "target": target,
                "amber_band": tgt.amber_band if tgt else math.nan,
                "status": status,
                "city_estimate": city_values.get(spec.code, math.nan),
            }
        )
    out = pd.DataFrame(rows, columns=list(HEADLINE_COLUMNS))
    out["n"] = out["n"].astype("Int64")
    for col in ("estimate", "ci_low", "ci_high", "previous", "change", "change_ci_low", "change_ci_high",
                "target", "amber_band", "city_estimate"):
        out[col] = out[col].astype(float)
    return out


#: Headline numbers whose ``n`` counts service units, not people (means over the units
#: reporting a service metric): not subject to disclosure control (``docs/disclosure.md``).
UNIT_BASED_CODES: frozenset[str] = frozenset({"ikm", "processing_days"})


def record_headline(recorder: Any, frame: pd.DataFrame) -> None:
    """Record every headline number as ``headline.<code>`` (group = scope) in a ResultsRecorder;
    the service means of :data:`UNIT_BASED_CODES` are recorded with ``n_of="units"``."""
    for row in frame.itertuples(index=False):
        recorder.record(
            f"headline.{row.code}",
            row.estimate,
            None if math.isnan(row.ci_low) else row.ci_low,
            None if math.isnan(row.ci_high) else row.ci_high,
            n=None if pd.isna(row.n) else int(row.n),
            unit=row.unit,
            period=row.period,
            group=None if row.scope == "city" else row.scope,
            note=f"status={row.status}; target={row.target}",
            n_of="units" if row.code in UNIT_BASED_CODES else "people",
        )


# --------------------------------------------------------------------------- recommendations


@dataclass(frozen=True)
class Recommendation:
    """One recommendation: the action, the number it rests on, and the rule that fired."""

    rule: str
    text: str
    evidence: str
    priority: int = 2
    codes: tuple[str, ...] = field(default_factory=tuple)


def _row(headline: pd.DataFrame, code: str) -> pd.Series | None:
    hit = headline.loc[headline["code"].eq(code)]
    return None if hit.empty else hit.iloc[0]


def _fmt_row(row: pd.Series, lang: Lang) -> str:
    value = format_value(row["estimate"], row["unit"], lang)
    target = format_value(row["target"], row["unit"], lang)
    return f"{value} (target {target})"  # the same word in both languages


def recommendations(
    headline: pd.DataFrame,
    evidence: Mapping[str, Any] | None = None,
    lang: Lang = "id",
) -> list[Recommendation]:
    """Recommendations that follow from the numbers: each rule fires only when its numbers say so.

    Parameters
    ----------
    headline
        :func:`headline_numbers` output.
    evidence
        Optional tables the rules look at (missing ones switch their rules off):

        - ``formats``: one row per modality with ``modality``, ``cost_per_jp``,
          ``gain``, ``gain_ci_low``, ``gain_ci_high``, ``n`` (scored enrollments) —
          when 20-JP compliance or on-track is not green, the cheapest format
          (n >= 30) that costs less per JP than classroom training and whose gain
          is no worse (its CI reaches classroom's mean gain) is recommended.
        - ``providers``: per provider_type ``provider_type``, ``gain_per_million``
          (mean gain per Rp 1 million per participant), ``n``.
        - ``agencies``: per agency ``agency_id``, ``participation_rate``,
          ``active_staff`` (optional ``name``) — the three lowest-participation
          OPDs with >= 30 staff are named when participation is not green.
        - ``no_show_rate``: the city's no-show rate in Q (a float).
        - ``funding_gap``: ``{"gap_idr":, "remaining_idr":, "shortfall_idr":}``.
        - ``head_effect``: ``{"estimate":, "ci_low":, "ci_high":, "kind":}``: staff
          participation when the unit head took part the quarter before, as a
          difference of shares (``kind`` "difference", default) or an odds ratio
          (``kind`` "odds_ratio"); fires only when the CI excludes no effect.
        - ``service_effect``: ``{"metric":, "estimate":, "ci_low":, "ci_high":}``:
          change in a service metric per +1 JP per staff.
    lang
        ``"id"`` or ``"en"``.

    Returns
    -------
    list of Recommendation
        Sorted by priority (1 first). Empty evidence and all-green numbers give
        one recommendation to keep course, citing the numbers.
    """
    lang = check_lang(lang)
    ev = dict(evidence or {})
    id_ = lang == "id"
    recs: list[Recommendation] = []

    comp = _row(headline, "jp20_compliance")
    track = _row(headline, "jp_on_track")
    behind = [r for r in (comp, track) if r is not None and r["status"] in ("amber", "red")]
    formats = ev.get("formats")
    if behind and isinstance(formats, pd.DataFrame) and not formats.empty:
        ok = formats.loc[(formats["n"] >= 30) & formats["cost_per_jp"].notna() & formats["gain"].notna()]
        ok = ok.sort_values("cost_per_jp")
        ref_rows = ok.loc[ok["modality"].eq(REFERENCE_MODALITY)]
        reference = ref_rows.iloc[0] if len(ref_rows) else None
        ref_gain = reference["gain"] if reference is not None else ok["gain"].mean()
        ref_cost = reference["cost_per_jp"] if reference is not None else ok["cost_per_jp"].median()
        pick = None
        for _, cand in ok.iterrows():
            if cand["modality"] == REFERENCE_MODALITY or cand["cost_per_jp"] >= ref_cost:
                break
            if cand["gain_ci_high"] >= ref_gain:
                pick = cand
                break
        if pick is not None and len(ok) >= 2:
            r = behind[0]
            ratio = ref_cost / pick["cost_per_jp"]
            ref_name = _modality(REFERENCE_MODALITY, lang) if reference is not None else ("rata-rata" if id_ else "the average")
            if id_:
                text = (
                    f"Perluas format {_modality(pick['modality'], lang)} untuk mengejar target 20 JP: "
                    f"biaya per JP-nya lebih rendah dan peningkatan nilainya tidak lebih buruk dari {ref_name}."
                )
                evid = (
                    f"{metric_label(r['code'], lang, short=True)} {_fmt_row(r, lang)}; biaya per JP "
                    f"{fmt.money(pick['cost_per_jp'], lang)} ({fmt.number(ratio, lang)}× lebih murah dari {ref_name}), "
                    f"peningkatan nilai {fmt.number(pick['gain'], lang)} poin ({fmt.interval(pick['gain_ci_low'], pick['gain_ci_high'], lang)}; "
                    f"n = {fmt.number(pick['n'], lang, 0)}) vs {fmt.number(ref_gain, lang)} poin."
                )
            else:
                text = (
                    f"Expand the {_modality(pick['modality'], lang)} format to close the 20-JP gap: it costs less per JP "
                    f"and its learning gain is no worse than {ref_name}."
                )
                evid = (
                    f"{metric_label(r['code'], lang, short=True)} {_fmt_row(r, lang)}; cost per JP "
                    f"{fmt.money(pick['cost_per_jp'], lang)} ({fmt.number(ratio, lang)}× cheaper than {ref_name}), "
                    f"gain {fmt.number(pick['gain'], lang)} points ({fmt.interval(pick['gain_ci_low'], pick['gain_ci_high'], lang)}; "
                    f"n = {fmt.number(pick['n'], lang, 0)}) vs {fmt.number(ref_gain, lang)} points."
                )
            recs.append(Recommendation("cheaper_format", text, evid, 1, (r["code"],)))
    if behind and not any(rec.rule == "cheaper_format" for rec in recs):
        r = behind[0]
        text = (
            "Percepat pemenuhan 20 JP: jadwalkan pelatihan bagi ASN yang belum mendapat JP tahun ini."
            if id_
            else "Speed up the 20 JP: schedule training for ASN with no JP yet this year."
        )
        recs.append(
            Recommendation("jp_behind", text, f"{metric_label(r['code'], lang, short=True)} {_fmt_row(r, lang)}.", 1, (r["code"],))
        )

    gap = ev.get("funding_gap")
    if behind and isinstance(gap, Mapping) and _f(gap.get("shortfall_idr")) > 0:
        city_short = _f(gap.get("gap_idr")) > max(0.0, _f(gap.get("remaining_idr")))
        money = {k: fmt.money(max(0.0, _f(gap.get(k))), lang) for k in ("gap_idr", "remaining_idr", "shortfall_idr")}
        if id_:
            text = (
                "Ajukan tambahan anggaran atau alihkan ke format yang lebih murah: sisa pagu tidak cukup untuk 20 JP."
                if city_short
                else "Alihkan sisa pagu antar-OPD: pagu kota cukup untuk 20 JP, tetapi sebagian OPD kekurangan dana."
            )
            evid = (
                f"Biaya agar semua ASN mencapai 20 JP {money['gap_idr']}; sisa pagu {money['remaining_idr']}; "
                f"kekurangan di OPD yang sisa pagunya tidak cukup {money['shortfall_idr']}."
            )
        else:
            text = (
                "Seek more budget or shift to cheaper formats: the remaining allocation does not cover 20 JP."
                if city_short
                else "Move remaining allocation between agencies: the city's covers 20 JP, but some agencies fall short."
            )
            evid = (
                f"Cost of bringing every ASN to 20 JP {money['gap_idr']}; remaining allocation {money['remaining_idr']}; "
                f"shortfall in the agencies whose remaining allocation is not enough {money['shortfall_idr']}."
            )
        recs.append(Recommendation("funding_shortfall", text, evid, 1, ("budget_absorption",)))

    part = _row(headline, "participation_rate")
    agencies = ev.get("agencies")
    if part is not None and part["status"] in ("amber", "red"):
        named = ""
        if isinstance(agencies, pd.DataFrame) and not agencies.empty:
            low = agencies.loc[agencies["active_staff"] >= 30].nsmallest(3, "participation_rate")
            label = low["name"] if "name" in low else low["agency_id"]
            named = ", ".join(
                f"{a} ({fmt.percent(p, lang)})" for a, p in zip(label, low["participation_rate"], strict=True)
            )
        if id_:
            text = "Jangkau ASN yang belum tersentuh pengembangan kompetensi" + (f", mulai dari {named}." if named else ".")
            evid = f"Partisipasi {_fmt_row(part, lang)}."
        else:
            text = "Reach the ASN no development has reached yet" + (f", starting with {named}." if named else ".")
            evid = f"Participation {_fmt_row(part, lang)}."
        recs.append(Recommendation("participation_low", text, evid, 1, ("participation_rate",)))

    compl = _row(headline, "completion_rate")
    no_show = _f(ev.get("no_show_rate"))
    if compl is not None and compl["status"] in ("amber", "red"):
        if id_:
            text = "Kurangi peserta yang tidak hadir dan mengundurkan diri: konfirmasi kehadiran dan izin atasan sebelum program."
            evid = f"Tingkat kelulusan {_fmt_row(compl, lang)}" + (
                f"; tidak hadir {fmt.percent(no_show, lang)}." if not math.isnan(no_show) else "."
            )
        else:
            text = "Cut no-shows and drop-outs: confirm attendance and the supervisor's release before each programme."
            evid = f"Completion {_fmt_row(compl, lang)}" + (
                f"; no-shows {fmt.percent(no_show, lang)}." if not math.isnan(no_show) else "."
            )
        recs.append(Recommendation("completion_low", text, evid, 2, ("completion_rate",)))

    head = ev.get("head_effect")
    if isinstance(head, Mapping):
        odds = head.get("kind") == "odds_ratio"
        if (odds and _f(head.get("ci_low")) > 1) or (not odds and _f(head.get("ci_low")) > 0):
            if odds:
                size = (
                    f"peluang berpartisipasi {fmt.number(_f(head['estimate']), lang, 2)}× "
                    f"({fmt.interval(head['ci_low'], head['ci_high'], lang, 2)})"
                    if id_
                    else f"odds of taking part {fmt.number(_f(head['estimate']), lang, 2)}× "
                    f"({fmt.interval(head['ci_low'], head['ci_high'], lang, 2)})"
                )
            else:
                size = (
                    f"partisipasi {fmt.points(100 * _f(head['estimate']), lang)} poin persentase "
                    f"({fmt.interval(100 * _f(head['ci_low']), 100 * _f(head['ci_high']), lang)})"
                    if id_
                    else f"participation {fmt.points(100 * _f(head['estimate']), lang)} percentage points "
                    f"({fmt.interval(100 * _f(head['ci_low']), 100 * _f(head['ci_high']), lang)})"
                )
            if id_:
                text = "Libatkan kepala unit dalam pelatihan: staf di unit yang kepalanya ikut pelatihan lebih banyak berpartisipasi."
                evid = f"Staf dengan kepala unit yang ikut pelatihan triwulan sebelumnya: {size}; asosiasi, bukan bukti sebab-akibat."
            else:
                text = "Involve unit heads in training: staff of heads who take part participate more."
                evid = f"Staff whose unit head trained the quarter before: {size}; an association, not proof of cause."
            recs.append(Recommendation("leaders_take_part", text, evid, 2, ("participation_rate",)))

    providers = ev.get("providers")
    if isinstance(providers, pd.DataFrame) and len(providers.loc[providers["n"] >= 30]) >= 2:
        ok = providers.loc[providers["n"] >= 30].sort_values("gain_per_million", ascending=False)
        best, internal = ok.iloc[0], ok.loc[ok["provider_type"].eq("internal")]
        if best["provider_type"] != "internal" and not internal.empty:
            base = internal.iloc[0]["gain_per_million"]
            if best["gain_per_million"] > 1.2 * base:
                if id_:
                    text = f"Perluas kemitraan dengan {_provider(best['provider_type'], lang)}: hasil belajar per rupiah lebih tinggi dari pelatihan internal."
                    evid = (
                        f"{fmt.number(best['gain_per_million'], lang, 2)} poin per Rp 1 juta per peserta vs "
                        f"{fmt.number(base, lang, 2)} untuk internal (n = {fmt.number(best['n'], lang, 0)})."
                    )
                else:
                    text = f"Extend partnerships with {_provider(best['provider_type'], lang)} providers: more learning per rupiah than in-house training."
                    evid = (
                        f"{fmt.number(best['gain_per_million'], lang, 2)} points per IDR 1 million per participant vs "
                        f"{fmt.number(base, lang, 2)} in-house (n = {fmt.number(best['n'], lang, 0)})."
                    )
                recs.append(Recommendation("partners_per_rupiah", text, evid, 2, ("learning_gain",)))

    service = ev.get("service_effect")
    for code in ("ikm", "processing_days"):
        row = _row(headline, code)
        if row is None or row["status"] not in ("amber", "red"):
            continue
        effect_ok = (
            isinstance(service, Mapping)
            and service.get("metric") == code
            and (_f(service.get("ci_high")) < 0 if metric_spec(code).direction < 0 else _f(service.get("ci_low")) > 0)
        )
        if id_:
            text = f"Prioritaskan pelatihan teknis dan pelayanan publik di unit layanan dengan {metric_label(code, lang, short=True)} terlemah."
            evid = f"{metric_label(code, lang, short=True)} {_fmt_row(row, lang)}."
            if effect_ok:
                evid += f" Tiap +1 JP per pegawai berkaitan dengan perubahan {fmt.points(service['estimate'], lang, 2)} ({fmt.interval(service['ci_low'], service['ci_high'], lang, 2)})."
        else:
            text = f"Prioritise technical and public-service training in the units with the weakest {metric_label(code, lang, short=True)}."
            evid = f"{metric_label(code, lang, short=True)} {_fmt_row(row, lang)}."
            if effect_ok:
                evid += f" Each +1 JP per staff goes with a change of {fmt.points(service['estimate'], lang, 2)} ({fmt.interval(service['ci_low'], service['ci_high'], lang, 2)})."
        recs.append(Recommendation(f"service_{code}", text, evid, 2 if effect_ok else 3, (code,)))
        break

    absorb = _row(headline, "budget_absorption")
    if absorb is not None and absorb["status"] in ("amber", "red") and not any(r.rule == "funding_shortfall" for r in recs):
        if id_:
            text = "Percepat pelaksanaan program yang sudah dianggarkan: serapan anggaran tertinggal dari rencana."
            evid = f"Serapan {_fmt_row(absorb, lang)}."
        else:
            text = "Speed up the programmes already budgeted: absorption lags the plan."
            evid = f"Absorption {_fmt_row(absorb, lang)}."
        recs.append(Recommendation("absorption_low", text, evid, 2, ("budget_absorption",)))

    gain = _row(headline, "learning_gain")
    if gain is not None and gain["status"] in ("amber", "red"):
        if id_:
            text = "Tinjau materi dan metode program dengan peningkatan nilai terendah."
            evid = f"Peningkatan nilai {_fmt_row(gain, lang)} poin."
        else:
            text = "Review the content and method of the programmes with the lowest learning gain."
            evid = f"Learning gain {_fmt_row(gain, lang)} points."
        recs.append(Recommendation("gain_low", text, evid, 3, ("learning_gain",)))

    if not recs:
        greens = headline.loc[headline["status"].eq("green")]
        cited = "; ".join(
            f"{metric_label(r['code'], lang, short=True)} {format_value(r['estimate'], r['unit'], lang)}" for _, r in greens.iterrows()
        )
        text = (
            "Pertahankan arah: indikator utama mencapai target; fokus pada pemerataan antar-OPD."
            if id_
            else "Stay the course: the key numbers meet their targets; focus on evenness across agencies."
        )
        recs.append(Recommendation("on_track", text, cited + "." if cited else fmt.MISSING, 3))
    return sorted(recs, key=lambda r: r.priority)


def _modality(code: str, lang: Lang) -> str:
    return code_label(code, lang, in_sentence=True)


def _provider(code: str, lang: Lang) -> str:
    return code_label(code, lang, in_sentence=True)


def modality_label(code: str, lang: Lang = "id") -> str:
    """Reader's name of a modality code (``e_learning`` -> ``e-learning``; ``classroom`` -> ``klasikal``)."""
    return _modality(code, check_lang(lang))


def provider_label(code: str, lang: Lang = "id") -> str:
    """Reader's name of a provider type code."""
    return _provider(code, check_lang(lang))


def headline_table(frame: pd.DataFrame, lang: Lang = "id", *, compare_city: bool = False) -> pd.DataFrame:
    """The headline frame as display strings (label, value, change, CI, target, status)."""
    lang = check_lang(lang)
    rows = []
    for r in frame.itertuples(index=False):
        row = {
            "label": metric_label(r.code, lang),
            "value": format_value(r.estimate, r.unit, lang),
            "change": format_change(r.change, r.unit, lang),
            "ci": format_interval(r.ci_low, r.ci_high, r.unit, lang),
            "target": format_value(r.target, r.unit, lang),
            "status": r.status,
        }
        if compare_city:
            row["city"] = format_value(r.city_estimate, r.unit, lang)
        rows.append(row)
    return pd.DataFrame(rows)



def brief_evidence(
    ds: Dataset,
    period: str | pd.Period,
    *,
    models: bool = True,
    trend: pd.DataFrame | None = None,
    recorded_rows: Sequence[Mapping[str, Any]] = (),
) -> dict[str, Any]:
    """The tables :func:`recommendations` reads, computed from the data for ``period``.

    Parameters
    ----------
    ds
        The dataset (restrict it first with :func:`analysis.coverage.restrict_to_agency`
        for an OPD's brief).
    period
        The quarter Q; formats and providers use the four quarters up to Q.
    models
        The city brief's full evidence: also the providers and agencies tables,
        the participation panel and the unit heads' association
        (:func:`head_association`, a few seconds on a city's data). ``False`` for
        the fast per-OPD briefs: formats, no-show rate and funding gap only.
    trend
        :func:`analysis.coverage.trend` for the same data, if already computed
        (the no-show rate is read from it).
    recorded_rows
        Numbers recorded by the analysis notebooks (:func:`analysis.data.results.read_results`).
        When notebook 20 recorded ``coverage.participation_or_head_trained`` (the
        odds ratio of its full participation model), the brief uses that number,
        so the brief and the notebook show the same estimate; :func:`head_association`
        is the fallback when the brief runs alone.

    Returns
    -------
    dict
        ``formats`` (per modality: ``modality, cost_per_jp, gain, gain_ci_low,
        gain_ci_high, n``; from :func:`analysis.outcomes.cost_effectiveness` and
        :func:`analysis.outcomes.learning_change`), ``providers`` (per provider
        type: ``provider_type, gain_per_million, gain_per_million_ci_low,
        gain_per_million_ci_high, cost_per_jp, n``; from
        :func:`analysis.outcomes.partnerships`), ``agencies`` (per agency:
        ``agency_id, participation_rate, active_staff``), ``no_show_rate``,
        ``funding_gap`` (the city row of :func:`analysis.budget.funding_gap` as a
        dict) and, with ``models``, ``participation_panel``
        (:func:`analysis.coverage.participation_panel`, four quarters) and
        ``head_effect`` (:func:`head_association`).
    """
    from analysis import budget, coverage, outcomes

    period = format_period(period)
    out: dict[str, Any] = {}
    eff = outcomes.cost_effectiveness(ds, period, by="modality")
    gains = outcomes.learning_change(ds, period, by="modality")
    formats = eff[["modality", "cost_per_jp"]].merge(
        gains[["modality", "estimate", "ci_low", "ci_high", "n"]], on="modality", how="left"
    )
    out["formats"] = formats.rename(columns={"estimate": "gain", "ci_low": "gain_ci_low", "ci_high": "gain_ci_high"})
    if models:
        part = outcomes.partnerships(ds, period)
        keep = {
            "provider_type": "provider_type",
            "gain_per_million_idr": "gain_per_million",
            "gain_per_million_idr_ci_low": "gain_per_million_ci_low",
            "gain_per_million_idr_ci_high": "gain_per_million_ci_high",
            "cost_per_jp": "cost_per_jp",
            "mean_gain": "gain",
            "n_gain": "n",
        }
        out["providers"] = part[[c for c in keep if c in part]].rename(columns=keep)
        by_agency = coverage.participation(ds, period, by="agency_id")
        staff = coverage.jp_compliance(ds, period, by="agency_id")[["agency_id", "active_staff"]]
        agencies = by_agency[["agency_id", "participation_rate"]].merge(staff, on="agency_id", how="left")
        own = ds.units.loc[ds.units["unit_id"].eq(ds.units["agency_id"])].set_index("unit_id")["unit_name"]
        out["agencies"] = agencies.assign(name=agencies["agency_id"].map(own).fillna(agencies["agency_id"]))
    shown = trend.loc[trend["period"].eq(period) & trend["metric"].eq("no_show_rate")] if trend is not None else None
    if shown is not None and len(shown):
        out["no_show_rate"] = _f(shown["estimate"].iloc[0])
    else:
        out["no_show_rate"] = _f(coverage.participation(ds, period, by=None)["no_show_rate"].iloc[0])
    out["funding_gap"] = budget.funding_gap(ds, period, by=None).iloc[0].to_dict()
    if models:
        panel = coverage.participation_panel(ds, period, quarters=4)
        out["participation_panel"] = panel
        from_notebook = recorded(recorded_rows, "coverage.participation_or_head_trained", period)
        if from_notebook is not None and from_notebook.get("ci_low") is not None:
            head = {
                "estimate": from_notebook["estimate"],
                "ci_low": from_notebook["ci_low"],
                "ci_high": from_notebook["ci_high"],
                "p_value": None,
                "n": from_notebook.get("n"),
                "kind": "odds_ratio",
            }
        else:
            head = head_association(panel)
        if head is not None:
            out["head_effect"] = head
    return out


def recorded(
    rows: Sequence[Mapping[str, Any]], code: str, period: str | None = None, group: str | None = None
) -> dict[str, Any] | None:
    """The number recorded under ``code`` (and ``period``/``group``) by a notebook, or ``None``.

    ``rows`` is :func:`analysis.data.results.read_results` output. When several
    notebooks recorded the code, the last one read wins.
    """
    found = None
    for row in rows:
        if row.get("code") != code or row.get("group") != group:
            continue
        if period is not None and row.get("period") not in (None, period):
            continue
        found = dict(row)
    return found


def city_from_results(rows: Sequence[Mapping[str, Any]], period: str) -> pd.DataFrame | None:
    """The city's headline ``code``/``estimate`` frame recorded by the city brief, if complete.

    Lets each OPD's brief show the city's values without recomputing them.
    Returns ``None`` unless every headline code was recorded for ``period``.
    """
    values = {}
    for spec in METRICS:
        row = recorded(rows, f"headline.{spec.code}", period)
        if row is None:
            return None
        values[spec.code] = math.nan if row.get("estimate") is None else float(row["estimate"])
    return pd.DataFrame({"code": list(values), "estimate": list(values.values())})


#: Covariates of :func:`head_association` (columns of the participation panel).
HEAD_COVARIATES: tuple[str, ...] = ("unit_award_prev_4q", "pppk", "female", "age_50_plus", "degree_s1_plus")


def head_association(panel: pd.DataFrame, min_events: int = 30) -> dict[str, Any] | None:
    """Odds ratio of a staff member taking part when the unit head attended the quarter before.

    A logistic regression of ``participated`` (>= 1 attended enrollment ending in
    the quarter) on ``head_participated_prev_quarter``, the covariates
    :data:`HEAD_COVARIATES` and quarter dummies, over the employee-quarters of
    :func:`analysis.coverage.participation_panel`, unit heads themselves left
    out; standard errors clustered by unit (:func:`analysis.stats.models.logit`).

    Returns
    -------
    dict or None
        ``estimate`` (odds ratio), ``ci_low``, ``ci_high`` (95%, from the
        cluster-robust log-odds interval), ``p_value``, ``n`` (employee-quarters),
        ``kind`` = ``"odds_ratio"``; ``None`` when fewer than ``min_events``
        participations or non-participations remain, or the head indicator does
        not vary.

    Notes
    -----
    Estimand: a conditional association, not a causal effect (keen staff may
    gather in units with keen heads). Employee-quarters whose unit had no active
    head in the previous quarter (NaN indicator) are dropped.
    """
    import warnings

    from analysis.stats.models import logit

    cols = ["participated", "head_participated_prev_quarter", "unit_id", "period", *HEAD_COVARIATES]
    missing = [c for c in cols if c not in panel]
    if missing:
        raise KeyError(f"participation panel lacks {missing}")
    data = panel
    if "is_unit_head" in data:
        data = data.loc[~data["is_unit_head"].astype(bool)]
    data = data[cols].dropna()
    events = int(data["participated"].sum())
    if min(events, len(data) - events) < min_events or data["head_participated_prev_quarter"].nunique() < 2:
        return None
    covariates = [c for c in HEAD_COVARIATES if data[c].nunique() > 1]
    periods = " + C(period)" if data["period"].nunique() > 1 else ""
    formula = "participated ~ head_participated_prev_quarter" + "".join(f" + {c}" for c in covariates) + periods
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fit = logit(data.reset_index(drop=True), formula, vcov={"cluster": "unit_id"})
    row = fit.tidy().set_index("term").loc["head_participated_prev_quarter"]
    return {
        "estimate": _f(row["odds_ratio"]),
        "ci_low": _f(row["ratio_ci_low"]),
        "ci_high": _f(row["ratio_ci_high"]),
        "p_value": _f(row["p_value"]),
        "n": len(data),
        "kind": "odds_ratio",
    }
