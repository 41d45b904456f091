"""Crossfades between still slides blended on the CPU and drawn straight into the X window,
on PCs whose OpenGL is a software renderer (see `ui.direct`, which does the same for a
video alone on screen).

There, OpenGL draws each frame of a fade as two full-screen pictures, one blended over the
other: 26 ms of CPU a frame for a 1080p fade on the test machine, about 1.3 s of CPU for a
0.8-s fade. Yet a fade between two still slides only mixes two fixed pictures. When such a
fade starts, both ends are taken once, exactly as OpenGL shows them: the outgoing one from
the window (the X server's copy of what is on screen), the incoming one drawn off screen
at full opacity (with the touch invitation if it shows). Each frame is then the incoming
one pasted over the outgoing one with the fade's opacity, by Pillow, in place in the
memory the X server shows (`media.xshm`: 6 ms at 1080p here), while Kivy neither draws
nor flips. When the fade ends, OpenGL draws again, from the same picture.

Only fades (not the slide transition), only between still slides (not into a video, nor out
of one still playing), with nothing else on screen; anything else, or any change mid-fade
(a new item, a visitor, the invitation showing or going), hands the screen back to OpenGL
at once. Same conditions of use as `ui.direct` (Linux, X11, software renderer,
`RENKEI_DIRECT_DRAW=0` switches both off).
"""

from __future__ import annotations

import logging
import time
from typing import Any

from renkei_kiosk.media.xshm import XShmOutput, XShmUnavailable
from renkei_kiosk.ui.direct import Permit, hold, render_rgba, stage_alone
from renkei_kiosk.ui.slides import VideoSlide

log = logging.getLogger("renkei_kiosk")

__all__ = ["FRAME", "DirectFade"]

#: the log's words when fades cannot be drawn here after all (%s: why)
GIVE_UP = "Fade: cannot draw fades straight into the window (%s); OpenGL draws them"

#: the shortest time between two frames drawn here (a 60 Hz display's refresh, less a
#: little for the clock's jitter)
FRAME = 1 / 60 - 0.002


class DirectFade:
    """Watches each frame the window is about to draw; draws fades itself (see above)."""

    def __init__(self, window: Any, app: Any) -> None:
        self.window = window
        self.app = app
        #: the slide fading in while this draws the fade (None: OpenGL draws)
        self.slide: Any = None
        #: fades drawn here
        self.fades = 0
        self.permit = Permit(
            window, granted="Fade: fades between still slides are blended on the CPU and "
            "drawn straight into the window, as OpenGL draws on the CPU here (%s)")
        self._output: XShmOutput | None = None
        self._ends: tuple[Any, Any] | None = None
        self._shown_at: float | None = None
        self._drawn_at = 0.0
        self._invited = False
        # this fade's cost: seconds taking both ends; its frames and their seconds
        self._ends_took = self._drawing = 0.0
        self._frames = 0

    def attach(self) -> None:
        """Start watching the window's frames."""
        self.window.fbind("on_draw", self._on_draw)

    def detach(self) -> None:
        """Stop (OpenGL draws everything)."""
        self.leave()
        self.window.funbind("on_draw", self._on_draw)

    def _on_draw(self, *_args: Any) -> bool:
        try:
            if self.slide is None and not self._starts():
                return False  # (OpenGL draws this frame)
            if not self._still_fading():
                self.leave()
                return False
            return self._draw()
        except Exception as e:  # (never every frame again: OpenGL draws fades from now on)
            log.exception("Fade: drawing a fade on the CPU failed")
            self.permit.withdraw(f"{type(e).__name__}: {e}", GIVE_UP)
            self.leave()
            return False

    def _fade(self) -> tuple[Any, Any] | None:
        """(incoming, outgoing) when the stage runs a fade this can draw, else None."""
        stage = getattr(self.app, "stage", None)
        if stage is None or not stage.transitioning or len(stage.leaving) != 1:
            return None
        new, (old,) = stage.current, stage.leaving
        if (new is None or isinstance(new, VideoSlide) or new.opacity >= 1
                or new.x != stage.x  # (the slide transition moves it; a fade does not)
                or (isinstance(old, VideoSlide) and old.playing)
                or not stage_alone(self.app, self.window)):
            return None
        return new, old

    def _starts(self) -> bool:
        fade = self._fade()
        if fade is None or not self.permit.allows():
            return False
        new = fade[0]
        try:
            output = XShmOutput(int(self.window.get_window_info().window))
        except XShmUnavailable as e:
            self.permit.withdraw(str(e), GIVE_UP)
            return False
        w, h = (int(v) for v in self.window.size)
        if output.size != (w, h):
            output.close()
            return False  # (the window is being resized: OpenGL draws this fade)
        root, now = self.app.root, new.opacity
        started = time.perf_counter()
        try:
            # the outgoing end is what the window shows now (the X server's copy of it);
            # the incoming one is drawn off screen
            if output.read_window():
                a = output.canvas.copy()
            else:
                new.opacity = 0
                a = _bgra(render_rgba(root, (0, 0, w, h)), (w, h))
            new.opacity = 1
            b = _bgra(render_rgba(root, (0, 0, w, h)), (w, h))
        finally:
            new.opacity = now
        self.slide, self._output, self._ends = new, output, (a, b)
        self._shown_at, self._drawn_at = None, 0.0
        self._ends_took, self._drawing, self._frames = time.perf_counter() - started, 0.0, 0
        self._invited = bool(getattr(self.app.invitation, "shown", False))
        self.window.fbind("on_flip", hold)
        self.fades += 1
        return True

    def _still_fading(self) -> bool:
        fade = self._fade()
        return (fade is not None and fade[0] is self.slide
                and bool(getattr(self.app.invitation, "shown", False)) == self._invited)

    def _draw(self) -> bool:
        from PIL import Image

        assert self._output is not None and self._ends is not None
        t = float(self.slide.opacity)
        started = time.perf_counter()
        if t == self._shown_at or started - self._drawn_at < FRAME:
            return True  # (nothing new to show yet: at most a frame a display refresh)
        try:
            canvas = self._output.canvas
            canvas.paste(self._ends[0])  # (the outgoing picture, then the incoming over it)
            canvas.paste(self._ends[1], (0, 0), Image.new("L", canvas.size, round(t * 255)))
            self._output.show_canvas()
        except XShmUnavailable as e:
            self.permit.withdraw(str(e), GIVE_UP)
            self.leave()
            return False
        self._shown_at, self._drawn_at = t, started
        self._drawing += time.perf_counter() - started
        self._frames += 1
        return True

    def leave(self) -> None:
        """OpenGL draws again (from the next frame, or this one when called in it)."""
        if self.slide is None:
            return
        self.slide = self._ends = None
        log.log(logging.INFO if self.fades == 1 else logging.DEBUG,
                "Fade: %s drawn on the CPU: both ends in %.0f ms, %d frames, %.1f ms a frame",
                "the first fade" if self.fades == 1 else "a fade", self._ends_took * 1000,
                self._frames, self._drawing * 1000 / max(1, self._frames))
        self.window.funbind("on_flip", hold)
        if self._output is not None:
            self._output.close()
            self._output = None
        self.window.canvas.ask_update()


def _bgra(rgba: bytes, size: tuple[int, int]) -> Any:
    """RGBA bytes as a Pillow image with the bytes in the X server's order (B, G, R, A):
    decoded as if they were BGRA, which swaps red and blue on the way in."""
    from PIL import Image

    return Image.frombytes("RGBA", size, rgba, "raw", "BGRA")
