"""The staff panel: the kiosk's state in lines, and the buttons reload, skip, back, exit.

It draws rows made by core.staff.panel_rows and passes each button's key to a callback
(ui.staff.access carries the action out)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from kivy.lang import Builder
from kivy.properties import StringProperty
from kivy.uix.floatlayout import FloatLayout
from kivy.utils import escape_markup

Builder.load_file(str(Path(__file__).with_suffix(".kv")))


class StaffPanel(FloatLayout):
    """Full-screen, modal; its text is replaced with `show_rows`."""

    title = StringProperty("")
    body = StringProperty("")
    reload_text = StringProperty("")
    skip_text = StringProperty("")
    back_text = StringProperty("")
    exit_text = StringProperty("")

    def __init__(self, *, on_key: Callable[[str], None], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._on_key = on_key

    def show_rows(self, rows: Sequence[tuple[str, str]]) -> None:
        """Label/value lines; a line with no label is an entry of the list above it."""
        lines = []
        for label, value in rows:
            if label:
                lines.append(f"[b]{escape_markup(label)}[/b]  {escape_markup(value)}")
            else:
                lines.append(f"    {escape_markup(value)}")
        self.body = "\n".join(lines)

    def press(self, key: str) -> None:
        self._on_key(key)

    def on_touch_down(self, touch: Any) -> bool:
        super().on_touch_down(touch)
        return True  # modal

    def on_touch_move(self, touch: Any) -> bool:
        super().on_touch_move(touch)
        return True

    def on_touch_up(self, touch: Any) -> bool:
        super().on_touch_up(touch)
        return True
