"""Project paths, from one place.

Two ways the package runs:

- from a checkout (editable install, ``make install``): ``PROJECT_ROOT`` is the checkout,
  and notebooks, the sample data and reports live in its folders;
- installed from a wheel: the notebooks, the sample and the example files come with the
  package (installed under ``<prefix>/share/kompetensi``, :data:`SHARE_DIR`), and the
  project folder is the working folder (``kompetensi init DIR`` makes one), where
  ``data/``, ``config/`` and ``reports/`` are.
"""

from __future__ import annotations

import sys
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parents[1]
#: Where a wheel installs the notebooks, the sample and the examples (``pyproject.toml`` data-files).
SHARE_DIR = Path(sys.prefix) / "share" / "kompetensi"
CONFIG_DIR = PACKAGE_DIR / "config"


def is_checkout(root: Path) -> bool:
    """True when ``root`` is the project's source checkout (it has the notebooks and pyproject.toml)."""
    return (root / "pyproject.toml").is_file() and (root / "notebooks").is_dir()


_CHECKOUT = PACKAGE_DIR.parents[1]
INSTALLED = not is_checkout(_CHECKOUT)
PROJECT_ROOT = Path.cwd() if INSTALLED else _CHECKOUT
_SHIPPED = SHARE_DIR if INSTALLED else _CHECKOUT
DATA_DIR = _SHIPPED / "data"
SAMPLE_DIR = DATA_DIR / "sample"
NOTEBOOKS_DIR = _SHIPPED / "notebooks"
REPORTS_DIR = PROJECT_ROOT / "reports"


def resolve(path: str | Path) -> Path:
    """A notebook or CLI path: absolute, or existing relative to the working folder, else
    relative to the project root (so ``data/sample`` works from ``notebooks/`` too)."""
    candidate = Path(path)
    if candidate.is_absolute() or candidate.exists():
        return candidate
    return PROJECT_ROOT / candidate
