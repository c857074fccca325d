"""Evaluation toolkit for ASN competency development in Kota Binjai.

The public entry points are loaded lazily, so ``import analysis`` stays cheap
and silent: ``analysis.load_dataset``, ``analysis.Dataset``,
``analysis.DataValidationError`` and ``analysis.Issue``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_LAZY = {
    "load_dataset": ("analysis.data.io", "load_dataset"),
    "Dataset": ("analysis.data.dataset", "Dataset"),
    "DataValidationError": ("analysis.data.errors", "DataValidationError"),
    "Issue": ("analysis.data.errors", "Issue"),
}

__all__ = ["__version__", "load_dataset", "Dataset", "DataValidationError", "Issue"]

if TYPE_CHECKING:  # pragma: no cover
    from analysis.data.dataset import Dataset
    from analysis.data.errors import DataValidationError, Issue
    from analysis.data.io import load_dataset


def __getattr__(name: str) -> Any:
    try:
        module_name, attr = _LAZY[name]
    except KeyError:
        raise AttributeError(f"module 'analysis' has no attribute {name!r}") from None
    import importlib

    value = getattr(importlib.import_module(module_name), attr)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
