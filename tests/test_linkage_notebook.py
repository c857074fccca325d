"""Notebook 40 runs top to bottom under papermill on the committed sample (slow)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from analysis.paths import NOTEBOOKS_DIR, SAMPLE_DIR


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["id", "en"])
def test_notebook_40_runs_on_sample(tmp_path: Path, lang: str) -> None:
    papermill = pytest.importorskip("papermill")
    if not (SAMPLE_DIR / "truth.json").exists():
        pytest.skip("data/sample is not present")
    out = tmp_path / "out"
    papermill.execute_notebook(
        str(NOTEBOOKS_DIR / "40_service_link.ipynb"),
        str(tmp_path / "executed.ipynb"),
        parameters={
            "data_dir": str(SAMPLE_DIR),
            "period": "2026Q3",
            "lang": lang,
            "agency": "DISDUKCAPIL",
            "output_dir": str(out),
        },
        kernel_name="python3",
        cwd=str(NOTEBOOKS_DIR),
        progress_bar=False,
    )
    numbers = json.loads((out / "results" / "40_service_link.json").read_text(encoding="utf-8"))
    codes = {n["code"] for n in numbers["numbers"]}
    for code in (
        "linkage.effect_per_5jp.ikm",
        "linkage.effect_per_5jp.processing_days",
        "linkage.online_att.processing_days",
        "linkage.ikm_share_good",
    ):
        assert code in codes
    assert all(n["ci_low"] is not None and n["n"] for n in numbers["numbers"])
    assert (out / "figures" / "linkage_event_study_processing_days.png").exists()
    assert (out / "tables" / "linkage_model_comparison.parquet").exists()
