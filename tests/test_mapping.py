"""mapping.yaml: renames and recodes, strict keys, and the worked SIMPEG example."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

import analysis
from analysis.data.errors import MappingError
from analysis.data.mapping import load_mapping, parse_mapping, recode_values, rename_columns
from analysis.data.paths import DATA_DIR

EXAMPLE = DATA_DIR / "examples" / "simpeg_export"


@pytest.fixture(autouse=True)
def _salt(monkeypatch, tmp_path):
    monkeypatch.setenv("KOMPETENSI_SALT", "test")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))


def test_example_export_loads_with_its_mapping():
    before = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in EXAMPLE.iterdir()}
    ds = analysis.load_dataset(EXAMPLE, today=date(2025, 10, 15))
    assert len(ds.employees) == 8 and len(ds.enrollments) == 11 and ds.survey is not None
    assert set(ds.enrollments["status"]) == {"completed", "dropped", "no_show", "registered"}
    assert ds.employees["gender"].tolist()[:2] == ["M", "F"]
    assert ds.employees["position_type"].iloc[0] == "executive"
    assert ds.programs.loc[ds.programs["program_id"] == "PLT-004", "jp"].item() == 40.5
    assert ds.programs["cost_per_participant"].iloc[0] == 1_500_000
    assert ds.programs["max_score"].iloc[2] == 100  # empty cell -> contract default
    assert ds.enrollments["pre_score"].iloc[0] == 62.5
    assert ds.enrollments["start_date"].iloc[0] == pd.Timestamp("2025-02-10")
    assert set(ds.service_metrics["metric"]) == {
        "ikm", "processing_days", "online_share", "spm_attainment", "complaints_per_1000"
    }
    assert ds.budget["allocated_idr"].sum() == 203_500_000
    assert {f.path.name for f in ds.files} >= {"pegawai.csv", "mapping.yaml"}
    assert not [w for w in ds.warnings if "not a table" in w or "not in the contract" in w]
    after = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in EXAMPLE.iterdir()}
    assert before == after


def test_example_without_mapping_reports_missing_tables(tmp_path):
    with pytest.raises(analysis.DataValidationError) as info:
        analysis.load_dataset(EXAMPLE, mapping={"tables": {}}, today=date(2025, 10, 15))
    missing = {i.table for i in info.value.issues if i.row is None}
    assert {"units", "employees", "enrollments"} <= missing


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        ({"tabels": {}}, "unknown key 'tabels'"),
        ({"tables": {"pegawai": {}}}, "unknown table 'pegawai'"),
        ({"tables": {"employees": {"colums": {}}}}, "unknown key 'colums' under tables.employees"),
        ({"tables": {"employees": {"columns": {"NIP": "nip"}}}}, "'nip', which is not a column of employees"),
        ({"tables": {"employees": {"columns": {"NIP": "employee_id", "No": "employee_id"}}}}, "both 'NIP' and 'No'"),
        ({"tables": {"employees": {"values": {"sex": {"L": "M"}}}}}, "'sex', which is not a column"),
        ({"tables": {"employees": {"columns": ["NIP"]}}}, "must be a mapping"),
    ],
)
def test_malformed_mapping_names_the_key(content, needle):
    with pytest.raises(MappingError, match="mapping") as info:
        parse_mapping(content, "mapping.yaml")
    assert needle in str(info.value)


def test_yaml_scalars_stay_text(tmp_path):
    path = tmp_path / "mapping.yaml"
    path.write_text("tables:\n  employees:\n    values:\n      is_unit_head: {Y: true, N: false, yes: true}\n")
    m = load_mapping(path)
    assert m.tables["employees"].values["is_unit_head"] == {"Y": "true", "N": "false", "yes": "true"}


def test_rename_and_recode_are_case_insensitive():
    m = parse_mapping({"tables": {"employees": {
        "columns": {"NIP": "employee_id", "jenis kelamin": "gender"},
        "values": {"gender": {"l": "M", "P": "F"}},
    }}})
    frame = pd.DataFrame({" NIP ": ["1"], "Jenis Kelamin": [" L "], "Unit ID": ["X"], "Other": ["o"]}, dtype="string")
    renamed, warnings, renames = rename_columns(frame, "employees", m.tables["employees"], "pegawai.csv")
    assert list(renamed.columns) == ["employee_id", "gender", "unit_id", "Other"]
    assert renames["employee_id"] == "NIP"
    out = recode_values(renamed, m.tables["employees"])
    assert out["gender"].tolist() == ["M"]
    assert frame["Jenis Kelamin"].tolist() == [" L "]  # input frame untouched
    assert warnings == []


def test_mapped_header_not_found_is_a_warning(tmp_path):
    m = parse_mapping({"tables": {"budget": {"columns": {"Catatan": "allocated_idr"}}}})
    frame = pd.DataFrame({"agency_id": ["A"]}, dtype="string")
    _, warnings, _ = rename_columns(frame, "budget", m.tables["budget"], "budget.csv")
    assert "no column 'Catatan'" in warnings[0]


def test_mapping_file_next_to_the_data_is_used(tmp_path):
    import shutil

    folder = tmp_path / "d"
    shutil.copytree(EXAMPLE, folder)
    bad = (folder / "mapping.yaml").read_text().replace("    file: anggaran.csv", "    fil: anggaran.csv")
    (folder / "mapping.yaml").write_text(bad)
    with pytest.raises(MappingError, match="unknown key 'fil'"):
        analysis.load_dataset(folder)


def test_sheet_from_mapping_in_a_workbook(tmp_path):
    src = Path(__file__).parent / "fixtures" / "io" / "minimal"
    book = tmp_path / "ekspor.xlsx"
    with pd.ExcelWriter(book) as xw:
        for csv in sorted(src.glob("*.csv")):
            sheet = "Anggaran" if csv.stem == "budget" else csv.stem
            frame = pd.read_csv(csv, dtype=str, keep_default_na=False).replace("", None)
            if csv.stem == "budget":
                frame = frame.rename(columns={"allocated_idr": "Pagu"})
            frame.to_excel(xw, sheet_name=sheet, index=False)
    mapping = {"tables": {"budget": {"sheet": "Anggaran", "columns": {"Pagu": "allocated_idr"}}}}
    ds = analysis.load_dataset(book, mapping=mapping, today=date(2025, 10, 15))
    assert ds.budget["allocated_idr"].sum() == 165_000_000
