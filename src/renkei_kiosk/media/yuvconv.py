"""Video frames to the X server's pixels with FFmpeg's swscale, called through ctypes: written
straight into the shared memory the X server shows (`media.xshm`), with the colour matrix
the OpenGL shader uses (`media.video.hd_colours`: BT.709 for HD, else BT.601).

ffpyplayer's own `SWScale` cannot do either: it always converts with BT.601, so an HD clip
showed slightly other colours than through OpenGL (saturated blue came out (0, 0, 254) one
way and (0, 15, 255) the other, on the same frame), and it writes only into buffers it
can take as `bytes`, so every frame needed one more copy. This uses the swscale library
ffpyplayer itself loaded (its wheel bundles FFmpeg beside the package, in
`ffpyplayer.libs`; a build on the system's FFmpeg finds `libswscale` the usual way).
When it cannot be found, `Converter` raises `ConverterUnavailable` and `media.xshm` keeps to
ffpyplayer's `SWScale`. Nothing here touches Kivy.
"""

from __future__ import annotations

import ctypes
import ctypes.util
from functools import cache
from pathlib import Path
from typing import Any

from renkei_kiosk.media.clib import bind

__all__ = ["Converter", "ConverterUnavailable"]

_SWS_BILINEAR = 2
_SWS_CS_ITU709 = 1
_SWS_CS_ITU601 = 5
_P = ctypes.c_void_p
_INT4 = ctypes.c_int * 4
_PTR4 = ctypes.c_void_p * 4


class ConverterUnavailable(Exception):
    """swscale cannot be called here (the message says why)."""


class _Libs:
    def __init__(self) -> None:
        self.sws = _load("swscale")
        self.avutil = _load("avutil")
        bind(self, (
            (self.sws, "sws_getContext", _P, [ctypes.c_int, ctypes.c_int, ctypes.c_int,
                                              ctypes.c_int, ctypes.c_int, ctypes.c_int,
                                              ctypes.c_int, _P, _P, _P]),
            (self.sws, "sws_getCoefficients", ctypes.POINTER(ctypes.c_int), [ctypes.c_int]),
            (self.sws, "sws_setColorspaceDetails", ctypes.c_int,
             [_P, ctypes.POINTER(ctypes.c_int), ctypes.c_int, ctypes.POINTER(ctypes.c_int),
              ctypes.c_int, ctypes.c_int, ctypes.c_int, ctypes.c_int]),
            (self.sws, "sws_scale", ctypes.c_int, [_P, _PTR4, _INT4, ctypes.c_int,
                                                   ctypes.c_int, _PTR4, _INT4]),
            (self.sws, "sws_freeContext", None, [_P]),
            (self.avutil, "av_get_pix_fmt", ctypes.c_int, [ctypes.c_char_p]),
        ), lambda name: ConverterUnavailable(f"{name} is missing from FFmpeg's libraries"))

    def __getattr__(self, name: str) -> Any:  # (for the type checker: set in __init__)
        raise AttributeError(name)


def _load(name: str) -> Any:
    try:
        import ffpyplayer

        bundled = Path(ffpyplayer.__file__).resolve().parent.parent / "ffpyplayer.libs"
        found = sorted(bundled.glob(f"lib{name}*.so*")) if bundled.is_dir() else []
        path = str(found[0]) if found else ctypes.util.find_library(name)
        if path is None:
            raise ConverterUnavailable(f"lib{name} (FFmpeg) is not found")
        return ctypes.CDLL(path)
    except (ImportError, OSError) as e:
        raise ConverterUnavailable(f"lib{name} (FFmpeg) cannot be loaded ({e})") from e


@cache
def _get_libs() -> _Libs:
    """The bound libraries, once (a failure is tried again at the next call)."""
    return _Libs()


class Converter:
    """Converts `source` frames ((width, height), pixel format) to `size`, BGRX (a full-range
    RGB picture), with the HD or SD colour matrix (`hd`)."""

    def __init__(self, source: tuple[tuple[int, int], str], size: tuple[int, int],
                 hd: bool) -> None:
        self.lib = _get_libs()
        (sw, sh), fmt = source
        src_fmt = self.lib.av_get_pix_fmt(fmt.encode())
        dst_fmt = self.lib.av_get_pix_fmt(b"bgra")
        if src_fmt < 0 or dst_fmt < 0:
            raise ConverterUnavailable(f"FFmpeg does not know the pixel format {fmt}")
        self.height = sh
        self.ctx = self.lib.sws_getContext(sw, sh, src_fmt, size[0], size[1], dst_fmt,
                                           _SWS_BILINEAR, None, None, None)
        if not self.ctx:
            raise ConverterUnavailable(f"swscale cannot convert {fmt} {sw}x{sh}")
        table = self.lib.sws_getCoefficients(_SWS_CS_ITU709 if hd else _SWS_CS_ITU601)
        # from limited-range video (as the shader reads it) to full-range RGB
        self.lib.sws_setColorspaceDetails(self.ctx, table, 0, table, 1, 0, 1 << 16, 1 << 16)

    def convert(self, image: Any, address: int, stride: int) -> None:
        """Convert one ffpyplayer image into the pixels at `address` (rows `stride` bytes
        apart)."""
        planes = image.to_memoryview(keep_align=True)
        lines = image.get_linesizes(keep_align=True)
        src = _PTR4(*(ctypes.addressof(ctypes.c_char.from_buffer(p)) if p is not None
                      and len(p) else None for p in (list(planes) + [None] * 4)[:4]))
        src_stride = _INT4(*(list(lines) + [0] * 4)[:4])
        done = self.lib.sws_scale(self.ctx, src, src_stride, 0, self.height,
                                  _PTR4(address, None, None, None), _INT4(stride, 0, 0, 0))
        if done <= 0:
            raise ValueError("swscale converted nothing")

    def close(self) -> None:
        """Free the swscale context."""
        ctx, self.ctx = self.ctx, None
        if ctx:
            self.lib.sws_freeContext(ctx)

    def __del__(self) -> None:
        self.close()
