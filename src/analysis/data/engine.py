"""Reading and validating Parquet parts in bounded memory with DuckDB (province and national scale).

:func:`analysis.data.io.load_dataset` reads every table into pandas, which is right for a
city (5,400 ASN) and too much for the national civil service (4.3 million ASN, 27 million
enrollments). :func:`open_scaled` reads the same data folder of Parquet part files
(``<table>/part-*.parquet`` or ``<table>.parquet``) with DuckDB, an embedded columnar SQL
engine that streams the parts and spills to disk beyond ``memory_limit``:

Every table's parts are read once (:func:`load_checked`):

1. **Load and screen**: one scan per table casts each column to its contract type, replaces
   every employee NIP by its pseudonym and flags, in the same pass, every row that may break
   a contract check. The pseudonym is :func:`analysis.data.pseudonym.pseudonym` (HMAC-SHA-256
   with the salt) written as SQL (:func:`~analysis.data.pseudonym.pseudonym_sql`), computed
   once per distinct NIP of ``employees`` (``nip_map``, joined to the other tables) with a
   dense integer key per employee (``employee_key``), on which the other tables and the KPI
   queries join; no raw NIP is kept in the loaded tables. References and duplicate keys are then counted on the
   loaded tables.
2. **Validate** (:func:`~analysis.data.engine_checks.contract_issues`, in :mod:`analysis.data.engine_checks`, only for a table with a flagged row): the contract
   checks that matter at scale, each one SQL query over the parts, reporting located errors
   in the loader's shape (:class:`~analysis.data.errors.Issue` with the part file and the
   row, numbered as the loader numbers Parquet rows: record number + 1): required tables and
   columns, types (a value that does not cast to the contract type), required values, codes,
   ranges (``Column.minimum``/``maximum``), patterns, NIP structure, duplicate keys,
   references and the date order checks (``end_after_start``, ``hire_before_exit``). NIPs
   are pre-screened in SQL and the suspicious ones are judged by the loader's own
   :func:`analysis.data.nip.check_nips`, so the NIP rules and messages are stated once.
3. The KPI queries (:mod:`analysis.scale`) run on the loaded tables.

Why DuckDB rather than Polars' lazy engine: the KPI definitions become plain SQL, which the
same text runs on DuckDB over object storage or on Spark SQL for a ministry-wide deployment
(``docs/scale.md``); DuckDB's out-of-core hash joins and aggregations spill to disk under a
hard memory limit, and it reads Parquet parts and CSV natively with file names and row numbers.

Accepted input at this scale: Parquet with typed or text columns; dates as Parquet dates or
ISO text (``yyyy-mm-dd``). Excel quirks (decimal commas, ``dd/mm/yyyy``, Excel serials,
mapping.yaml) are the pandas loader's job: export such data through it first.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd

from analysis.data.contract import REQUIRED_TABLES, TABLES
from analysis.data.engine_checks import (
    SQL_TYPES,
    IssueCollector,
    Refs,
    column_checks,
    contract_issues,
    nip_number,
    quoted,
    raw_view,
    table_issues,
    trimmed_text,
    typed_sql,
)
from analysis.data.errors import DataValidationError, Issue
from analysis.data.pseudonym import hmac_keys, pseudonym_sql, resolve_salt

__all__ = [
    "EngineSettings",
    "ScaledData",
    "connect",
    "contract_issues",
    "key_column",
    "load_checked",
    "open_scaled",
    "part_files",
]

#: Default DuckDB memory limit and threads: well under the 8 GB goal on a 2-core machine.
DEFAULT_MEMORY_LIMIT = "6GB"
DEFAULT_THREADS = 2


@dataclass(frozen=True)
class EngineSettings:
    """DuckDB resources: ``memory_limit`` (DuckDB size text), ``threads``, spill folder."""

    memory_limit: str = DEFAULT_MEMORY_LIMIT
    threads: int = DEFAULT_THREADS
    temp_directory: str | None = None


@dataclass
class ScaledData:
    """Validated, pseudonymised tables held by a DuckDB connection (``con``).

    ``tables`` maps each present contract table to its part files; the DuckDB table of
    the same name holds the typed rows, an employee named by its integer ``employee_key``
    (``employees`` also holds its pseudonym, ``employee_id``). ``warnings`` are the loader-style notes.
    """

    con: Any  # duckdb.DuckDBPyConnection, imported lazily
    root: Path
    tables: dict[str, list[Path]]
    warnings: list[str] = field(default_factory=list)

    def df(self, sql: str, params: list | None = None) -> pd.DataFrame:
        """The result of a query as a pandas frame (for small, aggregated results)."""
        return self.con.execute(sql, params or []).df()

    def rows(self, table: str) -> int:
        return int(self.con.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0])

    def close(self) -> None:
        self.con.close()


def connect(settings: EngineSettings | None = None) -> Any:
    """An in-memory DuckDB connection with the memory limit and threads of ``settings``."""
    import duckdb

    s = settings or EngineSettings()
    config = {"memory_limit": s.memory_limit, "threads": s.threads, "preserve_insertion_order": False}
    # spilled data go to the system's temporary folder (not the working folder)
    config["temp_directory"] = s.temp_directory or str(Path(tempfile.gettempdir()) / "kompetensi-duckdb")
    con = duckdb.connect(config=config)
    con.execute("SET enable_progress_bar = false")
    return con


def part_files(root: Path) -> dict[str, list[Path]]:
    """Each contract table's Parquet files in ``root``: ``<table>/*.parquet`` or ``<table>.parquet``."""
    found: dict[str, list[Path]] = {}
    for name in TABLES:
        folder, single = root / name, root / f"{name}.parquet"
        if folder.is_dir() and any(folder.glob("*.parquet")):
            found[name] = sorted(folder.glob("*.parquet"))
        elif single.is_file():
            found[name] = [single]
    return found


def key_column(column: str) -> str:
    """The loaded tables' integer column standing for the NIP column ``column``
    (``employee_id`` -> ``employee_key``)."""
    return column.removesuffix("_id") + "_key"


def _nip_map(con: Any, salt: bytes) -> None:
    """Temp table ``nip_map`` (``_nip``, ``_pseudonym``, ``_key``): each distinct NIP of
    ``employees_nip`` (the employees as loaded, before pseudonymisation), its pseudonym
    (:func:`pseudonym_sql`, once per NIP) and a dense integer key (1..n, in no particular order).

    The key is what the loaded tables join and group employees on: a 20-character pseudonym
    is not stored inline by DuckDB (12 bytes at most), so every hash and comparison on it
    reads a string; an integer is compared in one instruction."""
    ipad, opad = hmac_keys(salt)
    con.execute("CREATE OR REPLACE TEMP TABLE hmac_keys AS SELECT ?::BLOB AS ipad, ?::BLOB AS opad",
                [ipad, opad])
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE nip_map AS SELECT nip AS _nip, {pseudonym_sql('nip')} AS _pseudonym, "
        f"row_number() OVER () AS _key "
        f"FROM (SELECT DISTINCT employee_id AS nip FROM employees_nip WHERE employee_id IS NOT NULL)"
    )
    con.execute("DROP TABLE hmac_keys")


def _load_scan(con: Any, name: str, cols: dict[str, str], today: date, pseudonymise: bool,
               target: str | None = None) -> int:
    """Create table ``target`` (default ``name``) from ``raw_<name>`` in one scan; the number of rows that may break a
    row check.

    Each column is cast to its contract type (:func:`typed_sql`); with ``pseudonymise`` every NIP
    column is replaced by its employee's integer key (``nip_map._key``, as column
    :func:`key_column`): the pseudonym is kept in ``employees`` only. The same scan counts the rows that break
    any check of :func:`column_checks` (or whose NIP pre-screen asks for the full NIP check),
    and the NIPs not in ``employees`` (the reference check of a NIP column).
    """
    contract = TABLES[name]
    # an inner projection computes each cast (and the trimmed text the checks read) once
    inner: list[str] = []
    refs: Refs = {}
    nip_refs: Refs = {}
    for col in contract.columns:
        if col.name not in cols:
            continue
        typed, text = typed_sql(col, cols[col.name]), trimmed_text(col.name)
        inner.append(f"{typed} AS {quoted('__t_' + col.name)}")
        if text != typed and (cols[col.name] == "VARCHAR" or cols[col.name] != SQL_TYPES[col.type]):
            inner.append(f"{text} AS {quoted('__x_' + col.name)}")
            text = quoted("__x_" + col.name)
        elif text == typed:
            text = quoted("__t_" + col.name)
        refs[col.name] = (quoted("__t_" + col.name), text)  # a text the checks do not read stays an expression
        if col.type == "nip" and col.references is None:  # the NIP pre-screen's text and number
            inner.append(f"trim(CAST({quoted(col.name)} AS VARCHAR)) AS {quoted('__s_' + col.name)}")
            inner.append(f"{nip_number(quoted('__s_' + col.name))} AS {quoted('__n_' + col.name)}")
            nip_refs[col.name] = (quoted("__s_" + col.name), quoted("__n_" + col.name))
    checks = column_checks(contract, cols, today, refs, nip_refs)
    select, joins, suspect = [], [], [c.where for c in checks]
    for col in contract.columns:
        expr = refs[col.name][0] if col.name in cols else typed_sql(col, None)
        if col.type == "nip" and pseudonymise:
            alias = f"m{len(joins)}"
            joins.append(f" LEFT JOIN nip_map {alias} ON {alias}._nip = {expr}")
            suspect.append(f"({expr} IS NOT NULL AND {alias}._nip IS NULL)")
            select.append(f"{alias}._key AS {quoted(key_column(col.name))}")
            continue
        select.append(f"{expr} AS {quoted(col.name)}")
    flag = " OR ".join(f"coalesce({w}, false)" for w in suspect) or "false"
    table = quoted(target or name)
    con.execute(
        f"CREATE OR REPLACE TABLE {table} AS SELECT {', '.join(select)}, {flag} AS _suspect "
        f"FROM (SELECT *, {', '.join(inner) or 'NULL AS __none'} FROM {quoted('raw_' + name)}){''.join(joins)}"
    )
    n = con.execute(f"SELECT count_if(_suspect) FROM {table}").fetchone()[0]
    con.execute(f"ALTER TABLE {table} DROP COLUMN _suspect")
    return int(n)


def _loaded_problems(con: Any, name: str, present: dict[str, dict[str, str]]) -> int:
    """Rows of the loaded table ``name`` that may break a reference (other than NIPs) or repeat a
    key: counted on the typed tables, without reading the parts again."""
    contract, cols = TABLES[name], present[name]
    counts = []
    for col in contract.columns:
        if col.references is None or col.name not in cols or col.type == "nip":
            continue
        ref_table, ref_col = col.references.split(".")
        if ref_col not in present.get(ref_table, []):
            continue
        counts.append(f"count_if(coalesce({quoted(col.name)} NOT IN (SELECT {quoted(ref_col)} FROM {quoted(ref_table)} "
                      f"WHERE {quoted(ref_col)} IS NOT NULL), false))")
    n = sum(con.execute(f"SELECT {', '.join(counts)} FROM {quoted(name)}").fetchone()) if counts else 0
    if contract.key and all(k in cols for k in contract.key):
        # a NIP is compared by its integer key (one per distinct NIP)
        keys = ", ".join(quoted(key_column(k) if contract.column(k).type == "nip" else k) for k in contract.key)
        n += _repeated_keys(con, quoted(name), keys)
    return int(n)


def _repeated_keys(con: Any, table: str, keys: str) -> int:
    """Groups of rows of ``table`` sharing the values of ``keys`` (SQL columns), 0 when every key is unique.

    First grouped by the 64-bit ``hash`` of the key (an integer: no string compared): different
    hashes are different keys, so no repeated hash means no repeated key. Only when some hash
    repeats (a repeated key, or one collision in about 2^64 / n^2) are the keys themselves grouped.
    """
    def groups(by: str) -> int:
        return int(con.execute(f"SELECT count(*) FROM (SELECT 1 FROM {table} GROUP BY {by} "
                               f"HAVING count(*) > 1)").fetchone()[0])
    return groups(f"hash({keys})") and groups(keys)


def load_checked(con: Any, root: Path, files: dict[str, list[Path]], salt: bytes,
                 today: date | None = None) -> list[Issue]:
    """Validate and load every table with one scan of its parts; the issues of :func:`contract_issues`.

    Each table is read once (:func:`_load_scan`): typed, pseudonymised (``employees`` first,
    whose NIPs give ``nip_map``) and its rows screened by every row check in the same pass.
    References and keys are then checked on the loaded tables. Only a table with a row that may
    break a check is checked again row by row over its parts (:func:`table_issues`), which
    gives exactly the located issues :func:`contract_issues` gives, in the same order; clean
    data are never read twice. With issues the loaded tables are not to be used.
    """
    today = today or date.today()
    issues = IssueCollector(con, root, today)
    for name in REQUIRED_TABLES:
        if name not in files:
            issues.whole(name, None, f"table {name} is missing: expected {name}/part-*.parquet or {name}.parquet")
    present = {name: raw_view(con, name, paths) for name, paths in files.items()}
    suspects: dict[str, int] = {}
    if "employees" in present:
        suspects["employees"] = _load_scan(con, "employees", present["employees"], today, pseudonymise=False,
                                           target="employees_nip")
        _nip_map(con, salt)
        _pseudonymise_employees(con)
    else:
        con.execute("CREATE OR REPLACE TEMP TABLE nip_map (_nip VARCHAR, _pseudonym VARCHAR, _key BIGINT)")
    for name, cols in present.items():
        if name != "employees":
            suspects[name] = _load_scan(con, name, cols, today, pseudonymise=True)
    for name in present:
        flagged = suspects[name] + _loaded_problems(con, name, present) > 0
        table_issues(issues, name, present, detailed=flagged)
    return issues.items


def _pseudonymise_employees(con: Any) -> None:
    """Table ``employees``: ``employees_nip`` with each NIP replaced by its pseudonym and its
    integer key ``employee_key`` (``nip_map``)."""
    cols = [r[0] for r in con.execute("SELECT column_name FROM (DESCRIBE employees_nip)").fetchall()]
    select = ", ".join("m._pseudonym AS employee_id, m._key AS employee_key" if c == "employee_id"
                       else f"e.{quoted(c)}" for c in cols)
    con.execute(f"CREATE OR REPLACE TABLE employees AS SELECT {select} FROM employees_nip e "
                "LEFT JOIN nip_map m ON m._nip = e.employee_id")
    con.execute("DROP TABLE employees_nip")


def open_scaled(
    path: str | os.PathLike[str],
    settings: EngineSettings | None = None,
    *,
    today: date | None = None,
) -> ScaledData:
    """Validate and load a folder of Parquet parts into DuckDB in bounded memory.

    Parameters
    ----------
    path
        Data folder with ``<table>/part-*.parquet`` (or ``<table>.parquet``) per table.
    settings
        DuckDB memory limit, threads and spill folder (:class:`EngineSettings`).
    today
        Reference date of the NIP "not in the future" rule (default today).

    Returns
    -------
    ScaledData
        The connection with one typed, pseudonymised table per contract table: ``employees``
        holds the pseudonym (``employee_id``) and an integer ``employee_key``; the other tables
        name their employee by ``employee_key`` only (:func:`key_column`).

    Raises
    ------
    FileNotFoundError
        ``path`` does not exist.
    DataValidationError
        With ``.issues`` located by part file and row (the loader's shape).
    """
    root = Path(path).expanduser()
    if not root.is_dir():
        raise FileNotFoundError(f"data folder not found: {root}")
    files = part_files(root)
    con = connect(settings)
    try:
        salt = resolve_salt()
        issues = load_checked(con, root, files, salt.value, today)
        if issues:
            raise DataValidationError(issues, source=str(root))
    except BaseException:
        con.close()
        raise
    return ScaledData(con, root, files, [salt.warning] if salt.warning else [])
