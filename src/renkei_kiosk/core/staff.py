"""Staff access: the corner hold, the PIN pad and its wait after wrong PINs, the panel's keys.

Pure: touches, keys and `now` (seconds on any steady clock) go in, a new
:class:`StaffState` comes out. The shell (ui/staff) draws the state and carries out the
panel's actions; nothing here reads a clock or touches a widget.

The rules (SPEC "Staff panel"): holding the screen's top-left corner (within 80 px) for
5 s opens the PIN pad; digits come from the pad or the keyboard, Enter confirms; after
5 wrong PINs the pad waits 60 s. With no PIN set there is no staff access at all.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from enum import Enum

from renkei_kiosk.core.words import text

#: how far from the top-left corner a staff hold may start, in pixels
CORNER_PX = 80
#: seconds the corner must be held
HOLD_SECONDS = 5.0
#: wrong PINs in a row before the pad waits
MAX_WRONG = 5
#: seconds the pad waits after MAX_WRONG wrong PINs
WAIT_SECONDS = 60.0
#: digits the pad takes (a longer entry is cut: nobody's PIN is that long)
MAX_DIGITS = 12


class Phase(Enum):
    """Where staff access is."""

    #: the show runs; a hold in the corner may be under way
    SHOW = "show"
    #: the PIN pad is open
    PAD = "pad"
    #: the staff panel is open (the right PIN was entered)
    PANEL = "panel"


class PadNote(Enum):
    """What the pad tells staff under the digits."""

    #: nothing: type the PIN
    NONE = "none"
    #: the last PIN was wrong
    WRONG = "wrong"
    #: too many wrong PINs: the pad waits (see :func:`wait_left`)
    WAIT = "wait"


class StaffAction(Enum):
    """A button of the staff panel, each with its keyboard key."""

    #: read the content again now
    RELOAD = "r"
    #: skip the item on screen
    SKIP = "s"
    #: close the panel, back to the show
    BACK = "escape"
    #: end the kiosk (exit code 0)
    EXIT = "x"


@dataclass(frozen=True)
class StaffState:
    """Staff access at one moment."""

    phase: Phase = Phase.SHOW
    #: when a hold in the corner began (None: no hold under way)
    hold_since: float | None = None
    #: the digits typed so far
    entered: str = ""
    #: wrong PINs in a row (kept when the pad is closed, reset by the right PIN)
    wrong: int = 0
    #: until when the pad refuses PINs (None: it takes them)
    wait_until: float | None = None
    note: PadNote = PadNote.NONE


def in_corner(x: float, y_from_top: float, corner: float = CORNER_PX) -> bool:
    """Whether a touch at (x, y measured from the top) is in the staff corner."""
    return 0 <= x <= corner and 0 <= y_from_top <= corner


def press(state: StaffState, x: float, y_from_top: float, now: float) -> StaffState:
    """A finger went down: in the corner during the show, a hold begins."""
    if state.phase is Phase.SHOW and in_corner(x, y_from_top):
        return replace(state, hold_since=now)
    return state


def move(state: StaffState, x: float, y_from_top: float) -> StaffState:
    """The finger moved: leaving the corner ends the hold."""
    if state.hold_since is not None and not in_corner(x, y_from_top):
        return replace(state, hold_since=None)
    return state


def release(state: StaffState) -> StaffState:
    """The finger was lifted: a hold that had not opened the pad ends."""
    return replace(state, hold_since=None) if state.hold_since is not None else state


def hold_left(state: StaffState, now: float) -> float | None:
    """Seconds until the hold opens the pad, or None when no hold is under way."""
    if state.hold_since is None:
        return None
    return max(0.0, HOLD_SECONDS - (now - state.hold_since))


def tick(state: StaffState, now: float) -> StaffState:
    """Time passed: a hold of HOLD_SECONDS opens the pad; a wait that is over ends."""
    if state.hold_since is not None and now - state.hold_since >= HOLD_SECONDS:
        state = replace(state, phase=Phase.PAD, hold_since=None, entered="",
                        note=PadNote.WAIT if _waiting(state, now) else PadNote.NONE)
    if state.wait_until is not None and now >= state.wait_until:
        state = replace(state, wait_until=None,
                        note=PadNote.NONE if state.note is PadNote.WAIT else state.note)
    return state


def _waiting(state: StaffState, now: float) -> bool:
    return state.wait_until is not None and now < state.wait_until


def wait_left(state: StaffState, now: float) -> float:
    """Seconds the pad still refuses PINs (0 when it takes them)."""
    return max(0.0, state.wait_until - now) if state.wait_until is not None else 0.0


def digit(state: StaffState, d: str, now: float) -> StaffState:
    """A digit typed on the pad or the keyboard (ignored during the wait)."""
    if state.phase is not Phase.PAD or not (len(d) == 1 and d.isdigit()):
        return state
    if _waiting(state, now):
        return replace(state, note=PadNote.WAIT)
    if len(state.entered) >= MAX_DIGITS:
        return state
    return replace(state, entered=state.entered + d, note=PadNote.NONE)


def backspace(state: StaffState) -> StaffState:
    """The last digit is taken back."""
    if state.phase is not Phase.PAD or not state.entered:
        return state
    return replace(state, entered=state.entered[:-1])


def confirm(state: StaffState, pin: str, now: float) -> StaffState:
    """Enter: the right PIN opens the panel; a wrong one counts, and the MAX_WRONG-th in
    a row starts the wait."""
    if state.phase is not Phase.PAD:
        return state
    if _waiting(state, now):
        return replace(state, entered="", note=PadNote.WAIT)
    if not state.entered:
        return state
    if state.entered == pin:
        return StaffState(phase=Phase.PANEL)
    wrong = state.wrong + 1
    if wrong >= MAX_WRONG:
        return replace(state, entered="", wrong=0, wait_until=now + WAIT_SECONDS,
                       note=PadNote.WAIT)
    return replace(state, entered="", wrong=wrong, note=PadNote.WRONG)


def close(state: StaffState) -> StaffState:
    """Back to the show (the pad's cancel, the panel's Esc); wrong PINs and a wait stay."""
    return StaffState(wrong=state.wrong, wait_until=state.wait_until)


def action_for_key(key: str) -> StaffAction | None:
    """The panel button for a keyboard key name (Kivy's: "r", "escape", ...)."""
    try:
        return StaffAction(key.lower())
    except ValueError:
        return None


# -- what the panel shows --------------------------------------------------------------

@dataclass(frozen=True)
class PanelInfo:
    """The kiosk's state as the staff panel shows it (gathered by the shell)."""

    content_root: str
    playlist: str | None  # the active playlist's name (None: closed or nothing to show)
    item: str | None  # the item on screen, as the play log names it
    last_reload: datetime | None  # when the content was last read
    problems: tuple[str, ...]  # every current content problem, "FILE:LINE: message"
    skipped: tuple[str, ...]  # items being skipped (their file cannot be shown)
    uptime: float  # seconds since the kiosk started
    fps: float
    memory: int | None  # resident bytes (None: not known here)
    free_disk: int | None  # free bytes in the state folder's disk
    version: str
    touch: bool = True  # kiosk.yaml `touch`: whether a visitor's touch opens browse mode


def panel_rows(info: PanelInfo, lang: str | None) -> list[tuple[str, str]]:
    """(label, value) lines of the panel's state, in `lang`; lists take one line each."""
    none = text("staff_none", lang)
    reload_at = info.last_reload.strftime("%Y-%m-%d %H:%M:%S") if info.last_reload else none
    rows = [
        (text("staff_content_root", lang), info.content_root),
        (text("staff_playlist", lang), info.playlist or none),
        (text("staff_item", lang), info.item or none),
        (text("staff_touch", lang), text("staff_touch_on" if info.touch else "staff_touch_off",
                                         lang)),
        (text("staff_last_reload", lang), reload_at),
        (text("staff_uptime", lang), format_duration(info.uptime)),
        (text("staff_fps", lang), f"{info.fps:.0f}"),
        (text("staff_memory", lang), format_bytes(info.memory)),
        (text("staff_free_disk", lang), format_bytes(info.free_disk)),
        (text("staff_version", lang), info.version),
    ]
    rows.append((text("staff_problems", lang, n=len(info.problems)),
                 "" if info.problems else none))
    rows += [("", p) for p in info.problems]
    rows.append((text("staff_skipped", lang, n=len(info.skipped)),
                 "" if info.skipped else none))
    rows += [("", k) for k in info.skipped]
    return rows


def pad_note_text(state: StaffState, now: float, lang: str | None) -> str:
    """The line under the pad's digits."""
    if state.note is PadNote.WAIT and wait_left(state, now) > 0:
        return text("staff_pin_wait", lang, seconds=int(wait_left(state, now) + 0.999))
    if state.note is PadNote.WRONG:
        return text("staff_pin_wrong", lang, left=MAX_WRONG - state.wrong)
    return text("staff_pin_prompt", lang)


def format_bytes(n: int | None) -> str:
    """1536 -> "1.5 KB"; None -> "?" (not known on this system)."""
    if n is None:
        return "?"
    value = float(n)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    raise AssertionError("unreachable")


def format_duration(seconds: float) -> str:
    """3725 -> "1:02:05"; 90000 -> "1d 1:00:00"."""
    total = max(0, int(seconds))
    days, rest = divmod(total, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    clock = f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{days}d {clock}" if days else clock
