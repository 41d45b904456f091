"""The widgets of each browse screen (core.browse_nav), built for one browse view with the
caches its screens share: the thumbnails of tiles and rows, the detail loader, and a
detail built ahead of the visitor.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from kivy.uix.widget import Widget

from renkei_kiosk.core.browse_nav import Detail, Home, Screen, page
from renkei_kiosk.core.words import text
from renkei_kiosk.media.thumbs import ThumbCache
from renkei_kiosk.ui.bridge import to_kivy
from renkei_kiosk.ui.browse.detail import BrowseDetail
from renkei_kiosk.ui.browse.home import BrowseHome
from renkei_kiosk.ui.browse.lists import (
    BrowseGrid,
    BrowseList,
    list_title,
    row_thumb_box,
    rows_data,
)
from renkei_kiosk.ui.browse.loader import DetailLoader

if TYPE_CHECKING:
    from renkei_kiosk.ui.browse.view import BrowseView

__all__ = ["ScreenMaker"]


class ScreenMaker:
    """Builds a view's screens: `make(screen)` gives the widget and the bar's title."""

    def __init__(self, view: BrowseView, content_root: Path, state_dir: Path) -> None:
        self._view = view
        self.content_root = content_root
        self.state_dir = state_dir
        #: thumbnails for grid tiles; list rows have theirs made at their own size
        self.thumbs = ThumbCache(content_root, state_dir, deliver=to_kivy)
        self._row_thumbs: dict[tuple[int, int], ThumbCache] = {}
        self.loader = DetailLoader(content_root, view.detail_size,
                                   lambda: float(view.sizes.unit))
        #: a detail built (and drawn by the view's `prerender`) ahead of a visitor
        self.prebuilt: BrowseDetail | None = None

    def prebuild(self) -> BrowseDetail:
        """A detail built ahead of a visitor, who almost always lands on one: its widgets
        exist (so `prerender` makes its label textures) and the decoder's thread runs."""
        self.prebuilt = BrowseDetail(lang=self._view.lang,
                                     message=text("browse_loading", self._view.lang))
        self.loader.warm()
        return self.prebuilt

    def row_thumbs(self) -> ThumbCache:
        """The thumbnails of list rows, made at the size a row shows them: drawn pixel for
        pixel, they cost software GL far less than a larger one scaled down each frame."""
        size = row_thumb_box(self._view.row_height)
        cache = self._row_thumbs.get(size)
        if cache is None:
            cache = self._row_thumbs[size] = ThumbCache(self.content_root, self.state_dir,
                                                        size=size, deliver=to_kivy)
        return cache

    def make(self, screen: Screen) -> tuple[Widget, str]:
        """The widget of `screen` and the bar's title over it."""
        view = self._view
        if isinstance(screen, Home):
            return self._home(), text("browse_browse", view.lang)
        if isinstance(screen, Detail):
            return self.detail(screen), ""
        shown = page(view.catalogue, screen, view.lang)
        thumbs = self.thumbs if shown.tiles else self.row_thumbs()
        rows = rows_data(shown, view.lang, thumbs, view.open, view.sizes.heading_row)
        widget: Widget
        sizes = view.sizes
        if shown.tiles:
            widget = BrowseGrid(data=rows, tile_height=sizes.tile, cols=sizes.grid_cols,
                                margin=sizes.margin, gap=sizes.gap)
        else:
            widget = BrowseList(data=rows, row_height=sizes.row,
                                heading_height=sizes.heading_row, margin=sizes.margin,
                                gap=sizes.gap / 2)
        return widget, list_title(shown, view.lang)

    def detail(self, screen: Detail) -> BrowseDetail:
        """The detail of `screen`'s item (the one built ahead, when there is one)."""
        detail, self.prebuilt = self.prebuilt, None
        if detail is None:
            detail = BrowseDetail(lang=self._view.lang)
        else:
            detail.lang = self._view.lang
        detail.text_font = self._view.sizes.button_font
        detail.strip = self._view.sizes.strip
        detail.show(screen.item, self.loader)
        return detail

    def _home(self) -> BrowseHome:
        view = self._view
        home = BrowseHome(lang=view.lang, sizes=view.sizes)
        open_prefecture: Callable[[int], None] = view.open_prefecture
        home.fill(view.catalogue, view.open, open_prefecture)
        return home

    def shutdown(self) -> None:
        """Stop every worker (thumbnails, decoders); pending work is dropped."""
        self.loader.shutdown()
        self.thumbs.shutdown()
        for cache in self._row_thumbs.values():
            cache.shutdown()
