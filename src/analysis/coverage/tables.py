"""The tables notebook 20 shows: the rates per OPD or unit with the group's name, the units
with most staff not reached, and the one overall row of a rate frame."""

from __future__ import annotations

import pandas as pd

from analysis.coverage.rates import jp_compliance, participation
from analysis.data.dataset import Dataset

#: Columns of :func:`not_reached_top`.
NOT_REACHED_TOP_COLUMNS = ["unit_name", "agency_id", "active_staff", "not_reached", "share_not_reached"]


def unit_names(ds: Dataset) -> pd.Series:
    """``unit_name`` indexed by ``unit_id`` (agencies included: an OPD is its own unit)."""
    return ds.units.set_index("unit_id")["unit_name"]


def overall_row(frame: pd.DataFrame | pd.Series, what: str) -> pd.Series:
    """The single row of an overall result (a rate frame computed with ``by=None``).

    A Series is returned as it is; a frame must have exactly one row (ValueError
    naming ``what`` otherwise).
    """
    if isinstance(frame, pd.Series):
        return frame
    if len(frame) != 1:
        raise ValueError(f"{what} must have exactly one row (the overall result, by=None); got {len(frame)}")
    return frame.iloc[0]


def compliance_table(ds: Dataset, period: str | pd.Period, by: str, names: pd.Series) -> pd.DataFrame:
    """:func:`analysis.coverage.rates.jp_compliance` by ``by`` with the group's ``name`` as second column.

    ``names`` maps ids to names (:func:`unit_names`); ids without a name keep the id.
    """
    groups = jp_compliance(ds, period, by=by)
    groups.insert(1, "name", groups[by].map(names).fillna(groups[by]))
    return groups


def participation_table(
    ds: Dataset, period: str | pd.Period, by: str, compliance: pd.DataFrame
) -> pd.DataFrame:
    """:func:`analysis.coverage.rates.participation` by ``by`` with ``name`` and ``active_staff``
    from a :func:`compliance_table`."""
    part = participation(ds, period, by=by)
    return part.merge(compliance[[by, "name", "active_staff"]], on=by, how="left")


def not_reached_top(not_reached_frame: pd.DataFrame, min_staff: int = 10, k: int = 10) -> pd.DataFrame:
    """The first ``k`` units of a :func:`analysis.coverage.rates.not_reached` frame (sorted, largest
    share first) with at least ``min_staff`` active staff: :data:`NOT_REACHED_TOP_COLUMNS`."""
    return not_reached_frame.loc[not_reached_frame["active_staff"] >= min_staff].head(k)[NOT_REACHED_TOP_COLUMNS]
