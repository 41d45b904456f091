"""One item full screen in browse mode: a panel that zooms and pans (ZoomImage), or a
slide (comment card, video, text) from the slide preparer. Layout in detail.kv beside
this file; decoding in loader.DetailLoader, gestures in gestures.DetailGestures.
"""

from __future__ import annotations

import logging
import math
from pathlib import Path
from typing import Any

from kivy.lang import Builder
from kivy.properties import (
    BooleanProperty,
    ListProperty,
    NumericProperty,
    ObjectProperty,
    StringProperty,
)
from kivy.uix.floatlayout import FloatLayout
from kivy.uix.widget import Widget

from renkei_kiosk.core.browse_nav import page_swiped
from renkei_kiosk.core.model import Item, Kind
from renkei_kiosk.core.words import text
from renkei_kiosk.media.images import DecodedImage, fit_size
from renkei_kiosk.ui.browse import buttons  # noqa: F401 - BigButton for detail.kv
from renkei_kiosk.ui.browse.loader import DetailLoader
from renkei_kiosk.ui.preparer import Job
from renkei_kiosk.ui.slides import CommentSlide, Slide, VideoSlide, texture_from_image
from renkei_kiosk.ui.wrapped import WrappedLabel  # noqa: F401 - for detail.kv

__all__ = ["BrowseDetail", "ZoomImage"]

log = logging.getLogger("renkei_kiosk")

Builder.load_file(str(Path(__file__).with_suffix(".kv")))


class ZoomImage(Widget):  # type: ignore[misc]
    """A panel that zooms and pans: `zoom` 1 fits the widget, `max_zoom` is the image's
    native resolution. The drawn rectangle is `img_pos`/`img_size` (kv draws it)."""

    texture = ObjectProperty(None, allownone=True)
    zoom = NumericProperty(1.0)
    max_zoom = NumericProperty(1.0)
    #: the image centre's offset from the widget centre, in pixels
    pan = ListProperty([0.0, 0.0])
    img_pos = ListProperty([0.0, 0.0])
    img_size = ListProperty([0.0, 0.0])
    #: the file's own pixel size (width, height)
    native = ListProperty([1, 1])

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.bind(size=self._layout, pos=self._layout, zoom=self._layout, pan=self._layout,
                  native=self._layout)

    def fit(self) -> tuple[float, float]:
        """The size the image has at zoom 1 (contained in the widget)."""
        nw, nh = float(self.native[0]), float(self.native[1])
        if nw <= 0 or nh <= 0 or self.width <= 0 or self.height <= 0:
            return 0.0, 0.0
        scale = min(self.width / nw, self.height / nh)
        return nw * scale, nh * scale

    def update_max_zoom(self) -> None:
        """Up to the native resolution (never below 1)."""
        fw, _fh = self.fit()
        self.max_zoom = max(1.0, float(self.native[0]) / fw) if fw > 0 else 1.0

    def _layout(self, *_a: Any) -> None:
        fw, fh = self.fit()
        w, h = fw * self.zoom, fh * self.zoom
        px, py = self._clamped(self.pan[0], self.pan[1], w, h)
        if [px, py] != list(self.pan):
            self.pan = [px, py]  # re-enters _layout once with the clamped pan
            return
        self.img_size = [w, h]
        self.img_pos = [self.center_x + px - w / 2, self.center_y + py - h / 2]

    def _clamped(self, px: float, py: float, w: float, h: float) -> tuple[float, float]:
        """A pan that keeps the image over the widget (centred when it is smaller)."""
        lim_x = max(0.0, (w - self.width) / 2)
        lim_y = max(0.0, (h - self.height) / 2)
        return max(-lim_x, min(lim_x, px)), max(-lim_y, min(lim_y, py))

    @property
    def zoomed(self) -> bool:
        """True when the panel is shown larger than it fits."""
        return float(self.zoom) > 1.01

    def zoom_at(self, zoom: float, anchor: tuple[float, float]) -> None:
        """Set `zoom`, keeping the image point under `anchor` (window coords) in place."""
        zoom = max(1.0, min(float(self.max_zoom), zoom))
        old = float(self.zoom)
        if old <= 0:
            return
        ax, ay = anchor[0] - self.center_x, anchor[1] - self.center_y
        k = zoom / old
        px = ax - (ax - self.pan[0]) * k
        py = ay - (ay - self.pan[1]) * k
        self.zoom = zoom
        self.pan = [px, py]

    def move_by(self, dx: float, dy: float) -> None:
        """Pan by (dx, dy) pixels."""
        self.pan = [self.pan[0] + dx, self.pan[1] + dy]


class BrowseDetail(FloatLayout):  # type: ignore[misc]
    """One item full screen: a zoomable panel, or a slide (comment card, video, text)."""

    item = ObjectProperty(None, allownone=True)
    message = StringProperty("")
    lang = StringProperty("ja")
    is_video = BooleanProperty(False)
    playing = BooleanProperty(False)
    page_label = StringProperty("")
    play_label = StringProperty("")
    swipe_hint = StringProperty("")
    #: the font size of its texts (the strip's, the play button): browse's body size
    text_font = NumericProperty(24)
    #: the height of the strip under the item (the swipe hint; on a paged comment card,
    #: how to turn its pages): core.browse_layout.BrowseSizes.strip
    strip = NumericProperty(40)
    #: the item stands above the strip (a slide: a comment card, a video, a text); a
    #: panel fills the whole area, the hint then a small box over its corner
    above_strip = BooleanProperty(False)

    __events__ = ("on_play",)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.bind(playing=self._label, lang=self._label, page_label=self._label)
        self._label()
        self.zoom_image: ZoomImage | None = None
        self.slide: Slide | None = None
        self.job: Job | None = None
        #: size (w, h) of the sharpest pixels asked for, and how many sharper decodes ran
        self.sharp_asked = (0, 0)
        self.sharp_loads = 0
        self._loader: DetailLoader | None = None
        self._released = False

    def _label(self, *_a: Any) -> None:
        self.play_label = (text("browse_pause", self.lang) if self.playing
                           else text("browse_play", self.lang))
        self.swipe_hint = text("browse_page_hint" if self.page_label else "browse_swipe_hint",
                               self.lang)

    @property
    def video_playing(self) -> bool:
        """Whether a video plays here (watching a video is not walking away)."""
        return isinstance(self.slide, VideoSlide) and self.slide.playing

    def show(self, item: Item, loader: DetailLoader) -> None:
        """Show `item`: a panel decoded by `loader`, or its slide prepared by `loader`."""
        self.item = item
        self.message = text("browse_loading", self.lang)
        self._loader = loader
        self.above_strip = not (item.kind is Kind.IMAGE and item.path)
        if item.kind is Kind.IMAGE and item.path:
            zoom = ZoomImage(pos_hint={"x": 0, "y": 0})
            self.zoom_image = zoom
            self.ids.holder.add_widget(zoom)
            self._decode(loader.window_size(), first=True)
        else:
            self.is_video = item.kind is Kind.VIDEO
            self.job = loader.prepare(item, self._slide_ready)

    def _decode(self, box: tuple[int, int], *, first: bool = False) -> None:
        """Decode the panel to fit `box`; it shows when ready."""
        if self._loader is None or self.item is None:
            return
        self.sharp_asked = box
        self._loader.decode(self.item.path or "", box,
                            lambda img, err: self._panel_ready(img, err, first))

    def _panel_ready(self, img: DecodedImage | None, err: str | None, first: bool) -> None:
        zoom = self.zoom_image
        if self._released or zoom is None:
            return
        if img is None:
            log.warning("Browse: %s cannot be shown (%s)", self.item.key, err)
            self.message = text("browse_cannot_show", self.lang)
            return
        current = zoom.texture
        if current is not None and current.width >= img.width:
            return  # a sharper one arrived first
        zoom.texture = texture_from_image(img)
        if first:
            zoom.native = [img.native_width, img.native_height]
            zoom.update_max_zoom()
        else:
            self.sharp_loads += 1
        self.message = ""

    def sharpen(self) -> None:
        """After a zoom: decode more pixels when the screen shows more than the texture."""
        zoom = self.zoom_image
        if zoom is None or zoom.texture is None or self.item is None:
            return
        shown_w = float(zoom.img_size[0])
        tex_w = float(zoom.texture.width)
        native_w = float(zoom.native[0])
        if shown_w <= tex_w * 1.05 or tex_w >= native_w:
            return
        want = fit_size(int(zoom.native[0]), int(zoom.native[1]),
                        math.ceil(zoom.img_size[0] * 1.25), math.ceil(zoom.img_size[1] * 1.25))
        if want[0] <= self.sharp_asked[0] and self.sharp_asked[0] > tex_w:
            return  # already asked for as many pixels
        self._decode(want)

    def _slide_ready(self, job: Job) -> None:
        if job is not self.job:
            return
        self.job = None
        if self._released or job.slide is None:
            if job.slide is not None:
                job.slide.release()
            if job.error:
                log.warning("Browse: %s", job.error)
                self.message = text("browse_cannot_show", self.lang)
            return
        slide = job.slide
        job.slide = None
        self.slide = slide
        self.message = ""
        slide.size_hint = (1, 1)
        slide.pos_hint = {"x": 0, "y": 0}
        self.ids.holder.add_widget(slide)
        slide.on_shown()
        if isinstance(slide, VideoSlide):
            slide.bind(playing=self.setter("playing"))
            self.playing = slide.playing
        if isinstance(slide, CommentSlide):
            slide.bind(page_label=self.setter("page_label"))
            self.page_label = slide.page_label

    def on_play(self) -> None:
        """The play/pause button was pressed."""
        self.toggle_video()

    def toggle_video(self) -> None:
        """Play or pause a video (a finished video starts again)."""
        slide = self.slide
        if self.item is None or not isinstance(slide, VideoSlide):
            return
        if not slide.ended:
            if slide.playing:
                slide.pause()
            else:
                slide.play()
            return
        if self._loader is None:
            return
        self.ids.holder.remove_widget(slide)
        slide.release()
        self.slide = None
        self.message = text("browse_loading", self.lang)
        self.job = self._loader.prepare(self.item, self._slide_ready)

    def turn_page(self) -> None:
        """A tap on a comment card: its next page (after the last, the first)."""
        slide = self.slide
        if isinstance(slide, CommentSlide):
            slide.turn_page()

    def swipe_page(self, step: int) -> bool:
        """A swipe on a paged comment card: its next (+1) or previous (-1) page; False
        past its last or first page, or on anything else (the swipe then goes to the
        neighbouring item: core.browse_nav.page_swiped)."""
        slide = self.slide
        if not isinstance(slide, CommentSlide):
            return False
        target = page_swiped(int(slide.page), len(slide.pages), step)
        if target is None:
            return False
        slide.show_page(target)
        return True

    @property
    def page(self) -> tuple[int, int]:
        """(page shown counted from 1, pages) of a comment card; (1, 1) for anything else."""
        slide = self.slide
        if isinstance(slide, CommentSlide) and slide.pages:
            return int(slide.page) + 1, len(slide.pages)
        return 1, 1

    def follow_drag(self, dx: float) -> None:
        """The item follows the finger `dx` pixels sideways during a swipe."""
        self.ids.holder.pos_hint = {"x": dx / max(1.0, float(self.width)), "top": 1}

    def release(self) -> None:
        """Leave the screen: stop videos, drop pending work."""
        self._released = True
        if self.job is not None:
            self.job.cancel()
            self.job = None
        if self.slide is not None:
            self.slide.release()
            self.slide = None
