"""HTML fragments with no domain knowledge: paragraphs, lists, tables, figures, sections.

The brief's cells and the analysis pages build their HTML from these pieces; the
document around them (fonts, CSS, running header, PDF) is the report layer's
(:mod:`analysis.report.render`). Numbers in tables are written by
:mod:`analysis.text.fmt`, so the decimal comma and the words follow the language.

Every piece returns a string and never escapes twice: plain text given here is
escaped, HTML given as HTML (``html_columns`` of :func:`table_html`, the parts of
:func:`section_html`, the items of :func:`bullet_list`) is inserted as it is.
"""

from __future__ import annotations

import base64
import html as htmlmod
import io
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import pandas as pd

from analysis.data.disclosure import (
    SUPPRESSION_COLUMN,
    DisclosurePolicy,
    cell_marks,
    disclose,
    load_policy,
)
from analysis.text import fmt
from analysis.text.lang import Lang, check_lang
from analysis.text.phrases import suppression_notes

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["bullet_list", "figure_html", "paragraph", "section_html", "table_html"]


def paragraph(text: str) -> str:
    """A paragraph of generated text (escaped; ``**bold**`` becomes ``<strong>``)."""
    escaped = htmlmod.escape(text)
    return "<p>" + re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", escaped) + "</p>"


def bullet_list(items: Sequence[str]) -> str:
    """Items (already HTML) as a ``<ul>``."""
    return "<ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>"


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


def _named_formats(lang: Lang) -> dict[str, Callable[[Any], str]]:
    """The cell formats :func:`table_html` knows by name."""
    return {
        "number": lambda v: fmt.number(v, lang),
        "int": lambda v: fmt.number(v, lang, 0),
        "percent": lambda v: fmt.percent(v, lang),
        "money": lambda v: fmt.money(v, lang),
        "points": lambda v: fmt.points(v, lang),
    }


def _cell_text(value: Any, formatter: Callable[[Any], str] | None, numeric: bool, raw: bool, lang: Lang) -> str:
    """One cell's content: raw HTML, a formatted value, a number, or escaped text (``–`` when missing)."""
    if raw:
        return "" if value is None else str(value)
    if formatter is not None:
        return htmlmod.escape(formatter(value))
    if numeric:
        return htmlmod.escape(fmt.number(value, lang))
    missing = value is None or value is pd.NA or (isinstance(value, float) and value != value)
    return htmlmod.escape(fmt.MISSING if missing else str(value))


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
    column; the numbers of a suppressed row (money in ``*_idr`` columns excepted) and the
    suppressed rate cells are shown as the mark ``<5`` (a small cell) or ``x`` (hidden so
    that a small cell cannot be worked out), the flag columns are not shown, and a footnote
    per mark under the table says why in the page's language.

    ``formats`` maps a column to a function or to one of ``"number"``, ``"int"``,
    ``"percent"``, ``"money"``, ``"points"``; other numeric columns get
    :func:`analysis.text.fmt.number` with one decimal. ``labels`` renames headers (each
    header keeps its column's code in ``data-column``, which the privacy audit reads);
    ``html_columns`` are inserted unescaped (e.g. traffic-light pills).
    """
    lang = check_lang(lang)
    policy = policy if policy is not None else load_policy()
    if "suppressed" not in frame.columns:
        frame = disclose(frame, policy)
    marks = cell_marks(frame, policy)
    frame = frame.drop(columns=["suppressed", SUPPRESSION_COLUMN], errors="ignore")
    formats = dict(formats or {})
    labels = dict(labels or {})
    raw = set(html_columns)
    columns = list(frame.columns)
    named = _named_formats(lang)
    writers = {c: named[f] if isinstance(f, str) else f for c, f in formats.items() if c in columns}
    numeric = {c: _is_number(frame[c]) or isinstance(formats.get(c), str) for c in columns}
    head = [
        f'<th class="{"num" if numeric[c] else "text"}" scope="col" data-column="{htmlmod.escape(str(c))}">'
        f'{htmlmod.escape(labels.get(c, str(c)))}</th>'
        for c in columns
    ]
    rows = []
    for record, row_marks in zip(frame.itertuples(index=False, name=None), marks.itertuples(index=False, name=None),
                                 strict=True):
        cells = [
            f'<td class="{"num" if numeric[c] else "text"}">'
            + (htmlmod.escape(mark) if mark else _cell_text(v, writers.get(c), numeric[c], c in raw, lang))
            + "</td>"
            for c, v, mark in zip(columns, record, row_marks, strict=True)
        ]
        rows.append("<tr>" + "".join(cells) + "</tr>")
    cap = f"<caption>{htmlmod.escape(caption)}</caption>" if caption else ""
    # a wide table scrolls inside its wrapper: keyboard users can focus it (WCAG 2.1.1)
    columns_label = ", ".join(labels.get(c, str(c)) for c in columns[:3])
    cls = f' class="{css_class}"' if css_class else ""
    used = {m for m in marks.to_numpy().ravel() if m}
    foot = "".join(f'<p class="table-note suppressed-note">{htmlmod.escape(note)}</p>'
                   for note in suppression_notes(used, lang, policy.min_people))
    return (
        f'<div class="table-wrap" tabindex="0" role="region" aria-label="{htmlmod.escape(caption or columns_label, quote=True)}">'
        f'<table{cls}>{cap}<thead><tr>{"".join(head)}</tr></thead>'
        f'<tbody>{"".join(rows)}</tbody></table>{foot}</div>'
    )


def section_html(
    title: str | None,
    *parts: str,
    level: int = 2,
    section_id: str | None = None,
    keep_together: bool = False,
    css_class: str = "chapter",
) -> str:
    """One section: a heading and its parts (paragraph HTML, figures, tables).

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
