"""The tables shown on the data-quality page, ready for the report's HTML table: the frame
with its cells worded for the reader, the column labels, the number formats and a caption.

The saved tables (``tables.xlsx``) keep the raw frames; these are for display only.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from analysis.quality import messages as msg
from analysis.text import fmt
from analysis.text.lang import Lang, pick
from analysis.text.phrases import pick_all

#: Characters of a SHA-256 shown on the page (the saved table keeps all 64).
SHA_SHOWN = 16
#: Columns of the per-agency table shown.
AGENCY_COLUMNS_SHOWN = ["agency_name", "units", "active_staff", "enrollments", "share_scored", "service_metrics",
                        "has_budget", "assessed_staff", "gaps"]


@dataclass(frozen=True)
class ShownTable:
    """A frame to show, with ``labels`` (column -> header), ``formats`` (column -> format name or
    function) and an optional ``caption``; :attr:`options` are the keyword arguments of the
    report's table writer."""

    frame: pd.DataFrame
    labels: dict[str, str]
    formats: dict[str, str | Callable[[Any], str]] = field(default_factory=dict)
    caption: str | None = None

    @property
    def options(self) -> dict[str, Any]:
        return {"formats": self.formats, "labels": self.labels, "caption": self.caption}


def files_table(files: pd.DataFrame, lang: Lang = "id") -> ShownTable:
    """:func:`analysis.quality.inventory.loaded_files` with the checksum cut to :data:`SHA_SHOWN` characters."""
    shown = files.assign(sha256=files["sha256"].str.slice(0, SHA_SHOWN) + "…")
    return ShownTable(shown, pick_all(msg.FILE_COLUMNS, lang), {"bytes": "int"}, pick(lang, msg.FILES_CAPTION))


def rows_table(rows: pd.DataFrame, lang: Lang = "id") -> ShownTable:
    """:func:`analysis.quality.inventory.table_rows` with ``present`` in words."""
    words = {True: pick(lang, msg.TABLE_PRESENT), False: pick(lang, msg.TABLE_ABSENT)}
    shown = rows.assign(present=rows["present"].map(words)).drop(columns=["optional"])
    return ShownTable(shown, pick_all(msg.ROW_COLUMNS, lang), {"rows": "int", "columns": "int"},
                      pick(lang, msg.ROWS_CAPTION))


def completeness_table(optional_gaps: pd.DataFrame, lang: Lang = "id") -> ShownTable:
    """:func:`analysis.quality.inventory.optional_gaps`: rows, missing values and their share."""
    shown = optional_gaps[["table", "column", "rows", "missing", "share_missing"]]
    return ShownTable(shown, pick_all(msg.COMPLETENESS_COLUMNS, lang),
                      {"rows": "int", "missing": "int", "share_missing": "percent"})


def agencies_table(by_agency: pd.DataFrame, lang: Lang = "id") -> ShownTable:
    """:func:`analysis.quality.agencies.agency_completeness` with ``has_budget`` in words."""
    words = {True: pick(lang, msg.HAS_BUDGET), False: pick(lang, msg.NO_BUDGET)}
    shown = by_agency.assign(has_budget=by_agency["has_budget"].map(words))[AGENCY_COLUMNS_SHOWN]
    formats: dict[str, str | Callable[[Any], str]] = {
        "units": "int", "active_staff": "int", "enrollments": "int", "share_scored": "percent",
        "service_metrics": "int", "assessed_staff": "int",
    }  # fmt: skip
    return ShownTable(shown, pick_all(msg.AGENCY_COLUMNS, lang), formats)


def changed_files_table(files: pd.DataFrame, lang: Lang = "id") -> ShownTable:
    """The ``files`` of :func:`analysis.quality.changes.compare_with_previous`: checksums cut to
    :data:`SHA_SHOWN` characters, the state in words."""
    shown = files.assign(sha256_now=files["sha256_now"].str.slice(0, SHA_SHOWN),
                         sha256_before=files["sha256_before"].str.slice(0, SHA_SHOWN),
                         status=files["status"].map(pick_all(msg.FILE_STATE_WORDS, lang)))
    return ShownTable(shown, pick_all(msg.CHANGED_FILE_COLUMNS, lang))


def changed_rows_table(rows: pd.DataFrame, lang: Lang = "id") -> ShownTable:
    """The ``rows`` of :func:`analysis.quality.changes.compare_with_previous`, the change signed."""
    formats: dict[str, str | Callable[[Any], str]] = {
        "rows_now": "int", "rows_before": "int", "change": lambda v: fmt.points(v, lang, 0),
    }
    return ShownTable(rows, pick_all(msg.CHANGED_ROW_COLUMNS, lang), formats)
