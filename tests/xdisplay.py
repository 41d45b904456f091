"""A real X display for the few tests that need one: Xvfb, optionally with openbox.

Tests that use it are skipped, with the reason, only when Xvfb is not installed (./dev.sh
installs it on Debian/Ubuntu). The display number is the first free one from 26 up (a
developer can set RENKEI_TEST_DISPLAY to keep away from displays others use).
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from PIL import Image

NEEDS = ("Xvfb", "xwininfo", "xwd")


def missing_tools() -> list[str]:
    """The X tools these tests need that are not installed."""
    return [tool for tool in NEEDS if shutil.which(tool) is None]


def _free_display() -> int:
    first = int(os.environ.get("RENKEI_TEST_DISPLAY", "26").lstrip(":"))
    for number in range(first, first + 50):
        if not Path(f"/tmp/.X{number}-lock").exists() and not Path(
            f"/tmp/.X11-unix/X{number}"
        ).exists():
            return number
    raise RuntimeError("no free X display number")


@contextmanager
def xvfb(width: int, height: int, *, window_manager: str | None = None) -> Iterator[str]:
    """An Xvfb display of `width` x `height` (and a window manager such as openbox);
    yields its name (":26"). Both are ended, by their own process ids, afterwards."""
    server, name = _start_server(width, height)
    wm: subprocess.Popen[bytes] | None = None
    try:
        if window_manager is not None:
            wm = subprocess.Popen([window_manager], env=dict(os.environ, DISPLAY=name),
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(0.5)  # openbox takes the screen's window management over
        yield name
    finally:
        for proc in (wm, server):
            if proc is not None:
                end(proc, timeout=5)


def end(proc: subprocess.Popen[bytes], timeout: float = 20) -> None:
    """Stop `proc`: SIGTERM, and a kill when it has not ended within `timeout` s."""
    if proc.poll() is not None:
        return
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def _start_server(width: int, height: int) -> tuple[subprocess.Popen[bytes], str]:
    """Xvfb on a free display; the next number when another server took it first."""
    for _ in range(5):
        name = f":{_free_display()}"
        server = subprocess.Popen(
            ["Xvfb", name, "-screen", "0", f"{width}x{height}x24", "-nolisten", "tcp",
             "-noreset"],  # (settings such as xset's stay when a client leaves)
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while server.poll() is None and time.monotonic() < deadline:
            if subprocess.run(["xwininfo", "-root", "-display", name],
                              capture_output=True).returncode == 0:
                return server, name
            time.sleep(0.05)
        if server.poll() is None:
            server.kill()
        server.wait()
    raise RuntimeError("Xvfb did not start")


def kiosk_env(display: str) -> dict[str, str]:
    """The environment of a real `renkei-kiosk run` on `display` (no test settings)."""
    env = dict(os.environ, DISPLAY=display, SDL_AUDIODRIVER="dummy", KIVY_NO_ARGS="1")
    for test_only in ("SDL_VIDEODRIVER", "KIVY_HOME", "KIVY_NO_FILELOG",
                      "KIVY_NO_CONSOLELOG", "KIVY_LOG_MODE"):
        env.pop(test_only, None)
    src = str(Path(__file__).resolve().parents[1] / "src")
    env["PYTHONPATH"] = os.pathsep.join([src, *filter(None, [env.get("PYTHONPATH")])])
    return env


def windows(display: str, name: str) -> list[tuple[int, int, int, int]]:
    """Windows called `name`, at any depth (a window manager puts them in its frames):
    (width, height, x, y), x and y on the screen."""
    out = subprocess.run(["xwininfo", "-root", "-tree", "-display", display],
                         capture_output=True, text=True).stdout
    pattern = re.compile(r'^\s*0x[0-9a-f]+ "' + re.escape(name)
                         + r'":.*?\s(\d+)x(\d+)[+-]-?\d+[+-]-?\d+\s+([+-]-?\d+)([+-]-?\d+)\s*$')
    found = []
    for line in out.splitlines():
        m = pattern.match(line)
        if m:
            w, h, x, y = m.groups()
            found.append((int(w), int(h), int(x), int(y)))
    return found


def screenshot(display: str) -> Image.Image:
    """The whole screen of `display` (xwd's dump of the root window)."""
    for _ in range(3):  # (xwd can fail while a window is being mapped)
        done = subprocess.run(["xwd", "-root", "-silent", "-display", display],
                              capture_output=True)
        if done.returncode == 0:
            return _read_xwd(done.stdout)
        time.sleep(0.2)
    raise RuntimeError(f"xwd failed on {display}: {done.stderr.decode(errors='replace')}")


def _read_xwd(data: bytes) -> Image.Image:
    """An xwd dump (ZPixmap, 24/32 bits a pixel, as Xvfb writes) as an RGB image."""
    import struct

    header = struct.unpack(">25I", data[:100])
    header_size, width, height = header[0], header[4], header[5]
    bits_per_pixel, bytes_per_line, ncolors = header[11], header[12], header[19]
    byte_order = header[7]  # 0 = LSBFirst
    if bits_per_pixel != 32:
        raise ValueError(f"xwd: {bits_per_pixel} bits a pixel is not read here")
    start = header_size + ncolors * 12
    raw = data[start:start + bytes_per_line * height]
    mode = "BGRX" if byte_order == 0 else "XRGB"
    return Image.frombytes("RGB", (width, height), raw, "raw", mode, bytes_per_line)


def skip_reason() -> str | None:
    """Why the X display tests cannot run here, or None."""
    if not sys.platform.startswith("linux"):
        return "Xvfb tests run on Linux only"
    missing = missing_tools()
    if missing:
        return f"not installed: {', '.join(missing)} (./dev.sh installs xvfb and x11-apps)"
    return None
