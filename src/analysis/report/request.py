"""What a ``kompetensi report`` run is asked to build, and what it hands back.

The notebooks a report runs (:data:`ANALYSIS_NOTEBOOKS`, :data:`BRIEF_NOTEBOOK`), the
build's folder names, the request (:class:`ReportRequest`, the command's options), the
outcome (:class:`ReportOutcome`) and the log of a run's steps (:class:`RunLog`, the
``steps`` of ``manifest.json``). The order of a run is described in
:mod:`analysis.report.pipeline`.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from analysis.data.paths import NOTEBOOKS_DIR, REPORTS_DIR
from analysis.report.progress import Progress

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


def notebook_path(folder: Path, stem: str) -> Path:
    """The notebook ``<stem>.ipynb`` in ``folder``."""
    return folder / f"{stem}.ipynb"


class RunLog:
    """State of one build (kept off the request so the request stays a plain value): when it
    started, where progress is shown, and the timed steps recorded in ``manifest.json``."""

    def __init__(self, request: ReportRequest, progress: Progress) -> None:
        self.req = request
        self.progress = progress
        self.steps: list[dict[str, Any]] = []
        self.started_at = datetime.now(UTC)
        self.t0 = time.perf_counter()

    def step(self, name: str, seconds: float, **extra: Any) -> None:
        self.steps.append({"step": name, "seconds": round(seconds, 3), **extra})
