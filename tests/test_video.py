"""Video through the yuv420p path: planes to the GPU as they are, converted by a shader;
played end to end by the real app, headless; the frame log's counting."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from kivy_harness import AppDriver, run_realtime
from renkei_kiosk.core.model import Content, Item, Kind, Playlist, Settings, Transition
from renkei_kiosk.media.frame_log import FrameLog, on_time
from testmedia import make_video

GREEN = (0x20, 0xC0, 0x40)  # testmedia.make_video's default colour
RED = (220, 30, 30)
BLUE = (30, 60, 220)
VIDEO = "media/動画/緑の町.mp4"


def _solid(path: Path, colour: tuple[int, int, int]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (320, 180), colour).save(path, quality=95)


def _content(items: list[Item], **playlist: Any) -> Content:
    pl = Playlist(stem="main", file="playlists/main.yaml", name="test", entries=(), **playlist)
    return Content(settings=Settings(fullscreen=False), playlists={"main": pl},
                   items={"main": tuple(items)})


def _video(duration: float | None = None) -> Item:
    return Item(kind=Kind.VIDEO, key=VIDEO, duration=duration, path=VIDEO)


def _image(rel: str, duration: float) -> Item:
    return Item(kind=Kind.IMAGE, key=rel, duration=duration, path=rel)


def _centre(img: Image.Image) -> tuple[int, int, int]:
    px = img.getpixel((img.width // 2, img.height // 2))
    assert isinstance(px, tuple)
    return px[0], px[1], px[2]


def _close(a: tuple[int, ...], b: tuple[int, ...], tol: int = 12) -> bool:
    return all(abs(x - y) <= tol for x, y in zip(a, b, strict=True))


def _plays(root: Path) -> list[tuple[str, str | None]]:
    con = sqlite3.connect(root / "state" / "kiosk.sqlite3")
    try:
        return con.execute("select item, outcome from plays order by rowid").fetchall()
    finally:
        con.close()


@pytest.fixture
def make_app(tmp_path: Path) -> Iterator[Any]:
    drivers: list[AppDriver] = []

    def make(content: Content) -> AppDriver:
        from renkei_kiosk.app import KioskApp

        base = datetime(2024, 7, 13, 10, 0)
        holder: dict[str, AppDriver] = {}

        def wallclock() -> datetime:
            d = holder.get("d")
            return base if d is None else base + timedelta(seconds=d.time.now - 1000.0)

        app = KioskApp(tmp_path, tmp_path / "state", content=content, wallclock=wallclock,
                       idle_fps=None, watch=False)
        d = AppDriver(app)
        holder["d"] = d
        drivers.append(d)
        return d.start()

    yield make
    for d in drivers:
        d.stop()


@pytest.fixture
def count_flips() -> Iterator[list[int]]:
    """Window redraws during the test."""
    from kivy.core.window import Window

    flips: list[int] = []

    def flipped(*_a: Any) -> None:
        flips.append(1)

    Window.bind(on_flip=flipped)
    yield flips
    Window.unbind(on_flip=flipped)


def _count_frames(slide: Any) -> list[Any]:
    """Frames the stream hands to the slide, from now on."""
    frames: list[Any] = []
    take = slide.stream.next_frame

    def counting() -> Any:
        frame = take()
        if frame is not None:
            frames.append(frame)
        return frame

    slide.stream.next_frame = counting
    return frames


@pytest.mark.app
def test_a_video_plays_as_yuv_planes_in_its_own_colour_and_its_end_is_reported(
    tmp_path: Path, make_app: Any, count_flips: list[int]
) -> None:
    from renkei_kiosk.ui.slides import VideoSlide

    make_video(tmp_path / VIDEO, 1.5)
    _solid(tmp_path / "media/赤.jpg", RED)
    d = make_app(_content([_video(), _image("media/赤.jpg", 30)],
                          transition=Transition.NONE, transition_duration=0.0))
    app = d.app
    d.run_until(lambda: app.on_screen == VIDEO)
    slide = app.stage.current
    assert isinstance(slide, VideoSlide)
    # the decoder hands over yuv420p: no RGBA conversion anywhere
    assert slide.stream.out_fmt == "yuv420p"
    frames = _count_frames(slide)
    run_realtime(d, lambda: len(frames) >= 3, timeout=10)
    flips = count_flips
    # the window is redrawn for each new frame, not at every frame of the Kivy loop
    flips.clear()
    before = len(frames)
    d.step(1 / 60, frames=40)  # (40 loop frames, quicker than the clip's 25 fps)
    new = len(frames) - before
    assert new < 30, new
    assert len(flips) <= new + 2, (len(flips), new)
    # three plane textures: Y at the clip's size, U and V at half its width and height
    # (each as wide as the decoder's padded rows)
    planes = slide.picture.planes
    assert planes is not None and len(planes) == 3
    assert all(t.colorfmt == "luminance" for t in planes)
    (yw, yh), (uw, uh), (vw, vh) = (tuple(t.size) for t in planes)
    assert yh == 90 and yw >= 160 and (uh, vh) == (45, 45) and uw >= 80 and vw >= 80
    # each frame is the decoder's own planes (buffer views of its picture, no bytes made
    # in Python), with its timestamp
    for f in frames:
        assert f.image.get_pixel_format() == "yuv420p"
        assert not any(isinstance(p, (bytes, bytearray)) for p in f.planes)
        rows = (90, 45, 45)
        assert [memoryview(p).nbytes for p in f.planes] == [
            line * n for line, n in zip(f.linesizes, rows, strict=True)]
    pts = [f.pts for f in frames]
    assert pts == sorted(pts) and pts[-1] > pts[0]
    d.step()
    shot = d.screenshot()
    assert _close(_centre(shot), GREEN), _centre(shot)  # the shader's RGB: the clip's colour
    # the picture fills the 16:9 window: no bars
    assert _close(shot.getpixel((3, 3)), GREEN) and _close(shot.getpixel((636, 356)), GREEN)

    # the end is reported to the player, which goes on to the next item
    run_realtime(d, lambda: app.on_screen == "media/赤.jpg", timeout=15)
    assert slide.ended
    d.step()
    assert _close(_centre(d.screenshot()), RED, 20)
    assert (VIDEO, "ok") in _plays(tmp_path)


@pytest.mark.app
def test_crossfades_into_and_out_of_a_video_blend_without_a_dark_frame(
    tmp_path: Path, make_app: Any
) -> None:
    make_video(tmp_path / VIDEO, 1.5)
    _solid(tmp_path / "media/赤.jpg", RED)
    _solid(tmp_path / "media/青.jpg", BLUE)
    d = make_app(_content([_image("media/赤.jpg", 1), _video(), _image("media/青.jpg", 30)],
                          transition=Transition.FADE, transition_duration=0.6,
                          background=(0.0, 0.0, 0.0)))
    app = d.app
    d.run_until(lambda: app.on_screen == "media/赤.jpg")
    d.advance(0.7)

    def through(colour_from: tuple[int, int, int], colour_to: tuple[int, int, int]) -> None:
        """Frame by frame across a fade: never dark, a mix halfway, then the new colour."""
        mixed = False
        for _ in range(200):
            d.step(1 / 30)
            time.sleep(0.005)  # (the video's decoder runs in real time)
            c = _centre(d.screenshot())
            assert max(c) > 100, f"a dark frame in the fade: {c}"
            mixed = mixed or all(
                min(a, b) + 25 < x < max(a, b) - 25
                for x, a, b in zip(c, colour_from, colour_to, strict=True)
                if abs(a - b) > 100)
            if _close(c, colour_to, 20):
                break
        else:
            raise AssertionError(f"the fade never reached {colour_to}")
        assert mixed, "no blended frame: the picture ignored the fade"

    d.run_until(lambda: app.on_screen == VIDEO)
    through(RED, GREEN)  # the video fades in over the panel (the shader follows opacity)
    d.run_until(lambda: app.on_screen == "media/青.jpg", timeout=15, real_sleep=0.02)
    through(GREEN, BLUE)  # and the next panel fades in over the video


@pytest.mark.app
def test_the_stage_video_pauses_while_a_visitor_browses_and_resumes_after(
    tmp_path: Path, make_app: Any
) -> None:
    from renkei_kiosk.ui.slides import VideoSlide

    make_video(tmp_path / VIDEO, 6.0)
    d = make_app(_content([_video()], transition=Transition.NONE, transition_duration=0.0))
    app = d.app
    d.run_until(lambda: app.on_screen == VIDEO)
    slide = app.stage.current
    assert isinstance(slide, VideoSlide)
    frames = _count_frames(slide)
    run_realtime(d, lambda: len(frames) >= 3, timeout=10)

    app.open_browse()
    assert app.browse is not None and not slide.playing
    held = len(frames)
    stop = time.monotonic() + 0.5
    run_realtime(d, lambda: time.monotonic() > stop)
    assert len(frames) == held  # no frame taken (nor drawn) while browsing

    app.close_browse()
    assert slide.playing
    run_realtime(d, lambda: len(frames) >= held + 3, timeout=10)
    assert frames[held].pts > frames[held - 1].pts  # on from where it paused
    assert not slide.ended


@pytest.mark.app
def test_the_frame_log_records_each_shown_frame_with_the_clock_at_the_screen(
    tmp_path: Path, make_app: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from renkei_kiosk.media import frame_log

    log = FrameLog(tmp_path / "frames.jsonl")
    monkeypatch.setattr(frame_log, "active", log)
    make_video(tmp_path / VIDEO, 3.0)
    d = make_app(_content([_video()], transition=Transition.NONE, transition_duration=0.0))
    app = d.app
    d.run_until(lambda: app.on_screen == VIDEO)
    run_realtime(d, lambda: len(log.rows) >= 5, timeout=10)
    pts = [r[0] for r in log.rows]
    # timestamps go up, or back to the start when the clip (the only item) plays again
    assert all(b >= a or b == 0.0 for a, b in pairwise(pts)), pts
    assert len(set(pts)) >= 3
    assert all(r[1] >= 0 for r in log.rows)  # the playback clock was read
    log.write()
    assert frame_log.read_log(tmp_path / "frames.jsonl") == list(log.rows)


def test_on_time_counts_late_and_dropped_frames_against_the_clips_timestamps() -> None:
    p = 1 / 30
    # five frames on time, one 40 ms late, then two dropped (never logged), then one more
    rows = [(i * p, i * p + 0.004, 0.0) for i in range(5)]
    rows.append((5 * p, 5 * p + 0.040, 0.0))
    rows.append((8 * p, 8 * p, 0.0))
    counted = on_time(rows, frame_period=p, display_period=1 / 60)
    assert (counted.expected, counted.shown, counted.on_time) == (9, 7, 6)
    assert counted.share == pytest.approx(6 / 9)
    # a clip that starts again counts on
    looped = [(0.0, 0.0, 0.0), (p, p, 0.0), (0.0, 0.0, 0.0), (p, p + 0.001, 0.0)]
    assert on_time(looped, frame_period=p).expected == 4
    assert on_time([], frame_period=p).share == 0.0
