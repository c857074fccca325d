"""Spending, absorption and cost per JP quarter by quarter, and the year-on-year change of the cost per JP."""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd
from scipy import stats

from analysis.budget.cost import cost_table
from analysis.budget.facts import budget_facts
from analysis.budget.spending import spending
from analysis.data.dataset import Dataset
from analysis.data.periods import format_period, parse_period, period_index, shift_period
from analysis.stats.verdict import excludes

_COST_COLUMNS = ("enrollments", "credited_jp", "cost_per_jp", "std_error", "ci_low", "ci_high")
_COLUMNS = (
    "period",
    "year",
    "spending_quarter_idr",
    "spending_ytd_idr",
    "allocated_idr",
    "absorption",
    "credited_jp",
    "enrollments",
    "cost_per_jp",
    "std_error",
    "ci_low",
    "ci_high",
)


def budget_trend(
    ds: Dataset,
    through: str | pd.Period,
    quarters: int = 8,
    *,
    by: Literal["agency_id"] | None = None,
    level: float = 0.95,
    facts: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Spending, absorption and cost per JP quarter by quarter.

    Parameters
    ----------
    ds, through
        Dataset and the last quarter shown.
    quarters
        How many quarters up to ``through`` (default 8).
    by
        ``None`` (city, default) or ``"agency_id"``.
    facts
        Optional precomputed :func:`analysis.data.definitions.enrollment_facts` of ``ds`` (not modified).

    Returns
    -------
    DataFrame
        One row per quarter (per agency when ``by="agency_id"``) for the
        ``quarters`` quarters up to ``through``: ``period``, ``year``,
        ``spending_quarter_idr``, ``spending_ytd_idr``, ``allocated_idr``,
        ``absorption`` (year-to-date, as :func:`analysis.budget.spending.spending`),
        ``credited_jp`` (in the quarter), ``enrollments``, ``cost_per_jp`` (the
        quarter's spending / its credited JP) with ``std_error``,
        ``ci_low``/``ci_high`` (delta method, :func:`analysis.stats.intervals.ratio_ci`).

    Notes
    -----
    Absorption restarts every January (year-to-date). The quarter's cost per
    JP uses enrollments ending in that quarter only, so it is noisier than the
    trailing-four-quarter figure of :func:`analysis.budget.cost.cost_per_jp`.
    """
    if quarters < 1:
        raise ValueError(f"quarters must be >= 1; got {quarters}")
    if by not in ("agency_id", None):
        raise ValueError(f"by must be 'agency_id' or None; got {by!r}")
    last = parse_period(through)
    facts = budget_facts(ds, facts)
    cols = [by] if by else []
    frames = []
    for k in range(quarters - 1, -1, -1):
        q = shift_period(last, -k)
        spend = spending(ds, q, by=by, facts=facts)
        in_q = facts.loc[facts["qidx"] == period_index(q)]
        cpj = cost_table(in_q, cols, level=level)[[*cols, *_COST_COLUMNS]]
        frames.append(spend.merge(cpj, on=by, how="left") if by else pd.concat([spend, cpj], axis=1))
    out = pd.concat(frames, ignore_index=True)
    out["enrollments"] = out["enrollments"].fillna(0).astype(int)
    out["credited_jp"] = out["credited_jp"].fillna(0.0)
    return out[[*cols, *_COLUMNS]]


def cost_per_jp_change(
    trend: pd.DataFrame, period: str | pd.Period, lag: int = 4, *, level: float = 0.95
) -> dict[str, object]:
    """Change in a quarter's cost per JP against ``lag`` quarters earlier, with a CI.

    Parameters
    ----------
    trend
        City-level :func:`budget_trend` output covering both quarters.
    period
        The later quarter; the earlier one is ``lag`` quarters before (default
        4: the same quarter a year earlier, which removes seasonality).

    Returns
    -------
    dict
        ``period``, ``earlier``, ``estimate`` (later minus earlier, IDR per JP),
        ``std_error``, ``ci_low``, ``ci_high``, ``differs`` (CI excludes 0,
        :func:`analysis.stats.verdict.excludes`), ``before``, ``after`` (the two
        costs per JP); estimate NaN when either quarter is missing or has no credited JP.

    Notes
    -----
    The two quarters hold disjoint enrollments, so their delta-method
    estimates are treated as independent: SE = sqrt(SE_1^2 + SE_2^2).
    """
    later = format_period(period)
    earlier = shift_period(later, -lag)
    t = trend.set_index("period") if "period" in trend else trend
    out: dict[str, object] = {"period": later, "earlier": earlier}
    nan = dict.fromkeys(("estimate", "std_error", "ci_low", "ci_high", "before", "after"), np.nan)
    if later not in t.index or earlier not in t.index:
        return {**out, **nan, "differs": False}
    a, b = t.loc[earlier], t.loc[later]
    est = float(b["cost_per_jp"] - a["cost_per_jp"])
    se = float(np.hypot(a["std_error"], b["std_error"]))
    q = stats.norm.ppf(0.5 + level / 2)
    low, high = est - q * se, est + q * se
    return {
        **out,
        "estimate": est,
        "std_error": se,
        "ci_low": low,
        "ci_high": high,
        "differs": excludes(low, high),
        "before": float(a["cost_per_jp"]),
        "after": float(b["cost_per_jp"]),
    }
