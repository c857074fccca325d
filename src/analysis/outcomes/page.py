"""The training-outcomes page's fixed text: its title, section headings and ledes, method
notes, table captions, and the words for its scope.

Every text is in the page's language only (one language per page); the notebook's title
is written once per language in markdown cells tagged ``lang-id`` and ``lang-en``, of
which the report shows its own. The words come from :mod:`analysis.outcomes.messages`.
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
)
from analysis.stats.verdict import MIN_N
from analysis.text import Lang, pick


def page_title(lang: Lang) -> str:
    """The page's title in ``lang``, as the notebook's first heading for that language shows
    it (the report reads the page title from that heading)."""
    return pick(lang, PAGE_TITLE)


def page_intro(lang: Lang) -> str:
    """The question the page answers (markdown)."""
    return pick(lang, PAGE_INTRO)


def section_heading(key: str, lang: Lang) -> str:
    """The markdown heading of a section of :data:`analysis.outcomes.messages.SECTIONS`
    (``## 1. Level 1 — Kepuasan peserta``), with its lede paragraph if it has one."""
    level, number, title = SECTIONS[key]
    text = f"{'#' * level} {number}{pick(lang, title)}"
    lede = SECTION_LEDES.get(key)
    return text if lede is None else f"{text}\n\n{pick(lang, lede)}"


def method_notes(lang: Lang) -> str:
    """The "method notes" section: its heading and one bullet per note (markdown)."""
    bullets = "\n".join(f"- {pick(lang, note)}" for note in METHOD_NOTES)
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
