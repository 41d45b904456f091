"""The kiosk's small files in the state folder: the resume point and problems.txt.

Both are written whole and atomically (a temporary file, then `os.replace`), so a crash
or a power cut leaves either the old file or the new one, never half of one. A write that
fails (a full or read-only disk) is logged and the show goes on.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterable
from pathlib import Path

from renkei_kiosk.core.player import ResumePoint

__all__ = ["StateFiles"]

log = logging.getLogger("renkei_kiosk")


def write_atomically(target: Path, text: str) -> None:
    """Replace `target` with `text` in one step (raises OSError)."""
    tmp = target.with_name(target.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, target)


class StateFiles:
    """STATE/resume.json and STATE/problems.txt."""

    def __init__(self, state_dir: Path) -> None:
        self.state_dir = state_dir
        self.resume_file = state_dir / "resume.json"
        self.problems_file = state_dir / "problems.txt"

    def read_resume(self) -> ResumePoint | None:
        """The saved resume point; None if there is none or it cannot be used."""
        try:
            data = json.loads(self.resume_file.read_text(encoding="utf-8"))
            return ResumePoint(str(data["playlist"]), int(data["index"]), data.get("key"))
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def save_resume(self, point: ResumePoint) -> None:
        """Remember where the rotation was, so a restart continues there."""
        data = {"playlist": point.playlist, "index": point.index, "key": point.key}
        try:
            write_atomically(self.resume_file, json.dumps(data, ensure_ascii=False))
        except OSError as e:
            log.warning("Kiosk: cannot save the resume point (%s)", e)

    def write_problems(self, problems: Iterable[object]) -> None:
        """Keep the current content problems in STATE/problems.txt for staff."""
        text = "".join(f"{p}\n" for p in problems)
        try:
            write_atomically(self.problems_file, text)
        except OSError as e:
            log.warning("Kiosk: cannot write %s (%s)", self.problems_file, e)
