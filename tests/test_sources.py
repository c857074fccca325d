"""Database sources: URLs and credentials, mapping.yaml tables and queries, the same located
errors as files, and the worked SQLite example."""

from __future__ import annotations

import os
import shutil
import sqlite3
import sys
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
import yaml

import analysis
from analysis.cli import main
from analysis.data import sources
from analysis.data.errors import DataValidationError, MappingError, SourceError
from analysis.data.mapping import parse_mapping
from analysis.data.paths import DATA_DIR
from analysis.data.pseudonym import pseudonymise, resolve_salt
from analysis.data.sources import (
    DatabaseURL,
    find_password,
    is_database_url,
    parse_url,
    passfile_password,
    redact,
    shown_source,
)
from analysis.report.audit import scan_text

EXAMPLE = DATA_DIR / "examples" / "simpeg_sqlite"
EXAMPLE_URL = f"sqlite:///{EXAMPLE / 'simpeg.db'}"
EXPORT = DATA_DIR / "examples" / "simpeg_export"
TODAY = date(2025, 10, 15)


@pytest.fixture(autouse=True)
def _env(monkeypatch, tmp_path):
    monkeypatch.setenv("KOMPETENSI_SALT", "test")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    for name in ("KOMPETENSI_DB_PASSWORD", "KOMPETENSI_PASSFILE", "PGPASSFILE", "KOMPETENSI_MAPPING"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))


# ---------------------------------------------------------------------------- URLs and credentials


def test_urls_are_told_from_paths():
    assert is_database_url("sqlite:///simpeg.db") and is_database_url("postgresql+psycopg://u@h/db")
    assert not is_database_url("data/sample") and not is_database_url(Path("sqlite:///x.db"))
    assert not is_database_url("C:\\data\\sample")


def test_a_password_in_a_url_is_refused_without_repeating_it():
    with pytest.raises(SourceError) as info:
        parse_url("postgresql://kompetensi:Rahasia123@db.binjai.go.id/simpeg")
    assert "Rahasia123" not in str(info.value)
    assert "KOMPETENSI_DB_PASSWORD" in str(info.value)
    assert redact("mysql://a:Rahasia123@h/db") == "mysql://a:***@h/db"
    assert "Rahasia123" not in shown_source("postgresql://a:Rahasia123@h/db")


@pytest.mark.parametrize(
    ("url", "needle"),
    [
        ("oracle://u@h/db", "not supported"),
        ("postgresql://u@h", "name the database"),
        ("sqlite:///does/not/exist.db", "not found"),
        ("sqlite://", "give the SQLite file"),
    ],
)
def test_unusable_urls_say_why(url, needle):
    with pytest.raises(SourceError, match=needle):
        parse_url(url)


def test_a_missing_driver_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "pymysql", None)
    with pytest.raises(SourceError, match=r"kompetensi-binjai\[mysql\]"):
        sources.create_engine(parse_url("mysql://kompetensi@localhost/simpeg"), [])


def test_passfile_lines_match_with_wildcards_and_escapes(tmp_path):
    passfile = tmp_path / "pass"
    passfile.write_text(
        "# comment\n"
        "db.binjai.go.id:5432:simpeg:kompetensi:first\n"
        "*:*:arsip:*:second\\:with\\:colons\n"
        "*:3306:*:kompetensi:third\n",
        encoding="utf-8",
    )
    assert passfile_password(passfile, "db.binjai.go.id", 5432, "simpeg", "kompetensi") == "first"
    assert passfile_password(passfile, "other", 5432, "arsip", "anyone") == "second:with:colons"
    assert passfile_password(passfile, "h", 3306, "simpeg", "kompetensi") == "third"
    assert passfile_password(passfile, "h", 5432, "simpeg", "kompetensi") is None


def test_password_comes_from_the_environment_then_a_private_passfile(monkeypatch, tmp_path):
    db = DatabaseURL("postgresql://kompetensi@db:5433/simpeg", "postgresql", "x", "simpeg")
    passfile = tmp_path / "pass"
    passfile.write_text("db:5433:simpeg:kompetensi:from-file\n", encoding="utf-8")
    passfile.chmod(0o600)
    monkeypatch.setenv("KOMPETENSI_PASSFILE", str(passfile))
    warnings: list[str] = []
    assert find_password(db, warnings) == "from-file"
    monkeypatch.setenv("KOMPETENSI_DB_PASSWORD", "from-env")
    assert find_password(db, warnings) == "from-env"
    monkeypatch.delenv("KOMPETENSI_DB_PASSWORD")
    if os.name == "posix":
        passfile.chmod(0o644)
        assert find_password(db, warnings) is None
        assert warnings and "chmod 600" in warnings[0]


# ---------------------------------------------------------------------------- mapping.yaml


def test_mapping_reads_tables_queries_and_keys():
    parsed = parse_mapping({"tables": {
        "employees": {"table": "kepegawaian.pegawai", "key": "id_pegawai"},
        "enrollments": {"query": "SELECT * FROM riwayat", "key": ["tahun", "no_urut"]},
    }})
    assert parsed.tables["employees"].table == "kepegawaian.pegawai"
    assert parsed.tables["employees"].key == ("id_pegawai",)
    assert parsed.tables["enrollments"].key == ("tahun", "no_urut")
    assert parsed.to_dict()["enrollments"]["query"] == "SELECT * FROM riwayat"


@pytest.mark.parametrize(
    ("body", "needle"),
    [
        ({"table": "pegawai", "query": "SELECT 1"}, "names both table and query"),
        ({"file": "pegawai.csv", "table": "pegawai"}, "names both file and table"),
        ({"table": "pegawai", "sheet": "Pegawai"}, "sheet goes with a file"),
        ({"table": "pegawai", "key": {"a": 1}}, "key must be a column name"),
    ],
)
def test_mapping_refuses_conflicting_sources(body, needle):
    with pytest.raises(MappingError, match=needle):
        parse_mapping({"tables": {"employees": body}})


def test_mapping_with_a_password_is_refused_and_the_password_not_echoed(tmp_path):
    path = tmp_path / "mapping.yaml"
    path.write_text(
        "tables:\n  employees:\n    query: |\n      SELECT * FROM dblink('postgresql://sa:Rahasia123@10.0.0.5/simpeg', 'x')\n",
        encoding="utf-8",
    )
    with pytest.raises(MappingError) as info:
        analysis.load_dataset(EXAMPLE_URL, mapping=path)
    assert "password" in str(info.value) and "Rahasia123" not in str(info.value)
    assert "tables.employees.query" in str(info.value)


# ---------------------------------------------------------------------------- the worked example


def test_example_database_loads_with_its_mapping():
    before = (EXAMPLE / "simpeg.db").read_bytes()
    ds = analysis.load_dataset(EXAMPLE_URL)
    con = sqlite3.connect(EXAMPLE / "simpeg.db")
    try:
        count = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                 for t in ("unit_kerja", "pegawai", "riwayat_diklat", "indikator_layanan", "survei")}
        nips = [r[0] for r in con.execute("SELECT nip FROM pegawai ORDER BY id_pegawai")]
        women = con.execute("SELECT count(*) FROM pegawai WHERE jenis_kelamin = 'P'").fetchone()[0]
        cost = con.execute("SELECT sum(biaya_riil) FROM riwayat_diklat").fetchone()[0]
    finally:
        con.close()
    assert (len(ds.units), len(ds.employees), len(ds.enrollments), len(ds.service_metrics), len(ds.survey)) == (
        count["unit_kerja"], count["pegawai"], count["riwayat_diklat"], count["indikator_layanan"], count["survei"])
    assert ds.employees["employee_id"].tolist() == pseudonymise(pd.Series(nips, dtype="string"), resolve_salt().value).tolist()
    assert int((ds.employees["gender"] == "F").sum()) == women
    assert ds.enrollments["cost"].sum() == pytest.approx(cost)
    assert set(ds.units["sector"]) <= {"health", "education", "civil_registry", "licensing", "social",
                                       "public_works", "general_admin", "other"}
    assert "id_pegawai" not in ds.employees.columns  # a key read to locate rows is not data
    assert ds.source == EXAMPLE_URL and not [w for w in ds.warnings if "not in the contract" in w]
    assert {str(f.path) for f in ds.files} >= {"simpeg.db:unit_kerja", "simpeg.db:query for enrollments"}
    assert (EXAMPLE / "simpeg.db").read_bytes() == before


def test_example_validates_from_the_command_line(capsys):
    assert main(["validate", EXAMPLE_URL, "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"OK: {EXAMPLE_URL} passes")


def test_command_line_refuses_a_password_url(capsys):
    assert main(["validate", "postgresql://kompetensi:Rahasia123@localhost/simpeg"]) == 1
    err = capsys.readouterr().err
    assert "KOMPETENSI_DB_PASSWORD" in err and "Rahasia123" not in err


def test_the_database_is_read_once_more_but_validated_once(tmp_path, monkeypatch):
    first = analysis.load_dataset(EXAMPLE_URL, cache_dir=tmp_path / "cache")

    def fail(*args, **kwargs):
        raise AssertionError("validated again although the database did not change")

    monkeypatch.setattr(sources, "validate_tables", fail)
    again = analysis.load_dataset(EXAMPLE_URL, cache_dir=tmp_path / "cache")
    assert again.source == EXAMPLE_URL
    pd.testing.assert_frame_equal(first.enrollments, again.enrollments)


def test_a_relative_sqlite_url_resolves_like_a_project_path():
    resolved = sources.resolve_data("sqlite:///data/examples/simpeg_sqlite/simpeg.db")
    assert resolved == EXAMPLE_URL
    assert sources.resolve_data("postgresql://u@h/db") == "postgresql://u@h/db"


# ---------------------------------------------------------------------------- same errors as files


def _export_as_database(folder: Path, db: Path) -> Path:
    """The SIMPEG CSV export as a SQLite database (one table per file, an ``id`` per row
    counting from 101) and a mapping.yaml naming tables instead of files."""
    mapping = yaml.safe_load((folder / "mapping.yaml").read_text(encoding="utf-8"))
    con = sqlite3.connect(db)
    try:
        for body in mapping["tables"].values():
            name = Path(body.pop("file")).stem
            frame = pd.read_csv(folder / f"{name}.csv", sep=";", dtype=str, keep_default_na=False)
            frame.insert(0, "id", range(101, 101 + len(frame)))
            frame.to_sql(name, con, index=False)
            body["table"] = name
            body["key"] = "id"
    finally:
        con.close()
    out = db.with_name("mapping.yaml")
    out.write_text(yaml.safe_dump(mapping, allow_unicode=True), encoding="utf-8")
    return out


def _plant(path: Path, header: str, data_row: int, value: str) -> None:
    frame = pd.read_csv(path, sep=";", dtype=str, keep_default_na=False)
    frame.loc[data_row, header] = value
    frame.to_csv(path, sep=";", index=False)


def test_a_bad_row_gives_the_same_located_error_as_a_file(tmp_path):
    folder = tmp_path / "export"
    shutil.copytree(EXPORT, folder)
    _plant(folder / "pegawai.csv", "Jenis Kelamin", 2, "X")  # third data row: spreadsheet row 4
    _plant(folder / "peserta_diklat.csv", "Tanggal Selesai", 0, "31/02/2025")
    db = tmp_path / "db" / "simpeg.db"
    db.parent.mkdir()
    _export_as_database(folder, db)
    with pytest.raises(DataValidationError) as from_file:
        analysis.load_dataset(folder, today=TODAY)
    with pytest.raises(DataValidationError) as from_db:
        analysis.load_dataset(f"sqlite:///{db}", today=TODAY)

    def what(issues):
        return sorted((i.table, i.column, i.value, i.message) for i in issues)

    assert what(from_db.value.issues) == what(from_file.value.issues)
    assert len(from_file.value.issues) == 2
    by_table = {i.table: i for i in from_db.value.issues}
    file_rows = {i.table: i.row for i in from_file.value.issues}
    assert file_rows == {"employees": 4, "enrollments": 2}
    assert (by_table["employees"].row, by_table["employees"].file) == (103, "pegawai (row = id)")
    assert (by_table["enrollments"].row, by_table["enrollments"].file) == (101, "peserta_diklat (row = id)")
    text = analysis.data.io.format_issues(from_db.value.issues)
    assert "[pegawai (row = id), row 103] employees.gender: [X]" in text


def test_a_nip_stored_as_a_float_is_refused_as_in_a_workbook(tmp_path):
    db = tmp_path / "simpeg.db"
    _export_as_database(EXPORT, db)
    con = sqlite3.connect(db)
    try:
        con.execute("ALTER TABLE pegawai ADD COLUMN nip_angka REAL")
        con.execute("UPDATE pegawai SET nip_angka = CAST(NIP AS REAL)")
    finally:
        con.commit()
        con.close()
    mapping = yaml.safe_load((tmp_path / "mapping.yaml").read_text(encoding="utf-8"))
    columns = mapping["tables"]["employees"]["columns"]
    del columns["NIP"]
    columns["nip_angka"] = "employee_id"
    with pytest.raises(DataValidationError) as info:
        analysis.load_dataset(f"sqlite:///{db}", mapping=mapping, today=TODAY)
    nip = [i for i in info.value.issues if i.table == "employees" and i.column == "employee_id"]
    as_number = [i for i in nip if i.message.startswith("NIP stored as a number")]
    assert {i.row for i in as_number} == set(range(101, 109))  # every row, located by its key
    assert all(i.value and "x" in i.value for i in nip)  # masked, as for a workbook


def test_a_failing_query_is_an_issue_naming_the_table(tmp_path):
    db = tmp_path / "simpeg.db"
    _export_as_database(EXPORT, db)
    mapping = yaml.safe_load((tmp_path / "mapping.yaml").read_text(encoding="utf-8"))
    mapping["tables"]["budget"] = {"query": "SELECT * FROM anggaran_tidak_ada"}
    with pytest.raises(DataValidationError) as info:
        analysis.load_dataset(f"sqlite:///{db}", mapping=mapping, today=TODAY)
    (issue,) = [i for i in info.value.issues if i.table == "budget"]
    assert issue.file == "query for budget" and issue.message.startswith("the query failed: no such table")


def test_a_key_holding_nips_is_never_shown_as_the_row(tmp_path):
    db = tmp_path / "simpeg.db"
    _export_as_database(EXPORT, db)
    mapping = yaml.safe_load((tmp_path / "mapping.yaml").read_text(encoding="utf-8"))
    mapping["tables"]["employees"]["key"] = "NIP"
    mapping["tables"]["employees"]["values"]["gender"] = {"L": "X"}  # every man now has a bad gender
    with pytest.raises(DataValidationError) as info:
        analysis.load_dataset(f"sqlite:///{db}", mapping=mapping, today=TODAY)
    bad = [i for i in info.value.issues if i.table == "employees"]
    assert bad and all(i.file == "pegawai (row = position in the result, ordered by NIP)" for i in bad)
    assert all(1 <= i.row <= 8 for i in bad)


# ---------------------------------------------------------------------------- outputs


def test_the_audit_flags_a_url_with_a_password():
    found = scan_text('{"data_dir": "postgresql://sa:Rahasia123@db/simpeg"}', "manifest.json", "text")
    assert [f.kind for f in found] == ["password"]
    assert "Rahasia123" not in str(found[0])
    assert scan_text('{"data_dir": "postgresql://sa@db/simpeg"}', "manifest.json", "text") == []


def test_the_manifest_shows_the_source_without_password_or_machine_path():
    from analysis.report.assemble import shown_data

    assert shown_data(EXAMPLE_URL) == "sqlite:///data/examples/simpeg_sqlite/simpeg.db"
    assert shown_data("postgresql://kompetensi@db.binjai.go.id/simpeg") == "postgresql://kompetensi@db.binjai.go.id/simpeg"


def test_notebook_setup_takes_a_database_url(tmp_path):
    from analysis.notebook import setup

    nb = setup("00_data_quality", data_dir="sqlite:///data/examples/simpeg_sqlite/simpeg.db", period="2026Q3",
               lang="id", output_dir=tmp_path / "out", theme=False)
    assert nb.data_path == EXAMPLE_URL
    assert len(nb.dataset.employees) == len(analysis.load_dataset(EXAMPLE_URL).employees)


def test_database_values_become_the_texts_a_spreadsheet_shows():
    from datetime import datetime
    from decimal import Decimal

    texts, floats = sources.cell_texts([1, None, 2**70, 197409122000031002])
    assert texts.tolist()[0] == "1" and texts.isna().tolist() == [False, True, False, False]
    assert texts.tolist()[2:] == [str(2**70), "197409122000031002"] and not floats.any()
    texts, floats = sources.cell_texts([Decimal("1250000.00"), Decimal("3.50"), 2.5, date(2025, 2, 10),
                                        datetime(2025, 2, 10, 8, 30), True, b"Ya"])
    assert texts.tolist() == ["1250000", "3.5", "2.5", "2025-02-10", "2025-02-10", "TRUE", "Ya"]
    assert floats.tolist() == [False, True, True, False, False, False, False]


def test_a_report_refuses_a_password_url_before_anything_starts():
    from analysis.report.errors import ReportError
    from analysis.report.pipeline import ReportRequest
    from analysis.report.plan import make_plan

    with pytest.raises(ReportError) as info:
        make_plan(ReportRequest(data="postgresql://kompetensi:Rahasia123@localhost/simpeg"))
    assert "KOMPETENSI_DB_PASSWORD" in str(info.value) and "Rahasia123" not in str(info.value)
    plan = make_plan(ReportRequest(data="sqlite:///data/examples/simpeg_sqlite/simpeg.db"))
    assert plan.data_dir == EXAMPLE_URL  # absolute: the notebooks run in the build folder


def test_the_committed_example_is_what_the_script_builds_from_the_sample(tmp_path):
    """The example follows the sample: rebuild it with scripts/build_simpeg_sqlite.py when this fails."""
    import importlib.util

    script = DATA_DIR.parent / "scripts" / "build_simpeg_sqlite.py"
    spec = importlib.util.spec_from_file_location("build_simpeg_sqlite", script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    counts = module.build(tmp_path)

    def dump(path: Path) -> list[str]:
        con = sqlite3.connect(path)
        try:
            return list(con.iterdump())
        finally:
            con.close()

    assert dump(tmp_path / "simpeg.db") == dump(EXAMPLE / "simpeg.db")
    assert (tmp_path / "mapping.yaml").read_text(encoding="utf-8") == (EXAMPLE / "mapping.yaml").read_text(encoding="utf-8")
    assert (EXAMPLE / "simpeg.db").stat().st_size < 600 * 1024 and counts["pegawai"] >= 300
