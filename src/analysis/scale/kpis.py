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
from analysis.data.contract import DOMAINS
from analysis.data.dataset import Dataset
from analysis.data.definitions import (
    active_quarters_sql,
    active_sql,
    enrollment_facts_sql,
    quarter_index_sql,
)
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
    """Create the ``facts`` table (:func:`enrollment_facts_sql`) once (a second call keeps it);
    the KPI queries read it."""
    sd.con.execute(f"CREATE TEMP TABLE IF NOT EXISTS facts AS {enrollment_facts_sql('employee_key')}")


def small_dataset(sd: ScaledData) -> Dataset:
    """The small tables (units, programmes, budget) as a pandas :class:`Dataset`."""
    return Dataset.from_frames(**{name: sd.df(f"SELECT * FROM {name}") for name in SMALL_TABLES})


def _staff_jp(sd: ScaledData, p: pd.Period) -> str:
    """Temp table of the employees active at the end of ``p`` with their agency and credited JP
    in Y up to end(p) (the enrollments ending in Y up to end(p) are those of the quarters
    Y-Q1..p); made once per quarter (compliance and the funding gap read it); its name."""
    name = f"staff_jp_{period_index(p)}"
    sd.con.execute(f"CREATE TEMP TABLE IF NOT EXISTS {name} AS {_staff_jp_sql(p)}")
    return name


def _staff_jp_sql(p: pd.Period) -> str:
    """SQL of :func:`_staff_jp`'s table."""
    end = _date(quarter_end(p))
    return f"""
        SELECT e.employee_key, u.agency_id, coalesce(j.jp, 0.0) AS jp
        FROM employees e LEFT JOIN units u ON u.unit_id = e.unit_id
        LEFT JOIN (SELECT employee_key, sum(credited_jp) AS jp FROM facts
                   WHERE period_idx BETWEEN {p.year * 4} AND {period_index(p)} GROUP BY employee_key) j
            ON j.employee_key = e.employee_key
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
        FROM {_staff_jp(sd, p)} GROUP BY agency_id
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
        SELECT u.agency_id, count(*) AS staff, count(a.employee_key) AS n_took_part
        FROM employees e LEFT JOIN units u ON u.unit_id = e.unit_id
        LEFT JOIN (SELECT DISTINCT employee_key FROM facts WHERE period_idx = {q} AND attended) a
            ON a.employee_key = e.employee_key
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
        FROM {_staff_jp(sd, p)} WHERE agency_id IS NOT NULL GROUP BY agency_id
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


def _employee_spans(sd: ScaledData, first: int, last: int) -> None:
    """Temp table ``emp_span``: per employee active at the end of some panel quarter, its unit
    and the panel quarters ``q_from..q_to`` at whose end it is active (:func:`active_quarters_sql`)."""
    lo, hi = active_quarters_sql("e")
    sd.con.execute(f"""
        CREATE OR REPLACE TEMP TABLE emp_span AS
        SELECT employee_key, unit_id, q_from, q_to FROM (
            SELECT e.employee_key, e.unit_id, greatest({lo}, {first}) AS q_from, least({hi}, {last}) AS q_to
            FROM employees e WHERE e.hire_date IS NOT NULL)
        WHERE q_from <= q_to
    """)


def _running_sql(deltas: str, values: Sequence[str]) -> str:
    """SQL: per unit and panel quarter, the running sums of ``values`` over the rows of ``deltas``
    (``unit_id, q, values...``: a change of each value from quarter q on).

    A span [f, l] of a value v is the pair of changes +v at f and -v at l + 1, so per unit the
    work grows with its changes, not with its staff times the quarters.
    """
    sums = ", ".join(f"sum({v}) AS {v}" for v in values)
    running = ", ".join(f"sum(d.{v}) AS {v}" for v in values)
    return f"""
        SELECT d.unit_id, q.period_idx, {running}
        FROM (SELECT unit_id, q, {sums} FROM ({deltas}) GROUP BY ALL) d
        JOIN quarters q ON d.q <= q.period_idx GROUP BY ALL
    """


def _staff_and_training(sd: ScaledData, first: int, last: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Per unit and quarter: staff active at its end; their JP, four-quarter JP and share on track.

    Staff counts are running sums of each employee's active span (``emp_span``, one row per
    employee). A credited enrollment of quarter s counts in the four-quarter JP of the quarters
    s..s+3 at whose end its employee is active (:func:`active_quarters_sql` on the facts'
    hire and exit dates), and in the quarter's JP at s; both are summed straight into the
    unit. An employee is on track in quarter k of a year when the year's JP up to k is at
    least ``JP_PER_QUARTER_ON_TRACK`` x k (one row per employee and year, its four year-to-date
    sums). No step joins employees to quarters, so the work grows with the credited enrollments.
    """
    spans = ("SELECT unit_id, q_from AS q, 1 AS staff FROM emp_span "
             "UNION ALL SELECT unit_id, q_to + 1 AS q, -1 AS staff FROM emp_span")
    sd.con.execute(f"""
        CREATE OR REPLACE TEMP TABLE unit_staff AS
        SELECT unit_id, period_idx, staff::BIGINT AS staff FROM ({_running_sql(spans, ["staff"])})
        WHERE staff > 0
    """)
    staff_n = sd.df("SELECT unit_id, period_idx, staff FROM unit_staff")
    lo, hi = active_quarters_sql("f")
    ytd = ", ".join(f"sum(credited_jp) FILTER (WHERE period_idx % 4 < {k}) AS ytd_{k}" for k in range(1, 5))
    ytd_k = "CASE k " + " ".join(f"WHEN {k} THEN ytd_{k}" for k in range(1, 5)) + " END"
    # credited JP per unit, quarter and active span first (many enrollments share them), then
    # spread over the four quarters; the on-track test per employee and year takes the unit and
    # active span from emp_span (one row per employee, integer key) rather than from each row
    by_unit = sd.df(f"""
        WITH credited AS (
            SELECT employee_key, unit_id, period_idx, credited_jp,
                greatest({lo}, {first}) AS q_from, least({hi}, {last}) AS q_to
            FROM facts f WHERE credited_jp > 0 AND period_idx <= {last}),
        jp_cell AS (
            SELECT unit_id, period_idx, q_from, q_to, sum(credited_jp) AS jp
            FROM credited GROUP BY ALL),
        jp_q AS (
            SELECT unit_id, period_idx + k AS period_idx,
                sum(jp) FILTER (WHERE k = 0) AS jp, sum(jp) AS jp_4q
            FROM jp_cell, range(4) t(k) WHERE period_idx + k BETWEEN q_from AND q_to
            GROUP BY ALL),
        employee_year AS (
            SELECT employee_key, period_idx // 4 AS year_idx, {ytd}
            FROM credited GROUP BY employee_key, year_idx),
        track_q AS (
            SELECT s.unit_id, y.year_idx * 4 + k - 1 AS period_idx, count(*) AS on_track
            FROM employee_year y JOIN emp_span s ON s.employee_key = y.employee_key, range(1, 5) t(k)
            WHERE {ytd_k} >= {JP_PER_QUARTER_ON_TRACK} * k
                AND y.year_idx * 4 + k - 1 BETWEEN s.q_from AND s.q_to
            GROUP BY ALL)
        SELECT n.unit_id, n.period_idx, coalesce(j.jp, 0.0) AS jp, coalesce(j.jp_4q, 0.0) AS jp_4q,
            coalesce(t.on_track, 0) / n.staff AS share_on_track
        FROM unit_staff n
        LEFT JOIN jp_q j ON j.unit_id = n.unit_id AND j.period_idx = n.period_idx
        LEFT JOIN track_q t ON t.unit_id = n.unit_id AND t.period_idx = n.period_idx
    """)
    return staff_n, by_unit


def _competency_gaps(sd: ScaledData, last: int) -> pd.DataFrame:
    """:func:`analysis.linkage.roster.competency_gaps` in SQL: each domain's latest assessment on or
    before the quarter's end, per staff member active then; per unit and quarter.

    One pass over the assessments, no expansion per quarter: the latest assessment of a domain
    in each quarter (the key employee, date, domain is unique) changes the employee's gap sum,
    number of assessed domains and number of domains with a gap from that quarter on (window
    ``lag``); the employee's running totals hold until its next change (``lead``), cut to the
    quarters it is active at; per unit they add up as running sums (:func:`_running_sql`).
    Levels and gaps are integers (contract), so the sums of changes are exact. A domain is
    one of the contract's codes (validated), taken by its position in them.
    """
    # a domain by its position in the contract's codes: the windows sort integers, not text
    domain = f"list_position([{', '.join(repr(d) for d in DOMAINS)}], domain)"
    changes = f"""
        WITH latest AS (
            SELECT employee_key, {domain} AS domain, {quarter_index_sql("assessed_on")} AS q,
                arg_max(greatest(required_level - score, 0), assessed_on) AS gap
            FROM assessments WHERE {quarter_index_sql("assessed_on")} <= {last}
            GROUP BY ALL),
        domain_change AS (
            SELECT employee_key, q, gap - coalesce(lag(gap) OVER w, 0) AS d_gap,
                CASE WHEN row_number() OVER w = 1 THEN 1 ELSE 0 END AS d_domains,
                CASE WHEN gap > 0 THEN 1 ELSE 0 END - CASE WHEN lag(gap) OVER w > 0 THEN 1 ELSE 0 END AS d_with_gap
            FROM latest WINDOW w AS (PARTITION BY employee_key, domain ORDER BY q)),
        employee_change AS (
            SELECT employee_key, q, sum(d_gap) AS d_gap, sum(d_domains) AS d_domains,
                sum(d_with_gap) AS d_with_gap
            FROM domain_change GROUP BY ALL),
        state AS (
            SELECT employee_key, q, coalesce(lead(q) OVER w - 1, {last}) AS q_last,
                sum(d_gap) OVER w AS gap_sum, sum(d_domains) OVER w AS n_domains,
                sum(d_with_gap) OVER w AS n_with_gap
            FROM employee_change WINDOW w AS (PARTITION BY employee_key ORDER BY q)),
        pieces AS (
            SELECT s.unit_id, greatest(t.q, s.q_from) AS q_from, least(t.q_last, s.q_to) AS q_to,
                t.gap_sum, t.n_domains, CASE WHEN t.n_with_gap > 0 THEN 1 ELSE 0 END AS with_gap
            FROM state t JOIN emp_span s ON s.employee_key = t.employee_key
            WHERE greatest(t.q, s.q_from) <= least(t.q_last, s.q_to))
        SELECT unit_id, q_from AS q, 1 AS assessed, gap_sum, n_domains, with_gap FROM pieces
        UNION ALL
        SELECT unit_id, q_to + 1 AS q, -1, -gap_sum, -n_domains, -with_gap FROM pieces
    """
    return sd.df(f"""
        SELECT unit_id, period_idx, assessed::BIGINT AS assessed_staff,
            gap_sum::DOUBLE / n_domains::DOUBLE AS mean_competency_gap,
            with_gap::DOUBLE / assessed::DOUBLE AS share_with_gap
        FROM ({_running_sql(changes, ["assessed", "gap_sum", "n_domains", "with_gap"])})
        WHERE assessed > 0
    """)


def _it_training(sd: ScaledData, programs: pd.DataFrame, keywords: Sequence[str]) -> pd.DataFrame:
    """:func:`analysis.linkage.launch.it_training_before_launch` in SQL."""
    ids = it_programme_ids(programs, keywords)
    sd.con.register("it_programs", pd.DataFrame({"program_id": ids.astype(str).to_numpy()}))
    eve = "l.online_service_start - 1"
    months = 3 * IT_LOOKBACK_QUARTERS
    it = sd.df(f"""
        WITH launched AS (SELECT unit_id, online_service_start FROM units WHERE online_service_start IS NOT NULL),
        emp AS (
            SELECT e.employee_key, e.unit_id, l.online_service_start FROM employees e
            JOIN launched l ON l.unit_id = e.unit_id
            WHERE e.hire_date <= {eve} AND (e.exit_date IS NULL OR e.exit_date > {eve})),
        trained AS (
            SELECT DISTINCT m.employee_key, m.unit_id FROM emp m
            JOIN enrollments r ON r.employee_key = m.employee_key
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
    first, last = int(q_idx.min()), int(q_idx.max())
    _employee_spans(sd, first, last)
    staff_n, by_unit = _staff_and_training(sd, first, last)
    gaps = _competency_gaps(sd, last)
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
