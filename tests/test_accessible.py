"""Accessible outputs: colour-blind-safe palettes, labels that are not cut off, alt text, tagged PDF."""

from __future__ import annotations

import pytest

from analysis.charts import theme, vision


def test_the_palettes_stay_apart_for_colour_blind_readers():
    assert vision.palette_problems(theme.PALETTE[:6]) == []
    assert vision.palette_problems(list(theme.TRAFFIC_LIGHTS.values())) == []
    # the traffic lights also differ in grey print (CIELAB L*), by more than 10 points each
    grey = sorted(vision.lightness(c) for c in theme.TRAFFIC_LIGHTS.values())
    assert min(b - a for a, b in zip(grey, grey[1:], strict=False)) > 10


def test_the_check_catches_a_red_green_pair():
    problems = vision.palette_problems(["#D62728", "#2CA02C"])  # matplotlib's default red and green
    assert [kind for _, _, kind, _ in problems] == ["deuteranopia"]
    assert vision.delta_e("#FFFFFF", "#000000") == pytest.approx(100.0, abs=0.01)
    with pytest.raises(ValueError, match="kind"):
        vision.simulate("#000000", "achromatopsia")


def test_long_agency_names_use_their_abbreviation_or_wrap():
    assert theme.short_label("Dinas Kependudukan dan Pencatatan Sipil (Disdukcapil)") == "Disdukcapil"
    assert theme.short_label("Dinas Kesehatan") == "Dinas Kesehatan"
    wrapped = theme.short_label("Dinas Ketahanan Pangan dan Pertanian Kota Binjai", 30)
    assert wrapped == "Dinas Ketahanan Pangan dan\nPertanian Kota Binjai" and "…" not in wrapped


def test_every_chart_on_a_page_gets_the_sentence_before_it_as_alt_text():
    from analysis.report.render import add_alt_text

    body = ('<h2>Biaya</h2><p>Biaya per JP <strong>naik</strong> 10%.</p><div><img src="a.png"></div>'
            '<img alt="sudah ada" src="b.png"><h3>Tren</h3><img src="c.png">')
    out = add_alt_text(body, "id")
    assert 'alt="Grafik: Biaya per JP naik 10%."' in out and 'alt="sudah ada"' in out
    assert 'alt="Grafik: Tren"' in out and out.count("alt=") == 3
    assert 'alt="Chart: ' in add_alt_text("<p>x</p><img src=a>", "en")


def test_pdfs_are_tagged_with_language_title_and_figure_alt_text(tmp_path):
    pytest.importorskip("weasyprint")
    from pypdf import PdfReader

    from analysis.report.render import html_to_pdf

    pixel = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
    html = ('<!DOCTYPE html><html lang="id"><head><meta charset="utf-8"><title>Laporan Uji</title></head>'
            f'<body><h1>Judul</h1><p>Isi.</p><img src="data:image/png;base64,{pixel}" alt="Grafik: isi naik"></body></html>')
    reader = PdfReader(str(html_to_pdf(html, tmp_path / "t.pdf")))
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "id" and root["/MarkInfo"]["/Marked"] and "/StructTreeRoot" in root
    assert reader.metadata.title == "Laporan Uji"
    alts = []

    def walk(node):
        node = node.get_object()
        if isinstance(node, dict):
            if node.get("/S") == "/Figure" and "/Alt" in node:
                alts.append(str(node["/Alt"]))
            kids = node.get("/K")
            for kid in kids if isinstance(kids, list) else [kids] if kids is not None else []:
                walk(kid)

    walk(root["/StructTreeRoot"])
    assert alts == ["Grafik: isi naik"]


def test_coloured_text_is_darkened_until_it_reads_on_white():
    assert vision.contrast_ratio("#000000") == pytest.approx(21.0)
    assert vision.contrast_ratio(theme.TRAFFIC_LIGHTS["green"]) < 4.5  # too light as text
    shade = vision.readable_text(theme.TRAFFIC_LIGHTS["green"])
    assert vision.contrast_ratio(shade) >= 4.5 and shade != theme.TRAFFIC_LIGHTS["green"]
    assert vision.readable_text(theme.PRIMARY) == theme.PRIMARY  # already readable: unchanged


def test_a_wide_table_can_be_reached_by_keyboard():
    import pandas as pd

    from analysis.text.html import table_html

    html = table_html(pd.DataFrame({"OPD": ["A"], "n": [10]}), lang="id", caption="Peserta")
    assert '<div class="table-wrap" tabindex="0" role="region" aria-label="Peserta">' in html
