"""resume.json and problems.txt: read forgivingly, written whole (no Kivy)."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from renkei_kiosk.core.player import ResumePoint
from renkei_kiosk.statefiles import HEARTBEAT_SECONDS, StateFiles

ALIVE = datetime(2024, 7, 13, 10, 0, 5).astimezone()


@pytest.mark.parametrize(("text", "point", "alive", "logged"), [
    (None, None, None, False),  # no file yet
    ('{"playlist": "main", "index": 2, "key": "media/a.jpg"}',
     ResumePoint("main", 2, "media/a.jpg"), None, False),
    ('{"playlist": "main", "index": 2.0, "key": null}', ResumePoint("main", 2, None), None, False),
    (json.dumps({"playlist": "展示", "index": 0, "key": "media/一.jpg",
                 "alive": ALIVE.isoformat()}),
     ResumePoint("展示", 0, "media/一.jpg"), ALIVE, False),
    (json.dumps({"alive": ALIVE.isoformat()}), None, ALIVE, False),  # a beat, nothing shown
    ("null", None, None, True),
    ("[]", None, None, True),
    ("42", None, None, True),
    ('{"index": 1e999}', None, None, True),
    ('{"playlist": "main", "index": 1e999}', None, None, True),
    ('{"playlist": "main", "index": NaN}', None, None, True),
    ('{"playlist": "main", "index": true}', None, None, True),
    ('{"playlist": 3, "index": 1}', None, None, True),
    ('{"playlist": "main", "index": 1, "key": 5}', None, None, True),
    ('{"playlist": "main", "index": 1, "alive": "yesterday"}', None, None, True),
    ('{"playlist": "ma', None, None, True),  # cut short
    ("", None, None, True),
])
def test_reading_the_resume_file(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, text: str | None,
    point: ResumePoint | None, alive: datetime | None, logged: bool,
) -> None:
    if text is not None:
        (tmp_path / "resume.json").write_text(text, encoding="utf-8")
    with caplog.at_level("WARNING", logger="renkei_kiosk"):
        saved = StateFiles(tmp_path).read()
    assert saved.point == point and saved.alive == alive
    assert ("is not a resume point" in caplog.text) is logged


def test_a_bad_file_is_rewritten_at_the_first_heartbeat_keeping_a_good_point(
    tmp_path: Path
) -> None:
    files = StateFiles(tmp_path)
    (tmp_path / "resume.json").write_text("[]", encoding="utf-8")
    files.read()
    files.heartbeat(ALIVE, 100.0)
    assert json.loads((tmp_path / "resume.json").read_text(encoding="utf-8")) == {
        "alive": ALIVE.isoformat(timespec="milliseconds")}
    files.save_resume(ResumePoint("main", 1, "b"), ALIVE, 101.0)
    files.heartbeat(ALIVE, 101.0 + HEARTBEAT_SECONDS - 0.1)  # (not yet)
    again = StateFiles(tmp_path)
    assert again.read().point == ResumePoint("main", 1, "b")
    assert not list(tmp_path.glob("*.tmp"))


def test_heartbeats_are_at_most_every_few_seconds(tmp_path: Path) -> None:
    files = StateFiles(tmp_path)
    files.heartbeat(ALIVE, 0.0)
    assert (tmp_path / "resume.json").is_file()
    (tmp_path / "resume.json").write_text("{}", encoding="utf-8")  # (a marker)
    files.heartbeat(ALIVE, HEARTBEAT_SECONDS - 0.01)
    assert (tmp_path / "resume.json").read_text(encoding="utf-8") == "{}"
    files.heartbeat(ALIVE, HEARTBEAT_SECONDS)
    assert "alive" in json.loads((tmp_path / "resume.json").read_text(encoding="utf-8"))


def test_a_write_that_fails_is_logged_once_and_the_show_goes_on(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    files = StateFiles(tmp_path / "gone")  # the folder does not exist: every write fails
    with caplog.at_level("WARNING", logger="renkei_kiosk"):
        for n in range(3):
            files.save_resume(ResumePoint("main", n, None), ALIVE, float(n * 10))
    assert caplog.text.count("cannot save the resume point") == 1
