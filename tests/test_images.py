"""Image decoding for the screen: EXIF orientation, downscaling, texture limits, bad files."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from renkei_kiosk.media.images import ImageDecodeError, decode_image, fit_size


@pytest.mark.parametrize(
    ("size", "box", "expected"),
    [
        ((1920, 1080), (1920, 1080), (1920, 1080)),
        ((800, 600), (1920, 1080), (800, 600)),  # never upscaled
        ((8000, 6000), (1920, 1080), (1440, 1080)),
        ((1080, 1920), (1920, 1080), (608, 1080)),
    ],
)
def test_fit_size(size: tuple[int, int], box: tuple[int, int], expected: tuple[int, int]) -> None:
    assert fit_size(*size, *box) == expected


def test_exif_orientation_is_applied(tmp_path: Path) -> None:
    # a landscape sensor image tagged "rotate 90° clockwise to view" (orientation 6)
    img = Image.new("RGB", (200, 100), (255, 0, 0))
    img.paste((0, 0, 255), (0, 0, 100, 100))  # left half blue
    exif = Image.Exif()
    exif[0x0112] = 6
    path = tmp_path / "rot.jpg"
    img.save(path, exif=exif, quality=95)
    out = decode_image(path, 1000, 1000)
    assert (out.width, out.height) == (100, 200)
    assert (out.native_width, out.native_height) == (100, 200)
    # after rotating clockwise, the blue left half is on top
    top = out.rgba[(10 * out.width + 50) * 4:(10 * out.width + 50) * 4 + 3]
    bottom = out.rgba[(190 * out.width + 50) * 4:(190 * out.width + 50) * 4 + 3]
    assert top[2] > 200 and top[0] < 60
    assert bottom[0] > 200 and bottom[2] < 60


def test_huge_scan_is_decoded_downscaled_within_the_texture_limit(tmp_path: Path) -> None:
    path = tmp_path / "scan.jpg"
    Image.new("RGB", (8000, 6000), (10, 120, 200)).save(path, quality=80)
    out = decode_image(path, 1920, 1080, max_texture=1024)
    assert out.width <= 1024 and out.height <= 1024
    assert (out.native_width, out.native_height) == (8000, 6000)
    assert len(out.rgba) == out.width * out.height * 4
    assert abs(out.rgba[2] - 200) < 10  # the colour survives


@pytest.mark.parametrize("content", [b"", b"not an image at all", b"\xff\xd8\xff\xe0" + b"\0" * 50])
def test_bad_files_raise_a_decode_error(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "bad.jpg"
    path.write_bytes(content)
    with pytest.raises(ImageDecodeError):
        decode_image(path, 640, 360)


def test_truncated_jpeg_raises(tmp_path: Path) -> None:
    path = tmp_path / "cut.jpg"
    Image.effect_noise((400, 300), 60).convert("RGB").save(path, quality=90)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(ImageDecodeError):
        decode_image(path, 640, 360)


def test_transparency_survives_downscaling(tmp_path: Path) -> None:
    # a palette PNG with a transparent colour: scaled down as RGBA, never flattened
    img = Image.new("P", (800, 400), 1)
    img.putpalette([0, 0, 0, 200, 30, 30] + [0] * (254 * 3))
    img.paste(0, (0, 0, 400, 400))  # the left half in the transparent colour
    path = tmp_path / "透過.png"
    img.save(path, transparency=0)
    out = decode_image(path, 400, 400)
    assert (out.width, out.height) == (400, 200)
    left = out.rgba[(100 * out.width + 50) * 4:(100 * out.width + 50) * 4 + 4]
    right = out.rgba[(100 * out.width + 350) * 4:(100 * out.width + 350) * 4 + 4]
    assert left[3] == 0
    assert right[3] == 255 and right[0] > 180


@pytest.mark.parametrize("mode", ["L", "CMYK", "I;16"])
def test_opaque_pictures_come_out_opaque_rgba_at_the_fitted_size(
    tmp_path: Path, mode: str
) -> None:
    colour = {"L": 120, "CMYK": (0, 0, 0, 0), "I;16": 120 * 256}[mode]
    suffix = {"L": ".png", "CMYK": ".jpg", "I;16": ".tif"}[mode]
    path = tmp_path / f"見本{suffix}"
    Image.new(mode, (1200, 600), colour).save(path)
    out = decode_image(path, 600, 600)
    assert (out.width, out.height) == (600, 300)
    assert len(out.rgba) == 600 * 300 * 4
    assert set(out.rgba[3::4]) == {255}
    px = out.rgba[(150 * 600 + 300) * 4:(150 * 600 + 300) * 4 + 3]
    expected = 255 if mode == "CMYK" else 120
    assert all(abs(c - expected) <= 2 for c in px)
