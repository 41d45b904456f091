"""The video frame log: for each video frame shown, its timestamp and when it reached the
screen, so a benchmark can count the frames shown on time (bench/bench_economy.py).

Off unless the environment sets `RENKEI_FRAME_LOG` to a file path: then a ring of the last
`RING` frames is kept in memory (a tuple per frame, nothing else) and written to that file
(JSON lines) every few seconds and at exit. The slide calls `put` when it uploads a frame
and `flipped` once the frame's drawing was handed to the display (the window's flip).
The summary (`on_time`) is pure. No Kivy here.
"""

from __future__ import annotations

import atexit
import json
import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

__all__ = ["ENV", "RING", "FrameLog", "OnTime", "active", "on_time", "read_log"]

#: the environment variable naming the log file (unset: no log)
ENV = "RENKEI_FRAME_LOG"
#: frames kept (a 30-fps clip: about 9 minutes)
RING = 16384
#: seconds between writes of the file
WRITE_EVERY = 5.0


class FrameLog:
    """A ring of (pts, clock at the screen, monotonic time at the screen) per frame.

    `pts` is the frame's timestamp in the clip; `clock` is the playback clock (the audio's
    when the clip has sound) read when the frame reached the screen, so `clock - pts` is
    how late the frame was shown."""

    def __init__(self, path: Path | None = None, ring: int = RING,
                 now: Callable[[], float] = time.monotonic) -> None:
        self.path = path
        self.rows: deque[tuple[float, float, float]] = deque(maxlen=ring)
        self._now = now
        self._pending: tuple[float, Callable[[], float | None]] | None = None
        self._written_at = now()

    def put(self, pts: float, clock: Callable[[], float | None]) -> None:
        """A frame was uploaded; `clock` reads the playback clock when it is on screen."""
        self._pending = (pts, clock)

    def flipped(self) -> None:
        """The window handed a drawn frame to the display."""
        pending, self._pending = self._pending, None
        if pending is None:
            return
        pts, clock = pending
        at = clock()
        now = self._now()
        if at is not None:
            self.rows.append((pts, float(at), now))
        if self.path is not None and now - self._written_at > WRITE_EVERY:
            self.write()

    def write(self) -> None:
        """Write the ring to the file (replaced atomically)."""
        if self.path is None:
            return
        self._written_at = self._now()
        tmp = self.path.with_name(self.path.name + ".tmp")
        try:
            with open(tmp, "w", encoding="utf-8") as f:
                for row in list(self.rows):
                    f.write(json.dumps(row) + "\n")
            os.replace(tmp, self.path)
        except OSError:
            pass  # (a benchmark's aid: never disturbs playback)


def _from_env() -> FrameLog | None:
    name = os.environ.get(ENV)
    if not name:
        return None
    log = FrameLog(Path(name))
    atexit.register(log.write)
    return log


#: the kiosk's frame log, or None when off
active: FrameLog | None = _from_env()


def read_log(path: Path) -> list[tuple[float, float, float]]:
    """The rows a kiosk wrote (see FrameLog)."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            pts, clock, at = json.loads(line)
            rows.append((float(pts), float(clock), float(at)))
    return rows


@dataclass(frozen=True)
class OnTime:
    """How many of a clip's frames were shown within one display frame of their time."""

    #: frames the clip has in the logged span (shown or dropped)
    expected: int
    shown: int
    on_time: int

    @property
    def share(self) -> float:
        """On-time frames as a share of the expected ones (dropped frames count as late)."""
        return self.on_time / self.expected if self.expected else 0.0


def on_time(rows: Sequence[tuple[float, float, float]] | Iterable[tuple[float, float, float]],
            frame_period: float, display_period: float = 1 / 60) -> OnTime:
    """Count frames shown within `display_period` of their time.

    A frame is on time when `|clock - pts| <= display_period`. Frames the decoder dropped
    never reach the log: the expected count follows the timestamps (a clip that loops
    starts a new run of them), so each gap longer than 1.5 frame periods counts its
    missing frames as late."""
    rows = list(rows)
    if not rows:
        return OnTime(0, 0, 0)
    expected = 1
    good = sum(1 for pts, clock, _ in rows if abs(clock - pts) <= display_period)
    for (p0, _c0, _t0), (p1, _c1, _t1) in pairwise(rows):
        step = p1 - p0
        if step <= 0:
            expected += 1  # (the clip started again)
        else:
            expected += max(1, round(step / frame_period))
    return OnTime(expected, len(rows), good)
