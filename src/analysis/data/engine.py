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
2. **Validate** (:func:`contract_issues`, only for a table with a flagged row): the contract
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

from analysis.data.checks import range_message
from analysis.data.contract import PSEUDONYM_PATTERN, REQUIRED_TABLES, TABLES, Column, Table
from analysis.data.errors import DataValidationError, Issue
from analysis.data.messages import Message
from analysis.data.nip import MIN_HIRE_AGE, check_nips
from analysis.data.pseudonym import hmac_keys, mask_nip, pseudonym_sql, resolve_salt

#: DuckDB types of the contract's column types.
SQL_TYPES: dict[str, str] = {
    "id": "VARCHAR",
    "text": "VARCHAR",
    "code": "VARCHAR",
    "nip": "VARCHAR",
    "period": "VARCHAR",
    "int": "BIGINT",
    "float": "DOUBLE",
    "money": "DOUBLE",
    "bool": "BOOLEAN",
    "date": "DATE",
}
#: The NIP pre-screen's marker: its rows are judged by :func:`check_nips`, whose messages are shown.
NIP_SCREEN = "NIP pre-screen"
#: Located problems kept per check (the rest are counted in one summary issue).
MAX_ROWS_PER_CHECK = 200
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


def _label(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _lit(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _raw_view(con: Any, table: str, files: list[Path]) -> dict[str, str]:
    """Create view ``raw_<table>`` over the parts (with ``_file`` and ``_row``); its column types."""
    paths = "[" + ", ".join(_lit(str(p)) for p in files) + "]"
    con.execute(
        f"CREATE OR REPLACE VIEW {_q('raw_' + table)} AS SELECT *, filename AS _file, "
        f"file_row_number + 2 AS _row FROM read_parquet({paths}, filename = true, "
        f"file_row_number = true, union_by_name = true)"
    )
    described = con.execute(f"DESCRIBE {_q('raw_' + table)}").fetchall()
    hidden = ("_file", "_row", "filename", "file_row_number")
    return {r[0]: r[1] for r in described if r[0] not in hidden}


def _typed(col: Column, raw_type: str | None) -> str:
    """SQL expression of ``col`` cast to its contract type (its default, or NULL, when absent).

    A Parquet column already of the contract's type is used as it is; text is trimmed
    (an empty cell is missing) and anything else cast with ``TRY_CAST`` (NULL when it
    does not convert, which the type check reports).
    """
    sql_type = SQL_TYPES[col.type]
    if raw_type is None:
        default = "NULL" if col.default is None else repr(col.default)
        return f"CAST({default} AS {sql_type})"
    if sql_type == "VARCHAR":
        expr = f"NULLIF(trim(CAST({_q(col.name)} AS VARCHAR)), '')"
    elif raw_type == sql_type:
        expr = _q(col.name)
    elif sql_type == "DATE" and raw_type.startswith("TIMESTAMP"):  # a time part is ignored, as in the loader
        expr = f"CAST({_q(col.name)} AS DATE)"
    else:
        expr = f"TRY_CAST(trim(CAST({_q(col.name)} AS VARCHAR)) AS {sql_type})"
    if col.default is not None:
        expr = f"coalesce({expr}, {col.default!r})"
    return expr


@dataclass(frozen=True)
class _Check:
    """One row-level check of a table: rows of ``raw_<table>`` where ``where`` holds break it."""

    column: str | None
    where: str
    message: str
    mask: bool = False  # the shown value is a NIP: masked
    nips_too: bool = False  # rows found: also judge their NIPs (:func:`check_nips`)


class _Issues:
    """Runs a table's checks in one scan and collects located issues (bounded per check)."""

    def __init__(self, con: Any, root: Path, today: date) -> None:
        self.con, self.root, self.today, self.items = con, root, today, []

    def whole(self, table: str, column: str | None, message: str) -> None:
        self.items.append(Issue(table, None, column, None, message))

    def add(self, table: str, row: int, column: str | None, value: object, message: str, file: str) -> None:
        shown = None if value is None or pd.isna(value) else str(value)
        self.items.append(Issue(table, int(row), column, shown, message, file=_label(Path(file), self.root)))

    def run(self, table: str, checks: list[_Check]) -> None:
        """Count every check in one scan of ``raw_<table>``; list the rows of those that fail."""
        if not checks:
            return
        view = _q("raw_" + table)
        counts = self.con.execute(
            "SELECT " + ", ".join(f"count_if({c.where})" for c in checks) + f" FROM {view}"
        ).fetchone()
        for check, n in zip(checks, counts, strict=True):
            if not n:
                continue
            if check.message == NIP_SCREEN:
                _check_nips(self, table, check.column or "", check.where, self.today)
                continue
            shown = "NULL" if check.column is None else f"CAST({_q(check.column)} AS VARCHAR)"
            rows = self.con.execute(
                f"SELECT _file, _row, {shown} FROM {view} WHERE {check.where} "
                f"ORDER BY _file, _row LIMIT {MAX_ROWS_PER_CHECK}"
            ).fetchall()
            values = pd.Series([r[2] for r in rows], dtype="string")
            values = mask_nip(values) if check.mask else values
            for (file, row, _), v in zip(rows, values, strict=True):
                self.add(table, row, check.column, v, check.message, file)
            if n > MAX_ROWS_PER_CHECK:
                self.whole(table, check.column, Message("more_rows_with", n=n - MAX_ROWS_PER_CHECK, message=check.message))
            if check.nips_too and check.column:
                where = f"{check.where} AND {_nip_prescreen(check.column, self.today)}"
                _check_nips(self, table, check.column, where, self.today)


def _nip_prescreen(column: str, today: date, text: str | None = None, number: str | None = None) -> str:
    """SQL: True where a NIP cell may break a rule of :func:`check_nips` (a superset of them).

    Integer arithmetic on the 18 digits (fast at millions of rows): a cell passes only when
    it is exactly 18 digits, not ending in 000, with a real birth date (29 February only in
    leap years), an
    appointment month 01-12 or 21 at least 17 years after birth and not in the future, and
    gender digit 1 or 2; or when it is a pseudonym. The rest is judged by :func:`check_nips`.
    ``text`` and ``number`` name the cell's trimmed text and its :func:`_nip_number` when a
    scan has computed them already (default: the expressions).
    """
    c = text or f"trim(CAST({_q(column)} AS VARCHAR))"
    n = number or _nip_number(c)
    by = f"({n} // 100000000000000)"
    bm, bd = f"({n} // 1000000000000 % 100)", f"({n} // 10000000000 % 100)"
    ay, am = f"({n} // 1000000 % 10000)", f"({n} // 10000 % 100)"
    gender = f"({n} // 1000 % 10)"
    latest = f"({ay} * 12 + CASE WHEN {am} = 21 THEN 12 ELSE {am} END - 1)"
    earliest = f"({ay} * 12 + CASE WHEN {am} = 21 THEN 1 ELSE {am} END - 1)"
    leap = f"({by} % 4 = 0 AND ({by} % 100 <> 0 OR {by} % 400 = 0))"
    max_day = f"CASE WHEN {bm} = 2 THEN CASE WHEN {leap} THEN 29 ELSE 28 END WHEN {bm} IN (4, 6, 9, 11) THEN 30 ELSE 31 END"
    now_idx = today.year * 12 + today.month - 1
    good = (
        f"(CAST({n} AS VARCHAR) = {c} AND {n} >= 100000000000000000 AND {n} % 1000 <> 0 "
        f"AND {bm} BETWEEN 1 AND 12 AND {bd} BETWEEN 1 AND {max_day} "
        f"AND ({am} BETWEEN 1 AND 12 OR {am} = 21) AND {gender} IN (1, 2) "
        f"AND {latest} >= {by} * 12 + {bm} - 1 + {MIN_HIRE_AGE * 12} AND {earliest} <= {now_idx})"
    )
    pseudo = f"regexp_full_match({c}, {_lit(PSEUDONYM_PATTERN[1:-1])})"
    return f"CASE WHEN coalesce({good}, false) THEN false WHEN {c} = '' THEN false ELSE NOT coalesce({pseudo}, false) END"


def _nip_number(text: str) -> str:
    """SQL: the NIP text as an integer (NULL when it is not one)."""
    return f"TRY_CAST({text} AS BIGINT)"


def _check_nips(issues: _Issues, table: str, column: str, where: str, today: date) -> None:
    """The NIPs the SQL pre-screen flags (``where``), judged by :func:`check_nips` (its rules and messages)."""
    suspicious = issues.con.execute(
        f"SELECT _file, _row, CAST({_q(column)} AS VARCHAR) AS v FROM {_q('raw_' + table)} "
        f"WHERE {where} ORDER BY _file, _row LIMIT {MAX_ROWS_PER_CHECK * 10}"
    ).df()
    text = suspicious["v"].astype("string")
    result = check_nips(text, today=pd.Timestamp(today))
    shown = mask_nip(text)
    for mask, message in result.problems:
        for i in mask.nonzero()[0][:MAX_ROWS_PER_CHECK]:
            issues.add(table, suspicious["_row"].iloc[i], column, shown.iloc[i], message,
                       suspicious["_file"].iloc[i])


def _text(column: str) -> str:
    """SQL: the raw cell of ``column`` as trimmed text, NULL when empty."""
    return f"NULLIF(trim(CAST({_q(column)} AS VARCHAR)), '')"


#: How a check refers to a column: (its typed value, its trimmed text), both SQL.
Refs = dict[str, tuple[str, str]]


def _refs(contract: Table, cols: dict[str, str]) -> Refs:
    """The expressions themselves (:func:`_typed`, :func:`_text`), for checks straight over the parts."""
    return {c.name: (_typed(c, cols[c.name]), _text(c.name)) for c in contract.columns if c.name in cols}


def _column_checks(contract: Table, cols: dict[str, str], today: date, refs: Refs | None = None,
                   nip_refs: Refs | None = None) -> list[_Check]:
    """Required values, types, codes, ranges, patterns, NIP pre-screen and date order of one table.

    ``refs`` says how a check reads a column's typed value and trimmed text: by default the
    expressions themselves (:func:`_refs`); the loading scan passes the names of columns it has
    already computed, so each cast is evaluated once per row; ``nip_refs`` likewise gives the
    NIP pre-screen each NIP column's trimmed text and number (:func:`_nip_prescreen`).
    """
    refs = refs or _refs(contract, cols)
    checks: list[_Check] = []
    for col in contract.columns:
        if col.name not in cols:
            continue
        raw_type, (typed, raw_text) = cols[col.name], refs[col.name]
        if col.required:
            empty = f"{_q(col.name)} IS NULL" if raw_type != "VARCHAR" else f"{raw_text} IS NULL"
            checks.append(_Check(col.name, empty, f"{col.name} is required: fill in the empty cell"))
        if col.type in ("int", "float", "money", "bool", "date") and raw_type != SQL_TYPES[col.type] \
                and not (col.type == "date" and raw_type.startswith("TIMESTAMP")):
            checks.append(_Check(col.name, f"{raw_text} IS NOT NULL AND {typed} IS NULL",
                                 f"not a valid {col.type}: {col.name}"))
        if col.type == "nip" and col.references is None:
            screen = (_nip_prescreen(col.name, today) if nip_refs is None
                      else _nip_prescreen(col.name, today, *nip_refs[col.name]))
            checks.append(_Check(col.name, screen, NIP_SCREEN, mask=True))
        if col.codes:
            allowed = ", ".join(_lit(c) for c in col.codes)
            checks.append(_Check(col.name, f"coalesce({typed} NOT IN ({allowed}), false)",
                                 f"unknown code: {col.name} must be one of {', '.join(col.codes)}"))
        if col.minimum is not None or col.maximum is not None:
            op = "<=" if col.exclusive_minimum else "<"
            low = f"{typed} {op} {col.minimum}" if col.minimum is not None else "false"
            high = f"{typed} > {col.maximum}" if col.maximum is not None else "false"
            checks.append(_Check(col.name, f"coalesce({low} OR {high}, false)", range_message(col)))
        if col.pattern is not None:
            checks.append(_Check(col.name,
                                 f"coalesce(NOT regexp_full_match({typed}, {_lit(col.pattern.strip('^$'))}), false)",
                                 f"{col.name} does not match the expected pattern"))
    for check, first, later, message in _ORDER_CHECKS:
        if check in contract.checks and first in cols and later in cols:
            a, b = refs[first][0], refs[later][0]
            op = "<" if check == "end_after_start" else "<="
            checks.append(_Check(later, f"coalesce({b} {op} {a}, false)", message))
    return checks


def _reference_checks(contract: Table, cols: dict[str, str], present: dict[str, dict[str, str]]) -> list[_Check]:
    """Values of ``Column.references`` columns that are not in the referenced table."""
    checks = []
    for col in contract.columns:
        if col.references is None or col.name not in cols:
            continue
        ref_table, ref_col = col.references.split(".")
        if ref_col not in present.get(ref_table, []):
            continue
        mine = _typed(col, cols[col.name])
        theirs = _typed(TABLES[ref_table].column(ref_col), present[ref_table][ref_col])
        where = (f"coalesce({mine} NOT IN (SELECT {theirs} FROM {_q('raw_' + ref_table)} "
                 f"WHERE {theirs} IS NOT NULL), false)")
        # a NIP found in employees passed the NIP checks there; the others are judged too
        checks.append(_Check(col.name, where, f"unknown {col.name}: not in {ref_table}.{ref_col}",
                             mask=col.type == "nip", nips_too=col.type == "nip"))
    return checks


def _key_check(con: Any, contract: Table, cols: dict[str, str]) -> list[_Check]:
    """Duplicate keys: every row after the first with the same key (only looked for when any)."""
    if not contract.key or any(k not in cols for k in contract.key):
        return []
    keys = ", ".join(_typed(contract.column(k), cols[k]) for k in contract.key)
    raw = _q("raw_" + contract.name)
    # a grouped aggregate (spills to disk when large), unlike count(DISTINCT ...)
    if not con.execute(f"SELECT count(*) FROM (SELECT 1 FROM {raw} GROUP BY {keys} HAVING count(*) > 1)").fetchone()[0]:
        return []
    dup = _q("dup_" + contract.name)
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {dup} AS SELECT _file, _row FROM ("
        f"SELECT _file, _row, row_number() OVER (PARTITION BY {keys} ORDER BY _file, _row) AS k "
        f"FROM {raw}) WHERE k > 1"
    )
    return [_Check(contract.key[0], f"(_file, _row) IN (SELECT _file, _row FROM {dup})",
                   f"duplicate key ({', '.join(contract.key)}): each must appear once",
                   mask=contract.column(contract.key[0]).type == "nip")]


#: Date-order checks of ``Table.checks``: (check, earlier column, later column, message).
_ORDER_CHECKS = (
    ("end_after_start", "start_date", "end_date", "end_date is before start_date"),
    ("hire_before_exit", "hire_date", "exit_date", "exit_date is not after hire_date"),
)


def contract_issues(con: Any, root: Path, files: dict[str, list[Path]], today: date | None = None) -> list[Issue]:
    """Every contract problem found by SQL over the parts (views ``raw_<table>`` are created)."""
    today = today or date.today()
    issues = _Issues(con, root, today)
    present: dict[str, dict[str, str]] = {}
    for name in REQUIRED_TABLES:
        if name not in files:
            issues.whole(name, None, f"table {name} is missing: expected {name}/part-*.parquet or {name}.parquet")
    for name, paths in files.items():
        present[name] = _raw_view(con, name, paths)
    for name in present:
        _table_issues(issues, name, present, detailed=True)
    return issues.items


def _table_issues(issues: _Issues, name: str, present: dict[str, dict[str, str]], detailed: bool) -> None:
    """The missing required columns of table ``name`` and, when ``detailed``, every row check
    over ``raw_<name>`` (:meth:`_Issues.run`)."""
    contract, cols = TABLES[name], present[name]
    for col in contract.columns:
        if col.required and col.name not in cols:
            issues.whole(name, col.name, f"required column {col.name} is missing")
    if detailed:
        issues.run(name, _column_checks(contract, cols, issues.today) + _reference_checks(contract, cols, present)
                   + _key_check(issues.con, contract, cols))


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

    Each column is cast to its contract type (:func:`_typed`); with ``pseudonymise`` every NIP
    column is replaced by its employee's integer key (``nip_map._key``, as column
    :func:`key_column`): the pseudonym is kept in ``employees`` only. The same scan counts the rows that break
    any check of :func:`_column_checks` (or whose NIP pre-screen asks for the full NIP check),
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
        typed, text = _typed(col, cols[col.name]), _text(col.name)
        inner.append(f"{typed} AS {_q('__t_' + col.name)}")
        if text != typed and (cols[col.name] == "VARCHAR" or cols[col.name] != SQL_TYPES[col.type]):
            inner.append(f"{text} AS {_q('__x_' + col.name)}")
            text = _q("__x_" + col.name)
        elif text == typed:
            text = _q("__t_" + col.name)
        refs[col.name] = (_q("__t_" + col.name), text)  # a text the checks do not read stays an expression
        if col.type == "nip" and col.references is None:  # the NIP pre-screen's text and number
            inner.append(f"trim(CAST({_q(col.name)} AS VARCHAR)) AS {_q('__s_' + col.name)}")
            inner.append(f"{_nip_number(_q('__s_' + col.name))} AS {_q('__n_' + col.name)}")
            nip_refs[col.name] = (_q("__s_" + col.name), _q("__n_" + col.name))
    checks = _column_checks(contract, cols, today, refs, nip_refs)
    select, joins, suspect = [], [], [c.where for c in checks]
    for col in contract.columns:
        expr = refs[col.name][0] if col.name in cols else _typed(col, None)
        if col.type == "nip" and pseudonymise:
            alias = f"m{len(joins)}"
            joins.append(f" LEFT JOIN nip_map {alias} ON {alias}._nip = {expr}")
            suspect.append(f"({expr} IS NOT NULL AND {alias}._nip IS NULL)")
            select.append(f"{alias}._key AS {_q(key_column(col.name))}")
            continue
        select.append(f"{expr} AS {_q(col.name)}")
    flag = " OR ".join(f"coalesce({w}, false)" for w in suspect) or "false"
    table = _q(target or name)
    con.execute(
        f"CREATE OR REPLACE TABLE {table} AS SELECT {', '.join(select)}, {flag} AS _suspect "
        f"FROM (SELECT *, {', '.join(inner) or 'NULL AS __none'} FROM {_q('raw_' + name)}){''.join(joins)}"
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
        counts.append(f"count_if(coalesce({_q(col.name)} NOT IN (SELECT {_q(ref_col)} FROM {_q(ref_table)} "
                      f"WHERE {_q(ref_col)} IS NOT NULL), false))")
    n = sum(con.execute(f"SELECT {', '.join(counts)} FROM {_q(name)}").fetchone()) if counts else 0
    if contract.key and all(k in cols for k in contract.key):
        # a NIP is compared by its integer key (one per distinct NIP)
        keys = ", ".join(_q(key_column(k) if contract.column(k).type == "nip" else k) for k in contract.key)
        n += _repeated_keys(con, _q(name), keys)
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
    break a check is checked again row by row over its parts (:func:`_table_issues`), which
    gives exactly the located issues :func:`contract_issues` gives, in the same order; clean
    data are never read twice. With issues the loaded tables are not to be used.
    """
    today = today or date.today()
    issues = _Issues(con, root, today)
    for name in REQUIRED_TABLES:
        if name not in files:
            issues.whole(name, None, f"table {name} is missing: expected {name}/part-*.parquet or {name}.parquet")
    present = {name: _raw_view(con, name, paths) for name, paths in files.items()}
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
        _table_issues(issues, name, present, detailed=flagged)
    return issues.items


def _pseudonymise_employees(con: Any) -> None:
    """Table ``employees``: ``employees_nip`` with each NIP replaced by its pseudonym and its
    integer key ``employee_key`` (``nip_map``)."""
    cols = [r[0] for r in con.execute("SELECT column_name FROM (DESCRIBE employees_nip)").fetchall()]
    select = ", ".join("m._pseudonym AS employee_id, m._key AS employee_key" if c == "employee_id"
                       else f"e.{_q(c)}" for c in cols)
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
