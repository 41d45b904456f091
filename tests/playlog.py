"""Reading a kiosk's play log from a test, as an organiser's tool would: the file only."""

from __future__ import annotations

import sqlite3
from pathlib import Path


def play_rows(db: Path) -> list[tuple[str, str | None]]:
    """(item, outcome) of every play row in `db`, oldest first; [] with no database yet."""
    if not db.exists():
        return []
    con = sqlite3.connect(db)
    try:
        return con.execute("select item, outcome from plays order by rowid").fetchall()
    except sqlite3.OperationalError:
        return []
    finally:
        con.close()
