"""One kiosk per state folder: ``STATE/kiosk.lock`` holds the running kiosk's PID.

Two kiosks on one state folder would close each other's play rows and log every item
twice, so the second one refuses to start. The lock is the operating system's own lock on
the open file (``fcntl.flock`` on Linux and macOS, ``msvcrt.locking`` on Windows), which
the system releases when the process ends however it ends: a lock file left by a killed
kiosk holds no lock, and the next kiosk takes it over. The PID written in it is only for
the message.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

#: the lock file's name in the state folder
LOCK_NAME = "kiosk.lock"
#: Windows locks are mandatory: the locked byte lies past the PID, so the PID stays readable
_LOCKED_BYTE = 1024


class StateInUse(Exception):
    """Another running kiosk holds the state folder."""

    def __init__(self, state: Path, pid: int | None) -> None:
        self.state = state
        self.pid = pid
        who = f"another kiosk (PID {pid})" if pid else "another kiosk"
        super().__init__(
            f"{who} is already running with the state folder {state}; stop it first, "
            "or give this one a state folder of its own (--state)"
        )


class StateLock:
    """The held lock; `release()` (or the end of the process) gives it up."""

    def __init__(self, path: Path, fd: int) -> None:
        self.path = path
        self._fd: int | None = fd

    def release(self) -> None:
        """Unlock and close the file (it stays, holding a stale PID, which is harmless)."""
        fd, self._fd = self._fd, None
        if fd is None:
            return
        try:
            _unlock(fd)
        finally:
            os.close(fd)


def lock_state(state: Path) -> StateLock:
    """Take the state folder for this process; raises StateInUse if another kiosk has it,
    OSError if the lock file cannot be made (a read-only folder)."""
    path = state / LOCK_NAME
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        if not _try_lock(fd):
            raise StateInUse(state, _read_pid(fd))
    except BaseException:
        os.close(fd)
        raise
    try:  # a full disk: the lock holds all the same, without its PID
        os.lseek(fd, 0, os.SEEK_SET)
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode("ascii"))
    except OSError:
        pass
    return StateLock(path, fd)


def _read_pid(fd: int) -> int | None:
    """The PID written by the lock's holder, if it is there and readable."""
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        text = os.read(fd, 32).decode("ascii", "replace").strip()
        return int(text) if text.isdigit() else None
    except OSError:
        return None


if sys.platform == "win32":
    import msvcrt

    def _try_lock(fd: int) -> bool:
        os.lseek(fd, _LOCKED_BYTE, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        os.lseek(fd, _LOCKED_BYTE, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:  # held by another process (other errors: no locking here)
            return False
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
