"""How long `renkei-kiosk stats` takes over a month of a busy fleet.

Generates kiosks' databases in the Store's schema (default: 4 kiosks, 1,000,000 plays and
200,000 touches in all, over 30 days, 600 items, touches about the 47 prefectures), then
times the whole command as an organiser runs it (a new process: start-up, reading every
database, the tables, output), for the text table and --json; also `report` once.
Goal: `stats` under 3 s.

    .venv/bin/python bench/bench_stats.py [--plays N] [--touches N] [--kiosks N] [--runs N]
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

from renkei_kiosk.media.japan_shapes import japan_shapes
from renkei_kiosk.store import Store

JST = timezone(timedelta(hours=9))
START = datetime(2024, 7, 9, 10, 0, tzinfo=JST)
DAYS = 30
ACTIONS = ["open", "map", "region", "category", "list", "item", "swipe", "zoom", "back",
           "home", "timeout"]


def generate(db: Path, plays: int, touches: int, seed: int) -> None:
    """A database with `plays` plays and `touches` touches spread over DAYS days."""
    rng = random.Random(seed)
    with Store(db):
        pass
    items = [(f"media/panels/{n:03d}.jpg", "image") for n in range(300)]
    items += [(f"media/comments/賛同.csv#{n}", "comment") for n in range(1, 291)]
    items += [(f"media/videos/{n}.mp4", "video") for n in range(10)]
    prefs = [p.name for p in japan_shapes().prefs]
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA journal_mode = WAL")
    span = DAYS * 8 * 3600  # 8 opening hours a day

    def moment(k: int, n: int) -> datetime:
        offset = int(span * k / max(n, 1))
        day, second = divmod(offset, 8 * 3600)
        return START + timedelta(days=day, seconds=second)

    rows = []
    for k in range(plays):
        t0 = moment(k, plays)
        item, kind = items[k % len(items)]
        outcome = "skipped" if rng.random() < 0.002 else "interrupted" if rng.random() < 0.05 \
            else "ok"
        t1 = t0 + timedelta(seconds=0 if outcome == "skipped" else rng.choice((8, 10, 12)))
        rows.append((t0.isoformat(timespec="milliseconds"), t1.isoformat(timespec="milliseconds"),
                     item, kind, "main", outcome))
    conn.executemany("INSERT INTO plays (started_at, ended_at, item, kind, playlist, outcome) "
                     "VALUES (?, ?, ?, ?, ?, ?)", rows)
    rows = []
    for k in range(touches):
        at = moment(k, touches).isoformat(timespec="milliseconds")
        action = rng.choice(ACTIONS)
        item = items[rng.randrange(len(items))][0] if action in ("open", "item", "swipe") \
            else None
        pref = rng.choice(prefs) if action in ("map", "item") else None
        rows.append((at, action, item, pref, None, None, None))
    conn.executemany("INSERT INTO touches (at, action, item, prefecture, region, category, "
                     "target) VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
    conn.commit()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


def timed(args: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "renkei_kiosk", *args], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--plays", type=int, default=1_000_000)
    parser.add_argument("--touches", type=int, default=200_000)
    parser.add_argument("--kiosks", type=int, default=4)
    parser.add_argument("--runs", type=int, default=3)
    opts = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-stats-") as tmp:
        states = []
        t = time.perf_counter()
        for n in range(opts.kiosks):
            state = Path(tmp) / f"kiosk{n + 1}"
            generate(state / "kiosk.sqlite3", opts.plays // opts.kiosks,
                     opts.touches // opts.kiosks, seed=n)
            states.append(state)
        size = sum((s / "kiosk.sqlite3").stat().st_size for s in states)
        print(f"generated {opts.plays:,} plays and {opts.touches:,} touches in {opts.kiosks} "
              f"databases ({size / 1e6:.0f} MB) in {time.perf_counter() - t:.1f} s")
        load = os.getloadavg()
        print(f"load average before: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} "
              f"({os.cpu_count()} cores)")
        state_args = [a for s in states for a in ("--state", str(s))]
        for label, extra in (("stats (table)", []), ("stats --json", ["--json"])):
            times = [timed(["stats", *state_args, *extra]) for _ in range(opts.runs)]
            print(f"{label}: median {statistics.median(times):.2f} s, "
                  f"min {min(times):.2f} s, max {max(times):.2f} s (goal < 3 s)")
        out = Path(tmp) / "report.html"
        print(f"report: {timed(['report', *state_args, '--out', str(out)]):.2f} s")
        load = os.getloadavg()
        print(f"load average after: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")


if __name__ == "__main__":
    main()
