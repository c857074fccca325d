"""The file names of a report, per language: one language per file, never one overwriting the other.

An Indonesian run (the default) publishes into ``reports/<period>/`` with
``laporan-<period>.pdf`` and ``slides-<period>.pptx``; an English run publishes into
``reports/en/<period>/`` with ``report-<period>-en.pdf`` and ``slides-<period>-en.pptx``,
so the two never share a file. ``reports/index.html`` (Indonesian) links both.
"""

from __future__ import annotations

from pathlib import Path

from analysis.text.lang import LANGS, Lang, check_lang, t

__all__ = ["agency_deck_file", "brief_file", "deck_file", "lang_folder", "language_tags", "reports_folder"]


def lang_folder(lang: Lang | str) -> str:
    """The subfolder of the reports folder a language publishes into: ``""`` (id) or ``"en"``."""
    return t(check_lang(lang), "", "en")


def reports_folder(out: Path, lang: Lang | str) -> Path:
    """Where a run in ``lang`` publishes its period folders: ``out`` or ``out/en``."""
    sub = lang_folder(lang)
    return out / sub if sub else out


def brief_file(period: str, lang: Lang | str) -> str:
    """``laporan-2026Q3.pdf`` (id) or ``report-2026Q3-en.pdf`` (en)."""
    return t(check_lang(lang), f"laporan-{period}.pdf", f"report-{period}-en.pdf")


def deck_file(period: str, lang: Lang | str) -> str:
    """``slides-2026Q3.pptx`` (id) or ``slides-2026Q3-en.pptx`` (en)."""
    return t(check_lang(lang), f"slides-{period}.pptx", f"slides-{period}-en.pptx")


def agency_deck_file(agency_file: str) -> str:
    """An agency's deck beside its brief in ``opd/``: ``<agency>-slides.pptx``."""
    return f"{agency_file}-slides.pptx"


def language_tags(lang: Lang | str) -> set[str]:
    """The notebook cell tags of the other languages (``{"lang-en"}`` for an Indonesian page).

    A notebook writes its prose once per language, in markdown cells tagged ``lang-id``
    and ``lang-en``; the analyst sees both in Jupyter, a page shows one.
    """
    return {f"lang-{other}" for other in LANGS if other != check_lang(lang)}
