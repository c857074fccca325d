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
    assert main(["validate", str(copy_minimal(tmp_path)), "--lang", "en"]) == 3
    err = capsys.readouterr().err
    assert "internal error: TypeError: planted bug" in err and "Traceback" not in err
    logs = list((tmp_path / "cache" / "kompetensi" / "logs").glob("kompetensi-validate-*.log"))
    assert len(logs) == 1 and str(logs[0]) in err
    assert "Traceback" in logs[0].read_text() and "planted bug" in logs[0].read_text()
    # validate speaks Indonesian by default, its crash report too
    assert main(["validate", str(copy_minimal(tmp_path, "again"))]) == 3
    err = capsys.readouterr().err
    assert "kompetensi validate: galat internal: TypeError: planted bug" in err
    assert "jejak lengkapnya ada di" in err and "internal error" not in err


def test_usage_errors_stay_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["validate"])
    assert info.value.code == 2


def test_usage_and_help_speak_indonesian_with_lang_id(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["validate", "--lang", "id"])
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("pemakaian: kompetensi validate [-h]")
    assert err.strip().endswith("kompetensi validate: galat: argumen berikut wajib diisi: data")
    with pytest.raises(SystemExit):
        main(["validate", "--lang=id", "-h"])
    out = capsys.readouterr().out
    assert out.startswith("pemakaian: ") and "\nargumen posisi:\n" in out and "\nopsi:\n" in out
    assert "tampilkan bantuan ini lalu keluar" in out and "masalah yang dicantumkan per kelompok" in out
    assert "usage:" not in out and "show this help" not in out and "problems listed" not in out
    with pytest.raises(SystemExit):  # without --lang, the help stays English
        main(["validate", "-h"])
    out = capsys.readouterr().out
    assert out.startswith("usage: kompetensi validate") and "problems listed per group (default 40)" in out
    with pytest.raises(SystemExit):
        main(["sample", "--scale", "village", "--out", "x", "--lang", "id"])
    assert "argumen --scale: pilihan tidak sah: 'village' (pilih dari 'city', 'province', 'national')" in (
        capsys.readouterr().err)


def test_every_help_text_has_its_own_indonesian_wording() -> None:
    from analysis.cli import build_parser

    def helps(parser) -> list[str]:
        sub = next(a for a in parser._actions if a.dest == "command")
        out = [parser.description] + [c.help for c in sub._choices_actions]
        for command in sub.choices.values():
            out += [a.help for a in command._actions]
        return out

    indonesian, english = helps(build_parser("id")), helps(build_parser("en"))
    assert len(indonesian) == len(english) > 40
    assert [i for i, e in zip(indonesian, english, strict=True) if i == e] == []
