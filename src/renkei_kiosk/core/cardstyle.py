"""The comment card's design as values: type scale, grid, margins, region colours.

Pure. A card is read standing a few metres from the panel, so the sizes follow legibility
rules given for a 1080-pixel screen and scaled with the screen (by its shorter side: a
panel turned to portrait keeps its pixel density, so its type keeps its size):

- body text at least `BODY_MIN` px (at that size a long comment is paged instead of
  shrinking further), headings at least `HEADING_MIN` px, measured as glyph height;
- text contrast at least 4.5:1 (WCAG AA), checked by `contrast_ratio`.

Font sizes are em sizes; the bundled font's kanji are about 0.88 em tall, so each size is
set above its glyph-height minimum. `card_grid` places every part of the card in
fractions of the card, so the widget scales it to its real size (kv: `root.width * f`).
"""

from __future__ import annotations

from dataclasses import dataclass

RGB = tuple[float, float, float]

#: smallest glyph heights in px on a 1080 px screen (issue 11's legibility rules)
BODY_MIN = 36.0
HEADING_MIN = 56.0
#: em sizes (px at 1080) of the type scale: each ~1.25x the next
SCALE = {"title": 104.0, "heading": 76.0, "body_max": 72.0, "meta": 46.0, "body_min": 44.0,
         "caption": 44.0}
#: body sizes tried from the largest down (px at 1080)
BODY_SIZES = (72.0, 64.0, 56.0, 50.0, 44.0)
#: line height as a multiple of the body size
LINE_HEIGHT = 1.4

#: the card's colours: warm paper, ink, secondary ink, rule
PAPER: RGB = (0.980, 0.965, 0.925)
INK: RGB = (0.110, 0.110, 0.130)
INK_SOFT: RGB = (0.290, 0.300, 0.340)
#: text on a region colour (the category chip)
ON_REGION: RGB = (1.0, 1.0, 1.0)

#: a colour per region (dark enough for white text at 4.5:1), in the usual order
REGION_COLOURS: dict[str, RGB] = {
    "北海道": (0.161, 0.361, 0.600),
    "東北": (0.102, 0.451, 0.329),
    "関東": (0.702, 0.149, 0.122),
    "中部": (0.420, 0.290, 0.620),
    "近畿": (0.620, 0.310, 0.051),
    "中国": (0.051, 0.420, 0.522),
    "四国": (0.180, 0.451, 0.102),
    "九州・沖縄": (0.710, 0.129, 0.412),
}
#: for a card whose region cannot be told
NEUTRAL: RGB = (0.329, 0.353, 0.400)


def region_colour(region: str | None) -> RGB:
    """The colour of `region` (one of the usual names), else a neutral slate."""
    return REGION_COLOURS.get(region or "", NEUTRAL)


def _linear(c: float) -> float:
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(rgb: RGB) -> float:
    """WCAG relative luminance of an sRGB colour (components 0..1)."""
    r, g, b = (_linear(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(a: RGB, b: RGB) -> float:
    """WCAG contrast ratio of two colours, 1 (none) .. 21 (black on white)."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


@dataclass(frozen=True)
class Box:
    """A rectangle in fractions of the card (x, y from the bottom-left, as Kivy)."""

    x: float
    y: float
    w: float
    h: float

    def px(self, width: float, height: float) -> tuple[float, float, float, float]:
        """(x, y, w, h) in pixels on a card of `width` x `height`."""
        return self.x * width, self.y * height, self.w * width, self.h * height


_NONE = Box(0.0, 0.0, 0.0, 0.0)


@dataclass(frozen=True)
class CardGrid:
    """Where each part of a card goes, and its type sizes (fractions of the card height)."""

    portrait: bool
    band: Box
    heading: Box
    meta: Box
    map: Box
    rule: Box
    body: Box
    photo: Box
    qr: Box
    qr_caption: Box
    dots: Box
    heading_size: float
    meta_size: float
    caption_size: float
    #: body sizes to try, largest first
    body_sizes: tuple[float, ...]
    line_height: float = LINE_HEIGHT

    def body_px(self, width: float, height: float) -> tuple[float, float]:
        """The body text box's width and height in pixels on a `width` x `height` card."""
        _x, _y, w, h = self.body.px(width, height)
        return w, h


def unit(width: float, height: float) -> float:
    """Pixels per design pixel: the shorter side over 1080."""
    return min(width, height) / 1080.0


def card_grid(width: float, height: float, *, photo: bool, qr: bool,
              type_unit: float | None = None) -> CardGrid:
    """The grid of a card of `width` x `height` px, with room for a photo and a QR code
    when there are any. Landscape: text on the left, photo and QR in a right column;
    portrait: photo under the heading, QR beside the page dots. Type and margins scale
    by `type_unit` (default: the card's own `unit`): a card shown in part of a screen
    (browse's detail, under its bar) keeps the screen's type, and pages sooner."""
    if width <= 0 or height <= 0:
        raise ValueError("the card needs a size")
    u = type_unit or unit(width, height)
    portrait = height > width
    band_w = 20 * u
    margin = 64 * u
    left = band_w + margin
    top = height - 56 * u
    heading_line = SCALE["title"] * 1.2 * u
    meta_line = SCALE["meta"] * 1.5 * u
    map_side = (260 if portrait else 280) * u

    def box(x: float, y: float, w: float, h: float) -> Box:
        return Box(x / width, y / height, max(0.0, w) / width, max(0.0, h) / height)

    right = width - margin
    map_box = box(right - map_side, top - map_side + 20 * u, map_side, map_side)
    head_w = right - map_side - 32 * u - left
    heading = box(left, top - heading_line, head_w, heading_line)
    meta = box(left, top - heading_line - 12 * u - meta_line, head_w, meta_line)
    rule_y = min(top - heading_line - 12 * u - meta_line, top - map_side + 20 * u) - 32 * u
    rule = box(left, rule_y, right - left, 4 * u)
    bottom = 56 * u
    dots_h = 40 * u
    qr_side = 220 * u
    caption_h = SCALE["caption"] * 1.4 * u
    body_top = rule_y - 40 * u
    if not portrait:
        side_w = 520 * u if (photo or qr) else 0.0
        gutter = 64 * u if side_w else 0.0
        body_bottom = bottom + dots_h + 24 * u
        body = box(left, body_bottom, right - side_w - gutter - left, body_top - body_bottom)
        side_x = right - side_w
        qr_box = (box(side_x + (side_w - qr_side) / 2, bottom + caption_h, qr_side, qr_side)
                  if qr else _NONE)
        caption = box(side_x, bottom, side_w, caption_h) if qr else _NONE
        photo_bottom = bottom + caption_h + qr_side + 32 * u if qr else bottom
        photo_box = box(side_x, photo_bottom, side_w, body_top - photo_bottom) if photo else _NONE
        dots = box(left, bottom, body.w * width, dots_h)
    else:
        photo_h = (right - left) * 0.6 if photo else 0.0
        photo_box = box(left, body_top - photo_h, right - left, photo_h) if photo else _NONE
        text_top = body_top - photo_h - (40 * u if photo else 0.0)
        # the bottom row: page dots on the left, the QR code on the right with its
        # caption beside it
        row_h = qr_side if qr else dots_h
        qr_box = box(right - qr_side, bottom, qr_side, qr_side) if qr else _NONE
        caption_w = 400 * u
        caption = (box(right - qr_side - 24 * u - caption_w, bottom + (qr_side - caption_h) / 2,
                       caption_w, caption_h) if qr else _NONE)
        body_bottom = bottom + row_h + 32 * u
        body = box(left, body_bottom, right - left, text_top - body_bottom)
        dots_w = right - left - (qr_side + caption_w + 48 * u if qr else 0.0)
        dots = box(left, bottom, dots_w, dots_h)
    return CardGrid(
        portrait=portrait,
        band=box(0, 0, band_w, height),
        heading=heading,
        meta=meta,
        map=map_box,
        rule=rule,
        body=body,
        photo=photo_box,
        qr=qr_box,
        qr_caption=caption,
        dots=dots,
        heading_size=SCALE["title"] * u / height,
        meta_size=SCALE["meta"] * u / height,
        caption_size=SCALE["caption"] * u / height,
        body_sizes=tuple(s * u / height for s in BODY_SIZES),
    )


def page_dots(pages: int, page: int) -> tuple[bool, ...]:
    """One dot per page, True for the page shown; none for a single page."""
    if pages <= 1:
        return ()
    return tuple(i == page for i in range(pages))
