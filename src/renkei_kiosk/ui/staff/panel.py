"""The staff panel: the kiosk's state in lines, and the buttons reload, skip, back, exit.

It draws rows made by core.staff.panel_rows (a long value, such as a problem's message,
broken into lines by core.linebreak like every text of the kiosk) and passes each
button's key to a callback (ui.staff.access carries the action out)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from kivy.clock import Clock
from kivy.lang import Builder
from kivy.properties import ListProperty, StringProperty
from kivy.uix.floatlayout import FloatLayout
from kivy.utils import escape_markup

from renkei_kiosk.media.fontfiles import main_font_path
from renkei_kiosk.media.typesetting import lay_out_lines, measurer

Builder.load_file(str(Path(__file__).with_suffix(".kv")))

#: the indent of an entry of a list (a problem, a skipped file), and of its next lines
INDENT = "    "


class StaffPanel(FloatLayout):
    """Full-screen, modal; its text is replaced with `show_rows`."""

    title = StringProperty("")
    #: the rows as written (label markup), one line each
    body = StringProperty("")
    #: the rows as shown: long values (a problem's message) broken into lines like every
    #: text of the kiosk (core.linebreak: phrases, kinsoku), entries of a list indented
    shown = StringProperty("")
    #: the lines shown, plain (a query for tests)
    lines = ListProperty([])
    reload_text = StringProperty("")
    skip_text = StringProperty("")
    back_text = StringProperty("")
    exit_text = StringProperty("")

    def __init__(self, *, on_key: Callable[[str], None], **kwargs: Any) -> None:
        self._rows: list[tuple[str, str]] = []
        self._break_later = Clock.create_trigger(self._break, -1)
        super().__init__(**kwargs)
        self._on_key = on_key
        self.ids.body_label.bind(width=self._break_later, font_size=self._break_later)

    def show_rows(self, rows: Sequence[tuple[str, str]]) -> None:
        """Label/value lines; a line with no label is an entry of the list above it."""
        self._rows = list(rows)
        lines = []
        for label, value in rows:
            if label:
                lines.append(f"[b]{escape_markup(label)}[/b]  {escape_markup(value)}")
            else:
                lines.append(f"{INDENT}{escape_markup(value)}")
        self.body = "\n".join(lines)
        self._break()

    def _break(self, *_a: Any) -> None:
        """The rows broken into lines for the label's width."""
        label = self.ids.body_label
        width, size = float(label.width), float(label.font_size)
        if width <= 1:
            self.shown, self.lines = self.body, self.body.split("\n")
            return
        path = main_font_path()
        indent_w = measurer(path)(size)(INDENT)
        shown: list[str] = []
        plain: list[str] = []
        for name, value in self._rows:
            if name:
                text = f"{name}  {value}".rstrip()
                got = lay_out_lines(text, path, width, [size]).lines
                for i, line in enumerate(got):
                    plain.append(line)
                    if i == 0 and line.startswith(name):
                        shown.append(f"[b]{escape_markup(name)}[/b]"
                                     f"{escape_markup(line[len(name):])}")
                    else:
                        shown.append(escape_markup(line))
            else:
                got = lay_out_lines(value, path, max(1.0, width - indent_w), [size]).lines
                for line in got:
                    plain.append(INDENT + line)
                    shown.append(INDENT + escape_markup(line))
        self.lines = plain
        self.shown = "\n".join(shown)

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
