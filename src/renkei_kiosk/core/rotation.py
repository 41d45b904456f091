"""The rotation state machine: which item is on screen, for how long, and what comes next.

Pure: `now` is a float of seconds from a monotonic clock, passed in by the player. The
player asks `is_due(now)` (or schedules a timer for `due_at()`), prepares `upcoming()`
early, and calls `advance(now)` when it starts the transition. It reports back what it
learns: `mark_failed()` when an item could not be loaded, `file_changed()` when the watcher
saw a file change. The rotation keeps the order and the due times; the player
(core.player) decides when an item is over (also a video's end, a card's pages).

Timing: an item's time starts when it is fully on screen. The first item (`start`) is on
screen at once; after `advance(now)` the new item is fully on screen once the transition
is over, at ``now + transition_duration``, and it is due ``duration`` seconds after that.
A video with ``duration=None`` ("full") has no due time: the player waits for its end, with
a safety cap (`max_video_seconds`, 2 hours, which `is_due` applies) in case no end event
ever arrives.

Shuffle draws a new order every cycle from a `random.Random(seed)`, so a seed makes it
reproducible, and never puts the same item twice in a row, also across the boundary of
two cycles (a one-item rotation just repeats).

Items are identified by `Item.key`. A failed item is skipped until its file's stamp
(any value that changes with the file, e.g. ``(size, mtime_ns)``) differs from the one it
failed with. When every item has failed, `current` is None: the player shows standby, and
`is_due()` turns True as soon as something is playable again.
"""

from __future__ import annotations

import enum
import random
from collections.abc import Sequence
from dataclasses import dataclass

from renkei_kiosk.core.model import Item, Kind

__all__ = ["MAX_VIDEO_SECONDS", "Rotation", "RotationError", "RotationState"]

#: the longest a "full" video may run when no end event arrives
MAX_VIDEO_SECONDS = 2 * 60 * 60.0


class RotationState(enum.Enum):
    """Where the rotation is in its life."""

    #: made, `start()` not called yet
    NOT_STARTED = "not started"
    #: items come and go by their due times
    RUNNING = "running"
    #: browse mode took over: the current item's clock is stopped
    PAUSED = "paused"


class RotationError(Exception):
    """A call that the rotation's state does not allow."""


@dataclass(frozen=True)
class _Next:
    """Where the rotation goes next: an index into a cycle order."""

    order: tuple[int, ...]
    pos: int
    new_cycle: bool


class Rotation:
    """The rotation of one playlist's items. Not thread-safe: use it from one thread."""

    def __init__(
        self,
        items: Sequence[Item],
        *,
        default_duration: float = 8.0,
        shuffle: bool = False,
        seed: int | None = None,
        transition_duration: float = 0.0,
        max_video_seconds: float = MAX_VIDEO_SECONDS,
    ) -> None:
        if default_duration <= 0:
            raise ValueError(f"default_duration must be positive, got {default_duration}")
        if transition_duration < 0:
            raise ValueError(f"transition_duration must be >= 0, got {transition_duration}")
        self.items: tuple[Item, ...] = tuple(items)
        self.default_duration = float(default_duration)
        self.shuffle = shuffle
        self.transition_duration = float(transition_duration)
        self.max_video_seconds = float(max_video_seconds)
        self._rng = random.Random(seed)
        #: what is on screen; None = nothing playable (standby) or not started
        self.current: Item | None = None
        #: when `current` was (or will be, during a transition) fully on screen
        self.started_at: float | None = None
        self._order: tuple[int, ...] = ()
        self._pos = -1
        self._pending: tuple[int, ...] | None = None  # the next cycle, once drawn
        self._last_key: str | None = None  # the last item shown, also across standby
        self._failed: dict[str, object] = {}
        self.state = RotationState.NOT_STARTED
        self._paused_at: float | None = None  # when PAUSED began
        #: completed cycles, for the curious (tests, logs)
        self.cycles = 0

    # --- queries -------------------------------------------------------------------------

    @property
    def _is_started(self) -> bool:
        return self.state is not RotationState.NOT_STARTED

    @property
    def paused(self) -> bool:
        """Whether browse mode has paused the rotation."""
        return self.state is RotationState.PAUSED

    def is_failed(self, key: str) -> bool:
        """Whether the item with `key` is being skipped."""
        return key in self._failed

    def duration_of(self, item: Item) -> float | None:
        """Seconds `item` stays on screen; None for a video that plays to its end."""
        if item.duration is not None:
            return float(item.duration)
        if item.kind is Kind.VIDEO:
            return None
        return self.default_duration

    def due_at(self) -> float | None:
        """When the current item's time is up; None for a full-length video (or nothing).

        While paused this is the due time as it stood at the pause; `resume` moves it on.
        """
        if self.current is None or self.started_at is None:
            return None
        duration = self.duration_of(self.current)
        if duration is None:
            return None
        return self.started_at + duration

    def give_up_at(self) -> float | None:
        """For a full-length video: when to move on if no end event has arrived."""
        if self.current is None or self.started_at is None:
            return None
        if self.duration_of(self.current) is not None:
            return None
        return self.started_at + self.max_video_seconds

    def is_due(self, now: float) -> bool:
        """Whether the player should `advance(now)`.

        True when the current item's time is up (or a full video's safety cap is hit), or
        during standby as soon as some item is playable again. Never while paused.
        """
        if not self._is_started or self.paused:
            return False
        if self.current is None:
            return self._any_playable()
        deadline = self.due_at()
        if deadline is None:
            deadline = self.give_up_at()
        return deadline is not None and now >= deadline

    def remaining(self, now: float) -> float | None:
        """Seconds left for the current item (None for a full video or nothing)."""
        deadline = self.due_at()
        if deadline is None:
            return None
        if self._paused_at is not None:
            now = self._paused_at
        return max(0.0, deadline - now)

    def upcoming(self) -> Item | None:
        """What `advance` would show next, so the player can prepare it early.

        None before `start` and when nothing is playable. Asking again after
        `mark_failed` gives the item after the failed one.
        """
        if not self._is_started or not self.items:
            return None
        nxt = self._peek()
        return None if nxt is None else self.items[nxt.order[nxt.pos]]

    def position(self) -> tuple[int, str | None]:
        """(index into `items`, key) of the current item, for a resume point file."""
        if self.current is None or not self._order or self._pos < 0:
            return (max(self._pos, 0), None)
        return (self._order[self._pos], self.current.key)

    # --- transitions ---------------------------------------------------------------------

    def start(self, now: float, *, resume: tuple[int, str | None] | None = None) -> Item | None:
        """Begin the rotation at `now`: the first playable item, or `resume`'s item.

        `resume` is a value from `position()`: the item with that key if it is still in
        the list (the occurrence nearest to that index), else the item at that index.
        """
        self.state = RotationState.RUNNING
        self._paused_at = None
        self._pending = None
        self._order = self._new_order(avoid=None)
        self._pos = -1
        if resume is not None and self.items:
            index = self._resume_index(resume)
            if index is not None:
                self._order = self._order_starting_at(index)
                self._pos = self._order.index(index)
                if self._playable(index):
                    return self._show(self._pos, now)
                # fall through: move on from there
        return self._step(now, transition=False)

    def advance(self, now: float) -> Item | None:
        """Move on to the next playable item and return it (None: standby)."""
        self._require_started("advance")
        if self.paused:
            raise RotationError("Cannot advance the rotation in state paused; resume it first.")
        return self._step(now, transition=True)

    def mark_failed(self, key: str, stamp: object) -> None:
        """The item with `key` could not be loaded: skip it until its stamp changes.

        This only records the failure. If the failed item is `current`, the player calls
        `advance(now)` next; if it was `upcoming()`, asking `upcoming()` again gives the
        item after it.
        """
        self._failed[key] = stamp

    def file_changed(self, key: str, stamp: object) -> bool:
        """The file behind `key` changed: try it again if its stamp differs. True if so."""
        if key in self._failed and self._failed[key] != stamp:
            del self._failed[key]
            return True
        return False

    def pause(self, now: float) -> None:
        """Browse mode took over: stop the current item's clock."""
        if self._paused_at is None:
            self._paused_at = now
            self.state = RotationState.PAUSED

    def resume(self, now: float) -> Item | None:
        """Back from browse mode: the same item continues with its remaining time."""
        if self._paused_at is None:
            return self.current
        if self.started_at is not None:
            self.started_at += max(0.0, now - self._paused_at)
        self._paused_at = None
        self.state = RotationState.RUNNING
        return self.current

    def replace_items(self, items: Sequence[Item], now: float) -> Item | None:
        """The playlist was reloaded: keep the position by item key where possible.

        The current item, if still present, stays on screen with its clock running (its
        new values, such as a changed duration, apply). If it is gone, the rotation moves
        on to the first remaining item that followed it. Returns the current item.
        """
        old_items, old_order, old_pos = self.items, self._order, self._pos
        old_current = self.current
        self.items = tuple(items)
        self._pending = None
        new_index: dict[str, list[int]] = {}
        for i, item in enumerate(self.items):
            new_index.setdefault(item.key, []).append(i)

        if not self._is_started:
            return None
        if not old_order or old_pos < 0 or old_current is None:
            # standby or nothing shown yet: start a fresh cycle, shown on the next is_due
            self._order = self._new_order(avoid=self._last_key)
            self._pos = -1
            self.current = None
            self.started_at = None
            return None

        def take(key: str, near: int) -> int | None:
            choices = new_index.get(key)
            if not choices:
                return None
            best = min(choices, key=lambda i: (abs(i - near), i))
            choices.remove(best)
            return best

        cur_old_index = old_order[old_pos]
        cur_new = take(old_current.key, cur_old_index)
        shown = [take(old_items[i].key, i) for i in old_order[:old_pos]]
        rest = [take(old_items[i].key, i) for i in old_order[old_pos + 1 :]]
        leftover = sorted(i for lst in new_index.values() for i in lst)

        if not self.shuffle:
            order = tuple(range(len(self.items)))
            if cur_new is not None:
                self._order, self._pos = order, cur_new
                self.current = self.items[cur_new]
                return self.current
            follower = next((i for i in rest if i is not None and self._playable(i)), None)
            self._order = order
            if follower is None:
                self._pos = len(order) - 1  # the cycle is over: next is a new cycle
                return self._step(now, transition=True)
            self._pos = follower
            return self._show(follower, now, transition=True)

        # shuffle: keep this cycle's order for the known items; new ones join the rest
        self._rng.shuffle(leftover)
        kept_rest = [i for i in rest if i is not None]
        for i in leftover:
            kept_rest.insert(self._rng.randint(0, len(kept_rest)), i)
        head = [i for i in shown if i is not None]
        if cur_new is not None:
            self._order = (*head, cur_new, *kept_rest)
            self._pos = len(head)
            self.current = self.items[cur_new]
            return self.current
        self._order = (*head, *kept_rest)
        self._pos = len(head) - 1
        return self._step(now, transition=True)

    # --- internals -----------------------------------------------------------------------

    def _require_started(self, what: str) -> None:
        if not self._is_started:
            raise RotationError(f"Cannot call {what}() in state not started; call start() first.")

    def _playable(self, index: int) -> bool:
        return self.items[index].key not in self._failed

    def _any_playable(self) -> bool:
        return any(item.key not in self._failed for item in self.items)

    def _resume_index(self, resume: tuple[int, str | None]) -> int | None:
        index, key = resume
        if key is not None:
            matches = [i for i, item in enumerate(self.items) if item.key == key]
            if matches:
                return min(matches, key=lambda i: (abs(i - index), i))
        if 0 <= index < len(self.items):
            return index
        return None

    def _order_starting_at(self, index: int) -> tuple[int, ...]:
        """A cycle order that contains `index` (for shuffle: moved to the front)."""
        if not self.shuffle:
            return tuple(range(len(self.items)))
        rest = [i for i in self._order if i != index]
        return (index, *rest)

    def _new_order(self, avoid: str | None) -> tuple[int, ...]:
        """A new cycle: natural order, or a fresh shuffle not starting with `avoid`."""
        order = list(range(len(self.items)))
        if self.shuffle and len(order) > 1:
            self._rng.shuffle(order)
            self._fix_start(order, avoid, use_rng=True)
        return tuple(order)

    def _fix_start(self, order: list[int], avoid: str | None, *, use_rng: bool) -> None:
        """Make the first playable item of `order` differ from the key `avoid`, if possible."""
        if avoid is None:
            return
        first = next((p for p, i in enumerate(order) if self._playable(i)), None)
        if first is None or self.items[order[first]].key != avoid:
            return
        others = [
            p
            for p in range(first + 1, len(order))
            if self._playable(order[p]) and self.items[order[p]].key != avoid
        ]
        if not others:
            return  # only `avoid` is playable: it repeats
        swap = self._rng.choice(others) if use_rng else others[0]
        order[first], order[swap] = order[swap], order[first]

    def _peek(self) -> _Next | None:
        """The next playable position after the current one, drawing the next cycle if needed."""
        for p in range(self._pos + 1, len(self._order)):
            if self._playable(self._order[p]):
                return _Next(self._order, p, new_cycle=False)
        if self._pending is None:
            self._pending = self._new_order(avoid=self._avoid_key())
        elif self.shuffle:  # (a written order is played as written, repeats and all)
            pending = list(self._pending)
            self._fix_start(pending, self._avoid_key(), use_rng=False)
            self._pending = tuple(pending)
        for p, i in enumerate(self._pending):
            if self._playable(i):
                return _Next(self._pending, p, new_cycle=True)
        return None

    def _avoid_key(self) -> str | None:
        """The key the next cycle must not start with: what is (or was last) shown."""
        if self.current is not None:
            return self.current.key
        return self._last_key

    def _step(self, now: float, *, transition: bool) -> Item | None:
        nxt = self._peek() if self.items else None
        if nxt is None:
            self.current = None
            self.started_at = None
            return None
        if nxt.new_cycle:
            self._order = nxt.order
            self._pending = None
            if self._pos >= 0:
                self.cycles += 1
        return self._show(nxt.pos, now, transition=transition)

    def _show(self, pos: int, now: float, *, transition: bool = False) -> Item:
        self._pos = pos
        item = self.items[self._order[pos]]
        self.current = item
        self._last_key = item.key
        delay = self.transition_duration if transition else 0.0
        self.started_at = now + delay
        if self._paused_at is not None:
            # moved on while paused (a reload): its clock starts when the rotation resumes
            self._paused_at = now
        return item
