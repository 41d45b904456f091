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
from collections.abc import Callable
from dataclasses import dataclass

from renkei_kiosk.core.linebreak import FittedLines

__all__ = [
    "GLYPH_EM",
    "MIN_ROW",
    "BrowseSizes",
    "HomeLayout",
    "TileSection",
    "TileText",
    "browse_sizes",
    "glyph_px",
    "home_layout",
    "narrowest",
    "tile_text",
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
#: the smallest type a name on a tile shrinks to (px at 1080): kanji 36 px tall, the
#: legibility rule's floor for body text read from a few metres
FLOOR_EM = 41.0


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
    #: the smallest type a long name on a tile or button shrinks to
    floor_font: float = FLOOR_EM
    #: the strip under a detail's item (a comment card's page hint, the swipe hint)
    strip: float = 70.0


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
        margin=margin, gap=gap, floor_font=FLOOR_EM * u, strip=round(1.6 * SMALL_EM * u),
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
    #: the height the tiles take (at most the tiles' box unless `scroll`)
    content: float = 0.0
    #: more tiles than the box holds even at the smallest map: the tiles scroll
    scroll: bool = False


#: the narrowest tile of a region (px at 1080) when the caller does not measure its
#: names: 九州・沖縄 at the floor type, and padding
REGION_MIN_W = 5 * FLOOR_EM + 0.6 * SMALL_EM
#: the narrowest tile of a category: a long name (包括連携協定企業) then takes two lines
CATEGORY_MIN_W = 6 * FLOOR_EM + 0.6 * SMALL_EM
#: the map's share of the body (of its width in landscape, of its height in portrait),
#: tried from the largest down until every tile fits beside (or below) it
MAP_SHARES = (0.46, 0.40, 0.34, 0.28)
PORTRAIT_MAP_SHARES = (0.45, 0.38, 0.31, 0.25)


def _needed(sections: tuple[TileSection, ...], tile: float, title: float, gap: float) -> float:
    """The height of the tiles' column: kinds, title, regions, title, categories, gaps."""
    rows = sum(sec.rows for sec in sections)
    shown = sum(1 for sec in sections if sec.count)
    titled = sum(1 for sec in sections[1:] if sec.count)
    return rows * tile + titled * title + gap * (SECTION_GAPS + max(0, rows - shown))


def _fit(width: float, height: float, counts: tuple[int, int, int], u: float,
         title: float, gap: float, min_w: tuple[float, float],
         ) -> tuple[tuple[TileSection, ...], float, bool]:
    """Columns for each section and the tile height that fill `width` x `height`: the
    fewest region columns (wider tiles), then the fewest category columns (two to a row
    at least: long names), whose rows still fit at `MIN_ROW`; the kinds in one row
    without a title (their names say what they are). The third value is False when even
    the most columns (tiles no narrower than `min_w`: a region's, a category's, in px)
    do not fit: the tiles are then `MIN_ROW` high, the most columns."""
    kinds, regions, categories = counts

    def most(narrowest: float, least: int) -> int:
        return max(least, int((width + gap) // (narrowest + gap)))

    best: tuple[tuple[TileSection, ...], float] | None = None
    for rcols in range(3, most(min_w[0], 3) + 1):
        for ccols in range(2, most(min_w[1], 2) + 1):
            sections = (TileSection(kinds, max(1, kinds)), TileSection(regions, rcols),
                        TileSection(categories, min(ccols, max(1, categories))))
            rows = sum(sec.rows for sec in sections)
            rest = height - _needed(sections, 0.0, title, gap)
            tile = min(150 * u, rest / max(1, rows))
            if tile >= MIN_ROW * u:
                return sections, tile, True
            best = (sections, MIN_ROW * u)
    assert best is not None
    return best[0], best[1], False


def home_layout(width: float, height: float, sizes: BrowseSizes, kinds: int, regions: int,
                categories: int, region_min_w: float | None = None,
                category_min_w: float | None = None) -> HomeLayout:
    """The home on a body of `width` x `height` (below the bar) with that many kinds,
    regions and categories to show as tiles: the largest map (of `MAP_SHARES`) beside
    which, or below which in portrait, every tile fits, no narrower than the names need
    (`region_min_w`, `category_min_w` px: the caller measures them, see `narrowest`);
    with more tiles than fit beside the smallest map, that map and tiles that scroll."""
    m = sizes.margin
    u = sizes.unit
    min_w = (max(region_min_w or 0.0, REGION_MIN_W * u),
             max(category_min_w or 0.0, CATEGORY_MIN_W * u))
    title = round(sizes.heading_font * 1.3)
    counts = (kinds, regions, categories)
    portrait = height > width
    last: HomeLayout | None = None
    for share in PORTRAIT_MAP_SHARES if portrait else MAP_SHARES:
        if portrait:  # the map above, the tiles below
            map_h = round(height * share)
            map_box = (m, height - map_h, width - 2 * m, map_h - m / 2)
            tiles = (m, m / 2, width - 2 * m, height - map_h - m)
        else:  # the map on the left, the tiles on the right
            map_w = round(min(width * share, height))
            map_box = (m, m, map_w - m, height - 2 * m)
            tiles = (map_w + m, m / 2, width - map_w - 2 * m, height - 1.5 * m)
        (k, r, c), tile, fits = _fit(tiles[2], tiles[3], counts, u, title, sizes.gap,
                                     min_w)
        tile = math.floor(tile)
        content = _needed((k, r, c), tile, title, sizes.gap)
        layout = HomeLayout(portrait, map_box, tiles, k, r, c, tile, title,
                            content=min(content, tiles[3]) if fits else content,
                            scroll=not fits)
        if fits:
            return layout
        last = layout
    assert last is not None
    return last


@dataclass(frozen=True, slots=True)
class TileText:
    """A tile's name laid out with its count (the second line of a home tile)."""

    #: the name's lines and font size
    lines: tuple[str, ...]
    size: float
    #: the count at the right of the name instead of below it (a name of two lines)
    count_beside: bool
    #: True when even the smallest type did not fit: the last line ends with "…"
    shortened: bool


def tile_text(fit: Callable[[float, float], FittedLines], width: float, height: float,
              count_w: float, count_h: float) -> TileText:
    """Where a tile's name and count go in its `width` x `height` (inside its padding).

    `fit(w, h)` lays the name out in a w x h box (core.linebreak.fit_lines: the largest
    type down to the floor, as many lines as the box holds). The count (`count_w` x
    `count_h`; 0 x 0 without one) goes below the name when the name fits the height left
    above it: a short name on one line, its count under it. A name that would not fit
    there (an English "Kyushu & Okinawa") takes the whole height in two lines, the
    count beside it at the right.
    """
    below = fit(width, max(1.0, height - count_h))
    if not below.shortened or count_w <= 0:
        return TileText(below.lines, below.size, False, below.shortened)
    beside = fit(max(1.0, width - count_w), height)
    if beside.shortened and beside.size <= below.size:
        return TileText(below.lines, below.size, False, below.shortened)
    return TileText(beside.lines, beside.size, True, beside.shortened)


def narrowest(fits: Callable[[float], bool], lo: float, hi: float, within: float = 4.0) -> float:
    """The smallest width in [lo, hi] at which `fits(width)` holds (it holds for every
    wider one), to `within` px; `hi` when it never does. For a tile's name: the width
    at which it is laid out whole (`tile_text` not shortened)."""
    if not fits(hi):
        return hi
    if fits(lo):
        return lo
    while hi - lo > within:
        mid = (lo + hi) / 2
        if fits(mid):
            hi = mid
        else:
            lo = mid
    return hi
