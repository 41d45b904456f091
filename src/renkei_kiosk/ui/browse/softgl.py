"""What keeps browse mode fast on software GL (llvmpipe, the kiosk PCs without a GPU):
texts drawn once into textures of their own (TextTextures), the top bar drawn from one
texture (CachedBar), and lists moved by whole pixels without clipping (BrowseScroll,
its drawing in softgl.kv beside this file).

Each was measured (bench/bench_browse.py): software GL pays for every pixel drawn and
waits on a texture that is drawn into while in use.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from kivy.clock import Clock
from kivy.graphics import (
    Callback,
    Canvas,
    ClearBuffers,
    ClearColor,
    Color,
    Fbo,
    PopMatrix,
    PushMatrix,
    Rectangle,
    Translate,
)
from kivy.graphics.texture import Texture
from kivy.lang import Builder
from kivy.properties import ListProperty
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.recycleview import RecycleView
from kivy.utils import escape_markup

from renkei_kiosk.ui.fonts import MAIN_FONT

__all__ = ["TEXTS", "BrowseScroll", "CachedBar", "TextTextures", "draw_at", "pixel_exact"]

Builder.load_file(str(Path(__file__).with_suffix(".kv")))

#: texts kept drawn (a list row's title and subtitle, a few KB each)
TEXT_TEXTURES = 600


class TextTextures:
    """Each text drawn once into a texture of its own, kept in a least-recently-used cache.

    A Kivy Label whose size does not change re-renders into the texture it already has,
    and software GL (llvmpipe) then waits for every frame still drawing it: 100-180 ms
    for each row a fling brings in. A text here gets a fresh texture, is never drawn into
    again, and a row flung past again finds its text ready. The texture is as small as
    the text (drawing transparent pixels costs as much as drawing visible ones) and has
    its colour (no colour change between two texts drawn one after the other).
    """

    def __init__(self, limit: int = TEXT_TEXTURES) -> None:
        self._limit = limit
        self._lru: OrderedDict[tuple[Any, ...], Any] = OrderedDict()

    def get(self, text: str, font_size: float, max_width: float, rich: bool,
            colour: Sequence[float] = (1, 1, 1, 1)) -> Any | None:
        """The texture of `text` (markup when `rich`) in `colour`, cut short with … to
        fit `max_width`; None for an empty text."""
        if not text or max_width < 1 or font_size < 1:
            return None
        key = (text, round(font_size), int(max_width), rich, tuple(colour))
        tex = self._lru.get(key)
        if tex is not None:
            self._lru.move_to_end(key)
            return tex
        tex = self._render(text, key[1], key[2], rich, key[4])
        self._lru[key] = tex
        while len(self._lru) > self._limit:
            self._lru.popitem(last=False)
        return tex

    def get_lines(self, first: str, first_size: float, second: str, second_size: float,
                  rich: bool, second_colour: Sequence[float]) -> Any | None:
        """Two lines in one texture (one draw instead of two): `first` in white above
        `second` in `second_colour`, at their font sizes, never cut short (the caller
        checks they fit)."""
        if not rich:
            first, second = escape_markup(first), escape_markup(second)
        colour = "#" + "".join(f"{round(c * 255):02x}" for c in second_colour[:3])
        text = (f"[size={round(first_size)}]{first}[/size]\n"
                f"[size={round(second_size)}][color={colour}]{second}[/color][/size]")
        return self.get(text, first_size, 1 << 16, True)

    @staticmethod
    def _render(text: str, font_size: int, max_width: int, rich: bool,
                colour: tuple[float, ...]) -> Any | None:
        from kivy.core.text import Label as CoreLabel
        from kivy.core.text.markup import MarkupLabel

        cls = MarkupLabel if rich else CoreLabel
        options: dict[str, Any] = dict(text=text, font_name=MAIN_FONT, font_size=font_size,
                                       color=colour)
        label = cls(**options)
        label.refresh()
        if label.texture is not None and label.texture.width > max_width:
            label = cls(text_size=(max_width, None), shorten=True, shorten_from="right",
                        halign="left", **options)
            label.refresh()
        tex = label.texture
        if tex is None or tex.width <= 1 or tex.height <= 1:
            return None
        pixel_exact(tex)
        return tex


def pixel_exact(tex: Any) -> None:
    """Sample `tex` without interpolation: it is drawn at its own size on whole pixels,
    where the result is the same, and software GL fetches one texel a pixel instead of
    four."""
    tex.mag_filter = "nearest"
    tex.min_filter = "nearest"


def draw_at(tex: Any, x: float, y: float) -> None:
    """Draw `tex` at its own pixel size with its lower left corner at (x, y) rounded to
    whole pixels (in the canvas being built)."""
    Rectangle(texture=tex, pos=(round(x), round(y)), size=tex.size)


#: the process's rendered texts (shared by every browse session: the lists are the same)
TEXTS = TextTextures()


class CachedBar(BoxLayout):  # type: ignore[misc]
    """A row of widgets drawn into a texture of its own (an Fbo) when something in it
    changes, and otherwise drawn each frame as that one opaque texture.

    The top bar's buttons and labels cost software GL more to draw every frame than the
    list under them; they change only on a tap. The Fbo is cleared to `rgba` (the bar's
    background) and its children are drawn into it at their own positions, moved to its
    origin; touches reach them as in any BoxLayout.
    """

    rgba = ListProperty([0.044, 0.064, 0.104, 1])

    def __init__(self, **kwargs: Any) -> None:
        self.canvas = Canvas()
        #: a plain texture with a copy of the Fbo's pixels, shown while they do not
        #: change: with software GL, drawing from a texture that is also a framebuffer
        #: stalled the frame (measured while a list is flung: a browse frame's drawing
        #: waited ~2 ms for the GL driver in on_draw)
        self._copy: Any = None
        self._copy_due = False
        with self.canvas:
            Callback(self._before_fbo)
            self.fbo = Fbo(size=(1, 1))
            Color(1, 1, 1, 1)
            self._shown = Rectangle(size=(0, 0))
        with self.fbo.before:
            self._clear = ClearColor(*self.rgba)
            ClearBuffers()
            PushMatrix()
            self._origin = Translate(0, 0)
        with self.fbo.after:
            PopMatrix()
        super().__init__(**kwargs)
        self.bind(pos=self._place, size=self._place,
                  rgba=lambda _w, rgba: setattr(self._clear, "rgba", rgba))
        self._place()

    @property
    def shows_copy(self) -> bool:
        """Whether the bar is drawn from the plain copy of its pixels (not the Fbo)."""
        return self._copy is not None and self._shown.texture is self._copy

    def show_fbo(self) -> None:
        """Draw the bar from its Fbo until the next copy (as right after a change)."""
        self._shown.texture = self.fbo.texture

    def _place(self, *_a: Any) -> None:
        x, y = round(self.x), round(self.y)
        w, h = max(1, math.ceil(self.width)), max(1, math.ceil(self.height))
        if tuple(self.fbo.size) != (w, h):
            self.fbo.size = (w, h)
        self._origin.xy = (-x, -y)
        self._shown.texture = self.fbo.texture
        self._shown.pos, self._shown.size = (x, y), (w, h)

    def _before_fbo(self, *_a: Any) -> None:
        """(Drawing, before the Fbo:) when the Fbo is about to draw its new pixels, show
        them from it in this frame, and from a copy from the next frame on."""
        if self.fbo.needs_redraw or self._shown.texture is None:
            if self._shown.texture is not self.fbo.texture:
                self._shown.texture = self.fbo.texture
            if not self._copy_due:
                self._copy_due = True
                Clock.schedule_once(self._take_copy, 0)

    def _take_copy(self, _dt: float = 0.0) -> None:
        self._copy_due = False
        fbo = self.fbo
        if fbo.needs_redraw:  # (changed again since: copy after its next draw)
            return
        size = tuple(fbo.size)
        if self._copy is None or tuple(self._copy.size) != size:
            self._copy = Texture.create(size=size, colorfmt="rgba")
            pixel_exact(self._copy)
        self._copy.blit_buffer(fbo.pixels, colorfmt="rgba", bufferfmt="ubyte")
        self._shown.texture = self._copy

    def add_widget(self, *args: Any, **kwargs: Any) -> None:
        canvas, self.canvas = self.canvas, self.fbo
        try:
            super().add_widget(*args, **kwargs)
        finally:
            self.canvas = canvas

    def remove_widget(self, *args: Any, **kwargs: Any) -> None:
        canvas, self.canvas = self.canvas, self.fbo
        try:
            super().remove_widget(*args, **kwargs)
        finally:
            self.canvas = canvas


class BrowseScroll(RecycleView):  # type: ignore[misc]
    """The RecycleView of lists and grids (drawn without clipping: see softgl.kv), moved
    by whole pixels: texts and thumbnails stay sharp while the list scrolls, and software
    GL draws a texture laid on whole pixels much faster than one it must interpolate."""

    def on_touch_down(self, touch: Any) -> bool:
        """Light the row or tile under the finger at once: the scroll view hands a touch
        to its rows only once it is sure the finger does not scroll (a tap's lift, or
        `scroll_timeout`), and a visitor must see the press in the next frame."""
        handled = bool(super().on_touch_down(touch))
        if self.collide_point(*touch.pos) and not touch.is_mouse_scrolling:
            row = self.view_at(*touch.pos)
            if row is not None and hasattr(row, "lit"):
                row.lit = True
                touch.ud[self._lit_key] = row
        return handled

    def on_touch_move(self, touch: Any) -> bool:
        row = touch.ud.get(self._lit_key)
        if row is not None and (abs(touch.x - touch.ox) > self.scroll_distance
                                or abs(touch.y - touch.oy) > self.scroll_distance):
            row.lit = False  # (a scroll, not a tap)
            del touch.ud[self._lit_key]
        return bool(super().on_touch_move(touch))

    def on_touch_up(self, touch: Any) -> bool:
        handled = bool(super().on_touch_up(touch))
        row = touch.ud.pop(self._lit_key, None)
        if row is not None:
            row.lit = False
        return handled

    @property
    def _lit_key(self) -> str:
        return f"browse-lit-{self.uid}"

    def view_at(self, x: float, y: float) -> Any | None:
        """The row or tile shown at window point (x, y), or None."""
        manager = self.layout_manager
        if manager is None:
            return None
        lx, ly = manager.to_widget(x, y)
        for child in manager.children:
            if child.collide_point(lx, ly):
                return child
        return None

    def update_from_scroll(self, *largs: Any) -> None:
        super().update_from_scroll(*largs)
        x, y = self.g_translate.xy
        self.g_translate.xy = (round(x), round(y))

    @property
    def moving(self) -> bool:
        """Whether a fling still moves the list (kinetic scrolling)."""
        return abs(float(self.effect_y.velocity)) > 1 or abs(float(self.effect_x.velocity)) > 1
