"""Notebook 10 runs top to bottom under papermill on the city sample, and the numbers it
records are the package's (slow)."""

from __future__ import annotations

import pytest

import analysis
from analysis import outcomes
from analysis.data.paths import SAMPLE_DIR


@pytest.mark.slow
@pytest.mark.parametrize(("lang", "agency"), [("id", "all"), ("en", "DISDIK")])
def test_notebook_10_runs_on_sample(city_pack_notebook, run_sample_notebook, lang: str, agency: str) -> None:
    if (lang, agency) == ("id", "all"):  # the city run is the shared pack's: read it, do not run it again
        recorded, out = city_pack_notebook("10_training_outcomes")
    else:
        recorded, out = run_sample_notebook("10_training_outcomes", lang=lang, agency=agency)
    numbers = {"numbers": recorded}
    by_code = {n["code"]: n for n in numbers["numbers"] if n["group"] in (None, agency)}
    for code in ("outcomes.satisfaction", "outcomes.mean_gain", "outcomes.share_improved", "outcomes.behaviour",
                 "outcomes.share_jp_to_gap", "outcomes.cost_per_jp", "outcomes.cost_per_gain_point"):
        assert code in by_code
        assert by_code[code]["ci_low"] is not None and by_code[code]["n"]
    ds = analysis.load_dataset(SAMPLE_DIR)
    if agency != "all":
        from analysis.coverage import restrict_to_agency

        ds = restrict_to_agency(ds, agency)
    lc = outcomes.learning_change(ds, "2026Q3", by=None).iloc[0]
    assert by_code["outcomes.mean_gain"]["estimate"] == pytest.approx(lc["estimate"])
    assert by_code["outcomes.mean_gain"]["n"] == lc["n"]
    adjusted = [n for n in numbers["numbers"] if n["code"] == "outcomes.adjusted_gain"]
    assert any(n["group"].startswith("modality:e_learning") for n in adjusted)
    for name in ("outcomes_adjusted_gain", "outcomes_funnel", "outcomes_levels_by_modality", "outcomes_relevance",
                 "outcomes_partnerships", "outcomes_cost_effectiveness", "outcomes_trend"):
        assert (out / "figures" / f"{name}.png").exists()
