"""Schedules: which playlist is active at `now`, the next change, and the timeline."""

from __future__ import annotations

import itertools
import random
from datetime import UTC, date, datetime, time, timedelta

import pytest

from renkei_kiosk.core.model import DateRange, Playlist, Schedule, TimeRange
from renkei_kiosk.core.schedule import (
    Segment,
    active_playlist,
    is_active,
    next_change,
    timeline,
    windows,
)

FRI, SAT, SUN = 4, 5, 6


def dt(text: str) -> datetime:
    return datetime.fromisoformat(text)


def tr(text: str) -> TimeRange:
    """'22:00-02:00' -> TimeRange; '24:00' as the end means None."""
    a, b = text.split("-")
    end = None if b == "24:00" else time.fromisoformat(b)
    return TimeRange(time.fromisoformat(a), end)


def dr(text: str) -> DateRange:
    a, _, b = text.partition("..")
    return DateRange(date.fromisoformat(a), date.fromisoformat(b or a))


def sched(dates: str = "", hours: str = "", weekdays: tuple[int, ...] = ()) -> Schedule:
    return Schedule(
        dates=tuple(dr(d) for d in dates.split(",") if d),
        hours=tuple(tr(h) for h in hours.split(",") if h),
        weekdays=frozenset(weekdays),
    )


def pl(stem: str, schedule: Schedule | None = None, priority: int = 0) -> Playlist:
    return Playlist(
        stem=stem,
        file=f"playlists/{stem}.yaml",
        name=f"{stem} の名前",
        entries=(),
        priority=priority,
        schedule=schedule or Schedule(),
    )


def test_calendar_assumption() -> None:
    # The tables below rely on these weekdays.
    assert dt("2024-07-12T00:00").weekday() == FRI
    assert dt("2024-07-13T00:00").weekday() == SAT


# fmt: off
IS_ACTIVE = [
    # (schedule, now, expected)
    (sched(), "2024-07-13T03:00", True),
    (sched(hours="10:00-18:00"), "2024-07-13T09:59:59", False),
    (sched(hours="10:00-18:00"), "2024-07-13T10:00", True),
    (sched(hours="10:00-18:00"), "2024-07-13T17:59:59", True),
    (sched(hours="10:00-18:00"), "2024-07-13T18:00", False),
    (sched(hours="10:00-12:00,13:00-18:00"), "2024-07-13T12:30", False),
    (sched(hours="10:00-12:00,13:00-18:00"), "2024-07-13T13:00", True),
    # 24:00 as an end
    (sched(hours="18:00-24:00"), "2024-07-13T23:59:59", True),
    (sched(hours="18:00-24:00"), "2024-07-14T00:00", False),
    # crossing midnight, every day
    (sched(hours="22:00-02:00"), "2024-07-13T01:59", True),
    (sched(hours="22:00-02:00"), "2024-07-13T02:00", False),
    (sched(hours="22:00-02:00"), "2024-07-13T21:59", False),
    (sched(hours="22:00-02:00"), "2024-07-13T22:00", True),
    # end == start: a full 24 hours from the start
    (sched(hours="06:00-06:00", weekdays=(FRI,)), "2024-07-13T05:59", True),
    (sched(hours="06:00-06:00", weekdays=(FRI,)), "2024-07-13T06:00", False),
    (sched(hours="06:00-06:00", weekdays=(FRI,)), "2024-07-12T05:59", False),
    # crossing midnight belongs to the day it starts on: Friday 22:00 .. Saturday 02:00
    (sched(hours="22:00-02:00", weekdays=(FRI,)), "2024-07-12T21:59", False),
    (sched(hours="22:00-02:00", weekdays=(FRI,)), "2024-07-12T22:00", True),
    (sched(hours="22:00-02:00", weekdays=(FRI,)), "2024-07-13T01:59", True),
    (sched(hours="22:00-02:00", weekdays=(FRI,)), "2024-07-13T02:00", False),
    (sched(hours="22:00-02:00", weekdays=(FRI,)), "2024-07-12T01:00", False),  # Thursday's
    (sched(hours="22:00-02:00", weekdays=(FRI,)), "2024-07-13T22:30", False),  # Saturday
    # weekdays without hours: the whole day
    (sched(weekdays=(SAT, SUN)), "2024-07-12T23:59", False),
    (sched(weekdays=(SAT, SUN)), "2024-07-13T00:00", True),
    (sched(weekdays=(SAT, SUN)), "2024-07-14T23:59", True),
    (sched(weekdays=(SAT, SUN)), "2024-07-15T00:00", False),
    # dates, inclusive
    (sched(dates="2024-07-09..2024-08-29"), "2024-07-08T23:59", False),
    (sched(dates="2024-07-09..2024-08-29"), "2024-07-09T00:00", True),
    (sched(dates="2024-07-09..2024-08-29"), "2024-08-29T23:59:59", True),
    (sched(dates="2024-07-09..2024-08-29"), "2024-08-30T00:00", False),
    (sched(dates="2024-07-13"), "2024-07-13T12:00", True),
    (sched(dates="2024-07-13"), "2024-07-14T00:00", False),
    (sched(dates="2024-07-01..2024-07-02,2024-07-20"), "2024-07-10T12:00", False),
    (sched(dates="2024-07-01..2024-07-02,2024-07-20"), "2024-07-20T12:00", True),
    # the last date's midnight-crossing range runs into the next morning ...
    (sched(dates="2024-07-09..2024-08-29", hours="22:00-02:00"), "2024-08-30T01:59", True),
    (sched(dates="2024-07-09..2024-08-29", hours="22:00-02:00"), "2024-08-30T02:00", False),
    (sched(dates="2024-07-09..2024-08-29", hours="22:00-02:00"), "2024-08-30T22:00", False),
    # ... and the first date's early morning belongs to the day before
    (sched(dates="2024-07-09..2024-08-29", hours="22:00-02:00"), "2024-07-09T01:00", False),
    (sched(dates="2024-07-09..2024-08-29", hours="22:00-02:00"), "2024-07-09T23:00", True),
    # all three together
    (sched(dates="2024-07-01..2024-07-31", hours="10:00-18:00", weekdays=(SAT,)),
     "2024-07-13T10:00", True),
    (sched(dates="2024-07-01..2024-07-31", hours="10:00-18:00", weekdays=(SAT,)),
     "2024-07-12T10:00", False),
    (sched(dates="2024-07-01..2024-07-31", hours="10:00-18:00", weekdays=(SAT,)),
     "2024-08-03T10:00", False),
]
# fmt: on


@pytest.mark.parametrize(("schedule", "now", "expected"), IS_ACTIVE)
def test_is_active(schedule: Schedule, now: str, expected: bool) -> None:
    assert is_active(schedule, dt(now)) is expected


def test_is_active_rejects_aware_datetimes() -> None:
    with pytest.raises(ValueError, match="naive local"):
        is_active(Schedule(), datetime(2024, 7, 13, tzinfo=UTC))


def test_windows_of_a_day() -> None:
    s = sched(hours="10:00-12:00,22:00-02:00", weekdays=(FRI,))
    assert windows(s, date(2024, 7, 12)) == [
        (dt("2024-07-12T10:00"), dt("2024-07-12T12:00")),
        (dt("2024-07-12T22:00"), dt("2024-07-13T02:00")),
    ]
    assert windows(s, date(2024, 7, 13)) == []


# --- which playlist wins ---------------------------------------------------------------

MAIN = pl("main")
EVENT = pl("event", sched(dates="2024-07-13", hours="18:00-21:00"), priority=5)
NIGHT = pl("night", sched(hours="22:00-02:00", weekdays=(FRI,)), priority=1)


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        ("2024-07-13T17:59", "main"),
        ("2024-07-13T18:00", "event"),
        ("2024-07-13T20:59", "event"),
        ("2024-07-13T21:00", "main"),
        ("2024-07-12T22:00", "night"),
        ("2024-07-13T01:59", "night"),
        ("2024-07-13T02:00", "main"),
    ],
)
def test_highest_priority_wins(now: str, expected: str) -> None:
    for order in itertools.permutations([MAIN, EVENT, NIGHT]):
        got = active_playlist(order, dt(now))
        assert got is not None and got.stem == expected


def test_closed_when_nothing_is_active() -> None:
    only = [pl("day", sched(hours="10:00-18:00"))]
    assert active_playlist(only, dt("2024-07-13T19:00")) is None
    assert active_playlist([], dt("2024-07-13T19:00")) is None


@pytest.mark.parametrize(
    ("stems", "expected"),
    [
        (["b", "a", "c"], "a"),
        (["zeta", "alpha"], "alpha"),
        (["main2", "main10"], "main10"),  # plain text order, not natural order
        (["a.b", "a-b"], "a-b"),  # "a-b.yaml" < "a.b.yaml"
        (["展示", "main"], "main"),
    ],
)
def test_priority_ties_go_to_the_first_file_name(stems: list[str], expected: str) -> None:
    lists = [pl(s) for s in stems]
    for order in itertools.permutations(lists):
        got = active_playlist(order, dt("2024-07-13T12:00"))
        assert got is not None and got.stem == expected
        by_stem = {p.stem: p for p in order}
        got = active_playlist(by_stem, dt("2024-07-13T12:00"))
        assert got is not None and got.stem == expected


# --- next change -------------------------------------------------------------------------

NEXT = [
    # (playlists, now, expected next change or None)
    ([MAIN], "2024-07-13T12:00", None),
    ([], "2024-07-13T12:00", None),
    ([MAIN, EVENT], "2024-07-13T12:00", "2024-07-13T18:00"),
    ([MAIN, EVENT], "2024-07-13T18:00", "2024-07-13T21:00"),
    ([MAIN, EVENT], "2024-07-13T21:00", None),
    # across days: Saturday 03:00 -> next Friday 22:00
    ([NIGHT], "2024-07-13T03:00", "2024-07-19T22:00"),
    ([NIGHT], "2024-07-19T23:00", "2024-07-20T02:00"),
    ([MAIN, NIGHT], "2024-07-13T01:00", "2024-07-13T02:00"),
    # across the end of `dates`
    ([pl("x", sched(dates="2024-07-09..2024-08-29"))], "2024-08-29T12:00",
     "2024-08-30T00:00"),
    ([pl("x", sched(dates="2024-07-09..2024-08-29", hours="22:00-02:00"))],
     "2024-08-29T23:00", "2024-08-30T02:00"),
    ([pl("x", sched(dates="2024-07-09..2024-08-29", hours="22:00-02:00"))],
     "2024-08-30T02:00", None),
    ([pl("x", sched(dates="2024-07-09..2024-08-29", hours="10:00-18:00"))],
     "2024-07-01T12:00", "2024-07-09T10:00"),
    # far ahead: the weekly pattern is skipped over, then the date range found
    ([MAIN, pl("x", sched(dates="2025-06-01..2025-06-02"), priority=1)],
     "2024-07-13T12:00", "2025-06-01T00:00"),
    # beyond the 400-day horizon
    ([MAIN, pl("x", sched(dates="2026-06-01"), priority=1)], "2024-07-13T12:00", None),
    # a change that leaves the same playlist on top is no change
    ([pl("a", sched(hours="10:00-14:00")), pl("b", sched(hours="12:00-16:00"))],
     "2024-07-13T11:00", "2024-07-13T14:00"),
    ([pl("a", sched(hours="10:00-14:00,14:00-18:00"))], "2024-07-13T11:00",
     "2024-07-13T18:00"),
]


@pytest.mark.parametrize(("playlists", "now", "expected"), NEXT)
def test_next_change(playlists: list[Playlist], now: str, expected: str | None) -> None:
    got = next_change(playlists, dt(now))
    assert got == (None if expected is None else dt(expected))


def test_next_change_horizon() -> None:
    lists = [MAIN, pl("x", sched(dates="2024-08-01"), priority=1)]
    now = dt("2024-07-13T12:00")
    assert next_change(lists, now, horizon=timedelta(days=10)) is None
    assert next_change(lists, now, horizon=timedelta(days=30)) == dt("2024-08-01T00:00")


def _random_playlists(rng: random.Random) -> list[Playlist]:
    """A few playlists with schedules on a 15-minute grid, dates within ~40 days."""
    base = date(2024, 7, 1)
    out = []
    for i in range(rng.randint(1, 4)):
        dates: tuple[DateRange, ...] = ()
        if rng.random() < 0.6:
            a = base + timedelta(days=rng.randint(0, 35))
            dates = (DateRange(a, a + timedelta(days=rng.randint(0, 6))),)
        hours: list[TimeRange] = []
        for _ in range(rng.choice([0, 1, 1, 2])):
            a_min = rng.randrange(0, 24 * 60, 15)
            b_min = rng.randrange(0, 24 * 60 + 1, 15)
            end = None if b_min == 24 * 60 else time(b_min // 60, b_min % 60)
            hours.append(TimeRange(time(a_min // 60, a_min % 60), end))
        weekdays = frozenset(rng.sample(range(7), rng.randint(1, 3))) if rng.random() < 0.4 else (
            frozenset()
        )
        out.append(
            pl(f"p{i}", Schedule(dates, tuple(hours), weekdays), priority=rng.randint(0, 2))
        )
    return out


def _brute_next_change(lists: list[Playlist], now: datetime, until: datetime) -> datetime | None:
    """Oracle: step through every quarter hour (all boundaries lie on that grid)."""
    first = active_playlist(lists, now)
    t = now.replace(minute=now.minute - now.minute % 15, second=0) + timedelta(minutes=15)
    while t <= until:
        cur = active_playlist(lists, t)
        if (cur and cur.stem) != (first and first.stem):
            return t
        t += timedelta(minutes=15)
    return None


@pytest.mark.parametrize("seed", range(30))
def test_next_change_matches_a_brute_force_scan(seed: int) -> None:
    rng = random.Random(seed)
    lists = _random_playlists(rng)
    now = datetime(2024, 6, 28) + timedelta(minutes=rng.randrange(0, 5 * 24 * 60))
    horizon = timedelta(days=50)
    assert next_change(lists, now, horizon) == _brute_next_change(lists, now, now + horizon)


# --- timeline ----------------------------------------------------------------------------


def seg(a: str, b: str, stem: str | None) -> Segment:
    return Segment(dt(a), dt(b), stem, None if stem is None else f"{stem} の名前")


TIMELINE = [
    (
        [MAIN, EVENT],
        "2024-07-13T00:00",
        "2024-07-14T00:00",
        [
            seg("2024-07-13T00:00", "2024-07-13T18:00", "main"),
            seg("2024-07-13T18:00", "2024-07-13T21:00", "event"),
            seg("2024-07-13T21:00", "2024-07-14T00:00", "main"),
        ],
    ),
    (
        [pl("day", sched(hours="10:00-18:00"))],
        "2024-07-13T09:00",
        "2024-07-14T11:00",
        [
            seg("2024-07-13T09:00", "2024-07-13T10:00", None),
            seg("2024-07-13T10:00", "2024-07-13T18:00", "day"),
            seg("2024-07-13T18:00", "2024-07-14T10:00", None),
            seg("2024-07-14T10:00", "2024-07-14T11:00", "day"),
        ],
    ),
    # adjacent ranges of one playlist merge, also across midnight
    (
        [pl("late", sched(hours="20:00-24:00,00:00-03:00,03:00-04:00"))],
        "2024-07-13T19:00",
        "2024-07-14T05:00",
        [
            seg("2024-07-13T19:00", "2024-07-13T20:00", None),
            seg("2024-07-13T20:00", "2024-07-14T04:00", "late"),
            seg("2024-07-14T04:00", "2024-07-14T05:00", None),
        ],
    ),
    # a higher-priority playlist inside a lower one's window, then the weekend
    (
        [pl("week", sched(hours="10:00-18:00", weekdays=(0, 1, 2, 3, 4))),
         pl("sat", sched(weekdays=(SAT,)), priority=1)],
        "2024-07-12T17:00",
        "2024-07-14T01:00",
        [
            seg("2024-07-12T17:00", "2024-07-12T18:00", "week"),
            seg("2024-07-12T18:00", "2024-07-13T00:00", None),
            seg("2024-07-13T00:00", "2024-07-14T00:00", "sat"),
            seg("2024-07-14T00:00", "2024-07-14T01:00", None),
        ],
    ),
    # always active: one segment
    ([MAIN], "2024-07-13T00:00", "2025-07-13T00:00",
     [seg("2024-07-13T00:00", "2025-07-13T00:00", "main")]),
]


@pytest.mark.parametrize(("playlists", "start", "end", "expected"), TIMELINE)
def test_timeline(
    playlists: list[Playlist], start: str, end: str, expected: list[Segment]
) -> None:
    assert timeline(playlists, dt(start), dt(end)) == expected


@pytest.mark.parametrize("seed", range(15))
def test_timeline_is_consistent_with_active_playlist(seed: int) -> None:
    rng = random.Random(1000 + seed)
    lists = _random_playlists(rng)
    start = datetime(2024, 6, 30, 6, 0)
    end = start + timedelta(days=45)
    segments = timeline(lists, start, end)
    assert segments[0].start == start and segments[-1].end == end
    for a, b in itertools.pairwise(segments):
        assert a.end == b.start
        assert a.playlist != b.playlist  # merged
    for s in segments:
        for t in (s.start, s.end - timedelta(minutes=15)):
            got = active_playlist(lists, t)
            assert (got and got.stem) == s.playlist


def test_timeline_rejects_an_empty_span() -> None:
    with pytest.raises(ValueError, match="end after"):
        timeline([MAIN], dt("2024-07-13T10:00"), dt("2024-07-13T10:00"))
