"""The browse home, over the whole screen: a large map of Japan, and tiles for the kinds
(panels, comments, videos), the regions and the categories. The map is on the left and
the tiles on the right in landscape, the map above the tiles in portrait; where each part
goes and how large the tiles are is core.browse_layout.home_layout. Layout in home.kv
beside this file.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from kivy.lang import Builder
from kivy.properties import ListProperty, NumericProperty, ObjectProperty, StringProperty
from kivy.uix.floatlayout import FloatLayout
from kivy.uix.scrollview import ScrollView

from renkei_kiosk.core.browse_layout import (
    CATEGORY_MIN_W,
    MIN_ROW,
    REGION_MIN_W,
    BrowseSizes,
    HomeLayout,
    browse_sizes,
    home_layout,
)
from renkei_kiosk.core.browse_nav import (
    CategoryList,
    CommentList,
    Grid,
    RegionList,
    Screen,
    Section,
    region_label,
)
from renkei_kiosk.core.cardstyle import region_colour
from renkei_kiosk.core.catalogue import Catalogue
from renkei_kiosk.core.words import text
from renkei_kiosk.ui.browse.buttons import BigButton, tile_width_needed
from renkei_kiosk.ui.browse.words import count, section_name
from renkei_kiosk.ui.japan_map import JapanMap
from renkei_kiosk.ui.wrapped import WrappedLabel  # noqa: F401 - the map's title

__all__ = ["BrowseHome"]

Builder.load_file(str(Path(__file__).with_suffix(".kv")))

#: colours of the tiles of the kinds and of the categories (white text on each: > 7:1);
#: a region's tile has the region's colour of the comment cards (core.cardstyle)
KIND_RGBA = [0.16, 0.22, 0.36, 1]
CATEGORY_RGBA = [0.30, 0.22, 0.42, 1]


class BrowseHome(FloatLayout):  # type: ignore[misc]
    """The browse home: the map, and the tiles of the kinds, regions and categories."""

    lang = StringProperty("ja")
    map_title = StringProperty("")
    regions_title = StringProperty("")
    categories_title = StringProperty("")
    sizes: BrowseSizes = ObjectProperty(browse_sizes(1920, 1080), rebind=True)
    #: where the parts go (core.browse_layout), for the home's size
    layout: HomeLayout = ObjectProperty(None, allownone=True)
    #: (x, y, w, h) of the map and of the tiles, relative to the home
    map_box = ListProperty([0, 0, 1, 1])
    tiles_box = ListProperty([0, 0, 1, 1])
    tile_height = NumericProperty(100)
    title_height = NumericProperty(80)
    #: the categories' title: as the others, or none without categories
    categories_title_height = NumericProperty(0)
    region_cols = NumericProperty(3)
    category_cols = NumericProperty(2)
    kind_cols = NumericProperty(3)

    def __init__(self, **kwargs: Any) -> None:
        self._counts = (0, 0, 0)
        #: the narrowest region and category tiles whose names show whole (px)
        self._min_w: tuple[float | None, float | None] = (None, None)
        #: the scroll view the column of tiles is in when they do not all fit
        self._scroll: ScrollView | None = None
        super().__init__(**kwargs)
        self.bind(size=self._lay_out, sizes=self._lay_out, pos=self._place)

    @property
    def tiles(self) -> list[BigButton]:
        """Every tile of the home (kinds, regions, categories), top row first."""
        out: list[BigButton] = []
        for grid in (self.ids.kinds, self.ids.regions, self.ids.categories):
            out.extend(reversed(grid.children))
        return out

    @property
    def scrolls(self) -> bool:
        """True when the tiles scroll (more than fit beside the smallest map)."""
        return self._scroll is not None

    def fill(self, catalogue: Catalogue, open_screen: Callable[[Screen], None],
             open_prefecture: Callable[[int], None]) -> None:
        """The map's highlighted prefectures and a tile for each kind, region and category
        of `catalogue`, in `lang`; a tap opens its screen."""
        lang, sizes = self.lang, self.sizes
        self.map_title = text("browse_map", lang)
        self.regions_title = text("browse_regions", lang)
        self.categories_title = text("browse_categories", lang) if catalogue.categories else ""
        jmap: JapanMap = self.ids.map
        jmap.highlighted = sorted(catalogue.codes)
        jmap.bind(on_prefecture=lambda _w, code: open_prefecture(code))

        def tile(label: str, n: int, screen: Screen, bg: list[float], box: Any) -> None:
            btn = BigButton(text=label, sub=count(n, lang), bg=bg,
                            font_size=sizes.row_font, sub_font=sizes.row_sub_font,
                            floor_font=sizes.floor_font)
            btn.bind(on_release=lambda _b: open_screen(screen))
            box.add_widget(btn)

        sections: tuple[tuple[Section, Screen, int], ...] = (
            (Section.PANELS, Grid(Section.PANELS), len(catalogue.panels)),
            (Section.COMMENTS, CommentList(), len(catalogue.comments)),
            (Section.VIDEOS, Grid(Section.VIDEOS), len(catalogue.videos)),
        )
        kinds = 0
        for section, screen, n in sections:
            if n:
                kinds += 1
                tile(section_name(section, lang), n, screen, KIND_RGBA, self.ids.kinds)
        for group in catalogue.regions:
            tile(region_label(group, lang), len(group.items),
                 RegionList(group.name), [*region_colour(group.name), 1], self.ids.regions)
        for category in catalogue.categories:
            tile(category.name, len(category.items),
                 CategoryList(category.name), CATEGORY_RGBA, self.ids.categories)
        self._counts = (kinds, len(catalogue.regions), len(catalogue.categories))
        u = self.sizes.unit
        self._min_w = (self._widest_need(self.ids.regions, REGION_MIN_W * u),
                       self._widest_need(self.ids.categories, CATEGORY_MIN_W * u))
        self._lay_out()

    def _widest_need(self, grid: Any, least: float) -> float:
        """The narrowest tile (`least` at least) in which every name of `grid` shows
        whole (measured)."""
        s = self.sizes
        need = least
        for tile in grid.children:
            need = max(need, tile_width_needed(tile.text, tile.sub, MIN_ROW * s.unit,
                                               s.row_font, s.row_sub_font, s.floor_font,
                                               least, 900 * s.unit))
        return need

    def _lay_out(self, *_a: Any) -> None:
        if self.width <= 1 or self.height <= 1:
            return
        layout = home_layout(float(self.width), float(self.height), self.sizes,
                             *self._counts, *self._min_w)
        if layout == self.layout:
            return
        self.layout = layout
        self.map_box = list(layout.map)
        self.tiles_box = list(layout.tiles)
        self.tile_height = layout.tile
        self.title_height = layout.title
        self.categories_title_height = layout.title if layout.categories.count else 0
        self.kind_cols = layout.kinds.cols
        self.region_cols = layout.regions.cols
        self.category_cols = layout.categories.cols
        self._place()

    def _place(self, *_a: Any) -> None:
        """Put the column of tiles in its box, in a scroll view when the layout says so."""
        layout = self.layout
        if layout is None:
            return
        column = self.ids.column
        x, y, w, h = layout.tiles
        if layout.scroll:
            if self._scroll is None:
                self._scroll = ScrollView(do_scroll_x=False, size_hint=(None, None),
                                          bar_width=self.sizes.gap / 2)
                column.parent.remove_widget(column)
                self._scroll.add_widget(column)
                self.add_widget(self._scroll)
            self._scroll.pos = (self.x + x, self.y + y)
            self._scroll.size = (w, h)
            column.size = (w, layout.content)
            return
        if self._scroll is not None:
            self._scroll.remove_widget(column)
            self.remove_widget(self._scroll)
            self._scroll = None
            self.add_widget(column)
        column.pos = (self.x + x, self.y + y)
        column.size = (w, h)
