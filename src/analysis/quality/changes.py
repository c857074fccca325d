"""What changed since the previous quarter's report: input files (by checksum) and rows per
table, read from that report's ``manifest.json`` (and the ``results.json`` beside it)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from analysis.data.dataset import Dataset
from analysis.quality.codes import ROWS_CODE
from analysis.quality.inventory import table_rows

#: The states of an input file against the previous report (:func:`compare_with_previous`).
FILE_STATES: tuple[str, ...] = ("unchanged", "changed", "new", "removed")


def read_previous(manifest_path: str | Path | None) -> dict[str, Any] | None:
    """The previous run's manifest, with the rows per table it recorded, or ``None``.

    Rows come from the manifest's ``rows`` mapping when it has one, else from
    the ``data_quality.rows.<table>`` numbers of the ``results.json`` beside it.
    A missing or unreadable file gives ``None`` (the comparison is then skipped).
    """
    if manifest_path in (None, "", "None"):
        return None
    path = Path(str(manifest_path))
    if not path.exists():
        return None
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return None
    rows = dict(manifest.get("rows") or {})
    results = path.with_name("results.json")
    if not rows and results.exists():
        try:
            numbers = json.loads(results.read_text(encoding="utf-8")).get("numbers", [])
        except (OSError, json.JSONDecodeError):
            numbers = []
        for number in numbers:
            code = str(number.get("code", ""))
            if code.startswith(ROWS_CODE) and number.get("estimate") is not None:
                rows[code.removeprefix(ROWS_CODE)] = int(number["estimate"])
    return {"period": manifest.get("period"), "inputs": manifest.get("inputs") or [], "rows": rows}


def compare_with_previous(ds: Dataset, previous: Mapping[str, Any] | None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Files and rows per table now against the previous run (:func:`read_previous`).

    Returns
    -------
    (files, rows)
        ``files``: ``file``, ``sha256_now``, ``sha256_before``, ``status``
        (``unchanged``, ``changed``, ``new``, ``removed``), matched by file name.
        ``rows``: ``table``, ``rows_now``, ``rows_before``, ``change`` (NaN when
        the previous count is unknown). Both empty when ``previous`` is ``None``.
    """
    files_cols = ["file", "sha256_now", "sha256_before", "status"]
    rows_cols = ["table", "rows_now", "rows_before", "change"]
    if not previous:
        return pd.DataFrame(columns=files_cols), pd.DataFrame(columns=rows_cols)
    now = {Path(str(s.path)).name: s.sha256 for s in ds.files}
    before = {Path(str(f.get("path", ""))).name: f.get("sha256") for f in previous.get("inputs", [])}
    files = []
    for name in sorted(set(now) | set(before)):
        a, b = now.get(name), before.get(name)
        status = "new" if b is None else "removed" if a is None else "unchanged" if a == b else "changed"
        files.append({"file": name, "sha256_now": a, "sha256_before": b, "status": status})
    counts = table_rows(ds).set_index("table")["rows"]
    prev_rows = previous.get("rows") or {}
    rows = []
    for table, n in counts.items():
        b = prev_rows.get(table)
        rows.append(
            {
                "table": table,
                "rows_now": int(n),
                "rows_before": pd.NA if b is None else int(b),
                "change": float("nan") if b is None else int(n) - int(b),
            }
        )
    out_rows = pd.DataFrame(rows, columns=rows_cols)
    out_rows["rows_before"] = out_rows["rows_before"].astype("Int64")
    return pd.DataFrame(files, columns=files_cols), out_rows


def file_state_counts(files: pd.DataFrame) -> dict[str, int]:
    """How many files of a :func:`compare_with_previous` ``files`` frame are in each of
    :data:`FILE_STATES` (0 for a state no file is in)."""
    counts = files["status"].value_counts()
    return {state: int(counts.get(state, 0)) for state in FILE_STATES}
