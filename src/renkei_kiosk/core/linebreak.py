"""Japanese line breaking: lines of a measured width, kinsoku rules, pages of lines.

Pure, standard library only. Kivy's label wraps only at spaces, so a Japanese comment
(no spaces) would stay one long line; the kiosk breaks the lines itself here and hands
the label text with explicit line breaks.

- Body text breaks between any two characters, except where kinsoku forbids it: no line
  starts with closing punctuation, the prolonged sound mark or small kana (`NO_START`),
  and none ends with an opening bracket (`NO_END`). Latin words stay whole.
- Headings break only between phrases; the phrases come from the caller (BudouX, in
  media.typesetting), so that this module needs no third-party import.
- Variation selectors (U+FE00-FE0F, U+E0100-E01EF) are dropped: the base character is
  drawn, never a replacement mark.

Widths come from a `measure(text) -> pixels` function given by the caller.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

Measure = Callable[[str], float]

#: characters that must not start a line (closing punctuation, ー, small kana, …)
NO_START = frozenset(
    "、。，．,.）)」』】〕〉》］｝〙〗・ー～…‥！？!?：；:;ゝゞヽヾ々〻"
    "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ"
    "ｧｨｩｪｫｯｬｭｮｰ｡､｣"
)
#: characters that must not end a line (opening brackets)
NO_END = frozenset("（(「『【〔〈《［｛〘〖｢")
#: sentence ends, where a page break reads best
SENTENCE_END = frozenset("。！？!?")


def is_variation_selector(ch: str) -> bool:
    """True for the standard (U+FE00-FE0F) and ideographic (U+E0100-E01EF) selectors."""
    cp = ord(ch)
    return 0xFE00 <= cp <= 0xFE0F or 0xE0100 <= cp <= 0xE01EF


def drop_variation_selectors(text: str) -> str:
    """`text` without variation selectors (each base character stays)."""
    return "".join(ch for ch in text if not is_variation_selector(ch))


def _is_word_char(ch: str) -> bool:
    """Part of a Latin (or other space-separated) word, which is never broken inside."""
    if ch.isspace():
        return False
    if ch in NO_START or ch in NO_END:
        # Latin punctuation that may close a word ("PR," "URL.") or open one ("(")
        return ch in ",.!?:;)("
    # Latin, Greek, Cyrillic letters, digits and ASCII punctuation; not CJK or symbols
    return ord(ch) < 0x2000 and unicodedata.category(ch)[0] in "LNPS"


def units(text: str) -> list[str]:
    """Split a paragraph into pieces no line break may fall inside: a Latin word, a
    run of spaces, or one other character."""
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        j = i + 1
        if _is_word_char(ch):
            while j < n and _is_word_char(text[j]):
                j += 1
        elif ch == " ":
            while j < n and text[j] == " ":
                j += 1
        out.append(text[i:j])
        i = j
    return out


def _split_wide(unit: str, width: float, measure: Measure) -> list[str]:
    """Cut a unit wider than a line into pieces that fit (a very long URL, a phrase)."""
    pieces: list[str] = []
    cur = ""
    for ch in unit:
        if cur and measure(cur + ch) > width:
            pieces.append(cur)
            cur = ""
        cur += ch
    if cur:
        pieces.append(cur)
    return pieces


def _bad_break(before: str, after: str) -> bool:
    """True when kinsoku forbids a line break between `before` and `after`."""
    return after[:1] in NO_START or before[-1:] in NO_END


def fill(pieces: Iterable[str], width: float, measure: Measure) -> list[str]:
    """Lay unbreakable `pieces` into lines no wider than `width` (greedy, with kinsoku).

    Spaces at a break are dropped. A piece wider than a line is cut. When kinsoku
    cannot be kept without emptying a line (a line one character wide), the rule gives.
    """
    lines: list[list[str]] = []
    cur: list[str] = []
    cur_w = 0.0
    queue = list(pieces)
    queue.reverse()
    while queue:
        piece = queue.pop()
        if piece.isspace():
            if cur:
                cur.append(piece)
                cur_w += measure(piece)
            continue
        w = measure(piece)
        if w > width and len(piece) > 1:
            queue.extend(reversed(_split_wide(piece, width, measure)))
            continue
        if cur and cur_w + w > width:
            carry = [piece]
            kept = list(cur)
            while len(kept) > 1 and _bad_break(kept[-1], carry[0]):
                carry.insert(0, kept.pop())
            if _bad_break(kept[-1], carry[0]) and len(kept) == 1:
                kept, carry = list(cur), [piece]  # cannot help it: break anyway
            lines.append(kept)
            while carry and carry[0].isspace():
                carry.pop(0)
            cur = carry
            cur_w = sum(measure(p) for p in cur)
            continue
        cur.append(piece)
        cur_w += w
    if cur or not lines:
        lines.append(cur)
    return ["".join(line).rstrip(" ") for line in lines]


def wrap(text: str, width: float, measure: Measure) -> list[str]:
    """Body text as lines no wider than `width`: breaks anywhere kinsoku allows, Latin
    words whole, the text's own line breaks kept, variation selectors dropped."""
    if width <= 0:
        raise ValueError("width must be positive")
    lines: list[str] = []
    for para in drop_variation_selectors(text).replace("\r\n", "\n").split("\n"):
        lines.extend(fill(units(para), width, measure))
    return lines


def wrap_phrases(phrases: Sequence[str], width: float, measure: Measure) -> list[str]:
    """A heading as lines no wider than `width`, broken only between `phrases` (e.g.
    BudouX's), except inside a phrase wider than a line."""
    if width <= 0:
        raise ValueError("width must be positive")
    pieces: list[str] = []
    for phrase in phrases:
        phrase = drop_variation_selectors(phrase)
        if not phrase:
            continue
        if measure(phrase) > width:
            pieces.extend(units(phrase))  # break it as body text would
        else:
            pieces.append(phrase)
    return fill(pieces, width, measure)


def paginate_lines(lines: Sequence[str], per_page: int) -> list[list[str]]:
    """Group lines into pages of at most `per_page`, ending a page after a sentence end
    when one falls in the page's last third. Never drops a line; always one page."""
    if per_page <= 0:
        raise ValueError("per_page must be positive")
    pages: list[list[str]] = []
    rest = list(lines)
    while len(rest) > per_page:
        cut = per_page
        for i in range(per_page, max(per_page * 2 // 3, 1) - 1, -1):
            if rest[i - 1][-1:] in SENTENCE_END:
                cut = i
                break
        pages.append(rest[:cut])
        rest = rest[cut:]
    if rest or not pages:
        pages.append(rest)
    return pages


@dataclass(frozen=True)
class Fitted:
    """Body text laid out for a box: the font size chosen and its pages of lines."""

    size: float
    pages: tuple[tuple[str, ...], ...]
    lines_per_page: int


def fit_text(
    text: str,
    box_w: float,
    box_h: float,
    sizes: Sequence[float],
    measure_at: Callable[[float], Measure],
    line_height: float = 1.35,
) -> Fitted:
    """The largest size from `sizes` at which `text` fits the box on one page; at the
    smallest size, the text is paged instead of shrinking further."""
    if not sizes:
        raise ValueError("sizes must not be empty")
    ordered = sorted(sizes, reverse=True)
    for i, size in enumerate(ordered):
        per_page = max(1, int(box_h // (size * line_height)))
        lines = wrap(text, box_w, measure_at(size))
        if len(lines) <= per_page or i == len(ordered) - 1:
            pages = paginate_lines(lines, per_page)
            return Fitted(size, tuple(tuple(p) for p in pages), per_page)
    raise AssertionError("unreachable")
