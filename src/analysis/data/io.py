"""Loading a data folder: read (Excel quirks), map, validate, pseudonymise, cache.

:func:`load_dataset` is the one way data enter the toolkit. It reads

- a folder with one file per table, ``<table>.csv``, ``<table>.xlsx`` or
  ``<table>.parquet``, or a folder per table of Parquet part files
  (``<table>/part-*.parquet``, used by the national-scale sample);
- one XLSX workbook with one sheet per table (a path to the ``.xlsx`` file, or a
  folder holding exactly one workbook; tables not found as files are looked up
  as sheets of that workbook);
- with ``mapping.yaml`` (see :mod:`analysis.data.mapping`) when the export uses other
  file names, headers or codes; ``<folder>/mapping.yaml`` is used when present.

CSV files may be UTF-8, UTF-8 with BOM or Windows-1252, delimited by ``,`` or
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
"""

from __future__ import annotations

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
from collections.abc import Mapping as MappingABC
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.data.contract import CONTRACT_VERSION, TABLES
from analysis.data.dataset import DTYPES, Dataset, SourceFile
from analysis.data.errors import DataValidationError, Issue, MappingError
from analysis.data.mapping import Mapping, TableMapping, load_mapping, recode_values, rename_columns
from analysis.data.pseudonym import resolve_salt, salt_fingerprint
from analysis.data.validate import RawTable, validate_tables

#: Bump when parsing or checks change, so old caches are not reused.
LOADER_VERSION = "1"
TABLE_SUFFIXES = (".csv", ".xlsx", ".xlsm", ".parquet")
#: Files in a data folder that are not tables and are ignored silently.
IGNORED_FILES = {"mapping.yaml", "mapping.yml", "truth.json", "readme.md", "readme.txt", ".ds_store"}
PARQUET_ROW_NOTE = "Parquet: row = record number in the file + 1 (as if the file had a header row)"


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


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode file bytes: UTF-8 with BOM, UTF-8, else Windows-1252 (Latin-1 for its 5 undefined bytes).

    Returns ``(text, encoding)``.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def sniff_delimiter(text: str) -> str:
    """The delimiter of a CSV text: the most frequent of ``; , tab |`` in the header line (outside quotes)."""
    first = text.split("\n", 1)[0]
    outside, quoted = [], False
    for ch in first:
        if ch == '"':
            quoted = not quoted
        elif not quoted:
            outside.append(ch)
    line = "".join(outside)
    counts = {d: line.count(d) for d in (";", ",", "\t", "|")}
    best = max(counts, key=lambda d: (counts[d], d == ","))
    return best if counts[best] else ","


def read_csv_text(path: Path) -> tuple[pd.DataFrame, np.ndarray, list[str]]:
    """Read a CSV file as text: every cell a string, empty cells missing.

    Returns the frame, the spreadsheet row number of each record (header = 1;
    a fully empty line keeps its number but is dropped), and the header as written.
    """
    text, _ = decode_bytes(Path(path).read_bytes())
    sep = sniff_delimiter(text)
    header = next(csv.reader(_io.StringIO(text.split("\n", 1)[0]), delimiter=sep), [])
    frame = pd.read_csv(
        _io.StringIO(text),
        sep=sep,
        dtype="string",
        keep_default_na=False,
        na_filter=False,
        skip_blank_lines=False,
        engine="c",
    )
    rows = np.arange(2, len(frame) + 2)
    frame, rows = _drop_empty(frame, rows)
    return frame, rows, [h.strip() for h in header]


def _drop_empty(frame: pd.DataFrame, rows: np.ndarray) -> tuple[pd.DataFrame, np.ndarray]:
    """Drop fully empty rows (trailing ;;;; lines) and unnamed all-empty columns."""
    if len(frame.columns) == 0:
        return frame, rows
    text = frame.astype("string")
    blank = text.apply(lambda s: s.str.strip().fillna("").eq("")).to_numpy()
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


def read_sheet_text(ws) -> tuple[pd.DataFrame, np.ndarray, dict[str, np.ndarray], list[str]]:
    """Read an openpyxl worksheet as text with the sheet's own row numbers.

    The header is the first row with at least two non-empty cells (title rows
    above it are skipped; every contract table has several columns). Returns the frame, row
    numbers, per-column float-cell masks and the header as written.
    """
    header: list[str] | None = None
    records: list[list[str | None]] = []
    floats: list[list[bool]] = []
    rows: list[int] = []
    for number, values in enumerate(ws.iter_rows(min_row=1, values_only=True), start=1):
        if header is None:
            if sum(v is not None and str(v).strip() != "" for v in values) >= 2:
                header = ["" if v is None else str(v).strip() for v in values]
            continue
        cells = [_cell_text(v) for v in values]
        if not any(t is not None and t.strip() for t, _ in cells):
            continue
        records.append([t for t, _ in cells])
        floats.append([f for _, f in cells])
        rows.append(number)
    if header is None:
        return pd.DataFrame(), np.array([], dtype=int), {}, []
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


# --------------------------------------------------------------------------- Parquet


def read_parquet_parts(paths: list[Path]) -> tuple[pd.DataFrame, np.ndarray, np.ndarray, dict[str, np.ndarray]]:
    """Read Parquet file(s) keeping column types; rows numbered per file (record + 1)."""
    frames, rows, files = [], [], []
    for p in paths:
        f = pd.read_parquet(p)
        frames.append(f)
        rows.append(np.arange(2, len(f) + 2))
        files.append(np.full(len(f), p.name if len(paths) == 1 else f"{p.parent.name}/{p.name}", dtype=object))
    frame = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0].reset_index(drop=True)
    float_cells = {
        str(c): frame[c].notna().to_numpy()
        for c in frame.columns
        if pd.api.types.is_float_dtype(frame[c])
    }
    return frame, np.concatenate(rows), np.concatenate(files), float_cells


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
    if workbook is not None:
        import openpyxl

        wb = openpyxl.load_workbook(workbook, read_only=True, data_only=True)
        sheet_names = list(wb.sheetnames)
        wb.close()
    used: set[Path] = set()
    for table in TABLES:
        tm = mapping.for_table(table) if mapping else None
        if tm is not None and tm.file:
            target = folder / tm.file
            looked[table] = f"{tm.file} (from mapping.yaml) in {folder}"
            if target.is_dir():
                sources[table] = _Source("parts", target)
            elif target.is_file():
                suffix = target.suffix.lower()
                kind = {".csv": "csv", ".parquet": "parquet", ".xlsx": "xlsx", ".xlsm": "xlsx"}.get(suffix, "csv")
                sources[table] = _Source(kind, target, tm.sheet if kind == "xlsx" else None)
            used.add(target)
            continue
        cands = _table_candidates(folder, table) if path.is_dir() else []
        where = f"{table}.csv, {table}.xlsx, {table}.parquet or {table}/part-*.parquet in {folder}"
        if workbook is not None:
            where += f", or a sheet '{(tm.sheet if tm and tm.sheet else table)}' in {workbook.name}"
        looked[table] = where
        if len(cands) > 1:
            issues.append(Issue(
                table, None, None, None,
                f"more than one file for table {table}: {', '.join(_rel(c.path, folder) for c in cands)}; keep one",
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
    if workbook is not None:
        taken = {s.sheet for s in sources.values() if s.kind == "sheet"}
        spare = [s for s in sheet_names if s not in taken]
        if spare and workbook in used:
            warnings.append(f"{workbook.name}: sheets that are not tables were ignored: {', '.join(spare)}")
    for entry in table_files:
        if entry in used or entry.name.lower() in IGNORED_FILES or entry.name.startswith((".", "~$")):
            continue
        if mapping is not None and mapping.path is not None and entry == mapping.path:
            continue
        if entry.is_file() or entry.is_dir():
            warnings.append(f"{entry.name}: not a table of the data contract (or not mapped in mapping.yaml); ignored")
    return sources, looked, warnings, issues


def _source_files(src: _Source) -> list[Path]:
    if src.kind == "parts":
        return sorted(src.path.glob("*.parquet"))
    return [src.path]


def _read(src: _Source, table: str, root: Path, tm: TableMapping | None) -> tuple[RawTable, list[str], list[Issue]]:
    display = src.display(root)
    float_cells: dict[str, np.ndarray] = {}
    row_files = None
    note = ""
    issues: list[Issue] = []
    if src.kind == "csv":
        frame, rows, header = read_csv_text(src.path)
    elif src.kind in ("xlsx", "sheet"):
        import openpyxl

        wb = openpyxl.load_workbook(src.path, read_only=True, data_only=True)
        try:
            sheet = src.sheet
            if sheet is None:
                names = wb.sheetnames
                sheet = next((s for s in names if s.strip().lower() == table), names[0])
            if sheet not in wb.sheetnames:
                issues.append(Issue(table, None, None, None, f"sheet '{sheet}' not found in {src.path.name} (sheets: {', '.join(wb.sheetnames)})", display))
                return RawTable(table, pd.DataFrame(), np.array([], dtype=int), display), [], issues
            frame, rows, float_cells, header = read_sheet_text(wb[sheet])
        finally:
            wb.close()
        display = f"{_rel(src.path, root)}[{sheet}]"
    else:
        paths = _source_files(src)
        frame, rows, files, float_cells = read_parquet_parts(paths)
        row_files = files if src.kind == "parts" else None
        header = [str(c) for c in frame.columns]
        note = PARQUET_ROW_NOTE
    seen: dict[str, int] = {}
    for h in header:
        if h:
            seen[h] = seen.get(h, 0) + 1
    for h, n in seen.items():
        if n > 1:
            issues.append(Issue(table, 1, h, None, f"column header '{h}' appears {n} times: keep one column (rename or delete the others)", display))
    frame, warnings, renamed = rename_columns(frame, table, tm, display)
    if renamed:
        float_cells = {next((d for d, s in renamed.items() if s == c), c): m for c, m in float_cells.items()}
    if frame.columns.duplicated().any():
        dups = sorted(set(frame.columns[frame.columns.duplicated()]))
        for d in dups:
            issues.append(Issue(table, 1, d, None, f"two source columns map to {d}: keep one (check the headers and mapping.yaml)", display))
        frame = frame.loc[:, ~frame.columns.duplicated()]
    frame = recode_values(frame, tm)
    return RawTable(table, frame, rows, display, row_files, float_cells, note), warnings, issues


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
            "warnings": [w for w in ds.warnings if w not in skip_warnings],
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
    warnings = tuple(dict.fromkeys(extra_warnings + list(meta["warnings"])))
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
        Parquet parts per table), a folder holding one workbook, or an ``.xlsx``
        workbook with one sheet per table.
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
    for table, src in sources.items():
        tm = parsed_mapping.for_table(table) if parsed_mapping else None
        raw, w, iss = _read(src, table, root, tm)
        warnings.extend(w)
        issues.extend(iss)
        if not any(i.table == table and i.row is None and "not found" in i.message for i in iss):
            raws[table] = raw
    result = validate_tables(raws, salt=salt.value, today=today, looked_for=looked)
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
        _write_cache(ds, Path(cache_dir).expanduser() / key, (salt.warning,) if salt.warning else ())
    return ds


# --------------------------------------------------------------------------- CLI


def format_issues(issues: list[Issue], max_rows: int = 40) -> str:
    """Issues as a readable text table, grouped by (table, column, message) with counts.

    Each group shows the file(s), the count and the first ``max_rows`` rows with
    their values, so thousands of problems stay readable.
    """
    groups: dict[tuple[str, str | None, str], list[Issue]] = {}
    for issue in issues:
        groups.setdefault((issue.table, issue.column, issue.message), []).append(issue)
    n = len(issues)
    lines = [f"{n:,} data problem{'s' if n != 1 else ''} in {len(groups):,} group{'s' if len(groups) != 1 else ''}:", ""]
    for (table, column, message), items in groups.items():
        files = list(dict.fromkeys(i.file for i in items if i.file))
        where = files[0] if len(files) == 1 else (f"{files[0]} and {len(files) - 1} more files" if files else table)
        target = f"{table}.{column}" if column else table
        lines.append(f"[{where}] {target}: {len(items):,} problem{'s' if len(items) != 1 else ''}")
        lines.append(f"    {message}")
        with_rows = [i for i in items if i.row is not None]
        if with_rows:
            shown = ", ".join(
                f"{i.row}" + (f" ({i.value})" if i.value is not None else "") for i in with_rows[:max_rows]
            )
            more = len(with_rows) - max_rows
            lines.append(f"    rows: {shown}" + (f", ... and {more:,} more" if more > 0 else ""))
        lines.append("")
    if any(i.file and "/" in str(i.file) and str(i.file).endswith(".parquet") for i in issues) or any(
        str(i.file or "").endswith(".parquet") for i in issues
    ):
        lines.append(f"Note: {PARQUET_ROW_NOTE}.")
    lines.append("Rows are numbered as a spreadsheet shows them: the header is row 1, the first data row is row 2.")
    return "\n".join(lines)


def format_summary(ds: Dataset, seconds: float | None = None) -> str:
    """A one-screen summary of a loaded dataset (rows per table, periods, agencies, warnings)."""
    s = ds.summary()
    lines = [f"OK: {ds.source} passes data contract v{CONTRACT_VERSION}" + (f" ({seconds:.1f} s)" if seconds is not None else "")]
    lines.append("")
    lines.append("rows per table:")
    for name, count in s["rows"].items():  # type: ignore[union-attr]
        lines.append(f"  {name:<16} {count:>10,}")
    if ds.survey is None:
        lines.append(f"  {'survey':<16} {'(absent)':>10}")
    lines.append("")
    lines.append(f"periods:   {s['first_period']} .. {s['latest_period']}")
    lines.append(f"agencies:  {s['agencies']:,} OPD, {s['units']:,} units")
    lines.append(f"employees: {s['employees']:,} (pseudonymised)")
    if ds.warnings:
        lines.append("")
        lines.append(f"warnings ({len(ds.warnings)}):")
        lines += [f"  - {w}" for w in ds.warnings]
    return "\n".join(lines)


def cli_validate(args) -> int:
    """``kompetensi validate DATA [--mapping M] [--max-rows N]``: 0 valid, 1 problems, 2 not found."""
    path = Path(args.data)
    if not path.exists():
        print(f"kompetensi validate: {path}: no such folder or workbook", file=sys.stderr)
        return 2
    mapping = getattr(args, "mapping", None)
    if mapping is not None and not Path(mapping).is_file():
        print(f"kompetensi validate: mapping file {mapping} not found", file=sys.stderr)
        return 2
    started = time.perf_counter()
    try:
        ds = load_dataset(path, mapping=mapping)
    except DataValidationError as exc:
        print(format_issues(exc.issues, max(1, int(getattr(args, "max_rows", 40) or 40))))
        return 1
    except (MappingError, ValueError) as exc:
        print(f"kompetensi validate: {exc}", file=sys.stderr)
        return 1
    print(format_summary(ds, time.perf_counter() - started))
    return 0
