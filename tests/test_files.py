"""analysis.data.files and the CSV reader's structure checks, one by one (the corpus runs them end to end)."""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
import pytest

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "corpus"))
import corpus  # noqa: E402

from analysis.data import files  # noqa: E402
from analysis.data.errors import FileProblem, Issue, clip  # noqa: E402
from analysis.data.io import find_header, read_csv_text, sniff_delimiter  # noqa: E402


def test_what_a_file_is_comes_from_its_bytes() -> None:
    assert files.sniff_kind(b"") == "empty"
    assert files.sniff_kind(b"PK\x03\x04rest") == "zip"
    assert files.sniff_kind(files.OLE2_MAGIC) == "ole2"
    assert files.sniff_kind(b"PAR1....") == "parquet"
    assert files.sniff_kind(b"unit_id,unit_name") == "text"


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_detected(encoding: str) -> None:
    text = "unit_id;unit_name\nA01;Sukaramé\n"
    assert files.decode_bytes(text.encode(encoding)) == (text, encoding)


def test_nul_bytes_are_a_damaged_file_with_the_row() -> None:
    with pytest.raises(FileProblem) as info:
        files.decode_bytes(b"a,b\n1,2\n3,\x004\n")
    assert info.value.problems == [(3, info.value.problems[0][1])] and "NUL" in info.value.problems[0][1]


def test_old_mac_line_endings_read_as_lines(tmp_path: Path) -> None:
    path = tmp_path / "units.csv"
    path.write_bytes(b"unit_id,unit_name\rA01,One\rA02,Two\r")
    frame, rows, header = read_csv_text(path)
    assert header == ["unit_id", "unit_name"] and frame["unit_id"].tolist() == ["A01", "A02"]
    assert rows.tolist() == [2, 3]


def test_delimiter_is_not_swayed_by_a_title_or_commas_in_cells() -> None:
    assert sniff_delimiter("Data pegawai, Kota Binjai\nunit_id;unit_name;sector\nA;Badan, Dinas, Kantor;x\nB;C;y\n") == ";"
    assert sniff_delimiter("a;b;c\n1;t,t,t,t,t,t;3\n") == ";"
    assert sniff_delimiter("a,b,c\n1,2,3\n") == ","


def test_title_rows_are_skipped_and_a_group_heading_is_named(tmp_path: Path) -> None:
    path = tmp_path / "units.csv"
    path.write_text("Daftar unit kerja 2026\n\nunit_id,unit_name\nA01,One\n")
    frame, rows, header = read_csv_text(path, {"unit_id", "unit_name"})
    assert header == ["unit_id", "unit_name"] and rows.tolist() == [4]
    with pytest.raises(FileProblem, match="the header seems to be on row 2"):
        find_header([["Identitas", "", "Lokasi"], ["unit_id", "unit_name", "kecamatan"]], {"unit_id", "unit_name"})
    assert find_header([["NIP", "Nama"], ["1", "x"]], {"unit_id"}) == 0  # a foreign header stays the header


def test_malformed_rows_are_all_located(tmp_path: Path) -> None:
    path = tmp_path / "units.csv"
    path.write_text("unit_id,unit_name\nA01,One,extra\nA02,Two\nA03,Three,x,y\n")
    with pytest.raises(FileProblem) as info:
        read_csv_text(path)
    assert [row for row, _ in info.value.problems] == [2, 4]
    path.write_text('unit_id,unit_name\nA01,One\n"A02,Two\nA03,Three\n')
    with pytest.raises(FileProblem, match="never closed") as info:
        read_csv_text(path)
    assert info.value.problems[0][0] == 3


def test_trailing_empty_cells_are_not_a_problem(tmp_path: Path) -> None:
    path = tmp_path / "units.csv"
    path.write_text("unit_id,unit_name\nA01,One,,\nA02,Two\n")
    frame, rows, _ = read_csv_text(path)
    assert frame["unit_name"].tolist() == ["One", "Two"] and rows.tolist() == [2, 3]


def test_hostile_workbooks_are_refused_before_opening(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.xlsx"
    bomb.write_bytes(corpus.shared_strings_bomb())
    assert bomb.stat().st_size < 1 << 20
    with pytest.raises(FileProblem, match="expands"):
        files.check_workbook(bomb)
    liar = tmp_path / "liar.xlsx"
    liar.write_bytes(corpus.forged_size(corpus.xlsx_bytes(pd.DataFrame({"a": ["x"], "b": ["y"]}))))
    with pytest.raises(FileProblem, match="ceiling"):
        files.check_workbook(liar)
    fine = tmp_path / "fine.xlsx"
    fine.write_bytes(corpus.xlsx_bytes(pd.DataFrame({"a": ["x"], "b": ["y"]})))
    files.check_workbook(fine)


def test_formulas_are_never_evaluated_nor_links_followed(tmp_path: Path) -> None:
    book = tmp_path / "units.xlsx"
    book.write_bytes(corpus.xlsx_bytes(pd.DataFrame({"a": ["x"], "b": ["y"]}), formulas={(0, 1): "='[secret.xlsx]S'!A1"}))
    wb = files.open_workbook(book)
    try:
        values = list(wb.active.iter_rows(values_only=True))
        assert values[1][1] is None  # no saved value, and nothing computed or fetched
        assert not getattr(wb, "_external_links", [])
        assert files.sheet_has_formulas(wb.active)
    finally:
        wb.close()


def test_values_in_messages_are_clipped() -> None:
    assert clip("x" * 1_000_000).endswith("... (1,000,000 characters)") and len(clip("x" * 1_000_000)) < 110
    assert clip("a\x00b\nc") == "a\\x00b\\x0ac"
    assert len(Issue("units", 2, "unit_name", "y" * 5000, "too long").value or "") < 110


def test_a_cell_beyond_the_csv_field_limit_is_located(tmp_path: Path) -> None:
    path = tmp_path / "units.csv"
    path.write_text("unit_id,unit_name\nA01,One,extra\nA02," + "x" * 200_000 + "\n")
    with pytest.raises(FileProblem) as info:
        read_csv_text(path)
    assert [row for row, _ in info.value.problems] == [2, 3]
    assert "32,767" in info.value.problems[1][1]
