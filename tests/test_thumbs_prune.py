"""The thumbnail cache on disk stays under its cap (issue 10 item 11): oldest files go first."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from PIL import Image

from renkei_kiosk.media import thumbs
from renkei_kiosk.media.thumbs import ThumbCache, make_thumbnail, prune_cache


def _files(folder: Path, count: int, size: int) -> list[Path]:
    """`count` cache files of `size` bytes, the first the oldest."""
    folder.mkdir(parents=True, exist_ok=True)
    made = []
    for n in range(count):
        path = folder / f"{n:03d}.jpg"
        path.write_bytes(b"\xff" * size)
        os.utime(path, ns=(1_000_000_000 * n, 1_000_000_000 * n))
        made.append(path)
    return made


def test_under_the_cap_nothing_is_removed(tmp_path: Path) -> None:
    _files(tmp_path, 10, 1000)
    assert prune_cache(tmp_path, max_bytes=10_000) == 0
    assert len(list(tmp_path.iterdir())) == 10


def test_past_the_cap_the_oldest_go_until_80_percent_is_left(tmp_path: Path) -> None:
    made = _files(tmp_path, 20, 1000)
    assert prune_cache(tmp_path, max_bytes=10_000) == 12
    assert sorted(tmp_path.iterdir()) == made[12:]  # the 8 newest stay: 8,000 bytes


def test_a_missing_cache_folder_is_no_error(tmp_path: Path) -> None:
    assert prune_cache(tmp_path / "thumbs") == 0


def test_a_thumbnail_read_from_the_cache_counts_as_recent(tmp_path: Path) -> None:
    source = tmp_path / "写真.png"
    Image.new("RGB", (640, 400), (200, 40, 40)).save(source)
    cache = tmp_path / "thumbs"
    make_thumbnail(source, cache)
    (cached,) = cache.iterdir()
    os.utime(cached, ns=(0, 0))
    make_thumbnail(source, cache)  # from the cache
    assert cached.stat().st_mtime_ns > 0
    old = _files(cache, 3, 100_000)
    assert prune_cache(cache, max_bytes=100_000) == 3
    assert cached.exists() and not any(p.exists() for p in old)


def test_new_thumbnails_prune_every_so_often(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(thumbs, "PRUNE_EVERY", 3)
    monkeypatch.setattr(thumbs, "CACHE_MAX_BYTES", 1)
    cache = tmp_path / "thumbs"
    for n in range(3):
        source = tmp_path / f"写真{n}.png"
        Image.new("RGB", (64, 40), (n * 80, 40, 40)).save(source)
        make_thumbnail(source, cache)
    assert list(cache.iterdir()) == []  # the third file pruned them all (cap of 1 byte)


def test_a_thumb_cache_prunes_what_earlier_runs_left(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(thumbs, "CACHE_MAX_BYTES", 10_000)
    made = _files(tmp_path / "thumbs", 20, 1000)
    cache = ThumbCache(tmp_path, tmp_path, deliver=lambda fn, *args: fn(*args))
    try:
        # the pruning runs in the cache's worker, oldest file first: wait for the last
        # file it should remove, then give it a moment to (wrongly) remove more
        deadline = time.monotonic() + 20
        while made[11].exists():
            assert time.monotonic() < deadline, "the cache was not pruned"
            time.sleep(0.05)
        time.sleep(0.2)
    finally:
        cache.shutdown()
    assert sorted((tmp_path / "thumbs").iterdir()) == made[12:]
