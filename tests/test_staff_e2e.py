"""Staff access end to end: the real app, headless, with the harness's fake clock.

A finger held in the top-left corner opens the PIN pad after 5 s; a wrong PIN is refused,
the right one opens the panel, S skips, X ends the kiosk (exit code 0 is run_kiosk's
return after the app stops, as for SIGTERM: tests/test_run_process.py)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from kivy_harness import AppDriver
from renkei_kiosk.core.model import Content, Item, Kind, Playlist, Problem, Settings
from renkei_kiosk.core.staff import PadNote, Phase

pytestmark = pytest.mark.app

PIN = "2468"


def _content(root: Path, pin: str | None) -> Content:
    items = []
    for name, colour in (("赤.png", (220, 30, 30)), ("青.png", (30, 60, 220))):
        path = root / "media" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        Image.new("RGB", (320, 180), colour).save(path)
        items.append(Item(kind=Kind.IMAGE, key=f"media/{name}", duration=60,
                          path=f"media/{name}"))
    # the same playlist on disk, for the staff panel's reload
    (root / "playlists").mkdir(exist_ok=True)
    (root / "playlists" / "main.yaml").write_text(
        "name: 展示テスト\ndefault_duration: 60\nitems:\n"
        "  - image: media/赤.png\n  - image: media/青.png\n", encoding="utf-8")
    pl = Playlist(stem="main", file="playlists/main.yaml", name="展示テスト", entries=())
    return Content(
        settings=Settings(fullscreen=False, staff_pin=pin), playlists={"main": pl},
        items={"main": tuple(items)},
        problems=(Problem("playlists/古い.yaml", 7, "画像が見つかりません"),),
    )


@pytest.fixture
def start(tmp_path: Path) -> Iterator[Any]:
    drivers: list[AppDriver] = []

    def make(pin: str | None) -> AppDriver:
        from renkei_kiosk.app import KioskApp

        holder: dict[str, AppDriver] = {}
        base = datetime(2024, 7, 13, 10, 0)

        def wallclock() -> datetime:
            d = holder.get("d")
            return base if d is None else base + timedelta(seconds=d.time.now - 1000.0)

        app = KioskApp(tmp_path, tmp_path / "state", content=_content(tmp_path, pin),
                       wallclock=wallclock, idle_fps=None, watch=False)
        d = holder["d"] = AppDriver(app)
        drivers.append(d)
        d.start()
        d.run_until(lambda: app.rotation is not None and app.rotation.current is not None
                    and app.stage.current is not None)
        return d

    yield make
    for d in drivers:
        d.stop()


class Staff:
    """A staff member's finger and keyboard."""

    def __init__(self, d: AppDriver) -> None:
        from kivy.base import EventLoop
        from kivy.core.window import Window

        self.d, self.loop, self.window = d, EventLoop, Window

    def hold_corner(self, seconds: float) -> Any:
        from kivy.tests.common import UnitTestTouch

        _w, h = self.window.size
        touch = UnitTestTouch(20, h - 20)  # 20 px from the top-left corner
        self.loop.input_events.append(("begin", touch))
        self.d.step()
        self.d.advance(seconds, fps=10)
        return touch

    def lift(self, touch: Any) -> None:
        self.loop.input_events.append(("end", touch))
        self.d.step()

    def type(self, keys: str) -> None:
        for ch in keys:
            self.window.dispatch("on_key_down", ord(ch), 0, ch, [])
            self.d.step()

    def enter(self) -> None:
        self.window.dispatch("on_key_down", 13, 40, None, [])
        self.d.step()


def test_hold_wrong_pin_right_pin_skip_then_exit(start: Any, caplog: Any) -> None:
    caplog.set_level(logging.INFO, logger="renkei_kiosk")
    d = start(PIN)
    app = d.app
    staff = Staff(d)
    assert not app.staff.attended
    touch = staff.hold_corner(4.8)
    assert app.staff.phase is Phase.SHOW  # not yet: 5 s
    # the hold is timed: at rest the clock wakes a few times a second, not once
    assert app.staff.attended
    assert app.pacer.wake_at is not None and app.pacer.wake_at - d.time.now <= 0.25 + 1e-6
    d.advance(0.4, fps=10)
    assert app.staff.phase is Phase.PAD
    assert app.staff.pad in staff.window.children
    staff.lift(touch)

    staff.type("1357")
    staff.enter()
    assert app.staff.phase is Phase.PAD
    assert app.staff.state.note is PadNote.WRONG
    assert "違います" in app.staff.pad.note

    staff.type(PIN)
    assert app.staff.pad.dots == "●●●●"
    staff.enter()
    assert app.staff.phase is Phase.PANEL
    body = app.staff.panel.body
    for shown in (str(app.content_root), "展示テスト", "media/赤.png",
                  "playlists/古い.yaml:7: 画像が見つかりません", "2024-07-13 10:00", "0.1.0",
                  "タッチ操作", "有効（タッチで閲覧モード）"):
        assert shown in body, shown

    staff.type("r")  # reload: the content root is read again (in a child process)
    d.run_until(lambda: app.reloads == 1, timeout=30)
    assert app.last_reload_at > datetime(2024, 7, 13, 10, 0)

    staff.type("s")  # skip: the next picture comes
    d.run_until(lambda: app.rotation.current.key == "media/青.png"
                and app.stage.current is not None and app.stage.current.key == "media/青.png")

    stops: list[bool] = []
    app.stop = lambda *_a: stops.append(True)  # the harness's window outlives the app
    staff.type("x")
    d.step()
    assert stops == [True]
    assert any("Staff: exit pressed" in r.getMessage() for r in caplog.records)


def test_five_wrong_pins_wait_a_minute_then_the_pad_takes_the_pin(start: Any) -> None:
    d = start(PIN)
    app, staff = d.app, Staff(d)
    staff.lift(staff.hold_corner(5.2))
    for _ in range(5):
        staff.type("0000")
        staff.enter()
    assert app.staff.state.note is PadNote.WAIT
    staff.type(PIN)
    staff.enter()
    assert app.staff.phase is Phase.PAD  # refused during the wait
    assert "秒お待ちください" in app.staff.pad.note
    d.step(dt=1.0, frames=61)
    staff.type(PIN)
    staff.enter()
    assert app.staff.phase is Phase.PANEL
    staff.window.dispatch("on_key_down", 27, 41, None, [])  # Esc: back to the show
    d.step()
    assert app.staff.phase is Phase.SHOW
    assert app.staff.panel is None


def test_without_a_pin_the_corner_opens_nothing(start: Any) -> None:
    d = start(None)
    staff = Staff(d)
    staff.lift(staff.hold_corner(6.0))
    assert d.app.staff.phase is Phase.SHOW
    assert d.app.staff.pad is None
