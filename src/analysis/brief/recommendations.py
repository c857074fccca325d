"""Recommendations that follow from the numbers: one named rule each, firing only when its numbers say so.

Each rule reads the headline frame (:func:`analysis.brief.numbers.headline_numbers`),
the evidence (:func:`analysis.brief.evidence.brief_evidence`) and the
recommendations of the rules before it, and returns a :class:`Recommendation`
(the action, the number it rests on, its priority) or ``None``. :data:`RULES`
lists them in order; :func:`recommendations` runs them and sorts by priority
(ties keep the rules' order).

Decisions: a number is behind when its light is amber or red
(:func:`analysis.brief.targets.traffic_light`); an effect counts only when its 95%
interval excludes no effect (:mod:`analysis.stats.verdict`); groups need
:data:`analysis.stats.verdict.MIN_N` observations.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from analysis.brief import messages as msg
from analysis.brief.metrics import metric_label, metric_spec
from analysis.brief.numbers import as_float
from analysis.brief.wording import format_value, modality_label, provider_label
from analysis.data.config import config_file
from analysis.stats.verdict import MIN_N, direction, verdict
from analysis.text import fmt
from analysis.text.lang import Lang, check_lang, pick, t

#: The format other formats are compared with (as in the outcomes models).
REFERENCE_MODALITY = "classroom"
#: The non-inferiority margin of "use the cheaper format", in points of gain: a cheaper
#: format qualifies when the lower 95% bound of its adjusted difference in gain vs
#: classroom lies above minus this margin. The city sets it in
#: ``config/recommendations.yaml`` (:func:`load_non_inferiority_margin`).
NON_INFERIORITY_MARGIN = 2.0
#: Where the city may set the margin (``cheaper_format: non_inferiority_margin:``).
RECOMMENDATIONS_CONFIG = Path(__file__).resolve().parents[1] / "config" / "recommendations.yaml"
#: Lights that call for action.
BEHIND = ("amber", "red")


@dataclass(frozen=True)
class Recommendation:
    """One recommendation: the action, the number it rests on, and the rule that fired."""

    rule: str
    text: str
    evidence: str
    priority: int = 2
    codes: tuple[str, ...] = field(default_factory=tuple)


def _row(headline: pd.DataFrame, code: str) -> pd.Series | None:
    hit = headline.loc[headline["code"].eq(code)]
    return None if hit.empty else hit.iloc[0]


def _is_behind(row: pd.Series | None) -> bool:
    return row is not None and row["status"] in BEHIND


def _behind_on_jp(headline: pd.DataFrame) -> list[pd.Series]:
    """20-JP compliance and on-track, those that are behind (compliance first)."""
    rows = (_row(headline, "jp20_compliance"), _row(headline, "jp_on_track"))
    return [r for r in rows if _is_behind(r)]


def _fmt_row(row: pd.Series, lang: Lang) -> str:
    value = format_value(row["estimate"], row["unit"], lang)
    target = format_value(row["target"], row["unit"], lang)
    return f"{value} (target {target})"  # the same word in both languages


def _short(code: str, lang: Lang) -> str:
    return metric_label(code, lang, short=True)


def _fired(recs: Sequence[Recommendation], rule: str) -> bool:
    return any(r.rule == rule for r in recs)


# --------------------------------------------------------------------------- the rules


def load_non_inferiority_margin(path: str | Path | None = None) -> float:
    """The non-inferiority margin (points) from ``config/recommendations.yaml``; 2 without the file or key."""
    file = Path(path) if path is not None else config_file(RECOMMENDATIONS_CONFIG.name)
    if not file.exists():
        return NON_INFERIORITY_MARGIN
    config = yaml.safe_load(file.read_text(encoding="utf-8")) or {}
    value = (config.get("cheaper_format") or {}).get("non_inferiority_margin", NON_INFERIORITY_MARGIN)
    margin = float(value)
    if not margin >= 0:
        raise ValueError(f"cheaper_format.non_inferiority_margin must be >= 0 points; got {value!r}")
    return margin


def _cheaper_candidate(formats: pd.DataFrame, margin: float) -> tuple[pd.Series, pd.Series] | None:
    """The cheapest format (n >= MIN_N) cheaper per JP than classroom and non-inferior to it.

    Non-inferior: the lower 95% bound of its adjusted difference in gain vs classroom
    (``adjusted_diff_ci_low``, ANCOVA with a programme random intercept,
    :func:`analysis.outcomes.learning.adjusted_effects`) lies above ``-margin`` points.
    A format whose interval reaches below -margin is not shown to be no worse, even
    when its point estimate is higher. Returns (format, classroom row), or ``None``
    when classroom has no row or no format qualifies.
    """
    needed = {"adjusted_diff", "adjusted_diff_ci_low"}
    if not needed <= set(formats):
        return None
    ok = formats.loc[(formats["n"] >= MIN_N) & formats["cost_per_jp"].notna()]
    ref_rows = ok.loc[ok["modality"].eq(REFERENCE_MODALITY)]
    if ref_rows.empty:
        return None
    reference = ref_rows.iloc[0]
    cheaper = ok.loc[ok["cost_per_jp"].lt(reference["cost_per_jp"]) & ok["modality"].ne(REFERENCE_MODALITY)]
    for _, cand in cheaper.sort_values("cost_per_jp").iterrows():
        low = as_float(cand["adjusted_diff_ci_low"])
        if not math.isnan(low) and low > -margin:
            return cand, reference
    return None


def cheaper_format(headline: pd.DataFrame, ev: Mapping[str, Any], lang: Lang, recs: Sequence[Recommendation]) -> Recommendation | None:
    """20 JP behind and a cheaper format is non-inferior to classroom: expand that format (priority 1).

    Non-inferiority: the lower bound of the adjusted difference in gain vs classroom is
    above minus the margin (``ev["non_inferiority_margin"]``, default
    :data:`NON_INFERIORITY_MARGIN` points), and the text states the margin.
    """
    behind = _behind_on_jp(headline)
    formats = ev.get("formats")
    if not behind or not isinstance(formats, pd.DataFrame) or formats.empty:
        return None
    margin = as_float(ev.get("non_inferiority_margin", NON_INFERIORITY_MARGIN))
    found = _cheaper_candidate(formats, margin)
    if found is None:
        return None
    pick_, reference = found
    r = behind[0]
    ratio = reference["cost_per_jp"] / pick_["cost_per_jp"]
    ref_name = modality_label(REFERENCE_MODALITY, lang)
    name = modality_label(pick_["modality"], lang)
    delta = fmt.number(margin, lang)
    text = t(
        lang,
        f"Perluas format {name} untuk mengejar target 20 JP: biaya per JP-nya lebih rendah dan "
        f"peningkatan nilainya tidak lebih rendah dari {ref_name} lebih dari {delta} poin "
        "(berkaitan, bukan bukti sebab-akibat).",
        f"Expand the {name} format to close the 20-JP gap: it costs less per JP and its learning "
        f"gain is not more than {delta} points below {ref_name} (associated with, not proof of cause).",
    )
    diff = fmt.points(as_float(pick_["adjusted_diff"]), lang)
    diff_ci = fmt.interval(pick_["adjusted_diff_ci_low"], pick_.get("adjusted_diff_ci_high"), lang)
    n = fmt.number(pick_["n"], lang, 0)
    evidence = t(
        lang,
        f"{_short(r['code'], lang)} {_fmt_row(r, lang)}; selama empat triwulan, biaya per JP "
        f"{fmt.money(pick_['cost_per_jp'], lang)} ({fmt.number(ratio, lang)}× lebih murah dari {ref_name}); "
        f"selisih peningkatan nilai terhadap {ref_name} setelah penyesuaian {diff} poin ({diff_ci}; "
        f"n = {n}), batas bawahnya di atas -{delta} poin.",
        f"{_short(r['code'], lang)} {_fmt_row(r, lang)}; over four quarters, cost per JP "
        f"{fmt.money(pick_['cost_per_jp'], lang)} ({fmt.number(ratio, lang)}× cheaper than {ref_name}); "
        f"adjusted difference in gain vs {ref_name} {diff} points ({diff_ci}; n = {n}), "
        f"its lower bound above -{delta} points.",
    )
    return Recommendation("cheaper_format", text, evidence, 1, (r["code"],))


def jp_behind(headline: pd.DataFrame, ev: Mapping[str, Any], lang: Lang, recs: Sequence[Recommendation]) -> Recommendation | None:
    """20 JP behind and no cheaper format to expand: schedule training for staff with no JP (priority 1)."""
    behind = _behind_on_jp(headline)
    if not behind or _fired(recs, "cheaper_format"):
        return None
    r = behind[0]
    return Recommendation("jp_behind", pick(lang, msg.RECOMMENDATIONS["jp_behind"]),
                          f"{_short(r['code'], lang)} {_fmt_row(r, lang)}.", 1, (r["code"],))


def funding_shortfall(headline: pd.DataFrame, ev: Mapping[str, Any], lang: Lang, recs: Sequence[Recommendation]) -> Recommendation | None:
    """20 JP behind and some agencies cannot pay for it: more budget, or move it between agencies (priority 1)."""
    gap = ev.get("funding_gap")
    if not _behind_on_jp(headline) or not isinstance(gap, Mapping) or not as_float(gap.get("shortfall_idr")) > 0:
        return None
    city_short = as_float(gap.get("gap_idr")) > max(0.0, as_float(gap.get("remaining_idr")))
    money = {k: fmt.money(max(0.0, as_float(gap.get(k))), lang) for k in ("gap_idr", "remaining_idr", "shortfall_idr")}
    text = pick(lang, msg.RECOMMENDATIONS["funding_city_short" if city_short else "funding_agencies_short"])
    evidence = t(
        lang,
        f"Biaya agar semua ASN mencapai 20 JP {money['gap_idr']}; sisa pagu {money['remaining_idr']}; "
        f"kekurangan di OPD yang sisa pagunya tidak cukup {money['shortfall_idr']}.",
        f"Cost of bringing every ASN to 20 JP {money['gap_idr']}; remaining allocation {money['remaining_idr']}; "
        f"shortfall in the agencies whose remaining allocation is not enough {money['shortfall_idr']}.",
    )
    return Recommendation("funding_shortfall", text, evidence, 1, ("budget_absorption",))


def participation_low(headline: pd.DataFrame, ev: Mapping[str, Any], lang: Lang, recs: Sequence[Recommendation]) -> Recommendation | None:
    """Participation behind: reach the staff not reached, naming the three lowest agencies (>= MIN_N staff; priority 1)."""
    part = _row(headline, "participation_rate")
    if not _is_behind(part):
        return None
    agencies = ev.get("agencies")
    named = ""
    if isinstance(agencies, pd.DataFrame) and not agencies.empty:
        low = agencies.loc[agencies["active_staff"] >= MIN_N].nsmallest(3, "participation_rate")
        label = low["name"] if "name" in low else low["agency_id"]
        named = ", ".join(
            f"{a} ({fmt.percent(p, lang)})" for a, p in zip(label, low["participation_rate"], strict=True)
        )
    text = t(
        lang,
        "Jangkau ASN yang belum tersentuh pengembangan kompetensi" + (f", mulai dari {named}." if named else "."),
        "Reach the ASN no development has reached yet" + (f", starting with {named}." if named else "."),
    )
    evidence = t(lang, f"Partisipasi {_fmt_row(part, lang)}.", f"Participation {_fmt_row(part, lang)}.")
    return Recommendation("participation_low", text, evidence, 1, ("participation_rate",))


def completion_low(headline: pd.DataFrame, ev: Mapping[str, Any], lang: Lang, recs: Sequence[Recommendation]) -> Recommendation | None:
    """Completion behind: cut no-shows and drop-outs, citing the no-show rate (priority 2)."""
    compl = _row(headline, "completion_rate")
    if not _is_behind(compl):
        return None
    no_show = as_float(ev.get("no_show_rate"))
    evidence = t(
        lang,
        f"Tingkat kelulusan {_fmt_row(compl, lang)}" + (f"; tidak hadir {fmt.percent(no_show, lang)}." if not math.isnan(no_show) else "."),
        f"Completion {_fmt_row(compl, lang)}" + (f"; no-shows {fmt.percent(no_show, lang)}." if not math.isnan(no_show) else "."),
    )
    return Recommendation("completion_low", pick(lang, msg.RECOMMENDATIONS["completion_low"]), evidence, 2,
                          ("completion_rate",))


def leaders_take_part(headline: pd.DataFrame, ev: Mapping[str, Any], lang: Lang, recs: Sequence[Recommendation]) -> Recommendation | None:
    """Staff take part more where the unit head trained (95% CI above no effect): involve the heads (priority 2).

    ``head_effect`` is an odds ratio (``kind`` ``"odds_ratio"``, no effect = 1) or a
    difference of shares (no effect = 0).
    """
    head = ev.get("head_effect")
    if not isinstance(head, Mapping):
        return None
    odds = head.get("kind") == "odds_ratio"
    if direction(as_float(head.get("ci_low")), as_float(head.get("ci_high")), 1.0 if odds else 0.0) != "higher":
        return None
    if odds:
        number, ci = fmt.number(as_float(head["estimate"]), lang, 2), fmt.interval(head["ci_low"], head["ci_high"], lang, 2)
        size = t(lang, f"peluang berpartisipasi {number}× ({ci})", f"odds of taking part {number}× ({ci})")
    else:
        change = fmt.points(100 * as_float(head["estimate"]), lang)
        ci = fmt.interval(100 * as_float(head["ci_low"]), 100 * as_float(head["ci_high"]), lang)
        size = t(lang, f"partisipasi {change} poin persentase ({ci})", f"participation {change} percentage points ({ci})")
    evidence = t(
        lang,
        f"Staf dengan kepala unit yang ikut pelatihan triwulan sebelumnya: {size}; asosiasi, bukan bukti sebab-akibat.",
        f"Staff whose unit head trained the quarter before: {size}; an association, not proof of cause.",
    )
    return Recommendation("leaders_take_part", pick(lang, msg.RECOMMENDATIONS["leaders_take_part"]), evidence, 2,
                          ("participation_rate",))


def partners_per_rupiah(headline: pd.DataFrame, ev: Mapping[str, Any], lang: Lang, recs: Sequence[Recommendation]) -> Recommendation | None:
    """A partner type (n >= MIN_N) whose gain per rupiah relative to in-house training has a
    95% lower bound above 1: extend partnerships with it (priority 2).

    ``providers`` carries ``per_rupiah_ratio`` with ``per_rupiah_ratio_ci_low`` /
    ``_ci_high`` (:func:`analysis.outcomes.partners.per_rupiah_ratio`); among the types
    whose lower bound exceeds 1 the one with the highest lower bound is named. A point
    ratio above 1 whose interval reaches 1 is not enough.
    """
    providers = ev.get("providers")
    if not isinstance(providers, pd.DataFrame) or "per_rupiah_ratio_ci_low" not in providers:
        return None
    internal = providers.loc[providers["provider_type"].eq("internal") & (providers["n"] >= MIN_N)]
    ok = providers.loc[(providers["n"] >= MIN_N) & providers["provider_type"].ne("internal")
                       & (providers["per_rupiah_ratio_ci_low"] > 1)]
    if internal.empty or ok.empty:
        return None
    best = ok.sort_values("per_rupiah_ratio_ci_low", ascending=False).iloc[0]
    name = provider_label(best["provider_type"], lang)
    ratio = fmt.number(as_float(best["per_rupiah_ratio"]), lang, 2)
    ci = fmt.interval(best["per_rupiah_ratio_ci_low"], best["per_rupiah_ratio_ci_high"], lang, 2)
    n = fmt.number(best["n"], lang, 0)
    text = t(
        lang,
        f"Perluas kemitraan dengan {name}: hasil belajar per rupiah lebih tinggi dari pelatihan internal "
        "(berkaitan, bukan bukti sebab-akibat).",
        f"Extend partnerships with {name} providers: more learning per rupiah than in-house training "
        "(associated with, not proof of cause).",
    )
    evidence = t(
        lang,
        f"Selama empat triwulan, peningkatan nilai per rupiah {ratio}× pelatihan internal ({ci}; n = {n}); "
        "batas bawahnya di atas 1.",
        f"Over four quarters, gain per rupiah {ratio}× in-house training ({ci}; n = {n}); "
        "its lower bound is above 1.",
    )
    return Recommendation("partners_per_rupiah", text, evidence, 2, ("learning_gain",))


def service_quality(headline: pd.DataFrame, ev: Mapping[str, Any], lang: Lang, recs: Sequence[Recommendation]) -> Recommendation | None:
    """IKM (or else processing time) behind: prioritise training in the weakest units (priority 3; 2 when
    more JP clearly goes with better service, the 95% CI of the effect on the better side of zero)."""
    service = ev.get("service_effect")
    for code in ("ikm", "processing_days"):
        row = _row(headline, code)
        if not _is_behind(row):
            continue
        effect_ok = (
            isinstance(service, Mapping)
            and service.get("metric") == code
            and verdict(as_float(service.get("ci_low")), as_float(service.get("ci_high")),
                        higher_is_better=metric_spec(code).direction > 0) == "better"
        )
        label = _short(code, lang)
        text = t(
            lang,
            f"Prioritaskan pelatihan teknis dan pelayanan publik di unit layanan dengan {label} terlemah.",
            f"Prioritise technical and public-service training in the units with the weakest {label}.",
        )
        evidence = f"{label} {_fmt_row(row, lang)}."
        if effect_ok:
            change = fmt.points(service["estimate"], lang, 2)
            ci = fmt.interval(service["ci_low"], service["ci_high"], lang, 2)
            evidence += t(lang, f" Tiap +1 JP per pegawai berkaitan dengan perubahan {change} ({ci}).",
                          f" Each +1 JP per staff goes with a change of {change} ({ci}).")
        return Recommendation(f"service_{code}", text, evidence, 2 if effect_ok else 3, (code,))
    return None


def absorption_low(headline: pd.DataFrame, ev: Mapping[str, Any], lang: Lang, recs: Sequence[Recommendation]) -> Recommendation | None:
    """Absorption behind (and no funding shortfall named): speed up the budgeted programmes (priority 2)."""
    absorb = _row(headline, "budget_absorption")
    if not _is_behind(absorb) or _fired(recs, "funding_shortfall"):
        return None
    evidence = t(lang, f"Serapan {_fmt_row(absorb, lang)}.", f"Absorption {_fmt_row(absorb, lang)}.")
    return Recommendation("absorption_low", pick(lang, msg.RECOMMENDATIONS["absorption_low"]), evidence, 2,
                          ("budget_absorption",))


def gain_low(headline: pd.DataFrame, ev: Mapping[str, Any], lang: Lang, recs: Sequence[Recommendation]) -> Recommendation | None:
    """Learning gain behind: review the programmes with the lowest gain (priority 3)."""
    gain = _row(headline, "learning_gain")
    if not _is_behind(gain):
        return None
    evidence = t(lang, f"Peningkatan nilai {_fmt_row(gain, lang)} poin.", f"Learning gain {_fmt_row(gain, lang)} points.")
    return Recommendation("gain_low", pick(lang, msg.RECOMMENDATIONS["gain_low"]), evidence, 3, ("learning_gain",))


def on_track(headline: pd.DataFrame, ev: Mapping[str, Any], lang: Lang, recs: Sequence[Recommendation]) -> Recommendation | None:
    """No other rule fired: keep course, citing the numbers on target (priority 3)."""
    if recs:
        return None
    greens = headline.loc[headline["status"].eq("green")]
    cited = "; ".join(
        f"{_short(r['code'], lang)} {format_value(r['estimate'], r['unit'], lang)}" for _, r in greens.iterrows()
    )
    return Recommendation("on_track", pick(lang, msg.RECOMMENDATIONS["on_track"]), cited + "." if cited else fmt.MISSING, 3)


#: A rule: (headline, evidence, language, recommendations so far) -> a recommendation or ``None``.
Rule = Callable[[pd.DataFrame, Mapping[str, Any], Lang, Sequence[Recommendation]], Recommendation | None]
#: The rules, in the order they run (a rule sees the recommendations of those before it).
RULES: tuple[Rule, ...] = (
    cheaper_format,
    jp_behind,
    funding_shortfall,
    participation_low,
    completion_low,
    leaders_take_part,
    partners_per_rupiah,
    service_quality,
    absorption_low,
    gain_low,
    on_track,
)


def recommendations(
    headline: pd.DataFrame,
    evidence: Mapping[str, Any] | None = None,
    lang: Lang = "id",
) -> list[Recommendation]:
    """Recommendations that follow from the numbers: each rule of :data:`RULES` fires only when its numbers say so.

    Parameters
    ----------
    headline
        :func:`analysis.brief.numbers.headline_numbers` output.
    evidence
        Optional tables the rules look at (missing ones switch their rules off):

        - ``formats``: one row per modality with ``modality``, ``cost_per_jp``,
          ``gain``, ``gain_ci_low``, ``gain_ci_high``, ``n`` (scored enrollments),
          ``adjusted_diff`` with ``adjusted_diff_ci_low`` / ``_ci_high`` (adjusted
          difference in gain vs classroom) — when 20-JP compliance or on-track is not
          green, the cheapest format (n >= MIN_N) that costs less per JP than
          classroom training and is non-inferior to it (lower bound of the adjusted
          difference above minus ``non_inferiority_margin``) is recommended.
        - ``non_inferiority_margin``: points (default :data:`NON_INFERIORITY_MARGIN`).
        - ``providers``: per provider_type ``provider_type``, ``gain_per_million``
          (mean gain per Rp 1 million per participant), ``per_rupiah_ratio`` with
          ``per_rupiah_ratio_ci_low`` / ``_ci_high`` (vs in-house), ``n``.
        - ``agencies``: per agency ``agency_id``, ``participation_rate``,
          ``active_staff`` (optional ``name``) — the three lowest-participation
          OPDs with >= MIN_N staff are named when participation is not green.
        - ``no_show_rate``: the city's no-show rate in Q (a float).
        - ``funding_gap``: ``{"gap_idr":, "remaining_idr":, "shortfall_idr":}``.
        - ``head_effect``: ``{"estimate":, "ci_low":, "ci_high":, "kind":}``: staff
          participation when the unit head took part the quarter before, as a
          difference of shares (``kind`` "difference", default) or an odds ratio
          (``kind`` "odds_ratio"); fires only when the CI excludes no effect.
        - ``service_effect``: ``{"metric":, "estimate":, "ci_low":, "ci_high":}``:
          change in a service metric per +1 JP per staff.
    lang
        ``"id"`` or ``"en"``.

    Returns
    -------
    list of Recommendation
        Sorted by priority (1 first). Empty evidence and all-green numbers give
        one recommendation to keep course, citing the numbers.
    """
    lang = check_lang(lang)
    ev = dict(evidence or {})
    recs: list[Recommendation] = []
    for rule in RULES:
        found = rule(headline, ev, lang, recs)
        if found is not None:
            recs.append(found)
    return sorted(recs, key=lambda r: r.priority)
