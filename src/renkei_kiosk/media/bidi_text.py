"""Right-to-left text (Arabic, Hebrew) drawn in the order and shapes a reader expects.

Kivy's SDL2 text provider neither shapes nor reorders: it draws each character's isolated
form, left to right, so an Arabic sentence comes out with its letters unjoined and every
word backwards. `visual_order` does both jobs before the text reaches Kivy: Arabic letters
become their joined presentation forms (arabic-reshaper), then the Unicode bidirectional
algorithm (python-bidi) puts the characters of the line in display order. Checked by
pixels against Pillow's raqm layout (HarfBuzz and FriBiDi): tests/test_bidi_text.py.

Apply it to each line after line breaking: the order depends on the whole line. Without
the two packages the text is left as it is.
"""

from __future__ import annotations

import unicodedata

try:
    import arabic_reshaper
    from bidi import get_display
except ImportError:  # pragma: no cover - both are dependencies
    arabic_reshaper = None
    get_display = None

#: bidirectional classes of right-to-left letters
_RTL = frozenset({"R", "AL"})


def has_rtl(text: str) -> bool:
    """True when `text` has a right-to-left letter."""
    return any(unicodedata.bidirectional(ch) in _RTL for ch in text)


def visual_order(line: str) -> str:
    """`line` (one line, no line breaks) as a left-to-right renderer must draw it."""
    if get_display is None or arabic_reshaper is None or not has_rtl(line):
        return line
    return str(get_display(arabic_reshaper.reshape(line)))


def visual_lines(text: str) -> str:
    """`visual_order` for each line of `text`."""
    if not has_rtl(text):
        return text
    return "\n".join(visual_order(line) for line in text.split("\n"))
