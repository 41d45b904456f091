"""The touch invitation's timing (pure, numbers for time)."""

from __future__ import annotations

import pytest

from renkei_kiosk.core.invitation import InvitationTimer, InvitationTiming

TIMING = InvitationTiming(first_after=20, every=60, show_for=8)


@pytest.mark.parametrize(
    ("t", "shown"),
    [(0, False), (19.9, False), (20, True), (27.9, True), (28, False), (79.9, False),
     (80, True), (87.9, True), (88, False), (140, True)],
)
def test_shows_now_and_then_while_the_rotation_plays(t: float, shown: bool) -> None:
    timer = InvitationTimer(TIMING)
    assert timer.visible(1000.0, True) is False
    assert timer.visible(1000.0 + t, True) is shown


def test_a_visitor_resets_the_quiet_time() -> None:
    timer = InvitationTimer(TIMING)
    timer.visible(0.0, True)
    assert timer.visible(21.0, True)
    assert not timer.visible(22.0, False)  # browsing: hidden at once
    assert timer.next_change(22.0) is None
    assert not timer.visible(30.0, True)  # back to the rotation: quiet again
    assert not timer.visible(49.0, True)
    assert timer.visible(50.0, True)


def test_next_change() -> None:
    timer = InvitationTimer(TIMING)
    timer.visible(0.0, True)
    assert timer.next_change(5.0) == 20.0
    assert timer.next_change(21.0) == 28.0
    assert timer.next_change(30.0) == 80.0


@pytest.mark.parametrize(("first", "every", "show"), [(-1, 60, 8), (0, 8, 8), (0, 60, 0)])
def test_bad_timings_are_refused(first: float, every: float, show: float) -> None:
    with pytest.raises(ValueError):
        InvitationTiming(first_after=first, every=every, show_for=show)
