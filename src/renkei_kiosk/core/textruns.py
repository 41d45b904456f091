"""Splitting text into runs by which font has each character, for fallback rendering.

Pure: fonts are given as (name, set of code points). A character no font has becomes a
visible replacement mark (〓, the typesetter's geta mark) and is reported, never an
empty box. Variation selectors are dropped (the base character is drawn): Kivy's text
renderer cannot apply them, and no font has a glyph of its own for them.
"""

from __future__ import annotations

from collections.abc import Container, Sequence
from dataclasses import dataclass

from renkei_kiosk.core.linebreak import is_variation_selector

#: shown instead of a character that no available font can draw
REPLACEMENT = "〓"

#: characters that need no glyph (line breaks, joiners)
_INVISIBLE = frozenset({0x0A, 0x0D, 0x09, 0x200B, 0x200D})


@dataclass(frozen=True)
class Run:
    """A stretch of text drawn with one font (None: the main font)."""

    font: str | None
    text: str


def split_runs(
    text: str, fonts: Sequence[tuple[str | None, Container[int]]]
) -> tuple[list[Run], list[str]]:
    """Split `text` into runs for the first font in `fonts` that has each character.

    Returns the runs and the characters no font has (replaced by `REPLACEMENT`).
    """
    runs: list[Run] = []
    missing: list[str] = []
    current: str | None = fonts[0][0] if fonts else None
    buf: list[str] = []
    for ch in text:
        if is_variation_selector(ch):
            continue
        cp = ord(ch)
        font: str | None
        if cp in _INVISIBLE or ch.isspace():
            font = current
        else:
            font = next((name for name, cov in fonts if cp in cov), None)
            if font is None and fonts:
                missing.append(ch)
                ch, font = REPLACEMENT, fonts[0][0]
        if font != current and buf:
            runs.append(Run(current, "".join(buf)))
            buf = []
        current = font
        buf.append(ch)
    if buf:
        runs.append(Run(current, "".join(buf)))
    return runs, missing


def escape_markup(text: str) -> str:
    """Escape Kivy markup's special characters in plain text."""
    return text.replace("&", "&amp;").replace("[", "&bl;").replace("]", "&br;")


def to_markup(runs: Sequence[Run], main_font: str | None) -> str:
    """Kivy markup for `runs`: the main font's runs plain, the others in [font=...]."""
    parts = []
    for run in runs:
        body = escape_markup(run.text)
        if run.font is None or run.font == main_font:
            parts.append(body)
        else:
            parts.append(f"[font={run.font}]{body}[/font]")
    return "".join(parts)
