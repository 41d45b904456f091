"""The touch invitation over the real app, headless, with the fake clock; and a screen
nobody can touch (`touch: false` in kiosk.yaml): no invitation, no browse mode, staff
access still there."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from PIL import Image

from kivy_harness import AppDriver
from renkei_kiosk.core.model import Content, Item, Kind, Playlist, Settings, Transition

pytestmark = pytest.mark.app


def _start(root: Path, settings: Settings, duration: float = 300) -> AppDriver:
    """The real app on two light pictures, headless, on the harness's fake clock."""
    from renkei_kiosk.app import KioskApp

    (root / "media").mkdir(exist_ok=True)
    items = []
    for name in ("明るい.png", "明るい二.png"):
        Image.new("RGB", (320, 180), (240, 240, 235)).save(root / "media" / name)
        items.append(Item(kind=Kind.IMAGE, key=f"media/{name}", duration=duration,
                          path=f"media/{name}"))
    pl = Playlist(stem="main", file="playlists/main.yaml", name="試験", entries=(),
                  transition=Transition.NONE, transition_duration=0.0)
    content = Content(settings=settings, playlists={"main": pl}, items={"main": tuple(items)})
    base = datetime(2024, 7, 13, 10, 0)
    holder: dict[str, AppDriver] = {}

    def wallclock() -> datetime:
        d = holder.get("d")
        return base if d is None else base + timedelta(seconds=d.time.now - 1000.0)

    app = KioskApp(root, root / "state", content=content, wallclock=wallclock,
                   idle_fps=None, watch=False)
    d = holder["d"] = AppDriver(app)
    d.start()
    d.run_until(lambda: app.on_screen == "media/明るい.png")
    return d


@pytest.fixture
def start(tmp_path: Path) -> Iterator[Callable[..., AppDriver]]:
    drivers: list[AppDriver] = []

    def make(settings: Settings, duration: float = 300) -> AppDriver:
        drivers.append(_start(tmp_path, settings, duration))
        return drivers[-1]

    yield make
    for d in drivers:
        d.stop()


@pytest.fixture
def app_driver(start: Callable[..., AppDriver]) -> AppDriver:
    return start(Settings(fullscreen=False))


class Mouse:
    """A mouse on a plain monitor: Kivy's own mouse provider, fed into the event loop."""

    def __init__(self, d: AppDriver) -> None:
        from kivy.base import EventLoop
        from kivy.core.window import Window
        from kivy.input.providers.mouse import MouseMotionEventProvider

        self.d, self.loop, self.window = d, EventLoop, Window
        self.provider = MouseMotionEventProvider("mouse", "disable_multitouch")

    def _deliver(self) -> None:
        self.provider.update(lambda kind, event: self.loop.input_events.append((kind, event)))
        self.d.step()

    def press(self, x: float, y_from_top: float) -> None:
        self.provider.on_mouse_press(self.window, x, y_from_top, "left", [])
        self._deliver()

    def release(self, x: float, y_from_top: float) -> None:
        self.provider.on_mouse_release(self.window, x, y_from_top, "left", [])
        self._deliver()

    def click_middle(self) -> None:
        w, h = self.window.size
        self.press(w / 2, h / 2)
        self.release(w / 2, h / 2)


def _touch_rows(d: AppDriver) -> list[tuple[str, str | None]]:
    d.step()  # (the row is written in the frame after the touch)
    with sqlite3.connect(d.app.state_dir / "kiosk.sqlite3") as db:
        return db.execute("SELECT action, item FROM touches ORDER BY rowid").fetchall()


def _pill_pixels(d: AppDriver) -> int:
    """Dark pixels of the invitation's pill in the bottom third, over a light picture."""
    shot = d.screenshot()
    w, h = shot.size
    band = shot.crop((w // 4, h * 2 // 3, w * 3 // 4, h))
    return sum(1 for p in band.getdata() if sum(p) < 300)


def test_the_invitation_appears_now_and_then_and_never_while_browsing(
    app_driver: AppDriver,
) -> None:
    d = app_driver
    app = d.app
    d.run_until(lambda: app.on_screen == "media/明るい.png")
    inv = app.invitation
    timing = inv.timer.timing
    d.advance(timing.first_after - 2, fps=10)
    assert not inv.shown and inv.opacity == 0
    assert _pill_pixels(d) == 0
    d.advance(3, fps=10)
    assert inv.shown and inv.opacity == pytest.approx(1.0)
    assert _pill_pixels(d) > 500
    d.advance(timing.show_for, fps=10)
    assert not inv.shown and inv.opacity == 0
    # the next one comes `every` seconds after the first
    d.advance(timing.every - timing.show_for - 2, fps=10)
    assert not inv.shown
    d.advance(2.5, fps=10)
    assert inv.shown
    # a visitor touches: browse opens, the invitation is gone at once
    app.open_browse()
    d.step(0.2)
    assert app.browse is not None
    assert not inv.shown and inv.opacity == 0
    app.close_browse()
    d.advance(timing.first_after - 2, fps=10)
    assert not inv.shown


def test_a_click_opens_browse_and_is_recorded_on_a_touch_screen(
    start: Callable[..., AppDriver],
) -> None:
    """touch: true (the default): the contrast to the screen nobody can touch below."""
    d = start(Settings(fullscreen=False))
    assert d.app.touchable
    d.advance(6, fps=10)
    assert d.app.spare.view is not None  # the next visitor's view, built ahead
    Mouse(d).click_middle()
    assert d.app.browse is not None
    assert _touch_rows(d) == [("open", "media/明るい.png")]


def test_with_touch_false_no_invitation_and_a_click_opens_nothing(
    start: Callable[..., AppDriver],
) -> None:
    d = start(Settings(fullscreen=False, touch=False), duration=60)
    app = d.app
    inv = app.invitation
    timing = inv.timer.timing
    # past the first invitation's time, then five minutes: never shown, never drawn
    d.advance(timing.first_after + 2, fps=10)
    assert _pill_pixels(d) == 0
    for _ in range(300):
        d.advance(1.0, fps=5)
        assert not inv.shown and inv.opacity == 0
    assert inv.next_change(d.time.now) is None  # (nor wakes the frame pacer for it)
    assert app.spare.view is None  # no browse view built ahead for nobody
    # a click or a touch: no browse mode, no touches row; the rotation goes on
    before = app.on_screen
    Mouse(d).click_middle()
    from kivy.base import EventLoop
    from kivy.tests.common import UnitTestTouch

    w, h = app.root.size
    finger = UnitTestTouch(w / 2, h / 2)  # a touchscreen's touch
    EventLoop.input_events.append(("begin", finger))
    d.step()
    EventLoop.input_events.append(("end", finger))
    d.step()
    assert app.browse is None
    assert _touch_rows(d) == []
    d.advance(61, fps=5)  # the next picture is due within this minute (not paused)...
    d.run_until(lambda: app.on_screen != before)  # ...and on screen once decoded
    assert not inv.shown


def test_with_touch_false_staff_still_open_the_panel_with_a_mouse(
    start: Callable[..., AppDriver],
) -> None:
    from renkei_kiosk.core.staff import Phase

    d = start(Settings(fullscreen=False, touch=False, staff_pin="2468"))
    app, mouse = d.app, Mouse(d)
    mouse.press(10, 10)  # the top-left corner, held
    d.advance(5.2, fps=10)
    assert app.staff.phase is Phase.PAD
    mouse.release(10, 10)
    for ch in "2468":
        mouse.window.dispatch("on_key_down", ord(ch), 0, ch, [])
        d.step()
    mouse.window.dispatch("on_key_down", 13, 40, None, [])
    d.step()
    assert app.staff.phase is Phase.PANEL  # where X ends the kiosk (tests/test_staff_e2e.py)
    assert app.browse is None
    assert _touch_rows(d) == []


def test_touch_false_saved_while_running_applies_at_once_and_true_brings_it_back(
    tmp_path: Path,
) -> None:
    """Hot reload: like staff_pin, `touch` is read afresh (no restart)."""
    from renkei_kiosk.app import KioskApp

    root = tmp_path / "content"
    (root / "media").mkdir(parents=True)
    Image.new("RGB", (320, 180), (240, 240, 235)).save(root / "media" / "明るい.png")
    (root / "playlists").mkdir()
    (root / "playlists" / "main.yaml").write_text(
        "name: 試験\ntransition: none\nitems:\n  - image: media/明るい.png\n    duration: 300\n",
        encoding="utf-8")
    yaml = root / "kiosk.yaml"
    yaml.write_text("display:\n  fullscreen: false\n", encoding="utf-8")
    app = KioskApp(root, tmp_path / "state", idle_fps=None, watch=False)
    d = AppDriver(app)
    d.start()
    try:
        d.run_until(lambda: app.on_screen == "media/明るい.png")
        inv = app.invitation
        d.advance(inv.timer.timing.first_after + 1, fps=10)
        assert inv.shown

        yaml.write_text("display:\n  fullscreen: false\ntouch: false\n", encoding="utf-8")
        app.reload_now()
        d.run_until(lambda: app.reloads == 1, timeout=30)
        assert not app.touchable
        d.advance(0.2, fps=10)  # (the app's next tick)
        assert not inv.shown and inv.opacity == 0  # gone at once, no fade
        for _ in range(round(inv.timer.timing.every) + 10):  # nor the next one
            d.advance(1.0, fps=5)
            assert not inv.shown
        Mouse(d).click_middle()
        assert app.browse is None

        yaml.write_text("display:\n  fullscreen: false\ntouch: true\n", encoding="utf-8")
        app.reload_now()
        d.run_until(lambda: app.reloads == 2, timeout=30)
        timing = inv.timer.timing
        for _ in range(round(timing.first_after + timing.every)):  # back within a cycle
            if inv.shown:
                break
            d.advance(1.0, fps=5)
        assert inv.shown
        Mouse(d).click_middle()
        assert app.browse is not None
        assert _touch_rows(d) == [("open", "media/明るい.png")]
    finally:
        d.stop()
