"""`renkei-kiosk run` as a real process: starts headless, logs its plays, ends on SIGTERM."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PIL import Image

from playlog import play_rows

pytestmark = [
    pytest.mark.app,
    pytest.mark.skipif(sys.platform == "win32", reason="SIGTERM is POSIX"),
]


def _content(tmp_path: Path) -> None:
    content = tmp_path / "content"
    (content / "media").mkdir(parents=True)
    (content / "playlists").mkdir()
    Image.new("RGB", (64, 36), (200, 40, 40)).save(content / "media/a.jpg")
    (content / "playlists/main.yaml").write_text(
        "name: テスト\ndefault_duration: 30\nitems:\n  - image: media/a.jpg\n",
        encoding="utf-8",
    )


def _start(tmp_path: Path) -> subprocess.Popen[bytes]:
    """`renkei-kiosk run` on tmp_path/content, headless, as staff would start it."""
    env = dict(os.environ, SDL_VIDEODRIVER="offscreen", SDL_AUDIODRIVER="dummy",
               KIVY_NO_ARGS="1")
    for test_only in ("KIVY_HOME", "KIVY_NO_FILELOG", "KIVY_NO_CONSOLELOG", "KIVY_LOG_MODE"):
        env.pop(test_only, None)  # the tests' own settings; a real run has none of them
    return subprocess.Popen(
        # relative folders, as staff type them
        [sys.executable, "-m", "renkei_kiosk", "run", "--windowed", "--size", "320x180",
         "--content", "content", "--state", "state"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, cwd=tmp_path,
    )


def _stop_while_playing(tmp_path: Path, signum: int) -> tuple[int, str]:
    """Start the kiosk, wait for its first play row, send `signum`; (exit code, output)."""
    _content(tmp_path)
    state = tmp_path / "state"
    proc = _start(tmp_path)
    try:
        deadline = time.monotonic() + 30
        while not play_rows(state / "kiosk.sqlite3"):
            assert proc.poll() is None, proc.stdout.read().decode(errors="replace")  # type: ignore[union-attr]
            assert time.monotonic() < deadline, "no play was recorded"
            time.sleep(0.2)
        proc.send_signal(signum)
        code = proc.wait(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
    return code, proc.stdout.read().decode(errors="replace")  # type: ignore[union-attr]


def test_sigterm_ends_cleanly_and_closes_the_current_play(tmp_path: Path) -> None:
    state = tmp_path / "state"
    code, _out = _stop_while_playing(tmp_path, signal.SIGTERM)
    assert code == 0
    assert play_rows(state / "kiosk.sqlite3") == [("media/a.jpg", "interrupted")]
    # one log in the state folder, with Kivy's lines beside the kiosk's
    log_text = (state / "logs" / "kiosk.log").read_text(encoding="utf-8")
    assert "Player: showing media/a.jpg" in log_text and "GL: OpenGL version" in log_text
    assert sorted(p.name for p in (state / "logs").iterdir()) == ["kiosk.log"]
    assert (state / "resume.json").is_file()


def test_ctrl_c_ends_like_sigterm(tmp_path: Path) -> None:
    """Issue 14 row 12: SIGINT ended the kiosk with a KeyboardInterrupt traceback."""
    state = tmp_path / "state"
    code, out = _stop_while_playing(tmp_path, signal.SIGINT)
    assert code == 0, out
    assert "KeyboardInterrupt" not in out
    assert play_rows(state / "kiosk.sqlite3") == [("media/a.jpg", "interrupted")]
    assert json.loads((state / "resume.json").read_text(encoding="utf-8"))["key"] == "media/a.jpg"
    assert "Kiosk: stopped" in (state / "logs" / "kiosk.log").read_text(encoding="utf-8")


def test_sigterm_during_the_start_ends_cleanly(tmp_path: Path) -> None:
    """Issue 14 row 13: a SIGTERM in the first 0.3 s killed the kiosk (exit 143)."""
    _content(tmp_path)
    state = tmp_path / "state"
    started = time.monotonic()
    proc = _start(tmp_path)
    try:
        while not state.exists():  # the kiosk's Python runs: the start has begun
            assert proc.poll() is None and time.monotonic() - started < 30
            time.sleep(0.002)
        proc.send_signal(signal.SIGTERM)
        code = proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    out = proc.stdout.read().decode(errors="replace")  # type: ignore[union-attr]
    assert code == 0, out
    assert "Kiosk: stopped" in out
    assert not play_rows(state / "kiosk.sqlite3")  # (nothing was shown)


def _plays(db: Path) -> list[tuple[str, str | None, str, str | None]]:
    con = sqlite3.connect(db)
    try:
        return con.execute(
            "select item, outcome, started_at, ended_at from plays order by rowid").fetchall()
    finally:
        con.close()


def test_kill_9_then_a_restart_continues_at_that_item_and_closes_its_row_when_last_alive(
    tmp_path: Path,
) -> None:
    """Issue 10 item 3, issue 14 row 16: the resume point is written whenever the item
    changes, and the row a crash left open is closed as interrupted at the last sign of
    life (not at the restart), with a log line."""
    from datetime import datetime

    content = tmp_path / "content"
    (content / "media").mkdir(parents=True)
    (content / "playlists").mkdir()
    names = ["一.jpg", "二.jpg", "三.jpg", "四.jpg", "五.jpg"]
    for n, name in enumerate(names):
        Image.new("RGB", (64, 36), (40 * n, 200 - 40 * n, 90)).save(content / "media" / name)
    (content / "playlists/main.yaml").write_text(
        "name: テスト\ndefault_duration: 1\ntransition: none\nitems:\n"
        + "".join(f"  - image: media/{name}\n" for name in names),
        encoding="utf-8",
    )
    db = tmp_path / "state" / "kiosk.sqlite3"
    proc = _start(tmp_path)
    try:
        deadline = time.monotonic() + 30
        while len(play_rows(db)) < 3:  # the third item is on screen
            assert proc.poll() is None and time.monotonic() < deadline
            time.sleep(0.05)
        proc.kill()  # SIGKILL: no handler runs
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
    killed_at = datetime.now().astimezone()
    before = _plays(db)
    open_rows = [r for r in before if r[3] is None]
    assert len(open_rows) == 1
    on_screen = open_rows[0][0]
    time.sleep(1.5)  # the restart comes clearly later than the crash

    code, _out = _stop_while_playing_started(tmp_path)
    assert code == 0
    after = _plays(db)
    crashed = after[len(before) - 1]
    assert crashed[0] == on_screen and crashed[1] == "interrupted"
    closed_at = datetime.fromisoformat(crashed[3])  # type: ignore[arg-type]
    assert datetime.fromisoformat(crashed[2]) <= closed_at <= killed_at
    # the restart continues at the item on screen at the crash (or the next one)
    first_again = after[len(before)][0]
    i = names.index(on_screen.removeprefix("media/"))
    assert first_again in (f"media/{names[i]}", f"media/{names[(i + 1) % len(names)]}")
    log = (tmp_path / "state/logs/kiosk.log").read_text(encoding="utf-8")
    assert "closed as interrupted at" in log and "last time the kiosk was known alive" in log


def _stop_while_playing_started(tmp_path: Path) -> tuple[int, str]:
    """Start the kiosk on the content already there, wait for a new row, SIGTERM it."""
    db = tmp_path / "state" / "kiosk.sqlite3"
    rows = len(play_rows(db))
    proc = _start(tmp_path)
    try:
        deadline = time.monotonic() + 30
        while len(play_rows(db)) <= rows:
            assert proc.poll() is None and time.monotonic() < deadline
            time.sleep(0.05)
        proc.send_signal(signal.SIGTERM)
        code = proc.wait(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
    return code, proc.stdout.read().decode(errors="replace")  # type: ignore[union-attr]
