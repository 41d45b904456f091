"""A video played on its own thread straight into an X window (`media.xshm`), for as long
as nothing else is drawn over it (`ui.direct` decides when).

The thread asks the stream for each frame when ffpyplayer says it is due (by the clip's
timestamps against its clock, the audio's when it has sound), draws it, and reports it.
It ends when asked (`stop`, which returns the last frame drawn, so the OpenGL picture can
take over from the same frame), at the end of the clip, or when the X server refuses a
frame; `on_end` is then called from the thread with the reason (None at the clip's end).
Nothing here touches Kivy.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from renkei_kiosk.media.video import Frame, VideoStream
from renkei_kiosk.media.xshm import XShmUnavailable

log = logging.getLogger("renkei_kiosk")

__all__ = ["DirectPlayer"]

#: how long `stop` waits for the thread (it draws a frame in a few milliseconds)
STOP_WAIT = 2.0


class DirectPlayer:
    """Plays `stream` into `output` (an `XShmOutput`) on a thread of its own."""

    def __init__(self, stream: VideoStream, output: Any,
                 on_frame: Callable[[Frame], None],
                 on_end: Callable[[str | None], None]) -> None:
        self.stream = stream
        self.output = output
        self._on_frame = on_frame
        self._on_end = on_end
        self._stop = threading.Event()
        #: the last frame drawn (None before the first)
        self.last: Frame | None = None
        #: frames drawn
        self.frames = 0
        self._thread = threading.Thread(target=self._run, name="video-direct", daemon=True)

    def start(self) -> None:
        """Start drawing."""
        self._thread.start()

    @property
    def running(self) -> bool:
        """Whether the thread still draws."""
        return self._thread.is_alive()

    def stop(self) -> Frame | None:
        """Stop drawing (the thread is waited for); the last frame drawn, or None."""
        self._stop.set()
        if self._thread.is_alive() and self._thread is not threading.current_thread():
            self._thread.join(STOP_WAIT)
            if self._thread.is_alive():
                log.warning("Video: the direct drawing thread did not stop within %.0f s",
                            STOP_WAIT)
        return self.last

    def _run(self) -> None:
        reason: str | None = None
        try:
            while not self._stop.is_set():
                frame = self.stream.next_frame()
                if frame is None:
                    if self.stream.eof:
                        break
                    self._stop.wait(self.stream.due_in())
                    continue
                self.output.show(frame.image)
                self.last = frame
                self.frames += 1
                self._on_frame(frame)
        except XShmUnavailable as e:
            reason = str(e)
        except Exception as e:  # (never takes the kiosk down: OpenGL takes over)
            log.exception("Video: drawing straight into the window failed")
            reason = f"{type(e).__name__}: {e}"
        if not self._stop.is_set():
            self._on_end(reason)
