"""Shared test set-up.

- No test touches the user's home: the per-installation salt file and the font cache
  go to a temporary config/cache home for the whole session (tests that check those
  paths set their own with monkeypatch).
- ``sample``: the committed city sample, loaded once per test process, with its
  truth.json and folder (regenerated into a temp folder if ``data/sample`` is absent).
- ``sample_reports``: the city pack built from a copy of the sample, in Bahasa Indonesia
  and then in English into the same reports folder, once per suite (a file lock shared by
  the pytest-xdist workers).
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import pytest

_HOME = Path(tempfile.mkdtemp(prefix="kompetensi-tests-"))
os.environ.setdefault("XDG_CONFIG_HOME", str(_HOME / "config"))
os.environ.setdefault("XDG_CACHE_HOME", str(_HOME / "cache"))


@pytest.fixture(scope="session")
def sample_reports(tmp_path_factory: pytest.TempPathFactory):
    """(reports folder, data folder, the Indonesian build) of the city pack, built once per suite.

    Under pytest-xdist the workers share the run's temporary folder: the first to get the
    lock builds, the others wait and read the same folder (the pattern pytest-xdist
    documents for session fixtures).
    """
    import fcntl
    import shutil
    from types import SimpleNamespace

    from analysis.data.paths import SAMPLE_DIR
    from analysis.report.pipeline import ReportRequest, build_report

    if not (SAMPLE_DIR / "employees.csv").exists():
        pytest.skip("data/sample is not in the checkout")
    base = tmp_path_factory.getbasetemp()
    root = (base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / "sample_reports"
    root.mkdir(exist_ok=True)
    data, out, cache, done = root / "data", root / "reports", root / "cache", root / "built.json"
    with open(root / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():
            shutil.rmtree(data, ignore_errors=True)
            shutil.copytree(SAMPLE_DIR, data)  # a snapshot, so the manifest's checksums refer to what was read
            first = build_report(ReportRequest(data=data, period="latest", lang="id", out=out, jobs=2,
                                               cache_dir=cache, timeout=900))
            build_report(ReportRequest(data=data, period="latest", lang="en", out=out, jobs=2, cache_dir=cache,
                                       timeout=900))
            done.write_text(json.dumps({"period": first.period}), encoding="utf-8")
    period = json.loads(done.read_text(encoding="utf-8"))["period"]
    return out, data, SimpleNamespace(path=out / period, period=period)


@pytest.fixture
def city_pack_notebook(request: pytest.FixtureRequest):
    """Read one notebook's run from the shared city pack (``sample_reports``, Bahasa Indonesia,
    every agency, the latest quarter): its recorded numbers and its output folder, as
    ``run_sample_notebook`` returns them, without running the notebook again."""

    def read(stem: str) -> tuple[list[dict], Path]:
        _, _, built = request.getfixturevalue("sample_reports")
        out = built.path / "outputs" / stem
        return json.loads((out / "results" / f"{stem}.json").read_text(encoding="utf-8"))["numbers"], out

    return read


@pytest.fixture(scope="session")
def sample(tmp_path_factory: pytest.TempPathFactory):
    """(Dataset, truth dict, folder) of the city sample."""
    import analysis
    from analysis.data.paths import SAMPLE_DIR

    folder = SAMPLE_DIR
    if not (folder / "truth.json").exists():
        from analysis.sample import write_sample

        folder = tmp_path_factory.mktemp("city") / "sample"
        write_sample(folder, scale="city", seed=2026)
    truth = json.loads((folder / "truth.json").read_text(encoding="utf-8"))
    return analysis.load_dataset(folder), truth, folder


@pytest.fixture
def run_sample_notebook(tmp_path: Path):
    """Run ``notebooks/<stem>.ipynb`` under papermill on the city sample; return its
    recorded numbers (the ``numbers`` list of ``results/<stem>.json``) and its output folder."""
    papermill = pytest.importorskip("papermill")
    from analysis.data.paths import NOTEBOOKS_DIR, SAMPLE_DIR

    if not (SAMPLE_DIR / "truth.json").exists():
        pytest.skip("data/sample is not present")

    def run(stem: str, **parameters: object) -> tuple[list[dict], Path]:
        out = tmp_path / "out"
        papermill.execute_notebook(
            str(NOTEBOOKS_DIR / f"{stem}.ipynb"),
            str(tmp_path / f"{stem}.executed.ipynb"),
            parameters={"data_dir": str(SAMPLE_DIR), "period": "2026Q3", "output_dir": str(out), **parameters},
            kernel_name="python3",
            cwd=str(NOTEBOOKS_DIR),
            progress_bar=False,
        )
        return json.loads((out / "results" / f"{stem}.json").read_text(encoding="utf-8"))["numbers"], out

    return run
