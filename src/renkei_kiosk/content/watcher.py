"""The file-watching engine behind hot reload: which files of a content root changed.

Owns the watchdog observer on the content root, the stability check that holds back
half-written files, the batching of changes, the periodic full rescan and the health
check that rebuilds the observer. It knows nothing of Kivy or of what the files mean:
it hands :class:`ChangeBatch` values to a callback.

Threads: watchdog's own threads only queue raw events; one worker thread
(``renkei-reload-watcher``) turns them into batches and calls ``on_batch``. **The
callback runs on that worker thread**, so a Kivy app must hop to its main thread
before touching anything::

    def on_batch(batch: ChangeBatch) -> None:  # worker thread
        Clock.schedule_once(lambda _dt: app.apply_changes(batch))

    watcher = ContentWatcher(content_root, on_batch)
    watcher.start()
    watcher.wait_ready()  # from here on, every change is reported
    ...
    watcher.stop()  # in App.on_stop; joins the threads

A file is reported as changed only once it is stable: its size and modification time
stay the same for ``stable_seconds`` (half that after a close-write event on Linux)
and it can be opened for reading. Deletions are reported after ``debounce_seconds``.
Everything stable is delivered together once events have been quiet for
``debounce_seconds`` and nothing else is still settling, or at the latest
``max_wait_seconds`` after the first change was ready. These rules are
:class:`renkei_kiosk.core.settling.Settler`'s, pure and tested with a stepped clock;
this module feeds it events, file looks and the time.
"""

from __future__ import annotations

import contextlib
import logging
import os
import stat
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from watchdog.events import (
    DirCreatedEvent,
    DirDeletedEvent,
    DirMovedEvent,
    FileAttribEvent,
    FileClosedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer
from watchdog.observers.polling import PollingObserver

from renkei_kiosk.content.watch_filters import touched_paths, walk_files
from renkei_kiosk.core.settling import UNKNOWN, Settler, Signature, Timings

if TYPE_CHECKING:
    from watchdog.observers.api import BaseObserver

    from renkei_kiosk.core.model import Settings

logger = logging.getLogger("renkei_kiosk")

#: what of a content root can matter to the kiosk: the rest (a checkout's .venv, src/ ...)
#: is neither watched nor walked
CONTENT_SCOPE = ("kiosk.yaml", "playlists", "media")

#: the events asked of the OS: not opens, reads or folder-modified notes, which the worker
#: ignores anyway (its own open check and the kiosk's decoding would double the traffic)
WANTED_EVENTS: list[type[FileSystemEvent]] = [
    FileCreatedEvent, FileModifiedEvent, FileDeletedEvent, FileMovedEvent, FileClosedEvent,
    FileAttribEvent, DirCreatedEvent, DirDeletedEvent, DirMovedEvent,
]

#: seconds the worker sleeps while nothing is settling (events wake it at once); it also
#: bounds how soon a dead observer, a replaced root or a vanished content folder is
#: noticed. Each wake-up of an idle kiosk costs CPU (a process's memory goes cold while
#: it sleeps: on the test machine 10 ms a wake-up), so it is rare
IDLE_TICK = 5.0

#: seconds between attempts to rebuild a dead observer or to find a missing root
RETRY_SECONDS = 2.0
#: seconds between two snapshots of the PollingObserver (watchdog's default)
POLL_INTERVAL = 1.0


@dataclass(frozen=True)
class ChangeBatch:
    """Everything that changed in the content root since the last batch.

    Paths are POSIX strings relative to the content root (``media/panels/a.jpg``).
    """

    #: files created or modified, each complete and stable
    changed: frozenset[str] = frozenset()
    #: files that were known and are gone
    deleted: frozenset[str] = frozenset()
    #: True when (some of) the changes were found by a full rescan, not by events; after
    #: the root came back, ``changed`` holds every file: reload everything
    rescan: bool = False
    #: True once when the content root vanished (USB stick pulled): keep the last content
    root_missing: bool = False


class _EventSink(FileSystemEventHandler):
    """Runs on watchdog's dispatcher thread: stamps each event and queues it, nothing more."""

    def __init__(
        self,
        watch_path: str,
        put: Callable[[float, str, FileSystemEvent], None],
        clock: Callable[[], float],
    ) -> None:
        self._watch_path = watch_path
        self._put = put
        self._clock = clock

    def dispatch(self, event: FileSystemEvent) -> None:
        self._put(self._clock(), self._watch_path, event)


class ContentWatcher:
    """Watches a content root and reports stable changes in batches; see the module doc."""

    def __init__(
        self,
        root: Path,
        on_batch: Callable[[ChangeBatch], None],
        *,
        stable_seconds: float = 1.0,
        debounce_seconds: float = 0.3,
        rescan_seconds: float = 60.0,
        polling: bool = False,
        clock: Callable[[], float] = time.monotonic,
        max_wait_seconds: float = 5.0,
        scope: tuple[str, ...] | None = None,
        on_arriving: Callable[[], None] | None = None,
    ) -> None:
        self.root = Path(os.path.abspath(root))
        self._on_batch = on_batch
        #: called on the worker thread when files start arriving (`pending` turns
        #: non-empty), before they settle
        self._on_arriving = on_arriving
        self._settler = Settler(Timings(
            stable=stable_seconds,
            # the shorter window after a close-write event: the writer said it is done
            closed_stable=stable_seconds / 2,
            debounce=debounce_seconds,
            # a PollingObserver reports only once per poll, so a drop still in progress
            # looks quiet between two polls
            quiet=max(debounce_seconds, 1.1 * POLL_INTERVAL) if polling else debounce_seconds,
            max_wait=max_wait_seconds,
        ))
        #: 0 or less disables the periodic rescan
        self._rescan_every = rescan_seconds
        self._polling = polling
        self._clock = clock
        #: top-level names watched (files or folders); None watches the whole root
        self._scope = scope
        #: identity of each scope folder the observer watches
        self._scoped_ids: dict[str, tuple[int, int]] = {}
        self._tick = max(0.02, min(0.1, debounce_seconds / 3, stable_seconds / 3))

        self._cond = threading.Condition()
        # guarded by _cond: raw events from watchdog, requests from other threads
        self._events: list[tuple[float, str, FileSystemEvent]] = []
        self._rescan_requested = False
        #: set to end the current worker; each worker has its own
        self._stop_token = threading.Event()
        self._worker: threading.Thread | None = None
        self._ready = threading.Event()
        #: guarded by _cond: the worker is in its long idle wait
        self._idle = False
        self._pending_view: frozenset[str] = frozenset()

        # worker-thread state
        self._observer: BaseObserver | None = None
        self._root_identity: tuple[int, int] | None = None
        self._root_missing = False
        self._force_next_drain = False
        self._next_attempt = 0.0
        self._next_rescan = 0.0

    @classmethod
    def from_settings(
        cls, root: Path, settings: Settings, on_batch: Callable[[ChangeBatch], None],
        on_arriving: Callable[[], None] | None = None,
    ) -> ContentWatcher:
        """A watcher configured by ``kiosk.yaml``'s watch settings."""
        return cls(
            root,
            on_batch,
            stable_seconds=settings.watch_stable_seconds,
            rescan_seconds=settings.watch_rescan_seconds,
            polling=settings.watch_polling,
            scope=CONTENT_SCOPE,
            on_arriving=on_arriving,
        )

    # ---- public API, any thread ------------------------------------------------------

    def start(self) -> None:
        """Start watching in the background; returns at once (see :meth:`wait_ready`).

        A stopped watcher can be started again: it then rescans and reports what
        changed while it was stopped.
        """
        with self._cond:
            worker = self._worker
            if worker is not None and worker.is_alive() and not self._stop_token.is_set():
                return
            if worker is threading.current_thread():
                self._stop_token.clear()  # stop() then start() from inside on_batch
                return
        if worker is not None:
            worker.join()  # a worker still finishing its last callback
        with self._cond:
            self._stop_token = threading.Event()
            self._ready.clear()
            self._worker = threading.Thread(
                target=self._run,
                args=(self._stop_token,),
                name="renkei-reload-watcher",
                daemon=True,
            )
            self._worker.start()

    def wait_ready(self, timeout: float | None = None) -> bool:
        """Wait until the observer runs and the first scan is done (or the root is missing).

        Every change made after this returns True is reported.
        """
        return self._ready.wait(timeout)

    def stop(self) -> None:
        """Stop watching and join the worker and the observer threads. Idempotent.

        Called from ``on_batch`` itself, it only asks the worker to end after the callback.
        """
        with self._cond:
            worker = self._worker
            self._stop_token.set()
            self._cond.notify_all()
        if worker is not None and worker is not threading.current_thread():
            worker.join()

    def is_alive(self) -> bool:
        """Whether the watcher runs (started, and not stopped)."""
        worker = self._worker
        return worker is not None and worker.is_alive() and not self._stop_token.is_set()

    def pending(self) -> frozenset[str]:
        """Files seen changing but not handed over yet (still being written, or settling).

        A caller that re-reads the whole content root on a batch should leave these out:
        they may be half-written. Safe from any thread, including inside ``on_batch``.
        """
        with self._cond:
            return self._pending_view

    def rescan_now(self) -> None:
        """Ask the worker for a full rescan of the root at once."""
        with self._cond:
            self._rescan_requested = True
            self._cond.notify_all()

    # ---- the worker ------------------------------------------------------------------

    def _put_event(self, at: float, watch_path: str, event: FileSystemEvent) -> None:
        with self._cond:
            self._events.append((at, watch_path, event))
            if self._idle:  # the worker sleeps long while nothing happens: wake it
                self._idle = False
                self._cond.notify_all()

    def _run(self, stop_token: threading.Event) -> None:
        try:
            self._begin()
            while True:
                with self._cond:
                    # nothing settling: look again only every IDLE_TICK (events wake us)
                    self._idle = not (self._events or self._settler.busy or self._root_missing)
                    if not stop_token.is_set():
                        self._cond.wait(IDLE_TICK if self._idle else self._tick)
                    self._idle = False
                    if stop_token.is_set():
                        return
                    events, self._events = self._events, []
                    rescan, self._rescan_requested = self._rescan_requested, False
                try:
                    self._step(events, rescan=rescan)
                except Exception:
                    logger.exception("Reload: the watcher hit an error; it keeps going")
        finally:
            self._stop_observer()
            self._settler.forget_pending()
            self._publish_pending()
            with self._cond:
                self._events.clear()
            self._ready.set()

    def _begin(self) -> None:
        """Start the observer, then take the baseline (first start) or rescan (restart)."""
        now = self._clock()
        self._root_missing = False
        self._next_rescan = now + self._rescan_every
        try:
            if not self._root_is_dir():
                self._report_root_missing()
                return
            self._start_observer()
            self._next_attempt = now + RETRY_SECONDS
            if self._settler.snapshot is None:
                self._settler.snapshot = self._walk("")
                # events queued during the walk may be for files the baseline already
                # holds in their new state: deliver them whatever their signature
                self._force_next_drain = True
                logger.info(
                    "Reload: watching %s (%d files)", self.root, len(self._settler.snapshot)
                )
            else:
                self._rescan(now, full=False)
        except Exception:
            logger.exception("Reload: could not start watching %s; retrying", self.root)
        finally:
            self._ready.set()

    def _step(self, events: list[tuple[float, str, FileSystemEvent]], *, rescan: bool) -> None:
        """One tick: health, events, rescans, stability, delivery."""
        now = self._clock()
        if not self._check_health(now):
            return
        if events:
            self._take_events(events)
        if rescan or (self._rescan_every > 0 and now >= self._next_rescan):
            self._rescan(now, full=False)
        for rel in self._settler.settle(self._clock(), self._signature, self._can_open):
            logger.warning("Reload: %s cannot be opened; handing it over anyway", rel)
        if self._settler.due(self._clock()):
            self._flush()
        self._publish_pending()

    def _publish_pending(self) -> None:
        view = self._settler.unfinished()
        with self._cond:
            arriving = bool(view) and not self._pending_view
            self._pending_view = view
        if arriving and self._on_arriving is not None:
            self._on_arriving()

    # ---- health ----------------------------------------------------------------------

    def _root_is_dir(self) -> bool:
        try:
            st = os.stat(self.root)
        except OSError:
            return False
        return stat.S_ISDIR(st.st_mode)

    def _identity(self) -> tuple[int, int] | None:
        try:
            st = os.stat(self.root)
        except OSError:
            return None
        return (st.st_dev, st.st_ino)

    def _observer_alive(self) -> bool:
        observer = self._observer
        if observer is None or not observer.is_alive():
            return False
        try:
            emitters = list(observer.emitters)
        except RuntimeError:  # the set changed under us; look again next tick
            return True
        return bool(emitters) and all(emitter.is_alive() for emitter in emitters)

    def _check_health(self, now: float) -> bool:
        """Keep the observer alive and follow the root; False while the root is missing."""
        if not self._root_is_dir():
            if not self._root_missing:
                self._report_root_missing()
            return False
        if self._root_missing:
            self._next_attempt = now + RETRY_SECONDS
            logger.info("Reload: the content root %s is back; rescanning everything", self.root)
            self._root_missing = False
            self._try_restart_observer()
            if self._settler.snapshot is None:
                self._settler.snapshot = {}
            self._rescan(now, full=True)
            return True
        identity = self._identity()
        replaced = (
            identity is not None
            and self._root_identity is not None
            and identity[1] != 0
            and identity != self._root_identity
        )
        if replaced:
            logger.warning("Reload: the content root %s was replaced; rescanning", self.root)
            self._next_attempt = now + RETRY_SECONDS
            self._try_restart_observer()
            self._rescan(now, full=True)
        elif self._scope is not None and self._scope_identities() != self._scoped_ids:
            logger.info("Reload: a content folder appeared, vanished or was replaced; rewatching")
            self._try_restart_observer()
            self._rescan(now, full=False)
        elif not self._observer_alive() and now >= self._next_attempt:
            self._next_attempt = now + RETRY_SECONDS
            was_running = self._observer is not None
            if self._try_restart_observer():
                if was_running:
                    logger.warning("Reload: the file watcher had stopped; restarted it")
                if self._settler.snapshot is None:
                    self._settler.snapshot = self._walk("")
                else:
                    self._rescan(now, full=False)
        return True

    def _report_root_missing(self) -> None:
        self._root_missing = True
        logger.warning(
            "Reload: the content root %s is missing; keeping the last content", self.root
        )
        self._stop_observer()
        self._settler.forget_pending()
        self._publish_pending()
        self._deliver(ChangeBatch(root_missing=True))

    def _try_restart_observer(self) -> bool:
        self._stop_observer()
        try:
            self._start_observer()
        except Exception as e:
            logger.warning("Reload: cannot watch %s yet (%s); retrying", self.root, e)
            self._stop_observer()
            return False
        return True

    def _start_observer(self) -> None:
        watch_path = os.path.realpath(self.root)
        observer: BaseObserver = (
            PollingObserver(timeout=POLL_INTERVAL) if self._polling else Observer()
        )
        self._observer = observer
        sink = _EventSink(watch_path, self._put_event, self._clock)
        if self._scope is None:
            observer.schedule(sink, watch_path, recursive=True, event_filter=WANTED_EVENTS)
        else:
            # the root itself only for its own files and for scope folders coming and going
            observer.schedule(sink, watch_path, recursive=False, event_filter=WANTED_EVENTS)
            self._scoped_ids = self._scope_identities()
            for name in self._scoped_ids:
                observer.schedule(sink, os.path.join(watch_path, name), recursive=True,
                                  event_filter=WANTED_EVENTS)
        observer.start()
        self._root_identity = self._identity()

    def _scope_identities(self) -> dict[str, tuple[int, int]]:
        """(device, inode) of each scope folder that exists now."""
        found: dict[str, tuple[int, int]] = {}
        for name in self._scope or ():
            try:
                st = os.stat(self.root / name)
            except OSError:
                continue
            if stat.S_ISDIR(st.st_mode):
                found[name] = (st.st_dev, st.st_ino)
        return found

    def _stop_observer(self) -> None:
        observer, self._observer = self._observer, None
        if observer is None:
            return
        try:
            observer.stop()
        except Exception:
            logger.exception("Reload: error while stopping the file watcher")
        with contextlib.suppress(RuntimeError):  # never started
            observer.join()

    # ---- events ----------------------------------------------------------------------

    def _take_events(self, events: list[tuple[float, str, FileSystemEvent]]) -> None:
        """Mark every path the events name; each path is looked at once."""
        forced, self._force_next_drain = self._force_next_drain, False
        settler = self._settler
        settler.event_seen(max(at for at, _, _ in events))
        touched = touched_paths(events, self._scope, forced=forced)
        folders: set[str] | None = None
        for rel, seen in touched.items():
            at = seen.at
            try:
                st = os.stat(self.root / rel)
            except (FileNotFoundError, NotADirectoryError):
                settler.mark(rel, None, at=at)
                if folders is None:
                    folders = settler.known_folders()
                if rel in folders:  # a folder went away: so did everything inside
                    for child in settler.known_below(rel):
                        settler.mark(child, None, at=at)
                continue
            except OSError:
                settler.mark(rel, UNKNOWN, at=at, strong=seen.strong)
                continue
            if stat.S_ISDIR(st.st_mode):
                if settler.known(rel):
                    settler.mark(rel, None, at=at)  # a file became a folder
                if seen.strong:  # created or moved in: look at everything inside
                    for child, sig in self._walk(rel).items():
                        settler.mark(child, sig, at=at, strong=True)
            elif stat.S_ISREG(st.st_mode):
                sig = (st.st_size, st.st_mtime_ns)
                settler.mark(rel, sig, at=at, strong=seen.strong, closed=seen.closed)

    # ---- rescan ----------------------------------------------------------------------

    def _walk(self, folder: str) -> dict[str, Signature]:
        """Every file of the scope below ``folder`` ("" = the root), with its signature."""
        return walk_files(self.root, folder, self._scope)

    def _rescan(self, now: float, *, full: bool) -> None:
        """Compare the whole root with the snapshot and mark every difference.

        ``full`` marks every file, so that all of them are delivered.
        """
        self._next_rescan = now + self._rescan_every
        try:
            current = self._walk("")
        except OSError as e:
            logger.warning("Reload: cannot rescan %s: %s", self.root, e)
            return
        differences = self._settler.compare(current, now, full=full)
        if differences and not full:
            logger.info("Reload: rescan found %d change(s) the events missed", differences)

    # ---- file looks and delivery ------------------------------------------------------

    def _signature(self, rel: str) -> Signature | None:
        try:
            st = os.stat(self.root / rel)
        except (FileNotFoundError, NotADirectoryError):
            return None
        except OSError:
            return UNKNOWN
        if not stat.S_ISREG(st.st_mode):
            return None
        return (st.st_size, st.st_mtime_ns)

    def _can_open(self, rel: str) -> bool:
        """Whether the file opens for reading (on Windows a copy in progress refuses)."""
        try:
            with open(self.root / rel, "rb"):
                return True
        except OSError:
            return False

    def _flush(self) -> None:
        """Deliver every settled path as one batch (the settler records it as delivered)."""
        settled = self._settler.take()
        self._publish_pending()
        if settled is not None:
            self._deliver(ChangeBatch(settled.changed, settled.deleted, rescan=settled.rescan))

    def _deliver(self, batch: ChangeBatch) -> None:
        logger.info(
            "Reload: %d changed, %d deleted%s%s",
            len(batch.changed),
            len(batch.deleted),
            " (rescan)" if batch.rescan else "",
            " (content root missing)" if batch.root_missing else "",
        )
        try:
            self._on_batch(batch)
        except Exception:
            logger.exception("Reload: the batch handler failed; watching goes on")
