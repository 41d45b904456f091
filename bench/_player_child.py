"""The programs that bench_player.py measures, each run in a fresh process.

`bench_player.py` starts this file once per measurement with SDL's offscreen video driver,
a throw-away KIVY_HOME and state folder, and the parent's `time.time()` at launch in
BENCH_T0. Each mode runs either the real kiosk (configured as `renkei-kiosk run` does it:
logging, load_content, prepare_kivy, KioskApp) or a bare Kivy app doing the same visible
work, and reports on standard output with lines ``BENCH {json}``.

    python bench/_player_child.py MODE [options]

Modes: startup-kiosk, startup-bare, crossfade-kiosk, crossfade-bare, idle-kiosk,
idle-bare, rotate-kiosk, leak.
"""

from __future__ import annotations

import argparse
import ctypes
import gc
import json
import os
import random
import struct
import sys
import threading
import time
from collections.abc import Callable
from itertools import pairwise
from pathlib import Path
from typing import Any

#: the parent's time.time() just before it started this process
T0 = float(os.environ.get("BENCH_T0") or time.time())
SIZE = (1920, 1080)
#: on an X display (the parent says so): every program fullscreen, as at a venue
FULLSCREEN = os.environ.get("BENCH_FULLSCREEN") == "1"


def emit(kind: str, **data: Any) -> None:
    """One result line for the parent."""
    print("BENCH " + json.dumps({"kind": kind, **data}), flush=True)


# -- setting up the two kinds of program ----------------------------------------------------
def kiosk_app(content: Path, state: Path, size: tuple[int, int] = SIZE, **kw: Any) -> Any:
    """The kiosk as `renkei-kiosk run --windowed --size WxH` builds it (runner.build_app),
    or as `renkei-kiosk run` does (fullscreen) on an X display."""
    from renkei_kiosk.runner import build_app, keep_numpy_out, setup_logging

    keep_numpy_out()
    state.mkdir(parents=True, exist_ok=True)
    setup_logging(state)
    return build_app(content, state, windowed=not FULLSCREEN, size=size, **kw)


def bare_kivy(size: tuple[int, int] = SIZE) -> None:
    """A bare Kivy app's configuration: only the window size (maxfps stays at 60)."""
    from kivy.config import Config

    Config.set("graphics", "width", str(size[0]))
    Config.set("graphics", "height", str(size[1]))
    if FULLSCREEN:
        Config.set("graphics", "fullscreen", "auto")
        Config.set("graphics", "borderless", "1")


def on_frames(callback: Callable[[float], None]) -> None:
    """Call `callback(perf_counter())` right after every buffer flip of the window."""
    from kivy.core.window import Window

    flip = Window.flip

    def timed_flip() -> None:
        flip()
        callback(time.perf_counter())

    Window.flip = timed_flip


def patch_show(app: Any, after: Callable[[Any], None]) -> None:
    """Call `after(show)` each time the kiosk puts a prepared slide on the stage (`show`:
    the player's Show command, with `.item`)."""
    from renkei_kiosk.playback import Playback

    show = Playback._show

    def wrapped(self: Any, cmd: Any) -> None:
        show(self, cmd)
        after(cmd)

    Playback._show = wrapped  # type: ignore[method-assign]


# -- 1. start-up -----------------------------------------------------------------------------
def startup_kiosk(a: argparse.Namespace) -> None:
    """From process launch to the first frame flipped with the first slide on the stage."""
    app = kiosk_app(Path(a.content), Path(a.state))
    shown: dict[str, float] = {}
    patch_show(app, lambda _job: shown.setdefault("shown", time.time()))

    def frame(_t: float) -> None:
        if "shown" in shown and "frame" not in shown:
            shown["frame"] = time.time()
            emit("startup", seconds=shown["frame"] - T0, shown=shown["shown"] - T0,
                 key=app.on_screen)
            app.stop()

    on_frames(frame)
    app.run()


def startup_bare(a: argparse.Namespace) -> None:
    """From process launch to the first frame flipped with the image's texture drawn."""
    bare_kivy()
    from kivy.app import App
    from kivy.uix.image import Image

    done: dict[str, float] = {}

    class BareApp(App):  # type: ignore[misc]
        def build(self) -> Any:
            return Image(source=a.image, fit_mode="contain")

    app = BareApp()

    def frame(_t: float) -> None:
        if "frame" not in done and app.root is not None and app.root.texture is not None:
            done["frame"] = time.time()
            emit("startup", seconds=done["frame"] - T0)
            app.stop()

    on_frames(frame)
    app.run()


# -- 2. frames during crossfades -----------------------------------------------------------------
def intervals_in(frames: list[tuple[float, bool]]) -> list[float]:
    """Seconds between consecutive flips that both happened during a fade."""
    return [t1 - t0 for (t0, f0), (t1, f1) in pairwise(frames) if f0 and f1]


def crossfade_kiosk(a: argparse.Namespace) -> None:
    """The kiosk rotating 8000x6000 JPEGs: frame intervals during its fades, while the
    upcoming item is decoded in the preparer's worker."""
    app = kiosk_app(Path(a.content), Path(a.state))
    frames: list[tuple[float, bool]] = []
    fades: list[list[float]] = []  # [start, end] per fade
    prepared: list[float] = []  # when a prepared slide reached the Kivy thread
    from renkei_kiosk.playback import Playback

    job_done = Playback._job_done

    def on_job_done(self: Any, job: Any) -> None:
        prepared.append(time.perf_counter())
        job_done(self, job)

    Playback._job_done = on_job_done  # type: ignore[method-assign]

    def shown(_job: Any) -> None:
        if app.stage.transitioning:
            fades.append([time.perf_counter(), 0.0])

    patch_show(app, shown)

    def frame(t: float) -> None:
        fading = bool(app.stage is not None and app.stage.transitioning)
        frames.append((t, fading))
        if fades and not fading and not fades[-1][1]:
            fades[-1][1] = t
            if len(fades) >= a.fades:
                during = sum(1 for p in prepared if any(s <= p <= e for s, e in fades))
                emit("crossfade", intervals=intervals_in(frames), fades=len(fades),
                     prepared_during_fades=during)
                app.stop()

    on_frames(frame)
    app.run()


def bare_crossfade_app(images: list[str], fade: float, hold: float,
                       frame: Callable[[Any, float], None]) -> Any:
    """Two Image widgets; the top one's opacity is animated 0->1, held, 1->0, held, ..."""
    bare_kivy()
    from kivy.animation import Animation
    from kivy.app import App
    from kivy.clock import Clock
    from kivy.uix.floatlayout import FloatLayout
    from kivy.uix.image import Image

    class BareCrossfade(App):  # type: ignore[misc]
        fading = False
        fades = 0

        def build(self) -> Any:
            root = FloatLayout()
            root.add_widget(Image(source=images[0], fit_mode="contain"))
            self.top_image = Image(source=images[1], fit_mode="contain", opacity=0)
            root.add_widget(self.top_image)
            Clock.schedule_once(self.fade, hold)
            return root

        def fade(self, _dt: float) -> None:
            anim = Animation(opacity=0 if self.top_image.opacity > 0.5 else 1, d=fade)
            anim.bind(on_complete=self.faded)
            self.fading = True
            anim.start(self.top_image)

        def faded(self, *_a: Any) -> None:
            self.fading = False
            self.fades += 1
            Clock.schedule_once(self.fade, hold)

    app = BareCrossfade()
    on_frames(lambda t: frame(app, t))
    return app


def crossfade_bare(a: argparse.Namespace) -> None:
    frames: list[tuple[float, bool]] = []

    def frame(app: Any, t: float) -> None:
        frames.append((t, app.fading))
        if app.fades >= a.fades and not app.fading:
            emit("crossfade", intervals=intervals_in(frames), fades=app.fades)
            app.stop()

    bare_crossfade_app(a.image, a.fade, a.hold, frame).run()


def memory_bare(a: argparse.Namespace) -> None:
    """The bare crossfade, endlessly, for the parent to read its memory."""
    ready: dict[str, bool] = {}

    def frame(app: Any, _t: float) -> None:
        if not ready and app.root is not None:
            ready["yes"] = True
            emit("ready")

    bare_crossfade_app(a.image, a.fade, a.hold, frame).run()


# -- 3. idle CPU and touch response ----------------------------------------------------------
def kivy_sdl() -> Any:
    """Kivy's own copy of SDL2 in this process (the kiosk's lookup: ui.wake.kivy_sdl)."""
    from renkei_kiosk.ui.wake import kivy_sdl as find

    sdl = find()
    if sdl is None:
        raise RuntimeError("Kivy's libSDL2 is not loaded")
    return sdl


SDL_MOUSEBUTTONDOWN, SDL_MOUSEBUTTONUP = 0x401, 0x402


class Clicker:
    """Pushes real SDL mouse-button events into Kivy's SDL queue from another thread,
    and times each one: pushed -> polled by Kivy -> on_touch_down -> next flip."""

    def __init__(self, app: Any, count: int, seed: int = 7) -> None:
        self.app = app
        self.count = count
        self.rng = random.Random(seed)
        self.sdl = kivy_sdl()
        self.sdl.SDL_GL_GetCurrentWindow.restype = ctypes.c_void_p
        self.sdl.SDL_GetWindowID.argtypes = [ctypes.c_void_p]
        self.window_id = self.sdl.SDL_GetWindowID(self.sdl.SDL_GL_GetCurrentWindow())
        self.records: list[dict[str, float]] = []
        self.current: dict[str, float] | None = None
        from kivy.core.window import Window

        Window.bind(on_mouse_down=self._polled)
        app.root.bind(on_touch_down=self._touched)
        on_frames(self._frame)

    def _push(self, kind: int) -> None:
        x, y = SIZE[0] // 2, SIZE[1] // 2
        raw = struct.pack("<IIIIBBBBii", kind, 0, self.window_id, 0, 1,
                          1 if kind == SDL_MOUSEBUTTONDOWN else 0, 1, 0, x, y)
        event = ctypes.create_string_buffer(raw, 64)
        if self.sdl.SDL_PushEvent(event) != 1:
            raise RuntimeError("SDL_PushEvent failed")

    def _polled(self, *_a: Any) -> None:
        if self.current is not None:
            self.current.setdefault("polled", time.perf_counter())

    def _touched(self, *_a: Any) -> None:
        if self.current is not None:
            self.current.setdefault("touch", time.perf_counter())

    def _frame(self, t: float) -> None:
        if self.current is not None and "touch" in self.current:
            self.current.setdefault("frame", t)

    def _idle(self) -> bool:
        from kivy.clock import Clock

        app = self.app
        return bool(Clock._max_fps == app.idle_fps and app.browse is None
                    and not app.stage.transitioning)

    def run(self) -> None:
        """Thread: one click at a random moment of each idle stretch, then close browse."""
        from kivy.clock import Clock

        try:
            for _ in range(self.count):
                if not _wait(self._idle, 10.0):
                    raise RuntimeError("the governor never went back to its idle rate")
                time.sleep(0.3 + self.rng.uniform(0.0, 0.3))
                rec = {"push": time.perf_counter()}
                self.current = rec
                self._push(SDL_MOUSEBUTTONDOWN)
                if not _wait(lambda r=rec: "frame" in r, 5.0):  # type: ignore[misc]
                    raise RuntimeError("no frame after the click")
                self.records.append(rec)
                self.current = None
                time.sleep(0.05)
                self._push(SDL_MOUSEBUTTONUP)
                time.sleep(0.3)
                Clock.schedule_once(lambda _dt: self.app.close_browse(), 0)
            emit("touch", records=self.records)
        except Exception as e:
            emit("error", message=f"touch: {e}")


def _wait(cond: Callable[[], bool], timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while not cond():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.002)
    return True


def idle_kiosk(a: argparse.Namespace) -> None:
    """A static slide with the default idle governor; then (optionally) timed clicks."""
    app = kiosk_app(Path(a.content), Path(a.state))
    from kivy.clock import Clock

    def shown(_job: Any) -> None:
        def settled(_dt: float) -> bool:
            # at rest, with the start-up's work done: past the fade-in, and browse mode
            # prepared for the first visitor (spare_browse, a few seconds after the screen
            # goes still); nothing else happens until the invitation or a touch
            if Clock._max_fps != app.idle_fps or app.spare.pending():
                return True  # (look again)
            now = Clock.get_time()
            change = app.invitation.next_change(now) if app.invitation is not None else None
            emit("ready", fps=Clock._max_fps,
                 invitation_in=None if change is None else change - now)
            if a.touches:
                Clock.schedule_once(start_clicks, a.touch_after)
            return False

        Clock.schedule_interval(settled, 0.5)

    def start_clicks(_dt: float) -> None:
        clicker = Clicker(app, a.touches)
        threading.Thread(target=clicker.run, daemon=True).start()

    patch_show(app, shown)
    app.run()


def idle_bare(a: argparse.Namespace) -> None:
    """A bare Kivy app showing the same image, at Kivy's default 60 fps."""
    bare_kivy()
    from kivy.app import App
    from kivy.clock import Clock
    from kivy.uix.image import Image

    class BareApp(App):  # type: ignore[misc]
        def build(self) -> Any:
            Clock.schedule_once(lambda _dt: emit("ready", fps=Clock._max_fps), 1.0)
            return Image(source=a.image, fit_mode="contain")

    BareApp().run()


# -- 4. memory with the sample content -----------------------------------------------------------
def rotate_kiosk(a: argparse.Namespace) -> None:
    """The kiosk on a content root, rotating in real time; reports each slide shown."""
    app = kiosk_app(Path(a.content), Path(a.state))
    patch_show(app, lambda job: emit("shown", key=job.item.key, t=time.time()))
    app.run()


# -- 5. memory after many transitions, in accelerated time ----------------------------------
def rss_mb() -> float:
    import psutil

    return float(psutil.Process().memory_info().rss) / 1e6


def leak(a: argparse.Namespace) -> None:
    """The real app under the tests' harness (fake clock, no frame pacing): RSS at a few
    transition counts."""
    state = Path(a.state)
    app = kiosk_app(Path(a.content), state, size=(480, 270), idle_fps=None, watch=False)
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
    from kivy_harness import AppDriver

    shown = [0]
    patch_show(app, lambda _job: shown.__setitem__(0, shown[0] + 1))
    marks = sorted(set(a.marks))
    samples: dict[int, float] = {}
    objects: dict[int, int] = {}
    kinds: set[str] = set()
    d = AppDriver(app).start()
    started = time.monotonic()
    try:
        while len(samples) < len(marks):
            if time.monotonic() - started > a.timeout:
                emit("error", message=f"leak: only {shown[0]} transitions in {a.timeout} s")
                return
            d.step(0.1)  # items of 0.2 s: two frames each, the 0.05 s fade in one
            if app.stage.current is not None:
                kinds.add(type(app.stage.current).__name__)
            due = [m for m in marks if m not in samples and shown[0] >= m]
            if due:
                gc.collect()
                samples[due[0]] = rss_mb()
                objects[due[0]] = len(gc.get_objects())
            elif app.player.preparing is not None:
                time.sleep(0.001)  # let the decoding worker run
        emit("leak", rss=samples, objects=objects, seconds=time.monotonic() - started,
             kinds=sorted(kinds))
    finally:
        d.stop()


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("mode")
    p.add_argument("--content")
    p.add_argument("--state")
    p.add_argument("--image", action="append", default=[])
    p.add_argument("--fades", type=int, default=5)
    p.add_argument("--fade", type=float, default=1.0)
    p.add_argument("--hold", type=float, default=1.0)
    p.add_argument("--touches", type=int, default=0)
    p.add_argument("--touch-after", type=float, default=12.0)
    p.add_argument("--marks", type=int, nargs="*", default=[200, 2000])
    p.add_argument("--timeout", type=float, default=180.0)
    a = p.parse_args()
    if a.mode in ("startup-bare", "idle-bare") and a.image:
        a.image = a.image[0]
    modes: dict[str, Callable[[argparse.Namespace], None]] = {
        "startup-kiosk": startup_kiosk, "startup-bare": startup_bare,
        "crossfade-kiosk": crossfade_kiosk, "crossfade-bare": crossfade_bare,
        "idle-kiosk": idle_kiosk, "idle-bare": idle_bare,
        "rotate-kiosk": rotate_kiosk, "memory-bare": memory_bare, "leak": leak,
    }
    modes[a.mode](a)


if __name__ == "__main__":
    main()
