"""The hypothesis page: one row per hypothesis in plain words, the forest plot, HTML and PDF.

:func:`page_body` is the HTML fragment (intro, register status, table, forest plot,
designs) that the notebook ``60_hypotheses`` displays and the report engine turns
into the report's page; :func:`page_html` wraps it into a stand-alone A4 document for
``kompetensi hypotheses`` and :func:`write_pdf` prints that with WeasyPrint.
"""

from __future__ import annotations

import base64
import html
import io
import re
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from analysis.charts.theme import GREY, INK, PRIMARY, font_files
from analysis.charts.vision import readable_text
from analysis.hypotheses import messages as msg
from analysis.hypotheses import narrative
from analysis.hypotheses.catalogue import DESIGN_LABELS
from analysis.hypotheses.plots import VERDICT_COLOURS
from analysis.text import fmt
from analysis.text.lang import Lang, check_lang, pick

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from analysis.hypotheses.run import HypothesisResults

#: Styles of the page's own elements; carried inside the fragment, so the report's page has them too.
FRAGMENT_CSS = f"""
.registry {{ border-left: 4px solid {PRIMARY}; padding: 0.4rem 0.8rem; background: #F3F7FB; margin: 0.8rem 0; }}
.registry.changed {{ border-left-color: {VERDICT_COLOURS['not_supported']}; background: #FDF1EC; font-weight: 600; }}
table.hypotheses {{ border-collapse: collapse; width: 100%; font-size: 9pt; margin: 0.8rem 0;
                    break-inside: auto; page-break-inside: auto; }}
table.hypotheses th {{ text-align: left; border-bottom: 1.5px solid {INK}; padding: 0.3rem; vertical-align: bottom; }}
table.hypotheses td {{ border-bottom: 0.5px solid #D0D7DE; padding: 0.35rem 0.3rem; vertical-align: top; }}
table.hypotheses tr {{ break-inside: avoid; page-break-inside: avoid; }}
table.hypotheses .small {{ color: {GREY}; font-size: 8pt; margin-top: 0.2rem; }}
table.hypotheses .verdict {{ font-weight: 700; }}
"""
#: Styles of the stand-alone page (``kompetensi hypotheses``): the body and A4 print.
CSS = f"""
body {{ font-family: 'Source Sans Pro', 'Source Sans 3', 'Segoe UI', Arial, sans-serif; color: {INK};
        font-size: 10.5pt; line-height: 1.4; max-width: 60rem; margin: 1.5rem auto; padding: 0 1rem; }}
h1 {{ color: {PRIMARY}; font-size: 18pt; margin-bottom: 0.2rem; }}
.meta {{ color: {GREY}; margin-bottom: 1rem; }}
figure {{ margin: 1rem 0; page-break-inside: avoid; }}
figure img {{ max-width: 100%; }}
@page {{ size: A4; margin: 18mm 15mm 18mm 15mm;
         @bottom-right {{ content: counter(page) " / " counter(pages); font-size: 8pt; color: {GREY}; }} }}
"""


def _inline_markdown(text: str) -> str:
    """``**bold**`` and ``*italic*`` of a message, after escaping the rest."""
    out = html.escape(text)
    out = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", out)
    return re.sub(r"\*(.+?)\*", r"<em>\1</em>", out)


def intro_text(results: HypothesisResults, lang: Lang) -> str:
    """The opening paragraph (markdown): the file, how many hypotheses, alpha, the correction."""
    spec = results.spec
    tested = int(results.table["p_value"].notna().sum())
    return pick(lang, msg.intro(spec.title, len(spec.hypotheses), tested,
                                narrative.exact(spec.alpha, lang),
                                spec.correction, fmt.period_label(results.period, lang)))


def registry_text(results: HypothesisResults, lang: Lang) -> tuple[str, bool]:
    """The register sentence and whether it is a warning (the file changed after its first run)."""
    status = results.registry
    if status is None:
        return pick(lang, msg.REGISTRY_NONE), False
    sha = status.sha256[:12]
    first = _when(status.first_run, lang)
    if status.changed:
        return pick(lang, msg.registry_changed(first, _when(status.this_version_first_run, lang), sha)), True
    if status.first_time:
        return pick(lang, msg.registry_first(first, sha)), False
    return pick(lang, msg.registry_unchanged(first, sha)), False


def _when(iso: str, lang: Lang) -> str:
    stamp = pd.Timestamp(iso)
    return f"{fmt.date(stamp, lang)} {stamp.strftime('%H:%M')} UTC"


def display_table(results: HypothesisResults, lang: Lang = "id") -> pd.DataFrame:
    """The page's table as plain text cells (also what ``tables.xlsx`` gets)."""
    cat = results.catalogue
    rows = []
    for _, row in results.table.iterrows():
        r = row.to_dict()
        rows.append({
            pick(lang, msg.COLUMNS["id"]): r["id"],
            pick(lang, msg.COLUMNS["hypothesis"]): r["statement"],
            pick(lang, msg.COLUMNS["estimate"]): f"{narrative.estimate_text(r, cat, lang)} "
                                                f"{narrative.units(r, cat, lang)}",
            pick(lang, msg.COLUMNS["min_effect"]): f"{narrative.stated(r['min_effect'], r['outcome'], cat, lang)} / "
                                                  f"{narrative.value(r['mde'], r['outcome'], cat, lang)}",
            pick(lang, msg.COLUMNS["p"]): narrative.p_text(r["p_adjusted"], lang),
            pick(lang, msg.COLUMNS["verdict"]): pick(lang, msg.VERDICT_WORDS[r["verdict"]]),
            pick(lang, msg.COLUMNS["reason"]): narrative.reason(r, cat, lang, results.spec.alpha,
                                                                results.spec.correction),
        })
    return pd.DataFrame(rows)


def _table_html(results: HypothesisResults, lang: Lang) -> str:
    cat = results.catalogue
    head = "".join(f"<th>{html.escape(pick(lang, msg.COLUMNS[k]))}</th>"
                   for k in ("id", "hypothesis", "estimate", "min_effect", "p", "verdict", "reason"))
    body = []
    for _, row in results.table.iterrows():
        r = row.to_dict()
        outcome, exposure = cat.outcomes[r["outcome"]], cat.exposures[r["exposure"]]
        detail = (f"{pick(lang, outcome.label)} ← {pick(lang, exposure.label)}"
                  f" ({narrative.contrast(r, cat, lang)}); {pick(lang, msg.DIRECTION_WORDS[r['direction']])}"
                  f"; n = {fmt.number(r['n'], lang, 0)}, {fmt.number(r['n_clusters'], lang, 0)} "
                  f"{pick(lang, ('klaster', 'clusters'))}")
        colour = VERDICT_COLOURS.get(r["verdict"], GREY)
        body.append(
            "<tr>"
            f"<td><strong>{html.escape(str(r['id']))}</strong></td>"
            f"<td>{html.escape(r['statement'])}<div class='small'>{html.escape(detail)}</div></td>"
            f"<td>{html.escape(narrative.estimate_text(r, cat, lang))}"
            f"<div class='small'>{html.escape(narrative.units(r, cat, lang))}</div></td>"
            f"<td>{html.escape(narrative.stated(r['min_effect'], r['outcome'], cat, lang))} / "
            f"{html.escape(narrative.value(r['mde'], r['outcome'], cat, lang))}</td>"
            f"<td>{html.escape(narrative.p_text(r['p_adjusted'], lang))}</td>"
            f"<td class='verdict' style='color:{readable_text(colour)}'>{html.escape(pick(lang, msg.VERDICT_WORDS[r['verdict']]))}</td>"
            f"<td>{html.escape(narrative.reason(r, cat, lang, results.spec.alpha, results.spec.correction))}</td>"
            "</tr>"
        )
    return f"<table class='hypotheses'><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def figure_uri(fig: Figure, dpi: int = 200) -> str:
    """A figure as a PNG data URI."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def designs_html(results: HypothesisResults, lang: Lang) -> str:
    """The designs used, one line each, and how the MDE is computed."""
    used = list(dict.fromkeys(results.table["design"]))
    items = "".join(f"<li><code>{d}</code>: {html.escape(pick(lang, DESIGN_LABELS[d]))}</li>" for d in used)
    return (f"<h3>{html.escape(pick(lang, msg.DESIGN_HEADING))}</h3><ul>{items}</ul>"
            f"<p class='small'>{html.escape(pick(lang, msg.MDE_NOTE))}</p>")


def page_body(results: HypothesisResults, lang: Lang = "id", figure: str | None = None, *,
              intro: bool = True, designs: bool = True) -> str:
    """The page's HTML fragment: intro, register status, table, forest plot (a data URI), designs.

    ``intro`` and ``designs`` leave those parts out (the notebook shows the intro as
    markdown and the designs after its own figure).
    """
    lang = check_lang(lang)
    note, changed = registry_text(results, lang)
    parts = [f"<style>{FRAGMENT_CSS}</style>"]
    if intro:
        parts.append(f"<p>{_inline_markdown(intro_text(results, lang))}</p>")
    parts.append(f"<div class='registry{' changed' if changed else ''}'>{html.escape(note)}</div>")
    parts.append(_table_html(results, lang))
    if figure:
        alt = html.escape(pick(lang, msg.FOREST_TITLE))
        parts.append(f"<figure><img src='{figure}' alt='{alt}'></figure>")
    if designs:
        parts.append(designs_html(results, lang))
    return "\n".join(parts)


def page_html(results: HypothesisResults, lang: Lang = "id", figure: str | None = None) -> str:
    """A stand-alone HTML document of the page (inline CSS and figure, no scripts)."""
    lang = check_lang(lang)
    title = f"{pick(lang, msg.PAGE_TITLE)}: {results.spec.title}"
    meta = f"{fmt.period_label(results.period, lang)} · {fmt.date(pd.Timestamp.now(), lang)}"
    return (
        "<!DOCTYPE html>\n"
        f"<html lang='{lang}'><head><meta charset='utf-8'><title>{html.escape(title)}</title>"
        f"<style>{CSS}</style></head><body>"
        f"<h1>{html.escape(title)}</h1><div class='meta'>{html.escape(meta)}</div>"
        f"{page_body(results, lang, figure)}</body></html>\n"
    )


#: Source Sans Pro files of :func:`analysis.charts.theme.font_files` -> (weight, style).
_FONT_FACES: dict[str, tuple[int, str]] = {
    "regular": (400, "normal"), "it": (400, "italic"), "semibold": (600, "normal"),
    "semiboldit": (600, "italic"), "bold": (700, "normal"), "boldit": (700, "italic"),
}


def _font_css() -> str:
    """``@font-face`` rules for the bundled font files (local file URLs, for printing)."""
    rules = []
    for path in font_files():
        face = _FONT_FACES.get(path.stem.split("-")[-1].lower())
        if face:
            rules.append(f"@font-face {{ font-family: 'Source Sans Pro'; src: url('{path.as_uri()}'); "
                         f"font-weight: {face[0]}; font-style: {face[1]}; }}")
    return "\n".join(rules)


def write_pdf(page: str, target: str | Path) -> Path:
    """Print a page of :func:`page_html` to an A4 PDF with WeasyPrint, in the bundled font if present."""
    from weasyprint import HTML

    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.tmp")
    try:
        HTML(string=page.replace("<style>", f"<style>{_font_css()}\n", 1)).write_pdf(tmp)
        tmp.replace(target)
    finally:
        tmp.unlink(missing_ok=True)
    return target
