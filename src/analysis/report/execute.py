"""Executing notebooks: one project kernel per worker, reused for several notebooks.

Papermill's own pieces inject the parameters (a cell tagged
``injected-parameters`` after the ``parameters`` cell), record per-cell timing
and mark the failing cell in the saved notebook; nbclient drives the kernel.
What differs from ``papermill`` on the command line:

- **The kernel is this interpreter** (``sys.executable -m
  analysis.report.kernel_launcher``, ipykernel's launcher tied to its worker)
  whatever kernels the machine has registered, so notebooks always run in the
  project's environment.
- **One kernel per worker process, reused**: between notebooks the namespace is
  wiped (like ``%reset -f``), figures closed, the working directory and execution
  counter reset (see ``_RESET_CODE``); imported modules stay loaded, which is what
  saves the time.
  A notebook re-imports what it uses, so nothing of the previous one is visible.
- **Export in the same process**: after a notebook ran, the worker renders its
  HTML (and PDF for a brief) with :mod:`analysis.report.render` instead of
  calling ``jupyter nbconvert``.
- **A per-notebook timeout**: a watchdog interrupts the kernel when a notebook
  runs longer than its limit; the run then fails like any raising cell.

Workers are ``spawn``-ed processes: each imports the renderer and starts and
warms its kernel while the main process loads and validates the dataset.

Workers die with the main process and kernels with their worker
(:mod:`analysis.report.lifeline`), so a run killed with SIGKILL leaves no process
behind.
"""

from __future__ import annotations

import contextlib
import importlib
import multiprocessing as mp
import os
import queue
import shutil
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from analysis.report.errors import ExportFailed, NotebookFailed, ReportError, WorkerCrashed
from analysis.report.lifeline import PARENT_ENV, die_with_parent

if TYPE_CHECKING:
    import nbformat

#: The one kernel name: the notebooks declare it, ``make install``/``kompetensi init`` register it.
KERNEL_NAME = "kompetensi"
#: Modules a fresh kernel imports before its first notebook (failures are ignored).
WARM_UP_MODULES = (
    "numpy",
    "pandas",
    "matplotlib.pyplot",
    "seaborn",
    "scipy.stats",
    "statsmodels.api",
    "analysis",
    "analysis.data.dataset",
    "analysis.data.results",
    "analysis.charts.theme",
    "analysis.text.fmt",
)

# A clean namespace for the next notebook. Like ``%reset -f`` (every user name and the
# output cache go; imported modules stay loaded), without its full garbage collection,
# which costs ~0.15 s a notebook; Python's own collector frees the cycles later.
_RESET_CODE = """\
get_ipython().displayhook.flush()
for _name in [n for n in list(get_ipython().user_ns) if n not in get_ipython().user_ns_hidden]:
    get_ipython().user_ns.pop(_name, None)
globals().pop("_name", None)
import os as _os, sys as _sys
_os.chdir({cwd!r})
if 'matplotlib.pyplot' in _sys.modules:
    _sys.modules['matplotlib.pyplot'].close('all')
get_ipython().execution_count = 1
del _os, _sys
"""


def skip_slow_optional_imports() -> None:
    """Keep jsonschema from importing ``rfc3987_syntax`` (about 3 s) in this process.

    nbformat imports jsonschema, which loads that optional package, when it is
    installed (JupyterLab brings it), only to check the ``iri`` string format,
    which notebook schemas never use. Called by the ``kompetensi report`` process
    and its workers only, never on ``import analysis``; kernels are unaffected.
    """
    if "jsonschema" not in sys.modules:
        sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]


def kernel_argv(python: str | None = None) -> list[str]:
    """The command that starts the project kernel: this interpreter's ipykernel, tied to its parent."""
    return [
        python or sys.executable,
        "-m",
        "analysis.report.kernel_launcher",
        "-f",
        "{connection_file}",
        "--HistoryManager.enabled=False",
    ]


def _kernel_spec_manager():
    from jupyter_client.kernelspec import KernelSpec, KernelSpecManager

    class ProjectKernelSpecs(KernelSpecManager):
        """Answers every kernel name with the project's own interpreter."""

        def get_kernel_spec(self, kernel_name: str) -> KernelSpec:  # noqa: ARG002
            return KernelSpec(
                argv=kernel_argv(),
                language="python",
                display_name="Kompetensi Binjai (project)",
                resource_dir="",
            )

    return ProjectKernelSpecs()


def _kernel_env() -> dict[str, str]:
    env = dict(os.environ)
    # A backend forced from outside (e.g. MPLBACKEND=Agg in a CI shell) would stop the
    # inline backend and the figures would vanish from the executed notebooks.
    env.pop("MPLBACKEND", None)
    env.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    env[PARENT_ENV] = str(os.getpid())  # the kernel dies with this process (lifeline)
    return env


def _first_line(source: str) -> str:
    for line in source.splitlines():
        if line.strip():
            text = line.strip()
            return text if len(text) <= 80 else text[:77] + "..."
    return ""


def _failure_from(
    nb: nbformat.NotebookNode,
    label: str,
    *,
    timed_out: bool,
    exc: BaseException | None,
    timeout: float | None = None,
) -> NotebookFailed:
    """Locate the failing cell of an executed notebook (numbered as in the source notebook)."""
    source_cells = [
        c for c in nb.cells if "injected-parameters" not in (c.get("metadata", {}).get("tags") or [])
    ]
    failing: tuple[int, nbformat.NotebookNode, str, str] | None = None
    for number, cell in enumerate(source_cells, start=1):
        for output in cell.get("outputs", []) or []:
            if output.get("output_type") == "error":
                if output.get("ename") == "SystemExit" and output.get("evalue") in ("", "0"):
                    continue
                failing = (number, cell, output.get("ename", ""), output.get("evalue", ""))
                break
        if failing is None and cell.get("metadata", {}).get("papermill", {}).get("exception"):
            failing = (number, cell, "", "")
        if failing is None and cell.get("metadata", {}).get("papermill", {}).get("status") == "running":
            failing = (number, cell, "", "")
        if failing:
            break
    if failing is None and (exc is not None or timed_out):
        # the engine stopped (dead kernel, cell timeout): the failing cell is the last one started
        started = [
            (number, cell)
            for number, cell in enumerate(source_cells, start=1)
            if cell.get("metadata", {}).get("papermill", {}).get("status") not in (None, "pending")
        ]
        if started:
            failing = (started[-1][0], started[-1][1], "", "")
    ename = failing[2] if failing else ""
    evalue = failing[3] if failing else ""
    if exc is not None and not ename:
        ename, evalue = type(exc).__name__, str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    if timed_out:
        ename, evalue = "TimeoutError", f"the notebook ran longer than its {timeout or 0:g} s limit"
    return NotebookFailed(
        label,
        cell_number=failing[0] if failing else None,
        cell_count=len(source_cells),
        first_line=_first_line(failing[1].source) if failing else "",
        ename=ename,
        evalue=evalue,
        timed_out=timed_out,
    )


#: A kernel's socket folder in the system's temporary folder: ``kompetensi-kernel-<pid>-<random>``,
#: ``<pid>`` the process that started the kernel (a worker).
KERNEL_DIR_PREFIX = "kompetensi-kernel-"
#: A socket folder without a process id (written before ids were recorded) is stale after this long.
UNNAMED_KERNEL_DIR_AGE = 24 * 3600.0


def _pid_alive(pid: int) -> bool:
    """Whether process ``pid`` still runs: it exists and (on Linux) is not a zombie, i.e. a
    process that has exited but was not reaped (orphans of a killed run in a container whose
    first process does not reap them)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return True
    return state != "Z"


def remove_stale_kernel_dirs(tmp: str | Path | None = None, *, now: float | None = None) -> list[Path]:
    """Delete the kernel socket folders a killed run left behind; the folders deleted.

    A run stopped by SIGKILL never reaches :meth:`NotebookRunner.shutdown`, so its
    ``kompetensi-kernel-<pid>-*`` folder stays in the temporary folder. At the start of
    the next run every such folder of this user whose ``<pid>`` is no longer running
    is removed; a folder without a process id is removed once it is older than
    :data:`UNNAMED_KERNEL_DIR_AGE`. Folders of running processes (another run, on the
    same machine) are left alone.
    """
    folder = Path(tmp if tmp is not None else tempfile.gettempdir())
    now = time.time() if now is None else now
    removed: list[Path] = []
    uid = os.getuid() if hasattr(os, "getuid") else None
    for path in folder.glob(f"{KERNEL_DIR_PREFIX}*"):
        try:
            info = path.lstat()
        except OSError:
            continue
        if not path.is_dir() or path.is_symlink() or (uid is not None and info.st_uid != uid):
            continue
        pid_text = path.name[len(KERNEL_DIR_PREFIX):].split("-", 1)[0]
        if "-" in path.name[len(KERNEL_DIR_PREFIX):] and pid_text.isdigit():
            stale = not _pid_alive(int(pid_text))
        else:
            stale = now - info.st_mtime > UNNAMED_KERNEL_DIR_AGE
        if stale:
            shutil.rmtree(path, ignore_errors=True)
            if not path.exists():
                removed.append(path)
    return removed


class NotebookRunner:
    """One project kernel that executes notebooks one after another.

    Use as a context manager (the kernel is shut down on exit)::

        with NotebookRunner() as runner:
            runner.run(Path("a.ipynb"), {"period": "2026Q3"}, Path("out/a.ipynb"), timeout=600)
    """

    def __init__(self, *, cwd: str | Path | None = None, startup_timeout: float = 60.0, kernel_log: Path | None = None) -> None:
        self.cwd = Path(cwd) if cwd is not None else Path.cwd()
        self.startup_timeout = startup_timeout
        self.kernel_log = kernel_log
        self.km = None
        self.kc = None
        self._ipc_dir: str | None = None
        self._log_handle = None

    # ------------------------------------------------------------------ lifecycle
    def start(self, wait: bool = True) -> NotebookRunner:
        """Launch the kernel; with ``wait=False`` return at once (call :meth:`wait_ready`)."""
        from jupyter_client import KernelManager

        self._ipc_dir = tempfile.mkdtemp(prefix=f"{KERNEL_DIR_PREFIX}{os.getpid()}-")
        self.km = KernelManager(
            kernel_spec_manager=_kernel_spec_manager(),
            kernel_name=KERNEL_NAME,
            transport="ipc",
            ip=os.path.join(self._ipc_dir, "k"),
        )
        if self.kernel_log is not None:
            self.kernel_log.parent.mkdir(parents=True, exist_ok=True)
            self._log_handle = open(self.kernel_log, "ab")  # noqa: SIM115
            err = self._log_handle
        else:
            err = open(os.devnull, "wb")  # noqa: SIM115
            self._log_handle = err
        self.km.start_kernel(cwd=str(self.cwd), env=_kernel_env(), stdout=err, stderr=err)
        from jupyter_client.asynchronous import AsyncKernelClient
        from jupyter_client.blocking import BlockingKernelClient

        # A blocking client for the runner's own short requests, with its own session:
        # sockets are named after the session, and two clients sharing one would steal
        # each other's replies.
        self.kc = BlockingKernelClient()
        self.kc.load_connection_info(self.km.get_connection_info(session=False))
        self.kc.start_channels()

        self.km.client_factory = AsyncKernelClient  # what nbclient gets from km.client()
        if wait:
            self.wait_ready()
        return self

    @property
    def kernel_pid(self) -> int | None:
        """Process id of the kernel (``None`` when not started)."""
        provisioner = getattr(self.km, "provisioner", None) if self.km is not None else None
        return getattr(provisioner, "pid", None)

    def wait_ready(self) -> None:
        """Block until the kernel answers (at most ``startup_timeout`` seconds).

        On a busy machine a kernel can take seconds to start, and jupyter_client then
        reports it dead (its heartbeat has not begun yet) although the process is
        alive: the wait is repeated while the kernel process runs.
        """
        deadline = time.perf_counter() + self.startup_timeout
        while True:
            try:
                self.kc.wait_for_ready(timeout=max(1.0, deadline - time.perf_counter()))
                return
            except RuntimeError:
                alive = self.km is not None and self.km.is_alive()
                if not alive or time.perf_counter() > deadline:
                    raise
                time.sleep(0.25)

    def shutdown(self) -> None:
        with contextlib.suppress(Exception):
            if self.kc is not None:
                self.kc.stop_channels()
        with contextlib.suppress(Exception):
            if self.km is not None and self.km.has_kernel:
                self.km.shutdown_kernel(now=True)
        if self._log_handle is not None:
            self._log_handle.close()
            self._log_handle = None
        if self._ipc_dir is not None:
            shutil.rmtree(self._ipc_dir, ignore_errors=True)
            self._ipc_dir = None
        self.km = self.kc = None

    def __enter__(self) -> NotebookRunner:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.shutdown()

    # ------------------------------------------------------------------ code outside notebooks
    def run_code(self, code: str, timeout: float = 120.0) -> dict[str, Any]:
        """Run code in the kernel outside any notebook (no output kept); the reply content."""
        reply = self.kc.execute_interactive(
            code, silent=True, store_history=False, timeout=timeout, output_hook=lambda msg: None
        )
        return reply["content"]

    def warm_up(self, modules: Iterable[str] = WARM_UP_MODULES) -> None:
        """Import the usual modules once, so the first notebook does not pay for them."""
        lines = [f"try:\n    import {m}\nexcept Exception:\n    pass" for m in modules]
        self.run_code("\n".join(lines))
        self.reset(self.cwd)

    def reset(self, cwd: str | Path) -> None:
        """A clean namespace for the next notebook (modules stay imported)."""
        content = self.run_code(_RESET_CODE.format(cwd=str(cwd)))
        if content.get("status") != "ok":
            raise ReportError(f"could not reset the kernel: {content.get('ename')}: {content.get('evalue')}")

    # ------------------------------------------------------------------ notebooks
    def run(
        self,
        notebook: str | Path,
        parameters: dict[str, Any],
        executed_path: str | Path,
        *,
        timeout: float = 600.0,
        cwd: str | Path | None = None,
        label: str | None = None,
        path_alias: tuple[str, str] | None = None,
    ) -> nbformat.NotebookNode:
        """Execute ``notebook`` with ``parameters``; save it to ``executed_path``; return it.

        The parameters must have been checked (see :mod:`analysis.report.params`).

        Raises
        ------
        NotebookFailed
            Naming the notebook, the failing cell and the error; the executed
            notebook (with papermill's error marker) is saved at ``executed_path``.
        """
        from papermill.clientwrap import PapermillNotebookClient
        from papermill.engines import NotebookExecutionManager
        from papermill.execute import (
            prepare_notebook_metadata,
            raise_for_execution_errors,
            remove_error_markers,
        )
        from papermill.iorw import load_notebook_node, write_ipynb
        from papermill.parameterize import parameterize_notebook

        notebook = Path(notebook)
        executed_path = Path(executed_path)
        executed_path.parent.mkdir(parents=True, exist_ok=True)
        label = label or notebook.name
        cwd = Path(cwd) if cwd is not None else self.cwd
        if self.km is None:
            raise ReportError("the kernel is not started")
        if not self.km.is_alive():
            raise WorkerCrashed(f"the kernel died before {label} could run")

        nb = load_notebook_node(str(notebook))
        nb = parameterize_notebook(nb, dict(parameters), kernel_name=KERNEL_NAME, language="python")
        nb = prepare_notebook_metadata(nb, str(notebook), str(executed_path))
        nb = remove_error_markers(nb)
        self.reset(cwd)

        nb_man = NotebookExecutionManager(nb, output_path=None, progress_bar=False, log_output=False)
        timed_out = threading.Event()

        def on_timeout() -> None:
            timed_out.set()
            with contextlib.suppress(Exception):
                self.km.interrupt_kernel()

        watchdog = threading.Timer(timeout, on_timeout)
        watchdog.daemon = True
        error: BaseException | None = None
        nb_man.notebook_start()
        watchdog.start()
        try:
            client = PapermillNotebookClient(
                nb_man,
                km=self.km,
                timeout=int(timeout) + 30,
                startup_timeout=self.startup_timeout,
                kernel_name=KERNEL_NAME,
            )
            # nbclient makes its own client from km.client(), which must be asynchronous: a
            # blocking one would stall its event loop and a dying kernel would go unnoticed.
            try:
                client.execute(cleanup_kc=False)
            finally:
                with contextlib.suppress(Exception):
                    if client.kc is not None:
                        client.kc.stop_channels()
        except Exception as exc:  # dead kernel, cell timeout: the cell is marked running/exception
            error = exc
        finally:
            watchdog.cancel()
            with contextlib.suppress(Exception):
                nb_man.cleanup_pbar()
            with contextlib.suppress(Exception):
                nb_man.notebook_complete()
        nb = nb_man.nb
        failed = error is not None or timed_out.is_set() or _has_error(nb)
        if failed:
            failure = _failure_from(
                nb, label, timed_out=timed_out.is_set(), exc=error, timeout=timeout
            )
            try:
                raise_for_execution_errors(nb, str(executed_path))
            except Exception:
                pass  # written with the error marker
            if not executed_path.exists():
                write_ipynb(nb, str(executed_path))
            raise failure.with_executed_path(str(executed_path))
        _renumber(nb)
        if path_alias is not None:
            _alias_paths(nb, *path_alias)
        write_ipynb(nb, str(executed_path))
        return nb


def _has_error(nb: nbformat.NotebookNode) -> bool:
    for cell in nb.cells:
        for output in cell.get("outputs", []) or []:
            if output.get("output_type") == "error" and not (
                output.get("ename") == "SystemExit" and output.get("evalue") in ("", "0")
            ):
                return True
    return False


def _alias_paths(nb: nbformat.NotebookNode, old: str, new: str) -> None:
    """Show the final report folder instead of the temporary build folder in the saved notebook.

    Only the injected parameters and papermill's metadata are rewritten (what a
    reader would copy to re-run the notebook); outputs stay as they were.
    """
    for cell in nb.cells:
        if "injected-parameters" in (cell.get("metadata", {}).get("tags") or []):
            cell.source = cell.source.replace(old, new)
    meta = nb.metadata.get("papermill", {})
    for key in ("input_path", "output_path"):
        if isinstance(meta.get(key), str):
            meta[key] = meta[key].replace(old, new)
    params = meta.get("parameters") or {}
    for key, value in list(params.items()):
        if isinstance(value, str):
            params[key] = value.replace(old, new)


def _renumber(nb: nbformat.NotebookNode) -> None:
    """Execution counts 1, 2, 3... as a fresh kernel would give (outputs too)."""
    count = 0
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        if cell.get("execution_count") is None:
            continue
        count += 1
        cell.execution_count = count
        for output in cell.get("outputs", []) or []:
            if "execution_count" in output:
                output["execution_count"] = count


# ---------------------------------------------------------------------------- jobs and workers


@dataclass(frozen=True)
class NotebookJob:
    """One notebook to execute and export.

    ``html_path``: write the analysis HTML there; ``pdf_path``: render the notebook
    as a brief and write the PDF there (``brief_html_path`` keeps the brief's HTML).
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
    try:
        export_notebook(job, nb, renderer)
    except ReportError as exc:
        return JobResult(job.key, False, t1 - t0, time.perf_counter() - t1, worker, exc)
    return JobResult(job.key, True, t1 - t0, time.perf_counter() - t1, worker)


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
    try:
        runner.start(wait=False)  # the kernel boots while this process imports the renderer
        renderer = importlib.import_module(renderer_name)
        with contextlib.suppress(Exception):
            import weasyprint  # noqa: F401  (imported once, before the first PDF)
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
