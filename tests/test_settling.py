"""The watcher's settling rules (core.settling), stepped with a number for the time: no sleeps."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from renkei_kiosk.core.settling import UNKNOWN, Settled, Settler, Signature, Timings

#: quarter seconds are exact in binary floating point
STEP = 0.25
TIMINGS = Timings(stable=1.0, closed_stable=0.5, debounce=0.5, quiet=0.5, max_wait=4.0,
                  max_open_failures=3)


@dataclass
class Disk:
    """What the settler would see on disk: path -> signature, and files that refuse to open."""

    files: dict[str, Signature] = field(default_factory=dict)
    locked: set[str] = field(default_factory=set)
    looks: list[str] = field(default_factory=list)

    def look(self, rel: str) -> Signature | None:
        self.looks.append(rel)
        return self.files.get(rel)

    def can_open(self, rel: str) -> bool:
        return rel not in self.locked


@dataclass
class Run:
    """A settler, its disk and the time, stepped the way the watcher's worker steps it."""

    settler: Settler = field(default_factory=lambda: Settler(TIMINGS))
    disk: Disk = field(default_factory=Disk)
    now: float = 0.0
    batches: list[tuple[float, Settled]] = field(default_factory=list)
    forced_open: list[str] = field(default_factory=list)

    def write(self, rel: str, size: int, *, closed: bool = False, strong: bool = True) -> None:
        """A write event for ``rel``, leaving it ``size`` bytes long."""
        sig = (size, int(self.now * 1e9))
        self.disk.files[rel] = sig
        self.settler.event_seen(self.now)
        self.settler.mark(rel, sig, at=self.now, strong=strong, closed=closed)

    def delete(self, rel: str) -> None:
        self.disk.files.pop(rel, None)
        self.settler.event_seen(self.now)
        self.settler.mark(rel, None, at=self.now)

    def advance(self, seconds: float) -> None:
        """Step the time by ``seconds`` in quarter seconds, settling and handing over."""
        end = self.now + seconds
        while self.now < end:
            self.now += STEP
            self.forced_open += self.settler.settle(self.now, self.disk.look, self.disk.can_open)
            if self.settler.due(self.now):
                batch = self.settler.take()
                if batch is not None:
                    self.batches.append((self.now, batch))


def test_a_half_copied_file_waits_until_its_size_stops_changing() -> None:
    run = Run()
    run.settler.snapshot = {}
    for size in (100, 200, 300):  # a slow copy: a chunk every 0.75 s
        run.write("media/a.jpg", size)
        run.advance(0.75)
        assert run.batches == []
        assert run.settler.unfinished() == {"media/a.jpg"}
    run.advance(0.25)  # 1 s since the last chunk (at 1.5): stable
    assert run.batches == [(2.5, Settled(frozenset({"media/a.jpg"}), frozenset(), False))]
    assert run.settler.unfinished() == frozenset()
    assert run.settler.snapshot == {"media/a.jpg": run.disk.files["media/a.jpg"]}


def test_a_change_seen_only_on_disk_restarts_the_wait() -> None:
    run = Run()
    run.settler.snapshot = {}
    run.write("media/a.jpg", 100)
    run.advance(0.75)
    run.disk.files["media/a.jpg"] = (250, 1)  # grew with no event (a missed one)
    run.advance(0.5)  # the window passed at 1.0: the look found a new size
    assert run.batches == []
    run.advance(0.75)  # 1 s after the look at 1.0
    assert [at for at, _ in run.batches] == [2.0]


def test_a_close_write_settles_in_the_shorter_window() -> None:
    run = Run()
    run.settler.snapshot = {}
    run.write("media/a.jpg", 100, closed=True)
    run.advance(0.5)
    assert [at for at, _ in run.batches] == [0.5]


def test_a_file_that_will_not_open_waits_then_is_handed_over_anyway() -> None:
    run = Run()
    run.settler.snapshot = {}
    run.disk.locked.add("media/v.mp4")  # Windows: a copy in progress refuses to open
    run.write("media/v.mp4", 100)
    run.advance(1.0 + 1.0)  # two refusals (at 1 and 2 s), each restarting the 1 s window
    assert run.batches == []
    assert run.forced_open == []
    run.advance(1.0)  # the third refusal: handed over anyway, and named for the log
    assert run.forced_open == ["media/v.mp4"]
    assert run.batches == [(3.0, Settled(frozenset({"media/v.mp4"}), frozenset(), False))]


def test_a_file_that_opens_again_is_handed_over_at_once() -> None:
    run = Run()
    run.settler.snapshot = {}
    run.disk.locked.add("media/v.mp4")
    run.write("media/v.mp4", 100)
    run.advance(1.0)
    run.disk.locked.clear()
    run.advance(1.0)
    assert run.forced_open == []
    assert [at for at, _ in run.batches] == [2.0]


def test_a_deletion_settles_after_the_debounce() -> None:
    run = Run()
    run.settler.snapshot = {"media/a.jpg": (1, 1)}
    run.delete("media/a.jpg")
    run.advance(0.25)
    assert run.batches == []
    run.advance(0.25)
    assert run.batches == [(0.5, Settled(frozenset(), frozenset({"media/a.jpg"}), False))]
    assert run.settler.snapshot == {}


def test_a_file_that_came_and_went_unseen_is_never_reported() -> None:
    run = Run()
    run.settler.snapshot = {}
    run.write("media/~$a.docx", 10)
    run.delete("media/~$a.docx")
    run.delete("media/never.jpg")
    run.advance(3.0)
    assert run.batches == []
    assert not run.settler.busy


def test_a_finished_file_waits_for_the_one_still_being_written() -> None:
    run = Run()
    run.settler.snapshot = {}
    run.write("media/small.jpg", 10, closed=True)  # settles at 0.5
    for _ in range(5):  # the big one keeps growing, an event every 0.5 s
        run.write("media/big.mp4", 100 + run.disk.files.get("media/big.mp4", (0, 0))[0])
        run.advance(0.5)
    assert run.batches == []  # settled, but not quiet and something is still settling
    run.advance(1.0)  # the big file stops changing at 2.0: both go together at 3.0
    assert run.batches == [
        (3.0, Settled(frozenset({"media/small.jpg", "media/big.mp4"}), frozenset(), False))
    ]


def test_a_steady_trickle_cannot_hold_a_batch_back_past_max_wait() -> None:
    run = Run()
    run.settler.snapshot = {}
    run.write("media/first.jpg", 10, closed=True)  # settled at 0.5
    n = 0
    while run.now < 6.0:  # a new file every 0.25 s, never quiet
        n += 1
        run.write(f"media/{n:03}.jpg", 10, closed=True)
        run.advance(STEP)
    assert run.batches, "max_wait ends the wait"
    at, batch = run.batches[0]
    assert at == 0.5 + TIMINGS.max_wait
    assert "media/first.jpg" in batch.changed


def test_quiet_is_counted_from_the_last_event_even_one_naming_no_path() -> None:
    run = Run()
    run.settler.snapshot = {}
    run.write("media/a.jpg", 10, closed=True)  # settles at 0.5
    run.advance(0.25)
    run.settler.event_seen(run.now)  # a folder-modified note at 0.25
    run.advance(0.25)  # settled at 0.5, but only 0.25 s quiet
    assert run.batches == []
    run.advance(0.25)
    assert [at for at, _ in run.batches] == [0.75]


@pytest.mark.parametrize(
    ("strong", "reported"),
    [
        (True, True),  # created or closed after writing: the kiosk must read it again
        (False, False),  # only touched (attributes, a read): nothing new
    ],
)
def test_a_file_back_to_its_known_signature_is_reported_only_when_written(
    strong: bool, reported: bool
) -> None:
    run = Run()
    run.settler.snapshot = {"media/a.jpg": (10, 0)}
    run.disk.files["media/a.jpg"] = (10, 0)
    run.settler.event_seen(0.0)
    run.settler.mark("media/a.jpg", (10, 0), at=0.0, strong=strong)
    run.advance(2.0)
    assert bool(run.batches) is reported


def test_a_rescan_marks_every_difference_and_says_so() -> None:
    run = Run()
    run.settler.snapshot = {"media/kept.jpg": (1, 1), "media/gone.jpg": (1, 1),
                            "media/edited.jpg": (1, 1)}
    run.disk.files = {"media/kept.jpg": (1, 1), "media/edited.jpg": (2, 2), "media/new.jpg": (3, 3)}
    assert run.settler.compare(run.disk.files, run.now, full=False) == 3
    run.advance(1.0)
    assert run.batches == [(1.0, Settled(
        frozenset({"media/edited.jpg", "media/new.jpg"}), frozenset({"media/gone.jpg"}), True
    ))]


def test_a_full_rescan_hands_over_every_file_and_is_announced_even_when_empty() -> None:
    run = Run()
    run.settler.snapshot = {"media/a.jpg": (1, 1)}
    run.disk.files = {"media/a.jpg": (1, 1)}
    assert run.settler.compare(run.disk.files, run.now, full=True) == 1
    run.advance(1.0)
    assert run.batches == [(1.0, Settled(frozenset({"media/a.jpg"}), frozenset(), True))]

    empty = Run()
    empty.settler.snapshot = {}
    assert empty.settler.compare({}, 0.0, full=True) == 0
    assert empty.settler.busy
    empty.advance(STEP)
    assert empty.batches == [(STEP, Settled(frozenset(), frozenset(), True))]


def test_a_rescan_seeing_the_state_already_settling_does_not_restart_the_wait() -> None:
    run = Run()
    run.settler.snapshot = {}
    run.write("media/a.jpg", 10)
    run.advance(0.75)
    run.settler.compare(run.disk.files, run.now, full=False)  # same signature
    run.advance(0.25)
    assert [at for at, _ in run.batches] == [1.0]
    assert run.batches[0][1].rescan is False  # it stays labelled by the event that saw it


def test_an_unreadable_file_is_looked_at_until_it_reads() -> None:
    run = Run()
    run.settler.snapshot = {}
    run.settler.event_seen(0.0)
    run.settler.mark("media/a.jpg", UNKNOWN, at=0.0, strong=True)
    run.disk.files["media/a.jpg"] = (5, 5)  # readable by the time the window passes
    run.advance(1.0)
    assert run.batches == []  # the look found a real signature: wait again from there
    run.advance(1.0)
    assert run.batches[0][1].changed == {"media/a.jpg"}


def test_files_are_looked_at_only_once_their_window_has_passed() -> None:
    run = Run()
    run.settler.snapshot = {}
    run.write("media/a.jpg", 10)
    run.advance(0.75)
    assert run.disk.looks == []
    run.advance(0.25)
    assert run.disk.looks == ["media/a.jpg"]


def test_known_folders_and_the_files_below_them() -> None:
    settler = Settler(TIMINGS)
    settler.snapshot = {"media/panels/a.jpg": (1, 1), "kiosk.yaml": (1, 1)}
    settler.mark("media/video/b.mp4", (1, 1), at=0.0)
    assert settler.known_folders() == {"media", "media/panels", "media/video"}
    assert settler.known_below("media") == ["media/panels/a.jpg", "media/video/b.mp4"]
    assert settler.known("kiosk.yaml") and not settler.known("media/video/b.mp4")


def test_forget_pending_drops_what_was_settling() -> None:
    run = Run()
    run.settler.snapshot = {}
    run.write("media/a.jpg", 10)
    run.settler.forget_pending()
    assert not run.settler.busy and run.settler.unfinished() == frozenset()
    run.advance(3.0)
    assert run.batches == []


@pytest.mark.parametrize(
    "bad",
    [
        {"stable": -1.0},
        {"debounce": -0.1},
        {"quiet": -0.1},
        {"max_wait": 0.0},
    ],
)
def test_impossible_timings_are_refused(bad: dict[str, float]) -> None:
    with pytest.raises(ValueError, match="Reload: invalid timings"):
        Timings(**bad)  # type: ignore[arg-type]
