"""The brief's sentences: what each section says about its numbers, in Bahasa Indonesia or English.

Builders take the section's frame (:mod:`analysis.brief.frames`) and return
sentences (``list[str]``, plain text with ``**bold**``) or, for the method note,
HTML items. Numbers are written by :mod:`analysis.text.fmt`, intervals by
:mod:`analysis.text.fmt` / :mod:`analysis.text.phrases`; a difference is called
clear, better or worse only by :mod:`analysis.stats.verdict`, and groups below
:data:`analysis.stats.verdict.MIN_N` are "not enough data".
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from analysis.brief import messages as msg
from analysis.brief.frames import (
    Comparisons,
    clear_changes,
    difference_direction,
    headline_comparisons,
    money_scale,
    remaining_allocation,
)
from analysis.brief.messages import text
from analysis.brief.metrics import metric_label
from analysis.brief.wording import (
    format_change,
    format_change_interval,
    format_interval,
    format_value,
    modality_label,
)
from analysis.data.dataset import Dataset
from analysis.data.disclosure import load_policy
from analysis.stats.comparisons import adjust_pvalues
from analysis.stats.verdict import MIN_N, excludes
from analysis.text import fmt, phrases
from analysis.text.lang import Lang, check_lang, pick, t

# --------------------------------------------------------------------------- executive summary


def _ci_text(r: Any, lang: Lang) -> str:
    if not np.isnan(r.ci_low):
        return format_interval(r.ci_low, r.ci_high, r.unit, lang)
    if r.code == "budget_absorption" and not np.isnan(r.estimate):
        return text("census_no_ci", lang)
    return ""


def summary_cards(head: pd.DataFrame, lang: Lang, prev_label: str) -> list[dict[str, str]]:
    """The KPI cards of the executive summary, one per headline number.

    ``head`` is :func:`analysis.brief.numbers.headline_numbers`; ``prev_label`` the
    previous quarter's label. Each card: ``label, value, change, ci, status``; the
    budget absorption, a census figure, says "no CI" instead of an interval.
    """
    lang = check_lang(lang)
    return [
        {
            "label": metric_label(r.code, lang, short=True),
            "value": format_value(r.estimate, r.unit, lang),
            "change": "vs " + prev_label + ": " + format_change(r.change, r.unit, lang),
            "ci": _ci_text(r, lang),
            "status": r.status,
        }
        for r in head.itertuples(index=False)
    ]


def _change_list(rows: pd.DataFrame, lang: Lang) -> str:
    return "; ".join(
        f"{metric_label(r.code, lang, short=True)} {format_change(r.change, r.unit, lang)} "
        f"({format_change_interval(r.change_ci_low, r.change_ci_high, r.unit, lang)})"
        for r in rows.itertuples(index=False)
    )


def _labels(codes: pd.Series, lang: Lang) -> str:
    return ", ".join(metric_label(c, lang, short=True) for c in codes)


def summary_sentences(head: pd.DataFrame, lang: Lang, period_label: str, *, per_agency: bool = False) -> list[str]:
    """The executive summary's sentences: the count of lights, then what is off target, moved, missing.

    The first sentence is the lede; the others follow the cards. Only changes
    whose 95% CI excludes zero are named (:func:`analysis.brief.frames.clear_changes`),
    after a sentence saying how many changes were compared
    (:func:`analysis.brief.frames.headline_comparisons`, each read on its own); numbers
    with status ``insufficient`` are listed as "data belum cukup" / "not enough data".
    """
    lang = check_lang(lang)
    counts = head["status"].value_counts()
    n_green, n_amber, n_red = (int(counts.get(k, 0)) for k in ("green", "amber", "red"))
    scope_word = text("scope_agency" if per_agency else "scope_city", lang)
    lines = [t(
        lang,
        f"Pada {period_label}, dari {len(head)} indikator utama {scope_word}, **{n_green} tercapai**, "
        f"**{n_amber} perlu perhatian** dan **{n_red} di bawah target**.",
        f"In {period_label}, of the {len(head)} key numbers for {scope_word}: **{n_green} on target**, "
        f"**{n_amber} needing attention** and **{n_red} off target**.",
    )]
    red = head.loc[head["status"].eq("red")]
    if len(red):
        lines.append(text("off_target", lang) + "; ".join(
            f"{metric_label(r.code, lang, short=True)} {format_value(r.estimate, r.unit, lang)} "
            f"(target {format_value(r.target, r.unit, lang)})" for r in red.itertuples(index=False)) + ".")
    behind = headline_comparisons(head)
    if behind.total:
        lines.append(comparisons_sentence(behind, lang))
    better, worse = clear_changes(head)
    if len(better):
        lines.append(text("clearly_better", lang) + _change_list(better, lang) + ".")
    if len(worse):
        lines.append(text("clearly_worse", lang) + _change_list(worse, lang) + ".")
    if per_agency:
        lines.append(text("city_column", lang))
    nodata = head.loc[head["status"].eq("no_data")]
    if len(nodata):
        lines.append(text("no_data_for", lang) + _labels(nodata["code"], lang) + ".")
    small = head.loc[head["status"].eq("insufficient")]
    if len(small):
        lines.append(text("not_enough_for", lang) + _labels(small["code"], lang) + ".")
    return lines


# --------------------------------------------------------------------------- Q1 relevance, Q2 partnerships


def relevance_sentences(gains: pd.DataFrame, relevance: Mapping[str, Any], lang: Lang = "id") -> list[str]:
    """The relevance section's sentences: the best format (among n >= MIN_N), the grey-dot note,
    the shares of JP aimed at the sector and at a competency gap, and the caveat.

    ``gains`` from :func:`analysis.brief.frames.gains_by_format`; ``relevance`` one row of
    :func:`analysis.outcomes.relevance` (``share_jp_target_sector``,
    ``share_jp_general``, ``share_jp_to_gap``).
    """
    lang = check_lang(lang)
    enough = gains["n"] >= MIN_N
    parts = []
    if enough.any():
        best = gains.loc[enough].sort_values("estimate").iloc[-1]
        gain, ci, n = fmt.number(best["estimate"], lang), fmt.interval(best["ci_low"], best["ci_high"], lang), fmt.number(best["n"], lang, 0)
        parts.append(t(
            lang,
            f"Dalam empat triwulan terakhir, {best['name']} memberi kenaikan nilai terbesar: {gain} poin ({ci}; n = {n}).",
            f"Over the last four quarters, {best['name']} gave the largest gain: {gain} points ({ci}; n = {n}).",
        ))
    if (~enough & gains["estimate"].notna()).any():
        parts.append(t(lang, "Titik abu-abu", "Grey dots") + f": {phrases.not_enough_data(lang)} (n < {MIN_N}).")
    if gains["estimate"].isna().any():  # rows withheld by gains_by_format (docs/disclosure.md)
        policy = load_policy()
        parts.append(f"{policy.mark}: {phrases.suppressed_note(lang, policy.min_people)}.")
    sector, general, to_gap = (fmt.percent(relevance[k], lang) for k in ("share_jp_target_sector", "share_jp_general", "share_jp_to_gap"))
    parts.append(t(
        lang,
        f"Relevansi: {sector} JP yang diakui berasal dari program yang dirancang untuk sektor "
        f"pegawai, {general} dari program umum; dari JP pegawai yang sudah diasesmen, "
        f"{to_gap} diarahkan ke bidang dengan kesenjangan kompetensi.",
        f"Relevance: {sector} of credited JP came from programmes designed for the employee's "
        f"sector, {general} from general programmes; of the JP of assessed staff, "
        f"{to_gap} went to a domain with a competency gap.",
    ))
    parts.append(text("unadjusted_note", lang))
    return parts


def provider_sentences(prov: pd.DataFrame, lang: Lang = "id") -> list[str]:
    """The partnership section's two sentences: the best partner (n >= MIN_N) against in-house training, and the grey-bar note.

    The difference is called clear only when the 95% CI of the difference (MOVER/Newcombe,
    :func:`analysis.brief.frames.difference_direction`) excludes zero, and the sentence
    gives that interval and the "associated with, not proof of cause" framing next to the
    verdict; without an in-house row or a partner with enough data the first sentence
    says "data belum cukup" / "not enough data".
    """
    lang = check_lang(lang)
    internal = prov.loc[prov["provider_type"].eq("internal")]
    partners = prov.loc[~prov["provider_type"].eq("internal") & (prov["n"] >= MIN_N)]
    if not (len(internal) and len(partners)):
        return [text("providers_not_enough", lang), text("providers_grey_bar", lang)]
    base = internal.iloc[0]
    top = partners.sort_values("gain_per_million").iloc[-1]
    side, low, high = difference_direction(top, base, "gain_per_million")
    top_gain, base_gain = fmt.number(top["gain_per_million"], lang, 2), fmt.number(base["gain_per_million"], lang, 2)
    first = t(
        lang,
        f"Selama empat triwulan, per Rp 1 juta, program {top['name']} menghasilkan {top_gain} poin, "
        f"dibanding {base_gain} poin untuk pelatihan internal",
        f"Over four quarters, per IDR 1 million, {top['name']} programmes produced {top_gain} points, "
        f"against {base_gain} for in-house training",
    ) + text("difference_clear" if side != "no_clear_difference" else "difference_uncertain", lang).format(
        interval=fmt.interval(low, high, lang, 2))
    return [first, text("providers_grey_bar", lang)]


# --------------------------------------------------------------------------- Q3 service link, Q4 budget


def comparisons_sentence(comparisons: Comparisons, lang: Lang = "id") -> str:
    """How many comparisons stand behind a section (:func:`analysis.text.phrases.comparisons_behind`)."""
    return phrases.comparisons_behind(comparisons.clear, comparisons.total, lang, adjusted=comparisons.adjusted,
                                      primary=comparisons.primary) + "."


def service_sentences(eff: pd.DataFrame, lang: Lang = "id", comparisons: Comparisons | None = None) -> list[str]:
    """One line per metric: the change per +5 JP, its 95% CI and the recorded verdict
    (better / worse only when clear under the service link's rule, otherwise "not different
    from zero"); with ``comparisons`` (:func:`analysis.brief.frames.service_comparisons`) a
    last line says how many comparisons stand behind them."""
    lang = check_lang(lang)
    lines = []
    for _, r in eff.iterrows():
        verdict = phrases.verdict_word("better" if r["better"] else "worse", lang) if r["better"] or r["worse"] else text("not_different_from_zero", lang)
        lines.append(f"{r['name']}: {fmt.points(r['change'], lang, 2)} ({fmt.interval(r['change_ci_low'], r['change_ci_high'], lang, 2)}) — {verdict}")
    if comparisons is not None and comparisons.total:
        lines.append(comparisons_sentence(comparisons, lang))
    return lines


def _cheapest_and_dearest(cost_per_jp: pd.DataFrame, lang: Lang) -> str:
    lo, hi = cost_per_jp.iloc[0], cost_per_jp.iloc[-1]
    low = f"{modality_label(lo['modality'], lang)} ({fmt.money(lo['cost_per_jp'], lang)})"
    high = f"{modality_label(hi['modality'], lang)} ({fmt.money(hi['cost_per_jp'], lang)})"
    return t(lang, f"Selama empat triwulan, biaya per JP terendah: {low}; tertinggi: {high}.",
             f"Over four quarters, lowest cost per JP: {low}; highest: {high}.")


def _remaining_sentence(gap: Mapping[str, Any], lang: Lang) -> str:
    remaining = remaining_allocation(gap) if pd.notna(gap["remaining_idr"]) else 0.0
    needed, left = fmt.money(gap["gap_idr"], lang), fmt.money(remaining, lang)
    if gap["gap_idr"] > remaining:
        return t(lang, f"Sisa pagu tidak mencukupi: kebutuhan {needed}, sisa {left}.",
                 f"The remaining allocation is not enough: {needed} needed, {left} left.")
    if gap["shortfall_idr"] > 0:
        short = fmt.money(gap["shortfall_idr"], lang)
        return t(
            lang,
            f"Sisa pagu seluruhnya cukup ({left} untuk kebutuhan {needed}), tetapi di sebagian OPD "
            f"sisa pagunya kurang {short} sehingga perlu pergeseran anggaran antar-OPD.",
            f"The remaining allocation as a whole is enough ({left} for {needed} needed), but some "
            f"agencies fall short by {short}, so money must move between agencies.",
        )
    return text("remaining_enough", lang)


def budget_sentences(
    gap: Mapping[str, Any], absorption: float, cost_per_jp: pd.DataFrame, period_label: str, lang: Lang = "id"
) -> list[str]:
    """The budget section's sentences: absorption and the money needed for 20 JP (with its 95% CI),
    whether the remaining allocation covers it, and the cheapest and dearest format per JP.

    ``absorption`` is the headline ``budget_absorption``; ``cost_per_jp`` from
    :func:`analysis.brief.frames.cheapest_formats` (named only when at least two formats qualify).
    """
    lang = check_lang(lang)
    scale, unit = money_scale(gap, lang)
    spent, allocated = fmt.percent(absorption, lang), fmt.money(gap["allocated_idr"], lang)
    jp, needed = fmt.number(gap["jp_needed"], lang, 0), fmt.money(gap["gap_idr"], lang)
    ci = fmt.interval(gap["gap_ci_low"] / scale, gap["gap_ci_high"] / scale, lang)
    lines = [t(
        lang,
        f"Sampai {period_label} terserap {spent} dari pagu {allocated}. Agar setiap ASN aktif mencapai 20 JP tahun ini "
        f"masih dibutuhkan {jp} JP atau sekitar {needed} ({ci} {unit}) dengan biaya per JP selama empat triwulan terakhir.",
        f"By {period_label}, {spent} of the {allocated} allocation was spent. Bringing every active ASN to 20 JP this year "
        f"still needs {jp} JP, about {needed} ({ci} {unit}) at the cost per JP over four quarters.",
    ), _remaining_sentence(gap, lang)]
    if len(cost_per_jp) >= 2:
        lines.append(_cheapest_and_dearest(cost_per_jp, lang))
    return lines


# --------------------------------------------------------------------------- Q5 participation, Q6 leadership


def not_reached_sentence(not_reached: int, staff: int, lang: Lang = "id") -> str:
    """The participation section's lede: how many active ASN received no JP in four quarters."""
    lang = check_lang(lang)
    share = not_reached / staff if staff else np.nan
    if phrases.is_small_count(not_reached) or phrases.is_small_count(staff - not_reached):  # docs/disclosure.md
        part = phrases.count_of_total(not_reached, staff, lang)
        return t(lang, f"{part} ASN aktif belum mendapat JP sama sekali dalam empat triwulan terakhir.",
                 f"{part} active ASN received no JP at all in the last four quarters.")
    count, total, pct = fmt.number(not_reached, lang, 0), fmt.number(staff, lang, 0), fmt.percent(share, lang)
    return t(
        lang,
        f"{count} dari {total} ASN aktif ({pct}) belum mendapat JP sama sekali dalam empat triwulan terakhir.",
        f"{count} of {total} active ASN ({pct}) received no JP at all in the last four quarters.",
    )


def equity_sentence(eq: pd.DataFrame, lang: Lang = "id") -> str:
    """Which dimensions participation differs by: the chi-square p-values of
    :func:`analysis.coverage.equity` (one per dimension), Holm-adjusted, below 0.05."""
    lang = check_lang(lang)
    tests = eq.drop_duplicates("dimension")
    p_adj = adjust_pvalues(tests["p_value_participation"].to_numpy(), method="holm")
    differs = [d for d, p in zip(tests["dimension"], p_adj, strict=True) if p < 0.05]
    if not differs:
        return text("no_group_difference", lang)
    names = ", ".join(pick(lang, msg.DIMENSION_LABELS[d]) if d in msg.DIMENSION_LABELS else str(d) for d in differs)
    return t(lang, "Partisipasi berbeda nyata menurut " + names + " (uji chi-kuadrat, koreksi Holm).",
             "Participation differs clearly by " + names + " (chi-square tests, Holm-adjusted).")


def leadership_sentences(lead: pd.DataFrame, head_effect: Mapping[str, Any] | None, lang: Lang = "id") -> list[str]:
    """The leadership section's sentences: the two rates by the head's training, the adjusted
    odds ratio (called different from 1 only when its 95% CI excludes 1), and the caveat."""
    lang = check_lang(lang)
    out = []
    h = lead.loc[lead["factor"].eq("head_participated_prev_quarter")].set_index("label")["rate"]
    if len(h) == 2:
        trained, untrained = fmt.percent(h.iloc[0], lang), fmt.percent(h.iloc[1], lang)
        out.append(t(
            lang,
            f"Staf di unit yang kepalanya ikut pelatihan pada triwulan sebelumnya berpartisipasi {trained}, "
            f"dibanding {untrained} bila kepalanya tidak ikut.",
            f"Staff whose unit head trained the quarter before took part {trained} of the time, "
            f"against {untrained} when the head did not.",
        ))
    if head_effect:
        ev = head_effect
        clear = excludes(ev["ci_low"], ev["ci_high"], 1.0)
        ratio, ci = fmt.number(ev["estimate"], lang, 2), fmt.interval(ev["ci_low"], ev["ci_high"], lang, 2)
        tail = ("" if clear else text("odds_not_different", lang)) + "."
        out.append(t(
            lang,
            f"Setelah memperhitungkan karakteristik pegawai, rasio odds-nya {ratio} ({ci})",
            f"Adjusting for staff characteristics, the odds ratio is {ratio} ({ci})",
        ) + tail)
    out.append(text("leadership_caveat", lang))
    return out


# --------------------------------------------------------------------------- Q7 trend


def trend_sentences(trend: pd.DataFrame, lang: Lang = "id") -> list[str]:
    """One sentence per trend metric with at least five quarters: this quarter against the same quarter a year before.

    "up"/"down" only when the 95% CI of the difference between the two quarters
    (MOVER/Newcombe, :func:`analysis.brief.frames.difference_direction`) excludes zero,
    otherwise "about the same"; the sentence gives that interval (percentage points).
    """
    lang = check_lang(lang)
    lines = []
    for metric, label_pair in msg.TREND_LABELS.items():
        label = pick(lang, label_pair)
        d = trend.loc[trend["metric"].eq(metric)].dropna(subset=["estimate"])
        if len(d) < 5:
            continue
        now, year_ago = d.iloc[-1], d.iloc[-5]
        side, low, high = difference_direction(now, year_ago)
        word = text({"higher": "trend_up", "lower": "trend_down"}.get(side, "trend_same"), lang)
        value, before = fmt.percent(now["estimate"], lang), fmt.percent(year_ago["estimate"], lang)
        change = fmt.interval(100 * low, 100 * high, lang)
        lines.append(t(
            lang,
            f"{label}: {value}, {word} dibanding triwulan yang sama tahun lalu ({before}; "
            f"selisih {change} poin persentase).",
            f"{label}: {value}, {word} on the same quarter last year ({before}; "
            f"difference {change} percentage points).",
        ))
    return lines


# --------------------------------------------------------------------------- method note


def method_items(ds: Dataset, lang: Lang = "id") -> list[str]:
    """The method note's items (HTML): data, definitions, uncertainty, the service model, small groups, lights."""
    lang = check_lang(lang)
    first, last = ds.periods[0], ds.periods[-1]
    staff, enrolments = fmt.number(len(ds.employees), lang, 0), fmt.number(len(ds.enrollments), lang, 0)
    window = phrases.span(fmt.period_label(first, lang), fmt.period_label(last, lang), lang)
    data = t(
        lang,
        f"<strong>Data.</strong> {staff} ASN, {enrolments} keikutsertaan program, {window}; NIP diganti kode samaran saat data dimuat.",
        f"<strong>Data.</strong> {staff} ASN, {enrolments} programme enrolments, {window}; NIPs are replaced by pseudonyms on loading.",
    )
    small_groups = t(
        lang,
        f"<strong>Kelompok kecil.</strong> Angka dari kurang dari {MIN_N} pengamatan ditandai \"data belum cukup\"; perbedaan disebut "
        "perbedaan hanya bila IK 95%-nya tidak memuat nol.",
        f"<strong>Small groups.</strong> Numbers from fewer than {MIN_N} observations are marked \"not enough data\"; a difference is called "
        "a difference only when its 95% CI excludes zero.",
    )
    return [data, *(pick(lang, item) for item in msg.METHOD_ITEMS[:3]), small_groups, pick(lang, msg.METHOD_ITEMS[3])]
