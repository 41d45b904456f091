"""Where the kiosk's font files are: the main Japanese font, for Kivy and for report plots.

No Kivy here: `stats`/`report` (matplotlib) and the UI (ui.fonts) both ask this module.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["main_font_path"]


def main_font_path() -> Path:
    """The main Japanese font file (IPAex Gothic, shipped by japanize-kivy)."""
    import japanize_kivy.japanizer as jk

    return Path(jk.BUNDLED_FONT_PATH)
