"""Budget charts: each plot_* returns a Figure with the expected axes and marks on a tiny frame."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")  # tests only: no display
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from analysis import budget
from analysis.budget import plots as budget_plots  # noqa: E402

NAMES = pd.Series({"A": "Dinas A", "B": "Dinas B"})


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def test_short_name() -> None:
    assert budget_plots.short_name("abc", 5) == "abc"
    assert budget_plots.short_name("abcdefgh", 5) == "abcde\nfgh"  # wrapped, not cut
    assert budget_plots.short_name("Dinas Kependudukan dan Pencatatan Sipil (Disdukcapil)", 30) == "Disdukcapil"


def test_absorption_bars_colours_and_highlight() -> None:
    n = budget_plots.MAX_ROWS + 3
    spend = pd.DataFrame({"agency_id": [f"X{i}" for i in range(n)] + ["C"],
                          "absorption": list(np.linspace(1.3, 0.1, n)) + [np.nan],
                          "no_allocation": [False] * n + [True]})
    fig = budget_plots.plot_absorption(spend, "2026Q2", NAMES, "en", agency=f"X{n - 1}")
    assert isinstance(fig, Figure) and len(fig.axes) == 1
    ax = fig.axes[0]
    assert len(ax.patches) == budget_plots.MAX_ROWS + 1  # top 30 plus the highlighted agency; C has no allocation
    assert ax.get_yticklabels()[-1].get_text() == f"X{n - 1}"
    assert ax.get_title().endswith("(top 30)")
    assert [line.get_xdata()[0] for line in ax.lines] == [100, 50.0]  # 100% line and the even pace at Q2


def test_funding_gap_bars_skip_agencies_without_gap() -> None:
    gap = pd.DataFrame({"agency_id": ["A", "B", "C"], "gap_idr": [2e6, 1e6, 0.0], "gap_ci_low": [1.5e6, 0.8e6, 0.0],
                        "gap_ci_high": [2.5e6, 1.2e6, 0.0], "shortfall_idr": [5e5, 0.0, 0.0],
                        "active_staff": [5, 3, 4]})
    fig = budget_plots.plot_funding_gap(gap, 2026, NAMES, "id")
    ax = fig.axes[0]
    assert len(fig.axes) == 1 and len(ax.patches) == 4  # two series x two agencies with a gap
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Dinas A", "Dinas B"]
    assert ax.patches[0].get_width() == pytest.approx(2e6 / 5 / 1e3)


def test_cost_per_jp_two_panels_with_thin_groups_starred() -> None:
    mod = pd.DataFrame({"modality": ["classroom", "e_learning", "coaching"], "cost_per_jp": [1e5, 2e4, np.nan],
                        "ci_low": [9e4, 1e4, np.nan], "ci_high": [1.1e5, 3e4, np.nan],
                        "enough_data": [True, False, False]})
    prov = pd.DataFrame({"provider_type": ["internal"], "cost_per_jp": [5e4], "ci_low": [4e4], "ci_high": [6e4],
                         "enough_data": [True]})
    fig = budget_plots.plot_cost_per_jp(mod, prov, 5e4, "en")
    assert len(fig.axes) == 2
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert labels == [budget.label("e_learning", "en") + " *", budget.label("classroom", "en")]
    assert len(fig.axes[0].collections[-1].get_offsets()) == 2 and len(fig.axes[1].get_yticklabels()) == 1


def test_format_mix_bars_per_format_and_mix() -> None:
    plan = pd.DataFrame({"modality": ["classroom", "e_learning"], "current_places": [10.0, 20.0],
                         "optimal_places": [0.0, 40.0]})
    summary = pd.DataFrame({"mix": ["current", "optimal"], "people": [5.0, 9.0], "spend_idr": [1e6, 1e6]})
    mix = budget.FormatMix(plan=plan, summary=summary, objective="people", budget_idr=1e6, status="ok")
    fig = budget_plots.plot_format_mix(mix, ["modality"], "en")
    ax = fig.axes[0]
    assert len(fig.axes) == 1
    widths = sorted(p.get_width() for p in ax.patches if p.get_width() > 0)
    assert widths == [10.0, 20.0, 40.0]
    assert "9 for" in ax.texts[0].get_text()


def test_trend_two_panels() -> None:
    trend = pd.DataFrame({"period": ["2025Q4", "2026Q1"], "year": [2025, 2026], "absorption": [0.9, 0.2],
                          "cost_per_jp": [5e4, 6e4], "ci_low": [4e4, 5e4], "ci_high": [6e4, 7e4]})
    fig = budget_plots.plot_trend(trend, "id")
    assert len(fig.axes) == 2 and len(fig.axes[0].patches) == 2
    assert [t.get_text() for t in fig.axes[0].get_xticklabels()] == ["TW IV 2025", "TW I 2026"]
    assert list(fig.axes[1].lines[0].get_ydata()) == [50.0, 60.0]
