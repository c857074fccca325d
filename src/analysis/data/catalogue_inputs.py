"""The wording of the messages about where data come from: mapping.yaml and database sources.

Code -> (Bahasa Indonesia, English), merged into :data:`analysis.data.catalogue.CATALOGUE`
and used through :mod:`analysis.data.messages` like every loader message. Kept apart
from the validator's messages so each catalogue stays readable.
"""

from __future__ import annotations

_KEEP_CREDENTIALS_OUT = (
    "hapus kata sandinya (pertahankan user@host) dan setel KOMPETENSI_DB_PASSWORD atau gunakan passfile "
    "(format ~/.pgpass; lihat docs/data-contract.md)",
    "remove the password (keep user@host) and set KOMPETENSI_DB_PASSWORD or use a passfile "
    "(~/.pgpass; see docs/data-contract.md)",
)

#: code -> (Bahasa Indonesia, English).
INPUT_MESSAGES: dict[str, tuple[str, str]] = {
    # ---------------------------------------------------------------- mapping.yaml
    "map_the_file": ("isi berkas", "the file"),
    "map_not_a_mapping": (
        "{source}: {where} harus berupa pemetaan (baris kunci: nilai), bukan {value}",
        "{source}: {where} must be a mapping (key: value lines), not {value}",
    ),
    "map_password": (
        "{source}: {where} berisi URL dengan kata sandi; mapping.yaml dibagikan dan disalin, jadi tidak "
        "boleh menyimpan kredensial: " + _KEEP_CREDENTIALS_OUT[0],
        "{source}: {where} holds a URL with a password; mapping.yaml is shared and copied, so it must not "
        "hold credentials: " + _KEEP_CREDENTIALS_OUT[1],
    ),
    "map_unknown_top_key": (
        "{source}: kunci '{key}' tidak dikenal di tingkat teratas (yang diizinkan: tables){hint}",
        "{source}: unknown key '{key}' at the top level (allowed: tables){hint}",
    ),
    "map_unknown_table": (
        "{source}: tabel '{table}' di bawah tables tidak dikenal{hint}; kontrak memuat {tables}",
        "{source}: unknown table '{table}' under tables{hint}; the contract has {tables}",
    ),
    "map_unknown_table_key": (
        "{source}: kunci '{key}' di bawah tables.{table} tidak dikenal (yang diizinkan: {allowed}){hint}",
        "{source}: unknown key '{key}' under tables.{table} (allowed: {allowed}){hint}",
    ),
    "map_column_not_in_table": (
        "{source}: tables.{table}.columns memetakan '{src}' ke '{dst}', yang bukan kolom {table}{hint}; "
        "kolomnya: {columns}",
        "{source}: tables.{table}.columns maps '{src}' to '{dst}', which is not a column of {table}{hint}; "
        "columns: {columns}",
    ),
    "map_two_to_one": (
        "{source}: tables.{table}.columns memetakan '{other}' dan '{src}' sekaligus ke '{dst}'; pertahankan satu",
        "{source}: tables.{table}.columns maps both '{other}' and '{src}' to '{dst}'; keep one",
    ),
    "map_values_not_column": (
        "{source}: tables.{table}.values menyebut '{column}', yang bukan kolom {table}{hint}",
        "{source}: tables.{table}.values names '{column}', which is not a column of {table}{hint}",
    ),
    "map_must_be_text": (
        "{source}: tables.{table}.{key} harus berupa teks",
        "{source}: tables.{table}.{key} must be text",
    ),
    "map_names_both": (
        "{source}: tables.{table} menyebut {first} sekaligus {second}; pertahankan satu",
        "{source}: tables.{table} names both {first} and {second}; keep one",
    ),
    "map_sheet_with_file": (
        "{source}: tables.{table}.sheet hanya untuk berkas, bukan untuk tabel atau query basis data",
        "{source}: tables.{table}.sheet goes with a file, not a database table or query",
    ),
    "map_key_kind": (
        "{source}: tables.{table}.key harus berupa nama kolom atau daftar nama kolom",
        "{source}: tables.{table}.key must be a column name or a list of column names",
    ),
    "map_file_not_found": ("berkas mapping {path} tidak ditemukan", "mapping file {path} not found"),
    "map_not_yaml": ("{path}: bukan YAML yang sah: {error}", "{path}: not valid YAML: {error}"),
    "map_no_column": (
        "mapping.yaml: {file} tidak punya kolom '{src}' (dipetakan ke {table}.{dst})",
        "mapping.yaml: {file} has no column '{src}' (mapped to {table}.{dst})",
    ),
    # ---------------------------------------------------------------- database sources
    "db_not_a_url": (
        "{url} bukan URL basis data (mis. sqlite:///simpeg.db, postgresql://user@host/simpeg, "
        "mysql://user@host/simpeg)",
        "{url} is not a database URL (e.g. sqlite:///simpeg.db, postgresql://user@host/simpeg, "
        "mysql://user@host/simpeg)",
    ),
    "db_password_in_url": (
        "URL basis data memuat kata sandi; kata sandi tidak pernah diambil dari URL (akan tercatat di "
        "riwayat shell, manifest dan log): hapus ':<kata sandi>' dan setel KOMPETENSI_DB_PASSWORD atau "
        "simpan di passfile (format ~/.pgpass, lihat docs/data-contract.md)",
        "the database URL carries a password; passwords are never taken from a URL (it would end in "
        "shell history, manifests and logs): remove ':<password>' and set KOMPETENSI_DB_PASSWORD or "
        "put it in a passfile (~/.pgpass format, see docs/data-contract.md)",
    ),
    "db_unsupported": (
        "{url}: basis data jenis '{dialect}' tidak didukung; gunakan salah satu dari {dialects}",
        "{url}: databases of type '{dialect}' are not supported; use one of {dialects}",
    ),
    "db_sqlite_file": (
        "{url}: sebutkan berkas SQLite-nya, mis. sqlite:///data/simpeg.db",
        "{url}: give the SQLite file, e.g. sqlite:///data/simpeg.db",
    ),
    "db_sqlite_missing": ("{url}: basis data SQLite {path} tidak ditemukan", "{url}: SQLite database {path} not found"),
    "db_name_missing": (
        "{url}: sebutkan nama basis data setelah host, mis. {dialect}://user@host/simpeg",
        "{url}: name the database after the host, e.g. {dialect}://user@host/simpeg",
    ),
    "db_passfile_open": (
        "passfile {name} dapat dibaca pengguna lain sehingga diabaikan: jalankan chmod 600",
        "passfile {name} is readable by other users and was ignored: chmod 600 it",
    ),
    "db_no_driver": (
        "{url}: driver basis data belum terpasang ({driver}): pip install 'kompetensi-binjai[{extra}]'",
        "{url}: the database driver is not installed ({driver}): pip install 'kompetensi-binjai[{extra}]'",
    ),
    "db_key_not_column": (
        "mapping.yaml: tables.{table}.key menyebut {missing}, bukan kolom {name}",
        "mapping.yaml: tables.{table}.key names {missing}, not a column of {name}",
    ),
    "db_cannot_connect": ("tidak dapat terhubung ke {url}: {error}", "cannot connect to {url}: {error}"),
    "db_cannot_read": ("tabel tidak dapat dibaca: {error}", "cannot read the table: {error}"),
    "db_query_failed": (
        "query gagal: {error}; perbaiki di mapping.yaml",
        "the query failed: {error}; correct it in mapping.yaml",
    ),
    "db_two_result_columns": (
        "hasil query punya dua kolom bernama '{name}': beri salah satunya alias (AS ...)",
        "the result has two columns named '{name}': give one an alias (AS ...)",
    ),
    "db_two_columns_map": (
        "dua kolom sumber dipetakan ke {column}: pertahankan satu (periksa kolom dan mapping.yaml)",
        "two source columns map to {column}: keep one (check the columns and mapping.yaml)",
    ),
    "db_looked_query": ("query untuk {table} di mapping.yaml", "the query for {table} in mapping.yaml"),
    "db_looked_table": ("tabel {name}{mapped} di {url}", "table {name}{mapped} in {url}"),
    "db_from_mapping": (" (dari mapping.yaml)", " (from mapping.yaml)"),
    # ---------------------------------------------------------------- kompetensi validate
    "validate_not_found": (
        "kompetensi validate: {path}: folder atau workbook tidak ada",
        "kompetensi validate: {path}: no such folder or workbook",
    ),
    "validate_no_mapping": (
        "kompetensi validate: berkas mapping {path} tidak ditemukan",
        "kompetensi validate: mapping file {path} not found",
    ),
    "single_file": (
        "{path} adalah satu berkas {kind}: berikan folder yang berisi satu berkas per tabel, atau satu "
        "workbook .xlsx dengan satu sheet per tabel",
        "{path} is a single {kind} file: give the folder that holds one file per table, or one .xlsx "
        "workbook with a sheet per table",
    ),
    "no_extension": ("tanpa ekstensi", "extension-less"),
    "data_not_found": (
        "folder data atau workbook tidak ditemukan: {path}",
        "data folder or workbook not found: {path}",
    ),
    # ---------------------------------------------------------------- lists inside messages
    "same_as_row": ("{key} (sama dengan baris {row})", "{key} (same as row {row})"),
    "head_also_on_row": ("{key} (kepala juga di baris {row})", "{key} (head also on row {row})"),
    "rows_and_more": ("{rows}, ... dan {n:,} lagi", "{rows}, ... and {n:,} more"),
    "more_rows_with": ("{n:,} baris lagi dengan: {message}", "{n:,} more rows with: {message}"),
    "size_mib": ("{n:,.0f} MiB", "{n:,.0f} MiB"),
}
