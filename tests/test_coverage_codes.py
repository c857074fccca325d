"""The coverage area's catalogue, result codes and small helpers: every text exists in both
languages with the same placeholders, record_results records exactly the codes (in the order
and with the units) notebook 20 records, the brief's code among them, and the scope moved to
the data layer keeps its old import path."""

from __future__ import annotations

import string

import numpy as np
import pandas as pd
import pytest

from analysis import coverage
from analysis.coverage import codes, messages
from analysis.coverage.narrative import clearly, enough_staff
from analysis.data import scope
from analysis.data.results import ResultsRecorder
from analysis.data.staff import EQUITY_DIMENSIONS
from analysis.stats.intervals import versus_rest
from analysis.text import phrases

PERIOD = "2026Q3"


def _pairs(module) -> dict[str, tuple[str, str]]:
    """Every (id, en) pair of a messages module, flattened: name[key] -> pair."""
    out: dict[str, tuple[str, str]] = {}
    for name, value in vars(module).items():
        if name.startswith("_") or not name.isupper():
            continue
        if isinstance(value, tuple) and len(value) == 2 and all(isinstance(v, str) for v in value):
            out[name] = value
        elif isinstance(value, dict):
            for key, pair in value.items():
                if isinstance(pair, tuple) and isinstance(pair[0], tuple):  # TABLES: (title, note)
                    out[f"{name}[{key}].title"], out[f"{name}[{key}].note"] = pair
                elif isinstance(pair, tuple):
                    out[f"{name}[{key}]"] = pair
    return out


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_coverage_text_has_both_languages_and_the_same_placeholders() -> None:
    pairs = _pairs(messages)
    assert len(pairs) > 60
    for name, (id_text, en_text) in pairs.items():
        assert id_text.strip() and en_text.strip(), name
        # the English plural ending is the one value Indonesian does not need
        assert _fields(id_text) == _fields(en_text) - {"plural"}, name


def test_equity_dimensions_are_id_en_pairs() -> None:
    assert EQUITY_DIMENSIONS["gender"] == ("Jenis kelamin", "Gender")
    assert coverage.EQUITY_DIMENSIONS is EQUITY_DIMENSIONS


def test_table_text_and_level_words() -> None:
    text = messages.table_text("coverage_jp_compliance", "en", level="agencies", period="Q3 2026")
    assert text == {"title": "20-JP compliance by agencies, Q3 2026",
                    "note": "Credited JP year to date; staff active at quarter end; Wilson 95% CIs."}
    assert set(messages.TABLES) == {"coverage_jp_compliance", "coverage_participation", "coverage_equity",
                                    "coverage_not_reached", "coverage_predictors", "coverage_trend"}
    assert messages.level_word("agency_id", "en") == "agencies"
    assert messages.level_word_singular("agency_id", "en") == "agency"
    assert messages.level_word_singular("unit_id", "id") == "unit"
    with pytest.raises(ValueError, match="agency_id"):
        messages.level_word_singular("sector", "en")


def test_phrase_helpers() -> None:
    assert phrases.message(("{n} ASN aktif", "{n} active ASN{plural}"), "en", n=3, plural="s") == "3 active ASNs"
    assert phrases.message(("{n} ASN aktif", "{n} active ASN{plural}"), "id", n=3, plural="s") == "3 ASN aktif"
    assert phrases.pick_all({"a": ("satu", "one")}, "id") == {"a": "satu"}
    assert phrases.p_value(0.0004, "id") == "< 0,001"
    assert phrases.p_value(0.0123, "en") == "0.012"


# ------------------------------------------------------------------ record_results


def _overall() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    def share(col: str, v: float) -> dict[str, list[float]]:
        return {col: [v], f"{col}_ci_low": [v - 0.05], f"{col}_ci_high": [v + 0.05]}

    comp = pd.DataFrame({"active_staff": [200], "jp_mean": [14.5], **share("share_meeting_20jp", 0.4),
                         **share("share_on_track", 0.6)})
    part = pd.DataFrame({"enrollments": [150], **share("participation_rate", 0.3), **share("completion_rate", 0.8),
                         **share("no_show_rate", 0.1), **share("dropout_rate", 0.1)})
    nr = pd.DataFrame({"active_staff": [200], "not_reached": [30], **share("share_not_reached", 0.15)})
    return comp, part, nr


def _predictors() -> pd.DataFrame:
    rows = [
        ("participation", "head_participated_prev_quarter", 1.5, 1.1, 2.0),
        ("participation", "female", 1.1, 0.9, 1.3),
        ("participation", "award_prev_4q", 0.9, 0.6, 1.3),
        ("participation", "unit_award_prev_4q", 1.2, 1.0, 1.5),
        ("participation_survey", "head_participated_prev_quarter", 1.4, 1.0, 1.9),
        ("participation_survey", "learning_motivation", 1.3, 1.1, 1.6),
    ]
    frame = pd.DataFrame(rows, columns=["model", "term", "odds_ratio", "ratio_ci_low", "ratio_ci_high"])
    frame["nobs"] = [1000, 1000, 1000, 1000, 400, 400]
    return frame


def test_record_results_records_the_notebook_codes_in_order() -> None:
    comp, part, nr = _overall()
    rec = ResultsRecorder("20_coverage_participation")
    coverage.record_results(rec, PERIOD, "all", comp, part, nr, _predictors())
    assert [k.code for k in rec.numbers] == [
        "coverage.share_meeting_20jp", "coverage.share_on_track", "coverage.jp_mean",
        "coverage.participation_rate", "coverage.completion_rate", "coverage.no_show_rate",
        "coverage.dropout_rate", "coverage.share_not_reached", "coverage.not_reached",
        "coverage.participation_or_head_trained", "coverage.participation_or_award",
        "coverage.participation_or_unit_award", "coverage.participation_or_motivation",
    ]
    by_code = {k.code: k for k in rec.numbers}
    assert all(k.unit == codes.UNITS[k.code] and k.period == PERIOD and k.group is None for k in rec.numbers)
    head = by_code[codes.PARTICIPATION_OR_HEAD_TRAINED]  # the number the brief reads back
    assert (head.estimate, head.ci_low, head.ci_high, head.n) == (1.5, 1.1, 2.0, 1000)
    assert by_code["coverage.participation_rate"].n == 200  # active staff, the denominator
    assert by_code["coverage.completion_rate"].n == 150  # decided enrollments
    assert by_code["coverage.jp_mean"].ci_low is None
    assert by_code["coverage.participation_or_motivation"].n == 400
    assert set(codes.UNITS) == {k.code for k in rec.numbers}


def test_record_results_for_an_agency_without_models() -> None:
    comp, part, nr = _overall()
    rec = ResultsRecorder("20_coverage_participation")
    empty = pd.DataFrame(columns=["model", "term", "odds_ratio", "ratio_ci_low", "ratio_ci_high", "nobs"])
    coverage.record_results(rec, PERIOD, "DISDIK", comp, part, nr, empty)
    assert len(rec.numbers) == 9
    assert {k.group for k in rec.numbers} == {"DISDIK"}


# ------------------------------------------------------------------ verdict helpers of the narrative


def test_clearly_compares_each_group_with_the_rest_at_a_bonferroni_level() -> None:
    from statsmodels.stats.proportion import confint_proportions_2indep

    frame = pd.DataFrame({"rate": [0.1, 0.5, 0.9, 0.4], "active_staff": [40, np.nan, 29, 200]})
    compared = enough_staff(frame)  # the 29 and the unknown are never named, but stay in the rest
    assert clearly(frame, "rate", "lower", compared).index.tolist() == [0]
    assert clearly(frame, "rate", "higher", compared).empty
    assert clearly(frame, "rate", "lower", compared & False).empty
    # Independent: statsmodels' Newcombe interval of 4/40 minus (26 + 80)/(29 + 200) at 1 - 0.05/2.
    low, high = confint_proportions_2indep(4, 40, 106, 229, method="newcomb", alpha=0.05 / 2)
    versus = versus_rest([4, 80], [40, 200], 110, 269)
    assert versus.loc[0, ["ci_low", "ci_high"]].tolist() == pytest.approx([low, high], abs=1e-10)
    assert versus["level"].iloc[0] == pytest.approx(0.975)
    assert enough_staff(frame).tolist() == [True, False, False, True]
    assert enough_staff(frame, min_n=20).tolist() == [True, False, True, True]


def test_clearly_names_some_equal_group_rarely() -> None:
    """39 agencies of 30-300 staff sharing one 40% rate: the per-group 95% rule would name an agency
    in most cities; the Bonferroni family names one in at most about 5%."""
    rng = np.random.default_rng(7)
    named = 0
    sims = 300
    for _ in range(sims):
        n = rng.integers(30, 300, size=39)
        frame = pd.DataFrame({"rate": rng.binomial(n, 0.4) / n, "active_staff": n})
        compared = pd.Series(True, index=frame.index)
        named += bool(len(clearly(frame, "rate", "lower", compared)) + len(clearly(frame, "rate", "higher", compared)))
    assert named / sims <= 0.08  # binomial(300, 0.05) stays below 24 with probability > 0.99


def test_restrict_to_agency_lives_in_the_data_layer() -> None:
    assert coverage.restrict_to_agency is scope.restrict_to_agency
