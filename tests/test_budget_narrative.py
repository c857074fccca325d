"""Budget narrative: the wording rules on hand-made result frames.

A difference is named only when its 95% CI excludes zero; under the minimum n
the text says "data belum cukup" / "not enough data"; numbers come through
analysis.text.fmt.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis import budget
from analysis.stats.verdict import MIN_N
from analysis.text import fmt

NAMES = pd.Series({"A": "Dinas A", "B": "Dinas B"})


def _cost_city() -> pd.Series:
    return pd.Series({"cost_per_jp": 50_000.0, "ci_low": 45_000.0, "ci_high": 55_000.0, "enrollments": 120})


def _modality(enough=(True, True)) -> pd.DataFrame:
    return pd.DataFrame({
        "modality": ["classroom", "e_learning"],
        "cost_per_jp": [100_000.0, 20_000.0],
        "enough_data": list(enough),
    })


def _diff(low: float, high: float) -> pd.DataFrame:
    return pd.DataFrame({
        "modality": ["classroom"], "reference": ["e_learning"], "estimate": [80_000.0],
        "ci_low": [low], "ci_high": [high], "ratio": [5.0], "differs": [bool(low > 0 or high < 0)],
    })


def test_money_ci_wording_and_missing_bounds() -> None:
    assert budget.money_ci(1e6, 9e5, 1.1e6, "en") == (
        f"{fmt.money(1e6, 'en')} (95% CI {fmt.money(9e5, 'en')} to {fmt.money(1.1e6, 'en')})")
    assert "IK 95%" in budget.money_ci(1e6, 9e5, 1.1e6, "id") and " s.d. " in budget.money_ci(1e6, 9e5, 1.1e6, "id")
    assert budget.money_ci(1e6, np.nan, 1.1e6, "en") == fmt.money(1e6, "en")


@pytest.mark.parametrize("lang", ["id", "en"])
def test_formats_named_cheapest_and_dearest_only_when_ci_excludes_zero(lang: str) -> None:
    clear = budget.cost_per_jp_sentences(_cost_city(), _modality(), _diff(60_000.0, 100_000.0), lang)
    vague = budget.cost_per_jp_sentences(_cost_city(), _modality(), _diff(-5_000.0, 165_000.0), lang)
    dear = fmt.code_label("classroom", lang)
    cheapest = "Bentuk termurah per JP" if lang == "id" else "The cheapest format per JP"
    no_diff = ("tidak bermakna secara statistik" if lang == "id"
               else "do not differ beyond their uncertainty")
    assert len(clear) == 2 and cheapest in clear[1] and dear in clear[1]
    assert fmt.money(100_000.0, lang) in clear[1]
    assert len(vague) == 2 and no_diff in vague[1] and cheapest not in vague[1]
    # the city's cost per JP with its interval and n
    assert budget.money_ci(50_000.0, 45_000.0, 55_000.0, lang) in clear[0]
    assert fmt.number(120, lang, 0) in clear[0]


@pytest.mark.parametrize("lang", ["id", "en"])
def test_thin_format_says_not_enough_data_and_is_not_compared(lang: str) -> None:
    lines = budget.cost_per_jp_sentences(_cost_city(), _modality(enough=(True, False)),
                                         _diff(60_000.0, 100_000.0), lang)
    assert len(lines) == 2  # one format with enough data: no comparison sentence
    words = "Data belum cukup" if lang == "id" else "Not enough data"
    assert lines[1].startswith(words) and fmt.code_label("e_learning", lang) in lines[1]
    assert f"< {MIN_N}" in lines[1]


def _trend(before: float, after: float, se: float) -> pd.DataFrame:
    q = 1.959964
    return pd.DataFrame({
        "period": ["2025Q3", "2026Q3"], "absorption": [0.5, 0.6], "cost_per_jp": [before, after],
        "std_error": [se, se], "ci_low": [before - q * se, after - q * se], "ci_high": [before + q * se, after + q * se],
    })


@pytest.mark.parametrize("lang", ["id", "en"])
def test_trend_verb_follows_the_change_ci(lang: str) -> None:
    rose = budget.trend_sentences(_trend(40_000.0, 60_000.0, 1_000.0), "2026Q3", lang)[0]
    fell = budget.trend_sentences(_trend(60_000.0, 40_000.0, 1_000.0), "2026Q3", lang)[0]
    flat = budget.trend_sentences(_trend(40_000.0, 42_000.0, 5_000.0), "2026Q3", lang)[0]  # CI crosses zero
    words = {"id": ("naik", "turun", "tidak berubah secara bermakna"),
             "en": ("rose", "fell", "did not change beyond its uncertainty")}[lang]
    assert f" {words[0]} " in rose and f" {words[1]} " in fell and words[2] in flat
    assert words[0] not in flat.split() and words[1] not in flat.split()
    assert fmt.percent(0.6, lang) in rose and fmt.percent(0.5, lang) in rose
    assert fmt.period_label("2025Q3", lang) in rose


def test_trend_without_the_earlier_quarter_says_nothing() -> None:
    assert budget.trend_sentences(_trend(4e4, 6e4, 1e3).iloc[[1]], "2026Q3", "en") == []


def _spend(absorption, no_alloc) -> pd.DataFrame:
    return pd.DataFrame({"agency_id": ["A", "B", "C"][: len(absorption)], "absorption": absorption,
                         "no_allocation": no_alloc, "spending_ytd_idr": 1e6, "allocated_idr": 1e6})


def test_absorption_counts_overruns_and_missing_allocations() -> None:
    spend = _spend([1.2, 0.4, np.nan], [False, False, True])
    city = {"spending_ytd_idr": 3e6, "allocated_idr": 4e6, "absorption": 0.75}
    en = budget.absorption_sentences(spend, city, "2026Q2", NAMES, "en")
    assert "1 of 2 agencies with an allocation have spent more than it." in en[0]
    assert f"an even pace would be {fmt.percent(0.5, 'en', 0)}" in en[0]
    assert en[0].index("Dinas A") < en[0].index("Dinas B")  # highest absorption first
    assert en[1] == "Agencies with no allocation recorded for 2026: 1 agency; their absorption is not computed."
    idn = budget.absorption_sentences(spend.iloc[1:2], city, "2026Q2", NAMES, "id")
    assert len(idn) == 1 and "Belum ada OPD yang membelanjakan lebih dari pagunya (1 OPD berpagu)." in idn[0]
    assert budget.over_allocation(spend) == {"over": 1, "with_allocation": 2, "share": 0.5}
    assert np.isnan(budget.over_allocation(spend.iloc[2:])["share"])


def _gap() -> pd.DataFrame:
    return pd.DataFrame({
        "agency_id": ["A", "B"], "cost_source": ["agency", "city"], "gap_idr": [2e6, 1e6],
        "gap_ci_low": [1.5e6, 0.8e6], "gap_ci_high": [2.5e6, 1.2e6], "jp_needed": [40.0, 20.0],
        "shortfall_idr": [5e5, 0.0], "shortfall_per_staff_idr": [1e5, 0.0], "active_staff": [5, 3],
    })


def test_funding_gap_lists_city_priced_agencies_and_shortfalls() -> None:
    city = {"staff_below_target": 6, "active_staff": 8, "jp_needed": 60.0, "gap_idr": 3e6,
            "gap_ci_low": 2.3e6, "gap_ci_high": 3.7e6, "shortfall_idr": 5e5}
    lines = budget.funding_gap_sentences(_gap(), city, 2026, NAMES, "en")
    assert budget.money_ci(3e6, 2.3e6, 3.7e6, "en") in lines[0]
    assert lines[1].startswith("Priced at the city's cost per JP for lack of data of their own (fewer than 30")
    assert lines[1].endswith("): 1 agency.")
    assert lines[2] == f"Largest shortfall per ASN: Dinas A ({fmt.money(1e5, 'en')} per ASN)."  # B has none
    a = budget.agency_sentences(_spend([1.2, 0.4], [False, False]), _gap(), "B", NAMES, "id")[0]
    assert a.startswith("**Dinas B.**") and "biaya per JP kota (data OPD belum cukup)" in a
    assert "its own cost per JP" in budget.agency_sentences(_spend([1.2, 0.4], [False, False]), _gap(), "A", NAMES, "en")[0]


def _mix(opt_reach_all: float, opt_spend: float, objective: str = "people", excluded: bool = False) -> budget.FormatMix:
    summary = pd.DataFrame({
        "mix": ["current", "optimal"], "places": [100.0, 150.0], "spend_idr": [1e9, opt_spend],
        "people": [400.0, 520.0], "jp": [8_000.0, 10_400.0], "cost_to_reach_all_idr": [1.5e9, opt_reach_all],
    })
    ex = pd.DataFrame({"modality": ["coaching"], "observed_places": [4], "reason": ["few_places"]})
    return budget.FormatMix(plan=pd.DataFrame(), summary=summary, objective=objective, budget_idr=1e9,
                            status="ok", assumptions=("First.", "Second."),
                            excluded_formats=ex if excluded else pd.DataFrame(), max_people=1_000.0)


def test_format_mix_wording_by_case() -> None:
    basis = budget.plan_basis_text("allocation", 2026, "en")
    assert basis == "the allocation for 2026"
    assert budget.plan_basis_text("spending", 2026, "id") == "belanja empat triwulan terakhir"
    reach = budget.format_mix_sentences(_mix(0.8e9, 0.8e9), 1e9, basis, 600, "en")
    assert "money is not the only constraint" in reach[0] and f"saving {fmt.money(0.7e9, 'en')}" in reach[0]
    assert len(reach) == 2 and reach[1].startswith("This is a planning calculation")
    capped = budget.format_mix_sentences(_mix(np.nan, 0.6e9), 1e9, basis, 600, "en")
    assert "amounts to bringing 400 of 1,000" in capped[0] and "Reaching all" not in capped[0]
    assert capped[1].startswith(f"At the providers' observed capacity only {fmt.money(0.6e9, 'en')}")
    jp = budget.format_mix_sentences(_mix(np.nan, 1e9, objective="jp"), 1e9, basis, 600, "id")
    assert "menghasilkan 8.000 JP" in jp[0] and len(jp) == 2  # whole budget spent: no capacity sentence


@pytest.mark.parametrize("lang", ["id", "en"])
def test_mix_assumptions_list_left_out_formats(lang: str) -> None:
    text = budget.mix_assumption_notes(_mix(np.nan, 1e9, excluded=True), ["modality"], lang)
    head = "**Asumsi perhitungan:**" if lang == "id" else "**Assumptions:**"
    assert text.startswith(head + "\n\n- ")
    assert text.splitlines()[-1].endswith(f"{fmt.code_label('coaching', lang)} (4 {'kursi' if lang == 'id' else 'places'}).")
    if lang == "en":
        assert "- First.\n- Second." in text


def test_budget_results_match_the_separate_calls_and_narrative_joins_them(sample) -> None:
    ds = sample[0]
    res = budget.budget_results(ds, "2026Q2")
    pd.testing.assert_frame_equal(res.spend, budget.spending(ds, "2026Q2"))
    pd.testing.assert_frame_equal(res.cost_modality, budget.cost_per_jp(ds, "2026Q2", by="modality"))
    assert res.year == 2026 and res.plan_basis == "allocation"
    assert res.plan_budget == res.city_spend["allocated_idr"] == res.mix.budget_idr
    text = budget.budget_narrative(res, budget.agency_names(ds), "en", agency=str(res.spend["agency_id"].iloc[0]))
    paragraphs = text.split("\n\n")
    assert paragraphs[0].startswith("**Absorption.**") and "**Cost per JP.**" in text
    assert paragraphs[-1].startswith("**")  # the agency's own paragraph comes last


def test_stack_by_group_long_table() -> None:
    mod = pd.DataFrame({"modality": ["classroom"], "cost_per_jp": [1.0]})
    prov = pd.DataFrame({"provider_type": ["internal", "private"], "cost_per_jp": [2.0, 3.0]})
    out = budget.stack_by_group({"modality": mod, "provider_type": prov})
    assert list(out.columns) == ["value", "cost_per_jp", "group"]
    assert out["group"].tolist() == ["modality", "provider_type", "provider_type"]
    assert out["value"].tolist() == ["classroom", "internal", "private"]
    assert "modality" in mod  # input unchanged
    with pytest.raises(ValueError, match="no 'modality' column"):
        budget.stack_by_group({"modality": prov})


def test_absorption_without_any_allocation_says_not_enough_data() -> None:
    from analysis.budget import narrative

    spend = pd.DataFrame({"agency_id": ["A", "B"], "no_allocation": [True, True], "absorption": [float("nan")] * 2,
                          "spending_ytd_idr": [1e6, 2e6], "allocated_idr": [float("nan")] * 2,
                          "over_allocation": [False, False]})
    city = {"spending_ytd_idr": 3e6, "allocated_idr": float("nan"), "absorption": float("nan")}
    (line,) = narrative.absorption_sentences(spend, city, "2026Q3", {}, "id")
    assert "data belum cukup (tidak ada OPD dengan pagu tahun 2026" in line and "Serapan tertinggi" not in line
