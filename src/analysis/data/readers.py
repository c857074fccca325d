"""Reading one file as a text table: CSV, XLSX sheets and Parquet, each with its row numbers.

Each reader returns the table with every cell as text (missing cells missing), the
spreadsheet row number of each record (title rows above the header count, blank rows
keep their numbers but are dropped), and the header as written; XLSX and Parquet also
return which cells were stored as floating-point numbers, so a NIP stored as a float is
reported (:mod:`analysis.data.validate`).

CSV files may be UTF-8, UTF-8 with BOM, UTF-16 or Windows-1252 with any line endings
(:func:`analysis.data.files.read_text`), delimited by ``,`` ``;`` tab or ``|``
(:func:`sniff_delimiter`). A file that cannot be read as a table raises
:class:`~analysis.data.errors.FileProblem` naming the row where there is one.
"""

from __future__ import annotations

import csv
import io as _io
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.compute as pc

from analysis.data import files
from analysis.data.cells import cell_text
from analysis.data.damaged import arrow_text
from analysis.data.errors import FileProblem
from analysis.data.mapping import normalise_header
from analysis.data.messages import Message

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
    return sheet_frame(sheet_values(ws), known)


def sheet_frame(
    values: list[tuple[int, tuple]], known: set[str] | None = None
) -> tuple[pd.DataFrame, np.ndarray, dict[str, np.ndarray], list[str]]:
    """Rows of :func:`sheet_values` as a text table (see :func:`read_sheet_text`): blank rows and
    trailing unnamed empty columns dropped, unnamed columns called ``column N``."""
    head = [list(v) for _, v in values[:HEADER_SEARCH_ROWS]]
    if not any(_filled(r) >= 2 for r in head):
        return pd.DataFrame(), np.array([], dtype=int), {}, []
    start = find_header(head, known)
    header = ["" if v is None else str(v).strip() for v in values[start][1]]
    records: list[list[str | None]] = []
    floats: list[list[bool]] = []
    rows: list[int] = []
    for number, row_values in values[start + 1:]:
        cells = [cell_text(v) for v in row_values]
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
