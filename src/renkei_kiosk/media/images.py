"""Image decoding for the screen: EXIF orientation, downscaling, GPU texture limits.

Runs in worker threads: returns raw RGBA bytes that the Kivy thread uploads as a texture.
Nothing here touches Kivy.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps

#: an 8000x6000 scan is 48 Mpx; anything beyond this is refused as a likely bomb
Image.MAX_IMAGE_PIXELS = 200_000_000


@dataclass(frozen=True)
class DecodedImage:
    """Pixels ready for a texture: RGBA, rows top to bottom."""

    width: int
    height: int
    rgba: bytes
    #: size of the file's own pixels (after EXIF rotation), for zoom limits
    native_width: int
    native_height: int


class ImageDecodeError(Exception):
    """The file is not an image we can show (cut short, empty, wrong type)."""


def fit_size(width: int, height: int, box_w: int, box_h: int) -> tuple[int, int]:
    """The largest size with the image's aspect that fits in the box (never upscaled)."""
    if width <= box_w and height <= box_h:
        return width, height
    scale = min(box_w / width, box_h / height)
    return max(1, round(width * scale)), max(1, round(height * scale))


def decode_image(path: Path, max_w: int, max_h: int, max_texture: int = 8192) -> DecodedImage:
    """Decode `path` to RGBA no larger than (max_w, max_h) nor the GPU's texture limit.

    Large JPEGs are decoded at reduced size by the JPEG decoder itself (`draft`), so an
    8000x6000 scan costs a fraction of its full decode.
    """
    box_w, box_h = min(max_w, max_texture), min(max_h, max_texture)
    try:
        with Image.open(path) as im:
            native = im.size
            exif_swaps = _exif_swaps_axes(im)
            im.draft("RGB", (box_w, box_h))
            img = ImageOps.exif_transpose(im)
            if img is None:  # pragma: no cover - exif_transpose returns an image unless in_place
                img = im
            img = img.convert("RGBA")
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as e:
        raise ImageDecodeError(str(e)) from e
    nat_w, nat_h = (native[1], native[0]) if exif_swaps else native
    target = fit_size(img.width, img.height, box_w, box_h)
    if target != img.size:
        img = img.resize(target, Image.Resampling.LANCZOS, reducing_gap=3.0)
    return DecodedImage(img.width, img.height, img.tobytes(), nat_w, nat_h)


def _exif_swaps_axes(im: Image.Image) -> bool:
    """True when the EXIF orientation rotates by 90 or 270 degrees."""
    try:
        orientation = im.getexif().get(0x0112, 1)
    except Exception:  # a broken EXIF block must not stop the image
        return False
    return orientation in (5, 6, 7, 8)
