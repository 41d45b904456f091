"""Where the kiosk's font files are: the main Japanese font, for Kivy and for report plots.

The main font is BIZ UDPGothic (Morisawa's universal-design typeface for public
signage, SIL Open Font License 1.1), bundled in renkei_kiosk/fonts/ with its licence.
IPAex Gothic (shipped by japanize-kivy) stays as the first fallback for characters it
lacks.

No Kivy here: `stats`/`report` (matplotlib) and the UI (ui.fonts) both ask this module.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

__all__ = ["bold_font_path", "fallback_font_paths", "main_font_path"]

_FONTS = Path(__file__).resolve().parent.parent / "fonts"


def main_font_path() -> Path:
    """The main Japanese font file (BIZ UDPGothic Regular, bundled)."""
    return _FONTS / "BIZUDPGothic-Regular.ttf"


def bold_font_path() -> Path:
    """The main font's bold face (BIZ UDPGothic Bold, bundled), for headings."""
    return _FONTS / "BIZUDPGothic-Bold.ttf"


def fallback_font_paths() -> list[Path]:
    """Bundled-with-a-dependency fonts to try after the main one: IPAex Gothic from
    japanize-kivy, found without importing it (importing it starts Kivy)."""
    spec = importlib.util.find_spec("japanize_kivy")
    if spec is None or not spec.submodule_search_locations:
        return []
    for location in spec.submodule_search_locations:
        found = sorted(Path(location).rglob("ipaexg*.ttf"))
        if found:
            return found[:1]
    return []
