"""Comment cards built through the real preparer and drawn offscreen, for pixel tests.

Measures what a visitor sees: the height of the glyphs drawn (rows that hold ink) and the
colours of text and background, inside a part of the card's grid.
"""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path
from typing import Any

from PIL import Image

from renkei_kiosk.core.cardstyle import Box, contrast_ratio
from renkei_kiosk.core.model import CommentCard, Item, Kind


def build_card(root: Path, card: CommentCard, size: tuple[int, int]) -> Any:
    """The CommentSlide the kiosk would show for `card` on a `size` screen."""
    from kivy.base import EventLoop

    from renkei_kiosk.ui.preparer import Preparer
    from renkei_kiosk.ui.snapshot import settle

    EventLoop.ensure_window()
    item = Item(kind=Kind.COMMENT, key="見本.csv#1", duration=8, comment=card)
    preparer = Preparer(root, lambda: size)
    got: list[Any] = []
    try:
        preparer.prepare(item, (0.0, 0.0, 0.0), got.append)
        deadline = time.monotonic() + 30
        while not got:
            assert time.monotonic() < deadline, "the card was not prepared in 30 s"
            settle(1)
            time.sleep(0.005)
    finally:
        preparer.shutdown()
    job = got[0]
    assert job.error is None, job.error
    return job.slide


def draw(slide: Any, size: tuple[int, int]) -> Image.Image:
    """The slide drawn at `size`."""
    from renkei_kiosk.ui.snapshot import snapshot

    return snapshot(slide, size)


def crop(img: Image.Image, box: Box) -> Image.Image:
    """The part of a card picture inside a grid box (grid y runs up, pictures' down)."""
    w, h = img.size
    x, y, bw, bh = box.px(w, h)
    return img.crop((round(x), round(h - y - bh), round(x + bw), round(h - y)))


def _lum(p: tuple[int, int, int]) -> float:
    return 0.299 * p[0] + 0.587 * p[1] + 0.114 * p[2]


def background(img: Image.Image) -> tuple[int, int, int]:
    """The most common colour (the paper, or a chip's colour)."""
    counts = Counter(img.getdata())
    return counts.most_common(1)[0][0]  # type: ignore[no-any-return]


def ink_bands(img: Image.Image, threshold: float = 60) -> list[tuple[int, int]]:
    """(top, bottom) of each run of rows holding ink: pixels whose lightness differs from
    the background's by more than `threshold` (a line of text is one band)."""
    bg = _lum(background(img))
    w, h = img.size
    px = img.load()
    assert px is not None
    bands: list[tuple[int, int]] = []
    start = None
    for y in range(h):
        inked = any(abs(_lum(px[x, y]) - bg) > threshold for x in range(0, w, 1))
        if inked and start is None:
            start = y
        elif not inked and start is not None:
            bands.append((start, y))
            start = None
    if start is not None:
        bands.append((start, h))
    return bands


def text_contrast(img: Image.Image) -> float:
    """Contrast between the background and the text colour farthest from it (the glyphs'
    solid strokes), from the pixels."""
    bg = background(img)
    far = max(img.getdata(), key=lambda p: abs(_lum(p) - _lum(bg)))
    return contrast_ratio(tuple(c / 255 for c in bg), tuple(c / 255 for c in far))  # type: ignore[arg-type]
