"""The sample's sizes and calendar: the named scales, the quarters it covers and its "today"."""

from __future__ import annotations

from typing import Literal

import pandas as pd

from analysis.data.periods import format_period, period_range, shift_period

Scale = Literal["city", "province", "national"]
#: A named scale, or a number of employees (``kompetensi sample --employees N``).
Size = Scale | int
DEFAULT_END_PERIOD = "2026Q3"
N_QUARTERS = 12
#: "Today" for the sample: no date except a registered enrollment's lies after it.
SAMPLE_TODAY = pd.Timestamp("2026-11-29")


def sample_quarters(end_period: str) -> list[str]:
    """The :data:`N_QUARTERS` quarters of the sample, ending with ``end_period``."""
    end = format_period(end_period)
    return period_range(shift_period(end, -(N_QUARTERS - 1)), end)
