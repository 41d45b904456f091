"""Browse mode's sizes and the home's arrangement (core.browse_layout), for the screens a
kiosk has: legible type, rows and tiles a fingertip hits, every tile inside the screen."""

from __future__ import annotations

import pytest

from renkei_kiosk.core.browse_layout import (
    MIN_ROW,
    SECTION_GAPS,
    browse_sizes,
    glyph_px,
    home_layout,
)
from renkei_kiosk.core.cardstyle import BODY_MIN, HEADING_MIN

SCREENS = [(1920, 1080), (1080, 1920), (1280, 720), (3840, 2160), (1366, 768)]


@pytest.mark.parametrize(("width", "height"), SCREENS)
def test_sizes_follow_the_legibility_rules_scaled_from_1080(width: int, height: int) -> None:
    s = browse_sizes(width, height)
    u = min(width, height) / 1080
    assert s.unit == pytest.approx(u)
    assert s.portrait == (height > width)
    assert s.row >= MIN_ROW * u - 0.5
    for body in (s.button_font, s.row_font, s.row_sub_font, s.tile_font):
        assert glyph_px(body) >= BODY_MIN * u
    for heading in (s.title_font, s.heading_font):
        assert glyph_px(heading) >= HEADING_MIN * u
    # a row holds its two lines; the bar its title (and in portrait the title's own row)
    assert s.row_font + s.row_sub_font <= s.row * 0.86
    assert s.title_font <= (s.bar - s.bar_row if s.portrait else s.bar) * 0.9
    # grids: about 440 px tiles, never fewer than 2 columns
    assert s.grid_cols == (4 if width == 1920 else 2 if width == 1080 else s.grid_cols)
    assert s.grid_cols >= 2


@pytest.mark.parametrize(("width", "height"), SCREENS)
@pytest.mark.parametrize(("kinds", "regions", "categories"),
                         [(3, 8, 3), (3, 9, 1), (1, 1, 0), (3, 9, 3), (2, 8, 4), (3, 3, 0)])
def test_home_tiles_fit_beside_or_below_the_map(width: int, height: int, kinds: int,
                                                regions: int, categories: int) -> None:
    s = browse_sizes(width, height)
    body_w, body_h = width, height - s.bar
    home = home_layout(body_w, body_h, s, kinds, regions, categories)
    mx, my, mw, mh = home.map
    tx, ty, tw, th = home.tiles
    for x, y, w, h in (home.map, home.tiles):  # inside the body
        assert x >= 0 and y >= 0 and x + w <= body_w + 0.5 and y + h <= body_h + 0.5
    if home.portrait:
        assert my >= ty + th and mw >= body_w * 0.9  # the map above, the whole width
    else:
        assert mx + mw <= tx and mh >= body_h * 0.85  # the map left, the whole height
    assert home.tile >= MIN_ROW * s.unit - 0.5
    # every tile's row and the titles fit in the tiles' box
    sections = (home.kinds, home.regions, home.categories)
    rows = sum(sec.rows for sec in sections)
    titles = sum(1 for sec in (home.regions, home.categories) if sec.count)
    grids = sum(1 for sec in sections if sec.count)
    used = rows * home.tile + titles * home.title + (rows - grids + SECTION_GAPS) * s.gap
    assert used <= th + 0.5
    assert home.kinds.rows <= 1 and home.categories.cols <= 2
    # a region tile is wide enough for 九州・沖縄 at the tiles' font
    assert tw / home.regions.cols - s.gap >= 5 * s.row_font
