"""Budget analysis on the city sample: the planted budget-starved agencies and costs are recovered.

The sample generator sets each agency's allocation to its own spending times
U(1.05, 1.45), and the budget-starved agencies' to U(0.70, 0.92) (truth.json
``budget``), so starved agencies must come out with the highest absorption and,
with their lower participation, the least of their 20-JP gap funded.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import analysis
from analysis import budget
from analysis.data.definitions import enrollment_facts
from analysis.data.paths import NOTEBOOKS_DIR


@pytest.fixture(scope="module")
def facts(sample):
    return enrollment_facts(sample[0])


def _last_full_quarter(ds: analysis.Dataset) -> str:
    # the last quarter with completed enrollments (later ones may hold only pending registrations)
    done = ds.enrollments.loc[ds.enrollments["status"] == "completed", "end_date"].max()
    return f"{done.year}Q{done.quarter}"


def test_starved_agencies_have_the_highest_absorption(sample, facts) -> None:
    ds, truth, _ = sample
    starved = set(truth["budget"]["starved_agencies"])
    period = _last_full_quarter(ds)
    spend = budget.spending(ds, period, facts=facts).sort_values("absorption", ascending=False)
    assert set(spend["agency_id"].head(len(starved))) == starved
    # a full year: starved agencies absorb more than 100%, the others less
    year_end = f"{int(period[:4]) - 1}Q4"
    full = budget.spending(ds, year_end, facts=facts).set_index("agency_id")
    assert (full.loc[sorted(starved), "absorption"] > 1).all()
    assert (full.drop(index=sorted(starved))["absorption"] < 1).all()


def test_starved_agencies_have_the_least_funded_gap(sample, facts) -> None:
    ds, truth, _ = sample
    starved = set(truth["budget"]["starved_agencies"])
    gap = budget.funding_gap(ds, _last_full_quarter(ds), facts=facts)
    k = len(starved)
    assert set(gap.sort_values("funded_share")["agency_id"].head(k)) == starved
    assert (
        set(gap.sort_values("shortfall_per_staff_idr", ascending=False)["agency_id"].head(k))
        == starved
    )
    city = budget.funding_gap(ds, _last_full_quarter(ds), by=None, facts=facts).iloc[0]
    assert city["gap_idr"] == pytest.approx(gap["gap_idr"].sum())
    assert city["shortfall_idr"] == pytest.approx(gap["shortfall_idr"].sum())
    assert city["active_staff"] == gap["active_staff"].sum()


def test_cost_per_completed_jp_matches_the_planted_costs(sample, facts) -> None:
    ds, truth, _ = sample
    # truth "cost": sum of cost / sum of credited JP over completed enrollments, all quarters
    table = budget.cost_per_jp(ds, ds.latest_period, by="modality", quarters=100, facts=facts)
    got = table.set_index("modality")["cost_per_jp_completed"]
    for modality, expected in truth["cost"].items():
        assert got[modality] == pytest.approx(expected, abs=1.0), modality


def test_city_spending_is_the_sum_of_agencies(sample, facts) -> None:
    ds, _, _ = sample
    period = _last_full_quarter(ds)
    agencies = budget.spending(ds, period, facts=facts)
    city = budget.spending(ds, period, by=None, facts=facts).iloc[0]
    assert city["spending_ytd_idr"] == pytest.approx(agencies["spending_ytd_idr"].sum())
    assert city["allocated_idr"] == pytest.approx(agencies["allocated_idr"].sum())
    trend = budget.budget_trend(ds, through=period, quarters=8, facts=facts)
    assert trend["period"].iloc[-1] == period
    assert trend["absorption"].iloc[-1] == pytest.approx(city["absorption"])
    assert np.all(trend["ci_low"] <= trend["cost_per_jp"])


def test_format_mix_on_the_sample_beats_the_current_mix(sample, facts) -> None:
    ds, _, _ = sample
    period = _last_full_quarter(ds)
    allocation = budget.spending(ds, period, by=None, facts=facts)["allocated_idr"].iloc[0]
    mix = budget.format_mix(ds, period, allocation, min_share={"classroom": 0.2}, facts=facts)
    s = mix.summary.set_index("mix")
    assert s.loc["optimal", "people"] >= s.loc["current", "people"] - 1e-6
    assert s.loc["optimal", "spend_idr"] <= allocation * (1 + 1e-9)
    plan = mix.plan.set_index("modality")
    assert plan.loc["classroom", "optimal_places"] >= 0.2 * plan["optimal_places"].sum() - 1e-6
    assert (plan["optimal_places"] <= plan["cap_places"] + 1e-6).all()


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["id"])  # the English page is built by the English city pack (test_one_language)
def test_notebook_runs_under_papermill(sample, tmp_path: Path, lang: str) -> None:
    _, _, folder = sample
    out = tmp_path / "out"
    cmd = [
        sys.executable, "-m", "papermill", str(NOTEBOOKS_DIR / "30_budget.ipynb"), str(tmp_path / "run.ipynb"),
        "-k", "python3", "-p", "data_dir", str(folder), "-p", "period", "2026Q3", "-p", "lang", lang,
        "-p", "output_dir", str(out), "--no-progress-bar",
    ]  # fmt: skip
    run = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-3000:]
    numbers = json.loads((out / "results" / "30_budget.json").read_text(encoding="utf-8"))[
        "numbers"
    ]
    codes = {n["code"] for n in numbers if n["group"] is None}
    assert {
        "budget.absorption_ytd",
        "budget.funding_gap_idr",
        "budget.cost_per_jp",
        "budget.share_agencies_over_100",
    } <= codes
    assert len(list((out / "figures").glob("budget_*.png"))) == 5
