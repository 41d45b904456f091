"""Comment-file rows -> :class:`~renkei_kiosk.core.model.CommentCard` values.

Rows come from a CSV file (:func:`rows_from_csv`) or a YAML list of mappings
(:func:`rows_from_yaml`), each with its data-row number and the line it starts on.
Column names may be English or Japanese (:data:`COLUMN_ALIASES`); required are
municipality, prefecture and comment. An unknown column is a problem naming the column
(its values are left out; the rest still load); a row missing a required value is a
problem and is left out; empty rows are skipped. Takes decoded text, never reads files.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from renkei_kiosk.core import words
from renkei_kiosk.core.model import CommentCard, ContentError, Problem
from renkei_kiosk.schema.errors import got, suggest
from renkei_kiosk.schema.playlist import tidy_path
from renkei_kiosk.schema.yamlmarks import MarkedDict, MarkedList, line_of, parse_yaml

REQUIRED = ("municipality", "prefecture", "comment")
OPTIONAL = ("region", "category", "photo", "url")
COLUMNS = REQUIRED + OPTIONAL

#: every accepted column name (after trimming and lower-casing) -> its key
COLUMN_ALIASES: dict[str, str] = {
    "municipality": "municipality", "自治体": "municipality", "自治体名": "municipality",
    "市町村": "municipality", "市町村名": "municipality", "市区町村": "municipality",
    "市区町村名": "municipality",
    "prefecture": "prefecture", "都道府県": "prefecture", "都道府県名": "prefecture",
    "region": "region", "地域": "region", "地方": "region",
    "category": "category", "区分": "category", "カテゴリ": "category",
    "カテゴリー": "category", "分類": "category",
    "comment": "comment", "コメント": "comment", "メッセージ": "comment",
    "photo": "photo", "写真": "photo", "画像": "photo",
    "url": "url", "ホームページ": "url", "リンク": "url",
}
#: the Japanese name suggested in messages for each key
JAPANESE_NAMES: dict[str, str] = {
    "municipality": "自治体名", "prefecture": "都道府県", "region": "地域", "category": "区分",
    "comment": "コメント", "photo": "写真", "url": "URL",
}


@dataclass(frozen=True)
class CommentRow:
    """One row of a comment file before checking."""

    #: 1-based data row (the first row under the CSV header, or the first YAML entry, is 1)
    number: int
    #: 1-based line in the file where the row starts
    line: int | None
    #: column name as written -> value as written
    values: Mapping[object, object]


@dataclass(frozen=True)
class CommentResult:
    """The cards read from one comment file, and what was wrong with it."""

    #: (data-row number, line, card) for every usable row, in file order
    cards: tuple[tuple[int, int | None, CommentCard], ...] = ()
    problems: tuple[Problem, ...] = field(default=())


def normalize_column(name: object) -> str:
    """A column name tidied for lookup: NFKC (full-width to half-width), trimmed, lower case."""
    text = unicodedata.normalize("NFKC", str(name)).strip().lstrip("\ufeff").strip()
    return text.lower()


def rows_from_csv(text: str) -> tuple[list[str], int, list[CommentRow]]:
    """(header, header line, rows) of a decoded CSV text (any line endings, BOM removed)."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    header: list[str] = []
    header_line = 1
    rows: list[CommentRow] = []
    start = 1
    for record in reader:
        if not header:
            if any(cell.strip() for cell in record):
                header = record
                header_line = start
            start = reader.line_num + 1
            continue
        values: dict[object, object] = {
            name: record[i] if i < len(record) else "" for i, name in enumerate(header)
        }
        extra = [cell for cell in record[len(header):] if cell.strip()]
        if extra:
            values[""] = extra[0]
        rows.append(CommentRow(number=len(rows) + 1, line=start, values=values))
        start = reader.line_num + 1
    return header, header_line, rows


def rows_from_yaml(text: str, file: str, lang: str | None = None) -> list[CommentRow]:
    """The rows of a YAML comment file (a list of mappings); raises ContentError."""
    data = parse_yaml(text, file, lang)
    if not isinstance(data, list):
        line = line_of(data)
        raise ContentError([Problem(file, line, words.text("comment_not_list", lang))])
    rows = []
    for index, entry in enumerate(data):
        line = data.lines[index] if isinstance(data, MarkedList) else None
        if entry is None:
            entry = {}
        if not isinstance(entry, Mapping):
            msg = words.text("comment_row_not_mapping", lang, row=index + 1)
            raise ContentError([Problem(file, line, msg)])
        rows.append(CommentRow(number=index + 1, line=line, values=entry))
    return rows


class _Report:
    """Collects the problems of one comment file, each once."""

    def __init__(self, file: str, lang: str | None) -> None:
        self.file = file
        self.lang = lang
        self.problems: list[Problem] = []

    def __call__(self, line: int | None, msg_id: str, **fields: object) -> None:
        found = Problem(self.file, line, words.text(msg_id, self.lang, **fields))
        if found not in self.problems:
            self.problems.append(found)


def cards_from_rows(
    rows: Sequence[CommentRow],
    file: str,
    lang: str | None = None,
    header: Sequence[object] | None = None,
    header_line: int | None = 1,
) -> CommentResult:
    """Cards for the usable rows, and a Problem for each thing wrong.

    ``header`` is the CSV header (its columns are checked once, at its line); for YAML
    the keys of each entry are checked where they are written.
    """
    problem = _Report(file, lang)
    if header is not None and not _check_columns(header, header_line, problem):
        return CommentResult((), tuple(problem.problems))
    cards: list[tuple[int, int | None, CommentCard]] = []
    for row in rows:
        if header is None:
            key_lines = row.values.lines if isinstance(row.values, MarkedDict) else {}
            for name in row.values:
                if COLUMN_ALIASES.get(normalize_column(name)) is None:
                    _unknown_column(name, key_lines.get(name, row.line), problem)
        card = _card(row, problem)
        if card is not None:
            cards.append((row.number, row.line, card))
    if not cards and not problem.problems:
        problem(None, "comment_no_rows")
    return CommentResult(tuple(cards), tuple(problem.problems))


def cards_from_csv(text: str, file: str, lang: str | None = None) -> CommentResult:
    """Cards from the decoded text of a CSV comment file."""
    header, header_line, rows = rows_from_csv(text)
    if not header:
        return CommentResult((), (Problem(file, None, words.text("comment_no_rows", lang)),))
    return cards_from_rows(rows, file, lang, header=header, header_line=header_line)


def cards_from_yaml(text: str, file: str, lang: str | None = None) -> CommentResult:
    """Cards from the text of a YAML comment file (a list of mappings)."""
    try:
        rows = rows_from_yaml(text, file, lang)
    except ContentError as e:
        return CommentResult((), e.problems)
    return cards_from_rows(rows, file, lang)


def _check_columns(header: Sequence[object], line: int | None, problem: _Report) -> bool:
    """Report unknown, doubled and missing columns; False when a required one is missing."""
    seen: set[str] = set()
    for name in header:
        key = COLUMN_ALIASES.get(normalize_column(name))
        if key is None:
            if str(name).strip():
                _unknown_column(name, line, problem)
        elif key in seen:
            problem(line, "comment_duplicate_column", column=key)
        else:
            seen.add(key)
    complete = True
    for key in REQUIRED:
        if key not in seen:
            problem(line, "comment_missing_column", column=key, alias=JAPANESE_NAMES[key])
            complete = False
    return complete


def _unknown_column(name: object, line: int | None, problem: _Report) -> None:
    suggestion = suggest(normalize_column(name), COLUMN_ALIASES)
    allowed = ", ".join(f"{key} ({JAPANESE_NAMES[key]})" for key in COLUMNS)
    hint = ""
    if suggestion is not None:
        hint = words.text("hint_column", problem.lang, suggestion=COLUMN_ALIASES[suggestion])
    problem(line, "comment_unknown_column", column=str(name).strip(), hint=hint, allowed=allowed)


def _as_text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _card(row: CommentRow, problem: _Report) -> CommentCard | None:
    """The card of one row, or None when it is empty or misses a required value."""
    values: dict[str, str] = {}
    for name, raw in row.values.items():
        key = COLUMN_ALIASES.get(normalize_column(name))
        if key is None or raw is None:
            continue
        if isinstance(raw, Mapping | list):
            problem(row.line, "comment_row_not_text", row=row.number, column=key)
            return None
        text = _as_text(raw).replace("\r\n", "\n").replace("\r", "\n").strip()
        if text:
            values[key] = text
    if not values:
        return None  # an empty row
    missing = [key for key in REQUIRED if key not in values]
    for key in missing:
        problem(row.line, "comment_row_missing", row=row.number, column=key)
    if missing:
        return None
    url = values.get("url")
    if url is not None and not url.lower().startswith(("http://", "https://")):
        problem(row.line, "comment_url_invalid", row=row.number, got=got(url, problem.lang))
        url = None
    photo = values.get("photo")
    return CommentCard(
        municipality=values["municipality"],
        prefecture=values["prefecture"],
        comment=values["comment"],
        region=values.get("region"),
        category=values.get("category"),
        photo=tidy_path(photo) if photo else None,
        url=url,
    )
