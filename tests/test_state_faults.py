"""`renkei-kiosk run` as a real process when the state folder misbehaves (issue 14 rows 2, 3,
11; issue 10 item 5): read-only, full at start, shared by two kiosks; and the one log file.

A read-only folder is a read-only bind mount and a full disk a small tmpfs, so these tests
need root and `mount` (they are skipped where either is missing): as root, file permissions
alone would not stop a write.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from playlog import play_rows

pytestmark = [
    pytest.mark.app,
    pytest.mark.skipif(sys.platform == "win32", reason="SIGTERM and mount are POSIX"),
]

#: a start on this machine takes 1-3 s; this only stops a hung test
START_LIMIT = 40.0


def _content(root: Path, duration: float = 1.0) -> Path:
    """Two coloured panels in one playlist, each shown for `duration` seconds."""
    content = root / "content"
    (content / "media").mkdir(parents=True)
    (content / "playlists").mkdir()
    Image.new("RGB", (64, 36), (200, 40, 40)).save(content / "media/赤.jpg")
    Image.new("RGB", (64, 36), (40, 40, 200)).save(content / "media/青.jpg")
    (content / "playlists/main.yaml").write_text(
        f"name: テスト\ndefault_duration: {duration}\nitems:\n"
        "  - image: media/赤.jpg\n  - image: media/青.jpg\n",
        encoding="utf-8",
    )
    return content


def _env() -> dict[str, str]:
    env = dict(os.environ, SDL_VIDEODRIVER="offscreen", SDL_AUDIODRIVER="dummy",
               KIVY_NO_ARGS="1")
    for test_only in ("KIVY_HOME", "KIVY_NO_FILELOG", "KIVY_NO_CONSOLELOG", "KIVY_LOG_MODE"):
        env.pop(test_only, None)  # the tests' own settings; a real run has none of them
    return env


class Kiosk:
    """A `renkei-kiosk run` process whose standard error is collected in a file."""

    def __init__(self, content: Path, state: Path, out: Path) -> None:
        self.out = out
        self._file = out.open("wb")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "renkei_kiosk", "run", "--windowed", "--size", "320x180",
             "--content", str(content), "--state", str(state)],
            env=_env(), stdout=self._file, stderr=subprocess.STDOUT,
        )

    def text(self) -> str:
        return self.out.read_text(encoding="utf-8", errors="replace")

    def wait_for(self, predicate: object, what: str, limit: float = START_LIMIT) -> None:
        """Poll until `predicate()` is true; fail if the process ends or `limit` passes."""
        assert callable(predicate)
        deadline = time.monotonic() + limit
        while not predicate():
            assert self.proc.poll() is None, f"the kiosk ended early:\n{self.text()}"
            assert time.monotonic() < deadline, f"{what} did not happen:\n{self.text()}"
            time.sleep(0.2)

    def showing(self, count: int = 1) -> bool:
        return self.text().count("Player: showing") >= count

    def stop(self) -> int:
        """SIGTERM, then the exit code."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout=20)
        finally:
            self.close()

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self._file.close()


@contextlib.contextmanager
def _mounted(args: list[str], target: Path) -> Iterator[None]:
    target.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["mount", *args, str(target)], capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"mount is not allowed here: {done.stderr.strip()}")
    try:
        yield
    finally:
        for _ in range(20):  # a child may still be closing its files
            if subprocess.run(["umount", str(target)], capture_output=True).returncode == 0:
                break
            time.sleep(0.2)


def _needs_root() -> None:
    if os.name != "posix" or os.geteuid() != 0:
        pytest.skip("needs root for mount")


def test_a_read_only_state_folder_logs_to_stderr_and_the_show_goes_on(tmp_path: Path) -> None:
    _needs_root()
    content = _content(tmp_path)
    source = tmp_path / "state-source"
    (source / "logs").mkdir(parents=True)  # an earlier run's folders, now read-only
    state = tmp_path / "state"
    with _mounted(["--bind", "-o", "ro", str(source)], state):
        kiosk = Kiosk(content, state, tmp_path / "out.txt")
        try:
            kiosk.wait_for(lambda: kiosk.showing(3), "three items shown")
            code = kiosk.stop()
        finally:
            kiosk.close()
    text = kiosk.text()
    assert code == 0, text
    assert "Traceback" not in text, text
    # one clear line says where the log goes instead
    lines = [ln for ln in text.splitlines() if "cannot write the log" in ln]
    assert len(lines) == 1, text
    assert str(state / "logs" / "kiosk.log") in lines[0] and "stderr" in lines[0]
    assert "Player: showing media/赤.jpg" in text and "Player: showing media/青.jpg" in text
    assert not any(source.rglob("*.*")), "nothing can have been written"


def _fill(folder: Path) -> Path:
    """Fill the file system of `folder` to the last byte; returns the filler file."""
    filler = folder / "filler.bin"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
    try:
        for size in (65536, 4096, 1):  # big blocks, then the last bytes
            with contextlib.suppress(OSError):
                while True:
                    os.write(fd, b"\0" * size)
    finally:
        os.close(fd)
    return filler


def test_a_full_state_disk_at_start_and_recording_resumes_with_space(tmp_path: Path) -> None:
    _needs_root()
    content = _content(tmp_path)
    state = tmp_path / "state"
    with _mounted(["-t", "tmpfs", "-o", "size=2m", f"renkei-{uuid.uuid4().hex[:8]}"], state):
        filler = _fill(state)
        kiosk = Kiosk(content, state, tmp_path / "out.txt")
        try:
            kiosk.wait_for(lambda: kiosk.showing(3), "three items shown on a full disk")
            assert "Traceback" not in kiosk.text()
            assert "No space left" in kiosk.text()
            filler.unlink()  # space returns
            log_file = state / "logs" / "kiosk.log"

            def logged_again() -> bool:
                return log_file.is_file() and "Player: showing" in log_file.read_text(
                    encoding="utf-8", errors="replace")

            kiosk.wait_for(logged_again, "the log file written again once space returned")
            kiosk.wait_for(lambda: play_rows(state / "kiosk.sqlite3"), "plays recorded again")
            # what held: the disk filling up again while the kiosk runs
            filler = _fill(state)
            shown = kiosk.text().count("Player: showing")
            kiosk.wait_for(lambda: kiosk.showing(shown + 2), "two more items on a full disk")
            filler.unlink()
            code = kiosk.stop()
        finally:
            kiosk.close()
        text = kiosk.text()
        assert code == 0, text
        assert "Traceback" not in text and "Logging error" not in text, text
        assert "Kiosk: stopped" in log_file.read_text(encoding="utf-8")
        # plays were recorded between the two full spells; a row whose end fell in the
        # second one stays open (the next start closes it as interrupted)
        rows = play_rows(state / "kiosk.sqlite3")
        assert rows and all(item in ("media/赤.jpg", "media/青.jpg") for item, _ in rows), rows
        assert all(outcome in ("ok", "interrupted", None) for _, outcome in rows), rows


def test_a_second_kiosk_on_one_state_folder_refuses(tmp_path: Path) -> None:
    content = _content(tmp_path, duration=30)
    state = tmp_path / "state"
    first = Kiosk(content, state, tmp_path / "first.txt")
    try:
        first.wait_for(first.showing, "the first kiosk's first item")
        second = Kiosk(content, state, tmp_path / "second.txt")
        try:
            code = second.proc.wait(timeout=START_LIMIT)
        finally:
            second.close()
        assert first.proc.poll() is None, "the first kiosk must go on"
        assert first.stop() == 0
    finally:
        first.close()
    said = second.text()
    assert code == 1, said
    assert f"another kiosk (PID {first.proc.pid}) is already running" in said, said
    assert str(state) in said and "--state" in said
    assert "Player: showing" not in said and "Traceback" not in said
    # one kiosk's rows only: the first item, closed once at the stop
    assert play_rows(state / "kiosk.sqlite3") == [("media/赤.jpg", "interrupted")]


def test_a_lock_left_by_a_dead_kiosk_is_taken_over(tmp_path: Path) -> None:
    content = _content(tmp_path, duration=30)
    state = tmp_path / "state"
    state.mkdir()
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    (state / "kiosk.lock").write_text(dead.stdout, encoding="ascii")
    kiosk = Kiosk(content, state, tmp_path / "out.txt")
    try:
        kiosk.wait_for(kiosk.showing, "the first item")
        assert (state / "kiosk.lock").read_text(encoding="ascii").strip() == str(kiosk.proc.pid)
        assert kiosk.stop() == 0
    finally:
        kiosk.close()
