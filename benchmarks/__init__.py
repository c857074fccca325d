"""Benchmarks (``python -m benchmarks``): speed and memory of the toolkit at national scale.

Each ``benchmarks/bench_*.py`` module has a ``main()`` that runs its benchmark
and prints a table; results are recorded in ``benchmarks/README.md``.
"""
