"""Training-outcomes result codes, catalogue and page text: record_results records every code
once in its order with its unit; every catalogue entry exists in both languages with the same
fields; the page's headings and captions are the catalogue's."""

from __future__ import annotations

import json
import string

import numpy as np
import pandas as pd
import pytest

from analysis.data.paths import NOTEBOOKS_DIR
from analysis.data.results import ResultsRecorder
from analysis.outcomes import codes, messages, page

PERIOD = "2026Q3"


def _pairs() -> dict[str, tuple[str, str]]:
    """Every (id, en) pair of the catalogue, named by where it sits."""
    found: dict[str, tuple[str, str]] = {}

    def visit(name: str, value: object) -> None:
        if isinstance(value, tuple) and len(value) == 2 and all(isinstance(v, str) for v in value):
            found[name] = value  # type: ignore[assignment]
        elif isinstance(value, tuple | list):
            for i, v in enumerate(value):
                visit(f"{name}[{i}]", v)
        elif isinstance(value, dict):
            for k, v in value.items():
                visit(f"{name}[{k}]", v)

    for name in dir(messages):
        if name.isupper():
            visit(name, getattr(messages, name))
    return found


def _fields(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


def test_catalogue_has_both_languages_with_the_same_fields() -> None:
    pairs = _pairs()
    assert len(pairs) > 100
    for name, (indonesian, english) in pairs.items():
        assert indonesian.strip() and english.strip(), name
        assert _fields(indonesian) == _fields(english), name


def test_catalogue_pairs_are_indonesian_first() -> None:
    assert messages.POINTS == ("poin", "points")
    assert messages.TABLES["outcomes_trend"][0][0].startswith("Tren")
    assert all(title[0] != title[1] for title, _ in messages.TABLES.values())


def _frames(cost: bool = True) -> dict[str, pd.DataFrame]:
    return {
        "satisfaction": pd.DataFrame([{"n": 200, "mean": 3.9, "ci_low": 3.8, "ci_high": 4.0, "share_satisfied": 0.45,
                                       "share_satisfied_ci_low": 0.4, "share_satisfied_ci_high": 0.5}]),
        "learning": pd.DataFrame([{"n": 120, "estimate": 2.1, "ci_low": 1.3, "ci_high": 2.9, "normalised_gain": 0.25,
                                   "share_improved": 0.7, "share_improved_ci_low": 0.6,
                                   "share_improved_ci_high": 0.8}]),
        "adjusted": pd.DataFrame({"factor": ["modality", "provider_type", "pre_score"],
                                  "level": ["e_learning", "university", "per point"],
                                  "reference": ["classroom", "internal", ""], "estimate": [1.0, 2.0, -0.3],
                                  "ci_low": [0.5, 1.0, -0.4], "ci_high": [1.5, 3.0, -0.2], "n_level": [50, 60, 300]}),
        "behaviour": pd.DataFrame([{"n": 90, "mean": 3.5, "ci_low": 3.4, "ci_high": 3.6}]),
        "behaviour_vs_gain": pd.DataFrame([{"n": 80, "correlation": 0.2, "correlation_ci_low": 0.1,
                                            "correlation_ci_high": 0.3}]),
        "relevance": pd.DataFrame([{"enrollments": 400, "share_jp_target_sector": 0.5, "enrollments_assessed": 150,
                                    "share_jp_to_gap": 0.6, "share_jp_to_gap_ci_low": 0.55,
                                    "share_jp_to_gap_ci_high": 0.65}]),
        "partnerships": pd.DataFrame({"provider_type": ["internal", "university"], "n_gain": [100, 40],
                                      "gain_per_million_idr": [2.0, 4.0], "gain_per_million_idr_ci_low": [1.5, 3.0],
                                      "gain_per_million_idr_ci_high": [2.5, 5.0]}),
        "cost": pd.DataFrame([{"enrollments": 500, "n_gain": 140, "cost_per_jp": 1e5, "cost_per_jp_ci_low": 9e4,
                               "cost_per_jp_ci_high": 1.1e5, "cost_per_gain_point": 2e4,
                               "cost_per_gain_point_ci_low": np.nan, "cost_per_gain_point_ci_high": np.nan}])
        if cost else pd.DataFrame(),
    }


def test_record_results_records_every_code_in_order_with_its_unit() -> None:
    rec = ResultsRecorder("10_training_outcomes")
    codes.record_results(rec, PERIOD, "all", 4, **_frames())
    recorded = [(k.code, k.group) for k in rec.numbers]
    assert recorded == [
        (codes.SATISFACTION, None), (codes.SHARE_SATISFIED, None), (codes.MEAN_GAIN, None),
        (codes.NORMALISED_GAIN, None), (codes.SHARE_IMPROVED, None),
        (codes.ADJUSTED_GAIN, "modality:e_learning"), (codes.ADJUSTED_GAIN, "provider_type:university"),
        (codes.BEHAVIOUR, None), (codes.BEHAVIOUR_GAIN_CORRELATION, None), (codes.SHARE_JP_TARGET_SECTOR, None),
        (codes.SHARE_JP_TO_GAP, None), (codes.GAIN_PER_MILLION_IDR, "provider_type:internal"),
        (codes.GAIN_PER_MILLION_IDR, "provider_type:university"), (codes.COST_PER_JP, None),
        (codes.COST_PER_GAIN_POINT, None),
    ]
    assert list(dict.fromkeys(code for code, _ in recorded)) == list(codes.UNITS)
    assert all(k.unit == codes.UNITS[k.code] and k.period == PERIOD for k in rec.numbers)
    by_code = {k.code: k for k in rec.numbers}
    assert by_code[codes.SATISFACTION].note == "attended enrollments ending 2025Q4..2026Q3"
    assert by_code[codes.MEAN_GAIN].n == 120 and by_code[codes.MEAN_GAIN].ci_low == 1.3
    assert by_code[codes.SHARE_JP_TARGET_SECTOR].ci_low is None and by_code[codes.SHARE_JP_TARGET_SECTOR].n == 400
    assert by_code[codes.COST_PER_GAIN_POINT].ci_low is None  # NaN bounds are written as null


def test_record_results_for_one_agency_and_without_costs() -> None:
    rec = ResultsRecorder("10_training_outcomes")
    codes.record_results(rec, PERIOD, "DISDIK", 1, **_frames(cost=False))
    groups = {(k.code, k.group) for k in rec.numbers}
    assert (codes.SATISFACTION, "DISDIK") in groups
    assert (codes.ADJUSTED_GAIN, "modality:e_learning@DISDIK") in groups
    assert (codes.GAIN_PER_MILLION_IDR, "provider_type:university@DISDIK") in groups
    assert not {codes.COST_PER_JP, codes.COST_PER_GAIN_POINT} & {code for code, _ in groups}
    assert next(k for k in rec.numbers if k.code == codes.SATISFACTION).note.endswith("2026Q3..2026Q3")


def _notebook_cells() -> list[dict]:
    return json.loads((NOTEBOOKS_DIR / "10_training_outcomes.ipynb").read_text(encoding="utf-8"))["cells"]


def test_page_title_is_the_notebooks_first_heading_in_each_language() -> None:
    for lang in ("id", "en"):
        first = next(c for c in _notebook_cells()
                     if c["cell_type"] == "markdown" and f"lang-{lang}" in c["metadata"].get("tags", []))
        assert "".join(first["source"]).strip() == f"# {page.page_title(lang)}"
    assert page.page_title("id") == "Hasil pelatihan (Kirkpatrick 1–3)"
    assert "Training" not in page.section_heading("reaction", "id") + page.method_notes("id")


def test_notebook_records_through_record_results_and_has_no_language_switch() -> None:
    code = "\n".join("".join(c["source"]) for c in _notebook_cells() if c["cell_type"] == "code")
    assert "rec.record(" not in code
    assert code.count("outcomes.record_results(") == 1
    assert 'lang == "' not in code and "T = " not in code and "EN = " not in code
    for key in messages.SECTIONS:
        assert f'section_heading("{key}"' in code or key == "method_notes"
    for name in messages.TABLES:
        assert f'table_text("{name}"' in code


def test_section_headings_ledes_and_method_notes() -> None:
    assert page.section_heading("reaction", "en") == "## 1. Level 1 — Reaction"
    assert page.section_heading("reaction", "id") == "## 1. Level 1 — Kepuasan peserta"
    funnel = page.section_heading("funnel", "id").split("\n\n")
    assert funnel[0] == "### Plot corong program"
    assert funnel[1].startswith("Setiap titik satu program") and "*" not in funnel[1]
    notes = page.method_notes("en").splitlines()
    assert notes[0] == "### Method notes"
    assert notes[2].startswith("- Learning gain = post − pre")
    assert page.method_notes("id").splitlines()[2].startswith("- **Peningkatan nilai** = post-test")
    assert not page.page_intro("id").endswith("per JP and per rupiah.*")
    with pytest.raises(ValueError, match="lang"):
        page.section_heading("reaction", "fr")


def test_table_text_fills_its_fields() -> None:
    text = page.table_text("outcomes_by_programme", "en", window="Q4 2025 to Q3 2026")
    assert text == {"title": "Satisfaction and learning gain by programme",
                    "note": "Activities ending Q4 2025 to Q3 2026; 95% CIs; n < 30: not enough data."}
    assert page.table_text("outcomes_relevance", "id", level="OPD")["title"] == "Relevansi pelatihan per OPD"
    assert page.table_text("outcomes_partner_programmes", "en", sector="health")["title"].startswith(
        "University programmes for health")
    with pytest.raises(KeyError):
        page.table_text("outcomes_relevance", "en")


def test_scope_name_and_level_word() -> None:
    names = pd.Series({"DINKES": "Dinas Kesehatan"})
    assert page.scope_name("all", names, "en") == "all agencies in the data"
    assert page.scope_name("DINKES", names, "id") == "Dinas Kesehatan"
    assert page.scope_name("NOPE", names, "id") == "NOPE"
    assert page.level_word("agency_id", "id") == "OPD" and page.level_word("unit_id", "en") == "units"
