"""Budget result codes, tables and text catalogue: what the notebook records, and both languages everywhere."""

from __future__ import annotations

import json
import re
import string

import pandas as pd
import pytest

from analysis import budget
from analysis.budget import codes, messages
from analysis.budget.assumptions import plan_assumptions
from analysis.data.results import ResultsRecorder

CITY_CODES = {
    "budget.absorption_ytd", "budget.spending_ytd_idr", "budget.allocated_idr", "budget.cost_per_jp",
    "budget.funding_gap_idr", "budget.jp_needed", "budget.shortfall_idr", "budget.share_agencies_over_100",
    "budget.format_mix_people_optimal", "budget.format_mix_people_current",
    "budget.format_mix_cost_to_reach_all_optimal_idr", "budget.format_mix_cost_to_reach_all_current_idr",
}


@pytest.fixture(scope="module")
def res(sample):
    return budget.budget_results(sample[0], "2026Q3")


def test_record_results_records_the_city_codes_and_the_groups(res) -> None:
    rec = ResultsRecorder("30_budget")
    budget.record_results(rec, res)
    city = {k.code: k for k in rec.numbers if k.group is None}
    assert set(city) == CITY_CODES
    assert all(k.period == "2026Q3" and k.unit == codes.UNITS[k.code] for k in rec.numbers)
    assert city[codes.COST_PER_JP].estimate == res.cost_city["cost_per_jp"]
    assert city[codes.COST_PER_JP].ci_low == res.cost_city["ci_low"]
    assert city[codes.FUNDING_GAP].n == res.city_gap["active_staff"]
    assert city[codes.SHARE_OVER_ALLOCATION].estimate == budget.over_allocation(res.spend)["share"]
    # the format-mix plan carries the programme bootstrap's percentile interval
    boot = res.mix_uncertainty.summary.set_index("quantity")
    plan = res.mix.summary.set_index("mix")
    for code, quantity, mix, column in (
            (codes.MIX_PEOPLE_OPTIMAL, "optimal_people", "optimal", "people"),
            (codes.MIX_COST_ALL_OPTIMAL, "optimal_cost_to_reach_all_idr", "optimal", "cost_to_reach_all_idr"),
            (codes.MIX_COST_ALL_CURRENT, "current_cost_to_reach_all_idr", "current", "cost_to_reach_all_idr")):
        k = city[code]
        assert k.estimate == pytest.approx(plan.loc[mix, column])
        assert (k.ci_low, k.ci_high) == (boot.loc[quantity, "ci_low"], boot.loc[quantity, "ci_high"])
        assert k.ci_low <= k.estimate <= k.ci_high and k.inference == codes.MIX_INFERENCE
        assert k.n == boot.loc[quantity, "draws"] and k.n_of == "bootstrap draws"
    # the cost of reaching everyone varies over the draws: a real interval
    assert city[codes.MIX_COST_ALL_OPTIMAL].ci_low < city[codes.MIX_COST_ALL_OPTIMAL].ci_high
    groups = {(k.code, k.group) for k in rec.numbers if k.group is not None}
    assert groups == (
        {(codes.COST_PER_JP, f"modality={m}") for m in res.cost_modality["modality"]}
        | {(codes.ABSORPTION_YTD, f"agency_id={a}") for a in res.spend["agency_id"]}
        | {(codes.FUNDING_GAP, f"agency_id={a}") for a in res.gap["agency_id"]}
    )
    assert set(codes.UNITS) == CITY_CODES and set(codes.NOTES) <= CITY_CODES


@pytest.mark.parametrize("lang", ["id", "en"])
def test_record_tables_writes_five_titled_tables(res, tmp_path, lang) -> None:
    rec = ResultsRecorder("30_budget")
    budget.record_tables(rec, res, lang, tmp_path)
    meta = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in (tmp_path / "tables").glob("*.json")}
    assert set(meta) == {"budget_spending", "budget_funding_gap", "budget_cost_per_jp", "budget_format_mix",
                         "budget_trend"}
    assert meta["budget_spending"]["title"].startswith("Pagu" if lang == "id" else "Allocation")
    assert ("IK 95%" if lang == "id" else "95% CI") in meta["budget_cost_per_jp"]["note"]
    mix = res.mix
    assert meta["budget_format_mix"]["note"] == " ".join(
        plan_assumptions(mix.objective, mix.cap_multiplier, mix.min_share, mix.max_people, lang))
    stacked = pd.read_parquet(tmp_path / "tables" / "budget_cost_per_jp.parquet")
    assert len(stacked) == len(res.cost_modality) + len(res.cost_provider)


def _pairs() -> dict[str, tuple[str, str]]:
    return {name: value for name, value in vars(messages).items()
            if name.isupper() and isinstance(value, tuple) and len(value) == 2}


#: Pairs whose sides name different numbers (the quarter as a Roman or an Arabic numeral).
DIFFERENT_PLACEHOLDERS = {"QUARTER_TICK"}


def test_catalogue_has_both_languages_with_the_same_placeholders() -> None:
    pairs = _pairs()
    assert len(pairs) > 50
    fields = string.Formatter()
    for name, (id_text, en_text) in pairs.items():
        assert id_text.strip() and en_text.strip(), name
        id_fields = {f for _, f, _, _ in fields.parse(id_text) if f}
        en_fields = {f for _, f, _, _ in fields.parse(en_text) if f}
        assert id_fields == en_fields or name in DIFFERENT_PLACEHOLDERS, name
        assert not re.search(r"IK 95%|95% CI", id_text + en_text), name  # the CI label comes from text.words


def test_assumptions_in_english_are_those_the_plan_records(res) -> None:
    mix = res.mix
    assert tuple(plan_assumptions(mix.objective, mix.cap_multiplier, mix.min_share, mix.max_people, "en")) == \
        mix.assumptions
    indonesian = plan_assumptions(mix.objective, mix.cap_multiplier, {"classroom": 0.2}, 100.0, "id")
    assert indonesian[-2] == f"Paling sedikit 20% kursi untuk {budget.label('classroom', 'id')}."
    assert len(indonesian) == len(mix.assumptions) + 1
