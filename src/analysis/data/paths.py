"""Project paths, from one place.

``PROJECT_ROOT`` is the checkout the package was installed from (editable
install); notebooks and the CLI resolve data, reports and notebooks from here.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parents[1]
PROJECT_ROOT = PACKAGE_DIR.parents[1]
DATA_DIR = PROJECT_ROOT / "data"
SAMPLE_DIR = DATA_DIR / "sample"
NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
REPORTS_DIR = PROJECT_ROOT / "reports"
CONFIG_DIR = PACKAGE_DIR / "config"


def resolve(path: str | Path) -> Path:
    """A notebook or CLI path: absolute, or existing relative to the working folder, else
    relative to the project root (so ``data/sample`` works from ``notebooks/`` too)."""
    candidate = Path(path)
    if candidate.is_absolute() or candidate.exists():
        return candidate
    return PROJECT_ROOT / candidate
