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


def _save_figure(fig: Any, name: str, output_dir: Path, *, close: bool = True) -> str:
    """Save a chart as ``figures/<name>.png`` and ``.svg`` (:func:`~analysis.data.results.save_figure`,
    as the notebooks do) and close it (unless ``close`` is False: the notebook still shows it)."""
    import matplotlib.pyplot as plt

    save_figure(fig, name, output_dir)
    if close:
        plt.close(fig)
    return f"{FIGURES_SUBDIR}/{name}.png"


class FigureFiles:
    """The brief's charts saved once, as the notebook shows them: ``figures/brief_<key>.png|svg``.

    Give it to the section functions (``keep=``, :mod:`analysis.brief.sections`): each chart a
    section shows is saved for the slides before it is embedded. :func:`collect` then names
    the saved files (:attr:`paths`) instead of drawing the charts again.
    """

    def __init__(self, output_dir: str | Path) -> None:
        self.output_dir = Path(output_dir)
        #: Section key -> the chart's PNG relative to ``output_dir``.
        self.paths: dict[str, str] = {}

    def __call__(self, fig: Any, key: str) -> None:
        """Save ``fig`` as the chart of section ``key`` (left open for the notebook to embed)."""
        self.paths[key] = _save_figure(fig, f"brief_{key}", self.output_dir, close=False)


@dataclass(frozen=True)
class _Charts:
    """Where :func:`collect` finds or saves each section's chart: the charts saved as they
    were shown (``saved``, section key -> path), else drawn now into ``output_dir``."""

    output_dir: Path
    saved: Mapping[str, str]

    def file(self, key: str, draw: Callable[[], Any], values: pd.Series | None = None) -> str | None:
        """The chart of section ``key``: ``None`` when ``values`` is given and not
        :func:`~analysis.brief.plots.drawable`, else the saved file, else ``draw()`` saved."""
        if values is not None and not drawable(values):
            return None
        if key in self.saved:
            return self.saved[key]
        return _save_figure(draw(), f"brief_{key}", self.output_dir)


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


def _relevance(gains: pd.DataFrame, relevance: Mapping[str, Any], lang: Lang, charts: _Charts) -> Section:
    finding, details, caveat = _split(brief.relevance_sentences(gains, relevance, lang), caveat_last=True)
    return Section(
        "relevance", brief.text("relevance_title", lang), finding, details=details, caveat=caveat,
        figure=charts.file("relevance", lambda: brief.plot_gains(gains, lang), gains["estimate"]),
        alt=brief.text("relevance_alt", lang), codes=SECTION_CODES["relevance"],
    )


def _providers(providers: pd.DataFrame, lang: Lang, charts: _Charts) -> Section:
    finding, details, _ = _split(brief.provider_sentences(providers, lang))
    return Section(
        "providers", brief.text("providers_title", lang), finding, details=details,
        figure=charts.file("providers", lambda: brief.plot_providers(providers, lang), providers["gain_per_million"]),
        alt=brief.text("providers_alt", lang), codes=SECTION_CODES["providers"],
    )


def _service(effects: pd.DataFrame, comparisons: Comparisons | None, lang: Lang, charts: _Charts) -> Section:
    text = lambda key: brief.text(key, lang)  # noqa: E731
    if not len(effects):
        return Section("service", text("service_title"), (text("service_none"),))
    return Section(
        "service", text("service_title"), tuple(brief.service_sentences(effects, lang, comparisons)),
        lede=text("service_lede"), caveat=text("service_caveat"),
        figure=charts.file("service", lambda: brief.plot_service_effects(effects, lang)),
        alt=text("service_alt"), codes=SECTION_CODES["service"],
    )


def _budget(head: pd.DataFrame, evidence: Mapping[str, Any], period: str, lang: Lang, charts: _Charts) -> Section:
    gap = evidence["funding_gap"]
    absorption = head.set_index("code").loc["budget_absorption", "estimate"]
    lines = brief.budget_sentences(gap, absorption, brief.cheapest_formats(evidence["formats"]),
                                   fmt.period_label(period, lang), lang)
    finding, details, _ = _split(lines)
    return Section(
        "budget", brief.text("budget_title", lang), finding, details=details,
        figure=charts.file("budget", lambda: brief.plot_budget(gap, period, lang)),
        alt=brief.text("budget_alt", lang), codes=SECTION_CODES["budget"],
    )


def _participation(head: pd.DataFrame, trend: pd.DataFrame, equity: pd.DataFrame | None, period: str, lang: Lang,
                   charts: _Charts) -> Section:
    total_nr, total_staff, _ = brief.not_reached_total(trend, period)
    title = brief.text("participation_title", lang)
    finding = (brief.not_reached_sentence(total_nr, total_staff, lang),)
    if equity is None:
        return Section("participation", title, finding, codes=SECTION_CODES["participation"])
    overall = head.set_index("code").loc["participation_rate", "estimate"]
    return Section(
        "participation", title, finding, details=(brief.equity_sentence(equity, lang),),
        figure=charts.file("participation", lambda: brief.plot_participation(equity, overall, lang)),
        alt=brief.text("participation_alt", lang), codes=SECTION_CODES["participation"],
    )


def _leadership(leadership: pd.DataFrame, head_effect: Mapping[str, Any] | None, lang: Lang,
                charts: _Charts) -> Section:
    if not len(leadership):
        return Section("leadership", brief.text("leadership_title", lang), (brief.text("not_enough", lang),))
    finding, details, caveat = _split(brief.leadership_sentences(leadership, head_effect, lang), caveat_last=True)
    return Section(
        "leadership", brief.text("leadership_title", lang), finding, details=details, caveat=caveat,
        figure=charts.file("leadership", lambda: brief.plot_leadership(leadership, lang)),
        alt=brief.text("leadership_alt", lang), codes=SECTION_CODES["leadership"],
    )


def _trend(trend: pd.DataFrame, lang: Lang, agency: str | None, city_trend: pd.DataFrame | None,
           charts: _Charts) -> Section:
    text = lambda key: brief.text(key, lang)  # noqa: E731
    lines = tuple(brief.trend_sentences(trend, lang))
    return Section(
        "trend", text("trend_title"), lines or (text("trend_lede"),),
        lede=text("trend_lede") if lines else None, caveat=text("trend_note"),
        figure=charts.file("trend", lambda: brief.plot_trend(trend, lang, agency=agency, city=city_trend)),
        alt=text("trend_alt"), codes=SECTION_CODES["trend"],
    )


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
    figures: FigureFiles | None = None,
) -> BriefContent:
    """The brief's content from the frames notebook 90 computed; each chart saved under ``figures/``.

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
    figures
        The charts the notebook saved as it showed them (:class:`FigureFiles`): those are
        named, not drawn again; a chart not among them is drawn and saved here.

    Returns
    -------
    BriefContent
        Write it with :meth:`BriefContent.write`.
    """
    lang = check_lang(lang)
    period = format_period(period)
    per_agency = agency not in (None, "all")
    charts = _Charts(Path(output_dir), dict(figures.paths) if figures is not None else {})
    sections: list[Section] = []
    if gains is not None and relevance is not None:
        sections.append(_relevance(gains, relevance, lang, charts))
    if providers is not None:
        sections.append(_providers(providers, lang, charts))
    if effects is not None:
        sections.append(_service(effects, comparisons, lang, charts))
    sections.append(_budget(head, evidence, period, lang, charts))
    sections.append(_participation(head, trend, equity, period, lang, charts))
    if leadership is not None:
        sections.append(_leadership(leadership, head_effect, lang, charts))
    sections.append(_trend(trend, lang, agency if per_agency else None, city_trend, charts))
    return _content(period, lang, head, recommendations, dataset, tuple(sections),
                    agency=str(agency) if per_agency else None, agency_name=agency_name)


def _content(period: str, lang: Lang, head: pd.DataFrame, recommendations: Sequence[hl.Recommendation],
             dataset: Any, sections: tuple[Section, ...], *, agency: str | None,
             agency_name: str | None) -> BriefContent:
    """The :class:`BriefContent` around the sections: cover, summary, indicators, recommendations, method."""
    text = lambda key: brief.text(key, lang)  # noqa: E731
    per_agency = agency is not None
    plabel = fmt.period_label(period, lang)
    summary = brief.summary_sentences(head, lang, plabel, per_agency=per_agency)
    recs = tuple(
        RecommendationItem(r.rule, r.text, r.evidence, int(r.priority), tuple(str(c) for c in r.codes))
        for r in recommendations
    )
    return BriefContent(
        period=period,
        lang=lang,
        scope=agency if agency is not None else "city",
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
        sections=sections,
        method_title=text("method_title"),
        method_items=tuple(_markup(i) for i in brief.method_items(dataset, lang)),
    )


__all__ = [
    "CONTENT_FILE",
    "FORMAT",
    "FigureFiles",
    "SECTION_CODES",
    "BriefContent",
    "Indicator",
    "RecommendationItem",
    "Section",
    "collect",
    "read_content",
]
