"""Splitting text into runs by which font has each character, for fallback rendering.

Pure: fonts are given as (name, set of code points). A character no font has becomes a
visible replacement mark (〓, the typesetter's geta mark) and is reported, never an
empty box.
"""

from __future__ import annotations

from collections.abc import Container, Sequence
from dataclasses import dataclass

#: shown instead of a character that no available font can draw
REPLACEMENT = "〓"

#: characters that need no glyph (line breaks, variation selectors, joiners)
_INVISIBLE = frozenset({0x0A, 0x0D, 0x09, 0x200D, 0xFE0E, 0xFE0F})


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


def paginate(text: str, max_chars: int) -> list[str]:
    """Split a long comment into pages of at most about `max_chars` characters.

    Breaks after a sentence end (。！？!? or a line break) where one falls in the last
    third of a page, else at the limit; never drops a character.
    """
    if max_chars <= 0:
        raise ValueError("max_chars must be positive")
    pages: list[str] = []
    rest = text.strip()
    while len(rest) > max_chars:
        window = rest[:max_chars]
        cut = max(window.rfind(mark) for mark in ("。", "！", "？", "!", "?", "\n"))
        if cut < max_chars * 2 // 3:
            cut = max_chars - 1
        pages.append(rest[: cut + 1].strip())
        rest = rest[cut + 1 :].strip()
    if rest or not pages:
        pages.append(rest)
    return pages


def fit_font_size(
    n_chars: int, box_w: float, box_h: float, sizes: Sequence[float], line_height: float = 1.35
) -> tuple[float, int]:
    """The largest font size from `sizes` at which `n_chars` fit the box, and a page's
    capacity in characters at the size chosen (the smallest when nothing fits).

    Counts every character as a full-width square, so the estimate is safe for Japanese
    and generous for Latin text.
    """
    if not sizes:
        raise ValueError("sizes must not be empty")

    def capacity(size: float) -> int:
        per_line = max(1, int(box_w // size))
        lines = max(1, int(box_h // (size * line_height)))
        # leave a tenth for line breaks falling short of the edge
        return max(1, int(per_line * lines * 0.9))

    ordered = sorted(sizes, reverse=True)
    for size in ordered:
        if n_chars <= capacity(size):
            return size, capacity(size)
    smallest = ordered[-1]
    return smallest, capacity(smallest)
