"""The one place where other threads hand results to the Kivy thread.

Worker threads (the preparer's decoders, thumbnails, the browse panel decoder, the map's
geometry, the content reader) never touch widgets or textures: they call `to_kivy(fn,
*args)`, and `fn(*args)` runs on the Kivy thread at the start of its next frame (a kiosk at rest
is woken for it: `ui.wake`). An error
in `fn` is logged with its category and does not stop the kiosk.

Tests may call `drain()` on the Kivy thread to run what is waiting without a frame.
"""

from __future__ import annotations

import logging
import threading
from collections import deque
from collections.abc import Callable
from typing import Any

from kivy.clock import Clock

from renkei_kiosk.ui import wake

__all__ = ["drain", "pending", "to_kivy"]

log = logging.getLogger("renkei_kiosk.bridge")

_queue: deque[tuple[Callable[..., Any], tuple[Any, ...]]] = deque()
_lock = threading.Lock()
_scheduled = False


def to_kivy(fn: Callable[..., Any], *args: Any) -> None:
    """Run `fn(*args)` on the Kivy thread, in the order handed over (any thread)."""
    global _scheduled
    with _lock:
        _queue.append((fn, args))
        if _scheduled:
            return
        _scheduled = True
    Clock.schedule_once(_run, 0)
    wake.wake()  # (a kiosk at rest sleeps until input or this)


def pending() -> int:
    """How many hand-overs wait for the Kivy thread."""
    with _lock:
        return len(_queue)


def drain() -> None:
    """Kivy thread: run every hand-over waiting now."""
    _run(0.0)


def _run(_dt: float) -> None:
    global _scheduled
    with _lock:
        batch = list(_queue)
        _queue.clear()
        _scheduled = False
    for fn, args in batch:
        try:
            fn(*args)
        except Exception:
            log.exception("Bridge: %s failed on the Kivy thread", getattr(fn, "__qualname__", fn))
