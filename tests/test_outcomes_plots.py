"""Training-outcomes charts: each plot_* returns a Figure with the expected axes and marks on a tiny frame."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")  # tests only; notebooks keep the inline backend

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from analysis.outcomes import plots as plots  # noqa: E402

PERIOD = "2026Q3"


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _visible(fig: Figure) -> list:
    return [ax for ax in fig.axes if ax.axison]


def test_plot_adjusted_gain_blank_panel_without_rows() -> None:
    adj = pd.DataFrame({"factor": ["modality", "modality"], "level": ["seminar", "e_learning"],
                        "estimate": [-2.0, 1.0], "ci_low": [-3.0, 0.5], "ci_high": [-1.0, 1.5]})
    fig = plots.plot_adjusted_gain(adj, PERIOD, 4, "id")
    assert isinstance(fig, Figure)
    assert len(fig.axes) == 2 and len(_visible(fig)) == 1
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == ["e-learning", "seminar"]
    assert "Triwulan IV 2025 s.d. Triwulan III 2026" in fig._suptitle.get_text()
    empty = plots.plot_adjusted_gain(adj.iloc[0:0], PERIOD, 4, "en")
    assert len(_visible(empty)) == 0


def _funnel(k: int) -> pd.DataFrame:
    return pd.DataFrame({"n": np.arange(10, 10 + 10 * k, 10), "mean_gain": np.linspace(5, 15, k), "target": 10.0,
                         "sigma": 6.0, "signal": ["above_998"] + ["within"] * (k - 1)})


def test_plot_funnel_one_or_two_panels() -> None:
    fig = plots.plot_funnel(_funnel(4), _funnel(3), PERIOD, 4, "en")
    assert len(fig.axes) == 2
    ax = fig.axes[0]
    assert len(ax.lines) == 5  # four limits and the mean
    assert [len(c.get_offsets()) for c in ax.collections] == [3, 1]
    assert len(plots.plot_funnel(_funnel(4), _funnel(2), PERIOD, 4, "en").axes) == 1
    with pytest.raises(ValueError, match="three"):
        plots.plot_funnel(_funnel(2), _funnel(2), PERIOD, 4, "en")


def test_plot_levels_by_modality_orders_formats_by_learning() -> None:
    sat = pd.DataFrame({"modality": ["seminar", "classroom"], "mean": [3.8, 3.9], "ci_low": [3.7, 3.8],
                        "ci_high": [3.9, 4.0]})
    lc = pd.DataFrame({"modality": ["classroom", "seminar"], "estimate": [10.0, 5.0], "ci_low": [9.0, 4.0],
                       "ci_high": [11.0, 6.0], "n": [50, 40]})
    beh = pd.DataFrame({"modality": ["classroom"], "mean": [np.nan], "ci_low": [np.nan], "ci_high": [np.nan]})
    fig = plots.plot_levels_by_modality(sat, lc, beh, PERIOD, 4, "en")
    assert len(fig.axes) == 3 and len(_visible(fig)) == 2  # no behaviour ratings: blank third panel
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == ["classroom", "seminar"]


def test_plot_relevance_bars_and_gap_points() -> None:
    rel = pd.DataFrame({"name": ["A", "B", "C"], "jp_total": [10.0, 20.0, 0.0],
                        "share_jp_target_sector": [0.5, 0.2, np.nan], "share_jp_general": [0.3, 0.5, np.nan],
                        "share_jp_other_sector": [0.2, 0.3, np.nan], "share_jp_to_gap": [0.6, np.nan, np.nan],
                        "share_jp_to_gap_ci_low": [0.5, np.nan, np.nan], "share_jp_to_gap_ci_high": [0.7, np.nan, np.nan]})
    overall = pd.DataFrame({"share_jp_to_gap": [0.55]})
    fig = plots.plot_relevance(rel, overall, "OPD", PERIOD, 4, "id")
    assert len(fig.axes) == 2
    assert len(fig.axes[0].patches) == 6  # two units with JP x three segments
    assert len(fig.legends) == 1
    with pytest.raises(ValueError, match="no unit"):
        plots.plot_relevance(rel.iloc[2:], overall, "OPD", PERIOD, 4, "id")


def _ci_cols(frame: pd.DataFrame, *cols: str) -> pd.DataFrame:
    out = frame.copy()
    for c in cols:
        out[f"{c}_ci_low"], out[f"{c}_ci_high"] = out[c] * 0.9, out[c] * 1.1
    return out


def test_plot_partnerships_three_panels() -> None:
    part = _ci_cols(pd.DataFrame({"provider_type": ["university", "internal"], "mean_gain": [12.0, 10.0],
                                  "completion_rate": [0.8, 0.9], "gain_per_jp": [0.5, 0.4],
                                  "gain_per_million_idr": [4.0, 2.0]}),
                    "completion_rate", "gain_per_jp", "gain_per_million_idr")
    fig = plots.plot_partnerships(part, PERIOD, 4, "en")
    assert len(fig.axes) == 3
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == ["university", "in-house"]


def test_plot_cost_effectiveness_and_trend() -> None:
    ce = _ci_cols(pd.DataFrame({"modality": ["classroom", "seminar"], "cost_per_jp": [100_000.0, 50_000.0],
                                "cost_per_gain_point": [10_000.0, np.nan]}), "cost_per_jp", "cost_per_gain_point")
    fig = plots.plot_cost_effectiveness(ce, PERIOD, 4, "id")
    assert len(fig.axes) == 2
    assert len(fig.axes[1].get_yticks()) == 1  # seminar has no cost per point
    rows = [{"period": p, "metric": m, "estimate": 1.0, "ci_low": 0.5, "ci_high": 1.5, "n": n}
            for p, n in (("2026Q2", 10), ("2026Q3", 0))
            for m in ("mean_gain", "normalised_gain", "share_improved", "satisfaction", "behaviour")]
    fig = plots.plot_trend(pd.DataFrame(rows), "en")
    assert len(fig.axes) == 4
    assert [len(ax.lines[0].get_xdata()) for ax in fig.axes] == [1, 1, 1, 1]  # empty quarter left out
    assert fig.axes[0].get_title(loc="left") == "Learning gain (points)"
