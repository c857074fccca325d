"""What was loaded and how complete it is: input files with their checksums, rows per
table, and missing values per column of the data contract (``data/README.md``)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.data.contract import TABLES
from analysis.data.dataset import Dataset


def loaded_files(ds: Dataset) -> pd.DataFrame:
    """Every input file read: ``file``, ``sha256``, ``tables`` (comma-separated), ``bytes``.

    Empty (with those columns) for a dataset built in memory.
    """
    rows = []
    for source in ds.files:
        path = Path(source.path)
        rows.append(
            {
                "file": path.name,
                "sha256": source.sha256,
                "tables": ", ".join(source.tables),
                "bytes": path.stat().st_size if path.exists() else pd.NA,
            }
        )
    out = pd.DataFrame(rows, columns=["file", "sha256", "tables", "bytes"])
    out["bytes"] = out["bytes"].astype("Int64")
    return out


def table_rows(ds: Dataset) -> pd.DataFrame:
    """Rows and columns of every table of the contract: ``table``, ``rows``, ``columns``, ``present``.

    An optional table that was not supplied (the survey) has ``present`` False and 0 rows.
    """
    rows = []
    for name, contract in TABLES.items():
        frame = ds.table(name)
        rows.append(
            {
                "table": name,
                "rows": 0 if frame is None else len(frame),
                "columns": 0 if frame is None else frame.shape[1],
                "present": frame is not None,
                "optional": contract.optional,
            }
        )
    return pd.DataFrame(rows)


def completeness(ds: Dataset, optional_only: bool = False) -> pd.DataFrame:
    """Missing values per column of the contract.

    Returns
    -------
    DataFrame
        One row per (table, column): ``table``, ``column``, ``required``,
        ``rows``, ``missing`` (count), ``share_missing`` (missing / rows; NaN for
        an empty table). With ``optional_only`` only optional columns.

    Notes
    -----
    Required columns are never missing after validation, so they show 0; the
    optional ones (scores, satisfaction, cost, exit dates, ...) say how much
    the analyses that need them can rest on. A missing ``exit_date`` means the
    employee is still in service, so it is expected, not a gap.
    """
    rows = []
    for name, contract in TABLES.items():
        frame = ds.table(name)
        if frame is None:
            continue
        for col in contract.columns:
            if optional_only and col.required:
                continue
            missing = int(frame[col.name].isna().sum()) if col.name in frame else len(frame)
            rows.append(
                {
                    "table": name,
                    "column": col.name,
                    "required": col.required,
                    "rows": len(frame),
                    "missing": missing,
                    "share_missing": missing / len(frame) if len(frame) else float("nan"),
                }
            )
    return pd.DataFrame(rows)


def optional_gaps(ds: Dataset) -> pd.DataFrame:
    """:func:`completeness` of the optional columns of the tables that have rows (what the
    data-quality page charts and lists)."""
    comp = completeness(ds, optional_only=True)
    return comp.loc[comp["rows"] > 0]
