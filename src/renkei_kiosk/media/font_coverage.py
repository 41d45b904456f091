"""Which characters a font file has, read with fontTools in a short-lived child process.

The kiosk needs, for its main font and each fallback font, the set of code points it has
(ui.fonts picks a font per run of text). Reading the fonts' tables with fontTools in the
kiosk's own process would keep fontTools and the parsed tables in its memory (6.7 MB
measured) for good; a child (`python -m renkei_kiosk.media.font_coverage FONT...`) reads
them and answers with compact ranges on its standard output. If the child fails, the
tables are read in-process: slower to give back, never missing.
"""

from __future__ import annotations

import json
import logging
import subprocess
import sys
from array import array
from bisect import bisect_right
from collections.abc import Container, Iterable

log = logging.getLogger("renkei_kiosk")


def coverage(path: str) -> frozenset[int]:
    """The code points a font file has glyphs for (empty if it cannot be read)."""
    from fontTools.ttLib import TTFont

    try:
        font = TTFont(path, fontNumber=0, lazy=True)
        cmap = font.getBestCmap() or {}
        font.close()
    except Exception as e:  # an unreadable font is just not used
        log.warning("Fonts: cannot read %s (%s)", path, e)
        return frozenset()
    return frozenset(cmap)


def to_ranges(points: Iterable[int]) -> list[tuple[int, int]]:
    """Sorted code points as inclusive (first, last) ranges."""
    ranges: list[tuple[int, int]] = []
    for cp in sorted(points):
        if ranges and cp == ranges[-1][1] + 1:
            ranges[-1] = (ranges[-1][0], cp)
        else:
            ranges.append((cp, cp))
    return ranges


class Ranges:
    """Code points kept as sorted ranges: `cp in ranges` by bisection. A font's 12,000
    characters take a few kilobytes this way instead of a megabyte as a set."""

    __slots__ = ("_firsts", "_lasts")

    def __init__(self, ranges: Iterable[Iterable[int]]) -> None:
        pairs = sorted((int(a), int(b)) for a, b in ranges)
        self._firsts = array("l", (a for a, _b in pairs))
        self._lasts = array("l", (b for _a, b in pairs))

    def __contains__(self, cp: object) -> bool:
        if not isinstance(cp, int):
            return False
        i = bisect_right(self._firsts, cp) - 1
        return i >= 0 and cp <= self._lasts[i]

    def __len__(self) -> int:
        return sum(b - a + 1 for a, b in zip(self._firsts, self._lasts, strict=True))


def coverage_isolated(paths: list[str]) -> list[Container[int]]:
    """`coverage` of each font, read by a child process (in-process if that fails)."""
    flags = 0
    if sys.platform == "win32":
        flags = subprocess.CREATE_NO_WINDOW
    try:
        out = subprocess.run(
            [sys.executable, "-m", "renkei_kiosk.media.font_coverage", *paths],
            stdin=subprocess.DEVNULL, capture_output=True, timeout=60, check=True,
            creationflags=flags,
        ).stdout
        answer = json.loads(out)
        if len(answer) == len(paths):
            return [Ranges(r) for r in answer]
        why = f"{len(answer)} answers for {len(paths)} fonts"
    except (OSError, subprocess.SubprocessError, ValueError, TypeError) as e:
        why = f"{type(e).__name__}: {e}"
    log.warning("Fonts: reading the font tables in a child process failed (%s); "
                "reading them here", why)
    return [Ranges(to_ranges(coverage(p))) for p in paths]


def main(paths: list[str]) -> int:
    logging.basicConfig(stream=sys.stderr, level=logging.WARNING)
    json.dump([to_ranges(coverage(p)) for p in paths], sys.stdout, separators=(",", ":"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
