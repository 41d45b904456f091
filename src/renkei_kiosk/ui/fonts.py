"""Fonts: the bundled universal-design font (BIZ UDPGothic, media.fontfiles) and fallbacks.

Kivy draws a label with one font, so text is split into runs (core.textruns) and the runs
the main font lacks are drawn with the first fallback font that has them (found with
fontTools, in a child process: media.font_coverage), or shown as a visible 〓 and logged.
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Container
from pathlib import Path

from renkei_kiosk.core.textruns import split_runs, to_markup
from renkei_kiosk.media.bidi_text import visual_lines
from renkei_kiosk.media.font_coverage import coverage_isolated
from renkei_kiosk.media.fontfiles import bold_font_path, fallback_font_paths, main_font_path

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


class FontSet:
    """The main font and its fallbacks, registered with Kivy.

    Reading the fonts' character tables takes a while, so it happens in a background
    thread started by `preload()` (the kiosk calls it once its first slide is on screen,
    so that it does not slow the start); the first `markup` call waits for it.
    """

    def __init__(self, main: Path, fallbacks: list[Path], bold: Path | None = None) -> None:
        from kivy.core.text import DEFAULT_FONT, LabelBase

        self._paths: list[tuple[str, Path]] = [(MAIN_FONT, main)]
        bold_face = str(bold) if bold is not None and bold.is_file() else None
        # `bold: True` on a label picks the bold face (same character set as the main)
        LabelBase.register(MAIN_FONT, str(main), fn_bold=bold_face)
        # every label speaks Japanese
        LabelBase.register(DEFAULT_FONT, str(main), fn_bold=bold_face)
        for i, path in enumerate(fallbacks):
            name = f"KioskFallback{i}"
            LabelBase.register(name, str(path))
            self._paths.append((name, path))
        self._fonts: list[tuple[str | None, Container[int]]] | None = None
        self._loader = threading.Thread(target=self._load, name="font-tables", daemon=True)
        self._loading = threading.Lock()
        self._reported: set[str] = set()

    def preload(self) -> None:
        """Start reading the character tables in the background (once)."""
        with self._loading:
            if self._loader.ident is None:
                self._loader.start()

    def _load(self) -> None:
        tables = coverage_isolated([str(path) for _name, path in self._paths])
        self._fonts = [(name, cover) for (name, _path), cover in zip(self._paths, tables,
                                                                     strict=True)]

    @property
    def fonts(self) -> list[tuple[str | None, Container[int]]]:
        """(Kivy font name, code points it has) for the main font and each fallback."""
        if self._fonts is None:
            self.preload()
            self._loader.join()
        assert self._fonts is not None
        return self._fonts

    def label(self, text: str) -> tuple[str, bool]:
        """(text, markup?) for a label: the plain text when the main font has every
        character (plain labels render several times faster), else `markup(text)`."""
        runs, missing = split_runs(text, self.fonts)
        if not missing and all(run.font == MAIN_FONT for run in runs):
            return text, False
        return self.markup(text), True

    def markup(self, text: str) -> str:
        """Kivy markup for `text` with fallback runs; unknown characters become 〓.
        Right-to-left text (Arabic, Hebrew) is shaped and put in display order, line by line."""
        runs, missing = split_runs(visual_lines(text), self.fonts)
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
        main = main_font_path()
        if not main.is_file():
            raise FileNotFoundError(
                f"{main}: the kiosk's font is missing (reinstall renkei-kiosk)")
        _fontset = FontSet(main, [*fallback_font_paths(), *fallbacks], bold_font_path())
    return _fontset
