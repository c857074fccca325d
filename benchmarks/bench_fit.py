"""Benchmark: ``fit("y ~ x", fe=["unit", "period"], vcov={"cluster": "unit"})`` at national scale.

4.3 million rows, 50,000 units, 20 periods (defaults). Each engine runs in its
own subprocess, which reads the same Parquet file, fits the model twice (the
first call includes one-off costs such as JIT compilation) and reports wall
time of each call and its peak resident memory (``resource.getrusage``).
Engines: this toolkit (``analysis.stats.models.fit``) and pyfixest (``feols``), on
the full data; statsmodels (OLS with dummy columns, cluster-robust) cannot
hold 50,000 dummy columns, so all three are also compared on a subsample of
``--sub-units`` units.

Run: ``python -m benchmarks fit`` or ``python -m benchmarks.bench_fit [--rows N ...]``.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
FORMULA = "y ~ x"


def make_data(rows: int, units: int, periods: int, seed: int = 2026) -> pd.DataFrame:
    """Synthetic panel: y = 0.5 x + unit effect + period effect + unit-correlated noise."""
    rng = np.random.default_rng(seed)
    unit = rng.integers(0, units, rows).astype(np.int64)
    period = rng.integers(0, periods, rows).astype(np.int64)
    a = rng.normal(size=units)
    x = rng.normal(size=rows) + 0.3 * a[unit]
    y = (0.5 * x + a[unit] + 0.05 * period + 0.5 * rng.normal(size=units)[unit] * rng.normal(size=rows)
         + rng.normal(size=rows))
    return pd.DataFrame({"y": y, "x": x, "unit": unit, "period": period})


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _child(engine: str, path: str) -> dict[str, object]:
    """Runs inside the subprocess: load, fit twice, report."""
    import warnings

    warnings.simplefilter("ignore")
    data = pd.read_parquet(path)
    if engine == "analysis":
        from analysis.stats.models import fit

        def run():
            r = fit(data, FORMULA, fe=["unit", "period"], vcov={"cluster": "unit"})
            return float(r.coef["x"]), float(r.std_error["x"])
    elif engine == "pyfixest":
        import pyfixest as pf

        def run():
            r = pf.feols(f"{FORMULA} | unit + period", data, vcov={"CRV1": "unit"},
                         fixef_rm="none")
            return float(r.coef()["x"]), float(r.se()["x"])
    elif engine == "statsmodels":
        import statsmodels.formula.api as smf

        def run():
            r = smf.ols(f"{FORMULA} + C(unit) + C(period)", data).fit(
                cov_type="cluster", cov_kwds={"groups": data["unit"].to_numpy()})
            # statsmodels' factor (N-1)/(N-K) counts every dummy; fixest's does not count
            # the unit dummies nested in the unit clusters (K = 1 slope + period levels):
            # rescale to that convention so the SEs are comparable.
            n, k_sm = r.nobs, r.df_model + 1
            k_fx = 1 + data["period"].nunique()
            return float(r.params["x"]), float(r.bse["x"] * math.sqrt((n - k_sm) / (n - k_fx)))
    else:
        raise ValueError(f"unknown engine {engine!r}")
    base = _peak_mb()
    times = []
    est = se = math.nan
    for _ in range(2):
        start = time.perf_counter()
        est, se = run()
        times.append(time.perf_counter() - start)
    return {"engine": engine, "rows": len(data), "first_s": times[0], "second_s": times[1],
            "peak_mb": _peak_mb(), "loaded_mb": base, "coef": est, "se": se}


def _run_engine(engine: str, path: Path) -> dict[str, object]:
    cmd = [sys.executable, "-m", "benchmarks.bench_fit", "--child", engine, "--data", str(path)]
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, env=os.environ.copy())
    if proc.returncode != 0:
        return {"engine": engine, "error": (proc.stderr.strip().splitlines() or ["failed"])[-1]}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _sig_digits_agree(a: float, b: float) -> int:
    """Number of significant digits to which a and b agree (0..15)."""
    if a == b:
        return 15
    rel = abs(a - b) / max(abs(a), abs(b))
    return int(max(0, min(15, math.floor(-math.log10(rel)))))


def _table(results: list[dict[str, object]], title: str) -> str:
    ref = next((r for r in results if r.get("engine") == "pyfixest" and "error" not in r), None)
    ours = next((r for r in results if r.get("engine") == "analysis" and "error" not in r), None)
    lines = [f"**{title}**", "",
             "| engine | rows | 1st call (s) | 2nd call (s) | peak RSS (MB) | after load (MB) "
             "| coef x | SE x | digits = pyfixest (coef / SE) | time vs pyfixest |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in results:
        if "error" in r:
            lines.append(f"| {r['engine']} | – | failed: {r['error']} | | | | | | | |")
            continue
        agree = ratio = "–"
        if ref is not None:
            agree = (f"{_sig_digits_agree(r['coef'], ref['coef'])} / "
                     f"{_sig_digits_agree(r['se'], ref['se'])}")
            ratio = f"{r['second_s'] / ref['second_s']:.2f}x"
        lines.append(
            f"| {r['engine']} | {r['rows']:,} | {r['first_s']:.2f} | {r['second_s']:.2f} "
            f"| {r['peak_mb']:,.0f} | {r['loaded_mb']:,.0f} | {r['coef']:.9g} | {r['se']:.9g} "
            f"| {agree} | {ratio} |")
    if ours and ref:
        lines += ["", f"analysis.stats.models.fit is {ref['second_s'] / ours['second_s']:.1f}x faster than "
                  f"pyfixest (2nd call) with peak memory {ours['peak_mb']:,.0f} MB vs "
                  f"{ref['peak_mb']:,.0f} MB."]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> str:
    """Run the benchmark and print (and return) the Markdown tables."""
    p = argparse.ArgumentParser(prog="python -m benchmarks.bench_fit", description=__doc__.splitlines()[0])
    p.add_argument("--rows", type=int, default=4_300_000)
    p.add_argument("--units", type=int, default=50_000)
    p.add_argument("--periods", type=int, default=20)
    p.add_argument("--sub-units", type=int, default=500,
                   help="units in the subsample where statsmodels (dummy columns) also runs")
    p.add_argument("--child", help=argparse.SUPPRESS)
    p.add_argument("--data", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.child:
        print(json.dumps(_child(args.child, args.data)))
        return ""
    with tempfile.TemporaryDirectory(prefix="bench_fit_") as tmp:
        data = make_data(args.rows, args.units, args.periods)
        full = Path(tmp) / "full.parquet"
        data.to_parquet(full)
        sub = data.loc[data["unit"] < args.sub_units]
        subpath = Path(tmp) / "sub.parquet"
        sub.to_parquet(subpath)
        del data
        full_res = [_run_engine(e, full) for e in ("analysis", "pyfixest")]
        sub_res = [_run_engine(e, subpath) for e in ("analysis", "pyfixest", "statsmodels")]
    header = (f"fit(\"{FORMULA}\", fe=[\"unit\", \"period\"], vcov={{\"cluster\": \"unit\"}}); "
              f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs")
    text = "\n\n".join([
        header,
        _table(full_res, f"Full data: {args.rows:,} rows, {args.units:,} units, {args.periods} periods"),
        _table(sub_res, f"Subsample: the first {args.sub_units:,} units ({len(sub):,} rows); "
                        "statsmodels with dummy columns (its SE rescaled from K = all dummies "
                        "to fixest's K without the unit dummies nested in the clusters)"),
    ])
    print(text, flush=True)
    return text


if __name__ == "__main__":
    main(sys.argv[1:])
