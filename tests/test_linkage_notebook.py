"""Notebook 40 runs top to bottom under papermill on the committed sample: the city's run in
Bahasa Indonesia (the shared pack's) and one agency's in English (slow)."""

from __future__ import annotations

import pytest


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["id", "en"])
def test_notebook_40_runs_on_sample(city_pack_notebook, run_sample_notebook, lang: str) -> None:
    if lang == "id":  # the city run (every agency) is the shared pack's: read it, do not run it again
        recorded, out = city_pack_notebook("40_service_link")
    else:
        recorded, out = run_sample_notebook("40_service_link", lang=lang, agency="DISDUKCAPIL")
    numbers = {"numbers": recorded}
    codes = {n["code"] for n in numbers["numbers"]}
    for code in (
        "linkage.effect_per_5jp.ikm",
        "linkage.effect_per_5jp.processing_days",
        "linkage.online_att.processing_days",
        "linkage.ikm_share_good",
        "linkage.sector_slope.ikm",
        "linkage.sector_equal_slopes.ikm",
        "linkage.placebo_future.ikm",
        "linkage.alternative_exposure.ikm",
        "linkage.effect_per_5jp.ikm.lag1",
    ):
        assert code in codes
    judged = [n for n in numbers["numbers"] if n["estimate"] is not None and n["verdict"] != "insufficient_data"]
    assert all(n["ci_low"] is not None and n["n"] for n in judged)
    # every service-side verdict is either a primary outcome or a member of the Holm family
    for n in numbers["numbers"]:
        if n["code"] != "linkage.ikm_share_good" and n["verdict"] != "insufficient_data":
            assert n["primary"] or (n["family"] == "service_link.exploratory" and n["p_adjusted"] is not None)
    assert (out / "figures" / "linkage_event_study_processing_days.png").exists()
    assert (out / "tables" / "linkage_model_comparison.parquet").exists()
