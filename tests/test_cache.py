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
