"""Hot reload in the running kiosk: drop-to-rotation latency, and frames during a big drop.

(a) latency from the moment a dropped file is complete (renamed into place) to the moment
    it is in the rotation and the browse catalogue (goal: stable window + 0.5 s);
(b) 5,000 files dropped at once by another process: how many reloads it took, and the
    main thread's frame times meanwhile (goal: no frame longer than twice the median).

The kiosk runs for real (App.run, real clock, 60 fps, 1280x720, headless) in a child
process. Run: ``.venv/bin/python bench/bench_reload_app.py [--files 5000] [--drops 10]``
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

PLAYLIST = "name: bench\ndefault_duration: 2\ntransition: fade\nitems:\n  - folder: media/panels\n"


def _tiny_jpeg() -> bytes:
    import io

    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (64, 36), (40, 90, 160)).save(buf, "JPEG", quality=80)
    return buf.getvalue()


def write_files(folder: Path, count: int) -> None:
    """Writer process: `count` small JPEGs, as fast as the disk takes them."""
    data = _tiny_jpeg()
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        (folder / f"bulk_{i:05d}.jpg").write_bytes(data)


def child(root: Path, state: Path, files: int, drops: int, baseline: bool) -> None:
    from renkei_kiosk.kivy_env import prepare_kivy

    prepare_kivy(state, fullscreen=False, size=(1280, 720))
    from kivy.clock import Clock

    from renkei_kiosk.app import KioskApp

    # the baseline: the same kiosk and the same drop, with hot reload off
    app = KioskApp(root, state, idle_fps=None, watch=not baseline)
    if os.environ.get("BENCH_LOG"):
        import logging

        logging.getLogger("renkei_kiosk").addHandler(logging.StreamHandler(sys.stderr))
        logging.getLogger("renkei_kiosk").setLevel(logging.INFO)
    frames: list[float] = []
    result: dict[str, object] = {}
    data = _tiny_jpeg()

    def in_rotation(key: str) -> bool:
        rot = app.rotation
        if rot is None or not any(i.key == key for i in rot.items):
            return False
        return any(i.key == key for i in app.catalogue().panels)

    def frame(_dt: float) -> None:
        frames.append(time.perf_counter())

    latencies: list[float] = []
    state_: dict[str, object] = {"phase": "warmup", "t0": time.perf_counter()}

    def step(_dt: float) -> None:
        now = time.perf_counter()
        phase = state_["phase"]
        if phase == "warmup" and now - float(state_["t0"]) > 3.0:  # type: ignore[arg-type]
            state_["phase"] = "drop"
            state_["i"] = drops if baseline else 0  # the baseline skips the single drops
            state_["pending"] = None
        elif phase == "drop":
            pending = state_["pending"]
            if pending is None:
                i = int(state_["i"])  # type: ignore[call-overload]
                if i >= drops:
                    result["latency"] = latencies or [0.0]
                    state_["phase"] = "bulk"
                    state_["bulk_start"] = now
                    state_["reloads0"] = app.reloads
                    state_["frame0"] = len(frames)
                    subprocess.Popen([sys.executable, __file__, "--write",
                                      str(root / "media/panels"), str(files)])
                    return
                tmp = root / "media/panels" / f"drop_{i:03d}.jpg.part"
                tmp.write_bytes(data)
                tmp.rename(tmp.with_suffix(""))
                state_["pending"] = (f"media/panels/drop_{i:03d}.jpg", time.perf_counter())
            else:
                key, t = pending  # type: ignore[misc]
                if in_rotation(key):
                    latencies.append(now - t)
                    state_["pending"] = None
                    state_["i"] = int(state_["i"]) + 1  # type: ignore[call-overload]
        elif phase == "bulk":
            rot = app.rotation
            n = 0 if rot is None else sum(1 for i in rot.items if "bulk_" in i.key)
            written = baseline and len(os.listdir(root / "media/panels")) >= files + 3
            if (n >= files or written) and "bulk_done" not in state_:
                state_["bulk_done"] = now
            if "bulk_done" in state_ and now - float(state_["bulk_done"]) > 2.0:  # type: ignore[arg-type]
                seg = frames[int(state_["frame0"]):]  # type: ignore[call-overload]
                gaps = [b - a for a, b in itertools.pairwise(seg)]
                result["bulk"] = {
                    "seconds": float(state_["bulk_done"]) - float(state_["bulk_start"]),  # type: ignore[arg-type]
                    "reloads": app.reloads - int(state_["reloads0"]),  # type: ignore[call-overload]
                    "frames": len(gaps),
                    "median_ms": statistics.median(gaps) * 1000,
                    "max_ms": max(gaps) * 1000,
                }
                print("RESULT " + json.dumps(result), flush=True)
                app.stop()
            elif now - float(state_["bulk_start"]) > 120:  # type: ignore[arg-type]
                print("RESULT " + json.dumps({"error": "bulk drop not reconciled in 120 s"}),
                      flush=True)
                app.stop()

    if os.environ.get("BENCH_STALLS"):
        # a frame longer than 0.5 s dumps every thread's stack (from C: needs no GIL)
        import faulthandler

        def frame(_dt: float) -> None:
            frames.append(time.perf_counter())
            faulthandler.dump_traceback_later(0.5, exit=False)

    Clock.schedule_interval(frame, 0)
    Clock.schedule_interval(step, 0)
    app.run()


def _run(args: argparse.Namespace, *, baseline: bool) -> dict[str, Any] | None:
    """One child run on a fresh content root; its RESULT, or None after printing why."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "content"
        (root / "playlists").mkdir(parents=True)
        (root / "media/panels").mkdir(parents=True)
        (root / "playlists/main.yaml").write_text(PLAYLIST, encoding="utf-8")
        (root / "kiosk.yaml").write_text(
            f"watch:\n  stable_seconds: {args.stable}\n", encoding="utf-8")
        data = _tiny_jpeg()
        for i in range(3):
            (root / f"media/panels/start_{i}.jpg").write_bytes(data)
        env = dict(os.environ, SDL_VIDEODRIVER="offscreen", SDL_AUDIODRIVER="dummy",
                   KIVY_NO_ARGS="1", KIVY_NO_CONSOLELOG="1")
        cmd = [sys.executable, __file__, "--child", str(root), str(Path(tmp) / "state"),
               "--files", str(args.files), "--drops", str(args.drops)]
        if baseline:
            cmd.append("--baseline")
        out = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=600,
                             check=False)
        line = next((ln for ln in out.stdout.splitlines() if ln.startswith("RESULT ")), None)
        if line is None:
            print(out.stdout[-3000:], out.stderr[-3000:])
            return None
        res: dict[str, Any] = json.loads(line[7:])
        if "error" in res:
            print("error:", res["error"])
            return None
        return res


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--files", type=int, default=5000)
    parser.add_argument("--drops", type=int, default=10)
    parser.add_argument("--stable", type=float, default=1.0)
    parser.add_argument("--baseline", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--write", nargs=2, metavar=("DIR", "N"), help=argparse.SUPPRESS)
    parser.add_argument("--child", nargs=2, metavar=("ROOT", "STATE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.write:
        write_files(Path(args.write[0]), int(args.write[1]))
        return 0
    if args.child:
        child(Path(args.child[0]), Path(args.child[1]), args.files, args.drops, args.baseline)
        return 0
    base = _run(args, baseline=True)
    res = _run(args, baseline=False)
    if base is None or res is None:
        return 1
    lat = res["latency"]
    goal = args.stable + 0.5
    print("latencies:", " ".join(f"{v:.2f}" for v in lat))
    print(f"latency drop -> rotation+catalogue over {len(lat)} drops: "
          f"median {statistics.median(lat):.2f} s, max {max(lat):.2f} s "
          f"(goal <= {goal:.1f} s) {'OK' if max(lat) <= goal else 'MISSED'}")
    b, f = res["bulk"], base["bulk"]
    ratio = b["max_ms"] / b["median_ms"]
    print(f"{args.files} files dropped at once: in the rotation after {b['seconds']:.1f} s, "
          f"{b['reloads']} reload(s)")
    print(f"  frames with hot reload: median {b['median_ms']:.1f} ms, worst {b['max_ms']:.1f} ms "
          f"-> {ratio:.1f}x median (goal <= 2x) {'OK' if ratio <= 2 else 'MISSED'}")
    print(f"  floor, same drop with hot reload off: median {f['median_ms']:.1f} ms, "
          f"worst {f['max_ms']:.1f} ms -> {f['max_ms'] / f['median_ms']:.1f}x median")
    return 0


if __name__ == "__main__":
    sys.exit(main())
