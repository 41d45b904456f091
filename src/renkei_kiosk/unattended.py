"""What a kiosk left alone at a venue does besides the show, on the Kivy clock: it tells
its supervisor that it lives (supervise.Supervisor: sd_notify, heartbeat) and keeps the
screen awake while open (screenpower.ScreenPower).

The app attaches it once it runs and detaches it when it stops; both read the app only
through `on_screen`, `content` and `state_dir`.
"""

from __future__ import annotations

from typing import Any

from kivy.clock import Clock
from kivy.core.window import Window

from renkei_kiosk.core.player import Placeholder
from renkei_kiosk.screenpower import ScreenPower
from renkei_kiosk.supervise import Supervisor

#: seconds between beats until the first item is on screen (READY=1 comes promptly)
STARTING_BEAT = 0.5


class Unattended:
    """Supervision and screen power for one running KioskApp."""

    def __init__(self, app: Any, supervisor: Supervisor | None = None,
                 power: ScreenPower | None = None) -> None:
        self.app = app
        self.supervisor = supervisor or Supervisor(app.state_dir)
        self.power = power or ScreenPower(set_sdl_screensaver=_set_sdl_screensaver)
        self._beat_ev: Any = Clock.schedule_interval(self._beat, STARTING_BEAT)

    def _beat(self, _dt: float) -> None:
        on_screen = self.app.on_screen
        sup = self.supervisor
        was_ready = sup.ready
        sup.beat(None if on_screen is None else str(on_screen))
        settings = self.app.content.settings
        if on_screen is not None:
            self.power.update(closed=on_screen == Placeholder.CLOSED,
                              blank_mode=settings.closed_mode == "blank")
        if sup.ready and not was_ready:
            self._beat_ev.cancel()
            self._beat_ev = Clock.schedule_interval(self._beat, sup.interval)

    def detach(self) -> None:
        """The kiosk stops: no more beats; systemd hears STOPPING=1."""
        self._beat_ev.cancel()
        self.supervisor.stopping()


def _set_sdl_screensaver(allowed: bool) -> None:
    Window.allow_screensaver = allowed
