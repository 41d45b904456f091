"""Browse mode's large touch targets: the buttons of the home, the top bar and a video
detail. Layout in buttons.kv beside this file.

A button's name is laid out by the kiosk (core.linebreak through media.typesetting): it
shrinks down to `floor_font` to stay whole, and a name still too long takes two lines
with its count beside it (core.browse_layout.tile_text), so that "Kyushu & Okinawa" or
"Comments" is never cut short.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from kivy.clock import Clock
from kivy.lang import Builder
from kivy.properties import (
    BooleanProperty,
    ListProperty,
    NumericProperty,
    StringProperty,
)
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout

from renkei_kiosk.core.browse_layout import TileText, narrowest, tile_text
from renkei_kiosk.core.linebreak import FittedLines, shrink_sizes
from renkei_kiosk.media.fontfiles import main_font_path
from renkei_kiosk.media.typesetting import lay_out_lines, measurer
from renkei_kiosk.ui.fonts import fontset

__all__ = ["PRESSED_RGBA", "BarButton", "BigButton", "lay_out_tile", "tile_width_needed"]

Builder.load_file(str(Path(__file__).with_suffix(".kv")))

#: colour of a button, tile or row under a finger (white on it: 4.6:1)
PRESSED_RGBA = (0.78, 0.29, 0.0, 1.0)


class BigButton(ButtonBehavior, BoxLayout):  # type: ignore[misc]
    """A large touch target: a name (plain text) and an optional count."""

    text = StringProperty("")
    sub = StringProperty("")
    #: the font sizes of the name and of the count (px); the name may shrink to
    #: `floor_font` (0: never shrinks)
    font_size = NumericProperty(24)
    sub_font = NumericProperty(20)
    floor_font = NumericProperty(0)
    bg = ListProperty([0.16, 0.22, 0.36, 1])
    #: the colour drawn: `bg`, or the pressed colour while a finger is on it
    face = ListProperty([0.16, 0.22, 0.36, 1])
    #: the name as laid out: its lines (a query), the label's text and size, and
    #: whether the count stands beside it (a name of two lines) rather than below
    lines = ListProperty([])
    shown = StringProperty("")
    rich = BooleanProperty(False)
    name_size = NumericProperty(24)
    count_beside = BooleanProperty(False)
    #: True when the name did not fit even at the floor size (it ends with "…")
    shortened = BooleanProperty(False)

    def __init__(self, **kwargs: Any) -> None:
        self._arrange_later = Clock.create_trigger(self._arrange, -1)
        super().__init__(**kwargs)
        self.bind(state=self._paint, bg=self._paint)
        for prop in ("text", "sub", "font_size", "sub_font", "floor_font", "size"):
            self.fbind(prop, self._arrange_later)
        self._paint()
        self._arrange_later()  # (built from kv, its children come after __init__)

    def _arrange(self, *_a: Any) -> None:
        """Lay the name out for the button's size (core.browse_layout.tile_text)."""
        laid, count_w, count_h = lay_out_tile(
            self.text, self.sub, float(self.width), float(self.height),
            float(self.font_size), float(self.sub_font), float(self.floor_font))
        self.name_size = laid.size
        self.shortened = laid.shortened
        self.lines = list(laid.lines)
        self.shown, self.rich = fontset().label("\n".join(laid.lines))
        self._place_count(laid.count_beside, count_w, count_h)

    def _place_count(self, beside: bool, count_w: float, count_h: float) -> None:
        """The count below the name (a line `count_h` high) or beside it (`count_w`)."""
        self.count_beside = beside
        label = self.ids.get("count")
        if label is None:
            return
        if beside:
            label.size_hint = (None, 1)
            label.width = count_w
        else:
            label.size_hint = (1, None)
            label.height = count_h

    def _paint(self, *_a: Any) -> None:
        self.face = list(PRESSED_RGBA if self.state == "down" else self.bg)


def lay_out_tile(name: str, sub: str, width: float, height: float, font_size: float,
                 sub_font: float, floor_font: float) -> tuple[TileText, float, float]:
    """A button's name laid out in its `width` x `height` (padding included) with its
    count `sub`: the layout, and the count's width beside the name and height below it."""
    pad_x, pad_y = sub_font * 0.3, sub_font * 0.1
    inner_w, inner_h = width - 2 * pad_x, height - 2 * pad_y
    path = main_font_path()
    count_w = count_h = 0.0
    if sub:
        count_w = measurer(path)(sub_font)(sub) + sub_font * 0.5
        count_h = sub_font * 1.05
    if not name or inner_w <= 1 or inner_h <= 1:
        return TileText((name,) if name else (), font_size, False, False), count_w, count_h
    sizes = shrink_sizes(font_size, floor_font)

    def fit(w: float, h: float) -> FittedLines:
        return lay_out_lines(name, path, w, sizes, height=h)

    return tile_text(fit, inner_w, inner_h, count_w, count_h), count_w, count_h


@lru_cache(maxsize=256)
def tile_width_needed(name: str, sub: str, height: float, font_size: float, sub_font: float,
                      floor_font: float, least: float, widest: float) -> float:
    """The narrowest button (px, padding included, `least` at least) `height` px high
    that shows `name` and its count whole (at no less than `floor_font`); `widest` if
    none does. (Most names fit at `least`: two layouts, no search.)"""

    def fits(width: float) -> bool:
        laid, _w, _h = lay_out_tile(name, sub, width, height, font_size, sub_font,
                                    floor_font)
        return not laid.shortened

    return narrowest(fits, least, widest)


class BarButton(BigButton):
    """A button of the top bar."""
