"""Smoke tests of notebook 20's charts (analysis.coverage.plots) on tiny hand-made frames:
each returns a Figure with the expected panels and marks."""

from __future__ import annotations

import factories
import numpy as np
import pandas as pd
import pytest

from analysis import coverage
from analysis.coverage import plots as plots

plt = pytest.importorskip("matplotlib.pyplot")
from matplotlib.figure import Figure  # noqa: E402

PERIOD = "2026Q3"


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _shares(prefixes: tuple[str, ...], values: list[float]) -> dict[str, list[float]]:
    return factories.share_columns(prefixes, values, half_width=0.1)


def test_plot_compliance() -> None:
    groups = pd.DataFrame({"agency_id": ["A", "B", "C"], "name": ["Agency A", "Agency B", "C" * 50],
                           "active_staff": [40, 50, 5], **_shares(("share_meeting_20jp", "share_on_track"),
                                                                  [0.2, 0.5, np.nan])})
    overall = pd.DataFrame({"active_staff": [95], **_shares(("share_meeting_20jp", "share_on_track"), [0.4])})
    fig = plots.plot_compliance(groups, overall, PERIOD, "agency_id", "en")
    assert isinstance(fig, Figure)
    assert len(fig.axes) == 2
    for ax in fig.axes:
        assert len(ax.containers) == 1  # one errorbar series
        assert len(ax.get_yticklabels()) == 2  # the group without a share is not drawn
        assert len(ax.lines) >= 2  # the points and the dashed overall line
    assert fig.axes[1].get_title(loc="left") == "On track (≥ 15 JP)"
    assert "20-JP compliance by agencies, Q3 2026" in fig._suptitle.get_text()


def test_plot_participation() -> None:
    groups = pd.DataFrame({"name": ["A", "B"], **_shares(
        ("participation_rate", "completion_rate", "no_show_rate", "dropout_rate"), [0.3, 0.5])})
    groups["completion_rate"] = [0.8, np.nan]
    overall = pd.DataFrame(_shares(("participation_rate",), [0.4]))
    fig = plots.plot_participation(groups, overall, PERIOD, "id")
    assert isinstance(fig, Figure) and len(fig.axes) == 2
    assert len(fig.axes[1].patches) == 3  # one group with a completion rate x three stacked statuses
    assert [t.get_text() for t in fig.axes[1].get_legend().get_texts()] == ["Selesai", "Berhenti", "Tidak hadir"]


def test_plot_equity() -> None:
    rows = []
    for dim in coverage.EQUITY_DIMENSIONS:
        for group, staff in (("F", 10), ("M", 20), ("X", 0)):
            rows.append({"dimension": dim, "group": group, "active_staff": staff,
                         **{k: v[0] for k, v in _shares(("participation_rate", "share_meeting_20jp"), [0.5]).items()}})
    eq = coverage.equity_table(pd.DataFrame(rows).assign(p_value_20jp=0.5, p_value_participation=0.5), "en")
    fig = plots.plot_equity(eq, PERIOD, "en")
    assert isinstance(fig, Figure) and len(fig.axes) == 6
    ax = fig.axes[0]
    assert len(ax.containers) == 2  # participation and 20 JP
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Men", "Women"]  # X has no staff; F on top
    assert len(fig.legends) == 1


def test_plot_predictors() -> None:
    pred = pd.DataFrame({"model": ["participation", "participation", "no_show", "no_show", "participation_survey"],
                         "term": ["female", "sector__health", "modality__e_learning", "pppk", "learning_motivation"],
                         "odds_ratio": [1.2, 2.0, 0.8, 1.1, 1.3], "ratio_ci_low": [0.9, 1.1, 0.5, 0.7, 1.0],
                         "ratio_ci_high": [1.6, 3.0, 1.2, 1.7, 1.7]})
    fig = plots.plot_predictors(pred, "en")
    assert isinstance(fig, Figure) and len(fig.axes) == 2  # participation and no_show; no dropout rows
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == ["Women"]  # sector term hidden
    assert fig.axes[1].get_title(loc="left") == "No-show"
    assert fig.axes[0].get_xscale() == "log"
    with pytest.raises(ValueError, match="no rows"):
        plots.plot_predictors(pred.loc[pred["model"].eq("participation_survey")], "en")


def test_plot_trend() -> None:
    periods = ["2026Q1", "2026Q2", "2026Q3"]
    rows = [{"period": p, "metric": m, "estimate": 0.4, "ci_low": 0.3, "ci_high": 0.5, "n": 100}
            for m in [*coverage.TREND_LABELS, "jp_mean"] for p in periods]
    fig = plots.plot_trend(pd.DataFrame(rows), "en")
    assert isinstance(fig, Figure) and len(fig.axes) == 8
    assert all(len(ax.lines) == 1 for ax in fig.axes)
    assert sum(len(ax.collections) for ax in fig.axes) == len(coverage.TREND_LABELS)  # CI bands; none for JP
    assert fig.axes[7].get_title(loc="left") == "Mean JP year to date"
    assert [t.get_text() for t in fig.axes[4].get_xticklabels()] == ["26Q1", "26Q2", "26Q3"]
