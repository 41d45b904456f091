"""A browse view's idle countdown (core.browse_nav.idle_state) back to the rotation, and
the garbage collection of the screens a visitor left, run while the visitor pauses.
"""

from __future__ import annotations

import gc
from typing import TYPE_CHECKING, Any

from kivy.clock import Clock

from renkei_kiosk.core.browse_nav import IdlePhase, idle_state
from renkei_kiosk.core.touches import TouchAction
from renkei_kiosk.core.words import text

if TYPE_CHECKING:
    from renkei_kiosk.ui.browse.view import BrowseView

__all__ = ["COLLECT_AFTER", "IdleWatch"]

#: seconds without a touch (and nothing moving) before the screens a visitor has left
#: are handed to the cycle collector
COLLECT_AFTER = 1.5
#: seconds between two looks at the countdown
CHECK_EVERY = 0.2


class IdleWatch:
    """Counts the seconds since the visitor's last touch (a playing video counts as
    watching) and closes the view after its idle timeout, with a countdown before."""

    def __init__(self, view: BrowseView) -> None:
        self._view = view
        self.last_touch = Clock.get_time()
        #: screens left since the last garbage collection
        self.screens_left = 0
        self._ev: Any = None

    @property
    def running(self) -> bool:
        return self._ev is not None

    def start(self) -> None:
        """The visitor arrived: count from now."""
        self.last_touch = Clock.get_time()
        self._ev = Clock.schedule_interval(self._check, CHECK_EVERY)

    def stop(self) -> None:
        if self._ev is not None:
            self._ev.cancel()

    def touched(self) -> None:
        """A touch: the countdown starts again (and its hint goes)."""
        self.last_touch = Clock.get_time()
        if self._view.hint_visible:
            self._view.hint_visible = False

    def _check(self, _dt: float) -> None:
        view = self._view
        if view.closed:
            return
        now = Clock.get_time()
        detail = view.detail
        if detail is not None and detail.video_playing:
            self.last_touch = now  # watching a video is not walking away
        idle = idle_state(now - self.last_touch, view.idle_timeout)
        if idle.phase is IdlePhase.TIMEOUT:
            view.hint_visible = False
            view.report(TouchAction.TIMEOUT)
            view.close()
            return
        if idle.phase is IdlePhase.COUNTDOWN:
            view.hint = text("browse_countdown", view.lang, n=idle.seconds)
            view.hint_visible = True
        elif view.hint_visible:
            view.hint_visible = False
        self._collect_when_still(now)

    def _collect_when_still(self, now: float) -> None:
        """Free the screens the visitor has left while the screen is still.

        A screen's widgets hold each other (Kivy), so only a full garbage collection frees
        them; left to Python, it runs when its counters say so, in whatever frame that is
        (measured: 50-140 ms collections after a few lists, in a tap or a fling). Here it
        runs once the visitor has not touched for COLLECT_AFTER s and nothing moves (no
        kinetic scroll, no playing video)."""
        if not self.screens_left or now - self.last_touch < COLLECT_AFTER:
            return
        view = self._view
        if view.detail is not None and view.detail.video_playing:
            return
        rv = getattr(view.current, "ids", {}).get("rv")
        if rv is not None and rv.moving:
            return
        self.screens_left = 0
        gc.collect()
