"""Run every ``benchmarks/bench_*.py`` module's ``main()`` and print its table.

Usage: ``python -m benchmarks [name ...]`` (names like ``fit`` or ``bench_fit``
select modules; default all).
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import sys
import time
from pathlib import Path


def discover() -> list[str]:
    """Module names ``bench_*`` in this package, sorted."""
    here = Path(__file__).resolve().parent
    return sorted(m.name for m in pkgutil.iter_modules([str(here)]) if m.name.startswith("bench_"))


def run(selected: list[str] | None = None) -> int:
    names = discover()
    if selected:
        wanted = {s if s.startswith("bench_") else f"bench_{s}" for s in selected}
        unknown = wanted - set(names)
        if unknown:
            print(f"unknown benchmark(s): {', '.join(sorted(unknown))}; available: {', '.join(names)}",
                  file=sys.stderr)
            return 2
        names = [n for n in names if n in wanted]
    failed = 0
    for name in names:
        module = importlib.import_module(f"{__package__}.{name}")
        if not hasattr(module, "main"):
            continue
        print(f"== {name} ==", flush=True)
        start = time.perf_counter()
        try:
            # main(argv) or main(): run with default settings either way
            takes_args = bool(inspect.signature(module.main).parameters)
            module.main([]) if takes_args else module.main()
        except Exception as exc:  # report and continue with the next benchmark
            failed += 1
            print(f"{name} failed: {type(exc).__name__}: {exc}", file=sys.stderr)
        print(f"({name}: {time.perf_counter() - start:.0f} s)\n", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(run(sys.argv[1:]))
