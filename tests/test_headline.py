"""Headline numbers, traffic lights, targets and recommendations on hand-made cases."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from analysis.brief import headline as hl
from analysis.data.dataset import Dataset


def tiny() -> Dataset:
    """Two OPDs, four ASN, two programmes; enrollments in 2026Q2 and 2026Q3 (hand-computed below)."""
    units = pd.DataFrame(
        {
            "unit_id": ["A", "A1", "B"],
            "unit_name": ["Dinas A", "UPT A1", "Dinas B"],
            "agency_id": ["A", "A", "B"],
            "sector": ["health", "health", "civil_registry"],
        }
    )
    employees = pd.DataFrame(
        {
            "employee_id": ["ASN-0000000000000001", "ASN-0000000000000002", "ASN-0000000000000003", "ASN-0000000000000004"],
            "unit_id": ["A", "A1", "B", "B"],
            "employment_type": ["pns", "pns", "pppk", "pns"],
            "position_type": ["executive", "staff", "executive", "staff"],
            "is_unit_head": [True, False, True, False],
            "gender": ["F", "M", "F", "M"],
            "birth_year": [1980, 1985, 1990, 1975],
            "education": ["s1", "s1", "d3", "sma"],
            "hire_date": ["2015-01-01"] * 4,
        }
    )
    programs = pd.DataFrame(
        {
            "program_id": ["P1", "P2"],
            "title": ["Pelayanan prima", "Literasi digital"],
            "modality": ["classroom", "e_learning"],
            "domain": ["technical", "technical"],
            "provider_type": ["internal", "university"],
            "jp": [20.0, 8.0],
            "cost_per_participant": [1_000_000.0, 200_000.0],
        }
    )
    e = [f"ASN-000000000000000{i}" for i in range(1, 5)]
    enrollments = pd.DataFrame(
        {
            "enrollment_id": ["E1", "E2", "E3", "E4", "E5"],
            "employee_id": [e[0], e[1], e[2], e[3], e[0]],
            "program_id": ["P1", "P2", "P1", "P2", "P2"],
            "start_date": ["2026-07-01", "2026-07-01", "2026-07-01", "2026-07-01", "2026-04-01"],
            "end_date": ["2026-07-10", "2026-08-10", "2026-09-10", "2026-09-20", "2026-05-01"],
            "status": ["completed", "completed", "dropped", "no_show", "completed"],
            "pre_score": [50.0, 60.0, None, None, 40.0],
            "post_score": [70.0, 65.0, None, None, 50.0],
        }
    )
    service = pd.DataFrame(
        {
            "unit_id": ["A1", "B", "A1", "B", "A1", "B"],
            "period": ["2026Q3", "2026Q3", "2026Q2", "2026Q2", "2026Q3", "2026Q3"],
            "metric": ["ikm", "ikm", "ikm", "ikm", "processing_days", "processing_days"],
            "value": [80.0, 90.0, 70.0, 80.0, 4.0, 6.0],
        }
    )
    budget = pd.DataFrame({"agency_id": ["A", "B"], "year": [2026, 2026], "allocated_idr": [10e6, 5e6]})
    return Dataset.from_frames(
        units=units,
        employees=employees,
        programs=programs,
        enrollments=enrollments,
        service_metrics=service,
        budget=budget,
    )


TARGETS = hl.targets_from_mapping(
    {
        "defaults": {"min_n": 0},
        "metrics": {
            "jp20_compliance": {"target": [0.1, 0.35, 0.65, 0.9], "amber_band": 0.1},
            "participation_rate": {"target": 0.5, "amber_band": 0.1},
            "completion_rate": {"target": 0.85, "amber_band": 0.05},
            "learning_gain": {"target": 10, "amber_band": 3},
            "budget_absorption": {"target": [0.05, 0.1, 0.2, 0.3], "amber_band": 0.05},
            "ikm": {"target": 88.31, "amber_band": 11.7},
            "processing_days": {"target": 4, "amber_band": 2, "direction": "lower"},
        },
    }
)


@pytest.mark.parametrize(
    ("estimate", "target", "band", "direction", "expected"),
    [
        (0.90, 0.90, 0.1, 1, "green"),
        (0.85, 0.90, 0.1, 1, "amber"),
        (0.80, 0.90, 0.1, 1, "amber"),  # exactly at the band edge
        (0.79, 0.90, 0.1, 1, "red"),
        (4.0, 5.0, 2.0, -1, "green"),
        (6.5, 5.0, 2.0, -1, "amber"),
        (7.5, 5.0, 2.0, -1, "red"),
        (math.nan, 5.0, 2.0, -1, "no_data"),
        (3.0, None, 2.0, 1, "none"),
    ],
)
def test_traffic_light_respects_direction_and_band(estimate, target, band, direction, expected):
    assert hl.traffic_light(estimate, target, band, direction) == expected


def test_traffic_light_small_n_is_insufficient():
    assert hl.traffic_light(0.99, 0.5, 0.1, 1, n=12, min_n=30) == "insufficient"
    assert hl.traffic_light(0.99, 0.5, 0.1, 1, n=30, min_n=30) == "green"
    with pytest.raises(ValueError, match="direction"):
        hl.traffic_light(1, 1, 0, 0)


def test_project_targets_file_is_valid_and_complete():
    targets = hl.load_targets()
    assert set(targets) == {m.code for m in hl.METRICS}
    assert targets["processing_days"].direction == -1
    assert targets["jp20_compliance"].value_for("2026Q3") == pytest.approx(0.65)
    assert targets["jp20_compliance"].value_for("2026Q4") == pytest.approx(0.90)
    assert targets["completion_rate"].value_for("2026Q1") == targets["completion_rate"].value_for("2026Q4")


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ({"metrics": {"bogus": {"target": 1}}}, "unknown metric"),
        ({"metrics": {"ikm": {"amber_band": 1}}}, "no 'target'"),
        ({"metrics": {"ikm": {"target": [1, 2]}}}, "four"),
        ({"metrics": {"ikm": {"target": 1, "direction": "up"}}}, "direction"),
        ({"metrics": {"ikm": {"target": 1, "amber_band": -1}}}, ">= 0"),
        ({}, "metrics"),
    ],
)
def test_bad_targets_are_refused(config, message):
    with pytest.raises(ValueError, match=message):
        hl.targets_from_mapping(config)


def test_headline_numbers_city_by_hand():
    pytest.importorskip("analysis.coverage")
    out = hl.headline_numbers(tiny(), "2026Q3", TARGETS).set_index("code")
    assert list(out.index) == [m.code for m in hl.METRICS]
    # 20 JP: only ASN 1 (20 + 8 JP); on track (>= 15 JP): the same one
    assert out.loc["jp20_compliance", "estimate"] == pytest.approx(0.25)
    assert out.loc["jp20_compliance", "n"] == 4
    assert out.loc["jp20_compliance", "status"] == "red"  # 25% vs 65% - 10 points
    assert out.loc["jp20_compliance", "ci_low"] < 0.25 < out.loc["jp20_compliance", "ci_high"]
    # previous quarter: ASN 1 had 8 JP -> nobody at 20
    assert out.loc["jp20_compliance", "previous"] == pytest.approx(0.0)
    assert out.loc["jp20_compliance", "change"] == pytest.approx(0.25)
    # participation: ASN 1, 2 (completed), 3 (dropped) attended in Q3; Q2 only ASN 1
    assert out.loc["participation_rate", "estimate"] == pytest.approx(0.75)
    assert out.loc["participation_rate", "previous"] == pytest.approx(0.25)
    assert out.loc["participation_rate", "status"] == "green"
    # completion: 2 completed of 4 decided
    assert out.loc["completion_rate", "estimate"] == pytest.approx(0.5)
    assert out.loc["completion_rate", "n"] == 4
    # gain: (20 + 5) / 2 with a paired t interval on 1 df
    assert out.loc["learning_gain", "estimate"] == pytest.approx(12.5)
    half = 12.706204736 * (pd.Series([20.0, 5.0]).std() / math.sqrt(2))
    assert out.loc["learning_gain", "ci_high"] == pytest.approx(12.5 + half, rel=1e-6)
    assert out.loc["learning_gain", "previous"] == pytest.approx(10.0)
    assert out.loc["learning_gain", "status"] == "green"
    # absorption: 1.0 + 0.2 (Q2) + 0.2 + 1.0 (dropped, attended) + 0 (no-show) of 15 million
    assert out.loc["budget_absorption", "estimate"] == pytest.approx(2.4 / 15)
    assert math.isnan(out.loc["budget_absorption", "ci_low"])
    assert out.loc["budget_absorption", "status"] == "amber"  # 16% vs 20%, within 5 points
    # services: unit means
    assert out.loc["ikm", "estimate"] == pytest.approx(85.0)
    assert out.loc["ikm", "change"] == pytest.approx(10.0)
    assert out.loc["ikm", "status"] == "amber"
    assert out.loc["processing_days", "estimate"] == pytest.approx(5.0)
    assert out.loc["processing_days", "status"] == "amber"  # lower is better: 5 > 4 but <= 6
    assert (out["city_estimate"].fillna(-1) == out["estimate"].fillna(-1)).all()
    assert (out["scope"] == "city").all()


def test_headline_numbers_for_one_agency_beside_the_city():
    pytest.importorskip("analysis.coverage")
    out = hl.headline_numbers(tiny(), "2026Q3", TARGETS, agency="A").set_index("code")
    assert (out["scope"] == "A").all()
    assert out.loc["jp20_compliance", "estimate"] == pytest.approx(0.5)
    assert out.loc["jp20_compliance", "city_estimate"] == pytest.approx(0.25)
    assert out.loc["completion_rate", "estimate"] == pytest.approx(1.0)
    assert out.loc["budget_absorption", "estimate"] == pytest.approx(1.4 / 10)
    assert out.loc["ikm", "estimate"] == pytest.approx(80.0)
    city = hl.headline_numbers(tiny(), "2026Q3", TARGETS)
    again = hl.headline_numbers(tiny(), "2026Q3", TARGETS, agency="A", city=city)
    pd.testing.assert_frame_equal(again, out.reset_index())
    with pytest.raises(ValueError, match="unknown agency"):
        hl.headline_numbers(tiny(), "2026Q3", TARGETS, agency="ZZZ")


def test_headline_with_a_precomputed_trend_is_the_same():
    coverage = pytest.importorskip("analysis.coverage")
    ds = tiny()
    trend = coverage.trend(ds, "2026Q3", quarters=8)
    pd.testing.assert_frame_equal(
        hl.headline_numbers(ds, "2026Q3", TARGETS, trend=trend), hl.headline_numbers(ds, "2026Q3", TARGETS)
    )


def test_headline_does_not_touch_the_dataset():
    pytest.importorskip("analysis.coverage")
    ds = tiny()
    before = ds.enrollments.copy()
    hl.headline_numbers(ds, "2026Q3", TARGETS)
    pd.testing.assert_frame_equal(ds.enrollments, before)


def _headline(statuses: dict[str, str]) -> pd.DataFrame:
    rows = []
    for spec in hl.METRICS:
        rows.append(
            {
                "code": spec.code,
                "unit": spec.unit,
                "estimate": 0.3 if spec.unit == "share" else 5.0,
                "target": 0.65 if spec.unit == "share" else 10.0,
                "status": statuses.get(spec.code, "green"),
            }
        )
    return pd.DataFrame(rows)


FORMATS = pd.DataFrame(
    {
        "modality": ["classroom", "e_learning", "workshop"],
        "cost_per_jp": [150_000.0, 40_000.0, 120_000.0],
        "gain": [9.0, 8.5, 6.0],
        "gain_ci_low": [8.0, 7.0, 4.0],
        "gain_ci_high": [10.0, 10.2, 8.0],
        "n": [400, 300, 50],
        # adjusted difference in gain vs classroom, with its 95% CI
        "adjusted_diff": [0.0, -0.5, -3.0],
        "adjusted_diff_ci_low": [0.0, -1.5, -4.5],
        "adjusted_diff_ci_high": [0.0, 0.5, -1.5],
    }
)


def _cheaper(formats: pd.DataFrame, lang: str = "en", margin: float | None = None, **statuses: str):
    ev = {"formats": formats} if margin is None else {"formats": formats, "non_inferiority_margin": margin}
    recs = hl.recommendations(_headline(statuses or {"jp20_compliance": "red"}), ev, lang)
    return [r for r in recs if r.rule == "cheaper_format"]


def test_cheaper_format_recommended_when_non_inferior():
    # e-learning: lower bound of the adjusted difference -1.5 > -2 (the default margin)
    rule = _cheaper(FORMATS, "id")
    assert rule and "e-learning" in rule[0].text and "2,0 poin" in rule[0].text
    assert "bukan bukti sebab-akibat" in rule[0].text
    assert "Rp 40,0 ribu" in rule[0].evidence and "3,8×" in rule[0].evidence  # 150k / 40k
    assert "selama empat triwulan" in rule[0].evidence
    en = _cheaper(FORMATS)
    assert "not more than 2.0 points below classroom (associated with, not proof of cause)" in en[0].text
    assert "over four quarters" in en[0].evidence
    # compliance green: no such recommendation
    assert not _cheaper(FORMATS, jp20_compliance="green")


def test_cheaper_format_not_recommended_when_non_inferiority_is_not_shown():
    # the lower bound -2.5 is below -2: not shown to be no worse, though the estimate is only -0.5
    wide = FORMATS.assign(adjusted_diff_ci_low=[0.0, -2.5, -4.5])
    assert not _cheaper(wide)
    recs = hl.recommendations(_headline({"jp20_compliance": "red"}), {"formats": wide}, "en")
    assert [r for r in recs if r.rule == "jp_behind"]
    # a wider margin set by the city admits it, and the text states the margin
    rule = _cheaper(wide, margin=3.0)
    assert rule and "not more than 3.0 points below" in rule[0].text
    # without the adjusted difference the rule cannot fire
    assert not _cheaper(FORMATS.drop(columns=["adjusted_diff", "adjusted_diff_ci_low", "adjusted_diff_ci_high"]))
    # the cheapest fails, the next cheaper one is non-inferior: that one
    mixed = FORMATS.assign(adjusted_diff_ci_low=[0.0, -2.5, -1.0], adjusted_diff=[0.0, -0.5, 0.5])
    rule = _cheaper(mixed, jp_on_track="amber")
    assert rule and "the workshop format" in rule[0].text and "1.2× cheaper than classroom" in rule[0].evidence


def _partners(low: float) -> pd.DataFrame:
    return pd.DataFrame({
        "provider_type": ["internal", "university"],
        "gain_per_million": [2.0, 3.0],
        "per_rupiah_ratio": [float("nan"), 1.5],
        "per_rupiah_ratio_ci_low": [float("nan"), low],
        "per_rupiah_ratio_ci_high": [float("nan"), 2.0],
        "n": [200, 80],
    })


def test_partner_recommended_only_when_the_ratio_lower_bound_is_above_one():
    recs = hl.recommendations(_headline({}), {"providers": _partners(1.1)}, "en")
    rule = [r for r in recs if r.rule == "partners_per_rupiah"]
    assert rule and "university" in rule[0].text and "(associated with, not proof of cause)" in rule[0].text
    assert "1.50× in-house training (95% CI 1.10 to 2.00" in rule[0].evidence and "over four quarters" in rule[0].evidence.lower()
    # point ratio 1.5 (above the old 1.2 threshold) but the interval reaches below 1: no recommendation
    recs = hl.recommendations(_headline({}), {"providers": _partners(0.9)}, "en")
    assert not [r for r in recs if r.rule == "partners_per_rupiah"]
    # too few scored enrollments
    few = _partners(1.1).assign(n=[200, 10])
    assert not [r for r in hl.recommendations(_headline({}), {"providers": few}, "en") if r.rule == "partners_per_rupiah"]


def test_every_recommendation_cites_a_number_and_all_green_keeps_course():
    recs = hl.recommendations(
        _headline({"participation_rate": "red", "completion_rate": "amber", "ikm": "red"}),
        {
            "agencies": pd.DataFrame({"agency_id": ["X", "Y"], "participation_rate": [0.1, 0.5], "active_staff": [40, 40]}),
            "no_show_rate": 0.12,
            "head_effect": {"estimate": 0.08, "ci_low": 0.03, "ci_high": 0.13},
        },
        "id",
    )
    rules = [r.rule for r in recs]
    assert {"participation_low", "completion_low", "leaders_take_part", "service_ikm"} <= set(rules)
    assert all(any(ch.isdigit() for ch in r.evidence) for r in recs)
    assert "X (10,0%)" in next(r for r in recs if r.rule == "participation_low").text
    # an association whose CI includes zero is not a reason
    recs = hl.recommendations(_headline({}), {"head_effect": {"estimate": 0.02, "ci_low": -0.01, "ci_high": 0.05}}, "en")
    assert [r.rule for r in recs] == ["on_track"]
    assert any(ch.isdigit() for ch in recs[0].evidence)


def test_format_helpers():
    assert hl.format_value(0.612, "share", "id") == "61,2%"
    assert hl.format_value(4.25, "days", "en") == "4.2 days" or hl.format_value(4.25, "days", "en") == "4.3 days"
    assert hl.format_change(0.021, "share", "id") == "+2,1 poin persentase"
    assert hl.format_change(-0.4, "days", "en") == "−0.4 days"
    assert hl.format_interval(0.6, 0.7, "share", "id") == "IK 95% 60,0% s.d. 70,0%"
    assert hl.metric_label("ikm", "en", short=True) == "IKM"


def test_brief_evidence_on_tiny_case_by_hand():
    pytest.importorskip("analysis.outcomes")
    ev = hl.brief_evidence(tiny(), "2026Q3", models=False)
    f = ev["formats"].set_index("modality")
    # classroom: 1.0 million each for the completed and the dropped enrollment / 20 credited JP
    assert f.loc["classroom", "cost_per_jp"] == pytest.approx(100_000)
    # e-learning: (0.2 + 0.2 million) / 16 JP; gains 5 (Q3) and 10 (Q2) in the four-quarter window
    assert f.loc["e_learning", "cost_per_jp"] == pytest.approx(25_000)
    assert f.loc["e_learning", "gain"] == pytest.approx(7.5)
    assert ev["no_show_rate"] == pytest.approx(0.25)
    assert ev["funding_gap"]["jp_needed"] == pytest.approx(52.0)  # (20-8) + 20 + 20 for the three below 20
    assert "providers" not in ev and "head_effect" not in ev


def test_head_association_recovers_a_planted_odds_ratio():
    import numpy as np

    pytest.importorskip("analysis.stats.models")
    rng = np.random.default_rng(7)
    n_units, per_unit, quarters = 120, 12, 4
    rows = []
    for q in range(quarters):
        head = rng.random(n_units) < 0.5
        for u in range(n_units):
            x = rng.random((per_unit, 5)) < 0.3
            logit = -0.5 + 0.6 * head[u] + 0.2 * x[:, 0]
            y = rng.random(per_unit) < 1 / (1 + np.exp(-logit))
            for i in range(per_unit):
                rows.append(
                    {
                        "participated": int(y[i]),
                        "head_participated_prev_quarter": float(head[u]),
                        "unit_id": f"U{u}",
                        "period": f"2026Q{q + 1}",
                        "unit_award_prev_4q": int(x[i, 0]),
                        "pppk": int(x[i, 1]),
                        "female": int(x[i, 2]),
                        "age_50_plus": int(x[i, 3]),
                        "degree_s1_plus": int(x[i, 4]),
                        "is_unit_head": False,
                    }
                )
    out = hl.head_association(pd.DataFrame(rows))
    assert out["kind"] == "odds_ratio" and out["n"] == n_units * per_unit * quarters
    assert out["ci_low"] < math.exp(0.6) < out["ci_high"]
    assert out["ci_low"] > 1
    flat = pd.DataFrame(rows).assign(head_participated_prev_quarter=1.0)
    assert hl.head_association(flat) is None


def test_agency_trend_is_the_restricted_trend_and_reuses_what_is_passed(monkeypatch):
    coverage = pytest.importorskip("analysis.coverage")
    ds = tiny()
    expected = coverage.trend(coverage.restrict_to_agency(ds, "A"), "2026Q3", quarters=4)
    got = hl.agency_trend(ds, "2026Q3", "A", quarters=4)
    pd.testing.assert_frame_equal(
        got.sort_values(["period", "metric"]).reset_index(drop=True),
        expected.sort_values(["period", "metric"]).reset_index(drop=True),
        check_dtype=False,
    )
    every = hl.agency_trends(ds, "2026Q3", quarters=4)
    calls = []
    real = coverage.trend
    monkeypatch.setattr(coverage, "trend", lambda *a, **k: calls.append(1) or real(*a, **k))
    # the all-agency trend passed in is used as it is: nothing is computed again
    pd.testing.assert_frame_equal(hl.agency_trend(ds, "2026Q3", "A", quarters=4, every=every), got)
    hl.city_trend_from_agencies(ds, "2026Q3", quarters=4, every=every)
    assert calls == []
    # nothing is kept between calls either: without it, it is computed each time
    hl.agency_trend(ds, "2026Q3", "B", quarters=4)
    hl.agency_trend(ds, "2026Q3", "B", quarters=4)
    assert calls == [1, 1]
    with pytest.raises(ValueError, match="unknown agency"):
        hl.agency_trend(ds, "2026Q3", "ZZZ", quarters=4, every=every)


def test_city_trend_from_agencies_equals_the_city_trend():
    coverage = pytest.importorskip("analysis.coverage")
    ds = tiny()
    derived = hl.city_trend_from_agencies(ds, "2026Q3", quarters=3).set_index(["period", "metric"])["estimate"]
    city = coverage.trend(ds, "2026Q3", quarters=3).dropna(subset=["estimate"]).set_index(["period", "metric"])["estimate"]
    assert len(city) > 10
    pd.testing.assert_series_equal(derived.loc[city.index], city, check_names=False)


def test_city_values_are_the_city_headline_estimates():
    pytest.importorskip("analysis.coverage")
    ds = tiny()
    city = hl.headline_numbers(ds, "2026Q3", TARGETS).set_index("code")["estimate"]
    values = hl.city_values(ds, "2026Q3")
    assert list(values) == list(city.index)
    assert all(values[c] == city[c] or (math.isnan(values[c]) and math.isnan(city[c])) for c in city.index)


def test_change_interval_is_newcombe_for_two_proportions() -> None:
    """With Wilson intervals the MOVER interval is Newcombe's (1998) method 10.

    Newcombe's Table II example (e): 56/70 vs 48/80 gives a difference of 0.2000 with
    95% CI 0.0524 to 0.3339 by method 10.
    """
    from analysis.stats.comparisons import proportion_ci

    l1, u1 = proportion_ci(56, 70)
    l0, u0 = proportion_ci(48, 80)
    low, high = hl.change_interval(hl.Value(56 / 70, float(l1), float(u1), 70), hl.Value(48 / 80, float(l0), float(u0), 80))
    assert low == pytest.approx(0.0524, abs=5e-4)
    assert high == pytest.approx(0.3339, abs=5e-4)
    assert all(math.isnan(x) for x in hl.change_interval(hl.Value(0.5, 0.4, 0.6), hl.Value(0.4)))


def test_service_mean_is_the_one_sample_t_interval_over_units():
    from scipy import stats as sps

    from analysis.stats.intervals import mean_ci

    service = pd.DataFrame({
        "unit_id": ["A", "A", "B", "C", "D"], "period": ["2026Q3"] * 5, "metric": ["ikm"] * 5,
        "value": [80.0, 84.0, 75.0, 90.0, 88.0],
    })
    got = hl.service_mean(service, "2026Q3", "ikm")
    means = pd.Series([82.0, 75.0, 90.0, 88.0])  # unit A's two values count once
    half = sps.t.ppf(0.975, 3) * means.std() / math.sqrt(4)
    assert got.n == 4 and got.estimate == pytest.approx(means.mean())
    assert (got.ci_low, got.ci_high) == pytest.approx((means.mean() - half, means.mean() + half))
    same = mean_ci(means)
    assert (got.ci_low, got.ci_high) == pytest.approx((same["ci_low"], same["ci_high"]), rel=1e-14)
    one = hl.service_mean(service.iloc[:1], "2026Q3", "ikm")
    assert one.n == 1 and one.estimate == 80.0 and math.isnan(one.ci_low)
    assert hl.service_mean(service, "2026Q2", "ikm").n == 0


def test_recommendation_rules_run_in_order_and_see_the_ones_before():
    from analysis.brief import recommendations as rules

    assert [r.__name__ for r in rules.RULES][:3] == ["cheaper_format", "jp_behind", "funding_shortfall"]
    assert rules.RULES[-1] is rules.on_track
    head = _headline({"jp20_compliance": "red", "budget_absorption": "amber"})
    gap = {"gap_idr": 5e8, "remaining_idr": 6e8, "shortfall_idr": 1e8}
    fired = [r.rule for r in hl.recommendations(head, {"funding_gap": gap}, "en")]
    # the funding shortfall names the budget, so absorption is not named again
    assert fired == ["jp_behind", "funding_shortfall"]
    assert [r.rule for r in hl.recommendations(head, {}, "en")] == ["jp_behind", "absorption_low"]
    text = next(r for r in hl.recommendations(head, {"funding_gap": gap}, "id") if r.rule == "funding_shortfall").text
    assert text.startswith("Alihkan sisa pagu antar-OPD")


def test_city_trend_from_tables_reads_the_city_briefs_trend(tmp_path):
    """An OPD's brief in a report reads the city's trend from the city brief's key table: the same
    numbers as adding up every agency's trend, and None whenever the table cannot stand in for it."""
    coverage = pytest.importorskip("analysis.coverage")
    from analysis.brief.codes import CITY_TABLES_DIR, save_tables
    from analysis.data.disclosure import DisclosurePolicy
    from analysis.data.results import ResultsRecorder

    ds = tiny()
    assert hl.city_trend_from_tables(tmp_path, "2026Q3", quarters=3) is None  # no table: compute it
    city_brief = tmp_path / "city"
    rec = ResultsRecorder("90_brief", policy=DisclosurePolicy(min_people=1))  # the tiny city has 4 ASN
    save_tables(rec, city_brief, coverage.trend(ds, "2026Q3", quarters=3), "id")
    (tmp_path / CITY_TABLES_DIR).mkdir()
    for item in (city_brief / "tables").iterdir():
        (tmp_path / CITY_TABLES_DIR / item.name).write_bytes(item.read_bytes())
    got = hl.city_trend_from_tables(tmp_path, "2026Q3", quarters=3)
    expected = hl.city_trend_from_agencies(ds, "2026Q3", quarters=3)
    assert got is not None and len(got) == len(expected) > 10
    assert list(got.columns) == list(expected.columns)
    assert got[["period", "metric"]].astype(str).equals(expected[["period", "metric"]].astype(str))
    assert list(got["n"]) == list(expected["n"])
    assert got["estimate"].to_numpy() == pytest.approx(expected["estimate"].to_numpy(), rel=1e-12, abs=1e-15)
    # a table that does not cover the quarters asked for is not used
    assert hl.city_trend_from_tables(tmp_path, "2026Q3", quarters=4) is None
    assert hl.city_trend_from_tables(tmp_path, "2026Q4", quarters=3) is None
    # with k = 5 the tiny city's rows are suppressed (blanked): the table cannot stand in for the trend
    save_tables(ResultsRecorder("90_brief", policy=DisclosurePolicy(min_people=5)), city_brief,
                coverage.trend(ds, "2026Q3", quarters=3), "id")
    for item in (city_brief / "tables").iterdir():
        (tmp_path / CITY_TABLES_DIR / item.name).write_bytes(item.read_bytes())
    assert hl.city_trend_from_tables(tmp_path, "2026Q3", quarters=3) is None
