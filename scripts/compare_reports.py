"""Compare two built report folders: the check behind every refactor that must not change output.

Usage::

    python scripts/compare_reports.py BEFORE_DIR AFTER_DIR   # e.g. reports-before/2026Q3 reports/2026Q3

What counts as "the same":

- ``results.json``: every recorded number equal in every field the BEFORE file has (fields
  added later, such as the verdict fields of format 2, are not differences), in order;
  floats equal to the last digit (they are written by the same ``json`` encoder);
- ``tables.xlsx`` (and ``opd/*.xlsx`` if any): every sheet's cell values equal (the cover
  sheet's build date blanked);
- every PDF: the same number of pages and each page pixel-identical when rasterised with
  ``pdftoppm -r 60`` (needs poppler-utils);
- every HTML page: the visible text equal once dates, times and durations are blanked
  (the build stamps them) and the embedded images are ignored (matplotlib's SVG ids are
  random; figures are compared through the PDF).

Prints one line per difference and exits 1 when there is any, 0 when none.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

_VOLATILE = [
    re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2})?(\.\d+)?([+-]\d{2}:?\d{2}|Z)?"),
    re.compile(r"\b\d+(,|\.)?\d*\s?(s|detik|seconds?)\b"),
    re.compile(r"\b\d{1,2} [A-Z][a-z]+ \d{4}\b"),
]


def _visible_text(page: str) -> str:
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    page = re.sub(r"<svg\b.*?</svg>", " ", page, flags=re.S)
    page = re.sub(r'src="data:[^"]*"', "", page)
    text = html.unescape(re.sub(r"<[^>]+>", " ", page))
    for pattern in _VOLATILE:
        text = pattern.sub("<volatile>", text)
    return " ".join(text.split())


def _results(path: Path) -> list[dict]:
    return json.loads(path.read_text())["numbers"]


def _workbook(path: Path) -> dict[str, list[tuple]]:
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True, data_only=True)
    return {ws.title: [tuple(_mask(v) for v in row) for row in ws.iter_rows(values_only=True)] for ws in book}


def _mask(value: object) -> object:
    """A cell's value with the build's date stamp blanked."""
    if not isinstance(value, str):
        return value
    for pattern in _VOLATILE:
        value = pattern.sub("<volatile>", value)
    return value


def _pdf_pages(path: Path, workdir: Path) -> list[str]:
    prefix = workdir / hashlib.sha1(str(path).encode()).hexdigest()
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(path), str(prefix)], check=True)
    return [hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(workdir.glob(prefix.name + "*.png"))]


def compare(before: Path, after: Path) -> list[str]:
    """Every difference between two built report folders, as readable lines."""
    problems: list[str] = []
    names_before = {p.relative_to(before) for p in before.rglob("*") if p.is_file()}
    names_after = {p.relative_to(after) for p in after.rglob("*") if p.is_file()}
    for missing in sorted(names_before - names_after):
        problems.append(f"{missing}: missing after")
    for extra in sorted(names_after - names_before):
        problems.append(f"{extra}: new after")
    with tempfile.TemporaryDirectory() as tmp:
        for rel in sorted(names_before & names_after):
            a, b = before / rel, after / rel
            if rel.name == "results.json":
                ra, rb = _results(a), _results(b)
                if len(ra) != len(rb):
                    problems.append(f"{rel}: {len(ra)} numbers before, {len(rb)} after")
                for x, y in zip(ra, rb, strict=False):
                    if any(x[key] != y.get(key) for key in x):
                        problems.append(f"{rel}: {x.get('code')} {x} != {y}")
            elif rel.suffix == ".xlsx":
                wa, wb = _workbook(a), _workbook(b)
                if list(wa) != list(wb):
                    problems.append(f"{rel}: sheets {list(wa)} != {list(wb)}")
                for sheet in set(wa) & set(wb):
                    if wa[sheet] != wb[sheet]:
                        diff = next((i for i, (r1, r2) in enumerate(zip(wa[sheet], wb[sheet], strict=False)) if r1 != r2), None)
                        problems.append(f"{rel} [{sheet}]: cells differ (first at row {diff})")
            elif rel.suffix == ".pdf":
                pa, pb = _pdf_pages(a, Path(tmp)), _pdf_pages(b, Path(tmp))
                if len(pa) != len(pb):
                    problems.append(f"{rel}: {len(pa)} pages before, {len(pb)} after")
                for i, (x, y) in enumerate(zip(pa, pb, strict=False), start=1):
                    if x != y:
                        problems.append(f"{rel}: page {i} differs")
            elif rel.suffix == ".html":
                ta, tb = _visible_text(a.read_text()), _visible_text(b.read_text())
                if ta != tb:
                    at = next(i for i, (c1, c2) in enumerate(zip(ta, tb, strict=False)) if c1 != c2) if ta[:len(tb)] != tb[:len(ta)] else min(len(ta), len(tb))
                    problems.append(f"{rel}: text differs near ...{ta[max(0, at - 60):at + 60]!r} vs {tb[max(0, at - 60):at + 60]!r}")
    return problems


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        print(__doc__)
        return 2
    problems = compare(Path(args[0]), Path(args[1]))
    for line in problems:
        print(line)
    print(f"{len(problems)} differences")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
