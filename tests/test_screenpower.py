"""Screen power: awake while open, allowed to sleep while closed in blank mode, woken at
opening; with a real X server's screensaver where Xvfb is installed."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Sequence

import pytest

import xdisplay
from renkei_kiosk.screenpower import ScreenPower


class Fake:
    def __init__(self) -> None:
        self.sdl: list[bool] = []
        self.commands: list[str] = []

    def run(self, command: Sequence[str]) -> bool:
        self.commands.append(" ".join(command[1:]))
        return command[1] != "-dpms" and command[1] != "+dpms"  # (a server without DPMS)


def _power(fake: Fake, platform: str = "linux", display: str = ":0") -> ScreenPower:
    return ScreenPower(set_sdl_screensaver=fake.sdl.append, run=fake.run, platform=platform,
                       environ={"DISPLAY": display})


def test_open_keeps_the_display_awake_and_closed_blank_lets_it_sleep_then_wakes() -> None:
    fake = Fake()
    power = _power(fake)
    power.update(closed=False, blank_mode=True)
    assert fake.sdl == [False]
    assert fake.commands == ["s off", "s noblank", "-dpms"]
    fake.commands.clear()
    power.update(closed=False, blank_mode=True)  # nothing changed: nothing done
    assert fake.commands == []
    power.update(closed=True, blank_mode=True)
    assert fake.sdl == [False, True]
    assert fake.commands == ["s 600 600", "s blank", "+dpms", "dpms 600 600 600"]
    fake.commands.clear()
    power.update(closed=False, blank_mode=True)  # opening: woken
    assert fake.sdl == [False, True, False]
    assert fake.commands[:2] == ["dpms force on", "s reset"]


@pytest.mark.parametrize(("closed", "blank_mode"), [(True, False), (False, False)])
def test_closed_with_a_text_message_stays_awake(closed: bool, blank_mode: bool) -> None:
    fake = Fake()
    _power(fake).update(closed=closed, blank_mode=blank_mode)
    assert fake.sdl == [False]


def test_no_x_display_no_xset() -> None:
    fake = Fake()
    _power(fake, display="").update(closed=True, blank_mode=True)
    _power(fake, platform="win32").update(closed=True, blank_mode=True)
    assert fake.commands == []
    assert fake.sdl == [True, True]


@pytest.mark.skipif(xdisplay.skip_reason() is not None, reason=xdisplay.skip_reason() or "")
def test_the_x_screensaver_is_off_while_open_and_on_while_closed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if subprocess.run(["which", "xset"], capture_output=True).returncode:
        pytest.skip("xset is not installed (./dev.sh installs x11-xserver-utils)")
    with xdisplay.xvfb(320, 240) as display:
        monkeypatch.setenv("DISPLAY", display)
        monkeypatch.delenv("SDL_VIDEODRIVER", raising=False)

        def timeout() -> str:
            out = subprocess.run(["xset", "q"], capture_output=True, text=True,
                                 env=dict(os.environ, DISPLAY=display)).stdout
            return out.split("timeout:")[1].split()[0]

        assert timeout() == "600"  # the X server's default
        power = ScreenPower(set_sdl_screensaver=lambda _allowed: None)
        power.update(closed=False, blank_mode=True)
        assert timeout() == "0"
        power.update(closed=True, blank_mode=True)
        assert timeout() == "600"
        power.update(closed=False, blank_mode=True)
        assert timeout() == "0"
