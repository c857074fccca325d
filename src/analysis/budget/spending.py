"""Allocation, spending and absorption year-to-date, per agency or for the city.

Definitions (``docs/definitions.md``): the **spending** of an agency (OPD) is the
cost of its employees' enrollments, leavers included, counted in the quarter and
year of ``end_date``; **absorption** (year-to-date) is spending in year Y up to
the end of quarter Q divided by the allocation (*pagu*) for Y, undefined without
an allocation. Both are census quantities: no sampling interval.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

import numpy as np
import pandas as pd

from analysis.budget.facts import agency_ids, allocation, budget_facts, ytd_mask
from analysis.data.dataset import Dataset
from analysis.data.periods import format_period, parse_period, period_index

_COLUMNS = (
    "year",
    "period",
    "allocated_idr",
    "spending_ytd_idr",
    "spending_quarter_idr",
    "absorption",
    "no_allocation",
    "enrollments_ytd",
    "credited_jp_ytd",
    "cost_per_jp_ytd",
)


def _city_row(ytd: pd.DataFrame, in_q: pd.Series, alloc: pd.Series, p: pd.Period) -> pd.DataFrame:
    alloc_total = alloc.sum(min_count=1)
    return pd.DataFrame(
        {
            "year": [p.year],
            "period": [format_period(p)],
            "allocated_idr": [float(alloc_total) if pd.notna(alloc_total) else np.nan],
            "spending_ytd_idr": [float(ytd["cost_idr"].sum())],
            "spending_quarter_idr": [float(ytd.loc[in_q, "cost_idr"].sum())],
            "enrollments_ytd": [len(ytd)],
            "credited_jp_ytd": [float(ytd["credited_jp"].sum())],
        }
    )


def _agency_rows(
    ds: Dataset, ytd: pd.DataFrame, in_q: pd.Series, alloc: pd.Series, p: pd.Period
) -> pd.DataFrame:
    grouped = ytd.groupby("agency_id")
    sums = pd.DataFrame(
        {
            "spending_ytd_idr": grouped["cost_idr"].sum(),
            "spending_quarter_idr": ytd.loc[in_q].groupby("agency_id")["cost_idr"].sum(),
            "enrollments_ytd": grouped.size(),
            "credited_jp_ytd": grouped["credited_jp"].sum(),
        }
    )
    return agency_spending_rows(agency_ids(ds), sums, alloc, p)


def agency_spending_rows(
    agencies: pd.Series, sums: pd.DataFrame, alloc: pd.Series, p: pd.Period
) -> pd.DataFrame:
    """One row per agency (the OPDs ``agencies``, plus any with an allocation or spending) from the
    year-to-date sums per agency (``sums`` indexed by agency_id: ``spending_ytd_idr``,
    ``spending_quarter_idr``, ``enrollments_ytd``, ``credited_jp_ytd``) and the allocation; the
    pandas and the SQL (:mod:`analysis.scale`) sums alike."""
    ids = (
        pd.Index(agencies)
        .union(pd.Index(alloc.index.astype("string")))
        .union(pd.Index(sums.index.dropna().unique()).astype("string"))
    )
    out = pd.DataFrame({"agency_id": pd.array(sorted(ids), dtype="string")})
    out["year"] = p.year
    out["period"] = format_period(p)
    out["allocated_idr"] = out["agency_id"].map(alloc).astype(float)
    for col in ("spending_ytd_idr", "spending_quarter_idr", "credited_jp_ytd"):
        out[col] = out["agency_id"].map(sums[col]).fillna(0.0).astype(float)
    out["enrollments_ytd"] = out["agency_id"].map(sums["enrollments_ytd"]).fillna(0).astype(int)
    return out


def spending(
    ds: Dataset,
    period: str | pd.Period,
    by: Literal["agency_id"] | None = "agency_id",
    *,
    facts: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Allocation, spending, absorption and cost per JP, year-to-date, per agency or for the city.

    Parameters
    ----------
    ds
        The dataset.
    period
        Quarter Q (``"2026Q3"``); the fiscal year Y is its calendar year.
    by
        ``"agency_id"`` (one row per agency) or ``None`` (one row for the city).
    facts
        Optional :func:`analysis.data.definitions.enrollment_facts` of ``ds``, computed
        once by the caller and reused across calls (it is not modified).

    Returns
    -------
    DataFrame
        One row per agency (every OPD of the units table, plus any agency that
        has an allocation or spending), sorted by ``agency_id``, or one city row:

        - ``agency_id`` (absent when ``by=None``), ``year``, ``period``
        - ``allocated_idr``: allocation for Y (NaN when the agency has none)
        - ``spending_ytd_idr``: cost of the agency's employees' enrollments
          ending in Y up to the end of Q
        - ``spending_quarter_idr``: the same, ending in Q only
        - ``absorption``: spending_ytd_idr / allocated_idr (a share; may exceed 1)
        - ``no_allocation``: True when there is no allocation row for Y or it is 0;
          absorption is then NaN
        - ``enrollments_ytd``: enrollments ending in Y up to Q (any status)
        - ``credited_jp_ytd``: credited JP of those enrollments
        - ``cost_per_jp_ytd``: spending_ytd_idr / credited_jp_ytd (NaN without JP)

    Notes
    -----
    Spending follows ``docs/definitions.md`` exactly: cost is the enrollment's own
    cost if given, else the programme's cost per participant when attended, else 0,
    so registered and no-show enrollments cost nothing unless their own cost is
    recorded. Leavers' enrollments count for the agency of their (last) unit.
    The city row's allocation is the sum of all agencies' allocations for Y and
    its spending covers every enrollment, so city absorption is total spending /
    total allocation. Absorption is a census quantity: it has no sampling
    uncertainty.
    """
    if by not in ("agency_id", None):
        raise ValueError(f"by must be 'agency_id' or None; got {by!r}")
    p = parse_period(period)
    facts = budget_facts(ds, facts)
    ytd = facts.loc[ytd_mask(facts, p)]
    in_q = ytd["qidx"] == period_index(p)
    alloc = allocation(ds, p.year)
    out = _city_row(ytd, in_q, alloc, p) if by is None else _agency_rows(ds, ytd, in_q, alloc, p)
    return spending_table(out, by)


def spending_table(out: pd.DataFrame, by: Literal["agency_id"] | None) -> pd.DataFrame:
    """:func:`spending`'s absorption and cost per JP added to its rows (allocation and sums)."""
    out = out.copy()
    out["no_allocation"] = out["allocated_idr"].isna() | out["allocated_idr"].eq(0)
    out["absorption"] = (out["spending_ytd_idr"] / out["allocated_idr"]).where(
        ~out["no_allocation"]
    )
    jp = out["credited_jp_ytd"]
    out["cost_per_jp_ytd"] = (out["spending_ytd_idr"] / jp).where(jp > 0)
    return out[[*(["agency_id"] if by else []), *_COLUMNS]].reset_index(drop=True)


def over_allocation(spend: pd.DataFrame) -> dict[str, float]:
    """Agencies that spent more than their allocation so far in the year.

    Returns ``over`` (count of agencies with ``absorption`` > 1), ``with_allocation``
    (agencies with an allocation) and ``share`` (over / with_allocation; NaN
    when no agency has an allocation). A census count: no sampling CI.
    """
    with_alloc = spend.loc[~spend["no_allocation"]]
    over = int((with_alloc["absorption"] > 1).sum())
    return {"over": over, "with_allocation": len(with_alloc),
            "share": over / len(with_alloc) if len(with_alloc) else np.nan}


def agency_names(ds: Dataset) -> pd.Series:
    """Readable names looked up by agency id: ``unit_name`` of the unit whose ``unit_id`` equals it.

    An agency's head unit carries the agency's id (``SETDA``); ids without such a
    unit fall back to the id itself wherever the names are used.
    """
    return ds.units.set_index("unit_id")["unit_name"]


def with_agency_names(spend: pd.DataFrame, names: Mapping[str, str] | pd.Series) -> pd.DataFrame:
    """``spend`` with an ``agency`` column of readable names (for display)."""
    return spend.assign(agency=spend["agency_id"].map(names))
