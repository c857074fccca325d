"""The reports as a reader sees them: HTML opened in headless Chromium, PDF pages rasterised.

Chromium is Debian's ``/usr/bin/chromium`` driven by the ``playwright`` package
(nothing is downloaded); pages are rasterised with ``pdftoppm`` (poppler-utils).
``scripts/system-deps.sh`` installs both. Where they are missing these tests skip
with the reason, except under CI (``CI=true``), where a missing tool fails.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # tests only; notebooks keep the inline backend
import matplotlib.pyplot as plt
import pytest
from nbformat.v4 import new_code_cell, new_output

from analysis.report import render

sys.path.insert(0, str(Path(__file__).parent))
from test_report_render import analysis_notebook, brief_notebook  # noqa: E402

CHROMIUM = os.environ.get("KOMPETENSI_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
IN_CI = os.environ.get("CI", "").lower() == "true"

pytestmark = pytest.mark.browser


def _missing(reason: str) -> None:
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: the rendering tests must run; see scripts/system-deps.sh)")
    pytest.skip(f"{reason}; install it with `bash scripts/system-deps.sh` (as root)")


@pytest.fixture(scope="module")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("the playwright package is not installed")
    if not Path(CHROMIUM).exists():
        _missing(f"Chromium not found at {CHROMIUM}")
    with sync_playwright() as pw:
        try:
            chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        except Exception as err:  # noqa: BLE001 - any launch failure means "no usable browser"
            _missing(f"Chromium at {CHROMIUM} does not start: {err}")
        yield chromium
        chromium.close()


def _figure_notebook():
    """The brief with a real chart section (a matplotlib figure inline)."""
    nb = brief_notebook()
    fig, ax = plt.subplots(figsize=(5, 2.5))
    ax.plot([1, 2, 3], [2, 1, 3])
    ax.set_title("Tren")
    section = render.section_html(
        "Perkembangan", render.paragraph("Naik."), render.figure_html(fig, alt="Tren"),
        render.table_html(__import__("pandas").DataFrame({"OPD": ["A"], "n": [1234.5]}), lang="id"),
    )
    nb.cells.append(new_code_cell("x", outputs=[new_output("display_data", data={"text/html": section})]))
    return nb


def open_offline(browser, html: str, tmp_path: Path):
    """Open ``html`` from a file with the network off; return (page, problems)."""
    path = tmp_path / "page.html"
    path.write_text(html, encoding="utf-8")
    context = browser.new_context(offline=True)
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("requestfailed", lambda r: problems.append(f"failed request: {r.url}"))

    def guard(route):
        url = route.request.url
        if url.startswith(("file:", "data:")):
            route.continue_()
        else:
            problems.append(f"external request: {url}")
            route.abort()

    page.route("**/*", guard)
    page.goto(path.as_uri(), wait_until="load")
    page.evaluate("document.fonts.ready")
    return page, problems


def _check_renders(page) -> None:
    headings = page.locator("h1, h2")
    assert headings.count() >= 2
    assert headings.first.is_visible()
    images = page.evaluate(
        "Array.from(document.images).map(i => [i.complete, i.naturalWidth, i.getBoundingClientRect().width])"
    )
    assert images, "no images on the page"
    for complete, natural, shown in images:
        assert complete and natural > 0 and shown > 50, "an image did not load or is not shown"
    assert page.evaluate("document.fonts.check('16px \"Source Sans Pro\"')")
    family = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert "Source Sans Pro" in family


def test_analysis_html_renders_offline_in_chromium(browser, tmp_path):
    html = render.notebook_to_html(analysis_notebook(), title="Hasil Pelatihan", lang="id")
    page, problems = open_offline(browser, html, tmp_path)
    assert problems == []
    _check_renders(page)
    toc_links = page.locator("nav.toc a")
    assert toc_links.count() == 3
    target = toc_links.nth(1).get_attribute("href")
    toc_links.nth(1).click()  # a contents link leads to its heading
    assert page.evaluate("location.hash") == target
    assert page.locator(target).is_visible() and "Anggaran" in page.locator(target).inner_text()
    page.context.close()


def test_brief_html_renders_offline_in_chromium(browser, tmp_path):
    html = render.brief_to_html(_figure_notebook(), lang="id")
    page, problems = open_offline(browser, html, tmp_path)
    assert problems == []
    _check_renders(page)
    assert page.locator(".running-header").is_hidden()  # only in print
    assert page.locator("td.num").first.evaluate("e => getComputedStyle(e).textAlign") == "right"
    page.context.close()


def test_index_html_renders_offline_in_chromium(browser, tmp_path):
    periods = [{"period": "2026Q3", "links": {"Laporan (PDF)": "2026Q3/laporan-2026Q3.pdf"},
                "key_numbers": {"jp20_compliance": [("2026Q2", 0.3), ("2026Q3", 0.5)]}}]
    page, problems = open_offline(browser, render.index_html(periods, "en"), tmp_path)
    assert problems == []
    assert page.locator("h2").first.inner_text() == "Q3 2026"
    assert page.locator(".spark svg").first.is_visible()
    page.context.close()


AXE = Path(__file__).parent / "fixtures" / "axe" / "axe.min.js"  # axe-core from npm, vendored (MPL-2.0)


def axe_violations(page) -> list[dict]:
    """The WCAG 2 A/AA violations axe-core finds on the open page: rule, impact and first nodes."""
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    return page.evaluate(
        "async () => (await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa']}}))"
        ".violations.map(v => ({rule: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map(n => n.html)}))"
    )


def test_pages_pass_the_axe_accessibility_check(browser, tmp_path):
    """Analysis page (headings, tables, charts with alt text), index and agency index: no WCAG A/AA violation."""
    from analysis.report.render import agency_index_html
    from analysis.text.html import table_html

    nb = analysis_notebook()
    import pandas as pd

    frame = pd.DataFrame({"OPD": [f"Dinas {i}" for i in range(30)], "Peserta": range(30), **{f"Kolom {k}": 0.5 for k in range(12)}})
    nb.cells.append(new_code_cell("", outputs=[new_output(
        "display_data", data={"text/html": table_html(frame, lang="id", caption="Tabel lebar")})]))
    periods = [{"period": "2026Q3", "links": {"Laporan (PDF)": "2026Q3/laporan-2026Q3.pdf"},
                "key_numbers": {"jp20_compliance": [("2026Q2", 0.3), ("2026Q3", 0.5)]}}]
    agencies = [{"code": "DINKES", "name": "Dinas Kesehatan", "links": {"Laporan (PDF)": "DINKES.pdf"}}]
    pages = {
        "analysis": render.notebook_to_html(nb, title="Hasil Pelatihan", lang="id"),
        "index": render.index_html(periods, "id"),
        "agencies": agency_index_html("2026Q3", agencies, "id"),
    }
    found = {}
    for name, html in pages.items():
        folder = tmp_path / name
        folder.mkdir()
        page, problems = open_offline(browser, html, folder)
        assert problems == []
        if violations := axe_violations(page):
            found[name] = violations
        page.context.close()
    assert found == {}


def _pdftoppm() -> str:
    found = shutil.which("pdftoppm")
    if not found:
        _missing("pdftoppm (poppler-utils) not found")
    return found


def rasterise(pdf: Path, out: Path, dpi: int = 30) -> list[Path]:
    subprocess.run([_pdftoppm(), "-r", str(dpi), "-png", str(pdf), str(out / "page")], check=True)
    return sorted(out.glob("page-*.png"))


def page_variance(png: Path) -> float:
    from PIL import Image, ImageStat

    with Image.open(png) as image:
        return float(ImageStat.Stat(image.convert("L")).var[0])


def test_pdf_pages_are_a4_and_none_is_blank(tmp_path):
    pytest.importorskip("weasyprint")
    from pypdf import PdfReader

    html = render.brief_to_html(_figure_notebook(), lang="id")
    pdf = render.html_to_pdf(html, tmp_path / "brief.pdf")
    pages = rasterise(pdf, tmp_path)
    assert len(pages) == len(PdfReader(str(pdf)).pages) == 2  # the cover; contents, sections and chart
    for png in pages:
        assert page_variance(png) > 5.0, f"{png.name} looks blank"
    # a deliberately blank page is caught by the same measure
    blank = render.html_to_pdf("<html><body></body></html>", tmp_path / "blank.pdf")
    out = tmp_path / "blank"
    out.mkdir()
    assert page_variance(rasterise(blank, out)[0]) < 1.0


@pytest.mark.slow
def test_brief_notebook_on_sample_data_renders(tmp_path, sample_reports):
    """The real brief: the city pack's executed brief (papermill on the sample, the
    ``sample_reports`` fixture) -> HTML and PDF pages."""
    _, _, built = sample_reports
    executed = built.path / "executed" / "90_brief.ipynb"
    html = render.brief_to_html(executed, lang="id")
    assert "Triwulan III 2026" in html and "Rekomendasi" in html
    pdf = render.html_to_pdf(html, tmp_path / "brief.pdf")
    pages = rasterise(pdf, tmp_path)
    assert 4 <= len(pages) <= 14
    assert all(page_variance(p) > 5.0 for p in pages)
