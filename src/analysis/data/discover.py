"""Finding each contract table's source in a data folder or workbook.

A table is read from, in order of precedence:

1. the file (or folder of Parquet parts) that mapping.yaml names for it;
2. a file of the table's own name in the folder (``<table>.csv``, ``.xlsx``, ``.xlsm``,
   ``.parquet``) or a folder of Parquet parts ``<table>/``;
3. a sheet of the folder's one workbook (or of the workbook given as the path) named
   like the table, or as mapping.yaml's ``sheet`` says.

Several candidates for one table are an issue; files and sheets that are not tables
are warnings (:data:`IGNORED_FILES` are passed over silently). Where each table was
looked for is kept, so a missing table's message says where it was expected.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from analysis.data import files
from analysis.data.contract import TABLES
from analysis.data.errors import FileProblem, Issue
from analysis.data.mapping import Mapping, TableMapping
from analysis.data.messages import Message

TABLE_SUFFIXES = (".csv", ".xlsx", ".xlsm", ".parquet")
#: Files in a data folder that are not tables and are ignored silently.
IGNORED_FILES = {"mapping.yaml", "mapping.yml", "truth.json", "readme.md", "readme.txt", ".ds_store"}
#: Marks a table whose file could not be read (reported once, never again as missing).
UNREADABLE = Message("unreadable_table")
_KIND_OF_SUFFIX = {".csv": "csv", ".parquet": "parquet", ".xlsx": "xlsx", ".xlsm": "xlsx"}


@dataclass(frozen=True)
class Source:
    """Where one table is read from: a file, a folder of Parquet parts, or a workbook's sheet."""

    kind: str  # csv | xlsx | parquet | parts | sheet
    path: Path
    sheet: str | None = None

    def display(self, root: Path) -> str:
        """The source as messages name it: relative to ``root``, a sheet in brackets."""
        shown = rel(self.path, root)
        if self.kind == "sheet" or (self.kind == "xlsx" and self.sheet):
            return f"{shown}[{self.sheet}]"
        if self.kind == "parts":
            return f"{shown}/"
        return shown


def rel(path: Path, root: Path) -> str:
    """``path`` relative to the folder ``root`` (its name when ``root`` is a file)."""
    try:
        return str(path.relative_to(root)) if root.is_dir() else path.name
    except ValueError:
        return str(path)


def source_files(src: Source) -> list[Path]:
    """The files a source reads (every part of a Parquet folder)."""
    if src.kind == "parts":
        return sorted(src.path.glob("*.parquet"))
    return [src.path]


@dataclass
class Discovery:
    """What :func:`discover` found: sources by table, where each was looked for, warnings, issues."""

    sources: dict[str, Source] = field(default_factory=dict)
    looked: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    used: set[Path] = field(default_factory=set)


@dataclass(frozen=True)
class _Layout:
    folder: Path
    workbook: Path | None
    entries: list[Path]  # what the folder holds (nothing when the path is a workbook)
    is_folder: bool


def table_candidates(folder: Path, table: str) -> list[Source]:
    """Files and Parquet-part folders of ``folder`` named like ``table``."""
    found: list[Source] = []
    for entry in sorted(folder.iterdir()):
        stem, suffix = entry.stem.lower(), entry.suffix.lower()
        if entry.is_file() and stem == table and suffix in TABLE_SUFFIXES:
            found.append(Source("parquet" if suffix == ".parquet" else "csv" if suffix == ".csv" else "xlsx", entry))
        elif entry.is_dir() and entry.name.lower() == table:
            parts = sorted(entry.glob("*.parquet"))
            if parts:
                found.append(Source("parts", entry))
    return found


def discover(path: Path, mapping: Mapping | None) -> Discovery:
    """Each contract table's source under ``path`` (a folder or an ``.xlsx`` workbook).

    Raises
    ------
    ValueError
        ``path`` is a single file that is not a workbook.
    """
    layout = _layout(path, mapping)
    found = Discovery()
    sheet_names, damaged_book = _sheet_names(layout, found)
    for table in TABLES:
        tm = mapping.for_table(table) if mapping else None
        if tm is not None and tm.file:
            _place_mapped(table, tm, layout.folder, found)
        else:
            _place_by_name(table, tm, layout, sheet_names, damaged_book, found)
    _note_leftovers(layout, mapping, sheet_names, found)
    return found


def _layout(path: Path, mapping: Mapping | None) -> _Layout:
    """The folder, its one workbook (if any) and its entries; a workbook path is its own workbook."""
    if path.is_file():
        if path.suffix.lower() not in (".xlsx", ".xlsm"):
            raise ValueError(Message("single_file", path=str(path), kind=path.suffix or Message("no_extension")))
        return _Layout(path.parent, path, [], False)
    entries = sorted(path.iterdir())
    table_names = set(TABLES)
    mapped_files = {(t.file or "").lower() for t in (mapping.tables.values() if mapping else [])}
    books = [
        e for e in entries
        if e.is_file() and e.suffix.lower() in (".xlsx", ".xlsm") and e.stem.lower() not in table_names
        and e.name.lower() not in mapped_files and not e.name.startswith("~$")
    ]
    return _Layout(path, books[0] if len(books) == 1 else None, entries, True)


def _sheet_names(layout: _Layout, found: Discovery) -> tuple[list[str], bool]:
    """The workbook's sheet names, and whether it is damaged (then an issue is recorded)."""
    if layout.workbook is None:
        return [], False
    try:
        wb = files.open_workbook(layout.workbook)
    except FileProblem as exc:
        shown = rel(layout.workbook, layout.folder)
        found.issues += [Issue("workbook", row, None, None, message, shown) for row, message in exc.problems]
        return [], True
    names = list(wb.sheetnames)
    wb.close()
    return names, False


def _place_mapped(table: str, tm: TableMapping, folder: Path, found: Discovery) -> None:
    """A table whose file mapping.yaml names (absent files are reported later as missing)."""
    target = folder / str(tm.file)
    found.looked[table] = Message("looked_mapped", file=tm.file, folder=str(folder))
    if target.is_dir():
        found.sources[table] = Source("parts", target)
    elif target.is_file():
        kind = _KIND_OF_SUFFIX.get(target.suffix.lower(), "csv")
        found.sources[table] = Source(kind, target, tm.sheet if kind == "xlsx" else None)
    found.used.add(target)


def _place_by_name(
    table: str, tm: TableMapping | None, layout: _Layout, sheet_names: list[str], damaged_book: bool,
    found: Discovery,
) -> None:
    """A table found by its own name: one file or part folder, else a sheet of the workbook."""
    folder, workbook = layout.folder, layout.workbook
    cands = table_candidates(folder, table) if layout.is_folder else []
    where = Message("looked_in_folder", table=table, folder=str(folder))
    if workbook is not None:
        where = Message("looked_or_sheet", where=where, sheet=tm.sheet if tm and tm.sheet else table,
                        workbook=workbook.name)
    found.looked[table] = where
    if len(cands) > 1:
        found.issues.append(Issue(
            table, None, None, None,
            Message("several_files", table=table, files=", ".join(rel(c.path, folder) for c in cands)),
        ))
        found.used.update(c.path for c in cands)
        return
    if cands:
        src = cands[0]
        if src.kind == "xlsx" and tm is not None and tm.sheet:
            src = Source("xlsx", src.path, tm.sheet)
        found.sources[table] = src
        found.used.add(src.path)
        return
    if workbook is not None:
        wanted = tm.sheet if tm is not None and tm.sheet else table
        hit = next((s for s in sheet_names if s.strip().lower() == wanted.lower()), None)
        if hit is not None:
            found.sources[table] = Source("sheet", workbook, hit)
            found.used.add(workbook)
        elif damaged_book:  # reported once for the workbook, not again as missing
            found.looked[table] = UNREADABLE
            found.used.add(workbook)


def _note_leftovers(layout: _Layout, mapping: Mapping | None, sheet_names: list[str], found: Discovery) -> None:
    """Warn of the workbook's spare sheets and of folder entries that are not tables."""
    workbook = layout.workbook
    if workbook is not None:
        taken = {s.sheet for s in found.sources.values() if s.kind == "sheet"}
        spare = [s for s in sheet_names if s not in taken]
        if spare and workbook in found.used:
            found.warnings.append(Message("spare_sheets", workbook=workbook.name, sheets=", ".join(spare)))
    for entry in layout.entries:
        if entry in found.used or entry.name.lower() in IGNORED_FILES or entry.name.startswith((".", "~$")):
            continue
        if mapping is not None and mapping.path is not None and entry == mapping.path:
            continue
        if entry.is_file() or entry.is_dir():
            found.warnings.append(Message("not_a_table", name=entry.name))
