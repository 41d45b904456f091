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

pytestmark = [
    pytest.mark.app,
    pytest.mark.skipif(sys.platform == "win32", reason="SIGTERM is POSIX"),
]


def _rows(db: Path) -> list[tuple[str, str | None]]:
    if not db.exists():
        return []
    con = sqlite3.connect(db)
    try:
        return con.execute("select item, outcome from plays order by rowid").fetchall()
    except sqlite3.OperationalError:
        return []
    finally:
        con.close()


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
        while not _rows(state / "kiosk.sqlite3"):
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
    assert _rows(state / "kiosk.sqlite3") == [("media/a.jpg", "interrupted")]
    # Kivy's config and logs stay in the state folder
    assert (state / "logs" / "kiosk.log").is_file()
    assert list((state / "logs").glob("kivy_*.txt")), "Kivy's log is not in STATE/logs"
    assert (state / "resume.json").is_file()


def test_ctrl_c_ends_like_sigterm(tmp_path: Path) -> None:
    """Issue 14 row 12: SIGINT ended the kiosk with a KeyboardInterrupt traceback."""
    state = tmp_path / "state"
    code, out = _stop_while_playing(tmp_path, signal.SIGINT)
    assert code == 0, out
    assert "KeyboardInterrupt" not in out
    assert _rows(state / "kiosk.sqlite3") == [("media/a.jpg", "interrupted")]
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
    assert not _rows(state / "kiosk.sqlite3")  # (nothing was shown)
