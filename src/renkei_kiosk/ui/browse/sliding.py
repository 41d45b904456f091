"""A browse screen change: the new screen slides in as the old one slides out.

Only the two screens' canvases move (a translation each): no widget moves, so nothing is
laid out again and no list row redraws its canvas in any frame of the slide.
"""

from __future__ import annotations

from typing import Any

from kivy.clock import Clock
from kivy.graphics import PopMatrix, PushMatrix, Translate
from kivy.uix.widget import Widget

__all__ = ["SLIDE_SECONDS", "ScreenSlider"]

#: seconds a new screen takes to slide in (a swipe, a tap that opens a screen, back, home)
SLIDE_SECONDS = 0.25


class ScreenSlider:
    """Slides screens in the browse view's `body`; at most one slide at a time."""

    def __init__(self, body: Widget) -> None:
        self.body = body
        self._slide: _Slide | None = None

    @property
    def sliding(self) -> bool:
        """Whether a new screen is still sliding in."""
        return self._slide is not None

    def start(self, old: Widget, new: Widget, direction: int) -> None:
        """Slide `new` in over `SLIDE_SECONDS` from the right (`direction` +1) or the
        left (-1) as `old` slides out."""
        self._slide = _Slide(old, new, float(direction * self.body.width),
                             float(Clock.get_time()))
        Clock.schedule_interval(self._step, 0)

    def _step(self, _dt: float) -> bool:
        slide = self._slide
        if slide is None:
            return False
        if not slide.step(float(Clock.get_time())):
            self.end()
            return False
        return True

    def end(self) -> None:
        """The screen change done: the new screen in place, the old one gone."""
        slide, self._slide = self._slide, None
        if slide is None:
            return
        Clock.unschedule(self._step)
        slide.undo()
        if slide.old in self.body.children:  # (ids are proxies: compare by membership)
            self.body.remove_widget(slide.old)


class _Slide:
    """Two screens' canvases moved sideways: `new` slides in by `dx` pixels (its width,
    signed) as `old` slides out, over `SLIDE_SECONDS` from `start` (quick at first,
    settling in place: out-cubic)."""

    def __init__(self, old: Widget, new: Widget, dx: float, start: float) -> None:
        self.old, self.new, self.dx, self.start = old, new, dx, start
        self._added: list[tuple[Any, Any]] = []
        self.moves: list[Translate] = []
        for widget, x in ((old, 0.0), (new, dx)):
            push, move, pop = PushMatrix(), Translate(x, 0), PopMatrix()
            widget.canvas.before.insert(0, move)
            widget.canvas.before.insert(0, push)
            widget.canvas.after.add(pop)
            self._added += [(widget.canvas.before, push), (widget.canvas.before, move),
                            (widget.canvas.after, pop)]
            self.moves.append(move)

    def step(self, now: float) -> bool:
        """Move to where the slide is at `now`; False once it is over."""
        t = (now - self.start) / SLIDE_SECONDS
        if t >= 1.0 - 1e-6:
            return False
        k = 1.0 - (1.0 - max(0.0, t)) ** 3
        out, into = self.moves
        out.x = round(-self.dx * k)
        into.x = round(self.dx * (1.0 - k))
        return True

    def undo(self) -> None:
        """Take the translations out: both screens drawn where they are laid out."""
        for group, instruction in self._added:
            group.remove(instruction)
