"""What was loaded, how complete it is, and what changed since the previous quarter's data.

The data-quality notebook (``notebooks/00_data_quality.ipynb``) shows these
tables at the start of every report run, so a reader knows what the numbers
rest on before reading them.

- :func:`loaded_files`: every input file with its SHA-256 and the tables it held.
- :func:`table_rows`: rows and columns per table.
- :func:`completeness`: for every column of the contract, how many values are missing.
- :func:`agency_completeness`: per OPD, which data are there for the quarter
  (staff, enrolments, scores, service metrics, budget, assessments).
- :func:`compare_with_previous`: files and row counts against the previous
  run's ``manifest.json`` (and the ``results.json`` beside it).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from analysis.data.contract import TABLES
from analysis.data.dataset import Dataset
from analysis.data.definitions import active_staff, enrollment_facts
from analysis.data.periods import format_period, parse_period

#: Codes under which the notebook records the rows of each table (``data_quality.rows.<table>``).
ROWS_CODE = "data_quality.rows."


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


def agency_completeness(ds: Dataset, period: str | pd.Period) -> pd.DataFrame:
    """Which data each OPD has for ``period``.

    Returns
    -------
    DataFrame
        One row per agency (units whose ``agency_id`` is their own id), sorted
        by agency_id: ``agency_id``, ``agency_name``, ``units``, ``active_staff``
        (active at the end of the quarter), ``enrollments`` (ending in the
        quarter), ``share_scored`` (of completed enrollments ending in the
        quarter, the share with both pre and post scores; NaN without
        completions), ``service_metrics`` (rows for the quarter),
        ``has_budget`` (an allocation row for the quarter's year),
        ``assessed_staff`` (active staff with any assessment up to the quarter
        end), and ``gaps``: a comma-separated list of what is missing
        (``service_metrics``, ``budget``, ``assessments``, ``enrollments``).
    """
    period = format_period(period)
    year = parse_period(period).year
    end = parse_period(period).end_time.normalize()
    units = ds.units
    agencies = units.loc[units["unit_id"].eq(units["agency_id"]), ["unit_id", "unit_name"]]
    agencies = agencies.rename(columns={"unit_id": "agency_id", "unit_name": "agency_name"})
    out = agencies.set_index("agency_id")
    out["units"] = units.groupby("agency_id").size()
    staff = active_staff(ds, period)
    out["active_staff"] = staff.groupby("agency_id").size()
    facts = enrollment_facts(ds)
    now = facts.loc[facts["period"].eq(period)]
    out["enrollments"] = now.groupby("agency_id").size()
    done = now.loc[now["status"].eq("completed")]
    scored = done["pre_score"].notna() & done["post_score"].notna()
    out["share_scored"] = scored.groupby(done["agency_id"]).mean()
    metrics = ds.service_metrics.loc[ds.service_metrics["period"].eq(period)]
    metrics = metrics.merge(units[["unit_id", "agency_id"]], on="unit_id", how="left")
    out["service_metrics"] = metrics.groupby("agency_id").size()
    budget = ds.budget.loc[ds.budget["year"].eq(year)]
    out["has_budget"] = out.index.isin(budget["agency_id"])
    assessed = ds.assessments.loc[ds.assessments["assessed_on"] <= end, "employee_id"].unique()
    out["assessed_staff"] = staff.loc[staff["employee_id"].isin(assessed)].groupby("agency_id").size()
    for col in ("units", "active_staff", "enrollments", "service_metrics", "assessed_staff"):
        out[col] = out[col].fillna(0).astype(int)
    gaps = []
    for _, row in out.iterrows():
        missing = [
            name
            for name, absent in (
                ("enrollments", row["enrollments"] == 0),
                ("service_metrics", row["service_metrics"] == 0),
                ("budget", not row["has_budget"]),
                ("assessments", row["assessed_staff"] == 0),
            )
            if absent
        ]
        gaps.append(", ".join(missing))
    out["gaps"] = gaps
    return out.reset_index().sort_values("agency_id").reset_index(drop=True)


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
