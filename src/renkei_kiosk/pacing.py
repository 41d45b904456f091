"""Frame pacing: the full frame rate while something moves; at rest, frames only when due.

The only module that writes Kivy's private `Clock._max_fps` (Kivy has no public way to
change the frame rate of a running clock) and that hooks the clock's sleep.

- **Busy** (a transition, a video, a touch in the last `TOUCH_BUSY` seconds): `BUSY_FPS`,
  paced by Kivy's own sleep.
- **Rest** (a still slide): the clock sleeps up to 1/`REST_FPS` s (5 s), or until `wake_at`
  (the next thing the player must do: a page, the next item's preparation, its end, a
  schedule change; the caller brings it to `ATTENDED_REST` s while a visitor or staff are
  at the screen), in `ui.wake.InputWait`, which ends at once on input, a hand-over from
  another thread or a signal. A still slide drawn 60 times a second costs a software-GL
  kiosk most of a core; at rest the window is not redrawn at all (Kivy draws only when
  the canvas changed) and the loop runs once in 5 seconds. Each wake-up costs far more
  than its few hundred lines of Python suggest (the process's memory is cold after a long
  sleep), so the fewer the better.
  At rest the clock wakes exactly when due: Kivy's own rule would tick up to
  1/(3 x fps) s early, which at the rest rate means ticking without sleeping as a due
  time nears, and its scheduled events would fire seconds early. Kivy events scheduled
  less than 5 s ahead at rest run at the next wake-up: what must be on time goes through
  `wake_at`, `ui.bridge` (hand-overs) or `ui.wake.SignalWake` (signals).

Input at rest: the wait returns the moment SDL has an event; the frame that follows reads
it, and `input_arrived` makes the frame after it start without sleeping, at the full rate.
"""

from __future__ import annotations

import logging
from typing import Any

from kivy.base import EventLoop
from kivy.clock import Clock

from renkei_kiosk.ui import wake
from renkei_kiosk.ui.wake import InputWait, SignalWake

__all__ = ["ATTENDED_REST", "BUSY_FPS", "REST_FPS", "FramePacer"]

log = logging.getLogger("renkei_kiosk.pacing")

#: frames per second at rest: the longest the clock sleeps is 1/REST_FPS = 5 s (input,
#: hand-overs and stop signals end the sleep at once; `wake_at` ends it when the player is
#: due). 5 s is also the beat of the supervisor and of the resume file.
REST_FPS = 0.2
BUSY_FPS = 60
#: at most this many seconds between frames at rest while a visitor or staff are at the
#: screen (browse mode's countdown, a corner hold being timed, the staff panel)
ATTENDED_REST = 0.25
#: at rest, a due time this close (seconds) is taken as now
REST_SLACK = 0.002
#: at rest, Kivy's scheduled events fire at most this early (Kivy's default, 1/(3 x fps)
#: s, is a third of a second at the rest rate)
REST_RESOLUTION = 0.01
#: seconds of full rate after a touch
TOUCH_BUSY = 2.0
#: the kiosk's clock tick (app.KioskApp._tick): a wake earlier than one tick after the
#: last frame would find the tick not yet due
TICK_EVERY = 0.1


class FramePacer:
    """Sets the Kivy clock's frame rate; `idle_fps=None` leaves the clock alone (tests)."""

    def __init__(self, idle_fps: float | None = REST_FPS, busy_fps: int = BUSY_FPS) -> None:
        self.idle_fps = idle_fps
        self.busy_fps = busy_fps
        #: Kivy clock time until which a touch keeps the full rate
        self.busy_until = 0.0
        #: Kivy clock time of the next thing due at rest (None: only the rest rate)
        self.wake_at: float | None = None
        self.waiter: InputWait | None = None
        self.signals = SignalWake()
        self._woken = False
        self._clock_hooks: tuple[Any, Any] | None = None

    # -- the clock's sleep ------------------------------------------------------------
    def install(self, waiter: InputWait | None = None) -> None:
        """Sleep in `waiter` at rest (default: SDL's wait, found in this process)."""
        if self.idle_fps is None or self._clock_hooks is not None:
            return
        self.waiter = waiter or InputWait(wake.kivy_sdl(),
                                          lambda: threaded_providers(EventLoop))
        wake.set_current(self.waiter)
        self.signals.install()  # (a stop signal ends the sleep too)
        self._clock_hooks = (Clock.__dict__.get("usleep"), Clock.__dict__.get("_check_ready"))
        self._original_usleep = Clock.usleep
        Clock.usleep = self._usleep
        Clock._check_ready = self.check_ready
        log.info("Pacing: at rest the kiosk waits for input by %s", self.waiter.how)

    def uninstall(self) -> None:
        """Give the clock its own sleep back."""
        if self._clock_hooks is None:
            return
        for name, hook in zip(("usleep", "_check_ready"), self._clock_hooks, strict=True):
            if hook is None:
                Clock.__dict__.pop(name, None)
            else:
                setattr(Clock, name, hook)
        self._clock_hooks = None
        self.signals.uninstall()
        Clock.clock_resolution = -1.0
        if wake.current() is self.waiter:
            wake.set_current(None)

    @property
    def resting(self) -> bool:
        """Whether the clock paces at the rest rate now."""
        return self.idle_fps is not None and Clock._max_fps == self.idle_fps

    def check_ready(self, fps: float, min_sleep: float, undershoot: float
                    ) -> tuple[bool, float]:
        """The Kivy clock's `_check_ready` while installed: whether the next frame may
        start, and how long to sleep if not. Busy: Kivy's own rule (sleep out the rest of
        1/fps); at rest: exactly until `wake_at` or the rest rate, or at once after input
        ended the last sleep."""
        if self._woken:
            self._woken = False
            return True, 0.0
        now = Clock.time()
        last = Clock._last_tick
        if not self.resting:
            sleeptime = 1 / fps - (now - last)
            return sleeptime - undershoot <= min_sleep, sleeptime - undershoot
        due = last + 1 / fps
        if self.wake_at is not None:
            due = min(due, max(self.wake_at, last + TICK_EVERY))
        return due - now <= REST_SLACK, due - now

    def _usleep(self, microseconds: float) -> None:
        waiter = self.waiter
        if waiter is None or not self.resting:
            self._original_usleep(microseconds)
        elif waiter.wait(microseconds / 1e6):
            self._woken = True

    # -- the frame rate ---------------------------------------------------------------
    def touched(self) -> None:
        """A visitor touched: full rate for a while."""
        self.busy_until = Clock.get_time() + TOUCH_BUSY

    @property
    def touch_busy(self) -> bool:
        """Whether a recent touch keeps the full rate."""
        return bool(Clock.get_time() < self.busy_until)

    def input_arrived(self, *_args: Any) -> None:
        """A touch or click was read: render at full rate at once (the rest rate would
        hold its handling back by a whole slow frame).

        A mouse click is polled from SDL after a frame is drawn and handed to the
        widgets at the start of the next one, after that frame's pacing sleep: the first
        input at the rest rate makes the next frame start without it."""
        self.touched()
        if self.idle_fps is None:
            return
        if Clock._max_fps not in (self.busy_fps, 0):
            Clock._max_fps = 0  # (no pacing: Clock.idle does not sleep)
            Clock.schedule_once(self.full_rate, 0)  # (runs after that sleep-less idle)

    def full_rate(self, _dt: float = 0.0) -> None:
        """After the sleep-less frame: back to pacing at the full rate."""
        if self.idle_fps is not None and Clock._max_fps == 0:
            Clock._max_fps = self.busy_fps

    def govern(self, busy: bool, wake_at: float | None = None) -> None:
        """Full frame rate while something moves (`busy` or a recent touch), else rest
        until `wake_at` at the latest."""
        self.wake_at = wake_at
        if self.idle_fps is None:
            return
        rest = not (busy or self.touch_busy)
        Clock._max_fps = self.idle_fps if rest else self.busy_fps
        Clock.clock_resolution = REST_RESOLUTION if rest else -1.0  # (-1: Kivy's own)

    @property
    def rate(self) -> float:
        """The frame rate the clock paces to now (0: unpaced)."""
        return float(Clock._max_fps)


def threaded_providers(loop: Any) -> list[Any]:
    """Kivy's input providers that read touches on threads of their own (their touches
    do not reach SDL's queue, so the wait at rest looks at theirs)."""
    return [p for p in getattr(loop, "input_providers", ())
            if any(hasattr(p, name) for name in wake.QUEUE_NAMES)]
