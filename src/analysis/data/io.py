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

The steps live in their own modules: :mod:`analysis.data.discover` (which file or sheet
holds each table), :mod:`analysis.data.readers` (a file as text with row numbers),
:mod:`analysis.data.validate` (the contract), :mod:`analysis.data.cache` (the Parquet
cache) and :mod:`analysis.data.issue_text` (what ``kompetensi validate`` prints). Their
public names are re-exported here.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Mapping as MappingABC
from dataclasses import replace
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.data import files
from analysis.data import sources as data_sources
from analysis.data.cache import LOADER_VERSION, cache_key, file_sha256, read_cache, write_cache
from analysis.data.contract import TABLES
from analysis.data.dataset import Dataset, SourceFile
from analysis.data.discover import (
    IGNORED_FILES,
    TABLE_SUFFIXES,
    UNREADABLE,
    Discovery,
    Source,
    discover,
    rel,
    source_files,
)
from analysis.data.errors import (
    DataValidationError,
    FileProblem,
    Issue,
    MappingError,
    clip,
    error_text,
)
from analysis.data.issue_text import format_issues, format_summary
from analysis.data.mapping import (
    Mapping,
    TableMapping,
    load_mapping,
    normalise_header,
    recode_values,
    rename_columns,
)
from analysis.data.messages import Message, say
from analysis.data.pseudonym import resolve_salt, salt_fingerprint
from analysis.data.raw import RawTable
from analysis.data.readers import (
    HEADER_SEARCH_ROWS,
    find_header,
    read_csv_text,
    read_parquet_parts,
    read_sheet_text,
    sheet_frame,
    sheet_values,
    sniff_delimiter,
    unsaved_formula_cells,
)
from analysis.data.validate import ValidationResult, validate_tables

__all__ = [
    "HEADER_SEARCH_ROWS", "IGNORED_FILES", "LOADER_VERSION", "PARQUET_ROW_NOTE", "TABLE_SUFFIXES", "UNREADABLE",
    "cli_validate", "file_sha256", "find_header", "format_issues", "format_summary", "load_dataset",
    "read_csv_text", "read_parquet_parts", "read_sheet_text", "sheet_values", "sniff_delimiter",
    "unsaved_formula_cells",
]

PARQUET_ROW_NOTE = "Parquet: row = record number in the file + 1 (as if the file had a header row)"


# --------------------------------------------------------------------------- one table


def _known_headers(table: str, tm: TableMapping | None) -> set[str]:
    """Normalised headers a table's file is expected to have: contract names and mapped sources."""
    known = {normalise_header(c) for c in TABLES[table].column_names}
    if tm is not None:
        known |= {normalise_header(c) for c in tm.columns}
    return known


def _read_workbook_sheet(
    src: Source, table: str, root: Path, known: set[str]
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
    display = f"{rel(src.path, root)}[{sheet}]"
    frame, rows, float_cells, header = sheet_frame(values, known)
    formulas = unsaved_formula_cells(src.path, sheet, frame, rows) if has_formulas and frame.isna().any().any() else {}
    return frame, rows, float_cells, header, display, formulas


def _repeated_headers(table: str, header: list[str], display: str) -> list[Issue]:
    """One issue per header written more than once in the file."""
    seen: dict[str, int] = {}
    for h in header:
        if h:
            seen[h] = seen.get(h, 0) + 1
    return [Issue(table, 1, clip(h), None, Message("header_repeated", header=clip(h), n=n), display)
            for h, n in seen.items() if n > 1]


def _read(
    src: Source, table: str, root: Path, tm: TableMapping | None
) -> tuple[RawTable | None, list[str], list[Issue]]:
    """Read one table's source; ``None`` (with the issues) when the file cannot be read at all."""
    display = src.display(root)
    float_cells: dict[str, np.ndarray] = {}
    formula_cells: dict[str, np.ndarray] = {}
    row_files = None
    note = ""
    known = _known_headers(table, tm)
    try:
        if src.kind == "csv":
            frame, rows, header = read_csv_text(src.path, known)
        elif src.kind in ("xlsx", "sheet"):
            frame, rows, float_cells, header, display, formula_cells = _read_workbook_sheet(src, table, root, known)
        else:
            paths = source_files(src)
            frame, rows, files_of, float_cells = read_parquet_parts(paths)
            row_files = files_of if src.kind == "parts" else None
            header = [str(c) for c in frame.columns]
            note = PARQUET_ROW_NOTE
    except FileProblem as exc:
        return None, [], [Issue(table, row, None, None, message, display) for row, message in exc.problems]
    issues = _repeated_headers(table, header, display)
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
        raise FileNotFoundError(Message("data_not_found", path=str(root)))
    parsed_mapping = load_mapping(_default_mapping(root, mapping))
    found = discover(root, parsed_mapping)
    warnings = list(found.warnings)
    salt = resolve_salt()
    if salt.warning:
        warnings.insert(0, salt.warning)
    input_files = _input_files(found.sources, parsed_mapping)
    target = None
    if cache_dir is not None:
        target = Path(cache_dir).expanduser() / cache_key(input_files, parsed_mapping, salt_fingerprint(salt.value))
        if (target / "meta.json").is_file():  # the key is the files' names and contents, not their folder:
            cached = read_cache(target, [salt.warning] if salt.warning else [])  # say where they are now
            return replace(cached, source=root, files=tuple(input_files))
    raws, read_warnings, issues, unreadable = _read_tables(found, root, parsed_mapping)
    warnings.extend(read_warnings)
    result = validate_tables(raws, salt=salt.value, today=today, looked_for=found.looked, unreadable=unreadable)
    all_issues = _all_issues(issues, result)
    if all_issues:
        raise DataValidationError(all_issues, source=str(root))
    ds = Dataset(
        **result.frames,  # type: ignore[arg-type]
        source=root,
        files=tuple(input_files),
        warnings=tuple(dict.fromkeys(warnings + result.warnings)),
    )
    if target is not None:
        with contextlib.suppress(OSError):  # the cache only saves time: a read-only or full disk skips it
            write_cache(ds, target, (salt.warning,) if salt.warning else ())
    return ds


def _default_mapping(
    root: Path, mapping: str | os.PathLike[str] | Mapping | MappingABC | None
) -> str | os.PathLike[str] | Mapping | MappingABC | None:
    """The mapping given, else ``<folder>/mapping.yaml`` (or ``.yml``) when present."""
    if mapping is None and root.is_dir():
        for name in ("mapping.yaml", "mapping.yml"):
            if (root / name).is_file():
                return root / name
    return mapping


def _input_files(sources: dict[str, Source], mapping: Mapping | None) -> list[SourceFile]:
    """Every file read, with its SHA-256 and the tables it holds; the mapping file last."""
    tables_of: dict[Path, list[str]] = {}
    for table, src in sources.items():
        for f in source_files(src):
            tables_of.setdefault(f, []).append(table)
    out = [SourceFile(f, file_sha256(f), tuple(t)) for f, t in tables_of.items()]
    if mapping is not None and mapping.path is not None:
        out.append(SourceFile(mapping.path, file_sha256(mapping.path), ()))
    return out


def _read_tables(
    found: Discovery, root: Path, mapping: Mapping | None
) -> tuple[dict[str, RawTable], list[str], list[Issue], set[str]]:
    """Read every table found: the raw tables, warnings, issues (discovery's first) and the unreadable."""
    raws: dict[str, RawTable] = {}
    warnings: list[str] = []
    issues = list(found.issues)
    unreadable = {t for t, where in found.looked.items() if where == UNREADABLE}
    for table, src in found.sources.items():
        tm = mapping.for_table(table) if mapping else None
        raw, w, iss = _read(src, table, root, tm)
        warnings.extend(w)
        issues.extend(iss)
        if raw is None:
            unreadable.add(table)
        else:
            raws[table] = raw
    return raws, warnings, issues, unreadable


def _all_issues(read_issues: list[Issue], result: ValidationResult) -> list[Issue]:
    """The reading issues, then the validator's; a table listed as a duplicate source is
    reported once, not also as missing."""
    dup_tables = {i.table for i in read_issues if i.message.startswith("more than one file")}
    return read_issues + [
        i for i in result.issues if not (i.table in dup_tables and i.row is None and i.column is None)
    ]


# --------------------------------------------------------------------------- CLI


def cli_validate(args) -> int:
    """``kompetensi validate DATA [--mapping M] [--max-rows N] [--lang id|en]``: 0 valid, 1 problems, 2 not found.

    The problems and the summary are printed in ``--lang`` (Bahasa Indonesia by default).
    """
    lang = getattr(args, "lang", "en") or "en"
    path: str | Path = args.data if data_sources.is_database_url(args.data) else Path(args.data)
    if isinstance(path, Path) and not path.exists():
        print(say("validate_not_found", lang, path=path), file=sys.stderr)
        return 2
    mapping = getattr(args, "mapping", None)
    if mapping is not None and not Path(mapping).is_file():
        print(say("validate_no_mapping", lang, path=mapping), file=sys.stderr)
        return 2
    started = time.perf_counter()
    try:
        ds = load_dataset(path, mapping=mapping)
    except DataValidationError as exc:
        print(format_issues(exc.issues, max(1, int(getattr(args, "max_rows", 40) or 40)), lang))
        return 1
    except (MappingError, ValueError) as exc:
        print(f"kompetensi validate: {error_text(exc, lang)}", file=sys.stderr)
        return 1
    print(format_summary(ds, time.perf_counter() - started, lang))
    return 0
