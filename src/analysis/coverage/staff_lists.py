"""Per-employee lists for the team's own follow-up (internal mode only, ``docs/disclosure.md``).

These are the only per-person outputs of the package. They are written only by
``kompetensi report --internal``, into ``reports/internal/<period>/`` outside the report
folder, and identify employees by their pseudonym only: the HR office maps pseudonyms back
to NIPs with the city's salt (:mod:`analysis.data.pseudonym`), which never leaves it.
"""

from __future__ import annotations

import pandas as pd

from analysis.coverage.rates import JP_MINIMUM, JP_PER_QUARTER_ON_TRACK
from analysis.data.dataset import Dataset
from analysis.data.definitions import enrollment_facts, jp_year_to_date
from analysis.data.periods import parse_period, period_range, shift_period
from analysis.data.staff import staff_attributes

#: The columns of :func:`staff_below_target`, in order.
STAFF_BELOW_TARGET_COLUMNS: tuple[str, ...] = (
    "employee_id", "agency_id", "unit_id", "unit_name", "jp_ytd", "jp_short", "on_track", "reached_4q",
)


def staff_below_target(ds: Dataset, period: str, quarters: int = 4) -> pd.DataFrame:
    """Active staff below the 20-JP minimum of the year (PP 11/2017 art. 203), as of ``period``.

    One row per employee active at the end of ``period`` whose credited JP in the year up
    to the end of ``period`` (``jp_ytd``, :func:`analysis.data.definitions.jp_year_to_date`)
    is below :data:`analysis.coverage.rates.JP_MINIMUM`: ``employee_id`` (the pseudonym),
    ``agency_id``, ``unit_id``, ``unit_name``, ``jp_ytd``, ``jp_short`` (20 − jp_ytd),
    ``on_track`` (jp_ytd ≥ 5 × quarters elapsed, the rule of
    :func:`analysis.coverage.rates.jp_compliance`) and ``reached_4q`` (any credited JP in the
    last ``quarters`` quarters, the complement of :func:`analysis.coverage.rates.not_reached`).
    Sorted by agency, unit and JP (fewest first).
    """
    p = parse_period(period)
    staff = staff_attributes(ds, period)
    facts = enrollment_facts(ds)
    jp = staff["employee_id"].map(jp_year_to_date(facts, period)).fillna(0.0).astype(float)
    window = set(period_range(shift_period(period, -(quarters - 1)), period))
    reached = set(facts.loc[facts["period"].isin(window) & (facts["credited_jp"] > 0), "employee_id"])
    out = staff.assign(
        jp_ytd=jp,
        jp_short=(JP_MINIMUM - jp).clip(lower=0.0),
        on_track=jp >= JP_PER_QUARTER_ON_TRACK * p.quarter,
        reached_4q=staff["employee_id"].isin(reached),
    )
    out = out.loc[out["jp_ytd"] < JP_MINIMUM, list(STAFF_BELOW_TARGET_COLUMNS)]
    return out.sort_values(["agency_id", "unit_id", "jp_ytd", "employee_id"]).reset_index(drop=True)
