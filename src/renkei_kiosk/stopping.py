"""How the kiosk is stopped: by its supervisor's signal, never by a visitor.

SIGTERM (systemd, `kill`), SIGINT (Ctrl+C), and on Windows Ctrl+Break or the console
closing, ask for a stop; the app stops at its next tick, so the play row is closed and the
resume point written. The runner installs the handlers first of all, so a stop during the
start also ends the kiosk with exit code 0. The window manager's close (Alt+F4, the close
button) is ignored: a visitor cannot close the kiosk.
"""

from __future__ import annotations

import logging
import signal
import sys
from typing import Any

__all__ = ["StopRequest"]

log = logging.getLogger("renkei_kiosk")


class StopRequest:
    """Whether a stop was asked for; signal handlers set it."""

    def __init__(self) -> None:
        #: a stop was asked for: the app stops at its next tick
        self.requested = False
        #: the signal handlers are in place
        self.installed = False

    def request(self) -> None:
        """Ask for a stop (safe to call from a signal handler)."""
        self.requested = True

    def install_signal_handlers(self, *, interrupt: bool = True) -> None:
        """Route the supervisor's stop signals here (main thread only); `interrupt`: also
        SIGINT (Ctrl+C), which otherwise raises KeyboardInterrupt mid-frame."""
        def handler(_signum: int, _frame: Any) -> None:
            self.request()

        self.installed = True
        signal.signal(signal.SIGTERM, handler)
        if interrupt:
            signal.signal(signal.SIGINT, handler)
        if sys.platform == "win32":  # Ctrl+Break / console close on Windows
            signal.signal(signal.SIGBREAK, handler)

    def on_request_close(self, *_args: Any, **_kwargs: Any) -> bool:
        """The window is asked to close: refuse (True) unless a stop was asked for."""
        if self.requested:
            return False
        log.info("Kiosk: a request to close the window was ignored")
        return True
