"""The data dictionary data/README.md is generated from the contract and must not drift."""

from __future__ import annotations

from analysis.data.contract import TABLES
from analysis.data.docs import data_dictionary, main, readme_path


def test_data_readme_matches_the_contract():
    path = readme_path()
    assert path.is_file(), "data/README.md is missing: run `python -m analysis.data.docs`"
    assert path.read_text(encoding="utf-8") == data_dictionary(), (
        "data/README.md and the contract have drifted apart: run `python -m analysis.data.docs`"
    )


def test_dictionary_covers_every_table_and_column():
    text = data_dictionary()
    for table in TABLES.values():
        assert f"### `{table.name}`" in text
        for col in table.columns:
            assert f"| `{col.name}` |" in text
            assert col.id.replace("|", "\\|") in text  # Bahasa Indonesia meaning
    for needle in ("mapping.yaml", "sheet:", "values:", "Credited JP", "HMAC-SHA-256", "`III/b`",
                   "must exist in `units.unit_id`", "KOMPETENSI_SALT"):
        assert needle in text


def test_main_writes_the_file(tmp_path, capsys):
    target = tmp_path / "README.md"
    assert main([str(target)]) == 0
    assert target.read_text(encoding="utf-8") == data_dictionary()
    assert "wrote" in capsys.readouterr().out
