"""IKM service-quality categories (PermenPANRB 14/2017) per unit and quarter, and the moves between them.

*IKM* (Indeks Kepuasan Masyarakat) is the public-satisfaction index on a 25..100
scale; the regulation sorts scores into categories A (*Sangat Baik*) to D (*Tidak
Baik*), :data:`analysis.data.contract.IKM_CATEGORIES`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.data.contract import IKM_CATEGORIES
from analysis.data.periods import format_period
from analysis.stats.comparisons import proportion_ci

#: Categories that count as good service (*Sangat Baik*, *Baik*).
GOOD_CATEGORIES: tuple[str, ...] = ("A", "B")


def ikm_category(values: pd.Series | Sequence[float] | float) -> pd.Series:
    """IKM service-quality category A-D of converted IKM scores (PermenPANRB 14/2017).

    A *Sangat Baik* 88.31-100, B *Baik* 76.61-88.30, C *Kurang Baik* 65.00-76.60,
    D *Tidak Baik* 25.00-64.99 (:data:`analysis.data.contract.IKM_CATEGORIES`).

    Notes
    -----
    The regulation publishes two-decimal ranges with gaps between them (88.30 | 88.31).
    A score belongs to the lowest category whose published upper bound it does not
    exceed: D if <= 64.99, else C if <= 76.60, else B if <= 88.30, else A. For
    two-decimal scores this is exactly the regulation's table; a finer score in a
    gap goes up (88.305 -> A, 64.995 -> C). Missing, or outside 25..100 -> ``<NA>``.

    References
    ----------
    Peraturan Menteri PANRB Nomor 14 Tahun 2017 tentang Pedoman Penyusunan Survei
    Kepuasan Masyarakat Unit Penyelenggara Pelayanan Publik (lampiran: nilai
    interval konversi dan mutu pelayanan).
    """
    s = (
        values.astype(float)
        if isinstance(values, pd.Series)
        else pd.Series(np.atleast_1d(values), dtype=float)
    )
    out = pd.Series(pd.NA, index=s.index, dtype="string")
    valid = s.between(25.0, 100.0)
    assigned = ~valid
    for code, _low, high, _label in sorted(IKM_CATEGORIES, key=lambda c: c[2]):
        hit = ~assigned & (s <= high)
        out[hit] = code
        assigned |= hit
    return out


def ikm_categories(panel: pd.DataFrame) -> pd.DataFrame:
    """IKM category per unit and quarter: [unit_id, agency_id, sector, period, ikm, category, label].

    Rows without an IKM value are left out. ``label`` is the regulation's Indonesian name.
    """
    if "ikm" not in panel:
        raise ValueError("the panel has no 'ikm' column (no IKM metric in service_metrics)")
    rows = panel.loc[
        panel["ikm"].notna(), ["unit_id", "agency_id", "sector", "period", "period_idx", "ikm"]
    ].copy()
    rows["category"] = ikm_category(rows["ikm"])
    labels = {code: label for code, _, _, label in IKM_CATEGORIES}
    rows["label"] = rows["category"].map(labels).astype("string")
    return rows.reset_index(drop=True)


def category_transitions(categories: pd.DataFrame, normalise: bool = False) -> pd.DataFrame:
    """Movements between IKM categories from one quarter to the next, per unit.

    Parameters
    ----------
    categories
        :func:`ikm_categories` output.
    normalise
        False: counts; True: row shares (the probability of moving to each column's
        category given the row's category last quarter).

    Returns
    -------
    DataFrame
        Rows ``from`` category (A..D), columns ``to`` category (A..D). Only pairs of
        consecutive quarters of the same unit count (a unit with a missing quarter
        has no transition across the gap).
    """
    codes = [c for c, *_ in IKM_CATEGORIES]
    c = categories.sort_values(["unit_id", "period_idx"])[["unit_id", "period_idx", "category"]]
    prev = c.assign(period_idx=c["period_idx"] + 1).rename(columns={"category": "from"})
    pairs = c.merge(prev, on=["unit_id", "period_idx"], how="inner").rename(
        columns={"category": "to"}
    )
    pairs = pairs.dropna(subset=["from", "to"])
    table = pd.crosstab(
        pd.Categorical(pairs["from"].astype(str), categories=codes),
        pd.Categorical(pairs["to"].astype(str), categories=codes),
        dropna=False,
    )
    table.index = pd.Index(codes, name="from")
    table.columns = pd.Index(codes, name="to")
    if normalise:
        totals = table.sum(axis=1)
        table = table.div(totals.where(totals > 0), axis=0)
    return table


@dataclass(frozen=True)
class IkmSummary:
    """IKM categories in one quarter and movements across quarters.

    ``share_good`` is the share of units with an IKM in category A or B in
    ``period`` with its Wilson 95% CI (``ci_low``, ``ci_high``) over ``n_units``;
    ``moves``/``up``/``down`` count unit transitions between consecutive quarters
    (up = to a better category). ``text`` is the sentence in the requested language
    (:func:`analysis.linkage.ikm_summary`).
    """

    period: str
    n_units: int
    share_good: float
    ci_low: float
    ci_high: float
    moves: int
    up: int
    down: int
    text: str


def share_good(categories: pd.DataFrame, period: str) -> tuple[int, float, float, float]:
    """Units with an IKM in ``period``, and the share of them in category A or B with its Wilson 95% CI.

    Returns ``(n, share, ci_low, ci_high)``; NaN share and CI when ``n`` is 0
    (:func:`analysis.stats.comparisons.proportion_ci`).
    """
    now = categories.loc[categories["period"] == format_period(period)]
    n = len(now)
    good = int(now["category"].isin(list(GOOD_CATEGORIES)).sum())
    if not n:
        return n, math.nan, math.nan, math.nan
    low, high = proportion_ci(good, n)
    return n, good / n, float(low), float(high)


def category_moves(categories: pd.DataFrame) -> tuple[int, int, int]:
    """Quarter-to-quarter moves of units (:func:`category_transitions`): ``(moves, up, down)``.

    Up is a move to a better category (D -> C, ..., B -> A), down the reverse; the
    rest stayed in their category.
    """
    counts = category_transitions(categories).to_numpy()
    return int(counts.sum()), int(np.tril(counts, -1).sum()), int(np.triu(counts, 1).sum())
