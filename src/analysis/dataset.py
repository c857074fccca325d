"""The validated, typed, pseudonymised dataset every analysis takes."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .contract import TABLES
from .periods import format_period, period_of


@dataclass(frozen=True)
class SourceFile:
    """One input file that was read: where, its SHA-256, and which tables came from it."""

    path: Path
    sha256: str
    tables: tuple[str, ...]


@dataclass(frozen=True)
class Dataset:
    """Typed frames of contract v1, one attribute per table.

    Column dtypes: ``id``/``text``/``code``/``nip``/``period`` columns are strings
    (``period`` canonical ``2026Q3``), ``date`` columns ``datetime64[ns]`` (``NaT`` when
    missing), ``int`` nullable ``Int64``, ``float``/``money`` ``float64``, ``bool``
    ``bool``. ``employee_id`` holds pseudonyms (``ASN-...``), never raw NIPs.
    ``survey`` is ``None`` when the optional table is absent.
    Frames are shared, not copied: analysis functions must not mutate them.
    """

    units: pd.DataFrame
    employees: pd.DataFrame
    programs: pd.DataFrame
    enrollments: pd.DataFrame
    assessments: pd.DataFrame
    service_metrics: pd.DataFrame
    budget: pd.DataFrame
    recognitions: pd.DataFrame
    survey: pd.DataFrame | None = None
    source: Path | None = None
    files: tuple[SourceFile, ...] = ()
    warnings: tuple[str, ...] = field(default_factory=tuple)

    def table(self, name: str) -> pd.DataFrame | None:
        """A table by its contract name."""
        if name not in TABLES:
            raise KeyError(f"unknown table {name!r}; the contract has {', '.join(TABLES)}")
        return getattr(self, name)

    @property
    def tables(self) -> dict[str, pd.DataFrame]:
        """Every present table by name, in contract order."""
        return {n: getattr(self, n) for n in TABLES if getattr(self, n) is not None}

    @property
    def periods(self) -> list[str]:
        """Quarters with any enrollment ending or any service metric, sorted."""
        found: set[str] = set(period_of(self.enrollments["end_date"]).dropna().unique())
        found |= set(self.service_metrics["period"].dropna().unique())
        return sorted(found, key=lambda p: (int(p[:4]), int(p[-1])))

    @property
    def latest_period(self) -> str:
        """The latest quarter that has data (enrollment end dates or service metrics)."""
        if not self.periods:
            raise ValueError("the dataset has no enrollments or service metrics, so no period")
        return format_period(self.periods[-1])

    def summary(self) -> dict[str, object]:
        """Counts per table, period range and agency count, for ``kompetensi validate``."""
        periods = self.periods
        return {
            "rows": {name: len(frame) for name, frame in self.tables.items()},
            "first_period": periods[0] if periods else None,
            "latest_period": periods[-1] if periods else None,
            "agencies": int((self.units["unit_id"] == self.units["agency_id"]).sum()),
            "units": len(self.units),
            "employees": len(self.employees),
        }
