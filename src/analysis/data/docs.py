"""The data dictionary: data contract v1 rendered as Markdown (``data/README.md``).

``python -m analysis.data.docs`` writes ``data/README.md`` from :mod:`analysis.data.contract`;
a test fails when the file and the code drift apart. Everything in the file
comes from the contract and the constants here, so edit those, not the file.
"""

from __future__ import annotations

import sys
from pathlib import Path

from analysis.data.contract import (
    CONTRACT_VERSION,
    GRADE_PATTERN,
    IKM_CATEGORIES,
    METRIC_DIRECTIONS,
    METRIC_LABELS,
    METRIC_RANGES,
    PSEUDONYM_PATTERN,
    TABLES,
    Column,
    Table,
)
from analysis.data.paths import DATA_DIR

TYPE_TEXT: dict[str, tuple[str, str]] = {
    # type: (English, Bahasa Indonesia)
    "id": ("identifier (text)", "kode (teks)"),
    "text": ("text", "teks"),
    "code": ("code from the list", "kode dari daftar"),
    "int": ("whole number", "bilangan bulat"),
    "float": ("number (decimal comma or point)", "angka (koma atau titik desimal)"),
    "money": ("rupiah amount (Rp 1.250.000 accepted)", "nilai rupiah (Rp 1.250.000 diterima)"),
    "date": ("date (dd/mm/yyyy, yyyy-mm-dd, Excel date)", "tanggal (dd/mm/yyyy, yyyy-mm-dd, tanggal Excel)"),
    "bool": ("yes/no (Ya/Tidak, Y/T, TRUE/FALSE, 1/0)", "ya/tidak (Ya/Tidak, Y/T, TRUE/FALSE, 1/0)"),
    "period": ("quarter, e.g. 2026Q3", "triwulan, mis. 2026Q3"),
    "nip": ("NIP, 18 digits as text", "NIP, 18 digit sebagai teks"),
}

#: The definitions of ``docs/definitions.md``: one meaning everywhere (English; Bahasa Indonesia).
DEFINITIONS: tuple[tuple[str, str, str], ...] = (
    (
        "Active employee / Pegawai aktif",
        "at a date: hire_date <= date and (no exit_date or exit_date > date).",
        "pada suatu tanggal: TMT <= tanggal dan (belum berhenti atau tanggal berhenti > tanggal).",
    ),
    (
        "Credited JP / JP yang diakui",
        "jp_credited if given, else the programme's jp, and only when status is completed; "
        "it counts in the quarter of end_date.",
        "jp_credited bila diisi, selain itu JP program, hanya bila status completed; dihitung "
        "pada triwulan tanggal selesai.",
    ),
    (
        "20-JP compliance / Kepatuhan 20 JP",
        "for year Y as of quarter Q: share of employees active at the end of Q whose credited JP "
        "in Y up to the end of Q is >= 20. On track: >= 5 x (quarters elapsed) JP.",
        "untuk tahun Y per triwulan Q: porsi pegawai aktif di akhir Q dengan JP diakui tahun Y "
        "sampai akhir Q >= 20. Sesuai jalur: >= 5 x (triwulan berjalan) JP.",
    ),
    (
        "Counting period / Periode pencatatan",
        "records count in the quarter (and year) of their end_date: credited JP, spending, completions.",
        "catatan dihitung pada triwulan (dan tahun) tanggal selesainya: JP, belanja, kelulusan.",
    ),
    (
        "Attended, completion, no-show and drop-out rates / Kehadiran dan tingkat penyelesaian",
        "attended = completed or dropped. Completion rate = completed / (completed + dropped + "
        "no_show) over enrollments ending in the quarter; no-show and drop-out rates likewise; "
        "registered ones are pending and left out.",
        "hadir = completed atau dropped. Tingkat penyelesaian = completed / (completed + dropped + "
        "no_show) atas keikutsertaan yang selesai pada triwulan itu; tingkat tidak hadir dan "
        "mengundurkan diri serupa; status registered belum final dan tidak dihitung.",
    ),
    (
        "Cost / Biaya",
        "of an enrollment: its cost if given, else the programme's cost_per_participant when "
        "attended, else 0. Cost per JP = cost / credited JP. An agency's spending is the cost of "
        "its employees' enrollments.",
        "biaya keikutsertaan: cost bila diisi, selain itu biaya per peserta program bila hadir, "
        "selain itu 0. Biaya per JP = biaya / JP diakui. Belanja OPD = biaya keikutsertaan pegawainya.",
    ),
    (
        "Budget absorption / Serapan anggaran",
        "year-to-date spending in Y up to the end of Q / allocated_idr; an agency's spending counts "
        "all its employees' enrollments (leavers too).",
        "belanja tahun Y sampai akhir Q / pagu; belanja OPD mencakup semua pegawainya (termasuk yang "
        "sudah keluar).",
    ),
    (
        "Unit staff and JP per staff / Pegawai unit dan JP per pegawai",
        "unit staff in a quarter = employees of the unit active at quarter end; JP per staff = "
        "credited JP ending in the quarter, of those staff, / staff.",
        "pegawai unit pada triwulan = pegawai unit yang aktif di akhir triwulan; JP per pegawai = "
        "JP diakui yang selesai pada triwulan itu, milik pegawai tersebut, / jumlah pegawai.",
    ),
    (
        "Funding gap to 20 JP / Kebutuhan dana menuju 20 JP",
        "sum over active employees of max(0, 20 - JP so far in Y) x the observed cost per JP "
        "(the agency's own where it has enough data, else the city's).",
        "jumlah atas pegawai aktif dari max(0, 20 - JP tahun berjalan) x biaya per JP teramati "
        "(milik OPD bila datanya cukup, selain itu rata-rata kota).",
    ),
    (
        "Learning gain / Peningkatan hasil belajar",
        "post_score - pre_score (completed, both present); normalised gain = (post - pre) / "
        "(max_score - pre) where pre < max_score.",
        "nilai post-test - nilai pre-test (completed, keduanya ada); gain ternormalisasi = "
        "(post - pre) / (nilai maksimum - pre) bila pre < nilai maksimum.",
    ),
    (
        "Competency gap / Kesenjangan kompetensi",
        "per employee and domain, latest assessment: max(0, required_level - score).",
        "per pegawai dan jenis kompetensi, asesmen terakhir: max(0, level standar - level hasil).",
    ),
    (
        "Kirkpatrick levels / Level Kirkpatrick",
        "L1 reaction (satisfaction), L2 learning (gain), L3 behaviour (behavior_score), L4 results "
        "(unit service metrics); Phillips L5 ROI only where benefits are measured in money, and said so.",
        "L1 reaksi (kepuasan), L2 pembelajaran (gain), L3 perilaku (penilaian atasan), L4 hasil "
        "(indikator layanan unit); ROI Phillips L5 hanya bila manfaat terukur dalam rupiah, dan "
        "dinyatakan demikian.",
    ),
)

REFERENTIAL_RULES = (
    "every employee's unit exists; every enrollment's employee and programme exist; every "
    "unit's agency_id is an OPD row (agency_id = unit_id); service metrics, assessments, "
    "recognitions, survey rows and budgets name known units, employees and agencies.",
    "unit setiap pegawai ada; pegawai dan program setiap keikutsertaan ada; agency_id setiap "
    "unit adalah baris OPD (agency_id = unit_id); indikator layanan, asesmen, penghargaan, "
    "survei dan anggaran merujuk unit, pegawai dan OPD yang ada.",
)

MAPPING_FORMAT = """\
tables:
  employees:                      # contract table name
    file: pegawai.csv             # source file in the data folder (optional)
    sheet: Pegawai                # sheet, for a workbook (optional)
    columns:                      # source header: contract column
      NIP: employee_id
      Jenis Kelamin: gender
    values:                       # contract column: {source value: contract code}
      gender: {L: M, P: F}
      is_unit_head: {Ya: true, Tidak: false}
"""


def _esc(text: str) -> str:
    return text.replace("|", "\\|")


def _rule(col: Column) -> str:
    parts: list[str] = []
    if col.codes:
        parts.append(", ".join(f"`{c}`" for c in col.codes))
    if col.minimum is not None or col.maximum is not None:
        lo = col.minimum
        hi = col.maximum
        if lo is not None and hi is not None:
            parts.append(f"{lo:g} .. {hi:g}")
        elif lo is not None:
            parts.append(f"{'>' if col.exclusive_minimum else '>='} {lo:g}")
        else:
            parts.append(f"<= {hi:g}")
    if col.pattern:
        parts.append("e.g. `III/b`, `IX`" if col.pattern == GRADE_PATTERN else f"pattern `{col.pattern}`")
    if col.references:
        parts.append(f"must exist in `{col.references}`")
    if col.default is not None:
        parts.append(f"default {col.default:g}" if isinstance(col.default, float) else f"default {col.default}")
    return "; ".join(parts)


def _table_section(t: Table) -> list[str]:
    key = ", ".join(f"`{k}`" for k in t.key) if t.key else "none (rows may repeat)"
    lines = [
        f"### `{t.name}`{' (optional / opsional)' if t.optional else ''}",
        "",
        f"{t.en}  ",
        f"*{t.id}*",
        "",
        f"- File: `{t.name}.csv`, `{t.name}.xlsx`, `{t.name}.parquet`, `{t.name}/part-*.parquet`, "
        f"or a sheet `{t.name}` in a workbook",
        f"- Key (unique per row): {key}",
    ]
    if t.checks:
        lines.append(f"- Table checks: {', '.join(f'`{c}`' for c in t.checks)}")
    lines += [
        "",
        "| column | type | required | codes / range / rules | meaning | arti |",
        "|---|---|---|---|---|---|",
    ]
    for col in t.columns:
        req = "**yes**" if col.required else "no"
        typ = TYPE_TEXT[col.type][0]
        lines.append(
            f"| `{col.name}` | {typ} | {req} | {_esc(_rule(col))} | {_esc(col.en)} | {_esc(col.id)} |"
        )
    lines.append("")
    return lines


def _introduction() -> list[str]:
    """Title, generation notice and what one dataset folder holds (English, then Indonesian)."""
    return [
        f"# Data dictionary: data contract v{CONTRACT_VERSION} / Kamus data",
        "",
        "<!-- Generated by `python -m analysis.data.docs` from src/analysis/data/contract.py; do not edit by hand. -->",
        "",
        "One folder holds one dataset: one file per table (CSV, XLSX or Parquet; or a folder of",
        "Parquet part files per table), or one XLSX workbook with one sheet per table. Column",
        "names and codes are English snake_case; each column's meaning is given in English and",
        "Bahasa Indonesia. Check a folder with `kompetensi validate DATA`; load it in Python",
        "with `analysis.load_dataset(DATA)`.",
        "",
        "*Satu folder berisi satu set data: satu berkas per tabel (CSV, XLSX atau Parquet), atau satu",
        "buku kerja XLSX dengan satu sheet per tabel. Periksa dengan `kompetensi validate DATA`.*",
        "",
    ]


def _reading_rules() -> list[str]:
    """How files, numbers, dates, codes and NIP are read, and which values are refused."""
    return [
        "## Reading rules / Aturan pembacaan",
        "",
        "- CSV in UTF-8 (with or without BOM), UTF-16 or Windows-1252, any line endings;",
        "  delimiter `,` or `;` (detected). Title rows above the header are skipped.",
        "- Numbers with decimal comma or point (`3,5`); rupiah with `Rp` and thousands dots",
        "  (`Rp 1.250.000`). In a money column `1.250` means 1250.",
        "- Dates as `dd/mm/yyyy`, `dd-mm-yyyy`, `yyyy-mm-dd`, Excel dates or Excel serial numbers.",
        "- Yes/no as `Ya/Tidak`, `Y/T`, `TRUE/FALSE`, `yes/no`, `1/0` (any case).",
        "- Codes are case-insensitive; spaces and hyphens read as `_` (`E-Learning` = `e_learning`).",
        "- Stray spaces are ignored; an empty cell is a missing value.",
        "- **NIP must be stored as text.** Excel turns an 18-digit number into `1,97409E+17` or",
        "  keeps only 15 digits (`...000`): the loader refuses those rows. Format the NIP column",
        "  as Text in Excel (or type a leading `'`) and re-export from the source system.",
        "  *NIP harus disimpan sebagai teks: format kolom NIP sebagai Text lalu ekspor ulang.*",
        "- The NIP's structure is checked: birth date (digits 1-8), appointment month YYYYMM",
        "  (digits 9-14; `YYYY21` for PPPK) at least 17 years after birth, gender digit 15",
        "  (1 male, 2 female) matching `gender`, birth year matching `birth_year`, serial 001-999.",
        "- Rows in messages are numbered as a spreadsheet shows them: the header is row 1, the",
        "  first data row is row 2 (XLSX: the sheet's own rows; Parquet: record number + 1).",
        "- Dates after today are errors, except start/end dates of `registered` enrollments;",
        "  periods after the current quarter are errors. Dates before 1950-01-01 are errors.",
        "- `hire_date` before age 17 (from `birth_year`) is an error; a PNS `hire_date` in another",
        "  month than the NIP's appointment month (digits 9-14, TMT CPNS) is a warning only, since",
        "  some exports give the later TMT PNS.",
        "- Excel error values (`#N/A`, `#REF!`, `#NAME?`, `#VALUE!`, `#DIV/0!`, `#NULL!`, `#NUM!`) are",
        "  errors in every column, free text included; so are cells over 32,767 characters (Excel's",
        "  limit), NUL characters, and formulas whose value was never saved (open and save the file",
        "  in Excel). A file that is empty, damaged, or not what its name says (an XLSX named",
        "  `.csv`, a truncated workbook or Parquet file) is reported by name: export it again.",
        "- Workbooks are read without evaluating formulas or following links, and refused when",
        "  larger than 256 MiB or expanding to more than 1 GiB (`analysis.data.files`).",
        "",
    ]


def _pseudonymisation() -> list[str]:
    """How NIP become pseudonyms on load and where the salt comes from."""
    return [
        "## Pseudonymisation / Pseudonimisasi",
        "",
        "On load every `employee_id` (NIP) becomes `ASN-` + the first 16 hex digits of",
        "HMAC-SHA-256(salt, NIP) (pattern `" + PSEUDONYM_PATTERN + "`); existing pseudonyms pass",
        "through. The salt comes from the environment variable `KOMPETENSI_SALT`, else the file",
        "named by `KOMPETENSI_SALT_FILE`, else a per-installation file `~/.config/kompetensi/salt`",
        "created on first use. **Use the same salt every quarter**, or pseudonyms will not match.",
        "*NIP diganti pseudonim saat dimuat; gunakan salt yang sama setiap triwulan.*",
        "",
    ]


def _tables() -> list[str]:
    """The table overview (key, required, meaning) followed by one section per table."""
    out = [
        "## Tables / Tabel",
        "",
        "| table | key | required | meaning | arti |",
        "|---|---|---|---|---|",
    ]
    for t in TABLES.values():
        key = ", ".join(t.key) if t.key else "-"
        out.append(f"| `{t.name}` | {key} | {'no' if t.optional else '**yes**'} | {_esc(t.en)} | {_esc(t.id)} |")
    out.append("")
    for t in TABLES.values():
        out += _table_section(t)
    return out


def _referential_rules() -> list[str]:
    """The rules that tie the tables together (:data:`REFERENTIAL_RULES`)."""
    return [
        "## Referential rules / Aturan keterkaitan",
        "",
        f"- {REFERENTIAL_RULES[0]}",
        f"- *{REFERENTIAL_RULES[1]}*",
        "",
    ]


def _service_metrics() -> list[str]:
    """Known service metrics (direction, range, labels) and the IKM categories."""
    out = [
        "## Service metrics / Indikator layanan",
        "",
        "| metric | direction | range | meaning | arti |",
        "|---|---|---|---|---|",
    ]
    for metric, direction in METRIC_DIRECTIONS.items():
        lo, hi = METRIC_RANGES[metric]
        rng = f"{lo:g} .. {hi:g}" if hi is not None else f">= {lo:g}"
        id_, en = METRIC_LABELS[metric]
        better = "higher is better" if direction > 0 else "lower is better"
        out.append(f"| `{metric}` | {better} | {rng} | {en} | {id_} |")
    out += [
        "",
        "Other metrics may be added with a snake_case name; their direction is then unknown.",
        "",
        "IKM categories (PermenPANRB 14/2017, converted score 25-100):",
        "",
        "| category | range | label |",
        "|---|---|---|",
    ]
    for code, lo, hi, label in IKM_CATEGORIES:
        out.append(f"| {code} | {lo:.2f} - {hi:.2f} | {label} |")
    out.append("")
    return out


def _definitions() -> list[str]:
    """The shared definitions (:data:`DEFINITIONS`), periods and the JP."""
    out = ["## Definitions / Definisi", ""]
    for name, en, id_ in DEFINITIONS:
        out.append(f"- **{name}**: {en}  ")
        out.append(f"  *{id_}*")
    out += [
        "",
        "Periods are calendar quarters written `2026Q3`; the fiscal year is the calendar year.",
        "One JP (jam pelajaran) is 45 minutes; PP 11/2017 requires at least 20 JP per ASN per year.",
        "",
    ]
    return out


def _mapping_section() -> list[str]:
    """The ``mapping.yaml`` format for foreign exports, with its rules and worked example."""
    return [
        "## mapping.yaml: loading a foreign export / Memuat ekspor dari sistem lain",
        "",
        "When an export from the personnel systems uses other file names, headers or codes, put a",
        "`mapping.yaml` next to the files (or pass `--mapping`). It renames source columns and",
        "recodes source values per table:",
        "",
        "```yaml",
        MAPPING_FORMAT.rstrip("\n"),
        "```",
        "",
        "- Allowed keys: `tables`, and per table `file`, `sheet`, `columns`, `values`; any other",
        "  key is an error that names it.",
        "- Source headers match exactly, else ignoring case; unmapped headers match contract names",
        "  ignoring case, spaces and hyphens. Source values match ignoring case and spaces; values",
        "  not listed are kept and checked as usual. Every YAML value is read as text.",
        "- Worked example: `data/examples/simpeg_export/` (Indonesian file names and headers, `;`",
        "  delimiter, decimal commas, dd/mm/yyyy dates, `Ya/Tidak`, `L/P`, `Selesai`,",
        "  `Mengundurkan Diri`, `Tidak Hadir`, `Terdaftar`) with its `mapping.yaml`:",
        "  `kompetensi validate data/examples/simpeg_export`.",
        "",
    ]


#: The sections of the data dictionary, in order; each ends with a blank line.
_SECTIONS = (
    _introduction,
    _reading_rules,
    _pseudonymisation,
    _tables,
    _referential_rules,
    _service_metrics,
    _definitions,
    _mapping_section,
)


def data_dictionary() -> str:
    """Data contract v1 as Markdown: tables, columns, rules, definitions, mapping.yaml format.

    Returns
    -------
    str
        The full text of ``data/README.md``.
    """
    return "\n".join(line for section in _SECTIONS for line in section())


def readme_path() -> Path:
    """Where the data dictionary lives: ``data/README.md`` of the project."""

    return DATA_DIR / "README.md"


def main(argv: list[str] | None = None) -> int:
    """Write ``data/README.md`` (or the path given) from the contract."""
    args = sys.argv[1:] if argv is None else argv
    target = Path(args[0]) if args else readme_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(data_dictionary(), encoding="utf-8")
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
