"""The wording of every loader and validator message: code -> (Bahasa Indonesia, English).

Used through :mod:`analysis.data.messages` (a problem is a ``Message(code, **params)``).
Templates are ``str.format`` strings; both languages of a code name the same placeholders.
Grouped as the checks run: cell types, NIPs, damaged cells, one table, tables and
columns, across tables, what a file is, reading files, the issue list and the summary.
"""

from __future__ import annotations

from analysis.data.catalogue_inputs import INPUT_MESSAGES

#: code -> (Bahasa Indonesia, English).
CATALOGUE: dict[str, tuple[str, str]] = {
    # ---------------------------------------------------------------- cell types
    "type_float": (
        "bukan angka: tulis angka dengan koma atau titik desimal (mis. 3,5)",
        "not a number: write digits with a decimal comma or point (e.g. 3,5)",
    ),
    "type_int": (
        "bukan bilangan bulat: tulis angka saja (mis. 1985)",
        "not a whole number: write digits only (e.g. 1985)",
    ),
    "type_money": (
        "bukan jumlah rupiah: tulis angka, boleh dengan Rp dan titik ribuan (mis. Rp 1.250.000)",
        "not an amount in rupiah: write digits, optionally with Rp and thousands dots (e.g. Rp 1.250.000)",
    ),
    "type_bool": (
        "bukan nilai ya/tidak: tulis Ya atau Tidak (juga Y/T, TRUE/FALSE, yes/no, 1/0)",
        "not a yes/no value: write Ya or Tidak (also Y/T, TRUE/FALSE, yes/no, 1/0)",
    ),
    "type_period": (
        "bukan triwulan: tulis YYYYQn, mis. 2026Q3",
        "not a quarter: write YYYYQn, e.g. 2026Q3",
    ),
    "date_not_a_date": (
        "bukan tanggal: tulis dd/mm/yyyy (mis. 31/12/2025) atau yyyy-mm-dd",
        "not a date: write dd/mm/yyyy (e.g. 31/12/2025) or yyyy-mm-dd",
    ),
    "date_us_order": (
        "bulan di atas 12: tanggal tampak berurutan mm/dd/yyyy (format AS); tulis dd/mm/yyyy",
        "month above 12: the date looks like mm/dd/yyyy (US order); write dd/mm/yyyy",
    ),
    "date_no_such_day": (
        "tanggal ini tidak ada di kalender (periksa hari dan bulan); tulis dd/mm/yyyy",
        "no such calendar date (check day and month); write dd/mm/yyyy",
    ),
    "date_two_digit_year": (
        "tahun dua digit: tulis tahun dengan empat digit (dd/mm/yyyy)",
        "two-digit year: write the year with four digits (dd/mm/yyyy)",
    ),
    "date_serial_out_of_range": (
        "angka di luar rentang tanggal Excel 1950-2100: format sel sebagai tanggal atau tulis dd/mm/yyyy",
        "a number outside the Excel date range 1950-2100: format the cell as a date or write dd/mm/yyyy",
    ),
    "code_unknown": (
        "'{value}' bukan kode yang diizinkan{hint}: gunakan salah satu dari {codes}, "
        "atau kodekan ulang di bagian values: pada mapping.yaml",
        "'{value}' is not an allowed code{hint}: use one of {codes}, or recode it under values: in mapping.yaml",
    ),
    "code_did_you_mean": (" (maksud Anda '{code}'?)", " (did you mean '{code}'?)"),
    # ---------------------------------------------------------------- NIP
    "nip_fix": (
        "Di Excel, format kolom NIP sebagai Text (atau ketik NIP dengan awalan ') lalu ekspor ulang dari "
        "sistem sumber; jangan mengetik ulang digitnya",
        "In Excel format the NIP column as Text (or type NIPs with a leading ') and re-export from the "
        "source system; do not retype the digits",
    ),
    "nip_scientific": (
        "NIP dalam notasi ilmiah: Excel menyimpannya sebagai angka dan digitnya hilang. {fix}",
        "NIP in scientific notation: Excel stored it as a number and lost digits. {fix}",
    ),
    "nip_as_number": (
        "NIP tersimpan sebagai angka: Excel hanya menyimpan 15 digit bermakna, sehingga digit terakhir "
        "hilang. {fix}",
        "NIP stored as a number: Excel keeps only 15 significant digits, so the last digits are lost. {fix}",
    ),
    "nip_ends_000": (
        "NIP berakhir 000: Excel hanya menyimpan 15 digit bermakna dan mengganti sisanya dengan nol "
        "(nomor urut NIP yang asli mulai dari 001). {fix}",
        "NIP ends in 000: Excel kept only 15 significant digits and replaced the rest with zeros "
        "(a real NIP's serial starts at 001). {fix}",
    ),
    "nip_non_ascii": (
        "NIP ditulis dengan digit non-ASCII (lebar penuh atau Arab-India, mis. １ atau ١): ketik ulang "
        "dengan digit 0-9, atau ubah menjadi digit biasa di sistem sumber",
        "NIP written with non-ASCII digits (full-width or Arabic-Indic, e.g. １ or ١): retype it with "
        "the digits 0-9, or convert it to plain digits in the source system",
    ),
    "nip_not_a_nip": (
        "bukan NIP: NIP terdiri atas 18 digit (atau berupa pseudonim ASN-<16 hex> yang sudah ada)",
        "not a NIP: a NIP has 18 digits (or is an existing pseudonym ASN-<16 hex>)",
    ),
    "nip_bad_birth": (
        "digit 1-8 NIP bukan tanggal lahir yang sah (YYYYMMDD): periksa NIP",
        "NIP digits 1-8 are not a valid birth date (YYYYMMDD): check the NIP",
    ),
    "nip_bad_month": (
        "digit 9-14 NIP bukan bulan pengangkatan yang sah (YYYYMM, atau YYYY21 untuk PPPK): periksa NIP",
        "NIP digits 9-14 are not a valid appointment month (YYYYMM, or YYYY21 for PPPK): check the NIP",
    ),
    "nip_too_young": (
        "bulan pengangkatan NIP (digit 9-14) sebelum usia 17 menurut tanggal lahirnya: periksa NIP",
        "NIP appointment month (digits 9-14) is before age 17 of its birth date: check the NIP",
    ),
    "nip_future": (
        "bulan pengangkatan NIP (digit 9-14) ada di masa depan: periksa NIP",
        "NIP appointment month (digits 9-14) is in the future: check the NIP",
    ),
    "nip_bad_gender": (
        "digit 15 NIP harus 1 (laki-laki) atau 2 (perempuan): periksa NIP",
        "NIP digit 15 must be 1 (male) or 2 (female): check the NIP",
    ),
    # ---------------------------------------------------------------- damaged cells
    "cell_formula_unsaved": (
        "rumus yang nilainya tidak pernah disimpan (workbook dibuat oleh program, tidak disimpan di "
        "Excel): buka dan simpan berkas di Excel (atau tempel nilainya), lalu ekspor ulang",
        "a formula whose value was never saved (the workbook was written by a program, not saved in Excel): "
        "open and save the file in Excel (or paste the values), then export again",
    ),
    "cell_excel_error": (
        "nilai galat Excel: rumus di balik sel ini gagal; perbaiki di workbook sumber (atau ketik "
        "nilainya) lalu ekspor ulang",
        "an Excel error value: the formula behind this cell failed; fix it in the source workbook "
        "(or type the value) and export again",
    ),
    "cell_nul": (
        "sel berisi karakter NUL, jadi berkas rusak: ekspor ulang dari sistem sumber",
        "the cell holds a NUL character, so the file is damaged: export it again from the source system",
    ),
    "cell_too_long": (
        "sel lebih panjang dari {limit:,} karakter (batas Excel sendiri), jadi berkas rusak atau bukan "
        "hasil ekspor: perbaiki sel atau ekspor ulang berkas",
        "the cell is longer than {limit:,} characters (Excel's own limit), so the file is damaged "
        "or not an export: correct the cell or export the file again",
    ),
    "extra_column_excel_errors": (
        "{where}: kolom {column} (di luar kontrak) berisi nilai galat Excel seperti {example} pada "
        "{count:,} baris (baris {rows}); kolom ini tidak dianalisis, tetapi rumus di baliknya gagal di "
        "workbook sumber",
        "{where}: column {column} (not in the contract) holds Excel error values such as {example} in "
        "{count:,} row(s) (rows {rows}); the column is not analysed, but the formula behind it failed in "
        "the source workbook",
    ),
    # ---------------------------------------------------------------- one table
    "required_value": (
        "{column} wajib diisi: isi sel yang kosong",
        "{column} is required: fill in the empty cell",
    ),
    "range_between": (
        "di luar rentang: {column} harus antara {low:g} dan {high:g}",
        "out of range: {column} must be between {low:g} and {high:g}",
    ),
    "range_min": (
        "di luar rentang: {column} harus {op} {low:g}",
        "out of range: {column} must be {op} {low:g}",
    ),
    "range_max": (
        "di luar rentang: {column} harus <= {high:g}",
        "out of range: {column} must be <= {high:g}",
    ),
    "pattern_grade": (
        "bukan golongan: tulis golongan/ruang PNS seperti III/b, atau golongan PPPK dalam angka Romawi "
        "seperti IX",
        "not a grade: write PNS golongan/ruang like III/b, or a PPPK grade in roman numerals like IX",
    ),
    "pattern_metric": (
        "bukan nama indikator: gunakan huruf kecil, angka dan _ (mis. processing_days)",
        "not a metric name: use lower-case letters, digits and _ (e.g. processing_days)",
    ),
    "pattern_other": ("tidak sesuai pola {pattern}", "does not match the pattern {pattern}"),
    "duplicate_key": (
        "kunci ganda ({key}): ada baris lain dengan nilai yang sama; pertahankan salah satu baris atau "
        "perbaiki kuncinya",
        "duplicate key ({key}): another row has the same value; keep one of the rows or correct the key",
    ),
    "nip_gender_clash": (
        "gender tidak sesuai dengan digit jenis kelamin NIP (digit 15: 1 laki-laki, 2 perempuan): periksa "
        "gender atau NIP",
        "gender disagrees with the NIP's gender digit (digit 15: 1 male, 2 female): check gender or the NIP",
    ),
    "nip_birth_year_clash": (
        "birth_year tidak sesuai dengan tanggal lahir dalam NIP (digit 1-4): periksa birth_year atau NIP",
        "birth_year disagrees with the birth date in the NIP (digits 1-4): check birth_year or the NIP",
    ),
    "end_before_start": (
        "end_date sebelum start_date: tukar atau perbaiki tanggalnya",
        "end_date is before start_date: swap or correct the dates",
    ),
    "exit_not_after_hire": (
        "exit_date harus setelah hire_date: perbaiki tanggalnya",
        "exit_date must be after hire_date: correct the dates",
    ),
    "metric_range": (
        "{metric} harus {range}: periksa nilai dan satuannya",
        "{metric} must be {range}: check the value and its unit",
    ),
    "metric_between": ("antara {low:g} dan {high:g}", "between {low:g} and {high:g}"),
    "metric_at_least": (">= {low:g}", ">= {low:g}"),
    "two_heads": (
        "lebih dari satu kepala unit yang masih aktif di unit yang sama: isi is_unit_head = Ya untuk satu "
        "orang saja",
        "more than one current head of the same unit: keep is_unit_head = Ya for one person",
    ),
    "hire_too_young": (
        "hire_date sebelum usia {age} (menurut birth_year): periksa hire_date atau birth_year",
        "hire_date is before age {age} (from birth_year): check hire_date or birth_year",
    ),
    "hire_month_warning": (
        "{file}: hire_date tidak jatuh pada bulan pengangkatan dalam NIP (digit 9-14, TMT CPNS) untuk "
        "{count:,} baris PNS (baris {rows}); tidak apa-apa bila hire_date adalah TMT PNS yang lebih akhir, "
        "bila bukan periksa hire_date atau NIP",
        "{file}: hire_date is not in the appointment month of the NIP (digits 9-14, TMT CPNS) for "
        "{count:,} PNS row(s) (rows {rows}); fine if hire_date is the later TMT PNS, "
        "else check hire_date or the NIP",
    ),
    "date_before_floor": (
        "{column} sebelum {floor}: periksa tahunnya (salah ketik, atau tanggal kosong yang menjadi 1900 "
        "di Excel) lalu perbaiki tanggalnya",
        "{column} is before {floor}: check the year (a typo, or an empty date that became 1900 in Excel) "
        "and correct the date",
    ),
    "date_in_future": (
        "{column} ada di masa depan (setelah {today}): perbaiki tanggalnya",
        "{column} is in the future (after {today}): correct the date",
    ),
    "period_in_future": (
        "{column} setelah triwulan berjalan {current}: perbaiki periodenya",
        "{column} is after the current quarter {current}: correct the period",
    ),
    # ---------------------------------------------------------------- tables and columns
    "table_missing": (
        "tabel wajib {table} tidak ada: dicari {where}; tambahkan berkasnya (atau petakan di mapping.yaml)",
        "required table {table} is missing: looked for {where}; add the file (or map it in mapping.yaml)",
    ),
    "table_absent_optional": (
        "tabel opsional {table} tidak ada (dicari {where}); analisis yang memerlukannya dilewati",
        "optional table {table} is absent (looked for {where}); analyses that need it are skipped",
    ),
    "table_looked_for": ("{table}.csv, {table}.xlsx atau {table}.parquet", "{table}.csv, {table}.xlsx or {table}.parquet"),
    "table_no_header": (
        "{file} tidak punya baris judul dan tidak berisi data: ekspor ulang dengan judul kolom dan barisnya",
        "{file} has no header row and no data: export it again with its header and rows",
    ),
    "table_no_rows": (
        "{file} punya judul kolom tetapi tidak ada baris: ekspor ulang dengan barisnya",
        "{file} has a header but no rows: export it again with its rows",
    ),
    "table_no_rows_warning": (
        "{file}: tabel {table} punya judul kolom tetapi tidak ada baris; analisis yang memerlukannya dilewati",
        "{file}: table {table} has a header but no rows; analyses that need it are skipped",
    ),
    "column_missing": (
        "kolom wajib {column} tidak ada di {file}{hint}",
        "required column {column} is missing from {file}{hint}",
    ),
    "column_close_match": (
        " (ada kolom '{close}': ganti namanya atau petakan di mapping.yaml)",
        " (a column '{close}' exists: rename it or map it in mapping.yaml)",
    ),
    "column_add_or_map": (
        " (tambahkan kolomnya, atau petakan judul kolom sumber ke kolom ini di mapping.yaml)",
        " (add the column, or map the source header to it in mapping.yaml)",
    ),
    "extra_columns": (
        "{file}: kolom di luar kontrak, disimpan sebagai teks: {columns}",
        "{file}: columns not in the contract, kept as text: {columns}",
    ),
    # ---------------------------------------------------------------- across tables
    "reference_missing": (
        "{column} tidak ditemukan di {target} ({file}): tambahkan di sana atau perbaiki nilainya{hint}{cascade}",
        "{column} not found in {target} ({file}): add it there or correct the value{hint}{cascade}",
    ),
    "reference_case": (
        " (hanya berbeda huruf besar/kecil dari '{match}')",
        " (differs only in case from '{match}')",
    ),
    "reference_cascade": (
        "; {file} memiliki {count:,} nilai {column} yang tidak terbaca: perbaiki dulu, mungkin nilai itulah "
        "yang dimaksud di sini",
        "; {file} has {count:,} unreadable {column} value(s): fix those first, they may be the ones meant here",
    ),
    "agency_not_opd": (
        "agency_id harus menunjuk baris OPD (unit yang agency_id-nya sama dengan unit_id-nya sendiri): "
        "gunakan unit_id OPD tersebut",
        "agency_id must name an OPD row (a unit whose agency_id is its own unit_id): use the OPD's unit_id",
    ),
    "score_above_max": (
        "{column} di atas max_score program: perbaiki nilainya atau max_score program",
        "{column} is above the programme's max_score: correct the score or the programme's max_score",
    ),
    # ---------------------------------------------------------------- what a file is (files)
    "export_again": ("ekspor ulang dari sistem sumber", "export it again from the source system"),
    "damaged_workbook": (
        "berkas rusak atau bukan workbook; {again} (sebagai .xlsx atau CSV UTF-8)",
        "the file is damaged or not a workbook; {again} (as .xlsx or CSV UTF-8)",
    ),
    "damaged_parquet": (
        "berkas rusak atau bukan berkas Parquet (terpotong?); {again}",
        "the file is damaged or not a Parquet file (truncated?); {again}",
    ),
    "file_nul_bytes": (
        "berkas berisi byte NUL, jadi rusak atau bukan ekspor teks; {again} (sebagai CSV UTF-8)",
        "the file holds NUL bytes, so it is damaged or not a text export; {again} (as CSV UTF-8)",
    ),
    "file_utf16_broken": (
        "berkas tampak seperti teks UTF-16 tetapi tidak dapat dibaca (rusak atau terpotong); simpan ulang "
        "sebagai CSV UTF-8",
        "the file looks like UTF-16 text but does not decode (damaged or cut off); save it again as CSV UTF-8",
    ),
    "csv_too_large": (
        "ukuran berkas {size}, di atas batas {limit} untuk berkas CSV: pecah tabel menjadi bagian Parquet "
        "(folder berisi berkas part-*.parquet)",
        "the file is {size}, above the {limit} ceiling for a CSV file: split the table into Parquet parts "
        "(a folder of part-*.parquet files)",
    ),
    "file_empty": ("berkas kosong (0 byte); {again}", "the file is empty (0 bytes); {again}"),
    "file_empty_rows": (
        "berkas kosong (0 byte); {again} beserta judul kolom dan barisnya",
        "the file is empty (0 bytes); {again} with its header and rows",
    ),
    "xlsx_named_csv": (
        "ini workbook Excel (XLSX) dengan nama {suffix}: simpan sebagai CSV UTF-8, atau ganti namanya menjadi "
        "{stem}.xlsx",
        "this is an Excel workbook (XLSX) with a {suffix} name: save it as CSV UTF-8, or rename it to {stem}.xlsx",
    ),
    "old_xls": (
        "ini workbook Excel biner lama (.xls): buka di Excel lalu simpan sebagai .xlsx atau CSV UTF-8",
        "this is an old binary Excel workbook (.xls): open it in Excel and save it as .xlsx or CSV UTF-8",
    ),
    "old_xls_book": (
        "ini workbook Excel biner lama (.xls): buka di Excel lalu simpan sebagai .xlsx",
        "this is an old binary Excel workbook (.xls): open it in Excel and save it as .xlsx",
    ),
    "parquet_named_csv": (
        "ini berkas Parquet dengan nama {suffix}: ganti namanya menjadi {stem}.parquet",
        "this is a Parquet file with a {suffix} name: rename it to {stem}.parquet",
    ),
    "only_blank_lines": (
        "berkas hanya berisi baris kosong, tanpa judul kolom dan tanpa baris; {again}",
        "the file holds only blank lines, no header and no rows; {again}",
    ),
    "workbook_too_large": (
        "ukuran workbook {size}, di atas batas {limit}: ekspor tabel sebagai CSV atau Parquet",
        "the workbook is {size}, above the {limit} ceiling: export the table as CSV or Parquet instead",
    ),
    "csv_named_xlsx": (
        "ini teks CSV dengan nama {suffix}: ganti namanya menjadi {stem}.csv",
        "this is CSV text with a {suffix} name: rename it to {stem}.csv",
    ),
    "zip_without_workbook": (
        "berkas adalah arsip ZIP tanpa workbook di dalamnya; {again} sebagai .xlsx",
        "the file is a ZIP archive without a workbook in it; {again} as .xlsx",
    ),
    "workbook_expands": (
        "workbook akan mengembang menjadi {size}, di atas batas {limit} (berkas rusak atau berbahaya); "
        "ekspor tabel sebagai CSV atau Parquet",
        "the workbook would expand to {size}, above the {limit} ceiling (a damaged or hostile file); "
        "export the table as CSV or Parquet instead",
    ),
    "workbook_part_ratio": (
        "bagian {part} dari workbook mengembang {ratio:,.0f} kali (workbook biasa: sekitar 10), jadi berkas "
        "rusak atau berbahaya; berkas tidak dibuka. Ekspor ulang tabel sebagai CSV",
        "part {part} of the workbook expands {ratio:,.0f} times (real workbooks: about 10), "
        "so the file is damaged or hostile; it was not opened. Export the table again as CSV",
    ),
    "xlsx_named_parquet": (
        "ini workbook Excel dengan nama {suffix}: ganti namanya menjadi {stem}.xlsx",
        "this is an Excel workbook with a {suffix} name: rename it to {stem}.xlsx",
    ),
    # ---------------------------------------------------------------- reading files (io)
    "header_on_later_row": (
        "judul kolom tampaknya ada di baris {later}, bukan baris {first} (ada judul atau judul kelompok di "
        "atasnya?): hapus baris di atas judul kolom lalu ekspor ulang",
        "the header seems to be on row {later}, not row {first} (a title or a group heading "
        "above it?): delete the rows above the header and export again",
    ),
    "row_too_many_cells": (
        "baris ini berisi {cells} sel tetapi judul kolom {header}: ada sel berisi {delimiter} tanpa tanda "
        "kutip (beri tanda kutip pada teks itu) atau barisnya bergeser; perbaiki baris lalu ekspor ulang",
        "this row has {cells} cells but the header has {header}: a cell holds an "
        "unquoted {delimiter} (put that text in quotes) or the row is shifted; "
        "correct the row and export again",
    ),
    "csv_field_limit": (
        "sebuah sel di baris ini lebih panjang dari batas CSV Python 131.072 karakter (batas Excel sendiri "
        "32.767), jadi berkas rusak atau bukan hasil ekspor: perbaiki baris lalu ekspor ulang",
        "a cell in this row is longer than Python's CSV limit of 131,072 characters (Excel's own limit "
        "is 32,767), so the file is damaged or not an export: correct the row and export again",
    ),
    "csv_unclosed_quote": (
        'tanda kutip (") yang dibuka di baris ini tidak pernah ditutup, sehingga sisa berkas terbaca '
        "sebagai satu sel: tutup atau hapus tanda kutipnya lalu ekspor ulang",
        'a quote (") opened in this row is never closed, so the rest of the file reads as one cell: '
        "close or remove the quote and export again",
    ),
    "csv_stray_quote": (
        'tanda kutip (") di dalam sel tidak digandakan (tulis "" di dalam teks bertanda kutip): perbaiki '
        "baris lalu ekspor ulang",
        'a quote (") inside a cell is not doubled (write "" inside quoted text): correct the row and export again',
    ),
    "in_part": ("{part}: {message}", "{part}: {message}"),
    "looked_mapped": ("{file} (dari mapping.yaml) di {folder}", "{file} (from mapping.yaml) in {folder}"),
    "looked_in_folder": (
        "{table}.csv, {table}.xlsx, {table}.parquet atau {table}/part-*.parquet di {folder}",
        "{table}.csv, {table}.xlsx, {table}.parquet or {table}/part-*.parquet in {folder}",
    ),
    "looked_or_sheet": ("{where}, atau sheet '{sheet}' di {workbook}", "{where}, or a sheet '{sheet}' in {workbook}"),
    "unreadable_table": (
        "(tidak terbaca: lihat masalah yang dilaporkan untuk berkasnya)",
        "(unreadable: see the problem reported for its file)",
    ),
    "several_files": (
        "lebih dari satu berkas untuk tabel {table}: {files}; pertahankan satu",
        "more than one file for table {table}: {files}; keep one",
    ),
    "spare_sheets": (
        "{workbook}: sheet yang bukan tabel diabaikan: {sheets}",
        "{workbook}: sheets that are not tables were ignored: {sheets}",
    ),
    "not_a_table": (
        "{name}: bukan tabel kontrak data (atau tidak dipetakan di mapping.yaml); diabaikan",
        "{name}: not a table of the data contract (or not mapped in mapping.yaml); ignored",
    ),
    "sheet_not_found": (
        "sheet '{sheet}' tidak ada di {file} (sheet: {sheets})",
        "sheet '{sheet}' not found in {file} (sheets: {sheets})",
    ),
    "header_repeated": (
        "judul kolom '{header}' muncul {n} kali: pertahankan satu kolom (ganti nama atau hapus yang lain)",
        "column header '{header}' appears {n} times: keep one column (rename or delete the others)",
    ),
    "two_columns_map": (
        "dua kolom sumber dipetakan ke {column}: pertahankan satu (periksa judul kolom dan mapping.yaml)",
        "two source columns map to {column}: keep one (check the headers and mapping.yaml)",
    ),
    # ---------------------------------------------------------------- the issue list and the summary
    "issue_row": ("{where}, baris {row}", "{where}, row {row}"),
    "issue_column": ("{where}, kolom {column}", "{where}, column {column}"),
    "issues_head": ("{problems} dalam {groups}:", "{problems} in {groups}:"),
    "data_problems_one": ("{n:,} masalah data", "{n:,} data problem"),
    "data_problems_many": ("{n:,} masalah data", "{n:,} data problems"),
    "groups_one": ("{n:,} kelompok", "{n:,} group"),
    "groups_many": ("{n:,} kelompok", "{n:,} groups"),
    "problems_one": ("{n:,} masalah", "{n:,} problem"),
    "problems_many": ("{n:,} masalah", "{n:,} problems"),
    "more_files": ("{file} dan {n} berkas lain", "{file} and {n} more files"),
    "rows_listed": ("baris: {rows}", "rows: {rows}"),
    "and_more": (", ... dan {n:,} lagi", ", ... and {n:,} more"),
    "parquet_rows": (
        "Catatan: Parquet: baris = nomor rekaman dalam berkas + 1 (seolah-olah berkas punya baris judul).",
        "Note: Parquet: row = record number in the file + 1 (as if the file had a header row).",
    ),
    "rows_numbered": (
        "Baris dinomori seperti di spreadsheet: judul kolom adalah baris 1, baris data pertama adalah baris 2.",
        "Rows are numbered as a spreadsheet shows them: the header is row 1, the first data row is row 2.",
    ),
    "database_rows": (
        "Baris basis data: baris adalah kunci atau urutan yang disebut dalam kurung setelah nama tabel.",
        "Database rows: the row is the key or the position named in brackets after the table.",
    ),
    "summary_ok": ("OK: {source} memenuhi kontrak data v{version}{took}", "OK: {source} passes data contract v{version}{took}"),
    "summary_rows": ("baris per tabel:", "rows per table:"),
    "summary_absent": ("(tidak ada)", "(absent)"),
    "summary_periods": ("periode:   {first} .. {last}", "periods:   {first} .. {last}"),
    "summary_agencies": ("OPD:       {agencies:,} OPD, {units:,} unit", "agencies:  {agencies:,} OPD, {units:,} units"),
    "summary_employees": ("pegawai:   {n:,} (dipseudonimkan)", "employees: {n:,} (pseudonymised)"),
    "summary_warnings": ("peringatan ({n}):", "warnings ({n}):"),
}
#: mapping.yaml, database sources and ``kompetensi validate`` (:mod:`analysis.data.catalogue_inputs`).
CATALOGUE.update(INPUT_MESSAGES)
