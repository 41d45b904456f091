"""The kiosk's one log: ``STATE/logs/kiosk.log``, rotated and size-capped, plus standard error.

Every line goes through the root logger: the kiosk's own (``renkei_kiosk``), Kivy's
(``kivy``: window, GL and input messages; `kivy_env.prepare_kivy` sets Kivy's Python log
mode, so Kivy adds no handler or file of its own) and any library's warnings.

The log must never stop the show. A state folder that can't be written (read-only, full,
gone) is said once on standard error, in one line naming the file; lines then go to
standard error only, and every later line tries the file again, so the log picks up by
itself when space returns or the folder is writable again (said once more, in both).
"""

from __future__ import annotations

import contextlib
import logging
import logging.handlers
import sys
from pathlib import Path

#: the log file is rotated past this size...
MAX_BYTES = 5_000_000
#: ...keeping this many old files (kiosk.log.1 ... kiosk.log.5): at most 30 MB in all
BACKUPS = 5

FORMAT = "%(asctime)s %(levelname)s %(message)s"

#: libraries that log every event at DEBUG or INFO: only their warnings are kept
_NOISY = ("watchdog", "fontTools", "PIL", "asyncio")


class KioskLogFile(logging.handlers.RotatingFileHandler):
    """A rotating log file that survives a disk it can't write.

    When a line can't be written (the folder is read-only or missing, the disk full),
    `fallback` (the standard-error handler) gets one line saying so and the file is closed;
    each later line tries again, and the first that succeeds says the file works again.
    """

    def __init__(
        self, path: Path, fallback: logging.Handler | None, *,
        max_bytes: int = MAX_BYTES, backups: int = BACKUPS,
    ) -> None:
        super().__init__(path, maxBytes=max_bytes, backupCount=backups, encoding="utf-8",
                         delay=True)
        self.fallback = fallback
        #: the error that stops the file being written, None while it works
        self.failing: OSError | None = None

    def _open(self):  # type: ignore[no-untyped-def]  # typeshed: TextIOWrapper
        """Open the file, making its folder first (it may have been removed)."""
        Path(self.baseFilename).parent.mkdir(parents=True, exist_ok=True)
        return super()._open()

    def emit(self, record: logging.LogRecord) -> None:
        super().emit(record)  # errors come back through handleError
        if self.failing is not None and self.stream is not None:
            self.failing = None
            self._tell(logging.INFO, f"Log: writing {self.baseFilename} again", to_file=True)

    def handleError(self, record: logging.LogRecord) -> None:
        """A write failed: for a disk error, say so once and go on without the file."""
        error = sys.exc_info()[1]
        if not isinstance(error, OSError):
            super().handleError(record)
            return
        self._drop_stream()
        if self.failing is None:
            reason = error.strerror or str(error)
            self._tell(
                logging.ERROR,
                f"Log: cannot write the log {self.baseFilename} ({reason}); the log goes to "
                "stderr only until it can be written again",
            )
        self.failing = error

    def _drop_stream(self) -> None:
        """Close the file, discarding what could not be written."""
        stream, self.stream = self.stream, None  # type: ignore[assignment]
        if stream is not None:
            with contextlib.suppress(OSError):  # the buffered line still can't be written
                stream.close()

    def _tell(self, level: int, message: str, *, to_file: bool = False) -> None:
        """A line about the log itself: to standard error, and to the file if it works."""
        record = logging.LogRecord("renkei_kiosk", level, __file__, 0, message, None, None)
        if self.fallback is not None:
            self.fallback.handle(record)
        if to_file:
            logging.FileHandler.emit(self, record)


def setup_logging(state: Path, *, level: int = logging.INFO) -> KioskLogFile:
    """Send every logger's lines to ``STATE/logs/kiosk.log`` and to standard error.

    Replaces handlers an earlier call installed (tests call this more than once).
    """
    root = logging.getLogger()
    for old in list(root.handlers):
        if getattr(old, "renkei_kiosk", False):
            root.removeHandler(old)
            old.close()
    fmt = logging.Formatter(FORMAT)
    err: logging.Handler | None = None
    if sys.stderr is not None:  # pythonw on Windows has no standard error
        err = logging.StreamHandler(sys.stderr)
        err.setFormatter(fmt)
        err.renkei_kiosk = True  # type: ignore[attr-defined]
        root.addHandler(err)
    handler = KioskLogFile(state / "logs" / "kiosk.log", err)
    handler.setFormatter(fmt)
    handler.renkei_kiosk = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level)
    kiosk = logging.getLogger("renkei_kiosk")
    kiosk.propagate = True
    kiosk.setLevel(logging.NOTSET)
    for noisy in _NOISY:
        logging.getLogger(noisy).setLevel(logging.WARNING)
    return handler
