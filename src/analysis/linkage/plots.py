"""Charts of the service-link area for the report, in Bahasa Indonesia or English.

Every ``plot_*`` function takes the tidy frames of :mod:`analysis.linkage` and
returns a matplotlib Figure styled by :mod:`analysis.charts.theme` (call
:func:`analysis.charts.theme.apply_theme` once before); it saves and shows nothing.
Points and ribbons are estimates with their 95% confidence intervals; axis labels
come from :data:`analysis.linkage.messages.AXIS_LABELS`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from analysis.charts.theme import GREY, PALETTE, PRIMARY, TRAFFIC_LIGHTS
from analysis.linkage.codes import JP_STEP
from analysis.linkage.effects import effect_statements
from analysis.linkage.messages import AXIS_LABELS, ESTIMATOR_NAMES, N_UNITS, metric_label
from analysis.text import Lang, check_lang, fmt, pick

if TYPE_CHECKING:
    from matplotlib.figure import Figure

#: IKM category colours, A (best) to D.
IKM_COLOURS: dict[str, str] = {
    "A": TRAFFIC_LIGHTS["green"],
    "B": "#56B4E9",
    "C": TRAFFIC_LIGHTS["amber"],
    "D": TRAFFIC_LIGHTS["red"],
}


def _labels(lang: Lang) -> dict[str, str]:
    """The axis labels in ``lang``."""
    step = fmt.number(JP_STEP, check_lang(lang), 0)
    return {key: pick(lang, pair).format(step=step) for key, pair in AXIS_LABELS.items()}


def plot_event_study(event_times: pd.DataFrame, metric: str, lang: Lang = "id") -> Figure:
    """Event-study coefficients with 95% CI ribbons, one line per estimator (TWFE, Sun & Abraham).

    ``event_times`` is ``OnlineResults.event_times``. Returns the matplotlib Figure.
    """
    import matplotlib.pyplot as plt

    lab = _labels(lang)
    data = event_times.loc[event_times["metric"] == metric].sort_values("event_time")
    fig, ax = plt.subplots()
    for k, (method, part) in enumerate(data.groupby("method", sort=False)):
        colour = PALETTE[k % len(PALETTE)]
        x = part["event_time"].to_numpy(dtype=float) + (k - 0.5) * 0.08
        ax.fill_between(x, part["ci_low"], part["ci_high"], color=colour, alpha=0.18, linewidth=0)
        ax.plot(x, part["estimate"], marker="o", color=colour, label=ESTIMATOR_NAMES.get(method, method))
    ax.axhline(0, color=GREY, linewidth=1)
    ax.axvline(-0.5, color=GREY, linewidth=1, linestyle="--")
    ax.set_xlabel(lab["event_time"])
    ax.set_ylabel(lab["effect"])
    ax.set_title(metric_label(metric, lang))
    ax.legend()
    return fig


def plot_dose_response(dose: pd.DataFrame, lang: Lang = "id") -> Figure:
    """Dose-response: metric difference from the lowest exposure bin, with 95% CIs, one panel per metric."""
    import matplotlib.pyplot as plt

    lab = _labels(lang)
    metrics = list(dict.fromkeys(dose["metric"]))
    ncols = min(3, max(len(metrics), 1))
    nrows = -(-len(metrics) // ncols)
    fig, axes = plt.subplots(
        nrows, ncols, figsize=(3.6 * ncols, 3.3 * nrows), squeeze=False, sharex=True
    )
    for ax in axes.flat[len(metrics) :]:
        ax.set_visible(False)
    for ax, metric in zip(axes.flat, metrics, strict=False):
        part = dose.loc[dose["metric"] == metric]
        x = part["median_exposure"].to_numpy(dtype=float)
        est = part["estimate"].to_numpy(dtype=float)
        lo = (est - part["ci_low"]).fillna(0).to_numpy(dtype=float)
        hi = (part["ci_high"] - est).fillna(0).to_numpy(dtype=float)
        ax.errorbar(x, est, yerr=[lo, hi], marker="o", color=PRIMARY, capsize=3)
        ax.axhline(0, color=GREY, linewidth=1)
        ax.set_title(metric_label(metric, lang), fontsize=10)
        ax.set_xlabel(lab["exposure_bin"], fontsize=9)
    for row in axes:
        row[0].set_ylabel(lab["vs_lowest"], fontsize=9)
    fig.tight_layout()
    return fig


def plot_sector_slopes(sectors: pd.DataFrame, lang: Lang = "id") -> Figure:
    """Coefficient plot: the change per exposure step by sector, with 95% CIs.

    ``sectors`` is :func:`analysis.linkage.sector_heterogeneity` output (one metric); the slope is
    scaled by the exposure's step (:data:`analysis.linkage.panel.EXPOSURE_STEPS`).
    """
    import matplotlib.pyplot as plt

    lab = _labels(lang)
    st = effect_statements(sectors).sort_values("change")
    fig, ax = plt.subplots(figsize=(7.5, 0.45 * len(st) + 1.5))
    y = np.arange(len(st))
    ax.errorbar(
        st["change"],
        y,
        xerr=[
            (st["change"] - st["change_ci_low"]).to_numpy(),
            (st["change_ci_high"] - st["change"]).to_numpy(),
        ],
        fmt="o",
        color=PRIMARY,
        capsize=3,
    )
    units = pick(lang, N_UNITS)
    ax.set_yticks(
        y,
        [f"{fmt.code_label(s, lang)} ({units.format(n=n)})"
         for s, n in zip(st["sector"], st["n_units"], strict=True)],
    )
    ax.axvline(0, color=GREY, linewidth=1)
    ax.set_xlabel(lab["per_step"])
    ax.set_title(metric_label(str(st["metric"].iloc[0]), lang) if len(st) else "")
    return fig


def plot_ikm_categories(categories: pd.DataFrame, transitions: pd.DataFrame, lang: Lang = "id") -> Figure:
    """Two panels: share of units per IKM category by quarter; the quarter-to-quarter transition shares."""
    import matplotlib.pyplot as plt
    import seaborn as sns

    lab = _labels(lang)
    colours = IKM_COLOURS
    shares = (
        categories.groupby(["period", "category"])
        .size()
        .unstack("category", fill_value=0)
        .reindex(columns=list(colours), fill_value=0)
    )
    shares = shares.div(shares.sum(axis=1), axis=0)
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 4.2), gridspec_kw={"width_ratios": [1.6, 1]})
    bottom = np.zeros(len(shares))
    for code, colour in colours.items():
        ax1.bar(shares.index, shares[code], bottom=bottom, color=colour, label=code)
        bottom += shares[code].to_numpy()
    ax1.set_ylabel(lab["share_units"])
    ax1.set_xlabel(lab["quarter"])
    ax1.tick_params(axis="x", rotation=45)
    ax1.legend(title="IKM", bbox_to_anchor=(1.0, 1.0), loc="upper left")
    values = transitions.to_numpy(dtype=float)
    as_shares = bool(np.nanmax(values, initial=0.0) <= 1.0)
    annot = np.vectorize(
        lambda v: fmt.percent(v, lang, 0) if as_shares else fmt.number(v, lang, 0), otypes=[object]
    )(values)
    sns.heatmap(
        transitions.fillna(0.0).astype(float),
        annot=annot,
        fmt="",
        cmap="Blues",
        cbar=False,
        ax=ax2,
    )
    ax2.set_xlabel(lab["to"])
    ax2.set_ylabel(lab["from"])
    fig.tight_layout()
    return fig
