"""A playing video straight into the X window, without OpenGL, on PCs whose OpenGL is a
software renderer (Mesa's llvmpipe: a venue PC without a GPU driver).

There, each pixel OpenGL draws costs CPU: a 1080p30 clip drawn by OpenGL took 90 % of a
core on the test machine, three times a Chromium kiosk page (issue 12). While a video
slide is alone on screen (no fade, no visitor, no staff panel, nothing over it but the
touch invitation; the window not turned for a portrait kiosk), its frames are drawn on a
thread of their own by `media.xshm`, the way mpv's `--vo=x11` draws them, and the
window's OpenGL drawing is held: Kivy neither draws nor flips. The invitation, when it
shows, is rendered once and blended into each frame. As soon as anything else must be
drawn, the slide takes the frames back, starting from the frame on screen, and OpenGL
draws as before. A video slide paused for a visitor, faded out or ended is always back
on OpenGL first.

Used only on Linux with X11 (SDL's x11 driver), with a software renderer, and an X server
with MIT-SHM 1.2. `RENKEI_DIRECT_DRAW=0` switches it off, `=1` uses it with any renderer
(for tests). When it cannot be used, the log says why once, and OpenGL draws the video.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import time
from typing import Any

from renkei_kiosk.media import frame_log
from renkei_kiosk.media.direct import DirectPlayer
from renkei_kiosk.media.video import Frame
from renkei_kiosk.media.xshm import Overlay, XShmOutput, XShmUnavailable
from renkei_kiosk.ui import glinfo
from renkei_kiosk.ui.bridge import to_kivy
from renkei_kiosk.ui.slides import VideoSlide

log = logging.getLogger("renkei_kiosk")

__all__ = ["ENV", "DirectVideo", "Permit", "hold", "render_overlay", "render_rgba",
           "stage_alone", "why_not"]

#: "0": never draw straight into the window (videos, fades); "1": also with a GPU (tests)
ENV = "RENKEI_DIRECT_DRAW"


class DirectVideo:
    """Decides, each tick, whether the stage's video is drawn straight into `window`."""

    def __init__(self, window: Any) -> None:
        self.window = window
        self.slide: VideoSlide | None = None
        self._player: DirectPlayer | None = None
        self._overlay_key: Any = None
        #: a window size X did not agree with, and until when not to try it again
        self._unlike: tuple[tuple[int, ...], float] = ((), 0.0)
        self.permit = Permit(
            window, granted="Video: a video alone on screen is drawn straight into the "
            "window (MIT-SHM), as OpenGL draws on the CPU here (%s)",
            refused="Video: drawn by OpenGL (%s)")

    def follow(self, app: Any) -> None:
        """Kivy thread, each tick: start or stop as the screen says."""
        stage = app.stage
        slide = stage.current if stage is not None else None
        alone = (isinstance(slide, VideoSlide) and slide.playing and not slide.ended
                 and not slide.stream.eof
                 and not stage.transitioning and slide.opacity >= 1
                 and stage_alone(app, self.window))
        if not alone:
            self.leave()
            return
        assert isinstance(slide, VideoSlide)
        size = tuple(int(v) for v in self.window.size)
        if self._player is not None and self._player.output.size != size:
            self.leave()  # (the window changed size: laid out again from the next tick)
            return
        try:
            if slide is not self.slide:
                self.leave()
                waiting = size == self._unlike[0] and time.monotonic() < self._unlike[1]
                if waiting or not self.permit.allows() or not self._enter(slide, size):
                    return
            self._follow_overlay(app.invitation)
        except Exception as e:  # (never again at every tick: OpenGL draws from now on)
            log.exception("Video: drawing straight into the window failed")
            self.permit.withdraw(f"{type(e).__name__}: {e}")
            self.leave()

    def _enter(self, slide: VideoSlide, size: tuple[int, ...]) -> bool:
        info = self.window.get_window_info()
        rgb = tuple(round(max(0.0, min(1.0, c)) * 255) for c in slide.background[:3])
        try:
            output = XShmOutput(int(info.window), background=rgb)  # type: ignore[arg-type]
        except XShmUnavailable as e:
            self.permit.withdraw(str(e), "Video: cannot draw straight into the window (%s); "
                                 "OpenGL draws the video")
            return False
        if output.size != size:
            # (X's window is not yet the size Kivy draws at: a fullscreen switch under way.
            # OpenGL draws until Kivy's size changes, or for 5 s)
            self._unlike = (size, time.monotonic() + 5.0)
            output.close()
            return False
        self.slide = slide
        self._overlay_key = None
        self._player = DirectPlayer(slide.stream, output, on_frame=self._drawn(slide),
                                    on_end=self._ended_soon)
        slide.go_direct(self)
        self.window.fbind("on_draw", hold)
        self.window.fbind("on_flip", hold)
        self._player.start()
        return True

    def leave(self) -> None:
        """Give the frames back to the slide and OpenGL (at once; Kivy thread)."""
        slide, player = self.slide, self._player
        if slide is None:
            return
        self.slide = self._player = None
        self.window.funbind("on_draw", hold)
        self.window.funbind("on_flip", hold)
        last = None
        if player is not None:
            last = player.stop()
            if not player.running:
                player.output.close()
        slide.take_back(last)
        self.window.canvas.ask_update()

    @staticmethod
    def _drawn(slide: VideoSlide) -> Any:
        def drawn(frame: Frame) -> None:  # (the drawing thread)
            slide.frames_put += 1
            log_ = frame_log.active
            if log_ is not None:
                log_.put(frame.pts, slide.stream.clock)
                log_.flipped()

        return drawn

    def _ended_soon(self, reason: str | None) -> None:  # (the drawing thread)
        to_kivy(self._ended, self._player, reason)

    def _ended(self, player: DirectPlayer | None, reason: str | None) -> None:
        if player is None or player is not self._player:
            return  # (already left)
        if reason is not None:
            self.permit.withdraw(reason, "Video: drawing straight into the window stopped "
                                 "(%s); OpenGL draws the video from now on")
        self.leave()  # (at the clip's end: the slide sees it and reports it)

    def _follow_overlay(self, invitation: Any) -> None:
        pill: Any = getattr(getattr(invitation, "ids", None), "pill", None)
        shown = bool(getattr(invitation, "shown", False)) and pill is not None
        key = (tuple(pill.pos), tuple(pill.size)) if shown else None
        if key == self._overlay_key or self._player is None:
            return
        self._overlay_key = key
        self._player.output.set_overlay(
            render_overlay(pill, int(self.window.height)) if shown else None)


class Permit:
    """Whether frames may go straight into `window`: looked at once (`why_not`), said once
    in the log (`granted` with the renderer, or `refused` with the reason), and withdrawn
    for good after a failure."""

    def __init__(self, window: Any, granted: str, refused: str | None = None) -> None:
        self.window = window
        self._granted, self._refused = granted, refused
        #: why not (None: allowed, or not looked at yet)
        self.reason: str | None = None
        self._looked = False

    def allows(self) -> bool:
        """Whether it may be used (looked at the first time)."""
        if not self._looked:
            self._looked = True
            self.reason = why_not(self.window)
            if self.reason is None:
                log.info(self._granted, glinfo.renderer())
            elif self._refused is not None:
                log.info(self._refused, self.reason)
        return self.reason is None

    def withdraw(self, reason: str, warning: str | None = None) -> None:
        """Never again, for `reason` (logged as `warning`'s %s when given)."""
        self._looked, self.reason = True, reason
        if warning is not None:
            log.warning(warning, reason)


def stage_alone(app: Any, window: Any) -> bool:
    """Whether the stage is all there is to draw: no visitor, no staff at the screen, the
    window holding the root alone and the root only the stage and the invitation; and the
    window not turned (portrait on a landscape screen: X cannot turn a picture)."""
    root = app.root
    if (root is None or app.browse is not None or getattr(app.staff, "attended", False)
            or list(window.children) != [root] or getattr(window, "rotation", 0) != 0):
        return False
    return all(child is app.stage or child is app.invitation for child in root.children)


def hold(*_args: Any) -> bool:
    """While frames go straight into the window, Kivy neither draws nor flips (True ends
    the event before the window's own handler)."""
    return True


def why_not(window: Any) -> str | None:
    """Why video cannot go straight into `window` here, or None."""
    choice = os.environ.get(ENV, "").strip()
    if choice == "0":
        return f"{ENV}=0"
    if not sys.platform.startswith("linux"):
        return "only on Linux with X11"
    info = None
    with contextlib.suppress(Exception):
        info = window.get_window_info()
    if info is None or type(info).__name__ != "WindowInfoX11":
        return "the window is not an X11 window"
    if choice != "1" and not glinfo.software():
        return f"OpenGL has a GPU here: {glinfo.renderer() or 'unknown renderer'}"
    return None


def render_overlay(widget: Any, window_height: int) -> Overlay:
    """`widget` drawn alone, over black and over white, as an `Overlay` in window pixels
    (top-left origin)."""
    x, y = round(widget.x), round(widget.y)
    w, h = max(1, round(widget.width)), max(1, round(widget.height))
    black, white = (render_rgba(widget, (x, y, w, h), colour) for colour in (0.0, 1.0))
    return Overlay(x, window_height - (y + h), w, h, black, white)


def render_rgba(widget: Any, box: tuple[int, int, int, int], clear: float = 0.0) -> bytes:
    """`widget` (and its children) drawn alone in an off-screen buffer over a grey of
    `clear` (0 black, 1 white): the RGBA bytes of `box` (x, y, width, height in window
    pixels, Kivy's bottom-left origin), top row first."""
    from kivy.graphics import ClearBuffers, ClearColor, Fbo, Scale, Translate

    x, y, w, h = box
    parent_canvas: Any = widget.parent.canvas if widget.parent is not None else None
    index = parent_canvas.indexof(widget.canvas) if parent_canvas is not None else -1
    if index >= 0:
        parent_canvas.remove(widget.canvas)
    try:
        fbo = Fbo(size=(w, h))
        with fbo:
            ClearColor(clear, clear, clear, 1)
            ClearBuffers()
            Scale(1, -1, 1)  # (upside down: the buffer's first row is then the top one)
            Translate(-x, -y - h, 0)
        fbo.add(widget.canvas)
        fbo.draw()
        pixels: bytes = fbo.pixels
        fbo.remove(widget.canvas)
    finally:
        if index >= 0:
            parent_canvas.insert(index, widget.canvas)
    return pixels
