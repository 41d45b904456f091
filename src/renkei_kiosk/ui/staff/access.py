"""Staff access on screen: watches the window's touches and keys, keeps the
core.staff state, and opens the PIN pad and the staff panel over everything else.

The rules are core.staff's; this module only feeds it touches, keys and the clock's time,
draws its state, and hands the panel's actions to `act`. The pad and the panel are
added to the Window itself, above the app's root, so they cover browse mode too.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from kivy.clock import Clock
from kivy.core.window import Window

from renkei_kiosk.core import staff
from renkei_kiosk.core.staff import PadNote, PanelInfo, Phase, StaffAction, StaffState
from renkei_kiosk.core.words import text
from renkei_kiosk.ui.staff.pad import PinPad
from renkei_kiosk.ui.staff.panel import StaffPanel

log = logging.getLogger("renkei_kiosk")

#: Kivy key codes
_ENTER_KEYS = (13, 271)  # Enter, keypad Enter
_BACKSPACE = 8
_ESCAPE = 27
_KEYPAD_DIGITS = {256 + n: str(n) for n in range(10)}  # SDL keypad 0..9 as Kivy codes


class StaffAccess:
    """The corner hold, the pad and the panel, for one running kiosk."""

    def __init__(
        self,
        *,
        pin: Callable[[], str | None],
        lang: Callable[[], str],
        info: Callable[[], PanelInfo],
        act: Callable[[StaffAction], None],
    ) -> None:
        self._pin = pin
        self._lang = lang
        self._info = info
        self._act = act
        self.state = StaffState()
        self._hold_uid: Any = None
        self._ticking: Any = None
        self._refresh_ev: Any = None
        self.pad: PinPad | None = None
        self.panel: StaffPanel | None = None

    # -- public queries -------------------------------------------------------------
    @property
    def phase(self) -> Phase:
        """Where staff access is (show, pad, panel)."""
        return self.state.phase

    @property
    def attended(self) -> bool:
        """Whether staff are at the screen (a corner hold being timed, the PIN pad or the
        panel open): the clock then ticks often enough for the hold and the panel's
        figures, even when nothing moves."""
        return self._ticking is not None or self.state.phase is not Phase.SHOW

    # -- life ------------------------------------------------------------------------
    def attach(self) -> None:
        """Start watching the window's touches and keys."""
        Window.bind(on_touch_down=self._touch_down, on_touch_move=self._touch_move,
                    on_touch_up=self._touch_up, on_key_down=self._key_down)

    def detach(self) -> None:
        """Stop watching and close whatever is open."""
        Window.unbind(on_touch_down=self._touch_down, on_touch_move=self._touch_move,
                      on_touch_up=self._touch_up, on_key_down=self._key_down)
        self._set(StaffState())
        if self._ticking is not None:
            self._ticking.cancel()
            self._ticking = None

    # -- input -----------------------------------------------------------------------
    def _touch_down(self, _win: Any, touch: Any) -> bool:
        if self.state.phase is not Phase.SHOW or not self._pin():
            return False
        new = staff.press(self.state, touch.x, Window.height - touch.y, Clock.get_time())
        if new.hold_since is not None and self.state.hold_since is None:
            self._hold_uid = touch.uid
            self._start_ticking()
        self._set(new)
        return False  # the show (or browse) gets the touch as usual

    def _touch_move(self, _win: Any, touch: Any) -> bool:
        if touch.uid == self._hold_uid:
            self._set(staff.move(self.state, touch.x, Window.height - touch.y))
        return False

    def _touch_up(self, _win: Any, touch: Any) -> bool:
        if touch.uid == self._hold_uid:
            self._hold_uid = None
            self._set(staff.release(self.state))
        return False

    def _key_down(self, _win: Any, key: int, _scancode: int, codepoint: str | None,
                  _modifiers: Any) -> bool:
        phase, now = self.state.phase, Clock.get_time()
        if phase is Phase.PAD:
            if codepoint and codepoint.isdigit():
                self._set(staff.digit(self.state, codepoint, now))
            elif key in _KEYPAD_DIGITS:
                self._set(staff.digit(self.state, _KEYPAD_DIGITS[key], now))
            elif key in _ENTER_KEYS:
                self.enter()
            elif key == _BACKSPACE:
                self._set(staff.backspace(self.state))
            elif key == _ESCAPE:
                self._set(staff.close(self.state))
            return True
        if phase is Phase.PANEL:
            name = "escape" if key == _ESCAPE else (codepoint or "")
            action = staff.action_for_key(name)
            if action is not None:
                self.do(action)
            return True
        return False

    def enter(self) -> None:
        """Enter / OK on the pad."""
        before = self.state
        pin = self._pin()
        if not pin:
            return
        self._set(staff.confirm(before, pin, Clock.get_time()))
        if self.state.phase is Phase.PANEL:
            log.info("Staff: the staff panel was opened")
        elif self.state.note is PadNote.WAIT and before.note is not PadNote.WAIT:
            log.warning("Staff: %d wrong PINs; the pad waits %.0f s",
                        staff.MAX_WRONG, staff.WAIT_SECONDS)
        elif self.state.note is PadNote.WRONG:
            log.info("Staff: a wrong PIN was entered")

    def do(self, action: StaffAction) -> None:
        """Carry out a panel button (or its key)."""
        if action is StaffAction.BACK:
            self._set(staff.close(self.state))
            return
        if action is StaffAction.EXIT:
            log.info("Staff: exit pressed on the staff panel; the kiosk ends (exit code 0)")
        elif action is StaffAction.RELOAD:
            log.info("Staff: reload pressed on the staff panel")
        elif action is StaffAction.SKIP:
            log.info("Staff: skip pressed on the staff panel")
        self._act(action)
        self._refresh_panel()

    # -- time ------------------------------------------------------------------------
    def _start_ticking(self) -> None:
        if self._ticking is None:
            self._ticking = Clock.schedule_interval(self._tick, 0.1)

    def _tick(self, _dt: float) -> bool | None:
        self._set(staff.tick(self.state, Clock.get_time()))
        if self.state.phase is Phase.SHOW and self.state.hold_since is None:
            self._ticking = None
            return False  # nothing to time until the next hold
        if self.pad is not None:
            self._draw_pad()
        return None

    # -- drawing ---------------------------------------------------------------------
    def _set(self, new: StaffState) -> None:
        old, self.state = self.state, new
        if new.phase is not old.phase:
            self._show_phase(new.phase)
        elif self.pad is not None:
            self._draw_pad()

    def _show_phase(self, phase: Phase) -> None:
        if self.pad is not None:
            Window.remove_widget(self.pad)
            self.pad = None
        if self.panel is not None:
            Window.remove_widget(self.panel)
            self.panel = None
        if self._refresh_ev is not None:
            self._refresh_ev.cancel()
            self._refresh_ev = None
        lang = self._lang()
        if phase is Phase.PAD:
            self.pad = PinPad(
                on_digit=lambda d: self._set(staff.digit(self.state, d, Clock.get_time())),
                on_backspace=lambda: self._set(staff.backspace(self.state)),
                on_enter=self.enter,
                on_cancel=lambda: self._set(staff.close(self.state)),
                title=text("staff_pin_title", lang),
                ok_text=text("staff_ok", lang),
                cancel_text=text("staff_cancel", lang),
            )
            self._draw_pad()
            Window.add_widget(self.pad)
            self._start_ticking()
            log.info("Staff: the PIN pad was opened")
        elif phase is Phase.PANEL:
            self.panel = StaffPanel(
                on_key=self._panel_key,
                title=text("staff_title", lang),
                reload_text=text("staff_reload", lang),
                skip_text=text("staff_skip", lang),
                back_text=text("staff_back", lang),
                exit_text=text("staff_exit", lang),
            )
            self._refresh_panel()
            Window.add_widget(self.panel)
            self._refresh_ev = Clock.schedule_interval(lambda _dt: self._refresh_panel(), 1.0)

    def _panel_key(self, key: str) -> None:
        action = staff.action_for_key(key)
        if action is not None:
            self.do(action)

    def _draw_pad(self) -> None:
        pad = self.pad
        if pad is None:
            return
        pad.dots = "●" * len(self.state.entered)
        pad.note = staff.pad_note_text(self.state, Clock.get_time(), self._lang())
        alarm = self.state.note in (PadNote.WRONG, PadNote.WAIT)
        pad.note_color = [1, 0.45, 0.4, 1] if alarm else [0.85, 0.85, 0.85, 1]

    def _refresh_panel(self) -> None:
        if self.panel is not None:
            self.panel.show_rows(staff.panel_rows(self._info(), self._lang()))
