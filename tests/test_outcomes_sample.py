"""Training outcomes on the city sample: the planted format and provider effects on learning
gain (truth.json ``learning_gain``) are recovered within their 95% CIs by the ANCOVA."""

from __future__ import annotations

import pytest

from analysis import outcomes

PERIOD = "2026Q3"


@pytest.mark.parametrize("window", [4, 12])
def test_planted_modality_and_provider_effects_recovered(sample, window: int) -> None:
    ds, truth, _ = sample
    planted = truth["learning_gain"]
    eff = outcomes.adjusted_effects(ds, PERIOD, window=window).set_index(["factor", "level"])
    checked = 0
    for factor, key in (("modality", "modality_effect"), ("provider_type", "provider_effect")):
        for level, value in planted[key].items():
            row = eff.loc[(factor, level)]
            assert row["ci_low"] <= value <= row["ci_high"], (factor, level, row["estimate"], value)
            checked += 1
    assert checked == len(planted["modality_effect"]) + len(planted["provider_effect"])
    slope = eff.loc[("pre_score", "per point")]
    assert slope["ci_low"] <= planted["pre_score_slope"] <= slope["ci_high"]


def test_unadjusted_gain_and_school_based_management_programme(sample) -> None:
    ds, truth, _ = sample
    lc = outcomes.learning_change(ds, PERIOD, by="provider_type").set_index("provider_type")
    # university programmes were planted 3.5 points above internal ones, private 2.5 below
    assert lc.loc["university", "estimate"] > lc.loc["internal", "estimate"] > lc.loc["private", "estimate"]
    pp = outcomes.partner_programmes(ds, PERIOD)
    named = set(pp.loc[pp["group"].eq("partner") & pp["program_id"].ne("ALL"), "program_id"])
    assert set(truth["learning_gain"]["school_based_management_programs"]) & named


def test_cost_per_jp_agrees_with_the_budget_module(sample) -> None:
    from analysis import budget

    ds, _, _ = sample
    ours = outcomes.cost_effectiveness(ds, PERIOD, by="modality").set_index("modality")
    theirs = budget.cost_per_jp(ds, PERIOD, by="modality").set_index("modality")
    common = ours.index.intersection(theirs.index)
    assert len(common) >= 5
    for modality in common:
        assert ours.loc[modality, "cost_per_jp"] == pytest.approx(theirs.loc[modality, "cost_per_jp"], nan_ok=True)
