"""The report pipeline: ``kompetensi report`` and ``kompetensi params``.

Modules: :mod:`.params` (a notebook's parameters, checked before any kernel
starts), :mod:`.kernel`, :mod:`.execute` and :mod:`.workers` (reused project
kernels in worker processes), :mod:`.pipeline` (the all-or-nothing build of
``reports/<period>/``, its steps in :mod:`.plan`, :mod:`.jobs`, :mod:`.assemble`
and :mod:`.publish`), :mod:`.outputs` (figures, workbook, results.json, manifest,
index), :mod:`.progress` and :mod:`.render` (HTML and PDF). Importing this package
loads none of them; the two entry points import what they need.
"""

from __future__ import annotations

from typing import Any


def cli_report(args: Any) -> int:
    """``kompetensi report`` (see :func:`analysis.report.pipeline.cli_report`)."""
    from analysis.report.kernel import skip_slow_optional_imports

    skip_slow_optional_imports()
    from analysis.report.pipeline import cli_report as run

    return run(args)


def cli_params(args: Any) -> int:
    """``kompetensi params NOTEBOOK`` (see :func:`analysis.report.params.cli_params`)."""
    from analysis.report.params import cli_params as run

    return run(args)


__all__ = ["cli_params", "cli_report"]
