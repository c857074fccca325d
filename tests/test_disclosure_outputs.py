"""Disclosure control where numbers leave the team: recorded numbers, saved tables, the
workbook, HTML tables, sentences and paths (docs/disclosure.md)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook

from analysis.data.disclosure import DisclosurePolicy, disclose
from analysis.data.results import ResultsRecorder
from analysis.report import outputs
from analysis.report.render import table_html
from analysis.report.scrub import display_path, path_replacements, scrub_paths
from analysis.text import phrases

POLICY = DisclosurePolicy()


def _by_agency() -> pd.DataFrame:
    return pd.DataFrame({
        "agency": ["A", "B", "C", "D", "E"],
        "people": [3, 7, 12, 40, 0],
        "share_completed": [0.33, 0.71, 0.5, 0.6, np.nan],
        "spent_idr": [1.0e6, 2.0e6, 3.0e6, 4.0e6, 5.0e6],
    })


# ----------------------------------------------------------------------------- recorded numbers


def test_a_number_on_fewer_than_k_people_is_recorded_suppressed():
    rec = ResultsRecorder("x", POLICY)
    small = rec.record("a.share", 0.5, 0.1, 0.9, n=4, unit="share")
    large = rec.record("a.other", 0.5, 0.4, 0.6, n=10, unit="share")  # 5 of 10: neither side small
    assert rec.record("a.third", 0.5, 0.4, 0.6, n=5, unit="share").suppressed  # 2 or 3 of 5 people
    assert (small.estimate, small.ci_low, small.ci_high, small.suppressed, small.n) == (None, None, None, True, 4)
    assert (large.estimate, large.suppressed) == (0.5, False)


def test_a_number_on_units_is_not_suppressed():
    rec = ResultsRecorder("x", POLICY)
    number = rec.record("linkage.days", 3.5, 2.0, 5.0, n=3, unit="days", n_of="units")
    assert (number.estimate, number.suppressed) == (3.5, False)


def test_a_number_without_n_or_with_n_zero_is_not_marked_suppressed():
    rec = ResultsRecorder("x", POLICY)
    assert rec.record("budget.spent", 1e9, unit="idr").suppressed is False
    assert rec.record("coverage.count", 0, n=0).estimate == 0


# ----------------------------------------------------------------------------- tables


def test_a_saved_table_is_disclosed_with_a_flag_and_numbers_stay_numbers(tmp_path):
    rec = ResultsRecorder("x", POLICY)
    path = rec.table("by_agency", _by_agency(), tmp_path, title="t")
    saved = pd.read_parquet(path)
    assert saved["suppressed"].tolist() == [True, True, False, False, False]
    assert saved.loc[:1, ["people", "share_completed"]].isna().all().all()
    assert saved["spent_idr"].tolist() == _by_agency()["spent_idr"].tolist()  # public money is shown
    assert pd.api.types.is_float_dtype(saved["people"])
    assert json.loads(path.with_suffix(".json").read_text())["suppressed_rows"] == 2


def test_a_suppressed_cell_cannot_be_recovered_from_the_margin():
    frame = pd.DataFrame({"agency": list("ABCDE"), "people": [3, 7, 12, 40, 9]})
    total = frame["people"].sum()
    shown = disclose(frame, POLICY)
    hidden = shown["suppressed"]
    assert hidden.sum() >= 2  # total minus the shown rows is the sum of at least two hidden rows
    assert total - shown.loc[~hidden, "people"].sum() == frame.loc[hidden, "people"].sum()
    # each hidden value ranges over more than one possibility: 3 + 7 = 10 splits many ways
    assert shown.loc[hidden, "people"].isna().all()


def test_the_workbook_blanks_suppressed_cells_and_notes_the_sheet(tmp_path):
    tables = [{"name": "by_agency", "title": "By agency", "note": "", "notebook": "20",
               "frame": _by_agency()}]
    target = outputs.write_tables_workbook(tables, tmp_path / "tables.xlsx", period_label="2026Q3",
                                           lang="en", policy=POLICY)
    sheet = load_workbook(target)["By agency"]  # a table without a catalogued sheet name takes its title
    assert sheet["A3"].value == ("<5 suppressed: fewer than 5 people · "
                                 "x hidden so that a small cell cannot be worked out")
    header = [c.value for c in sheet[4]]  # the column codes (a hidden row), the labels below them
    assert "suppressed" in header and "suppression" in header and sheet.row_dimensions[4].hidden
    assert sheet.cell(row=5, column=header.index("suppressed") + 1).value == "Suppressed (< 5 people)"
    first = {h: c.value for h, c in zip(header, sheet[6], strict=True)}
    assert first["people"] is None and first["share_completed"] is None and first["spent_idr"] == 1e6
    second = {h: c.value for h, c in zip(header, sheet[7], strict=True)}
    assert (first["suppression"], second["suppression"]) == ("<5", "x")  # small cell, and the one hiding it
    third = {h: c.value for h, c in zip(header, sheet[8], strict=True)}
    assert third["people"] == 12 and isinstance(third["people"], int | float)


@pytest.mark.parametrize(("lang", "note", "second_note"), [
    ("id", "disembunyikan: kurang dari 5 orang", "x disembunyikan agar sel kecil tidak dapat dihitung ulang"),
    ("en", "suppressed: fewer than 5 people", "x hidden so that a small cell cannot be worked out")])
def test_an_html_table_shows_the_mark_and_the_footnote_in_the_page_language(lang, note, second_note):
    html = table_html(_by_agency(), lang=lang, policy=POLICY)
    assert note in html and second_note in html
    assert html.count("&lt;5") == 1 + 2  # the footnote's mark + the two numbers of the small row
    assert html.count(">x<") == 2  # the row hidden only to protect it has its own mark
    assert ">suppressed<" not in html  # the flag column is not shown
    assert "0.33" not in html and "0,33" not in html


def test_an_html_table_without_small_cells_has_no_footnote():
    frame = pd.DataFrame({"agency": ["A", "B"], "people": [10, 12]})
    assert "suppress" not in table_html(frame, lang="en", policy=POLICY)


# ----------------------------------------------------------------------------- sentences


@pytest.mark.parametrize(("count", "lang", "text"), [
    (4, "id", "kurang dari 5 ASN"), (4, "en", "fewer than 5 staff"), (12, "id", "12 ASN"), (0, "en", "0 staff"),
])
def test_a_count_of_staff_is_said_without_a_small_number(count, lang, text):
    assert phrases.staff_count(count, lang) == text


@pytest.mark.parametrize(("count", "total", "lang", "text"), [
    (4, 10, "id", "kurang dari 5 dari 10"),
    (4, 10, "en", "fewer than 5 of 10"),
    (8, 10, "en", "more than 5 of 10"),
    (6, 20, "id", "6 dari 20"),
    (2, 3, "en", "fewer than 5"),
])
def test_a_part_of_a_total_is_said_without_a_small_part_or_remainder(count, total, lang, text):
    assert phrases.count_of_total(count, total, lang) == text


# ----------------------------------------------------------------------------- paths


def test_paths_are_shown_relative_to_the_project(tmp_path):
    root = tmp_path / "project"
    (root / "data" / "sample").mkdir(parents=True)
    assert display_path(root / "data" / "sample", root) == "data/sample"
    assert display_path(root, root) == "."
    assert display_path("/opt/elsewhere/folder", root) == "folder"
    assert display_path("data/x", root) == "data/x"


def test_scrub_rewrites_absolute_paths_in_text_files(tmp_path):
    root = tmp_path / "project"
    build = tmp_path / "project" / "reports" / ".2026Q3.tmp-1"
    build.mkdir(parents=True)
    page = build / "00_data_quality.html"
    page.write_text(f"loaded {root}/data/sample; output {build}/outputs; salt /secret/salt", encoding="utf-8")
    (build / "figure.png").write_bytes(str(root).encode())
    changed = scrub_paths(build, path_replacements({build: ".", "/secret/salt": "[salt file]"}, root))
    assert changed == [page]
    assert page.read_text(encoding="utf-8") == "loaded ./data/sample; output ./outputs; salt [salt file]"
    assert (build / "figure.png").read_bytes() == str(root).encode()


def test_the_manifest_path_helper_never_returns_an_absolute_path(tmp_path):
    shown = display_path(Path.home() / ".config" / "kompetensi" / "salt", tmp_path)
    assert shown is not None and not Path(shown).is_absolute()
