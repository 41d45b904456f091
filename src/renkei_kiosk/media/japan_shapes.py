"""Prefecture shapes for the browse map: japanmap's outlines, projected and normalised once,
and the pure geometry that says which prefecture a point falls in.

japanmap (pref_points) gives each prefecture's main outline as (longitude, latitude) with
Hokkaido and Okinawa moved closer to Honshu; tools/make_japan_shapes.py keeps them in
japan_prefs.json beside this file, so japanmap (and the OpenCV and NumPy it imports) is not
needed at run time. Here they are projected (longitude scaled by
the cosine of the map's middle latitude), normalised into a unit box, and cached; the
widget (ui.japan_map) only scales them to its size. Nothing here touches Kivy.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

Point = tuple[float, float]

#: JIS code of Okinawa, drawn inside an inset frame
OKINAWA = 47


@dataclass(frozen=True)
class PrefShape:
    """One prefecture's outline in normalised map coordinates (0..1, y up)."""

    #: JIS X 0401 prefecture code, 1 (北海道) .. 47 (沖縄県)
    code: int
    #: full name, e.g. 東京都
    name: str
    ring: tuple[Point, ...]
    #: (min_x, min_y, max_x, max_y)
    bbox: tuple[float, float, float, float]
    #: where a label or marker sits (mean of the outline's points)
    centre: Point


@dataclass(frozen=True)
class JapanShapes:
    """All 47 outlines, normalised into the unit box; `aspect` is width / height."""

    prefs: tuple[PrefShape, ...]
    aspect: float
    #: Okinawa's inset frame (min_x, min_y, max_x, max_y), normalised
    inset: tuple[float, float, float, float]
    #: (cos of the middle latitude, min x, min y, width, height) of the projection
    frame: tuple[float, float, float, float, float] = (1.0, 0.0, 0.0, 1.0, 1.0)

    def project(self, lon: float, lat: float) -> Point:
        """Where (longitude, latitude) lies on the normalised map (Hokkaido and Okinawa are
        moved on the map, so their real coordinates do not land on them)."""
        kx, min_x, min_y, w, h = self.frame
        return (lon * kx - min_x) / w, (lat - min_y) / h

    def by_code(self, code: int) -> PrefShape | None:
        """The shape of prefecture `code`, or None."""
        for p in self.prefs:
            if p.code == code:
                return p
        return None


def point_in_ring(x: float, y: float, ring: Sequence[Point]) -> bool:
    """True when (x, y) lies inside the closed polygon `ring` (even-odd ray casting)."""
    inside = False
    n = len(ring)
    if n < 3:
        return False
    x1, y1 = ring[-1]
    for x2, y2 in ring:
        if (y1 > y) != (y2 > y):
            cross = x1 + (y - y1) * (x2 - x1) / (y2 - y1)
            if x < cross:
                inside = not inside
        x1, y1 = x2, y2
    return inside


def distance_to_ring(x: float, y: float, ring: Sequence[Point]) -> float:
    """The distance from (x, y) to the nearest edge of `ring`."""
    best = math.inf
    if not ring:
        return best
    x1, y1 = ring[-1]
    for x2, y2 in ring:
        dx, dy = x2 - x1, y2 - y1
        length2 = dx * dx + dy * dy
        t = 0.0 if length2 == 0 else max(0.0, min(1.0, ((x - x1) * dx + (y - y1) * dy) / length2))
        px, py = x1 + t * dx - x, y1 + t * dy - y
        best = min(best, px * px + py * py)
        x1, y1 = x2, y2
    return math.sqrt(best)


def hit_test(
    shapes: JapanShapes, x: float, y: float, *, tolerance: float = 0.0,
    candidates: Iterable[int] | None = None,
) -> int | None:
    """The code of the prefecture at normalised (x, y), or None for the sea.

    With a `tolerance`, a point just outside every outline picks the nearest prefecture
    within that distance (a fingertip is wider than Tokyo on a small screen);
    `candidates` limits that nearest search to these codes (the highlighted ones).
    """
    for p in shapes.prefs:
        x0, y0, x1, y1 = p.bbox
        if x0 <= x <= x1 and y0 <= y <= y1 and point_in_ring(x, y, p.ring):
            return p.code
    if tolerance <= 0:
        return None
    allowed = set(candidates) if candidates is not None else None
    best: tuple[float, int] | None = None
    for p in shapes.prefs:
        if allowed is not None and p.code not in allowed:
            continue
        x0, y0, x1, y1 = p.bbox
        if x < x0 - tolerance or x > x1 + tolerance or y < y0 - tolerance or y > y1 + tolerance:
            continue
        d = distance_to_ring(x, y, p.ring)
        if d <= tolerance and (best is None or d < best[0]):
            best = (d, p.code)
    return best[1] if best else None


def normalise(outlines: Sequence[tuple[int, str, Sequence[Point]]]) -> JapanShapes:
    """Project (longitude, latitude) outlines and fit them into the unit box."""
    if not outlines:
        raise ValueError("no prefecture outlines")
    lats = [lat for _, _, ring in outlines for _, lat in ring]
    kx = math.cos(math.radians((min(lats) + max(lats)) / 2))
    projected = [(c, n, [(lon * kx, lat) for lon, lat in ring]) for c, n, ring in outlines]
    xs = [x for _, _, ring in projected for x, _ in ring]
    ys = [y for _, _, ring in projected for _, y in ring]
    min_x, min_y = min(xs), min(ys)
    w, h = max(xs) - min_x, max(ys) - min_y
    pad = 0.02 * max(w, h)
    min_x, min_y, w, h = min_x - pad, min_y - pad, w + 2 * pad, h + 2 * pad
    prefs = []
    for code, name, ring in projected:
        norm = tuple(((x - min_x) / w, (y - min_y) / h) for x, y in ring)
        nx = [p[0] for p in norm]
        ny = [p[1] for p in norm]
        prefs.append(PrefShape(
            code=code, name=name, ring=norm, bbox=(min(nx), min(ny), max(nx), max(ny)),
            centre=(sum(nx) / len(nx), sum(ny) / len(ny)),
        ))
    okinawa = next((p for p in prefs if p.code == OKINAWA), None)
    if okinawa is not None:
        x0, y0, x1, y1 = okinawa.bbox
        m = 0.02
        inset = (max(0.0, x0 - m), max(0.0, y0 - m), min(1.0, x1 + m), min(1.0, y1 + m))
    else:
        inset = (0.0, 0.0, 0.0, 0.0)
    return JapanShapes(prefs=tuple(prefs), aspect=w / h, inset=inset,
                       frame=(kx, min_x, min_y, w, h))


#: the outlines, written from japanmap by tools/make_japan_shapes.py
PREFS_FILE = Path(__file__).with_name("japan_prefs.json")


@lru_cache(maxsize=1)
def japan_shapes() -> JapanShapes:
    """The 47 prefectures, normalised (read once from PREFS_FILE, then cached)."""
    data = json.loads(PREFS_FILE.read_text(encoding="utf-8"))
    outlines = [
        (int(p["code"]), str(p["name"]), [(float(x), float(y)) for x, y in p["ring"]])
        for p in data["prefectures"]
    ]
    return normalise(outlines)
