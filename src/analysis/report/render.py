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
:func:`html_to_pdf`, :func:`index_html`, and the fragment helpers the brief's
cells use (:func:`cover_html`, :func:`section_html`, :func:`paragraph`,
:func:`figure_html`, :func:`table_html`, :func:`kpi_cards_html`, :func:`light_html`).
Fonts: :func:`font_faces_css` (subset once, cached on disk).
"""

from __future__ import annotations

import base64
import hashlib
import html as htmlmod
import io
import os
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from analysis.charts.theme import PRIMARY, font_files
from analysis.data.disclosure import DisclosurePolicy, disclose, load_policy
from analysis.data.periods import period_index
from analysis.text import fmt
from analysis.text.fmt import Lang, check_lang
from analysis.text.phrases import suppressed_note

if TYPE_CHECKING:
    import nbformat
    from matplotlib.figure import Figure

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
ANALYSIS_TEMPLATE = "kompetensi_analysis"
BRIEF_TEMPLATE = "kompetensi_brief"
#: Marker a brief cell may display where the table of contents goes (see :func:`cover_html`).
TOC_MARKER = "<!--kompetensi:toc-->"

CITY = {"id": "Pemerintah Kota Binjai", "en": "City Government of Binjai"}
BRIEF_TITLE = {
    "id": "Laporan Triwulanan Pengembangan Kompetensi ASN",
    "en": "Quarterly Report on ASN Competency Development",
}
_WORDS = {
    "id": {
        "toc": "Daftar Isi",
        "page": 'counter(page) " dari " counter(pages)',
        "page_word": "Halaman",
        "generated": "Dibuat",
        "reports": "Laporan per triwulan",
        "index_title": "Laporan Pengembangan Kompetensi ASN",
        "no_periods": "Belum ada laporan.",
        "light": {
            "green": "Tercapai",
            "amber": "Perlu perhatian",
            "red": "Di bawah target",
            "none": "Tanpa target",
            "no_data": "Tidak ada data",
            "insufficient": "Data belum cukup",
        },
    },
    "en": {
        "toc": "Contents",
        "page": 'counter(page) " of " counter(pages)',
        "page_word": "Page",
        "generated": "Generated",
        "reports": "Reports by quarter",
        "index_title": "ASN Competency Development Reports",
        "no_periods": "No reports yet.",
        "light": {
            "green": "On target",
            "amber": "Needs attention",
            "red": "Off target",
            "none": "No target",
            "no_data": "No data",
            "insufficient": "Not enough data",
        },
    },
}

# Characters the embedded font subset keeps (Latin, punctuation, currency, math signs, arrows,
# the traffic-light shapes); anything else falls back to the system's sans-serif.
_FONT_UNICODES: tuple[int, ...] = (
    *range(0x20, 0x7F),
    *range(0xA0, 0x180),
    *range(0x2000, 0x2070),
    0x20AC,
    0x2116,
    0x2190,
    0x2191,
    0x2192,
    0x2193,
    0x2212,
    0x2248,
    0x2264,
    0x2265,
    0x25A0,
    0x25B2,
    0x25BC,
    0x25CB,
    0x25CF,
)
_FACES = (("Regular", 400, "normal"), ("Semibold", 600, "normal"), ("Bold", 700, "normal"), ("It", 400, "italic"))


# --------------------------------------------------------------------------- fonts and CSS


def _font_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "kompetensi" / "fonts"


def _subset_woff(path: Path) -> bytes:
    """The face at ``path`` subset to :data:`_FONT_UNICODES` as WOFF (cached on disk when possible).

    Subsetting takes a fraction of a second per face; the result is kept in
    ``$XDG_CACHE_HOME/kompetensi/fonts`` (default ``~/.cache``), keyed by the
    source file's size and modification time and the character list, so later
    processes read it instead. An unwritable cache is simply not used.
    """
    from fontTools import subset
    from fontTools.ttLib import TTFont

    stat = path.stat()
    key = hashlib.sha256(
        f"{path.name}|{stat.st_size}|{stat.st_mtime_ns}|{_FONT_UNICODES}|woff1".encode()
    ).hexdigest()[:20]
    cached = _font_cache_dir() / f"{path.stem}-{key}.woff"
    try:
        return cached.read_bytes()
    except OSError:
        pass
    options = subset.Options()
    options.flavor = "woff"
    options.with_zopfli = False
    options.notdef_outline = True
    font = TTFont(str(path))
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=_FONT_UNICODES)
    subsetter.subset(font)
    buffer = io.BytesIO()
    font.flavor = "woff"
    font.save(buffer)
    data = buffer.getvalue()
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        tmp = cached.with_name(f".{cached.name}.{os.getpid()}.tmp")
        tmp.write_bytes(data)
        tmp.replace(cached)
    except OSError:
        pass
    return data


@lru_cache(maxsize=1)
def font_faces_css() -> str:
    """``@font-face`` rules embedding Source Sans Pro as WOFF data URIs (cached per process).

    The faces are subset to Latin text, punctuation and a few symbols (about 24 kB
    each) with fontTools, from the TTF files of the installed ``font-source-sans-pro``
    package (see :func:`_subset_woff`). Returns ``""`` when the package or
    fontTools is missing (the CSS then falls back to the system's sans-serif).
    """
    files = {p.stem.split("-", 1)[1]: p for p in font_files()}
    try:
        import fontTools  # noqa: F401
    except ImportError:  # pragma: no cover - fontTools comes with WeasyPrint
        return ""
    rules = []
    for face, weight, style in _FACES:
        path = files.get(face)
        if path is None:
            continue
        data = base64.b64encode(_subset_woff(path)).decode("ascii")
        rules.append(
            "@font-face { font-family: 'Source Sans Pro'; "
            f"font-weight: {weight}; font-style: {style}; "
            f"src: url(data:font/woff;base64,{data}) format('woff'); }}"
        )
    return "\n".join(rules)


@lru_cache(maxsize=1)
def _base_css() -> str:
    return (TEMPLATES_DIR / "report.css").read_text(encoding="utf-8")


def page_css(lang: Lang, *, header: bool = True) -> str:
    """The ``@page`` rules for A4 print: margins, running header, "Halaman X dari Y" footer.

    The running header is the document's ``.running-header`` element (city name and
    period); the first page (cover or title) carries neither header nor footer rule line.
    """
    words = _WORDS[check_lang(lang)]
    top = "content: element(pageHeader);" if header else ""
    return f"""
@page {{
  size: A4;
  margin: 22mm 18mm 20mm 18mm;
  @top-left {{ {top} vertical-align: bottom; padding-bottom: 3mm; border-bottom: 0.5pt solid #D0D7DE; width: 100%; }}
  @bottom-right {{ content: "{words['page_word']} " {words['page']}; font-family: 'Source Sans Pro', sans-serif; font-size: 8.5pt; color: #5A5A5A; }}
  @bottom-left {{ content: "{CITY[lang]}"; font-family: 'Source Sans Pro', sans-serif; font-size: 8.5pt; color: #5A5A5A; }}
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
    words = _WORDS[check_lang(lang)]
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
        f'<nav class="toc" aria-label="{words["toc"]}">'
        f'<p class="toc-title">{words["toc"]}</p>\n<ol>\n{items}\n</ol></nav>'
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


def _header_text(lang: Lang, period: str | None, title: str | None = None) -> str:
    parts = [CITY[lang]]
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
    notebook = _as_notebook(nb)
    params = notebook_parameters(notebook)
    period = period or params.get("period")
    body = _drop_repeated_title(_render_body(notebook, ANALYSIS_TEMPLATE), title)
    body, toc = add_toc(body, lang)
    meta_bits = []
    if period:
        meta_bits.append(fmt.period_label(str(period), lang))
    agency = params.get("agency")
    if agency and agency != "all":
        meta_bits.append(str(agency))
    meta_bits.append(f"{_WORDS[lang]['generated']} {fmt.date(pd.Timestamp.now(), lang)}")
    head = (
        '<header class="doc-header">'
        f'<div class="org">{htmlmod.escape(CITY[lang])}</div>'
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
    title = title or BRIEF_TITLE[lang]
    # papermill records only the injected parameters; the cover states the rest
    found = re.search(r'data-period="([^"]+)"', body)
    period = params.get("period") or (found.group(1) if found else None)
    found = re.search(r'data-agency="([^"]+)"', body)
    agency = params.get("agency") or (found.group(1) if found else None)
    header = _header_text(lang, period)
    if agency and agency != "all":
        header = f"{header} · {agency}"
    return _document(body, title=title, lang=lang, header_text=header, toc=toc)


def html_to_pdf(html: str, target: str | Path, base_url: str | Path | None = None) -> Path:
    """Render HTML to an A4 PDF with WeasyPrint and write it atomically to ``target``.

    The page set-up (A4, running header, "Halaman X dari Y" footer, break rules)
    comes from the document's own CSS (see :func:`page_css`). ``base_url`` resolves
    relative links, if any (the documents made here have none).
    """
    from weasyprint import HTML

    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.tmp")
    try:
        HTML(string=html, base_url=str(base_url) if base_url is not None else None).write_pdf(tmp)
        tmp.replace(target)
    finally:
        tmp.unlink(missing_ok=True)
    return target


# --------------------------------------------------------------------------- fragments for brief cells


def figure_html(
    fig: Figure,
    *,
    caption: str | None = None,
    alt: str | None = None,
    close: bool = True,
    image_format: str = "png",
    dpi: int = 200,
) -> str:
    """A matplotlib figure as an inline ``<figure>`` (data URI), shown at its size in inches.

    ``image_format`` ``"png"`` (default: 200 dpi, sharp in print and quick for
    WeasyPrint) or ``"svg"`` (vector, text drawn as outlines so it looks the same
    everywhere; several times slower to lay out in a PDF). ``close`` closes the
    figure so the notebook does not also show it as a stray image.
    """
    import matplotlib.pyplot as plt

    if image_format not in ("png", "svg"):
        raise ValueError(f"image_format must be 'png' or 'svg'; got {image_format!r}")
    buffer = io.BytesIO()
    if image_format == "svg":
        with plt.rc_context({"svg.fonttype": "path", "svg.hashsalt": "kompetensi"}):
            fig.savefig(buffer, format="svg", bbox_inches="tight")
        mime, width_in = "image/svg+xml", None
    else:
        fig.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight")
        from PIL import Image

        mime = "image/png"
        buffer.seek(0)
        with Image.open(buffer) as image:
            width_in = image.size[0] / dpi
    if close:
        plt.close(fig)
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    alt_text = htmlmod.escape(alt or caption or "")
    style = f' style="width:{width_in:.2f}in"' if width_in else ""
    cap = f"<figcaption>{caption}</figcaption>" if caption else ""
    return f'<figure><img src="data:{mime};base64,{data}" alt="{alt_text}"{style}>{cap}</figure>'


def _is_number(series: pd.Series) -> bool:
    return pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series)


def table_html(
    frame: pd.DataFrame,
    *,
    lang: Lang = "id",
    formats: Mapping[str, Callable[[Any], str] | str] | None = None,
    caption: str | None = None,
    labels: Mapping[str, str] | None = None,
    html_columns: Iterable[str] = (),
    css_class: str = "",
    policy: DisclosurePolicy | None = None,
) -> str:
    """A frame as a styled HTML table: zebra rows, numbers right-aligned and formatted.

    Disclosure control (``docs/disclosure.md``): the frame goes through
    :func:`analysis.data.disclosure.disclose` unless it already carries its ``suppressed``
    column; the numbers of a suppressed row are shown as the mark ``<5``, the flag column
    is not shown, and a footnote under the table says why in the page's language.

    ``formats`` maps a column to a function or to one of ``"number"``, ``"int"``,
    ``"percent"``, ``"money"``, ``"points"``; other numeric columns get
    :func:`analysis.text.fmt.number` with one decimal. ``labels`` renames headers;
    ``html_columns`` are inserted unescaped (e.g. traffic-light pills).
    """
    lang = check_lang(lang)
    policy = policy if policy is not None else load_policy()
    if "suppressed" not in frame.columns:
        frame = disclose(frame, policy)
    hidden = (frame["suppressed"].fillna(False).astype(bool).tolist() if "suppressed" in frame.columns
              else [False] * len(frame))
    frame = frame.drop(columns=["suppressed"], errors="ignore")
    formats = dict(formats or {})
    labels = dict(labels or {})
    raw = set(html_columns)
    named: dict[str, Callable[[Any], str]] = {
        "number": lambda v: fmt.number(v, lang),
        "int": lambda v: fmt.number(v, lang, 0),
        "percent": lambda v: fmt.percent(v, lang),
        "money": lambda v: fmt.money(v, lang),
        "points": lambda v: fmt.points(v, lang),
    }
    head = []
    columns = list(frame.columns)
    numeric = {c: _is_number(frame[c]) or isinstance(formats.get(c), str) for c in columns}
    for c in columns:
        cls = "num" if numeric[c] else "text"
        head.append(f'<th class="{cls}" scope="col">{htmlmod.escape(labels.get(c, str(c)))}</th>')
    rows = []
    for record, suppressed in zip(frame.itertuples(index=False, name=None), hidden, strict=True):
        cells = []
        for c, v in zip(columns, record, strict=True):
            f = formats.get(c)
            if isinstance(f, str):
                f = named[f]
            if suppressed and numeric[c] and not str(c).endswith("_idr"):
                text = htmlmod.escape(policy.mark)
            elif c in raw:
                text = "" if v is None else str(v)
            elif f is not None:
                text = htmlmod.escape(f(v))
            elif numeric[c]:
                text = htmlmod.escape(fmt.number(v, lang))
            else:
                text = htmlmod.escape(fmt.MISSING if v is None or v is pd.NA or (isinstance(v, float) and v != v) else str(v))
            cells.append(f'<td class="{"num" if numeric[c] else "text"}">{text}</td>')
        rows.append("<tr>" + "".join(cells) + "</tr>")
    cap = f"<caption>{htmlmod.escape(caption)}</caption>" if caption else ""
    cls = f' class="{css_class}"' if css_class else ""
    foot = (f'<p class="table-note suppressed-note">{htmlmod.escape(policy.mark)} '
            f'{htmlmod.escape(suppressed_note(lang, policy.min_people))}</p>' if any(hidden) else "")
    return (
        f'<div class="table-wrap"><table{cls}>{cap}<thead><tr>{"".join(head)}</tr></thead>'
        f'<tbody>{"".join(rows)}</tbody></table>{foot}</div>'
    )


def light_html(status: str | None, lang: Lang = "id") -> str:
    """A traffic-light pill: colour, a shape (● ▲ ■) and a word, so it reads in grey print."""
    words = _WORDS[check_lang(lang)]["light"]
    key = status if status in words else "none"
    return f'<span class="light light-{key}">{words[key]}</span>'


def light_word(status: str | None, lang: Lang = "id") -> str:
    """The word of a traffic light as :func:`light_html` writes it ("Tercapai", "Off target", ...)."""
    words = _WORDS[check_lang(lang)]["light"]
    return words[status if status in words else "none"]


def section_html(
    title: str | None,
    *parts: str,
    level: int = 2,
    section_id: str | None = None,
    keep_together: bool = False,
    css_class: str = "chapter",
) -> str:
    """One brief section: a heading and its parts (paragraph HTML, figures, tables).

    The heading, its lede and the first chart or table (within the first three
    parts) are wrapped in a ``.keep`` block so print never splits a heading from
    the chart it introduces; ``keep_together`` keeps the whole section on one page.
    """
    hid = f' id="{section_id}"' if section_id else ""
    heading = f"<h{level}{hid}>{htmlmod.escape(title)}</h{level}>" if title else ""
    parts = tuple(p for p in parts if p)
    # keep the heading with its lede and the first chart/table that follows it
    cut = 1
    for i, part in enumerate(parts[:3]):
        if "<figure" in part or "<table" in part:
            cut = i + 1
            break
    first, rest = parts[:cut], parts[cut:]
    inner = f'<div class="keep">{heading}{"".join(first)}</div>' + "".join(rest)
    if keep_together:
        inner = f'<div class="keep">{inner}</div>'
    return f'<section class="{css_class}">{inner}</section>'


def paragraph(text: str) -> str:
    """A paragraph of generated text (escaped; ``**bold**`` becomes ``<strong>``)."""
    escaped = htmlmod.escape(text)
    return "<p>" + re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", escaped) + "</p>"


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
    dated = "Tanggal" if lang == "id" else "Date"
    scope_html = f'<div class="cover-scope">{htmlmod.escape(scope)}</div>' if scope else ""
    note_html = f'<p class="note">{htmlmod.escape(note)}</p>' if note else ""
    return (
        f'<section class="cover" data-period="{htmlmod.escape(period)}"'
        + (f' data-agency="{htmlmod.escape(agency)}"' if agency and agency != "all" else "")
        + ">"
        f'<div class="cover-org">{CITY[lang]}</div><div class="cover-band"></div>'
        f'<h1 class="no-toc">{htmlmod.escape(title or BRIEF_TITLE[lang])}</h1>'
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
    from analysis.brief.headline import format_value, metric_spec

    try:
        return format_value(value, metric_spec(code).unit, lang)
    except KeyError:
        return fmt.number(value, lang)


def _label_key(code: str, lang: Lang) -> str:
    from analysis.brief.headline import metric_label

    try:
        return metric_label(code, lang, short=True)
    except KeyError:
        return code


def index_html(periods: Sequence[Mapping[str, Any]], lang: Lang = "id") -> str:
    """The page ``reports/index.html``: every period with its links and small trend lines.

    Parameters
    ----------
    periods
        One mapping per period: ``{"period": "2026Q3", "links": {label: href},
        "key_numbers": {code: [(period, value), ...]}}``. ``key_numbers`` is
        optional; codes known to :mod:`analysis.brief.headline` get their label and
        format (percent, points, ...), other codes are shown as they are. Periods
        are listed newest first whatever the input order.
    lang
        ``"id"`` or ``"en"``.
    """
    lang = check_lang(lang)
    words = _WORDS[lang]
    ordered = sorted(periods, key=lambda p: period_index(str(p["period"])), reverse=True)
    items = []
    for entry in ordered:
        period = str(entry["period"])
        links = " ".join(
            f'<a href="{htmlmod.escape(str(href), quote=True)}">{htmlmod.escape(str(label))}</a>'
            for label, href in (entry.get("links") or {}).items()
        )
        sparks = []
        for code, series in (entry.get("key_numbers") or {}).items():
            ordered_series = sorted(series, key=lambda pv: period_index(str(pv[0])))
            values = [None if v is None else float(v) for _, v in ordered_series]
            if not values:
                continue
            last = values[-1]
            first_label = fmt.period_label(str(ordered_series[0][0]), lang)
            last_label = fmt.period_label(str(ordered_series[-1][0]), lang)
            sparks.append(
                f'<span class="spark" title="{htmlmod.escape(first_label)} – {htmlmod.escape(last_label)}">'
                f'<span class="spark-label">{htmlmod.escape(_label_key(code, lang))}</span>{sparkline_svg(values)}'
                f'<span class="spark-value">{htmlmod.escape(_format_key(code, last, lang))}</span></span>'
            )
        spark_html = f'<div class="sparks">{"".join(sparks)}</div>' if sparks else ""
        items.append(
            f'<li id="p{htmlmod.escape(period)}"><h2>{fmt.period_label(period, lang)}</h2>'
            f'<div class="links">{links}</div>{spark_html}</li>'
        )
    listing = f'<ul class="periods">{"".join(items)}</ul>' if items else f"<p>{words['no_periods']}</p>"
    head = (
        '<header class="doc-header">'
        f'<div class="org">{CITY[lang]}</div><h1>{words["index_title"]}</h1>'
        f'<div class="meta">{words["reports"]} · {words["generated"]} {fmt.date(pd.Timestamp.now(), lang)}</div>'
        "</header>"
    )
    return _document(head + listing, title=words["index_title"], lang=lang, header_text=None)


def kpi_cards_html(cards: Iterable[Mapping[str, str]], lang: Lang = "id") -> str:
    """Key-number cards: each mapping has ``label``, ``value``, ``change``, ``ci`` and ``status``.

    The card's top rule takes the traffic-light colour and the pill repeats it in
    words, so the status survives grey print.
    """
    out = []
    for card in cards:
        status = str(card.get("status", "none"))
        out.append(
            f'<div class="kpi-card kpi-{htmlmod.escape(status)}">'
            f'<div class="kpi-label">{htmlmod.escape(str(card.get("label", "")))}</div>'
            f'<div class="kpi-value">{htmlmod.escape(str(card.get("value", "")))}</div>'
            f'<div class="kpi-change">{htmlmod.escape(str(card.get("change", "")))}</div>'
            f'<div class="kpi-ci">{htmlmod.escape(str(card.get("ci", "")))}</div>'
            f"<div>{light_html(status, lang)}</div></div>"
        )
    return f'<div class="kpis">{"".join(out)}</div>'
