"""The touch invitation: a discreet bilingual line over the rotation, now and then.

When it shows is decided by core.invitation; this widget only shows and hides. It appears
and goes at once, with no fade: a fade redraws the whole screen for every step, which on
a venue PC without a GPU (software GL) cost more than the still slide under it (24 frames
a minute, about 1.4 % of a core, against 0.3 % for the slide). It never takes a touch (a
touch anywhere opens browse, as without it).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kivy.lang import Builder
from kivy.properties import BooleanProperty, StringProperty
from kivy.uix.floatlayout import FloatLayout

from renkei_kiosk.core.invitation import InvitationTimer, InvitationTiming
from renkei_kiosk.core.words import text

Builder.load_file(str(Path(__file__).with_suffix(".kv")))


class TouchInvitation(FloatLayout):
    """「画面にタッチしてください / Touch to explore」 at the bottom of the screen."""

    ja = StringProperty(text("invite_touch", "ja"))
    en = StringProperty(text("invite_touch", "en"))
    #: True while the invitation shows
    shown = BooleanProperty(False)

    def __init__(self, timing: InvitationTiming | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.opacity = 0
        self.timer = InvitationTimer(timing)

    def next_change(self, now: float) -> float | None:
        """When it next shows or hides (None: the rotation is not playing)."""
        return self.timer.next_change(now)

    def update(self, now: float, playing: bool) -> None:
        """Show or hide as the timer says (`playing`: the rotation is on screen)."""
        visible = self.timer.visible(now, playing)
        if visible == self.shown:
            return
        self.shown = visible
        self.opacity = 1 if visible else 0

    def on_touch_down(self, touch: Any) -> bool:
        return False

    def on_touch_move(self, touch: Any) -> bool:
        return False

    def on_touch_up(self, touch: Any) -> bool:
        return False
