"""Benchmark: the loader on the corpus of wrong and damaged files, tallied per category.

Builds the slice of the sample and every variant of ``tests/fixtures/corpus/corpus.py``,
loads each with ``analysis.load_dataset`` and prints, per category, how many
variants there are and how many loaded, ended in a located ``DataValidationError``
(every issue naming its file) or in anything else ("traceback", always a bug), how
many did not do what the variant expects, and the CPU seconds spent.

Run: ``python -m benchmarks corpus`` or ``python -m benchmarks.bench_corpus [--only WORD] [--profile]``.
``--profile`` adds where the CPU goes: the package's functions by cumulative time.

Where the time goes (2 cores shared, every sixth variant profiled): about 0.5 s of CPU per
load of the ~70-row slice, almost all of it pandas' fixed cost per operation (~1,100
Series built per load) rather than work on rows: ``parse_table`` ~60% (of which
``check_nips`` ~25%, ``normalise_text`` ~13%), ``check_table`` ~13%, the typed frames
~6%, reading the CSV ~12%. Running all ~220 variants by default would cost ~2 minutes of
CPU on its own, so the quick run keeps a quarter; cutting the per-load cost needs
validation that skips pandas for tiny tables, not a faster corpus.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _corpus():
    sys.path.insert(0, str(ROOT / "tests" / "fixtures" / "corpus"))
    import corpus

    return corpus


def tally(only: str | None = None) -> list[dict[str, object]]:
    """One row per category: variants, loaded, located, traceback, unmet, CPU seconds."""
    corpus = _corpus()
    os.environ.setdefault("KOMPETENSI_SALT", corpus.SALT)
    rows: dict[str, dict[str, object]] = defaultdict(
        lambda: {"variants": 0, "loaded": 0, "located": 0, "traceback": 0, "unmet": 0, "cpu_s": 0.0}
    )
    failures: list[str] = []
    with tempfile.TemporaryDirectory(prefix="kompetensi-corpus-") as tmp:
        os.environ.setdefault("XDG_CONFIG_HOME", str(Path(tmp) / "config"))
        base = corpus.make_slice(Path(tmp) / "base")
        for variant in corpus.variants():
            if only and only not in f"{variant.category} {variant.name}":
                continue
            started = time.process_time()
            outcome = corpus.run_variant(base, variant, Path(tmp))
            row = rows[variant.category]
            row["variants"] += 1  # type: ignore[operator]
            row[outcome.kind] += 1  # type: ignore[operator]
            row["cpu_s"] += time.process_time() - started  # type: ignore[operator]
            why = corpus.meets(variant, outcome)
            if why:
                row["unmet"] += 1  # type: ignore[operator]
                failures.append(f"[{variant.category}] {variant.name}: {why.strip().splitlines()[-1][:200]}")
    table = [{"category": name, **values} for name, values in rows.items()]
    total = {"category": "total", **{k: sum(r[k] for r in table) for k in table[0] if k != "category"}} if table else {}
    for line in failures:
        print(line)
    return [*table, total] if table else []


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="only variants whose category or name contains this text")
    parser.add_argument("--profile", action="store_true", help="print the package's functions by cumulative CPU")
    args = parser.parse_args(argv or [])
    wall = time.perf_counter()
    profiler = cProfile.Profile() if args.profile else None
    if profiler is not None:
        profiler.enable()
    table = tally(args.only)
    if profiler is not None:
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(r"src/analysis/data", 20)
    print("| category | variants | loaded | located error | traceback | unmet | CPU s |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for row in table:
        print(
            f"| {row['category']} | {row['variants']} | {row['loaded']} | {row['located']} | {row['traceback']} "
            f"| {row['unmet']} | {row['cpu_s']:.1f} |"
        )
    print(f"\nwall {time.perf_counter() - wall:.1f} s")


if __name__ == "__main__":
    main(sys.argv[1:])
