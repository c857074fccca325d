"""Executed notebooks as self-contained HTML and A4 PDF, and the index of periods.

Everything a reader opens works offline on an office PC: figures are inline
(base64 PNG/SVG), the CSS is inline, the font (Source Sans Pro from the PyPI
package ``font-source-sans-pro``) is embedded as a data URI, and there are no
scripts and no external requests. PDFs are made by WeasyPrint from the same
HTML (no LaTeX, no browser download): A4, a running header with the city's name
and the period, "Halaman X dari Y" / "Page X of Y" in the footer, and page-break
rules that keep a heading with its chart.

Two nbconvert templates live in ``templates/``:

``kompetensi_analysis``
    for the analysis notebooks: markdown and displayed outputs (charts, tables,
    HTML) only; code, stdout/stderr and bare text reprs are hidden.
``kompetensi_brief``
    for the leadership brief: only the HTML that cells display. A brief cell
    displays a whole section (heading, words, chart) through
    ``IPython.display.HTML`` (see :func:`section_html`, :func:`figure_html`), so a
    heading can never be separated from its chart by a cell boundary.

Public functions: :func:`notebook_to_html`, :func:`brief_to_html`,
:func:`html_to_pdf`, :func:`index_html` and the brief's :func:`cover_html`; the
embedded font is :mod:`analysis.report.fonts`'. The fragments the cells display
are made below this layer and re-exported here for the cells:
:func:`~analysis.text.html.section_html`, :func:`~analysis.text.html.paragraph`,
:func:`~analysis.text.html.figure_html`, :func:`~analysis.text.html.table_html`
(:mod:`analysis.text.html`, no domain knowledge) and the traffic-light pieces
:func:`~analysis.brief.html.kpi_cards_html`, :func:`~analysis.brief.html.light_html`
(:mod:`analysis.brief.html`). The words are in :mod:`analysis.report.messages`.
"""

from __future__ import annotations

import html as htmlmod
import re
import unicodedata
from collections.abc import Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from analysis.brief.html import kpi_cards_html, light_html
from analysis.brief.metrics import metric_label, metric_spec
from analysis.brief.wording import format_value
from analysis.charts.theme import PRIMARY
from analysis.data.periods import period_index
from analysis.report import messages as msg
from analysis.report.fonts import font_faces_css
from analysis.report.names import language_tags
from analysis.text import fmt
from analysis.text.html import figure_html, paragraph, section_html, table_html
from analysis.text.lang import Lang, check_lang, pick

if TYPE_CHECKING:
    import nbformat

__all__ = [
    "ANALYSIS_TEMPLATE", "BRIEF_TEMPLATE", "TEMPLATES_DIR", "TOC_MARKER", "add_toc", "brief_to_html",
    "cover_html", "figure_html", "font_faces_css", "html_to_pdf", "index_html", "kpi_cards_html",
    "light_html", "notebook_parameters", "notebook_to_html", "page_css", "paragraph", "section_html",
    "slugify", "sparkline_svg", "table_html",
]

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
ANALYSIS_TEMPLATE = "kompetensi_analysis"
BRIEF_TEMPLATE = "kompetensi_brief"
#: Marker a brief cell may display where the table of contents goes (see :func:`cover_html`).
TOC_MARKER = "<!--kompetensi:toc-->"


# --------------------------------------------------------------------------- CSS


@lru_cache(maxsize=1)
def _base_css() -> str:
    return (TEMPLATES_DIR / "report.css").read_text(encoding="utf-8")


def page_css(lang: Lang, *, header: bool = True) -> str:
    """The ``@page`` rules for A4 print: margins, running header, "Halaman X dari Y" footer.

    The running header is the document's ``.running-header`` element (city name and
    period); the first page (cover or title) carries neither header nor footer rule line.
    """
    lang = check_lang(lang)
    top = "content: element(pageHeader);" if header else ""
    return f"""
@page {{
  size: A4;
  margin: 22mm 18mm 20mm 18mm;
  @top-left {{ {top} vertical-align: bottom; padding-bottom: 3mm; border-bottom: 0.5pt solid #D0D7DE; width: 100%; }}
  @bottom-right {{ content: "{pick(lang, msg.PAGE_WORD)} " {pick(lang, msg.PAGE_COUNTERS)}; font-family: 'Source Sans Pro', sans-serif; font-size: 8.5pt; color: #5A5A5A; }}
  @bottom-left {{ content: "{pick(lang, msg.CITY)}"; font-family: 'Source Sans Pro', sans-serif; font-size: 8.5pt; color: #5A5A5A; }}
}}
@page :first {{
  @top-left {{ content: none; border: 0; }}
  @bottom-left {{ content: none; }}
}}
"""


def _document(
    body: str,
    *,
    title: str,
    lang: Lang,
    header_text: str | None,
    toc: str = "",
    extra_head: str = "",
) -> str:
    """Wrap a body in the one HTML skeleton: inline fonts and CSS, running header, TOC."""
    running = (
        f'<div class="running-header">{htmlmod.escape(header_text)}</div>' if header_text else ""
    )
    if toc:
        if TOC_MARKER in body:
            body = body.replace(TOC_MARKER, toc, 1)
        else:
            body = toc + body
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{htmlmod.escape(title)}</title>\n"
        f"<style>\n{font_faces_css()}\n{_base_css()}\n"
        f"{page_css(lang, header=bool(header_text))}\n</style>\n"
        f"{extra_head}</head>\n<body>\n{running}\n<main class=\"doc\">\n{body}\n</main>\n"
        "</body>\n</html>\n"
    )


# --------------------------------------------------------------------------- table of contents

_HEADING = re.compile(r"<h([1-3])(\s[^>]*)?>(.*?)</h\1>", re.IGNORECASE | re.DOTALL)
_ID_ATTR = re.compile(r"""\sid\s*=\s*(["'])(.*?)\1""", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")
_ANCHOR_LINK = re.compile(r'<a[^>]*class="anchor-link"[^>]*>.*?</a>', re.IGNORECASE | re.DOTALL)


def slugify(text: str) -> str:
    """A readable HTML id from heading text: ``"Anggaran & JP"`` -> ``"anggaran-jp"``."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-zA-Z0-9]+", "-", plain).strip("-").lower()
    return slug or "bagian"


def add_toc(body: str, lang: Lang, *, levels: tuple[int, ...] = (2, 3), skip_class: str = "no-toc") -> tuple[str, str]:
    """Give every ``h1``-``h3`` a unique id and build a table of contents from ``levels``.

    Returns ``(body_with_ids, toc_html)``; ``toc_html`` is ``""`` when there are
    fewer than two entries. Headings with class ``no-toc`` get ids but no entry.
    In print, the entries carry their page numbers (``target-counter``).
    """
    contents = pick(check_lang(lang), msg.CONTENTS)
    seen: set[str] = set()
    entries: list[tuple[int, str, str]] = []

    def replace(match: re.Match[str]) -> str:
        level, attrs, inner = int(match.group(1)), match.group(2) or "", match.group(3)
        text = htmlmod.unescape(_TAG.sub("", _ANCHOR_LINK.sub("", inner))).strip().rstrip("¶").strip()
        found = _ID_ATTR.search(attrs)
        if found:
            hid = found.group(2)
        else:
            base = slugify(text)
            hid, k = base, 2
            while hid in seen:
                hid, k = f"{base}-{k}", k + 1
            attrs = f' id="{hid}"' + attrs
        seen.add(hid)
        if level in levels and skip_class not in attrs and text:
            entries.append((level, hid, text))
        return f"<h{level}{attrs}>{inner}</h{level}>"

    body = _HEADING.sub(replace, body)
    if len(entries) < 2:
        return body, ""
    items = "\n".join(
        f'<li class="toc-h{level}"><a href="#{hid}">{htmlmod.escape(text)}</a></li>'
        for level, hid, text in entries
    )
    toc = (
        f'<nav class="toc" aria-label="{contents}">'
        f'<p class="toc-title">{contents}</p>\n<ol>\n{items}\n</ol></nav>'
    )
    return body, toc


# --------------------------------------------------------------------------- notebooks -> HTML


@lru_cache(maxsize=4)
def _exporter(template_name: str) -> Any:
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(
        extra_template_basedirs=[str(TEMPLATES_DIR)],
        template_name=template_name,
    )
    exporter.exclude_input = True
    exporter.exclude_input_prompt = True
    exporter.exclude_output_prompt = True
    exporter.sanitize_html = False  # our own executed notebooks; sanitising would strip inline SVG/styles
    return exporter


def _as_notebook(nb: nbformat.NotebookNode | Mapping[str, Any] | str | Path) -> nbformat.NotebookNode:
    import nbformat

    if isinstance(nb, str | Path):
        return nbformat.read(str(nb), as_version=4)
    if isinstance(nb, nbformat.NotebookNode):
        return nb
    return nbformat.from_dict(dict(nb))


def notebook_parameters(nb: nbformat.NotebookNode | Mapping[str, Any]) -> dict[str, Any]:
    """The parameters papermill recorded in an executed notebook's metadata (``{}`` if none)."""
    meta = nb.get("metadata", {}) or {}
    return dict((meta.get("papermill") or {}).get("parameters") or {})


def _render_body(nb: nbformat.NotebookNode, template_name: str) -> str:
    body, _ = _exporter(template_name).from_notebook_node(nb)
    return body


def keep_language(nb: nbformat.NotebookNode, lang: Lang) -> nbformat.NotebookNode:
    """A copy of ``nb`` without the cells tagged for another language
    (:func:`analysis.report.names.language_tags`)."""
    import copy

    drop = language_tags(lang)
    out = copy.copy(nb)
    out.cells = [c for c in nb.cells if not drop & set(c.get("metadata", {}).get("tags") or [])]
    return out


def _header_text(lang: Lang, period: str | None, title: str | None = None) -> str:
    parts = [pick(lang, msg.CITY)]
    if title:
        parts.append(title)
    if period:
        try:
            parts.append(fmt.period_label(period, lang))
        except ValueError:
            parts.append(str(period))
    return " · ".join(parts)


def _drop_repeated_title(body: str, title: str) -> str:
    """Remove the notebook's first ``h1`` when it repeats the page title shown in the header."""
    first = re.search(r"<h1[^>]*>(.*?)</h1>", body, re.IGNORECASE | re.DOTALL)
    if first is None:
        return body
    text = htmlmod.unescape(_TAG.sub("", _ANCHOR_LINK.sub("", first.group(1)))).strip().rstrip("¶").strip()
    if " ".join(text.split()).casefold() != " ".join(title.split()).casefold():
        return body
    return body[: first.start()] + body[first.end() :]


_IMG = re.compile(r"<img\b(?![^>]*\balt=)", re.IGNORECASE)
_TEXT_BLOCK = re.compile(r"<(p|h[1-4]|figcaption)\b[^>]*>(.*?)</\1>", re.IGNORECASE | re.DOTALL)


def add_alt_text(body: str, lang: Lang, limit: int = 300) -> str:
    """Give every ``<img>`` without one an ``alt`` text: the finding the page states just
    before the chart (the nearest preceding paragraph or heading), prefixed ``Grafik:`` /
    ``Chart:``, cut to ``limit`` characters. Charts come after the sentence that says what
    they show, so a screen reader hears that sentence; an image with its own ``alt`` is left alone.
    """
    out, last, said = [], 0, ""
    blocks = [(m.end(), m.group(2)) for m in _TEXT_BLOCK.finditer(body)]
    for match in _IMG.finditer(body):
        for end, inner in blocks:
            if end <= match.start():
                text = " ".join(htmlmod.unescape(_TAG.sub("", _ANCHOR_LINK.sub("", inner))).replace("¶", "").split())
                said = text or said
        sentence = said if len(said) <= limit else said[: limit - 1].rsplit(" ", 1)[0] + "…"
        alt = htmlmod.escape(f"{pick(lang, msg.CHART_WORD)}: {sentence}" if sentence else pick(lang, msg.CHART_WORD), quote=True)
        out.append(body[last:match.end()] + f' alt="{alt}"')
        last = match.end()
    return "".join(out) + body[last:]


def notebook_to_html(
    nb: nbformat.NotebookNode | Mapping[str, Any] | str | Path,
    *,
    title: str,
    lang: Lang = "id",
    period: str | None = None,
) -> str:
    """An executed analysis notebook as one self-contained HTML page.

    Parameters
    ----------
    nb
        The executed notebook (NotebookNode, dict, or a path to an ``.ipynb``).
    title
        The page title, shown in the header block and the browser tab.
    lang
        ``"id"`` or ``"en"``: the words around the content (contents, page footer).
    period
        The quarter shown in the header; default: the ``period`` papermill recorded.

    Returns
    -------
    str
        A complete HTML document: code cells hidden, stdout/stderr and bare text
        reprs hidden, figures inline, CSS and fonts inline, a table of contents from
        the ``h2``/``h3`` headings, no scripts and no external resources.
    """
    lang = check_lang(lang)
    notebook = keep_language(_as_notebook(nb), lang)
    params = notebook_parameters(notebook)
    period = period or params.get("period")
    body = add_alt_text(_drop_repeated_title(_render_body(notebook, ANALYSIS_TEMPLATE), title), lang)
    body, toc = add_toc(body, lang)
    meta_bits = []
    if period:
        meta_bits.append(fmt.period_label(str(period), lang))
    agency = params.get("agency")
    if agency and agency != "all":
        meta_bits.append(str(agency))
    meta_bits.append(f"{pick(lang, msg.GENERATED)} {fmt.date(pd.Timestamp.now(), lang)}")
    head = (
        '<header class="doc-header">'
        f'<div class="org">{htmlmod.escape(pick(lang, msg.CITY))}</div>'
        f'<h1 class="no-toc">{htmlmod.escape(title)}</h1>'
        f'<div class="meta">{htmlmod.escape(" · ".join(meta_bits))}</div></header>\n'
    )
    return _document(
        head + toc + body,
        title=title,
        lang=lang,
        header_text=_header_text(lang, period, title),
    )


def brief_to_html(
    nb: nbformat.NotebookNode | Mapping[str, Any] | str | Path,
    *,
    lang: Lang = "id",
    title: str | None = None,
) -> str:
    """The executed brief notebook as one self-contained HTML document (ready for PDF).

    Only the HTML the cells displayed is kept, in order; a table of contents (with
    page numbers in print) replaces :data:`TOC_MARKER` (displayed by
    :func:`cover_html`), or opens the document when there is no marker. The running
    header names the city, the report and the period recorded by papermill.
    """
    lang = check_lang(lang)
    notebook = _as_notebook(nb)
    params = notebook_parameters(notebook)
    body = _render_body(notebook, BRIEF_TEMPLATE)
    body, toc = add_toc(body, lang, levels=(2,))
    title = title or pick(lang, msg.BRIEF_TITLE)
    # papermill records only the injected parameters; the cover states the rest
    found = re.search(r'data-period="([^"]+)"', body)
    period = params.get("period") or (found.group(1) if found else None)
    found = re.search(r'data-agency="([^"]+)"', body)
    agency = params.get("agency") or (found.group(1) if found else None)
    header = _header_text(lang, period)
    if agency and agency != "all":
        header = f"{header} · {agency}"
    return _document(body, title=title, lang=lang, header_text=header, toc=toc)


#: WeasyPrint's PDF variant for every PDF: tagged, accessible (PDF/UA-1).
PDF_VARIANT = "pdf/ua-1"


def html_to_pdf(html: str, target: str | Path, base_url: str | Path | None = None) -> Path:
    """Render HTML to an A4 PDF with WeasyPrint and write it atomically to ``target``.

    The page set-up (A4, running header, "Halaman X dari Y" footer, break rules)
    comes from the document's own CSS (see :func:`page_css`). ``base_url`` resolves
    relative links, if any (the documents made here have none).

    The PDF is tagged (PDF/UA-1, :data:`PDF_VARIANT`): a structure tree for screen
    readers, the document's language (``<html lang>``), its title (``<title>``) and
    every image's ``alt`` text as the figure's alternate description.
    """
    from weasyprint import HTML

    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.tmp")
    try:
        HTML(string=html, base_url=str(base_url) if base_url is not None else None).write_pdf(
            tmp, pdf_variant=PDF_VARIANT)
        tmp.replace(target)
    finally:
        tmp.unlink(missing_ok=True)
    return target


# --------------------------------------------------------------------------- the brief's cover


def cover_html(
    *,
    period: str,
    lang: Lang = "id",
    scope: str | None = None,
    title: str | None = None,
    date: object | None = None,
    note: str | None = None,
    agency: str | None = None,
) -> str:
    """The brief's cover page (city, title, "Triwulan III 2026", scope, date) and the TOC slot.

    The cover carries ``data-period`` (and ``data-agency``) so :func:`brief_to_html`
    can name the period in the running header whatever parameters papermill recorded.
    """
    lang = check_lang(lang)
    when = fmt.date(pd.Timestamp.now() if date is None else date, lang)
    dated = pick(lang, msg.DATED)
    scope_html = f'<div class="cover-scope">{htmlmod.escape(scope)}</div>' if scope else ""
    note_html = f'<p class="note">{htmlmod.escape(note)}</p>' if note else ""
    return (
        f'<section class="cover" data-period="{htmlmod.escape(period)}"'
        + (f' data-agency="{htmlmod.escape(agency)}"' if agency and agency != "all" else "")
        + ">"
        f'<div class="cover-org">{pick(lang, msg.CITY)}</div><div class="cover-band"></div>'
        f'<h1 class="no-toc">{htmlmod.escape(title or pick(lang, msg.BRIEF_TITLE))}</h1>'
        f'<div class="cover-sub">{fmt.period_label(period, lang)}</div>{scope_html}'
        f'<div class="cover-meta">{dated}: {when}</div>{note_html}</section>'
        f"<section class=\"toc-page\">{TOC_MARKER}</section>"
    )


# --------------------------------------------------------------------------- index of periods


def sparkline_svg(
    values: Sequence[float | None], *, width: int = 96, height: int = 24, color: str = PRIMARY
) -> str:
    """A small inline-SVG line of ``values`` (missing values break the line; last point marked)."""
    points = [(i, float(v)) for i, v in enumerate(values) if v is not None and v == v]
    if not points:
        return ""
    ys = [y for _, y in points]
    lo, hi = min(ys), max(ys)
    span = hi - lo or 1.0
    n = max(len(values) - 1, 1)
    pad = 3

    def xy(i: int, y: float) -> tuple[float, float]:
        x = pad + (width - 2 * pad) * (i / n if len(values) > 1 else 0.5)
        yy = height - pad - (height - 2 * pad) * ((y - lo) / span if hi > lo else 0.5)
        return round(x, 1), round(yy, 1)

    coords = " ".join(f"{x},{y}" for x, y in (xy(i, v) for i, v in points))
    lx, ly = xy(*points[-1])
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-hidden="true">'
        f'<polyline fill="none" stroke="{color}" stroke-width="1.6" stroke-linejoin="round" points="{coords}"/>'
        f'<circle cx="{lx}" cy="{ly}" r="2.4" fill="{color}"/></svg>'
    )


def _format_key(code: str, value: float | None, lang: Lang) -> str:
    try:
        return format_value(value, metric_spec(code).unit, lang)
    except KeyError:
        return fmt.number(value, lang)


def _label_key(code: str, lang: Lang) -> str:
    try:
        return metric_label(code, lang, short=True)
    except KeyError:
        return code


def _spark_html(code: str, series: Sequence[tuple[str, float | None]], lang: Lang) -> str:
    """One key number's label, trend line over ``series`` ((period, value) pairs) and last value; ``""`` if empty."""
    ordered_series = sorted(series, key=lambda pv: period_index(str(pv[0])))
    values = [None if v is None else float(v) for _, v in ordered_series]
    if not values:
        return ""
    first_label = fmt.period_label(str(ordered_series[0][0]), lang)
    last_label = fmt.period_label(str(ordered_series[-1][0]), lang)
    return (
        f'<span class="spark" title="{htmlmod.escape(first_label)} – {htmlmod.escape(last_label)}">'
        f'<span class="spark-label">{htmlmod.escape(_label_key(code, lang))}</span>{sparkline_svg(values)}'
        f'<span class="spark-value">{htmlmod.escape(_format_key(code, values[-1], lang))}</span></span>'
    )


def index_html(periods: Sequence[Mapping[str, Any]], lang: Lang = "id") -> str:
    """The page ``reports/index.html``: every period with its links and small trend lines.

    Parameters
    ----------
    periods
        One mapping per period: ``{"period": "2026Q3", "links": {label: href},
        "key_numbers": {code: [(period, value), ...]}}``. ``key_numbers`` is
        optional; codes known to :mod:`analysis.brief.metrics` get their label and
        format (percent, points, ...), other codes are shown as they are. Periods
        are listed newest first whatever the input order.
    lang
        ``"id"`` or ``"en"``.
    """
    lang = check_lang(lang)
    ordered = sorted(periods, key=lambda p: period_index(str(p["period"])), reverse=True)
    items = []
    for entry in ordered:
        period = str(entry["period"])
        links = " ".join(
            f'<a href="{htmlmod.escape(str(href), quote=True)}">{htmlmod.escape(str(label))}</a>'
            for label, href in (entry.get("links") or {}).items()
        )
        sparks = [_spark_html(code, series, lang) for code, series in (entry.get("key_numbers") or {}).items()]
        sparks = [spark for spark in sparks if spark]
        spark_html = f'<div class="sparks">{"".join(sparks)}</div>' if sparks else ""
        items.append(
            f'<li id="p{htmlmod.escape(period)}"><h2>{fmt.period_label(period, lang)}</h2>'
            f'<div class="links">{links}</div>{spark_html}</li>'
        )
    listing = f'<ul class="periods">{"".join(items)}</ul>' if items else f"<p>{pick(lang, msg.NO_PERIODS)}</p>"
    title = pick(lang, msg.INDEX_TITLE)
    head = (
        '<header class="doc-header">'
        f'<div class="org">{pick(lang, msg.CITY)}</div><h1>{title}</h1>'
        f'<div class="meta">{pick(lang, msg.REPORTS_BY_QUARTER)} · {pick(lang, msg.GENERATED)} '
        f"{fmt.date(pd.Timestamp.now(), lang)}</div>"
        "</header>"
    )
    return _document(head + listing, title=title, lang=lang, header_text=None)


def agency_index_html(period: str, agencies: Sequence[Mapping[str, Any]], lang: Lang = "id") -> str:
    """The page ``reports/<period>/opd/index.html``: every agency brief of the quarter.

    ``agencies``: one mapping per agency, ``{"name": ..., "code": ..., "links": {label: href}}``
    (hrefs relative to the ``opd/`` folder), listed by name.
    """
    lang = check_lang(lang)
    rows = []
    for entry in sorted(agencies, key=lambda a: str(a.get("name") or a.get("code"))):
        links = " ".join(
            f'<a href="{htmlmod.escape(str(href), quote=True)}">{htmlmod.escape(str(label))}</a>'
            for label, href in (entry.get("links") or {}).items()
        )
        rows.append(f'<tr><th scope="row">{htmlmod.escape(str(entry.get("name") or entry.get("code")))}</th>'
                    f"<td>{htmlmod.escape(str(entry.get('code', '')))}</td><td>{links}</td></tr>")
    title = f"{pick(lang, msg.AGENCY_INDEX_TITLE)} · {fmt.period_label(period, lang)}"
    head = (
        '<header class="doc-header">'
        f'<div class="org">{pick(lang, msg.CITY)}</div><h1>{htmlmod.escape(title)}</h1>'
        f'<div class="meta"><a href="../../index.html">'
        f"{pick(lang, msg.ALL_QUARTERS)}</a></div></header>"
    )
    table = (
        f'<table class="agency-index"><caption>{htmlmod.escape(pick(lang, msg.AGENCY_INDEX_CAPTION))}</caption>'
        f'<thead><tr><th scope="col">{pick(lang, msg.AGENCY_COLUMN)}</th><th scope="col">'
        f'{pick(lang, msg.AGENCY_CODE_COLUMN)}</th><th scope="col">{pick(lang, msg.FILES_COLUMN)}</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )
    return _document(head + table, title=title, lang=lang, header_text=None)

