"""The city's configuration files: where they are read from, and a strict, located check.

The package ships one of each file in ``analysis/config/`` (``targets.yaml``,
``budget.yaml``, ``disclosure.yaml``, ``service_link.yaml``, ``recommendations.yaml``).
A city keeps its own copies in a folder of its choice (``kompetensi report --config DIR``,
which sets :data:`CONFIG_ENV` for the run and its notebooks; ``kompetensi init`` writes
one): :func:`config_file` returns the city's file when the folder has it, else the
package's.

Every file is checked strictly against a small schema (:func:`check`): an unknown key
(``amber-band``, ``directon``) or a value of the wrong kind (``'75%'`` where a share is
expected) is an error that names the file and line, as
``targets.yaml:23: metrics.jp_on_track: unknown key 'amber-band' (did you mean 'amber_band'?)``;
all problems of a file are listed at once (:class:`ConfigError`).
"""

from __future__ import annotations

import difflib
import hashlib
import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from analysis.data.paths import CONFIG_DIR

__all__ = [
    "CONFIG_ENV", "CONFIG_FILES", "ConfigError", "ConfigProblem", "Located", "Schema", "check", "config_dir",
    "config_file", "config_record", "load_located", "number", "one_of", "share", "whole",
]

#: Environment variable naming the city's configuration folder (set by ``--config``).
CONFIG_ENV = "KOMPETENSI_CONFIG_DIR"
#: The configuration files a city can keep.
CONFIG_FILES: tuple[str, ...] = (
    "targets.yaml", "budget.yaml", "disclosure.yaml", "service_link.yaml", "recommendations.yaml",
)

#: A leaf check: returns a message when the value is wrong, else ``None``.
Check = Callable[[Any], str | None]
#: A schema: key -> check or nested schema; the key ``"*"`` matches any key not listed.
Schema = Mapping[str, "Check | Schema"]


def config_dir() -> Path | None:
    """The city's configuration folder (:data:`CONFIG_ENV`), or ``None``."""
    value = os.environ.get(CONFIG_ENV, "").strip()
    return Path(value).expanduser() if value else None


def config_file(name: str) -> Path:
    """The file ``name`` from the city's folder when it has one, else the package's."""
    folder = config_dir()
    if folder is not None and (folder / name).is_file():
        return folder / name
    return CONFIG_DIR / name


def config_record(names: Iterable[str] = CONFIG_FILES) -> list[dict[str, object]]:
    """What ``manifest.json`` records of each configuration file: name, origin and SHA-256."""
    rows = []
    for name in names:
        path = config_file(name)
        if path.is_file():
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            origin = "package" if path.parent == CONFIG_DIR else "city"
            rows.append({"name": name, "origin": origin, "sha256": digest})
    return rows


# ---------------------------------------------------------------------------- located YAML


@dataclass(frozen=True)
class ConfigProblem:
    """One problem of a configuration file: file, line (1-based), key path and message."""

    source: str
    line: int
    where: str
    message: str

    def __str__(self) -> str:
        where = f" {self.where}:" if self.where else ""
        return f"{self.source}:{self.line}:{where} {self.message}"


class ConfigError(ValueError):
    """A configuration file that does not pass its check; ``problems`` lists every one."""

    def __init__(self, problems: list[ConfigProblem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass(frozen=True)
class Located:
    """A parsed YAML file and the line of every key path (``("metrics", "ikm", "target")``)."""

    data: Any
    lines: Mapping[tuple[str, ...], int]
    source: str

    def line(self, where: tuple[str, ...]) -> int:
        """The line of ``where``, else of its nearest parent that has one (1 for the file)."""
        for cut in range(len(where), 0, -1):
            if where[:cut] in self.lines:
                return self.lines[where[:cut]]
        return 1

    def problem(self, where: tuple[str, ...], message: str) -> ConfigProblem:
        return ConfigProblem(self.source, self.line(where), ".".join(where), message)


def _lines(node: yaml.Node, prefix: tuple[str, ...], out: dict[tuple[str, ...], int]) -> None:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            path = (*prefix, str(key.value))
            out[path] = key.start_mark.line + 1
            _lines(value, path, out)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            path = (*prefix, str(i))
            out[path] = item.start_mark.line + 1
            _lines(item, path, out)


def load_located(path: str | Path) -> Located:
    """Parse a YAML file keeping the line of every key; a syntax error is a located :class:`ConfigError`."""
    path = Path(path)
    text = path.read_text(encoding="utf-8")
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line = mark.line + 1 if mark is not None else 1
        raise ConfigError([ConfigProblem(path.name, line, "", f"not valid YAML: {exc.problem}")]) from None
    lines: dict[tuple[str, ...], int] = {}
    if node is not None:
        _lines(node, (), lines)
    return Located(data if data is not None else {}, lines, path.name)


# ---------------------------------------------------------------------------- checks


def number(low: float | None = None, high: float | None = None, *, none_ok: bool = False) -> Check:
    """A number (not a text such as ``'75%'``) within ``low``..``high``."""

    def test(value: Any) -> str | None:
        if value is None and none_ok:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            return f"must be a number, got {value!r}"
        if (low is not None and value < low) or (high is not None and value > high):
            lo = "-∞" if low is None else f"{low:g}"
            hi = "∞" if high is None else f"{high:g}"
            return f"must be between {lo} and {hi}, got {value!r}"
        return None

    return test


def share() -> Check:
    """A proportion in 0..1 (``0.75``, not ``'75%'`` or ``75``)."""
    inner = number(0, 1)

    def test(value: Any) -> str | None:
        problem = inner(value)
        return None if problem is None else f"{problem} (a share is written as a proportion, e.g. 0.75)"

    return test


def whole(low: int = 0) -> Check:
    """A whole number at least ``low``."""

    def test(value: Any) -> str | None:
        if isinstance(value, bool) or not isinstance(value, int) or value < low:
            return f"must be a whole number of at least {low}, got {value!r}"
        return None

    return test


def one_of(*choices: object) -> Check:
    """One of ``choices``."""

    def test(value: Any) -> str | None:
        if value in choices:
            return None
        return f"must be one of {', '.join(map(str, choices))}, got {value!r}"

    return test


def check(doc: Located, schema: Schema, *, where: tuple[str, ...] = (), value: Any = None) -> list[ConfigProblem]:
    """Every problem of ``doc`` (or of ``value`` at ``where``) against ``schema``.

    A mapping's keys must be in the schema (or match ``"*"``); an unknown key is reported
    with the closest known one. A check (callable) tests a leaf; a nested schema expects
    a mapping. Keys the schema lists but the file leaves out are fine (defaults apply).
    """
    value = doc.data if not where and value is None else value
    if not isinstance(value, Mapping):
        return [doc.problem(where, f"must be a mapping of keys, got {type(value).__name__}")]
    problems = []
    known = [k for k in schema if k != "*"]
    for key, inner in value.items():
        path = (*where, str(key))
        rule = schema.get(str(key), schema.get("*"))
        if rule is None:
            close = difflib.get_close_matches(str(key), known, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else f" (known: {', '.join(known)})"
            problems.append(doc.problem(path, f"unknown key {key!r}{hint}"))
        elif callable(rule):
            message = rule(inner)
            if message:
                problems.append(doc.problem(path, message))
        else:
            problems += check(doc, rule, where=path, value=inner if inner is not None else {})
    return problems
