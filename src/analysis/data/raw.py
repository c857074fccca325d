"""A table as read, before parsing (:class:`RawTable`), and the collector of its issues.

Rows are numbered as a spreadsheet shows them (header = row 1); see :mod:`analysis.data.validate`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from analysis.data.contract import (
    TABLES,
)
from analysis.data.errors import Issue
from analysis.data.messages import Message


@dataclass(frozen=True)
class RawTable:
    """One table as read, before parsing.

    Attributes
    ----------
    name
        Contract table name.
    frame
        Columns already named per the contract (after mapping.yaml); cells are
        text, or typed values from Parquet.
    rows
        Spreadsheet row number of each record (header = 1).
    file
        What to call the source in messages (``pegawai.csv``, ``data.xlsx[employees]``).
    row_files
        Per-record source when a table spans several files (Parquet parts), else None.
    float_cells
        Column -> boolean array: the cell was stored as a floating-point number
        (XLSX numeric cell, Parquet float), so no locale rules apply and a NIP there
        has lost digits.
    row_note
        How rows are numbered, when not obvious (Parquet).
    formula_cells
        Column -> boolean array: the cell holds a formula whose value was never
        saved (a workbook written by a program and not opened in Excel), so it
        reads as empty.
    """

    name: str
    frame: pd.DataFrame
    rows: np.ndarray
    file: str
    row_files: np.ndarray | None = None
    float_cells: Mapping[str, np.ndarray] = field(default_factory=dict)
    row_note: str = ""
    formula_cells: Mapping[str, np.ndarray] = field(default_factory=dict)

# --------------------------------------------------------------------------- issues


class IssueCollector:
    """Accumulates issues as small frames (vectorised) and turns them into Issue objects once.

    Messages (:class:`~analysis.data.messages.Message`, which carry their code and
    parameters) are kept aside and referred to by number in the frames, so the frames'
    text columns never flatten them to plain strings.
    """

    def __init__(self) -> None:
        self.parts: list[pd.DataFrame] = []
        self.single: list[Issue] = []
        self.messages: list[str] = []
        self._numbers: dict[str, int] = {}

    def _number(self, message: str) -> int:
        if message not in self._numbers:
            self._numbers[message] = len(self.messages)
            self.messages.append(message)
        return self._numbers[message]

    def whole(self, table: str, column: str | None, message: str, file: str | None, value: str | None = None) -> None:
        self.single.append(Issue(table, None, column, value, message, file))

    def rows(
        self,
        raw: RawTable,
        mask: np.ndarray | pd.Series,
        column: str | None,
        values: pd.Series | None,
        message: str | pd.Series,
    ) -> None:
        m = np.asarray(mask, dtype=bool)
        if not m.any():
            return
        part = pd.DataFrame({"row": raw.rows[m]})
        part["table"] = raw.name
        part["column"] = column
        part["file"] = raw.row_files[m] if raw.row_files is not None else raw.file
        if values is None:
            part["value"] = None
        else:
            part["value"] = pd.Series(_value_texts(values[m]), index=part.index, dtype=object)
        if isinstance(message, pd.Series):
            codes, uniques = pd.factorize(np.asarray(message.to_numpy(dtype=object))[m])
            numbers = np.array([self._number(u) for u in uniques], dtype=np.int64)
            part["message"] = numbers[codes]
        else:
            part["message"] = self._number(message)
        self.parts.append(part)

    def issues(self) -> list[Issue]:
        out = list(self.single)
        if self.parts:
            frame = pd.concat(self.parts, ignore_index=True)
            order = {name: i for i, name in enumerate(TABLES)}
            frame["_order"] = frame["table"].map(order).fillna(len(order))
            frame = frame.sort_values(["_order", "row"], kind="stable")
            for t, r, c, v, msg, f in zip(
                frame["table"], frame["row"], frame["column"], frame["value"], frame["message"], frame["file"],
                strict=True,
            ):
                value = v if isinstance(v, Message) else None if v is None or pd.isna(v) else str(v)
                out.append(Issue(t, int(r), None if pd.isna(c) else c, value, self.messages[int(msg)], f))
        return out

def _value_texts(values: pd.Series) -> np.ndarray:
    """Shown values as text (missing: ``None``); catalogue messages (e.g. ``same_as_row``) stay
    messages, so they are shown in the reader's language (the caller keeps them in an ``object``
    column: pandas would infer plain text from an array of strings)."""
    if values.dtype == object and any(isinstance(v, Message) for v in values):
        return np.array([v if isinstance(v, Message) or v is None or pd.isna(v) else str(v) for v in values],
                        dtype=object)
    return values.astype("string").to_numpy(dtype=object, na_value=None)


def float_mask(raw: RawTable, col: str) -> np.ndarray:
    m = raw.float_cells.get(col)
    return np.zeros(len(raw.frame), dtype=bool) if m is None else np.asarray(m, dtype=bool)
