"""How fast the schedule core answers: next_change and a year's timeline.

Run: .venv/bin/python bench/bench_schedule.py
Prints timings only (no pass/fail): the kiosk calls next_change once per schedule switch,
and `renkei-kiosk schedule --from --to` calls timeline once.
"""

from __future__ import annotations

import time
from datetime import date, datetime, timedelta
from datetime import time as clock

from renkei_kiosk.core.model import DateRange, Playlist, Schedule, TimeRange
from renkei_kiosk.core.schedule import next_change, timeline


def playlists(n: int) -> list[Playlist]:
    """`n` playlists with date ranges, two hour ranges (one crossing midnight), weekdays."""
    out = []
    for i in range(n):
        first = date(2025, 1, 1) + timedelta(days=17 * i)
        out.append(
            Playlist(
                stem=f"p{i:02d}",
                file=f"playlists/p{i:02d}.yaml",
                name=f"playlist {i}",
                entries=(),
                priority=i % 3,
                schedule=Schedule(
                    dates=(DateRange(first, first + timedelta(days=20)),),
                    hours=(
                        TimeRange(clock(10, i % 60), clock(18)),
                        TimeRange(clock(22), clock(2)),
                    ),
                    weekdays=frozenset({i % 7, (i + 2) % 7, (i + 4) % 7}),
                ),
            )
        )
    always = Playlist("main", "playlists/main.yaml", "main", ())
    return [always, *out]


def best_of(runs: int, fn: object) -> float:
    assert callable(fn)
    best = float("inf")
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def main() -> None:
    now = datetime(2024, 7, 13, 19, 0)
    for n in (1, 10, 40):
        lists = playlists(n)
        t_next = best_of(5, lambda lists=lists: next_change(lists, now))
        t_far = best_of(5, lambda lists=lists: next_change(lists, datetime(2027, 1, 1)))
        t_year = best_of(
            3, lambda lists=lists: timeline(lists, now, now + timedelta(days=365))
        )
        segments = len(timeline(lists, now, now + timedelta(days=365)))
        print(
            f"{n + 1:3d} playlists: next_change {t_next * 1000:7.2f} ms, "
            f"no change ahead {t_far * 1000:7.2f} ms, "
            f"timeline of a year {t_year * 1000:8.2f} ms ({segments} segments)"
        )


if __name__ == "__main__":
    main()
