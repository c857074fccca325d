"""The slide deck: built from the brief's recorded content, every text inside its box.

A hand-made ``brief.json`` (with charts drawn here) is turned into a deck, which is then
read back with python-pptx as a reviewer would: slide count and titles, every chart
present, every text measured with the font's metrics against its box, the speaker notes,
the embedded font, and once rendered by LibreOffice Impress to PNG when it is installed.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

pytest.importorskip("pptx")

from analysis.brief.content import (  # noqa: E402
    SECTION_CODES,
    BriefContent,
    Indicator,
    RecommendationItem,
    Section,
    read_content,
)
from analysis.report import slide_words as words  # noqa: E402
from analysis.report import textfit  # noqa: E402
from analysis.report.slides import agency_deck_name, build_deck, deck_name, write_decks  # noqa: E402

EMU_PER_PT = 12700
LONG = (
    "Sampai Triwulan III 2026 terserap 63,9% dari pagu Rp 50,3 miliar. Agar setiap ASN aktif mencapai 20 JP "
    "tahun ini masih dibutuhkan 32.127 JP atau sekitar Rp 4,8 miliar (IK 95% 4,5 s.d. 5,2 miliar)."
)


def _chart(path: Path, size: tuple[float, float]) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=size)
    ax.plot([1, 2, 3], [2, 1, 3])
    ax.set_title("chart")
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=100)
    plt.close(fig)


def _content(lang: str = "id", scope: str = "city", recs: int = 7) -> BriefContent:
    indicators = tuple(
        Indicator(code, label, label[:12], "58,9%", "+15,2 poin persentase", "IK 95% 57,5% s.d. 60,2%", "65,0%",
                  status, "60,0%" if scope != "city" else None)
        for code, label, status in (
            ("jp20_compliance", "ASN yang sudah memenuhi 20 JP tahun ini", "amber"),
            ("jp_on_track", "ASN yang JP-nya sesuai jalur (≥ 5 JP per triwulan)", "red"),
            ("participation_rate", "ASN yang mengikuti pengembangan kompetensi triwulan ini", "green"),
            ("budget_absorption", "Serapan anggaran pengembangan kompetensi (s.d. triwulan ini)", "insufficient"),
        )
    )
    sections = (
        Section("budget", "Anggaran dan kebutuhan dana 20 JP", (LONG,),
                details=("Sisa pagu seluruhnya cukup (Rp 18,1 miliar untuk kebutuhan Rp 4,8 miliar).",),
                figure="figures/brief_budget.png", alt="Anggaran", codes=SECTION_CODES["budget"]),
        Section("service", "Pengembangan kompetensi dan kualitas layanan",
                tuple(f"Indikator {i}: +0,62 (IK 95% 0,57 s.d. 0,67) — membaik" for i in range(5)),
                lede="Unit yang pegawainya mendapat lebih banyak JP dibandingkan dengan dirinya sendiri:",
                caveat="Ini asosiasi, bukan bukti sebab-akibat.",
                figure="figures/brief_service.png", alt="Layanan", codes=SECTION_CODES["service"]),
        Section("leadership", "Peran pimpinan", ("Data belum cukup.",)),
    )
    return BriefContent(
        period="2026Q3", lang=lang, scope=scope, period_label="Triwulan III 2026",
        scope_label="Ringkasan OPD: Dinas Sosial (DINSOS)" if scope != "city" else None,
        cover_note="Disusun otomatis dari data kepegawaian.",
        summary_title="Ringkasan eksekutif" if lang == "id" else "Executive summary",
        summary_lede="Pada Triwulan III 2026, dari 4 indikator utama kota, **1 tercapai**.",
        summary_lines=("Di bawah target: Sesuai jalur 20 JP 62,2% (target 75,0%).",),
        indicators=indicators, lights_note="Lampu: hijau = target tercapai.",
        recommendations_title="Rekomendasi" if lang == "id" else "Recommendations",
        recommendations_lede="Rekomendasi berikut dihasilkan dari angka triwulan ini.",
        recommendations=tuple(
            RecommendationItem(f"rule{i}", f"Rekomendasi nomor {i}: " + "perluas format coaching " * 4,
                               "Capaian 20 JP 58,9% (target 65,0%); " * 3, 1, ("jp20_compliance",))
            for i in range(recs)
        ),
        sections=sections, method_title="Catatan metode", method_items=("**Data.** 5.350 ASN.",),
    )


NUMBERS = [
    {"code": "headline.budget_absorption", "estimate": 0.6395, "ci_low": None, "ci_high": None, "n": None,
     "unit": "share", "period": "2026Q3", "group": None, "scope": "city"},
    {"code": "brief.funding_gap_idr", "estimate": 4.83e9, "ci_low": 4.47e9, "ci_high": 5.19e9, "n": 4959,
     "unit": "idr", "period": "2026Q3", "group": None, "scope": "city"},
    {"code": "budget.shortfall_idr", "estimate": 4.26e8, "ci_low": None, "ci_high": None, "n": 3,
     "unit": "idr", "period": "2026Q3", "group": None, "scope": "city"},
    {"code": "brief.funding_gap_idr", "estimate": 5.0e7, "ci_low": 4.0e7, "ci_high": 6.0e7, "n": 35,
     "unit": "idr", "period": "2026Q3", "group": None, "scope": "DINSOS"},
    {"code": "linkage.effect_per_5jp.ikm", "estimate": 0.619, "ci_low": 0.568, "ci_high": 0.670, "n": 696,
     "unit": "ikm", "period": "2026Q3", "group": None, "scope": "city"},
]


def _write(tmp_path: Path, content: BriefContent, name: str = "brief") -> Path:
    folder = tmp_path / name
    _chart(folder / "figures" / "brief_budget.png", (6.8, 3.1))
    _chart(folder / "figures" / "brief_service.png", (6.8, 2.6))
    content.write(folder)
    return folder


@pytest.fixture
def deck(tmp_path: Path):
    folder = _write(tmp_path, _content())
    info = build_deck(read_content(folder), tmp_path / "slides-2026Q3.pptx", base_dir=folder, numbers=NUMBERS)
    from pptx import Presentation

    return info, Presentation(str(info.path)), folder


def test_content_round_trips_through_json(tmp_path: Path) -> None:
    content = _content()
    folder = _write(tmp_path, content)
    assert read_content(folder) == content
    assert json.loads((folder / "brief.json").read_text(encoding="utf-8"))["format"] == "kompetensi-brief/1"


def test_deck_has_title_summary_recommendations_and_one_slide_per_question(deck) -> None:
    info, prs, _ = deck
    content = _content()
    titles = [s.shapes.title.text for s in prs.slides]
    assert prs.slide_width * 9 == prs.slide_height * 16
    assert titles[1] == content.summary_title
    assert titles[2] == content.recommendations_title
    n_rec_slides = sum(t.startswith(content.recommendations_title) for t in titles)
    assert n_rec_slides >= 2  # seven long recommendations do not fit one slide at a readable size
    assert titles[2 + n_rec_slides:] == [s.title for s in content.sections]
    assert len(prs.slides) == info.slides == 2 + n_rec_slides + len(content.sections)
    assert list(info.titles) == titles


def test_every_chart_is_on_its_slide(deck) -> None:
    _, prs, folder = deck
    content = _content()
    by_title = {s.shapes.title.text: s for s in prs.slides}
    for section in content.sections:
        pictures = [sh for sh in by_title[section.title].shapes if sh.shape_type == 13]
        if section.figure is None:
            assert not pictures
        else:
            assert len(pictures) == 1
            assert pictures[0].image.blob == (folder / section.figure).read_bytes()


def _runs_of(frame) -> list[tuple[list[tuple[str, bool]], float, float]]:
    """Each paragraph of a text frame: its runs (text, bold), font size and space after (points)."""
    out = []
    for p in frame.paragraphs:
        runs = [(r.text, bool(r.font.bold)) for r in p.runs]
        sizes = [r.font.size.pt for r in p.runs if r.font.size is not None]
        after = p.space_after.pt if p.space_after is not None else 0.0
        out.append((runs, max(sizes) if sizes else 18.0, after))
    return out


def _measured_height(frame, width: float) -> float:
    """Height of the frame's text at its own sizes, wrapped at ``width``, with the face's metrics (no reserve)."""
    face = textfit.theme_face()
    total = 0.0
    paragraphs = _runs_of(frame)
    for i, (runs, size, after) in enumerate(paragraphs):
        par = textfit.Paragraph(tuple(runs) or (("", False),))
        laid = textfit.layout([par], width, 1e9, size, face, reserve=1.0, height_reserve=1.0)
        total += laid.height + (after if i < len(paragraphs) - 1 else 0.0)
        for line in laid.lines[0]:
            assert textfit.text_width(line, size, face, bold=any(b for _, b in runs)) <= width + 0.5
    return total


def assert_text_fits(prs) -> int:
    """Every shape inside the slide; every text box's and table cell's text inside its box. Returns texts checked."""
    checked = 0
    width, height = prs.slide_width, prs.slide_height
    for number, slide in enumerate(prs.slides, start=1):
        for shape in slide.shapes:
            where = f"slide {number}, {shape.name}"
            assert 0 <= shape.left and shape.left + shape.width <= width, where
            assert 0 <= shape.top and shape.top + shape.height <= height, where
            if shape.has_text_frame and shape.text_frame.text.strip():
                frame = shape.text_frame
                inner_w = (shape.width - frame.margin_left - frame.margin_right) / EMU_PER_PT
                inner_h = (shape.height - frame.margin_top - frame.margin_bottom) / EMU_PER_PT
                assert _measured_height(frame, inner_w) <= inner_h + 0.5, f"{where}: text overflows"
                checked += 1
            if getattr(shape, "has_table", False) and shape.has_table:
                table = shape.table
                for r, row in enumerate(table.rows):
                    for c, cell in enumerate(row.cells):
                        inner_w = (table.columns[c].width - cell.margin_left - cell.margin_right) / EMU_PER_PT
                        inner_h = (row.height - cell.margin_top - cell.margin_bottom) / EMU_PER_PT
                        assert _measured_height(cell.text_frame, inner_w) <= inner_h + 0.5, f"{where} cell {r},{c}"
                        checked += 1
    return checked


def test_no_text_overflows_its_box_or_the_slide(deck) -> None:
    _, prs, _ = deck
    assert assert_text_fits(prs) > 20


def test_long_text_is_shrunk_and_wrapped_to_fit() -> None:
    face = textfit.theme_face()
    short = textfit.fit([textfit.paragraph("Tiga tercapai.")], 300, 200, face, max_size=28, min_size=12)
    long = textfit.fit([textfit.paragraph(LONG)], 300, 200, face, max_size=28, min_size=12)
    assert short.fits and short.size == 28 and len(short.lines[0]) == 1
    assert long.fits and long.size < 28 and len(long.lines[0]) > 3
    too_much = textfit.fit([textfit.paragraph(LONG * 6)], 300, 200, face, max_size=28, min_size=12)
    assert not too_much.fits
    assert textfit.runs("a **b** c") == (("a ", False), ("b", True), (" c", False))


def test_notes_hold_the_numbers_with_intervals_and_n_and_the_caveats(deck) -> None:
    _, prs, _ = deck
    by_title = {s.shapes.title.text: s for s in prs.slides}
    budget = by_title["Anggaran dan kebutuhan dana 20 JP"].notes_slide.notes_text_frame.text
    assert LONG in budget  # the finding, word for word
    assert "Rp 4,8 miliar (IK 95% Rp 4,5 miliar s.d. Rp 5,2 miliar; n = 4.959) [brief.funding_gap_idr]" in budget
    assert "<5" in budget and "426" not in budget  # n = 3: suppressed as the disclosure policy says
    assert "Rp 50,0 juta" not in budget  # an agency's number stays out of the city's deck
    service = by_title["Pengembangan kompetensi dan kualitas layanan"].notes_slide.notes_text_frame.text
    assert "Ini asosiasi, bukan bukti sebab-akibat." in service
    assert "IK 95% 0,57 s.d. 0,67; n = 696" in service
    summary = by_title["Ringkasan eksekutif"].notes_slide.notes_text_frame.text
    assert "**" not in summary and "1 tercapai" in summary


def test_agency_deck_lists_only_the_agency_numbers_and_names_it(tmp_path: Path) -> None:
    from pptx import Presentation

    folder = _write(tmp_path, _content(scope="DINSOS"))
    info = build_deck(read_content(folder), tmp_path / "x.pptx", base_dir=folder, numbers=NUMBERS)
    prs = Presentation(str(info.path))
    texts = "\n".join(sh.text_frame.text for sh in prs.slides[0].shapes if sh.has_text_frame)
    assert "Dinas Sosial (DINSOS)" in texts
    notes = "\n".join(s.notes_slide.notes_text_frame.text for s in prs.slides)
    assert "Rp 50,0 juta (IK 95%" in notes and "n = 4.959" not in notes
    table = next(sh for sh in prs.slides[1].shapes if sh.has_table).table
    assert [c.text for c in table.rows[0].cells][2] == "Kota"


def test_english_deck_uses_english_fixed_words(tmp_path: Path) -> None:
    from pptx import Presentation

    folder = _write(tmp_path, _content(lang="en", recs=2))
    info = build_deck(read_content(folder), tmp_path / "en.pptx", base_dir=folder, numbers=NUMBERS)
    prs = Presentation(str(info.path))
    assert prs.slides[0].shapes.title.text == "Quarterly Report on ASN Competency Development"
    recs = "\n".join(sh.text_frame.text for sh in prs.slides[2].shapes if sh.has_text_frame)
    assert "Basis: " in recs and "Dasar" not in recs
    table = next(sh for sh in prs.slides[1].shapes if sh.has_table).table
    assert table.rows[0].cells[0].text == "Indicator" and "Not enough data" in table.cell(4, 5).text
    notes = prs.slides[3].notes_slide.notes_text_frame.text
    assert "Numbers (95% CI, n):" in notes and "IDR 4.8 billion" in notes


def test_the_theme_font_is_embedded(deck) -> None:
    from fontTools.ttLib import TTFont

    from analysis.report.pptx_fonts import read_eot

    info, _, _ = deck
    with zipfile.ZipFile(info.path) as z:
        presentation = z.read("ppt/presentation.xml").decode()
        fonts = sorted(n for n in z.namelist() if n.startswith("ppt/fonts/"))
        types = z.read("[Content_Types].xml").decode()
        blobs = [z.read(n) for n in fonts]
    assert "<p:embeddedFontLst>" in presentation and 'typeface="Source Sans Pro"' in presentation
    assert presentation.index("<p:notesSz") < presentation.index("<p:embeddedFontLst>") < presentation.index(
        "<p:defaultTextStyle")
    assert len(fonts) == 2 and "application/x-fontdata" in types
    import io

    for blob, style in zip(blobs, ("Regular", "Bold"), strict=True):
        eot = read_eot(blob)
        assert (eot["version"], eot["flags"], eot["magic"]) == (0x00020001, 0, 0x504C)
        assert eot["size"] == len(blob) and eot["font_data_size"] == len(eot["font_data"])
        assert (eot["family"], eot["style"]) == ("Source Sans Pro", style)
        font = TTFont(io.BytesIO(eot["font_data"]))
        assert ord("g") in font.getBestCmap() and ord("≥") in font.getBestCmap()


def test_report_decks_for_the_city_and_each_agency(tmp_path: Path) -> None:
    report = tmp_path / "report"
    report.mkdir()
    (report / "results.json").write_text(json.dumps({"numbers": NUMBERS}), encoding="utf-8")
    city = _write(tmp_path, _content(recs=2), "city")
    agency = _write(tmp_path, _content(scope="DINSOS", recs=1), "dinsos")
    written = write_decks(report, "2026Q3", {"city": city, "DINSOS": agency, "DLH": tmp_path / "none"},
                          lambda a: a.lower())
    assert [d.path for d in written] == [report / deck_name("2026Q3"), report / "opd" / agency_deck_name("dinsos")]
    assert (report / "brief.json").read_text(encoding="utf-8") == (city / "brief.json").read_text(encoding="utf-8")
    assert all(d.path.is_file() and d.slides >= 5 for d in written)


def test_the_privacy_audit_reads_decks(tmp_path: Path) -> None:
    from analysis.data.disclosure import DisclosurePolicy
    from analysis.report.audit import audit_report

    content = _content(recs=1)
    leaked = Section("x", "Bocor", ("Pegawai ASN-0123456789abcdef belum ikut.",))
    content = BriefContent(**{**content.__dict__, "sections": (leaked,)})
    folder = _write(tmp_path, content, "b")
    build_deck(content, tmp_path / "report" / "slides-2026Q3.pptx", base_dir=folder)
    found = audit_report(tmp_path / "report", DisclosurePolicy())
    assert any(f.kind == "pseudonym" and f.file == "slides-2026Q3.pptx" for f in found)


def test_every_listed_code_has_a_label_in_both_languages() -> None:
    for codes in SECTION_CODES.values():
        for code in codes:
            if code.startswith(("headline.", "linkage.effect_per_5jp.")):
                continue
            assert code in words.CODE_LABELS, code
    for name in dir(words):
        pair = getattr(words, name)
        if isinstance(pair, tuple) and len(pair) == 2 and all(isinstance(x, str) for x in pair):
            assert all(x.strip() for x in pair), name
    for pair in words.CODE_LABELS.values():
        assert len(pair) == 2 and all(x.strip() for x in pair)


def test_libreoffice_renders_every_slide(deck, tmp_path: Path) -> None:
    from analysis.report.slide_preview import missing_tools, render_png

    missing = missing_tools()
    if missing:
        pytest.skip(f"cannot render slides to PNG: {', '.join(missing)} not installed (scripts/system-deps.sh)")
    from PIL import Image, ImageStat

    info, _, _ = deck
    pngs = render_png(info.path, tmp_path / "png", dpi=50)
    assert len(pngs) == info.slides
    for png in pngs:
        with Image.open(png) as image:
            w, h = image.size
            assert abs(w / h - 16 / 9) < 0.02
            assert min(ImageStat.Stat(image.convert("L")).extrema[0]) < 128  # something dark is drawn


@pytest.mark.slow
def test_notebook_90_records_what_the_brief_says(run_sample_notebook, tmp_path: Path) -> None:
    """The city brief on the sample: brief.json's sentences are the ones the PDF shows, and its deck builds."""
    import html
    import re

    import nbformat

    numbers, out = run_sample_notebook("90_brief")
    content = read_content(out)
    executed = nbformat.read(str(tmp_path / "90_brief.executed.ipynb"), as_version=4)
    shown = " ".join(
        o.get("data", {}).get("text/html", "")
        for cell in executed.cells if cell.cell_type == "code" for o in cell.get("outputs", [])
    )
    shown = html.unescape(re.sub(r"<[^>]+>", "", shown))
    sentences = [content.summary_lede, *content.summary_lines,
                 *(r.text for r in content.recommendations), *(r.evidence for r in content.recommendations)]
    for section in content.sections:
        sentences += [section.title, *section.finding, *section.details, *([section.caveat] if section.caveat else [])]
    for sentence in sentences:
        assert textfit.plain(sentence) in shown, sentence
    assert [s.key for s in content.sections] == [
        "relevance", "providers", "service", "budget", "participation", "leadership", "trend"]
    info = build_deck(content, tmp_path / "deck.pptx", base_dir=out, numbers=[{**n, "scope": "city"} for n in numbers])
    assert info.slides >= 3 + len(content.sections)
    assert set(info.titles) >= {s.title for s in content.sections}
