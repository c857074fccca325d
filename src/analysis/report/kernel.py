"""The project kernel: how it is started, what it imports first, and the socket folders it leaves.

The kernel is this interpreter (``sys.executable -m analysis.report.kernel_launcher``,
ipykernel's launcher tied to its worker, :mod:`analysis.report.lifeline`) whatever kernels
the machine has registered, so notebooks always run in the project's environment. Its
socket folder is ``kompetensi-kernel-<pid>-<random>`` in the system's temporary folder;
the folders a killed run left are removed by the next run
(:func:`remove_stale_kernel_dirs`).
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from analysis.report.lifeline import PARENT_ENV

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


def kernel_spec_manager():
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


def kernel_env() -> dict[str, str]:
    env = dict(os.environ)
    # A backend forced from outside (e.g. MPLBACKEND=Agg in a CI shell) would stop the
    # inline backend and the figures would vanish from the executed notebooks.
    env.pop("MPLBACKEND", None)
    env.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    env[PARENT_ENV] = str(os.getpid())  # the kernel dies with this process (lifeline)
    return env


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

    A run stopped by SIGKILL never reaches
    :meth:`analysis.report.execute.NotebookRunner.shutdown`, so its
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
