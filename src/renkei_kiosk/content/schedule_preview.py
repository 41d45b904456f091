"""`renkei-kiosk schedule`: which playlist a screen shows at a moment, or over a span.

The shell around `core.schedule`: reads the content root, parses the command's times
(ISO-8601 local time), asks the core, and prints the answer for people (Japanese or
English) or, with `--json`, for scripts, exactly as SPEC.md describes:

- ``--at``: ``{"at": ..., "playlist": STEM or null, "name": ..., "until": ISO or null}``
- ``--from``/``--to``: ``[{"from": ..., "to": ..., "playlist": ..., "name": ...}, ...]``

Content problems are printed to stderr as warnings; the answer comes from the playlists
that are valid, and the exit code stays 0. Bad times are usage errors (exit 2).
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from renkei_kiosk.content.loader import content_language, load_content, load_settings_file
from renkei_kiosk.core import words
from renkei_kiosk.core.model import Playlist, Settings
from renkei_kiosk.core.schedule import Segment, active_playlist, next_change, timeline

__all__ = ["format_time", "iso_minutes", "parse_time", "run_schedule"]

#: how far ahead `--at` looks for the next change
HORIZON = timedelta(days=400)

#: the words table's keys of Monday .. Sunday
_WEEKDAYS = tuple(f"weekday_{day}" for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun"))


def _t(key: str, lang: str, **fields: object) -> str:
    return words.text(f"schedule_{key}", lang, **fields)


def parse_time(
    value: str, option: str, parser: argparse.ArgumentParser, lang: str = "ja"
) -> datetime:
    """An ISO-8601 time as a naive local datetime; a usage error (exit 2) if unreadable.

    ``2024-07-13T19:00``, ``2024-07-13 19:00`` and ``2024-07-13`` (midnight) are read as
    local time; a time with an offset (``...+09:00``) is converted to local time.
    """
    try:
        when = datetime.fromisoformat(value.strip())
    except ValueError:
        parser.error(_t("bad_time", lang, option=option, value=value))
    if when.tzinfo is not None:
        when = when.astimezone().replace(tzinfo=None)
    return when


def iso_minutes(when: datetime) -> str:
    """ISO-8601 local time, to the minute when the seconds are zero (``2024-07-13T19:00``)."""
    if when.second == 0 and when.microsecond == 0:
        return when.isoformat(timespec="minutes")
    return when.isoformat(timespec="seconds")


def format_time(when: datetime, lang: str) -> str:
    """A time for people: ``2024-07-13 (土) 19:00``."""
    clock = "%H:%M" if when.second == 0 else "%H:%M:%S"
    day = words.text(_WEEKDAYS[when.weekday()], lang)
    return f"{when:%Y-%m-%d} ({day}) {when.strftime(clock)}"


def _label(stem: str | None, name: str | None, lang: str) -> str:
    if stem is None:
        return _t("closed", lang)
    return f"{stem} ({name})" if name else stem


@contextmanager
def _quiet_loader_log() -> Iterator[None]:
    """Keep the loader's warnings off stderr when nothing set up logging: we print them."""
    root = logging.getLogger()
    if root.handlers:
        yield
        return
    handler = logging.NullHandler()
    package = logging.getLogger("renkei_kiosk")
    package.addHandler(handler)
    try:
        yield
    finally:
        package.removeHandler(handler)


def _print_json(value: Any) -> None:
    text = json.dumps(value, ensure_ascii=False, indent=2)
    try:
        print(text)
    except UnicodeEncodeError:  # a console that cannot show the names (old Windows code page)
        print(json.dumps(value, ensure_ascii=True, indent=2))


def _print_text(text: str) -> None:
    try:
        print(text)
    except UnicodeEncodeError:
        enc = sys.stdout.encoding or "ascii"
        print(text.encode(enc, errors="replace").decode(enc))


def run_schedule(
    content: Path,
    *,
    at: str | None,
    start: str | None,
    end: str | None,
    as_json: bool,
    lang: str | None,
    parser: argparse.ArgumentParser,
) -> int:
    """The `schedule` command; returns the exit code (0; usage errors exit 2 via `parser`)."""
    settings = Settings()
    if content.is_dir():
        with _quiet_loader_log():
            settings, _problems = load_settings_file(content, lang)
    usage_lang = content_language(lang, settings)
    if at is not None and (start is not None or end is not None):
        parser.error(_t("at_and_span", usage_lang))
    if start is not None and end is None:
        parser.error(_t("need_to", usage_lang))
    if end is not None and start is None:
        parser.error(_t("need_from", usage_lang))
    moment = parse_time(at, "--at", parser, usage_lang) if at is not None else None
    span = None
    if start is not None and end is not None:
        span = (
            parse_time(start, "--from", parser, usage_lang),
            parse_time(end, "--to", parser, usage_lang),
        )
        if span[1] <= span[0]:
            parser.error(_t("span_order", usage_lang, start=start, end=end))
    if not content.is_dir():
        parser.error(_t("no_content", usage_lang, path=content))

    with _quiet_loader_log():
        loaded = load_content(content, lang)
    out_lang = content_language(lang, loaded.settings)
    for problem in loaded.problems:
        print(_t("warning", out_lang, problem=problem), file=sys.stderr)

    playlists = loaded.playlists
    if span is not None:
        _answer_span(timeline(playlists, span[0], span[1]), as_json, out_lang)
    else:
        when = moment if moment is not None else datetime.now().replace(microsecond=0)
        _answer_at(playlists, when, as_json, out_lang)
    return 0


def _answer_at(playlists: dict[str, Playlist], when: datetime, as_json: bool, lang: str) -> None:
    active = active_playlist(playlists, when)
    until = next_change(playlists, when, HORIZON)
    if as_json:
        _print_json(
            {
                "at": iso_minutes(when),
                "playlist": None if active is None else active.stem,
                "name": None if active is None else active.name,
                "until": None if until is None else iso_minutes(until),
            }
        )
        return
    stem, name = (None, None) if active is None else (active.stem, active.name)
    label = _label(stem, name, lang)
    if until is None:
        tail = _t("forever", lang, playlist=label, days=HORIZON.days)
    else:
        tail = _t("until", lang, playlist=label, until=format_time(until, lang))
    _print_text(f"{format_time(when, lang)}  →  {tail}")


def _answer_span(segments: list[Segment], as_json: bool, lang: str) -> None:
    if as_json:
        _print_json(
            [
                {
                    "from": iso_minutes(s.start),
                    "to": iso_minutes(s.end),
                    "playlist": s.playlist,
                    "name": s.name,
                }
                for s in segments
            ]
        )
        return
    for s in segments:
        _print_text(
            f"{format_time(s.start, lang)} – {format_time(s.end, lang)}  "
            f"{_label(s.playlist, s.name, lang)}"
        )
