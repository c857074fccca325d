"""`kompetensi`'s exit codes: 1 and one line per problem for damaged data, 3 and a log for internal errors."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "io"))
from io_helpers import SALT, copy_minimal  # noqa: E402

from analysis.cli import main  # noqa: E402
from analysis.data import io as aio  # noqa: E402


@pytest.fixture(autouse=True)
def _homes(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("KOMPETENSI_SALT", SALT)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


def test_damaged_files_give_one_line_each_and_exit_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = copy_minimal(tmp_path)
    (folder / "units.csv").write_bytes(b"")
    (folder / "programs.csv").write_bytes(b"PK\x03\x04" + bytes(100))
    text = (folder / "budget.csv").read_text().splitlines()
    (folder / "budget.csv").write_text("\n".join([*text[:2], '"' + text[2], *text[3:]]) + "\n")
    assert main(["validate", str(folder), "--lang", "en"]) == 1
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    lines = out.splitlines()
    assert "[units.csv] units: the file is empty (0 bytes); export it again from the source system with its header and rows" in lines
    assert any(line.startswith("[programs.csv] programs: this is an Excel workbook (XLSX)") for line in lines)
    assert any(line.startswith("[budget.csv, row 3] budget: a quote") for line in lines)


def test_an_internal_error_exits_3_with_the_log_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise TypeError("planted bug")

    monkeypatch.setattr(aio, "load_dataset", broken)
    assert main(["validate", str(copy_minimal(tmp_path))]) == 3
    err = capsys.readouterr().err
    assert "internal error: TypeError: planted bug" in err and "Traceback" not in err
    logs = list((tmp_path / "cache" / "kompetensi" / "logs").glob("kompetensi-validate-*.log"))
    assert len(logs) == 1 and str(logs[0]) in err
    assert "Traceback" in logs[0].read_text() and "planted bug" in logs[0].read_text()


def test_usage_errors_stay_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["validate"])
    assert info.value.code == 2
