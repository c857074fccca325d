"""Every headline coverage rate quarter by quarter, and each rate's change against the same
quarter a year earlier (Newcombe interval)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.coverage.rates import (
    compliance_frame,
    not_reached_frame,
    participation_frame,
    quarter_people,
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


#: The rows of :func:`trend` per quarter, in order: (frame of the quarter, rate, denominator column);
#: the frames are ``compliance``, ``participation`` and ``not_reached`` (one row per group).
_TREND_ROWS: tuple[tuple[str, str, str], ...] = (
    ("compliance", "share_meeting_20jp", "active_staff"),
    ("compliance", "share_on_track", "active_staff"),
    ("participation", "participation_rate", "staff"),
    ("participation", "completion_rate", "enrollments"),
    ("participation", "no_show_rate", "enrollments"),
    ("participation", "dropout_rate", "enrollments"),
    ("not_reached", "share_not_reached", "active_staff"),
    ("compliance", "jp_mean", "active_staff"),
)


def _quarter_frames(ds: Dataset, facts: pd.DataFrame, q: str, by: list[str]) -> dict[str, pd.DataFrame]:
    """The compliance, participation and not-reached frames of quarter ``q`` (one row per group)."""
    people = quarter_people(ds, q)
    check_group_columns(people, by)
    everyone = staff_attributes(ds, q, active_only=False) if by else None
    return {"compliance": compliance_frame(people, q, by),
            "participation": participation_frame(people, facts, q, by, everyone),
            "not_reached": not_reached_frame(people, by)}


def _trend_rows(quarters: list[tuple[str, dict[str, pd.DataFrame]]], by: list[str]) -> pd.DataFrame:
    """The rows of :func:`trend`: per quarter, per rate of :data:`_TREND_ROWS`, one row per group."""
    parts = [(q, metric, frames[kind], n_col) for q, frames in quarters for kind, metric, n_col in _TREND_ROWS]
    sizes = [len(frame) for _, _, frame, _ in parts]

    out = pd.DataFrame({"period": np.repeat([q for q, _, _, _ in parts], sizes)})
    if by:
        groups = pd.concat([frame[by] for _, _, frame, _ in parts], ignore_index=True)
        for col in by:
            out[col] = groups[col]
    out["metric"] = np.repeat([metric for _, metric, _, _ in parts], sizes)

    def stacked(column: str) -> np.ndarray:  # a rate's own column; NaN where it has none (jp_mean's CI)
        return np.concatenate([frame[c].to_numpy(dtype=float) if (c := column.format(metric)) in frame
                               else np.full(len(frame), np.nan) for _, metric, frame, _ in parts])

    out["estimate"] = stacked("{}")
    out["ci_low"] = stacked("{}_ci_low")
    out["ci_high"] = stacked("{}_ci_high")
    out["n"] = np.concatenate([frame[n_col].to_numpy(dtype=int) for _, _, frame, n_col in parts])
    out["period"] = out["period"].astype("string")
    out["metric"] = out["metric"].astype("string")
    return out


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
    window = period_range(shift_period(period, -(quarters - 1)), period)
    return _trend_rows([(q, _quarter_frames(ds, facts, q, by_cols)) for q in window], by_cols)


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
