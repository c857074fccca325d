"""What the ``kompetensi`` command says: usage, help and errors, in Bahasa Indonesia and English.

:data:`HELP` holds every help text of :func:`analysis.cli.build_parser` as an ``(id, en)``
pair; :data:`ARGPARSE` the headings and the words argparse writes itself (usage prefix,
section titles, the help and version options); :func:`argparse_error` says argparse's
usage errors (a missing argument, an invalid choice, an unknown option) in the chosen
language; :data:`RUN` the command's own errors (interrupted, internal error, crash log).
The command line's language is its ``--lang`` option (``kompetensi validate --lang id -h``).
"""

from __future__ import annotations

import re

from analysis.text.lang import Lang, pick

HELP: dict[str, tuple[str, str]] = {
    "description": (
        "Perangkat evaluasi pengembangan kompetensi ASN Kota Binjai.",
        "Kota Binjai ASN competency-development evaluation toolkit.",
    ),
    "init": (
        "buat folder proyek: config/, data/ (dengan sampel), notebooks/, reports/",
        "create a project folder: config/, data/ (with the sample), notebooks/, reports/",
    ),
    "init.dir": ("folder baru (harus belum ada atau kosong)", "the new folder (must be absent or empty)"),
    "init.lang": ("bahasa README folder itu (bawaan id)", "language of the folder's README (default id)"),
    "validate": ("periksa folder data terhadap kontrak data", "check a data folder against the data contract"),
    "validate.data": (
        "folder berkas CSV/XLSX/Parquet, satu workbook XLSX, atau URL basis data (sqlite:///simpeg.db, "
        "postgresql://user@host/db; kata sandi dari KOMPETENSI_DB_PASSWORD)",
        "folder of CSV/XLSX/Parquet files, one XLSX workbook, or a database URL "
        "(sqlite:///simpeg.db, postgresql://user@host/db; password from KOMPETENSI_DB_PASSWORD)",
    ),
    "validate.mapping": (
        "mapping.yaml untuk ekspor dengan nama lain (bawaan: DATA/mapping.yaml bila ada)",
        "mapping.yaml for a foreign export (default: DATA/mapping.yaml if present)",
    ),
    "validate.max_rows": ("masalah yang dicantumkan per kelompok (bawaan 40)", "problems listed per group (default 40)"),
    "validate.lang": (
        "bahasa daftar masalah dan ringkasan (bawaan id, Bahasa Indonesia)",
        "language of the problems and the summary (default id, Bahasa Indonesia)",
    ),
    "sample": (
        "buat data sintetis berbentuk Binjai dengan efek yang ditanam",
        "generate synthetic Binjai-shaped data with planted effects",
    ),
    "sample.scale": (
        "ukuran populasi sintetis (bawaan city: OPD satu kota)",
        "size of the synthetic population (default city: one city's agencies)",
    ),
    "sample.employees": (
        "sekitar N pegawai, bukan skala bernama (bagian Parquet; paling sedikit 1.000)",
        "about N employees instead of a named scale (Parquet parts; at least 1,000)",
    ),
    "sample.seed": (
        "benih acak; benih yang sama memberi berkas yang sama (bawaan 2026)",
        "random seed; the same seed gives the same files (default 2026)",
    ),
    "sample.out": ("folder keluaran (dibuat; harus kosong atau belum ada)", "output folder (created; must be empty or absent)"),
    "sample.end_period": ("triwulan terakhir yang dibuat, mis. 2026Q3", "last quarter generated, e.g. 2026Q3"),
    "params": (
        "daftar parameter notebook dengan tipe dan nilai bawaannya",
        "list a notebook's parameters with types and defaults",
    ),
    "params.notebook": ("path atau nama notebook, mis. 10_training_outcomes", "notebook path or name, e.g. 10_training_outcomes"),
    "report": ("susun laporan triwulanan", "build the quarterly report"),
    "report.data": (
        "folder data, atau URL basis data (lihat `kompetensi validate -h`)",
        "data folder, or a database URL (see `kompetensi validate -h`)",
    ),
    "report.period": (
        "triwulan, mis. 2026Q3 (bawaan: yang terakhir dalam data)",
        "quarter, e.g. 2026Q3 (default: latest in the data)",
    ),
    "report.lang": (
        "bahasa laporan (bawaan id); laporan bahasa Inggris ke OUT/en/<periode>/",
        "language of the report (default id); English reports go to OUT/en/<period>/",
    ),
    "report.agency": ("satu agency_id, atau 'all' untuk satu ringkasan per OPD", "an agency_id, or 'all' for one brief per OPD"),
    "report.out": ("folder laporan (bawaan reports/)", "reports folder (default reports/)"),
    "report.jobs": ("jumlah pekerja paralel (bawaan: jumlah inti)", "parallel workers (default: number of cores)"),
    "report.timeout": ("detik per notebook (bawaan 600)", "seconds per notebook (default 600)"),
    "report.cache_dir": (
        "folder cache data tervalidasi (bawaan: folder cache pengguna, lihat README)",
        "folder of the validated-data cache (default: the user's cache folder, see README)",
    ),
    "report.no_cache": ("jangan simpan cache data tervalidasi", "do not cache the validated data"),
    "report.config": (
        "folder konfigurasi kota (targets.yaml, budget.yaml, ...); berkas yang tidak ada diambil dari "
        "paket (lihat `kompetensi init`)",
        "the city's configuration folder (targets.yaml, budget.yaml, ...); a file it lacks "
        "comes from the package (see `kompetensi init`)",
    ),
    "report.allow_findings": (
        "terbitkan walau audit privasi menemukan sesuatu (temuannya masuk manifest.json)",
        "publish even when the privacy audit finds something (the findings go into manifest.json)",
    ),
    "report.internal": (
        "tulis juga daftar per pegawai (staf di bawah 20 JP, per pseudonim) ke reports/internal/<periode>/ "
        "untuk bagian kepegawaian: data pribadi, tidak boleh keluar dari tim (docs/disclosure.md)",
        "also write per-employee lists (staff below 20 JP, by pseudonym) to reports/internal/<period>/ "
        "for the HR office: personal data, must not leave the team (docs/disclosure.md)",
    ),
    "report.hypotheses": (
        "berkas hipotesis untuk halaman hipotesis (bawaan: data/examples/hypotheses/binjai.yaml; "
        "'none' meniadakan halamannya)",
        "hypothesis file for the hypothesis page (default: data/examples/hypotheses/binjai.yaml; "
        "'none' leaves the page out)",
    ),
    "audit": (
        "periksa laporan jadi dari data pribadi dan sel kecil sebelum keluar dari tim",
        "check a built report for personal data and small cells before it leaves the team",
    ),
    "audit.report_dir": ("folder laporan jadi, mis. reports/2026Q3", "a built report folder, e.g. reports/2026Q3"),
    "audit.data": ("folder data, untuk mencari nama pegawai (opsional)", "the data folder, to look for employees' names (optional)"),
    "audit.disclosure": (
        "YAML kebijakan pengungkapan (bawaan: config/disclosure.yaml paket)",
        "disclosure policy YAML (default: the package's config/disclosure.yaml)",
    ),
    "hypotheses": ("uji hipotesis dari berkas YAML (docs/hypotheses.md)", "test the hypotheses of a YAML file (docs/hypotheses.md)"),
    "hypotheses.spec": ("berkas hipotesis (YAML)", "hypothesis file (YAML)"),
    "hypotheses.data": ("folder data", "data folder"),
    "hypotheses.period": (
        "triwulan terakhir yang dipakai, mis. 2026Q3 (bawaan: yang terakhir dalam data)",
        "last quarter used, e.g. 2026Q3 (default: latest in the data)",
    ),
    "hypotheses.out": ("folder untuk hypotheses.json, hypotheses.html dan hypotheses.pdf",
                       "folder for hypotheses.json, hypotheses.html and hypotheses.pdf"),
    "hypotheses.lang": ("bahasa halaman (bawaan id)", "language of the page (default id)"),
    "hypotheses.list": (
        "daftar hasil, paparan dan desain tiap pasangan",
        "list the outcomes, exposures and the design of each pair",
    ),
}

#: What argparse itself writes: the usage prefix, section titles, the help and version options.
ARGPARSE: dict[str, tuple[str, str]] = {
    "usage": ("pemakaian: ", "usage: "),
    "positionals": ("argumen posisi", "positional arguments"),
    "options": ("opsi", "options"),
    "help": ("tampilkan bantuan ini lalu keluar", "show this help message and exit"),
    "version": ("tampilkan nomor versi program lalu keluar", "show program's version number and exit"),
    "error": ("galat", "error"),
}

#: argparse's usage errors (English pattern) and their Indonesian wording.
_ARGPARSE_ERRORS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^the following arguments are required: (.*)$"), r"argumen berikut wajib diisi: \1"),
    (re.compile(r"^argument (\S+): invalid choice: (.*) \(choose from (.*)\)$"), r"argumen \1: pilihan tidak sah: \2 (pilih dari \3)"),
    (re.compile(r"^unrecognized arguments: (.*)$"), r"argumen tidak dikenal: \1"),
    (re.compile(r"^argument (\S+): expected one argument$"), r"argumen \1: perlu satu nilai"),
    (re.compile(r"^argument (\S+): invalid (\S+) value: (.*)$"), r"argumen \1: nilai \2 tidak sah: \3"),
)

#: The command's own errors (``{command}``, ``{kind}``, ``{first}``, ``{log}`` filled in).
RUN: dict[str, tuple[str, str]] = {
    "interrupted": ("kompetensi {command}: dihentikan", "kompetensi {command}: interrupted"),
    "internal": ("kompetensi {command}: galat internal: {kind}: {first}", "kompetensi {command}: internal error: {kind}: {first}"),
    "log": (
        "kompetensi {command}: jejak lengkapnya ada di {log}; mohon kirimkan bersama perintah yang Anda jalankan",
        "kompetensi {command}: the full traceback is in {log}; please send it with the command you ran",
    ),
}


def argparse_error(message: str, lang: Lang | str) -> str:
    """argparse's usage error in ``lang`` (a message with no Indonesian wording stays as it is)."""
    if lang != "id":
        return message
    for pattern, indonesian in _ARGPARSE_ERRORS:
        if pattern.match(message):
            return pattern.sub(indonesian, message)
    return message


def helptext(key: str, lang: Lang | str) -> str:
    """The help text ``key`` of :data:`HELP` in ``lang``."""
    return pick(lang, HELP[key])
