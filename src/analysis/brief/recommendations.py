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
from typing import Any

import pandas as pd

from analysis.brief import messages as msg
from analysis.brief.metrics import metric_label, metric_spec
from analysis.brief.numbers import as_float
from analysis.brief.wording import format_value, modality_label, provider_label
from analysis.stats.verdict import MIN_N, direction, verdict
from analysis.text import fmt
from analysis.text.lang import Lang, check_lang, pick, t

#: The format other formats are compared with (as in the outcomes models).
REFERENCE_MODALITY = "classroom"
#: How much more learning per rupiah a partner must give than in-house training to be recommended.
PARTNER_ADVANTAGE = 1.2
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


def _cheaper_candidate(formats: pd.DataFrame) -> tuple[pd.Series, pd.Series | None, float, float] | None:
    """The cheapest format (n >= MIN_N) that costs less per JP than the reference and whose gain is no worse.

    "No worse": its gain's 95% CI does not lie below the reference's mean gain.
    The reference is classroom training, else the average of the formats. Returns
    (format, reference row or None, reference gain, reference cost per JP), or
    ``None`` when no format qualifies or fewer than two formats have enough data.
    """
    ok = formats.loc[(formats["n"] >= MIN_N) & formats["cost_per_jp"].notna() & formats["gain"].notna()]
    ok = ok.sort_values("cost_per_jp")
    ref_rows = ok.loc[ok["modality"].eq(REFERENCE_MODALITY)]
    reference = ref_rows.iloc[0] if len(ref_rows) else None
    ref_gain = reference["gain"] if reference is not None else ok["gain"].mean()
    ref_cost = reference["cost_per_jp"] if reference is not None else ok["cost_per_jp"].median()
    for _, cand in ok.iterrows():
        if cand["modality"] == REFERENCE_MODALITY or cand["cost_per_jp"] >= ref_cost:
            return None
        no_worse = pd.notna(cand["gain_ci_high"]) and direction(cand["gain_ci_low"], cand["gain_ci_high"], ref_gain) != "lower"
        if no_worse:
            return (cand, reference, ref_gain, ref_cost) if len(ok) >= 2 else None
    return None


def cheaper_format(headline: pd.DataFrame, ev: Mapping[str, Any], lang: Lang, recs: Sequence[Recommendation]) -> Recommendation | None:
    """20 JP behind and a cheaper format learns no worse than classroom: expand that format (priority 1)."""
    behind = _behind_on_jp(headline)
    formats = ev.get("formats")
    if not behind or not isinstance(formats, pd.DataFrame) or formats.empty:
        return None
    found = _cheaper_candidate(formats)
    if found is None:
        return None
    pick_, reference, ref_gain, ref_cost = found
    r = behind[0]
    ratio = ref_cost / pick_["cost_per_jp"]
    ref_name = modality_label(REFERENCE_MODALITY, lang) if reference is not None else pick(lang, msg.RECOMMENDATIONS["the_average"])
    name = modality_label(pick_["modality"], lang)
    text = t(
        lang,
        f"Perluas format {name} untuk mengejar target 20 JP: "
        f"biaya per JP-nya lebih rendah dan peningkatan nilainya tidak lebih buruk dari {ref_name}.",
        f"Expand the {name} format to close the 20-JP gap: it costs less per JP "
        f"and its learning gain is no worse than {ref_name}.",
    )
    gain_ci = fmt.interval(pick_["gain_ci_low"], pick_["gain_ci_high"], lang)
    n = fmt.number(pick_["n"], lang, 0)
    evidence = t(
        lang,
        f"{_short(r['code'], lang)} {_fmt_row(r, lang)}; biaya per JP "
        f"{fmt.money(pick_['cost_per_jp'], lang)} ({fmt.number(ratio, lang)}× lebih murah dari {ref_name}), "
        f"peningkatan nilai {fmt.number(pick_['gain'], lang)} poin ({gain_ci}; "
        f"n = {n}) vs {fmt.number(ref_gain, lang)} poin.",
        f"{_short(r['code'], lang)} {_fmt_row(r, lang)}; cost per JP "
        f"{fmt.money(pick_['cost_per_jp'], lang)} ({fmt.number(ratio, lang)}× cheaper than {ref_name}), "
        f"gain {fmt.number(pick_['gain'], lang)} points ({gain_ci}; "
        f"n = {n}) vs {fmt.number(ref_gain, lang)} points.",
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
    """The best provider type (n >= MIN_N) is a partner giving :data:`PARTNER_ADVANTAGE` times
    in-house training's learning per rupiah: extend partnerships (priority 2)."""
    providers = ev.get("providers")
    if not isinstance(providers, pd.DataFrame):
        return None
    ok = providers.loc[providers["n"] >= MIN_N].sort_values("gain_per_million", ascending=False)
    if len(ok) < 2:
        return None
    best, internal = ok.iloc[0], ok.loc[ok["provider_type"].eq("internal")]
    if best["provider_type"] == "internal" or internal.empty:
        return None
    base = internal.iloc[0]["gain_per_million"]
    if not best["gain_per_million"] > PARTNER_ADVANTAGE * base:
        return None
    name = provider_label(best["provider_type"], lang)
    per_million, base_text = fmt.number(best["gain_per_million"], lang, 2), fmt.number(base, lang, 2)
    n = fmt.number(best["n"], lang, 0)
    text = t(
        lang,
        f"Perluas kemitraan dengan {name}: hasil belajar per rupiah lebih tinggi dari pelatihan internal.",
        f"Extend partnerships with {name} providers: more learning per rupiah than in-house training.",
    )
    evidence = t(
        lang,
        f"{per_million} poin per Rp 1 juta per peserta vs {base_text} untuk internal (n = {n}).",
        f"{per_million} points per IDR 1 million per participant vs {base_text} in-house (n = {n}).",
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
          ``gain``, ``gain_ci_low``, ``gain_ci_high``, ``n`` (scored enrollments) —
          when 20-JP compliance or on-track is not green, the cheapest format
          (n >= MIN_N) that costs less per JP than classroom training and whose gain
          is no worse (its CI reaches classroom's mean gain) is recommended.
        - ``providers``: per provider_type ``provider_type``, ``gain_per_million``
          (mean gain per Rp 1 million per participant), ``n``.
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
