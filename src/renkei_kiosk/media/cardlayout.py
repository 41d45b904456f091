"""A comment card laid out for a screen size: heading, pages of body lines, map, colours.

Runs in the preparer's worker thread (measuring text and drawing the map take tens of
milliseconds); the Kivy thread then only builds the widget (ui.slides.CommentSlide) from
this value. The rules are pure (core.cardstyle, core.linebreak); this module brings the
font measurements (media.typesetting) and the prefecture map (media.prefmap).
"""

from __future__ import annotations

from dataclasses import dataclass

from renkei_kiosk.core.cardstyle import CardGrid, card_grid, region_colour, unit
from renkei_kiosk.core.catalogue import OTHER_REGION, normalize_region, prefecture
from renkei_kiosk.core.linebreak import fit_text, wrap_phrases
from renkei_kiosk.core.model import CommentCard
from renkei_kiosk.media.fontfiles import bold_font_path, main_font_path
from renkei_kiosk.media.prefmap import render_pref_map
from renkei_kiosk.media.typesetting import SAFETY, measurer, phrases

RGB = tuple[float, float, float]

#: heading sizes tried, px at 1080 (the smallest keeps 56 px glyphs)
HEADING_SIZES = (104.0, 92.0, 80.0, 68.0)


@dataclass(frozen=True)
class CardLayout:
    """Everything a comment card shows, laid out; sizes are fractions of the card height."""

    grid: CardGrid
    heading: str
    heading_size: float
    #: per page, its lines
    pages: tuple[tuple[str, ...], ...]
    body_size: float
    region: str
    colour: RGB
    #: "prefecture　region"
    meta: str
    #: the map (width, height, RGBA rows top first), or None
    map_rgba: tuple[int, int, bytes] | None


def card_region(card: CommentCard) -> str:
    """The card's region as given, else its prefecture's, else その他."""
    if card.region and card.region.strip():
        return normalize_region(card.region)
    found = prefecture(card.prefecture)
    return found.region if found is not None else OTHER_REGION


def lay_out_card(
    card: CommentCard, width: int, height: int, *, photo: bool, qr: bool,
    type_unit: float | None = None,
) -> CardLayout:
    """Lay `card` out for a `width` x `height` screen (with room for a photo, a QR code);
    type scaled by `type_unit` (core.cardstyle.card_grid), by default the card's own."""
    grid = card_grid(width, height, photo=photo, qr=qr, type_unit=type_unit)
    u = type_unit or unit(width, height)
    region = card_region(card)
    colour = region_colour(region)

    # the heading: the largest size at which it fits one line, broken between phrases
    _hx, _hy, head_w, _hh = grid.heading.px(width, height)
    bold = measurer(bold_font_path() if bold_font_path().is_file() else main_font_path())
    parts = phrases(card.municipality.strip()) if card.municipality.strip() else [""]
    head_lines: list[str] = []
    head_px = HEADING_SIZES[-1] * u
    for size in HEADING_SIZES:
        head_px = size * u
        head_lines = wrap_phrases(parts, head_w * SAFETY, bold(head_px))
        if len(head_lines) <= 1:
            break

    body_w, body_h = grid.body_px(width, height)
    sizes = [s * height for s in grid.body_sizes]
    fitted = fit_text(card.comment, body_w * SAFETY, body_h, sizes,
                      measurer(main_font_path()), line_height=grid.line_height)

    found = prefecture(card.prefecture)
    _mx, _my, map_w, map_h = grid.map.px(width, height)
    map_rgba = None
    if map_w >= 8 and map_h >= 8:
        map_rgba = render_pref_map(found.code if found else None, round(map_w), round(map_h),
                                   highlight=colour)
    meta_parts = [card.prefecture.strip()]
    if region != OTHER_REGION:
        meta_parts.append(region)
    return CardLayout(
        grid=grid,
        heading="\n".join(head_lines),
        heading_size=head_px / height,
        pages=fitted.pages,
        body_size=fitted.size / height,
        region=region,
        colour=colour,
        meta="　".join(p for p in meta_parts if p),
        map_rgba=map_rgba,
    )
