"""Executing notebooks: one project kernel, reused for several notebooks.

Papermill's own pieces inject the parameters (a cell tagged
``injected-parameters`` after the ``parameters`` cell), record per-cell timing
and mark the failing cell in the saved notebook; nbclient drives the kernel.
What differs from ``papermill`` on the command line:

- **The kernel is this interpreter** (:mod:`analysis.report.kernel`) whatever kernels
  the machine has registered, so notebooks always run in the project's environment.
- **One kernel per worker process, reused** (:mod:`analysis.report.workers`): between
  notebooks the namespace is wiped (like ``%reset -f``), figures closed, the working
  directory and execution counter reset (see ``_RESET_CODE``); imported modules stay
  loaded, which is what saves the time.
  A notebook re-imports what it uses, so nothing of the previous one is visible.
- **A per-notebook timeout**: a watchdog interrupts the kernel when a notebook
  runs longer than its limit; the run then fails like any raising cell.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from analysis.report.errors import ReportError, WorkerCrashed
from analysis.report.executed import alias_paths, failure_from, has_error, renumber
from analysis.report.kernel import (
    KERNEL_DIR_PREFIX,
    KERNEL_NAME,
    UNNAMED_KERNEL_DIR_AGE,
    WARM_UP_MODULES,
    kernel_env,
    kernel_spec_manager,
    remove_stale_kernel_dirs,
    skip_slow_optional_imports,
)

if TYPE_CHECKING:
    import nbformat


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
            kernel_spec_manager=kernel_spec_manager(),
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
        self.km.start_kernel(cwd=str(self.cwd), env=kernel_env(), stdout=err, stderr=err)
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
        notebook = Path(notebook)
        executed_path = Path(executed_path)
        executed_path.parent.mkdir(parents=True, exist_ok=True)
        label = label or notebook.name
        cwd = Path(cwd) if cwd is not None else self.cwd
        if self.km is None:
            raise ReportError("the kernel is not started")
        if not self.km.is_alive():
            raise WorkerCrashed(f"the kernel died before {label} could run")
        nb = _parameterized(notebook, parameters, executed_path)
        self.reset(cwd)
        nb, error, timed_out = self._execute(nb, timeout)
        if error is not None or timed_out or has_error(nb):
            failure = failure_from(nb, label, timed_out=timed_out, exc=error, timeout=timeout)
            _save_failed(nb, executed_path)
            raise failure.with_executed_path(str(executed_path))
        from papermill.iorw import write_ipynb

        renumber(nb)
        if path_alias is not None:
            alias_paths(nb, *path_alias)
        write_ipynb(nb, str(executed_path))
        return nb

    def _execute(self, nb: nbformat.NotebookNode, timeout: float) -> tuple[nbformat.NotebookNode, BaseException | None, bool]:
        """Run every cell of a parameterized notebook under a watchdog of ``timeout`` seconds.

        Returns the executed notebook (papermill's per-cell metadata filled in), the engine's
        exception if it stopped (dead kernel, cell timeout) and whether the watchdog fired.
        """
        from papermill.clientwrap import PapermillNotebookClient
        from papermill.engines import NotebookExecutionManager

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
        return nb_man.nb, error, timed_out.is_set()


def _parameterized(notebook: Path, parameters: dict[str, Any], executed_path: Path) -> nbformat.NotebookNode:
    """The source notebook with its ``injected-parameters`` cell and papermill's metadata."""
    from papermill.execute import prepare_notebook_metadata, remove_error_markers
    from papermill.iorw import load_notebook_node
    from papermill.parameterize import parameterize_notebook

    nb = load_notebook_node(str(notebook))
    nb = parameterize_notebook(nb, dict(parameters), kernel_name=KERNEL_NAME, language="python")
    nb = prepare_notebook_metadata(nb, str(notebook), str(executed_path))
    return remove_error_markers(nb)


def _save_failed(nb: nbformat.NotebookNode, executed_path: Path) -> None:
    """Save a failed run with papermill's error marker above the failing cell."""
    from papermill.execute import raise_for_execution_errors
    from papermill.iorw import write_ipynb

    try:
        raise_for_execution_errors(nb, str(executed_path))
    except Exception:
        pass  # written with the error marker
    if not executed_path.exists():
        write_ipynb(nb, str(executed_path))


__all__ = [
    "KERNEL_DIR_PREFIX",
    "KERNEL_NAME",
    "UNNAMED_KERNEL_DIR_AGE",
    "WARM_UP_MODULES",
    "NotebookRunner",
    "remove_stale_kernel_dirs",
    "skip_slow_optional_imports",
]
