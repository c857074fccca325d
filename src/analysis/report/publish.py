"""Where a report is written: the reports folder checked, locked, and a build published whole.

A build is made in ``reports/.<period>.tmp-<random>`` and :func:`publish` renames it over
``reports/<period>`` (old one aside, new one in, old one deleted) with SIGINT/SIGTERM held,
so the folder is always either the old or the new report. A run killed between the two
renames leaves the old report aside, and the next run puts it back
(:func:`recover_interrupted_publish`); a failed build is kept as ``<period>.failed/``.
"""

from __future__ import annotations

import contextlib
import secrets
import shutil
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from analysis.report.errors import NotebookFailed, ReportError

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


@contextlib.contextmanager
def sigterm_as_interrupt() -> Iterator[None]:
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
def lock(out: Path) -> Iterator[None]:
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


def remove_stale(out: Path, period: str) -> None:
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


def remove_tree(path: Path, patience: float = 10.0) -> None:
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


def keep_failed(build: Path, out: Path, period: str) -> Path:
    failed = out / f"{period}.failed"
    if failed.exists():
        shutil.rmtree(failed, ignore_errors=True)
    build.rename(failed)
    return failed


def relocate(error: ReportError, build: Path, kept: Path) -> ReportError:
    if isinstance(error, NotebookFailed) and error.executed_path:
        path = Path(error.executed_path)
        try:
            rel = path.resolve().relative_to(build.resolve())
        except ValueError:
            return error
        return error.with_executed_path(str(kept / rel))
    return error
