"""When a batch of file changes is complete: the watcher's settling rules, with time passed in.

:class:`Settler` holds the paths something happened to and decides when each has settled
and when the settled ones are handed over together. It never reads the clock or the disk:
``now`` and each file's :data:`Signature` (size, modification time) come in as values, and
the two file looks it needs when a path's quiet window has passed (the signature again,
whether the file opens) come in as functions. So the rules are tested by stepping a number.

The rules:

- a file has settled once its signature stayed the same for ``stable`` seconds (``closed_stable``
  after a close-write event: the writer said it is done) and it opens for reading (a copy in
  progress on Windows refuses); after ``max_open_failures`` refusals it is handed over anyway;
- a deleted file has settled after ``debounce`` seconds;
- everything settled is handed over as one batch once events have been quiet for ``quiet``
  seconds and nothing else is still settling, or at the latest ``max_wait`` seconds after the
  first path settled (a steady trickle of new files cannot hold a batch back for ever);
- a path that came and went unseen is never reported; a file whose signature ends where it
  started is reported only if an event said it was written (``strong``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

#: (size in bytes, modification time in ns) of a regular file
Signature = tuple[int, int]
#: a signature that never matches a real file: the last look failed for another reason
UNKNOWN: Signature = (-1, -1)


@dataclass(frozen=True)
class Timings:
    """How long the settling rules wait, in seconds."""

    #: a file's signature must stay the same this long
    stable: float = 1.0
    #: ... or this long after a close-write event
    closed_stable: float = 0.5
    #: a deletion settles after this long
    debounce: float = 0.3
    #: events must have been quiet this long before a batch is handed over
    quiet: float = 0.3
    #: a batch is handed over at the latest this long after its first path settled
    max_wait: float = 5.0
    #: refused opens before a stable file is handed over anyway
    max_open_failures: int = 20

    def __post_init__(self) -> None:
        if min(self.stable, self.closed_stable, self.debounce, self.quiet) < 0 or (
            self.max_wait <= 0
        ):
            raise ValueError(
                f"Reload: invalid timings stable={self.stable} debounce={self.debounce} "
                f"quiet={self.quiet} max_wait={self.max_wait}"
            )


@dataclass(frozen=True)
class Settled:
    """One batch of settled changes, paths relative to the content root."""

    #: files created or modified, each complete and stable
    changed: frozenset[str]
    #: files that were known and are gone
    deleted: frozenset[str]
    #: some of the changes were found by a rescan, not by events (or it was a full rescan)
    rescan: bool


@dataclass
class _Pending:
    """A path something happened to, waiting until it settles."""

    #: last seen signature; None while the file is missing
    sig: Signature | None
    #: time of the last change seen (an event or a different signature)
    since: float
    #: deliver even if the signature equals the last delivered one (created, closed)
    forced: bool = False
    #: a close-write event came after the last change
    closed: bool = False
    #: found by a rescan rather than an event
    rescan: bool = False
    resolved: bool = False
    open_failures: int = 0


class Settler:
    """The paths that changed, and when they are complete; see the module doc."""

    def __init__(self, timings: Timings) -> None:
        self.timings = timings
        #: what was last handed over (or the baseline): path -> signature; None = no baseline
        self.snapshot: dict[str, Signature] | None = None
        self._pending: dict[str, _Pending] = {}
        self._last_event_at = 0.0
        self._first_ready_at: float | None = None
        #: a full rescan happened: the next batch says so, even if nothing differs
        self._announce_full = False

    # ---- queries -----------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        """Whether anything is settling or waiting to be handed over."""
        return bool(self._pending) or self._first_ready_at is not None or self._announce_full

    def unfinished(self) -> frozenset[str]:
        """Files seen changing and not handed over yet (deletions left out)."""
        return frozenset(rel for rel, entry in self._pending.items() if entry.sig is not None)

    def known(self, rel: str) -> bool:
        """Whether ``rel`` was handed over (or is in the baseline) as a file."""
        return self.snapshot is not None and rel in self.snapshot

    def known_folders(self) -> set[str]:
        """Every folder above a known or settling file."""
        folders: set[str] = set()
        for rel in self._known_paths():
            parts = rel.split("/")
            for i in range(1, len(parts)):
                folders.add("/".join(parts[:i]))
        return folders

    def known_below(self, folder: str) -> list[str]:
        """Known or settling files inside ``folder``, sorted."""
        prefix = folder + "/"
        return sorted({rel for rel in self._known_paths() if rel.startswith(prefix)})

    def _known_paths(self) -> Iterable[str]:
        yield from self.snapshot or ()
        yield from self._pending

    # ---- what happened -----------------------------------------------------------------

    def event_seen(self, at: float) -> None:
        """An event came at ``at`` (even one that names no path): the batch is not quiet."""
        self._last_event_at = max(self._last_event_at, at)

    def mark(
        self,
        rel: str,
        sig: Signature | None,
        *,
        at: float,
        strong: bool = False,
        closed: bool = False,
        rescan: bool = False,
    ) -> None:
        """Something happened to ``rel`` at ``at``; ``sig`` is what it looks like now.

        ``strong``: an event said the file was written (created, moved in, closed), so it is
        delivered even if its signature ends where it started. ``closed``: a close-write.
        """
        entry = self._pending.get(rel)
        if entry is None:
            if sig is None and not self.known(rel):
                return  # came and went unseen
            self._pending[rel] = _Pending(sig, at, forced=strong, closed=closed, rescan=rescan)
            return
        # already settling: it stays labelled by what first saw it (events or a rescan)
        if rescan and entry.sig == sig:
            return  # a rescan saw the state we are already settling
        entry.sig = sig
        entry.since = max(entry.since, at)
        entry.forced = entry.forced or strong
        entry.closed = closed
        entry.resolved = False

    def compare(self, current: Mapping[str, Signature], now: float, *, full: bool) -> int:
        """Mark every difference between a walk of the root (``current``) and the snapshot.

        ``full`` marks every file, so all of them are handed over (the root came back or
        was replaced). Returns the number of paths marked.
        """
        snapshot = self.snapshot if self.snapshot is not None else {}
        differences = 0
        for rel, sig in current.items():
            if full or snapshot.get(rel) != sig:
                differences += 1
                self.mark(rel, sig, at=now, strong=full, rescan=True)
        for rel in snapshot.keys() - current.keys():
            differences += 1
            self.mark(rel, None, at=now, rescan=True)
        if full:
            self._announce_full = True
        return differences

    def forget_pending(self) -> None:
        """Drop everything settling (the root went away, or watching stops)."""
        self._pending.clear()
        self._first_ready_at = None

    # ---- settling and handing over -----------------------------------------------------

    def settle(
        self,
        now: float,
        look: Callable[[str], Signature | None],
        can_open: Callable[[str], bool],
    ) -> list[str]:
        """Settle every path whose quiet window has passed at ``now``.

        ``look(rel)`` is the file's signature now (None: gone), ``can_open(rel)`` whether it
        opens for reading; both are asked only of paths whose window has passed. Returns the
        files handed over although they never opened (to be logged).
        """
        forced_open: list[str] = []
        timings = self.timings
        for rel, entry in self._pending.items():
            if entry.resolved:
                continue
            if entry.sig is None:
                window = timings.debounce
            elif entry.closed:
                window = timings.closed_stable
            else:
                window = timings.stable
            if now - entry.since < window:
                continue
            sig = look(rel)
            if sig != entry.sig:
                entry.sig, entry.since, entry.closed = sig, now, False
                continue
            if sig is not None and not can_open(rel):
                entry.open_failures += 1
                if entry.open_failures < timings.max_open_failures:
                    entry.since = now
                    continue
                forced_open.append(rel)
            entry.resolved = True
            if self._first_ready_at is None:
                self._first_ready_at = now
        return forced_open

    def due(self, now: float) -> bool:
        """Whether the settled paths should be handed over at ``now``."""
        settling = any(not entry.resolved for entry in self._pending.values())
        if self._first_ready_at is None:
            return self._announce_full and not settling
        quiet = now - self._last_event_at >= self.timings.quiet
        return (quiet and not settling) or now - self._first_ready_at >= self.timings.max_wait

    def take(self) -> Settled | None:
        """Hand over every settled path as one batch and record it in the snapshot.

        None when nothing differs from what was handed over before (and no full rescan
        is to be announced).
        """
        if self.snapshot is None:
            self.snapshot = {}
        snapshot = self.snapshot
        changed: set[str] = set()
        deleted: set[str] = set()
        rescan = self._announce_full
        for rel in [rel for rel, entry in self._pending.items() if entry.resolved]:
            entry = self._pending.pop(rel)
            old = snapshot.get(rel)
            if entry.sig is None:
                if old is not None:
                    del snapshot[rel]
                    deleted.add(rel)
                    rescan = rescan or entry.rescan
            else:
                if entry.sig != old or entry.forced:
                    changed.add(rel)
                    rescan = rescan or entry.rescan
                snapshot[rel] = entry.sig
        self._first_ready_at = None
        full, self._announce_full = self._announce_full, False
        if not (changed or deleted or full):
            return None
        return Settled(frozenset(changed), frozenset(deleted), rescan)
