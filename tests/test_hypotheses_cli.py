"""``kompetensi hypotheses``: the catalogue listing, problems with their lines (exit 2), the
outputs (JSON, HTML, PDF), and the register of the file's first run (a changed file is flagged)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from analysis.cli import main
from analysis.data.paths import SAMPLE_DIR
from analysis.hypotheses.registry import read_registry, record_run, registry_path

needs_sample = pytest.mark.skipif(not (SAMPLE_DIR / "truth.json").exists(), reason="data/sample is not present")

SPEC = """\
title: Two unit-level questions
alpha: 0.05
correction: bh
hypotheses:
  - id: H1
    statement: Units that train more have a higher IKM
    outcome: ikm
    exposure: jp_per_staff_4q
    direction: greater
    min_effect: 0.05
  - id: H2
    statement: Units that train more have a lower IKM
    outcome: ikm
    exposure: jp_per_staff_4q
    direction: less
    min_effect: 0.05
"""


def test_list_prints_outcomes_exposures_and_designs(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["hypotheses", "--list", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "OUTCOMES" in out and "EXPOSURES" in out and "PAIRS AND DESIGNS" in out
    assert "participation" in out and "probability 0–1" in out and "head_trained_last_quarter" in out
    assert "-> staggered_did" in out and "-> ancova" in out
    assert main(["hypotheses", "--list"]) == 0
    assert "PASANGAN DAN DESAIN" in capsys.readouterr().out


def test_missing_arguments_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["hypotheses", "spec.yaml"]) == 2
    assert "give SPEC, --data and --out" in capsys.readouterr().err


@needs_sample
def test_a_bad_file_exits_2_with_lines(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = tmp_path / "bad.yaml"
    spec.write_text(SPEC.replace("outcome: ikm", "outcome: ikn", 1).replace("direction: less", "direction: lower"))
    code = main(["hypotheses", str(spec), "--data", str(SAMPLE_DIR), "--out", str(tmp_path / "out"),
                 "--lang", "en"])
    err = capsys.readouterr().err
    assert code == 2
    assert "2 problems in bad.yaml" in err
    assert "bad.yaml:7: hypotheses[0].outcome: unknown outcome 'ikn' (did you mean 'ikm'?)" in err
    assert "bad.yaml:15: hypotheses[1].direction" in err
    assert not (tmp_path / "out").exists() and not registry_path(spec).exists()


@needs_sample
@pytest.mark.slow
def test_outputs_and_the_register(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from pypdf import PdfReader

    spec = tmp_path / "city.yaml"
    spec.write_text(SPEC, encoding="utf-8")
    out = tmp_path / "out"
    args = ["hypotheses", str(spec), "--data", str(SAMPLE_DIR), "--period", "2026Q3", "--out", str(out), "--lang", "en"]
    assert main(args) == 0
    payload = json.loads((out / "hypotheses.json").read_text(encoding="utf-8"))
    assert payload["n_hypotheses"] == 2 and payload["correction"] == "bh" and payload["period"] == "2026Q3"
    h1, h2 = payload["hypotheses"]
    for key in ("id", "outcome", "exposure", "estimate", "ci_low", "ci_high", "p_value", "p_adjusted", "n",
                "n_clusters", "mde", "verdict", "reason"):
        assert key in h1, key
    assert h1["verdict"] == "supported" and h1["n_clusters"] == 58 and h1["ci_low"] < 0.12 < h1["ci_high"]
    assert h2["verdict"] == "not_supported" and "rules out" in h2["reason"] and "other way" in h2["reason"]
    assert payload["spec"]["changed_after_first_run"] is False and payload["spec"]["first_run_now"] is True
    page = (out / "hypotheses.html").read_text(encoding="utf-8")
    assert "Units that train more have a higher IKM" in page and "supported" in page
    assert "2 hypotheses stated" in page and "Benjamini-Hochberg" in page and "data:image/png;base64" in page
    assert "<script" not in page and 'src="http' not in page
    text = "".join(p.extract_text() for p in PdfReader(out / "hypotheses.pdf").pages)
    assert "H1" in text and "Hypothesis tests" in text
    assert (out / "figures" / "hypotheses_forest.png").exists()

    # the register sits next to the file; an unchanged file is not recorded again
    registry = registry_path(spec)
    assert registry == tmp_path / "city.registry.json"
    first = registry.read_text()
    assert main(args) == 0
    assert registry.read_text() == first
    again = json.loads((out / "hypotheses.json").read_text(encoding="utf-8"))
    assert again["spec"]["first_run_now"] is False and again["spec"]["changed_after_first_run"] is False
    assert "has not changed since" in (out / "hypotheses.html").read_text(encoding="utf-8")

    # any edit after the first run is flagged on the page, in the JSON and on stderr
    capsys.readouterr()
    spec.write_text(SPEC.replace("min_effect: 0.05", "min_effect: 0.02", 1), encoding="utf-8")
    assert main(args) == 0
    assert "changed after its first run" in capsys.readouterr().err
    changed = json.loads((out / "hypotheses.json").read_text(encoding="utf-8"))
    assert changed["spec"]["changed_after_first_run"] is True
    assert changed["spec"]["first_run"] == again["spec"]["first_run"]
    assert "WARNING: the hypothesis file changed after its first run" in (out / "hypotheses.html").read_text(
        encoding="utf-8")
    assert len(read_registry(registry)) == 2


def test_register_records_versions_once(tmp_path: Path) -> None:
    spec = tmp_path / "s.yaml"
    first = record_run(spec, "a" * 64, "2026Q2", now="2026-04-01T00:00:00Z")
    assert first.first_time and not first.changed and first.first_run == "2026-04-01T00:00:00Z"
    same = record_run(spec, "a" * 64, "2026Q3", now="2026-07-01T00:00:00Z")
    assert not same.first_time and not same.changed and same.this_version_first_run == "2026-04-01T00:00:00Z"
    other = record_run(spec, "b" * 64, "2026Q3", now="2026-07-02T00:00:00Z")
    assert other.changed and other.first_run == "2026-04-01T00:00:00Z"
    assert other.this_version_first_run == "2026-07-02T00:00:00Z"
    back = record_run(spec, "a" * 64, "2026Q4", now="2026-10-01T00:00:00Z")
    assert not back.changed  # the first version again
    assert [v["sha256"][0] for v in read_registry(registry_path(spec))] == ["a", "b"]
