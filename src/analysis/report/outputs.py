"""What a report run leaves besides the rendered notebooks.

- ``figures/``: the PNG and SVG files every notebook saved with
  :meth:`analysis.data.results.ResultsRecorder.figure`, collected in one folder.
- ``tables.xlsx``: a cover sheet (title, period, notes, sources, a linked list
  of sheets) and one formatted sheet per key table a notebook saved with
  :meth:`~analysis.data.results.ResultsRecorder.table` (title and note above a
  styled, frozen header; widths and number formats from the column's type).
- ``results.json``: every key number with its CI and n under language-neutral
  codes, merged from the notebooks' ``results/*.json``.
- ``manifest.json``: SHA-256 of every input file, parameters, package
  versions, git commit and dirty flag, Python version, time per step, start and
  end time.
- ``reports/index.html``: every period with links and small trend lines.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import re
import shutil
import subprocess
import sys
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

import pandas as pd

from analysis.data.disclosure import DisclosurePolicy, disclose, load_policy
from analysis.data.results import FIGURES_SUBDIR, TABLES_SUBDIR, read_results
from analysis.report.scrub import display_path
from analysis.report.slide_words import DECK_LINK
from analysis.text.lang import pick
from analysis.text.phrases import suppressed_note

RESULTS_FILE = "results.json"
MANIFEST_FILE = "manifest.json"
TABLES_FILE = "tables.xlsx"
INDEX_FILE = "index.html"
#: Packages whose versions the manifest records.
PACKAGES = (
    "kompetensi-binjai",
    "numpy",
    "pandas",
    "scipy",
    "statsmodels",
    "matplotlib",
    "seaborn",
    "pyarrow",
    "openpyxl",
    "xlsxwriter",
    "papermill",
    "nbclient",
    "nbconvert",
    "nbformat",
    "ipykernel",
    "jupyter_client",
    "weasyprint",
    "python-pptx",
    "pyyaml",
    "jinja2",
)
_PERIOD_DIR = re.compile(r"^\d{4}Q[1-4]$")


def sha256_file(path: str | Path, chunk: int = 1 << 20) -> str:
    """The SHA-256 hex digest of a file."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(chunk):
            digest.update(block)
    return digest.hexdigest()


def write_json(path: Path, payload: Any) -> Path:
    """Write JSON atomically (temporary file, then rename), UTF-8, indented."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(json.dumps(payload, indent=2, ensure_ascii=False, default=str) + "\n", encoding="utf-8")
    tmp.replace(path)
    return path


# ---------------------------------------------------------------------------- figures


def collect_figures(output_dirs: Mapping[str, Path], target: Path) -> list[Path]:
    """Copy every notebook's ``figures/*.png|svg`` into ``target``.

    Names stay as the notebook saved them; when two notebooks saved the same
    name, each copy is prefixed with its notebook (``20_coverage-trend.png``),
    so nothing is overwritten and the result does not depend on timing.
    """
    target.mkdir(parents=True, exist_ok=True)
    found: list[tuple[str, Path]] = []
    for notebook, folder in output_dirs.items():
        for path in sorted((Path(folder) / FIGURES_SUBDIR).glob("*")):
            if path.suffix.lower() in (".png", ".svg"):
                found.append((notebook, path))
    counts: dict[str, int] = {}
    for _, path in found:
        counts[path.name] = counts.get(path.name, 0) + 1
    written = []
    for notebook, path in found:
        name = path.name if counts[path.name] == 1 else f"{notebook}-{path.name}"
        dest = target / name
        shutil.copy2(path, dest)
        written.append(dest)
    return written


# ---------------------------------------------------------------------------- results.json


def merge_results(
    output_dirs: Mapping[str, Path],
    *,
    scope: str = "city",
    copied: Iterable[str] | None = None,
) -> list[dict[str, object]]:
    """Every number each notebook recorded in its ``results/*.json``.

    A brief's folder also holds copies of the other notebooks' files (which it
    reads), so only a notebook's own numbers are kept: those whose ``notebook``
    is the folder's key, or, when ``copied`` names the copied notebooks (an
    agency brief may record as ``90_brief_<agency>``), every notebook but those.
    Each row gets ``scope``: ``"city"`` or the agency of a per-agency brief.
    """
    skip = set(copied) if copied is not None else None
    rows: list[dict[str, object]] = []
    for notebook, folder in output_dirs.items():
        for row in read_results(folder):
            own = row["notebook"] not in skip if skip is not None else row["notebook"] == notebook
            if own:
                rows.append({**row, "scope": scope})
    return rows


def results_payload(period: str, numbers: list[dict[str, object]], *, lang: str) -> dict[str, object]:
    return {
        "format": "kompetensi-results/1",
        "period": period,
        "lang": lang,
        "fields": ["notebook", "code", "estimate", "ci_low", "ci_high", "n", "unit", "period", "group", "note", "scope"],
        "numbers": numbers,
    }


# ---------------------------------------------------------------------------- tables.xlsx

_WORDS = {
    "id": {
        "title": "Tabel kunci — Laporan Triwulanan Pengembangan Kompetensi ASN",
        "city": "Pemerintah Kota Binjai",
        "period": "Periode",
        "generated": "Dibuat",
        "notes": "Catatan",
        "note_lines": [
            "Setiap lembar berisi satu tabel kunci yang dihasilkan oleh pipeline laporan dari data masukan di bawah; tidak ada angka yang diketik tangan.",
            "Proporsi ditulis sebagai persen; rentang ci_low–ci_high adalah selang kepercayaan 95%.",
            "Definisi mengikuti kamus data dan catatan metode pada laporan.",
        ],
        "sources": "Sumber data",
        "file": "Berkas",
        "tables_col": "Tabel",
        "sheets": "Daftar lembar",
        "sheet": "Lembar",
        "notebook": "Notebook",
        "no_tables": "Tidak ada tabel kunci pada periode ini.",
    },
    "en": {
        "title": "Key tables — Quarterly Report on ASN Competency Development",
        "city": "City Government of Binjai",
        "period": "Period",
        "generated": "Generated",
        "notes": "Notes",
        "note_lines": [
            "Each sheet holds one key table produced by the report pipeline from the input data below; no number is typed by hand.",
            "Shares are shown as percentages; ci_low–ci_high is the 95% confidence interval.",
            "Definitions follow the data dictionary and the report's method note.",
        ],
        "sources": "Data sources",
        "file": "File",
        "tables_col": "Tables",
        "sheets": "Sheets",
        "sheet": "Sheet",
        "notebook": "Notebook",
        "no_tables": "No key tables this period.",
    },
}

_SHARE = re.compile(r"(^|_)(share|rate|pct|percent|proportion|absorption|compliance)(_|$)")
_MONEY = re.compile(r"(^|_)(idr|cost|costs|spending|spent|budget|allocated|allocation|gap_idr|rupiah)(_|$)")
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
    clean = re.sub(r"[\[\]:*?/\\']", "_", name).strip() or "table"
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
    lang: str = "id",
    sources: Sequence[Mapping[str, Any]] = (),
    generated: str = "",
    policy: DisclosurePolicy | None = None,
) -> Path:
    """Write ``tables.xlsx``: a cover sheet, then one formatted sheet per key table.

    Every table goes through :func:`analysis.data.disclosure.disclose` (a table the recorder
    already disclosed, with its ``suppressed`` column, is kept as it is): suppressed cells
    are blank (numbers stay numbers), the ``suppressed`` column flags their rows and the
    sheet's third row says why (``disembunyikan: kurang dari 5 orang``).

    Each table sheet: the title (bold) in A1, the note in A2, the header in row 4
    (bold, white on the theme's primary colour, wrapped), the data below it with
    number formats chosen from the column (shares as ``0.0%``, rupiah and counts as
    ``#,##0``, p-values ``0.000``, other decimals ``#,##0.00``, dates ISO), column
    widths from the content, an autofilter, and the panes frozen below the header.
    """
    import xlsxwriter

    from analysis.charts.theme import PRIMARY

    words = _WORDS.get(lang, _WORDS["id"])
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.tmp")
    book = xlsxwriter.Workbook(str(tmp), {"nan_inf_to_errors": True, "remove_timezone": True})
    try:
        book.set_properties({"title": words["title"], "subject": period_label, "company": words["city"]})
        title_fmt = book.add_format({"bold": True, "font_size": 14, "font_color": PRIMARY})
        sub_fmt = book.add_format({"bold": True, "font_size": 11})
        note_fmt = book.add_format({"italic": True, "font_color": "#444444", "text_wrap": False})
        header_fmt = book.add_format(
            {"bold": True, "font_color": "#FFFFFF", "bg_color": PRIMARY, "text_wrap": True,
             "valign": "top", "border": 1, "border_color": "#BFBFBF"}
        )
        link_fmt = book.add_format({"font_color": "#0B5394", "underline": 1})
        formats: dict[str, Any] = {}

        def fmt_for(code: str | None) -> Any:
            if code is None:
                return None
            if code not in formats:
                formats[code] = book.add_format({"num_format": code})
            return formats[code]

        cover = book.add_worksheet("Sampul" if lang == "id" else "Cover")
        used = {cover.name.lower()}
        sheet_names = [_sheet_name(str(t["name"]), used) for t in tables]

        cover.set_column(0, 0, 28)
        cover.set_column(1, 1, 70)
        cover.set_column(2, 3, 24)
        row = 0
        cover.write(row, 0, words["city"], sub_fmt)
        row += 1
        cover.write(row, 0, words["title"], title_fmt)
        row += 2
        cover.write(row, 0, words["period"], sub_fmt)
        cover.write(row, 1, period_label)
        row += 1
        if generated:
            cover.write(row, 0, words["generated"], sub_fmt)
            cover.write(row, 1, generated)
            row += 1
        row += 1
        cover.write(row, 0, words["notes"], sub_fmt)
        row += 1
        for line in words["note_lines"]:
            cover.write(row, 1, line)
            row += 1
        row += 1
        cover.write(row, 0, words["sheets"], sub_fmt)
        row += 1
        if not tables:
            cover.write(row, 1, words["no_tables"])
            row += 1
        for table, sheet in zip(tables, sheet_names, strict=True):
            cover.write_url(row, 0, f"internal:'{sheet}'!A1", link_fmt, sheet)
            cover.write(row, 1, str(table["title"]))
            cover.write(row, 2, str(table["notebook"]))
            row += 1
        row += 1
        cover.write(row, 0, words["sources"], sub_fmt)
        row += 1
        cover.write_row(row, 0, [words["file"], "SHA-256", words["tables_col"]], header_fmt)
        row += 1
        for source in sources:
            cover.write_row(row, 0, [str(source.get("path", "")), str(source.get("sha256", "")),
                                     ", ".join(source.get("tables", ()) or ())])
            row += 1

        policy = policy if policy is not None else load_policy()
        for table, sheet_name in zip(tables, sheet_names, strict=True):
            frame: pd.DataFrame = table["frame"]
            if "suppressed" not in frame.columns:
                frame = disclose(frame, policy)
            sheet = book.add_worksheet(sheet_name)
            sheet.write(0, 0, str(table["title"]), title_fmt)
            if table.get("note"):
                sheet.write(1, 0, str(table["note"]), note_fmt)
            if "suppressed" in frame.columns and bool(frame["suppressed"].fillna(False).astype(bool).any()):
                sheet.write(2, 0, suppressed_note("en" if lang == "en" else "id", policy.min_people), note_fmt)
            header_row = 3
            columns = [str(c) for c in frame.columns]
            sheet.write_row(header_row, 0, columns, header_fmt)
            for j, col in enumerate(frame.columns):
                series = frame[col]
                code = _number_format(str(col), series)
                cell_fmt = fmt_for(code)
                values = [_cell_value(v) for v in series.tolist()]
                for i, value in enumerate(values):
                    r = header_row + 1 + i
                    if value is None:
                        sheet.write_blank(r, j, None, cell_fmt)
                    elif isinstance(value, bool):
                        sheet.write_boolean(r, j, value)
                    elif isinstance(value, (int, float)):
                        sheet.write_number(r, j, value, cell_fmt)
                    elif hasattr(value, "year") and hasattr(value, "month"):
                        sheet.write_datetime(r, j, value, cell_fmt)
                    else:
                        sheet.write_string(r, j, str(value))
                width = _column_width(values[:200], code)
                width = min(max(width, len(str(col)) * 0.9 + 2, 8), 50)
                sheet.set_column(j, j, width)
            sheet.set_row(header_row, 30)
            if len(frame.columns):
                sheet.autofilter(header_row, 0, header_row + max(len(frame), 1), len(frame.columns) - 1)
            sheet.freeze_panes(header_row + 1, 0)
        book.close()
        tmp.replace(target)
    finally:
        tmp.unlink(missing_ok=True)
    return target


# ---------------------------------------------------------------------------- manifest


def package_versions(names: Iterable[str] = PACKAGES) -> dict[str, str | None]:
    out: dict[str, str | None] = {}
    for name in names:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = None
    return out


def git_state(root: Path) -> dict[str, object]:
    """Commit and dirty flag of the project checkout (``None`` outside git)."""
    def git(*args: str) -> str | None:
        try:
            done = subprocess.run(
                ["git", "-C", str(root), *args], capture_output=True, text=True, timeout=10, check=False
            )
        except (OSError, subprocess.SubprocessError):
            return None
        return done.stdout.strip() if done.returncode == 0 else None

    commit = git("rev-parse", "HEAD")
    if commit is None:
        return {"commit": None, "dirty": None}
    status = git("status", "--porcelain", "--untracked-files=no")
    return {"commit": commit, "dirty": bool(status) if status is not None else None}


def input_files(dataset: Any, data_dir: Path) -> list[dict[str, object]]:
    """Every input file with its SHA-256: from ``Dataset.files``, else every file of the folder."""
    files = getattr(dataset, "files", ()) or ()
    rows = []
    for source in files:
        path = Path(source.path)
        try:
            shown = str(path.resolve().relative_to(data_dir.resolve()))
        except ValueError:
            shown = str(path)
        rows.append({"path": shown, "sha256": source.sha256, "bytes": path.stat().st_size if path.exists() else None,
                     "tables": list(source.tables)})
    if not rows and data_dir.is_dir():
        for path in sorted(p for p in data_dir.rglob("*") if p.is_file() and not p.name.startswith(".")):
            rows.append({"path": str(path.relative_to(data_dir)), "sha256": sha256_file(path),
                         "bytes": path.stat().st_size, "tables": []})
    elif not rows and data_dir.is_file():
        rows.append({"path": data_dir.name, "sha256": sha256_file(data_dir), "bytes": data_dir.stat().st_size, "tables": []})
    return rows


def build_manifest(
    *,
    period: str,
    data_dir: Path,
    inputs: list[dict[str, object]],
    parameters: Mapping[str, object],
    notebooks: Mapping[str, Mapping[str, object]],
    steps: Sequence[Mapping[str, object]],
    started_at: datetime,
    finished_at: datetime,
    project_root: Path,
    extra: Mapping[str, object] | None = None,
) -> dict[str, object]:
    """The run's manifest (see the module docstring)."""
    from analysis import __version__

    return {
        "format": "kompetensi-manifest/1",
        "tool": {"name": "kompetensi", "version": __version__},
        "period": period,
        "data_dir": display_path(data_dir, project_root),
        "inputs": inputs,
        "parameters": dict(parameters),
        "notebooks": {k: dict(v) for k, v in notebooks.items()},
        "packages": package_versions(),
        "python": {"version": platform.python_version(), "implementation": platform.python_implementation(),
                   "executable": display_path(sys.executable, project_root)},
        "platform": platform.platform(),
        "git": git_state(project_root),
        "steps": [dict(s) for s in steps],
        "started_at": started_at.astimezone(UTC).isoformat(timespec="seconds"),
        "finished_at": finished_at.astimezone(UTC).isoformat(timespec="seconds"),
        "seconds": round((finished_at - started_at).total_seconds(), 3),
        **(dict(extra) if extra else {}),
    }


# ---------------------------------------------------------------------------- index.html


def is_period_dir(path: Path) -> bool:
    return path.is_dir() and bool(_PERIOD_DIR.match(path.name))


def _headline_value(numbers: list[dict[str, Any]], period: str) -> dict[str, float | None]:
    """``headline.<code>`` city numbers of ``period`` (the brief's), by code."""
    out: dict[str, float | None] = {}
    for row in numbers:
        code = str(row.get("code", ""))
        if not code.startswith("headline.") or row.get("group") not in (None, "", "city"):
            continue
        if row.get("scope", "city") != "city":
            continue
        if row.get("period") not in (None, period):
            continue
        out[code.removeprefix("headline.")] = row.get("estimate")  # type: ignore[assignment]
    return out


def period_entries(reports_dir: Path, lang: str = "id") -> list[dict[str, Any]]:
    """One entry per published period folder, for :func:`analysis.report.render.index_html`.

    ``links`` point at the brief, each notebook's HTML, the workbook and the
    JSON files; ``key_numbers`` are the headline numbers of every period up to
    that one (read from each period's ``results.json``), for the trend lines.
    """
    from analysis.data.periods import period_index

    folders = sorted((p for p in reports_dir.iterdir() if is_period_dir(p)), key=lambda p: period_index(p.name))
    headline_by_period: dict[str, dict[str, float | None]] = {}
    for folder in folders:
        path = folder / RESULTS_FILE
        if path.exists():
            try:
                payload = json.loads(path.read_text(encoding="utf-8"))
                headline_by_period[folder.name] = _headline_value(payload.get("numbers", []), folder.name)
            except (json.JSONDecodeError, OSError):
                headline_by_period[folder.name] = {}
    brief_word = "Laporan (PDF)" if lang == "id" else "Brief (PDF)"
    entries = []
    for folder in folders:
        period = folder.name
        links: dict[str, str] = {}
        brief = folder / f"laporan-{period}.pdf"
        if brief.exists():
            links[brief_word] = f"{period}/{brief.name}"
        deck = folder / f"slides-{period}.pptx"
        if deck.exists():
            links[pick(lang, DECK_LINK)] = f"{period}/{deck.name}"
        for html in sorted(folder.glob("*.html")):
            links[_html_label(html)] = f"{period}/{html.name}"
        for name, label in ((TABLES_FILE, "tables.xlsx"), (RESULTS_FILE, "results.json"), (MANIFEST_FILE, "manifest.json")):
            if (folder / name).exists():
                links[label] = f"{period}/{name}"
        opd = folder / "opd"
        if opd.is_dir() and any(opd.glob("*.pdf")):
            links["OPD" if lang == "id" else "Agencies"] = f"{period}/opd/"
        key_numbers: dict[str, list[tuple[str, float | None]]] = {}
        for earlier in folders:
            if period_index(earlier.name) > period_index(period):
                continue
            for code, value in headline_by_period.get(earlier.name, {}).items():
                key_numbers.setdefault(code, []).append((earlier.name, value))
        entries.append({"period": period, "links": links, "key_numbers": key_numbers})
    return entries


def _html_label(path: Path) -> str:
    """The page's ``<title>`` (set from the notebook's heading), else a label from the file name."""
    import html as htmlmod

    try:
        with open(path, encoding="utf-8") as handle:
            head = handle.read(4096)
        match = re.search(r"<title>(.*?)</title>", head, flags=re.S)
        if match and match.group(1).strip():
            return htmlmod.unescape(match.group(1).strip())
    except OSError:
        pass
    label = re.sub(r"^\d+_", "", path.stem).replace("_", " ")
    return label[:1].upper() + label[1:]


def write_index(reports_dir: Path, lang: str = "id", render: Any = None) -> Path:
    """(Re)write ``reports/index.html`` from the published period folders."""
    if render is None:
        from analysis.report import render as render_module

        render = render_module
    html = render.index_html(period_entries(reports_dir, lang), lang)
    target = reports_dir / INDEX_FILE
    tmp = target.with_name(f".{target.name}.tmp-{os.getpid()}")
    tmp.write_text(html, encoding="utf-8")
    tmp.replace(target)
    return target
