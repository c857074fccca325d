"""Read and check a hypothesis file (YAML), keeping the line of every value.

The file format is documented in ``docs/hypotheses.md``; a worked example is
``data/examples/hypotheses/binjai.yaml``::

    title: Pengembangan kompetensi dan layanan 2026
    alpha: 0.05
    correction: holm            # holm | bh | none
    hypotheses:
      - id: H1
        statement: Unit yang pegawainya lebih banyak berlatih memiliki IKM lebih tinggi
        outcome: ikm
        exposure: jp_per_staff
        direction: greater       # greater | less | two_sided
        min_effect: 0.05         # outcome units per exposure unit, > 0
        periods: 2025Q1..2026Q2  # optional
        filter: {sector: [health, education]}  # optional

:func:`load_spec` reads the file with PyYAML's composer, whose nodes carry their
position, checks everything (structure, unknown or misspelt keys with the closest
allowed key, the catalogue of outcomes and exposures, impossible pairs, periods,
filters) and raises one :class:`SpecError` listing every problem with its line and
the allowed values. Nothing is estimated from a file with a problem.
"""

from __future__ import annotations

import difflib
import hashlib
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from analysis.data.periods import PeriodError, format_period, parse_period
from analysis.hypotheses import messages as msg
from analysis.hypotheses.catalogue import FILTER_CODES, FILTER_COLUMNS, Catalogue, catalogue
from analysis.text.lang import Lang, pick

TOP_KEYS: tuple[str, ...] = ("title", "alpha", "correction", "hypotheses")
HYPOTHESIS_KEYS: tuple[str, ...] = (
    "id", "statement", "outcome", "exposure", "direction", "min_effect", "periods", "filter", "level",
    "reference",
)
REQUIRED_HYPOTHESIS_KEYS: tuple[str, ...] = ("id", "statement", "outcome", "exposure", "direction",
                                             "min_effect")
DIRECTIONS: tuple[str, ...] = ("greater", "less", "two_sided")
CORRECTIONS: tuple[str, ...] = ("holm", "bh", "none")
DEFAULT_ALPHA = 0.05
DEFAULT_CORRECTION = "holm"


@dataclass(frozen=True)
class Hypothesis:
    """One checked hypothesis.

    ``periods`` is ``(first, last)`` or ``None`` (all quarters up to the run's period);
    ``filter`` maps a column to the values kept; ``level`` (one or more codes) and
    ``reference`` are set for categorical exposures (defaults filled in); ``line`` is
    the line of its ``- id:`` entry in the file.
    """

    id: str
    statement: str
    outcome: str
    exposure: str
    direction: str
    min_effect: float
    periods: tuple[str, str] | None = None
    filter: dict[str, tuple[str, ...]] = field(default_factory=dict)
    level: tuple[str, ...] = ()
    reference: str | None = None
    line: int = 0


@dataclass(frozen=True)
class Spec:
    """A checked hypothesis file: its settings, hypotheses, path and SHA-256 of its bytes."""

    title: str
    alpha: float
    correction: str
    hypotheses: tuple[Hypothesis, ...]
    path: Path | None = None
    sha256: str = ""


@dataclass(frozen=True)
class SpecProblem:
    """One problem in a hypothesis file: where (line, key path) and what, in both languages."""

    line: int
    where: str
    message: tuple[str, str]
    allowed: tuple[str, ...] = ()

    def text(self, lang: Lang = "en", source: str = "") -> str:
        """``binjai.yaml:12: hypotheses[1].outcome: <message>; allowed: a, b, c``."""
        place = f"{source}:{self.line}" if source else pick(lang, ("baris", "line")) + f" {self.line}"
        allowed = f"; {pick(lang, msg.ALLOWED)}: {', '.join(self.allowed)}" if self.allowed else ""
        return f"{place}: {self.where}: {pick(lang, self.message)}{allowed}"


class SpecError(ValueError):
    """A hypothesis file with problems; ``problems`` lists every one (sorted by line)."""

    def __init__(self, problems: Sequence[SpecProblem], source: str = "") -> None:
        self.problems = tuple(sorted(problems, key=lambda p: p.line))
        self.source = source
        super().__init__(self.report("en"))

    def report(self, lang: Lang = "en") -> str:
        """Every problem on its own line, the count first."""
        head = pick(lang, msg.problems_heading(len(self.problems), self.source))
        return "\n".join([head, *(f"  {p.text(lang, self.source)}" for p in self.problems)])


# ---------------------------------------------------------------------------- YAML with lines


def _line(node: yaml.Node) -> int:
    return int(node.start_mark.line) + 1


def _closest(word: str, allowed: Sequence[str]) -> str | None:
    found = difflib.get_close_matches(str(word), list(allowed), n=1, cutoff=0.6)
    return found[0] if found else None


class _Reader:
    """Walks the composed YAML nodes, collecting problems instead of stopping at the first."""

    def __init__(self, loader: yaml.SafeLoader) -> None:
        self.loader = loader
        self.problems: list[SpecProblem] = []

    def problem(self, node: yaml.Node | int, where: str, message: tuple[str, str],
                allowed: Sequence[str] = ()) -> None:
        line = node if isinstance(node, int) else _line(node)
        self.problems.append(SpecProblem(line, where, message, tuple(str(a) for a in allowed)))

    def value(self, node: yaml.Node) -> Any:
        return self.loader.construct_object(node, deep=True)

    def mapping(self, node: yaml.Node, where: str, keys: Sequence[str]) -> dict[str, tuple[yaml.Node, yaml.Node]]:
        """Key -> (key node, value node), reporting unknown (with the closest key) and repeated keys."""
        if not isinstance(node, yaml.MappingNode):
            self.problem(node, where, msg.NOT_A_MAPPING)
            return {}
        out: dict[str, tuple[yaml.Node, yaml.Node]] = {}
        for key_node, value_node in node.value:
            key = str(self.value(key_node))
            if key not in keys:
                near = _closest(key, keys)
                self.problem(key_node, f"{where}.{key}" if where else key, msg.unknown_key(key, near), keys)
                continue
            if key in out:
                self.problem(key_node, f"{where}.{key}" if where else key, msg.repeated_key(key))
                continue
            out[key] = (key_node, value_node)
        return out

    def text(self, node: yaml.Node, where: str) -> str | None:
        value = self.value(node) if isinstance(node, yaml.ScalarNode) else None
        if value is None or isinstance(value, (bool, dict, list)) or str(value).strip() == "":
            self.problem(node, where, msg.NOT_TEXT)
            return None
        return str(value).strip()

    def number(self, node: yaml.Node, where: str) -> float | None:
        value = self.value(node) if isinstance(node, yaml.ScalarNode) else None
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            self.problem(node, where, msg.NOT_A_NUMBER)
            return None
        return float(value)

    def texts(self, node: yaml.Node, where: str) -> tuple[str, ...] | None:
        """A scalar or a list of scalars, as text."""
        if isinstance(node, yaml.SequenceNode):
            items = [self.text(n, where) for n in node.value]
            if not items:
                self.problem(node, where, msg.EMPTY_LIST)
                return None
            return None if any(i is None for i in items) else tuple(items)  # type: ignore[arg-type]
        one = self.text(node, where)
        return None if one is None else (one,)


# ---------------------------------------------------------------------------- periods


def parse_periods(text: str) -> tuple[str, str]:
    """``"2025Q1..2026Q2"`` -> ``("2025Q1", "2026Q2")``; one quarter ``"2025Q1"`` is both ends.

    Raises ValueError when a quarter is malformed or the range runs backwards.
    """
    parts = [p.strip() for p in str(text).split("..")]
    if len(parts) == 1:
        parts = parts * 2
    if len(parts) != 2 or not all(parts):
        raise ValueError(text)
    first, last = (format_period(p) for p in parts)
    if parse_period(first) > parse_period(last):
        raise ValueError(text)
    return first, last


# ---------------------------------------------------------------------------- checks


def _hypothesis(reader: _Reader, node: yaml.Node, index: int, cat: Catalogue,
                seen_ids: dict[str, int]) -> Hypothesis | None:
    where = f"hypotheses[{index}]"
    fields = reader.mapping(node, where, HYPOTHESIS_KEYS)
    if not isinstance(node, yaml.MappingNode):
        return None
    before = len(reader.problems)
    for key in REQUIRED_HYPOTHESIS_KEYS:
        if key not in fields:
            reader.problem(node, where, msg.missing_key(key))
    got: dict[str, Any] = {}
    for key in ("id", "statement", "outcome", "exposure", "direction"):
        if key in fields:
            got[key] = reader.text(fields[key][1], f"{where}.{key}")
    hid = got.get("id")
    if hid is not None:
        if hid in seen_ids:
            reader.problem(fields["id"][1], f"{where}.id", msg.repeated_id(hid, seen_ids[hid]))
        else:
            seen_ids[hid] = _line(fields["id"][1])
    outcome, exposure = got.get("outcome"), got.get("exposure")
    if outcome is not None and outcome not in cat.outcomes:
        reader.problem(fields["outcome"][1], f"{where}.outcome",
                       msg.unknown_value("outcome", outcome, _closest(outcome, list(cat.outcomes))),
                       list(cat.outcomes))
        outcome = None
    if exposure is not None and exposure not in cat.exposures:
        reader.problem(fields["exposure"][1], f"{where}.exposure",
                       msg.unknown_value("exposure", exposure, _closest(exposure, list(cat.exposures))),
                       list(cat.exposures))
        exposure = None
    if outcome is not None and exposure is not None and cat.design(outcome, exposure) is None:
        reader.problem(fields["exposure"][1], f"{where}.exposure", msg.impossible_pair(outcome, exposure),
                       cat.exposures_for(outcome))
    direction = got.get("direction")
    if direction is not None and direction not in DIRECTIONS:
        reader.problem(fields["direction"][1], f"{where}.direction",
                       msg.unknown_value("direction", direction, _closest(direction, DIRECTIONS)), DIRECTIONS)
    min_effect = None
    if "min_effect" in fields:
        min_effect = reader.number(fields["min_effect"][1], f"{where}.min_effect")
        if min_effect is not None and min_effect <= 0:
            reader.problem(fields["min_effect"][1], f"{where}.min_effect", msg.MIN_EFFECT_POSITIVE)
            min_effect = None
    periods = None
    if "periods" in fields:
        text = reader.text(fields["periods"][1], f"{where}.periods")
        if text is not None:
            try:
                periods = parse_periods(text)
            except (ValueError, PeriodError):
                reader.problem(fields["periods"][1], f"{where}.periods", msg.bad_periods(text))
    level, reference = _levels(reader, fields, where, exposure, cat)
    filters = _filters(reader, fields, where, outcome, exposure, cat)
    if len(reader.problems) > before:
        return None
    return Hypothesis(
        id=hid, statement=got["statement"], outcome=outcome, exposure=exposure,  # type: ignore[arg-type]
        direction=direction, min_effect=min_effect, periods=periods, filter=filters,  # type: ignore[arg-type]
        level=level, reference=reference, line=_line(node),
    )


def _levels(reader: _Reader, fields: dict[str, tuple[yaml.Node, yaml.Node]], where: str,
            exposure: str | None, cat: Catalogue) -> tuple[tuple[str, ...], str | None]:
    if exposure is None:
        return (), None
    info = cat.exposures[exposure]
    if info.kind != "categorical":
        for key in ("level", "reference"):
            if key in fields:
                reader.problem(fields[key][0], f"{where}.{key}", msg.level_not_allowed(key, exposure))
        return (), None
    level: tuple[str, ...] | None = (info.default_level,) if info.default_level else None
    reference = info.default_reference
    if "level" in fields:
        level = reader.texts(fields["level"][1], f"{where}.level")
        for value in level or ():
            if value not in info.levels:
                reader.problem(fields["level"][1], f"{where}.level",
                               msg.unknown_value("level", value, _closest(value, info.levels)), info.levels)
    elif level is None:
        reader.problem(fields["exposure"][1], f"{where}.level", msg.level_needed(exposure), info.levels)
    if "reference" in fields:
        reference = reader.text(fields["reference"][1], f"{where}.reference")
        if reference is not None and reference not in info.levels:
            reader.problem(fields["reference"][1], f"{where}.reference",
                           msg.unknown_value("reference", reference, _closest(reference, info.levels)),
                           info.levels)
    if level and reference in level:
        node = fields["reference"][1] if "reference" in fields else fields["level"][1]
        reader.problem(node, f"{where}.reference", msg.reference_in_level(reference))  # type: ignore[arg-type]
    return tuple(level or ()), reference


def _filters(reader: _Reader, fields: dict[str, tuple[yaml.Node, yaml.Node]], where: str,
             outcome: str | None, exposure: str | None, cat: Catalogue) -> dict[str, tuple[str, ...]]:
    if "filter" not in fields:
        return {}
    where = f"{where}.filter"
    columns = FILTER_COLUMNS[cat.outcomes[outcome].level] if outcome is not None else tuple(
        dict.fromkeys(c for cols in FILTER_COLUMNS.values() for c in cols))
    out: dict[str, tuple[str, ...]] = {}
    for column, (key_node, value_node) in reader.mapping(fields["filter"][1], where, columns).items():
        values = reader.texts(value_node, f"{where}.{column}")
        if values is None:
            continue
        if column == exposure:
            reader.problem(key_node, f"{where}.{column}", msg.FILTER_ON_EXPOSURE)
            continue
        known = FILTER_CODES.get(column) or cat.ids.get(column)
        bad = [v for v in values if known and v not in known]
        for value in bad:
            reader.problem(value_node, f"{where}.{column}",
                           msg.unknown_value(column, value, _closest(value, known)), known)  # type: ignore[arg-type]
        if not bad:
            out[column] = values
    return out


def check_spec(text: str, cat: Catalogue | None = None, source: str = "") -> Spec:
    """Parse and check the text of a hypothesis file against a catalogue.

    Parameters
    ----------
    text
        The YAML text.
    cat
        The catalogue of outcomes and exposures (default: the contract's, without data;
        pass :func:`analysis.hypotheses.catalogue.dataset_catalogue` to allow the data's
        own service metrics and check filter ids).
    source
        The file name shown in problems.

    Returns
    -------
    Spec
        With ``sha256`` of the UTF-8 text (``path`` is set by :func:`load_spec`).

    Raises
    ------
    SpecError
        Listing every problem found, each with its line and the allowed values.
    """
    cat = cat or catalogue()
    loader = yaml.SafeLoader(text)
    try:
        root = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = int(mark.line) + 1 if mark is not None else 1
        raise SpecError([SpecProblem(line, "yaml", msg.yaml_syntax(str(exc.problem or exc)))], source) from None
    except yaml.YAMLError as exc:
        raise SpecError([SpecProblem(1, "yaml", msg.yaml_syntax(str(exc)))], source) from None
    finally:
        loader.dispose()
    reader = _Reader(yaml.SafeLoader(""))
    if root is None:
        raise SpecError([SpecProblem(1, "yaml", msg.EMPTY_FILE)], source)
    top = reader.mapping(root, "", TOP_KEYS)
    for key in ("title", "hypotheses"):
        if isinstance(root, yaml.MappingNode) and key not in top:
            reader.problem(root, key, msg.missing_key(key))
    title = reader.text(top["title"][1], "title") if "title" in top else None
    alpha = DEFAULT_ALPHA
    if "alpha" in top:
        value = reader.number(top["alpha"][1], "alpha")
        if value is not None and not 0 < value < 0.5:
            reader.problem(top["alpha"][1], "alpha", msg.ALPHA_RANGE)
        alpha = value if value is not None else alpha
    correction = DEFAULT_CORRECTION
    if "correction" in top:
        value = reader.text(top["correction"][1], "correction")
        if value is not None and value not in CORRECTIONS:
            reader.problem(top["correction"][1], "correction",
                           msg.unknown_value("correction", value, _closest(value, CORRECTIONS)), CORRECTIONS)
        correction = value or correction
    hypotheses: list[Hypothesis] = []
    if "hypotheses" in top:
        node = top["hypotheses"][1]
        if not isinstance(node, yaml.SequenceNode) or not node.value:
            reader.problem(node, "hypotheses", msg.NO_HYPOTHESES)
        else:
            seen: dict[str, int] = {}
            for i, item in enumerate(node.value):
                h = _hypothesis(reader, item, i, cat, seen)
                if h is not None:
                    hypotheses.append(h)
    if reader.problems:
        raise SpecError(reader.problems, source)
    return Spec(title=title or "", alpha=float(alpha), correction=correction,
                hypotheses=tuple(hypotheses), sha256=hashlib.sha256(text.encode("utf-8")).hexdigest())


def load_spec(path: str | Path, cat: Catalogue | None = None) -> Spec:
    """Read and check a hypothesis file (see :func:`check_spec`); ``sha256`` is of its bytes."""
    path = Path(path)
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SpecError([SpecProblem(1, "file", msg.NOT_UTF8)], path.name) from None
    spec = check_spec(text, cat, source=path.name)
    return Spec(spec.title, spec.alpha, spec.correction, spec.hypotheses, path,
                hashlib.sha256(data).hexdigest())
