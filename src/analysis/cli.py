"""The ``kompetensi`` command line: sample data, validation, parameters and reports.

Each subcommand's work lives in its own module; this file only parses arguments
and dispatches, importing the module lazily so ``kompetensi --help`` is instant. Usage,
help and errors are in the ``--lang`` given (:mod:`analysis.text.cli`).

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
import functools
import importlib
import os
import sys
import tempfile
import traceback
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any, NoReturn

from analysis.text.cli import ARGPARSE, RUN, argparse_error, helptext
from analysis.text.lang import LANGS, Lang, pick

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


class _Parser(argparse.ArgumentParser):
    """An argument parser that speaks ``lang``: usage prefix, headings, the help option and
    argparse's usage errors (:mod:`analysis.text.cli`); subcommands' parsers inherit it."""

    def __init__(self, *args: Any, lang: Lang | str = "en", **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", functools.partial(_Formatter, usage=pick(lang, ARGPARSE["usage"])))
        super().__init__(*args, add_help=False, **kwargs)
        self.lang = lang
        self._positionals.title = pick(lang, ARGPARSE["positionals"])
        self._optionals.title = pick(lang, ARGPARSE["options"])
        self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help=pick(lang, ARGPARSE["help"]))

    def error(self, message: str) -> NoReturn:
        """Print the usage and the error in the parser's language; exit 2."""
        self.print_usage(sys.stderr)
        word = pick(self.lang, ARGPARSE["error"])
        self.exit(2, f"{self.prog}: {word}: {argparse_error(message, self.lang)}\n")


class _Formatter(argparse.HelpFormatter):
    def __init__(self, prog: str, *, usage: str = "usage: ", **kwargs: Any) -> None:
        super().__init__(prog, **kwargs)
        self._usage_prefix = usage

    def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, self._usage_prefix if prefix is None else prefix)


def requested_lang(argv: Sequence[str]) -> Lang:
    """The language asked for with ``--lang id|en`` (or ``--lang=...``) on the command line; English
    when none is given (the language of ``kompetensi --help``)."""
    for i, arg in enumerate(argv):
        value = argv[i + 1] if arg == "--lang" and i + 1 < len(argv) else arg.removeprefix("--lang=")
        if (arg == "--lang" or arg.startswith("--lang=")) and value in LANGS:
            return value  # type: ignore[return-value]
    return "en"


def build_parser(lang: Lang | str = "en") -> argparse.ArgumentParser:
    """The ``kompetensi`` parser, its usage and help in ``lang``."""
    def say(key: str) -> str:
        return helptext(key, lang)

    parser = _Parser(prog="kompetensi", description=say("description"), lang=lang)
    from analysis import __version__

    parser.add_argument("--version", action="version", version=f"kompetensi {__version__}",
                        help=pick(lang, ARGPARSE["version"]))
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    i = sub.add_parser("init", help=say("init"), lang=lang)
    i.add_argument("dir", help=say("init.dir"))
    i.add_argument("--lang", choices=["id", "en"], default="id", help=say("init.lang"))

    v = sub.add_parser("validate", help=say("validate"), lang=lang)
    v.add_argument("data", help=say("validate.data"))
    v.add_argument("--mapping", help=say("validate.mapping"))
    v.add_argument("--max-rows", type=int, default=40, help=say("validate.max_rows"))
    v.add_argument("--lang", choices=["id", "en"], default="id", help=say("validate.lang"))

    s = sub.add_parser("sample", help=say("sample"), lang=lang)
    s.add_argument("--scale", choices=["city", "province", "national"], default="city", help=say("sample.scale"))
    s.add_argument("--employees", type=int, default=None, metavar="N", help=say("sample.employees"))
    s.add_argument("--seed", type=int, default=2026, help=say("sample.seed"))
    s.add_argument("--out", required=True, help=say("sample.out"))
    s.add_argument("--end-period", default=None, help=say("sample.end_period"))

    p = sub.add_parser("params", help=say("params"), lang=lang)
    p.add_argument("notebook", help=say("params.notebook"))

    r = sub.add_parser("report", help=say("report"), lang=lang)
    r.add_argument("--data", required=True, help=say("report.data"))
    r.add_argument("--period", default="latest", help=say("report.period"))
    r.add_argument("--lang", choices=["id", "en"], default="id", help=say("report.lang"))
    r.add_argument("--agency", default=None, help=say("report.agency"))
    r.add_argument("--out", default="reports", help=say("report.out"))
    r.add_argument("--jobs", type=int, default=None, help=say("report.jobs"))
    r.add_argument("--timeout", type=int, default=600, help=say("report.timeout"))
    r.add_argument("--cache-dir", default=None, help=say("report.cache_dir"))
    r.add_argument("--no-cache", action="store_true", help=say("report.no_cache"))
    r.add_argument("--config", default=None, metavar="DIR", help=say("report.config"))
    r.add_argument("--allow-findings", action="store_true", help=say("report.allow_findings"))
    r.add_argument("--internal", action="store_true", help=say("report.internal"))
    a = sub.add_parser("audit", help=say("audit"), lang=lang)
    a.add_argument("report_dir", help=say("audit.report_dir"))
    a.add_argument("--data", default=None, help=say("audit.data"))
    a.add_argument("--disclosure", default=None, help=say("audit.disclosure"))
    r.add_argument("--hypotheses", default=None, metavar="SPEC", help=say("report.hypotheses"))

    h = sub.add_parser("hypotheses", help=say("hypotheses"), lang=lang)
    h.add_argument("spec", nargs="?", help=say("hypotheses.spec"))
    h.add_argument("--data", help=say("hypotheses.data"))
    h.add_argument("--period", default="latest", help=say("hypotheses.period"))
    h.add_argument("--out", help=say("hypotheses.out"))
    h.add_argument("--lang", choices=["id", "en"], default="id", help=say("hypotheses.lang"))
    h.add_argument("--list", action="store_true", help=say("hypotheses.list"))
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
    """Run one subcommand; the exit code (see the module docstring).

    Usage, help and the command's own errors are in the ``--lang`` given (English without one;
    after parsing, the subcommand's ``--lang``, whose default is Bahasa Indonesia).
    """
    argv = list(sys.argv[1:] if argv is None else argv)
    args = build_parser(requested_lang(argv)).parse_args(argv)
    lang = getattr(args, "lang", None) or requested_lang(argv)
    module_name, func_name = HANDLERS[args.command].split(":")
    try:
        handler = getattr(importlib.import_module(module_name), func_name)
        return int(handler(args) or 0)
    except KeyboardInterrupt:
        print("\n" + pick(lang, RUN["interrupted"]).format(command=args.command), file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as exc:
        from analysis.data.errors import DataValidationError

        if isinstance(exc, DataValidationError):  # a data problem a handler did not format
            from analysis.data.io import format_issues

            print(format_issues(exc.issues, lang=getattr(args, "lang", "id")), file=sys.stderr)
            return EXIT_DATA
        first = (str(exc).strip().splitlines() or [""])[0][:200]
        print(pick(lang, RUN["internal"]).format(command=args.command, kind=type(exc).__name__, first=first),
              file=sys.stderr)
        try:
            log = write_crash_log(args.command, argv, exc)
            print(pick(lang, RUN["log"]).format(command=args.command, log=log), file=sys.stderr)
        except OSError:
            traceback.print_exception(exc, file=sys.stderr)
        return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())
