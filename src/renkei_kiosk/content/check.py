"""`renkei-kiosk check`: validate a content root and decode every media file once.

Reads settings, playlists and comment files through the loader, then decodes, in parallel
threads, every image and video a playlist uses, every comment photo, and every image and
video under ``media/`` (used or not, so a broken file is found before it is added). All
the problems of a file come in one run: a playlist that fails validation still has the
files of its readable entries looked at and decoded. Content with nothing to show (no
playlists, or none usable) is a problem: the screen would show only the standby slide.
Prints each problem as ``FILE[:LINE]: message`` and a summary line, in the language of
``--lang``, else kiosk.yaml's ``language:``; warnings (no staff PIN, very long comments)
go to standard error and leave the exit code alone. Returns 0 when clean, 1 when there
are problems, 2 when the content root does not exist.
"""

from __future__ import annotations

import io
import logging
import os
import sys
import warnings
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TextIO

from PIL import Image

from renkei_kiosk.content.loader import (
    MEDIA_DIR,
    PLAYLIST_DIR,
    asked_language,
    content_language,
    expand_unvalidated,
    load_content,
    playlist_files,
    playlist_stem,
)
from renkei_kiosk.content.paths import PathError, is_link_outside, resolve_inside
from renkei_kiosk.core import words
from renkei_kiosk.core.model import Content, Item, Kind, Problem
from renkei_kiosk.core.names import is_ignored_name, media_kind
from renkei_kiosk.media.probe import VideoInfo, probe_image, probe_video, quiet_ffmpeg_logs

logger = logging.getLogger("renkei_kiosk")

#: seconds a video may take to show its first picture
VIDEO_TIMEOUT = 5.0
#: characters past which a comment is too long for one card: a card holds about 250
#: characters, each page shows for the item's whole duration (20,000 characters = 78 pages)
LONG_COMMENT = 400


def media_files(
    root: Path, content: Content, more: Iterable[Item] = (),
) -> tuple[dict[str, Kind], list[Problem]]:
    """Every media file to decode (path relative to root -> kind), and link problems.

    The files items (the content's, and ``more``) and comment cards use, plus every image
    and video under ``media/``.
    """
    found: dict[str, Kind] = {}
    problems: list[Problem] = []
    for items in (*content.items.values(), tuple(more)):
        for item in items:
            if item.path is not None and item.kind in (Kind.IMAGE, Kind.VIDEO):
                found[item.path] = item.kind
            if item.comment is not None and item.comment.photo is not None:
                found[item.comment.photo] = Kind.IMAGE
    media = root / MEDIA_DIR
    for dirpath, dirnames, filenames in os.walk(media):
        here = Path(dirpath)
        dirnames[:] = sorted(d for d in dirnames if not is_ignored_name(d))
        for name in filenames:
            kind = media_kind(name)
            if kind is None or is_ignored_name(name):
                continue
            rel = (here / name).relative_to(root).as_posix()
            if is_link_outside(root, here / name):
                problems.append(Problem(rel, None, ""))
                continue
            found.setdefault(rel, kind)
    return found, problems


def _probe(root: Path, rel: str, kind: Kind, lang: str) -> Problem | None:
    """The Problem with one media file, or None when it decodes."""
    try:
        path = resolve_inside(root, rel).path
    except PathError as e:
        return Problem(rel, None, words.text(e.reason, lang, path=rel))
    if kind is Kind.VIDEO:
        result = probe_video(path, VIDEO_TIMEOUT, lang)
        message = None if isinstance(result, VideoInfo) else result
    else:
        message = probe_image(path, lang)
    return None if message is None else Problem(rel, None, message)


def decode_all(
    root: Path, files: dict[str, Kind], lang: str, workers: int | None = None,
) -> list[Problem]:
    """Decode every file in parallel threads; the problems found, in path order."""
    count = workers or min(16, (os.cpu_count() or 2) * 2)
    with ThreadPoolExecutor(max_workers=count, thread_name_prefix="check") as pool:
        results = pool.map(lambda rel: _probe(root, rel, files[rel], lang), sorted(files))
        return [problem for problem in results if problem is not None]


def _sorted(problems: Iterable[Problem]) -> list[Problem]:
    """Problems by file, then line, each once."""
    unique = list(dict.fromkeys(problems))
    return sorted(unique, key=lambda p: (p.file, p.line or 0))


def unvalidated_items(root: Path, content: Content, lang: str) -> list[Item]:
    """The items of the readable entries of every playlist that failed validation."""
    items: list[Item] = []
    for path in playlist_files(root):
        if playlist_stem(path) not in content.playlists:
            items.extend(expand_unvalidated(root, path, lang)[0])
    return items


def nothing_shown(root: Path, content: Content, lang: str) -> Problem | None:
    """The problem when no playlist has anything to show (the standby slide only), or None."""
    if any(content.items.values()):
        return None
    file = f"{PLAYLIST_DIR}/"
    if not (root / PLAYLIST_DIR).is_dir():
        return Problem(file, None, words.text("check_no_playlists_folder", lang))
    if not playlist_files(root):
        return Problem(file, None, words.text("check_no_playlists", lang))
    return Problem(file, None, words.text("check_nothing_to_show", lang))


def long_comments(content: Content, more: Iterable[Item], lang: str) -> list[str]:
    """A warning for each comment card longer than :data:`LONG_COMMENT` characters."""
    found: dict[str, str] = {}
    for items in (*content.items.values(), tuple(more)):
        for item in items:
            card = item.comment
            if card is None or len(card.comment) <= LONG_COMMENT or item.key in found:
                continue
            file, _, row = item.key.rpartition("#")
            found[item.key] = f"{file}: " + words.text(
                "check_long_comment", lang, row=row, length=len(card.comment),
                limit=LONG_COMMENT,
            )
    return sorted(found.values())


def _summary(content: Content, playlists: int, media: int, problems: int, lang: str) -> str:
    if problems == 0:
        result = words.text("check_clean", lang)
    elif problems == 1:
        result = words.text("check_one_problem", lang)
    else:
        result = words.text("check_problems", lang, count=problems)
    items = sum(len(found) for found in content.items.values())
    return words.text(
        "check_summary", lang, playlists=playlists, items=items, media=media, result=result,
    )


def _safe_output(stream: TextIO) -> None:
    """Never fail on a console that can't show some character (old Windows code pages)."""
    if isinstance(stream, io.TextIOWrapper):
        stream.reconfigure(errors="replace")


def run_check(content: Path, lang: str | None = None) -> int:
    """Check the content root ``content``; print problems and a summary; the exit code."""
    _safe_output(sys.stdout)
    _safe_output(sys.stderr)
    if not content.is_dir():
        print(words.text("check_no_root", lang, path=content), file=sys.stderr)
        return 2
    if not logger.handlers:
        logger.addHandler(logging.NullHandler())  # problems are printed below, not logged
    warnings.simplefilter("ignore", Image.DecompressionBombWarning)
    quiet_ffmpeg_logs()
    loaded = load_content(content, lang)
    lang = content_language(lang or asked_language(content), loaded.settings)
    more = unvalidated_items(content, loaded, lang)
    files, link_problems = media_files(content, loaded, more)
    problems = [
        Problem(p.file, None, words.text("path_symlink", lang, path=p.file))
        for p in link_problems
    ]
    problems.extend(loaded.problems)
    problems.extend(decode_all(content, files, lang))
    final = _sorted(problems)
    empty = nothing_shown(content, loaded, lang)
    if empty is not None:
        final.append(empty)  # last: it sums the rest up
    for problem in final:
        print(problem)
    # warnings, not problems: on standard error, and the exit code stays
    if not loaded.settings.staff_pin:
        no_pin = "check_no_staff_pin" if loaded.settings.touch else "check_no_staff_pin_no_touch"
        print(f"kiosk.yaml: {words.text(no_pin, lang)}", file=sys.stderr)
    for warning in long_comments(loaded, more, lang):
        print(warning, file=sys.stderr)
    media_count = len(files) + len(link_problems)
    print(_summary(loaded, len(playlist_files(content)), media_count, len(final), lang))
    return 1 if final else 0
