"""The map of Japan on the browse home: prefectures drawn with Mesh and Line, the ones
with content highlighted and tappable. Its look (colours, frame) is in japan_map.kv.

The outlines come from media.japan_shapes (normalised once); they are triangulated once
per process with Kivy's Tesselator in a worker thread (about 0.1 s of work that must not
stall the first frame of browse mode; handed over through ui.bridge), and the widget
only scales the cached triangles to its size. Hit-testing is the pure `japan_shapes.hit_test`.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kivy.clock import Clock
from kivy.graphics import Color, InstructionGroup, Line, Mesh
from kivy.lang import Builder
from kivy.metrics import dp
from kivy.properties import ColorProperty, ListProperty, NumericProperty
from kivy.uix.widget import Widget

from renkei_kiosk.media.japan_shapes import OKINAWA, JapanShapes, hit_test, japan_shapes
from renkei_kiosk.ui.bridge import to_kivy

log = logging.getLogger("renkei_kiosk")

Builder.load_file(str(Path(__file__).with_suffix(".kv")))

#: a touch that moves further than this (pixels) is a drag, not a tap
TAP_SLOP = 20


@dataclass(frozen=True)
class MapGeometry:
    """The shapes and their triangles, in normalised coordinates."""

    shapes: JapanShapes
    #: per prefecture code: (flat x, y vertex list, triangle indices)
    triangles: dict[int, tuple[list[float], list[int]]]


def triangulate(shapes: JapanShapes) -> MapGeometry:
    """Every outline as triangles (Kivy's Tesselator; no GL context needed)."""
    from kivy.graphics.tesselator import TYPE_POLYGONS, WINDING_ODD, Tesselator

    triangles: dict[int, tuple[list[float], list[int]]] = {}
    for pref in shapes.prefs:
        tess = Tesselator()
        tess.add_contour([c for pt in pref.ring for c in pt])
        xy: list[float] = []
        idx: list[int] = []
        if tess.tesselate(WINDING_ODD, TYPE_POLYGONS, 3):
            for vertices, indices in tess.meshes:
                base = len(xy) // 2
                # vertices come as x, y, u, v
                for i in range(0, len(vertices), 4):
                    xy.extend((vertices[i], vertices[i + 1]))
                idx.extend(base + j for j in indices)
        else:
            log.warning("Map: cannot triangulate %s", pref.name)
        triangles[pref.code] = (xy, idx)
    return MapGeometry(shapes, triangles)


_geometry: MapGeometry | None = None
_geometry_lock = threading.Lock()
_geometry_waiting: list[Callable[[MapGeometry], None]] = []


def load_geometry(on_ready: Callable[[MapGeometry], None]) -> MapGeometry | None:
    """The cached map geometry now, or None and `on_ready(geometry)` later on the Kivy
    thread (made once per process in a worker thread)."""
    with _geometry_lock:
        if _geometry is not None:
            return _geometry
        start = not _geometry_waiting
        _geometry_waiting.append(on_ready)
    if start:
        threading.Thread(target=_make_geometry, name="map-geometry", daemon=True).start()
    return None


def _make_geometry() -> None:
    global _geometry
    try:
        geometry = triangulate(japan_shapes())
    except Exception:
        log.exception("Map: cannot load the prefecture shapes")
        with _geometry_lock:
            _geometry_waiting.clear()
        return
    with _geometry_lock:
        _geometry = geometry
        waiting = list(_geometry_waiting)
        _geometry_waiting.clear()

    def deliver() -> None:
        for cb in waiting:
            cb(geometry)

    to_kivy(deliver)


class JapanMap(Widget):  # type: ignore[misc]
    """Prefectures of Japan; `highlighted` codes are drawn strong and can be tapped.

    Fires ``on_prefecture(code)`` when a highlighted prefecture is tapped.
    """

    #: JIS codes of the prefectures with content
    highlighted = ListProperty([])
    highlight_color = ColorProperty([0.85, 0.25, 0.2, 1])
    base_color = ColorProperty([0.72, 0.74, 0.76, 1])
    outline_color = ColorProperty([1, 1, 1, 0.9])
    inset_color = ColorProperty([0.5, 0.55, 0.6, 1])
    #: a code drawn in the pressed colour while a finger is on it (0: none)
    pressed = NumericProperty(0)
    pressed_color = ColorProperty([0.98, 0.6, 0.15, 1])

    __events__ = ("on_prefecture",)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.geometry: MapGeometry | None = None
        self._group = InstructionGroup()
        self.canvas.add(self._group)
        self._trigger = Clock.create_trigger(self._redraw, -1)
        self.bind(size=self._trigger, pos=self._trigger, highlighted=self._trigger,
                  pressed=self._trigger, highlight_color=self._trigger,
                  base_color=self._trigger)
        geometry = load_geometry(self._geometry_ready)
        if geometry is not None:
            self._geometry_ready(geometry)

    def on_prefecture(self, code: int) -> None:
        """A highlighted prefecture was tapped."""

    def _geometry_ready(self, geometry: MapGeometry) -> None:
        self.geometry = geometry
        self._trigger()

    # -- layout ---------------------------------------------------------------------
    def map_rect(self) -> tuple[float, float, float, float]:
        """(x, y, width, height) of the unit map box inside the widget, aspect kept."""
        aspect = self.geometry.shapes.aspect if self.geometry else 1.0
        w, h = float(self.width), float(self.height)
        if w <= 0 or h <= 0:
            return float(self.x), float(self.y), 0.0, 0.0
        if w / h > aspect:
            mw, mh = h * aspect, h
        else:
            mw, mh = w, w / aspect
        return self.x + (w - mw) / 2, self.y + (h - mh) / 2, mw, mh

    def to_map(self, x: float, y: float) -> tuple[float, float]:
        """Window-space point -> normalised map coordinates."""
        mx, my, mw, mh = self.map_rect()
        if mw <= 0 or mh <= 0:
            return -1.0, -1.0
        return (x - mx) / mw, (y - my) / mh

    def to_widget(self, u: float, v: float) -> tuple[float, float]:
        """Normalised map coordinates -> a point in the widget's (window) space."""
        mx, my, mw, mh = self.map_rect()
        return mx + u * mw, my + v * mh

    def centre_of(self, code: int) -> tuple[float, float] | None:
        """Where prefecture `code` sits on screen (for tests and labels)."""
        if self.geometry is None:
            return None
        shape = self.geometry.shapes.by_code(code)
        return None if shape is None else self.to_widget(*shape.centre)

    # -- drawing --------------------------------------------------------------------
    def _redraw(self, *_a: Any) -> None:
        group = self._group
        group.clear()
        geometry = self.geometry
        if geometry is None:
            return
        mx, my, mw, mh = self.map_rect()
        if mw <= 0:
            return
        lit = set(self.highlighted)
        width = max(1.0, dp(0.8))
        for pref in geometry.shapes.prefs:
            xy, idx = geometry.triangles.get(pref.code, ([], []))
            if pref.code == self.pressed:
                group.add(Color(*self.pressed_color))
            elif pref.code in lit:
                group.add(Color(*self.highlight_color))
            else:
                group.add(Color(*self.base_color))
            if idx:
                verts: list[float] = []
                for i in range(0, len(xy), 2):
                    verts.extend((mx + xy[i] * mw, my + xy[i + 1] * mh, 0.0, 0.0))
                group.add(Mesh(vertices=verts, indices=idx, mode="triangles"))
        group.add(Color(*self.outline_color))
        for pref in geometry.shapes.prefs:
            pts = [c for u, v in pref.ring for c in (mx + u * mw, my + v * mh)]
            group.add(Line(points=pts, close=True, width=width))
        x0, y0, x1, y1 = geometry.shapes.inset
        if x1 > x0 and geometry.shapes.by_code(OKINAWA) is not None:
            group.add(Color(*self.inset_color))
            group.add(Line(rectangle=(mx + x0 * mw, my + y0 * mh, (x1 - x0) * mw,
                                      (y1 - y0) * mh), width=width))

    # -- touch ----------------------------------------------------------------------
    def prefecture_at(self, x: float, y: float) -> int | None:
        """The highlighted prefecture under window point (x, y), with a fingertip's slack."""
        if self.geometry is None:
            return None
        u, v = self.to_map(x, y)
        _mx, _my, mw, _mh = self.map_rect()
        tolerance = dp(14) / mw if mw > 0 else 0.0
        code = hit_test(self.geometry.shapes, u, v, tolerance=tolerance,
                        candidates=self.highlighted)
        return code if code in set(self.highlighted) else None

    def on_touch_down(self, touch: Any) -> bool:
        if not self.collide_point(*touch.pos):
            return False
        code = self.prefecture_at(*touch.pos)
        if code is None:
            return False
        touch.grab(self)
        touch.ud["japan_map"] = code
        self.pressed = code
        return True

    def on_touch_move(self, touch: Any) -> bool:
        if touch.grab_current is not self:
            return False
        if abs(touch.x - touch.ox) > TAP_SLOP or abs(touch.y - touch.oy) > TAP_SLOP:
            self.pressed = 0
        return True

    def on_touch_up(self, touch: Any) -> bool:
        if touch.grab_current is not self:
            return False
        touch.ungrab(self)
        was = self.pressed
        self.pressed = 0
        if was and self.prefecture_at(*touch.pos) == was:
            self.dispatch("on_prefecture", was)
        return True
