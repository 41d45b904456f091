"""Browse-mode benchmarks (issue 5), run as a script: ``.venv/bin/python bench/bench_browse.py``.

Everything runs at 1280x720, headless (SDL offscreen), on Kivy's real clock paced at the
kiosk's 60 fps, with the post-processing input modules runTouchApp installs. Touches are
MotionEvents from an input provider (a scripted finger that moves in real time, read
at the start of each frame like a touchscreen), so they go through the post-processing
modules and the Window (``on_motion``) to the widgets.

(a) Tap to first changed frame: the real kiosk app on the sample content, frame-rate
    governor on (20 fps on a still slide). The finger lands at a random moment of the
    frame cycle; the time runs from then to the end of the first rendered frame whose
    pixels differ from the still slide. Each tap's phases are printed too: when Kivy read
    the finger (the idle frame's pacing sleep: 0-50 ms), when the app's root got
    on_touch_down, when the frame was drawn, and any garbage collection in between.
(b) Fling: a 400-comment browse list with photo thumbnails in the real BrowseView, and a
    bare Kivy RecycleView of plain labels of the same size, flung the same way: the finger
    speeds up to 3,000 px/s in 0.1 s and lifts 0.1 s later. The frames measured run from the
    touch down to 1.5 s after the release, and the list must keep scrolling by itself
    (kinetic scroll) through them: the scrolled distance is printed. A frame's time is
    the work of that frame (input, layout, drawing until the GL driver has finished),
    without the pacing sleep before it; frames over the 16.7 ms budget count as late.
    The browse list is flung in three states: thumbnails never made (cold), made and on
    disk but not in memory (a new visitor: each browse session starts with an empty
    memory cache), and in memory (the same list flung again). List rows have their
    thumbnails made at the size a row shows them (ScreenMaker.row_thumbs), so the "on
    disk" state makes them at that size, as an earlier visitor's session would have.
"""

from __future__ import annotations

import gc
import math
import os
import random
import statistics
import sys
import tempfile
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

os.environ.setdefault("SDL_VIDEODRIVER", "offscreen")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("KIVY_NO_ARGS", "1")
os.environ.setdefault("KIVY_NO_CONSOLELOG", "1")
os.environ.setdefault("KIVY_LOG_MODE", "PYTHON")

ROOT = Path(__file__).resolve().parents[1]
SIZE = (1280, 720)
FPS = 60
STATE = Path(tempfile.mkdtemp(prefix="renkei-bench-"))

from renkei_kiosk.kivy_env import prepare_kivy  # noqa: E402

prepare_kivy(STATE, fullscreen=False, size=SIZE, maxfps=FPS)

from kivy.base import EventLoop  # noqa: E402
from kivy.clock import Clock  # noqa: E402
from kivy.input.provider import MotionEventProvider  # noqa: E402
from kivy.tests.common import UnitTestTouch  # noqa: E402
from PIL import Image  # noqa: E402

#: goals of issue 5
TAP_GOAL_MS = 100.0
FLING_GOAL_RATIO = 1.2
#: the fling: the finger speeds up to FLING_SPEED px/s (upwards) in FLING_ACCEL s, keeps
#: that speed, and lifts FLING_LIFT s after touching down
FLING_SPEED = 3000.0
FLING_ACCEL = 0.1
FLING_LIFT = 0.2
#: seconds of frames measured after the finger lifts
FLING_TAIL = 1.5
#: flings per list (interleaved, so a change in the machine's load hits every list)
FLING_RUNS = 3
ITEMS = 400


# -- frames ---------------------------------------------------------------------------
class FrameTimer:
    """Times each frame's work: Kivy's clock sleeps at the start of a frame to pace it to
    the frame rate; the work is from the end of that sleep to the end of the frame."""

    def __init__(self) -> None:
        self._idle = Clock.idle
        self.after_sleep = 0.0

        def idle() -> Any:
            r = self._idle()
            self.after_sleep = time.perf_counter()
            return r

        Clock.idle = idle

    def frame(self) -> tuple[float, float]:
        """Run one frame; (its work in ms, the time it ended).

        The frame ends when its pixels are drawn: glFinish waits for the GL driver. With
        software GL (llvmpipe, as here headless) drawing happens in the driver's threads
        after Kivy has returned, and without the wait its cost shows up in whichever later
        frame happens to synchronise (a texture upload, a read of the pixels).
        """
        from kivy.graphics.opengl import glFinish

        EventLoop.idle()
        glFinish()
        end = time.perf_counter()
        return (end - self.after_sleep) * 1000, end


TIMER: FrameTimer | None = None


def frame() -> tuple[float, float]:
    assert TIMER is not None
    return TIMER.frame()


def frames(n: int) -> None:
    for _ in range(n):
        frame()


def pixels() -> bytes:
    from kivy.core.window import Window
    from kivy.graphics.opengl import GL_RGB, GL_UNSIGNED_BYTE, glReadPixels

    w, h = Window.size
    return bytes(glReadPixels(0, 0, w, h, GL_RGB, GL_UNSIGNED_BYTE))


def percentile(values: list[float], p: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, round(p / 100 * (len(s) - 1)))]


def install_postproc() -> None:
    """The input post-processing runTouchApp installs in the real kiosk (double tap...)."""
    from kivy.input import kivy_postproc_modules

    for mod in list(kivy_postproc_modules.values()):
        EventLoop.add_postproc_module(mod)


def new_touch(x: float, y: float) -> Any:
    return UnitTestTouch(x, y)


class Finger(MotionEventProvider):  # type: ignore[misc]
    """A touchscreen with one scripted finger, read by the event loop like any input
    provider: at the start of each frame, `update` reports where the finger is *now*
    (real time), so a slow frame does not slow the finger down, as with a real hand.
    Kivy keeps the newest move of a touch per frame, as it does for real devices.

    Like Kivy's hidinput and mtdev providers, whose thread queues what the device reports,
    the finger's landing is put in `queue` when it happens (by a timer thread): a kiosk at
    rest looks at such queues every 20 ms (ui.wake), as it would for a real touchscreen."""

    def __init__(self) -> None:
        super().__init__("bench-finger", None)
        self.script: Callable[[float], tuple[str, float, float] | None] | None = None
        self.t0 = 0.0
        self.touch: Any = None
        self.read_at: list[float] = []  # when each event was read
        self.queue: deque[str] = deque()

    def play(self, script: Callable[[float], tuple[str, float, float] | None],
             at: float | None = None) -> None:
        """`script(t)` for t seconds after `at`: ("down"|"move"|"up", x, y) or None."""
        self.script, self.t0, self.touch = script, time.perf_counter() if at is None else at, None
        self.read_at = []
        self.queue.clear()
        t0 = self.t0

        def lands() -> None:  # (the device's thread queueing the finger's first report)
            time.sleep(max(0.0, t0 - time.perf_counter()))
            self.queue.append("down")

        threading.Thread(target=lands, daemon=True).start()

    def update(self, dispatch_fn: Callable[..., None]) -> None:
        if self.script is None:
            return
        now = time.perf_counter()
        if now < self.t0:
            return
        state = self.script(now - self.t0)
        if state is None:
            return
        kind, x, y = state
        if self.touch is None:
            self.queue.clear()
            self.touch = new_touch(x, y)
            dispatch_fn("begin", self.touch)
            self.read_at.append(now)
            if kind == "down":
                return
        w, h = _window_size()
        if (x, y) != tuple(self.touch.pos):
            self.touch.move({"x": x / (w - 1.0), "y": y / (h - 1.0)})
            dispatch_fn("update", self.touch)
            self.read_at.append(now)
        if kind == "up":
            dispatch_fn("end", self.touch)
            self.read_at.append(now)
            self.script = None


def _window_size() -> tuple[int, int]:
    from kivy.core.window import Window

    return int(Window.size[0]), int(Window.size[1])


FINGER: Finger | None = None


# -- (a) tap to first changed frame ---------------------------------------------------
@dataclass
class TapResult:
    times: list[float] = field(default_factory=list)
    idle_fps: list[float] = field(default_factory=list)
    #: per tap, ms after the finger landed: read by Kivy, on_touch_down, frame drawn;
    #: and the garbage collections during the tap (generation, ms)
    phases: list[tuple[float, float, float]] = field(default_factory=list)
    collections: list[list[tuple[int, float]]] = field(default_factory=list)


def bench_tap(runs: int = 10) -> TapResult:
    from renkei_kiosk.app import KioskApp

    app = KioskApp(ROOT, STATE / "app", watch=False)  # the real governor: REST_FPS when still
    app._run_prepare()
    deadline = time.monotonic() + 20
    while app.on_screen is None and time.monotonic() < deadline:
        frame()
    out = TapResult()
    rng = random.Random(5)
    touched: list[float] = []
    app.root.bind(on_touch_down=lambda *_a: touched.append(time.perf_counter()))
    collecting: list[float] = []
    collections: list[tuple[float, int, float]] = []

    def on_gc(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            collecting[:] = [time.perf_counter()]
        elif collecting:
            collections.append((collecting[0], info["generation"],
                                (time.perf_counter() - collecting[0]) * 1000))

    gc.callbacks.append(on_gc)
    for _ in range(runs):
        # a still slide, the governor back at the idle rate
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and (
            (app.stage is not None and app.stage.transitioning) or Clock._max_fps != app.idle_fps
        ):
            frame()
        frames(3)
        out.idle_fps.append(float(Clock._max_fps))
        before = pixels()
        touched.clear()
        collections.clear()
        assert FINGER is not None
        x, y = SIZE[0] * 0.5, SIZE[1] * 0.5
        # the finger lands at any moment of the frame cycle, stays 0.1 s, lifts
        FINGER.play(lambda t, x=x, y=y: ("down" if t < 0.1 else "up", x, y),
                    at=time.perf_counter() + rng.uniform(0.0, 1.0 / app.idle_fps))
        result = float("inf")
        give_up = time.perf_counter() + 5
        while time.perf_counter() < give_up:
            _, end = frame()
            if FINGER.touch is not None and app.browse is not None and pixels() != before:
                result = (end - FINGER.t0) * 1000
                break
        out.times.append(result)
        t0 = FINGER.t0
        out.phases.append(((FINGER.read_at[0] - t0) * 1000 if FINGER.read_at else math.inf,
                           (touched[0] - t0) * 1000 if touched else math.inf, result))
        out.collections.append([(gen, ms) for at, gen, ms in collections
                                if t0 <= at <= t0 + result / 1000])
        while FINGER.script is not None:
            frame()
        frames(5)
        app.close_browse()
        frames(5)
        time.sleep(0.35)  # no double tap between runs
    gc.callbacks.remove(on_gc)
    app.dispatch("on_stop")
    win = app._app_window
    for child in list(win.children):
        win.remove_widget(child)
    from kivy.app import App

    App._running_app = None
    return out


# -- (b) fling -------------------------------------------------------------------------
@dataclass
class Fling:
    """One fling: the measured frames and how far the list went."""

    times: list[float]
    late: int
    moved_frames: int
    drag_px: float
    kinetic_px: float
    kinetic_s: float
    still_moving: bool
    turned_into_tap: bool


def scroll_px(rv: Any) -> float:
    """How far the list is from its top, in pixels."""
    travel = max(0.0, float(rv.children[0].height) - float(rv.height))
    return (1.0 - float(rv.scroll_y)) * travel


def settle(rv: Any) -> None:
    """Back to the top and still."""
    rv.effect_y.velocity = 0
    rv.scroll_y = 1.0
    frames(20)


def finger_path(t: float) -> float:
    """How far (px) the flinging finger has moved t seconds after touching down."""
    if t <= FLING_ACCEL:
        return FLING_SPEED * t * t / (2 * FLING_ACCEL)
    return FLING_SPEED * (FLING_ACCEL / 2 + min(t, FLING_LIFT) - FLING_ACCEL)


def fling(rv: Any, on_tap: Callable[[], bool] = lambda: False) -> Fling:
    """Fling `rv` upwards with one finger; frames from the touch down to FLING_TAIL s
    after the lift."""
    assert FINGER is not None
    x, y0 = rv.to_window(rv.center_x, rv.y + rv.height * 0.12)
    budget = 1000.0 / FPS
    times: list[float] = []
    moved = 0
    start = scroll_px(rv)

    def script(t: float) -> tuple[str, float, float]:
        kind = "down" if t == 0 else "move" if t < FLING_LIFT else "up"
        return kind, x, y0 + finger_path(t)

    def step() -> float:
        nonlocal moved
        before = rv.scroll_y
        ms, end = frame()
        times.append(ms)
        if rv.scroll_y != before:
            moved += 1
        return end

    FINGER.play(script)
    while FINGER.touch is None:
        frame()  # (the finger is read at the start of the next frame)
    step()
    while FINGER.script is not None:
        step()
    lifted = FINGER.read_at[-1]
    at_lift = scroll_px(rv)
    last_move = lifted
    while True:
        before = rv.scroll_y
        end = step()
        if rv.scroll_y != before:
            last_move = end
        if end - lifted >= FLING_TAIL:
            break
    before = rv.scroll_y
    frame()
    return Fling(
        times=times,
        late=sum(1 for t in times if t > budget),
        moved_frames=moved,
        drag_px=at_lift - start,
        kinetic_px=scroll_px(rv) - at_lift,
        kinetic_s=last_move - lifted,
        still_moving=rv.scroll_y != before,
        turned_into_tap=on_tap(),
    )


def make_comment_content(root: Path, n: int = ITEMS) -> Any:
    """n comment cards, each with its own photo (distinct colours), as a catalogue."""
    from renkei_kiosk.core.catalogue import PREFECTURES, build_catalogue
    from renkei_kiosk.core.model import CommentCard, Item, Kind

    photos = root / "media" / "photos"
    photos.mkdir(parents=True, exist_ok=True)
    items = []
    for i in range(n):
        rel = f"media/photos/p{i:03d}.jpg"
        colour = ((i * 37) % 256, (i * 91) % 256, (i * 53) % 256)
        Image.new("RGB", (640, 400), colour).save(root / rel, quality=85)
        pref = PREFECTURES[i % 47]
        items.append(Item(
            kind=Kind.COMMENT, key=f"media/comments/c.csv#{i + 1}", duration=10,
            comment=CommentCard(municipality=f"サンプル町{i + 1}", prefecture=pref.name,
                                comment="サンプルのコメントです。", category="賛同自治体",
                                photo=rel),
        ))
    return build_catalogue(items)


COLD, DISK, MEMORY, BARE = (
    "browse list, thumbnails never made (cold)",
    "browse list, thumbnails on disk (new visitor)",
    "browse list, thumbnails in memory (again)",
    "bare RecycleView of labels",
)


def bench_fling() -> tuple[dict[str, list[Fling]], dict[str, int]]:
    from kivy.core.window import Window
    from kivy.factory import Factory
    from kivy.lang import Builder

    from renkei_kiosk.core.browse_nav import CommentList
    from renkei_kiosk.media.thumbs import make_thumbnail
    from renkei_kiosk.ui.browse import BrowseView
    from renkei_kiosk.ui.fonts import fontset

    fontset()
    content = STATE / "content"
    catalogue = make_comment_content(content)
    disk_state = STATE / "fling-disk"

    def open_view(state: Path) -> tuple[Any, Any]:
        view = BrowseView(catalogue=catalogue, content_root=content, state_dir=state,
                          lang="ja", idle_timeout=600)
        Window.add_widget(view)
        view.open(CommentList())
        frames(10)
        return view, view.current.ids.rv

    def closed(view: Any) -> None:
        Window.remove_widget(view)
        view.release()
        frames(3)

    # the bare list: the same size and place as the browse list, the same rows
    view, rv = open_view(STATE / "fling-probe")
    geometry = dict(size=tuple(rv.size), pos=tuple(rv.to_window(*rv.pos)))
    row_height = view.current.row_height
    rows = len(rv.data)
    thumb_size = view.maker.row_thumbs().size  # list rows' thumbnails are made at their size
    closed(view)
    for item in catalogue.comments:  # every thumbnail made and on disk
        assert item.comment is not None and item.comment.photo
        make_thumbnail(content / item.comment.photo, disk_state / "thumbs", thumb_size)
    Builder.load_string(f"""
<BareRV@RecycleView>:
    viewclass: "Label"
    RecycleBoxLayout:
        orientation: "vertical"
        default_size: None, {row_height}
        default_size_hint: 1, None
        size_hint_y: None
        height: self.minimum_height
        padding: 12, 8
        spacing: 6
""")
    bare = Factory.BareRV(size_hint=(None, None), **geometry)
    bare.data = [{"text": f"row {i}"} for i in range(rows)]
    Window.add_widget(bare)
    frames(10)
    fling(bare)  # warm-up: Kivy's first label textures, the effect's first run
    settle(bare)
    Window.remove_widget(bare)

    out: dict[str, list[Fling]] = {COLD: [], DISK: [], MEMORY: [], BARE: []}
    for run in range(FLING_RUNS):
        Window.add_widget(bare)
        settle(bare)
        out[BARE].append(fling(bare))
        Window.remove_widget(bare)

        view, rv = open_view(STATE / f"fling-cold-{run}")
        out[COLD].append(fling(rv, lambda v=view: not isinstance(v.screen, CommentList)))
        closed(view)

        view, rv = open_view(disk_state)
        out[DISK].append(fling(rv, lambda v=view: not isinstance(v.screen, CommentList)))
        settle(rv)
        deadline = time.monotonic() + 10  # the thumbnails of the rows flung over arrive
        while view.maker.row_thumbs().pending and time.monotonic() < deadline:
            frame()
        settle(rv)
        out[MEMORY].append(fling(rv, lambda v=view: not isinstance(v.screen, CommentList)))
        closed(view)
    return out, {"rows": rows, "row_height": int(row_height)}


def summary(flings: list[Fling]) -> tuple[float, float, float]:
    times = [t for f in flings for t in f.times]
    return statistics.median(times), percentile(times, 95), max(times)


def main() -> int:
    global TIMER, FINGER
    EventLoop.ensure_window()
    TIMER = FrameTimer()
    FINGER = Finger()
    EventLoop.add_input_provider(FINGER)
    install_postproc()
    Clock._max_fps = FPS
    print(f"Window {SIZE[0]}x{SIZE[1]}, {EventLoop.window.__class__.__name__}, "
          f"SDL_VIDEODRIVER={os.environ.get('SDL_VIDEODRIVER')}, real clock, "
          f"{os.cpu_count()} CPUs, load {os.getloadavg()[0]:.2f}")

    tap = bench_tap()
    med, worst = statistics.median(tap.times), max(tap.times)
    print(f"tap to first changed frame: median {med:.1f} ms, worst {worst:.1f} ms over "
          f"{len(tap.times)} taps (governor at {min(tap.idle_fps):.0f}-"
          f"{max(tap.idle_fps):.0f} fps before each) -> goal <= {TAP_GOAL_MS:.0f} ms "
          f"{'OK' if worst <= TAP_GOAL_MS else 'MISSED'}")
    print(f"    runs (ms): {', '.join(f'{t:.0f}' for t in tap.times)}")
    print("    per tap (ms after the finger landed), read by Kivy / on_touch_down / frame "
          "drawn [garbage collections in the tap: generation ms]:")
    print("      " + ", ".join(
        f"{r:.0f}/{d:.0f}/{f:.0f}" + "".join(f" [gen{g} {ms:.0f}]" for g, ms in c if ms >= 1)
        for (r, d, f), c in zip(tap.phases, tap.collections, strict=True)))

    Clock._max_fps = FPS
    results, info = bench_fling()
    print(f"fling: {info['rows']} rows of {info['row_height']} px (400 items and their "
          f"prefecture headings); the finger speeds up to {FLING_SPEED:.0f} px/s and lifts "
          f"after {FLING_LIFT} s ({finger_path(FLING_LIFT):.0f} px); frames measured to "
          f"{FLING_TAIL} s after the lift, {FLING_RUNS} flings each:")
    valid = True
    for name, flings in results.items():
        m, p95, w = summary(flings)
        n = sum(len(f.times) for f in flings)
        print(f"    {name:46s} median {m:5.2f}  p95 {p95:6.2f}  worst {w:6.2f} ms  "
              f"late {sum(f.late for f in flings)}/{n}")
        for f in flings:
            ok = (f.kinetic_s >= 1.0 and f.kinetic_px > 200 and not f.turned_into_tap)
            valid = valid and ok
            print(f"        scrolled {f.drag_px:5.0f} px under the finger, then "
                  f"{f.kinetic_px:5.0f} px by itself for {f.kinetic_s:.2f} s "
                  f"({'still moving' if f.still_moving else 'stopped'}); list moved in "
                  f"{f.moved_frames}/{len(f.times)} frames"
                  f"{'' if ok else '  <- NOT A VALID FLING'}")
    base = summary(results[BARE])[0]
    for name in (DISK, MEMORY, COLD):
        m, p95, w = summary(results[name])
        ratio = m / base
        print(f"fling: {name.removeprefix('browse list, ')}: browse list median {m:.1f} ms "
              f"(p95 {p95:.1f}, worst {w:.1f}), bare RecycleView median {base:.1f} ms -> "
              f"{ratio:.2f}x (goal <= {FLING_GOAL_RATIO}x) "
              f"{'OK' if ratio <= FLING_GOAL_RATIO else 'MISSED'}")
    if not valid:
        print("fling: some flings did not scroll by themselves for 1 s: figures not valid")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
