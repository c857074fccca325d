"""Quarters, number formatting and the results recorder on hand-made cases."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from analysis.data.periods import (
    PeriodError,
    format_period,
    parse_period,
    period_index,
    period_of,
    period_range,
    quarter_end,
    quarter_start,
    quarters_elapsed,
    shift_period,
)
from analysis.data.results import ResultsRecorder, read_results
from analysis.text import fmt


@pytest.mark.parametrize("text", ["2026Q3", "2026q3", "2026-Q3", " 2026Q3 "])
def test_parse_period_accepts_common_spellings(text: str) -> None:
    assert format_period(text) == "2026Q3"


@pytest.mark.parametrize("text", ["2026Q5", "2026-09", "Q3 2026", ""])
def test_parse_period_rejects_with_the_expected_form(text: str) -> None:
    with pytest.raises(PeriodError, match="YYYYQn"):
        parse_period(text)


def test_quarter_bounds_and_arithmetic() -> None:
    assert quarter_start("2026Q3") == pd.Timestamp("2026-07-01")
    assert quarter_end("2026Q3") == pd.Timestamp("2026-09-30")
    assert quarter_end("2024Q1") == pd.Timestamp("2024-03-31")
    assert shift_period("2026Q1", -1) == "2025Q4"
    assert shift_period("2025Q4", 3) == "2026Q3"
    assert period_range("2025Q3", "2026Q2") == ["2025Q3", "2025Q4", "2026Q1", "2026Q2"]
    assert period_range("2026Q2", "2025Q3") == []
    assert quarters_elapsed("2026Q3") == 3
    assert period_index("2026Q1") - period_index("2025Q4") == 1


def test_period_of_dates_keeps_missing() -> None:
    dates = pd.Series(pd.to_datetime(["2026-09-30", "2026-10-01", None]))
    assert period_of(dates).tolist() == ["2026Q3", "2026Q4", pd.NA]


def test_numbers_in_both_languages() -> None:
    assert fmt.number(1234.5, "id") == "1.234,5"
    assert fmt.number(1234.5, "en") == "1,234.5"
    assert fmt.number(-3.25, "id", 2) == "−3,25"
    assert fmt.number(-0.01, "id", 1) == "0,0"
    assert fmt.percent(0.123, "id") == "12,3%"
    assert fmt.money(1.2e9, "id") == "Rp 1,2 miliar"
    assert fmt.money(3.5e6, "en") == "IDR 3.5 million"
    assert fmt.money(950, "id") == "Rp 950"
    assert fmt.points(1.24, "id") == "+1,2"
    assert fmt.points(-0.44, "en") == "−0.4"
    assert fmt.interval(0.6, 1.8, "id") == "IK 95% 0,6 s.d. 1,8"
    assert fmt.date("2026-09-30", "id") == "30 September 2026"
    assert fmt.period_label("2026Q3", "id") == "Triwulan III 2026"
    assert fmt.number(float("nan")) == fmt.MISSING
    with pytest.raises(ValueError, match="lang"):
        fmt.number(1.0, "fr")  # type: ignore[arg-type]


def test_results_recorder_roundtrip(tmp_path) -> None:
    rec = ResultsRecorder("10_training_outcomes")
    rec.record("outcomes.mean_gain", 8.0, 7.0, 9.0, n=100, unit="points", period="2026Q3")
    rec.record("outcomes.mean_gain", 8.5, 7.5, 9.5, n=120, unit="points", period="2026Q3")
    rec.record("coverage.share", float("nan"), n=0, unit="share", period="2026Q3")
    path = rec.write(tmp_path)
    payload = json.loads(path.read_text())
    assert len(payload["numbers"]) == 2  # the second record replaced the first
    rows = read_results(tmp_path)
    gain = next(r for r in rows if r["code"] == "outcomes.mean_gain")
    assert gain["estimate"] == 8.5 and gain["n"] == 120
    assert next(r for r in rows if r["code"] == "coverage.share")["estimate"] is None
    table_path = rec.table("t1", pd.DataFrame({"a": [1, 2]}), tmp_path, title="T")
    assert pd.read_parquet(table_path)["a"].tolist() == [1, 2]
