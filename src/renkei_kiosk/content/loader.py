"""Reading a content root: `kiosk.yaml`, every `playlists/*.yaml`, comment files, folders.

:func:`load_content` reads everything and never raises for bad content: each problem
becomes a :class:`~renkei_kiosk.core.model.Problem` in ``Content.problems``, an invalid
playlist file is left out (the others still load), an invalid `kiosk.yaml` gives the
defaults (the running kiosk keeps its last good settings), and an entry whose file is
missing or outside the root is skipped. The smaller functions (:func:`load_settings_file`,
:func:`load_playlist_file`, :func:`expand_playlist`, :func:`load_comment_file`) are what the
hot-reload code calls for one changed file. Media are not decoded here (see `check`).
"""

from __future__ import annotations

import dataclasses
import logging
import os
from collections.abc import Iterable
from pathlib import Path

from renkei_kiosk.content.paths import (
    PathError,
    ResolvedPath,
    is_link_outside,
    nfc,
    resolve_inside,
)
from renkei_kiosk.core import words
from renkei_kiosk.core.model import (
    CommentCard,
    Content,
    ContentError,
    Entry,
    Item,
    Kind,
    Playlist,
    Problem,
    Settings,
)
from renkei_kiosk.core.names import (
    COMMENT_EXTENSIONS,
    IMAGE_EXTENSIONS,
    extension,
    is_ignored_name,
    media_kind,
)
from renkei_kiosk.schema.comments import CommentResult, cards_from_csv, cards_from_yaml
from renkei_kiosk.schema.playlist import playlist_from_text, readable_entries
from renkei_kiosk.schema.settings import SETTINGS_FILE, language_hint, parse_settings
from renkei_kiosk.schema.yamlmarks import parse_yaml

logger = logging.getLogger("renkei_kiosk")

PLAYLIST_DIR = "playlists"
MEDIA_DIR = "media"
PLAYLIST_SUFFIX = ".yaml"

#: comment files already read during one load, by path relative to the root
CommentCache = dict[str, CommentResult]


def decode_text(data: bytes) -> str:
    """Text from a file's bytes: UTF-8 (with or without BOM), else CP932 (Excel in Japan).

    Raises UnicodeDecodeError when it is neither.
    """
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp932")


def read_text(path: Path) -> str:
    """The decoded text of a file; raises OSError or UnicodeDecodeError."""
    return decode_text(path.read_bytes())


def _read_problem(file: str, error: Exception, lang: str | None) -> Problem:
    """The Problem for a file that can't be read or decoded."""
    if isinstance(error, UnicodeDecodeError):
        return Problem(file, None, words.text("text_encoding", lang))
    detail = getattr(error, "strerror", None) or type(error).__name__
    return Problem(file, None, words.text("file_unreadable", lang, error=detail))


def load_settings_file(root: Path, lang: str | None = None) -> tuple[Settings, tuple[Problem, ...]]:
    """`kiosk.yaml`'s settings: defaults when absent; defaults and problems when invalid."""
    path = root / SETTINGS_FILE
    if not path.exists():
        return Settings(), ()
    try:
        text = read_text(path)
        data = parse_yaml(text, SETTINGS_FILE, lang)
        return parse_settings(data, SETTINGS_FILE, lang or language_hint(data)), ()
    except (OSError, UnicodeDecodeError) as e:
        return Settings(), (_read_problem(SETTINGS_FILE, e, lang),)
    except ContentError as e:
        return Settings(), e.problems


def playlist_files(root: Path) -> list[Path]:
    """The playlist files under ``root/playlists``, sorted by name (hidden/temp files left out)."""
    folder = root / PLAYLIST_DIR
    if not folder.is_dir():
        return []
    found = [
        path for path in folder.iterdir()
        if path.suffix.lower() == PLAYLIST_SUFFIX and not is_ignored_name(path.name)
        and path.is_file()
    ]
    return sorted(found, key=lambda path: path.name)


def playlist_stem(path: Path) -> str:
    """A playlist's identity: its file name without ``.yaml``, in Unicode NFC (a name
    written on a Mac matches the same name typed in kiosk.yaml elsewhere)."""
    return nfc(path.name[: -len(PLAYLIST_SUFFIX)])


def load_playlist_file(root: Path, path: Path, lang: str | None = None) -> Playlist:
    """One validated playlist file; raises ContentError listing its problems."""
    file = path.relative_to(root).as_posix()
    try:
        text = read_text(path)
    except (OSError, UnicodeDecodeError) as e:
        raise ContentError([_read_problem(file, e, lang)]) from e
    return playlist_from_text(text, stem=playlist_stem(path), file=file, lang=lang)


def expand_unvalidated(
    root: Path, path: Path, lang: str | None = None, comment_cache: CommentCache | None = None,
) -> tuple[tuple[Item, ...], tuple[Problem, ...]]:
    """The items and problems of the file entries of a playlist that failed validation.

    The playlist itself stays out of the show; this is so that one round of fixes is
    enough: a validation error does not hide a path leading outside or a missing file
    further down the same file. Nothing when the file can't even be read as YAML.
    """
    file = path.relative_to(root).as_posix()
    try:
        data = parse_yaml(read_text(path), file, lang)
    except (OSError, UnicodeDecodeError, ContentError):
        return (), ()
    entries = readable_entries(data)
    stand_in = Playlist(stem=playlist_stem(path), file=file, name=file, entries=entries)
    cache: CommentCache = {} if comment_cache is None else comment_cache
    items: list[Item] = []
    problems: list[Problem] = []
    for entry in entries:
        new_items, new_problems = expand_entry(root, stand_in, entry, lang, cache)
        items.extend(new_items)
        problems.extend(new_problems)
    return tuple(items), tuple(problems)


def asked_language(root: Path) -> str | None:
    """The `language` kiosk.yaml asks for, even when the file has other problems."""
    try:
        data = parse_yaml(read_text(root / SETTINGS_FILE), SETTINGS_FILE)
    except (OSError, UnicodeDecodeError, ContentError):
        return None
    return language_hint(data)


def _stray_playlist_problems(root: Path, lang: str | None) -> list[Problem]:
    """Problems for files in playlists/ that look like playlists but won't be read."""
    folder = root / PLAYLIST_DIR
    problems: list[Problem] = []
    if not folder.is_dir():
        return problems
    for path in sorted(folder.iterdir(), key=lambda p: p.name):
        if is_ignored_name(path.name) or path.suffix.lower() == PLAYLIST_SUFFIX:
            continue
        file = f"{PLAYLIST_DIR}/{path.name}"
        if path.suffix.lower() == ".yml":
            name = path.name[: -len(".yml")] + PLAYLIST_SUFFIX
            msg = words.text("playlist_extension", lang, name=name)
            problems.append(Problem(file, None, msg))
        else:
            logger.info("Content: ignoring %s (not a .yaml playlist)", file)
    return problems


def expand_playlist(
    root: Path,
    playlist: Playlist,
    lang: str | None = None,
    comment_cache: CommentCache | None = None,
) -> tuple[tuple[Item, ...], tuple[Problem, ...]]:
    """The items a playlist shows, with `folder:` and `comments:` expanded.

    Entries whose file is missing or outside the root are left out, each with a Problem
    naming the playlist line.
    """
    cache: CommentCache = {} if comment_cache is None else comment_cache
    items: list[Item] = []
    problems: list[Problem] = []
    for entry in playlist.entries:
        new_items, new_problems = expand_entry(root, playlist, entry, lang, cache)
        items.extend(new_items)
        problems.extend(new_problems)
    if not items:
        problems.append(Problem(playlist.file, None, words.text("playlist_nothing", lang)))
    return tuple(items), tuple(problems)


def expand_entry(
    root: Path, playlist: Playlist, entry: Entry, lang: str | None, cache: CommentCache,
) -> tuple[list[Item], list[Problem]]:
    """The items of one playlist entry, and the problems found on the way."""

    def problem(msg_id: str, **fields: object) -> tuple[list[Item], list[Problem]]:
        return [], [Problem(playlist.file, entry.line, words.text(msg_id, lang, **fields))]

    duration = entry.duration if entry.duration is not None else playlist.default_duration
    if entry.source in ("text", "qr"):
        kind = Kind.TEXT if entry.source == "text" else Kind.QR
        key = f"{playlist.file}#{entry.line}"
        item = Item(
            kind=kind, key=key, duration=duration, title=entry.title, text=entry.value,
            caption=entry.caption,
        )
        return [item], []
    try:
        found = resolve_inside(root, entry.value)
    except PathError as e:
        return problem(e.reason, path=entry.value)
    if entry.source == "folder":
        if not found.path.exists():
            return problem("folder_missing", path=found.rel)
        if not found.path.is_dir():
            return problem("not_a_folder", path=found.rel)
        return _expand_folder(root, playlist, entry, found, lang), []
    if not found.path.exists():
        return problem("media_missing", path=found.rel)
    if found.path.is_dir():
        return problem("not_a_file", path=found.rel)
    kind_found = media_kind(found.rel)
    if entry.source == "comments":
        if extension(found.rel) not in COMMENT_EXTENSIONS:
            return problem("comments_type", path=found.rel)
        return _comment_items(root, entry, duration, found.rel, lang, cache)
    if entry.source == "image":
        if kind_found is Kind.VIDEO:
            return problem("image_is_video", path=found.rel)
        if kind_found is not Kind.IMAGE:
            return problem("wrong_type_image", path=found.rel)
        item = Item(
            kind=Kind.IMAGE, key=found.rel, duration=duration, title=entry.title,
            path=found.rel, caption=entry.caption,
        )
        return [item], []
    # video
    if kind_found is Kind.IMAGE:
        return problem("video_is_image", path=found.rel)
    if kind_found is not Kind.VIDEO:
        return problem("wrong_type_video", path=found.rel)
    item = Item(
        kind=Kind.VIDEO, key=found.rel, duration=None if entry.full else entry.duration,
        title=entry.title, path=found.rel, caption=entry.caption, volume=entry.volume,
    )
    return [item], []


def list_folder(root: Path, folder: str, recursive: bool = False) -> list[str]:
    """Image and video files in ``folder`` (relative to root), sorted, as POSIX paths.

    Hidden and temporary files are skipped silently, other files with a log line, and
    links leading outside the root with a warning.
    """
    found: list[str] = []
    base = root / Path(*folder.split("/"))
    for dirpath, dirnames, filenames in os.walk(base, followlinks=False):
        here = Path(dirpath)
        prefix = here.relative_to(root).as_posix()
        dirnames[:] = sorted(d for d in dirnames if not is_ignored_name(d)) if recursive else []
        for name in filenames:
            if is_ignored_name(name):
                continue
            rel = f"{prefix}/{name}"
            if media_kind(name) is None:
                logger.info("Content: ignoring %s (not an image or video)", rel)
                continue
            # os.walk does not enter linked folders, so only a linked file can lead out
            # (the folder itself was checked when the entry was resolved)
            full = os.path.join(dirpath, name)
            if os.path.islink(full) and is_link_outside(root, Path(full)):
                logger.warning("Content: ignoring %s (a link to outside the content root)", rel)
                continue
            found.append(rel)
    return sorted(found, key=lambda rel: (nfc(rel).casefold(), rel))


def _expand_folder(
    root: Path, playlist: Playlist, entry: Entry, found: ResolvedPath, lang: str | None,
) -> list[Item]:
    """Items for every image and video in a `folder:` entry (videos play to their end)."""
    duration = entry.duration if entry.duration is not None else playlist.default_duration
    items = []
    for rel in list_folder(root, found.rel, entry.recursive):
        if media_kind(rel) is Kind.VIDEO:
            items.append(Item(kind=Kind.VIDEO, key=rel, duration=None, path=rel,
                              volume=entry.volume))
        else:
            items.append(Item(kind=Kind.IMAGE, key=rel, duration=duration, path=rel))
    if not items:
        logger.info("Content: folder %s has no images or videos yet", found.rel)
    return items


def load_comment_file(root: Path, rel: str, lang: str | None = None) -> CommentResult:
    """The cards of one comment file (CSV or YAML, relative path), photos checked."""
    path = root / Path(*rel.split("/"))
    try:
        text = read_text(path)
    except (OSError, UnicodeDecodeError) as e:
        return CommentResult((), (_read_problem(rel, e, lang),))
    if extension(rel) == ".csv":
        result = cards_from_csv(text, rel, lang)
    else:
        result = cards_from_yaml(text, rel, lang)
    cards = []
    problems = list(result.problems)
    for number, line, card in result.cards:
        photo_problem = _photo_problem(root, card, lang)
        if photo_problem is not None:
            detail = photo_problem
            problems.append(Problem(rel, line, words.text(
                "comment_photo", lang, row=number, detail=detail)))
            card = dataclasses.replace(card, photo=None)
        elif card.photo is not None:
            card = dataclasses.replace(card, photo=resolve_inside(root, card.photo).rel)
        cards.append((number, line, card))
    return CommentResult(tuple(cards), tuple(problems))


def _photo_problem(root: Path, card: CommentCard, lang: str | None) -> str | None:
    """What is wrong with a card's photo path, or None."""
    if card.photo is None:
        return None
    try:
        found = resolve_inside(root, card.photo)
    except PathError as e:
        return words.text(e.reason, lang, path=card.photo)
    if not found.path.is_file():
        return words.text("media_missing", lang, path=found.rel)
    if extension(found.rel) not in IMAGE_EXTENSIONS:
        return words.text("wrong_type_image", lang, path=found.rel)
    return None


def _comment_items(
    root: Path, entry: Entry, duration: float, rel: str, lang: str | None, cache: CommentCache,
) -> tuple[list[Item], list[Problem]]:
    """One comment-card item per usable row of a comment file."""
    if rel not in cache:
        cache[rel] = load_comment_file(root, rel, lang)
    result = cache[rel]
    items = [
        Item(kind=Kind.COMMENT, key=f"{rel}#{number}", duration=duration, title=entry.title,
             comment=card)
        for number, _line, card in result.cards
    ]
    return items, list(result.problems)


def content_language(lang: str | None, settings: Settings) -> str:
    """The language of messages: ``lang`` if given, else kiosk.yaml's, else Japanese."""
    return words.normalize_lang(lang or settings.language)


def load_content(root: Path, lang: str | None = None) -> Content:
    """Everything in a content root; problems are collected, never raised.

    A playlist file that fails validation is left out, but the files its readable entries
    name are still looked at, so all of a file's problems are reported at once.
    """
    settings, settings_problems = load_settings_file(root, lang)
    if settings_problems and lang is None:
        lang = asked_language(root)  # the messages follow `language:` all the same
    lang = content_language(lang, settings)
    problems: list[Problem] = list(settings_problems)
    playlists: dict[str, Playlist] = {}
    items: dict[str, tuple[Item, ...]] = {}
    cache: CommentCache = {}
    problems.extend(_stray_playlist_problems(root, lang))
    for path in playlist_files(root):
        try:
            playlist = load_playlist_file(root, path, lang)
        except ContentError as e:
            problems.extend(e.problems)
            problems.extend(expand_unvalidated(root, path, lang, cache)[1])
            continue
        playlists[playlist.stem] = playlist
        items[playlist.stem], found = expand_playlist(root, playlist, lang, cache)
        problems.extend(found)
    unique = _unique(problems)
    for problem in unique:
        logger.warning("Content: %s", problem)
    return Content(settings=settings, playlists=playlists, items=items, problems=unique)


def _unique(problems: Iterable[Problem]) -> tuple[Problem, ...]:
    """Problems in order, each once (a comment file used twice reports once)."""
    return tuple(dict.fromkeys(problems))
