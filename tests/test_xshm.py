"""Frames straight into an X window (media.xshm) and the thread that plays a video there
(media.direct): on a real Xvfb display, checked on its screenshots."""

from __future__ import annotations

import subprocess
import threading
import time
from pathlib import Path
from typing import Any

import pytest

import xdisplay
from renkei_kiosk.media.direct import DirectPlayer
from renkei_kiosk.media.video import Frame, open_video
from renkei_kiosk.media.xshm import Overlay, XShmOutput, XShmUnavailable, fit_box
from testmedia import make_colour_steps

needs_x = pytest.mark.skipif(xdisplay.skip_reason() is not None,
                             reason=xdisplay.skip_reason() or "")


def _root(display: str) -> int:
    out = subprocess.run(["xwininfo", "-root", "-display", display], capture_output=True,
                         text=True, check=True).stdout
    return int(out.split("Window id:")[1].split()[0], 16)


def _yuv(size: tuple[int, int], rgb: tuple[int, int, int]) -> Any:
    """A solid yuv420p ffpyplayer image, as a decoder hands it over."""
    from ffpyplayer.pic import Image, SWScale

    src = Image(plane_buffers=[bytes(rgb) * (size[0] * size[1])], pix_fmt="rgb24", size=size)
    return SWScale(size[0], size[1], "rgb24", ofmt="yuv420p").scale(src)


def _near(a: Any, b: tuple[int, int, int], tol: int = 8) -> bool:
    return all(abs(x - y) <= tol for x, y in zip(a, b, strict=True))


def test_a_picture_is_fitted_centred_with_even_sides() -> None:
    assert fit_box((1920, 1080), (1920, 1080)) == (0, 0, 1920, 1080)
    assert fit_box((320, 320), (640, 360)) == (140, 0, 360, 360)
    assert fit_box((1440, 1080), (1080, 1920)) == (0, 555, 1080, 810)
    x, y, w, h = fit_box((333, 101), (1000, 1000))
    assert w % 2 == 0 and h % 2 == 0 and (x, w) == (0, 1000) and y == (1000 - h) // 2


@needs_x
def test_frames_reach_the_window_letterboxed_with_the_overlay_blended_in() -> None:
    with xdisplay.xvfb(640, 360) as display:
        out = XShmOutput(_root(display), display=display, background=(0, 0, 255))
        try:
            out.show(_yuv((320, 320), (220, 30, 30)))
            shot = xdisplay.screenshot(display)
            assert shot.getpixel((10, 180)) == (0, 0, 255)  # the letterbox, exactly
            assert shot.getpixel((630, 5)) == (0, 0, 255)
            assert _near(shot.getpixel((320, 180)), (220, 30, 30))
            assert _near(shot.getpixel((141, 1)), (220, 30, 30))  # the picture's corner

            # green at half opacity over the picture and over the letterbox
            over_black = bytes((0, 128, 0, 255)) * (200 * 40)
            over_white = bytes((127, 255, 127, 255)) * (200 * 40)
            out.set_overlay(Overlay(60, 300, 200, 40, over_black, over_white))
            out.show(_yuv((320, 320), (220, 30, 30)))
            shot = xdisplay.screenshot(display)
            assert _near(shot.getpixel((200, 320)), (110, 143, 15))  # over the picture
            assert _near(shot.getpixel((80, 320)), (0, 128, 128))  # over the letterbox
            assert _near(shot.getpixel((200, 290)), (220, 30, 30))  # outside it

            out.set_overlay(None)
            out.show(_yuv((320, 320), (30, 30, 220)))
            shot = xdisplay.screenshot(display)
            assert _near(shot.getpixel((200, 320)), (30, 30, 220))
            assert shot.getpixel((80, 320)) == (0, 0, 255)  # the letterbox is clean again
        finally:
            out.close()
        with pytest.raises(XShmUnavailable, match="does not exist"):
            XShmOutput(0x3FFFFF, display=display)


def _shader_rgb(yuv: tuple[int, int, int], height: int) -> tuple[int, int, int]:
    """What the OpenGL shader (ui.slides.YUV_FS) makes of one Y'CbCr value."""
    from renkei_kiosk.ui.slides import yuv_matrix

    a, b, c, d = yuv_matrix(height)
    y = (yuv[0] / 255 - 0.0627451) * 1.1643836
    u = (yuv[1] / 255 - 0.5019608) * 1.1383929
    v = (yuv[2] / 255 - 0.5019608) * 1.1383929
    rgb = (y + a * v, y + b * u + c * v, y + d * u)
    return tuple(round(max(0.0, min(1.0, x)) * 255) for x in rgb)  # type: ignore[return-value]


@needs_x
@pytest.mark.parametrize("size", [(640, 360), (1280, 720)], ids=["SD", "HD"])
def test_a_frame_gets_the_same_colours_as_through_opengl(size: tuple[int, int]) -> None:
    from ffpyplayer.pic import Image

    yuv = (81, 90, 240)  # (a red where BT.601 and BT.709 differ by 24 in green)
    w, h = size
    planes = [bytes([yuv[0]]) * (w * h), bytes([yuv[1]]) * (w * h // 4),
              bytes([yuv[2]]) * (w * h // 4)]
    with xdisplay.xvfb(w, h) as display:
        out = XShmOutput(_root(display), display=display)
        try:
            out.show(Image(plane_buffers=planes, pix_fmt="yuv420p", size=size))
            shown = xdisplay.screenshot(display).getpixel((w // 2, h // 2))
        finally:
            out.close()
    assert _near(shown, _shader_rgb(yuv, h), tol=3), (shown, _shader_rgb(yuv, h))


class _Screen:
    """An output that records what it was given (and refuses frame `fail_at`)."""

    def __init__(self, fail_at: int | None = None) -> None:
        self.shown: list[tuple[int, int]] = []
        self.fail_at = fail_at

    def show(self, image: Any) -> None:
        if self.fail_at is not None and len(self.shown) == self.fail_at:
            raise XShmUnavailable("the X server refused drawing a frame (X error 9)")
        self.shown.append(tuple(image.get_size()))  # type: ignore[arg-type]


def _play(clip: Path, screen: _Screen, stop_after: float | None = None
          ) -> tuple[DirectPlayer, list[str | None], list[Frame]]:
    stream = open_video(clip)
    ended: list[str | None] = []
    done = threading.Event()
    frames: list[Frame] = []

    def on_end(reason: str | None) -> None:
        ended.append(reason)
        done.set()

    player = DirectPlayer(stream, screen, on_frame=frames.append, on_end=on_end)
    stream.play()
    player.start()
    try:
        if stop_after is not None:
            time.sleep(stop_after)
            player.stop()
        else:
            assert done.wait(20), "the clip never ended"
    finally:
        player.stop()
        stream.close()
    return player, ended, frames


def test_the_direct_player_plays_a_clip_in_time_to_its_end(tmp_path: Path) -> None:
    clip = tmp_path / "色.mp4"
    make_colour_steps(clip, ["red", "blue"], seconds_each=0.6)
    started = time.monotonic()
    player, ended, frames = _play(clip, _Screen())
    took = time.monotonic() - started
    assert ended == [None]  # (the clip's end, no failure)
    assert 25 <= len(frames) <= 31 and player.frames == len(frames)  # 30 at 25 fps
    assert player.last is frames[-1] and player.last.pts > 1.0
    assert 1.0 < took < 10  # paced by the clip's timestamps, not as fast as it decodes


def test_a_refused_frame_ends_the_direct_player_with_the_reason(tmp_path: Path) -> None:
    clip = tmp_path / "色.mp4"
    make_colour_steps(clip, ["red", "blue"], seconds_each=0.6)
    player, ended, frames = _play(clip, _Screen(fail_at=3))
    assert ended == ["the X server refused drawing a frame (X error 9)"]
    assert len(frames) == 3 and player.last is frames[-1]


def test_stopping_the_direct_player_is_not_an_end(tmp_path: Path) -> None:
    clip = tmp_path / "色.mp4"
    make_colour_steps(clip, ["red", "blue"], seconds_each=2.0)
    player, ended, frames = _play(clip, _Screen(), stop_after=0.5)
    assert ended == [] and not player.running
    assert frames and player.last is frames[-1]
