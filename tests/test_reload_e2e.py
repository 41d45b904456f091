"""Hot reload end to end: the real app, headless, with the real watcher on tmp_path.

Staff copy files into the content folder while the kiosk runs; these tests do the same
and check what the rotation and the play log make of it.
"""

from __future__ import annotations

import shutil
import sqlite3
import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from PIL import Image

from kivy_harness import AppDriver

pytestmark = pytest.mark.app

RED, GREEN, BLUE = (220, 30, 30), (30, 200, 60), (30, 60, 220)

PLAYLIST = """\
name: テスト
default_duration: 1
transition: none
items:
  - folder: media/panels
"""

KIOSK = """\
watch:
  stable_seconds: 0.3
  rescan_seconds: 30
"""


def _jpeg(path: Path, colour: tuple[int, int, int], size: tuple[int, int] = (160, 90)) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, colour).save(path, "JPEG", quality=90)


def _plays(root: Path) -> list[tuple[str, str | None]]:
    db = root / "state" / "kiosk.sqlite3"
    con = sqlite3.connect(db)
    try:
        return con.execute("select item, outcome from plays order by rowid").fetchall()
    finally:
        con.close()


def _mean(img: Image.Image) -> tuple[float, ...]:
    px = list(img.resize((8, 8)).getdata())
    return tuple(sum(p[i] for p in px) / len(px) for i in range(3))


@pytest.fixture
def kiosk(tmp_path: Path) -> Iterator[tuple[Path, AppDriver]]:
    from renkei_kiosk.app import KioskApp

    root = tmp_path / "content"
    (root / "playlists").mkdir(parents=True)
    (root / "playlists/main.yaml").write_text(PLAYLIST, encoding="utf-8")
    (root / "kiosk.yaml").write_text(KIOSK, encoding="utf-8")
    _jpeg(root / "media/panels/a.jpg", RED)
    _jpeg(root / "media/panels/b.jpg", BLUE)
    base = datetime(2024, 7, 13, 10, 0)
    holder: dict[str, AppDriver] = {}

    def wallclock() -> datetime:
        d = holder.get("d")
        return base if d is None else base + timedelta(seconds=d.time.now - 1000.0)

    app = KioskApp(root, tmp_path / "state", wallclock=wallclock, idle_fps=None)
    d = AppDriver(app)
    holder["d"] = d
    d.start()
    # the watcher starts once the first slide is on screen
    d.run_until(lambda: app.watcher is not None)
    assert app.watcher is not None and app.watcher.wait_ready(10)
    try:
        yield root, d
    finally:
        d.stop()


def _keys(d: AppDriver) -> list[str]:
    rot = d.app.rotation
    return [] if rot is None else [i.key for i in rot.items]


def _wait_reload(d: AppDriver, before: int, timeout: float = 10.0) -> None:
    d.run_until(lambda: d.app.reloads > before, timeout=timeout)


def test_slow_chunked_copy_is_never_used_half_written(kiosk: tuple[Path, AppDriver]) -> None:
    root, d = kiosk
    big = root.parent / "big.jpg"
    img = Image.effect_noise((1600, 1200), 80).convert("RGB")
    img.save(big, quality=95)
    data = big.read_bytes()
    target = root / "media/panels/c.jpg"
    chunks = 12
    step = len(data) // chunks + 1
    with open(target, "wb") as f:
        for i in range(chunks):
            f.write(data[i * step:(i + 1) * step])
            f.flush()
            # the kiosk keeps running while the copy crawls along
            end = time.monotonic() + 0.12
            while time.monotonic() < end:
                d.step(1 / 30)
                time.sleep(0.01)
            assert "media/panels/c.jpg" not in _keys(d)
    d.run_until(lambda: "media/panels/c.jpg" in _keys(d), timeout=10)
    d.run_until(lambda: d.app.on_screen == "media/panels/c.jpg", timeout=15)
    assert ("media/panels/c.jpg", "skipped") not in _plays(root.parent)


def test_temp_then_rename_appears_once_under_its_final_name(
    kiosk: tuple[Path, AppDriver]
) -> None:
    root, d = kiosk
    before = d.app.reloads
    tmp = root / "media/panels/new.jpg.part"
    _jpeg(tmp, GREEN)
    tmp.rename(root / "media/panels/new.jpg")
    _wait_reload(d, before)
    d.run_until(lambda: "media/panels/new.jpg" in _keys(d))
    keys = _keys(d)
    assert keys.count("media/panels/new.jpg") == 1
    assert not any(k.endswith(".part") for k in keys)


def test_in_place_replacement_shows_the_new_pixels(kiosk: tuple[Path, AppDriver]) -> None:
    root, d = kiosk
    d.run_until(lambda: d.app.on_screen == "media/panels/a.jpg")
    d.step(0.1)
    assert _mean(d.screenshot())[0] > 150  # red
    before = d.app.reloads
    tmp = root / "staging.jpg"
    _jpeg(tmp, GREEN)
    shutil.copyfile(tmp, root / "media/panels/a.jpg")  # overwrite in place
    _wait_reload(d, before)
    # the changed item on screen is shown afresh, or comes round again: green either way
    d.run_until(lambda: d.app.on_screen == "media/panels/a.jpg"
                and _mean(d.screenshot())[1] > 150, timeout=15)


def test_invalid_edit_keeps_the_old_rotation_and_the_fix_takes_over(
    kiosk: tuple[Path, AppDriver]
) -> None:
    root, d = kiosk
    d.run_until(lambda: d.app.on_screen is not None)
    before = d.app.reloads
    (root / "playlists/main.yaml").write_text(PLAYLIST + "  - imag: media/x.jpg\n",
                                              encoding="utf-8")
    _wait_reload(d, before)
    assert d.app.playlist is not None and d.app.playlist.stem == "main"
    assert _keys(d) == ["media/panels/a.jpg", "media/panels/b.jpg"]
    problems = (d.app.state_dir / "problems.txt").read_text(encoding="utf-8")
    assert "playlists/main.yaml:6" in problems
    d.advance(2.5, fps=10)
    d.run_until(lambda: d.app.on_screen is not None)  # still rotating
    before = d.app.reloads
    _jpeg(root / "media/more/z.jpg", GREEN)
    (root / "playlists/main.yaml").write_text(PLAYLIST + "  - image: media/more/z.jpg\n",
                                              encoding="utf-8")
    _wait_reload(d, before)
    d.run_until(lambda: "media/more/z.jpg" in _keys(d))
    assert (d.app.state_dir / "problems.txt").read_text(encoding="utf-8") == ""


def test_deleting_the_item_on_screen_moves_on(kiosk: tuple[Path, AppDriver]) -> None:
    root, d = kiosk
    d.run_until(lambda: d.app.on_screen == "media/panels/a.jpg")
    before = d.app.reloads
    (root / "media/panels/a.jpg").unlink()
    _wait_reload(d, before)
    d.run_until(lambda: d.app.on_screen == "media/panels/b.jpg")
    assert _keys(d) == ["media/panels/b.jpg"]
    d.advance(3.0, fps=10)
    assert d.app.on_screen == "media/panels/b.jpg"


def test_media_folder_removed_and_recreated(kiosk: tuple[Path, AppDriver]) -> None:
    root, d = kiosk
    d.run_until(lambda: d.app.on_screen is not None)
    before = d.app.reloads
    shutil.rmtree(root / "media")
    _wait_reload(d, before)
    d.run_until(lambda: _keys(d) == [])
    before = d.app.reloads
    _jpeg(root / "media/panels/again.jpg", GREEN)
    d.run_until(lambda: "media/panels/again.jpg" in _keys(d), timeout=15)
    d.run_until(lambda: d.app.on_screen == "media/panels/again.jpg", timeout=15)
    assert d.app.reloads > before


def test_content_root_removed_and_restored(kiosk: tuple[Path, AppDriver]) -> None:
    root, d = kiosk
    d.run_until(lambda: d.app.on_screen is not None)
    d.step(0.1)
    backup = root.parent / "backup"
    shutil.move(str(root), str(backup))  # the USB stick is pulled
    d.run_until(lambda: d.app.root_missing, timeout=15)
    shown = d.app.on_screen
    d.advance(3.0, fps=10)
    assert d.app.on_screen == shown  # the last content stays on screen
    assert max(_mean(d.screenshot())) > 150
    shutil.move(str(backup), str(root))  # and put back
    d.run_until(lambda: not d.app.root_missing, timeout=20)
    d.run_until(lambda: d.app.on_screen != shown, timeout=15)


def test_kiosk_started_with_nothing_to_show_plays_the_first_file_dropped(
    tmp_path: Path,
) -> None:
    """The watcher starts after the first slide: the standby slide counts as one, so a
    kiosk set up before its content arrives still picks the content up."""
    from renkei_kiosk.app import KioskApp

    root = tmp_path / "content"
    (root / "playlists").mkdir(parents=True)
    (root / "media/panels").mkdir(parents=True)
    (root / "playlists/main.yaml").write_text(PLAYLIST, encoding="utf-8")
    (root / "kiosk.yaml").write_text(KIOSK, encoding="utf-8")
    app = KioskApp(root, tmp_path / "state", idle_fps=None)
    d = AppDriver(app).start()
    try:
        d.run_until(lambda: app.on_screen == "standby")
        d.run_until(lambda: app.watcher is not None)
        assert app.watcher is not None and app.watcher.wait_ready(10)
        _jpeg(root / "media/panels/first.jpg", GREEN)
        d.run_until(lambda: app.on_screen == "media/panels/first.jpg", timeout=15)
        d.advance(1.0)  # the fade in from the standby slide
        shot = d.screenshot()
        r, g, b = _mean(shot)
        assert g > 150 and r < 80 and b < 100, (r, g, b)
    finally:
        d.stop()


def test_content_root_replaced_by_an_empty_folder_keeps_the_last_content(
    kiosk: tuple[Path, AppDriver], caplog: pytest.LogCaptureFixture
) -> None:
    """Issue 14 row 6: a USB stick unmounted leaves its empty mount point; the screen
    went black ("closed"). Now the last content stays, the log says why, and the files
    coming back are picked up."""
    root, d = kiosk
    d.run_until(lambda: d.app.on_screen is not None)
    backup = root.parent / "stick"
    with caplog.at_level("WARNING", logger="renkei_kiosk"):
        shutil.move(str(root), str(backup))
        root.mkdir()  # the mount point stays, empty
        d.run_until(lambda: d.app.root_missing, timeout=20)
    assert "is empty now" in caplog.text
    shown = d.app.on_screen
    assert shown is not None and shown != "standby"
    d.advance(3.0, fps=10)
    assert d.app.on_screen == shown  # the last content stays on screen
    assert max(_mean(d.screenshot())) > 150
    assert d.app.playlist is not None and _keys(d)  # and in the rotation
    for child in backup.iterdir():  # the stick is mounted again
        shutil.move(str(child), str(root / child.name))
    d.run_until(lambda: not d.app.root_missing, timeout=20)
    d.run_until(lambda: d.app.on_screen != shown, timeout=15)


def test_a_kiosk_with_no_playlists_folder_plays_the_first_playlist_added(
    tmp_path: Path,
) -> None:
    """Issue 14 row 4: no playlists is the standby slide, and the first playlist copied in
    takes over without a restart."""
    from renkei_kiosk.app import KioskApp

    root = tmp_path / "content"
    root.mkdir()
    (root / "kiosk.yaml").write_text(KIOSK, encoding="utf-8")
    app = KioskApp(root, tmp_path / "state", idle_fps=None)
    d = AppDriver(app).start()
    try:
        d.run_until(lambda: app.on_screen == "standby")
        d.run_until(lambda: app.watcher is not None)
        assert app.watcher is not None and app.watcher.wait_ready(10)
        _jpeg(root / "media/panels/first.jpg", GREEN)
        (root / "playlists").mkdir()
        (root / "playlists/main.yaml").write_text(PLAYLIST, encoding="utf-8")
        d.run_until(lambda: app.on_screen == "media/panels/first.jpg", timeout=20)
        d.advance(1.0)  # the fade in from the standby slide
        r, g, b = _mean(d.screenshot())
        assert g > 150 and r < 80 and b < 100, (r, g, b)
    finally:
        d.stop()
