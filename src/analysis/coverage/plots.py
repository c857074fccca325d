"""Charts of notebook 20 (coverage and participation): each ``plot_*`` takes result frames
of :mod:`analysis.coverage` and a language and returns a matplotlib Figure.

Colours and fonts come from :mod:`analysis.charts.theme` (call :func:`analysis.charts.theme.apply_theme`
once before plotting); the functions choose no backend and show nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from analysis.charts.theme import GREY, PALETTE, PRIMARY, figure_note, short_label
from analysis.coverage import messages as msg
from analysis.coverage.messages import level_word, term_label
from analysis.coverage.predictors import shown_predictors
from analysis.coverage.rates import JP_PER_QUARTER_ON_TRACK
from analysis.coverage.tables import overall_row
from analysis.data.disclosure import figure_groups, load_policy
from analysis.data.periods import format_period
from analysis.data.staff import EQUITY_DIMENSIONS
from analysis.text import fmt
from analysis.text.lang import Lang, pick
from analysis.text.phrases import left_out_note, message

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

#: Display order of equity groups (top to bottom in the chart).
EQUITY_ORDER: tuple[str, ...] = (
    "F", "M", "pns", "pppk", "executive", "administrator", "supervisor", "functional", "staff", "I", "II", "III",
    "IV", "pppk_I-VIII", "pppk_IX-XVII", "<30", "30-39", "40-49", "50+", "up_to_sma", "diploma", "s1",
    "postgraduate", "unknown",
)  # fmt: skip


def _short(name: object, width: int = 34) -> str:
    """An axis label (:func:`analysis.charts.theme.short_label`: abbreviation, else wrapped)."""
    return short_label(name, width)


def _percent_axis(ax: Axes, axis: str = "x") -> None:
    """Tick labels of ``axis`` as whole percentages (the data are shares in 0..1)."""
    from matplotlib.ticker import PercentFormatter

    (ax.xaxis if axis == "x" else ax.yaxis).set_major_formatter(PercentFormatter(1.0, decimals=0))


def _ci_chart(
    ax: Axes, frame: pd.DataFrame, col: str, label_col: str, title: str, ref: float | None, color: str
) -> Axes:
    """Horizontal points with 95% CI bars, sorted; a dashed line at ``ref``."""
    data = frame.dropna(subset=[col]).sort_values(col)
    y = np.arange(len(data))
    err = np.vstack([data[col] - data[f"{col}_ci_low"], data[f"{col}_ci_high"] - data[col]])
    ax.errorbar(data[col], y, xerr=np.nan_to_num(err).clip(min=0), fmt="o", color=color, ecolor=color,
                elinewidth=1.2, capsize=0, ms=4)
    ax.set_yticks(y, [_short(v) for v in data[label_col]])
    if ref is not None and not pd.isna(ref):
        ax.axvline(ref, color=GREY, ls="--", lw=1)
    _percent_axis(ax)
    ax.set_title(title, loc="left")
    return ax


def plot_compliance(
    groups: pd.DataFrame, overall: pd.DataFrame | pd.Series, period: str, by: str, lang: Lang = "id"
) -> Figure:
    """Two panels, share reaching 20 JP and share on track, per group with 95% CIs; dashed line: overall.

    ``groups`` is :func:`analysis.coverage.tables.compliance_table`, ``overall`` the
    one-row :func:`analysis.coverage.rates.jp_compliance` with ``by=None``. Groups on fewer
    than 5 staff (and those protecting them) are not drawn; a note under the figure names
    them (:func:`analysis.data.disclosure.figure_groups`).
    """
    import matplotlib.pyplot as plt

    policy = load_policy()
    drawn = figure_groups(groups, policy, "name")
    groups = drawn.shown
    city = overall_row(overall, "overall")
    period = format_period(period)
    plabel, level = fmt.period_label(period, lang), level_word(by, lang)
    need = JP_PER_QUARTER_ON_TRACK * int(period[-1])
    fig, axes = plt.subplots(1, 2, figsize=(10, max(3.0, 0.27 * len(groups) + 1.4)), sharey=False)
    _ci_chart(axes[0], groups, "share_meeting_20jp", "name", pick(lang, msg.REACHED_20JP),
              city["share_meeting_20jp"], PRIMARY)
    _ci_chart(axes[1], groups, "share_on_track", "name", message(msg.ON_TRACK_PANEL, lang, need=need),
              city["share_on_track"], PALETTE[1])
    fig.suptitle(message(msg.COMPLIANCE_CHART, lang, level=level, period=plabel), x=0.01, ha="left")
    fig.tight_layout()
    figure_note(fig, left_out_note(drawn, lang, policy.min_people))
    return fig


#: The stacked enrolment outcomes: column, colour and hatch pattern (completed plain).
_OUTCOME_LOOK: tuple[tuple[str, str, str], ...] = (
    ("completion_rate", PALETTE[2], ""),
    ("dropout_rate", PALETTE[1], "///"),
    ("no_show_rate", PALETTE[5], "xx"),
)


def plot_participation(
    groups: pd.DataFrame, overall: pd.DataFrame | pd.Series, period: str, lang: Lang = "id"
) -> Figure:
    """Participation per group with 95% CIs (left) and each group's enrollment outcomes, stacked (right).

    ``groups`` is :func:`analysis.coverage.tables.participation_table`, ``overall`` the
    one-row :func:`analysis.coverage.rates.participation` with ``by=None``. A group on fewer
    than 5 people, or whose rates would reveal fewer than 5 (8 enrolments, 25% drop-out), is
    not drawn where it is hidden; a note under the figure names it.
    """
    import matplotlib.pyplot as plt

    policy = load_policy()
    drawn = figure_groups(groups, policy, "name")
    groups = drawn.shown
    pc = overall_row(overall, "overall")
    plabel = fmt.period_label(format_period(period), lang)
    fig, axes = plt.subplots(1, 2, figsize=(10, max(3.0, 0.27 * len(groups) + 1.4)))
    _ci_chart(axes[0], groups, "participation_rate", "name", pick(lang, msg.TREND_LABELS["participation_rate"]),
              pc["participation_rate"], PRIMARY)
    shares = groups.dropna(subset=["completion_rate", "dropout_rate", "no_show_rate"]).sort_values("completion_rate")
    y = np.arange(len(shares))
    left = np.zeros(len(shares))
    for col, color, hatch in _OUTCOME_LOOK:  # a pattern as well as a colour: readable in grey print
        label = pick(lang, msg.ENROLLMENT_STATUS_LABELS[col])
        axes[1].barh(y, shares[col], left=left, color=color, label=label, height=0.7, hatch=hatch,
                     edgecolor="white", linewidth=0.4)
        left += shares[col].to_numpy()
    axes[1].set_yticks(y, [_short(v) for v in shares["name"]])
    _percent_axis(axes[1])
    axes[1].set_title(pick(lang, msg.ENROLLMENT_OUTCOME_PANEL), loc="left")
    axes[1].legend(loc="lower center", bbox_to_anchor=(0.5, -0.3), ncol=3)
    fig.suptitle(message(msg.PARTICIPATION_CHART, lang, period=plabel), x=0.01, ha="left")
    fig.tight_layout()
    figure_note(fig, left_out_note(drawn, lang, policy.min_people))
    return fig


def plot_equity(equity_frame: pd.DataFrame, period: str, lang: Lang = "id") -> Figure:
    """One panel per equity dimension: participation and 20-JP share per group, with 95% CIs.

    ``equity_frame`` is :func:`analysis.coverage.equity_tests.equity_table` (with ``label``);
    groups without active staff are left out, the rest ordered by :data:`EQUITY_ORDER`; a
    group on fewer than 5 staff (and the one protecting it in its dimension) is not drawn and
    the note under the figure names it.
    """
    import matplotlib.pyplot as plt

    policy = load_policy()
    drawn = figure_groups(equity_frame, policy, "label")
    equity_frame = drawn.frame
    plabel = fmt.period_label(format_period(period), lang)
    order = {k: i for i, k in enumerate(EQUITY_ORDER)}
    fig, axes = plt.subplots(2, 3, figsize=(11, 7.2))
    for ax, dim in zip(axes.ravel(), EQUITY_DIMENSIONS, strict=True):
        block = equity_frame.loc[equity_frame["dimension"].eq(dim) & equity_frame["active_staff"].gt(0)]
        block = block.assign(_o=block["group"].map(order).fillna(99))
        block = block.sort_values("_o", ascending=False).reset_index(drop=True)
        y = np.arange(len(block))
        for k, (col, color, marker, lab) in enumerate((
            ("participation_rate", PRIMARY, "o", pick(lang, msg.QUARTER_PARTICIPATION)),
            ("share_meeting_20jp", PALETTE[1], "s", pick(lang, msg.REACHED_20JP)),
        )):
            err = np.vstack([block[col] - block[f"{col}_ci_low"], block[f"{col}_ci_high"] - block[col]])
            ax.errorbar(block[col], y + (k - 0.5) * 0.3, xerr=np.nan_to_num(err).clip(min=0), fmt=marker, ms=4,
                        color=color, elinewidth=1.1, label=lab)
        ax.set_yticks(y, [_short(v, 18) for v in block["label"]])
        ax.set_ylim(-0.6, max(len(block), 2) - 0.4)
        _percent_axis(ax)
        ax.set_title(pick(lang, EQUITY_DIMENSIONS[dim]), loc="left", fontsize=11)
    handles, labels = axes[0, 0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=2)
    fig.suptitle(message(msg.EQUITY_CHART, lang, period=plabel), x=0.01, ha="left")
    fig.tight_layout(rect=(0, 0.05, 1, 1))
    figure_note(fig, left_out_note(drawn, lang, policy.min_people))
    return fig


def plot_predictors(predictors: pd.DataFrame, lang: Lang = "id") -> Figure:
    """Odds ratios with 95% CIs (log scale), one panel per main model that has rows.

    ``predictors`` is :func:`analysis.coverage.predictors.participation_predictors`; sector
    and position terms are not drawn (:func:`analysis.coverage.predictors.shown_predictors`).
    Raises ValueError when no main model has a row to draw.
    """
    import matplotlib.pyplot as plt

    shown = shown_predictors(predictors)
    models = [m for m in msg.MODEL_LABELS if m in set(shown["model"])]
    if not models:
        raise ValueError("no rows of the participation, no_show or dropout models to plot")
    sizes = [int(shown["model"].eq(m).sum()) for m in models]
    fig, axes = plt.subplots(len(models), 1, figsize=(7.5, 0.32 * sum(sizes) + 1.2 * len(models)),
                             gridspec_kw={"height_ratios": sizes}, sharex=True)
    axes = np.atleast_1d(axes)
    for ax, name in zip(axes, models, strict=True):
        block = shown.loc[shown["model"].eq(name)].reset_index(drop=True)
        y = np.arange(len(block))[::-1]
        err = np.vstack([block["odds_ratio"] - block["ratio_ci_low"], block["ratio_ci_high"] - block["odds_ratio"]])
        ax.errorbar(block["odds_ratio"], y, xerr=np.nan_to_num(err).clip(min=0), fmt="o", color=PRIMARY, ms=4,
                    elinewidth=1.1)
        ax.axvline(1, color=GREY, ls="--", lw=1)
        ax.set_xscale("log")
        ax.set_yticks(y, [_short(term_label(t, lang), 46) for t in block["term"]])
        ax.set_ylim(-0.7, len(block) - 0.3)
        ax.set_title(pick(lang, msg.MODEL_LABELS[name]), loc="left", fontsize=11)
    ticks = [0.25, 0.5, 1, 2, 4]
    axes[-1].set_xticks(ticks, [fmt.number(t, lang, 2).rstrip("0").rstrip(",.") for t in ticks])
    axes[-1].xaxis.set_minor_formatter(plt.NullFormatter())
    axes[-1].set_xlabel(pick(lang, msg.ODDS_RATIO_AXIS))
    fig.suptitle(pick(lang, msg.PREDICTORS_CHART), x=0.01, ha="left")
    fig.tight_layout()
    return fig


def plot_trend(trend_frame: pd.DataFrame, lang: Lang = "id") -> Figure:
    """Eight small panels: each rate of :data:`analysis.coverage.messages.TREND_LABELS` by quarter
    with its 95% CI band, and the mean JP year to date.

    ``trend_frame`` is :func:`analysis.coverage.trends.trend` (without ``by``).
    """
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(2, 4, figsize=(12, 5.6), sharex=True)
    for ax, (metric, pair) in zip(axes.ravel(), msg.TREND_LABELS.items(), strict=False):
        d = trend_frame.loc[trend_frame["metric"].eq(metric)]
        x = np.arange(len(d))
        ax.fill_between(x, d["ci_low"], d["ci_high"], color=PRIMARY, alpha=0.18, lw=0)
        ax.plot(x, d["estimate"], marker="o", ms=3, color=PRIMARY)
        ax.set_title(pick(lang, pair), loc="left", fontsize=10)
        _percent_axis(ax, "y")
        ax.set_xticks(x, [p[2:] for p in d["period"]], rotation=45, fontsize=8)
    d = trend_frame.loc[trend_frame["metric"].eq("jp_mean")]
    axes[1, 3].plot(np.arange(len(d)), d["estimate"], marker="o", ms=3, color=PALETTE[1])
    axes[1, 3].set_title(pick(lang, msg.MEAN_JP_YEAR_TO_DATE), loc="left", fontsize=10)
    axes[1, 3].set_xticks(np.arange(len(d)), [p[2:] for p in d["period"]], rotation=45, fontsize=8)
    fig.suptitle(pick(lang, msg.TREND_CHART), x=0.01, ha="left")
    fig.tight_layout()
    return fig
