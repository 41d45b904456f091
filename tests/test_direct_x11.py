"""A real kiosk on Xvfb (llvmpipe: OpenGL on the CPU) draws a video alone on screen straight
into its X window (ui.direct), loops a one-clip playlist with a cut, and gives the screen
back to OpenGL the moment a visitor touches."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import xdisplay
from testmedia import make_colour_steps

pytestmark = [
    pytest.mark.skipif(xdisplay.skip_reason() is not None or shutil.which("xdotool") is None,
                       reason=xdisplay.skip_reason() or "xdotool is not installed "
                       "(./dev.sh installs it)"),
]

CLIP = {"red": (255, 0, 0), "lime": (0, 255, 0), "blue": (0, 0, 255)}
#: points browse mode's video page keeps to itself: header, side bar, footer (1280x720)
AROUND = [(640, 20), (40, 300), (1240, 400), (900, 705)]


def _which(pixel: tuple[int, ...]) -> str | None:
    for name, rgb in CLIP.items():
        if all(abs(a - b) <= 40 for a, b in zip(pixel, rgb, strict=True)):
            return name
    return None


@pytest.mark.parametrize("wm", [None, "openbox"], ids=["bare-x", "openbox"])
def test_a_lone_video_goes_straight_to_the_window_and_a_touch_hands_it_back(
    tmp_path: Path, wm: str | None
) -> None:
    content = tmp_path / "content"
    make_colour_steps(content / "media" / "祭り.mp4", list(CLIP), seconds_each=1.0)
    (content / "playlists").mkdir()
    (content / "playlists" / "main.yaml").write_text(
        "name: 動画\nitems:\n  - video: media/祭り.mp4\n", encoding="utf-8")
    frames = tmp_path / "frames.jsonl"
    out = tmp_path / "out.txt"
    with xdisplay.xvfb(1280, 720, window_manager=wm) as display, \
            open(out, "wb") as sink:
        env = dict(xdisplay.kiosk_env(display), RENKEI_FRAME_LOG=str(frames))
        proc = subprocess.Popen(
            [sys.executable, "-m", "renkei_kiosk", "run", "--content", str(content),
             "--state", str(tmp_path / "state")], env=env, stdout=sink,
            stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + 30
            while "drawn straight into the window" not in out.read_text("utf-8", "replace"):
                assert proc.poll() is None and time.monotonic() < deadline, \
                    out.read_text("utf-8", "replace")
                time.sleep(0.2)
            seen: list[str] = []
            until = time.monotonic() + 5.0  # the 3-s clip, and its loop
            while time.monotonic() < until:
                name = _which(xdisplay.screenshot(display).getpixel((640, 360)))
                if name is not None and (not seen or seen[-1] != name):
                    seen.append(name)
                time.sleep(0.1)
            log = out.read_text("utf-8", "replace")
            assert "stopped" not in log and "cannot draw" not in log, log
            # every colour in turn, and red again after blue: the loop (a cut, no fade)
            assert "".join(n[0] for n in seen).count("rlb") >= 1, seen
            assert "br" in "".join(n[0] for n in seen), seen

            # a touch: browse mode opens on the video (its header, bars and footer drawn
            # by OpenGL again)
            subprocess.run(["xdotool", "mousemove", "640", "360", "click", "1"], check=True,
                           env=dict(os.environ, DISPLAY=display))
            deadline = time.monotonic() + 10
            while True:
                shot = xdisplay.screenshot(display)
                points = [shot.getpixel(p) for p in AROUND]
                if all(_which(p) is None for p in points):  # type: ignore[arg-type]
                    break
                assert time.monotonic() < deadline, (points, out.read_text("utf-8", "replace"))
                time.sleep(0.2)
            time.sleep(1.0)  # (the video is paused: nothing draws over browse mode)
            shot = xdisplay.screenshot(display)
            assert all(_which(shot.getpixel(p)) is None  # type: ignore[arg-type]
                       for p in AROUND)
        finally:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
    rows = [json.loads(line) for line in frames.read_text().splitlines()]
    assert len(rows) >= 60  # (25 fps for several seconds, each frame as it reached X)


def test_fades_between_still_panels_are_blended_on_the_cpu_into_the_window(
    tmp_path: Path,
) -> None:
    from PIL import Image

    content = tmp_path / "content"
    (content / "media").mkdir(parents=True)
    (content / "playlists").mkdir()
    for name, rgb in (("1_赤.png", (255, 0, 0)), ("2_青.png", (0, 0, 255))):
        Image.new("RGB", (1280, 720), rgb).save(content / "media" / name)
    (content / "playlists" / "main.yaml").write_text(
        "name: パネル\ndefault_duration: 1.5\ntransition_duration: 1.2\n"
        "items:\n  - folder: media\n", encoding="utf-8")
    out = tmp_path / "out.txt"
    with xdisplay.xvfb(1280, 720, window_manager="openbox") as display, \
            open(out, "wb") as sink:
        proc = subprocess.Popen(
            [sys.executable, "-m", "renkei_kiosk", "run", "--content", str(content),
             "--state", str(tmp_path / "state")], env=xdisplay.kiosk_env(display),
            stdout=sink, stderr=subprocess.STDOUT)
        try:
            between: list[tuple[int, ...]] = []
            ends: set[str] = set()
            deadline = time.monotonic() + 30
            while "the first fade drawn on the CPU" not in out.read_text("utf-8", "replace") \
                    or len(between) < 2:
                assert proc.poll() is None and time.monotonic() < deadline, \
                    (ends, between, out.read_text("utf-8", "replace"))
                pixel = xdisplay.screenshot(display).getpixel((640, 360))
                name = _which(pixel)  # type: ignore[arg-type]
                if name is not None:
                    ends.add(name)
                elif pixel[0] > 30 and pixel[2] > 30:  # type: ignore[index]
                    between.append(pixel)  # type: ignore[arg-type]
            log = out.read_text("utf-8", "replace")
        finally:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
    assert "cannot draw fades" not in log, log
    frames = int(log.split("the first fade drawn on the CPU")[1].split(" frames")[0]
                 .rsplit(" ", 1)[1])
    assert frames >= 20, log  # (a 1.2-s fade, up to 60 frames a second)
    assert ends == {"red", "blue"}  # each panel in its own colour (no bytes swapped)
    for r, g, b in between:  # on the way from one to the other: red and blue mixed
        assert g <= 8 and abs(r + b - 255) <= 10, between
