"""`renkei-kiosk run` as a real process: starts headless, logs its plays, ends on SIGTERM."""

from __future__ import annotations

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


def test_sigterm_ends_cleanly_and_closes_the_current_play(tmp_path: Path) -> None:
    content = tmp_path / "content"
    (content / "media").mkdir(parents=True)
    (content / "playlists").mkdir()
    Image.new("RGB", (64, 36), (200, 40, 40)).save(content / "media/a.jpg")
    (content / "playlists/main.yaml").write_text(
        "name: テスト\ndefault_duration: 30\nitems:\n  - image: media/a.jpg\n",
        encoding="utf-8",
    )
    state = tmp_path / "state"
    env = dict(os.environ, SDL_VIDEODRIVER="offscreen", SDL_AUDIODRIVER="dummy",
               KIVY_NO_ARGS="1")
    for test_only in ("KIVY_HOME", "KIVY_NO_FILELOG", "KIVY_NO_CONSOLELOG", "KIVY_LOG_MODE"):
        env.pop(test_only, None)  # the tests' own settings; a real run has none of them
    proc = subprocess.Popen(
        # relative folders, as staff type them
        [sys.executable, "-m", "renkei_kiosk", "run", "--windowed", "--size", "320x180",
         "--content", "content", "--state", "state"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, cwd=tmp_path,
    )
    try:
        deadline = time.monotonic() + 30
        while not _rows(state / "kiosk.sqlite3"):
            assert proc.poll() is None, proc.stdout.read().decode(errors="replace")  # type: ignore[union-attr]
            assert time.monotonic() < deadline, "no play was recorded"
            time.sleep(0.2)
        proc.send_signal(signal.SIGTERM)
        code = proc.wait(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert code == 0
    assert _rows(state / "kiosk.sqlite3") == [("media/a.jpg", "interrupted")]
    # one log in the state folder, with Kivy's lines beside the kiosk's
    log_text = (state / "logs" / "kiosk.log").read_text(encoding="utf-8")
    assert "Player: showing media/a.jpg" in log_text and "GL: OpenGL version" in log_text
    assert sorted(p.name for p in (state / "logs").iterdir()) == ["kiosk.log"]
    assert (state / "resume.json").is_file()
