"""`kompetensi validate`: grouped problems and exit 1, a summary and exit 0, a missing folder exit 2."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "io"))
from io_helpers import SALT, copy_minimal, read  # noqa: E402

from analysis.cli import main  # noqa: E402
from analysis.data.errors import Issue  # noqa: E402
from analysis.data.io import format_issues  # noqa: E402


@pytest.fixture(autouse=True)
def _salt(monkeypatch, tmp_path):
    monkeypatch.setenv("KOMPETENSI_SALT", SALT)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))


def test_valid_folder_prints_a_summary(tmp_path, capsys):
    assert main(["validate", str(copy_minimal(tmp_path)), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "OK:" in out and "enrollments" in out and "2025Q1 .. 2025Q3" in out
    assert "2 OPD, 3 units" in out and "employees: 4" in out and "survey" in out


def test_problems_are_grouped_with_counts_and_row_lists(tmp_path, capsys):
    folder = copy_minimal(tmp_path)
    lines = read(folder, "enrollments").splitlines()
    extra = [f"X{i:04d},197409122000031002,P01,2025-02-10,2025-02-13,finished,,,,,," for i in range(1500)]
    (folder / "enrollments.csv").write_text("\n".join(lines + extra) + "\n", encoding="utf-8")
    assert main(["validate", str(folder), "--max-rows", "5", "--lang", "en"]) == 1
    out = capsys.readouterr().out
    assert "1,500 data problems in 1 group" in out
    assert "[enrollments.csv] enrollments.status: 1,500 problems" in out
    assert "rows: 7 (finished), 8 (finished), 9 (finished), 10 (finished), 11 (finished), ... and 1,495 more" in out
    assert "header is row 1" in out
    assert len(out.splitlines()) < 15
    # the same list in Indonesian takes Indonesian thousands separators
    assert main(["validate", str(folder), "--max-rows", "5", "--lang", "id"]) == 1
    out = capsys.readouterr().out
    assert "1.500 masalah data dalam 1 kelompok:" in out
    assert "[enrollments.csv] enrollments.status: 1.500 masalah" in out
    assert "... dan 1.495 lagi" in out and "1,500" not in out and "1,495" not in out


def test_missing_folder_exits_2(tmp_path, capsys):
    assert main(["validate", str(tmp_path / "nope"), "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert "no such folder" in err and len(err.strip().splitlines()) == 1
    assert main(["validate", str(tmp_path / "nope")]) == 2
    assert "folder atau workbook tidak ada" in capsys.readouterr().err


def test_bad_mapping_exits_1_with_the_key(tmp_path, capsys):
    folder = copy_minimal(tmp_path)
    (folder / "mapping.yaml").write_text("tables:\n  budget:\n    colums: {}\n")
    assert main(["validate", str(folder), "--lang", "en"]) == 1
    assert "unknown key 'colums'" in capsys.readouterr().err


def test_a_bad_mapping_is_explained_in_indonesian(tmp_path, capsys):
    folder = copy_minimal(tmp_path)
    (folder / "mapping.yaml").write_text("tables:\n  budget:\n    colums: {}\n  pegawai:\n    file: x.csv\n")
    assert main(["validate", str(folder), "--lang", "id"]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("kompetensi validate: ") and err.endswith(
        "mapping.yaml: kunci 'colums' di bawah tables.budget tidak dikenal (yang diizinkan: file, sheet, "
        "table, query, key, columns, values) (maksud Anda 'columns'?)")
    (folder / "mapping.yaml").write_text("tables:\n  pegawai:\n    file: x.csv\n")
    assert main(["validate", str(folder), "--lang", "id"]) == 1
    err = capsys.readouterr().err
    assert "tabel 'pegawai' di bawah tables tidak dikenal; kontrak memuat units, employees, " in err
    assert "unknown" not in err and "the contract" not in err


def test_a_duplicate_key_names_the_first_row_in_either_language(tmp_path, capsys):
    folder = copy_minimal(tmp_path)
    (folder / "enrollments.csv").write_text(read(folder, "enrollments").replace("E003,", "E001,"), encoding="utf-8")
    assert main(["validate", str(folder), "--lang", "id"]) == 1
    assert "[E001 (sama dengan baris 2)]" in capsys.readouterr().out
    assert main(["validate", str(folder), "--lang", "en"]) == 1
    assert "[E001 (same as row 2)]" in capsys.readouterr().out


def test_format_issues_lists_table_level_problems():
    text = format_issues([Issue("budget", None, None, None, "required table budget is missing: looked for budget.csv")])
    assert "[budget] budget: required table budget is missing: looked for budget.csv" in text.splitlines()
    text = format_issues([Issue("units", 4, None, None, "a quote is never closed", "units.csv")])
    assert "[units.csv, row 4] units: a quote is never closed" in text.splitlines()


def test_validate_speaks_indonesian_by_default(tmp_path, capsys):
    folder = copy_minimal(tmp_path)
    lines = read(folder, "enrollments").splitlines()
    extra = [f"X{i:04d},197409122000031002,P01,2025-02-10,2025-02-13,finished,,,,,," for i in range(3)]
    (folder / "enrollments.csv").write_text("\n".join(lines + extra) + "\n", encoding="utf-8")
    (folder / "budget.csv").write_text(read(folder, "budget").replace("allocated_idr", "alocated_idr"), encoding="utf-8")
    assert main(["validate", str(folder)]) == 1
    out = capsys.readouterr().out
    assert "4 masalah data dalam 2 kelompok:" in out
    assert "'finished' bukan kode yang diizinkan" in out
    assert "kolom wajib allocated_idr tidak ada di budget.csv (ada kolom 'alocated_idr'" in out
    assert "Baris dinomori seperti di spreadsheet" in out
    assert "data problem" not in out and "is missing" not in out
    assert main(["validate", str(copy_minimal(tmp_path, "ok"))]) == 0
    summary = capsys.readouterr().out
    assert "memenuhi kontrak data v1" in summary and "baris per tabel:" in summary and "pegawai:   4" in summary


def test_a_second_unit_head_names_the_first_in_either_language(tmp_path, capsys):
    folder = copy_minimal(tmp_path)
    employees = read(folder, "employees").replace("pns,staff,false,F,1985", "pns,staff,true,F,1985")
    (folder / "employees.csv").write_text(employees, encoding="utf-8")
    assert main(["validate", str(folder), "--lang", "id"]) == 1
    assert "employees.is_unit_head: [DISDUKCAPIL (kepala juga di baris 2)]" in capsys.readouterr().out
    assert main(["validate", str(folder), "--lang", "en"]) == 1
    assert "employees.is_unit_head: [DISDUKCAPIL (head also on row 2)]" in capsys.readouterr().out
