"""The touch invitation: a discreet bilingual line over the rotation, now and then.

When it shows is decided by core.invitation; this widget only fades in and out. It never
takes a touch (a touch anywhere opens browse, as without it).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kivy.animation import Animation
from kivy.clock import Clock
from kivy.lang import Builder
from kivy.properties import BooleanProperty, StringProperty
from kivy.uix.floatlayout import FloatLayout

from renkei_kiosk.core.invitation import InvitationTimer, InvitationTiming
from renkei_kiosk.core.words import text

Builder.load_file(str(Path(__file__).with_suffix(".kv")))

#: seconds of the fade in and out
FADE = 0.6


class TouchInvitation(FloatLayout):
    """「画面にタッチしてください / Touch to explore」 at the bottom of the screen."""

    ja = StringProperty(text("invite_touch", "ja"))
    en = StringProperty(text("invite_touch", "en"))
    #: True while the invitation is (fading) in
    shown = BooleanProperty(False)

    def __init__(self, timing: InvitationTiming | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.opacity = 0
        self.timer = InvitationTimer(timing)
        self._fade_until = 0.0

    @property
    def fading(self) -> bool:
        """Whether it is fading in or out now (the frame pacer's soft rate)."""
        return bool(Clock.get_time() < self._fade_until)

    def next_change(self, now: float) -> float | None:
        """When it next shows or hides (None: the rotation is not playing)."""
        return self.timer.next_change(now)

    def update(self, now: float, playing: bool) -> None:
        """Show or hide as the timer says (`playing`: the rotation is on screen)."""
        visible = self.timer.visible(now, playing)
        if visible == self.shown:
            return
        self.shown = visible
        Animation.cancel_all(self, "opacity")
        if visible:
            self._fade_until = Clock.get_time() + FADE
            Animation(opacity=1.0, d=FADE, t="out_quad").start(self)
        elif playing:
            self._fade_until = Clock.get_time() + FADE
            Animation(opacity=0.0, d=FADE, t="in_quad").start(self)
        else:
            self.opacity = 0  # a visitor touched: gone at once

    def on_touch_down(self, touch: Any) -> bool:
        return False

    def on_touch_move(self, touch: Any) -> bool:
        return False

    def on_touch_up(self, touch: Any) -> bool:
        return False
