"""Kirkpatrick level 3 (behaviour, transfer to the job): supervisors' ratings and their link
with the learning gain.

The supervisor rates on-the-job use (``behavior_score`` 1..5) three months after the
programme (Kirkpatrick & Kirkpatrick 2006).

References
----------
Kirkpatrick, D. L. & Kirkpatrick, J. D. (2006). *Evaluating Training Programs*, 3rd ed.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy import stats as sps

from analysis.data.dataset import Dataset
from analysis.data.staff import as_column_list
from analysis.outcomes.facts import outcome_facts, summarise_means
from analysis.stats.models import fit

#: Fewer enrollments with both a gain and a rating than this: no correlation or slope.
MIN_PAIRS = 10
#: Programmes needed before the slope's standard errors are clustered by programme (else HC1).
MIN_CLUSTERS = 10


def behaviour(
    ds: Dataset,
    period: str | pd.Period,
    by: str | Sequence[str] | None = "modality",
    window: int = 4,
) -> pd.DataFrame:
    """Kirkpatrick L3: supervisors' on-the-job ratings (1..5) by group, with n and a 95% CI.

    Returns
    -------
    DataFrame
        ``<by>``, ``n`` (completed enrollments with a rating), ``mean``, ``std``,
        ``ci_low``, ``ci_high`` (t interval), ``enough_data`` (n >= 30).

    Notes
    -----
    Ratings come three months after the programme, so the latest quarter's
    enrollments usually have none yet; the default four-quarter window helps.
    Completed enrollments only.
    """
    cols = as_column_list(by)
    facts = outcome_facts(ds, period, window)
    data = facts.loc[facts["status"].eq("completed") & facts["behavior_score"].notna()]
    return summarise_means(data, cols, "behavior_score")


def behaviour_vs_gain(ds: Dataset, period: str | pd.Period, window: int = 4) -> pd.DataFrame:
    """Does more learning (L2) go with more use at work (L3)?

    Returns
    -------
    DataFrame
        One row: ``n``, ``correlation`` (Pearson r of behavior_score and gain)
        with ``correlation_ci_low/_high`` (Fisher z, 95%), and ``slope_per_10``
        (change in the rating per 10 points of gain, adjusted for the
        pre-score, :func:`analysis.stats.models.fit` with SEs clustered by programme
        when there are at least 10 programmes, else HC1)
        with ``slope_ci_low``, ``slope_ci_high``, ``slope_p_value``.

    Notes
    -----
    An association across participants: people who learn more may also be
    those whose supervisors rate them higher anyway. NaN when fewer than 10
    enrollments have both a gain and a rating.
    """
    facts = outcome_facts(ds, period, window)
    data = facts.loc[facts["gain"].notna() & facts["behavior_score"].notna(),
                     ["behavior_score", "gain", "pre_score", "program_id"]].reset_index(drop=True)
    n = len(data)
    out = {"n": n, "correlation": np.nan, "correlation_ci_low": np.nan, "correlation_ci_high": np.nan,
           "slope_per_10": np.nan, "slope_ci_low": np.nan, "slope_ci_high": np.nan, "slope_p_value": np.nan}
    if n < MIN_PAIRS or data["gain"].nunique() < 2 or data["behavior_score"].nunique() < 2:
        return pd.DataFrame([out])
    r = float(np.corrcoef(data["gain"], data["behavior_score"])[0, 1])
    z, half = np.arctanh(r), sps.norm.ppf(0.975) / np.sqrt(n - 3)
    out.update(correlation=r, correlation_ci_low=float(np.tanh(z - half)),
               correlation_ci_high=float(np.tanh(z + half)))
    data["gain_10"] = data["gain"] / 10.0
    vcov = {"cluster": "program_id"} if data["program_id"].nunique() >= MIN_CLUSTERS else "hc1"
    row = fit(data, "behavior_score ~ gain_10 + pre_score", vcov=vcov).tidy().set_index("term").loc["gain_10"]
    out.update(slope_per_10=row["estimate"], slope_ci_low=row["ci_low"], slope_ci_high=row["ci_high"],
               slope_p_value=row["p_value"])
    return pd.DataFrame([out])
