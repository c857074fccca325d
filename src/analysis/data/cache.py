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

Both loaders (files, :mod:`analysis.data.io`; databases, :mod:`analysis.data.sources`) key,
write and read entries here: :func:`cache_key`, :func:`write_cache`, :func:`read_cache`.
An entry is written to a temporary folder and renamed into place, so a reader never sees
half an entry; warnings are kept with their message codes, so a cached dataset still
speaks the user's ``--lang``.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path

import pandas as pd

from analysis.data.contract import CONTRACT_VERSION, TABLES
from analysis.data.dataset import DTYPES, Dataset, SourceFile
from analysis.data.mapping import Mapping
from analysis.data.messages import from_json, to_json

#: How many datasets the cache keeps (most recently used first).
KEEP_DATASETS = 3
#: Bump when parsing or checks change, so old caches are not reused.
LOADER_VERSION = "3"  # 3: header-only tables allowed empty; warnings cached with their message codes


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


def file_sha256(path: Path) -> str:
    """SHA-256 of a file's bytes (read-only)."""
    with open(path, "rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def cache_key(files: list[SourceFile], mapping: Mapping | None, salt_fp: str) -> str:
    """The entry's name: SHA-256 over the inputs' checksums, the mapping, the salt's fingerprint
    (never the salt), the contract and loader versions (first 32 hex digits)."""
    material = {
        "contract": CONTRACT_VERSION,
        "loader": LOADER_VERSION,
        "files": sorted((f.path.name, f.sha256, list(f.tables)) for f in files),
        "mapping": mapping.to_dict() if mapping is not None else None,
        "salt": salt_fp,
    }
    return hashlib.sha256(json.dumps(material, sort_keys=True, default=str).encode()).hexdigest()[:32]


def write_cache(ds: Dataset, target: Path, skip_warnings: tuple[str, ...] = ()) -> None:
    """Store ``ds`` as Parquet plus ``meta.json`` in ``target`` (atomically; the first writer wins).

    ``skip_warnings`` (the salt's warning) are not stored: they are said afresh on each read.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".tmp-{target.name}-", dir=target.parent))
    try:
        for name, frame in ds.tables.items():
            frame.to_parquet(tmp / f"{name}.parquet", index=False)
        meta = {
            "source": str(ds.source) if ds.source else None,
            "files": [{"path": str(f.path), "sha256": f.sha256, "tables": list(f.tables)} for f in ds.files],
            "warnings": [to_json(w) for w in ds.warnings if w not in skip_warnings],  # codes kept for --lang
            "contract_version": CONTRACT_VERSION,
            "loader_version": LOADER_VERSION,
        }
        (tmp / "meta.json").write_text(json.dumps(meta, indent=2, ensure_ascii=False), encoding="utf-8")
        try:
            os.rename(tmp, target)
        except OSError:  # another process wrote the same key first
            shutil.rmtree(tmp, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def read_cache(target: Path, extra_warnings: list[str]) -> Dataset:
    """The dataset stored in ``target``, its columns typed per the contract; ``extra_warnings``
    come first among its warnings."""
    meta = json.loads((target / "meta.json").read_text(encoding="utf-8"))
    frames: dict[str, pd.DataFrame | None] = {}
    for name, contract in TABLES.items():
        file = target / f"{name}.parquet"
        if not file.exists():
            frames[name] = None
            continue
        frame = pd.read_parquet(file)
        for col in contract.columns:
            if col.name in frame and str(frame[col.name].dtype) != DTYPES[col.type]:
                frame[col.name] = frame[col.name].astype(DTYPES[col.type])
        frames[name] = frame
    files = tuple(SourceFile(Path(f["path"]), f["sha256"], tuple(f["tables"])) for f in meta["files"])
    warnings = tuple(dict.fromkeys(extra_warnings + [from_json(w) for w in meta["warnings"]]))
    src = Path(meta["source"]) if meta.get("source") else None
    return Dataset(**frames, source=src, files=files, warnings=warnings)  # type: ignore[arg-type]
