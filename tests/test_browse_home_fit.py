"""The browse home holds every tile, whole: names that shrink to a floor size readable
from a few metres or take two lines (never cut short: "Comments", "Kyushu & Okinawa"
in English), and a home of 12 regions and 4 categories with every tile inside the
screen at 1920x1080 and 1080x1920. Pure rules first (core.browse_layout,
core.linebreak), then the home drawn at each size."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from renkei_kiosk.core.browse_layout import (
    MIN_ROW,
    browse_sizes,
    home_layout,
    tile_text,
)
from renkei_kiosk.core.catalogue import REGIONS, build_catalogue
from renkei_kiosk.core.linebreak import FittedLines, fit_lines
from renkei_kiosk.core.model import CommentCard, Item, Kind

SIZES = [pytest.param((1920, 1080), id="landscape"), pytest.param((1080, 1920), id="portrait")]


# -- pure ---------------------------------------------------------------------------------
def _fake_fit(limit: float):  # type: ignore[no-untyped-def]
    """A name that fits on one line only wider than `limit`, else in two lines."""

    def fit(w: float, h: float) -> FittedLines:
        if w >= limit:
            return FittedLines(40.0, ("Kyushu & Okinawa",), False)
        if h >= 80:
            return FittedLines(41.0, ("Kyushu &", "Okinawa"), False)
        return FittedLines(41.0, ("Kyushu &…",), True)

    return fit


def test_a_name_that_fits_has_its_count_below() -> None:
    laid = tile_text(_fake_fit(200), 290, 92, 50, 46)
    assert laid == tile_text(_fake_fit(200), 290, 92, 50, 46)
    assert (laid.lines, laid.count_beside, laid.shortened) == (("Kyushu & Okinawa",), False,
                                                               False)


def test_a_long_name_takes_two_lines_with_its_count_beside() -> None:
    laid = tile_text(_fake_fit(400), 290, 92, 50, 46)
    assert (laid.lines, laid.count_beside, laid.shortened) == (("Kyushu &", "Okinawa"),
                                                               True, False)


def test_without_a_count_the_name_has_the_whole_tile() -> None:
    laid = tile_text(_fake_fit(400), 290, 92, 0, 0)
    assert laid.lines == ("Kyushu &", "Okinawa") and not laid.count_beside


def _mono(size: float):  # type: ignore[no-untyped-def]
    return lambda t: len(t) * size * 0.5


def test_fit_lines_shrinks_before_it_cuts_a_word_in_two() -> None:
    # "01_shinjuku_sample" (18 chars) is 9 em: at 50 px 450 px, at 44 px 396 px
    fitted = fit_lines("01_shinjuku_sample", 420, [50, 47, 44, 41], _mono, lambda t: [t],
                       height=110, line_height=1.05)
    assert fitted.lines == ("01_shinjuku_sample",) and fitted.size == 44


def test_a_word_wider_than_any_size_is_cut_after_its_underscore() -> None:
    # (24 chars: 600 px at 50, 492 px at 41: wider than 420 px at every size)
    fitted = fit_lines("01_shinjuku_sample_panel", 420, [50, 41], _mono, lambda t: [t],
                       height=110, line_height=1.05)
    assert fitted.lines == ("01_shinjuku_", "sample_panel") and fitted.size == 50
    assert not fitted.shortened


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize(("kinds", "regions", "categories"),
                         [(3, 12, 4), (3, 10, 3), (3, 9, 4), (3, 8, 3), (1, 14, 2)])
def test_a_dozen_regions_and_four_categories_fit_without_scrolling(
    size: tuple[int, int], kinds: int, regions: int, categories: int,
) -> None:
    s = browse_sizes(*size)
    body_w, body_h = size[0], size[1] - s.bar
    home = home_layout(body_w, body_h, s, kinds, regions, categories)
    assert not home.scroll
    assert home.tile >= MIN_ROW * s.unit - 0.5
    assert home.content <= home.tiles[3] + 0.5
    # a region's tile holds 九州・沖縄 at the floor type (and its padding)
    tw = home.tiles[2]
    assert (tw - (home.regions.cols - 1) * s.gap) / home.regions.cols >= 5 * s.floor_font


def test_far_more_tiles_than_fit_scroll_beside_the_smallest_map() -> None:
    s = browse_sizes(1920, 1080)
    home = home_layout(1920, 1080 - s.bar, s, 3, 40, 12)
    assert home.scroll and home.content > home.tiles[3]
    assert home.tile >= MIN_ROW * s.unit - 0.5
    usual = home_layout(1920, 1080 - s.bar, s, 3, 8, 3)
    assert home.map[2] < usual.map[2]  # (the map gave up width first)


# -- the home drawn -------------------------------------------------------------------------
#: regions beyond the usual eight (a card may name any region)
EXTRA_REGIONS = ["北陸", "甲信越", "東海", "海外連携"]
CATEGORIES = ["賛同自治体", "広域連携協定", "包括連携協定企業", "災害時相互応援協定"]


def _catalogue(regions: list[str], categories: list[str], panels: int = 2) -> Any:
    items = [Item(kind=Kind.IMAGE, key=f"media/panels/パネル{i}.jpg", duration=10,
                  path=f"media/panels/パネル{i}.jpg", title=f"パネル{i}") for i in range(panels)]
    items.append(Item(kind=Kind.VIDEO, key="media/videos/紹介.mp4", duration=10,
                      path="media/videos/紹介.mp4", title="紹介"))
    for i, region in enumerate(regions):
        for j in range(2):
            items.append(Item(
                kind=Kind.COMMENT, key=f"media/comments/見本.csv#{i}-{j}", duration=10,
                comment=CommentCard(municipality=f"見本町{i}{j}", prefecture="長野県",
                                    region=region, comment="見本のコメントです。",
                                    category=categories[(i + j) % len(categories)]),
            ))
    return build_catalogue(items)


def _home(tmp_path: Path, catalogue: Any, size: tuple[int, int], lang: str) -> Any:
    from kivy.base import EventLoop

    from renkei_kiosk.core.browse_nav import Home
    from renkei_kiosk.ui.browse.pictures import browse_view, draw_screen

    EventLoop.ensure_window()
    view = browse_view(catalogue, tmp_path, tmp_path / "state", size, lang=lang)
    img = draw_screen(view, Home(), size)
    return view, img


def _check_tiles(view: Any, size: tuple[int, int]) -> None:
    """Every tile inside the screen below the bar, none over another, its name whole
    at no less than the floor size, drawn inside the tile."""
    home = view.current
    tiles = home.tiles
    w, h = size
    top = h - view.bar_height
    boxes = []
    for tile in tiles:
        x, y = tile.to_window(*tile.pos)
        box = (x, y, x + tile.width, y + tile.height)
        assert box[0] >= -0.5 and box[1] >= -0.5, (tile.text, box)
        assert box[2] <= w + 0.5 and box[3] <= top + 0.5, (tile.text, box, top)
        assert tile.height >= MIN_ROW * view.sizes.unit - 0.5
        boxes.append(box)
        assert not tile.shortened, (tile.text, tile.lines)
        assert "".join(tile.lines).replace(" ", "") == tile.text.replace(" ", "")
        assert tile.name_size >= view.sizes.floor_font - 0.01, tile.text
        name = tile.children[-1]  # (the name's label, then the count's)
        assert name.texture_size[0] <= name.width + 1, (tile.text, name.texture_size)
        assert name.texture_size[1] <= tile.height, (tile.text, name.texture_size)
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            overlap = min(a[2], b[2]) - max(a[0], b[0]), min(a[3], b[3]) - max(a[1], b[1])
            assert overlap[0] <= 0.5 or overlap[1] <= 0.5, (a, b)


@pytest.mark.app
@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("lang", ["en", "ja"])
def test_english_and_japanese_tile_names_are_whole(tmp_path: Path, size: tuple[int, int],
                                                   lang: str) -> None:
    catalogue = _catalogue([name for name, _en in REGIONS], CATEGORIES[:3])
    view, _img = _home(tmp_path, catalogue, size, lang)
    try:
        _check_tiles(view, size)
        names = {tile.text: tile for tile in view.current.tiles}
        if lang == "en":
            # the two names the lead found cut: whole now, the longer in two lines
            assert names["Comments"].lines == ["Comments"]
            kyushu = names["Kyushu & Okinawa"]
            assert len(kyushu.lines) == 2 and kyushu.count_beside
    finally:
        view.release()


@pytest.mark.app
@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("lang", ["en", "ja"])
def test_twelve_regions_and_four_categories_all_inside_the_screen(
    tmp_path: Path, size: tuple[int, int], lang: str,
) -> None:
    regions = [name for name, _en in REGIONS] + EXTRA_REGIONS
    catalogue = _catalogue(regions, CATEGORIES)
    assert len(catalogue.regions) == 12 and len(catalogue.categories) == 4
    view, img = _home(tmp_path, catalogue, size, lang)
    try:
        home = view.current
        assert len(home.tiles) == 3 + 12 + 4
        assert not home.scrolls
        _check_tiles(view, size)
        # the map is still there, beside or above the tiles, not under them
        jmap = home.ids.map
        mx, my = jmap.to_window(*jmap.pos)
        assert jmap.width >= size[0] * 0.25 and jmap.height >= size[1] * 0.2
        for tile in home.tiles:
            tx, ty = tile.to_window(*tile.pos)
            assert (tx >= mx + jmap.width - 0.5 or ty + tile.height <= my + 0.5), tile.text
        # and the last tile is drawn: its colour at its centre, not the background
        last = home.tiles[-1]
        cx, cy = last.to_window(last.center_x, last.center_y)
        assert img.getpixel((int(cx), int(size[1] - cy))) != img.getpixel((2, size[1] - 2))
    finally:
        view.release()


@pytest.mark.app
def test_forty_regions_scroll_inside_the_screen(tmp_path: Path) -> None:
    size = (1920, 1080)
    regions = [name for name, _en in REGIONS] + [f"見本地域{i}" for i in range(32)]
    view, _img = _home(tmp_path, _catalogue(regions, CATEGORIES), size, "ja")
    try:
        home = view.current
        assert home.scrolls
        scroll = home.ids.column.parent
        x, y = scroll.to_window(*scroll.pos)
        assert x >= 0 and y >= 0
        assert x + scroll.width <= size[0] + 0.5
        assert y + scroll.height <= size[1] - view.bar_height + 0.5
    finally:
        view.release()


@pytest.mark.app
@pytest.mark.parametrize("size", SIZES)
def test_grid_captions_take_two_lines_before_they_are_cut(tmp_path: Path,
                                                         size: tuple[int, int]) -> None:
    from PIL import Image

    from renkei_kiosk.core.browse_nav import Grid, Section
    from renkei_kiosk.ui.browse.pictures import browse_view, draw_screen

    names = ["01_shinjuku_sample_panel", "縦長ポスターの表示例（サンプル）", "Kyushu & Okinawa",
             "特別区全国連携プロジェクト十年のあゆみ展示パネル（サンプル）"]
    items = []
    for i, name in enumerate(names):
        rel = f"media/panels/p{i}.png"
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        Image.new("RGB", (320, 180), (40, 90 + i * 30, 160)).save(tmp_path / rel)
        items.append(Item(kind=Kind.IMAGE, key=rel, duration=10, path=rel, title=name))
    view = browse_view(build_catalogue(items), tmp_path, tmp_path / "state", size)
    try:
        draw_screen(view, Grid(Section.PANELS), size)
        tiles = [t for t in view.current.ids.rv.layout_manager.children
                 if type(t).__name__ == "BrowseTile"]
        captions = {t.name: t.ids.caption for t in tiles}
        assert set(captions) == set(names)
        for name, label in captions.items():
            assert 1 <= len(label.lines) <= 2, (name, label.lines)
            assert label.font_size >= view.sizes.floor_font - 0.5
            assert label.texture_size[1] <= label.height + 1, (name, label.texture_size)
            if name != names[-1]:  # (the one too long for two lines at the floor)
                assert not label.shortened, (name, label.lines)
                assert "".join(label.lines).replace(" ", "") == name.replace(" ", "")
        assert captions["01_shinjuku_sample_panel"].lines[0].endswith("_")
        assert captions[names[-1]].shortened and captions[names[-1]].lines[-1].endswith("…")
    finally:
        view.release()
