"""Cells no parser should see: Excel error values, NUL characters, overlong cells, unsaved formulas.

See "Damaged cells" in :mod:`analysis.data.validate`.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from analysis.data.contract import (
    Table,
)
from analysis.data.errors import clip
from analysis.data.messages import Message, listed_rows
from analysis.data.parsers import WS, is_typed
from analysis.data.raw import IssueCollector, RawTable

#: Error values Excel writes into a cell whose formula failed.
EXCEL_ERRORS = ("#N/A", "#REF!", "#NAME?", "#VALUE!", "#DIV/0!", "#NULL!", "#NUM!", "#SPILL!", "#CALC!", "#GETTING_DATA")
#: Excel's own limit on the characters of one cell.
MAX_CELL_CHARS = 32_767

FORMULA_MESSAGE = Message("cell_formula_unsaved")
EXCEL_ERROR_MESSAGE = Message("cell_excel_error")
NUL_MESSAGE = Message("cell_nul")
LONG_CELL_MESSAGE = Message("cell_too_long", limit=MAX_CELL_CHARS)


def arrow_text(columns: Iterable[pd.Series]) -> pa.ChunkedArray:
    """Cells of several columns, one column after the other, as one Arrow text array.

    Arrow-backed text is not copied, so a check over every text cell of a table is
    a few Arrow calls whatever its number of columns or rows.
    """
    chunks = []
    for column in columns:
        try:
            array = pa.array(column, from_pandas=True)
        except (pa.ArrowInvalid, pa.ArrowTypeError):  # mixed objects (a Parquet column of anything)
            array = pa.array(column.astype("string"), from_pandas=True)
        if not pa.types.is_large_string(array.type):
            array = array.cast(pa.large_string())
        chunks.append(array)
    return pa.chunked_array(chunks, type=pa.large_string())


def excel_error_mask(flat: pa.ChunkedArray) -> np.ndarray:
    """Which cells of ``flat`` hold an Excel error value (:data:`EXCEL_ERRORS`, any case, spaces around)."""
    hashed = np.asarray(pc.match_substring_regex(flat, "^" + WS + "*#").fill_null(False).to_numpy(), dtype=bool)
    error = np.zeros(len(flat), dtype=bool)
    if hashed.any():
        where = np.flatnonzero(hashed)
        error[where] = [str(v).strip().upper() in EXCEL_ERRORS for v in flat.take(pa.array(where)).to_pylist()]
    return error


def extra_column_errors(raw: RawTable, extras: list[str]) -> list[str]:
    """Warnings for Excel error values in the columns the contract does not have (kept as text).

    Not errors: no analysis reads those columns. One warning per column, naming the file,
    the column and the first rows (as a spreadsheet shows them).
    """
    out: list[str] = []
    frame = raw.frame
    for name in extras:
        column = frame[name]
        if is_typed(column, "number") or is_typed(column, "date") or is_typed(column, "bool"):
            continue
        hit = excel_error_mask(arrow_text([column]))
        if not hit.any():
            continue
        rows = raw.rows[hit]
        files = raw.row_files[hit] if raw.row_files is not None else None
        where = raw.file if files is None else ", ".join(dict.fromkeys(str(f) for f in files[:5]))
        listed = listed_rows(rows, 10)
        out.append(Message("extra_column_excel_errors", where=where, column=clip(name),
                           example=clip(str(column[hit].iloc[0]).strip()), count=len(rows), rows=listed))
    return out


def damaged_cells(raw: RawTable, contract: Table, issues: IssueCollector) -> dict[str, np.ndarray]:
    """Report the cells no parser should see; per column, the mask of those cells.

    Formulas without a saved value (XLSX), Excel error values (``#N/A``, ``#REF!``, ...,
    see :data:`EXCEL_ERRORS`), NUL characters and cells longer than
    :data:`MAX_CELL_CHARS`, in every contract column, free text included. Each is
    reported once, with its own message, instead of as an empty or unparsable cell.
    The text columns are checked together, as one long column, so a small table
    costs a few operations, not a few per column.
    """
    frame = raw.frame
    names = [c.name for c in contract.columns if c.name in frame.columns]
    masks = {n: np.asarray(raw.formula_cells[n], dtype=bool).copy() for n in names if n in raw.formula_cells}
    for n, m in masks.items():
        issues.rows(raw, m, n, None, FORMULA_MESSAGE)
    texts = [n for n in names if not is_typed(frame[n], "number") and not is_typed(frame[n], "date")
             and not is_typed(frame[n], "bool")]
    rows = len(frame)
    if not texts or rows == 0:
        return masks
    flat = arrow_text(frame[n] for n in texts)

    def mask(result: pa.ChunkedArray) -> np.ndarray:
        return np.asarray(result.fill_null(False).to_numpy(), dtype=bool)

    error = excel_error_mask(flat)
    nul = mask(pc.match_substring(flat, "\x00"))
    long = mask(pc.greater(pc.utf8_length(flat), MAX_CELL_CHARS))
    if not (error.any() or nul.any() or long.any()):
        return masks
    secret = {c.name for c in contract.columns if c.type == "nip"}  # a damaged NIP cell is not echoed
    for k, n in enumerate(texts):
        part = slice(k * rows, (k + 1) * rows)
        e, z, g = error[part], nul[part], long[part]
        if not (e.any() or z.any() or g.any()):
            continue
        done = masks.get(n, np.zeros(rows, dtype=bool))
        shown = frame[n].astype("string")
        issues.rows(raw, e & ~done, n, shown, EXCEL_ERROR_MESSAGE)
        issues.rows(raw, z & ~e & ~done, n, None if n in secret else shown, NUL_MESSAGE)
        issues.rows(raw, g & ~z & ~e & ~done, n, None if n in secret else shown, LONG_CELL_MESSAGE)
        masks[n] = done | e | z | g
    return masks
