"""End to end: ``kompetensi report`` on the real notebooks and the committed city sample.

One run builds the whole city pack into a temporary reports folder; the test
then reads it as a user would: the brief PDF, one HTML per analysis notebook,
the executed notebooks, the figures, the workbook, results.json, the manifest
(whose checksums must match the sample's files) and reports/index.html.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from analysis.data.paths import NOTEBOOKS_DIR, SAMPLE_DIR
from analysis.report.pipeline import ANALYSIS_NOTEBOOKS, BRIEF_NOTEBOOK

NOTEBOOKS = (*ANALYSIS_NOTEBOOKS, BRIEF_NOTEBOOK)
_missing = [n for n in NOTEBOOKS if not (NOTEBOOKS_DIR / f"{n}.ipynb").exists()]


@pytest.mark.skipif(bool(_missing), reason=f"notebooks not in the checkout yet: {', '.join(_missing)}")
@pytest.mark.skipif(not (SAMPLE_DIR / "employees.csv").exists(), reason="data/sample is not in the checkout")
def test_city_pack_on_the_sample(sample_reports, tmp_path: Path) -> None:
    from openpyxl import load_workbook
    from pypdf import PdfReader

    out, data, outcome = sample_reports  # conftest: built from a copy of the sample, id then en
    report = outcome.path
    period = outcome.period
    assert report == out / period

    pdf = PdfReader(report / f"laporan-{period}.pdf")
    assert len(pdf.pages) >= 2
    assert (report / f"slides-{period}.pptx").stat().st_size > 50_000  # the deck (tests/test_slides.py checks it)
    assert json.loads((report / "brief.json").read_text(encoding="utf-8"))["period"] == period
    for stem in ANALYSIS_NOTEBOOKS:
        html = (report / f"{stem}.html").read_text(encoding="utf-8")
        assert "<html" in html.lower() and len(html) > 5_000
        assert 'src="http' not in html and "<script src" not in html  # self-contained
        assert (report / "executed" / f"{stem}.ipynb").exists()
    figures = list((report / "figures").glob("*.png"))
    assert figures and all(p.with_suffix(".svg").exists() for p in figures)

    book = load_workbook(report / "tables.xlsx", read_only=True)
    assert book.sheetnames[0] == "Sampul" and len(book.sheetnames) > 3

    numbers = json.loads((report / "results.json").read_text(encoding="utf-8"))["numbers"]
    codes = {r["code"] for r in numbers}
    assert any(c.startswith("headline.") for c in codes)
    assert {r["notebook"] for r in numbers} >= {"90_brief"}
    for row in numbers:
        if row["ci_low"] is not None and row["ci_high"] is not None and row["estimate"] is not None:
            assert row["ci_low"] <= row["estimate"] + 1e-9 <= row["ci_high"] + 2e-9, row["code"]

    manifest = json.loads((report / "manifest.json").read_text(encoding="utf-8"))
    for entry in manifest["inputs"]:
        path = data / entry["path"]
        assert hashlib.sha256(path.read_bytes()).hexdigest() == entry["sha256"], entry["path"]
    listed = {e["path"] for e in manifest["inputs"]}
    assert {"employees.csv", "enrollments.csv", "units.csv"} <= listed
    assert manifest["parameters"]["period"] == period
    assert (out / "index.html").read_text(encoding="utf-8").count(period) >= 1
    assert not [p for p in out.iterdir() if ".tmp-" in p.name]

    # the privacy audit passed before publishing; a copy with planted problems fails it
    assert manifest["disclosure"]["audit"] == "passed" and manifest["disclosure"]["min_people"] == 5
    assert str(out.parent) not in (report / "manifest.json").read_text(encoding="utf-8")
    _planted_problems_are_found(report, tmp_path / "planted")


def _planted_problems_are_found(report: Path, copy: Path) -> None:
    """Plant NIPs, a pseudonym, a small cell and an absolute path into a copy of a built report:
    ``kompetensi audit`` finds each one and exits 1; on the clean build it exits 0."""
    import shutil
    from argparse import Namespace

    from openpyxl import load_workbook

    from analysis.data.disclosure import DisclosurePolicy
    from analysis.report.audit import audit_report, cli_audit

    assert cli_audit(Namespace(report_dir=str(report), data=None, disclosure=None)) == 0
    shutil.copytree(report, copy)
    page = next(copy.glob("20_*.html"))
    page.write_text(page.read_text(encoding="utf-8").replace(
        "</body>", "<p>197404152000031002 198001012005012001 ASN-0123456789abcdef</p>"
        '<table><tr><th data-column="not_reached">Belum terjangkau</th></tr><tr><td>3</td></tr></table></body>'),
        encoding="utf-8")
    manifest = json.loads((copy / "manifest.json").read_text(encoding="utf-8"))
    manifest["data_dir"] = "/home/analyst/kompetensi/data/2026Q3"
    (copy / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    book = load_workbook(copy / "tables.xlsx")
    sheet = next(s for s in book.worksheets[1:] if any(c.value == "active_staff" for c in s[4]))
    column = next(c.column for c in sheet[4] if c.value == "active_staff")
    sheet.cell(row=5, column=column, value=3)
    book.save(copy / "tables.xlsx")
    found = audit_report(copy, DisclosurePolicy())
    kinds = {(f.kind, f.file) for f in found}
    assert ("nip", page.name) in kinds and sum(f.kind == "nip" for f in found) == 2
    assert ("pseudonym", page.name) in kinds
    assert ("absolute_path", "manifest.json") in kinds
    assert ("small_cell", "tables.xlsx") in kinds
    assert ("small_cell", page.name) in kinds  # a count in an HTML table
    assert cli_audit(Namespace(report_dir=str(copy), data=None, disclosure=None)) == 1
