"""The pure player: events in, commands out, driven by a number for `now` (no Kivy)."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest

from renkei_kiosk.core.model import (
    CommentCard,
    Content,
    Item,
    Kind,
    Playlist,
    Schedule,
    Settings,
    TimeRange,
    Transition,
)
from renkei_kiosk.core.player import (
    CancelPrepare,
    ClosePlay,
    Command,
    OpenPlay,
    Outcome,
    Placeholder,
    Player,
    Prepare,
    RecordSkip,
    ResumePoint,
    SaveResume,
    Show,
    ShowPage,
    ShowPlaceholder,
    Switched,
)
from renkei_kiosk.core.rotation import MAX_VIDEO_SECONDS

WALL = datetime(2024, 7, 13, 10, 0)


def img(key: str, duration: float | None = 5) -> Item:
    return Item(kind=Kind.IMAGE, key=key, duration=duration, path=key)


def vid(key: str, duration: float | None = None) -> Item:
    return Item(kind=Kind.VIDEO, key=key, duration=duration, path=key)


def card(key: str, duration: float = 4) -> Item:
    return Item(kind=Kind.COMMENT, key=key, duration=duration,
                comment=CommentCard(municipality="見本町", prefecture="長野県", comment="本文"))


def content(items: list[Item], *, schedule: Schedule | None = None, **pl: object) -> Content:
    extra: dict[str, object] = {"transition": Transition.NONE, "transition_duration": 0.0}
    extra.update(pl)
    if schedule is not None:
        extra["schedule"] = schedule
    playlist = Playlist(stem="main", file="playlists/main.yaml", name="t", entries=(),
                        **extra)  # type: ignore[arg-type]
    return Content(settings=Settings(), playlists={"main": playlist},
                   items={"main": tuple(items)})


def summary(cmds: list[Command]) -> list[str]:
    """Commands as short words, for tables."""
    out = []
    for c in cmds:
        if isinstance(c, Prepare):
            out.append(f"prepare {c.item.key}")
        elif isinstance(c, CancelPrepare):
            out.append("cancel")
        elif isinstance(c, Show):
            out.append(f"show {c.item.key} {c.transition.value}")
        elif isinstance(c, ShowPage):
            out.append(f"page {c.page}")
        elif isinstance(c, ShowPlaceholder):
            out.append(c.which.value)
        elif isinstance(c, OpenPlay):
            out.append(f"open {c.item.key}")
        elif isinstance(c, ClosePlay):
            out.append(f"close {c.outcome.value}")
        elif isinstance(c, RecordSkip):
            out.append(f"skip {c.item.key}")
        elif isinstance(c, SaveResume):
            out.append(f"resume {c.point.key}")
        elif isinstance(c, Switched):
            out.append(f"switch {c.playlist.stem if c.playlist else None}")
    return out


def drive(player: Player, step: tuple[object, ...]) -> list[str]:
    """One event: (what, ...) -> the commands it gave, in words."""
    what, *args = step
    if what == "tick":
        (now,) = args
        return summary(player.tick(float(now), WALL + timedelta(seconds=float(now))))
    if what == "ready":
        key, now, *pages = args
        return summary(player.prepared(str(key), float(now), pages=int(pages[0]) if pages else 0))
    if what == "fail":
        key, now = args
        return summary(player.failed(str(key), "cannot be read", None, float(now)))
    if what == "ended":
        player.video_ended(str(args[0]))
        return []
    if what == "browse":
        player.browse_opened(float(args[0]))
        return []
    if what == "back":
        player.browse_closed(float(args[0]))
        return []
    if what == "stop":
        return summary(player.stop())
    raise AssertionError(what)


START = [(("tick", 0), ["switch main", "prepare a"]),
         (("ready", "a", 0), ["show a fade", "open a", "resume a"])]

SCENARIOS: dict[str, tuple[list[Item], list[tuple[tuple[object, ...], list[str]]]]] = {
    "an item stays its duration; the next is prepared 3 s ahead and shown when due": (
        [img("a", 5), img("b", 5)], [
            *START,
            (("tick", 1.9), []),
            (("tick", 2.0), ["prepare b"]),
            (("ready", "b", 2.5), []),
            (("tick", 4.9), []),
            (("tick", 5.0), ["close ok", "show b none", "open b", "resume b"]),
        ]),
    "an item due but its successor not ready stays on screen: never a gap": (
        [img("a", 5), img("b", 5)], [
            *START,
            (("tick", 2.0), ["prepare b"]),
            (("tick", 9.0), []),
            (("ready", "b", 9.5), []),
            (("tick", 9.6), ["close ok", "show b none", "open b", "resume b"]),
        ]),
    "a comment card of 3 pages stays 3 times its duration": (
        [card("c", 4), img("b", 5)], [
            (("tick", 0), ["switch main", "prepare c"]),
            (("ready", "c", 0, 3), ["show c fade", "open c", "resume c"]),
            (("tick", 1.0), ["prepare b"]),
            (("ready", "b", 1.0), []),
            (("tick", 3.9), []),
            (("tick", 4.0), ["page 1"]),
            (("tick", 7.9), []),
            (("tick", 8.0), ["page 2"]),
            (("tick", 11.9), []),
            (("tick", 12.0), ["close ok", "show b none", "open b", "resume b"]),
        ]),
    "a visitor browsing holds the card's page; the pages keep their time afterwards": (
        [card("c", 4), img("b", 5)], [
            (("tick", 0), ["switch main", "prepare c"]),
            (("ready", "c", 0, 2), ["show c fade", "open c", "resume c"]),
            (("tick", 1.0), ["prepare b"]),
            (("ready", "b", 1.0), []),
            (("browse", 2.0), []),
            (("tick", 30.0), []),
            (("back", 32.0), []),
            (("tick", 33.9), []),
            (("tick", 34.0), ["page 1"]),
            (("tick", 37.9), []),
            (("tick", 38.0), ["close ok", "show b none", "open b", "resume b"]),
        ]),
    "a full video waits for its end, then the next item follows": (
        [vid("v"), img("b", 5)], [
            (("tick", 0), ["switch main", "prepare v"]),
            (("ready", "v", 0), ["show v fade", "open v", "resume v"]),
            (("tick", 0.1), ["prepare b"]),  # (no due time: prepared at once)
            (("ready", "b", 0.2), []),
            (("tick", 100.0), []),
            (("ended", "v"), []),
            (("tick", 100.1), ["close ok", "show b none", "open b", "resume b"]),
        ]),
    "a late end report about another video is ignored": (
        [vid("v"), img("b", 5)], [
            (("tick", 0), ["switch main", "prepare v"]),
            (("ready", "v", 0), ["show v fade", "open v", "resume v"]),
            (("ended", "other.mp4"), []),
            (("tick", 100.0), ["prepare b"]),
            (("ready", "b", 100.0), []),
            (("tick", 200.0), []),
        ]),
    "a full video with no end event moves on at the safety cap": (
        [vid("v"), img("b", 5)], [
            (("tick", 0), ["switch main", "prepare v"]),
            (("ready", "v", 0), ["show v fade", "open v", "resume v"]),
            (("tick", 1000.0), ["prepare b"]),
            (("ready", "b", 1000.0), []),
            (("tick", MAX_VIDEO_SECONDS - 1), []),
            (("tick", MAX_VIDEO_SECONDS), ["close ok", "show b none", "open b", "resume b"]),
        ]),
    "a video with a duration that ends early moves on at its end": (
        [vid("v", 30), img("b", 5)], [
            (("tick", 0), ["switch main", "prepare v"]),
            (("ready", "v", 0), ["show v fade", "open v", "resume v"]),
            (("ended", "v"), []),
            (("tick", 10.0), ["prepare b"]),
            (("ready", "b", 10.0), []),
            (("tick", 10.1), ["close ok", "show b none", "open b", "resume b"]),
        ]),
    "a video that ends while a visitor browses moves on when they leave": (
        [vid("v"), img("b", 5)], [
            (("tick", 0), ["switch main", "prepare v"]),
            (("ready", "v", 0), ["show v fade", "open v", "resume v"]),
            (("browse", 5.0), []),
            (("ended", "v"), []),
            (("tick", 6.0), []),
            (("back", 20.0), []),
            (("tick", 20.0), ["prepare b"]),
            (("ready", "b", 20.0), []),
            (("tick", 20.1), ["close ok", "show b none", "open b", "resume b"]),
        ]),
    "browsing stops the clock of the item on screen": (
        [img("a", 5), img("b", 5)], [
            *START,
            (("browse", 1.0), []),
            (("tick", 50.0), []),
            (("back", 60.0), []),
            (("tick", 61.0), ["prepare b"]),
            (("ready", "b", 61.0), []),
            (("tick", 63.9), []),
            (("tick", 64.0), ["close ok", "show b none", "open b", "resume b"]),
        ]),
    "an unreadable first item is skipped with a row and the next one shown": (
        [img("bad"), img("b")], [
            (("tick", 0), ["switch main", "prepare bad"]),
            (("fail", "bad", 0.1), ["skip bad"]),
            (("tick", 0.2), ["prepare b"]),
            (("ready", "b", 0.3), ["show b fade", "open b", "resume b"]),
        ]),
    "an unreadable upcoming item is skipped; the one after it is prepared": (
        [img("a"), img("bad"), img("c")], [
            *START,
            (("tick", 2.0), ["prepare bad"]),
            (("fail", "bad", 2.1), ["skip bad"]),
            (("tick", 2.2), ["prepare c"]),
            (("ready", "c", 2.3), []),
            (("tick", 5.0), ["close ok", "show c none", "open c", "resume c"]),
        ]),
    "nothing readable: the standby slide, once": (
        [img("bad")], [
            (("tick", 0), ["switch main", "prepare bad"]),
            (("fail", "bad", 0.1), ["skip bad"]),
            (("tick", 0.2), ["standby"]),
            (("tick", 0.3), []),
        ]),
    "an empty playlist: the standby slide": (
        [], [
            (("tick", 0), ["switch main", "standby"]),
        ]),
    "stopping remembers the position and closes the row as interrupted": (
        [img("a"), img("b")], [
            *START,
            (("stop",), ["resume a", "close interrupted"]),
        ]),
    "stopping while preparing drops the preparation": (
        [img("a"), img("b")], [
            (("tick", 0), ["switch main", "prepare a"]),
            (("stop",), ["resume a", "cancel"]),
        ]),
}


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_player_scenarios(name: str) -> None:
    items, steps = SCENARIOS[name]
    player = Player(content(items))
    for n, (event, expected) in enumerate(steps):
        assert drive(player, event) == expected, f"step {n}: {event}"


def test_the_first_show_and_the_show_after_a_placeholder_fade_in() -> None:
    player = Player(content([img("a", 2), img("b", 2)], transition=Transition.SLIDE,
                            transition_duration=0.5))
    player.tick(0.0, WALL)
    show = [c for c in player.prepared("a", 0.0) if isinstance(c, Show)]
    assert show[0].transition is Transition.FADE  # nothing to slide from
    assert not player.transitioning(0.1)  # (the first slide is cut in)
    player.tick(0.5, WALL)
    player.prepared("b", 0.6)
    cmds = player.tick(2.5, WALL)
    show = [c for c in cmds if isinstance(c, Show)]
    assert show[0].transition is Transition.SLIDE and show[0].duration == 0.5
    assert player.transitioning(2.9) and not player.transitioning(3.0)


def test_a_video_following_itself_loops_with_a_cut_and_other_items_keep_the_fade() -> None:
    def shows(items: list[Item]) -> list[tuple[str, Transition, float]]:
        player = Player(content(items, transition=Transition.FADE, transition_duration=0.8))
        out: list[Command] = []
        cmds = player.tick(0.0, WALL)
        now = 0.0
        while len([c for c in out if isinstance(c, Show)]) < 4 and now < 60:
            for c in cmds:
                if isinstance(c, Prepare):  # (ready half a second later)
                    out += player.prepared(c.item.key, now)
            now += 0.5
            if now % 4 == 0 and player.on_screen == "clip":
                player.video_ended("clip")  # (a 4-s clip)
            cmds = player.tick(now, WALL)
            out += cmds
        return [(c.item.key, c.transition, c.duration) for c in out if isinstance(c, Show)]

    assert shows([vid("clip")])[1:] == [("clip", Transition.NONE, 0.0)] * 3
    assert shows([vid("clip"), img("a", 2)])[1:] == [
        ("a", Transition.FADE, 0.8), ("clip", Transition.FADE, 0.8), ("a", Transition.FADE, 0.8)]


def test_on_screen_is_the_item_key_or_the_placeholder() -> None:
    player = Player(content([img("a")]))
    assert player.on_screen is None and player.starting
    player.tick(0.0, WALL)
    player.prepared("a", 0.0)
    assert player.on_screen == "a" and not player.starting
    empty = Player(content([]))
    empty.tick(0.0, WALL)
    assert empty.on_screen is Placeholder.STANDBY


def test_outside_the_schedule_the_closed_slide_then_the_playlist_at_opening() -> None:
    opens = Schedule(hours=(TimeRange(time(10, 0, 10), None),))
    player = Player(content([img("a")], schedule=opens))
    assert summary(player.tick(0.0, WALL)) == ["switch None", "closed"]
    assert summary(player.tick(5.0, WALL + timedelta(seconds=5))) == []
    assert summary(player.tick(10.0, WALL + timedelta(seconds=10))) == [
        "switch main", "prepare a"]
    assert summary(player.prepared("a", 10.0)) == ["show a fade", "open a", "resume a"]


def test_no_playlists_at_all_is_standby_not_closed() -> None:
    """Issue 14 row 4: nothing to show is the standby slide (closed is for hours)."""
    player = Player(Content(settings=Settings(), playlists={}, items={}))
    assert summary(player.tick(0.0, WALL)) == ["switch None", "standby"]
    assert summary(player.tick(60.0, WALL + timedelta(seconds=60))) == []
    assert player.on_screen is Placeholder.STANDBY


def test_a_resume_point_is_used_once_for_its_playlist() -> None:
    items = [img("a"), img("b"), img("c")]
    player = Player(content(items), resume=ResumePoint("main", 1, "b"))
    assert summary(player.tick(0.0, WALL)) == ["switch main", "prepare b"]
    other = Player(content(items), resume=ResumePoint("elsewhere", 2, "c"))
    assert summary(other.tick(0.0, WALL)) == ["switch main", "prepare a"]


def test_replaced_content_reshows_a_changed_item_and_retries_a_fixed_file() -> None:
    items = [img("a"), img("bad")]
    player = Player(content(items))
    player.tick(0.0, WALL)
    player.prepared("a", 0.0)
    player.tick(2.0, WALL)
    assert summary(player.failed("bad", "cut short", "old", 2.1)) == ["skip bad"]
    # the file on screen and the broken one are both replaced
    cmds = player.content_replaced(content(items), {"a", "bad"}, lambda _i: "new", 3.0, WALL)
    assert summary(cmds) == []
    assert player.on_screen is None  # shown afresh
    assert summary(player.tick(3.1, WALL)) == ["prepare a"]
    assert summary(player.prepared("a", 3.2)) == ["close ok", "show a none", "open a", "resume a"]
    assert summary(player.tick(6.5, WALL)) == ["prepare bad"]  # retried


def test_while_the_content_folder_is_missing_nothing_changes() -> None:
    player = Player(content([img("a", 1), img("b", 1)]))
    player.tick(0.0, WALL)
    player.prepared("a", 0.0)
    player.root_missing(True)
    assert summary(player.tick(50.0, WALL)) == []
    player.root_missing(False)
    assert summary(player.tick(50.1, WALL)) == ["prepare b"]


def test_outcomes_and_placeholders_are_the_store_words() -> None:
    assert {o.value for o in Outcome} == {"ok", "skipped", "interrupted"}
    assert Outcome.INTERRUPTED == "interrupted"
    assert {p.value for p in Placeholder} == {"standby", "closed"}


def test_every_item_change_saves_the_resume_point_after_opening_its_row() -> None:
    """Issue 10: a restart after kill -9 continues at the item on screen."""
    player = Player(content([img("a", 1), img("b", 1), img("a", 1)]))
    player.tick(0.0, WALL)
    player.prepared("a", 0.0)
    saved = []
    for n in range(1, 4):
        player.tick(n - 0.5, WALL)
        key = player.preparing.key if player.preparing else None
        assert key is not None
        player.prepared(key, n - 0.5)
        cmds = player.tick(float(n), WALL)
        kinds = [type(c).__name__ for c in cmds]
        assert kinds == ["ClosePlay", "Show", "OpenPlay", "SaveResume"]
        saved.append(cmds[-1].point)  # type: ignore[union-attr]
    assert saved == [ResumePoint("main", 1, "b"), ResumePoint("main", 2, "a"),
                     ResumePoint("main", 0, "a")]


def test_staff_skip_moves_on_once_the_next_item_is_prepared() -> None:
    player = Player(content([img("a", 60), img("b", 60)]))
    player.tick(0.0, WALL)
    player.prepared("a", 0.0)
    player.skip(5.0)
    assert summary(player.tick(5.1, WALL)) == ["prepare b"]
    assert player.on_screen == "a"  # until b is ready: never a gap
    assert summary(player.prepared("b", 5.2)) == ["close ok", "show b none", "open b", "resume b"]
    player.browse_opened(6.0)
    player.skip(6.5)  # (not while a visitor browses)
    assert player.on_screen == "b"


def test_a_first_playlist_added_while_on_standby_takes_over() -> None:
    player = Player(Content(settings=Settings(), playlists={}, items={}))
    assert summary(player.tick(0.0, WALL)) == ["switch None", "standby"]
    cmds = player.content_replaced(content([img("a")]), {"playlists/main.yaml"},
                                   lambda _i: None, 5.0, WALL)
    assert summary(cmds) == ["switch main"]
    assert summary(player.tick(5.1, WALL)) == ["prepare a"]
    assert summary(player.prepared("a", 5.2)) == ["show a fade", "open a", "resume a"]


# -- next_change: when the frame pacer must wake a kiosk at rest ------------------------------
def _play(items: list[Item], *, sparse: bool, until: float = 40.0,
          decode: float = 0.5) -> tuple[list[tuple[float, str]], int]:
    """Run a player to `until`: with a tick every 0.05 s (dense), or ticks only when
    `next_change` says, a hand-over arrives or the pacer's rest rate (0.25 s) comes
    (sparse). Items are "decoded" `decode` s after their Prepare. Returns the commands
    with their times, and the number of ticks."""
    player = Player(content(items))
    pages = {i.key: 3 for i in items if i.kind is Kind.COMMENT}
    out: list[tuple[float, str]] = []
    ready_at: list[tuple[float, str]] = []
    ticks, step, now = 0, 0, 0.0
    while now <= until:
        for t, key in [r for r in ready_at if r[0] <= now]:
            ready_at.remove((t, key))
            out += [(now, w) for w in summary(player.prepared(key, now, pages=pages.get(key, 0)))]
        cmds = player.tick(now, WALL + timedelta(seconds=now))
        ticks += 1
        assert ticks < 5000, f"ticking again and again at {now} s"
        for c in cmds:
            if isinstance(c, Prepare):
                ready_at.append((now + decode, c.item.key))
        out += [(now, w) for w in summary(cmds)]
        if sparse:
            due = [t for t in (player.next_change(now), *(r[0] for r in ready_at))
                   if t is not None]
            now = min([*due, now + 0.25]) if due else now + 0.25
        else:
            step += 1
            now = step / 20
    return out, ticks


@pytest.mark.parametrize("items", [
    [img("a", 5.1), img("b", 7.3), img("c", 4.2)],  # (not on the rest rate's 0.25 s)
    [card("k", 4.1), img("a", 5.3), card("m", 6.2)],
    [img("a", 2.1), img("b", 2.2)],  # shorter than the 3-s preparation lead
], ids=["panels", "paged cards", "short items"])
def test_ticking_only_when_next_change_says_misses_nothing_and_is_never_late(
    items: list[Item],
) -> None:
    dense, dense_ticks = _play(items, sparse=False)
    sparse, sparse_ticks = _play(items, sparse=True)
    # (what happens by 37.5 s with ticks every 0.05 s: the sparse run may be ahead)
    dense = [(t, w) for t, w in dense if t <= 37.5]
    sparse = sparse[:len(dense)]
    assert [w for _t, w in sparse] == [w for _t, w in dense]
    for (ts, word), (td, _w) in zip(sparse, dense, strict=True):
        assert ts <= td + 1e-9, f"{word} at {ts} (every 0.05 s: {td})"
    assert sparse_ticks * 4 < dense_ticks  # (a kiosk at rest wakes rarely)


def test_next_change_is_the_next_page_the_preparation_or_the_end() -> None:
    player = Player(content([card("k", 4), img("a", 5)]))
    player.tick(0.0, WALL)
    player.prepared("k", 0.0, pages=3)  # pages at 0, 4 and 8 s; the card stays 12 s
    assert player.next_change(0.1) == 1.0  # `a` is prepared 3 s before the card's due time
    player.tick(1.0, WALL)
    assert player.next_change(1.1) == 4.0  # page 2
    player.prepared("a", 1.5)
    player.tick(4.0, WALL)
    assert player.next_change(4.1) == 8.0  # page 3
    player.tick(8.0, WALL)
    assert player.next_change(8.1) == 12.0  # the card's last page has had its time
    assert summary(player.tick(12.0, WALL))[:2] == ["close ok", "show a none"]


def test_next_change_includes_the_schedule_so_a_kiosk_at_rest_opens_and_closes_on_time(
) -> None:
    """A still slide sleeps up to 5 s; opening (and closing) must not wait for that."""
    hours = Schedule(hours=(TimeRange(time(10, 0, 10), time(10, 1, 0)),))
    player = Player(content([img("a", 3600)], schedule=hours))
    assert player.next_change(0.0, WALL) is None  # not started: nothing known yet
    assert summary(player.tick(0.0, WALL)) == ["switch None", "closed"]
    assert player.next_change(0.0, WALL) == 10.0  # opens at 10:00:10
    assert player.next_change(0.0) is None  # (without the wall clock: no schedule)
    assert player.next_change(4.0, WALL + timedelta(seconds=4)) == 10.0
    assert summary(player.tick(10.0, WALL + timedelta(seconds=10))) == [
        "switch main", "prepare a"]
    player.prepared("a", 10.5)
    assert player.next_change(11.0, WALL + timedelta(seconds=11)) == 60.0  # closes at 10:01
    # the wall clock is 2 s ahead of the kiosk clock's idea of it: the change is still on
    # the wall clock's time
    assert player.next_change(11.0, WALL + timedelta(seconds=13)) == 58.0
    assert player.next_change(61.0, WALL + timedelta(seconds=61)) == 61.0  # overdue: now


def test_nothing_timed_is_none() -> None:
    assert Player(content([img("a")])).next_change(0.0) is None  # not started
    video = Player(content([vid("v")]))
    video.tick(0.0, WALL)
    video.prepared("v", 0.0)
    assert video.next_change(1.0) is None  # a full video ends by its own event
