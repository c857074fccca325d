"""The per-group steps of the outcome tables computed without a pandas call per group must give
what the group-by-group computation gave, to the last digit."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.outcomes import targeting
from analysis.outcomes.partners import main_sector
from analysis.outcomes.programme_funnel import squared_deviations


def test_squared_deviations_by_hand() -> None:
    values = pd.Series([1.0, 3.0, 10.0, 2.0, 4.0, 6.0])
    groups = pd.Series(["b", "a", "c", "b", "a", "b"], name="program_id")
    out = squared_deviations(values, groups)
    # a: 3, 4 (mean 3.5) -> 0.5; b: 1, 2, 6 (mean 3) -> 4 + 1 + 9 = 14; c: one value -> 0
    assert list(out.index) == ["a", "b", "c"] and out.index.name == "program_id"
    assert out.tolist() == [0.5, 14.0, 0.0]


def test_squared_deviations_equal_groupby_apply_to_the_last_digit() -> None:
    rng = np.random.default_rng(7)
    values = pd.Series(rng.normal(10, 7, 5000) / 3)
    groups = pd.Series(rng.choice([f"P{i:03d}" for i in range(150)], 5000))
    expected = values.groupby(groups).apply(lambda s: float(((s - s.mean()) ** 2).sum()))
    out = squared_deviations(values, groups)
    assert out.index.tolist() == expected.index.tolist()
    assert out.to_numpy().tobytes() == expected.to_numpy().tobytes()


def test_squared_deviations_leave_out_rows_without_a_group() -> None:
    out = squared_deviations(pd.Series([1.0, 5.0, 9.0]), pd.Series(["a", None, "a"]))
    assert out.to_dict() == {"a": 32.0}


def test_main_sector_is_the_mode_and_the_first_of_ties() -> None:
    decided = pd.DataFrame({
        "program_id": ["p1", "p1", "p2", "p2", "p2", "p3", "p4", "p4"],
        "sector": ["kesehatan", "pendidikan", "pendidikan", "kesehatan", "kesehatan", None, "umum", "umum"],
    })
    out = main_sector(decided)
    assert out.to_dict() == {"p1": "kesehatan", "p2": "kesehatan", "p4": "umum"}  # p3: no known sector
    mode = decided.groupby("program_id")["sector"].agg(lambda s: s.mode().iloc[0] if len(s.mode()) else pd.NA)
    assert out.to_dict() == mode.dropna().to_dict()
    assert main_sector(decided.iloc[0:0]).empty


def test_relevance_prepares_its_frame_once(sample, monkeypatch: pytest.MonkeyPatch) -> None:
    from analysis.data.io import load_dataset

    ds = load_dataset(sample[2])  # a fresh dataset object: nothing derived yet
    calls = []
    gap_at = targeting._gap_at
    monkeypatch.setattr(targeting, "_gap_at", lambda d, enr: calls.append(1) or gap_at(d, enr))
    overall = targeting.relevance(ds, "2026Q3", by=None)
    by_agency = targeting.relevance(ds, "2026Q3", by="agency_id")
    assert len(calls) == 1
    assert by_agency["jp_total"].sum() == pytest.approx(overall["jp_total"].iloc[0])
    assert by_agency["enrollments"].sum() == overall["enrollments"].iloc[0]
