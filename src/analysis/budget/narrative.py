"""The budget page's sentences, built from the results in the reader's language.

One builder per paragraph (absorption, cost per JP, funding gap, format mix,
trend, one agency), joined by :func:`budget_narrative`; the format mix's
assumptions as a list (:func:`mix_assumption_notes`). Words come from
:mod:`analysis.budget.messages`, intervals from :mod:`analysis.text.phrases`,
and whether a difference is clear from :mod:`analysis.stats.verdict`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import Any

import pandas as pd

from analysis.budget import messages as msg
from analysis.budget.assumptions import plan_assumptions
from analysis.budget.labels import agency_name, format_name, label
from analysis.budget.mix import FormatMix
from analysis.budget.mix_uncertainty import MixUncertainty
from analysis.budget.results import BudgetResults
from analysis.budget.spending import over_allocation
from analysis.budget.trend import cost_per_jp_change
from analysis.stats.verdict import MIN_N, direction
from analysis.text import fmt, phrases
from analysis.text.lang import Lang, pick, t

Names = Mapping[str, str] | pd.Series

#: The cost per JP's year-on-year change in words, by :func:`analysis.stats.verdict.direction`.
_CHANGE_WORDS = MappingProxyType({
    "higher": msg.COST_ROSE,
    "lower": msg.COST_FELL,
    "no_clear_difference": msg.COST_NO_CLEAR_CHANGE,
})


def money_ci(estimate: float, low: float, high: float, lang: Lang = "id") -> str:
    """``Rp 1,2 miliar (IK 95% Rp 1,0 miliar s.d. Rp 1,4 miliar)``; the bare amount when a bound is missing."""
    return phrases.with_interval(estimate, low, high, lang, lambda x: fmt.money(x, lang))


def plan_basis_text(basis: str, year: int, lang: Lang = "id") -> str:
    """What the format mix plans: ``pagu tahun 2026`` / ``belanja empat triwulan terakhir``."""
    if basis == "allocation":
        return msg.say(msg.PLAN_BASIS_ALLOCATION, lang, year=year)
    return pick(lang, msg.PLAN_BASIS_SPENDING)


def absorption_sentences(
    spend: pd.DataFrame, city_spend: Mapping[str, Any], period: str, names: Names, lang: Lang = "id"
) -> list[str]:
    """Absorption paragraph: city spending against the allocation and the even pace, overruns, top three.

    ``spend`` is :func:`analysis.budget.spending.spending` by agency, ``city_spend``
    its city row. Absorption is a census quantity, stated without a CI. Agencies
    without an allocation are counted in a sentence of their own; when none has one,
    the paragraph gives the spending and says absorption cannot be computed.
    """
    over = over_allocation(spend)
    overspent = msg.OVERSPENT if over["over"] else msg.NONE_OVERSPENT
    with_alloc = spend.loc[~spend["no_allocation"]]
    if with_alloc.empty:  # no budget rows for the year: spending only
        return [msg.say(msg.ABSORPTION_NO_ALLOCATION, lang, period=fmt.period_label(period, lang),
                        spending=fmt.money(city_spend["spending_ytd_idr"], lang), year=int(period[:4]))]
    top = with_alloc.sort_values("absorption", ascending=False).head(3)
    lines = [msg.say(
        msg.ABSORPTION, lang,
        period=fmt.period_label(period, lang),
        spending=fmt.money(city_spend["spending_ytd_idr"], lang),
        allocated=fmt.money(city_spend["allocated_idr"], lang),
        absorption=fmt.percent(city_spend["absorption"], lang),
        pace=fmt.percent(int(period[-1]) / 4, lang, 0),
        overspent=msg.say(overspent, lang, over=over["over"], with_allocation=over["with_allocation"]),
        top=", ".join(
            f"{agency_name(names, r.agency_id)} ({fmt.percent(r.absorption, lang)})" for r in top.itertuples()
        ),
    )]
    n_noalloc = int(spend["no_allocation"].sum())
    if n_noalloc:
        lines.append(msg.say(msg.NO_ALLOCATION, lang, agencies=phrases.counted(n_noalloc, msg.AGENCY_NOUN, lang, "agencies"),
                             year=int(period[:4])))
    return lines


def _cheapest_and_dearest(cost_modality: pd.DataFrame, modality_diff: pd.DataFrame, lang: Lang) -> str:
    """The cheapest and dearest formats named when their difference is clear, else "no clear difference"."""
    ok = cost_modality.loc[cost_modality["enough_data"] & cost_modality["cost_per_jp"].notna()]
    cheap = ok.loc[ok["cost_per_jp"].idxmin()]
    dear = ok.loc[ok["cost_per_jp"].idxmax()]
    d = (modality_diff.set_index("modality").loc[dear["modality"]]
         if dear["modality"] in set(modality_diff["modality"]) else None)
    if d is None or not d["differs"] or d["reference"] != cheap["modality"]:
        return pick(lang, msg.FORMATS_NO_CLEAR_DIFFERENCE)
    return msg.say(
        msg.CHEAPEST_AND_DEAREST, lang,
        cheap=label(cheap["modality"], lang), cheap_cost=fmt.money(cheap["cost_per_jp"], lang),
        dear=label(dear["modality"], lang), dear_cost=fmt.money(dear["cost_per_jp"], lang),
        ratio=fmt.number(d["ratio"], lang), difference=money_ci(d["estimate"], d["ci_low"], d["ci_high"], lang),
    )


def cost_per_jp_sentences(
    cost_city: Mapping[str, Any], cost_modality: pd.DataFrame, modality_diff: pd.DataFrame, lang: Lang = "id"
) -> list[str]:
    """Cost-per-JP paragraph: the city's cost per JP with its CI, cheapest vs dearest format, thin formats.

    The cheapest and dearest formats are named as different only when
    :func:`analysis.budget.cost.compare_cost_per_jp` says their difference's CI
    excludes zero (``differs``) against the cheapest as reference; otherwise the
    sentence says the formats do not differ beyond their uncertainty. Formats
    under :data:`analysis.stats.verdict.MIN_N` completed enrollments are listed as
    "not enough data".
    """
    lines = [msg.say(
        msg.CITY_COST_PER_JP, lang,
        cost=money_ci(cost_city["cost_per_jp"], cost_city["ci_low"], cost_city["ci_high"], lang),
        n=fmt.number(cost_city["enrollments"], lang, 0),
    )]
    ok = cost_modality["enough_data"] & cost_modality["cost_per_jp"].notna()
    if ok.sum() >= 2:
        lines.append(_cheapest_and_dearest(cost_modality, modality_diff, lang))
    few = cost_modality.loc[~cost_modality["enough_data"], "modality"].map(lambda m: label(m, lang)).tolist()
    if few:
        lines.append(msg.say(msg.FORMATS_NOT_ENOUGH_DATA, lang, min_n=MIN_N, formats=", ".join(few)))
    return lines


def funding_gap_sentences(
    gap: pd.DataFrame, city_gap: Mapping[str, Any], year: int, names: Names, lang: Lang = "id"
) -> list[str]:
    """Funding-gap paragraph: staff below 20 JP, JP and money needed (with CI), shortfall, worst three.

    Agencies priced at the city's cost per JP (fewer than
    :data:`analysis.stats.verdict.MIN_N` completed enrollments of their own) are
    counted in a sentence of their own.
    """
    lines = [msg.say(
        msg.CITY_FUNDING_GAP, lang,
        below=fmt.number(city_gap["staff_below_target"], lang, 0),
        active=fmt.number(city_gap["active_staff"], lang, 0),
        year=year,
        jp=fmt.number(city_gap["jp_needed"], lang, 0),
        need=money_ci(city_gap["gap_idr"], city_gap["gap_ci_low"], city_gap["gap_ci_high"], lang),
        shortfall=fmt.money(city_gap["shortfall_idr"], lang),
    )]
    n_city_rate = int((gap["cost_source"] == "city").sum())
    if n_city_rate:
        lines.append(msg.say(msg.PRICED_AT_CITY_COST, lang, min_n=MIN_N,
                             agencies=phrases.counted(n_city_rate, msg.AGENCY_NOUN, lang, "agencies")))
    worst = gap.sort_values("shortfall_per_staff_idr", ascending=False).head(3)
    worst = worst.loc[worst["shortfall_idr"] > 0]
    if len(worst):
        listed = ", ".join(
            msg.say(msg.SHORTFALL_PER_ASN, lang, agency=agency_name(names, r.agency_id),
                    amount=fmt.money(r.shortfall_per_staff_idr, lang))
            for r in worst.itertuples()
        )
        lines.append(msg.say(msg.LARGEST_SHORTFALLS, lang, agencies=listed))
    return lines


def _mix_paragraph(
    mix: FormatMix, plan_budget: float, basis_text: str, staff_below_target: float, lang: Lang
) -> str:
    """The format mix's first sentence: JP delivered, everyone reachable, or people reached."""
    summary = mix.summary.set_index("mix")
    current, optimal = summary.loc["current"], summary.loc["optimal"]
    shared = {"basis": basis_text, "budget": fmt.money(plan_budget, lang)}
    all_cur, all_opt = current["cost_to_reach_all_idr"], optimal["cost_to_reach_all_idr"]
    if mix.objective == "jp":
        return msg.say(
            msg.MIX_JP, lang, **shared,
            current=fmt.number(current["jp"], lang, 0), optimal=fmt.number(optimal["jp"], lang, 0),
            gain=fmt.points(optimal["jp"] - current["jp"], lang, 0),
        )
    if pd.notna(all_opt) and all_opt <= plan_budget:
        saving = all_cur - all_opt
        return msg.say(
            msg.MIX_REACHES_ALL, lang, **shared,
            active=fmt.number(mix.max_people, lang, 0),
            current_cost=fmt.money(all_cur, lang), optimal_cost=fmt.money(all_opt, lang),
            saving=msg.say(msg.MIX_SAVING, lang, amount=fmt.money(saving, lang)) if saving > 0 else ".",
            below=fmt.number(staff_below_target, lang, 0),
        )
    return msg.say(
        msg.MIX_PEOPLE, lang, **shared,
        current=fmt.number(current["people"], lang, 0), active=fmt.number(mix.max_people, lang, 0),
        optimal=fmt.number(optimal["people"], lang, 0),
        gain=fmt.points(optimal["people"] - current["people"], lang, 0),
        reach_all=msg.say(msg.MIX_COST_TO_REACH_ALL, lang, amount=fmt.money(all_opt, lang))
        if pd.notna(all_opt) else "",
    )


def format_mix_sentences(
    mix: FormatMix | None, plan_budget: float, basis_text: str, staff_below_target: float, lang: Lang = "id",
    uncertainty: MixUncertainty | None = None,
) -> list[str]:
    """Format-mix paragraph: current vs optimal mix for the same budget, capacity, and the planning caveat.

    ``basis_text`` is :func:`plan_basis_text`; ``staff_below_target`` the city's
    count of active ASN under 20 JP (:func:`analysis.budget.gap.funding_gap`). When
    the budget would reach every active ASN with the optimal mix, the text says
    money is not the only constraint; when the providers' capacity leaves more
    than 0.5% of the budget unspent, it says so. Without a plan (``mix`` is ``None``: no
    format has :data:`~analysis.stats.verdict.MIN_N` observed places) one "data belum
    cukup" sentence says why.
    """
    if mix is None:
        return [msg.say(msg.MIX_NOT_ENOUGH_DATA, lang, min_n=MIN_N)]
    lines = [_mix_paragraph(mix, plan_budget, basis_text, staff_below_target, lang)]
    summary = mix.summary.set_index("mix")
    all_opt = summary.loc["optimal", "cost_to_reach_all_idr"]
    opt_spend = summary.loc["optimal", "spend_idr"]
    reaches_all = mix.objective != "jp" and pd.notna(all_opt) and all_opt <= plan_budget
    if not reaches_all and opt_spend < 0.995 * plan_budget:
        lines.append(msg.say(msg.MIX_CAPACITY_BINDS, lang, amount=fmt.money(opt_spend, lang)))
    lines += mix_uncertainty_sentences(uncertainty, lang)
    lines.append(pick(lang, msg.MIX_PLANNING_CAVEAT))
    return lines


def mix_uncertainty_sentences(uncertainty: MixUncertainty | None, lang: Lang = "id") -> list[str]:
    """The plan's cost of reaching everyone with its programme-bootstrap interval, and, when
    more than half the optimal spending goes to the noisiest formats, a warning naming them.

    Empty without an uncertainty result or a finite cost of reaching everyone.
    """
    if uncertainty is None:
        return []
    s = uncertainty.summary.set_index("quantity")
    opt, cur = s.loc["optimal_cost_to_reach_all_idr"], s.loc["current_cost_to_reach_all_idr"]
    if not (pd.notna(opt["estimate"]) and pd.notna(opt["ci_low"])):
        return []
    money = {k: fmt.money(v, lang) if pd.notna(v) else fmt.MISSING
             for k, v in (("amount", opt["estimate"]), ("low", opt["ci_low"]), ("high", opt["ci_high"]),
                          ("current", cur["estimate"]), ("current_low", cur["ci_low"]),
                          ("current_high", cur["ci_high"]))}
    lines = [msg.say(msg.MIX_UNCERTAINTY, lang, **money)]
    if uncertainty.rests_on_noisy:
        f = uncertainty.formats
        noisy = f.loc[f["noisy"] & (f["optimal_share_spend"] > 0)]
        cols = [c for c in f.columns if c in ("modality", "provider_type", "domain")]
        names = ", ".join(format_name(r, cols, lang) for _, r in noisy.iterrows())
        lines.append(msg.say(msg.MIX_RESTS_ON_NOISY, lang, formats=names))
    return lines


def trend_sentences(trend: pd.DataFrame, period: str, lang: Lang = "id") -> list[str]:
    """Trend paragraph: absorption now vs a year earlier, and the cost per JP's year-on-year change.

    The cost per JP "rose"/"fell" only when the change's 95% CI
    (:func:`analysis.budget.trend.cost_per_jp_change`) excludes zero
    (:func:`analysis.stats.verdict.direction`); otherwise it "did not change
    beyond its uncertainty". Empty when either quarter has no cost per JP.
    """
    chg = cost_per_jp_change(trend, period, lag=4)
    if not pd.notna(chg["estimate"]):
        return []
    absorption = trend.set_index("period")["absorption"]
    earlier = chg["earlier"]
    return [msg.say(
        msg.TREND, lang,
        period=fmt.period_label(period, lang),
        absorption=fmt.percent(absorption[period], lang),
        earlier_absorption=fmt.percent(absorption[earlier], lang),
        earlier=fmt.period_label(earlier, lang),
        verb=pick(lang, _CHANGE_WORDS[direction(chg["ci_low"], chg["ci_high"])]),
        before=fmt.money(chg["before"], lang),
        after=fmt.money(chg["after"], lang),
        difference=money_ci(chg["estimate"], chg["ci_low"], chg["ci_high"], lang),
    )]


def agency_sentences(
    spend: pd.DataFrame, gap: pd.DataFrame, agency: str, names: Names, lang: Lang = "id"
) -> list[str]:
    """One agency's paragraph: its absorption, JP and money still needed (with CI) and shortfall.

    Says whether the agency is priced at its own cost per JP or the city's
    (fewer than :data:`analysis.stats.verdict.MIN_N` completed enrollments of its own).
    """
    a_sp = spend.set_index("agency_id").loc[agency]
    a_gap = gap.set_index("agency_id").loc[agency]
    rate = msg.OWN_COST_PER_JP if a_gap["cost_source"] == "agency" else msg.CITY_COST_PER_JP_USED
    return [msg.say(
        msg.AGENCY, lang,
        agency=agency_name(names, agency),
        absorption=fmt.percent(a_sp["absorption"], lang),
        spending=fmt.money(a_sp["spending_ytd_idr"], lang),
        allocated=fmt.money(a_sp["allocated_idr"], lang),
        jp=fmt.number(a_gap["jp_needed"], lang, 0),
        need=money_ci(a_gap["gap_idr"], a_gap["gap_ci_low"], a_gap["gap_ci_high"], lang),
        rate=pick(lang, rate),
        shortfall=fmt.money(a_gap["shortfall_idr"], lang),
    )]


def budget_narrative(res: BudgetResults, names: Names, lang: Lang = "id", agency: str = "all") -> str:
    """The notebook's narrative (Markdown paragraphs): absorption, cost per JP, funding gap, format mix, trend, agency.

    Joins :func:`absorption_sentences`, :func:`cost_per_jp_sentences`,
    :func:`funding_gap_sentences`, :func:`format_mix_sentences`,
    :func:`trend_sentences` and, for one ``agency`` (not ``"all"``),
    :func:`agency_sentences`, one paragraph per sentence group item.
    """
    lines = [
        *absorption_sentences(res.spend, res.city_spend, res.period, names, lang),
        *cost_per_jp_sentences(res.cost_city, res.cost_modality, res.modality_diff, lang),
        *funding_gap_sentences(res.gap, res.city_gap, res.year, names, lang),
        *format_mix_sentences(res.mix, res.plan_budget, plan_basis_text(res.plan_basis, res.year, lang),
                              res.city_gap["staff_below_target"], lang, res.mix_uncertainty),
        *trend_sentences(res.trend, res.period, lang),
    ]
    if agency != "all":
        lines += agency_sentences(res.spend, res.gap, agency, names, lang)
    return "\n\n".join(lines)


def mix_assumption_notes(mix: FormatMix | None, by: Sequence[str], lang: Lang = "id") -> str:
    """The format mix's assumptions as a Markdown list under a heading, in ``lang``.

    English uses ``mix.assumptions`` as :func:`analysis.budget.mix.optimise_mix`
    wrote them; Bahasa Indonesia states the same assumptions
    (:func:`analysis.budget.assumptions.plan_assumptions`). Formats left out for
    too little data (< :data:`analysis.stats.verdict.MIN_N` places) are listed last.
    Without a plan (``None``): empty.
    """
    if mix is None:
        return ""
    notes = t(lang, plan_assumptions(mix.objective, mix.cap_multiplier, mix.min_share, mix.max_people, "id"),
              list(mix.assumptions))
    if len(mix.excluded_formats):
        left_out = ", ".join(
            msg.say(msg.LEFT_OUT_FORMAT, lang, format=format_name(r, by, lang),
                    n=fmt.number(r["observed_places"], lang, 0))
            for _, r in mix.excluded_formats.iterrows()
        )
        notes.append(msg.say(msg.LEFT_OUT, lang, min_n=MIN_N, formats=left_out))
    return pick(lang, msg.ASSUMPTIONS_HEADING) + "\n\n" + "\n".join(f"- {a}" for a in notes)
