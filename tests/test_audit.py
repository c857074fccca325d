"""The privacy audit finds planted personal data and small cells, and passes clean files."""

from __future__ import annotations

import json
from argparse import Namespace

import pandas as pd
import pytest

from analysis.data.disclosure import DisclosurePolicy
from analysis.report.audit import audit_report, cli_audit, employee_names, scan_text

POLICY = DisclosurePolicy()
NIP = "197404152000031002"  # born 1974-04-15, appointed 2000-03, male, sequence 002


def _clean_report(folder):
    folder.mkdir()
    (folder / "page.html").write_text("<p>Rata-rata 12,3 JP (n = 5.352); NIP tidak pernah keluar.</p>")
    (folder / "results.json").write_text(json.dumps({"numbers": [
        {"code": "coverage.share", "estimate": 0.5, "n": 40},
        {"code": "headline.ikm", "estimate": 80.0, "n": 1, "n_of": "units"},
        {"code": "outcomes.gain", "estimate": None, "n": 3},
    ]}))
    pd.DataFrame({"agency_id": ["A", "B"], "active_staff": [0, 12], "share": [None, 0.4]}).to_excel(
        folder / "tables.xlsx", sheet_name="coverage", index=False)
    return folder


def test_a_clean_report_has_no_finding(tmp_path):
    folder = _clean_report(tmp_path / "2026Q3")
    assert audit_report(folder, POLICY) == []
    assert cli_audit(Namespace(report_dir=str(folder), data=None, disclosure=None)) == 0


def test_each_planted_problem_is_found_with_its_file_and_place(tmp_path, capsys):
    folder = _clean_report(tmp_path / "2026Q3")
    (folder / "executed").mkdir()
    (folder / "executed" / "nb.ipynb").write_text(json.dumps({"outputs": [f"NIP {NIP}", "ASN-0123456789abcdef"]}))
    (folder / "manifest.json").write_text(json.dumps({"salt": "/root/.config/kompetensi/salt"}))
    (folder / "results.json").write_text(json.dumps({"numbers": [{"code": "outcomes.gain", "estimate": 4.2, "n": 4}]}))
    pd.DataFrame({"agency_id": ["A", "B"], "active_staff": [3, 12]}).to_excel(folder / "tables.xlsx", sheet_name="cov", index=False)
    found = {(f.kind, f.file) for f in audit_report(folder, POLICY)}
    assert found == {("nip", "executed/nb.ipynb"), ("pseudonym", "executed/nb.ipynb"),
                     ("absolute_path", "manifest.json"), ("small_cell", "results.json"),
                     ("small_cell", "tables.xlsx")}
    assert cli_audit(Namespace(report_dir=str(folder), data=None, disclosure=None)) == 1
    out = capsys.readouterr().out
    assert "tables.xlsx [cov!2] small_cell: active_staff = 3" in out and "5 finding(s)" in out


@pytest.mark.parametrize("text", ["12345678901234567890", "Rp 1.974.041.520.000", "2026Q3 197404"])
def test_numbers_that_are_not_nips_are_not_findings(text):
    assert scan_text(text, "f", "w") == []


def test_names_from_the_employees_table_are_found(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    pd.DataFrame({"employee_id": [NIP], "Nama": ["Siti Rahmawati"]}).to_csv(data / "employees.csv", index=False)
    names = employee_names(data)
    assert names == ["Siti Rahmawati"]
    assert [f.kind for f in scan_text("Dilatih: Siti Rahmawati.", "f", "w", names)] == ["name"]
    assert scan_text("Siti Rahmawatiningsih", "f", "w", names) == []



def test_small_counts_in_html_tables_of_pages_and_notebooks_are_found(tmp_path):
    from analysis.text.html import table_html

    folder = _clean_report(tmp_path / "2026Q3")
    small = pd.DataFrame({"unit_name": ["Kel. A", "Kel. B"], "active_staff": [7, 40], "not_reached": [3, 20]})
    # a DataFrame displayed as it is (header text is the column's code) ...
    (folder / "20_coverage.html").write_text("<h2>x</h2>" + small.to_html(index=False))
    # ... a labelled table (the code is in data-column), with a small count planted after disclosure
    disclosed = table_html(small, lang="id", labels={"not_reached": "Belum terjangkau"}, policy=POLICY)
    assert "Belum terjangkau" in disclosed and ">3<" not in disclosed
    planted = disclosed.replace("&lt;5", "2", 1)
    (folder / "30_budget.html").write_text(planted)
    (folder / "executed").mkdir()
    (folder / "executed" / "40.ipynb").write_text(json.dumps({"cells": [
        {"cell_type": "code", "outputs": [{"data": {"text/html": small.to_html().splitlines(True)}}]}]}))
    found = [f for f in audit_report(folder, POLICY) if f.kind == "small_cell"]
    assert {(f.file, f.detail.split(" =")[0]) for f in found} == {
        ("20_coverage.html", "not_reached"), ("30_budget.html", "active_staff"), ("executed/40.ipynb", "not_reached")}
    assert any(f.where == "cell 0 table 1 row 2" for f in found)


def test_disclosed_html_tables_pass_the_audit(tmp_path):
    from analysis.text.html import table_html

    folder = _clean_report(tmp_path / "2026Q3")
    small = pd.DataFrame({"unit_name": ["A", "B", "C"], "active_staff": [7, 40, 1234], "not_reached": [3, 20, 0]})
    (folder / "page.html").write_text(table_html(small, lang="en", policy=POLICY))
    assert audit_report(folder, POLICY) == []


def test_a_recorded_share_that_reveals_a_small_count_is_found(tmp_path):
    folder = _clean_report(tmp_path / "2026Q3")
    (folder / "results.json").write_text(json.dumps({"numbers": [
        {"code": "coverage.dropout_rate", "estimate": 0.25, "n": 8, "unit": "share"},
        {"code": "coverage.share_meeting_20jp", "estimate": 0.5, "n": 40, "unit": "share"}]}))
    found = audit_report(folder, POLICY)
    assert [(f.kind, f.where) for f in found] == [("small_cell", "coverage.dropout_rate (city)")]
