"""Which files and events of a content root the watcher looks at, and the walk over them.

The list of ignored names (dotfiles, Office lock files ``~$*``, ``*.tmp``, ``*.part``,
``*.crdownload``, ``Thumbs.db``, ...) belongs to :func:`renkei_kiosk.core.names.is_ignored_name`,
shared with the loader; :func:`is_ignored_path` extends it from one name to a whole relative
path, so that everything inside a dot-folder (``.git/config``, ``media/.thumbs/a.jpg``) is
ignored too. :func:`touched_paths` reduces a list of watchdog events to the paths they name
and how strongly (no file access); :func:`walk_files` lists the files of the scope with their
signatures. When the touched paths have settled is :mod:`renkei_kiosk.core.settling`'s call.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePath

from watchdog.events import (
    DirAttribEvent,
    DirModifiedEvent,
    FileAttribEvent,
    FileClosedEvent,
    FileClosedNoWriteEvent,
    FileCreatedEvent,
    FileModifiedEvent,
    FileOpenedEvent,
    FileSystemEvent,
    FileSystemMovedEvent,
)

from renkei_kiosk.core.names import is_ignored_name
from renkei_kiosk.core.settling import Signature

__all__ = ["Touched", "is_ignored_path", "relative_path", "touched_paths", "walk_files"]


def is_ignored_path(relative: str) -> bool:
    """Whether a POSIX path relative to the content root has an ignored part."""
    return any(is_ignored_name(part) for part in relative.split("/") if part not in ("", "."))


def relative_path(
    watch_path: str, path: bytes | str, scope: tuple[str, ...] | None
) -> str | None:
    """The POSIX path relative to the root, "" for the root, None if outside or ignored.

    ``scope`` names the top-level files and folders that matter (None: everything).
    """
    if not path:
        return None
    try:
        rel = os.path.relpath(os.fsdecode(path), watch_path)
    except ValueError:  # another drive on Windows
        return None
    rel = PurePath(rel).as_posix()
    if rel == ".":
        return ""
    if rel == ".." or rel.startswith("../") or is_ignored_path(rel):
        return None
    if scope is not None and rel.split("/", 1)[0] not in scope:
        return None
    return rel


@dataclass(frozen=True)
class Touched:
    """What the events of one batch said about one path."""

    #: time of the last event naming it
    at: float
    #: an event said it was written (created, moved in, closed after writing)
    strong: bool
    #: the last event was a close-write: the writer is done
    closed: bool


def touched_paths(
    events: Iterable[tuple[float, str, FileSystemEvent]],
    scope: tuple[str, ...] | None,
    *,
    forced: bool = False,
) -> dict[str, Touched]:
    """Every path that (at, watch path, event) triples name, each once, in first-seen order.

    Opens, reads and folder-modified notes name nothing. ``forced`` makes every path strong
    (events queued while the baseline was taken).
    """
    touched: dict[str, Touched] = {}

    def touch(at: float, rel: str | None, *, strong: bool, closed: bool = False) -> None:
        if not rel:
            return
        was = touched.get(rel)
        was_strong = was is not None and was.strong
        touched[rel] = Touched(at, strong or was_strong or forced, closed)

    for at, watch_path, event in events:
        if isinstance(
            event, DirModifiedEvent | DirAttribEvent | FileOpenedEvent | FileClosedNoWriteEvent
        ):
            continue
        src = relative_path(watch_path, event.src_path, scope)
        if isinstance(event, FileSystemMovedEvent):
            touch(at, src, strong=False)
            touch(at, relative_path(watch_path, event.dest_path, scope), strong=True)
        elif isinstance(event, FileClosedEvent):
            touch(at, src, strong=True, closed=True)
        elif isinstance(event, FileModifiedEvent | FileAttribEvent):
            touch(at, src, strong=False)
        else:  # created or deleted, file or folder
            touch(at, src, strong=isinstance(event, FileCreatedEvent) or event.is_directory)
    return touched


def walk_files(root: Path, folder: str, scope: tuple[str, ...] | None) -> dict[str, Signature]:
    """Every regular, non-ignored file below ``folder`` ("" = the root) and its signature.

    Only the top-level names in ``scope`` are entered (None: all). Folder symlinks are not
    followed; file symlinks are. Unreadable sub-folders are skipped; an unreadable root
    raises OSError.
    """
    found: dict[str, Signature] = {}
    prefix = f"{folder}/" if folder else ""
    stack = [(prefix, root / folder if folder else root)]
    while stack:
        prefix, path = stack.pop()
        try:
            entries = os.scandir(path)
        except OSError:
            if not prefix:
                raise
            continue
        with entries:
            for entry in entries:
                if is_ignored_name(entry.name):
                    continue
                if not prefix and scope is not None and entry.name not in scope:
                    continue
                rel = prefix + entry.name
                try:
                    if entry.is_dir(follow_symlinks=False):
                        stack.append((rel + "/", Path(entry.path)))
                        continue
                    st = entry.stat()
                except OSError:
                    continue
                if stat.S_ISREG(st.st_mode):
                    found[rel] = (st.st_size, st.st_mtime_ns)
    return found
