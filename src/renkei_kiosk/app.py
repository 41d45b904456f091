"""The running kiosk: the Kivy app that shows the active playlist, all day.

Wiring only. The player (core.player) decides what shows and for how long; playback.py
carries out its commands (the preparer, the stage, the play log); reloading.py brings in
content changes; spare_browse.py readies browse mode for the next visitor; pacing.py sets
the frame rate; statefiles.py keeps the resume point and problems.txt. This module owns
the App's life cycle, the clock tick that drives them, browse mode's opening and closing,
signals and the window.
Kivy must be configured (kivy_env.prepare_kivy) before this module is imported.
"""

from __future__ import annotations

import gc
import logging
import sys
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from kivy.app import App
from kivy.base import ExceptionHandler, ExceptionManager
from kivy.clock import Clock
from kivy.core.window import Window
from kivy.uix.floatlayout import FloatLayout

from renkei_kiosk.content.isolated import load_content_isolated
from renkei_kiosk.core.catalogue import Catalogue, build_catalogue
from renkei_kiosk.core.model import Content, Playlist
from renkei_kiosk.core.player import Placeholder, Player
from renkei_kiosk.core.rotation import Rotation
from renkei_kiosk.core.touches import Touch, TouchAction
from renkei_kiosk.memory import limit_arenas
from renkei_kiosk.pacing import ATTENDED_REST, BUSY_FPS, REST_FPS, FramePacer
from renkei_kiosk.playback import Playback, close_crashed_plays
from renkei_kiosk.reloading import ContentReloader
from renkei_kiosk.spare_browse import STEP_EVERY as SPARE_STEP
from renkei_kiosk.spare_browse import SpareBrowse
from renkei_kiosk.statefiles import StateFiles
from renkei_kiosk.stopping import StopRequest
from renkei_kiosk.store import Store
from renkei_kiosk.ui import glinfo
from renkei_kiosk.ui.direct import DirectVideo
from renkei_kiosk.ui.direct_fade import DirectFade
from renkei_kiosk.ui.fonts import fontset
from renkei_kiosk.ui.invitation import TouchInvitation
from renkei_kiosk.ui.preparer import Preparer, make_texture_limit
from renkei_kiosk.ui.slides import VideoSlide
from renkei_kiosk.ui.stage import Stage

__all__ = ["BUSY_FPS", "REST_FPS", "KioskApp", "KioskRoot"]

log = logging.getLogger("renkei_kiosk")


def _apply_orientation(orientation: str) -> None:
    """Turn a landscape screen for a portrait kiosk."""
    w, h = Window.system_size
    if orientation == "portrait" and w > h:
        Window.rotation = 90


def _window_size() -> tuple[int, int]:
    """The size slides are prepared for: the window's (the stage fills it, but is laid
    out only in the first frame: before it, its size is Kivy's default 100x100, and the
    first panel was decoded at 100x56)."""
    w, h = Window.size
    return int(w), int(h)


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

    A touch while the rotation shows opens browse mode at once (with `touch: false` in
    kiosk.yaml it is taken and does nothing: the rotation goes on); while browsing,
    touches go to the browse view. Staff access watches the window's touches before
    this root does (ui.staff), so the corner hold works either way.
    """

    def on_touch_down(self, touch: Any) -> bool:
        app = App.get_running_app()
        if isinstance(app, KioskApp):
            app.pacer.touched()
            if app.browse is None:
                app.open_browse()
                return True
        return bool(super().on_touch_down(touch))

    def on_touch_move(self, touch: Any) -> bool:
        app = App.get_running_app()
        if isinstance(app, KioskApp):
            app.pacer.touched()
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
        idle_fps: float | None = REST_FPS,
        watch: bool = True,
        stopping: StopRequest | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        limit_arenas()  # before the decoder and watcher threads start
        self.content_root = content_root
        self.state_dir = state_dir
        self.lang_override = lang
        self.wallclock = wallclock
        self.idle_fps = idle_fps
        self.watch = watch
        self.files = StateFiles(state_dir)
        self._saved = self.files.read()
        self.player = Player(content if content is not None
                             else load_content_isolated(content_root, lang),
                             resume=self._saved.point)
        self.pacer = FramePacer(idle_fps)
        self.reloader = ContentReloader(content_root, lang, lambda: self.content,
                                        self._content_arrived, self.player.root_missing)
        self.spare = SpareBrowse(self._new_browse_view, self.catalogue,
                                 lambda: self.playlist is not None and self.touchable)
        self.playback: Playback | None = None
        self.last_reload_at: datetime | None = None  # when the content was last read
        self.staff: Any = None  # staff access (ui.staff), once the app runs
        self.unattended: Any = None  # supervision and screen power, once the app runs
        self.stage: Stage | None = None
        self.invitation: TouchInvitation | None = None
        self.direct: DirectVideo | None = None  # video straight to the X window (ui.direct)
        self.fade: DirectFade | None = None  # fades blended on the CPU (ui.direct_fade)
        self.store: Store | None = None
        self.browse: Any = None  # the BrowseView while a visitor browses
        self._errors = _KeepRunning()
        self._tick_ev: Any = None
        self.stopping = stopping if stopping is not None else StopRequest()
        self._background_started = False  # watcher and font tables, after the first slide
        self._started_at = 0.0
        self._stopped = False
        #: (content, playlist, their catalogue): built once for each pair
        self._catalogue: tuple[Content, Playlist | None, Catalogue] | None = None

    # -- public queries -----------------------------------------------------------------
    @property
    def lang(self) -> str:
        """The language of the kiosk's own labels."""
        return self.lang_override or self.content.settings.language

    @property
    def touchable(self) -> bool:
        """Whether visitors can touch this screen (kiosk.yaml `touch`, read afresh so a
        reload applies at once): False, no invitation and no browse mode."""
        return self.content.settings.touch

    @property
    def content(self) -> Content:
        """The content being shown (the last good one)."""
        return self.player.content

    @property
    def playlist(self) -> Playlist | None:
        """The active playlist (None: closed)."""
        return self.player.playlist

    @property
    def rotation(self) -> Rotation | None:
        """The active playlist's rotation."""
        return self.player.rotation

    @property
    def on_screen(self) -> str | Placeholder | None:
        """Key of the rotation item on screen, the placeholder showing, or None."""
        return self.player.on_screen

    @property
    def watcher(self) -> Any:
        """The content watcher, once started."""
        return self.reloader.watcher

    @property
    def reloads(self) -> int:
        """Completed content reloads."""
        return self.reloader.reloads

    @property
    def root_missing(self) -> bool:
        """Whether the content folder is gone (the last content stays on screen)."""
        return self.reloader.root_missing

    # -- lifecycle ------------------------------------------------------------------
    def build(self) -> KioskRoot:
        # worker threads (reload, decoding) must not hold the Kivy thread off the GIL for
        # long: hand it over every millisecond instead of every five
        sys.setswitchinterval(0.001)
        fontset()
        root = KioskRoot()
        self.stage = Stage()
        root.add_widget(self.stage)
        self.invitation = TouchInvitation()  # above the stage, below browse
        root.add_widget(self.invitation)
        return root

    def on_start(self) -> None:
        ExceptionManager.add_handler(self._errors)
        Window.bind(on_request_close=self.stopping.on_request_close)
        # full frame rate the moment input is read, not a frame later
        Window.bind(on_mouse_down=self.pacer.input_arrived, on_motion=self.pacer.input_arrived)
        self.pacer.install()  # at rest: sleep until input, a hand-over or the next item
        glinfo.clear_colour_only(Window)  # (no depth or stencil to clear: ui.glinfo)
        _apply_orientation(self.content.settings.orientation)
        self.store = Store(self.state_dir / "kiosk.sqlite3")
        close_crashed_plays(self.store, self._saved.alive, self.wallclock())
        self.files.heartbeat(self.wallclock(), Clock.get_time())  # (alive again)
        assert self.stage is not None
        preparer = Preparer(self.content_root, _window_size,
                            max_texture=make_texture_limit())
        self.playback = Playback(self.player, self.stage, preparer, self.store, self.files,
                                 content_root=self.content_root, wallclock=self.wallclock,
                                 lang=lambda: self.lang)
        for problem in self.content.problems:
            log.warning("Content: %s", problem)
        self._log_touch()
        if not self.stopping.installed:  # (run in-process, not by the runner: no SIGINT)
            self.stopping.install_signal_handlers(interrupt=False)
        self.files.write_problems(self.content.problems)
        self._started_at = Clock.get_time()
        self._step()  # the first item's decoding starts now, not at the first tick
        self._tick_ev = Clock.schedule_interval(self._tick, 0.1)
        self.last_reload_at = self.wallclock()
        self._attach_staff()
        self.direct = DirectVideo(Window)
        self.fade = DirectFade(Window, self)
        self.fade.attach()
        from renkei_kiosk.unattended import Unattended

        self.unattended = Unattended(self)
        # move everything alive after start-up out of the garbage collector's way, so a
        # collection triggered by a big reload does not stall a frame walking it all
        gc.freeze()

    def on_stop(self) -> None:
        if self._stopped:
            return  # App.stop() and App.run() both dispatch on_stop
        self._stopped = True
        Window.unbind(on_request_close=self.stopping.on_request_close)
        Window.unbind(on_mouse_down=self.pacer.input_arrived,
                      on_motion=self.pacer.input_arrived)
        self.pacer.uninstall()
        glinfo.kivy_clear(Window)
        ExceptionManager.remove_handler(self._errors)
        if self.staff is not None:
            self.staff.detach()
        if self.unattended is not None:
            self.unattended.detach()
        if self._tick_ev is not None:
            self._tick_ev.cancel()
        if self.direct is not None:
            self.direct.leave()
        if self.fade is not None:
            self.fade.detach()
        self.spare.release()
        self.reloader.stop()
        if self.playback is not None:
            self.playback.shutdown()
        if self.store is not None:
            self.store.close()
        log.info("Kiosk: stopped")

    def request_stop(self) -> None:
        """Stop at the next tick (safe to call from a signal handler)."""
        self.stopping.request()

    # -- the clock tick ---------------------------------------------------------------
    def _step(self) -> None:
        if self.playback is not None:
            self.playback.run(self.player.tick(Clock.get_time(), self.wallclock()))

    def _tick(self, _dt: float) -> None:
        if self.stopping.requested:
            self.stop()
            return
        self._step()
        if self.invitation is not None:  # now and then, while the rotation plays
            self.invitation.update(Clock.get_time(), playing=self.browse is None
                                   and isinstance(self.on_screen, str) and self.touchable)
        if self.direct is not None:  # (after the invitation: it is drawn into the frames)
            self.direct.follow(self)
        self.files.heartbeat(self.wallclock(), Clock.get_time())
        self.reloader.prime()
        if self.stage is not None and self.stage.unsettled:
            self.stage.settle_when_still(self._quiet_for(1.0))
        if not self._background_started and (
            self.on_screen is not None
            or Clock.get_time() - self._started_at > 2.0  # nothing shows (root missing)
        ):
            self._start_background()
        still = self.browse is None and self._quiet_for(2.0)  # (browse mode can be readied)
        self._pace(still)
        if still:
            self.spare.when_still()

    def _pace(self, still: bool) -> None:
        """The frame rate for what is on screen (pacing.FramePacer): full while anything
        moves, else rest until the next thing due (an item's page or end, a schedule
        change, the invitation; a few times a second while a visitor or staff are at the
        screen, or while browse mode is readied on a `still` screen)."""
        stage = self.stage
        if stage is None:
            return
        detail = getattr(self.browse, "detail", None)
        busy = (self.on_screen is None or stage.transitioning
                or (isinstance(stage.current, VideoSlide) and stage.current.playing
                    and stage.current.direct is None)
                or bool(getattr(detail, "video_playing", False)))
        now = Clock.get_time()
        due = [t for t in (self.player.next_change(now, self.wallclock()),
                           self.invitation.next_change(now) if self.invitation else None)
               if t is not None]
        if self.browse is not None or getattr(self.staff, "attended", False):
            due.append(now + ATTENDED_REST)  # (a countdown, a hold, the panel's figures)
        elif still and self.spare.pending():
            due.append(now + SPARE_STEP)  # (browse mode's next step of preparation)
        self.pacer.govern(busy, wake_at=min(due) if due else None)

    def _quiet_for(self, seconds: float) -> bool:
        """Whether nothing will move on screen for at least `seconds` (no transition now,
        none due before then, no video)."""
        stage = self.stage
        if stage is None or stage.transitioning or isinstance(stage.current, VideoSlide):
            return False
        if self.on_screen is None:
            return False  # still starting
        rot = self.rotation
        if rot is None or rot.current is None:
            return True
        remaining = rot.remaining(Clock.get_time())
        return remaining is not None and remaining > seconds

    def _start_background(self) -> None:
        """Once the first slide is on screen (not before: they would slow the start by
        competing with it for the interpreter): the content watcher, and reading the
        fallback fonts' character tables."""
        self._background_started = True
        if self.watch:
            self.reloader.start(self.content.settings)
        fontset().preload()

    def _content_arrived(self, content: Content, changed: frozenset[str]) -> None:
        """Kivy thread: a reload's merged content."""
        self.last_reload_at = self.wallclock()
        self.files.write_problems(content.problems)
        touchable_before = self.touchable
        if self.playback is not None:
            self.playback.run(self.player.content_replaced(
                content, changed, self.playback.stamp, Clock.get_time(), self.wallclock()))
        if self.touchable != touchable_before:
            self._log_touch()

    def _log_touch(self) -> None:
        if self.touchable:
            log.info("Kiosk: touch: true, a touch opens browse mode")
        else:
            log.info("Kiosk: touch: false in kiosk.yaml, so no touch invitation and a "
                     "touch or click does not open browse mode (staff access still works)")

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

    def _new_browse_view(self) -> Any:
        """A browse view for the next visitor, the size of the window."""
        from renkei_kiosk.ui.browse import BrowseView

        if self.root is None:
            return None
        return BrowseView(
            catalogue=None, content_root=self.content_root, state_dir=self.state_dir,
            lang=self.lang, idle_timeout=self.content.settings.idle_timeout,
            on_action=self.record_touch, on_close=self.close_browse,
            size=tuple(self.root.size), pos=tuple(self.root.pos),
        )

    def open_browse(self) -> None:
        """A visitor touched the screen: pause the rotation and open browse mode (not
        outside opening hours: there is nothing to browse then; never with `touch: false`
        in kiosk.yaml: a screen nobody can touch)."""
        if (self.browse is not None or self.root is None or self.playlist is None
                or not self.touchable):
            return
        from renkei_kiosk.ui.browse import BrowseView

        self.player.browse_opened(Clock.get_time())
        view = self.spare.take()
        if view is None:
            view = BrowseView(catalogue=None, content_root=self.content_root,
                              state_dir=self.state_dir, lang=self.lang,
                              on_action=self.record_touch, on_close=self.close_browse,
                              size=tuple(self.root.size), pos=tuple(self.root.pos))
        self.browse = view
        shown = self.player.shown
        view.begin(self.catalogue(), shown, lang=self.lang,
                   idle_timeout=self.content.settings.idle_timeout)
        self.root.add_widget(view)
        # the browse view covers the whole screen: stop drawing (and playing) the stage
        # beneath it, which software GL would otherwise fill every frame
        if self.stage is not None and self.stage.parent is self.root:
            if isinstance(self.stage.current, VideoSlide):
                self.stage.current.pause()
            self.root.remove_widget(self.stage)
        # the row is written after this frame is drawn (a write can wait on the disk)
        opened = Touch(TouchAction.OPEN, item=shown)
        Clock.schedule_once(lambda _dt: self.record_touch(opened), 0)
        self.pacer.touched()

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
        self.spare.visitor_left()
        self.player.browse_closed(Clock.get_time())

    def record_touch(self, touch: Touch) -> None:
        """One visitor action, for the touches table."""
        if self.store is not None:
            self.store.touch(touch, self.wallclock())
        self.pacer.touched()

    # -- staff access (ui.staff: the PIN pad and the staff panel) ---------------------
    def _attach_staff(self) -> None:
        from renkei_kiosk.ui.staff import attach_staff

        self.staff = attach_staff(self)

    def exit_by_staff(self) -> None:
        """Staff pressed exit: the kiosk ends at the next tick, with exit code 0."""
        self.stopping.request()

    def skip_item(self) -> None:
        """Staff pressed skip: the next item comes now (its slide as soon as it is ready)."""
        self.close_browse()  # the staff member's hold in the corner opened it
        self.player.skip(Clock.get_time())

    def reload_now(self) -> None:
        """Staff pressed reload: read the whole content again now."""
        self.reloader.reload_now()
