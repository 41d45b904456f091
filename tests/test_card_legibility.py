"""Comment cards read from three metres: glyph sizes and contrast measured on the pixels
drawn, for comments of 40, 200 and 600 Japanese characters without spaces and for mixed
Japanese and Latin text, in landscape (1920x1080) and portrait (1080x1920)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from cardshots import background, build_card, crop, draw, ink_bands, text_contrast
from renkei_kiosk.core.cardstyle import BODY_MIN, HEADING_MIN, unit
from renkei_kiosk.core.model import CommentCard

pytestmark = pytest.mark.app

SENTENCE = "これは見本のコメントです。連携自治体の紹介をここに表示します。"
MIXED = "見本：PRのURLはQRコードからどうぞ。Wi-Fiも使えます。"


def _text(n: int, unit_text: str = SENTENCE) -> str:
    return (unit_text * (n // len(unit_text) + 1))[:n]


CASES = [
    pytest.param(_text(40), id="40-ja"),
    pytest.param(_text(200), id="200-ja"),
    pytest.param(_text(600), id="600-ja"),
    pytest.param(_text(300, MIXED), id="300-mixed"),
]
SIZES = [pytest.param((1920, 1080), id="landscape"), pytest.param((1080, 1920), id="portrait")]


def _card(text: str, **kw: str) -> CommentCard:
    return CommentCard(municipality="見本町", prefecture="長野県", comment=text,
                       category="観光", **kw)


def _photo(root: Path) -> str:
    img = Image.new("RGB", (800, 600), (40, 110, 170))
    for x in range(0, 800, 40):
        img.paste((230, 200, 60), (x, 0, x + 20, 600))
    img.save(root / "写真.jpg", quality=90)
    return "写真.jpg"


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("text", CASES)
def test_body_glyphs_headings_and_contrast_on_every_page(
    tmp_path: Path, text: str, size: tuple[int, int]
) -> None:
    slide = build_card(tmp_path, _card(text), size)
    u = unit(*size)
    grid = slide.grid
    assert "".join(slide.pages) == text
    for page in range(len(slide.pages)):
        slide.show_page(page)
        img = draw(slide, size)
        body = crop(img, grid.body)
        lines = ink_bands(body)
        assert lines, f"page {page + 1}: no text drawn"
        heights = sorted(bottom - top for top, bottom in lines)
        # every line of Japanese is at least 36 px tall at 1080 (a lone short last line
        # of kana may be a little lower, so the median and the full lines are checked)
        assert heights[len(heights) // 2] >= BODY_MIN * u, heights
        assert text_contrast(body) >= 4.5
        # nothing runs out of the text box to the right or below
        x, y, w, h = grid.body.px(*size)
        outside = img.crop((round(x + w + 2), round(size[1] - y - h),
                            round(min(size[0], x + w + 40 * u)), round(size[1] - y)))
        if grid.photo.w == 0 and grid.qr.w == 0 and outside.size[0] > 0:
            assert not ink_bands(outside)
        assert background(body) == background(img)
    heading = crop(draw(slide, size), grid.heading)
    [(top, bottom)] = ink_bands(heading)
    assert bottom - top >= HEADING_MIN * u
    assert text_contrast(heading) >= 4.5


def test_a_600_character_comment_is_many_lines_on_a_few_pages(tmp_path: Path) -> None:
    size = (1920, 1080)
    slide = build_card(tmp_path, _card(_text(600)), size)
    assert 2 <= len(slide.pages) <= 4
    img = draw(slide, size)
    assert len(ink_bands(crop(img, slide.grid.body))) >= 6
    # the page dots show which page this is
    assert slide.dots == [True] + [False] * (len(slide.pages) - 1)
    slide.show_page(1)
    assert slide.dots[1] is True
    assert slide.page_label == f"2 / {len(slide.pages)}"


def test_short_comments_get_larger_type(tmp_path: Path) -> None:
    size = (1920, 1080)
    short = build_card(tmp_path, _card(_text(40)), size)
    long = build_card(tmp_path, _card(_text(600)), size)
    assert short.body_size > long.body_size
    assert len(short.pages) == 1


@pytest.mark.parametrize("size", SIZES)
def test_photo_qr_map_and_category_chip_are_shown(tmp_path: Path, size: tuple[int, int]) -> None:
    card = _card(_text(200), photo=_photo(tmp_path), url="https://example.jp/sample")
    slide = build_card(tmp_path, card, size)
    grid = slide.grid
    img = draw(slide, size)
    photo = crop(img, grid.photo)
    # the photo's stripes fill most of its box (contain: one side may have bars)
    blue = sum(1 for p in photo.getdata() if p[2] > 150 and p[0] < 80)
    assert blue > photo.size[0] * photo.size[1] * 0.2
    assert photo.size[0] >= 480 * unit(*size)  # large enough to see
    qr = crop(img, grid.qr)
    dark = sum(1 for p in qr.getdata() if sum(p) < 150)
    assert 0.2 < dark / (qr.size[0] * qr.size[1]) < 0.8
    caption = crop(img, grid.qr_caption)
    assert ink_bands(caption)
    assert text_contrast(caption) >= 4.5
    # the map: the prefecture in the region colour
    region = tuple(round(c * 255) for c in slide.region_colour[:3])
    lit = sum(1 for p in crop(img, grid.map).getdata()
              if all(abs(a - b) <= 6 for a, b in zip(p, region, strict=True)))
    assert lit > 30
    # white text on the category chip in the region colour
    meta = crop(img, grid.meta)
    chip = [p for p in meta.getdata() if all(abs(a - b) <= 6 for a, b in zip(p, region,
                                                                           strict=True))]
    assert len(chip) > 500
    assert text_contrast(meta) >= 4.5
