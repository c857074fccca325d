"""Result codes of the service-link area (``results.json``) and the step its statements use.

The notebook records with these names, in one call to :func:`record_results`; the
brief reads them back with the same names. A code followed by ``.<metric>`` holds one
number per service metric (``linkage.effect_per_5jp.ikm``).
"""

from __future__ import annotations

from collections.abc import Iterator

import pandas as pd

from analysis.data.results import ResultsRecorder
from analysis.linkage.ikm import IkmSummary

#: JP per staff member added in the "+5 JP per staff" statements (one step of exposure).
JP_STEP: float = 5.0
#: Change of a service metric per :data:`JP_STEP` JP per staff; the metric follows a dot.
EFFECT_PER_STEP: str = "linkage.effect_per_5jp"
#: Share of units with an IKM in category A or B (unit ``share``).
IKM_SHARE_GOOD: str = "linkage.ikm_share_good"
#: Average change after the online start, Sun & Abraham; the metric follows a dot.
ONLINE_ATT: str = "linkage.online_att"
#: The same with the plain two-way fixed-effects event study; the metric follows a dot.
ONLINE_ATT_TWFE: str = "linkage.online_att_twfe"
#: Extra change after the start where staff had IT training (difference of two ATTs).
IT_TRAINING_EXTRA: str = "linkage.it_training_extra"

def effect_per_step_code(metric: str) -> str:
    """``linkage.effect_per_5jp.<metric>``."""
    return f"{EFFECT_PER_STEP}.{metric}"


def online_att_code(method: str, metric: str) -> str:
    """``linkage.online_att.<metric>`` (Sun & Abraham) or ``linkage.online_att_twfe.<metric>``."""
    return f"{ONLINE_ATT if method == 'sunab' else ONLINE_ATT_TWFE}.{metric}"


def it_training_extra_code(metric: str) -> str:
    """``linkage.it_training_extra.<metric>``."""
    return f"{IT_TRAINING_EXTRA}.{metric}"


def _effect_records(statements: pd.DataFrame) -> Iterator[dict[str, object]]:
    for _, row in statements.loc[statements["lag"] == 0].iterrows():
        yield {"code": effect_per_step_code(row["metric"]), "estimate": row["change"],
               "ci_low": row["change_ci_low"], "ci_high": row["change_ci_high"],
               "n": int(row["n_obs"]), "unit": row["metric"],
               "note": f"{int(row['n_units'])} units; per +{JP_STEP:g} JP per staff member over "
                       "four quarters; unit and quarter FE, SE clustered by unit"}


def _ikm_records(ikm: IkmSummary) -> Iterator[dict[str, object]]:
    if ikm.n_units:
        yield {"code": IKM_SHARE_GOOD, "estimate": ikm.share_good, "ci_low": ikm.ci_low,
               "ci_high": ikm.ci_high, "n": ikm.n_units, "unit": "share",
               "note": "share of units in IKM category A or B"}


def _online_records(att: pd.DataFrame) -> Iterator[dict[str, object]]:
    for _, r in att.dropna(subset=["estimate"]).iterrows():
        yield {"code": online_att_code(r["method"], r["metric"]), "estimate": r["estimate"],
               "ci_low": r["ci_low"], "ci_high": r["ci_high"], "n": int(r["n_obs"]),
               "unit": r["metric"], "note": f"{int(r['n_treated_units'])} starting units; {r['method']}"}


def _it_training_records(effects: pd.DataFrame) -> Iterator[dict[str, object]]:
    differences = effects.loc[(effects["group"] == "difference") & effects["estimate"].notna()]
    for _, r in differences.iterrows():
        groups = effects.loc[effects["metric"] == r["metric"]].set_index("group")["n_treated_units"]
        yield {"code": it_training_extra_code(r["metric"]), "estimate": r["estimate"],
               "ci_low": r["ci_low"], "ci_high": r["ci_high"], "n": int(r["n_obs"]),
               "unit": r["metric"],
               "note": f"{int(groups['it_trained'])} IT-trained vs "
                       f"{int(groups['not_it_trained'])} other starting units"}


def record_results(
    rec: ResultsRecorder,
    period: str,
    statements: pd.DataFrame,
    ikm: IkmSummary | None = None,
    online_att: pd.DataFrame | None = None,
    it_training: pd.DataFrame | None = None,
) -> None:
    """Record the area's key numbers for ``period``, in this order.

    Parameters
    ----------
    rec
        The notebook's recorder.
    period
        The quarter analysed (``2026Q3``).
    statements
        :func:`analysis.linkage.effect_statements` of the exposure effects: the
        same-quarter rows (``lag == 0``) give :func:`effect_per_step_code` per metric,
        the change per :data:`JP_STEP` JP per staff member with its 95% CI; n is the
        unit-quarters.
    ikm
        :func:`analysis.linkage.ikm_summary`: :data:`IKM_SHARE_GOOD` with its Wilson
        CI over the units with an IKM (nothing when no unit has one).
    online_att
        ``OnlineResults.att``: :func:`online_att_code` per estimated metric and
        estimator; n is the treated unit-quarters after the start.
    it_training
        Stacked :func:`analysis.linkage.it_training_effect` frames: the
        ``difference`` rows give :func:`it_training_extra_code` per metric.
    """
    numbers = list(_effect_records(statements))
    if ikm is not None:
        numbers += _ikm_records(ikm)
    if online_att is not None and len(online_att):
        numbers += _online_records(online_att)
    if it_training is not None and len(it_training):
        numbers += _it_training_records(it_training)
    for number in numbers:
        rec.record(**number, period=period)
