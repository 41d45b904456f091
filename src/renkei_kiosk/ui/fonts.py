"""Fonts: the bundled Japanese font (IPAex Gothic from japanize-kivy) and fallbacks.

Kivy draws a label with one font, so text is split into runs (core.textruns) and the runs
the main font lacks are drawn with the first fallback font that has them (found with
fontTools), or shown as a visible 〓 and logged.
"""

from __future__ import annotations

import logging
import sys
from functools import cache
from pathlib import Path

from renkei_kiosk.core.textruns import split_runs, to_markup

log = logging.getLogger("renkei_kiosk")

MAIN_FONT = "KioskSans"

#: candidates for characters the main font lacks (rare kanji, symbols, emoji), in order
_FALLBACK_CANDIDATES = [
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/noto/NotoSansSymbols2-Regular.ttf",
    "/usr/share/fonts/truetype/noto/NotoEmoji-Regular.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "C:/Windows/Fonts/YuGothM.ttc",
    "C:/Windows/Fonts/msgothic.ttc",
    "C:/Windows/Fonts/seguisym.ttf",
    "C:/Windows/Fonts/seguiemj.ttf",
]


def main_font_path() -> Path:
    """The bundled IPAex Gothic shipped by japanize-kivy."""
    import japanize_kivy.japanizer as jk

    return Path(jk.BUNDLED_FONT_PATH)


@cache
def _coverage(path: str) -> frozenset[int]:
    """The code points a font file has glyphs for."""
    from fontTools.ttLib import TTFont

    try:
        font = TTFont(path, fontNumber=0, lazy=True)
        cmap = font.getBestCmap() or {}
        font.close()
    except Exception as e:  # an unreadable font is just not used
        log.warning("Fonts: cannot read %s (%s)", path, e)
        return frozenset()
    return frozenset(cmap)


class FontSet:
    """The main font and its fallbacks, registered with Kivy."""

    def __init__(self, main: Path, fallbacks: list[Path]) -> None:
        from kivy.core.text import LabelBase

        LabelBase.register(MAIN_FONT, str(main))
        self.fonts: list[tuple[str | None, frozenset[int]]] = [(MAIN_FONT, _coverage(str(main)))]
        for i, path in enumerate(fallbacks):
            name = f"KioskFallback{i}"
            LabelBase.register(name, str(path))
            self.fonts.append((name, _coverage(str(path))))
        self._reported: set[str] = set()

    def markup(self, text: str) -> str:
        """Kivy markup for `text` with fallback runs; unknown characters become 〓."""
        runs, missing = split_runs(text, self.fonts)
        fresh = sorted(set(missing) - self._reported)
        if fresh:
            self._reported.update(fresh)
            log.warning(
                "Fonts: no font has %s; shown as 〓",
                ", ".join(f"U+{ord(c):04X} {c}" for c in fresh),
            )
        return to_markup(runs, MAIN_FONT)


_fontset: FontSet | None = None


def fontset() -> FontSet:
    """The process-wide font set (registered on first use)."""
    global _fontset
    if _fontset is None:
        fallbacks = [Path(p) for p in _FALLBACK_CANDIDATES if Path(p).is_file()]
        if sys.platform == "win32":
            fallbacks = [p for p in fallbacks if p.drive]
        _fontset = FontSet(main_font_path(), fallbacks)
    return _fontset
