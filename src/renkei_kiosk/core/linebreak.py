"""Japanese line breaking: lines of a measured width, kinsoku rules, pages of lines.

Pure, standard library only. Kivy's label wraps only at spaces, so a Japanese comment
(no spaces) would stay one long line; the kiosk breaks the lines itself here and hands
the label text with explicit line breaks.

- Body text breaks between any two characters, except where kinsoku forbids it: no line
  starts with closing punctuation, the prolonged sound mark or small kana (`NO_START`),
  and none ends with an opening bracket (`NO_END`). Latin words stay whole.
- Headings, and every other text the kiosk shows on more than one line (standby, closed
  and QR slides, text slides, tile names, messages: `break_lines`, `fit_lines`), break
  only between phrases; the phrases come from the caller (BudouX, in media.typesetting),
  so that this module needs no third-party import. A phrase wider than a line breaks as
  body text.
- Variation selectors (U+FE00-FE0F, U+E0100-E01EF) are dropped: the base character is
  drawn, never a replacement mark.

Widths come from a `measure(text) -> pixels` function given by the caller.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

Measure = Callable[[str], float]
#: a paragraph cut into phrases that joined give it back (BudouX's parser)
Phrases = Callable[[str], Sequence[str]]

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


#: inside a word wider than a line, the cut goes after one of these when it can
#: (01_shinjuku_ / sample, https://example.jp/ / path)
SOFT_BREAKS = frozenset("_-/.")


def _split_wide(unit: str, width: float, measure: Measure) -> list[str]:
    """Cut a unit wider than a line into pieces that fit (a very long URL, a phrase),
    after a `SOFT_BREAKS` character where the piece then keeps half a line or more."""
    pieces: list[str] = []
    cur = ""
    for ch in unit:
        if cur and measure(cur + ch) > width:
            soft = max((i for i, c in enumerate(cur[:-1])
                        if c in SOFT_BREAKS and cur[i + 1] not in NO_START), default=-1)
            if soft >= 0 and measure(cur[: soft + 1]) >= width / 2:
                pieces.append(cur[: soft + 1])
                cur = cur[soft + 1:]
            elif ch in NO_START and len(cur) > 1:  # (never a piece starting with ".")
                pieces.append(cur[:-1])
                cur = cur[-1]
            else:
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


def _spaces_apart(phrases: Iterable[str]) -> list[str]:
    """Phrases with their leading and trailing spaces as pieces of their own, so that a
    line never starts with a phrase's space (BudouX gives " / Touch to explore")."""
    out: list[str] = []
    for phrase in phrases:
        core = phrase.strip(" ")
        if not core:
            if phrase:
                out.append(phrase)
            continue
        head = phrase[: len(phrase) - len(phrase.lstrip(" "))]
        tail = phrase[len(phrase.rstrip(" ")):]
        out.extend(p for p in (head, core, tail) if p)
    return out


def break_lines(text: str, width: float, measure: Measure, phrases: Phrases) -> list[str]:
    """Any text the kiosk shows on more than one line, as lines no wider than `width`.

    Each paragraph (the text's own line breaks are kept) breaks only between the phrases
    `phrases(paragraph)` gives, with kinsoku: no line starts with a closing bracket,
    punctuation, ー or small kana, none ends with an opening bracket. A phrase wider than
    a line breaks as body text (`wrap`). Variation selectors are dropped.
    """
    if width <= 0:
        raise ValueError("width must be positive")
    lines: list[str] = []
    for para in drop_variation_selectors(text).replace("\r\n", "\n").split("\n"):
        if not para.strip():
            lines.append("")
            continue
        lines.extend(wrap_phrases(_spaces_apart(_phrase_pieces(para, phrases(para))),
                                  width, measure))
    return lines


def _phrase_pieces(para: str, phrases: Sequence[str]) -> list[str]:
    """`para` cut where a phrase ends, no Latin word goes on (a phrase splitter may cut
    inside "Wi-Fi") and kinsoku allows a break; phrases that do not join to `para` are
    ignored (cut between units then)."""
    unit_ends: set[int] = set()
    pos = 0
    for unit in units(para):
        pos += len(unit)
        unit_ends.add(pos)
    if "".join(phrases) != para:
        cuts = unit_ends
    else:
        cuts = set()
        pos = 0
        for phrase in phrases:
            pos += len(phrase)
            cuts.add(pos)
        cuts &= unit_ends
    # nor where kinsoku forbids it (a splitter's phrase may start with ー or 」)
    cuts = {c for c in cuts if c >= len(para) or not _bad_break(para[:c], para[c:])}
    pieces: list[str] = []
    start = 0
    for cut in sorted(cuts):
        if cut > start:
            pieces.append(para[start:cut])
            start = cut
    if start < len(para):
        pieces.append(para[start:])
    return pieces


#: put at the end of a line that had to be cut short
ELLIPSIS = "…"
#: each size `shrink_sizes` gives is this much smaller than the one before
SHRINK_STEP = 0.94


def shrink_sizes(wanted: float, floor: float) -> list[float]:
    """Font sizes from `wanted` down to `floor` (both included), a few percent apart;
    just `wanted` when `floor` is 0 or not smaller."""
    sizes = [wanted]
    while floor > 0 and sizes[-1] * SHRINK_STEP > floor:
        sizes.append(sizes[-1] * SHRINK_STEP)
    if 0 < floor < wanted:
        sizes.append(floor)
    return sizes


@dataclass(frozen=True)
class FittedLines:
    """A short text (a name on a tile, a message) fitted to a box: the size chosen, its
    lines, and whether it still did not fit at the smallest size (then cut with …)."""

    size: float
    lines: tuple[str, ...]
    shortened: bool


def shorten_line(line: str, width: float, measure: Measure) -> str:
    """`line` cut so that it and an ellipsis fit `width`."""
    cut = line.rstrip(" ")
    while cut and measure(cut + ELLIPSIS) > width:
        cut = cut[:-1].rstrip(" ")
    return cut + ELLIPSIS


def fit_lines(
    text: str,
    width: float,
    sizes: Sequence[float],
    measure_at: Callable[[float], Measure],
    phrases: Phrases,
    max_lines: int = 0,
    height: float = 0.0,
    line_height: float = 1.05,
) -> FittedLines:
    """The largest of `sizes` at which `text` breaks (`break_lines`) into at most
    `max_lines` lines (0: any number) and, with a `height`, into no more lines than fit
    it (a line being `line_height` times the size; one line at least), preferring a size
    at which no Latin word is wider than the line. At the smallest size, a text still
    longer keeps the lines allowed, the last ending with an ellipsis."""
    if not sizes:
        raise ValueError("sizes must not be empty")
    ordered = sorted(set(sizes), reverse=True)
    words = [u for u in units(drop_variation_selectors(text)) if len(u) > 1 and u != " " * len(u)]
    fallback: FittedLines | None = None
    for size in ordered:
        allowed = max_lines if max_lines > 0 else len(text) + 1
        if height > 0:
            allowed = min(allowed, max(1, int(height // (size * line_height))))
        measure = measure_at(size)
        lines = break_lines(text, width, measure, phrases)
        if len(lines) <= allowed:
            fitted = FittedLines(size, tuple(lines), False)
            # a smaller size that keeps every Latin word whole reads better than a word cut
            if not any(measure(word) > width for word in words):
                return fitted
            fallback = fallback or fitted
        elif size == ordered[-1]:
            if fallback is not None:
                return fallback
            kept = lines[:allowed]
            kept[-1] = shorten_line(kept[-1], width, measure)
            return FittedLines(size, tuple(kept), True)
    assert fallback is not None
    return fallback


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
