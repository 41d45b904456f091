"""The SQLite play and touch log, `kiosk.sqlite3` in the state folder (SPEC.md, "State").

Owns the database file and its schema:

- ``plays(started_at, ended_at, item, kind, playlist, outcome)``: one row per item shown;
  ``outcome`` is ``ok``, ``skipped`` (unreadable media) or ``interrupted`` (touch, reload,
  shutdown), NULL while the item is still on screen;
- ``touches(at, action, item, prefecture, region, category, target)``: one row per visitor
  action in browse mode (a `core.touches.Touch`), with what it was about in columns that
  `stats` and `report` group by (NULL where they do not apply).

Schema versions (``PRAGMA user_version``): 1 had ``touches(at, action, item)`` only; 2 adds
the prefecture, region, category and target columns. Opening an older database migrates it
in one transaction (columns added, the old action name ``open_item`` renamed ``item``); a
database from a newer kiosk is used as it is and keeps its version.

Times are stored as ISO-8601 text with the local UTC offset
(``2024-07-13T19:00:00.000+09:00``); a naive datetime passed in is taken as local time.

Durability: WAL mode, every write is its own committed transaction, ``synchronous=NORMAL``
(a killed process loses nothing committed; only a power cut can lose the last writes),
so a kill at any moment leaves a readable database. Readers such as `stats` may open the
file while the kiosk writes.

Failure: the log must never stop the kiosk. A file that is not a database or fails its
integrity check is moved aside as ``kiosk.sqlite3.corrupt-<timestamp>`` (with its -wal
and -shm files) and a new one started; every other SQLite error is logged and the call
returns as if it had worked (`play_started` then returns -1, which `play_ended` ignores).
A database that could not be opened at all (a full or read-only disk at start) is tried
again at each write, so recording resumes when space returns.

Threads: meant to be called from the Kivy thread only. A lock makes each call atomic, so
a stray call from another thread (a signal handler, a test) is safe, but the store does
no work in the background.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import datetime
from pathlib import Path
from typing import Final

from renkei_kiosk.core.touches import Touch

__all__ = ["LEGACY_ACTIONS", "OUTCOMES", "SCHEMA_VERSION", "TOUCH_COLUMNS", "Store", "iso"]

log = logging.getLogger("renkei_kiosk.store")

#: the values of `plays.outcome`
OUTCOMES: Final = frozenset({"ok", "skipped", "interrupted"})
SCHEMA_VERSION: Final = 2
#: what a touch was about: the columns schema version 2 added to `touches`
TOUCH_COLUMNS: Final = ("prefecture", "region", "category", "target")
#: action names written by schema version 1 that have a new name (old -> new)
LEGACY_ACTIONS: Final = {"open_item": "item"}

_SCHEMA = """
CREATE TABLE IF NOT EXISTS plays (
    id INTEGER PRIMARY KEY,
    started_at TEXT NOT NULL,
    ended_at TEXT,
    item TEXT NOT NULL,
    kind TEXT NOT NULL,
    playlist TEXT,
    outcome TEXT CHECK (outcome IS NULL OR outcome IN ('ok', 'skipped', 'interrupted'))
);
CREATE INDEX IF NOT EXISTS plays_started_at ON plays (started_at);
CREATE TABLE IF NOT EXISTS touches (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    action TEXT NOT NULL,
    item TEXT,
    prefecture TEXT,
    region TEXT,
    category TEXT,
    target TEXT
);
CREATE INDEX IF NOT EXISTS touches_at ON touches (at);
"""


def iso(at: datetime) -> str:
    """ISO-8601 with the local offset and milliseconds; naive values are local time."""
    if at.tzinfo is None or at.utcoffset() is None:
        at = at.astimezone()  # naive -> local time with its offset
    return at.isoformat(timespec="milliseconds")


class Store:
    """The play and touch log. Use from the Kivy thread; see the module docstring."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        self._conn: sqlite3.Connection | None = None
        self._closed = False
        #: where a corrupt database was moved to, if that happened (for the staff overlay)
        self.moved_aside: list[Path] = []
        with self._lock:
            self._open()

    # --- opening and recovery ------------------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(
            self.path, timeout=5.0, isolation_level=None, check_same_thread=False
        )
        try:
            conn.execute("PRAGMA busy_timeout = 5000")
            mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()
            if mode is None or str(mode[0]).lower() != "wal":
                log.warning("Store: %s is not in WAL mode (%s)", self.path, mode)
            conn.execute("PRAGMA synchronous = NORMAL")
            check = conn.execute("PRAGMA quick_check").fetchone()
            if check is None or check[0] != "ok":
                raise sqlite3.DatabaseError(f"integrity check failed: {check}")
            conn.executescript(_SCHEMA)
            self._migrate(conn)
        except BaseException:
            conn.close()
            raise
        return conn

    def _migrate(self, conn: sqlite3.Connection) -> None:
        """Bring a database written by an older kiosk to SCHEMA_VERSION, in one transaction."""
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        if version > SCHEMA_VERSION:
            log.warning(
                "Store: %s was written by a newer kiosk (schema %d, this one knows %d)",
                self.path, version, SCHEMA_VERSION,
            )
            return
        if version == SCHEMA_VERSION:
            return
        have = {str(row[1]) for row in conn.execute("PRAGMA table_info(touches)")}
        conn.execute("BEGIN IMMEDIATE")
        try:
            for column in TOUCH_COLUMNS:
                if column not in have:
                    conn.execute(f"ALTER TABLE touches ADD COLUMN {column} TEXT")
            for old, new in LEGACY_ACTIONS.items():
                conn.execute("UPDATE touches SET action = ? WHERE action = ?", (new, old))
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        if version:
            log.info("Store: %s migrated from schema %d to %d", self.path, version,
                     SCHEMA_VERSION)

    def _open(self) -> None:
        """Open the database, moving a corrupt one aside; never raises for SQLite errors."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            log.error("Store: cannot create the folder of %s: %s", self.path, e)
        try:
            self._conn = self._connect()
            return
        except sqlite3.DatabaseError as e:  # also "file is not a database"
            if isinstance(e, sqlite3.OperationalError) and not self._looks_corrupt(e):
                log.error("Store: cannot open %s: %s (plays are not logged)", self.path, e)
                self._conn = None
                return
            log.error("Store: %s is damaged (%s); moving it aside", self.path, e)
        self._move_aside()
        try:
            self._conn = self._connect()
            log.info("Store: started a new %s", self.path)
        except sqlite3.Error as e:
            log.error("Store: cannot start a new %s: %s (plays are not logged)", self.path, e)
            self._conn = None

    @staticmethod
    def _looks_corrupt(error: sqlite3.Error) -> bool:
        text = str(error).lower()
        return any(
            word in text for word in ("malformed", "not a database", "corrupt", "integrity")
        )

    def _move_aside(self) -> None:
        """Rename the database and its -wal/-shm files to `*.corrupt-<timestamp>`."""
        stamp = datetime.now().strftime("%Y%m%dT%H%M%S")
        target = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        n = 1
        while target.exists():
            n += 1
            target = self.path.with_name(f"{self.path.name}.corrupt-{stamp}-{n}")
        for suffix in ("", "-wal", "-shm"):
            source = Path(f"{self.path}{suffix}")
            if not source.exists():
                continue
            dest = Path(f"{target}{suffix}")
            try:
                os.replace(source, dest)
            except OSError as e:
                log.error("Store: cannot move %s aside: %s", source, e)
                with suppress(OSError):
                    source.unlink()
                continue
            if suffix == "":
                self.moved_aside.append(dest)
                log.warning("Store: moved the damaged database to %s", dest)

    @contextmanager
    def _writing(self, what: str) -> Iterator[sqlite3.Connection | None]:
        """Run one write under the lock; log SQLite errors, recover from corruption."""
        with self._lock:
            if self._conn is None and not self._closed:
                self._reopen()
            if self._conn is None:
                yield None
                return
            try:
                yield self._conn
            except sqlite3.Error as e:
                log.error("Store: could not record %s: %s", what, e)
                if self._looks_corrupt(e):
                    self._close_quietly()
                    self._move_aside()
                    self._open_fresh()

    def _reopen(self) -> None:
        """Try again to open a database that could not be opened (a full or read-only disk
        at start): recording resumes once it works. Quiet while it still fails."""
        try:
            self._conn = self._connect()
        except sqlite3.Error:
            self._conn = None
            return
        log.info("Store: recording in %s again", self.path)

    def _open_fresh(self) -> None:
        try:
            self._conn = self._connect()
        except sqlite3.Error as e:
            log.error("Store: cannot start a new %s: %s (plays are not logged)", self.path, e)
            self._conn = None

    def _close_quietly(self) -> None:
        if self._conn is not None:
            with suppress(sqlite3.Error):
                self._conn.close()
            self._conn = None

    # --- the log ---------------------------------------------------------------------------

    @property
    def available(self) -> bool:
        """Whether plays and touches are being recorded."""
        return self._conn is not None

    def play_started(
        self, item_key: str, kind: str, playlist: str | None, at: datetime
    ) -> int:
        """Record that `item_key` came on screen; returns the row id (-1 if not recorded)."""
        row = -1
        with self._writing(f"the play of {item_key}") as conn:
            if conn is not None:
                cur = conn.execute(
                    "INSERT INTO plays (started_at, item, kind, playlist) VALUES (?, ?, ?, ?)",
                    (iso(at), item_key, kind, playlist),
                )
                row = cur.lastrowid if cur.lastrowid is not None else -1
        return row

    def play_ended(self, row_id: int, at: datetime, outcome: str = "ok") -> None:
        """Close the play row `row_id` with `outcome` (ok, skipped or interrupted)."""
        if outcome not in OUTCOMES:
            raise ValueError(f"outcome must be one of {sorted(OUTCOMES)}, got {outcome!r}")
        if row_id < 0:
            return
        with self._writing(f"the end of play {row_id}") as conn:
            if conn is not None:
                conn.execute(
                    "UPDATE plays SET ended_at = ?, outcome = ? WHERE id = ? AND ended_at IS NULL",
                    (iso(at), outcome, row_id),
                )

    def touch(self, touch: Touch, at: datetime) -> None:
        """Record one visitor action in browse mode, with what it was about."""
        with self._writing(f"the touch {touch.action.value}") as conn:
            if conn is not None:
                conn.execute(
                    "INSERT INTO touches (at, action, item, prefecture, region, category, target)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (iso(at), touch.action.value, touch.item, touch.prefecture, touch.region,
                     touch.category, touch.target),
                )

    def close_open_plays(self, at: datetime, outcome: str = "interrupted") -> int:
        """Close every play row still open (after a crash or at shutdown) at `at`, or at
        its start when it began later (a crash between a row and the next sign of life:
        a row never ends before it began); returns how many."""
        if outcome not in OUTCOMES:
            raise ValueError(f"outcome must be one of {sorted(OUTCOMES)}, got {outcome!r}")
        at = at if at.tzinfo is not None and at.utcoffset() is not None else at.astimezone()
        count = 0
        with self._writing("the open plays") as conn:
            if conn is not None:
                rows = conn.execute(
                    "SELECT id, started_at FROM plays WHERE ended_at IS NULL").fetchall()
                for row_id, started in rows:
                    try:
                        began = datetime.fromisoformat(started)
                    except (TypeError, ValueError):
                        began = None
                    end = began if began is not None and began.tzinfo and began > at else at
                    conn.execute("UPDATE plays SET ended_at = ?, outcome = ? WHERE id = ?",
                                 (iso(end), outcome, row_id))
                count = len(rows)
        return count

    def close(self) -> None:
        """Checkpoint the WAL into the database and close it. Safe to call twice."""
        with self._lock:
            self._closed = True
            if self._conn is None:
                return
            try:
                self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            except sqlite3.Error as e:
                log.warning("Store: checkpoint of %s failed: %s", self.path, e)
            self._close_quietly()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
