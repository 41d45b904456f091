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


def _frame(w: int, h: int) -> Any:
    from renkei_kiosk.media.video import Frame

    cw, ch = (w + 1) // 2, (h + 1) // 2
    planes = (memoryview(bytearray([80]) * (w * h)), memoryview(bytearray([120]) * (cw * ch)),
              memoryview(bytearray([140]) * (cw * ch)))
    return Frame(w, h, planes, (w, cw, cw), 0.0)


@pytest.mark.parametrize("software", [True, False])
def test_a_video_shown_at_its_own_size_is_read_texel_for_texel(
    software: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Shown 1:1 the luma is read nearest (the same picture, fewer reads); on software GL
    the half-size chroma too (a third less CPU per 1080p frame on llvmpipe); scaled, the
    picture is filtered."""
    from kivy.core.window import Window  # (the GL context)

    from renkei_kiosk.ui import glinfo
    from renkei_kiosk.ui.slides import YuvPicture

    assert Window is not None
    monkeypatch.setattr(glinfo, "software", lambda name=None: software)
    pic = YuvPicture(size=(64, 36))
    pic.put(_frame(64, 36))
    assert pic.one_to_one
    assert pic.planes is not None
    chroma = "nearest" if software else "linear"
    assert [t.mag_filter for t in pic.planes] == ["nearest", chroma, chroma]
    assert [t.min_filter for t in pic.planes] == ["nearest", chroma, chroma]
    pic.size = (128, 72)  # scaled up: filtered
    assert not pic.one_to_one
    assert [t.mag_filter for t in pic.planes] == ["linear"] * 3
    pic.size = (64, 36)
    assert pic.planes[0].mag_filter == "nearest"


def test_a_panel_shown_at_its_own_size_on_whole_pixels_is_read_texel_for_texel() -> None:
    """The same picture as filtered, a third less CPU a fade frame on software GL; scaled,
    or on half pixels (where nearest would pick between two texels), it is filtered."""
    from kivy.core.window import Window  # (the GL context)
    from kivy.graphics.texture import Texture

    from renkei_kiosk.ui.slides import ImageSlide

    assert Window is not None
    panel = ImageSlide(size=(1920, 1080))
    tex = Texture.create(size=(1920, 1080), colorfmt="rgba")
    panel.texture = tex
    assert panel.one_to_one and (tex.mag_filter, tex.min_filter) == ("nearest", "nearest")
    panel.size = (1280, 720)  # (a smaller window: scaled down)
    assert not panel.one_to_one and (tex.mag_filter, tex.min_filter) == ("linear", "linear")
    panel.size = (1921, 1080)  # 1:1, but centred on a half pixel
    assert not panel.one_to_one and tex.mag_filter == "linear"
    panel.size = (2000, 1080)  # 1:1, bars of 40 px
    assert panel.one_to_one and tex.mag_filter == "nearest"
    tall = Texture.create(size=(600, 1080), colorfmt="rgba")  # a portrait panel, fitted
    panel.texture = tall
    assert panel.one_to_one and tall.mag_filter == "nearest"
    panel.texture = Texture.create(size=(3840, 2160), colorfmt="rgba")  # (not prepared)
    assert not panel.one_to_one and panel.texture.mag_filter == "linear"


def test_the_renderer_is_told_apart() -> None:
    from renkei_kiosk.ui import glinfo

    assert glinfo.software("llvmpipe (LLVM 15.0.6, 256 bits)")
    assert glinfo.software("SwiftShader Device (Subzero)")
    assert not glinfo.software("Mesa Intel(R) UHD Graphics 620 (KBL GT2)")
    assert not glinfo.software("NVIDIA GeForce GTX 1650/PCIe/SSE2")
    assert glinfo.software()  # (the tests draw with Mesa's llvmpipe)
