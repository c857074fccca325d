"""The city's targets for the headline numbers, and the traffic light of a number against its target.

The targets are set in ``config/targets.yaml`` (:func:`load_targets`); each headline
number gets one target, or four for the end of Q1..Q4 when the number builds up over
the year (20-JP compliance, absorption).

Traffic lights (:func:`traffic_light`): for a higher-is-better number, green
when the estimate is at or above the target, amber when it is within the amber
band below it, red otherwise (mirrored for lower-is-better numbers); "none"
when the number or its target is missing, and "insufficient" when it rests on
fewer than ``min_n`` observations ("no_data" when there is no number at all).
The light judges the point estimate; the interval is shown beside it so a reader
sees how sure it is.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from analysis.brief.metrics import CODES, metric_spec
from analysis.data.config import (
    ConfigError,
    Schema,
    check,
    config_file,
    load_located,
    number,
    one_of,
    whole,
)
from analysis.data.paths import CONFIG_DIR
from analysis.data.periods import parse_period
from analysis.stats.verdict import MIN_N, enough_data

DEFAULT_TARGETS = CONFIG_DIR / "targets.yaml"
TARGETS_FILE = "targets.yaml"


def _target_value(value: Any) -> str | None:
    """A target: one number, or a list of four (the end of Q1..Q4)."""
    if isinstance(value, list | tuple):
        if len(value) != 4:
            return f"must be one number or four (Q1..Q4), got {len(value)} values"
        problems = [number()(v) for v in value]
        return next((f"value {i + 1} {p}" for i, p in enumerate(problems) if p), None)
    return number()(value)


_ENTRY: Schema = {
    "target": _target_value,
    "amber_band": number(0),
    "direction": one_of("higher", "lower"),
    "min_n": whole(0),
    "note": lambda v: None if isinstance(v, str) else f"must be a text, got {v!r}",
}
#: The schema of ``targets.yaml`` (:func:`analysis.data.config.check`): every key and value kind.
TARGETS_SCHEMA: Schema = {
    "defaults": {k: v for k, v in _ENTRY.items() if k != "target"},
    "metrics": {code: _ENTRY for code in CODES},
}
#: Lights a number can get.
STATUSES: tuple[str, ...] = ("green", "amber", "red", "no_data", "insufficient", "none")


@dataclass(frozen=True)
class Target:
    """The city's target for one headline number.

    ``target`` is one value, or four values for the end of Q1..Q4 (numbers that
    build up over the year, such as 20-JP compliance and absorption).
    ``amber_band`` is the distance from the target (in the number's unit) that is
    still amber; ``direction`` +1 higher is better, -1 lower is better;
    ``min_n`` the fewest observations for a light.
    """

    code: str
    target: tuple[float, ...]
    amber_band: float
    direction: int
    min_n: int = MIN_N
    note: str = ""

    def value_for(self, period: str | pd.Period) -> float:
        """The target at the end of ``period`` (the quarter's entry of a four-value target)."""
        if len(self.target) == 1:
            return self.target[0]
        return self.target[parse_period(period).quarter - 1]


def _parse_direction(value: object, code: str) -> int:
    if value in ("higher", 1, "+1"):
        return 1
    if value in ("lower", -1, "-1"):
        return -1
    raise ValueError(f"targets: {code}.direction must be 'higher' or 'lower'; got {value!r}")


def _target(code: str, entry: Mapping[str, Any]) -> Target:
    """One checked :class:`Target` from its entry (defaults already merged in)."""
    if "target" not in entry or entry["target"] is None:
        raise ValueError(f"targets: {code} has no 'target'")
    raw = entry["target"]
    values = tuple(float(v) for v in raw) if isinstance(raw, list | tuple) else (float(raw),)
    if len(values) not in (1, 4):
        raise ValueError(f"targets: {code}.target must be one value or four (Q1..Q4); got {len(values)}")
    band = float(entry.get("amber_band", 0.0))
    min_n = int(entry.get("min_n", MIN_N))
    if band < 0 or min_n < 0:
        raise ValueError(f"targets: {code}.amber_band and min_n must be >= 0")
    default_direction = "higher" if metric_spec(code).direction > 0 else "lower"
    direction = _parse_direction(entry.get("direction", default_direction), code)
    return Target(code, values, band, direction, min_n, str(entry.get("note", "")))


def targets_from_mapping(config: Mapping[str, Any]) -> dict[str, Target]:
    """Build and check :class:`Target` s from the parsed ``targets.yaml`` mapping.

    Raises
    ------
    ValueError
        For an unknown code, a missing ``target``, a target list that is not 4
        values long, a negative ``amber_band`` or ``min_n``, or a bad ``direction``.
    """
    if not isinstance(config, Mapping) or "metrics" not in config:
        raise ValueError("targets: the file must have a 'metrics:' mapping")
    defaults = dict(config.get("defaults") or {})
    out: dict[str, Target] = {}
    for code, entry in (config.get("metrics") or {}).items():
        if code not in CODES:
            raise ValueError(f"targets: unknown metric {code!r}; known: {', '.join(CODES)}")
        out[code] = _target(code, {**defaults, **(entry or {})})
    return out


def load_targets(path: str | Path | None = None) -> dict[str, Target]:
    """Read the city's targets: ``path``, else the city's ``targets.yaml``
    (:func:`analysis.data.config.config_file`), else the package's.

    Raises
    ------
    analysis.data.config.ConfigError
        Listing every unknown key or wrong value with its file and line.
    """
    path = Path(path) if path is not None else config_file(TARGETS_FILE)
    if not path.exists():
        raise FileNotFoundError(f"targets file not found: {path}")
    doc = load_located(path)
    problems = check(doc, TARGETS_SCHEMA)
    if problems:
        raise ConfigError(problems)
    return targets_from_mapping(doc.data)


def resolve_targets(targets: Mapping[str, Target] | str | Path | None) -> Mapping[str, Target]:
    """``targets`` as given, or read from a YAML path (``None``: the project's file)."""
    if targets is None or isinstance(targets, str | Path):
        return load_targets(targets)
    return targets


def traffic_light(
    estimate: float | None,
    target: float | None,
    amber_band: float,
    direction: int = 1,
    n: int | None = None,
    min_n: int = 0,
) -> str:
    """Green / amber / red for one number against its target.

    Higher is better (``direction=1``): green if ``estimate >= target``, amber if
    ``estimate >= target - amber_band``, else red; lower is better: green if
    ``estimate <= target``, amber if ``<= target + amber_band``, else red.
    ``"no_data"`` when the estimate is missing, ``"none"`` when the target is;
    ``"insufficient"`` when ``n`` is given and below ``min_n``.
    """
    if direction not in (1, -1):
        raise ValueError(f"direction must be 1 or -1; got {direction!r}")
    if estimate is None or not np.isfinite(estimate):
        return "no_data"
    if target is None or not np.isfinite(target):
        return "none"
    if n is not None and not enough_data(n, min_n):
        return "insufficient"
    gap = (estimate - target) * direction  # >= 0: at or better than target
    if gap >= -1e-12:
        return "green"
    if gap >= -amber_band - 1e-12:
        return "amber"
    return "red"
