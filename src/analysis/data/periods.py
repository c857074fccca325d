"""Calendar quarters, written ``2026Q3``.

The fiscal year is the calendar year. A record counts in the quarter of its
``end_date`` (``docs/definitions.md``); a quarter's *end* is its last day, and
"active at the end of Q" compares against that day.
"""

from __future__ import annotations

import re

import pandas as pd

PERIOD_PATTERN = re.compile(r"^(?P<year>\d{4})\s*-?\s*Q(?P<quarter>[1-4])$", re.IGNORECASE)


class PeriodError(ValueError):
    """A period string is not a calendar quarter such as ``2026Q3``."""


def parse_period(period: str | pd.Period) -> pd.Period:
    """Parse ``"2026Q3"`` (also ``"2026-Q3"``, ``"2026q3"``) into a quarterly ``pd.Period``.

    Raises
    ------
    PeriodError
        With a message that shows the expected form.
    """
    if isinstance(period, pd.Period):
        if period.freqstr.upper().startswith("Q"):
            return period
        return period.asfreq("Q-DEC")
    match = PERIOD_PATTERN.match(str(period).strip())
    if not match:
        raise PeriodError(
            f"{period!r} is not a calendar quarter: write it as YYYYQn, for example 2026Q3"
        )
    return pd.Period(year=int(match["year"]), quarter=int(match["quarter"]), freq="Q-DEC")


def format_period(period: str | pd.Period) -> str:
    """Canonical text of a quarter: ``2026Q3``."""
    p = parse_period(period)
    return f"{p.year}Q{p.quarter}"


def quarter_start(period: str | pd.Period) -> pd.Timestamp:
    """First day of the quarter (00:00)."""
    return parse_period(period).start_time.normalize()


def quarter_end(period: str | pd.Period) -> pd.Timestamp:
    """Last day of the quarter (00:00 of that day), the reference date for "active at end of Q"."""
    return parse_period(period).end_time.normalize()


def period_of(dates: pd.Series) -> pd.Series:
    """Quarter (``2026Q3`` text) of each date; missing dates give ``<NA>``."""
    dates = pd.to_datetime(dates)
    out = pd.Series(pd.NA, index=dates.index, dtype="string")
    ok = dates.notna()
    if ok.any():
        q = dates[ok].dt.to_period("Q-DEC")
        out.loc[ok] = q.dt.year.astype(str) + "Q" + q.dt.quarter.astype(str)
    return out


def shift_period(period: str | pd.Period, quarters: int) -> str:
    """The quarter ``quarters`` after (negative: before) ``period``."""
    return format_period(parse_period(period) + quarters)


def period_range(start: str | pd.Period, end: str | pd.Period) -> list[str]:
    """Every quarter from ``start`` to ``end`` inclusive, in order."""
    first, last = parse_period(start), parse_period(end)
    if last < first:
        return []
    return [format_period(p) for p in pd.period_range(first, last, freq="Q-DEC")]


def quarters_elapsed(period: str | pd.Period) -> int:
    """Quarters of the fiscal year elapsed at the end of ``period`` (1..4)."""
    return parse_period(period).quarter


def period_index(period: str | pd.Period) -> int:
    """A running integer for a quarter (year * 4 + quarter - 1), for event time arithmetic."""
    p = parse_period(period)
    return p.year * 4 + p.quarter - 1
