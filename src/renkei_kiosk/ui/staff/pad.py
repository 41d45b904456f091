"""The PIN pad: a modal layer of digit keys over the show. Draws what it is told; every
key press goes to the callbacks given (ui.staff.access decides with core.staff)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from kivy.lang import Builder
from kivy.properties import ListProperty, StringProperty
from kivy.uix.floatlayout import FloatLayout

from renkei_kiosk.ui import wrapped  # noqa: F401 - WrappedLabel for pad.kv

Builder.load_file(str(Path(__file__).with_suffix(".kv")))


class PinPad(FloatLayout):
    """Digits, backspace, OK and cancel; takes every touch while it is open."""

    title = StringProperty("")
    dots = StringProperty("")
    note = StringProperty("")
    note_color = ListProperty([0.85, 0.85, 0.85, 1])
    ok_text = StringProperty("OK")
    cancel_text = StringProperty("Cancel")

    def __init__(
        self,
        *,
        on_digit: Callable[[str], None],
        on_backspace: Callable[[], None],
        on_enter: Callable[[], None],
        on_cancel: Callable[[], None],
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self._on_digit = on_digit
        self._on_backspace = on_backspace
        self._on_enter = on_enter
        self._on_cancel = on_cancel

    def press_digit(self, d: str) -> None:
        self._on_digit(d)

    def press_backspace(self) -> None:
        self._on_backspace()

    def press_enter(self) -> None:
        self._on_enter()

    def press_cancel(self) -> None:
        self._on_cancel()

    def on_touch_down(self, touch: Any) -> bool:
        super().on_touch_down(touch)
        return True  # modal: nothing beneath the pad sees the touch

    def on_touch_move(self, touch: Any) -> bool:
        super().on_touch_move(touch)
        return True

    def on_touch_up(self, touch: Any) -> bool:
        super().on_touch_up(touch)
        return True
