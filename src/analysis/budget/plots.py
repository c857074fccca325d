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

from analysis.budget import messages as msg
from analysis.budget.labels import agency_name, format_name, label
from analysis.budget.mix import FormatMix
from analysis.charts.theme import GREY, PALETTE, PRIMARY, TRAFFIC_LIGHTS, short_label
from analysis.stats.verdict import MIN_N
from analysis.text import fmt, phrases
from analysis.text.lang import Lang, pick
from analysis.text.words import CI_LABEL

#: At most this many agencies per bar chart (the highest ones).
MAX_ROWS = 30


def short_name(name: object, width: int = 44) -> str:
    """An axis label (:func:`analysis.charts.theme.short_label`: abbreviation, else wrapped)."""
    return short_label(name, width)


def _agency_label(names: Mapping[str, str] | pd.Series, agency_id: str) -> str:
    return short_name(agency_name(names, agency_id))


def _with_highlight(ordered: pd.DataFrame, agency: str) -> pd.DataFrame:
    shown = ordered.head(MAX_ROWS)
    if agency != "all" and agency not in set(shown["agency_id"]):
        shown = pd.concat([shown, ordered.loc[ordered["agency_id"] == agency]])
    return shown


def plot_absorption(
    spend: pd.DataFrame, period: str, names: Mapping[str, str] | pd.Series, lang: Lang = "id", agency: str = "all"
):
    """Year-to-date absorption by agency (agencies with an allocation), with the 100% line and the even pace.

    Bars over 100% are red; ``agency`` (when not ``"all"``) is highlighted and
    always shown. ``spend`` is :func:`analysis.budget.spending` by agency.
    """
    import matplotlib.pyplot as plt

    pace = int(period[-1]) / 4
    with_alloc = spend.loc[~spend["no_allocation"]]
    absorb = with_alloc.assign(name=lambda d: d["agency_id"].map(lambda a: _agency_label(names, a)))
    absorb = absorb.sort_values("absorption", ascending=False)
    shown = _with_highlight(absorb, agency)
    colours = np.where(shown["absorption"] > 1, TRAFFIC_LIGHTS["red"], PRIMARY)
    colours = np.where(shown["agency_id"] == agency, PALETTE[1], colours)
    fig, ax = plt.subplots(figsize=(7.5, 1.2 + 0.24 * len(shown)))
    ax.barh(shown["name"], 100 * shown["absorption"], color=colours)
    ax.axvline(100, color=TRAFFIC_LIGHTS["red"], lw=1.2, ls="-", label=pick(lang, msg.ALLOCATION_LINE))
    ax.axvline(100 * pace, color=GREY, lw=1, ls="--",
               label=msg.say(msg.EVEN_PACE, lang, pace=fmt.percent(pace, lang, 0)))
    ax.legend(loc="lower right", framealpha=0.9, frameon=True)
    ax.invert_yaxis()
    ax.set_xlabel(pick(lang, msg.ABSORPTION_AXIS))
    ax.set_ylabel("")
    title = msg.say(msg.ABSORPTION_TITLE, lang, period=fmt.period_label(period, lang))
    if len(absorb) > MAX_ROWS:
        title += msg.say(msg.TOP_ROWS, lang, n=MAX_ROWS)
    ax.set_title(title)
    return fig


def plot_funding_gap(
    gap: pd.DataFrame, year: int, names: Mapping[str, str] | pd.Series, lang: Lang = "id", agency: str = "all"
):
    """Funding needed for 20 JP per active ASN by agency (with 95% CI), and the part the remaining allocation leaves.

    Per ASN so that small and large agencies compare (the totals are in the
    table); agencies with no gap or no active staff are left out; sorted by
    shortfall, then gap. ``gap`` is :func:`analysis.budget.funding_gap` by agency.
    """
    import matplotlib.pyplot as plt

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
            label=pick(lang, msg.GAP_BAR))
    ax.barh(shown["name"], shown["short_ps"], color=TRAFFIC_LIGHTS["red"],
            label=pick(lang, msg.SHORTFALL_BAR))
    ax.errorbar(shown["gap_ps"], shown["name"],
                xerr=[shown["gap_ps"] - shown["lo_ps"], shown["hi_ps"] - shown["gap_ps"]],
                fmt="none", ecolor=GREY, elinewidth=1, capsize=2)
    ax.invert_yaxis()
    ax.set_xlabel(msg.say(msg.GAP_AXIS, lang, ci=pick(lang, CI_LABEL)))
    ax.set_ylabel("")
    ax.legend(loc="lower right", framealpha=0.9, frameon=True)
    title = msg.say(msg.GAP_TITLE, lang, year=year)
    if len(g) > MAX_ROWS:
        title += msg.say(msg.TOP_SHORTFALLS, lang, n=MAX_ROWS)
    ax.set_title(title)
    return fig


def plot_cost_per_jp(
    cost_modality: pd.DataFrame, cost_provider: pd.DataFrame, city_cost_per_jp: float, lang: Lang = "id"
):
    """Cost per JP by format and by provider type with 95% CIs, the city's value dashed.

    Two panels; groups with too little data (``enough_data`` False, under
    :data:`analysis.stats.verdict.MIN_N` completed enrollments) are grey and starred.
    """
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 2, figsize=(9.5, 4.2), sharex=True)
    for ax, table, col, heading in (
        (axes[0], cost_modality, "modality", pick(lang, msg.FORMAT_PANEL)),
        (axes[1], cost_provider, "provider_type", pick(lang, msg.PROVIDER_PANEL)),
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
        ax.set_xlabel(pick(lang, msg.COST_AXIS))
    fig.suptitle(msg.say(msg.COST_TITLE, lang, ci=pick(lang, CI_LABEL)), fontweight="semibold")
    fig.text(0.01, -0.02, msg.say(msg.THIN_GROUP_FOOTNOTE, lang, not_enough_data=phrases.not_enough_data(lang),
                                  min_n=MIN_N),
             fontsize=9, color=GREY)
    fig.tight_layout()
    return fig


def plot_format_mix(mix: FormatMix, by: Sequence[str], lang: Lang = "id"):
    """Training places per format, current vs optimal mix for the same budget, with the ASN reached in the corner.

    ``by`` names the format columns of ``mix.plan`` (the policy's ``by``).
    """
    import matplotlib.pyplot as plt
    import seaborn as sns

    p = mix.plan.assign(fmt_name=lambda d: d.apply(lambda row: format_name(row, by, lang), axis=1))
    long = pd.concat([
        pd.DataFrame({"fmt_name": p["fmt_name"], "places": p["current_places"], "mix": pick(lang, msg.CURRENT_MIX)}),
        pd.DataFrame({"fmt_name": p["fmt_name"], "places": p["optimal_places"], "mix": pick(lang, msg.OPTIMAL_MIX)}),
    ])
    summary = mix.summary.set_index("mix")
    fig, ax = plt.subplots(figsize=(7.5, 1.5 + 0.45 * len(p)))
    sns.barplot(data=long, y="fmt_name", x="places", hue="mix", palette=[GREY, PRIMARY], ax=ax)
    ax.set_xlabel(pick(lang, msg.PLACES_AXIS))
    ax.set_ylabel("")
    ax.set_title(pick(lang, msg.MIX_TITLE))
    ax.legend(title="", loc="lower right")
    cur, opt = summary.loc["current"], summary.loc["optimal"]
    corner = msg.say(msg.MIX_CORNER, lang,
                     current_people=fmt.number(cur["people"], lang, 0), current_spend=fmt.money(cur["spend_idr"], lang),
                     optimal_people=fmt.number(opt["people"], lang, 0), optimal_spend=fmt.money(opt["spend_idr"], lang))
    ax.text(0.99, 1.0, corner,
            transform=ax.transAxes, ha="right", va="bottom", fontsize=9, color=GREY)
    ax.set_title(ax.get_title(), pad=18)
    return fig


def _quarter_tick(period: str, lang: Lang) -> str:
    """``TW III 2026`` / ``Q3 2026``."""
    quarter = int(period[-1])
    return msg.say(msg.QUARTER_TICK, lang, roman=["I", "II", "III", "IV"][quarter - 1], quarter=quarter,
                   year=period[:4])


def plot_trend(trend: pd.DataFrame, lang: Lang = "id"):
    """The last quarters: city absorption year-to-date (bars, alternating colour by year) and cost per JP (95% CI band).

    ``trend`` is the city-level :func:`analysis.budget.budget_trend`.
    """
    import matplotlib.pyplot as plt

    tr = trend.assign(label=lambda d: d["period"].map(lambda q: _quarter_tick(q, lang)))
    fig, axes = plt.subplots(1, 2, figsize=(10, 4))
    ax = axes[0]
    ax.bar(tr["label"], 100 * tr["absorption"], color=[PALETTE[i % 2 * 4] for i in tr["year"]])
    ax.axhline(100, color=TRAFFIC_LIGHTS["red"], lw=1)
    ax.set_ylabel(pick(lang, msg.TREND_ABSORPTION_AXIS))
    ax.set_title(pick(lang, msg.TREND_ABSORPTION_TITLE))
    ax.tick_params(axis="x", rotation=45)
    ax = axes[1]
    ax.fill_between(tr["label"], tr["ci_low"] / 1e3, tr["ci_high"] / 1e3, color=PALETTE[4], alpha=0.35, lw=0)
    ax.plot(tr["label"], tr["cost_per_jp"] / 1e3, color=PRIMARY, marker="o")
    ax.set_ylabel(pick(lang, msg.COST_AXIS))
    ax.set_title(msg.say(msg.TREND_COST_TITLE, lang, ci=pick(lang, CI_LABEL)))
    ax.tick_params(axis="x", rotation=45)
    fig.tight_layout()
    return fig
