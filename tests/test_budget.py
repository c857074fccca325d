"""Budget analysis (question 4): hand-made cases for every definition, checked by eye.

The fixture: agency A (with unit A1), agency B and agency C (no allocation);
employees E1 (A1), E2 (A, left 2026-05-31), E3 (B), E4 (C); programmes P1
(classroom, 10 JP, Rp 1,000,000) and P2 (e-learning, 5 JP, Rp 100,000).
"""

from __future__ import annotations

import factories
import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

from analysis import budget
from analysis.data.dataset import Dataset


def _dataset(**overrides: pd.DataFrame) -> Dataset:
    units = factories.units(unit_id=["A", "A1", "B", "C"], unit_name=["Agency A", "Unit A1", "Agency B", "Agency C"],
                            agency_id=["A", "A", "B", "C"], sector=["health", "health", "education", "licensing"])
    employees = factories.employees(["E1", "E2", "E3", "E4"], unit_id=["A1", "A", "B", "C"], birth_year=1990,
                                    exit_date=[None, "2026-05-31", None, None])
    programs = factories.programs(
        program_id=["P1", "P2"], title=["Classroom course", "E-learning course"], modality=["classroom", "e_learning"],
        domain=["technical", "managerial"], provider_type=["internal", "government_institute"], jp=[10.0, 5.0],
        cost_per_participant=[1_000_000.0, 100_000.0])
    enrollments = factories.enrollments(
        [
            ("N1", "E1", "P1", "2026-03-01", "2026-03-15", "completed"),
            ("N2", "E2", "P1", "2026-04-01", "2026-04-20", "completed"),
            ("N3", "E1", "P1", "2026-05-01", "2026-05-10", "no_show"),
            ("N4", "E1", "P2", "2026-06-01", "2026-06-30", "registered"),
            ("N5", "E1", "P1", "2026-06-20", "2026-07-01", "completed"),
            ("N6", "E1", "P1", "2025-12-01", "2025-12-31", "completed"),
            ("N7", "E3", "P2", "2026-01-20", "2026-02-01", "dropped"),
            ("N8", "E4", "P2", "2026-03-25", "2026-04-01", "completed", 4.0),
        ],
        cost=[None, None, None, 50_000.0, None, None, None, 80_000.0],
    )
    bud = pd.DataFrame({"agency_id": ["A", "B", "A"], "year": [2026, 2026, 2025],
                        "allocated_idr": [4_000_000.0, 50_000.0, 999.0]})
    frames = {"units": units, "employees": employees, "programs": programs, "enrollments": enrollments,
              "budget": bud, **overrides}
    return factories.dataset(**frames)


@pytest.fixture(scope="module")
def ds() -> Dataset:
    return _dataset()


# --------------------------------------------------------------------------- spending


def test_spending_attribution_by_agency(ds: Dataset) -> None:
    out = budget.spending(ds, "2026Q2").set_index("agency_id")
    assert list(out.index) == ["A", "B", "C"]
    # A: N1 (Q1, 1,000,000) + N2 (leaver, Q2, 1,000,000) + N3 (no-show, 0) + N4 (registered, own cost 50,000);
    # N5 ends in Q3 and N6 in 2025: outside the year-to-date window.
    assert out.loc["A", "spending_ytd_idr"] == pytest.approx(2_050_000)
    assert out.loc["A", "spending_quarter_idr"] == pytest.approx(1_050_000)
    assert out.loc["A", "enrollments_ytd"] == 4
    assert out.loc["A", "credited_jp_ytd"] == pytest.approx(20)
    assert out.loc["A", "cost_per_jp_ytd"] == pytest.approx(102_500)
    assert out.loc["A", "allocated_idr"] == pytest.approx(4_000_000)  # not the 2025 row
    assert out.loc["A", "absorption"] == pytest.approx(2_050_000 / 4_000_000)
    # B: the drop-out is attended, so it costs the programme's price; no JP -> no cost per JP.
    assert out.loc["B", "spending_ytd_idr"] == pytest.approx(100_000)
    assert out.loc["B", "spending_quarter_idr"] == 0
    assert out.loc["B", "absorption"] == pytest.approx(2.0)
    assert np.isnan(out.loc["B", "cost_per_jp_ytd"])
    # C: no allocation -> absorption NaN with the flag; own cost 80,000 for 4 credited JP.
    assert bool(out.loc["C", "no_allocation"]) and np.isnan(out.loc["C", "absorption"])
    assert not out.loc[["A", "B"], "no_allocation"].any()
    assert out.loc["C", "cost_per_jp_ytd"] == pytest.approx(20_000)


def test_spending_windows_move_with_the_period(ds: Dataset) -> None:
    q1 = budget.spending(ds, "2026Q1").set_index("agency_id")
    assert q1.loc["A", "spending_ytd_idr"] == pytest.approx(1_000_000)  # N1 only
    assert q1.loc["C", "spending_ytd_idr"] == 0  # N8 ends 1 April (Q2)
    q3 = budget.spending(ds, "2026Q3").set_index("agency_id")
    assert q3.loc["A", "spending_ytd_idr"] == pytest.approx(3_050_000)
    assert q3.loc["A", "spending_quarter_idr"] == pytest.approx(1_000_000)
    q4_2025 = budget.spending(ds, "2025Q4").set_index("agency_id")
    assert q4_2025.loc["A", "spending_ytd_idr"] == pytest.approx(1_000_000)  # N6
    assert q4_2025.loc["A", "absorption"] == pytest.approx(1_000_000 / 999)
    assert bool(q4_2025.loc["B", "no_allocation"])


def test_spending_city_row(ds: Dataset) -> None:
    city = budget.spending(ds, "2026Q2", by=None)
    assert len(city) == 1 and "agency_id" not in city
    row = city.iloc[0]
    assert row["allocated_idr"] == pytest.approx(4_050_000)
    assert row["spending_ytd_idr"] == pytest.approx(2_230_000)
    assert row["absorption"] == pytest.approx(2_230_000 / 4_050_000)
    assert row["credited_jp_ytd"] == pytest.approx(24)


def test_spending_does_not_mutate_inputs(ds: Dataset) -> None:
    before = ds.enrollments.copy()
    budget.spending(ds, "2026Q2")
    budget.funding_gap(ds, "2026Q2")
    pd.testing.assert_frame_equal(ds.enrollments, before)


def test_spending_rejects_bad_arguments(ds: Dataset) -> None:
    with pytest.raises(ValueError, match="by must be"):
        budget.spending(ds, "2026Q2", by="modality")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="calendar quarter"):
        budget.spending(ds, "2026-07")


# --------------------------------------------------------------------------- cost per JP


def test_cost_per_jp_trailing_four_quarters(ds: Dataset) -> None:
    out = budget.cost_per_jp(ds, "2026Q2", by="agency_id").set_index("agency_id")
    # window 2025Q3..2026Q2: A has N6, N1, N2, N3, N4 -> 3,050,000 / 30 JP
    assert out.loc["A", "cost_per_jp"] == pytest.approx(3_050_000 / 30)
    assert out.loc["A", "completed"] == 3 and out.loc["A", "enrollments"] == 5
    assert out.loc["A", "cost_per_jp_completed"] == pytest.approx(100_000)
    assert np.isnan(out.loc["B", "cost_per_jp"])
    city = budget.cost_per_jp(ds, "2026Q2", by=None).iloc[0]
    assert city["cost_per_jp"] == pytest.approx(3_230_000 / 34)
    assert city["ci_low"] < city["cost_per_jp"] < city["ci_high"]
    assert not city["enough_data"]
    by_mod = budget.cost_per_jp(ds, "2026Q2", by=["modality", "provider_type"])
    assert set(by_mod["modality"]) == {"classroom", "e_learning"}


def _simulated_ratio(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    jp = rng.choice([8.0, 12.0, 20.0, 40.0], size=n)
    completed = rng.random(n) < 0.8
    cost = jp * rng.gamma(4.0, 25_000.0, size=n)  # price per JP varies by enrollment
    return cost, np.where(completed, jp, 0.0)


def test_delta_ci_matches_an_independent_calculation() -> None:
    cost, jp = _simulated_ratio(800, seed=1)
    got = budget.ratio_ci(cost, jp, method="delta")
    # first-order Taylor expansion of mean(y)/mean(x) with the sample covariance matrix
    r = cost.mean() / jp.mean()
    grad = np.array([1 / jp.mean(), -cost.mean() / jp.mean() ** 2])
    var = grad @ np.cov(np.vstack([cost, jp])) @ grad / len(cost)
    assert got["estimate"] == pytest.approx(r)
    assert got["std_error"] == pytest.approx(np.sqrt(var), rel=1e-10)


def test_delta_ci_matches_statsmodels_wls_hc1() -> None:
    # R = sum(y) / sum(x) is the WLS slope of y on x through the origin with weights 1/x,
    # and its HC1 sandwich variance equals the delta-method variance (all x > 0 here).
    cost, jp = _simulated_ratio(500, seed=2)
    keep = jp > 0
    y, x = cost[keep], jp[keep]
    fit = sm.WLS(y, x[:, None], weights=1 / x).fit(cov_type="HC1")
    got = budget.ratio_ci(y, x, method="delta")
    assert got["estimate"] == pytest.approx(fit.params[0], rel=1e-10)
    assert got["std_error"] == pytest.approx(fit.bse[0], rel=1e-8)


def test_bootstrap_and_delta_agree() -> None:
    cost, jp = _simulated_ratio(1500, seed=3)
    delta = budget.ratio_ci(cost, jp, method="delta")
    boot = budget.ratio_ci(cost, jp, method="bootstrap", n_boot=1500, seed=4)
    assert boot["estimate"] == pytest.approx(delta["estimate"])
    assert boot["std_error"] == pytest.approx(delta["std_error"], rel=0.1)
    width = delta["ci_high"] - delta["ci_low"]
    assert abs(boot["ci_low"] - delta["ci_low"]) < 0.1 * width
    assert abs(boot["ci_high"] - delta["ci_high"]) < 0.1 * width


def test_ratio_ci_edge_cases() -> None:
    nan = budget.ratio_ci([1.0, 2.0], [0.0, 0.0])
    assert np.isnan(nan["estimate"]) and nan["n"] == 2
    with pytest.raises(ValueError, match="method"):
        budget.ratio_ci([1.0], [1.0], method="jackknife")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="missing"):
        budget.ratio_ci([1.0, np.nan], [1.0, 1.0])


@pytest.mark.slow
def test_delta_ci_coverage() -> None:
    rng = np.random.default_rng(7)
    # population ratio E[cost] / E[credited JP] = E[jp] * 100,000 / (0.8 * E[jp])
    truth = 100_000.0 / 0.8
    hits = 0
    reps = 600
    for _ in range(reps):
        seed = int(rng.integers(1 << 31))
        cost, jp = _simulated_ratio(300, seed)
        ci = budget.ratio_ci(cost, jp)
        hits += ci["ci_low"] <= truth <= ci["ci_high"]
    assert 0.93 <= hits / reps <= 0.97


# --------------------------------------------------------------------------- funding gap


def test_funding_gap_city_cost_per_jp_by_default(ds: Dataset) -> None:
    out = budget.funding_gap(ds, "2026Q2").set_index("agency_id")
    city_rate = 3_230_000 / 34
    # active at 30 June: E1 (A, 10 JP so far), E3 (B, 0 JP), E4 (C, 4 JP); E2 left in May
    assert out["active_staff"].to_dict() == {"A": 1, "B": 1, "C": 1}
    assert out["jp_needed"].to_dict() == {"A": 10.0, "B": 20.0, "C": 16.0}
    assert (out["cost_source"] == "city").all()  # nobody has 30 completed enrollments
    assert out.loc["A", "gap_idr"] == pytest.approx(10 * city_rate)
    assert out.loc["A", "remaining_idr"] == pytest.approx(4_000_000 - 2_050_000)
    assert out.loc["A", "shortfall_idr"] == 0 and out.loc["A", "funded_share"] == 1
    # B overspent: nothing remains, the whole gap is short
    assert out.loc["B", "remaining_idr"] == pytest.approx(-50_000)
    assert out.loc["B", "shortfall_idr"] == pytest.approx(20 * city_rate)
    assert out.loc["B", "funded_share"] == 0
    # C has no allocation: remaining is unknown, the whole gap is short
    assert np.isnan(out.loc["C", "remaining_idr"])
    assert out.loc["C", "shortfall_idr"] == pytest.approx(16 * city_rate)
    assert (out["gap_ci_low"] < out["gap_idr"]).all() and (
        out["gap_idr"] < out["gap_ci_high"]
    ).all()


def test_funding_gap_own_cost_per_jp_with_enough_data(ds: Dataset) -> None:
    out = budget.funding_gap(ds, "2026Q2", min_enrollments=3).set_index("agency_id")
    assert out.loc["A", "cost_source"] == "agency"  # 3 completed in 2025Q3..2026Q2
    assert out.loc["A", "cost_per_jp_used"] == pytest.approx(3_050_000 / 30)
    assert out.loc["A", "gap_idr"] == pytest.approx(10 * 3_050_000 / 30)
    assert out.loc["C", "cost_source"] == "city"  # 1 completed
    assert out.loc["C", "gap_idr"] == pytest.approx(16 * 3_230_000 / 34)


def test_funding_gap_city_row_sums_agencies(ds: Dataset) -> None:
    agencies = budget.funding_gap(ds, "2026Q2", min_enrollments=3)
    city = budget.funding_gap(ds, "2026Q2", by=None, min_enrollments=3).iloc[0]
    assert city["jp_needed"] == pytest.approx(46)
    assert city["gap_idr"] == pytest.approx(agencies["gap_idr"].sum())
    assert city["shortfall_idr"] == pytest.approx(agencies["shortfall_idr"].sum())
    assert city["cost_source"] == "mixed"
    assert city["spending_ytd_idr"] == pytest.approx(2_230_000)


def _gap_window(seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    programme = rng.integers(0, 40, size=900)
    price = 100_000 * rng.lognormal(0, 0.4, size=40)
    jp = rng.choice([8.0, 20.0], size=900) * (rng.random(900) < 0.8)
    return pd.DataFrame({
        "agency_id": rng.choice(["A", "B", "C"], size=900),
        "program_id": programme.astype(str),
        "credited_jp": jp,
        "cost_idr": price[programme] * 12 * rng.gamma(10, 0.1, size=900),
    })


def test_city_gap_interval_is_computed_for_the_city_total() -> None:
    from analysis.budget.gap import city_gap_interval
    from analysis.stats.intervals import ratio_ci

    window = _gap_window(5)
    city_ci = ratio_ci(window["cost_idr"], window["credited_jp"], cluster=window["program_id"])
    city = pd.Series({"cost_per_jp": city_ci["estimate"]})
    # every agency priced at the city rate: the interval is JP needed x the city's CI
    priced = pd.DataFrame({"agency_id": ["A", "B", "C"], "jp_needed": [100.0, 50.0, 30.0],
                           "cost_source": "city", "cost_per_jp_used": city_ci["estimate"]})
    low, high = city_gap_interval(window, priced, city)
    assert low == pytest.approx(180 * city_ci["ci_low"])
    assert high == pytest.approx(180 * city_ci["ci_high"])
    # agencies priced at their own rates share programmes: the city interval is narrower
    # than the sum of the agencies' bounds (which assumes perfectly correlated errors)
    own = {a: ratio_ci(g["cost_idr"], g["credited_jp"], cluster=g["program_id"])
           for a, g in window.groupby("agency_id")}
    priced = priced.assign(cost_source="agency",
                           cost_per_jp_used=[own[a]["estimate"] for a in "ABC"])
    low, high = city_gap_interval(window, priced, city)
    total = float((priced["jp_needed"] * priced["cost_per_jp_used"]).sum())
    summed_low = sum(n * own[a]["ci_low"] for a, n in zip("ABC", priced["jp_needed"], strict=True))
    summed_high = sum(n * own[a]["ci_high"] for a, n in zip("ABC", priced["jp_needed"], strict=True))
    assert low < total < high
    assert high - low < summed_high - summed_low


# --------------------------------------------------------------------------- format mix


def _params() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "modality": ["A", "B", "C"],
            "cost_per_place": [100.0, 30.0, 10.0],
            "people_per_place": [1.0, 0.25, 0.5],
            "jp_per_place": [20.0, 5.0, 10.0],
            "observed_places": [5, 100, 3],  # C: too few places to use
        }
    )


def test_lp_hand_solved_case() -> None:
    # A yields 1/100 person per rupiah, B 0.25/30 = 1/120: buy A up to its cap of 5
    # (500), then B with the remaining 500: 16.67 places, 4.17 people; total 9.17.
    mix = budget.optimise_mix(_params(), 1000.0, min_places=5)
    plan = mix.plan.set_index("modality")
    assert list(plan.index) == ["A", "B"]
    assert plan.loc["A", "optimal_places"] == pytest.approx(5.0)
    assert plan.loc["B", "optimal_places"] == pytest.approx(500 / 30)
    assert plan.loc["B", "optimal_places_whole"] == 16
    summary = mix.summary.set_index("mix")
    assert summary.loc["optimal", "people"] == pytest.approx(5 + 500 / 30 / 4)
    assert summary.loc["optimal", "spend_idr"] == pytest.approx(1000.0)
    # current mix: observed places (5, 100) cost 3,500; scaled to 1,000
    assert summary.loc["current", "people"] == pytest.approx((5 + 25) * 1000 / 3500)
    assert mix.gain == pytest.approx(5 + 500 / 120 - 30 * 1000 / 3500)
    assert any("C" in e for e in mix.excluded)
    assert mix.excluded_formats.to_dict("records") == [
        {"modality": "C", "observed_places": 3, "reason": "few_places"}
    ]


def test_lp_min_share_and_people_limit() -> None:
    # at least 80% of places in B: x_B >= 4 x_A; on the budget line value = 8.33 + x_A / 6,
    # so x_A = 1000 / 220 and x_B = 4 x_A; people = 100 / 11.
    mix = budget.optimise_mix(_params(), 1000.0, min_share={"B": 0.8}, min_places=5)
    plan = mix.plan.set_index("modality")
    assert plan.loc["A", "optimal_places"] == pytest.approx(1000 / 220)
    assert plan.loc["B", "optimal_places"] == pytest.approx(4000 / 220)
    assert mix.summary.set_index("mix").loc["optimal", "people"] == pytest.approx(100 / 11)
    limited = budget.optimise_mix(_params(), 1000.0, max_people=6.0, min_places=5)
    lim = limited.summary.set_index("mix")
    assert lim.loc["optimal", "people"] == pytest.approx(6.0)
    # everyone reachable: the cheapest plan that reaches 6 people is A x 5 (500) + B x 4 (120)
    assert lim.loc["optimal", "spend_idr"] == pytest.approx(620.0)
    assert limited.plan.set_index("modality")["optimal_places"].to_list() == pytest.approx(
        [5.0, 4.0]
    )
    assert lim.loc["optimal", "cost_to_reach_all_idr"] == pytest.approx(620.0)
    # the current mix yields 30 people per 3,500: it reaches the 6 with 700 of the 1,000
    assert lim.loc["current", "people"] == pytest.approx(6.0)
    assert lim.loc["current", "spend_idr"] == pytest.approx(700.0)
    assert lim.loc["current", "cost_to_reach_all_idr"] == pytest.approx(700.0)
    # a budget too small to reach everyone still reports what reaching them would cost
    short = budget.optimise_mix(_params(), 300.0, max_people=6.0, min_places=5).summary.set_index(
        "mix"
    )
    assert short.loc["optimal", "people"] == pytest.approx(3.0)
    assert short.loc["optimal", "cost_to_reach_all_idr"] == pytest.approx(620.0)
    assert short.loc["current", "people"] == pytest.approx(300 * 30 / 3500)
    jp = budget.optimise_mix(_params(), 1000.0, objective="jp", min_places=5)
    assert jp.summary.set_index("mix").loc["optimal", "jp"] == pytest.approx(100 + 500 / 30 * 5)


def test_lp_argument_checks() -> None:
    with pytest.raises(ValueError, match="budget_idr"):
        budget.optimise_mix(_params(), -1.0)
    with pytest.raises(ValueError, match="matches no usable format"):
        budget.optimise_mix(_params(), 1000.0, min_share={"Z": 0.1})
    free = _params().assign(cost_per_place=[100.0, 0.0, 10.0])
    with pytest.raises(ValueError, match="unbounded"):
        budget.optimise_mix(free, 1000.0, cap_multiplier=None, objective="jp")


def test_format_parameters_on_the_fixture(ds: Dataset) -> None:
    params = budget.format_parameters(ds, "2026Q2").set_index("modality")
    # classroom decided in 2025Q3..2026Q2: N6, N1, N2 completed, N3 no-show (cost 0)
    assert params.loc["classroom", "observed_places"] == 4
    assert params.loc["classroom", "cost_per_place"] == pytest.approx(750_000)
    assert params.loc["classroom", "completion_rate"] == pytest.approx(0.75)
    assert params.loc["classroom", "people_per_place"] == pytest.approx(0.75 * 10 / 20)
    # e-learning: N7 dropped (100,000), N8 completed with own cost 80,000 and 4 JP; N4 registered: out
    assert params.loc["e_learning", "observed_places"] == 2
    assert params.loc["e_learning", "cost_per_place"] == pytest.approx(90_000)
    assert params.loc["e_learning", "jp_per_completion"] == pytest.approx(4)
    # the window's decided enrollments fall in 3 quarters (2025Q4, 2026Q1, 2026Q2): capacity x 4/3
    assert params.loc["classroom", "places_per_year"] == pytest.approx(4 * 4 / 3)
    mix = budget.format_mix(ds, "2026Q2", 1_000_000.0, min_places=1)
    assert mix.summary["spend_idr"].max() <= 1_000_000.0 + 1e-6
    # the people reached cannot exceed the 3 active staff below 20 JP
    assert mix.summary.set_index("mix").loc["optimal", "people"] <= 3 + 1e-9


def test_people_per_place_caps_each_completion_before_averaging(ds: Dataset) -> None:
    # classroom, decided in 2025Q3..2026Q2: N1 completed with 30 JP, N2 and N6 with 10, N3 no-show.
    enrollments = ds.enrollments.copy()
    enrollments.loc[enrollments["enrollment_id"] == "N1", "jp_credited"] = 30.0
    frames = {name: getattr(ds, name) for name in ("units", "employees", "programs", "budget")}
    params = budget.format_parameters(Dataset.from_frames(**frames, enrollments=enrollments),
                                      "2026Q2").set_index("modality")
    # mean of completed x min(JP, 20) / 20 over 4 places = (20 + 10 + 10) / 20 / 4
    assert params.loc["classroom", "people_per_place"] == pytest.approx(0.5)
    # not completion x min(mean JP, 20) / 20 = 0.75 x (50 / 3) / 20 = 0.625
    wrong = 0.75 * min(50 / 3, 20) / 20
    assert wrong == pytest.approx(0.625)
    assert params.loc["classroom", "jp_per_completion"] == pytest.approx(50 / 3)


def test_mix_uncertainty_with_one_programme_per_format(ds: Dataset) -> None:
    from analysis.budget.mix_uncertainty import mix_uncertainty

    # one programme per format: every draw is the observed data, so the interval is the
    # estimate, and a single programme is counted as noisy (its variation is unseen)
    out = mix_uncertainty(ds, "2026Q2", 1_000_000.0, min_places=1, max_people=3.0, n_boot=10, seed=1)
    summary = out.summary.set_index("quantity")
    people = summary.loc["optimal_people"]
    assert people["ci_low"] == pytest.approx(people["estimate"]) == pytest.approx(people["ci_high"])
    assert people["draws"] == 10
    assert out.formats["noisy"].all() and out.rests_on_noisy
    assert set(out.formats["modality"]) == {"classroom", "e_learning"}


# --------------------------------------------------------------------------- trend


def test_budget_trend(ds: Dataset) -> None:
    trend = budget.budget_trend(ds, through="2026Q3", quarters=4)
    assert list(trend["period"]) == ["2025Q4", "2026Q1", "2026Q2", "2026Q3"]
    t = trend.set_index("period")
    assert t.loc["2026Q2", "spending_quarter_idr"] == pytest.approx(1_130_000)
    assert t.loc["2026Q2", "spending_ytd_idr"] == pytest.approx(2_230_000)
    assert t.loc["2026Q1", "absorption"] == pytest.approx(1_100_000 / 4_050_000)
    assert t.loc["2026Q2", "credited_jp"] == pytest.approx(14)
    assert t.loc["2026Q2", "cost_per_jp"] == pytest.approx(1_130_000 / 14)
    by_agency = budget.budget_trend(ds, through="2026Q2", quarters=2, by="agency_id")
    assert len(by_agency) == 6


def test_compare_cost_per_jp_against_the_cheapest() -> None:
    table = pd.DataFrame(
        {
            "modality": ["a", "b", "c"],
            "cost_per_jp": [100.0, 150.0, 50.0],
            "std_error": [3.0, 4.0, 1.0],
            "enough_data": [True, True, False],
        }
    )
    out = budget.compare_cost_per_jp(table, "modality").set_index("modality")
    assert set(out["reference"]) == {"a"}  # cheapest among groups with enough data
    assert out.loc["b", "estimate"] == pytest.approx(50.0)
    assert out.loc["b", "std_error"] == pytest.approx(5.0)
    assert out.loc["b", "ci_low"] == pytest.approx(50 - 1.959964 * 5, rel=1e-6)
    assert bool(out.loc["b", "differs"]) and out.loc["b", "ratio"] == pytest.approx(1.5)
    assert not bool(out.loc["c", "enough_data"])
    near = budget.compare_cost_per_jp(table.assign(std_error=[30.0, 30.0, 1.0]), "modality")
    assert not near.set_index("modality").loc["b", "differs"]


def test_precomputed_facts_give_the_same_tables(ds: Dataset) -> None:
    from analysis.data.definitions import enrollment_facts

    facts = enrollment_facts(ds)
    before = facts.copy()
    pd.testing.assert_frame_equal(
        budget.funding_gap(ds, "2026Q2", facts=facts), budget.funding_gap(ds, "2026Q2")
    )
    pd.testing.assert_frame_equal(
        budget.budget_trend(ds, "2026Q2", 3, facts=facts), budget.budget_trend(ds, "2026Q2", 3)
    )
    pd.testing.assert_frame_equal(facts, before)
    with pytest.raises(ValueError, match="enrollment_facts"):
        budget.spending(ds, "2026Q2", facts=ds.enrollments)


def test_cost_per_jp_change_between_quarters() -> None:
    trend = pd.DataFrame(
        {
            "period": ["2025Q3", "2026Q3"],
            "cost_per_jp": [100.0, 130.0],
            "std_error": [6.0, 8.0],
        }
    )
    got = budget.cost_per_jp_change(trend, "2026Q3")
    assert got["earlier"] == "2025Q3"
    assert got["estimate"] == pytest.approx(30.0)
    assert got["std_error"] == pytest.approx(10.0)
    assert got["ci_low"] == pytest.approx(30 - 19.59964, rel=1e-5) and got["differs"]
    wide = budget.cost_per_jp_change(trend.assign(std_error=[20.0, 20.0]), "2026Q3")
    assert not wide["differs"]
    assert np.isnan(budget.cost_per_jp_change(trend, "2026Q2")["estimate"])


def test_mix_policy_from_yaml(tmp_path) -> None:
    path = tmp_path / "budget.yaml"
    path.write_text(
        "format_mix:\n  by: [modality, domain]\n  objective: jp\n  cap_multiplier: 1.5\n"
        "  min_share:\n    technical: 0.3\n",
        encoding="utf-8",
    )
    policy = budget.load_mix_policy(path)
    assert policy.by == ("modality", "domain") and policy.objective == "jp"
    assert policy.cap_multiplier == 1.5 and policy.min_share == {"technical": 0.3}
    assert budget.mix_policy_from_mapping(None) == budget.MixPolicy()
    with pytest.raises(ValueError, match="unknown keys"):
        budget.mix_policy_from_mapping({"min_shares": {"classroom": 0.2}})
    with pytest.raises(ValueError, match="proportion"):
        budget.mix_policy_from_mapping({"min_share": {"classroom": 20}})
    with pytest.raises(FileNotFoundError):
        budget.load_mix_policy(tmp_path / "missing.yaml")


def test_lp_current_mix_meets_the_same_caps() -> None:
    # a budget far above what the observed capacity can absorb: both mixes stop at the caps
    mix = budget.optimise_mix(_params(), 10_000.0, min_places=5)
    s = mix.summary.set_index("mix")
    assert s.loc["current", "spend_idr"] == pytest.approx(3500.0)
    assert s.loc["optimal", "spend_idr"] == pytest.approx(3500.0)
    assert s.loc["optimal", "people"] >= s.loc["current", "people"] - 1e-9
    # with annual capacity twice the observed places, the optimum can spend more
    wider = budget.optimise_mix(
        _params().assign(places_per_year=[10, 200, 6]), 10_000.0, min_places=5
    )
    assert wider.summary.set_index("mix").loc["optimal", "spend_idr"] == pytest.approx(7000.0)
