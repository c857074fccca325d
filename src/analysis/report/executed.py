"""An executed notebook, read and tidied: the failing cell found, counts renumbered, paths aliased.

Papermill marks a failing cell (an ``error`` output, or ``metadata.papermill.status``);
:func:`failure_from` turns that into a :class:`~analysis.report.errors.NotebookFailed`
naming the cell as numbered in the source notebook.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from analysis.report.errors import NotebookFailed

if TYPE_CHECKING:
    import nbformat

def _first_line(source: str) -> str:
    for line in source.splitlines():
        if line.strip():
            text = line.strip()
            return text if len(text) <= 80 else text[:77] + "..."
    return ""


def failure_from(
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

def has_error(nb: nbformat.NotebookNode) -> bool:
    for cell in nb.cells:
        for output in cell.get("outputs", []) or []:
            if output.get("output_type") == "error" and not (
                output.get("ename") == "SystemExit" and output.get("evalue") in ("", "0")
            ):
                return True
    return False


def alias_paths(nb: nbformat.NotebookNode, old: str, new: str) -> None:
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


def renumber(nb: nbformat.NotebookNode) -> None:
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
