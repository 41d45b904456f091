"""Soak: the real kiosk for many hours of its own clock (accelerated), watching for growth.

The kiosk runs in a child process under the tests' harness (tests/kivy_harness.py: a fake
clock that moves only when a frame is stepped, no frame pacing), headless, in a 480x270
window, on a copy of the repository's sample content plus large panels (6000x4000 JPEGs)
and the sample video, every item 2 s long, with the content watcher on. The kiosk's wall
clock (play log, schedule) follows the fake clock, so the play log grows as it would in
those hours. Decoding still takes real time: the run stops at `--hours` of kiosk time or
after `--budget` real minutes, whichever comes first, and says how far it got.

Every `--every` kiosk minutes it records RSS, threads, open file descriptors and the state
folder's size. Goal: under 5 % growth of each over the last two thirds of the run (the
median of the last third against the median of the middle third).

    .venv/bin/python bench/bench_soak.py [--hours 72] [--budget 30] [--every 30]
"""

from __future__ import annotations

import argparse
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
#: kiosk seconds a frame step advances (a 2 s item: 8 frames; a 0.8 s fade: 3 or 4)
FRAME = 0.25


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

    shown = [0]
    show = Playback._show

    def counted(self: Any, cmd: Any) -> None:
        shown[0] += 1
        show(self, cmd)

    Playback._show = counted  # type: ignore[method-assign]
    d = holder["d"] = AppDriver(app).start()
    proc = psutil.Process()
    started = time.monotonic()
    end = a.hours * 3600
    every = a.every * 60
    next_sample = 0.0
    try:
        while True:
            kiosk_s = d.time.now - 1000.0
            if kiosk_s >= next_sample:
                print("SOAK " + json.dumps({
                    "hours": kiosk_s / 3600, "items": shown[0],
                    "rss": proc.memory_info().rss, "threads": proc.num_threads(),
                    "fds": proc.num_fds(), "state": folder_size(state),
                    "real": time.monotonic() - started,
                }), flush=True)
                next_sample += every
            if kiosk_s >= end or time.monotonic() - started > a.budget * 60:
                break
            d.step(FRAME)
            if app.player.preparing is not None:
                time.sleep(0.002)  # let the decoding worker run
    finally:
        d.stop()


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
    p.add_argument("--budget", type=float, default=30.0, help="real minutes at most")
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
        samples: list[dict[str, float]] = []
        log = (work / "child-stderr.txt").open("w", encoding="utf-8")
        with subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=log,
                              text=True) as proc:
            assert proc.stdout is not None
            print(f"{'kiosk h':>8} {'items':>7} {'RSS MB':>7} {'threads':>7} {'fds':>4} "
                  f"{'state KB':>9} {'real s':>7}", flush=True)
            for line in proc.stdout:
                if not line.startswith("SOAK "):
                    continue
                s = json.loads(line[5:])
                samples.append(s)
                print(f"{s['hours']:8.2f} {s['items']:7d} {s['rss'] / 1e6:7.1f} "
                      f"{s['threads']:7d} {s['fds']:4d} {s['state'] / 1024:9.0f} "
                      f"{s['real']:7.0f}", flush=True)
        log.close()
        load1 = os.getloadavg()
        if len(samples) < 4:
            print("soak: too few samples (the kiosk did not run long enough)")
            return 1
        reached = samples[-1]["hours"]
        print(f"reached {reached:.1f} of {a.hours:g} kiosk hours "
              f"({samples[-1]['items']} items) in {samples[-1]['real'] / 60:.1f} real minutes; "
              f"load average {load1[0]:.2f} (1 min), {load1[1]:.2f} (5 min) at the end")
        ok = True
        for key, label in (("rss", "RSS"), ("threads", "threads"), ("fds", "open fds"),
                           ("state", "state folder")):
            g = growth(samples, key)
            good = g < 5.0 or key == "state"
            ok = ok and good
            rest = samples[len(samples) // 3:]
            low, high = min(x[key] for x in rest), max(x[key] for x in rest)
            scale = 1e6 if key == "rss" else (1024 if key == "state" else 1)
            print(f"  {label:>12}: {g:+.1f} % over the last two thirds (medians; range "
                  f"{low / scale:.0f}-{high / scale:.0f})"
                  + ("" if key == "state" else f"  (goal < 5 %) {'ok' if good else 'OVER'}"))
        print("  (the state folder holds the play log and the kiosk's log, which grow by "
              "design: one row and one line per item; both are size-capped or rotated)")
        return 0 if ok else 1
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
