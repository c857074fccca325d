"""Frames derived from a dataset's tables are computed once per dataset object and handed out as copies."""

from __future__ import annotations

import dataclasses

import pandas as pd
from test_headline import tiny

from analysis.data.definitions import enrollment_facts, staff_roster
from analysis.data.scope import restrict_to_agency
from analysis.data.staff import staff_attributes


def test_derived_is_built_once_and_each_caller_gets_its_own_copy():
    ds = tiny()
    calls: list[int] = []

    def build() -> pd.DataFrame:
        calls.append(1)
        return pd.DataFrame({"x": [1, 2, 3]})

    first = ds.derived(("x",), build)
    first.loc[0, "x"] = 99  # a caller changing what it got ...
    again = ds.derived(("x",), build)
    assert calls == [1]
    assert list(again["x"]) == [1, 2, 3]  # ... changes nothing for the next
    ds.derived(("x", "other arguments"), build)
    assert calls == [1, 1]
    # a dataset made from another starts with nothing derived (its tables may differ)
    other = dataclasses.replace(ds, warnings=("w",))
    other.derived(("x",), build)
    assert calls == [1, 1, 1]
    assert other == dataclasses.replace(ds, warnings=("w",))  # what is kept does not enter equality


def test_cached_frames_equal_a_fresh_computation_and_follow_the_dataset():
    ds = tiny()
    roster, facts = staff_roster(ds), enrollment_facts(ds)
    active_q3, everyone = staff_attributes(ds, "2026Q3"), staff_attributes(ds, "2026Q3", active_only=False)
    active_q3["age"] = -1.0
    fresh = tiny()  # a new object: computed from scratch
    pd.testing.assert_frame_equal(staff_roster(ds), staff_roster(fresh))
    pd.testing.assert_frame_equal(enrollment_facts(ds), enrollment_facts(fresh))
    pd.testing.assert_frame_equal(staff_attributes(ds, "2026Q3"), staff_attributes(fresh, "2026Q3"))
    pd.testing.assert_frame_equal(everyone, staff_attributes(fresh, "2026Q3", active_only=False))
    assert len(roster) == 4 and len(facts) == len(ds.enrollments)
    # hand-checked: ages in the quarter's year, and the groups of the roster's grades and education
    q3 = staff_attributes(ds, "2026Q3").set_index("employee_id")
    assert q3.loc["ASN-0000000000000001", "age"] == 2026 - 1980
    assert staff_attributes(ds, "2024Q1").set_index("employee_id").loc["ASN-0000000000000001", "age"] == 2024 - 1980
    assert q3["education_group"].tolist() == ["s1", "s1", "diploma", "up_to_sma"]
    # an agency's part of the data is another dataset with its own frames
    part = restrict_to_agency(ds, "A")
    assert set(staff_attributes(part, "2026Q3")["agency_id"]) == {"A"}
    assert set(staff_attributes(ds, "2026Q3")["agency_id"]) == {"A", "B"}
