"""The design documentation in docs/ must name things that exist and agree with the code.

Checks that every ``analysis.*`` name a page cites resolves, that the layer table matches the
import-linter contract, that the data contract page lists every table, column and code of
``analysis.data.contract``, and that every result code the notebooks record is traced in
docs/architecture.md.
"""

from __future__ import annotations

import importlib
import json
import re
import tomllib
from pathlib import Path

import pytest

from analysis.data.contract import IKM_CATEGORIES, METRIC_DIRECTIONS, TABLES
from analysis.data.paths import PROJECT_ROOT

DOCS = PROJECT_ROOT / "docs"
PAGES = ("README.md", "architecture.md", "data-contract.md", "definitions.md", "methods.md")
#: The design file that lived outside the repository; the docs replace it and never cite it.
OUTSIDE_DESIGN_FILE = "DESIGN" + ".md"
NAME = re.compile(r"`(analysis(?:\.[A-Za-z_][A-Za-z0-9_]*)+)")


def _text(page: str) -> str:
    return (DOCS / page).read_text(encoding="utf-8")


def _resolve(dotted: str) -> object:
    """Import the longest module prefix of ``dotted``, then follow attributes."""
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:cut]))
        except ModuleNotFoundError:
            continue
        for attr in parts[cut:]:
            obj = getattr(obj, attr)
        return obj
    raise ModuleNotFoundError(dotted)


@pytest.mark.parametrize("page", PAGES)
def test_page_exists_and_cites_no_outside_design_file(page):
    text = _text(page)
    assert text.startswith("# ")
    assert OUTSIDE_DESIGN_FILE not in text


@pytest.mark.parametrize("page", PAGES)
def test_every_cited_analysis_name_resolves(page):
    missing = []
    for dotted in sorted(set(NAME.findall(_text(page)))):
        try:
            _resolve(dotted)
        except (ImportError, AttributeError):
            missing.append(dotted)
    assert not missing, f"docs/{page} cites names that do not exist: {missing}"


def test_index_links_every_page():
    index = _text("README.md")
    for page in PAGES[1:]:
        assert f"]({page})" in index


def test_layer_table_matches_the_import_linter_contract():
    config = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contract = next(c for c in config["tool"]["importlinter"]["contracts"] if c["type"] == "layers")
    expected = [{m.strip() for m in layer.split("|")} for layer in contract["layers"]]
    section = _text("architecture.md").split("## Layers", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if re.match(r"^\| \d ", line)]
    layer_cells = [row.replace("\\|", " ").split("|")[2] for row in rows]
    documented = [set(re.findall(r"`(analysis\.[a-z_]+)`", cell)) for cell in layer_cells]
    assert documented == expected


def test_data_contract_page_lists_every_table_column_and_code():
    text = _text("data-contract.md")
    for table in TABLES.values():
        assert f"`{table.name}`" in text
        for col in table.columns:
            shown = f"**{col.name}**" if col.required else col.name
            assert shown in text, f"{table.name}.{col.name} missing or with the wrong requiredness"
            for code in col.codes or ():
                assert code in text, f"code {code} of {table.name}.{col.name} missing"
    for metric, direction in METRIC_DIRECTIONS.items():
        assert re.search(rf"\| `{metric}` \| {'higher' if direction > 0 else 'lower'} \|", text)


def test_definitions_page_has_the_contract_ikm_categories():
    text = _text("definitions.md")
    for code, low, high, label in IKM_CATEGORIES:
        assert f"| {code} | {low:.2f} – {high:.2f} | {label} |" in text


def test_methods_page_states_the_verdict_minimum():
    from analysis.stats.verdict import MIN_N

    assert f"MIN_N = {MIN_N}" in _text("methods.md")


#: Result-code prefixes (docs/architecture.md, "Where each number comes from").
PREFIXES = ("data_quality", "outcomes", "coverage", "budget", "linkage", "headline", "brief")


def _recorded_code_prefixes() -> set[str]:
    """The literal part of every result code written in the notebooks or in the areas'
    ``codes`` modules (the registry each notebook records through): passed to
    ``rec.record`` or quoted elsewhere (``("coverage.share_on_track", ...)``)."""
    found = set()
    in_record = re.compile(r"rec\.record\(\s*f?[\"']([a-z_][a-z0-9_]*\.[a-z0-9_.]*)")
    quoted = re.compile(rf"f?[\"']((?:{'|'.join(PREFIXES)})\.[a-z0-9_.]+)[\"'{{]")
    for path in sorted((PROJECT_ROOT / "src" / "analysis").glob("*/codes.py")):
        found.update(quoted.findall(path.read_text(encoding="utf-8")))
    for path in sorted((PROJECT_ROOT / "notebooks").glob("*.ipynb")):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            if cell["cell_type"] == "code":
                source = "".join(cell["source"])
                found.update(in_record.findall(source))
                found.update(quoted.findall(source))
    return found


def test_every_recorded_code_is_traced_in_architecture():
    from analysis.brief.headline import METRICS
    from analysis.coverage import LEADERSHIP_CODES
    from analysis.quality import ROWS_CODE

    text = _text("architecture.md")
    codes = _recorded_code_prefixes() | set(LEADERSHIP_CODES.values()) | {ROWS_CODE}
    codes |= {f"headline.{spec.code}" for spec in METRICS}
    assert len(codes) > 40
    missing = sorted(c for c in codes if f"`{c}" not in text)
    assert not missing, f"result codes not traced in docs/architecture.md: {missing}"


def test_readme_points_to_the_docs():
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    assert "## Where things are" in readme
    for page in PAGES[1:]:
        assert f"docs/{page}" in readme
    assert Path(DOCS / "README.md").is_file()
