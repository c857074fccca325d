"""The report engine's exceptions: one small hierarchy whose messages say where and how to fix."""

from __future__ import annotations

from typing import Any


class ReportError(Exception):
    """Base class: a report run that cannot go on. ``str(err)`` is the message for the user."""


class ParameterError(ReportError):
    """Parameters that do not match a notebook's ``parameters`` cell (raised before any kernel starts).

    ``problems`` lists one readable line per unknown, missing or wrongly typed parameter.
    """

    def __init__(self, notebook: str, problems: list[str]) -> None:
        self.notebook = notebook
        self.problems = list(problems)
        lines = "\n".join(f"  - {p}" for p in self.problems)
        super().__init__(
            f"parameters do not match notebook {notebook}:\n{lines}\n"
            f"(list its parameters with `kompetensi params {notebook}`)"
        )


class NotebookFailed(ReportError):
    """A notebook raised (or timed out) while executing.

    Attributes name the notebook, the cell (1-based position in the source
    notebook, its first source line), the error, and where the executed notebook
    was kept for diagnosis.
    """

    def __init__(
        self,
        notebook: str,
        *,
        cell_number: int | None,
        cell_count: int | None,
        first_line: str,
        ename: str,
        evalue: str,
        executed_path: str | None = None,
        timed_out: bool = False,
    ) -> None:
        self.notebook = notebook
        self.cell_number = cell_number
        self.cell_count = cell_count
        self.first_line = first_line
        self.ename = ename
        self.evalue = evalue
        self.executed_path = executed_path
        self.timed_out = timed_out
        super().__init__(self._message())

    def _message(self) -> str:
        where = (
            f"cell {self.cell_number} of {self.cell_count}"
            if self.cell_number is not None
            else "an unknown cell"
        )
        if self.first_line:
            where += f" (`{self.first_line}`)"
        what = f"{self.ename}: {self.evalue}".strip().rstrip(":")
        if self.timed_out:
            what = f"timed out: {self.evalue}"
        msg = f"notebook {self.notebook} failed in {where}: {what}"
        if self.executed_path:
            msg += f"\nthe executed notebook, with the error, is kept at {self.executed_path}"
        return msg

    def with_executed_path(self, path: str) -> NotebookFailed:
        """The same failure, pointing at where the executed notebook was finally kept."""
        return NotebookFailed(
            self.notebook,
            cell_number=self.cell_number,
            cell_count=self.cell_count,
            first_line=self.first_line,
            ename=self.ename,
            evalue=self.evalue,
            executed_path=path,
            timed_out=self.timed_out,
        )

    def __reduce__(self):  # picklable across worker processes
        return (
            _rebuild_failure,
            (
                self.notebook,
                self.cell_number,
                self.cell_count,
                self.first_line,
                self.ename,
                self.evalue,
                self.executed_path,
                self.timed_out,
            ),
        )


def _rebuild_failure(notebook, cell_number, cell_count, first_line, ename, evalue, path, timed_out):
    return NotebookFailed(
        notebook,
        cell_number=cell_number,
        cell_count=cell_count,
        first_line=first_line,
        ename=ename,
        evalue=evalue,
        executed_path=path,
        timed_out=timed_out,
    )


class ExportFailed(ReportError):
    """Rendering an executed notebook to HTML or PDF failed."""


class WorkerCrashed(ReportError):
    """A worker process or its kernel died without reporting a result."""


class AuditFailed(ReportError):
    """The privacy audit found personal data or small cells in the build (not published)."""

    def __init__(self, findings: list[Any]) -> None:
        self.findings = findings
        lines = "\n".join(f"  {f}" for f in findings[:50])
        more = f"\n  ... and {len(findings) - 50} more" if len(findings) > 50 else ""
        super().__init__(f"the privacy audit found {len(findings)} problem(s); the report was not published "
                         f"(--allow-findings publishes it and records them):\n{lines}{more}")
