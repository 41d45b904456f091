"""A real kiosk on Xvfb (llvmpipe: OpenGL on the CPU) draws a video alone on screen straight
into its X window (ui.direct), loops a one-clip playlist with a cut, and gives the screen
back to OpenGL the moment a visitor touches."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

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
            xdisplay.end(proc)
    rows = [json.loads(line) for line in frames.read_text().splitlines()]
    assert len(rows) >= 60  # (25 fps for several seconds, each frame as it reached X)


def test_fades_between_still_panels_are_blended_on_the_cpu_into_the_window(
    tmp_path: Path,
) -> None:
    from PIL import Image

    content = tmp_path / "content"
    (content / "media").mkdir(parents=True)
    (content / "playlists").mkdir()
    Image.new("RGB", (1280, 720), (255, 0, 0)).save(content / "media" / "1_赤.png")
    two = Image.new("RGB", (1280, 720), (0, 0, 255))  # blue above, lime below
    two.paste((0, 255, 0), (0, 360, 1280, 720))
    two.save(content / "media" / "2_青と緑.png")
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
            between: list[tuple[Any, Any]] = []  # (upper, lower) mid-fade
            ends: set[tuple[str | None, str | None]] = set()
            deadline = time.monotonic() + 30
            while "the first fade drawn on the CPU" not in out.read_text("utf-8", "replace") \
                    or len(between) < 2:
                assert proc.poll() is None and time.monotonic() < deadline, \
                    (ends, between, out.read_text("utf-8", "replace"))
                shot = xdisplay.screenshot(display)
                upper, lower = shot.getpixel((640, 180)), shot.getpixel((640, 540))
                names = (_which(upper), _which(lower))  # type: ignore[arg-type]
                if None not in names:
                    ends.add(names)
                elif 40 < upper[0] < 215:  # type: ignore[index]
                    between.append((upper, lower))
            log = out.read_text("utf-8", "replace")
        finally:
            xdisplay.end(proc)
    assert "cannot draw fades" not in log, log
    frames = int(log.split("the first fade drawn on the CPU")[1].split(" frames")[0]
                 .rsplit(" ", 1)[1])
    assert frames >= 20, log  # (a 1.2-s fade, up to 60 frames a second)
    assert ends == {("red", "red"), ("blue", "lime")}  # each panel as it is
    for (r, g, b), (r2, g2, b2) in between:  # red mixed with blue above, lime below
        assert g <= 8 and abs(r + b - 255) <= 10, between  # (not upside down, nor
        assert b2 <= 8 and abs(r2 + g2 - 255) <= 10, between  # red and blue swapped)
