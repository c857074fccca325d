"""What each chart of a notebook costs: its files, and showing it on the page.

A notebook saves each chart with :meth:`analysis.data.results.ResultsRecorder.figure`
(PNG and SVG, :func:`analysis.data.results.save_figure`); in the kernel the inline backend
then showed it on the page by drawing it a third time (a double-resolution "retina" PNG).
Now the page shows the PNG the notebook saved (:func:`analysis.charts.theme._saved_or_drawn`).

This replays the notebooks' code cells (:func:`benchmarks.bench_notebooks.replay`, Agg
backend) and, for every chart the notebook saves, measures the CPU seconds
(``time.process_time``) of: saving it; drawing it for the page as the inline backend did
(IPython's ``retina_figure``, after the save, as in the kernel); and showing the saved PNG
instead. Before = save + draw for the page; after = save + saved PNG.

Usage: ``python -m benchmarks.bench_figures [--only STEM ...]``.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import sys
import tempfile
import time
from pathlib import Path

DEFAULT = ("10_training_outcomes", "20_coverage_participation")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench_figures", description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", default=list(DEFAULT), help="notebook stems")
    args = parser.parse_args(argv or [])
    os.environ.setdefault("MPLBACKEND", "Agg")
    from IPython.core.pylabtools import retina_figure

    from analysis.charts.theme import _saved_or_drawn
    from analysis.data import results
    from analysis.data.io import load_dataset
    from analysis.data.paths import SAMPLE_DIR
    from analysis.data.periods import format_period
    from benchmarks.bench_notebooks import replay

    rows: list[tuple[str, str, float, float, float]] = []
    save = results.ResultsRecorder.figure

    def timed(recorder, fig, name, output_dir):  # noqa: ANN001, ANN202
        c0 = time.process_time()
        paths = save(recorder, fig, name, output_dir)
        c1 = time.process_time()
        _saved_or_drawn(fig, draw=lambda f: None)
        c2 = time.process_time()
        retina_figure(fig, base64=True, bbox_inches="tight")
        c3 = time.process_time()
        rows.append((recorder.notebook, name, c1 - c0, c3 - c2, c2 - c1))
        return paths

    results.ResultsRecorder.figure = timed  # type: ignore[method-assign]
    try:
        with tempfile.TemporaryDirectory(prefix="bench-figures-") as tmp:
            work = Path(tmp)
            cache = work / "cache"
            ds = load_dataset(SAMPLE_DIR, cache_dir=cache)
            period = format_period(ds.latest_period)
            for stem in args.only:
                params = {"data_dir": str(SAMPLE_DIR), "period": period, "lang": "id", "cache_dir": str(cache),
                          "agency": "all", "output_dir": str(work / stem)}
                replay(stem, params, cProfile.Profile())
    finally:
        results.ResultsRecorder.figure = save  # type: ignore[method-assign]
    print("| notebook | chart | save PNG+SVG | drawn for the page | saved PNG shown | before | after |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for nb, name, s, drawn, shown in rows:
        print(f"| {nb} | {name} | {s:.2f} | {drawn:.2f} | {shown:.3f} | {s + drawn:.2f} | {s + shown:.2f} |")
    for nb in dict.fromkeys(r[0] for r in rows):
        mine = [r for r in rows if r[0] == nb]
        s, drawn, shown = (sum(r[i] for r in mine) for i in (2, 3, 4))
        print(f"| **{nb}** | {len(mine)} charts | {s:.2f} | {drawn:.2f} | {shown:.3f} | {s + drawn:.2f} | {s + shown:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
