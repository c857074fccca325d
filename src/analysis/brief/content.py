"""The brief's content as data: what notebook 90 shows, recorded once for every medium.

The leadership brief (``notebooks/90_brief.ipynb``) builds its sections from the
functions of :mod:`analysis.brief`: a title, the finding sentence(s), a chart, the
traffic-light summary and the recommendations. :func:`collect` gathers those same
pieces from the frames the notebook computed and :meth:`BriefContent.write` saves
them as ``brief.json`` (format ``kompetensi-brief/1``) with each chart as
``figures/brief_<section>.png`` (and ``.svg``) next to it. Other media (the slide deck,
:mod:`analysis.report.slides`) read that file instead of computing anything again, so
the PDF brief and the deck say the same thing in the same words.

Nothing here computes a number: the sentences come from the brief's own sentence
functions called on the frames the notebook already has (same inputs, same words), the
charts from its ``plot_*`` functions, the indicator rows from
:func:`analysis.brief.headline.headline_table`. Which result codes of ``results.json``
back each section is named in :data:`SECTION_CODES` (``docs/architecture.md`` traces
each code to the function that computes it).

Sections, in the brief's order (an agency's brief has only ``budget``,
``participation`` and ``trend``):

===============  ==========================================  ==============================
key              finding (large type on a slide)             chart
===============  ==========================================  ==============================
relevance        :func:`~analysis.brief.relevance_sentences`  :func:`~analysis.brief.plot_gains`
providers        :func:`~analysis.brief.provider_sentences`   :func:`~analysis.brief.plot_providers`
service          :func:`~analysis.brief.service_sentences`    :func:`~analysis.brief.plot_service_effects`
budget           :func:`~analysis.brief.budget_sentences`     :func:`~analysis.brief.plot_budget`
participation    :func:`~analysis.brief.not_reached_sentence` :func:`~analysis.brief.plot_participation`
leadership       :func:`~analysis.brief.leadership_sentences` :func:`~analysis.brief.plot_leadership`
trend            :func:`~analysis.brief.trend_sentences`      :func:`~analysis.brief.plot_trend`
===============  ==========================================  ==============================
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

import pandas as pd

from analysis import brief
from analysis.brief import headline as hl
from analysis.brief.frames import Comparisons
from analysis.brief.plots import drawable
from analysis.data.periods import format_period
from analysis.data.results import FIGURES_SUBDIR, save_figure
from analysis.text import fmt
from analysis.text.lang import Lang, check_lang

#: The ``format`` field of ``brief.json``.
FORMAT = "kompetensi-brief/1"
#: The file :meth:`BriefContent.write` writes into a notebook's output folder.
CONTENT_FILE = "brief.json"
#: Result codes (``results.json``) behind each section; a code with groups
#: (``outcomes.gain_per_million_idr``) stands for all its groups.
SECTION_CODES: dict[str, tuple[str, ...]] = {
    "relevance": ("outcomes.mean_gain", "brief.share_jp_target_sector", "outcomes.share_jp_to_gap"),
    "providers": ("outcomes.gain_per_million_idr",),
    "service": tuple(f"linkage.effect_per_5jp.{m}" for m in brief.LINK_METRICS),
    "budget": ("headline.budget_absorption", "brief.funding_gap_idr", "budget.shortfall_idr"),
    "participation": ("brief.not_reached", "headline.participation_rate"),
    "leadership": ("brief.head_odds_ratio", "coverage.participation_or_unit_award"),
    "trend": ("headline.jp_on_track", "headline.participation_rate", "headline.completion_rate"),
}


@dataclass(frozen=True)
class Indicator:
    """One row of the traffic-light summary, as the brief's table shows it (display strings).

    ``status`` is the light's code (:data:`analysis.brief.headline.STATUSES`); ``city`` is
    the city's value beside an agency's (``None`` in the city's brief).
    """

    code: str
    label: str
    short_label: str
    value: str
    change: str
    ci: str
    target: str
    status: str
    city: str | None = None


@dataclass(frozen=True)
class RecommendationItem:
    """One recommendation: the action (``text``) and the number it rests on (``evidence``)."""

    rule: str
    text: str
    evidence: str
    priority: int
    codes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Section:
    """One question of the brief.

    ``lede`` is the sentence the brief puts before the finding (it describes, it does
    not conclude); ``finding`` the sentence(s) that state the answer; ``details`` the
    brief's other sentences of the section; ``caveat`` its warning ("an association,
    not proof of cause"), if any. ``figure`` is the chart's PNG relative to the folder
    of ``brief.json`` (``None`` when the brief shows no chart); ``codes`` the result
    codes behind the section (:data:`SECTION_CODES`).
    """

    key: str
    title: str
    finding: tuple[str, ...]
    lede: str | None = None
    details: tuple[str, ...] = ()
    caveat: str | None = None
    figure: str | None = None
    alt: str = ""
    codes: tuple[str, ...] = ()


@dataclass(frozen=True)
class BriefContent:
    """Everything the brief says, once: cover, summary, recommendations, sections, method.

    ``scope`` is ``"city"`` or the agency_id of an agency's brief (``scope_label`` then
    names it as the cover does). Texts are in ``lang``; ``**bold**`` marks what the
    brief prints in bold.
    """

    period: str
    lang: str
    scope: str
    period_label: str
    cover_note: str
    summary_title: str
    summary_lede: str
    summary_lines: tuple[str, ...]
    indicators: tuple[Indicator, ...]
    lights_note: str
    recommendations_title: str
    recommendations_lede: str
    recommendations: tuple[RecommendationItem, ...]
    sections: tuple[Section, ...]
    method_title: str
    method_items: tuple[str, ...]
    scope_label: str | None = None

    @property
    def per_agency(self) -> bool:
        """True for an agency's brief."""
        return self.scope != "city"

    def to_dict(self) -> dict[str, Any]:
        """The JSON document: ``{"format": FORMAT, ...fields}``."""
        return {"format": FORMAT, **asdict(self)}

    def write(self, output_dir: str | Path) -> Path:
        """Write ``<output_dir>/brief.json`` atomically (UTF-8, indented) and return its path."""
        target = Path(output_dir) / CONTENT_FILE
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.tmp")
        tmp.write_text(json.dumps(self.to_dict(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        tmp.replace(target)
        return target

    @classmethod
    def from_dict(cls, payload: Mapping[str, Any]) -> BriefContent:
        """The content of a ``brief.json`` document (``ValueError`` for another format)."""
        if payload.get("format") != FORMAT:
            raise ValueError(f"not a {FORMAT} document (format {payload.get('format')!r})")
        known = {f.name for f in fields(cls)}
        data = {k: v for k, v in payload.items() if k in known}  # fields a later writer added are ignored
        data["indicators"] = tuple(Indicator(**i) for i in data["indicators"])
        data["recommendations"] = tuple(
            RecommendationItem(**{**r, "codes": tuple(r.get("codes", ()))}) for r in data["recommendations"]
        )
        data["sections"] = tuple(
            Section(**{**s, "finding": tuple(s["finding"]), "details": tuple(s.get("details", ())),
                       "codes": tuple(s.get("codes", ()))})
            for s in data["sections"]
        )
        for key in ("summary_lines", "method_items"):
            data[key] = tuple(data.get(key, ()))
        return cls(**data)


def read_content(path: str | Path) -> BriefContent:
    """Read a ``brief.json`` file (or the one in a folder)."""
    file = Path(path)
    if file.is_dir():
        file = file / CONTENT_FILE
    return BriefContent.from_dict(json.loads(file.read_text(encoding="utf-8")))


# --------------------------------------------------------------------------- collecting


def _save_figure(fig: Any, name: str, output_dir: Path) -> str:
    """Save a chart as ``figures/<name>.png`` and ``.svg`` (:func:`~analysis.data.results.save_figure`, as the notebooks do) and close it."""
    import matplotlib.pyplot as plt

    save_figure(fig, name, output_dir)
    plt.close(fig)
    return f"{FIGURES_SUBDIR}/{name}.png"


def _chart(values: pd.Series, draw: Callable[[], Any], name: str, output_dir: Path) -> str | None:
    """:func:`_save_figure` of ``draw()``, or ``None`` when ``values`` is not
    :func:`~analysis.brief.plots.drawable` (nothing to draw)."""
    return _save_figure(draw(), name, output_dir) if drawable(values) else None


def _split(sentences: Sequence[str], *, caveat_last: bool = False) -> tuple[tuple[str, ...], tuple[str, ...], str | None]:
    """(finding, details, caveat): the first sentence, the middle ones, and the last one when it is the caveat."""
    items = [s for s in sentences if s]
    if not items:
        return (), (), None
    if caveat_last and len(items) > 1:
        return (items[0],), tuple(items[1:-1]), items[-1]
    return (items[0],), tuple(items[1:]), None


def _markup(item: str) -> str:
    """An HTML item of the method note in the content's markup: ``<strong>x</strong>`` -> ``**x**``."""
    return html.unescape(re.sub(r"</?strong>", "**", item))


def _indicators(head: pd.DataFrame, lang: Lang, per_agency: bool) -> tuple[Indicator, ...]:
    shown = hl.headline_table(head, lang, compare_city=per_agency)
    rows = []
    for code, (_, row) in zip(head["code"], shown.iterrows(), strict=True):
        rows.append(Indicator(
            code=str(code),
            label=str(row["label"]),
            short_label=hl.metric_label(str(code), lang, short=True),
            value=str(row["value"]),
            change=str(row["change"]),
            ci=str(row["ci"]),
            target=str(row["target"]),
            status=str(row["status"]),
            city=str(row["city"]) if per_agency else None,
        ))
    return tuple(rows)


def collect(
    *,
    period: str,
    lang: Lang,
    head: pd.DataFrame,
    recommendations: Sequence[hl.Recommendation],
    evidence: Mapping[str, Any],
    trend: pd.DataFrame,
    dataset: Any,
    output_dir: str | Path,
    agency: str | None = None,
    agency_name: str | None = None,
    city_trend: pd.DataFrame | None = None,
    gains: pd.DataFrame | None = None,
    relevance: Mapping[str, Any] | None = None,
    providers: pd.DataFrame | None = None,
    effects: pd.DataFrame | None = None,
    comparisons: Comparisons | None = None,
    equity: pd.DataFrame | None = None,
    leadership: pd.DataFrame | None = None,
    head_effect: Mapping[str, Any] | None = None,
) -> BriefContent:
    """The brief's content from the frames notebook 90 computed; saves each chart under ``figures/``.

    Parameters
    ----------
    period, lang
        The brief's quarter and language.
    head
        :func:`analysis.brief.headline.headline_numbers` (the summary and its lights).
    recommendations
        :func:`analysis.brief.headline.recommendations`.
    evidence
        :func:`analysis.brief.headline.brief_evidence` (``funding_gap``, ``formats``).
    trend
        The coverage trend of the brief's scope (:func:`analysis.coverage.trend`, eight quarters).
    dataset
        The dataset (the method note names its size and quarters).
    output_dir
        The notebook's output folder: charts go to ``<output_dir>/figures/brief_<key>.png|svg``.
    agency, agency_name
        For an agency's brief: its agency_id and the cover's "Name (ID)".
    city_trend
        The city line of an agency's trend chart.
    gains, relevance, providers, effects, equity, leadership, head_effect
        The city brief's section frames, as the notebook passed them to the sentence and
        chart functions (``None`` leaves a section out, as the agency's brief does).
    comparisons
        How many comparisons stand behind the service section
        (:func:`analysis.brief.frames.service_comparisons`).

    Returns
    -------
    BriefContent
        Write it with :meth:`BriefContent.write`.
    """
    lang = check_lang(lang)
    period = format_period(period)
    out = Path(output_dir)
    per_agency = agency not in (None, "all")
    text = lambda key: brief.text(key, lang)  # noqa: E731
    plabel = fmt.period_label(period, lang)
    sections: list[Section] = []

    if gains is not None and relevance is not None:
        finding, details, caveat = _split(brief.relevance_sentences(gains, relevance, lang), caveat_last=True)
        sections.append(Section(
            "relevance", text("relevance_title"), finding, details=details, caveat=caveat,
            figure=_chart(gains["estimate"], lambda: brief.plot_gains(gains, lang), "brief_relevance", out),
            alt=text("relevance_alt"), codes=SECTION_CODES["relevance"],
        ))
    if providers is not None:
        finding, details, _ = _split(brief.provider_sentences(providers, lang))
        sections.append(Section(
            "providers", text("providers_title"), finding, details=details,
            figure=_chart(providers["gain_per_million"], lambda: brief.plot_providers(providers, lang),
                          "brief_providers", out),
            alt=text("providers_alt"), codes=SECTION_CODES["providers"],
        ))
    if effects is not None:
        if len(effects):
            sections.append(Section(
                "service", text("service_title"), tuple(brief.service_sentences(effects, lang, comparisons)),
                lede=text("service_lede"), caveat=text("service_caveat"),
                figure=_save_figure(brief.plot_service_effects(effects, lang), "brief_service", out),
                alt=text("service_alt"), codes=SECTION_CODES["service"],
            ))
        else:
            sections.append(Section("service", text("service_title"), (text("service_none"),)))

    gap = evidence["funding_gap"]
    absorption = head.set_index("code").loc["budget_absorption", "estimate"]
    lines = brief.budget_sentences(gap, absorption, brief.cheapest_formats(evidence["formats"]), plabel, lang)
    finding, details, _ = _split(lines)
    sections.append(Section(
        "budget", text("budget_title"), finding, details=details,
        figure=_save_figure(brief.plot_budget(gap, period, lang), "brief_budget", out),
        alt=text("budget_alt"), codes=SECTION_CODES["budget"],
    ))

    total_nr, total_staff, _ = brief.not_reached_total(trend, period)
    participation = Section(
        "participation", text("participation_title"), (brief.not_reached_sentence(total_nr, total_staff, lang),),
        codes=SECTION_CODES["participation"],
    )
    if equity is not None:
        overall = head.set_index("code").loc["participation_rate", "estimate"]
        participation = Section(
            "participation", participation.title, participation.finding,
            details=(brief.equity_sentence(equity, lang),),
            figure=_save_figure(brief.plot_participation(equity, overall, lang), "brief_participation", out),
            alt=text("participation_alt"), codes=participation.codes,
        )
    sections.append(participation)

    if leadership is not None:
        if len(leadership):
            finding, details, caveat = _split(brief.leadership_sentences(leadership, head_effect, lang), caveat_last=True)
            sections.append(Section(
                "leadership", text("leadership_title"), finding, details=details, caveat=caveat,
                figure=_save_figure(brief.plot_leadership(leadership, lang), "brief_leadership", out),
                alt=text("leadership_alt"), codes=SECTION_CODES["leadership"],
            ))
        else:
            sections.append(Section("leadership", text("leadership_title"), (text("not_enough"),)))

    trend_lines = tuple(brief.trend_sentences(trend, lang))
    sections.append(Section(
        "trend", text("trend_title"), trend_lines or (text("trend_lede"),),
        lede=text("trend_lede") if trend_lines else None, caveat=text("trend_note"),
        figure=_save_figure(
            brief.plot_trend(trend, lang, agency=agency if per_agency else None, city=city_trend), "brief_trend", out
        ),
        alt=text("trend_alt"), codes=SECTION_CODES["trend"],
    ))

    summary = brief.summary_sentences(head, lang, plabel, per_agency=per_agency)
    recs = tuple(
        RecommendationItem(r.rule, r.text, r.evidence, int(r.priority), tuple(str(c) for c in r.codes))
        for r in recommendations
    )
    return BriefContent(
        period=period,
        lang=lang,
        scope=str(agency) if per_agency else "city",
        scope_label=text("cover_scope") + agency_name if per_agency and agency_name else None,
        period_label=plabel,
        cover_note=text("cover_note"),
        summary_title=text("summary_title"),
        summary_lede=summary[0],
        summary_lines=tuple(summary[1:]),
        indicators=_indicators(head, lang, per_agency),
        lights_note=text("lights_note"),
        recommendations_title=text("recs_title"),
        recommendations_lede=text("recs_lede"),
        recommendations=recs,
        sections=tuple(sections),
        method_title=text("method_title"),
        method_items=tuple(_markup(i) for i in brief.method_items(dataset, lang)),
    )


__all__ = [
    "CONTENT_FILE",
    "FORMAT",
    "SECTION_CODES",
    "BriefContent",
    "Indicator",
    "RecommendationItem",
    "Section",
    "collect",
    "read_content",
]
