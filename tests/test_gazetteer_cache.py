"""The gazetteer's pickle cache: old caches are pruned, the newest kept."""

from __future__ import annotations

import os
from pathlib import Path

from geo.gazetteer.cache import prune_caches


def _cache(folder: Path, name: str, mtime: int) -> Path:
    path = folder / f"gazetteer-{name}.pickle"
    path.write_bytes(b"x")
    os.utime(path, (mtime, mtime))
    return path


def test_only_the_newest_caches_are_kept(tmp_path: Path) -> None:
    paths = [_cache(tmp_path, f"k{i}", 1_000_000 + i) for i in range(5)]
    other = tmp_path / "events.sqlite"
    other.write_bytes(b"store")
    removed = prune_caches(tmp_path, 3)
    assert sorted(removed) == sorted(paths[:2])
    assert sorted(tmp_path.glob("gazetteer-*.pickle")) == sorted(paths[2:])
    assert other.exists()


def test_pruning_fewer_caches_than_kept_removes_nothing(tmp_path: Path) -> None:
    paths = [_cache(tmp_path, f"k{i}", 1_000_000 + i) for i in range(2)]
    assert prune_caches(tmp_path, 3) == []
    assert all(p.exists() for p in paths)
