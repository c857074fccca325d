"""The shared definitions (``docs/definitions.md``), computed once.

Every analysis module derives JP, cost, activity and gains from here, so one
word has one meaning everywhere:

- **Active employee** at a date: ``hire_date <= date`` and (no ``exit_date`` or
  ``exit_date > date``).
- **Credited JP** of an enrollment: ``jp_credited`` if given, else the programme's
  ``jp``, and only when ``status == "completed"``; it counts in the quarter of
  ``end_date``.
- **Attended** = completed or dropped.
- **Cost** of an enrollment: its ``cost`` if given, else the programme's
  ``cost_per_participant`` when attended, else 0. Spending counts in the quarter
  of ``end_date``.
- **Learning gain** = post_score - pre_score (completed, both present);
  **normalised gain** (Hake 1998) = (post - pre) / (max_score - pre) where pre < max_score.

The same definitions in SQL (:func:`active_sql`, :func:`active_quarters_sql`,
:func:`enrollment_facts_sql`) are built from
the same constants, for the DuckDB engine of :mod:`analysis.scale` (national scale); a test
checks both give the same KPI tables.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.data.contract import PROGRAMS
from analysis.data.dataset import Dataset
from analysis.data.periods import parse_period, period_of, quarter_end

ATTENDED_STATUSES = ("completed", "dropped")
#: Statuses that count in completion / drop-out / no-show denominators ("registered" is pending).
DECIDED_STATUSES = ("completed", "dropped", "no_show")


def active_mask(employees: pd.DataFrame, date: pd.Timestamp | str) -> pd.Series:
    """Boolean mask: employee active at ``date`` (hire_date <= date < exit_date)."""
    when = pd.Timestamp(date)
    hired = employees["hire_date"] <= when
    exit_date = employees["exit_date"] if "exit_date" in employees else pd.Series(pd.NaT, index=employees.index)
    still_there = exit_date.isna() | (exit_date > when)
    return (hired & still_there).fillna(False).astype(bool)


def _sql_list(values: tuple[str, ...]) -> str:
    return ", ".join("'" + v.replace("'", "''") + "'" for v in values)


def active_sql(date_sql: str, alias: str = "e") -> str:
    """SQL of :func:`active_mask`: employee ``alias`` active at the SQL date ``date_sql``
    (hire_date <= date and (no exit_date or exit_date > date); a missing hire_date is not active)."""
    return (
        f"({alias}.hire_date <= {date_sql} AND "
        f"({alias}.exit_date IS NULL OR {alias}.exit_date > {date_sql}))"
    )


def quarter_index_sql(date_sql: str) -> str:
    """SQL: the period index (year * 4 + quarter - 1) of the quarter a SQL date falls in."""
    return f"(year({date_sql}) * 4 + quarter({date_sql}) - 1)"


#: Period index standing for "no end" (an employee without an exit date).
OPEN_END_INDEX = 2**31 - 1


def active_quarters_sql(alias: str = "e") -> tuple[str, str]:
    """SQL of :func:`active_sql` at quarter ends, as a span of period indexes (first, last).

    Employee ``alias`` is active at the end of quarter q exactly when
    first <= q <= last, with first = the quarter of ``hire_date`` (hire_date <= end(q)) and
    last = the quarter before that of ``exit_date`` (exit_date > end(q)), or
    :data:`OPEN_END_INDEX` without an exit date; first is NULL without a hire date (never active).
    """
    first = quarter_index_sql(f"{alias}.hire_date")
    last = f"coalesce({quarter_index_sql(f'{alias}.exit_date')} - 1, {OPEN_END_INDEX})"
    return first, last


def enrollment_facts_sql(key: str = "employee_id") -> str:
    """SQL (DuckDB) of the :func:`enrollment_facts` columns the KPI tables use.

    Over the tables ``enrollments``, ``programs``, ``employees`` and ``units``, an employee
    named by the column ``key`` in ``enrollments`` and ``employees`` (the DuckDB engine's
    integer ``employee_key``); one row per enrollment with ``key``, ``program_id``,
    ``status``, the employee's ``unit_id``, ``agency_id``, ``hire_date`` and ``exit_date``,
    ``period_idx`` (year * 4 + quarter - 1 of end_date, the quarter it counts in; its year is
    ``period_idx // 4``), ``attended``, ``decided``, ``completed``, ``credited_jp`` and
    ``cost_idr`` with the rules of this module's docstring. The agency is attached to each
    employee before the employees are joined to the enrollments (one join per employee rather
    than per enrollment).
    """
    attended = _sql_list(ATTENDED_STATUSES)
    return f"""
        SELECT r.{key}, r.program_id, r.status, e.unit_id, e.agency_id,
            e.hire_date, e.exit_date,
            {quarter_index_sql("r.end_date")} AS period_idx,
            r.status IN ({attended}) AS attended,
            r.status IN ({_sql_list(DECIDED_STATUSES)}) AS decided,
            r.status = 'completed' AS completed,
            CASE WHEN r.status = 'completed' THEN coalesce(r.jp_credited, p.jp) ELSE 0.0 END
                AS credited_jp,
            coalesce(r.cost, CASE WHEN r.status IN ({attended}) THEN p.cost_per_participant
                ELSE 0.0 END) AS cost_idr
        FROM enrollments r
        LEFT JOIN programs p ON p.program_id = r.program_id
        LEFT JOIN (SELECT e.{key}, e.unit_id, u.agency_id, e.hire_date, e.exit_date
                   FROM employees e LEFT JOIN units u ON u.unit_id = e.unit_id) e ON e.{key} = r.{key}
    """


def staff_roster(ds: Dataset) -> pd.DataFrame:
    """Employees with their unit's ``agency_id``, ``sector`` and ``unit_name`` attached.

    Computed once per dataset (:meth:`analysis.data.dataset.Dataset.derived`); each call
    returns a copy.
    """
    return ds.derived(("staff_roster",), lambda: _staff_roster(ds))


def _staff_roster(ds: Dataset) -> pd.DataFrame:
    unit_cols = ds.units[["unit_id", "agency_id", "sector", "unit_name"]]
    return ds.employees.merge(unit_cols, on="unit_id", how="left", validate="many_to_one")


def active_staff(ds: Dataset, period: str | pd.Period) -> pd.DataFrame:
    """The roster of employees active at the end of ``period`` (see :func:`staff_roster`)."""
    roster = staff_roster(ds)
    return roster.loc[active_mask(roster, quarter_end(period))].reset_index(drop=True)


def enrollment_facts(ds: Dataset) -> pd.DataFrame:
    """Enrollments with programme and employee attributes and the derived quantities.

    Returns
    -------
    DataFrame
        One row per enrollment: every enrollment column, the programme's
        ``title, modality, domain, provider_type, provider, jp, cost_per_participant,
        target_sector, max_score``, the employee's ``unit_id, agency_id, sector,
        gender, employment_type, position_type, is_unit_head``, and

        - ``period`` (quarter of end_date), ``year``
        - ``attended`` (completed or dropped), ``decided`` (not registered)
        - ``credited_jp`` (0 unless completed)
        - ``cost_idr`` (own cost, else programme cost when attended, else 0)
        - ``gain`` and ``normalised_gain`` (NaN where undefined)
        - ``on_target_sector`` (programme targets the employee's sector; NaN when
          the programme has no target sector)

    Computed once per dataset (:meth:`analysis.data.dataset.Dataset.derived`); each call
    returns a copy.
    """
    return ds.derived(("enrollment_facts",), lambda: _enrollment_facts(ds))


def _enrollment_facts(ds: Dataset) -> pd.DataFrame:
    prog_cols = [c for c in PROGRAMS.column_names if c in ds.programs]
    roster = staff_roster(ds)
    emp_cols = [
        c
        for c in (
            "employee_id",
            "unit_id",
            "agency_id",
            "sector",
            "gender",
            "employment_type",
            "position_type",
            "is_unit_head",
        )
        if c in roster
    ]
    facts = ds.enrollments.merge(
        ds.programs[prog_cols], on="program_id", how="left", validate="many_to_one"
    ).merge(roster[emp_cols], on="employee_id", how="left", validate="many_to_one")

    status = facts["status"]
    completed = status.eq("completed")
    facts["attended"] = status.isin(ATTENDED_STATUSES)
    facts["decided"] = status.isin(DECIDED_STATUSES)
    facts["period"] = period_of(facts["end_date"])
    facts["year"] = facts["end_date"].dt.year

    jp_given = facts["jp_credited"] if "jp_credited" in facts else pd.Series(np.nan, index=facts.index)
    facts["credited_jp"] = np.where(completed, jp_given.fillna(facts["jp"]), 0.0).astype(float)

    own_cost = facts["cost"] if "cost" in facts else pd.Series(np.nan, index=facts.index)
    fallback = np.where(facts["attended"], facts["cost_per_participant"], 0.0)
    facts["cost_idr"] = own_cost.fillna(pd.Series(fallback, index=facts.index)).astype(float)

    max_score = (
        facts["max_score"].fillna(100.0) if "max_score" in facts else pd.Series(100.0, index=facts.index)
    )
    pre = facts["pre_score"] if "pre_score" in facts else pd.Series(np.nan, index=facts.index)
    post = facts["post_score"] if "post_score" in facts else pd.Series(np.nan, index=facts.index)
    has_both = completed & pre.notna() & post.notna()
    facts["gain"] = (post - pre).where(has_both)
    room = (max_score - pre).where(has_both & (pre < max_score))
    facts["normalised_gain"] = (post - pre) / room

    target = facts["target_sector"] if "target_sector" in facts else pd.Series(pd.NA, index=facts.index)
    on_target = (target == facts["sector"]).astype("boolean")
    facts["on_target_sector"] = on_target.mask(target.isna())
    return facts


def jp_year_to_date(facts: pd.DataFrame, period: str | pd.Period) -> pd.Series:
    """Credited JP per employee in the fiscal year of ``period``, up to its end.

    ``facts`` is :func:`enrollment_facts`. Returns a Series indexed by employee_id
    (employees with no credited JP are absent; reindex and fill 0 as needed).
    """
    p = parse_period(period)
    in_window = (facts["year"] == p.year) & (facts["end_date"] <= quarter_end(p))
    return facts.loc[in_window].groupby("employee_id")["credited_jp"].sum()
