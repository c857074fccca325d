"""Rendering of executed notebooks to HTML/PDF and the index page, on hand-made notebooks."""

from __future__ import annotations

import base64
import io
import re

import matplotlib

matplotlib.use("Agg")  # tests only; notebooks keep the inline backend
import matplotlib.pyplot as plt
import nbformat
import pandas as pd
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from analysis.report import render


def _png() -> str:
    fig, ax = plt.subplots(figsize=(3, 2))
    ax.plot([1, 2, 3], [1, 3, 2])
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    plt.close(fig)
    return base64.b64encode(buf.getvalue()).decode("ascii")


def analysis_notebook() -> nbformat.NotebookNode:
    nb = new_notebook(
        cells=[
            new_code_cell("period = 'SECRET_PARAM_CODE'", metadata={"tags": ["parameters"]}),
            new_markdown_cell("# Hasil pelatihan\n\nPengantar.\n\n## Format pelatihan\n\nIsi."),
            new_code_cell(
                "SECRET_SOURCE_CODE = 1",
                outputs=[
                    new_output("stream", name="stdout", text="STRAY_STDOUT\n"),
                    new_output("stream", name="stderr", text="STRAY_STDERR\n"),
                    new_output("display_data", data={"image/png": _png(), "text/plain": "<Figure>"}),
                    new_output("execute_result", data={"text/plain": "Text(0.5, 1.0, 'BARE_REPR')"}, execution_count=1),
                ],
            ),
            new_markdown_cell("## Anggaran\n\n### Serapan"),
            new_code_cell(
                "df",
                outputs=[
                    new_output(
                        "execute_result",
                        data={"text/html": "<table class='dataframe'><tr><td>7</td></tr></table>", "text/plain": "7"},
                        execution_count=2,
                    )
                ],
            ),
        ]
    )
    nb.metadata["papermill"] = {"parameters": {"period": "2026Q3", "agency": "all"}}
    return nb


def brief_notebook() -> nbformat.NotebookNode:
    sections = [
        render.cover_html(period="2026Q3", lang="id", date="2026-10-15"),
        render.section_html("Ringkasan eksekutif", render.paragraph("Capaian **baik**.")),
        render.section_html("Anggaran", render.paragraph("Serapan 70%.")),
    ]
    cells = [
        new_code_cell("period = '2026Q3'", metadata={"tags": ["parameters"]}),
        new_markdown_cell("# ANALYST_NOTE in markdown"),
    ]
    for i, html in enumerate(sections):
        cells.append(
            new_code_cell(
                f"SECTION_CODE_{i}",
                outputs=[
                    new_output("stream", name="stdout", text="STRAY_STDOUT"),
                    new_output("display_data", data={"text/html": html, "text/plain": "<IPython.core.display.HTML>"}),
                ],
            )
        )
    cells.append(
        new_code_cell(
            "plt.plot()",
            outputs=[new_output("display_data", data={"image/png": _png(), "text/plain": "<Figure>"})],
        )
    )
    nb = new_notebook(cells=cells)
    nb.metadata["papermill"] = {"parameters": {"period": "2026Q3", "agency": "all", "lang": "id"}}
    return nb


def _external_refs(html: str) -> list[str]:
    """src/href values that would make a request off the page."""
    refs = re.findall(r"""(?:src|href)\s*=\s*["']([^"']+)["']""", html)
    refs += re.findall(r"url\(\s*['\"]?([^)'\"]+)", html)
    return [r for r in refs if not r.startswith(("data:", "#"))]


def test_analysis_html_hides_code_and_stray_output():
    html = render.notebook_to_html(analysis_notebook(), title="Hasil Pelatihan", lang="id")
    for hidden in ("SECRET_SOURCE_CODE", "SECRET_PARAM_CODE", "STRAY_STDOUT", "STRAY_STDERR", "BARE_REPR"):
        assert hidden not in html
    assert "data:image/png;base64," in html
    assert re.search(r"<table class=.dataframe.>", html)
    assert "<script" not in html.lower()
    assert _external_refs(html) == []
    assert "@font-face" in html and "data:font/woff;base64," in html
    assert "Triwulan III 2026" in html  # period from papermill's metadata
    assert html.startswith("<!DOCTYPE html>")


def test_analysis_html_does_not_repeat_the_title():
    html = render.notebook_to_html(analysis_notebook(), title="Hasil pelatihan", lang="id")
    assert len(re.findall(r"<h1[^>]*>", html)) == 1  # the header's, not the notebook's copy
    html = render.notebook_to_html(analysis_notebook(), title="Judul lain", lang="id")
    assert len(re.findall(r"<h1[^>]*>", html)) == 2


def test_analysis_html_toc_links_every_section():
    html = render.notebook_to_html(analysis_notebook(), title="Hasil", lang="en")
    toc = re.search(r'<nav class="toc".*?</nav>', html, re.S).group(0)
    links = re.findall(r'href="#([^"]+)"', toc)
    assert len(links) == 3  # two h2 and one h3; the h1 title is not listed
    for target in links:
        assert re.search(rf'<h[23][^>]*id="{re.escape(target)}"', html)
    assert "Contents" in toc


def test_brief_html_keeps_only_displayed_html_and_places_toc():
    html = render.brief_to_html(brief_notebook(), lang="id")
    assert "ANALYST_NOTE" not in html and "SECTION_CODE" not in html and "STRAY_STDOUT" not in html
    assert "data:image/png" not in html  # stray figures do not reach the brief
    assert render.TOC_MARKER not in html
    cover_at = html.index('class="cover"')
    toc_at = html.index('<nav class="toc"')
    summary_at = html.index("Ringkasan eksekutif</h2>")
    assert cover_at < toc_at < summary_at
    assert "Pemerintah Kota Binjai" in html and "Triwulan III 2026" in html
    assert 'class="running-header"' in html
    assert "<strong>baik</strong>" in html
    assert _external_refs(html) == []


def test_add_toc_makes_unique_ids_and_keeps_existing():
    body = '<h2>Anggaran</h2><h2>Anggaran</h2><h2 id="own">Lain</h2><h3 class="no-toc">X</h3>'
    out, toc = render.add_toc(body, "id")
    assert 'id="anggaran"' in out and 'id="anggaran-2"' in out and 'id="own"' in out
    assert toc.count("<li") == 3


def test_table_html_formats_numbers_per_language():
    frame = pd.DataFrame({"agency": ["DINKES"], "staff": [1234.5], "share": [0.123], "money": [1.2e9]})
    html_id = render.table_html(frame, lang="id", formats={"share": "percent", "money": "money"})
    assert "1.234,5" in html_id and "12,3%" in html_id and "Rp 1,2 miliar" in html_id
    assert '<td class="num">1.234,5</td>' in html_id and '<td class="text">DINKES</td>' in html_id
    html_en = render.table_html(frame, lang="en", formats={"share": "percent", "money": "money"})
    assert "1,234.5" in html_en and "IDR 1.2 billion" in html_en


def test_light_html_has_words_for_grey_print():
    assert "Di bawah target" in render.light_html("red", "id")
    assert "On target" in render.light_html("green", "en")
    assert "light-none" in render.light_html("bogus", "en")


def test_figure_html_inline_png_at_its_size_or_svg():
    fig, ax = plt.subplots(figsize=(4, 2))
    ax.bar(["a", "b"], [1, 2])
    html = render.figure_html(fig, caption="Judul", close=False)
    assert html.startswith("<figure><img src=\"data:image/png;base64,")
    width = float(re.search(r"width:([0-9.]+)in", html).group(1))
    assert 3.0 < width <= 4.1  # shown at the figure's size (tight bounding box)
    html = render.figure_html(fig, caption="Judul", image_format="svg")
    assert html.startswith("<figure><img src=\"data:image/svg+xml;base64,")
    svg = base64.b64decode(re.search(r"base64,([^\"]+)", html).group(1)).decode()
    assert "<svg" in svg and "<text" not in svg  # text drawn as outlines
    assert "<figcaption>Judul</figcaption>" in html


def test_index_html_lists_periods_newest_first_with_sparklines():
    periods = [
        {"period": "2026Q2", "links": {"Laporan (PDF)": "2026Q2/laporan-2026Q2.pdf"}, "key_numbers": {}},
        {
            "period": "2026Q3",
            "links": {"Laporan (PDF)": "2026Q3/laporan-2026Q3.pdf"},
            "key_numbers": {"jp20_compliance": [("2026Q2", 0.30), ("2026Q3", 0.612), ("2026Q1", 0.1)], "custom": [("2026Q3", 3.0)]},
        },
    ]
    html = render.index_html(periods, lang="id")
    assert html.index("Triwulan III 2026") < html.index("Triwulan II 2026")
    assert 'href="2026Q3/laporan-2026Q3.pdf"' in html
    assert html.count("<polyline") == 2
    assert "61,2%" in html  # the last value, formatted as the headline code's unit
    assert "Capaian 20 JP" in html
    assert "<script" not in html


def test_sparkline_orders_and_scales():
    svg = render.sparkline_svg([1.0, None, 3.0], width=100, height=20)
    points = re.search(r'points="([^"]+)"', svg).group(1).split()
    (x0, y0), (x1, y1) = (tuple(map(float, p.split(","))) for p in points)
    assert x0 < x1 and y0 > y1  # rising line: later point higher (smaller y)
    assert render.sparkline_svg([None, None]) == ""


def _pdf_text(path):
    from pypdf import PdfReader

    reader = PdfReader(str(path))
    return reader, [page.extract_text() for page in reader.pages]


def test_pdf_is_a4_with_page_numbers_and_header(tmp_path):
    pytest.importorskip("weasyprint")
    long = "".join(render.section_html(f"Bagian {i}", render.paragraph("Teks. " * 200)) for i in range(4))
    nb = brief_notebook()
    nb.cells.append(new_code_cell("x", outputs=[new_output("display_data", data={"text/html": long})]))
    html = render.brief_to_html(nb, lang="id")
    target = render.html_to_pdf(html, tmp_path / "brief.pdf")
    reader, texts = _pdf_text(target)
    n = len(reader.pages)
    assert n >= 3
    box = reader.pages[0].mediabox
    assert abs(float(box.width) - 595.3) < 2 and abs(float(box.height) - 841.9) < 2  # A4 in points
    assert f"Halaman 2 dari {n}" in texts[1]
    assert "Pemerintah Kota Binjai" in texts[1] and "Triwulan III 2026" in texts[1]
    assert not list(tmp_path.glob(".*.tmp"))


def test_pdf_footer_in_english(tmp_path):
    pytest.importorskip("weasyprint")
    nb = brief_notebook()
    nb.metadata["papermill"]["parameters"]["lang"] = "en"
    html = render.brief_to_html(nb, lang="en")
    _, texts = _pdf_text(render.html_to_pdf(html, tmp_path / "b.pdf"))
    assert any("Page 2 of" in t for t in texts)


def test_bad_language_is_refused():
    with pytest.raises(ValueError, match="lang"):
        render.notebook_to_html(analysis_notebook(), title="x", lang="fr")


def test_fonts_subset_once_then_read_from_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    render.font_faces_css.cache_clear()
    try:
        css = render.font_faces_css()
        cached = sorted((tmp_path / "kompetensi" / "fonts").glob("*.woff"))
        assert css.count("@font-face") == len(cached) == 4
        assert "font-style: italic" in css and "font-weight: 600" in css
        for path in cached:  # a cached face is used as it is
            path.write_bytes(b"wOFF-cached")
        render.font_faces_css.cache_clear()
        assert css != render.font_faces_css()
        assert base64.b64encode(b"wOFF-cached").decode() in render.font_faces_css()
    finally:
        render.font_faces_css.cache_clear()


def test_traffic_lights_stay_apart_in_grey_print():
    from analysis.charts.theme import TRAFFIC_LIGHTS

    def grey(hex_colour: str) -> float:
        r, g, b = (int(hex_colour.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4))
        return 0.299 * r + 0.587 * g + 0.114 * b  # ITU-R BT.601 luma, as a greyscale printer sees it

    levels = sorted(grey(c) for c in TRAFFIC_LIGHTS.values())
    assert all(b - a > 25 for a, b in zip(levels, levels[1:], strict=False))


def test_fragments_keep_their_old_import_path():
    from analysis.brief import html as brief_html
    from analysis.text import html

    for name in ("figure_html", "paragraph", "section_html", "table_html"):
        assert getattr(render, name) is getattr(html, name)
    assert render.light_html is brief_html.light_html and render.kpi_cards_html is brief_html.kpi_cards_html
    assert html.bullet_list(["a", "<b>b</b>"]) == "<ul><li>a</li><li><b>b</b></li></ul>"
    assert html.paragraph("a < b, **c**") == "<p>a &lt; b, <strong>c</strong></p>"


def test_section_keeps_heading_with_first_chart_or_table():
    section = render.section_html("Judul", "<p>a</p>", "<figure>x</figure>", "<p>b</p>", keep_together=True)
    assert section == ('<section class="chapter"><div class="keep"><div class="keep"><h2>Judul</h2><p>a</p>'
                       '<figure>x</figure></div><p>b</p></div></section>')


def test_document_words_follow_the_language():
    css = render.page_css("en")
    assert '"Page " counter(page) " of " counter(pages)' in css and "City Government of Binjai" in css
    assert '"Halaman " counter(page) " dari " counter(pages)' in render.page_css("id")
    cover = render.cover_html(period="2026Q3", lang="en", date="2026-10-15", agency="DINKES")
    assert "Date: 15 October 2026" in cover and 'data-agency="DINKES"' in cover
    assert "Quarterly Report on ASN Competency Development" in cover
    assert "No reports yet." in render.index_html([], "en")


def test_workbook_and_index_links_in_english(tmp_path):
    from openpyxl import load_workbook

    from analysis.report import outputs

    book = load_workbook(outputs.write_tables_workbook([], tmp_path / "t.xlsx", period_label="Q3 2026", lang="en"))
    assert book.sheetnames == ["Cover"]
    text = " ".join(str(c.value) for row in book["Cover"].iter_rows() for c in row if c.value is not None)
    assert "City Government of Binjai" in text and "Key tables — Quarterly Report on ASN Competency Development" in text
    assert "No key tables this period." in text and "95% CI lower and upper bounds" in text
    folder = tmp_path / "reports" / "en" / "2026Q3"  # an English run publishes into reports/en/
    (folder / "opd").mkdir(parents=True)
    (folder / "report-2026Q3-en.pdf").write_bytes(b"%PDF")
    (folder / "opd" / "A.pdf").write_bytes(b"%PDF")
    links = outputs.period_entries(tmp_path / "reports" / "en", "en")[0]["links"]
    assert links == {"Brief (PDF)": "2026Q3/report-2026Q3-en.pdf", "Agencies": "2026Q3/opd/"}
    outputs.write_index(tmp_path / "reports" / "en", "en", render)
    assert "Brief (PDF)" in (tmp_path / "reports" / "en" / "index.html").read_text(encoding="utf-8")
    (tmp_path / "reports" / "2026Q3").mkdir()  # the Indonesian index links the English brief too
    (tmp_path / "reports" / "2026Q3" / "laporan-2026Q3.pdf").write_bytes(b"%PDF")
    links = outputs.period_entries(tmp_path / "reports", "id")[0]["links"]
    assert links == {"Laporan (PDF)": "2026Q3/laporan-2026Q3.pdf",
                     "Versi bahasa Inggris (PDF)": "en/2026Q3/report-2026Q3-en.pdf"}


def test_report_words_exist_in_both_languages():
    from analysis.report import messages

    entries = {name: value for name, value in vars(messages).items() if name.isupper()}
    pairs = [v for v in entries.values() if isinstance(v[0], str)] + list(messages.WORKBOOK_NOTES)
    assert len(pairs) == len(entries) - 1 + len(messages.WORKBOOK_NOTES)
    assert all(len(p) == 2 and p[0].strip() and p[1].strip() for p in pairs)
