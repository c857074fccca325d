"""The sentences of the data-quality page: what was loaded, the loader's warnings, the
agencies' gaps and the changes since the previous report. Texts: :mod:`analysis.quality.messages`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from analysis.data.dataset import Dataset
from analysis.data.messages import render
from analysis.quality import messages as msg
from analysis.quality.agencies import AgencyGaps
from analysis.text import fmt, phrases
from analysis.text.lang import Lang, pick
from analysis.text.phrases import message


def _period_or_missing(period: str | None, lang: Lang) -> str:
    return fmt.period_label(period, lang) if period else fmt.MISSING


def loaded_statement(ds: Dataset, folder: str, period: str, lang: Lang = "id") -> str:
    """``Folder `sample`: 9 berkas, 1.234 ASN, ... Laporan ini untuk **Triwulan III 2026**.``:
    files, staff and enrolments loaded, the quarters the data cover, and the report's quarter."""
    first, last = (ds.periods[0], ds.periods[-1]) if ds.periods else (None, None)
    span = phrases.span(_period_or_missing(first, lang), _period_or_missing(last, lang), lang)
    return message(msg.LOADED, lang, folder=folder, files=len(ds.files),
                   employees=fmt.number(len(ds.employees), lang, 0),
                   enrollments=fmt.number(len(ds.enrollments), lang, 0), span=span,
                   period=fmt.period_label(period, lang))


def warnings_markdown(warnings: Sequence[str], lang: Lang = "id") -> str:
    """The loader's warnings as a Markdown list in ``lang`` (:func:`analysis.data.messages.render`),
    or "no warnings"."""
    if warnings:
        return "\n".join(f"- {render(w, lang)}" for w in warnings)
    return pick(lang, msg.NO_WARNINGS)


def agency_gaps_statement(gaps: AgencyGaps, period: str, lang: Lang = "id") -> str:
    """How many agencies lack service metrics, an allocation, assessments or enrolments, and
    what that means for the other analyses."""
    return message(msg.AGENCY_GAPS, lang, agencies=gaps.agencies, no_service=gaps.without_service_metrics,
                   no_budget=gaps.without_budget, year=period[:4], no_assessments=gaps.without_assessments,
                   no_enrollments=gaps.without_enrollments)


def changes_statement(previous: Mapping[str, Any] | None, file_states: Mapping[str, int] | None,
                      lang: Lang = "id") -> str:
    """The input files against the previous report (``previous``: :func:`analysis.quality.changes.read_previous`,
    ``file_states``: :func:`analysis.quality.changes.file_state_counts`), or "no previous report"."""
    if previous is None or file_states is None:
        return pick(lang, msg.NO_PREVIOUS)
    label = fmt.period_label(previous["period"], lang) if previous.get("period") else pick(lang, msg.PREVIOUS_REPORT)
    return message(msg.CHANGES, lang, previous=label, **file_states)
