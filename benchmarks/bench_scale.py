"""How the toolkit scales: load + validate + every KPI table by agency + the unit panel, per size.

For each size (city, province, an intermediate size built with ``--employees``, national) the
sample is generated once into a work folder outside the repository (default
``$TMPDIR/kompetensi-scale``), then each engine runs in a fresh subprocess that loads and
validates the data, computes ``jp_compliance``, ``participation``, ``spending``,
``funding_gap`` (by agency) and ``unit_panel`` (:func:`analysis.scale.kpi_tables`) and reports
its wall time, CPU time (user + system, every thread) and peak resident memory
(``resource.getrusage``, ``ru_maxrss``). The cost exponent b is the least-squares slope of
log(seconds) on log(rows) over the three largest sizes run by an engine (b = 1: linear).

Goal (issue 15): national <= 60 s and <= 8 GB peak on 2 cores, exponent <= 1.1. The pandas
engine is run where it fits (city, province, intermediate); the city is the path the
quarterly report takes (CSV, pandas), unchanged by the DuckDB engine.

Usage: ``python -m benchmarks scale`` or ``python -m benchmarks.bench_scale [--sizes city province
500000 national] [--work DIR] [--threads 2] [--memory-limit 6GB] [--engines duckdb pandas]``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

DEFAULT_SIZES = ("city", "province", "500000", "national")
#: Largest size the pandas engine is run at (beyond it needs tens of GB; issue 15).
PANDAS_MAX_EMPLOYEES = 600_000

_WORKER = """
import json, resource, sys, time
from analysis.data.engine import EngineSettings
from analysis.scale import kpi_tables
path, engine, threads, memory = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
wall, cpu = time.perf_counter(), time.process_time()
tables = kpi_tables(path, engine=engine, settings=EngineSettings(memory_limit=memory, threads=threads))
usage = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({
    "seconds": time.perf_counter() - wall,
    "cpu_seconds": time.process_time() - cpu,
    "peak_mb": usage.ru_maxrss / 1024,
    "rows": {name: len(frame) for name, frame in tables.items()},
}))
"""


def _size_folder(work: Path, size: str) -> Path:
    return work / (f"employees-{size}" if size.isdigit() else size)


def ensure_sample(work: Path, size: str) -> tuple[Path, float]:
    """The sample of ``size`` (generated as Parquet parts when absent) and the generation seconds."""
    from analysis.sample import write_sample

    folder = _size_folder(work, size)
    if (folder / "truth.json").is_file():
        return folder, float("nan")
    start = time.perf_counter()
    scale: str | int = int(size) if size.isdigit() else size
    write_sample(folder, scale=scale, fmt="parquet")  # type: ignore[arg-type]
    return folder, time.perf_counter() - start


def input_rows(folder: Path) -> tuple[int, int]:
    """(employees, enrollments) of a sample, from truth.json."""
    rows = json.loads((folder / "truth.json").read_text(encoding="utf-8"))["rows"]
    return int(rows["employees"]), int(rows["enrollments"])


def measure(folder: Path, engine: str, threads: int, memory_limit: str) -> dict:
    """Run the whole pipeline in a subprocess; its wall, CPU seconds and peak MB."""
    env = {**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}
    done = subprocess.run(
        [sys.executable, "-c", _WORKER, str(folder), engine, str(threads), memory_limit],
        capture_output=True, text=True, env=env, check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"{engine} on {folder.name} failed: {done.stderr.strip()[-800:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def exponent(rows: list[int], seconds: list[float]) -> float:
    """Slope b of log(seconds) = a + b log(rows) (least squares); NaN with fewer than 3 sizes."""
    if len(rows) < 3:
        return float("nan")
    b, _ = np.polyfit(np.log(rows), np.log(seconds), 1)
    return float(b)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="+", default=list(DEFAULT_SIZES))
    parser.add_argument("--work", default=str(Path(tempfile.gettempdir()) / "kompetensi-scale"))
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--memory-limit", default="6GB")
    parser.add_argument("--engines", nargs="+", default=["duckdb", "pandas"], choices=["duckdb", "pandas"],
                        help="engines to run (pandas only up to PANDAS_MAX_EMPLOYEES)")
    args = parser.parse_args(argv)
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    print(f"samples in {work}; DuckDB threads {args.threads}, memory limit {args.memory_limit}; "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    header = (f"{'size':<10} {'engine':<7} {'employees':>10} {'enrollments':>12} {'seconds':>8} "
              f"{'cpu s':>8} {'peak MB':>8} {'generate s':>10}")
    print(header)
    print("-" * len(header))
    fits: dict[str, list[tuple[int, float, float]]] = {"duckdb": [], "pandas": []}
    for size in args.sizes:
        folder, generated = ensure_sample(work, size)
        employees, enrollments = input_rows(folder)
        engines = [e for e in args.engines if e == "duckdb" or employees <= PANDAS_MAX_EMPLOYEES]
        for engine in engines:
            m = measure(folder, engine, args.threads, args.memory_limit)
            fits[engine].append((employees + enrollments, m["seconds"], m["cpu_seconds"]))
            gen = "" if np.isnan(generated) else f"{generated:.0f}"
            print(f"{size:<10} {engine:<7} {employees:>10,} {enrollments:>12,} {m['seconds']:>8.1f} "
                  f"{m['cpu_seconds']:>8.1f} {m['peak_mb']:>8.0f} {gen:>10}", flush=True)
    for engine, points in fits.items():
        last = sorted(points)[-3:]
        if len(last) == 3:
            rows = [p[0] for p in last]
            print(f"cost exponent ({engine}, the three largest sizes): wall {exponent(rows, [p[1] for p in last]):.2f}, "
                  f"CPU {exponent(rows, [p[2] for p in last]):.2f}")


if __name__ == "__main__":
    main(sys.argv[1:])
