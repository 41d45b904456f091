"""Hot reload: files change in the content folder, and the running kiosk takes them up.

Threads: the watcher's own thread only hands its batches over; the "reload" worker thread
reads the content again (in a child process, content.isolated, so the kiosk never holds the
YAML and pydantic machinery) and hands the result to the Kivy thread through ui.bridge;
there the new content is merged with the last good one (core.reload) and given to the
app. Batches that arrive while a read runs are read together, in one go, afterwards.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import Any

from renkei_kiosk.content.isolated import ContentLoad, load_content_isolated
from renkei_kiosk.core.model import Content, Settings
from renkei_kiosk.core.reload import merge_last_good, without_paths
from renkei_kiosk.ui.bridge import to_kivy

__all__ = ["ContentReloader"]

log = logging.getLogger("renkei_kiosk")


def is_content_path(rel: str) -> bool:
    """Whether a changed file can matter to the content (settings, playlists, media)."""
    return rel == "kiosk.yaml" or rel.startswith(("playlists/", "media/"))


def _is_empty(root: Path) -> bool:
    """Whether `root` exists but holds nothing (hidden files aside)."""
    try:
        return root.is_dir() and not any(not p.name.startswith(".") for p in root.iterdir())
    except OSError:
        return False


class ContentReloader:
    """Watches the content root and hands merged new content to `on_content(content,
    changed_paths)` on the Kivy thread; `on_root_missing(flag)` when the folder vanishes
    or returns."""

    def __init__(
        self,
        root: Path,
        lang: str | None,
        current: Callable[[], Content],
        on_content: Callable[[Content, frozenset[str]], None],
        on_root_missing: Callable[[bool], None],
    ) -> None:
        self.root = root
        self.lang = lang
        self._current = current
        self._on_content = on_content
        self._on_root_missing = on_root_missing
        self.watcher: Any = None
        self._stopped = False
        #: completed reloads, for tests and the staff overlay
        self.reloads = 0
        #: whether the content folder is gone (the last content stays on screen)
        self.root_missing = False
        # a content reader started when the watcher sees files arriving (see prime)
        self._primed: ContentLoad | None = None
        self._lock = threading.Lock()
        self._batches: list[Any] = []
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="reload")

    def start(self, settings: Settings) -> None:
        """Start watching (once the first slide is on screen)."""
        from renkei_kiosk.content.watcher import ContentWatcher

        self.watcher = ContentWatcher.from_settings(
            self.root, settings, self._on_batch,
            on_arriving=lambda: to_kivy(self.prime))  # (wakes a kiosk at rest)
        self.watcher.start()

    def stop(self) -> None:
        """Stop watching; a read in progress is dropped."""
        self._stopped = True
        if self.watcher is not None:
            self.watcher.stop()
        self._worker.shutdown(wait=False, cancel_futures=True)
        with self._lock:
            primed, self._primed = self._primed, None
        if primed is not None:
            primed.close()

    def prime(self) -> None:
        """Kivy thread, every tick and as soon as files start arriving: if they are,
        start the child that will read the content now, so that its imports (0.2-0.4 s)
        happen while the watcher waits for the files to settle, not after. One that is
        not used within a minute is closed."""
        if self.watcher is None:
            return
        pending = bool(self.watcher.pending())
        with self._lock:
            primed = self._primed
            if primed is None and pending:
                self._primed = ContentLoad(self.root, self.lang, primed=True)
                return
            if primed is None or pending or time.monotonic() - primed.started < 60:
                return
            self._primed = None
        primed.close()

    def reload_now(self) -> None:
        """Read the whole content again now (the staff panel's reload), as a rescan that
        found changes would."""
        from renkei_kiosk.content.watcher import ChangeBatch

        self._on_batch(ChangeBatch(rescan=True))

    # -- watcher thread ---------------------------------------------------------------
    def _on_batch(self, batch: Any) -> None:
        """Watcher thread: hand the batch to the reload worker (never read here)."""
        if batch.root_missing:
            to_kivy(self._set_root_missing, True)
            return
        paths = set(batch.changed) | set(batch.deleted)
        if not batch.rescan and not any(is_content_path(p) for p in paths):
            return  # e.g. a state folder kept inside the content root
        with self._lock:
            self._batches.append(batch)
        with contextlib.suppress(RuntimeError):  # (stopping)
            self._worker.submit(self._read)

    # -- reload worker ----------------------------------------------------------------
    def _read(self) -> None:
        """Reload worker: read the content root again, then hand the result over."""
        with self._lock:
            batches, self._batches = self._batches, []
            if not batches:
                return  # (read with an earlier batch)
            primed, self._primed = self._primed, None
        changed = frozenset().union(*(b.changed for b in batches))
        deleted = frozenset().union(*(b.deleted for b in batches))
        if _is_empty(self.root):
            # an unmounted USB stick leaves its empty mount point: keep the last content
            if primed is not None:
                primed.close()
            to_kivy(self._set_root_missing, True, "is empty now (a USB stick unmounted?)")
            return
        try:
            new = (primed.result() if primed is not None
                   else load_content_isolated(self.root, self.lang))
        except Exception:
            log.exception("Reload: reading the content failed; keeping the last good content")
            return
        existing = [p.relative_to(self.root).as_posix()
                    for p in (self.root / "playlists").glob("*.yaml")]
        pending = self.watcher.pending() if self.watcher is not None else frozenset()
        to_kivy(self._apply, new, changed, deleted, existing, pending)

    # -- Kivy thread --------------------------------------------------------------------
    def _set_root_missing(self, missing: bool, why: str = "is gone") -> None:
        if self._stopped:
            return
        if missing and not self.root_missing:
            log.warning("Reload: the content folder %s %s; keeping the last content on "
                        "screen until its files return", self.root, why)
        if missing != self.root_missing:
            self.root_missing = missing
            self._on_root_missing(missing)

    def _apply(
        self, new: Content, changed: frozenset[str], deleted: frozenset[str],
        existing: list[str], pending: frozenset[str],
    ) -> None:
        """Kivy thread: take the new content, keeping the last good parts of it."""
        if self._stopped:
            return
        started = time.perf_counter()
        self._set_root_missing(False)
        merged, kept = merge_last_good(self._current(), new, existing)
        if pending:
            merged = replace(merged, items={
                stem: without_paths(items, pending) for stem, items in merged.items.items()
            })
        for name in kept:
            log.warning("Reload: %s has problems; the last good version stays on", name)
        for problem in new.problems:
            log.warning("Reload: %s", problem)
        self.reloads += 1
        self._on_content(merged, changed | deleted)
        log.info("Reload: done (%d changed, %d deleted) in %.0f ms", len(changed),
                 len(deleted), (time.perf_counter() - started) * 1000)
