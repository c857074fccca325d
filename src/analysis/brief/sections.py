"""The brief's sections as HTML: heading, sentences, chart and table of each, ready for a cell to display.

One function per section of ``notebooks/90_brief.ipynb``. Each takes the
section's frames (computed by :mod:`analysis.brief.frames`,
:mod:`analysis.brief.numbers` and :mod:`analysis.brief.evidence`) and returns
one ``<section>`` (:func:`analysis.text.html.section_html`), so a heading is
never separated from its chart. The sentences are :mod:`analysis.brief.narrative`'s,
the charts :mod:`analysis.brief.plots`', the fixed texts :mod:`analysis.brief.messages`'.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import pandas as pd

from analysis.brief import narrative, plots
from analysis.brief.frames import Comparisons, cheapest_formats
from analysis.brief.html import (
    kpi_cards_html,
    recommendations_html,
    summary_table_html,
    worst_agencies_table,
)
from analysis.brief.messages import text
from analysis.brief.recommendations import Recommendation
from analysis.brief.wording import headline_table
from analysis.data.dataset import Dataset
from analysis.data.periods import shift_period
from analysis.text import fmt
from analysis.text.html import bullet_list, figure_html, paragraph, section_html
from analysis.text.lang import Lang, check_lang


def _estimate(head: pd.DataFrame, code: str) -> float:
    return head.set_index("code").loc[code, "estimate"]


#: Called with each chart a section shows and the section's key before the chart is
#: embedded (e.g. :class:`analysis.brief.content.FigureFiles`, which saves it for the slides).
Keep = Callable[[Any, str], object]


def _shown(fig: Any, alt: str, key: str, keep: Keep | None) -> str:
    """The chart as an inline ``<figure>``, given to ``keep`` first (when any) under the section's ``key``."""
    if keep is not None:
        keep(fig, key)
    return figure_html(fig, alt=alt)


def _figure(values: pd.Series, draw: Callable[[], Any], alt: str, key: str, keep: Keep | None) -> str:
    """The chart of a section (:func:`_shown`), or nothing when ``values`` (what it plots) is not
    :func:`~analysis.brief.plots.drawable`."""
    if not plots.drawable(values):
        return ""
    return _shown(draw(), alt, key, keep)


def _chart_section(title: str, sentences: Sequence[str], figure: str) -> str:
    """A section whose first sentence leads into its chart, the other sentences following the chart."""
    return section_html(title, paragraph(sentences[0]), figure, "".join(paragraph(s) for s in sentences[1:]))


def summary_section(head: pd.DataFrame, period: str, lang: Lang, *, per_agency: bool = False) -> str:
    """The executive summary: the lede, the KPI cards, what moved, the headline table and the lights' note."""
    lang = check_lang(lang)
    plabel = fmt.period_label(period, lang)
    cards = narrative.summary_cards(head, lang, fmt.period_label(shift_period(period, -1), lang))
    lines = narrative.summary_sentences(head, lang, plabel, per_agency=per_agency)
    shown = headline_table(head, lang, compare_city=per_agency)
    return section_html(
        text("summary_title", lang),
        paragraph(lines[0]),
        kpi_cards_html(cards, lang),
        "".join(paragraph(line) for line in lines[1:]),
        summary_table_html(shown, lang, plabel, per_agency=per_agency),
        paragraph(text("lights_note", lang)),
    )


def recommendations_section(recs: Sequence[Recommendation], lang: Lang) -> str:
    """The recommendations, each with the number it rests on."""
    return section_html(text("recs_title", lang), paragraph(text("recs_lede", lang)), recommendations_html(recs, lang))


def relevance_section(gains: pd.DataFrame, relevance: Mapping[str, Any], lang: Lang, *, keep: Keep | None = None) -> str:
    """Q1: learning gain by format (95% CI) and the share of JP aimed at the job's sector.

    ``keep`` (every section function): receives the chart shown, with the section's key (:data:`Keep`).
    """
    figure = _figure(gains["estimate"], lambda: plots.plot_gains(gains, lang), text("relevance_alt", lang),
                     "relevance", keep)
    return _chart_section(text("relevance_title", lang), narrative.relevance_sentences(gains, relevance, lang), figure)


def providers_section(prov: pd.DataFrame, lang: Lang, *, keep: Keep | None = None) -> str:
    """Q2: learning gain per Rp 1 million by provider type (95% CI) against in-house training."""
    figure = _figure(prov["gain_per_million"], lambda: plots.plot_providers(prov, lang), text("providers_alt", lang),
                     "providers", keep)
    return _chart_section(text("providers_title", lang), narrative.provider_sentences(prov, lang), figure)


def service_section(eff: pd.DataFrame, lang: Lang, comparisons: Comparisons | None = None, *,
                    keep: Keep | None = None) -> str:
    """Q3: the change in each service metric per +5 JP per staff (unit and quarter fixed effects), or "not enough data".

    ``comparisons`` (:func:`analysis.brief.frames.service_comparisons`): how many comparisons
    stand behind the verdicts, said after them.
    """
    if not len(eff):
        return section_html(text("service_title", lang), paragraph(text("service_none", lang)))
    return section_html(
        text("service_title", lang),
        paragraph(text("service_lede", lang)),
        _shown(plots.plot_service_effects(eff, lang), text("service_alt", lang), "service", keep),
        bullet_list(narrative.service_sentences(eff, lang, comparisons)),
        paragraph(text("service_caveat", lang)),
    )


def budget_section(gap: Mapping[str, Any], head: pd.DataFrame, formats: pd.DataFrame, period: str, lang: Lang, *,
                   keep: Keep | None = None) -> str:
    """Q4: allocation, spending so far, what remains, and the money needed to bring everyone to 20 JP.

    ``gap`` is the ``funding_gap`` and ``formats`` the ``formats`` of
    :func:`analysis.brief.evidence.brief_evidence`; the absorption is the headline's.
    """
    figure = _shown(plots.plot_budget(gap, period, lang), text("budget_alt", lang), "budget", keep)
    lines = narrative.budget_sentences(gap, _estimate(head, "budget_absorption"), cheapest_formats(formats),
                                       fmt.period_label(period, lang), lang)
    return _chart_section(text("budget_title", lang), lines, figure)


def participation_section(
    not_reached: tuple[int, int, float],
    head: pd.DataFrame,
    lang: Lang,
    *,
    groups: pd.DataFrame | None = None,
    worst: pd.DataFrame | None = None,
    keep: Keep | None = None,
) -> str:
    """Q5: how many staff were not reached; for the city also participation by group and the worst-reached agencies.

    ``not_reached`` is :func:`analysis.brief.frames.not_reached_total`; ``groups``
    :func:`analysis.brief.frames.equity_groups` and ``worst``
    :func:`analysis.brief.frames.worst_agencies` (both or neither).
    """
    total_nr, total_staff, _ = not_reached
    body = [paragraph(narrative.not_reached_sentence(total_nr, total_staff, lang))]
    if groups is not None and worst is not None:
        fig = plots.plot_participation(groups, _estimate(head, "participation_rate"), lang)
        body += [_shown(fig, text("participation_alt", lang), "participation", keep), paragraph(narrative.equity_sentence(groups, lang)),
                 worst_agencies_table(worst, lang)]
    return section_html(text("participation_title", lang), *body)


def leadership_section(lead: pd.DataFrame, head_effect: Mapping[str, Any] | None, lang: Lang, *,
                       keep: Keep | None = None) -> str:
    """Q6: staff participation by the unit head's training and the unit's awards, with the adjusted odds ratio."""
    if not len(lead):
        return section_html(text("leadership_title", lang), paragraph(text("not_enough", lang)))
    figure = _shown(plots.plot_leadership(lead, lang), text("leadership_alt", lang), "leadership", keep)
    return _chart_section(text("leadership_title", lang), narrative.leadership_sentences(lead, head_effect, lang), figure)


def trend_section(trend: pd.DataFrame, lang: Lang, *, agency: str | None = None, city: pd.DataFrame | None = None,
                  keep: Keep | None = None) -> str:
    """Q7: the last eight quarters, against the same quarter a year before (for an OPD, the city's line beside)."""
    fig = plots.plot_trend(trend, lang, agency=agency, city=city)
    lines = narrative.trend_sentences(trend, lang)
    return section_html(
        text("trend_title", lang),
        paragraph(text("trend_lede", lang)),
        _shown(fig, text("trend_alt", lang), "trend", keep),
        bullet_list(lines) if lines else "",
        paragraph(text("trend_note", lang)),
    )


def method_section(ds: Dataset, lang: Lang) -> str:
    """The method note, in plain language."""
    return section_html(text("method_title", lang), bullet_list(narrative.method_items(ds, lang)))
