"""The wait at rest (ui.wake): it ends at once on input, a hand-over or a touch read by an
input thread, and not otherwise. Each wait below is given 30 s: only a wake ends it sooner,
so a wait that failed to wake would return False (or take 30 s) and fail the test.

On a real X display (Xvfb) SDL's own event wait is used: a click through the X server and
a hand-over from a thread both end it. Headless (SDL's offscreen driver, as in the other
tests) the wait polls SDL's queue and the hand-over event instead.
"""

from __future__ import annotations

import ctypes
import json
import shutil
import subprocess
import sys
import threading
import time
from collections import deque
from pathlib import Path

import pytest

import xdisplay

pytestmark = pytest.mark.app

LONG = 30.0


def _later(seconds: float, fn: object) -> threading.Thread:
    def run() -> None:
        time.sleep(seconds)
        fn()  # type: ignore[operator]

    t = threading.Thread(target=run, daemon=True)
    t.start()
    return t


def test_headless_a_hand_over_a_pushed_event_or_a_provider_touch_ends_the_wait() -> None:
    from kivy.core.window import Window  # (SDL and its window exist from here)

    from renkei_kiosk.ui.wake import SDL_USEREVENT, InputWait, kivy_sdl

    assert Window is not None
    sdl = kivy_sdl()
    assert sdl is not None, "Kivy's SDL library was not found in the process"
    waiter = InputWait(sdl)
    assert waiter.driver == "offscreen" and not waiter.sdl_waits

    assert waiter.wait(0.05) is False  # nothing happens: the whole time

    _later(0.1, waiter.wake)  # a worker hands a result over
    started = time.monotonic()
    assert waiter.wait(LONG) is True
    assert time.monotonic() - started < LONG / 2

    event = ctypes.create_string_buffer(64)
    event[0:4] = SDL_USEREVENT.to_bytes(4, sys.byteorder)
    _later(0.1, lambda: sdl.SDL_PushEvent(event))  # an event in SDL's queue
    try:
        assert waiter.wait(LONG) is True
    finally:
        sdl.SDL_FlushEvent(SDL_USEREVENT)

    class Provider:  # (Kivy's hidinput and mtdev read touches into `queue` on a thread)
        def __init__(self) -> None:
            self.queue: deque[object] = deque()

    provider = Provider()
    with_provider = InputWait(sdl, lambda: [provider])
    _later(0.1, lambda: provider.queue.append(("begin", object())))
    assert with_provider.wait(LONG) is True
    provider.queue.clear()
    assert with_provider.wait(0.05) is False


def test_the_pacer_wakes_for_the_next_thing_due_only_at_rest() -> None:
    from kivy.clock import Clock

    from renkei_kiosk.pacing import FramePacer

    pacer = FramePacer(idle_fps=4, busy_fps=60)
    before = Clock._max_fps
    try:
        now = Clock.time()
        Clock._last_tick = now  # (a frame just began)
        pacer.govern(busy=False, wake_at=now + 0.15)
        done, sleep = pacer._check_ready(pacer.rate, 0.001, 0.0008)
        assert not done and 0.1 < sleep <= 0.15  # not the rest rate's 0.25 s
        pacer.govern(busy=False, wake_at=now + 0.01)  # sooner than a tick: the tick's time
        done, sleep = pacer._check_ready(pacer.rate, 0.001, 0.0008)
        assert not done and 0.05 < sleep <= 0.1
        pacer.govern(busy=True, wake_at=now + 0.01)  # busy: Kivy's own 1/60 s
        done, sleep = pacer._check_ready(pacer.rate, 0.001, 0.0008)
        assert sleep <= 1 / 60
    finally:
        Clock._max_fps = before



def test_at_rest_the_clock_wakes_when_due_not_a_third_of_a_second_early() -> None:
    """Kivy's own rule ends a sleep up to 1/(3 x fps) s early: at the rest rate of 1 fps a
    due time 0.2 s away would be ticked at once, again and again until it passed."""
    from kivy.clock import Clock

    from renkei_kiosk.pacing import REST_RESOLUTION, FramePacer

    pacer = FramePacer(idle_fps=1, busy_fps=60)
    before = Clock._max_fps
    try:
        now = Clock.time()
        Clock._last_tick = now
        pacer.govern(busy=False, wake_at=now + 0.2)
        kivy_min = Clock.get_resolution()
        assert kivy_min == REST_RESOLUTION  # scheduled events fire at most 10 ms early
        done, sleep = pacer._check_ready(pacer.rate, kivy_min, 0.8 * kivy_min)
        assert not done and 0.15 < sleep <= 0.2
        done, sleep = pacer._check_ready(pacer.rate, 1 / 3, 0.8 / 3)  # (Kivy's at 1 fps)
        assert not done and 0.15 < sleep <= 0.2
        pacer.govern(busy=False, wake_at=None)
        done, sleep = pacer._check_ready(pacer.rate, kivy_min, 0.8 * kivy_min)
        assert not done and 0.9 < sleep <= 1.0  # the rest rate: a second
        pacer.govern(busy=False, wake_at=now - 5)  # overdue: one tick after the last
        done, sleep = pacer._check_ready(pacer.rate, kivy_min, 0.8 * kivy_min)
        assert not done and 0.05 < sleep <= 0.1
        pacer.govern(busy=True)
        assert Clock.get_resolution() == pytest.approx(1 / 180)  # busy: Kivy's own
    finally:
        Clock._max_fps = before
        Clock.clock_resolution = -1.0


X11_SCRIPT = r"""
import json, os, subprocess, sys, threading, time
from kivy.core.window import Window
from kivy.clock import Clock
from renkei_kiosk.ui.wake import InputWait, kivy_sdl

out = {}
def later(seconds, fn):
    threading.Thread(target=lambda: (time.sleep(seconds), fn()), daemon=True).start()

def measure(_dt):
    waiter = InputWait(kivy_sdl())
    out["driver"], out["sdl_waits"] = waiter.driver, waiter.sdl_waits
    # drain what the window's start left in SDL's queue
    while waiter.wait(0.3):
        Window._win.poll()
    t = time.monotonic()
    later(0.3, waiter.wake)
    out["hand_over"] = [waiter.wait(30.0), time.monotonic() - t]
    t = time.monotonic()
    later(0.3, lambda: subprocess.run(["xdotool", "mousemove", "200", "200", "click", "1"]))
    out["click"] = [waiter.wait(30.0), time.monotonic() - t]
    print("RESULT " + json.dumps(out), flush=True)
    os._exit(0)

Clock.schedule_once(measure, 0.5)
from kivy.base import runTouchApp
from kivy.uix.widget import Widget
runTouchApp(Widget())
"""


@pytest.mark.skipif(xdisplay.skip_reason() is not None or shutil.which("xdotool") is None,
                    reason=xdisplay.skip_reason() or "xdotool is not installed")
def test_on_x11_sdl_waits_and_a_click_or_a_hand_over_ends_the_wait(tmp_path: Path) -> None:
    with xdisplay.xvfb(800, 600, window_manager=shutil.which("openbox") and "openbox"
                       ) as display:
        env = xdisplay.kiosk_env(display)
        env["KIVY_HOME"] = str(tmp_path / "kivy")
        proc = subprocess.run([sys.executable, "-c", X11_SCRIPT], env=env, cwd=tmp_path,
                              capture_output=True, text=True, timeout=120)
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("RESULT ")]
    assert lines, proc.stdout[-2000:] + proc.stderr[-3000:]
    found = json.loads(lines[-1][len("RESULT "):])
    assert found["driver"] == "x11" and found["sdl_waits"] is True
    for what in ("hand_over", "click"):
        woken, seconds = found[what]
        assert woken is True and seconds < 15, f"{what}: {found}"
