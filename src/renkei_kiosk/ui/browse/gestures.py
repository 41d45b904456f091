"""The gestures of a browse detail: a horizontal drag swipes to a neighbour, a tap turns a
comment card's page, a double tap zooms a panel in or out, two fingers pinch, one finger
pans a zoomed panel. The state of a gesture is a `Gesture` value of its own.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from kivy.metrics import dp

from renkei_kiosk.ui.browse.detail import BrowseDetail

__all__ = ["DOUBLE_TAP_ZOOM", "SWIPE_FRACTION", "DetailGestures", "Gesture", "Pinch"]

#: a horizontal drag longer than this share of the width swipes to a neighbour
SWIPE_FRACTION = 0.15
#: the zoom a double tap goes to (capped at the panel's native resolution)
DOUBLE_TAP_ZOOM = 2.5


@dataclass(frozen=True, slots=True)
class Pinch:
    """Two fingers on a panel: how far apart, the zoom then, and their midpoint."""

    distance: float
    zoom: float
    mid: tuple[float, float]


@dataclass(slots=True)
class Gesture:
    """The fingers on one detail and what they are doing."""

    detail: BrowseDetail
    #: the touches down on the detail, in order
    touches: list[Any] = field(default_factory=list)
    #: two fingers pinching, else None
    pinch: Pinch | None = None
    #: the pinch changed the zoom (recorded when the fingers lift)
    zoomed: bool = False
    #: how far one finger dragged sideways (pixels)
    drag: float = 0.0


class DetailGestures:
    """Turns the touches on a detail into swipes, zooms, pans and page turns.

    `current()` is the detail on screen; `width()` the view's width; `on_zoom()` is called
    after each zoom (double tap, or a pinch when its fingers lift); `on_swipe(step)` for a
    swipe to the next (+1) or previous (-1) item.
    """

    def __init__(self, current: Callable[[], BrowseDetail | None], width: Callable[[], float],
                 on_zoom: Callable[[], None], on_swipe: Callable[[int], object]) -> None:
        self._current = current
        self._width = width
        self._on_zoom = on_zoom
        self._on_swipe = on_swipe
        self.gesture: Gesture | None = None

    def down(self, detail: BrowseDetail, touch: Any) -> bool:
        """A finger went down on `detail`; False when the gesture is already over (a
        double tap) and the touch need not be followed."""
        g = self.gesture
        if g is None or g.detail is not detail:
            g = self.gesture = Gesture(detail)
        g.touches.append(touch)
        zoom = detail.zoom_image
        if getattr(touch, "is_double_tap", False) and zoom is not None and zoom.texture:
            target = 1.0 if zoom.zoomed else min(DOUBLE_TAP_ZOOM, float(zoom.max_zoom))
            if target != zoom.zoom:
                zoom.zoom_at(target, touch.pos)
                self._on_zoom()
                detail.sharpen()
            g.touches.remove(touch)
            return False
        if len(g.touches) == 2 and zoom is not None:
            a, b = g.touches
            g.pinch = Pinch(_distance(a.pos, b.pos), float(zoom.zoom), _mid(a.pos, b.pos))
            g.drag = 0.0
            detail.follow_drag(0.0)
        return True

    def move(self, touch: Any) -> None:
        """A followed finger moved."""
        g = self.gesture
        if g is None or g.detail is not self._current():
            return
        detail, touches = g.detail, g.touches
        zoom = detail.zoom_image
        if g.pinch is not None and len(touches) >= 2 and zoom is not None:
            a, b = touches[0], touches[1]
            d0, z0, m0 = g.pinch.distance, g.pinch.zoom, g.pinch.mid
            d = _distance(a.pos, b.pos)
            if d0 > 0:
                m = _mid(a.pos, b.pos)
                zoom.zoom_at(z0 * d / d0, m)
                zoom.move_by(m[0] - m0[0], m[1] - m0[1])
                g.pinch = Pinch(d, float(zoom.zoom), m)
                g.zoomed = True
            return
        if len(touches) != 1 or touch is not touches[0]:
            return
        if zoom is not None and zoom.zoomed:
            zoom.move_by(touch.dx, touch.dy)
            return
        g.drag = touch.x - touch.ox
        detail.follow_drag(g.drag)

    def up(self, touch: Any) -> None:
        """A followed finger lifted."""
        g = self.gesture
        if g is None:
            return
        detail, touches = g.detail, g.touches
        if touch in touches:
            touches.remove(touch)
        if g.pinch is not None:
            if len(touches) < 2:
                g.pinch = None
                if g.zoomed:
                    g.zoomed = False
                    self._on_zoom()
                    detail.sharpen()
            return
        if touches:
            return
        drag, g.drag = g.drag, 0.0
        if detail is not self._current():
            return
        zoom = detail.zoom_image
        if zoom is not None and zoom.zoomed:
            return
        detail.follow_drag(0.0)
        if abs(drag) > SWIPE_FRACTION * max(1.0, self._width()):
            self._on_swipe(-1 if drag > 0 else +1)
            return
        if abs(touch.x - touch.ox) < dp(10) and abs(touch.y - touch.oy) < dp(10):
            detail.turn_page()


def _distance(a: Sequence[float], b: Sequence[float]) -> float:
    return math.hypot(a[0] - b[0], a[1] - b[1])


def _mid(a: Sequence[float], b: Sequence[float]) -> tuple[float, float]:
    return (a[0] + b[0]) / 2, (a[1] + b[1]) / 2
