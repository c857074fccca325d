"""The report engine on small stand-in notebooks: parameters, execution, outputs, all-or-nothing.

The stand-ins declare the shared parameters, record a number, save a table
and (some) a figure, like the real notebooks, but run in well under a second.
A stand-in renderer (written to tmp_path, importable by the spawned workers)
replaces HTML/PDF rendering so these tests do not depend on WeasyPrint.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import textwrap
from dataclasses import replace
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from analysis.data.dataset import Dataset, SourceFile
from analysis.data.errors import DataValidationError, Issue
from analysis.report import outputs, pipeline
from analysis.report.errors import NotebookFailed, ParameterError, WorkerCrashed
from analysis.report.jobs import longest_first, title_of
from analysis.report.params import check_parameters, notebook_parameters, parameters_of
from analysis.report.pipeline import ReportRequest, build_report, publish

STEMS = ("00_data_quality", "10_training_outcomes", "20_coverage_participation", "30_budget", "40_service_link")
AGENCIES = ("A01", "B02", "C03")

PARAMS = '''\
data_dir = "../data/sample"  # data folder
period = "2026Q3"  # quarter
lang = "id"
agency = "all"
output_dir = "out"
cache_dir: str | None = None
'''

ANALYSIS_CELL = '''\
import sys
from analysis.data.results import ResultsRecorder
leaked = sorted(k for k in globals() if k.startswith("marker_"))
marker_{ident} = "only in {stem}"
rec = ResultsRecorder("{stem}")
rec.record("{stem}.value", {value}, {value} - 1, {value} + 1, n=10, unit="points", period=period)
rec.record("{stem}.leaked", len(leaked), n=0, unit="count", period=period)
import hashlib
rec.record("{stem}.python", 1.0, note=hashlib.sha1(sys.executable.encode()).hexdigest(), period=period)
'''

TABLE_CELL = '''\
import pandas as pd
table = pd.DataFrame({{
    "agency_id": ["A01", "B02"],
    "share_meeting_20jp": [0.5, 0.25],
    "cost_idr": [1250000.0, 2000000.0],
    "active_staff": pd.array([30, 40], dtype="Int64"),
    "p_value": [0.01, 0.2],
}})
rec.table("t_{ident}", table, output_dir, title="Table of {stem}", note="note {stem}")
'''

FIGURE_CELL = '''\
from matplotlib.figure import Figure
fig = Figure(figsize=(2, 1))
fig.subplots().plot([1, 2, 3])
rec.figure(fig, "trend", output_dir)
'''

BRIEF_CELL = '''\
from analysis.data.results import ResultsRecorder, read_results
others = read_results(output_dir)
rec = ResultsRecorder("90_brief" if agency == "all" else f"90_brief_{{agency}}")
rec.record("brief.numbers_seen", len(others), n=len(others), unit="count", period=period)
rec.record("headline.participation_rate", 0.4 + 0.01 * len(agency), 0.3, 0.5, n=100, unit="share", period=period)
if agency != "all":  # the city brief ran first: its numbers are in this brief's results folder
    city = [r for r in others if r["notebook"] == "90_brief" and r["code"] == "headline.participation_rate"]
    rec.record("brief.city_seen", city[0]["estimate"] if city else -1.0, n=100, unit="share", period=period)
from IPython.display import HTML
display(HTML(f"<h2>Brief {{period}} {{agency}}</h2>"))
rec.write(output_dir)
'''


def _notebook(cells: list[str], params: str = PARAMS, title: str = "Stand-in") -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    param_cell = nbformat.v4.new_code_cell(params)
    param_cell.metadata["tags"] = ["parameters"]
    nb.cells = [nbformat.v4.new_markdown_cell(f"# {title}"), param_cell]
    nb.cells += [nbformat.v4.new_code_cell(textwrap.dedent(c)) for c in cells]
    nb.metadata["kernelspec"] = {"name": "python3", "language": "python", "display_name": "Python 3"}
    return nb


def make_standins(folder: Path, *, broken: str | None = None, extra: dict[str, str] | None = None) -> Path:
    """Six stand-in notebooks in ``folder``; ``broken`` names one that raises in its last cell."""
    folder.mkdir(parents=True, exist_ok=True)
    for i, stem in enumerate(STEMS):
        ident = stem.split("_")[0]
        cells = [ANALYSIS_CELL.format(ident=ident, stem=stem, value=float(i + 1)), TABLE_CELL.format(ident=ident, stem=stem)]
        if stem in ("10_training_outcomes", "20_coverage_participation"):
            cells.append(FIGURE_CELL)
        if stem == broken:
            cells.append("x = 1\nraise ValueError('planted failure')")
        cells.append("rec.write(output_dir)")
        params = PARAMS + ("previous_manifest = None\n" if stem == "00_data_quality" else "")
        params += (extra or {}).get(stem, "")
        nbformat.write(_notebook(cells, params, title=f"Title {stem}"), folder / f"{stem}.ipynb")
    cells = [BRIEF_CELL]
    if broken == "90_brief":
        cells.append("raise RuntimeError('brief broke')")
    nbformat.write(_notebook(cells, PARAMS + (extra or {}).get("90_brief", "")), folder / "90_brief.ipynb")
    return folder


FAKE_RENDER = '''\
from pathlib import Path

def notebook_to_html(nb, *, title, lang="id", period=None):
    return f"<html><title>{title}</title><body>{len(nb.cells)} cells {lang}</body></html>"

def brief_to_html(nb, *, lang="id", title=None):
    params = nb.metadata.get("papermill", {}).get("parameters", {})
    return f"<html><body>brief {params.get('agency')} {lang}</body></html>"

def html_to_pdf(html, target, base_url=None):
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(b"%PDF-1.4 stand-in " + html.encode())
    return target

def index_html(periods, lang="id"):
    return "<html>" + " ".join(p["period"] for p in periods) + "</html>"

def agency_index_html(period, agencies, lang="id"):
    return "<html>" + " ".join(a["code"] for a in agencies) + "</html>"
'''


@pytest.fixture
def fake_render(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    name = f"standin_render_{hashlib.sha1(str(tmp_path).encode()).hexdigest()[:8]}"
    folder = tmp_path / "renderer"
    folder.mkdir()
    (folder / f"{name}.py").write_text(FAKE_RENDER)
    monkeypatch.syspath_prepend(str(folder))
    return name


def _dataset(data_dir: Path) -> Dataset:
    units = pd.DataFrame(
        {
            "unit_id": ["A01", "A01-1", "B02", "C03"],
            "unit_name": ["Agency A", "Unit A1", "Agency B", "Agency C"],
            "agency_id": ["A01", "A01", "B02", "C03"],
            "sector": ["health", "health", "education", "other"],
        }
    )
    metrics = pd.DataFrame(
        {"unit_id": ["A01", "A01"], "period": ["2026Q2", "2026Q3"], "metric": ["ikm", "ikm"], "value": [80.0, 82.0]}
    )
    ds = Dataset.from_frames(units=units, service_metrics=metrics)
    files = tuple(
        SourceFile(path=p, sha256=hashlib.sha256(p.read_bytes()).hexdigest(), tables=(p.stem,))
        for p in sorted(data_dir.glob("*.csv"))
    )
    return replace(ds, files=files, source=data_dir)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "units.csv").write_text("unit_id,unit_name,agency_id,sector\nA01,Agency A,A01,health\n")
    (folder / "service_metrics.csv").write_text("unit_id,period,metric,value\nA01,2026Q3,ikm,82\n")
    return folder


class Loader:
    """A stand-in for analysis.load_dataset that counts its calls."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, path: Path, cache_dir: Path | None = None) -> Dataset:
        self.calls += 1
        return _dataset(Path(path))


def _request(tmp_path: Path, data_dir: Path, renderer: str, **kw: object) -> ReportRequest:
    defaults: dict[str, object] = dict(
        data=data_dir,
        period="latest",
        out=tmp_path / "reports",
        jobs=1,
        timeout=60,
        notebooks_dir=tmp_path / "notebooks",
        cache_dir=tmp_path / "cache",
        renderer=renderer,
        loader=Loader(),
        warm_kernels=False,
    )
    defaults.update(kw)
    return ReportRequest(**defaults)  # type: ignore[arg-type]


def _files(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()}


# ---------------------------------------------------------------------------- parameters (no kernel)


def test_parameters_read_with_types_defaults_and_help(tmp_path: Path) -> None:
    make_standins(tmp_path / "notebooks")
    params = {p.name: p for p in notebook_parameters(tmp_path / "notebooks" / "00_data_quality.ipynb")}
    assert list(params) == ["data_dir", "period", "lang", "agency", "output_dir", "cache_dir", "previous_manifest"]
    assert params["data_dir"].type == "str" and params["data_dir"].default == '"../data/sample"'
    assert params["data_dir"].help == "data folder"
    assert params["cache_dir"].type == "str | None"  # papermill's own inspection misses this form
    assert params["cache_dir"].accepts("x") and params["cache_dir"].accepts(None)
    assert not params["cache_dir"].accepts(3)
    assert params["previous_manifest"].accepts("m.json") and params["previous_manifest"].accepts(None)


def test_unknown_missing_and_mistyped_parameters_are_all_reported() -> None:
    nb = _notebook([], 'period: str = None\nn: int = 3\nrate = 0.5\nflag = True\nnames: list[str] = []\n')
    declared = parameters_of(nb, label="x.ipynb")
    assert {p.name for p in declared if p.required} == {"period"}
    ok = check_parameters(declared, {"period": "2026Q3", "n": 4, "rate": 1, "flag": False, "names": ["a"]}, label="x")
    assert ok["rate"] == 1
    with pytest.raises(ParameterError) as err:
        check_parameters(declared, {"n": "4", "rate": "high", "flag": 1, "colour": "red"}, label="x.ipynb")
    text = str(err.value)
    assert "unknown parameter 'colour'" in text
    assert "missing required parameter 'period'" in text
    assert "'n' should be int, got str" in text
    assert "'rate' should be float" in text
    assert "'flag' should be bool, got int" in text
    assert len(err.value.problems) == 5
    with pytest.raises(ParameterError):  # a bool is not an int
        check_parameters(declared, {"period": "2026Q3", "n": True}, label="x")


def test_params_command_lists_parameters(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from analysis.report import cli_params

    make_standins(tmp_path / "notebooks")
    path = tmp_path / "notebooks" / "10_training_outcomes.ipynb"
    assert cli_params(argparse.Namespace(notebook=str(path))) == 0
    out = capsys.readouterr().out
    assert "6 parameters" in out
    assert "cache_dir" in out and "str | None" in out and '"2026Q3"' in out
    assert cli_params(argparse.Namespace(notebook=str(tmp_path / "nope.ipynb"))) == 1


def test_parameter_mismatch_stops_before_any_kernel(
    tmp_path: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 30_budget lacks `agency` (so the run's `agency` is unknown to it) and wants a required `threshold`
    make_standins(tmp_path / "notebooks", extra={"30_budget": "threshold: int = None\n"})
    nb_path = tmp_path / "notebooks" / "30_budget.ipynb"
    nb = nbformat.read(nb_path, as_version=4)
    nb.cells[1].source = nb.cells[1].source.replace('agency = "all"\n', "")
    nbformat.write(nb, nb_path)

    def no_pool(*args: object, **kwargs: object) -> None:
        raise AssertionError("a kernel was started")

    monkeypatch.setattr(pipeline, "WorkerPool", no_pool)
    loader = Loader()
    with pytest.raises(ParameterError) as err:
        build_report(_request(tmp_path, data_dir, "unused", loader=loader))
    assert "30_budget.ipynb" in str(err.value)
    assert "unknown parameter 'agency'" in str(err.value)
    assert "missing required parameter 'threshold'" in str(err.value)
    assert loader.calls == 0
    assert not (tmp_path / "reports").exists() or not any((tmp_path / "reports").iterdir())


# ---------------------------------------------------------------------------- full runs


def test_report_outputs_rerun_and_broken_notebook(
    tmp_path: Path, data_dir: Path, fake_render: str, capsys: pytest.CaptureFixture[str]
) -> None:
    make_standins(tmp_path / "notebooks")
    loader = Loader()
    outcome = build_report(_request(tmp_path, data_dir, fake_render, loader=loader))
    assert loader.calls == 1  # loaded and validated once per run
    assert outcome.period == "2026Q3"  # "latest" resolved from the data
    report = tmp_path / "reports" / "2026Q3"
    assert outcome.path == report
    files = _files(report)
    for stem in STEMS:
        assert f"{stem}.html" in files
        assert f"executed/{stem}.ipynb" in files
    assert "90_brief.html" not in files
    assert {"laporan-2026Q3.pdf", "executed/90_brief.ipynb", "tables.xlsx", "results.json", "manifest.json"} <= files
    # figures from two notebooks with the same name: both kept, prefixed
    assert {"figures/10_training_outcomes-trend.png", "figures/20_coverage_participation-trend.svg"} <= files
    assert (tmp_path / "reports" / "index.html").read_text() == "<html>2026Q3</html>"
    assert not [p for p in (tmp_path / "reports").iterdir() if p.name.startswith(".2026Q3")]

    # results.json: every number, merged; the brief saw the five notebooks' numbers
    payload = json.loads((report / "results.json").read_text())
    by_code = {(r["code"], r["scope"]): r for r in payload["numbers"]}
    assert by_code[("10_training_outcomes.value", "city")]["ci_low"] == 1.0
    assert by_code[("10_training_outcomes.value", "city")]["n"] == 10
    assert by_code[("brief.numbers_seen", "city")]["estimate"] == 3 * len(STEMS)
    # one kernel ran all six notebooks, yet none saw another's variables
    for stem in STEMS:
        assert by_code[(f"{stem}.leaked", "city")]["estimate"] == 0
        python = hashlib.sha1(sys.executable.encode()).hexdigest()
        assert by_code[(f"{stem}.python", "city")]["note"] == python  # the project's interpreter

    # manifest: checksums match the input files; parameters, versions, steps
    manifest = json.loads((report / "manifest.json").read_text())
    listed = {m["path"]: m["sha256"] for m in manifest["inputs"]}
    assert listed == {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in data_dir.glob("*.csv")
    }
    assert manifest["parameters"]["period"] == "2026Q3" and manifest["parameters"]["period_requested"] == "latest"
    assert manifest["notebooks"]["00_data_quality"]["parameters"]["previous_manifest"] is None
    assert manifest["notebooks"]["10_training_outcomes"]["parameters"]["output_dir"] == "outputs/10_training_outcomes"
    assert manifest["packages"]["pandas"] == pd.__version__
    assert manifest["python"]["version"] == ".".join(map(str, sys.version_info[:3]))
    assert {"commit", "dirty"} <= set(manifest["git"])
    steps = {s["step"] for s in manifest["steps"]}
    assert {"load_dataset", "kernels_ready", "notebook:00_data_quality", "notebook:90_brief", "outputs"} <= steps
    assert manifest["started_at"] <= manifest["finished_at"]

    # executed notebooks carry outputs, numbered as by a fresh kernel
    executed = nbformat.read(report / "executed" / "10_training_outcomes.ipynb", as_version=4)
    counts = [c.execution_count for c in executed.cells if c.cell_type == "code"]
    assert counts == list(range(1, len(counts) + 1))
    injected = next(c for c in executed.cells if "injected-parameters" in c.metadata.get("tags", []))
    assert 'output_dir = "./outputs/10_training_outcomes"' in injected.source  # no path of the machine
    assert str(tmp_path) not in json.dumps(executed)
    assert manifest["disclosure"]["min_people"] == 5 and manifest["disclosure"]["audit"] == "passed"
    assert str(tmp_path) not in (report / "manifest.json").read_text()
    assert ".tmp-" not in injected.source and ".tmp-" not in json.dumps(executed.metadata["papermill"])

    # re-running gives the same set of files (idempotent)
    first = _files(report)
    build_report(_request(tmp_path, data_dir, fake_render))
    assert _files(report) == first

    # a broken notebook: non-zero exit naming notebook and cell; the previous report untouched
    before = {p: (report / p).read_bytes() for p in sorted(first)}
    make_standins(tmp_path / "notebooks", broken="20_coverage_participation")
    args = argparse.Namespace(
        data=str(data_dir), period="2026Q3", lang="id", agency=None, out=str(tmp_path / "reports"), jobs=1, timeout=60
    )
    # through the command line (with the stand-in renderer and notebooks)
    orig = pipeline.ReportRequest
    try:
        pipeline.ReportRequest = lambda **kw: _request(tmp_path, data_dir, fake_render, **{  # type: ignore[assignment]
            k: v for k, v in kw.items() if k in ("period", "lang", "agency", "jobs", "timeout")
        })
        code = pipeline.cli_report(args)
    finally:
        pipeline.ReportRequest = orig  # type: ignore[misc]
    err_text = capsys.readouterr().err
    assert code == 1
    assert "20_coverage_participation.ipynb failed in cell 6 of 7 (`x = 1`): ValueError: planted failure" in err_text
    kept = tmp_path / "reports" / "2026Q3.failed" / "executed" / "20_coverage_participation.ipynb"
    assert f"kept at {kept}" in err_text
    kept_nb = nbformat.read(kept, as_version=4)
    assert "planted failure" in json.dumps([c.get("outputs") for c in kept_nb.cells])
    assert "papermill-error-cell-tag" in json.dumps([c.metadata for c in kept_nb.cells])
    assert {p: (report / p).read_bytes() for p in sorted(_files(report))} == before

    # fixed again: the report is rebuilt and the stale failure folder is removed
    make_standins(tmp_path / "notebooks")
    build_report(_request(tmp_path, data_dir, fake_render))
    assert not (tmp_path / "reports" / "2026Q3.failed").exists()
    assert _files(report) == first


def test_agency_briefs_in_parallel(tmp_path: Path, data_dir: Path, fake_render: str) -> None:
    make_standins(tmp_path / "notebooks")
    outcome = build_report(_request(tmp_path, data_dir, fake_render, agency="all", jobs=2, period="2026Q3"))
    report = outcome.path
    assert outcome.agencies == AGENCIES
    for agency in AGENCIES:
        pdf = report / "opd" / f"{agency}.pdf"
        assert pdf.read_bytes().startswith(b"%PDF") and f"brief {agency}".encode() in pdf.read_bytes()
        assert (report / "executed" / "opd" / f"{agency}.ipynb").exists()
    assert b"brief all" in (report / "laporan-2026Q3.pdf").read_bytes()
    numbers = json.loads((report / "results.json").read_text())["numbers"]
    scoped = {r["scope"]: r for r in numbers if r["code"] == "headline.participation_rate"}
    assert set(scoped) == {"city", *AGENCIES}
    assert scoped["A01"]["estimate"] == pytest.approx(0.43)  # 0.4 + 0.01 * len("A01")
    # each agency's brief ran after the city brief and read its numbers; they are not counted as its own
    seen = {r["scope"]: r["estimate"] for r in numbers if r["code"] == "brief.city_seen"}
    assert seen == {a: pytest.approx(0.43) for a in AGENCIES}  # the city's 0.4 + 0.01 * len("all")
    assert not any(r["scope"] != "city" and r["notebook"] == "90_brief" for r in numbers)
    manifest = json.loads((report / "manifest.json").read_text())
    assert {s["worker"] for s in manifest["steps"] if s["step"].startswith("notebook:")} == {0, 1}
    assert any(s["step"] == "agency_briefs" and s["count"] == 3 for s in manifest["steps"])
    assert (report / "opd" / "index.html").read_text() == "<html>" + " ".join(AGENCIES) + "</html>"

    # one agency
    outcome = build_report(_request(tmp_path, data_dir, fake_render, agency="B02", period="2026Q3"))
    assert sorted(p.name for p in (outcome.path / "opd").iterdir()) == ["B02.pdf", "index.html"]
    with pytest.raises(pipeline.ReportError, match="unknown agency 'ZZZ'"):
        build_report(_request(tmp_path, data_dir, fake_render, agency="ZZZ", period="2026Q3"))
    assert (outcome.path / "opd" / "B02.pdf").exists()


def test_validation_failure_runs_no_notebook(
    tmp_path: Path, data_dir: Path, fake_render: str, capsys: pytest.CaptureFixture[str]
) -> None:
    make_standins(tmp_path / "notebooks")

    def bad_loader(path: Path, cache_dir: Path | None = None) -> Dataset:
        raise DataValidationError([Issue("employees", 7, "employee_id", "1,97E+17", "NIP stored as a number")])

    args = argparse.Namespace(
        data=str(data_dir), period="latest", lang="id", agency=None, out=str(tmp_path / "reports"), jobs=1, timeout=60
    )
    orig = pipeline.ReportRequest
    try:
        pipeline.ReportRequest = lambda **kw: _request(tmp_path, data_dir, fake_render, loader=bad_loader)  # type: ignore[assignment]
        assert pipeline.cli_report(args) == 1
    finally:
        pipeline.ReportRequest = orig  # type: ignore[misc]
    err = capsys.readouterr().err
    assert "employee_id" in err and "NIP stored as a number" in err and "no notebook was run" in err
    leftovers = [p.name for p in (tmp_path / "reports").iterdir() if not p.name.startswith(".kompetensi")]
    assert leftovers == []


def test_interrupted_run_leaves_previous_report(
    tmp_path: Path, data_dir: Path, fake_render: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_standins(tmp_path / "notebooks")
    report = build_report(_request(tmp_path, data_dir, fake_render)).path
    before = {p: (report / p).read_bytes() for p in sorted(_files(report))}

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(outputs, "write_tables_workbook", interrupted)
    with pytest.raises(KeyboardInterrupt):
        build_report(_request(tmp_path, data_dir, fake_render))
    assert {p: (report / p).read_bytes() for p in sorted(_files(report))} == before
    names = [p.name for p in (tmp_path / "reports").iterdir()]
    assert not [n for n in names if ".tmp-" in n or n.endswith(".failed")]


# ---------------------------------------------------------------------------- pieces


def test_publish_swaps_and_restores(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "2026Q3"
    target.mkdir()
    (target / "old.txt").write_text("old")
    build = tmp_path / ".2026Q3.tmp-1"
    build.mkdir()
    (build / "new.txt").write_text("new")
    publish(build, target)
    assert _files(target) == {"new.txt"} and not build.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["2026Q3"]

    # the second rename fails: the old report is put back
    build2 = tmp_path / ".2026Q3.tmp-2"
    build2.mkdir()
    real_rename = Path.rename

    def flaky(self: Path, dest: Path) -> Path:
        if self == build2:
            raise OSError("disk full")
        return real_rename(self, dest)

    monkeypatch.setattr(Path, "rename", flaky)
    with pytest.raises(OSError):
        publish(build2, target)
    assert _files(target) == {"new.txt"}


def test_tables_workbook_is_formatted(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    frame = pd.DataFrame(
        {
            "agency_id": pd.array(["A01", None], dtype="string"),
            "share_meeting_20jp": [0.5, float("nan")],
            "cost_idr": [1250000.0, 2.0],
            "active_staff": pd.array([30, None], dtype="Int64"),
            "p_value": [0.01, 0.2],
            "gain": [1.234, 2.5],
        }
    )
    tables = [
        {"name": "coverage/by:agency", "notebook": "20_x", "title": "Coverage", "note": "Wilson CIs", "frame": frame},
        {"name": "coverage/by:agency", "notebook": "30_x", "title": "Again", "note": "", "frame": frame.head(1)},
    ]
    path = outputs.write_tables_workbook(
        tables, tmp_path / "t.xlsx", period_label="Triwulan III 2026", lang="id",
        sources=[{"path": "units.csv", "sha256": "ab" * 32, "tables": ["units"]}],
    )
    book = load_workbook(path)
    assert book.sheetnames[0] == "Sampul"
    assert len(book.sheetnames) == 3 and len(set(book.sheetnames)) == 3
    cover = book["Sampul"]
    text = " ".join(str(c.value) for row in cover.iter_rows() for c in row if c.value is not None)
    assert "Triwulan III 2026" in text and "units.csv" in text and "Coverage" in text
    sheet = book[book.sheetnames[1]]
    assert sheet["A1"].value == "Coverage" and sheet["A2"].value == "Wilson CIs"
    assert [c.value for c in sheet[4]] == [*frame.columns, "suppressed", "suppression"]  # codes, with the disclosure flags
    assert sheet.row_dimensions[4].hidden  # the codes are for machines; the headers are in Indonesian
    assert [c.value for c in sheet[5]][:3] == ["Kode OPD", "Proporsi ASN mencapai 20 JP", "Biaya (Rp)"]
    assert sheet["A5"].font.bold
    assert sheet.freeze_panes == "A6"
    assert sheet["B6"].value == 0.5 and sheet["B6"].number_format == "0.0%"
    assert sheet["C6"].number_format == "#,##0"
    assert sheet["D6"].value == 30 and sheet["D6"].number_format == "#,##0"
    assert sheet["E6"].number_format == "0.000"
    assert sheet["F6"].number_format == "#,##0.00"
    assert sheet["A7"].value is None and sheet["B7"].value is None
    assert sheet.column_dimensions["A"].width >= 9


def test_index_entries_trend_across_periods(tmp_path: Path) -> None:
    for period, value in (("2026Q1", 0.3), ("2026Q2", 0.35), ("2026Q3", 0.4)):
        folder = tmp_path / period
        folder.mkdir()
        (folder / f"laporan-{period}.pdf").write_bytes(b"%PDF")
        (folder / "10_training_outcomes.html").write_text("x")
        numbers = [
            {"code": "headline.participation_rate", "estimate": value, "period": period, "group": None, "scope": "city"},
            {"code": "headline.participation_rate", "estimate": 0.9, "period": period, "group": "A01", "scope": "city"},
            {"code": "other", "estimate": 5, "period": period, "group": None, "scope": "city"},
        ]
        outputs.write_json(folder / "results.json", {"numbers": numbers})
    (tmp_path / "2026Q3.failed").mkdir()
    (tmp_path / ".2026Q4.tmp-ab").mkdir()
    entries = outputs.period_entries(tmp_path, "id")
    assert [e["period"] for e in entries] == ["2026Q1", "2026Q2", "2026Q3"]
    last = entries[-1]
    assert last["links"]["Laporan (PDF)"] == "2026Q3/laporan-2026Q3.pdf"
    assert last["links"]["Training outcomes"] == "2026Q3/10_training_outcomes.html"
    assert last["key_numbers"] == {
        "participation_rate": [("2026Q1", 0.3), ("2026Q2", 0.35), ("2026Q3", 0.4)]
    }
    assert entries[0]["key_numbers"] == {"participation_rate": [("2026Q1", 0.3)]}


def test_runner_names_the_failing_cell_and_times_out(tmp_path: Path) -> None:
    from analysis.report.execute import NotebookRunner

    nb_dir = tmp_path / "nbs"
    nb_dir.mkdir()
    nbformat.write(_notebook(["secret = 1", "import sys\nprint(sys.executable)"], 'period = "x"\n'), nb_dir / "a.ipynb")
    nbformat.write(
        _notebook(["assert 'secret' not in globals(), 'leak'", "# a comment first\n\n1 / 0", "print('never')"], 'period = "x"\n'),
        nb_dir / "b.ipynb",
    )
    nbformat.write(_notebook(["import time\ntime.sleep(60)"], 'period = "x"\n'), nb_dir / "c.ipynb")
    with NotebookRunner(cwd=nb_dir) as runner:
        nb = runner.run(nb_dir / "a.ipynb", {"period": "2026Q3"}, tmp_path / "out" / "a.ipynb")
        assert nb.cells[-1].outputs[0]["text"].strip() == sys.executable
        injected = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
        assert injected and "2026Q3" in injected[0].source
        with pytest.raises(NotebookFailed) as err:
            runner.run(nb_dir / "b.ipynb", {}, tmp_path / "out" / "b.ipynb")
        failure = err.value
        assert (failure.notebook, failure.cell_number, failure.cell_count) == ("b.ipynb", 4, 5)
        assert failure.first_line == "# a comment first"
        assert failure.ename == "ZeroDivisionError" and not failure.timed_out
        assert failure.executed_path == str(tmp_path / "out" / "b.ipynb")
        with pytest.raises(NotebookFailed) as err:
            runner.run(nb_dir / "c.ipynb", {}, tmp_path / "out" / "c.ipynb", timeout=1.5)
        assert err.value.timed_out and err.value.cell_number == 3
        assert "timed out" in str(err.value) and "1.5 s" in str(err.value)
        # the kernel survives a failure and runs the next notebook
        runner.run(nb_dir / "a.ipynb", {"period": "2026Q4"}, tmp_path / "out" / "a2.ipynb")
        # a notebook that kills its kernel is a failure too, named as such
        nbformat.write(_notebook(["import os\nos._exit(3)"], 'period = "x"\n'), nb_dir / "d.ipynb")
        with pytest.raises(NotebookFailed) as err:
            runner.run(nb_dir / "d.ipynb", {}, tmp_path / "out" / "d.ipynb")
        assert err.value.ename == "DeadKernelError" and err.value.cell_number == 3
        with pytest.raises(WorkerCrashed):
            runner.run(nb_dir / "a.ipynb", {}, tmp_path / "out" / "a3.ipynb")


def test_longest_notebooks_are_scheduled_first(tmp_path: Path) -> None:
    from analysis.report.workers import NotebookJob

    jobs = [NotebookJob(key=k, notebook=Path(f"{k}.ipynb"), parameters={}, executed_path=tmp_path, cwd=tmp_path)
            for k in ("00_a", "10_b", "20_c", "30_d")]
    manifest = tmp_path / "manifest.json"
    steps = [{"step": "notebook:00_a", "seconds": 2.0}, {"step": "notebook:10_b", "seconds": 30.0},
             {"step": "notebook:20_c", "seconds": 9.0}, {"step": "load_dataset", "seconds": 99.0}]
    outputs.write_json(manifest, {"steps": steps})
    ordered = longest_first(jobs, [tmp_path / "missing.json", manifest])
    assert [j.key for j in ordered] == ["30_d", "10_b", "20_c", "00_a"]
    assert longest_first(jobs, [tmp_path / "missing.json"]) == jobs
    standard = [NotebookJob(key=k, notebook=Path(f"{k}.ipynb"), parameters={}, executed_path=tmp_path, cwd=tmp_path)
                for k in STEMS]
    first_run = longest_first(standard, [tmp_path / "missing.json"])
    assert first_run[0].key == "20_coverage_participation" and first_run[-1].key == "00_data_quality"


def test_page_titles_follow_the_language(tmp_path: Path) -> None:
    nb = _notebook([], 'period = "x"\n', title="Hasil pelatihan / Training outcomes")
    hidden = nbformat.v4.new_markdown_cell("# Analyst's note")
    hidden.metadata["tags"] = ["remove-cell"]
    nb.cells.insert(0, hidden)
    path = tmp_path / "10_training_outcomes.ipynb"
    nbformat.write(nb, path)
    assert title_of(path, "id") == "Hasil pelatihan"
    assert title_of(path, "en") == "Training outcomes"
    nb.cells = [hidden]
    nbformat.write(nb, path)
    assert title_of(path, "en") == "Training outcomes"  # the default for a known notebook
    html = tmp_path / "2026Q3" / "30_budget.html"
    html.parent.mkdir()
    html.write_text("<html><head><meta charset='utf-8'><title>Anggaran &amp; biaya</title></head></html>")
    assert outputs.period_entries(tmp_path)[0]["links"]["Anggaran & biaya"] == "2026Q3/30_budget.html"


def test_progress_lines_with_elapsed_time_and_eta() -> None:
    import io

    from analysis.report.progress import Progress

    stream = io.StringIO()
    progress = Progress(stream, tty=False)
    progress.line("loading data")
    progress.start_bar(4, "agency briefs")
    progress.advance("A01")
    progress.advance("B02")
    progress.close_bar()
    lines = stream.getvalue().splitlines()
    assert lines[0].startswith("[") and lines[0].endswith("] loading data")
    assert "agency briefs: 0/4" in lines[1]
    assert "agency briefs: 2/4 B02" in lines[3] and "ETA" in lines[3]
    quiet = io.StringIO()
    Progress(quiet, enabled=False).line("x")
    assert quiet.getvalue() == ""


SIGNAL_SCRIPT = '''\
import sys
from pathlib import Path

def main():
    sys.path.insert(0, {tests!r})
    sys.path.insert(0, {renderer_dir!r})
    import test_report_engine as T
    from analysis.report.pipeline import build_report
    from analysis.report.progress import Progress

    tmp = Path({tmp!r})
    request = T._request(tmp, tmp / "data", {renderer!r})
    build_report(request, Progress())

if __name__ == "__main__":
    main()
'''


def test_sigterm_mid_run_leaves_previous_report_and_no_leftovers(
    tmp_path: Path, data_dir: Path, fake_render: str
) -> None:
    import signal
    import subprocess
    import time

    make_standins(tmp_path / "notebooks")
    report = build_report(_request(tmp_path, data_dir, fake_render)).path
    before = {p: (report / p).read_bytes() for p in sorted(_files(report))}
    # 40_service_link now sleeps, so the signal lands while notebooks run
    make_standins(tmp_path / "notebooks", extra={"40_service_link": "import time as _t\n_t.sleep(60)\n"})
    script = tmp_path / "run_report.py"
    script.write_text(SIGNAL_SCRIPT.format(
        tests=str(Path(__file__).parent), renderer_dir=str(tmp_path / "renderer"), tmp=str(tmp_path), renderer=fake_render,
    ))
    proc = subprocess.Popen([sys.executable, str(script)], stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 60
    while time.time() < deadline and not list((tmp_path / "reports").glob(".2026Q3.tmp-*/executed/*.ipynb")):
        time.sleep(0.2)
    assert list((tmp_path / "reports").glob(".2026Q3.tmp-*")), "the run did not start"
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode != 0
    assert "KeyboardInterrupt" in err
    assert {p: (report / p).read_bytes() for p in sorted(_files(report))} == before
    assert not [p.name for p in (tmp_path / "reports").iterdir() if ".tmp-" in p.name or p.name.endswith(".failed")]


def test_a_finding_of_the_privacy_audit_stops_the_publication(
    tmp_path: Path, data_dir: Path, fake_render: str, capsys: pytest.CaptureFixture[str]
) -> None:
    nb_dir = make_standins(tmp_path / "notebooks")
    path = nb_dir / "30_budget.ipynb"
    nb = nbformat.read(path, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell('print("ASN-0123456789abcdef")'))
    nbformat.write(nb, path)
    with pytest.raises(pipeline.AuditFailed) as caught:
        build_report(_request(tmp_path, data_dir, fake_render, period="2026Q3"))
    assert {f.kind for f in caught.value.findings} == {"pseudonym"}  # in the cell and in its output
    assert "executed/30_budget.ipynb" in str(caught.value)
    assert not (tmp_path / "reports" / "2026Q3").exists()  # not published
    assert (tmp_path / "reports" / "2026Q3.failed" / "executed" / "30_budget.ipynb").exists()  # kept

    outcome = build_report(_request(tmp_path, data_dir, fake_render, period="2026Q3", allow_findings=True))
    manifest = json.loads((outcome.path / "manifest.json").read_text())
    assert manifest["disclosure"]["allow_findings"] is True
    assert manifest["disclosure"]["audit"] == "findings allowed"
    assert manifest["disclosure"]["findings"] and all("pseudonym" in f for f in manifest["disclosure"]["findings"])


def test_analysis_pages_are_written_later_from_the_saved_notebook(tmp_path: Path) -> None:
    """defer_exports: the executions write no page; the export job renders the executed
    notebook as saved, the same page the worker wrote right after execution before."""
    from analysis.report import render
    from analysis.report.jobs import defer_exports
    from analysis.report.workers import LazyRenderer, NotebookJob, export_notebook, run_job

    nb = _notebook(['print("hidden")'], title="Halaman A")
    nb.cells[-1].outputs = [nbformat.v4.new_output(
        "display_data", data={"text/html": "<p>Tingkat partisipasi 71,2%</p>", "text/plain": "x"})]
    executed = tmp_path / "executed" / "a.ipynb"
    executed.parent.mkdir()
    nbformat.write(nb, executed)
    job = NotebookJob(key="a", notebook=tmp_path / "a.ipynb", parameters={}, executed_path=executed, cwd=tmp_path,
                      title="Halaman A", html_path=tmp_path / "a.html")
    brief = replace(job, key="90", html_path=None, pdf_path=tmp_path / "b.pdf")
    runs, exports = defer_exports([job, brief])
    assert [(j.key, j.html_path, j.execute) for j in runs] == [("a", None, True), ("90", None, True)]
    assert [(j.key, j.html_path, j.execute) for j in exports] == [("a", tmp_path / "a.html", False)]

    lazy = LazyRenderer("analysis.report.render")
    result = run_job(None, exports[0], lazy)  # type: ignore[arg-type]  (an export needs no kernel)
    assert result.ok and result.execute_seconds == 0.0
    export_notebook(replace(job, html_path=tmp_path / "direct.html"), nb, render)
    page = (tmp_path / "a.html").read_text(encoding="utf-8")
    assert "Tingkat partisipasi 71,2%" in page and "hidden" not in page
    assert page == (tmp_path / "direct.html").read_text(encoding="utf-8")

    missing = run_job(None, replace(exports[0], html_path=tmp_path / "c.html"), LazyRenderer("no_such_renderer_mod"))  # type: ignore[arg-type]
    assert not missing.ok and "ModuleNotFoundError" in str(missing.error) and not (tmp_path / "c.html").exists()
