"""Decoding a media file once to tell whether the kiosk will be able to show it.

:func:`probe_image` opens and fully decodes an image with Pillow (a cut-short JPEG fails
as long as Pillow's ``ImageFile.LOAD_TRUNCATED_IMAGES`` stays False, as it does in this
project). :func:`probe_video` opens a video with ffpyplayer, reads its size and duration
and waits for one decoded picture, in a daemon thread with a timeout, so a file that
makes FFmpeg stall can't hang the caller. Both return a plain message for staff when
something is wrong. Safe to call from several threads.
"""

from __future__ import annotations

import contextlib
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import UnidentifiedImageError

from renkei_kiosk.core import words
from renkei_kiosk.core.names import HEIF_EXTENSIONS, extension
from renkei_kiosk.media.images import (
    HEIF_SUPPORTED,
    JPEG_DRAFT_SCALE,
    MAX_PIXELS,
    ImageTooLarge,
    open_image,
)

__all__ = ["MAX_PIXELS", "VideoInfo", "probe_image", "probe_video", "quiet_ffmpeg_logs"]

#: JPEGs are decoded at 1/8 scale: every byte is still read, four times faster
_DRAFT_SCALE = JPEG_DRAFT_SCALE


@dataclass(frozen=True)
class VideoInfo:
    """What a video probe learned."""

    width: int
    height: int
    #: seconds; None when the container does not say
    duration: float | None
    #: frames per second; None when unknown
    frame_rate: float | None = None


def _empty_or_unreadable(path: Path, lang: str | None) -> str | None:
    """A message for a file that is missing, unreadable or empty, else None."""
    try:
        size = path.stat().st_size
    except OSError as e:
        return words.text("file_unreadable", lang, error=e.strerror or type(e).__name__)
    if size == 0:
        return words.text("media_empty", lang)
    return None


def probe_image(path: Path, lang: str | None = None) -> str | None:
    """None when the image decodes completely; else a message saying what to do.

    The size is checked first, from the header (`images.open_image`), so a picture too
    large to show is reported with its real size without being decoded.
    """
    problem = _empty_or_unreadable(path, lang)
    if problem is not None:
        return problem
    try:
        with open_image(path) as image:
            width, height = image.size
            if image.format == "JPEG":
                image.draft("RGB", (max(1, width // _DRAFT_SCALE), max(1, height // _DRAFT_SCALE)))
            image.load()
    except ImageTooLarge as e:
        return words.text("image_too_large", lang, width=e.width, height=e.height)
    except UnidentifiedImageError:
        if extension(path.name) in HEIF_EXTENSIONS and not HEIF_SUPPORTED:
            return words.text("image_heif_unsupported", lang)
        return words.text("image_unknown", lang)
    except Exception as e:  # Pillow raises OSError, SyntaxError, ValueError, EOFError...
        if "truncated" in str(e).lower() or isinstance(e, EOFError):
            return words.text("image_truncated", lang)
        return words.text("image_unreadable", lang, error=str(e) or type(e).__name__)
    return None


def probe_video(
    path: Path, timeout: float = 5.0, lang: str | None = None,
) -> VideoInfo | str:
    """VideoInfo when a picture decodes within ``timeout`` seconds; else a message.

    The player is always closed. If FFmpeg stalls (even in closing), the probe's daemon
    thread is abandoned and a timeout message is returned.
    """
    problem = _empty_or_unreadable(path, lang)
    if problem is not None:
        return problem
    outcome: list[VideoInfo | str] = []
    worker = threading.Thread(
        target=lambda: outcome.append(_probe_video_blocking(path, timeout, lang)),
        name=f"probe-{path.name}",
        daemon=True,
    )
    worker.start()
    worker.join(timeout + 2.0)  # closing the player gets a little extra time
    if not outcome:
        return words.text("video_timeout", lang, seconds=_seconds(timeout))
    return outcome[0]


def _seconds(value: float) -> str:
    return f"{value:g}"


def _probe_video_blocking(path: Path, timeout: float, lang: str | None) -> VideoInfo | str:
    """Open, wait for one picture, read the metadata, close."""
    from ffpyplayer.player import MediaPlayer

    failed = threading.Event()

    def callback(selector: str, value: Any) -> None:
        if selector.endswith(":error"):
            failed.set()

    deadline = time.monotonic() + timeout
    try:
        player = MediaPlayer(
            str(path), callback=callback, loglevel="quiet",
            ff_opts={"an": True, "sn": True, "sync": "video", "autoexit": True},
        )
    except Exception:  # ffpyplayer raises plain exceptions for files it can't open
        return words.text("video_unreadable", lang)
    try:
        while True:
            frame, value = player.get_frame()
            if frame is not None:
                break
            if value == "eof" or failed.is_set():
                return words.text("video_unreadable", lang)
            if time.monotonic() > deadline:
                return words.text("video_timeout", lang, seconds=_seconds(timeout))
            time.sleep(0.005)
        meta = player.get_metadata() or {}
    finally:
        with contextlib.suppress(Exception):  # a broken stream must not hide the answer
            player.close_player()
    width, height = meta.get("src_vid_size") or (0, 0)
    if not width or not height:
        width, height = frame[0].get_size()
    duration = meta.get("duration")
    rate = meta.get("frame_rate") or (0, 0)
    return VideoInfo(
        width=int(width),
        height=int(height),
        duration=float(duration) if duration else None,
        frame_rate=rate[0] / rate[1] if rate and rate[1] else None,
    )


def quiet_ffmpeg_logs() -> None:
    """Silence FFmpeg's own log lines (for the `check` command's clean output)."""
    from ffpyplayer.tools import set_loglevel

    set_loglevel("quiet")
