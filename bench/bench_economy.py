"""Frame economy (issue 12): the CPU the kiosk spends on a video, a slideshow and a still
slide, beside a Chromium kiosk page (and mpv for the video), on one real X display.

One Xvfb display (1920x1080x24) with openbox; every program fullscreen on it, one after
another in the same run; CPU of each program's whole process tree (psutil: user + system
time of every process in it over the window, in % of one core):

    video      a generated 1080p30 H.264 clip with sound (AAC), looping:
               renkei-kiosk  vs  Chromium --kiosk <video autoplay loop muted>  vs  mpv --vo=x11
    slideshow  1920x1080 panels, 8 s each with 0.8-s crossfades:
               renkei-kiosk  vs  Chromium (CSS animations)
    still      one panel on screen:  renkei-kiosk  vs  Chromium idle; measured from 30 s
               after the start, over 60 s (a venue shows a still slide for hours)

It prints each figure, how the kiosk drew (on a software renderer under X11, videos
alone on screen and fades go straight into the X window: ui.direct), the ratios against
the goals, the share of the kiosk's video frames
shown within one display frame of their time (the kiosk's frame log, RENKEI_FRAME_LOG),
and the load average during the run: run it on a quiet machine for figures to publish.

    .venv/bin/python bench/bench_economy.py            # about 4.5 minutes
    .venv/bin/python bench/bench_economy.py --quick    # about 1.5 minutes, rough figures
    .venv/bin/python bench/bench_economy.py --only video --window 10

Needs Xvfb, openbox and chromium (apt-get install xvfb openbox chromium); mpv is measured
when installed (apt-get install mpv). Sound: the kiosk plays it on the machine's audio
device (on a machine without one, ffpyplayer leaves the sound out: SDL's dummy audio driver
is not used, as it never consumes sound and so stops ffpyplayer's audio clock); mpv decodes
it into its null output; Chromium's video is muted, as a kiosk page's must be to autoplay.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

import psutil
from PIL import Image, ImageDraw

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
CACHE = Path(tempfile.gettempdir()) / "renkei-bench-cache"
SIZE = (1920, 1080)
#: the display's refresh period, for the on-time count (Xvfb has none: a 60 Hz panel's)
DISPLAY_PERIOD = 1 / 60
CLIP_FPS = 30
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--autoplay-policy=no-user-gesture-required"]


class BenchError(Exception):
    """The benchmark cannot run (a tool is missing, a program did not start)."""


# -- content ------------------------------------------------------------------------------
def make_clip(seconds: float) -> Path:
    """A 1080p30 H.264 clip with an AAC sine tone (made once, cached)."""
    import imageio_ffmpeg

    path = CACHE / f"clip_1080p30_{seconds:g}s.mp4"
    if not path.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".part.mp4")
        subprocess.run(
            [imageio_ffmpeg.get_ffmpeg_exe(), "-loglevel", "error", "-y",
             "-f", "lavfi", "-i", f"testsrc2=size=1920x1080:rate={CLIP_FPS}:duration={seconds}",
             "-f", "lavfi", "-i", f"sine=frequency=440:duration={seconds}",
             "-c:v", "libx264", "-preset", "medium", "-pix_fmt", "yuv420p", "-g", "60",
             "-c:a", "aac", "-b:a", "128k", "-shortest", str(tmp)],
            check=True)
        tmp.replace(path)
    return path


def make_panel(i: int) -> Path:
    """A full-HD panel: a gradient, shapes and a label (made once, cached)."""
    path = CACHE / f"economy_panel_{i}.jpg"
    if not path.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        w, h = SIZE
        hue = [(200, 60, 40), (40, 120, 200), (60, 160, 80), (180, 140, 30)][i % 4]
        img = Image.new("RGB", SIZE)
        draw = ImageDraw.Draw(img)
        for y in range(0, h, 4):
            f = y / h
            draw.rectangle((0, y, w, y + 4), fill=tuple(int(c * (0.4 + 0.6 * f)) for c in hue))
        for k in range(12):
            x, y = (k * 397 + i * 131) % (w - 200), (k * 211 + i * 71) % (h - 200)
            draw.ellipse((x, y, x + 180, y + 180), outline=(255, 255, 255), width=6)
        draw.text((80, 80), f"panel {i}", fill=(255, 255, 255))
        img.save(path, quality=90)
    return path


def kiosk_content(root: Path, kind: str, media: list[Path], panel_seconds: float,
                  fade: float) -> None:
    """A content folder for the kiosk: the clip looping, the panels, or one still."""
    (root / "media").mkdir(parents=True, exist_ok=True)
    (root / "playlists").mkdir(parents=True, exist_ok=True)
    (root / "kiosk.yaml").write_text("display:\n  fullscreen: true\n", encoding="utf-8")
    names = []
    for src in media:
        shutil.copyfile(src, root / "media" / src.name)
        names.append(src.name)
    if kind == "video":
        body = f"items:\n  - video: media/{names[0]}\n    volume: 0.5\n"
    elif kind == "slideshow":
        body = (f"default_duration: {panel_seconds:g}\ntransition: fade\n"
                f"transition_duration: {fade:g}\nitems:\n"
                + "".join(f"  - image: media/{n}\n" for n in names))
    else:
        body = f"default_duration: 3600\nitems:\n  - image: media/{names[0]}\n"
    (root / "playlists" / "main.yaml").write_text("name: bench\n" + body, encoding="utf-8")


PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><style>
html, body {{ margin: 0; width: 100vw; height: 100vh; background: #000; overflow: hidden; }}
img, video {{ position: absolute; inset: 0; width: 100vw; height: 100vh;
              object-fit: contain; }}
{style}
</style></head><body>{body}</body></html>
"""


def chromium_page(work: Path, kind: str, media: list[Path], panel_seconds: float,
                  fade: float) -> Path:
    """The same work as a Chromium kiosk page."""
    for src in media:
        shutil.copyfile(src, work / src.name)
    style = ""
    if kind == "video":
        body = f'<video src="{media[0].name}" autoplay loop muted playsinline></video>'
    elif kind == "slideshow":
        # each panel: fades in over `fade` s at its turn, shows, fades out as the next
        # fades in (a crossfade), in a cycle of n panels
        n = len(media)
        cycle = n * panel_seconds
        a, b = fade / cycle * 100, panel_seconds / cycle * 100
        c = (panel_seconds + fade) / cycle * 100
        style = (f"img {{ opacity: 0; animation: show {cycle:g}s linear infinite; }}\n"
                 f"@keyframes show {{ 0% {{ opacity: 0; }} {a:.3f}% {{ opacity: 1; }} "
                 f"{b:.3f}% {{ opacity: 1; }} {c:.3f}% {{ opacity: 0; }} "
                 f"100% {{ opacity: 0; }} }}\n"
                 + "".join(f"#p{i} {{ animation-delay: {i * panel_seconds - fade:g}s; }}\n"
                           for i in range(n)))
        body = "".join(f'<img id="p{i}" src="{m.name}">' for i, m in enumerate(media))
    else:
        body = f'<img src="{media[0].name}">'
    page = work / f"{kind}.html"
    page.write_text(PAGE.format(style=style, body=body), encoding="utf-8")
    return page


# -- processes and the display ------------------------------------------------------------
def stop_group(proc: subprocess.Popen[bytes], grace: float = 8.0) -> None:
    """End `proc` (started in its own session) and its process group: TERM, then KILL."""
    if proc.poll() is None:
        with suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        with suppress(subprocess.TimeoutExpired):
            proc.wait(grace)
    with suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)
    with suppress(subprocess.TimeoutExpired):
        proc.wait(3)


@contextmanager
def display(number: int) -> Iterator[str]:
    """Xvfb 1920x1080x24 on `:number` with openbox; both ended afterwards by their ids."""
    for tool in ("Xvfb", "openbox"):
        if shutil.which(tool) is None:
            raise BenchError(f"{tool} is not installed (apt-get install xvfb openbox)")
    name = f":{number}"
    if Path(f"/tmp/.X{number}-lock").exists():
        raise BenchError(f"display {name} is in use; choose another with --display")
    server = subprocess.Popen(["Xvfb", name, "-screen", "0", "1920x1080x24", "-nolisten", "tcp"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              start_new_session=True)
    wm: subprocess.Popen[bytes] | None = None
    try:
        deadline = time.monotonic() + 10
        while not Path(f"/tmp/.X11-unix/X{number}").exists():
            if server.poll() is not None or time.monotonic() > deadline:
                raise BenchError(f"Xvfb did not start on {name}")
            time.sleep(0.1)
        wm = subprocess.Popen(["openbox"], env=dict(os.environ, DISPLAY=name),
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              start_new_session=True)
        time.sleep(1.0)
        yield name
    finally:
        if wm is not None:
            stop_group(wm, 3)
        stop_group(server, 3)


def tree_cpu(pid: int) -> dict[int, float]:
    """CPU seconds (user + system) of `pid` and every descendant, by process id."""
    found: dict[int, float] = {}
    try:
        root = psutil.Process(pid)
        procs = [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return found
    for p in procs:
        with suppress(psutil.NoSuchProcess, psutil.AccessDenied):
            t = p.cpu_times()
            found[p.pid] = t.user + t.system
    return found


@dataclass
class Measured:
    """One program's CPU over a window."""

    name: str
    cpu: float | None  # % of one core, None: not measured
    processes: int = 0
    load: float = 0.0  # 1-minute load average at the end of its window
    note: str = ""
    frame_log: Path | None = field(default=None, repr=False)


def measure(name: str, args: list[str], env: dict[str, str], settle: float, window: float,
            work: Path) -> Measured:
    """Start `args`, let it settle, and take its process tree's CPU over `window` s."""
    log = work / f"{name.replace(' ', '_')}.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen(args, stdout=out, stderr=out, env=env, start_new_session=True)
    try:
        time.sleep(settle)
        if proc.poll() is not None:
            raise BenchError(f"{name} exited ({proc.returncode}) before measuring; see {log}")
        before, t0 = tree_cpu(proc.pid), time.monotonic()
        time.sleep(window)
        after, t1 = tree_cpu(proc.pid), time.monotonic()
        if proc.poll() is not None:
            raise BenchError(f"{name} exited ({proc.returncode}) while measured; see {log}")
        used = sum(t - before.get(pid, 0.0) for pid, t in after.items())
        return Measured(name, 100.0 * used / (t1 - t0), len(after), os.getloadavg()[0])
    finally:
        stop_group(proc)


def kiosk_args(content: Path, state: Path) -> list[str]:
    return [sys.executable, "-m", "renkei_kiosk", "run", "--content", str(content),
            "--state", str(state)]


def chromium_args(page: Path, profile: Path) -> list[str]:
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if exe is None:
        raise BenchError("chromium is not installed (apt-get install chromium)")
    return [exe, "--kiosk", *CHROMIUM_FLAGS, f"--user-data-dir={profile}", page.as_uri()]


# -- the three scenes ---------------------------------------------------------------------
@dataclass
class Options:
    window: float
    settle: float
    panel_seconds: float
    fade: float
    clip_seconds: float
    work: Path
    display: str


#: the still scene: a still slide is what a venue shows for hours, so it is measured after
#: the start's one-off work (the watcher, the font tables, the spare browse view) and over
#: a whole minute: one cycle of the touch invitation, which shows for 8 s of each minute
STILL_SETTLE, STILL_WINDOW = 30.0, 60.0


def scene(kind: str, media: list[Path], o: Options, with_mpv: bool) -> list[Measured]:
    """Measure the kiosk, Chromium (and mpv) doing `kind` on the display."""
    if kind == "still":
        o = dataclasses.replace(o, settle=max(o.settle, STILL_SETTLE),
                                window=max(o.window, STILL_WINDOW))
    base = dict(os.environ, DISPLAY=o.display)
    work = o.work / kind
    work.mkdir(parents=True, exist_ok=True)
    found: list[Measured] = []

    content = work / "content"
    kiosk_content(content, kind, media, o.panel_seconds, o.fade)
    frames = work / "frames.jsonl"
    env = dict(base, PYTHONPATH=str(REPO / "src"))
    env.pop("SDL_AUDIODRIVER", None)  # (the dummy driver would stall the audio clock)
    if kind == "video":
        env["RENKEI_FRAME_LOG"] = str(frames)
    print(f"  {kind}: renkei-kiosk ...", flush=True)
    m = measure("renkei-kiosk", kiosk_args(content, work / "state"), env, o.settle,
                o.window, work)
    m.frame_log = frames if kind == "video" else None
    m.note = drawing_path(work / "renkei-kiosk.log")
    found.append(m)

    print(f"  {kind}: Chromium ...", flush=True)
    page = chromium_page(work, kind, media, o.panel_seconds, o.fade)
    profile = Path(tempfile.mkdtemp(prefix="chromium-profile-", dir=work))
    found.append(measure("Chromium --kiosk", chromium_args(page, profile), base, o.settle,
                         o.window, work))

    if kind == "video" and with_mpv:
        exe = shutil.which("mpv")
        if exe is None:
            found.append(Measured("mpv --vo=x11", None, note="not installed (apt-get install mpv)"))
        else:
            print(f"  {kind}: mpv ...", flush=True)
            args = [exe, "--vo=x11", "--fs", "--loop-file=inf", "--hwdec=no", "--ao=null",
                    "--no-terminal", "--no-config", str(media[0])]
            found.append(measure("mpv --vo=x11", args, base, min(o.settle, 3.0), o.window,
                                 work))
    return found


def drawing_path(log: Path) -> str:
    """How the kiosk drew its videos and fades, from its log (ui.direct: straight into the
    X window on a software renderer, else OpenGL)."""
    try:
        text = log.read_text("utf-8", "replace")
    except OSError:
        return ""
    said = [line.split(" INFO ", 1)[1].split(" (", 1)[0] for line in text.splitlines()
            if " INFO Video: " in line or " INFO Fade: fades" in line
            or " WARNING Video: " in line or " WARNING Fade: " in line]
    return "; ".join(dict.fromkeys(said))


def on_time_line(path: Path | None) -> str:
    """The frame log's on-time share (goal >= 99 %)."""
    sys.path.insert(0, str(REPO / "src"))
    from renkei_kiosk.media.frame_log import on_time, read_log

    if path is None or not path.exists():
        return "frames on time: no frame log was written"
    counted = on_time(read_log(path), frame_period=1 / CLIP_FPS, display_period=DISPLAY_PERIOD)
    share = counted.share * 100
    return (f"frames on time (within {DISPLAY_PERIOD * 1000:.1f} ms of the playback clock): "
            f"{share:.1f} % ({counted.on_time} of {counted.expected}; {counted.shown} shown, "
            f"{counted.expected - counted.shown} dropped)  goal >= 99 %  "
            f"{'MET' if share >= 99 else 'NOT MET'}")


def report(kind: str, rows: list[Measured], still_margin: float = 0.3) -> list[str]:
    lines = [f"{kind}:"]
    for m in rows:
        if m.cpu is None:
            lines.append(f"  {m.name:18} not measured: {m.note}")
        else:
            lines.append(f"  {m.name:18} {m.cpu:7.2f} % CPU  ({m.processes} processes, "
                         f"load {m.load:.2f})")
            if m.note:
                lines.append(f"  {'':18} {m.note}")
    kiosk = rows[0].cpu
    for m in rows[1:]:
        if m.cpu is None or kiosk is None:
            continue
        if kind == "still":
            goal = m.cpu + still_margin
            lines.append(f"  kiosk - {m.name}: {kiosk - m.cpu:+.2f} points  (goal: at most "
                         f"+{still_margin} points)  {'MET' if kiosk <= goal else 'NOT MET'}")
        else:
            ratio = kiosk / m.cpu if m.cpu > 0 else float("inf")
            lines.append(f"  kiosk / {m.name}: {ratio:.2f}x  (goal <= 1.0x)  "
                         f"{'MET' if ratio <= 1.0 else 'NOT MET'}")
    if kind == "video":
        lines.append("  " + on_time_line(rows[0].frame_log))
    return lines


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    ap.add_argument("--only", default="video,slideshow,still",
                    help="scenes to run, comma-separated (video, slideshow, still)")
    ap.add_argument("--window", type=float, default=24.0,
                    help="seconds of CPU measured per program (default 24: three slideshow "
                         "panels)")
    ap.add_argument("--settle", type=float, default=6.0,
                    help="seconds after a program's start before measuring")
    ap.add_argument("--quick", action="store_true",
                    help="short windows (8 s, 5 s settle): rough figures, for trying it out")
    ap.add_argument("--display", type=int, default=19, help="Xvfb display number (default 19)")
    ap.add_argument("--no-mpv", action="store_true", help="skip mpv")
    args = ap.parse_args(argv)
    window, settle = (8.0, 5.0) if args.quick else (args.window, args.settle)
    kinds = [k.strip() for k in args.only.split(",") if k.strip()]
    for k in kinds:
        if k not in ("video", "slideshow", "still"):
            ap.error(f"unknown scene {k!r}: choose from video, slideshow, still")

    started = time.monotonic()
    load0 = os.getloadavg()
    cores = psutil.cpu_count() or 1
    print(f"bench_economy: {', '.join(kinds)}; {window:g} s measured per program after "
          f"{settle:g} s; {cores} cores; load average at start {load0[0]:.2f} "
          f"{load0[1]:.2f} {load0[2]:.2f}", flush=True)
    if load0[0] > cores * 0.5:
        print(f"  NOTE: the machine is busy (load {load0[0]:.1f} on {cores} cores): the "
              "figures are rough; run it on a quiet machine for the README", flush=True)
    clip = make_clip(max(6.0, min(window, 12.0)))
    panels = [make_panel(i) for i in range(3)]
    results: dict[str, list[Measured]] = {}
    with tempfile.TemporaryDirectory(prefix="renkei-economy-") as tmp, \
            display(args.display) as name:
        o = Options(window, settle, 8.0, 0.8, 0.0, Path(tmp), name)
        for kind in kinds:
            media = {"video": [clip], "slideshow": panels, "still": panels[:1]}[kind]
            try:
                results[kind] = scene(kind, media, o, with_mpv=not args.no_mpv)
            except BenchError as e:
                print(f"  {kind}: {e}", flush=True)
                logs = sorted(Path(tmp).glob(f"{kind}/*.log"))
                for log in logs:
                    print(f"--- {log.name} (last lines)\n"
                          + "\n".join(log.read_text(errors="replace").splitlines()[-8:]))
                return 1
            # (read the frame log before the folder goes)
            for line in report(kind, results[kind]):
                print(line, flush=True)
    load1 = os.getloadavg()
    print(f"load average at the end {load1[0]:.2f} {load1[1]:.2f} {load1[2]:.2f}; "
          f"run took {time.monotonic() - started:.0f} s", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
