"""Secondary suppression that holds up, rates that give a count away, and the two marks:
hand-made tables checked by working the hidden cells out as a reader would (docs/disclosure.md)."""

from __future__ import annotations

import itertools

import pandas as pd
import pytest

from analysis.data.disclosure import (
    DisclosurePolicy,
    cell_marks,
    complementary_cells,
    disclose,
    suppression_kinds,
)
from analysis.data.results import ResultsRecorder
from analysis.text.html import table_html

POLICY = DisclosurePolicy()
K = POLICY.min_people


def _solutions(remainder: int, n_hidden: int) -> list[tuple[int, ...]]:
    """Every way non-negative whole counts of ``n_hidden`` hidden cells add up to ``remainder``
    (what a reader knows: the total minus the cells shown)."""
    return [c for c in itertools.product(range(remainder + 1), repeat=n_hidden) if sum(c) == remainder]


def _assert_not_recoverable(counts: list[int], hidden: list[bool]) -> None:
    """No hidden cell has a single possible value, and the hidden cells' sum is not a small cell."""
    values = [c for c, h in zip(counts, hidden, strict=True) if h]
    if not values:
        return
    remainder = sum(values)
    assert not 0 < remainder < K, f"the hidden cells add up to {remainder}, itself a small cell"
    ways = _solutions(remainder, len(values))
    for i in range(len(values)):
        assert len({w[i] for w in ways}) > 1, f"hidden cell {i} of {counts} is recoverable"


@pytest.mark.parametrize("counts", [
    [3, 10, 12, 40],        # one small cell: the next smallest goes with it
    [2, 4, 30, 50],         # two small cells: their sum 6 would be the total minus the rest
    [1, 2, 30, 50],         # two small cells adding up to a small cell
    [1, 1, 1, 40, 60],      # three small cells adding up to 3
    [4, 6, 9, 100],
    [0, 3, 9, 20],          # a zero is not hidden and does not protect
    [2, 3, 4],              # the whole margin is small
])
def test_no_hidden_cell_of_a_margin_can_be_worked_out(counts):
    table = pd.DataFrame({"n": counts})
    kinds = suppression_kinds(table, ["n"], POLICY)
    hidden = kinds.ne("").tolist()
    assert all(h for c, h in zip(counts, hidden, strict=True) if 0 < c < K)  # every small cell hidden
    _assert_not_recoverable(counts, hidden)


def test_two_small_cells_take_the_next_smallest_as_a_third():
    kinds = suppression_kinds(pd.DataFrame({"n": [2, 4, 30, 50]}), ["n"], POLICY)
    assert kinds.tolist() == ["primary", "primary", "secondary", ""]


def test_complementary_cells_stops_when_the_margin_is_safe():
    counts = pd.Series([1, 6, 10, 20])
    added = complementary_cells(counts, counts.lt(K) & counts.gt(0), K)
    assert added.tolist() == [False, True, False, False]  # 1 + 6 = 7 hidden in two cells: enough


# ----------------------------------------------------------------------------- rates


def _participation() -> pd.DataFrame:
    """Agency A: 8 decided enrolments, 25% drop-out (2 people); the others are large."""
    enrol = [8, 40, 50, 60]
    completed = [6, 30, 45, 50]
    no_show = [0, 5, 0, 5]
    dropped = [2, 5, 5, 5]
    return pd.DataFrame({
        "agency_id": list("ABCD"), "enrollments": enrol,
        "completion_rate": [c / n for c, n in zip(completed, enrol, strict=True)],
        "no_show_rate": [c / n for c, n in zip(no_show, enrol, strict=True)],
        "dropout_rate": [c / n for c, n in zip(dropped, enrol, strict=True)],
        "dropout_rate_ci_low": [0.05, 0.05, 0.04, 0.03], "dropout_rate_ci_high": [0.6, 0.3, 0.2, 0.2],
    })


def test_a_rate_that_gives_a_small_count_away_is_hidden_with_its_interval():
    out = disclose(_participation(), POLICY)
    assert not out["suppressed"].any()  # 8 enrolments is not small: the row stays
    assert out.loc[0, ["dropout_rate", "dropout_rate_ci_low", "dropout_rate_ci_high"]].isna().all()
    assert out.loc[0, "enrollments"] == 8
    assert cell_marks(out, POLICY).loc[0, "dropout_rate"] == "<5"


def test_completion_no_show_and_drop_out_cannot_be_worked_out_from_each_other_or_the_city():
    frame = _participation()
    out = disclose(frame, POLICY)
    counts = {c: (frame[c] * frame["enrollments"]).round().astype(int) for c in
              ("completion_rate", "no_show_rate", "dropout_rate")}
    # within a row the three add up to the enrolments (shown)
    for i in frame.index:
        row = [int(counts[c][i]) for c in counts]
        _assert_not_recoverable(row, [bool(pd.isna(out.loc[i, c])) for c in counts])
    # within a column the counts add up to the city's count (published as the city's rate)
    for c, column in counts.items():
        _assert_not_recoverable(column.tolist(), out[c].isna().tolist())


def test_a_single_rate_is_hidden_when_its_complement_is_small():
    frame = pd.DataFrame({"unit_id": ["u1", "u2", "u3"], "active_staff": [9, 30, 40],
                          "share_meeting_20jp": [8 / 9, 0.5, 0.6]})
    out = disclose(frame, POLICY)
    assert out["share_meeting_20jp"].isna().tolist() == [True, True, False]  # 1 of 9 missed; B protects it
    assert cell_marks(out, POLICY)["share_meeting_20jp"].tolist() == ["<5", "x", ""]


def test_the_html_table_shows_both_marks_on_rate_cells():
    html = table_html(_participation(), lang="en", policy=POLICY)
    assert "25.0" not in html and "0.25" not in html
    assert ">&lt;5<" in html and ">x<" in html
    assert "hidden so that a small cell cannot be worked out" in html


def test_recorded_rates_of_a_family_protect_each_other():
    rec = ResultsRecorder("x", POLICY)
    where = {"n": 8, "unit": "share", "period": "2026Q3", "group": "A"}
    rec.record("coverage.completion_rate", 6 / 8, **where)
    rec.record("coverage.no_show_rate", 0.0, **where)
    rec.record("coverage.dropout_rate", 2 / 8, 0.05, 0.6, **where)
    got = {k.code.split(".")[1]: (k.estimate, k.suppressed) for k in rec.numbers}
    assert got == {"completion_rate": (None, True), "no_show_rate": (0.0, False), "dropout_rate": (None, True)}


def test_recorded_small_count_and_revealing_share_are_suppressed():
    rec = ResultsRecorder("x", POLICY)
    assert rec.record("coverage.not_reached", 3, n=50, unit="count").suppressed
    assert rec.record("coverage.share_not_reached", 3 / 50, n=50, unit="share").suppressed
    assert not rec.record("coverage.share_meeting_20jp", 0.5, n=50, unit="share").suppressed
    assert not rec.record("coverage.not_reached", 0, n=50, unit="count").suppressed
