"""Every headline coverage rate quarter by quarter, and each rate's change against the same
quarter a year earlier (Newcombe interval)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.coverage.rates import (
    NOT_REACHED_QUARTERS,
    compliance_frame,
    not_reached_frame,
    participation_frame,
)
from analysis.data.dataset import Dataset
from analysis.data.definitions import enrollment_facts
from analysis.data.periods import format_period, period_range, shift_period
from analysis.data.staff import as_column_list, check_group_columns, staff_attributes
from analysis.stats.verdict import excludes

#: Headline rates of :func:`trend`, with the column each comes from.
HEADLINE_RATES: tuple[str, ...] = (
    "share_meeting_20jp",
    "share_on_track",
    "participation_rate",
    "completion_rate",
    "no_show_rate",
    "dropout_rate",
    "share_not_reached",
)
#: Columns of :func:`year_on_year`.
YEAR_ON_YEAR_COLUMNS: list[str] = ["metric", "period", "previous_period", "estimate", "previous", "change",
                                   "change_ci_low", "change_ci_high", "n", "n_previous", "clear"]


def _metric_block(frame: pd.DataFrame, by: list[str], quarter: str, metric: str, n_col: str) -> pd.DataFrame:
    """Rows of :func:`trend` for one rate of one quarter (one per group)."""
    block = frame[by].copy() if by else pd.DataFrame(index=frame.index)
    block["metric"] = metric
    block["estimate"] = frame[metric].astype(float)
    block["ci_low"] = frame[f"{metric}_ci_low"].astype(float)
    block["ci_high"] = frame[f"{metric}_ci_high"].astype(float)
    block["n"] = frame[n_col].astype(int)
    block.insert(0, "period", quarter)
    return block


def _jp_mean_block(comp: pd.DataFrame, by: list[str], quarter: str) -> pd.DataFrame:
    """The ``jp_mean`` rows of :func:`trend` for one quarter (no interval)."""
    block = comp[by].copy() if by else pd.DataFrame(index=comp.index)
    block["metric"] = "jp_mean"
    block["estimate"] = comp["jp_mean"].astype(float)
    block["ci_low"] = np.nan
    block["ci_high"] = np.nan
    block["n"] = comp["active_staff"].astype(int)
    block.insert(0, "period", quarter)
    return block


def _quarter_blocks(ds: Dataset, facts: pd.DataFrame, q: str, by: list[str]) -> list[pd.DataFrame]:
    """Every block of :func:`trend` rows for quarter ``q``."""
    staff = staff_attributes(ds, q)
    check_group_columns(staff, by)
    comp = compliance_frame(staff, facts, q, by)
    part = participation_frame(staff, facts, q, by, staff_attributes(ds, q, active_only=False))
    gone = not_reached_frame(staff, facts, q, by, NOT_REACHED_QUARTERS)
    blocks = []
    for frame, metrics, n_col in (
        (comp, ("share_meeting_20jp", "share_on_track"), "active_staff"),
        (part, ("participation_rate",), "staff"),
        (part, ("completion_rate", "no_show_rate", "dropout_rate"), "enrollments"),
        (gone, ("share_not_reached",), "active_staff"),
    ):
        blocks += [_metric_block(frame, by, q, metric, n_col) for metric in metrics]
    blocks.append(_jp_mean_block(comp, by, q))
    return blocks


def trend(
    ds: Dataset, period: str | pd.Period, quarters: int = 8, by: str | None = None
) -> pd.DataFrame:
    """Every headline coverage rate for each of the last ``quarters`` quarters up to ``period``.

    Returns
    -------
    DataFrame
        Tidy, one row per (quarter, rate[, group]): ``period``, ``<by>`` when
        given, ``metric`` (one of :data:`HEADLINE_RATES` or ``jp_mean``),
        ``estimate``, ``ci_low``, ``ci_high`` (Wilson 95%; NaN for ``jp_mean``),
        ``n`` (the denominator: active staff, or decided enrollments for
        completion / no-show / drop-out).

    Notes
    -----
    ``share_meeting_20jp`` is year-to-date, so it rises through each year and
    falls back in Q1; compare a quarter with the same quarter a year earlier.
    ``share_not_reached`` uses the four quarters up to each quarter.
    """
    if quarters < 1:
        raise ValueError(f"quarters must be >= 1; got {quarters}")
    period = format_period(period)
    by_cols = as_column_list(by)
    facts = enrollment_facts(ds)
    rows = []
    for q in period_range(shift_period(period, -(quarters - 1)), period):
        rows += _quarter_blocks(ds, facts, q, by_cols)
    out = pd.concat(rows, ignore_index=True)
    out["period"] = out["period"].astype("string")
    out["metric"] = out["metric"].astype("string")
    return out


def _newcombe_row(metric: str, a: pd.Series, b: pd.Series, last: str, before: str) -> dict[str, object]:
    """One row of :func:`year_on_year`: now (``a``) against then (``b``)."""
    d = float(a["estimate"] - b["estimate"])
    low = d - np.sqrt((a["estimate"] - a["ci_low"]) ** 2 + (b["ci_high"] - b["estimate"]) ** 2)
    high = d + np.sqrt((a["ci_high"] - a["estimate"]) ** 2 + (b["estimate"] - b["ci_low"]) ** 2)
    return {"metric": metric, "period": last, "previous_period": before,
            "estimate": float(a["estimate"]), "previous": float(b["estimate"]), "change": d,
            "change_ci_low": float(low), "change_ci_high": float(high), "n": int(a["n"]),
            "n_previous": int(b["n"]), "clear": excludes(float(low), float(high))}


def year_on_year(trend_frame: pd.DataFrame, lag: int = 4) -> pd.DataFrame:
    """Change of each rate in a :func:`trend` frame between its last quarter and ``lag``
    quarters earlier (default the same quarter a year before), with a 95% CI.

    Parameters
    ----------
    trend_frame
        The frame of :func:`trend` (without a ``by`` column) or of
        :func:`analysis.outcomes.trend`.
    lag
        Quarters back (4: same quarter last year, which keeps the
        year-to-date 20-JP share comparable).

    Returns
    -------
    DataFrame
        One row per metric with a CI in both quarters: ``metric``, ``period``,
        ``previous_period``, ``estimate``, ``previous``, ``change``,
        ``change_ci_low``, ``change_ci_high``, ``n``, ``n_previous``, ``clear``
        (the CI excludes 0, :func:`analysis.stats.verdict.excludes`).

    Notes
    -----
    Newcombe's (1998, method 10) hybrid interval for a difference of two
    proportions built from each quarter's Wilson limits (and, for means, the
    same square-and-add of the two half-widths, which equals the Welch
    large-sample interval). It treats the two quarters as independent samples;
    the same staff appear in both, which usually makes the true interval
    narrower, so the interval is conservative.

    References
    ----------
    Newcombe, R. G. (1998). Interval estimation for the difference between
    independent proportions. *Statistics in Medicine* 17, 873-890.
    """
    if trend_frame.duplicated(["period", "metric"]).any():
        raise ValueError("year_on_year expects one row per period and metric: a trend without groups")
    periods = sorted(trend_frame["period"].unique(), key=lambda p: (int(p[:4]), int(p[-1])))
    if not periods:
        return pd.DataFrame(columns=YEAR_ON_YEAR_COLUMNS)
    last = periods[-1]
    before = shift_period(last, -lag)
    now = trend_frame.loc[trend_frame["period"].eq(last)].set_index("metric")
    then = trend_frame.loc[trend_frame["period"].eq(before)].set_index("metric")
    rows = []
    for metric in now.index:
        if metric not in then.index:
            continue
        a, b = now.loc[metric], then.loc[metric]
        if any(pd.isna(v) for v in (a["ci_low"], a["ci_high"], b["ci_low"], b["ci_high"])):
            continue
        rows.append(_newcombe_row(metric, a, b, last, before))
    return pd.DataFrame(rows, columns=YEAR_ON_YEAR_COLUMNS)
