"""The panels behind the predictor models: employee x quarter (did they take part?) and
decided enrollments (did they show up, did they finish?), with the covariates of
:mod:`analysis.coverage.predictors`.

Covariates (``docs/definitions.md``): the unit head's own participation in the previous
quarter, performance awards in the previous four quarters (the employee's own and a
colleague's in the unit), PPPK, female, age 50+, a D4/S1 degree or higher, and the
quarter's survey answers.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from analysis.coverage.rates import people_frame, quarter_people
from analysis.data.dataset import Dataset
from analysis.data.definitions import enrollment_facts
from analysis.data.parsers import isin_pool
from analysis.data.periods import (
    format_period,
    parse_period,
    period_range,
    shift_period,
)
from analysis.data.staff import staff_attributes

#: Recognitions of performance (long-service awards recognise tenure, not performance).
PERFORMANCE_AWARDS: tuple[str, ...] = ("employee_of_quarter", "innovation")
#: Education levels of at least a four-year degree (D4/S1 and above).
DEGREE_LEVELS: tuple[str, ...] = ("d4", "s1", "s2", "s3")
#: Survey answers attached to the panels (1..5).
SURVEY_PREDICTORS: tuple[str, ...] = ("learning_motivation", "leader_support")
#: Quarters before the current one in which an award counts.
AWARD_QUARTERS = 4
#: Staff columns each quarter's panel starts from.
_PANEL_STAFF_COLUMNS = ["employee_id", "unit_id", "agency_id", "sector", "is_unit_head", "employment_type",
                        "gender", "age", "education", "position_type"]


def _head_participation(people: pd.DataFrame) -> pd.Series:
    """Per unit: did a head of the unit (active at the end of the quarter of ``people``,
    :func:`analysis.coverage.rates.people_frame`) attend an enrollment ending in that quarter?
    1.0 / 0.0; units without an active head absent."""
    heads = people.loc[people["is_unit_head"].astype(bool)]
    return heads.groupby("unit_id")["took_part"].max().astype(float)


def _awards_before(ds: Dataset, quarter: str, quarters: int = AWARD_QUARTERS) -> pd.DataFrame:
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


def _quarter_panel(ds: Dataset, people: Callable[[str], pd.DataFrame], q: str) -> pd.DataFrame:
    """The rows of :func:`participation_panel` for quarter ``q`` (before the derived 0/1 columns);
    ``people(quarter)`` gives a quarter's staff with ``took_part`` (:func:`analysis.coverage.rates.people_frame`)."""
    staff = people(q)
    panel = staff[_PANEL_STAFF_COLUMNS].copy()
    panel["period"] = q
    panel["participated"] = staff["took_part"].astype(float)
    head = _head_participation(people(shift_period(q, -1)))
    panel["head_participated_prev_quarter"] = panel["unit_id"].map(head).astype(float)
    awards = _awards_before(ds, q)
    panel["award_prev_4q"] = isin_pool(panel["employee_id"], awards["employee_id"]).astype(float)
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
    return panel


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

    ``facts`` is :func:`analysis.data.definitions.enrollment_facts` (the default). With
    the default the panel is computed once per dataset, period and ``quarters``
    (:meth:`analysis.data.dataset.Dataset.derived`); each call returns a copy.
    """
    period = format_period(period)
    if facts is None:
        return ds.derived(("participation_panel", period, quarters),
                          lambda: _participation_panel(ds, period, quarters, lambda q: quarter_people(ds, q)))
    return _participation_panel(ds, period, quarters,
                                lambda q: people_frame(staff_attributes(ds, q), facts, q))


def _participation_panel(
    ds: Dataset, period: str, quarters: int, people: Callable[[str], pd.DataFrame]
) -> pd.DataFrame:
    window = period_range(shift_period(period, -(quarters - 1)), period)
    out = pd.concat([_quarter_panel(ds, people, q) for q in window], ignore_index=True)
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
    period = format_period(period)
    panel = participation_panel(ds, period, quarters, facts=facts).drop(columns=["participated"])
    facts = enrollment_facts(ds) if facts is None else facts
    window = set(period_range(shift_period(period, -(quarters - 1)), period))
    enr = facts.loc[facts["decided"] & facts["period"].isin(window),
                    ["enrollment_id", "employee_id", "period", "modality", "jp", "status"]]
    out = enr.merge(panel, on=["employee_id", "period"], how="inner")
    out["jp_per_10"] = out["jp"].astype(float) / 10.0
    out["no_show"] = out["status"].eq("no_show").astype(float)
    out["dropped"] = out["status"].eq("dropped").astype(float).where(~out["status"].eq("no_show"))
    return out.drop(columns=["status", "jp"]).reset_index(drop=True)
