"""The coverage rates of one quarter: 20-JP compliance, participation and enrollment outcomes,
and staff not reached.

Definitions (``docs/definitions.md``; computed from :mod:`analysis.data.definitions`):

- **Active** at the end of quarter Q: ``hire_date <= end of Q < exit_date``.
- **Credited JP** count in the quarter (and year) of ``end_date``, completed only.
- **20-JP compliance** for year Y as of Q: share of staff active at the end of Q
  with credited JP in Y up to the end of Q >= 20. **On track**: >= 5 x (quarters
  of Y elapsed) JP, i.e. 5 by Q1, 10 by Q2, 15 by Q3, 20 by Q4.
- **Completion / no-show / drop-out rate**: completed (no_show, dropped) over
  completed + dropped + no_show, among enrollments ending in Q; ``registered``
  enrollments are pending and left out.
- **Participation rate**: share of staff active at the end of Q with at least one
  attended (completed or dropped) enrollment ending in Q.
- **Not reached**: active staff with no credited JP in the last four quarters.

Every share comes with a Wilson 95% confidence interval
(:func:`analysis.stats.intervals.wilson_interval`). The interval treats the quarter's
staff as a draw from the process that generates participation; for a census of the
city it describes the uncertainty of the underlying rate, not of the count.

What each rate counts of one person is worked out once per quarter
(:func:`quarter_people`: credited JP so far in the year, took part, not reached); the
``*_frame`` functions only group those columns, so :mod:`analysis.coverage.trends`,
:mod:`analysis.coverage.equity_tests` and :mod:`analysis.coverage.panels` reuse them
quarter after quarter and dimension after dimension.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from analysis.data.dataset import Dataset
from analysis.data.definitions import enrollment_facts
from analysis.data.parsers import isin_pool
from analysis.data.periods import (
    format_period,
    parse_period,
    period_range,
    quarter_end,
    shift_period,
)
from analysis.data.staff import (
    as_column_list,
    attach_staff_columns,
    check_group_columns,
    staff_attributes,
)
from analysis.stats.intervals import wilson_interval

#: The annual minimum of PP 11/2017 art. 203.
JP_MINIMUM = 20.0
#: JP per elapsed quarter that keeps an employee "on track" for the minimum.
JP_PER_QUARTER_ON_TRACK = 5.0
#: Quarters of the "not reached" window (one year).
NOT_REACHED_QUARTERS = 4

COMPLIANCE_COLUMNS = (
    "active_staff",
    "jp_mean",
    "share_meeting_20jp",
    "share_meeting_20jp_ci_low",
    "share_meeting_20jp_ci_high",
    "share_on_track",
    "share_on_track_ci_low",
    "share_on_track_ci_high",
)
PARTICIPATION_COLUMNS = (
    "enrollments",
    "completion_rate",
    "completion_rate_ci_low",
    "completion_rate_ci_high",
    "no_show_rate",
    "no_show_rate_ci_low",
    "no_show_rate_ci_high",
    "dropout_rate",
    "dropout_rate_ci_low",
    "dropout_rate_ci_high",
    "participation_rate",
    "participation_rate_ci_low",
    "participation_rate_ci_high",
)


def people_frame(
    staff: pd.DataFrame, facts: pd.DataFrame, period: str, quarters: int = NOT_REACHED_QUARTERS
) -> pd.DataFrame:
    """``staff`` (active at the end of ``period``) with what the rates count of each person.

    Added columns:

    - ``jp``: credited JP in ``period``'s year up to its end (0 without any);
    - ``took_part``: at least one attended (completed or dropped) enrollment ending in ``period``;
    - ``missed``: no credited JP ending in the ``quarters`` quarters up to ``period`` (not reached).

    ``facts`` are :func:`analysis.data.definitions.enrollment_facts`.
    """
    p = parse_period(period)
    ids = staff["employee_id"]
    in_ytd = (facts["year"] == p.year) & (facts["end_date"] <= quarter_end(p))
    jp = facts.loc[in_ytd].groupby("employee_id")["credited_jp"].sum()
    attended = facts.loc[facts["period"].eq(period) & facts["attended"], "employee_id"]
    window = period_range(shift_period(period, -(quarters - 1)), period)
    credited = facts.loc[facts["period"].isin(window) & (facts["credited_jp"] > 0), "employee_id"]
    out = staff.copy()
    out["jp"] = jp.reindex(pd.Index(ids)).fillna(0.0).astype(float).to_numpy()
    out["took_part"] = isin_pool(ids, attended)
    out["missed"] = ~isin_pool(ids, credited)
    return out


def quarter_people(ds: Dataset, period: str | pd.Period) -> pd.DataFrame:
    """:func:`people_frame` of the staff active at the end of ``period``
    (:func:`analysis.data.staff.staff_attributes`), "not reached" over
    :data:`NOT_REACHED_QUARTERS` quarters.

    Computed once per dataset and quarter (:meth:`analysis.data.dataset.Dataset.derived`);
    each call returns a copy.
    """
    period = format_period(period)
    return ds.derived(("coverage_people", period),
                      lambda: people_frame(staff_attributes(ds, period), enrollment_facts(ds), period))


def group_frame(frame: pd.DataFrame, by: list[str], agg: dict) -> pd.DataFrame:
    """``frame`` aggregated per group of ``by`` (named aggregations ``agg``), or one row without ``by``."""
    if by:  # one aggregation per column (named aggregation costs pandas several times more)
        grouped = frame.groupby(by, dropna=False, observed=True)
        return pd.DataFrame({name: getattr(grouped[col], func)() for name, (col, func) in agg.items()}).reset_index()
    return pd.DataFrame({name: [frame[col].agg(func)] for name, (col, func) in agg.items()})


def _add_share(out: pd.DataFrame, name: str, count: str, n: pd.Series) -> None:
    """Add ``name`` = ``count`` / ``n`` (NaN where n is 0) and its Wilson 95% CI to ``out``."""
    out[name] = out[count] / n.where(n > 0)
    out[f"{name}_ci_low"], out[f"{name}_ci_high"] = wilson_interval(out[count], n)


# --------------------------------------------------------------------------------------------
# 20-JP compliance
# --------------------------------------------------------------------------------------------


def compliance_frame(people: pd.DataFrame, period: str, by: list[str]) -> pd.DataFrame:
    """:func:`jp_compliance` from the staff of ``period`` with their JP (:func:`people_frame`)."""
    p = parse_period(period)
    frame = people[["employee_id", *by, "jp"]].copy()
    frame["meets"] = frame["jp"] >= JP_MINIMUM
    frame["on_track"] = frame["jp"] >= JP_PER_QUARTER_ON_TRACK * p.quarter
    counts = group_frame(
        frame,
        by,
        {
            "active_staff": ("employee_id", "size"),
            "jp_sum": ("jp", "sum"),
            "n_meeting": ("meets", "sum"),
            "n_on_track": ("on_track", "sum"),
        },
    )
    return compliance_table(counts, by)


def compliance_table(counts: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """:func:`jp_compliance` from its counts per group: ``active_staff``, ``jp_sum`` (their credited
    JP so far in the year), ``n_meeting`` (>= :data:`JP_MINIMUM`) and ``n_on_track``; shares and
    Wilson intervals added here, for the pandas and the SQL (:mod:`analysis.scale`) counts alike."""
    out = counts.copy()
    n = out["active_staff"].astype(float)
    out["jp_mean"] = out["jp_sum"] / n.where(n > 0)
    _add_share(out, "share_meeting_20jp", "n_meeting", n)
    _add_share(out, "share_on_track", "n_on_track", n)
    out["active_staff"] = out["active_staff"].astype(int)
    return out[[*by, *COMPLIANCE_COLUMNS]]


def jp_compliance(
    ds: Dataset, period: str | pd.Period, by: str | Sequence[str] | None = "agency_id"
) -> pd.DataFrame:
    """20-JP compliance and "on track" shares of staff active at the end of ``period``.

    Parameters
    ----------
    ds
        The dataset.
    period
        The quarter Q, e.g. ``"2026Q3"``; the year Y is Q's calendar year.
    by
        Grouping column(s) of the staff roster (:func:`analysis.data.staff.staff_attributes`):
        ``agency_id`` (default), ``unit_id``, ``sector``, ``gender``,
        ``employment_type``, ``position_type``, ``grade_group``, ``age_band``,
        ``education_group``; ``None`` gives one row for the whole city (and no
        group column).

    Returns
    -------
    DataFrame
        One row per group: ``<by>``, ``active_staff`` (employees active at the end
        of Q), ``jp_mean`` (mean credited JP in Y up to the end of Q, zeros
        included), ``share_meeting_20jp`` (share with >= 20 JP),
        ``share_on_track`` (share with >= 5 x quarters elapsed JP), each share
        with ``_ci_low`` and ``_ci_high`` (Wilson 95%).

    Notes
    -----
    Credited JP count in the year of ``end_date`` (completed enrollments only,
    ``jp_credited`` else the programme's JP). An employee's JP follow the
    employee: JP earned in another unit earlier in the year count where the
    employee is at the end of Q. Employees without enrollments have 0 JP.
    The minimum is PP 11/2017 art. 203.

    Example
    -------
    >>> jp_compliance(ds, "2026Q3", by=None)  # doctest: +SKIP
    """
    period = format_period(period)
    by_cols = as_column_list(by)
    people = quarter_people(ds, period)
    check_group_columns(people, by_cols)
    return compliance_frame(people, period, by_cols)


# --------------------------------------------------------------------------------------------
# participation, completion, no-show, drop-out
# --------------------------------------------------------------------------------------------


def _enrollment_outcomes(
    facts: pd.DataFrame, period: str, by: list[str], everyone: pd.DataFrame | None
) -> pd.DataFrame:
    """Decided enrollments ending in ``period`` per group: ``enrollments``, ``n_completed``,
    ``n_no_show``, ``n_dropped``; an enrollment belongs to its employee's group (leavers too,
    from ``everyone``, which only grouped counts need)."""
    in_q = facts.loc[facts["period"].eq(period) & facts["decided"]]
    if by:
        if everyone is None:
            raise ValueError("grouped enrollment outcomes need the roster of every employee (everyone)")
        in_q = attach_staff_columns(in_q, everyone, by)
    status = in_q["status"]
    enr = in_q[by].copy() if by else pd.DataFrame(index=in_q.index)
    enr["completed"] = status.eq("completed")
    enr["no_show"] = status.eq("no_show")
    enr["dropped"] = status.eq("dropped")
    enr["one"] = 1
    return group_frame(
        enr,
        by,
        {
            "enrollments": ("one", "size"),
            "n_completed": ("completed", "sum"),
            "n_no_show": ("no_show", "sum"),
            "n_dropped": ("dropped", "sum"),
        },
    )


def participation_frame(
    people: pd.DataFrame, facts: pd.DataFrame, period: str, by: list[str], everyone: pd.DataFrame | None
) -> pd.DataFrame:
    """:func:`participation` from the active staff of ``period`` with their ``took_part``
    (:func:`people_frame`), a roster of every employee (``everyone``, to group leavers'
    enrollments; needed only with ``by``) and enrollment facts.

    Keeps the counts behind the rates: ``staff`` and ``n_took_part`` (participation),
    ``n_completed``, ``n_no_show``, ``n_dropped`` (over ``enrollments``).
    """
    rates = _enrollment_outcomes(facts, period, by, everyone)
    part = group_frame(
        people[["employee_id", *by, "took_part"]], by,
        {"staff": ("employee_id", "size"), "n_took_part": ("took_part", "sum")},
    )
    return participation_table(part, rates, by)


def participation_table(part: pd.DataFrame, rates: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """:func:`participation` from its counts per group: ``part`` (``staff``, ``n_took_part``) and
    ``rates`` (``enrollments``, ``n_completed``, ``n_no_show``, ``n_dropped``), joined outer; the
    rates and Wilson intervals added here, for the pandas and the SQL counts alike."""
    if by:
        out = part.merge(rates, on=by, how="outer")
    else:
        out = pd.concat([part, rates], axis=1)
    for col in ("enrollments", "n_completed", "n_no_show", "n_dropped", "staff", "n_took_part"):
        out[col] = out[col].fillna(0).astype(int)
    n = out["enrollments"].astype(float)
    for name, count in (
        ("completion_rate", "n_completed"),
        ("no_show_rate", "n_no_show"),
        ("dropout_rate", "n_dropped"),
    ):
        _add_share(out, name, count, n)
    _add_share(out, "participation_rate", "n_took_part", out["staff"].astype(float))
    return out


def participation(
    ds: Dataset, period: str | pd.Period, by: str | Sequence[str] | None = "agency_id"
) -> pd.DataFrame:
    """Completion, no-show and drop-out rates of enrollments, and the participation rate of staff.

    Parameters
    ----------
    ds, period
        The dataset and the quarter Q.
    by
        Grouping column(s), as in :func:`jp_compliance`; an enrollment belongs to
        the group of its employee (current unit and attributes). ``None``: one
        city row.

    Returns
    -------
    DataFrame
        One row per group: ``<by>``, ``enrollments`` (enrollments ending in Q
        that are decided: completed, dropped or no_show), ``completion_rate``,
        ``no_show_rate``, ``dropout_rate`` (each over ``enrollments``),
        ``participation_rate`` (share of staff active at the end of Q with at
        least one attended enrollment ending in Q), each with ``_ci_low`` and
        ``_ci_high`` (Wilson 95%).

    Notes
    -----
    ``registered`` enrollments are pending and left out of every rate. A group
    with no decided enrollments has NaN rates; a group with enrollments but no
    active staff (all its participants left) has a NaN participation rate.
    An attended enrollment of someone no longer active counts in the rates of
    enrollments but not in the participation rate (the staff are the denominator).
    """
    period = format_period(period)
    by_cols = as_column_list(by)
    people = quarter_people(ds, period)
    check_group_columns(people, by_cols)
    everyone = staff_attributes(ds, period, active_only=False) if by_cols else None
    out = participation_frame(people, enrollment_facts(ds), period, by_cols, everyone)
    return out[[*by_cols, *PARTICIPATION_COLUMNS]]


# --------------------------------------------------------------------------------------------
# not reached
# --------------------------------------------------------------------------------------------


def not_reached_frame(people: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """:func:`not_reached` (unsorted, without unit names) from the staff of a quarter with
    their ``missed`` flag (:func:`people_frame`)."""
    out = group_frame(
        people[["employee_id", *by, "missed"]], by,
        {"active_staff": ("employee_id", "size"), "not_reached": ("missed", "sum")},
    )
    _add_share(out, "share_not_reached", "not_reached", out["active_staff"].astype(float))
    out["active_staff"] = out["active_staff"].astype(int)
    out["not_reached"] = out["not_reached"].astype(int)
    return out


def not_reached(
    ds: Dataset,
    period: str | pd.Period,
    by: str | Sequence[str] = "unit_id",
    quarters: int = NOT_REACHED_QUARTERS,
) -> pd.DataFrame:
    """Staff with no credited JP in the last ``quarters`` quarters, counted per unit.

    Parameters
    ----------
    ds, period
        The dataset and the quarter Q.
    by
        Grouping column(s) (default ``unit_id``; the unit's name and agency are
        added when grouping by unit).
    quarters
        Look-back window: quarters Q-quarters+1 .. Q (default 4, one year).

    Returns
    -------
    DataFrame
        One row per group, most affected first: ``<by>`` (with ``unit_name``,
        ``agency_id`` when by is ``unit_id``), ``active_staff`` (active at the end
        of Q), ``not_reached`` (of them, with 0 credited JP ending in the window),
        ``share_not_reached`` with ``_ci_low``/``_ci_high`` (Wilson 95%).

    Notes
    -----
    Staff hired during the window count as not reached if they have no credited
    JP yet; the window is calendar quarters, not the employee's tenure.
    """
    if quarters < 1:
        raise ValueError(f"quarters must be >= 1; got {quarters}")
    period = format_period(period)
    by_cols = as_column_list(by)
    if quarters == NOT_REACHED_QUARTERS:
        people = quarter_people(ds, period)
    else:
        people = people_frame(staff_attributes(ds, period), enrollment_facts(ds), period, quarters)
    check_group_columns(people, by_cols)
    out = not_reached_frame(people, by_cols)
    if by_cols == ["unit_id"]:
        unit_cols = ["unit_id", "unit_name", "agency_id"]
        out = out.merge(ds.units[unit_cols], on="unit_id", how="left")
        out = out[[*unit_cols, *[c for c in out if c not in unit_cols]]]
    return out.sort_values(
        ["share_not_reached", "not_reached"], ascending=False, kind="stable"
    ).reset_index(drop=True)
