"""Benchmarks of the signage player (issue 3), each beside a floor measured the same way.

Every measured program runs in a fresh process (bench/_player_child.py) so that Kivy starts
clean: headless (SDL offscreen video, dummy audio), a throw-away KIVY_HOME and state folder,
a 1920x1080 window. Content is generated with Pillow into a temporary folder; the large
images are made once and cached in TMPDIR/renkei-bench-cache.

    .venv/bin/python bench/bench_player.py [startup|crossfade|cpu|memory|leak|all]

startup    process launch -> first frame flipped with the first slide on the stage, with
           372 comment cards and 60 panels; beside a bare Kivy app showing one image.
crossfade  frame intervals during 1 s fades between 8000x6000 JPEGs (the next one being
           decoded meanwhile); beside a bare two-image Kivy crossfade.
cpu        process CPU on a static slide at rest, once the start-up's work is done
           (browse mode prepared) until the touch invitation first shows (10-18 s), and
           over 40 s with the invitation shown once; beside a bare Kivy app at 60 fps, both
           fullscreen on one X display (Xvfb + openbox; headless without Xvfb); then the
           touch response: real SDL clicks at random moments of the rest state, timed to
           the first frame flipped after on_touch_down.
memory     PSS (median of 1 s samples over the 10 s up to 20 s and to 90 s) rotating the
           sample content; beside a bare Kivy crossfade and a Chromium kiosk crossfading the
           same two images (each summed over its processes); headless (for reference),
           then on an X display (Xvfb + openbox, both fullscreen), where the goal is judged.
leak       RSS after 2,000 transitions vs after 200, in accelerated time (test harness).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import queue
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import psutil
from PIL import Image, ImageDraw

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
CHILD = HERE / "_player_child.py"
CACHE = Path(tempfile.gettempdir()) / "renkei-bench-cache"
CHROMIUM = "/usr/bin/chromium"


# -- content ---------------------------------------------------------------------------------------
def make_panel(path: Path, i: int, size: tuple[int, int] = (1920, 1080)) -> None:
    """A full-HD panel with a gradient, shapes and a label (cached by name)."""
    cached = CACHE / f"panel_{size[0]}x{size[1]}_{i:03}.jpg"
    if not cached.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        w, h = size
        grad = Image.linear_gradient("L").resize(size)
        hue = (i * 47) % 255
        img = Image.merge("RGB", (grad.point(lambda v: (v + hue) % 256),
                                  grad.rotate(90).resize(size),
                                  Image.new("L", size, (i * 83) % 255)))
        draw = ImageDraw.Draw(img)
        for k in range(12):
            x, y = (k * 173 + i * 31) % w, (k * 97 + i * 57) % h
            draw.ellipse((x, y, x + w // 6, y + h // 5), fill=((k * 40) % 255, 200, 90))
        draw.rectangle((w // 10, h // 3, w * 9 // 10, h * 2 // 3), fill=(250, 248, 240))
        draw.text((w // 8, h // 2 - 40), f"PANEL {i:03}  renkei-kiosk bench", fill=(20, 20, 20),
                  font_size=72)
        tmp = cached.with_suffix(".tmp")
        img.save(tmp, "JPEG", quality=88)
        tmp.replace(cached)
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(cached, path)


def big_jpeg() -> Path:
    """An 8000x6000 photo-like JPEG (noise over gradients), made once and cached."""
    path = CACHE / "scan_8000x6000.jpg"
    if not path.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        size = (8000, 6000)
        noise = Image.effect_noise(size, 30)
        grad = Image.linear_gradient("L").resize(size)
        img = Image.merge("RGB", (noise, grad, Image.blend(noise, grad.rotate(90), 0.5)))
        draw = ImageDraw.Draw(img)
        for k in range(40):
            x, y = (k * 733) % 7000, (k * 419) % 5000
            draw.ellipse((x, y, x + 900, y + 700), fill=((k * 50) % 255, 120, 200))
        tmp = path.with_suffix(".tmp")
        img.save(tmp, "JPEG", quality=90)
        tmp.replace(path)
    return path


SENTENCES = (
    "特別区との交流を楽しみにしています。",
    "物産展や観光PRなど、これまでの取組を紹介します。",
    "今後の連携への期待をここに記載します。",
    "季節のイベントで多くの区民の皆さまにお越しいただきました。",
    "子どもたちの自然体験交流を続けています。",
    "災害時の相互応援協定を結んでいます。",
)


def make_startup_content(root: Path, cards: int = 372, panels: int = 60) -> None:
    """A content root with `cards` comment cards across the prefectures and `panels`
    full-HD panels, in one playlist (panels first)."""
    from renkei_kiosk.core.catalogue import PREFECTURES

    for i in range(panels):
        make_panel(root / "media" / "panels" / f"panel_{i:03}.jpg", i)
    comments = root / "media" / "comments" / "cards.csv"
    comments.parent.mkdir(parents=True, exist_ok=True)
    with open(comments, "w", encoding="utf-8-sig", newline="") as f:
        out = csv.writer(f)
        out.writerow(["municipality", "prefecture", "region", "category", "comment", "photo",
                      "url"])
        for i in range(cards):
            pref = PREFECTURES[i % len(PREFECTURES)]
            text = "".join(SENTENCES[(i + k) % len(SENTENCES)] for k in range(1 + i % 9))
            out.writerow([f"サンプル{i + 1}町", pref.name, pref.region,
                          ("賛同自治体", "連携自治体", "協力企業")[i % 3], text, "",
                          f"https://example.org/{i}" if i % 4 == 0 else ""])
    write_playlist(root, "default_duration: 8\ntransition: fade\ntransition_duration: 0.8\n"
                   "items:\n  - folder: media/panels\n    duration: 10\n"
                   "  - comments: media/comments/cards.csv\n    duration: 12\n")


def write_playlist(root: Path, body: str) -> None:
    (root / "playlists").mkdir(parents=True, exist_ok=True)
    (root / "playlists" / "main.yaml").write_text("name: bench\n" + body, encoding="utf-8")


def make_crossfade_content(root: Path, items: int = 3) -> None:
    """Three 8000x6000 JPEGs, 2 s each with 1 s fades: during every fade the next one is
    being decoded."""
    big = big_jpeg()
    lines = []
    for i in range(items):
        target = root / "media" / f"scan_{i}.jpg"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(big, target)
        lines.append(f"  - image: media/scan_{i}.jpg\n")
    write_playlist(root, "default_duration: 2\ntransition: fade\ntransition_duration: 1\n"
                   "items:\n" + "".join(lines))


def make_static_content(root: Path, image: Path) -> None:
    (root / "media").mkdir(parents=True, exist_ok=True)
    shutil.copyfile(image, root / "media" / "still.jpg")
    write_playlist(root, "default_duration: 3600\ntransition: fade\n"
                   "items:\n  - image: media/still.jpg\n")


def make_leak_content(root: Path) -> None:
    """Five distinct images, three comment cards and a text slide; 0.2 s items, 0.05 s
    fades."""
    for i in range(5):
        make_panel(root / "media" / f"p{i}.jpg", 100 + i, size=(480, 270))
    (root / "media" / "cards.csv").write_text(
        "municipality,prefecture,comment,url\n"
        "白糠町,北海道,特別区との交流を楽しみにしています。,https://example.org/\n"
        "見本町,青森県," + "今後の連携への期待をここに記載します。" * 6 + ",\n"
        "例示村,沖縄県,災害時の相互応援協定を結んでいます。,\n", encoding="utf-8")
    write_playlist(root, "default_duration: 0.2\ntransition: fade\ntransition_duration: 0.05\n"
                   "items:\n" + "".join(f"  - image: media/p{i}.jpg\n" for i in range(5))
                   + "  - comments: media/cards.csv\n"
                   "  - text: 特別区全国連携プロジェクト（ベンチマーク）\n    title: お知らせ\n")


def copy_sample_content(root: Path) -> None:
    """The repository's sample content (kiosk.yaml, playlists/, media/)."""
    shutil.copyfile(REPO / "kiosk.yaml", root / "kiosk.yaml")
    shutil.copytree(REPO / "playlists", root / "playlists")
    shutil.copytree(REPO / "media", root / "media")


# -- child processes ----------------------------------------------------------------------------
class Child:
    """One measured process: headless Kivy env, its own temp folder, BENCH lines read."""

    def __init__(self, work: Path, args: list[str], name: str,
                 display: str | None = None) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix=f"{name}-", dir=work))
        env = dict(os.environ)
        env.update(SDL_VIDEODRIVER="offscreen", SDL_AUDIODRIVER="dummy", KIVY_NO_ARGS="1",
                   KIVY_HOME=str(self.dir / "kivy"), PYTHONUNBUFFERED="1")
        if display:  # a real X display (Xvfb) instead of SDL's offscreen driver, and
            # every program fullscreen on it, as at a venue
            env.update(SDL_VIDEODRIVER="x11", DISPLAY=display, BENCH_FULLSCREEN="1")
        self.log = self.dir / "stderr.txt"
        self.lines: queue.Queue[dict[str, Any]] = queue.Queue()
        env["BENCH_T0"] = repr(time.time())
        with open(self.log, "wb") as err:
            self.proc = subprocess.Popen(
                [sys.executable, str(CHILD), *args, "--state", str(self.dir / "state")],
                stdout=subprocess.PIPE, stderr=err, env=env, cwd=self.dir, text=True,
                start_new_session=True,
            )
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            if line.startswith("BENCH "):
                self.lines.put(json.loads(line[6:]))
        self.lines.put({"kind": "exit"})

    def expect(self, kind: str, timeout: float) -> dict[str, Any]:
        """The next BENCH line of `kind`; raises with the log's tail on error or time-out."""
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            try:
                msg = self.lines.get(timeout=max(0.01, left))
            except queue.Empty:
                raise BenchError(f"no {kind!r} within {timeout:.0f} s\n{self.tail()}") from None
            if msg["kind"] == kind:
                return msg
            if msg["kind"] in ("error", "exit"):
                raise BenchError(f"{msg.get('message', 'exited')}\n{self.tail()}")

    def tail(self, n: int = 15) -> str:
        try:
            lines = self.log.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            return ""
        return "\n".join("    | " + line for line in lines[-n:])

    def stop(self) -> None:
        """SIGTERM the process group, SIGKILL it if it lingers."""
        stop_group(self.proc)


class BenchError(Exception):
    """A measurement could not be made."""


def stop_group(proc: subprocess.Popen[Any], grace: float = 3.0) -> None:
    """End `proc` and everything in its process group (it was started in its own session)."""
    if proc.poll() is None:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(grace)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            pass
    with suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)
    with suppress(subprocess.TimeoutExpired):
        proc.wait(grace)


@contextmanager
def child(work: Path, args: list[str], name: str,
          display: str | None = None) -> Iterator[Child]:
    c = Child(work, args, name, display)
    try:
        yield c
    finally:
        c.stop()


def tree(pid: int) -> list[psutil.Process]:
    """The process and all its descendants."""
    try:
        p = psutil.Process(pid)
        return [p, *p.children(recursive=True)]
    except psutil.NoSuchProcess:
        return []


def pss_mb(pid: int) -> tuple[float, int]:
    """Sum of PSS over a process tree (MB) and the number of processes."""
    total, n = 0, 0
    for p in tree(pid):
        try:
            total += p.memory_full_info().pss
            n += 1
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            pass
    return total / 1e6, n


def pss_settled(pid: int, started: float, mark: float, window: float = 10.0,
                every: float = 1.0) -> tuple[float, float, int]:
    """Median and largest PSS of the process tree (MB) sampled every `every` seconds over
    the `window` seconds up to `mark` seconds after `started`: one sample would catch the
    kiosk in the middle of decoding a slide, or just after."""
    samples: list[float] = []
    n = 0
    t = max(0.0, mark - window)
    while t <= mark + 1e-9:
        time.sleep(max(0.0, started + t - time.monotonic()))
        mb, n = pss_mb(pid)
        samples.append(mb)
        t += every
    return statistics.median(samples), max(samples), n


def cpu_seconds(pid: int) -> float:
    t = psutil.Process(pid).cpu_times()
    return float(t.user + t.system)


def verdict(ok: bool) -> str:
    return "OK" if ok else "FAIL"


# -- the benchmarks -------------------------------------------------------------------------------
def bench_startup(work: Path, runs: int = 3) -> str:
    root = work / "startup-content"
    make_startup_content(root)
    image = root / "media" / "panels" / "panel_000.jpg"
    kiosk, bare = [], []
    for _ in range(runs):  # interleaved, so drift hits both alike
        with child(work, ["startup-kiosk", "--content", str(root)], "startup-kiosk") as c:
            msg = c.expect("startup", 60)
            kiosk.append(msg["seconds"])
        with child(work, ["startup-bare", "--image", str(image)], "startup-bare") as c:
            bare.append(c.expect("startup", 60)["seconds"])
    k, b = statistics.median(kiosk), statistics.median(bare)
    ratio = k / b
    return (f"startup: kiosk {k:.2f} s (median of {runs}: {fmt_list(kiosk, 's')}), "
            f"bare Kivy {b:.2f} s ({fmt_list(bare, 's')}) -> {ratio:.2f}x (goal <= 1.5x) "
            f"{verdict(ratio <= 1.5)}\n"
            f"  372 comment cards + 60 panels; first item {msg['key']} shown at "
            f"{msg['shown']:.2f} s, frame flipped at {msg['seconds']:.2f} s (last run)")


def fmt_list(values: list[float], unit: str) -> str:
    return " ".join(f"{v:.2f}" for v in values) + f" {unit}"


def bench_crossfade(work: Path, fades: int = 6) -> str:
    root = work / "crossfade-content"
    make_crossfade_content(root)
    with child(work, ["crossfade-kiosk", "--content", str(root), "--fades", str(fades)],
               "crossfade-kiosk") as c:
        kiosk = c.expect("crossfade", 60 + 4 * fades)
    panels = [work / "bare-a.jpg", work / "bare-b.jpg"]
    make_panel(panels[0], 1)
    make_panel(panels[1], 2)
    with child(work, ["crossfade-bare", "--fades", str(fades), "--fade", "1", "--hold", "1",
                      *[f"--image={p}" for p in panels]], "crossfade-bare") as c:
        bare = c.expect("crossfade", 30 + 3 * fades)
    km, kw = ms_stats(kiosk["intervals"])
    bm, bw = ms_stats(bare["intervals"])
    rm, rw = km / bm, kw / bw
    return (f"crossfade: kiosk median {km:.1f} ms, worst {kw:.1f} ms "
            f"({len(kiosk['intervals'])} frames in {kiosk['fades']} fades; the next 8000x6000 "
            f"JPEG reached the Kivy thread during {kiosk['prepared_during_fades']} of them)\n"
            f"  bare Kivy crossfade median {bm:.1f} ms, worst {bw:.1f} ms "
            f"({len(bare['intervals'])} frames in {bare['fades']} fades)\n"
            f"  -> median {rm:.2f}x (goal <= 1.1x) {verdict(rm <= 1.1)}, "
            f"worst {rw:.2f}x (goal <= 1.5x) {verdict(rw <= 1.5)}\n"
            f"  kiosk frame intervals > 25 ms: "
            f"{sorted(round(v * 1000, 1) for v in kiosk['intervals'] if v > 0.025)}")


def ms_stats(intervals: list[float]) -> tuple[float, float]:
    if not intervals:
        raise BenchError("no frame was recorded during a fade")
    return statistics.median(intervals) * 1000, max(intervals) * 1000


def measure_cpu(c: Child, settle: float, window: float) -> tuple[float, float]:
    """Percent of one core used by the child over `window` s, after `settle` s."""
    time.sleep(settle)
    t0, c0 = time.monotonic(), cpu_seconds(c.proc.pid)
    time.sleep(window)
    t1, c1 = time.monotonic(), cpu_seconds(c.proc.pid)
    return 100 * (c1 - c0) / (t1 - t0), t1 - t0


def cold_memory_penalty(sleep: float = 0.18, rounds: int = 15) -> tuple[float, float]:
    """The machine's condition for the figures at rest: the CPU time (ms) of the same
    Python work (reading 20,000 objects scattered over 200,000) done back to back, and
    done each time after `sleep` s asleep, when the memory it touches has gone cold. A
    program that wakes seldom pays the second figure at each wake-up; one that polls at 60
    fps stays near the first. On an ordinary PC the two are close; on a shared virtual
    machine the second has measured 5-9x the first."""
    import random

    objs = [{"a": i, "b": str(i)} for i in range(200_000)]
    picks = random.Random(7).sample(range(len(objs)), 20_000)

    def work() -> float:
        t = time.thread_time()
        total = 0
        for i in picks:
            total += objs[i]["a"]
        return (time.thread_time() - t) * 1000

    warm = statistics.median(work() for _ in range(rounds))
    cold = []
    for _ in range(rounds):
        time.sleep(sleep)
        cold.append(work())
    return warm, statistics.median(cold)


def bench_cpu(work: Path, window: float = 40.0, touches: int = 6) -> str:
    # The kiosk is measured once its start-up work is done (browse mode prepared): first
    # at rest alone, up to 1 s before the touch invitation first shows (20 s into the
    # rotation): the verdict; then over `window` s from the same start, with the
    # invitation showing and going once (two full redraws), for the record. psutil counts
    # 10-ms ticks and the kiosk wakes once in 5 s at rest: windows of 10 s and more.
    root = work / "static-content"
    image = work / "still.jpg"
    make_panel(image, 7)
    make_static_content(root, image)
    with xvfb() as display:  # one X display for both, fullscreen (headless without Xvfb)
        with child(work, ["idle-kiosk", "--content", str(root), "--touches", str(touches),
                          "--touch-after", str(window + 1.5)], "idle-kiosk", display) as c:
            ready = c.expect("ready", 60)
            rest = max(10.0, min(window, float(ready.get("invitation_in") or window) - 1.5))
            t0, c0 = time.monotonic(), cpu_seconds(c.proc.pid)
            time.sleep(rest)
            t1, c1 = time.monotonic(), cpu_seconds(c.proc.pid)
            time.sleep(max(0.0, window - (t1 - t0)))
            t2, c2 = time.monotonic(), cpu_seconds(c.proc.pid)
            touch = c.expect("touch", 30 + 4 * touches)["records"]
        kiosk_cpu, span = 100 * (c1 - c0) / (t1 - t0), t1 - t0
        with_invitation, whole = 100 * (c2 - c0) / (t2 - t0), t2 - t0
        with child(work, ["idle-bare", "--image", str(image)], "idle-bare", display) as c:
            bare_ready = c.expect("ready", 60)
            bare_cpu, _ = measure_cpu(c, 0.5, window)
    where = (f"on an X display (Xvfb{' + openbox' if shutil.which('openbox') else ''}), "
             "both fullscreen" if display else "headless (SDL offscreen: Xvfb not installed)")
    ratio = kiosk_cpu / bare_cpu
    warm, cold = cold_memory_penalty()
    lat = [(r["frame"] - r["push"]) * 1000 for r in touch]
    polled = [(r["polled"] - r["push"]) * 1000 for r in touch if "polled" in r]
    touched = [(r["touch"] - r["push"]) * 1000 for r in touch]
    worst = max(lat)
    return (f"cpu, {where}: kiosk {kiosk_cpu:.2f}% of a core (at rest, "
            f"{ready['fps']:g} fps at most), "
            f"bare Kivy {bare_cpu:.2f}% ({bare_ready['fps']:g} fps), over {span:.1f} s "
            f"-> {ratio:.2f}x (goal <= 0.5x) {verdict(ratio <= 0.5)}\n"
            f"  with the touch invitation shown and hidden once (two full redraws): kiosk "
            f"{with_invitation:.2f}% over {whole:.1f} s -> {with_invitation / bare_cpu:.2f}x\n"
            f"touch: SDL click at a random moment of the idle state -> first frame flipped "
            f"after on_touch_down: median {statistics.median(lat):.0f} ms, worst {worst:.0f} ms "
            f"over {len(lat)} clicks (goal <= 100 ms) {verdict(worst <= 100)}\n"
            f"  per click (ms), polled by Kivy / on_touch_down / frame: "
            + ", ".join(f"{p:.0f}/{t:.0f}/{f:.0f}" for p, t, f in zip(polled, touched, lat,
                                                                       strict=False))
            + f"\n  machine: the same Python work takes {warm:.1f} ms back to back and "
            f"{cold:.1f} ms after 180 ms asleep ({cold / warm:.1f}x: memory gone cold; a "
            "program at rest pays this at every wake-up)")


CHROMIUM_PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><style>
html, body {{ margin: 0; background: #000; overflow: hidden; }}
img {{ position: absolute; inset: 0; width: 100vw; height: 100vh; object-fit: contain; }}
#b {{ animation: xfade 3.6s linear infinite; }}
@keyframes xfade {{ 0%, 28% {{ opacity: 0; }} 50%, 78% {{ opacity: 1; }} 100% {{ opacity: 0; }} }}
</style></head>
<body><img id="a" src="{a}"><img id="b" src="{b}"></body></html>
"""


def chromium_available() -> bool:
    if Path(CHROMIUM).exists():
        return True
    print("memory: installing chromium (apt-get install -y chromium) ...", flush=True)
    try:
        subprocess.run(["apt-get", "install", "-y", "-qq", "chromium"], check=True,
                       capture_output=True, timeout=400,
                       env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})
    except (OSError, subprocess.SubprocessError):
        return False
    return Path(CHROMIUM).exists()


def chromium_pss(work: Path, images: list[Path], marks: tuple[float, ...],
                 display: str | None = None) -> tuple[list[tuple[float, float]], int]:
    page = work / "crossfade.html"
    page.write_text(CHROMIUM_PAGE.format(a=images[0].name, b=images[1].name), encoding="utf-8")
    profile = Path(tempfile.mkdtemp(prefix="chromium-profile-", dir=work))
    args = [CHROMIUM, "--kiosk", *([] if display else ["--headless=new"]),
            "--disable-gpu", "--no-sandbox",
            "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--window-size=1920,1080",
            f"--user-data-dir={profile}", page.as_uri()]
    env = dict(os.environ, **({"DISPLAY": display} if display else {}))
    with open(work / "chromium.log", "wb") as log:
        proc = subprocess.Popen(args, stdout=log, stderr=log, start_new_session=True, env=env)
    try:
        started = time.monotonic()
        found: list[tuple[float, float]] = []
        n = 0
        for mark in marks:
            median, top, n = pss_settled(proc.pid, started, mark)
            if proc.poll() is not None:
                raise BenchError(f"chromium exited ({proc.returncode}); "
                                 f"see {work / 'chromium.log'}")
            found.append((median, top))
        return found, n
    finally:
        for p in reversed(tree(proc.pid)):  # descendants first, each by its own id
            with suppress(psutil.NoSuchProcess):
                p.kill()
        stop_group(proc)


@contextmanager
def xvfb() -> Iterator[str | None]:
    """A 1920x1080 Xvfb display for the run (its name), or None without Xvfb. The server is
    its own process, outside every measured process tree, like a venue PC's X server."""
    exe = shutil.which("Xvfb")
    if exe is None:
        yield None
        return
    name = f":{90 + os.getpid() % 9}"
    server = subprocess.Popen([exe, name, "-screen", "0", "1920x1080x24", "-nolisten", "tcp"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              start_new_session=True)
    time.sleep(1.0)
    wm = None
    if server.poll() is None and shutil.which("openbox"):  # a window manager, as at most venues
        wm = subprocess.Popen(["openbox"], env=dict(os.environ, DISPLAY=name),
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              start_new_session=True)
        time.sleep(0.5)
    try:
        yield name if server.poll() is None else None
    finally:
        if wm is not None:
            stop_group(wm)
        stop_group(server)


def kiosk_pss(work: Path, root: Path, marks: tuple[float, ...],
              display: str | None = None) -> tuple[list[tuple[float, float]], int]:
    """The kiosk rotating `root`: (median, largest) PSS at each mark; items shown."""
    found: list[tuple[float, float]] = []
    with child(work, ["rotate-kiosk", "--content", str(root)], "rotate-kiosk", display) as c:
        first = c.expect("shown", 60)
        started = time.monotonic()
        for mark in marks:
            median, top, _n = pss_settled(c.proc.pid, started, mark)
            found.append((median, top))
        shown = [first["key"]]
        while not c.lines.empty():
            msg = c.lines.get()
            if msg["kind"] == "shown":
                shown.append(msg["key"])
    return found, len(shown)


def bench_memory(work: Path, marks: tuple[float, ...] = (20.0, 90.0)) -> str:
    """PSS of the kiosk and of Chromium (each summed over its process tree): the median of
    one sample a second over the 10 s up to each of `marks` seconds after the first slide,
    so that memory a long run keeps shows; the bare crossfade at the first mark."""
    root = work / "sample-content"
    root.mkdir()
    copy_sample_content(root)
    images = [root / "media" / "panels" / "01_shinjuku_sample.jpg",
              root / "media" / "panels" / "02_shibuya_sample.jpg"]
    kiosk, shown = kiosk_pss(work, root, marks)
    with child(work, ["memory-bare", "--fade", "0.8", "--hold", "1",
                      *[f"--image={p}" for p in images]], "memory-bare") as c:
        c.expect("ready", 60)
        bare, _top, _n = pss_settled(c.proc.pid, time.monotonic(), marks[0])
    at = ", ".join(f"{med:.0f} MB at {mark:.0f} s (largest sample {top:.0f})"
                   for mark, (med, top) in zip(marks, kiosk, strict=True))
    lines = [f"memory, headless (SDL offscreen; for reference: the goal is judged on the X "
             f"display below): kiosk PSS {at} of the sample content ({shown} items shown); "
             f"bare Kivy crossfade {bare:.0f} MB at {marks[0]:.0f} s "
             f"({kiosk[0][0] / bare:.2f}x)"]
    if not chromium_available():
        lines.append("  Chromium: not available (apt-get install chromium failed); "
                     "no ratio to the goal")
        return "\n".join(lines)
    for img in images:
        shutil.copyfile(img, work / img.name)
    copies = [work / img.name for img in images]
    chrome, n = chromium_pss(work, copies, marks)
    lines.extend(_ratios(marks, kiosk, chrome, n, "headless Chromium", judged=False))
    # With SDL's offscreen driver a buffer swap does nothing, so Mesa's llvmpipe keeps
    # frames (and the textures they drew) until something flushes; on a display every
    # swap does. The same two programs on an X display (Xvfb) are what a venue runs.
    with xvfb() as display:
        if display is None:
            lines.append("  Xvfb not installed: no figures on an X display")
        else:
            kiosk_x, shown_x = kiosk_pss(work, root, marks, display)
            chrome_x, n_x = chromium_pss(work, copies, marks, display)
            at = ", ".join(f"{med:.0f} MB at {mark:.0f} s (largest sample {top:.0f})"
                           for mark, (med, top) in zip(marks, kiosk_x, strict=True))
            lines.append(f"memory on an X display (Xvfb + openbox, both fullscreen: the "
                         f"goal): kiosk PSS {at} ({shown_x} items shown)")
            lines.extend(_ratios(marks, kiosk_x, chrome_x, n_x, "Chromium --kiosk"))
    return "\n".join(lines)


def _ratios(marks: tuple[float, ...], kiosk: list[tuple[float, float]],
            chrome: list[tuple[float, float]], n: int, what: str,
            judged: bool = True) -> list[str]:
    out = []
    for mark, (k, _kt), (ch, _ct) in zip(marks, kiosk, chrome, strict=True):
        ratio = k / ch
        goal = f"(goal <= 0.5x) {verdict(ratio <= 0.5)}" if judged else "(reference)"
        out.append(f"  at {mark:.0f} s: {what} crossfade {ch:.0f} MB (PSS summed over {n} "
                   f"processes) -> kiosk {ratio:.2f}x {goal}")
    return out


def bench_leak(work: Path, transitions: int = 2000) -> str:
    root = work / "leak-content"
    make_leak_content(root)
    marks = [200, 1000, transitions]
    with child(work, ["leak", "--content", str(root), "--marks", *map(str, marks),
                      "--timeout", "200"], "leak") as c:
        msg = c.expect("leak", 240)
    rss = {int(k): v for k, v in msg["rss"].items()}
    objs = {int(k): v for k, v in msg["objects"].items()}
    growth = (rss[transitions] / rss[200] - 1) * 100
    return (f"leak: RSS {rss[200]:.1f} MB after 200 transitions, {rss[1000]:.1f} MB after "
            f"1000, {rss[transitions]:.1f} MB after {transitions} -> {growth:+.1f}% "
            f"(goal <= 10%) {verdict(growth <= 10)}\n"
            f"  {msg['seconds']:.0f} s of real time; slides: {', '.join(msg['kinds'])}; "
            f"Python objects {objs[200]} -> {objs[transitions]}")


BENCHES: dict[str, Callable[[Path], str]] = {
    "startup": bench_startup, "crossfade": bench_crossfade, "cpu": bench_cpu,
    "memory": bench_memory, "leak": bench_leak,
}


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("which", nargs="?", default="all", choices=[*BENCHES, "all"])
    p.add_argument("--keep", action="store_true", help="keep the temporary folder (logs)")
    a = p.parse_args()
    names = list(BENCHES) if a.which == "all" else [a.which]
    work = Path(tempfile.mkdtemp(prefix="renkei-bench-player-"))
    failed = False
    started = time.monotonic()
    load = os.getloadavg()[0]
    print(f"machine: {os.cpu_count()} cores, load average {load:.2f} at start "
          "(other processes skew every figure)", flush=True)
    try:
        for name in names:
            t = time.monotonic()
            try:
                print(BENCHES[name](work), flush=True)
            except BenchError as e:
                failed = True
                print(f"{name}: could not be measured: {e}", flush=True)
            print(f"  ({time.monotonic() - t:.0f} s)", flush=True)
    finally:
        if a.keep:
            print(f"(work folder kept: {work})")
        else:
            shutil.rmtree(work, ignore_errors=True)
    print(f"total {time.monotonic() - started:.0f} s")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
