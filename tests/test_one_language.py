"""One language per output: an Indonesian report carries no English, an English one no Indonesian.

The vocabulary checked is the package's own: every ``(Bahasa Indonesia, English)`` pair of
the catalogues the code defines (column labels, contract codes, verdict words, the areas'
and the report's messages). A phrase counts as English when it is one side of a pair and
appears in no Indonesian text of the catalogues (and the other way round), so shared
words (``Seminar``, ``IKM``, ``Target``) never count. The slow test builds the sample's
report in both languages into one reports folder and reads what leaves the team: the
workbook's visible cells, the HTML pages' text, the PDFs' text and the slide decks.
"""

from __future__ import annotations

import html as htmlmod
import importlib
import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

import pandas as pd
import pytest

from analysis.data.paths import SAMPLE_DIR
from analysis.report import outputs
from analysis.report.workbook import reader_values
from analysis.text import columns, phrases

#: Modules whose ``(id, en)`` pairs make the vocabulary.
CATALOGUES = (
    "analysis.data.contract",
    "analysis.text.words",
    "analysis.text.columns",
    "analysis.text.tables",
    "analysis.report.messages",
    "analysis.report.sheet_names",
    "analysis.report.slide_words",
    "analysis.brief.messages",
    "analysis.budget.messages",
    "analysis.coverage.messages",
    "analysis.outcomes.messages",
    "analysis.linkage.messages",
    "analysis.quality.messages",
    "analysis.hypotheses.messages",
)
_PLACEHOLDER = re.compile(r"\{[^{}]*\}")
_WORD = re.compile(r"[A-Za-zÀ-ÿ]+")


def _pairs(value: object) -> Iterator[tuple[str, str]]:
    if isinstance(value, tuple) and len(value) == 2 and all(isinstance(v, str) for v in value):
        yield value  # type: ignore[misc]
    elif isinstance(value, dict):
        for inner in value.values():
            yield from _pairs(inner)
    elif isinstance(value, tuple | list):
        for inner in value:
            yield from _pairs(inner)




def catalogue_pairs() -> list[tuple[str, str]]:
    """Every ``(id, en)`` pair the catalogue modules define (module-level constants)."""
    found = []
    for name in CATALOGUES:
        module = importlib.import_module(name)
        for attr, value in vars(module).items():
            if attr.isupper() or attr == "LABELS":
                pairs = list(_pairs(value))
                found += pairs
    return found


def data_words() -> str:
    """The city's own words, in either language: the sample's texts (programme titles, agency
    names), the names its files use (the contract's table and field names, which the
    data-quality page lists as they are) and the analysts' hypothesis file (its statements are
    shown as written)."""
    from analysis.data.contract import TABLES
    from analysis.hypotheses.run import EXAMPLE_SPEC

    texts = [name for table in TABLES.values() for name in (table.name, *(c.name for c in table.columns))]
    texts.append(EXAMPLE_SPEC.read_text(encoding="utf-8"))
    for path in sorted(SAMPLE_DIR.glob("*.csv")):
        frame = pd.read_csv(path, dtype=str)
        for col in frame.columns:
            texts += frame[col].dropna().unique().tolist()
    return " \n ".join(texts).casefold()


def _chunks(text: str) -> list[str]:
    """The literal pieces of a template (placeholders and markdown marks cut out), trimmed."""
    pieces = _PLACEHOLDER.split(text.replace("**", ""))
    return [" ".join(p.strip(" .,:;()-–—*/").split()) for p in pieces]


def _distinctive(phrase: str) -> bool:
    words = _WORD.findall(phrase)
    if len(words) >= 2:
        return len(phrase) >= 10
    return len(words) == 1 and len(words[0]) >= 7 and words[0] == phrase


def vocabulary(side: int) -> set[str]:
    """Phrases only one language uses: ``side`` 1 gives English ones, 0 Indonesian ones."""
    pairs = catalogue_pairs()
    other = " \n ".join(p[1 - side] for p in pairs).casefold() + data_words()
    words: set[str] = set()
    for pair in pairs:
        if pair[0] == pair[1]:
            continue
        for chunk in _chunks(pair[side]):
            if chunk and _distinctive(chunk) and chunk.casefold() not in other:
                words.add(chunk)
    return words


def find_phrases(text: str, phrases_: Iterable[str]) -> list[str]:
    """The phrases that occur in ``text`` as whole words (case-insensitive, any spacing)."""
    flat = " ".join(text.split()).casefold()
    hits = []
    for phrase in phrases_:
        pattern = r"(?<![\w-])" + r"\s+".join(re.escape(w) for w in phrase.casefold().split()) + r"(?![\w-])"
        if re.search(pattern, flat):
            hits.append(phrase)
    return sorted(hits)


# ---------------------------------------------------------------------------- what leaves the team


#: Between two cells or shapes: not whitespace, so a phrase never runs from one cell into the next.
CELL_BREAK = " ¦ "


def html_text(path: Path) -> str:
    """The visible text of an HTML page (no styles, scripts, tags or data URIs)."""
    raw = path.read_text(encoding="utf-8")
    raw = re.sub(r"<(style|script)\b.*?</\1>", " ", raw, flags=re.S | re.I)
    return htmlmod.unescape(re.sub(r"<[^>]+>", " ", raw))


def pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    return " ".join(page.extract_text() or "" for page in PdfReader(str(path)).pages)


def pptx_text(path: Path) -> str:
    from analysis.report.slides import deck_texts

    return CELL_BREAK.join(text for _, text in deck_texts(path))


def xlsx_text(path: Path) -> str:
    """Every visible text cell of a workbook (hidden rows and columns hold codes for machines)."""
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    book = load_workbook(path)
    texts = [" ".join(book.sheetnames)]
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if not isinstance(cell.value, str):
                    continue
                if sheet.row_dimensions[cell.row].hidden or sheet.column_dimensions[get_column_letter(cell.column)].hidden:
                    continue
                if cell.row > 5 and sheet.cell(row=4, column=cell.column).value in columns.IDENTIFIER_COLUMNS:
                    continue  # the names the city's data files use
                texts.append(cell.value)
    return CELL_BREAK.join(texts)


def output_texts(folder: Path) -> dict[str, str]:
    """Relative path -> visible text of every reader-facing file of a published report."""
    readers = {".html": html_text, ".pdf": pdf_text, ".pptx": pptx_text, ".xlsx": xlsx_text}
    found = {}
    for path in sorted(folder.rglob("*")):
        if path.suffix in readers and "outputs" not in path.parts and "executed" not in path.parts:
            found[str(path.relative_to(folder))] = readers[path.suffix](path)
    return found


# ---------------------------------------------------------------------------- fast tests


def test_the_vocabulary_is_the_codes_own_and_the_finder_can_fail():
    english, indonesian = vocabulary(1), vocabulary(0)
    assert "Completion rate" in english and "Tingkat kelulusan" in indonesian
    assert "Seminar" not in english | indonesian  # a word both languages use never counts
    planted = "Tabel kunci\nTingkat kelulusan per OPD; completion   rate naik."
    assert find_phrases(planted, english) == ["Completion rate"]
    assert find_phrases("Tingkat kelulusan naik.", english) == []
    assert find_phrases(f"Completion{CELL_BREAK}rate", english) == []  # two cells, not one phrase


def test_column_labels_cover_interval_columns_and_flag_codes():
    assert columns.column_label("completion_rate_ci_low", "id") == "Tingkat kelulusan: batas bawah IK 95%"
    assert columns.column_label("share_meeting_20jp", "en") == "Share of staff with 20 JP"
    assert columns.is_code("share_meeting_20jp") and not columns.is_code("Proporsi ASN")
    assert columns.value_label("government_institute", "id") == "Lembaga diklat pemerintah"
    assert columns.value_label("Dinas Kesehatan", "id") is None  # names are never touched


def test_cell_codes_become_words_only_when_every_cell_is_a_code():
    modality = pd.Series(["e_learning", "classroom", None])
    assert reader_values(modality, "id").tolist()[:2] == ["E-learning", "Klasikal"]
    mixed = pd.Series(["classroom", "Pelatihan Kepemimpinan"])  # a title column: left alone
    assert reader_values(mixed, "id").tolist() == mixed.tolist()
    quarters = pd.Series(["2026Q2", "2026Q3"])
    assert reader_values(quarters, "id").tolist() == ["Triwulan II 2026", "Triwulan III 2026"]
    sectors = pd.Series(["health, licensing"])
    assert reader_values(sectors, "en").tolist() == ["Health, Licensing"]


def test_an_indonesian_workbook_shows_no_code_and_keeps_the_codes_hidden(tmp_path):
    from openpyxl import load_workbook

    frame = pd.DataFrame({"modality": ["classroom", "e_learning"], "completion_rate": [0.8, 0.7],
                          "completion_rate_ci_low": [0.7, 0.6], "n": [40, 50], "note": ["fit ok", "fit ok"]})
    tables = [{"name": "outcomes_satisfaction", "notebook": "10_training_outcomes", "title": "Kepuasan",
               "note": "", "frame": frame}]
    path = outputs.write_tables_workbook(tables, tmp_path / "t.xlsx", period_label="Triwulan III 2026", lang="id")
    sheet = load_workbook(path)["Kepuasan peserta"]
    assert [c.value for c in sheet[4]][:3] == ["modality", "completion_rate", "completion_rate_ci_low"]
    assert sheet.row_dimensions[4].hidden
    assert [c.value for c in sheet[5]][:4] == ["Bentuk pembelajaran", "Tingkat kelulusan",
                                               "Tingkat kelulusan: batas bawah IK 95%", "Jumlah (n)"]
    assert sheet["A6"].value == "Klasikal" and sheet["B6"].value == 0.8
    assert sheet.column_dimensions["E"].hidden  # the English working note: machines only
    assert find_phrases(xlsx_text(path), vocabulary(1)) == []


def test_regression_numbers_stay_numbers_with_stars_apart():
    from analysis.text.tables import regression_table

    class Fit:
        nobs, fe, vcov_type = 120, ("unit_id", "period"), "CRV1 (unit_id)"

        @staticmethod
        def tidy() -> pd.DataFrame:
            return pd.DataFrame({"term": ["jp_per_staff_4q"], "estimate": [0.1244], "std_error": [0.03],
                                 "p_value": [0.0004]})

    labels = {c: columns.column_label(c, "id") for c in ("jp_per_staff_4q", "unit_id", "period")}
    table = regression_table({"(1)": Fit()}, lang="id", labels=labels)
    numbers = table.to_numbers()
    assert numbers.loc[0, "estimate"] == pytest.approx(0.1244) and numbers.loc[0, "stars"] == "***"
    shown = table.to_markdown()
    assert "0,124***" in shown and "Efek tetap: Triwulan" in shown and "klaster (Kode unit layanan)" in shown
    assert "unit_id" not in shown and "jp_per_staff" not in shown


def test_p_values_are_never_written_as_zero():
    assert phrases.p_statement(0.00002, "id") == "p < 0,001"
    assert phrases.p_statement(0.0344, "en") == "p = 0.034"
    assert phrases.p_statement(0.0002, "id", "p Holm") == "p Holm < 0,001"


def test_a_notebook_page_shows_the_cells_of_its_language_only():
    import nbformat

    from analysis.report import render

    nb = nbformat.v4.new_notebook()
    for lang, text in (("id", "# Cakupan\n\nApakah setiap ASN mendapat 20 JP?"),
                       ("en", "# Coverage\n\nDoes every ASN get 20 JP?")):
        cell = nbformat.v4.new_markdown_cell(text)
        cell.metadata["tags"] = [f"lang-{lang}"]
        nb.cells.append(cell)
    page = render.notebook_to_html(nb, title="Cakupan", lang="id")
    assert "Apakah setiap ASN" in page and "Does every ASN" not in page
    assert "Does every ASN" in render.notebook_to_html(nb, title="Coverage", lang="en")


# ---------------------------------------------------------------------------- the sample's report


@pytest.fixture
def both_reports(sample_reports) -> Path:
    """The reports folder of conftest's ``sample_reports``: the city pack in id, then in en."""
    return sample_reports[0]


@pytest.mark.slow
def test_each_language_has_its_own_files_and_the_index_links_both(both_reports: Path) -> None:
    id_dir, en_dir = both_reports / "2026Q3", both_reports / "en" / "2026Q3"
    assert (id_dir / "laporan-2026Q3.pdf").is_file() and (id_dir / "slides-2026Q3.pptx").is_file()
    assert (en_dir / "report-2026Q3-en.pdf").is_file() and (en_dir / "slides-2026Q3-en.pptx").is_file()
    assert not (id_dir / "report-2026Q3-en.pdf").exists() and not (en_dir / "laporan-2026Q3.pdf").exists()
    index = (both_reports / "index.html").read_text(encoding="utf-8")
    assert 'href="2026Q3/laporan-2026Q3.pdf"' in index and 'href="en/2026Q3/report-2026Q3-en.pdf"' in index
    assert '<html lang="id"' in index and '<html lang="en"' in (both_reports / "en" / "index.html").read_text()
    manifest = json.loads((id_dir / "manifest.json").read_text(encoding="utf-8"))
    recorded = {f["name"]: f for f in manifest["config"]["files"]}
    assert recorded["targets.yaml"]["origin"] == "package" and len(recorded["targets.yaml"]["sha256"]) == 64


@pytest.mark.slow
@pytest.mark.parametrize(("folder", "side"), [("2026Q3", 1), ("en/2026Q3", 0)], ids=["id-has-no-english", "en-has-no-indonesian"])
def test_a_report_speaks_one_language(both_reports: Path, folder: str, side: int) -> None:
    words = vocabulary(side)
    texts = output_texts(both_reports / folder)
    assert any(name.endswith(".xlsx") for name in texts) and any(name.endswith(".pptx") for name in texts)
    found = {name: hits for name, text in texts.items() if (hits := find_phrases(text, words))}
    assert found == {}


@pytest.mark.slow
def test_the_indonesian_workbook_shows_labels_and_numbers(both_reports: Path) -> None:
    from openpyxl import load_workbook

    book = load_workbook(both_reports / "2026Q3" / "tables.xlsx")
    for sheet in book.worksheets[1:]:
        codes = [c.value for c in sheet[4]]
        headers = [c.value for c in sheet[5]]
        assert not [h for h in headers if columns.is_code(h)], sheet.title
        if "estimate" in codes:  # estimates are numbers (stars, if any, in their own column)
            col = codes.index("estimate") + 1
            values = [sheet.cell(row=r, column=col).value for r in range(6, sheet.max_row + 1)]
            assert all(v is None or isinstance(v, int | float) for v in values), sheet.title
