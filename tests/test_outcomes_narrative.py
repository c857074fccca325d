"""Training-outcomes narrative and report tables: the wording rules on hand-made frames.

A difference is called a difference only when its 95% CI excludes zero; groups
under ``MIN_N`` are "data belum cukup" / "not enough data".
"""

from __future__ import annotations

import factories
import numpy as np
import pandas as pd
import pytest

from analysis import outcomes
from analysis.data.dataset import Dataset
from analysis.text import fmt, phrases

PERIOD = "2026Q3"
N = outcomes.MIN_N


def _sat(n: int = 200) -> pd.DataFrame:
    return pd.DataFrame([{"n": n, "mean": 3.9, "ci_low": 3.8, "ci_high": 4.0, "share_satisfied": 0.45,
                          "share_satisfied_ci_low": 0.40, "share_satisfied_ci_high": 0.50}])


def _cmp(low: float, high: float, enough: bool = True) -> pd.DataFrame:
    return pd.DataFrame([{"group": "e_learning", "estimate": (low + high) / 2, "ci_low": low, "ci_high": high,
                          "enough_data": enough}])


def test_satisfaction_names_a_format_only_when_its_ci_excludes_zero() -> None:
    clear = outcomes.satisfaction_sentences(_sat(), _cmp(-0.3, -0.1), "en")
    assert "clearly differs for: e-learning −0.20 points" in clear
    crossing = outcomes.satisfaction_sentences(_sat(), _cmp(-0.3, 0.1), "en")
    assert "No format differs clearly from classroom training" in crossing
    small_group = outcomes.satisfaction_sentences(_sat(), _cmp(-0.3, -0.1, enough=False), "id")
    assert "Tidak ada bentuk pelatihan yang kepuasannya jelas berbeda" in small_group
    assert "3,90 (IK 95% 3,80 s.d. 4,00)" in small_group


def test_satisfaction_under_min_n_is_not_enough_data() -> None:
    text = outcomes.satisfaction_sentences(_sat(n=N - 1), _cmp(-0.3, -0.1), "id")
    assert "Data belum cukup untuk membandingkan bentuk pelatihan." in text
    assert "jelas berbeda" not in text


def test_learning_sentences_and_minimum_n() -> None:
    row = {"n": 120, "estimate": 2.1, "ci_low": 1.3, "ci_high": 2.9, "share_improved": 0.7,
           "share_improved_ci_low": 0.6, "share_improved_ci_high": 0.8, "normalised_gain": 0.25}
    text = outcomes.learning_sentences(pd.DataFrame([row]), "id")
    assert "**+2,1 poin (IK 95% +1,3 s.d. +2,9)**" in text
    assert "belum cukup" not in text
    small = outcomes.learning_sentences(pd.DataFrame([{**row, "n": N - 1}]), "en")
    assert small.endswith("Not enough data to compare formats and providers.")


def _adj(rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["factor", "level", "estimate", "ci_low", "ci_high", "n_level"])


def test_adjusted_sentences_sort_levels_by_their_ci() -> None:
    adj = _adj([
        ("modality", "coaching", 3.0, 1.0, 5.0, 100),  # higher
        ("modality", "seminar", -2.0, -3.0, -1.0, 100),  # lower
        ("modality", "e_learning", 0.5, -0.5, 1.5, 100),  # CI crosses zero
        ("modality", "mentoring", 4.0, 2.0, 6.0, N - 1),  # clear but too few
        ("provider_type", "university", 1.0, -0.2, 2.2, 100),
    ])
    text = outcomes.adjusted_sentences(adj, "en")
    lines = text.splitlines()
    assert lines[1].startswith("- Formats with **higher** gains than classroom: coaching +3.0 points")
    assert lines[2].startswith("- Formats with **lower** gains than classroom: seminar")
    assert lines[3] == "- Not clearly different from classroom (or not enough data): e-learning, mentoring."
    assert lines[4] == "- Not clearly different from in-house (or not enough data): university."
    assert "not proof of cause" in text
    assert outcomes.adjusted_sentences(adj.iloc[0:0], "en") == ""


def _funnel(signals: list[str]) -> pd.DataFrame:
    k = len(signals)
    return pd.DataFrame({"title": [f"P{i}" for i in range(k)], "modality": ["classroom"] * k,
                         "provider_type": ["internal"] * k, "n": [40] * k, "mean_gain": np.arange(k, dtype=float),
                         "target": [10.0] * k, "sigma": [5.0] * k, "signal": signals})


def test_funnel_sentences() -> None:
    raw = _funnel(["above_998", "within", "within"])
    none_left = outcomes.funnel_sentences(raw, _funnel(["within"] * 3), "en")
    assert "On raw gains, 1 programmes lie outside the 99.8% limits; after accounting" in none_left
    assert "0 remain. The differences between programmes are explained" in none_left
    one = outcomes.funnel_sentences(raw, _funnel(["within", "below_998", "within"]), "id")
    assert "Lebih buruk dari program sejenis: P1 (klasikal, internal, n = 40)." in one
    assert outcomes.funnel_sentences(raw.head(2), raw.head(2), "en").startswith("Not enough data for a funnel plot")
    no_adjusted = outcomes.funnel_sentences(raw, raw.head(2), "en")
    assert "99.8% limits. Adjusted comparison: not enough data" in no_adjusted
    assert "data belum cukup" in outcomes.funnel_sentences(raw, raw.head(0), "id")
    assert len(outcomes.funnel_table(raw, raw.head(2))) == 5


def _bvg(low: float, high: float, n: int = 100) -> pd.DataFrame:
    return pd.DataFrame([{"n": n, "correlation": 0.2, "correlation_ci_low": 0.1, "correlation_ci_high": 0.3,
                          "slope_per_10": (low + high) / 2, "slope_ci_low": low, "slope_ci_high": high}])


def test_behaviour_link_named_only_when_the_slope_ci_excludes_zero() -> None:
    beh = pd.DataFrame([{"n": 100, "mean": 3.5, "ci_low": 3.4, "ci_high": 3.6}])
    assert "were also rated higher" in outcomes.behaviour_sentences(beh, _bvg(0.1, 0.3), "en")
    assert "were rated lower" in outcomes.behaviour_sentences(beh, _bvg(-0.3, -0.1), "en")
    assert "were not clearly rated differently" in outcomes.behaviour_sentences(beh, _bvg(-0.1, 0.3), "en")
    assert "correlation" not in outcomes.behaviour_sentences(beh, _bvg(0.1, 0.3, n=N - 1), "en")
    few = pd.DataFrame([{"n": N - 1, "mean": 3.5, "ci_low": 3.4, "ci_high": 3.6}])
    assert outcomes.behaviour_sentences(few, _bvg(0.1, 0.3), "id") == "Penilaian atasan (level 3): data belum cukup."


def test_relevance_sentences_name_units_clearly_below() -> None:
    overall = pd.DataFrame([{"jp_total": 1000.0, "share_jp_target_sector": 0.5, "share_jp_general": 0.3,
                             "share_jp_other_sector": 0.2, "enrollments_assessed": 100, "share_jp_assessed": 0.8,
                             "share_jp_to_gap": 0.6, "share_jp_to_gap_ci_low": 0.55, "share_jp_to_gap_ci_high": 0.65}])
    units = pd.DataFrame({"name": ["Low", "Overlap", "Tiny"], "enrollments_assessed": [50, 50, N - 1],
                          "share_jp_to_gap": [0.3, 0.5, 0.1], "share_jp_to_gap_ci_low": [0.2, 0.3, 0.0],
                          "share_jp_to_gap_ci_high": [0.4, 0.7, 0.2]})
    text = outcomes.relevance_sentences(overall, units, "en")
    assert text.endswith("Clearly below the overall share: Low (30.0%).")
    assert "**60.0% (95% CI 55.0% to 65.0%)**" in text
    few = outcomes.relevance_sentences(overall.assign(enrollments_assessed=N - 1), units.iloc[0:0], "id")
    assert few.endswith("Pelatihan sesuai kesenjangan: data asesmen belum cukup.")


def _part(ci_low_best: float) -> pd.DataFrame:
    return pd.DataFrame({
        "provider_type": ["university", "internal", "private"], "enough_data": [True, True, False],
        "gain_per_million_idr": [4.0, 2.0, 9.0], "gain_per_million_idr_ci_low": [ci_low_best, 1.5, 1.0],
        "gain_per_million_idr_ci_high": [5.0, 2.5, 20.0], "mean_gain": [12.0, 10.0, 3.0],
        "completion_rate": [0.8, 0.9, 0.5], "satisfaction": [3.9, 3.8, 3.0], "gain_per_jp": [0.5, 0.4, 0.1],
        "cost_per_jp": [200_000.0, 100_000.0, 50_000.0]})


def test_partnership_best_is_clear_from_the_ci_of_the_difference() -> None:
    assert "— clearly above every other type." in outcomes.partnership_sentences(_part(3.0), "en")
    # 4.0 (2.2-5.0) vs 2.0 (1.5-2.5): overlapping intervals, but the difference's MOVER CI
    # 2 - sqrt(1.8^2 + 0.5^2) = 0.13 > 0: clear
    assert "— clearly above every other type." in outcomes.partnership_sentences(_part(2.2), "en")
    overlap = outcomes.partnership_sentences(_part(0.5), "en")
    assert "— but not clearly above every other type." in overlap
    assert overlap.endswith("Not enough data: private.")
    assert "- University: completion 80.0%" in overlap
    assert outcomes.partnership_sentences(_part(3.0).assign(enough_data=False), "id").startswith("Data belum cukup: ")


def _pp(diff_low: float, diff_high: float) -> pd.DataFrame:
    base = {"provider_type": "university", "provider": "Universitas Lokal", "modality": "workshop", "jp": 20.0,
            "enrollments": 12, "completion_rate": 0.75, "n_gain": 10, "mean_gain": 15.0, "mean_gain_ci_low": 10.0,
            "mean_gain_ci_high": 20.0, "cost_per_jp": 200_000.0}
    return pd.DataFrame([
        {**base, "group": "partner", "program_id": "P3", "title": "School-based management", "difference": np.nan,
         "difference_ci_low": np.nan, "difference_ci_high": np.nan},
        {**base, "group": "partner", "program_id": "ALL", "title": "", "difference": (diff_low + diff_high) / 2,
         "difference_ci_low": diff_low, "difference_ci_high": diff_high},
    ])


def test_partner_programme_verdict_follows_the_ci() -> None:
    higher = outcomes.partner_programme_sentences(_pp(1.0, 3.0), "education", "en")
    assert higher.startswith("**University partnership programmes for the education sector** (e.g. school-based")
    assert "the education office's school-based management programme." in higher
    assert "gain is **higher**" in higher
    assert "gain is **not clearly different**" in outcomes.partner_programme_sentences(_pp(-1.0, 3.0), "education", "en")
    assert "**lebih rendah**" in outcomes.partner_programme_sentences(_pp(-3.0, -1.0), "health", "id")
    none = outcomes.partner_programme_sentences(_pp(1, 3).iloc[0:0], "health", "id")
    assert none == "Tidak ada program perguruan tinggi untuk sektor kesehatan dengan minimal 5 pendaftaran pada periode ini."


def _ce(cheap_high: float) -> pd.DataFrame:
    return pd.DataFrame({"modality": ["e_learning", "classroom", "seminar"], "enough_data": [True, True, True],
                         "cost_per_gain_point": [10_000.0, 50_000.0, np.nan],
                         "cost_per_gain_point_ci_low": [8_000.0, 40_000.0, np.nan],
                         "cost_per_gain_point_ci_high": [cheap_high, 60_000.0, np.nan], "n_gain": [50, 60, 0]})


def test_cost_sentences_clear_gap_from_the_ci_of_the_difference() -> None:
    overall = pd.DataFrame([{"cost_per_jp": 100_000.0, "cost_per_jp_ci_low": 90_000.0, "cost_per_jp_ci_high": 110_000.0,
                             "cost_per_gain_point": 20_000.0, "cost_per_gain_point_ci_low": np.nan,
                             "cost_per_gain_point_ci_high": np.nan}])
    clear = outcomes.cost_sentences(overall, _ce(12_000.0), "en")
    assert "e-learning was cheapest" in clear and "— a clear difference" in clear
    assert clear.endswith("No pre/post scores (no cost per point): seminar.")
    # 10,000 (8,000-45,000) vs 50,000 (40,000-60,000): overlapping, but the difference's
    # MOVER upper bound -40,000 + sqrt(35,000^2 + 10,000^2) < 0: clear
    assert "— a clear difference" in outcomes.cost_sentences(overall, _ce(45_000.0), "en")
    assert "— but the difference is not clear." in outcomes.cost_sentences(overall, _ce(60_000.0), "en")
    assert outcomes.cost_sentences(overall.iloc[0:0], _ce(1.0), "id") == "Data belum cukup untuk efektivitas biaya."


def test_trend_sentences_up_down_unclear_and_small() -> None:
    yoy = pd.DataFrame([
        {"metric": "mean_gain", "estimate": 12.0, "previous": 10.0, "previous_period": "2025Q3", "change": 2.0,
         "change_ci_low": 1.0, "change_ci_high": 3.0, "n": 100, "n_previous": 100, "clear": True},
        {"metric": "share_improved", "estimate": 0.7, "previous": 0.68, "previous_period": "2025Q3", "change": 0.02,
         "change_ci_low": -0.01, "change_ci_high": 0.05, "n": 100, "n_previous": 100, "clear": False},
        {"metric": "behaviour", "estimate": 3.0, "previous": 3.5, "previous_period": "2025Q3", "change": -0.5,
         "change_ci_low": -0.7, "change_ci_high": -0.3, "n": N - 1, "n_previous": 100, "clear": True},
        {"metric": "normalised_gain", "estimate": 0.3, "previous": 0.2, "previous_period": "2025Q3", "change": 0.1,
         "change_ci_low": 0.05, "change_ci_high": 0.15, "n": 100, "n_previous": 100, "clear": True},
    ])
    lines = outcomes.trend_sentences(yoy, PERIOD, "en").splitlines()
    assert lines[0] == "**Compared with the same quarter a year earlier** (Q3 2026):"
    assert "— **up**, +2.00 (95% CI +1.00 to +3.00)." in lines[1]
    assert "— **no clear change**, +2.00 percentage points" in lines[2]
    assert lines[3] == "- On-the-job use (1-5): not enough data."
    assert len(lines) == 4  # normalised gain is not a reader-facing metric
    assert outcomes.trend_sentences(yoy.iloc[0:0], PERIOD, "id").startswith("Data belum mencakup")


def test_scope_and_window_label() -> None:
    assert outcomes.window_label(PERIOD, 4, "id") == "Triwulan IV 2025 s.d. Triwulan III 2026"
    assert outcomes.window_label("2026Q3", 1, "en") == "Q3 2026 to Q3 2026"
    text = outcomes.scope_statement("Dinas X", PERIOD, 4, "en")
    assert text.startswith("**Scope:** Dinas X; activities ending Q4 2025 to Q3 2026")
    assert f"fewer than {N} participants" in text
    with pytest.raises(ValueError, match="lang"):
        outcomes.scope_statement("x", PERIOD, 4, "fr")


def test_stack_by_keeps_rows_and_names_the_factor() -> None:
    a = pd.DataFrame({"modality": ["classroom", "seminar"], "n": [1, 2]})
    b = pd.DataFrame({"provider_type": ["internal"], "n": [3]})
    out = outcomes.stack_by({"modality": a, "provider_type": b})
    assert out.columns.tolist() == ["group", "n", "by"]
    assert out["group"].tolist() == ["classroom", "seminar", "internal"]
    assert out["by"].tolist() == ["modality", "modality", "provider_type"]
    assert a.columns.tolist() == ["modality", "n"]  # input untouched
    with pytest.raises(ValueError, match="no column"):
        outcomes.stack_by({"modality": b})


def _tiny() -> Dataset:
    units = factories.units(unit_id=["DINKES", "DISDIK"], unit_name=["Dinas Kesehatan", "Dinas Pendidikan"],
                            agency_id=["DINKES", "DISDIK"], sector=["health", "education"])
    employees = factories.employees(["E1", "E2"], unit_id=["DINKES", "DISDIK"], employment_type=["pns", "pppk"],
                                    position_type=["staff", "functional"], gender=["F", "M"],
                                    birth_year=[1980, 1990], education=["s1", "d3"], hire_date="2010-01-01")
    programs = factories.programs(program_id=["P1", "P2"], title=["Health services", "Leadership"],
                                  modality=["classroom", "e_learning"], domain=["technical", "managerial"],
                                  provider_type=["internal", "university"], provider=["BKPSDM", "Univ"],
                                  jp=[10.0, 5.0], cost_per_participant=[1_000_000.0, 100_000.0],
                                  target_sector=["health", None])
    enr = factories.enrollments([
        ("N1", "E1", "P1", "2026-08-01", "completed", 50.0, 70.0, 5.0, None),
        ("N2", "E2", "P1", "2026-08-01", "completed", 60.0, 60.0, 3.0, None),
        ("N3", "E2", "P2", "2026-08-01", "dropped", None, None, 4.0, None),
    ], columns=["enrollment_id", "employee_id", "program_id", "end_date", "status", "pre_score", "post_score",
                "satisfaction", "behavior_score"])
    enr["start_date"] = enr["end_date"]
    return factories.dataset(units=units, employees=employees, programs=programs, enrollments=enr)


def test_programme_outcomes_joins_gain_and_satisfaction() -> None:
    out = outcomes.programme_outcomes(_tiny(), PERIOD).set_index("program_id")
    assert out.columns[:3].tolist() == ["title", "modality", "provider_type"]
    assert out.loc["P1", "estimate"] == pytest.approx(10.0)  # gains 20 and 0
    assert out.loc["P1", "satisfaction"] == pytest.approx(4.0)
    assert out.loc["P2", "n_satisfaction"] == 1  # a dropout who attended still rates the programme
    assert out.loc["P2", "title"] == "Leadership"


def test_relevance_by_unit_and_own_sector() -> None:
    ds = _tiny()
    names = ds.units.set_index("unit_id")["unit_name"]
    rel = outcomes.relevance_by_unit(ds, PERIOD, "unit_id", names)
    assert rel.columns[:2].tolist() == ["unit_id", "name"]
    assert dict(zip(rel["unit_id"], rel["name"], strict=True))["DINKES"] == "Dinas Kesehatan"
    assert outcomes.own_sector(ds, "DINKES") == "health"
    assert outcomes.own_sector(ds, "all") == "education"
    assert outcomes.own_sector(ds, "NOPE") == "education"


def test_adjusted_effects_or_reason_explains_a_failed_model() -> None:
    adj, reason = outcomes.adjusted_effects_or_reason(_tiny(), PERIOD, lang="en")
    assert adj.empty and adj.columns.tolist() == list(outcomes.ADJUSTED_COLUMNS)
    assert reason.startswith("The adjusted model could not be estimated: ")


def test_points_with_unit_and_interval() -> None:
    signed = lambda x: fmt.points(x, "id")  # noqa: E731
    assert phrases.with_unit_and_interval(2.1, 1.3, 2.9, "poin", "id", signed) == "+2,1 poin (IK 95% +1,3 s.d. +2,9)"
    assert phrases.with_unit_and_interval(2.1, np.nan, 2.9, "points", "en") == "2.1 points"
    assert phrases.with_unit_and_interval(np.nan, 1.0, 2.0, "points", "en", missing="no data") == "no data"
