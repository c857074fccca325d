"""The NIP check: 18 digits, Excel's lost digits, and the structure (birth date, appointment
month, gender digit, serial); see :mod:`analysis.data.validate` for the rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from analysis.data.contract import PSEUDONYM_PATTERN
from analysis.data.messages import Message
from analysis.data.parsers import WS, fullmatch

_PSEUDO_RX = PSEUDONYM_PATTERN[1:-1]

#: Youngest plausible age at appointment (the hire-date check uses the same).
MIN_HIRE_AGE = 17

NIP_AS_NUMBER_FIX = Message("nip_fix")

# --------------------------------------------------------------------------- NIP


@dataclass(frozen=True)
class NipCheck:
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


@dataclass(frozen=True)
class _Verdicts:
    """What the NIP checks say of each distinct value (one entry per value, in factorize order)."""

    pseudo: pd.Series
    sci: pd.Series
    numeric_text: pd.Series
    truncated: pd.Series
    foreign: pd.Series
    wrong: pd.Series
    bad_birth: pd.Series
    bad_month: pd.Series
    early: pd.Series
    future: pd.Series
    bad_gender: pd.Series
    birth: pd.Series
    gender_digit: pd.Series
    appointed: pd.Series


def _judge(u: pd.Series, today: pd.Timestamp) -> _Verdicts:
    """Check the distinct NIP texts ``u``: their shape (18 ASCII digits, not a number written by
    Excel), then the structure of the well-shaped ones (birth date, appointment month, gender)."""
    # full-width (１９７４) or Arabic-Indic (١٩٧٤) digits: Python's \d matches them, int() reads them
    foreign = u.str.contains("[^\x00-\x7f]", regex=True).fillna(False).astype(bool).reset_index(drop=True)
    if foreign.any():  # only the few values with non-ASCII characters are looked at one by one
        foreign[foreign] = [any(ch.isdigit() and not ch.isascii() for ch in str(x)) for x in u[foreign]]
    pseudo = fullmatch(u, _PSEUDO_RX)
    sci = fullmatch(u, r"[0-9.,]+[eE][+-]?[0-9]+") & ~foreign
    numeric_text = fullmatch(u, r"[0-9]+[.,][0-9]+") & ~sci & ~foreign
    digits18 = fullmatch(u, r"[0-9]{18}") & ~foreign
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
    return _Verdicts(pseudo, sci, numeric_text, truncated, foreign, wrong, bad_birth, bad_month, early, future,
                     bad_gender, birth, gdigit, appointed)


def check_nips(text: pd.Series, float_cells: np.ndarray | None = None, today: pd.Timestamp | None = None) -> NipCheck:
    """Check NIP text (see the module notes); distinct values are checked once (:func:`_judge`)."""
    today = pd.Timestamp(date.today()) if today is None else today
    t = text.str.replace(WS[:-1] + "']", "", regex=True)
    t = t.mask(t.eq(""))
    codes, uniq = pd.factorize(t, use_na_sentinel=True)
    v = _judge(pd.Series(uniq, dtype="string"), today)

    def expand(mask_u: pd.Series) -> np.ndarray:
        m = np.asarray(mask_u, dtype=bool)
        out = np.zeros(len(t), dtype=bool)
        ok = codes >= 0
        out[ok] = m[codes[ok]]
        return out

    fc = np.zeros(len(t), dtype=bool) if float_cells is None else np.asarray(float_cells, dtype=bool)
    fc = fc & t.notna().to_numpy() & ~expand(v.pseudo)
    problems: list[tuple[np.ndarray, str]] = [
        (expand(v.sci) & ~fc, Message("nip_scientific", fix=NIP_AS_NUMBER_FIX)),
        (fc | (expand(v.numeric_text) & ~expand(v.sci)), Message("nip_as_number", fix=NIP_AS_NUMBER_FIX)),
        (expand(v.truncated) & ~fc, Message("nip_ends_000", fix=NIP_AS_NUMBER_FIX)),
        (expand(v.foreign), Message("nip_non_ascii")),
        (expand(v.wrong), Message("nip_not_a_nip")),
        (expand(v.bad_birth), Message("nip_bad_birth")),
        (expand(v.bad_month), Message("nip_bad_month")),
        (expand(v.early), Message("nip_too_young")),
        (expand(v.future), Message("nip_future")),
        (expand(v.bad_gender), Message("nip_bad_gender")),
    ]
    bad_any = np.zeros(len(t), dtype=bool)
    for m, _ in problems:
        bad_any |= m
    bad_any |= fc
    canonical = t.mask(bad_any).astype("string")
    birth_rows = _per_row(v.birth.to_numpy(dtype="datetime64[ns]"), codes, t.index)
    g_rows = _per_row(v.gender_digit.to_numpy(dtype=object, na_value=None), codes, t.index)
    appointed_rows = _per_row(v.appointed.to_numpy(dtype="datetime64[ns]"), codes, t.index)
    return NipCheck(
        canonical, problems, birth_rows.mask(bad_any), g_rows.mask(bad_any), appointed_rows.mask(bad_any)
    )
