"""The process's resident memory and the free disk, without third-party packages (for the
staff panel and the soak run)."""

from __future__ import annotations

import ctypes
import os
import shutil
import sys
from pathlib import Path


def resident_memory() -> int | None:
    """Bytes of this process in RAM now (None where it cannot be read)."""
    if sys.platform.startswith("linux"):
        try:
            pages = int(Path("/proc/self/statm").read_text().split()[1])
        except (OSError, ValueError, IndexError):
            return None
        return pages * os.sysconf("SC_PAGE_SIZE")
    if sys.platform == "win32":
        return _windows_working_set()
    return None


def _windows_working_set() -> int | None:
    class _Counters(ctypes.Structure):
        _fields_ = [("cb", ctypes.c_ulong), ("PageFaultCount", ctypes.c_ulong)] + [
            (name, ctypes.c_size_t) for name in (
                "PeakWorkingSetSize", "WorkingSetSize", "QuotaPeakPagedPoolUsage",
                "QuotaPagedPoolUsage", "QuotaPeakNonPagedPoolUsage",
                "QuotaNonPagedPoolUsage", "PagefileUsage", "PeakPagefileUsage")
        ]

    try:
        windll = ctypes.windll  # type: ignore[attr-defined,unused-ignore]
        counters = _Counters()
        counters.cb = ctypes.sizeof(counters)
        process = windll.kernel32.GetCurrentProcess()
        if not windll.psapi.GetProcessMemoryInfo(process, ctypes.byref(counters),
                                                 counters.cb):
            return None
        return int(counters.WorkingSetSize)
    except (AttributeError, OSError):
        return None


def free_disk(path: Path) -> int | None:
    """Free bytes on the disk that holds `path` (None if it cannot be read)."""
    try:
        return shutil.disk_usage(path).free
    except OSError:
        return None
