"""Result codes of the training-outcomes area (``results.json``), their units, and
:func:`record_results`, which records them all from the page's frames.

Codes are language-neutral; each number carries its 95% CI (where it has one) and n.
Numbers of one agency's page carry the agency as their group; the per-level numbers
(adjusted gain, gain per rupiah) carry ``<factor>:<level>`` (``@<agency>``).
"""

from __future__ import annotations

import pandas as pd

from analysis.data.periods import format_period, shift_period
from analysis.data.results import ResultsRecorder
from analysis.stats.verdict import verdict

SATISFACTION = "outcomes.satisfaction"
SHARE_SATISFIED = "outcomes.share_satisfied"
MEAN_GAIN = "outcomes.mean_gain"
NORMALISED_GAIN = "outcomes.normalised_gain"
SHARE_IMPROVED = "outcomes.share_improved"
#: ANCOVA difference in gain of one format or provider type against classroom / in-house.
ADJUSTED_GAIN = "outcomes.adjusted_gain"
BEHAVIOUR = "outcomes.behaviour"
BEHAVIOUR_GAIN_CORRELATION = "outcomes.behaviour_gain_correlation"
SHARE_JP_TARGET_SECTOR = "outcomes.share_jp_target_sector"
SHARE_JP_TO_GAP = "outcomes.share_jp_to_gap"
#: Points of learning gain per IDR 1 million, per provider type.
GAIN_PER_MILLION_IDR = "outcomes.gain_per_million_idr"
COST_PER_JP = "outcomes.cost_per_jp"
COST_PER_GAIN_POINT = "outcomes.cost_per_gain_point"

#: Every code :func:`record_results` records, in its order, with its unit.
UNITS: dict[str, str] = {
    SATISFACTION: "score 1-5",
    SHARE_SATISFIED: "share",
    MEAN_GAIN: "points",
    NORMALISED_GAIN: "ratio",
    SHARE_IMPROVED: "share",
    ADJUSTED_GAIN: "points",
    BEHAVIOUR: "score 1-5",
    BEHAVIOUR_GAIN_CORRELATION: "ratio",
    SHARE_JP_TARGET_SECTOR: "share",
    SHARE_JP_TO_GAP: "share",
    GAIN_PER_MILLION_IDR: "points per IDR million",
    COST_PER_JP: "idr",
    COST_PER_GAIN_POINT: "idr",
}
#: The factors whose levels get an :data:`ADJUSTED_GAIN` number.
ADJUSTED_FACTORS = ("modality", "provider_type")


def _group(agency: str) -> str | None:
    """The group of a page-level number: none for the city, else the agency id."""
    return None if agency == "all" else agency


def _programmes(row: pd.Series) -> int | None:
    """The number of programmes (clusters) behind a row's interval, when the row has it."""
    value = row.get("programmes")
    return None if value is None or pd.isna(value) else int(value)


def _level_group(label: str, agency: str) -> str:
    """``<factor>:<level>``, with ``@<agency>`` on one agency's page."""
    return label + ("" if agency == "all" else f"@{agency}")


def _record_learning(rec: ResultsRecorder, period: str, agency: str, first: str, satisfaction: pd.DataFrame,
                     learning: pd.DataFrame, adjusted: pd.DataFrame) -> None:
    """Levels 1 and 2: satisfaction, share satisfied, gain, normalised gain, share improved, adjusted gains."""
    group = _group(agency)
    s = satisfaction.iloc[0]
    rec.record(SATISFACTION, s["mean"], s["ci_low"], s["ci_high"], n=int(s["n"]), unit=UNITS[SATISFACTION],
               period=period, group=group, note=f"attended enrollments ending {first}..{period}")
    rec.record(SHARE_SATISFIED, s["share_satisfied"], s["share_satisfied_ci_low"], s["share_satisfied_ci_high"],
               n=int(s["n"]), unit=UNITS[SHARE_SATISFIED], period=period, group=group)
    g = learning.iloc[0]
    n_gain = int(learning["n"].iloc[0])
    rec.record(MEAN_GAIN, g["estimate"], g["ci_low"], g["ci_high"], n=n_gain, unit=UNITS[MEAN_GAIN],
               period=period, group=group, note="post - pre, completed with both scores, paired t")
    rec.record(NORMALISED_GAIN, g["normalised_gain"], n=n_gain, unit=UNITS[NORMALISED_GAIN], period=period,
               group=group)
    rec.record(SHARE_IMPROVED, g["share_improved"], g["share_improved_ci_low"], g["share_improved_ci_high"],
               n=n_gain, unit=UNITS[SHARE_IMPROVED], period=period, group=group)
    for _, r in adjusted.loc[adjusted["factor"].isin(ADJUSTED_FACTORS)].iterrows():
        inference = str(r.get("inference", "hc1"))
        clusters = r.get("n_clusters")
        rec.record(ADJUSTED_GAIN, r["estimate"], r["ci_low"], r["ci_high"], n=int(r["n_level"]),
                   unit=UNITS[ADJUSTED_GAIN], period=period,
                   group=_level_group(f"{r['factor']}:{r['level']}", agency),
                   note=f"ANCOVA vs {r['reference']}, adjusted for pre-score and employee characteristics, "
                        f"{inference}",
                   verdict=verdict(r["ci_low"], r["ci_high"], higher_is_better=True, n=int(r["n_level"])),
                   p_value=r.get("p_value"), inference=inference,
                   n_clusters=None if clusters is None or pd.isna(clusters) else int(clusters))


def _record_behaviour_and_relevance(rec: ResultsRecorder, period: str, agency: str, behaviour: pd.DataFrame,
                                    behaviour_vs_gain: pd.DataFrame, relevance: pd.DataFrame) -> None:
    """Level 3 (rating, its correlation with the gain) and the two relevance shares."""
    group = _group(agency)
    b, v = behaviour.iloc[0], behaviour_vs_gain.iloc[0]
    rec.record(BEHAVIOUR, b["mean"], b["ci_low"], b["ci_high"], n=int(b["n"]), unit=UNITS[BEHAVIOUR],
               period=period, group=group, note="supervisor's rating 3 months after, completed")
    rec.record(BEHAVIOUR_GAIN_CORRELATION, v["correlation"], v["correlation_ci_low"], v["correlation_ci_high"],
               n=int(v["n"]), unit=UNITS[BEHAVIOUR_GAIN_CORRELATION], period=period, group=group,
               note="Pearson r, Fisher z CI")
    r = relevance.iloc[0]
    rec.record(SHARE_JP_TARGET_SECTOR, r["share_jp_target_sector"], n=int(r["enrollments"]),
               unit=UNITS[SHARE_JP_TARGET_SECTOR], period=period, group=group,
               note="share of credited JP; a census of the window's JP")
    rec.record(SHARE_JP_TO_GAP, r["share_jp_to_gap"], r["share_jp_to_gap_ci_low"], r["share_jp_to_gap_ci_high"],
               n=int(r["enrollments_assessed"]), unit=UNITS[SHARE_JP_TO_GAP], period=period, group=group,
               note="of JP with an assessment in the domain; ratio of sums, delta method")


def _record_money(rec: ResultsRecorder, period: str, agency: str, partnerships: pd.DataFrame,
                  cost: pd.DataFrame) -> None:
    """Gain per IDR 1 million per provider type, and cost per JP and per point of gain (when any cost)."""
    for _, r in partnerships.iterrows():
        rec.record(GAIN_PER_MILLION_IDR, r["gain_per_million_idr"], r["gain_per_million_idr_ci_low"],
                   r["gain_per_million_idr_ci_high"], n=int(r["n_gain"]), unit=UNITS[GAIN_PER_MILLION_IDR],
                   period=period, group=_level_group(f"provider_type:{r['provider_type']}", agency),
                   inference="delta_programme_clustered_t(G-1)", n_clusters=_programmes(r))
    if not len(cost):
        return
    c = cost.iloc[0]
    rec.record(COST_PER_JP, c["cost_per_jp"], c["cost_per_jp_ci_low"], c["cost_per_jp_ci_high"],
               n=int(c["enrollments"]), unit=UNITS[COST_PER_JP], period=period, group=_group(agency),
               note="delta method, ratio of sums")
    rec.record(COST_PER_GAIN_POINT, c["cost_per_gain_point"], c["cost_per_gain_point_ci_low"],
               c["cost_per_gain_point_ci_high"], n=int(c["n_gain"]), unit=UNITS[COST_PER_GAIN_POINT],
               period=period, group=_group(agency),
               note="cost / gain over scored completions, delta method clustered by programme",
               inference="delta_programme_clustered_t(G-1)", n_clusters=_programmes(c))


def record_results(
    rec: ResultsRecorder,
    period: str | pd.Period,
    agency: str,
    window: int,
    *,
    satisfaction: pd.DataFrame,
    learning: pd.DataFrame,
    adjusted: pd.DataFrame,
    behaviour: pd.DataFrame,
    behaviour_vs_gain: pd.DataFrame,
    relevance: pd.DataFrame,
    partnerships: pd.DataFrame,
    cost: pd.DataFrame,
) -> None:
    """Record every number of :data:`UNITS` on ``rec``, in that order.

    Parameters
    ----------
    rec
        The page's :class:`analysis.data.results.ResultsRecorder`.
    period, window
        The last quarter and the number of quarters the frames cover.
    agency
        ``"all"`` for the city, or the agency id of the page (the numbers' group).
    satisfaction, learning, behaviour, relevance, cost
        The one-row (``by=None``) frames of :func:`analysis.outcomes.reaction.satisfaction`,
        :func:`analysis.outcomes.learning.learning_change`,
        :func:`analysis.outcomes.transfer.behaviour`, :func:`analysis.outcomes.targeting.relevance`
        and :func:`analysis.outcomes.costs.cost_effectiveness` (empty: no cost numbers).
    adjusted
        :func:`analysis.outcomes.learning.adjusted_effects` (one number per format and
        provider type; may be empty).
    behaviour_vs_gain
        :func:`analysis.outcomes.transfer.behaviour_vs_gain`.
    partnerships
        :func:`analysis.outcomes.partners.partnerships` (one number per provider type).
    """
    period = format_period(period)
    first = shift_period(period, -(window - 1))
    _record_learning(rec, period, agency, first, satisfaction, learning, adjusted)
    _record_behaviour_and_relevance(rec, period, agency, behaviour, behaviour_vs_gain, relevance)
    _record_money(rec, period, agency, partnerships, cost)
