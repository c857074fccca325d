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
   their HTML pages are written from the saved notebooks while the city brief runs
   (step 4), by the worker that is free then. With a hypothesis file
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
left in the temporary folder (:func:`~analysis.report.kernel.remove_stale_kernel_dirs`); one killed between the two renames of step 6
leaves the last good report aside as ``.<period>.old-*``, and the next run puts it
back (:func:`recover_interrupted_publish`) before deleting any leftover. A failing notebook's build is kept as
``reports/<period>.failed/`` for diagnosis (its ``executed/`` notebook shows the
error); Ctrl-C or SIGTERM removes the build folder.

Modules of a run: :mod:`.request` (what to build, the outcome, the step log),
:mod:`.plan` (step 1 and loading the data), :mod:`.jobs` (the notebooks as jobs),
:mod:`.workers` and :mod:`.execute` (kernels running them), :mod:`.assemble` (steps 5
and 6), :mod:`.publish` (the reports folder: lock, publish, recovery); this module
runs the steps in order.

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

import os
import secrets
import sys
import time
from pathlib import Path
from typing import Any

from analysis.data.config import CONFIG_ENV
from analysis.data.errors import DataValidationError
from analysis.data.io import format_issues
from analysis.data.paths import resolve
from analysis.data.sources import is_database_url
from analysis.hypotheses.run import EXAMPLE_SPEC
from analysis.report.assemble import after_publish, audit, write_internal, write_outputs
from analysis.report.errors import AuditFailed, NotebookFailed, ReportError
from analysis.report.jobs import Jobs, agency_file_name, defer_exports, make_jobs
from analysis.report.kernel import remove_stale_kernel_dirs
from analysis.report.plan import Loaded, Plan, load, make_plan
from analysis.report.progress import Progress
from analysis.report.publish import (
    MIN_FREE_BYTES,
    check_output_folder,
    keep_failed,
    lock,
    publish,
    recover_interrupted_publish,
    relocate,
    remove_stale,
    remove_tree,
    sigterm_as_interrupt,
)
from analysis.report.request import (
    AGENCY_SUBDIR,
    ANALYSIS_NOTEBOOKS,
    BRIEF_NOTEBOOK,
    DATA_QUALITY_NOTEBOOK,
    HYPOTHESES_NOTEBOOK,
    ReportOutcome,
    ReportRequest,
    RunLog,
)
from analysis.report.workers import JobResult, WorkerPool


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
    run = RunLog(request, progress or Progress(enabled=False))
    plan = make_plan(request)
    check_output_folder(plan.out)
    build: Path | None = None
    pool: WorkerPool | None = None
    loaded: Loaded | None = None
    with sigterm_as_interrupt(), lock(plan.out):
        recover_interrupted_publish(plan.out)  # before anything is deleted
        remove_stale_kernel_dirs()  # sockets of a run killed with SIGKILL
        try:
            pool = _start_workers(plan, run.progress)  # 2. kernels start while the dataset loads
            loaded = load(plan, run)
            remove_stale(plan.out, loaded.period)
            build = plan.out / f".{loaded.period}.tmp-{secrets.token_hex(4)}"
            build.mkdir()
            jobs = make_jobs(plan, loaded, build)
            run.step("kernels_ready", pool.wait_ready(timeout=180), workers=pool.n)
            _run_notebooks(pool, jobs, run, loaded.agencies)  # 3. and 4.
            pool.request_stop()  # kernels shut down while the outputs are written
            manifest = write_outputs(plan, loaded, jobs, build, run)  # 5.
            audit(build, manifest, plan.req, run)  # 6.
            if plan.req.internal:
                write_internal(plan, loaded, build, manifest, run)
            target = plan.out / loaded.period
            publish(build, target)  # 7.
            build = None
            pool.close()
            pool = None
            return after_publish(plan, loaded, run, target)
        except ReportError as exc:
            if pool is not None:
                pool.terminate()
                pool = None
            if build is not None and build.exists() and isinstance(exc, NotebookFailed | AuditFailed) and loaded is not None:
                kept = keep_failed(build, plan.out, loaded.period)
                exc = relocate(exc, build, kept)
                build = None
                raise exc from None
            raise
        finally:
            if pool is not None:
                pool.terminate()
            if build is not None and build.exists():
                remove_tree(build)


def _start_workers(plan: Plan, progress: Progress) -> WorkerPool:
    """Step 2a: worker processes start their kernels (while the data load)."""
    n_workers = max(1, plan.jobs)
    if plan.req.agency != "all":  # otherwise there is nothing for more workers to do
        n_workers = min(n_workers, max(len(plan.analysis_stems), 1))
    pool = WorkerPool(n_workers, cwd=plan.out, renderer=plan.req.renderer, warm=plan.req.warm_kernels)
    progress.line(f"starting {n_workers} kernel{'s' if n_workers > 1 else ''}; loading {plan.data_dir}")
    return pool


def _run_notebooks(pool: WorkerPool, jobs: Jobs, run: RunLog, agencies: list[str]) -> None:
    """Steps 3 and 4: the analysis notebooks, then the brief (while the analysis pages are
    written, :func:`analysis.report.jobs.defer_exports`) and the agencies' briefs.

    A notebook's step in the manifest has its execution and its page's export seconds.
    """
    progress = run.progress
    recorded: dict[str, dict[str, Any]] = {}  # executed notebooks' steps, completed by their export

    def on_start(worker: int, key: str) -> None:
        if not key.startswith(f"{AGENCY_SUBDIR}/") and key not in recorded:
            progress.line(f"{key}: running (worker {worker})")

    def on_done(result: JobResult) -> None:
        step = recorded.get(result.key)
        if step is not None:  # the page of a notebook executed earlier
            step["export_seconds"] = round(result.export_seconds, 3)
            step["seconds"] = round(step["execute_seconds"] + result.export_seconds, 3)
            step["ok"] = result.ok
            return
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
            export = f" + export {result.export_seconds:.1f}s" if result.export_seconds else ""
            progress.line(f"{result.key}: done in {result.execute_seconds:.1f}s{export}")

    executions, exports = defer_exports(jobs.analysis)
    pool.run(executions, on_start=on_start, on_done=on_done)
    recorded.update({s["step"].removeprefix("notebook:"): s for s in run.steps if s["step"].startswith("notebook:")})
    city, *per_agency = jobs.briefs
    pool.run([city, *exports], on_start=on_start, on_done=on_done)  # the agencies' briefs read what it recorded
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
    "ANALYSIS_NOTEBOOKS",
    "BRIEF_NOTEBOOK",
    "DATA_QUALITY_NOTEBOOK",
    "HYPOTHESES_NOTEBOOK",
    "MIN_FREE_BYTES",
    "AuditFailed",
    "ReportError",
    "ReportOutcome",
    "ReportRequest",
    "agency_file_name",
    "build_report",
    "check_output_folder",
    "cli_report",
    "publish",
    "recover_interrupted_publish",
]
