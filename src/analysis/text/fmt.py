"""Numbers, money, percentages and dates formatted for the reader's language.

Bahasa Indonesia (``lang="id"``) uses a decimal comma and thousands dots
(``1.234,5``) and writes money as ``Rp 1,2 miliar``; English (``lang="en"``)
uses ``1,234.5`` and ``IDR 1.2 billion``.
"""

from __future__ import annotations

import math

import pandas as pd

from analysis.data.contract import CODE_LABELS
from analysis.data.messages import number_text
from analysis.data.periods import parse_period
from analysis.text.lang import LANGS, Lang, check_lang, pick
from analysis.text.words import CI_LABEL, RANGE_JOINER

__all__ = ["LANGS", "MISSING", "Lang", "check_lang", "code_label", "date", "interval", "money",
           "number", "percent", "period_label", "points"]

_MONTHS = {
    "id": ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
           "September", "Oktober", "November", "Desember"],
    "en": ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"],
}
_SCALES = {
    "id": ((1e12, "triliun"), (1e9, "miliar"), (1e6, "juta"), (1e3, "ribu")),
    "en": ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"), (1e3, "thousand")),
}
MISSING = "–"


def _missing(x: object) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x)) or x is pd.NA or x is pd.NaT


def number(x: float | int | None, lang: Lang = "id", decimals: int = 1) -> str:
    """``1234.5`` -> ``1.234,5`` (id) or ``1,234.5`` (en); missing -> ``–``."""
    if _missing(x):
        return MISSING
    text = number_text(float(x), check_lang(lang), f",.{decimals}f")
    if text.startswith("-"):
        # a true minus sign, and no "-0,0" for values that round to zero
        text = "−" + text[1:] if text.strip("-0.,") else text[1:]
    return text


def percent(share: float | None, lang: Lang = "id", decimals: int = 1) -> str:
    """A share in 0..1 as a percentage: ``0.123`` -> ``12,3%`` (id) / ``12.3%`` (en)."""
    if _missing(share):
        return MISSING
    return f"{number(100 * float(share), lang, decimals)}%"


def points(x: float | None, lang: Lang = "id", decimals: int = 1, signed: bool = True) -> str:
    """A change with its sign: ``+1,2`` / ``−0,4``."""
    if _missing(x):
        return MISSING
    body = number(abs(float(x)), lang, decimals)
    if not signed or float(body.replace(".", "").replace(",", "")) == 0:
        return body
    return ("+" if float(x) > 0 else "−") + body


def money(idr: float | None, lang: Lang = "id", decimals: int = 1) -> str:
    """Rupiah in words for readers: ``1.2e9`` -> ``Rp 1,2 miliar`` / ``IDR 1.2 billion``."""
    if _missing(idr):
        return MISSING
    value = float(idr)
    prefix = "Rp" if check_lang(lang) == "id" else "IDR"
    for scale, word in _SCALES[lang]:
        if abs(value) >= scale:
            return f"{prefix} {number(value / scale, lang, decimals)} {word}"
    return f"{prefix} {number(value, lang, 0)}"


def interval(low: float | None, high: float | None, lang: Lang = "id", decimals: int = 1) -> str:
    """A confidence interval: ``95% CI 0.6 to 1.8`` / ``IK 95% 0,6 s.d. 1,8``."""
    if _missing(low) or _missing(high):
        return MISSING
    return f"{pick(lang, CI_LABEL)} {number(low, lang, decimals)} {pick(lang, RANGE_JOINER)} {number(high, lang, decimals)}"


def date(when: object, lang: Lang = "id") -> str:
    """``2026-09-30`` -> ``30 September 2026``."""
    if _missing(when):
        return MISSING
    ts = pd.Timestamp(when)
    return f"{ts.day} {_MONTHS[check_lang(lang)][ts.month - 1]} {ts.year}"


def period_label(period: str, lang: Lang = "id") -> str:
    """``2026Q3`` -> ``Triwulan III 2026`` (id) / ``Q3 2026`` (en)."""
    p = parse_period(period)
    if check_lang(lang) == "id":
        return f"Triwulan {['I', 'II', 'III', 'IV'][p.quarter - 1]} {p.year}"
    return f"Q{p.quarter} {p.year}"


def code_label(code: object, lang: Lang = "id", *, in_sentence: bool = False) -> str:
    """Reader's name of a modality, provider-type, domain or sector code (``contract.CODE_LABELS``).

    ``in_sentence`` lower-cases the first letter (``Perluas format klasikal``).
    Unknown codes come back as they are, underscores as spaces.
    """
    key = str(code)
    pair = CODE_LABELS.get(key)
    text = key.replace("_", " ") if pair is None else pair[0 if check_lang(lang) == "id" else 1]
    return text[:1].lower() + text[1:] if in_sentence else text
