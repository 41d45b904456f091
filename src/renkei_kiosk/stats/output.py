"""The tables of `stats` as text, JSON and CSV, with Japanese or English labels.

- Text: one titled block per table, columns aligned for Japanese (wide) characters, at
  most `TEXT_ROWS` rows per table (the CSV files and JSON hold them all).
- JSON: ``{"period": ..., "idle_timeout": ..., "kiosks": [...], "problems": [...],
  "tables": {NAME: [{COLUMN: VALUE}, ...]}}`` with the machine column keys (English,
  stable for scripts), whatever the language.
- Labels: core.words, keys ``stats_title_TABLE``, ``stats_col_COLUMN`` and ``stats_*``.
- CSV: one file per table, ``NAME.csv``, UTF-8 with BOM (Excel in Japan opens it as
  UTF-8), a header row of labels in the chosen language, CRLF line ends.
"""

from __future__ import annotations

import csv
import json
import unicodedata
from pathlib import Path

from renkei_kiosk.core import words
from renkei_kiosk.stats.tables import ALL_KIOSKS, Stats, Table

__all__ = ["TEXT_ROWS", "cell", "column_label", "table_title", "to_json", "to_text", "write_csv"]

#: rows per table in the text view
TEXT_ROWS = 30

#: tables left out of the text view (their figures are in others; CSV and JSON have them)
TEXT_SKIP = frozenset({"plays_by_playlist_item"})


def table_title(name: str, lang: str) -> str:
    """The title of table `name` in `lang` (core.words ``stats_title_NAME``)."""
    return words.text(f"stats_title_{name}", lang)


def column_label(column: str, lang: str) -> str:
    """The label of a column key in `lang` (core.words ``stats_col_COLUMN``)."""
    return words.text(f"stats_col_{column}", lang)


def word(key: str, lang: str, **fields: object) -> str:
    """The text view's words ``stats_KEY`` in `lang`, with their fields filled in."""
    return words.text(f"stats_{key}", lang, **fields)


def _width(text: str) -> int:
    """Columns a terminal gives `text` (East Asian wide and full-width count two)."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


#: columns that hold an ISO timestamp, shown to the minute in tables for reading
TIME_COLUMNS = frozenset({"first", "last"})


def cell(value: object, lang: str, column: str = "") -> str:
    """One value as a table shows it: numbers with separators, times to the minute."""
    if value is None:
        return ""
    if value == ALL_KIOSKS:
        return word("all", lang)
    if isinstance(value, float):
        return f"{value:,.1f}"
    if isinstance(value, int):
        return f"{value:,}"
    text = str(value)
    if column in TIME_COLUMNS and len(text) >= 16 and text[10] == "T":
        return text[:16].replace("T", " ")
    return text


def _block(table: Table, lang: str) -> list[str]:
    lines = [f"■ {table_title(table.name, lang)}"]
    if not table.rows:
        return [*lines, "  " + word("none", lang), ""]
    header = [column_label(c, lang) for c in table.columns]
    shown = table.rows[:TEXT_ROWS]
    cells = [[cell(v, lang, c) for v, c in zip(row, table.columns, strict=True)]
             for row in shown]
    widths = [max(_width(h), *(_width(r[i]) for r in cells)) for i, h in enumerate(header)]
    numeric = [all(isinstance(row[i], int | float) or row[i] is None for row in shown)
               for i in range(len(header))]

    def line(values: list[str]) -> str:
        parts = []
        for i, v in enumerate(values):
            pad = " " * (widths[i] - _width(v))
            parts.append(pad + v if numeric[i] else v + pad)
        return "  " + "  ".join(parts).rstrip()

    lines.append(line(header))
    lines.append("  " + "  ".join("-" * w for w in widths))
    lines.extend(line(r) for r in cells)
    if len(table.rows) > TEXT_ROWS:
        lines.append("  " + word("more", lang, n=len(table.rows) - TEXT_ROWS))
    lines.append("")
    return lines


def to_text(stats: Stats, lang: str) -> str:
    """Every table as aligned text, titled, in `lang`."""
    since = stats.period.since.isoformat() if stats.period.since else word("open_end", lang)
    until = stats.period.until.isoformat() if stats.period.until else word("open_end", lang)
    lines = [
        f"{word('period', lang)}: {since} .. {until}",
        word("idle", lang, s=f"{stats.idle_timeout:g}"),
        "",
    ]
    for table in stats.tables.values():
        if table.name not in TEXT_SKIP:
            lines.extend(_block(table, lang))
    return "\n".join(lines)


def to_json(stats: Stats) -> str:
    """Every table as JSON (machine column keys), with the options and problems."""
    data = {
        "period": {
            "since": stats.period.since.isoformat() if stats.period.since else None,
            "until": stats.period.until.isoformat() if stats.period.until else None,
        },
        "idle_timeout": stats.idle_timeout,
        "kiosks": list(stats.kiosks),
        "problems": list(stats.problems),
        "tables": {name: t.dicts() for name, t in stats.tables.items()},
    }
    return json.dumps(data, ensure_ascii=False, indent=1)


def write_csv(stats: Stats, folder: Path, lang: str) -> list[Path]:
    """One `NAME.csv` per table in `folder` (created), UTF-8 with BOM; returns the files."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, table in stats.tables.items():
        path = folder / f"{name}.csv"
        with path.open("w", encoding="utf-8-sig", newline="") as f:
            writer = csv.writer(f, lineterminator="\r\n")
            writer.writerow([column_label(c, lang) for c in table.columns])
            for row in table.rows:
                writer.writerow(["" if v is None else (word("all", lang) if v == ALL_KIOSKS
                                                       else v) for v in row])
        written.append(path)
    return written
