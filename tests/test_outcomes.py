"""Training outcomes: hand-made cases and a small simulation with planted format effects."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats as sps

from analysis import outcomes
from analysis.data.dataset import Dataset

PERIOD = "2026Q3"


def _units() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "unit_id": ["DINKES", "DISDIK"],
            "unit_name": ["Dinas Kesehatan", "Dinas Pendidikan"],
            "agency_id": ["DINKES", "DISDIK"],
            "sector": ["health", "education"],
        }
    )


def _employees(n: int = 3, units: list[str] | None = None) -> pd.DataFrame:
    units = units or ["DINKES", "DINKES", "DISDIK"]
    return pd.DataFrame(
        {
            "employee_id": [f"E{i + 1}" for i in range(n)],
            "unit_id": (units * n)[:n],
            "employment_type": (["pns", "pppk"] * n)[:n],
            "position_type": (["staff", "functional", "administrator"] * n)[:n],
            "is_unit_head": [False] * n,
            "gender": (["F", "M"] * n)[:n],
            "birth_year": ([1980, 1990, 1970] * n)[:n],
            "education": (["s1", "d3", "s2"] * n)[:n],
            "hire_date": ["2010-01-01"] * n,
        }
    )


def _programs() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "program_id": ["P1", "P2", "P3"],
            "title": ["Health services", "Leadership", "School-based management"],
            "modality": ["classroom", "e_learning", "workshop"],
            "domain": ["technical", "managerial", "managerial"],
            "provider_type": ["internal", "government_institute", "university"],
            "provider": ["BKPSDM", "BPSDM Sumut", "Universitas Lokal"],
            "jp": [10.0, 5.0, 20.0],
            "cost_per_participant": [1_000_000.0, 100_000.0, 4_000_000.0],
            "target_sector": ["health", None, "education"],
        }
    )


def _enr(rows: list[tuple]) -> pd.DataFrame:
    cols = ["enrollment_id", "employee_id", "program_id", "end_date", "status", "pre_score", "post_score",
            "satisfaction", "behavior_score"]
    frame = pd.DataFrame(rows, columns=cols)
    frame["start_date"] = frame["end_date"]
    return frame


# --- hand-made cases ------------------------------------------------------------------------


def test_satisfaction_counts_attended_with_a_score() -> None:
    ds = Dataset.from_frames(
        units=_units(), employees=_employees(), programs=_programs(),
        enrollments=_enr([
            ("N1", "E1", "P1", "2026-08-01", "completed", None, None, 5.0, None),
            ("N2", "E2", "P1", "2026-08-01", "dropped", None, None, 3.0, None),
            ("N3", "E3", "P1", "2026-08-01", "no_show", None, None, 1.0, None),  # did not attend
            ("N4", "E3", "P1", "2024-08-01", "completed", None, None, 1.0, None),  # outside window
        ]),
    )
    out = outcomes.satisfaction(ds, PERIOD, by="modality").set_index("modality")
    row = out.loc["classroom"]
    assert row["n"] == 2
    assert row["mean"] == pytest.approx(4.0)
    half = sps.t.ppf(0.975, 1) * np.std([5.0, 3.0], ddof=1) / np.sqrt(2)
    assert row["ci_low"] == pytest.approx(4.0 - half)
    assert row["share_satisfied"] == pytest.approx(0.5)
    assert not row["enough_data"]


def test_learning_change_by_hand() -> None:
    ds = Dataset.from_frames(
        units=_units(), employees=_employees(), programs=_programs(),
        enrollments=_enr([
            ("N1", "E1", "P1", "2026-08-01", "completed", 50.0, 70.0, None, None),
            ("N2", "E2", "P1", "2026-08-01", "completed", 60.0, 60.0, None, None),
            ("N3", "E3", "P1", "2026-08-01", "completed", 80.0, 90.0, None, None),
            ("N4", "E3", "P1", "2026-08-01", "dropped", 10.0, 90.0, None, None),  # no gain: dropped
        ]),
    )
    row = outcomes.learning_change(ds, PERIOD, by=None).iloc[0]
    assert row["n"] == 3
    assert row["estimate"] == pytest.approx(10.0)  # gains 20, 0, 10
    assert row["normalised_gain"] == pytest.approx(np.mean([20 / 50, 0 / 40, 10 / 20]))
    assert row["share_improved"] == pytest.approx(2 / 3)
    t = sps.ttest_rel([70, 60, 90], [50, 60, 80])
    assert row["p_value"] == pytest.approx(t.pvalue)


def test_relevance_sector_and_training_to_the_gap_by_hand() -> None:
    employees = _employees()
    ds = Dataset.from_frames(
        units=_units(), employees=employees, programs=_programs(),
        enrollments=_enr([
            # E1 (health): P1 targets health, 10 JP, technical domain
            ("N1", "E1", "P1", "2026-08-01", "completed", None, None, None, None),
            # E1: P2 no target sector, 5 JP, managerial
            ("N2", "E1", "P2", "2026-08-01", "completed", None, None, None, None),
            # E3 (education): P1 aimed at health, 10 JP, technical: another sector
            ("N3", "E3", "P1", "2026-08-01", "completed", None, None, None, None),
        ]),
        assessments=pd.DataFrame({
            "employee_id": ["E1", "E1", "E1", "E3"],
            "assessed_on": ["2025-01-01", "2026-03-01", "2026-10-15", "2026-01-01"],
            "domain": ["technical", "technical", "managerial", "technical"],
            "score": [2, 4, 1, 3],
            "required_level": [4, 4, 3, 4],
        }),
    )
    out = outcomes.relevance(ds, PERIOD, by=None).iloc[0]
    assert out["jp_total"] == 25.0
    assert out["share_jp_target_sector"] == pytest.approx(10 / 25)
    assert out["share_jp_general"] == pytest.approx(5 / 25)
    assert out["share_jp_other_sector"] == pytest.approx(10 / 25)
    # N1: E1's latest technical assessment by 30 Sep 2026 is 2026-03-01 (4 of 4: no gap);
    # N2: E1's managerial assessment comes after the quarter end: not assessed;
    # N3: E3's technical assessment shows a gap (3 < 4).
    assert out["jp_assessed"] == 20.0
    assert out["share_jp_to_gap"] == pytest.approx(10 / 20)
    by_agency = outcomes.relevance(ds, PERIOD).set_index("agency_id")
    assert by_agency.loc["DISDIK", "share_jp_to_gap"] == pytest.approx(1.0)
    assert by_agency.loc["DINKES", "share_jp_to_gap"] == pytest.approx(0.0)


def test_cost_effectiveness_ratios_by_hand() -> None:
    ds = Dataset.from_frames(
        units=_units(), employees=_employees(), programs=_programs(),
        enrollments=_enr([
            ("N1", "E1", "P1", "2026-08-01", "completed", 50.0, 70.0, None, None),  # 1m, 10 JP, +20
            ("N2", "E2", "P1", "2026-08-01", "completed", 60.0, 70.0, None, None),  # 1m, 10 JP, +10
            ("N3", "E3", "P1", "2026-08-01", "dropped", None, None, None, None),  # 1m, 0 JP
            ("N4", "E3", "P1", "2026-08-01", "registered", None, None, None, None),  # pending
        ]),
    )
    row = outcomes.cost_effectiveness(ds, PERIOD, by="modality").set_index("modality").loc["classroom"]
    assert row["enrollments"] == 3
    assert row["cost_per_jp"] == pytest.approx(3_000_000 / 20)
    assert row["cost_per_gain_point"] == pytest.approx(2_000_000 / 30)
    assert row["method"] == "delta"


def test_funnel_limits_and_signals() -> None:
    lim = outcomes.funnel_limits(10.0, 6.0, [4, 36])
    assert lim["upper_95"].tolist() == pytest.approx([10 + 1.959964 * 3, 10 + 1.959964 * 1], rel=1e-6)
    assert lim["lower_998"].iloc[1] == pytest.approx(10 - 3.090232 * 1, rel=1e-6)


def test_partner_programmes_names_the_university_programme() -> None:
    ds = Dataset.from_frames(
        units=_units(), employees=_employees(), programs=_programs(),
        enrollments=_enr([
            ("N1", "E3", "P3", "2026-08-01", "completed", 50.0, 70.0, 4.0, None),
            ("N2", "E3", "P1", "2026-08-01", "completed", 50.0, 55.0, 4.0, None),
        ]),
    )
    out = outcomes.partner_programmes(ds, PERIOD)
    partner = out.loc[out["group"].eq("partner") & out["program_id"].ne("ALL")]
    assert partner["title"].tolist() == ["School-based management"]
    assert partner["provider"].tolist() == ["Universitas Lokal"]


# --- a simulation with planted format and provider effects ----------------------------------

MODALITY_EFFECT = {"classroom": 0.0, "e_learning": -4.0, "workshop": 3.0}
PROVIDER_EFFECT = {"internal": 0.0, "university": 3.5, "private": -2.5}


def _simulated(seed: int = 7, n_people: int = 900, bump: dict[str, float] | None = None) -> Dataset:
    rng = np.random.default_rng(seed)
    units = _units()
    employees = _employees(n_people, units=["DINKES", "DISDIK"])
    for col, choices in (("gender", ["F", "M"]), ("position_type", ["staff", "functional", "administrator"]),
                         ("education", ["s1", "d3", "s2", "sma"]), ("employment_type", ["pns", "pppk"])):
        employees[col] = rng.choice(choices, n_people)
    employees["birth_year"] = rng.integers(1966, 2000, n_people)
    programs = []
    k = 0
    for modality in MODALITY_EFFECT:
        for provider in PROVIDER_EFFECT:
            for _ in range(3):
                k += 1
                programs.append((f"P{k}", f"Programme {k}", modality, "technical", provider, 10.0,
                                 float(rng.integers(2, 20)) * 100_000))
    programs = pd.DataFrame(programs, columns=["program_id", "title", "modality", "domain", "provider_type",
                                               "jp", "cost_per_participant"])
    pick = rng.integers(0, len(programs), n_people)
    prog = programs.iloc[pick].reset_index(drop=True)
    pre = np.clip(np.round(rng.normal(52, 11, n_people)), 10, 90)
    gain = (12 + prog["modality"].map(MODALITY_EFFECT).to_numpy() + prog["provider_type"].map(PROVIDER_EFFECT).to_numpy()
            - 0.3 * (pre - 50) + rng.normal(0, 6, n_people)
            + prog["program_id"].map(bump or {}).fillna(0.0).to_numpy())
    enrollments = pd.DataFrame({
        "enrollment_id": [f"N{i}" for i in range(n_people)],
        "employee_id": employees["employee_id"],
        "program_id": prog["program_id"],
        "start_date": "2026-07-01",
        "end_date": pd.to_datetime("2026-07-01") + pd.to_timedelta(rng.integers(0, 300, n_people), unit="D")
        - pd.Timedelta(days=200),
        "status": "completed",
        "pre_score": pre,
        "post_score": pre + gain,
        "satisfaction": np.clip(np.round(rng.normal(4, 0.7, n_people)), 1, 5),
        "behavior_score": np.clip(np.round(3 + gain / 20 + rng.normal(0, 0.6, n_people)), 1, 5),
    })
    enrollments["start_date"] = enrollments["end_date"]
    return Dataset.from_frames(units=units, employees=employees, programs=programs, enrollments=enrollments)


def test_adjusted_effects_recover_planted_effects() -> None:
    ds = _simulated()
    eff = outcomes.adjusted_effects(ds, PERIOD, window=4).set_index(["factor", "level"])
    for level, truth in MODALITY_EFFECT.items():
        if level == "classroom":
            continue
        row = eff.loc[("modality", level)]
        assert row["ci_low"] <= truth <= row["ci_high"], (level, row["estimate"])
    for level, truth in PROVIDER_EFFECT.items():
        if level == "internal":
            continue
        row = eff.loc[("provider_type", level)]
        assert row["ci_low"] <= truth <= row["ci_high"], (level, row["estimate"])
    slope = eff.loc[("pre_score", "per point")]
    assert slope["ci_low"] <= -0.3 <= slope["ci_high"]


def test_funnel_on_simulated_programmes() -> None:
    fun = outcomes.funnel(_simulated(), PERIOD)
    assert {"signal", "lower_998", "upper_998"} <= set(fun.columns)
    # the pooled target is the participant-weighted mean of programme means
    assert fun["target"].iloc[0] == pytest.approx((fun["mean_gain"] * fun["n"]).sum() / fun["n"].sum())
    # e_learning x private programmes (planted -6.5) fall below; workshop x university above
    assert (fun["upper_998"] > fun["upper_95"]).all()
    assert set(fun["signal"]) <= {"above_998", "above_95", "within", "below_95", "below_998"}


def test_adjusted_funnel_flags_only_the_planted_programme() -> None:
    ds = _simulated(n_people=1800, bump={"P14": 12.0})  # P14: e-learning run by a university
    raw = outcomes.funnel(ds, PERIOD).set_index("program_id")
    adj = outcomes.funnel(ds, PERIOD, adjusted=True).set_index("program_id")
    assert adj.loc["P14", "signal"] == "above_998"
    # format and provider explain the rest: raw gains flag many programmes, adjusted ones few
    outside = adj["signal"].isin(["above_998", "below_998"])
    assert outside.sum() == 1
    assert raw["signal"].isin(["above_998", "below_998"]).sum() > 3


def test_behaviour_relates_to_gain_in_the_simulation() -> None:
    out = outcomes.behaviour_vs_gain(_simulated(), PERIOD).iloc[0]
    assert out["correlation"] > 0.2
    assert out["slope_ci_low"] > 0  # planted +0.5 per 10 points before rounding


def test_trend_and_partnerships_shapes() -> None:
    ds = _simulated()
    tr = outcomes.trend(ds, PERIOD, quarters=4)
    assert tr["period"].nunique() == 4
    assert set(tr["metric"]) == {"mean_gain", "normalised_gain", "share_improved", "satisfaction", "behaviour"}
    part = outcomes.partnerships(ds, PERIOD).set_index("provider_type")
    assert part.loc["university", "mean_gain"] > part.loc["private", "mean_gain"]
    assert part["completion_rate"].eq(1.0).all()
    assert (part["gain_per_jp_ci_low"] <= part["gain_per_jp"]).all()


def test_cost_per_jp_has_one_definition_across_outcomes_and_budget() -> None:
    """Regression: outcomes counted only decided enrollments' cost, budget every enrollment's."""
    import pandas as pd

    from analysis import budget, outcomes
    from analysis.data.dataset import Dataset

    ds = Dataset.from_frames(
        units=pd.DataFrame({"unit_id": ["A"], "unit_name": ["Dinas A"], "agency_id": ["A"], "sector": ["health"]}),
        employees=pd.DataFrame({
            "employee_id": ["e1", "e2", "e3"], "unit_id": "A", "employment_type": "pns",
            "position_type": "staff", "is_unit_head": False, "gender": "F", "birth_year": 1980,
            "education": "s1", "hire_date": "2010-01-01",
        }),
        programs=pd.DataFrame({
            "program_id": ["p1"], "title": ["Pelatihan"], "modality": ["classroom"], "domain": ["technical"],
            "provider_type": ["internal"], "jp": [20.0], "cost_per_participant": [1_000_000.0],
        }),
        enrollments=pd.DataFrame({
            "enrollment_id": ["n1", "n2", "n3"], "employee_id": ["e1", "e2", "e3"], "program_id": "p1",
            "start_date": "2026-07-01", "end_date": "2026-08-01",
            "status": ["completed", "dropped", "registered"],
            "cost": [None, None, 500_000.0],  # a registered place already paid for
        }),
    )
    ce = outcomes.cost_effectiveness(ds, "2026Q3", by="modality").set_index("modality")
    bu = budget.cost_per_jp(ds, "2026Q3", by="modality").set_index("modality")
    # (1,000,000 + 1,000,000 + 500,000) / 20 credited JP
    assert ce.loc["classroom", "cost_per_jp"] == pytest.approx(125_000.0)
    assert ce.loc["classroom", "cost_per_jp"] == pytest.approx(bu.loc["classroom", "cost_per_jp"])


def test_per_rupiah_ratio_lower_bound() -> None:
    from analysis.outcomes import per_rupiah_ratio

    table = pd.DataFrame({
        "provider_type": ["internal", "university", "private"],
        "gain_per_million_idr": [2.0, 3.0, 2.4],
        "gain_per_million_idr_se": [0.1, 0.15, 0.6],
    })
    out = per_rupiah_ratio(table).set_index("provider_type")
    assert np.isnan(out.loc["internal", "per_rupiah_ratio"])
    assert out.loc["university", "per_rupiah_ratio"] == pytest.approx(1.5)
    se_log = np.sqrt((0.15 / 3) ** 2 + (0.1 / 2) ** 2)
    assert out.loc["university", "per_rupiah_ratio_ci_low"] == pytest.approx(1.5 * np.exp(-1.959964 * se_log))
    assert out.loc["university", "per_rupiah_ratio_ci_low"] > 1
    # a point ratio of 1.2 whose interval reaches below 1
    assert out.loc["private", "per_rupiah_ratio"] == pytest.approx(1.2)
    assert out.loc["private", "per_rupiah_ratio_ci_low"] < 1
