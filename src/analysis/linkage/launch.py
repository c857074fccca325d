"""Online-service starts: the first online quarter, the staff's IT training before it, and launch cells.

Units that start online services train their staff just before; the exposure
models absorb the start through launch cells (:func:`online_cells`) so the launch
is not read as an effect of the training, and the event studies compare units
whose staff had IT / public-service training before the start with the others
(:func:`it_training_before_launch`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import pandas as pd

from analysis.data.dataset import Dataset

#: Title keywords (case-insensitive, Bahasa Indonesia and English) that mark a programme
#: as IT or public-service training for :func:`it_training_before_launch`.
IT_PUBLIC_SERVICE_KEYWORDS: tuple[str, ...] = (
    "teknologi informasi",
    "sistem informasi",
    "informatika",
    "digital",
    "aplikasi",
    "e-government",
    "spbe",
    "komputer",
    "information technology",
    "pelayanan publik",
    "layanan publik",
    "pelayanan prima",
    "public service",
    "service excellence",
    "layanan daring",
    "layanan online",
    "pelayanan online",
    "pelayanan daring",
)

#: Share of a unit's staff with IT / public-service training before its online start
#: from which the unit counts as "IT-trained" in :func:`analysis.linkage.it_training_effect`.
IT_TRAINED_THRESHOLD: float = 0.1


def _is_it_programme(titles: pd.Series, keywords: Sequence[str]) -> pd.Series:
    """True where a programme title contains one of ``keywords`` (case-insensitive)."""
    if not keywords:
        return pd.Series(False, index=titles.index)
    pattern = "|".join(re.escape(k.lower()) for k in keywords)
    return (
        titles.astype("string")
        .str.lower()
        .str.contains(pattern, regex=True)
        .fillna(False)
        .astype(bool)
    )


def it_programme_ids(programs: pd.DataFrame, keywords: Sequence[str] = IT_PUBLIC_SERVICE_KEYWORDS) -> pd.Series:
    """The ``program_id`` of programmes whose title contains one of ``keywords`` (IT / public service)."""
    return programs.loc[_is_it_programme(programs["title"], keywords).to_numpy(), "program_id"]


def online_start_quarter(units: pd.DataFrame) -> pd.Series:
    """First quarter (``2026Q3`` text) whose first day is on or after the unit's online_service_start.

    A start on the first day of a quarter makes that quarter the first online one;
    a start during a quarter makes the next quarter the first fully online one.
    Missing start -> ``<NA>``. Indexed like ``units``.
    """
    start = (
        units["online_service_start"]
        if "online_service_start" in units
        else pd.Series(pd.NaT, index=units.index)
    )
    start = pd.to_datetime(start)
    out = pd.Series(pd.NA, index=units.index, dtype="string")
    ok = start.notna()
    if ok.any():
        q = start[ok].dt.to_period("Q-DEC")
        first_day = q.dt.start_time.dt.normalize()
        q = q.where(first_day >= start[ok].dt.normalize(), q + 1)
        out.loc[ok] = q.dt.year.astype(str) + "Q" + q.dt.quarter.astype(str)
    return out


#: Quarters before an online start in which IT / public-service training counts
#: (:func:`it_training_before_launch`): a fixed look-back, so that later cohorts, with more
#: observed history, do not look more IT-trained only because more of it is on record.
IT_LOOKBACK_QUARTERS = 4


def it_training_before_launch(
    ds: Dataset, keywords: Sequence[str] = IT_PUBLIC_SERVICE_KEYWORDS,
    lookback_quarters: int = IT_LOOKBACK_QUARTERS,
) -> pd.DataFrame:
    """Share of each online unit's staff with IT / public-service training before its online start.

    Parameters
    ----------
    ds
        The dataset.
    keywords
        Case-insensitive substrings of the programme ``title`` that mark IT or
        public-service training (default :data:`IT_PUBLIC_SERVICE_KEYWORDS`, e.g.
        "teknologi informasi", "digital", "pelayanan publik").
    lookback_quarters
        Only training that ended in the ``lookback_quarters`` x 3 months before the start
        counts (default :data:`IT_LOOKBACK_QUARTERS`).

    Returns
    -------
    DataFrame
        One row per unit with an ``online_service_start``: ``unit_id``,
        ``online_service_start``, ``staff_at_launch`` (employees of the unit active on
        the day before the start), ``it_trained_staff`` (of those, the ones with at
        least one completed enrollment in a matching programme that ended before the
        start), ``it_trained_share`` (= it_trained_staff / staff_at_launch, NaN when
        no staff).

    Notes
    -----
    The rule is deliberately simple and stated: a programme counts as IT /
    public-service training when its title contains one of the keywords; only
    completed enrollments count (as for credited JP); the training must have ended in
    the fixed look-back window before the start (an unbounded look-back would make later
    cohorts look more IT-trained, since more of their history is in the data), and the
    employee must be in the unit the day before.
    """
    units = ds.units
    start = (
        pd.to_datetime(units["online_service_start"]) if "online_service_start" in units else None
    )
    cols = [
        "unit_id",
        "online_service_start",
        "staff_at_launch",
        "it_trained_staff",
        "it_trained_share",
    ]
    if start is None or start.notna().sum() == 0:
        return pd.DataFrame(columns=cols)
    launched = units.loc[start.notna(), ["unit_id", "online_service_start"]].reset_index(drop=True)
    emp = ds.employees.merge(launched, on="unit_id", how="inner")
    eve = emp["online_service_start"] - pd.Timedelta(days=1)
    hired = emp["hire_date"] <= eve
    still = emp["exit_date"].isna() | (emp["exit_date"] > eve)
    emp = emp.loc[(hired & still).to_numpy(), ["employee_id", "unit_id", "online_service_start"]]

    enr = ds.enrollments.loc[
        ds.enrollments["status"].eq("completed"), ["employee_id", "program_id", "end_date"]
    ]
    progs = ds.programs[["program_id", "title"]]
    enr = enr.loc[enr["program_id"].isin(it_programme_ids(progs, keywords))]
    trained = emp.merge(enr, on="employee_id", how="inner")
    window_start = trained["online_service_start"] - pd.DateOffset(months=3 * lookback_quarters)
    trained = trained.loc[
        (trained["end_date"] < trained["online_service_start"]) & (trained["end_date"] >= window_start),
        ["employee_id", "unit_id"],
    ]
    trained = trained.drop_duplicates()

    staff_n = emp.groupby("unit_id").size()
    trained_n = trained.groupby("unit_id").size()
    out = launched.copy()
    out["staff_at_launch"] = out["unit_id"].map(staff_n).fillna(0).astype(int)
    out["it_trained_staff"] = out["unit_id"].map(trained_n).fillna(0).astype(int)
    out["it_trained_share"] = out["it_trained_staff"] / out["staff_at_launch"].where(
        out["staff_at_launch"] > 0
    )
    return out[cols]



def online_cells(panel: pd.DataFrame, threshold: float | None = None) -> pd.Series:
    """Launch cells that absorb the online roll-out in the exposure models.

    ``"none"`` for unit-quarters before a unit's online start or of units that never
    start; otherwise ``"<first online quarter>|<it|other>|e<event time>"``: the start
    cohort, whether the unit's staff were IT-trained before the start (share >=
    ``threshold``, default :data:`IT_TRAINED_THRESHOLD`) and the quarters since the
    start. Absorbed as a fixed effect, these cells take out the launch effect however
    it differs by cohort, IT preparation and time since the start, so the exposure
    slope is not confounded by the launch (training before a launch raises exposure
    just before the service changes).
    """
    threshold = IT_TRAINED_THRESHOLD if threshold is None else threshold
    out = pd.Series("none", index=panel.index, dtype=object)
    if not {"event_time", "online_quarter"} <= set(panel.columns):
        return out
    post = (panel["event_time"] >= 0).fillna(False).to_numpy(dtype=bool)
    if not post.any():
        return out
    share = panel.get("it_trained_share_before_launch", pd.Series(np.nan, index=panel.index))
    group = np.where((share >= threshold).fillna(False).to_numpy(dtype=bool), "it", "other")
    event = panel["event_time"].fillna(-1).astype(int).astype(str).to_numpy()
    cohort = np.asarray(panel["online_quarter"].astype("string").fillna("").tolist(), dtype=object)
    cells = cohort + "|" + group.astype(object) + "|e" + event.astype(object)
    out[post] = cells[post]
    return out


