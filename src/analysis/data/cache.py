"""Where the validated-data cache lives, and how it is kept small.

The cache holds, per dataset, the validated and pseudonymised tables as Parquet (one
folder per dataset key: a SHA-256 over the input files, the mapping, the contract and
loader versions and the salt's fingerprint). It is personal data under a pseudonym
(UU 27/2022): it lives in the user's cache directory, never in the project or report
folders, and only the most recent few datasets are kept.

- default folder: ``$KOMPETENSI_CACHE_DIR``, else ``$XDG_CACHE_HOME/kompetensi/datasets``,
  else ``~/.cache/kompetensi/datasets``;
- ``kompetensi report --cache-dir DIR`` chooses another folder, ``--no-cache`` disables it;
- after each write, :func:`prune` keeps the :data:`KEEP_DATASETS` most recently used.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

#: How many datasets the cache keeps (most recently used first).
KEEP_DATASETS = 3


def default_cache_dir() -> Path:
    """The user's cache folder for validated datasets (see the module docstring)."""
    explicit = os.environ.get("KOMPETENSI_CACHE_DIR")
    if explicit:
        return Path(explicit).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "kompetensi" / "datasets"


def touch(entry: Path) -> None:
    """Mark a cache entry as just used (its modification time orders :func:`prune`)."""
    try:
        os.utime(entry)
    except OSError:
        pass


def prune(cache_dir: str | Path, keep: int = KEEP_DATASETS) -> list[Path]:
    """Delete all but the ``keep`` most recently used dataset folders; return the deleted ones.

    Only folders that look like cache entries (a ``meta.json`` inside) are considered;
    half-written ``.tmp-*`` folders older than the kept entries go too.
    """
    folder = Path(cache_dir)
    if not folder.is_dir():
        return []
    entries = sorted((p for p in folder.iterdir() if p.is_dir() and (p / "meta.json").is_file()
                      and not p.name.startswith(".")), key=lambda p: p.stat().st_mtime, reverse=True)
    removed = entries[keep:]
    oldest_kept = min((p.stat().st_mtime for p in entries[:keep]), default=None)
    for tmp in folder.glob(".tmp-*"):
        if oldest_kept is not None and tmp.is_dir() and tmp.stat().st_mtime < oldest_kept:
            removed.append(tmp)
    for path in removed:
        shutil.rmtree(path, ignore_errors=True)
    return removed
