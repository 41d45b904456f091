"""Frame pacing: the full frame rate while something moves, a low one on a still slide.

The only module that writes Kivy's private `Clock._max_fps` (Kivy has no public way to
change the frame rate of a running clock). A still slide drawn 60 times a second costs a
software-GL kiosk most of a core; a transition, a video or a touch brings the full rate
back at once.
"""

from __future__ import annotations

from typing import Any

from kivy.clock import Clock

__all__ = ["BUSY_FPS", "IDLE_FPS", "FramePacer"]

#: frames per second while nothing moves (a transition, video or touch restores full rate)
IDLE_FPS = 20
BUSY_FPS = 60
#: seconds of full rate after a touch
TOUCH_BUSY = 2.0


class FramePacer:
    """Sets the Kivy clock's frame rate; `idle_fps=None` leaves the clock alone (tests)."""

    def __init__(self, idle_fps: int | None = IDLE_FPS, busy_fps: int = BUSY_FPS) -> None:
        self.idle_fps = idle_fps
        self.busy_fps = busy_fps
        #: Kivy clock time until which a touch keeps the full rate
        self.busy_until = 0.0

    def touched(self) -> None:
        """A visitor touched: full rate for a while."""
        self.busy_until = Clock.get_time() + TOUCH_BUSY

    @property
    def touch_busy(self) -> bool:
        """Whether a recent touch keeps the full rate."""
        return bool(Clock.get_time() < self.busy_until)

    def input_arrived(self, *_args: Any) -> None:
        """A touch or click was read: render at full rate at once (the idle rate would
        hold its handling back by a whole slow frame).

        A mouse click is polled from SDL after a frame is drawn and handed to the
        widgets at the start of the next one, after that frame's pacing sleep: the first
        input at the idle rate makes the next frame start without it (it held the
        visitor's first response back by another 0 to 17 ms)."""
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

    def govern(self, busy: bool) -> None:
        """Full frame rate while something moves (`busy` or a recent touch), else idle."""
        if self.idle_fps is None:
            return
        Clock._max_fps = self.busy_fps if busy or self.touch_busy else self.idle_fps

    @property
    def rate(self) -> float:
        """The frame rate the clock paces to now (0: unpaced)."""
        return float(Clock._max_fps)
