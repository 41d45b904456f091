"""Staff exit in the real process on a real X display: a mouse held in the corner for 5 s,
a wrong PIN, the right PIN, then X: the kiosk ends with exit code 0 and logs it.

(The rules themselves are tested with the harness's fake clock: test_staff_e2e.py. This
one holds a real pointer for 5 s of real time, through SDL, Kivy's mouse provider as the
kiosk configures it, and the window's keyboard.)"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PIL import Image

import xdisplay

pytestmark = [
    pytest.mark.app,
    pytest.mark.skipif(xdisplay.skip_reason() is not None or shutil.which("xdotool") is None,
                       reason=xdisplay.skip_reason() or "xdotool is not installed "
                       "(./dev.sh installs it)"),
]


def _xdotool(display: str, *args: str) -> None:
    subprocess.run(["xdotool", *args], check=True, env=dict(os.environ, DISPLAY=display))


def test_hold_the_corner_enter_the_pin_and_exit_with_code_0(tmp_path: Path) -> None:
    content = tmp_path / "content"
    (content / "media").mkdir(parents=True)
    (content / "playlists").mkdir()
    Image.new("RGB", (640, 360), (40, 120, 200)).save(content / "media" / "青.png")
    (content / "playlists" / "main.yaml").write_text(
        "name: 試験\ndefault_duration: 60\nitems:\n  - image: media/青.png\n", encoding="utf-8")
    (content / "kiosk.yaml").write_text('staff_pin: "2468"\n', encoding="utf-8")
    state = tmp_path / "state"
    with xdisplay.xvfb(640, 360) as display:
        proc = subprocess.Popen(
            [sys.executable, "-m", "renkei_kiosk", "run", "--content", str(content),
             "--state", str(state)],
            env=xdisplay.kiosk_env(display), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        )
        log = state / "logs" / "kiosk.log"

        def logged(text: str, timeout: float = 30) -> None:
            deadline = time.monotonic() + timeout
            while not (log.exists() and text in log.read_text(encoding="utf-8")):
                assert proc.poll() is None, proc.stdout.read().decode(errors="replace")  # type: ignore[union-attr]
                assert time.monotonic() < deadline, f"not logged: {text}"
                time.sleep(0.1)

        try:
            logged("Player: showing media/青.png")
            # the panel drawn in the corner (the window mapped and the fade-in over): a
            # press before that reaches no window (under load, the log line comes first)
            deadline = time.monotonic() + 30
            while xdisplay.screenshot(display).getpixel((10, 10))[:3] != (40, 120, 200):
                assert proc.poll() is None and time.monotonic() < deadline, "no panel drawn"
                time.sleep(0.1)
            _xdotool(display, "mousemove", "10", "10", "mousedown", "1")
            logged("Staff: the PIN pad was opened", timeout=15)  # after 5 s of holding
            _xdotool(display, "mouseup", "1")
            _xdotool(display, "type", "1357")
            _xdotool(display, "key", "Return")
            logged("Staff: a wrong PIN was entered")
            _xdotool(display, "type", "2468")
            _xdotool(display, "key", "Return")
            logged("Staff: the staff panel was opened")
            _xdotool(display, "key", "x")
            code = proc.wait(timeout=20)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        assert code == 0
        text = log.read_text(encoding="utf-8")
        assert "Staff: exit pressed on the staff panel" in text
        assert "Kiosk: stopped" in text
