"""Video playback through ffpyplayer, held paused on its first decoded frame until shown.

`open_video` runs in a worker thread: it opens the file and waits for the first frame, so
the player never shows a black frame. `VideoStream.close` never blocks the caller:
ffpyplayer's close can hang (kivy issues #7465, #8360), so it runs in a daemon thread.
Nothing here touches Kivy.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

log = logging.getLogger("renkei_kiosk")


class VideoOpenError(Exception):
    """The file could not be opened or decoded as a video."""


@dataclass
class Frame:
    """One RGBA frame: rows top to bottom."""

    width: int
    height: int
    rgba: bytes
    pts: float


class VideoStream:
    """An open video: paused on its first frame until `play()`."""

    def __init__(self, player: Any, first: Frame, duration: float | None) -> None:
        self._player = player
        self.first = first
        self.duration = duration
        self.eof = False
        self._closed = False
        self._next_call_at = 0.0

    def play(self) -> None:
        """Start (or resume) playback."""
        if not self._closed:
            self._player.set_pause(False)

    def pause(self) -> None:
        """Hold the current frame."""
        if not self._closed:
            self._player.set_pause(True)

    def set_volume(self, volume: float) -> None:
        """Volume 0..1."""
        if not self._closed:
            self._player.set_volume(max(0.0, min(1.0, volume)))

    def next_frame(self) -> Frame | None:
        """The frame due now, or None; sets `eof` at the end of the file.

        ffpyplayer paces playback through the caller: after each frame it says how many
        seconds to wait before asking again, so a call before then returns None.
        """
        if self._closed or self.eof:
            return None
        now = time.monotonic()
        if now < self._next_call_at:
            return None
        frame, val = self._player.get_frame()
        if val == "eof":
            self.eof = True
            return None
        if isinstance(val, (int, float)) and val > 0:
            self._next_call_at = now + min(float(val), 1.0)
        if frame is None:
            return None
        return _to_frame(frame)

    def close(self) -> None:
        """Release the decoder without ever blocking the caller."""
        if self._closed:
            return
        self._closed = True
        player = self._player
        self._player = None
        threading.Thread(target=_close_quietly, args=(player,), daemon=True,
                         name="video-close").start()


def _close_quietly(player: Any) -> None:
    try:
        player.close_player()
    except Exception:
        log.exception("Player: closing a video failed")


def _to_frame(frame: Any) -> Frame:
    img, pts = frame
    w, h = img.get_size()
    data = bytes(img.to_bytearray()[0])
    return Frame(w, h, data, float(pts or 0.0))


def open_video(path: Path, *, volume: float = 0.0, timeout: float = 8.0) -> VideoStream:
    """Open `path` and wait for its first frame; raises VideoOpenError. Blocks: call off
    the UI thread."""
    from ffpyplayer.player import MediaPlayer

    if not path.is_file() or path.stat().st_size == 0:
        raise VideoOpenError("the file is empty or missing")
    opts: dict[str, Any] = {"paused": False, "out_fmt": "rgba", "sn": True}
    if volume <= 0:
        opts["an"] = True
    # FFmpeg reports a file it cannot read through this callback at once, while
    # get_frame() just keeps returning nothing until the timeout (as media.probe does)
    failed = threading.Event()

    def callback(selector: str, _value: Any) -> None:
        if selector.endswith(":error"):
            failed.set()

    try:
        player = MediaPlayer(str(path), callback=callback, ff_opts=opts, loglevel="quiet")
    except Exception as e:
        raise VideoOpenError(str(e)) from e
    deadline = time.monotonic() + timeout
    try:
        while True:
            frame, val = player.get_frame()
            if frame is not None:
                player.set_pause(True)
                break
            if val == "eof" or failed.is_set():
                raise VideoOpenError("no picture could be decoded")
            if time.monotonic() > deadline:
                raise VideoOpenError(f"no picture within {timeout:.0f} s")
            time.sleep(0.005)
        meta = player.get_metadata() or {}
        duration = meta.get("duration")
        if volume > 0:
            player.set_volume(max(0.0, min(1.0, volume)))
    except BaseException:
        threading.Thread(target=_close_quietly, args=(player,), daemon=True).start()
        raise
    return VideoStream(player, _to_frame(frame), float(duration) if duration else None)
