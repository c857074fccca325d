"""The service-link catalogue: both languages for every key, the same placeholders on both sides,
and the notebook's helpers (captions, panel description, selections, verdicts)."""

from __future__ import annotations

import math
import string

import numpy as np
import pandas as pd
import pytest

from analysis import linkage
from analysis.linkage import messages
from analysis.linkage.exposure import estimate_with_interval


def _pairs() -> dict[str, tuple[str, str]]:
    found: dict[str, tuple[str, str]] = {}
    for name, value in vars(messages).items():
        if name.startswith("_") or not name.isupper():
            continue
        if isinstance(value, tuple) and len(value) == 2 and all(isinstance(v, str) for v in value):
            found[name] = value
        elif isinstance(value, dict):
            for key, pair in value.items():
                if isinstance(pair, tuple):
                    found[f"{name}[{key}]"] = pair
    return found


def _fields(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


def test_every_pair_has_both_languages_and_the_same_placeholders() -> None:
    pairs = _pairs()
    assert len(pairs) > 60
    for name, (idn, en) in pairs.items():
        assert idn and en, name
        assert _fields(idn) == _fields(en), name


def test_catalogues_cover_the_same_keys() -> None:
    assert set(messages.METRIC_SHORT_NAMES) == set(messages.METRIC_SHORT_UNITS)
    assert set(messages.METRIC_UNITS) == set(messages.METRIC_SHORT_NAMES)
    assert set(messages.EXPOSURE_CHANGE) == set(linkage.EXPOSURE_STEPS)
    assert set(messages.TABLE_NOTES) <= set(messages.TABLE_TITLES)


@pytest.mark.parametrize("lang", ["id", "en"])
def test_table_captions(lang: str) -> None:
    for name in messages.TABLE_TITLES:
        caption = linkage.table_caption(name, lang, metric="ikm")
        assert set(caption) == {"title", "note"} and caption["title"]
        assert "{" not in caption["title"] and "{" not in caption["note"]
    assert linkage.table_caption("linkage_effects", "en")["title"] == (
        "JP per staff and service metrics (per +5 JP)"
    )
    assert linkage.table_caption("linkage_placebo", "id") == {
        "title": "Plasebo: paparan masa depan", "note": ""
    }


def test_metric_words() -> None:
    assert linkage.metric_label("processing_days", "id") == "Rata-rata waktu penyelesaian (hari)"
    assert linkage.metric_label("processing_days", "en") == "Average processing time (days)"
    assert linkage.metric_label("custom", "en") == "custom"
    assert messages.metric_short("complaints_per_1000", "en") == ("complaints", "per 1,000 services")
    assert messages.metric_short("custom", "id") == ("custom", "")


def test_panel_helpers_for_the_notebook() -> None:
    panel = pd.DataFrame(
        {
            "unit_id": ["A", "A", "B", "B", "C"],
            "unit_name": ["a", "a", "b", "b", "c"],
            "agency_id": ["X", "X", "X", "X", "Y"],
            "period": ["2026Q2", "2026Q3"] * 2 + ["2026Q3"],
            "staff": [3, 3, 2, 2, 0],
            "jp_per_staff_4q": [1.0, 2.0, np.nan, 3.0, np.nan],
            "share_on_track": 0.5,
            "mean_competency_gap": 0.1,
            "ikm": [80.0, np.nan, 70.0, 75.0, 60.0],
            "processing_days": [np.nan, np.nan, np.nan, 4.0, np.nan],
        }
    )
    size = linkage.panel_size(panel, ["ikm", "processing_days"])
    assert (size.n_units, size.n_quarters, size.n_unit_quarters) == (2, 2, 2)
    text = linkage.panel_description(size, ["ikm"], "2026Q3", "en")
    assert text.startswith("Panel: **2 units** x **2 quarters** up to Q3 2026 (2 unit-quarters")
    assert linkage.focus_metric(["processing_days", "ikm"]) == "ikm"
    assert linkage.focus_metric(["processing_days"]) == "processing_days"
    assert linkage.key_metrics(["spm_attainment", "processing_days"]) == ["processing_days"]
    assert linkage.key_metrics(["spm_attainment"]) == ["spm_attainment"]
    mine = linkage.agency_snapshot(panel, "X", "2026Q3", ["ikm"])
    assert mine["unit_id"].tolist() == ["A", "B"] and list(mine.columns)[-1] == "ikm"
    assert linkage.agency_heading("Z", "2026Q3", "id", has_units=False) == (
        "OPD Z: tidak ada unit dalam data."
    )
    times = pd.DataFrame({"metric": ["ikm", "online_share", "spm_attainment"]})
    assert linkage.charted_metrics(times) == ["ikm", "online_share"]


def test_service_verdict_follows_the_verdict_rule() -> None:
    assert linkage.service_verdict(0.1, 0.5, 1) == "better"
    assert linkage.service_verdict(0.1, 0.5, -1) == "worse"
    assert linkage.service_verdict(-0.5, -0.1, -1) == "better"
    assert linkage.service_verdict(-0.1, 0.5, 1) == "no_clear_change"
    assert linkage.service_verdict(0.1, 0.5, 0) == "changes"
    assert linkage.service_verdict(math.nan, 0.5, 1) == "no_clear_change"


def test_estimate_with_interval_t_and_normal() -> None:
    t_row = estimate_with_interval(1.0, 0.5, df=10)
    z_row = estimate_with_interval(1.0, 0.5)
    assert t_row["ci_low"] < z_row["ci_low"] < 1.0 < z_row["ci_high"] < t_row["ci_high"]
    assert z_row["ci_high"] == pytest.approx(1.0 + 1.959964 * 0.5)
    assert z_row["p_value"] == pytest.approx(0.0455, abs=1e-4)
    assert math.isnan(estimate_with_interval(1.0, 0.0)["p_value"])


def test_it_training_effects_reports_what_it_skips() -> None:
    panel = pd.DataFrame({"unit_id": ["A"], "ikm": [80.0]})
    effects, skipped = linkage.it_training_effects(panel, ["ikm"])
    assert effects.empty and list(skipped) == ["ikm"]
