"""The outcome measures quarter by quarter: the eight-quarter trend the page and its chart show.

Each quarter stands alone (a window of one quarter), by the quarter of ``end_date``
(``docs/definitions.md``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.data.dataset import Dataset
from analysis.data.definitions import enrollment_facts
from analysis.data.periods import format_period
from analysis.outcomes.facts import window_quarters
from analysis.stats.intervals import mean_ci, wilson_interval


def _mean_row(quarter: str, metric: str, values: pd.Series) -> dict[str, object]:
    """One trend row: the mean of ``values`` with its t 95% CI and n."""
    stats = mean_ci(values)
    return {"period": quarter, "metric": metric, "estimate": stats["mean"], "ci_low": stats["ci_low"],
            "ci_high": stats["ci_high"], "n": stats["n"]}


def _quarter_rows(quarter: str, f: pd.DataFrame) -> list[dict[str, object]]:
    """The five metrics of one quarter's enrollments ``f`` (see :func:`trend`)."""
    scored = f.loc[f["gain"].notna()]
    k, m = int((scored["gain"] > 0).sum()), len(scored)
    low, high = wilson_interval(np.array([k]), np.array([m]))
    return [
        _mean_row(quarter, "mean_gain", scored["gain"]),
        {"period": quarter, "metric": "normalised_gain",
         "estimate": float(scored["normalised_gain"].mean()) if len(scored) else np.nan,
         "ci_low": np.nan, "ci_high": np.nan, "n": int(scored["normalised_gain"].notna().sum())},
        {"period": quarter, "metric": "share_improved", "estimate": k / m if m else np.nan,
         "ci_low": low[0], "ci_high": high[0], "n": m},
        _mean_row(quarter, "satisfaction", f.loc[f["attended"], "satisfaction"]),
        _mean_row(quarter, "behaviour", f.loc[f["status"].eq("completed"), "behavior_score"]),
    ]


def trend(ds: Dataset, period: str | pd.Period, quarters: int = 8) -> pd.DataFrame:
    """Headline outcome measures for each of the last ``quarters`` quarters.

    Returns
    -------
    DataFrame
        Tidy, one row per (quarter, metric): ``period``, ``metric``
        (``mean_gain``, ``normalised_gain``, ``share_improved``,
        ``satisfaction``, ``behaviour``), ``estimate``, ``ci_low``, ``ci_high``
        (t interval of a mean; Wilson for the share; NaN for
        normalised_gain), ``n``.

    Notes
    -----
    Each quarter alone (window of one quarter), by the quarter of end_date.
    Behaviour ratings arrive three months late, so the last quarter may have none.
    """
    if quarters < 1:
        raise ValueError(f"quarters must be >= 1; got {quarters}")
    period = format_period(period)
    facts = enrollment_facts(ds)[["period", "gain", "normalised_gain", "attended", "satisfaction", "status",
                                  "behavior_score"]]  # what a quarter's rows use: cheaper quarter cuts
    rows = []
    for q in window_quarters(period, quarters):
        rows += _quarter_rows(q, facts.loc[facts["period"].eq(q)])
    out = pd.DataFrame(rows)
    out["period"] = out["period"].astype("string")
    out["metric"] = out["metric"].astype("string")
    out["n"] = out["n"].astype(int)
    return out
