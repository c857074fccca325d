"""Coverage and participation: the 20-JP minimum, who takes part, and who is not reached.

PP 11/2017 art. 203 gives every ASN the right (and the duty) to at least 20 JP
(jam pelajaran, 45 minutes) of competency development a year. This module
answers, for one quarter: how many active staff have reached 20 JP so far this
year or are on track to, how many enrollments were completed, dropped or not
attended, who took part at all, how those shares differ between groups of staff
(equity), which units have staff with no credited JP in a whole year ("not
reached"), what predicts taking part, not showing up and dropping out, and how
every headline rate moved over the last eight quarters.

Definitions (DESIGN.md, exactly; see :mod:`analysis.data.definitions`):

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

Every share comes with a Wilson 95% confidence interval
(:func:`analysis.stats.comparisons.proportion_ci`). The interval treats the quarter's staff
as a draw from the process that generates participation; for a census of the
city it describes the uncertainty of the underlying rate, not of the count.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence

import numpy as np
import pandas as pd

from analysis.data.dataset import Dataset
from analysis.data.definitions import active_mask, enrollment_facts, staff_roster
from analysis.data.periods import (
    format_period,
    parse_period,
    period_range,
    quarter_end,
    shift_period,
)
from analysis.data.staff import (  # noqa: F401  (re-exported: analysis.coverage.staff_attributes, ...)
    AGE_BANDS,
    EDUCATION_GROUPS,
    EQUITY_DIMENSIONS,
    age_band,
    grade_group,
    staff_attributes,
)
from analysis.data.staff import as_column_list as _by_list
from analysis.data.staff import attach_staff_columns as _attach
from analysis.data.staff import check_group_columns as _check_by
from analysis.stats.design import independent_terms as _independent_terms
from analysis.stats.intervals import wilson_interval as _wilson
from analysis.text import fmt
from analysis.text.phrases import count_of_total, is_small_count, staff_count
from analysis.text.trends import year_on_year_paragraph

#: The annual minimum of PP 11/2017 art. 203.
JP_MINIMUM = 20.0
#: JP per elapsed quarter that keeps an employee "on track" for the minimum.
JP_PER_QUARTER_ON_TRACK = 5.0



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


# --------------------------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------------------------






def _check_period(period: str | pd.Period) -> str:
    return format_period(period)


def restrict_to_agency(ds: Dataset, agency: str | None) -> Dataset:
    """The part of ``ds`` that belongs to one OPD (``agency`` = its agency_id).

    Keeps the agency's units, the employees assigned to them, and those
    employees' enrollments, assessments, recognitions and survey answers; the
    programme list, the agency's budget rows and its units' service metrics.
    ``None`` or ``"all"`` returns ``ds`` unchanged.

    Raises
    ------
    ValueError
        When ``agency`` is not an agency_id of the dataset (the message lists them).
    """
    if agency is None or agency == "all":
        return ds
    agencies = sorted(ds.units["agency_id"].dropna().unique())
    if agency not in agencies:
        raise ValueError(f"unknown agency {agency!r}; the data has {', '.join(agencies)} (or 'all')")
    units = ds.units.loc[ds.units["agency_id"].eq(agency)].reset_index(drop=True)
    unit_ids = set(units["unit_id"])
    employees = ds.employees.loc[ds.employees["unit_id"].isin(unit_ids)].reset_index(drop=True)
    emp_ids = set(employees["employee_id"])

    def keep(frame: pd.DataFrame | None, column: str, values: set) -> pd.DataFrame | None:
        if frame is None:
            return None
        return frame.loc[frame[column].isin(values)].reset_index(drop=True)

    return Dataset(
        units=units,
        employees=employees,
        programs=ds.programs,
        enrollments=keep(ds.enrollments, "employee_id", emp_ids),
        assessments=keep(ds.assessments, "employee_id", emp_ids),
        service_metrics=keep(ds.service_metrics, "unit_id", unit_ids),
        budget=keep(ds.budget, "agency_id", {agency}),
        recognitions=keep(ds.recognitions, "employee_id", emp_ids),
        survey=keep(ds.survey, "employee_id", emp_ids),
        source=ds.source,
        files=ds.files,
        warnings=ds.warnings,
    )












def _group_frame(frame: pd.DataFrame, by: list[str], agg: dict) -> pd.DataFrame:
    if by:
        return frame.groupby(by, dropna=False, observed=True).agg(**agg).reset_index()
    return pd.DataFrame({name: [frame[col].agg(func)] for name, (col, func) in agg.items()})


# --------------------------------------------------------------------------------------------
# 20-JP compliance
# --------------------------------------------------------------------------------------------


def _compliance(staff: pd.DataFrame, facts: pd.DataFrame, period: str, by: list[str]) -> pd.DataFrame:
    p = parse_period(period)
    in_ytd = (facts["year"] == p.year) & (facts["end_date"] <= quarter_end(p))
    jp = facts.loc[in_ytd].groupby("employee_id")["credited_jp"].sum()
    frame = staff[["employee_id", *by]].copy()
    frame["jp"] = frame["employee_id"].map(jp).fillna(0.0).astype(float)
    frame["meets"] = frame["jp"] >= JP_MINIMUM
    frame["on_track"] = frame["jp"] >= JP_PER_QUARTER_ON_TRACK * p.quarter
    out = _group_frame(
        frame,
        by,
        {
            "active_staff": ("employee_id", "size"),
            "jp_mean": ("jp", "mean"),
            "n_meeting": ("meets", "sum"),
            "n_on_track": ("on_track", "sum"),
        },
    )
    n = out["active_staff"].astype(float)
    out["share_meeting_20jp"] = out["n_meeting"] / n.where(n > 0)
    out["share_meeting_20jp_ci_low"], out["share_meeting_20jp_ci_high"] = _wilson(out["n_meeting"], n)
    out["share_on_track"] = out["n_on_track"] / n.where(n > 0)
    out["share_on_track_ci_low"], out["share_on_track_ci_high"] = _wilson(out["n_on_track"], n)
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
        Grouping column(s) of the staff roster (:func:`staff_attributes`):
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

    Example
    -------
    >>> jp_compliance(ds, "2026Q3", by=None)  # doctest: +SKIP
    """
    period = _check_period(period)
    by_cols = _by_list(by)
    staff = staff_attributes(ds, period)
    _check_by(staff, by_cols)
    return _compliance(staff, enrollment_facts(ds), period, by_cols)


# --------------------------------------------------------------------------------------------
# participation, completion, no-show, drop-out
# --------------------------------------------------------------------------------------------


def _participation(
    staff: pd.DataFrame, facts: pd.DataFrame, period: str, by: list[str], everyone: pd.DataFrame
) -> pd.DataFrame:
    in_q = facts.loc[facts["period"].eq(period) & facts["decided"]]
    in_q = _attach(in_q, everyone, by) if by else in_q
    status = in_q["status"]
    enr = in_q[by].copy() if by else pd.DataFrame(index=in_q.index)
    enr["completed"] = status.eq("completed")
    enr["no_show"] = status.eq("no_show")
    enr["dropped"] = status.eq("dropped")
    enr["one"] = 1
    rates = _group_frame(
        enr,
        by,
        {
            "enrollments": ("one", "size"),
            "n_completed": ("completed", "sum"),
            "n_no_show": ("no_show", "sum"),
            "n_dropped": ("dropped", "sum"),
        },
    )
    attended_ids = set(facts.loc[facts["period"].eq(period) & facts["attended"], "employee_id"])
    people = staff[["employee_id", *by]].copy()
    people["took_part"] = people["employee_id"].isin(attended_ids)
    part = _group_frame(
        people, by, {"staff": ("employee_id", "size"), "n_took_part": ("took_part", "sum")}
    )
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
        out[name] = out[count] / n.where(n > 0)
        out[f"{name}_ci_low"], out[f"{name}_ci_high"] = _wilson(out[count], n)
    m = out["staff"].astype(float)
    out["participation_rate"] = out["n_took_part"] / m.where(m > 0)
    out["participation_rate_ci_low"], out["participation_rate_ci_high"] = _wilson(
        out["n_took_part"], m
    )
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
    period = _check_period(period)
    by_cols = _by_list(by)
    staff = staff_attributes(ds, period)
    _check_by(staff, by_cols)
    everyone = staff_attributes(ds, period, active_only=False)
    out = _participation(staff, enrollment_facts(ds), period, by_cols, everyone)
    return out[[*by_cols, *PARTICIPATION_COLUMNS]]


# --------------------------------------------------------------------------------------------
# equity
# --------------------------------------------------------------------------------------------


def _chi2_p(table: np.ndarray) -> float:
    """p-value of Pearson's chi-square test of independence (NaN when undefined)."""
    from scipy.stats import chi2_contingency

    table = table[(table.sum(axis=1) > 0)]
    if table.shape[0] < 2 or (table.sum(axis=0) == 0).any():
        return float("nan")
    return float(chi2_contingency(table, correction=False)[1])


def equity(
    ds: Dataset,
    period: str | pd.Period,
    dimensions: Sequence[str] = tuple(EQUITY_DIMENSIONS),
) -> pd.DataFrame:
    """Compliance and participation by staff group, one block of rows per dimension.

    Parameters
    ----------
    ds, period
        The dataset and the quarter Q.
    dimensions
        Columns of :func:`staff_attributes` to compare: by default gender,
        employment_type (PNS/PPPK), position_type, grade_group, age_band,
        education_group.

    Returns
    -------
    DataFrame
        Long format, one row per (dimension, group): ``dimension``, ``group``,
        every column of :func:`jp_compliance` and of :func:`participation`
        (after ``active_staff``), plus ``p_value_20jp`` and
        ``p_value_participation``: Pearson chi-square tests (no continuity
        correction) that the share meeting 20 JP / the participation rate is the
        same in every group of the dimension (repeated on each row of the block).

    Notes
    -----
    The chi-square p-values are not adjusted for the number of dimensions
    tested; adjust with :func:`analysis.stats.comparisons.adjust_pvalues` before calling a
    difference (the notebooks use Holm). Groups of fewer than 30 staff are shown
    but should be read as "not enough data".
    """
    period = _check_period(period)
    staff = staff_attributes(ds, period)
    everyone = staff_attributes(ds, period, active_only=False)
    facts = enrollment_facts(ds)
    blocks = []
    for dim in dimensions:
        if dim not in staff.columns:
            raise KeyError(f"unknown equity dimension {dim!r}; use one of {', '.join(EQUITY_DIMENSIONS)}")
        comp = _compliance(staff, facts, period, [dim])
        part = _participation(staff, facts, period, [dim], everyone)
        block = comp.merge(part[[dim, "staff", "n_took_part", *PARTICIPATION_COLUMNS]], on=dim, how="left")
        n_meet = (block["share_meeting_20jp"] * block["active_staff"]).round().to_numpy()
        block["p_value_20jp"] = _chi2_p(np.column_stack([n_meet, block["active_staff"] - n_meet]))
        took = block["n_took_part"].fillna(0).to_numpy()
        block["p_value_participation"] = _chi2_p(
            np.column_stack([took, block["staff"].fillna(0) - took])
        )
        block = block.drop(columns=["staff", "n_took_part"]).rename(columns={dim: "group"})
        block.insert(0, "dimension", dim)
        block["group"] = block["group"].astype("string")
        blocks.append(block)
    return pd.concat(blocks, ignore_index=True)


# --------------------------------------------------------------------------------------------
# not reached
# --------------------------------------------------------------------------------------------


def not_reached(
    ds: Dataset, period: str | pd.Period, by: str | Sequence[str] = "unit_id", quarters: int = 4
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
    period = _check_period(period)
    by_cols = _by_list(by)
    staff = staff_attributes(ds, period)
    _check_by(staff, by_cols)
    out = _not_reached(staff, enrollment_facts(ds), period, by_cols, quarters)
    if by_cols == ["unit_id"]:
        out = out.merge(ds.units[["unit_id", "unit_name", "agency_id"]], on="unit_id", how="left")
        out = out[["unit_id", "unit_name", "agency_id", *[c for c in out if c not in ("unit_id", "unit_name", "agency_id")]]]
    return out.sort_values(
        ["share_not_reached", "not_reached"], ascending=False, kind="stable"
    ).reset_index(drop=True)


def _not_reached(
    staff: pd.DataFrame, facts: pd.DataFrame, period: str, by: list[str], quarters: int
) -> pd.DataFrame:
    window = set(period_range(shift_period(period, -(quarters - 1)), period))
    credited = facts.loc[facts["period"].isin(window) & (facts["credited_jp"] > 0), "employee_id"]
    frame = staff[["employee_id", *by]].copy()
    frame["missed"] = ~frame["employee_id"].isin(set(credited))
    out = _group_frame(
        frame, by, {"active_staff": ("employee_id", "size"), "not_reached": ("missed", "sum")}
    )
    n = out["active_staff"].astype(float)
    out["share_not_reached"] = out["not_reached"] / n.where(n > 0)
    out["share_not_reached_ci_low"], out["share_not_reached_ci_high"] = _wilson(out["not_reached"], n)
    out["active_staff"] = out["active_staff"].astype(int)
    out["not_reached"] = out["not_reached"].astype(int)
    return out


# --------------------------------------------------------------------------------------------
# predictors of taking part, not showing up and dropping out
# --------------------------------------------------------------------------------------------

#: Recognitions of performance (long-service awards recognise tenure, not performance).
PERFORMANCE_AWARDS: tuple[str, ...] = ("employee_of_quarter", "innovation")
#: Education levels of at least a four-year degree (D4/S1 and above).
DEGREE_LEVELS: tuple[str, ...] = ("d4", "s1", "s2", "s3")
#: Numeric covariates of every predictor model (columns of :func:`participation_panel`).
PREDICTORS: tuple[str, ...] = (
    "head_participated_prev_quarter",
    "award_prev_4q",
    "unit_award_prev_4q",
    "pppk",
    "female",
    "age_50_plus",
    "degree_s1_plus",
)
#: Survey answers attached to the panels (1..5).
SURVEY_PREDICTORS: tuple[str, ...] = ("learning_motivation", "leader_support")
#: Categorical covariates, entered as 0/1 indicators against a reference level.
CATEGORICAL_PREDICTORS: dict[str, str] = {"position_type": "staff", "sector": "general_admin"}


def _head_participation(ds: Dataset, facts: pd.DataFrame, quarter: str) -> pd.Series:
    """Per unit: did a head of the unit (active at the end of ``quarter``) attend an
    enrollment ending in ``quarter``? 1.0 / 0.0; units without an active head absent."""
    roster = staff_roster(ds)
    heads = roster.loc[active_mask(roster, quarter_end(quarter)) & roster["is_unit_head"].astype(bool)]
    attended = set(facts.loc[facts["period"].eq(quarter) & facts["attended"], "employee_id"])
    took = heads.assign(took=heads["employee_id"].isin(attended))
    return took.groupby("unit_id")["took"].max().astype(float)


def _awards_before(ds: Dataset, quarter: str, quarters: int = 4) -> pd.DataFrame:
    """Performance awards (:data:`PERFORMANCE_AWARDS`) given in the ``quarters`` quarters
    before ``quarter`` (the quarter itself excluded): employee_id and the employee's unit."""
    start = parse_period(shift_period(quarter, -quarters)).start_time
    end = parse_period(shift_period(quarter, -1)).end_time
    rec = ds.recognitions
    hit = rec.loc[
        (rec["awarded_on"] >= start) & (rec["awarded_on"] <= end) & rec["kind"].isin(PERFORMANCE_AWARDS),
        ["employee_id"],
    ].drop_duplicates()
    return hit.merge(ds.employees[["employee_id", "unit_id"]], on="employee_id", how="left")


def participation_panel(
    ds: Dataset, period: str | pd.Period, quarters: int = 4, facts: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Employee x quarter panel for the participation model, over the last ``quarters`` quarters.

    Returns
    -------
    DataFrame
        One row per (employee active at the end of quarter q, q in the window):
        ``employee_id, unit_id, agency_id, sector, period, is_unit_head,
        position_type``, the outcome ``participated`` (1 if >= 1 attended
        enrollment ending in q), and the covariates

        - ``head_participated_prev_quarter``: a head of the employee's unit
          attended an enrollment ending in q-1 (NaN when the unit had no
          active head then);
        - ``award_prev_4q``: the employee received a performance award
          (employee of the quarter, innovation) in q-4..q-1;
        - ``unit_award_prev_4q``: a colleague now in the same unit did (the
          unit recognises high performers);
        - ``pppk``, ``female``, ``age_50_plus`` (age in q's year >= 50),
          ``degree_s1_plus`` (D4/S1 or higher);
        - ``learning_motivation``, ``leader_support``: the survey answer of
          quarter q (NaN when not surveyed).
    """
    period = _check_period(period)
    facts = enrollment_facts(ds) if facts is None else facts
    frames = []
    for q in period_range(shift_period(period, -(quarters - 1)), period):
        staff = staff_attributes(ds, q)
        attended = set(facts.loc[facts["period"].eq(q) & facts["attended"], "employee_id"])
        panel = staff[
            ["employee_id", "unit_id", "agency_id", "sector", "is_unit_head", "employment_type",
             "gender", "age", "education", "position_type"]
        ].copy()
        panel["period"] = q
        panel["participated"] = panel["employee_id"].isin(attended).astype(float)
        head = _head_participation(ds, facts, shift_period(q, -1))
        panel["head_participated_prev_quarter"] = panel["unit_id"].map(head).astype(float)
        awards = _awards_before(ds, q)
        panel["award_prev_4q"] = panel["employee_id"].isin(set(awards["employee_id"])).astype(float)
        per_unit = awards.groupby("unit_id")["employee_id"].nunique()
        others = panel["unit_id"].map(per_unit).fillna(0) - panel["award_prev_4q"]
        panel["unit_award_prev_4q"] = (others > 0).astype(float)
        if ds.survey is not None and not ds.survey.empty:
            answers = ds.survey.loc[ds.survey["period"].eq(q)].drop_duplicates("employee_id")
            panel = panel.merge(
                answers[["employee_id", *[c for c in SURVEY_PREDICTORS if c in answers]]],
                on="employee_id",
                how="left",
            )
        frames.append(panel)
    out = pd.concat(frames, ignore_index=True)
    for col in SURVEY_PREDICTORS:
        if col not in out:
            out[col] = np.nan
        out[col] = out[col].astype(float)
    out["pppk"] = out["employment_type"].eq("pppk").astype(float)
    out["female"] = out["gender"].eq("F").astype(float)
    out["age_50_plus"] = (out["age"] >= 50).astype(float).where(out["age"].notna())
    out["degree_s1_plus"] = out["education"].isin(DEGREE_LEVELS).astype(float)
    return out.drop(columns=["employment_type", "gender", "education"])


def enrollment_panel(
    ds: Dataset, period: str | pd.Period, quarters: int = 4, facts: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Decided enrollments ending in the last ``quarters`` quarters, for the no-show and
    drop-out models.

    Returns
    -------
    DataFrame
        One row per decided enrollment (completed, dropped, no_show) of an
        employee active at the end of the enrollment's quarter:
        ``enrollment_id, period, modality, jp_per_10`` (programme JP / 10),
        outcomes ``no_show`` (1/0) and ``dropped`` (1/0; NaN for no-shows, so
        the drop-out model conditions on having started), and every column of
        :func:`participation_panel` for the employee in that quarter.
    """
    period = _check_period(period)
    facts = enrollment_facts(ds) if facts is None else facts
    panel = participation_panel(ds, period, quarters, facts=facts).drop(columns=["participated"])
    window = set(period_range(shift_period(period, -(quarters - 1)), period))
    enr = facts.loc[facts["decided"] & facts["period"].isin(window),
                    ["enrollment_id", "employee_id", "period", "modality", "jp", "status"]]
    out = enr.merge(panel, on=["employee_id", "period"], how="inner")
    out["jp_per_10"] = out["jp"].astype(float) / 10.0
    out["no_show"] = out["status"].eq("no_show").astype(float)
    out["dropped"] = out["status"].eq("dropped").astype(float).where(~out["status"].eq("no_show"))
    return out.drop(columns=["status", "jp"]).reset_index(drop=True)


def _indicator_terms(
    data: pd.DataFrame, column: str, reference: str, outcome: str | None = None, min_count: int = 10
) -> list[str]:
    """Add ``<column>__<level>`` 0/1 columns for levels other than the reference with at
    least ``min_count`` rows (rarer levels join the reference); return their names.

    The reference is ``reference`` when present, else the most frequent level; a
    column with a single level adds nothing (it would duplicate the intercept).
    With ``outcome`` (0/1), a level whose rows are all 0 or all 1 also joins the
    reference: its log-odds would be infinite (separation).
    """
    counts = data[column].value_counts()
    if len(counts) < 2:
        return []
    base = reference if reference in counts.index else counts.index[0]
    events = data.groupby(column, observed=True)[outcome].sum() if outcome else None
    names = []
    for level, count in counts.items():
        if level == base or count < min_count or count == len(data):
            continue
        if events is not None and (events.get(level, 0) == 0 or events.get(level, 0) == count):
            continue
        name = f"{column}__{re.sub(r'[^0-9A-Za-z_]', '_', str(level))}"
        data[name] = data[column].eq(level).astype(float)
        names.append(name)
    return sorted(names)




def _fit_logit(data: pd.DataFrame, outcome: str, numeric: list[str], categorical: dict[str, str]):
    from analysis.stats.models import logit

    cols = [outcome, "unit_id", "period", *numeric, *categorical]
    sub = data[cols].dropna().reset_index(drop=True)
    events = float(sub[outcome].sum())
    if events < 30 or len(sub) - events < 30 or sub["unit_id"].nunique() < 2:
        return None
    terms = [t for t in numeric if sub[t].nunique() > 1]
    for column, reference in categorical.items():
        terms += _indicator_terms(sub, column, reference, outcome)
    if sub["period"].nunique() > 1:
        terms += [f"q__{p}" for p in sorted(sub["period"].unique())[1:]]
        for p in sorted(sub["period"].unique())[1:]:
            sub[f"q__{p}"] = sub["period"].eq(p).astype(float)
    terms = _independent_terms(sub, terms)
    if not terms:
        return None
    result = logit(sub, f"{outcome} ~ " + " + ".join(terms), vcov={"cluster": "unit_id"})
    tidy = result.tidy()
    keep = ~tidy["term"].astype(str).str.match(r"^(Intercept|q__)")
    tidy = tidy.loc[keep].reset_index(drop=True)
    tidy["nobs"] = int(result.nobs)
    tidy["n_events"] = int(events)
    tidy["n_clusters"] = int(sub["unit_id"].nunique())
    return tidy


PREDICTOR_MODELS: tuple[str, ...] = (
    "participation",
    "participation_survey",
    "no_show",
    "no_show_survey",
    "dropout",
    "dropout_survey",
)


def participation_predictors(
    ds: Dataset,
    period: str | pd.Period,
    quarters: int = 4,
    include_heads: bool = False,
    models: Sequence[str] = ("participation", "no_show", "dropout"),
) -> pd.DataFrame:
    """What predicts taking part, not showing up and dropping out (logistic models).

    Logit models through :func:`analysis.stats.models.logit`, standard errors
    clustered by unit (CRV1), over the last ``quarters`` quarters:

    - ``participation``: P(an active employee attends >= 1 enrollment ending in
      the quarter), one row per employee-quarter;
    - ``no_show``: P(no-show) among decided enrollments;
    - ``dropout``: P(dropped) among started (completed or dropped) enrollments.

    Covariates (:data:`PREDICTORS`): the unit head's own participation in the
    previous quarter, the employee's performance award in the previous four
    quarters, a colleague's award in the unit (the head recognises high
    performers), PPPK vs PNS, female, age 50+, a D4/S1 degree or higher,
    position type (vs staff), the unit's sector (vs general administration);
    enrollment models add the modality (vs classroom), and the drop-out model
    the programme's JP per 10. Quarter dummies absorb seasonality. Each model
    is fitted again on the surveyed quarters with ``learning_motivation`` (per
    survey point) added, as ``<model>_survey``, when the survey covers at
    least 30 events there. Leader support is not added: it is itself raised
    by the head's participation (a mediator), so it would hide the effect the
    leadership question asks about.

    Unit heads are left out of the participation model unless ``include_heads``
    (a head's own participation would sit on both sides of the equation).
    ``models`` chooses which of the three to fit (each with its survey variant).

    Returns
    -------
    DataFrame
        Tidy rows per (model, term): ``model``, ``term``, ``estimate``
        (log-odds), ``std_error``, ``statistic``, ``p_value``, ``ci_low``,
        ``ci_high``, ``odds_ratio``, ``ratio_ci_low``, ``ratio_ci_high``,
        ``nobs``, ``n_events``, ``n_clusters``. Intercepts and quarter dummies
        are dropped; indicator terms are named ``<column>__<level>``.

    Notes
    -----
    Estimand: conditional associations (log-odds ratios), not causal effects:
    keen staff may gather in units with keen heads. Rows with a missing
    covariate are dropped (units without an active head in the previous
    quarter; unsurveyed staff in the survey models); ``nobs`` says how many
    remained. Levels with fewer than 10 rows, or with no events or only events
    (separation), are merged into the reference. Clustered standard errors need
    at least two units: a model over a single unit is left out.
    Terms that earlier ones reproduce exactly (collinear, e.g. a constant
    within one agency) are dropped. A model with fewer than 30 events or
    non-events is left out (no rows).
    """
    period = _check_period(period)
    facts = enrollment_facts(ds)
    people = participation_panel(ds, period, quarters, facts=facts)
    if not include_heads:
        people = people.loc[~people["is_unit_head"].astype(bool)]
    if {"no_show", "dropout"} & set(models):
        enr = enrollment_panel(ds, period, quarters, facts=facts)
    else:
        enr = pd.DataFrame(columns=["dropped", "learning_motivation"])
    base = list(PREDICTORS)
    with_modality = {**CATEGORICAL_PREDICTORS, "modality": "classroom"}
    specs = (
        ("participation", people, "participated", base, CATEGORICAL_PREDICTORS),
        ("no_show", enr, "no_show", base, with_modality),
        ("dropout", enr.loc[enr["dropped"].notna()], "dropped", [*base, "jp_per_10"], with_modality),
    )
    rows = []
    unknown = set(models) - {"participation", "no_show", "dropout"}
    if unknown:
        raise ValueError(f"unknown models {sorted(unknown)}; choose from participation, no_show, dropout")
    for name, data, outcome, numeric, categorical in specs:
        if name not in models:
            continue
        for suffix, extra in (("", []), ("_survey", ["learning_motivation"])):
            if extra and data["learning_motivation"].notna().sum() == 0:
                continue
            tidy = _fit_logit(data, outcome, [*numeric, *extra], categorical)
            if tidy is not None:
                tidy.insert(0, "model", name + suffix)
                rows.append(tidy)
    columns = ["model", "term", "estimate", "std_error", "statistic", "p_value", "ci_low", "ci_high",
               "odds_ratio", "ratio_ci_low", "ratio_ci_high", "nobs", "n_events", "n_clusters"]
    if not rows:
        return pd.DataFrame(columns=columns)
    out = pd.concat(rows, ignore_index=True)
    return out[[c for c in columns if c in out]]


def leadership(predictors: pd.DataFrame) -> pd.DataFrame:
    """The leadership answer: rows of the participation models for the unit head's own
    participation and for recognition of high performers.

    Parameters
    ----------
    predictors
        The frame of :func:`participation_predictors`.

    Returns
    -------
    DataFrame
        Its rows whose term is ``head_participated_prev_quarter``,
        ``unit_award_prev_4q`` or ``award_prev_4q`` in the ``participation``
        and ``participation_survey`` models, with ``clear`` (the odds ratio's
        95% CI excludes 1) and ``direction`` (``higher``, ``lower`` or
        ``unclear``).
    """
    terms = ("head_participated_prev_quarter", "unit_award_prev_4q", "award_prev_4q")
    out = predictors.loc[
        predictors["model"].isin(("participation", "participation_survey")) & predictors["term"].isin(terms)
    ].reset_index(drop=True)
    out["clear"] = (out["ratio_ci_low"] > 1) | (out["ratio_ci_high"] < 1)
    out["direction"] = np.where(
        ~out["clear"], "unclear", np.where(out["ratio_ci_low"] > 1, "higher", "lower")
    )
    return out


# --------------------------------------------------------------------------------------------
# trend
# --------------------------------------------------------------------------------------------

#: Headline rates of :func:`trend`, with the column each comes from.
HEADLINE_RATES: tuple[str, ...] = (
    "share_meeting_20jp",
    "share_on_track",
    "participation_rate",
    "completion_rate",
    "no_show_rate",
    "dropout_rate",
    "share_not_reached",
)


def trend(
    ds: Dataset, period: str | pd.Period, quarters: int = 8, by: str | None = None
) -> pd.DataFrame:
    """Every headline coverage rate for each of the last ``quarters`` quarters up to ``period``.

    Returns
    -------
    DataFrame
        Tidy, one row per (quarter, rate[, group]): ``period``, ``<by>`` when
        given, ``metric`` (one of :data:`HEADLINE_RATES` or ``jp_mean``),
        ``estimate``, ``ci_low``, ``ci_high`` (Wilson 95%; NaN for ``jp_mean``),
        ``n`` (the denominator: active staff, or decided enrollments for
        completion / no-show / drop-out).

    Notes
    -----
    ``share_meeting_20jp`` is year-to-date, so it rises through each year and
    falls back in Q1; compare a quarter with the same quarter a year earlier.
    ``share_not_reached`` uses the four quarters up to each quarter.
    """
    if quarters < 1:
        raise ValueError(f"quarters must be >= 1; got {quarters}")
    period = _check_period(period)
    by_cols = _by_list(by)
    facts = enrollment_facts(ds)
    rows = []
    for q in period_range(shift_period(period, -(quarters - 1)), period):
        staff = staff_attributes(ds, q)
        _check_by(staff, by_cols)
        comp = _compliance(staff, facts, q, by_cols)
        part = _participation(staff, facts, q, by_cols, staff_attributes(ds, q, active_only=False))
        gone = _not_reached(staff, facts, q, by_cols, 4)
        for frame, metrics, n_col in (
            (comp, ("share_meeting_20jp", "share_on_track"), "active_staff"),
            (part, ("participation_rate",), "staff"),
            (part, ("completion_rate", "no_show_rate", "dropout_rate"), "enrollments"),
            (gone, ("share_not_reached",), "active_staff"),
        ):
            for metric in metrics:
                block = frame[by_cols].copy() if by_cols else pd.DataFrame(index=frame.index)
                block["metric"] = metric
                block["estimate"] = frame[metric].astype(float)
                block["ci_low"] = frame[f"{metric}_ci_low"].astype(float)
                block["ci_high"] = frame[f"{metric}_ci_high"].astype(float)
                block["n"] = frame[n_col].astype(int)
                block.insert(0, "period", q)
                rows.append(block)
        block = comp[by_cols].copy() if by_cols else pd.DataFrame(index=comp.index)
        block["metric"] = "jp_mean"
        block["estimate"] = comp["jp_mean"].astype(float)
        block["ci_low"] = np.nan
        block["ci_high"] = np.nan
        block["n"] = comp["active_staff"].astype(int)
        block.insert(0, "period", q)
        rows.append(block)
    out = pd.concat(rows, ignore_index=True)
    out["period"] = out["period"].astype("string")
    out["metric"] = out["metric"].astype("string")
    return out


def year_on_year(trend_frame: pd.DataFrame, lag: int = 4) -> pd.DataFrame:
    """Change of each rate in a :func:`trend` frame between its last quarter and ``lag``
    quarters earlier (default the same quarter a year before), with a 95% CI.

    Parameters
    ----------
    trend_frame
        The frame of :func:`trend` (without a ``by`` column) or of
        :func:`analysis.outcomes.trend`.
    lag
        Quarters back (4: same quarter last year, which keeps the
        year-to-date 20-JP share comparable).

    Returns
    -------
    DataFrame
        One row per metric with a CI in both quarters: ``metric``, ``period``,
        ``previous_period``, ``estimate``, ``previous``, ``change``,
        ``change_ci_low``, ``change_ci_high``, ``n``, ``n_previous``, ``clear``
        (the CI excludes 0).

    Notes
    -----
    Newcombe's (1998, method 10) hybrid interval for a difference of two
    proportions built from each quarter's Wilson limits (and, for means, the
    same square-and-add of the two half-widths, which equals the Welch
    large-sample interval). It treats the two quarters as independent samples;
    the same staff appear in both, which usually makes the true interval
    narrower, so the interval is conservative.

    References
    ----------
    Newcombe, R. G. (1998). Interval estimation for the difference between
    independent proportions. *Statistics in Medicine* 17, 873-890.
    """
    if trend_frame.duplicated(["period", "metric"]).any():
        raise ValueError("year_on_year expects one row per period and metric: a trend without groups")
    periods = sorted(trend_frame["period"].unique(), key=lambda p: (int(p[:4]), int(p[-1])))
    cols = ["metric", "period", "previous_period", "estimate", "previous", "change", "change_ci_low",
            "change_ci_high", "n", "n_previous", "clear"]
    if not periods:
        return pd.DataFrame(columns=cols)
    last = periods[-1]
    before = shift_period(last, -lag)
    now = trend_frame.loc[trend_frame["period"].eq(last)].set_index("metric")
    then = trend_frame.loc[trend_frame["period"].eq(before)].set_index("metric")
    rows = []
    for metric in now.index:
        if metric not in then.index:
            continue
        a, b = now.loc[metric], then.loc[metric]
        if any(pd.isna(v) for v in (a["ci_low"], a["ci_high"], b["ci_low"], b["ci_high"])):
            continue
        d = float(a["estimate"] - b["estimate"])
        low = d - np.sqrt((a["estimate"] - a["ci_low"]) ** 2 + (b["ci_high"] - b["estimate"]) ** 2)
        high = d + np.sqrt((a["ci_high"] - a["estimate"]) ** 2 + (b["estimate"] - b["ci_low"]) ** 2)
        rows.append({"metric": metric, "period": last, "previous_period": before,
                     "estimate": float(a["estimate"]), "previous": float(b["estimate"]), "change": d,
                     "change_ci_low": float(low), "change_ci_high": float(high), "n": int(a["n"]),
                     "n_previous": int(b["n"]), "clear": bool(low > 0 or high < 0)})
    return pd.DataFrame(rows, columns=cols)


# --------------------------------------------------------------------------------------------
# report: tables, labels and narrative text for notebook 20 (lang "id" / "en")
# --------------------------------------------------------------------------------------------

#: Groups with fewer staff (or enrollments) than this are reported as "not enough data".
MIN_N = 30

#: Reader's names of staff-group, position and modality codes: code -> (Bahasa Indonesia, English).
GROUP_LABELS: dict[str, tuple[str, str]] = {
    "F": ("Perempuan", "Women"), "M": ("Laki-laki", "Men"), "pns": ("PNS", "PNS"), "pppk": ("PPPK", "PPPK"),
    "executive": ("Pimpinan tinggi", "Executive"), "administrator": ("Administrator", "Administrator"),
    "supervisor": ("Pengawas", "Supervisor"), "functional": ("Fungsional", "Functional"),
    "staff": ("Pelaksana", "Staff"), "I": ("Gol. I", "Grade I"), "II": ("Gol. II", "Grade II"),
    "III": ("Gol. III", "Grade III"), "IV": ("Gol. IV", "Grade IV"), "pppk_I-VIII": ("PPPK I–VIII", "PPPK I–VIII"),
    "pppk_IX-XVII": ("PPPK IX–XVII", "PPPK IX–XVII"), "unknown": ("tidak diketahui", "unknown"),
    "up_to_sma": ("≤ SMA", "Up to senior high"), "diploma": ("Diploma (D1–D4)", "Diploma (D1–D4)"),
    "s1": ("S1", "S1"), "postgraduate": ("S2/S3", "S2/S3"),
}  # fmt: skip

#: Display order of equity groups (top to bottom in the chart).
EQUITY_ORDER: tuple[str, ...] = (
    "F", "M", "pns", "pppk", "executive", "administrator", "supervisor", "functional", "staff", "I", "II", "III",
    "IV", "pppk_I-VIII", "pppk_IX-XVII", "<30", "30-39", "40-49", "50+", "up_to_sma", "diploma", "s1",
    "postgraduate", "unknown",
)  # fmt: skip

#: Reader's names of :func:`participation_predictors` terms: term -> (Bahasa Indonesia, English).
TERM_LABELS: dict[str, tuple[str, str]] = {
    "head_participated_prev_quarter": ("Kepala unit ikut pelatihan triwulan lalu", "Unit head trained last quarter"),
    "award_prev_4q": ("Menerima penghargaan kinerja (4 triwulan)", "Received a performance award (4 quarters)"),
    "unit_award_prev_4q": ("Rekan satu unit menerima penghargaan", "A colleague in the unit was awarded"),
    "pppk": ("PPPK (vs PNS)", "PPPK (vs PNS)"),
    "female": ("Perempuan", "Women"),
    "age_50_plus": ("Usia 50+", "Age 50+"),
    "degree_s1_plus": ("Pendidikan D4/S1 ke atas", "Degree (D4/S1) or higher"),
    "learning_motivation": ("Motivasi belajar (per poin survei)", "Learning motivation (per survey point)"),
    "jp_per_10": ("JP program (per 10)", "Programme JP (per 10)"),
}
_TERM_PREFIXES: dict[str, tuple[str, str]] = {
    "modality": ("Bentuk", "Format"),
    "position_type": ("Jabatan", "Position"),
    "sector": ("Sektor", "Sector"),
}

#: The three main models of :func:`participation_predictors`: model -> (Bahasa Indonesia, English).
MODEL_LABELS: dict[str, tuple[str, str]] = {
    "participation": ("Ikut serta", "Takes part"),
    "no_show": ("Tidak hadir", "No-show"),
    "dropout": ("Berhenti", "Drops out"),
}

#: Rates of the eight-quarter trend shown and described: metric -> (Bahasa Indonesia, English).
TREND_LABELS: dict[str, tuple[str, str]] = {
    "share_meeting_20jp": ("Sudah 20 JP (kumulatif tahun)", "Reached 20 JP (year to date)"),
    "share_on_track": ("Di jalur 20 JP", "On track for 20 JP"),
    "participation_rate": ("Partisipasi ASN", "Staff participation"),
    "completion_rate": ("Tingkat penyelesaian", "Completion rate"),
    "no_show_rate": ("Tidak hadir", "No-show rate"),
    "dropout_rate": ("Berhenti", "Drop-out rate"),
    "share_not_reached": ("Belum terjangkau (4 triwulan)", "Not reached (4 quarters)"),
}

#: Recorded result codes of the leadership odds ratios (participation model).
LEADERSHIP_CODES: dict[str, str] = {
    "head_participated_prev_quarter": "coverage.participation_or_head_trained",
    "award_prev_4q": "coverage.participation_or_award",
    "unit_award_prev_4q": "coverage.participation_or_unit_award",
}

_PREDICTOR_COLUMNS = ["model", "term", "odds_ratio", "ratio_ci_low", "ratio_ci_high", "nobs"]
_HIDDEN_TERM_PREFIXES = ("sector__", "position_type__")


def _t(lang: str, id_text: str, en_text: str) -> str:
    """The Bahasa Indonesia or English text, by ``lang``."""
    return id_text if fmt.check_lang(lang) == "id" else en_text


def _pair(pair: tuple[str, str], lang: str) -> str:
    return _t(lang, *pair)


def group_label(code: object, lang: str = "id") -> str:
    """Reader's name of a staff-group code (:data:`GROUP_LABELS`), else of a modality or sector
    code (:func:`analysis.text.fmt.code_label`, the project's one set of code labels)."""
    pair = GROUP_LABELS.get(str(code))
    return fmt.code_label(code, lang) if pair is None else _pair(pair, lang)  # type: ignore[arg-type]


def term_label(term: str, lang: str = "id") -> str:
    """Reader's name of a :func:`participation_predictors` term.

    Named terms come from :data:`TERM_LABELS`; indicator terms ``<column>__<level>``
    read ``<prefix>: <level>`` (e.g. ``Bentuk: E-learning``), the level named by
    :data:`GROUP_LABELS` or written with spaces for underscores.
    """
    if term in TERM_LABELS:
        return _pair(TERM_LABELS[term], lang)
    col, _, level = term.partition("__")
    prefix = _pair(_TERM_PREFIXES[col], lang) if col in _TERM_PREFIXES else col
    level_text = group_label(level, lang)
    return f"{prefix}: {level_text}"


def level_word(by: str, lang: str = "id") -> str:
    """What the groups of a ``by`` column are called: ``OPD``/``agencies`` or ``unit``/``units``."""
    if by not in ("agency_id", "unit_id"):
        raise ValueError(f"by must be 'agency_id' or 'unit_id'; got {by!r}")
    return _t(lang, "OPD", "agencies") if by == "agency_id" else _t(lang, "unit", "units")


def unit_names(ds: Dataset) -> pd.Series:
    """``unit_name`` indexed by ``unit_id`` (agencies included: an OPD is its own unit)."""
    return ds.units.set_index("unit_id")["unit_name"]


def scope_name(agency: str | None, names: pd.Series, lang: str = "id") -> str:
    """The scope in words: all agencies, or the agency's name (its id when it has none)."""
    if agency in (None, "all"):
        return _t(lang, "semua OPD dalam data", "all agencies in the data")
    return str(names.get(agency, agency))


def compliance_table(ds: Dataset, period: str | pd.Period, by: str, names: pd.Series) -> pd.DataFrame:
    """:func:`jp_compliance` by ``by`` with the group's ``name`` as second column.

    ``names`` maps ids to names (:func:`unit_names`); ids without a name keep the id.
    """
    groups = jp_compliance(ds, period, by=by)
    groups.insert(1, "name", groups[by].map(names).fillna(groups[by]))
    return groups


def participation_table(
    ds: Dataset, period: str | pd.Period, by: str, compliance: pd.DataFrame
) -> pd.DataFrame:
    """:func:`participation` by ``by`` with ``name`` and ``active_staff`` from a :func:`compliance_table`."""
    part = participation(ds, period, by=by)
    return part.merge(compliance[[by, "name", "active_staff"]], on=by, how="left")


def equity_table(equity_frame: pd.DataFrame, lang: str = "id") -> pd.DataFrame:
    """An :func:`equity` frame with the group's ``label`` and Holm-adjusted p-values.

    Returns
    -------
    DataFrame
        The input's columns, then ``label`` (:func:`group_label`), ``p_holm_20jp``
        and ``p_holm_participation``.

    Notes
    -----
    Holm's step-down adjustment (:func:`analysis.stats.comparisons.adjust_pvalues`) over all
    the chi-square tests of the frame together (two per dimension: 12 for the
    six default dimensions); undefined (NaN) p-values are left out of the family
    and stay NaN.
    """
    from analysis.stats.comparisons import adjust_pvalues

    labels = {code: _pair(pair, lang) for code, pair in GROUP_LABELS.items()}
    eq = equity_frame.copy()
    eq["label"] = eq["group"].map(labels).fillna(eq["group"])
    tests = eq.drop_duplicates("dimension")[["dimension", "p_value_20jp", "p_value_participation"]].reset_index(
        drop=True
    )
    p_all = np.r_[tests["p_value_20jp"].to_numpy(float), tests["p_value_participation"].to_numpy(float)]
    adj = np.full(p_all.shape, np.nan)
    ok = ~np.isnan(p_all)
    if ok.any():
        adj[ok] = np.asarray(adjust_pvalues(p_all[ok], method="holm"), dtype=float)
    tests["p_holm_20jp"], tests["p_holm_participation"] = adj[: len(tests)], adj[len(tests) :]
    return eq.merge(tests[["dimension", "p_holm_20jp", "p_holm_participation"]], on="dimension")


def predictors_or_reason(
    ds: Dataset, period: str | pd.Period, lang: str = "id"
) -> tuple[pd.DataFrame, str]:
    """:func:`participation_predictors`, or an empty frame and the reason the models failed.

    Returns ``(frame, "")`` on success; when the models cannot be estimated
    (a ValueError or a singular design) ``(empty frame, "The models could not be
    estimated: <reason>")`` in ``lang``.
    """
    try:
        return participation_predictors(ds, period), ""
    except (ValueError, np.linalg.LinAlgError) as err:
        note = _t(lang, f"Model tidak dapat diestimasi: {err}", f"The models could not be estimated: {err}")
        return pd.DataFrame(columns=_PREDICTOR_COLUMNS), note


def predictor_table(predictors: pd.DataFrame, lang: str = "id") -> pd.DataFrame:
    """A :func:`participation_predictors` frame with the term's ``label`` (:func:`term_label`) added."""
    out = predictors.copy()
    out["label"] = out["term"].map(lambda term: term_label(term, lang))
    return out


def shown_predictors(predictors: pd.DataFrame) -> pd.DataFrame:
    """Rows of the three main models (:data:`MODEL_LABELS`) without sector and position terms."""
    return predictors.loc[
        predictors["model"].isin(list(MODEL_LABELS)) & ~predictors["term"].str.startswith(_HIDDEN_TERM_PREFIXES)
    ]


def not_reached_top(not_reached_frame: pd.DataFrame, min_staff: int = 10, k: int = 10) -> pd.DataFrame:
    """The first ``k`` units of a :func:`not_reached` frame with at least ``min_staff`` active staff."""
    cols = ["unit_name", "agency_id", "active_staff", "not_reached", "share_not_reached"]
    return not_reached_frame.loc[not_reached_frame["active_staff"] >= min_staff].head(k)[cols]


def _one_row(frame: pd.DataFrame | pd.Series, what: str) -> pd.Series:
    if isinstance(frame, pd.Series):
        return frame
    if len(frame) != 1:
        raise ValueError(f"{what} must have exactly one row (the overall result, by=None); got {len(frame)}")
    return frame.iloc[0]


def _pct_ci(row: pd.Series, col: str, lang: str) -> str:
    """``12,3% (IK 95% 10,1% s.d. 14,6%)``; ``tidak ada data`` when the estimate is missing."""
    est, low, high = row[col], row[f"{col}_ci_low"], row[f"{col}_ci_high"]
    if pd.isna(est):
        return _t(lang, "tidak ada data", "no data")
    ci, to = _t(lang, "IK 95%", "95% CI"), _t(lang, "s.d.", "to")
    return f"{fmt.percent(est, lang)} ({ci} {fmt.percent(low, lang)} {to} {fmt.percent(high, lang)})"


def _p_text(p: float, lang: str) -> str:
    return f"< {fmt.number(0.001, lang, 3)}" if p < 0.001 else fmt.number(p, lang, 3)


def _listing(frame: pd.DataFrame, col: str, lang: str, label_col: str = "name", k: int = 5) -> str:
    return ", ".join(f"{r[label_col]} ({fmt.percent(r[col], lang)})" for _, r in frame.head(k).iterrows())


def _or_text(row: pd.Series, lang: str) -> str:
    ci, to = _t(lang, "IK 95%", "95% CI"), _t(lang, "s.d.", "to")
    return (f"{_t(lang, 'rasio odds', 'odds ratio')} {fmt.number(row['odds_ratio'], lang, 2)} ({ci} "
            f"{fmt.number(row['ratio_ci_low'], lang, 2)} {to} {fmt.number(row['ratio_ci_high'], lang, 2)})")


def scope_statement(
    scope: str, period: str, n_employees: int, n_enrollments: int, lang: str = "id", min_n: int = MIN_N
) -> str:
    """The notebook's opening line: scope, quarter, records loaded and the "not enough data" rule."""
    plabel = fmt.period_label(period, lang)
    n_emp, n_enr = fmt.number(n_employees, lang, 0), fmt.number(n_enrollments, lang, 0)
    return _t(
        lang,
        f"**Cakupan:** {scope}, {plabel}. Angka dihitung dari data yang dimuat ({n_emp} "
        f"pegawai dalam data, {n_enr} catatan keikutsertaan). Rentang (IK 95%) "
        f"menunjukkan ketidakpastian; kelompok dengan kurang dari {min_n} orang ditandai *data belum cukup*.",
        f"**Scope:** {scope}, {plabel}. Numbers come from the loaded data ({n_emp} "
        f"employees on file, {n_enr} enrollment records). Ranges (95% CI) show "
        f"the uncertainty; groups of fewer than {min_n} people are marked *not enough data*.",
    )


def compliance_statement(
    overall: pd.DataFrame | pd.Series,
    groups: pd.DataFrame,
    period: str,
    by: str,
    lang: str = "id",
    min_n: int = MIN_N,
) -> str:
    """The 20-JP paragraph: overall shares with CIs, and groups clearly below or above.

    Parameters
    ----------
    overall
        :func:`jp_compliance` with ``by=None`` (one row).
    groups
        :func:`compliance_table` by ``by`` (``agency_id`` or ``unit_id``).
    period, by, lang, min_n
        The quarter, the grouping column, the language, and the smallest group
        compared (smaller ones are counted as "not enough data").

    Notes
    -----
    A group is "clearly below" (above) the overall share only when its whole
    95% CI lies below (above) it; groups under ``min_n`` staff are never
    compared.
    """
    city = _one_row(overall, "overall")
    period = _check_period(period)
    year, quarter = int(period[:4]), int(period[-1])
    plabel, level = fmt.period_label(period, lang), level_word(by, lang)
    need = JP_PER_QUARTER_ON_TRACK * quarter
    n_staff = int(city["active_staff"])
    big = groups.loc[groups["active_staff"] >= min_n]
    col = "share_meeting_20jp"
    below = big.loc[big[f"{col}_ci_high"] < city[col]].sort_values(col)
    above = big.loc[big[f"{col}_ci_low"] > city[col]].sort_values(col, ascending=False)
    n_small = int((groups["active_staff"] < min_n).sum())
    text = _t(
        lang,
        f"Pada akhir {plabel}, **{_pct_ci(city, col, lang)}** dari {fmt.number(n_staff, lang, 0)} ASN aktif "
        f"telah memenuhi minimal 20 JP tahun {year}, dan {_pct_ci(city, 'share_on_track', lang)} berada di jalur "
        f"(≥ {fmt.number(need, lang, 0)} JP setelah {quarter} triwulan). Rata-rata JP per ASN sejauh ini "
        f"{fmt.number(city['jp_mean'], lang)} JP.",
        f"At the end of {plabel}, **{_pct_ci(city, col, lang)}** of {fmt.number(n_staff, lang, 0)} active "
        f"ASN had reached 20 JP in {year}, and {_pct_ci(city, 'share_on_track', lang)} were on track "
        f"(≥ {fmt.number(need, lang, 0)} JP after {quarter} quarter{'s' if quarter > 1 else ''}). Mean JP per ASN "
        f"so far: {fmt.number(city['jp_mean'], lang)}.",
    )
    if quarter < 4:
        text += _t(lang, " Angka 20 JP bersifat kumulatif tahun berjalan dan masih dapat naik sampai akhir tahun.",
                   " The 20-JP share is year-to-date and can still rise before the year ends.")
    if len(below):
        items = _listing(below, col, lang)
        text += _t(lang, f" Jelas di bawah angka keseluruhan (seluruh IK 95% di bawahnya): {items}.",
                   f" Clearly below the overall rate (whole 95% CI below it): {items}.")
    elif len(big) > 1:
        text += _t(lang, f" Tidak ada {level} yang jelas di bawah angka keseluruhan.",
                   f" No {'agency' if by == 'agency_id' else 'unit'} is clearly below the overall rate.")
    if len(above):
        items = _listing(above, col, lang)
        text += _t(lang, f" Jelas di atasnya: {items}.", f" Clearly above it: {items}.")
    if n_small:
        text += _t(lang, f" {n_small} {level} dengan kurang dari {min_n} ASN: data belum cukup untuk dibandingkan.",
                   f" {n_small} {level} with fewer than {min_n} ASN: not enough data to compare.")
    return text


def participation_statement(
    overall: pd.DataFrame | pd.Series, groups: pd.DataFrame, period: str, lang: str = "id", min_n: int = MIN_N
) -> str:
    """The participation paragraph: the rate, completion / no-show / drop-out, groups clearly below.

    Parameters
    ----------
    overall
        :func:`participation` with ``by=None`` (one row).
    groups
        :func:`participation_table` (with ``name`` and ``active_staff``).

    Notes
    -----
    Completion rates are described only with at least ``min_n`` decided
    enrollments ("not enough data" otherwise); a group is "clearly below" only
    when its whole 95% CI lies below the overall rate and it has ``min_n`` staff.
    """
    pc = _one_row(overall, "overall")
    plabel = fmt.period_label(_check_period(period), lang)
    n_enr = int(pc["enrollments"])
    big = groups.loc[groups["active_staff"].fillna(0) >= min_n]
    low_part = big.loc[big["participation_rate_ci_high"] < pc["participation_rate"]].sort_values(
        "participation_rate"
    )
    text = _t(
        lang,
        f"Pada {plabel}, **{_pct_ci(pc, 'participation_rate', lang)}** ASN aktif mengikuti (hadir dalam) minimal "
        f"satu kegiatan pengembangan kompetensi yang berakhir pada triwulan ini.",
        f"In {plabel}, **{_pct_ci(pc, 'participation_rate', lang)}** of active ASN attended at least one "
        f"competency-development activity ending in the quarter.",
    )
    if n_enr >= min_n:
        comp, no_show, drop = (_pct_ci(pc, c, lang) for c in ("completion_rate", "no_show_rate", "dropout_rate"))
        text += _t(
            lang,
            f" Dari {fmt.number(n_enr, lang, 0)} pendaftaran yang sudah berstatus, {comp} selesai, "
            f"{no_show} tidak hadir, dan {drop} berhenti di tengah jalan.",
            f" Of {fmt.number(n_enr, lang, 0)} decided enrollments, {comp} were completed, "
            f"{no_show} were no-shows and {drop} dropped out.",
        )
    else:
        text += _t(lang, f" Hanya {n_enr} pendaftaran berstatus: data belum cukup untuk tingkat penyelesaian.",
                   f" Only {n_enr} decided enrollments: not enough data for completion rates.")
    if len(low_part):
        items = _listing(low_part, "participation_rate", lang)
        text += _t(lang, f" Partisipasi jelas di bawah angka keseluruhan: {items}.",
                   f" Participation clearly below the overall rate: {items}.")
    return text


def equity_sentences(equity_frame: pd.DataFrame, lang: str = "id", min_n: int = MIN_N) -> list[str]:
    """One Markdown bullet per equity dimension: does participation / 20-JP compliance differ?

    ``equity_frame`` is an :func:`equity_table` (with ``label`` and Holm p-values).
    A dimension "differs" only when its Holm-adjusted p-value is below 0.05;
    with fewer than two groups of at least ``min_n`` staff it reads "not enough data".
    """
    lines = []
    for dim, (en, id_) in EQUITY_DIMENSIONS.items():
        block = equity_frame.loc[equity_frame["dimension"].eq(dim) & equity_frame["active_staff"].ge(min_n)]
        parts = []
        for col, p_col, what in (
            ("participation_rate", "p_holm_participation", _t(lang, "partisipasi", "participation")),
            ("share_meeting_20jp", "p_holm_20jp", _t(lang, "pemenuhan 20 JP", "20-JP compliance")),
        ):
            p = block[p_col].iloc[0] if len(block) else np.nan
            if len(block) < 2 or pd.isna(p):
                parts.append(_t(lang, f"{what}: data belum cukup", f"{what}: not enough data"))
            elif p < 0.05:
                ordered = block.sort_values(col, ascending=False)
                vals = ", ".join(f"{r['label']} {fmt.percent(r[col], lang)}" for _, r in ordered.iterrows())
                parts.append(_t(lang, f"{what} **berbeda** ({vals}; p Holm {_p_text(p, lang)})",
                                f"{what} **differs** ({vals}; Holm p {_p_text(p, lang)})"))
            else:
                parts.append(_t(lang, f"{what}: tidak ada perbedaan yang jelas", f"{what}: no clear difference"))
        lines.append(f"- **{_t(lang, id_, en)}**: " + "; ".join(parts) + ".")
    return lines


def not_reached_statement(
    overall: pd.DataFrame | pd.Series, by_unit: pd.DataFrame, period: str, lang: str = "id", min_staff: int = 10
) -> str:
    """The "not reached" paragraph: staff with no credited JP in four quarters, and the worst units.

    ``overall`` is :func:`not_reached` with ``by=[]`` (one row), ``by_unit`` the
    frame by unit (sorted by share, largest first); the five first units with at
    least ``min_staff`` active staff are named.
    """
    nr_all = _one_row(overall, "overall")
    period = _check_period(period)
    plabel, first = fmt.period_label(period, lang), fmt.period_label(shift_period(period, -3), lang)
    worst = by_unit.loc[by_unit["active_staff"] >= min_staff].head(5)
    if is_small_count(nr_all["not_reached"]):  # disclosure control (docs/disclosure.md): no count, no share
        text = _t(lang, f"**{staff_count(nr_all['not_reached'], lang)} aktif** tidak memperoleh JP yang diakui "
                  f"dari {first} s.d. {plabel}.",
                  f"**{staff_count(nr_all['not_reached'], lang)}** had no credited JP from {first} to {plabel}.")
    else:
        count = fmt.number(nr_all["not_reached"], lang, 0)
        share = _pct_ci(nr_all, "share_not_reached", lang)
        text = _t(
            lang,
            f"**{count} ASN aktif**, {share}, tidak memperoleh JP yang diakui dari {first} s.d. {plabel}.",
            f"**{count} active ASN**, {share}, had no credited JP from {first} to {plabel}.",
        )
    if len(worst):
        items = ", ".join(f"{r['unit_name']} ({count_of_total(r['not_reached'], r['active_staff'], lang)})"
                          for _, r in worst.iterrows())
        text += _t(lang, f" Porsi terbesar (unit dengan minimal {min_staff} ASN): {items}.",
                   f" Largest shares (units with at least {min_staff} ASN): {items}.")
    return text


def predictor_sentences(
    predictors: pd.DataFrame, lang: str = "id", reason: str = "", min_n: int = MIN_N
) -> list[str]:
    """The leadership answer and the clear predictors of no-show and drop-out, as Markdown lines.

    Parameters
    ----------
    predictors
        :func:`participation_predictors` (or the empty frame of :func:`predictors_or_reason`).
    reason
        Why the models could not be estimated (shown alone when given).
    min_n
        Only quoted in the "not enough data" sentence (the model's own minimum).

    Notes
    -----
    An odds ratio is called higher / lower only when its 95% CI excludes 1
    (:func:`leadership`); otherwise "unclear, the range includes 1". Sector and
    position terms are not listed for the enrollment models.
    """
    if reason:
        return [reason]
    if predictors.empty or not predictors["model"].eq("participation").any():
        return [_t(lang, f"Data belum cukup untuk model partisipasi (kurang dari {min_n} peserta atau bukan peserta).",
                   f"Not enough data for the participation model (fewer than {min_n} participants or "
                   "non-participants).")]
    lead = leadership(predictors)
    main = lead.loc[lead["model"].eq("participation")].set_index("term")
    part = predictors.loc[predictors["model"].eq("participation")]
    n_obs, k_units = int(part["nobs"].iloc[0]), int(part["n_clusters"].iloc[0])
    lines = [_t(
        lang,
        f"**Pertanyaan pimpinan: apakah kepala unit yang ikut pelatihan dan memberi penghargaan kepada ASN berprestasi "
        f"meningkatkan partisipasi stafnya?** (model atas {fmt.number(n_obs, lang, 0)} pegawai-triwulan, kepala unit "
        f"tidak dihitung)",
        f"**The leadership question: do unit heads who take part in training and recognise high performers raise their "
        f"staff's participation?** (model of {fmt.number(n_obs, lang, 0)} employee-quarters, unit heads excluded)",
    )]
    if k_units < 20:
        lines.append(_t(
            lang,
            f"*Perhatian: hanya {k_units} unit, sehingga galat baku berkelompok kurang andal; baca dengan hati-hati.*\n",
            f"*Caution: only {k_units} units, so unit-clustered standard errors are unreliable; read with care.*\n",
        ))
    words = {
        "head_participated_prev_quarter": _t(lang, "staf yang kepala unitnya ikut pelatihan pada triwulan sebelumnya",
                                             "staff whose unit head took part in training the quarter before"),
        "unit_award_prev_4q": _t(lang, "staf di unit yang memberi penghargaan kinerja kepada rekan mereka",
                                 "staff in units where a colleague received a performance award"),
        "award_prev_4q": _t(lang, "staf yang sendiri menerima penghargaan kinerja",
                            "staff who were themselves recognised"),
    }
    for term, who in words.items():
        if term not in main.index:
            continue
        r = main.loc[term]
        if r["direction"] == "higher":
            lines.append(_t(lang, f"- Ya: {who} **lebih mungkin** ikut serta, {_or_text(r, lang)}.",
                            f"- Yes: {who} are **more likely** to take part, {_or_text(r, lang)}."))
        elif r["direction"] == "lower":
            lines.append(_t(lang, f"- Tidak: {who} justru **kurang mungkin** ikut serta, {_or_text(r, lang)}.",
                            f"- No: {who} are **less likely** to take part, {_or_text(r, lang)}."))
        else:
            lines.append(_t(lang, f"- Belum jelas untuk {who}: {_or_text(r, lang)}, rentangnya mencakup 1.",
                            f"- Unclear for {who}: {_or_text(r, lang)}, the range includes 1."))
    mot = predictors.loc[predictors["model"].eq("participation_survey") & predictors["term"].eq("learning_motivation")]
    if len(mot):
        m = mot.iloc[0]
        clear = m["ratio_ci_low"] > 1 or m["ratio_ci_high"] < 1
        lines.append(_t(
            lang,
            f"- Motivasi belajar (survei): setiap tambahan satu poin, {_or_text(m, lang)}"
            + (" — jelas berkaitan." if clear else " — belum jelas."),
            f"- Learning motivation (survey): per extra point, {_or_text(m, lang)}"
            + (" — a clear association." if clear else " — not clear."),
        ))
    for name in ("no_show", "dropout"):
        title = _pair(MODEL_LABELS[name], lang)
        block = predictors.loc[predictors["model"].eq(name)]
        clear = block.loc[(block["ratio_ci_low"] > 1) | (block["ratio_ci_high"] < 1)]
        clear = clear.loc[~clear["term"].str.startswith(_HIDDEN_TERM_PREFIXES)]
        if block.empty:
            lines.append(_t(lang, f"- {title}: data belum cukup.", f"- {title}: not enough data."))
        elif clear.empty:
            lines.append(_t(lang, f"- {title}: tidak ada prediktor utama yang jelas.",
                            f"- {title}: no clear main predictor."))
        else:
            items = "; ".join(f"{term_label(r['term'], lang)} {fmt.number(r['odds_ratio'], lang, 2)}"
                              for _, r in clear.iterrows())
            lines.append(_t(lang, f"- {title}: prediktor yang jelas (rasio odds) — {items}.",
                            f"- {title}: clear predictors (odds ratios) — {items}."))
    lines.append(_t(
        lang,
        "\nIni asosiasi setelah memperhitungkan faktor lain dalam model, bukan bukti sebab-akibat: staf yang bersemangat "
        "bisa saja berkumpul di unit dengan pimpinan yang bersemangat.",
        "\nThese are associations after accounting for the other factors in the model, not proof of cause: keen staff "
        "may gather in units with keen leaders.",
    ))
    return lines


def year_on_year_statement(
    yoy: pd.DataFrame,
    period: str,
    lang: str = "id",
    min_n: int = MIN_N,
    *,
    labels: Mapping[str, str] | None = None,
    shares: Collection[str] | None = None,
    decimals: int = 1,
) -> str:
    """The year-on-year paragraph (:func:`analysis.text.trends.year_on_year_paragraph`)
    with the coverage rates of :data:`TREND_LABELS` unless ``labels`` names others."""
    if labels is None:
        labels = {metric: _pair(pair, lang) for metric, pair in TREND_LABELS.items()}
    return year_on_year_paragraph(yoy, _check_period(period), lang, labels, min_n,
                                  shares=shares, decimals=decimals)
