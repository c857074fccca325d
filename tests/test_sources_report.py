"""End to end: ``kompetensi report --data sqlite:///...`` on the worked SIMPEG database example.

The notebooks receive the URL as ``data_dir`` and read the database themselves (validated
once, then from the cache); the manifest records the source without a machine path and
lists the tables and queries read with their checksums.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from analysis.data.paths import DATA_DIR
from analysis.report.pipeline import ANALYSIS_NOTEBOOKS, ReportRequest, build_report

EXAMPLE = DATA_DIR / "examples" / "simpeg_sqlite"


@pytest.mark.slow
def test_report_from_the_example_database(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("KOMPETENSI_SALT", "test")
    out = tmp_path / "reports"
    outcome = build_report(ReportRequest(
        data=f"sqlite:///{EXAMPLE / 'simpeg.db'}", period="latest", out=out, jobs=2,
        cache_dir=tmp_path / "cache", timeout=900,
    ))
    report = outcome.path
    assert (report / f"laporan-{outcome.period}.pdf").stat().st_size > 10_000
    for stem in ANALYSIS_NOTEBOOKS:
        assert (report / f"{stem}.html").stat().st_size > 5_000
    text = (report / "manifest.json").read_text(encoding="utf-8")
    manifest = json.loads(text)
    assert manifest["data_dir"] == "sqlite:///data/examples/simpeg_sqlite/simpeg.db"
    assert manifest["disclosure"]["audit"] == "passed"
    assert str(DATA_DIR) not in text and str(tmp_path) not in text
    inputs = {e["path"]: e for e in manifest["inputs"]}
    assert {"simpeg.db:unit_kerja", "simpeg.db:query for enrollments"} <= set(inputs)
    mapping = (EXAMPLE / "mapping.yaml").read_bytes()
    assert inputs["mapping.yaml"]["sha256"] == hashlib.sha256(mapping).hexdigest()
    quality = (report / "00_data_quality.html").read_text(encoding="utf-8")
    assert "simpeg.db" in quality
