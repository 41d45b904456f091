"""Preparing the next slide early: decoding in worker threads, building on the Kivy thread.

Worker threads only decode (Pillow, ffpyplayer, segno) and hand their result to the Kivy
thread through ui.bridge; only there are textures uploaded and widgets built.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kivy.clock import Clock

from renkei_kiosk.core.model import Item, Kind
from renkei_kiosk.media.cardlayout import CardLayout, lay_out_card
from renkei_kiosk.media.images import DecodedImage, ImageDecodeError, decode_image
from renkei_kiosk.media.qr import qr_rgba
from renkei_kiosk.media.video import VideoOpenError, VideoStream, open_video
from renkei_kiosk.memory import return_free_memory
from renkei_kiosk.threads import lower_priority
from renkei_kiosk.ui.bridge import to_kivy
from renkei_kiosk.ui.fonts import fontset
from renkei_kiosk.ui.slides import (
    CommentSlide,
    ImageSlide,
    QRSlide,
    Slide,
    TextSlide,
    VideoSlide,
    texture_from_image,
    texture_from_rgba,
)

log = logging.getLogger("renkei_kiosk")


class PrepareError(Exception):
    """An item could not be prepared; the message says why in plain words."""


@dataclass
class _Payload:
    image: DecodedImage | None = None
    video: VideoStream | None = None
    qr: tuple[int, int, bytes] | None = None
    #: a comment card laid out (text broken into lines, map drawn)
    card: CardLayout | None = None


class Job:
    """One item being prepared; `cancel()` drops the result (and closes a video)."""

    def __init__(self, item: Item) -> None:
        self.item = item
        self.cancelled = False
        self.done = threading.Event()
        self.slide: Slide | None = None
        self.error: str | None = None

    def cancel(self) -> None:
        """Forget this job; a slide already built is released."""
        self.cancelled = True
        if self.slide is not None:
            self.slide.release()
            self.slide = None


class Preparer:
    """Turns items into ready slides without stalling the Kivy thread."""

    def __init__(
        self,
        root: Path,
        screen_size: Callable[[], tuple[int, int]],
        max_texture: int = 8192,
        workers: int = 2,
        type_unit: Callable[[], float] | None = None,
    ) -> None:
        self.root = root
        self._screen_size = screen_size
        #: the comment cards' type scale (core.cardstyle.card_grid), when the slides are
        #: shown in part of a screen (browse); None: each card's own size
        self._type_unit = type_unit
        self._max_texture = max_texture
        self._pool = ThreadPoolExecutor(
            max_workers=workers, thread_name_prefix="prepare", initializer=lower_priority
        )
        self._trim = Clock.create_trigger(lambda _dt: return_free_memory(), 0.2)

    def prepare(
        self,
        item: Item,
        background: tuple[float, float, float],
        on_done: Callable[[Job], None],
        page_seconds: float = 8.0,
    ) -> Job:
        """Start preparing `item`; `on_done(job)` runs on the Kivy thread with
        `job.slide` set, or `job.error` when the item cannot be shown."""
        job = Job(item)
        size = self._screen_size()
        type_unit = self._type_unit() if self._type_unit is not None else None

        def work() -> None:
            try:
                payload = self._load(item, size, type_unit)
                err = None
            except PrepareError as e:
                payload, err = None, str(e)
            except Exception as e:  # one bad file never stops the kiosk
                log.exception("Player: preparing %s failed", item.key)
                payload, err = None, f"unexpected error: {e}"
            to_kivy(finish, payload, err)

        def finish(payload: _Payload | None, err: str | None) -> None:
            if job.cancelled:
                if payload and payload.video:
                    payload.video.close()
                job.done.set()
                return
            if payload is not None:
                try:
                    job.slide = self._build(item, payload, background, page_seconds)
                except Exception as e:
                    log.exception("Player: building the slide for %s failed", item.key)
                    err = f"cannot be shown: {e}"
            job.error = err
            job.done.set()
            on_done(job)
            # the decoded pixels (megabytes) were freed once uploaded: give them back to
            # the system now rather than at the next slide change
            self._trim()

        self._pool.submit(work)
        return job

    def shutdown(self) -> None:
        """Stop the workers (pending jobs are dropped)."""
        self._pool.shutdown(wait=False, cancel_futures=True)

    # -- worker side ------------------------------------------------------------------
    def _load(self, item: Item, size: tuple[int, int],
              type_unit: float | None = None) -> _Payload:
        w, h = size
        if item.kind is Kind.IMAGE:
            return _Payload(image=self._image(item.path, w, h))
        if item.kind is Kind.VIDEO:
            path = self._path(item.path)
            try:
                return _Payload(video=open_video(path, volume=item.volume))
            except VideoOpenError as e:
                raise PrepareError(f"{item.path}: the video cannot be played ({e})") from e
        if item.kind is Kind.QR:
            return _Payload(qr=qr_rgba(item.text or ""))
        if item.kind is Kind.COMMENT and item.comment is not None:
            card = item.comment
            photo = None
            if card.photo:
                try:
                    photo = self._image(card.photo, w // 2, h // 2)
                except PrepareError as e:
                    log.warning("Player: %s: photo not shown (%s)", item.key, e)
            qr = qr_rgba(card.url) if card.url else None
            # text measured and broken into lines here, in the worker (core.linebreak)
            layout = lay_out_card(card, w, h, photo=photo is not None, qr=qr is not None,
                                  type_unit=type_unit)
            return _Payload(image=photo, qr=qr, card=layout)
        return _Payload()

    def _path(self, rel: str | None) -> Path:
        if not rel:
            raise PrepareError("no file named")
        return self.root / rel

    def _image(self, rel: str | None, w: int, h: int) -> DecodedImage:
        try:
            return decode_image(self._path(rel), w, h, self._max_texture)
        except (ImageDecodeError, OSError) as e:
            raise PrepareError(f"{rel}: the image cannot be read ({e})") from e

    # -- Kivy side --------------------------------------------------------------------
    def _build(
        self, item: Item, p: _Payload, bg: tuple[float, float, float], page_seconds: float
    ) -> Slide:
        fonts = fontset()
        background = [*bg, 1.0]
        slide: Slide
        if item.kind is Kind.IMAGE and p.image is not None:
            slide = ImageSlide(texture=texture_from_image(p.image), background=background)
        elif item.kind is Kind.VIDEO and p.video is not None:
            slide = VideoSlide(p.video, background=background)
        elif item.kind is Kind.QR and p.qr is not None:
            slide = QRSlide(texture=texture_from_rgba(*p.qr, nearest=True),
                            caption=item.caption or item.title or "",
                            url=item.text or "")
        elif item.kind is Kind.COMMENT and item.comment is not None and p.card is not None:
            slide = CommentSlide.from_layout(
                item.comment, p.card, fonts.markup,
                photo=texture_from_image(p.image) if p.image else None,
                qr=texture_from_rgba(*p.qr, nearest=True) if p.qr else None,
                page_seconds=page_seconds,
            )
        elif item.kind is Kind.TEXT:
            slide = TextSlide(title=item.title or "", body=item.text or "")
        else:
            raise PrepareError(f"{item.key}: nothing to show")
        slide.key = item.key
        return slide


def make_texture_limit() -> int:
    """The GPU's largest texture side (needs a GL context: call after the window exists)."""
    try:
        from kivy.graphics.opengl import GL_MAX_TEXTURE_SIZE, glGetIntegerv

        value: Any = glGetIntegerv(GL_MAX_TEXTURE_SIZE)
        return int(value[0] if hasattr(value, "__getitem__") else value)
    except Exception:  # fall back to a size every GPU supports
        return 4096
