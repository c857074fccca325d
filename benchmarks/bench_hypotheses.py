"""The shipped hypothesis file on the city sample: how long each step and each hypothesis take.

In one process: loading and validating the sample, building the three frames
(unit panel, employee quarters, enrollments), estimating each hypothesis of
``data/examples/hypotheses/binjai.yaml`` and writing the outputs (JSON, HTML, PDF).
Then the whole command, ``kompetensi hypotheses``, in a fresh process (imports
included). Wall and CPU seconds are both shown: on a shared machine the wall time
follows the load, the CPU time much less. The file is copied to a temporary folder first, so the run does not
touch the register next to the shipped file.

Usage: ``python -m benchmarks hypotheses [--data DIR]``. Goal: well under a minute.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

from analysis.data.paths import SAMPLE_DIR


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks hypotheses")
    parser.add_argument("--data", default=str(SAMPLE_DIR))
    args = parser.parse_args(argv or [])

    import analysis
    from analysis.hypotheses import dataset_catalogue, load_spec
    from analysis.hypotheses.estimate import estimate
    from analysis.hypotheses.frames import HypothesisData
    from analysis.hypotheses.run import EXAMPLE_SPEC, HypothesisResults, write_outputs
    from analysis.hypotheses.verdicts import judge

    rows: list[tuple[str, float, float]] = []

    def clock() -> tuple[float, float]:
        return time.perf_counter(), time.process_time()

    def lap(name: str, start: tuple[float, float]) -> None:
        rows.append((name, time.perf_counter() - start[0], time.process_time() - start[1]))

    with tempfile.TemporaryDirectory() as tmp:
        spec_path = Path(tmp) / EXAMPLE_SPEC.name
        shutil.copy(EXAMPLE_SPEC, spec_path)
        t = clock()
        ds = analysis.load_dataset(args.data)
        lap("load and validate the data", t)
        cat = dataset_catalogue(ds)
        spec = load_spec(spec_path, cat)
        period = ds.latest_period
        data = HypothesisData(ds, period)
        for name in ("unit_panel", "employee_quarters", "enrollments"):
            t = clock()
            getattr(data, name)
            lap(f"frame: {name}", t)
        items = []
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for h in spec.hypotheses:
                t = clock()
                items.append((h, estimate(h, data, cat), cat.design(h.outcome, h.exposure)))
                lap(f"{h.id}: {h.outcome} <- {h.exposure}", t)
        table = judge(items, spec.alpha, spec.correction)
        t = clock()
        write_outputs(HypothesisResults(spec, period, table, cat), Path(tmp) / "out")
        lap("outputs: JSON, forest plot, HTML, PDF", t)
        wall, cpu = sum(r[1] for r in rows), sum(r[2] for r in rows)
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        t = time.perf_counter()
        kompetensi = Path(sys.executable).parent / "kompetensi"
        done = subprocess.run([str(kompetensi), "hypotheses", str(spec_path), "--data", args.data, "--period",
                               period, "--out", str(Path(tmp) / "cli")], capture_output=True, text=True)
        command = time.perf_counter() - t
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        command_cpu = (after.ru_utime + after.ru_stime) - (children.ru_utime + children.ru_stime)
        if done.returncode != 0:
            print(done.stderr, file=sys.stderr)
            return 1
    print(f"{len(spec.hypotheses)} hypotheses of {EXAMPLE_SPEC.name} on {args.data}, period {period}\n")
    print("| step | wall (s) | CPU (s) |\n|---|---:|---:|")
    for name, seconds, cpu_seconds in rows:
        print(f"| {name} | {seconds:.2f} | {cpu_seconds:.2f} |")
    print(f"| **in one process** | **{wall:.2f}** | **{cpu:.2f}** |")
    print(f"| **`kompetensi hypotheses` (fresh process)** | **{command:.2f}** | **{command_cpu:.2f}** |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
