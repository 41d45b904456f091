"""A label whose lines the kiosk breaks itself: Japanese phrases (BudouX) and kinsoku.

Kivy wraps a label only at spaces, so a Japanese sentence would break anywhere its width
runs out (a line may start with "）" or "。"). WrappedLabel hands its `source` text to
core.linebreak (through media.typesetting, which measures with the font Kivy draws
with) and shows the lines it gets back, joined by explicit line breaks. Every text of
more than a few words the kiosk shows goes through it: the standby, closed, QR and text
slides, names on browse tiles, messages. Comment cards are laid out in the preparer's
worker instead (media.cardlayout), with the same rules.

With `type_size` set, the label also shrinks its type (down to `floor_size`) until the
text fits in `max_lines` lines (and, with `fill_height`, in its height); a text still
longer at the floor is cut with "…".
Layout defaults in wrapped.kv beside this file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kivy.clock import Clock
from kivy.lang import Builder
from kivy.properties import BooleanProperty, ListProperty, NumericProperty, StringProperty
from kivy.uix.label import Label

from renkei_kiosk.core.linebreak import shrink_sizes
from renkei_kiosk.media.fontfiles import bold_font_path, main_font_path
from renkei_kiosk.media.typesetting import lay_out_lines
from renkei_kiosk.ui.fonts import fontset

__all__ = ["WrappedLabel"]

Builder.load_file(str(Path(__file__).with_suffix(".kv")))

class WrappedLabel(Label):  # type: ignore[misc]
    """A label showing `source` (plain text) in lines broken by core.linebreak."""

    #: the text to show, plain (no markup: fallback fonts are added here)
    source = StringProperty("")
    #: the font size wanted (px); 0: `font_size` as it is, never shrunk
    type_size = NumericProperty(0)
    #: the smallest font size the label may shrink to (with `type_size`)
    floor_size = NumericProperty(0)
    #: at most this many lines (0: any number)
    max_lines = NumericProperty(0)
    #: no more lines than the label's height holds (a label of a fixed height)
    fill_height = BooleanProperty(False)
    #: the lines shown (a query for tests and logs)
    lines = ListProperty([])
    #: True when the text did not fit even at `floor_size` and was cut with "…"
    shortened = BooleanProperty(False)

    def __init__(self, **kwargs: Any) -> None:
        self._last: tuple[Any, ...] | None = None
        self._trigger_break = Clock.create_trigger(self._break, -1)
        fontset()  # (registers the kiosk's fonts with Kivy, once)
        super().__init__(**kwargs)
        for prop in ("source", "width", "text_size", "font_size", "type_size", "floor_size",
                     "max_lines", "bold", "padding", "fill_height", "height"):
            self.fbind(prop, self._trigger_break)
        self._trigger_break()

    def line_width(self) -> float:
        """The width the lines are broken to: the label's text width, less its padding."""
        tw = self.text_size[0]
        width = float(tw) if tw is not None else float(self.width)
        pad = self.padding  # (left, top, right, bottom)
        return width - float(pad[0]) - float(pad[2])

    def _break(self, *_a: Any) -> None:
        """Lay `source` out again when it, the width or the type changed."""
        width = self.line_width()
        font_size = float(getattr(self, "font_size", 0))
        wanted = float(self.type_size) or float(font_size)
        floor = float(self.floor_size) if self.type_size else 0.0
        height = float(self.height) - float(self.padding[1]) - float(self.padding[3])
        height = max(1.0, height) if self.fill_height else 0.0
        key = (self.source, round(width, 1), round(height, 1), wanted, floor,
               int(self.max_lines), self.bold)
        if key == self._last:
            return
        self._last = key
        if not self.source or width <= 1:
            self.lines = [self.source] if self.source else []
            self.shortened = False
            self.text = self.source
            return
        path = bold_font_path() if self.bold and bold_font_path().is_file() else main_font_path()
        fitted = lay_out_lines(self.source, path, width, shrink_sizes(wanted, floor),
                               int(self.max_lines), height)
        if self.type_size:
            self.font_size = fitted.size
        self.lines = list(fitted.lines)
        self.shortened = fitted.shortened
        shown, markup = fontset().label("\n".join(fitted.lines))
        self.markup = markup
        self.text = shown
