"""Notebook 20 runs top to bottom under papermill on the city sample, and the numbers it
records are the package's (slow)."""

from __future__ import annotations

import pytest

import analysis
from analysis import coverage
from analysis.data.paths import SAMPLE_DIR


@pytest.mark.slow
@pytest.mark.parametrize(("lang", "agency"), [("id", "all"), ("en", "DISDIK")])
def test_notebook_20_runs_on_sample(city_pack_notebook, run_sample_notebook, lang: str, agency: str) -> None:
    if (lang, agency) == ("id", "all"):  # the city run is the shared pack's: read it, do not run it again
        recorded, out = city_pack_notebook("20_coverage_participation")
    else:
        recorded, out = run_sample_notebook("20_coverage_participation", lang=lang, agency=agency)
    numbers = {"numbers": recorded}
    by_code = {n["code"]: n for n in numbers["numbers"]}
    for code in ("coverage.share_meeting_20jp", "coverage.share_on_track", "coverage.participation_rate",
                 "coverage.completion_rate", "coverage.no_show_rate", "coverage.dropout_rate",
                 "coverage.share_not_reached", "coverage.participation_or_head_trained"):
        assert code in by_code
        assert by_code[code]["ci_low"] is not None and by_code[code]["n"]
    ds = coverage.restrict_to_agency(analysis.load_dataset(SAMPLE_DIR), agency)
    city = coverage.participation(ds, "2026Q3", by=None).iloc[0]
    assert by_code["coverage.participation_rate"]["estimate"] == pytest.approx(city["participation_rate"])
    assert by_code["coverage.participation_rate"]["group"] == (None if agency == "all" else agency)
    for name in ("coverage_jp_compliance", "coverage_participation", "coverage_equity", "coverage_trend"):
        assert (out / "figures" / f"{name}.png").exists()
    assert (out / "tables" / "coverage_not_reached.parquet").exists()
