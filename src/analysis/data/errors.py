"""Errors raised while loading data: every problem collected, each with where and how to fix.

An :class:`Issue` names the table, the spreadsheet row (the header is row 1, the
first data row is row 2; for XLSX the sheet's own row numbers; for Parquet the
1-based record number + 1), the column, the offending value (NIPs masked) and a
message that says what is wrong and how to fix it. :class:`DataValidationError`
carries all of them at once, so one run of ``kompetensi validate`` lists every
problem instead of stopping at the first.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Issue:
    """One problem in the input data.

    Attributes
    ----------
    table
        Contract table name (``employees``), or ``mapping`` for mapping.yaml problems.
    row
        Row number as a spreadsheet shows it (header = 1), ``None`` for problems
        of a whole table or column.
    column
        Contract column name, ``None`` for problems of a whole table.
    value
        The offending value as text (NIPs masked, e.g. ``1974xxxxxxxxxxx002``), or ``None``.
    message
        What is wrong and how to fix it.
    file
        The file (or ``workbook.xlsx[sheet]``, or Parquet part) the row comes from.
    """

    table: str
    row: int | None
    column: str | None
    value: str | None
    message: str
    file: str | None = None

    def __str__(self) -> str:
        where = self.file or self.table
        if self.row is not None:
            where += f", row {self.row}"
        if self.column is not None:
            where += f", column {self.column}"
        value = "" if self.value is None else f" [{self.value}]"
        return f"{where}:{value} {self.message}"


class DataValidationError(ValueError):
    """The input data break the data contract; ``.issues`` lists every problem.

    ``str()`` gives a readable summary: the number of problems and the first ones.
    ``kompetensi validate`` prints the full list grouped by table, column and message.
    """

    def __init__(self, issues: Iterable[Issue], *, source: str | None = None, shown: int = 20):
        self.issues: list[Issue] = list(issues)
        self.source = source
        self._shown = shown
        super().__init__(self._render())

    def _render(self) -> str:
        n = len(self.issues)
        head = f"{n} data problem{'s' if n != 1 else ''}"
        if self.source:
            head += f" in {self.source}"
        lines = [head + " (run `kompetensi validate DATA` for the grouped list):"]
        lines += [f"  - {issue}" for issue in self.issues[: self._shown]]
        if n > self._shown:
            lines.append(f"  ... and {n - self._shown} more")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self._render()


class MappingError(ValueError):
    """mapping.yaml is malformed: the message names the file and the offending key."""


def issues_summary(issues: Sequence[Issue]) -> dict[tuple[str, str | None, str], int]:
    """Count issues by (table, column, message)."""
    counts: dict[tuple[str, str | None, str], int] = {}
    for issue in issues:
        key = (issue.table, issue.column, issue.message)
        counts[key] = counts.get(key, 0) + 1
    return counts
