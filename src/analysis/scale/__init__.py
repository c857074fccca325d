"""KPI tables at any scale: pandas for a city, DuckDB over Parquet parts for a province or the nation.

:func:`kpi_tables` computes every KPI table by agency (20-JP compliance, participation,
spending and absorption, funding gap) and the unit panel for a data folder, with the engine
chosen by size (:func:`choose_engine`): the pandas functions of the question areas on
:func:`analysis.data.io.load_dataset` below :data:`DUCKDB_FROM_BYTES` of input, the SQL of
:mod:`analysis.scale.kpis` on :func:`analysis.data.engine.open_scaled` above it. Both give the
same tables (``tests/test_scale.py``); ``docs/scale.md`` has the measured limits.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Literal

import pandas as pd

from analysis.budget.gap import funding_gap
from analysis.budget.spending import spending
from analysis.coverage.rates import jp_compliance, participation
from analysis.data.dataset import Dataset
from analysis.data.engine import EngineSettings, open_scaled
from analysis.data.io import load_dataset
from analysis.data.periods import format_period
from analysis.linkage.panel import unit_panel
from analysis.scale import kpis

Engine = Literal["pandas", "duckdb", "auto"]
#: Input size from which :func:`choose_engine` picks DuckDB: Parquet parts of about 45,000
#: employees (the sample's province, 60,000 ASN, is 6.7 MB; 500,000 ASN are 54 MB). DuckDB
#: needs half pandas' CPU time on the province already (``docs/scale.md``).
DUCKDB_FROM_BYTES = 5_000_000
KPI_NAMES = ("jp_compliance", "participation", "spending", "funding_gap", "unit_panel")


def input_bytes(path: str | os.PathLike[str]) -> int:
    """Total size of the files under a data folder (or of one file)."""
    root = Path(path)
    if root.is_file():
        return root.stat().st_size
    return sum(f.stat().st_size for f in root.rglob("*") if f.is_file())


def choose_engine(path: str | os.PathLike[str], engine: Engine = "auto") -> Literal["pandas", "duckdb"]:
    """``engine`` unless ``"auto"``: DuckDB for a folder of Parquet parts of at least
    :data:`DUCKDB_FROM_BYTES`, pandas otherwise (CSV/XLSX exports, a city)."""
    if engine != "auto":
        return engine
    root = Path(path)
    parts = root.is_dir() and any(root.glob("*/*.parquet"))
    return "duckdb" if parts and input_bytes(root) >= DUCKDB_FROM_BYTES else "pandas"


def pandas_kpi_tables(ds: Dataset, period: str | pd.Period) -> dict[str, pd.DataFrame]:
    """Every KPI table by agency of ``period`` and the unit panel through it, by the pandas functions."""
    period = format_period(period)
    tables: dict[str, Callable[[], pd.DataFrame]] = {
        "jp_compliance": lambda: jp_compliance(ds, period, by="agency_id"),
        "participation": lambda: participation(ds, period, by="agency_id"),
        "spending": lambda: spending(ds, period, by="agency_id"),
        "funding_gap": lambda: funding_gap(ds, period, by="agency_id"),
        "unit_panel": lambda: unit_panel(ds, through=period),
    }
    return {name: make() for name, make in tables.items()}


def kpi_tables(
    path: str | os.PathLike[str],
    period: str | pd.Period | None = None,
    engine: Engine = "auto",
    settings: EngineSettings | None = None,
) -> dict[str, pd.DataFrame]:
    """Load and validate a data folder, then compute every KPI table by agency and the unit panel.

    Parameters
    ----------
    path
        Data folder (CSV/XLSX/Parquet, or Parquet parts per table).
    period
        The quarter; default the latest quarter with data.
    engine
        ``"pandas"``, ``"duckdb"`` or ``"auto"`` (:func:`choose_engine`).
    settings
        DuckDB memory limit and threads (DuckDB engine only).

    Returns
    -------
    dict
        :data:`KPI_NAMES` -> table; the same tables whichever engine ran.

    Raises
    ------
    DataValidationError
        Located problems (file, row, column), from either engine.
    """
    if choose_engine(path, engine) == "pandas":
        ds = load_dataset(path)
        return pandas_kpi_tables(ds, period or ds.latest_period)
    sd = open_scaled(path, settings)
    try:
        kpis.prepare(sd)
        return kpis.kpi_tables(sd, period or kpis.data_periods(sd)[-1])
    finally:
        sd.close()
