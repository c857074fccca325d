"""Phrase builders: a number with its interval, a verdict in words, a window of quarters.

Each builder takes the language and returns text; the words come from
:mod:`analysis.text.words` and the numbers from :mod:`analysis.text.fmt`, so
``IK 95% ... s.d. ...`` is written in one place.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from analysis.text import fmt
from analysis.text.lang import Lang, pick
from analysis.text.words import CI_LABEL, NOT_ENOUGH_DATA, RANGE_JOINER, VERDICT_WORDS

Formatter = Callable[[float], str]


def _missing(x: object) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))


def interval(low: float | None, high: float | None, lang: Lang, formatter: Formatter | None = None) -> str:
    """``IK 95% 0,6 s.d. 1,8`` / ``95% CI 0.6 to 1.8``, each bound written by ``formatter``
    (default: :func:`analysis.text.fmt.number` with one decimal); ``–`` when a bound is missing."""
    if _missing(low) or _missing(high):
        return fmt.MISSING
    write = formatter or (lambda x: fmt.number(x, lang))
    return f"{pick(lang, CI_LABEL)} {write(low)} {pick(lang, RANGE_JOINER)} {write(high)}"  # type: ignore[arg-type]


def with_interval(estimate: float | None, low: float | None, high: float | None, lang: Lang,
                  formatter: Formatter | None = None, missing: str | None = None) -> str:
    """``3,9 (IK 95% 3,8 s.d. 4,0)``: the estimate and, in brackets, its interval.

    The bare estimate when a bound is missing; ``missing`` (default ``–``) when the
    estimate itself is.
    """
    write = formatter or (lambda x: fmt.number(x, lang))
    if _missing(estimate):
        return fmt.MISSING if missing is None else missing
    if _missing(low) or _missing(high):
        return write(estimate)  # type: ignore[arg-type]
    return f"{write(estimate)} ({interval(low, high, lang, write)})"  # type: ignore[arg-type]


def span(first: str, last: str, lang: Lang) -> str:
    """``A s.d. B`` / ``A to B``: two already-written ends of a range."""
    return f"{first} {pick(lang, RANGE_JOINER)} {last}"


def not_enough_data(lang: Lang) -> str:
    """``data belum cukup`` / ``not enough data``."""
    return pick(lang, NOT_ENOUGH_DATA)


def verdict_word(code: str | None, lang: Lang) -> str:
    """The reader's word for a verdict code of :mod:`analysis.stats.verdict` (empty for ``None``)."""
    if code is None:
        return ""
    return pick(lang, VERDICT_WORDS[code])


def with_unit_and_interval(estimate: float | None, low: float | None, high: float | None, unit: str,
                           lang: Lang, formatter: Formatter | None = None, missing: str | None = None) -> str:
    """``+2,1 poin (IK 95% +1,3 s.d. +2,9)``: the estimate, its unit and, in brackets, its interval.

    ``unit`` is a word already in ``lang`` (``poin`` / ``points``). The estimate and its
    unit alone when a bound is missing; ``missing`` (default ``–``) when the estimate is.
    """
    write = formatter or (lambda x: fmt.number(x, lang))
    if _missing(estimate):
        return fmt.MISSING if missing is None else missing
    if _missing(low) or _missing(high):
        return f"{write(estimate)} {unit}"  # type: ignore[arg-type]
    return f"{write(estimate)} {unit} ({interval(low, high, lang, write)})"  # type: ignore[arg-type]


def message(pair: tuple[str, str], lang: Lang, **values: object) -> str:
    """One side of an ``(id, en)`` catalogue pair with its ``{placeholders}`` filled.

    ``message(("{n} ASN aktif", "{n} active ASN"), "en", n="12")`` -> ``12 active ASN``.
    Values a side does not name are ignored (e.g. an English plural ending).
    """
    return pick(lang, pair).format(**values)


def pick_all(pairs: dict[str, tuple[str, str]], lang: Lang) -> dict[str, str]:
    """Every entry of a catalogue of ``(id, en)`` pairs in one language (e.g. column labels)."""
    return {key: pick(lang, pair) for key, pair in pairs.items()}


def p_value(p: float, lang: Lang, decimals: int = 3) -> str:
    """A p-value to ``decimals`` places, ``< 0,001`` / ``< 0.001`` below the smallest shown."""
    smallest = 10.0 ** -decimals
    return f"< {fmt.number(smallest, lang, decimals)}" if p < smallest else fmt.number(p, lang, decimals)
