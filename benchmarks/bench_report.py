"""The report pipeline against the naive way, side by side in one run.

**City pack.** Ours: ``build_report`` (``kompetensi report``) with one reused
kernel per worker (``--jobs``, default the number of cores), HTML/PDF export in
the workers, into ``reports/<period>/``. Naive: what a team would script by
hand: for each notebook in order, the ``papermill`` command line, then
``jupyter nbconvert --to html --no-input`` for each analysis notebook and for the
brief, then ``weasyprint`` on the brief's HTML for the PDF.

**Per-agency briefs.** Ours: ``--agency all`` (the city pack plus one brief per
OPD, spread over the workers), timed from the first to the last agency brief
and divided by their number. Naive: ``papermill`` + ``nbconvert`` + ``weasyprint``
per agency for the first ``--naive-agencies`` agencies (default 3), per brief.

Both sides use the same notebooks, data and a warm dataset cache (the cache is
filled before timing starts, so neither side pays for validation of a cold
cache). Timings depend on the machine and its load: compare the ratios of one run.

Usage: ``python -m benchmarks report [--data DIR] [--jobs N] [--naive-agencies K]``.
Goals on 2 cores: city pack <= 0.3x naive and <= 20 s; agency briefs <= 0.5 s each.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from analysis.data.paths import NOTEBOOKS_DIR, SAMPLE_DIR
from analysis.report.pipeline import ANALYSIS_NOTEBOOKS, BRIEF_NOTEBOOK, ReportRequest, build_report

BIN = Path(sys.executable).parent


def _run(cmd: list[str], cwd: Path | None = None) -> None:
    done = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd[:3])} ... failed:\n{done.stderr[-2000:]}")


def _papermill(nb: Path, out: Path, params: dict[str, object]) -> None:
    cmd = [str(BIN / "papermill"), str(nb), str(out), "-k", "python3", "--no-progress-bar"]
    for key, value in params.items():
        if value is None:
            continue
        cmd += ["-p", key, str(value)]
    _run(cmd)


def _nbconvert_html(nb: Path) -> Path:
    _run([str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(nb)])
    return nb.with_suffix(".html")


def _weasyprint(html: Path, pdf: Path) -> None:
    _run([str(BIN / "weasyprint"), str(html), str(pdf)])


def naive_city(data: Path, period: str, work: Path, cache: Path, lang: str) -> float:
    """Serial papermill CLI per notebook, nbconvert CLI per notebook, weasyprint for the PDF."""
    out = work / "naive-city"
    shared = out / "outputs"
    t0 = time.perf_counter()
    executed = []
    for stem in (*ANALYSIS_NOTEBOOKS, BRIEF_NOTEBOOK):
        params: dict[str, object] = {
            "data_dir": data, "period": period, "lang": lang, "agency": "all",
            "output_dir": shared, "cache_dir": cache,
        }
        if stem == "00_data_quality":
            params["previous_manifest"] = None
        target = out / f"{stem}.ipynb"
        out.mkdir(parents=True, exist_ok=True)
        _papermill(NOTEBOOKS_DIR / f"{stem}.ipynb", target, params)
        executed.append(target)
    for nb in executed:
        _nbconvert_html(nb)
    _weasyprint(out / f"{BRIEF_NOTEBOOK}.html", out / f"laporan-{period}.pdf")
    return time.perf_counter() - t0


def naive_agency(data: Path, period: str, work: Path, cache: Path, lang: str, agencies: list[str], results: Path) -> float:
    """Per agency: papermill CLI, nbconvert CLI, weasyprint. Seconds per brief."""
    out = work / "naive-opd"
    out.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    for agency in agencies:
        folder = out / agency
        shutil.copytree(results, folder / "results", dirs_exist_ok=True)
        target = out / f"{agency}.ipynb"
        _papermill(NOTEBOOKS_DIR / f"{BRIEF_NOTEBOOK}.ipynb", target, {
            "data_dir": data, "period": period, "lang": lang, "agency": agency,
            "output_dir": folder, "cache_dir": cache,
        })
        _weasyprint(_nbconvert_html(target), out / f"{agency}.pdf")
    return (time.perf_counter() - t0) / max(len(agencies), 1)


def _fmt_row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench_report", description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(SAMPLE_DIR))
    parser.add_argument("--lang", default="id")
    parser.add_argument("--jobs", type=int, default=None, help="workers (default: number of cores)")
    parser.add_argument("--naive-agencies", type=int, default=3)
    parser.add_argument("--skip-naive", action="store_true", help="time our pipeline only")
    args = parser.parse_args(argv or [])
    from analysis.report.kernel import skip_slow_optional_imports

    skip_slow_optional_imports()
    from analysis.data.io import load_dataset

    jobs = args.jobs or os.cpu_count() or 1
    with tempfile.TemporaryDirectory(prefix="bench-report-") as tmp:
        work = Path(tmp)
        cache = work / "cache"
        data = work / "data"  # a snapshot: both sides read the same files
        shutil.copytree(Path(args.data).resolve(), data)
        ds = load_dataset(data, cache_dir=cache)  # warm cache for both sides
        period = ds.latest_period
        print(f"data {data} ({len(ds.employees):,} employees), period {period}, {jobs} workers, "
              f"{os.cpu_count()} CPUs", flush=True)

        t0 = time.perf_counter()
        city = build_report(ReportRequest(data=data, period=period, lang=args.lang, out=work / "ours",
                                          jobs=jobs, cache_dir=cache))
        ours_city = time.perf_counter() - t0
        print(f"ours, city pack: {ours_city:.1f} s", flush=True)

        t0 = time.perf_counter()
        fan = build_report(ReportRequest(data=data, period=period, lang=args.lang, agency="all",
                                         out=work / "ours-opd", jobs=jobs, cache_dir=cache))
        ours_fan_total = time.perf_counter() - t0
        step = next(s for s in fan.steps if s["step"] == "agency_briefs")
        n_agencies = int(step["count"])
        ours_per_brief = float(step["seconds"]) / n_agencies
        print(f"ours, --agency all: {ours_fan_total:.1f} s in total, {n_agencies} agency briefs in "
              f"{step['seconds']:.1f} s ({ours_per_brief:.2f} s each)", flush=True)

        naive_city_s = naive_per_brief = None
        if not args.skip_naive:
            naive_city_s = naive_city(data, period, work, cache, args.lang)
            print(f"naive, city pack: {naive_city_s:.1f} s", flush=True)
            agencies = list(fan.agencies[: args.naive_agencies])
            results = city.path / "outputs"
            merged = work / "naive-results"
            merged.mkdir()
            for stem in ANALYSIS_NOTEBOOKS:
                for path in (results / stem / "results").glob("*.json"):
                    shutil.copy2(path, merged / path.name)
            naive_per_brief = naive_agency(data, period, work, cache, args.lang, agencies, merged)
            print(f"naive, agency briefs: {naive_per_brief:.2f} s each (first {len(agencies)})", flush=True)

    def ratio(a: float, b: float | None) -> str:
        return "-" if b is None else f"{a / b:.2f}x"

    def secs(x: float | None) -> str:
        return "-" if x is None else f"{x:.1f}"

    print()
    print(_fmt_row(["task", "ours (s)", "naive (s)", "ours / naive", "goal"]))
    print(_fmt_row(["---", "---:", "---:", "---:", "---"]))
    print(_fmt_row(["city pack (6 notebooks, HTML, PDF, workbook, manifest)", secs(ours_city),
                    secs(naive_city_s), ratio(ours_city, naive_city_s), "<= 0.3x and <= 20 s"]))
    print(_fmt_row([f"agency brief, per brief ({n_agencies} OPD)", f"{ours_per_brief:.2f}",
                    "-" if naive_per_brief is None else f"{naive_per_brief:.2f}",
                    ratio(ours_per_brief, naive_per_brief), "<= 0.5 s each"]))
    print()
    steps = {s["step"]: s for s in city.steps}
    detail = ", ".join(
        f"{k.removeprefix('notebook:')} {v['seconds']:.1f}" for k, v in steps.items() if k.startswith("notebook:")
    )
    print(f"ours, city pack steps (s): load {steps['load_dataset']['seconds']:.1f}, kernels ready "
          f"{steps['kernels_ready']['seconds']:.1f}, {detail}")
    print(json.dumps({"ours_city_s": ours_city, "naive_city_s": naive_city_s, "ours_per_brief_s": ours_per_brief,
                      "naive_per_brief_s": naive_per_brief, "agencies": n_agencies, "jobs": jobs}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
