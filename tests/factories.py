"""Hand-made test data: tiny, readable tables with every required column filled.

Each builder takes only what a test cares about and fills the rest of the contract's
required columns with plain defaults, so a test shows the case in a few rows:

>>> ds = dataset(enrollments=enrollments([("N1", "E1", "P1", "2026-08-01", "2026-08-05", "completed")]))

Defaults: the three-unit city of :func:`units` (DINKES with its puskesmas PKM1, and DISDIK),
three staff E1-E3 (:func:`employees`), three programmes P1-P3 (:func:`programs`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import pandas as pd

from analysis.data.dataset import Dataset

ENROLLMENT_COLUMNS = ("enrollment_id", "employee_id", "program_id", "start_date", "end_date", "status",
                      "jp_credited")


def _frame(base: dict[str, list], overrides: dict[str, object]) -> pd.DataFrame:
    """``base`` with ``overrides`` applied; a scalar override is repeated for every row."""
    rows = len(next(iter(base.values())))
    columns = dict(base)
    for name, value in overrides.items():
        if isinstance(value, list | tuple | pd.Series):
            columns[name] = list(value)
        else:
            columns[name] = [value] * rows
    return pd.DataFrame(columns)


def units(**overrides: object) -> pd.DataFrame:
    """DINKES (an agency) with its puskesmas PKM1, and DISDIK."""
    return _frame({
        "unit_id": ["DINKES", "PKM1", "DISDIK"],
        "unit_name": ["Dinas Kesehatan", "Puskesmas 1", "Dinas Pendidikan"],
        "agency_id": ["DINKES", "DINKES", "DISDIK"],
        "sector": ["health", "health", "education"],
    }, overrides)


def employees(ids: Sequence[str] = ("E1", "E2", "E3"), **overrides: object) -> pd.DataFrame:
    """Staff ``ids`` (default E1-E3 in PKM1, DINKES, DISDIK), PNS staff unless overridden."""
    n = len(ids)
    default_units = ["PKM1", "DINKES", "DISDIK"]
    return _frame({
        "employee_id": list(ids),
        "unit_id": [default_units[i % 3] for i in range(n)],
        "employment_type": ["pns"] * n,
        "position_type": ["staff"] * n,
        "is_unit_head": [False] * n,
        "gender": ["F", "M"] * (n // 2) + ["F"] * (n % 2),
        "birth_year": [1985] * n,
        "education": ["s1"] * n,
        "hire_date": ["2015-01-01"] * n,
        "exit_date": [None] * n,
    }, overrides)


def programs(**overrides: object) -> pd.DataFrame:
    """P1 classroom (internal, 12 JP), P2 e-learning (government institute, 8 JP), P3 workshop
    (university, 30 JP)."""
    return _frame({
        "program_id": ["P1", "P2", "P3"],
        "title": ["Health services", "Leadership", "School management"],
        "modality": ["classroom", "e_learning", "workshop"],
        "domain": ["technical", "managerial", "managerial"],
        "provider_type": ["internal", "government_institute", "university"],
        "jp": [12.0, 8.0, 30.0],
        "cost_per_participant": [1_000_000.0, 200_000.0, 3_000_000.0],
    }, overrides)


def enrollments(rows: Iterable[Sequence[object]], columns: Sequence[str] = ENROLLMENT_COLUMNS,
                **extra: object) -> pd.DataFrame:
    """Enrolments from tuples in ``columns`` order (default: id, employee, programme, start, end,
    status, jp_credited; a shorter tuple leaves the last columns empty); ``extra`` adds columns."""
    rows = [tuple(r) + (None,) * (len(columns) - len(r)) for r in rows]
    frame = pd.DataFrame(rows, columns=list(columns))
    for name, value in extra.items():
        frame[name] = list(value) if isinstance(value, list | tuple) else value
    return frame


def dataset(**frames: pd.DataFrame | None) -> Dataset:
    """A typed :class:`Dataset`: the default units, staff and programmes unless given."""
    tables = {"units": units(), "employees": employees(), "programs": programs(), **frames}
    return Dataset.from_frames(**tables)


def share_columns(prefixes: Sequence[str], values: list[float], half_width: float) -> dict[str, list[float]]:
    """Columns of a shares table as the coverage functions return it: for each prefix, the
    shares and their interval ``value -/+ half_width`` (``<prefix>_ci_low``, ``<prefix>_ci_high``)."""
    out: dict[str, list[float]] = {}
    for col in prefixes:
        out |= {col: values, f"{col}_ci_low": [v - half_width for v in values],
                f"{col}_ci_high": [v + half_width for v in values]}
    return out
