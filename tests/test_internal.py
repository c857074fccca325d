"""Internal mode: per-employee lists only with ``--internal``, outside the report, marked as
personal data, recorded in the manifest and skipped by the audit (docs/disclosure.md)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from pathlib import Path

import factories
import pytest
from openpyxl import load_workbook
from test_report_engine import FAKE_RENDER, _request, make_standins

from analysis.cli import build_parser
from analysis.coverage.staff_lists import staff_below_target
from analysis.data.disclosure import DisclosurePolicy
from analysis.report.audit import audit_report
from analysis.report.internal import BELOW_TARGET_FILE, README_FILE, write_internal_lists
from analysis.report.pipeline import build_report

PERIOD = "2026Q3"
PSEUDONYMS = ("ASN-00000000000000a1", "ASN-00000000000000b2", "ASN-00000000000000c3")


def _dataset():
    """E1 (PKM1) 24 JP this year: met; E2 (DINKES) 8 JP in Q1: short by 12, reached within the
    last four quarters; E3 (DISDIK) nothing: short by 20, not reached."""
    e1, e2, e3 = PSEUDONYMS
    enrol = factories.enrollments([
        ("N1", e1, "P1", "2026-07-01", "2026-07-05", "completed", 12.0),
        ("N2", e1, "P1", "2026-08-01", "2026-08-05", "completed", 12.0),
        ("N3", e2, "P2", "2026-02-01", "2026-02-03", "completed", 8.0),
    ])
    return factories.dataset(employees=factories.employees(PSEUDONYMS), enrollments=enrol)


def test_staff_below_target_lists_who_is_short_of_20_jp():
    below = staff_below_target(_dataset(), PERIOD)
    assert below["employee_id"].tolist() == [PSEUDONYMS[1], PSEUDONYMS[2]]  # by agency: DINKES, DISDIK
    got = below.set_index("employee_id")
    assert got.loc[PSEUDONYMS[1], ["jp_ytd", "jp_short"]].tolist() == [8.0, 12.0]
    assert bool(got.loc[PSEUDONYMS[1], "reached_4q"]) and not bool(got.loc[PSEUDONYMS[2], "reached_4q"])
    assert not got["on_track"].any()  # 15 JP needed by Q3


def test_internal_lists_carry_the_warning_and_the_audit_skips_them(tmp_path):
    out = tmp_path / "reports"
    record = write_internal_lists(_dataset(), PERIOD, out, "id")
    folder = out / "internal" / PERIOD
    assert record == {"folder": f"internal/{PERIOD}", "files": [BELOW_TARGET_FILE, README_FILE],
                      "rows": {BELOW_TARGET_FILE: 2}, "warning": record["warning"]}
    sheet = load_workbook(folder / BELOW_TARGET_FILE)["internal"]
    assert sheet["A1"].value.startswith("INTERNAL – DATA PRIBADI")
    assert [c.value for c in sheet[4]][:2] == ["employee_id", "agency_id"]
    assert {sheet["A5"].value, sheet["A6"].value} == {PSEUDONYMS[1], PSEUDONYMS[2]}
    assert (folder / README_FILE).read_text().startswith("INTERNAL – DATA PRIBADI")
    assert audit_report(out, DisclosurePolicy()) == []  # internal/ is not read
    (out / "leak").mkdir()
    (folder / README_FILE).rename(out / "leak" / "copy.txt")
    (out / "leak" / "copy.txt").write_text(PSEUDONYMS[0])
    assert [f.kind for f in audit_report(out, DisclosurePolicy())] == ["pseudonym"]  # anywhere else it is


def test_the_cli_option_is_off_by_default():
    parser = build_parser()
    base = ["report", "--data", "data/sample"]
    assert parser.parse_args(base).internal is False
    assert parser.parse_args([*base, "--internal"]).internal is True


# ---------------------------------------------------------------------------- through the pipeline


@pytest.fixture
def fake_render(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    name = f"standin_render_{hashlib.sha1(str(tmp_path).encode()).hexdigest()[:8]}"
    folder = tmp_path / "renderer"
    folder.mkdir()
    (folder / f"{name}.py").write_text(FAKE_RENDER)
    monkeypatch.syspath_prepend(str(folder))
    return name


def test_a_report_writes_internal_lists_only_when_asked(tmp_path, fake_render):
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    (data_dir / "units.csv").write_text("unit_id,unit_name,agency_id,sector\nDINKES,Dinkes,DINKES,health\n")
    make_standins(tmp_path / "notebooks")

    def loader(path: Path, cache_dir: Path | None = None):
        return replace(_dataset(), source=Path(path))

    outcome = build_report(_request(tmp_path, data_dir, fake_render, period=PERIOD, loader=loader))
    assert not (tmp_path / "reports" / "internal").exists()
    assert "internal" not in json.loads((outcome.path / "manifest.json").read_text())

    outcome = build_report(_request(tmp_path, data_dir, fake_render, period=PERIOD, loader=loader, internal=True))
    manifest = json.loads((outcome.path / "manifest.json").read_text())
    assert manifest["internal"]["folder"] == f"internal/{PERIOD}" and manifest["internal"]["rows"] == {BELOW_TARGET_FILE: 2}
    assert (tmp_path / "reports" / "internal" / PERIOD / BELOW_TARGET_FILE).exists()
    assert not any(p.name == BELOW_TARGET_FILE for p in outcome.path.rglob("*"))  # never inside the report
    assert not any(s in (outcome.path / "manifest.json").read_text() for s in PSEUDONYMS)
