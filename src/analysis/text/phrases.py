"""Phrase builders: a number with its interval, a verdict in words, a window of quarters.

Each builder takes the language and returns text; the words come from
:mod:`analysis.text.words` and the numbers from :mod:`analysis.text.fmt`, so
``IK 95% ... s.d. ...`` is written in one place.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable

from analysis.data.disclosure import SECONDARY_MARK, FigureGroups
from analysis.text import fmt
from analysis.text.lang import Lang, pick
from analysis.text.words import (
    AND_OTHERS,
    CI_LABEL,
    COMPARISONS_HOLM,
    COMPARISONS_PRIMARY_HOLM,
    COMPARISONS_UNADJUSTED,
    FEWER_THAN_STAFF,
    FIGURE_LEFT_OUT_PROTECTED,
    FIGURE_LEFT_OUT_SMALL,
    NOT_ENOUGH_DATA,
    RANGE_JOINER,
    SECONDARY_NOTE,
    SUPPRESSED_NOTE,
    VERDICT_WORDS,
)

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


def suppressed_note(lang: Lang, min_people: int = 5) -> str:
    """The footnote under a table with suppressed cells: ``disembunyikan: kurang dari 5 orang``.

    The rule is :mod:`analysis.data.disclosure` (``docs/disclosure.md``).
    """
    return pick(lang, SUPPRESSED_NOTE).format(k=min_people)


def suppression_notes(marks: Iterable[str], lang: Lang, min_people: int = 5) -> list[str]:
    """The footnotes of the marks a table uses, each led by its mark, small cells first:

    ``<5 disembunyikan: kurang dari 5 orang`` and
    ``x disembunyikan agar sel kecil tidak dapat dihitung ulang`` (``docs/disclosure.md``).
    """
    used = set(marks)
    notes = []
    if f"<{min_people}" in used:
        notes.append(f"<{min_people} {suppressed_note(lang, min_people)}")
    if SECONDARY_MARK in used:
        notes.append(f"{SECONDARY_MARK} {pick(lang, SECONDARY_NOTE)}")
    return notes


def left_out_note(groups: FigureGroups, lang: Lang, min_people: int = 5,
                  label: Callable[[object], str] = str, most: int = 6) -> str:
    """A figure's note on the groups it does not draw (:func:`analysis.data.disclosure.figure_groups`):
    ``Tidak digambar karena kurang dari 5 orang: A, B.`` and, for the groups hidden to protect
    them, ``Tidak digambar agar sel kecil tidak dapat dihitung ulang: C.``; empty when nothing
    is left out. ``label`` turns a group's code into its words; past ``most`` names the rest
    are counted (``dan 3 lainnya``).
    """
    def names(values: tuple[object, ...]) -> str:
        shown = [label(v) for v in values[:most]]
        if len(values) > most:
            shown.append(pick(lang, AND_OTHERS).format(n=len(values) - most))
        return ", ".join(shown)

    parts = []
    if groups.small:
        parts.append(pick(lang, FIGURE_LEFT_OUT_SMALL).format(k=min_people, names=names(groups.small)))
    if groups.protected:
        parts.append(pick(lang, FIGURE_LEFT_OUT_PROTECTED).format(names=names(groups.protected)))
    return " ".join(parts)


def is_small_count(count: float | None, min_people: int = 5) -> bool:
    """True for a count of people ``0 < count < min_people`` (the disclosure threshold)."""
    return not _missing(count) and 0 < float(count) < min_people  # type: ignore[arg-type]


def staff_count(count: float | None, lang: Lang, min_people: int = 5) -> str:
    """A count of staff that may be printed: ``12 ASN``, or ``kurang dari 5 ASN`` / ``fewer than 5
    staff`` when ``0 < count < min_people`` (disclosure control, ``docs/disclosure.md``)."""
    if is_small_count(count, min_people):
        return pick(lang, FEWER_THAN_STAFF).format(k=min_people)
    word = pick(lang, ("ASN", "staff"))
    return f"{fmt.number(count, lang, 0)} {word}"


def count_of_total(count: float | None, total: float | None, lang: Lang, min_people: int = 5) -> str:
    """``4 dari 10`` / ``4 of 10``, with a small count (or a small remainder ``total - count``)
    said as a range (``kurang dari 5 dari 10``, ``lebih dari 5 dari 10``) so neither can be read off."""
    of = pick(lang, ("dari", "of"))
    fewer = pick(lang, ("kurang dari", "fewer than"))
    total_text = fmt.number(total, lang, 0)
    if is_small_count(total, min_people):
        return f"{fewer} {min_people}"
    if is_small_count(count, min_people):
        return f"{fewer} {min_people} {of} {total_text}"
    if not _missing(total) and not _missing(count) and is_small_count(float(total) - float(count), min_people):  # type: ignore[arg-type]
        more = pick(lang, ("lebih dari", "more than"))
        return f"{more} {fmt.number(float(total) - min_people, lang, 0)} {of} {total_text}"  # type: ignore[arg-type]
    return f"{fmt.number(count, lang, 0)} {of} {total_text}"


def counted(n: int, noun: tuple[str, str], lang: Lang, plural_en: str | None = None) -> str:
    """``3 OPD`` / ``3 agencies`` / ``1 agency``: a count with its noun.

    ``noun`` is the (Bahasa Indonesia, English singular) pair; Indonesian nouns do not change
    with number, English ones take ``plural_en`` (default: the singular + "s") unless n == 1.
    """
    id_word, en_word = noun
    if lang == "en" and n != 1:
        en_word = plural_en or f"{en_word}s"
    return f"{fmt.number(n, lang, 0)} {pick(lang, (id_word, en_word))}"


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


def comparisons_behind(clear: int, total: int, lang: Lang, *, adjusted: bool = True, primary: int = 0) -> str:
    """How many comparisons stand behind a page's verdicts, and how many of them are clear.

    ``1 dari 26 perbandingan menunjukkan perbedaan yang jelas setelah koreksi Holm``.
    ``adjusted`` False: each comparison read on its own (no correction). With ``primary``
    declared primary outcomes (read on their own) the other ``total - primary`` are the
    Holm family.
    """
    values = {"k": fmt.number(clear, lang, 0), "n": fmt.number(total, lang, 0)}
    if not adjusted:
        return pick(lang, COMPARISONS_UNADJUSTED).format(**values)
    if primary:
        return pick(lang, COMPARISONS_PRIMARY_HOLM).format(
            **values, p=fmt.number(primary, lang, 0), m=fmt.number(total - primary, lang, 0))
    return pick(lang, COMPARISONS_HOLM).format(**values)


def p_statement(p: float, lang: Lang, label: str = "p", decimals: int = 3) -> str:
    """``p = 0,034``, or ``p < 0,001`` below the smallest value shown (never ``p = 0,000``).

    ``label`` names the p-value (``p Holm``); the number is :func:`p_value`'s.
    """
    shown = p_value(p, lang, decimals)
    return f"{label} {shown}" if shown.startswith("<") else f"{label} = {shown}"
