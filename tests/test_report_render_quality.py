"""Data-quality tables (analysis.quality) on a hand-made dataset."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pandas as pd
import pytest

from analysis import quality
from analysis.data.dataset import SourceFile

sys.path.insert(0, str(Path(__file__).parent))
from test_headline import tiny  # noqa: E402


def test_completeness_counts_missing_optional_values():
    comp = quality.completeness(tiny()).set_index(["table", "column"])
    # enrollments E3 (dropped) and E4 (no-show) have no scores: 2 of 5
    assert comp.loc[("enrollments", "pre_score"), "missing"] == 2
    assert comp.loc[("enrollments", "pre_score"), "share_missing"] == pytest.approx(0.4)
    assert comp.loc[("enrollments", "status"), "missing"] == 0
    assert bool(comp.loc[("enrollments", "status"), "required"])
    only = quality.completeness(tiny(), optional_only=True)
    assert not only["required"].any()
    assert "survey" not in set(only["table"])  # absent optional table


def test_table_rows_marks_the_absent_survey():
    rows = quality.table_rows(tiny()).set_index("table")
    assert rows.loc["enrollments", "rows"] == 5
    assert not rows.loc["survey", "present"] and rows.loc["survey", "rows"] == 0


def test_agency_completeness_names_the_gaps():
    out = quality.agency_completeness(tiny(), "2026Q3").set_index("agency_id")
    assert list(out.index) == ["A", "B"]
    assert out.loc["A", "units"] == 2 and out.loc["A", "active_staff"] == 2
    assert out.loc["A", "enrollments"] == 2  # E1 and E2 end in Q3
    assert out.loc["A", "share_scored"] == pytest.approx(1.0)
    assert out.loc["B", "enrollments"] == 2 and pd.isna(out.loc["B", "share_scored"])
    assert out.loc["A", "service_metrics"] == 2  # A1's ikm and processing_days
    assert "assessments" in out.loc["A", "gaps"] and "budget" not in out.loc["A", "gaps"]
    out_q1 = quality.agency_completeness(tiny(), "2025Q1").set_index("agency_id")
    assert "budget" in out_q1.loc["B", "gaps"] and "enrollments" in out_q1.loc["B", "gaps"]


def test_compare_with_previous_manifest(tmp_path):
    ds = tiny()
    ds = type(ds)(**{**ds.__dict__, "files": (
        SourceFile(Path("a/units.csv"), "1" * 64, ("units",)),
        SourceFile(Path("a/enrollments.csv"), "2" * 64, ("enrollments",)),
        SourceFile(Path("a/budget.csv"), "3" * 64, ("budget",)),
    )})
    manifest = {"period": "2026Q2", "inputs": [
        {"path": "units.csv", "sha256": "1" * 64},
        {"path": "enrollments.csv", "sha256": "9" * 64},
        {"path": "recognitions.csv", "sha256": "4" * 64},
    ]}
    (tmp_path / "manifest.json").write_text(json.dumps(manifest))
    (tmp_path / "results.json").write_text(json.dumps({"numbers": [
        {"code": "data_quality.rows.enrollments", "estimate": 3},
        {"code": "other.code", "estimate": 1},
    ]}))
    previous = quality.read_previous(tmp_path / "manifest.json")
    assert previous["period"] == "2026Q2" and previous["rows"] == {"enrollments": 3}
    files, rows = quality.compare_with_previous(ds, previous)
    status = files.set_index("file")["status"].to_dict()
    assert status == {"units.csv": "unchanged", "enrollments.csv": "changed", "budget.csv": "new", "recognitions.csv": "removed"}
    rows = rows.set_index("table")
    assert rows.loc["enrollments", "change"] == 2
    assert pd.isna(rows.loc["units", "rows_before"])
    assert quality.read_previous(None) is None
    assert quality.read_previous(tmp_path / "missing.json") is None
    empty_files, empty_rows = quality.compare_with_previous(ds, None)
    assert empty_files.empty and empty_rows.empty
