"""Build ``data/examples/simpeg_sqlite/``: a small SIMPEG-like SQLite database and its mapping.

The database is cut from the synthetic sample (``data/sample``): every unit, programme,
budget line and service metric, all unit heads and a fixed share of the other employees
(seed 2026) with their enrolments, assessments, awards and survey answers. Tables and
columns carry Indonesian names and labels, and employees, enrolments, assessments,
awards and survey answers point to other tables by integer id (as a personnel system
stores them), so ``mapping.yaml`` reads them with queries that join back the NIP, the
unit code and the programme code.

    python scripts/build_simpeg_sqlite.py    # rewrites simpeg.db and mapping.yaml
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample"
OUT = ROOT / "data" / "examples" / "simpeg_sqlite"
EXPORT_MAPPING = ROOT / "data" / "examples" / "simpeg_export" / "mapping.yaml"
#: Share of the employees who are not unit heads kept in the example.
SHARE = 0.05
SEED = 2026

SCHEMA = """
CREATE TABLE unit_kerja (
    id_unit INTEGER PRIMARY KEY, kode_unit TEXT NOT NULL UNIQUE, nama_unit TEXT, kode_opd TEXT,
    sektor TEXT, kecamatan TEXT, mulai_layanan_daring DATE);
CREATE TABLE pegawai (
    id_pegawai INTEGER PRIMARY KEY, nip TEXT NOT NULL UNIQUE,
    id_unit INTEGER REFERENCES unit_kerja(id_unit), status_kepegawaian TEXT, jenis_jabatan TEXT,
    kepala_unit INTEGER, jenis_kelamin TEXT, tahun_lahir INTEGER, pendidikan_terakhir TEXT,
    tmt_cpns DATE, tanggal_berhenti DATE, golongan TEXT);
CREATE TABLE diklat (
    id_diklat INTEGER PRIMARY KEY, kode_diklat TEXT NOT NULL UNIQUE, nama_diklat TEXT, metode TEXT,
    jenis_kompetensi TEXT, jenis_penyelenggara TEXT, penyelenggara TEXT, jp REAL,
    biaya_per_peserta INTEGER, sektor_sasaran TEXT, nilai_maksimum REAL);
CREATE TABLE riwayat_diklat (
    id_riwayat INTEGER PRIMARY KEY, no_peserta TEXT NOT NULL,
    id_pegawai INTEGER REFERENCES pegawai(id_pegawai), id_diklat INTEGER REFERENCES diklat(id_diklat),
    tanggal_mulai DATE, tanggal_selesai DATE, status TEXT, nilai_pre_test REAL, nilai_post_test REAL,
    kepuasan REAL, penilaian_atasan REAL, jp_diakui REAL, biaya_riil INTEGER);
CREATE TABLE asesmen (
    id_asesmen INTEGER PRIMARY KEY, id_pegawai INTEGER REFERENCES pegawai(id_pegawai),
    tanggal_asesmen DATE, jenis_kompetensi TEXT, level REAL, level_standar REAL);
CREATE TABLE ref_indikator (id_jenis INTEGER PRIMARY KEY, nama_indikator TEXT NOT NULL UNIQUE);
CREATE TABLE indikator_layanan (
    id_indikator INTEGER PRIMARY KEY, id_unit INTEGER REFERENCES unit_kerja(id_unit),
    triwulan TEXT, id_jenis INTEGER REFERENCES ref_indikator(id_jenis), nilai REAL);
CREATE TABLE anggaran (
    id_anggaran INTEGER PRIMARY KEY, kode_opd TEXT, tahun_anggaran INTEGER, pagu_pengembangan INTEGER);
CREATE TABLE penghargaan (
    id_penghargaan INTEGER PRIMARY KEY, id_pegawai INTEGER REFERENCES pegawai(id_pegawai),
    tanggal DATE, jenis_penghargaan TEXT);
CREATE TABLE survei (
    id_survei INTEGER PRIMARY KEY, id_pegawai INTEGER REFERENCES pegawai(id_pegawai), triwulan TEXT,
    dukungan_pimpinan REAL, motivasi_belajar REAL);
"""

#: Per contract table: where mapping.yaml reads it (``table`` or ``query``), its key and renames.
MAPPING: dict[str, dict[str, object]] = {
    "units": {"table": "unit_kerja", "columns": {
        "kode_unit": "unit_id", "nama_unit": "unit_name", "kode_opd": "agency_id", "sektor": "sector",
        "kecamatan": "kecamatan", "mulai_layanan_daring": "online_service_start"}},
    "employees": {"query": (
        "SELECT p.id_pegawai, p.nip, u.kode_unit, p.status_kepegawaian, p.jenis_jabatan, p.kepala_unit,\n"
        "       p.jenis_kelamin, p.tahun_lahir, p.pendidikan_terakhir, p.tmt_cpns, p.tanggal_berhenti, p.golongan\n"
        "FROM pegawai p JOIN unit_kerja u ON u.id_unit = p.id_unit\nORDER BY p.id_pegawai\n"),
        "key": "id_pegawai", "columns": {
        "nip": "employee_id", "kode_unit": "unit_id", "status_kepegawaian": "employment_type",
        "jenis_jabatan": "position_type", "kepala_unit": "is_unit_head", "jenis_kelamin": "gender",
        "tahun_lahir": "birth_year", "pendidikan_terakhir": "education", "tmt_cpns": "hire_date",
        "tanggal_berhenti": "exit_date", "golongan": "grade"}},
    "programs": {"table": "diklat", "columns": {
        "kode_diklat": "program_id", "nama_diklat": "title", "metode": "modality", "jenis_kompetensi": "domain",
        "jenis_penyelenggara": "provider_type", "penyelenggara": "provider", "jp": "jp",
        "biaya_per_peserta": "cost_per_participant", "sektor_sasaran": "target_sector",
        "nilai_maksimum": "max_score"}},
    "enrollments": {"query": (
        "SELECT r.id_riwayat, r.no_peserta, p.nip, d.kode_diklat, r.tanggal_mulai, r.tanggal_selesai, r.status,\n"
        "       r.nilai_pre_test, r.nilai_post_test, r.kepuasan, r.penilaian_atasan, r.jp_diakui, r.biaya_riil\n"
        "FROM riwayat_diklat r\n  JOIN pegawai p ON p.id_pegawai = r.id_pegawai\n"
        "  JOIN diklat d ON d.id_diklat = r.id_diklat\nORDER BY r.id_riwayat\n"),
        "key": "id_riwayat", "columns": {
        "no_peserta": "enrollment_id", "nip": "employee_id", "kode_diklat": "program_id",
        "tanggal_mulai": "start_date", "tanggal_selesai": "end_date", "status": "status",
        "nilai_pre_test": "pre_score", "nilai_post_test": "post_score", "kepuasan": "satisfaction",
        "penilaian_atasan": "behavior_score", "jp_diakui": "jp_credited", "biaya_riil": "cost"}},
    "assessments": {"query": (
        "SELECT a.id_asesmen, p.nip, a.tanggal_asesmen, a.jenis_kompetensi, a.level, a.level_standar\n"
        "FROM asesmen a JOIN pegawai p ON p.id_pegawai = a.id_pegawai\nORDER BY a.id_asesmen\n"),
        "key": "id_asesmen", "columns": {
        "nip": "employee_id", "tanggal_asesmen": "assessed_on", "jenis_kompetensi": "domain",
        "level": "score", "level_standar": "required_level"}},
    "service_metrics": {"query": (
        "SELECT i.id_indikator, u.kode_unit, i.triwulan, r.nama_indikator, i.nilai\n"
        "FROM indikator_layanan i\n  JOIN unit_kerja u ON u.id_unit = i.id_unit\n"
        "  JOIN ref_indikator r ON r.id_jenis = i.id_jenis\nORDER BY i.id_indikator\n"),
        "key": "id_indikator", "columns": {
        "kode_unit": "unit_id", "triwulan": "period", "nama_indikator": "metric", "nilai": "value"}},
    "budget": {"table": "anggaran", "columns": {
        "kode_opd": "agency_id", "tahun_anggaran": "year", "pagu_pengembangan": "allocated_idr"}},
    "recognitions": {"query": (
        "SELECT h.id_penghargaan, p.nip, h.tanggal, h.jenis_penghargaan\n"
        "FROM penghargaan h JOIN pegawai p ON p.id_pegawai = h.id_pegawai\nORDER BY h.id_penghargaan\n"),
        "key": "id_penghargaan", "columns": {
        "nip": "employee_id", "tanggal": "awarded_on", "jenis_penghargaan": "kind"}},
    "survey": {"query": (
        "SELECT s.id_survei, p.nip, s.triwulan, s.dukungan_pimpinan, s.motivasi_belajar\n"
        "FROM survei s JOIN pegawai p ON p.id_pegawai = s.id_pegawai\nORDER BY s.id_survei\n"),
        "key": "id_survei", "columns": {
        "nip": "employee_id", "triwulan": "period", "dukungan_pimpinan": "leader_support",
        "motivasi_belajar": "learning_motivation"}},
}


def indonesian_labels() -> dict[str, dict[str, dict[str, str]]]:
    """Contract code -> Indonesian label, per table and column (from the SIMPEG export's mapping)."""
    export = yaml.safe_load(EXPORT_MAPPING.read_text(encoding="utf-8"))["tables"]
    labels: dict[str, dict[str, dict[str, str]]] = {}
    for table, body in export.items():
        for column, recode in (body.get("values") or {}).items():
            inverse: dict[str, str] = {}
            for label, code in recode.items():
                inverse.setdefault(str(code), str(label))
            labels.setdefault(table, {})[column] = inverse
    return labels


def _read(name: str) -> pd.DataFrame:
    frame = pd.read_csv(SAMPLE / f"{name}.csv", dtype=str, keep_default_na=False)
    return frame.replace("", None)


def _label(frame: pd.DataFrame, table: str, labels: dict[str, dict[str, dict[str, str]]]) -> pd.DataFrame:
    out = frame.copy()
    for column, inverse in labels.get(table, {}).items():
        if column in out:
            out[column] = out[column].map(lambda v, inv=inverse: inv.get(v, v) if v is not None else None)
    return out


def build(out: Path = OUT, share: float = SHARE, seed: int = SEED) -> dict[str, int]:
    """Write ``simpeg.db`` and ``mapping.yaml`` into ``out``; rows per database table."""
    labels = indonesian_labels()
    units = _label(_read("units"), "units", labels).reset_index(drop=True)
    units["id_unit"] = np.arange(1, len(units) + 1)
    unit_id = dict(zip(units["unit_id"], units["id_unit"], strict=True))
    employees = _label(_read("employees"), "employees", labels)
    rng = np.random.default_rng(seed)
    keep = (employees["is_unit_head"] == "true").to_numpy() | (rng.random(len(employees)) < share)
    employees = employees[keep].reset_index(drop=True)
    employees["id_pegawai"] = np.arange(1, len(employees) + 1)
    person = dict(zip(employees["employee_id"], employees["id_pegawai"], strict=True))
    programs = _label(_read("programs"), "programs", labels).reset_index(drop=True)
    programs["id_diklat"] = np.arange(1, len(programs) + 1)
    programme = dict(zip(programs["program_id"], programs["id_diklat"], strict=True))

    def of_kept(name: str) -> pd.DataFrame:
        frame = _label(_read(name), name, labels)
        return frame[frame["employee_id"].isin(person)].reset_index(drop=True)

    enrollments, assessments = of_kept("enrollments"), of_kept("assessments")
    recognitions, survey = of_kept("recognitions"), of_kept("survey")
    metrics = _label(_read("service_metrics"), "service_metrics", labels)
    budget = _read("budget")
    kinds = {name: i for i, name in enumerate(sorted(metrics["metric"].unique()), start=1)}
    boolean = {"true": 1, "false": 0}
    rows = {
        "unit_kerja": [(int(r.id_unit), r.unit_id, r.unit_name, r.agency_id, r.sector, r.kecamatan, r.online_service_start)
                       for r in units.itertuples()],
        "pegawai": [(int(r.id_pegawai), r.employee_id, unit_id[r.unit_id], r.employment_type.upper(), r.position_type,
                     boolean[r.is_unit_head], r.gender, r.birth_year, r.education.upper(),
                     r.hire_date, r.exit_date, r.grade) for r in employees.itertuples()],
        "diklat": [(int(r.id_diklat), r.program_id, r.title, r.modality, r.domain, r.provider_type, r.provider, r.jp,
                    r.cost_per_participant, r.target_sector, r.max_score) for r in programs.itertuples()],
        "riwayat_diklat": [(i, r.enrollment_id, person[r.employee_id], programme[r.program_id], r.start_date, r.end_date,
                            r.status, r.pre_score, r.post_score, r.satisfaction, r.behavior_score, r.jp_credited, r.cost)
                           for i, r in enumerate(enrollments.itertuples(), start=1)],
        "asesmen": [(i, person[r.employee_id], r.assessed_on, r.domain, r.score, r.required_level)
                    for i, r in enumerate(assessments.itertuples(), start=1)],
        "ref_indikator": [(i, name) for name, i in kinds.items()],
        "indikator_layanan": [(i, unit_id[r.unit_id], r.period, kinds[r.metric], r.value)
                              for i, r in enumerate(metrics.itertuples(), start=1)],
        "anggaran": [(i, r.agency_id, r.year, r.allocated_idr) for i, r in enumerate(budget.itertuples(), start=1)],
        "penghargaan": [(i, person[r.employee_id], r.awarded_on, r.kind)
                        for i, r in enumerate(recognitions.itertuples(), start=1)],
        "survei": [(i, person[r.employee_id], r.period, r.leader_support, r.learning_motivation)
                   for i, r in enumerate(survey.itertuples(), start=1)],
    }
    out.mkdir(parents=True, exist_ok=True)
    target = out / "simpeg.db"
    tmp = target.with_suffix(".db.tmp")
    tmp.unlink(missing_ok=True)
    con = sqlite3.connect(tmp)
    try:
        con.executescript(SCHEMA)
        for table, values in rows.items():
            marks = ", ".join("?" * len(values[0]))
            con.executemany(f"INSERT INTO {table} VALUES ({marks})", values)
        con.commit()
        con.execute("VACUUM")
    finally:
        con.close()
    tmp.replace(target)
    write_mapping(out / "mapping.yaml", labels)
    return {table: len(values) for table, values in rows.items()}


def write_mapping(path: Path, labels: dict[str, dict[str, dict[str, str]]]) -> None:
    """mapping.yaml: each contract table's database table or query, key, renames and recodes."""
    tables: dict[str, object] = {}
    for table, body in MAPPING.items():
        entry = dict(body)
        values = {c: {label: code for code, label in inv.items()} for c, inv in labels.get(table, {}).items()}
        if table == "employees":
            values = {k: v for k, v in values.items() if k != "gender"} | {"gender": {"L": "M", "P": "F"}}
        if values:
            entry["values"] = values
        tables[table] = entry
    head = (
        "# mapping.yaml: how the SIMPEG-like database simpeg.db maps onto data contract v1.\n"
        "# Written by scripts/build_simpeg_sqlite.py. Per table: `table` (a database table) or `query`\n"
        "# (a SELECT), `key` (the column that locates a row in messages; default the primary key),\n"
        "# `columns` {database column: contract column}, `values` {contract column: {label: code}}.\n"
        "# No credentials here: a password comes from KOMPETENSI_DB_PASSWORD or ~/.pgpass.\n"
    )
    class Dumper(yaml.SafeDumper):
        pass

    def text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|" if "\n" in value else None)

    Dumper.add_representer(str, text)
    body = yaml.dump({"tables": tables}, Dumper=Dumper, sort_keys=False, allow_unicode=True, width=110)
    path.write_text(head + body, encoding="utf-8")


if __name__ == "__main__":
    counts = build()
    size = (OUT / "simpeg.db").stat().st_size
    for table, n in counts.items():
        print(f"{table:<18} {n:>7,}")
    print(f"simpeg.db: {size / 1024:,.0f} KiB")
