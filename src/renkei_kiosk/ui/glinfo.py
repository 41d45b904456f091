"""What the window's OpenGL is (a GPU, or a software renderer drawing on the CPU), and
the window's clear at the start of each frame.

On a software renderer (Mesa's llvmpipe or softpipe, SwiftShader, Windows' GDI) every
texture read of every pixel is CPU time, so a few drawing choices that cost nothing on a
GPU are made differently there (`ui.slides.YuvPicture`'s sampling).

Kivy clears the colour, depth and stencil buffers before each frame. The kiosk draws
nothing with a depth test, and Kivy's stencil (`StencilView`: browse's scrolling lists)
clears the stencil itself when it starts a mask, so `clear_colour_only` keeps only the
colour clear: on llvmpipe a 1080p frame then costs about 3 ms less CPU.
"""

from __future__ import annotations

from functools import cache
from typing import Any

__all__ = ["clear_colour_only", "kivy_clear", "renderer", "software"]

#: words in GL_RENDERER that name a software renderer
SOFTWARE_RENDERERS = ("llvmpipe", "softpipe", "swrast", "swiftshader", "software", "gdi generic")


@cache
def renderer() -> str:
    """GL_RENDERER of the current context ("" before a window exists or on error)."""
    try:
        from kivy.graphics.opengl import GL_RENDERER, glGetString

        name = glGetString(GL_RENDERER)
    except Exception:  # (no context yet, or a GL without the call)
        return ""
    return name.decode("utf-8", "replace") if isinstance(name, bytes) else str(name or "")


def software(name: str | None = None) -> bool:
    """Whether `name` (default: this window's renderer) draws on the CPU."""
    lowered = (renderer() if name is None else name).lower()
    return any(word in lowered for word in SOFTWARE_RENDERERS)


def clear_colour_only(window: Any) -> None:
    """Make `window` clear only its colour buffer before each frame (`kivy_clear` gives
    Kivy's own clear back)."""
    from kivy.graphics import opengl as gl

    def clear() -> None:
        gl.glClearColor(*window.clearcolor)
        gl.glClear(gl.GL_COLOR_BUFFER_BIT)

    window.clear = clear


def kivy_clear(window: Any) -> None:
    """Give `window` Kivy's own clear back (after `clear_colour_only`)."""
    window.__dict__.pop("clear", None)
