"""Coverage and participation on a hand-built dataset, every number checked by hand."""

from __future__ import annotations

import factories
import numpy as np
import pandas as pd
import pytest
from statsmodels.stats.proportion import confint_proportions_2indep, proportion_confint

from analysis import coverage
from analysis.data.dataset import Dataset

PERIOD = "2026Q3"  # three quarters elapsed: on track means >= 15 JP


def _hand_built() -> Dataset:
    employees = factories.employees(
        ["E1", "E2", "E3", "E4", "E5", "E6"],
        unit_id=["PKM1", "DINKES", "DISDIK", "DISDIK", "DISDIK", "PKM1"],
        employment_type=["pns", "pns", "pppk", "pns", "pns", "pppk"],
        position_type=["staff", "executive", "functional", "staff", "staff", "staff"],
        is_unit_head=[False, True, False, False, False, False],
        gender=["F", "M", "F", "M", "F", "M"],
        birth_year=[1995, 1970, 1985, 1980, 1990, 1960],
        education=["s1", "s2", "d3", "sma", "s1", "sma"],
        hire_date=["2020-01-01", "2010-01-01", "2015-01-01", "2015-01-01", "2026-10-05", "2000-01-01"],
        # E4 left during the quarter, E5 joins after it: neither is active at its end
        exit_date=[None, None, None, "2026-08-01", None, None],
        grade=["III/a", "IV/b", "IX", "II/c", None, "V"],
    )
    enrollments = factories.enrollments([
        # id, employee, programme, start, end, status, jp_credited
        ("N1", "E1", "P3", "2026-02-01", "2026-02-10", "completed", np.nan),  # Q1: 30 JP
        ("N2", "E2", "P1", "2026-08-01", "2026-08-10", "completed", np.nan),  # Q3: 12 JP
        ("N3", "E2", "P2", "2026-09-01", "2026-09-02", "no_show", np.nan),
        ("N4", "E3", "P1", "2025-09-01", "2025-09-20", "completed", np.nan),  # last year
        ("N5", "E3", "P2", "2026-09-10", "2026-09-15", "dropped", np.nan),  # attended, 0 JP
        ("N6", "E3", "P1", "2026-09-20", "2026-09-30", "registered", np.nan),  # pending
        ("N7", "E4", "P1", "2026-07-10", "2026-07-15", "completed", np.nan),  # a leaver
        ("N8", "E6", "P1", "2026-04-20", "2026-05-01", "completed", 16.0),  # Q2: 16 JP
    ])
    return factories.dataset(employees=employees, enrollments=enrollments)


def _wilson(k: int, n: int) -> tuple[float, float]:
    return proportion_confint(k, n, alpha=0.05, method="wilson")


def test_jp_compliance_city_row_by_hand() -> None:
    out = coverage.jp_compliance(_hand_built(), PERIOD, by=None)
    assert list(out.columns) == list(coverage.COMPLIANCE_COLUMNS)
    row = out.iloc[0]
    # active at 30 Sep 2026: E1, E2, E3, E6 with 30, 12, 0 (last year's JP do not count), 16 JP
    assert row["active_staff"] == 4
    assert row["jp_mean"] == pytest.approx((30 + 12 + 0 + 16) / 4)
    assert row["share_meeting_20jp"] == pytest.approx(1 / 4)  # E1
    assert row["share_on_track"] == pytest.approx(2 / 4)  # E1 and E6 (16 >= 15)
    low, high = _wilson(1, 4)
    assert row["share_meeting_20jp_ci_low"] == pytest.approx(low)
    assert row["share_meeting_20jp_ci_high"] == pytest.approx(high)


def test_jp_compliance_by_agency_by_hand() -> None:
    out = coverage.jp_compliance(_hand_built(), PERIOD).set_index("agency_id")
    assert list(out.reset_index().columns) == ["agency_id", *coverage.COMPLIANCE_COLUMNS]
    assert out.loc["DINKES", "active_staff"] == 3
    assert out.loc["DINKES", "jp_mean"] == pytest.approx(58 / 3)
    assert out.loc["DINKES", "share_on_track"] == pytest.approx(2 / 3)
    assert out.loc["DISDIK", "active_staff"] == 1
    assert out.loc["DISDIK", "share_meeting_20jp"] == 0.0


def test_on_track_threshold_moves_with_the_quarter() -> None:
    ds = _hand_built()
    # at the end of Q2 (10 JP needed) E4 has not left yet: five staff; on track
    # E1 (30) and E6 (16); E2's 12 JP end in Q3
    q2 = coverage.jp_compliance(ds, "2026Q2", by=None).iloc[0]
    assert q2["active_staff"] == 5
    assert q2["share_on_track"] == pytest.approx(2 / 5)
    # at the end of Q1 (5 JP needed): only E1; E6 has no JP yet
    q1 = coverage.jp_compliance(ds, "2026Q1", by=None).iloc[0]
    assert q1["share_on_track"] == pytest.approx(1 / 5)


def test_participation_by_hand() -> None:
    out = coverage.participation(_hand_built(), PERIOD, by=None)
    assert list(out.columns) == list(coverage.PARTICIPATION_COLUMNS)
    row = out.iloc[0]
    # decided enrollments ending in Q3: N2 completed, N3 no-show, N5 dropped, N7 completed
    # (N6 is registered: pending, not in the denominator)
    assert row["enrollments"] == 4
    assert row["completion_rate"] == pytest.approx(2 / 4)
    assert row["no_show_rate"] == pytest.approx(1 / 4)
    assert row["dropout_rate"] == pytest.approx(1 / 4)
    # staff active at the end of Q3: E1, E2, E3, E6; attended in Q3: E2, E3 (E4 left)
    assert row["participation_rate"] == pytest.approx(2 / 4)
    low, high = _wilson(2, 4)
    assert row["participation_rate_ci_low"] == pytest.approx(low)
    assert row["participation_rate_ci_high"] == pytest.approx(high)


def test_participation_by_agency_by_hand() -> None:
    out = coverage.participation(_hand_built(), PERIOD).set_index("agency_id")
    assert out.loc["DINKES", "enrollments"] == 2
    assert out.loc["DINKES", "no_show_rate"] == pytest.approx(0.5)
    assert out.loc["DINKES", "participation_rate"] == pytest.approx(1 / 3)
    # the leaver's completed enrollment counts for the agency's rates, not its staff
    assert out.loc["DISDIK", "enrollments"] == 2
    assert out.loc["DISDIK", "completion_rate"] == pytest.approx(0.5)
    assert out.loc["DISDIK", "dropout_rate"] == pytest.approx(0.5)
    assert out.loc["DISDIK", "participation_rate"] == pytest.approx(1.0)


def test_participation_by_a_derived_group_labels_leavers_too() -> None:
    out = coverage.participation(_hand_built(), PERIOD, by="education_group").set_index("education_group")
    # E4 (sma, a leaver) completed N7: counted under up_to_sma, not as a missing group
    assert out["enrollments"].sum() == 4
    assert out.loc["up_to_sma", "enrollments"] == 1
    assert not out.index.isna().any()


def test_not_reached_by_unit_by_hand() -> None:
    out = coverage.not_reached(_hand_built(), PERIOD).set_index("unit_id")
    # window 2025Q4..2026Q3: E3's only credited JP ended in 2025Q3, so E3 is not reached
    assert out.loc["DISDIK", "not_reached"] == 1
    assert out.loc["DISDIK", "share_not_reached"] == 1.0
    assert out.loc["PKM1", "not_reached"] == 0
    assert out.loc["PKM1", "active_staff"] == 2
    assert out.index[0] == "DISDIK"  # most affected first
    assert out.loc["DISDIK", "agency_id"] == "DISDIK"


def test_equity_blocks_by_hand() -> None:
    out = coverage.equity(_hand_built(), PERIOD)
    assert set(out["dimension"]) == set(coverage.EQUITY_DIMENSIONS)
    g = out.loc[out["dimension"].eq("gender")].set_index("group")
    # active women E1 (30 JP), E3 (0); men E2 (12), E6 (16)
    assert g.loc["F", "share_meeting_20jp"] == pytest.approx(0.5)
    assert g.loc["M", "share_meeting_20jp"] == 0.0
    assert g.loc["M", "share_on_track"] == pytest.approx(0.5)
    grade = out.loc[out["dimension"].eq("grade_group")].set_index("group")
    assert grade.loc["III", "active_staff"] == 1
    assert grade.loc["pppk_IX-XVII", "active_staff"] == 1  # E3, IX
    assert grade.loc["pppk_I-VIII", "active_staff"] == 1  # E6, V
    assert grade.loc["IV", "active_staff"] == 1


def test_grade_group_and_age_band() -> None:
    grades = pd.Series(["III/b", "IX", "II/a", None, "XVII", "bad"])
    types = pd.Series(["pns", "pppk", "pns", "pns", "pppk", "pns"])
    assert coverage.grade_group(grades, types).tolist() == [
        "III", "pppk_IX-XVII", "II", "unknown", "pppk_IX-XVII", "unknown",
    ]  # fmt: skip
    ages = coverage.age_band(pd.Series([1997, 1996, 1977, 1976, None]), 2026)
    assert ages.tolist() == ["<30", "30-39", "40-49", "50+", "unknown"]


def test_restrict_to_agency() -> None:
    ds = coverage.restrict_to_agency(_hand_built(), "DISDIK")
    assert set(ds.employees["employee_id"]) == {"E3", "E4", "E5"}
    assert set(ds.enrollments["employee_id"]) == {"E3", "E4"}
    assert coverage.restrict_to_agency(_hand_built(), "all").employees.shape[0] == 6
    with pytest.raises(ValueError, match="unknown agency"):
        coverage.restrict_to_agency(_hand_built(), "NOPE")


def test_trend_is_tidy_and_matches_single_quarter_calls() -> None:
    ds = _hand_built()
    tr = coverage.trend(ds, PERIOD, quarters=3)
    assert list(tr.columns) == ["period", "metric", "estimate", "ci_low", "ci_high", "n"]
    assert tr["period"].unique().tolist() == ["2026Q1", "2026Q2", "2026Q3"]
    q3 = tr.loc[tr["period"].eq(PERIOD)].set_index("metric")
    assert q3.loc["participation_rate", "estimate"] == pytest.approx(0.5)
    assert q3.loc["completion_rate", "n"] == 4
    assert q3.loc["share_meeting_20jp", "estimate"] == pytest.approx(0.25)
    assert q3.loc["share_not_reached", "estimate"] == pytest.approx(0.25)


def test_trend_by_group_rows_are_the_single_quarter_rates() -> None:
    ds = _hand_built()
    tr = coverage.trend(ds, PERIOD, quarters=3, by="agency_id")
    order = [*coverage.HEADLINE_RATES, "jp_mean"]
    for q in ("2026Q1", "2026Q2", PERIOD):
        rows = tr.loc[tr["period"].eq(q)]
        assert list(dict.fromkeys(rows["metric"])) == order  # quarter by quarter, rate by rate
        comp = coverage.jp_compliance(ds, q, by="agency_id")
        part = coverage.participation(ds, q, by="agency_id")
        gone = coverage.not_reached(ds, q, by="agency_id").sort_values("agency_id")
        for metric, frame, n_col in (("share_meeting_20jp", comp, "active_staff"),
                                     ("jp_mean", comp, "active_staff"),
                                     ("dropout_rate", part, "enrollments"),
                                     ("share_not_reached", gone, "active_staff")):
            got = rows.loc[rows["metric"].eq(metric)]
            assert got["agency_id"].tolist() == frame["agency_id"].tolist()
            np.testing.assert_array_equal(got["estimate"].to_numpy(), frame[metric].to_numpy(dtype=float))
            np.testing.assert_array_equal(got["n"].to_numpy(), frame[n_col].to_numpy(dtype=int))


def test_quarter_people_flags_by_hand() -> None:
    ds = _hand_built()
    people = coverage.rates.quarter_people(ds, PERIOD).set_index("employee_id")
    assert people.index.tolist() == ["E1", "E2", "E3", "E6"]  # active at the end of Q3
    assert people["jp"].tolist() == [30.0, 12.0, 0.0, 16.0]  # credited JP of 2026 so far
    assert people["took_part"].tolist() == [False, True, True, False]  # attended in Q3 (E3 dropped)
    # no credited JP in 2025Q4..2026Q3: only E3 (completed in 2025Q3)
    assert people["missed"].tolist() == [False, False, True, False]
    again = coverage.rates.quarter_people(ds, PERIOD)
    again["jp"] = -1.0  # a caller's copy: the kept frame does not change
    assert coverage.rates.quarter_people(ds, PERIOD)["jp"].tolist() == [30.0, 12.0, 0.0, 16.0]
    # a five-quarter window reaches back to E3's 2025Q3 course
    assert coverage.not_reached(ds, PERIOD, by=[], quarters=5)["not_reached"].tolist() == [0]


def test_group_frame_equals_pandas_named_aggregation() -> None:
    rng = np.random.default_rng(7)
    frame = pd.DataFrame({
        "g": pd.array(rng.choice(["a", "b", None], 200), dtype="string"),
        "h": rng.choice(["x", "y"], 200),
        "id": pd.array([f"E{i}" for i in range(200)], dtype="string"),
        "flag": rng.random(200) < 0.3,
        "value": rng.random(200) * 10,
    })
    agg = {"people": ("id", "size"), "n_flag": ("flag", "sum"), "total": ("value", "sum")}
    for by in (["g"], ["g", "h"]):
        for data in (frame, frame.iloc[:0]):
            expected = data.groupby(by, dropna=False, observed=True).agg(**agg).reset_index()
            pd.testing.assert_frame_equal(coverage.rates.group_frame(data, by, agg), expected, check_exact=True)


def test_grouped_enrollment_outcomes_need_every_employee() -> None:
    from analysis.data.definitions import enrollment_facts

    ds = _hand_built()
    people = coverage.rates.quarter_people(ds, PERIOD)
    with pytest.raises(ValueError, match="every employee"):
        coverage.rates.participation_frame(people, enrollment_facts(ds), PERIOD, ["agency_id"], None)


def test_participation_panel_reads_the_quarter_flags() -> None:
    from analysis.data.definitions import enrollment_facts

    ds = _hand_built()
    panel = coverage.participation_panel(ds, PERIOD, quarters=2)
    # the same panel from facts passed in (the hypotheses' path) and from the dataset's cache
    pd.testing.assert_frame_equal(
        coverage.participation_panel(ds, PERIOD, quarters=2, facts=enrollment_facts(ds)), panel, check_exact=True)
    q3 = panel.loc[panel["period"].eq(PERIOD)].set_index("employee_id")
    assert q3["participated"].tolist() == [0.0, 1.0, 1.0, 0.0]  # E1, E2, E3, E6
    # E2 heads DINKES and attended nothing ending in Q2; PKM1 and DISDIK have no head
    assert q3.loc["E2", "head_participated_prev_quarter"] == 0.0
    assert q3["head_participated_prev_quarter"].isna().sum() == 3


def test_inputs_are_not_mutated() -> None:
    ds = _hand_built()
    before = {name: frame.copy() for name, frame in ds.tables.items()}
    coverage.jp_compliance(ds, PERIOD)
    coverage.participation(ds, PERIOD, by="grade_group")
    coverage.equity(ds, PERIOD)
    for name, frame in ds.tables.items():
        pd.testing.assert_frame_equal(frame, before[name])


def test_bad_arguments_raise_clear_errors() -> None:
    ds = _hand_built()
    with pytest.raises(KeyError, match="cannot group by"):
        coverage.jp_compliance(ds, PERIOD, by="shoe_size")
    with pytest.raises(ValueError, match="YYYYQn"):
        coverage.participation(ds, "Q3-2026")


def test_year_on_year_newcombe_interval() -> None:
    tr = pd.DataFrame({
        "period": ["2025Q3", "2026Q3"],
        "metric": ["participation_rate"] * 2,
        "estimate": [40 / 100, 60 / 100],
        "ci_low": [_wilson(40, 100)[0], _wilson(60, 100)[0]],
        "ci_high": [_wilson(40, 100)[1], _wilson(60, 100)[1]],
        "n": [100, 100],
    })
    row = coverage.year_on_year(tr).iloc[0]
    assert row["change"] == pytest.approx(0.2)
    # Newcombe (1998) method 10, as statsmodels computes it
    low, high = confint_proportions_2indep(60, 100, 40, 100, method="newcomb", compare="diff")
    assert row["change_ci_low"] == pytest.approx(low)
    assert row["change_ci_high"] == pytest.approx(high)
    assert row["clear"]
