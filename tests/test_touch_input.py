"""Touch input: one finger is one touch (Linux), WM_TOUCH multi-touch (Windows).

Here: the configuration table, and the pointer events one finger produces through Kivy's
own mouse provider configured as the kiosk configures it. Recorded touchscreen events go
through the touchscreen providers themselves (mtdev, hidinput) in test_touch_replay.py;
docs/touch.md says what was tried and how to check a real screen.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from renkei_kiosk.kivy_env import input_providers


@pytest.mark.parametrize(
    ("platform", "offscreen", "mtdev", "expected"),
    [
        ("linux", False, True, {"touchscreen": "probesysfs,provider=mtdev"}),
        # hidinput reads protocol B touchscreens as no touch (test_touch_replay.py): the
        # pointer X moves for the finger is then the touch
        ("linux", False, False, {}),
        ("linux", True, True, {}),  # headless tests: no devices
        ("win32", False, False, {"wm_touch": "wm_touch", "wm_pen": "wm_pen"}),
        ("darwin", False, False, {}),
    ],
)
def test_one_touchscreen_provider_and_a_mouse_that_steps_aside(
    platform: str, offscreen: bool, mtdev: bool, expected: dict[str, str]
) -> None:
    got = input_providers(platform, offscreen=offscreen, has_mtdev=mtdev)
    assert got.pop("mouse") == "mouse,disable_multitouch,disable_on_activity"
    assert got == expected
    # never two providers reading the same touchscreen
    assert sum("probesysfs" in v for v in got.values()) <= 1


def test_a_finger_seen_by_the_touchscreen_and_as_the_pointer_is_one_touch() -> None:
    """Replays one finger: the touchscreen provider's touch begins, then the pointer the
    system moves for it presses, moves and releases; then a real mouse click alone."""
    from kivy.base import EventLoop
    from kivy.core.window import Window
    from kivy.input.motionevent import MotionEvent
    from kivy.input.providers.mouse import MouseMotionEventProvider

    class FingerEvent(MotionEvent):  # what mtdev/hidinput deliver (another class)
        def depack(self, args: Any) -> None:
            self.sx, self.sy = args
            super().depack(args)

    config = input_providers("linux", offscreen=False, has_mtdev=True)
    _name, _, args = config["mouse"].partition(",")
    mouse = MouseMotionEventProvider("mouse", args)
    finger = FingerEvent("mtdev", 1, (0.5, 0.5))
    EventLoop.me_list.append(finger)  # the touchscreen's touch is active
    try:
        mouse.on_mouse_press(Window, 100, 100, "left", [])
        mouse.on_mouse_motion(Window, 110, 100, [])
        mouse.on_mouse_release(Window, 110, 100, "left", [])
        assert list(mouse.waiting_event) == []  # the pointer added no touch
    finally:
        EventLoop.me_list.remove(finger)
    mouse.on_mouse_press(Window, 100, 100, "left", [])  # a real mouse, no touchscreen
    mouse.on_mouse_release(Window, 100, 100, "left", [])
    kinds = [kind for kind, _touch in mouse.waiting_event]
    assert kinds == ["begin", "end"]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux's providers")
@pytest.mark.parametrize(("mtdev", "touchscreen", "warned"), [
    (True, "probesysfs,provider=mtdev", False),
    (False, None, True),
])
def test_without_libmtdev_no_touchscreen_provider_and_the_log_names_the_package(
    tmp_path: Path, mtdev: bool, touchscreen: str | None, warned: bool
) -> None:
    """prepare_kivy on a Linux desktop (in a child: Kivy is set up once a process)."""
    script = (
        "import json, logging, sys\n"
        "from pathlib import Path\n"
        "logging.basicConfig(level=logging.INFO, stream=sys.stderr)\n"
        "import renkei_kiosk.kivy_env as k\n"
        f"k._has_mtdev = lambda: {mtdev}\n"
        "k.prepare_kivy(Path(sys.argv[1]), fullscreen=False, size=(320, 240))\n"
        "from kivy.config import Config\n"
        "print(json.dumps(dict(Config.items('input'))))\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "SDL_VIDEODRIVER"}
    out = subprocess.run([sys.executable, "-c", script, str(tmp_path)], env=env,
                         capture_output=True, text=True, timeout=120, check=True)
    config = json.loads(out.stdout.strip().splitlines()[-1])
    assert config.get("touchscreen") == touchscreen
    assert config["mouse"] == "mouse,disable_multitouch,disable_on_activity"
    assert ("Touch: libmtdev is not installed" in out.stderr) is warned
    assert ("apt install libmtdev1" in out.stderr) is warned
