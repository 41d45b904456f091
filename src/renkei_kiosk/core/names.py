"""File-name rules shared by the loader and the watcher: which names are ignored, which are media.

Pure string functions: no file access.
"""

from __future__ import annotations

from renkei_kiosk.core.model import Kind

#: file extensions shown as panel images (lower case, with the dot)
IMAGE_EXTENSIONS = frozenset(
    {".jpg", ".jpeg", ".png", ".webp", ".bmp", ".gif", ".heic", ".heif"}
)
#: iPhone photos (HEIC): shown through pillow-heif
HEIF_EXTENSIONS = frozenset({".heic", ".heif"})
#: file extensions played as videos
VIDEO_EXTENSIONS = frozenset({".mp4", ".m4v", ".mov", ".mkv", ".webm", ".avi"})
#: file extensions a `comments:` entry may point at
COMMENT_EXTENSIONS = frozenset({".csv", ".yaml", ".yml"})

#: whole names that editors and operating systems leave behind
_IGNORED_NAMES = frozenset({"thumbs.db", "desktop.ini", ".ds_store"})
#: endings of files still being written (downloads, copies, editors' temp files)
_IGNORED_SUFFIXES = (".tmp", ".temp", ".part", ".crdownload", ".partial", ".swp", "~")


def is_ignored_name(name: str) -> bool:
    """True for hidden, temporary or system files that are never content.

    ``name`` is a file name without folders. Ignored: dotfiles (``.DS_Store``, ``._a.jpg``),
    Office lock files (``~$list.xlsx``), partial downloads and temp files (``*.tmp``,
    ``*.part``, ``*.crdownload``), ``Thumbs.db`` and ``desktop.ini``.
    """
    lowered = name.lower()
    if not lowered or lowered.startswith((".", "~$")):
        return True
    return lowered in _IGNORED_NAMES or lowered.endswith(_IGNORED_SUFFIXES)


def extension(name: str) -> str:
    """The lower-case extension of ``name`` with its dot (``".jpg"``), or ``""``."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    dot = base.rfind(".")
    return base[dot:].lower() if dot > 0 else ""


def media_kind(name: str) -> Kind | None:
    """``Kind.IMAGE`` or ``Kind.VIDEO`` by the name's extension; None for anything else."""
    ext = extension(name)
    if ext in IMAGE_EXTENSIONS:
        return Kind.IMAGE
    if ext in VIDEO_EXTENSIONS:
        return Kind.VIDEO
    return None
