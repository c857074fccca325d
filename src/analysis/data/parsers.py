"""Per-column cell parsers: text, numbers, yes/no, dates, quarters, codes and grades.

The rules (what real exports through Excel look like) are listed in :mod:`analysis.data.validate`.
Each parser takes normalised text and returns the parsed values and the mask (or the
messages) of the cells it could not read; all work is vectorised, over distinct values
where that is cheaper.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping

import numpy as np
import pandas as pd

from analysis.data.errors import clip
from analysis.data.messages import Message

TRUE_WORDS = ("ya", "y", "iya", "true", "yes", "1", "1.0", "benar")
FALSE_WORDS = ("tidak", "t", "tdk", "false", "no", "n", "0", "0.0", "salah")
EXCEL_EPOCH = pd.Timestamp("1899-12-30")
#: Excel serial day numbers accepted as dates: 1950-01-01 .. 2100-12-31.
SERIAL_RANGE = (18264, 73415)
# Whitespace as an explicit class: pandas runs ``\s`` through Python's re (slow), this
# class through pyarrow's RE2. Includes the non-breaking space Excel exports often carry.
WS = "[ \t\r\n\f\v\u00a0]"
WS_DASH = "[ \t\r\n\f\v\u00a0-]+"


# --------------------------------------------------------------------------- parsers


def is_typed(s: pd.Series, kind: str) -> bool:
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


def isin_pool(values: pd.Series, pool: object) -> pd.Series:
    """``values.isin(pool)`` through object hashing (pyarrow-backed isin converts the pool per element)."""
    obj = pd.Series(values.to_numpy(dtype=object, na_value=None), index=values.index, dtype=object)
    pool_obj = pd.Index(pd.Series(pool, dtype=object).to_numpy(dtype=object, na_value=None), dtype=object).dropna()
    return obj.isin(pool_obj).to_numpy(dtype=bool) if len(pool_obj) else np.zeros(len(values), dtype=bool)


def map_distinct(values: pd.Series, lookup: Mapping[str, str]) -> pd.Series:
    """``values.map(lookup)`` computed once per distinct value; ``string`` dtype, NA where unmapped."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    mapped = pd.array([lookup.get(str(u)) for u in uniques], dtype="string")
    return pd.Series(mapped.take(codes, allow_fill=True), index=values.index, dtype="string")


def fullmatch(t: pd.Series, pattern: str) -> pd.Series:
    return t.str.fullmatch(pattern).fillna(False).astype(bool)


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
        t = t.str.replace(r"(?i)^(?:rp\.?|idr)" + WS + "*", "", regex=True)
    t = t.str.replace(WS + "+", "", regex=True)
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
            id_th = fullmatch(sub, r"-?\d{1,3}(?:\.\d{3})+(?:,\d+)?")
            en_th = fullmatch(sub, r"-?\d{1,3}(?:,\d{3})+(?:\.\d+)?") & ~id_th
        else:
            id_th = fullmatch(sub, r"-?\d{1,3}(?:\.\d{3})+,\d+|-?\d{1,3}(?:\.\d{3}){2,}")
            en_th = pd.Series(False, index=sub.index)
        dec_comma = fullmatch(sub, r"-?\d+,\d+") & ~id_th & ~en_th
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
    true = pd.Series(isin_pool(low, TRUE_WORDS), index=text.index)
    false = pd.Series(isin_pool(low, FALSE_WORDS), index=text.index)
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
    two_digit_year = fullmatch(r, r"\d{1,2}[-/.]\d{1,2}[-/.]\d{2}")
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
    serial_text = fullmatch(r, r"\d+(?:\.\d+)?") & ~shaped
    if serial_text.any():
        days = pd.to_numeric(r[serial_text], errors="coerce")
        in_range = days.between(*SERIAL_RANGE)
        ok_days = days[in_range]
        parsed[ok_days.index] = (EXCEL_EPOCH + pd.to_timedelta(np.floor(ok_days.to_numpy()), unit="D")).astype(
            "datetime64[ns]"
        )
    msg = pd.Series(pd.NA, index=r.index, dtype="object")
    failed = parsed.isna()
    msg[failed] = Message("date_not_a_date")
    us_order = shaped & dmy[1].notna() & (pd.to_numeric(dmy[1], errors="coerce") > 12) & (
        pd.to_numeric(dmy[0], errors="coerce") <= 12
    )
    msg[failed & us_order] = Message("date_us_order")
    msg[failed & shaped & ~us_order] = Message("date_no_such_day")
    msg[failed & two_digit_year] = Message("date_two_digit_year")
    msg[failed & serial_text] = Message("date_serial_out_of_range")
    out.iloc[np.flatnonzero(rest)] = parsed.to_numpy()
    messages.iloc[np.flatnonzero(rest)] = msg.to_numpy()
    return out, messages


def parse_period_text(text: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Parse quarters to canonical ``2026Q3``; returns ``(values, bad)``."""
    t = text.str.upper().str.replace(WS + "+", "", regex=True)
    out = t.where(fullmatch(t, r"\d{4}Q[1-4]")).astype("string")
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
    key = text.str.strip().str.lower().str.replace(WS_DASH, "_", regex=True)
    lookup = {c.lower(): c for c in codes}
    out = map_distinct(key, lookup)
    bad = (text.notna() & out.isna()).to_numpy()
    messages = pd.Series(pd.NA, index=text.index, dtype="object")
    if bad.any():
        by_value: dict[str, Message] = {}
        for v in pd.unique(text[bad]):
            close = difflib.get_close_matches(str(v)[:100].lower().replace(" ", "_"), list(lookup), n=1, cutoff=0.6)
            hint = Message("code_did_you_mean", code=lookup[close[0]]) if close else ""
            by_value[v] = Message("code_unknown", value=clip(v), hint=hint, codes=", ".join(codes))
        messages[bad] = np.array([by_value[v] for v in text[bad]], dtype=object)
    return out, messages


def normalise_grade(text: pd.Series) -> pd.Series:
    """``iii / B`` -> ``III/b``; other text unchanged."""
    t = text.str.replace(WS + "+", "", regex=True)
    parts = t.str.extract(r"^([IVXivx]+)(?:/([A-Ea-e]))?$")
    rebuilt = parts[0].str.upper() + ("/" + parts[1].str.lower()).fillna("")
    return rebuilt.where(parts[0].notna(), t).astype("string")
