"""The training-outcomes page in words: one sentence builder per section, from the tidy frames.

Wording rules (``docs/methods.md``, "Verdict rules"): a difference is called a
difference only when its 95% CI excludes the value it is compared with, and groups
under :data:`analysis.stats.verdict.MIN_N` are "data belum cukup" / "not enough data";
both decided by :mod:`analysis.stats.verdict`. Estimates with intervals are written
by :mod:`analysis.text.phrases`; the words come from :mod:`analysis.outcomes.messages`.
"""

from __future__ import annotations

import pandas as pd

from analysis.data.periods import format_period, shift_period
from analysis.outcomes.messages import (
    ADJUSTED_CAVEAT,
    ADJUSTED_HIGHER,
    ADJUSTED_INTRO,
    ADJUSTED_LOWER,
    ADJUSTED_UNCLEAR,
    AND_OTHERS,
    BEHAVIOUR_LINK,
    BEHAVIOUR_LINK_WORDS,
    BEHAVIOUR_OVERALL,
    BEHAVIOUR_TOO_FEW,
    COST_CHEAPEST_DEAREST,
    COST_CLEAR_GAP,
    COST_NO_SCORES,
    COST_OVERALL,
    COST_RANGES_OVERLAP,
    COST_TOO_FEW,
    FACTOR_WORDS,
    FUNNEL_ADJUSTED,
    FUNNEL_ADJUSTED_TOO_FEW,
    FUNNEL_BETTER,
    FUNNEL_EXPLAINED,
    FUNNEL_RAW,
    FUNNEL_TOO_FEW,
    FUNNEL_WORSE,
    LEARNING_OVERALL,
    LEARNING_TOO_FEW,
    NO_PRE_POST_SCORES,
    NOT_CLEARLY_DIFFERENT,
    NOT_ENOUGH_DATA_FOR,
    PARTNER_PROGRAMME_GAIN,
    PARTNER_PROGRAMME_LINE,
    PARTNER_PROGRAMME_NONE,
    PARTNER_PROGRAMMES_HEADING,
    PARTNER_VERSUS_INTERNAL,
    PARTNERSHIP_BEST,
    PARTNERSHIP_CLEARLY_BEST,
    PARTNERSHIP_LINE,
    PARTNERSHIP_OVERLAPS,
    PARTNERSHIP_TOO_FEW,
    POINTS,
    REFERENCE_WORDS,
    RELEVANCE_CLEARLY_BELOW,
    RELEVANCE_GAP_TOO_FEW,
    RELEVANCE_SHARES,
    RELEVANCE_TO_GAP,
    SATISFACTION_CLEARLY_DIFFERS,
    SATISFACTION_NONE_DIFFERS,
    SATISFACTION_OVERALL,
    SATISFACTION_TOO_FEW,
    SCHOOL_BASED_MANAGEMENT_EXAMPLE,
    SCHOOL_BASED_MANAGEMENT_NOTE,
    SCOPE,
    TREND_METRIC_NAMES,
)
from analysis.outcomes.partners import EXAMPLE_SECTOR
from analysis.outcomes.programme_funnel import MIN_PROGRAMMES
from analysis.stats.intervals import mover_difference
from analysis.stats.verdict import MIN_N, direction, enough_data, excludes, verdict
from analysis.text import Lang, fmt, phrases, pick
from analysis.text.phrases import Formatter
from analysis.text.trends import year_on_year_paragraph
from analysis.text.words import NO_DATA

#: Signals of :func:`analysis.outcomes.programme_funnel.funnel` outside the 99.8% limits.
OUTSIDE_998 = ("above_998", "below_998")
#: How many programmes or units a sentence names at most.
MAX_NAMED = 5
#: Partner programmes with fewer enrollments in the window are not named.
MIN_NAMED_ENROLLMENTS = 5
#: Titles of the education office's school-based management programmes (named first).
SCHOOL_BASED_MANAGEMENT = "berbasis sekolah|school-based"


def code_word(code: object, lang: Lang) -> str:
    """A modality, provider-type or sector code as a word inside a sentence (``e-learning``)."""
    return fmt.code_label(code, lang, in_sentence=True)


def numbers(lang: Lang, decimals: int = 1) -> Formatter:
    """A formatter for :mod:`analysis.text.phrases`: plain numbers with ``decimals``."""
    return lambda x: fmt.number(x, lang, decimals)


def signed(lang: Lang, decimals: int = 1) -> Formatter:
    """A formatter for :mod:`analysis.text.phrases`: changes with their sign (``+2,1``)."""
    return lambda x: fmt.points(x, lang, decimals)


def percents(lang: Lang) -> Formatter:
    """A formatter for :mod:`analysis.text.phrases`: shares as percentages (``12,3%``)."""
    return lambda x: fmt.percent(x, lang)


def amounts(lang: Lang) -> Formatter:
    """A formatter for :mod:`analysis.text.phrases`: rupiah in words (``Rp 1,2 juta``)."""
    return lambda x: fmt.money(x, lang)


def estimate_with_interval(est: float, low: float, high: float, lang: Lang, formatter: Formatter) -> str:
    """``3,9 (IK 95% 3,8 s.d. 4,0)``, or ``tidak ada data`` / ``no data`` without an estimate."""
    return phrases.with_interval(est, low, high, lang, formatter, missing=pick(lang, NO_DATA))


def points_with_interval(est: float, low: float, high: float, lang: Lang) -> str:
    """``+2,1 poin (IK 95% +1,3 s.d. +2,9)``: a change in points with its interval."""
    return phrases.with_unit_and_interval(est, low, high, pick(lang, POINTS), lang, signed(lang))


def clearly_nonzero(frame: pd.DataFrame, low: str = "ci_low", high: str = "ci_high") -> pd.Series:
    """Per row: does the interval ``[low, high]`` exclude zero (:func:`analysis.stats.verdict.excludes`)?"""
    return pd.Series([excludes(lo, hi) for lo, hi in zip(frame[low], frame[high], strict=True)],
                     index=frame.index, dtype=bool)


def window_label(period: str | pd.Period, window: int, lang: Lang) -> str:
    """``Triwulan IV 2025 s.d. Triwulan III 2026`` / ``Q4 2025 to Q3 2026`` for a window of quarters."""
    period = format_period(period)
    first = shift_period(period, -(window - 1))
    return phrases.span(fmt.period_label(first, lang), fmt.period_label(period, lang), lang)


def scope_statement(scope: str, period: str | pd.Period, window: int, lang: Lang) -> str:
    """The opening paragraph: what is covered, the window and the wording rules."""
    return pick(lang, SCOPE).format(scope=scope, window=window_label(period, window, lang), min_n=MIN_N)


def satisfaction_sentences(overall: pd.DataFrame, comparison: pd.DataFrame, lang: Lang = "id") -> str:
    """Overall satisfaction and the formats that clearly differ from classroom training.

    Parameters
    ----------
    overall
        :func:`analysis.outcomes.reaction.satisfaction` with ``by=None`` (one row).
    comparison
        :func:`analysis.outcomes.reaction.compare` of ``satisfaction`` by ``modality``: a
        format is named only when it has enough data and its CI excludes zero.
    """
    s = overall.iloc[0]
    mean = estimate_with_interval(s["mean"], s["ci_low"], s["ci_high"], lang, numbers(lang, 2))
    share = estimate_with_interval(s["share_satisfied"], s["share_satisfied_ci_low"],
                                   s["share_satisfied_ci_high"], lang, percents(lang))
    text = pick(lang, SATISFACTION_OVERALL).format(mean=mean, n=fmt.number(s["n"], lang, 0), share=share)
    clear = comparison.loc[comparison["enough_data"] & clearly_nonzero(comparison)]
    if not enough_data(s["n"]):
        return text + " " + pick(lang, SATISFACTION_TOO_FEW)
    if len(clear):
        items = "; ".join(f"{code_word(r['group'], lang)} {fmt.points(r['estimate'], lang, 2)}"
                          for _, r in clear.iterrows())
        return text + " " + pick(lang, SATISFACTION_CLEARLY_DIFFERS).format(items=items)
    return text + " " + pick(lang, SATISFACTION_NONE_DIFFERS)


def learning_sentences(overall: pd.DataFrame, lang: Lang = "id") -> str:
    """Overall pre/post learning gain, share improved and normalised gain
    (:func:`analysis.outcomes.learning.learning_change`, ``by=None``)."""
    r = overall.iloc[0]
    text = pick(lang, LEARNING_OVERALL).format(
        n=fmt.number(int(r["n"]), lang, 0),
        gain=points_with_interval(r["estimate"], r["ci_low"], r["ci_high"], lang),
        share=estimate_with_interval(r["share_improved"], r["share_improved_ci_low"], r["share_improved_ci_high"],
                                     lang, percents(lang)),
        normalised=fmt.number(r["normalised_gain"], lang, 2),
    )
    if not enough_data(r["n"]):
        text += " " + pick(lang, LEARNING_TOO_FEW)
    return text


def _adjusted_lines(block: pd.DataFrame, factor: str, lang: Lang) -> list[str]:
    """The higher / lower / unclear lines of one factor of :func:`adjusted_sentences`."""
    verdicts = pd.Series([verdict(lo, hi, n=n) for lo, hi, n in zip(block["ci_low"], block["ci_high"],
                                                                     block["n_level"], strict=True)],
                         index=block.index, dtype=object)
    higher = block.loc[verdicts.eq("higher")].sort_values("estimate", ascending=False)
    lower = block.loc[verdicts.eq("lower")].sort_values("estimate")
    unclear = block.loc[~verdicts.isin(["higher", "lower"])]
    what, reference = pick(lang, FACTOR_WORDS[factor]).capitalize(), pick(lang, REFERENCE_WORDS[factor])

    def items(frame: pd.DataFrame) -> str:
        return "; ".join(f"{code_word(r['level'], lang)} {points_with_interval(r['estimate'], r['ci_low'], r['ci_high'], lang)}"
                         for _, r in frame.iterrows()) + "."

    lines = []
    if len(higher):
        lines.append(pick(lang, ADJUSTED_HIGHER).format(what=what, reference=reference) + items(higher))
    if len(lower):
        lines.append(pick(lang, ADJUSTED_LOWER).format(what=what, reference=reference) + items(lower))
    if len(unclear):
        lines.append(pick(lang, ADJUSTED_UNCLEAR).format(reference=reference)
                     + ", ".join(code_word(v, lang) for v in unclear["level"]) + ".")
    return lines


def adjusted_sentences(adjusted: pd.DataFrame, lang: Lang = "id") -> str:
    """Formats and providers whose ANCOVA-adjusted gain is clearly higher / lower than the reference.

    A level is called higher (lower) only when its CI lies above (below) zero and it
    has at least ``MIN_N`` participants (:func:`analysis.stats.verdict.verdict`); all
    others are listed as not clearly different (or not enough data). Empty
    ``adjusted``: ``""``.
    """
    if not len(adjusted):
        return ""
    lines = [pick(lang, ADJUSTED_INTRO)]
    for factor in ("modality", "provider_type"):
        lines += _adjusted_lines(adjusted.loc[adjusted["factor"].eq(factor)], factor, lang)
    lines.append("\n" + pick(lang, ADJUSTED_CAVEAT))
    return "\n".join(lines)


def _named_programmes(frame: pd.DataFrame, lang: Lang) -> str:
    """``P1 (klasikal, internal, n = 40); ...``: at most :data:`MAX_NAMED`, then "and others"."""
    items = "; ".join(f"{r['title']} ({code_word(r['modality'], lang)}, {code_word(r['provider_type'], lang)}, "
                      f"n = {r['n']})" for _, r in frame.head(MAX_NAMED).iterrows())
    return items + (pick(lang, AND_OTHERS) if len(frame) > MAX_NAMED else ".")


def funnel_sentences(raw: pd.DataFrame, adjusted: pd.DataFrame, lang: Lang = "id") -> str:
    """How many programmes lie outside the 99.8% funnel limits, raw and adjusted, and which.

    Under three scored programmes: the "not enough data" sentence.
    """
    if len(raw) < MIN_PROGRAMMES:
        return pick(lang, FUNNEL_TOO_FEW)
    text = pick(lang, FUNNEL_RAW).format(programmes=len(raw), mean=fmt.number(raw["target"].iloc[0], lang),
                                         outside=int(raw["signal"].isin(OUTSIDE_998).sum()))
    if len(adjusted) < MIN_PROGRAMMES:
        return text + pick(lang, FUNNEL_ADJUSTED_TOO_FEW)
    above = adjusted.loc[adjusted["signal"].eq("above_998")].sort_values("mean_gain", ascending=False)
    below = adjusted.loc[adjusted["signal"].eq("below_998")].sort_values("mean_gain")
    text += pick(lang, FUNNEL_ADJUSTED).format(outside=len(above) + len(below))
    for frame, word in ((above, FUNNEL_BETTER), (below, FUNNEL_WORSE)):
        if len(frame):
            text += f" {pick(lang, word)}: {_named_programmes(frame, lang)}"
    if len(above) + len(below) == 0:
        text += " " + pick(lang, FUNNEL_EXPLAINED)
    return text


def behaviour_sentences(overall: pd.DataFrame, versus_gain: pd.DataFrame, lang: Lang = "id") -> str:
    """Supervisors' level-3 rating and its link with the learning gain.

    Parameters
    ----------
    overall
        :func:`analysis.outcomes.transfer.behaviour` with ``by=None`` (one row); under
        ``MIN_N``: "not enough data".
    versus_gain
        :func:`analysis.outcomes.transfer.behaviour_vs_gain` (one row): the link is called
        positive/negative only when the slope's CI excludes zero.
    """
    b, v = overall.iloc[0], versus_gain.iloc[0]
    if not enough_data(b["n"]):
        return pick(lang, BEHAVIOUR_TOO_FEW).format(not_enough=phrases.not_enough_data(lang))
    mean = estimate_with_interval(b["mean"], b["ci_low"], b["ci_high"], lang, numbers(lang, 2))
    text = pick(lang, BEHAVIOUR_OVERALL).format(mean=mean, n=fmt.number(b["n"], lang, 0))
    if enough_data(v["n"]) and not pd.isna(v["slope_per_10"]):
        slope = signed(lang, 2)
        text += " " + pick(lang, BEHAVIOUR_LINK).format(
            how=pick(lang, BEHAVIOUR_LINK_WORDS[direction(v["slope_ci_low"], v["slope_ci_high"])]),
            correlation=estimate_with_interval(v["correlation"], v["correlation_ci_low"], v["correlation_ci_high"],
                                               lang, numbers(lang, 2)),
            slope=slope(v["slope_per_10"]),
            interval=phrases.interval(v["slope_ci_low"], v["slope_ci_high"], lang, slope),
        )
    return text


def trend_metric_names(lang: Lang = "id") -> dict[str, str]:
    """The trend metrics shown to readers, in order, with their names in ``lang``."""
    return {metric: pick(lang, name) for metric, name in TREND_METRIC_NAMES.items()}


def trend_sentences(yoy: pd.DataFrame, period: str | pd.Period, lang: Lang = "id") -> str:
    """Each metric against the same quarter a year earlier (:func:`analysis.coverage.year_on_year`).

    The paragraph of :func:`analysis.text.trends.year_on_year_paragraph` with the
    outcome metrics' names: "up"/"down" only when the change's CI excludes zero
    (``clear``); under ``MIN_N`` in either quarter: "not enough data".
    """
    return year_on_year_paragraph(
        yoy, format_period(period), lang, trend_metric_names(lang), MIN_N,
        shares={"share_improved"}, decimals=2,
    )


def relevance_sentences(overall: pd.DataFrame, by_unit: pd.DataFrame, lang: Lang = "id") -> str:
    """Shares of JP by sector aim, the share aimed at a competency gap, and units clearly below it.

    Parameters
    ----------
    overall
        :func:`analysis.outcomes.targeting.relevance` with ``by=None`` (one row).
    by_unit
        :func:`analysis.outcomes.targeting.relevance_by_unit`: a unit is named as clearly
        below only with at least ``MIN_N`` assessed enrollments and its CI entirely
        under the overall share.
    """
    r = overall.iloc[0]
    own, general, other = (fmt.percent(r[c], lang) for c in ("share_jp_target_sector", "share_jp_general",
                                                              "share_jp_other_sector"))
    text = pick(lang, RELEVANCE_SHARES).format(jp=fmt.number(r["jp_total"], lang, 0), own=own, general=general,
                                               other=other) + " "
    if enough_data(r["enrollments_assessed"]):
        gap = estimate_with_interval(r["share_jp_to_gap"], r["share_jp_to_gap_ci_low"], r["share_jp_to_gap_ci_high"],
                                     lang, percents(lang))
        text += pick(lang, RELEVANCE_TO_GAP).format(assessed=fmt.percent(r["share_jp_assessed"], lang), gap=gap)
    else:
        text += pick(lang, RELEVANCE_GAP_TOO_FEW)
    big = by_unit.loc[by_unit["enrollments_assessed"] >= MIN_N]
    below = [direction(lo, hi, null=r["share_jp_to_gap"]) == "lower"
             for lo, hi in zip(big["share_jp_to_gap_ci_low"], big["share_jp_to_gap_ci_high"], strict=True)]
    low_gap = big.loc[pd.Series(below, index=big.index, dtype=bool)].sort_values("share_jp_to_gap")
    if len(low_gap):
        text += " " + pick(lang, RELEVANCE_CLEARLY_BELOW) + ", ".join(
            f"{u['name']} ({fmt.percent(u['share_jp_to_gap'], lang)})" for _, u in low_gap.head(MAX_NAMED).iterrows()
        ) + "."
    return text


def _provider_line(r: pd.Series, lang: Lang) -> str:
    """``- University: completion 80.0%, satisfaction 3.90, gain ...`` for one provider type."""
    return pick(lang, PARTNERSHIP_LINE).format(
        name=code_word(r["provider_type"], lang).capitalize(), completion=fmt.percent(r["completion_rate"], lang),
        satisfaction=fmt.number(r["satisfaction"], lang, 2), gain=fmt.number(r["mean_gain"], lang),
        per_jp=fmt.number(r["gain_per_jp"], lang, 2), cost=fmt.money(r["cost_per_jp"], lang),
    )


def _difference(a: pd.Series, b: pd.Series, column: str) -> tuple[float, float]:
    """95% CI of a - b for ``column`` (with ``_ci_low`` / ``_ci_high``), independent estimates (MOVER)."""
    return mover_difference(a[column], a[f"{column}_ci_low"], a[f"{column}_ci_high"],
                            b[column], b[f"{column}_ci_low"], b[f"{column}_ci_high"])


def partnership_sentences(part: pd.DataFrame, lang: Lang = "id") -> str:
    """Which provider type gave most learning per rupiah (clearly best only when the 95% CI of its
    difference from every other type, MOVER/Newcombe (:func:`analysis.stats.intervals.mover_difference`),
    lies above zero), one line per type with enough data, and the types without enough data."""
    if not len(part):
        return ""
    ok = part.loc[part["enough_data"]]
    lines = []
    if len(ok):
        best = ok.sort_values("gain_per_million_idr", ascending=False).iloc[0]
        rivals = ok.loc[ok.index != best.name]
        clearly_best = len(rivals) > 0 and all(
            direction(*_difference(best, rival, "gain_per_million_idr")) == "higher"
            for _, rival in rivals.iterrows())
        value = estimate_with_interval(best["gain_per_million_idr"], best["gain_per_million_idr_ci_low"],
                                       best["gain_per_million_idr_ci_high"], lang, numbers(lang))
        lines.append(pick(lang, PARTNERSHIP_BEST).format(who=code_word(best["provider_type"], lang), value=value)
                     + pick(lang, PARTNERSHIP_CLEARLY_BEST if clearly_best else PARTNERSHIP_OVERLAPS))
        lines += [_provider_line(r, lang) for _, r in ok.sort_values("mean_gain", ascending=False).iterrows()]
    small = part.loc[~part["enough_data"], "provider_type"]
    if len(small):
        lines.append(pick(lang, NOT_ENOUGH_DATA_FOR) + ", ".join(code_word(v, lang) for v in small) + ".")
    return "\n".join(lines) if lines else pick(lang, PARTNERSHIP_TOO_FEW)


def _partner_programme_line(r: pd.Series, lang: Lang) -> str:
    """``- **Title** (provider, format, 20 JP): 12 enrollments, completion ..., gain ..., cost per JP``."""
    who = r["provider"] if pd.notna(r["provider"]) and r["provider"] else code_word(r["provider_type"], lang)
    if r["n_gain"] > 0:
        value = estimate_with_interval(r["mean_gain"], r["mean_gain_ci_low"], r["mean_gain_ci_high"], lang,
                                       numbers(lang))
        gain = pick(lang, PARTNER_PROGRAMME_GAIN).format(value=value, n=r["n_gain"])
    else:
        gain = pick(lang, NO_PRE_POST_SCORES)
    head = (f"- **{r['title']}** ({who}, {code_word(r['modality'], lang)}, {fmt.number(r['jp'], lang, 0)} JP): "
            f"{fmt.number(r['enrollments'], lang, 0)} ")
    tail = pick(lang, PARTNER_PROGRAMME_LINE).format(completion=fmt.percent(r["completion_rate"], lang), gain=gain,
                                                     cost=fmt.money(r["cost_per_jp"], lang))
    return head + tail + (pick(lang, SCHOOL_BASED_MANAGEMENT_NOTE) if r["_mbs"] else ".")


def _partner_versus_internal(summary: pd.Series, word: str, lang: Lang) -> str:
    """Partner minus in-house mean gain: higher / lower only when its CI excludes zero."""
    side = direction(summary["difference_ci_low"], summary["difference_ci_high"])
    said = pick(lang, NOT_CLEARLY_DIFFERENT) if side == "no_clear_difference" else phrases.verdict_word(side, lang)
    difference = points_with_interval(summary["difference"], summary["difference_ci_low"],
                                      summary["difference_ci_high"], lang)
    return pick(lang, PARTNER_VERSUS_INTERNAL).format(sector=word, verdict=said, difference=difference)


def partner_programme_sentences(pp: pd.DataFrame, sector: str, lang: Lang = "id") -> str:
    """The named university programmes for ``sector`` and their gain against in-house ones.

    Parameters
    ----------
    pp
        :func:`analysis.outcomes.partners.partner_programmes`. Programmes with fewer than
        :data:`MIN_NAMED_ENROLLMENTS` enrollments are not named; the difference is
        called higher/lower only when its CI excludes zero, else "not clearly different".
    """
    word = code_word(sector, lang)
    none = pick(lang, PARTNER_PROGRAMME_NONE).format(sector=word, min_enrollments=MIN_NAMED_ENROLLMENTS)
    if not len(pp):
        return none
    named = pp.loc[pp["group"].eq("partner") & pp["program_id"].ne("ALL") & pp["enrollments"].ge(MIN_NAMED_ENROLLMENTS)]
    if not len(named):
        return none
    summary = pp.loc[pp["group"].eq("partner") & pp["program_id"].eq("ALL")]
    named = named.assign(_mbs=named["title"].str.contains(SCHOOL_BASED_MANAGEMENT, case=False, regex=True))
    named = named.sort_values(["_mbs", "enrollments"], ascending=False)
    lines = [_partner_programme_line(r, lang) for _, r in named.iterrows()]
    if len(summary) and not pd.isna(summary["difference"].iloc[0]):
        lines.append(_partner_versus_internal(summary.iloc[0], word, lang))
    head = pick(lang, PARTNER_PROGRAMMES_HEADING).format(sector=word) + (
        pick(lang, SCHOOL_BASED_MANAGEMENT_EXAMPLE) if sector == EXAMPLE_SECTOR else ":")
    return head + "\n" + "\n".join(lines)


def cost_sentences(overall: pd.DataFrame, by_modality: pd.DataFrame, lang: Lang = "id") -> str:
    """Cost per JP and per point of gain overall, the cheapest and dearest format per point,
    and the formats without pre/post scores.

    The cheapest/dearest gap is called clear only when the 95% CI of their difference
    (MOVER/Newcombe, :func:`analysis.stats.intervals.mover_difference`) lies below zero.
    Empty ``overall``: the "not enough data" sentence.
    """
    if not len(overall):
        return pick(lang, COST_TOO_FEW)
    c = overall.iloc[0]
    money = amounts(lang)
    text = pick(lang, COST_OVERALL).format(
        per_jp=estimate_with_interval(c["cost_per_jp"], c["cost_per_jp_ci_low"], c["cost_per_jp_ci_high"], lang, money),
        per_point=estimate_with_interval(c["cost_per_gain_point"], c["cost_per_gain_point_ci_low"],
                                         c["cost_per_gain_point_ci_high"], lang, money),
    )
    ok = by_modality.loc[by_modality["enough_data"] & by_modality["cost_per_gain_point"].notna()]
    ok = ok.sort_values("cost_per_gain_point")
    if len(ok) >= 2:
        cheap, dear = ok.iloc[0], ok.iloc[-1]
        clear = direction(*_difference(cheap, dear, "cost_per_gain_point")) == "lower"
        text += " " + pick(lang, COST_CHEAPEST_DEAREST).format(
            cheap=code_word(cheap["modality"], lang), cheap_cost=money(cheap["cost_per_gain_point"]),
            dear=code_word(dear["modality"], lang), dear_cost=money(dear["cost_per_gain_point"]),
        ) + pick(lang, COST_CLEAR_GAP if clear else COST_RANGES_OVERLAP)
    no_scores = by_modality.loc[by_modality["n_gain"].eq(0), "modality"]
    if len(no_scores):
        text += " " + pick(lang, COST_NO_SCORES) + ", ".join(code_word(v, lang) for v in no_scores) + "."
    return text
