"""Slide widgets, one per item kind; their layout is in slides.kv beside this file.

Slides are built on the Kivy thread from data prepared in a worker (decoded pixels,
QR matrices), so building one never decodes a file.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from kivy.clock import Clock
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


class CommentSlide(Slide):
    """A municipality comment card, paged when the text is long."""

    municipality = StringProperty("")
    prefecture = StringProperty("")
    category = StringProperty("")
    body = StringProperty("")
    page_label = StringProperty("")
    body_font_size = NumericProperty(48)
    photo = ObjectProperty(None, allownone=True)
    qr = ObjectProperty(None, allownone=True)
    #: each page's text as written (for logs and tests)
    pages = ListProperty([])
    #: each page as shown: label markup with the line breaks laid out (core.linebreak)
    bodies = ListProperty([])
    page_seconds = NumericProperty(8.0)
    page = NumericProperty(0)

    def on_bodies(self, *_a: Any) -> None:
        self._show_page(0)

    def on_shown(self) -> None:
        # (the player keeps the card on screen until its last page had its time)
        self._show_page(0)
        if len(self.pages) > 1:
            self._ev = Clock.schedule_interval(self._next_page, self.page_seconds)

    def _next_page(self, _dt: float) -> bool:
        if self.page + 1 >= len(self.pages):
            return False
        self._show_page(self.page + 1)
        return True

    def turn_page(self) -> None:
        """The next page at once, after the last the first (a visitor's tap in browse)."""
        if len(self.pages) > 1:
            self._show_page((int(self.page) + 1) % len(self.pages))

    def _show_page(self, i: int) -> None:
        self.page = i
        shown = self.bodies or self.pages
        self.body = shown[i] if i < len(shown) else ""
        n = len(self.pages)
        self.page_label = f"{i + 1} / {n}" if n > 1 else ""

    def release(self) -> None:
        ev = getattr(self, "_ev", None)
        if ev is not None:
            ev.cancel()
        self.photo = None
        self.qr = None


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
