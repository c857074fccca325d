"""The KPI tables by agency and the unit panel as SQL over the DuckDB tables of :mod:`analysis.data.engine`.

Each function returns the same table as its pandas counterpart on the same data:

============================  =====================================================
here                          pandas (``docs/definitions.md``)
============================  =====================================================
:func:`jp_compliance`         :func:`analysis.coverage.jp_compliance` (by agency)
:func:`participation`         :func:`analysis.coverage.participation` (by agency)
:func:`spending`              :func:`analysis.budget.spending` (by agency)
:func:`funding_gap`           :func:`analysis.budget.funding_gap` (by agency)
:func:`unit_panel`            :func:`analysis.linkage.unit_panel`
============================  =====================================================

Only the heavy step is SQL: rows of enrollments and employees reduced to counts and sums per
agency (or per unit and quarter, or per agency and programme). The definitions' SQL comes
from :mod:`analysis.data.definitions` (:func:`~analysis.data.definitions.enrollment_facts_sql`,
:func:`~analysis.data.definitions.active_sql`) and the thresholds from the same constants
(``JP_MINIMUM``, ``JP_PER_QUARTER_ON_TRACK``, ``TARGET_JP``). The rates, Wilson intervals,
cost-per-JP intervals and the panel's derived columns are computed by the pandas modules'
own functions on those counts (``compliance_table``, ``participation_table``,
``agency_spending_rows``/``spending_table``, ``cost_table_from_cells``/``gap_table``,
``assemble_panel``), so each definition is written once and a test checks both engines agree.
The SQL is plain enough to run unchanged on DuckDB over object storage or on Spark SQL
(``docs/scale.md``).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from analysis.budget.cost import cost_table_from_cells
from analysis.budget.facts import TARGET_JP, agency_ids, allocation
from analysis.budget.gap import gap_table
from analysis.budget.spending import agency_spending_rows, spending_table
from analysis.coverage.rates import (
    JP_MINIMUM,
    JP_PER_QUARTER_ON_TRACK,
    compliance_table,
    participation_table,
)
from analysis.data.dataset import Dataset
from analysis.data.definitions import active_sql, enrollment_facts_sql
from analysis.data.engine import ScaledData
from analysis.data.periods import format_period, parse_period, period_index, quarter_end
from analysis.linkage.launch import (
    IT_LOOKBACK_QUARTERS,
    IT_PUBLIC_SERVICE_KEYWORDS,
    it_programme_ids,
)
from analysis.linkage.panel import assemble_panel, panel_quarters
from analysis.linkage.roster import quarter_text
from analysis.stats.verdict import MIN_N

#: The small tables read into pandas whole (their size grows with units, not with people).
SMALL_TABLES = ("units", "programs", "budget")


def _date(ts: pd.Timestamp) -> str:
    return f"DATE '{pd.Timestamp(ts).date().isoformat()}'"


def prepare(sd: ScaledData) -> None:
    """Create the ``facts`` table (:func:`enrollment_facts_sql`) once; the KPI queries read it."""
    sd.con.execute(f"CREATE OR REPLACE TEMP TABLE facts AS {enrollment_facts_sql()}")


def small_dataset(sd: ScaledData) -> Dataset:
    """The small tables (units, programmes, budget) as a pandas :class:`Dataset`."""
    return Dataset.from_frames(**{name: sd.df(f"SELECT * FROM {name}") for name in SMALL_TABLES})


def _staff_jp_sql(p: pd.Period) -> str:
    """Employees active at the end of ``p`` with their agency and credited JP in Y up to end(p)."""
    end = _date(quarter_end(p))
    return f"""
        SELECT e.employee_id, u.agency_id, coalesce(j.jp, 0.0) AS jp
        FROM employees e LEFT JOIN units u ON u.unit_id = e.unit_id
        LEFT JOIN (SELECT employee_id, sum(credited_jp) AS jp FROM facts
                   WHERE year = {p.year} AND end_date <= {end} GROUP BY employee_id) j
            ON j.employee_id = e.employee_id
        WHERE {active_sql(end)}
    """


def _as_agency(frame: pd.DataFrame) -> pd.DataFrame:
    frame["agency_id"] = frame["agency_id"].astype("string")
    return frame.sort_values("agency_id", kind="stable", na_position="last").reset_index(drop=True)


def jp_compliance(sd: ScaledData, period: str | pd.Period) -> pd.DataFrame:
    """:func:`analysis.coverage.jp_compliance` by agency: counts in SQL, shares by ``compliance_table``."""
    p = parse_period(period)
    counts = sd.df(f"""
        SELECT agency_id, count(*) AS active_staff, sum(jp) AS jp_sum,
            count_if(jp >= {JP_MINIMUM}) AS n_meeting,
            count_if(jp >= {JP_PER_QUARTER_ON_TRACK * p.quarter}) AS n_on_track
        FROM ({_staff_jp_sql(p)}) GROUP BY agency_id
    """)
    return compliance_table(_as_agency(counts), ["agency_id"])


def participation(sd: ScaledData, period: str | pd.Period) -> pd.DataFrame:
    """:func:`analysis.coverage.participation` by agency: counts in SQL, rates by ``participation_table``."""
    p = parse_period(period)
    q, end = period_index(p), _date(quarter_end(p))
    rates = sd.df(f"""
        SELECT agency_id, count(*) AS enrollments, count_if(status = 'completed') AS n_completed,
            count_if(status = 'no_show') AS n_no_show, count_if(status = 'dropped') AS n_dropped
        FROM facts WHERE period_idx = {q} AND decided GROUP BY agency_id
    """)
    part = sd.df(f"""
        SELECT u.agency_id, count(*) AS staff, count(a.employee_id) AS n_took_part
        FROM employees e LEFT JOIN units u ON u.unit_id = e.unit_id
        LEFT JOIN (SELECT DISTINCT employee_id FROM facts WHERE period_idx = {q} AND attended) a
            ON a.employee_id = e.employee_id
        WHERE {active_sql(end)} GROUP BY u.agency_id
    """)
    out = participation_table(_as_agency(part), _as_agency(rates), ["agency_id"])
    return _as_agency(out)[["agency_id", *_participation_columns()]]


def _participation_columns() -> tuple[str, ...]:
    from_rates = ("enrollments", "completion_rate", "no_show_rate", "dropout_rate", "participation_rate")
    cols: list[str] = []
    for c in from_rates:
        cols += [c] if c == "enrollments" else [c, f"{c}_ci_low", f"{c}_ci_high"]
    return tuple(cols)


def spending(sd: ScaledData, period: str | pd.Period, small: Dataset | None = None) -> pd.DataFrame:
    """:func:`analysis.budget.spending` by agency: sums in SQL, absorption by ``spending_table``."""
    p = parse_period(period)
    small = small or small_dataset(sd)
    sums = sd.df(f"""
        SELECT agency_id, sum(cost_idr) AS spending_ytd_idr,
            coalesce(sum(cost_idr) FILTER (WHERE period_idx = {period_index(p)}), 0.0) AS spending_quarter_idr,
            count(*) AS enrollments_ytd, sum(credited_jp) AS credited_jp_ytd
        FROM facts WHERE period_idx BETWEEN {p.year * 4} AND {period_index(p)} AND agency_id IS NOT NULL
        GROUP BY agency_id
    """)
    sums["agency_id"] = sums["agency_id"].astype("string")
    rows = agency_spending_rows(agency_ids(small), sums.set_index("agency_id"), allocation(small, p.year), p)
    return spending_table(rows, "agency_id")


def funding_gap(
    sd: ScaledData,
    period: str | pd.Period,
    *,
    min_enrollments: int = MIN_N,
    target_jp: float = TARGET_JP,
    level: float = 0.95,
    small: Dataset | None = None,
) -> pd.DataFrame:
    """:func:`analysis.budget.funding_gap` by agency: JP needed and the window's cost sums per agency
    and programme in SQL; prices, intervals and shortfall by ``cost_table_from_cells`` and ``gap_table``."""
    p = parse_period(period)
    small = small or small_dataset(sd)
    per_agency = sd.df(f"""
        SELECT agency_id, count(*) AS active_staff, sum(jp) AS jp_ytd,
            count_if({target_jp} - jp > 0) AS staff_below_target,
            sum(greatest({target_jp} - jp, 0.0)) AS jp_needed
        FROM ({_staff_jp_sql(p)}) WHERE agency_id IS NOT NULL GROUP BY agency_id
    """)
    per_agency["agency_id"] = per_agency["agency_id"].astype("string")
    last = period_index(p)
    cells = sd.df(f"""
        SELECT agency_id, program_id, count(*) AS enrollments, count_if(completed) AS completed,
            sum(cost_idr) AS cost_idr, sum(credited_jp) AS credited_jp,
            coalesce(sum(cost_idr) FILTER (WHERE completed), 0.0) AS completed_cost_idr,
            coalesce(sum(credited_jp) FILTER (WHERE completed), 0.0) AS completed_jp
        FROM facts WHERE period_idx > {last - 4} AND period_idx <= {last}
        GROUP BY agency_id, program_id
    """)
    cells["agency_id"] = cells["agency_id"].astype("string")
    city = cost_table_from_cells(cells, [], level=level, min_n=min_enrollments).iloc[0]
    own = cost_table_from_cells(cells, ["agency_id"], level=level, min_n=min_enrollments).set_index("agency_id")
    spend = spending(sd, p, small)
    return gap_table(per_agency.set_index("agency_id"), spend, own, city, cells, p, by="agency_id", level=level)


def data_periods(sd: ScaledData) -> list[str]:
    """:attr:`analysis.data.dataset.Dataset.periods`: quarters with a non-registered enrollment
    ending or a service metric, sorted."""
    idx = sd.df("""
        SELECT DISTINCT period_idx FROM facts WHERE status <> 'registered' AND period_idx IS NOT NULL
        UNION SELECT DISTINCT CAST(left(period, 4) AS INTEGER) * 4 + CAST(right(period, 1) AS INTEGER) - 1
        FROM service_metrics WHERE period IS NOT NULL
    """).iloc[:, 0]
    return quarter_text(np.sort(idx.to_numpy()))


def _quarters_table(sd: ScaledData, quarters: Sequence[str]) -> None:
    frame = pd.DataFrame({
        "period_idx": [period_index(q) for q in quarters],
        "q_end": [quarter_end(q).date() for q in quarters],
    })
    sd.con.register("quarters_frame", frame)
    sd.con.execute("CREATE OR REPLACE TEMP TABLE quarters AS "
                   "SELECT period_idx::BIGINT AS period_idx, q_end::DATE AS q_end FROM quarters_frame")
    sd.con.unregister("quarters_frame")


def _staff_and_training(sd: ScaledData, last: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Per unit and quarter: staff active at its end; their JP, four-quarter JP and share on track.

    Only employees with credited JP are expanded per quarter (their JP of quarter s counts in the
    quarters s..s+3 they are active at; year to date within s's year), so the work grows with the
    enrollments, not with employees x quarters.
    """
    staff_n = sd.df(f"""
        SELECT e.unit_id, q.period_idx, count(*) AS staff
        FROM employees e JOIN quarters q ON {active_sql('q.q_end')} GROUP BY ALL
    """)
    by_unit = sd.df(f"""
        WITH jp_eq AS (
            SELECT employee_id, period_idx, sum(credited_jp) AS jp FROM facts
            WHERE credited_jp > 0 AND period_idx <= {last} GROUP BY ALL),
        emp_q AS (
            SELECT j.employee_id, q.period_idx,
                sum(j.jp) FILTER (WHERE j.period_idx = q.period_idx) AS jp,
                sum(j.jp) AS jp_4q,
                sum(j.jp) FILTER (WHERE j.period_idx // 4 = q.period_idx // 4) AS jp_ytd
            FROM jp_eq j JOIN quarters q ON q.period_idx BETWEEN j.period_idx AND j.period_idx + 3
            GROUP BY ALL),
        staff_q AS (
            SELECT e.unit_id, q.period_idx, count(*) AS staff,
                sum(coalesce(m.jp, 0.0)) AS jp, sum(coalesce(m.jp_4q, 0.0)) AS jp_4q,
                count_if(coalesce(m.jp_ytd, 0.0) >= {JP_PER_QUARTER_ON_TRACK} * (q.period_idx % 4 + 1)) AS on_track
            FROM emp_q m JOIN employees e ON e.employee_id = m.employee_id
            JOIN quarters q ON q.period_idx = m.period_idx AND {active_sql('q.q_end')}
            GROUP BY ALL)
        SELECT n.unit_id, n.period_idx, coalesce(s.jp, 0.0) AS jp, coalesce(s.jp_4q, 0.0) AS jp_4q,
            coalesce(s.on_track, 0) / n.staff AS share_on_track
        FROM (SELECT e.unit_id, q.period_idx, count(*) AS staff FROM employees e
              JOIN quarters q ON {active_sql('q.q_end')} GROUP BY ALL) n
        LEFT JOIN staff_q s ON s.unit_id = n.unit_id AND s.period_idx = n.period_idx
    """)
    return staff_n, by_unit


def _competency_gaps(sd: ScaledData) -> pd.DataFrame:
    """:func:`analysis.linkage.roster.competency_gaps` in SQL: each domain's latest assessment on or
    before the quarter's end, per staff member active then; per unit and quarter."""
    gaps = sd.df(f"""
        WITH latest AS (
            SELECT a.employee_id, a.domain, q.period_idx,
                arg_max(greatest(a.required_level - a.score, 0), a.assessed_on) AS gap
            FROM assessments a JOIN quarters q ON a.assessed_on <= q.q_end GROUP BY ALL),
        emp_gap AS (
            SELECT employee_id, period_idx, sum(gap) AS gap_sum, count(*) AS n_domains, max(gap) AS gap_max
            FROM latest GROUP BY ALL)
        SELECT e.unit_id, g.period_idx, count(*) AS assessed_staff,
            sum(g.gap_sum)::DOUBLE / sum(g.n_domains) AS mean_competency_gap,
            count_if(g.gap_max > 0) / count(*) AS share_with_gap
        FROM emp_gap g JOIN employees e ON e.employee_id = g.employee_id
        JOIN quarters q ON q.period_idx = g.period_idx AND {active_sql('q.q_end')}
        GROUP BY ALL
    """)
    return gaps


def _it_training(sd: ScaledData, programs: pd.DataFrame, keywords: Sequence[str]) -> pd.DataFrame:
    """:func:`analysis.linkage.launch.it_training_before_launch` in SQL."""
    ids = it_programme_ids(programs, keywords)
    sd.con.register("it_programs", pd.DataFrame({"program_id": ids.astype(str).to_numpy()}))
    eve = "l.online_service_start - 1"
    months = 3 * IT_LOOKBACK_QUARTERS
    it = sd.df(f"""
        WITH launched AS (SELECT unit_id, online_service_start FROM units WHERE online_service_start IS NOT NULL),
        emp AS (
            SELECT e.employee_id, e.unit_id, l.online_service_start FROM employees e
            JOIN launched l ON l.unit_id = e.unit_id
            WHERE e.hire_date <= {eve} AND (e.exit_date IS NULL OR e.exit_date > {eve})),
        trained AS (
            SELECT DISTINCT m.employee_id, m.unit_id FROM emp m
            JOIN enrollments r ON r.employee_id = m.employee_id
            WHERE r.status = 'completed' AND r.program_id IN (SELECT program_id FROM it_programs)
              AND r.end_date < m.online_service_start
              AND r.end_date >= m.online_service_start - INTERVAL {months} MONTH)
        SELECT l.unit_id,
            (SELECT count(*) FROM emp m WHERE m.unit_id = l.unit_id) AS staff_at_launch,
            (SELECT count(*) FROM trained t WHERE t.unit_id = l.unit_id) AS it_trained_staff
        FROM launched l
    """)
    sd.con.unregister("it_programs")
    it["unit_id"] = it["unit_id"].astype("string")
    it["it_trained_share"] = it["it_trained_staff"] / it["staff_at_launch"].where(it["staff_at_launch"] > 0)
    return it


def unit_panel(
    sd: ScaledData,
    through: str | pd.Period,
    start: str | pd.Period | None = None,
    it_keywords: Sequence[str] = IT_PUBLIC_SERVICE_KEYWORDS,
    small: Dataset | None = None,
) -> pd.DataFrame:
    """:func:`analysis.linkage.unit_panel`: per unit-quarter counts in SQL, assembled by ``assemble_panel``."""
    small = small or small_dataset(sd)
    quarters, first_data_idx = panel_quarters(data_periods(sd), through, start)
    q_idx = np.array([period_index(q) for q in quarters])
    _quarters_table(sd, quarters)
    staff_n, by_unit = _staff_and_training(sd, int(q_idx.max()))
    gaps = _competency_gaps(sd)
    it = _it_training(sd, small.programs, it_keywords)
    metrics = sd.df("SELECT unit_id, period, metric, value FROM service_metrics")
    for frame in (staff_n, by_unit, gaps):
        frame["unit_id"] = frame["unit_id"].astype("string")
        frame["period_idx"] = frame["period_idx"].astype("int64")
    return assemble_panel(small.units, q_idx, first_data_idx, staff_n, by_unit, gaps, it, metrics)


def kpi_tables(sd: ScaledData, period: str | pd.Period) -> dict[str, pd.DataFrame]:
    """Every KPI table by agency of ``period`` and the unit panel through it, by name."""
    prepare(sd)
    period = format_period(period)
    small = small_dataset(sd)
    return {
        "jp_compliance": jp_compliance(sd, period),
        "participation": participation(sd, period),
        "spending": spending(sd, period, small),
        "funding_gap": funding_gap(sd, period, small=small),
        "unit_panel": unit_panel(sd, period, small=small),
    }
