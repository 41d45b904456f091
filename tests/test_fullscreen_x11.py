"""Fullscreen on a real X display: the kiosk's window fills the screen and a full-bleed
panel reaches every corner, with no window manager (xinit-style), under openbox, and on a
portrait display."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PIL import Image

import xdisplay

pytestmark = [
    pytest.mark.app,
    pytest.mark.skipif(xdisplay.skip_reason() is not None,
                       reason=xdisplay.skip_reason() or ""),
]

PANEL = (30, 200, 90)  # the panel's colour; the letterbox around it is blue
LETTERBOX = (0, 0, 255)


def _content(root: Path, size: tuple[int, int]) -> Path:
    (root / "media").mkdir(parents=True)
    (root / "playlists").mkdir()
    Image.new("RGB", size, PANEL).save(root / "media" / "全面.png")
    (root / "playlists" / "main.yaml").write_text(
        'name: 全面\ndefault_duration: 60\nbackground: "#0000ff"\n'
        "items:\n  - image: media/全面.png\n",
        encoding="utf-8",
    )
    return root


def _close(a: tuple[int, ...], b: tuple[int, ...]) -> bool:
    return all(abs(x - y) <= 8 for x, y in zip(a, b, strict=True))


@pytest.mark.parametrize(
    ("width", "height", "wm"),
    [
        (1280, 720, None),  # xinit with the kiosk alone
        (1280, 720, "openbox"),
        (720, 1280, None),  # a monitor turned on its side
    ],
    ids=["bare-x", "openbox", "portrait"],
)
def test_the_window_fills_the_display(
    tmp_path: Path, width: int, height: int, wm: str | None
) -> None:
    if wm is not None and subprocess.run(["which", wm], capture_output=True).returncode:
        pytest.skip(f"{wm} is not installed (./dev.sh installs it)")
    content = _content(tmp_path / "content", (width, height))
    with xdisplay.xvfb(width, height, window_manager=wm) as display:
        proc = subprocess.Popen(
            [sys.executable, "-m", "renkei_kiosk", "run", "--content", str(content),
             "--state", str(tmp_path / "state")],
            env=xdisplay.kiosk_env(display), stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        try:
            corners = [(0, 0), (width - 1, 0), (0, height - 1), (width - 1, height - 1)]
            deadline = time.monotonic() + 25
            pixels: list[tuple[int, ...]] = []
            while True:  # until the panel shows (the fade-in has ended) in every corner
                assert proc.poll() is None, proc.stdout.read().decode(errors="replace")  # type: ignore[union-attr]
                shot = xdisplay.screenshot(display)
                pixels = [shot.getpixel(c) for c in corners]  # type: ignore[misc]
                if all(_close(p, PANEL) for p in pixels):
                    break
                assert time.monotonic() < deadline, f"corners: {pixels}"
                time.sleep(0.3)
            assert xdisplay.windows(display, "renkei-kiosk") == [(width, height, 0, 0)]
            centre = shot.getpixel((width // 2, height // 2))
            assert _close(centre, PANEL)  # type: ignore[arg-type]
            if wm == "openbox":
                # at rest (browse mode prepared, a 60-s panel) the kiosk sleeps 5 s at a
                # time in SDL's wait, which a signal alone does not end: SignalWake does
                time.sleep(8.0)
                asked = time.monotonic()
                proc.send_signal(signal.SIGTERM)
                assert proc.wait(timeout=20) == 0
                assert time.monotonic() - asked < 2.0, f"{time.monotonic() - asked:.1f} s"
        finally:
            xdisplay.end(proc)
