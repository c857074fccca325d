"""The validator's message catalogue: every code in both languages, the same placeholders, rendered at the edge."""

from __future__ import annotations

import pickle
import re
from pathlib import Path

import pytest

from analysis.data.errors import Issue
from analysis.data.messages import CATALOGUE, Message, counted, placeholders, render


@pytest.mark.parametrize("code", sorted(CATALOGUE))
def test_every_code_has_both_languages_with_the_same_placeholders(code: str) -> None:
    indonesian, english = CATALOGUE[code]
    assert indonesian.strip() and english.strip()
    assert placeholders(indonesian) == placeholders(english), code


def test_the_indonesian_texts_are_not_copies_of_the_english() -> None:
    # a few codes are language-neutral (symbols, names); the rest must differ
    same = [code for code, (i, e) in CATALOGUE.items() if i == e]
    assert set(same) <= {"metric_at_least", "in_part", "size_mib"}, same


def test_a_message_is_its_english_text_and_renders_in_indonesian_with_nested_hints() -> None:
    hint = Message("code_did_you_mean", code="classroom")
    m = Message("code_unknown", value="clasroom", hint=hint, codes="classroom, e_learning")
    assert m == ("'clasroom' is not an allowed code (did you mean 'classroom'?): use one of classroom, e_learning, "
                 "or recode it under values: in mapping.yaml")
    assert m.text("id").startswith("'clasroom' bukan kode yang diizinkan (maksud Anda 'classroom'?): gunakan")
    assert render(m, "id") == m.text("id") and render("plain text", "id") == "plain text"
    assert pickle.loads(pickle.dumps(m)).text("id") == m.text("id")  # survives worker processes
    with pytest.raises(KeyError, match="unknown message code"):
        Message("no_such_code")


def test_issue_text_locates_in_the_chosen_language() -> None:
    issue = Issue("budget", 3, "year", "20x5", Message("type_int"), "budget.csv")
    assert str(issue) == "budget.csv, row 3, column year: [20x5] not a whole number: write digits only (e.g. 1985)"
    assert issue.text("id") == "budget.csv, baris 3, kolom year: [20x5] bukan bilangan bulat: tulis angka saja (mis. 1985)"


def test_english_plurals_and_one_indonesian_form() -> None:
    assert counted("data_problems", 1) == "1 data problem" and counted("data_problems", 2) == "2 data problems"
    assert counted("data_problems", 1, "id") == "1 masalah data"
    assert counted("data_problems", 2, "id") == "2 masalah data"


def test_every_code_is_used_by_the_data_layer() -> None:
    source = "".join(p.read_text() for p in (Path(__file__).parents[1] / "src" / "analysis" / "data").glob("*.py")
                     if p.name not in ("messages.py", "catalogue.py", "catalogue_inputs.py"))
    used = set(re.findall(r'Message\(\s*["\']([a-z0-9_]+)["\']', source)) | set(re.findall(r'say\(\s*["\']([a-z0-9_]+)["\']', source))
    used |= {f"{stem}_{n}" for stem in re.findall(r'counted\(\s*["\']([a-z_]+)["\']', source) for n in ("one", "many")}
    used |= {f"type_{kind}" for kind in ("float", "int", "money", "bool", "period")}  # built as f"type_{kind}"
    used |= {"rows_and_more"}  # built by messages.listed_rows, which checks.py and damaged.py call
    used |= set(re.findall(r'_pointing_values\([^)]*["\']([a-z0-9_]+)["\']\)', source))  # checks.py's "(same as row N)"
    assert sorted(set(CATALOGUE) - used) == []


def test_messages_survive_the_cache_as_json() -> None:
    import json

    from analysis.data.messages import from_json, to_json

    m = Message("column_missing", column="year", file="budget.csv", hint=Message("column_add_or_map"))
    back = from_json(json.loads(json.dumps(to_json(m))))
    assert back == m and back.text("id") == m.text("id") and "tambahkan kolomnya" in back.text("id")
    assert from_json(to_json("a plain warning")) == "a plain warning"
