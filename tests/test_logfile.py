"""The one log file (issue 10 item 5): kiosk and Kivy lines together, rotated and capped, and
a log file that can't be written never stops anything (issue 14 rows 2, 3)."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from renkei_kiosk.logfile import KioskLogFile, setup_logging


@pytest.fixture
def root_handlers() -> Iterator[None]:
    """Put the root logger back as it was after a test that installs the kiosk's log."""
    root = logging.getLogger()
    saved, level = list(root.handlers), root.level
    kiosk = logging.getLogger("renkei_kiosk")
    saved_kiosk = (kiosk.propagate, kiosk.level)
    yield
    for h in list(root.handlers):
        if h not in saved:
            root.removeHandler(h)
            h.close()
    root.setLevel(level)
    kiosk.propagate, kiosk.level = saved_kiosk


def _record(message: str) -> logging.LogRecord:
    return logging.LogRecord("renkei_kiosk", logging.INFO, __file__, 0, message, None, None)


def _fallback() -> tuple[logging.Handler, io.StringIO]:
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
    return handler, out


def test_the_kiosks_and_kivys_lines_go_to_one_file(tmp_path: Path, root_handlers: None) -> None:
    setup_logging(tmp_path)
    logging.getLogger("renkei_kiosk").info("Player: showing media/赤.jpg")
    logging.getLogger("kivy").warning("GL: 失敗しました")
    logging.getLogger("renkei_kiosk.store").error("Store: 書けません")
    logging.getLogger("watchdog.observers").info("an inotify event")  # noisy: left out
    text = (tmp_path / "logs" / "kiosk.log").read_text(encoding="utf-8")
    assert "INFO Player: showing media/赤.jpg" in text
    assert "WARNING GL: 失敗しました" in text
    assert "ERROR Store: 書けません" in text
    assert "inotify" not in text


def test_the_log_is_rotated_and_capped(tmp_path: Path) -> None:
    path = tmp_path / "logs" / "kiosk.log"
    handler = KioskLogFile(path, None, max_bytes=2_000, backups=2)
    handler.setFormatter(logging.Formatter("%(message)s"))
    for n in range(500):
        handler.handle(_record(f"Player: showing media/{n:04d}.jpg"))
    handler.close()
    files = sorted(p.name for p in path.parent.iterdir())
    assert files == ["kiosk.log", "kiosk.log.1", "kiosk.log.2"]
    assert all((path.parent / f).stat().st_size <= 2_000 for f in files)
    assert "media/0499.jpg" in path.read_text(encoding="utf-8")  # the newest line is kept


def test_a_log_folder_that_cannot_be_made_falls_back_once_and_recovers(tmp_path: Path) -> None:
    blocker = tmp_path / "logs"
    blocker.write_text("a file where the logs folder should be", encoding="utf-8")
    fallback, err = _fallback()
    handler = KioskLogFile(blocker / "kiosk.log", fallback)
    handler.setFormatter(logging.Formatter("%(message)s"))
    for n in range(3):
        handler.handle(_record(f"Player: showing {n}"))
    said = err.getvalue().splitlines()
    assert len(said) == 1 and said[0].startswith("ERROR Log: cannot write the log "), said
    assert str(blocker / "kiosk.log") in said[0] and "stderr" in said[0]
    blocker.unlink()  # the folder can be made again
    handler.handle(_record("Player: showing 3"))
    handler.close()
    text = (blocker / "kiosk.log").read_text(encoding="utf-8")
    assert text.splitlines() == ["Player: showing 3", f"Log: writing {blocker / 'kiosk.log'} again"]
    assert err.getvalue().splitlines()[1:] == [f"INFO Log: writing {blocker / 'kiosk.log'} again"]


class _FullDisk(io.StringIO):
    """A stream whose every flush fails as a full disk does."""

    def flush(self) -> None:
        raise OSError(28, "No space left on device")


def test_a_full_disk_while_running_loses_lines_not_the_kiosk(tmp_path: Path) -> None:
    fallback, err = _fallback()
    handler = KioskLogFile(tmp_path / "kiosk.log", fallback)
    handler.setFormatter(logging.Formatter("%(message)s"))
    handler.handle(_record("before"))
    handler.stream.close()
    handler.stream = _FullDisk()
    handler.handle(_record("while full"))
    assert handler.failing is not None
    assert "No space left on device" in err.getvalue()
    handler.handle(_record("after"))
    handler.close()
    assert (tmp_path / "kiosk.log").read_text(encoding="utf-8").splitlines()[0] == "before"
    assert "after" in (tmp_path / "kiosk.log").read_text(encoding="utf-8")
