"""Kivy set up as a kiosk, before `kivy` is imported anywhere.

Kivy reads environment variables and its config file at import time, so this module must
run first: it points KIVY_HOME into the state folder (the user's global Kivy config is
never written), hands Kivy's log lines to Python's logging (the kiosk's one log file,
`renkei_kiosk.logfile`), and sets the window and input options a kiosk needs.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
from pathlib import Path


def prepare_kivy(
    state: Path,
    *,
    fullscreen: bool,
    size: tuple[int, int] | None = None,
    rotation: int = 0,
    maxfps: int = 60,
) -> None:
    """Set Kivy's environment and config for the kiosk. Call before importing kivy."""
    if "kivy" in sys.modules and "kivy.core.window" in sys.modules:
        raise RuntimeError("prepare_kivy() must run before Kivy's window is created")
    kivy_home = state.resolve() / "kivy"
    with contextlib.suppress(OSError):  # a read-only state folder: Kivy writes nothing there
        kivy_home.mkdir(parents=True, exist_ok=True)
    os.environ["KIVY_HOME"] = str(kivy_home)
    os.environ.setdefault("KIVY_NO_ARGS", "1")
    os.environ.setdefault("KIVY_NO_CONFIG", "1")  # never write ~/.kivy/config.ini
    _route_kivy_logs()

    import kivy
    from kivy.config import Config

    # Kivy's own image loaders (for its theme's atlas): not ffpyplayer's, which would load
    # FFmpeg's libraries at start-up; the kiosk decodes pictures itself with Pillow and
    # opens ffpyplayer only for a video
    kivy.kivy_options["image"] = ("tex", "dds", "sdl2", "pil")

    Config.set("kivy", "log_enable", "0")  # no kivy_*.txt files: one log, kiosk.log
    Config.set("kivy", "log_level", "info")
    Config.set("kivy", "exit_on_escape", "0")
    Config.set("kivy", "pause_on_minimize", "0")
    Config.set("kivy", "keyboard_mode", "system")
    Config.set("kivy", "window_icon", "")
    Config.set("graphics", "maxfps", str(maxfps))
    Config.set("graphics", "allow_screensaver", "0")
    # No multisampled framebuffer: slides are textures, which antialiasing does not touch,
    # and Kivy's default of 2 samples costs 36 instead of 8 bytes a pixel (66 MB more at
    # 1920x1080 with software GL) and a slower fill on every frame.
    Config.set("graphics", "multisamples", "0")
    Config.set("graphics", "rotation", str(rotation))
    set_window_mode(fullscreen=fullscreen, size=size)
    for key in list(Config.options("input")) if Config.has_section("input") else []:
        Config.remove_option("input", key)
    offscreen = os.environ.get("SDL_VIDEODRIVER") == "offscreen"
    has_mtdev = _has_mtdev()
    providers = input_providers(sys.platform, offscreen=offscreen, has_mtdev=has_mtdev)
    if sys.platform.startswith("linux") and not offscreen and not has_mtdev:
        logging.getLogger("renkei_kiosk").warning(
            "Touch: libmtdev is not installed, so a touchscreen acts as a mouse: one finger "
            "at a time, no pinch (install it: sudo apt install libmtdev1)")
    for key, value in providers.items():
        Config.set("input", key, value)
    Config.set("postproc", "double_tap_time", "300")


def _route_kivy_logs() -> None:
    """Kivy's lines go to Python's root logger, as every other line does.

    Kivy's own mode would add its console and file handlers (a second log, kivy_*.txt, that
    stops the kiosk at start when the disk is full) and capture standard error; its
    PYTHON mode adds neither and leaves the handlers to `renkei_kiosk.logfile`.
    """
    os.environ["KIVY_LOG_MODE"] = "PYTHON"
    os.environ["KIVY_NO_FILELOG"] = "1"


def input_providers(platform: str, *, offscreen: bool, has_mtdev: bool) -> dict[str, str]:
    """Kivy's [input] section for a kiosk: each finger is exactly one touch.

    - The mouse gives one touch (no multitouch emulation and its red dots), and none while
      a touchscreen's touch is active (`disable_on_activity`): the pointer that X or
      Windows moves for a finger would otherwise be a second touch.
    - Linux: touchscreens are read by ONE provider, mtdev (libmtdev), through probesysfs,
      which picks the multitouch devices (two providers on one device made one finger two
      touches). Without libmtdev there is none: Kivy's hidinput reads only the obsolete MT
      protocol A, and gets no touch at all from a current kernel's touchscreen (protocol B;
      tests/test_touch_replay.py), so the pointer X moves for a finger is the touch.
    - Windows: WM_TOUCH (and WM_PEN) give real multi-touch: pinch and swipe.
    """
    out = {"mouse": "mouse,disable_multitouch,disable_on_activity"}
    if platform == "win32":
        out["wm_touch"] = "wm_touch"
        out["wm_pen"] = "wm_pen"
    elif platform.startswith("linux") and not offscreen and has_mtdev:
        out["touchscreen"] = "probesysfs,provider=mtdev"
    return out


def _has_mtdev() -> bool:
    """True when libmtdev is installed (Kivy's mtdev provider needs it)."""
    import ctypes.util

    return ctypes.util.find_library("mtdev") is not None


def set_window_mode(
    *, fullscreen: bool, size: tuple[int, int] | None = None, screen: int = 0
) -> None:
    """Fullscreen and borderless with no cursor on monitor `screen`, or a window of `size`
    for staff. Before the window exists this sets Kivy's config; afterwards it changes the
    window.

    Fullscreen means: a borderless window at the monitor's own position and size (so it
    fills the screen with no window manager at all: see renkei_kiosk.screens), and SDL's
    desktop fullscreen on top, which window managers and Windows honour (hiding panels)."""
    from kivy.config import Config

    from renkei_kiosk.screens import choose_screen, display_bounds

    target = None
    if fullscreen and os.environ.get("SDL_VIDEODRIVER") != "offscreen":
        # (SDL counts its starts: with Kivy's window open, this leaves SDL running)
        target = choose_screen(display_bounds(), screen)
    Config.set("graphics", "show_cursor", "0" if fullscreen else "1")
    Config.set("graphics", "resizable", "0" if fullscreen else "1")
    Config.set("graphics", "fullscreen", "auto" if fullscreen else "0")
    Config.set("graphics", "borderless", "1" if fullscreen else "0")
    if target is not None:
        Config.set("graphics", "position", "custom")
        Config.set("graphics", "left", str(target.x))
        Config.set("graphics", "top", str(target.y))
        Config.set("graphics", "width", str(target.width))
        Config.set("graphics", "height", str(target.height))
    elif size and not fullscreen:
        Config.set("graphics", "position", "auto")
        Config.set("graphics", "width", str(size[0]))
        Config.set("graphics", "height", str(size[1]))
    if not _window_exists():
        return
    from kivy.core.window import Window

    if target is not None:
        Window.fullscreen = False  # SDL moves a fullscreen window only once it is windowed
        Window.borderless = True
        Window.left, Window.top = target.x, target.y
        Window.size = (target.width, target.height)
    Window.fullscreen = "auto" if fullscreen else False
    Window.borderless = fullscreen
    Window.show_cursor = not fullscreen
    if size and not fullscreen:
        Window.size = size


def _window_exists() -> bool:
    return "kivy.core.window" in sys.modules

