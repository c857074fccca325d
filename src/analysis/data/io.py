"""Loading a data folder: read (Excel quirks), map, validate, pseudonymise, cache.

:func:`load_dataset` is the one way data enter the toolkit. It reads

- a folder with one file per table, ``<table>.csv``, ``<table>.xlsx`` or
  ``<table>.parquet``, or a folder per table of Parquet part files
  (``<table>/part-*.parquet``, used by the national-scale sample);
- one XLSX workbook with one sheet per table (a path to the ``.xlsx`` file, or a
  folder holding exactly one workbook; tables not found as files are looked up
  as sheets of that workbook);
- with ``mapping.yaml`` (see :mod:`analysis.data.mapping`) when the export uses other
  file names, headers or codes; ``<folder>/mapping.yaml`` is used when present;
- a database URL (``sqlite:///simpeg.db``, ``postgresql://user@host/db``, ...): read by
  :mod:`analysis.data.sources`, then typed, validated and pseudonymised the same way.

CSV files may be UTF-8, UTF-8 with BOM, UTF-16 (with or without BOM) or
Windows-1252, with any line endings (also old-Mac ``\r``), delimited by ``,`` or
``;`` (sniffed from the header line; tab and ``|`` too). Every cell is read as
text first and parsed per the contract (:mod:`analysis.data.validate`), so every bad
cell can be reported with its row. Input files are opened read-only and never
modified.

The validated dataset has every NIP replaced by a pseudonym
(:mod:`analysis.data.pseudonym`). With ``cache_dir`` it is stored as Parquet under
``cache_dir/<key>/``, where the key is a SHA-256 over the input files'
checksums, the mapping, a fingerprint of the salt (never the salt), the contract
version and the loader version; a later call with the same inputs reads the
cache without re-validating.

A file that cannot be read as a table at all (empty, damaged, a workbook under a
``.csv`` name, a hostile ZIP, a malformed CSV row) is an issue naming the file and,
where there is one, the row (:mod:`analysis.data.files` has the checks and the
ceilings); the other tables are still checked, so one run lists every problem.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import hashlib
import io as _io
import json
import os
import shutil
import sys
import tempfile
import time
import warnings
from collections.abc import Mapping as MappingABC
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.compute as pc

from analysis.data import files
from analysis.data import sources as data_sources
from analysis.data.contract import CONTRACT_VERSION, TABLES
from analysis.data.damaged import arrow_text
from analysis.data.dataset import DTYPES, Dataset, SourceFile
from analysis.data.errors import DataValidationError, FileProblem, Issue, MappingError, clip
from analysis.data.mapping import (
    Mapping,
    TableMapping,
    load_mapping,
    normalise_header,
    recode_values,
    rename_columns,
)
from analysis.data.messages import Message, counted, from_json, render, say, to_json
from analysis.data.pseudonym import resolve_salt, salt_fingerprint
from analysis.data.raw import RawTable
from analysis.data.validate import validate_tables

#: Bump when parsing or checks change, so old caches are not reused.
LOADER_VERSION = "3"  # 3: header-only tables allowed empty; warnings cached with their message codes
TABLE_SUFFIXES = (".csv", ".xlsx", ".xlsm", ".parquet")
#: Files in a data folder that are not tables and are ignored silently.
IGNORED_FILES = {"mapping.yaml", "mapping.yml", "truth.json", "readme.md", "readme.txt", ".ds_store"}
PARQUET_ROW_NOTE = "Parquet: row = record number in the file + 1 (as if the file had a header row)"
#: Marks a table whose file could not be read (reported once, never again as missing).
UNREADABLE = Message("unreadable_table")


@dataclass(frozen=True)
class _Source:
    kind: str  # csv | xlsx | parquet | parts | sheet
    path: Path
    sheet: str | None = None

    def display(self, root: Path) -> str:
        rel = _rel(self.path, root)
        if self.kind == "sheet" or (self.kind == "xlsx" and self.sheet):
            return f"{rel}[{self.sheet}]"
        if self.kind == "parts":
            return f"{rel}/"
        return rel


def _rel(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root)) if root.is_dir() else path.name
    except ValueError:
        return str(path)


def file_sha256(path: Path) -> str:
    """SHA-256 of a file's bytes (read-only)."""
    with open(path, "rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


# --------------------------------------------------------------------------- CSV

#: Rows searched for the header (title rows and blank rows above it are skipped).
HEADER_SEARCH_ROWS = 10
_DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "|"}


def sniff_delimiter(text: str) -> str:
    """The delimiter of a CSV text, one of ``, ; tab |``, from the first non-blank lines.

    The true delimiter occurs equally often (outside quotes) on most lines: the
    delimiter with the most lines sharing its most common non-zero count wins (ties:
    the larger total count, then ``,``). A title line above the header, or a text cell
    full of commas, does not sway it.
    """
    lines = [line for line in text.split("\n", HEADER_SEARCH_ROWS + 1)[:HEADER_SEARCH_ROWS] if line.strip()]
    counts: dict[str, list[int]] = {d: [] for d in (",", ";", "\t", "|")}
    for first in lines:
        outside, quoted = [], False
        for ch in first:
            if ch == '"':
                quoted = not quoted
            elif not quoted:
                outside.append(ch)
        line = "".join(outside)
        for d in counts:
            counts[d].append(line.count(d))

    def score(d: str) -> tuple[int, int, bool]:
        nonzero = [c for c in counts[d] if c]
        if not nonzero:
            return (0, 0, d == ",")
        mode = max(set(nonzero), key=lambda c: (nonzero.count(c), c))
        return (sum(c == mode for c in counts[d]), sum(nonzero), d == ",")

    best = max(counts, key=score)
    return best if any(counts[best]) else ","


def _filled(cells: list[object]) -> int:
    return sum(v is not None and str(v).strip() != "" for v in cells)


def find_header(records: list[list[object]], known: set[str] | None = None) -> int:
    """Index of the header among the first records: the first with at least two filled cells.

    Title rows and blank rows above it are skipped (every contract table has several
    columns). With ``known`` headers (normalised contract and mapped names), a
    candidate that names none of them while a later row names two or more is a group
    heading or title above the real header: a :class:`FileProblem` says on which row
    the header seems to be.
    """
    candidates = [i for i, r in enumerate(records) if _filled(r) >= 2]
    if not candidates:
        return 0
    first = candidates[0]

    def hits(record: list[object]) -> int:
        return sum(normalise_header(v) in known for v in record if v is not None and str(v).strip())

    if known and hits(records[first]) == 0:
        later = next((j for j in candidates[1:] if hits(records[j]) >= 2), None)
        if later is not None:
            raise FileProblem(Message("header_on_later_row", later=later + 1, first=first + 1), first + 1)
    return first


def _first_records(text: str, sep: str, n: int) -> tuple[list[list[str]], list[int]]:
    """The first ``n`` records and the line number at which each ends."""
    reader = csv.reader(_io.StringIO(text), delimiter=sep)
    records: list[list[str]] = []
    ends: list[int] = []
    try:
        for record in reader:
            records.append(record)
            ends.append(reader.line_num)
            if len(records) >= n:
                break
    except csv.Error:
        pass  # located by the full read
    return records, ends


def read_csv_text(path: Path, known: set[str] | None = None) -> tuple[pd.DataFrame, np.ndarray, list[str]]:
    """Read a CSV file as text: every cell a string, empty cells missing.

    Returns the frame, the spreadsheet row number of each record (a fully empty
    line keeps its number but is dropped; title rows above the header count), and
    the header as written. ``known``: normalised headers expected (see :func:`find_header`).

    Raises
    ------
    FileProblem
        Empty or damaged file (:func:`analysis.data.files.read_text`), the header
        not on the first row, a row with more cells than the header, or a quote
        that is never closed, each with its row.
    """
    text = files.read_text(Path(path))
    sep = sniff_delimiter(text)
    head, ends = _first_records(text, sep, HEADER_SEARCH_ROWS)
    start = find_header(head, known) if head else 0
    header = head[start] if head else []
    skip = ends[start - 1] if start else 0
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", pd.errors.ParserWarning)
        try:
            frame = pd.read_csv(
                _io.StringIO(text),
                sep=sep,
                dtype="string",
                keep_default_na=False,
                na_filter=False,
                skip_blank_lines=False,
                skiprows=skip,
                index_col=False,
                engine="c",
            )
        except (pd.errors.ParserError, pd.errors.EmptyDataError, csv.Error):
            frame = None
    if frame is None or any(issubclass(w.category, pd.errors.ParserWarning) for w in caught):
        # pandas stopped at (or silently dropped) a malformed row: read strictly to locate every one
        frame = _read_csv_strictly(text, sep, skip, start)
    rows = np.arange(start + 2, len(frame) + start + 2)
    frame, rows = _drop_empty(frame, rows)
    return frame, rows, [h.strip() for h in header]


def _read_csv_strictly(text: str, sep: str, skip_lines: int, start: int) -> pd.DataFrame:
    """Parse CSV text record by record; every malformed row becomes a located problem.

    A row with more filled cells than the header, and a quote that is never closed
    (the rest of the file would read as one cell), raise :class:`FileProblem` naming
    the rows. Extra cells that are empty (trailing delimiters) are dropped.
    """
    body = text
    for _ in range(skip_lines):
        body = body.split("\n", 1)[1] if "\n" in body else ""
    reader = csv.reader(_io.StringIO(body), delimiter=sep, strict=True)
    records: list[list[str]] = []
    problems: list[tuple[int | None, str]] = []
    header: list[str] | None = None
    try:
        for record in reader:
            if header is None:
                header = record
                continue
            row = start + 2 + len(records)
            if len(record) > len(header) and any(c.strip() for c in record[len(header):]):
                problems.append((
                    row,
                    Message("row_too_many_cells", cells=len(record), header=len(header),
                            delimiter=_DELIMITER_NAMES.get(sep, sep)),
                ))
            records.append((record + [""] * len(header))[: len(header)])
    except csv.Error as exc:
        row = start + 2 + len(records) if header is not None else start + 1
        if "field limit" in str(exc):
            message = Message("csv_field_limit")
        elif "end of data" in str(exc) or "EOF" in str(exc):
            message = Message("csv_unclosed_quote")
        else:
            message = Message("csv_stray_quote")
        problems.append((row, message))
    if problems:
        (row, message), *more = problems
        raise FileProblem(message, row, more=more)
    header = header or []
    names = [h if h.strip() else f"Unnamed: {i}" for i, h in enumerate(header)]
    if not records:
        return pd.DataFrame({n: pd.Series([], dtype="string") for n in names})
    return pd.DataFrame(records, columns=names, dtype="string")


def _drop_empty(frame: pd.DataFrame, rows: np.ndarray) -> tuple[pd.DataFrame, np.ndarray]:
    """Drop fully empty rows (trailing ;;;; lines) and unnamed all-empty columns."""
    if len(frame.columns) == 0:
        return frame, rows
    if len(frame) == 0:
        return frame, rows
    flat = arrow_text(frame.iloc[:, j] for j in range(len(frame.columns)))
    blank = np.asarray(pc.equal(pc.utf8_trim_whitespace(flat), "").fill_null(True).to_numpy(), dtype=bool)
    blank = blank.reshape(len(frame.columns), len(frame)).T  # one column after the other
    keep_rows = ~blank.all(axis=1)
    unnamed = [
        c for i, c in enumerate(frame.columns)
        if (str(c).startswith("Unnamed:") or str(c).strip() == "") and blank[:, i].all()
    ]
    frame = frame.loc[keep_rows].drop(columns=unnamed).reset_index(drop=True)
    return frame, rows[keep_rows]


# --------------------------------------------------------------------------- XLSX


def _cell_text(v: object) -> tuple[str | None, bool]:
    """Text of an XLSX cell, and whether it was stored as a floating-point number."""
    if v is None:
        return None, False
    if isinstance(v, str):
        return v, False
    if isinstance(v, bool):
        return ("TRUE" if v else "FALSE"), False
    if isinstance(v, int):
        return str(v), False
    if isinstance(v, float):
        if v != v:  # NaN
            return None, False
        return (str(int(v)) if v.is_integer() and abs(v) < 1e21 else repr(v)), True
    if isinstance(v, dt.datetime):
        return v.strftime("%Y-%m-%d"), False
    if isinstance(v, dt.date):
        return v.isoformat(), False
    return str(v), False


def sheet_values(ws) -> list[tuple[int, tuple]]:
    """Every row of an openpyxl read-only worksheet as ``(sheet row number, values)``.

    Raises
    ------
    FileProblem
        The sheet's XML is damaged or cut off (openpyxl or zipfile fail mid-read).
    """
    try:
        return [(n, tuple(v)) for n, v in enumerate(ws.iter_rows(min_row=1, values_only=True), start=1)]
    except Exception:  # zlib/CRC/XML errors of a damaged part surface as many exception types
        raise FileProblem(files.DAMAGED_WORKBOOK) from None


def read_sheet_text(
    ws, known: set[str] | None = None
) -> tuple[pd.DataFrame, np.ndarray, dict[str, np.ndarray], list[str]]:
    """Read an openpyxl worksheet as text with the sheet's own row numbers.

    The header is found by :func:`find_header` (title rows above it are skipped;
    a group heading above it is reported). Returns the frame, row numbers,
    per-column float-cell masks and the header as written.
    """
    return _sheet_frame(sheet_values(ws), known)


def _sheet_frame(
    values: list[tuple[int, tuple]], known: set[str] | None = None
) -> tuple[pd.DataFrame, np.ndarray, dict[str, np.ndarray], list[str]]:
    head = [list(v) for _, v in values[:HEADER_SEARCH_ROWS]]
    if not any(_filled(r) >= 2 for r in head):
        return pd.DataFrame(), np.array([], dtype=int), {}, []
    start = find_header(head, known)
    header = ["" if v is None else str(v).strip() for v in values[start][1]]
    records: list[list[str | None]] = []
    floats: list[list[bool]] = []
    rows: list[int] = []
    for number, row_values in values[start + 1:]:
        cells = [_cell_text(v) for v in row_values]
        if not any(t is not None and t.strip() for t, _ in cells):
            continue
        records.append([t for t, _ in cells])
        floats.append([f for _, f in cells])
        rows.append(number)
    while header and header[-1] == "" and all(len(r) < len(header) or r[len(header) - 1] is None for r in records):
        header.pop()
    width = len(header)
    data = [(r + [None] * width)[:width] for r in records]
    fl = np.array([(f + [False] * width)[:width] for f in floats], dtype=bool).reshape(len(records), width)
    names = [h if h else f"column {i + 1}" for i, h in enumerate(header)]
    frame = pd.DataFrame(data, columns=names, dtype="string") if data else pd.DataFrame(
        {n: pd.Series([], dtype="string") for n in names}
    )
    float_cells = {n: fl[:, i] for i, n in enumerate(names) if fl[:, i].any()}
    return frame, np.array(rows, dtype=int), float_cells, header


def unsaved_formula_cells(path: Path, sheet: str, frame: pd.DataFrame, rows: np.ndarray) -> dict[str, np.ndarray]:
    """Cells that hold a formula whose value was never saved (a workbook written by a program).

    Read with ``data_only=True`` such a cell is empty; read again with
    ``data_only=False`` it shows its formula. Column -> mask over the frame's records.
    """
    wb = files.open_workbook(path, data_only=False)
    try:
        formulas = sheet_values(wb[sheet])
    finally:
        wb.close()
    position = {int(r): i for i, r in enumerate(rows)}
    width = len(frame.columns)
    masks = np.zeros((len(frame), width), dtype=bool)
    empty = frame.isna().to_numpy()
    for number, values in formulas:
        i = position.get(number)
        if i is None:
            continue
        for j, v in enumerate(values[:width]):
            if isinstance(v, str) and v.startswith("=") and empty[i, j]:
                masks[i, j] = True
    return {str(c): masks[:, j] for j, c in enumerate(frame.columns) if masks[:, j].any()}


# --------------------------------------------------------------------------- Parquet


def read_parquet_parts(paths: list[Path]) -> tuple[pd.DataFrame, np.ndarray, np.ndarray, dict[str, np.ndarray]]:
    """Read Parquet file(s) keeping column types; rows numbered per file (record + 1).

    Raises
    ------
    FileProblem
        A part is damaged or cut off (named when the table has several parts).
    """
    frames, rows, files_of = [], [], []
    for p in paths:
        label = p.name if len(paths) == 1 else f"{p.parent.name}/{p.name}"
        try:
            files.check_parquet(p)
            f = pd.read_parquet(p)
        except FileProblem as exc:
            raise FileProblem(exc.problems[0][1] if len(paths) == 1 else Message("in_part", part=label, message=exc.problems[0][1])) from None
        except Exception:  # pyarrow raises ArrowInvalid, OSError, ... on damaged files
            message = files.DAMAGED_PARQUET
            raise FileProblem(message if len(paths) == 1 else Message("in_part", part=label, message=message)) from None
        frames.append(f)
        rows.append(np.arange(2, len(f) + 2))
        files_of.append(np.full(len(f), label, dtype=object))
    frame = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0].reset_index(drop=True)
    float_cells = {
        str(c): frame[c].notna().to_numpy()
        for c in frame.columns
        if pd.api.types.is_float_dtype(frame[c])
    }
    return frame, np.concatenate(rows), np.concatenate(files_of), float_cells


# --------------------------------------------------------------------------- discovery


def _table_candidates(folder: Path, table: str) -> list[_Source]:
    found: list[_Source] = []
    for entry in sorted(folder.iterdir()):
        stem, suffix = entry.stem.lower(), entry.suffix.lower()
        if entry.is_file() and stem == table and suffix in TABLE_SUFFIXES:
            found.append(_Source("parquet" if suffix == ".parquet" else "csv" if suffix == ".csv" else "xlsx", entry))
        elif entry.is_dir() and entry.name.lower() == table:
            parts = sorted(entry.glob("*.parquet"))
            if parts:
                found.append(_Source("parts", entry))
    return found


def _discover(
    path: Path, mapping: Mapping | None
) -> tuple[dict[str, _Source], dict[str, str], list[str], list[Issue]]:
    sources: dict[str, _Source] = {}
    looked: dict[str, str] = {}
    warnings: list[str] = []
    issues: list[Issue] = []
    if path.is_file():
        if path.suffix.lower() not in (".xlsx", ".xlsm"):
            raise ValueError(
                f"{path} is a single {path.suffix or 'extension-less'} file: give the folder that holds "
                "one file per table, or one .xlsx workbook with a sheet per table"
            )
        folder, workbook = path.parent, path
        table_files: list[Path] = []
    else:
        folder = path
        entries = sorted(folder.iterdir())
        table_names = set(TABLES)
        mapped_files = {(t.file or "").lower() for t in (mapping.tables.values() if mapping else [])}
        books = [
            e for e in entries
            if e.is_file() and e.suffix.lower() in (".xlsx", ".xlsm") and e.stem.lower() not in table_names
            and e.name.lower() not in mapped_files and not e.name.startswith("~$")
        ]
        workbook = books[0] if len(books) == 1 else None
        table_files = entries
    sheet_names: list[str] = []
    damaged_book = False
    if workbook is not None:
        try:
            wb = files.open_workbook(workbook)
        except FileProblem as exc:
            damaged_book = True
            issues += [Issue("workbook", row, None, None, message, _rel(workbook, folder)) for row, message in exc.problems]
        else:
            sheet_names = list(wb.sheetnames)
            wb.close()
    used: set[Path] = set()
    for table in TABLES:
        tm = mapping.for_table(table) if mapping else None
        if tm is not None and tm.file:
            target = folder / tm.file
            looked[table] = Message("looked_mapped", file=tm.file, folder=str(folder))
            if target.is_dir():
                sources[table] = _Source("parts", target)
            elif target.is_file():
                suffix = target.suffix.lower()
                kind = {".csv": "csv", ".parquet": "parquet", ".xlsx": "xlsx", ".xlsm": "xlsx"}.get(suffix, "csv")
                sources[table] = _Source(kind, target, tm.sheet if kind == "xlsx" else None)
            used.add(target)
            continue
        cands = _table_candidates(folder, table) if path.is_dir() else []
        where = Message("looked_in_folder", table=table, folder=str(folder))
        if workbook is not None:
            where = Message("looked_or_sheet", where=where, sheet=tm.sheet if tm and tm.sheet else table,
                            workbook=workbook.name)
        looked[table] = where
        if len(cands) > 1:
            issues.append(Issue(
                table, None, None, None,
                Message("several_files", table=table, files=", ".join(_rel(c.path, folder) for c in cands)),
            ))
            used.update(c.path for c in cands)
            continue
        if cands:
            src = cands[0]
            if src.kind == "xlsx" and tm is not None and tm.sheet:
                src = _Source("xlsx", src.path, tm.sheet)
            sources[table] = src
            used.add(src.path)
            continue
        if workbook is not None:
            wanted = tm.sheet if tm is not None and tm.sheet else table
            hit = next((s for s in sheet_names if s.strip().lower() == wanted.lower()), None)
            if hit is not None:
                sources[table] = _Source("sheet", workbook, hit)
                used.add(workbook)
            elif damaged_book:  # reported once for the workbook, not again as missing
                looked[table] = UNREADABLE
                used.add(workbook)
    if workbook is not None:
        taken = {s.sheet for s in sources.values() if s.kind == "sheet"}
        spare = [s for s in sheet_names if s not in taken]
        if spare and workbook in used:
            warnings.append(Message("spare_sheets", workbook=workbook.name, sheets=", ".join(spare)))
    for entry in table_files:
        if entry in used or entry.name.lower() in IGNORED_FILES or entry.name.startswith((".", "~$")):
            continue
        if mapping is not None and mapping.path is not None and entry == mapping.path:
            continue
        if entry.is_file() or entry.is_dir():
            warnings.append(Message("not_a_table", name=entry.name))
    return sources, looked, warnings, issues


def _source_files(src: _Source) -> list[Path]:
    if src.kind == "parts":
        return sorted(src.path.glob("*.parquet"))
    return [src.path]


def _known_headers(table: str, tm: TableMapping | None) -> set[str]:
    """Normalised headers a table's file is expected to have: contract names and mapped sources."""
    known = {normalise_header(c) for c in TABLES[table].column_names}
    if tm is not None:
        known |= {normalise_header(c) for c in tm.columns}
    return known


def _read_workbook_sheet(
    src: _Source, table: str, root: Path, known: set[str]
) -> tuple[pd.DataFrame, np.ndarray, dict[str, np.ndarray], list[str], str, dict[str, np.ndarray]]:
    """One sheet as text: frame, rows, float cells, header, display name, unsaved-formula cells."""
    wb = files.open_workbook(src.path)
    try:
        sheet = src.sheet
        if sheet is None:
            names = wb.sheetnames
            sheet = next((s for s in names if s.strip().lower() == table), names[0])
        if sheet not in wb.sheetnames:
            raise FileProblem(Message("sheet_not_found", sheet=clip(sheet), file=src.path.name,
                                      sheets=clip(", ".join(wb.sheetnames), 200)))
        ws = wb[sheet]
        values = sheet_values(ws)
        has_formulas = files.sheet_has_formulas(ws)
    finally:
        wb.close()
    display = f"{_rel(src.path, root)}[{sheet}]"
    frame, rows, float_cells, header = _sheet_frame(values, known)
    formulas = unsaved_formula_cells(src.path, sheet, frame, rows) if has_formulas and frame.isna().any().any() else {}
    return frame, rows, float_cells, header, display, formulas


def _read(
    src: _Source, table: str, root: Path, tm: TableMapping | None
) -> tuple[RawTable | None, list[str], list[Issue]]:
    """Read one table's source; ``None`` (with the issues) when the file cannot be read at all."""
    display = src.display(root)
    float_cells: dict[str, np.ndarray] = {}
    formula_cells: dict[str, np.ndarray] = {}
    row_files = None
    note = ""
    issues: list[Issue] = []
    known = _known_headers(table, tm)
    try:
        if src.kind == "csv":
            frame, rows, header = read_csv_text(src.path, known)
        elif src.kind in ("xlsx", "sheet"):
            frame, rows, float_cells, header, display, formula_cells = _read_workbook_sheet(src, table, root, known)
        else:
            paths = _source_files(src)
            frame, rows, files_of, float_cells = read_parquet_parts(paths)
            row_files = files_of if src.kind == "parts" else None
            header = [str(c) for c in frame.columns]
            note = PARQUET_ROW_NOTE
    except FileProblem as exc:
        return None, [], [Issue(table, row, None, None, message, display) for row, message in exc.problems]
    seen: dict[str, int] = {}
    for h in header:
        if h:
            seen[h] = seen.get(h, 0) + 1
    for h, n in seen.items():
        if n > 1:
            issues.append(Issue(table, 1, clip(h), None, Message("header_repeated", header=clip(h), n=n), display))
    frame, warnings, renamed = rename_columns(frame, table, tm, display)
    if renamed:
        back = {s: d for d, s in renamed.items()}
        float_cells = {back.get(c, c): m for c, m in float_cells.items()}
        formula_cells = {back.get(c, c): m for c, m in formula_cells.items()}
    if frame.columns.duplicated().any():
        dups = sorted(set(frame.columns[frame.columns.duplicated()]))
        for d in dups:
            issues.append(Issue(table, 1, d, None, Message("two_columns_map", column=d), display))
        frame = frame.loc[:, ~frame.columns.duplicated()]
    frame = recode_values(frame, tm)
    raw = RawTable(table, frame, rows, display, row_files, float_cells, note, formula_cells)
    return raw, warnings, issues


# --------------------------------------------------------------------------- cache


def _cache_key(files: list[SourceFile], mapping: Mapping | None, salt_fp: str) -> str:
    material = {
        "contract": CONTRACT_VERSION,
        "loader": LOADER_VERSION,
        "files": sorted((f.path.name, f.sha256, list(f.tables)) for f in files),
        "mapping": mapping.to_dict() if mapping is not None else None,
        "salt": salt_fp,
    }
    return hashlib.sha256(json.dumps(material, sort_keys=True, default=str).encode()).hexdigest()[:32]


def _write_cache(ds: Dataset, target: Path, skip_warnings: tuple[str, ...] = ()) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".tmp-{target.name}-", dir=target.parent))
    try:
        for name, frame in ds.tables.items():
            frame.to_parquet(tmp / f"{name}.parquet", index=False)
        meta = {
            "source": str(ds.source) if ds.source else None,
            "files": [{"path": str(f.path), "sha256": f.sha256, "tables": list(f.tables)} for f in ds.files],
            "warnings": [to_json(w) for w in ds.warnings if w not in skip_warnings],  # codes kept for --lang
            "contract_version": CONTRACT_VERSION,
            "loader_version": LOADER_VERSION,
        }
        (tmp / "meta.json").write_text(json.dumps(meta, indent=2, ensure_ascii=False), encoding="utf-8")
        try:
            os.rename(tmp, target)
        except OSError:  # another process wrote the same key first
            shutil.rmtree(tmp, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def _read_cache(target: Path, extra_warnings: list[str]) -> Dataset:
    meta = json.loads((target / "meta.json").read_text(encoding="utf-8"))
    frames: dict[str, pd.DataFrame | None] = {}
    for name, contract in TABLES.items():
        file = target / f"{name}.parquet"
        if not file.exists():
            frames[name] = None
            continue
        frame = pd.read_parquet(file)
        for col in contract.columns:
            if col.name in frame and str(frame[col.name].dtype) != DTYPES[col.type]:
                frame[col.name] = frame[col.name].astype(DTYPES[col.type])
        frames[name] = frame
    files = tuple(SourceFile(Path(f["path"]), f["sha256"], tuple(f["tables"])) for f in meta["files"])
    warnings = tuple(dict.fromkeys(extra_warnings + [from_json(w) for w in meta["warnings"]]))
    src = Path(meta["source"]) if meta.get("source") else None
    return Dataset(**frames, source=src, files=files, warnings=warnings)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- public


def load_dataset(
    path: str | os.PathLike[str],
    mapping: str | os.PathLike[str] | Mapping | MappingABC | None = None,
    cache_dir: str | os.PathLike[str] | None = None,
    *,
    today: date | None = None,
) -> Dataset:
    """Read, map, validate and pseudonymise a data folder (or workbook) into a :class:`Dataset`.

    Parameters
    ----------
    path
        A folder with one file per table (CSV/XLSX/Parquet, or a folder of
        Parquet parts per table), a folder holding one workbook, an ``.xlsx``
        workbook with one sheet per table, or a database URL as text
        (:mod:`analysis.data.sources`).
    mapping
        mapping.yaml path (or a parsed mapping / dict); default ``<folder>/mapping.yaml``
        when present. See :mod:`analysis.data.mapping`.
    cache_dir
        Where to keep the validated, pseudonymised dataset as Parquet, keyed by
        the inputs' checksums, the mapping, the salt's fingerprint and the
        contract version. ``None``: no cache.
    today
        Reference date for the "no future dates" checks (default: today).

    Returns
    -------
    Dataset
        Typed frames with pseudonymised ``employee_id``; ``files`` lists every
        input with its SHA-256; ``warnings`` lists what the reader noticed
        (absent optional tables, extra columns, the salt in use, ...).

    Raises
    ------
    FileNotFoundError
        ``path`` does not exist.
    DataValidationError
        With ``.issues``: every problem found (table, row, column, value, message).
    MappingError
        mapping.yaml is malformed.

    Notes
    -----
    Input files are only read. Raw NIPs never leave this function: frames, cache
    and messages carry pseudonyms, row numbers or masked values.
    """
    if data_sources.is_database_url(path):  # text only: a Path would have mangled the URL
        return data_sources.load_database(str(path), mapping, cache_dir, today=today)
    root = Path(path).expanduser()
    if not root.exists():
        raise FileNotFoundError(f"data folder or workbook not found: {root}")
    if mapping is None and root.is_dir():
        for name in ("mapping.yaml", "mapping.yml"):
            if (root / name).is_file():
                mapping = root / name
                break
    parsed_mapping = load_mapping(mapping)
    sources, looked, warnings, issues = _discover(root, parsed_mapping)
    salt = resolve_salt()
    if salt.warning:
        warnings.insert(0, salt.warning)
    tables_of: dict[Path, list[str]] = {}
    for table, src in sources.items():
        for f in _source_files(src):
            tables_of.setdefault(f, []).append(table)
    files = [SourceFile(f, file_sha256(f), tuple(t)) for f, t in tables_of.items()]
    if parsed_mapping is not None and parsed_mapping.path is not None:
        files.append(SourceFile(parsed_mapping.path, file_sha256(parsed_mapping.path), ()))
    key = None
    if cache_dir is not None:
        key = _cache_key(files, parsed_mapping, salt_fingerprint(salt.value))
        target = Path(cache_dir).expanduser() / key
        if (target / "meta.json").is_file():
            return _read_cache(target, [salt.warning] if salt.warning else [])
    raws: dict[str, RawTable] = {}
    unreadable = {t for t, where in looked.items() if where == UNREADABLE}
    for table, src in sources.items():
        tm = parsed_mapping.for_table(table) if parsed_mapping else None
        raw, w, iss = _read(src, table, root, tm)
        warnings.extend(w)
        issues.extend(iss)
        if raw is None:
            unreadable.add(table)
        else:
            raws[table] = raw
    result = validate_tables(raws, salt=salt.value, today=today, looked_for=looked, unreadable=unreadable)
    # a table listed as a duplicate source is reported once, not also as missing
    dup_tables = {i.table for i in issues if i.message.startswith("more than one file")}
    all_issues = issues + [
        i for i in result.issues if not (i.table in dup_tables and i.row is None and i.column is None)
    ]
    if all_issues:
        raise DataValidationError(all_issues, source=str(root))
    ds = Dataset(
        **result.frames,  # type: ignore[arg-type]
        source=root,
        files=tuple(files),
        warnings=tuple(dict.fromkeys(warnings + result.warnings)),
    )
    if cache_dir is not None and key is not None:
        with contextlib.suppress(OSError):  # the cache only saves time: a read-only or full disk skips it
            _write_cache(ds, Path(cache_dir).expanduser() / key, (salt.warning,) if salt.warning else ())
    return ds


# --------------------------------------------------------------------------- CLI


def format_issues(issues: list[Issue], max_rows: int = 40, lang: str = "en") -> str:
    """Issues as a readable text table, grouped by (table, column, message) with counts, in ``lang``.

    A problem alone in its group is one line: ``[file, row N] table.column: [value]
    message``. A larger group shows the file(s), the count, the message and the
    first ``max_rows`` rows with their values, so thousands of problems stay readable.
    Messages of the catalogue (:mod:`analysis.data.messages`) are shown in ``lang``
    (``"id"`` or ``"en"``); others in English.
    """
    groups: dict[tuple[str, str | None, str], list[Issue]] = {}
    for issue in issues:
        groups.setdefault((issue.table, issue.column, issue.message), []).append(issue)
    lines = [say("issues_head", lang, problems=counted("data_problems", len(issues), lang),
                 groups=counted("groups", len(groups), lang)), ""]
    for (table, column, message), items in groups.items():
        text = render(message, lang)
        files = list(dict.fromkeys(i.file for i in items if i.file))
        where = files[0] if len(files) == 1 else (say("more_files", lang, file=files[0], n=len(files) - 1) if files else table)
        target = f"{table}.{column}" if column else table
        if len(items) == 1:  # one problem, one line
            one = items[0]
            at = say("issue_row", lang, where=where, row=one.row) if one.row is not None else where
            value = f" [{one.value}]" if one.value is not None else ""
            lines.append(f"[{at}] {target}:{value} {text}")
            continue
        if lines[-1]:
            lines.append("")
        lines.append(f"[{where}] {target}: {counted('problems', len(items), lang)}")
        lines.append(f"    {text}")
        with_rows = [i for i in items if i.row is not None]
        if with_rows:
            shown = ", ".join(
                f"{i.row}" + (f" ({i.value})" if i.value is not None else "") for i in with_rows[:max_rows]
            )
            more = len(with_rows) - max_rows
            lines.append("    " + say("rows_listed", lang, rows=shown) + (say("and_more", lang, n=more) if more > 0 else ""))
        lines.append("")
    if lines[-1]:
        lines.append("")
    if any(str(i.file or "").endswith(".parquet") for i in issues):
        lines.append(say("parquet_rows", lang))
    if any(" (row = " not in str(i.file) for i in issues):
        lines.append(say("rows_numbered", lang))
    if any(" (row = " in str(i.file) for i in issues):
        lines.append(say("database_rows", lang))
    return "\n".join(lines)


def format_summary(ds: Dataset, seconds: float | None = None, lang: str = "en") -> str:
    """A one-screen summary of a loaded dataset (rows per table, periods, agencies, warnings), in ``lang``."""
    s = ds.summary()
    took = f" ({seconds:.1f} s)" if seconds is not None else ""
    lines = [say("summary_ok", lang, source=ds.source, version=CONTRACT_VERSION, took=took)]
    lines.append("")
    lines.append(say("summary_rows", lang))
    for name, count in s["rows"].items():  # type: ignore[union-attr]
        lines.append(f"  {name:<16} {count:>10,}")
    if ds.survey is None:
        lines.append(f"  {'survey':<16} {say('summary_absent', lang):>10}")
    lines.append("")
    lines.append(say("summary_periods", lang, first=s["first_period"], last=s["latest_period"]))
    lines.append(say("summary_agencies", lang, agencies=s["agencies"], units=s["units"]))
    lines.append(say("summary_employees", lang, n=s["employees"]))
    if ds.warnings:
        lines.append("")
        lines.append(say("summary_warnings", lang, n=len(ds.warnings)))
        lines += [f"  - {render(w, lang)}" for w in ds.warnings]
    return "\n".join(lines)


def cli_validate(args) -> int:
    """``kompetensi validate DATA [--mapping M] [--max-rows N] [--lang id|en]``: 0 valid, 1 problems, 2 not found.

    The problems and the summary are printed in ``--lang`` (Bahasa Indonesia by default).
    """
    path: str | Path = args.data if data_sources.is_database_url(args.data) else Path(args.data)
    if isinstance(path, Path) and not path.exists():
        print(f"kompetensi validate: {path}: no such folder or workbook", file=sys.stderr)
        return 2
    mapping = getattr(args, "mapping", None)
    if mapping is not None and not Path(mapping).is_file():
        print(f"kompetensi validate: mapping file {mapping} not found", file=sys.stderr)
        return 2
    lang = getattr(args, "lang", "en") or "en"
    started = time.perf_counter()
    try:
        ds = load_dataset(path, mapping=mapping)
    except DataValidationError as exc:
        print(format_issues(exc.issues, max(1, int(getattr(args, "max_rows", 40) or 40)), lang))
        return 1
    except (MappingError, ValueError) as exc:
        print(f"kompetensi validate: {exc}", file=sys.stderr)
        return 1
    print(format_summary(ds, time.perf_counter() - started, lang))
    return 0
