"""Which monitor the kiosk fills: `display: {screen: N}` and the choice among SDL's displays."""

from __future__ import annotations

import pytest

from renkei_kiosk.core.model import ContentError
from renkei_kiosk.schema.settings import settings_from_text
from renkei_kiosk.screens import Bounds, choose_screen

LEFT = Bounds(0, 0, 1920, 1080)
RIGHT = Bounds(1920, 0, 1080, 1920)  # a portrait monitor to the right


@pytest.mark.parametrize(
    ("bounds", "screen", "chosen"),
    [
        ([LEFT, RIGHT], 0, LEFT),
        ([LEFT, RIGHT], 1, RIGHT),
        ([LEFT, RIGHT], 2, LEFT),  # no such monitor: the first (logged)
        ([], 0, None),  # SDL could not be asked: Kivy's own fullscreen only
    ],
)
def test_choose_screen(bounds: list[Bounds], screen: int, chosen: Bounds | None) -> None:
    assert choose_screen(bounds, screen) == chosen


@pytest.mark.parametrize(("text", "screen"), [("", 0), ("display: {screen: 1}\n", 1)])
def test_display_screen_setting(text: str, screen: int) -> None:
    assert settings_from_text(text or "language: ja\n").screen == screen


def test_a_negative_screen_is_an_error_naming_its_line() -> None:
    with pytest.raises(ContentError) as err:
        settings_from_text("language: en\ndisplay:\n  screen: -1\n", lang="en")
    assert "kiosk.yaml:3" in str(err.value)
