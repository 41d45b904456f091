"""The stage: holds the slide on screen and brings in the next one with a transition.

The outgoing slide stays fully drawn underneath until the incoming one covers it, so no
blank or black frame ever shows between items.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kivy.animation import Animation
from kivy.uix.floatlayout import FloatLayout

from renkei_kiosk.core.model import Transition
from renkei_kiosk.ui.slides import Slide


class Stage(FloatLayout):
    """Shows one slide at a time; `show` replaces it with a transition."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.current: Slide | None = None
        self._leaving: list[Slide] = []
        self.transitioning = False
        #: the running transition's animation of `current`
        self._anim: Animation | None = None

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

    def clear(self) -> None:
        """Remove every slide (shutdown)."""
        self._finish_pending()
        if self.current is not None:
            self._drop(self.current)
            self.current = None
