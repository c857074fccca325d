"""The city's format-mix policy, read from ``budget.yaml`` (the city's, else the package's; optional).

The ``format_mix:`` section sets the format columns, the objective, the capacity
cap and minimum shares of places (:class:`MixPolicy`); without the file the
defaults apply. Every key and value is checked against :data:`BUDGET_SCHEMA`, so a typo
fails loudly with its file and line.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from analysis.budget.facts import FORMAT_COLUMNS, check_by
from analysis.budget.mix import OBJECTIVES, Objective
from analysis.data.config import (
    ConfigError,
    Schema,
    check,
    config_file,
    load_located,
    number,
    one_of,
    share,
)
from analysis.data.paths import CONFIG_DIR
from analysis.stats.intervals import check_choice

#: Where the city may set its format-mix policy (a ``format_mix:`` section); optional.
DEFAULT_MIX_POLICY = CONFIG_DIR / "budget.yaml"
BUDGET_FILE = "budget.yaml"


def _format_columns(value: Any) -> str | None:
    values = [value] if isinstance(value, str) else value
    if not isinstance(values, list) or not values or not all(v in FORMAT_COLUMNS for v in values):
        return f"must be a list of {', '.join(FORMAT_COLUMNS)}, got {value!r}"
    return None


#: The schema of ``budget.yaml`` (:func:`analysis.data.config.check`).
BUDGET_SCHEMA: Schema = {
    "format_mix": {
        "by": _format_columns,
        "objective": one_of(*OBJECTIVES),
        "cap_multiplier": number(0, none_ok=True),
        "min_share": {"*": share()},
    },
}

_KEYS = frozenset({"by", "objective", "cap_multiplier", "min_share"})


@dataclass(frozen=True)
class MixPolicy:
    """The city's rules for the format-mix plan (see :func:`load_mix_policy`).

    Attributes
    ----------
    by
        Format columns (``modality``, ``provider_type``, ``domain``).
    objective
        ``"people"`` or ``"jp"``.
    cap_multiplier
        Places per format at most this multiple of the observed places (``None``: no cap).
    min_share
        ``{value: share}`` minimum share of places in matching formats, e.g.
        ``{"classroom": 0.2}`` or, with ``domain`` in ``by``, ``{"technical": 0.3}``.
    source
        The file read, or ``None`` for the defaults.
    """

    by: tuple[str, ...] = ("modality",)
    objective: Objective = "people"
    cap_multiplier: float | None = 1.0
    min_share: Mapping[str, float] = field(default_factory=dict)
    source: Path | None = None


def _min_shares(config: Mapping[str, Any]) -> dict[str, float]:
    shares = {str(k): float(v) for k, v in (config.get("min_share") or {}).items()}
    for key, value in shares.items():
        if not 0 <= value <= 1:
            raise ValueError(
                f"format_mix.min_share[{key!r}] must be a proportion in 0..1; got {value}"
            )
    if sum(shares.values()) > 1:
        raise ValueError("format_mix.min_share adds up to more than 1")
    return shares


def mix_policy_from_mapping(
    config: Mapping[str, Any] | None, source: Path | None = None
) -> MixPolicy:
    """Build a :class:`MixPolicy` from a parsed ``format_mix:`` section, checking every key."""
    config = dict(config or {})
    unknown = set(config) - _KEYS
    if unknown:
        raise ValueError(
            f"format_mix has unknown keys {sorted(unknown)}; known: {', '.join(sorted(_KEYS))}"
        )
    by = config.get("by", ["modality"])
    by = (by,) if isinstance(by, str) else tuple(by)
    check_by(list(by), FORMAT_COLUMNS)
    objective = config.get("objective", "people")
    check_choice("format_mix.objective", objective, OBJECTIVES)
    cap = config.get("cap_multiplier", 1.0)
    if cap is not None and (not isinstance(cap, int | float) or cap <= 0):
        raise ValueError(
            f"format_mix.cap_multiplier must be a positive number or null; got {cap!r}"
        )
    return MixPolicy(
        by=by,
        objective=objective,
        cap_multiplier=None if cap is None else float(cap),
        min_share=_min_shares(config),
        source=source,
    )


def load_mix_policy(path: str | Path | None = None) -> MixPolicy:
    """Read the format-mix policy from the ``format_mix:`` section of a YAML file.

    Parameters
    ----------
    path
        Default ``analysis/config/budget.yaml``. When the default file is absent
        the defaults apply (formats by modality, objective people, caps at the
        observed places, no minimum shares); an explicit path must exist.

    Examples
    --------
    A ``budget.yaml`` that keeps at least 20% of places in classroom training::

        format_mix:
          by: [modality]
          objective: people
          cap_multiplier: 1.0
          min_share:
            classroom: 0.20
    """
    if path is None:
        target = config_file(BUDGET_FILE)
        if not target.exists():
            return MixPolicy()
    else:
        target = Path(path)
        if not target.exists():
            raise FileNotFoundError(f"format-mix policy file not found: {target}")
    doc = load_located(target)
    problems = check(doc, BUDGET_SCHEMA)
    if problems:
        raise ConfigError(problems)
    return mix_policy_from_mapping(doc.data.get("format_mix"), source=target)
