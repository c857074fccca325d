"""Hand-made three-row cases for every shared definition (DESIGN.md, "Definitions").

Each case is small enough to check by eye; the expected values are written out.
"""

from __future__ import annotations

import factories
import numpy as np
import pandas as pd
import pytest

from analysis.data.dataset import Dataset
from analysis.data.definitions import (
    active_mask,
    active_staff,
    enrollment_facts,
    jp_year_to_date,
)


def _employees(**overrides: list) -> pd.DataFrame:
    base = {
        "employment_type": ["pns", "pppk", "pns"],
        "position_type": ["staff", "executive", "functional"],
        "is_unit_head": [False, True, False],
        "gender": ["F", "M", "F"],
        "birth_year": [1990, 1970, 1985],
        "education": ["s1", "s2", "d3"],
        "hire_date": ["2020-01-01", "2010-01-01", "2015-01-01"],
    }
    return factories.employees(**{**base, **overrides})


def _ds(enrollments: dict, employees: pd.DataFrame | None = None) -> Dataset:
    return factories.dataset(
        employees=_employees() if employees is None else employees,
        programs=factories.programs(target_sector=["health", None, "education"]),
        enrollments=pd.DataFrame(enrollments),
    )


# --- active at a date ---------------------------------------------------------------------


def test_active_at_a_date_hire_day_counts_exit_day_does_not() -> None:
    emp = Dataset.from_frames(
        employees=_employees(
            hire_date=["2026-09-30", "2026-10-01", "2020-01-01"],
            exit_date=[None, None, "2026-09-30"],
        )
    ).employees
    mask = active_mask(emp, "2026-09-30")
    # hired on the day: active; hired the day after: not yet; left on the day: no longer
    assert mask.tolist() == [True, False, False]
    # one day earlier the leaver is still there and the first one not yet hired
    assert active_mask(emp, "2026-09-29").tolist() == [False, False, True]


def test_active_staff_uses_the_last_day_of_the_quarter() -> None:
    ds = Dataset.from_frames(
        units=factories.units(),
        employees=_employees(
            hire_date=["2026-09-30", "2026-10-01", "2020-01-01"],
            exit_date=[None, None, "2026-10-01"],
        ),
    )
    staff = active_staff(ds, "2026Q3")
    assert sorted(staff["employee_id"]) == ["E1", "E3"]
    # the unit's agency and sector are attached
    assert staff.set_index("employee_id").loc["E1", "agency_id"] == "DINKES"
    assert staff.set_index("employee_id").loc["E3", "sector"] == "education"


# --- credited JP and the quarter it counts in ---------------------------------------------


def test_credited_jp_only_for_completed_and_jp_credited_overrides() -> None:
    ds = _ds(
        {
            "enrollment_id": ["N1", "N2", "N3"],
            "employee_id": ["E1", "E1", "E1"],
            "program_id": ["P1", "P1", "P2"],
            "start_date": ["2026-06-20", "2026-07-01", "2026-08-01"],
            "end_date": ["2026-07-02", "2026-07-05", "2026-08-02"],
            "status": ["completed", "completed", "dropped"],
            "jp_credited": [np.nan, 6.0, 8.0],
        }
    )
    f = enrollment_facts(ds).set_index("enrollment_id")
    assert f["credited_jp"].tolist() == [12.0, 6.0, 0.0]
    # the quarter of end_date, not of start_date
    assert f.loc["N1", "period"] == "2026Q3"
    assert f["attended"].tolist() == [True, True, True]


def test_jp_year_to_date_counts_end_date_within_the_year_up_to_quarter_end() -> None:
    ds = _ds(
        {
            "enrollment_id": ["N1", "N2", "N3"],
            "employee_id": ["E1", "E1", "E1"],
            "program_id": ["P1", "P1", "P1"],
            "start_date": ["2025-12-20", "2026-09-25", "2026-03-01"],
            "end_date": ["2026-01-02", "2026-10-01", "2026-03-02"],
            "status": ["completed", "completed", "completed"],
        }
    )
    facts = enrollment_facts(ds)
    # N1 counts in 2026 (end date), N2 ends in Q4 so not yet by 2026Q3
    assert jp_year_to_date(facts, "2026Q3").to_dict() == {"E1": 24.0}
    assert jp_year_to_date(facts, "2026Q4").to_dict() == {"E1": 36.0}
    # nothing in 2025: the first enrollment ended in 2026
    assert jp_year_to_date(facts, "2025Q4").empty


# --- completion denominator ---------------------------------------------------------------


def test_decided_excludes_registered() -> None:
    ds = _ds(
        {
            "enrollment_id": ["N1", "N2", "N3"],
            "employee_id": ["E1", "E2", "E3"],
            "program_id": ["P1", "P1", "P1"],
            "start_date": ["2026-07-01"] * 3,
            "end_date": ["2026-07-05"] * 3,
            "status": ["completed", "no_show", "registered"],
        }
    )
    f = enrollment_facts(ds)
    assert f["decided"].tolist() == [True, True, False]
    assert f["attended"].tolist() == [True, False, False]
    # completion rate by the definition: 1 completed / (1 completed + 1 no-show)
    decided = f[f["decided"]]
    assert decided["status"].eq("completed").mean() == pytest.approx(0.5)


# --- cost attribution ---------------------------------------------------------------------


def test_cost_own_else_programme_when_attended_else_zero() -> None:
    ds = _ds(
        {
            "enrollment_id": ["N1", "N2", "N3"],
            "employee_id": ["E1", "E2", "E3"],
            "program_id": ["P1", "P2", "P3"],
            "start_date": ["2026-07-01"] * 3,
            "end_date": ["2026-07-05"] * 3,
            "status": ["dropped", "no_show", "no_show"],
            "cost": [np.nan, np.nan, 500_000.0],
        }
    )
    f = enrollment_facts(ds).set_index("enrollment_id")
    # dropped (attended): programme cost; no-show without cost: 0; own cost always wins
    assert f["cost_idr"].tolist() == [1_000_000.0, 0.0, 500_000.0]
    # spending is attributed to the employee's agency
    assert f.groupby("agency_id")["cost_idr"].sum().to_dict() == {
        "DINKES": 1_000_000.0,
        "DISDIK": 500_000.0,
    }


# --- learning gain, normalised gain, relevance --------------------------------------------


def test_gain_and_normalised_gain() -> None:
    ds = _ds(
        {
            "enrollment_id": ["N1", "N2", "N3"],
            "employee_id": ["E1", "E2", "E3"],
            "program_id": ["P1", "P1", "P1"],
            "start_date": ["2026-07-01"] * 3,
            "end_date": ["2026-07-05"] * 3,
            "status": ["completed", "completed", "dropped"],
            "pre_score": [60.0, 100.0, 50.0],
            "post_score": [80.0, 100.0, 70.0],
        }
    )
    f = enrollment_facts(ds)
    assert f["gain"].iloc[0] == 20.0
    assert f["normalised_gain"].iloc[0] == pytest.approx(20.0 / 40.0)
    # pre at the maximum: gain 0 but no room, normalised gain undefined
    assert f["gain"].iloc[1] == 0.0
    assert np.isnan(f["normalised_gain"].iloc[1])
    # dropped: no gain even with both scores
    assert np.isnan(f["gain"].iloc[2])
    assert np.isnan(f["normalised_gain"].iloc[2])


def test_on_target_sector() -> None:
    ds = _ds(
        {
            "enrollment_id": ["N1", "N2", "N3"],
            "employee_id": ["E1", "E1", "E1"],
            "program_id": ["P1", "P2", "P3"],
            "start_date": ["2026-07-01"] * 3,
            "end_date": ["2026-07-05"] * 3,
            "status": ["completed"] * 3,
        }
    )
    f = enrollment_facts(ds)
    # E1 works in health: P1 targets health, P2 targets no sector, P3 targets education
    assert f["on_target_sector"].iloc[0] == True  # noqa: E712
    assert pd.isna(f["on_target_sector"].iloc[1])
    assert f["on_target_sector"].iloc[2] == False  # noqa: E712


# --- on track and participation (analysis.coverage) ----------------------------------------


def test_on_track_is_five_jp_per_elapsed_quarter() -> None:
    from analysis.coverage import jp_compliance

    # E1 14 JP, E2 15 JP, E3 20 JP, all ending in 2026Q2 or earlier
    ds = _ds(
        {
            "enrollment_id": ["N1", "N2", "N3"],
            "employee_id": ["E1", "E2", "E3"],
            "program_id": ["P1", "P1", "P1"],
            "start_date": ["2026-02-01"] * 3,
            "end_date": ["2026-02-05", "2026-05-05", "2026-06-30"],
            "status": ["completed"] * 3,
            "jp_credited": [14.0, 15.0, 20.0],
        }
    )
    q3 = jp_compliance(ds, "2026Q3", by=None).iloc[0]  # needs 15
    assert q3["share_on_track"] == pytest.approx(2 / 3)
    assert q3["share_meeting_20jp"] == pytest.approx(1 / 3)
    q2 = jp_compliance(ds, "2026Q2", by=None).iloc[0]  # needs 10: all three
    assert q2["share_on_track"] == pytest.approx(1.0)
    q4 = jp_compliance(ds, "2026Q4", by=None).iloc[0]  # needs 20, the minimum itself
    assert q4["share_on_track"] == pytest.approx(q4["share_meeting_20jp"])
    q1 = jp_compliance(ds, "2026Q1", by=None).iloc[0]  # needs 5: only E1's JP had ended
    assert q1["share_on_track"] == pytest.approx(1 / 3)


def test_participation_rate_counts_attended_enrollments_ending_in_the_quarter() -> None:
    from analysis.coverage import participation

    ds = _ds(
        {
            "enrollment_id": ["N1", "N2", "N3"],
            "employee_id": ["E1", "E2", "E3"],
            "program_id": ["P1", "P1", "P1"],
            "start_date": ["2026-09-20"] * 3,
            # E1 dropped out (attended), E2 did not show up, E3's programme ends next quarter
            "end_date": ["2026-09-25", "2026-09-25", "2026-10-02"],
            "status": ["dropped", "no_show", "completed"],
        }
    )
    row = participation(ds, "2026Q3", by=None).iloc[0]
    assert row["participation_rate"] == pytest.approx(1 / 3)
    # rates over decided enrollments ending in the quarter: N1 and N2
    assert row["enrollments"] == 2
    assert row["dropout_rate"] == pytest.approx(0.5)
    assert row["no_show_rate"] == pytest.approx(0.5)
    assert row["completion_rate"] == 0.0
