"""Charts of notebook 20 (coverage and participation): each ``plot_*`` takes result frames
of :mod:`analysis.coverage` and a language and returns a matplotlib Figure.

Colours and fonts come from :mod:`analysis.charts.theme` (call :func:`analysis.charts.theme.apply_theme`
once before plotting); the functions choose no backend and show nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from analysis.coverage import (
    EQUITY_DIMENSIONS,
    EQUITY_ORDER,
    JP_PER_QUARTER_ON_TRACK,
    MODEL_LABELS,
    TREND_LABELS,
    _one_row,
    _t,
    level_word,
    shown_predictors,
    term_label,
)
from analysis.data.periods import format_period
from analysis.text import fmt

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure


def _short(name: object, width: int = 34) -> str:
    """A label cut to ``width`` characters with an ellipsis."""
    name = str(name)
    return name if len(name) <= width else name[: width - 1] + "…"


def _percent_axis(ax: Axes, axis: str = "x") -> None:
    """Tick labels of ``axis`` as whole percentages (the data are shares in 0..1)."""
    from matplotlib.ticker import PercentFormatter

    (ax.xaxis if axis == "x" else ax.yaxis).set_major_formatter(PercentFormatter(1.0, decimals=0))


def _ci_chart(
    ax: Axes, frame: pd.DataFrame, col: str, label_col: str, title: str, ref: float | None, color: str
) -> Axes:
    """Horizontal points with 95% CI bars, sorted; a dashed line at ``ref``."""
    from analysis.charts.theme import GREY

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
    groups: pd.DataFrame, overall: pd.DataFrame | pd.Series, period: str, by: str, lang: str = "id"
) -> Figure:
    """Two panels, share reaching 20 JP and share on track, per group with 95% CIs; dashed line: overall.

    ``groups`` is :func:`analysis.coverage.compliance_table`, ``overall`` the
    one-row :func:`analysis.coverage.jp_compliance` with ``by=None``.
    """
    import matplotlib.pyplot as plt

    from analysis.charts.theme import PALETTE, PRIMARY

    city = _one_row(overall, "overall")
    period = format_period(period)
    plabel, level = fmt.period_label(period, lang), level_word(by, lang)
    need = JP_PER_QUARTER_ON_TRACK * int(period[-1])
    fig, axes = plt.subplots(1, 2, figsize=(10, max(3.0, 0.27 * len(groups) + 1.4)), sharey=False)
    _ci_chart(axes[0], groups, "share_meeting_20jp", "name", _t(lang, "Sudah 20 JP", "Reached 20 JP"),
              city["share_meeting_20jp"], PRIMARY)
    _ci_chart(axes[1], groups, "share_on_track", "name",
              _t(lang, f"Di jalur (≥ {need:.0f} JP)", f"On track (≥ {need:.0f} JP)"), city["share_on_track"],
              PALETTE[1])
    fig.suptitle(_t(lang, f"Pemenuhan 20 JP per {level}, {plabel} (garis: keseluruhan)",
                    f"20-JP compliance by {level}, {plabel} (line: overall)"), x=0.01, ha="left")
    fig.tight_layout()
    return fig


def plot_participation(
    groups: pd.DataFrame, overall: pd.DataFrame | pd.Series, period: str, lang: str = "id"
) -> Figure:
    """Participation per group with 95% CIs (left) and each group's enrollment outcomes, stacked (right).

    ``groups`` is :func:`analysis.coverage.participation_table`, ``overall`` the
    one-row :func:`analysis.coverage.participation` with ``by=None``.
    """
    import matplotlib.pyplot as plt

    from analysis.charts.theme import PALETTE, PRIMARY

    pc = _one_row(overall, "overall")
    plabel = fmt.period_label(format_period(period), lang)
    fig, axes = plt.subplots(1, 2, figsize=(10, max(3.0, 0.27 * len(groups) + 1.4)))
    _ci_chart(axes[0], groups, "participation_rate", "name", _t(lang, "Partisipasi ASN", "Staff participation"),
              pc["participation_rate"], PRIMARY)
    shares = groups.dropna(subset=["completion_rate"]).sort_values("completion_rate")
    y = np.arange(len(shares))
    left = np.zeros(len(shares))
    for col, label, color in (("completion_rate", _t(lang, "Selesai", "Completed"), PALETTE[2]),
                              ("dropout_rate", _t(lang, "Berhenti", "Dropped"), PALETTE[1]),
                              ("no_show_rate", _t(lang, "Tidak hadir", "No-show"), PALETTE[5])):
        axes[1].barh(y, shares[col], left=left, color=color, label=label, height=0.7)
        left += shares[col].to_numpy()
    axes[1].set_yticks(y, [_short(v) for v in shares["name"]])
    _percent_axis(axes[1])
    axes[1].set_title(_t(lang, "Status pendaftaran", "Enrollment outcome"), loc="left")
    axes[1].legend(loc="lower center", bbox_to_anchor=(0.5, -0.3), ncol=3)
    fig.suptitle(_t(lang, f"Partisipasi dan penyelesaian, {plabel}", f"Participation and completion, {plabel}"),
                 x=0.01, ha="left")
    fig.tight_layout()
    return fig


def plot_equity(equity_frame: pd.DataFrame, period: str, lang: str = "id") -> Figure:
    """One panel per equity dimension: participation and 20-JP share per group, with 95% CIs.

    ``equity_frame`` is :func:`analysis.coverage.equity_table` (with ``label``);
    groups without active staff are left out, the rest ordered by
    :data:`analysis.coverage.EQUITY_ORDER`.
    """
    import matplotlib.pyplot as plt

    from analysis.charts.theme import PALETTE, PRIMARY

    plabel = fmt.period_label(format_period(period), lang)
    order = {k: i for i, k in enumerate(EQUITY_ORDER)}
    fig, axes = plt.subplots(2, 3, figsize=(11, 7.2))
    for ax, dim in zip(axes.ravel(), EQUITY_DIMENSIONS, strict=True):
        block = equity_frame.loc[equity_frame["dimension"].eq(dim) & equity_frame["active_staff"].gt(0)]
        block = block.assign(_o=block["group"].map(order).fillna(99))
        block = block.sort_values("_o", ascending=False).reset_index(drop=True)
        y = np.arange(len(block))
        for k, (col, color, lab) in enumerate((
            ("participation_rate", PRIMARY, _t(lang, "Partisipasi triwulan", "Quarter participation")),
            ("share_meeting_20jp", PALETTE[1], _t(lang, "Sudah 20 JP", "Reached 20 JP")),
        )):
            err = np.vstack([block[col] - block[f"{col}_ci_low"], block[f"{col}_ci_high"] - block[col]])
            ax.errorbar(block[col], y + (k - 0.5) * 0.3, xerr=np.nan_to_num(err).clip(min=0), fmt="o", ms=4,
                        color=color, elinewidth=1.1, label=lab)
        ax.set_yticks(y, [_short(v, 18) for v in block["label"]])
        ax.set_ylim(-0.6, max(len(block), 2) - 0.4)
        _percent_axis(ax)
        en, id_ = EQUITY_DIMENSIONS[dim]
        ax.set_title(_t(lang, id_, en), loc="left", fontsize=11)
    handles, labels = axes[0, 0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=2)
    fig.suptitle(_t(lang, f"Partisipasi dan 20 JP menurut kelompok ASN, {plabel} (IK 95%)",
                    f"Participation and 20 JP by staff group, {plabel} (95% CI)"), x=0.01, ha="left")
    fig.tight_layout(rect=(0, 0.05, 1, 1))
    return fig


def plot_predictors(predictors: pd.DataFrame, lang: str = "id") -> Figure:
    """Odds ratios with 95% CIs (log scale), one panel per main model that has rows.

    ``predictors`` is :func:`analysis.coverage.participation_predictors`; sector
    and position terms are not drawn (:func:`analysis.coverage.shown_predictors`).
    Raises ValueError when no main model has a row to draw.
    """
    import matplotlib.pyplot as plt

    from analysis.charts.theme import GREY, PRIMARY

    shown = shown_predictors(predictors)
    models = [m for m in MODEL_LABELS if m in set(shown["model"])]
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
        ax.set_title(_t(lang, *MODEL_LABELS[name]), loc="left", fontsize=11)
    ticks = [0.25, 0.5, 1, 2, 4]
    axes[-1].set_xticks(ticks, [fmt.number(t, lang, 2).rstrip("0").rstrip(",.") for t in ticks])
    axes[-1].xaxis.set_minor_formatter(plt.NullFormatter())
    axes[-1].set_xlabel(_t(lang, "rasio odds (skala log; > 1: peluang lebih tinggi)",
                           "odds ratio (log scale; > 1: higher odds)"))
    fig.suptitle(_t(lang, "Prediktor partisipasi (IK 95%, galat baku berkelompok per unit)",
                    "Predictors of participation (95% CI, unit-clustered SEs)"), x=0.01, ha="left")
    fig.tight_layout()
    return fig


def plot_trend(trend_frame: pd.DataFrame, lang: str = "id") -> Figure:
    """Eight small panels: each rate of :data:`analysis.coverage.TREND_LABELS` by quarter with its
    95% CI band, and the mean JP year to date.

    ``trend_frame`` is :func:`analysis.coverage.trend` (without ``by``).
    """
    import matplotlib.pyplot as plt

    from analysis.charts.theme import PALETTE, PRIMARY

    fig, axes = plt.subplots(2, 4, figsize=(12, 5.6), sharex=True)
    for ax, (metric, pair) in zip(axes.ravel(), TREND_LABELS.items(), strict=False):
        d = trend_frame.loc[trend_frame["metric"].eq(metric)]
        x = np.arange(len(d))
        ax.fill_between(x, d["ci_low"], d["ci_high"], color=PRIMARY, alpha=0.18, lw=0)
        ax.plot(x, d["estimate"], marker="o", ms=3, color=PRIMARY)
        ax.set_title(_t(lang, *pair), loc="left", fontsize=10)
        _percent_axis(ax, "y")
        ax.set_xticks(x, [p[2:] for p in d["period"]], rotation=45, fontsize=8)
    d = trend_frame.loc[trend_frame["metric"].eq("jp_mean")]
    axes[1, 3].plot(np.arange(len(d)), d["estimate"], marker="o", ms=3, color=PALETTE[1])
    axes[1, 3].set_title(_t(lang, "Rata-rata JP tahun berjalan", "Mean JP year to date"), loc="left", fontsize=10)
    axes[1, 3].set_xticks(np.arange(len(d)), [p[2:] for p in d["period"]], rotation=45, fontsize=8)
    fig.suptitle(_t(lang, "Tren per triwulan (pita: IK 95%)", "Quarterly trend (band: 95% CI)"), x=0.01, ha="left")
    fig.tight_layout()
    return fig
