"""The slide deck for the leadership meeting: ``slides-<period>.pptx`` from the brief's recorded content.

Built with python-pptx (https://python-pptx.readthedocs.io), the library made for
writing PowerPoint files from Python: 16:9 slides that PowerPoint, LibreOffice Impress
and Google Slides open. The deck never computes or words a finding itself: it reads the
content notebook 90 recorded (``brief.json``, :mod:`analysis.brief.content`), the charts
saved with it, and the numbers of ``results.json`` for the speaker notes. So the deck and
the PDF brief give the same verdicts in the same sentences.

Slides, in the brief's order:

1. title: city, report title, quarter, the agency for an agency's deck, date;
2. traffic-light summary: the brief's lede and its table (value, change, 95% CI, target,
   a coloured light with a shape and a word, so it reads without colour too);
3. recommendations (continued on a second slide when they do not fit one);
4. one slide per question: its title, the finding in large type, its chart, and the
   brief's other sentences and caveat in small type below.

Speaker notes: every sentence the brief says about the slide, the numbers behind it from
``results.json`` with their 95% intervals and n (a number resting on fewer people than
the disclosure threshold shows ``<k``, :mod:`analysis.data.disclosure`), and the caveats.

Fonts: Source Sans Pro (the charts' and the PDF's font) is embedded in the file
(:mod:`analysis.report.pptx_fonts`). Every text is measured with that font's metrics and
wrapped or shrunk at build time until it fits its box with spare room
(:mod:`analysis.report.textfit`); a text that would still not fit at the smallest size
stays in the speaker notes only.

Public functions: :func:`build_deck` (one deck from one content file),
:func:`write_decks` (the report's decks: the city's and one per agency),
:func:`deck_texts` (every text of a deck, for the privacy audit).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from analysis.brief.content import CONTENT_FILE, BriefContent, Section, read_content
from analysis.brief.headline import metric_label
from analysis.brief.html import light_word
from analysis.data.disclosure import DisclosurePolicy, load_policy
from analysis.linkage import metric_label as service_metric_label
from analysis.report import slide_words as words
from analysis.report.messages import BRIEF_TITLE, CITY
from analysis.report.names import agency_deck_file, deck_file
from analysis.report.pptx_fonts import embed_font
from analysis.report.slide_canvas import (
    INK,
    LIGHTS,
    MARGIN,
    MUTED,
    PAD_X,
    PAD_Y,
    PRIMARY,
    SLIDE_WIDTH,
    ZEBRA,
    Box,
    Deck,
    picture,
)
from analysis.report.textfit import (
    HEIGHT_RESERVE,
    Face,
    Paragraph,
    fit,
    layout,
    paragraph,
    theme_face,
)
from analysis.text import fmt, phrases
from analysis.text.lang import Lang, check_lang, pick
from analysis.text.words import CI_LABEL


#: Slide size in points (16:9, 13.333 x 7.5 inches).
@dataclass(frozen=True)
class DeckInfo:
    """A written deck: where, how many slides, their titles, and the seconds it took."""

    path: Path
    slides: int
    titles: tuple[str, ...]
    seconds: float


def deck_name(period: str, lang: Lang = "id") -> str:
    """``slides-2026Q3.pptx`` (``slides-2026Q3-en.pptx`` in English; :func:`analysis.report.names.deck_file`)."""
    return deck_file(period, lang)


def agency_deck_name(agency_file: str) -> str:
    """``opd/<agency>-slides.pptx`` names: ``<agency>-slides.pptx``."""
    return agency_deck_file(agency_file)


# --------------------------------------------------------------------------- numbers for the notes


def _formatter(unit: str, lang: Lang) -> Callable[[float], str]:
    if unit == "share":
        return lambda v: fmt.percent(v, lang)
    if unit == "idr":
        return lambda v: fmt.money(v, lang)
    if unit == "count":
        return lambda v: fmt.number(v, lang, 0)
    if unit in ("points", "score", "days", "jp"):
        return lambda v: fmt.number(v, lang, 1)
    return lambda v: fmt.number(v, lang, 2)


def _code_label(code: str, group: str | None, lang: Lang) -> str:

    if code.startswith("headline."):
        try:
            label = metric_label(code.removeprefix("headline."), lang)
        except KeyError:
            label = code
    elif code.startswith("linkage.effect_per_5jp."):
        metric = code.removeprefix("linkage.effect_per_5jp.")
        label = f"{words.word(words.CODE_LABELS['linkage.effect_per_5jp'], lang)}: {service_metric_label(metric, lang)}"
    elif code in words.CODE_LABELS:
        label = words.word(words.CODE_LABELS[code], lang)
    else:
        label = code
    if group and ":" in group:
        label = f"{label} — {fmt.code_label(group.split(':', 1)[1], lang)}"
    return label


def _in_scope(row: Mapping[str, Any], scope: str, period: str) -> bool:
    if row.get("period") not in (None, period):
        return False
    if str(row.get("scope") or "city") != scope:
        return False
    group = row.get("group")
    return scope != "city" or group in (None, "") or ":" in str(group)


def number_lines(content: BriefContent, codes: Sequence[str], numbers: Sequence[Mapping[str, Any]],
                 policy: DisclosurePolicy) -> list[str]:
    """One note line per recorded number behind ``codes``: label, estimate (95% CI; n) [code].

    Rows are those of ``results.json`` with the content's scope and period (a code with
    groups gives one line per group). A number on fewer people than the policy's
    threshold shows the policy's mark instead of the estimate and interval.
    """
    lang = check_lang(content.lang)
    lines = []
    for code in codes:
        for row in numbers:
            if row.get("code") != code or not _in_scope(row, content.scope, content.period):
                continue
            label = _code_label(code, row.get("group"), lang)
            n = row.get("n")
            if row.get("suppressed") or (n is not None and policy.is_small(n)):
                shown = f"{policy.mark} ({words.word(words.NOTES_SUPPRESSED, lang).format(k=policy.min_people)})"
            else:
                write = _formatter(str(row.get("unit") or ""), lang)
                estimate, low, high = row.get("estimate"), row.get("ci_low"), row.get("ci_high")
                inside = [] if low is None or high is None else [phrases.interval(low, high, lang, write)]
                inside += [] if n is None else [f"n = {fmt.number(n, lang, 0)}"]
                shown = fmt.MISSING if estimate is None else write(estimate)
                if inside and estimate is not None:
                    shown += f" ({'; '.join(inside)})"
            lines.append(f"- {label}: {shown} [{code}]")
    return lines


# --------------------------------------------------------------------------- the slides


def _title_slide(deck: Deck) -> None:

    content, lang = deck.content, deck.lang
    slide = deck.prs.slides.add_slide(deck.prs.slide_layouts[0])
    title, subtitle = slide.shapes.title, slide.placeholders[1]
    from pptx.util import Pt

    deck.text_box(slide, Box(MARGIN, 90, 700, 30), [paragraph(pick(lang, CITY).upper(), bold=True)],
                  max_size=16, min_size=12, color=PRIMARY)
    deck.rectangle(slide, Box(MARGIN + PAD_X, 126, 260, 5), PRIMARY)
    box = Box(MARGIN, 150, SLIDE_WIDTH - 2 * MARGIN, 120)
    title.left, title.top, title.width, title.height = Pt(box.x), Pt(box.y), Pt(box.w), Pt(box.h)
    pars = [paragraph(pick(lang, BRIEF_TITLE), bold=True)]
    laid = fit(pars, *box.inner, deck.face, max_size=40, min_size=24)
    deck.fill_frame(title.text_frame, pars, laid.size, color=INK, anchor="top")
    sub_pars = [paragraph(content.period_label, bold=True)]
    if content.scope_label:
        sub_pars.append(paragraph(content.scope_label, scale=0.8))
    box = Box(MARGIN, 276, SLIDE_WIDTH - 2 * MARGIN, 80)
    subtitle.left, subtitle.top, subtitle.width, subtitle.height = Pt(box.x), Pt(box.y), Pt(box.w), Pt(box.h)
    laid = fit(sub_pars, *box.inner, deck.face, max_size=26, min_size=14)
    deck.fill_frame(subtitle.text_frame, sub_pars, laid.size, color=PRIMARY, colors=[PRIMARY, INK][: len(sub_pars)])
    deck.text_box(slide, Box(MARGIN, 372, 600, 28),
                  [paragraph(f"{words.word(words.DATE, lang)}: {fmt.date(_today() if deck.date is None else deck.date, lang)}")],
                  max_size=14, min_size=10, color=MUTED)
    deck.text_box(slide, Box(MARGIN, 440, SLIDE_WIDTH - 2 * MARGIN, 60), [paragraph(content.cover_note)],
                  max_size=13, min_size=9, color=MUTED)
    deck.titles.append(pick(lang, BRIEF_TITLE))
    deck.notes(slide, [content.cover_note, "", content.method_title + ":", *(f"- {i}" for i in content.method_items)])


def _today() -> Any:
    """The date on the title slide: the day the deck is built (as on the brief's cover)."""
    import pandas as pd

    return pd.Timestamp.now()


#: Inner margins of a summary table cell (points, left/right and top/bottom).
_CELL_PAD_X, _CELL_PAD_Y = 5.0, 3.0


def _summary_slide(deck: Deck, numbers: Sequence[Mapping[str, Any]], policy: DisclosurePolicy) -> None:
    """The lede and the traffic-light table, each cell's text fitted to its column."""
    content = deck.content
    slide = deck.new_slide(content.summary_title)
    lede = deck.text_box(slide, Box(MARGIN, 92, SLIDE_WIDTH - 2 * MARGIN, 58), [paragraph(content.summary_lede)],
                         max_size=22, min_size=14)
    top = 92 + (lede.height * 1.1 + 2 * PAD_Y + 8 if lede else 0)
    header, rows, widths = _summary_cells(deck)
    size, heights = _summary_fit(deck, [header, *rows], widths, available=500 - top)
    _summary_table(deck, slide, [header, *rows], widths, heights, size, top)
    deck.notes(slide, _summary_notes(content, numbers, policy, deck.lang))


def _summary_cells(deck: Deck) -> tuple[list[str], list[list[str]], list[float]]:
    """The summary table's header, one row per indicator, and the column widths (points)."""
    content, lang = deck.content, deck.lang
    per_agency = content.per_agency
    header = [words.word(words.COLUMN_INDICATOR, lang), content.period_label,
              *([words.word(words.COLUMN_CITY, lang)] if per_agency else []),
              words.word(words.COLUMN_CHANGE, lang), _ci_header(lang), words.word(words.COLUMN_TARGET, lang),
              words.word(words.COLUMN_STATUS, lang)]
    widths = [300, 95, *([75] if per_agency else []), 150, 155, 75, 150]
    total_w = SLIDE_WIDTH - 2 * MARGIN
    widths = [w * total_w / sum(widths) for w in widths]
    rows = []
    for ind in content.indicators:
        symbol, _, _ = LIGHTS.get(ind.status, LIGHTS["none"])
        rows.append([ind.label, ind.value, *([ind.city or fmt.MISSING] if per_agency else []), ind.change, ind.ci,
                     ind.target, f"{symbol} {light_word(ind.status, lang)}"])
    return header, rows, widths


def _summary_fit(deck: Deck, cells: list[list[str]], widths: list[float], available: float) -> tuple[float, list[float]]:
    """The largest font size (16 pt down to 9 pt, by 0.5) at which the table fits ``available``
    points, and the row heights at that size: the header row, then body rows of one height
    (the tallest row's)."""
    size, heights = 16.0, []
    n_rows = len(cells) - 1
    while size >= 9:
        heights = []
        for r, row in enumerate(cells):
            tallest = 0.0
            for c, text in enumerate(row):
                laid = layout([paragraph(text, bold=r == 0)], widths[c] - 2 * _CELL_PAD_X, 1e9, size, deck.face)
                tallest = max(tallest, laid.height)
            heights.append(tallest * 1.04 + 2 * _CELL_PAD_Y)
        heights = heights[:1] + [max(heights[1:], default=0.0)] * n_rows
        if sum(heights) <= available:
            break
        size -= 0.5
    return size, heights


def _summary_table(deck: Deck, slide: Any, cells: list[list[str]], widths: list[float], heights: list[float],
                   size: float, top: float) -> None:
    """Draw the traffic-light table: white header, zebra rows, the status cell in its light's colours."""
    from pptx.dml.color import RGBColor
    from pptx.util import Pt

    content = deck.content
    table_shape = slide.shapes.add_table(len(cells), len(cells[0]), Pt(MARGIN), Pt(top), Pt(SLIDE_WIDTH - 2 * MARGIN),
                                         Pt(sum(heights)))
    table_shape.name = "traffic-light summary"
    table = table_shape.table
    for c, w in enumerate(widths):
        table.columns[c].width = Pt(w)
    for r, h in enumerate(heights):
        table.rows[r].height = Pt(h)
    tbl_pr = table._tbl.tblPr
    tbl_pr.set("bandRow", "0")
    tbl_pr.set("firstRow", "0")
    for r, row in enumerate(cells):
        status = content.indicators[r - 1].status if r else None
        for c, text in enumerate(row):
            cell = table.cell(r, c)
            cell.margin_left = cell.margin_right = Pt(_CELL_PAD_X)
            cell.margin_top = cell.margin_bottom = Pt(_CELL_PAD_Y)
            is_status = r > 0 and c == len(row) - 1
            fill = "FFFFFF" if r == 0 else (LIGHTS.get(status, LIGHTS["none"])[1] if is_status else
                                             (ZEBRA if r % 2 == 0 else "FFFFFF"))
            cell.fill.solid()
            cell.fill.fore_color.rgb = RGBColor.from_string(fill)
            color = PRIMARY if r == 0 else (LIGHTS.get(status, LIGHTS["none"])[2] if is_status else INK)
            frame = cell.text_frame
            deck.fill_frame(frame, [paragraph(text, bold=r == 0 or is_status)], size, color=color,
                            align="left" if c in (0, len(row) - 1) else "right")
            frame.margin_left = frame.margin_right = Pt(_CELL_PAD_X)
            frame.margin_top = frame.margin_bottom = Pt(_CELL_PAD_Y)
            if is_status:  # the shape in a font that has it, the word in the theme's font
                first = frame.paragraphs[0].runs[0]
                symbol, word_text = text.split(" ", 1)
                first.text = symbol + " "
                deck._style_run(first, size, bold=True, color=color, symbol=True)
                run = frame.paragraphs[0].add_run()
                run.text = word_text
                deck._style_run(run, size, bold=True, color=color)


def _summary_notes(content: BriefContent, numbers: Sequence[Mapping[str, Any]], policy: DisclosurePolicy,
                   lang: Lang) -> list[str]:
    """The speaker notes of the summary slide: the lede, each indicator with its CI, n, change,
    target and light, and its result code."""
    notes = [content.summary_lede, *content.summary_lines, "", words.word(words.NOTES_NUMBERS, lang) + ":"]
    for ind in content.indicators:
        inside = [x for x in (ind.ci if ind.ci != fmt.MISSING else "", _n_text(content, f"headline.{ind.code}",
                                                                                numbers, policy)) if x]
        shown = f"{ind.value} ({'; '.join(inside)})" if inside else ind.value
        notes.append(f"- {ind.label}: {shown}; {words.word(words.COLUMN_CHANGE, lang).lower()} {ind.change}; "
                     f"{words.word(words.COLUMN_TARGET, lang).lower()} {ind.target}; {light_word(ind.status, lang)} "
                     f"[headline.{ind.code}]")
    notes += ["", content.lights_note]
    return notes


def _n_text(content: BriefContent, code: str, numbers: Sequence[Mapping[str, Any]], policy: DisclosurePolicy) -> str:
    """``n = 4.959`` for a recorded number of the content's scope (the policy's mark when small), else ``""``."""
    for row in numbers:
        if row.get("code") == code and _in_scope(row, content.scope, content.period) and row.get("n") is not None:
            n = row["n"]
            return f"n {policy.mark}" if policy.is_small(n) else f"n = {fmt.number(n, content.lang, 0)}"
    return ""


def _ci_header(lang: Lang) -> str:

    return words.word(CI_LABEL, lang)


def _recommendation_pars(items: Sequence[tuple[int, Any]], lang: Lang) -> list[Paragraph]:
    pars = []
    for number, rec in items:
        pars.append(paragraph(f"{number}. {rec.text}", bold=True, space_after=0.15))
        pars.append(paragraph(f"{words.word(words.BASIS, lang)}: {rec.evidence}", scale=0.72, space_after=0.9))
    return pars


def _recommendation_slides(deck: Deck) -> None:
    """As many recommendations per slide as fit at 15 pt or more; the rest on the next slide."""
    content, lang = deck.content, deck.lang
    items = list(enumerate(content.recommendations, start=1))
    box = Box(MARGIN, 94, SLIDE_WIDTH - 2 * MARGIN, 400)
    chunks: list[list[tuple[int, Any]]] = []
    while items:
        take = len(items)
        while take > 1 and not fit(_recommendation_pars(items[:take], lang), *box.inner, deck.face,
                                   max_size=22, min_size=15).fits:
            take -= 1
        chunks.append(items[:take])
        items = items[take:]
    if not chunks:
        chunks = [[]]
    for i, chunk in enumerate(chunks):
        title = content.recommendations_title
        if i:
            title += f" ({words.word(words.CONTINUED, lang)})"
        slide = deck.new_slide(title)
        pars = _recommendation_pars(chunk, lang)
        colors = [INK if j % 2 == 0 else MUTED for j in range(len(pars))]
        if pars and deck.text_box(slide, box, pars, max_size=22, min_size=15, colors=colors) is None:
            deck.text_box(slide, box, pars, max_size=14, min_size=8, colors=colors)
        notes = [content.recommendations_lede, ""]
        for number, rec in chunk:
            notes += [f"{number}. {rec.text}", f"   {words.word(words.BASIS, lang)}: {rec.evidence}"]
        deck.notes(slide, notes)


def _section_slide(deck: Deck, section: Section, base_dir: Path, numbers: Sequence[Mapping[str, Any]],
                   policy: DisclosurePolicy) -> None:
    """Title; finding in large type (left) and chart (right); other sentences and caveat small below."""
    lang = deck.lang
    slide = deck.new_slide(section.title)
    figure = base_dir / section.figure if section.figure else None
    if figure is not None and not figure.is_file():
        raise FileNotFoundError(f"chart {figure} of section {section.key!r} is missing")
    top, bottom_strip = 94.0, 414.0
    text_w = 340.0 if figure is not None else SLIDE_WIDTH - 2 * MARGIN
    y = top
    if section.lede:
        laid = deck.text_box(slide, Box(MARGIN, y, text_w, 80), [paragraph(section.lede)], max_size=14,
                             min_size=11, color=MUTED)
        if laid is not None:
            y += laid.height * 1.08 + 2 * PAD_Y + 4
    finding = [paragraph(s, space_after=0.45) for s in section.finding]
    biggest, anchor = (28.0, "top") if figure is not None else (36.0, "middle")
    tight = figure is not None
    shown = deck.text_box(slide, Box(MARGIN, y, text_w, bottom_strip - y), finding, max_size=biggest, min_size=14,
                          anchor=anchor, tight=tight)
    if shown is None:
        shown = deck.text_box(slide, Box(MARGIN, y, text_w, bottom_strip - y), finding, max_size=13, min_size=8,
                              tight=tight)
    below = bottom_strip
    if figure is not None:
        region = Box(MARGIN + text_w + 16, top + 4, SLIDE_WIDTH - 2 * MARGIN - text_w - 16, bottom_strip - top - 8)
        placed = picture(deck, slide, figure, region, section.alt or section.title)
        text_bottom = y + (shown.height * HEIGHT_RESERVE + 2 * PAD_Y if shown is not None else 0)
        below = min(bottom_strip, max(placed.y + placed.h, text_bottom) + 8)
    small = [*section.details, *([section.caveat] if section.caveat else [])]
    strip = Box(MARGIN, below + 4, SLIDE_WIDTH - 2 * MARGIN, 500 - below - 4)
    left_out: list[str] = []
    while small:
        colors = [MUTED] * len(small)
        if deck.text_box(slide, strip, [paragraph(s, space_after=0.25) for s in small], max_size=14, min_size=10,
                         colors=colors) is not None:
            break
        left_out.insert(0, small.pop(0))  # keep the caveat on the slide; earlier details go to the notes
    notes = [*(([section.lede]) if section.lede else []), *section.finding, *section.details]
    codes = number_lines(deck.content, section.codes, numbers, policy)
    if codes:
        notes += ["", words.word(words.NOTES_NUMBERS, lang) + ":", *codes]
    if section.caveat:
        notes += ["", f"{words.word(words.NOTES_CAVEAT, lang)}: {section.caveat}"]
    if left_out:
        notes += ["", words.word(words.NOTES_NOT_ON_SLIDE, lang) + ":", *(f"- {s}" for s in left_out)]
    notes += ["", words.word(words.NOTES_SOURCE, lang)]
    deck.notes(slide, notes)


def build_deck(
    content: BriefContent,
    target: str | Path,
    *,
    base_dir: str | Path,
    numbers: Sequence[Mapping[str, Any]] = (),
    policy: DisclosurePolicy | None = None,
    face: Face | None = None,
    date: object | None = None,
) -> DeckInfo:
    """Write the deck of one brief's content to ``target`` (atomically) and describe it.

    Parameters
    ----------
    content
        :func:`analysis.brief.content.read_content` of a ``brief.json``.
    target
        The ``.pptx`` to write.
    base_dir
        The folder the content's figure paths are relative to (the folder of ``brief.json``).
    numbers
        The ``numbers`` of ``results.json``, for the speaker notes.
    policy
        The disclosure policy (default: :func:`analysis.data.disclosure.load_policy`).
    face
        The font family (default: the theme's, :func:`analysis.report.textfit.theme_face`).
    date
        The date on the title slide (default: today).
    """

    started = time.perf_counter()
    face = face or theme_face()
    policy = policy or load_policy()
    deck = Deck(content, face, date)
    deck.panose = embed_font(deck.prs, face.family, {"regular": face.regular, "bold": face.bold},
                             _all_text(content))
    _title_slide(deck)
    _summary_slide(deck, numbers, policy)
    _recommendation_slides(deck)
    for section in content.sections:
        _section_slide(deck, section, Path(base_dir), numbers, policy)
    deck.footer()
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.tmp")
    try:
        deck.prs.save(str(tmp))
        tmp.replace(target)
    finally:
        tmp.unlink(missing_ok=True)
    return DeckInfo(target, len(deck.prs.slides), tuple(deck.titles), time.perf_counter() - started)


def _all_text(content: BriefContent) -> str:
    return json.dumps(content.to_dict(), ensure_ascii=False)


# --------------------------------------------------------------------------- the report's decks


def write_decks(
    report_dir: str | Path,
    period: str,
    sources: Mapping[str, Path],
    agency_file: Callable[[str], str],
    *,
    results_file: str = "results.json",
    policy: DisclosurePolicy | None = None,
) -> list[DeckInfo]:
    """The report's decks: ``slides-<period>.pptx`` (and ``brief.json`` beside ``results.json``)
    from the city's content, ``opd/<agency>-slides.pptx`` from each agency's.

    ``sources`` maps ``"city"`` or an agency_id to the output folder of its brief run (where
    ``brief.json`` and ``figures/`` are); a folder without ``brief.json`` (a brief notebook
    that records no content) makes no deck. ``agency_file`` turns an agency_id into its
    file name (as the agency PDFs are named).
    """
    import shutil

    report = Path(report_dir)
    results = report / results_file
    numbers = json.loads(results.read_text(encoding="utf-8")).get("numbers", []) if results.is_file() else []
    policy = policy or load_policy()
    written = []
    for scope, folder in sources.items():
        source = Path(folder) / CONTENT_FILE
        if not source.is_file():
            continue
        content = read_content(source)
        if scope == "city":
            shutil.copy2(source, report / CONTENT_FILE)
            target = report / deck_name(period, check_lang(content.lang))
        else:
            target = report / "opd" / agency_deck_name(agency_file(scope))
        written.append(build_deck(content, target, base_dir=Path(folder), numbers=numbers, policy=policy))
    return written


def deck_texts(path: str | Path) -> Iterator[tuple[str, str]]:
    """Every text of a deck, as ``(where, text)``: shapes, table cells and speaker notes per slide."""
    from pptx import Presentation

    prs = Presentation(str(path))
    for number, slide in enumerate(prs.slides, start=1):
        texts = []
        for shape in slide.shapes:
            if shape.has_text_frame:
                texts.append(shape.text_frame.text)
            if getattr(shape, "has_table", False) and shape.has_table:
                texts += [cell.text for row in shape.table.rows for cell in row.cells]
        yield f"slide {number}", "\n".join(texts)
        if slide.has_notes_slide:
            yield f"slide {number} notes", slide.notes_slide.notes_text_frame.text


__all__ = [
    "DeckInfo",
    "agency_deck_name",
    "build_deck",
    "deck_name",
    "deck_texts",
    "number_lines",
    "write_decks",
]
