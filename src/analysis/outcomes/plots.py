"""Charts of training outcomes (:mod:`analysis.outcomes`) for the report, in Bahasa Indonesia or English.

Every ``plot_*`` function takes the tidy frames of :mod:`analysis.outcomes` and
returns a matplotlib Figure styled by :mod:`analysis.charts.theme` (call
:func:`analysis.charts.theme.apply_theme` once before); it saves and shows nothing.
Points with horizontal bars are estimates with their 95% confidence intervals.

A group (format, provider type, programme, unit) resting on fewer than 5 people, and one hidden
to protect it, is not drawn; a note under the figure names it
(:func:`analysis.data.disclosure.figure_groups`, ``docs/disclosure.md``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.charts.theme import GREY, PALETTE, PRIMARY, figure_note, short_label
from analysis.data.disclosure import figure_groups, load_policy, merge_figure_groups
from analysis.outcomes import messages as msg
from analysis.outcomes.narrative import code_word, trend_metric_names, window_label
from analysis.outcomes.programme_funnel import MIN_PROGRAMMES, funnel_limits
from analysis.stats.verdict import NotEnoughData
from analysis.text import Lang, fmt, pick
from analysis.text.phrases import left_out_note


def _short(name: object, width: int = 34) -> str:
    """An axis label (:func:`analysis.charts.theme.short_label`: abbreviation, else wrapped)."""
    return short_label(name, width)


def _percent_axis(axis) -> None:
    from matplotlib.ticker import PercentFormatter

    axis.set_major_formatter(PercentFormatter(1.0, decimals=0))


def ci_panel(ax, frame: pd.DataFrame, col: str, low: str, high: str, labels, title: str,
             ref: float | None = None, color: str = PRIMARY, percent: bool = False) -> None:
    """Draw horizontal points with 95% CI bars on ``ax``, top to bottom in the frame's order.

    Missing CI ends draw no bar; ``ref`` adds a dashed vertical reference line.
    """
    data = frame.reset_index(drop=True)
    y = np.arange(len(data))[::-1]
    err = np.vstack([(data[col] - data[low]).clip(lower=0), (data[high] - data[col]).clip(lower=0)])
    ax.errorbar(data[col], y, xerr=np.nan_to_num(err), fmt="o", color=color, ms=4, elinewidth=1.2)
    ax.set_yticks(y, [_short(v, 30) for v in labels])
    ax.set_ylim(-0.7, len(data) - 0.3)
    if ref is not None and not pd.isna(ref):
        ax.axvline(ref, color=GREY, ls="--", lw=1)
    if percent:
        _percent_axis(ax.xaxis)
    ax.set_title(title, loc="left", fontsize=11)


def plot_adjusted_gain(adjusted: pd.DataFrame, period: str, window: int = 4, lang: Lang = "id"):
    """ANCOVA-adjusted gain differences: formats vs classroom (left), providers vs in-house (right).

    ``adjusted`` is :func:`analysis.outcomes.adjusted_effects`; a factor without rows
    leaves its panel blank (axis off). Two axes.
    """
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 2, figsize=(10, 4.2))
    for ax, factor in zip(axes, msg.ADJUSTED_PANELS, strict=True):
        title = pick(lang, msg.ADJUSTED_PANELS[factor])
        block = adjusted.loc[adjusted["factor"].eq(factor)].sort_values("estimate", ascending=False)
        if block.empty:
            ax.set_axis_off()
            continue
        ci_panel(ax, block, "estimate", "ci_low", "ci_high", [code_word(v, lang) for v in block["level"]], title, ref=0)
        ax.set_xlabel(pick(lang, msg.ADJUSTED_AXIS))
    fig.suptitle(pick(lang, msg.ADJUSTED_TITLE).format(window=window_label(period, window, lang)), x=0.01, ha="left")
    fig.tight_layout()
    return fig


def plot_funnel(raw: pd.DataFrame, adjusted: pd.DataFrame, period: str, window: int = 4, lang: Lang = "id"):
    """Funnel plot of programmes' mean gain against their number of scored participants.

    One panel for raw gains (:func:`analysis.outcomes.funnel`) and, when
    ``adjusted`` has at least three programmes, one for adjusted gains; 95% and
    99.8% control limits (Spiegelhalter 2005); points outside 99.8% highlighted.
    """
    import matplotlib.pyplot as plt

    if len(raw) < MIN_PROGRAMMES:
        raise ValueError("a funnel plot needs at least three programmes")
    policy = load_policy()
    drawn = [figure_groups(raw, policy, "title")]
    panels = [(drawn[0].shown, pick(lang, msg.FUNNEL_RAW_PANEL))]
    if len(adjusted) >= MIN_PROGRAMMES:
        drawn.append(figure_groups(adjusted, policy, "title"))
        panels.append((drawn[1].shown, pick(lang, msg.FUNNEL_ADJUSTED_PANEL)))
    fig, axes = plt.subplots(1, len(panels), figsize=(5.6 * len(panels), 4.4), sharey=True)
    axes = np.atleast_1d(axes)
    for ax, (frame, title) in zip(axes, panels, strict=True):
        grid = np.linspace(max(2, frame["n"].min() * 0.8), frame["n"].max() * 1.05, 200)
        lim = funnel_limits(frame["target"].iloc[0], frame["sigma"].iloc[0], grid)
        ax.plot(grid, lim["upper_95"], color=GREY, lw=1, ls="--", label=pick(lang, msg.FUNNEL_LIMIT_95))
        ax.plot(grid, lim["lower_95"], color=GREY, lw=1, ls="--")
        ax.plot(grid, lim["upper_998"], color=GREY, lw=1.2, label=pick(lang, msg.FUNNEL_LIMIT_998))
        ax.plot(grid, lim["lower_998"], color=GREY, lw=1.2)
        ax.axhline(frame["target"].iloc[0], color=GREY, lw=0.8)
        out = frame["signal"].isin(["above_998", "below_998"])
        ax.scatter(frame.loc[~out, "n"], frame.loc[~out, "mean_gain"], s=16, color=PRIMARY, alpha=0.7,
                   label=pick(lang, msg.FUNNEL_PROGRAMME))
        ax.scatter(frame.loc[out, "n"], frame.loc[out, "mean_gain"], s=28, color=PALETTE[5],
                   label=pick(lang, msg.FUNNEL_OUTSIDE))
        ax.set_xlabel(pick(lang, msg.FUNNEL_X_AXIS))
        ax.set_title(title, loc="left", fontsize=11)
    axes[0].set_ylabel(pick(lang, msg.FUNNEL_Y_AXIS))
    axes[-1].legend(loc="lower right", ncol=2, fontsize=9)
    fig.suptitle(pick(lang, msg.FUNNEL_TITLE).format(window=window_label(period, window, lang)), x=0.01, ha="left")
    fig.tight_layout()
    figure_note(fig, left_out_note(merge_figure_groups(*drawn), lang, policy.min_people, label=lambda v: _short(v, 40)))
    return fig


def plot_levels_by_modality(sat_mod: pd.DataFrame, learning_mod: pd.DataFrame, behaviour_mod: pd.DataFrame,
                            period: str, window: int = 4, lang: Lang = "id"):
    """Kirkpatrick levels 1-3 by format: satisfaction, learning gain, supervisors' rating (three axes).

    Formats are ordered as in ``learning_mod`` (those with more than one scored
    participant), then the remaining ones of ``sat_mod``.
    """
    import matplotlib.pyplot as plt

    policy = load_policy()
    drawn = [figure_groups(f, policy, "modality") for f in (sat_mod, learning_mod, behaviour_mod)]
    sat_mod, learning_mod, behaviour_mod = (d.shown for d in drawn)
    fig, axes = plt.subplots(1, 3, figsize=(12, 4.2), sharey=False)
    order = learning_mod.loc[learning_mod["n"] > 1, "modality"].tolist()
    order += [m for m in sat_mod["modality"] if m not in order]
    for ax, frame, col, title in zip(axes, (sat_mod, learning_mod, behaviour_mod), ("mean", "estimate", "mean"),
                                     (pick(lang, pair) for pair in msg.LEVEL_PANELS), strict=True):
        block = frame.set_index("modality").reindex(order).dropna(subset=[col]).reset_index()
        if block.empty:
            ax.set_axis_off()
            continue
        ci_panel(ax, block, col, "ci_low", "ci_high", [code_word(v, lang) for v in block["modality"]], title)
    fig.suptitle(pick(lang, msg.LEVELS_TITLE).format(window=window_label(period, window, lang)), x=0.01, ha="left")
    fig.tight_layout()
    figure_note(fig, left_out_note(merge_figure_groups(*drawn), lang, policy.min_people,
                                   label=lambda v: code_word(v, lang)))
    return fig


def relevance_chart_name(lang: Lang = "id") -> str:
    """What :func:`plot_relevance` draws, in words (for the line shown when it cannot draw)."""
    return pick(lang, msg.RELEVANCE_CHART)


def plot_relevance(by_unit: pd.DataFrame, overall: pd.DataFrame, level_word: str, period: str,
                   window: int = 4, lang: Lang = "id"):
    """Relevance by agency or unit: stacked shares of JP by sector aim (left) and the share aimed
    at a competency gap with its 95% CI against the overall share (right).

    ``by_unit`` is :func:`analysis.outcomes.relevance_by_unit` (units with no JP are
    left out); ``overall`` the one-row :func:`analysis.outcomes.relevance`. Raises
    :class:`analysis.stats.verdict.NotEnoughData` (its text says why) when no unit can be drawn.
    """
    import matplotlib.pyplot as plt

    policy = load_policy()
    drawn = figure_groups(by_unit, policy, "name")
    show = drawn.shown.loc[drawn.shown["jp_total"] > 0].sort_values("share_jp_target_sector")
    if show.empty:  # nothing to draw: every unit with JP is below the disclosure threshold, or none has JP
        raise NotEnoughData(left_out_note(drawn, lang, policy.min_people, label=_short) or "no unit with credited JP")
    fig, axes = plt.subplots(1, 2, figsize=(10.5, max(3.0, 0.26 * len(show) + 1.4)),
                             gridspec_kw={"width_ratios": [1.2, 1]})
    y = np.arange(len(show))
    left = np.zeros(len(show))
    for col, color in zip(msg.SECTOR_AIM_LEGEND, (PALETTE[2], PALETTE[4], PALETTE[1]), strict=True):
        axes[0].barh(y, show[col].fillna(0), left=left, color=color, label=pick(lang, msg.SECTOR_AIM_LEGEND[col]),
                     height=0.7)
        left += show[col].fillna(0).to_numpy()
    axes[0].set_yticks(y, [_short(v) for v in show["name"]])
    _percent_axis(axes[0].xaxis)
    axes[0].set_title(pick(lang, msg.SECTOR_AIM_PANEL), loc="left", fontsize=11)

    gap = show.dropna(subset=["share_jp_to_gap"])
    yy = y[show["share_jp_to_gap"].notna().to_numpy()]
    err = np.vstack([gap["share_jp_to_gap"] - gap["share_jp_to_gap_ci_low"],
                     gap["share_jp_to_gap_ci_high"] - gap["share_jp_to_gap"]])
    axes[1].errorbar(gap["share_jp_to_gap"], yy, xerr=np.nan_to_num(err).clip(min=0), fmt="o", color=PRIMARY, ms=4,
                     elinewidth=1.1)
    axes[1].set_yticks(y, [""] * len(y))
    axes[1].set_ylim(axes[0].get_ylim())
    axes[1].axvline(overall["share_jp_to_gap"].iloc[0], color=GREY, ls="--", lw=1)
    _percent_axis(axes[1].xaxis)
    axes[1].set_title(pick(lang, msg.TO_THE_GAP_PANEL), loc="left", fontsize=11)
    fig.suptitle(pick(lang, msg.RELEVANCE_TITLE).format(level=level_word, window=window_label(period, window, lang)),
                 x=0.01, ha="left")
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=3)
    fig.tight_layout(rect=(0, 0.6 / fig.get_figheight(), 1, 1))
    figure_note(fig, left_out_note(drawn, lang, policy.min_people, label=_short))
    return fig


def plot_partnerships(part: pd.DataFrame, period: str, window: int = 4, lang: Lang = "id"):
    """Completion rate, gain per JP and gain per IDR 1 million by provider type (three axes, 95% CIs).

    ``part`` is :func:`analysis.outcomes.partnerships` (at least one row).
    """
    import matplotlib.pyplot as plt

    if part.empty:
        raise ValueError("no provider type to plot")
    policy = load_policy()
    drawn = figure_groups(part, policy, "provider_type")
    fig, axes = plt.subplots(1, 3, figsize=(12, 3.6))
    block = drawn.shown.sort_values("mean_gain", ascending=False)
    labels = [code_word(v, lang) for v in block["provider_type"]]
    ci_panel(axes[0], block, "completion_rate", "completion_rate_ci_low", "completion_rate_ci_high", labels,
             pick(lang, msg.COMPLETION_PANEL), percent=True)
    ci_panel(axes[1], block, "gain_per_jp", "gain_per_jp_ci_low", "gain_per_jp_ci_high", labels,
             pick(lang, msg.GAIN_PER_JP_PANEL), color=PALETTE[2])
    ci_panel(axes[2], block, "gain_per_million_idr", "gain_per_million_idr_ci_low", "gain_per_million_idr_ci_high", labels,
             pick(lang, msg.GAIN_PER_MILLION_PANEL), color=PALETTE[1])
    for ax in axes[1:]:
        ax.set_yticklabels([])
    fig.suptitle(pick(lang, msg.PARTNERSHIPS_TITLE).format(window=window_label(period, window, lang)),
                 x=0.01, ha="left")
    fig.tight_layout()
    figure_note(fig, left_out_note(drawn, lang, policy.min_people, label=lambda v: code_word(v, lang)))
    return fig


def plot_cost_effectiveness(by_modality: pd.DataFrame, period: str, window: int = 4, lang: Lang = "id"):
    """Cost per JP (left) and cost per point of gain (right) by format, in IDR thousand, 95% delta-method CIs.

    ``by_modality`` is :func:`analysis.outcomes.cost_effectiveness` by ``modality``.
    Two axes; the right one stays empty when no format has a cost per point.
    """
    import matplotlib.pyplot as plt

    policy = load_policy()
    drawn = figure_groups(by_modality, policy, "modality")
    by_modality = drawn.shown
    fig, axes = plt.subplots(1, 2, figsize=(10, 4.0))
    a = by_modality.loc[by_modality["cost_per_jp"].notna()].sort_values("cost_per_jp")
    ci_panel(axes[0], a, "cost_per_jp", "cost_per_jp_ci_low", "cost_per_jp_ci_high",
             [code_word(v, lang) for v in a["modality"]], pick(lang, msg.COST_PER_JP_PANEL))
    b = by_modality.loc[by_modality["cost_per_gain_point"].notna()].sort_values("cost_per_gain_point")
    if len(b):
        ci_panel(axes[1], b, "cost_per_gain_point", "cost_per_gain_point_ci_low", "cost_per_gain_point_ci_high",
                 [code_word(v, lang) for v in b["modality"]], pick(lang, msg.COST_PER_POINT_PANEL), color=PALETTE[1])
    for ax in axes:
        ax.xaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: fmt.number(v / 1000, lang, 0)))
    fig.suptitle(pick(lang, msg.COST_TITLE).format(window=window_label(period, window, lang)), x=0.01, ha="left")
    fig.tight_layout()
    figure_note(fig, left_out_note(drawn, lang, policy.min_people, label=lambda v: code_word(v, lang)))
    return fig


def plot_trend(trend_frame: pd.DataFrame, lang: Lang = "id"):
    """Quarterly trend of the four reader-facing metrics (:func:`analysis.outcomes.trend`), 95% CI bands.

    Four axes, in the order of :func:`analysis.outcomes.trend_metric_names`; quarters
    with no observations are left out.
    """
    import matplotlib.pyplot as plt

    names = trend_metric_names(lang)
    fig, axes = plt.subplots(1, len(names), figsize=(12, 3.3))
    for ax, (metric, title) in zip(axes, names.items(), strict=True):
        d = trend_frame.loc[trend_frame["metric"].eq(metric) & trend_frame["n"].gt(0)]
        x = np.arange(len(d))
        ax.fill_between(x, d["ci_low"], d["ci_high"], color=PRIMARY, alpha=0.18, lw=0)
        ax.plot(x, d["estimate"], marker="o", ms=3, color=PRIMARY)
        ax.set_xticks(x, [p[2:] for p in d["period"]], rotation=45, fontsize=8)
        ax.set_title(title, loc="left", fontsize=10)
        if metric == "share_improved":
            _percent_axis(ax.yaxis)
    fig.suptitle(pick(lang, msg.TREND_TITLE), x=0.01, ha="left")
    fig.tight_layout()
    return fig
