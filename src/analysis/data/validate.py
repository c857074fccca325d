"""Parse raw tables per the data contract and collect every problem.

The loader (:mod:`analysis.data.io`) reads each table as text (or as typed Parquet
columns) into a :class:`RawTable`; :func:`validate_tables` parses every column
per its contract type and runs every check, collecting *all* problems as
:class:`~analysis.data.errors.Issue` rows instead of stopping at the first. All work
is vectorised over columns (and, for NIPs and codes, over distinct values), so
hundreds of thousands of rows validate in seconds.

The work is split by role: :mod:`~analysis.data.raw` (a table as read, and the issue
collector), :mod:`~analysis.data.parsers` (per-column cell parsers),
:mod:`~analysis.data.nip` (the NIP check), :mod:`~analysis.data.damaged` (cells no
parser should see), :mod:`~analysis.data.checks` (one table against its contract),
:mod:`~analysis.data.crosscheck` (checks across tables) and
:mod:`~analysis.data.messages` and :mod:`~analysis.data.catalogue` (every message, Indonesian and English);
this module runs them in order and keeps the public names (``parse_date``, ...).

Parsing rules (what real exports through Excel look like)
---------------------------------------------------------
- Text: stray spaces (also non-breaking) are stripped; an empty cell is missing.
- Codes: case-insensitive, spaces and hyphens read as ``_`` (``E-Learning`` ->
  ``e_learning``); an unknown code lists the allowed ones and the closest.
- Booleans: ``Ya/Tidak``, ``Y/T``, ``TRUE/FALSE``, ``yes/no``, ``1/0`` (any case).
- Numbers: decimal comma or point (``3,5``); money also accepts ``Rp``, thousands
  dots (``Rp 1.250.000``) or thousands commas (``1,250,000``). In a money column a
  single dot followed by exactly three digits is a thousands dot (``1.250`` =
  1250); in other number columns it is a decimal point.
- Dates: ``yyyy-mm-dd`` (a time part is ignored), ``dd/mm/yyyy``, ``dd-mm-yyyy``,
  ``dd.mm.yyyy``, Excel serial day numbers (1950..2100), native Excel/Parquet dates.
- Periods: ``2026Q3`` (also ``2026-Q3``, ``2026 q3``, ``Q3-2026``).
- NIP: 18 digits; spaces and Excel's leading apostrophe are dropped. A NIP that
  Excel stored as a number is an error, never silently accepted: scientific
  notation (``1,97409E+17``), a cell stored as a floating-point number, or 18
  digits ending in ``000`` (Excel keeps 15 significant digits; a real serial
  starts at 001). The structure is checked: digits 1-8 a valid birth date,
  9-14 the appointment month (``YYYYMM``; month ``21`` marks a PPPK NIP, whose
  digits 9-12 are the appointment year), at least 17 years after birth and not in
  the future, digit 15 the gender (1 male, 2 female), digits 16-18 the serial
  001-999; in ``employees`` the gender digit and birth year must agree with the
  row's ``gender`` and ``birth_year``. Existing pseudonyms (``ASN-<16 hex>``)
  pass through.

Damaged cells
-------------
In every contract column, free text included, these cells are reported once
with their own message instead of as empty or unparsable: Excel error values
(:data:`EXCEL_ERRORS`), NUL characters (a damaged file), cells longer than
:data:`MAX_CELL_CHARS` (Excel's 32,767-character limit) and, in workbooks,
formulas whose value was never saved (``RawTable.formula_cells``). Excel error values in a
column the contract does not have are a warning naming the file, column and rows (the
column is kept as text, never analysed).

Checks
------
Missing tables, tables with a header but no rows (an error for the core tables, a warning for
those the contract allows empty, ``Table.may_be_empty``), and required columns; required values; types; codes; ranges
(contract minimum/maximum, :data:`~analysis.data.contract.METRIC_RANGES`); patterns
(grade, metric name); duplicate keys (naming the other row); references
(``Column.references``); the table checks named in ``Table.checks``
(``end_after_start``, ``hire_before_exit``, ``scores_within_max_score``,
``metric_ranges``, ``head_per_unit``); an agency_id must name an OPD row (one
whose agency_id equals its unit_id); future dates (except start/end dates of
``registered`` enrollments) and periods after the current quarter.

Plausibility (decided per the NIP rules above, see ``data/README.md``):

- every date on or after :data:`DATE_FLOOR` (1950-01-01), the floor the Excel-serial
  path already uses; earlier dates are errors (a typo, or an empty date turned 1900);
- ``hire_date`` at least :data:`MIN_HIRE_AGE` (17) years after ``birth_year``: an error;
- for a PNS, ``hire_date`` in the NIP's appointment month (digits 9-14): a **warning**
  when not, because the NIP holds the first appointment (TMT CPNS) and some exports
  give the later TMT PNS as the hire date.

Rows are numbered as a spreadsheet shows them: header = row 1, first data row = 2
(for XLSX the sheet's own row numbers, for Parquet the record number + 1).
"""

from __future__ import annotations

import difflib
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from analysis.data.checks import ParsedTable, check_table, parse_table
from analysis.data.contract import (
    REQUIRED_TABLES,
    TABLES,
    Table,
)
from analysis.data.crosscheck import check_agency_rows, check_references, check_scores
from analysis.data.damaged import extra_column_errors
from analysis.data.dataset import DTYPES
from analysis.data.errors import Issue, clip
from analysis.data.messages import Message
from analysis.data.nip import check_nips
from analysis.data.parsers import (
    FALSE_WORDS,
    TRUE_WORDS,
    normalise_text,
    parse_bool,
    parse_code,
    parse_date,
    parse_number,
    parse_period_text,
)
from analysis.data.pseudonym import pseudonymise
from analysis.data.raw import IssueCollector, RawTable

__all__ = [
    "FALSE_WORDS", "TRUE_WORDS", "RawTable", "ValidationResult", "check_nips", "normalise_text", "parse_bool",
    "parse_code", "parse_date", "parse_number", "parse_period_text", "validate_frames", "validate_tables",
]


@dataclass(frozen=True)
class ValidationResult:
    """Typed frames (only meaningful when ``issues`` is empty), every issue, and warnings."""

    frames: dict[str, pd.DataFrame | None]
    issues: list[Issue]
    warnings: list[str]

    @property
    def ok(self) -> bool:
        return not self.issues


# --------------------------------------------------------------------------- whole dataset


def _typed(contract: Table, p: ParsedTable) -> pd.DataFrame:
    n = len(p.raw.frame)
    out: dict[str, pd.Series | np.ndarray] = {}
    for col in contract.columns:
        dtype = DTYPES[col.type]
        if col.name in p.values:
            v = p.values[col.name].reset_index(drop=True)
        else:
            v = pd.Series([pd.NA] * n, dtype="object")
        if col.default is not None:
            v = v.where(v.notna(), col.default)
        if dtype == "bool":
            v = v.astype("boolean").fillna(False).astype(bool)
        elif dtype == "datetime64[ns]":
            v = pd.to_datetime(v).astype("datetime64[ns]")
        elif dtype in ("float64", "Int64"):
            v = pd.to_numeric(v).astype("float64").astype(dtype) if dtype == "Int64" else pd.to_numeric(v).astype("float64")
        else:
            v = v.astype("string")
        out[col.name] = v
    frame = pd.DataFrame(out, index=pd.RangeIndex(n))
    for extra in p.extras:
        frame[extra] = normalise_text(p.raw.frame[extra]).reset_index(drop=True)
    return frame


def validate_tables(
    raws: Mapping[str, RawTable],
    *,
    salt: bytes | None,
    today: date | pd.Timestamp | None = None,
    looked_for: Mapping[str, str] | None = None,
    unreadable: Collection[str] = (),
) -> ValidationResult:
    """Parse and check every table against contract v1; collect every problem.

    Parameters
    ----------
    raws
        Tables as read (see :class:`RawTable`), keyed by contract name.
    salt
        Pseudonymisation salt; NIPs are replaced by pseudonyms (see
        :mod:`analysis.data.pseudonym`). ``None`` keeps canonical NIPs (only for
        checking, never for analysis).
    today
        Reference date for "in the future" (default: today).
    looked_for
        Per absent table, where the loader looked (for the message).
    unreadable
        Tables whose file the loader could not read (already reported): not
        reported again as missing.

    Returns
    -------
    ValidationResult
        Typed frames (contract dtypes, NIPs pseudonymised), issues, warnings.
    """
    today_ts = pd.Timestamp(date.today() if today is None else today).normalize()
    issues = IssueCollector()
    warnings: list[str] = []
    looked_for = looked_for or {}
    unknown = set(raws) - set(TABLES)
    if unknown:
        raise KeyError(f"unknown tables {sorted(unknown)}; the contract has {', '.join(TABLES)}")
    parsed: dict[str, ParsedTable] = {}
    for name, contract in TABLES.items():
        raw = raws.get(name)
        if raw is None and name in unreadable:
            continue
        if raw is None:
            where = looked_for.get(name) or Message("table_looked_for", table=name)
            if name in REQUIRED_TABLES:
                issues.whole(name, None, Message("table_missing", table=name, where=where), None)
            else:
                warnings.append(Message("table_absent_optional", table=name, where=where))
            continue
        if len(raw.frame.columns) == 0:
            issues.whole(name, None, Message("table_no_header", file=raw.file), raw.file)
            continue
        if len(raw.frame) == 0:
            if name in REQUIRED_TABLES and not contract.may_be_empty:
                issues.whole(name, None, Message("table_no_rows", file=raw.file), raw.file)
            else:
                warnings.append(Message("table_no_rows_warning", file=raw.file, table=name))
        present = set(raw.frame.columns)
        missing = [c for c in contract.required_columns if c not in present]
        for c in missing:
            close = difflib.get_close_matches(c, [str(x) for x in present], n=1, cutoff=0.6)
            hint = Message("column_close_match", close=clip(close[0])) if close else Message("column_add_or_map")
            issues.whole(name, c, Message("column_missing", column=c, file=raw.file, hint=hint), raw.file)
        extras = [c for c in raw.frame.columns if c not in contract.column_names]
        if extras:
            warnings.append(Message("extra_columns", file=raw.file, columns=clip(", ".join(map(str, extras)), 400)))
            warnings.extend(extra_column_errors(raw, extras))
        p = parse_table(raw, contract, issues, today_ts)
        check_table(p, issues, today_ts, warnings)
        parsed[name] = p
    # pseudonymise, then cross-table checks on pseudonyms
    if salt is not None:
        # one pass over every NIP column, so each distinct NIP is hashed once
        nip_cols = [(p, col) for p in parsed.values() for col in p.nip]
        if nip_cols:
            allnips = pd.concat([p.nip[col].canonical.reset_index(drop=True) for p, col in nip_cols], ignore_index=True)
            hashed = pseudonymise(allnips, salt)
            start = 0
            for p, col in nip_cols:
                n = len(p.nip[col].canonical)
                p.values[col] = pd.Series(hashed.iloc[start:start + n].to_numpy(), index=p.nip[col].canonical.index, dtype="string")
                start += n
    check_references(parsed, issues)
    check_agency_rows(parsed, issues)
    check_scores(parsed, issues)
    frames: dict[str, pd.DataFrame | None] = {name: None for name in TABLES}
    for name, p in parsed.items():
        frames[name] = _typed(TABLES[name], p)
    return ValidationResult(frames, issues.issues(), warnings)


def validate_frames(
    frames: Mapping[str, pd.DataFrame],
    *,
    salt: bytes | None = None,
    today: date | pd.Timestamp | None = None,
) -> ValidationResult:
    """Validate in-memory frames (e.g. generated data) as if read from CSV files.

    Rows are numbered as a CSV written from the frame would show them
    (position + 2). See :func:`validate_tables`.
    """
    raws = {
        name: RawTable(name, frame.reset_index(drop=True), np.arange(2, len(frame) + 2), f"{name} (frame)")
        for name, frame in frames.items()
    }
    return validate_tables(raws, salt=salt, today=today)
