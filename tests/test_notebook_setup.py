"""The set-up every notebook calls: parameters checked, data loaded once and scoped."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from analysis.notebook import setup

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample"
NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"


def _setup(tmp_path, **overrides):
    params = {"data_dir": SAMPLE, "period": "2026Q3", "lang": "id", "output_dir": tmp_path, "agency": "all"}
    return setup("20_coverage_participation", **{**params, **overrides})


def test_city_setup_scopes_nothing_and_records_under_the_notebook(tmp_path):
    nb = _setup(tmp_path, period="2026q3")
    assert nb.period == "2026Q3" and nb.lang == "id" and nb.agency is None and not nb.per_agency
    assert nb.scoped is nb.dataset
    assert nb.recorder.notebook == "20_coverage_participation"
    assert nb.period_label == "Triwulan III 2026"


def test_agency_setup_keeps_only_the_agency(tmp_path):
    nb = _setup(tmp_path, agency="DISDIK", lang="en")
    assert nb.per_agency and set(nb.scoped.units["agency_id"]) == {"DISDIK"}
    assert len(nb.scoped.employees) < len(nb.dataset.employees)


@pytest.mark.parametrize(("overrides", "message"), [
    ({"agency": "NOPE"}, "unknown agency 'NOPE'"),
    ({"lang": "fr"}, "lang must be one of id, en"),
    ({"period": "2026-3"}, "2026-3"),
])
def test_bad_parameters_are_named(tmp_path, overrides, message):
    with pytest.raises(ValueError, match=message):
        _setup(tmp_path, **overrides)


def test_every_analysis_notebook_starts_with_parameters_then_setup():
    for path in sorted(NOTEBOOKS.glob("[0-9]*.ipynb")):
        cells = [c for c in json.loads(path.read_text())["cells"] if c["cell_type"] == "code"]
        assert "parameters" in cells[0]["metadata"].get("tags", []), path.name
        if path.stem.startswith(("00", "10", "20", "30", "40")):
            assert "setup(" in "".join(cells[1]["source"]), f"{path.name} does not call analysis.notebook.setup"


def test_a_section_without_its_tables_is_skipped_with_one_plain_line(monkeypatch):
    import factories

    from analysis import notebook

    ds = factories.dataset()  # no budget rows, no survey
    assert len(ds.budget) == 0 and ds.survey is None
    assert notebook.missing_reason(ds, ("employees", "units"), "id") is None
    assert notebook.missing_reason(ds, ("budget",), "id") == "tidak ada baris di tabel budget"
    assert notebook.missing_reason(ds, ("survey", "budget"), "en") == (
        "table survey was not supplied; no rows in table budget")
    assert notebook.skip_note("id", "Anggaran", "tidak ada baris di tabel budget") == (
        "*Anggaran: data belum cukup (tidak ada baris di tabel budget).*")
    shown = []
    monkeypatch.setattr("IPython.display.display", lambda obj: shown.append(obj.data))
    context = notebook.NotebookContext("30_budget", "id", "2026Q3", None, Path("."), Path("."), ds, ds, None)
    assert context.needs("units", what="Anggaran") is True and shown == []
    assert context.needs("budget", what="Anggaran") is False
    assert shown == ["*Anggaran: data belum cukup (tidak ada baris di tabel budget).*"]
