"""Data-quality tables (analysis.quality) on a hand-made dataset."""

from __future__ import annotations

import dataclasses
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
    ds = dataclasses.replace(ds, files=(
        SourceFile(Path("a/units.csv"), "1" * 64, ("units",)),
        SourceFile(Path("a/enrollments.csv"), "2" * 64, ("enrollments",)),
        SourceFile(Path("a/budget.csv"), "3" * 64, ("budget",)),
    ))
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


# ------------------------------------------------------------------ split into roles (catalogue, codes, page)


def _pairs(module) -> dict[str, tuple[str, str]]:
    out: dict[str, tuple[str, str]] = {}
    for name, value in vars(module).items():
        if not name.isupper():
            continue
        if isinstance(value, tuple) and len(value) == 2 and all(isinstance(v, str) for v in value):
            out[name] = value
        elif isinstance(value, dict):
            for key, pair in value.items():
                if isinstance(pair[0], tuple):  # TABLES: (title, note)
                    out[f"{name}[{key}].title"], out[f"{name}[{key}].note"] = pair
                else:
                    out[f"{name}[{key}]"] = pair
    return out


def test_quality_catalogue_has_both_languages_with_the_same_placeholders():
    import string

    from analysis.quality import messages

    def fields(text: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}

    pairs = _pairs(messages)
    assert len(pairs) > 40
    for name, (id_text, en_text) in pairs.items():
        assert bool(id_text.strip()) == bool(en_text.strip()), name  # a table without a note has none in both
        assert fields(id_text) == fields(en_text), name
        if not name.endswith(".note"):
            assert id_text.strip(), name


def test_record_results_records_the_page_numbers_in_order():
    from analysis.data.results import ResultsRecorder

    ds = tiny()
    rows = quality.table_rows(ds)
    by_agency = quality.agency_completeness(ds, "2026Q3")
    gaps = quality.agency_gaps(by_agency)
    rec = ResultsRecorder("00_data_quality")
    quality.record_results(rec, "2026Q3", rows, 2, quality.optional_gaps(ds), gaps,
                           {"unchanged": 1, "changed": 1, "new": 2, "removed": 0})
    codes = [k.code for k in rec.numbers]
    assert codes == [f"data_quality.rows.{t}" for t in rows["table"]] + [
        "data_quality.warnings", "data_quality.share_missing_post_score",
        "data_quality.agencies_without_service_metrics", "data_quality.agencies_without_budget",
        "data_quality.files_changed",
    ]
    by_code = {k.code: k for k in rec.numbers}
    assert by_code["data_quality.rows.enrollments"].estimate == 5
    missing = by_code["data_quality.share_missing_post_score"]  # 2 of 5: a share that reveals a count below 5
    assert missing.suppressed and missing.estimate is None
    assert by_code["data_quality.share_missing_post_score"].n == 5
    assert by_code["data_quality.agencies_without_budget"].n == 2
    assert by_code["data_quality.files_changed"].estimate == 3
    again = ResultsRecorder("00_data_quality")
    quality.record_results(again, "2026Q3", rows, 0, quality.optional_gaps(ds), gaps, None)
    assert "data_quality.files_changed" not in {k.code for k in again.numbers}


def test_agency_gaps_and_the_page_sentences():
    from analysis.quality import narrative

    ds = tiny()
    by_agency = quality.agency_completeness(ds, "2026Q3")
    gaps = quality.agency_gaps(by_agency)
    assert (gaps.agencies, gaps.without_assessments) == (2, int((by_agency["assessed_staff"] == 0).sum()))
    only_a = quality.agency_completeness(ds, "2026Q3", agency="A")
    assert list(only_a["agency_id"]) == ["A"]
    assert quality.agency_completeness(ds, "2026Q3", agency="all").equals(by_agency)
    text = narrative.agency_gaps_statement(gaps, "2026Q3", "en")
    assert text.startswith("Of 2 agencies: ") and "no allocation for 2026" in text
    assert narrative.warnings_markdown([], "id") == "Tidak ada peringatan."
    assert narrative.warnings_markdown(["a", "b"], "en") == "- a\n- b"
    assert narrative.changes_statement(None, None, "en").startswith("No previous quarter's report")
    states = {"unchanged": 3, "changed": 1, "new": 0, "removed": 2}
    assert narrative.changes_statement({"period": None}, states, "id") == (
        "Dibandingkan dengan laporan sebelumnya: 3 berkas sama, 1 berubah, 0 baru, 2 hilang.")
    assert narrative.changes_statement({"period": "2026Q2"}, states, "en").startswith("Against the Q2 2026 report:")
    loaded = narrative.loaded_statement(ds, "sample", "2026Q3", "en")
    assert loaded.startswith("Folder `sample`: 0 files, 4 ASN, 5 enrolments, data from ")
    assert loaded.endswith("This report is for **Q3 2026**.")


def test_file_state_counts_and_shown_tables():
    from analysis.quality import tables

    files = pd.DataFrame({"file": ["a.csv", "b.csv"], "sha256_now": ["1" * 64, None],
                          "sha256_before": ["1" * 64, "2" * 64], "status": ["unchanged", "removed"]})
    assert quality.file_state_counts(files) == {"unchanged": 1, "changed": 0, "new": 0, "removed": 1}
    shown = tables.changed_files_table(files, "id")
    assert list(shown.frame["status"]) == ["sama", "hilang"] and shown.frame["sha256_now"].iloc[0] == "1" * 16
    assert shown.options == {"formats": {}, "labels": shown.labels, "caption": None}
    rows = tables.rows_table(quality.table_rows(tiny()), "en")
    assert "optional" not in rows.frame and set(rows.frame["present"]) == {"yes", "absent"}
    assert rows.caption == "Rows per table" and rows.labels["present"] == "Present"


def test_plot_completeness_colours_expected_gaps_grey():
    pytest.importorskip("matplotlib")
    import matplotlib.pyplot as plt
    from matplotlib.colors import to_hex

    from analysis.charts.theme import GREY, TRAFFIC_LIGHTS
    from analysis.quality import plots

    gaps = pd.DataFrame({"table": ["employees", "enrollments", "enrollments"],
                         "column": ["exit_date", "post_score", "satisfaction"],
                         "share_missing": [0.9, 0.6, 0.3]})
    fig = plots.plot_completeness(gaps, "en")
    ax = fig.axes[0]
    colours = [to_hex(p.get_facecolor()) for p in ax.patches]
    assert colours == [to_hex(GREY), to_hex(TRAFFIC_LIGHTS["red"]), to_hex(TRAFFIC_LIGHTS["amber"])]
    assert ax.get_xlabel() == "Missing values (%)"
    plt.close(fig)
