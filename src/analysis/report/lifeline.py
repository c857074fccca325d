"""Processes of a report run that die with their parent: workers, and the workers' kernels.

A ``kompetensi report`` killed hard (``kill -9``, the OOM killer) runs no cleanup,
so its worker processes and their Jupyter kernels (grandchildren) would finish
their notebooks into an abandoned build folder and then wait forever.
:func:`die_with_parent`, called first thing in a worker and in a kernel (through
:mod:`analysis.report.kernel_launcher`), ties the process to its parent twice:

- on Linux, ``prctl(PR_SET_PDEATHSIG, SIGKILL)`` (through ctypes): the kernel sends
  SIGKILL the moment the parent exits;
- everywhere, a daemon thread polls the parent's process id every
  :data:`POLL_SECONDS` and kills the process when the parent is gone (it was
  re-parented), which also covers the short window before ``prctl`` ran.

The parent's process id is passed explicitly (an argument for workers, the
environment variable :data:`PARENT_ENV` for kernels): if the parent died before
the child got this far, the child's parent is already another process and the
child exits at once.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
import time

#: Environment variable holding the process id a kernel must outlive no longer.
PARENT_ENV = "KOMPETENSI_PARENT_PID"
POLL_SECONDS = 0.5
_PR_SET_PDEATHSIG = 1


def _set_parent_death_signal() -> bool:
    """``prctl(PR_SET_PDEATHSIG, SIGKILL)`` on Linux; whether it was set."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _kill_self() -> None:
    with contextlib.suppress(Exception):
        os.kill(os.getpid(), signal.SIGKILL)
    os._exit(137)


def die_with_parent(parent: int | None = None, *, poll: float = POLL_SECONDS) -> None:
    """Make this process die when ``parent`` (default: the current parent) exits.

    Parameters
    ----------
    parent
        Process id of the parent this process must not outlive. When the current
        parent is already another process, this process exits at once.
    poll
        Seconds between two checks of the watchdog thread.
    """
    parent = parent or os.getppid()
    _set_parent_death_signal()
    if os.getppid() != parent:
        _kill_self()

    def watch() -> None:
        while True:
            time.sleep(poll)
            if os.getppid() != parent:
                _kill_self()

    threading.Thread(target=watch, name="kompetensi-lifeline", daemon=True).start()


def parent_from_env() -> int | None:
    """The parent process id a kernel was given in :data:`PARENT_ENV` (``None`` if unset)."""
    value = os.environ.get(PARENT_ENV, "")
    return int(value) if value.isdigit() else None
