"""Equity: 20-JP compliance and participation compared between groups of staff.

Each dimension of :data:`analysis.data.staff.EQUITY_DIMENSIONS` (gender, PNS/PPPK,
position type, grade group, age band, education) is tested with Pearson's chi-square
test of equal shares, and the family of tests is Holm-adjusted before any difference
is called (``docs/methods.md``, "Equity").
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy.stats import chi2_contingency

from analysis.coverage.messages import group_labels
from analysis.coverage.rates import (
    PARTICIPATION_COLUMNS,
    compliance_frame,
    participation_frame,
    quarter_people,
)
from analysis.data.dataset import Dataset
from analysis.data.definitions import enrollment_facts
from analysis.data.periods import format_period
from analysis.data.staff import EQUITY_DIMENSIONS, staff_attributes
from analysis.stats.comparisons import adjust_pvalues
from analysis.stats.verdict import MIN_N, enough_data
from analysis.text.lang import Lang

#: A dimension's groups differ when its Holm-adjusted p-value is below this.
HOLM_ALPHA = 0.05

#: The group of staff whose attribute is missing or unreadable; never part of a test.
UNKNOWN_GROUP = "unknown"


def tested_groups(groups: pd.Series, n: pd.Series, min_n: int = MIN_N) -> pd.Series:
    """Per row: is the group part of the dimension's chi-square test?

    A group is tested when it is known (not :data:`UNKNOWN_GROUP`) and has at least
    ``min_n`` staff (:func:`analysis.stats.verdict.enough_data`). Small groups are left
    out because the chi-square approximation needs expected counts of at least 5 and
    because the sentence never compares groups that are not enough data; "unknown" is
    not a group of people that a policy can act on.
    """
    enough = n.fillna(0).map(lambda k: enough_data(k, min_n)).astype(bool)
    return enough & groups.astype("string").ne(UNKNOWN_GROUP).fillna(True)


def chi2_p_value(table: np.ndarray) -> float:
    """p-value of Pearson's chi-square test of independence (no continuity correction).

    ``table`` has one row per group and one column per outcome (e.g. yes / no);
    rows without observations are dropped. NaN when fewer than two groups remain
    or an outcome column is empty (the test is undefined).
    """
    table = table[(table.sum(axis=1) > 0)]
    if table.shape[0] < 2 or (table.sum(axis=0) == 0).any():
        return float("nan")
    return float(chi2_contingency(table, correction=False)[1])


def _dimension_block(
    people: pd.DataFrame, facts: pd.DataFrame, period: str, dim: str, everyone: pd.DataFrame
) -> pd.DataFrame:
    """The rows of :func:`equity` for one dimension (``people``: :func:`analysis.coverage.rates.quarter_people`)."""
    comp = compliance_frame(people, period, [dim])
    part = participation_frame(people, facts, period, [dim], everyone)
    block = comp.merge(part[[dim, "staff", "n_took_part", *PARTICIPATION_COLUMNS]], on=dim, how="left")
    block["tested"] = tested_groups(block[dim], block["active_staff"]) & tested_groups(block[dim], block["staff"])
    tested = block.loc[block["tested"]]
    n_meet = (tested["share_meeting_20jp"] * tested["active_staff"]).round().to_numpy()
    block["p_value_20jp"] = chi2_p_value(np.column_stack([n_meet, tested["active_staff"] - n_meet]))
    took = tested["n_took_part"].fillna(0).to_numpy()
    block["p_value_participation"] = chi2_p_value(np.column_stack([took, tested["staff"].fillna(0) - took]))
    block = block.drop(columns=["staff", "n_took_part"]).rename(columns={dim: "group"})
    block.insert(0, "dimension", dim)
    block["group"] = block["group"].astype("string")
    return block


def equity(
    ds: Dataset,
    period: str | pd.Period,
    dimensions: Sequence[str] = tuple(EQUITY_DIMENSIONS),
) -> pd.DataFrame:
    """Compliance and participation by staff group, one block of rows per dimension.

    Parameters
    ----------
    ds, period
        The dataset and the quarter Q.
    dimensions
        Columns of :func:`analysis.data.staff.staff_attributes` to compare: by
        default gender, employment_type (PNS/PPPK), position_type, grade_group,
        age_band, education_group.

    Returns
    -------
    DataFrame
        Long format, one row per (dimension, group): ``dimension``, ``group``,
        every column of :func:`analysis.coverage.rates.jp_compliance` and of
        :func:`analysis.coverage.rates.participation` (after ``active_staff``), plus
        ``tested`` (:func:`tested_groups`: known group with at least ``MIN_N`` staff), and
        ``p_value_20jp`` and ``p_value_participation``: Pearson chi-square tests (no
        continuity correction) that the share meeting 20 JP / the participation rate
        is the same in every tested group of the dimension (repeated on each row of the
        block). NaN when fewer than two groups are tested.

    Notes
    -----
    The chi-square p-values are not adjusted for the number of dimensions
    tested; adjust with :func:`equity_table` (Holm) before calling a difference.
    Groups of fewer than :data:`analysis.stats.verdict.MIN_N` staff and the "unknown"
    group are shown but not tested (``tested`` is False); the sentence names them.
    """
    period = format_period(period)
    people = quarter_people(ds, period)
    everyone = staff_attributes(ds, period, active_only=False)
    facts = enrollment_facts(ds)
    blocks = []
    for dim in dimensions:
        if dim not in everyone.columns:
            raise KeyError(f"unknown equity dimension {dim!r}; use one of {', '.join(EQUITY_DIMENSIONS)}")
        blocks.append(_dimension_block(people, facts, period, dim, everyone))
    return pd.concat(blocks, ignore_index=True)


def equity_table(equity_frame: pd.DataFrame, lang: Lang = "id") -> pd.DataFrame:
    """An :func:`equity` frame with the group's ``label`` and Holm-adjusted p-values.

    Returns
    -------
    DataFrame
        The input's columns, then ``label`` (:func:`analysis.coverage.messages.group_label`),
        ``p_holm_20jp`` and ``p_holm_participation``.

    Notes
    -----
    Holm's step-down adjustment (:func:`analysis.stats.comparisons.adjust_pvalues`) over all
    the chi-square tests of the frame together (two per dimension: 12 for the
    six default dimensions); undefined (NaN) p-values are left out of the family
    and stay NaN.

    References
    ----------
    Holm, S. (1979). A simple sequentially rejective multiple test procedure.
    *Scandinavian Journal of Statistics* 6, 65-70.
    """
    eq = equity_frame.copy()
    eq["label"] = eq["group"].map(group_labels(lang)).fillna(eq["group"])
    tests = eq.drop_duplicates("dimension")[["dimension", "p_value_20jp", "p_value_participation"]].reset_index(
        drop=True
    )
    p_all = np.r_[tests["p_value_20jp"].to_numpy(float), tests["p_value_participation"].to_numpy(float)]
    adj = np.full(p_all.shape, np.nan)
    ok = ~np.isnan(p_all)
    if ok.any():
        adj[ok] = np.asarray(adjust_pvalues(p_all[ok], method="holm"), dtype=float)
    tests["p_holm_20jp"], tests["p_holm_participation"] = adj[: len(tests)], adj[len(tests) :]
    return eq.merge(tests[["dimension", "p_holm_20jp", "p_holm_participation"]], on="dimension")
