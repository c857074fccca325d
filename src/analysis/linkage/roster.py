"""Per-employee building blocks of the unit panel: who is active at each quarter end, JP over windows of quarters, competency gaps.

Each function works on integer keys (``emp``, the employee's row position in
``ds.employees``; ``period_idx`` = year * 4 + quarter - 1) so a province of
~60,000 employees is handled with grouped array operations.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from analysis.data.dataset import Dataset
from analysis.data.definitions import active_mask
from analysis.data.periods import period_index, quarter_end


def quarter_index(periods: pd.Series) -> pd.Series:
    """Running quarter index (year * 4 + quarter - 1) of ``2026Q3``-style text."""
    text = periods.astype("string")
    year = text.str.slice(0, 4).astype("Int64")
    quarter = text.str.slice(-1).astype("Int64")
    return (year * 4 + quarter - 1).astype("Int64")


def quarter_text(index: np.ndarray | pd.Series) -> list[str]:
    """``2026Q3``-style text of running quarter indices (the inverse of :func:`quarter_index`)."""
    values = np.asarray(index, dtype=int)
    return [f"{v // 4}Q{v % 4 + 1}" for v in values]


def employee_quarters(ds: Dataset, quarters: Sequence[str]) -> pd.DataFrame:
    """One row per employee and quarter in which the employee is active at quarter end.

    ``emp`` is the employee's row position in ``ds.employees`` (an integer key that
    merges much faster than the pseudonym text).
    """
    emp = ds.employees
    parts = []
    for q in quarters:
        mask = active_mask(emp, quarter_end(q)).to_numpy()
        if mask.any():
            parts.append(
                pd.DataFrame(
                    {
                        "emp": np.flatnonzero(mask),
                        "unit_id": emp["unit_id"].to_numpy()[mask],
                        "period_idx": period_index(q),
                    }
                )
            )
    if not parts:
        return pd.DataFrame(
            {
                "emp": pd.Series(dtype="int64"),
                "unit_id": pd.Series(dtype="string"),
                "period_idx": pd.Series(dtype="int64"),
            }
        )
    out = pd.concat(parts, ignore_index=True)
    out["unit_id"] = out["unit_id"].astype("string")
    return out


def windowed_jp(jp: pd.DataFrame, offsets: Iterable[int], same_year: bool = False) -> pd.DataFrame:
    """Sum each employee's quarterly JP over source quarters ``target - k`` for k in ``offsets``.

    ``jp`` has emp (integer employee key), period_idx, jp. With ``same_year`` only source quarters in
    the target's calendar year count (year-to-date).
    """
    parts = []
    for k in offsets:
        shifted = jp.assign(period_idx=jp["period_idx"] + k)
        if same_year:
            shifted = shifted.loc[
                (jp["period_idx"] // 4).to_numpy() == (shifted["period_idx"] // 4).to_numpy()
            ]
        parts.append(shifted)
    if not parts:
        return jp.iloc[:0]
    return (
        pd.concat(parts, ignore_index=True)
        .groupby(["emp", "period_idx"], as_index=False)["jp"]
        .sum()
    )


def competency_gaps(
    ds: Dataset, staff: pd.DataFrame, quarters: Sequence[str], emp_index: pd.Index
) -> pd.DataFrame:
    """Per unit and quarter: assessed staff, mean gap and share with a gap (latest assessments).

    ``staff`` is :func:`employee_quarters`; ``emp_index`` the employee ids in row order.
    The gap of a domain is max(0, required_level - score) of the employee's latest
    assessment in that domain on or before the quarter's end; the mean runs over
    assessed staff and their domains, the share counts staff with any gap > 0.
    """
    cols = ["unit_id", "period_idx", "assessed_staff", "mean_competency_gap", "share_with_gap"]
    assess = ds.assessments
    if assess is None or assess.empty:
        return pd.DataFrame(columns=cols)
    a = assess.loc[
        assess["assessed_on"].notna(),
        ["employee_id", "domain", "assessed_on", "score", "required_level"],
    ]
    a = a.sort_values(["assessed_on"], kind="stable").reset_index(drop=True)
    gap = (a["required_level"].astype(float) - a["score"].astype(float)).clip(lower=0).to_numpy()
    emp_code, emp_names = pd.factorize(a["employee_id"])
    dom_code, dom_names = pd.factorize(a["domain"])
    key = emp_code.astype(np.int64) * max(len(dom_names), 1) + dom_code
    dates = a["assessed_on"].to_numpy()
    n_emp = len(emp_names)
    emp_pos = emp_index.get_indexer(emp_names)
    parts = []
    for q in quarters:
        cut = int(np.searchsorted(dates, np.datetime64(quarter_end(q)), side="right"))
        if cut == 0:
            continue
        # latest assessment per (employee, domain): the last occurrence of its key in date order
        rev_keys = key[:cut][::-1]
        _, first_in_rev = np.unique(rev_keys, return_index=True)
        rows = cut - 1 - first_in_rev
        e = emp_code[rows]
        g = gap[rows]
        n_domains = np.bincount(e, minlength=n_emp)
        gap_sum = np.bincount(e, weights=g, minlength=n_emp)
        gap_max = np.zeros(n_emp)
        np.maximum.at(gap_max, e, g)
        seen = n_domains > 0
        parts.append(
            pd.DataFrame(
                {
                    "emp": emp_pos[seen],
                    "gap_sum": gap_sum[seen],
                    "n_domains": n_domains[seen],
                    "gap_max": gap_max[seen],
                    "period_idx": period_index(q),
                }
            )
        )
    if not parts:
        return pd.DataFrame(columns=cols)
    emp_gap = pd.concat(parts, ignore_index=True)
    joined = staff.merge(emp_gap, on=["emp", "period_idx"], how="inner")
    joined["has_gap"] = (joined["gap_max"] > 0).astype(float)
    grouped = joined.groupby(["unit_id", "period_idx"], as_index=False).agg(
        assessed_staff=("emp", "size"),
        gap_sum=("gap_sum", "sum"),
        n_domains=("n_domains", "sum"),
        share_with_gap=("has_gap", "mean"),
    )
    grouped["mean_competency_gap"] = grouped["gap_sum"] / grouped["n_domains"]
    return grouped[cols]
