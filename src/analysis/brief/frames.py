"""The frames behind the brief's sections: what each chart and sentence shows, computed from the areas' tables.

One function per section's frame, taking the question areas' outputs and
returning a tidy frame (or a few numbers): the headline changes that clearly
moved, learning gain by format, learning per rupiah by provider, the service-link
effects per +5 JP, the budget bars, the cheapest formats, the staff not reached,
participation by group and the worst-reached agencies, and participation by
leadership factor. The verdict rules (a clear difference, the minimum n) are
:mod:`analysis.stats.verdict`'s.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from analysis import linkage
from analysis.brief import messages as msg
from analysis.brief.codes import recorded
from analysis.brief.numbers import as_float
from analysis.brief.wording import modality_label, provider_label
from analysis.coverage.messages import group_label
from analysis.data.contract import METRIC_DIRECTIONS
from analysis.data.dataset import Dataset
from analysis.data.disclosure import load_policy
from analysis.linkage.codes import EXPLORATORY_FAMILY, effect_per_step_code, service_verdicts
from analysis.stats.comparisons import proportion_ci
from analysis.stats.intervals import mover_difference
from analysis.stats.verdict import MIN_N, direction, enough_data, verdict
from analysis.text.lang import Lang, check_lang, pick

#: Service metrics the brief's service-link section shows, in order.
LINK_METRICS: tuple[str, ...] = ("ikm", "processing_days", "complaints_per_1000", "online_share", "spm_attainment")
#: Headline numbers that build up over the year: never compared quarter on quarter.
YEAR_TO_DATE: tuple[str, ...] = ("jp20_compliance", "budget_absorption")
#: Columns of :func:`classify_effects`.
EFFECT_COLUMNS: list[str] = ["metric", "change", "change_ci_low", "change_ci_high", "n_obs", "name", "better", "worse"]


def difference_direction(a: pd.Series, b: pd.Series, column: str = "") -> tuple[str, float, float]:
    """Whether ``a`` is clearly higher or lower than ``b``, from the CI of their difference.

    ``a`` and ``b`` carry ``<column>``, ``<column>_ci_low``, ``<column>_ci_high`` (or
    ``estimate``, ``ci_low``, ``ci_high`` when ``column`` is empty), independent
    estimates. The 95% CI of a - b is MOVER/Newcombe
    (:func:`analysis.stats.intervals.mover_difference`), and the direction is
    :func:`analysis.stats.verdict.direction` of it: ``higher``/``lower`` when it excludes
    0, else ``no_clear_difference``. Returns (direction, low, high).
    """
    est, low, high = (f"{column}{s}" for s in ("", "_ci_low", "_ci_high")) if column else ("estimate", "ci_low", "ci_high")
    lo, hi = mover_difference(as_float(a[est]), as_float(a[low]), as_float(a[high]),
                              as_float(b[est]), as_float(b[low]), as_float(b[high]))
    return direction(lo, hi), lo, hi


# --------------------------------------------------------------------------- executive summary


def clear_changes(head: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Headline numbers that clearly moved since the previous quarter: (better, worse).

    A change is clear when its own 95% CI (``change_ci_low``, ``change_ci_high``)
    excludes zero (:func:`analysis.stats.verdict.verdict`); better/worse follow
    the number's ``direction``. The year-to-date numbers (:data:`YEAR_TO_DATE`) grow
    through the year and are not compared quarter on quarter.
    """
    moved = head.loc[head["change_ci_low"].notna() & ~head["code"].isin(list(YEAR_TO_DATE))]
    verdicts = pd.Series(
        [verdict(lo, hi, higher_is_better=d > 0)
         for lo, hi, d in zip(moved["change_ci_low"], moved["change_ci_high"], moved["direction"], strict=True)],
        index=moved.index, dtype=object,
    )
    return moved.loc[verdicts.eq("better")], moved.loc[verdicts.eq("worse")]


# --------------------------------------------------------------------------- Q1 relevance and formats, Q2 partnerships


def gains_by_format(gains: pd.DataFrame, lang: Lang) -> pd.DataFrame:
    """:func:`analysis.outcomes.learning_change` by modality, ready to plot: rows with an estimate,
    a ``name`` column (the format's label) and sorted by estimate (smallest first).

    A format whose gain rests on fewer than 5 people (disclosure control, ``docs/disclosure.md``)
    keeps its row, without estimate and interval, and its label ends with ``(<5)``: it is not
    drawn, and the label says why; such rows come first.
    """
    lang = check_lang(lang)
    policy = load_policy()
    g = gains.dropna(subset=["estimate"])
    small = g["n"].map(policy.is_small).astype(bool)
    names = [modality_label(m, lang) + (f" ({policy.mark})" if hidden else "")
             for m, hidden in zip(g["modality"], small, strict=True)]
    g = g.assign(name=names)
    for column in [c for c in ("estimate", "ci_low", "ci_high") if c in g.columns]:
        g[column] = g[column].astype(float).where(~small, np.nan)
    return g.sort_values("estimate", na_position="first")


def providers_per_rupiah(providers: pd.DataFrame, lang: Lang) -> pd.DataFrame:
    """The ``providers`` evidence of :func:`analysis.brief.evidence.brief_evidence`, ready to plot:
    rows with a gain per Rp 1 million, a ``name`` column, sorted (smallest first)."""
    lang = check_lang(lang)
    p = providers.dropna(subset=["gain_per_million"])
    return p.assign(name=[provider_label(x, lang) for x in p["provider_type"]]).sort_values("gain_per_million")


# --------------------------------------------------------------------------- Q3 service link


def recorded_effects(recorded_rows: Sequence[Mapping[str, Any]], period: str) -> list[dict[str, Any]]:
    """The service-link effects per +5 JP that notebook 40 recorded
    (:func:`analysis.linkage.codes.effect_per_step_code`), one dict per metric of :data:`LINK_METRICS`."""
    effects = []
    for m in LINK_METRICS:
        row = recorded(recorded_rows, effect_per_step_code(m), period)
        if row is not None:
            effects.append({"metric": m, "change": row["estimate"], "change_ci_low": row["ci_low"],
                            "change_ci_high": row["ci_high"], "n_obs": row["n"],
                            "verdict": row.get("verdict"), "primary": row.get("primary"),
                            "p_adjusted": row.get("p_adjusted")})
    return effects


def fitted_verdicts(ds: Dataset, period: str) -> tuple[pd.DataFrame, list[dict[str, Any]]]:
    """The service-link effects fitted here and their verdicts, when notebook 40 recorded none.

    :func:`analysis.linkage.exposure_effects` at lag 0 on :func:`analysis.linkage.unit_panel`
    through ``period`` for the :data:`LINK_METRICS` the models can estimate
    (:func:`analysis.linkage.modelled_metrics`; none without them), judged by
    :func:`analysis.linkage.codes.service_verdicts` (primary outcomes and the Holm family of
    these effects only: without notebook 40 the launch, IT and annex tests are not run, so
    the family is smaller than the notebook's). Returns the statements and the numbers.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        panel = linkage.unit_panel(ds, through=period)
        reported = [m for m in linkage.panel_metrics(panel) if m in LINK_METRICS and panel[m].notna().any()]
        metrics = linkage.modelled_metrics(panel, reported)
        if not metrics:  # no service metrics, or too few units: the section says "not enough data"
            return pd.DataFrame(), []
        st = linkage.effect_statements(linkage.exposure_effects(panel, metrics))
    return st, service_verdicts(st)


def fitted_effects(ds: Dataset, period: str) -> list[dict[str, Any]]:
    """The service-link effects per +5 JP fitted here (:func:`fitted_verdicts`), one dict per metric."""
    st, numbers = fitted_verdicts(ds, period)
    if st.empty:
        return []
    judged = {n["code"]: n for n in numbers}
    rows = st.loc[st["lag"] == 0, ["metric", "change", "change_ci_low", "change_ci_high", "n_obs"]].to_dict("records")
    for row in rows:
        number = judged.get(effect_per_step_code(row["metric"]), {})
        row.update(verdict=number.get("verdict"), primary=number.get("primary"),
                   p_adjusted=number.get("p_adjusted"))
    return rows


#: Verdicts that call a comparison clear.
CLEAR_VERDICTS: frozenset[str] = frozenset({"better", "worse", "higher", "lower", "different"})


@dataclass(frozen=True)
class Comparisons:
    """How many comparisons stand behind a section: ``total``, the ``clear`` ones, the ``primary`` ones
    (read on their own; the rest are one Holm family when ``adjusted``)."""

    total: int
    clear: int
    primary: int = 0
    adjusted: bool = True


def count_comparisons(numbers: Sequence[Mapping[str, Any]]) -> Comparisons:
    """The comparisons among service-link numbers: the primary outcomes and the members of
    :data:`analysis.linkage.codes.EXPLORATORY_FAMILY` (those with an adjusted p-value);
    ``clear`` counts their verdicts in :data:`CLEAR_VERDICTS`."""
    def adjusted(n: Mapping[str, Any]) -> bool:
        p = n.get("p_adjusted")
        return n.get("family") == EXPLORATORY_FAMILY and p is not None and not math.isnan(float(p))

    counted = [n for n in numbers if n.get("primary") or adjusted(n)]
    return Comparisons(total=len(counted), clear=sum(1 for n in counted if n.get("verdict") in CLEAR_VERDICTS),
                       primary=sum(1 for n in counted if n.get("primary")))


def service_comparisons(recorded_rows: Sequence[Mapping[str, Any]], ds: Dataset, period: str) -> Comparisons:
    """How many comparisons stand behind the service section (:func:`count_comparisons`).

    Read from the numbers notebook 40 recorded for ``period`` (its whole family: effects,
    launch, IT contrast and robustness annex); when none was recorded, from
    :func:`fitted_verdicts`.
    """
    rows = [r for r in recorded_rows if str(r.get("code", "")).startswith("linkage.")
            and r.get("period") in (None, period)]
    return count_comparisons(rows if any(r.get("family") or r.get("primary") for r in rows)
                             else fitted_verdicts(ds, period)[1])


def headline_comparisons(head: pd.DataFrame) -> Comparisons:
    """How many quarter-on-quarter changes the executive summary compares (each read on its own:
    its own 95% CI, :func:`clear_changes`) and how many are clear."""
    moved = head.loc[head["change_ci_low"].notna() & ~head["code"].isin(list(YEAR_TO_DATE))]
    better, worse = clear_changes(head)
    return Comparisons(total=len(moved), clear=len(better) + len(worse), adjusted=False)


def service_effects(recorded_rows: Sequence[Mapping[str, Any]], ds: Dataset, period: str, lang: Lang = "id") -> pd.DataFrame:
    """The change in each service metric per +5 JP per staff member (unit and quarter fixed effects).

    Read from the numbers notebook 40 recorded (:func:`recorded_effects`); when none
    was recorded (the brief runs alone), fitted here (:func:`fitted_effects`).

    Returns
    -------
    DataFrame
        :func:`classify_effects` of the effects: ``metric, change, change_ci_low,
        change_ci_high, n_obs, name, better, worse`` for the metrics of
        :data:`LINK_METRICS` with an estimate. Empty (no rows) when there is no estimate.
    """
    lang = check_lang(lang)
    effects = recorded_effects(recorded_rows, period) or fitted_effects(ds, period)
    return classify_effects(pd.DataFrame(effects), lang)


def classify_effects(effects: pd.DataFrame, lang: Lang = "id") -> pd.DataFrame:
    """Add ``name``, ``better`` and ``worse`` to per-metric effects (``metric, change, change_ci_low, change_ci_high``).

    ``better`` / ``worse`` from the recorded ``verdict`` when the effects carry one (the
    service link's primary outcomes and its Holm-adjusted exploratory family,
    :func:`analysis.linkage.codes.service_verdicts`), so the brief and notebook 40 cannot
    disagree; without it, ``better`` when the 95% CI lies entirely on the metric's better
    side of zero (:data:`analysis.data.contract.METRIC_DIRECTIONS`), ``worse`` when entirely
    on the other side; neither when it crosses zero (:func:`analysis.stats.verdict.verdict`).
    Rows without an estimate are dropped. Does not modify ``effects``.
    """
    lang = check_lang(lang)
    if not len(effects):
        return pd.DataFrame(columns=EFFECT_COLUMNS)
    eff = effects.dropna(subset=["change"]).copy()
    eff["name"] = [linkage.metric_label(m, lang) for m in eff["metric"]]
    recorded_verdicts = eff["verdict"] if "verdict" in eff else pd.Series(None, index=eff.index, dtype=object)
    verdicts = [
        v if isinstance(v, str) and v else verdict(lo, hi, higher_is_better=METRIC_DIRECTIONS.get(m, 1) > 0)
        for m, lo, hi, v in zip(eff["metric"], eff["change_ci_low"], eff["change_ci_high"], recorded_verdicts,
                                strict=True)
    ]
    eff["better"] = pd.Series([v == "better" for v in verdicts], index=eff.index, dtype=bool)
    eff["worse"] = pd.Series([v == "worse" for v in verdicts], index=eff.index, dtype=bool)
    return eff


# --------------------------------------------------------------------------- Q4 budget


def remaining_allocation(gap: Mapping[str, Any]) -> float:
    """The allocation left (never below zero; NaN when unknown) of a :func:`analysis.budget.funding_gap` row."""
    return max(0.0, gap["remaining_idr"]) if pd.notna(gap["remaining_idr"]) else np.nan


def budget_values(gap: Mapping[str, Any], lang: Lang = "id") -> dict[str, float]:
    """The four bars of the budget chart: allocation, spent to date, remaining (>= 0), needed for 20 JP (IDR).

    ``gap`` is the city row of :func:`analysis.budget.funding_gap` as a dict; the keys
    are the bars' labels in ``lang``.
    """
    lang = check_lang(lang)
    return {
        pick(lang, msg.BUDGET_BARS["allocated"]): gap["allocated_idr"],
        pick(lang, msg.BUDGET_BARS["spent"]): gap["spending_ytd_idr"],
        pick(lang, msg.BUDGET_BARS["remaining"]): remaining_allocation(gap),
        pick(lang, msg.BUDGET_BARS["needed"]): gap["gap_idr"],
    }


def money_scale(gap: Mapping[str, Any], lang: Lang) -> tuple[float, str]:
    """The scale of the budget's amounts: (1e9, "miliar") from Rp 2 billion, else (1e6, "juta")."""
    vals = budget_values(gap, lang)
    return (1e9, pick(lang, msg.BILLION)) if np.nanmax(list(vals.values())) >= 2e9 else (1e6, pick(lang, msg.MILLION))


def cheapest_formats(formats: pd.DataFrame) -> pd.DataFrame:
    """Formats with a cost per JP and enough data, cheapest first (``formats`` of
    :func:`analysis.brief.evidence.brief_evidence`): at least MIN_N participants and, when the
    frame has ``programmes`` (the clusters of the cost), at least
    :data:`analysis.stats.verdict.MIN_CLUSTERS` programmes (:func:`analysis.stats.verdict.enough_data`)."""
    cpj = formats.dropna(subset=["cost_per_jp"])
    clusters = cpj["programmes"] if "programmes" in cpj else pd.Series(None, index=cpj.index, dtype=object)
    cpj = cpj.assign(enough_data=[enough_data(n, MIN_N, n_clusters=None if pd.isna(g) else g)
                                  for n, g in zip(cpj["n"], clusters, strict=True)])
    return cpj.loc[cpj["enough_data"]].sort_values("cost_per_jp")


# --------------------------------------------------------------------------- Q5 participation


def not_reached_total(trend: pd.DataFrame, period: str) -> tuple[int, int, float]:
    """ASN with no JP in the four quarters up to ``period``: (not reached, active staff, share).

    From the ``share_not_reached`` row of :func:`analysis.coverage.trend`; the
    count is the share times the staff, rounded. The share is NaN when there are
    no active staff.
    """
    gone = trend.loc[trend["period"].eq(period) & trend["metric"].eq("share_not_reached")].iloc[0]
    total_staff = int(gone["n"])
    total_nr = int(round(gone["estimate"] * total_staff)) if total_staff else 0
    share = total_nr / total_staff if total_staff else np.nan
    return total_nr, total_staff, share


def equity_groups(equity: pd.DataFrame, lang: Lang = "id") -> pd.DataFrame:
    """:func:`analysis.coverage.equity` rows with active staff, with a ``name`` column (the group's label)."""
    lang = check_lang(lang)
    eq = equity.loc[equity["active_staff"] > 0].copy()
    eq["name"] = [group_label(g, lang) for g in eq["group"]]
    return eq


def worst_agencies(not_reached: pd.DataFrame, names: Mapping[str, str], top: int = 5) -> pd.DataFrame:
    """The ``top`` agencies (>= MIN_N active staff) with the highest share of staff not reached.

    ``not_reached`` is :func:`analysis.coverage.not_reached` by ``agency_id``;
    returns ``name, active_staff, not_reached, share_not_reached``.
    """
    nr = not_reached.sort_values("share_not_reached", ascending=False)
    worst = nr.loc[nr["active_staff"] >= MIN_N].head(top)
    worst = worst.assign(name=worst["agency_id"].map(lambda a: names.get(a, a)))
    return worst[["name", "active_staff", "not_reached", "share_not_reached"]]


# --------------------------------------------------------------------------- Q6 leadership


def leadership_rates(panel: pd.DataFrame, lang: Lang = "id") -> pd.DataFrame:
    """Staff participation rate by leadership factor, with Wilson 95% intervals.

    For each factor of :data:`analysis.brief.messages.LEADERSHIP_FACTORS` present in
    ``panel`` (:func:`analysis.coverage.participation_panel`: one row per
    employee-quarter, ``participated`` 0/1), the employee-quarters with the factor
    = 1 then = 0: rate = mean of ``participated``; interval = Wilson score
    (:func:`analysis.stats.comparisons.proportion_ci`).

    Returns
    -------
    DataFrame
        ``factor, label, rate, lo, hi, n``, one row per (factor, level) with
        at least one employee-quarter (the "yes" level first).

    Notes
    -----
    Rows whose factor is missing (NaN) count in neither level. Unadjusted
    shares: an association, not a causal effect.
    """
    lang = check_lang(lang)
    rows = []
    for col, (yes, no) in msg.LEADERSHIP_FACTORS.items():
        if col not in panel:
            continue
        for flag, label in ((1, pick(lang, yes)), (0, pick(lang, no))):
            g = panel.loc[panel[col].eq(flag), "participated"]
            if len(g):
                lo, hi = proportion_ci(int(g.sum()), len(g))
                rows.append({"factor": col, "label": label, "rate": g.mean(), "lo": float(lo), "hi": float(hi), "n": len(g)})
    return pd.DataFrame(rows, columns=["factor", "label", "rate", "lo", "hi", "n"])
