"""Which names in a content root the watcher ignores: temporary, lock and system files.

Pure string functions, no file access. Copy tools, editors and operating systems leave
names behind that are never content: dotfiles and dot-folders (``.DS_Store``, ``.git``),
Office lock files (``~$report.xlsx``), download and copy temporaries (``*.tmp``,
``*.part``, ``*.crdownload``) and ``Thumbs.db``. Matching ignores case, because Windows
and USB sticks do.
"""

from __future__ import annotations

#: file-name endings of temporaries written before a rename to the final name
IGNORED_SUFFIXES = (".tmp", ".part", ".crdownload")
#: system files matched by their whole name
IGNORED_NAMES = frozenset({"thumbs.db", ".ds_store"})
#: prefixes of hidden files and of Office lock files
IGNORED_PREFIXES = (".", "~$")


def is_ignored_name(name: str) -> bool:
    """Whether one file or folder name is a temporary or system name, never content."""
    folded = name.casefold()
    if not folded:
        return False
    return (
        folded in IGNORED_NAMES
        or folded.startswith(IGNORED_PREFIXES)
        or folded.endswith(IGNORED_SUFFIXES)
    )


def is_ignored_path(relative: str) -> bool:
    """Whether a POSIX path relative to the content root is ignored.

    A path is ignored when any of its parts is, so everything inside a dot-folder
    (``.git/config``, ``media/.thumbs/a.jpg``) is ignored too.
    """
    return any(is_ignored_name(part) for part in relative.split("/") if part not in ("", "."))
