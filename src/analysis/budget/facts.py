"""The enrollment facts the budget reads, the quarter windows over them, and each agency's allocation.

Every budget number starts from :func:`analysis.data.definitions.enrollment_facts`
(cost and credited JP per enrollment, ``docs/definitions.md``) with the running
quarter index of ``end_date`` added (:func:`budget_facts`); spending is counted
year-to-date (:func:`ytd_mask`), costs per JP over trailing windows
(:func:`window_mask`).
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from analysis.data.dataset import Dataset
from analysis.data.definitions import enrollment_facts
from analysis.data.periods import parse_period, period_index
from analysis.data.staff import as_column_list

#: The annual minimum of competency development per ASN (PP 11/2017 art. 203).
TARGET_JP = 20.0
#: Columns of the enrollment facts a cost per JP can be grouped by.
GROUPABLE = ("agency_id", "unit_id", "sector", "modality", "provider_type", "domain", "program_id")
#: Programme columns that name a training format (for the format mix).
FORMAT_COLUMNS = ("modality", "provider_type", "domain")

_REQUIRED = ("end_date", "status", "cost_idr", "credited_jp", "decided", "agency_id")


def check_by(by: str | Sequence[str] | None, allowed: Sequence[str] = GROUPABLE) -> list[str]:
    """``by`` as a list of columns, each one of ``allowed`` (else a ValueError naming them)."""
    cols = as_column_list(by)
    bad = [c for c in cols if c not in allowed]
    if bad:
        raise ValueError(f"cannot group by {bad}; choose from {', '.join(allowed)} or None")
    return cols


def budget_facts(ds: Dataset, facts: pd.DataFrame | None = None) -> pd.DataFrame:
    """Enrollment facts (computed, or the caller's, never mutated) with ``qidx`` and ``completed``.

    ``qidx`` is the running quarter index of ``end_date`` (year * 4 + quarter - 1);
    ``completed`` is ``status == "completed"``.
    """
    base = enrollment_facts(ds) if facts is None else facts
    missing = [c for c in _REQUIRED if c not in base]
    if missing:
        raise ValueError(
            f"facts lacks columns {missing}; pass analysis.data.definitions.enrollment_facts(ds)"
        )
    end = base["end_date"]
    return base.assign(
        qidx=(end.dt.year * 4 + end.dt.quarter - 1).astype("Int64"),
        completed=base["status"].eq("completed"),
    )


def ytd_mask(facts: pd.DataFrame, period: str | pd.Period) -> pd.Series:
    """Enrollments ending in ``period``'s year up to and including ``period``."""
    p = parse_period(period)
    return ((facts["qidx"] >= p.year * 4) & (facts["qidx"] <= period_index(p))).fillna(False)


def window_mask(facts: pd.DataFrame, period: str | pd.Period, quarters: int) -> pd.Series:
    """Enrollments ending in the ``quarters`` quarters up to and including ``period``."""
    last = period_index(period)
    return ((facts["qidx"] > last - quarters) & (facts["qidx"] <= last)).fillna(False)


def agency_ids(ds: Dataset) -> pd.Series:
    """Agency ids: OPD rows of the units table (``agency_id == unit_id``)."""
    units = ds.units
    return units.loc[units["unit_id"] == units["agency_id"], "unit_id"].astype("string")


def allocation(ds: Dataset, year: int) -> pd.Series:
    """Each agency's allocation (``allocated_idr``) for ``year``, by ``agency_id``."""
    budget = ds.budget
    rows = budget.loc[budget["year"] == year]
    return rows.groupby("agency_id")["allocated_idr"].sum(min_count=1)
