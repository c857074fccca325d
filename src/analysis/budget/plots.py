"""Charts of the budget results (:mod:`analysis.budget`), in Bahasa Indonesia or English.

Each ``plot_*`` function takes the result frames of :mod:`analysis.budget`
and returns a matplotlib Figure drawn with :mod:`analysis.charts.theme` colours; it
saves and shows nothing (the caller records it with
:meth:`analysis.data.results.ResultsRecorder.figure`). Long lists of agencies are
cut to :data:`MAX_ROWS` bars, keeping a highlighted agency.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from analysis.budget import MIN_ENROLLMENTS, FormatMix, format_name, label
from analysis.text import fmt

#: At most this many agencies per bar chart (the highest ones).
MAX_ROWS = 30


def _t(lang: str, id_text: str, en_text: str) -> str:
    return id_text if fmt.check_lang(lang) == "id" else en_text


def short_name(name: object, width: int = 44) -> str:
    """A name cut to ``width`` characters with an ellipsis, for axis labels."""
    name = str(name)
    return name if len(name) <= width else name[: width - 1] + "…"


def _agency_label(names: Mapping[str, str] | pd.Series, agency_id: str) -> str:
    return short_name(names.get(agency_id, agency_id))


def _with_highlight(ordered: pd.DataFrame, agency: str) -> pd.DataFrame:
    shown = ordered.head(MAX_ROWS)
    if agency != "all" and agency not in set(shown["agency_id"]):
        shown = pd.concat([shown, ordered.loc[ordered["agency_id"] == agency]])
    return shown


def plot_absorption(
    spend: pd.DataFrame, period: str, names: Mapping[str, str] | pd.Series, lang: str = "id", agency: str = "all"
):
    """Year-to-date absorption by agency (agencies with an allocation), with the 100% line and the even pace.

    Bars over 100% are red; ``agency`` (when not ``"all"``) is highlighted and
    always shown. ``spend`` is :func:`analysis.budget.spending` by agency.
    """
    import matplotlib.pyplot as plt

    from analysis.charts.theme import GREY, PALETTE, PRIMARY, TRAFFIC_LIGHTS

    pace = int(period[-1]) / 4
    with_alloc = spend.loc[~spend["no_allocation"]]
    absorb = with_alloc.assign(name=lambda d: d["agency_id"].map(lambda a: _agency_label(names, a)))
    absorb = absorb.sort_values("absorption", ascending=False)
    shown = _with_highlight(absorb, agency)
    colours = np.where(shown["absorption"] > 1, TRAFFIC_LIGHTS["red"], PRIMARY)
    colours = np.where(shown["agency_id"] == agency, PALETTE[1], colours)
    fig, ax = plt.subplots(figsize=(7.5, 1.2 + 0.24 * len(shown)))
    ax.barh(shown["name"], 100 * shown["absorption"], color=colours)
    ax.axvline(100, color=TRAFFIC_LIGHTS["red"], lw=1.2, ls="-", label=_t(lang, "100% pagu", "100% of allocation"))
    pace_text = fmt.percent(pace, lang, 0)  # type: ignore[arg-type]
    ax.axvline(100 * pace, color=GREY, lw=1, ls="--",
               label=_t(lang, f"laju merata ({pace_text})", f"even pace ({pace_text})"))
    ax.legend(loc="lower right", framealpha=0.9, frameon=True)
    ax.invert_yaxis()
    ax.set_xlabel(_t(lang, "Serapan pagu s.d. triwulan ini (%)", "Allocation absorbed year-to-date (%)"))
    ax.set_ylabel("")
    plabel = fmt.period_label(period, lang)  # type: ignore[arg-type]
    title = _t(lang, f"Serapan anggaran per OPD, {plabel}", f"Budget absorption by agency, {plabel}")
    if len(absorb) > MAX_ROWS:
        title += _t(lang, f" ({MAX_ROWS} tertinggi)", f" (top {MAX_ROWS})")
    ax.set_title(title)
    return fig


def plot_funding_gap(
    gap: pd.DataFrame, year: int, names: Mapping[str, str] | pd.Series, lang: str = "id", agency: str = "all"
):
    """Funding needed for 20 JP per active ASN by agency (with 95% CI), and the part the remaining allocation leaves.

    Per ASN so that small and large agencies compare (the totals are in the
    table); agencies with no gap or no active staff are left out; sorted by
    shortfall, then gap. ``gap`` is :func:`analysis.budget.funding_gap` by agency.
    """
    import matplotlib.pyplot as plt

    from analysis.charts.theme import GREY, PALETTE, TRAFFIC_LIGHTS

    g = gap.loc[(gap["gap_idr"] > 0) & (gap["active_staff"] > 0)].assign(
        name=lambda d: d["agency_id"].map(lambda a: _agency_label(names, a)),
        gap_ps=lambda d: d["gap_idr"] / d["active_staff"] / 1e3,
        lo_ps=lambda d: d["gap_ci_low"] / d["active_staff"] / 1e3,
        hi_ps=lambda d: d["gap_ci_high"] / d["active_staff"] / 1e3,
        short_ps=lambda d: d["shortfall_idr"] / d["active_staff"] / 1e3,
    )
    g = g.sort_values(["short_ps", "gap_ps"], ascending=False)
    shown = _with_highlight(g, agency)
    fig, ax = plt.subplots(figsize=(7.5, 1.2 + 0.24 * max(len(shown), 1)))
    ax.barh(shown["name"], shown["gap_ps"], color=PALETTE[4],
            label=_t(lang, "Kebutuhan dana 20 JP", "Funding needed for 20 JP"))
    ax.barh(shown["name"], shown["short_ps"], color=TRAFFIC_LIGHTS["red"],
            label=_t(lang, "Tidak tertutup sisa pagu", "Not covered by the remaining allocation"))
    ax.errorbar(shown["gap_ps"], shown["name"],
                xerr=[shown["gap_ps"] - shown["lo_ps"], shown["hi_ps"] - shown["gap_ps"]],
                fmt="none", ecolor=GREY, elinewidth=1, capsize=2)
    ax.invert_yaxis()
    ax.set_xlabel(_t(lang, "Rp ribu per ASN aktif (IK 95%)", "IDR thousand per active ASN (95% CI)"))
    ax.set_ylabel("")
    ax.legend(loc="lower right", framealpha=0.9, frameon=True)
    title = _t(lang, f"Kebutuhan dana 20 JP per ASN, {year}", f"Funding needed for 20 JP per ASN, {year}")
    if len(g) > MAX_ROWS:
        title += _t(lang, f" ({MAX_ROWS} kekurangan terbesar)", f" (top {MAX_ROWS} shortfalls)")
    ax.set_title(title)
    return fig


def plot_cost_per_jp(
    cost_modality: pd.DataFrame, cost_provider: pd.DataFrame, city_cost_per_jp: float, lang: str = "id"
):
    """Cost per JP by format and by provider type with 95% CIs, the city's value dashed.

    Two panels; groups with too little data (``enough_data`` False, under
    :data:`analysis.budget.MIN_ENROLLMENTS` completed enrollments) are grey and starred.
    """
    import matplotlib.pyplot as plt

    from analysis.charts.theme import GREY, PALETTE, PRIMARY

    fig, axes = plt.subplots(1, 2, figsize=(9.5, 4.2), sharex=True)
    for ax, table, col, heading in (
        (axes[0], cost_modality, "modality", _t(lang, "Bentuk", "Format")),
        (axes[1], cost_provider, "provider_type", _t(lang, "Penyelenggara", "Provider")),
    ):
        d = table.loc[table["cost_per_jp"].notna()].sort_values("cost_per_jp")
        labels = [label(c, lang) + ("" if e else " *") for c, e in zip(d[col], d["enough_data"], strict=True)]
        colours = [PRIMARY if e else GREY for e in d["enough_data"]]
        y = np.arange(len(d))
        ax.errorbar(d["cost_per_jp"] / 1e3, y,
                    xerr=[(d["cost_per_jp"] - d["ci_low"]) / 1e3, (d["ci_high"] - d["cost_per_jp"]) / 1e3],
                    fmt="none", ecolor=GREY, elinewidth=1.2, capsize=3)
        ax.scatter(d["cost_per_jp"] / 1e3, y, c=colours, s=40, zorder=3)
        ax.axvline(city_cost_per_jp / 1e3, color=PALETTE[1], ls="--", lw=1)
        ax.set_yticks(y, labels)
        ax.set_xlim(left=0)
        ax.set_title(heading)
        ax.set_xlabel(_t(lang, "Rp ribu per JP", "IDR thousand per JP"))
    fig.suptitle(_t(lang, "Biaya per JP, empat triwulan terakhir (IK 95%; garis putus: kota)",
                    "Cost per JP, last four quarters (95% CI; dashed: city)"), fontweight="semibold")
    fig.text(0.01, -0.02, _t(lang, f"* data belum cukup (< {MIN_ENROLLMENTS} keikutsertaan selesai)",
                             f"* not enough data (< {MIN_ENROLLMENTS} completed enrollments)"),
             fontsize=9, color=GREY)
    fig.tight_layout()
    return fig


def plot_format_mix(mix: FormatMix, by: Sequence[str], lang: str = "id"):
    """Training places per format, current vs optimal mix for the same budget, with the ASN reached in the corner.

    ``by`` names the format columns of ``mix.plan`` (the policy's ``by``).
    """
    import matplotlib.pyplot as plt
    import seaborn as sns

    from analysis.charts.theme import GREY, PRIMARY

    p = mix.plan.assign(fmt_name=lambda d: d.apply(lambda row: format_name(row, by, lang), axis=1))
    long = pd.concat([
        pd.DataFrame({"fmt_name": p["fmt_name"], "places": p["current_places"], "mix": _t(lang, "Saat ini", "Current")}),
        pd.DataFrame({"fmt_name": p["fmt_name"], "places": p["optimal_places"], "mix": _t(lang, "Optimal", "Optimal")}),
    ])
    summary = mix.summary.set_index("mix")
    num = lambda x: fmt.number(x, lang, 0)  # type: ignore[arg-type]  # noqa: E731
    money = lambda x: fmt.money(x, lang)  # type: ignore[arg-type]  # noqa: E731
    fig, ax = plt.subplots(figsize=(7.5, 1.5 + 0.45 * len(p)))
    sns.barplot(data=long, y="fmt_name", x="places", hue="mix", palette=[GREY, PRIMARY], ax=ax)
    ax.set_xlabel(_t(lang, "Kursi pelatihan yang dibeli", "Training places bought"))
    ax.set_ylabel("")
    ax.set_title(_t(lang, "Campuran bentuk pelatihan: saat ini vs optimal", "Training format mix: current vs optimal"))
    ax.legend(title="", loc="lower right")
    cur, opt = summary.loc["current"], summary.loc["optimal"]
    ax.text(0.99, 1.0, _t(lang,
                          f"ASN setara 20 JP: {num(cur['people'])} dengan {money(cur['spend_idr'])} (saat ini); "
                          f"{num(opt['people'])} dengan {money(opt['spend_idr'])} (optimal)",
                          f"ASN-equivalents at 20 JP: {num(cur['people'])} for {money(cur['spend_idr'])} (current); "
                          f"{num(opt['people'])} for {money(opt['spend_idr'])} (optimal)"),
            transform=ax.transAxes, ha="right", va="bottom", fontsize=9, color=GREY)
    ax.set_title(ax.get_title(), pad=18)
    return fig


def plot_trend(trend: pd.DataFrame, lang: str = "id"):
    """The last quarters: city absorption year-to-date (bars, alternating colour by year) and cost per JP (95% CI band).

    ``trend`` is the city-level :func:`analysis.budget.budget_trend`.
    """
    import matplotlib.pyplot as plt

    from analysis.charts.theme import PALETTE, PRIMARY, TRAFFIC_LIGHTS

    tr = trend.assign(label=lambda d: d["period"].map(
        lambda q: _t(lang, f"TW {['I', 'II', 'III', 'IV'][int(q[-1]) - 1]} {q[:4]}", f"Q{q[-1]} {q[:4]}")))
    fig, axes = plt.subplots(1, 2, figsize=(10, 4))
    ax = axes[0]
    ax.bar(tr["label"], 100 * tr["absorption"], color=[PALETTE[i % 2 * 4] for i in tr["year"]])
    ax.axhline(100, color=TRAFFIC_LIGHTS["red"], lw=1)
    ax.set_ylabel(_t(lang, "Serapan s.d. triwulan (%)", "Absorption year-to-date (%)"))
    ax.set_title(_t(lang, "Serapan pagu kota", "City budget absorption"))
    ax.tick_params(axis="x", rotation=45)
    ax = axes[1]
    ax.fill_between(tr["label"], tr["ci_low"] / 1e3, tr["ci_high"] / 1e3, color=PALETTE[4], alpha=0.35, lw=0)
    ax.plot(tr["label"], tr["cost_per_jp"] / 1e3, color=PRIMARY, marker="o")
    ax.set_ylabel(_t(lang, "Rp ribu per JP", "IDR thousand per JP"))
    ax.set_title(_t(lang, "Biaya per JP per triwulan (IK 95%)", "Cost per JP by quarter (95% CI)"))
    ax.tick_params(axis="x", rotation=45)
    fig.tight_layout()
    return fig
