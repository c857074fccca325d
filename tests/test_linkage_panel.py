"""The unit-by-quarter panel and IKM categories on a small hand-made case.

Every expected number below is worked out by hand in the comments, from the
definitions of ``docs/definitions.md`` (active at quarter end, credited JP in the quarter of the
end date, on track = 5 JP x quarters elapsed, latest assessment on or before the
quarter end, gap = max(0, required - score)).
"""

from __future__ import annotations

import math

import factories
import numpy as np
import pandas as pd
import pytest

from analysis.data.dataset import Dataset
from analysis.linkage import (
    category_transitions,
    ikm_categories,
    ikm_category,
    it_training_before_launch,
    online_start_quarter,
    panel_metrics,
    unit_panel,
)


def _fixture() -> Dataset:
    units = factories.units(
        unit_id=["AG", "U2", "U3"], unit_name=["Disdukcapil", "Puskesmas", "Kelurahan"], agency_id="AG",
        sector=["civil_registry", "health", "general_admin"],
        # AG online from the first day of 2024Q2; U3 mid-2024Q2 -> first full quarter 2024Q3
        online_service_start=[pd.Timestamp("2024-04-01"), pd.NaT, pd.Timestamp("2024-05-15")],
    )
    employees = factories.employees(
        ["E1", "E2", "E3", "E4", "E5"], unit_id=["AG", "AG", "AG", "U2", "U2"], gender="F",
        hire_date=["2020-01-01", "2020-01-01", "2024-02-01", "2020-01-01",
                   "2024-06-30"],  # E5 hired on the last day of 2024Q2: active at its end (hire_date <= date)
        exit_date=[None, "2024-05-10", None, None, None],  # E2 leaves in 2024Q2: active at the end of Q1 only
    )
    programs = factories.programs(
        program_id=["P1", "P2"], title=["Pelatihan Pelayanan Publik Berbasis Digital", "Manajemen Keuangan Daerah"],
        modality=["classroom"] * 2, domain=["technical", "managerial"], provider_type=["internal"] * 2,
        jp=[10.0, 8.0], cost_per_participant=[1e6] * 2,
    )
    enrollments = factories.enrollments([
        ("e1", "E1", "P1", "2023-12-20", "2024-01-05", "completed"),  # across a boundary: 2024Q1
        ("e2", "E1", "P2", "2023-12-01", "2023-12-31", "completed"),  # 2023Q4, 8 JP
        ("e3", "E2", "P2", "2024-02-01", "2024-02-10", "completed", 6.0),  # 2024Q1, 6 JP credited
        ("e4", "E2", "P1", "2024-04-10", "2024-04-20", "completed"),  # E2 gone at end of 2024Q2
        ("e5", "E3", "P1", "2024-03-20", "2024-03-31", "dropped"),  # no credit
        ("e6", "E4", "P2", "2024-06-20", "2024-06-30", "completed"),  # 2024Q2, 8 JP
        ("e7", "E3", "P1", "2024-08-20", "2024-09-01", "completed"),  # 2024Q3, 10 JP
    ])
    assessments = pd.DataFrame(
        [
            ("E1", "2023-11-01", "technical", 2, 3),  # gap 1 (until replaced)
            ("E1", "2024-05-01", "technical", 3, 3),  # gap 0 from 2024Q2
            ("E1", "2024-01-15", "managerial", 2, 4),  # gap 2 from 2024Q1
            ("E3", "2024-03-31", "technical", 4, 3),  # above standard: gap 0, counts in 2024Q1
            ("E2", "2023-12-31", "socio_cultural", 1, 2),  # gap 1, counts in 2023Q4
        ],
        columns=["employee_id", "assessed_on", "domain", "score", "required_level"],
    )
    assessments["assessed_on"] = pd.to_datetime(assessments["assessed_on"])
    service = pd.DataFrame(
        [
            ("AG", "2024Q1", "ikm", 80.5),
            ("AG", "2024Q1", "processing_days", 5.0),
            ("AG", "2024Q2", "ikm", 90.0),
            ("U2", "2024Q2", "ikm", 64.99),
            ("U2", "2023Q4", "wait_minutes", 12.0),
        ],
        columns=["unit_id", "period", "metric", "value"],
    )
    return factories.dataset(units=units, employees=employees, programs=programs, enrollments=enrollments,
                             assessments=assessments, service_metrics=service)


@pytest.fixture(scope="module")
def panel() -> pd.DataFrame:
    return unit_panel(_fixture(), through="2024Q3")


def _col(panel: pd.DataFrame, unit: str, column: str) -> list:
    return panel.loc[panel["unit_id"] == unit, column].tolist()


def test_panel_shape_and_order(panel: pd.DataFrame) -> None:
    # first data quarter is 2023Q4 (e2 ends then; wait_minutes is reported then)
    assert panel["period"].tolist() == ["2023Q4", "2024Q1", "2024Q2", "2024Q3"] * 3
    assert _col(panel, "AG", "unit_id") == ["AG"] * 4
    assert panel_metrics(panel) == ["ikm", "processing_days", "wait_minutes"]
    assert _col(panel, "U2", "sector") == ["health"] * 4


def test_staff_active_at_quarter_end(panel: pd.DataFrame) -> None:
    assert _col(panel, "AG", "staff") == [2, 3, 2, 2]  # E3 joins in Q1, E2 leaves in Q2
    assert _col(panel, "U2", "staff") == [1, 1, 2, 2]  # E5 hired on the last day of 2024Q2
    assert _col(panel, "U3", "staff") == [0, 0, 0, 0]


def test_jp_per_staff(panel: pd.DataFrame) -> None:
    # AG: Q4 8/2; Q1 (10 + 6)/3; Q2 E2's 10 JP drop out with E2 -> 0; Q3 10/2
    np.testing.assert_allclose(_col(panel, "AG", "jp_per_staff"), [4.0, 16 / 3, 0.0, 5.0])
    np.testing.assert_allclose(_col(panel, "U2", "jp_per_staff"), [0.0, 0.0, 4.0, 0.0])
    assert all(math.isnan(v) for v in _col(panel, "U3", "jp_per_staff"))


def test_jp_per_staff_4q(panel: pd.DataFrame) -> None:
    # AG: Q4 E1 8 / 2; Q1 (E1 18 + E2 6 + E3 0) / 3; Q2 (E1 18 + E3 0) / 2; Q3 (E1 18 + E3 10) / 2
    np.testing.assert_allclose(_col(panel, "AG", "jp_per_staff_4q"), [4.0, 8.0, 9.0, 14.0])
    # U2: E4's 8 JP of 2024Q2 over 2 staff in Q2 and Q3
    np.testing.assert_allclose(_col(panel, "U2", "jp_per_staff_4q"), [0.0, 0.0, 4.0, 4.0])
    assert _col(panel, "AG", "jp_4q") == [8.0, 24.0, 18.0, 28.0]
    # only from 2024Q3 does the window q-3..q lie inside the data (2023Q4..)
    assert _col(panel, "AG", "window_complete") == [False, False, False, True]


def test_share_on_track(panel: pd.DataFrame) -> None:
    # 2023Q4 needs 20 JP (E1 8, E2 0) -> 0; 2024Q1 needs 5 (E1 10, E2 6, E3 0) -> 2/3;
    # 2024Q2 needs 10 (E1 10, E3 0) -> 1/2; 2024Q3 needs 15 (E1 10, E3 10) -> 0
    np.testing.assert_allclose(_col(panel, "AG", "share_on_track"), [0.0, 2 / 3, 0.5, 0.0])
    # U2 2024Q2: E4 8 < 10, E5 0 -> 0
    np.testing.assert_allclose(_col(panel, "U2", "share_on_track"), [0.0, 0.0, 0.0, 0.0])


def test_competency_gap(panel: pd.DataFrame) -> None:
    # Q4: E1 tech 1, E2 socio 1 -> mean 1, both with a gap
    # Q1: E1 tech 1 + man 2, E2 socio 1, E3 tech 0 -> 4/4 = 1; E1, E2 with a gap of 3 -> 2/3
    # Q2, Q3: E1 tech 0 (newer) + man 2, E3 tech 0 -> 2/3; E1 of E1, E3 -> 1/2
    assert _col(panel, "AG", "assessed_staff") == [2, 3, 2, 2]
    np.testing.assert_allclose(_col(panel, "AG", "mean_competency_gap"), [1.0, 1.0, 2 / 3, 2 / 3])
    np.testing.assert_allclose(_col(panel, "AG", "share_with_gap"), [1.0, 2 / 3, 0.5, 0.5])
    assert all(math.isnan(v) for v in _col(panel, "U2", "mean_competency_gap"))
    assert _col(panel, "U2", "assessed_staff") == [0, 0, 0, 0]


def test_online_and_it_training(panel: pd.DataFrame) -> None:
    assert _col(panel, "AG", "online") == [False, False, True, True]
    assert _col(panel, "U3", "online") == [False, False, False, True]  # starts mid-2024Q2
    assert _col(panel, "U2", "online") == [False] * 4
    assert _col(panel, "AG", "event_time") == [-2.0, -1.0, 0.0, 1.0]
    assert all(math.isnan(v) for v in _col(panel, "U2", "event_time"))
    # AG staff the day before 2024-04-01: E1, E2, E3; only E1 completed P1 (title "Pelayanan
    # Publik ... Digital") before the start (E2's ended after it, E3's was dropped) -> 1/3
    np.testing.assert_allclose(_col(panel, "AG", "it_trained_share_before_launch"), [1 / 3] * 4)
    assert all(math.isnan(v) for v in _col(panel, "U2", "it_trained_share_before_launch"))
    it = it_training_before_launch(_fixture()).set_index("unit_id")
    assert it.loc["AG", "staff_at_launch"] == 3 and it.loc["AG", "it_trained_staff"] == 1
    assert it.loc["U3", "staff_at_launch"] == 0 and math.isnan(it.loc["U3", "it_trained_share"])


def test_online_start_quarter() -> None:
    units = pd.DataFrame(
        {"online_service_start": pd.to_datetime(["2024-04-01", "2024-04-02", "2024-12-31", None])}
    )
    assert online_start_quarter(units).tolist()[:3] == ["2024Q2", "2024Q3", "2025Q1"]
    assert online_start_quarter(units).isna().tolist()[3]


def test_metrics_wide(panel: pd.DataFrame) -> None:
    ag = panel.loc[panel["unit_id"] == "AG"].set_index("period")
    assert ag.loc["2024Q1", "ikm"] == 80.5 and ag.loc["2024Q1", "processing_days"] == 5.0
    assert math.isnan(ag.loc["2024Q3", "ikm"])
    u2 = panel.loc[panel["unit_id"] == "U2"].set_index("period")
    assert u2.loc["2023Q4", "wait_minutes"] == 12.0


def test_panel_does_not_mutate_inputs() -> None:
    ds = _fixture()
    before = {k: v.copy() for k, v in ds.tables.items()}
    unit_panel(ds, through="2024Q3")
    for name, frame in ds.tables.items():
        pd.testing.assert_frame_equal(frame, before[name])


def test_panel_argument_checks() -> None:
    with pytest.raises(ValueError, match="after through"):
        unit_panel(_fixture(), through="2023Q1", start="2024Q1")
    with pytest.raises(ValueError, match="calendar quarter"):
        unit_panel(_fixture(), through="2024-09")


@pytest.mark.parametrize(
    ("score", "category"),
    [
        (100.0, "A"),
        (88.31, "A"),
        (88.305, "A"),
        (88.30, "B"),
        (76.61, "B"),
        (76.60, "C"),
        (65.00, "C"),
        (64.995, "C"),
        (64.99, "D"),
        (25.0, "D"),
    ],
)
def test_ikm_category_boundaries(score: float, category: str) -> None:
    assert ikm_category([score]).tolist() == [category]


def test_ikm_category_missing_and_out_of_range() -> None:
    out = ikm_category(pd.Series([np.nan, 24.99, 100.01, 80.0]))
    assert out.isna().tolist() == [True, True, True, False]


def test_ikm_categories_and_transitions(panel: pd.DataFrame) -> None:
    cats = ikm_categories(panel)
    assert cats[["unit_id", "period", "category"]].values.tolist() == [
        ["AG", "2024Q1", "B"],
        ["AG", "2024Q2", "A"],
        ["U2", "2024Q2", "D"],
    ]
    moves = category_transitions(cats)
    assert moves.loc["B", "A"] == 1 and int(moves.to_numpy().sum()) == 1
    # a quarter gap breaks the chain
    gap = pd.DataFrame(
        {"unit_id": ["X", "X", "X"], "period_idx": [1, 3, 4], "category": ["A", "B", "C"]}
    )
    assert int(category_transitions(gap).to_numpy().sum()) == 1
    shares = category_transitions(
        pd.DataFrame(
            {
                "unit_id": ["X"] * 3 + ["Y"] * 2,
                "period_idx": [1, 2, 3, 1, 2],
                "category": ["A", "A", "B", "A", "A"],
            }
        ),
        normalise=True,
    )
    assert shares.loc["A", "A"] == pytest.approx(2 / 3) and shares.loc["A", "B"] == pytest.approx(
        1 / 3
    )
    assert math.isnan(shares.loc["C", "C"])
