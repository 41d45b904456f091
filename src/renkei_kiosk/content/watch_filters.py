"""Which paths in a content root the watcher ignores: anything with an ignored part.

Pure string functions, no file access. The list of ignored names (dotfiles, Office lock
files ``~$*``, ``*.tmp``, ``*.part``, ``*.crdownload``, ``Thumbs.db``, ...) belongs to
:func:`renkei_kiosk.core.names.is_ignored_name`, shared with the loader; this module only
extends it from one name to a whole relative path, so that everything inside a dot-folder
(``.git/config``, ``media/.thumbs/a.jpg``) is ignored too.
"""

from __future__ import annotations

from renkei_kiosk.core.names import is_ignored_name

__all__ = ["is_ignored_path"]


def is_ignored_path(relative: str) -> bool:
    """Whether a POSIX path relative to the content root has an ignored part."""
    return any(is_ignored_name(part) for part in relative.split("/") if part not in ("", "."))
