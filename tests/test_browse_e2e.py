"""Browse mode end to end: the real app, headless, driven by simulated touches.

Touches go in the way a touchscreen's do: MotionEvents queued on the event loop, through
Kivy's double-tap post-processing, to the window and the app's root. The clock is the
harness's fake clock (idle timeout, animations, and the touches' own times, so the
double-tap window passes on it); decoding threads run in real time.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from kivy_harness import AppDriver
from renkei_kiosk.core.browse_nav import Detail, Grid, Home, PrefectureList, Section
from renkei_kiosk.core.model import CommentCard, Content, Item, Kind, Playlist, Settings
from testmedia import make_video

pytestmark = pytest.mark.app

RED = (220, 30, 30)
BLUE = (30, 60, 220)
GREEN = (30, 170, 60)
#: the map's highlight colour (japan_map.kv), as 8-bit RGB
HIGHLIGHT = (219, 56, 46)
#: a list row's tile without a thumbnail (ui/browse/lists.py BADGE_RGBA)
BADGE = (61, 71, 97)
#: the comment card's paper colour (slides.kv)
PAPER = (250, 245, 230)
#: the countdown hint's colour (ui/browse/view.kv)
HINT = (217, 89, 26)
#: the test video's colour (0x20c040)
VIDEO_GREEN = (32, 192, 64)

IDLE = 20.0
#: a screen change's slide, and a frame
SLIDE = 0.25 + 1 / 30

CARDS = [
    ("白糠町", "北海道", "北海道", "白糠町からのサンプルのコメントです。"),
    ("サンプル村", "北海道", "北海道", "二つめのサンプルのコメントです。"),
    ("サンプル市", "大阪府", "近畿", "大阪のサンプルのコメントです。"),
    ("サンプル町", "沖縄県", "九州", "沖縄のサンプルのコメントです。"),
]


def _solid(path: Path, colour: tuple[int, int, int], size: tuple[int, int]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, colour).save(path, quality=95)


def _content(root: Path) -> Content:
    # big panels: zoom goes up to their native resolution, 2400 px wide on a 640 px window
    _solid(root / "media/panels/a_red.jpg", RED, (2400, 1350))
    _solid(root / "media/panels/b_blue.jpg", BLUE, (2400, 1350))
    _solid(root / "media/panels/c_green.jpg", GREEN, (800, 450))
    items = [
        Item(kind=Kind.IMAGE, key=f"media/panels/{n}", duration=20, path=f"media/panels/{n}",
             title=f"パネル {n[0].upper()}")
        for n in ("a_red.jpg", "b_blue.jpg", "c_green.jpg")
    ]
    for i, (town, pref, region, text) in enumerate(CARDS, start=1):
        items.append(Item(
            kind=Kind.COMMENT, key=f"media/comments/c.csv#{i}", duration=10,
            comment=CommentCard(municipality=town, prefecture=pref, region=region,
                                comment=text, category="賛同自治体"),
        ))
    pl = Playlist(stem="main", file="playlists/main.yaml", name="test", entries=())
    return Content(settings=Settings(fullscreen=False, idle_timeout=IDLE),
                   playlists={"main": pl}, items={"main": tuple(items)})


class Fingers:
    """Touches for the real app: queued like a touchscreen's, one frame per event."""

    def __init__(self, d: AppDriver) -> None:
        from kivy.base import EventLoop
        from kivy.core.window import Window

        self.d, self.loop, self.window = d, EventLoop, Window

    @staticmethod
    def touch_at(x: float, y: float) -> Any:
        from kivy.tests.common import UnitTestTouch

        return UnitTestTouch(x, y)

    def move(self, t: Any, x: float, y: float) -> None:
        w, h = self.window.size
        t.move({"x": x / (w - 1.0), "y": y / (h - 1.0)})
        self.loop.input_events.append(("update", t))

    def down(self, x: float, y: float) -> Any:
        t = self.touch_at(x, y)
        self.loop.input_events.append(("begin", t))
        self.d.step()
        return t

    def up(self, t: Any) -> None:
        self.loop.input_events.append(("end", t))
        self.d.step()

    def tap(self, x: float, y: float, settle: float = 0.0) -> None:
        """Touch and lift; `settle` seconds of frames after (a list's tap lands later)."""
        self.up(self.down(x, y))
        if settle:
            self.d.advance(settle)

    def double_tap(self, x: float, y: float) -> None:
        self.tap(x, y)
        self.tap(x, y)

    def drag(self, x0: float, y0: float, x1: float, y1: float, steps: int = 8) -> None:
        t = self.down(x0, y0)
        for k in range(1, steps + 1):
            self.move(t, x0 + (x1 - x0) * k / steps, y0 + (y1 - y0) * k / steps)
            self.d.step()
        self.up(t)

    def pinch(self, cx: float, cy: float, d0: float, d1: float, steps: int = 8) -> None:
        """Two fingers, `d0` apart around (cx, cy), spread to `d1` apart."""
        a = self.touch_at(cx - d0 / 2, cy)
        b = self.touch_at(cx + d0 / 2, cy)
        self.loop.input_events.extend([("begin", a), ("begin", b)])
        self.d.step()
        for k in range(1, steps + 1):
            half = (d0 + (d1 - d0) * k / steps) / 2
            self.move(a, cx - half, cy)
            self.move(b, cx + half, cy)
            self.d.step()
        self.loop.input_events.extend([("end", a), ("end", b)])
        self.d.step()

    def apart(self) -> None:
        """Let the double-tap window (250 ms on the fake clock) pass between two gestures."""
        self.d.advance(0.3)


@contextmanager
def _running(tmp_path: Path, content: Content) -> Iterator[tuple[AppDriver, Fingers]]:
    """The real app on `content`, started headless, with touches like the real kiosk's."""
    from kivy.base import EventLoop
    from kivy.input import kivy_postproc_modules, motionevent
    from kivy.input.postproc import doubletap as doubletap_module

    from renkei_kiosk.app import KioskApp

    base = datetime(2024, 7, 13, 10, 0)
    holder: dict[str, AppDriver] = {}

    def wallclock() -> datetime:
        d = holder.get("d")
        return base if d is None else base + timedelta(seconds=d.time.now - 1000.0)

    app = KioskApp(tmp_path, tmp_path / "state", content=content,
                   wallclock=wallclock, idle_fps=None, watch=False)
    d = AppDriver(app)
    holder["d"] = d
    doubletap = kivy_postproc_modules["doubletap"]
    EventLoop.add_postproc_module(doubletap)  # as runTouchApp does in the real kiosk
    # touches are stamped, and double taps told apart, on the harness's fake clock
    wall = motionevent.time, doubletap_module.time
    motionevent.time = doubletap_module.time = d.time
    d.start()
    try:
        yield d, Fingers(d)
    finally:
        motionevent.time, doubletap_module.time = wall
        EventLoop.remove_postproc_module(doubletap)
        d.stop()


@pytest.fixture
def kiosk(tmp_path: Path) -> Iterator[tuple[AppDriver, Fingers]]:
    with _running(tmp_path, _content(tmp_path)) as running:
        yield running


def _count(img: Image.Image, colour: tuple[int, int, int], tol: int = 30) -> int:
    """Pixels within `tol` of `colour` (on a 4x smaller copy)."""
    small = img.resize((img.width // 4, img.height // 4), Image.Resampling.NEAREST)
    return sum(1 for p in small.getdata()
               if all(abs(int(p[i]) - colour[i]) <= tol for i in range(3)))


def _share(img: Image.Image, colour: tuple[int, int, int], tol: int = 30) -> float:
    return _count(img, colour, tol) / ((img.width // 4) * (img.height // 4))


def _body(img: Image.Image, bar: float) -> Image.Image:
    """The screen below the browse bar."""
    return img.crop((0, int(bar) + 2, img.width, img.height))


def _centre(widget: Any) -> tuple[float, float]:
    x, y = widget.to_window(*widget.center)
    return float(x), float(y)


def _touches(state: Path) -> list[tuple[str, str | None]]:
    with sqlite3.connect(state / "kiosk.sqlite3") as db:
        return db.execute("select action, item from touches order by rowid").fetchall()


def test_visitor_path_tap_home_map_list_item_swipe_zoom_timeout(
    kiosk: tuple[AppDriver, Fingers], tmp_path: Path
) -> None:
    d, f = kiosk
    app = d.app
    first = "media/panels/a_red.jpg"
    d.run_until(lambda: app.on_screen == first)
    d.advance(1.0)
    rotation = d.screenshot()
    assert _share(rotation, RED) > 0.8
    rotation.save(tmp_path / "0_rotation.png")

    # 1. a tap during the rotation opens browse mode on the item that was on screen
    w, h = app.root.size
    f.tap(w * 0.5, h * 0.5)
    view = app.browse
    assert view is not None
    assert view.current_key == first
    opened = d.screenshot()
    assert opened.getpixel((5, 5)) != rotation.getpixel((5, 5))  # the bar shows at once
    d.run_until(lambda: view.detail.zoom_image.texture is not None)
    d.step()
    shot = d.screenshot()
    shot.save(tmp_path / "1_detail.png")
    assert _share(_body(shot, view.bar_height), RED) > 0.7
    assert app.rotation.paused if hasattr(app.rotation, "paused") else True

    # 2. home: the map with the prefectures that have comments in the highlight colour
    f.tap(*_centre(view.ids.home))
    assert view.screen == Home()
    jmap = view.current.ids.map
    d.run_until(lambda: jmap.geometry is not None)
    d.advance(SLIDE)
    shot = d.screenshot()
    shot.save(tmp_path / "2_home.png")
    mx, my, mw, mh = jmap.map_rect()
    map_img = shot.crop((int(mx), int(h - my - mh), int(mx + mw), int(h - my)))
    assert _count(map_img, HIGHLIGHT) > 20
    assert sorted(jmap.highlighted) == [1, 27, 47]
    # the kind buttons and the region buttons are large touch targets
    assert all(b.height >= 48 for b in view.current.ids.kinds.children)
    assert len(view.current.ids.regions.children) == 3  # 北海道, 近畿, 九州・沖縄

    # 3. a prefecture on the map: its municipalities
    f.tap(*jmap.centre_of(1))
    assert view.screen == PrefectureList("北海道")  # (picked on the map: no region)
    rv = view.current.ids.rv
    assert [r["title"] for r in rv.data] == [
        app_markup(town) for town, pref, *_ in CARDS if pref == "北海道"
    ]
    d.advance(SLIDE)
    shot = d.screenshot()
    shot.save(tmp_path / "3_prefecture.png")
    body = _body(shot, view.bar_height)
    assert _count(body, BADGE, tol=6) > 200  # the rows: these cards have no photo,
    assert sum(1 for p in body.getdata() if min(p) > 215) > 80  # so their initial; their names

    # 4. the second municipality's comment: two taps from home
    rows = sorted(rv.children[0].children, key=lambda r: -r.y)
    f.tap(*_centre(rows[1]), settle=0.4)
    assert isinstance(view.screen, Detail)
    assert view.current_key == "media/comments/c.csv#2"
    d.run_until(lambda: view.detail.slide is not None)
    d.advance(SLIDE)
    shot = d.screenshot()
    shot.save(tmp_path / "4_comment.png")
    assert _share(_body(shot, view.bar_height), PAPER, tol=12) > 0.5

    # 5. swipe left: the neighbour in the same list (wrapping round)
    f.apart()
    f.drag(w * 0.8, h * 0.4, w * 0.2, h * 0.4)
    d.advance(0.5)
    assert view.current_key == "media/comments/c.csv#1"
    assert len(view.ids.body.children) == 1  # the old card slid away and was removed

    # 6. panels: back to home, the panel grid, the blue panel
    f.tap(*_centre(view.ids.home))
    kinds = {b.text: b for b in view.current.ids.kinds.children}
    f.tap(*_centre(kinds["パネル"]))
    assert view.screen == Grid(Section.PANELS)
    d.run_until(lambda: len(list((tmp_path / "state" / "thumbs").glob("*.jpg"))) == 3)
    d.advance(SLIDE)
    shot = d.screenshot()
    shot.save(tmp_path / "5_grid.png")
    assert _count(shot, BLUE) > 50 and _count(shot, GREEN) > 50  # thumbnails drawn
    tiles = sorted(view.current.ids.rv.children[0].children, key=lambda t: (-t.y, t.x))
    f.tap(*_centre(tiles[1]), settle=0.4)
    assert view.current_key == "media/panels/b_blue.jpg"
    detail = view.detail
    zoom = detail.zoom_image
    d.run_until(lambda: zoom.texture is not None)
    d.advance(SLIDE)
    assert _share(_body(d.screenshot(), view.bar_height), BLUE) > 0.6
    fitted = min(zoom.width / 2400, zoom.height / 1350) * 2400
    assert zoom.max_zoom * fitted == pytest.approx(2400, rel=0.01)  # up to native pixels
    first_width = zoom.texture.width
    assert first_width <= 640

    # 7. double tap zooms in (and sharper pixels are decoded), double tap again zooms out
    f.apart()
    f.double_tap(w * 0.3, h * 0.4)
    assert zoom.zoom == pytest.approx(2.5)
    d.run_until(lambda: detail.sharp_loads >= 1)
    assert zoom.texture.width > first_width * 2
    f.apart()
    f.drag(w * 0.5, h * 0.4, w * 0.7, h * 0.4)  # one finger pans a zoomed panel...
    assert zoom.pan[0] > 0
    assert view.current_key == "media/panels/b_blue.jpg"  # ...and does not swipe
    f.apart()
    f.double_tap(w * 0.5, h * 0.4)
    assert zoom.zoom == pytest.approx(1.0)

    # 8. pinch: two fingers spreading zoom in
    f.apart()
    f.pinch(w * 0.5, h * 0.4, 100, 250)
    assert zoom.zoom == pytest.approx(2.5, rel=0.05)
    d.advance(0.2)
    shot = d.screenshot()
    shot.save(tmp_path / "6_pinched.png")
    assert _share(_body(shot, view.bar_height), BLUE) > 0.95  # the panel fills the screen

    # 9. the language button switches every label
    f.apart()
    f.tap(*_centre(view.ids.lang))
    assert view.ids.home.text == "Home" and view.ids.back.text == "◀ Back"
    assert view.current_key == "media/panels/b_blue.jpg"  # the detail stays

    # 10. idle: a countdown, a touch cancels it; then back to the rotation at the same item
    d.advance(IDLE - 4.5, fps=4)  # idle seconds need few frames
    assert view.hint_visible and view.hint.endswith("5")
    shot = d.screenshot()
    shot.save(tmp_path / "7_countdown.png")
    assert _count(shot, HINT, tol=25) > 30
    f.apart()
    f.tap(w * 0.5, h * 0.5)
    assert not view.hint_visible
    d.advance(IDLE - 1, fps=4)
    assert app.browse is view
    d.advance(2, fps=10)
    assert app.browse is None
    d.step(frames=3)
    assert app.on_screen == first
    assert app.rotation.current.key == first
    shot = d.screenshot()
    shot.save(tmp_path / "8_back_to_rotation.png")
    assert _share(shot, RED) > 0.8
    d.advance(5, fps=4)
    assert app.on_screen == first  # resumed: its remaining time, not a fresh start

    rows_seen = _touches(tmp_path / "state")
    actions = [a for a, _ in rows_seen]
    assert rows_seen[0] == ("open", first)
    assert ("map", None) in rows_seen
    assert ("item", "media/comments/c.csv#2") in rows_seen
    assert ("swipe", "media/comments/c.csv#1") in rows_seen
    assert ("list", None) in rows_seen  # (the panels)
    assert ("item", "media/panels/b_blue.jpg") in rows_seen
    assert actions.count("zoom") == 3
    assert ("language", "media/panels/b_blue.jpg") in rows_seen
    assert rows_seen[-1] == ("timeout", "media/panels/b_blue.jpg")
    assert actions.count("home") == 2
    # what the map tap was about, in the column `stats` groups by
    with sqlite3.connect(tmp_path / "state" / "kiosk.sqlite3") as db:
        assert db.execute("SELECT prefecture FROM touches WHERE action = 'map'"
                          ).fetchall() == [("北海道",)]


def app_markup(text: str) -> str:
    from renkei_kiosk.ui.fonts import fontset

    return fontset().markup(text)


def test_back_from_home_and_region_path_reaches_a_comment_in_three_taps(
    kiosk: tuple[AppDriver, Fingers], tmp_path: Path
) -> None:
    d, f = kiosk
    app = d.app
    d.run_until(lambda: app.on_screen is not None)
    w, h = app.root.size
    f.tap(w * 0.5, h * 0.5)
    view = app.browse
    f.tap(*_centre(view.ids.home))
    d.step()
    regions = {b.text: b for b in view.current.ids.regions.children}
    taps = 0
    f.tap(*_centre(regions[app_markup("九州・沖縄")]))
    taps += 1
    rows = view.current.ids.rv.children[0].children
    d.step()
    f.tap(*_centre(rows[0]), settle=0.4)  # 沖縄県
    taps += 1
    assert view.screen == PrefectureList("沖縄県", "九州・沖縄")
    rows = view.current.ids.rv.children[0].children
    d.step()
    f.tap(*_centre(rows[0]), settle=0.4)  # サンプル町
    taps += 1
    assert taps <= 3
    assert view.current_key == "media/comments/c.csv#4"
    # back, back, back: region list, home, then out to the rotation
    for _ in range(3):
        f.apart()
        f.tap(*_centre(view.ids.back), settle=0.1)
    assert view.screen == Home() and len(view.stack) == 1
    f.apart()
    f.tap(*_centre(view.ids.back))
    assert app.browse is None
    actions = [a for a, _ in _touches(tmp_path / "state")]
    assert actions == ["open", "home", "region", "list", "item", "back", "back", "back", "back"]


def test_thumbnails_are_cached_on_disk_and_a_broken_file_gives_the_placeholder(
    tmp_path: Path,
) -> None:
    from kivy.base import EventLoop
    from kivy.clock import Clock

    from renkei_kiosk.media.thumbs import ThumbCache, make_thumbnail, thumb_name

    EventLoop.ensure_window()
    _solid(tmp_path / "media/a.jpg", RED, (1600, 900))
    (tmp_path / "media/broken.jpg").write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")
    from renkei_kiosk.ui.bridge import to_kivy

    cache = ThumbCache(tmp_path, tmp_path / "state", size=(160, 100), deliver=to_kivy)
    got: dict[str, Any] = {}
    try:
        for rel in ("media/a.jpg", "media/broken.jpg", "media/missing.jpg"):
            assert cache.get(rel, lambda tex, rel=rel: got.__setitem__(rel, tex)) is None
        deadline = time.monotonic() + 10
        while len(got) < 3 and time.monotonic() < deadline:
            Clock.tick()
            time.sleep(0.01)
        assert got["media/a.jpg"].size == (160, 90)
        assert got["media/broken.jpg"] is cache.placeholder()
        assert got["media/missing.jpg"] is cache.placeholder()
        # the second ask is answered from memory, at once
        assert cache.get("media/a.jpg", lambda _t: None) is got["media/a.jpg"]
    finally:
        cache.shutdown()
    src = tmp_path / "media/a.jpg"
    cached = tmp_path / "state/thumbs" / thumb_name(src, (160, 100), src.stat().st_mtime_ns)
    assert cached.is_file()
    # a cached thumbnail is read back, not made again: make the source unreadable as an
    # image but keep its mtime, and the cache still answers
    stamp = src.stat().st_mtime_ns
    src.write_bytes(b"garbage")
    import os

    os.utime(src, ns=(stamp, stamp))
    pixels = make_thumbnail(src, tmp_path / "state/thumbs", (160, 100))
    assert (pixels.width, pixels.height) == (160, 90)
    # an edited file (new mtime) gets a new thumbnail name
    assert thumb_name(src, (160, 100), stamp + 1) != cached.name


def test_video_detail_plays_and_pauses_with_its_button(tmp_path: Path) -> None:
    from kivy_harness import run_realtime
    from renkei_kiosk.core.words import text
    from renkei_kiosk.ui.slides import VideoSlide

    make_video(tmp_path / "media/videos/v.mp4")
    panel = "media/panels/a_red.jpg"
    _solid(tmp_path / panel, RED, (800, 450))
    items = (
        Item(kind=Kind.IMAGE, key=panel, duration=20, path=panel, title="パネル"),
        Item(kind=Kind.VIDEO, key="media/videos/v.mp4", duration=None,
             path="media/videos/v.mp4", title="動画"),
    )
    pl = Playlist(stem="main", file="playlists/main.yaml", name="test", entries=())
    content = Content(settings=Settings(fullscreen=False, idle_timeout=IDLE),
                      playlists={"main": pl}, items={"main": items})
    with _running(tmp_path, content) as (d, f):
        app = d.app
        d.run_until(lambda: app.on_screen == panel)
        w, h = app.root.size

        # the visitor's way to a video: touch, home, 動画 (Videos), the tile
        f.tap(w * 0.5, h * 0.5)
        view = app.browse
        assert view is not None
        f.apart()
        f.tap(*_centre(view.ids.home))
        kinds = {b.text: b for b in view.current.ids.kinds.children}
        f.apart()
        f.tap(*_centre(kinds[text("browse_videos", "ja")]))
        assert view.screen == Grid(Section.VIDEOS)
        d.step(frames=2)
        tiles = view.current.ids.rv.children[0].children
        assert len(tiles) == 1
        f.apart()
        f.tap(*_centre(tiles[0]), settle=0.4)
        assert view.current_key == "media/videos/v.mp4"
        detail = view.detail
        d.run_until(lambda: detail.slide is not None)
        slide = detail.slide
        assert isinstance(slide, VideoSlide)

        # count the frames the video hands to the screen (their timestamps)
        shown: list[float] = []
        next_frame = slide.stream.next_frame

        def counting() -> Any:
            frame = next_frame()
            if frame is not None:
                shown.append(frame.pts)
            return frame

        slide.stream.next_frame = counting

        # it opens playing: frames arrive, the button offers to pause, the video shows
        assert detail.is_video and detail.playing
        run_realtime(d, lambda: len(shown) >= 3, timeout=8)
        assert detail.play_label == text("browse_pause", "ja")
        d.step()
        playing_shot = d.screenshot()
        playing_shot.save(tmp_path / "video_playing.png")
        assert _share(_body(playing_shot, view.bar_height), VIDEO_GREEN) > 0.5
        button = detail.ids.play
        bx, by = button.to_window(*button.pos)
        box = (int(bx), int(h - by - button.height), int(bx + button.width), int(h - by))
        assert button.opacity == 1 and not button.disabled

        # the button pauses: no more frames, the button offers to play again
        f.apart()
        f.tap(*_centre(button))
        assert not slide.playing and not detail.playing
        assert detail.play_label == text("browse_play", "ja")
        paused_at = len(shown)
        stop = time.monotonic() + 0.6
        run_realtime(d, lambda: time.monotonic() > stop)
        assert len(shown) == paused_at  # held on its frame
        assert not slide.ended
        paused_shot = d.screenshot()
        paused_shot.save(tmp_path / "video_paused.png")
        assert _share(_body(paused_shot, view.bar_height), VIDEO_GREEN) > 0.5  # still shown
        assert paused_shot.crop(box).tobytes() != playing_shot.crop(box).tobytes()  # ▶ 再生

        # and plays again, on from where it paused (not from the start)
        f.apart()
        f.tap(*_centre(button))
        assert slide.playing and detail.playing
        run_realtime(d, lambda: len(shown) >= paused_at + 3, timeout=8)
        assert shown[paused_at] > shown[paused_at - 1]
        assert detail.play_label == text("browse_pause", "ja")
        d.step()
        assert d.screenshot().crop(box).tobytes() == playing_shot.crop(box).tobytes()
        actions = [a for a, _ in _touches(tmp_path / "state")]
        assert actions == ["open", "home", "list", "item"]


def test_a_visitor_opens_the_view_built_ahead_and_the_next_one_is_built_after_a_collection(
    kiosk: tuple[AppDriver, Fingers], tmp_path: Path
) -> None:
    """The next visitor's view and its first detail are built while the screen is still;
    a tap opens them; after the visitor leaves, their garbage is collected before the
    next view is built (not in the middle of the next visitor's first touch)."""
    from kivy.clock import Clock

    from renkei_kiosk.spare_browse import STEP_EVERY

    d, f = kiosk
    app = d.app
    first = "media/panels/a_red.jpg"
    d.run_until(lambda: app.on_screen == first)
    d.run_until(lambda: app.spare.warm)  # its first step, once the panel is still
    # a kiosk at rest sleeps up to 5 s, but wakes for each step of the preparation
    assert app.spare.pending() and app.pacer.wake_at is not None
    assert app.pacer.wake_at - Clock.get_time() <= STEP_EVERY + 1e-6
    d.run_until(lambda: app.spare.view is not None)
    spare = app.spare.view
    detail = spare.maker.prebuilt
    assert detail is not None and detail.parent is not None  # in the body, drawn ahead
    d.step(frames=5)  # (prerendered)
    assert not app.spare.pending()  # done: back to resting (a 20-s panel)
    assert app.pacer.wake_at is None or app.pacer.wake_at - Clock.get_time() > 1.0

    w, h = app.root.size
    f.tap(w * 0.5, h * 0.5)
    assert app.browse is spare
    assert spare.detail is detail and detail.item.key == first  # the detail built ahead
    d.run_until(lambda: detail.zoom_image.texture is not None)
    d.step()
    assert _share(_body(d.screenshot(), spare.bar_height), RED) > 0.7
    d.step()
    with sqlite3.connect(tmp_path / "state" / "kiosk.sqlite3") as db:
        rows = db.execute("SELECT action, item FROM touches").fetchall()
    assert ("open", first) in rows

    # the top bar is drawn from a plain copy of its Fbo's pixels once they are drawn;
    # a change shows at once (from the Fbo), then from a new copy, the same pixels
    bar = spare.ids.bar
    assert bar.shows_copy
    bar_box = (0, 0, w, int(spare.bar_height) - 1)
    before = d.screenshot().crop(bar_box)
    f.tap(*_centre(spare.ids.lang))
    at_once = d.screenshot().crop(bar_box)
    assert at_once.tobytes() != before.tobytes()
    d.step(frames=3)
    assert bar.shows_copy
    from_copy = d.screenshot().crop(bar_box)
    assert from_copy.tobytes() != before.tobytes()  # (English labels)
    bar.show_fbo()
    d.step()
    assert d.screenshot().crop(bar_box).tobytes() == from_copy.tobytes()

    f.tap(*_centre(spare.ids.close))
    assert app.browse is None and app.spare.garbage
    d.run_until(lambda: not app.spare.garbage)
    assert app.spare.view is None  # the collection and the build are a tick apart
    d.run_until(lambda: app.spare.view is not None)
    assert app.spare.view is not spare

    # a view built ahead that opens on the home (nothing on screen to start from) drops
    # its prebuilt detail
    view = app.spare.view
    prebuilt = view.maker.prebuilt
    view.begin(app.catalogue(), None)
    assert view.screen == Home() and view.detail is None
    assert prebuilt.parent is None and view.maker.prebuilt is None
    view.release()


def test_the_first_input_at_the_idle_rate_starts_the_next_frame_without_a_pacing_sleep(
    tmp_path: Path,
) -> None:
    from kivy.clock import Clock

    from renkei_kiosk.app import BUSY_FPS, KioskApp
    from renkei_kiosk.pacing import FramePacer

    app = KioskApp(tmp_path, tmp_path / "state", content=_content(tmp_path), idle_fps=20,
                   watch=False)
    pacer = app.pacer
    before = round(pacer.rate)
    try:
        pacer.govern(busy=False)  # a still slide: the idle rate
        assert pacer.rate == 20
        pacer.input_arrived()
        assert pacer.rate == 0  # the next frame: no sleep
        pacer.input_arrived()  # (more input in the same frame changes nothing)
        assert pacer.rate == 0
        pacer.full_rate()  # (scheduled for right after that frame's idle)
        assert pacer.rate == BUSY_FPS
        pacer.input_arrived()  # already at full rate: no sleep-less frame
        assert pacer.rate == BUSY_FPS
        assert pacer.busy_until > Clock.get_time()
    finally:
        FramePacer(idle_fps=before, busy_fps=before).govern(busy=True)  # (the rate before)


def test_screens_left_are_collected_once_the_visitor_pauses(
    kiosk: tuple[AppDriver, Fingers], monkeypatch: pytest.MonkeyPatch
) -> None:
    import gc

    from renkei_kiosk.ui.browse import idle

    d, f = kiosk
    app = d.app
    d.run_until(lambda: app.on_screen is not None)
    w, h = app.root.size
    f.tap(w * 0.5, h * 0.5)
    view = app.browse
    calls: list[int] = []
    real = gc.collect
    monkeypatch.setattr(idle.gc, "collect", lambda *a: calls.append(1) or real(*a))
    f.tap(*_centre(view.ids.home))
    assert view.screen == Home() and view.idle.screens_left == 1
    d.advance(idle.COLLECT_AFTER - 0.5)
    assert not calls  # (not while the visitor may still be touching)
    d.advance(1.0)
    assert calls == [1] and view.idle.screens_left == 0
    d.advance(2.0)
    assert calls == [1]  # (nothing new to free)


def test_each_visitor_action_is_reported_with_what_it_was_about(tmp_path: Path) -> None:
    """The view's report for the touches table: a map tap names the prefecture and its
    region, a region list the region, an item its card's prefecture, region and category."""
    from kivy.base import EventLoop

    from renkei_kiosk.core.browse_nav import CategoryList, RegionList
    from renkei_kiosk.core.catalogue import build_catalogue
    from renkei_kiosk.core.touches import Touch, TouchAction
    from renkei_kiosk.ui.browse import BrowseView

    EventLoop.ensure_window()
    content = _content(tmp_path)
    seen: list[Touch] = []
    closed: list[bool] = []
    view = BrowseView(catalogue=build_catalogue(content.items["main"]), content_root=tmp_path,
                      state_dir=tmp_path / "state", idle_timeout=IDLE,
                      start_key="media/panels/a_red.jpg", on_action=seen.append,
                      on_close=lambda: closed.append(True))
    hokkaido = dict(prefecture="北海道", region="北海道", category="賛同自治体")
    try:
        view.go_home()
        view.open_prefecture(27)  # 大阪府 on the map
        view.go_back()
        view.open(RegionList("北海道"))
        view.current.data[0]["action"]()  # 北海道 within the region
        view.current.data[1]["action"]()  # サンプル村
        view.swipe(+1)
        view.toggle_language()
        view.go_home()
        view.open(Grid(Section.PANELS))
        view.current.data[2]["action"]()  # パネル C
        view.go_home()
        view.open(CategoryList("賛同自治体"))
        view.current.data[1]["action"]()  # 白糠町, under its prefecture's heading
        view.close_by_visitor()
    finally:
        view.release()
    assert closed == [True]
    assert seen == [
        Touch(TouchAction.HOME, item="media/panels/a_red.jpg"),
        Touch(TouchAction.MAP, prefecture="大阪府", region="近畿"),
        Touch(TouchAction.BACK),
        Touch(TouchAction.REGION, region="北海道"),
        Touch(TouchAction.LIST, target="prefecture", prefecture="北海道", region="北海道"),
        Touch(TouchAction.ITEM, item="media/comments/c.csv#2", **hokkaido),
        Touch(TouchAction.SWIPE, item="media/comments/c.csv#1", **hokkaido),
        Touch(TouchAction.LANGUAGE, item="media/comments/c.csv#1"),
        Touch(TouchAction.HOME, item="media/comments/c.csv#1"),
        Touch(TouchAction.LIST, target="panels"),
        Touch(TouchAction.ITEM, item="media/panels/c_green.jpg"),
        Touch(TouchAction.HOME, item="media/panels/c_green.jpg"),
        Touch(TouchAction.CATEGORY, category="賛同自治体"),
        Touch(TouchAction.ITEM, item="media/comments/c.csv#1", **hokkaido),
        Touch(TouchAction.CLOSE, item="media/comments/c.csv#1"),
    ]


#: the pressed colour of rows, tiles and buttons (ui/browse/buttons.py PRESSED_RGBA)
PRESSED = (199, 74, 0)


def _categorised(root: Path) -> Content:
    """`_content` with cards in three categories."""
    content = _content(root)
    items = list(content.items["main"])
    categories = ["賛同自治体", "広域連携協定", "賛同自治体", "包括連携協定企業"]
    for i, item in enumerate(items):
        if item.comment is not None:
            card = item.comment
            items[i] = Item(kind=item.kind, key=item.key, duration=item.duration,
                            comment=CommentCard(card.municipality, card.prefecture,
                                                card.comment, region=card.region,
                                                category=categories.pop(0)))
    return Content(settings=content.settings, playlists=content.playlists,
                   items={"main": tuple(items)})


def _box(widget: Any, height: int) -> tuple[int, int, int, int]:
    """A widget's box in a picture `height` px tall (window y runs up, pictures' down)."""
    x, y = widget.to_window(*widget.pos)
    return (round(x), round(height - y - widget.height), round(x + widget.width),
            round(height - y))


def _glyphs(img: Image.Image) -> list[int]:
    """The heights of the lines of text in `img` (runs of rows holding ink)."""
    from cardshots import ink_bands

    return [bottom - top for top, bottom in ink_bands(img)]


@pytest.mark.parametrize("size", [(1920, 1080), (1080, 1920)])
def test_home_and_list_text_is_legible_on_rendered_pixels(
    tmp_path: Path, size: tuple[int, int]
) -> None:
    """Issue 11's legibility rules on browse's pixels (figures for 1080 px, scaled by the
    shorter side): headings' glyphs >= 56 px, texts' >= 36 px, contrast >= 4.5:1."""
    from kivy.base import EventLoop

    from cardshots import ink_bands, text_contrast
    from renkei_kiosk.core.browse_nav import CategoryList
    from renkei_kiosk.core.catalogue import build_catalogue
    from renkei_kiosk.ui.browse.pictures import browse_view, draw_screen

    EventLoop.ensure_window()
    catalogue = build_catalogue(_categorised(tmp_path).items["main"])
    view = browse_view(catalogue, tmp_path, tmp_path / "state", size)
    u = min(size) / 1080
    h = size[1]
    title = view.ids.title_below if size[1] > size[0] else view.ids.title
    try:
        home = draw_screen(view, Home(), size)
        home.save(tmp_path / "home.png")
        checked: list[tuple[str, Image.Image, float]] = [
            ("bar title さがす", home.crop(_box(title, h)), 56),
            ("section title", home.crop(_box(view.current.ids.regions_title, h)), 56),
        ]
        inset = round(12 * u)  # (inside the tile's rounded corners)
        for tile in view.current.ids.regions.children:  # each: name, and its count
            x0, y0, x1, y1 = _box(tile, h)
            checked.append(("region tile",
                            home.crop((x0 + inset, y0 + inset, x1 - inset, y1 - inset)), 36))
        listed = draw_screen(view, CategoryList("賛同自治体"), size)
        listed.save(tmp_path / "list.png")
        rows = view.current.ids.rv.layout_manager.children
        names = [r for r in rows if type(r).__name__ == "BrowseRow"]
        headings = [r for r in rows if type(r).__name__ == "BrowseHeader"]
        assert len(names) == 2 and len(headings) == 2
        for row in names:
            assert row.height >= 96 * u  # (rows at least 96 px at 1080)
            x0, y0, x1, y1 = _box(row, h)
            text_x = x0 + round(row.height * 1.55)  # (right of the thumbnail)
            checked.append(("row", listed.crop((text_x, y0, x1, y1)), 36))
        for heading in headings:
            checked.append(("list heading", listed.crop(_box(heading, h)), 56))
    finally:
        view.release()
    for what, img, minimum in checked:
        lines = _glyphs(img)
        assert lines, what
        assert min(lines) >= minimum * u, (what, lines)
        for top, bottom in ink_bands(img):
            band = img.crop((0, max(0, top - 2), img.width, min(img.height, bottom + 2)))
            assert text_contrast(band) >= 4.5, what
    # the rows: a name and its prefecture and category, two lines each
    assert sum(1 for what, img, _m in checked if what == "row" and len(_glyphs(img)) == 2) == 2


def test_a_press_shows_in_the_next_frame_and_a_new_screen_is_in_place_at_250_ms(
    tmp_path: Path,
) -> None:
    from renkei_kiosk.core.browse_nav import CategoryList, RegionList

    def pressed_share(img: Image.Image, widget: Any) -> float:
        return _share(img.crop(_box(widget, img.height)), PRESSED, tol=20)

    with _running(tmp_path, _categorised(tmp_path)) as (d, f):
        app = d.app
        d.run_until(lambda: app.on_screen is not None)
        w, h = app.root.size
        f.tap(w * 0.5, h * 0.5)
        view = app.browse
        f.apart()
        f.tap(*_centre(view.ids.home))
        d.advance(SLIDE)
        home = view.current
        tiles = {b.text: b for b in home.ids.regions.children}
        tile = tiles[app_markup("北海道")]

        # a home tile: the pressed colour in the first frame after the finger lands
        before = d.screenshot()
        assert pressed_share(before, tile) < 0.05
        finger = f.down(*_centre(tile))
        assert pressed_share(d.screenshot(), tile) > 0.6
        f.up(finger)  # opens the region's list, sliding in
        assert view.screen == RegionList("北海道") and view.sliding
        d.step(0.1)
        mid = d.screenshot()
        assert view.sliding  # (at +100 ms the list is still on its way)
        d.step(0.15)  # +250 ms
        assert not view.sliding
        in_place = d.screenshot()
        d.step(frames=5)
        settled = d.screenshot()
        assert in_place.tobytes() == settled.tobytes()
        assert mid.tobytes() != settled.tobytes()
        assert view.ids.body.children == [view.current]  # the home slid away, removed

        # a list row: the scroll view hands touches to rows late, the press shows at once
        row = view.current.ids.rv.layout_manager.children[0]
        assert pressed_share(settled, row) < 0.05
        finger = f.down(*_centre(row))
        assert pressed_share(d.screenshot(), row) > 0.6
        f.up(finger)
        d.advance(SLIDE)
        assert view.screen == PrefectureList("北海道", "北海道")

        # a finger that scrolls a list does not leave a row lit
        row = view.current.ids.rv.layout_manager.children[-1]
        x, y = _centre(row)
        f.drag(x, y, x, y + h * 0.3)
        d.step()
        assert not row.lit and pressed_share(d.screenshot(), row) < 0.05

        # back home, a category tile opens the category's list
        f.apart()
        f.tap(*_centre(view.ids.home))
        d.advance(SLIDE)
        categories = {b.text: b for b in view.current.ids.categories.children}
        assert set(categories) == {app_markup(c) for c in
                                   ("賛同自治体", "広域連携協定", "包括連携協定企業")}
        f.tap(*_centre(categories[app_markup("賛同自治体")]))
        assert view.screen == CategoryList("賛同自治体")
        d.advance(SLIDE)
        rv = view.current.ids.rv
        assert [r["title"] for r in rv.data if r["viewclass"] == "BrowseRow"] == [
            app_markup("白糠町"), app_markup("サンプル市")]

        # a grid's tile: its frame and caption take the pressed colour at once too
        f.apart()
        f.tap(*_centre(view.ids.home))
        d.advance(SLIDE)
        kinds = {b.text: b for b in view.current.ids.kinds.children}
        f.tap(*_centre(kinds["パネル"]))
        d.advance(SLIDE)
        tile = view.current.ids.rv.layout_manager.children[-1]
        assert pressed_share(d.screenshot(), tile) < 0.02
        finger = f.down(*_centre(tile))
        assert pressed_share(d.screenshot(), tile) > 0.15
        f.up(finger)
    with sqlite3.connect(tmp_path / "state" / "kiosk.sqlite3") as db:
        assert db.execute("SELECT category FROM touches WHERE action = 'category'"
                          ).fetchall() == [("賛同自治体",)]


def test_a_long_comment_in_browse_waits_for_the_visitor_to_turn_its_pages(
    tmp_path: Path,
) -> None:
    """In browse the visitor is in control: a long card's pages never turn by themselves
    (well past the rotation's page time), a swipe turns them ("2 / 3" shows where), a
    swipe past the last page goes to the next item, and back past the first to the one
    before."""
    long_text = "".join(f"これは{i}番目の見本の文です。" for i in range(150))
    items = [
        Item(kind=Kind.COMMENT, key="media/comments/長い.csv#1", duration=6,
             comment=CommentCard(municipality="見本町", prefecture="長野県",
                                 comment=long_text, category="賛同自治体")),
        Item(kind=Kind.COMMENT, key="media/comments/長い.csv#2", duration=6,
             comment=CommentCard(municipality="二番町", prefecture="長野県",
                                 comment="短い見本のコメントです。", category="賛同自治体")),
    ]
    pl = Playlist(stem="main", file="playlists/main.yaml", name="test", entries=())
    content = Content(settings=Settings(fullscreen=False, idle_timeout=600),
                      playlists={"main": pl}, items={"main": tuple(items)})
    with _running(tmp_path, content) as (d, f):
        app = d.app
        d.run_until(lambda: app.on_screen == "media/comments/長い.csv#1")
        w, h = app.root.size
        f.tap(w * 0.5, h * 0.5)  # browse opens on the card on screen
        view = app.browse
        d.run_until(lambda: view.detail is not None and view.detail.slide is not None)
        detail = view.detail
        pages = detail.page[1]
        assert pages >= 3, pages
        assert detail.page == (1, pages) and detail.page_label == f"1 / {pages}"

        # a minute on the fake clock (the rotation shows a page for 6 s, browse once
        # turned every 15 s): still the first page
        d.advance(60.0, fps=10)
        assert view.detail is detail and detail.page == (1, pages)
        assert view.current_key == "media/comments/長い.csv#1"

        def swipe(direction: int) -> None:
            f.apart()
            f.drag(w * (0.7 if direction > 0 else 0.3), h * 0.5,
                   w * (0.3 if direction > 0 else 0.7), h * 0.5)
            d.advance(SLIDE)

        swipe(+1)  # to the left: the next page, the same card
        assert view.current_key == "media/comments/長い.csv#1"
        assert detail.page == (2, pages) and detail.page_label == f"2 / {pages}"
        d.advance(60.0, fps=10)
        assert detail.page == (2, pages)
        swipe(-1)  # to the right: back a page
        assert detail.page == (1, pages)
        f.apart()
        f.tap(w * 0.5, h * 0.5)  # a tap: the next page too
        assert detail.page == (2, pages)
        for _ in range(pages - 2):
            swipe(+1)
        assert detail.page == (pages, pages) and detail.page_label == f"{pages} / {pages}"
        swipe(+1)  # past the last page: the next card
        assert view.current_key == "media/comments/長い.csv#2"
        swipe(-1)  # and back: the long card, from its first page
        d.run_until(lambda: view.detail is not None and view.detail.slide is not None)
        assert view.current_key == "media/comments/長い.csv#1"
        assert view.detail.page == (1, pages)
        swipe(-1)  # past the first page: the card before it (wrapping round)
        assert view.current_key == "media/comments/長い.csv#2"


@pytest.mark.parametrize("size", [(1920, 1080), (1080, 1920)])
def test_a_card_in_browse_keeps_the_rotations_type_and_shows_its_page(
    tmp_path: Path, size: tuple[int, int]
) -> None:
    """Under the bar and above the hint strip, a card keeps the screen's type (body
    glyphs at least 36 px at 1080: it pages sooner instead) and its page ("1 / N", dots)
    is drawn, not hidden under the hint."""
    from kivy.base import EventLoop

    from cardshots import ink_bands
    from renkei_kiosk.core.catalogue import build_catalogue
    from renkei_kiosk.ui.browse.pictures import browse_view, draw_screen

    EventLoop.ensure_window()
    long_text = "".join(f"これは{i}番目の見本の文です。" for i in range(60))
    item = Item(kind=Kind.COMMENT, key="media/comments/長い.csv#1", duration=6,
                comment=CommentCard(municipality="見本町", prefecture="長野県",
                                    comment=long_text, category="賛同自治体"))
    catalogue = build_catalogue([item])
    view = browse_view(catalogue, tmp_path, tmp_path / "state", size)
    try:
        img = draw_screen(view, Detail(catalogue.comments[0], catalogue.comments, 0), size)
        slide = view.detail.slide
        pages = len(slide.pages)
        assert pages >= 2 and slide.page_label == f"1 / {pages}"
        h = size[1]

        def crop(box: Any) -> Image.Image:
            x, y, w, bh = slide.px(box, slide.to_window(*slide.pos), slide.size)
            return img.crop((round(x), round(h - y - bh), round(x + w), round(h - y)))

        body = [b - a for a, b in ink_bands(crop(slide.grid.body))]
        assert len(body) >= 3 and min(body) >= 36 * min(size) / 1080, body
        # the page: dots and "1 / N" in their row, above the strip
        assert ink_bands(crop(slide.grid.dots)), "the page indicator is not drawn"
        strip = view.detail.ids.strip
        _sx, sy = strip.to_window(*strip.pos)
        assert slide.to_window(*slide.pos)[1] >= sy + strip.height - 0.5
    finally:
        view.release()


def test_while_a_visitor_browses_the_clock_wakes_often_enough_for_the_countdown(
    kiosk: tuple[AppDriver, Fingers]
) -> None:
    """At rest the kiosk sleeps up to 5 s, unless a visitor is at the screen: the
    browse countdown and its timeout are looked at several times a second."""
    from kivy.clock import Clock

    from renkei_kiosk.pacing import ATTENDED_REST

    d, f = kiosk
    app = d.app
    d.run_until(lambda: app.on_screen == "media/panels/a_red.jpg")
    d.advance(3.0)  # a 20-s panel, resting: nothing due for seconds
    assert app.pacer.wake_at is None or app.pacer.wake_at - Clock.get_time() > 1.0
    w, h = app.root.size
    f.tap(w * 0.5, h * 0.5)
    d.advance(3.0)  # past the touch's busy spell: browse open, nothing moving
    assert app.browse is not None
    assert app.pacer.wake_at is not None
    assert app.pacer.wake_at - Clock.get_time() <= ATTENDED_REST + 1e-6
