"""Slide widgets, one per item kind; their layout is in slides.kv beside this file.

Slides are built on the Kivy thread from data prepared in a worker (decoded pixels,
QR matrices), so building one never decodes a file.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kivy.clock import Clock
from kivy.graphics import Color, Ellipse
from kivy.graphics.texture import Texture
from kivy.lang import Builder
from kivy.properties import (
    BooleanProperty,
    ColorProperty,
    ListProperty,
    NumericProperty,
    ObjectProperty,
    StringProperty,
)
from kivy.uix.floatlayout import FloatLayout
from kivy.uix.widget import Widget

from renkei_kiosk.core.cardstyle import NEUTRAL, Box, card_grid, page_dots
from renkei_kiosk.core.model import CommentCard
from renkei_kiosk.core.words import text
from renkei_kiosk.media.cardlayout import CardLayout
from renkei_kiosk.media.images import DecodedImage
from renkei_kiosk.media.video import Frame, VideoStream

log = logging.getLogger("renkei_kiosk")

Builder.load_file(str(Path(__file__).with_suffix(".kv")))


def texture_from_rgba(width: int, height: int, rgba: bytes, *, nearest: bool = False) -> Any:
    """A GPU texture from top-to-bottom RGBA rows (Kivy's origin is bottom-left)."""
    tex = Texture.create(size=(width, height), colorfmt="rgba")
    tex.blit_buffer(rgba, colorfmt="rgba", bufferfmt="ubyte")
    tex.flip_vertical()
    if nearest:
        tex.mag_filter = "nearest"
        tex.min_filter = "nearest"
    return tex


def texture_from_image(img: DecodedImage) -> Any:
    """A texture from a decoded image."""
    return texture_from_rgba(img.width, img.height, img.rgba)


class Slide(FloatLayout):
    """Base of everything the rotation shows."""

    background = ColorProperty([0, 0, 0, 1])
    #: False for pictures, which draw the background only around themselves
    full_background = BooleanProperty(True)
    #: item key, for logs and tests
    key = StringProperty("")

    def on_shown(self) -> None:
        """The slide became visible (its transition started)."""

    def release(self) -> None:
        """The slide left the screen: free textures and decoders."""


class ImageSlide(Slide):
    """A panel image, aspect kept, letterboxed on the background colour."""

    texture = ObjectProperty(None, allownone=True)
    title = StringProperty("")

    def release(self) -> None:
        self.texture = None


class TextSlide(Slide):
    """A text slide with an optional title."""

    title = StringProperty("")
    body = StringProperty("")


class QRSlide(Slide):
    """A QR code with its caption and URL."""

    texture = ObjectProperty(None, allownone=True)
    caption = StringProperty("")
    url = StringProperty("")

    def release(self) -> None:
        self.texture = None


class StandbySlide(Slide):
    """Shown when nothing can play: calm, never black."""

    title = StringProperty("")
    message = StringProperty("")


class ClosedSlide(Slide):
    """Outside opening hours: blank, or a message."""

    message = StringProperty("")


class PageDots(Widget):
    """One dot per page of a paged comment, the page shown filled (core.cardstyle)."""

    dots = ListProperty([])
    colour = ColorProperty([0.3, 0.3, 0.3, 1])
    idle_colour = ColorProperty([0.75, 0.75, 0.75, 1])

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.bind(pos=self._redraw, size=self._redraw, dots=self._redraw,
                  colour=self._redraw, idle_colour=self._redraw)

    def _redraw(self, *_a: Any) -> None:
        self.canvas.clear()
        d = self.height * 0.6
        step = d * 1.9
        y = self.center_y - d / 2
        with self.canvas:
            for i, on in enumerate(self.dots):
                Color(*(self.colour if on else self.idle_colour))
                Ellipse(pos=(self.x + i * step, y), size=(d, d))


class CommentSlide(Slide):
    """A municipality comment card (its layout: slides.kv, its grid: core.cardstyle).

    Paged when the text is long: `show_page(n)` shows page n. The widget decides nothing
    about time: the rotation (or a visitor's tap in browse) says which page to show.
    """

    #: where each part goes (fractions of the card) and the type sizes
    grid = ObjectProperty(card_grid(1920, 1080, photo=False, qr=False))
    municipality = StringProperty("")
    #: prefecture and region, one line under the municipality
    meta = StringProperty("")
    prefecture = StringProperty("")
    region = StringProperty("")
    category = StringProperty("")
    region_colour = ColorProperty([*NEUTRAL, 1])
    #: sizes as fractions of the card's height (kv multiplies by the height)
    heading_size = NumericProperty(104 / 1080)
    body_size = NumericProperty(44 / 1080)
    body = StringProperty("")
    page_label = StringProperty("")
    dots = ListProperty([])
    photo = ObjectProperty(None, allownone=True)
    qr = ObjectProperty(None, allownone=True)
    qr_caption = StringProperty("")
    map_texture = ObjectProperty(None, allownone=True)
    #: each page's text as written (for logs and tests)
    pages = ListProperty([])
    #: each page as shown: label markup with the line breaks laid out (core.linebreak)
    bodies = ListProperty([])
    page_seconds = NumericProperty(8.0)
    page = NumericProperty(0)

    @classmethod
    def from_layout(
        cls,
        card: CommentCard,
        layout: CardLayout,
        markup: Callable[[str], str],
        *,
        photo: Any = None,
        qr: Any = None,
        page_seconds: float = 8.0,
    ) -> CommentSlide:
        """The card from its layout (made in a worker); `markup` gives font fallbacks."""
        pages = layout.pages or ((),)
        return cls(
            grid=layout.grid,
            municipality="\n".join(markup(line) for line in layout.heading.split("\n")),
            heading_size=layout.heading_size,
            meta=markup(layout.meta),
            prefecture=markup(card.prefecture),
            region=markup(layout.region),
            category=markup(card.category or ""),
            region_colour=[*layout.colour, 1.0],
            map_texture=texture_from_rgba(*layout.map_rgba) if layout.map_rgba else None,
            pages=["".join(lines) for lines in pages],
            bodies=["\n".join(markup(line) for line in lines) for lines in pages],
            body_size=layout.body_size,
            photo=photo,
            qr=qr,
            qr_caption=text("card_qr_caption", "ja"),
            page_seconds=page_seconds,
        )

    def px(self, box: Box, pos: Any, size: Any) -> tuple[float, float, float, float]:
        """A grid box in window pixels for this card at `pos`, `size` (for slides.kv)."""
        x, y, w, h = box.px(size[0], size[1])
        return pos[0] + x, pos[1] + y, w, h

    def on_bodies(self, *_a: Any) -> None:
        self.show_page(0)

    def on_shown(self) -> None:
        # (the player keeps the card on screen until its last page had its time)
        self.show_page(0)
        if len(self.pages) > 1:
            self._ev = Clock.schedule_interval(self._next_page, self.page_seconds)

    def _next_page(self, _dt: float) -> bool:
        if self.page + 1 >= len(self.pages):
            return False
        self.show_page(self.page + 1)
        return True

    def turn_page(self) -> None:
        """The next page at once, after the last the first (a visitor's tap in browse)."""
        if len(self.pages) > 1:
            self.show_page((int(self.page) + 1) % len(self.pages))

    def show_page(self, i: int) -> None:
        """Show page `i` (counted from 0) of the comment."""
        self.page = i
        shown = self.bodies or self.pages
        self.body = shown[i] if 0 <= i < len(shown) else ""
        n = len(self.pages)
        self.page_label = f"{i + 1} / {n}" if n > 1 else ""
        self.dots = list(page_dots(n, i))

    def release(self) -> None:
        ev = getattr(self, "_ev", None)
        if ev is not None:
            ev.cancel()
        self.photo = None
        self.qr = None
        self.map_texture = None


class VideoSlide(Slide):
    """A video, shown from its first decoded frame; `ended` turns True at the stream's end
    (the player decides what follows)."""

    texture = ObjectProperty(None, allownone=True)
    playing = BooleanProperty(False)
    ended = BooleanProperty(False)

    def __init__(self, stream: VideoStream, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.stream = stream
        self._ev: Any = None
        self._put(stream.first)

    def _put(self, frame: Frame) -> None:
        tex = self.texture
        if tex is None or tuple(tex.size) != (frame.width, frame.height):
            self.texture = texture_from_rgba(frame.width, frame.height, frame.rgba)
            return
        tex.blit_buffer(frame.rgba, colorfmt="rgba", bufferfmt="ubyte")
        self.canvas.ask_update()

    def on_shown(self) -> None:
        self.play()

    def play(self) -> None:
        """Start or resume playback."""
        self.stream.play()
        self.playing = True
        if self._ev is None:
            self._ev = Clock.schedule_interval(self._update, 0)

    def pause(self) -> None:
        """Hold the current frame."""
        self.stream.pause()
        self.playing = False
        if self._ev is not None:
            self._ev.cancel()
            self._ev = None

    def _update(self, _dt: float) -> None:
        frame = self.stream.next_frame()
        if frame is not None:
            self._put(frame)
        elif self.stream.eof and not self.ended:
            self.ended = True
            self.pause()

    def release(self) -> None:
        self.pause()
        self.stream.close()
