"""The data contract's checks as DuckDB SQL over Parquet parts (province and national scale).

:func:`contract_issues` runs, one SQL query per check over a table's parts, the contract
checks that matter at scale and reports located errors in the loader's shape
(:class:`~analysis.data.errors.Issue` with the part file and the row, numbered as the loader
numbers Parquet rows: record number + 1): required tables and columns, types, required
values, codes, ranges, patterns, NIP structure (pre-screened in SQL, the suspicious values
judged by the loader's own :func:`analysis.data.nip.check_nips`), duplicate keys, references
and the date-order checks. The expressions (:func:`column_checks`, :func:`typed_sql`) are
shared with the one-scan loader of :mod:`analysis.data.engine`, which runs the full check
only for a table with a flagged row.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd

from analysis.data.checks import range_message
from analysis.data.contract import PSEUDONYM_PATTERN, REQUIRED_TABLES, TABLES, Column, Table
from analysis.data.errors import Issue
from analysis.data.messages import Message
from analysis.data.nip import MIN_HIRE_AGE, check_nips
from analysis.data.pseudonym import mask_nip

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

def _label(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


def quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _lit(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def raw_view(con: Any, table: str, files: list[Path]) -> dict[str, str]:
    """Create view ``raw_<table>`` over the parts (with ``_file`` and ``_row``); its column types."""
    paths = "[" + ", ".join(_lit(str(p)) for p in files) + "]"
    con.execute(
        f"CREATE OR REPLACE VIEW {quoted('raw_' + table)} AS SELECT *, filename AS _file, "
        f"file_row_number + 2 AS _row FROM read_parquet({paths}, filename = true, "
        f"file_row_number = true, union_by_name = true)"
    )
    described = con.execute(f"DESCRIBE {quoted('raw_' + table)}").fetchall()
    hidden = ("_file", "_row", "filename", "file_row_number")
    return {r[0]: r[1] for r in described if r[0] not in hidden}


def typed_sql(col: Column, raw_type: str | None) -> str:
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
        expr = f"NULLIF(trim(CAST({quoted(col.name)} AS VARCHAR)), '')"
    elif raw_type == sql_type:
        expr = quoted(col.name)
    elif sql_type == "DATE" and raw_type.startswith("TIMESTAMP"):  # a time part is ignored, as in the loader
        expr = f"CAST({quoted(col.name)} AS DATE)"
    else:
        expr = f"TRY_CAST(trim(CAST({quoted(col.name)} AS VARCHAR)) AS {sql_type})"
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


class IssueCollector:
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
        view = quoted("raw_" + table)
        counts = self.con.execute(
            "SELECT " + ", ".join(f"count_if({c.where})" for c in checks) + f" FROM {view}"
        ).fetchone()
        for check, n in zip(checks, counts, strict=True):
            if not n:
                continue
            if check.message == NIP_SCREEN:
                _check_nips(self, table, check.column or "", check.where, self.today)
                continue
            shown = "NULL" if check.column is None else f"CAST({quoted(check.column)} AS VARCHAR)"
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
                where = f"{check.where} AND {nip_prescreen(check.column, self.today)}"
                _check_nips(self, table, check.column, where, self.today)


def nip_prescreen(column: str, today: date, text: str | None = None, number: str | None = None) -> str:
    """SQL: True where a NIP cell may break a rule of :func:`check_nips` (a superset of them).

    Integer arithmetic on the 18 digits (fast at millions of rows): a cell passes only when
    it is exactly 18 digits, not ending in 000, with a real birth date (29 February only in
    leap years), an
    appointment month 01-12 or 21 at least 17 years after birth and not in the future, and
    gender digit 1 or 2; or when it is a pseudonym. The rest is judged by :func:`check_nips`.
    ``text`` and ``number`` name the cell's trimmed text and its :func:`nip_number` when a
    scan has computed them already (default: the expressions).
    """
    c = text or f"trim(CAST({quoted(column)} AS VARCHAR))"
    n = number or nip_number(c)
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


def nip_number(text: str) -> str:
    """SQL: the NIP text as an integer (NULL when it is not one)."""
    return f"TRY_CAST({text} AS BIGINT)"


def _check_nips(issues: IssueCollector, table: str, column: str, where: str, today: date) -> None:
    """The NIPs the SQL pre-screen flags (``where``), judged by :func:`check_nips` (its rules and messages)."""
    suspicious = issues.con.execute(
        f"SELECT _file, _row, CAST({quoted(column)} AS VARCHAR) AS v FROM {quoted('raw_' + table)} "
        f"WHERE {where} ORDER BY _file, _row LIMIT {MAX_ROWS_PER_CHECK * 10}"
    ).df()
    text = suspicious["v"].astype("string")
    result = check_nips(text, today=pd.Timestamp(today))
    shown = mask_nip(text)
    for mask, message in result.problems:
        for i in mask.nonzero()[0][:MAX_ROWS_PER_CHECK]:
            issues.add(table, suspicious["_row"].iloc[i], column, shown.iloc[i], message,
                       suspicious["_file"].iloc[i])


def trimmed_text(column: str) -> str:
    """SQL: the raw cell of ``column`` as trimmed text, NULL when empty."""
    return f"NULLIF(trim(CAST({quoted(column)} AS VARCHAR)), '')"


#: How a check refers to a column: (its typed value, its trimmed text), both SQL.
Refs = dict[str, tuple[str, str]]


def _refs(contract: Table, cols: dict[str, str]) -> Refs:
    """The expressions themselves (:func:`typed_sql`, :func:`trimmed_text`), for checks straight over the parts."""
    return {c.name: (typed_sql(c, cols[c.name]), trimmed_text(c.name)) for c in contract.columns if c.name in cols}


def column_checks(contract: Table, cols: dict[str, str], today: date, refs: Refs | None = None,
                   nip_refs: Refs | None = None) -> list[_Check]:
    """Required values, types, codes, ranges, patterns, NIP pre-screen and date order of one table.

    ``refs`` says how a check reads a column's typed value and trimmed text: by default the
    expressions themselves (:func:`_refs`); the loading scan passes the names of columns it has
    already computed, so each cast is evaluated once per row; ``nip_refs`` likewise gives the
    NIP pre-screen each NIP column's trimmed text and number (:func:`nip_prescreen`).
    """
    refs = refs or _refs(contract, cols)
    checks: list[_Check] = []
    for col in contract.columns:
        if col.name not in cols:
            continue
        raw_type, (typed, raw_text) = cols[col.name], refs[col.name]
        if col.required:
            empty = f"{quoted(col.name)} IS NULL" if raw_type != "VARCHAR" else f"{raw_text} IS NULL"
            checks.append(_Check(col.name, empty, f"{col.name} is required: fill in the empty cell"))
        if col.type in ("int", "float", "money", "bool", "date") and raw_type != SQL_TYPES[col.type] \
                and not (col.type == "date" and raw_type.startswith("TIMESTAMP")):
            checks.append(_Check(col.name, f"{raw_text} IS NOT NULL AND {typed} IS NULL",
                                 f"not a valid {col.type}: {col.name}"))
        if col.type == "nip" and col.references is None:
            screen = (nip_prescreen(col.name, today) if nip_refs is None
                      else nip_prescreen(col.name, today, *nip_refs[col.name]))
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
        mine = typed_sql(col, cols[col.name])
        theirs = typed_sql(TABLES[ref_table].column(ref_col), present[ref_table][ref_col])
        where = (f"coalesce({mine} NOT IN (SELECT {theirs} FROM {quoted('raw_' + ref_table)} "
                 f"WHERE {theirs} IS NOT NULL), false)")
        # a NIP found in employees passed the NIP checks there; the others are judged too
        checks.append(_Check(col.name, where, f"unknown {col.name}: not in {ref_table}.{ref_col}",
                             mask=col.type == "nip", nips_too=col.type == "nip"))
    return checks


def _key_check(con: Any, contract: Table, cols: dict[str, str]) -> list[_Check]:
    """Duplicate keys: every row after the first with the same key (only looked for when any)."""
    if not contract.key or any(k not in cols for k in contract.key):
        return []
    keys = ", ".join(typed_sql(contract.column(k), cols[k]) for k in contract.key)
    raw = quoted("raw_" + contract.name)
    # a grouped aggregate (spills to disk when large), unlike count(DISTINCT ...)
    if not con.execute(f"SELECT count(*) FROM (SELECT 1 FROM {raw} GROUP BY {keys} HAVING count(*) > 1)").fetchone()[0]:
        return []
    dup = quoted("dup_" + contract.name)
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
    issues = IssueCollector(con, root, today)
    present: dict[str, dict[str, str]] = {}
    for name in REQUIRED_TABLES:
        if name not in files:
            issues.whole(name, None, f"table {name} is missing: expected {name}/part-*.parquet or {name}.parquet")
    for name, paths in files.items():
        present[name] = raw_view(con, name, paths)
    for name in present:
        table_issues(issues, name, present, detailed=True)
    return issues.items


def table_issues(issues: IssueCollector, name: str, present: dict[str, dict[str, str]], detailed: bool) -> None:
    """The missing required columns of table ``name`` and, when ``detailed``, every row check
    over ``raw_<name>`` (:meth:`IssueCollector.run`)."""
    contract, cols = TABLES[name], present[name]
    for col in contract.columns:
        if col.required and col.name not in cols:
            issues.whole(name, col.name, f"required column {col.name} is missing")
    if detailed:
        issues.run(name, column_checks(contract, cols, issues.today) + _reference_checks(contract, cols, present)
                   + _key_check(issues.con, contract, cols))
