"""The running kiosk: the Kivy app that shows the active playlist, all day.

It owns the meeting point of everything that moves: the clock tick that asks the rotation
(core.rotation) what is due, the preparer that readies the next slide in the background,
the stage that swaps slides without a black frame, the schedule switch, and the play log.
Kivy must be configured (kivy_env.prepare_kivy) before this module is imported.
"""

from __future__ import annotations

import gc
import json
import logging
import os
import signal
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

from kivy.app import App
from kivy.base import ExceptionHandler, ExceptionManager
from kivy.clock import Clock
from kivy.core.window import Window
from kivy.uix.floatlayout import FloatLayout

from renkei_kiosk.content.isolated import ContentLoad, load_content_isolated
from renkei_kiosk.core.catalogue import Catalogue, build_catalogue
from renkei_kiosk.core.model import Content, Item, Playlist, Transition
from renkei_kiosk.core.reload import (
    changed_keys,
    merge_last_good,
    source_file,
    without_paths,
)
from renkei_kiosk.core.rotation import Rotation
from renkei_kiosk.core.schedule import active_playlist, next_change
from renkei_kiosk.core.touches import Touch, TouchAction
from renkei_kiosk.memory import limit_arenas
from renkei_kiosk.store import Store
from renkei_kiosk.ui.fonts import fontset
from renkei_kiosk.ui.preparer import Job, Preparer, make_texture_limit
from renkei_kiosk.ui.slides import ClosedSlide, Slide, StandbySlide, VideoSlide
from renkei_kiosk.ui.stage import Stage

log = logging.getLogger("renkei_kiosk")

#: start preparing the next item this many seconds before it is due
PREPARE_LEAD = 3.0
#: frames per second while nothing moves (a transition, video or touch restores full rate)
IDLE_FPS = 20
BUSY_FPS = 60

STANDBY_TEXT = {
    "ja": ("まもなく表示します", "表示できるコンテンツがありません。スタッフが準備中です。"),
    "en": ("Coming up shortly", "Nothing to show yet: staff are preparing the content."),
}


def _is_content_path(rel: str) -> bool:
    """Whether a changed file can matter to the content (settings, playlists, media)."""
    return rel == "kiosk.yaml" or rel.startswith(("playlists/", "media/"))


class _KeepRunning(ExceptionHandler):  # type: ignore[misc]
    """Logs an error in a callback and keeps the kiosk running, unless errors storm."""

    def __init__(self) -> None:
        super().__init__()
        self._times: list[float] = []

    def handle_exception(self, inst: BaseException) -> Any:
        if isinstance(inst, (KeyboardInterrupt, SystemExit)):
            return ExceptionManager.RAISE
        log.exception("Kiosk: unexpected error, carrying on", exc_info=inst)
        now = time.monotonic()
        self._times = [t for t in self._times if now - t < 10] + [now]
        # 50 errors in 10 s: something is badly wrong; exit so the supervisor restarts us
        return ExceptionManager.RAISE if len(self._times) > 50 else ExceptionManager.PASS


class KioskRoot(FloatLayout):
    """The window's root: the stage, and above it the browse and staff overlays.

    A touch while the rotation shows opens browse mode at once; while browsing, touches
    go to the browse view.
    """

    def on_touch_down(self, touch: Any) -> bool:
        app = App.get_running_app()
        if isinstance(app, KioskApp):
            app._touch_boost()
            if app.browse is None:
                app.open_browse()
                return True
        return bool(super().on_touch_down(touch))

    def on_touch_move(self, touch: Any) -> bool:
        app = App.get_running_app()
        if isinstance(app, KioskApp):
            app._touch_boost()
        return bool(super().on_touch_move(touch))


class KioskApp(App):  # type: ignore[misc]
    """The signage player."""

    title = "renkei-kiosk"

    def __init__(
        self,
        content_root: Path,
        state_dir: Path,
        *,
        content: Content | None = None,
        lang: str | None = None,
        wallclock: Callable[[], datetime] = datetime.now,
        idle_fps: int | None = IDLE_FPS,
        watch: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        limit_arenas()  # before the decoder and watcher threads start
        self.content_root = content_root
        self.state_dir = state_dir
        self.lang_override = lang
        self.content = (content if content is not None
                        else load_content_isolated(content_root, lang))
        self.wallclock = wallclock
        self.idle_fps = idle_fps
        self.watch = watch
        self.watcher: Any = None
        # a content reader started when the watcher sees files arriving (see _prime_reload)
        self._primed: ContentLoad | None = None
        self._primed_lock = threading.Lock()
        self._root_missing = False
        self.reloads = 0  # completed reloads, for tests and the staff overlay
        self.playlist: Playlist | None = None
        self.rotation: Rotation | None = None
        self.store: Store | None = None
        self.preparer: Preparer | None = None
        self.stage: Stage | None = None
        self._next_change: datetime | None = None
        self._job: Job | None = None  # the slide being prepared
        self._shown_key: str | None = None  # key of the rotation item on the stage
        self._play_row: int | None = None
        self._placeholder: str | None = None  # "standby" / "closed" when one shows
        self._stop_requested = False
        self._tick_ev: Any = None
        self.browse: Any = None  # the BrowseView while a visitor browses
        self._errors = _KeepRunning()
        self._warm = False  # browse mode's code loaded ahead of the first touch
        self._background_started = False  # watcher and font tables, after the first slide
        self._started_at = 0.0
        self._spare_browse: Any = None  # a BrowseView built ahead of the next visitor
        self._browse_garbage = False  # a closed browse view waits for the cycle collector
        #: (content, playlist, their catalogue): built once for each pair
        self._catalogue: tuple[Content, Playlist | None, Catalogue] | None = None
        self._stopped = False
        self._busy_until = 0.0

    @property
    def lang(self) -> str:
        """The language of the kiosk's own labels."""
        return self.lang_override or self.content.settings.language

    # -- lifecycle ------------------------------------------------------------------
    def build(self) -> KioskRoot:
        # worker threads (reload, decoding) must not hold the Kivy thread off the GIL for
        # long: hand it over every millisecond instead of every five
        sys.setswitchinterval(0.001)
        fontset()
        root = KioskRoot()
        self.stage = Stage()
        root.add_widget(self.stage)
        return root

    def on_start(self) -> None:
        ExceptionManager.add_handler(self._errors)
        Window.bind(on_request_close=self._on_request_close)
        # full frame rate the moment input is read, not a frame later
        Window.bind(on_mouse_down=self._input_arrived, on_motion=self._input_arrived)
        self._apply_orientation()
        self.store = Store(self.state_dir / "kiosk.sqlite3")
        self.store.close_open_plays(self.wallclock(), "interrupted")
        self.preparer = Preparer(
            self.content_root, self._screen_size, max_texture=make_texture_limit()
        )
        for problem in self.content.problems:
            log.warning("Content: %s", problem)
        self._install_signal_handlers()
        self._write_problems()
        self._apply_schedule()
        self._started_at = Clock.get_time()
        self._step_rotation()  # the first item's decoding starts now, not at the first tick
        self._tick_ev = Clock.schedule_interval(self._tick, 0.1)
        self._freeze_heap()

    def on_stop(self) -> None:
        if self._stopped:
            return  # App.stop() and App.run() both dispatch on_stop
        self._stopped = True
        Window.unbind(on_request_close=self._on_request_close)
        Window.unbind(on_mouse_down=self._input_arrived, on_motion=self._input_arrived)
        ExceptionManager.remove_handler(self._errors)
        if self._tick_ev is not None:
            self._tick_ev.cancel()
        if self._spare_browse is not None:
            self._spare_browse.release()
            self._spare_browse = None
        if self.watcher is not None:
            self.watcher.stop()
        with self._primed_lock:
            primed, self._primed = self._primed, None
        if primed is not None:
            primed.close()
        self._save_resume_point()
        self._end_play("interrupted")
        if self._job is not None:
            self._job.cancel()
        if self.stage is not None:
            self.stage.clear()
        if self.preparer is not None:
            self.preparer.shutdown()
        if self.store is not None:
            self.store.close()
        log.info("Kiosk: stopped")

    def _input_arrived(self, *_args: Any) -> None:
        """A touch or click was read: render at full rate at once (the idle rate would
        hold its handling back by a whole slow frame).

        A mouse click is polled from SDL after a frame is drawn and handed to the
        widgets at the start of the next one, after that frame's pacing sleep: the first
        input at the idle rate makes the next frame start without it (it held the
        visitor's first response back by another 0 to 17 ms)."""
        self._touch_boost()
        if self.idle_fps is None:
            return
        if Clock._max_fps not in (BUSY_FPS, 0):
            Clock._max_fps = 0  # (no pacing: Clock.idle does not sleep)
            Clock.schedule_once(self._full_rate, 0)  # (runs after that sleep-less idle)

    def _full_rate(self, _dt: float = 0.0) -> None:
        if self.idle_fps is not None and Clock._max_fps == 0:
            Clock._max_fps = BUSY_FPS

    @staticmethod
    def _freeze_heap() -> None:
        """Move everything alive after start-up out of the garbage collector's way, so a
        collection triggered by a big reload does not stall a frame walking it all (a
        freeze is cheap; a full collection here could itself stall a frame)."""
        gc.freeze()

    def _warm_up_browse(self) -> None:
        """Load browse mode's code and map shapes before the first visitor touches (once,
        while the screen is still: the import costs the Kivy thread about 0.1 s)."""
        self._warm = True
        import threading

        import renkei_kiosk.ui.browse  # noqa: F401 - loads its .kv on the Kivy thread
        from renkei_kiosk.media.japan_shapes import japan_shapes

        threading.Thread(target=japan_shapes, name="warm-map", daemon=True).start()

    def _build_spare_browse(self) -> None:
        """Build the next visitor's browse view while the screen is still (its widgets,
        layout and label textures cost the Kivy thread tens of milliseconds): a touch
        then only adds it to the window and opens the item on screen."""
        from renkei_kiosk.ui.browse import BrowseView

        if self.root is None:
            return
        if self._browse_garbage:
            # the last visitor's view and screens are thousands of objects in reference
            # cycles (Kivy widgets hold each other): only a full collection frees them,
            # and Python runs one at a moment of its own choosing, which could be the
            # next visitor's first touch (measured: a 70 ms collection in the open
            # frame). Collect them now, while the screen is still; build at the next tick.
            self._browse_garbage = False
            gc.collect()
            return
        view = BrowseView(
            catalogue=None,
            content_root=self.content_root,
            state_dir=self.state_dir,
            lang=self.lang,
            idle_timeout=self.content.settings.idle_timeout,
            on_action=self.record_touch,
            on_close=self.close_browse,
            size=tuple(self.root.size),
            pos=tuple(self.root.pos),
        )
        self._spare_browse = view
        self.catalogue()  # made now, not in the visitor's first frame
        # lay it out and draw it once off screen, in the next frame (not this one)
        Clock.schedule_once(lambda _dt: view.prerender() if view.parent is None else None, 0.1)

    def _on_request_close(self, *_args: Any, **_kwargs: Any) -> bool:
        """A visitor cannot close the kiosk (Alt+F4, the window manager's close)."""
        if self._stop_requested:
            return False
        log.info("Kiosk: a request to close the window was ignored")
        return True

    def request_stop(self) -> None:
        """Stop at the next tick (safe to call from a signal handler)."""
        self._stop_requested = True

    def _install_signal_handlers(self) -> None:
        def handler(_signum: int, _frame: Any) -> None:
            self.request_stop()

        signal.signal(signal.SIGTERM, handler)
        if sys.platform == "win32":  # Ctrl+Break / console close on Windows
            signal.signal(signal.SIGBREAK, handler)

    def _apply_orientation(self) -> None:
        portrait = self.content.settings.orientation == "portrait"
        w, h = Window.system_size
        if portrait and w > h:
            Window.rotation = 90

    def _screen_size(self) -> tuple[int, int]:
        # the stage fills the window, but is laid out only in the first frame: before
        # it, its size is Kivy's default 100x100 (the first panel was decoded at 100x56)
        w, h = Window.size
        return int(w), int(h)

    # -- the clock tick ---------------------------------------------------------------
    def _tick(self, _dt: float) -> None:
        if self._stop_requested:
            self.stop()
            return
        if self._next_change is not None and self.wallclock() >= self._next_change:
            self._apply_schedule()
        self._step_rotation()
        if self.watcher is not None:
            self._prime_reload()
        self._settle_stage()
        if not self._background_started and (
            self._shown_key is not None or self._placeholder is not None
            or Clock.get_time() - self._started_at > 2.0  # nothing shows (root missing)
        ):
            self._start_background()
        self._govern_frame_rate()
        if self.browse is None and self._quiet_for(2.0):
            if not self._warm:
                self._warm_up_browse()
            elif self._spare_browse is None and self.playlist is not None:
                self._build_spare_browse()

    def _apply_schedule(self) -> None:
        """Switch to the playlist the schedule makes active now (or the closed mode)."""
        now = self.wallclock()
        playlists = self.content.playlists
        active = active_playlist(playlists, now)
        self._next_change = next_change(playlists, now)
        if active is not None and self.playlist is not None and active.stem == self.playlist.stem:
            return
        if active is None and self.playlist is None and self._placeholder == "closed":
            return
        log.info("Schedule: %s", f"playlist {active.stem}" if active else "closed")
        self.playlist = active
        if self._job is not None:
            self._job.cancel()
            self._job = None
        self._shown_key = None
        if active is None:
            self.rotation = None
            self._show_placeholder("closed")
            return
        items = self.content.items.get(active.stem, ())
        self.rotation = Rotation(
            items,
            default_duration=active.default_duration,
            shuffle=active.shuffle,
            seed=int(now.strftime("%Y%m%d")),
            transition_duration=active.transition_duration,
        )
        self.rotation.start(Clock.get_time(), resume=self._take_resume_point(active.stem))
        if self.browse is not None:  # switched while a visitor browses: wait for them
            self.rotation.pause(Clock.get_time())

    def _step_rotation(self) -> None:
        rot, stage = self.rotation, self.stage
        if rot is None or stage is None or self.playlist is None or self._root_missing:
            return
        if rot.paused:  # a visitor is browsing
            return
        now = Clock.get_time()
        current = rot.current
        if current is None:
            if rot.is_due(now):  # something became playable again
                rot.advance(now)
            else:
                self._show_placeholder("standby")
            return
        if self._shown_key != current.key:
            # the current item is not on screen yet (start, playlist switch, reload)
            self._ensure_job(current)
            job = self._job
            if job is not None and job.done.is_set() and job.slide is not None:
                self._show(job)
            return
        ended = isinstance(stage.current, VideoSlide) and stage.current.ended
        held = stage.current is not None and now < stage.current.hold_until
        upcoming = rot.upcoming()
        if upcoming is None:
            return
        remaining = rot.remaining(now)
        # decoding competes with drawing for the CPU: wait for a transition to end unless
        # the next item is nearly due
        calm = not stage.transitioning or (remaining is not None and remaining < 1.0)
        if calm and (remaining is None or remaining <= PREPARE_LEAD or ended):
            self._ensure_job(upcoming)
        if not (ended or rot.is_due(now)) or held:
            return
        job = self._job
        if job is None or not job.done.is_set() or job.slide is None:
            return  # keep the current slide until the next one is ready: never a gap
        item = rot.advance(now)
        if item is not None and item.key == job.item.key:
            self._show(job)
        # otherwise the rotation changed under us; the next tick prepares again

    def _ensure_job(self, item: Item) -> None:
        """Prepare `item` unless it is already being prepared."""
        if self._job is not None and self._job.item.key == item.key:
            return
        if self._job is not None:
            self._job.cancel()
        assert self.preparer is not None and self.playlist is not None
        self._job = self.preparer.prepare(
            item, self.playlist.background, self._job_done,
            page_seconds=item.duration or self.playlist.default_duration,
        )

    def _job_done(self, job: Job) -> None:
        """A slide is ready (or failed): show it now if it is the current item."""
        rot = self.rotation
        if rot is None or job is not self._job:
            job.cancel()
            return
        if job.error is not None or job.slide is None:
            self._skip(job.item, job.error or "cannot be shown")
            self._job = None
            return
        if rot.current is not None and rot.current.key == job.item.key and (
            self._shown_key != job.item.key
        ):
            self._show(job)

    def _skip(self, item: Item, reason: str) -> None:
        """Record an unreadable item and move past it until its file changes."""
        log.warning("Player: skipping %s: %s", item.key, reason)
        rot = self.rotation
        assert rot is not None
        stamp = self._stamp(item)
        was_current = rot.current is not None and rot.current.key == item.key
        rot.mark_failed(item.key, stamp)
        if self.store is not None:
            now = self.wallclock()
            row = self.store.play_started(item.key, item.kind.value, self._playlist_stem(), now)
            self.store.play_ended(row, now, "skipped")
        if was_current and self._shown_key != item.key:
            rot.advance(Clock.get_time())

    def _stamp(self, item: Item) -> object:
        """(size, mtime) of the file behind `item`, so a failure is retried when it changes."""
        try:
            st = (self.content_root / source_file(item)).stat()
        except OSError:
            return None
        return (st.st_size, st.st_mtime_ns)

    def _show(self, job: Job) -> None:
        """Put a prepared slide on the stage and log its play."""
        assert self.stage is not None and self.playlist is not None and job.slide is not None
        slide, item = job.slide, job.item
        self._job = None
        self._end_play("ok")
        transition = self.playlist.transition
        if self._placeholder is not None or self.stage.current is None:
            transition = Transition.FADE
        self._placeholder = None
        self.stage.show(slide, transition, self.playlist.transition_duration)
        self._shown_key = item.key
        if self.store is not None:
            self._play_row = self.store.play_started(
                item.key, item.kind.value, self._playlist_stem(), self.wallclock()
            )
        log.info("Player: showing %s", item.key)

    def _show_placeholder(self, which: str) -> None:
        """The standby or closed slide, shown once until content returns."""
        if self._placeholder == which or self.stage is None:
            return
        self._end_play("ok")
        self._placeholder = which
        self._shown_key = None
        slide: Slide
        settings = self.content.settings
        if which == "closed":
            message = settings.closed_message if settings.closed_mode == "text" else ""
            slide = ClosedSlide(message=fontset().markup(message or ""))
        else:
            title, message = STANDBY_TEXT.get(self.lang, STANDBY_TEXT["ja"])
            slide = StandbySlide(title=title, message=message)
        self.stage.show(slide, Transition.FADE, 1.0)

    def _end_play(self, outcome: str) -> None:
        if self._play_row is not None and self.store is not None:
            self.store.play_ended(self._play_row, self.wallclock(), outcome)
        self._play_row = None

    def _playlist_stem(self) -> str:
        return self.playlist.stem if self.playlist is not None else ""

    # -- hot reload ------------------------------------------------------------------
    def _prime_reload(self) -> None:
        """Files are arriving: start the child that will read the content now, so that
        its imports (0.2-0.4 s) happen while the watcher waits for the files to settle,
        not after. One that is not used within a minute is closed."""
        pending = bool(self.watcher.pending())
        with self._primed_lock:
            primed = self._primed
            if primed is None and pending:
                self._primed = ContentLoad(self.content_root, self.lang_override, primed=True)
                return
            if primed is None or pending or time.monotonic() - primed.started < 60:
                return
            self._primed = None
        primed.close()

    def _settle_stage(self) -> None:
        """Let the GL driver free the textures of dropped slides (Stage.settle) once the
        screen has been still for a second, or at once after many drops without a pause
        (a playlist of very short items), so that memory stays flat either way."""
        stage = self.stage
        if stage is None or not stage.unsettled:
            return
        still = Clock.get_time() - stage.dropped_at > 1.0 and self._quiet_for(1.0)
        if still or stage.unsettled >= 8:
            stage.settle()

    def _start_background(self) -> None:
        """Once the first slide is on screen (not before: they would slow the start by
        competing with it for the interpreter): the content watcher, and reading the
        fallback fonts' character tables."""
        self._background_started = True
        if self.watch:
            self._start_watcher()
        fontset().preload()

    def _start_watcher(self) -> None:
        from renkei_kiosk.content.watcher import ContentWatcher

        self.watcher = ContentWatcher.from_settings(
            self.content_root, self.content.settings, self._on_batch
        )
        self.watcher.start()

    def _on_batch(self, batch: Any) -> None:
        """Watcher thread: re-read the content root here, off the Kivy thread, then hand
        the result over."""
        if batch.root_missing:
            Clock.schedule_once(lambda _dt: self._set_root_missing(True), 0)
            return
        paths = set(batch.changed) | set(batch.deleted)
        if not batch.rescan and not any(_is_content_path(p) for p in paths):
            return  # e.g. a state folder kept inside the content root
        try:
            # in a child process: the kiosk never holds the YAML and pydantic machinery
            with self._primed_lock:
                primed, self._primed = self._primed, None
            if primed is not None:
                new = primed.result()
            else:
                new = load_content_isolated(self.content_root, self.lang_override)
        except Exception:
            log.exception("Reload: reading the content failed; keeping the last good content")
            return
        existing = [p.relative_to(self.content_root).as_posix()
                    for p in (self.content_root / "playlists").glob("*.yaml")]
        pending = self.watcher.pending()
        Clock.schedule_once(lambda _dt: self._apply_reload(new, batch, existing, pending), 0)

    def _set_root_missing(self, missing: bool) -> None:
        if missing and not self._root_missing:
            log.warning("Reload: the content folder %s is gone; keeping what is on screen",
                        self.content_root)
        self._root_missing = missing

    def _apply_reload(
        self, new: Content, batch: Any, existing: list[str], pending: frozenset[str]
    ) -> None:
        """Kivy thread: take the new content, keeping the last good parts of it."""
        started = time.perf_counter()
        self._set_root_missing(False)
        merged, kept = merge_last_good(self.content, new, existing)
        if pending:
            merged = replace(merged, items={
                stem: without_paths(items, pending) for stem, items in merged.items.items()
            })
        for name in kept:
            log.warning("Reload: %s has problems; the last good version stays on", name)
        for problem in new.problems:
            log.warning("Reload: %s", problem)
        self.content = merged
        self.reloads += 1
        self._write_problems()
        changed = set(batch.changed) | set(batch.deleted)
        rot = self.rotation
        if rot is not None and self.playlist is not None:
            stem = self.playlist.stem
            items = merged.items.get(stem)
            new_pl = merged.playlists.get(stem)
            if new_pl is not None and items is not None:
                self.playlist = new_pl
                hit = changed_keys(items, changed)
                by_key = {item.key: item for item in items}
                for key in hit:
                    if rot.is_failed(key):  # a skipped file was replaced: try it again
                        rot.file_changed(key, self._stamp(by_key[key]))
                rot.replace_items(items, Clock.get_time())
                job = self._job
                if job is not None and (job.item.key in hit or job.item.path in changed):
                    job.cancel()
                    self._job = None
                if self._shown_key is not None and self._shown_key in hit:
                    self._shown_key = None  # the item on screen changed: show it afresh
        log.info("Reload: done (%d changed, %d deleted) in %.0f ms", len(batch.changed),
                 len(batch.deleted), (time.perf_counter() - started) * 1000)
        self._apply_schedule()

    def _write_problems(self) -> None:
        """Keep the current content problems in STATE/problems.txt for staff."""
        text = "".join(f"{p}\n" for p in self.content.problems)
        target = self.state_dir / "problems.txt"
        try:
            tmp = target.with_suffix(".tmp")
            tmp.write_text(text, encoding="utf-8")
            os.replace(tmp, target)
        except OSError as e:
            log.warning("Kiosk: cannot write %s (%s)", target, e)

    # -- resume point ----------------------------------------------------------------
    @property
    def _resume_file(self) -> Path:
        return self.state_dir / "resume.json"

    def _save_resume_point(self) -> None:
        """Remember where the rotation was, so a restart continues there."""
        if self.rotation is None or self.playlist is None:
            return
        index, key = self.rotation.position()
        data = {"playlist": self.playlist.stem, "index": index, "key": key}
        tmp = self._resume_file.with_suffix(".tmp")
        try:
            tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
            os.replace(tmp, self._resume_file)
        except OSError as e:
            log.warning("Kiosk: cannot save the resume point (%s)", e)

    def _take_resume_point(self, stem: str) -> tuple[int, str | None] | None:
        """The saved position for playlist `stem`, used once at start-up."""
        if getattr(self, "_resume_used", False):
            return None
        self._resume_used = True
        try:
            data = json.loads(self._resume_file.read_text(encoding="utf-8"))
            if data.get("playlist") != stem:
                return None
            return int(data["index"]), data.get("key")
        except (OSError, ValueError, KeyError, TypeError):
            return None

    # -- browse mode -----------------------------------------------------------------
    def catalogue(self) -> Catalogue:
        """Everything a visitor can browse: the active playlist's items (built once for
        each content and playlist; both are immutable and replaced on a change)."""
        made = self._catalogue
        if made is not None and made[0] is self.content and made[1] is self.playlist:
            return made[2]
        items = self.content.items.get(self.playlist.stem, ()) if self.playlist else ()
        catalogue = build_catalogue(items)
        self._catalogue = (self.content, self.playlist, catalogue)
        return catalogue

    def open_browse(self) -> None:
        """A visitor touched the screen: pause the rotation and open browse mode (not
        outside opening hours: there is nothing to browse then)."""
        if self.browse is not None or self.root is None or self.playlist is None:
            return
        from renkei_kiosk.ui.browse import BrowseView

        if self.rotation is not None:
            self.rotation.pause(Clock.get_time())
        view, self._spare_browse = self._spare_browse, None
        if view is None:
            view = BrowseView(catalogue=None, content_root=self.content_root,
                              state_dir=self.state_dir, lang=self.lang,
                              on_action=self.record_touch, on_close=self.close_browse)
        self.browse = view
        view.begin(self.catalogue(), self._shown_key, lang=self.lang,
                   idle_timeout=self.content.settings.idle_timeout)
        self.root.add_widget(view)
        # the browse view covers the whole screen: stop drawing (and playing) the stage
        # beneath it, which software GL would otherwise fill every frame
        if self.stage is not None and self.stage.parent is self.root:
            if isinstance(self.stage.current, VideoSlide):
                self.stage.current.pause()
            self.root.remove_widget(self.stage)
        # the row is written after this frame is drawn (a write can wait on the disk)
        opened = Touch(TouchAction.OPEN, item=self._shown_key)
        Clock.schedule_once(lambda _dt: self.record_touch(opened), 0)
        self._touch_boost()

    def close_browse(self) -> None:
        """Leave browse mode (idle timeout or the visitor's choice): resume the rotation
        where it left off."""
        if self.browse is None:
            return
        view, self.browse = self.browse, None
        if view.parent is not None:
            view.parent.remove_widget(view)
        if self.stage is not None and self.stage.parent is None and self.root is not None:
            self.root.add_widget(self.stage, index=len(self.root.children))
            if isinstance(self.stage.current, VideoSlide) and not self.stage.current.ended:
                self.stage.current.play()
        release = getattr(view, "release", None)
        if release is not None:
            release()
        self._browse_garbage = True
        if self.rotation is not None:
            self.rotation.resume(Clock.get_time())

    def record_touch(self, touch: Touch) -> None:
        """One visitor action, for the touches table."""
        if self.store is not None:
            self.store.touch(touch.action.value, touch.item, self.wallclock())
        self._touch_boost()

    def _touch_boost(self) -> None:
        self._busy_until = Clock.get_time() + 2.0

    def _quiet_for(self, seconds: float) -> bool:
        """Whether nothing will move on screen for at least `seconds` (no transition now,
        none due before then, no video)."""
        stage, rot = self.stage, self.rotation
        if stage is None or stage.transitioning or isinstance(stage.current, VideoSlide):
            return False
        if self._shown_key is None and self._placeholder is None:
            return False  # still starting
        if rot is None or rot.current is None:
            return True
        remaining = rot.remaining(Clock.get_time())
        return remaining is not None and remaining > seconds

    # -- frame rate -----------------------------------------------------------------
    def _govern_frame_rate(self) -> None:
        """Full frame rate while something moves, a low one on a static slide."""
        if self.idle_fps is None or self.stage is None:
            return
        first = self._shown_key is None and self._placeholder is None
        busy = first or self.stage.transitioning or Clock.get_time() < self._busy_until or (
            isinstance(self.stage.current, VideoSlide) and self.stage.current.playing
        )
        Clock._max_fps = BUSY_FPS if busy else self.idle_fps
