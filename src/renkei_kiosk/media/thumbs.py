"""Thumbnails for browse lists and grids: made in worker threads, cached on disk.

A thumbnail is a JPEG under ``STATE/thumbs/``, named by a hash of the source's path, the
thumbnail box and the file's mtime, so an edited file gets a fresh one and an unchanged
file is decoded only once per kiosk. Workers only read and write files (Pillow,
ffpyplayer for a video's first frame); they hand their pixels to the Kivy thread, where
the texture is made (Kivy is imported only there, so the
file functions work without it). A broken or missing file gives a
neutral placeholder, never an error.

Workers hand their pixels to the Kivy thread through the `deliver` callable the cache is
given (the UI passes ui.bridge.to_kivy): media/ never imports ui/.

The disk cache is capped (`CACHE_MAX_BYTES`, 200 MB: about 10,000 thumbnails): past the
cap the least recently used files go first (a file read from the cache has its mtime
renewed) until 80 % of the cap is left. It is pruned when a ThumbCache starts and after
every `PRUNE_EVERY` new files.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import threading
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import Image, ImageOps

from renkei_kiosk.media.images import open_image, to_rgba

log = logging.getLogger("renkei_kiosk")

#: the thumbnail box every list and grid uses (pixels); the widget scales the texture
THUMB_SIZE = (320, 200)
#: colour of the placeholder for a file that cannot be shown
PLACEHOLDER_RGB = (96, 100, 110)
#: textures kept in memory (about 250 KB each at THUMB_SIZE)
MEMORY_ITEMS = 400
#: the disk cache's cap (a thumbnail file is 10-30 KB)
CACHE_MAX_BYTES = 200_000_000
#: pruning leaves this share of the cap, so the next new file does not prune again
PRUNE_TO = 0.8
#: new cache files between two prunings while the kiosk runs
PRUNE_EVERY = 500

_written_lock = threading.Lock()
_written: dict[Path, int] = {}


@dataclass(frozen=True)
class ThumbPixels:
    """A decoded thumbnail: RGBA rows top to bottom; `placeholder` when the source failed."""

    width: int
    height: int
    rgba: bytes
    placeholder: bool = False


def thumb_name(path: Path, size: tuple[int, int], mtime_ns: int) -> str:
    """The cache file name for `path` at `size` as last modified at `mtime_ns`."""
    digest = hashlib.sha1(
        f"{path.as_posix()}|{size[0]}x{size[1]}|{mtime_ns}".encode(), usedforsecurity=False
    ).hexdigest()
    return f"{digest}.jpg"


def placeholder_pixels(size: tuple[int, int] = (16, 10)) -> ThumbPixels:
    """A small neutral grey tile, stretched by the widget."""
    img = Image.new("RGBA", size, (*PLACEHOLDER_RGB, 255))
    return ThumbPixels(size[0], size[1], img.tobytes(), placeholder=True)


def _source_image(path: Path, video: bool, size: tuple[int, int]) -> Image.Image:
    """The picture a thumbnail is made from: the image itself, or a video's first frame."""
    if video:
        from renkei_kiosk.media.video import open_video

        stream = open_video(path, timeout=5.0)
        try:
            f = stream.first
            return Image.frombytes("RGBA", (f.width, f.height), f.rgba).convert("RGB")
        finally:
            stream.close()
    with open_image(path) as im:  # refuses a picture too large to decode, with its size
        im.draft("RGB", size)
        img = ImageOps.exif_transpose(im) or im
        return to_rgba(img).convert("RGB")


def make_thumbnail(
    path: Path, cache_dir: Path, size: tuple[int, int] = THUMB_SIZE, *, video: bool = False
) -> ThumbPixels:
    """The thumbnail of `path`, from the disk cache or made now (and cached).

    Blocks: call from a worker thread. Raises OSError (and Pillow's errors) when the
    source cannot be read; `ThumbCache` turns those into the placeholder.
    """
    st = path.stat()
    cached = cache_dir / thumb_name(path, size, st.st_mtime_ns)
    if cached.is_file():
        try:
            with Image.open(cached) as im:
                img = im.convert("RGBA")
            with contextlib.suppress(OSError):  # recently used: pruned last
                os.utime(cached)
            return ThumbPixels(img.width, img.height, img.tobytes())
        except (OSError, SyntaxError, ValueError):
            log.warning("Thumbs: cache file %s is damaged; making it again", cached.name)
    img = _source_image(path, video, size)
    img.thumbnail(size, Image.Resampling.LANCZOS, reducing_gap=2.0)
    cache_dir.mkdir(parents=True, exist_ok=True)
    tmp = cached.with_suffix(f".{threading.get_ident()}.tmp")
    try:
        img.save(tmp, "JPEG", quality=85)
        os.replace(tmp, cached)
        _count_written(cache_dir)
    except OSError as e:  # a full or read-only disk: the thumbnail still shows
        log.warning("Thumbs: cannot cache %s (%s)", path.name, e)
        tmp.unlink(missing_ok=True)
    rgba = img.convert("RGBA")
    return ThumbPixels(rgba.width, rgba.height, rgba.tobytes())


def prune_cache(cache_dir: Path, max_bytes: int | None = None) -> int:
    """Keep `cache_dir` under `max_bytes` (default `CACHE_MAX_BYTES`): past it, remove the
    least recently used files until `PRUNE_TO` of the cap is left. Returns how many files
    were removed."""
    if max_bytes is None:
        max_bytes = CACHE_MAX_BYTES
    try:
        entries = [e for e in os.scandir(cache_dir) if e.is_file(follow_symlinks=False)]
    except OSError:  # no cache yet, or the state folder is gone
        return 0
    files: list[tuple[int, int, str]] = []
    for entry in entries:
        with contextlib.suppress(OSError):
            st = entry.stat(follow_symlinks=False)
            files.append((st.st_mtime_ns, st.st_size, entry.path))
    total = sum(size for _, size, _ in files)
    if total <= max_bytes:
        return 0
    files.sort()
    removed = 0
    for _, size, path in files:
        if total <= max_bytes * PRUNE_TO:
            break
        try:
            os.unlink(path)
        except FileNotFoundError:
            pass
        except OSError as e:
            log.warning("Thumbs: cannot remove %s (%s)", path, e)
            continue
        total -= size
        removed += 1
    log.info("Thumbs: pruned the cache: %d old files removed, %.0f MB left",
             removed, total / 1e6)
    return removed


def _count_written(cache_dir: Path) -> None:
    """One more file in the cache: prune it every `PRUNE_EVERY` files."""
    with _written_lock:
        count = _written.get(cache_dir, 0) + 1
        _written[cache_dir] = 0 if count >= PRUNE_EVERY else count
    if count >= PRUNE_EVERY:
        prune_cache(cache_dir)


Callback = Callable[[Any], None]
#: runs `fn(*args)` on the Kivy thread (ui.bridge.to_kivy)
Deliver = Callable[..., None]


class ThumbCache:
    """Thumbnail textures for the Kivy thread: memory first, then disk, then a worker.

    `get(rel, on_ready)` returns a texture at once when it is in memory; otherwise it
    returns None and calls `on_ready(texture)` on the Kivy thread when one is made. The
    workers' results reach the Kivy thread through `deliver(fn, *args)`.
    """

    def __init__(
        self, content_root: Path, state_dir: Path, size: tuple[int, int] = THUMB_SIZE,
        workers: int = 2, memory_items: int = MEMORY_ITEMS, *, deliver: Deliver,
    ) -> None:
        self._to_kivy = deliver
        self.content_root = content_root
        self.cache_dir = state_dir / "thumbs"
        self.size = size
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="thumbs")
        self._textures: OrderedDict[str, Any] = OrderedDict()
        self._memory_items = memory_items
        self._waiting: dict[str, list[Callback]] = {}
        self._placeholder: Any = None
        self._closed = False
        #: how many thumbnails came from workers (for tests and the benchmark)
        self.made = 0
        self._pool.submit(prune_cache, self.cache_dir)  # what earlier runs left

    def get(self, rel: str | None, on_ready: Callback, *, video: bool = False) -> Any | None:
        """The texture for `rel` (relative to the content root) now, or later via
        `on_ready`; None for `rel` gives the placeholder at once."""
        if not rel:
            return self.placeholder()
        tex = self._textures.get(rel)
        if tex is not None:
            self._textures.move_to_end(rel)
            return tex
        waiting = self._waiting.get(rel)
        if waiting is not None:
            waiting.append(on_ready)
            return None
        self._waiting[rel] = [on_ready]
        if not self._closed:
            self._pool.submit(self._work, rel, video)
        return None

    @property
    def pending(self) -> int:
        """How many thumbnails are asked for and not made yet."""
        return len(self._waiting)

    def placeholder(self) -> Any:
        """The neutral tile shown for a missing or broken file."""
        if self._placeholder is None:
            self._placeholder = _texture(placeholder_pixels())
        return self._placeholder

    def shutdown(self) -> None:
        """Stop the workers; pending requests are dropped."""
        self._closed = True
        self._pool.shutdown(wait=False, cancel_futures=True)
        self._waiting.clear()

    # -- worker side ----------------------------------------------------------------
    def _work(self, rel: str, video: bool) -> None:
        try:
            pixels = make_thumbnail(self.content_root / rel, self.cache_dir, self.size,
                                    video=video)
        except Exception as e:
            log.warning("Thumbs: %s cannot be shown (%s); showing a placeholder", rel, e)
            pixels = None
        self._to_kivy(self._deliver, rel, pixels)

    # -- Kivy side --------------------------------------------------------------------
    def _deliver(self, rel: str, pixels: ThumbPixels | None) -> None:
        callbacks = self._waiting.pop(rel, [])
        if self._closed:
            return
        self.made += 1
        tex = self.placeholder() if pixels is None else _texture(pixels)
        self._textures[rel] = tex
        while len(self._textures) > self._memory_items:
            self._textures.popitem(last=False)
        for cb in callbacks:
            cb(tex)


def _texture(pixels: ThumbPixels) -> Any:
    """A GPU texture from top-to-bottom rows (Kivy thread only)."""
    from kivy.graphics.texture import Texture

    tex = Texture.create(size=(pixels.width, pixels.height), colorfmt="rgba")
    tex.blit_buffer(pixels.rgba, colorfmt="rgba", bufferfmt="ubyte")
    tex.flip_vertical()
    return tex
