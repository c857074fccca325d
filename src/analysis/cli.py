"""The ``kompetensi`` command line: sample data, validation, parameters and reports.

Each subcommand's work lives in its own module; this file only parses arguments
and dispatches, importing the module lazily so ``kompetensi --help`` is instant.

Exit codes
----------
0 done; 1 a problem with the data or the run that the message explains (every data
problem one line, located by file, row and column; the previous report untouched);
2 a usage error (argparse) or an input that does not exist; 3 an internal error: a
short message on stderr, and the full traceback written to a log file whose path
is printed (``$XDG_CACHE_HOME/kompetensi/logs/``, else ``~/.cache/kompetensi/logs/``,
else the system's temporary folder); 130 interrupted (Ctrl-C).
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import tempfile
import traceback
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

EXIT_DATA = 1
EXIT_INTERNAL = 3
EXIT_INTERRUPTED = 130

# subcommand -> "module:function"; the function takes the parsed args and returns an exit code.
HANDLERS = {
    "validate": "analysis.data.io:cli_validate",
    "sample": "analysis.sample:cli_sample",
    "params": "analysis.report:cli_params",
    "report": "analysis.report:cli_report",
    "audit": "analysis.report.audit:cli_audit",
    "hypotheses": "analysis.hypotheses.run:cli_hypotheses",
    "init": "analysis.report.scaffold:cli_init",
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kompetensi",
        description="Kota Binjai ASN competency-development evaluation toolkit.",
    )
    from analysis import __version__

    parser.add_argument("--version", action="version", version=f"kompetensi {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    i = sub.add_parser("init", help="create a project folder: config/, data/ (with the sample), notebooks/, reports/")
    i.add_argument("dir", help="the new folder (must be absent or empty)")
    i.add_argument("--lang", choices=["id", "en"], default="id", help="language of the folder's README (default id)")

    v = sub.add_parser("validate", help="check a data folder against the data contract")
    v.add_argument("data", help="folder of CSV/XLSX/Parquet files, one XLSX workbook, or a database URL "
                                "(sqlite:///simpeg.db, postgresql://user@host/db; password from KOMPETENSI_DB_PASSWORD)")
    v.add_argument("--mapping", help="mapping.yaml for a foreign export (default: DATA/mapping.yaml if present)")
    v.add_argument("--max-rows", type=int, default=40, help="problems listed per group (default 40)")
    v.add_argument("--lang", choices=["id", "en"], default="id",
                   help="language of the problems and the summary (default id, Bahasa Indonesia)")

    s = sub.add_parser("sample", help="generate synthetic Binjai-shaped data with planted effects")
    s.add_argument("--scale", choices=["city", "province", "national"], default="city",
                   help="size of the synthetic population (default city: one city's agencies)")
    s.add_argument("--employees", type=int, default=None, metavar="N",
                   help="about N employees instead of a named scale (Parquet parts; at least 1,000)")
    s.add_argument("--seed", type=int, default=2026, help="random seed; the same seed gives the same files (default 2026)")
    s.add_argument("--out", required=True, help="output folder (created; must be empty or absent)")
    s.add_argument("--end-period", default=None, help="last quarter generated, e.g. 2026Q3")

    p = sub.add_parser("params", help="list a notebook's parameters with types and defaults")
    p.add_argument("notebook", help="notebook path or name, e.g. 10_training_outcomes")

    r = sub.add_parser("report", help="build the quarterly report")
    r.add_argument("--data", required=True, help="data folder, or a database URL (see `kompetensi validate -h`)")
    r.add_argument("--period", default="latest", help="quarter, e.g. 2026Q3 (default: latest in the data)")
    r.add_argument("--lang", choices=["id", "en"], default="id",
                   help="language of the report (default id); English reports go to OUT/en/<period>/")
    r.add_argument("--agency", default=None, help="an agency_id, or 'all' for one brief per OPD")
    r.add_argument("--out", default="reports", help="reports folder (default reports/)")
    r.add_argument("--jobs", type=int, default=None, help="parallel workers (default: number of cores)")
    r.add_argument("--timeout", type=int, default=600, help="seconds per notebook (default 600)")
    r.add_argument("--cache-dir", default=None,
                   help="folder of the validated-data cache (default: the user's cache folder, see README)")
    r.add_argument("--no-cache", action="store_true", help="do not cache the validated data")
    r.add_argument("--config", default=None, metavar="DIR",
                   help="the city's configuration folder (targets.yaml, budget.yaml, ...); a file it lacks "
                        "comes from the package (see `kompetensi init`)")
    r.add_argument("--allow-findings", action="store_true",
                   help="publish even when the privacy audit finds something (the findings go into manifest.json)")
    r.add_argument("--internal", action="store_true",
                   help="also write per-employee lists (staff below 20 JP, by pseudonym) to reports/internal/<period>/ "
                        "for the HR office: personal data, must not leave the team (docs/disclosure.md)")
    a = sub.add_parser("audit", help="check a built report for personal data and small cells before it leaves the team")
    a.add_argument("report_dir", help="a built report folder, e.g. reports/2026Q3")
    a.add_argument("--data", default=None, help="the data folder, to look for employees' names (optional)")
    a.add_argument("--disclosure", default=None, help="disclosure policy YAML (default: the package's config/disclosure.yaml)")
    r.add_argument("--hypotheses", default=None, metavar="SPEC",
                   help="hypothesis file for the hypothesis page (default: data/examples/hypotheses/binjai.yaml; "
                        "'none' leaves the page out)")

    h = sub.add_parser("hypotheses", help="test the hypotheses of a YAML file (docs/hypotheses.md)")
    h.add_argument("spec", nargs="?", help="hypothesis file (YAML)")
    h.add_argument("--data", help="data folder")
    h.add_argument("--period", default="latest", help="last quarter used, e.g. 2026Q3 (default: latest in the data)")
    h.add_argument("--out", help="folder for hypotheses.json, hypotheses.html and hypotheses.pdf")
    h.add_argument("--lang", choices=["id", "en"], default="id", help="language of the page (default id)")
    h.add_argument("--list", action="store_true", help="list the outcomes, exposures and the design of each pair")
    return parser


def log_dir() -> Path:
    """Where crash logs go: ``$XDG_CACHE_HOME/kompetensi/logs`` (default ``~/.cache/...``)."""
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache) / "kompetensi" / "logs"


def write_crash_log(command: str, argv: Sequence[str], exc: BaseException) -> Path:
    """Write the traceback of an internal error to a new log file; its path.

    Tries :func:`log_dir`, then the system's temporary folder.
    """
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    text = (
        f"kompetensi {command}: internal error at {datetime.now().isoformat(timespec='seconds')}\n"
        f"command line: kompetensi {' '.join(argv)}\n"
        f"python: {sys.executable} {sys.version.split()[0]}\n\n"
        + "".join(traceback.format_exception(exc))
    )
    for folder in (log_dir(), Path(tempfile.gettempdir()) / "kompetensi-logs"):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / f"kompetensi-{command}-{stamp}-{os.getpid()}.log"
            path.write_text(text, encoding="utf-8")
            return path
        except OSError:
            continue
    raise OSError("no folder for the crash log is writable")


def main(argv: Sequence[str] | None = None) -> int:
    """Run one subcommand; the exit code (see the module docstring)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    args = build_parser().parse_args(argv)
    module_name, func_name = HANDLERS[args.command].split(":")
    try:
        handler = getattr(importlib.import_module(module_name), func_name)
        return int(handler(args) or 0)
    except KeyboardInterrupt:
        print(f"\nkompetensi {args.command}: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as exc:
        from analysis.data.errors import DataValidationError

        if isinstance(exc, DataValidationError):  # a data problem a handler did not format
            from analysis.data.io import format_issues

            print(format_issues(exc.issues, lang=getattr(args, "lang", "id")), file=sys.stderr)
            return EXIT_DATA
        first = (str(exc).strip().splitlines() or [""])[0][:200]
        print(f"kompetensi {args.command}: internal error: {type(exc).__name__}: {first}", file=sys.stderr)
        try:
            log = write_crash_log(args.command, argv, exc)
            print(f"kompetensi {args.command}: the full traceback is in {log}; please send it with the "
                  "command you ran", file=sys.stderr)
        except OSError:
            traceback.print_exception(exc, file=sys.stderr)
        return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())
