"""The rotation state machine, driven by a number for `now`."""

from __future__ import annotations

import itertools
import random
from collections import Counter

import pytest

from renkei_kiosk.core.model import Item, Kind
from renkei_kiosk.core.rotation import MAX_VIDEO_SECONDS, Rotation, RotationError


def img(key: str, duration: float | None = None) -> Item:
    return Item(kind=Kind.IMAGE, key=key, duration=duration, path=key)


def vid(key: str, duration: float | None = None) -> Item:
    return Item(kind=Kind.VIDEO, key=key, duration=duration, path=key)


def items(keys: str) -> list[Item]:
    return [img(k) for k in keys]


def keys_of(rot: Rotation, steps: int, now: float = 0.0) -> list[str | None]:
    """Advance `steps` times and collect what came on screen."""
    out = []
    for n in range(steps):
        item = rot.advance(now + n)
        out.append(None if item is None else item.key)
    return out


def started(keys: str, **kw: object) -> Rotation:
    rot = Rotation(items(keys), **kw)  # type: ignore[arg-type]
    rot.start(0.0)
    return rot


# --- order and timing --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("keys", "expected"),
    [
        ("ABC", "BCABCAB"),
        ("A", "AAAA"),
        ("AB", "BABA"),
        # a written order plays as written, also when one item ends a cycle and begins
        # the next (the player asks upcoming() before every advance)
        ("ABCA", "BCAABCAABC"),
        ("AAB", "ABAABAAB"),
    ],
)
def test_natural_order_wraps(keys: str, expected: str) -> None:
    rot = Rotation(items(keys))
    first = rot.start(0.0)
    assert first is not None and first.key == keys[0]
    seen = []
    for n in range(len(expected)):
        upcoming = rot.upcoming()
        item = rot.advance(float(n))
        assert item == upcoming
        seen.append(item.key if item else "-")
    assert "".join(seen) == expected


def test_empty_rotation_is_standby() -> None:
    rot = Rotation([])
    assert rot.start(0.0) is None
    assert rot.current is None and rot.upcoming() is None
    assert rot.advance(1.0) is None
    assert not rot.is_due(100.0)


@pytest.mark.parametrize(
    ("item", "default", "transition", "expected_due"),
    [
        (img("a", 12), 8.0, 0.0, 12.0),
        (img("a"), 8.0, 0.0, 8.0),
        (img("a"), 5.0, 0.0, 5.0),
        (img("a", 12), 8.0, 0.8, 12.8),
        (vid("v", 30), 8.0, 0.5, 30.5),
        (vid("v"), 8.0, 0.0, None),
    ],
)
def test_durations(
    item: Item, default: float, transition: float, expected_due: float | None
) -> None:
    # the item under test comes second, so it arrives through a transition
    rot = Rotation([img("first", 3), item], default_duration=default,
                   transition_duration=transition)
    rot.start(100.0)
    assert rot.due_at() == 103.0  # the first item is on screen at once
    assert not rot.is_due(102.99)
    assert rot.is_due(103.0)
    assert rot.advance(103.0) == item
    assert rot.started_at == 103.0 + transition
    due = rot.due_at()
    assert due == (None if expected_due is None else 103.0 + expected_due)
    if due is not None:
        assert not rot.is_due(due - 0.01)
        assert rot.is_due(due)


def test_full_video_waits_for_its_end_with_a_safety_cap() -> None:
    rot = Rotation([vid("v"), img("b", 5)])
    rot.start(0.0)
    assert rot.due_at() is None
    assert rot.give_up_at() == MAX_VIDEO_SECONDS
    assert not rot.is_due(3600.0)
    assert rot.is_due(MAX_VIDEO_SECONDS)
    # (the video's end itself is the player's to decide: tests/test_player.py)


# --- shuffle -------------------------------------------------------------------------------


def shuffled_sequence(n: int, seed: int, steps: int) -> list[str]:
    keys = "ABCDEFGHIJ"[:n]
    rot = Rotation(items(keys), shuffle=True, seed=seed)
    first = rot.start(0.0)
    assert first is not None
    return [first.key] + [k for k in keys_of(rot, steps - 1) if k is not None]


@pytest.mark.parametrize("n", [2, 3, 4, 7])
def test_shuffle_is_reproducible_with_a_seed(n: int) -> None:
    a = shuffled_sequence(n, seed=42, steps=n * 30)
    b = shuffled_sequence(n, seed=42, steps=n * 30)
    assert a == b
    if n > 2:
        c = shuffled_sequence(n, seed=43, steps=n * 30)
        assert a != c


@pytest.mark.parametrize(("n", "seed"), list(itertools.product([2, 3, 4, 5, 9], range(12))))
def test_shuffle_cycles_are_permutations_without_back_to_back_repeats(n: int, seed: int) -> None:
    cycles = 40
    seq = shuffled_sequence(n, seed, n * cycles)
    chunks = [seq[i : i + n] for i in range(0, len(seq), n)]
    for chunk in chunks:
        assert sorted(chunk) == sorted("ABCDEFGHIJ"[:n])  # every item once per cycle
    for a, b in itertools.pairwise(seq):
        assert a != b
    if n >= 3:
        assert len({tuple(c) for c in chunks}) > 1  # reshuffled, not one order for ever


def test_shuffle_with_one_item_repeats() -> None:
    assert shuffled_sequence(1, seed=0, steps=5) == ["A"] * 5


def test_shuffle_is_not_the_natural_order_every_time() -> None:
    firsts = Counter(shuffled_sequence(5, seed=s, steps=1)[0] for s in range(40))
    assert len(firsts) >= 3


# --- failed items --------------------------------------------------------------------------


def test_failed_items_are_skipped_until_their_stamp_changes() -> None:
    rot = started("ABC")
    rot.mark_failed("B", (100, 1.0))
    assert rot.upcoming() == img("C")
    assert keys_of(rot, 4) == ["C", "A", "C", "A"]
    assert not rot.file_changed("B", (100, 1.0))  # same stamp: still broken
    assert keys_of(rot, 2) == ["C", "A"]
    assert rot.file_changed("B", (120, 2.0))
    assert keys_of(rot, 3) == ["B", "C", "A"]
    assert not rot.file_changed("B", (130, 3.0))  # not failed any more: nothing to do


def test_upcoming_skips_an_item_that_failed_while_being_prepared() -> None:
    rot = started("ABCD")
    assert rot.upcoming() == img("B")
    rot.mark_failed("B", 1)
    assert rot.upcoming() == img("C")
    rot.mark_failed("C", 1)
    assert rot.upcoming() == img("D")
    item = rot.advance(8.0)
    assert item is not None and item.key == "D"


def test_all_failed_is_standby_until_a_file_changes() -> None:
    rot = started("AB")
    rot.mark_failed("A", 1)
    rot.mark_failed("B", 1)
    assert rot.upcoming() is None
    assert rot.advance(8.0) is None
    assert rot.current is None and rot.due_at() is None
    assert not rot.is_due(1000.0)
    rot.file_changed("B", 2)
    assert rot.is_due(1000.0)
    item = rot.advance(1000.0)
    assert item is not None and item.key == "B"


def test_failed_before_start() -> None:
    rot = Rotation(items("ABC"))
    rot.mark_failed("A", 0)
    first = rot.start(0.0)
    assert first is not None and first.key == "B"


@pytest.mark.parametrize("shuffle", [False, True])
@pytest.mark.parametrize("seed", range(8))
def test_upcoming_always_matches_advance(shuffle: bool, seed: int) -> None:
    rng = random.Random(seed)
    keys = "ABCDE"
    rot = Rotation(items(keys), shuffle=shuffle, seed=seed)
    rot.start(0.0)
    for step in range(300):
        if rng.random() < 0.15:
            rot.mark_failed(rng.choice(keys), step)
        if rng.random() < 0.15:
            rot.file_changed(rng.choice(keys), -1)
        expected = rot.upcoming()
        assert rot.upcoming() == expected  # asking twice changes nothing
        got = rot.advance(float(step))
        assert got == expected
        assert got is None or not rot.is_failed(got.key)
        if got is None:
            rot.file_changed("A", -2)


# --- reloads -------------------------------------------------------------------------------


def test_replace_keeps_the_current_item_and_its_clock() -> None:
    rot = started("ABCD")
    rot.advance(10.0)  # B
    rot.replace_items([img("X"), img("A"), img("B", 20), img("D")], now=12.0)
    assert rot.current == img("B", 20)
    assert rot.started_at == 10.0
    assert rot.due_at() == 30.0
    assert rot.position() == (2, "B")
    assert keys_of(rot, 4) == ["D", "X", "A", "B"]


def test_replace_moves_on_to_what_followed_a_removed_current_item() -> None:
    rot = started("ABCD")
    rot.advance(10.0)  # B
    got = rot.replace_items(items("ACD"), now=12.0)
    assert got is not None and got.key == "C"
    assert rot.started_at == 12.0
    assert keys_of(rot, 3) == ["D", "A", "C"]


def test_replace_skips_removed_and_failed_followers() -> None:
    rot = started("ABCDE")
    rot.advance(1.0)  # B
    rot.mark_failed("D", 0)
    got = rot.replace_items(items("AED"), now=2.0)  # B and C gone; D broken
    assert got is not None and got.key == "E"


def test_replace_when_the_removed_item_was_the_last_wraps_around() -> None:
    rot = started("ABC")
    rot.advance(1.0)
    rot.advance(2.0)  # C
    got = rot.replace_items(items("AB"), now=3.0)
    assert got is not None and got.key == "A"


def test_replace_with_nothing_is_standby_and_back() -> None:
    rot = started("AB")
    assert rot.replace_items([], now=1.0) is None
    assert rot.current is None and not rot.is_due(5.0)
    rot.replace_items(items("XY"), now=6.0)
    assert rot.is_due(6.0)
    got = rot.advance(6.0)
    assert got is not None and got.key == "X"


def test_replace_with_shuffle_keeps_the_cycle() -> None:
    rot = Rotation(items("ABCDEF"), shuffle=True, seed=7)
    rot.start(0.0)
    seen = [rot.current.key if rot.current else None]
    for n in range(2):
        item = rot.advance(float(n + 1))
        seen.append(item.key if item else None)
    current = seen[-1]
    assert current is not None
    # add G, remove one item not yet shown
    not_shown = [k for k in "ABCDEF" if k not in seen]
    gone = not_shown[0]
    new = [img(k) for k in "ABCDEFG" if k != gone]
    assert rot.replace_items(new, now=5.0) == img(current)
    expected_rest = set("ABCDEFG") - set(seen) - {gone}
    rest = keys_of(rot, len(expected_rest), now=10.0)
    assert sorted(rest) == sorted(expected_rest)  # the cycle finishes with what is left, G included


def test_replace_before_start_just_takes_the_items() -> None:
    rot = Rotation(items("AB"))
    rot.replace_items(items("XY"), now=0.0)
    first = rot.start(1.0)
    assert first is not None and first.key == "X"


# --- pause, resume, position ---------------------------------------------------------------


def test_pause_and_resume_continue_the_same_item() -> None:
    rot = Rotation([img("A", 10), img("B", 10)])
    rot.start(0.0)
    rot.pause(4.0)
    assert rot.paused and not rot.is_due(50.0)
    assert rot.remaining(50.0) == 6.0
    with pytest.raises(RotationError, match="paused"):
        rot.advance(50.0)
    assert rot.resume(60.0) == img("A", 10)
    assert rot.remaining(60.0) == 6.0
    assert not rot.is_due(65.9)
    assert rot.is_due(66.0)


def test_reload_during_browse_starts_the_new_items_clock_at_resume() -> None:
    rot = Rotation([img("A", 10), img("B", 10)])
    rot.start(0.0)
    rot.pause(2.0)
    rot.replace_items([img("B", 10)], now=30.0)
    rot.resume(50.0)
    assert rot.current == img("B", 10)
    assert rot.due_at() == 60.0


@pytest.mark.parametrize("shuffle", [False, True])
def test_start_from_a_resume_point(shuffle: bool) -> None:
    rot = Rotation(items("ABCD"), shuffle=shuffle, seed=3)
    rot.start(0.0)
    for n in range(2):
        rot.advance(float(n))
    point = rot.position()
    assert point[1] is not None
    again = Rotation(items("ABCD"), shuffle=shuffle, seed=3)
    assert again.start(0.0, resume=point) == img(point[1])
    # the key wins over the index when items moved
    moved = Rotation(items("XABCD"), shuffle=shuffle)
    assert moved.start(0.0, resume=point) == img(point[1])
    # an unknown key falls back to the index
    fallback = Rotation(items("PQRS"))
    got = fallback.start(0.0, resume=(2, "gone"))
    assert got is not None and got.key == "R"


def test_calls_before_start_are_errors() -> None:
    rot = Rotation(items("AB"))
    assert rot.upcoming() is None and not rot.is_due(100.0)
    with pytest.raises(RotationError, match="start"):
        rot.advance(0.0)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [({"default_duration": 0}, "default_duration"), ({"transition_duration": -1}, "transition")],
)
def test_bad_settings(kwargs: dict[str, float], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Rotation(items("A"), **kwargs)  # type: ignore[arg-type]
