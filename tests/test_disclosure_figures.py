"""Figures draw no group on fewer than 5 people and say what they left out (docs/disclosure.md):
hand-made frames with a planted small group, for the area plots of coverage and outcomes."""

from __future__ import annotations

import factories
import numpy as np
import pandas as pd
import pytest

from analysis.charts.theme import FIGURE_NOTE_ID
from analysis.coverage import plots as coverage_plots
from analysis.data.disclosure import DisclosurePolicy, figure_groups
from analysis.outcomes import plots as outcome_plots
from analysis.text.phrases import left_out_note

plt = pytest.importorskip("matplotlib.pyplot")

PERIOD = "2026Q3"
POLICY = DisclosurePolicy()


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _shares(prefixes: tuple[str, ...], values: list[float]) -> dict[str, list[float]]:
    return factories.share_columns(prefixes, values, half_width=0.05)


def _notes(fig) -> str:
    return " ".join(t.get_text() for t in fig.texts if t.get_gid() == FIGURE_NOTE_ID)


def _ticks(ax) -> list[str]:
    return [t.get_text() for t in ax.get_yticklabels()]


def test_figure_groups_lists_small_and_protected_groups():
    frame = pd.DataFrame({"name": ["A", "B", "C", "D"], "active_staff": [3, 9, 40, 50],
                          "share_meeting_20jp": [0.4, 0.4, 0.3, 0.4]})
    drawn = figure_groups(frame, POLICY, "name")
    assert (drawn.small, drawn.protected) == (("A",), ("B", "C"))
    assert drawn.shown["name"].tolist() == ["C", "D"]  # C's row stays, its share is hidden
    # the hidden rows' counts (1 and 4) are two small cells: the next-smallest share (C: 12) goes too
    assert drawn.frame["share_meeting_20jp"].isna().tolist() == [True, True, True, False]
    assert left_out_note(drawn, "id") == ("Tidak digambar karena kurang dari 5 orang: A. Tidak digambar agar "
                                          "sel kecil tidak dapat dihitung ulang: B, C.")
    assert left_out_note(drawn, "en") == ("Not drawn, fewer than 5 people: A. Not drawn so that a small cell "
                                          "cannot be worked out: B, C.")
    many = figure_groups(pd.DataFrame({"name": list("ABCDEFGH"), "n": [1] * 8}), POLICY, "name")
    assert left_out_note(many, "en", most=3) == "Not drawn, fewer than 5 people: A, B, C, and 5 others."


def test_compliance_chart_leaves_out_a_unit_of_three_staff_and_says_so():
    groups = pd.DataFrame({"agency_id": list("ABCD"), "name": ["Small", "Next", "Big", "Bigger"],
                           "active_staff": [3, 12, 40, 60],
                           **_shares(("share_meeting_20jp", "share_on_track"), [0.34, 0.5, 0.6, 0.7])})
    overall = pd.DataFrame({"active_staff": [115], **_shares(("share_meeting_20jp", "share_on_track"), [0.6])})
    fig = coverage_plots.plot_compliance(groups, overall, PERIOD, "agency_id", "en")
    for ax in fig.axes:
        assert _ticks(ax) == ["Big", "Bigger"]
        assert 0.34 not in ax.containers[0].lines[0].get_xdata()
    assert "Not drawn, fewer than 5 people: Small." in _notes(fig)
    assert "cannot be worked out: Next." in _notes(fig)


def test_participation_chart_does_not_draw_a_drop_out_rate_that_reveals_two_people():
    groups = pd.DataFrame({"name": ["Eight", "Forty", "Fifty", "Sixty"], "enrollments": [8, 40, 50, 60],
                           "active_staff": [30, 60, 80, 90],
                           **_shares(("participation_rate",), [0.3, 0.4, 0.5, 0.6]),
                           **_shares(("completion_rate",), [0.75, 0.75, 0.9, 0.8]),
                           **_shares(("no_show_rate",), [0.0, 0.125, 0.0, 0.1]),
                           **_shares(("dropout_rate",), [0.25, 0.125, 0.1, 0.1])})
    overall = pd.DataFrame(_shares(("participation_rate",), [0.45]))
    fig = coverage_plots.plot_participation(groups, overall, PERIOD, "id")
    stacked = _ticks(fig.axes[1])
    assert "Eight" not in stacked and len(fig.axes[1].patches) == 3 * len(stacked)
    assert "Tidak digambar karena kurang dari 5 orang: Eight." in _notes(fig)


def test_levels_chart_leaves_out_a_format_with_two_ratings():
    sat = pd.DataFrame({"modality": ["classroom", "seminar", "coaching"], "n": [60, 2, 40], "mean": [3.9, 4.8, 3.7],
                        "ci_low": [3.8, 4.5, 3.6], "ci_high": [4.0, 5.0, 3.8]})
    lc = pd.DataFrame({"modality": ["classroom", "coaching"], "estimate": [10.0, 5.0], "ci_low": [9.0, 4.0],
                       "ci_high": [11.0, 6.0], "n": [50, 40]})
    beh = pd.DataFrame({"modality": ["classroom"], "n": [30], "mean": [np.nan], "ci_low": [np.nan],
                        "ci_high": [np.nan]})
    fig = outcome_plots.plot_levels_by_modality(sat, lc, beh, PERIOD, 4, "en")
    assert "seminar" not in _ticks(fig.axes[0])
    assert 4.8 not in fig.axes[0].containers[0].lines[0].get_xdata()
    assert "fewer than 5 people" in _notes(fig)


def test_a_figure_without_small_groups_has_no_note():
    groups = pd.DataFrame({"agency_id": list("AB"), "name": ["A", "B"], "active_staff": [30, 40],
                           **_shares(("share_meeting_20jp", "share_on_track"), [0.4, 0.5])})
    overall = pd.DataFrame({"active_staff": [70], **_shares(("share_meeting_20jp", "share_on_track"), [0.45])})
    assert _notes(coverage_plots.plot_compliance(groups, overall, PERIOD, "agency_id", "en")) == ""
