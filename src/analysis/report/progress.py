"""Progress of a report run: the current step and the elapsed time, on stderr.

On a terminal, the per-agency fan-out shows a tqdm bar with its ETA; elsewhere
(CI logs, files) every event is one plain line ``[  12.3s] message``, and the
fan-out prints a line per brief with done/total and the ETA.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO


class Progress:
    """Writes step lines with the elapsed time since the run started.

    Parameters
    ----------
    stream
        Where to write (default ``sys.stderr``).
    enabled
        ``False`` silences everything (library use, tests).
    tty
        Force (``True``/``False``) or detect (``None``) a terminal, which selects tqdm bars.
    """

    def __init__(self, stream: TextIO | None = None, *, enabled: bool = True, tty: bool | None = None) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = enabled
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)()) if tty is None else tty
        self.started = time.perf_counter()
        self._bar = None
        self._bar_total = 0
        self._bar_done = 0
        self._bar_started = 0.0
        self._bar_label = ""

    @property
    def elapsed(self) -> float:
        return time.perf_counter() - self.started

    def line(self, message: str) -> None:
        """One event line, prefixed with the elapsed time."""
        if not self.enabled:
            return
        text = f"[{self.elapsed:7.1f}s] {message}"
        if self._bar is not None:
            self._bar.write(text, file=self.stream)
        else:
            print(text, file=self.stream, flush=True)

    # ------------------------------------------------------------------ bar for a fan-out
    def start_bar(self, total: int, label: str) -> None:
        """Begin counting ``total`` items (a tqdm bar on a terminal, lines otherwise)."""
        self._bar_total, self._bar_done = total, 0
        self._bar_started = time.perf_counter()
        self._bar_label = label
        if not self.enabled:
            return
        if self.tty:
            from tqdm import tqdm

            self._bar = tqdm(total=total, desc=label, unit="brief", file=self.stream, leave=True)
        else:
            self.line(f"{label}: 0/{total}")

    def advance(self, item: str = "") -> None:
        """One more item done; on plain output a line with done/total and the ETA."""
        self._bar_done += 1
        if not self.enabled:
            return
        if self._bar is not None:
            self._bar.set_postfix_str(item, refresh=False)
            self._bar.update(1)
            return
        spent = time.perf_counter() - self._bar_started
        remaining = self._bar_total - self._bar_done
        eta = spent / self._bar_done * remaining if self._bar_done else float("nan")
        self.line(
            f"{self._bar_label}: {self._bar_done}/{self._bar_total} {item} "
            f"({spent:.1f}s, ETA {eta:.0f}s)"
        )

    def close_bar(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None
