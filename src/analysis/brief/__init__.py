"""The leadership brief's sections: the frames, charts and sentences behind each one.

The brief (``notebooks/90_brief.ipynb``) shows one HTML section per question of
DESIGN.md. This module holds everything the notebook used to compute inline:

* frames: :func:`leadership_rates` (staff participation by the unit head's
  training and the unit's awards, with Wilson 95% intervals),
  :func:`service_effects` (the service-link effects per +5 JP, read from the
  recorded results or fitted when the brief runs alone), :func:`equity_groups`,
  :func:`worst_agencies`, :func:`not_reached_total`, :func:`budget_values`,
  :func:`cheapest_formats`, :func:`summary_cards`, :func:`summary_table`;
* charts, ``plot_*(frame, lang) -> Figure`` using :mod:`analysis.charts.theme` colours;
* text, ``*_sentences(...) -> list[str]`` in Bahasa Indonesia (``lang="id"``)
  or English (``"en"``), numbers formatted with :mod:`analysis.text.fmt`.

Wording rules (unchanged from the notebook): a change or difference is called
clear only when its 95% interval excludes zero (one for odds ratios); groups
with fewer than :data:`SMALL_N` observations are drawn grey and named
"data belum cukup" / "not enough data".
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from analysis.brief import headline as hl
from analysis.charts.theme import GREY, PALETTE, PRIMARY, TRAFFIC_LIGHTS
from analysis.data.contract import METRIC_DIRECTIONS
from analysis.data.dataset import Dataset
from analysis.data.disclosure import load_policy
from analysis.stats.comparisons import adjust_pvalues, proportion_ci
from analysis.text import fmt
from analysis.text.fmt import Lang, check_lang
from analysis.text.phrases import count_of_total, is_small_count, suppressed_note

#: Figure size in inches: the A4 text width and a default height.
FIG: tuple[float, float] = (6.8, 3.1)
#: Groups smaller than this are "data belum cukup" / "not enough data".
SMALL_N: int = 30
#: Service metrics the brief's service-link section shows, in order.
LINK_METRICS: tuple[str, ...] = ("ikm", "processing_days", "complaints_per_1000", "online_share", "spm_attainment")
#: The coverage metrics of the trend section.
TREND_METRICS: tuple[str, ...] = ("share_on_track", "participation_rate", "completion_rate")


def _t(lang: Lang, id_text: Any, en_text: Any) -> Any:
    return id_text if lang == "id" else en_text


# --------------------------------------------------------------------------- fixed texts

_TEXTS: dict[str, tuple[str, str]] = {
    "cover_scope": ("Ringkasan OPD: ", "Agency summary: "),
    "cover_note": (
        "Disusun otomatis dari data kepegawaian, pelatihan, anggaran dan layanan; angka dapat diperiksa ulang dari lampiran teknis.",
        "Produced automatically from staff, training, budget and service data; every number can be traced in the technical annex.",
    ),
    "summary_title": ("Ringkasan eksekutif", "Executive summary"),
    "summary_caption": ("Angka utama dan target", "Key numbers and targets"),
    "lights_note": (
        "Lampu: hijau = target tercapai; kuning = selisih masih dalam batas toleransi; merah = di bawah target. "
        "Target ditetapkan kota dalam config/targets.yaml. IK 95% = interval kepercayaan 95%.",
        "Lights: green = target met; amber = within the tolerance band; red = off target. "
        "The city sets the targets in config/targets.yaml. 95% CI = 95% confidence interval.",
    ),
    "recs_title": ("Rekomendasi", "Recommendations"),
    "recs_lede": (
        "Rekomendasi berikut dihasilkan dari angka triwulan ini; setiap butir menyebut angka yang mendasarinya.",
        "These recommendations follow from this quarter's numbers; each names the number behind it.",
    ),
    "relevance_title": ("Relevansi dan bentuk pengembangan", "Relevance and formats"),
    "relevance_alt": ("Kenaikan nilai per bentuk", "Gain by format"),
    "providers_title": ("Kemitraan: hasil per rupiah", "Partnerships: results per rupiah"),
    "providers_alt": ("Hasil belajar per rupiah", "Learning per rupiah"),
    "service_title": ("Pengembangan kompetensi dan kualitas layanan", "Competency development and service quality"),
    "service_lede": (
        "Unit yang pegawainya mendapat lebih banyak JP dalam empat triwulan terakhir dibandingkan dengan dirinya sendiri pada "
        "triwulan lain dan dengan unit lain pada triwulan yang sama:",
        "Units whose staff received more JP over the last four quarters, compared with themselves in other quarters and "
        "with other units in the same quarter:",
    ),
    "service_alt": ("Hubungan JP dan layanan", "JP and service"),
    "service_caveat": (
        "Ini asosiasi, bukan bukti sebab-akibat: unit dapat berbeda dalam hal lain yang berubah bersamaan dengan pelatihan.",
        "This is an association, not proof of cause: units may differ in other ways that change along with training.",
    ),
    "service_none": ("Data belum cukup untuk model hubungan pelatihan dan layanan.", "Not enough data for the training-service model."),
    "budget_title": ("Anggaran dan kebutuhan dana 20 JP", "Budget and the funding gap to 20 JP"),
    "budget_alt": ("Anggaran", "Budget"),
    "participation_title": (
        "Partisipasi: siapa yang ikut dan siapa yang belum terjangkau",
        "Participation: who takes part and who is not reached",
    ),
    "participation_alt": ("Partisipasi per kelompok", "Participation by group"),
    "leadership_title": ("Peran pimpinan", "Leadership"),
    "leadership_alt": ("Kepemimpinan", "Leadership"),
    "not_enough": ("Data belum cukup.", "Not enough data."),
    "trend_title": ("Perkembangan dari triwulan ke triwulan", "Quarter by quarter"),
    "trend_lede": ("Tren delapan triwulan terakhir (pita: IK 95%).", "The last eight quarters (band: 95% CI)."),
    "trend_alt": ("Tren", "Trend"),
    "trend_note": (
        "Dibandingkan dengan triwulan yang sama tahun lalu karena pola musiman (anggaran dan jadwal diklat).",
        "Compared with the same quarter a year earlier because of the seasonal pattern (budget and training calendar).",
    ),
    "trend_table_title": ("Tren indikator cakupan", "Coverage trend"),
    "trend_table_note": ("Per triwulan; IK 95% Wilson.", "By quarter; Wilson 95% CI."),
    "method_title": ("Catatan metode", "Method note"),
}


def text(key: str, lang: Lang = "id") -> str:
    """A fixed text of the brief (a section title, a lede, a note) in ``lang``.

    Raises
    ------
    KeyError
        For an unknown ``key`` (the message lists the known ones).
    """
    lang = check_lang(lang)
    if key not in _TEXTS:
        raise KeyError(f"unknown brief text {key!r}; known: {sorted(_TEXTS)}")
    return _t(lang, *_TEXTS[key])


# --------------------------------------------------------------------------- executive summary


def _ci_text(r: Any, lang: Lang) -> str:
    if not math.isnan(r.ci_low):
        return hl.format_interval(r.ci_low, r.ci_high, r.unit, lang)
    if r.code == "budget_absorption" and not math.isnan(r.estimate):
        return _t(lang, "angka sensus (tanpa IK)", "census figure (no CI)")
    return ""


def summary_cards(head: pd.DataFrame, lang: Lang, prev_label: str) -> list[dict[str, str]]:
    """The KPI cards of the executive summary, one per headline number.

    ``head`` is :func:`analysis.brief.headline.headline_numbers`; ``prev_label`` the
    previous quarter's label. Each card: ``label, value, change, ci, status``; the
    budget absorption, a census figure, says "no CI" instead of an interval.
    """
    lang = check_lang(lang)
    return [
        {
            "label": hl.metric_label(r.code, lang, short=True),
            "value": hl.format_value(r.estimate, r.unit, lang),
            "change": "vs " + prev_label + ": " + hl.format_change(r.change, r.unit, lang),
            "ci": _ci_text(r, lang),
            "status": r.status,
        }
        for r in head.itertuples(index=False)
    ]


def summary_table(
    shown: pd.DataFrame, lang: Lang, period_label: str, *, per_agency: bool = False
) -> tuple[pd.DataFrame, dict[str, str]]:
    """The headline table (from :func:`analysis.brief.headline.headline_table`) with traffic-light pills, and its labels.

    Returns the frame with columns ``label, value, [city,] change, ci, target,
    status`` (``status`` as HTML from :func:`analysis.report.render.light_html`)
    and the column labels for :func:`analysis.report.render.table_html`.
    """
    from analysis.report.render import light_html

    lang = check_lang(lang)
    table = shown.assign(status=[light_html(s, lang) for s in shown["status"]])
    labels = {"label": _t(lang, "Indikator", "Indicator"), "value": period_label, "change": _t(lang, "Perubahan", "Change"),
              "ci": _t(lang, "IK 95%", "95% CI"), "target": "Target", "status": "Status", "city": _t(lang, "Kota", "City")}
    table = table[["label", "value", *(["city"] if per_agency else []), "change", "ci", "target", "status"]]
    return table, labels


def clear_changes(head: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Headline numbers that clearly moved since the previous quarter: (better, worse).

    A change is clear when its own 95% CI (``change_ci_low``, ``change_ci_high``)
    excludes zero; better/worse follow the number's ``direction``. The
    year-to-date numbers (``jp20_compliance``, ``budget_absorption``) grow through
    the year and are not compared quarter on quarter.
    """
    moved = head.loc[head["change_ci_low"].notna() & ~head["code"].isin(["jp20_compliance", "budget_absorption"])]
    clear = (moved["change_ci_low"] > 0) | (moved["change_ci_high"] < 0)
    sign = moved["change"] * moved["direction"]
    return moved.loc[clear & (sign > 0)], moved.loc[clear & (sign < 0)]


def _change_list(rows: pd.DataFrame, lang: Lang) -> str:
    return "; ".join(
        f"{hl.metric_label(r.code, lang, short=True)} {hl.format_change(r.change, r.unit, lang)} "
        f"({hl.format_change_interval(r.change_ci_low, r.change_ci_high, r.unit, lang)})"
        for r in rows.itertuples(index=False)
    )


def summary_sentences(head: pd.DataFrame, lang: Lang, period_label: str, *, per_agency: bool = False) -> list[str]:
    """The executive summary's sentences: the count of lights, then what is off target, moved, missing.

    The first sentence is the lede; the others follow the cards. Only changes
    whose 95% CI excludes zero are named (:func:`clear_changes`); numbers with
    status ``insufficient`` are listed as "data belum cukup" / "not enough data".
    """
    lang = check_lang(lang)
    counts = head["status"].value_counts()
    n_green, n_amber, n_red = (int(counts.get(k, 0)) for k in ("green", "amber", "red"))
    scope_word = _t(lang, "OPD ini", "this agency") if per_agency else _t(lang, "kota", "the city")
    lines = [_t(
        lang,
        f"Pada {period_label}, dari {len(head)} indikator utama {scope_word}, **{n_green} tercapai**, "
        f"**{n_amber} perlu perhatian** dan **{n_red} di bawah target**.",
        f"In {period_label}, of the {len(head)} key numbers for {scope_word}: **{n_green} on target**, "
        f"**{n_amber} needing attention** and **{n_red} off target**.",
    )]
    red = head.loc[head["status"].eq("red")]
    if len(red):
        lines.append(_t(lang, "Di bawah target: ", "Off target: ") + "; ".join(
            f"{hl.metric_label(r.code, lang, short=True)} {hl.format_value(r.estimate, r.unit, lang)} "
            f"(target {hl.format_value(r.target, r.unit, lang)})" for r in red.itertuples(index=False)) + ".")
    better, worse = clear_changes(head)
    if len(better):
        lines.append(_t(lang, "Membaik jelas dari triwulan lalu (IK 95% perubahan tidak mencakup nol): ",
                        "Clearly better than last quarter (the change's 95% CI excludes zero): ")
                     + _change_list(better, lang) + ".")
    if len(worse):
        lines.append(_t(lang, "Memburuk jelas: ", "Clearly worse: ") + _change_list(worse, lang) + ".")
    if per_agency:
        lines.append(_t(lang, "Kolom Kota menunjukkan nilai seluruh Kota Binjai sebagai pembanding.",
                        "The City column shows the value for the whole of Kota Binjai for comparison."))
    nodata = head.loc[head["status"].eq("no_data")]
    if len(nodata):
        lines.append(_t(lang, "Tidak ada data triwulan ini untuk: ", "No data this quarter for: ")
                     + ", ".join(hl.metric_label(c, lang, short=True) for c in nodata["code"]) + ".")
    small = head.loc[head["status"].eq("insufficient")]
    if len(small):
        lines.append(_t(lang, "Data belum cukup (kurang dari batas minimum pengamatan) untuk: ",
                        "Not enough data (below the minimum number of observations) for: ")
                     + ", ".join(hl.metric_label(c, lang, short=True) for c in small["code"]) + ".")
    return lines


# --------------------------------------------------------------------------- recommendations


def service_effect_evidence(recorded: Sequence[Mapping[str, Any]], period: str) -> dict[str, Any] | None:
    """The service effect per +1 JP that :func:`analysis.brief.headline.recommendations` cites, or ``None``.

    Read from the recorded ``linkage.effect_per_5jp.<metric>`` (notebook 40),
    processing days first, then IKM; the per-5-JP estimate and interval are
    divided by 5. ``None`` when neither was recorded with an interval.
    """
    for metric in ("processing_days", "ikm"):
        row = hl.recorded(recorded, f"linkage.effect_per_5jp.{metric}", period)
        if row is not None and row.get("ci_low") is not None:
            return {"metric": metric, "estimate": row["estimate"] / 5,
                    "ci_low": row["ci_low"] / 5, "ci_high": row["ci_high"] / 5}
    return None


def recommendations_html(recs: Sequence[hl.Recommendation], lang: Lang) -> str:
    """The recommendations as an ordered list, each with the number it rests on."""
    lang = check_lang(lang)
    items = "".join(
        f"<li><strong>{r.text}</strong><span class=\"evidence\">{_t(lang, 'Dasar', 'Basis')}: {r.evidence}</span></li>"
        for r in recs
    )
    return f'<ol class="recs">{items}</ol>'


# --------------------------------------------------------------------------- Q1 relevance and formats


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
    names = [hl.modality_label(m, lang) + (f" ({policy.mark})" if hidden else "")
             for m, hidden in zip(g["modality"], small, strict=True)]
    g = g.assign(name=names)
    bounds = [c for c in ("estimate", "ci_low", "ci_high") if c in g.columns]
    for column in bounds:
        g[column] = g[column].astype(float).where(~small, np.nan)
    return g.sort_values("estimate", na_position="first")


def plot_gains(gains: pd.DataFrame, lang: Lang = "id"):
    """Learning gain by format with 95% CIs (frame from :func:`gains_by_format`); grey dots when n < SMALL_N."""
    import matplotlib.pyplot as plt

    lang = check_lang(lang)
    fig, ax = plt.subplots(figsize=(FIG[0], 0.9 + 0.32 * max(len(gains), 1)))
    enough = gains["n"] >= SMALL_N
    ax.errorbar(gains["estimate"], gains["name"], xerr=[gains["estimate"] - gains["ci_low"], gains["ci_high"] - gains["estimate"]],
                fmt="none", ecolor=GREY, elinewidth=1.2, capsize=3)
    ax.scatter(gains["estimate"], gains["name"], c=np.where(enough, PRIMARY, "#BBBBBB"), s=45, zorder=3)
    ax.axvline(0, color=GREY, lw=0.8)
    ax.set_xlabel(_t(lang, "Kenaikan nilai pre-test ke post-test (poin, IK 95%)", "Pre- to post-test gain (points, 95% CI)"))
    ax.set_ylabel("")
    ax.set_title(_t(lang, "Peningkatan nilai menurut bentuk pengembangan", "Learning gain by format"), loc="left")
    return fig


def relevance_sentences(gains: pd.DataFrame, relevance: Mapping[str, Any], lang: Lang = "id") -> list[str]:
    """The relevance section's sentences: the best format (among n >= SMALL_N), the grey-dot note,
    the shares of JP aimed at the sector and at a competency gap, and the caveat.

    ``gains`` from :func:`gains_by_format`; ``relevance`` one row of
    :func:`analysis.outcomes.relevance` (``share_jp_target_sector``,
    ``share_jp_general``, ``share_jp_to_gap``).
    """
    lang = check_lang(lang)
    enough = gains["n"] >= SMALL_N
    parts = []
    if enough.any():
        best = gains.loc[enough].sort_values("estimate").iloc[-1]
        parts.append(_t(
            lang,
            f"Dalam empat triwulan terakhir, {best['name']} memberi kenaikan nilai terbesar: {fmt.number(best['estimate'], lang)} poin "
            f"({fmt.interval(best['ci_low'], best['ci_high'], lang)}; n = {fmt.number(best['n'], lang, 0)}).",
            f"Over the last four quarters, {best['name']} gave the largest gain: {fmt.number(best['estimate'], lang)} points "
            f"({fmt.interval(best['ci_low'], best['ci_high'], lang)}; n = {fmt.number(best['n'], lang, 0)}).",
        ))
    if (~enough & gains["estimate"].notna()).any():
        parts.append(_t(lang, f"Titik abu-abu: data belum cukup (n < {SMALL_N}).", f"Grey dots: not enough data (n < {SMALL_N})."))
    if gains["estimate"].isna().any():  # rows withheld by gains_by_format
        policy = load_policy()
        parts.append(f"{policy.mark}: {suppressed_note(lang, policy.min_people)}.")
    rel = relevance
    parts.append(_t(
        lang,
        f"Relevansi: {fmt.percent(rel['share_jp_target_sector'], lang)} JP yang diakui berasal dari program yang dirancang untuk sektor "
        f"pegawai, {fmt.percent(rel['share_jp_general'], lang)} dari program umum; dari JP pegawai yang sudah diasesmen, "
        f"{fmt.percent(rel['share_jp_to_gap'], lang)} diarahkan ke bidang dengan kesenjangan kompetensi.",
        f"Relevance: {fmt.percent(rel['share_jp_target_sector'], lang)} of credited JP came from programmes designed for the employee's "
        f"sector, {fmt.percent(rel['share_jp_general'], lang)} from general programmes; of the JP of assessed staff, "
        f"{fmt.percent(rel['share_jp_to_gap'], lang)} went to a domain with a competency gap.",
    ))
    parts.append(_t(lang, "Perbandingan ini belum disesuaikan dengan nilai awal dan profil peserta; lampiran teknis memuat model yang menyesuaikannya.",
                    "These are unadjusted comparisons; the technical annex adjusts for the pre-test score and participants' profile."))
    return parts


# --------------------------------------------------------------------------- Q2 partnerships


def providers_per_rupiah(providers: pd.DataFrame, lang: Lang) -> pd.DataFrame:
    """The ``providers`` evidence of :func:`analysis.brief.headline.brief_evidence`, ready to plot:
    rows with a gain per Rp 1 million, a ``name`` column, sorted (smallest first)."""
    lang = check_lang(lang)
    p = providers.dropna(subset=["gain_per_million"])
    return p.assign(name=[hl.provider_label(x, lang) for x in p["provider_type"]]).sort_values("gain_per_million")


def plot_providers(prov: pd.DataFrame, lang: Lang = "id"):
    """Learning gain per Rp 1 million by provider type with 95% CIs (frame from :func:`providers_per_rupiah`);
    in-house training, the reference, in grey."""
    import matplotlib.pyplot as plt

    lang = check_lang(lang)
    fig, ax = plt.subplots(figsize=(FIG[0], 0.9 + 0.36 * max(len(prov), 1)))
    ax.barh(prov["name"], prov["gain_per_million"], color=np.where(prov["provider_type"].eq("internal"), GREY, PRIMARY),
            alpha=1.0)
    ax.errorbar(prov["gain_per_million"], prov["name"],
                xerr=[(prov["gain_per_million"] - prov["gain_per_million_ci_low"]).clip(lower=0),
                      (prov["gain_per_million_ci_high"] - prov["gain_per_million"]).clip(lower=0)],
                fmt="none", ecolor="#333333", elinewidth=1, capsize=3)
    ax.set_xlabel(_t(lang, "Poin kenaikan nilai per Rp 1 juta biaya per peserta (IK 95%)",
                     "Gain points per IDR 1 million spent per participant (95% CI)"))
    ax.set_ylabel("")
    ax.set_title(_t(lang, "Hasil belajar per rupiah menurut penyelenggara", "Learning per rupiah by provider"), loc="left")
    return fig


def provider_sentences(prov: pd.DataFrame, lang: Lang = "id") -> list[str]:
    """The partnership section's two sentences: the best partner (n >= SMALL_N) against in-house training, and the grey-bar note.

    The difference is called clear only when the two 95% intervals do not
    overlap; without an in-house row or a partner with enough data the first
    sentence says "data belum cukup" / "not enough data".
    """
    lang = check_lang(lang)
    ok = prov["n"] >= SMALL_N
    internal = prov.loc[prov["provider_type"].eq("internal")]
    partners = prov.loc[~prov["provider_type"].eq("internal") & ok]
    text_ = []
    if len(internal) and len(partners):
        base = internal.iloc[0]
        top = partners.sort_values("gain_per_million").iloc[-1]
        clear = top["gain_per_million_ci_low"] > base["gain_per_million_ci_high"] or top["gain_per_million_ci_high"] < base["gain_per_million_ci_low"]
        text_.append(_t(
            lang,
            f"Per Rp 1 juta, program {top['name']} menghasilkan {fmt.number(top['gain_per_million'], lang, 2)} poin, dibanding "
            f"{fmt.number(base['gain_per_million'], lang, 2)} poin untuk pelatihan internal"
            + ("; perbedaannya jelas (interval tidak bertumpang tindih)." if clear else "; perbedaannya belum pasti (interval bertumpang tindih)."),
            f"Per IDR 1 million, {top['name']} programmes produced {fmt.number(top['gain_per_million'], lang, 2)} points, against "
            f"{fmt.number(base['gain_per_million'], lang, 2)} for in-house training"
            + ("; the difference is clear (the intervals do not overlap)." if clear else "; the difference is uncertain (the intervals overlap)."),
        ))
    else:
        text_.append(_t(lang, "Data belum cukup untuk membandingkan mitra dengan pelatihan internal.",
                        "Not enough data to compare partners with in-house training."))
    text_.append(_t(lang, "Batang abu-abu: pelatihan internal (pembanding).", "Grey bar: in-house training (the reference)."))
    return text_


# --------------------------------------------------------------------------- Q3 service link


def service_effects(recorded: Sequence[Mapping[str, Any]], ds: Dataset, period: str, lang: Lang = "id") -> pd.DataFrame:
    """The change in each service metric per +5 JP per staff member (unit and quarter fixed effects).

    Read from the numbers notebook 40 recorded (``linkage.effect_per_5jp.<metric>``);
    when none was recorded (the brief runs alone), fitted here with
    :func:`analysis.linkage.exposure_effects` at lag 0 on
    :func:`analysis.linkage.unit_panel` through ``period``.

    Returns
    -------
    DataFrame
        ``metric, change, change_ci_low, change_ci_high, n_obs, name, better,
        worse`` for the metrics of :data:`LINK_METRICS` with an estimate;
        ``better``/``worse``: the 95% CI excludes zero on the side the metric's
        direction (:data:`analysis.data.contract.METRIC_DIRECTIONS`) calls better/worse.
        Empty (no rows) when there is no estimate.
    """
    from analysis import linkage

    lang = check_lang(lang)
    effects = []
    for m in LINK_METRICS:
        row = hl.recorded(recorded, f"linkage.effect_per_5jp.{m}", period)
        if row is not None:
            effects.append({"metric": m, "change": row["estimate"], "change_ci_low": row["ci_low"],
                            "change_ci_high": row["ci_high"], "n_obs": row["n"]})
    if not effects:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            panel = linkage.unit_panel(ds, through=period)
            metrics = [m for m in linkage.panel_metrics(panel) if m in LINK_METRICS and panel[m].notna().any()]
            st = linkage.effect_statements(linkage.exposure_effects(panel, metrics, lags=(0,)))
        effects = st.loc[st["lag"] == 0, ["metric", "change", "change_ci_low", "change_ci_high", "n_obs"]].to_dict("records")
    return classify_effects(pd.DataFrame(effects), lang)


def classify_effects(effects: pd.DataFrame, lang: Lang = "id") -> pd.DataFrame:
    """Add ``name``, ``better`` and ``worse`` to per-metric effects (``metric, change, change_ci_low, change_ci_high``).

    ``better`` when the 95% CI lies entirely on the metric's better side of zero,
    ``worse`` when entirely on the other side; neither when it crosses zero.
    Rows without an estimate are dropped. Does not modify ``effects``.
    """
    from analysis.linkage import metric_label

    lang = check_lang(lang)
    cols = ["metric", "change", "change_ci_low", "change_ci_high", "n_obs", "name", "better", "worse"]
    if not len(effects):
        return pd.DataFrame(columns=cols)
    eff = effects.dropna(subset=["change"]).copy()
    eff["name"] = [metric_label(m, lang) for m in eff["metric"]]
    up, down = eff["change_ci_low"] > 0, eff["change_ci_high"] < 0
    higher_better = pd.Series([METRIC_DIRECTIONS.get(m, 1) > 0 for m in eff["metric"]], index=eff.index)
    eff["better"] = np.where(higher_better, up, down).astype(bool)
    eff["worse"] = np.where(higher_better, down, up).astype(bool)
    return eff


def plot_service_effects(eff: pd.DataFrame, lang: Lang = "id"):
    """One small panel per service metric: the change per +5 JP with its 95% CI (green better, red worse)."""
    import matplotlib.pyplot as plt

    lang = check_lang(lang)
    short = {"ikm": "IKM", "processing_days": _t(lang, "Waktu layanan\n(hari)", "Processing\n(days)"),
             "complaints_per_1000": _t(lang, "Pengaduan\nper 1.000", "Complaints\nper 1,000"),
             "online_share": _t(lang, "Layanan\ndaring (%)", "Online\nshare (%)"),
             "spm_attainment": _t(lang, "Capaian\nSPM (%)", "SPM\nattainment (%)")}
    fig, axes = plt.subplots(1, len(eff), figsize=(FIG[0], 2.6), squeeze=False)
    for ax, (_, r) in zip(axes[0], eff.iterrows(), strict=True):
        color = TRAFFIC_LIGHTS["green"] if r["better"] else TRAFFIC_LIGHTS["red"] if r["worse"] else PRIMARY
        ax.errorbar([0], [r["change"]], yerr=[[r["change"] - r["change_ci_low"]], [r["change_ci_high"] - r["change"]]],
                    fmt="o", color=color, capsize=4, ms=6)
        ax.axhline(0, color=GREY, lw=0.8)
        ax.set_xticks([])
        ax.set_title(short.get(r["metric"], r["metric"]), fontsize=9)
        ax.tick_params(axis="y", labelsize=8)
    fig.suptitle(_t(lang, "Perubahan indikator per +5 JP per pegawai (IK 95%; hijau: membaik, merah: memburuk)",
                    "Change per +5 JP per staff member (95% CI; green: better, red: worse)"),
                 x=0.01, ha="left", fontsize=11, fontweight="semibold")
    fig.tight_layout(w_pad=1.5)
    return fig


def service_sentences(eff: pd.DataFrame, lang: Lang = "id") -> list[str]:
    """One line per metric: the change per +5 JP, its 95% CI and the verdict
    (better / worse only when the CI excludes zero, otherwise "not different from zero")."""
    lang = check_lang(lang)
    lines = []
    for _, r in eff.iterrows():
        verdict = (_t(lang, " — membaik", " — better") if r["better"] else _t(lang, " — memburuk", " — worse") if r["worse"]
                   else _t(lang, " — belum berbeda dari nol", " — not different from zero"))
        lines.append(f"{r['name']}: {fmt.points(r['change'], lang, 2)} ({fmt.interval(r['change_ci_low'], r['change_ci_high'], lang, 2)}){verdict}")
    return lines


# --------------------------------------------------------------------------- Q4 budget


def _remaining(gap: Mapping[str, Any]) -> float:
    return max(0.0, gap["remaining_idr"]) if pd.notna(gap["remaining_idr"]) else np.nan


def budget_values(gap: Mapping[str, Any], lang: Lang = "id") -> dict[str, float]:
    """The four bars of the budget chart: allocation, spent to date, remaining (>= 0), needed for 20 JP (IDR).

    ``gap`` is the city row of :func:`analysis.budget.funding_gap` as a dict.
    """
    lang = check_lang(lang)
    return {
        _t(lang, "Pagu", "Allocation"): gap["allocated_idr"],
        _t(lang, "Belanja s.d. triwulan ini", "Spent to date"): gap["spending_ytd_idr"],
        _t(lang, "Sisa pagu", "Remaining"): _remaining(gap),
        _t(lang, "Kebutuhan dana 20 JP", "Needed for 20 JP"): gap["gap_idr"],
    }


def _money_scale(gap: Mapping[str, Any], lang: Lang) -> tuple[float, str]:
    vals = budget_values(gap, lang)
    return (1e9, _t(lang, "miliar", "billion")) if np.nanmax(list(vals.values())) >= 2e9 else (1e6, _t(lang, "juta", "million"))


def plot_budget(gap: Mapping[str, Any], period: str, lang: Lang = "id"):
    """The budget chart: allocation, spent, remaining and the money needed for 20 JP;
    the last bar red when the remaining allocation does not cover it, amber when
    some agencies fall short, green otherwise."""
    import matplotlib.pyplot as plt

    from analysis.text.fmt import money

    lang = check_lang(lang)
    vals = budget_values(gap, lang)
    scale, unit = _money_scale(gap, lang)
    fig, ax = plt.subplots(figsize=FIG)
    short = gap["gap_idr"] > (max(0.0, gap["remaining_idr"]) if pd.notna(gap["remaining_idr"]) else 0.0)
    colors = [GREY, PRIMARY, PALETTE[4],
              TRAFFIC_LIGHTS["red"] if short else TRAFFIC_LIGHTS["amber"] if gap["shortfall_idr"] > 0 else TRAFFIC_LIGHTS["green"]]
    bars = ax.barh(list(vals), [v / scale for v in vals.values()], color=colors)
    for b, v in zip(bars, vals.values(), strict=True):
        ax.text(b.get_width(), b.get_y() + b.get_height() / 2, " " + money(v, lang), va="center", fontsize=9)
    ax.invert_yaxis()
    ax.set_xlabel(_t(lang, f"Rp {unit}", f"IDR {unit}"))
    ax.set_xlim(0, np.nanmax(list(vals.values())) / scale * 1.3)
    ax.set_title(_t(lang, f"Anggaran pengembangan kompetensi {period[:4]}", f"Competency-development budget {period[:4]}"), loc="left")
    return fig


def cheapest_formats(formats: pd.DataFrame) -> pd.DataFrame:
    """Formats with a cost per JP and at least SMALL_N participants, cheapest first
    (``formats`` of :func:`analysis.brief.headline.brief_evidence`)."""
    cpj = formats.dropna(subset=["cost_per_jp"]).assign(enough_data=lambda d: d["n"] >= SMALL_N)
    return cpj.loc[cpj["enough_data"]].sort_values("cost_per_jp")


def budget_sentences(
    gap: Mapping[str, Any], absorption: float, cost_per_jp: pd.DataFrame, period_label: str, lang: Lang = "id"
) -> list[str]:
    """The budget section's sentences: absorption and the money needed for 20 JP (with its 95% CI),
    whether the remaining allocation covers it, and the cheapest and dearest format per JP.

    ``absorption`` is the headline ``budget_absorption``; ``cost_per_jp`` from
    :func:`cheapest_formats` (named only when at least two formats qualify).
    """
    lang = check_lang(lang)
    scale, unit = _money_scale(gap, lang)
    lines = [_t(
        lang,
        f"Sampai {period_label} terserap {fmt.percent(absorption, lang)} dari pagu "
        f"{fmt.money(gap['allocated_idr'], lang)}. Agar setiap ASN aktif mencapai 20 JP tahun ini masih dibutuhkan "
        f"{fmt.number(gap['jp_needed'], lang, 0)} JP atau sekitar {fmt.money(gap['gap_idr'], lang)} "
        f"({fmt.interval(gap['gap_ci_low'] / scale, gap['gap_ci_high'] / scale, lang)} {unit}).",
        f"By {period_label}, {fmt.percent(absorption, lang)} of the "
        f"{fmt.money(gap['allocated_idr'], lang)} allocation was spent. Bringing every active ASN to 20 JP this year still needs "
        f"{fmt.number(gap['jp_needed'], lang, 0)} JP, about {fmt.money(gap['gap_idr'], lang)} "
        f"({fmt.interval(gap['gap_ci_low'] / scale, gap['gap_ci_high'] / scale, lang)} {unit}).",
    )]
    remaining = max(0.0, gap["remaining_idr"]) if pd.notna(gap["remaining_idr"]) else 0.0
    if gap["gap_idr"] > remaining:
        lines.append(_t(lang, f"Sisa pagu tidak mencukupi: kebutuhan {fmt.money(gap['gap_idr'], lang)}, sisa {fmt.money(remaining, lang)}.",
                        f"The remaining allocation is not enough: {fmt.money(gap['gap_idr'], lang)} needed, {fmt.money(remaining, lang)} left."))
    elif gap["shortfall_idr"] > 0:
        lines.append(_t(
            lang,
            f"Sisa pagu seluruhnya cukup ({fmt.money(remaining, lang)} untuk kebutuhan {fmt.money(gap['gap_idr'], lang)}), tetapi di sebagian OPD "
            f"sisa pagunya kurang {fmt.money(gap['shortfall_idr'], lang)} sehingga perlu pergeseran anggaran antar-OPD.",
            f"The remaining allocation as a whole is enough ({fmt.money(remaining, lang)} for {fmt.money(gap['gap_idr'], lang)} needed), but some "
            f"agencies fall short by {fmt.money(gap['shortfall_idr'], lang)}, so money must move between agencies.",
        ))
    else:
        lines.append(_t(lang, "Sisa pagu mencukupi bila dibelanjakan dengan biaya per JP saat ini.",
                        "The remaining allocation is enough at the current cost per JP."))
    cpj = cost_per_jp
    if len(cpj) >= 2:
        lo, hi = cpj.iloc[0], cpj.iloc[-1]
        lines.append(_t(
            lang,
            f"Biaya per JP terendah: {hl.modality_label(lo['modality'], lang)} ({fmt.money(lo['cost_per_jp'], lang)}); "
            f"tertinggi: {hl.modality_label(hi['modality'], lang)} ({fmt.money(hi['cost_per_jp'], lang)}).",
            f"Lowest cost per JP: {hl.modality_label(lo['modality'], lang)} ({fmt.money(lo['cost_per_jp'], lang)}); "
            f"highest: {hl.modality_label(hi['modality'], lang)} ({fmt.money(hi['cost_per_jp'], lang)}).",
        ))
    return lines


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


def not_reached_sentence(not_reached: int, staff: int, lang: Lang = "id") -> str:
    """The participation section's lede: how many active ASN received no JP in four quarters."""
    lang = check_lang(lang)
    share = not_reached / staff if staff else np.nan
    if is_small_count(not_reached) or is_small_count(staff - not_reached):  # docs/disclosure.md
        return _t(lang, f"{count_of_total(not_reached, staff, lang)} ASN aktif belum mendapat JP sama sekali "
                  "dalam empat triwulan terakhir.",
                  f"{count_of_total(not_reached, staff, lang)} active ASN received no JP at all in the last four quarters.")
    return _t(
        lang,
        f"{fmt.number(not_reached, lang, 0)} dari {fmt.number(staff, lang, 0)} ASN aktif ({fmt.percent(share, lang)}) "
        "belum mendapat JP sama sekali dalam empat triwulan terakhir.",
        f"{fmt.number(not_reached, lang, 0)} of {fmt.number(staff, lang, 0)} active ASN ({fmt.percent(share, lang)}) "
        "received no JP at all in the last four quarters.",
    )


_GROUP_LABELS: dict[str, tuple[str, str]] = {
    "pns": ("PNS", "PNS"), "pppk": ("PPPK", "PPPK"), "F": ("Perempuan", "Women"), "M": ("Laki-laki", "Men"),
    "executive": ("JPT/eksekutif", "Executive"), "administrator": ("Administrator", "Administrator"),
    "supervisor": ("Pengawas", "Supervisor"), "functional": ("Fungsional", "Functional"), "staff": ("Pelaksana", "Staff"),
}
_DIMENSIONS: dict[str, tuple[str, str]] = {
    "employment_type": ("jenis kepegawaian", "employment type"), "position_type": ("jenis jabatan", "position type"),
    "gender": ("jenis kelamin", "gender"),
}


def equity_groups(equity: pd.DataFrame, lang: Lang = "id") -> pd.DataFrame:
    """:func:`analysis.coverage.equity` rows with active staff, with a ``name`` column (the group's label)."""
    lang = check_lang(lang)
    eq = equity.loc[equity["active_staff"] > 0].copy()
    eq["name"] = [_t(lang, *_GROUP_LABELS[str(g)]) if str(g) in _GROUP_LABELS else str(g) for g in eq["group"]]
    return eq


def plot_participation(eq: pd.DataFrame, overall: float, lang: Lang = "id"):
    """Participation rate by group with 95% CIs (frame from :func:`equity_groups`), grey dots when
    fewer than SMALL_N staff, and a dashed line at the ``overall`` rate."""
    import matplotlib.pyplot as plt

    lang = check_lang(lang)
    fig, ax = plt.subplots(figsize=(FIG[0], 0.9 + 0.3 * len(eq)))
    y = np.arange(len(eq))[::-1]
    ok = eq["active_staff"] >= SMALL_N
    ax.errorbar(100 * eq["participation_rate"], y,
                xerr=[100 * (eq["participation_rate"] - eq["participation_rate_ci_low"]),
                      100 * (eq["participation_rate_ci_high"] - eq["participation_rate"])],
                fmt="none", ecolor=GREY, capsize=3)
    ax.scatter(100 * eq["participation_rate"], y, c=np.where(ok, PRIMARY, "#BBBBBB"), s=40, zorder=3)
    ax.set_yticks(y, eq["name"])
    ax.axvline(100 * overall, color=PALETTE[1], ls="--", lw=1)
    ax.set_xlabel(_t(lang, "ASN yang berpartisipasi triwulan ini (%, IK 95%; garis putus: rata-rata)",
                     "ASN taking part this quarter (%, 95% CI; dashed: overall)"))
    ax.set_title(_t(lang, "Partisipasi menurut kelompok", "Participation by group"), loc="left")
    return fig


def equity_sentence(eq: pd.DataFrame, lang: Lang = "id") -> str:
    """Which dimensions participation differs by: the chi-square p-values of
    :func:`analysis.coverage.equity` (one per dimension), Holm-adjusted, below 0.05."""
    lang = check_lang(lang)
    tests = eq.drop_duplicates("dimension")
    p_adj = adjust_pvalues(tests["p_value_participation"].to_numpy(), method="holm")
    differs = [d for d, p in zip(tests["dimension"], p_adj, strict=True) if p < 0.05]
    names = ", ".join(_t(lang, *_DIMENSIONS[d]) if d in _DIMENSIONS else str(d) for d in differs)
    if differs:
        return _t(lang, "Partisipasi berbeda nyata menurut " + names + " (uji chi-kuadrat, koreksi Holm).",
                  "Participation differs clearly by " + names + " (chi-square tests, Holm-adjusted).")
    return _t(lang, "Tidak ada perbedaan partisipasi yang nyata antarkelompok (uji chi-kuadrat, koreksi Holm).",
              "No clear difference in participation between groups (chi-square tests, Holm-adjusted).")


def worst_agencies(not_reached: pd.DataFrame, names: Mapping[str, str], top: int = 5) -> pd.DataFrame:
    """The ``top`` agencies (>= SMALL_N active staff) with the highest share of staff not reached.

    ``not_reached`` is :func:`analysis.coverage.not_reached` by ``agency_id``;
    returns ``name, active_staff, not_reached, share_not_reached``.
    """
    nr = not_reached.sort_values("share_not_reached", ascending=False)
    worst = nr.loc[nr["active_staff"] >= SMALL_N].head(top)
    worst = worst.assign(name=worst["agency_id"].map(lambda a: names.get(a, a)))
    return worst[["name", "active_staff", "not_reached", "share_not_reached"]]


def worst_agencies_table(worst: pd.DataFrame, lang: Lang = "id") -> str:
    """:func:`worst_agencies` as an HTML table with its caption."""
    from analysis.report.render import table_html

    lang = check_lang(lang)
    return table_html(
        worst, lang=lang,
        formats={"active_staff": "int", "not_reached": "int", "share_not_reached": "percent"},
        labels={"name": "OPD", "active_staff": _t(lang, "ASN aktif", "Active ASN"),
                "not_reached": _t(lang, "Belum terjangkau", "Not reached"), "share_not_reached": _t(lang, "Porsi", "Share")},
        caption=_t(lang, "Lima OPD dengan porsi ASN belum terjangkau tertinggi (4 triwulan)",
                   "Five agencies with the highest share not reached (4 quarters)"),
    )


# --------------------------------------------------------------------------- Q6 leadership

#: The leadership factors of the participation panel and their (yes, no) labels.
LEADERSHIP_FACTORS: dict[str, tuple[tuple[str, str], tuple[str, str]]] = {
    "head_participated_prev_quarter": (("Kepala unit ikut pelatihan", "Head trained"),
                                       ("Kepala unit tidak ikut", "Head did not train")),
    "unit_award_prev_4q": (("Unit memberi penghargaan", "Unit gave awards"), ("Tanpa penghargaan", "No awards")),
}


def leadership_rates(panel: pd.DataFrame, lang: Lang = "id") -> pd.DataFrame:
    """Staff participation rate by leadership factor, with Wilson 95% intervals.

    For each factor of :data:`LEADERSHIP_FACTORS` present in ``panel``
    (:func:`analysis.coverage.participation_panel`: one row per employee-quarter,
    ``participated`` 0/1), the employee-quarters with the factor = 1 then = 0:
    rate = mean of ``participated``; interval = Wilson score
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
    for col, (yes, no) in LEADERSHIP_FACTORS.items():
        if col not in panel:
            continue
        for flag, label in ((1, _t(lang, *yes)), (0, _t(lang, *no))):
            g = panel.loc[panel[col].eq(flag), "participated"]
            if len(g):
                lo, hi = proportion_ci(int(g.sum()), len(g))
                rows.append({"factor": col, "label": label, "rate": g.mean(), "lo": float(lo), "hi": float(hi), "n": len(g)})
    return pd.DataFrame(rows, columns=["factor", "label", "rate", "lo", "hi", "n"])


def plot_leadership(lead: pd.DataFrame, lang: Lang = "id"):
    """Bars of :func:`leadership_rates` (percent, 95% CI)."""
    import matplotlib.pyplot as plt

    lang = check_lang(lang)
    fig, ax = plt.subplots(figsize=(FIG[0], 2.6))
    y = np.arange(len(lead))[::-1]
    colors = [PRIMARY if i % 2 == 0 else "#9DB9D6" for i in range(len(lead))]
    ax.barh(y, 100 * lead["rate"], color=colors)
    ax.errorbar(100 * lead["rate"], y, xerr=[100 * (lead["rate"] - lead["lo"]), 100 * (lead["hi"] - lead["rate"])],
                fmt="none", ecolor="#333333", capsize=3)
    ax.set_yticks(y, lead["label"])
    ax.set_xlabel(_t(lang, "Peluang staf berpartisipasi per triwulan (%, IK 95%)", "Staff taking part per quarter (%, 95% CI)"))
    ax.set_title(_t(lang, "Kepemimpinan dan partisipasi staf (4 triwulan)", "Leadership and staff participation (4 quarters)"), loc="left")
    return fig


def leadership_sentences(lead: pd.DataFrame, head_effect: Mapping[str, Any] | None, lang: Lang = "id") -> list[str]:
    """The leadership section's sentences: the two rates by the head's training, the adjusted
    odds ratio (called different from 1 only when its 95% CI excludes 1), and the caveat."""
    lang = check_lang(lang)
    out = []
    h = lead.loc[lead["factor"].eq("head_participated_prev_quarter")].set_index("label")["rate"]
    if len(h) == 2:
        out.append(_t(
            lang,
            f"Staf di unit yang kepalanya ikut pelatihan pada triwulan sebelumnya berpartisipasi {fmt.percent(h.iloc[0], lang)}, "
            f"dibanding {fmt.percent(h.iloc[1], lang)} bila kepalanya tidak ikut.",
            f"Staff whose unit head trained the quarter before took part {fmt.percent(h.iloc[0], lang)} of the time, "
            f"against {fmt.percent(h.iloc[1], lang)} when the head did not.",
        ))
    if head_effect:
        ev = head_effect
        clear = ev["ci_low"] > 1 or ev["ci_high"] < 1
        out.append(_t(
            lang,
            f"Setelah memperhitungkan karakteristik pegawai, rasio odds-nya {fmt.number(ev['estimate'], lang, 2)} "
            f"({fmt.interval(ev['ci_low'], ev['ci_high'], lang, 2)})" + ("" if clear else ", belum berbeda dari 1") + ".",
            f"Adjusting for staff characteristics, the odds ratio is {fmt.number(ev['estimate'], lang, 2)} "
            f"({fmt.interval(ev['ci_low'], ev['ci_high'], lang, 2)})" + ("" if clear else ", not different from 1") + ".",
        ))
    out.append(_t(lang, "Asosiasi, bukan bukti sebab-akibat: pegawai yang bersemangat bisa saja berkumpul di unit dengan pimpinan yang bersemangat.",
                  "An association, not proof of cause: keen staff may gather in units with keen heads."))
    return out


# --------------------------------------------------------------------------- Q7 trend


def _trend_labels(lang: Lang) -> dict[str, str]:
    return {"share_on_track": _t(lang, "Sesuai jalur 20 JP", "On track to 20 JP"),
            "participation_rate": _t(lang, "Partisipasi", "Participation"),
            "completion_rate": _t(lang, "Kelulusan", "Completion")}


def quarter_tick(period: str, lang: Lang = "id") -> str:
    """A short axis label for a quarter: ``III/26`` (id) or ``Q3/26`` (en)."""
    return f"{['I', 'II', 'III', 'IV'][int(period[-1]) - 1]}/{period[2:4]}" if lang == "id" else f"Q{period[-1]}/{period[2:4]}"


def plot_trend(trend: pd.DataFrame, lang: Lang = "id", *, agency: str | None = None, city: pd.DataFrame | None = None):
    """Three panels (on track, participation, completion) over the quarters of ``trend``
    (:func:`analysis.coverage.trend`), with the 95% CI as a band; for an agency
    (``agency`` set) the ``city`` trend as a dashed grey line."""
    import matplotlib.pyplot as plt

    lang = check_lang(lang)
    labels = _trend_labels(lang)
    fig, axes = plt.subplots(1, 3, figsize=(FIG[0], 2.5), sharey=True)
    for ax, metric in zip(axes, TREND_METRICS, strict=True):
        d = trend.loc[trend["metric"].eq(metric)]
        x = [quarter_tick(q, lang) for q in d["period"]]
        ax.fill_between(x, 100 * d["ci_low"], 100 * d["ci_high"], color=PRIMARY, alpha=0.15, lw=0)
        ax.plot(x, 100 * d["estimate"], color=PRIMARY, marker="o", ms=3, label=agency if agency else _t(lang, "Kota", "City"))
        if city is not None:
            c = city.loc[city["metric"].eq(metric)]
            ax.plot([quarter_tick(q, lang) for q in c["period"]], 100 * c["estimate"], color=GREY, ls="--", lw=1,
                    label=_t(lang, "Kota", "City"))
        ax.set_title(labels[metric], fontsize=10)
        ax.tick_params(axis="x", labelsize=7, rotation=90)
        ax.set_ylim(0, 100)
    axes[0].set_ylabel("%")
    if city is not None:
        axes[0].legend(fontsize=8, loc="lower left")
    fig.tight_layout()
    return fig


def trend_sentences(trend: pd.DataFrame, lang: Lang = "id") -> list[str]:
    """One sentence per trend metric with at least five quarters: this quarter against the same quarter a year before.

    "up"/"down" only when the two quarters' 95% intervals do not overlap,
    otherwise "about the same".
    """
    lang = check_lang(lang)
    lines = []
    for metric, label in _trend_labels(lang).items():
        d = trend.loc[trend["metric"].eq(metric)].dropna(subset=["estimate"])
        if len(d) >= 5:
            now, year_ago = d.iloc[-1], d.iloc[-5]
            diff = now["estimate"] - year_ago["estimate"]
            clear = now["ci_low"] > year_ago["ci_high"] or now["ci_high"] < year_ago["ci_low"]
            word = (_t(lang, "naik", "up") if diff > 0 else _t(lang, "turun", "down")) if clear else _t(lang, "relatif tetap", "about the same")
            lines.append(_t(
                lang,
                f"{label}: {fmt.percent(now['estimate'], lang)}, {word} dibanding triwulan yang sama tahun lalu ({fmt.percent(year_ago['estimate'], lang)}).",
                f"{label}: {fmt.percent(now['estimate'], lang)}, {word} on the same quarter last year ({fmt.percent(year_ago['estimate'], lang)}).",
            ))
    return lines


# --------------------------------------------------------------------------- method note


def method_items(ds: Dataset, lang: Lang = "id") -> list[str]:
    """The method note's items (HTML): data, definitions, uncertainty, the service model, small groups, lights."""
    lang = check_lang(lang)
    first, last = ds.periods[0], ds.periods[-1]
    n_emp, n_enr = len(ds.employees), len(ds.enrollments)
    if lang == "id":
        return [
            f"<strong>Data.</strong> {fmt.number(n_emp, lang, 0)} ASN, {fmt.number(n_enr, lang, 0)} keikutsertaan program, "
            f"{fmt.period_label(first, lang)} s.d. {fmt.period_label(last, lang)}; NIP diganti kode samaran saat data dimuat.",
            "<strong>Definisi.</strong> JP dihitung dari program yang selesai, pada triwulan tanggal selesainya; capaian 20 JP = porsi ASN aktif "
            "di akhir triwulan dengan ≥ 20 JP sejak awal tahun; sesuai jalur = ≥ 5 JP per triwulan berjalan; partisipasi = porsi ASN aktif yang "
            "mengikuti (selesai atau mundur) ≥ 1 program yang berakhir pada triwulan ini; kelulusan = selesai / (selesai + mundur + tidak hadir).",
            "<strong>Ketidakpastian.</strong> IK 95% untuk porsi memakai metode Wilson; kenaikan nilai memakai uji t berpasangan; rata-rata layanan "
            "memakai interval t antar-unit; biaya per JP dan hasil per rupiah memakai metode delta. Serapan anggaran adalah angka sensus (tanpa IK).",
            "<strong>Hubungan pelatihan dan layanan</strong> diperkirakan dengan regresi panel unit × triwulan dengan efek tetap unit dan triwulan, "
            "galat baku dikelompokkan per unit. Hasilnya asosiasi, bukan bukti sebab-akibat.",
            f"<strong>Kelompok kecil.</strong> Angka dari kurang dari {SMALL_N} pengamatan ditandai \"data belum cukup\"; perbedaan disebut "
            "perbedaan hanya bila IK 95%-nya tidak memuat nol.",
            "<strong>Lampu lalu lintas</strong> membandingkan nilai dengan target kota (config/targets.yaml); lampiran teknis (HTML per analisis, "
            "tables.xlsx, results.json) memuat semua angka, interval dan jumlah pengamatan.",
        ]
    return [
        f"<strong>Data.</strong> {fmt.number(n_emp, lang, 0)} ASN, {fmt.number(n_enr, lang, 0)} programme enrolments, "
        f"{fmt.period_label(first, lang)} to {fmt.period_label(last, lang)}; NIPs are replaced by pseudonyms on loading.",
        "<strong>Definitions.</strong> JP count from completed programmes, in the quarter they end; 20-JP compliance = share of ASN active at "
        "quarter end with ≥ 20 JP since January; on track = ≥ 5 JP per quarter elapsed; participation = share of active ASN who attended "
        "(completed or dropped) ≥ 1 programme ending in the quarter; completion = completed / (completed + dropped + no-show).",
        "<strong>Uncertainty.</strong> 95% CIs of shares are Wilson intervals; learning gains use a paired t test; service means a t interval "
        "across units; cost per JP and results per rupiah the delta method. Budget absorption is a census figure (no CI).",
        "<strong>Training and service</strong> are linked by a unit × quarter panel regression with unit and quarter fixed effects and "
        "standard errors clustered by unit. The result is an association, not proof of cause.",
        f"<strong>Small groups.</strong> Numbers from fewer than {SMALL_N} observations are marked \"not enough data\"; a difference is called "
        "a difference only when its 95% CI excludes zero.",
        "<strong>Traffic lights</strong> compare each value with the city's target (config/targets.yaml); the technical annex (one HTML per "
        "analysis, tables.xlsx, results.json) holds every number with its interval and count.",
    ]


def bullet_list(items: Sequence[str]) -> str:
    """Items (already HTML) as a ``<ul>``."""
    return "<ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>"
