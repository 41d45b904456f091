"""What a still panel costs the GPU: a slide without a full background (a panel, a video:
their picture covers the screen, bars only around it) draws no full-screen layer of its
own under the picture. Software GL fills every full-screen layer, even a transparent one,
in full on every frame of a fade or a video."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.app


def _own_area(slide: Any) -> float:
    """The area of the rectangles in the slide's own canvas.before (not its children's)."""
    from kivy.graphics import Rectangle

    return sum(r.size[0] * r.size[1] for r in slide.canvas.before.children
               if isinstance(r, Rectangle))


def test_a_panel_draws_no_layer_under_its_picture_a_text_slide_its_background() -> None:
    from kivy.core.window import Window  # (the GL context)
    from kivy.lang import Builder

    from renkei_kiosk.ui.slides import ImageSlide, TextSlide

    assert Window is not None
    panel, text = ImageSlide(), TextSlide(title="お知らせ", body="本日は開館しています。")
    for slide in (panel, text):
        slide.size = (1920, 1080)
    Builder.sync()  # (the canvas rules' updates, as at the start of a frame)
    assert _own_area(panel) == 0
    assert _own_area(text) == 1920 * 1080  # (its colour is the whole slide)
