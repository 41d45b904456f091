"""Browse mode's large touch targets: the buttons of the home, the top bar and a video
detail. Layout in buttons.kv beside this file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kivy.lang import Builder
from kivy.properties import ListProperty, NumericProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout

__all__ = ["PRESSED_RGBA", "BarButton", "BigButton"]

Builder.load_file(str(Path(__file__).with_suffix(".kv")))

#: colour of a button, tile or row under a finger (white on it: 4.6:1)
PRESSED_RGBA = (0.78, 0.29, 0.0, 1.0)


class BigButton(ButtonBehavior, BoxLayout):  # type: ignore[misc]
    """A large touch target: a label and an optional second line (a count)."""

    text = StringProperty("")
    sub = StringProperty("")
    #: the font sizes of the label and of the second line (px)
    font_size = NumericProperty(24)
    sub_font = NumericProperty(20)
    bg = ListProperty([0.16, 0.22, 0.36, 1])
    #: the colour drawn: `bg`, or the pressed colour while a finger is on it
    face = ListProperty([0.16, 0.22, 0.36, 1])

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.bind(state=self._paint, bg=self._paint)
        self._paint()

    def _paint(self, *_a: Any) -> None:
        self.face = list(PRESSED_RGBA if self.state == "down" else self.bg)


class BarButton(BigButton):
    """A button of the top bar."""
