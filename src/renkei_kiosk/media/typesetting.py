"""Measuring text with the kiosk's font, and Japanese phrases, for core.linebreak.

Runs in the preparer's worker threads: Pillow's FreeType measures with the same font
file Kivy draws with (font sizes are pixels in both), so lines laid out here fit the
label. BudouX (imported on first use) finds phrase boundaries for headings.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

from PIL import ImageFont

from renkei_kiosk.core.linebreak import Measure

_lock = threading.Lock()
_parser: Any = None
#: FreeType faces are not safe to use from two threads at once (two preparer workers)
_measure_lock = threading.Lock()


#: characters whose width is remembered per font and size: more than any real content
#: uses (a card set's distinct characters number in the hundreds), so that the memory
#: stays bounded over weeks whatever the comments hold
MAX_CACHED_CHARS = 8192


@lru_cache(maxsize=32)
def _font(path: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(path, size)


@lru_cache(maxsize=32)
def _widths(path: str, size: int) -> dict[str, float]:
    """The widths measured so far with this font at this size (kept across cards)."""
    return {}


def measurer(font_path: Path) -> Callable[[float], Measure]:
    """`measure_at(size)` for `font_path`: a function giving a text's width in pixels.

    Widths are cached per character, font and size, for the process's life: a card's
    layout tries several sizes on each text, and asking FreeType again for every
    character of every card cost most of the layout (35 ms a card at 480x270; now 2.5).
    A string is measured as the sum of its characters (the labels draw without kerning,
    as Kivy's SDL2 text does).
    """
    path = str(font_path)

    def measure_at(size: float) -> Measure:
        px = max(1, int(size))
        font = _font(path, px)
        widths = _widths(path, px)

        def measure(text: str) -> float:
            total = 0.0
            for ch in text:
                w = widths.get(ch)
                if w is None:
                    with _measure_lock:
                        w = float(font.getlength(ch))
                    if len(widths) < MAX_CACHED_CHARS:
                        widths[ch] = w
                total += w
            return total

        return measure

    return measure_at


def phrases(text: str) -> list[str]:
    """`text` cut into phrases (BudouX's Japanese model); joined they give `text`."""
    global _parser
    with _lock:
        if _parser is None:
            import budoux

            _parser = budoux.load_default_japanese_parser()
        parser = _parser
    parts: list[str] = parser.parse(text)
    return parts if parts else [text]
