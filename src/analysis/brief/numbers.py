"""The headline numbers of a quarter: estimate, 95% CI, n, change from the quarter before, target and light.

Shares come from :func:`analysis.coverage.trend` (the same numbers as
:func:`analysis.coverage.jp_compliance` and :func:`analysis.coverage.participation`,
with Wilson intervals), absorption from :func:`analysis.budget.spending` (a census
quantity: no interval), the gain from :func:`analysis.stats.comparisons.paired_change`,
and the service means are means over units with a t interval (units as the sampling
unit; each unit weighs equally). Definitions: ``docs/definitions.md``; the codes and
their units: :mod:`analysis.brief.metrics`.

One OPD's brief shows the city's value beside each number and the city's trend
beside the OPD's. What is computed once is passed on, never kept between calls.
In a report the city brief runs first and each OPD's brief reads what it recorded:
the headline numbers (:func:`analysis.brief.codes.city_from_results`, passed to
:func:`headline_numbers` as ``city=``) and the coverage trend
(:func:`city_trend_from_tables`); the OPD's own trend is computed on its part of
the data (:func:`agency_trend`). Without them, :func:`agency_trends` gives every
agency's coverage trend in one frame, from which :func:`agency_trend` cuts one
OPD's and :func:`city_trend_from_agencies` adds up the city's.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from analysis import budget, coverage
from analysis.brief.codes import CITY_TABLES_DIR, TREND_TABLE
from analysis.brief.metrics import METRICS, MetricSpec
from analysis.brief.targets import Target, resolve_targets, traffic_light
from analysis.data.dataset import Dataset
from analysis.data.definitions import enrollment_facts
from analysis.data.periods import format_period, shift_period
from analysis.stats.comparisons import paired_change


@dataclass(frozen=True)
class Value:
    """One computed number: estimate, 95% CI (NaN when none) and n."""

    estimate: float = math.nan
    ci_low: float = math.nan
    ci_high: float = math.nan
    n: int | None = None


def as_float(x: object) -> float:
    """``x`` as a float; NaN for ``None`` and anything that is not a number."""
    try:
        out = float(x)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return math.nan
    return out


def _paired_value(change: pd.DataFrame) -> Value:
    """The one row of :func:`analysis.stats.comparisons.paired_change` as a :class:`Value`."""
    row = change.iloc[0]
    return Value(as_float(row["estimate"]), as_float(row["ci_low"]), as_float(row["ci_high"]), int(row["n"]))


def learning_gain(facts: pd.DataFrame, period: str) -> Value:
    """Mean gain (post - pre) of completed enrollments ending in ``period`` (paired t CI)."""
    rows = facts.loc[facts["period"].eq(period) & facts["gain"].notna()]
    if len(rows) < 2:
        return Value(float(rows["gain"].mean()) if len(rows) else math.nan, n=len(rows))
    return _paired_value(paired_change(rows["pre_score"].to_numpy(float), rows["post_score"].to_numpy(float)))


def service_mean(service_metrics: pd.DataFrame, period: str, metric: str) -> Value:
    """Mean of a service metric over the units reporting it in ``period``, with a t interval over units.

    Each unit's mean in the quarter counts once; the interval is the one-sample t
    interval mean +/- t_{n-1, 0.975} sd / sqrt(n) (NaN for fewer than two units, or
    when every unit has the same mean), computed by
    :func:`analysis.stats.comparisons.paired_change` of the unit means against zero.
    """
    rows = service_metrics.loc[service_metrics["period"].eq(period) & service_metrics["metric"].eq(metric)]
    unit_means = rows.groupby("unit_id")["value"].mean().to_numpy(float)
    unit_means = unit_means[~np.isnan(unit_means)]
    if len(unit_means) == 0:
        return Value(n=0)
    return _paired_value(paired_change(np.zeros(len(unit_means)), unit_means))


#: Headline codes taken from :func:`analysis.coverage.trend` (code -> the trend's metric).
FROM_COVERAGE_TREND: dict[str, str] = {
    "jp20_compliance": "share_meeting_20jp",
    "jp_on_track": "share_on_track",
    "participation_rate": "participation_rate",
    "completion_rate": "completion_rate",
}


def period_values(ds: Dataset, period: str, facts: pd.DataFrame, trend: pd.DataFrame) -> dict[str, Value]:
    """Every headline number of ``period``, by code (:data:`analysis.brief.metrics.METRICS`).

    ``facts`` is :func:`analysis.data.definitions.enrollment_facts` of ``ds``;
    ``trend`` :func:`analysis.coverage.trend` of ``ds`` covering ``period``.
    """
    out: dict[str, Value] = {}
    rows = trend.loc[trend["period"].eq(period)].set_index("metric")
    for code, metric in FROM_COVERAGE_TREND.items():
        if metric in rows.index:
            r = rows.loc[metric]
            out[code] = Value(as_float(r["estimate"]), as_float(r["ci_low"]), as_float(r["ci_high"]), int(r["n"]))
        else:
            out[code] = Value()
    out["learning_gain"] = learning_gain(facts, period)
    spend = budget.spending(ds, period, by=None, facts=facts).iloc[0]
    out["budget_absorption"] = Value(as_float(spend["absorption"]))
    out["ikm"] = service_mean(ds.service_metrics, period, "ikm")
    out["processing_days"] = service_mean(ds.service_metrics, period, "processing_days")
    return out


def city_values(ds: Dataset, period: str | pd.Period) -> dict[str, float]:
    """The city's headline estimates of ``period``, by code (the comparison column of an OPD's brief)."""
    period = format_period(period)
    values = period_values(ds, period, enrollment_facts(ds), coverage.trend(ds, period, quarters=1))
    return {code: value.estimate for code, value in values.items()}


def agency_trends(ds: Dataset, period: str | pd.Period, quarters: int = 8) -> pd.DataFrame:
    """:func:`analysis.coverage.trend` of every agency at once (``by="agency_id"``).

    Computed once for a brief, then passed to :func:`agency_trend` and
    :func:`city_trend_from_agencies`.
    """
    return coverage.trend(ds, format_period(period), quarters=quarters, by="agency_id")


def agency_trend(
    ds: Dataset, period: str | pd.Period, agency: str, quarters: int = 8, *, every: pd.DataFrame | None = None
) -> pd.DataFrame:
    """:func:`analysis.coverage.trend` of one OPD.

    ``coverage.trend(coverage.restrict_to_agency(ds, agency), period, quarters)``, or,
    when ``every`` (:func:`agency_trends` of the same data, period and quarters) is
    given, the OPD's rows cut from it: the same frame (the tests check it).
    """
    period = format_period(period)
    if every is None:
        return coverage.trend(coverage.restrict_to_agency(ds, agency), period, quarters=quarters)
    mine = every.loc[every["agency_id"].eq(agency)].drop(columns="agency_id").reset_index(drop=True)
    if mine.empty:  # an OPD with no staff at all: its own (empty) trend, or a clear error if unknown
        return coverage.trend(coverage.restrict_to_agency(ds, agency), period, quarters=quarters)
    return mine


def city_trend_from_agencies(
    ds: Dataset, period: str | pd.Period, quarters: int = 8, *, every: pd.DataFrame | None = None
) -> pd.DataFrame:
    """The city's coverage trend (``period``, ``metric``, ``estimate``, ``n``) from the all-agency trend.

    Every rate of :func:`analysis.coverage.trend` is a share of its ``n`` (staff
    or decided enrollments) and ``jp_mean`` a mean over staff, and every employee
    belongs to one agency, so the city's value is the ``n``-weighted mean of the
    agencies' values, exactly. No intervals (NaN): for the comparison line of an
    OPD's brief. ``every`` is :func:`agency_trends` when already computed.
    """
    if every is None:
        every = agency_trends(ds, period, quarters)
    ok = every.dropna(subset=["estimate"]).loc[lambda d: d["n"] > 0]
    weighted = ok.assign(w=ok["estimate"] * ok["n"]).groupby(["period", "metric"], as_index=False)[["w", "n"]].sum()
    weighted["estimate"] = weighted["w"] / weighted["n"]
    return weighted[["period", "metric", "estimate", "n"]]


def city_trend_from_tables(output_dir: str | Path, period: str | pd.Period, quarters: int = 8) -> pd.DataFrame | None:
    """The city's coverage trend as :func:`city_trend_from_agencies` gives it, read from the city brief's key table.

    The report copies the city brief's ``tables/`` into ``<output_dir>/``
    :data:`~analysis.brief.codes.CITY_TABLES_DIR` of each OPD's brief; its
    :data:`~analysis.brief.codes.TREND_TABLE` is ``coverage.trend`` of the whole city.
    Each city rate is the share of its ``n`` and ``jp_mean`` a mean over staff, so these
    are the values :func:`city_trend_from_agencies` adds up from the agencies (equal up
    to the rounding of the last binary digit). Rows without an estimate or with
    ``n`` = 0 are left out, as there; sorted by ``period`` and ``metric``.

    Returns ``None`` when the table is absent, does not cover the ``quarters`` quarters
    up to ``period``, or had a row suppressed (:func:`analysis.data.disclosure.disclose`):
    then compute it with :func:`city_trend_from_agencies`.
    """
    path = Path(output_dir) / CITY_TABLES_DIR / f"{TREND_TABLE}.parquet"
    if not path.is_file():
        return None
    table = pd.read_parquet(path)
    period = format_period(period)
    wanted = {shift_period(period, -k) for k in range(quarters)}
    if "suppressed" in table and table["suppressed"].fillna(False).astype(bool).any():
        return None
    table = table.loc[table["period"].isin(wanted)]
    if set(table["period"]) != wanted:
        return None
    ok = table.dropna(subset=["estimate"]).loc[lambda d: d["n"] > 0]
    out = ok[["period", "metric", "estimate", "n"]].sort_values(["period", "metric"], kind="stable")
    return out.reset_index(drop=True)


HEADLINE_COLUMNS: tuple[str, ...] = (
    "code", "unit", "direction", "scope", "period", "estimate", "ci_low", "ci_high", "n",
    "previous_period", "previous", "change", "change_ci_low", "change_ci_high",
    "target", "amber_band", "status", "city_estimate",
)
_FLOAT_COLUMNS: tuple[str, ...] = (
    "estimate", "ci_low", "ci_high", "previous", "change", "change_ci_low", "change_ci_high",
    "target", "amber_band", "city_estimate",
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
    if any(math.isnan(as_float(x)) for x in values):
        return math.nan, math.nan
    e1, l1, u1, e0, l0, u0 = (float(x) for x in values)
    d = e1 - e0
    return d - math.hypot(e1 - l1, u0 - e0), d + math.hypot(u1 - e1, e0 - l0)


def _headline_row(
    spec: MetricSpec, now: Value, before: Value, target: Target | None, *, scope: str, period: str, city: float
) -> dict[str, object]:
    """One row of :func:`headline_numbers`: the number, its change from Q-1, its target and light."""
    value = target.value_for(period) if target else math.nan
    direction = target.direction if target else spec.direction
    status = (
        traffic_light(now.estimate, value, target.amber_band, direction, now.n, target.min_n) if target else "none"
    )
    return {
        "code": spec.code,
        "unit": spec.unit,
        "direction": direction,
        "scope": scope,
        "period": period,
        "estimate": now.estimate,
        "ci_low": now.ci_low,
        "ci_high": now.ci_high,
        "n": now.n,
        "previous_period": shift_period(period, -1),
        "previous": before.estimate,
        "change": now.estimate - before.estimate,
        "change_ci_low": change_interval(now, before)[0],
        "change_ci_high": change_interval(now, before)[1],
        "target": value,
        "amber_band": target.amber_band if target else math.nan,
        "status": status,
        "city_estimate": city,
    }


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
        :func:`analysis.brief.targets.load_targets` output, a path to a targets YAML,
        or ``None`` for the project's ``config/targets.yaml``.
    agency
        An agency_id: the numbers of that OPD (its units, staff, enrollments,
        budget and service metrics, see :func:`analysis.coverage.restrict_to_agency`),
        with the city's value beside each; ``None`` or ``"all"``: the city.
    city
        The city's headline frame for Q, if already computed (saves time when
        one brief per OPD is made); only its ``code`` and ``estimate`` are used.
        Without it, an OPD's numbers compute the city's (:func:`city_values`).
    trend
        :func:`analysis.coverage.trend` of the same scope (the city, or the agency's
        part of the data) covering Q-1 and Q, if already computed (the brief
        computes eight quarters for its trend chart); else it is computed for two.

    Returns
    -------
    DataFrame
        One row per headline code in :data:`~analysis.brief.metrics.METRICS` order,
        columns :data:`HEADLINE_COLUMNS`: ``code``, ``unit`` (share, points, score, days),
        ``direction`` (+1 higher is better, -1 lower), ``scope`` ("city" or the
        agency_id), ``period``, ``estimate``, ``ci_low``/``ci_high`` (95%; NaN where
        the number has no sampling uncertainty, e.g. absorption), ``n`` (staff,
        decided enrollments, scored enrollments or units; ``<NA>`` for absorption),
        ``previous_period``, ``previous`` (the estimate in Q-1), ``change``
        (estimate - previous; shares in proportion units) with its 95% CI
        ``change_ci_low``/``change_ci_high`` (:func:`change_interval`), ``target`` (for Q),
        ``amber_band``, ``status`` (see :func:`~analysis.brief.targets.traffic_light`) and
        ``city_estimate`` (the city's value; equals ``estimate`` for the city).

    Notes
    -----
    Year-to-date numbers (20-JP compliance, absorption) restart every January,
    so a Q1 change from Q4 says little; the targets are per quarter for that
    reason. A number with no data is NaN with status "none".
    """
    period = format_period(period)
    prev = shift_period(period, -1)
    targets = resolve_targets(targets)
    per_agency = agency is not None and agency != "all"
    sub = coverage.restrict_to_agency(ds, agency) if per_agency else ds
    facts = enrollment_facts(sub)
    if trend is None or not {period, prev} <= set(trend["period"]):
        trend = coverage.trend(sub, period, quarters=2)
    now = period_values(sub, period, facts, trend)
    before = period_values(sub, prev, facts, trend)
    if not per_agency:
        city_estimates = {k: v.estimate for k, v in now.items()}
    elif city is not None:
        city_estimates = dict(zip(city["code"], city["estimate"].astype(float), strict=True))
    else:
        city_estimates = city_values(ds, period)
    rows = [
        _headline_row(spec, now[spec.code], before[spec.code], targets.get(spec.code),
                      scope=agency if per_agency else "city", period=period,
                      city=city_estimates.get(spec.code, math.nan))
        for spec in METRICS
    ]
    out = pd.DataFrame(rows, columns=list(HEADLINE_COLUMNS))
    out["n"] = out["n"].astype("Int64")
    for col in _FLOAT_COLUMNS:
        out[col] = out[col].astype(float)
    return out
