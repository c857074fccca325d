"""What a report run leaves besides the rendered notebooks.

- ``figures/``: the PNG and SVG files every notebook saved with
  :meth:`analysis.data.results.ResultsRecorder.figure`, collected in one folder.
- ``tables.xlsx``: a cover sheet and one formatted sheet per key table a notebook
  saved (:mod:`analysis.report.workbook`, re-exported here).
- ``results.json``: every key number with its CI and n under language-neutral
  codes, merged from the notebooks' ``results/*.json``.
- ``manifest.json``: SHA-256 of every input file, parameters, package
  versions, git commit and dirty flag, Python version, time per step, start and
  end time.
- ``reports/index.html``: every period with links and small trend lines.
"""

from __future__ import annotations

import hashlib
import html as htmlmod
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
from types import ModuleType
from typing import Any

from analysis import __version__
from analysis.data.periods import period_index
from analysis.data.results import FIGURES_SUBDIR, read_results
from analysis.report import messages as msg
from analysis.report.names import (
    agency_deck_file,
    brief_file,
    deck_file,
    lang_folder,
    reports_folder,
)
from analysis.report.scrub import display_path
from analysis.report.slide_words import DECK_LINK
from analysis.report.workbook import key_tables, write_tables_workbook
from analysis.text.lang import Lang, pick

__all__ = [
    "INDEX_FILE", "MANIFEST_FILE", "PACKAGES", "RESULTS_FILE", "TABLES_FILE", "build_manifest", "collect_figures",
    "git_state", "input_files", "is_period_dir", "key_tables", "merge_results", "package_versions",
    "period_entries", "results_payload", "sha256_file", "write_agency_index", "write_index", "write_json",
    "write_tables_workbook",
]

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


def results_payload(period: str, numbers: list[dict[str, object]], *, lang: Lang) -> dict[str, object]:
    """The ``results.json`` document: format tag, period, language, field names and the numbers."""
    return {
        "format": "kompetensi-results/1",
        "period": period,
        "lang": lang,
        "fields": ["notebook", "code", "estimate", "ci_low", "ci_high", "n", "unit", "period", "group", "note", "scope"],
        "numbers": numbers,
    }


# ---------------------------------------------------------------------------- manifest


def package_versions(names: Iterable[str] = PACKAGES) -> dict[str, str | None]:
    """The installed version of each package (``None`` when it is not installed)."""
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


def input_files(dataset: Any, data_dir: Path | str) -> list[dict[str, object]]:
    """Every input file with its SHA-256: from ``Dataset.files``, else every file of the folder.

    For a database (``data_dir`` a URL) the entries are its tables or queries
    (``<database>:<table>``, the SHA-256 of their cells) and the mapping file by name.
    """
    files = getattr(dataset, "files", ()) or ()
    rows = []
    if isinstance(data_dir, str):
        for source in files:
            path = Path(source.path)
            rows.append({"path": path.name if path.is_absolute() else str(path), "sha256": source.sha256,
                         "bytes": path.stat().st_size if path.is_absolute() and path.exists() else None,
                         "tables": list(source.tables)})
        return rows
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
    data_dir: Path | str,
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
    return {
        "format": "kompetensi-manifest/1",
        "tool": {"name": "kompetensi", "version": __version__},
        "period": period,
        "data_dir": data_dir if isinstance(data_dir, str) else display_path(data_dir, project_root),
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
    """True for a published period folder such as ``reports/2026Q3``."""
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


def period_entries(reports_dir: Path, lang: Lang = "id") -> list[dict[str, Any]]:
    """One entry per published period folder, for :func:`analysis.report.render.index_html`.

    ``links`` point at the brief, each notebook's HTML, the workbook and the
    JSON files; ``key_numbers`` are the headline numbers of every period up to
    that one (read from each period's ``results.json``), for the trend lines.
    """
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
    brief_word = pick(lang, msg.BRIEF_LINK)
    entries = []
    for folder in folders:
        period = folder.name
        links: dict[str, str] = {}
        brief = folder / brief_file(period, lang)
        if brief.exists():
            links[brief_word] = f"{period}/{brief.name}"
        deck = folder / deck_file(period, lang)
        if deck.exists():
            links[pick(lang, DECK_LINK)] = f"{period}/{deck.name}"
        for html in sorted(folder.glob("*.html")):
            links[_html_label(html)] = f"{period}/{html.name}"
        for name, label in ((TABLES_FILE, "tables.xlsx"), (RESULTS_FILE, "results.json"), (MANIFEST_FILE, "manifest.json")):
            if (folder / name).exists():
                links[label] = f"{period}/{name}"
        opd = folder / "opd"
        if (opd / INDEX_FILE).is_file():
            links[pick(lang, msg.AGENCIES_LINK)] = f"{period}/opd/{INDEX_FILE}"
        elif opd.is_dir() and any(opd.glob("*.pdf")):
            links[pick(lang, msg.AGENCIES_LINK)] = f"{period}/opd/"
        english = reports_folder(reports_dir, "en") / period
        if english != folder and (english / brief_file(period, "en")).exists():
            links[pick(lang, msg.ENGLISH_LINK)] = f"{lang_folder('en')}/{period}/{brief_file(period, 'en')}"
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


def write_agency_index(
    folder: Path, period: str, names: Mapping[str, str], file_name: Any, lang: Lang, render: ModuleType
) -> Path:
    """Write ``<period>/opd/index.html``: every agency brief in ``folder`` (PDF and slide deck).

    ``names`` maps an agency_id to its name; ``file_name`` turns an agency_id into the
    stem its files were written under (:func:`analysis.report.jobs.agency_file_name`).
    """
    entries = []
    for agency, name in names.items():
        stem = file_name(agency)
        links: dict[str, str] = {}
        if (folder / f"{stem}.pdf").is_file():
            links[pick(lang, msg.BRIEF_LINK)] = f"{stem}.pdf"
        deck = folder / agency_deck_file(stem)
        if deck.is_file():
            links[pick(lang, msg.SLIDES_LINK)] = deck.name
        if links:
            entries.append({"code": agency, "name": name, "links": links})
    target = folder / INDEX_FILE
    folder.mkdir(parents=True, exist_ok=True)
    target.write_text(render.agency_index_html(period, entries, lang), encoding="utf-8")
    return target


def write_index(reports_dir: Path, lang: Lang, render: ModuleType) -> Path:
    """(Re)write ``reports/index.html`` from the published period folders.

    ``render`` is the renderer module (:mod:`analysis.report.render`, or a stand-in)
    whose ``index_html`` writes the page.
    """
    html = render.index_html(period_entries(reports_dir, lang), lang)
    target = reports_dir / INDEX_FILE
    tmp = target.with_name(f".{target.name}.tmp-{os.getpid()}")
    tmp.write_text(html, encoding="utf-8")
    tmp.replace(target)
    return target
