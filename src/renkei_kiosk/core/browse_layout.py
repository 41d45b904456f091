"""Browse mode's sizes and the home's arrangement as values, for a screen of any size. Pure.

Browse is read from a step or two away, so its type follows the legibility rules of issue
11 (core.cardstyle: body glyphs at least `BODY_MIN` px and headings at least
`HEADING_MIN` px on a 1080-pixel screen, contrast at least 4.5:1), scaled like the cards
by the screen's shorter side (a panel turned to portrait keeps its pixel density, so its
type keeps its size). Font sizes here are em sizes: the bundled font's kanji are about
0.88 em tall, so each is set above its glyph-height minimum.

`browse_sizes` gives every size of the bar, lists and grids; `home_layout` places the map
and the tiles of the home: the map on the left and the tiles on the right in landscape,
the map above the tiles in portrait, tiles as large as the space allows.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

__all__ = [
    "GLYPH_EM",
    "MIN_ROW",
    "BrowseSizes",
    "HomeLayout",
    "TileSection",
    "browse_sizes",
    "glyph_px",
    "home_layout",
]

#: the height of the bundled font's kanji, in em
GLYPH_EM = 0.88
#: the shortest list row or tile (px at 1080), a fingertip's target with a thumbnail
MIN_ROW = 96.0
#: the em sizes (px at 1080) of browse's type: headings (the bar's title, the home's
#: section titles, a list's prefecture headings), texts (names, buttons), second lines
HEADING_EM = 68.0
TEXT_EM = 50.0
SMALL_EM = 44.0
#: the gaps between the parts of the home's column of tiles (home.kv)
SECTION_GAPS = 5
#: the screen's shorter side the figures are given for
REFERENCE = 1080.0


@dataclass(frozen=True, slots=True)
class BrowseSizes:
    """Every size of browse mode in pixels, for one screen."""

    #: px per px at 1080 (the screen's shorter side / 1080)
    unit: float
    portrait: bool
    #: the top bar's height, its row of buttons' (the bar's height in landscape; in
    #: portrait the title is on a row of its own below the buttons), its title's and its
    #: buttons' font sizes
    bar: float
    bar_row: float
    title_font: float
    button_font: float
    #: a heading's font size (the home's section titles, a list's prefecture headings)
    heading_font: float
    #: a list row: its height, its name's and its second line's font sizes
    row: float
    row_font: float
    row_sub_font: float
    #: a prefecture heading's row in a list
    heading_row: float
    #: a grid's tiles: columns, height, caption font
    grid_cols: int
    tile: float
    tile_font: float
    #: the margin around screens and the gap between tiles
    margin: float
    gap: float


def browse_sizes(width: float, height: float) -> BrowseSizes:
    """The sizes of browse mode on a `width` x `height` screen."""
    u = max(1.0, min(width, height)) / REFERENCE
    portrait = height > width
    margin, gap = 28 * u, 16 * u
    # a grid tile about 440 px wide at 1080: 4 columns on 1920, 2 on a portrait 1080
    cols = max(2, int((width - 2 * margin + gap) // (440 * u + gap)))
    return BrowseSizes(
        unit=u, portrait=portrait,
        bar=round((224 if portrait else 124) * u), bar_row=round(124 * u),
        title_font=HEADING_EM * u, button_font=SMALL_EM * u,
        heading_font=HEADING_EM * u,
        row=round(156 * u), row_font=TEXT_EM * u, row_sub_font=SMALL_EM * u,
        heading_row=round(104 * u),
        grid_cols=cols, tile=round(380 * u), tile_font=SMALL_EM * u,
        margin=margin, gap=gap,
    )


def glyph_px(font_size: float) -> float:
    """The height of a kanji drawn at `font_size` (em)."""
    return font_size * GLYPH_EM



@dataclass(frozen=True, slots=True)
class TileSection:
    """A group of tiles on the home (kinds, regions, categories)."""

    #: how many tiles, and in how many columns
    count: int
    cols: int

    @property
    def rows(self) -> int:
        return math.ceil(self.count / self.cols) if self.count else 0


@dataclass(frozen=True, slots=True)
class HomeLayout:
    """Where the home's parts go, in pixels within the body (x, y from the bottom left)."""

    portrait: bool
    #: (x, y, w, h) of the map, of the column (or band) of tiles
    map: tuple[float, float, float, float]
    tiles: tuple[float, float, float, float]
    kinds: TileSection
    regions: TileSection
    categories: TileSection
    #: the height of a tile and of a section's title
    tile: float
    title: float


def _fit(width: float, height: float, counts: tuple[int, int, int], u: float,
         title: float, gap: float) -> tuple[tuple[TileSection, ...], float]:
    """Columns for each section and the tile height that fill `width` x `height`: the
    fewest region columns (wider tiles) whose rows still fit at `MIN_ROW` (more regions
    and categories than fit are shown at `MIN_ROW`, the column then runs under the top
    bar: a dozen regions and categories fit on 1920x1080); the kinds in
    one row without a title (their names say what they are), the categories (long names)
    two to a row."""
    kinds, regions, categories = counts
    shown = sum(1 for c in counts if c)
    titled = sum(1 for c in (regions, categories) if c)
    # (the tiles' column: kinds, title, regions, title, categories, and the rest: five gaps)
    space = height - titled * title - gap * SECTION_GAPS
    # (a region's tile holds 5 characters, 九州・沖縄, at the tiles' font)
    widest = max(3, int((width + gap) // (5.6 * TEXT_EM * u + gap)))
    for cols in range(3, widest + 1):
        sections = (TileSection(kinds, max(1, kinds)), TileSection(regions, cols),
                    TileSection(categories, min(2, max(1, categories))))
        rows = sum(s.rows for s in sections)
        tile = min(150 * u, (space - gap * max(0, rows - shown)) / max(1, rows))
        if tile >= MIN_ROW * u:
            break
    return sections, max(tile, MIN_ROW * u)


def home_layout(width: float, height: float, sizes: BrowseSizes, kinds: int, regions: int,
                categories: int) -> HomeLayout:
    """The home on a body of `width` x `height` (below the bar) with that many kinds,
    regions and categories to show as tiles."""
    m = sizes.margin
    title = round(sizes.heading_font * 1.3)
    if height > width:  # portrait: the map above, the tiles below
        map_h = round(height * 0.45)
        map_box = (m, height - map_h, width - 2 * m, map_h - m / 2)
        tiles = (m, m / 2, width - 2 * m, height - map_h - m)
    else:  # landscape: the map on the left, the tiles on the right
        map_w = round(min(width * 0.46, height))
        map_box = (m, m, map_w - m, height - 2 * m)
        tiles = (map_w + m, m / 2, width - map_w - 2 * m, height - 1.5 * m)
    (k, r, c), tile = _fit(tiles[2], tiles[3], (kinds, regions, categories), sizes.unit,
                           title, sizes.gap)
    return HomeLayout(height > width, map_box, tiles, k, r, c, math.floor(tile), title)
