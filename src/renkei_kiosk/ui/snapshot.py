"""Drawing a widget offscreen at any size, as a picture (screenshots, pixel tests).

The widget is drawn into a framebuffer of the size asked for, independent of the
window's size, so a 640x360 test window can still check a 1920x1080 or 1080x1920 card.
Needs Kivy's window (a GL context); runs on the Kivy thread.
"""

from __future__ import annotations

from typing import Any

from kivy.base import EventLoop
from kivy.graphics import Canvas, ClearBuffers, ClearColor, Fbo, Scale, Translate
from PIL import Image


def settle(frames: int = 3) -> None:
    """Let Kivy run a few frames so that bindings, layouts and label textures update."""
    for _ in range(frames):
        EventLoop.idle()


def snapshot(widget: Any, size: tuple[int, int], frames: int = 3) -> Image.Image:
    """`widget` laid out at `size` (pixels) and drawn offscreen, as an RGB picture.

    The widget must not be on screen; it is left at (0, 0) with that size.
    """
    w, h = size
    widget.size_hint = (None, None)
    widget.pos = (0, 0)
    widget.size = (w, h)
    fbo = Fbo(size=(w, h), with_stencilbuffer=True)
    with fbo:
        ClearColor(0, 0, 0, 1)
        ClearBuffers()
        Translate(0, 0)
        Scale(1, 1, 1)
    holder = Canvas()
    fbo.add(holder)
    holder.add(widget.canvas)
    try:
        settle(frames)  # layouts and label textures update on the clock
        fbo.draw()
        pixels = fbo.pixels
    finally:
        holder.remove(widget.canvas)
    img = Image.frombytes("RGBA", (w, h), bytes(pixels)).convert("RGB")
    return img.transpose(Image.Transpose.FLIP_TOP_BOTTOM)
