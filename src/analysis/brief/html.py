"""The brief's own HTML pieces: traffic-light pills, KPI cards, the headline table, the recommendations list.

Built on the domain-free fragments of :mod:`analysis.text.html`; the pill and the
cards say the status in words as well as colour, so it survives grey print.
"""

from __future__ import annotations

import html as htmlmod
from collections.abc import Iterable, Mapping, Sequence

import pandas as pd

from analysis.brief import messages as msg
from analysis.brief.messages import text
from analysis.brief.recommendations import Recommendation
from analysis.text.html import table_html
from analysis.text.lang import Lang, check_lang, pick
from analysis.text.words import CI_LABEL


def light_html(status: str | None, lang: Lang = "id") -> str:
    """A traffic-light pill: colour, a shape (● ▲ ■) and a word, so it reads in grey print."""
    lang = check_lang(lang)
    key = status if status in msg.LIGHT_WORDS else "none"
    return f'<span class="light light-{key}">{pick(lang, msg.LIGHT_WORDS[key])}</span>'


def light_word(status: str | None, lang: Lang = "id") -> str:
    """The word of a traffic light as :func:`light_html` writes it ("Tercapai", "Off target", ...)."""
    key = status if status in msg.LIGHT_WORDS else "none"
    return pick(check_lang(lang), msg.LIGHT_WORDS[key])


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


def summary_table(
    shown: pd.DataFrame, lang: Lang, period_label: str, *, per_agency: bool = False
) -> tuple[pd.DataFrame, dict[str, str]]:
    """The headline table (from :func:`analysis.brief.wording.headline_table`) with traffic-light pills, and its labels.

    Returns the frame with columns ``label, value, [city,] change, ci, target,
    status`` (``status`` as HTML from :func:`light_html`) and the column labels
    for :func:`analysis.text.html.table_html`.
    """
    lang = check_lang(lang)
    table = shown.assign(status=[light_html(s, lang) for s in shown["status"]])
    labels = {key: pick(lang, pair) for key, pair in msg.SUMMARY_COLUMNS.items()}
    labels.update({"value": period_label, "ci": pick(lang, CI_LABEL)})
    table = table[["label", "value", *(["city"] if per_agency else []), "change", "ci", "target", "status"]]
    return table, labels


def summary_table_html(shown: pd.DataFrame, lang: Lang, period_label: str, *, per_agency: bool = False) -> str:
    """:func:`summary_table` as an HTML table with its caption."""
    table, labels = summary_table(shown, lang, period_label, per_agency=per_agency)
    return table_html(table, lang=lang, labels=labels, html_columns=["status"], caption=text("summary_caption", lang))


def recommendations_html(recs: Sequence[Recommendation], lang: Lang) -> str:
    """The recommendations as an ordered list, each with the number it rests on."""
    lang = check_lang(lang)
    basis = text("evidence_basis", lang)
    items = "".join(
        f"<li><strong>{r.text}</strong><span class=\"evidence\">{basis}: {r.evidence}</span></li>"
        for r in recs
    )
    return f'<ol class="recs">{items}</ol>'


def worst_agencies_table(worst: pd.DataFrame, lang: Lang = "id") -> str:
    """:func:`analysis.brief.frames.worst_agencies` as an HTML table with its caption."""
    lang = check_lang(lang)
    return table_html(
        worst, lang=lang,
        formats={"active_staff": "int", "not_reached": "int", "share_not_reached": "percent"},
        labels={key: pick(lang, pair) for key, pair in msg.WORST_AGENCIES_COLUMNS.items()},
        caption=pick(lang, msg.WORST_AGENCIES_CAPTION),
    )
