"""The enrollments of a window of quarters, with the employee columns every outcome uses.

Every outcome function looks at enrollments ending in the ``window`` quarters up to
and including ``period`` (default 4: a rolling year), because one quarter of one
programme is usually too few people to say anything. ``window=1`` gives the quarter
alone. This module builds that frame (:func:`outcome_facts`) and the small steps the
computation modules share: grouping, mean summaries and ratios of sums.

Definitions (``docs/definitions.md``; computed in :mod:`analysis.data.definitions`):
learning gain = post_score - pre_score for completed enrollments with both scores;
normalised gain (Hake 1998) = (post - pre) / (max_score - pre) where pre < max_score;
cost of an enrollment = its cost, else the programme's cost_per_participant when
attended, else 0; credited JP only when completed.

References
----------
Hake, R. R. (1998). Interactive-engagement versus traditional methods. *Am. J. Phys.* 66, 64-74.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pandas as pd

from analysis.data.dataset import Dataset
from analysis.data.definitions import enrollment_facts
from analysis.data.periods import format_period, period_range, shift_period
from analysis.data.staff import attach_staff_columns, staff_attributes
from analysis.stats.intervals import CiMethod, mean_ci, ratio_ci
from analysis.stats.verdict import enough_data

#: Reference levels of the adjusted (ANCOVA) comparisons.
REFERENCE_MODALITY = "classroom"
REFERENCE_PROVIDER = "internal"
#: Employee covariates of the ANCOVA (columns built by :func:`outcome_facts`).
EMPLOYEE_COVARIATES: tuple[str, ...] = ("pppk", "female", "age_decades", "position_type", "education_group")
#: Columns of :func:`summarise_means` after the group columns.
SUMMARY_COLUMNS = ("n", "mean", "std", "ci_low", "ci_high", "enough_data")


def window_quarters(period: str | pd.Period, window: int) -> list[str]:
    """The quarters ``period - window + 1 .. period``, oldest first (``window`` >= 1)."""
    if window < 1:
        raise ValueError(f"window must be >= 1 quarter; got {window}")
    period = format_period(period)
    return period_range(shift_period(period, -(window - 1)), period)


def outcome_facts(ds: Dataset, period: str | pd.Period, window: int = 4) -> pd.DataFrame:
    """Enrollments ending in the window, with employee attributes for grouping and adjustment.

    Returns
    -------
    DataFrame
        :func:`analysis.data.definitions.enrollment_facts` restricted to enrollments
        ending in quarters ``period - window + 1 .. period``, plus the employee's
        ``age``, ``age_band``, ``grade_group``, ``education_group`` (ages in the
        period's year) and the numeric covariates ``pppk``, ``female``,
        ``age_decades``, and ``improved`` (post > pre; NaN where no gain).

    Computed once per dataset, period and window (:meth:`analysis.data.dataset.Dataset.derived`);
    each call returns a copy.
    """
    period = format_period(period)
    return ds.derived(("outcome_facts", period, window), lambda: _outcome_facts(ds, period, window))


def _outcome_facts(ds: Dataset, period: str, window: int) -> pd.DataFrame:
    quarters = window_quarters(period, window)
    facts = enrollment_facts(ds)
    facts = facts.loc[facts["period"].isin(quarters)].reset_index(drop=True)
    people = staff_attributes(ds, period, active_only=False)
    facts = attach_staff_columns(facts, people, ["age", "age_band", "grade_group", "education_group"])
    facts["pppk"] = facts["employment_type"].eq("pppk").astype(float).where(facts["employment_type"].notna())
    facts["female"] = facts["gender"].eq("F").astype(float).where(facts["gender"].notna())
    facts["age_decades"] = facts["age"] / 10.0
    facts["improved"] = (facts["gain"] > 0).astype(float).where(facts["gain"].notna())
    return facts


def iter_groups(frame: pd.DataFrame, by: list[str]) -> Iterator[tuple[tuple, pd.DataFrame]]:
    """``(key tuple, rows)`` per group of ``by`` (sorted, missing values kept); the whole frame for ``[]``."""
    if not by:
        yield (), frame
        return
    for key, g in frame.groupby(by, dropna=False, sort=True, observed=True):
        yield (key if isinstance(key, tuple) else (key,)), g


def summarise_means(frame: pd.DataFrame, by: list[str], column: str) -> pd.DataFrame:
    """Per group of ``by``: n, mean, SD and t 95% CI of ``column`` (:func:`analysis.stats.intervals.mean_ci`),
    and ``enough_data`` (n >= :data:`analysis.stats.verdict.MIN_N`)."""
    rows = []
    for key, g in iter_groups(frame[[*by, column]], by):  # only the needed columns: cheaper groups
        stats = mean_ci(g[column])
        rows.append({**dict(zip(by, key, strict=True)), **stats, "enough_data": enough_data(stats["n"])})
    out = pd.DataFrame(rows, columns=[*by, *SUMMARY_COLUMNS])
    out["n"] = out["n"].astype(int)
    return out


def ratio_of_sums(numerator: pd.Series, denominator: pd.Series, method: CiMethod,
                  cluster: pd.Series | None = None) -> dict[str, float]:
    """sum(numerator) / sum(denominator) with its CI (:func:`analysis.stats.intervals.ratio_ci`),
    clustered by ``cluster`` when given (the programme: costs and, through the programme's
    own quality, gains are shared by its participants); NaN estimate and bounds, n = 0, for no rows."""
    if len(numerator) == 0:
        return {"estimate": np.nan, "std_error": np.nan, "ci_low": np.nan, "ci_high": np.nan, "n": 0,
                "n_clusters": 0}
    return ratio_ci(numerator.to_numpy(float), denominator.to_numpy(float), method=method,
                    cluster=None if cluster is None else cluster.astype(object).to_numpy())
