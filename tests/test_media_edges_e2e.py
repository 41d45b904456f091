"""Content edge cases end to end (issue 14 rows 7-10 and "What held"): the content folder as
staff make it, read as the kiosk reads it (the child process), shown by the real app
headless with a controlled clock, and judged by the screen's pixels, the log and `check`.
"""

from __future__ import annotations

import json
import logging
import os
import struct
import subprocess
import sys
import unicodedata
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from kivy_harness import AppDriver

pytestmark = pytest.mark.app

RED = (220, 30, 30)
BLUE = (30, 60, 220)
GREEN = (40, 180, 60)


def _nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def _playlist(root: Path, items: str, duration: float = 4.0) -> None:
    (root / "playlists").mkdir(parents=True, exist_ok=True)
    (root / "playlists/main.yaml").write_text(
        f"name: テスト\ndefault_duration: {duration}\ntransition: none\nitems:\n{items}",
        encoding="utf-8",
    )


def _solid(path: Path, colour: tuple[int, int, int], fmt: str | None = None, **kw: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (320, 180), colour).save(path, fmt, **kw)


def write_huge_png(path: Path, width: int, height: int, grey: int = 128) -> None:
    """A greyscale PNG of width x height written a row at a time (the test never holds it)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    row = b"\0" + bytes([grey]) * width
    packer = zlib.compressobj(9)
    with path.open("wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n")
        f.write(chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)))
        for _ in range(height // 100):
            data = packer.compress(row * 100)
            if data:
                f.write(chunk(b"IDAT", data))
        f.write(chunk(b"IDAT", packer.flush()))
        f.write(chunk(b"IEND", b""))


@pytest.fixture
def start(tmp_path: Path) -> Iterator[object]:
    """`start(root)`: the content read by the child process, then the app on it."""
    drivers: list[AppDriver] = []

    def make(root: Path) -> AppDriver:
        from renkei_kiosk.app import KioskApp
        from renkei_kiosk.content.isolated import load_content_isolated

        content = load_content_isolated(root)
        app = KioskApp(root, tmp_path / "state", content=content, watch=False, idle_fps=None)
        d = AppDriver(app)
        drivers.append(d)
        return d.start()

    yield make
    for d in drivers:
        d.stop()


def _centre(d: AppDriver) -> tuple[int, int, int]:
    shot = d.screenshot()
    return shot.getpixel((shot.width // 2, shot.height // 2))  # type: ignore[return-value]


def _near(pixel: tuple[int, ...], colour: tuple[int, int, int], tol: int = 24) -> bool:
    return all(abs(a - b) <= tol for a, b in zip(pixel, colour, strict=False))


def _wait_for(d: AppDriver, colour: tuple[int, int, int], timeout: float = 20.0) -> None:
    d.run_until(lambda: _near(_centre(d), colour), timeout=timeout)


def _check(root: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "renkei_kiosk", "--lang", "en", "check", "--content", str(root)],
        capture_output=True, text=True, encoding="utf-8", timeout=120, env=env, check=False,
    )


# --- row 7: a Japanese name in NFD on disk, in NFC in the playlist -------------------------


def test_a_decomposed_file_name_is_found_from_a_composed_playlist(tmp_path: Path, start) -> None:
    root = tmp_path / "content"
    name = "パネル_ガイド.png"  # パ, ガ and ド decompose in NFD
    assert _nfd(name) != name
    _solid(root / "media" / _nfd("ポスター") / _nfd(name), GREEN)  # folder and file in NFD
    _playlist(root, f"  - image: media/ポスター/{name}\n")  # as typed on Windows: NFC
    done = _check(root)
    assert done.returncode == 0, done.stdout
    assert "does not exist" not in done.stdout
    d = start(root)
    _wait_for(d, GREEN)
    assert d.app.content.items["main"][0].key == f"media/{_nfd('ポスター')}/{_nfd(name)}"


def test_a_composed_file_name_is_found_from_a_decomposed_playlist(tmp_path: Path) -> None:
    from renkei_kiosk.content.paths import resolve_inside

    root = tmp_path
    _solid(root / "media/ガイド.png", GREEN)
    found = resolve_inside(root, _nfd("media/ガイド.png"))
    assert found.rel == "media/ガイド.png" and found.path.is_file()
    missing = resolve_inside(root, "media/ガイト.png")  # another name: still missing
    assert not missing.path.exists()


# --- row 8: iPhone photos -----------------------------------------------------------------


def test_heic_photos_in_a_folder_are_shown_and_ignoring_lines_reach_the_log(
    tmp_path: Path, start, caplog: pytest.LogCaptureFixture,
) -> None:
    pytest.importorskip("pillow_heif")
    root = tmp_path / "content"
    _solid(root / "media/iphone/IMG_0001.HEIC", BLUE, "HEIF")
    (root / "media/iphone/メモ.txt").write_text("写真の説明", encoding="utf-8")
    _playlist(root, "  - folder: media/iphone\n")
    done = _check(root)
    assert done.returncode == 0, done.stdout
    with caplog.at_level(logging.INFO, logger="renkei_kiosk"):
        d = start(root)
    # written in the child process that read the content, logged here
    assert "Content: ignoring media/iphone/メモ.txt (not an image or video)" in caplog.messages
    assert [i.key for i in d.app.content.items["main"]] == ["media/iphone/IMG_0001.HEIC"]
    _wait_for(d, BLUE)


def test_check_says_what_to_do_when_heic_cannot_be_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    from PIL import UnidentifiedImageError

    from renkei_kiosk.media import images, probe

    path = tmp_path / "IMG_0002.heic"
    path.write_bytes(b"\0\0\0\x18ftypheic" + b"\0" * 64)

    def unknown(_path: Path) -> Image.Image:
        raise UnidentifiedImageError("cannot identify image file")

    monkeypatch.setattr(probe, "open_image", unknown)
    monkeypatch.setattr(probe, "HEIF_SUPPORTED", False)
    assert images.HEIF_SUPPORTED  # here it is installed; the monkeypatch plays a PC without
    message = probe.probe_image(path, "en") or ""
    assert "HEIC" in message and "pip install pillow-heif" in message and "JPEG" in message


# --- row 9: a picture too large to decode -------------------------------------------------


def _rss() -> int:
    psutil = pytest.importorskip("psutil")
    return int(psutil.Process().memory_info().rss)


def test_a_huge_png_is_refused_with_its_size_and_the_rotation_keeps_time(
    tmp_path: Path, start, caplog: pytest.LogCaptureFixture,
) -> None:
    root = tmp_path / "content"
    _solid(root / "media/a.png", RED)
    write_huge_png(root / "media/huge.png", 20000, 20000)
    _solid(root / "media/c.png", BLUE)
    _playlist(root, "  - image: media/a.png\n  - image: media/huge.png\n"
                    "  - image: media/c.png\n", duration=2.0)
    done = _check(root)
    assert done.returncode == 1
    assert "media/huge.png: the image is too large (20000×20000 pixels)" in done.stdout
    before = _rss()
    with caplog.at_level(logging.INFO, logger="renkei_kiosk"):
        d = start(root)
        _wait_for(d, RED)
        red_at = d.time.now
        d.advance(1.8)
        assert _near(_centre(d), RED)
        # the huge one is skipped at once: blue follows red's 2 s, not 16 s later
        d.run_until(lambda: _near(_centre(d), BLUE), timeout=20.0)
        assert d.time.now - red_at < 3.0
    skipped = [m for m in caplog.messages if "media/huge.png" in m and "skipping" in m]
    assert skipped and "20000×20000" in skipped[0], caplog.messages
    assert _rss() - before < 400_000_000  # a full decode would be 1.6 GB


# --- row 10 and what held: image kinds shown as the pictures they are -------------------


def _grey16(path: Path, value: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("I;16", (320, 180), value).save(path)


def _rgb16(path: Path, colour: tuple[int, int, int]) -> None:
    """A 16-bit-per-channel RGB PNG (Pillow writes only 8-bit RGB: built by hand)."""
    w, h = 32, 18
    px = struct.pack(">HHH", *(c * 257 for c in colour))
    raw = b"".join(b"\0" + px * w for _ in range(h))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    path.write_bytes(b"\x89PNG\r\n\x1a\n"
                     + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 16, 2, 0, 0, 0))
                     + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


@pytest.mark.parametrize(("kind", "expected"), [
    ("grey16", (128, 128, 128)),
    ("cmyk", (0, 255, 255)),  # cyan ink, as Pillow converts it
    ("progressive", RED),
    ("webp", BLUE),
    ("rgb16", GREEN),
])
def test_every_image_kind_is_shown_as_the_picture_it_is(
    tmp_path: Path, start, kind: str, expected: tuple[int, int, int],
) -> None:
    root = tmp_path / "content"
    media = root / "media"
    media.mkdir(parents=True)
    name = {"grey16": "灰16.png", "cmyk": "印刷.jpg", "progressive": "順次.jpg",
            "webp": "写真.webp", "rgb16": "深い.png"}[kind]
    if kind == "grey16":
        _grey16(media / name, 128 * 256)  # mid grey in 16 bits: white if clipped
    elif kind == "cmyk":
        Image.new("CMYK", (320, 180), (255, 0, 0, 0)).save(media / name, quality=95)
    elif kind == "progressive":
        _solid(media / name, RED, "JPEG", progressive=True, quality=95)
    elif kind == "webp":
        _solid(media / name, BLUE, "WEBP", quality=95)
    else:
        _rgb16(media / name, GREEN)
    _playlist(root, f"  - image: media/{name}\n")
    assert _check(root).returncode == 0
    d = start(root)
    d.run_until(lambda: _near(_centre(d), expected, 12), timeout=20.0)


def test_16bit_grey_keeps_its_shades(tmp_path: Path) -> None:
    from renkei_kiosk.media.images import decode_image

    path = tmp_path / "濃淡.png"
    img = Image.new("I;16", (256, 1))
    img.putdata([v * 256 for v in range(256)])
    img.save(path)
    decoded = decode_image(path, 256, 1)
    reds = decoded.rgba[0::4]
    assert list(reds) == list(range(256))


# --- what held: a cut-short resume.json is ignored -------------------------------------------


def test_a_truncated_resume_file_is_ignored(tmp_path: Path, start) -> None:
    root = tmp_path / "content"
    _solid(root / "media/a.png", RED)
    _solid(root / "media/b.png", BLUE)
    _playlist(root, "  - image: media/a.png\n  - image: media/b.png\n")
    state = tmp_path / "state"
    state.mkdir()
    whole = json.dumps({"playlist": "main", "index": 1, "key": "media/b.png"})
    (state / "resume.json").write_text(whole[: len(whole) // 2], encoding="utf-8")
    d = start(root)
    _wait_for(d, RED)  # from the top


# --- what held: comments as written, and a very long comment file ----------------------------

CSV_HEADER = "自治体名,都道府県,地域,コメント\n"


def _magenta(d: AppDriver) -> int:
    shot = d.screenshot().resize((320, 180))
    return sum(1 for r, g, b in shot.getdata() if r > 200 and g < 60 and b > 200)


def test_kivy_markup_in_a_comment_is_shown_as_written(tmp_path: Path, start) -> None:
    root = tmp_path / "content"
    (root / "media").mkdir(parents=True)
    (root / "media/声.csv").write_text(
        CSV_HEADER + "見本町,北海道,北海道,[size=300][color=ff00ff]■■■■[/color][/size]です\n",
        encoding="utf-8")
    _playlist(root, "  - comments: media/声.csv\n")
    d = start(root)
    d.run_until(lambda: d.app.on_screen == d.app.content.items["main"][0].key, timeout=20.0)
    d.advance(1.0)
    # markup read as markup would paint a huge magenta block; as text it is small and dark
    assert _magenta(d) == 0


def test_a_50000_row_comment_file_gives_its_first_card(tmp_path: Path, start) -> None:
    root = tmp_path / "content"
    (root / "media").mkdir(parents=True)
    rows = "".join(f"見本町{n},北海道,北海道,コメント{n}番です\n" for n in range(50_000))
    (root / "media/声.csv").write_text(CSV_HEADER + rows, encoding="utf-8")
    _playlist(root, "  - comments: media/声.csv\n")
    d = start(root)
    assert len(d.app.content.items["main"]) == 50_000
    first = d.app.content.items["main"][0].key
    d.run_until(lambda: d.app.on_screen == first, timeout=60.0)


def test_upper_case_extensions_spaces_and_full_width_names_play(tmp_path: Path, start) -> None:
    root = tmp_path / "content"
    _solid(root / "media/展示 パネル/ＡＢＣ　写真 1.JPG", GREEN, "JPEG", quality=95)
    _solid(root / "media/展示 パネル/ＤＥＦ 2.PNG", BLUE)
    _playlist(root, '  - image: "media/展示 パネル/ＡＢＣ　写真 1.JPG"\n'
                    "  - folder: media/展示 パネル\n", duration=1.0)
    assert _check(root).returncode == 0
    d = start(root)
    assert [i.key for i in d.app.content.items["main"]] == [
        "media/展示 パネル/ＡＢＣ　写真 1.JPG",
        "media/展示 パネル/ＡＢＣ　写真 1.JPG", "media/展示 パネル/ＤＥＦ 2.PNG",
    ]
    _wait_for(d, GREEN)
    _wait_for(d, BLUE)
