"""The committed city sample (data/sample/) loads and validates cleanly."""

from __future__ import annotations

import pytest

import analysis
from analysis.cli import main
from analysis.data.contract import PSEUDONYM_PATTERN
from analysis.data.paths import SAMPLE_DIR

pytestmark = pytest.mark.skipif(not (SAMPLE_DIR / "employees.csv").exists(), reason="data/sample not generated")


@pytest.fixture(autouse=True)
def _salt(monkeypatch, tmp_path):
    monkeypatch.setenv("KOMPETENSI_SALT", "sample-test")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))


def test_sample_loads_and_is_pseudonymised(tmp_path):
    ds = analysis.load_dataset(SAMPLE_DIR, cache_dir=tmp_path / "cache")
    assert 5_000 <= len(ds.employees) <= 6_000
    assert len(ds.enrollments) > 20_000
    assert ds.survey is not None
    assert ds.periods[0] == "2023Q4" and ds.latest_period == "2026Q3"
    pattern = PSEUDONYM_PATTERN[1:-1]
    for name in ("employees", "enrollments", "assessments", "recognitions", "survey"):
        assert ds.table(name)["employee_id"].str.fullmatch(pattern).all(), name
    assert {f.path.name for f in ds.files} >= {"employees.csv", "enrollments.csv"}
    assert not [w for w in ds.warnings if "not in the contract" in w or "not a table" in w]
    cached = analysis.load_dataset(SAMPLE_DIR, cache_dir=tmp_path / "cache")
    assert cached.employees["employee_id"].equals(ds.employees["employee_id"])


def test_kompetensi_validate_sample_passes(capsys):
    assert main(["validate", str(SAMPLE_DIR), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "passes data contract v1" in out and "2023Q4 .. 2026Q3" in out
