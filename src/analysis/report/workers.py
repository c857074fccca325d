"""Worker processes: each runs its own reused project kernel and exports what it ran.

Workers are ``spawn``-ed processes: each starts and warms its kernel while the main
process loads and validates the dataset, and imports the renderer only when it first
exports (:class:`LazyRenderer`). Jobs
(:class:`NotebookJob`) go through one shared queue, so a free worker takes the next one;
after a notebook ran, its worker renders the HTML (and the PDF for a brief) with
:mod:`analysis.report.render` in the same process instead of calling ``jupyter nbconvert``.

Workers die with the main process and kernels with their worker
(:mod:`analysis.report.lifeline`), so a run killed with SIGKILL leaves no process behind.
"""

from __future__ import annotations

import contextlib
import importlib
import multiprocessing as mp
import os
import queue
import shutil
import signal
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from analysis.report.errors import ExportFailed, ReportError, WorkerCrashed
from analysis.report.execute import NotebookRunner
from analysis.report.kernel import skip_slow_optional_imports
from analysis.report.lifeline import die_with_parent

if TYPE_CHECKING:
    import nbformat


@dataclass(frozen=True)
class NotebookJob:
    """One notebook to execute and export.

    ``html_path``: write the analysis HTML there; ``pdf_path``: render the notebook
    as a brief and write the PDF there (``brief_html_path`` keeps the brief's HTML).
    ``execute=False``: only export the notebook already executed at ``executed_path``
    (an export run later, when a worker would otherwise wait, :func:`analysis.report.jobs.defer_exports`).
    """

    key: str
    notebook: Path
    parameters: dict[str, Any]
    executed_path: Path
    cwd: Path
    label: str = ""
    timeout: float = 600.0
    title: str = ""
    lang: str = "id"
    html_path: Path | None = None
    pdf_path: Path | None = None
    brief_html_path: Path | None = None
    path_alias: tuple[str, str] | None = None  # (build folder, final folder) for the saved notebook
    prepare: tuple[tuple[Path, Path], ...] = ()  # (source folder, destination folder) copied before running
    execute: bool = True


@dataclass(frozen=True)
class JobResult:
    key: str
    ok: bool
    execute_seconds: float = 0.0
    export_seconds: float = 0.0
    worker: int = 0
    error: ReportError | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def export_notebook(job: NotebookJob, nb: nbformat.NotebookNode, renderer: Any) -> None:
    """Render an executed notebook: analysis HTML and/or brief PDF, per the job."""
    try:
        if job.html_path is not None:
            html = renderer.notebook_to_html(nb, title=job.title or job.notebook.stem, lang=job.lang)
            _write_text(job.html_path, html)
        if job.pdf_path is not None:
            html = renderer.brief_to_html(nb, lang=job.lang)
            if job.brief_html_path is not None:
                _write_text(job.brief_html_path, html)
            renderer.html_to_pdf(html, job.pdf_path)
    except Exception as exc:
        raise ExportFailed(f"rendering {job.key} failed: {type(exc).__name__}: {exc}") from None


def _write_text(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


def _copy_results(pairs: Iterable[tuple[Path, Path]]) -> None:
    """Copy the files (not subfolders) of each source folder into its destination folder."""
    for src, dst in pairs:
        dst.mkdir(parents=True, exist_ok=True)
        for item in sorted(Path(src).glob("*")):
            if item.is_file():
                shutil.copy2(item, dst / item.name)


def run_job(runner: NotebookRunner, job: NotebookJob, renderer: Any, worker: int = 0) -> JobResult:
    """Execute and export one job on ``runner``; failures come back in the result."""
    if not job.execute:
        return _export_only(job, renderer, worker)
    t0 = time.perf_counter()
    try:
        _copy_results(job.prepare)
        nb = runner.run(
            job.notebook,
            job.parameters,
            job.executed_path,
            timeout=job.timeout,
            cwd=job.cwd,
            label=job.label or job.notebook.name,
            path_alias=job.path_alias,
        )
    except ReportError as exc:
        return JobResult(job.key, False, time.perf_counter() - t0, 0.0, worker, exc)
    except Exception as exc:  # pragma: no cover - unexpected engine error
        return JobResult(job.key, False, time.perf_counter() - t0, 0.0, worker, ReportError(f"{job.key}: {type(exc).__name__}: {exc}"))
    t1 = time.perf_counter()
    if job.html_path is None and job.pdf_path is None:  # its page is written later
        return JobResult(job.key, True, t1 - t0, 0.0, worker)
    try:
        export_notebook(job, nb, renderer)
    except ReportError as exc:
        return JobResult(job.key, False, t1 - t0, time.perf_counter() - t1, worker, exc)
    return JobResult(job.key, True, t1 - t0, time.perf_counter() - t1, worker)


def _export_only(job: NotebookJob, renderer: Any, worker: int) -> JobResult:
    """Export a notebook executed earlier, read back from ``job.executed_path``."""
    import nbformat

    t0 = time.perf_counter()
    try:
        try:
            nb = nbformat.read(job.executed_path, as_version=4)
        except Exception as exc:
            raise ExportFailed(f"rendering {job.key} failed: {type(exc).__name__}: {exc}") from None
        export_notebook(job, nb, renderer)
    except ReportError as exc:
        return JobResult(job.key, False, 0.0, time.perf_counter() - t0, worker, exc)
    return JobResult(job.key, True, 0.0, time.perf_counter() - t0, worker)


class LazyRenderer:
    """The renderer module (``ReportRequest.renderer``), imported when a worker first exports.

    Importing the default renderer costs a worker about 1.5 s of CPU (pandas and the brief's
    modules) and WeasyPrint 0.6 s more. At start-up every core is busy starting the kernels,
    and the analysis notebooks' pages are written later (:func:`analysis.report.jobs.defer_exports`),
    so the import starts, in a thread, when the worker receives its first job that exports
    (the brief or a page) and runs while the kernel executes. Attributes are the module's.
    """

    def __init__(self, name: str) -> None:
        self.name = name
        self._thread: threading.Thread | None = None
        self._module: Any = None
        self._error: BaseException | None = None

    def start(self, pdf: bool = False) -> None:
        """Begin importing the renderer (and WeasyPrint, for a PDF) in the background."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._load, args=(pdf,), name="renderer-import", daemon=True)
            self._thread.start()

    def _load(self, pdf: bool) -> None:
        try:
            self._module = importlib.import_module(self.name)
        except Exception as exc:
            self._error = exc
            return
        if pdf:
            with contextlib.suppress(Exception):
                import weasyprint  # noqa: F401  (imported once, before the first PDF)

    def module(self) -> Any:
        """The renderer module, once imported (an import error is raised here)."""
        self.start()
        if self._thread is not None:
            self._thread.join()
        if self._error is not None:
            raise self._error
        return self._module

    def __getattr__(self, name: str) -> Any:
        return getattr(self.module(), name)


def _worker_main(
    worker: int,
    tasks: Any,
    results: Any,
    cwd: str,
    renderer_name: str,
    warm: bool,
    log_dir: str | None,
    parent: int | None = None,
) -> None:
    """Body of a worker process: start a kernel, then run jobs until the ``None`` sentinel."""
    die_with_parent(parent)  # a killed run leaves no worker (and so no kernel) behind
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the main process decides what Ctrl-C does
    skip_slow_optional_imports()
    runner = NotebookRunner(cwd=cwd, kernel_log=Path(log_dir) / f"kernel-{worker}.log" if log_dir else None)
    renderer = LazyRenderer(renderer_name)
    try:
        runner.start(wait=False)
        results.put(("kernel", worker, runner.kernel_pid))
        runner.wait_ready()
        if warm:
            runner.warm_up()
        results.put(("ready", worker, None))
    except Exception as exc:
        results.put(("crashed", worker, f"{type(exc).__name__}: {exc}"))
        runner.shutdown()
        return
    try:
        while True:
            job = tasks.get()
            if job is None:
                break
            results.put(("started", worker, job.key))
            if job.html_path is not None or job.pdf_path is not None:
                renderer.start(pdf=job.pdf_path is not None)  # while the notebook runs
            results.put(("done", worker, run_job(runner, job, renderer, worker)))
    finally:
        runner.shutdown()


def _process_running(pid: int) -> bool:
    """Whether a process exists and is not a zombie (a killed, not yet reaped, process)."""
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, PermissionError):
        return False
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as handle:
            return handle.read().rsplit(")", 1)[-1].split()[0] != "Z"
    except OSError:
        return True


class WorkerPool:
    """``n`` worker processes, each with its own reused project kernel.

    Jobs go through one shared queue, so a free worker takes the next one.
    :meth:`run` returns when every job is done, or raises the first failure
    (the remaining queued jobs are dropped). Always :meth:`close` (or use
    ``with``): it stops workers and kernels, killing them if they do not stop.
    """

    def __init__(
        self,
        n: int,
        *,
        cwd: str | Path,
        renderer: str = "analysis.report.render",
        warm: bool = True,
        log_dir: str | Path | None = None,
    ) -> None:
        if n < 1:
            raise ValueError(f"the number of workers must be >= 1, got {n}")
        self.n = n
        ctx = mp.get_context("spawn")
        self._tasks = ctx.Queue()
        self._results = ctx.Queue()
        self._procs = []
        for i in range(n):
            proc = ctx.Process(
                target=_worker_main,
                args=(i, self._tasks, self._results, str(cwd), renderer, warm, str(log_dir) if log_dir else None,
                      os.getpid()),
                name=f"kompetensi-worker-{i}",
                daemon=True,
            )
            proc.start()
            self._procs.append(proc)
        self._ready: set[int] = set()
        self._kernel_pids: dict[int, int] = {}
        self._stop_requested = False
        self._running: dict[int, str] = {}
        self.started_at = time.perf_counter()
        self.ready_seconds: float | None = None

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, exc_type: object, *rest: object) -> None:
        if exc_type is None:
            self.close()
        else:
            self.terminate()

    def _handle(self, message: tuple[str, int, Any], on_start: Callable[[int, str], None] | None) -> JobResult | None:
        kind, worker, payload = message
        if kind == "kernel":
            if payload:
                self._kernel_pids[worker] = int(payload)
        elif kind == "ready":
            self._ready.add(worker)
            if len(self._ready) == self.n and self.ready_seconds is None:
                self.ready_seconds = time.perf_counter() - self.started_at
        elif kind == "crashed":
            raise WorkerCrashed(f"worker {worker} could not start its kernel: {payload}")
        elif kind == "started":
            self._running[worker] = payload
            if on_start is not None:
                on_start(worker, payload)
        elif kind == "done":
            self._running.pop(worker, None)
            return payload
        return None

    def _check_alive(self) -> None:
        for i, proc in enumerate(self._procs):
            if not proc.is_alive() and not self._stop_requested:
                job = self._running.get(i)
                what = f" while running {job}" if job else ""
                raise WorkerCrashed(f"worker {i} died (exit code {proc.exitcode}){what}")

    def wait_ready(self, timeout: float = 120.0) -> float:
        """Block until every worker's kernel is up; the seconds since the pool started."""
        deadline = time.perf_counter() + timeout
        while len(self._ready) < self.n:
            try:
                message = self._results.get(timeout=0.2)
            except queue.Empty:
                self._check_alive()
                if time.perf_counter() > deadline:
                    raise WorkerCrashed(f"the kernels did not start within {timeout:.0f} s") from None
                continue
            self._handle(message, None)
        return self.ready_seconds or 0.0

    def run(
        self,
        jobs: list[NotebookJob],
        *,
        on_start: Callable[[int, str], None] | None = None,
        on_done: Callable[[JobResult], None] | None = None,
    ) -> dict[str, JobResult]:
        """Run ``jobs``; return their results by key, or raise the first failure."""
        for job in jobs:
            self._tasks.put(job)
        results: dict[str, JobResult] = {}
        while len(results) < len(jobs):
            try:
                message = self._results.get(timeout=0.2)
            except queue.Empty:
                self._check_alive()
                continue
            result = self._handle(message, on_start)
            if result is None:
                continue
            results[result.key] = result
            if on_done is not None:
                on_done(result)
            if not result.ok:
                self._drain()
                raise result.error if result.error is not None else ReportError(f"{result.key} failed")
        return results

    def _drain_messages(self) -> None:
        """Read pending worker messages (to learn every kernel's process id)."""
        with contextlib.suppress(Exception):
            while True:
                kind, worker, payload = self._results.get_nowait()
                if kind == "kernel" and payload:
                    self._kernel_pids[worker] = int(payload)

    def _drain(self) -> None:
        with contextlib.suppress(queue.Empty, OSError, ValueError):
            while True:
                self._tasks.get_nowait()

    def request_stop(self) -> None:
        """Ask every worker to stop after its current job (returns at once)."""
        if self._stop_requested:
            return
        self._stop_requested = True
        for _ in self._procs:
            with contextlib.suppress(Exception):
                self._tasks.put(None)

    def close(self, timeout: float = 15.0) -> None:
        """Ask workers to stop (their kernels shut down cleanly); kill the ones that hang."""
        self.request_stop()
        deadline = time.perf_counter() + timeout
        for proc in self._procs:
            proc.join(max(0.1, deadline - time.perf_counter()))
        self.terminate()

    def terminate(self) -> None:
        """Stop every worker and its kernel now, and wait until they are gone.

        Kernels are stopped by their process id (each worker reported it), so none
        keeps writing into a build folder that is about to be deleted.
        """
        self._drain_messages()
        for pid in self._kernel_pids.values():
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(pid, signal.SIGKILL)
        for proc in self._procs:
            if proc.is_alive():
                proc.terminate()
        for proc in self._procs:
            proc.join(3)
            if proc.is_alive():
                proc.kill()
                proc.join(1)
        self._drain_messages()  # a kernel that was still starting
        for pid in self._kernel_pids.values():
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(pid, signal.SIGKILL)
        deadline = time.perf_counter() + 5
        for pid in self._kernel_pids.values():
            while _process_running(pid) and time.perf_counter() < deadline:
                time.sleep(0.05)
        self._kernel_pids.clear()
        for q in (self._tasks, self._results):
            with contextlib.suppress(Exception):
                q.close()
                q.cancel_join_thread()
