"""Recorded touchscreen events replayed through Kivy's own Linux providers, in the real app.

The recordings (tests/data/touch/) are what a hid-multitouch touchscreen reports (MT
protocol B, as every current kernel driver does): a tap, a swipe, a two-finger pinch, and
the pointer X emulates for the tap. The kiosk's own [input] line starts probesysfs, which
finds the screen in a stand-in /sys/class/input and starts mtdev on it; tests/evdev_replay.py
feeds the events through a FIFO in place of /dev/input/eventN and answers the kernel's
capability questions from the recording. docs/touch.md says what was tried and what still
needs a real screen.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from evdev_replay import DATA, FifoDevice, Replayer, load, load_pointer
from kivy_harness import AppDriver
from test_browse_e2e import _content, _running

pytestmark = pytest.mark.app

FIRST, SECOND = "media/panels/a_red.jpg", "media/panels/b_blue.jpg"


def _has_libmtdev() -> bool:
    try:
        from kivy.lib import mtdev  # noqa: F401  (loads libmtdev.so.1)
    except OSError:
        return False
    return True


needs_libmtdev = pytest.mark.skipif(
    not _has_libmtdev(), reason="libmtdev1 is not installed (./dev.sh installs it)")


class TouchDowns:
    """Every touch-down the window hands to the app, from any provider."""

    def __init__(self) -> None:
        from kivy.core.window import Window

        self.window = Window
        self.seen: list[Any] = []
        Window.fbind("on_touch_down", self._down)

    def _down(self, _window: Any, touch: Any) -> None:
        self.seen.append(touch)

    def close(self) -> None:
        self.window.funbind("on_touch_down", self._down)


@pytest.fixture
def kiosk(tmp_path: Path) -> Iterator[AppDriver]:
    with _running(tmp_path, _content(tmp_path)) as (d, _fingers):
        d.run_until(lambda: d.app.on_screen == FIRST)
        d.advance(1.0)
        yield d


def _mtdev(d: AppDriver, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
           recording_name: str = "tap.evemu") -> Replayer:
    """The kiosk's touchscreen provider, started from its own [input] line: probesysfs
    finds the multitouch device in a stand-in /sys/class/input (not the keyboard beside
    it) and starts mtdev on it; the device node is the replay's FIFO."""
    from kivy.base import EventLoop
    from kivy.input.factory import MotionEventFactory
    from kivy.input.providers import mtdev as mtdev_module
    from kivy.input.providers import probesysfs

    from renkei_kiosk.kivy_env import input_providers

    device = FifoDevice(tmp_path, load(DATA / recording_name))
    monkeypatch.setattr(mtdev_module, "Device", device.mtdev_device_class())
    sysfs = device.sysfs(tmp_path / "sys")
    monkeypatch.setattr(probesysfs, "_cache_xinput", [])  # (no xinput to ask)
    monkeypatch.setattr(probesysfs, "get_inputs", lambda _path: [
        probesysfs.Input(str(p)) for p in sorted(sysfs.glob("event*"))])
    monkeypatch.setattr(probesysfs.Input, "device",
                        property(lambda self: device.dev_node(self.path)))
    line = input_providers("linux", offscreen=False, has_mtdev=True)["touchscreen"]
    name, _, args = line.partition(",")
    before = list(EventLoop.input_providers)
    MotionEventFactory.get(name)("touchscreen", args)  # (probesysfs adds what it starts)
    started = [p for p in EventLoop.input_providers if p not in before]
    assert [type(p) for p in started] == [mtdev_module.MTDMotionEventProvider]
    assert started[0].input_fn == str(device.path)
    return Replayer(d, device, started[0])


def _hidinput(d: AppDriver, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
              recording_name: str) -> Replayer:
    """The hidinput provider (the kiosk's choice without libmtdev) on a replayed device."""
    from kivy.input.providers import hidinput as provider_module

    device = FifoDevice(tmp_path, load(DATA / recording_name))
    monkeypatch.setattr(provider_module, "fcntl", device.fcntl_module())
    provider = provider_module.HIDInputMotionEventProvider("touchscreen", f"{device.path},")
    return Replayer(d, device, provider)


@needs_libmtdev
def test_a_tap_on_the_touchscreen_opens_browse_with_one_touch(
    kiosk: AppDriver, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    d = kiosk
    downs = TouchDowns()
    replay = _mtdev(d, tmp_path, monkeypatch)
    try:
        replay.play(load(DATA / "tap.evemu"))
        assert replay.kinds()[0] == "begin" and replay.kinds()[-1] == "end"
        assert len(downs.seen) == 1
        # the middle of the screen, in the device's ranges
        assert downs.seen[0].spos == pytest.approx((0.5, 0.5), abs=0.002)
        assert d.app.browse is not None
        assert d.app.browse.current_key == FIRST
    finally:
        downs.close()
        replay.close()


@needs_libmtdev
def test_a_finger_and_the_pointer_x_moves_for_it_are_one_touch(
    kiosk: AppDriver, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The kiosk's mouse provider (disable_on_activity) drops X's emulated pointer while
    the touchscreen's touch is down; without the finger, the same pointer is a touch."""
    from kivy.input.providers.mouse import MouseMotionEventProvider

    from renkei_kiosk.kivy_env import input_providers

    d = kiosk
    config = input_providers("linux", offscreen=False, has_mtdev=True)
    _name, _, args = config["mouse"].partition(",")
    mouse = MouseMotionEventProvider("mouse", args)
    from kivy.base import EventLoop

    EventLoop.add_input_provider(mouse)
    mouse.start()
    downs = TouchDowns()
    replay = _mtdev(d, tmp_path, monkeypatch)
    try:
        replay.play(load(DATA / "tap.evemu"), pointer=load_pointer(DATA / "tap.pointer.tsv"))
        assert [t.device for t in downs.seen] == ["touchscreen"]
        assert d.app.browse is not None
        d.advance(0.5)  # (past the double-tap time)
        replay.play_pointer(load_pointer(DATA / "tap.pointer.tsv"))
        assert [t.device for t in downs.seen] == ["touchscreen", "mouse"]
    finally:
        downs.close()
        replay.close()
        mouse.stop()
        EventLoop.remove_input_provider(mouse)


@needs_libmtdev
def test_a_swipe_in_browse_moves_to_the_next_item(
    kiosk: AppDriver, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    d = kiosk
    replay = _mtdev(d, tmp_path, monkeypatch)
    try:
        replay.play(load(DATA / "tap.evemu"))
        view = d.app.browse
        assert view is not None and view.current_key == FIRST
        d.run_until(lambda: view.detail.zoom_image.texture is not None)
        d.advance(0.5)
        before = len(replay.dispatched)
        replay.play(load(DATA / "swipe.evemu"))
        d.advance(0.5)
        # from 80 % of the width at 60 % of the height from the top (Kivy's y runs up)
        _kind, first = replay.dispatched[before]
        assert (first.osx, first.osy) == pytest.approx((0.8, 0.4), abs=0.002)
        assert view.current_key == SECOND
    finally:
        replay.close()


@needs_libmtdev
def test_a_two_finger_pinch_on_a_panel_zooms_it(
    kiosk: AppDriver, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    d = kiosk
    replay = _mtdev(d, tmp_path, monkeypatch)
    try:
        replay.play(load(DATA / "tap.evemu"))
        view = d.app.browse
        assert view is not None
        zoom = view.detail.zoom_image
        d.run_until(lambda: zoom.texture is not None)
        d.advance(0.5)
        assert zoom.zoom == pytest.approx(1.0)
        replay.play(load(DATA / "pinch.evemu"))
        d.advance(0.5)
        assert zoom.zoom == pytest.approx(2.5, rel=0.05)
        assert view.current_key == FIRST
    finally:
        replay.close()


def test_hidinput_reads_a_protocol_b_touchscreen_as_no_touch_at_all(
    kiosk: AppDriver, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    d = kiosk
    replay = _hidinput(d, tmp_path, monkeypatch, "tap.evemu")
    try:
        replay.play_all_and_hang_up(load(DATA / "tap.evemu"))
        assert replay.kinds() == []
        assert d.app.browse is None
    finally:
        replay.close()


def test_hidinput_reads_the_same_tap_in_protocol_a(
    kiosk: AppDriver, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    d = kiosk
    replay = _hidinput(d, tmp_path, monkeypatch, "tap_protocol_a.evemu")
    try:
        replay.play_all_and_hang_up(load(DATA / "tap_protocol_a.evemu"))
        assert replay.kinds()[0] == "begin" and replay.kinds()[-1] == "end"
        assert d.app.browse is not None
    finally:
        replay.close()
