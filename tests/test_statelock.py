"""One kiosk per state folder (issue 14 row 11): the lock itself, in one process."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from renkei_kiosk.statelock import StateInUse, lock_state


def test_a_held_state_folder_is_refused_with_the_holders_pid(tmp_path: Path) -> None:
    held = lock_state(tmp_path)
    try:
        with pytest.raises(StateInUse) as refused:
            lock_state(tmp_path)
        assert refused.value.pid == os.getpid()
        assert str(tmp_path) in str(refused.value) and "--state" in str(refused.value)
    finally:
        held.release()
    again = lock_state(tmp_path)  # released: free to take
    again.release()


def test_a_stale_pid_without_a_lock_is_taken_over(tmp_path: Path) -> None:
    (tmp_path / "kiosk.lock").write_text("999999\n", encoding="ascii")
    lock = lock_state(tmp_path)
    try:
        assert (tmp_path / "kiosk.lock").read_text(encoding="ascii") == f"{os.getpid()}\n"
    finally:
        lock.release()
        lock.release()  # twice is harmless


def test_a_state_folder_that_does_not_exist_is_an_os_error(tmp_path: Path) -> None:
    with pytest.raises(OSError):
        lock_state(tmp_path / "missing")
