"""Driving the real Kivy app in-process, headless, with a controlled clock.

Kivy's clock reads its time through `Clock.time`; the harness replaces it with a counter
that only moves when a test steps frames, and turns off frame pacing, so a test says
"0.5 s later" and gets exactly that. Worker threads (decoding) still run in real time:
`run_until` steps frames until a condition holds, with a real-time deadline.
"""

from __future__ import annotations

import io
import time
from collections.abc import Callable
from typing import Any

from kivy.base import EventLoop
from kivy.clock import Clock
from PIL import Image


class FakeTime:
    """The clock's time source: moves only when told."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class AppDriver:
    """Start an App without its main loop, step frames, read pixels, stop it."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.time = FakeTime()
        self._orig_time = Clock.time
        self._orig_fps = Clock._max_fps

    def start(self) -> AppDriver:
        from renkei_kiosk.ui import bridge

        Clock.time = self.time
        Clock._max_fps = 0
        Clock._last_tick = self.time.now
        # a hand-over made since the last fake-clock test (a thread of an earlier test ran
        # on) waits on the real clock, far ahead of this fake time, and would hold up every
        # later one: run it now; the next ones wait on this clock
        bridge.drain()
        EventLoop.ensure_window()
        self.app._run_prepare()
        self.step(0.0)
        return self

    def step(self, dt: float = 1 / 30, frames: int = 1) -> None:
        """Advance the clock by `dt` and render one frame, `frames` times."""
        for _ in range(frames):
            self.time.now += dt
            EventLoop.idle()

    def advance(self, seconds: float, fps: float = 30) -> None:
        """Let `seconds` of kiosk time pass, frame by frame."""
        n = max(1, round(seconds * fps))
        self.step(seconds / n, n)

    def run_until(
        self, cond: Callable[[], bool], timeout: float = 10.0, dt: float = 1 / 30,
        real_sleep: float = 0.005,
    ) -> None:
        """Step frames (and let workers run) until `cond()`; fails after `timeout` real s."""
        deadline = time.monotonic() + timeout
        while not cond():
            if time.monotonic() > deadline:
                raise AssertionError(f"condition not met within {timeout} s")
            self.step(dt)
            time.sleep(real_sleep)

    def screenshot(self) -> Image.Image:
        """The window's pixels as an RGB image (top row first)."""
        from kivy.core.window import Window
        from kivy.graphics.opengl import GL_RGB, GL_UNSIGNED_BYTE, glReadPixels

        EventLoop.idle()
        w, h = Window.system_size  # the framebuffer (Window.size is rotated in portrait)
        data = glReadPixels(0, 0, w, h, GL_RGB, GL_UNSIGNED_BYTE)
        img = Image.frombytes("RGB", (w, h), bytes(data))
        return img.transpose(Image.Transpose.FLIP_TOP_BOTTOM)

    def save(self, path: Any) -> None:
        buf = io.BytesIO()
        self.screenshot().save(buf, "PNG")
        with open(path, "wb") as f:
            f.write(buf.getvalue())

    def stop(self) -> None:
        """Stop the app (on_stop runs) and leave the window reusable for the next test."""
        from kivy.app import App

        from renkei_kiosk.ui import bridge

        app = self.app
        try:
            bridge.drain()  # (what the app's threads handed over, as the next frame would)
            app.dispatch("on_stop")
        finally:
            # a hand-over scheduled now would wait on the Kivy clock behind this test's
            # fake time, and hold up every later one: run it at once (the app ignores it)
            bridge.drain()
            win = app._app_window
            if win is not None:
                for child in list(win.children):
                    win.remove_widget(child)
            App._running_app = None
            Clock.time = self._orig_time
            Clock._max_fps = self._orig_fps
            # the fake time ran ahead of (or behind) the real clock: without this, the
            # next frame's pacing sleeps for the difference (minutes on a fresh machine)
            Clock._last_tick = self._orig_time()


def run_realtime(driver: AppDriver, cond: Callable[[], bool], timeout: float = 15.0) -> None:
    """Step frames with the fake clock following real time (for video playback)."""
    deadline = time.monotonic() + timeout
    last = time.monotonic()
    while not cond():
        now = time.monotonic()
        if now > deadline:
            raise AssertionError(f"condition not met within {timeout} s")
        driver.step(now - last)
        last = now
        time.sleep(0.01)
