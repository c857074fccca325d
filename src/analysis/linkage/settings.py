"""The service-link settings the city declares: primary outcomes, sector pooling, resampling sizes.

Read from ``config/service_link.yaml`` (strict keys: an unknown key or a bad value is an
error naming the file and the key); the defaults below apply without the file. See
``docs/methods.md``, "Multiplicity" and "Sector slopes".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path

import yaml

from analysis.data.config import config_file
from analysis.data.paths import CONFIG_DIR

#: The file the city edits.
SETTINGS_FILE = CONFIG_DIR / "service_link.yaml"


class ServiceLinkSettingsError(ValueError):
    """The service-link settings file is invalid."""


@dataclass(frozen=True)
class ServiceLinkSettings:
    """Declared primary outcomes and the inference settings of the service link."""

    primary_metrics: tuple[str, ...] = ("ikm", "processing_days")
    primary_lag: int = 0
    online_primary_metrics: tuple[str, ...] = ("ikm", "processing_days")
    min_sector_units: int = 10
    pooled_sector: str = "other"
    bootstrap_draws: int = 999
    permutations: int = 499


def _check(file: Path, key: str, value: object) -> object:
    if key in ("primary_metrics", "online_primary_metrics"):
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ServiceLinkSettingsError(f"{file}: {key} must be a list of metric codes; got {value!r}")
        return tuple(value)
    if key == "pooled_sector":
        if not isinstance(value, str) or not value:
            raise ServiceLinkSettingsError(f"{file}: {key} must be a non-empty text; got {value!r}")
        return value
    low = {"primary_lag": 0, "min_sector_units": 2, "bootstrap_draws": 99, "permutations": 99}[key]
    if not isinstance(value, int) or isinstance(value, bool) or value < low:
        raise ServiceLinkSettingsError(f"{file}: {key} must be a whole number >= {low}; got {value!r}")
    return value


def load_settings(path: str | Path | None = None) -> ServiceLinkSettings:
    """Read the settings from ``path`` (default ``config/service_link.yaml`` of the package)."""
    file = Path(path) if path is not None else config_file(SETTINGS_FILE.name)
    if not file.is_file():
        if path is not None:
            raise ServiceLinkSettingsError(f"{file}: file not found")
        return ServiceLinkSettings()
    raw = yaml.safe_load(file.read_text(encoding="utf-8")) or {}
    keys = {f.name for f in fields(ServiceLinkSettings)}
    if not isinstance(raw, Mapping):
        raise ServiceLinkSettingsError(f"{file}: expected keys {sorted(keys)}")
    unknown = set(raw) - keys
    if unknown:
        raise ServiceLinkSettingsError(f"{file}: unknown key(s) {sorted(unknown)}; allowed: {sorted(keys)}")
    return ServiceLinkSettings(**{k: _check(file, k, v) for k, v in raw.items()})
