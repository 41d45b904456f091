"""What a browse detail shows, decoded off the Kivy thread: panels in one worker thread
(first at the window's size, sharper pixels after a zoom), and comment cards, videos and
text slides through a slide Preparer. Results reach the Kivy thread only through
ui.bridge.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from kivy.core.window import Window

from renkei_kiosk.core.model import Item
from renkei_kiosk.media.images import DecodedImage, ImageDecodeError, decode_image
from renkei_kiosk.threads import lower_priority
from renkei_kiosk.ui.bridge import to_kivy
from renkei_kiosk.ui.preparer import Job, Preparer, make_texture_limit

__all__ = ["DetailLoader"]

#: largest side decoded for a zoomed panel, whatever the GPU allows (memory)
MAX_SHARP_SIDE = 8192

PanelDone = Callable[[DecodedImage | None, str | None], None]


class DetailLoader:
    """The workers of one browse view's details (started when first needed)."""

    def __init__(self, content_root: Path,
                 slide_size: Callable[[], tuple[int, int]] | None = None,
                 type_unit: Callable[[], float] | None = None) -> None:
        self.content_root = content_root
        #: the size a slide (comment card, video, text) is laid out for: the area a
        #: detail shows it in (the window's size when not given), and the scale of its
        #: type (the screen's, so that a card under the bar keeps the rotation's type)
        self.slide_size = slide_size or self.window_size
        self.type_unit = type_unit
        self._preparer: Preparer | None = None
        self._decoder: ThreadPoolExecutor | None = None
        self._max_texture: int | None = None

    @staticmethod
    def window_size() -> tuple[int, int]:
        """The window's size in pixels (a detail fills it)."""
        w, h = Window.size
        return max(1, int(w)), max(1, int(h))

    def texture_limit(self) -> int:
        """The largest texture side decoded (the GPU's limit, at most MAX_SHARP_SIDE)."""
        if self._max_texture is None:
            self._max_texture = min(MAX_SHARP_SIDE, make_texture_limit())
        return self._max_texture

    def warm(self) -> None:
        """Start the panel decoder's thread now (a thread start waits for the OS to run
        the new thread: on a busy machine, tens of milliseconds)."""
        self._panels().submit(lambda: None)

    def decode(self, rel: str, box: tuple[int, int], on_done: PanelDone) -> None:
        """Decode the panel `rel` to fit `box` in the worker; `on_done(image, error)` runs
        on the Kivy thread."""
        limit = self.texture_limit()
        path = self.content_root / rel

        def work() -> None:
            try:
                img: DecodedImage | None = decode_image(path, box[0], box[1], limit)
                err = None
            except (ImageDecodeError, OSError) as e:
                img, err = None, str(e)
            to_kivy(on_done, img, err)

        self._panels().submit(work)

    def prepare(self, item: Item, on_done: Callable[[Job], None]) -> Job:
        """Prepare `item`'s slide (comment card, video, text); `on_done(job)` runs on the
        Kivy thread."""
        if self._preparer is None:
            self._preparer = Preparer(self.content_root, self.slide_size,
                                      type_unit=self.type_unit,
                                      max_texture=self.texture_limit(), workers=1)
        return self._preparer.prepare(item, (0.0, 0.0, 0.0), on_done)

    def shutdown(self) -> None:
        """Stop the workers; pending work is dropped."""
        if self._preparer is not None:
            self._preparer.shutdown()
        if self._decoder is not None:
            self._decoder.shutdown(wait=False, cancel_futures=True)

    def _panels(self) -> ThreadPoolExecutor:
        if self._decoder is None:
            # (nice, as the slide preparer's: Pillow decodes outside the GIL, and the
            # Kivy thread draws the frames meanwhile)
            self._decoder = ThreadPoolExecutor(max_workers=1, thread_name_prefix="browse",
                                               initializer=lower_priority)
        return self._decoder
