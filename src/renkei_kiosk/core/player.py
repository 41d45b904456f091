"""The player: events in, commands out; the one owner of "this item is over".

Pure: `now` is a float of seconds from a monotonic clock and `wall` the local date and
time, both passed in by the shell (app.py), which carries out the commands this returns
and reports back what happened. Nothing here touches a file, a widget or a thread.

Events: `tick` (time passes; the schedule may switch playlists), `prepared` / `failed`
(the shell finished preparing the item it was told to prepare), `video_ended`,
`browse_opened` / `browse_closed`, `content_replaced`, `root_missing`, `stop`.

Commands: `Prepare` an item early, `CancelPrepare`, `Show` it with a transition,
`ShowPage` (the next page of the comment card on screen), `ShowPlaceholder` (standby or
closed), `OpenPlay` / `ClosePlay` a play-log row with an `Outcome`, `RecordSkip` (an
unreadable item), `SaveResume` (whenever the item changes, so a crash loses nothing), and
`Switched` (the schedule made another playlist active, or closed).

When an item ends, decided here only: its duration (`core.rotation` keeps the order and
the due times), the pages of a comment card (each page gets the item's duration), a video's
end (reported by `video_ended`), and the full-length video's safety cap. The next item is
shown only once it is prepared, so the screen never goes blank between two items.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from renkei_kiosk.core.model import Content, Item, Kind, Playlist, Transition
from renkei_kiosk.core.reload import changed_keys
from renkei_kiosk.core.rotation import Rotation
from renkei_kiosk.core.schedule import active_playlist, next_change

__all__ = [
    "PLACEHOLDER_FADE",
    "PREPARE_LEAD",
    "CancelPrepare",
    "ClosePlay",
    "Command",
    "OpenPlay",
    "Outcome",
    "Placeholder",
    "Player",
    "Prepare",
    "RecordSkip",
    "ResumePoint",
    "SaveResume",
    "Show",
    "ShowPage",
    "ShowPlaceholder",
    "Switched",
]

#: start preparing the next item this many seconds before it is due
PREPARE_LEAD = 3.0
#: seconds of the fade to the standby or closed slide
PLACEHOLDER_FADE = 1.0


class Placeholder(enum.StrEnum):
    """A slide shown instead of the rotation."""

    #: nothing in the active playlist can be shown: calm, never black
    STANDBY = "standby"
    #: outside opening hours (no playlist is scheduled now)
    CLOSED = "closed"


class Outcome(enum.StrEnum):
    """How a play-log row ended (the values of `plays.outcome`)."""

    #: shown for its time
    OK = "ok"
    #: the file could not be read or played
    SKIPPED = "skipped"
    #: the kiosk stopped (or crashed) while it was on screen
    INTERRUPTED = "interrupted"


@dataclass(frozen=True)
class ResumePoint:
    """Where a rotation was: playlist stem, index into its items, key of the item."""

    playlist: str
    index: int
    key: str | None


# -- commands -----------------------------------------------------------------------------
@dataclass(frozen=True)
class Prepare:
    """Prepare `item` (decode it) now; replaces any preparation in progress."""

    item: Item
    background: tuple[float, float, float]
    #: seconds per page of a comment card
    page_seconds: float


@dataclass(frozen=True)
class CancelPrepare:
    """Drop the preparation in progress."""


@dataclass(frozen=True)
class Show:
    """Put the prepared `item` on screen with `transition`."""

    item: Item
    transition: Transition
    duration: float


@dataclass(frozen=True)
class ShowPage:
    """Show page `page` (from 0) of the comment card on screen."""

    page: int


@dataclass(frozen=True)
class ShowPlaceholder:
    """Show the standby or closed slide (fading in)."""

    which: Placeholder
    duration: float = PLACEHOLDER_FADE


@dataclass(frozen=True)
class OpenPlay:
    """Open a play-log row for `item`, shown now from `playlist`."""

    item: Item
    playlist: str


@dataclass(frozen=True)
class ClosePlay:
    """Close the open play-log row with `outcome`."""

    outcome: Outcome


@dataclass(frozen=True)
class RecordSkip:
    """`item` could not be shown (`reason`): log it and write a `skipped` row."""

    item: Item
    playlist: str
    reason: str


@dataclass(frozen=True)
class SaveResume:
    """Remember `point`, so a restart continues there."""

    point: ResumePoint


@dataclass(frozen=True)
class Switched:
    """The schedule made `playlist` active (None: closed)."""

    playlist: Playlist | None


Command = (Prepare | CancelPrepare | Show | ShowPage | ShowPlaceholder | OpenPlay | ClosePlay
           | RecordSkip | SaveResume | Switched)


class Player:
    """The signage player's decisions. Not thread-safe: use it from one thread."""

    def __init__(
        self,
        content: Content,
        *,
        resume: ResumePoint | None = None,
        prepare_lead: float = PREPARE_LEAD,
    ) -> None:
        self.content = content
        self.prepare_lead = prepare_lead
        #: the active playlist (None: closed, or not started)
        self.playlist: Playlist | None = None
        #: its rotation (the order and due times)
        self.rotation: Rotation | None = None
        #: the placeholder on screen, if one is
        self.placeholder: Placeholder | None = None
        #: key of the rotation item on screen (None while a placeholder or nothing shows)
        self.shown: str | None = None
        self._resume = resume
        self._started = False
        self._ever_shown = False  # anything at all on screen (the first show fades in)
        self._preparing: Item | None = None
        self._ready = False  # `_preparing` is prepared
        self._play_open = False
        self._browsing = False
        self._root_missing = False
        self._next_change: datetime | None = None
        self._pages = 0  # pages of the item being prepared (comment cards)
        self._held_until = 0.0  # the card on screen stays until its last page had its time
        # the comment card on screen: its page count, seconds per page, when its first
        # page was fully on screen, the page shown, and when browsing paused it
        self._card_pages = 0
        self._page_seconds = 0.0
        self._pages_from = 0.0
        self._page = 0
        self._browse_from: float | None = None
        self._video_ended = False  # the video on screen reached its end
        self._transition_until = 0.0

    # --- queries -------------------------------------------------------------------------
    @property
    def on_screen(self) -> str | Placeholder | None:
        """Key of the item on screen, the placeholder showing, or None (starting)."""
        return self.shown if self.shown is not None else self.placeholder

    @property
    def starting(self) -> bool:
        """Whether nothing has been shown yet."""
        return not self._ever_shown

    @property
    def preparing(self) -> Item | None:
        """The item being prepared (None: none, or it is ready)."""
        return None if self._ready else self._preparing

    def remaining(self, now: float) -> float | None:
        """Seconds left for the item on screen (None: a full video, or no item)."""
        rot = self.rotation
        if rot is None or rot.current is None:
            return None
        return rot.remaining(now)

    def next_change(self, now: float, wall: datetime | None = None) -> float | None:
        """The soonest time at which `tick` has something to do: the next page of the
        item on screen, the next item's preparation (`now` when that is already due), its
        end, and (given the wall clock `wall` that goes with `now`) the next schedule
        change, opening or closing. None: nothing timed, e.g. a full video, which ends by
        `video_ended`, or an item past its time that waits for the next one's decoding.

        The frame pacer sleeps until then on a still slide; other events come at its rest
        rate."""
        times: list[float] = []
        if wall is not None and self._started and self._next_change is not None:
            times.append(now + max(0.0, (self._next_change - wall).total_seconds()))
        rot = self.rotation
        if rot is None or rot.current is None or self.shown != rot.current.key or rot.paused:
            return min(times) if times else None
        if self._card_pages >= 2 and self._page < self._card_pages - 1:
            turn = self._pages_from + (self._page + 1) * self._page_seconds
            while (turn - self._pages_from) // self._page_seconds <= self._page:
                turn = math.nextafter(turn, math.inf)  # (where `_turn_page` turns it)
            times.append(turn)
        due = rot.due_at()
        if due is not None:
            upcoming = rot.upcoming()
            if upcoming is not None and (self._preparing is None
                                         or self._preparing.key != upcoming.key):
                # (already past: the next tick prepares it, e.g. after a transition)
                times.append(max(now, due - self.prepare_lead))
            if max(due, self._held_until) > now:  # (past: it waits for the next item)
                times.append(max(due, self._held_until))
        return min(times) if times else None

    def transitioning(self, now: float) -> bool:
        """Whether a transition this player started is still running."""
        return now < self._transition_until

    def position(self) -> ResumePoint | None:
        """Where the rotation is, for the resume file."""
        if self.rotation is None or self.playlist is None:
            return None
        index, key = self.rotation.position()
        return ResumePoint(self.playlist.stem, index, key)

    # --- events --------------------------------------------------------------------------
    def tick(self, now: float, wall: datetime) -> list[Command]:
        """Time passes: switch playlists when the schedule says so, move the rotation on."""
        out: list[Command] = []
        if not self._started or (self._next_change is not None and wall >= self._next_change):
            self._started = True
            out += self._apply_schedule(now, wall)
        out += self._step(now)
        return out

    def prepared(self, key: str, now: float, *, pages: int = 0) -> list[Command]:
        """The item being prepared is ready (`pages`: a comment card's page count)."""
        if self._preparing is None or self._preparing.key != key:
            return []
        rot = self.rotation
        if rot is None:
            self._preparing = None
            return [CancelPrepare()]
        self._ready = True
        self._pages = pages
        if rot.current is not None and rot.current.key == key and self.shown != key:
            return self._show(rot.current, now)
        return []

    def failed(self, key: str, reason: str, stamp: object, now: float) -> list[Command]:
        """The item being prepared cannot be shown; skip it until its file (`stamp`)
        changes."""
        item = self._preparing
        if item is None or item.key != key:
            return []
        self._preparing, self._ready = None, False
        rot = self.rotation
        if rot is None or self.playlist is None:
            return []
        was_current = rot.current is not None and rot.current.key == key
        rot.mark_failed(key, stamp)
        if was_current and self.shown != key:
            rot.advance(now)
        return [RecordSkip(item, self.playlist.stem, reason)]

    def video_ended(self, key: str) -> None:
        """The video `key` on screen reached its end: the next item follows once ready."""
        if self.shown == key:
            self._video_ended = True

    def skip(self, now: float) -> None:
        """Staff asked for the next item now: it follows as soon as it is prepared."""
        rot = self.rotation
        if rot is not None and rot.current is not None and not rot.paused:
            rot.advance(now)

    def browse_opened(self, now: float) -> None:
        """A visitor started browsing: the item on screen keeps its remaining time."""
        self._browsing = True
        self._browse_from = now
        if self.rotation is not None:
            self.rotation.pause(now)

    def browse_closed(self, now: float) -> None:
        """The visitor left: the rotation continues where it was."""
        self._browsing = False
        if self._browse_from is not None:  # the card's pages keep their remaining time too
            paused = max(0.0, now - self._browse_from)
            self._pages_from += paused
            self._held_until += paused
            self._browse_from = None
        if self.rotation is not None:
            self.rotation.resume(now)

    def root_missing(self, missing: bool) -> None:
        """The content folder vanished (keep what is on screen) or came back."""
        self._root_missing = missing

    def content_replaced(
        self,
        content: Content,
        changed: Iterable[str],
        stamp_of: Callable[[Item], object],
        now: float,
        wall: datetime,
    ) -> list[Command]:
        """New content was read. `changed` are the changed or deleted paths; `stamp_of`
        tells a file's current stamp, so a skipped item whose file changed is retried."""
        self.content = content
        changed = set(changed)
        out: list[Command] = []
        rot = self.rotation
        if rot is not None and self.playlist is not None:
            stem = self.playlist.stem
            items = content.items.get(stem)
            new_pl = content.playlists.get(stem)
            if new_pl is not None and items is not None:
                self.playlist = new_pl
                hit = changed_keys(items, changed)
                by_key = {item.key: item for item in items}
                for key in hit:
                    if rot.is_failed(key):  # a skipped file was replaced: try it again
                        rot.file_changed(key, stamp_of(by_key[key]))
                rot.replace_items(items, now)
                job = self._preparing
                if job is not None and (job.key in hit or job.path in changed):
                    out += self._drop_preparation()
                if self.shown is not None and self.shown in hit:
                    self.shown = None  # the item on screen changed: show it afresh
        out += self._apply_schedule(now, wall)
        return out

    def stop(self) -> list[Command]:
        """The kiosk stops: remember the position, close the row as interrupted."""
        out: list[Command] = []
        point = self.position()
        if point is not None:
            out.append(SaveResume(point))
        if self._play_open:
            self._play_open = False
            out.append(ClosePlay(Outcome.INTERRUPTED))
        out += self._drop_preparation()
        return out

    # --- internals -----------------------------------------------------------------------
    def _apply_schedule(self, now: float, wall: datetime) -> list[Command]:
        """Switch to the playlist the schedule makes active now (or closed)."""
        playlists = self.content.playlists
        active = active_playlist(playlists, wall)
        self._next_change = next_change(playlists, wall)
        if active is not None and self.playlist is not None and active.stem == self.playlist.stem:
            return []
        # no playlist at all is not "closed": staff have yet to add one (standby)
        idle = Placeholder.CLOSED if playlists else Placeholder.STANDBY
        if active is None and self.playlist is None and self.placeholder is idle:
            return []
        out: list[Command] = [Switched(active)]
        self.playlist = active
        out += self._drop_preparation()
        self.shown = None
        if active is None:
            self.rotation = None
            return out + self._show_placeholder(idle, now)
        items = self.content.items.get(active.stem, ())
        self.rotation = Rotation(
            items,
            default_duration=active.default_duration,
            shuffle=active.shuffle,
            seed=int(wall.strftime("%Y%m%d")),
            transition_duration=active.transition_duration,
        )
        self.rotation.start(now, resume=self._take_resume(active.stem))
        if self._browsing:  # switched while a visitor browses: wait for them
            self.rotation.pause(now)
        return out

    def _take_resume(self, stem: str) -> tuple[int, str | None] | None:
        """The saved position for playlist `stem`, used once at start-up."""
        point, self._resume = self._resume, None
        if point is None or point.playlist != stem:
            return None
        return point.index, point.key

    def _step(self, now: float) -> list[Command]:
        rot, playlist = self.rotation, self.playlist
        if rot is None or playlist is None or self._root_missing or rot.paused:
            return []
        current = rot.current
        if current is None:
            if rot.is_due(now):  # something became playable again
                rot.advance(now)
                return []
            return self._show_placeholder(Placeholder.STANDBY, now)
        if self.shown != current.key:
            # the current item is not on screen yet (start, playlist switch, reload)
            out = self._ensure_prepared(current)
            if self._ready:
                out += self._show(current, now)
            return out
        out = self._turn_page(now)
        upcoming = rot.upcoming()
        if upcoming is None:
            return out
        remaining = rot.remaining(now)
        # decoding competes with drawing for the CPU: wait for a transition to end unless
        # the next item is nearly due
        calm = not self.transitioning(now) or (remaining is not None and remaining < 1.0)
        if calm and (remaining is None or remaining <= self.prepare_lead or self._video_ended):
            out += self._ensure_prepared(upcoming)
        if not self._over(now) or not self._ready:
            return out  # keep the current slide until the next one is ready: never a gap
        item = rot.advance(now)
        if item is not None and self._preparing is not None and item.key == self._preparing.key:
            out += self._show(item, now)
        # otherwise the rotation changed under us; the next tick prepares again
        return out

    def _turn_page(self, now: float) -> list[Command]:
        """The comment card on screen turns to the page its time has come for (each page
        gets the item's duration, from when the card is fully on screen)."""
        if self._card_pages < 2:
            return []
        elapsed = now - self._pages_from
        page = min(self._card_pages - 1, max(0, int(elapsed // self._page_seconds)))
        if page == self._page:
            return []
        self._page = page
        return [ShowPage(page)]

    def _over(self, now: float) -> bool:
        """Whether the item on screen has had its time: its video ended, or its duration
        (or a full video's safety cap) passed and a paged card showed its last page."""
        assert self.rotation is not None
        if self._video_ended:
            return True
        return self.rotation.is_due(now) and now >= self._held_until

    def _ensure_prepared(self, item: Item) -> list[Command]:
        """Prepare `item` unless it is already being prepared."""
        if self._preparing is not None and self._preparing.key == item.key:
            return []
        assert self.playlist is not None
        self._preparing, self._ready, self._pages = item, False, 0
        page_seconds = item.duration or self.playlist.default_duration
        return [Prepare(item, self.playlist.background, page_seconds)]

    def _drop_preparation(self) -> list[Command]:
        if self._preparing is None:
            return []
        self._preparing, self._ready = None, False
        return [CancelPrepare()]

    def _close_play(self, outcome: Outcome) -> list[Command]:
        if not self._play_open:
            return []
        self._play_open = False
        return [ClosePlay(outcome)]

    def _show(self, item: Item, now: float) -> list[Command]:
        """Put the prepared `item` on screen and open its play row."""
        assert self.playlist is not None
        out = self._close_play(Outcome.OK)
        transition = self.playlist.transition
        duration = self.playlist.transition_duration
        if self.placeholder is not None or not self._ever_shown:
            transition = Transition.FADE
        elif item.kind is Kind.VIDEO and item.key == self.shown:
            # a video following itself (a playlist of one clip) loops with a cut, as a
            # player's loop does: a fade from its last frame into its own first is a
            # stutter, and on a PC without a GPU it cost a second of CPU each time
            transition, duration = Transition.NONE, 0.0
        self._start_transition(now, transition, duration)
        self.placeholder = None
        self.shown = item.key
        page_seconds = item.duration or self.playlist.default_duration
        self._card_pages, self._page_seconds, self._page = self._pages, page_seconds, 0
        self._pages_from = now + duration  # page 0's time starts once the card is on screen
        self._held_until = self._pages_from + page_seconds * self._pages
        self._preparing, self._ready, self._pages = None, False, 0
        self._video_ended = False
        self._play_open = True
        out += [Show(item, transition, duration), OpenPlay(item, self.playlist.stem)]
        point = self.position()
        if point is not None:  # (after the row opens: its time is a sign of life)
            out.append(SaveResume(point))
        return out

    def _show_placeholder(self, which: Placeholder, now: float) -> list[Command]:
        """The standby or closed slide, shown once until content returns."""
        if self.placeholder is which:
            return []
        out = self._close_play(Outcome.OK)
        self._start_transition(now, Transition.FADE, PLACEHOLDER_FADE)
        self.placeholder = which
        self.shown = None
        return [*out, ShowPlaceholder(which)]

    def _start_transition(self, now: float, transition: Transition, duration: float) -> None:
        # (the stage cuts to the first slide of all: nothing is there to fade from)
        moving = self._ever_shown and transition is not Transition.NONE and duration > 0
        self._transition_until = now + duration if moving else now
        self._ever_shown = True
