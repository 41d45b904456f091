"""The figures: plays, touches and visitor sessions of one or more kiosks, as named tables.

`compute` reads each `Source` with a few aggregate queries (one scan of `plays`, one of
`touches`, and the touch times for sessions) and returns `Stats`: tables of rows whose
first column is the kiosk they came from. Everything after the queries is pure.

Dates: `since`/`until` are local dates (inclusive) as the kiosk recorded them (its clock
and UTC offset). Day and hour of a play, touch or session are the kiosk's local ones.

Visitor sessions: a kiosk's touches (the `timeout` rows, written by the kiosk itself,
left out) taken in time order; a touch less than `idle_timeout` seconds after the one
before belongs to the same session. A session's length is from its first to its last
touch (0 s for a single touch); it counts on the day and hour of its first touch.
"""

from __future__ import annotations

import os
import sqlite3
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, timedelta

from renkei_kiosk.stats.source import Source, salvage, select_list
from renkei_kiosk.store import LEGACY_ACTIONS

__all__ = [
    "DEFAULT_IDLE_TIMEOUT",
    "LENGTH_BUCKETS",
    "TABLES",
    "Period",
    "Stats",
    "Table",
    "compute",
]

#: seconds; SPEC's default `idle_timeout`
DEFAULT_IDLE_TIMEOUT = 60.0

#: session length buckets: (upper bound in seconds, exclusive; key)
LENGTH_BUCKETS: tuple[tuple[float, str], ...] = (
    (10, "0-10s"), (30, "10-30s"), (60, "30-60s"), (120, "1-2min"), (300, "2-5min"),
    (600, "5-10min"), (float("inf"), "10min+"),
)

#: every table `compute` returns, in output order, with its columns (machine keys)
TABLES: dict[str, tuple[str, ...]] = {
    "summary": ("kiosk", "plays", "seconds", "skipped", "touches", "sessions", "first",
                "last", "problems"),
    "plays_by_item": ("kiosk", "item", "kind", "plays", "ok", "skipped", "interrupted",
                      "seconds"),
    "plays_by_kind": ("kiosk", "kind", "plays", "seconds"),
    "plays_by_playlist_item": ("kiosk", "playlist", "item", "plays", "seconds"),
    "skipped": ("kiosk", "item", "kind", "skipped", "first", "last"),
    "touches_by_action": ("kiosk", "action", "touches"),
    "touches_by_item": ("kiosk", "item", "touches", "opened", "from_signage"),
    "touches_by_prefecture": ("kiosk", "prefecture", "touches"),
    "touches_by_region": ("kiosk", "region", "touches"),
    "touches_by_category": ("kiosk", "category", "touches"),
    "sessions_by_day": ("kiosk", "day", "sessions", "touches", "mean_seconds",
                        "median_seconds", "longest_seconds", "total_seconds"),
    "sessions_by_hour": ("kiosk", "hour", "sessions", "touches", "mean_seconds",
                         "median_seconds"),
    "session_lengths": ("kiosk", "length", "sessions"),
}

Row = tuple[object, ...]


@dataclass(frozen=True)
class Period:
    """Local dates, both inclusive; None for open ends."""

    since: date | None = None
    until: date | None = None

    def bounds(self) -> tuple[str, str]:
        """Text bounds for ISO timestamps: since <= at < after-until (local date prefix)."""
        lo = self.since.isoformat() if self.since else ""
        hi = (self.until + timedelta(days=1)).isoformat() if self.until else "\uffff"
        return lo, hi


@dataclass(frozen=True)
class Table:
    """One table of figures: machine column keys and rows (first column: the kiosk)."""

    name: str
    columns: tuple[str, ...]
    rows: tuple[Row, ...]

    def dicts(self) -> list[dict[str, object]]:
        """The rows as mappings column -> value."""
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]


@dataclass(frozen=True)
class Stats:
    """Every table, the options they were computed with, and problems met on the way."""

    tables: dict[str, Table]
    kiosks: tuple[str, ...]
    period: Period
    idle_timeout: float
    problems: tuple[str, ...] = ()

    def table(self, name: str) -> Table:
        """The table `name` (one of TABLES)."""
        return self.tables[name]


@dataclass
class _Kiosk:
    """What was read from one source, before it becomes rows."""

    plays: list[tuple[str, str, str | None, int, int, int, int, float]] = field(
        default_factory=list)
    #: the first and last play's start
    span: tuple[str | None, str | None] = (None, None)
    #: (item, kind, times skipped, first, last)
    skipped: list[tuple[str, str, int, str, str]] = field(default_factory=list)
    touches: list[tuple[str, str | None, str | None, str | None, str | None, int]] = (
        field(default_factory=list))
    times: list[tuple[float, str, int]] = field(default_factory=list)


_PLAYS_SQL = """
SELECT item, kind, playlist, count(*),
       sum(outcome = 'ok'), sum(outcome = 'skipped'), sum(outcome = 'interrupted'),
       total(max(0.0, (julianday(ended_at) - julianday(started_at)) * 86400.0))
FROM ({plays}) WHERE {within}
GROUP BY item, kind, playlist
"""

# (the first and last play come from the started_at index)
_SPAN_SQL = """
SELECT (SELECT started_at FROM plays WHERE started_at >= :lo AND started_at < :hi
        ORDER BY started_at LIMIT 1),
       (SELECT started_at FROM plays WHERE started_at >= :lo AND started_at < :hi
        ORDER BY started_at DESC LIMIT 1)
"""

_SKIPPED_SQL = """
SELECT item, kind, count(*), min(started_at), max(started_at)
FROM ({plays}) WHERE {within} AND outcome = 'skipped'
GROUP BY item, kind
"""

_TOUCHES_SQL = """
SELECT action, item, prefecture, region, category, count(*)
FROM ({touches}) WHERE {within}
GROUP BY action, item, prefecture, region, category
"""

# the time as seconds since 1970 (UTC), the local day and hour as recorded
_TIMES_SQL = """
SELECT (julianday(at) - 2440587.5) * 86400.0, substr(at, 1, 10), CAST(substr(at, 12, 2) AS INT)
FROM ({touches}) WHERE {within} AND action != 'timeout'
"""


def _read(source: Source, period: Period) -> _Kiosk:
    """The aggregates of one source; raises sqlite3.DatabaseError on damage."""
    lo, hi = period.bounds()
    plays = f"SELECT {select_list(source, 'plays')} FROM plays"
    touches = f"SELECT {select_list(source, 'touches')} FROM touches"
    # without dates, no condition: a scan in row order beats one through the time index
    open_ended = period.since is None and period.until is None
    when_played = "1" if open_ended else "started_at >= :lo AND started_at < :hi"
    when_touched = "1" if open_ended else "at >= :lo AND at < :hi"
    bounds = {"lo": lo, "hi": hi}
    got = _Kiosk()
    conn = source.conn
    got.plays = conn.execute(_PLAYS_SQL.format(plays=plays, within=when_played),
                             bounds).fetchall()
    span = conn.execute(_SPAN_SQL, bounds).fetchone()
    got.span = (span[0], span[1]) if span else (None, None)
    got.skipped = conn.execute(_SKIPPED_SQL.format(plays=plays, within=when_played),
                               bounds).fetchall()
    got.touches = conn.execute(_TOUCHES_SQL.format(touches=touches, within=when_touched),
                               bounds).fetchall()
    got.times = [t for t in conn.execute(
        _TIMES_SQL.format(touches=touches, within=when_touched), bounds) if t[0] is not None]
    return got


def read_source(source: Source, period: Period) -> _Kiosk:
    """The aggregates of one source; a damaged one is salvaged first (a problem is added)."""
    try:
        return _read(source, period)
    except sqlite3.DatabaseError as e:
        salvage(source, e)
        return _read(source, period)


def sessions(times: Iterable[tuple[float, str, int]], idle_timeout: float
             ) -> list[tuple[str, int, float, int]]:
    """Visitor sessions from (epoch seconds, local day, local hour) of each touch:
    (day, hour, length in seconds, touches) of each, in time order."""
    found: list[tuple[str, int, float, int]] = []
    start = last = 0.0
    day, hour, count = "", 0, 0
    for at, at_day, at_hour in sorted(times):
        if count and at - last < idle_timeout:
            last = at
            count += 1
            continue
        if count:
            found.append((day, hour, last - start, count))
        start = last = at
        day, hour, count = at_day, at_hour, 1
    if count:
        found.append((day, hour, last - start, count))
    return found


def _r(seconds: float) -> float:
    return round(seconds, 1)


def _length_key(seconds: float) -> str:
    for bound, key in LENGTH_BUCKETS:
        if seconds < bound:
            return key
    return LENGTH_BUCKETS[-1][1]


def _by_count(rows: list[Row], count_at: int) -> list[Row]:
    """Rows by kiosk, then the largest count first, then by name."""
    return sorted(rows, key=lambda r: (str(r[0]), -_num(r[count_at]), str(r[1])))


def _num(value: object) -> float:
    return float(value) if isinstance(value, int | float) else 0.0


def _session_rows(kiosk: str, found: list[tuple[str, int, float, int]], key: int
                  ) -> list[Row]:
    groups: dict[str | int, list[tuple[str, int, float, int]]] = defaultdict(list)
    for s in found:
        groups[s[0] if key == 0 else s[1]].append(s)
    rows: list[Row] = []
    for k in sorted(groups):
        group = groups[k]
        lengths = [s[2] for s in group]
        touches = sum(s[3] for s in group)
        mean = _r(statistics.fmean(lengths))
        median = _r(statistics.median(lengths))
        if key == 0:
            rows.append((kiosk, k, len(group), touches, mean, median, _r(max(lengths)),
                         _r(sum(lengths))))
        else:
            rows.append((kiosk, k, len(group), touches, mean, median))
    return rows


def compute(sources: Sequence[Source], period: Period = Period(),
            idle_timeout: float = DEFAULT_IDLE_TIMEOUT) -> Stats:
    """Every table over `sources` (a damaged one is salvaged, its problem recorded)."""
    out: dict[str, list[Row]] = {name: [] for name in TABLES}
    problems: list[str] = []
    # SQLite lets go of the GIL while it scans: the kiosks' databases are read side by side
    workers = max(1, min(len(sources), os.cpu_count() or 1))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        read = list(pool.map(lambda s: read_source(s, period), sources))
    for source, got in zip(sources, read, strict=True):
        problems.extend(source.problems)
        k = source.kiosk
        _plays(k, got, out)
        n_touches = _touches(k, got, out)
        found = sessions(got.times, idle_timeout)
        out["sessions_by_day"].extend(_session_rows(k, found, 0))
        out["sessions_by_hour"].extend(_session_rows(k, found, 1))
        lengths = Counter(_length_key(s[2]) for s in found)
        out["session_lengths"].extend(
            (k, key, lengths.get(key, 0)) for _, key in LENGTH_BUCKETS)
        out["summary"].append((
            k, sum(p[3] for p in got.plays), _r(sum(p[7] for p in got.plays)),
            sum(int(p[5] or 0) for p in got.plays), n_touches, len(found),
            got.span[0], got.span[1], len(source.problems),
        ))
    if len(sources) > 1:
        out["summary"].append(_total(out["summary"]))
    tables = {name: Table(name, TABLES[name], tuple(rows)) for name, rows in out.items()}
    return Stats(tables=tables, kiosks=tuple(s.kiosk for s in sources), period=period,
                 idle_timeout=idle_timeout, problems=tuple(problems))


#: the kiosk column of the summary row over every kiosk
ALL_KIOSKS = "*"


def _total(rows: list[Row]) -> Row:
    firsts = [str(r[6]) for r in rows if r[6]]
    lasts = [str(r[7]) for r in rows if r[7]]
    return (ALL_KIOSKS, sum(int(_num(r[1])) for r in rows), _r(sum(_num(r[2]) for r in rows)),
            sum(int(_num(r[3])) for r in rows), sum(int(_num(r[4])) for r in rows),
            sum(int(_num(r[5])) for r in rows), min(firsts) if firsts else None,
            max(lasts) if lasts else None, sum(int(_num(r[8])) for r in rows))


def _plays(k: str, got: _Kiosk, out: dict[str, list[Row]]) -> None:
    items: dict[tuple[str, str], list[float]] = defaultdict(lambda: [0, 0, 0, 0, 0.0])
    kinds: dict[str, list[float]] = defaultdict(lambda: [0, 0.0])
    playlist_rows: list[Row] = []
    for item, kind, playlist, n, ok, skip, interrupted, seconds in got.plays:
        acc = items[(item, kind)]
        acc[0] += n
        acc[1] += ok or 0
        acc[2] += skip or 0
        acc[3] += interrupted or 0
        acc[4] += seconds
        kinds[kind][0] += n
        kinds[kind][1] += seconds
        playlist_rows.append((k, playlist, item, n, _r(seconds)))
    out["plays_by_item"].extend(_by_count(
        [(k, item, kind, int(a[0]), int(a[1]), int(a[2]), int(a[3]), _r(a[4]))
         for (item, kind), a in items.items()], 3))
    out["plays_by_kind"].extend(_by_count(
        [(k, kind, int(a[0]), _r(a[1])) for kind, a in kinds.items()], 2))
    out["plays_by_playlist_item"].extend(
        sorted(playlist_rows, key=lambda r: (str(r[1]), -_num(r[3]), str(r[2]))))
    out["skipped"].extend(_by_count(
        [(k, item, kind, n, first, last) for item, kind, n, first, last in got.skipped], 3))


def _touches(k: str, got: _Kiosk, out: dict[str, list[Row]]) -> int:
    actions: Counter[str] = Counter()
    items: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    prefs: Counter[str] = Counter()
    regions: Counter[str] = Counter()
    categories: Counter[str] = Counter()
    total = 0
    for action, item, prefecture, region, category, n in got.touches:
        action = LEGACY_ACTIONS.get(action, action)
        total += n
        actions[action] += n
        if item:
            acc = items[item]
            acc[0] += n
            if action == "item":
                acc[1] += n
            elif action == "open":
                acc[2] += n
        if prefecture:
            prefs[prefecture] += n
        if region:
            regions[region] += n
        if category:
            categories[category] += n
    out["touches_by_action"].extend(_by_count([(k, a, n) for a, n in actions.items()], 2))
    out["touches_by_item"].extend(_by_count([(k, i, *a) for i, a in items.items()], 2))
    out["touches_by_prefecture"].extend(_by_count([(k, p, n) for p, n in prefs.items()], 2))
    out["touches_by_region"].extend(_by_count([(k, r, n) for r, n in regions.items()], 2))
    out["touches_by_category"].extend(
        _by_count([(k, c, n) for c, n in categories.items()], 2))
    return total
