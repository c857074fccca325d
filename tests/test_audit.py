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

