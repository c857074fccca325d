"""Small and odd data never stop a report: the report matrix (issue: robust on real exports).

Each dataset of ``tests/small_data.py`` (the sample cut to four agencies, then one agency
only, one quarter only, no assessments, no service metrics, no budget rows, no survey, no
online launches, every programme one format) and the README's SIMPEG example (through its
mapping.yaml) is *valid*; ``build_report`` must publish a report on each (city brief,
Bahasa Indonesia, the shipped hypothesis file), with no error in any executed notebook,
the privacy audit passed, and the page that could not compute something saying so plainly
("data belum cukup", with the reason).

A report on one of these takes half a minute to three minutes on two cores, so the matrix is
marked slow, and ``make test`` (which must stay under ten minutes) builds the report on the
dataset that reaches the most guarded code (:data:`EVERY_RUN`: the SIMPEG example, whose report
skips sections in notebooks 10, 30, 40 and the brief); the other eight are marked ``matrix`` and
built by ``make test-matrix``. The database example's report (``test_sources_report``) is a second
small dataset in every run.
The datasets themselves are checked quickly below.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
import small_data  # noqa: E402

import analysis  # noqa: E402
from analysis.report.pipeline import ReportRequest, build_report  # noqa: E402

SALT = "report-matrix-salt-not-secret"
SPEC = small_data.ROOT / "data" / "examples" / "hypotheses" / "binjai.yaml"
DATASETS = (*small_data.VARIANTS, "simpeg")
#: The datasets whose reports every ``make test`` builds; the rest run with ``make test-matrix``.
EVERY_RUN = ("simpeg",)
MATRIX = [name if name in EVERY_RUN else pytest.param(name, marks=pytest.mark.matrix) for name in DATASETS]

#: Per dataset: (page, phrase) that must appear, the page saying what it could not compute.
EXPECTED_NOTES: dict[str, list[tuple[str, str]]] = {
    "simpeg": [
        ("40_service_link", "data belum cukup (model panel memerlukan sedikitnya 5 unit"),
        ("30_budget", "Data belum cukup: tidak ada bentuk pelatihan dengan sedikitnya 30"),
    ],
    "no_service_metrics": [("40_service_link", "data belum cukup (tidak ada baris di tabel service_metrics)")],
    "no_budget": [("30_budget", "data belum cukup (tidak ada OPD dengan pagu tahun 2026")],
    "one_agency": [("40_service_link", "Data belum cukup untuk kesimpulan yang kuat")],
    "one_quarter": [
        ("40_service_link", "data belum cukup (model panel memerlukan sedikitnya 5 unit"),
        ("10_training_outcomes", "Penilaian atasan (level 3): data belum cukup"),
    ],
    "no_assessments": [
        ("10_training_outcomes", "Pelatihan sesuai kesenjangan: data asesmen belum cukup"),
        ("00_data_quality", "tabel assessments punya judul kolom tetapi tidak ada baris"),
    ],
    "no_survey": [("00_data_quality", "tabel opsional survey tidak ada")],
    "no_launches": [("40_service_link", "data belum cukup untuk estimasi dampak layanan daring")],
    "one_modality": [],
}


@pytest.fixture(autouse=True)
def _salt(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("KOMPETENSI_SALT", SALT)
    monkeypatch.delenv("KOMPETENSI_SALT_FILE", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))


@pytest.fixture(scope="module")
def base() -> small_data.Tables:
    return small_data.base()


def _data(name: str, target: Path, start: small_data.Tables | None = None) -> Path:
    if name == "simpeg":
        return small_data.SIMPEG
    return small_data.write_variant(name, target, start)


@pytest.mark.slow
def test_every_dataset_of_the_matrix_is_valid_and_lacks_what_it_says(tmp_path: Path, base: small_data.Tables) -> None:
    assert set(EXPECTED_NOTES) == set(DATASETS)
    for name in DATASETS:
        ds = analysis.load_dataset(_data(name, tmp_path / name, base))
        if name == "one_agency":
            assert ds.units["agency_id"].nunique() == 1
        elif name == "one_quarter":
            assert ds.enrollments["start_date"].dt.to_period("Q").nunique() == 1
        elif name in ("no_assessments", "no_service_metrics", "no_budget"):
            table = name.removeprefix("no_")
            assert len(getattr(ds, table)) == 0
            assert any(f"table {table} has a header but no rows" in w for w in ds.warnings)
        elif name == "no_survey":
            assert ds.survey is None
        elif name == "no_launches":
            assert ds.units["online_service_start"].isna().all()
        elif name == "one_modality":
            assert set(ds.programs["modality"]) == {"classroom"}


def _errors(notebook: Path) -> list[str]:
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    return [f"{o['ename']}: {o['evalue']}" for c in cells for o in c.get("outputs", []) if o.get("output_type") == "error"]


@pytest.mark.slow
@pytest.mark.parametrize("name", MATRIX)
def test_a_report_on_small_or_odd_data_completes_and_says_what_it_could_not_compute(
    name: str, tmp_path: Path
) -> None:
    data = _data(name, tmp_path / "data")
    outcome = build_report(ReportRequest(
        data=data, period="latest", lang="id", out=tmp_path / "reports", jobs=2, cache_dir=tmp_path / "cache",
        timeout=900, hypotheses=SPEC,
    ))
    report = outcome.path
    executed = sorted((report / "executed").rglob("*.ipynb"))
    assert len(executed) >= 7
    assert {n.name: _errors(n) for n in executed if _errors(n)} == {}
    for page in report.glob("*.html"):
        assert "Traceback" not in page.read_text(encoding="utf-8"), page.name
    manifest = json.loads((report / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["disclosure"]["audit"] == "passed"
    assert (report / f"laporan-{outcome.period}.pdf").stat().st_size > 10_000
    for page, phrase in EXPECTED_NOTES[name]:
        assert phrase in (report / f"{page}.html").read_text(encoding="utf-8"), (page, phrase)
