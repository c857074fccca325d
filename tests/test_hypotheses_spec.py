"""Hypothesis files: every kind of problem is reported with its line and the allowed values,
all problems at once, and nothing is estimated or recorded from a file with a problem."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from analysis.hypotheses import SpecError, catalogue, check_spec, load_spec
from analysis.hypotheses.run import EXAMPLE_SPEC
from analysis.hypotheses.spec import parse_periods

GOOD = """\
title: Test
alpha: 0.05
correction: holm
hypotheses:
  - id: H1
    statement: More training, higher IKM
    outcome: ikm
    exposure: jp_per_staff
    direction: greater
    min_effect: 0.05
"""


def _problems(text: str, cat=None) -> list:
    with pytest.raises(SpecError) as info:
        check_spec(textwrap.dedent(text), cat, source="spec.yaml")
    return list(info.value.problems)


def _one(text: str, cat=None):
    problems = _problems(text, cat)
    assert len(problems) == 1, [p.text() for p in problems]
    return problems[0]


def test_a_good_file_reads_with_defaults_and_checksum() -> None:
    spec = check_spec(GOOD)
    assert spec.title == "Test" and spec.alpha == 0.05 and spec.correction == "holm"
    (h,) = spec.hypotheses
    assert (h.id, h.outcome, h.exposure, h.direction, h.min_effect, h.line) == (
        "H1", "ikm", "jp_per_staff", "greater", 0.05, 5)
    assert h.periods is None and h.filter == {} and h.level == ()
    assert len(spec.sha256) == 64
    defaults = check_spec(GOOD.replace("alpha: 0.05\ncorrection: holm\n", ""))
    assert (defaults.alpha, defaults.correction) == (0.05, "holm")


def test_the_shipped_example_is_valid(sample) -> None:
    from analysis.hypotheses import dataset_catalogue

    ds, _, _ = sample
    spec = load_spec(EXAMPLE_SPEC, dataset_catalogue(ds))
    assert len(spec.hypotheses) >= 6
    assert {h.exposure for h in spec.hypotheses} >= {
        "jp_per_staff_4q", "online_started", "it_trained_before_launch", "head_trained_last_quarter",
        "received_award", "unit_award_last_4q", "provider_type"}


def test_unknown_outcome_names_the_closest_and_the_allowed() -> None:
    p = _one(GOOD.replace("outcome: ikm", "outcome: ikn"))
    assert p.line == 7 and p.where == "hypotheses[0].outcome"
    text = p.text("en", "spec.yaml")
    assert text.startswith("spec.yaml:7: hypotheses[0].outcome: unknown outcome 'ikn' (did you mean 'ikm'?)")
    assert "allowed: ikm, processing_days" in text and "participation" in text
    assert "outcome 'ikn' tidak dikenal (mungkin maksudnya 'ikm'?)" in p.text("id")


def test_unknown_exposure() -> None:
    p = _one(GOOD.replace("exposure: jp_per_staff", "exposure: jp_per_stuff"))
    assert p.line == 8 and "did you mean 'jp_per_staff'?" in p.text() and "online_started" in p.allowed


def test_impossible_pair_lists_the_exposures_of_the_outcome() -> None:
    p = _one(GOOD.replace("outcome: ikm", "outcome: participation"))
    assert p.line == 8 and p.where == "hypotheses[0].exposure"
    assert "cannot be paired with the exposure 'jp_per_staff'" in p.text()
    assert p.allowed == ("head_trained_last_quarter", "unit_award_last_4q", "received_award", "employment_type",
                         "gender", "position_type")
    p = _one(GOOD.replace("outcome: ikm", "outcome: participation").replace("jp_per_staff", "modality\n    level: e_learning"))
    assert "modality" in p.text() and "modality" not in p.allowed


def test_typo_in_a_key_suggests_the_allowed_key() -> None:
    p = _one(GOOD.replace("    statement:", "    statment:").replace("More training", "x") + "    statement: y\n")
    assert p.line == 6 and p.where == "hypotheses[0].statment"
    assert "unknown key 'statment' (did you mean 'statement'?)" in p.text()
    assert "min_effect" in p.allowed
    top = _one(GOOD.replace("correction: holm", "corection: holm"))
    assert top.line == 3 and "did you mean 'correction'?" in top.text()
    assert top.allowed == ("title", "alpha", "correction", "hypotheses")


def test_missing_and_repeated_keys_and_ids() -> None:
    p = _one(GOOD.replace("    min_effect: 0.05\n", ""))
    assert p.line == 5 and "required key 'min_effect' is missing" in p.text()
    p = _one(GOOD + "    direction: less\n")
    assert p.line == 11 and "key 'direction' appears twice" in p.text()
    twice = GOOD + GOOD.split("hypotheses:\n")[1]
    p = _one(twice)
    assert p.line == 11 and "id 'H1' is already used on line 5" in p.text()
    p = _one(GOOD.replace("title: Test\n", ""))
    assert p.line == 1 and "required key 'title'" in p.text()


def test_bad_direction_min_effect_alpha_correction() -> None:
    p = _one(GOOD.replace("direction: greater", "direction: up"))
    assert p.line == 9 and p.allowed == ("greater", "less", "two_sided")
    p = _one(GOOD.replace("min_effect: 0.05", "min_effect: -0.05"))
    assert p.line == 10 and "min_effect is a size (> 0)" in p.text()
    p = _one(GOOD.replace("min_effect: 0.05", "min_effect: large"))
    assert p.line == 10 and "must be a number" in p.text()
    p = _one(GOOD.replace("alpha: 0.05", "alpha: 5"))
    assert p.line == 2 and "alpha must lie between 0 and 0.5" in p.text()
    p = _one(GOOD.replace("correction: holm", "correction: bonferroni"))
    assert p.line == 3 and p.allowed == ("holm", "bh", "none")


@pytest.mark.parametrize("periods", ["2025Q5..2026Q2", "2026Q2..2025Q1", "2025-Q1 to 2026Q2", "2025Q1..", "Q1"])
def test_bad_periods(periods: str) -> None:
    p = _one(GOOD + f"    periods: {periods}\n")
    assert p.line == 11 and p.where == "hypotheses[0].periods"
    assert f"periods '{periods}' is not valid" in p.text() and "YYYYQn..YYYYQn" in p.text()


def test_good_periods() -> None:
    assert parse_periods("2025Q1..2026Q2") == ("2025Q1", "2026Q2")
    assert parse_periods("2025q3") == ("2025Q3", "2025Q3")
    h = check_spec(GOOD + "    periods: 2025Q1 .. 2026Q2\n").hypotheses[0]
    assert h.periods == ("2025Q1", "2026Q2")


def test_levels_of_categorical_exposures() -> None:
    gain = GOOD.replace("outcome: ikm", "outcome: learning_gain").replace("jp_per_staff", "provider_type")
    p = _one(gain)
    assert p.line == 8 and "needs 'level:'" in p.text() and "university" in p.allowed
    h = check_spec(gain + "    level: [university, professional_org]\n").hypotheses[0]
    assert h.level == ("university", "professional_org") and h.reference == "internal"
    p = _one(gain + "    level: univrsity\n")
    assert p.line == 11 and "did you mean 'university'?" in p.text()
    p = _one(gain + "    level: university\n    reference: university\n")
    assert p.line == 12 and "the reference 'university' is also a level" in p.text()
    p = _one(GOOD + "    level: university\n")
    assert p.line == 11 and "'level' is only for categorical exposures" in p.text()
    women = check_spec(gain.replace("provider_type", "gender")).hypotheses[0]
    assert (women.level, women.reference) == (("F",), "M")


def test_filters() -> None:
    h = check_spec(GOOD + "    filter: {sector: [health, education]}\n").hypotheses[0]
    assert h.filter == {"sector": ("health", "education")}
    p = _one(GOOD + "    filter: {sectr: [health]}\n")
    assert p.line == 11 and "did you mean 'sector'?" in p.text()
    assert p.allowed == ("sector", "agency_id", "unit_id")  # what a unit x quarter outcome can be cut by
    p = _one(GOOD + "    filter: {sector: [helth]}\n")
    assert "unknown sector 'helth' (did you mean 'health'?)" in p.text() and "education" in p.allowed
    p = _one(GOOD + "    filter: {gender: [F]}\n")
    assert "unknown key 'gender'" in p.text()  # not a column of the unit panel
    p = _one(GOOD.replace("outcome: ikm", "outcome: participation").replace("jp_per_staff", "gender")
             + "    filter: {gender: [F]}\n")
    assert "cannot filter on the exposure itself" in p.text()
    cat = catalogue(ids={"agency_id": ["DINKES", "DISDIK"], "unit_id": ["DINKES"]})
    p = _one(GOOD + "    filter: {agency_id: DINKS}\n", cat)
    assert "unknown agency_id 'DINKS' (did you mean 'DINKES'?)" in p.text() and p.allowed == ("DINKES", "DISDIK")


def test_custom_metrics_come_from_the_data() -> None:
    text = GOOD.replace("outcome: ikm", "outcome: waiting_minutes")
    assert "unknown outcome 'waiting_minutes'" in _one(text).text()
    assert check_spec(text, catalogue(["ikm", "waiting_minutes"])).hypotheses[0].outcome == "waiting_minutes"


def test_yaml_syntax_and_empty_files() -> None:
    p = _one("title: x\nhypotheses:\n  - id: H1\n    statement: [unclosed\n")
    assert p.line >= 4 and "the YAML cannot be read" in p.text()
    assert "the file is empty" in _one("").text()
    assert "must be a mapping" in _one("- just\n- a list\n").text()
    assert "at least one hypothesis" in _one("title: x\nhypotheses: []\n").text()


def test_a_file_that_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin.yaml"
    path.write_bytes(GOOD.replace("More training", "Pelatihan lebih banyak \xe9").encode("latin-1"))
    with pytest.raises(SpecError) as info:
        load_spec(path)
    (p,) = info.value.problems
    assert p.text("en", "latin.yaml") == "latin.yaml:1: file: the file is not UTF-8 text"


def test_every_problem_is_reported_at_once_sorted_by_line() -> None:
    text = GOOD.replace("outcome: ikm", "outcome: ikn").replace("direction: greater", "direction: up") \
        .replace("correction: holm", "correction: hlm")
    problems = _problems(text)
    assert [p.line for p in problems] == [3, 7, 9]
    report = SpecError(problems, "spec.yaml").report("en")
    assert report.splitlines()[0] == "3 problems in spec.yaml; no hypothesis is tested until all are fixed:"
    assert "spec.yaml:9: hypotheses[0].direction" in report
    assert SpecError(problems, "spec.yaml").report("id").startswith("3 masalah dalam spec.yaml")


def test_nothing_runs_or_is_recorded_from_a_bad_file(sample, tmp_path: Path) -> None:
    from analysis.hypotheses import run_hypotheses

    ds, _, _ = sample
    path = tmp_path / "bad.yaml"
    path.write_text(GOOD.replace("outcome: ikm", "outcome: ikn"), encoding="utf-8")
    with pytest.raises(SpecError, match="bad.yaml:7"):
        run_hypotheses(path, ds, "2026Q3")
    assert not (tmp_path / "bad.registry.json").exists()
