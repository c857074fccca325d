"""Errors raised while loading data: every problem collected, each with where and how to fix.

An :class:`Issue` names the table, the spreadsheet row (the header is row 1, the
first data row is row 2; for XLSX the sheet's own row numbers; for Parquet the
1-based record number + 1), the column, the offending value (NIPs masked) and a
message that says what is wrong and how to fix it. :class:`DataValidationError`
carries all of them at once, so one run of ``kompetensi validate`` lists every
problem instead of stopping at the first. A value echoed in a message is clipped to
:data:`MAX_SHOWN_CHARS` characters (:func:`clip`), so a damaged file with a
megabyte-long cell still gives a short report.

:class:`FileProblem` is raised by the file readers (:mod:`analysis.data.files`,
:mod:`analysis.data.io`) for a file that cannot be read as a table at all (empty,
damaged, not what its name says, too large); the loader turns it into issues.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from analysis.data.messages import render, say

#: At most this many characters of an offending value are echoed in a message.
MAX_SHOWN_CHARS = 80


def clip(text: object, limit: int = MAX_SHOWN_CHARS) -> str:
    """``text`` as a string of at most ``limit`` characters (``...`` and the full length when cut).

    Control characters (NUL, line breaks) are shown as ``\\x00``-style escapes so one
    issue stays on one line.
    """
    value = str(text)
    cut = len(value) > limit
    shown = value[: limit - 3] if cut else value
    if any(ord(ch) < 32 for ch in shown):
        shown = "".join(ch if ord(ch) >= 32 else f"\\x{ord(ch):02x}" for ch in shown)
    return f"{shown}... ({len(value):,} characters)" if cut else shown


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
        What is wrong and how to fix it: a :class:`~analysis.data.messages.Message` (its
        English text, with its code and parameters for :meth:`text` in Indonesian) or,
        for messages not in the catalogue, plain English text.
    file
        The file (or ``workbook.xlsx[sheet]``, or Parquet part) the row comes from.
    """

    table: str
    row: int | None
    column: str | None
    value: str | None
    message: str
    file: str | None = None

    def __post_init__(self) -> None:
        if self.value is not None and (len(self.value) > MAX_SHOWN_CHARS or any(ord(c) < 32 for c in self.value)):
            object.__setattr__(self, "value", clip(self.value))

    def text(self, lang: str = "en") -> str:
        """``file, row N, column C: [value] message`` in ``lang`` (``"id"`` or ``"en"``)."""
        where = self.file or self.table
        if self.row is not None:
            where = say("issue_row", lang, where=where, row=self.row)
        if self.column is not None:
            where = say("issue_column", lang, where=where, column=self.column)
        value = "" if self.value is None else f" [{render(self.value, lang)}]"
        return f"{where}:{value} {render(self.message, lang)}"

    def __str__(self) -> str:
        return self.text("en")


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


class FileProblem(ValueError):
    """A file that cannot be read as a table: empty, damaged, not what its name says, too large.

    ``problems`` lists ``(row, message)`` pairs (``row`` as a spreadsheet shows it, or
    ``None`` for the whole file); each message says what to do. The loader reports
    each as an :class:`Issue` naming the file.
    """

    def __init__(self, message: str, row: int | None = None, *, more: Sequence[tuple[int | None, str]] = ()):
        self.problems: list[tuple[int | None, str]] = [(row, message), *more]
        super().__init__(message if row is None else f"row {row}: {message}")


def error_text(exc: BaseException, lang: str = "en") -> str:
    """An error's message in ``lang``: a catalogue message (:class:`MappingError`,
    :class:`SourceError`, ...) renders in either language; other errors say their text."""
    return render(exc.args[0], lang) if len(exc.args) == 1 else str(exc)


class MappingError(ValueError):
    """mapping.yaml is malformed: the message names the file and the offending key."""


class SourceError(ValueError):
    """A database source cannot be used: a bad or password-bearing URL, a missing driver, no
    mapping, the server unreachable. The message says what to do (never the password)."""


def issues_summary(issues: Sequence[Issue]) -> dict[tuple[str, str | None, str], int]:
    """Count issues by (table, column, message)."""
    counts: dict[tuple[str, str | None, str], int] = {}
    for issue in issues:
        key = (issue.table, issue.column, issue.message)
        counts[key] = counts.get(key, 0) + 1
    return counts
