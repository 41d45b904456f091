"""Soak: the real kiosk for many hours of its own clock (accelerated), watching for growth.

The kiosk runs in a child process under the tests' harness (tests/kivy_harness.py: a fake
clock that moves only when a frame is stepped, no frame pacing), headless, in a 480x270
window, on a copy of the repository's sample content plus large panels (6000x4000 JPEGs)
and the sample video, every item 2 s long, with the content watcher on. The kiosk's wall
clock (play log, schedule) follows the fake clock, so the play log grows as it would in
those hours. Every item is really prepared (pictures decoded, cards laid out, the video
opened and its first frame decoded) and really drawn.

How the clock is stepped (what makes 72 kiosk hours fit in about an hour):
- during a transition, a frame every 0.25 s (a 0.5 s fade: its middle and its end);
- otherwise a frame at most every second, and never past the next moment the kiosk
  waits for: an item's end, a comment card's page turn (steps are multiples of 0.25 s,
  like every such moment, so no item or page is cut short or stretched);
- when the next frame would reach the item's due time and the next item is still being
  decoded, the clock holds until the decoder hands it over: on a venue PC the next item
  is decoded while the current one shows (tens of milliseconds against 2 s), so an item
  never waits for it. (Stepped on instead, as this harness did before, the kiosk clock
  ran on during every decode and each item got longer: about 1,000 items a kiosk hour
  instead of 1,290 on a loaded machine, fewer the more loaded.)
An item is 2 s after its 0.5 s fade, and a comment card too long for one page shows
each page 2 s: 72 kiosk hours are about 93,000 items.
Decoding and drawing still take real time: the run stops at `--hours` of kiosk time or
after `--budget` real minutes, whichever comes first, and says how far it got.

Every `--every` kiosk minutes it records RSS, threads, open file descriptors and the state
folder's size (and the machine's load average). Goal: under 5 % growth of each over the
last two thirds of the run (the median of the last third against the median of the
middle third).

    nice -n 19 .venv/bin/python bench/bench_soak.py [--hours 72] [--budget 90] [--every 30]
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
ITEM_SECONDS = 2.0
#: kiosk seconds between frames during a transition, and the unit of every step (a
#: binary fraction: the fake clock adds it exactly, so due times are met to the frame)
FRAME = 0.25
#: the longest step while nothing moves (an item shows still, a card holds its page)
STILL_STEP = 1.0
#: real seconds the clock holds for a decoded item at most (then it steps on)
HOLD_LIMIT = 30.0


def make_content(root: Path) -> None:
    """The sample content with every item 2 s long, plus three large panels."""
    from PIL import Image, ImageDraw

    shutil.copyfile(REPO / "kiosk.yaml", root / "kiosk.yaml")
    shutil.copytree(REPO / "media", root / "media")
    (root / "playlists").mkdir()
    big = root / "media" / "soak-large"
    big.mkdir()
    for i in range(3):
        img = Image.new("RGB", (6000, 4000), (40 + 60 * i, 90, 160 - 40 * i))
        ImageDraw.Draw(img).ellipse((500, 500, 5500, 3500), fill=(230, 200, 60))
        img.save(big / f"大判{i}.jpg", quality=85)
    videos = sorted((root / "media" / "videos").glob("*.mp4"))
    comments = sorted(p for p in (root / "media" / "comments").iterdir()
                      if p.suffix in (".csv", ".yaml"))
    lines = [
        "name: 耐久試験（ソーク）",
        f"default_duration: {ITEM_SECONDS}",
        "transition: fade",
        "transition_duration: 0.5",
        "items:",
        "  - folder: media/panels",
        "  - folder: media/soak-large",
        *[f"  - comments: {c.relative_to(root).as_posix()}" for c in comments],
        *[f"  - video: {v.relative_to(root).as_posix()}\n    duration: {ITEM_SECONDS}"
          for v in videos[:1]],
        "  - text: 特別区全国連携プロジェクト（耐久試験）",
        "    title: お知らせ",
    ]
    (root / "playlists" / "soak.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def folder_size(path: Path) -> int:
    total = 0
    for p in path.rglob("*"):
        try:
            if p.is_file():
                total += p.stat().st_size
        except OSError:
            pass
    return total


def state_parts(state: Path) -> dict[str, int]:
    """The state folder's bytes by part: the play log's database file, its write-ahead
    log (SQLite's -wal and -shm), the kiosk's log files, and the rest (resume point,
    heartbeat, thumbnails, ...)."""
    parts = {"db": 0, "wal": 0, "logs": 0, "other": 0}
    for p in state.rglob("*"):
        try:
            if not p.is_file():
                continue
            size = p.stat().st_size
        except OSError:
            continue
        rel = p.relative_to(state).as_posix()
        key = ("db" if rel == "kiosk.sqlite3" else
               "wal" if rel.startswith("kiosk.sqlite3-") else
               "logs" if rel.startswith("logs/") else "other")
        parts[key] += size
    return parts


def play_log(state: Path) -> tuple[int, int]:
    """(rows in the play log, the database's size with what its WAL holds), read-only
    beside the kiosk's own connection."""
    import sqlite3

    db = state / "kiosk.sqlite3"
    if not db.is_file():
        return 0, 0
    conn = sqlite3.connect(f"{db.as_uri()}?mode=ro", uri=True, timeout=5.0)
    try:
        rows = int(conn.execute("SELECT count(*) FROM plays").fetchone()[0])
        pages = int(conn.execute("PRAGMA page_count").fetchone()[0])
        size = int(conn.execute("PRAGMA page_size").fetchone()[0])
        return rows, pages * size
    finally:
        conn.close()


def child(a: argparse.Namespace) -> None:
    """The kiosk, stepped until `hours` of its clock passed or the budget ran out."""
    import psutil

    sys.path.insert(0, str(REPO / "tests"))
    content, state = Path(a.content), Path(a.state)
    from renkei_kiosk.runner import build_app, setup_logging

    state.mkdir(parents=True, exist_ok=True)
    setup_logging(state)
    base = datetime(2024, 7, 9, 9, 0)
    holder: dict[str, Any] = {}

    def wallclock() -> datetime:
        d = holder.get("d")
        return base if d is None else base + timedelta(seconds=d.time.now - 1000.0)

    app = build_app(content, state, windowed=True, size=(480, 270), idle_fps=None,
                    wallclock=wallclock)
    from kivy_harness import AppDriver
    from renkei_kiosk.playback import Playback
    from renkei_kiosk.ui import bridge
    from renkei_kiosk.ui.slides import VideoSlide

    shown = [0]
    show = Playback._show

    def counted(self: Any, cmd: Any) -> None:
        shown[0] += 1
        # the item's moments: its transition's end, then every ITEM_SECONDS (its end,
        # or a comment card's page turns and the end of its last page)
        holder["settled_at"] = d.time.now + cmd.duration
        show(self, cmd)

    Playback._show = counted  # type: ignore[method-assign]
    video_frames: list[int] = []  # frames each showing of the video put on screen
    release = VideoSlide.release

    def released(self: Any) -> None:
        video_frames.append(self.frames_put)
        release(self)

    VideoSlide.release = released  # type: ignore[method-assign]
    d = holder["d"] = AppDriver(app)
    d.start()  # (the first item may show in here: `counted` needs `d` already)
    proc = psutil.Process()
    started = time.monotonic()
    end = a.hours * 3600
    every = a.every * 60
    next_sample = 0.0
    frames = held = 0
    held_s = 0.0
    # full collections (one per slide dropped): how long they take shows whether the
    # objects the collector walks keep piling up
    full_gc = {"n": 0, "s": 0.0, "t0": 0.0}

    def on_gc(phase: str, info: dict[str, int]) -> None:
        if info.get("generation") != 2:
            return
        if phase == "start":
            full_gc["t0"] = time.perf_counter()
        else:
            full_gc["n"] += 1
            full_gc["s"] += time.perf_counter() - full_gc["t0"]

    gc.callbacks.append(on_gc)
    try:
        while True:
            kiosk_s = d.time.now - 1000.0
            if kiosk_s >= next_sample:
                rows, db_bytes = play_log(state)
                print("SOAK " + json.dumps({
                    "hours": kiosk_s / 3600, "items": shown[0],
                    "rss": proc.memory_info().rss, "threads": proc.num_threads(),
                    "fds": proc.num_fds(), "state": folder_size(state),
                    "parts": state_parts(state), "rows": rows, "db_bytes": db_bytes,
                    "real": time.monotonic() - started, "frames": frames,
                    "held": held, "held_s": held_s, "objects": len(gc.get_objects()),
                    "gc_ms": full_gc["s"] / full_gc["n"] * 1000 if full_gc["n"] else 0.0,
                    "videos": len(video_frames), "video_frames": sum(video_frames),
                }), flush=True)
                full_gc.update(n=0, s=0.0)
                next_sample += every
            if kiosk_s >= end or time.monotonic() - started > a.budget * 60:
                break
            step = next_step(app, d.time.now, holder.get("settled_at"))
            if waits_for_decoder(app, d.time.now, step):
                t0 = time.monotonic()
                while not bridge.pending() and time.monotonic() - t0 < HOLD_LIMIT:
                    time.sleep(0.0005)
                held += 1
                held_s += time.monotonic() - t0
                step = 0.0  # the hand-over runs, and the next frame shows the item on time
            d.step(step)
            frames += 1
    finally:
        d.stop()
        files = {p.relative_to(state).as_posix(): p.stat().st_size
                 for p in sorted(state.rglob("*")) if p.is_file()}
        print("SOAKFILES " + json.dumps(files, ensure_ascii=False), flush=True)


def waits_for_decoder(app: Any, now: float, step: float) -> bool:
    """Whether the kiosk would wait on the decoder: nothing shown yet, or the next frame
    (`step` on) reaches the item's due time, while the next one is still being prepared.
    (Its hand-over must run a frame before that one: the player looks at the time before
    the hand-over runs in a frame.)"""
    player = app.player
    if player.preparing is None:
        return False
    if player.on_screen is None:
        return True
    remaining = player.remaining(now)
    return remaining is not None and remaining <= step


def next_step(app: Any, now: float, settled_at: float | None) -> float:
    """Kiosk seconds to the next frame: FRAME during a transition, else up to the next
    moment the kiosk waits for (an item's end, a card's page turn), at most STILL_STEP."""
    player = app.player
    stage = app.stage
    if (settled_at is None or player.transitioning(now)
            or (stage is not None and stage.transitioning)):
        return FRAME
    if now < settled_at:
        to_next = settled_at - now
    else:
        to_next = ITEM_SECONDS - (now - settled_at) % ITEM_SECONDS
    return max(FRAME, min(STILL_STEP, to_next // FRAME * FRAME))


def log_summary(logs: Path) -> str:
    """The kiosk log's lines above INFO, counted by message (timestamps dropped)."""
    import collections

    found: collections.Counter[str] = collections.Counter()
    lines = 0
    for f in sorted(logs.glob("kiosk.log*")):
        with f.open(encoding="utf-8", errors="replace") as fh:
            for line in fh:
                lines += 1
                parts = line.rstrip("\n").split(" ", 3)  # date, time, level, message
                if len(parts) == 4 and parts[2] in ("WARNING", "ERROR", "CRITICAL"):
                    found[f"{parts[2]} {parts[3][:120]}"] += 1
    if not found:
        return f"kiosk log: {lines} lines, none above INFO"
    worst = "; ".join(f"{n}x {msg}" for msg, n in found.most_common(5))
    return (f"kiosk log: {lines} lines, {sum(found.values())} above INFO "
            f"({len(found)} different): {worst}")


def growth(samples: list[dict[str, float]], key: str) -> float:
    """% growth of `key` over the last two thirds: the median of the last third against
    the median of the middle third (RSS swings with the slide on screen: one sample
    against another measures which item showed, not a trend)."""
    third = len(samples) // 3
    middle = statistics.median(s[key] for s in samples[third:2 * third])
    last = statistics.median(s[key] for s in samples[2 * third:])
    return (last / middle - 1) * 100 if middle else 0.0


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--hours", type=float, default=72.0, help="kiosk hours to run")
    p.add_argument("--budget", type=float, default=90.0, help="real minutes at most")
    p.add_argument("--every", type=float, default=30.0, help="kiosk minutes between samples")
    p.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--content", help=argparse.SUPPRESS)
    p.add_argument("--state", help=argparse.SUPPRESS)
    a = p.parse_args()
    if a.child:
        child(a)
        return 0
    work = Path(tempfile.mkdtemp(prefix="renkei-soak-"))
    try:
        content = work / "content"
        content.mkdir()
        make_content(content)
        env = dict(os.environ, SDL_VIDEODRIVER="offscreen", SDL_AUDIODRIVER="dummy",
                   KIVY_NO_ARGS="1", KIVY_NO_CONSOLELOG="1", KIVY_HOME=str(work / "kivy"),
                   PYTHONPATH=os.pathsep.join(filter(None, [str(REPO / "src"),
                                                            os.environ.get("PYTHONPATH")])))
        load0 = os.getloadavg()
        print(f"machine: {os.cpu_count()} cores, load average {load0[0]:.2f} "
              f"(1 min), {load0[1]:.2f} (5 min) at start", flush=True)
        cmd = [sys.executable, __file__, "--child", "--content", str(content),
               "--state", str(work / "state"), "--hours", str(a.hours),
               "--budget", str(a.budget), "--every", str(a.every)]
        samples: list[dict[str, Any]] = []
        files: dict[str, int] = {}
        log = (work / "child-stderr.txt").open("w", encoding="utf-8")
        with subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=log,
                              text=True) as proc:
            assert proc.stdout is not None
            print(f"{'kiosk h':>8} {'items':>7} {'RSS MB':>7} {'threads':>7} {'fds':>4} "
                  f"{'state KB':>9} {'db KB':>7} {'wal KB':>6} {'logs KB':>7} {'rows':>7} "
                  f"{'objects':>8} "
                  f"{'gc ms':>5} {'real s':>7} {'load':>5}", flush=True)
            for line in proc.stdout:
                if line.startswith("SOAKFILES "):
                    files = json.loads(line[10:])
                if not line.startswith("SOAK "):
                    continue
                s = json.loads(line[5:])
                s["load"] = os.getloadavg()[0]
                samples.append(s)
                print(f"{s['hours']:8.2f} {s['items']:7d} {s['rss'] / 1e6:7.1f} "
                      f"{s['threads']:7d} {s['fds']:4d} {s['state'] / 1024:9.0f} "
                      f"{s['db_bytes'] / 1024:7.0f} {s['parts']['wal'] / 1024:6.0f} "
                      f"{s['parts']['logs'] / 1024:7.0f} "
                      f"{s['rows']:7d} {s['objects']:8d} {s['gc_ms']:5.1f} {s['real']:7.0f} "
                      f"{s['load']:5.1f}", flush=True)
        log.close()
        load1 = os.getloadavg()
        if len(samples) < 4:
            print("soak: too few samples (the kiosk did not run long enough)")
            return 1
        last = samples[-1]
        loads = [x["load"] for x in samples]
        print(f"reached {last['hours']:.1f} of {a.hours:g} kiosk hours "
              f"({last['items']} items, {last['frames']} frames) in "
              f"{last['real'] / 60:.1f} real minutes; the clock held {last['held']} times "
              f"for the decoder ({last['held_s']:.0f} s in all); load average (1 min) "
              f"{min(loads):.1f}-{max(loads):.1f}, median {statistics.median(loads):.1f}; "
              f"{load1[1]:.2f} (5 min) at the end")
        if last["videos"]:
            print(f"video: shown {last['videos']} times, {last['video_frames']} frames decoded "
                  f"and drawn in all ({last['video_frames'] / last['videos']:.1f} a showing: "
                  "it plays at its own real-time pace, so 2 accelerated seconds give it a few)")
        print(log_summary(work / "state" / "logs"))
        print("state folder at the end: " + ", ".join(f"{k} {v / 1024:.0f} KB"
                                                     for k, v in files.items()))
        ok = True
        for key, label in (("rss", "RSS"), ("threads", "threads"), ("fds", "open fds"),
                           ("objects", "Python objects"), ("gc_ms", "full gc pass"),
                           ("state", "state folder")):
            g = growth(samples, key)
            good = g < 5.0 or key in ("state", "gc_ms")
            ok = ok and good
            rest = samples[len(samples) // 3:]
            low, high = min(x[key] for x in rest), max(x[key] for x in rest)
            scale = 1e6 if key == "rss" else (1024 if key == "state" else 1)
            print(f"  {label:>14}: {g:+.1f} % over the last two thirds (medians; range "
                  f"{low / scale:.1f}-{high / scale:.1f})"
                  + ("" if key in ("state", "gc_ms") else
                     f"  (goal < 5 %) {'ok' if good else 'OVER'}"))
        third = len(samples) // 3
        a0, a1 = samples[third], samples[-1]
        if a1["rows"] > a0["rows"]:
            per_row = (a1["db_bytes"] - a0["db_bytes"]) / (a1["rows"] - a0["rows"])
            print(f"  the play log (its database with what the WAL holds) grew {per_row:.0f} "
                  f"bytes a row over the last two thirds: one row an item, kept by design "
                  f"({a1['db_bytes'] / 1e6:.1f} MB after {a1['rows']} rows)")
        for key, label in (("wal", "SQLite WAL"), ("logs", "kiosk log"),
                           ("other", "rest of the state")):
            g = growth([x["parts"] for x in samples], key)
            print(f"  {label:>17}: {g:+.1f} % over the last two thirds (medians; "
                  f"{max(x['parts'][key] for x in samples) / 1024:.0f} KB at most)")
        from renkei_kiosk.logfile import BACKUPS, MAX_BYTES

        print(f"  (the kiosk log is rotated at {MAX_BYTES / 1e6:g} MB, with {BACKUPS} old files "
              f"kept: {MAX_BYTES * (BACKUPS + 1) / 1e6:g} MB at most)")
        return 0 if ok else 1
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
