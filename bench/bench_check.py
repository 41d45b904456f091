"""How long `renkei-kiosk check` takes on a content root with many media files.

Generates a content root in a temporary folder (by default 500 media files: full-HD JPEG
panels, some PNGs and a few short videos, listed through `folder:` entries), runs
`python -m renkei_kiosk check --content DIR` on it as staff would, and prints the seconds.

    .venv/bin/python bench/bench_check.py [--files 500] [--videos 10] [--size 1920x1080]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from io import BytesIO
from pathlib import Path

from PIL import Image


def make_video(path: Path, size: str) -> None:
    """A 5-second H.264 clip made with imageio-ffmpeg's ffmpeg."""
    import imageio_ffmpeg

    subprocess.run(
        [imageio_ffmpeg.get_ffmpeg_exe(), "-y", "-loglevel", "error", "-f", "lavfi",
         "-i", f"testsrc=size={size}:rate=25", "-t", "5", "-pix_fmt", "yuv420p", str(path)],
        check=True,
    )


def encoded(image: Image.Image, fmt: str) -> bytes:
    buffer = BytesIO()
    image.save(buffer, fmt, quality=88) if fmt == "JPEG" else image.save(buffer, fmt)
    return buffer.getvalue()


def build(root: Path, files: int, videos: int, width: int, height: int) -> None:
    """A content root with ``files`` media files, ``videos`` of them videos."""
    panels = root / "media" / "panels"
    panels.mkdir(parents=True)
    (root / "media" / "videos").mkdir()
    (root / "playlists").mkdir()
    # a few distinct pictures with photo-like detail; each file is written separately
    base = Image.effect_noise((width, height), 40).convert("RGB")
    variants = [encoded(base.rotate(angle), "JPEG") for angle in (0, 90, 180)]
    png = encoded(base.resize((width // 2, height // 2)), "PNG")
    pngs = files // 25
    for index in range(files - videos):
        if index < pngs:
            (panels / f"{index:04d}.png").write_bytes(png)
        else:
            (panels / f"{index:04d}.jpg").write_bytes(variants[index % len(variants)])
    if videos:
        clip = root / "media" / "videos" / "clip_0000.mp4"
        make_video(clip, f"{width}x{height}")
        for index in range(1, videos):
            shutil.copyfile(clip, clip.with_name(f"clip_{index:04d}.mp4"))
    (root / "playlists" / "main.yaml").write_text(
        "name: bench\nitems:\n  - folder: media/panels\n  - folder: media/videos\n",
        encoding="utf-8",
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=500, help="media files in all")
    parser.add_argument("--videos", type=int, default=10, help="how many of them are videos")
    parser.add_argument("--size", default="1920x1080", help="picture size WxH")
    parser.add_argument("--runs", type=int, default=3, help="timed runs (the best is shown)")
    args = parser.parse_args()
    width, height = (int(n) for n in args.size.lower().split("x"))
    with tempfile.TemporaryDirectory(prefix="renkei-bench-") as tmp:
        root = Path(tmp) / "content"
        started = time.perf_counter()
        build(root, args.files, args.videos, width, height)
        print(f"generated {args.files} media files ({args.size}) in "
              f"{time.perf_counter() - started:.1f} s")
        timings = []
        for _ in range(args.runs):
            started = time.perf_counter()
            result = subprocess.run(
                [sys.executable, "-m", "renkei_kiosk", "--lang", "en", "check", "--content",
                 str(root)],
                capture_output=True, text=True, encoding="utf-8", check=False,
            )
            timings.append(time.perf_counter() - started)
            if result.returncode != 0:
                print(result.stdout, result.stderr, sep="\n")
                return 1
        print(result.stdout.strip())
        print(f"check on {args.files} media files: {min(timings):.2f} s "
              f"(best of {args.runs}; all: {', '.join(f'{t:.2f}' for t in timings)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
