"""Keeping the process's memory flat over weeks (glibc's allocator; no-ops elsewhere).

Slides come and go every few seconds, each with megabytes of pixels decoded by Pillow and
handed to the GL driver (with software GL, textures live in ordinary process memory). glibc
keeps freed memory inside its heaps for reuse, and a long-lived heap full of holes shows as
resident memory that nothing uses. Two measures:

- `limit_arenas()` at start: at most two malloc arenas, instead of one per thread that
  ever allocated (decoder threads, the file watcher, the thumbnail makers), each of which
  otherwise keeps its own free memory;
- `return_free_memory()` once a prepared slide's pixels are uploaded and once dropped
  slides are settled: `malloc_trim(0)` hands the free pages of every arena back to the
  system (also those inside the heap, not only at its top).

On Windows and macOS, or a Linux without glibc (musl), both do nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import sys
from functools import cache
from typing import Any

#: mallopt() parameter numbers from glibc's malloc.h
M_ARENA_MAX = -8


@cache
def _glibc() -> Any:
    """glibc's C library, or None where there is none."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        libc.malloc_trim.argtypes = [ctypes.c_size_t]
        libc.malloc_trim.restype = ctypes.c_int
        libc.mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
        libc.mallopt.restype = ctypes.c_int
    except (OSError, AttributeError):  # musl has neither
        return None
    return libc


def limit_arenas(count: int = 2) -> bool:
    """Cap glibc's malloc arenas (call before the worker threads start)."""
    libc = _glibc()
    return bool(libc is not None and libc.mallopt(M_ARENA_MAX, count))


def return_free_memory() -> bool:
    """Give the allocator's free pages back to the system; True if some were."""
    libc = _glibc()
    return bool(libc is not None and libc.malloc_trim(0))
