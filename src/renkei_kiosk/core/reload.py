"""Keeping the last good content when an edit is invalid (pure).

A reload reads the whole content root again. Whatever the new read could not validate
is taken from the previous content instead: the settings when `kiosk.yaml` has a problem,
and a playlist (with its items) when its file, or a comment file it uses, has one. A
playlist whose file was deleted is gone; one with a problem but never good is not shown.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from renkei_kiosk.core.model import Content, Item, Playlist

SETTINGS_FILE = "kiosk.yaml"


def _comment_files(playlist: Playlist) -> set[str]:
    return {e.value.replace("\\", "/") for e in playlist.entries if e.source == "comments"}


def merge_last_good(
    old: Content, new: Content, existing: Iterable[str]
) -> tuple[Content, list[str]]:
    """`new`, with invalid parts replaced by `old`'s; returns the content and the names
    (`kiosk.yaml`, playlist stems) kept from `old`.

    `existing` lists the playlist files (relative paths) that still exist, so a deleted
    playlist is dropped rather than kept.
    """
    bad_files = {p.file for p in new.problems}
    kept: list[str] = []
    settings = new.settings
    if SETTINGS_FILE in bad_files:
        settings = old.settings
        kept.append(SETTINGS_FILE)
    playlists = dict(new.playlists)
    items: dict[str, tuple[Item, ...]] = dict(new.items)
    still_there = set(existing)
    for stem, old_pl in old.playlists.items():
        if old_pl.file not in still_there:
            continue  # deleted: gone from the rotation
        new_pl = new.playlists.get(stem)
        own_bad = old_pl.file in bad_files
        uses = _comment_files(new_pl) if new_pl is not None else _comment_files(old_pl)
        comments_bad = bool(uses & bad_files)
        if (new_pl is None and own_bad) or comments_bad:
            playlists[stem] = old_pl
            items[stem] = old.items.get(stem, ())
            kept.append(stem)
    return replace(new, settings=settings, playlists=playlists, items=items), kept


def source_file(item: Item) -> str:
    """The file an item comes from: its media file, else the comment file or playlist
    named in its `FILE#ROW` / `PLAYLIST#LINE` key."""
    return item.path or item.key.split("#", 1)[0]


def changed_keys(items: Iterable[Item], changed_paths: Iterable[str]) -> set[str]:
    """Keys of the items whose file is among `changed_paths` (comment cards by file)."""
    paths = set(changed_paths)
    return {item.key for item in items if source_file(item) in paths}


def without_paths(items: Iterable[Item], paths: Iterable[str]) -> tuple[Item, ...]:
    """`items` minus those whose file is still being copied (not yet stable)."""
    unstable = set(paths)
    return tuple(i for i in items if (i.path or "") not in unstable)

