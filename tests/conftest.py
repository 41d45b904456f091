"""Test setup: Kivy runs headless, with a throw-away KIVY_HOME, before anything imports it."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "offscreen")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("KIVY_NO_ARGS", "1")
os.environ.setdefault("KIVY_NO_CONSOLELOG", "1")
os.environ.setdefault("KIVY_NO_FILELOG", "1")
os.environ.setdefault("KIVY_LOG_MODE", "PYTHON")

_STATE = Path(tempfile.mkdtemp(prefix="renkei-test-state-"))
os.environ["KIVY_HOME"] = str(_STATE / "kivy")

#: the window size every in-process app test runs at
TEST_WINDOW = (640, 360)


def _prepare_kivy() -> None:
    from renkei_kiosk.kivy_env import prepare_kivy

    prepare_kivy(_STATE, fullscreen=False, size=TEST_WINDOW)


_prepare_kivy()
