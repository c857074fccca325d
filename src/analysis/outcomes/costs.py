"""Cost-effectiveness: cost per JP and cost per point of learning gain, by group, with CIs.

Cost per JP = spending / credited JP over every enrollment ending in the window, the
definition of :func:`analysis.budget.cost_per_jp` (``docs/definitions.md``); cost per
point = cost / gain summed over completed enrollments with both scores. Both are
ratios of sums with delta-method or bootstrap intervals clustered by programme (``docs/methods.md``).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from analysis.data.dataset import Dataset
from analysis.data.staff import as_column_list
from analysis.outcomes.facts import iter_groups, outcome_facts, ratio_of_sums
from analysis.stats.intervals import CiMethod
from analysis.stats.verdict import MIN_N, enough_data


def _cost_row(g: pd.DataFrame, method: CiMethod) -> dict[str, float]:
    """Cost per JP and per point of gain of one group of enrollments (see :func:`cost_effectiveness`)."""
    # every enrollment's cost in the window counts, as in analysis.budget.cost_per_jp
    # (one definition of cost per JP: spending / credited JP)
    cpj = ratio_of_sums(g["cost_idr"], g["credited_jp"], method, g["program_id"])
    scored = g.loc[g["gain"].notna()]
    cpg = (ratio_of_sums(scored["cost_idr"], scored["gain"], method, scored["program_id"])
           if scored["gain"].sum() > 0 else {})
    return {
        "enrollments": int(g["decided"].sum()), "cost_idr": float(g["cost_idr"].sum()),
        "credited_jp": float(g["credited_jp"].sum()),
        "cost_per_jp": cpj["estimate"], "cost_per_jp_ci_low": cpj["ci_low"],
        "cost_per_jp_ci_high": cpj["ci_high"],
        "n_gain": len(scored), "mean_gain": float(scored["gain"].mean()) if len(scored) else np.nan,
        "cost_per_gain_point": cpg.get("estimate", np.nan),
        "cost_per_gain_point_ci_low": cpg.get("ci_low", np.nan),
        "cost_per_gain_point_ci_high": cpg.get("ci_high", np.nan),
        "programmes": int(g["program_id"].nunique()),
    }


def cost_effectiveness(
    ds: Dataset,
    period: str | pd.Period,
    by: str | Sequence[str] | None = "modality",
    window: int = 4,
    method: CiMethod = "delta",
) -> pd.DataFrame:
    """Cost per JP and cost per point of learning gain by group, with CIs.

    Returns
    -------
    DataFrame
        One row per group: ``<by>``, ``enrollments`` (decided), ``cost_idr``,
        ``credited_jp``, ``cost_per_jp`` (the cost of every enrollment ending in
        the window, as :func:`analysis.budget.cost_per_jp`, / all credited JP) with
        ``cost_per_jp_ci_low/_high``; ``n_gain``,
        ``mean_gain``, ``cost_per_gain_point`` (cost / gain, summed over
        completed enrollments with both scores) with CI; ``enough_data``
        (n_gain >= 30 and at least :data:`analysis.stats.verdict.MIN_CLUSTERS` programmes,
        :func:`analysis.stats.verdict.enough_data`), ``method``, ``programmes`` (the
        clusters of the intervals).

    Notes
    -----
    Both are ratios of sums (ratio of means), with confidence intervals by
    ``method``: ``"delta"`` (linearisation of the ratio estimator, default)
    or ``"bootstrap"`` (percentile, 2000 resamples of enrollments), both from
    :func:`analysis.stats.intervals.ratio_ci`, clustered by programme (costs are set
    per programme, so the programme is the independent unit: linearised values summed
    within programmes, G/(G-1), t(G-1); the bootstrap resamples programmes).
    The cost per point is undefined (NaN) where the total gain is <= 0; its
    interval is unreliable when the mean gain's CI comes near zero.
    """
    cols = as_column_list(by)
    facts = outcome_facts(ds, period, window)
    rows = [{**dict(zip(cols, key, strict=True)), **_cost_row(g, method)} for key, g in iter_groups(facts, cols)]
    out = pd.DataFrame(rows)
    if not out.empty:
        out["enough_data"] = [enough_data(n, MIN_N, n_clusters=g)
                              for n, g in zip(out["n_gain"], out["programmes"], strict=True)]
        out["method"] = method
    return out
