"""`renkei-kiosk run`: state folder, logging and Kivy set-up, then the app.

Kept apart from app.py because Kivy must be configured before any Kivy module is imported.
"""

from __future__ import annotations

import contextlib
import logging
import sys
from pathlib import Path
from typing import Any

import platformdirs

log = logging.getLogger("renkei_kiosk")


def default_state_dir() -> Path:
    """The platform's user state folder for renkei-kiosk."""
    return Path(platformdirs.user_state_dir("renkei-kiosk", appauthor=False))


def setup_logging(state: Path) -> None:
    """The one log: `STATE/logs/kiosk.log` (rotated, 5 x 5 MB) and standard error, with
    Kivy's lines too; a state folder that can't be written leaves standard error only."""
    from renkei_kiosk.logfile import setup_logging as setup

    setup(state)


def parse_size(text: str | None) -> tuple[int, int] | None:
    """'1280x720' -> (1280, 720); None stays None."""
    if not text:
        return None
    try:
        w, h = (int(v) for v in text.lower().split("x", 1))
    except ValueError as e:
        raise SystemExit(f"renkei-kiosk: --size must look like 1280x720, got {text!r}") from e
    return w, h


def keep_numpy_out() -> None:
    """Keep numpy out of the kiosk process, before Pillow is imported.

    Pillow 10 imports numpy (only for a type alias) whenever it is installed, as it is
    beside matplotlib for `report`: about 14 MB of the running kiosk's memory (PSS after
    40 s on the sample content: 254 MB with it, 240 MB without). Nothing the kiosk runs
    uses numpy; an import of it then fails as if it were not installed. `report` and the
    content-reading child are other processes and unaffected.
    """
    if "PIL" not in sys.modules:
        sys.modules.setdefault("numpy", None)  # type: ignore[arg-type]


def run_kiosk(
    content: Path,
    *,
    state: Path | None,
    windowed: bool,
    size: str | None,
    lang: str | None,
) -> int:
    """Run the kiosk until it is stopped; returns the exit code."""
    from renkei_kiosk.stopping import StopRequest

    # first of all: a stop signal during the start (Kivy's import, the window, reading
    # the content) then ends the kiosk cleanly too, instead of killing it
    stopping = StopRequest()
    stopping.install_signal_handlers()
    keep_numpy_out()
    if not content.is_dir():
        print(f"renkei-kiosk: the content folder {content} does not exist", file=sys.stderr)
        return 2
    state = (state or default_state_dir()).resolve()
    with contextlib.suppress(OSError):  # read-only or full: the log handler says so
        state.mkdir(parents=True, exist_ok=True)
    setup_logging(state)
    from renkei_kiosk.statelock import StateInUse, lock_state

    try:
        lock = lock_state(state)
    except StateInUse as e:
        log.error("Kiosk: not starting: %s", e)
        return 1
    except OSError as e:  # a read-only state folder: nothing to guard, the show goes on
        log.warning("Kiosk: cannot make the lock file in %s (%s); a second kiosk on this "
                    "state folder would not be stopped", state, e.strerror or e)
        lock = None
    try:
        log.info("Kiosk: starting on %s (state in %s)", content, state)
        app = build_app(content, state, windowed=windowed,
                        size=parse_size(size) or (1280, 720), lang=lang, stopping=stopping)
        if stopping.requested:
            log.info("Kiosk: stopped before the show began")
            return 0
        app.run()
    finally:
        if lock is not None:
            lock.release()
    return 0


def build_app(
    content: Path,
    state: Path,
    *,
    windowed: bool,
    size: tuple[int, int] | None,
    lang: str | None = None,
    **kwargs: Any,
) -> Any:
    """The KioskApp for `content`, with Kivy set up for a kiosk.

    The content is read by a child process (content.isolated) while this one imports
    Kivy and opens the window: on two cores, both at once. The window opens fullscreen
    unless `windowed`; if `kiosk.yaml` turns out to say `fullscreen: false`, it becomes a
    window as soon as the content is read, before anything is drawn.
    """
    from renkei_kiosk.content.isolated import ContentLoad

    loading = ContentLoad(content, lang)
    from renkei_kiosk.kivy_env import prepare_kivy, set_window_mode

    prepare_kivy(state, fullscreen=not windowed, size=size)
    from renkei_kiosk.app import KioskApp  # imports Kivy and creates the window

    loaded = loading.result()
    if not windowed and not loaded.settings.fullscreen:
        set_window_mode(fullscreen=False, size=size)
    elif not windowed and loaded.settings.screen != 0:
        set_window_mode(fullscreen=True, screen=loaded.settings.screen)  # another monitor
    return KioskApp(content, state, content=loaded, lang=lang, **kwargs)
