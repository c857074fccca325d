"""The training-outcomes page's fixed text: its title, section headings and ledes, method
notes, table captions, and the words for its scope.

Headings, ledes and method notes show Bahasa Indonesia and English together
(``Kepuasan peserta / Reaction``) whatever the page's language; every other text is in
``lang`` only. The words come from :mod:`analysis.outcomes.messages`.
"""

from __future__ import annotations

import pandas as pd

from analysis.outcomes.messages import (
    LEVEL_WORDS,
    METHOD_NOTES,
    PAGE_INTRO,
    PAGE_TITLE,
    SCOPE_ALL_AGENCIES,
    SECTION_LEDES,
    SECTIONS,
    TABLES,
    Pair,
)
from analysis.stats.verdict import MIN_N
from analysis.text import Lang, check_lang, pick


def _both(pair: Pair) -> str:
    """``Indonesian / English``."""
    return f"{pair[0]} / {pair[1]}"


def _both_paragraph(pair: Pair) -> str:
    """``Indonesian. *English.*``: the English in italics after the Indonesian."""
    return f"{pair[0]} *{pair[1]}*"


def page_title() -> str:
    """The page's title as the notebook's first heading shows it (the report reads the
    page title from that heading, one language per side of the ``/``)."""
    return _both(PAGE_TITLE)


def page_intro(lang: Lang) -> str:
    """The question the page answers, in both languages (markdown)."""
    check_lang(lang)
    return _both_paragraph(PAGE_INTRO)


def section_heading(key: str, lang: Lang) -> str:
    """The markdown heading of a section of :data:`analysis.outcomes.messages.SECTIONS`
    (``## 1. Level 1 — Kepuasan peserta / Reaction``), with its lede paragraph if it has one."""
    check_lang(lang)
    level, number, title = SECTIONS[key]
    text = f"{'#' * level} {number}{_both(title)}"
    lede = SECTION_LEDES.get(key)
    return text if lede is None else f"{text}\n\n{_both_paragraph(lede)}"


def method_notes(lang: Lang) -> str:
    """The "method notes" section: its heading and one bullet per note (markdown)."""
    bullets = "\n".join(f"- {indonesian}\n  *{english}*" for indonesian, english in METHOD_NOTES)
    return f"{section_heading('method_notes', lang)}\n\n{bullets}"


def table_text(name: str, lang: Lang, **fields: object) -> dict[str, str]:
    """``{"title": ..., "note": ...}`` of a table in tables.xlsx (keyword arguments of
    :meth:`analysis.data.results.ResultsRecorder.table`).

    ``fields`` fill the braces of :data:`analysis.outcomes.messages.TABLES` (``window``,
    ``level``, ``sector``); ``min_n`` is :data:`analysis.stats.verdict.MIN_N`.
    """
    title, note = TABLES[name]
    values = {"min_n": MIN_N, **fields}
    return {"title": pick(lang, title).format(**values), "note": pick(lang, note).format(**values)}


def scope_name(agency: str, names: pd.Series, lang: Lang) -> str:
    """What the page covers: "all agencies in the data" for ``"all"``, else the agency's name
    (``names`` maps unit ids to names; an unknown id is shown as it is)."""
    if agency == "all":
        return pick(lang, SCOPE_ALL_AGENCIES)
    return str(names.get(agency, agency))


def level_word(level: str, lang: Lang) -> str:
    """``OPD`` / ``agencies`` for ``agency_id``, ``unit`` / ``units`` for ``unit_id``."""
    return pick(lang, LEVEL_WORDS[level])
