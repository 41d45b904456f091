"""Background threads yield the CPU to drawing.

On a 2-core venue PC, decoding competes with the Kivy thread (and a software GL renderer)
for the cores; a lower scheduling priority for the decoders keeps frames on time. Only
for threads that spend their time outside the GIL (Pillow and FFmpeg decoding): a niced
thread that holds the GIL stalls the Kivy thread instead (measured with the file watcher:
worst frame 50 ms -> 150 ms). Linux only (per-thread nice values); elsewhere nothing
changes.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading

#: nice value for background threads (0 = normal, 19 = lowest)
BACKGROUND_NICE = 10


def lower_priority(thread: threading.Thread | None = None) -> None:
    """Give `thread` (default: the calling thread) a lower CPU priority, where possible."""
    setpriority = getattr(os, "setpriority", None)
    if setpriority is None or not sys.platform.startswith("linux"):
        return
    tid = threading.get_native_id() if thread is None else thread.native_id
    if tid is None:
        return
    with contextlib.suppress(OSError):
        setpriority(os.PRIO_PROCESS, tid, BACKGROUND_NICE)
