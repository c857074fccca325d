"""The privacy audit of a built report: nothing that leaves the team may identify a person.

``kompetensi audit REPORT_DIR`` (and the last step of every ``kompetensi report``, before
the report is published) reads every file of a built period and reports:

- ``nip``: an 18-digit number shaped like a NIP (birth date ``YYYYMMDD``, appointment
  ``YYYYMM``, gender digit 1/2, sequence), anywhere in text;
- ``pseudonym``: a pseudonym ``ASN-`` + 16 hex digits (every pseudonym of the dataset has
  this shape, so none can slip through under another form);
- ``name``: a person's name from the employees table, when the dataset has a ``name`` column
  (names of at least two words, matched as whole words);
- ``absolute_path``: a path of the machine (``/home/...``, ``/root/...``, ``C:\\Users\\...``);
- ``password``: a URL that carries a password (``postgresql://user:secret@host/db``), e.g. a
  database source written into a notebook or the manifest (the password is not repeated);
- ``small_cell``: a count of people ``0 < c < k`` in a table of ``tables.xlsx`` or in an
  HTML table of a page or an executed notebook (columns of
  :data:`analysis.data.disclosure.PEOPLE_COUNT_COLUMNS`, recognised by the header's
  ``data-column`` code or its text), or a number in ``results.json`` that the policy would
  have suppressed (:func:`analysis.data.disclosure.suppress_number`: ``n`` below k, a small
  count, a share revealing a small count) and that is not suppressed.

A top-level ``internal/`` folder (``kompetensi report --internal``: per-employee lists
that must not leave the team) is not read. Files read: PDF (text layer, with pypdf), HTML, SVG, JSON and notebooks (as text), XLSX
(cell values), PPTX (slide, table and speaker-note text), CSV/TXT/MD. Images (PNG) carry no text and are skipped.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from analysis.data.disclosure import (
    PEOPLE_COUNT_COLUMNS,
    DisclosurePolicy,
    load_policy,
    suppress_number,
)
from analysis.data.mapping import URL_WITH_PASSWORD
from analysis.report.internal import INTERNAL_DIR
from analysis.report.slides import deck_texts

_NIP = re.compile(r"(?<!\d)(19[5-9]\d|20[0-2]\d)(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])"
                  r"(19[6-9]\d|20[0-3]\d)(0[1-9]|1[0-2])[12]\d{3}(?!\d)")
_PSEUDONYM = re.compile(r"\bASN-[0-9a-f]{16}\b")
_ABSOLUTE_PATH = re.compile(
    r"(?<![\w.:/])(?:/(?:home|root|tmp|Users|mnt|media|srv|work|var/folders|private)/[^\s\"'<>(),;]+"
    r"|[A-Za-z]:\\(?:Users|Documents and Settings)\\[^\s\"'<>]+)"
)
#: ``scheme://user:password@``: mapping.yaml refuses the same (:data:`analysis.data.mapping.URL_WITH_PASSWORD`).
_URL_PASSWORD = URL_WITH_PASSWORD
_TEXT_SUFFIXES = {".html", ".htm", ".svg", ".json", ".ipynb", ".csv", ".txt", ".md", ".xml"}


@dataclass(frozen=True)
class Finding:
    """One problem: the kind, the file (relative to the report folder), where in it, and what."""

    kind: str
    file: str
    where: str
    detail: str

    def __str__(self) -> str:
        return f"{self.file} [{self.where}] {self.kind}: {self.detail}"


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def scan_text(text: str, file: str, where: str, names: Iterable[str] = ()) -> list[Finding]:
    """Findings of the text patterns (NIP, pseudonym, absolute path, names) in one text."""
    found: list[Finding] = []
    for match in _NIP.finditer(text):
        found.append(Finding("nip", file, where, f"NIP-shaped number {match.group(0)[:8]}…"))
    for match in _PSEUDONYM.finditer(text):
        found.append(Finding("pseudonym", file, where, match.group(0)))
    for match in _ABSOLUTE_PATH.finditer(text):
        found.append(Finding("absolute_path", file, where, _short(match.group(0))))
    for match in _URL_PASSWORD.finditer(text):
        scheme, _, rest = match.group(0).partition("://")
        found.append(Finding("password", file, where, f"URL with a password ({scheme}://{rest.split(':')[0]}:***@...)"))
    for name in names:
        if re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text):
            found.append(Finding("name", file, where, f"name of an employee ({len(name)} characters)"))
    return found


def _pdf_pages(path: Path) -> Iterator[tuple[int, str]]:
    """The text of each page; a file pypdf cannot read is scanned as raw bytes (page 0)."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(str(path))
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PyPdfError, ValueError, OSError):
        yield 0, path.read_bytes().decode("latin-1")
        return
    yield from enumerate(pages, start=1)


def _xlsx_findings(path: Path, rel: str, policy: DisclosurePolicy, names: Iterable[str]) -> list[Finding]:
    from openpyxl import load_workbook

    found: list[Finding] = []
    book = load_workbook(path, read_only=True, data_only=True)
    try:
        for sheet in book.worksheets:
            count_cols: dict[int, str] = {}
            for row_number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
                text = " ".join(str(v) for v in row if isinstance(v, str))
                if text:
                    found += scan_text(text, rel, f"{sheet.title}!{row_number}", names)
                codes = [str(v) if v is not None else "" for v in row]
                header = {i: c for i, c in enumerate(codes) if c in PEOPLE_COUNT_COLUMNS}
                if header and len(header) >= 1 and all(isinstance(v, str) or v is None for v in row):
                    count_cols = header
                    continue
                for i, column in count_cols.items():
                    value = row[i] if i < len(row) else None
                    if isinstance(value, int | float) and not isinstance(value, bool) and policy.is_small(value):
                        found.append(Finding("small_cell", rel, f"{sheet.title}!{row_number}",
                                             f"{column} = {value:g} (below {policy.min_people})"))
    finally:
        book.close()
    return found


class _TableCells(HTMLParser):
    """The cells of every ``<table>`` of an HTML text: tables of rows of
    ``(tag, attributes, text)`` (``th``/``td``), in document order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[list[list[tuple[str, dict[str, str], str]]]] = []
        self._open: list[list[list[tuple[str, dict[str, str], str]]]] = []
        self._cell: tuple[str, dict[str, str], list[str]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self._open.append([])
        elif tag == "tr" and self._open:
            self._open[-1].append([])
        elif tag in ("th", "td") and self._open and self._open[-1]:
            self._cell = (tag, {k: v or "" for k, v in attrs}, [])

    def handle_endtag(self, tag: str) -> None:
        if tag in ("th", "td") and self._cell is not None and self._open and self._open[-1]:
            name, attrs, parts = self._cell
            self._open[-1][-1].append((name, attrs, " ".join("".join(parts).split())))
            self._cell = None
        elif tag == "table" and self._open:
            self.tables.append(self._open.pop())

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell[2].append(data)


_COUNT_TEXT = re.compile(r"\d{1,3}(?:[.,\u00a0 ]\d{3})*")


def _count_of(text: str) -> float | None:
    """A whole count as a table shows it (``4``, ``1.234``, ``1,234``); anything else ``None``."""
    text = text.strip()
    if not _COUNT_TEXT.fullmatch(text):
        return None
    return float(re.sub(r"\D", "", text))


def html_table_findings(text: str, rel: str, where: str, policy: DisclosurePolicy) -> list[Finding]:
    """Counts of people ``0 < c < k`` shown in the HTML tables of a text.

    A header cell names its column by ``data-column`` (the code :func:`analysis.text.html.table_html`
    writes) or by its text (a DataFrame displayed as it is); the columns of
    :data:`analysis.data.disclosure.PEOPLE_COUNT_COLUMNS` are read, with the same meaning as in
    ``tables.xlsx``. A mark (``<5``, ``x``) or a missing value is not a number and passes.
    """
    parser = _TableCells()
    parser.feed(text)
    parser.close()
    found: list[Finding] = []
    for t, table in enumerate(parser.tables, start=1):
        columns: dict[int, str] = {}
        for r, row in enumerate(table, start=1):
            codes = {i: attrs.get("data-column") or cell for i, (_, attrs, cell) in enumerate(row)}
            if row and all(tag == "th" for tag, _, _ in row):
                header = {i: c for i, c in codes.items() if c in PEOPLE_COUNT_COLUMNS}
                if header:
                    columns = header
                continue
            for i, column in columns.items():
                value = _count_of(row[i][2]) if i < len(row) else None
                if value is not None and policy.is_small(value):
                    found.append(Finding("small_cell", rel, f"{where} table {t} row {r}",
                                         f"{column} = {value:g} (below {policy.min_people})"))
    return found


def _notebook_html(text: str) -> Iterator[tuple[int, str]]:
    """``(cell number, HTML)`` of the HTML outputs of an executed notebook."""
    try:
        cells = json.loads(text).get("cells", [])
    except (ValueError, AttributeError):
        return
    for number, cell in enumerate(cells):
        for output in cell.get("outputs", []) if isinstance(cell, dict) else []:
            html = output.get("data", {}).get("text/html") if isinstance(output, dict) else None
            if html:
                yield number, "".join(html) if isinstance(html, list) else str(html)


def _results_findings(payload: object, rel: str, policy: DisclosurePolicy) -> list[Finding]:
    """Numbers of ``results.json`` that rest on fewer than k people and were not suppressed
    (a number whose ``n_of`` says it counts units or programmes is not about people)."""
    found: list[Finding] = []
    numbers = payload.get("numbers", []) if isinstance(payload, dict) else []
    for number in numbers:
        if not isinstance(number, dict) or number.get("estimate") is None:
            continue
        if number.get("n_of", "people") != "people" or number.get("n") is None:
            continue
        if not suppress_number(number["estimate"], None, None, number["n"], policy, unit=number.get("unit", ""))[3]:
            continue
        where = f"{number.get('code')} ({number.get('scope') or number.get('group') or 'city'})"
        found.append(Finding("small_cell", rel, where,
                             f"estimate {number['estimate']:g} ({number.get('unit') or 'value'}) on n = {number['n']} "
                             f"reveals fewer than {policy.min_people} people"))
    return found


def audit_report(folder: str | Path, policy: DisclosurePolicy, names: Iterable[str] = ()) -> list[Finding]:
    """Every finding in a built report folder (``reports/<period>``), sorted by file."""
    root = Path(folder)
    names = [n for n in {str(x).strip() for x in names} if len(n.split()) >= 2]
    found: list[Finding] = []
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        rel = path.relative_to(root).as_posix()
        if rel.split("/", 1)[0] == INTERNAL_DIR:
            continue  # the internal lists: personal data by design, never part of a report
        suffix = path.suffix.lower()
        if suffix == ".pdf":
            for page, text in _pdf_pages(path):
                found += scan_text(text, rel, f"page {page}", names)
        elif suffix == ".xlsx":
            found += _xlsx_findings(path, rel, policy, names)
        elif suffix == ".pptx":

            for where, text in deck_texts(path):
                found += scan_text(text, rel, where, names)
        elif suffix in _TEXT_SUFFIXES:
            text = path.read_text(encoding="utf-8", errors="replace")
            found += scan_text(text, rel, "text", names)
            if suffix in {".html", ".htm"}:
                found += html_table_findings(text, rel, "page", policy)
            elif suffix == ".ipynb":
                for cell, html in _notebook_html(text):
                    found += html_table_findings(html, rel, f"cell {cell}", policy)
            if path.name == "results.json":
                found += _results_findings(json.loads(text), rel, policy)
    return found


_NAME_COLUMNS = ("name", "nama", "full_name", "nama_lengkap")


def employee_names(data_dir: str | Path) -> list[str]:
    """Names from the employees table of a data folder, when it has a name column (else none).

    The contract has no name column, but exports often carry one; the audit looks for it so
    that a name copied into a report is found.
    """
    import pandas as pd

    folder = Path(data_dir)
    for path in sorted(folder.glob("employees.*")) if folder.is_dir() else []:
        suffix = path.suffix.lower()
        if suffix == ".csv":
            head = pd.read_csv(path, nrows=0, sep=None, engine="python", encoding="utf-8-sig")
            wanted = [c for c in head.columns if str(c).strip().lower() in _NAME_COLUMNS]
            frame = pd.read_csv(path, usecols=wanted, sep=None, engine="python", encoding="utf-8-sig", dtype=str) if wanted else None
        elif suffix in {".xlsx", ".parquet"}:
            frame = pd.read_excel(path, dtype=str) if suffix == ".xlsx" else pd.read_parquet(path)
            wanted = [c for c in frame.columns if str(c).strip().lower() in _NAME_COLUMNS]
            frame = frame[wanted] if wanted else None
        else:
            continue
        if frame is not None:
            return sorted({str(v) for col in frame.columns for v in frame[col].dropna()})
    return []


def cli_audit(args) -> int:  # noqa: ANN001  (argparse namespace)
    """``kompetensi audit REPORT_DIR [--data DIR]``: print each finding; exit 1 if any."""
    policy = load_policy(getattr(args, "disclosure", None))
    names = employee_names(args.data) if getattr(args, "data", None) else []
    folder = Path(args.report_dir)
    if not folder.is_dir():
        print(f"kompetensi audit: {folder} is not a folder: give a built report, e.g. reports/2026Q3",
              file=sys.stderr)
        return 2
    findings = audit_report(folder, policy, names)
    for finding in findings:
        print(finding)
    if findings:
        print(f"{len(findings)} finding(s): this report must not leave the team as it is.")
        return 1
    print(f"No personal data or small cells found in {folder.name} (threshold {policy.min_people}).")
    return 0
