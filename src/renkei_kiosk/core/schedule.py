"""Which playlist is active at `now`, when that changes next, and the timeline over a span.

Pure: every function takes `now` (a naive local datetime) as an argument. Times are
compared as wall-clock values; Japan has no daylight saving time, so plain datetime
arithmetic is exact.

Semantics (SPEC.md, "Playlist"):

- ``dates`` are inclusive; ``hours`` are ``[start, end)``, so 10:00-18:00 is off at 18:00;
- a range whose end is at or before its start crosses midnight and belongs to the day it
  *starts* on: weekdays ``[fri]`` with 22:00-02:00 covers Friday 22:00 to Saturday 02:00,
  and on the last date of ``dates`` such a range runs into the next morning;
- no ``hours`` means the whole day, no ``weekdays`` means every day, no ``dates`` means
  every date;
- among active playlists the highest ``priority`` wins; a tie goes to the file name that
  sorts first.

Changes can only happen where a window opens or closes, so `next_change` and `timeline`
evaluate those instants only (one fixed set of times of day) and skip over stretches
where the week repeats itself, instead of stepping minute by minute.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import PurePosixPath

from renkei_kiosk.core.model import Playlist, Schedule, TimeRange

__all__ = [
    "Segment",
    "active_playlist",
    "changes",
    "is_active",
    "next_change",
    "timeline",
    "windows",
]

_DAY = timedelta(days=1)
_WEEK = timedelta(days=7)
_MIDNIGHT = time(0, 0)


@dataclass(frozen=True)
class Segment:
    """A stretch of time during which one playlist (or nothing: closed) is active."""

    start: datetime
    end: datetime
    #: the active playlist's stem, or None when closed
    playlist: str | None
    #: the active playlist's `name:`, or None when closed
    name: str | None


def _check_naive(when: datetime, what: str = "now") -> None:
    """Raise if `when` carries a time zone: the schedule speaks local wall-clock time."""
    if when.tzinfo is not None and when.utcoffset() is not None:
        raise ValueError(
            f"{what} must be a naive local datetime, got {when.isoformat()} with a time zone"
        )


def _range_window(day: date, rng: TimeRange) -> tuple[datetime, datetime]:
    """The `[start, end)` instants of `rng` on the day it starts on."""
    start = datetime.combine(day, rng.start)
    if rng.end is None:
        end = datetime.combine(day + _DAY, _MIDNIGHT)
    elif rng.end > rng.start:
        end = datetime.combine(day, rng.end)
    else:  # crosses midnight: ends on the next day
        end = datetime.combine(day + _DAY, rng.end)
    return start, end


def _day_applies(schedule: Schedule, day: date) -> bool:
    """Whether windows that *start* on `day` are part of `schedule`."""
    if schedule.weekdays and day.weekday() not in schedule.weekdays:
        return False
    return not schedule.dates or any(day in r for r in schedule.dates)


def windows(schedule: Schedule, day: date) -> list[tuple[datetime, datetime]]:
    """The `[start, end)` windows of `schedule` that start on `day` (empty if it is off)."""
    if not _day_applies(schedule, day):
        return []
    if not schedule.hours:
        return [(datetime.combine(day, _MIDNIGHT), datetime.combine(day + _DAY, _MIDNIGHT))]
    return [_range_window(day, r) for r in schedule.hours]


def is_active(schedule: Schedule, now: datetime) -> bool:
    """Whether `schedule` covers the naive local moment `now`."""
    _check_naive(now)
    today = now.date()
    # A window lasts at most 24 hours, so only today's and yesterday's can cover `now`.
    for day in (today, today - _DAY):
        for start, end in windows(schedule, day):
            if start <= now < end:
                return True
    return False


def _playlists(playlists: Mapping[str, Playlist] | Iterable[Playlist]) -> list[Playlist]:
    """The playlists as a list, from a stem->Playlist mapping or any iterable."""
    if isinstance(playlists, Mapping):
        return list(playlists.values())
    return list(playlists)


def _tie_key(playlist: Playlist) -> tuple[int, str, str, str]:
    """Sort key: highest priority first, then the file name that sorts first."""
    file_name = PurePosixPath(playlist.file).name if playlist.file else playlist.stem
    return (-playlist.priority, file_name, playlist.stem, playlist.file)


def _ranked(playlists: Mapping[str, Playlist] | Iterable[Playlist]) -> list[Playlist]:
    """The playlists in the order in which they win."""
    return sorted(_playlists(playlists), key=_tie_key)


def _first_active(ranked: list[Playlist], now: datetime) -> Playlist | None:
    """The first playlist of an already ranked list that is active at `now`."""
    for playlist in ranked:
        if is_active(playlist.schedule, now):
            return playlist
    return None


def active_playlist(
    playlists: Mapping[str, Playlist] | Iterable[Playlist], now: datetime
) -> Playlist | None:
    """The playlist shown at `now`: highest priority, then first file name; None = closed."""
    _check_naive(now)
    return _first_active(_ranked(playlists), now)


def _times_of_day(ranked: list[Playlist]) -> list[time]:
    """Every time of day at which some window can open or close, sorted, midnight included."""
    found = {_MIDNIGHT}
    for playlist in ranked:
        for rng in playlist.schedule.hours:
            found.add(rng.start)
            if rng.end is not None:
                found.add(rng.end)
    return sorted(found)


def _event_days(ranked: list[Playlist]) -> list[date]:
    """Days around which the weekly pattern may break: where a date range begins or ends.

    The state on a day depends on whether that day and the day before belong to `dates`,
    so both the first day of a range, the day after, and the two days after its end count.
    """
    found: set[date] = set()
    for playlist in ranked:
        for rng in playlist.schedule.dates:
            for day in (rng.start, rng.start + _DAY, rng.end + _DAY, rng.end + 2 * _DAY):
                found.add(day)
    return sorted(found)


def _stem(playlist: Playlist | None) -> str | None:
    return None if playlist is None else playlist.stem


def changes(
    playlists: Mapping[str, Playlist] | Iterable[Playlist],
    now: datetime,
    until: datetime,
) -> Iterator[tuple[datetime, Playlist | None]]:
    """Each moment in `(now, until]` at which the active playlist changes, with the new one.

    Only the instants where some window opens or closes are evaluated. Once a whole week
    has passed with no change and no date range beginning or ending, the week would only
    repeat, so the scan jumps to the next day where a date range begins or ends.
    """
    _check_naive(now)
    _check_naive(until, "until")
    ranked = _ranked(playlists)
    times = _times_of_day(ranked)
    event_days = _event_days(ranked)
    event_set = set(event_days)
    current = _stem(_first_active(ranked, now))
    day = now.date()
    quiet_since = now  # the scan has found nothing new since this instant
    while True:
        day_start = datetime.combine(day, _MIDNIGHT)
        if day_start > until:
            return
        for tod in times:
            instant = datetime.combine(day, tod)
            if instant <= now:
                continue
            if instant > until:
                return
            winner = _first_active(ranked, instant)
            if _stem(winner) != current:
                current = _stem(winner)
                quiet_since = instant
                yield instant, winner
        day += _DAY
        next_start = datetime.combine(day, _MIDNIGHT)
        if day in event_set:
            # `day` itself is an event day: the week pattern may break here.
            quiet_since = max(quiet_since, next_start)
        elif next_start - quiet_since >= _WEEK:
            later = bisect.bisect_right(event_days, day)
            if later == len(event_days):
                return  # the week repeats for ever with no change
            day = event_days[later]
            quiet_since = datetime.combine(day, _MIDNIGHT)
            # Nothing changed up to here, so the state at the jump target is `current`.


def next_change(
    playlists: Mapping[str, Playlist] | Iterable[Playlist],
    now: datetime,
    horizon: timedelta = timedelta(days=400),
) -> datetime | None:
    """The next moment after `now` at which the active playlist (or closed) changes.

    None when nothing changes within `horizon`.
    """
    for instant, _playlist in changes(playlists, now, now + horizon):
        return instant
    return None


def timeline(
    playlists: Mapping[str, Playlist] | Iterable[Playlist],
    start: datetime,
    end: datetime,
) -> list[Segment]:
    """The segments of `[start, end)`: who is active when, adjacent equal ones merged."""
    _check_naive(start, "start")
    _check_naive(end, "end")
    if end <= start:
        raise ValueError(f"the span must end after it starts: {start} .. {end}")
    ranked = _ranked(playlists)
    current = _first_active(ranked, start)
    segments: list[Segment] = []
    seg_start = start
    for instant, winner in changes(ranked, start, end):
        if instant >= end:
            break
        segments.append(_segment(seg_start, instant, current))
        seg_start, current = instant, winner
    segments.append(_segment(seg_start, end, current))
    return _merge(segments)


def _segment(start: datetime, end: datetime, playlist: Playlist | None) -> Segment:
    if playlist is None:
        return Segment(start, end, None, None)
    return Segment(start, end, playlist.stem, playlist.name)


def _merge(segments: list[Segment]) -> list[Segment]:
    """Join neighbouring segments of the same playlist; drop empty ones."""
    merged: list[Segment] = []
    for seg in segments:
        if seg.end <= seg.start:
            continue
        if merged and merged[-1].playlist == seg.playlist and merged[-1].end == seg.start:
            merged[-1] = Segment(merged[-1].start, seg.end, seg.playlist, seg.name)
        else:
            merged.append(seg)
    return merged
