"""Opening kiosks' `kiosk.sqlite3` for reading, without ever changing them.

A `--state DIR` (or the database file itself) becomes a `Source`: the kiosk's id, the
file, and a read-only SQLite connection.

- Without a `-wal` file beside it (a kiosk that was shut down, or a copy of the database
  alone), the file is opened in place with ``mode=ro&immutable=1``: SQLite then writes
  nothing, not even a `-shm` file.
- With a `-wal` file (copied from a running kiosk, or the kiosk is running), the
  committed rows in the WAL must be applied, which needs files beside the database: the
  database and its `-wal` are copied into a temporary folder first and the copy is read.
  The source folder is never written to.
- A damaged database: `salvage`
  copies every row that can still be read, table by table, into an in-memory database,
  and says how much was lost.

Kiosk ids: the state folder's name (for a database file given directly, its folder's
name); when two sources have the same name, the later ones get ``-2``, ``-3`` ...
"""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs

from renkei_kiosk.core import words

__all__ = [
    "DB_NAME",
    "Source",
    "SourceError",
    "default_state_dir",
    "kiosk_ids",
    "open_source",
    "salvage",
]

DB_NAME = "kiosk.sqlite3"

#: the columns `stats` reads, per table (a missing one reads as NULL)
COLUMNS: dict[str, tuple[str, ...]] = {
    "plays": ("id", "started_at", "ended_at", "item", "kind", "playlist", "outcome"),
    "touches": ("id", "at", "action", "item", "prefecture", "region", "category", "target"),
}

#: rows read per query while salvaging
_CHUNK = 4096


class SourceError(Exception):
    """A state folder or database that cannot be read at all (the message names it)."""


@dataclass
class Source:
    """One kiosk's log, open for reading."""

    kiosk: str
    #: the database file as given (never written to)
    path: Path
    conn: sqlite3.Connection
    #: problems found while reading, in words for the organiser (naming the file)
    problems: list[str] = field(default_factory=list)
    #: the temporary folder of a copy, removed by `close`
    tmp: Path | None = None
    #: the columns each table has (those of an older schema lack some)
    columns: dict[str, frozenset[str]] = field(default_factory=dict)
    #: the language of `problems` (ja or en)
    lang: str | None = None

    def close(self) -> None:
        """Close the connection and remove the temporary copy, if any."""
        with suppress(sqlite3.Error):
            self.conn.close()
        if self.tmp is not None:
            shutil.rmtree(self.tmp, ignore_errors=True)
            self.tmp = None


def default_state_dir() -> Path:
    """This PC's kiosk state folder (the one `run` uses by default; runner.py's twin,
    kept here so that `stats` never imports the kiosk's runner and, through it, the UI)."""
    return Path(platformdirs.user_state_dir("renkei-kiosk", appauthor=False))


def database_path(given: Path, lang: str | None = None) -> Path:
    """The database of a state folder, or the file itself; raises SourceError if absent."""
    if given.is_dir():
        db = given / DB_NAME
        if not db.is_file():
            raise SourceError(words.text("stats_no_db", lang, path=given))
        return db
    if given.is_file():
        return given
    raise SourceError(words.text("stats_no_path", lang, path=given))


def kiosk_ids(paths: Sequence[Path]) -> list[str]:
    """One id per source: its state folder's name, made unique with -2, -3 ..."""
    ids: list[str] = []
    for path in paths:
        folder = path.parent if path.is_file() else path
        base = folder.resolve().name or str(folder)
        name, n = base, 1
        while name in ids:
            n += 1
            name = f"{base}-{n}"
        ids.append(name)
    return ids


def _has_wal(db: Path) -> bool:
    wal = Path(f"{db}-wal")
    try:
        return wal.is_file() and wal.stat().st_size > 0
    except OSError:
        return False


def open_source(given: Path, kiosk: str, lang: str | None = None) -> Source:
    """Open one kiosk's database read-only (a temporary copy when its WAL must be applied).

    Raises SourceError when there is nothing to read; a damaged database still opens
    (reading it fails later, and `salvage` reads what it can).
    """
    db = database_path(given, lang)
    tmp: Path | None = None
    try:
        if _has_wal(db):
            tmp = Path(tempfile.mkdtemp(prefix="renkei-stats-"))
            copy = tmp / DB_NAME
            # the WAL first: rows committed while copying are then at worst missing,
            # never half there (the database file only grows by checkpoints of the WAL)
            shutil.copyfile(f"{db}-wal", f"{copy}-wal")
            shutil.copyfile(db, copy)
            uri = f"{copy.as_uri()}?mode=ro"
        else:
            uri = f"{db.resolve().as_uri()}?mode=ro&immutable=1"
        conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
    except (OSError, sqlite3.Error) as e:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
        raise SourceError(words.text("stats_cannot_read", lang, path=db, error=e)) from e
    source = Source(kiosk=kiosk, path=db, conn=conn, tmp=tmp, lang=lang)
    try:
        source.columns = _columns(conn)
    except sqlite3.DatabaseError as e:
        source.close()
        raise SourceError(_damage_words(db, e, lang)) from e
    return source


def _columns(conn: sqlite3.Connection) -> dict[str, frozenset[str]]:
    found: dict[str, frozenset[str]] = {}
    for table in COLUMNS:
        found[table] = frozenset(str(r[1]) for r in conn.execute(f"PRAGMA table_info({table})"))
    return found


def _damage_words(db: Path, error: sqlite3.Error, lang: str | None) -> str:
    key = "stats_not_db" if "not a database" in str(error).lower() else "stats_damaged"
    return words.text(key, lang, path=db, error=error)


def select_list(source: Source, table: str) -> str:
    """The column list for `table`, with NULL for columns an older schema lacks."""
    have = source.columns.get(table, frozenset())
    return ", ".join(c if c in have else f"NULL AS {c}" for c in COLUMNS[table])


def _rows_between(
    conn: sqlite3.Connection, sql: str, lo: int, hi: int, lost: list[int]
) -> Iterator[tuple[object, ...]]:
    """Rows with lo <= id < hi; a range that fails is halved until single rows are lost."""
    try:
        rows = conn.execute(sql, (lo, hi)).fetchall()
    except sqlite3.DatabaseError:
        if hi - lo <= 1:
            lost[0] += 1
            return
        mid = (lo + hi) // 2
        yield from _rows_between(conn, sql, lo, mid, lost)
        yield from _rows_between(conn, sql, mid, hi, lost)
        return
    yield from rows


def _last_id(conn: sqlite3.Connection, table: str) -> int | None:
    for sql in (f"SELECT max(id) FROM {table}", f"SELECT id FROM {table} ORDER BY id DESC"):
        try:
            row = conn.execute(sql).fetchone()
        except sqlite3.DatabaseError:
            continue
        return int(row[0]) if row and row[0] is not None else 0
    return None


def _salvage_table(source: Source, table: str, memory: sqlite3.Connection
                   ) -> tuple[int, int | None]:
    """Copy every readable row of `table` into `memory`: (rows read, rows lost or None
    when the table's end could not be found)."""
    columns = COLUMNS[table]
    sql = f"SELECT {select_list(source, table)} FROM {table} WHERE id >= ? AND id < ?"
    insert = f"INSERT INTO {table} VALUES ({', '.join('?' * len(columns))})"
    last = _last_id(source.conn, table)
    lost = [0]
    read = 0
    lo = 1
    empty_run = 0
    while True:
        rows = list(_rows_between(source.conn, sql, lo, lo + _CHUNK, lost))
        memory.executemany(insert, rows)
        read += len(rows)
        lo += _CHUNK
        if last is not None:
            if lo > last:
                return read, lost[0]
        else:  # the end of the table is unknown: stop after 16 empty chunks
            empty_run = 0 if rows else empty_run + 1
            if empty_run >= 16:
                return read, None


def salvage(source: Source, error: sqlite3.Error) -> Source:
    """A Source over an in-memory copy of every row of `source` that can still be read.

    Adds a problem naming the file, what was wrong and how many rows were read.
    """
    memory = sqlite3.connect(":memory:", check_same_thread=False)
    notes: list[str] = []
    lang = source.lang
    for table, columns in COLUMNS.items():
        memory.execute(f"CREATE TABLE {table} ({', '.join(columns)})")
        name = words.text(f"stats_table_{table}", lang)
        if not source.columns.get(table):
            notes.append(words.text("stats_read_none", lang, table=name))
            continue
        read, lost = _salvage_table(source, table, memory)
        if lost is None:
            notes.append(words.text("stats_read_end_lost", lang, table=name, n=read))
        elif lost:
            notes.append(words.text("stats_read_lost", lang, table=name, n=read, lost=lost))
        else:
            notes.append(words.text("stats_read_all", lang, table=name, n=read))
    source.problems.append(words.text(
        "stats_salvaged", lang, damage=_damage_words(source.path, error, lang),
        notes="; ".join(notes) if lang == "en" else "、".join(notes)))
    source.conn.close()
    source.conn = memory
    source.columns = {t: frozenset(c) for t, c in COLUMNS.items()}
    return source
