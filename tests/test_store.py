"""The SQLite play and touch log: WAL, rows, surviving a kill, corrupt files moved aside."""

from __future__ import annotations

import logging
import sqlite3
import subprocess
import sys
import textwrap
import time
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from renkei_kiosk.core.touches import Touch, TouchAction
from renkei_kiosk.store import SCHEMA_VERSION, Store, iso

T0 = datetime(2024, 7, 13, 19, 0, 0)


def rows(path: Path, sql: str) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(path)
    try:
        return list(conn.execute(sql))
    finally:
        conn.close()


def test_wal_mode_and_schema(tmp_path: Path) -> None:
    db = tmp_path / "state" / "kiosk.sqlite3"  # the folder is created
    with Store(db) as store:
        assert store.available
        assert rows(db, "PRAGMA journal_mode") == [("wal",)]
        cols = {r[1] for r in rows(db, "PRAGMA table_info(plays)")}
        assert {"started_at", "ended_at", "item", "kind", "playlist", "outcome"} <= cols
        cols = {r[1] for r in rows(db, "PRAGMA table_info(touches)")}
        assert {"at", "action", "item"} <= cols


def test_plays_and_touches_are_recorded(tmp_path: Path) -> None:
    db = tmp_path / "kiosk.sqlite3"
    store = Store(db)
    a = store.play_started("media/panels/a.jpg", "image", "main", T0)
    b = store.play_started("media/comments/c.csv#3", "comment", "main", T0 + timedelta(seconds=8))
    c = store.play_started("media/broken.jpg", "image", "main", T0 + timedelta(seconds=20))
    assert a < b < c
    store.play_ended(a, T0 + timedelta(seconds=8), "ok")
    store.play_ended(c, T0 + timedelta(seconds=20), "skipped")
    store.touch(Touch(TouchAction.OPEN, "media/comments/c.csv#3"), T0 + timedelta(seconds=12))
    store.touch(Touch(TouchAction.TIMEOUT), T0 + timedelta(seconds=72))
    # written at once, visible to another connection before close
    got = rows(db, "SELECT item, kind, playlist, outcome FROM plays ORDER BY id")
    assert got == [
        ("media/panels/a.jpg", "image", "main", "ok"),
        ("media/comments/c.csv#3", "comment", "main", None),
        ("media/broken.jpg", "image", "main", "skipped"),
    ]
    assert store.close_open_plays(T0 + timedelta(seconds=30)) == 1
    assert store.close_open_plays(T0 + timedelta(seconds=31)) == 0
    # a crash between a row and the next sign of life: the row ends where it began
    late = store.play_started("media/panels/d.jpg", "image", "main", T0 + timedelta(seconds=50))
    early = T0 + timedelta(seconds=45)  # (the last sign of life, before the row)
    assert store.close_open_plays(early) == 1
    assert rows(db, f"SELECT started_at, ended_at, outcome FROM plays WHERE id = {late}") == [
        (iso(T0 + timedelta(seconds=50)), iso(T0 + timedelta(seconds=50)), "interrupted")]
    store.play_ended(b, T0 + timedelta(seconds=40), "ok")  # already closed: unchanged
    store.close()
    store.close()  # twice is fine
    assert rows(db, f"SELECT outcome, ended_at FROM plays WHERE id = {b}") == [
        ("interrupted", iso(T0 + timedelta(seconds=30)))
    ]
    assert rows(db, "SELECT action, item FROM touches ORDER BY id") == [
        ("open", "media/comments/c.csv#3"),
        ("timeout", None),
    ]


@pytest.mark.parametrize(
    ("at", "expected"),
    [
        (datetime(2024, 7, 13, 19, 0, tzinfo=timezone(timedelta(hours=9))),
         "2024-07-13T19:00:00.000+09:00"),
        (datetime(2024, 7, 13, 10, 0, 0, 250000, tzinfo=UTC),
         "2024-07-13T10:00:00.250+00:00"),
    ],
)
def test_times_are_iso_with_an_offset(at: datetime, expected: str) -> None:
    assert iso(at) == expected


def test_naive_times_get_the_local_offset() -> None:
    text = iso(T0)
    parsed = datetime.fromisoformat(text)
    assert parsed.utcoffset() == T0.astimezone().utcoffset()
    assert parsed.replace(tzinfo=None) == T0


def test_bad_outcome_is_a_programming_error(tmp_path: Path) -> None:
    with Store(tmp_path / "k.sqlite3") as store:
        row = store.play_started("a.jpg", "image", "main", T0)
        with pytest.raises(ValueError, match="outcome"):
            store.play_ended(row, T0, "finished")
        store.play_ended(-1, T0, "ok")  # a row that was never recorded: ignored


WRITER = textwrap.dedent(
    """
    import sys
    from datetime import datetime, timedelta
    from renkei_kiosk.core.touches import Touch, TouchAction
    from renkei_kiosk.store import Store

    store = Store(sys.argv[1])
    t = datetime(2024, 7, 13, 10, 0)
    n = 0
    while True:
        row = store.play_started(f"media/panels/{n % 50}.jpg", "image", "main", t)
        store.touch(Touch(TouchAction.SWIPE, f"media/panels/{n % 50}.jpg"), t)
        store.play_ended(row, t + timedelta(seconds=1), "ok")
        n += 1
        if n == 20:
            print("ready", flush=True)
    """
)


def test_a_kill_mid_write_leaves_a_readable_database(tmp_path: Path) -> None:
    db = tmp_path / "kiosk.sqlite3"
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(db)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "ready"
        time.sleep(0.3)  # let it write a few hundred more rows
    finally:
        proc.kill()
        proc.wait(timeout=10)
    assert rows(db, "PRAGMA integrity_check") == [("ok",)]
    (plays,) = rows(db, "SELECT count(*) FROM plays")[0]
    assert isinstance(plays, int) and plays >= 20
    # at most the row being written at the kill is still open
    (open_rows,) = rows(db, "SELECT count(*) FROM plays WHERE ended_at IS NULL")[0]
    assert open_rows in (0, 1)
    with Store(db) as store:
        assert store.moved_aside == []
        assert store.close_open_plays(T0) == open_rows
        assert store.play_started("x.jpg", "image", "main", T0) > plays


def test_a_corrupt_file_is_moved_aside(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    db = tmp_path / "kiosk.sqlite3"
    junk = b"this is not an sqlite database at all\n" * 200
    db.write_bytes(junk)
    with caplog.at_level(logging.WARNING, logger="renkei_kiosk.store"):
        store = Store(db)
    assert store.available
    assert len(store.moved_aside) == 1
    aside = store.moved_aside[0]
    assert aside.name.startswith("kiosk.sqlite3.corrupt-")
    assert aside.read_bytes() == junk  # kept for inspection, untouched
    assert "moved the damaged database" in caplog.text
    row = store.play_started("a.jpg", "image", "main", T0)
    store.close()
    assert rows(db, "SELECT id, item FROM plays") == [(row, "a.jpg")]
    # a second corruption gets its own name
    db.write_bytes(junk)
    again = Store(db)
    assert len(again.moved_aside) == 1 and again.moved_aside[0] != aside
    again.close()


def test_damaged_pages_are_moved_aside(tmp_path: Path) -> None:
    db = tmp_path / "kiosk.sqlite3"
    with Store(db) as store:
        for n in range(3000):
            store.touch(Touch(TouchAction.SWIPE, f"media/panels/{n}.jpg" * 5), T0)
    data = bytearray(db.read_bytes())
    page = 4096
    assert len(data) > 8 * page
    for offset in range(2 * page, len(data) - page, 3 * page):  # scribble over some pages
        data[offset : offset + page] = b"\xa5" * page
    db.write_bytes(bytes(data))
    store = Store(db)
    assert store.available and len(store.moved_aside) == 1
    store.touch(Touch(TouchAction.OPEN), T0)
    store.close()
    assert rows(db, "SELECT count(*) FROM touches") == [(1,)]


def test_an_unusable_location_never_crashes(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    store = Store(blocker / "kiosk.sqlite3")
    assert not store.available
    assert store.play_started("a.jpg", "image", "main", T0) == -1
    store.play_ended(-1, T0, "ok")
    store.touch(Touch(TouchAction.OPEN), T0)
    assert store.close_open_plays(T0) == 0
    store.close()


def test_what_a_touch_was_about_is_recorded(tmp_path: Path) -> None:
    db = tmp_path / "kiosk.sqlite3"
    with Store(db) as store:
        store.touch(Touch(TouchAction.MAP, prefecture="北海道", region="北海道"), T0)
        store.touch(Touch(TouchAction.CATEGORY, category="賛同自治体"), T0)
        store.touch(Touch(TouchAction.LIST, target="panels"), T0)
        store.touch(Touch(TouchAction.ITEM, "media/comments/賛同.csv#2", prefecture="青森県",
                          region="東北", category="賛同自治体"), T0)
    assert rows(db, "SELECT action, item, prefecture, region, category, target FROM touches "
                    "ORDER BY id") == [
        ("map", None, "北海道", "北海道", None, None),
        ("category", None, None, None, "賛同自治体", None),
        ("list", None, None, None, None, "panels"),
        ("item", "media/comments/賛同.csv#2", "青森県", "東北", "賛同自治体", None),
    ]
    assert rows(db, "PRAGMA user_version") == [(SCHEMA_VERSION,)]


#: the schema as version 1 of the kiosk wrote it
V1_SCHEMA = """
CREATE TABLE plays (
    id INTEGER PRIMARY KEY, started_at TEXT NOT NULL, ended_at TEXT, item TEXT NOT NULL,
    kind TEXT NOT NULL, playlist TEXT,
    outcome TEXT CHECK (outcome IS NULL OR outcome IN ('ok', 'skipped', 'interrupted'))
);
CREATE INDEX plays_started_at ON plays (started_at);
CREATE TABLE touches (id INTEGER PRIMARY KEY, at TEXT NOT NULL, action TEXT NOT NULL, item TEXT);
CREATE INDEX touches_at ON touches (at);
PRAGMA user_version = 1;
"""


def write_v1(db: Path) -> None:
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.executescript(V1_SCHEMA)
    conn.execute("INSERT INTO plays (started_at, ended_at, item, kind, playlist, outcome) "
                 "VALUES ('2024-07-13T19:00:00.000+09:00', '2024-07-13T19:00:08.000+09:00', "
                 "'media/panels/新宿.jpg', 'image', 'main', 'ok')")
    conn.executemany("INSERT INTO touches (at, action, item) VALUES (?, ?, ?)", [
        ("2024-07-13T19:00:03.000+09:00", "open", "media/panels/新宿.jpg"),
        ("2024-07-13T19:00:05.000+09:00", "open_item", "media/panels/渋谷.jpg"),
        ("2024-07-13T19:00:09.000+09:00", "home", None),
    ])
    conn.commit()
    conn.close()


def test_a_version_1_database_is_migrated(tmp_path: Path) -> None:
    db = tmp_path / "kiosk.sqlite3"
    write_v1(db)
    with Store(db) as store:
        assert store.moved_aside == []
        store.touch(Touch(TouchAction.MAP, prefecture="秋田県", region="東北"), T0)
    assert rows(db, "PRAGMA user_version") == [(SCHEMA_VERSION,)]
    assert rows(db, "SELECT action, item, prefecture, region FROM touches ORDER BY id") == [
        ("open", "media/panels/新宿.jpg", None, None),
        ("item", "media/panels/渋谷.jpg", None, None),  # the old name of the action
        ("home", None, None, None),
        ("map", None, "秋田県", "東北"),
    ]
    assert rows(db, "SELECT item, outcome FROM plays") == [("media/panels/新宿.jpg", "ok")]
    with Store(db) as store:  # opening again changes nothing
        pass
    assert rows(db, "SELECT count(*) FROM touches") == [(4,)]


def test_a_newer_database_keeps_its_version(tmp_path: Path) -> None:
    db = tmp_path / "kiosk.sqlite3"
    with Store(db):
        pass
    conn = sqlite3.connect(db)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with Store(db) as store:
        store.touch(Touch(TouchAction.BACK), T0)
    assert rows(db, "PRAGMA user_version") == [(SCHEMA_VERSION + 1,)]
    assert rows(db, "SELECT action FROM touches") == [("back",)]
