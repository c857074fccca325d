"""The validated, typed, pseudonymised dataset every analysis takes."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analysis.data.contract import TABLES, Table
from analysis.data.periods import format_period, period_of

#: pandas dtype of each contract column type.
DTYPES: dict[str, str] = {
    "id": "string",
    "text": "string",
    "code": "string",
    "nip": "string",
    "period": "string",
    "int": "Int64",
    "float": "float64",
    "money": "float64",
    "bool": "bool",
    "date": "datetime64[ns]",
}


def typed_frame(contract: Table, frame: pd.DataFrame) -> pd.DataFrame:
    """Coerce an already-clean frame to the contract's dtypes; add missing optional columns.

    Contract columns come first, in contract order; extra (optional, user-added)
    columns are kept after them. No validation happens here: values that do not
    convert raise. The loader validates first; tests build hand-made cases with it.
    """
    out = pd.DataFrame(index=pd.RangeIndex(len(frame)))
    src = frame.reset_index(drop=True)
    for col in contract.columns:
        if col.name in src:
            values = src[col.name]
        else:
            default = col.default if col.default is not None else pd.NA
            values = pd.Series([default] * len(src), dtype="object")
        if col.default is not None:
            values = values.where(values.notna(), col.default)
        dtype = DTYPES[col.type]
        if col.type == "date":
            out[col.name] = pd.to_datetime(values).astype("datetime64[ns]")
        elif col.type == "period":
            out[col.name] = values.map(lambda v: v if pd.isna(v) else format_period(v)).astype(dtype)
        elif col.type == "bool":
            out[col.name] = values.astype(bool)
        elif col.type in ("int", "float", "money"):
            out[col.name] = pd.to_numeric(values).astype(dtype)
        else:
            out[col.name] = values.astype(dtype)
    for extra in src.columns.difference(contract.column_names, sort=False):
        out[extra] = src[extra]
    return out


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

    Frames derived from the tables that many analyses need (the staff roster, the
    enrollment facts, staff attributes per quarter) are computed once per dataset
    object and kept on it (:meth:`derived`); a dataset made from another one
    (``dataclasses.replace``, :func:`analysis.data.scope.restrict_to_agency`) starts
    with none.
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
    source: Path | str | None = None  # a folder or file, or a database URL (without password)
    files: tuple[SourceFile, ...] = ()
    warnings: tuple[str, ...] = field(default_factory=tuple)
    _derived: dict[Hashable, pd.DataFrame] = field(default_factory=dict, init=False, repr=False, compare=False)

    @classmethod
    def from_frames(cls, **frames: pd.DataFrame | None) -> Dataset:
        """Build a Dataset from clean frames (typed per the contract, not validated).

        Missing optional tables become empty frames (``survey`` stays ``None``);
        missing optional columns are added empty. For hand-made test cases and for
        the loader after validation.
        """
        unknown = set(frames) - set(TABLES)
        if unknown:
            raise KeyError(f"unknown tables {sorted(unknown)}; the contract has {', '.join(TABLES)}")
        typed: dict[str, pd.DataFrame | None] = {}
        for name, contract in TABLES.items():
            frame = frames.get(name)
            if frame is None:
                typed[name] = None if contract.optional else typed_frame(contract, pd.DataFrame())
            else:
                typed[name] = typed_frame(contract, pd.DataFrame(frame))
        return cls(**typed)  # type: ignore[arg-type]

    def derived(self, key: Hashable, build: Callable[[], pd.DataFrame]) -> pd.DataFrame:
        """The frame ``build()`` derives from this dataset's tables, computed once per dataset.

        ``key`` names the frame and its arguments (e.g. ``("staff_attributes", "2026Q3", True)``);
        the first call computes it, later calls return a copy of the kept frame (so a caller
        may change what it gets). The tables must not change after the first call (they never
        do: analysis functions do not mutate them).
        """
        if key not in self._derived:
            self._derived[key] = build()
        return self._derived[key].copy()

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
        """Quarters with any decided enrollment ending or any service metric, sorted.

        ``registered`` enrollments are pending (often in the future) and do not make
        a quarter part of the data.
        """
        decided = self.enrollments["status"] != "registered"
        found: set[str] = set(period_of(self.enrollments.loc[decided, "end_date"]).dropna().unique())
        found |= set(self.service_metrics["period"].dropna().unique())
        return sorted(found, key=lambda p: (int(p[:4]), int(p[-1])))

    @property
    def latest_period(self) -> str:
        """The latest quarter that has data (decided enrollments' end dates or service metrics)."""
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
