"""The hypothesis page in the report: ``kompetensi report --hypotheses SPEC`` adds the
``60_hypotheses`` notebook with the file as its ``spec`` parameter (the shipped file by
default), a file with a problem stops the report before any notebook runs, and the real
notebook is thin, committed without outputs, and records its verdicts."""

from __future__ import annotations

import argparse
import hashlib
import json
from pathlib import Path

import nbformat
import pytest
from test_report_engine import FAKE_RENDER, PARAMS, Loader, _notebook, _request, make_standins

from analysis.data.paths import NOTEBOOKS_DIR
from analysis.hypotheses.run import EXAMPLE_SPEC
from analysis.report import pipeline
from analysis.report.errors import ReportError
from analysis.report.pipeline import HYPOTHESES_NOTEBOOK, build_report

SPEC = """\
title: Stand-in
hypotheses:
  - id: H1
    statement: More training, higher IKM
    outcome: ikm
    exposure: jp_per_staff_4q
    direction: greater
    min_effect: 0.05
"""

HYPOTHESES_CELL = '''\
from analysis.data.results import ResultsRecorder
rec = ResultsRecorder("60_hypotheses")
rec.record("hypotheses.spec_seen", 1.0, note=spec, period=period)
rec.write(output_dir)
'''


@pytest.fixture
def fake_render(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    name = f"standin_render_{hashlib.sha1(str(tmp_path).encode()).hexdigest()[:8]}"
    folder = tmp_path / "renderer"
    folder.mkdir()
    (folder / f"{name}.py").write_text(FAKE_RENDER)
    monkeypatch.syspath_prepend(str(folder))
    return name


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "units.csv").write_text("unit_id,unit_name,agency_id,sector\nA01,Agency A,A01,health\n")
    (folder / "service_metrics.csv").write_text("unit_id,period,metric,value\nA01,2026Q3,ikm,82\n")
    return folder


def _standins(folder: Path) -> Path:
    make_standins(folder)
    params = PARAMS + 'spec = "none"  # hypothesis file\n'
    nbformat.write(_notebook([HYPOTHESES_CELL], params, title="Uji hipotesis / Hypothesis tests"),
                   folder / f"{HYPOTHESES_NOTEBOOK}.ipynb")
    return folder


def test_the_report_runs_the_hypothesis_page_with_the_file(tmp_path: Path, data_dir: Path, fake_render: str) -> None:
    _standins(tmp_path / "notebooks")
    spec = tmp_path / "city.yaml"
    spec.write_text(SPEC, encoding="utf-8")
    outcome = build_report(_request(tmp_path, data_dir, fake_render, hypotheses=spec))
    report = outcome.path
    assert (report / "60_hypotheses.html").exists() and (report / "executed" / "60_hypotheses.ipynb").exists()
    numbers = {r["code"]: r for r in json.loads((report / "results.json").read_text())["numbers"]}
    # no absolute path of the machine leaves the team (docs/disclosure.md): the file's name only
    assert numbers["hypotheses.spec_seen"]["note"] == spec.name
    manifest = json.loads((report / "manifest.json").read_text())
    assert manifest["parameters"]["hypotheses"] == spec.name
    assert manifest["notebooks"]["60_hypotheses"]["parameters"]["spec"] == spec.name
    # without a file there is no hypothesis page (the notebook is not even needed)
    (tmp_path / "notebooks" / "60_hypotheses.ipynb").unlink()
    outcome = build_report(_request(tmp_path, data_dir, fake_render))
    assert not (outcome.path / "60_hypotheses.html").exists()


def test_a_bad_file_stops_the_report_before_any_notebook(tmp_path: Path, data_dir: Path, fake_render: str) -> None:
    _standins(tmp_path / "notebooks")
    spec = tmp_path / "bad.yaml"
    spec.write_text(SPEC.replace("outcome: ikm", "outcome: ikn"), encoding="utf-8")
    loader = Loader()
    with pytest.raises(ReportError, match=r"bad\.yaml:5: hypotheses\[0\]\.outcome: .*'ikn'"):
        build_report(_request(tmp_path, data_dir, fake_render, hypotheses=spec, loader=loader))
    assert loader.calls == 1
    reports = tmp_path / "reports"
    assert not [p for p in reports.iterdir() if p.name.startswith(("2026Q3", ".2026Q3"))]
    with pytest.raises(ReportError, match="not found"):
        build_report(_request(tmp_path, data_dir, fake_render, hypotheses=tmp_path / "missing.yaml"))


def test_the_command_defaults_to_the_shipped_file() -> None:
    assert pipeline._hypotheses_arg(None) == EXAMPLE_SPEC and EXAMPLE_SPEC.is_file()
    assert pipeline._hypotheses_arg("none") is None
    assert pipeline._hypotheses_arg("data/examples/hypotheses/binjai.yaml").resolve() == EXAMPLE_SPEC
    from analysis.cli import build_parser

    args = build_parser().parse_args(["report", "--data", "x", "--hypotheses", "none"])
    assert isinstance(args, argparse.Namespace) and args.hypotheses == "none"


def test_the_notebook_is_thin_and_committed_without_outputs() -> None:
    nb = nbformat.read(NOTEBOOKS_DIR / "60_hypotheses.ipynb", as_version=4)
    assert nb.cells[0].cell_type == "code" and "parameters" in nb.cells[0].metadata.get("tags", [])
    assert "spec: str" in nb.cells[0].source
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(not c.outputs and c.execution_count is None for c in code)
    assert sum(len(c.source.splitlines()) for c in code) < 60


@pytest.mark.slow
def test_the_notebook_on_the_sample(run_sample_notebook, tmp_path: Path) -> None:
    spec = tmp_path / "binjai.yaml"
    spec.write_bytes(EXAMPLE_SPEC.read_bytes())
    numbers, out = run_sample_notebook("60_hypotheses", spec=str(spec), lang="en")
    codes = {n["code"]: n for n in numbers}
    assert {"hypotheses.H1", "hypotheses.H2"} <= set(codes)
    assert "supported" in codes["hypotheses.H1"]["note"]
    payload = json.loads((out / "hypotheses.json").read_text(encoding="utf-8"))
    assert payload["n_hypotheses"] == len(codes) and payload["lang"] == "en"
    assert (out / "figures" / "hypotheses_forest.png").exists()
    assert (out / "tables" / "hypotheses.parquet").exists()
    assert (tmp_path / "binjai.registry.json").exists()
