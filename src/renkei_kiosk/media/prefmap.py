"""A small map of Japan with one prefecture highlighted, drawn with Pillow for a card.

Uses the browse map's prefecture shapes (media.japan_shapes) and draws them as filled
outlines, the way ui.japan_map does with Kivy meshes, but into a picture: the preparer's
worker draws it, so the Kivy thread only uploads a texture. Drawn at twice the size and
scaled down, for smooth coasts.
"""

from __future__ import annotations

from PIL import Image, ImageDraw

from renkei_kiosk.media.japan_shapes import OKINAWA, japan_shapes

RGB = tuple[float, float, float]


def _byte(rgb: RGB, alpha: float = 1.0) -> tuple[int, int, int, int]:
    r, g, b = (round(max(0.0, min(1.0, c)) * 255) for c in rgb)
    return r, g, b, round(alpha * 255)


def render_pref_map(
    code: int | None,
    width: int,
    height: int,
    *,
    highlight: RGB,
    base: RGB = (0.78, 0.79, 0.81),
    outline: RGB = (0.98, 0.965, 0.925),
) -> tuple[int, int, bytes]:
    """(width, height, RGBA rows top first): Japan fitted in the box, prefecture `code`
    (JIS, 1..47; None: none) in `highlight`, the rest in `base`, on transparency."""
    if width <= 0 or height <= 0:
        raise ValueError("the map needs a size")
    shapes = japan_shapes()
    ss = 2
    big_w, big_h = width * ss, height * ss
    mw = min(big_w, big_h * shapes.aspect)
    mh = mw / shapes.aspect
    ox, oy = (big_w - mw) / 2, (big_h - mh) / 2
    img = Image.new("RGBA", (big_w, big_h), (0, 0, 0, 0))
    draw = ImageDraw.Draw(img)

    def at(u: float, v: float) -> tuple[float, float]:
        return ox + u * mw, oy + (1.0 - v) * mh

    line = max(1, round(big_w / 300))
    for pref in shapes.prefs:
        if pref.code == code:
            continue
        draw.polygon([at(u, v) for u, v in pref.ring], fill=_byte(base), outline=_byte(outline),
                     width=line)
    lit = shapes.by_code(code) if code is not None else None
    if lit is not None:
        draw.polygon([at(u, v) for u, v in lit.ring], fill=_byte(highlight),
                     outline=_byte(highlight), width=line)
    x0, y0, x1, y1 = shapes.inset
    if x1 > x0 and shapes.by_code(OKINAWA) is not None:
        left, top = at(x0, y1)
        right, bottom = at(x1, y0)
        draw.rectangle((left, top, right, bottom), outline=_byte(base), width=line)
    small = img.resize((width, height), Image.Resampling.LANCZOS)
    return width, height, small.tobytes()
