"""Training outcomes: Kirkpatrick levels 1-3, relevance, partnerships and cost-effectiveness.

Kirkpatrick's four levels (Kirkpatrick & Kirkpatrick 2006) ask of a programme: did
participants like it (**L1 reaction**), did they learn (**L2 learning**), do they use
it at work (**L3 behaviour**), and did results change (**L4**: unit service metrics,
in :mod:`analysis.linkage`). The computations live in one module per topic (below);
this module still holds the report's sentences.

Modules
-------
- :mod:`~analysis.outcomes.facts`: the window's enrollments with employee columns, grouping, mean summaries, ratios of sums;
- :mod:`~analysis.outcomes.reaction`: L1 satisfaction and unadjusted group comparisons (Welch);
- :mod:`~analysis.outcomes.learning`: L2 pre/post change and the adjusted (ANCOVA) format and provider effects;
- :mod:`~analysis.outcomes.programme_funnel`: programme mean gains against control limits (funnel plot);
- :mod:`~analysis.outcomes.transfer`: L3 supervisors' ratings and their link with the gain;
- :mod:`~analysis.outcomes.targeting`: relevance, JP aimed at the sector and at competency gaps;
- :mod:`~analysis.outcomes.partners`: provider types compared per JP and per rupiah, named partner programmes;
- :mod:`~analysis.outcomes.costs`: cost per JP and per point of gain;
- :mod:`~analysis.outcomes.quarterly`: the measures quarter by quarter (trend);
- :mod:`~analysis.outcomes.tables`: report tables assembled from those frames;
- :mod:`~analysis.outcomes.plots`: the charts.

References
----------
Kirkpatrick, D. L. & Kirkpatrick, J. D. (2006). *Evaluating Training Programs*, 3rd ed.
"""

from __future__ import annotations

import pandas as pd

from analysis.data.dataset import Dataset
from analysis.data.periods import format_period, shift_period
from analysis.outcomes.costs import cost_effectiveness
from analysis.outcomes.facts import (
    EMPLOYEE_COVARIATES,
    REFERENCE_MODALITY,
    REFERENCE_PROVIDER,
    SUMMARY_COLUMNS,
    outcome_facts,
)
from analysis.outcomes.learning import (
    LEARNING_COLUMNS,
    adjusted_effects,
    gain_model_data,
    learning_change,
)
from analysis.outcomes.partners import own_sector, partner_programmes, partnerships
from analysis.outcomes.programme_funnel import funnel, funnel_limits
from analysis.outcomes.quarterly import trend
from analysis.outcomes.reaction import COMPARABLE, compare, satisfaction
from analysis.outcomes.tables import funnel_table, programme_outcomes, stack_by
from analysis.outcomes.targeting import relevance, relevance_by_unit
from analysis.outcomes.transfer import behaviour, behaviour_vs_gain
from analysis.stats.verdict import MIN_N
from analysis.text import fmt
from analysis.text.trends import year_on_year_paragraph

__all__ = [
    "COMPARABLE", "EMPLOYEE_COVARIATES", "LEARNING_COLUMNS", "MIN_N", "REFERENCE_MODALITY", "REFERENCE_PROVIDER",
    "SUMMARY_COLUMNS", "behaviour", "behaviour_vs_gain", "compare", "cost_effectiveness", "funnel", "funnel_limits",
    "funnel_table", "gain_model_data", "learning_change", "outcome_facts", "own_sector", "partner_programmes",
    "partnerships", "programme_outcomes", "relevance", "relevance_by_unit", "satisfaction", "stack_by", "trend",
]


ADJUSTED_COLUMNS = ("factor", "level", "reference", "estimate", "ci_low", "ci_high", "p_value", "n_level", "nobs")


def adjusted_effects_or_reason(
    ds: Dataset, period: str | pd.Period, window: int = 4, lang: str = "id",
) -> tuple[pd.DataFrame, str]:
    """:func:`adjusted_effects`, or an empty frame and the reason (in ``lang``) when it cannot be estimated.

    Returns
    -------
    (DataFrame, str)
        The frame of :func:`adjusted_effects` (empty, with its columns, on failure)
        and ``""`` or a sentence saying why the model could not be estimated.
    """
    try:
        return adjusted_effects(ds, period, window=window), ""
    except ValueError as err:
        empty = pd.DataFrame(columns=list(ADJUSTED_COLUMNS))
        return empty, _t(lang, f"Model penyesuaian tidak dapat diestimasi: {err}",
                         f"The adjusted model could not be estimated: {err}")


def _t(lang: str, id_text: str, en_text: str) -> str:
    return id_text if fmt.check_lang(lang) == "id" else en_text


def _label(code: object, lang: str) -> str:
    return fmt.code_label(code, lang, in_sentence=True)


def _ci_words(lang: str) -> tuple[str, str]:
    return _t(lang, "IK 95%", "95% CI"), _t(lang, "s.d.", "to")


def _num_ci(est: float, low: float, high: float, lang: str, decimals: int = 1) -> str:
    """``3,9 (IK 95% 3,8 s.d. 4,0)``."""
    if pd.isna(est):
        return _t(lang, "tidak ada data", "no data")
    if pd.isna(low) or pd.isna(high):
        return fmt.number(est, lang, decimals)
    ci, to = _ci_words(lang)
    return f"{fmt.number(est, lang, decimals)} ({ci} {fmt.number(low, lang, decimals)} {to} {fmt.number(high, lang, decimals)})"


def _pts_ci(est: float, low: float, high: float, lang: str) -> str:
    """``+2,1 poin (IK 95% +1,3 s.d. +2,9)``."""
    ci, to = _ci_words(lang)
    return (f"{fmt.points(est, lang)} {_t(lang, 'poin', 'points')} ({ci} {fmt.points(low, lang)} {to} "
            f"{fmt.points(high, lang)})")


def _pct_ci(est: float, low: float, high: float, lang: str) -> str:
    if pd.isna(est):
        return _t(lang, "tidak ada data", "no data")
    ci, to = _ci_words(lang)
    return f"{fmt.percent(est, lang)} ({ci} {fmt.percent(low, lang)} {to} {fmt.percent(high, lang)})"


def _money_ci(est: float, low: float, high: float, lang: str) -> str:
    if pd.isna(est):
        return _t(lang, "tidak ada data", "no data")
    if pd.isna(low) or pd.isna(high):
        return fmt.money(est, lang)
    ci, to = _ci_words(lang)
    return f"{fmt.money(est, lang)} ({ci} {fmt.money(low, lang)} {to} {fmt.money(high, lang)})"


def window_label(period: str | pd.Period, window: int, lang: str) -> str:
    """``Triwulan IV 2025 s.d. Triwulan III 2026`` / ``Q4 2025 to Q3 2026`` for a window of quarters."""
    period = format_period(period)
    first = shift_period(period, -(window - 1))
    return _t(lang, f"{fmt.period_label(first, lang)} s.d. {fmt.period_label(period, lang)}",
              f"{fmt.period_label(first, lang)} to {fmt.period_label(period, lang)}")


def scope_statement(scope: str, period: str | pd.Period, window: int, lang: str) -> str:
    """The opening paragraph: what is covered, the window and the wording rules."""
    w = window_label(period, window, lang)
    return _t(
        lang,
        f"**Cakupan:** {scope}; kegiatan yang berakhir {w} (empat triwulan, agar setiap program punya cukup peserta). "
        f"Rentang (IK 95%) menunjukkan ketidakpastian; kelompok dengan kurang dari {MIN_N} peserta ditandai *data belum cukup*. "
        "Selisih disebut selisih hanya bila rentangnya tidak mencakup nol.",
        f"**Scope:** {scope}; activities ending {w} (four quarters, so each programme has enough participants). "
        f"Ranges (95% CI) show the uncertainty; groups of fewer than {MIN_N} participants are marked *not enough data*. "
        "A difference is called a difference only when its range excludes zero.",
    )


def satisfaction_sentences(overall: pd.DataFrame, comparison: pd.DataFrame, lang: str = "id") -> str:
    """Overall satisfaction and the formats that clearly differ from classroom training.

    Parameters
    ----------
    overall
        :func:`satisfaction` with ``by=None`` (one row).
    comparison
        :func:`compare` of ``satisfaction`` by ``modality``: a format is named only
        when it has enough data and its CI excludes zero.
    """
    s = overall.iloc[0]
    n = fmt.number(s["n"], lang, 0)
    mean = _num_ci(s["mean"], s["ci_low"], s["ci_high"], lang, 2)
    share = _pct_ci(s["share_satisfied"], s["share_satisfied_ci_low"], s["share_satisfied_ci_high"], lang)
    text = _t(lang, f"Rata-rata kepuasan peserta **{mean}** dari 5 (n = {n}); {share} memberi nilai 4 atau lebih.",
              f"Mean participant satisfaction **{mean}** out of 5 (n = {n}); {share} gave 4 or more.")
    clear = comparison.loc[comparison["enough_data"] & ((comparison["ci_low"] > 0) | (comparison["ci_high"] < 0))]
    if s["n"] < MIN_N:
        text += _t(lang, " Data belum cukup untuk membandingkan bentuk pelatihan.", " Not enough data to compare formats.")
    elif len(clear):
        items = "; ".join(f"{_label(r['group'], lang)} {fmt.points(r['estimate'], lang, 2)}" for _, r in clear.iterrows())
        text += _t(lang, f" Dibanding klasikal, kepuasan jelas berbeda untuk: {items} poin (uji Welch, IK 95% tidak mencakup nol).",
                   f" Compared with classroom training, satisfaction clearly differs for: {items} points (Welch, 95% CI excludes zero).")
    else:
        text += _t(lang, " Tidak ada bentuk pelatihan yang kepuasannya jelas berbeda dari klasikal.",
                   " No format differs clearly from classroom training in satisfaction.")
    return text


def learning_sentences(overall: pd.DataFrame, lang: str = "id") -> str:
    """Overall pre/post learning gain, share improved and normalised gain (:func:`learning_change`, ``by=None``)."""
    r = overall.iloc[0]
    n = fmt.number(int(r["n"]), lang, 0)
    gain = _pts_ci(r["estimate"], r["ci_low"], r["ci_high"], lang)
    share = _pct_ci(r["share_improved"], r["share_improved_ci_low"], r["share_improved_ci_high"], lang)
    norm = fmt.number(r["normalised_gain"], lang, 2)
    text = _t(
        lang,
        f"Peserta yang menyelesaikan pelatihan dengan nilai pre- dan post-test (n = {n}) naik rata-rata **{gain}**; "
        f"{share} membaik, dan rata-rata *normalised gain* {norm} (porsi ruang perbaikan yang tercapai).",
        f"Participants who completed with pre- and post-test scores (n = {n}) gained on average **{gain}**; "
        f"{share} improved, and the mean normalised gain was {norm} (share of the room for improvement achieved).",
    )
    if r["n"] < MIN_N:
        text += _t(lang, " Data belum cukup untuk membandingkan bentuk dan penyelenggara.",
                   " Not enough data to compare formats and providers.")
    return text


def adjusted_sentences(adjusted: pd.DataFrame, lang: str = "id") -> str:
    """Formats and providers whose ANCOVA-adjusted gain is clearly higher / lower than the reference.

    A level is called higher (lower) only when its CI lies above (below) zero and it
    has at least ``MIN_N`` participants; all others are listed as not clearly
    different (or not enough data). Empty ``adjusted``: ``""``.
    """
    if not len(adjusted):
        return ""
    lines = [_t(lang, "**Setelah disesuaikan** untuk nilai awal dan karakteristik pegawai (ANCOVA):",
                "**After adjusting** for the pre-score and employee characteristics (ANCOVA):")]
    for factor, ref_word in (("modality", _t(lang, "klasikal", "classroom")),
                             ("provider_type", _t(lang, "internal", "in-house"))):
        block = adjusted.loc[adjusted["factor"].eq(factor)]
        higher = block.loc[(block["ci_low"] > 0) & (block["n_level"] >= MIN_N)].sort_values("estimate", ascending=False)
        lower = block.loc[(block["ci_high"] < 0) & (block["n_level"] >= MIN_N)].sort_values("estimate")
        unclear = block.loc[~block.index.isin(higher.index) & ~block.index.isin(lower.index)]
        what = _t(lang, "bentuk", "formats") if factor == "modality" else _t(lang, "penyelenggara", "providers")

        def items(frame: pd.DataFrame) -> str:
            return "; ".join(f"{_label(r['level'], lang)} {_pts_ci(r['estimate'], r['ci_low'], r['ci_high'], lang)}"
                             for _, r in frame.iterrows()) + "."

        if len(higher):
            lines.append(_t(lang, f"- {what.capitalize()} dengan peningkatan **lebih tinggi** dari {ref_word}: ",
                            f"- {what.capitalize()} with **higher** gains than {ref_word}: ") + items(higher))
        if len(lower):
            lines.append(_t(lang, f"- {what.capitalize()} dengan peningkatan **lebih rendah** dari {ref_word}: ",
                            f"- {what.capitalize()} with **lower** gains than {ref_word}: ") + items(lower))
        if len(unclear):
            lines.append(_t(lang, f"- Belum jelas berbeda dari {ref_word} (atau data belum cukup): ",
                            f"- Not clearly different from {ref_word} (or not enough data): ")
                         + ", ".join(_label(v, lang) for v in unclear["level"]) + ".")
    lines.append(_t(lang, "\nIni perbandingan setelah penyesuaian, bukan bukti sebab-akibat: peserta tidak ditempatkan secara acak.",
                    "\nThese are adjusted comparisons, not proof of cause: participants were not assigned at random."))
    return "\n".join(lines)


def funnel_sentences(raw: pd.DataFrame, adjusted: pd.DataFrame, lang: str = "id") -> str:
    """How many programmes lie outside the 99.8% funnel limits, raw and adjusted, and which.

    Under three scored programmes: the "not enough data" sentence.
    """
    if len(raw) < 3:
        return _t(lang, "Data belum cukup untuk plot corong (kurang dari tiga program dengan nilai).",
                  "Not enough data for a funnel plot (fewer than three scored programmes).")
    n_out = int(raw["signal"].isin(["above_998", "below_998"]).sum())
    mean = fmt.number(raw["target"].iloc[0], lang)
    text = _t(lang, f"{len(raw)} program dengan nilai pre/post; rata-rata keseluruhan {mean} poin. "
                    f"Dengan nilai mentah, {n_out} program di luar batas 99,8%",
              f"{len(raw)} programmes with pre/post scores; overall mean {mean} points. "
              f"On raw gains, {n_out} programmes lie outside the 99.8% limits")
    if len(adjusted) < 3:
        return text + "."
    above = adjusted.loc[adjusted["signal"].eq("above_998")].sort_values("mean_gain", ascending=False)
    below = adjusted.loc[adjusted["signal"].eq("below_998")].sort_values("mean_gain")
    text += _t(lang, f"; setelah memperhitungkan bentuk, penyelenggara dan nilai awal, tinggal {len(above) + len(below)}.",
               f"; after accounting for format, provider and pre-score, {len(above) + len(below)} remain.")
    for frame, word in ((above, _t(lang, "Lebih baik dari program sejenis", "Better than programmes of their kind")),
                        (below, _t(lang, "Lebih buruk dari program sejenis", "Worse than programmes of their kind"))):
        if len(frame):
            items = "; ".join(f"{r['title']} ({_label(r['modality'], lang)}, {_label(r['provider_type'], lang)}, n = {r['n']})"
                              for _, r in frame.head(5).iterrows())
            text += f" {word}: {items}" + (_t(lang, " dan lainnya.", " and others.") if len(frame) > 5 else ".")
    if len(above) + len(below) == 0:
        text += _t(lang, " Perbedaan antarprogram dijelaskan oleh bentuk dan penyelenggaranya.",
                   " The differences between programmes are explained by their format and provider.")
    return text


def behaviour_sentences(overall: pd.DataFrame, versus_gain: pd.DataFrame, lang: str = "id") -> str:
    """Supervisors' level-3 rating and its link with the learning gain.

    Parameters
    ----------
    overall
        :func:`behaviour` with ``by=None`` (one row); under ``MIN_N``: "not enough data".
    versus_gain
        :func:`behaviour_vs_gain` (one row): the link is called positive/negative
        only when the slope's CI excludes zero.
    """
    b, v = overall.iloc[0], versus_gain.iloc[0]
    if b["n"] < MIN_N:
        return _t(lang, "Penilaian atasan (level 3): data belum cukup.", "Supervisors' ratings (level 3): not enough data.")
    mean, n = _num_ci(b["mean"], b["ci_low"], b["ci_high"], lang, 2), fmt.number(b["n"], lang, 0)
    text = _t(lang, f"Atasan menilai penerapan hasil pelatihan rata-rata **{mean}** dari 5 (n = {n}), tiga bulan setelah pelatihan.",
              f"Supervisors rated on-the-job use at **{mean}** out of 5 on average (n = {n}), three months after the programme.")
    if v["n"] >= MIN_N and not pd.isna(v["slope_per_10"]):
        linked = v["slope_ci_low"] > 0 or v["slope_ci_high"] < 0
        if v["slope_ci_low"] > 0:
            how = _t(lang, "juga dinilai lebih baik oleh atasan", "were also rated higher by their supervisors")
        elif linked:
            how = _t(lang, "justru dinilai lebih rendah", "were rated lower")
        else:
            how = _t(lang, "tidak jelas dinilai berbeda", "were not clearly rated differently")
        ci, to = _ci_words(lang)
        corr = _num_ci(v["correlation"], v["correlation_ci_low"], v["correlation_ci_high"], lang, 2)
        slope = (f"{fmt.points(v['slope_per_10'], lang, 2)}", f"({ci} {fmt.points(v['slope_ci_low'], lang, 2)} {to} "
                 f"{fmt.points(v['slope_ci_high'], lang, 2)})")
        text += _t(
            lang,
            f" Peserta yang nilainya naik lebih banyak {how}: korelasi {corr}; setiap 10 poin peningkatan berkaitan dengan "
            f"{slope[0]} poin penilaian atasan {slope[1]}, dengan nilai awal dipertahankan sama. Ini asosiasi, bukan bukti sebab-akibat.",
            f" Participants who gained more {how}: correlation {corr}; each 10 points of gain goes with "
            f"{slope[0]} rating points {slope[1]}, holding the pre-score fixed. An association, not proof of cause.",
        )
    return text


def relevance_sentences(overall: pd.DataFrame, by_unit: pd.DataFrame, lang: str = "id") -> str:
    """Shares of JP by sector aim, the share aimed at a competency gap, and units clearly below it.

    Parameters
    ----------
    overall
        :func:`relevance` with ``by=None`` (one row).
    by_unit
        :func:`relevance_by_unit`: a unit is named as clearly below only with at
        least ``MIN_N`` assessed enrollments and its CI's upper end under the overall share.
    """
    r = overall.iloc[0]
    jp = fmt.number(r["jp_total"], lang, 0)
    own, gen, oth = (fmt.percent(r[c], lang) for c in ("share_jp_target_sector", "share_jp_general", "share_jp_other_sector"))
    text = _t(lang, f"Dari {jp} JP yang diakui, **{own}** berasal dari program yang menyasar sektor pegawai, {gen} dari program "
                    f"umum (tanpa sektor sasaran), dan {oth} dari program untuk sektor lain. ",
              f"Of {jp} credited JP, **{own}** came from programmes aimed at the employee's sector, {gen} from general "
              f"programmes (no target sector) and {oth} from programmes for another sector. ")
    if r["enrollments_assessed"] >= MIN_N:
        assessed = fmt.percent(r["share_jp_assessed"], lang)
        gap = _pct_ci(r["share_jp_to_gap"], r["share_jp_to_gap_ci_low"], r["share_jp_to_gap_ci_high"], lang)
        text += _t(lang, f"Untuk JP yang pegawainya sudah diasesmen pada jenis kompetensi itu ({assessed} dari JP), "
                         f"**{gap}** diarahkan ke kompetensi yang masih di bawah standar jabatan.",
                   f"Of the JP whose employee had been assessed in that domain ({assessed} of JP), "
                   f"**{gap}** went to a competency still below the job's standard.")
    else:
        text += _t(lang, "Pelatihan sesuai kesenjangan: data asesmen belum cukup.", "Training to the gap: not enough assessment data.")
    big = by_unit.loc[by_unit["enrollments_assessed"] >= MIN_N]
    low_gap = big.loc[big["share_jp_to_gap_ci_high"] < r["share_jp_to_gap"]].sort_values("share_jp_to_gap")
    if len(low_gap):
        text += _t(lang, " Jelas lebih rendah dari keseluruhan: ", " Clearly below the overall share: ") + ", ".join(
            f"{u['name']} ({fmt.percent(u['share_jp_to_gap'], lang)})" for _, u in low_gap.head(5).iterrows()) + "."
    return text


def partnership_sentences(part: pd.DataFrame, lang: str = "id") -> str:
    """Which provider type gave most learning per rupiah (clearly best only when its CI is above
    every other type's), one line per type with enough data, and the types without enough data."""
    if not len(part):
        return ""
    ok = part.loc[part["enough_data"]]
    lines = []
    if len(ok):
        best = ok.sort_values("gain_per_million_idr", ascending=False).iloc[0]
        rivals = ok.loc[ok.index != best.name]
        clearly_best = len(rivals) and (best["gain_per_million_idr_ci_low"] > rivals["gain_per_million_idr_ci_high"]).all()
        value = _num_ci(best["gain_per_million_idr"], best["gain_per_million_idr_ci_low"],
                        best["gain_per_million_idr_ci_high"], lang)
        who = _label(best["provider_type"], lang)
        lines.append(_t(
            lang,
            f"Per rupiah, **{who}** memberi peningkatan nilai terbanyak: {value} poin per Rp 1 juta"
            + (" — jelas di atas semua jenis lain." if clearly_best else " — namun rentangnya tumpang tindih dengan jenis lain."),
            f"Per rupiah, **{who}** gave the most learning: {value} points per IDR 1 million"
            + (" — clearly above every other type." if clearly_best else " — but its range overlaps others."),
        ))
        for _, r in ok.sort_values("mean_gain", ascending=False).iterrows():
            name = _label(r["provider_type"], lang).capitalize()
            done, sat = fmt.percent(r["completion_rate"], lang), fmt.number(r["satisfaction"], lang, 2)
            gain, per_jp, cost = (fmt.number(r["mean_gain"], lang), fmt.number(r["gain_per_jp"], lang, 2),
                                  fmt.money(r["cost_per_jp"], lang))
            lines.append(_t(lang, f"- {name}: selesai {done}, kepuasan {sat}, peningkatan {gain} poin ({per_jp} per JP), "
                                  f"biaya {cost} per JP.",
                            f"- {name}: completion {done}, satisfaction {sat}, gain {gain} points ({per_jp} per JP), "
                            f"cost {cost} per JP."))
    small = part.loc[~part["enough_data"], "provider_type"]
    if len(small):
        lines.append(_t(lang, "Data belum cukup: ", "Not enough data: ") + ", ".join(_label(v, lang) for v in small) + ".")
    return "\n".join(lines) if lines else _t(lang, "Data belum cukup untuk kemitraan.", "Not enough data on partnerships.")


def partner_programme_sentences(pp: pd.DataFrame, sector: str, lang: str = "id") -> str:
    """The named university programmes for ``sector`` and their gain against in-house ones.

    Parameters
    ----------
    pp
        :func:`partner_programmes`. The difference is called higher/lower only
        when its CI excludes zero, else "not clearly different".
    """
    word = _label(sector, lang)
    none = _t(lang, f"Tidak ada program perguruan tinggi untuk sektor {word} dengan minimal 5 pendaftaran pada periode ini.",
              f"No university programme for the {word} sector with at least 5 enrollments in this window.")
    if not len(pp):
        return none
    named = pp.loc[pp["group"].eq("partner") & pp["program_id"].ne("ALL") & pp["enrollments"].ge(5)]
    if not len(named):
        return none
    summary = pp.loc[pp["group"].eq("partner") & pp["program_id"].eq("ALL")]
    named = named.assign(_mbs=named["title"].str.contains("berbasis sekolah|school-based", case=False, regex=True))
    named = named.sort_values(["_mbs", "enrollments"], ascending=False)
    lines = []
    for _, r in named.iterrows():
        who = r["provider"] if pd.notna(r["provider"]) and r["provider"] else _label(r["provider_type"], lang)
        if r["n_gain"] > 0:
            value = _num_ci(r["mean_gain"], r["mean_gain_ci_low"], r["mean_gain_ci_high"], lang)
            gain = _t(lang, f"peningkatan {value} poin (n = {r['n_gain']})", f"gain {value} points (n = {r['n_gain']})")
        else:
            gain = _t(lang, "tanpa nilai pre/post", "no pre/post scores")
        head = (f"- **{r['title']}** ({who}, {_label(r['modality'], lang)}, {fmt.number(r['jp'], lang, 0)} JP): "
                f"{fmt.number(r['enrollments'], lang, 0)} ")
        done, cost = fmt.percent(r["completion_rate"], lang), fmt.money(r["cost_per_jp"], lang)
        lines.append(head + _t(
            lang,
            f"pendaftaran, selesai {done}, {gain}, {cost} per JP"
            + (" — program manajemen berbasis sekolah Dinas Pendidikan." if r["_mbs"] else "."),
            f"enrollments, completion {done}, {gain}, {cost} per JP"
            + (" — the education office's school-based management programme." if r["_mbs"] else "."),
        ))
    if len(summary) and not pd.isna(summary["difference"].iloc[0]):
        s = summary.iloc[0]
        clear = s["difference_ci_low"] > 0 or s["difference_ci_high"] < 0
        if clear:
            verdict = _t(lang, "lebih tinggi", "higher") if s["difference"] > 0 else _t(lang, "lebih rendah", "lower")
        else:
            verdict = _t(lang, "tidak jelas berbeda", "not clearly different")
        diff = _pts_ci(s["difference"], s["difference_ci_low"], s["difference_ci_high"], lang)
        lines.append(_t(lang, f"Dibanding program internal untuk sektor {word}, peningkatan nilai program perguruan tinggi "
                              f"**{verdict}**: selisih {diff} (belum disesuaikan).",
                        f"Compared with in-house programmes for {word}, the university programmes' gain is **{verdict}**: "
                        f"difference {diff} (unadjusted)."))
    head = _t(lang, f"**Program kemitraan perguruan tinggi untuk sektor {word}**"
                    + (" (mis. manajemen berbasis sekolah):" if sector == "education" else ":"),
              f"**University partnership programmes for the {word} sector**"
              + (" (e.g. school-based management):" if sector == "education" else ":"))
    return head + "\n" + "\n".join(lines)


def cost_sentences(overall: pd.DataFrame, by_modality: pd.DataFrame, lang: str = "id") -> str:
    """Cost per JP and per point of gain overall, the cheapest and dearest format per point,
    and the formats without pre/post scores.

    The cheapest/dearest gap is called clear only when the two CIs do not overlap.
    Empty ``overall``: the "not enough data" sentence.
    """
    if not len(overall):
        return _t(lang, "Data belum cukup untuk efektivitas biaya.", "Not enough data for cost-effectiveness.")
    c = overall.iloc[0]
    per_jp = _money_ci(c["cost_per_jp"], c["cost_per_jp_ci_low"], c["cost_per_jp_ci_high"], lang)
    per_pt = _money_ci(c["cost_per_gain_point"], c["cost_per_gain_point_ci_low"], c["cost_per_gain_point_ci_high"], lang)
    text = _t(lang, f"Secara keseluruhan satu JP berbiaya **{per_jp}**, dan satu poin peningkatan nilai **{per_pt}** per peserta.",
              f"Overall one JP cost **{per_jp}**, and one point of learning gain **{per_pt}** per participant.")
    ok = by_modality.loc[by_modality["enough_data"] & by_modality["cost_per_gain_point"].notna()].sort_values("cost_per_gain_point")
    if len(ok) >= 2:
        cheap, dear = ok.iloc[0], ok.iloc[-1]
        clear = cheap["cost_per_gain_point_ci_high"] < dear["cost_per_gain_point_ci_low"]
        a, b = _label(cheap["modality"], lang), _label(dear["modality"], lang)
        ma, mb = fmt.money(cheap["cost_per_gain_point"], lang), fmt.money(dear["cost_per_gain_point"], lang)
        text += _t(lang, f" Per poin peningkatan, {a} paling murah ({ma}) dan {b} paling mahal ({mb})"
                         + (" — selisihnya jelas (rentang tidak tumpang tindih)." if clear else " — namun rentangnya tumpang tindih."),
                   f" Per point of gain, {a} was cheapest ({ma}) and {b} dearest ({mb})"
                   + (" — a clear difference (the ranges do not overlap)." if clear else " — but the ranges overlap."))
    no_scores = by_modality.loc[by_modality["n_gain"].eq(0), "modality"]
    if len(no_scores):
        text += _t(lang, " Tanpa nilai pre/post (biaya per poin tidak dapat dihitung): ",
                   " No pre/post scores (no cost per point): ") + ", ".join(_label(v, lang) for v in no_scores) + "."
    return text


def trend_metric_names(lang: str = "id") -> dict[str, str]:
    """The trend metrics shown to readers, in order, with their names in ``lang``."""
    return {
        "mean_gain": _t(lang, "Peningkatan nilai (poin)", "Learning gain (points)"),
        "share_improved": _t(lang, "Porsi yang membaik", "Share improved"),
        "satisfaction": _t(lang, "Kepuasan (1–5)", "Satisfaction (1-5)"),
        "behaviour": _t(lang, "Penerapan menurut atasan (1–5)", "On-the-job use (1-5)"),
    }


def trend_sentences(yoy: pd.DataFrame, period: str | pd.Period, lang: str = "id") -> str:
    """Each metric against the same quarter a year earlier (:func:`analysis.coverage.year_on_year`).

    The paragraph of :func:`analysis.coverage.year_on_year_statement` with the
    outcome metrics' names: "up"/"down" only when the change's CI excludes zero
    (``clear``); under ``MIN_N`` in either quarter: "not enough data".
    """
    return year_on_year_paragraph(
        yoy, format_period(period), lang, trend_metric_names(lang), MIN_N,
        shares={"share_improved"}, decimals=2,
    )
