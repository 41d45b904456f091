"""Tests of the hot-reload watcher with real watchdog observers on tmp_path.

No mocks of watchdog: files are really written, renamed and deleted, and every test
waits for the batch it expects with a deadline instead of fixed sleeps.
"""

from __future__ import annotations

import os
import shutil
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from watchdog.events import (
    DirDeletedEvent,
    DirModifiedEvent,
    FileClosedEvent,
    FileClosedNoWriteEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileOpenedEvent,
)

from renkei_kiosk.content import watcher as watcher_module
from renkei_kiosk.content.watch_filters import Touched, is_ignored_path, touched_paths
from renkei_kiosk.content.watcher import ChangeBatch, ContentWatcher

STABLE = 0.3
DEBOUNCE = 0.15
DEADLINE = 10.0


@pytest.fixture(autouse=True)
def no_thread_leaks() -> Iterator[None]:
    """Fail a test that leaves a thread running (after its watchers were stopped)."""
    before = set(threading.enumerate())
    yield
    leaked = [t for t in threading.enumerate() if t not in before and t.is_alive()]
    assert not leaked, f"threads left running: {leaked}"


@dataclass
class Delivery:
    at: float
    batch: ChangeBatch
    #: size of each changed file at the moment it was delivered (None: gone)
    sizes: dict[str, int | None]
    thread: str


@dataclass
class Recorder:
    """The on_batch callback: records each batch with the sizes it saw."""

    root: Path
    deliveries: list[Delivery] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def __call__(self, batch: ChangeBatch) -> None:
        sizes: dict[str, int | None] = {}
        for rel in batch.changed:
            try:
                sizes[rel] = (self.root / rel).stat().st_size
            except OSError:
                sizes[rel] = None
        with self.lock:
            self.deliveries.append(
                Delivery(time.monotonic(), batch, sizes, threading.current_thread().name)
            )

    def batches(self) -> list[ChangeBatch]:
        with self.lock:
            return [d.batch for d in self.deliveries]

    def changed(self) -> set[str]:
        return {rel for b in self.batches() for rel in b.changed}

    def deleted(self) -> set[str]:
        return {rel for b in self.batches() for rel in b.deleted}

    def wait_for(self, predicate: Callable[[Recorder], bool], timeout: float = DEADLINE) -> None:
        deadline = time.monotonic() + timeout
        while not predicate(self):
            if time.monotonic() > deadline:
                pytest.fail(f"no expected batch within {timeout} s; got {self.batches()}")
            time.sleep(0.02)

    def assert_quiet(self, seconds: float) -> None:
        """Assert that no batch arrives for ``seconds`` (used only to prove a negative)."""
        count = len(self.batches())
        time.sleep(seconds)
        assert self.batches()[count:] == []


Make = Callable[..., tuple[ContentWatcher, Recorder]]


@pytest.fixture
def make_watcher() -> Iterator[Make]:
    made: list[ContentWatcher] = []

    def make(root: Path, **options: Any) -> tuple[ContentWatcher, Recorder]:
        options.setdefault("stable_seconds", STABLE)
        options.setdefault("debounce_seconds", DEBOUNCE)
        recorder = Recorder(root)
        watcher = ContentWatcher(root, recorder, **options)
        made.append(watcher)
        watcher.start()
        assert watcher.wait_ready(DEADLINE)
        return watcher, recorder

    yield make
    for watcher in made:
        watcher.stop()


@pytest.fixture
def root(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    (content / "media" / "panels").mkdir(parents=True)
    (content / "playlists").mkdir()
    (content / "media" / "panels" / "a.jpg").write_bytes(b"a" * 100)
    (content / "playlists" / "main.yaml").write_text("name: main\n", encoding="utf-8")
    return content


@pytest.mark.parametrize(
    ("path", "ignored"),
    [
        ("media/a.jpg", False),
        ("playlists/main.yaml", False),
        ("kiosk.yaml", False),
        ("media/.DS_Store", True),
        ("media/.hidden.jpg", True),
        (".git/config", True),
        ("media/.thumbs/a.jpg", True),
        ("media/~$list.xlsx", True),
        ("media/a.jpg.tmp", True),
        ("media/a.jpg.part", True),
        ("media/a.jpg.crdownload", True),
        ("media/A.JPG.PART", True),
        ("media/Thumbs.db", True),
        ("media/thumbs.db", True),
        ("media/x.part/a.jpg", True),
        ("media/partial.jpg", False),
        ("media/tmp/a.jpg", False),
    ],
)
def test_is_ignored_path(path: str, ignored: bool) -> None:
    assert is_ignored_path(path) is ignored


W = "/venue/content"
SCOPE = ("kiosk.yaml", "playlists", "media")


@pytest.mark.parametrize(
    ("event", "expected"),
    [
        (FileCreatedEvent(f"{W}/media/写真.jpg"), {"media/写真.jpg": Touched(1.0, True, False)}),
        (FileModifiedEvent(f"{W}/media/a.jpg"), {"media/a.jpg": Touched(1.0, False, False)}),
        (FileClosedEvent(f"{W}/media/a.jpg"), {"media/a.jpg": Touched(1.0, True, True)}),
        (FileDeletedEvent(f"{W}/media/a.jpg"), {"media/a.jpg": Touched(1.0, False, False)}),
        (DirDeletedEvent(f"{W}/media/panels"), {"media/panels": Touched(1.0, True, False)}),
        (
            FileMovedEvent(f"{W}/media/a.jpg.part", f"{W}/media/a.jpg"),
            {"media/a.jpg": Touched(1.0, True, False)},  # the temporary name is ignored
        ),
        (
            FileMovedEvent(f"{W}/media/old.jpg", f"{W}/media/new.jpg"),
            {"media/old.jpg": Touched(1.0, False, False),
             "media/new.jpg": Touched(1.0, True, False)},
        ),
        (FileOpenedEvent(f"{W}/media/a.jpg"), {}),
        (FileClosedNoWriteEvent(f"{W}/media/a.jpg"), {}),
        (DirModifiedEvent(f"{W}/media"), {}),
        (FileCreatedEvent(f"{W}/.venv/lib/x.py"), {}),  # outside the content scope
        (FileCreatedEvent(f"{W}/media/.thumbs/a.jpg"), {}),  # ignored folder
        (FileCreatedEvent("/elsewhere/a.jpg"), {}),  # outside the root
    ],
    ids=lambda value: type(value).__name__ if not isinstance(value, dict) else "",
)
def test_what_each_event_says_about_a_path(event: Any, expected: dict[str, Touched]) -> None:
    assert touched_paths([(1.0, W, event)], SCOPE) == expected


def test_a_path_named_twice_keeps_strong_and_takes_the_last_time_and_close() -> None:
    events = [
        (1.0, W, FileCreatedEvent(f"{W}/media/a.jpg")),
        (2.0, W, FileModifiedEvent(f"{W}/media/a.jpg")),
        (3.0, W, FileModifiedEvent(f"{W}/media/b.jpg")),
    ]
    assert touched_paths(events, SCOPE) == {
        "media/a.jpg": Touched(2.0, True, False),
        "media/b.jpg": Touched(3.0, False, False),
    }
    assert touched_paths(events, SCOPE, forced=True)["media/b.jpg"].strong


@pytest.mark.parametrize(
    ("reopen", "gap", "debounce"),
    [
        # pauses longer than the debounce but shorter than the stability window
        (False, 0.2, DEBOUNCE),
        # closed after every chunk: pauses shorter than the window after a close-write
        (True, 0.1, 0.05),
    ],
    ids=["one_open", "reopen_each_chunk"],
)
def test_slow_chunked_copy_is_delivered_once_complete(
    root: Path, make_watcher: Make, reopen: bool, gap: float, debounce: float
) -> None:
    arriving: list[float] = []  # (the reloader starts its content reader then)
    watcher, recorder = make_watcher(root, debounce_seconds=debounce,
                                     on_arriving=lambda: arriving.append(time.monotonic()))
    rel = "media/panels/big.jpg"
    target = root / rel
    seen_pending = False
    chunks = round(2.0 / gap)  # about 3 MB over about 2 s
    chunk = 3_000_000 // chunks
    final_size = chunk * chunks

    if reopen:
        for i in range(chunks):
            with open(target, "ab") as f:
                f.write(bytes([i % 256]) * chunk)
            time.sleep(gap)
            seen_pending = seen_pending or rel in watcher.pending()
    else:
        with open(target, "wb") as f:
            for i in range(chunks):
                f.write(bytes([i % 256]) * chunk)
                f.flush()
                time.sleep(gap)
                seen_pending = seen_pending or rel in watcher.pending()
    completed = time.monotonic()

    recorder.wait_for(lambda r: "media/panels/big.jpg" in r.changed())
    recorder.assert_quiet(STABLE + 0.2)
    deliveries = [d for d in recorder.deliveries if "media/panels/big.jpg" in d.batch.changed]
    assert len(deliveries) == 1
    assert deliveries[0].sizes["media/panels/big.jpg"] == final_size
    assert deliveries[0].at >= completed
    assert deliveries[0].at - completed <= STABLE + 0.5 + 0.5  # goal plus CI slack
    assert seen_pending
    assert rel not in watcher.pending()
    assert len(arriving) == 1 and arriving[0] < completed  # once, while the copy ran


def test_a_file_still_written_waits_while_others_are_delivered(root: Path) -> None:
    """After max_wait_seconds the settled files go; the one in progress is listed pending."""
    delivered: list[tuple[ChangeBatch, frozenset[str]]] = []
    holder: list[ContentWatcher] = []

    def on_batch(batch: ChangeBatch) -> None:
        delivered.append((batch, holder[0].pending()))

    watcher = ContentWatcher(
        root, on_batch, stable_seconds=STABLE, debounce_seconds=DEBOUNCE, max_wait_seconds=0.6
    )
    holder.append(watcher)
    watcher.start()
    try:
        assert watcher.wait_ready(DEADLINE)
        deadline = time.monotonic() + DEADLINE
        with open(root / "media" / "panels" / "slow.jpg", "wb") as slow:
            (root / "media" / "panels" / "quick.jpg").write_bytes(b"q")
            while not delivered:
                assert time.monotonic() < deadline, "quick.jpg was never delivered"
                slow.write(b"s" * 1000)
                slow.flush()
                time.sleep(0.05)
        while len(delivered) < 2:
            assert time.monotonic() < deadline, "slow.jpg was never delivered"
            time.sleep(0.02)
    finally:
        watcher.stop()
    (first, pending_then), (second, _) = delivered
    assert first.changed == {"media/panels/quick.jpg"}
    assert pending_then == {"media/panels/slow.jpg"}
    assert second.changed == {"media/panels/slow.jpg"}
    assert watcher.pending() == frozenset()


def test_temp_then_rename_appears_once_under_final_name(root: Path, make_watcher: Make) -> None:
    _, recorder = make_watcher(root)
    temp = root / "media" / "panels" / "x.jpg.part"
    temp.write_bytes(b"x" * 5000)
    temp.rename(root / "media" / "panels" / "x.jpg")

    recorder.wait_for(lambda r: "media/panels/x.jpg" in r.changed())
    recorder.assert_quiet(STABLE + 0.2)
    assert recorder.batches() == [ChangeBatch(changed=frozenset({"media/panels/x.jpg"}))]


def test_ignored_names_are_never_delivered(root: Path, make_watcher: Make) -> None:
    _, recorder = make_watcher(root)
    ignored = [
        "media/.DS_Store",
        "media/.dotfile.jpg",
        "media/.hidden/a.jpg",
        "media/~$notes.docx",
        "media/a.tmp",
        "media/b.jpg.part",
        "media/c.jpg.crdownload",
        "media/Thumbs.db",
    ]
    for rel in ignored:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(b"junk")
    (root / "media" / "ok.jpg").write_bytes(b"ok")

    recorder.wait_for(lambda r: "media/ok.jpg" in r.changed())
    recorder.assert_quiet(STABLE)
    assert recorder.changed() == {"media/ok.jpg"}


def test_many_files_dropped_at_once_come_in_one_or_two_batches(
    root: Path, make_watcher: Make
) -> None:
    _, recorder = make_watcher(root)
    drop = root / "media" / "drop"
    drop.mkdir()
    names = {f"media/drop/{i:04d}.jpg" for i in range(2000)}
    for rel in names:
        (root / rel).write_bytes(b"p" * 64)

    recorder.wait_for(lambda r: names <= r.changed())
    recorder.assert_quiet(STABLE)
    batches = recorder.batches()
    assert 1 <= len(batches) <= 2
    assert recorder.changed() == names


def test_reading_is_quiet_and_modifying_in_place_is_delivered(
    root: Path, make_watcher: Make
) -> None:
    _, recorder = make_watcher(root)
    target = root / "media" / "panels" / "a.jpg"
    assert target.read_bytes()
    recorder.assert_quiet(STABLE + 0.2)

    with open(target, "ab") as f:
        f.write(b"more")
    recorder.wait_for(lambda r: "media/panels/a.jpg" in r.changed())
    assert recorder.deliveries[0].sizes["media/panels/a.jpg"] == 104


def test_deletion_is_delivered(root: Path, make_watcher: Make) -> None:
    _, recorder = make_watcher(root)
    (root / "media" / "panels" / "a.jpg").unlink()

    recorder.wait_for(lambda r: bool(r.batches()))
    assert recorder.batches() == [ChangeBatch(deleted=frozenset({"media/panels/a.jpg"}))]


def test_deleted_and_recreated_folder_is_watched_again(root: Path, make_watcher: Make) -> None:
    _, recorder = make_watcher(root)
    shutil.rmtree(root / "media")
    recorder.wait_for(lambda r: "media/panels/a.jpg" in r.deleted())

    (root / "media" / "panels").mkdir(parents=True)
    (root / "media" / "panels" / "b.jpg").write_bytes(b"b")
    recorder.wait_for(lambda r: "media/panels/b.jpg" in r.changed())
    # written well after the folder came back: only a watch on the new folder sees it
    (root / "media" / "panels" / "c.jpg").write_bytes(b"c")
    recorder.wait_for(lambda r: "media/panels/c.jpg" in r.changed())
    assert not any(b.rescan for b in recorder.batches())


def test_root_removed_and_restored(
    root: Path, make_watcher: Make, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(watcher_module, "RETRY_SECONDS", 0.2)
    _, recorder = make_watcher(root)
    staging = tmp_path / "stick"
    shutil.copytree(root, staging)
    (staging / "media" / "panels" / "new.jpg").write_bytes(b"new")
    (staging / "playlists" / "main.yaml").unlink()

    shutil.rmtree(root)
    recorder.wait_for(lambda r: any(b.root_missing for b in r.batches()))
    missing = [b for b in recorder.batches() if b.root_missing]
    assert missing == [ChangeBatch(root_missing=True)]

    staging.rename(root)  # the stick comes back
    recorder.wait_for(lambda r: any(b.rescan for b in r.batches()))
    rescan = next(b for b in recorder.batches() if b.rescan)
    assert rescan.changed == {"media/panels/a.jpg", "media/panels/new.jpg"}
    assert rescan.deleted == {"playlists/main.yaml"}
    assert not rescan.root_missing
    assert sum(b.root_missing for b in recorder.batches()) == 1

    (root / "media" / "panels" / "later.jpg").write_bytes(b"later")
    recorder.wait_for(lambda r: "media/panels/later.jpg" in r.changed())


def test_polling_observer_mode(root: Path, make_watcher: Make) -> None:
    watcher, recorder = make_watcher(root, polling=True)
    assert watcher.is_alive()
    (root / "media" / "panels" / "p.jpg").write_bytes(b"p")
    recorder.wait_for(lambda r: "media/panels/p.jpg" in r.changed())
    (root / "media" / "panels" / "a.jpg").unlink()
    recorder.wait_for(lambda r: "media/panels/a.jpg" in r.deleted())
    assert not any(b.rescan for b in recorder.batches())


def test_changes_made_while_stopped_are_found_on_restart(root: Path, make_watcher: Make) -> None:
    watcher, recorder = make_watcher(root)
    watcher.stop()
    assert not watcher.is_alive()
    with open(root / "media" / "panels" / "a.jpg", "ab") as f:
        f.write(b"changed while stopped")
    (root / "media" / "panels" / "c.jpg").write_bytes(b"c")
    (root / "playlists" / "main.yaml").unlink()

    watcher.start()
    recorder.wait_for(lambda r: bool(r.batches()))
    assert recorder.batches() == [
        ChangeBatch(
            changed=frozenset({"media/panels/a.jpg", "media/panels/c.jpg"}),
            deleted=frozenset({"playlists/main.yaml"}),
            rescan=True,
        )
    ]


def test_rescan_now_finds_a_change_the_events_missed(
    root: Path, make_watcher: Make, tmp_path: Path
) -> None:
    watcher, recorder = make_watcher(root, rescan_seconds=3600)
    outside = tmp_path / "outside.jpg"
    try:
        os.link(root / "media" / "panels" / "a.jpg", outside)
    except OSError:
        pytest.skip("no hard links on this file system")
    # written through a hard link outside the root: inotify reports nothing in the root
    with open(outside, "ab") as f:
        f.write(b"missed")
    time.sleep(STABLE + 0.3)
    if recorder.batches():
        pytest.skip("this platform's observer saw the write; nothing was missed")

    watcher.rescan_now()
    recorder.wait_for(lambda r: bool(r.batches()))
    assert recorder.batches() == [
        ChangeBatch(changed=frozenset({"media/panels/a.jpg"}), rescan=True)
    ]
    assert recorder.deliveries[0].sizes["media/panels/a.jpg"] == 106


def test_dead_observer_is_rebuilt(
    root: Path, make_watcher: Make, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(watcher_module, "RETRY_SECONDS", 0.2)
    watcher, recorder = make_watcher(root, rescan_seconds=3600)
    dead = watcher._observer
    assert dead is not None
    dead.stop()  # the observer thread ends as if it had crashed
    dead.join()
    (root / "media" / "panels" / "after.jpg").write_bytes(b"after")

    recorder.wait_for(lambda r: "media/panels/after.jpg" in r.changed())
    assert watcher._observer is not None and watcher._observer is not dead
    assert watcher._observer.is_alive()
    assert not any(b.root_missing for b in recorder.batches())


def test_a_failing_callback_does_not_stop_the_watcher(
    root: Path, caplog: pytest.LogCaptureFixture
) -> None:
    seen: list[ChangeBatch] = []

    def on_batch(batch: ChangeBatch) -> None:
        seen.append(batch)
        if len(seen) == 1:
            raise RuntimeError("boom")

    watcher = ContentWatcher(root, on_batch, stable_seconds=STABLE, debounce_seconds=DEBOUNCE)
    watcher.start()
    try:
        assert watcher.wait_ready(DEADLINE)
        (root / "media" / "panels" / "one.jpg").write_bytes(b"1")
        deadline = time.monotonic() + DEADLINE
        while not seen and time.monotonic() < deadline:
            time.sleep(0.02)
        (root / "media" / "panels" / "two.jpg").write_bytes(b"2")
        while len(seen) < 2 and time.monotonic() < deadline:
            time.sleep(0.02)
        assert [b.changed for b in seen] == [{"media/panels/one.jpg"}, {"media/panels/two.jpg"}]
        assert watcher.is_alive()
        assert "Reload: the batch handler failed" in caplog.text
    finally:
        watcher.stop()


def test_callback_runs_on_the_worker_thread(root: Path, make_watcher: Make) -> None:
    _, recorder = make_watcher(root)
    (root / "kiosk.yaml").write_text("language: en\n", encoding="utf-8")
    recorder.wait_for(lambda r: "kiosk.yaml" in r.changed())
    assert recorder.deliveries[0].thread == "renkei-reload-watcher"


@pytest.mark.parametrize("polling", [False, True])
def test_stop_joins_every_thread_and_is_idempotent(root: Path, polling: bool) -> None:
    before = set(threading.enumerate())
    watcher = ContentWatcher(root, lambda batch: None, polling=polling)
    watcher.stop()  # never started: nothing to do
    watcher.start()
    assert watcher.wait_ready(DEADLINE)
    assert watcher.is_alive()
    assert set(threading.enumerate()) - before
    watcher.stop()
    watcher.stop()
    assert not watcher.is_alive()
    assert set(threading.enumerate()) - before == set()


def test_stop_from_inside_the_callback(root: Path) -> None:
    stopped = threading.Event()
    holder: list[ContentWatcher] = []

    def on_batch(batch: ChangeBatch) -> None:
        holder[0].stop()
        stopped.set()

    watcher = ContentWatcher(root, on_batch, stable_seconds=STABLE, debounce_seconds=DEBOUNCE)
    holder.append(watcher)
    watcher.start()
    assert watcher.wait_ready(DEADLINE)
    (root / "media" / "panels" / "z.jpg").write_bytes(b"z")
    assert stopped.wait(DEADLINE)
    watcher.stop()  # joins the worker that asked itself to end
    assert not watcher.is_alive()


def test_missing_root_at_start_is_reported_then_picked_up(
    tmp_path: Path, make_watcher: Make, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(watcher_module, "RETRY_SECONDS", 0.2)
    content = tmp_path / "not-yet"
    watcher, recorder = make_watcher(content)
    recorder.wait_for(lambda r: bool(r.batches()))
    assert recorder.batches() == [ChangeBatch(root_missing=True)]

    staging = tmp_path / "staging"
    (staging / "media").mkdir(parents=True)
    (staging / "media" / "a.jpg").write_bytes(b"a")
    staging.rename(content)
    recorder.wait_for(lambda r: len(r.batches()) == 2)
    assert recorder.batches()[1] == ChangeBatch(changed=frozenset({"media/a.jpg"}), rescan=True)
    assert watcher.is_alive()


def test_scope_watches_only_the_content_folders(root: Path, make_watcher: Make) -> None:
    from renkei_kiosk.content.watcher import CONTENT_SCOPE

    (root / "src").mkdir()
    _, recorder = make_watcher(root, scope=CONTENT_SCOPE)
    (root / "src" / "module.py").write_text("x = 1\n", encoding="utf-8")
    (root / "notes.txt").write_text("not content\n", encoding="utf-8")
    (root / "kiosk.yaml").write_text("language: ja\n", encoding="utf-8")
    (root / "media" / "panels" / "b.jpg").write_bytes(b"b" * 10)
    recorder.wait_for(lambda r: {"kiosk.yaml", "media/panels/b.jpg"} <= r.changed())
    recorder.assert_quiet(STABLE * 2)
    assert recorder.changed() == {"kiosk.yaml", "media/panels/b.jpg"}


def test_scope_follows_a_content_folder_deleted_and_recreated(
    root: Path, make_watcher: Make
) -> None:
    from renkei_kiosk.content.watcher import CONTENT_SCOPE

    _, recorder = make_watcher(root, scope=CONTENT_SCOPE)
    shutil.rmtree(root / "media")
    recorder.wait_for(lambda r: "media/panels/a.jpg" in r.deleted())
    (root / "media" / "panels").mkdir(parents=True)
    (root / "media" / "panels" / "b.jpg").write_bytes(b"b")
    recorder.wait_for(lambda r: "media/panels/b.jpg" in r.changed())
    # written well after the folder came back: only a watch on the new folder sees it
    time.sleep(STABLE * 2)
    (root / "media" / "panels" / "c.jpg").write_bytes(b"c")
    recorder.wait_for(lambda r: "media/panels/c.jpg" in r.changed())
