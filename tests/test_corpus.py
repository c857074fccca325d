"""The loader on a corpus of wrong and damaged files (tests/fixtures/corpus/corpus.py).

Every variant either loads correctly or raises a located DataValidationError
(each issue naming its file; the planted row where there is one); no other
exception, ever. The tally per category: ``python -m benchmarks corpus``.

A load costs about 0.3 s of CPU even on the small slice (pandas' per-operation
overhead), so the quick run (``make test-fast``) takes every fourth variant of each
category (at least two); the others are marked slow and run with ``make test``.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "corpus"))
import corpus  # noqa: E402

VARIANTS = corpus.variants()
CATEGORIES = (
    "columns", "types", "keys", "references", "ranges", "nips", "encodings", "delimiters", "line endings",
    "damaged containers", "hostile workbooks", "Excel errors", "plausibility", "formats",
)


@pytest.fixture(autouse=True)
def _salt(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("KOMPETENSI_SALT", corpus.SALT)
    monkeypatch.delenv("KOMPETENSI_SALT_FILE", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return corpus.make_slice(tmp_path_factory.mktemp("corpus") / "base")


def test_the_corpus_covers_every_category() -> None:
    counts = Counter(v.category for v in VARIANTS)
    assert len(VARIANTS) >= 200
    assert set(CATEGORIES) <= set(counts)
    assert all(counts[c] >= 8 for c in CATEGORIES), counts
    assert len({(v.category, v.name) for v in VARIANTS}) == len(VARIANTS)


def _quick(variants: list[corpus.Variant]) -> set[int]:
    """Positions of the variants in the quick run: every fourth of each category, at least two."""
    chosen: set[int] = set()
    by_category: dict[str, list[int]] = {}
    for i, v in enumerate(variants):
        by_category.setdefault(v.category, []).append(i)
    for positions in by_category.values():
        chosen.update(positions[::4])
        chosen.update(positions[:2])
    return chosen


QUICK = _quick(VARIANTS)
PARAMS = [
    pytest.param(v, id=f"{v.category}: {v.name}", marks=() if i in QUICK else pytest.mark.slow)
    for i, v in enumerate(VARIANTS)
]


@pytest.mark.parametrize("variant", PARAMS)
def test_loaded_or_located(base: Path, variant: corpus.Variant, tmp_path: Path) -> None:
    outcome = corpus.run_variant(base, variant, tmp_path)
    assert corpus.meets(variant, outcome) is None, corpus.meets(variant, outcome)


def test_damaged_cells_are_reported_once_with_their_own_message(base: Path, tmp_path: Path) -> None:
    by_name = {v.name: v for v in VARIANTS}
    formulas = corpus.run_variant(base, by_name["programs: formulas without saved values"], tmp_path)
    messages = Counter(i.message for i in formulas.issues)
    assert not [m for m in messages if "fill in the empty cell" in m]
    assert max(messages.values()) == len(corpus.frame_of(base, "programs"))  # one per formula cell
    huge = corpus.run_variant(base, by_name["programs.title: a 1 MB cell (CSV)"], tmp_path)
    assert sum(len(str(i)) for i in huge.issues) < 2_000  # the value is clipped, not echoed
    shown = next(i.value for i in huge.issues if i.row == 2)
    assert shown.startswith("yyy") and "1,000,000 characters" in shown and len(shown) < 120
