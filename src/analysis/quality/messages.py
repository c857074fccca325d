"""Every text of the data-quality page, as ``(Bahasa Indonesia, English)`` pairs: headings,
sentences (with ``{placeholders}`` for :func:`analysis.text.phrases.message`), column labels,
captions, chart labels and the titles of the saved tables."""

from __future__ import annotations

from analysis.text.lang import Lang, pick
from analysis.text.phrases import message

Pair = tuple[str, str]

# --------------------------------------------------------------------------------------------
# headings and sentences (analysis.quality.narrative)
# --------------------------------------------------------------------------------------------

LOADED_HEADING: Pair = ("## Data yang dimuat", "## What was loaded")
LOADED: Pair = (
    "Folder `{folder}`: {files} berkas, {employees} ASN, {enrollments} keikutsertaan, data {span}. "
    "Laporan ini untuk **{period}**.",
    "Folder `{folder}`: {files} files, {employees} ASN, {enrollments} enrolments, data from {span}. "
    "This report is for **{period}**.",
)
WARNINGS_HEADING: Pair = ("## Peringatan saat memuat data", "## Loader warnings")
NO_WARNINGS: Pair = ("Tidak ada peringatan.", "No warnings.")
COMPLETENESS_HEADING: Pair = ("## Kelengkapan per tabel", "## Completeness per table")
COMPLETENESS_NOTE: Pair = (
    "Kolom wajib selalu terisi setelah validasi; tabel berikut menunjukkan kolom opsional yang kosong. "
    "`exit_date` kosong berarti pegawai masih aktif (wajar).",
    "Required columns are always filled after validation; below are the optional columns that are empty. "
    "An empty `exit_date` means the employee is still in service (expected).",
)
AGENCIES_HEADING: Pair = ("## Kelengkapan per OPD, {period}", "## Completeness per agency, {period}")
AGENCY_GAPS: Pair = (
    "Dari {agencies} OPD: {no_service} tanpa indikator layanan triwulan ini, {no_budget} tanpa pagu tahun {year}, "
    "{no_assessments} tanpa asesmen kompetensi, {no_enrollments} tanpa keikutsertaan yang berakhir triwulan ini. "
    "OPD tanpa indikator layanan tidak masuk analisis hubungan pelatihan dan layanan; OPD tanpa pagu tidak "
    "memiliki angka serapan.",
    "Of {agencies} agencies: {no_service} have no service metrics this quarter, {no_budget} no allocation for "
    "{year}, {no_assessments} no competency assessments, {no_enrollments} no enrolments ending this quarter. "
    "Agencies without service metrics are not in the training-service analysis; agencies without an allocation "
    "have no absorption.",
)
CHANGES_HEADING: Pair = ("## Perubahan sejak data triwulan lalu", "## Changes since the previous quarter's data")
NO_PREVIOUS: Pair = (
    "Tidak ada laporan triwulan sebelumnya untuk dibandingkan (manifest.json tidak diberikan atau tidak ditemukan).",
    "No previous quarter's report to compare with (no manifest.json given or found).",
)
#: The previous report when its quarter is unknown.
PREVIOUS_REPORT: Pair = ("sebelumnya", "previous")
CHANGES: Pair = (
    "Dibandingkan dengan laporan {previous}: {unchanged} berkas sama, {changed} berubah, {new} baru, "
    "{removed} hilang.",
    "Against the {previous} report: {unchanged} files unchanged, {changed} changed, {new} new, "
    "{removed} removed.",
)

# --------------------------------------------------------------------------------------------
# tables shown on the page (analysis.quality.tables): column labels, cell words, captions
# --------------------------------------------------------------------------------------------

FILE_COLUMNS: dict[str, Pair] = {
    "file": ("Berkas", "File"), "sha256": ("SHA-256", "SHA-256"), "tables": ("Tabel", "Tables"),
    "bytes": ("Bytes", "Bytes"),
}  # fmt: skip
FILES_CAPTION: Pair = ("Berkas masukan dan sidik jarinya (SHA-256, 16 karakter pertama)",
                       "Input files and their fingerprints (SHA-256, first 16 characters)")
ROW_COLUMNS: dict[str, Pair] = {
    "table": ("Tabel", "Table"), "rows": ("Baris", "Rows"), "columns": ("Kolom", "Columns"),
    "present": ("Ada", "Present"),
}  # fmt: skip
TABLE_PRESENT: Pair = ("ya", "yes")
TABLE_ABSENT: Pair = ("tidak ada", "absent")
ROWS_CAPTION: Pair = ("Baris per tabel", "Rows per table")
COMPLETENESS_COLUMNS: dict[str, Pair] = {
    "table": ("Tabel", "Table"), "column": ("Kolom", "Column"), "rows": ("Baris", "Rows"),
    "missing": ("Kosong", "Missing"), "share_missing": ("Porsi kosong", "Share missing"),
}  # fmt: skip
AGENCY_COLUMNS: dict[str, Pair] = {
    "agency_name": ("OPD", "OPD"), "units": ("Unit", "Unit"), "active_staff": ("ASN aktif", "Active ASN"),
    "enrollments": ("Keikutsertaan", "Enrolments"), "share_scored": ("Bernilai pre/post", "With pre/post"),
    "service_metrics": ("Indikator layanan", "Service metrics"), "has_budget": ("Pagu", "Budget"),
    "assessed_staff": ("ASN diasesmen", "Assessed ASN"), "gaps": ("Belum ada", "Missing"),
}  # fmt: skip
HAS_BUDGET: Pair = ("ya", "yes")
NO_BUDGET: Pair = ("tidak", "no")
FILE_STATE_WORDS: dict[str, Pair] = {
    "unchanged": ("sama", "unchanged"), "changed": ("berubah", "changed"), "new": ("baru", "new"),
    "removed": ("hilang", "removed"),
}  # fmt: skip
CHANGED_FILE_COLUMNS: dict[str, Pair] = {
    "file": ("Berkas", "File"), "sha256_now": ("SHA-256 kini", "SHA-256 now"),
    "sha256_before": ("SHA-256 lalu", "SHA-256 before"), "status": ("Status", "Status"),
}  # fmt: skip
CHANGED_ROW_COLUMNS: dict[str, Pair] = {
    "table": ("Tabel", "Table"), "rows_now": ("Baris kini", "Rows now"), "rows_before": ("Baris lalu", "Rows before"),
    "change": ("Perubahan", "Change"),
}  # fmt: skip

# --------------------------------------------------------------------------------------------
# chart (analysis.quality.plots)
# --------------------------------------------------------------------------------------------

MISSING_AXIS: Pair = ("Nilai kosong (%)", "Missing values (%)")
COMPLETENESS_CHART: Pair = ("Kolom opsional yang kosong", "Optional columns left empty")

# --------------------------------------------------------------------------------------------
# tables saved for tables.xlsx: name -> (title, note); titles take {period}
# --------------------------------------------------------------------------------------------

TABLES: dict[str, tuple[Pair, Pair]] = {
    "dq_files": (("Berkas masukan", "Input files"), ("SHA-256 lengkap.", "Full SHA-256.")),
    "dq_rows": (("Baris per tabel", "Rows per table"), ("", "")),
    "dq_completeness": (("Kelengkapan kolom", "Column completeness"), ("", "")),
    "dq_agencies": (("Kelengkapan per OPD, {period}", "Completeness per agency, {period}"), ("", "")),
    "dq_changes_files": (("Berkas dibanding triwulan lalu", "Files against the previous quarter"), ("", "")),
    "dq_changes_rows": (("Baris dibanding triwulan lalu", "Rows against the previous quarter"), ("", "")),
}


def table_text(name: str, lang: Lang = "id", **values: object) -> dict[str, str]:
    """``title`` and ``note`` of a saved table (:data:`TABLES`), for
    :meth:`analysis.data.results.ResultsRecorder.table`; ``values`` fill the title."""
    title, note = TABLES[name]
    return {"title": message(title, lang, **values), "note": pick(lang, note)}
