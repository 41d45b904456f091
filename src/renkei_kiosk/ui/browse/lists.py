"""Browse mode's lists and grids: RecycleViews whose rows and tiles show a thumbnail that
arrives later, and the rows a list screen's page (core.browse_nav.page) becomes. Layout
in lists.kv beside this file.

Rows draw themselves with a few canvas instructions and texts from softgl.TEXTS (a list
moves many rows a frame, and software GL pays for every draw).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from kivy.graphics import Color, Rectangle
from kivy.lang import Builder
from kivy.metrics import dp
from kivy.properties import (
    BooleanProperty,
    ListProperty,
    NumericProperty,
    ObjectProperty,
    StringProperty,
)
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.floatlayout import FloatLayout
from kivy.uix.recycleview.views import RecycleDataViewBehavior
from kivy.uix.widget import Widget

from renkei_kiosk.core.browse_nav import (
    HeadingRow,
    ItemRow,
    Page,
    PlaceRow,
    Screen,
    detail_of,
    item_subtitle,
    item_title,
    pref_label,
    thumb_source,
)
from renkei_kiosk.media.thumbs import ThumbCache
from renkei_kiosk.ui.browse import softgl  # noqa: F401 - BrowseScroll for lists.kv
from renkei_kiosk.ui.browse.buttons import PRESSED_RGBA
from renkei_kiosk.ui.browse.softgl import TEXTS, draw_at, pixel_exact
from renkei_kiosk.ui.browse.words import count, section_name
from renkei_kiosk.ui.fonts import fontset
from renkei_kiosk.ui.wrapped import WrappedLabel  # noqa: F401 - the tiles' captions

__all__ = [
    "BrowseGrid",
    "BrowseHeader",
    "BrowseList",
    "BrowseRow",
    "BrowseTile",
    "list_title",
    "row_thumb_box",
    "rows_data",
]

Builder.load_file(str(Path(__file__).with_suffix(".kv")))

#: colour of the square a list row shows when it has no thumbnail
BADGE_RGBA = (0.24, 0.28, 0.38, 1.0)
#: colours of a list's subtitles, initials (rows without a thumbnail) and headings
SUBTITLE_RGBA = (0.75, 0.8, 0.9, 1.0)
BADGE_TEXT_RGBA = (0.9, 0.92, 1.0, 1.0)
HEADER_RGBA = (1.0, 0.85, 0.55, 1.0)
#: a list row's padding (x, y) and the gap between its thumbnail and its texts, and its
#: texts' font sizes, as shares of its height (156 px at 1080: core.browse_layout)
ROW_PADDING = (0.1, 0.07)
ROW_GAP = 0.12
ROW_TITLE = 50 / 156
ROW_SUB = 44 / 156
#: a prefecture heading's font size, as a share of its row's height (104 px at 1080)
HEADING_FONT = 68 / 104


def list_title(page: Page, lang: str) -> str:
    """The top bar's title for a list screen."""
    if page.section is not None:
        return section_name(page.section, lang)
    if page.count is None:
        return fontset().markup(page.place)
    return fontset().markup(page.place + "　" + count(page.count, lang))


def rows_data(
    page: Page, lang: str, thumbs: ThumbCache, open_screen: Callable[[Screen], None],
    heading_height: float | None = None,
) -> list[dict[str, Any]]:
    """The RecycleView data of a list or grid screen: rows open their screen through
    `open_screen`, thumbnails come from `thumbs`; headings `heading_height` tall (else a
    row's height)."""
    fonts = fontset()
    viewclass = "BrowseTile" if page.tiles else "BrowseRow"
    rows: list[dict[str, Any]] = []
    for row in page.rows:
        if isinstance(row, ItemRow):
            item = row.item
            rel, video = thumb_source(item)
            name = item_title(item)
            title, rich_title = fonts.label(name)
            subtitle, rich_sub = fonts.label(item_subtitle(item, lang))
            badge, rich_badge = ("", False) if rel else fonts.label(name[:1])
            rows.append({
                "viewclass": viewclass,
                "title": title,
                "name": name,
                "subtitle": subtitle,
                "badge": badge,
                # plain labels unless a fallback font is needed: much faster to draw
                "rich": rich_title or rich_sub or rich_badge,
                "thumb_rel": rel,
                "thumb_video": video,
                "thumbs": thumbs,
                "action": (lambda r=row: open_screen(detail_of(r.items, r.index))),
            })
        elif isinstance(row, HeadingRow):
            heading, rich = fonts.label(pref_label(row.group, lang) + "　"
                                        + count(len(row.group.items), lang))
            header: dict[str, Any] = {"viewclass": "BrowseHeader", "title": heading,
                                      "rich": rich}
            if heading_height is not None:
                header["height"] = heading_height
            rows.append(header)
        elif isinstance(row, PlaceRow):
            rows.append({
                "viewclass": "BrowseRow",
                "title": fonts.markup(pref_label(row.group, lang)),
                "subtitle": count(len(row.group.items), lang),
                "badge": fonts.markup(row.group.name[:1]),
                "rich": True,
                "thumb_rel": None, "thumb_video": False, "thumbs": None,
                "action": (lambda s=row.opens: open_screen(s)),
            })
    return rows


class ThumbSlot:
    """The file a recycled row or tile shows a thumbnail of: a thumbnail made later goes
    to the view only if it still shows that file by then."""

    __slots__ = ("rel",)

    def __init__(self) -> None:
        self.rel: str | None = None

    def request(self, data: dict[str, Any], deliver: Callable[[Any], None]) -> Any:
        """The view now shows `data`: its thumbnail texture if ready (else None); one
        made later goes to `deliver`."""
        rel = data.get("thumb_rel")
        self.rel = rel
        thumbs: ThumbCache | None = data.get("thumbs")
        if thumbs is None or not rel:
            return None

        def ready(tex: Any) -> None:
            if self.rel == rel:
                deliver(tex)

        return thumbs.get(rel, ready, video=bool(data.get("thumb_video")))


class BrowseTile(RecycleDataViewBehavior, ButtonBehavior, BoxLayout):  # type: ignore[misc]
    """One tile of a grid (panels, videos): a large thumbnail and a caption."""

    #: a finger is on it (shown at once: the list's own touch handling hands the touch
    #: on only once it is sure the finger does not scroll)
    lit = BooleanProperty(False)

    title = StringProperty("")
    #: the item's name, plain: the caption (ui.wrapped.WrappedLabel: two lines, shrunk
    #: to the floor size before it is cut short)
    name = StringProperty("")
    subtitle = StringProperty("")
    badge = StringProperty("")
    #: whether title, subtitle and badge are Kivy markup (fallback fonts) or plain text
    rich = BooleanProperty(True)
    thumb = ObjectProperty(None, allownone=True)
    #: 1 once the thumbnail texture is there, else 0 (the badge shows instead)
    thumb_alpha = NumericProperty(0.0)
    #: the size of the pressed colour drawn behind the tile: its own under a finger, else
    #: none (a tile is otherwise flat on the view's background: no pixels to fill)
    pressed_size = ListProperty([0, 0])
    pressed_rgba = ListProperty(PRESSED_RGBA)
    action = ObjectProperty(None, allownone=True)

    def __init__(self, **kwargs: Any) -> None:
        self.slot = ThumbSlot()
        super().__init__(**kwargs)
        self.bind(state=self._paint, lit=self._paint, size=self._paint)

    def _paint(self, *_a: Any) -> None:
        pressed = self.state == "down" or self.lit
        self.pressed_size = list(self.size) if pressed else [0, 0]

    def on_thumb(self, _w: Any, tex: Any) -> None:
        self.thumb_alpha = 0.0 if tex is None else 1.0

    def refresh_view_attrs(self, rv: Any, index: int, data: dict[str, Any]) -> Any:
        self.lit = False
        self.thumb = self.slot.request(data, lambda t: setattr(self, "thumb", t))
        return super().refresh_view_attrs(rv, index, data)

    def on_release(self) -> None:
        if self.action is not None:
            self.action()


class BrowseRow(RecycleDataViewBehavior, ButtonBehavior, Widget):  # type: ignore[misc]
    """One row of a list: thumbnail (or the name's first character), title, subtitle.

    Drawn with a few canvas instructions and no child widgets (a list moves many rows a
    frame), only those it needs (software GL pays for every draw, even an empty one):
    the texts come from TEXTS; the row is flat on the view's background (a filled row
    costs software GL a row of pixels a frame) and takes the pressed colour while a finger
    is on it.
    """

    #: a finger is on it (see BrowseTile.lit)
    lit = BooleanProperty(False)

    def __init__(self, **kwargs: Any) -> None:
        self.slot = ThumbSlot()
        self._data: dict[str, Any] = {}
        self._thumb_tex: Any = None
        self._drawn: tuple[Any, ...] = ()
        self._drawn_for: dict[str, Any] | None = None
        super().__init__(**kwargs)
        self.bind(pos=self._layout, size=self._layout, state=self._layout, lit=self._layout)

    @property
    def title(self) -> str:
        return str(self._data.get("title", ""))

    def refresh_view_attrs(self, rv: Any, index: int, data: dict[str, Any]) -> Any:
        self._data = data
        self.lit = False
        self._thumb_tex = self.slot.request(data, self._thumb_arrived)
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
        pressed = self.state == "down" or self.lit
        state = (x, y, w, h, pressed, thumb)
        if (data is self._drawn_for and state == self._drawn) or w <= 1 or h <= 1:
            return
        self._drawn, self._drawn_for = state, data
        pad_x, pad_y = ROW_PADDING[0] * h, ROW_PADDING[1] * h
        box_w, box_h = row_thumb_box(h)
        bx, by = x + pad_x, y + pad_y
        rich = bool(data.get("rich", True))
        tx = bx + box_w + ROW_GAP * h
        text_w = x + w - pad_x - tx
        half = box_h / 2
        title = TEXTS.get(str(data.get("title", "")), h * ROW_TITLE, text_w, rich)
        sub = TEXTS.get(str(data.get("subtitle", "")), h * ROW_SUB, text_w, rich,
                        SUBTITLE_RGBA)
        both = None
        if title is not None and sub is not None and max(title.width, sub.width) < text_w:
            both = TEXTS.get_lines(str(data["title"]), h * ROW_TITLE, str(data["subtitle"]),
                                   h * ROW_SUB, rich, SUBTITLE_RGBA)
        canvas = self.canvas
        canvas.clear()
        with canvas:
            if pressed:
                Color(*PRESSED_RGBA)
                Rectangle(pos=(x, y), size=(w, h))
            if thumb is None:
                Color(*BADGE_RGBA)
                Rectangle(pos=(bx, by), size=(box_w, box_h))
                badge = TEXTS.get(str(data.get("badge", "")), box_h * 0.55, box_w, rich,
                                  BADGE_TEXT_RGBA)
                if badge is not None:
                    draw_at(badge, bx + (box_w - badge.width) / 2,
                            by + (box_h - badge.height) / 2)
            Color(1, 1, 1, 1)
            if thumb is not None:
                tw, th = float(thumb.width), float(thumb.height)
                if (tw > box_w + 0.5 or th > box_h + 0.5
                        or (tw < box_w - 0.5 and th < box_h - 0.5)):
                    tw, th = _contain(thumb.size, (box_w, box_h))
                elif thumb.mag_filter != "nearest":
                    pixel_exact(thumb)
                # (a thumbnail made for the box is drawn pixel for pixel, on whole pixels)
                Rectangle(texture=thumb, size=(tw, th),
                          pos=(round(bx + (box_w - tw) / 2), round(by + (box_h - th) / 2)))
            if both is not None:  # (one draw for the two lines)
                draw_at(both, tx, by + (box_h - both.height) / 2)
                return
            if title is not None:
                draw_at(title, tx, by + half + (half - title.height) / 2)
            if sub is not None:
                draw_at(sub, tx, by + half - sub.height)


def row_thumb_box(row_height: float) -> tuple[int, int]:
    """The (width, height) in pixels of a list row's thumbnail."""
    h = max(1, round(row_height * (1 - 2 * ROW_PADDING[1])))
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
        pad = h * ROW_PADDING[0]
        tex = TEXTS.get(self.title, h * HEADING_FONT, w - 2 * pad,
                        bool(self._data.get("rich", True)), HEADER_RGBA)
        self.canvas.clear()
        if tex is not None:
            with self.canvas:
                Color(1, 1, 1, 1)
                draw_at(tex, x + pad, y + (h - tex.height) * 0.35)


class BrowseList(FloatLayout):  # type: ignore[misc]
    """A scrolling list (RecycleView) of rows."""

    data = ListProperty([])
    row_height = NumericProperty(dp(80))
    heading_height = NumericProperty(dp(60))
    margin = NumericProperty(dp(12))
    gap = NumericProperty(dp(6))


class BrowseGrid(FloatLayout):  # type: ignore[misc]
    """A scrolling grid (RecycleView) of tiles."""

    data = ListProperty([])
    tile_height = NumericProperty(dp(160))
    cols = NumericProperty(3)
    margin = NumericProperty(dp(12))
    gap = NumericProperty(dp(10))
