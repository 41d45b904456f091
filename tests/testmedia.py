"""Test media made on the spot: no test downloads or ships large files."""

from __future__ import annotations

import subprocess
from pathlib import Path


def make_video(path: Path, seconds: float = 2.0, colour: str = "0x20c040") -> None:
    """A silent H.264 clip of one colour, 160x90 at 25 fps, made with imageio-ffmpeg's
    ffmpeg binary."""
    import imageio_ffmpeg

    path.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [imageio_ffmpeg.get_ffmpeg_exe(), "-loglevel", "error", "-y", "-f", "lavfi", "-i",
         f"color=c={colour}:size=160x90:rate=25:duration={seconds}", "-pix_fmt", "yuv420p",
         str(path)],
        check=True,
    )


def make_colour_steps(path: Path, colours: list[str], seconds_each: float = 1.0,
                      size: str = "320x180") -> None:
    """A silent H.264 clip showing each colour in turn (`seconds_each` each), 25 fps."""
    import imageio_ffmpeg

    path.parent.mkdir(parents=True, exist_ok=True)
    parts = [f"color=c={c}:size={size}:rate=25:duration={seconds_each}[v{i}]"
             for i, c in enumerate(colours)]
    joined = "".join(f"[v{i}]" for i in range(len(colours)))
    graph = ";".join(parts) + f";{joined}concat=n={len(colours)}:v=1:a=0,format=yuv420p[out]"
    subprocess.run(
        [imageio_ffmpeg.get_ffmpeg_exe(), "-loglevel", "error", "-y", "-filter_complex",
         graph, "-map", "[out]", str(path)],
        check=True,
    )
