"""Where a path written in a playlist or comment file points, kept inside the content root.

A path is written relative to the content root with ``/`` or ``\\`` between folders.
Rejected: empty paths, absolute paths (``/x``, ``C:\\x``, ``\\\\server\\x``), paths that
climb out with ``..``, and links (symlinks, junctions) whose target is outside the root.
The result's ``rel`` is the POSIX path relative to the root, the item key everyone uses.

Names are compared after Unicode NFC normalisation, on every platform: macOS writes
``パネル.jpg`` decomposed (NFD: ハ + ゛), a playlist typed on Windows has it composed (NFC),
and Linux keeps whichever bytes it was given. A path that does not exist as written is
looked up folder by folder among the names that normalise alike; ``rel`` and ``path`` are
then the names as they are on disk, so the watcher's events and folder listings (which see
the disk's names) match the item's key.
"""

from __future__ import annotations

import functools
import os
import posixpath
import unicodedata
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath


class PathError(ValueError):
    """A path that may not be used; ``reason`` is a message id (``path_escape``, ...)."""

    def __init__(self, reason: str, path: str) -> None:
        self.reason = reason
        self.path = path
        super().__init__(f"{reason}: {path}")


@dataclass(frozen=True)
class ResolvedPath:
    """A checked path: ``rel`` as the kiosk names it, ``path`` to open it."""

    #: POSIX path relative to the content root, e.g. ``media/panels/a.jpg``
    rel: str
    #: the absolute path on this machine (links not followed)
    path: Path


def clean_relative(value: str) -> str:
    """The tidy POSIX form of a relative path; raises PathError if it can't be one.

    Pure: looks at the text only. ``media\\\\a.jpg`` -> ``media/a.jpg``;
    ``media/./x/../a.jpg`` -> ``media/a.jpg``.
    """
    text = value.strip()
    if not text:
        raise PathError("path_empty", value)
    slashed = text.replace("\\", "/")
    if (
        PurePosixPath(slashed).is_absolute()
        or PureWindowsPath(text).drive
        or PureWindowsPath(text).root
        or (len(slashed) >= 2 and slashed[1] == ":")
    ):
        raise PathError("path_absolute", value)
    normal = posixpath.normpath(slashed)
    if normal == "..":
        raise PathError("path_escape", value)
    if normal.startswith("../"):
        raise PathError("path_escape", value)
    if normal in ("", "."):
        raise PathError("path_empty", value)
    return normal


def _inside(path: Path, root: Path) -> bool:
    """True when ``path`` is ``root`` or below it (both resolved; case-folded on Windows)."""
    real_path = os.path.normcase(str(path))
    real_root = os.path.normcase(str(root))
    return real_path == real_root or real_path.startswith(real_root.rstrip(os.sep) + os.sep)


def resolve_inside(root: Path, value: str) -> ResolvedPath:
    """The file ``value`` names inside ``root``; raises PathError when it leads outside.

    The path need not exist (a missing file is the caller's problem to report), but every
    link along it that exists must stay inside the root.
    """
    rel = clean_relative(value)
    real_root = root.resolve()
    path = root / Path(*rel.split("/"))
    if not os.path.lexists(path):
        on_disk = _normalised_match(root, rel)
        if on_disk is not None:
            rel, path = on_disk, root / Path(*on_disk.split("/"))
    try:
        real = path.resolve(strict=False)
    except (OSError, RuntimeError) as e:  # a link loop
        raise PathError("path_symlink", value) from e
    if not _inside(real, real_root):
        raise PathError("path_symlink", value)
    return ResolvedPath(rel=rel, path=path)


def nfc(name: str) -> str:
    """``name`` in Unicode normal form C (composed), the form names are compared in."""
    return unicodedata.normalize("NFC", name)


def _normalised_match(root: Path, rel: str) -> str | None:
    """``rel`` as it is spelled on disk when it differs only in Unicode normalisation
    (folder by folder); None when there is no such file."""
    folder = root
    found: list[str] = []
    for part in rel.split("/"):
        if part != ".." and not os.path.lexists(folder / part):
            try:
                mtime = os.stat(folder).st_mtime_ns
            except OSError:
                return None
            spelled = _names_by_nfc(str(folder), mtime).get(nfc(part))
            if spelled is None:
                return None
            part = spelled
        found.append(part)
        folder = folder / part
    return "/".join(found)


@functools.lru_cache(maxsize=256)
def _names_by_nfc(folder: str, mtime_ns: int) -> dict[str, str]:
    """A folder's entries by their NFC form (the folder's mtime keys the cache: it changes
    when an entry is added, removed or renamed)."""
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return {}
    by_nfc: dict[str, str] = {}
    for name in names:
        by_nfc.setdefault(nfc(name), name)
    return by_nfc


def relative_posix(root: Path, path: Path) -> str:
    """``path`` (somewhere below ``root``) as a POSIX path relative to ``root``."""
    return path.relative_to(root).as_posix()


def is_link_outside(root: Path, path: Path) -> bool:
    """True when ``path`` (below ``root``) is, or passes through, a link to outside it."""
    try:
        return not _inside(path.resolve(strict=False), root.resolve())
    except (OSError, RuntimeError):
        return True
