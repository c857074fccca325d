"""The headline numbers written for readers: a value, a change and an interval in the number's unit.

Shares are written as percentages and their changes in percentage points, days
and points with their unit word, money in words (:mod:`analysis.text.fmt`);
intervals through :mod:`analysis.text.phrases`. Also the reader's names of
training formats and provider types, and :func:`headline_table` (the headline
frame as display strings).
"""

from __future__ import annotations

import math

import pandas as pd

from analysis.brief import messages as msg
from analysis.brief.metrics import metric_label
from analysis.text import fmt, phrases
from analysis.text.fmt import code_label
from analysis.text.lang import Lang, check_lang, pick


def _missing(x: object) -> bool:
    """True for ``None``, NaN, ``pd.NA`` and anything that is not a number."""
    try:
        return math.isnan(float(x))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return True


def format_value(value: float | None, unit: str, lang: Lang = "id") -> str:
    """A headline value for readers: shares as percent, points/days/scores with one decimal."""
    if unit == "share":
        return fmt.percent(value, lang)
    if unit == "idr":
        return fmt.money(value, lang)
    if unit == "days":
        text = fmt.number(value, lang)
        return text if text == fmt.MISSING else f"{text} {pick(lang, msg.DAYS)}"
    return fmt.number(value, lang)


def format_change(change: float | None, unit: str, lang: Lang = "id") -> str:
    """A change from the previous quarter: ``+2,1 poin persentase`` / ``−0,4 hari``."""
    if _missing(change):
        return fmt.MISSING
    if unit == "share":
        return f"{fmt.points(100 * change, lang)} {pick(lang, msg.PERCENTAGE_POINTS)}"
    if unit == "days":
        return f"{fmt.points(change, lang)} {pick(lang, msg.DAYS)}"
    if unit == "points":
        return f"{fmt.points(change, lang)} {pick(lang, msg.POINTS)}"
    return fmt.points(change, lang)


def format_interval(low: float | None, high: float | None, unit: str, lang: Lang = "id") -> str:
    """The 95% CI of a headline value in its unit (percent for shares): ``IK 95% 60,0% s.d. 70,0%``."""
    if _missing(low) or _missing(high):
        return fmt.MISSING
    if unit == "share":
        return phrases.interval(low, high, lang, lambda x: fmt.percent(x, lang))
    return fmt.interval(low, high, lang)


def format_change_interval(low: float | None, high: float | None, unit: str, lang: Lang = "id") -> str:
    """The 95% CI of a change, in the change's unit (percentage points for shares)."""
    if _missing(low) or _missing(high):
        return fmt.MISSING
    if unit == "share":
        return f"{fmt.interval(100 * float(low), 100 * float(high), lang)} {pick(lang, msg.PERCENTAGE_POINTS_SHORT)}"
    return fmt.interval(low, high, lang)


def modality_label(code: str, lang: Lang = "id") -> str:
    """Reader's name of a modality code in a sentence (``e_learning`` -> ``e-learning``; ``classroom`` -> ``klasikal``)."""
    return code_label(code, check_lang(lang), in_sentence=True)


def provider_label(code: str, lang: Lang = "id") -> str:
    """Reader's name of a provider type code in a sentence."""
    return code_label(code, check_lang(lang), in_sentence=True)


def headline_table(frame: pd.DataFrame, lang: Lang = "id", *, compare_city: bool = False) -> pd.DataFrame:
    """The headline frame as display strings (label, value, change, CI, target, status[, city])."""
    lang = check_lang(lang)
    rows = []
    for r in frame.itertuples(index=False):
        row = {
            "label": metric_label(r.code, lang),
            "value": format_value(r.estimate, r.unit, lang),
            "change": format_change(r.change, r.unit, lang),
            "ci": format_interval(r.ci_low, r.ci_high, r.unit, lang),
            "target": format_value(r.target, r.unit, lang),
            "status": r.status,
        }
        if compare_city:
            row["city"] = format_value(r.city_estimate, r.unit, lang)
        rows.append(row)
    return pd.DataFrame(rows)
