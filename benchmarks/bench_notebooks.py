"""Where the notebooks spend their time: each notebook's code replayed in one process under cProfile.

Profiling inside a kernel is awkward, so this runs the code cells of
``00_data_quality``, ``10_training_outcomes``, ``20_coverage_participation``,
``30_budget``, ``40_service_link`` and ``90_brief`` (the city brief, then one
agency's brief) one after the other in this process, as papermill would run them:
the parameters cell, then the run's values, then every code cell in one
namespace per notebook, with the Agg backend and ``display`` output discarded. The
dataset is loaded once first (its cache warm, as in ``kompetensi report``), so no
notebook pays for validation; the first notebook pays for the imports (shown
separately as the first cell's time).

Per notebook it prints the CPU seconds (``time.process_time``, which the load of
other processes on a shared machine inflates much less than the wall time) of each
code cell, and the functions of the ``analysis`` package with the most cumulative
time (cProfile's default clock: wall seconds, so compare them within one run).
The profiler itself adds to the CPU seconds (more for code making many small calls).

Usage: ``python -m benchmarks notebooks`` (defaults), or with options
``python -m benchmarks.bench_notebooks [--data DIR] [--agency ID] [--top N] [--only STEM ...]``.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import io
import os
import pstats
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from analysis.brief.codes import CITY_TABLES_DIR
from analysis.data.paths import NOTEBOOKS_DIR, SAMPLE_DIR
from analysis.data.results import RESULTS_SUBDIR, TABLES_SUBDIR

NOTEBOOKS: tuple[str, ...] = (
    "00_data_quality", "10_training_outcomes", "20_coverage_participation", "30_budget", "40_service_link",
)
BRIEF = "90_brief"


@dataclass
class CellTime:
    """One code cell: its first line (the cell's comment) and its wall and CPU seconds."""

    title: str
    wall: float
    cpu: float


def _cells(stem: str) -> list[str]:
    import nbformat

    nb = nbformat.read(NOTEBOOKS_DIR / f"{stem}.ipynb", as_version=4)
    return [c.source for c in nb.cells if c.cell_type == "code"]


def _title(source: str) -> str:
    lines = [ln.strip() for ln in source.splitlines() if ln.strip()]
    first = next((ln for ln in lines if ln.startswith("#")), lines[0] if lines else "")
    return first.lstrip("# ")[:70]


def replay(stem: str, params: dict[str, object], profiler: cProfile.Profile) -> list[CellTime]:
    """Run the notebook's code cells in one fresh namespace, the parameters injected after the first."""
    import matplotlib.pyplot as plt

    cells = _cells(stem)
    namespace: dict[str, object] = {"__name__": "__main__"}
    injected = "\n".join(f"{k} = {v!r}" for k, v in params.items())
    times: list[CellTime] = []
    for i, source in enumerate(cells):
        code = compile(source + ("\n" + injected if i == 0 else ""), f"<{stem} cell {i}>", "exec")
        w, c = time.perf_counter(), time.process_time()
        with contextlib.redirect_stdout(io.StringIO()):
            profiler.enable()
            try:
                exec(code, namespace)  # noqa: S102 - the project's own notebooks
            finally:
                profiler.disable()
        times.append(CellTime(_title(source), time.perf_counter() - w, time.process_time() - c))
        plt.close("all")
    return times


def top_functions(profiler: cProfile.Profile, n: int) -> list[tuple[str, int, float, float]]:
    """The ``analysis`` package's functions with the most cumulative time: (name, calls, own s, cumulative s)."""
    stats = pstats.Stats(profiler)
    rows = []
    for (path, _line, func), (_cc, ncalls, tottime, cumtime, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        marker = f"{os.sep}analysis{os.sep}"
        if marker not in path:
            continue
        module = path.split(marker, 1)[1].removesuffix(".py").replace(os.sep, ".")
        rows.append((f"{module}.{func}", ncalls, tottime, cumtime))
    rows.sort(key=lambda r: -r[3])
    return rows[:n]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks notebooks", description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(SAMPLE_DIR))
    parser.add_argument("--agency", default=None, help="the agency of the agency brief (default: the first)")
    parser.add_argument("--top", type=int, default=12)
    parser.add_argument("--only", nargs="*", default=None, help="notebook stems (default: all, then the briefs)")
    args = parser.parse_args(argv or [])
    os.environ.setdefault("MPLBACKEND", "Agg")
    from analysis.data.io import load_dataset
    from analysis.data.periods import format_period

    with tempfile.TemporaryDirectory(prefix="bench-notebooks-") as tmp:
        work = Path(tmp)
        cache = work / "cache"
        ds = load_dataset(Path(args.data), cache_dir=cache)  # warm cache, as in the report
        period = format_period(ds.latest_period)
        units = ds.units
        agencies = sorted(str(a) for a in units.loc[units["unit_id"] == units["agency_id"], "agency_id"].unique())
        agency = args.agency or agencies[0]
        base = {"data_dir": str(Path(args.data).resolve()), "period": period, "lang": "id", "cache_dir": str(cache)}
        plan: list[tuple[str, str, dict[str, object]]] = []
        for stem in NOTEBOOKS:
            extra = {"previous_manifest": None} if stem == "00_data_quality" else {}
            plan.append((stem, stem, {**base, "agency": "all", "output_dir": str(work / stem), **extra}))
        plan.append((f"{BRIEF} (city)", BRIEF, {**base, "agency": "all", "output_dir": str(work / BRIEF)}))
        plan.append((f"{BRIEF} ({agency})", BRIEF, {**base, "agency": agency, "output_dir": str(work / "opd" / agency)}))
        if args.only:  # a brief without the analysis notebooks' results computes what it would read
            plan = [p for p in plan if p[1] in args.only or p[0] in args.only]
        print(f"data {args.data} ({len(ds.employees):,} employees), period {period}", flush=True)
        summary = []
        for label, stem, params in plan:
            if stem == BRIEF:  # as in the report: the analysis notebooks' results, and an agency's
                # brief also the city brief's results and key tables (analysis.report.pipeline)
                folder = Path(str(params["output_dir"]))
                copies = [(work / src / RESULTS_SUBDIR, folder / RESULTS_SUBDIR) for src in NOTEBOOKS]
                if params["agency"] != "all":
                    copies += [(work / BRIEF / RESULTS_SUBDIR, folder / RESULTS_SUBDIR),
                               (work / BRIEF / TABLES_SUBDIR, folder / CITY_TABLES_DIR)]
                for src_dir, dst_dir in copies:
                    dst_dir.mkdir(parents=True, exist_ok=True)
                    for path in src_dir.glob("*"):
                        if path.is_file():
                            shutil.copy2(path, dst_dir / path.name)
            profiler = cProfile.Profile()
            times = replay(stem, params, profiler)
            wall, cpu = sum(t.wall for t in times), sum(t.cpu for t in times)
            summary.append((label, wall, cpu))
            print(f"\n### {label}: {cpu:.2f} s CPU ({wall:.2f} s wall)\n")
            print("| cell | CPU (s) |\n|---|---:|")
            for t in sorted(times, key=lambda t: -t.cpu)[:8]:
                print(f"| {t.title} | {t.cpu:.2f} |")
            print("\n| function (analysis.*) | calls | own (s) | cumulative (s) |\n|---|---:|---:|---:|")
            for name, calls, own, cum in top_functions(profiler, args.top):
                print(f"| `{name}` | {calls:,} | {own:.2f} | {cum:.2f} |")
            sys.stdout.flush()
        print("\n| notebook | CPU (s) | wall (s) |\n|---|---:|---:|")
        for label, wall, cpu in summary:
            print(f"| {label} | {cpu:.2f} | {wall:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
