"""``kompetensi report``: from a data folder to ``reports/<period>/``, all or nothing.

Order of a run
--------------
1. Every notebook's ``parameters`` cell is read and the values the run will
   pass are checked against it (unknown, missing, wrongly typed: an error
   before any kernel starts).
2. Worker processes start their kernels while the main process loads and
   validates the dataset once (``analysis.load_dataset`` with a Parquet cache
   keyed by the inputs' checksums; the notebooks then load it from that cache).
   A validation failure stops the run with the loader's issue table.
3. The analysis notebooks (``00_data_quality`` .. ``40_service_link``) run in
   parallel, each writing results/, tables/ and figures/ into its own folder;
   each is exported to HTML by the worker that ran it. With a hypothesis file
   (``--hypotheses``; checked in step 2, before any notebook runs) ``60_hypotheses``
   runs with them.
4. ``90_brief`` (it reads the others' ``results/``) runs for the city, then for
   each agency with ``--agency all`` (or one with ``--agency ID``), each exported
   to PDF by its worker; an agency's brief also reads the city brief's results and
   trend table (copied into its folder), so the city's numbers are computed once.
5. ``figures/``, ``tables.xlsx``, ``results.json``, the slide decks and ``manifest.json``
   are written; absolute paths of the machine in the build's text files are rewritten relative to the
   project (:mod:`analysis.report.scrub`).
6. The privacy audit (:mod:`analysis.report.audit`, ``docs/disclosure.md``) reads the
   build: with a finding the run stops, the build is kept as ``<period>.failed/`` and the
   findings are listed, unless ``--allow-findings`` is given (the findings are then
   recorded in ``manifest.json``). With ``--internal`` the per-employee lists are then
   written to ``<out>/internal/<period>/``, outside the report (:mod:`analysis.report.internal`;
   the manifest records the folder and row counts).
7. The build folder ``reports/.<period>.tmp-<random>`` replaces
   ``reports/<period>`` (old one renamed aside, new one renamed in, old one
   deleted); ``reports/index.html`` is rewritten.

Never half a report: anything failing before step 7 leaves the previous
``reports/<period>`` untouched. Before step 2 the reports folder must take a
file and have :data:`MIN_FREE_BYTES` free (``cannot write to DIR: choose another
--out``). A run killed with SIGKILL leaves no worker or kernel running
(:mod:`analysis.report.lifeline`), and the next run removes the kernels' socket folders it
left in the temporary folder (:func:`~analysis.report.execute.remove_stale_kernel_dirs`); one killed between the two renames of step 6
leaves the last good report aside as ``.<period>.old-*``, and the next run puts it
back (:func:`recover_interrupted_publish`) before deleting any leftover. A failing notebook's build is kept as
``reports/<period>.failed/`` for diagnosis (its ``executed/`` notebook shows the
error); Ctrl-C or SIGTERM removes the build folder.

Layout of ``reports/<period>/`` (an English run, ``--lang en``, publishes the same into
``reports/en/<period>/`` with English file names, :mod:`analysis.report.names`)::

    laporan-<period>.pdf            the brief (90_brief, city); report-<period>-en.pdf in English
    slides-<period>.pptx            the brief as a slide deck (analysis.report.slides); slides-<period>-en.pptx
    brief.json                      the brief's content as data (analysis.brief.content)
    <notebook>.html                 one per analysis notebook, code hidden
    executed/<notebook>.ipynb       executed notebooks (opd/<agency>.ipynb for agency briefs)
    opd/<agency>.pdf                per-agency briefs (with --agency), listed in opd/index.html
    opd/<agency>-slides.pptx        per-agency slide decks (with --agency)
    figures/                        PNG and SVG from every notebook
    tables.xlsx, results.json, manifest.json
    outputs/<notebook>/             what each notebook wrote (results/, tables/, figures/)
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import shutil
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from analysis.brief.codes import CITY_TABLES_DIR
from analysis.brief.targets import load_targets
from analysis.budget.policy import load_mix_policy
from analysis.data.cache import default_cache_dir
from analysis.data.cache import prune as prune_cache
from analysis.data.config import CONFIG_ENV, ConfigError, config_dir, config_record
from analysis.data.disclosure import load_policy
from analysis.data.errors import DataValidationError
from analysis.data.io import format_issues, load_dataset
from analysis.data.paths import NOTEBOOKS_DIR, PROJECT_ROOT, REPORTS_DIR, resolve
from analysis.data.periods import format_period, period_index, shift_period
from analysis.data.pseudonym import SALT_FILE_ENV, default_salt_path
from analysis.data.results import RESULTS_SUBDIR, TABLES_SUBDIR
from analysis.data.sources import is_database_url, parse_url, resolve_data, shown_source
from analysis.hypotheses import SpecError, dataset_catalogue, load_spec
from analysis.hypotheses.run import EXAMPLE_SPEC
from analysis.report import outputs, slides
from analysis.report.audit import audit_report
from analysis.report.errors import NotebookFailed, ReportError
from analysis.report.execute import JobResult, NotebookJob, WorkerPool, remove_stale_kernel_dirs
from analysis.report.internal import write_internal_lists
from analysis.report.names import brief_file, language_tags, reports_folder
from analysis.report.params import check_parameters, notebook_parameters
from analysis.report.progress import Progress
from analysis.report.scrub import display_path, path_replacements, scrub_paths
from analysis.text import fmt
from analysis.text.lang import check_lang

ANALYSIS_NOTEBOOKS: tuple[str, ...] = (
    "00_data_quality",
    "10_training_outcomes",
    "20_coverage_participation",
    "30_budget",
    "40_service_link",
)
BRIEF_NOTEBOOK = "90_brief"
#: The hypothesis page: runs with the analysis notebooks when a hypothesis file is given.
HYPOTHESES_NOTEBOOK = "60_hypotheses"
DATA_QUALITY_NOTEBOOK = "00_data_quality"
OUTPUTS_SUBDIR = "outputs"
EXECUTED_SUBDIR = "executed"
AGENCY_SUBDIR = "opd"
_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True)
class ReportRequest:
    """What to build. Mirrors ``kompetensi report``'s options.

    ``loader`` (default :func:`analysis.data.io.load_dataset`) and ``renderer`` (a module
    name, default ``analysis.report.render``) can be replaced, e.g. in tests.
    """

    data: Path | str  # a data folder or workbook, or a database URL (text)
    period: str = "latest"
    lang: str = "id"
    agency: str | None = None
    out: Path = REPORTS_DIR
    jobs: int | None = None
    timeout: float = 600.0
    notebooks_dir: Path = NOTEBOOKS_DIR
    cache_dir: Path | None = None
    analysis_notebooks: tuple[str, ...] = ANALYSIS_NOTEBOOKS
    brief_notebook: str = BRIEF_NOTEBOOK
    renderer: str = "analysis.report.render"
    loader: Callable[..., Any] | None = None
    warm_kernels: bool = True
    hypotheses: Path | None = None  # hypothesis file: adds 60_hypotheses (the CLI's default is the shipped one)
    use_cache: bool = True  # False: no validated-data cache (``--no-cache``)
    allow_findings: bool = False  # publish even when the privacy audit finds something (recorded)
    internal: bool = False  # also write per-employee lists to <out>/internal/<period>/ (``--internal``)


@dataclass(frozen=True)
class ReportOutcome:
    """A published report: where, for which period, and how long each step took."""

    period: str
    path: Path
    seconds: float
    steps: tuple[dict[str, Any], ...]
    agencies: tuple[str, ...] = ()
    files: tuple[str, ...] = field(default_factory=tuple)


# ---------------------------------------------------------------------------- helpers


def _default_loader() -> Callable[..., Any]:
    return load_dataset


def _notebook_path(folder: Path, stem: str) -> Path:
    return folder / f"{stem}.ipynb"


#: Page titles of the analysis notebooks when a notebook has no usable ``# heading``.
DEFAULT_TITLES: dict[str, dict[str, str]] = {
    "00_data_quality": {"id": "Kualitas data", "en": "Data quality"},
    "10_training_outcomes": {"id": "Hasil pelatihan", "en": "Training outcomes"},
    "20_coverage_participation": {"id": "Cakupan 20 JP dan partisipasi", "en": "20-JP coverage and participation"},
    "30_budget": {"id": "Anggaran pengembangan kompetensi", "en": "Competency-development budget"},
    "40_service_link": {"id": "Kompetensi dan layanan publik", "en": "Competency and public service"},
    "60_hypotheses": {"id": "Uji hipotesis", "en": "Hypothesis tests"},
}


def _title_of(path: Path, lang: str) -> str:
    """The page title: the first ``# heading`` of a markdown cell the report shows, else a default.

    Cells tagged ``remove-cell`` (analyst's notes) or for another language (``lang-en`` on an
    Indonesian page) are skipped; an untagged bilingual heading ``Bahasa Indonesia / English``
    gives the part in ``lang``.
    """
    import nbformat

    nb = nbformat.read(path, as_version=4)
    skip = {"remove-cell", *language_tags(check_lang(lang))}
    for cell in nb.cells:
        if cell.cell_type != "markdown" or skip & set(cell.metadata.get("tags") or []):
            continue
        for line in cell.source.splitlines():
            if line.startswith("# "):
                title = line[2:].strip()
                if " / " in title:
                    parts = [t.strip() for t in title.split(" / ", 1)]
                    title = parts[0] if lang == "id" else parts[1]
                return title
    default = DEFAULT_TITLES.get(path.stem)
    return default[lang] if default else path.stem


def agency_file_name(agency: str) -> str:
    """A file-system-safe name for an agency id (``/`` and spaces become ``_``)."""
    return _SAFE_NAME.sub("_", str(agency)).strip("._") or "agency"


def _agencies(dataset: Any) -> list[str]:
    units = dataset.units
    own = units[units["unit_id"] == units["agency_id"]]["agency_id"]
    return sorted(str(a) for a in own.dropna().unique())


def _agency_names(dataset: Any, agencies: list[str]) -> dict[str, str]:
    """agency_id -> the agency's name (its own row of ``units``), for ``opd/index.html``."""
    units = dataset.units
    own = units[units["unit_id"] == units["agency_id"]].set_index("agency_id")["unit_name"]
    return {a: str(own.get(a, a)) for a in agencies}


@contextlib.contextmanager
def _sigterm_as_interrupt() -> Iterator[None]:
    """SIGTERM raises KeyboardInterrupt in the main thread (so ``finally`` blocks run)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum: int, frame: object) -> None:
        raise KeyboardInterrupt(f"signal {signum}")

    previous = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@contextlib.contextmanager
def _signals_blocked() -> Iterator[None]:
    """Hold SIGINT/SIGTERM for the two renames that publish a report."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "pthread_sigmask"):
        yield
        return
    mask = {signal.SIGINT, signal.SIGTERM}
    old = signal.pthread_sigmask(signal.SIG_BLOCK, mask)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


@contextlib.contextmanager
def _lock(out: Path) -> Iterator[None]:
    """One run at a time per reports folder (an advisory ``flock``)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    path = out / ".kompetensi-report.lock"
    with open(path, "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise ReportError(f"another `kompetensi report` is writing to {out}; wait for it to finish") from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _remove_stale(out: Path, period: str) -> None:
    """Leftovers of runs that were killed hard (``kill -9``): build and aside folders."""
    for path in out.glob(f".{period}.*"):
        if path.is_dir() and (".tmp-" in path.name or ".old-" in path.name):
            shutil.rmtree(path, ignore_errors=True)


def publish(build: Path, target: Path) -> None:
    """Move ``build`` into place as ``target``: old aside, new in, old deleted.

    The two renames run with SIGINT/SIGTERM held, and a failed second rename puts
    the old folder back, so ``target`` is always either the old or the new report.
    """
    aside = target.with_name(f".{target.name}.old-{secrets.token_hex(4)}")
    with _signals_blocked():
        moved = False
        if target.exists():
            target.rename(aside)
            moved = True
        try:
            build.rename(target)
        except BaseException:
            if moved:
                aside.rename(target)
            raise
    if moved:
        shutil.rmtree(aside, ignore_errors=True)


def _remove_tree(path: Path, patience: float = 10.0) -> None:
    """Delete a build folder, retrying while a stopped kernel may still be writing into it.

    A kernel notices within about a second that its worker was stopped; until then
    it can create files, and a single ``rmtree`` would leave the folder behind.
    """
    deadline = time.perf_counter() + patience
    while True:
        shutil.rmtree(path, ignore_errors=True)
        if not path.exists() or time.perf_counter() > deadline:
            return
        time.sleep(0.3)


def _keep_failed(build: Path, out: Path, period: str) -> Path:
    failed = out / f"{period}.failed"
    if failed.exists():
        shutil.rmtree(failed, ignore_errors=True)
    build.rename(failed)
    return failed


def _relocate(error: ReportError, build: Path, kept: Path) -> ReportError:
    if isinstance(error, NotebookFailed) and error.executed_path:
        path = Path(error.executed_path)
        try:
            rel = path.resolve().relative_to(build.resolve())
        except ValueError:
            return error
        return error.with_executed_path(str(kept / rel))
    return error


# ---------------------------------------------------------------------------- the run


class _Run:
    """State of one build (kept off the request so the request stays a plain value)."""

    def __init__(self, request: ReportRequest, progress: Progress) -> None:
        self.req = request
        self.progress = progress
        self.steps: list[dict[str, Any]] = []
        self.started_at = datetime.now(UTC)
        self.t0 = time.perf_counter()

    def step(self, name: str, seconds: float, **extra: Any) -> None:
        self.steps.append({"step": name, "seconds": round(seconds, 3), **extra})


def _parameters(
    req: ReportRequest,
    *,
    data_dir: Path,
    period: str,
    agency: str,
    output_dir: str,
    cache_dir: Path | None,
) -> dict[str, Any]:
    return {
        "data_dir": str(data_dir),
        "period": period,
        "lang": req.lang,
        "agency": agency,
        "output_dir": output_dir,
        "cache_dir": None if cache_dir is None else str(cache_dir),
    }


@dataclass(frozen=True)
class _Plan:
    """What a run will do, resolved and checked before anything starts."""

    req: ReportRequest
    data_dir: Path | str  # resolved folder or file, or the database URL
    out: Path
    cache_dir: Path | None
    nb_dir: Path
    analysis_stems: tuple[str, ...]
    stems: tuple[str, ...]
    declared: dict[str, Any]
    jobs: int
    spec: Path | None = None

    def params_for(self, stem: str, *, period: str, agency: str, output_dir: str, previous: str | None) -> dict[str, Any]:
        """The parameters of one notebook, checked against its ``parameters`` cell."""
        values = _parameters(
            self.req, data_dir=self.data_dir, period=period, agency=agency, output_dir=output_dir, cache_dir=self.cache_dir
        )
        if stem == DATA_QUALITY_NOTEBOOK:
            values["previous_manifest"] = previous
        if stem == HYPOTHESES_NOTEBOOK:
            values["spec"] = str(self.spec)
        return check_parameters(self.declared[stem], values, label=f"{stem}.ipynb")


@dataclass(frozen=True)
class _Loaded:
    """The validated dataset and what it decides: the period, the agencies, the previous manifest."""

    dataset: Any
    period: str
    agencies: list[str]


@dataclass(frozen=True)
class _Jobs:
    analysis: list[NotebookJob]
    briefs: list[NotebookJob]
    previous_manifest: str | None


#: Free space a run needs in the reports folder before it starts (a city report is ~20 MiB).
MIN_FREE_BYTES = 100 << 20


def check_output_folder(out: Path, min_free: int = MIN_FREE_BYTES) -> None:
    """Fail early, before any kernel starts, when ``out`` cannot take a report.

    The folder is created if needed and a small probe file written and removed;
    at least ``min_free`` bytes must be free.

    Raises
    ------
    ReportError
        ``cannot write to DIR: ...; choose another --out``.
    """
    try:
        out.mkdir(parents=True, exist_ok=True)
        probe = out / f".kompetensi-write-test-{secrets.token_hex(4)}"
        try:
            with open(probe, "wb") as handle:
                handle.write(bytes(64 << 10))
        finally:
            with contextlib.suppress(OSError):
                probe.unlink()
        free = shutil.disk_usage(out).free
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise ReportError(f"cannot write to {out}: {reason}; choose another --out") from None
    if free < min_free:
        raise ReportError(
            f"cannot write to {out}: only {free / 2**20:,.0f} MiB free, a report needs about "
            f"{min_free / 2**20:,.0f} MiB; choose another --out (or free some space)"
        )


def recover_interrupted_publish(out: Path) -> list[str]:
    """Put back a report that a run killed between :func:`publish`'s two renames left aside.

    Such a run leaves ``.<period>.old-<hex>`` (the last good report) and no
    ``<period>``; the aside folder is renamed back before anything is deleted.
    Returns the periods restored.
    """
    restored: list[str] = []
    asides = sorted(out.glob(".*.old-*"), key=lambda p: p.stat().st_mtime, reverse=True)
    for aside in asides:
        period = aside.name[1:].rsplit(".old-", 1)[0]
        target = out / period
        if aside.is_dir() and period and not target.exists():
            aside.rename(target)
            restored.append(period)
    return restored


def _plan(req: ReportRequest) -> _Plan:
    """Step 1: paths, notebooks and every notebook's parameters, checked before anything starts."""
    if req.lang not in ("id", "en"):
        raise ReportError(f"lang must be 'id' or 'en', got {req.lang!r}")
    data_dir = _data_source(req.data)
    nb_dir = Path(req.notebooks_dir).resolve()
    spec = Path(req.hypotheses).resolve() if req.hypotheses is not None else None
    if spec is not None and not spec.is_file():
        raise ReportError(f"hypothesis file {req.hypotheses} not found")
    analysis_stems = (*req.analysis_notebooks, *([HYPOTHESES_NOTEBOOK] if spec is not None else []))
    stems = (*analysis_stems, req.brief_notebook)
    missing = [s for s in stems if not _notebook_path(nb_dir, s).is_file()]
    if missing:
        raise ReportError(f"notebooks not found in {nb_dir}: {', '.join(f'{s}.ipynb' for s in missing)}")
    plan = _Plan(
        req=req,
        data_dir=data_dir,
        out=reports_folder(Path(req.out).resolve(), req.lang),
        cache_dir=_cache_dir(req),
        nb_dir=nb_dir,
        analysis_stems=analysis_stems,
        stems=stems,
        declared={s: notebook_parameters(_notebook_path(nb_dir, s)) for s in stems},
        jobs=req.jobs or os.cpu_count() or 1,
        spec=spec,
    )
    _check_config()
    provisional_period = req.period if req.period != "latest" else "2000Q1"
    for stem in stems:
        plan.params_for(stem, period=provisional_period, agency="all", output_dir=f"{OUTPUTS_SUBDIR}/{stem}", previous=None)
    if req.agency not in (None, "all"):
        plan.params_for(req.brief_notebook, period=provisional_period, agency=str(req.agency), output_dir="x", previous=None)
    if req.period != "latest":
        try:
            format_period(req.period)
        except ValueError as exc:
            raise ReportError(f"period {req.period!r}: {exc}") from None
    return plan


def _check_config() -> None:
    """Step 1: the city's configuration (``--config``) read and checked before any kernel starts;
    every unknown key or wrong value is listed with its file and line."""
    folder = config_dir()
    if folder is not None and not folder.is_dir():
        raise ReportError(f"configuration folder {folder} not found")
    try:
        load_targets()
        load_mix_policy()
        load_policy()
    except ConfigError as exc:
        raise ReportError(f"the configuration has problems:\n{exc}") from None
    except ValueError as exc:
        raise ReportError(f"the configuration has a problem: {exc}") from None


def _start_workers(plan: _Plan, progress: Progress) -> WorkerPool:
    """Step 2a: worker processes start their kernels (while the data load)."""
    n_workers = max(1, plan.jobs)
    if plan.req.agency != "all":  # otherwise there is nothing for more workers to do
        n_workers = min(n_workers, max(len(plan.analysis_stems), 1))
    pool = WorkerPool(n_workers, cwd=plan.out, renderer=plan.req.renderer, warm=plan.req.warm_kernels)
    progress.line(f"starting {n_workers} kernel{'s' if n_workers > 1 else ''}; loading {plan.data_dir}")
    return pool


def _load(plan: _Plan, run: _Run) -> _Loaded:
    """Step 2b: load and validate the dataset once; resolve the period and the agencies."""
    loader = plan.req.loader or _default_loader()
    t_load = time.perf_counter()
    dataset = loader(plan.data_dir, cache_dir=plan.cache_dir)
    if plan.cache_dir is not None:
        prune_cache(plan.cache_dir)
    run.step("load_dataset", time.perf_counter() - t_load)
    period = _resolve_period(plan.req.period, dataset)
    agencies = _agency_list(plan.req.agency, dataset)
    if plan.spec is not None:
        _check_hypotheses(plan.spec, dataset, plan.req.lang)
    run.progress.line(
        f"data valid ({time.perf_counter() - t_load:.1f}s); period {period}"
        + (f"; {len(agencies)} agency brief{'s' if len(agencies) != 1 else ''}" if agencies else "")
    )
    return _Loaded(dataset, period, agencies)


def _analysis_jobs(plan: _Plan, period: str, build: Path, previous_manifest: str | None) -> list[NotebookJob]:
    """The analysis notebooks' jobs, longest first."""
    req, out = plan.req, plan.out
    titles = {s: _title_of(_notebook_path(plan.nb_dir, s), req.lang) for s in plan.analysis_stems}
    jobs = [
        NotebookJob(
            key=stem,
            notebook=_notebook_path(plan.nb_dir, stem),
            parameters=plan.params_for(
                stem, period=period, agency="all", output_dir=str(build / OUTPUTS_SUBDIR / stem), previous=previous_manifest
            ),
            executed_path=build / EXECUTED_SUBDIR / f"{stem}.ipynb",
            cwd=build,
            path_alias=(str(build), str(out / period)),
            timeout=req.timeout,
            title=titles[stem],
            lang=req.lang,
            html_path=build / f"{stem}.html",
        )
        for stem in plan.analysis_stems
    ]
    previous = out / _previous_period(period) / outputs.MANIFEST_FILE
    return _longest_first(jobs, [out / period / outputs.MANIFEST_FILE, previous])


def _brief_jobs(plan: _Plan, loaded: _Loaded, build: Path) -> list[NotebookJob]:
    """The city brief's job, then one per agency.

    An agency's brief also gets the city brief's results and key tables (copied into its
    folder before it runs), so it reads the city's headline numbers and trend instead of
    recomputing them (:func:`analysis.brief.codes.city_from_results`,
    :func:`analysis.brief.numbers.city_trend_from_tables`); :func:`_run_notebooks` runs
    the city brief first.
    """
    req, period = plan.req, loaded.period
    results_dirs = tuple(build / OUTPUTS_SUBDIR / s / RESULTS_SUBDIR for s in plan.analysis_stems)
    city_brief = build / OUTPUTS_SUBDIR / req.brief_notebook
    from_city = ((city_brief / RESULTS_SUBDIR, RESULTS_SUBDIR), (city_brief / TABLES_SUBDIR, CITY_TABLES_DIR))
    brief_path = _notebook_path(plan.nb_dir, req.brief_notebook)
    common = dict(notebook=brief_path, cwd=build, path_alias=(str(build), str(plan.out / period)), timeout=req.timeout, lang=req.lang)
    jobs = [
        NotebookJob(
            key=req.brief_notebook,
            parameters=plan.params_for(
                req.brief_notebook, period=period, agency="all",
                output_dir=str(build / OUTPUTS_SUBDIR / req.brief_notebook), previous=None,
            ),
            executed_path=build / EXECUTED_SUBDIR / f"{req.brief_notebook}.ipynb",
            pdf_path=build / brief_file(period, req.lang),
            prepare=tuple((d, city_brief / RESULTS_SUBDIR) for d in results_dirs),
            **common,  # type: ignore[arg-type]
        )
    ]
    for agency in loaded.agencies:
        name = agency_file_name(agency)
        rel = str(build / OUTPUTS_SUBDIR / AGENCY_SUBDIR / name)
        jobs.append(
            NotebookJob(
                key=f"{AGENCY_SUBDIR}/{agency}",
                label=f"{req.brief_notebook}.ipynb (agency {agency})",
                parameters=plan.params_for(req.brief_notebook, period=period, agency=agency, output_dir=rel, previous=None),
                executed_path=build / EXECUTED_SUBDIR / AGENCY_SUBDIR / f"{name}.ipynb",
                pdf_path=build / AGENCY_SUBDIR / f"{name}.pdf",
                prepare=(*((d, Path(rel) / RESULTS_SUBDIR) for d in results_dirs),
                         *((src, Path(rel) / dst) for src, dst in from_city)),
                **common,  # type: ignore[arg-type]
            )
        )
    return jobs


def _make_jobs(plan: _Plan, loaded: _Loaded, build: Path) -> _Jobs:
    """Final parameters (the period is known now) for every notebook of the run."""
    previous = plan.out / _previous_period(loaded.period) / outputs.MANIFEST_FILE
    previous_manifest = str(previous) if previous.exists() else None
    return _Jobs(
        _analysis_jobs(plan, loaded.period, build, previous_manifest),
        _brief_jobs(plan, loaded, build),
        previous_manifest,
    )


def _run_notebooks(pool: WorkerPool, jobs: _Jobs, run: _Run, agencies: list[str]) -> None:
    """Steps 3 and 4: the analysis notebooks, then the brief and the agencies' briefs."""
    progress = run.progress

    def on_start(worker: int, key: str) -> None:
        if not key.startswith(f"{AGENCY_SUBDIR}/"):
            progress.line(f"{key}: running (worker {worker})")

    def on_done(result: JobResult) -> None:
        run.step(
            f"notebook:{result.key}",
            result.execute_seconds + result.export_seconds,
            execute_seconds=round(result.execute_seconds, 3),
            export_seconds=round(result.export_seconds, 3),
            worker=result.worker,
            ok=result.ok,
        )
        if result.key.startswith(f"{AGENCY_SUBDIR}/"):
            progress.advance(result.key.split("/", 1)[1])
        elif result.ok:
            progress.line(f"{result.key}: done in {result.execute_seconds:.1f}s + export {result.export_seconds:.1f}s")

    pool.run(jobs.analysis, on_start=on_start, on_done=on_done)
    city, *per_agency = jobs.briefs
    pool.run([city], on_start=on_start, on_done=on_done)  # the agencies' briefs read what it recorded
    if agencies:
        progress.start_bar(len(agencies), "agency briefs")
    t_briefs = time.perf_counter()
    try:
        pool.run(per_agency, on_start=on_start, on_done=on_done)
    finally:
        progress.close_bar()
    if agencies:
        spent = time.perf_counter() - t_briefs
        run.step("agency_briefs", spent, count=len(agencies), per_brief=round(spent / len(agencies), 3))


def _write_outputs(plan: _Plan, loaded: _Loaded, jobs: _Jobs, build: Path, run: _Run) -> dict[str, Any]:
    """Step 5: figures, tables.xlsx, results.json and manifest.json in the build folder, then
    the machine's paths rewritten relative to the project; returns the manifest."""
    req, period, agencies = plan.req, loaded.period, loaded.agencies
    policy = load_policy()
    t = time.perf_counter()
    city_dirs = {s: build / OUTPUTS_SUBDIR / s for s in plan.stems}
    outputs.collect_figures(city_dirs, build / "figures")
    inputs = outputs.input_files(loaded.dataset, plan.data_dir)
    shown_data = _shown_data(plan.data_dir)
    outputs.write_tables_workbook(
        outputs.key_tables(city_dirs),
        build / outputs.TABLES_FILE,
        period_label=fmt.period_label(period, req.lang),
        lang=req.lang,
        sources=inputs,
        generated=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        policy=policy,
    )
    numbers = outputs.merge_results(city_dirs)
    for agency in agencies:
        rel = build / OUTPUTS_SUBDIR / AGENCY_SUBDIR / agency_file_name(agency)
        numbers += outputs.merge_results({req.brief_notebook: rel}, scope=agency,
                                         copied=(*plan.analysis_stems, req.brief_notebook))
    outputs.write_json(build / outputs.RESULTS_FILE, outputs.results_payload(period, numbers, lang=req.lang))
    run.step("outputs", time.perf_counter() - t)
    _write_slides(run, build, period, agencies)
    if agencies:
        outputs.write_agency_index(build / AGENCY_SUBDIR, period, _agency_names(loaded.dataset, agencies),
                                   agency_file_name, req.lang, _renderer(req.renderer))
    all_jobs = [*jobs.analysis, *jobs.briefs]
    manifest = outputs.build_manifest(
        period=period,
        data_dir=shown_data,
        inputs=inputs,
        parameters={
            "period": period,
            "period_requested": req.period,
            "lang": req.lang,
            "agency": req.agency,
            "agencies": agencies,
            "jobs": plan.jobs,
            "timeout": req.timeout,
            "cache_dir": _shown(plan.cache_dir),
            "previous_manifest": _shown(jobs.previous_manifest),
            "hypotheses": _shown(plan.spec),
        },
        notebooks={
            s: {
                "path": _shown(_notebook_path(plan.nb_dir, s)),
                "sha256": outputs.sha256_file(_notebook_path(plan.nb_dir, s)),
                "parameters": {
                    k: (_shown(v) if isinstance(v, str) and os.path.isabs(v) else v)
                    for k, v in _relative_to_report(next((j.parameters for j in all_jobs if j.key == s), {}), build).items()
                },
            }
            for s in plan.stems
        },
        steps=run.steps,
        started_at=run.started_at,
        finished_at=datetime.now(UTC),
        project_root=PROJECT_ROOT,
        extra={"disclosure": {**policy.as_record(), "audit": "passed", "allow_findings": req.allow_findings},
               "config": {"dir": _shown(config_dir()), "files": config_record()}},
    )
    outputs.write_json(build / outputs.MANIFEST_FILE, manifest)
    out = plan.out
    replacements = path_replacements(
        {build: ".", out / period: ".", out: _shown(out) or out.name, **_data_replacements(plan.data_dir, shown_data),
         plan.nb_dir: _shown(plan.nb_dir) or "notebooks",
         **({plan.cache_dir: "[cache]"} if plan.cache_dir is not None else {}),
         **({plan.spec: _shown(plan.spec) or plan.spec.name} if plan.spec is not None else {}), **_salt_paths()},
        PROJECT_ROOT,
    )
    scrub_paths(build, replacements)
    return manifest


def _audit(build: Path, manifest: dict[str, Any], req: ReportRequest, run: _Run) -> None:
    """Step 6: the privacy audit of the build; a finding stops the run unless allowed (then recorded)."""
    t = time.perf_counter()
    findings = audit_report(build, load_policy())
    run.step("audit", time.perf_counter() - t, findings=len(findings))
    if not findings:
        return
    for finding in findings:
        run.progress.line(f"audit: {finding}")
    if not req.allow_findings:
        raise AuditFailed(findings)
    manifest["disclosure"] = {**manifest["disclosure"], "audit": "findings allowed",
                              "findings": [str(f) for f in findings]}
    outputs.write_json(build / outputs.MANIFEST_FILE, manifest)


def _data_source(data: Path | str) -> Path | str:
    """``--data``: a database URL (checked: no password, known dialect, SQLite file present),
    else an existing folder or workbook, resolved."""
    if is_database_url(data):
        try:
            url = str(resolve_data(data))
            parse_url(url)
        except ValueError as exc:
            raise ReportError(str(exc)) from None
        return url
    path = Path(data).resolve()
    if not path.exists():
        raise ReportError(f"data folder {data} not found")
    return path


def _shown_data(data: Path | str) -> str:
    """The data source as the manifest records it: a path relative to the project, or the
    database URL without password (a SQLite file's path shown the same way)."""
    if isinstance(data, str):
        return shown_source(data, lambda p: _shown(p.resolve()) or p.name)
    return _shown(data) or data.name


def _data_replacements(data: Path | str, shown: str) -> dict[str | Path, str]:
    """Texts of the data source to rewrite in the build: the folder, or the URL and its SQLite file."""
    if isinstance(data, Path):
        return {data: shown}
    found: dict[str | Path, str] = {data: shown}
    db = parse_url(data)
    if db.path is not None:
        found[db.path.resolve()] = _shown(db.path.resolve()) or db.path.name
    return found


def _write_internal(plan: _Plan, loaded: _Loaded, build: Path, manifest: dict[str, Any], run: _Run) -> None:
    """``--internal``: the per-employee lists in ``<out>/internal/<period>/``, outside the report
    (:mod:`analysis.report.internal`); the manifest records the folder and row counts only."""
    t = time.perf_counter()
    record = write_internal_lists(loaded.dataset, loaded.period, plan.out, plan.req.lang)
    manifest["internal"] = record
    outputs.write_json(build / outputs.MANIFEST_FILE, manifest)
    run.step("internal", time.perf_counter() - t, rows=sum(record["rows"].values()))
    run.progress.line(f"internal lists (personal data, must not leave the team): {plan.out / record['folder']}")


def _shown(path: object) -> str | None:
    """A path as the manifest records it: relative to the project, never the machine's."""
    return display_path(path, PROJECT_ROOT) if path is not None else None


def _cache_dir(req: ReportRequest) -> Path | None:
    """The validated-data cache: ``--cache-dir``, else the user's cache folder; ``None`` with ``--no-cache``."""
    if not req.use_cache:
        return None
    return Path(req.cache_dir).expanduser().resolve() if req.cache_dir is not None else default_cache_dir()


class AuditFailed(ReportError):
    """The privacy audit found personal data or small cells in the build (not published)."""

    def __init__(self, findings: list[Any]) -> None:
        self.findings = findings
        lines = "\n".join(f"  {f}" for f in findings[:50])
        more = f"\n  ... and {len(findings) - 50} more" if len(findings) > 50 else ""
        super().__init__(f"the privacy audit found {len(findings)} problem(s); the report was not published "
                         f"(--allow-findings publishes it and records them):\n{lines}{more}")


def _salt_paths() -> dict[str, str]:
    """Where the pseudonymisation salt may live, to be shown as ``[salt file]`` (its
    fingerprint is in the cache key and never its location)."""
    paths = {str(default_salt_path()): "[salt file]"}
    if os.environ.get(SALT_FILE_ENV):
        paths[os.environ[SALT_FILE_ENV]] = "[salt file]"
    return paths


def _write_slides(run: _Run, build: Path, period: str, agencies: list[str]) -> None:
    """The slide decks from the briefs' recorded content: ``slides-<period>.pptx`` (and
    ``brief.json``), ``opd/<agency>-slides.pptx`` (:func:`analysis.report.slides.write_decks`)."""
    t = time.perf_counter()
    sources = {"city": build / OUTPUTS_SUBDIR / run.req.brief_notebook}
    sources.update({a: build / OUTPUTS_SUBDIR / AGENCY_SUBDIR / agency_file_name(a) for a in agencies})
    decks = slides.write_decks(build, period, sources, agency_file_name)
    run.step("slides", time.perf_counter() - t, decks=len(decks), slides=sum(d.slides for d in decks))


def _after_publish(plan: _Plan, loaded: _Loaded, run: _Run, target: Path) -> ReportOutcome:
    """Step 6 (after the renames): the stale failure folder, the index, the outcome."""
    stale_failure = plan.out / f"{loaded.period}.failed"
    if stale_failure.exists():
        shutil.rmtree(stale_failure, ignore_errors=True)
    try:
        outputs.write_index(plan.out, plan.req.lang, _renderer(plan.req.renderer))
        root = Path(plan.req.out).resolve()
        if root != plan.out:  # reports/index.html (Indonesian) links the English reports too
            outputs.write_index(root, "id", _renderer(plan.req.renderer))
    except Exception as exc:  # the report is published; the index is a convenience
        run.progress.line(f"warning: reports/index.html not updated: {type(exc).__name__}: {exc}")
    seconds = time.perf_counter() - run.t0
    run.progress.line(f"report {loaded.period} ready in {seconds:.1f}s: {target}")
    files = tuple(sorted(str(p.relative_to(target)) for p in target.rglob("*") if p.is_file()))
    return ReportOutcome(loaded.period, target, seconds, tuple(run.steps), tuple(loaded.agencies), files)


def build_report(request: ReportRequest, progress: Progress | None = None) -> ReportOutcome:
    """Build ``<out>/<period>/`` (see the module docstring); return what was published.

    Raises
    ------
    ParameterError
        Before any kernel starts, when a notebook's parameters do not match.
    analysis.data.errors.DataValidationError
        When the data break the contract (before any notebook runs).
    NotebookFailed
        Naming the notebook, cell and error; the build is kept in ``<period>.failed/``.
    ReportError
        Any other reason the run stopped (e.g. ``cannot write to DIR``); the previous
        report is untouched.
    """
    run = _Run(request, progress or Progress(enabled=False))
    plan = _plan(request)
    check_output_folder(plan.out)
    build: Path | None = None
    pool: WorkerPool | None = None
    loaded: _Loaded | None = None
    with _sigterm_as_interrupt(), _lock(plan.out):
        recover_interrupted_publish(plan.out)  # before anything is deleted
        remove_stale_kernel_dirs()  # sockets of a run killed with SIGKILL
        try:
            pool = _start_workers(plan, run.progress)  # 2. kernels start while the dataset loads
            loaded = _load(plan, run)
            _remove_stale(plan.out, loaded.period)
            build = plan.out / f".{loaded.period}.tmp-{secrets.token_hex(4)}"
            build.mkdir()
            jobs = _make_jobs(plan, loaded, build)
            run.step("kernels_ready", pool.wait_ready(timeout=180), workers=pool.n)
            _run_notebooks(pool, jobs, run, loaded.agencies)  # 3. and 4.
            pool.request_stop()  # kernels shut down while the outputs are written
            manifest = _write_outputs(plan, loaded, jobs, build, run)  # 5.
            _audit(build, manifest, plan.req, run)  # 6.
            if plan.req.internal:
                _write_internal(plan, loaded, build, manifest, run)
            target = plan.out / loaded.period
            publish(build, target)  # 7.
            build = None
            pool.close()
            pool = None
            return _after_publish(plan, loaded, run, target)
        except ReportError as exc:
            if pool is not None:
                pool.terminate()
                pool = None
            if build is not None and build.exists() and isinstance(exc, NotebookFailed | AuditFailed) and loaded is not None:
                kept = _keep_failed(build, plan.out, loaded.period)
                exc = _relocate(exc, build, kept)
                build = None
                raise exc from None
            raise
        finally:
            if pool is not None:
                pool.terminate()
            if build is not None and build.exists():
                _remove_tree(build)


#: Typical seconds of the analysis notebooks on the city sample (bench_report, 2 CPUs),
#: used to schedule a first run before any manifest has recorded real times.
TYPICAL_SECONDS: dict[str, float] = {
    "20_coverage_participation": 10.0,
    "10_training_outcomes": 8.0,
    "40_service_link": 5.0,
    "30_budget": 4.0,
    "00_data_quality": 2.0,
    "60_hypotheses": 15.0,
}


def _longest_first(jobs: list[NotebookJob], manifests: list[Path]) -> list[NotebookJob]:
    """Jobs ordered by their time in the last report (longest first), so the workers finish together.

    The times come from the first readable manifest (this period's previous run,
    else the previous period's), else from :data:`TYPICAL_SECONDS`. Notebooks
    without a known time go first (they may be long).
    """
    import json

    for path in manifests:
        try:
            steps = json.loads(path.read_text(encoding="utf-8")).get("steps", [])
        except (OSError, ValueError):
            continue
        seconds = {
            str(s["step"]).removeprefix("notebook:"): float(s.get("seconds") or 0)
            for s in steps
            if str(s.get("step", "")).startswith("notebook:")
        }
        if seconds:
            return sorted(jobs, key=lambda j: -seconds.get(j.key, float("inf")))
    if any(j.key in TYPICAL_SECONDS for j in jobs):
        return sorted(jobs, key=lambda j: -TYPICAL_SECONDS.get(j.key, float("inf")))
    return jobs


def _relative_to_report(values: dict[str, Any], build: Path) -> dict[str, Any]:
    """Parameters as recorded in the manifest: paths inside the build shown relative to the report."""
    prefix = str(build) + os.sep
    return {k: (v[len(prefix):] if isinstance(v, str) and v.startswith(prefix) else v) for k, v in values.items()}


def _renderer(name: str) -> Any:
    import importlib

    return importlib.import_module(name)


def _previous_period(period: str) -> str:
    return shift_period(period, -1)


def _resolve_period(requested: str, dataset: Any) -> str:
    if requested == "latest":
        return format_period(dataset.latest_period)
    period = format_period(requested)
    periods = list(dataset.periods)
    if periods and not (period_index(periods[0]) <= period_index(period) <= period_index(periods[-1])):
        raise ReportError(f"period {period} is outside the data, which cover {periods[0]}..{periods[-1]}")
    return period


def _check_hypotheses(spec: Path, dataset: Any, lang: str) -> None:
    """Stop before any notebook runs when the hypothesis file has a problem (all listed, with lines)."""
    try:
        load_spec(spec, dataset_catalogue(dataset))
    except SpecError as exc:
        raise ReportError(exc.report("id" if lang == "id" else "en")) from None


def _agency_list(requested: str | None, dataset: Any) -> list[str]:
    if requested is None:
        return []
    known = _agencies(dataset)
    if requested == "all":
        return known
    if requested not in known:
        shown = ", ".join(known[:20]) + (" ..." if len(known) > 20 else "")
        raise ReportError(f"unknown agency {requested!r}; the data's agencies are: {shown}")
    return [requested]


# ---------------------------------------------------------------------------- CLI


def _hypotheses_arg(value: str | None) -> Path | None:
    """``--hypotheses``: the shipped example by default, ``none`` for no hypothesis page."""
    if value is not None and value.strip().lower() in ("", "none"):
        return None
    if value is None:
        return EXAMPLE_SPEC
    return resolve(value)


def cli_report(args: Any) -> int:
    """``kompetensi report``: 0 published, 1 failed (previous report untouched), 130 interrupted."""
    progress = Progress()
    request = ReportRequest(
        data=args.data if is_database_url(args.data) else Path(args.data),
        period=args.period or "latest",
        lang=args.lang,
        agency=args.agency,
        out=Path(args.out),
        jobs=args.jobs,
        timeout=float(args.timeout),
        hypotheses=_hypotheses_arg(getattr(args, "hypotheses", None)),
        cache_dir=Path(args.cache_dir) if getattr(args, "cache_dir", None) else None,
        use_cache=not getattr(args, "no_cache", False),
        allow_findings=bool(getattr(args, "allow_findings", False)),
        internal=bool(getattr(args, "internal", False)),
    )
    if getattr(args, "config", None):  # the city's configuration, for this run and its notebooks
        os.environ[CONFIG_ENV] = str(Path(args.config).expanduser().resolve())
    try:
        outcome = build_report(request, progress)
    except DataValidationError as exc:
        table = format_issues(exc.issues, 40, request.lang)
        print(table, file=sys.stderr)
        print("kompetensi report: the data do not pass validation; no notebook was run", file=sys.stderr)
        return 1
    except ReportError as exc:
        print(f"kompetensi report: {exc}", file=sys.stderr)
        target = Path(args.out) / (args.period if args.period != "latest" else "<period>")
        print(f"kompetensi report: the previous report in {target} (if any) is unchanged", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nkompetensi report: interrupted; the previous report is unchanged", file=sys.stderr)
        return 130
    print(outcome.path)
    return 0


__all__ = [
    "ReportOutcome",
    "ReportRequest",
    "build_report",
    "check_output_folder",
    "cli_report",
    "publish",
    "recover_interrupted_publish",
]
