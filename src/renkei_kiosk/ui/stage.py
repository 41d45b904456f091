"""The stage: holds the slide on screen and brings in the next one with a transition.

The outgoing slide stays fully drawn underneath until the incoming one covers it, so no
blank or black frame ever shows between items.
"""

from __future__ import annotations

import gc
import logging
import time
from collections.abc import Callable
from typing import Any

from kivy.animation import Animation
from kivy.clock import Clock
from kivy.graphics.opengl import glFlush
from kivy.uix.floatlayout import FloatLayout

from renkei_kiosk.core.model import Transition
from renkei_kiosk.memory import return_free_memory
from renkei_kiosk.ui.slides import Slide

log = logging.getLogger("renkei_kiosk")


class Stage(FloatLayout):
    """Shows one slide at a time; `show` replaces it with a transition."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.current: Slide | None = None
        self._leaving: list[Slide] = []
        self.transitioning = False
        #: the running transition's animation of `current`
        self._anim: Animation | None = None
        #: slides dropped since the last `settle()`, and the Clock time of the last drop
        self.unsettled = 0
        self.dropped_at = 0.0

    @property
    def leaving(self) -> tuple[Slide, ...]:
        """The slides a running transition is taking off the screen."""
        return tuple(self._leaving)

    def show(
        self,
        slide: Slide,
        transition: Transition = Transition.FADE,
        duration: float = 0.8,
        on_done: Callable[[], None] | None = None,
    ) -> None:
        """Bring `slide` in over the current one; release the old one when covered."""
        old = self.current
        self._finish_pending()
        self.current = slide
        slide.size_hint = (1, 1)
        slide.pos_hint = {"x": 0, "y": 0}
        self.add_widget(slide)  # drawn on top of the old slide
        slide.on_shown()
        if old is None or transition is Transition.NONE or duration <= 0:
            self._drop(old)
            if on_done:
                on_done()
            return
        self._leaving.append(old)
        self.transitioning = True

        def done(*_a: Any) -> None:
            slide.pos_hint = {"x": 0, "y": 0}
            slide.opacity = 1
            self._drop(old)
            self.transitioning = False
            if on_done:
                on_done()

        if transition is Transition.SLIDE:
            slide.pos_hint = {}
            slide.pos = (self.x + self.width, self.y)
            old.pos_hint = {}
            Animation(x=self.x - self.width, d=duration, t="in_out_cubic").start(old)
            anim = Animation(x=self.x, d=duration, t="in_out_cubic")
        else:
            # the slide fades in over the old one, which stays fully drawn beneath it:
            # image slides draw their background only in the letterbox bars, so the
            # picture blends straight into the old one (no dip towards the background)
            slide.opacity = 0
            anim = Animation(opacity=1, d=duration, t="linear")
        anim.bind(on_complete=done)
        self._anim = anim
        anim.start(slide)

    def _finish_pending(self) -> None:
        """A new item arrived mid-transition: drop what was leaving at once."""
        if not self._leaving:
            return
        if self._anim is not None and self.current is not None:
            self._anim.cancel(self.current)
            self.current.opacity = 1
            self.current.pos_hint = {"x": 0, "y": 0}
        for old in list(self._leaving):
            Animation.cancel_all(old)
            self._drop(old)
        self.transitioning = False

    def _drop(self, old: Slide | None) -> None:
        if old is None:
            return
        if old in self._leaving:
            self._leaving.remove(old)
        if old.parent is self:
            self.remove_widget(old)
        old.release()
        # A slide's widgets hold each other through Kivy's bindings, so only the cycle
        # collector frees them, and it cannot see the megabytes of texture and text memory
        # they keep outside Python: without this, old slides pile up between its rare full
        # passes. A pass takes a few milliseconds (most objects are frozen at start-up); it
        # runs when the old slide is dropped: after its transition, or at once when there
        # is none or a new slide cut the transition short.
        started = time.perf_counter()
        found = gc.collect()
        log.debug("Stage: freed a slide (%d objects, %.1f ms)", found,
                  (time.perf_counter() - started) * 1000)
        self.unsettled += 1
        self.dropped_at = Clock.get_time()

    def settle_when_still(self, quiet: bool) -> None:
        """Let the GL driver free the textures of dropped slides (`settle`) once the
        screen has been still for a second (`quiet`: nothing will move for a second), or
        at once after many drops without a pause (a playlist of very short items), so
        that memory stays flat either way."""
        if not self.unsettled:
            return
        still = quiet and Clock.get_time() - self.dropped_at > 1.0
        if still or self.unsettled >= 8:
            self.settle()

    def settle(self) -> None:
        """After slides were dropped (Kivy deletes their GL textures on the next frame):
        hand the GL driver its pending work, which lets it free deleted textures, then hand
        the allocator's free pages back to the system. The app calls this once the screen
        has been still for a second (see settle_when_still).

        Mesa's software renderer (llvmpipe) frees a deleted texture only once the frames
        that drew it are rasterized. On a display that happens at every buffer swap. With
        no display (SDL's offscreen driver: the tests and benchmarks), a swap does nothing,
        frames wait unrasterized, and every 1920x1080 slide kept its 8 MB (measured with
        Mesa 22.3); `glFlush` starts that work without waiting for it (`glFinish` here
        cost 0.8-2.5 s of the Kivy thread). Measured under Xvfb, a real X display, memory
        stays flat without any of this."""
        started = time.perf_counter()
        dropped, self.unsettled = self.unsettled, 0
        glFlush()
        return_free_memory()
        log.debug("Stage: settled after %d dropped slide(s) in %.1f ms", dropped,
                  (time.perf_counter() - started) * 1000)

    def clear(self) -> None:
        """Remove every slide (shutdown)."""
        self._finish_pending()
        if self.current is not None:
            self._drop(self.current)
            self.current = None
