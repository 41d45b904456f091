"""When the touch invitation shows: now and then while the rotation plays, never while a
visitor browses.

Pure: times are passed in (Clock seconds). The overlay (ui.invitation) only fades in and
out as `InvitationTimer.visible` says.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class InvitationTiming:
    """How often the invitation shows, in seconds."""

    #: quiet rotation before the first invitation (after start or a visitor leaving)
    first_after: float = 20.0
    #: from one invitation's start to the next
    every: float = 60.0
    #: how long it stays
    show_for: float = 8.0

    def __post_init__(self) -> None:
        if self.first_after < 0 or self.show_for <= 0 or self.every <= self.show_for:
            raise ValueError("the invitation needs first_after >= 0 and every > show_for > 0")


class InvitationTimer:
    """Counts the rotation's quiet time; `visible(now, playing)` says whether to show."""

    def __init__(self, timing: InvitationTiming | None = None) -> None:
        self.timing = timing or InvitationTiming()
        #: when the rotation last started playing with no visitor (None: not playing)
        self.quiet_since: float | None = None

    def visible(self, now: float, playing: bool) -> bool:
        """Whether the invitation shows at `now`; `playing`: the rotation is on screen
        (not browse, not the standby or closed screen)."""
        if not playing:
            self.quiet_since = None
            return False
        if self.quiet_since is None:
            self.quiet_since = now
        t = now - self.quiet_since - self.timing.first_after
        return t >= 0 and t % self.timing.every < self.timing.show_for

    def next_change(self, now: float) -> float | None:
        """The next time `visible` changes if the rotation keeps playing (None: it is not
        playing)."""
        if self.quiet_since is None:
            return None
        timing = self.timing
        t = now - self.quiet_since - timing.first_after
        if t < 0:
            return now - t
        phase = t % timing.every
        if phase < timing.show_for:
            return now + timing.show_for - phase
        return now + timing.every - phase
