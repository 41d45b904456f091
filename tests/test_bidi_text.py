"""Arabic in a comment reads right to left (issue 14, "smaller"): words in display order,
letters of each word left as written for the text provider to shape."""

from __future__ import annotations

import pytest

from renkei_kiosk.media.bidi_text import has_rtl, visual_lines, visual_order

pytest.importorskip("bidi")
pytest.importorskip("arabic_reshaper")

HELLO, WORLD = "مرحبا", "بالعالم"


@pytest.mark.parametrize(("written", "shown"), [
    ("東京と大阪", "東京と大阪"),  # no right-to-left letter: untouched
    ("שלום עולם", "םלוע םולש"),  # Hebrew needs no shaping: the order only
    ("東京 שלום 2024", "東京 2024 םולש"),
])
def test_display_order(written: str, shown: str) -> None:
    assert visual_order(written) == shown


def test_arabic_letters_take_their_joined_forms() -> None:
    shown = visual_order(HELLO)
    assert len(shown) == len(HELLO)
    assert all(0xFE70 <= ord(ch) <= 0xFEFF for ch in shown)  # presentation forms


def test_each_line_on_its_own() -> None:
    assert visual_lines("שלום עולם\n東京") == "םלוע םולש\n東京"
    assert has_rtl(HELLO) and not has_rtl("東京")


@pytest.mark.app
def test_the_kiosks_labels_get_the_display_order() -> None:
    from renkei_kiosk.ui.fonts import fontset

    assert "םלוע םולש" in fontset().markup("見本町 שלום עולם")


DEJAVU = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def _ink(img: object) -> object:
    """The inked part of a white-on-transparent or black-on-white picture, as 240x40 grey."""
    from PIL import Image, ImageOps

    assert isinstance(img, Image.Image)
    grey = ImageOps.invert(img.convert("L")) if img.mode == "RGB" else img.split()[3]
    box = grey.getbbox()
    assert box is not None
    return grey.crop(box).resize((240, 40))


def _difference(a: object, b: object) -> float:
    from PIL import ImageChops, ImageStat

    return float(ImageStat.Stat(ImageChops.difference(a, b)).mean[0])  # type: ignore[arg-type]


@pytest.mark.app
def test_an_arabic_line_looks_as_a_bidi_aware_renderer_draws_it() -> None:
    """Kivy's rendering next to Pillow's with raqm (full bidi and shaping), by pixels."""
    import os

    from PIL import Image, ImageDraw, ImageFont, features

    if not (os.path.exists(DEJAVU) and features.check("raqm")):
        pytest.skip("needs DejaVu Sans and Pillow with raqm")
    from kivy.core.text import Label as CoreLabel
    from kivy.core.window import Window  # noqa: F401 - a GL context for the texture

    line = f"{HELLO} {WORLD}"
    font = ImageFont.truetype(DEJAVU, 48, layout_engine=ImageFont.Layout.RAQM)
    reference = Image.new("RGB", (400, 70), "white")
    ImageDraw.Draw(reference).text((5, 0), line, font=font, fill="black")

    def kivy(text: str) -> object:
        label = CoreLabel(text=text, font_name=DEJAVU, font_size=48)
        label.refresh()
        tex = label.texture
        return _ink(Image.frombytes("RGBA", tex.size, bytes(tex.pixels)))

    ref = _ink(reference)
    right, as_before = _difference(kivy(visual_order(line)), ref), _difference(kivy(line), ref)
    assert right < 15 and as_before > 40, (right, as_before)
