"""The kiosk's small files in the state folder: the resume point and problems.txt.

Both are written whole and atomically (a temporary file, then `os.replace`), so a crash
or a power cut leaves either the old file or the new one, never half of one. A write that
fails (a full or read-only disk) is logged and the show goes on.

`resume.json` holds where the rotation is (rewritten whenever the item changes, so a
restart after `kill -9` or a power cut continues at that item) and a heartbeat: the last
time the kiosk was known alive (rewritten every few seconds), at which play rows left open
by a crash are closed at the next start. A file that is not a resume point (hand-edited,
damaged) is ignored with a log line and rewritten.
"""

from __future__ import annotations

import json
import logging
import math
import os
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from renkei_kiosk.core.player import ResumePoint

__all__ = ["HEARTBEAT_SECONDS", "Saved", "StateFiles"]

log = logging.getLogger("renkei_kiosk")

#: how often the heartbeat in resume.json is renewed while nothing changes on screen
HEARTBEAT_SECONDS = 5.0


def write_atomically(target: Path, text: str) -> None:
    """Replace `target` with `text` in one step (raises OSError)."""
    tmp = target.with_name(target.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, target)


@dataclass(frozen=True)
class Saved:
    """What resume.json said at start: the resume point, the last sign of life."""

    point: ResumePoint | None
    alive: datetime | None


def _point(data: dict[str, Any]) -> ResumePoint | None:
    """The resume point in `data` (None if it has none); ValueError if it is malformed."""
    if not {"playlist", "index", "key"} & data.keys():
        return None  # (only a heartbeat: nothing was shown yet)
    playlist, index, key = data.get("playlist"), data.get("index"), data.get("key")
    if not isinstance(playlist, str):
        raise ValueError(f"the playlist is {playlist!r}, not a name")
    if isinstance(index, bool) or not isinstance(index, (int, float)) or not math.isfinite(index):
        raise ValueError(f"the index is {index!r}, not a number")
    if key is not None and not isinstance(key, str):
        raise ValueError(f"the key is {key!r}, not a file name")
    return ResumePoint(playlist, int(index), key)


def _alive(data: dict[str, Any]) -> datetime | None:
    text = data.get("alive")
    if text is None:
        return None
    if not isinstance(text, str):
        raise ValueError(f"the heartbeat is {text!r}, not a time")
    return datetime.fromisoformat(text)


class StateFiles:
    """STATE/resume.json and STATE/problems.txt."""

    def __init__(self, state_dir: Path) -> None:
        self.state_dir = state_dir
        self.resume_file = state_dir / "resume.json"
        self.problems_file = state_dir / "problems.txt"
        self._point: ResumePoint | None = None  # the last point saved (or read)
        self._beat_at: float | None = None  # monotonic time of the last write
        self._failing = False  # the last write failed (logged once until one succeeds)

    def read(self) -> Saved:
        """What resume.json says; a file that is not a resume point is ignored with a log
        line (and rewritten by the next `heartbeat` or `save_resume`)."""
        try:
            text = self.resume_file.read_text(encoding="utf-8")
        except FileNotFoundError:
            return Saved(None, None)
        except OSError as e:
            log.warning("Kiosk: cannot read %s (%s); starting from the top", self.resume_file, e)
            return Saved(None, None)
        try:
            data = json.loads(text)
            if not isinstance(data, dict):
                raise ValueError(f"it holds {type(data).__name__} {text[:40]!r}, not an object")
            saved = Saved(_point(data), _alive(data))
        except ValueError as e:  # (json's errors are ValueErrors too)
            log.warning("Kiosk: %s is not a resume point (%s); starting from the top",
                        self.resume_file, e)
            self._beat_at = None  # rewrite it at the first heartbeat
            return Saved(None, None)
        self._point = saved.point
        return saved

    def save_resume(self, point: ResumePoint, alive: datetime, now: float) -> None:
        """Remember where the rotation is (and that the kiosk is alive at `alive`)."""
        self._point = point
        self._write(alive, now)

    def heartbeat(self, alive: datetime, now: float) -> None:
        """Kivy thread, every tick: renew the sign of life every HEARTBEAT_SECONDS of the
        monotonic `now` (a small file rewritten: cheap)."""
        if self._beat_at is None or now - self._beat_at >= HEARTBEAT_SECONDS:
            self._write(alive, now)

    def _write(self, alive: datetime, now: float) -> None:
        self._beat_at = now
        data: dict[str, Any] = {}
        if self._point is not None:
            data = {"playlist": self._point.playlist, "index": self._point.index,
                    "key": self._point.key}
        data["alive"] = alive.astimezone().isoformat(timespec="milliseconds")
        try:
            write_atomically(self.resume_file, json.dumps(data, ensure_ascii=False))
        except OSError as e:
            if not self._failing:
                log.warning("Kiosk: cannot save the resume point (%s)", e)
            self._failing = True
        else:
            self._failing = False

    def write_problems(self, problems: Iterable[object]) -> None:
        """Keep the current content problems in STATE/problems.txt for staff."""
        text = "".join(f"{p}\n" for p in problems)
        try:
            write_atomically(self.problems_file, text)
        except OSError as e:
            log.warning("Kiosk: cannot write %s (%s)", self.problems_file, e)
