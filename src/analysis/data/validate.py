"""Parse raw tables per the data contract and collect every problem.

The loader (:mod:`analysis.data.io`) reads each table as text (or as typed Parquet
columns) into a :class:`RawTable`; :func:`validate_tables` parses every column
per its contract type and runs every check, collecting *all* problems as
:class:`~analysis.data.errors.Issue` rows instead of stopping at the first. All work
is vectorised over columns (and, for NIPs and codes, over distinct values), so
hundreds of thousands of rows validate in seconds.

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
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from analysis.data.contract import (
    METRIC_RANGES,
    PSEUDONYM_PATTERN,
    REQUIRED_TABLES,
    TABLES,
    Column,
    Table,
)
from analysis.data.dataset import DTYPES
from analysis.data.errors import Issue, clip
from analysis.data.pseudonym import mask_nip, pseudonymise

TRUE_WORDS = ("ya", "y", "iya", "true", "yes", "1", "1.0", "benar")
FALSE_WORDS = ("tidak", "t", "tdk", "false", "no", "n", "0", "0.0", "salah")
EXCEL_EPOCH = pd.Timestamp("1899-12-30")
#: Excel serial day numbers accepted as dates: 1950-01-01 .. 2100-12-31.
SERIAL_RANGE = (18264, 73415)
_PSEUDO_RX = PSEUDONYM_PATTERN[1:-1]
# Whitespace as an explicit class: pandas runs ``\s`` through Python's re (slow), this
# class through pyarrow's RE2. Includes the non-breaking space Excel exports often carry.
_WS = "[ \t\r\n\f\v\u00a0]"
_WS_DASH = "[ \t\r\n\f\v\u00a0-]+"

#: Dates before this are refused in every date column (the floor of the Excel-serial path too).
DATE_FLOOR = pd.Timestamp("1950-01-01")
#: Youngest plausible age at appointment (the NIP check uses the same).
MIN_HIRE_AGE = 17
#: Error values Excel writes into a cell whose formula failed.
EXCEL_ERRORS = ("#N/A", "#REF!", "#NAME?", "#VALUE!", "#DIV/0!", "#NULL!", "#NUM!", "#SPILL!", "#CALC!", "#GETTING_DATA")
#: Excel's own limit on the characters of one cell.
MAX_CELL_CHARS = 32_767

NIP_AS_NUMBER_FIX = (
    "In Excel format the NIP column as Text (or type NIPs with a leading ') and "
    "re-export from the source system; do not retype the digits"
)


@dataclass(frozen=True)
class RawTable:
    """One table as read, before parsing.

    Attributes
    ----------
    name
        Contract table name.
    frame
        Columns already named per the contract (after mapping.yaml); cells are
        text, or typed values from Parquet.
    rows
        Spreadsheet row number of each record (header = 1).
    file
        What to call the source in messages (``pegawai.csv``, ``data.xlsx[employees]``).
    row_files
        Per-record source when a table spans several files (Parquet parts), else None.
    float_cells
        Column -> boolean array: the cell was stored as a floating-point number
        (XLSX numeric cell, Parquet float), so no locale rules apply and a NIP there
        has lost digits.
    row_note
        How rows are numbered, when not obvious (Parquet).
    formula_cells
        Column -> boolean array: the cell holds a formula whose value was never
        saved (a workbook written by a program and not opened in Excel), so it
        reads as empty.
    """

    name: str
    frame: pd.DataFrame
    rows: np.ndarray
    file: str
    row_files: np.ndarray | None = None
    float_cells: Mapping[str, np.ndarray] = field(default_factory=dict)
    row_note: str = ""
    formula_cells: Mapping[str, np.ndarray] = field(default_factory=dict)


@dataclass(frozen=True)
class ValidationResult:
    """Typed frames (only meaningful when ``issues`` is empty), every issue, and warnings."""

    frames: dict[str, pd.DataFrame | None]
    issues: list[Issue]
    warnings: list[str]

    @property
    def ok(self) -> bool:
        return not self.issues


# --------------------------------------------------------------------------- issues


class _Collector:
    """Accumulates issues as small frames (vectorised) and turns them into Issue objects once."""

    def __init__(self) -> None:
        self.parts: list[pd.DataFrame] = []
        self.single: list[Issue] = []

    def whole(self, table: str, column: str | None, message: str, file: str | None, value: str | None = None) -> None:
        self.single.append(Issue(table, None, column, value, message, file))

    def rows(
        self,
        raw: RawTable,
        mask: np.ndarray | pd.Series,
        column: str | None,
        values: pd.Series | None,
        message: str | pd.Series,
    ) -> None:
        m = np.asarray(mask, dtype=bool)
        if not m.any():
            return
        part = pd.DataFrame({"row": raw.rows[m]})
        part["table"] = raw.name
        part["column"] = column
        part["file"] = raw.row_files[m] if raw.row_files is not None else raw.file
        if values is None:
            part["value"] = None
        else:
            part["value"] = values[m].astype("string").to_numpy(dtype=object, na_value=None)
        if isinstance(message, pd.Series):
            part["message"] = np.asarray(message.to_numpy(dtype=object))[m]
        else:
            part["message"] = message
        self.parts.append(part)

    def issues(self) -> list[Issue]:
        out = list(self.single)
        if self.parts:
            frame = pd.concat(self.parts, ignore_index=True)
            order = {name: i for i, name in enumerate(TABLES)}
            frame["_order"] = frame["table"].map(order).fillna(len(order))
            frame = frame.sort_values(["_order", "row"], kind="stable")
            for t, r, c, v, msg, f in zip(
                frame["table"], frame["row"], frame["column"], frame["value"], frame["message"], frame["file"],
                strict=True,
            ):
                out.append(Issue(t, int(r), None if pd.isna(c) else c, None if v is None or pd.isna(v) else str(v), msg, f))
        return out


# --------------------------------------------------------------------------- parsers


def _is_typed(s: pd.Series, kind: str) -> bool:
    if kind == "number":
        return pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s)
    if kind == "date":
        return pd.api.types.is_datetime64_any_dtype(s)
    if kind == "bool":
        return pd.api.types.is_bool_dtype(s)
    return False


def normalise_text(s: pd.Series) -> pd.Series:
    """Text with stray (also non-breaking) spaces stripped; empty cells missing. ``string`` dtype."""
    if s.dtype != "string":
        s = s.astype("string")
    s = s.str.strip()
    return s.mask(s.eq(""))


def _isin(values: pd.Series, pool: object) -> pd.Series:
    """``values.isin(pool)`` through object hashing (pyarrow-backed isin converts the pool per element)."""
    obj = pd.Series(values.to_numpy(dtype=object, na_value=None), index=values.index, dtype=object)
    pool_obj = pd.Index(pd.Series(pool, dtype=object).to_numpy(dtype=object, na_value=None), dtype=object).dropna()
    return obj.isin(pool_obj).to_numpy(dtype=bool) if len(pool_obj) else np.zeros(len(values), dtype=bool)


def _map_distinct(values: pd.Series, lookup: Mapping[str, str]) -> pd.Series:
    """``values.map(lookup)`` computed once per distinct value; ``string`` dtype, NA where unmapped."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    mapped = pd.array([lookup.get(str(u)) for u in uniques], dtype="string")
    return pd.Series(mapped.take(codes, allow_fill=True), index=values.index, dtype="string")


def _fullmatch(t: pd.Series, pattern: str) -> pd.Series:
    return t.str.fullmatch(pattern).fillna(False).astype(bool)


def _float_mask(raw: RawTable, col: str) -> np.ndarray:
    m = raw.float_cells.get(col)
    return np.zeros(len(raw.frame), dtype=bool) if m is None else np.asarray(m, dtype=bool)


def parse_number(text: pd.Series, kind: str, float_cells: np.ndarray | None = None) -> tuple[pd.Series, pd.Series]:
    """Parse numbers written the Indonesian or English way.

    Parameters
    ----------
    text
        Normalised text (see :func:`normalise_text`).
    kind
        ``"float"``, ``"int"`` or ``"money"``.
    float_cells
        Cells stored as numbers by the source (parsed as is, no locale rules).

    Returns
    -------
    (values, bad)
        ``float64`` values (NaN when missing or bad) and the mask of non-empty cells
        that are not numbers (for ``int``: also not whole numbers).
    """
    t = text
    if kind == "money":
        t = t.str.replace(r"(?i)^(?:rp\.?|idr)" + _WS + "*", "", regex=True)
    t = t.str.replace(_WS + "+", "", regex=True)
    out = np.array(pd.to_numeric(t, errors="coerce").to_numpy(dtype="float64", na_value=np.nan), copy=True)
    present = t.notna().to_numpy()
    fc = np.zeros(len(t), dtype=bool) if float_cells is None else np.asarray(float_cells, dtype=bool)
    if kind == "money":
        suspect = present & ~fc & (np.isnan(out) | t.str.contains(".", regex=False).fillna(False).to_numpy())
    else:
        suspect = present & ~fc & np.isnan(out)
    if suspect.any():
        sub = t[suspect]
        fixed = pd.Series(np.nan, index=sub.index)
        if kind == "money":
            id_th = _fullmatch(sub, r"-?\d{1,3}(?:\.\d{3})+(?:,\d+)?")
            en_th = _fullmatch(sub, r"-?\d{1,3}(?:,\d{3})+(?:\.\d+)?") & ~id_th
        else:
            id_th = _fullmatch(sub, r"-?\d{1,3}(?:\.\d{3})+,\d+|-?\d{1,3}(?:\.\d{3}){2,}")
            en_th = pd.Series(False, index=sub.index)
        dec_comma = _fullmatch(sub, r"-?\d+,\d+") & ~id_th & ~en_th
        if id_th.any():
            fixed[id_th] = pd.to_numeric(
                sub[id_th].str.replace(".", "", regex=False).str.replace(",", ".", regex=False), errors="coerce"
            )
        if en_th.any():
            fixed[en_th] = pd.to_numeric(sub[en_th].str.replace(",", "", regex=False), errors="coerce")
        if dec_comma.any():
            fixed[dec_comma] = pd.to_numeric(sub[dec_comma].str.replace(",", ".", regex=False), errors="coerce")
        handled = (id_th | en_th | dec_comma).to_numpy()
        idx = np.flatnonzero(suspect)
        out[idx[handled]] = fixed.to_numpy(dtype="float64")[handled]
    bad = present & ~np.isfinite(out)
    if kind == "int":
        bad |= present & np.isfinite(out) & (out != np.round(out))
    out[bad] = np.nan
    return pd.Series(out, index=text.index), pd.Series(bad, index=text.index)


def parse_bool(text: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Parse yes/no values (see :data:`TRUE_WORDS`, :data:`FALSE_WORDS`).

    Returns ``(values, bad)``: nullable ``boolean`` values and the mask of
    non-empty cells that are neither.
    """
    low = text.str.lower()
    true = pd.Series(_isin(low, TRUE_WORDS), index=text.index)
    false = pd.Series(_isin(low, FALSE_WORDS), index=text.index)
    out = pd.Series(pd.NA, index=text.index, dtype="boolean")
    out[true] = True
    out[false] = False
    bad = text.notna() & ~true & ~false
    return out, bad.astype(bool)


def parse_date(text: pd.Series, float_cells: np.ndarray | None = None) -> tuple[pd.Series, pd.Series]:
    """Parse dates (ISO, dd/mm/yyyy, dd-mm-yyyy, Excel serial numbers).

    Returns
    -------
    (values, messages)
        ``datetime64[ns]`` values (NaT when missing or bad) and, per bad cell, the
        message (``<NA>`` where fine).
    """
    out = pd.to_datetime(text, format="%Y-%m-%d", errors="coerce").astype("datetime64[ns]")
    messages = pd.Series(pd.NA, index=text.index, dtype="object")
    rest = (text.notna() & out.isna()).to_numpy()
    if not rest.any():
        return out, messages
    r = text[rest]
    iso = r.str.extract(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
    dmy = r.str.extract(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})(?: +\d{1,2}:\d{2}(?::\d{2})?)?$")
    two_digit_year = _fullmatch(r, r"\d{1,2}[-/.]\d{1,2}[-/.]\d{2}")
    year = iso[0].fillna(dmy[2])
    month = iso[1].fillna(dmy[1])
    day = iso[2].fillna(dmy[0])
    shaped = year.notna()
    parsed = pd.Series(pd.NaT, index=r.index, dtype="datetime64[ns]")
    if shaped.any():
        parts = pd.DataFrame(
            {
                "year": pd.to_numeric(year[shaped]),
                "month": pd.to_numeric(month[shaped]),
                "day": pd.to_numeric(day[shaped]),
            }
        )
        parsed[shaped] = pd.to_datetime(parts, errors="coerce").astype("datetime64[ns]")
    serial_text = _fullmatch(r, r"\d+(?:\.\d+)?") & ~shaped
    if serial_text.any():
        days = pd.to_numeric(r[serial_text], errors="coerce")
        in_range = days.between(*SERIAL_RANGE)
        ok_days = days[in_range]
        parsed[ok_days.index] = (EXCEL_EPOCH + pd.to_timedelta(np.floor(ok_days.to_numpy()), unit="D")).astype(
            "datetime64[ns]"
        )
    msg = pd.Series(pd.NA, index=r.index, dtype="object")
    failed = parsed.isna()
    generic = "not a date: write dd/mm/yyyy (e.g. 31/12/2025) or yyyy-mm-dd"
    msg[failed] = generic
    us_order = shaped & dmy[1].notna() & (pd.to_numeric(dmy[1], errors="coerce") > 12) & (
        pd.to_numeric(dmy[0], errors="coerce") <= 12
    )
    msg[failed & us_order] = "month above 12: the date looks like mm/dd/yyyy (US order); write dd/mm/yyyy"
    msg[failed & shaped & ~us_order] = "no such calendar date (check day and month); write dd/mm/yyyy"
    msg[failed & two_digit_year] = "two-digit year: write the year with four digits (dd/mm/yyyy)"
    msg[failed & serial_text] = (
        "a number outside the Excel date range 1950-2100: format the cell as a date or write dd/mm/yyyy"
    )
    out.iloc[np.flatnonzero(rest)] = parsed.to_numpy()
    messages.iloc[np.flatnonzero(rest)] = msg.to_numpy()
    return out, messages


def parse_period_text(text: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Parse quarters to canonical ``2026Q3``; returns ``(values, bad)``."""
    t = text.str.upper().str.replace(_WS + "+", "", regex=True)
    out = t.where(_fullmatch(t, r"\d{4}Q[1-4]")).astype("string")
    rest = (t.notna() & out.isna()).to_numpy()
    if rest.any():
        r = t[rest]
        a = r.str.extract(r"^(\d{4})-?Q([1-4])$")
        b = r.str.extract(r"^Q([1-4])-?(\d{4})$")
        out[rest] = (a[0].fillna(b[1]) + "Q" + a[1].fillna(b[0])).astype("string").to_numpy()
    bad = text.notna() & out.isna()
    return out, bad.astype(bool)


def parse_code(text: pd.Series, codes: tuple[str, ...]) -> tuple[pd.Series, pd.Series]:
    """Map codes case-insensitively (spaces/hyphens as ``_``); returns ``(values, messages)``."""
    key = text.str.strip().str.lower().str.replace(_WS_DASH, "_", regex=True)
    lookup = {c.lower(): c for c in codes}
    out = _map_distinct(key, lookup)
    bad = (text.notna() & out.isna()).to_numpy()
    messages = pd.Series(pd.NA, index=text.index, dtype="object")
    if bad.any():
        by_value: dict[str, str] = {}
        for v in pd.unique(text[bad]):
            close = difflib.get_close_matches(str(v)[:100].lower().replace(" ", "_"), list(lookup), n=1, cutoff=0.6)
            hint = f" (did you mean '{lookup[close[0]]}'?)" if close else ""
            by_value[v] = (
                f"'{clip(v)}' is not an allowed code{hint}: use one of {', '.join(codes)}, "
                "or recode it under values: in mapping.yaml"
            )
        messages[bad] = text[bad].map(by_value).to_numpy()
    return out, messages


def normalise_grade(text: pd.Series) -> pd.Series:
    """``iii / B`` -> ``III/b``; other text unchanged."""
    t = text.str.replace(_WS + "+", "", regex=True)
    parts = t.str.extract(r"^([IVXivx]+)(?:/([A-Ea-e]))?$")
    rebuilt = parts[0].str.upper() + ("/" + parts[1].str.lower()).fillna("")
    return rebuilt.where(parts[0].notna(), t).astype("string")


# --------------------------------------------------------------------------- NIP


@dataclass(frozen=True)
class _NipCheck:
    canonical: pd.Series  # 18-digit NIP or pseudonym; NA when bad or missing
    problems: list[tuple[np.ndarray, str]]
    birth: pd.Series  # datetime of the NIP's birth date (NaT for pseudonyms / bad)
    gender_digit: pd.Series  # "1"/"2" or NA
    appointed: pd.Series  # first day of the appointment month of a PNS NIP (NaT for PPPK / bad)


def _per_row(per_value: np.ndarray, codes: np.ndarray, index: pd.Index) -> pd.Series:
    """Spread per-distinct-value results back to rows (missing where the row is empty)."""
    if per_value.dtype.kind == "M":
        out = np.full(len(codes), np.datetime64("NaT"), dtype=per_value.dtype)
    else:
        out = np.full(len(codes), None, dtype=object)
    present = codes >= 0
    if present.any():
        out[present] = per_value[codes[present]]
    return pd.Series(out, index=index)


def check_nips(text: pd.Series, float_cells: np.ndarray | None = None, today: pd.Timestamp | None = None) -> _NipCheck:
    """Check NIP text (see the module notes); distinct values are checked once."""
    today = pd.Timestamp(date.today()) if today is None else today
    t = text.str.replace(_WS[:-1] + "']", "", regex=True)
    t = t.mask(t.eq(""))
    codes, uniq = pd.factorize(t, use_na_sentinel=True)
    u = pd.Series(uniq, dtype="string")
    # full-width (１９７４) or Arabic-Indic (١٩٧٤) digits: Python's \d matches them, int() reads them
    foreign = u.str.contains("[^\x00-\x7f]", regex=True).fillna(False).astype(bool).reset_index(drop=True)
    if foreign.any():  # only the few values with non-ASCII characters are looked at one by one
        foreign[foreign] = [any(ch.isdigit() and not ch.isascii() for ch in str(x)) for x in u[foreign]]
    pseudo = _fullmatch(u, _PSEUDO_RX)
    sci = _fullmatch(u, r"[0-9.,]+[eE][+-]?[0-9]+") & ~foreign
    numeric_text = _fullmatch(u, r"[0-9]+[.,][0-9]+") & ~sci & ~foreign
    digits18 = _fullmatch(u, r"[0-9]{18}") & ~foreign
    truncated = digits18 & u.str.endswith("000").fillna(False).astype(bool)
    wrong = ~pseudo & ~sci & ~numeric_text & ~digits18 & ~foreign
    structured = digits18 & ~truncated
    birth = pd.to_datetime(u.str.slice(0, 8).where(structured), format="%Y%m%d", errors="coerce")
    bad_birth = structured & birth.isna()
    ay = pd.to_numeric(u.str.slice(8, 12).where(structured), errors="coerce")
    am = pd.to_numeric(u.str.slice(12, 14).where(structured), errors="coerce")
    pppk = am.eq(21).fillna(False).astype(bool)
    bad_month = structured & ~(am.between(1, 12).fillna(False).astype(bool) | pppk)
    # Month index of the appointment; a PPPK NIP gives only the year, so the age test
    # uses its December (most lenient) and the future test its January.
    latest_idx = ay * 12 + am.where(~pppk, 12) - 1
    earliest_idx = ay * 12 + am.where(~pppk, 1) - 1
    birth_idx = birth.dt.year * 12 + birth.dt.month - 1
    early = structured & ~bad_birth & ~bad_month & (latest_idx < birth_idx + 17 * 12).fillna(False).astype(bool)
    now_idx = today.year * 12 + today.month - 1
    future = structured & ~bad_month & (earliest_idx > now_idx).fillna(False).astype(bool)
    gdigit = u.str.slice(14, 15).where(structured)
    pns_month = structured & ~bad_month & ~pppk
    appointed = pd.to_datetime(u.str.slice(8, 14).where(pns_month), format="%Y%m", errors="coerce")
    bad_gender = structured & ~(gdigit.eq("1") | gdigit.eq("2")).fillna(False).astype(bool)

    def expand(mask_u: pd.Series) -> np.ndarray:
        m = np.asarray(mask_u, dtype=bool)
        out = np.zeros(len(t), dtype=bool)
        ok = codes >= 0
        out[ok] = m[codes[ok]]
        return out

    fc = np.zeros(len(t), dtype=bool) if float_cells is None else np.asarray(float_cells, dtype=bool)
    fc = fc & t.notna().to_numpy() & ~expand(pseudo)
    problems: list[tuple[np.ndarray, str]] = [
        (expand(sci) & ~fc, "NIP in scientific notation: Excel stored it as a number and lost digits. " + NIP_AS_NUMBER_FIX),
        (
            fc | (expand(numeric_text) & ~expand(sci)),
            "NIP stored as a number: Excel keeps only 15 significant digits, so the last digits are lost. "
            + NIP_AS_NUMBER_FIX,
        ),
        (
            expand(truncated) & ~fc,
            "NIP ends in 000: Excel kept only 15 significant digits and replaced the rest with zeros "
            "(a real NIP's serial starts at 001). " + NIP_AS_NUMBER_FIX,
        ),
        (
            expand(foreign),
            "NIP written with non-ASCII digits (full-width or Arabic-Indic, e.g. １ or ١): retype it with "
            "the digits 0-9, or convert it to plain digits in the source system",
        ),
        (expand(wrong), "not a NIP: a NIP has 18 digits (or is an existing pseudonym ASN-<16 hex>)"),
        (expand(bad_birth), "NIP digits 1-8 are not a valid birth date (YYYYMMDD): check the NIP"),
        (
            expand(bad_month),
            "NIP digits 9-14 are not a valid appointment month (YYYYMM, or YYYY21 for PPPK): check the NIP",
        ),
        (expand(early), "NIP appointment month (digits 9-14) is before age 17 of its birth date: check the NIP"),
        (expand(future), "NIP appointment month (digits 9-14) is in the future: check the NIP"),
        (expand(bad_gender), "NIP digit 15 must be 1 (male) or 2 (female): check the NIP"),
    ]
    bad_any = np.zeros(len(t), dtype=bool)
    for m, _ in problems:
        bad_any |= m
    bad_any |= fc
    canonical = t.mask(bad_any).astype("string")
    birth_rows = _per_row(birth.to_numpy(dtype="datetime64[ns]"), codes, t.index)
    g_rows = _per_row(gdigit.to_numpy(dtype=object, na_value=None), codes, t.index)
    appointed_rows = _per_row(appointed.to_numpy(dtype="datetime64[ns]"), codes, t.index)
    return _NipCheck(
        canonical, problems, birth_rows.mask(bad_any), g_rows.mask(bad_any), appointed_rows.mask(bad_any)
    )


# --------------------------------------------------------------------------- one table


def _range_message(col: Column) -> str:
    lo, hi = col.minimum, col.maximum
    if lo is not None and hi is not None:
        return f"out of range: {col.name} must be between {lo:g} and {hi:g}"
    if lo is not None:
        op = ">" if col.exclusive_minimum else ">="
        return f"out of range: {col.name} must be {op} {lo:g}"
    return f"out of range: {col.name} must be <= {hi:g}"


_TYPE_MESSAGES = {
    "float": "not a number: write digits with a decimal comma or point (e.g. 3,5)",
    "int": "not a whole number: write digits only (e.g. 1985)",
    "money": "not an amount in rupiah: write digits, optionally with Rp and thousands dots (e.g. Rp 1.250.000)",
    "bool": "not a yes/no value: write Ya or Tidak (also Y/T, TRUE/FALSE, yes/no, 1/0)",
    "period": "not a quarter: write YYYYQn, e.g. 2026Q3",
}


@dataclass
class _Parsed:
    raw: RawTable
    contract: Table
    values: dict[str, pd.Series]
    shown: dict[str, pd.Series]  # text to show in issues (NIP masked)
    nip: dict[str, _NipCheck]
    extras: list[str]
    reported: dict[str, np.ndarray] = field(default_factory=dict)  # damaged cells, already reported


FORMULA_MESSAGE = (
    "a formula whose value was never saved (the workbook was written by a program, not saved in Excel): "
    "open and save the file in Excel (or paste the values), then export again"
)
EXCEL_ERROR_MESSAGE = (
    "an Excel error value: the formula behind this cell failed; fix it in the source workbook "
    "(or type the value) and export again"
)
NUL_MESSAGE = "the cell holds a NUL character, so the file is damaged: export it again from the source system"
LONG_CELL_MESSAGE = (
    f"the cell is longer than {MAX_CELL_CHARS:,} characters (Excel's own limit), so the file is damaged "
    "or not an export: correct the cell or export the file again"
)


def arrow_text(columns: Iterable[pd.Series]) -> pa.ChunkedArray:
    """Cells of several columns, one column after the other, as one Arrow text array.

    Arrow-backed text is not copied, so a check over every text cell of a table is
    a few Arrow calls whatever its number of columns or rows.
    """
    chunks = []
    for column in columns:
        try:
            array = pa.array(column, from_pandas=True)
        except (pa.ArrowInvalid, pa.ArrowTypeError):  # mixed objects (a Parquet column of anything)
            array = pa.array(column.astype("string"), from_pandas=True)
        if not pa.types.is_large_string(array.type):
            array = array.cast(pa.large_string())
        chunks.append(array)
    return pa.chunked_array(chunks, type=pa.large_string())


def excel_error_mask(flat: pa.ChunkedArray) -> np.ndarray:
    """Which cells of ``flat`` hold an Excel error value (:data:`EXCEL_ERRORS`, any case, spaces around)."""
    hashed = np.asarray(pc.match_substring_regex(flat, "^" + _WS + "*#").fill_null(False).to_numpy(), dtype=bool)
    error = np.zeros(len(flat), dtype=bool)
    if hashed.any():
        where = np.flatnonzero(hashed)
        error[where] = [str(v).strip().upper() in EXCEL_ERRORS for v in flat.take(pa.array(where)).to_pylist()]
    return error


def _extra_column_errors(raw: RawTable, extras: list[str]) -> list[str]:
    """Warnings for Excel error values in the columns the contract does not have (kept as text).

    Not errors: no analysis reads those columns. One warning per column, naming the file,
    the column and the first rows (as a spreadsheet shows them).
    """
    out: list[str] = []
    frame = raw.frame
    for name in extras:
        column = frame[name]
        if _is_typed(column, "number") or _is_typed(column, "date") or _is_typed(column, "bool"):
            continue
        hit = excel_error_mask(arrow_text([column]))
        if not hit.any():
            continue
        rows = raw.rows[hit]
        files = raw.row_files[hit] if raw.row_files is not None else None
        where = raw.file if files is None else ", ".join(dict.fromkeys(str(f) for f in files[:5]))
        listed = ", ".join(str(r) for r in rows[:10]) + (f", ... and {len(rows) - 10:,} more" if len(rows) > 10 else "")
        out.append(
            f"{where}: column {clip(name)} (not in the contract) holds Excel error values such as "
            f"{clip(str(column[hit].iloc[0]).strip())} in {len(rows):,} row(s) (rows {listed}); the column is not "
            "analysed, but the formula behind it failed in the source workbook"
        )
    return out


def _damaged_cells(raw: RawTable, contract: Table, issues: _Collector) -> dict[str, np.ndarray]:
    """Report the cells no parser should see; per column, the mask of those cells.

    Formulas without a saved value (XLSX), Excel error values (``#N/A``, ``#REF!``, ...,
    see :data:`EXCEL_ERRORS`), NUL characters and cells longer than
    :data:`MAX_CELL_CHARS`, in every contract column, free text included. Each is
    reported once, with its own message, instead of as an empty or unparsable cell.
    The text columns are checked together, as one long column, so a small table
    costs a few operations, not a few per column.
    """
    frame = raw.frame
    names = [c.name for c in contract.columns if c.name in frame.columns]
    masks = {n: np.asarray(raw.formula_cells[n], dtype=bool).copy() for n in names if n in raw.formula_cells}
    for n, m in masks.items():
        issues.rows(raw, m, n, None, FORMULA_MESSAGE)
    texts = [n for n in names if not _is_typed(frame[n], "number") and not _is_typed(frame[n], "date")
             and not _is_typed(frame[n], "bool")]
    rows = len(frame)
    if not texts or rows == 0:
        return masks
    flat = arrow_text(frame[n] for n in texts)

    def mask(result: pa.ChunkedArray) -> np.ndarray:
        return np.asarray(result.fill_null(False).to_numpy(), dtype=bool)

    error = excel_error_mask(flat)
    nul = mask(pc.match_substring(flat, "\x00"))
    long = mask(pc.greater(pc.utf8_length(flat), MAX_CELL_CHARS))
    if not (error.any() or nul.any() or long.any()):
        return masks
    secret = {c.name for c in contract.columns if c.type == "nip"}  # a damaged NIP cell is not echoed
    for k, n in enumerate(texts):
        part = slice(k * rows, (k + 1) * rows)
        e, z, g = error[part], nul[part], long[part]
        if not (e.any() or z.any() or g.any()):
            continue
        done = masks.get(n, np.zeros(rows, dtype=bool))
        shown = frame[n].astype("string")
        issues.rows(raw, e & ~done, n, shown, EXCEL_ERROR_MESSAGE)
        issues.rows(raw, z & ~e & ~done, n, None if n in secret else shown, NUL_MESSAGE)
        issues.rows(raw, g & ~z & ~e & ~done, n, None if n in secret else shown, LONG_CELL_MESSAGE)
        masks[n] = done | e | z | g
    return masks


def _parse_table(raw: RawTable, contract: Table, col_issues: _Collector, today: pd.Timestamp) -> _Parsed:
    frame = raw.frame
    values: dict[str, pd.Series] = {}
    shown: dict[str, pd.Series] = {}
    nips: dict[str, _NipCheck] = {}
    reported = _damaged_cells(raw, contract, col_issues)
    for col in contract.columns:
        if col.name not in frame.columns:
            continue
        s = frame[col.name]
        fc = _float_mask(raw, col.name)
        typ = col.type
        if typ in ("float", "int", "money") and _is_typed(s, "number"):
            v = pd.Series(pd.to_numeric(s).to_numpy(dtype="float64", na_value=np.nan), index=s.index)
            bad = pd.Series(False, index=s.index)
            if typ == "int":
                bad = v.notna() & (v != np.round(v))
                v = v.mask(bad)
            col_issues.rows(raw, bad, col.name, s, _TYPE_MESSAGES[typ])
            values[col.name] = v
            shown[col.name] = s  # converted to text only where an issue shows it
            continue
        if typ == "date" and _is_typed(s, "date"):
            v = pd.to_datetime(s)
            if getattr(v.dt, "tz", None) is not None:
                v = v.dt.tz_localize(None)
            values[col.name] = v.astype("datetime64[ns]")
            shown[col.name] = values[col.name]
            continue
        if typ == "bool" and _is_typed(s, "bool"):
            values[col.name] = s.astype("boolean")
            shown[col.name] = s
            continue
        if typ == "date" and _is_typed(s, "number"):
            s = s.astype("string")  # Excel serials stored as numbers
        text = normalise_text(s)
        if col.name in reported:
            text = text.mask(reported[col.name])
        shown[col.name] = text
        if typ in ("float", "int", "money"):
            v, bad = parse_number(text, typ, fc)
            col_issues.rows(raw, bad, col.name, text, _TYPE_MESSAGES[typ])
        elif typ == "bool":
            v, bad = parse_bool(text)
            col_issues.rows(raw, bad, col.name, text, _TYPE_MESSAGES["bool"])
        elif typ == "date":
            v, msgs = parse_date(text, fc)
            col_issues.rows(raw, msgs.notna(), col.name, text, msgs)
        elif typ == "period":
            v, bad = parse_period_text(text)
            col_issues.rows(raw, bad, col.name, text, _TYPE_MESSAGES["period"])
        elif typ == "code":
            v, msgs = parse_code(text, col.codes or ())
            col_issues.rows(raw, msgs.notna(), col.name, text, msgs)
        elif typ == "nip":
            check = check_nips(text, fc, today)
            masked = mask_nip(text)
            shown[col.name] = masked
            for m, msg in check.problems:
                col_issues.rows(raw, m, col.name, masked, msg)
            nips[col.name] = check
            v = check.canonical
        else:  # id, text
            v = text
            if col.name == "grade":
                v = normalise_grade(text)
            elif col.name == "metric":
                v = text.str.lower().str.replace(_WS_DASH, "_", regex=True)
        values[col.name] = v
    extras = [c for c in frame.columns if c not in contract.column_names]
    return _Parsed(raw, contract, values, shown, nips, extras, reported)


def _check_table(p: _Parsed, issues: _Collector, today: pd.Timestamp, warnings: list[str]) -> None:
    raw, contract, values, shown = p.raw, p.contract, p.values, p.shown
    # required values (cells already reported as damaged are not "empty")
    for col in contract.columns:
        if col.required and col.name in values:
            empty = np.array(shown[col.name].isna(), dtype=bool)
            if col.name in p.reported:
                empty &= ~p.reported[col.name]
            issues.rows(raw, empty, col.name, None, f"{col.name} is required: fill in the empty cell")
    # ranges and patterns
    for col in contract.columns:
        if col.name not in values:
            continue
        v = values[col.name]
        if col.type in ("float", "int", "money") and (col.minimum is not None or col.maximum is not None):
            out = pd.Series(False, index=v.index)
            if col.minimum is not None:
                out |= (v <= col.minimum) if col.exclusive_minimum else (v < col.minimum)
            if col.maximum is not None:
                out |= v > col.maximum
            issues.rows(raw, out.fillna(False), col.name, shown[col.name], _range_message(col))
        if col.pattern is not None:
            bad = v.notna() & ~v.str.fullmatch(col.pattern).fillna(False).astype(bool)
            if col.name == "grade":
                msg = "not a grade: write PNS golongan/ruang like III/b, or a PPPK grade in roman numerals like IX"
            elif col.name == "metric":
                msg = "not a metric name: use lower-case letters, digits and _ (e.g. processing_days)"
            else:
                msg = f"does not match the pattern {col.pattern}"
            issues.rows(raw, bad, col.name, shown[col.name], msg)
    # duplicate keys
    key = [k for k in contract.key if k in values]
    if key and len(key) == len(contract.key):
        kf = pd.DataFrame({k: values[k] for k in key})
        complete = kf.notna().all(axis=1)
        dup = kf.duplicated(keep=False) & complete
        if dup.any():
            sub = kf[dup].copy()
            sub["_row"] = raw.rows[dup.to_numpy()]
            first = sub.groupby(key, sort=False, dropna=False)["_row"].transform("min")
            later = sub["_row"] != first
            idx = sub.index[later]
            mask = np.zeros(len(kf), dtype=bool)
            mask[idx] = True
            key_text = pd.Series(pd.NA, index=kf.index, dtype="string")
            key_text[idx] = pd.DataFrame({k: shown[k][idx].astype("string") for k in key}).agg(" / ".join, axis=1)
            key_text[idx] = key_text[idx] + " (same as row " + first[later].astype(str).to_numpy() + ")"
            names = ", ".join(key)
            issues.rows(
                raw,
                mask,
                key[0] if len(key) == 1 else names,
                key_text,
                f"duplicate key ({names}): another row has the same value; keep one of the rows or correct the key",
            )
    # NIP cross-checks with the row's own gender and birth year
    if contract.name == "employees" and "employee_id" in p.nip:
        check = p.nip["employee_id"]
        if "gender" in values:
            expected = check.gender_digit.map({"1": "M", "2": "F"})
            clash = expected.notna() & values["gender"].notna() & (expected.astype("string") != values["gender"])
            msg = "gender disagrees with the NIP's gender digit (digit 15: 1 male, 2 female): check gender or the NIP"
            issues.rows(raw, clash.fillna(False), "gender", shown["gender"], msg)
        if "birth_year" in values:
            nip_year = check.birth.dt.year
            clash = nip_year.notna() & values["birth_year"].notna() & (nip_year != values["birth_year"])
            msg = "birth_year disagrees with the birth date in the NIP (digits 1-4): check birth_year or the NIP"
            issues.rows(raw, clash.fillna(False), "birth_year", shown["birth_year"], msg)
    # table checks
    if "end_after_start" in contract.checks and {"start_date", "end_date"} <= values.keys():
        bad = (values["end_date"] < values["start_date"]).fillna(False)
        issues.rows(raw, bad, "end_date", shown["end_date"], "end_date is before start_date: swap or correct the dates")
    if "hire_before_exit" in contract.checks and {"hire_date", "exit_date"} <= values.keys():
        bad = (values["exit_date"] <= values["hire_date"]).fillna(False)
        issues.rows(raw, bad, "exit_date", shown["exit_date"], "exit_date must be after hire_date: correct the dates")
    if "metric_ranges" in contract.checks and {"metric", "value"} <= values.keys():
        for metric, (lo, hi) in METRIC_RANGES.items():
            v = values["value"]
            is_m = values["metric"].eq(metric).fillna(False).astype(bool)
            bad = is_m & ((v < lo) | ((v > hi) if hi is not None else False)).fillna(False)
            rng = f"between {lo:g} and {hi:g}" if hi is not None else f">= {lo:g}"
            issues.rows(raw, bad, "value", shown["value"], f"{metric} must be {rng}: check the value and its unit")
    if "head_per_unit" in contract.checks and {"unit_id", "is_unit_head"} <= values.keys():
        current = values["exit_date"].isna() if "exit_date" in values else pd.Series(True, index=raw.frame.index)
        heads = (values["is_unit_head"].fillna(False).astype(bool) & current & values["unit_id"].notna()).to_numpy()
        if heads.any():
            hf = pd.DataFrame({"unit": values["unit_id"][heads], "_row": raw.rows[heads]})
            first = hf.groupby("unit")["_row"].transform("min")
            extra = hf.index[(hf["_row"] != first).to_numpy()]
            if len(extra):
                mask = np.zeros(len(raw.frame), dtype=bool)
                mask[extra] = True
                val = pd.Series(pd.NA, index=raw.frame.index, dtype="string")
                val[extra] = values["unit_id"][extra] + " (head also on row " + first[extra].astype(str).to_numpy() + ")"
                issues.rows(
                    raw,
                    mask,
                    "is_unit_head",
                    val,
                    "more than one current head of the same unit: keep is_unit_head = Ya for one person",
                )
    if contract.name == "employees":
        _check_hire_dates(p, issues, warnings)
    # future dates (and dates before the floor) and periods
    for col in contract.columns:
        if col.name not in values:
            continue
        if col.type == "date":
            early = (values[col.name] < DATE_FLOOR).fillna(False)
            issues.rows(
                raw, early, col.name, shown[col.name],
                f"{col.name} is before {DATE_FLOOR:%d/%m/%Y}: check the year (a typo, or an empty date "
                "that became 1900 in Excel) and correct the date",
            )
            fut = (values[col.name] > today).fillna(False)
            if contract.name == "enrollments" and col.name in ("start_date", "end_date") and "status" in values:
                fut &= ~values["status"].eq("registered").fillna(False).astype(bool)
            issues.rows(raw, fut, col.name, shown[col.name], f"{col.name} is in the future (after {today:%d/%m/%Y}): correct the date")
        elif col.type == "period":
            current = f"{today.year}Q{(today.month - 1) // 3 + 1}"
            per = values[col.name]
            idx = pd.to_numeric(per.str.slice(0, 4), errors="coerce") * 4 + pd.to_numeric(per.str.slice(-1), errors="coerce")
            now = today.year * 4 + (today.month - 1) // 3 + 1
            issues.rows(raw, (idx > now).fillna(False), col.name, shown[col.name], f"{col.name} is after the current quarter {current}: correct the period")


def _check_hire_dates(p: _Parsed, issues: _Collector, warnings: list[str]) -> None:
    """hire_date against the employee's age and the NIP's appointment month.

    - An appointment before age :data:`MIN_HIRE_AGE` (``year(hire_date) - birth_year``)
      is an **error**: one of the two is wrong.
    - For a PNS whose NIP carries an appointment month (digits 9-14, ``YYYYMM``), a
      hire_date in another month is a **warning**, not an error: the NIP holds the
      first appointment (TMT CPNS), which some exports replace by the later TMT PNS.
    """
    raw, values, shown = p.raw, p.values, p.shown
    if not {"hire_date", "birth_year"} <= values.keys():
        return
    hire = values["hire_date"]
    age = hire.dt.year - values["birth_year"]
    young = (age < MIN_HIRE_AGE).fillna(False).to_numpy(dtype=bool)
    issues.rows(
        raw, young, "hire_date", shown["hire_date"],
        f"hire_date is before age {MIN_HIRE_AGE} (from birth_year): check hire_date or birth_year",
    )
    check = p.nip.get("employee_id")
    if check is None or "employment_type" not in values:
        return
    pns = values["employment_type"].eq("pns").fillna(False).to_numpy(dtype=bool)
    appointed = check.appointed
    differs = (
        pns
        & appointed.notna().to_numpy()
        & hire.notna().to_numpy()
        & ((hire.dt.year * 12 + hire.dt.month) != (appointed.dt.year * 12 + appointed.dt.month)).fillna(False).to_numpy(dtype=bool)
    )
    if differs.any():
        rows = raw.rows[differs]
        listed = ", ".join(str(r) for r in rows[:20]) + (f", ... and {len(rows) - 20:,} more" if len(rows) > 20 else "")
        warnings.append(
            f"{raw.file}: hire_date is not in the appointment month of the NIP (digits 9-14, TMT CPNS) for "
            f"{len(rows):,} PNS row(s) (rows {listed}); fine if hire_date is the later TMT PNS, "
            "else check hire_date or the NIP"
        )


# --------------------------------------------------------------------------- whole dataset


def _typed(contract: Table, p: _Parsed) -> pd.DataFrame:
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
    issues = _Collector()
    warnings: list[str] = []
    looked_for = looked_for or {}
    unknown = set(raws) - set(TABLES)
    if unknown:
        raise KeyError(f"unknown tables {sorted(unknown)}; the contract has {', '.join(TABLES)}")
    parsed: dict[str, _Parsed] = {}
    for name, contract in TABLES.items():
        raw = raws.get(name)
        if raw is None and name in unreadable:
            continue
        if raw is None:
            where = looked_for.get(name, f"{name}.csv, {name}.xlsx or {name}.parquet")
            if name in REQUIRED_TABLES:
                issues.whole(name, None, f"required table {name} is missing: looked for {where}; add the file (or map it in mapping.yaml)", None)
            else:
                warnings.append(f"optional table {name} is absent (looked for {where}); analyses that need it are skipped")
            continue
        if len(raw.frame.columns) == 0:
            issues.whole(name, None, f"{raw.file} has no header row and no data: export it again with its header and rows", raw.file)
            continue
        if len(raw.frame) == 0:
            if name in REQUIRED_TABLES and not contract.may_be_empty:
                issues.whole(name, None, f"{raw.file} has a header but no rows: export it again with its rows", raw.file)
            else:
                warnings.append(f"{raw.file}: table {name} has a header but no rows; analyses that need it are skipped")
        present = set(raw.frame.columns)
        missing = [c for c in contract.required_columns if c not in present]
        for c in missing:
            close = difflib.get_close_matches(c, [str(x) for x in present], n=1, cutoff=0.6)
            hint = f" (a column '{clip(close[0])}' exists: rename it or map it in mapping.yaml)" if close else " (add the column, or map the source header to it in mapping.yaml)"
            issues.whole(name, c, f"required column {c} is missing from {raw.file}{hint}", raw.file)
        extras = [c for c in raw.frame.columns if c not in contract.column_names]
        if extras:
            warnings.append(f"{raw.file}: columns not in the contract, kept as text: {clip(', '.join(map(str, extras)), 400)}")
            warnings.extend(_extra_column_errors(raw, extras))
        p = _parse_table(raw, contract, issues, today_ts)
        _check_table(p, issues, today_ts, warnings)
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
    for p in parsed.values():
        for col in p.contract.columns:
            if col.references is None or col.name not in p.values:
                continue
            t_table, t_col = col.references.split(".")
            target = parsed.get(t_table)
            if target is None or t_col not in target.values:
                continue
            v = p.values[col.name]
            pool = pd.Index(target.values[t_col].dropna().unique())
            bad = pd.Series(v.notna().to_numpy() & ~_isin(v, pool), index=v.index)
            if bad.any():
                lower = {str(x).lower(): str(x) for x in pool} if col.type != "nip" else {}
                hints = {}
                for x in pd.unique(v[bad]):
                    hit = lower.get(str(x).lower())
                    hints[x] = f" (differs only in case from '{hit}')" if hit else ""
                msg = v[bad].map(lambda x, h=hints: h[x])
                unreadable = int((target.shown[t_col].notna() & target.values[t_col].isna()).sum())
                cascade = (
                    f"; {target.raw.file} has {unreadable:,} unreadable {t_col} value(s): fix those first, "
                    "they may be the ones meant here"
                    if unreadable
                    else ""
                )
                full = pd.Series(pd.NA, index=v.index, dtype="object")
                full[bad] = (
                    f"{col.name} not found in {t_table}.{t_col} ({target.raw.file}): add it there or correct the value"
                    + msg.astype(str)
                    + cascade
                ).to_numpy()
                issues.rows(p.raw, bad, col.name, p.shown[col.name], full)
    units = parsed.get("units")
    if units is not None and {"unit_id", "agency_id"} <= units.values.keys():
        uid, aid = units.values["unit_id"], units.values["agency_id"]
        agencies = pd.Index(uid[(uid == aid).fillna(False).astype(bool)].dropna().unique())
        bad = aid.notna() & _isin(aid, uid.dropna().unique()) & ~_isin(aid, agencies)
        issues.rows(
            units.raw,
            bad.fillna(False),
            "agency_id",
            units.shown["agency_id"],
            "agency_id must name an OPD row (a unit whose agency_id is its own unit_id): use the OPD's unit_id",
        )
    enr, prog = parsed.get("enrollments"), parsed.get("programs")
    if enr is not None and prog is not None and "program_id" in enr.values and "program_id" in prog.values:
        ms = prog.values.get("max_score", pd.Series(np.nan, index=prog.raw.frame.index))
        lookup = pd.Series(ms.fillna(100.0).to_numpy(), index=prog.values["program_id"].to_numpy())
        lookup = lookup[~lookup.index.duplicated()]
        cap = pd.to_numeric(enr.values["program_id"].map(lookup), errors="coerce").astype("float64")
        for col in ("pre_score", "post_score"):
            if col in enr.values:
                over = (enr.values[col] > cap).fillna(False).astype(bool)
                shown_over = pd.Series(pd.NA, index=over.index, dtype="string")
                if over.any():
                    shown_over[over] = [
                        f"{v} (max_score {c:g})" for v, c in zip(enr.shown[col][over], cap[over], strict=True)
                    ]
                issues.rows(
                    enr.raw,
                    over,
                    col,
                    shown_over,
                    f"{col} is above the programme's max_score: correct the score or the programme's max_score",
                )
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
