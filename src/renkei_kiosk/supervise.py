"""Being supervised: systemd's notify protocol, a heartbeat file, and a keeper that restarts
a kiosk that stopped or hung (for Windows, where there is no systemd).

- Under systemd (`Type=notify`, `NOTIFY_SOCKET` set) the kiosk sends `READY=1` once the
  first item (or the closed/standby slide) is on screen, `STATUS=` with what is on screen,
  and `WATCHDOG=1` at half of `WATCHDOG_USEC`. The pings come from the Kivy clock, so a
  main loop that hangs stops them and systemd restarts the kiosk (`WatchdogSec=`).
- Everywhere, the same beat touches `STATE/heartbeat`: `keep_running` (the Windows task's
  restart loop, `renkei-kiosk-keeper`) kills and restarts a kiosk whose heartbeat is
  older than HANG_SECONDS, and restarts one that ended (except after staff's exit, code 0).

No Kivy here: the app calls :meth:`Supervisor.beat` from its clock.
"""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

log = logging.getLogger("renkei_kiosk")

#: seconds between beats when systemd asks for no watchdog (the heartbeat file's rhythm)
BEAT_SECONDS = 5.0
#: a heartbeat older than this means the kiosk hangs (the keeper restarts it)
HANG_SECONDS = 60.0
#: seconds the keeper waits before starting the kiosk again
RESTART_DELAY = 3.0
#: a kiosk starting up may take this long before its first beat
START_GRACE = 120.0


class Notifier:
    """systemd's notify socket (sd_notify), or nothing when not run by systemd."""

    def __init__(self, environ: dict[str, str] | None = None) -> None:
        env = os.environ if environ is None else environ
        address = env.get("NOTIFY_SOCKET", "")
        if address.startswith("@"):  # an abstract socket (Linux)
            address = "\0" + address[1:]
        self.address = address or None
        self.watchdog: float | None = None  # seconds between WATCHDOG=1 pings
        usec = env.get("WATCHDOG_USEC", "")
        pid = env.get("WATCHDOG_PID", "")
        if usec.isdigit() and int(usec) > 0 and (not pid or pid == str(os.getpid())):
            self.watchdog = int(usec) / 1_000_000 / 2
        self._sock: socket.socket | None = None

    @property
    def active(self) -> bool:
        """Whether systemd listens."""
        return self.address is not None and hasattr(socket, "AF_UNIX")

    def send(self, *lines: str) -> bool:
        """Send `KEY=value` lines as one datagram; False when nobody listens."""
        if not self.active:
            return False
        try:
            if self._sock is None:
                family = getattr(socket, "AF_UNIX")  # noqa: B009 - (not on older Windows)
                self._sock = socket.socket(family, socket.SOCK_DGRAM)
            self._sock.sendto("\n".join(lines).encode("utf-8"), self.address)  # type: ignore[arg-type]
        except OSError as e:
            log.warning("Supervise: cannot notify systemd (%s)", e)
            return False
        return True

    def close(self) -> None:
        if self._sock is not None:
            self._sock.close()
            self._sock = None


class Supervisor:
    """The kiosk's side: ready once something shows, status lines, pings, heartbeat."""

    def __init__(self, state_dir: Path, notifier: Notifier | None = None) -> None:
        self.notifier = notifier or Notifier()
        self.heartbeat = state_dir / "heartbeat"
        self.ready = False
        self._status: str | None = None

    @property
    def interval(self) -> float:
        """Seconds between beats: half of systemd's watchdog time, or BEAT_SECONDS."""
        watchdog = self.notifier.watchdog
        return min(watchdog, BEAT_SECONDS) if watchdog else BEAT_SECONDS

    def beat(self, on_screen: str | None) -> None:
        """The main loop is alive; `on_screen` is what shows (None: still starting)."""
        if on_screen is not None:
            status = f"STATUS=showing {on_screen}"
            if not self.ready:
                self.ready = True
                self._status = status
                self.notifier.send("READY=1", status)
                log.info("Supervise: ready (%s)", on_screen)
            elif status != self._status:
                self._status = status
                self.notifier.send(status)
        if self.notifier.watchdog:
            self.notifier.send("WATCHDOG=1")
        with contextlib.suppress(OSError):  # a full or read-only disk must not stop the show
            self.heartbeat.touch()

    def stopping(self) -> None:
        """The kiosk is ending on purpose."""
        self.notifier.send("STOPPING=1")
        self.notifier.close()


# -- the keeper: a restart loop for Windows (and anywhere without systemd) ----------------

def heartbeat_age(heartbeat: Path, now: float) -> float | None:
    """Seconds since the kiosk's last beat (wall clock), None when it never beat."""
    try:
        return now - heartbeat.stat().st_mtime
    except OSError:
        return None


def is_hung(age: float | None, running_for: float, *, hang: float = HANG_SECONDS,
            grace: float = START_GRACE) -> bool:
    """Whether a kiosk running for `running_for` s whose heartbeat is `age` s old hangs."""
    if age is None or age > running_for:  # no beat since this start
        return running_for > grace
    return age > hang


def keep_running(
    command: Sequence[str],
    heartbeat: Path,
    *,
    hang: float = HANG_SECONDS,
    grace: float = START_GRACE,
    delay: float = RESTART_DELAY,
    poll: float = 2.0,
    runs: int | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> int:
    """Run `command` (the kiosk) again whenever it ends with an error or hangs; return when
    it exits with 0 (staff pressed exit), or after `runs` starts (tests). The exit code."""
    started_runs = 0
    flags = getattr(subprocess, "CREATE_NO_WINDOW", 0)
    while True:
        started_runs += 1
        with contextlib.suppress(OSError):
            heartbeat.unlink()
        log.info("Keeper: starting %s", " ".join(command))
        child = subprocess.Popen(list(command), creationflags=flags)
        started = time.time()
        code: int | None = None
        while code is None:
            sleep(poll)
            code = child.poll()
            if code is None:
                now = time.time()
                if is_hung(heartbeat_age(heartbeat, now), now - started, hang=hang,
                           grace=grace):
                    log.warning("Keeper: the kiosk's heartbeat stopped; restarting it")
                    child.kill()
                    code = child.wait()
                    code = code if code != 0 else -9
        if code == 0:
            log.info("Keeper: the kiosk ended normally (staff exit); not restarting")
            return 0
        log.warning("Keeper: the kiosk ended with code %s; restarting in %.0f s", code, delay)
        if runs is not None and started_runs >= runs:
            return code
        sleep(delay)


def keeper_main(argv: Sequence[str] | None = None) -> int:
    """`renkei-kiosk-keeper [run options]`: `renkei-kiosk run` with those options, kept
    running (restarted when it crashes or hangs). For the Windows task."""
    _no_console_streams()
    args = list(sys.argv[1:] if argv is None else argv)
    state = None
    for i, arg in enumerate(args):
        if arg == "--state" and i + 1 < len(args):
            state = Path(args[i + 1])
        elif arg.startswith("--state="):
            state = Path(arg.split("=", 1)[1])
    if state is None:
        from renkei_kiosk.runner import default_state_dir

        state = default_state_dir()
    state = state.resolve()
    state.mkdir(parents=True, exist_ok=True)
    _log_to(state / "logs" / "keeper.log")
    command = [sys.executable, "-m", "renkei_kiosk", "run", *args]
    return keep_running(command, state / "heartbeat")


def _log_to(path: Path) -> None:
    import logging.handlers

    path.parent.mkdir(parents=True, exist_ok=True)
    handler = logging.handlers.RotatingFileHandler(path, maxBytes=1_000_000, backupCount=2,
                                                   encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)


def gui_main(argv: Sequence[str] | None = None) -> int:
    """`renkei-kiosk-gui`: `renkei-kiosk` started with no console window (pythonw on
    Windows, which gives the process no standard streams: they are sent nowhere, so no
    write to them can fail)."""
    _no_console_streams()
    from renkei_kiosk.cli import main

    return main(argv)


def _no_console_streams() -> None:
    if sys.stderr is None or sys.stdout is None:
        os.environ.setdefault("KIVY_NO_CONSOLELOG", "1")
        sink = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - for the process
        sys.stdout = sys.stdout or sink
        sys.stderr = sys.stderr or sink
