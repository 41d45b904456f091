"""Image decoding for the screen: EXIF orientation, downscaling, GPU texture limits.

Runs in worker threads: returns raw RGBA bytes that the Kivy thread uploads as a texture.
Nothing here touches Kivy.

Every content image the kiosk opens (for the screen, for thumbnails, for `check`) goes
through `open_image`, which reads the header only and refuses a picture that would take
more than `MAX_PIXELS` pixels to decode, naming its real size: a 20000x20000 PNG is
refused in a millisecond instead of costing 1.6 GB and 16 s of decoding. A JPEG counts at
the 1/8 scale its decoder can reduce to while decoding (`draft`), so a large photo still
shows. Pillow's own decompression-bomb limit is therefore off (it refuses past its limit
before the size can be read, and would name only a pixel count).

iPhone photos (HEIC/HEIF) open through pillow-heif when it is installed.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps

log = logging.getLogger("renkei_kiosk")

#: the most pixels decoded for one picture: an 8000x8000 scan (256 MB as RGBA while it is
#: scaled down); larger PNGs, TIFFs and WebPs are refused with their size
MAX_PIXELS = 64_000_000
#: how far a JPEG's own decoder can reduce while decoding (1/8 of each side)
JPEG_DRAFT_SCALE = 8

Image.MAX_IMAGE_PIXELS = None  # open_image checks the size itself, with the real numbers

try:  # iPhone photos; an optional dependency on platforms without a wheel
    from pillow_heif import register_heif_opener

    register_heif_opener()
    HEIF_SUPPORTED = True
except ImportError:  # pragma: no cover - pillow-heif is a dependency where it installs
    HEIF_SUPPORTED = False


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


class ImageTooLarge(ImageDecodeError):
    """The picture has more pixels than the kiosk decodes (`MAX_PIXELS`)."""

    def __init__(self, width: int, height: int) -> None:
        self.width = width
        self.height = height
        super().__init__(
            f"the image is too large ({width}×{height} pixels; the limit is "
            f"{MAX_PIXELS // 1_000_000} million pixels)"
        )


def decoded_pixels(image_format: str | None, width: int, height: int) -> int:
    """How many pixels decoding costs at least: a JPEG can be decoded at 1/8 scale."""
    if image_format == "JPEG":
        return -(-width // JPEG_DRAFT_SCALE) * -(-height // JPEG_DRAFT_SCALE)
    return width * height


def open_image(path: Path) -> Image.Image:
    """Open `path` lazily (the header only) and check its size; raises ImageTooLarge.

    The caller closes the image (use it in a `with`).
    """
    im = Image.open(path)
    width, height = im.size
    if decoded_pixels(im.format, width, height) > MAX_PIXELS:
        im.close()
        raise ImageTooLarge(width, height)
    return im


def fit_size(width: int, height: int, box_w: int, box_h: int) -> tuple[int, int]:
    """The largest size with the image's aspect that fits in the box (never upscaled)."""
    if width <= box_w and height <= box_h:
        return width, height
    scale = min(box_w / width, box_h / height)
    return max(1, round(width * scale)), max(1, round(height * scale))


def decode_image(path: Path, max_w: int, max_h: int, max_texture: int = 8192) -> DecodedImage:
    """Decode `path` to RGBA no larger than (max_w, max_h) nor the GPU's texture limit.

    Large JPEGs are decoded at reduced size by the JPEG decoder itself (`draft`), so an
    8000x6000 scan costs a fraction of its full decode. 16-bit greyscale is scaled to 8
    bits (converted directly, every value above 255 would be white).
    """
    box_w, box_h = min(max_w, max_texture), min(max_h, max_texture)
    try:
        with open_image(path) as im:
            native = im.size
            exif_swaps = _exif_swaps_axes(im)
            im.draft("RGB", (box_w, box_h))
            img = ImageOps.exif_transpose(im)
            if img is None:  # pragma: no cover - exif_transpose returns an image unless in_place
                img = im
            img = to_resizable(img)
    except ImageDecodeError:
        raise
    except (OSError, SyntaxError, ValueError, EOFError) as e:
        raise ImageDecodeError(str(e)) from e
    nat_w, nat_h = (native[1], native[0]) if exif_swaps else native
    target = fit_size(img.width, img.height, box_w, box_h)
    if target != img.size:
        img = img.resize(target, Image.Resampling.LANCZOS, reducing_gap=3.0)
    if img.mode != "RGBA":
        img = img.convert("RGBA")
    return DecodedImage(img.width, img.height, img.tobytes(), nat_w, nat_h)


def to_resizable(img: Image.Image) -> Image.Image:
    """`img` in the cheapest mode to scale down without losing anything it shows: RGBA
    when it has transparency, else 8-bit "L" or RGB (made RGBA only once scaled down: a
    6000x4000 JPEG shown at 1920x1080 took 108 ms instead of 195, and no 24 MB RGBA copy
    of the 3000x2000 draft is made)."""
    if img.mode.startswith("I;16") or img.mode in ("I", "F"):
        return to_8bit_grey(img)
    if img.mode in ("L", "RGB", "RGBA"):
        return img
    if img.mode in ("LA", "La", "PA", "RGBa") or "transparency" in img.info:
        return img.convert("RGBA")
    return img.convert("RGB")


def to_rgba(img: Image.Image) -> Image.Image:
    """`img` as 8-bit RGBA, with 16- and 32-bit greyscale scaled down rather than clipped."""
    if img.mode.startswith("I;16") or img.mode in ("I", "F"):
        img = to_8bit_grey(img)
    return img.convert("RGBA")


def to_8bit_grey(img: Image.Image) -> Image.Image:
    """A 16-bit ("I;16"), 32-bit ("I") or float ("F") greyscale image as 8-bit "L".

    16-bit files hold 0..65535, so values are divided by 256; an "I" or "F" image whose
    values all lie within 0..255 is taken as it is.
    """
    wide = img.convert("F") if img.mode == "F" else img.convert("I")
    low, high = wide.getextrema()  # one band: (min, max)
    if float(low) >= 0 and float(high) <= 255:  # type: ignore[arg-type]
        return wide.convert("L")
    return wide.point(lambda v: v * (1 / 256)).convert("L")


def _exif_swaps_axes(im: Image.Image) -> bool:
    """True when the EXIF orientation rotates by 90 or 270 degrees."""
    try:
        orientation = im.getexif().get(0x0112, 1)
    except Exception:  # a broken EXIF block must not stop the image
        return False
    return orientation in (5, 6, 7, 8)
