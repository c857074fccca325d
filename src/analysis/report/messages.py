"""The report layer's words: page furniture of the HTML/PDF documents, the index page and the workbook.

Pairs are ``(Bahasa Indonesia, English)``; pick one side with
:func:`analysis.text.lang.pick`. The brief's own headings and sentences are in
:mod:`analysis.brief.messages`.
"""

from __future__ import annotations

# --------------------------------------------------------------------------- documents (render)

#: The publisher, on every page's footer, the cover and the index.
CITY = ("Pemerintah Kota Binjai", "City Government of Binjai")
#: The brief's title (cover, browser tab).
BRIEF_TITLE = (
    "Laporan Triwulanan Pengembangan Kompetensi ASN",
    "Quarterly Report on ASN Competency Development",
)
#: Heading of the table of contents.
CONTENTS = ("Daftar Isi", "Contents")
#: The page footer: "Halaman 2 dari 9" (the word, then the CSS counters).
PAGE_WORD = ("Halaman", "Page")
PAGE_COUNTERS = ('counter(page) " dari " counter(pages)', 'counter(page) " of " counter(pages)')
#: "Generated <date>" in page headers.
GENERATED = ("Dibuat", "Generated")
#: Starts the alt text of a chart on a notebook page ("Grafik: <the finding before it>").
CHART_WORD = ("Grafik", "Chart")
#: "Date: <date>" on the brief's cover.
DATED = ("Tanggal", "Date")

# --------------------------------------------------------------------------- index of periods

INDEX_TITLE = ("Laporan Pengembangan Kompetensi ASN", "ASN Competency Development Reports")
REPORTS_BY_QUARTER = ("Laporan per triwulan", "Reports by quarter")
NO_PERIODS = ("Belum ada laporan.", "No reports yet.")
#: Link to a period's brief and to its folder of agency briefs.
BRIEF_LINK = ("Laporan (PDF)", "Brief (PDF)")
AGENCIES_LINK = ("OPD", "Agencies")
#: The page listing every agency brief of a quarter (``opd/index.html``).
AGENCY_INDEX_TITLE = ("Laporan per OPD", "Briefs by agency")
AGENCY_INDEX_CAPTION = ("Satu laporan dan satu bahan presentasi per OPD", "One brief and one slide deck per agency")
AGENCY_COLUMN = ("OPD", "Agency")
AGENCY_CODE_COLUMN = ("Kode", "Code")
FILES_COLUMN = ("Berkas", "Files")
SLIDES_LINK = ("Bahan presentasi (PPTX)", "Slides (PPTX)")
ALL_QUARTERS = ("Semua triwulan", "All quarters")
#: Link from the Indonesian index to the English brief of the same quarter.
ENGLISH_LINK = ("Versi bahasa Inggris (PDF)", "English version (PDF)")

# --------------------------------------------------------------------------- tables.xlsx

WORKBOOK_TITLE = (
    "Tabel kunci — Laporan Triwulanan Pengembangan Kompetensi ASN",
    "Key tables — Quarterly Report on ASN Competency Development",
)
COVER_SHEET = ("Sampul", "Cover")
PERIOD = ("Periode", "Period")
NOTES = ("Catatan", "Notes")
#: The cover sheet's notes, one line each.
WORKBOOK_NOTES: tuple[tuple[str, str], ...] = (
    (
        "Setiap lembar berisi satu tabel kunci yang dihasilkan oleh pipeline laporan dari data masukan di bawah; tidak ada angka yang diketik tangan.",
        "Each sheet holds one key table produced by the report pipeline from the input data below; no number is typed by hand.",
    ),
    (
        "Proporsi ditulis sebagai persen; batas bawah dan atas IK 95% membentuk selang kepercayaan 95%.",
        "Shares are shown as percentages; the 95% CI lower and upper bounds form the 95% confidence interval.",
    ),
    (
        "Baris kode kolom (untuk mesin) disembunyikan di atas judul kolom setiap lembar.",
        "Each sheet keeps the column codes (for machines) in a hidden row above the headers.",
    ),
    (
        "Definisi mengikuti kamus data dan catatan metode pada laporan.",
        "Definitions follow the data dictionary and the report's method note.",
    ),
)
SOURCES = ("Sumber data", "Data sources")
FILE = ("Berkas", "File")
TABLES_COLUMN = ("Tabel", "Tables")
SHEETS = ("Daftar lembar", "Sheets")
NO_TABLES = ("Tidak ada tabel kunci pada periode ini.", "No key tables this period.")

# --------------------------------------------------------------------------- internal lists

#: The warning at the top of every internal file (``kompetensi report --internal``).
INTERNAL_WARNING = (
    "INTERNAL – DATA PRIBADI. Hanya untuk tim evaluasi dan BKPSDM; jangan dibagikan, "
    "dikirim atau diunggah ke luar tim (UU 27/2022 tentang Pelindungan Data Pribadi).",
    "INTERNAL – PERSONAL DATA. For the evaluation team and the HR office only; do not share, "
    "send or upload it outside the team (Law 27/2022 on personal-data protection).",
)
#: What the list of staff below the 20-JP minimum is for.
INTERNAL_BELOW_TARGET = (
    "ASN aktif yang belum mencapai 20 JP pada tahun berjalan, per {period}, menurut pseudonim "
    "(BKPSDM mencocokkan pseudonim dengan NIP memakai salt kota).",
    "Active staff below 20 JP in the year so far, as of {period}, by pseudonym "
    "(the HR office maps pseudonyms to NIPs with the city's salt).",
)
