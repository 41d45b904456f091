"""Video frames drawn straight into an X window through shared memory (MIT-SHM), without
OpenGL: for PCs whose OpenGL is a software renderer (see `ui.direct`).

On such a PC every pixel OpenGL draws is CPU time: a 1080p30 video drawn by GL cost 90 %
of a core on the test machine, where mpv's `--vo=x11` needs about 30 %. This module does
what mpv does there. FFmpeg's swscale (SIMD, in ffpyplayer) turns each yuv420p frame into
BGRX pixels written straight into a memory segment the X server shares (`media.yuvconv`,
with the OpenGL shader's colour matrix; a memfd, handed over with SHM 1.2's `AttachFd`, so
no segment can be left behind by a crash), and one `ShmPutImage` request shows them.

The shared memory is also a Pillow image (`canvas`) to draw on in place: a crossfade's
frames are mixed there (`ui.direct_fade`), and an overlay (the touch invitation) is
blended into each video frame there, only in its box. The overlay comes as two renderings,
over black and over white, which give its exact colour and opacity.

The X calls go through libxcb with ctypes (errors come back as values, never through
Xlib's process-wide error handler, which SDL owns). Linux with X11 only: elsewhere, or when
the server has no MIT-SHM 1.2 (a remote display), `XShmOutput` raises `XShmUnavailable`
with the reason, and the caller keeps to OpenGL. Nothing here touches Kivy.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import mmap
import os
import struct
import sys
import threading
from dataclasses import dataclass
from functools import cache
from typing import Any

from renkei_kiosk.media.clib import bind

__all__ = ["Overlay", "XShmOutput", "XShmUnavailable", "fit_box"]

log = logging.getLogger("renkei_kiosk")


class XShmUnavailable(Exception):
    """Frames cannot be drawn straight into the window here (the reason is the message)."""


class _Cookie(ctypes.Structure):
    _fields_ = [("sequence", ctypes.c_uint)]


class _Error(ctypes.Structure):
    _fields_ = [("response_type", ctypes.c_uint8), ("error_code", ctypes.c_uint8),
                ("sequence", ctypes.c_uint16), ("resource_id", ctypes.c_uint32),
                ("minor_code", ctypes.c_uint16), ("major_code", ctypes.c_uint8)]


class _ShmVersion(ctypes.Structure):
    _fields_ = [("response_type", ctypes.c_uint8), ("shared_pixmaps", ctypes.c_uint8),
                ("sequence", ctypes.c_uint16), ("length", ctypes.c_uint32),
                ("major_version", ctypes.c_uint16), ("minor_version", ctypes.c_uint16)]


class _Geometry(ctypes.Structure):
    _fields_ = [("response_type", ctypes.c_uint8), ("depth", ctypes.c_uint8),
                ("sequence", ctypes.c_uint16), ("length", ctypes.c_uint32),
                ("root", ctypes.c_uint32), ("x", ctypes.c_int16), ("y", ctypes.c_int16),
                ("width", ctypes.c_uint16), ("height", ctypes.c_uint16),
                ("border_width", ctypes.c_uint16)]


_P = ctypes.c_void_p
_U32 = ctypes.c_uint32
_U16 = ctypes.c_uint16
_GC_GRAPHICS_EXPOSURES = 1 << 16
_Z_PIXMAP = 2
_LSB_FIRST = 0


class _Xcb:
    """The few libxcb and libxcb-shm calls used, with their C signatures."""

    def __init__(self) -> None:
        if not sys.platform.startswith("linux"):
            raise XShmUnavailable("only on Linux")
        try:
            xcb = ctypes.CDLL(ctypes.util.find_library("xcb") or "libxcb.so.1")
            shm = ctypes.CDLL(ctypes.util.find_library("xcb-shm") or "libxcb-shm.so.0")
            libc = ctypes.CDLL(None)
        except OSError as e:
            raise XShmUnavailable(f"libxcb or libxcb-shm is missing ({e})") from e
        bind(self, (
            (xcb, "xcb_connect", _P, [ctypes.c_char_p, ctypes.POINTER(ctypes.c_int)]),
            (xcb, "xcb_connection_has_error", ctypes.c_int, [_P]),
            (xcb, "xcb_disconnect", None, [_P]),
            (xcb, "xcb_flush", ctypes.c_int, [_P]),
            (xcb, "xcb_get_setup", _P, [_P]),
            (xcb, "xcb_generate_id", _U32, [_P]),
            (xcb, "xcb_request_check", ctypes.POINTER(_Error), [_P, _Cookie]),
            (xcb, "xcb_poll_for_event", _P, [_P]),
            (xcb, "xcb_get_geometry", _Cookie, [_P, _U32]),
            (xcb, "xcb_get_geometry_reply", ctypes.POINTER(_Geometry),
             [_P, _Cookie, ctypes.POINTER(_P)]),
            (xcb, "xcb_create_gc_checked", _Cookie,
             [_P, _U32, _U32, _U32, ctypes.POINTER(_U32)]),
            (xcb, "xcb_free_gc", _Cookie, [_P, _U32]),
            (shm, "xcb_shm_query_version", _Cookie, [_P]),
            (shm, "xcb_shm_query_version_reply", ctypes.POINTER(_ShmVersion),
             [_P, _Cookie, ctypes.POINTER(_P)]),
            (shm, "xcb_shm_attach_fd_checked", _Cookie, [_P, _U32, ctypes.c_int, ctypes.c_uint8]),
            (shm, "xcb_shm_detach", _Cookie, [_P, _U32]),
            (shm, "xcb_shm_get_image", _Cookie,
             [_P, _U32, ctypes.c_int16, ctypes.c_int16, _U16, _U16, _U32, ctypes.c_uint8, _U32,
              _U32]),
            (shm, "xcb_shm_get_image_reply", _P, [_P, _Cookie, ctypes.POINTER(_P)]),
            (shm, "xcb_shm_put_image_checked", _Cookie, [
                _P, _U32, _U32, _U16, _U16, _U16, _U16, _U16, _U16, ctypes.c_int16,
                ctypes.c_int16, ctypes.c_uint8, ctypes.c_uint8, ctypes.c_uint8, _U32, _U32]),
            (libc, "free", None, [_P]),
        ), lambda name: XShmUnavailable(f"{name} is missing from the X libraries"))

    def __getattr__(self, name: str) -> Any:  # (for the type checker: set in __init__)
        raise AttributeError(name)


@cache
def _xcb() -> _Xcb:
    """The bound libraries, once (a failure is tried again at the next call)."""
    return _Xcb()


def fit_box(frame: tuple[int, int], window: tuple[int, int]) -> tuple[int, int, int, int]:
    """Where a `frame`-sized picture goes in `window`, its aspect kept and centred:
    (x, y, width, height) in window pixels, top-left origin; sizes even (for swscale)."""
    fw, fh = max(1, frame[0]), max(1, frame[1])
    ww, wh = window
    scale = min(ww / fw, wh / fh)
    w = min(ww, max(2, int(fw * scale + 0.5) & ~1))
    h = min(wh, max(2, int(fh * scale + 0.5) & ~1))
    return (ww - w) // 2, (wh - h) // 2, w, h


@dataclass(frozen=True)
class Overlay:
    """Something drawn over the video (top-left origin, window pixels), as two renderings
    of its box: over black and over white (RGBA rows, top row first)."""

    x: int
    y: int
    width: int
    height: int
    over_black: bytes
    over_white: bytes


class XShmOutput:
    """Draws frames into one X window (`window`: its id) on `display` ($DISPLAY when None),
    around them the `background` colour.

    Raises `XShmUnavailable` when that cannot be done here. Used from one thread at a time
    (the direct player's); `close` may come from another once that thread has stopped."""

    def __init__(self, window: int, display: str | None = None,
                 background: tuple[int, int, int] = (0, 0, 0)) -> None:
        self.x = _xcb()
        screen = ctypes.c_int(0)
        self.conn = self.x.xcb_connect(display.encode() if display else None,
                                       ctypes.byref(screen))
        if not self.conn or self.x.xcb_connection_has_error(self.conn):
            if self.conn:
                self.x.xcb_disconnect(self.conn)
            raise XShmUnavailable("cannot connect to the X display")
        self.window = window
        self._gc = 0
        self._seg = 0
        self._mem: mmap.mmap | None = None
        self._anchor: Any = None
        self._sws: Any = None
        self._target: Any = None
        self._converted: Any = None
        self._direct: Any = None  # (media.yuvconv.Converter, when swscale can be called)
        self._canvas: Any = None
        self._source: tuple[Any, str] | None = None
        self._box = self._area = (0, 0, 0, 0)
        self._over: tuple[int, int, int, int] | None = None
        self._whole = True
        self._background = (background[2], background[1], background[0], 255)  # (BGRX)
        self._blend: Any = None
        self._lock = threading.Lock()
        try:
            self._check_server()
            self.size, self.depth = self._geometry()
            self._gc = self.x.xcb_generate_id(self.conn)
            values = (_U32 * 1)(0)  # (no exposure events)
            self._check(self.x.xcb_create_gc_checked(
                self.conn, self._gc, window, _GC_GRAPHICS_EXPOSURES, values),
                "creating a graphics context")
            self._attach()
        except BaseException:
            self.close()
            raise

    # -- set-up ---------------------------------------------------------------------------
    def _check_server(self) -> None:
        err = _P()
        reply = self.x.xcb_shm_query_version_reply(
            self.conn, self.x.xcb_shm_query_version(self.conn), ctypes.byref(err))
        if err:
            self.x.free(err)
        if not reply:
            raise XShmUnavailable("the X server has no MIT-SHM (a remote display?)")
        version = (reply.contents.major_version, reply.contents.minor_version)
        self.x.free(reply)
        if version < (1, 2):
            raise XShmUnavailable(f"the X server's MIT-SHM is {version[0]}.{version[1]}, "
                                  "1.2 is needed")
        setup = self.x.xcb_get_setup(self.conn)
        head = ctypes.string_at(setup, 40)
        vendor_len, nformats, byte_order = (struct.unpack_from("=H", head, 24)[0],
                                            head[29], head[30])
        formats = ctypes.string_at(setup + 40 + ((vendor_len + 3) & ~3), 8 * nformats)
        self._bpp = {formats[i]: formats[i + 1] for i in range(0, len(formats), 8)}
        if byte_order != _LSB_FIRST:
            raise XShmUnavailable("the X server stores pixels most significant byte first")

    def _geometry(self) -> tuple[tuple[int, int], int]:
        err = _P()
        reply = self.x.xcb_get_geometry_reply(
            self.conn, self.x.xcb_get_geometry(self.conn, self.window), ctypes.byref(err))
        if err:
            self.x.free(err)
        if not reply:
            raise XShmUnavailable(f"the window {self.window:#x} does not exist")
        g = reply.contents
        size, depth = (int(g.width), int(g.height)), int(g.depth)
        self.x.free(reply)
        if depth not in (24, 32) or self._bpp.get(depth) != 32:
            raise XShmUnavailable(f"the window's depth is {depth} bits "
                                  f"({self._bpp.get(depth)} a pixel); 24 or 32 in 32 is needed")
        return size, depth

    def _attach(self) -> None:
        w, h = self.size
        fd = os.memfd_create("renkei-video", os.MFD_CLOEXEC)  # type: ignore[attr-defined,unused-ignore]
        try:
            os.ftruncate(fd, w * h * 4)
            self._mem = mmap.mmap(fd, w * h * 4)
        except BaseException:
            os.close(fd)
            raise
        self._anchor = ctypes.c_char.from_buffer(self._mem)
        self._seg = self.x.xcb_generate_id(self.conn)
        # (xcb sends the descriptor and closes it: the X server keeps its own)
        self._check(self.x.xcb_shm_attach_fd_checked(self.conn, self._seg, fd, 0),
                    "sharing the frame memory with the X server")

    def _check(self, cookie: _Cookie, doing: str) -> None:
        err = self.x.xcb_request_check(self.conn, cookie)
        if err:
            code = err.contents.error_code
            self.x.free(err)
            raise XShmUnavailable(f"the X server refused {doing} (X error {code})")

    # -- drawing --------------------------------------------------------------------------
    def show(self, image: Any) -> None:
        """Draw one ffpyplayer image (yuv420p, or any format swscale reads) fitted in the
        window; returns once the X server has read it (so the memory can be reused).
        Raises XShmUnavailable when the server refuses (the window is gone)."""
        source = (tuple(image.get_size()), image.get_pixel_format())
        with self._lock:
            if source != self._source:
                self._lay_out(source)
            if self._direct is not None:  # (straight into the shared memory)
                x, y = self._box[:2]
                self._direct.convert(image, ctypes.addressof(self._anchor)
                                     + (y * self.size[0] + x) * 4, self.size[0] * 4)
            else:
                self._sws.scale(image, dst=self._target)
                self._copy_in()
            if self._blend is not None:
                self._blend()
            self._put((0, 0, *self.size) if self._whole else self._area)
            self._whole = False
        self._drain()

    @property
    def canvas(self) -> Any:
        """The window's pixels as a Pillow image to draw on in place (its bytes are the X
        server's B, G, R, X; Pillow calls them R, G, B, A); `show_canvas` shows them."""
        if self._canvas is None:
            from PIL import Image

            image = Image.frombuffer("RGBA", self.size, self._mem, "raw", "RGBA", 0, 1)
            image.readonly = 0  # (the shared memory is there to be written)
            self._canvas = image
        return self._canvas

    def read_window(self) -> bool:
        """Fill `canvas` with what the window shows now (False: the server could not)."""
        ww, wh = self.size
        err = _P()
        with self._lock:
            reply = self.x.xcb_shm_get_image_reply(self.conn, self.x.xcb_shm_get_image(
                self.conn, self.window, 0, 0, ww, wh, 0xFFFFFFFF, _Z_PIXMAP, self._seg, 0),
                ctypes.byref(err))
            self._source = None  # (a video frame after it lays itself out again)
        if err:
            self.x.free(err)
        if not reply:
            return False
        self.x.free(reply)
        return True

    def show_canvas(self) -> None:
        """Show the whole `canvas`; returns once the X server has read it."""
        with self._lock:
            self._source = None  # (a video frame after it lays itself out again)
            self._put((0, 0, *self.size))
        self._drain()

    def _put(self, area: tuple[int, int, int, int]) -> None:
        # the memory's `area` (x, y, width, height) onto the same place of the window;
        # returns once the X server has read it
        x, y, w, h = area
        ww, wh = self.size
        self._check(self.x.xcb_shm_put_image_checked(
            self.conn, self.window, self._gc, ww, wh, x, y, w, h, x, y, self.depth,
            _Z_PIXMAP, 0, self._seg, 0), "drawing a frame")

    def _lay_out(self, source: tuple[Any, str]) -> None:
        from ffpyplayer.pic import Image, SWScale

        from renkei_kiosk.media.video import hd_colours
        from renkei_kiosk.media.yuvconv import Converter, ConverterUnavailable

        (fw, fh), fmt = source
        _x, _y, w, h = self._box = fit_box((fw, fh), self.size)
        if self._direct is not None:
            self._direct.close()
            self._direct = None
        try:  # (the shader's colour matrix, written straight into the shared memory)
            self._direct = Converter(source, (w, h), hd=hd_colours(fh))
            self._source = source
            self._repaint()
            return
        except ConverterUnavailable as e:
            log.info("Video: ffpyplayer's own conversion is used (%s): BT.601 colours "
                     "and one more copy a frame", e)
        self._sws = SWScale(fw, fh, fmt, ow=w, oh=h, ofmt="bgra")
        # (swscale writes only into a bytes-like object ffpyplayer accepts, not into the
        # shared memory: one copy of the picture follows, 0.6 ms for 1080p here)
        converted = bytearray(w * h * 4)
        self._target = Image(plane_buffers=[converted], pix_fmt="bgra", size=(w, h),
                             linesize=[w * 4])
        self._converted = ctypes.c_char.from_buffer(converted)
        self._source = source
        self._repaint()

    def _copy_in(self) -> None:
        x, y, w, h = self._box
        ww = self.size[0]
        at = ctypes.addressof(self._anchor) + (y * ww + x) * 4
        start = ctypes.addressof(self._converted)
        if w == ww:
            ctypes.memmove(at, start, w * h * 4)
            return
        for row in range(h):
            ctypes.memmove(at + row * ww * 4, start + row * w * 4, w * 4)

    def _repaint(self) -> None:
        # the letterbox in the background colour, and the whole window drawn next time
        ww, wh = self.size
        row = bytes(self._background) * ww
        base = ctypes.addressof(self._anchor)
        for y in range(wh):
            ctypes.memmove(base + y * ww * 4, row, len(row))
        self._whole = True
        box = self._box
        over = self._over or box
        x0, y0 = min(box[0], over[0]), min(box[1], over[1])
        x1 = max(box[0] + box[2], over[0] + over[2])
        y1 = max(box[1] + box[3], over[1] + over[3])
        self._area = (x0, y0, x1 - x0, y1 - y0)

    def set_overlay(self, overlay: Overlay | None) -> None:
        """Blend `overlay` into every frame from the next one on (None: no overlay).
        Any thread: waits for a frame being drawn."""
        with self._lock:
            self._blend = self._over = None
            if overlay is not None:
                self._blend = self._blender(overlay)
            if self._source is not None:
                self._repaint()

    def _blender(self, overlay: Overlay) -> Any:
        from PIL import Image, ImageChops

        ww, wh = self.size
        x0, y0 = max(0, overlay.x), max(0, overlay.y)
        x1, y1 = min(ww, overlay.x + overlay.width), min(wh, overlay.y + overlay.height)
        if x1 <= x0 or y1 <= y0:
            return None
        self._over = (x0, y0, x1 - x0, y1 - y0)
        size = (overlay.width, overlay.height)
        cut = (x0 - overlay.x, y0 - overlay.y, x1 - overlay.x, y1 - overlay.y)
        black = Image.frombytes("RGBA", size, overlay.over_black).crop(cut)
        white = Image.frombytes("RGBA", size, overlay.over_white).crop(cut)
        # on screen: video * (1 - alpha) + colour * alpha. Over black it drew colour *
        # alpha, and white minus black is 1 - alpha: that is the overlay, premultiplied
        # ("RGBa"), in the frame's byte order (BGRA)
        alpha = ImageChops.invert(ImageChops.subtract(white, black).getchannel("G"))
        r, g, b, _ = black.split()
        ink = Image.merge("RGBa", (b, g, r, alpha)).convert("RGBA")
        canvas = self.canvas

        def blend() -> None:
            canvas.alpha_composite(ink, dest=(x0, y0))

        return blend

    def _drain(self) -> None:
        # (events on this connection are only errors of requests nobody checked: free them)
        while True:
            event = self.x.xcb_poll_for_event(self.conn)
            if not event:
                return
            self.x.free(event)

    def close(self) -> None:
        """Release the memory, the graphics context and the connection."""
        conn, self.conn = self.conn, None
        if not conn:
            return
        if self._seg:
            self.x.xcb_shm_detach(conn, self._seg)
        if self._gc:
            self.x.xcb_free_gc(conn, self._gc)
        self.x.xcb_flush(conn)
        self.x.xcb_disconnect(conn)
        if self._direct is not None:
            self._direct.close()
        self._blend = self._target = self._sws = self._anchor = self._converted = None
        self._direct = None
        self._canvas = None
        if self._mem is not None:
            self._mem.close()
            self._mem = None
