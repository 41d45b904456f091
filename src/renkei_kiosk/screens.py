"""The monitors a kiosk can fill: their bounds, read from SDL before Kivy opens its window.

Kivy's fullscreen ("auto", SDL's desktop fullscreen) asks the window manager to make the
window fill its monitor. A bare X session (xinit with the kiosk alone, a common kiosk
set-up) has no window manager to ask: the window stayed 800x600 in the middle of the
screen. So the window is instead created borderless at the chosen monitor's own position
and size, and fullscreen is still requested for the desktops that honour it (a panel or
taskbar is then hidden too). The bounds come from the same SDL library Kivy loads, through
ctypes: SDL_Init(VIDEO), SDL_GetDisplayBounds, SDL_QuitSubSystem, so Kivy's own start of
SDL later begins afresh (its hints apply as before).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import glob
import logging
import os
import sys
from pathlib import Path
from typing import NamedTuple

log = logging.getLogger("renkei_kiosk")

_SDL_INIT_VIDEO = 0x20


class Bounds(NamedTuple):
    """A monitor's place on the desktop, in pixels (x, y of its top-left corner)."""

    x: int
    y: int
    width: int
    height: int


class _Rect(ctypes.Structure):
    _fields_ = [("x", ctypes.c_int), ("y", ctypes.c_int),
                ("w", ctypes.c_int), ("h", ctypes.c_int)]


def _sdl_library_paths() -> list[str]:
    """Where Kivy's SDL2 library is: bundled in the wheel, from kivy_deps on Windows, or
    the system's (a Kivy built from source)."""
    paths: list[str] = []
    try:
        import kivy

        site = Path(kivy.__file__).resolve().parents[1]
        # Linux wheels (auditwheel): Kivy.libs/libSDL2-2-<hash>.0.so.0...; not _ttf/_image
        paths += sorted(glob.glob(str(site / "Kivy.libs" / "libSDL2-2*.so*")))
        # macOS wheels
        paths += sorted(glob.glob(str(site / "kivy" / ".dylibs" / "libSDL2*.dylib")))
    except ImportError:
        pass
    if sys.platform == "win32":
        try:
            from kivy_deps import sdl2  # type: ignore[import-not-found]

            paths += [os.path.join(d, "SDL2.dll") for d in sdl2.dep_bins]
        except ImportError:
            pass
    found = ctypes.util.find_library("SDL2-2.0") or ctypes.util.find_library("SDL2")
    if found:
        paths.append(found)
    return paths


def _load_sdl() -> ctypes.CDLL | None:
    for path in _sdl_library_paths():
        try:
            return ctypes.CDLL(path)
        except OSError:
            continue
    return None


def display_bounds() -> list[Bounds]:
    """Every monitor's bounds in SDL's order (display 0 first); empty when SDL cannot
    be asked (no library, no display). Call before Kivy's window exists."""
    sdl = _load_sdl()
    if sdl is None:
        log.warning("Display: SDL2 library not found; fullscreen is left to the desktop")
        return []
    if sdl.SDL_Init(_SDL_INIT_VIDEO) != 0:
        sdl.SDL_GetError.restype = ctypes.c_char_p
        err = (sdl.SDL_GetError() or b"").decode("utf-8", "replace")
        log.warning("Display: cannot ask SDL for the monitors (%s)", err)
        return []
    try:
        out = []
        for index in range(max(0, sdl.SDL_GetNumVideoDisplays())):
            rect = _Rect()
            if sdl.SDL_GetDisplayBounds(index, ctypes.byref(rect)) == 0:
                out.append(Bounds(rect.x, rect.y, rect.w, rect.h))
        return out
    finally:
        sdl.SDL_QuitSubSystem(_SDL_INIT_VIDEO)


def choose_screen(bounds: list[Bounds], screen: int) -> Bounds | None:
    """The monitor `screen` (0 = the first), or the first when there is no such monitor
    (logged, so staff see why the picture is on another screen)."""
    if not bounds:
        return None
    if 0 <= screen < len(bounds):
        return bounds[screen]
    log.warning("Display: screen %d does not exist (%d found); using screen 0",
                screen, len(bounds))
    return bounds[0]
