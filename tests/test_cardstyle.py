"""The comment card's design values (pure): palette contrast, grid, type scale, dots."""

from __future__ import annotations

import itertools

import pytest

from renkei_kiosk.core.cardstyle import (
    BODY_MIN,
    BODY_SIZES,
    HEADING_MIN,
    INK,
    INK_SOFT,
    NEUTRAL,
    ON_REGION,
    PAPER,
    REGION_COLOURS,
    SCALE,
    Box,
    card_grid,
    contrast_ratio,
    page_dots,
    region_colour,
)
from renkei_kiosk.core.catalogue import REGIONS


def test_contrast_ratio_matches_wcag() -> None:
    assert contrast_ratio((0, 0, 0), (1, 1, 1)) == pytest.approx(21.0)
    assert contrast_ratio((1, 1, 1), (1, 1, 1)) == pytest.approx(1.0)
    assert contrast_ratio((0.5, 0.5, 0.5), (1, 1, 1)) == pytest.approx(3.98, abs=0.01)


@pytest.mark.parametrize("colour", [*REGION_COLOURS.values(), NEUTRAL])
def test_white_text_on_every_region_colour_reaches_aa(colour: tuple[float, ...]) -> None:
    assert contrast_ratio(ON_REGION, colour) >= 4.5  # type: ignore[arg-type]


def test_ink_on_paper_reaches_aa() -> None:
    assert contrast_ratio(INK, PAPER) >= 7
    assert contrast_ratio(INK_SOFT, PAPER) >= 4.5


def test_every_usual_region_has_its_own_colour() -> None:
    colours = [region_colour(name) for name, _en in REGIONS]
    assert len(set(colours)) == len(REGIONS)
    assert region_colour("その他") == NEUTRAL
    assert region_colour(None) == NEUTRAL


def test_type_scale_keeps_the_legibility_minimums() -> None:
    # the font's kanji are at least 0.9 em tall (measured on pixels in
    # test_card_legibility): the smallest body size draws 36 px glyphs, headings 56 px
    assert min(BODY_SIZES) * 0.9 >= BODY_MIN
    assert SCALE["title"] * 0.9 >= HEADING_MIN
    assert SCALE["meta"] * 0.9 >= BODY_MIN and SCALE["caption"] * 0.9 >= BODY_MIN


def _inside(b: Box) -> bool:
    return b.x >= 0 and b.y >= 0 and b.x + b.w <= 1.0001 and b.y + b.h <= 1.0001


def _overlap(a: Box, b: Box) -> bool:
    if a.w == 0 or b.w == 0:
        return False
    return a.x < b.x + b.w and b.x < a.x + a.w and a.y < b.y + b.h and b.y < a.y + a.h


@pytest.mark.parametrize("size", [(1920, 1080), (1080, 1920), (1280, 720), (768, 1366)])
@pytest.mark.parametrize(("photo", "qr"), list(itertools.product([False, True], repeat=2)))
def test_grid_parts_stay_on_the_card_and_apart(size: tuple[int, int], photo: bool,
                                               qr: bool) -> None:
    g = card_grid(*size, photo=photo, qr=qr)
    assert g.portrait == (size[1] > size[0])
    parts = {"heading": g.heading, "meta": g.meta, "map": g.map, "rule": g.rule,
             "body": g.body, "photo": g.photo, "qr": g.qr, "caption": g.qr_caption,
             "dots": g.dots}
    for name, box in parts.items():
        assert _inside(box), name
    for (na, a), (nb, b) in itertools.combinations(parts.items(), 2):
        assert not _overlap(a, b), (na, nb)
    assert (g.photo.w > 0) == photo and (g.qr.w > 0) == qr
    body_w, body_h = g.body_px(*size)
    # room for at least 6 lines of the smallest body type, 12 characters each
    smallest = min(g.body_sizes) * size[1]
    assert body_h >= 6 * smallest * g.line_height
    assert body_w >= 12 * smallest


def test_grid_needs_a_size() -> None:
    with pytest.raises(ValueError):
        card_grid(0, 1080, photo=False, qr=False)


def test_page_dots() -> None:
    assert page_dots(1, 0) == ()
    assert page_dots(3, 1) == (False, True, False)
