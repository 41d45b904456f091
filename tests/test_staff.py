"""Staff access rules (core.staff): the corner hold, the PIN, the wait after wrong PINs."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from renkei_kiosk.core import staff
from renkei_kiosk.core.staff import PadNote, Phase, StaffAction, StaffState

PIN = "2468"


def _run(events: list[tuple[str, ...]], state: StaffState | None = None) -> StaffState:
    """Play events: ("press", x, y, t), ("move", x, y), ("release",), ("tick", t),
    ("digits", "123", t), ("enter", t), ("back",), ("close",)."""
    s = state or StaffState()
    for ev in events:
        kind, args = ev[0], ev[1:]
        if kind == "press":
            s = staff.press(s, float(args[0]), float(args[1]), float(args[2]))
        elif kind == "move":
            s = staff.move(s, float(args[0]), float(args[1]))
        elif kind == "release":
            s = staff.release(s)
        elif kind == "tick":
            s = staff.tick(s, float(args[0]))
        elif kind == "digits":
            for d in args[0]:
                s = staff.digit(s, d, float(args[1]))
        elif kind == "enter":
            s = staff.confirm(s, PIN, float(args[0]))
        elif kind == "back":
            s = staff.backspace(s)
        elif kind == "close":
            s = staff.close(s)
        else:  # pragma: no cover - a typo in a table
            raise ValueError(kind)
    return s


@pytest.mark.parametrize(
    ("events", "phase"),
    [
        # held 5 s in the corner: the pad opens
        ([("press", 10, 10, 0), ("tick", 4.9)], Phase.SHOW),
        ([("press", 10, 10, 0), ("tick", 5.0)], Phase.PAD),
        ([("press", 80, 80, 0), ("tick", 5.0)], Phase.PAD),  # the corner's edge counts
        # outside the corner, lifted early, or slid out: nothing
        ([("press", 81, 10, 0), ("tick", 6)], Phase.SHOW),
        ([("press", 10, 81, 0), ("tick", 6)], Phase.SHOW),
        ([("press", 10, 10, 0), ("tick", 3), ("release",), ("tick", 6)], Phase.SHOW),
        ([("press", 10, 10, 0), ("move", 200, 10), ("tick", 6)], Phase.SHOW),
        ([("press", 10, 10, 0), ("move", 40, 40), ("tick", 6)], Phase.PAD),
        # a new hold starts its own 5 s
        ([("press", 10, 10, 0), ("release",), ("press", 10, 10, 3), ("tick", 7.9)],
         Phase.SHOW),
    ],
)
def test_the_corner_hold(events: list[tuple[str, ...]], phase: Phase) -> None:
    assert _run(events).phase is phase


def _pad() -> StaffState:
    return _run([("press", 1, 1, 0), ("tick", 5)])


@pytest.mark.parametrize(
    ("events", "phase", "note", "wrong"),
    [
        ([("digits", PIN, 6), ("enter", 6)], Phase.PANEL, PadNote.NONE, 0),
        ([("digits", "1111", 6), ("enter", 6)], Phase.PAD, PadNote.WRONG, 1),
        # a typo taken back with backspace
        ([("digits", "24689", 6), ("back",), ("enter", 6)], Phase.PANEL, PadNote.NONE, 0),
        # Enter with nothing typed is not a wrong PIN
        ([("enter", 6)], Phase.PAD, PadNote.NONE, 0),
        # letters are not digits
        ([("digits", "24a68", 6), ("enter", 6)], Phase.PANEL, PadNote.NONE, 0),
        # the right PIN after wrong ones clears the count
        ([("digits", "1", 6), ("enter", 6), ("digits", PIN, 7), ("enter", 7)],
         Phase.PANEL, PadNote.NONE, 0),
    ],
)
def test_the_pin(events: list[tuple[str, ...]], phase: Phase, note: PadNote,
                 wrong: int) -> None:
    s = _run(events, _pad())
    assert (s.phase, s.note, s.wrong) == (phase, note, wrong)


def _wrong(times: int, at: float = 6) -> list[tuple[str, ...]]:
    return [ev for _ in range(times) for ev in (("digits", "0000", at), ("enter", at))]


def test_five_wrong_pins_make_the_pad_wait_60_s_and_then_it_takes_the_pin() -> None:
    s = _run(_wrong(4), _pad())
    assert (s.wrong, s.note, staff.wait_left(s, 6)) == (4, PadNote.WRONG, 0.0)
    s = _run(_wrong(1), s)
    assert s.note is PadNote.WAIT
    assert staff.wait_left(s, 6) == 60.0
    assert staff.wait_left(s, 36) == 30.0
    # during the wait even the right PIN is refused
    s = _run([("digits", PIN, 30), ("enter", 30)], s)
    assert (s.phase, s.note, s.entered) == (Phase.PAD, PadNote.WAIT, "")
    # after it, the right PIN opens the panel
    s = _run([("tick", 66), ("digits", PIN, 66), ("enter", 66)], s)
    assert s.phase is Phase.PANEL


def test_closing_the_pad_keeps_the_count_and_the_wait() -> None:
    s = _run([*_wrong(3), ("close",)], _pad())
    assert (s.phase, s.wrong) == (Phase.SHOW, 3)
    s = _run([("press", 1, 1, 10), ("tick", 15), *_wrong(2, 15)], s)
    assert s.note is PadNote.WAIT
    s = _run([("close",), ("press", 1, 1, 20), ("tick", 25)], s)
    assert (s.phase, s.note, staff.wait_left(s, 25)) == (Phase.PAD, PadNote.WAIT, 50.0)


def test_the_hold_counts_down() -> None:
    s = staff.press(StaffState(), 5, 5, 100.0)
    assert staff.hold_left(s, 102.0) == 3.0
    assert staff.hold_left(StaffState(), 102.0) is None


def test_the_panel_ignores_touches_in_the_corner_and_closes_to_the_show() -> None:
    s = _run([("digits", PIN, 6), ("enter", 6), ("press", 1, 1, 7), ("tick", 20)], _pad())
    assert s.phase is Phase.PANEL
    assert staff.close(s) == StaffState()


@pytest.mark.parametrize(
    ("key", "action"),
    [("r", StaffAction.RELOAD), ("S", StaffAction.SKIP), ("escape", StaffAction.BACK),
     ("x", StaffAction.EXIT), ("q", None), ("enter", None)],
)
def test_panel_keys(key: str, action: StaffAction | None) -> None:
    assert staff.action_for_key(key) is action


@pytest.mark.parametrize(
    ("n", "text"),
    [(None, "?"), (512, "512 B"), (1536, "1.5 KB"), (5 * 1024**2, "5.0 MB"),
     (3 * 1024**4, "3072.0 GB")],
)
def test_format_bytes(n: int | None, text: str) -> None:
    assert staff.format_bytes(n) == text


@pytest.mark.parametrize(
    ("seconds", "text"), [(0, "0:00:00"), (3725, "1:02:05"), (90000, "1d 1:00:00")]
)
def test_format_duration(seconds: float, text: str) -> None:
    assert staff.format_duration(seconds) == text


@pytest.mark.parametrize(("settings", "warned"), [("", True), ('staff_pin: "2468"\n', False)])
def test_check_warns_when_staff_cannot_exit_from_the_screen(
    tmp_path: Path, settings: str, warned: bool
) -> None:
    (tmp_path / "playlists").mkdir()
    (tmp_path / "playlists" / "main.yaml").write_text(
        "name: テスト\nitems:\n  - text: こんにちは\n", encoding="utf-8")
    (tmp_path / "kiosk.yaml").write_text(settings + "language: ja\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "renkei_kiosk", "check", "--content", str(tmp_path)],
        capture_output=True, text=True, encoding="utf-8",
        env=dict(os.environ, PYTHONIOENCODING="utf-8"),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert ("staff_pin" in result.stderr) is warned
    assert ("キオスクを終了できません" in result.stderr) is warned


@pytest.mark.parametrize(("touch", "ja", "en"), [
    (True, "有効（タッチで閲覧モード）", "on (a touch opens browse mode)"),
    (False, "無効（kiosk.yaml の touch: false）", "off (touch: false in kiosk.yaml)"),
])
def test_the_panel_says_whether_a_touch_opens_browse_mode(touch: bool, ja: str, en: str) -> None:
    """Staff asked "why does touching do nothing?" find the answer on the panel."""
    from renkei_kiosk.core.staff import PanelInfo, panel_rows

    info = PanelInfo(content_root="/c", playlist="展示", item="media/a.jpg", last_reload=None,
                     problems=(), skipped=(), uptime=5.0, fps=4.0, memory=None,
                     free_disk=None, version="0.1.0", touch=touch)
    assert ("タッチ操作", ja) in panel_rows(info, "ja")
    assert ("Touch", en) in panel_rows(info, "en")
