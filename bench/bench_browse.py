"""Browse-mode benchmarks, run as a script: ``.venv/bin/python bench/bench_browse.py``.

(a) Tap to first changed frame: the real kiosk app (sample content) at 1280x720,
    headless; wall time from dispatching a touch during the rotation to the first
    rendered frame whose pixels differ.
(b) Fling frame times: a 400-comment browse list with photo thumbnails, flung with one
    finger, beside a bare Kivy RecycleView of plain labels flung the same way; median,
    p95 and worst frame, and the ratio of medians (goal: at most 1.2).
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("SDL_VIDEODRIVER", "offscreen")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("KIVY_NO_ARGS", "1")
os.environ.setdefault("KIVY_NO_CONSOLELOG", "1")
os.environ.setdefault("KIVY_LOG_MODE", "PYTHON")

ROOT = Path(__file__).resolve().parents[1]
SIZE = (1280, 720)
STATE = Path(tempfile.mkdtemp(prefix="renkei-bench-"))

from renkei_kiosk.kivy_env import prepare_kivy  # noqa: E402

prepare_kivy(STATE, fullscreen=False, size=SIZE, maxfps=0)

from kivy.base import EventLoop  # noqa: E402
from kivy.clock import Clock  # noqa: E402
from kivy.tests.common import UnitTestTouch  # noqa: E402
from PIL import Image  # noqa: E402


def frame() -> float:
    """Render one frame; its wall time in ms."""
    t = time.perf_counter()
    EventLoop.idle()
    return (time.perf_counter() - t) * 1000


def pixels() -> bytes:
    from kivy.core.window import Window
    from kivy.graphics.opengl import GL_RGB, GL_UNSIGNED_BYTE, glReadPixels

    w, h = Window.size
    return bytes(glReadPixels(0, 0, w, h, GL_RGB, GL_UNSIGNED_BYTE))


def percentile(values: list[float], p: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, round(p / 100 * (len(s) - 1)))]


# -- (a) tap to first changed frame ---------------------------------------------------
def bench_tap(runs: int = 8) -> list[float]:
    from renkei_kiosk.app import KioskApp

    app = KioskApp(ROOT, STATE / "app", idle_fps=None, watch=False)
    EventLoop.ensure_window()
    app._run_prepare()
    deadline = time.monotonic() + 20
    while app._shown_key is None and time.monotonic() < deadline:
        frame()
    for _ in range(60):  # let the first transition finish
        frame()
    results = []
    for _ in range(runs):
        while app.stage is not None and app.stage.transitioning:
            frame()
        frame()
        before = pixels()
        touch = UnitTestTouch(SIZE[0] * 0.5, SIZE[1] * 0.5)
        t0 = time.perf_counter()
        touch.touch_down()
        while True:
            EventLoop.idle()
            if pixels() != before:
                results.append((time.perf_counter() - t0) * 1000)
                break
            if time.perf_counter() - t0 > 5:
                results.append(float("inf"))
                break
        touch.touch_up()
        for _ in range(10):
            frame()
        app.close_browse()
        for _ in range(10):
            frame()
        time.sleep(0.35)  # no double tap between runs
    app.dispatch("on_stop")
    win = app._app_window
    for child in list(win.children):
        win.remove_widget(child)
    from kivy.app import App

    App._running_app = None
    return results


# -- (b) fling -------------------------------------------------------------------------
def fling(widget_rv: Any, frames: int = 150) -> list[float]:
    """One fast upward fling over the RecycleView: the times (ms) of the frames in which
    the list moved (drag and kinetic tail); frames with nothing to draw are left out."""
    # software GL stalls now and then; a slow first frame must not turn the fling into a
    # tap (ScrollView hands a touch to its rows after scroll_timeout): same for both lists
    widget_rv.scroll_timeout = 1000
    start_y = widget_rv.scroll_y
    x = widget_rv.center_x
    y0 = widget_rv.y + widget_rv.height * 0.15
    touch = UnitTestTouch(x, y0)
    times = [0.0]
    t = time.perf_counter()
    touch.touch_down()
    times[-1] = (time.perf_counter() - t) * 1000
    y = y0
    for _ in range(8):
        y += widget_rv.height * 0.09
        t = time.perf_counter()
        touch.touch_move(x, y)
        EventLoop.idle()
        times.append((time.perf_counter() - t) * 1000)
    t = time.perf_counter()
    touch.touch_up()
    EventLoop.idle()
    times.append((time.perf_counter() - t) * 1000)
    moving = []
    for _ in range(frames):
        before = widget_rv.scroll_y
        ms = frame()
        if widget_rv.scroll_y != before:
            moving.append(ms)
    if widget_rv.scroll_y == start_y:
        print(f"    (warning: a fling did not scroll {type(widget_rv.parent).__name__})")
    return times + moving


def make_comment_content(root: Path, n: int = 400) -> Any:
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


def bench_fling() -> dict[str, list[float]]:
    from kivy.core.window import Window
    from kivy.lang import Builder
    from kivy.uix.floatlayout import FloatLayout

    from renkei_kiosk.ui.browse import BrowseView
    from renkei_kiosk.ui.fonts import fontset

    fontset()
    content = STATE / "content"
    catalogue = make_comment_content(content)
    out: dict[str, list[float]] = {}

    view = BrowseView(catalogue=catalogue, content_root=content, state_dir=STATE / "fling",
                      lang="ja", idle_timeout=600)
    Window.add_widget(view)
    view.open_list("comments")
    for _ in range(10):
        frame()
    rv = view.current.ids.rv
    row_height = view.current.row_height
    out["browse list, thumbnails being made (cold)"] = fling(rv)
    rv.scroll_y = 1.0
    deadline = time.monotonic() + 60
    while view.thumbs.made < 400 and time.monotonic() < deadline:  # warm every thumbnail
        rv.scroll_y = max(0.0, rv.scroll_y - 0.02)
        frame()
        time.sleep(0.002)
    rv.scroll_y = 1.0
    for _ in range(10):
        frame()
    out["browse list, thumbnails cached (warm)"] = fling(rv)
    Window.remove_widget(view)
    view.release()

    Builder.load_string(f"""
<BareList@FloatLayout>:
    RecycleView:
        id: rv
        viewclass: "Label"
        RecycleBoxLayout:
            orientation: "vertical"
            default_size: None, {row_height}
            default_size_hint: 1, None
            size_hint_y: None
            height: self.minimum_height
            spacing: 6
""")
    from kivy.factory import Factory

    bare: FloatLayout = Factory.BareList()
    bare.size_hint = (1, 1)
    bare.ids.rv.data = [{"text": f"row {i}"} for i in range(400)]
    Window.add_widget(bare)
    for _ in range(10):
        frame()
    fling(bare.ids.rv)  # the same warm-up: label textures made once
    bare.ids.rv.scroll_y = 1.0
    for _ in range(10):
        frame()
    out["bare RecycleView of labels"] = fling(bare.ids.rv)
    Window.remove_widget(bare)
    return out


def main() -> int:
    EventLoop.ensure_window()
    Clock._max_fps = 0
    taps = bench_tap()
    print(f"Window {SIZE[0]}x{SIZE[1]}, {EventLoop.window.__class__.__name__}, "
          f"SDL_VIDEODRIVER={os.environ.get('SDL_VIDEODRIVER')}")
    print("(a) tap to first changed frame (ms): "
          f"median {statistics.median(taps):.1f}, worst {max(taps):.1f}, "
          f"runs {', '.join(f'{t:.0f}' for t in taps)}")
    results = bench_fling()
    print("(b) frame times while flinging 400 items (ms):")
    for name, times in results.items():
        print(f"    {name:44s} median {statistics.median(times):6.2f}  "
              f"p95 {percentile(times, 95):6.2f}  worst {max(times):6.2f}  "
              f"({len(times)} frames)")
    base = statistics.median(results["bare RecycleView of labels"])
    for name in ("browse list, thumbnails cached (warm)",
                 "browse list, thumbnails being made (cold)"):
        ratio = statistics.median(results[name]) / base
        print(f"    ratio of medians, {name}: {ratio:.2f}x (goal <= 1.2x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
