"""The wait at rest (ui.wake): it ends at once on input, a hand-over, a signal or a touch
read by an input thread, and not otherwise. Each wait below is given 30 s: only a wake
ends it sooner, so a wait that failed to wake would return False (or take 30 s) and fail
the test.

On a real X display (Xvfb) SDL's own event wait is used: a click through the X server, a
hand-over from a thread and a signal (through SignalWake) end it. Headless (SDL's
offscreen driver, as in the other tests) the wait polls SDL's queue and the hand-over
event instead.
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
        done, sleep = pacer.check_ready(pacer.rate, 0.001, 0.0008)
        assert not done and 0.1 < sleep <= 0.15  # not the rest rate's 0.25 s
        pacer.govern(busy=False, wake_at=now + 0.01)  # sooner than a tick: the tick's time
        done, sleep = pacer.check_ready(pacer.rate, 0.001, 0.0008)
        assert not done and 0.05 < sleep <= 0.1
        pacer.govern(busy=True, wake_at=now + 0.01)  # busy: Kivy's own 1/60 s
        done, sleep = pacer.check_ready(pacer.rate, 0.001, 0.0008)
        assert sleep <= 1 / 60
    finally:
        Clock._max_fps = before



def test_at_rest_the_clock_wakes_when_due_not_a_third_of_a_second_early() -> None:
    """Kivy's own rule ends a sleep up to 1/(3 x fps) s early: at the rest rate (a frame
    in 5 s) a due time 0.2 s away would be ticked at once, again and again until it
    passed."""
    from kivy.clock import Clock

    from renkei_kiosk.pacing import REST_FPS, REST_RESOLUTION, FramePacer

    assert round(1 / REST_FPS, 6) == 5.0  # (a frame in 5 s)
    pacer = FramePacer(busy_fps=60)  # (the kiosk's own rest rate)
    before = Clock._max_fps
    try:
        now = Clock.time()
        Clock._last_tick = now
        pacer.govern(busy=False, wake_at=now + 0.2)
        kivy_min = Clock.get_resolution()
        assert kivy_min == REST_RESOLUTION  # scheduled events fire at most 10 ms early
        done, sleep = pacer.check_ready(pacer.rate, kivy_min, 0.8 * kivy_min)
        assert not done and 0.15 < sleep <= 0.2
        kivy_own = 1 / (3 * REST_FPS)  # (Kivy's min_sleep at the rest rate: 1.67 s)
        done, sleep = pacer.check_ready(pacer.rate, kivy_own, 0.8 * kivy_own)
        assert not done and 0.15 < sleep <= 0.2
        pacer.govern(busy=False, wake_at=None)
        done, sleep = pacer.check_ready(pacer.rate, kivy_min, 0.8 * kivy_min)
        assert not done and 4.9 < sleep <= 5.0  # the rest rate: 5 s
        pacer.govern(busy=False, wake_at=now - 5)  # overdue: one tick after the last
        done, sleep = pacer.check_ready(pacer.rate, kivy_min, 0.8 * kivy_min)
        assert not done and 0.05 < sleep <= 0.1
        pacer.govern(busy=True)
        assert Clock.get_resolution() == pytest.approx(1 / 180)  # busy: Kivy's own
    finally:
        Clock._max_fps = before
        Clock.clock_resolution = -1.0


X11_SCRIPT = r"""
import ctypes, json, os, signal, subprocess, sys, threading, time
from kivy.core.window import Window
from kivy.clock import Clock
from renkei_kiosk.ui.wake import InputWait, SignalWake, kivy_sdl, set_current

out = {}
def later(seconds, fn):
    t = threading.Thread(target=lambda: (time.sleep(seconds), fn()), daemon=True)
    t.start()
    return t

def measure(_dt):
    sdl = kivy_sdl()
    sdl.SDL_FlushEvents.argtypes = [ctypes.c_uint32, ctypes.c_uint32]
    def flush(after=None):  # (a wait that returned leaves its event in SDL's queue)
        if after is not None:
            after.join()
        time.sleep(0.3)
        sdl.SDL_PumpEvents()
        sdl.SDL_FlushEvents(0, 0xFFFF)
    waiter = InputWait(sdl)
    out["driver"], out["sdl_waits"] = waiter.driver, waiter.sdl_waits
    flush()  # what the window's start left in SDL's queue
    t = time.monotonic()
    job = later(0.3, waiter.wake)
    out["hand_over"] = [waiter.wait(30.0), time.monotonic() - t]
    flush(job)
    t = time.monotonic()
    job = later(0.3, lambda: subprocess.run(["xdotool", "mousemove", "200", "200", "click", "1"]))
    out["click"] = [waiter.wait(30.0), time.monotonic() - t]
    flush(job)
    # a signal: SDL's wait goes back to its poll, so only SignalWake ends the wait early
    heard = []
    signal.signal(signal.SIGUSR1, lambda *_a: heard.append(time.monotonic()))
    t = time.monotonic()
    job = later(0.3, lambda: os.kill(os.getpid(), signal.SIGUSR1))
    out["signal_alone"] = [waiter.wait(1.5), time.monotonic() - t]
    flush(job)
    set_current(waiter)
    signals = SignalWake()
    out["signal_wake_installed"] = signals.install()
    t = time.monotonic()
    later(0.3, lambda: os.kill(os.getpid(), signal.SIGUSR1))
    out["signal"] = [waiter.wait(30.0), time.monotonic() - t]
    out["handler_ran"] = len(heard) == 2 and heard[-1] - t < 15
    signals.uninstall()
    print("RESULT " + json.dumps(out), flush=True)
    os._exit(0)

Clock.schedule_once(measure, 0.5)
from kivy.base import runTouchApp
from kivy.uix.widget import Widget
runTouchApp(Widget())
"""


@pytest.mark.skipif(xdisplay.skip_reason() is not None or shutil.which("xdotool") is None,
                    reason=xdisplay.skip_reason() or "xdotool is not installed")
def test_on_x11_sdl_waits_and_a_click_a_hand_over_or_a_signal_ends_the_wait(
    tmp_path: Path,
) -> None:
    """A signal alone does not end SDL's wait (`signal_alone` in the result, for the
    record: it ran its 1.5 s here); with SignalWake, a stop signal's handler runs at once."""
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
    for what in ("hand_over", "click", "signal"):
        woken, seconds = found[what]
        assert woken is True and seconds < 15, f"{what}: {found}"
    assert found["signal_wake_installed"] and found["handler_ran"], json.dumps(found)
