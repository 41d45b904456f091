"""Measuring text with the kiosk's font, and Japanese phrases, for core.linebreak.

Runs in the preparer's worker threads (comment cards) and on the Kivy thread (the short
texts of ui.wrapped.WrappedLabel: a few dozen characters, measured in microseconds once
each character's width is known). Pillow's FreeType measures with the same font
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

from renkei_kiosk.core.linebreak import FittedLines, Measure, fit_lines

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


def measurer(font_path: Path) -> Callable[[float], Measure]:
    """`measure_at(size)` for `font_path`: a function giving a text's width in pixels.

    Widths are cached per character, font and size for the process's life: a card's
    layout tries several sizes on each text, and asking FreeType again for every
    character of every card cost most of a card's layout (35 ms of it at 480x270).
    A string is measured as the sum of its characters (the labels draw without kerning,
    as Kivy's SDL2 text does).
    """
    path = str(font_path)

    def measure_at(size: float) -> Measure:
        return _measure(path, max(1, int(size)))

    return measure_at


@lru_cache(maxsize=64)
def _measure(path: str, size: int) -> Measure:
    """The width function of one font file at one size (its widths kept per character)."""
    font = _font(path, size)
    widths: dict[str, float] = {}

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


#: lines are laid out this much short of the label's width, so that a rounding
#: difference between measuring (Pillow) and drawing (SDL2_ttf) never makes Kivy wrap a
#: line again
SAFETY = 0.98
#: the height of a line of the bundled font, in em, as Kivy draws it (1.02, measured)
LINE_EM = 1.05


def lay_out_lines(
    text: str, font_path: Path, width: float, sizes: list[float], max_lines: int = 0,
    height: float = 0.0, line_height: float = LINE_EM,
) -> FittedLines:
    """`text` broken into lines for a label `width` px wide (and `height` px high, if
    given) drawn with `font_path`, at the largest of `sizes` (px) that keeps it within
    `max_lines` lines (core.linebreak.fit_lines: phrases from BudouX, kinsoku)."""
    return fit_lines(text, max(1.0, width * SAFETY), sizes, measurer(font_path), phrases,
                     max_lines, height, line_height)
