"""The brief's charts: ``plot_*(frame, lang) -> Figure``, one per section, in the theme's colours.

Each takes the section's frame (:mod:`analysis.brief.frames`); labels come from
:mod:`analysis.brief.messages`. Groups below :data:`analysis.stats.verdict.MIN_N`
are drawn grey. matplotlib is imported when a chart is drawn.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from analysis.brief import messages as msg
from analysis.brief.frames import budget_values, money_scale
from analysis.charts.theme import GREY, PALETTE, PRIMARY, TRAFFIC_LIGHTS
from analysis.stats.verdict import MIN_N
from analysis.text import fmt
from analysis.text.lang import Lang, check_lang, pick, t
from analysis.text.words import VERDICT_WORDS

if TYPE_CHECKING:
    from matplotlib.figure import Figure

#: Figure size in inches: the A4 text width and a default height.
FIG: tuple[float, float] = (6.8, 3.1)
#: The coverage metrics of the trend section.
TREND_METRICS: tuple[str, ...] = ("share_on_track", "participation_rate", "completion_rate")
#: Dots of groups with too little data.
LIGHT_GREY = "#BBBBBB"


def quarter_tick(period: str, lang: Lang = "id") -> str:
    """A short axis label for a quarter: ``III/26`` (id) or ``Q3/26`` (en)."""
    return t(lang, f"{['I', 'II', 'III', 'IV'][int(period[-1]) - 1]}/{period[2:4]}", f"Q{period[-1]}/{period[2:4]}")


def drawable(values: pd.Series) -> bool:
    """A chart is drawn only when what it plots holds at least one finite number.

    With every value hidden (fewer than 5 people, ``docs/disclosure.md``) or missing there
    is nothing to draw; the section's sentences then say "data belum cukup" on their own.
    Used by the brief's HTML sections and by its slide content alike.
    """
    return bool(np.isfinite(pd.to_numeric(values, errors="coerce").to_numpy(dtype=float)).any())


def plot_gains(gains: pd.DataFrame, lang: Lang = "id") -> Figure:
    """Learning gain by format with 95% CIs (frame from :func:`analysis.brief.frames.gains_by_format`);
    grey dots when n < MIN_N."""
    import matplotlib.pyplot as plt

    lang = check_lang(lang)
    fig, ax = plt.subplots(figsize=(FIG[0], 0.9 + 0.32 * max(len(gains), 1)))
    enough = gains["n"] >= MIN_N
    ax.errorbar(gains["estimate"], gains["name"], xerr=[gains["estimate"] - gains["ci_low"], gains["ci_high"] - gains["estimate"]],
                fmt="none", ecolor=GREY, elinewidth=1.2, capsize=3)
    ax.scatter(gains["estimate"], gains["name"], c=np.where(enough, PRIMARY, LIGHT_GREY), s=45, zorder=3)
    ax.axvline(0, color=GREY, lw=0.8)
    ax.set_xlabel(pick(lang, msg.AXES["gains_x"]))
    ax.set_ylabel("")
    ax.set_title(pick(lang, msg.AXES["gains_title"]), loc="left")
    return fig


def plot_providers(prov: pd.DataFrame, lang: Lang = "id") -> Figure:
    """Learning gain per Rp 1 million by provider type with 95% CIs (frame from
    :func:`analysis.brief.frames.providers_per_rupiah`); in-house training, the reference, in grey."""
    import matplotlib.pyplot as plt

    lang = check_lang(lang)
    fig, ax = plt.subplots(figsize=(FIG[0], 0.9 + 0.36 * max(len(prov), 1)))
    ax.barh(prov["name"], prov["gain_per_million"], color=np.where(prov["provider_type"].eq("internal"), GREY, PRIMARY),
            alpha=1.0)
    ax.errorbar(prov["gain_per_million"], prov["name"],
                xerr=[(prov["gain_per_million"] - prov["gain_per_million_ci_low"]).clip(lower=0),
                      (prov["gain_per_million_ci_high"] - prov["gain_per_million"]).clip(lower=0)],
                fmt="none", ecolor="#333333", elinewidth=1, capsize=3)
    ax.set_xlabel(pick(lang, msg.AXES["providers_x"]))
    ax.set_ylabel("")
    ax.set_title(pick(lang, msg.AXES["providers_title"]), loc="left")
    return fig


#: How a verdict looks in a chart: colour and marker (the marker carries it in grey print).
_VERDICT_LOOK: dict[str, tuple[str, str]] = {
    "better": (TRAFFIC_LIGHTS["green"], "^"),
    "worse": (TRAFFIC_LIGHTS["red"], "v"),
    "no_clear_difference": (PRIMARY, "o"),
}


def plot_service_effects(eff: pd.DataFrame, lang: Lang = "id") -> Figure:
    """One small panel per service metric: the change per +5 JP with its 95% CI.

    Never colour alone (grey print, colour-blind readers): better is a green upward
    triangle, worse a red downward one, no clear change a blue dot, and each panel says
    its verdict in words under the point.
    """
    import matplotlib.pyplot as plt

    lang = check_lang(lang)
    fig, axes = plt.subplots(1, len(eff), figsize=(FIG[0], 2.8), squeeze=False)
    for ax, (_, r) in zip(axes[0], eff.iterrows(), strict=True):
        verdict = "better" if r["better"] else "worse" if r["worse"] else "no_clear_difference"
        color, marker = _VERDICT_LOOK[verdict]
        ax.errorbar([0], [r["change"]], yerr=[[r["change"] - r["change_ci_low"]], [r["change_ci_high"] - r["change"]]],
                    fmt=marker, color=color, capsize=4, ms=7)
        ax.axhline(0, color=GREY, lw=0.8)
        ax.set_xticks([])
        ax.set_xlabel(pick(lang, VERDICT_WORDS[verdict]), fontsize=8, color=color)
        title = pick(lang, msg.SERVICE_SHORT_LABELS[r["metric"]]) if r["metric"] in msg.SERVICE_SHORT_LABELS else r["metric"]
        ax.set_title(title, fontsize=9)
        ax.tick_params(axis="y", labelsize=8)
    fig.suptitle(pick(lang, msg.AXES["service_title"]), x=0.01, ha="left", fontsize=11, fontweight="semibold")
    fig.tight_layout(w_pad=1.5)
    return fig


def _gap_colour(gap: Mapping[str, Any]) -> str:
    """The last bar of the budget chart: red when the remaining allocation does not cover the need,
    amber when some agencies fall short, green otherwise."""
    short = gap["gap_idr"] > (max(0.0, gap["remaining_idr"]) if pd.notna(gap["remaining_idr"]) else 0.0)
    if short:
        return TRAFFIC_LIGHTS["red"]
    return TRAFFIC_LIGHTS["amber"] if gap["shortfall_idr"] > 0 else TRAFFIC_LIGHTS["green"]


def plot_budget(gap: Mapping[str, Any], period: str, lang: Lang = "id") -> Figure:
    """The budget chart: allocation, spent, remaining and the money needed for 20 JP
    (:func:`analysis.brief.frames.budget_values`), the last bar coloured by :func:`_gap_colour`."""
    import matplotlib.pyplot as plt

    lang = check_lang(lang)
    vals = budget_values(gap, lang)
    scale, unit = money_scale(gap, lang)
    fig, ax = plt.subplots(figsize=FIG)
    colors = [GREY, PRIMARY, PALETTE[4], _gap_colour(gap)]
    bars = ax.barh(list(vals), [v / scale for v in vals.values()], color=colors)
    for b, v in zip(bars, vals.values(), strict=True):
        ax.text(b.get_width(), b.get_y() + b.get_height() / 2, " " + fmt.money(v, lang), va="center", fontsize=9)
    ax.invert_yaxis()
    ax.set_xlabel(t(lang, f"Rp {unit}", f"IDR {unit}"))
    ax.set_xlim(0, np.nanmax(list(vals.values())) / scale * 1.3)
    ax.set_title(t(lang, f"Anggaran pengembangan kompetensi {period[:4]}", f"Competency-development budget {period[:4]}"), loc="left")
    return fig


def plot_participation(eq: pd.DataFrame, overall: float, lang: Lang = "id") -> Figure:
    """Participation rate by group with 95% CIs (frame from :func:`analysis.brief.frames.equity_groups`),
    grey dots when fewer than MIN_N staff, and a dashed line at the ``overall`` rate."""
    import matplotlib.pyplot as plt

    lang = check_lang(lang)
    fig, ax = plt.subplots(figsize=(FIG[0], 0.9 + 0.3 * len(eq)))
    y = np.arange(len(eq))[::-1]
    ok = eq["active_staff"] >= MIN_N
    ax.errorbar(100 * eq["participation_rate"], y,
                xerr=[100 * (eq["participation_rate"] - eq["participation_rate_ci_low"]),
                      100 * (eq["participation_rate_ci_high"] - eq["participation_rate"])],
                fmt="none", ecolor=GREY, capsize=3)
    ax.scatter(100 * eq["participation_rate"], y, c=np.where(ok, PRIMARY, LIGHT_GREY), s=40, zorder=3)
    ax.set_yticks(y, eq["name"])
    ax.axvline(100 * overall, color=PALETTE[1], ls="--", lw=1)
    ax.set_xlabel(pick(lang, msg.AXES["participation_x"]))
    ax.set_title(pick(lang, msg.AXES["participation_title"]), loc="left")
    return fig


def plot_leadership(lead: pd.DataFrame, lang: Lang = "id") -> Figure:
    """Bars of :func:`analysis.brief.frames.leadership_rates` (percent, 95% CI)."""
    import matplotlib.pyplot as plt

    lang = check_lang(lang)
    fig, ax = plt.subplots(figsize=(FIG[0], 2.6))
    y = np.arange(len(lead))[::-1]
    colors = [PRIMARY if i % 2 == 0 else "#9DB9D6" for i in range(len(lead))]
    ax.barh(y, 100 * lead["rate"], color=colors)
    ax.errorbar(100 * lead["rate"], y, xerr=[100 * (lead["rate"] - lead["lo"]), 100 * (lead["hi"] - lead["rate"])],
                fmt="none", ecolor="#333333", capsize=3)
    ax.set_yticks(y, lead["label"])
    ax.set_xlabel(pick(lang, msg.AXES["leadership_x"]))
    ax.set_title(pick(lang, msg.AXES["leadership_title"]), loc="left")
    return fig


def plot_trend(trend: pd.DataFrame, lang: Lang = "id", *, agency: str | None = None, city: pd.DataFrame | None = None) -> Figure:
    """Three panels (on track, participation, completion) over the quarters of ``trend``
    (:func:`analysis.coverage.trend`), with the 95% CI as a band; for an agency
    (``agency`` set) the ``city`` trend as a dashed grey line."""
    import matplotlib.pyplot as plt

    lang = check_lang(lang)
    city_word = pick(lang, msg.TEXTS["city"])
    fig, axes = plt.subplots(1, 3, figsize=(FIG[0], 2.5), sharey=True)
    for ax, metric in zip(axes, TREND_METRICS, strict=True):
        d = trend.loc[trend["metric"].eq(metric)]
        x = [quarter_tick(q, lang) for q in d["period"]]
        ax.fill_between(x, 100 * d["ci_low"], 100 * d["ci_high"], color=PRIMARY, alpha=0.15, lw=0)
        ax.plot(x, 100 * d["estimate"], color=PRIMARY, marker="o", ms=3, label=agency if agency else city_word)
        if city is not None:
            c = city.loc[city["metric"].eq(metric)]
            ax.plot([quarter_tick(q, lang) for q in c["period"]], 100 * c["estimate"], color=GREY, ls="--", lw=1,
                    label=city_word)
        ax.set_title(pick(lang, msg.TREND_LABELS[metric]), fontsize=10)
        ax.tick_params(axis="x", labelsize=7, rotation=90)
        ax.set_ylim(0, 100)
    axes[0].set_ylabel("%")
    if city is not None:
        axes[0].legend(fontsize=8, loc="lower left")
    fig.tight_layout()
    return fig
