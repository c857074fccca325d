"""Reading real-world files: encodings, delimiters, number and date formats, Excel and Parquet."""

from __future__ import annotations

import hashlib
import sys
from datetime import date, datetime
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "io"))
from io_helpers import NIPS, SALT, TODAY, copy_minimal, read, replace, write  # noqa: E402

import analysis  # noqa: E402
from analysis.data import io as aio  # noqa: E402
from analysis.data.contract import PSEUDONYM_PATTERN, TABLES  # noqa: E402
from analysis.data.dataset import DTYPES  # noqa: E402
from analysis.data.pseudonym import pseudonym  # noqa: E402


@pytest.fixture(autouse=True)
def _salt(monkeypatch, tmp_path):
    monkeypatch.setenv("KOMPETENSI_SALT", SALT)
    monkeypatch.delenv("KOMPETENSI_SALT_FILE", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))


def load(path, **kw):
    return analysis.load_dataset(path, today=kw.pop("today", TODAY), **kw)


def issues_of(path, **kw):
    with pytest.raises(analysis.DataValidationError) as info:
        load(path, **kw)
    return info.value.issues


def test_minimal_dataset_loads_typed_and_pseudonymised(tmp_path):
    ds = load(copy_minimal(tmp_path))
    for name, frame in ds.tables.items():
        for col in TABLES[name].columns:
            assert str(frame[col.name].dtype) == DTYPES[col.type], (name, col.name)
    assert ds.employees["employee_id"].str.fullmatch(PSEUDONYM_PATTERN[1:-1]).all()
    salt = SALT.encode()
    assert ds.employees["employee_id"].tolist() == [pseudonym(n, salt) for n in NIPS]
    # the same NIP maps to the same pseudonym in every table
    assert set(ds.enrollments["employee_id"]) <= set(ds.employees["employee_id"])
    assert ds.programs["max_score"].tolist() == [100.0, 50.0]
    assert ds.survey is None
    assert any("survey" in w for w in ds.warnings)


def test_raw_nips_never_leave_the_loader(tmp_path):
    ds = load(copy_minimal(tmp_path))
    text = "".join(frame.astype(str).to_csv() for frame in ds.tables.values())
    for nip in NIPS:
        assert nip not in text


@pytest.mark.parametrize(
    ("encoding", "bom"), [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("cp1252", b"")]
)
def test_encodings(tmp_path, encoding, bom):
    folder = copy_minimal(tmp_path)
    text = read(folder, "units").replace("Puskesmas Binjai Kota", "Puskesmas Sukaramé – Utara")
    (folder / "units.csv").write_bytes(bom + text.encode(encoding))
    ds = load(folder)
    assert ds.units["unit_name"].iloc[2] == "Puskesmas Sukaramé – Utara"
    assert ds.units.columns[0] == "unit_id"  # the BOM is not part of the first header


def test_semicolon_delimiter_decimal_commas_and_thousands_dots(tmp_path):
    folder = copy_minimal(tmp_path)
    write(folder, "programs", """
        program_id;title;modality;domain;provider_type;provider;jp;cost_per_participant;target_sector;max_score
        P01;Pelayanan Publik, Prima;classroom;socio_cultural;internal;BKPSDM;24;Rp 1.500.000;;100
        P02;Aplikasi SIAK;e_learning;technical;government_institute;Ditjen;12,5;250.000;civil_registry;50
    """)
    write(folder, "enrollments", """
        enrollment_id;employee_id;program_id;start_date;end_date;status;pre_score;post_score;satisfaction;behavior_score;jp_credited;cost
        E001;197409122000031002;P01;2025-02-10;2025-02-13;completed;60,5;80;4,5;4;;Rp1.250.000,50
        E002;198503152010012001;P02;2025-05-05;2025-05-20;completed;20;40;4;;3,25;1,250,000
    """)
    ds = load(folder)
    assert ds.programs["title"].iloc[0] == "Pelayanan Publik, Prima"
    assert ds.programs["cost_per_participant"].tolist() == [1_500_000.0, 250_000.0]
    assert ds.programs["jp"].tolist() == [24.0, 12.5]
    e = ds.enrollments
    assert e["pre_score"].tolist() == [60.5, 20.0]
    assert e["satisfaction"].tolist() == [4.5, 4.0]
    assert e["jp_credited"].iloc[1] == 3.25
    assert e["cost"].tolist() == [1_250_000.5, 1_250_000.0]


def test_date_formats(tmp_path):
    folder = copy_minimal(tmp_path)
    serial = (pd.Timestamp("2025-02-13") - pd.Timestamp("1899-12-30")).days
    replace(folder, "enrollments", "2025-02-10,2025-02-13", f"10/02/2025,{serial}")
    replace(folder, "enrollments", "2025-05-05,2025-05-20", "05-05-2025,2025-05-20 00:00:00")
    ds = load(folder)
    e = ds.enrollments
    assert e["start_date"].iloc[0] == pd.Timestamp("2025-02-10")
    assert e["end_date"].iloc[0] == pd.Timestamp("2025-02-13")
    assert e["start_date"].iloc[1] == pd.Timestamp("2025-05-05")
    assert e["end_date"].iloc[1] == pd.Timestamp("2025-05-20")


def test_bad_dates_are_reported_with_the_fix(tmp_path):
    folder = copy_minimal(tmp_path)
    replace(folder, "enrollments", "2025-02-10,2025-02-13", "02/13/2025,2025-02-13")  # US order
    replace(folder, "enrollments", "2025-05-05,2025-05-20", "31/02/2025,20/05/25")
    found = {(i.row, i.column): i.message for i in issues_of(folder)}
    assert "mm/dd/yyyy" in found[(2, "start_date")]
    assert "no such calendar date" in found[(3, "start_date")]
    assert "four digits" in found[(3, "end_date")]


def test_stray_spaces_mixed_case_codes_and_booleans(tmp_path):
    folder = copy_minimal(tmp_path)
    write(folder, "employees", """
        employee_id,unit_id,employment_type,position_type,is_unit_head,gender,birth_year,education,hire_date,exit_date,grade
        " 197409122000031002 ", DISDUKCAPIL ,PNS,Administrator,Ya,m,1974,S2,2000-03-01,,iv/A
        198503152010012001,DISDUKCAPIL, pns ,STAFF,Tidak,F,1985,s1,2010-01-01,,III / b
        19900101 201503 1 003,DINKES-PKM01,pns,functional,Y,M,1990,D3,2015-03-01,,III/a
        '199511102021212005,DINKES,PPPK,Functional,T,f,1995,s1,2021-06-01,2025-09-30,ix
    """)
    ds = load(folder)
    emp = ds.employees
    assert emp["unit_id"].tolist()[:2] == ["DISDUKCAPIL", "DISDUKCAPIL"]
    assert emp["employment_type"].tolist() == ["pns", "pns", "pns", "pppk"]
    assert emp["position_type"].tolist() == ["administrator", "staff", "functional", "functional"]
    assert emp["gender"].tolist() == ["M", "F", "M", "F"]
    assert emp["education"].tolist() == ["s2", "s1", "d3", "s1"]
    assert emp["grade"].tolist() == ["IV/a", "III/b", "III/a", "IX"]
    assert emp["is_unit_head"].tolist() == [True, False, True, False]
    assert emp["employee_id"].tolist() == [pseudonym(n, SALT.encode()) for n in NIPS]


@pytest.mark.parametrize(
    ("true", "false"),
    [("Ya", "Tidak"), ("Y", "T"), ("TRUE", "FALSE"), ("true", "false"), ("1", "0"), ("yes", "no")],
)
def test_boolean_spellings(tmp_path, true, false):
    folder = copy_minimal(tmp_path)
    replace(folder, "employees", "administrator,true", f"administrator,{true}")
    replace(folder, "employees", "staff,false", f"staff,{false}")
    assert load(folder).employees["is_unit_head"].tolist()[:2] == [True, False]


def test_unknown_boolean_is_an_error(tmp_path):
    folder = copy_minimal(tmp_path)
    replace(folder, "employees", "administrator,true", "administrator,mungkin")
    (issue,) = issues_of(folder)
    assert (issue.table, issue.row, issue.column, issue.value) == ("employees", 2, "is_unit_head", "mungkin")
    assert "Ya or Tidak" in issue.message


@pytest.mark.parametrize("shown", ["1,97409E+17", "1.97409E+17", "1.97409122000031E+17"])
def test_nip_in_scientific_notation_is_an_error(tmp_path, shown):
    folder = copy_minimal(tmp_path)
    replace(folder, "employees", "197409122000031002,DISDUKCAPIL", f'"{shown}",DISDUKCAPIL')
    replace(folder, "enrollments", "E001,197409122000031002", f'E001,"{shown}"')
    issues = issues_of(folder)
    sci = [i for i in issues if "scientific notation" in i.message]
    assert {(i.table, i.row, i.column) for i in sci} == {("employees", 2, "employee_id"), ("enrollments", 2, "employee_id")}
    assert "format the NIP column as Text" in sci[0].message
    assert "re-export" in sci[0].message
    # the value shown is masked
    assert all(shown not in str(i) for i in issues)


def test_nip_truncated_to_15_digits_is_an_error(tmp_path):
    folder = copy_minimal(tmp_path)
    replace(folder, "employees", "197409122000031002", "197409122000031000")
    issues = issues_of(folder)
    trunc = [i for i in issues if "ends in 000" in i.message]
    assert [(i.table, i.row) for i in trunc] == [("employees", 2)]
    assert trunc[0].value == "1974xxxxxxxxxxx000"
    assert "Text" in trunc[0].message


@pytest.mark.parametrize(
    ("nip", "needle"),
    [
        ("197413122000031002", "birth date"),  # month 13
        ("197409122000131002", "appointment month"),  # month 13
        ("197409121990031002", "before age 17"),
        ("197409122000033002", "digit 15"),
        ("19740912200003100", "18 digits"),
        ("197409122099031002", "future"),
    ],
)
def test_nip_structure(tmp_path, nip, needle):
    folder = copy_minimal(tmp_path)
    replace(folder, "employees", "197409122000031002", nip)
    issues = issues_of(folder)
    hits = [i for i in issues if i.table == "employees" and i.row == 2 and needle in i.message]
    assert hits, [str(i) for i in issues]
    assert nip not in " ".join(str(i) for i in issues)


def test_pppk_nip_with_month_21_is_valid(tmp_path):
    ds = load(copy_minimal(tmp_path))  # NIPS[3] is a PPPK NIP: 2021 + 21
    assert len(ds.employees) == 4


def test_nip_cross_checked_with_gender_and_birth_year(tmp_path):
    folder = copy_minimal(tmp_path)
    replace(folder, "employees", "true,M,1974", "true,F,1975")
    found = {(i.column, i.row) for i in issues_of(folder)}
    assert ("gender", 2) in found and ("birth_year", 2) in found


def test_existing_pseudonyms_pass_through(tmp_path):
    folder = copy_minimal(tmp_path)
    pseudo = pseudonym(NIPS[0], b"another salt")
    for table in ("employees", "enrollments", "assessments"):
        text = read(folder, table).replace(NIPS[0], pseudo)
        (folder / f"{table}.csv").write_text(text, encoding="utf-8")
    ds = load(folder)
    assert ds.employees["employee_id"].iloc[0] == pseudo
    assert (ds.enrollments["employee_id"] == pseudo).sum() == 1


def test_blank_lines_and_trailing_delimiters_keep_row_numbers(tmp_path):
    folder = copy_minimal(tmp_path)
    text = read(folder, "budget").replace("\nDINKES", "\n,,\nDINKES") + ",,\n"
    text = text.replace("DINKES,2025,120000000", "DINKES,2025,banyak")
    (folder / "budget.csv").write_text(text, encoding="utf-8")
    (issue,) = issues_of(folder)
    assert (issue.table, issue.row, issue.column, issue.file) == ("budget", 4, "allocated_idr", "budget.csv")


def _frames_from_minimal(folder: Path) -> dict[str, pd.DataFrame]:
    return {t: pd.read_csv(folder / f"{t}.csv", dtype=str, keep_default_na=False) for t in TABLES if (folder / f"{t}.csv").exists()}


def test_xlsx_files_per_table_with_native_dates_and_numbers(tmp_path):
    src = copy_minimal(tmp_path, "src")
    folder = tmp_path / "xlsx"
    folder.mkdir()
    for name, frame in _frames_from_minimal(src).items():
        frame = frame.replace("", None)
        if name == "enrollments":
            frame["start_date"] = pd.to_datetime(frame["start_date"])  # native Excel dates
            frame["pre_score"] = pd.to_numeric(frame["pre_score"])
        if name == "programs":
            frame["cost_per_participant"] = pd.to_numeric(frame["cost_per_participant"])
        frame.to_excel(folder / f"{name}.xlsx", index=False)
    ds = load(folder)
    assert ds.enrollments["start_date"].iloc[0] == pd.Timestamp("2025-02-10")
    assert ds.enrollments["pre_score"].iloc[0] == 60.0
    assert ds.programs["cost_per_participant"].tolist() == [1_500_000.0, 250_000.0]


def _workbook(src: Path, path: Path, edit=None) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, frame in _frames_from_minimal(src).items():
        ws = wb.create_sheet(name)
        ws.append(list(frame.columns))
        for row in frame.itertuples(index=False):
            ws.append([None if v == "" else v for v in row])
        if edit:
            edit(name, ws)
    wb.save(path)


def test_workbook_with_a_sheet_per_table(tmp_path):
    src = copy_minimal(tmp_path, "src")
    book = tmp_path / "book" / "data_binjai.xlsx"
    book.parent.mkdir()
    _workbook(src, book)
    by_file = load(book)
    by_folder = load(book.parent)
    assert len(by_file.enrollments) == len(by_folder.enrollments) == 5
    assert by_file.files[0].path == book and set(by_file.files[0].tables) == set(TABLES) - {"survey"}


def test_workbook_nip_stored_as_number_and_sheet_row_numbers(tmp_path):
    src = copy_minimal(tmp_path, "src")
    book = tmp_path / "book.xlsx"

    def edit(name, ws):
        if name == "employees":
            ws.insert_rows(1, amount=2)  # a title block above the header
            ws["A1"] = "Data Pegawai Kota Binjai"
            ws["A6"] = float(NIPS[3])  # Excel keeps 15 significant digits
        if name == "enrollments":
            ws["D2"] = datetime(2025, 2, 10)
            ws["E2"] = 45701  # Excel serial of 2025-02-13

    _workbook(src, book, edit)
    issues = issues_of(book)
    nip = [i for i in issues if i.column == "employee_id" and i.table == "employees"]
    assert [i.row for i in nip] == [6]
    assert "stored as a number" in nip[0].message and "Text" in nip[0].message
    assert nip[0].file == "book.xlsx[employees]"
    assert not [i for i in issues if i.table == "enrollments" and i.column in ("start_date", "end_date")]


def test_parquet_files_and_part_folders(tmp_path):
    src = copy_minimal(tmp_path, "src")
    folder = tmp_path / "pq"
    folder.mkdir()
    frames = _frames_from_minimal(src)
    for name, frame in frames.items():
        frame = frame.replace("", None)
        if name == "enrollments":
            (folder / name).mkdir()
            typed = frame.assign(
                start_date=pd.to_datetime(frame["start_date"]),
                pre_score=pd.to_numeric(frame["pre_score"]),
            )
            typed.iloc[:3].to_parquet(folder / name / "part-0000.parquet", index=False)
            typed.iloc[3:].to_parquet(folder / name / "part-0001.parquet", index=False)
        else:
            frame.to_parquet(folder / f"{name}.parquet", index=False)
    ds = load(folder)
    assert len(ds.enrollments) == 5
    assert ds.enrollments["pre_score"].iloc[0] == 60.0
    assert len([f for f in ds.files if "enrollments" in f.tables]) == 2
    # a problem in the second part names that part and its own record number + 1
    bad = pd.read_parquet(folder / "enrollments" / "part-0001.parquet")
    bad.loc[0, "status"] = "selesai"
    bad.to_parquet(folder / "enrollments" / "part-0001.parquet", index=False)
    (issue,) = issues_of(folder)
    assert (issue.file, issue.row, issue.column) == ("enrollments/part-0001.parquet", 2, "status")


def test_parquet_nip_as_float_is_an_error(tmp_path):
    src = copy_minimal(tmp_path, "src")
    folder = tmp_path / "pq"
    folder.mkdir()
    for name, frame in _frames_from_minimal(src).items():
        frame = frame.replace("", None)
        if name == "recognitions":
            frame["employee_id"] = frame["employee_id"].astype(float)
        frame.to_parquet(folder / f"{name}.parquet", index=False)
    issues = issues_of(folder)
    assert [(i.table, i.row, i.column) for i in issues if "stored as a number" in i.message] == [("recognitions", 2, "employee_id")]


def _checksums(folder: Path) -> dict[str, tuple[str, int]]:
    return {
        str(p.relative_to(folder)): (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*")) if p.is_file()
    }


def test_input_files_are_never_modified(tmp_path):
    good = copy_minimal(tmp_path, "good")
    bad = copy_minimal(tmp_path, "bad")
    replace(bad, "employees", "true,M,1974", "mungkin,X,1974")
    before = {"good": _checksums(good), "bad": _checksums(bad)}
    ds = load(good, cache_dir=tmp_path / "cache")
    load(good, cache_dir=tmp_path / "cache")
    issues_of(bad)
    assert _checksums(good) == before["good"] and _checksums(bad) == before["bad"]
    assert {f.path.name: f.sha256 for f in ds.files} == {
        Path(k).name: v[0] for k, v in before["good"].items()
    }


def test_cache_is_reused_and_keyed_by_inputs_and_salt(tmp_path, monkeypatch):
    folder = copy_minimal(tmp_path)
    cache = tmp_path / "cache"
    first = load(folder, cache_dir=cache)
    (key,) = [p for p in cache.iterdir() if not p.name.startswith(".")]
    assert sorted(p.name for p in key.iterdir()) == sorted(
        [f"{t}.parquet" for t in first.tables] + ["meta.json"]
    )
    cached_text = "".join(p.read_bytes().hex() for p in key.iterdir())
    assert all(n.encode().hex() not in cached_text for n in NIPS)  # no raw NIP in the cache

    def boom(*a, **k):
        raise AssertionError("validated again")

    monkeypatch.setattr(aio, "validate_tables", boom)
    second = load(folder, cache_dir=cache)
    for name, frame in first.tables.items():
        pd.testing.assert_frame_equal(frame, second.tables[name])
    assert second.files == first.files
    # another salt or changed input is another key (and validates again)
    monkeypatch.setenv("KOMPETENSI_SALT", "another")
    with pytest.raises(AssertionError, match="validated again"):
        load(folder, cache_dir=cache)
    monkeypatch.setenv("KOMPETENSI_SALT", SALT)
    replace(folder, "budget", "45000000", "45000001")
    with pytest.raises(AssertionError, match="validated again"):
        load(folder, cache_dir=cache)


def test_missing_folder_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="not found"):
        analysis.load_dataset(tmp_path / "nope")


def test_single_csv_is_refused_with_advice(tmp_path):
    folder = copy_minimal(tmp_path)
    with pytest.raises(ValueError, match="give the folder"):
        load(folder / "units.csv")


def test_two_files_for_one_table_is_an_error(tmp_path):
    folder = copy_minimal(tmp_path)
    pd.read_csv(folder / "budget.csv").to_parquet(folder / "budget.parquet")
    issues = issues_of(folder)
    assert any(i.table == "budget" and "more than one file" in i.message for i in issues)


def test_extra_columns_and_files_are_kept_with_warnings(tmp_path):
    folder = copy_minimal(tmp_path)
    text = read(folder, "budget").replace("allocated_idr", "allocated_idr,catatan")
    text = text.replace("45000000", "45000000,APBD murni").replace("120000000", "120000000,")
    (folder / "budget.csv").write_text(text, encoding="utf-8")
    (folder / "notes.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    ds = load(folder)
    assert ds.budget["catatan"].tolist()[0] == "APBD murni"
    assert any("catatan" in w for w in ds.warnings)
    assert any("notes.csv" in w for w in ds.warnings)


def test_header_case_and_spaces_are_matched(tmp_path):
    folder = copy_minimal(tmp_path)
    text = read(folder, "budget").replace("agency_id,year,allocated_idr", "Agency ID, Year ,Allocated-IDR")
    (folder / "budget.csv").write_text(text, encoding="utf-8")
    assert load(folder).budget["allocated_idr"].sum() == 165_000_000


def test_float_values_of_typed_columns(tmp_path):
    folder = copy_minimal(tmp_path)
    replace(folder, "assessments", "managerial,3,4", "managerial,3.5,4")
    (issue,) = issues_of(folder)
    assert (issue.column, issue.row, issue.value) == ("score", 2, "3.5")
    assert "whole number" in issue.message


def test_lazy_exports():
    assert analysis.Dataset.__name__ == "Dataset"
    assert issubclass(analysis.DataValidationError, ValueError)
    assert np.issubdtype(np.int64, np.integer)
    assert date.today()


def test_salt_warning_with_the_per_installation_salt_and_cache(tmp_path, monkeypatch):
    monkeypatch.delenv("KOMPETENSI_SALT")
    folder = copy_minimal(tmp_path)
    first = load(folder, cache_dir=tmp_path / "cache")
    salt_file = tmp_path / "config" / "kompetensi" / "salt"
    assert salt_file.is_file()
    (created,) = [w for w in first.warnings if w.startswith("No pseudonymisation salt")]
    assert str(salt_file) in created and "created" in created
    second = load(folder, cache_dir=tmp_path / "cache")  # cache hit
    assert [w for w in second.warnings if w.startswith("No pseudonymisation salt")] == [created.replace("created a new", "used the")]
    assert second.employees["employee_id"].equals(first.employees["employee_id"])
