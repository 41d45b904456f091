"""Screen power: the screen never blanks while the kiosk is open; with `closed: {mode:
blank}` the display may sleep while closed, and is woken at opening.

What each platform does (docs/operators.md says it for staff):

- Everywhere, SDL's screensaver switch (Kivy's `Window.allow_screensaver`): off while open
  (SDL then suspends the X screensaver through the XScreenSaver extension, and on Windows
  holds the display on with SetThreadExecutionState(ES_DISPLAY_REQUIRED)).
- X11 with `xset` installed: while open, `xset s off`, `xset s noblank`, `xset -dpms`
  (one at a time: a server without DPMS, such as Xvfb, refuses `-dpms` and would refuse
  the whole line); while closed in blank mode, `xset s 600 600`, `xset +dpms` and
  `xset dpms 600 600 600`; at opening `xset dpms force on` and `xset s reset` wake it.
- Windows: while closed in blank mode the display-required request is dropped, so the
  power plan's "turn off the display" applies; at opening the display is woken with a
  zero-length mouse move (SendInput), which also ends a screensaver.
- Wayland compositors (cage): the SDL switch only (the compositor's idle inhibit).

No Kivy here: the shell passes `set_sdl_screensaver`.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Sequence

log = logging.getLogger("renkei_kiosk")

#: seconds of no input before the display may sleep while closed
CLOSED_SLEEP_SECONDS = 600


def _run(command: Sequence[str]) -> bool:
    try:
        return subprocess.run(list(command), capture_output=True, timeout=5).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


def xset_commands(sleep_allowed: bool, waking: bool) -> list[list[str]]:
    """The xset calls for a change: the display may sleep (closed, blank mode) or not."""
    if sleep_allowed:
        t = str(CLOSED_SLEEP_SECONDS)
        return [["xset", "s", t, t], ["xset", "s", "blank"], ["xset", "+dpms"],
                ["xset", "dpms", t, t, t]]
    out = [["xset", "dpms", "force", "on"], ["xset", "s", "reset"]] if waking else []
    return [*out, ["xset", "s", "off"], ["xset", "s", "noblank"], ["xset", "-dpms"]]


class ScreenPower:
    """Keeps the display awake while open; lets it sleep while closed (blank mode)."""

    def __init__(
        self,
        *,
        set_sdl_screensaver: Callable[[bool], None],
        run: Callable[[Sequence[str]], bool] = _run,
        platform: str = sys.platform,
        environ: dict[str, str] | None = None,
    ) -> None:
        env = os.environ if environ is None else environ
        self._set_sdl = set_sdl_screensaver
        self._run = run
        self._platform = platform
        self._xset = (platform.startswith("linux") and bool(env.get("DISPLAY"))
                      and env.get("SDL_VIDEODRIVER") != "offscreen"
                      and (run is not _run or shutil.which("xset") is not None))
        self.sleep_allowed: bool | None = None  # not set yet

    def update(self, *, closed: bool, blank_mode: bool) -> None:
        """Called as the schedule moves: closed + blank mode lets the display sleep."""
        allowed = closed and blank_mode
        if allowed == self.sleep_allowed:
            return
        waking = self.sleep_allowed is True
        self.sleep_allowed = allowed
        self._set_sdl(allowed)
        if self._xset:
            failed = [c for c in xset_commands(allowed, waking) if not self._run(c)]
            if failed:
                log.info("Screen: xset refused %s (no such extension here)",
                         ", ".join(" ".join(c[1:]) for c in failed))
        if self._platform == "win32" and waking:
            _windows_wake()
        log.info("Screen: %s", "the display may sleep until opening" if allowed
                 else "kept awake (no blanking)" + (", woken" if waking else ""))


def _windows_wake() -> None:
    """A zero-length mouse move: Windows turns the display back on."""
    try:
        import ctypes

        user32 = ctypes.windll.user32  # type: ignore[attr-defined,unused-ignore]
        mouseeventf_move = 0x0001
        user32.mouse_event(mouseeventf_move, 0, 0, 0, 0)
    except (AttributeError, OSError) as e:
        log.warning("Screen: cannot wake the display (%s)", e)
