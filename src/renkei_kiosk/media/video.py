"""Video playback through ffpyplayer, held paused on its first decoded frame until shown.

Frames come as yuv420p planes (ffpyplayer decodes, and converts other formats, on its
own threads); the slide uploads the planes as three textures and a shader turns them
into RGB, so no frame is converted or copied in Python. ffpyplayer paces playback by the
clip's timestamps against its master clock (the audio when the clip has sound), dropping
late frames to keep sound and picture together.

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


#: the pixel format frames arrive in: three planes, converted to RGB on the GPU
OUT_FMT = "yuv420p"


def hd_colours(height: int) -> bool:
    """Whether a clip `height` pixels high is shown with HD's colour matrix (BT.709), not
    SD's (BT.601): what players assume for a clip that does not say."""
    return height >= 720


@dataclass
class Frame:
    """One yuv420p frame as ffpyplayer decoded it: three planes (Y at full size, U and V
    at half width and height), rows top to bottom, each row `linesizes[i]` bytes long
    (the decoder's alignment kept, so nothing is copied). `planes` are views into
    ffpyplayer's own buffers, kept alive by `image`."""

    width: int
    height: int
    planes: tuple[Any, Any, Any]
    linesizes: tuple[int, int, int]
    pts: float
    image: Any = None

    @property
    def chroma_size(self) -> tuple[int, int]:
        """Width and height of the U and V planes."""
        return (self.width + 1) // 2, (self.height + 1) // 2

    def to_rgb(self) -> Any:
        """The frame as a Pillow RGB image (for thumbnails: made on demand, never per
        shown frame)."""
        from PIL import Image

        cw, ch = self.chroma_size
        sizes = ((self.width, self.height), (cw, ch), (cw, ch))
        bands = []
        for plane, line, (w, h) in zip(self.planes, self.linesizes, sizes, strict=True):
            band = Image.frombuffer("L", (line, h), bytes(plane), "raw", "L", 0, 1)
            bands.append(band.crop((0, 0, w, h)).resize((self.width, self.height))
                         if (w, h) != (self.width, self.height) else band.crop((0, 0, w, h)))
        return Image.merge("YCbCr", bands).convert("RGB")

    @property
    def rgba(self) -> bytes:
        """RGBA bytes of the frame (computed on demand: thumbnails only)."""
        return bytes(self.to_rgb().convert("RGBA").tobytes())


class VideoStream:
    """An open video: paused on its first frame until `play()`."""

    def __init__(self, player: Any, first: Frame, duration: float | None) -> None:
        self._player = player
        self.first = first
        self.duration = duration
        self.eof = False
        self._closed = False
        self._next_call_at = 0.0

    @property
    def out_fmt(self) -> str:
        """The pixel format the decoder hands frames over in."""
        if self._closed:
            return OUT_FMT
        return str(self._player.get_output_pix_fmt())

    def due_in(self) -> float:
        """Seconds until `next_frame` should be asked again (0: now)."""
        return max(0.0, self._next_call_at - time.monotonic())

    def clock(self) -> float | None:
        """The playback clock (seconds into the clip: the audio's when it has sound)."""
        if self._closed:
            return None
        pts = self._player.get_pts()
        return float(pts) if pts is not None else None

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
        elif frame is None:
            self._next_call_at = now + 0.005  # (paused, or the decoder is behind)
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
    """The planes of ffpyplayer's picture, without copying them."""
    img, pts = frame
    w, h = img.get_size()
    y, u, v, *_ = img.to_memoryview(keep_align=True)
    ly, lu, lv, *_ = img.get_linesizes(keep_align=True)
    return Frame(w, h, (y, u, v), (ly, lu, lv), float(pts or 0.0), img)


def open_video(path: Path, *, volume: float = 0.0, timeout: float = 8.0) -> VideoStream:
    """Open `path` and wait for its first frame; raises VideoOpenError. Blocks: call off
    the UI thread."""
    from ffpyplayer.player import MediaPlayer

    if not path.is_file() or path.stat().st_size == 0:
        raise VideoOpenError("the file is empty or missing")
    # opened paused: the playback clock stays at 0 until `play()`. (Opened playing, the clock
    # ran while the first frame was decoded and the slide waited for its turn, so every
    # frame was late against it and dropped: a busy PC showed a still picture.)
    opts: dict[str, Any] = {"paused": True, "out_fmt": OUT_FMT, "sn": True}
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
            frame, val = player.get_frame(force_refresh=True)  # (paused: the first one)
            if frame is not None:
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
