"""The DuckDB engine (national scale) against the pandas functions, its located errors, and sizes.

- Both engines give the same KPI tables by agency and the same unit panel on the city sample
  (written as Parquet parts) and on a generated multi-district sample.
- The SQL pseudonym equals :func:`analysis.data.pseudonym.pseudonym`.
- A bad row planted in a Parquet part is reported with its part file and row; the one-scan
  loader reports exactly the issues of the full row-by-row check.
- ``kompetensi sample --employees N`` builds about N employees.
"""

from __future__ import annotations

import hashlib
import hmac
import shutil
from datetime import date
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from analysis import scale
from analysis.cli import main
from analysis.data.engine import (
    EngineSettings,
    connect,
    contract_issues,
    load_checked,
    open_scaled,
    part_files,
)
from analysis.data.errors import DataValidationError
from analysis.data.pseudonym import hmac_keys, pseudonym, pseudonym_sql
from analysis.sample import districts, write_sample
from analysis.scale import choose_engine, input_bytes, kpis, pandas_kpi_tables

SMALL = EngineSettings(memory_limit="1GB", threads=1)


def _write_parts(ds, folder: Path) -> Path:
    """The dataset's tables as ``<table>/part-00001.parquet`` (pseudonyms pass through on load)."""
    for name, frame in ds.tables.items():
        (folder / name).mkdir(parents=True)
        frame.to_parquet(folder / name / "part-00001.parquet", index=False)
    return folder


def _agree(expected: dict[str, pd.DataFrame], got: dict[str, pd.DataFrame]) -> None:
    assert set(expected) == set(got)
    for name, want in expected.items():
        have = got[name]
        if name != "unit_panel":  # by agency: the same agencies, compared in one order
            assert want["agency_id"].is_unique
            want = want.sort_values("agency_id").reset_index(drop=True)
            have = have.sort_values("agency_id").reset_index(drop=True)
        assert list(have.columns) == list(want.columns), name
        assert len(have) == len(want), name
        pd.testing.assert_frame_equal(have, want, check_dtype=False, check_exact=True, obj=name)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A two-district sample of about 12,000 employees in Parquet parts."""
    return write_sample(tmp_path_factory.mktemp("scale") / "parts", scale=12_000, seed=11)


def test_engines_agree_on_the_city_sample(sample, tmp_path: Path) -> None:
    ds = sample[0]
    sd = open_scaled(_write_parts(ds, tmp_path / "parts"), SMALL)
    try:
        kpis.prepare(sd)
        for period in (ds.latest_period, f"{int(ds.latest_period[:4]) - 1}Q4"):
            _agree(pandas_kpi_tables(ds, period), kpis.kpi_tables(sd, period))
    finally:
        sd.close()


def test_engines_agree_on_a_generated_multi_district_sample(generated: Path) -> None:
    from analysis.data.io import load_dataset

    ds = load_dataset(generated)
    assert ds.units["agency_id"].nunique() > 60  # more than one district's agencies
    sd = open_scaled(generated, SMALL)
    try:
        got = kpis.kpi_tables(sd, ds.latest_period)
        assert sd.rows("employees") == len(ds.employees)
        # pseudonymised with the same salt as the loader: the same ids
        ids = sd.df("SELECT employee_id FROM employees")["employee_id"]
        assert set(ids) == set(ds.employees["employee_id"])
    finally:
        sd.close()
    _agree(pandas_kpi_tables(ds, ds.latest_period), got)


def test_loaded_tables_name_employees_by_an_integer_key(generated: Path) -> None:
    """One integer key per employee; the other tables carry the key only, each row pointing at
    the employee of its NIP (the enrollments' pseudonyms computed independently by the loader)."""
    from analysis.data.io import load_dataset

    ds = load_dataset(generated)
    sd = open_scaled(generated, SMALL)
    try:
        emp = sd.df("SELECT employee_id, employee_key FROM employees")
        assert emp["employee_key"].is_unique and emp["employee_id"].is_unique
        assert sorted(emp["employee_key"]) == list(range(1, len(emp) + 1))
        for table in ("enrollments", "assessments", "survey", "recognitions"):
            cols = set(sd.df(f"SELECT * FROM {table} LIMIT 0").columns)
            assert "employee_key" in cols and "employee_id" not in cols, table
        via_key = sd.df("SELECT r.enrollment_id, e.employee_id FROM enrollments r "
                        "JOIN employees e ON e.employee_key = r.employee_key")
    finally:
        sd.close()
    want = ds.enrollments.set_index("enrollment_id")["employee_id"].astype(str)
    got = via_key.set_index("enrollment_id")["employee_id"].astype(str)
    assert len(got) == len(want)
    assert got.sort_index().equals(want.sort_index())


def test_repeated_keys_counts_the_groups_of_repeated_keys() -> None:
    from analysis.data.engine import _repeated_keys

    con = connect(SMALL)
    try:
        con.execute("CREATE TABLE t AS SELECT * FROM (VALUES (1, 'x'), (1, 'y'), (2, 'x'), (1, 'x'), "
                    "(2, 'x'), (2, 'x'), (3, 'z')) v(a, b)")
        assert _repeated_keys(con, "t", "a, b") == 2  # (1, x) twice, (2, x) three times
        assert _repeated_keys(con, "t", "a") == 2
        assert _repeated_keys(con, "(SELECT DISTINCT a, b FROM t)", "a, b") == 0
    finally:
        con.close()


@pytest.mark.parametrize("salt", [b"k", b"0123456789abcdef" * 4, b"x" * 100])
def test_sql_pseudonym_is_the_hmac_pseudonym(salt: bytes) -> None:
    values = ["197409122000031002", "199912312022011001", "ASN-0123456789abcdef", "200101012025212001"]
    con = connect(SMALL)
    ipad, opad = hmac_keys(salt)
    con.execute("CREATE TEMP TABLE hmac_keys AS SELECT ?::BLOB AS ipad, ?::BLOB AS opad", [ipad, opad])
    con.execute("CREATE TEMP TABLE v AS SELECT unnest(?::VARCHAR[]) AS nip", [values])
    got = [r[0] for r in con.execute(f"SELECT {pseudonym_sql('nip')} FROM v").fetchall()]
    assert got == [pseudonym(v, salt) for v in values]
    expected = "ASN-" + hmac.new(salt, values[0].encode(), hashlib.sha256).hexdigest()[:16]
    assert got[0] == expected and got[2] == values[2]


def _edit_part(path: Path, column: str, row: int, value: object) -> None:
    table = pq.read_table(path)
    values = table.column(column).to_pylist()
    values[row] = value
    i = table.schema.get_field_index(column)
    table = table.set_column(i, table.schema.field(i), pa.array(values, type=table.schema.field(i).type))
    pq.write_table(table, path)


def test_a_bad_row_in_a_part_is_located_by_file_and_row(generated: Path, tmp_path: Path) -> None:
    data = tmp_path / "bad"
    shutil.copytree(generated, data)
    part = data / "enrollments" / "part-00001.parquet"
    _edit_part(part, "status", 7, "finished")
    _edit_part(part, "program_id", 20, "NO-SUCH-PROGRAMME")
    emp_part = data / "employees" / "part-00001.parquet"
    nip = pq.read_table(emp_part).column("employee_id")[3].as_py()
    _edit_part(emp_part, "employee_id", 3, nip[:15] + "000")
    with pytest.raises(DataValidationError) as caught:
        open_scaled(data, SMALL, today=date(2026, 11, 29))
    found = {(i.file, i.row, i.column): i for i in caught.value.issues}
    status = found[("enrollments/part-00001.parquet", 9, "status")]
    assert status.value == "finished" and "unknown code" in status.message
    assert "not in programs.program_id" in found[("enrollments/part-00001.parquet", 22, "program_id")].message
    bad_nip = found[("employees/part-00001.parquet", 5, "employee_id")]
    assert "ends in 000" in bad_nip.message and bad_nip.value.endswith("000") and "x" in bad_nip.value
    # the employee's enrollments now name an unknown NIP: reported, masked
    unknown = [i for i in caught.value.issues if i.table == "enrollments" and i.column == "employee_id"]
    assert unknown and all(nip not in (i.value or "") for i in unknown)


def _issue_rows(issues) -> list[tuple]:
    return [(i.table, i.row, i.column, i.value, i.message, i.file) for i in issues]


def test_one_scan_loader_reports_what_the_full_check_reports(generated: Path, tmp_path: Path) -> None:
    data = tmp_path / "planted"
    shutil.copytree(generated, data)
    today = date(2026, 11, 29)
    enr, emp = data / "enrollments" / "part-00001.parquet", data / "employees" / "part-00001.parquet"
    con = connect(SMALL)
    try:  # a clean sample: no issue either way
        assert load_checked(con, data, part_files(data), b"salt", today) == []
    finally:
        con.close()
    ids = pq.read_table(enr).column("enrollment_id").to_pylist()
    _edit_part(enr, "enrollment_id", 30, ids[31])  # a repeated key
    _edit_part(enr, "status", 7, "finished")  # an unknown code
    _edit_part(enr, "program_id", 20, "NO-SUCH-PROGRAMME")  # a broken reference
    _edit_part(enr, "program_id", 21, None)  # a required value missing
    nips = pq.read_table(emp).column("employee_id").to_pylist()
    _edit_part(emp, "employee_id", 3, nips[3][:15] + "000")  # a bad NIP (its enrollments: unknown NIP)
    _edit_part(data / "assessments" / "part-00001.parquet", "score", 2, 9)  # out of range
    files = part_files(data)
    full, one = connect(SMALL), connect(SMALL)
    try:
        expected = _issue_rows(contract_issues(full, data, files, today))
        got = _issue_rows(load_checked(one, data, files, b"salt", today))
    finally:
        full.close()
        one.close()
    messages = " ".join(str(r[4]) for r in expected)
    for planted in ("duplicate key", "unknown code", "not in programs", "is required", "ends in 000", "score"):
        assert planted in messages
    assert got == expected


def test_nip_prescreen_passes_29_february_of_leap_years_only() -> None:
    from analysis.data.engine_checks import nip_prescreen

    con = connect(SMALL)
    try:
        con.execute("CREATE TABLE t AS SELECT unnest(['197602292008051001', '200002292022081001', "
                    "'197302292008051001', '190002292008051001']) AS nip")
        flagged = [r[0] for r in con.execute(f"SELECT {nip_prescreen('nip', date(2026, 11, 29))} FROM t").fetchall()]
    finally:
        con.close()
    assert flagged == [False, False, True, True]  # 1976 and 2000 are leap years, 1973 and 1900 are not


def test_engine_choice_by_size(sample, generated: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert choose_engine(sample[2]) == "pandas"  # the city's CSV files
    assert choose_engine(generated) == "pandas"  # parts, but small
    assert choose_engine(generated, "duckdb") == "duckdb"
    monkeypatch.setattr(scale, "DUCKDB_FROM_BYTES", input_bytes(generated))
    assert choose_engine(generated) == "duckdb"
    monkeypatch.setattr(scale, "DUCKDB_FROM_BYTES", 1)
    assert choose_engine(sample[2]) == "pandas"  # CSV stays with pandas whatever its size


def test_employees_sizes_the_districts() -> None:
    for n in (2_000, 12_000, 250_000):
        assert sum(d.target_staff for d in districts(n, seed=1)) == pytest.approx(n, abs=len(districts(n, 1)))
    assert len(districts(250_000, seed=1)) > 20


def test_cli_employees_builds_about_n(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sample", "--employees", "2000", "--out", str(tmp_path / "s")]) == 0
    employees = pq.read_table(tmp_path / "s" / "employees").num_rows
    assert abs(employees - 2000) <= 0.05 * 2000
    assert "2000" in capsys.readouterr().out
    assert main(["sample", "--employees", "10", "--out", str(tmp_path / "t")]) == 2
