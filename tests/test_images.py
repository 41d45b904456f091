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
