"""Sleeping until something happens, instead of polling: the Kivy thread's wait at rest.

While a still slide is on screen the kiosk draws nothing, so between frames it waits in
SDL's own `SDL_WaitEventTimeout`, which returns the moment the window gets an event (a
click, a touch SDL reads, a key). Four other things end the wait early:

- a hand-over from another thread (`ui.bridge.to_kivy` calls `wake()`): it pushes an SDL
  user event, which SDL's wait returns for at once;
- a signal (SIGTERM from systemd, Ctrl+C): `SignalWake` (below) turns it into a hand-over,
  so the stop handler runs at once, not when the sleep ends;
- a touch read by one of Kivy's own input threads (hidinput, mtdev on Linux; WM_TOUCH on
  Windows, read while SDL pumps the window's messages): their queues are looked at every
  `PROVIDER_POLL` seconds while any such provider runs;
- the wait's own end: the caller's next frame (the kiosk's clock tick, an item's end).

Where SDL cannot wait for events (the offscreen driver the tests and the headless
benchmarks use, or no SDL found in the process) the wait sleeps in slices of
`PROVIDER_POLL` and looks at SDL's queue between them.

The SDL library is Kivy's own copy, found among the libraries the process has loaded
(ffpyplayer brings a second copy, which has no window).
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import signal
import socket
import sys
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

__all__ = ["PROVIDER_POLL", "InputWait", "SignalWake", "current", "kivy_sdl", "wake"]

log = logging.getLogger("renkei_kiosk.wake")

#: seconds between looks at the input threads' queues (and SDL's, where SDL cannot wait)
PROVIDER_POLL = 0.02
#: video drivers whose SDL_WaitEventTimeout blocks in the system (not a 1-ms poll loop)
WAITING_DRIVERS = frozenset({"x11", "wayland", "windows", "cocoa"})
SDL_USEREVENT = 0x8000
SDL_FIRSTEVENT, SDL_LASTEVENT = 0, 0xFFFF
#: the queue attributes of Kivy's threaded input providers (hidinput, mtdev: `queue`;
#: wm_touch: `touch_events`)
QUEUE_NAMES = ("queue", "touch_events")

_current: InputWait | None = None


def kivy_sdl() -> Any | None:
    """Kivy's libSDL2 in this process (None when it cannot be found)."""
    try:
        if sys.platform.startswith("linux"):
            for line in Path("/proc/self/maps").read_text().splitlines():
                path = line.split(maxsplit=5)[-1] if line.count(" ") >= 5 else ""
                name = Path(path).name
                if name.startswith("libSDL2-2") and "ffpyplayer" not in path.lower():
                    return ctypes.CDLL(path)
            return None
        if sys.platform == "win32":  # (kivy_deps.sdl2's SDL2.dll, loaded by Kivy's window)
            return ctypes.CDLL("SDL2.dll")
    except OSError:
        return None
    return None


class InputWait:
    """Waits for input or a hand-over, at most a given time (the Kivy thread only)."""

    def __init__(self, sdl: Any | None = None,
                 providers: Callable[[], Iterable[Any]] | None = None) -> None:
        self._sdl = sdl
        self._providers = providers or (lambda: ())
        self._handed = threading.Event()
        self.driver = ""
        self.sdl_waits = False
        self._user_event = ctypes.create_string_buffer(64)
        if sdl is not None:
            try:
                sdl.SDL_GetCurrentVideoDriver.restype = ctypes.c_char_p
                sdl.SDL_WaitEventTimeout.argtypes = [ctypes.c_void_p, ctypes.c_int]
                sdl.SDL_HasEvents.argtypes = [ctypes.c_uint32, ctypes.c_uint32]
                sdl.SDL_PushEvent.argtypes = [ctypes.c_void_p]
                self.driver = (sdl.SDL_GetCurrentVideoDriver() or b"").decode()
            except (AttributeError, OSError) as e:
                log.info("Wake: SDL's wait is not usable (%s); polling instead", e)
                self._sdl = None
        self.sdl_waits = self._sdl is not None and self.driver in WAITING_DRIVERS
        ctypes.memmove(self._user_event, SDL_USEREVENT.to_bytes(4, sys.byteorder), 4)

    @property
    def how(self) -> str:
        """How this wait learns of input, for the log."""
        if self.sdl_waits:
            return f"SDL's event wait ({self.driver})"
        return f"polling every {PROVIDER_POLL * 1000:.0f} ms ({self.driver or 'no SDL'})"

    def wake(self) -> None:
        """Any thread: end the wait now (a hand-over waits for the Kivy thread)."""
        self._handed.set()
        sdl = self._sdl
        if self.sdl_waits and sdl is not None:
            sdl.SDL_PushEvent(self._user_event)

    def pending(self) -> bool:
        """Whether input or a hand-over waits (does not read SDL's window)."""
        if self._handed.is_set():
            return True
        if self._sdl is not None and self._sdl.SDL_HasEvents(SDL_FIRSTEVENT, SDL_LASTEVENT):
            return True
        for provider in self._providers():
            for name in QUEUE_NAMES:
                if getattr(provider, name, None):
                    return True
        return False

    def wait(self, seconds: float) -> bool:
        """Sleep up to `seconds`; True when input or a hand-over ended it early."""
        end = time.perf_counter() + seconds
        sdl = self._sdl if self.sdl_waits else None
        threads_read_input = any(True for _ in self._providers())
        while True:
            if self.pending():
                self._handed.clear()
                return True
            left = end - time.perf_counter()
            if left <= 0:
                return False
            if sdl is not None:
                step = min(left, PROVIDER_POLL) if threads_read_input else left
                if sdl.SDL_WaitEventTimeout(None, max(1, round(step * 1000))) == 1:
                    self._handed.clear()
                    return True
            elif self._handed.wait(min(left, PROVIDER_POLL)):
                self._handed.clear()
                return True


class SignalWake:
    """Ends the wait at rest when a signal arrives.

    Python runs a signal's handler on the main thread, between bytecodes, and SDL's event
    wait goes back to its poll when a signal interrupts it: a kiosk asleep at rest would
    hear SIGTERM only when its sleep ended, up to 5 s later. With the signal module's
    wakeup fd, the signal's C handler writes a byte to a socket; a thread blocked on that
    socket calls `wake()`, SDL's wait returns, and the Python handler runs at once."""

    def __init__(self) -> None:
        self._thread: threading.Thread | None = None
        self._reader: socket.socket | None = None
        self._writer: socket.socket | None = None

    def install(self) -> bool:
        """Main thread only. False where it cannot: not the main thread, or the wakeup
        fd is someone else's (an asyncio loop's), which is left alone."""
        reader, writer = socket.socketpair()
        writer.setblocking(False)
        try:
            old = signal.set_wakeup_fd(writer.fileno(), warn_on_full_buffer=False)
        except (ValueError, OSError):
            reader.close()
            writer.close()
            return False
        if old != -1:
            signal.set_wakeup_fd(old)
            reader.close()
            writer.close()
            return False
        self._reader, self._writer = reader, writer
        self._thread = threading.Thread(target=self._run, args=(reader,),
                                        name="signal-wake", daemon=True)
        self._thread.start()
        return True

    @staticmethod
    def _run(reader: socket.socket) -> None:
        while True:
            try:
                data = reader.recv(64)
            except OSError:
                return
            if not data:
                return  # uninstall closed the other end
            wake()

    def uninstall(self) -> None:
        """Main thread: the wakeup fd back to none, the thread ended."""
        if self._thread is None or self._reader is None or self._writer is None:
            return
        with contextlib.suppress(ValueError, OSError):
            signal.set_wakeup_fd(-1)
        with contextlib.suppress(OSError):
            self._writer.shutdown(socket.SHUT_RDWR)
        self._writer.close()
        self._thread.join(2.0)
        self._reader.close()
        self._thread = self._reader = self._writer = None


def current() -> InputWait | None:
    """The wait the running kiosk uses (None: none installed)."""
    return _current


def set_current(waiter: InputWait | None) -> None:
    """Install (or with None, remove) the wait that `wake()` ends."""
    global _current
    _current = waiter


def wake() -> None:
    """Any thread: end the Kivy thread's wait at rest, if one is installed."""
    waiter = _current
    if waiter is not None:
        waiter.wake()
