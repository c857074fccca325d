"""Validation: every check of the contract, every problem collected, rows numbered as in a spreadsheet."""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
import pytest

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "io"))
from io_helpers import SALT, TODAY, copy_minimal, read, replace, write  # noqa: E402

import analysis  # noqa: E402
from analysis.data.errors import DataValidationError, Issue  # noqa: E402
from analysis.data.validate import (  # noqa: E402
    parse_bool,
    parse_code,
    parse_date,
    parse_number,
    parse_period_text,
    validate_frames,
)


@pytest.fixture(autouse=True)
def _salt(monkeypatch, tmp_path):
    monkeypatch.setenv("KOMPETENSI_SALT", SALT)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))


def issues_of(path, today=TODAY):
    with pytest.raises(DataValidationError) as info:
        analysis.load_dataset(path, today=today)
    return info.value.issues


def one(issues, **match):
    hits = [i for i in issues if all(getattr(i, k) == v for k, v in match.items())]
    assert len(hits) == 1, [str(i) for i in issues]
    return hits[0]


def text(values):
    return pd.Series(values, dtype="string")


# ------------------------------------------------------------------ parsers on their own


def test_parse_number_rules():
    values, bad = parse_number(text(["3,5", "3.5", "1.250,75", "1.250.000", "x", None, "-2"]), "float")
    assert values.tolist()[:4] == [3.5, 3.5, 1250.75, 1250000.0]
    assert bad.tolist() == [False, False, False, False, True, False, False]
    money, bad = parse_number(text(["Rp 1.250.000", "rp1.250", "1,250,000", "1250000.0", "1250000,50", "IDR 10"]), "money")
    assert money.tolist() == [1250000.0, 1250.0, 1250000.0, 1250000.0, 1250000.5, 10.0]
    assert not bad.any()
    ints, bad = parse_number(text(["1985", "1985.0", "1985,5"]), "int")
    assert bad.tolist() == [False, False, True]


def test_parse_bool_spellings():
    values, bad = parse_bool(text(["Ya", "TIDAK", "y", "t", "TRUE", "false", "1", "0", "Yes", "no", "maybe", None]))
    assert values.tolist()[:10] == [True, False, True, False, True, False, True, False, True, False]
    assert bad.tolist() == [False] * 10 + [True, False]


def test_parse_date_formats_and_messages():
    values, msgs = parse_date(text(["2025-01-31", "31/01/2025", "31-01-2025", "31.01.2025", "45688", "45688.0",
                                    "2025-01-31 08:00:00", "13/31/2025", "01/31/2025", "3/1/25", "12", None]))
    jan31 = pd.Timestamp("2025-01-31")
    assert values.tolist()[:7] == [jan31] * 7
    assert msgs.iloc[:7].isna().all() and pd.isna(msgs.iloc[11])
    assert "calendar date" in msgs.iloc[7]
    assert "mm/dd/yyyy" in msgs.iloc[8]
    assert "four digits" in msgs.iloc[9]
    assert "1950-2100" in msgs.iloc[10]


def test_parse_period_and_code():
    values, bad = parse_period_text(text(["2026Q3", "2026-q3", " 2026 Q3 ", "Q3-2026", "2026Q5", "2026/3"]))
    assert values.tolist()[:4] == ["2026Q3"] * 4
    assert bad.tolist() == [False] * 4 + [True, True]
    codes, msgs = parse_code(text(["Health", " E-Learning", "helth", None]), ("health", "e_learning"))
    assert codes.tolist()[:2] == ["health", "e_learning"]
    assert "did you mean 'health'" in msgs.iloc[2]


# ------------------------------------------------------------------ checks on files


def test_missing_table_names_the_files_looked_for(tmp_path):
    folder = copy_minimal(tmp_path)
    (folder / "budget.csv").unlink()
    issue = one(issues_of(folder), table="budget")
    assert issue.row is None and "budget.csv" in issue.message and "budget.parquet" in issue.message


def test_missing_required_column_names_the_file_and_a_close_header(tmp_path):
    folder = copy_minimal(tmp_path)
    text_ = read(folder, "budget").replace("allocated_idr", "alocated_idr")
    (folder / "budget.csv").write_text(text_, encoding="utf-8")
    issue = one(issues_of(folder), table="budget", column="allocated_idr")
    assert issue.file == "budget.csv" and "budget.csv" in issue.message and "alocated_idr" in issue.message


def test_every_problem_is_collected_with_spreadsheet_rows(tmp_path):
    folder = copy_minimal(tmp_path)
    write(folder, "programs", """
        program_id,title,modality,domain,provider_type,provider,jp,cost_per_participant,target_sector,max_score
        P01,Pelayanan Publik Prima,clasroom,socio_cultural,internal,BKPSDM,0,1500000,,100
        P02,Aplikasi SIAK Terpusat,e_learning,technical,government_institute,Ditjen,12,-5,helth,50
    """)
    issues = issues_of(folder)
    assert "did you mean 'classroom'" in one(issues, table="programs", row=2, column="modality").message
    assert "> 0" in one(issues, table="programs", row=2, column="jp").message
    assert ">= 0" in one(issues, table="programs", row=3, column="cost_per_participant").message
    assert "health" in one(issues, table="programs", row=3, column="target_sector").message
    assert len([i for i in issues if i.table == "programs"]) == 4
    assert all(i.file == "programs.csv" for i in issues if i.table == "programs")


def test_required_value_empty(tmp_path):
    folder = copy_minimal(tmp_path)
    replace(folder, "units", "Dinas Kesehatan,DINKES,health", ",DINKES,health")
    issue = one(issues_of(folder), column="unit_name")
    assert issue.row == 3 and "required" in issue.message


def test_ranges_of_contract_and_metrics(tmp_path):
    folder = copy_minimal(tmp_path)
    replace(folder, "enrollments", "60,80,4.5,4", "60,80,6,0")
    replace(folder, "service_metrics", "2025Q1,ikm,82.5", "2025Q1,ikm,120")
    replace(folder, "service_metrics", "processing_days,3.2", "processing_days,-1")
    issues = issues_of(folder)
    assert "between 1 and 5" in one(issues, column="satisfaction").message
    assert one(issues, column="behavior_score").row == 2
    assert "ikm must be between 25 and 100" in one(issues, table="service_metrics", row=2).message
    assert "processing_days must be >= 0" in one(issues, table="service_metrics", row=3).message


def test_patterns_grade_and_metric(tmp_path):
    folder = copy_minimal(tmp_path)
    replace(folder, "employees", "IV/a", "V/a")
    replace(folder, "service_metrics", "processing_days", "Waktu Proses (hari)")
    issues = issues_of(folder)
    assert "III/b" in one(issues, column="grade").message
    assert "lower-case" in one(issues, column="metric").message


def test_duplicate_keys_name_the_other_row(tmp_path):
    folder = copy_minimal(tmp_path)
    replace(folder, "enrollments", "E003,", "E001,")
    replace(folder, "service_metrics", "DISDUKCAPIL,2025Q2,ikm", "DISDUKCAPIL,2025q1,IKM")
    issues = issues_of(folder)
    dup = one(issues, table="enrollments")
    assert (dup.row, dup.column, dup.value) == (4, "enrollment_id", "E001 (same as row 2)")
    dup = one(issues, table="service_metrics")
    assert dup.row == 4 and "same as row 2" in dup.value


def test_references(tmp_path):
    folder = copy_minimal(tmp_path)
    replace(folder, "enrollments", "E002,198503152010012001,P02", "E002,198503152010012001,P99")
    replace(folder, "employees", "DINKES-PKM01,pns", "dinkes-pkm01,pns")
    replace(folder, "recognitions", "198503152010012001", "198001012005011009")
    issues = issues_of(folder)
    prog = one(issues, table="enrollments", column="program_id")
    assert prog.row == 3 and "programs.program_id" in prog.message and prog.value == "P99"
    unit = one(issues, table="employees", column="unit_id")
    assert "differs only in case from 'DINKES-PKM01'" in unit.message
    emp = one(issues, table="recognitions", column="employee_id")
    assert emp.value == "1980xxxxxxxxxxx009" and "employees" in emp.message


def test_agency_must_be_an_opd_row(tmp_path):
    folder = copy_minimal(tmp_path)
    text_ = read(folder, "units") + "DINKES-PKM02,Pustu Sumber Karya,DINKES-PKM01,health,,\n"
    (folder / "units.csv").write_text(text_, encoding="utf-8")
    issue = one(issues_of(folder), column="agency_id")
    assert issue.row == 5 and "OPD" in issue.message


def test_date_order_checks(tmp_path):
    folder = copy_minimal(tmp_path)
    replace(folder, "enrollments", "2025-05-05,2025-05-20", "2025-05-20,2025-05-05")
    replace(folder, "employees", "2021-06-01,2025-09-30", "2021-06-01,2021-06-01")
    issues = issues_of(folder)
    assert "before start_date" in one(issues, column="end_date").message
    assert one(issues, column="exit_date").row == 5


def test_scores_within_the_programmes_max_score(tmp_path):
    folder = copy_minimal(tmp_path)
    replace(folder, "enrollments", "completed,20,40", "completed,20,60")  # P02 has max_score 50
    issue = one(issues_of(folder), column="post_score")
    assert issue.row == 3 and issue.value == "60 (max_score 50)" and "max_score" in issue.message


def test_future_dates_and_periods(tmp_path):
    folder = copy_minimal(tmp_path)
    replace(folder, "recognitions", "2025-09-30", "2025-12-01")
    replace(folder, "service_metrics", "2025Q2,spm_attainment", "2026Q1,spm_attainment")
    replace(folder, "enrollments", "2025-08-11,2025-08-14,dropped", "2025-10-13,2025-10-16,dropped")
    issues = issues_of(folder)
    assert "future" in one(issues, table="recognitions").message
    assert "after the current quarter 2025Q4" in one(issues, table="service_metrics").message
    assert one(issues, table="enrollments", column="end_date").row == 5
    # a registered enrollment may lie in the future (row 6 of the fixture): no issue there
    assert not [i for i in issues if i.table == "enrollments" and i.row == 6]


def test_more_than_one_current_head_per_unit(tmp_path):
    folder = copy_minimal(tmp_path)
    replace(folder, "employees", "staff,false", "staff,true")
    issue = one(issues_of(folder), column="is_unit_head")
    assert issue.row == 3 and "row 2" in issue.value


def test_issue_and_error_texts():
    issue = Issue("employees", 7, "gender", "X", "not allowed: use F or M", "pegawai.csv")
    assert str(issue) == "pegawai.csv, row 7, column gender: [X] not allowed: use F or M"
    err = DataValidationError([issue] * 25, source="data/x")
    assert err.issues == [issue] * 25
    assert "25 data problems in data/x" in str(err) and "and 5 more" in str(err)


def test_validate_frames_in_memory():
    frames = {t: pd.read_csv(Path(__file__).parent / "fixtures" / "io" / "minimal" / f"{t}.csv", dtype=str)
              for t in ("units", "employees", "programs", "enrollments", "assessments", "service_metrics",
                        "budget", "recognitions")}
    result = validate_frames(frames, salt=b"s", today=TODAY)
    assert result.ok, result.issues
    assert result.frames["employees"]["employee_id"].str.startswith("ASN-").all()
    frames["budget"].loc[1, "year"] = "dua ribu"
    result = validate_frames(frames, salt=b"s", today=TODAY)
    assert [(i.table, i.row, i.column) for i in result.issues] == [("budget", 3, "year")]


def test_excel_errors_in_extra_columns_are_a_warning_naming_file_row_and_column(tmp_path):
    folder = copy_minimal(tmp_path)
    lines = read(folder, "budget").strip().splitlines()
    rows = [lines[0] + ",catatan"] + [line + ("," + ("#REF!" if i == 1 else " #n/a " if i == 2 else "ok"))
                                       for i, line in enumerate(lines[1:], start=1)]
    (folder / "budget.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    ds = analysis.load_dataset(folder, today=TODAY)  # a warning, not an error: the column is not analysed
    hits = [w for w in ds.warnings if "Excel error" in w]
    assert len(hits) == 1, ds.warnings
    assert hits[0].startswith("budget.csv: column catatan") and "#REF!" in hits[0]
    assert "2 row(s) (rows 2, 3)" in hits[0]


def test_header_only_tables_the_contract_allows_empty_are_a_warning(tmp_path):
    folder = copy_minimal(tmp_path)
    for table in ("budget", "assessments", "service_metrics", "recognitions"):
        header = read(folder, table).splitlines()[0]
        (folder / f"{table}.csv").write_text(header + "\n", encoding="utf-8")
    ds = analysis.load_dataset(folder, today=TODAY)
    assert len(ds.budget) == 0 and len(ds.assessments) == 0
    assert any("budget.csv: table budget has a header but no rows" in w for w in ds.warnings)
    header = read(folder, "programs").splitlines()[0]
    (folder / "programs.csv").write_text(header + "\n", encoding="utf-8")
    issue = one(issues_of(folder), table="programs")
    assert "has a header but no rows" in issue.message
