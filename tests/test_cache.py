"""The validated-data cache: in the user's cache folder, pruned to the last few datasets."""

from __future__ import annotations

import os
import time

from analysis.data.cache import default_cache_dir, prune


def test_default_cache_dir_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.delenv("KOMPETENSI_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert default_cache_dir() == tmp_path / "xdg" / "kompetensi" / "datasets"
    monkeypatch.setenv("KOMPETENSI_CACHE_DIR", str(tmp_path / "mine"))
    assert default_cache_dir() == tmp_path / "mine"


def test_prune_keeps_the_most_recently_used(tmp_path):
    now = time.time()
    for age, name in enumerate(["a", "b", "c", "d", "e"]):
        entry = tmp_path / name
        entry.mkdir()
        (entry / "meta.json").write_text("{}")
        os.utime(entry, (now - 100 * age, now - 100 * age))
    (tmp_path / "not-an-entry").mkdir()
    removed = prune(tmp_path, keep=3)
    assert sorted(p.name for p in removed) == ["d", "e"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a", "b", "c", "not-an-entry"]


def test_a_cached_dataset_says_where_its_files_are_now(tmp_path):
    """The cache key is the files' names and contents: a second folder with the same files reads
    the first folder's entry, but its dataset names the second folder and its files (the manifest
    and the workbook's cover sheet print them; another folder's path there would be wrong and is
    what the privacy audit refuses)."""
    import shutil

    from analysis.data.io import load_dataset
    from analysis.data.paths import SAMPLE_DIR

    first, second, cache = tmp_path / "first", tmp_path / "second", tmp_path / "cache"
    for folder in (first, second):
        shutil.copytree(SAMPLE_DIR, folder, ignore=shutil.ignore_patterns("truth.json"))
    load_dataset(first, cache_dir=cache)
    ds = load_dataset(second, cache_dir=cache)
    assert len(list(cache.iterdir())) == 1  # one entry, read the second time
    assert ds.source == second
    assert ds.files and all(f.path.parent == second for f in ds.files)
