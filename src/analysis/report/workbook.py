"""``tables.xlsx``: a cover sheet and one formatted sheet per key table the notebooks saved.

The notebooks save their key tables with :meth:`analysis.data.results.ResultsRecorder.table`
(a Parquet file and its title and note); :func:`key_tables` collects them and
:func:`write_tables_workbook` writes the workbook: a cover (title, period, notes,
sources, a linked list of sheets) and per table a title and note above a styled,
frozen header, widths and number formats from the column's type.

One language per workbook: sheet names (:data:`analysis.report.sheet_names.SHEET_NAMES`),
headers (:func:`analysis.text.columns.column_label`) and the codes inside cells
(:func:`analysis.text.columns.value_label`) are in the report's language; the column
codes stay in a hidden row above the headers, for machines.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from analysis.charts.theme import PRIMARY
from analysis.data.disclosure import DisclosurePolicy, cell_marks, disclose, load_policy
from analysis.data.results import TABLES_SUBDIR
from analysis.report import messages as msg
from analysis.report.sheet_names import SHEET_NAMES
from analysis.text import fmt
from analysis.text.columns import HIDDEN_COLUMNS, IDENTIFIER_COLUMNS, column_label, value_label
from analysis.text.lang import Lang, check_lang, pick
from analysis.text.phrases import suppression_notes

#: Rows of a table sheet (0-based): the hidden column codes, the headers, the first data row.
CODE_ROW, HEADER_ROW, FIRST_DATA_ROW = 3, 4, 5

_SHARE = re.compile(r"(^|_)(share|rate|pct|percent|proportion|absorption|compliance)(_|$)")
_MONEY = re.compile(r"(^|_)(idr|cost|costs|spending|spent|budget|allocated|allocation|gap_idr|rupiah)(_|$)")
_PERIOD = re.compile(r"^\d{4}Q[1-4]$")
_PVALUE = re.compile(r"(^|_)p_?value(_|$)|(^|_)p_adj")


def _number_format(name: str, series: pd.Series) -> str | None:
    lowered = name.lower()
    if pd.api.types.is_bool_dtype(series):
        return None
    if pd.api.types.is_datetime64_any_dtype(series):
        return "yyyy-mm-dd"
    if not pd.api.types.is_numeric_dtype(series):
        return None
    if _PVALUE.search(lowered):
        return "0.000"
    if _SHARE.search(lowered):
        return "0.0%"
    if _MONEY.search(lowered):
        return "#,##0"
    if pd.api.types.is_integer_dtype(series):
        return "#,##0"
    values = series.dropna()
    if len(values) and (values.round(0) == values).all() and values.abs().max() >= 1000:
        return "#,##0"
    return "#,##0.00"


def _sheet_name(name: str, used: set[str]) -> str:
    clean = re.sub(r"[\[\]:*?/\\']", "-", name).strip() or "-"
    base = clean[:31]
    candidate, i = base, 2
    while candidate.lower() in used:
        suffix = f"~{i}"
        candidate = base[: 31 - len(suffix)] + suffix
        i += 1
    used.add(candidate.lower())
    return candidate


def _cell_value(value: object) -> object:
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and value != value:
        return None
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        try:
            value = value.item()
        except (ValueError, AttributeError):
            pass
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    return value


def _column_width(values: Sequence[object], code: str | None) -> float:
    """Characters wide enough for the formatted values (a sample of them)."""
    if code == "0.0%":
        return 9
    lengths = []
    for value in values:
        if value is None:
            continue
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            lengths.append(len(f"{value:,.0f}" if code == "#,##0" else f"{value:,.2f}"))
        elif hasattr(value, "year") and hasattr(value, "month"):
            lengths.append(10)
        else:
            lengths.append(len(str(value)))
    return max(lengths, default=6) + 2


def key_tables(output_dirs: Mapping[str, Path]) -> list[dict[str, Any]]:
    """The key tables the notebooks saved, in notebook order then by name: frame, title, note."""
    tables = []
    for notebook, folder in output_dirs.items():
        for path in sorted((Path(folder) / TABLES_SUBDIR).glob("*.parquet")):
            meta_path = path.with_suffix(".json")
            meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.exists() else {}
            tables.append(
                {
                    "name": meta.get("name", path.stem),
                    "notebook": meta.get("notebook", notebook),
                    "title": meta.get("title", path.stem),
                    "note": meta.get("note", ""),
                    "frame": pd.read_parquet(path),
                }
            )
    return tables


def write_tables_workbook(
    tables: Sequence[Mapping[str, Any]],
    target: Path,
    *,
    period_label: str,
    lang: Lang = "id",
    sources: Sequence[Mapping[str, Any]] = (),
    generated: str = "",
    policy: DisclosurePolicy | None = None,
) -> Path:
    """Write ``tables.xlsx``: a cover sheet, then one formatted sheet per key table.

    Every table goes through :func:`analysis.data.disclosure.disclose` (a table the recorder
    already disclosed, with its ``suppressed`` column, is kept as it is): suppressed cells
    are blank (numbers stay numbers), the ``suppressed`` column flags the rows hidden whole,
    the ``suppression`` column gives the mark of what was hidden (``<5`` a small cell, ``x``
    hidden so that a small cell cannot be worked out; ``dropout_rate <5`` for one rate cell)
    and the sheet's third row gives the footnote of each mark used.

    Each table sheet: the title (bold) in A1, the note in A2, the header in row 4
    (bold, white on the theme's primary colour, wrapped), the data below it with
    number formats chosen from the column (shares as ``0.0%``, rupiah and counts as
    ``#,##0``, p-values ``0.000``, other decimals ``#,##0.00``, dates ISO), column
    widths from the content, an autofilter, and the panes frozen below the header.
    """
    import xlsxwriter

    lang = check_lang(lang)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.tmp")
    book = xlsxwriter.Workbook(str(tmp), {"nan_inf_to_errors": True, "remove_timezone": True})
    try:
        book.set_properties({"title": pick(lang, msg.WORKBOOK_TITLE), "subject": period_label,
                             "company": pick(lang, msg.CITY)})
        styles = _WorkbookStyles(book)
        cover = book.add_worksheet(pick(lang, msg.COVER_SHEET))
        used = {cover.name.lower()}
        sheet_names = [_sheet_name(sheet_title(t, lang), used) for t in tables]
        _write_cover(cover, styles, tables, sheet_names, lang=lang, period_label=period_label,
                     sources=sources, generated=generated)
        policy = policy if policy is not None else load_policy()
        for table, sheet_name in zip(tables, sheet_names, strict=True):
            frame = table["frame"] if "suppressed" in table["frame"].columns else disclose(table["frame"], policy)
            sheet = book.add_worksheet(sheet_name)
            _write_table_sheet(sheet, styles, {**table, "frame": frame}, lang)
            notes = suppression_notes(set(cell_marks(frame, policy).to_numpy().ravel()), lang, policy.min_people)
            if notes:
                sheet.write(2, 0, " · ".join(notes), styles.note)
        book.close()
        tmp.replace(target)
    finally:
        tmp.unlink(missing_ok=True)
    return target


def sheet_title(table: Mapping[str, Any], lang: Lang) -> str:
    """A table's sheet name in ``lang``: from :data:`~analysis.report.sheet_names.SHEET_NAMES`, else its title."""
    pair = SHEET_NAMES.get(str(table["name"]))
    return pick(lang, pair) if pair is not None else str(table.get("title") or table["name"])


def reader_values(series: pd.Series, lang: Lang) -> pd.Series:
    """A column's cells as a reader reads them: codes replaced by their words in ``lang``.

    Only a text column whose every non-empty cell is a known code (or a comma-separated
    list of them, as ``pooled_sectors``, or a quarter such as ``2026Q3``) is replaced, so names and titles are never
    touched; other columns come back as they are.
    """
    if pd.api.types.is_numeric_dtype(series) or pd.api.types.is_bool_dtype(series):
        return series
    cells = [v for v in series.dropna().tolist() if isinstance(v, str) and v != ""]
    if not cells or len(cells) != series.dropna().map(lambda v: v != "").sum():
        return series

    def words(cell: str) -> str | None:
        if _PERIOD.match(cell):
            return fmt.period_label(cell, lang)
        parts = [value_label(part.strip(), lang) for part in cell.split(",")]
        return None if any(p is None for p in parts) else ", ".join(p for p in parts if p is not None)

    mapping = {cell: words(cell) for cell in set(cells)}
    if any(v is None for v in mapping.values()):
        return series
    return series.map(lambda v: mapping.get(v, v) if isinstance(v, str) else v)


def hidden_column(code: str, lang: Lang) -> bool:
    """Kept for machines only: :data:`~analysis.text.columns.HIDDEN_COLUMNS`, except the
    language-specific column of the workbook's own language (``metric_unit_id`` in Indonesian)."""
    own = {f"metric_unit_{lang}"}
    return code in HIDDEN_COLUMNS and code not in own


class _WorkbookStyles:
    """The cell formats of ``tables.xlsx``: fixed ones, and one per number format as first needed."""

    def __init__(self, book: Any) -> None:
        self.book = book
        self.title = book.add_format({"bold": True, "font_size": 14, "font_color": PRIMARY})
        self.sub = book.add_format({"bold": True, "font_size": 11})
        self.note = book.add_format({"italic": True, "font_color": "#444444", "text_wrap": False})
        self.header = book.add_format(
            {"bold": True, "font_color": "#FFFFFF", "bg_color": PRIMARY, "text_wrap": True,
             "valign": "top", "border": 1, "border_color": "#BFBFBF"}
        )
        self.link = book.add_format({"font_color": "#0B5394", "underline": 1})
        self.code = book.add_format({"font_color": "#666666", "font_size": 8, "italic": True})
        self._numbers: dict[str, Any] = {}

    def number(self, code: str | None) -> Any:
        """The format for an Excel number format code (``None``: no format)."""
        if code is None:
            return None
        if code not in self._numbers:
            self._numbers[code] = self.book.add_format({"num_format": code})
        return self._numbers[code]


def _write_cover(
    cover: Any,
    styles: _WorkbookStyles,
    tables: Sequence[Mapping[str, Any]],
    sheet_names: Sequence[str],
    *,
    lang: Lang,
    period_label: str,
    sources: Sequence[Mapping[str, Any]],
    generated: str,
) -> None:
    """The cover sheet: city, title, period, build date, notes, linked list of sheets, input files."""
    cover.set_column(0, 0, 28)
    cover.set_column(1, 1, 70)
    cover.set_column(2, 3, 24)
    row = 0
    cover.write(row, 0, pick(lang, msg.CITY), styles.sub)
    row += 1
    cover.write(row, 0, pick(lang, msg.WORKBOOK_TITLE), styles.title)
    row += 2
    cover.write(row, 0, pick(lang, msg.PERIOD), styles.sub)
    cover.write(row, 1, period_label)
    row += 1
    if generated:
        cover.write(row, 0, pick(lang, msg.GENERATED), styles.sub)
        cover.write(row, 1, generated)
        row += 1
    row += 1
    cover.write(row, 0, pick(lang, msg.NOTES), styles.sub)
    row += 1
    for line in msg.WORKBOOK_NOTES:
        cover.write(row, 1, pick(lang, line))
        row += 1
    row += 1
    cover.write(row, 0, pick(lang, msg.SHEETS), styles.sub)
    row += 1
    if not tables:
        cover.write(row, 1, pick(lang, msg.NO_TABLES))
        row += 1
    for table, sheet in zip(tables, sheet_names, strict=True):
        cover.write_url(row, 0, f"internal:'{sheet}'!A1", styles.link, sheet)
        cover.write(row, 1, str(table["title"]))
        cover.write(row, 2, str(table["notebook"]))
        row += 1
    cover.set_column(2, 2, 24, None, {"hidden": True})  # the notebook's file name: for machines
    row += 1
    cover.write(row, 0, pick(lang, msg.SOURCES), styles.sub)
    row += 1
    cover.write_row(row, 0, [pick(lang, msg.FILE), "SHA-256", pick(lang, msg.TABLES_COLUMN)], styles.header)
    row += 1
    for source in sources:
        cover.write_row(row, 0, [str(source.get("path", "")), str(source.get("sha256", "")),
                                 ", ".join(source.get("tables", ()) or ())])
        row += 1


def _write_cell(sheet: Any, row: int, col: int, value: object, cell_fmt: Any) -> None:
    """One value with the writer for its type (blank, boolean, number, date, text)."""
    if value is None:
        sheet.write_blank(row, col, None, cell_fmt)
    elif isinstance(value, bool):
        sheet.write_boolean(row, col, value)
    elif isinstance(value, (int, float)):
        sheet.write_number(row, col, value, cell_fmt)
    elif hasattr(value, "year") and hasattr(value, "month"):
        sheet.write_datetime(row, col, value, cell_fmt)
    else:
        sheet.write_string(row, col, str(value))


def _write_table_sheet(sheet: Any, styles: _WorkbookStyles, table: Mapping[str, Any], lang: Lang) -> None:
    """One key table: title, note, the column codes in hidden row 4, headers in ``lang`` in
    row 5 (styled), formatted data below, widths, filter, frozen panes."""
    frame: pd.DataFrame = table["frame"]
    sheet.write(0, 0, str(table["title"]), styles.title)
    if table.get("note"):
        sheet.write(1, 0, str(table["note"]), styles.note)
    labels = [column_label(str(c), lang) for c in frame.columns]
    sheet.write_row(CODE_ROW, 0, [str(c) for c in frame.columns], styles.code)
    sheet.set_row(CODE_ROW, None, None, {"hidden": True})
    sheet.write_row(HEADER_ROW, 0, labels, styles.header)
    for j, col in enumerate(frame.columns):
        series = frame[col] if col in IDENTIFIER_COLUMNS else reader_values(frame[col], lang)
        code = _number_format(str(col), series)
        cell_fmt = styles.number(code)
        values = [_cell_value(v) for v in series.tolist()]
        for i, value in enumerate(values):
            _write_cell(sheet, FIRST_DATA_ROW + i, j, value, cell_fmt)
        width = _column_width(values[:200], code)
        width = min(max(width, min(len(labels[j]), 24) * 0.9 + 2, 8), 50)  # long headers wrap
        sheet.set_column(j, j, width, None, {"hidden": hidden_column(str(col), lang)})
    sheet.set_row(HEADER_ROW, 45)
    if len(frame.columns):
        sheet.autofilter(HEADER_ROW, 0, HEADER_ROW + max(len(frame), 1), len(frame.columns) - 1)
    sheet.freeze_panes(FIRST_DATA_ROW, 0)
