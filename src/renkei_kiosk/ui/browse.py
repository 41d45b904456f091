"""Browse mode: what a visitor touches. Owns the browse view over the stage, its screens
(home with the map of Japan, lists and grids, the item detail), the gestures of the detail
(swipe, pinch, double tap, pan), the idle countdown back to the rotation, and the calls
that record each visitor action. Layout is in browse.kv beside this file.

The catalogue (core.catalogue) says what there is; this module only arranges it. Decoding
happens in worker threads (thumbnails in media.thumbs, slides in ui.preparer, sharper
panel pixels here); results come back to the Kivy thread through `Clock.schedule_once`.
"""

from __future__ import annotations

import gc
import logging
import math
from collections import OrderedDict
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from kivy.animation import Animation
from kivy.clock import Clock
from kivy.core.window import Window
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
from kivy.metrics import dp
from kivy.properties import (
    BooleanProperty,
    DictProperty,
    ListProperty,
    NumericProperty,
    ObjectProperty,
    StringProperty,
)
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.floatlayout import FloatLayout
from kivy.uix.recycleview import RecycleView
from kivy.uix.recycleview.views import RecycleDataViewBehavior
from kivy.uix.widget import Widget
from kivy.utils import escape_markup

from renkei_kiosk.core.catalogue import (
    Catalogue,
    PrefectureGroup,
    RegionGroup,
    build_catalogue,
    index_of,
    neighbours,
)
from renkei_kiosk.core.model import Item, Kind
from renkei_kiosk.media.images import DecodedImage, ImageDecodeError, decode_image, fit_size
from renkei_kiosk.media.thumbs import ThumbCache
from renkei_kiosk.threads import lower_priority
from renkei_kiosk.ui.fonts import MAIN_FONT, fontset
from renkei_kiosk.ui.japan_map import JapanMap, load_geometry
from renkei_kiosk.ui.preparer import Job, Preparer, make_texture_limit
from renkei_kiosk.ui.slides import CommentSlide, Slide, VideoSlide, texture_from_image

log = logging.getLogger("renkei_kiosk")

Builder.load_file(str(Path(__file__).with_suffix(".kv")))

#: seconds of countdown shown before the idle timeout returns to the rotation
COUNTDOWN = 10.0
#: a horizontal drag longer than this share of the width swipes to a neighbour
SWIPE_FRACTION = 0.15
#: the zoom a double tap goes to (capped at the panel's native resolution)
DOUBLE_TAP_ZOOM = 2.5
#: seconds a swipe animation takes
SWIPE_SECONDS = 0.25
#: seconds a comment page stays before the next (a tap turns the page at once)
COMMENT_PAGE_SECONDS = 15.0
#: largest side decoded for a zoomed panel, whatever the GPU allows (memory)
MAX_SHARP_SIDE = 8192

#: colour of a button or row under a finger
PRESSED_RGBA = (0.95, 0.6, 0.15, 1.0)
#: background of browse mode (the window is cleared to it), and behind a detail
BACKDROP_RGBA = (0.07, 0.09, 0.13, 1.0)
DETAIL_BACKDROP_RGBA = (0.0, 0.0, 0.0, 1.0)
#: colour of a grid tile
ROW_RGBA = (0.16, 0.2, 0.3, 1.0)
#: colour of the square a list row shows when it has no thumbnail
BADGE_RGBA = (0.24, 0.28, 0.38, 1.0)
#: colours of a list's subtitles, initials (rows without a thumbnail) and headings
SUBTITLE_RGBA = (0.75, 0.8, 0.9, 1.0)
BADGE_TEXT_RGBA = (0.9, 0.92, 1.0, 1.0)
HEADER_RGBA = (1.0, 0.85, 0.55, 1.0)
#: a list row's padding (x, y) and the gap between its thumbnail and its texts
ROW_PADDING = (dp(10), dp(6))
ROW_GAP = dp(12)
#: seconds without a touch (and nothing moving) before the screens a visitor has left
#: are handed to the cycle collector
COLLECT_AFTER = 1.5
#: texts kept drawn (a list row's title and subtitle, a few KB each)
TEXT_TEXTURES = 600

#: the kiosk's own words, (Japanese, English)
WORDS: dict[str, tuple[str, str]] = {
    "back": ("◀ 戻る", "◀ Back"),
    "home": ("ホーム", "Home"),
    "close": ("展示に戻る", "Close"),
    "lang": ("English", "日本語"),
    "browse": ("さがす", "Explore"),
    "panels": ("パネル", "Panels"),
    "comments": ("コメント", "Comments"),
    "videos": ("動画", "Videos"),
    "map": ("地図から探す（赤い所）", "Tap the map (red)"),
    "regions": ("地域から探す", "By region"),
    "kinds": ("展示を見る", "See the exhibits"),
    "count": ("{n}件", "{n}"),
    "countdown": ("まもなく展示に戻ります　{n}", "Returning to the exhibition in {n}"),
    "touch_to_stay": ("画面に触れると続けられます", "Touch the screen to keep browsing"),
    "play": ("▶ 再生", "▶ Play"),
    "pause": ("‖ 一時停止", "‖ Pause"),
    "loading": ("読み込み中…", "Loading…"),
    "cannot_show": ("表示できません", "Cannot be shown"),
    "swipe_hint": ("左右にスワイプで前後へ", "Swipe left or right for more"),
}


def word(key: str, lang: str) -> str:
    """The label `key` in `lang` ("ja" or "en"; anything else is Japanese)."""
    ja, en = WORDS[key]
    return en if lang == "en" else ja


def item_title(item: Item) -> str:
    """What a visitor reads as the item's name."""
    if item.comment is not None:
        return item.comment.municipality
    if item.title:
        return item.title
    if item.caption:
        return item.caption
    return Path(item.key.split("#", 1)[0]).stem


def item_subtitle(item: Item, lang: str) -> str:
    """A second line for lists: the prefecture and category of a comment card."""
    card = item.comment
    if card is None:
        return ""
    from renkei_kiosk.core.catalogue import prefecture

    pref = prefecture(card.prefecture)
    name = pref.name_en if (lang == "en" and pref is not None) else card.prefecture
    return "　".join(s for s in (name, card.category or "") if s)


def thumb_source(item: Item) -> tuple[str | None, bool]:
    """(path relative to the content root, is it a video) of an item's thumbnail."""
    if item.kind is Kind.IMAGE:
        return item.path, False
    if item.kind is Kind.VIDEO:
        return item.path, True
    if item.comment is not None:
        return item.comment.photo, False
    return None, False


def pref_label(group: PrefectureGroup, lang: str) -> str:
    """A prefecture's name in the visitor's language."""
    return group.name_en if lang == "en" else group.name


def region_label(group: RegionGroup, lang: str) -> str:
    """A region's name in the visitor's language."""
    return group.name_en or group.name if lang == "en" else group.name


# -- navigation -------------------------------------------------------------------------
@dataclass(frozen=True)
class Screen:
    """One place in browse mode; the back button returns to the one before."""

    #: "home", "list", "grid" or "detail"
    kind: str
    #: for lists: what they show ("panels", "videos", "comments", "region", "prefecture")
    what: str = ""
    #: the region or prefecture name, or the JIS code as text
    arg: str = ""
    #: for a detail: the items a swipe moves through, and the index shown
    items: tuple[Item, ...] = field(default=(), compare=False)
    index: int = 0


# -- small widgets (layout in browse.kv) -------------------------------------------------
class BigButton(ButtonBehavior, BoxLayout):  # type: ignore[misc]
    """A large touch target: a label and an optional second line (a count)."""

    text = StringProperty("")
    sub = StringProperty("")
    #: share of the height the second line takes (about none when there is none)
    sub_share = NumericProperty(0.35)
    bg = ListProperty([0.16, 0.22, 0.36, 1])
    #: the colour drawn: `bg`, or the pressed colour while a finger is on it
    face = ListProperty([0.16, 0.22, 0.36, 1])

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.bind(state=self._paint, bg=self._paint)
        self._paint()

    def _paint(self, *_a: Any) -> None:
        self.face = list(PRESSED_RGBA if self.state == "down" else self.bg)


class BarButton(BigButton):
    """A button of the top bar."""


def _request_thumb(view: Any, data: dict[str, Any], deliver: Callable[[Any], None]) -> Any:
    """A recycled list view now shows `data`: its thumbnail texture if ready (else None);
    one made later goes to `deliver` if the view still shows the same file by then."""
    rel = data.get("thumb_rel")
    view._rel = rel
    thumbs: ThumbCache | None = data.get("thumbs")
    if thumbs is None or not rel:
        return None

    def ready(tex: Any) -> None:
        if view._rel == rel:
            deliver(tex)

    return thumbs.get(rel, ready, video=bool(data.get("thumb_video")))


class _ThumbView(RecycleDataViewBehavior, ButtonBehavior, BoxLayout):  # type: ignore[misc]
    """A RecycleView entry with a thumbnail that arrives later (rows and tiles)."""

    title = StringProperty("")
    subtitle = StringProperty("")
    badge = StringProperty("")
    #: whether title, subtitle and badge are Kivy markup (fallback fonts) or plain text
    rich = BooleanProperty(True)
    thumb = ObjectProperty(None, allownone=True)
    #: 1 once the thumbnail texture is there, else 0 (the badge shows instead)
    thumb_alpha = NumericProperty(0.0)
    face = ListProperty(ROW_RGBA)
    action = ObjectProperty(None, allownone=True)

    def __init__(self, **kwargs: Any) -> None:
        self._rel: str | None = None
        super().__init__(**kwargs)
        self.bind(state=self._paint)

    def _paint(self, *_a: Any) -> None:
        self.face = list(PRESSED_RGBA if self.state == "down" else ROW_RGBA)

    def on_thumb(self, _w: Any, tex: Any) -> None:
        self.thumb_alpha = 0.0 if tex is None else 1.0

    def refresh_view_attrs(self, rv: Any, index: int, data: dict[str, Any]) -> Any:
        self.thumb = _request_thumb(self, data, lambda t: setattr(self, "thumb", t))
        return super().refresh_view_attrs(rv, index, data)

    def on_release(self) -> None:
        if self.action is not None:
            self.action()


class BrowseTile(_ThumbView):
    """One tile of a grid (panels, videos): a large thumbnail and a caption."""


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
        _pixel_exact(tex)
        return tex


def _pixel_exact(tex: Any) -> None:
    """Sample `tex` without interpolation: it is drawn at its own size on whole pixels,
    where the result is the same, and software GL fetches one texel a pixel instead of
    four."""
    tex.mag_filter = "nearest"
    tex.min_filter = "nearest"


#: the process's rendered texts (shared by every browse session: the lists are the same)
TEXTS = TextTextures()


class BrowseRow(RecycleDataViewBehavior, ButtonBehavior, Widget):  # type: ignore[misc]
    """One row of a list: thumbnail (or the name's first character), title, subtitle.

    Drawn with a few canvas instructions and no child widgets (a list moves many rows a
    frame), only those it needs (software GL pays for every draw, even an empty one):
    the texts come from TEXTS; the row is flat on the view's background (a filled row
    costs software GL a row of pixels a frame) and takes the pressed colour while a finger
    is on it.
    """

    def __init__(self, **kwargs: Any) -> None:
        self._rel: str | None = None
        self._data: dict[str, Any] = {}
        self._thumb_tex: Any = None
        self._drawn: tuple[Any, ...] = ()
        self._drawn_for: dict[str, Any] | None = None
        super().__init__(**kwargs)
        self.bind(pos=self._layout, size=self._layout, state=self._layout)

    @property
    def title(self) -> str:
        return str(self._data.get("title", ""))

    def refresh_view_attrs(self, rv: Any, index: int, data: dict[str, Any]) -> Any:
        self._data = data
        self._thumb_tex = _request_thumb(self, data, self._thumb_arrived)
        self._layout()

    def _thumb_arrived(self, tex: Any) -> None:
        self._thumb_tex = tex
        self._layout()

    def on_release(self) -> None:
        action = self._data.get("action")
        if action is not None:
            action()

    def _layout(self, *_a: Any) -> None:
        data, thumb = self._data, self._thumb_tex
        x, y, w, h = float(self.x), float(self.y), float(self.width), float(self.height)
        state = (x, y, w, h, self.state, thumb)
        if (data is self._drawn_for and state == self._drawn) or w <= 1 or h <= 1:
            return
        self._drawn, self._drawn_for = state, data
        pad_x, pad_y = ROW_PADDING
        box_w, box_h = row_thumb_box(h)
        bx, by = x + pad_x, y + pad_y
        rich = bool(data.get("rich", True))
        tx = bx + box_w + ROW_GAP
        text_w = x + w - pad_x - tx
        half = box_h / 2
        title = TEXTS.get(str(data.get("title", "")), h * 0.32, text_w, rich)
        sub = TEXTS.get(str(data.get("subtitle", "")), h * 0.2, text_w, rich, SUBTITLE_RGBA)
        both = None
        if title is not None and sub is not None and max(title.width, sub.width) < text_w:
            both = TEXTS.get_lines(str(data["title"]), h * 0.32, str(data["subtitle"]),
                                   h * 0.2, rich, SUBTITLE_RGBA)
        canvas = self.canvas
        canvas.clear()
        with canvas:
            if self.state == "down":
                Color(*PRESSED_RGBA)
                Rectangle(pos=(x, y), size=(w, h))
            if thumb is None:
                Color(*BADGE_RGBA)
                Rectangle(pos=(bx, by), size=(box_w, box_h))
                badge = TEXTS.get(str(data.get("badge", "")), box_h * 0.55, box_w, rich,
                                  BADGE_TEXT_RGBA)
                if badge is not None:
                    _draw(badge, bx + (box_w - badge.width) / 2,
                          by + (box_h - badge.height) / 2)
            Color(1, 1, 1, 1)
            if thumb is not None:
                tw, th = float(thumb.width), float(thumb.height)
                if (tw > box_w + 0.5 or th > box_h + 0.5
                        or (tw < box_w - 0.5 and th < box_h - 0.5)):
                    tw, th = _contain(thumb.size, (box_w, box_h))
                elif thumb.mag_filter != "nearest":
                    _pixel_exact(thumb)
                # (a thumbnail made for the box is drawn pixel for pixel, on whole pixels)
                Rectangle(texture=thumb, size=(tw, th),
                          pos=(round(bx + (box_w - tw) / 2), round(by + (box_h - th) / 2)))
            if both is not None:  # (one draw for the two lines)
                _draw(both, tx, by + (box_h - both.height) / 2)
                return
            if title is not None:
                _draw(title, tx, by + half + (half - title.height) / 2)
            if sub is not None:
                _draw(sub, tx, by + half - sub.height)


def _draw(tex: Any, x: float, y: float) -> None:
    """Draw `tex` at its own pixel size with its lower left corner at (x, y) rounded to
    whole pixels (in the canvas being built)."""
    Rectangle(texture=tex, pos=(round(x), round(y)), size=tex.size)


def row_thumb_box(row_height: float) -> tuple[int, int]:
    """The (width, height) in pixels of a list row's thumbnail."""
    h = max(1, round(row_height - 2 * ROW_PADDING[1]))
    return round(h * 1.6), h


def _contain(size: Sequence[float], box: tuple[float, float]) -> tuple[float, float]:
    """`size` scaled to fit inside `box`, keeping its shape."""
    sw, sh = float(size[0]), float(size[1])
    if sw <= 0 or sh <= 0:
        return 0.0, 0.0
    k = min(box[0] / sw, box[1] / sh)
    return sw * k, sh * k


class BrowseHeader(RecycleDataViewBehavior, Widget):  # type: ignore[misc]
    """A section heading inside a list (a prefecture within all comments): its text at the
    lower left, on the view's background."""

    def __init__(self, **kwargs: Any) -> None:
        self._data: dict[str, Any] = {}
        self._drawn: tuple[Any, ...] = ()
        self._drawn_for: dict[str, Any] | None = None
        super().__init__(**kwargs)
        self.bind(pos=self._layout, size=self._layout)

    @property
    def title(self) -> str:
        return str(self._data.get("title", ""))

    def refresh_view_attrs(self, rv: Any, index: int, data: dict[str, Any]) -> Any:
        self._data = data
        self._layout()

    def _layout(self, *_a: Any) -> None:
        x, y, w, h = float(self.x), float(self.y), float(self.width), float(self.height)
        state = (x, y, w, h)
        if (self._data is self._drawn_for and state == self._drawn) or w <= 1 or h <= 1:
            return
        self._drawn, self._drawn_for = state, self._data
        tex = TEXTS.get(self.title, h * 0.4, w - dp(20), bool(self._data.get("rich", True)),
                        HEADER_RGBA)
        self.canvas.clear()
        if tex is not None:
            with self.canvas:
                Color(1, 1, 1, 1)
                _draw(tex, x + dp(10), y)


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
            _pixel_exact(self._copy)
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
    """The RecycleView of lists and grids (drawn without clipping: see browse.kv), moved
    by whole pixels: texts and thumbnails stay sharp while the list scrolls, and software
    GL draws a texture laid on whole pixels much faster than one it must interpolate."""

    def update_from_scroll(self, *largs: Any) -> None:
        super().update_from_scroll(*largs)
        x, y = self.g_translate.xy
        self.g_translate.xy = (round(x), round(y))


class BrowseList(FloatLayout):  # type: ignore[misc]
    """A scrolling list (RecycleView) of rows."""

    data = ListProperty([])
    row_height = NumericProperty(dp(80))


class BrowseGrid(FloatLayout):  # type: ignore[misc]
    """A scrolling grid (RecycleView) of tiles."""

    data = ListProperty([])
    tile_height = NumericProperty(dp(160))
    cols = NumericProperty(3)


class BrowseHome(BoxLayout):  # type: ignore[misc]
    """The browse home: the map on the left, kinds and regions on the right."""

    lang = StringProperty("ja")
    map_title = StringProperty("")
    kinds_title = StringProperty("")
    regions_title = StringProperty("")
    button_height = NumericProperty(dp(60))


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

    __events__ = ("on_play",)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.bind(playing=self._label, lang=self._label)
        self._label()
        self.zoom_image: ZoomImage | None = None
        self.slide: Slide | None = None
        self.job: Job | None = None
        #: size (w, h) of the sharpest pixels asked for, and how many sharper decodes ran
        self.sharp_asked = (0, 0)
        self.sharp_loads = 0

    def _label(self, *_a: Any) -> None:
        self.play_label = word("pause" if self.playing else "play", self.lang)
        self.swipe_hint = word("swipe_hint", self.lang)

    def on_play(self) -> None:
        """The play/pause button was pressed."""

    def release(self) -> None:
        """Leave the screen: stop videos, drop pending work."""
        if self.job is not None:
            self.job.cancel()
            self.job = None
        if self.slide is not None:
            self.slide.release()
            self.slide = None


# -- the view -----------------------------------------------------------------------------
class BrowseView(FloatLayout):  # type: ignore[misc]
    """Browse mode, over the stage; built by KioskApp.open_browse.

    Opens at once on the detail of `start_key`'s item (or on the home), and returns to the
    rotation through `on_close` after `idle_timeout` seconds without a touch. Every
    visitor action is reported through `on_action(action, item_key)`.
    """

    lang = StringProperty("ja")
    title = StringProperty("")
    hint = StringProperty("")
    hint_visible = BooleanProperty(False)
    bar_height = NumericProperty(dp(48))
    screen_kind = StringProperty("")
    #: the colour the view is cleared to: black behind a detail, else the dark blue
    backdrop = ListProperty(BACKDROP_RGBA)
    #: the kiosk's own labels in the current language (kv reads words["back"] ...)
    words = DictProperty({key: ja for key, (ja, _en) in WORDS.items()})

    def __init__(
        self,
        *,
        catalogue: Catalogue | None,
        content_root: Path,
        state_dir: Path,
        lang: str = "ja",
        idle_timeout: float = 60.0,
        start_key: str | None = None,
        on_action: Callable[[str, str | None], None] | None = None,
        on_close: Callable[[], None] | None = None,
        **kwargs: Any,
    ) -> None:
        """Browse mode open at once on `catalogue`; with `catalogue` None, a view built
        ahead of a visitor (its bar laid out and drawn), opened later by `begin`."""
        super().__init__(**kwargs)
        # the background: the view covers the whole window, and clearing the window costs
        # almost nothing where a rectangle over it costs software GL a screenful of pixels
        # every frame
        with self.canvas.before:
            self._clear = ClearColor(*self.backdrop)
            ClearBuffers()
        self.bind(backdrop=lambda _w, rgba: setattr(self._clear, "rgba", rgba))
        # the countdown hint is in the widget tree only while it shows (an invisible
        # widget is still drawn)
        self._hint = self.ids.hint.__self__
        self.remove_widget(self._hint)
        self.bind(hint_visible=self._show_hint)
        self.catalogue = build_catalogue(())
        self.content_root = content_root
        self.state_dir = state_dir
        self.bind(lang=self._relabel)
        self.lang = "en" if lang == "en" else "ja"
        self._relabel()
        self.idle_timeout = max(1.0, float(idle_timeout))
        self._on_action = on_action
        self._on_close = on_close
        #: thumbnails for grid tiles; list rows have theirs made at their own size
        self.thumbs = ThumbCache(content_root, state_dir)
        self._row_thumbs: dict[tuple[int, int], ThumbCache] = {}
        self._preparer: Preparer | None = None
        self._sharp_pool: ThreadPoolExecutor | None = None
        self._max_texture: int | None = None
        self._last_touch = Clock.get_time()
        self._closed = False
        self.stack: list[Screen] = []
        self.current: Widget | None = None
        self.detail: BrowseDetail | None = None
        self._gesture: dict[str, Any] = {}
        self._idle_ev: Any = None
        #: screens left since the last garbage collection (see _collect_when_still)
        self._garbage = 0
        #: a detail built (and drawn by `prerender`) ahead of a visitor, for `begin`
        self._spare_detail: BrowseDetail | None = None
        load_geometry(lambda _g: None)  # start triangulating the map in the background
        if catalogue is not None:
            self.begin(catalogue, start_key)
        else:
            # built ahead of a visitor, who almost always lands on a detail: build that
            # detail's widgets now, in the body, so `prerender` makes its label textures,
            # and start the panel decoder's thread (a thread start waits for the OS to
            # run the new thread: on a busy machine, tens of milliseconds)
            spare = BrowseDetail(lang=self.lang, message=word("loading", self.lang))
            self._spare_detail = spare
            self.current = spare
            self.ids.body.add_widget(spare)
            self._decoder().submit(lambda: None)

    def begin(self, catalogue: Catalogue, start_key: str | None = None, *,
              lang: str | None = None, idle_timeout: float | None = None) -> None:
        """Open (once) on `start_key`'s item, or on the home."""
        if self._idle_ev is not None or self._closed:
            return
        self.catalogue = catalogue
        if lang is not None:
            self.lang = "en" if lang == "en" else "ja"
        if idle_timeout is not None:
            self.idle_timeout = max(1.0, float(idle_timeout))
        self._last_touch = Clock.get_time()
        self._idle_ev = Clock.schedule_interval(self._check_idle, 0.2)
        start = catalogue.find(start_key) if start_key else None
        self.stack.append(Screen("home"))
        if start is not None:
            items = self._section_of(start)
            self._push(Screen("detail", items=items, index=index_of(items, start.key) or 0))
        else:
            self._show(self.stack[-1])
        log.info("Browse: opened at %s", start_key if start is not None else "home")

    def prerender(self) -> None:
        """Draw the view once off screen, before it is shown: Kivy makes a label's texture
        on its first draw, so the first frame on screen then only shows it."""
        if self.parent is not None:
            return
        fbo = Fbo(size=(max(1, round(self.width)), max(1, round(self.height))))
        fbo.add(self.canvas)
        try:
            fbo.draw()
        finally:
            fbo.remove(self.canvas)

    def _show_hint(self, _w: Any, visible: bool) -> None:
        if visible and self._hint.parent is None:
            self.add_widget(self._hint)
        elif not visible and self._hint.parent is self:
            self.remove_widget(self._hint)

    def _relabel(self, *_a: Any) -> None:
        self.words = {key: word(key, self.lang) for key in WORDS}

    # -- actions -----------------------------------------------------------------------
    def action(self, name: str, key: str | None = None) -> None:
        """Record a visitor action (open_item, swipe, zoom, back, home, language, timeout)."""
        log.info("Browse: %s %s", name, key or "")
        if self._on_action is not None:
            self._on_action(name, key)

    @property
    def current_key(self) -> str | None:
        """The key of the item on screen, or None outside a detail."""
        if self.detail is not None and self.detail.item is not None:
            return str(self.detail.item.key)
        return None

    def go_back(self) -> None:
        """The back button: the previous screen; from the home, back to the exhibition."""
        self.action("back", self.current_key)
        if len(self.stack) <= 1:
            self.close()
            return
        self.stack.pop()
        self._show(self.stack[-1])

    def go_home(self) -> None:
        """The home button."""
        self.action("home", self.current_key)
        self.stack = [Screen("home")]
        self._show(self.stack[-1])

    def toggle_language(self) -> None:
        """日本語 <-> English: every label of browse mode follows."""
        self.lang = "en" if self.lang == "ja" else "ja"
        self.action("language", self.current_key)
        if self.stack:
            self._show(self.stack[-1], rebuild_detail=False)

    def close_by_visitor(self) -> None:
        """The visitor's own way out (the 展示に戻る button): recorded as a back."""
        self.action("back", self.current_key)
        self.close()

    def close(self) -> None:
        """Back to the rotation."""
        if self._closed:
            return
        if self._on_close is not None:
            self._on_close()
        else:
            self.release()

    def release(self) -> None:
        """Browse mode ends: stop timers, workers and any video."""
        if self._closed:
            return
        self._closed = True
        if self._idle_ev is not None:
            self._idle_ev.cancel()
        if self.detail is not None:
            self.detail.release()
        if self._preparer is not None:
            self._preparer.shutdown()
        if self._sharp_pool is not None:
            self._sharp_pool.shutdown(wait=False, cancel_futures=True)
        self.thumbs.shutdown()
        for cache in self._row_thumbs.values():
            cache.shutdown()
        log.info("Browse: closed")

    # -- opening things ------------------------------------------------------------------
    def open_list(self, what: str, arg: str = "") -> None:
        """Show a list or grid: panels, videos, comments, a region, a prefecture."""
        kind = "grid" if what in ("panels", "videos") else "list"
        self._push(Screen(kind, what, arg))

    def open_prefecture(self, code: int) -> None:
        """A prefecture tapped on the map: its municipalities' comments."""
        if self.catalogue.by_code(code) is not None:
            self._push(Screen("list", "prefecture", str(code)))

    def open_item(self, items: Sequence[Item], index: int) -> None:
        """A list row or tile tapped: the item's detail, swiping through `items`."""
        items = tuple(items)
        self.action("open_item", items[index].key)
        self._push(Screen("detail", items=items, index=index))

    def swipe(self, step: int) -> bool:
        """Show the next (+1) or previous (-1) item; False when there is none."""
        screen = self.stack[-1] if self.stack else None
        if screen is None or screen.kind != "detail" or not screen.items:
            return False
        before, after = neighbours(screen.items, screen.index, wrap=True)
        target = after if step > 0 else before
        if target is None:
            return False
        new = Screen("detail", items=screen.items, index=target)
        self.stack[-1] = new
        self.action("swipe", screen.items[target].key)
        self._show(new, direction=step)
        return True

    def _push(self, screen: Screen) -> None:
        self.stack.append(screen)
        self._show(screen)

    def _section_of(self, item: Item) -> tuple[Item, ...]:
        cat = self.catalogue
        for section in (cat.panels, cat.videos, cat.comments, cat.slides):
            if any(i.key == item.key for i in section):
                return section
        return (item,)

    # -- screens -------------------------------------------------------------------------
    def _show(self, screen: Screen, *, direction: int = 0, rebuild_detail: bool = True) -> None:
        """Put `screen` in the body (replacing what is there)."""
        self.screen_kind = screen.kind
        self.backdrop = list(DETAIL_BACKDROP_RGBA if screen.kind == "detail"
                             else BACKDROP_RGBA)
        body = self.ids.body
        if screen.kind == "detail" and not rebuild_detail and self.detail is not None:
            self.detail.lang = self.lang
            self.title = fontset().markup(item_title(screen.items[screen.index]))
            return
        old, old_detail = self.current, self.detail
        self.detail = None
        if screen.kind == "home":
            widget: Widget = self._make_home()
            self.title = word("browse", self.lang)
        elif screen.kind in ("list", "grid"):
            widget = self._make_list(screen)
        else:
            detail = self._make_detail(screen.items[screen.index])
            self.detail = detail
            widget = detail
            self.title = fontset().markup(item_title(screen.items[screen.index]))
        self.current = widget
        if old is not None and old is self._spare_detail:
            self._spare_detail = None  # (opened on something else than a detail)
        if widget.parent is None:  # (the spare detail is in the body already)
            body.add_widget(widget)
        if old is None or old is widget:
            pass
        elif direction:
            self._slide_in(old, widget, direction)
            self._garbage += 1
        else:
            body.remove_widget(old)
            self._garbage += 1
        if old_detail is not None and old_detail is not widget:
            old_detail.release()

    def _slide_in(self, old: Widget, new: Widget, direction: int) -> None:
        body = self.ids.body
        w = body.width
        new.pos_hint = {}
        new.size = body.size
        new.pos = (body.x + direction * w, body.y)
        old.pos_hint = {}
        Animation.cancel_all(old)

        def done(*_a: Any) -> None:
            if old in body.children:  # (ids are proxies: compare by membership)
                body.remove_widget(old)
            new.pos_hint = {"x": 0, "y": 0}

        Animation(x=body.x - direction * w, d=SWIPE_SECONDS, t="out_cubic").start(old)
        anim = Animation(x=body.x, d=SWIPE_SECONDS, t="out_cubic")
        anim.bind(on_complete=done)
        anim.start(new)

    def _make_home(self) -> BrowseHome:
        lang, cat = self.lang, self.catalogue
        home = BrowseHome(
            lang=lang,
            map_title=word("map", lang),
            kinds_title=word("kinds", lang),
            regions_title=word("regions", lang),
        )
        self.bind(bar_height=home.setter("button_height"))
        home.button_height = self.bar_height
        jmap: JapanMap = home.ids.map
        jmap.highlighted = sorted(cat.codes)
        jmap.bind(on_prefecture=lambda _w, code: self.open_prefecture(code))
        kinds = home.ids.kinds
        for what, items in (("panels", cat.panels), ("comments", cat.comments),
                            ("videos", cat.videos)):
            if not items:
                continue
            btn = BigButton(text=word(what, lang),
                            sub=word("count", lang).format(n=len(items)))
            btn.bind(on_release=lambda _b, w=what: self.open_list(w))
            kinds.add_widget(btn)
        regions = home.ids.regions
        for group in cat.regions:
            btn = BigButton(text=fontset().markup(region_label(group, lang)),
                            sub=word("count", lang).format(n=len(group.items)),
                            bg=[0.2, 0.3, 0.26, 1])
            btn.bind(on_release=lambda _b, name=group.name: self.open_list("region", name))
            regions.add_widget(btn)
        return home

    def _list_rows(self, screen: Screen) -> tuple[str, list[dict[str, Any]]]:
        """The title and RecycleView rows of a list screen."""
        lang, cat, fonts = self.lang, self.catalogue, fontset()
        count = word("count", lang)

        def item_rows(items: tuple[Item, ...], viewclass: str) -> list[dict[str, Any]]:
            rows = []
            for i, item in enumerate(items):
                rel, video = thumb_source(item)
                name = item_title(item)
                title, rich_title = fonts.label(name)
                subtitle, rich_sub = fonts.label(item_subtitle(item, lang))
                badge, rich_badge = ("", False) if rel else fonts.label(name[:1])
                rows.append({
                    "viewclass": viewclass,
                    "title": title,
                    "subtitle": subtitle,
                    "badge": badge,
                    # plain labels unless a fallback font is needed: much faster to draw
                    "rich": rich_title or rich_sub or rich_badge,
                    "thumb_rel": rel,
                    "thumb_video": video,
                    "thumbs": self.thumbs if viewclass == "BrowseTile" else self.row_thumbs(),
                    "action": (lambda i=i, items=items: self.open_item(items, i)),
                })
            return rows

        if screen.what in ("panels", "videos", "comments") and screen.kind == "grid":
            items = cat.panels if screen.what == "panels" else cat.videos
            return word(screen.what, lang), item_rows(items, "BrowseTile")
        if screen.what == "comments":
            rows: list[dict[str, Any]] = []
            for group in cat.prefectures:
                heading, rich = fonts.label(pref_label(group, lang) + "　"
                                            + count.format(n=len(group.items)))
                rows.append({"viewclass": "BrowseHeader", "title": heading, "rich": rich})
                rows.extend(item_rows(group.items, "BrowseRow"))
            return word("comments", lang), rows
        if screen.what == "region":
            region = cat.region(screen.arg)
            if region is None:
                return screen.arg, []
            rows = []
            for group in region.prefectures:
                rows.append({
                    "viewclass": "BrowseRow",
                    "title": fonts.markup(pref_label(group, lang)),
                    "subtitle": count.format(n=len(group.items)),
                    "badge": fonts.markup(group.name[:1]),
                    "rich": True,
                    "thumb_rel": None, "thumb_video": False, "thumbs": None,
                    "action": (lambda g=group, r=region.name: self.open_list(
                        "region_prefecture", f"{r}\t{g.name}")),
                })
            return fonts.markup(region_label(region, lang)), rows
        if screen.what == "region_prefecture":
            region_name, pref_name = screen.arg.split("\t", 1)
            within = cat.region(region_name)
            found: PrefectureGroup | None = None
            if within is not None:
                found = next((g for g in within.prefectures if g.name == pref_name), None)
            if found is None:
                return pref_name, []
            return fonts.markup(pref_label(found, lang)), item_rows(found.items, "BrowseRow")
        if screen.what == "prefecture":
            tapped = cat.by_code(int(screen.arg))
            if tapped is None:
                return screen.arg, []
            title = pref_label(tapped, lang) + "　" + count.format(n=len(tapped.items))
            return fonts.markup(title), item_rows(tapped.items, "BrowseRow")
        return "", []

    @property
    def row_height(self) -> float:
        """The height of a list row."""
        return float(self.bar_height) * 1.5

    def row_thumbs(self) -> ThumbCache:
        """The thumbnails of list rows, made at the size a row shows them: drawn pixel for
        pixel, they cost software GL far less than a larger one scaled down each frame."""
        size = row_thumb_box(self.row_height)
        cache = self._row_thumbs.get(size)
        if cache is None:
            cache = self._row_thumbs[size] = ThumbCache(self.content_root, self.state_dir,
                                                        size=size)
        return cache

    def _make_list(self, screen: Screen) -> Widget:
        title, rows = self._list_rows(screen)
        self.title = title
        widget: Widget
        if screen.kind == "grid":
            tile = self.bar_height * 2.6
            cols = max(2, int(self.width // (tile * 1.5)))
            widget = BrowseGrid(data=rows, tile_height=tile, cols=cols)
        else:
            widget = BrowseList(data=rows, row_height=self.row_height)
        return widget

    # -- detail ------------------------------------------------------------------------
    def _make_detail(self, item: Item) -> BrowseDetail:
        detail, self._spare_detail = self._spare_detail, None
        if detail is None:
            detail = BrowseDetail(item=item, lang=self.lang,
                                  message=word("loading", self.lang))
        else:  # built ahead (see __init__)
            detail.lang = self.lang
            detail.message = word("loading", self.lang)
            detail.item = item
        detail.bind(on_play=lambda _d: self.toggle_video())
        if item.kind is Kind.IMAGE and item.path:
            zoom = ZoomImage(pos_hint={"x": 0, "y": 0})
            detail.zoom_image = zoom
            detail.ids.holder.add_widget(zoom)
            w, h = self._window_size()
            self._decode_panel(detail, item, (w, h), first=True)
        else:
            detail.is_video = item.kind is Kind.VIDEO
            detail.job = self._slide_preparer().prepare(
                item, (0.0, 0.0, 0.0), partial(self._slide_ready, detail),
                page_seconds=COMMENT_PAGE_SECONDS,
            )
        return detail

    def _window_size(self) -> tuple[int, int]:
        w, h = Window.size
        return max(1, int(w)), max(1, int(h))

    def _slide_preparer(self) -> Preparer:
        if self._preparer is None:
            self._preparer = Preparer(self.content_root, self._window_size,
                                      max_texture=self._texture_limit(), workers=1)
        return self._preparer

    def _texture_limit(self) -> int:
        if self._max_texture is None:
            self._max_texture = min(MAX_SHARP_SIDE, make_texture_limit())
        return self._max_texture

    def _slide_ready(self, detail: BrowseDetail, job: Job) -> None:
        if job is not detail.job:
            return
        detail.job = None
        if self._closed or detail is not self.detail or job.slide is None:
            if job.slide is not None:
                job.slide.release()
            if job.error:
                log.warning("Browse: %s", job.error)
                detail.message = word("cannot_show", self.lang)
            return
        slide = job.slide
        job.slide = None
        detail.slide = slide
        detail.message = ""
        slide.size_hint = (1, 1)
        slide.pos_hint = {"x": 0, "y": 0}
        detail.ids.holder.add_widget(slide)
        slide.on_shown()
        if isinstance(slide, VideoSlide):
            slide.bind(playing=detail.setter("playing"))
            detail.playing = slide.playing
        if isinstance(slide, CommentSlide):
            slide.bind(page_label=detail.setter("page_label"))

    def toggle_video(self) -> None:
        """The play/pause button of a video detail (a finished video starts again)."""
        detail = self.detail
        if detail is None or detail.item is None:
            return
        slide = detail.slide
        if isinstance(slide, VideoSlide) and not slide.ended:
            if slide.playing:
                slide.pause()
            else:
                slide.play()
            return
        if isinstance(slide, VideoSlide) and slide.ended:
            holder = detail.ids.holder
            holder.remove_widget(slide)
            slide.release()
            detail.slide = None
            detail.message = word("loading", self.lang)
            detail.job = self._slide_preparer().prepare(
                detail.item, (0.0, 0.0, 0.0), partial(self._slide_ready, detail))

    def _decode_panel(
        self, detail: BrowseDetail, item: Item, box: tuple[int, int], *, first: bool = False
    ) -> None:
        """Decode `item` to fit `box` in a worker; the detail shows it when ready."""
        limit = self._texture_limit()
        path = self.content_root / (item.path or "")
        detail.sharp_asked = box

        def work() -> None:
            try:
                img: DecodedImage | None = decode_image(path, box[0], box[1], limit)
                err = None
            except (ImageDecodeError, OSError) as e:
                img, err = None, str(e)
            Clock.schedule_once(lambda _dt: self._panel_ready(detail, img, err, first), 0)

        self._decoder().submit(work)

    def _decoder(self) -> ThreadPoolExecutor:
        """The worker decoding panels (for a detail, and sharper pixels on a zoom)."""
        if self._sharp_pool is None:
            # (nice, as the slide preparer's: Pillow decodes outside the GIL, and the
            # Kivy thread draws the frames meanwhile)
            self._sharp_pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="browse",
                                                  initializer=lower_priority)
        return self._sharp_pool

    def _panel_ready(
        self, detail: BrowseDetail, img: DecodedImage | None, err: str | None, first: bool
    ) -> None:
        zoom = detail.zoom_image
        if self._closed or zoom is None:
            return
        if img is None:
            log.warning("Browse: %s cannot be shown (%s)", detail.item.key, err)
            detail.message = word("cannot_show", self.lang)
            return
        current = zoom.texture
        if current is not None and current.width >= img.width:
            return  # a sharper one arrived first
        zoom.texture = texture_from_image(img)
        if first:
            zoom.native = [img.native_width, img.native_height]
            zoom.update_max_zoom()
        else:
            detail.sharp_loads += 1
        detail.message = ""

    def _maybe_sharpen(self, detail: BrowseDetail) -> None:
        """After a zoom: decode more pixels when the screen shows more than the texture."""
        zoom = detail.zoom_image
        if zoom is None or zoom.texture is None or detail.item is None:
            return
        shown_w = float(zoom.img_size[0])
        tex_w = float(zoom.texture.width)
        native_w = float(zoom.native[0])
        if shown_w <= tex_w * 1.05 or tex_w >= native_w:
            return
        want = fit_size(int(zoom.native[0]), int(zoom.native[1]),
                        math.ceil(zoom.img_size[0] * 1.25), math.ceil(zoom.img_size[1] * 1.25))
        if want[0] <= detail.sharp_asked[0] and detail.sharp_asked[0] > tex_w:
            return  # already asked for as many pixels
        self._decode_panel(detail, detail.item, want)

    # -- touches -------------------------------------------------------------------------
    def _touched(self) -> None:
        self._last_touch = Clock.get_time()
        if self.hint_visible:
            self.hint_visible = False

    def on_touch_down(self, touch: Any) -> bool:
        self._touched()
        if super().on_touch_down(touch):
            return True
        detail = self.detail
        if detail is not None and detail.collide_point(*touch.pos):
            self._detail_down(detail, touch)
        return True  # the stage underneath never sees a touch while browsing

    def on_touch_move(self, touch: Any) -> bool:
        self._touched()
        if touch.grab_current is self:
            self._detail_move(touch)
            return True
        super().on_touch_move(touch)
        return True

    def on_touch_up(self, touch: Any) -> bool:
        if touch.grab_current is self:
            touch.ungrab(self)
            self._detail_up(touch)
            return True
        super().on_touch_up(touch)
        return True

    def _detail_down(self, detail: BrowseDetail, touch: Any) -> None:
        touch.grab(self)
        g = self._gesture
        if g.get("detail") is not detail:
            g.clear()
            g.update(detail=detail, touches=[], pinch=None, zoomed=False, drag=0.0)
        g["touches"].append(touch)
        zoom = detail.zoom_image
        if getattr(touch, "is_double_tap", False) and zoom is not None and zoom.texture:
            target = 1.0 if zoom.zoomed else min(DOUBLE_TAP_ZOOM, float(zoom.max_zoom))
            if target != zoom.zoom:
                zoom.zoom_at(target, touch.pos)
                self.action("zoom", self.current_key)
                self._maybe_sharpen(detail)
            g["touches"].remove(touch)
            touch.ungrab(self)
            return
        if len(g["touches"]) == 2 and zoom is not None:
            a, b = g["touches"]
            g["pinch"] = (_distance(a.pos, b.pos), float(zoom.zoom), _mid(a.pos, b.pos))
            g["drag"] = 0.0
            self._set_drag(detail, 0.0)

    def _detail_move(self, touch: Any) -> None:
        g = self._gesture
        detail: BrowseDetail | None = g.get("detail")
        if detail is None or detail is not self.detail:
            return
        zoom = detail.zoom_image
        touches = g["touches"]
        if g.get("pinch") is not None and len(touches) >= 2 and zoom is not None:
            a, b = touches[0], touches[1]
            d0, z0, m0 = g["pinch"]
            d = _distance(a.pos, b.pos)
            if d0 > 0:
                m = _mid(a.pos, b.pos)
                zoom.zoom_at(z0 * d / d0, m)
                zoom.move_by(m[0] - m0[0], m[1] - m0[1])
                g["pinch"] = (d, float(zoom.zoom), m)
                g["zoomed"] = True
            return
        if len(touches) != 1 or touch is not touches[0]:
            return
        if zoom is not None and zoom.zoomed:
            zoom.move_by(touch.dx, touch.dy)
            return
        g["drag"] = touch.x - touch.ox
        self._set_drag(detail, g["drag"])

    def _detail_up(self, touch: Any) -> None:
        g = self._gesture
        detail: BrowseDetail | None = g.get("detail")
        if detail is None:
            return
        touches = g["touches"]
        if touch in touches:
            touches.remove(touch)
        if g.get("pinch") is not None:
            if len(touches) < 2:
                g["pinch"] = None
                if g.get("zoomed"):
                    g["zoomed"] = False
                    self.action("zoom", self.current_key)
                    self._maybe_sharpen(detail)
            return
        if touches:
            return
        drag = float(g.get("drag", 0.0))
        g["drag"] = 0.0
        if detail is not self.detail:
            return
        zoom = detail.zoom_image
        if zoom is not None and zoom.zoomed:
            return
        if abs(drag) > SWIPE_FRACTION * max(1.0, float(self.width)):
            self._set_drag(detail, 0.0)
            self.swipe(-1 if drag > 0 else +1)
            return
        self._set_drag(detail, 0.0)
        if abs(touch.x - touch.ox) < dp(10) and abs(touch.y - touch.oy) < dp(10):
            self._detail_tap(detail)

    def _set_drag(self, detail: BrowseDetail, dx: float) -> None:
        """The detail follows the finger during a swipe."""
        holder = detail.ids.holder
        holder.pos_hint = {"x": dx / max(1.0, float(detail.width)), "y": 0}

    def _detail_tap(self, detail: BrowseDetail) -> None:
        """A tap on a comment card turns its page."""
        slide = detail.slide
        if isinstance(slide, CommentSlide) and len(slide.pages) > 1:
            slide._show_page((int(slide.page) + 1) % len(slide.pages))

    # -- idle --------------------------------------------------------------------------
    def _check_idle(self, _dt: float) -> None:
        if self._closed:
            return
        now = Clock.get_time()
        detail = self.detail
        if detail is not None and isinstance(detail.slide, VideoSlide) and detail.slide.playing:
            self._last_touch = now  # watching a video is not walking away
        remaining = self.idle_timeout - (now - self._last_touch)
        if remaining <= 0:
            self.hint_visible = False
            self.action("timeout", self.current_key)
            self.close()
            return
        if remaining <= min(COUNTDOWN, self.idle_timeout / 2):
            self.hint = word("countdown", self.lang).format(n=math.ceil(remaining))
            self.hint_visible = True
        elif self.hint_visible:
            self.hint_visible = False
        self._collect_when_still(now)

    def _collect_when_still(self, now: float) -> None:
        """Free the screens the visitor has left while the screen is still.

        A screen's widgets hold each other (Kivy), so only a full garbage collection frees
        them; left to Python, it runs when its counters say so, in whatever frame that is
        (measured: 50-140 ms collections after a few lists, in a tap or a fling). Here it
        runs once the visitor has not touched for COLLECT_AFTER s and nothing moves (no
        kinetic scroll, no playing video)."""
        if not self._garbage or now - self._last_touch < COLLECT_AFTER:
            return
        detail = self.detail
        if detail is not None and isinstance(detail.slide, VideoSlide) and detail.slide.playing:
            return
        rv = getattr(self.current, "ids", {}).get("rv")
        if rv is not None and (abs(float(rv.effect_y.velocity)) > 1
                               or abs(float(rv.effect_x.velocity)) > 1):
            return
        self._garbage = 0
        gc.collect()


def _distance(a: Sequence[float], b: Sequence[float]) -> float:
    return math.hypot(a[0] - b[0], a[1] - b[1])


def _mid(a: Sequence[float], b: Sequence[float]) -> tuple[float, float]:
    return (a[0] + b[0]) / 2, (a[1] + b[1]) / 2

