"""The signage player end to end: the real app, headless, with a controlled clock."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from PIL import Image

from kivy_harness import AppDriver
from renkei_kiosk.core.model import Content, Item, Kind, Playlist, Settings, Transition
from renkei_kiosk.core.player import Placeholder
from testmedia import make_video

pytestmark = pytest.mark.app

RED = (220, 30, 30)
BLUE = (30, 60, 220)


def _solid(path: Path, colour: tuple[int, int, int], size: tuple[int, int] = (320, 180)) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, colour).save(path, quality=95)


def _image_item(rel: str, duration: float) -> Item:
    return Item(kind=Kind.IMAGE, key=rel, duration=duration, path=rel)


def _content(items: list[Item], **playlist: object) -> Content:
    pl = Playlist(stem="main", file="playlists/main.yaml", name="test", entries=(), **playlist)  # type: ignore[arg-type]
    return Content(settings=Settings(fullscreen=False), playlists={"main": pl},
                   items={"main": tuple(items)})


@pytest.fixture
def make_app(tmp_path: Path) -> Iterator[object]:
    drivers: list[AppDriver] = []

    def make(content: Content, **kw: object) -> AppDriver:
        from renkei_kiosk.app import KioskApp

        base = datetime(2024, 7, 13, 10, 0)
        holder: dict[str, AppDriver] = {}

        def wallclock() -> datetime:
            d = holder.get("d")
            return base if d is None else base + timedelta(seconds=d.time.now - 1000.0)

        kw.setdefault("watch", False)
        app = KioskApp(tmp_path, tmp_path / "state", content=content, wallclock=wallclock,
                       idle_fps=None, **kw)
        d = AppDriver(app)
        holder["d"] = d
        drivers.append(d)
        return d.start()

    yield make
    for d in drivers:
        d.stop()


def _mean(img: Image.Image) -> tuple[float, float, float]:
    small = img.resize((16, 9))
    px = list(small.getdata())
    return tuple(sum(p[i] for p in px) / len(px) for i in range(3))  # type: ignore[return-value]


def test_images_rotate_with_crossfade_and_no_dark_frame(tmp_path: Path, make_app) -> None:
    _solid(tmp_path / "media/a.jpg", RED)
    _solid(tmp_path / "media/b.jpg", BLUE)
    content = _content([_image_item("media/a.jpg", 2), _image_item("media/b.jpg", 2)],
                       transition=Transition.FADE, transition_duration=0.5,
                       background=(0.0, 0.0, 0.0))
    d = make_app(content)
    app = d.app
    d.run_until(lambda: app.on_screen == "media/a.jpg")
    d.advance(0.6)  # first fade-in from the placeholder-free start
    r, g, b = _mean(d.screenshot())
    assert r > 150 and b < 80, (r, g, b)
    # sample every frame across the transition to b: a true crossfade, never darker
    seen_blue = seen_mix = False
    for _ in range(120):
        d.step(1 / 30)
        r, g, b = _mean(d.screenshot())
        assert max(r, g, b) > 100, f"dark frame during transition: {(r, g, b)}"
        # halfway, red and blue mix at full strength: (220+30)/2 = 125
        seen_mix = seen_mix or (r > 100 and b > 100)
        if b > 150 and r < 80:
            seen_blue = True
            break
    assert seen_mix and seen_blue
    assert app.on_screen == "media/b.jpg"
    rows = _plays(tmp_path)
    assert rows[0][:2] == ("media/a.jpg", "ok")
    assert rows[1][:2] == ("media/b.jpg", None)  # still on screen: not ended yet


def _plays(root: Path) -> list[tuple[str, str | None, str, str, str | None]]:
    con = sqlite3.connect(root / "state" / "kiosk.sqlite3")
    try:
        return con.execute(
            "select item, outcome, playlist, started_at, ended_at from plays order by rowid"
        ).fetchall()
    finally:
        con.close()


def test_every_kind_renders_and_video_plays_to_its_end(tmp_path: Path, make_app) -> None:
    from kivy_harness import run_realtime
    from renkei_kiosk.core.model import CommentCard
    from renkei_kiosk.ui.fonts import fontset

    make_video(tmp_path / "media/v.mp4", 2.0)
    card = CommentCard(municipality="白糠町", prefecture="北海道", category="賛同自治体",
                       comment="特別区との交流を楽しみにしています。", url="https://example.org/")
    items = [
        Item(kind=Kind.TEXT, key="playlists/main.yaml#3", duration=2, title="お知らせ",
             text="特別区全国連携プロジェクト"),
        Item(kind=Kind.COMMENT, key="media/c.csv#1", duration=2, comment=card),
        Item(kind=Kind.QR, key="playlists/main.yaml#9", duration=2,
             text="https://collabo.tokyo-23city.or.jp/", caption="ホームページ"),
        Item(kind=Kind.VIDEO, key="media/v.mp4", duration=None, path="media/v.mp4"),
    ]
    d = make_app(_content(items, transition=Transition.NONE, transition_duration=0.0))
    app = d.app
    # every character of the Japanese text is in the bundled font: glyphs, not boxes
    main_cov = fontset().fonts[0][1]
    for text in ("白糠町北海道賛同自治体特別区との交流を楽しみにしています。お知らせ",):
        assert all(ord(c) in main_cov for c in text)

    d.run_until(lambda: app.on_screen == "playlists/main.yaml#3")
    d.step(0.1)
    text_shot = d.screenshot()
    # navy background with light text: many bright pixels in the middle band
    band = text_shot.crop((60, 120, 580, 240)).convert("L")
    assert sum(1 for v in band.getdata() if v > 180) > 300

    d.advance(2.1)
    d.run_until(lambda: app.on_screen == "media/c.csv#1")
    d.step(0.1)
    card_shot = d.screenshot()
    assert _mean(card_shot)[0] > 200  # the cream card
    body = card_shot.crop((30, 85, 610, 300)).convert("L")
    dark = sum(1 for v in body.getdata() if v < 90)
    assert dark > 500, "the comment text did not render"

    d.advance(2.1)
    d.run_until(lambda: app.on_screen == "playlists/main.yaml#9")
    d.step(0.1)
    qr = d.screenshot().crop((200, 40, 440, 240)).convert("L")
    values = list(qr.getdata())
    assert sum(v < 60 for v in values) > 1000 and sum(v > 200 for v in values) > 1000

    d.advance(2.1)
    d.run_until(lambda: app.on_screen == "media/v.mp4")
    run_realtime(d, lambda: _mean(d.screenshot())[1] > 120, timeout=10)  # green frames
    started = d.time.now
    run_realtime(d, lambda: app.on_screen != "media/v.mp4", timeout=15)
    played = d.time.now - started
    assert 1.2 < played < 4.0, played
    rows = [r for r in _plays(tmp_path) if r[0] == "media/v.mp4"]
    assert rows and rows[0][1] == "ok"
    t0, t1 = (datetime.fromisoformat(rows[0][i]) for i in (3, 4))
    assert 1.5 <= (t1 - t0).total_seconds() <= 4.0


def test_broken_media_is_skipped_with_a_row_and_standby_when_nothing_plays(
    tmp_path: Path, make_app
) -> None:
    _solid(tmp_path / "media/good.jpg", RED)
    good = (tmp_path / "media/good.jpg").read_bytes()
    (tmp_path / "media/cut.jpg").write_bytes(good[: len(good) // 3])
    (tmp_path / "media/empty.png").write_bytes(b"")
    (tmp_path / "media/text.png").write_text("not an image", encoding="utf-8")
    (tmp_path / "media/bad.mp4").write_bytes(b"\x00" * 4000)
    items = [_image_item("media/cut.jpg", 1), _image_item("media/good.jpg", 1),
             _image_item("media/empty.png", 1), _image_item("media/text.png", 1),
             Item(kind=Kind.VIDEO, key="media/bad.mp4", duration=None, path="media/bad.mp4")]
    d = make_app(_content(items, transition=Transition.NONE, transition_duration=0.0))
    app = d.app
    d.run_until(lambda: app.on_screen == "media/good.jpg")
    d.run_until(lambda: len({r[0] for r in _plays(tmp_path) if r[1] == "skipped"}) == 4,
                timeout=20)
    skipped = {r[0] for r in _plays(tmp_path) if r[1] == "skipped"}
    assert skipped == {"media/cut.jpg", "media/empty.png", "media/text.png", "media/bad.mp4"}
    # the broken files are not retried while unchanged: only good.jpg keeps playing
    before = len(_plays(tmp_path))
    d.advance(5.0, fps=10)
    d.run_until(lambda: len(_plays(tmp_path)) > before + 2)
    assert {r[0] for r in _plays(tmp_path)[before:]} == {"media/good.jpg"}
    assert _mean(d.screenshot())[0] > 150


def test_all_broken_shows_standby_not_black(tmp_path: Path, make_app) -> None:
    (tmp_path / "media").mkdir()
    (tmp_path / "media/empty.jpg").write_bytes(b"")
    d = make_app(_content([_image_item("media/empty.jpg", 1)]))
    d.run_until(lambda: d.app.on_screen == "standby")
    d.advance(1.2)
    img = d.screenshot()
    assert max(_mean(img)) > 15  # the calm standby colour, not black
    assert sum(1 for v in img.convert("L").getdata() if v > 150) > 200  # its text


def test_schedule_switches_playlist_at_the_minute_and_closes(tmp_path: Path, make_app) -> None:
    from datetime import time as dtime

    from renkei_kiosk.core.model import Schedule, TimeRange

    _solid(tmp_path / "media/day.jpg", RED)
    _solid(tmp_path / "media/evening.jpg", BLUE)
    day = Playlist(stem="day", file="playlists/day.yaml", name="day", entries=(),
                   transition=Transition.NONE, transition_duration=0.0,
                   schedule=Schedule(hours=(TimeRange(dtime(9, 0), dtime(10, 0, 30)),)))
    evening = Playlist(stem="evening", file="playlists/evening.yaml", name="evening",
                       entries=(), transition=Transition.NONE, transition_duration=0.0,
                       priority=1,
                       schedule=Schedule(hours=(TimeRange(dtime(10, 0, 10), dtime(10, 0, 20)),)))
    content = Content(
        settings=Settings(fullscreen=False, closed_mode="text",
                          closed_message="本日は終了しました"),
        playlists={"day": day, "evening": evening},
        items={"day": (_image_item("media/day.jpg", 3),),
               "evening": (_image_item("media/evening.jpg", 3),)},
    )
    d = make_app(content)  # the wall clock starts at 10:00:00
    app = d.app
    d.run_until(lambda: app.on_screen == "media/day.jpg")
    d.advance(10.5, fps=10)  # 10:00:10: the evening playlist wins on priority
    d.run_until(lambda: app.on_screen == "media/evening.jpg")
    assert app.playlist.stem == "evening"
    d.advance(10.5, fps=10)  # 10:00:20: back to the day playlist
    d.run_until(lambda: app.on_screen == "media/day.jpg")
    d.advance(11.0, fps=10)  # 10:00:30: nothing is scheduled: closed
    d.run_until(lambda: app.on_screen == "closed")
    d.advance(1.5)
    app.open_browse()  # a touch while closed opens nothing
    assert app.browse is None
    assert sum(1 for v in d.screenshot().convert("L").getdata() if v > 150) > 100  # message
    plays = _plays(tmp_path)
    runs = [name for i, name in enumerate(r[2] for r in plays) if i == 0 or plays[i - 1][2] != name]
    assert runs == ["day", "evening", "day"]
    assert all(r[1] in ("ok", "interrupted") for r in plays)


def test_visitor_cannot_close_the_kiosk(tmp_path: Path, make_app) -> None:
    from kivy.base import EventLoop
    from kivy.core.window import Window

    _solid(tmp_path / "media/a.jpg", RED)
    d = make_app(_content([_image_item("media/a.jpg", 5)]))
    d.run_until(lambda: d.app.on_screen == "media/a.jpg")
    Window.dispatch("on_keyboard", 27, 41, None, [])  # Escape
    assert Window.dispatch("on_request_close") is True  # Alt+F4 / close button
    d.step(0.1)
    assert not EventLoop.quit
    assert d.app.root.parent is Window


def test_long_comment_is_paged_never_cut(tmp_path: Path, make_app) -> None:
    from renkei_kiosk.core.model import CommentCard

    long_text = "".join(f"これは{i}番目の文です。" for i in range(120))
    card = CommentCard(municipality="見本町", prefecture="長野県", comment=long_text)
    items = [Item(kind=Kind.COMMENT, key="media/c.csv#1", duration=6, comment=card),
             Item(kind=Kind.TEXT, key="playlists/main.yaml#9", duration=2, text="次")]
    d = make_app(_content(items, transition=Transition.NONE, transition_duration=0.0))
    app = d.app
    d.run_until(lambda: app.on_screen == "media/c.csv#1")
    slide = app.stage.current
    pages = len(slide.pages)
    assert pages >= 2
    assert "".join(slide.pages).replace(" ", "") == long_text.replace(" ", "")
    assert slide.page_label == f"1 / {pages}"
    d.advance(slide.page_seconds + 0.1, fps=10)
    assert slide.page_label == f"2 / {pages}"
    # the card stays until its last page has been shown for its time
    d.advance(slide.page_seconds * (pages - 2) + 0.5, fps=10)
    assert app.on_screen == "media/c.csv#1"
    d.advance(slide.page_seconds, fps=10)
    d.run_until(lambda: app.on_screen == "playlists/main.yaml#9")


def test_schedule_switch_while_browsing_waits_for_the_visitor(tmp_path: Path, make_app) -> None:
    from datetime import time as dtime

    from renkei_kiosk.core.model import Schedule, TimeRange

    _solid(tmp_path / "media/day.jpg", RED)
    _solid(tmp_path / "media/evening.jpg", BLUE)
    day = Playlist(stem="day", file="playlists/day.yaml", name="day", entries=(),
                   transition=Transition.NONE, transition_duration=0.0)
    evening = Playlist(stem="evening", file="playlists/evening.yaml", name="evening",
                       entries=(), transition=Transition.NONE, transition_duration=0.0,
                       priority=1, schedule=Schedule(hours=(TimeRange(dtime(10, 0, 10), None),)))
    content = Content(settings=Settings(fullscreen=False, idle_timeout=300),
                      playlists={"day": day, "evening": evening},
                      items={"day": (_image_item("media/day.jpg", 3),),
                             "evening": (_image_item("media/evening.jpg", 3),)})
    d = make_app(content)
    app = d.app
    d.run_until(lambda: app.on_screen == "media/day.jpg")
    app.open_browse()
    d.advance(12.0, fps=10)  # 10:00:12: the evening playlist takes over behind the visitor
    assert app.playlist.stem == "evening"
    assert app.rotation.paused and app.browse is not None
    assert app.on_screen != "media/evening.jpg"  # nothing changes under the visitor
    app.close_browse()
    d.run_until(lambda: app.on_screen == "media/evening.jpg")
    d.step(0.1)
    assert _mean(d.screenshot())[2] > 150


def test_portrait_setting_turns_a_landscape_screen(tmp_path: Path, make_app) -> None:
    from kivy.core.window import Window

    _solid(tmp_path / "media/tall.jpg", RED, size=(90, 160))
    pl = Playlist(stem="main", file="playlists/main.yaml", name="t", entries=())
    content = Content(settings=Settings(fullscreen=False, orientation="portrait"),
                      playlists={"main": pl}, items={"main": (_image_item("media/tall.jpg", 5),)})
    try:
        d = make_app(content)
        d.run_until(lambda: d.app.on_screen == "media/tall.jpg")
        d.advance(1.0)  # past any fade-in
        assert Window.rotation == 90
        assert d.app.stage.width < d.app.stage.height  # laid out as a portrait screen
        assert _mean(d.screenshot())[0] > 150  # the tall red panel fills the screen
    finally:
        Window.rotation = 0


def test_a_playlist_with_an_item_twice_plays_in_the_written_order_every_cycle(
    tmp_path: Path, make_app
) -> None:
    """Issue 14 row 15: [p0, p1, p2, p0] played p0 p1 p2 p0 p1 p0 p2 ..."""
    colours = {"media/p0.jpg": RED, "media/p1.jpg": BLUE, "media/p2.jpg": (30, 200, 60)}
    for rel, colour in colours.items():
        _solid(tmp_path / rel, colour)
    written = ["media/p0.jpg", "media/p1.jpg", "media/p2.jpg", "media/p0.jpg"]
    d = make_app(_content([_image_item(rel, 1) for rel in written],
                          transition=Transition.NONE, transition_duration=0.0))
    d.run_until(lambda: len(_plays(tmp_path)) >= 12, timeout=30, dt=0.1)
    shown = [r[0] for r in _plays(tmp_path)]
    assert shown[:12] == written * 3
    assert all(r[1] in ("ok", None) for r in _plays(tmp_path))


@pytest.mark.parametrize("saved", [
    "null", "[]", "42", '"main"', '{"index": 1e999}',
    '{"playlist": "main", "index": 1e999, "key": "media/b.jpg"}',
    '{"playlist": ["main"], "index": 1}', '{"playlist": "main", "index": "1"}',
    '{"playlist": "main", "index": 1, "key": "media/b.jpg", "alive": "yesterday"}',
    '{"playlist": "main", "ind',
])
def test_a_resume_file_that_is_not_a_resume_point_starts_from_the_top_and_is_rewritten(
    tmp_path: Path, make_app, caplog: pytest.LogCaptureFixture, saved: str
) -> None:
    """Issue 14 row 1: valid JSON that is not a resume point crashed every start."""
    import json

    _solid(tmp_path / "media/a.jpg", RED)
    _solid(tmp_path / "media/b.jpg", BLUE)
    (tmp_path / "state").mkdir()
    (tmp_path / "state/resume.json").write_text(saved, encoding="utf-8")
    with caplog.at_level("WARNING", logger="renkei_kiosk"):
        d = make_app(_content([_image_item("media/a.jpg", 5), _image_item("media/b.jpg", 5)],
                              transition=Transition.NONE, transition_duration=0.0))
        d.run_until(lambda: d.app.on_screen is not None)
    assert d.app.on_screen == "media/a.jpg"  # from the top
    d.step(0.1)
    assert _mean(d.screenshot())[0] > 150
    assert "is not a resume point" in caplog.text
    data = json.loads((tmp_path / "state/resume.json").read_text(encoding="utf-8"))
    assert data["key"] == "media/a.jpg" and data["index"] == 0 and data["alive"]


def test_a_valid_resume_point_continues_at_its_item(tmp_path: Path, make_app) -> None:
    _solid(tmp_path / "media/a.jpg", RED)
    _solid(tmp_path / "media/b.jpg", BLUE)
    (tmp_path / "state").mkdir()
    (tmp_path / "state/resume.json").write_text(
        '{"playlist": "main", "index": 1, "key": "media/b.jpg"}', encoding="utf-8")
    d = make_app(_content([_image_item("media/a.jpg", 5), _image_item("media/b.jpg", 5)]))
    d.run_until(lambda: d.app.on_screen is not None)
    assert d.app.on_screen == "media/b.jpg"


def test_a_playlist_starting_with_broken_videos_skips_them_at_once(
    tmp_path: Path, make_app, caplog: pytest.LogCaptureFixture
) -> None:
    """Issue 14 row 5: each broken video held a black screen for 8 s ("no picture within
    8 s"); FFmpeg's error report now ends the wait at once."""
    import time

    make_video(tmp_path / "media/良い.mp4", 1.0)
    data = (tmp_path / "media/良い.mp4").read_bytes()
    (tmp_path / "media/半分.mp4").write_bytes(data[: len(data) // 2])  # cut short
    (tmp_path / "media/ゼロ.mp4").write_bytes(b"\x00" * 4000)
    (tmp_path / "media/乱数.mp4").write_bytes(bytes(range(256)) * 80)
    _solid(tmp_path / "media/赤.jpg", RED)
    broken = ["media/半分.mp4", "media/ゼロ.mp4", "media/乱数.mp4"]
    items = [Item(kind=Kind.VIDEO, key=rel, duration=None, path=rel) for rel in broken]
    d = make_app(_content([*items, _image_item("media/赤.jpg", 5)],
                          transition=Transition.NONE, transition_duration=0.0))
    started = time.monotonic()
    with caplog.at_level("WARNING", logger="renkei_kiosk"):
        d.run_until(lambda: d.app.on_screen == "media/赤.jpg", timeout=30)
    # not one 8-s wait for a picture (there were three: 24 s of black)
    assert "no picture within" not in caplog.text
    assert caplog.text.count("no picture could be decoded") == 3
    assert time.monotonic() - started < 8.0
    d.step(0.1)
    assert _mean(d.screenshot())[0] > 150
    assert [r[:2] for r in _plays(tmp_path)] == [
        *((rel, "skipped") for rel in broken), ("media/赤.jpg", None)]


@pytest.mark.parametrize("playlists", ["none", "empty"])
def test_no_playlists_shows_the_standby_slide_not_black(tmp_path: Path, playlists: str) -> None:
    """Issue 14 row 4: no playlists folder, or an empty one, gave a black 'closed' screen."""
    from kivy_harness import AppDriver
    from renkei_kiosk.app import KioskApp

    root = tmp_path / "content"
    (root / "media").mkdir(parents=True)
    _solid(root / "media/a.jpg", RED)
    if playlists == "empty":
        (root / "playlists").mkdir()
    (root / "kiosk.yaml").write_text("fullscreen: false\n", encoding="utf-8")
    app = KioskApp(root, tmp_path / "state", idle_fps=None, watch=False)
    d = AppDriver(app).start()
    try:
        d.run_until(lambda: app.on_screen is not None)
        assert app.on_screen is Placeholder.STANDBY
        d.advance(1.2)  # past its fade
        img = d.screenshot()
        assert max(_mean(img)) > 15  # the calm standby colour, not black
        assert sum(1 for v in img.convert("L").getdata() if v > 150) > 200  # its text
    finally:
        d.stop()


def test_the_first_panel_is_decoded_at_the_windows_size(tmp_path: Path, make_app) -> None:
    """Issue 14 row 14: the first item was prepared for the stage's 100x100 before its
    first layout: the first panel was shown blurred for its whole duration."""
    from kivy.core.window import Window

    _solid(tmp_path / "media/big.jpg", RED, size=(1920, 1080))
    d = make_app(_content([_image_item("media/big.jpg", 5)]))
    d.run_until(lambda: d.app.on_screen is not None)
    texture = d.app.stage.current.texture
    w, h = Window.size
    assert texture.width >= 0.95 * w and texture.height >= 0.95 * h, (texture.size, (w, h))
