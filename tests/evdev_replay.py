"""Replaying recorded Linux touchscreen events through Kivy's own providers, with no device.

A recording (tests/data/touch/*.evemu, in evemu-record's text format) is a device
description (`N:` name, `A:` absolute axes with their ranges) and `struct input_event` rows
(`E: sec.usec type code value`). The replay stands in for /dev/input/eventN only where
the kernel would answer:

- the events go through a FIFO: the provider opens a path and reads the bytes of
  `struct input_event` from it, as it reads a device node;
- `sysfs()` writes what probesysfs reads in /sys/class/input to pick the touchscreen;
- the capability questions a provider asks the kernel are answered from the recording's
  description: for hidinput, its `fcntl.ioctl` calls (EVIOCGNAME, EVIOCGBIT, EVIOCGABS);
  for mtdev, libmtdev's `mtdev_configure` (the same ioctls, made in C, where Python cannot
  answer them) is replaced by `mtdev_init` and the capabilities it would have read.

Everything else is the providers' and libmtdev's own code: reading, slot tracking,
normalising, and handing touches to Kivy's event loop. docs/touch.md says what was tried.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import os
import re
import struct
import time
import types
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DATA = Path(__file__).parent / "data" / "touch"

EV_SYN, EV_KEY, EV_ABS = 0x00, 0x01, 0x03
SYN_REPORT = 0
ABS_MT_SLOT, ABS_MT_TOUCH_MAJOR = 0x2F, 0x30
ABS_MT_POSITION_X, ABS_MT_POSITION_Y = 0x35, 0x36
#: struct input_event on 64-bit Linux: struct timeval, __u16 type, __u16 code, __s32 value
INPUT_EVENT = struct.Struct("llHHi")
#: the ioctl numbers' parts (linux/input.h): _IOC_READ, type 'E', nr
_IOC_READ = 2
_EV_IOC_TYPE = ord("E")
_NR_GNAME, _NR_GBIT, _NR_GABS = 0x06, 0x20, 0x40


@dataclass(frozen=True)
class InputEvent:
    """One `struct input_event` row of a recording."""

    time: float
    type: int
    code: int
    value: int

    def pack(self) -> bytes:
        sec = int(self.time)
        return INPUT_EVENT.pack(sec, round((self.time - sec) * 1e6), self.type, self.code,
                                self.value)


@dataclass(frozen=True)
class Recording:
    """A device description and its events, as evemu-record writes them."""

    name: str
    #: axis code -> (value, min, max, fuzz, flat, resolution), as EVIOCGABS answers
    axes: dict[int, tuple[int, int, int, int, int, int]]
    events: tuple[InputEvent, ...]

    def frames(self) -> list[tuple[float, tuple[InputEvent, ...]]]:
        """The events cut after each SYN_REPORT: what the kernel hands over at once."""
        out: list[tuple[float, tuple[InputEvent, ...]]] = []
        current: list[InputEvent] = []
        for ev in self.events:
            current.append(ev)
            if ev.type == EV_SYN and ev.code == SYN_REPORT:
                out.append((current[0].time, tuple(current)))
                current = []
        if current:
            raise ValueError(f"{self.name}: the last events have no SYN_REPORT after them")
        return out

    def event_types(self) -> set[int]:
        return {ev.type for ev in self.events} | ({EV_ABS} if self.axes else set())


_LINE = re.compile(r"^([NAE]):\s*(.*?)\s*(?:#.*)?$")


def load(path: Path) -> Recording:
    """Read an evemu-record file (only N:, A: and E: lines are used)."""
    name, axes, events = "", {}, []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        m = _LINE.match(raw)
        if not m:
            continue
        kind, rest = m.groups()
        try:
            if kind == "N":
                name = rest
            elif kind == "A":
                code, lo, hi, fuzz, flat, res = rest.split()
                axes[int(code, 16)] = (0, int(lo), int(hi), int(fuzz), int(flat), int(res))
            else:
                stamp, ev_type, code, value = rest.split()
                events.append(InputEvent(float(stamp), int(ev_type, 16), int(code, 16),
                                         int(value)))
        except ValueError as e:
            raise ValueError(f"{path.name}:{number}: not an evemu line: {raw!r}") from e
    return Recording(name=name, axes=axes, events=tuple(events))


@dataclass(frozen=True)
class PointerEvent:
    """What X sends the kiosk's window for a finger: the emulated pointer."""

    time: float
    kind: str  #: press, move or release
    x: float  #: share of the screen's width, from the left
    y: float  #: share of the screen's height, from the top


def load_pointer(path: Path) -> tuple[PointerEvent, ...]:
    """Read a pointer TSV: time, press/move/release, x, y (shares of the screen)."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        t, kind, x, y = line.split("\t")
        if kind not in ("press", "move", "release"):
            raise ValueError(f"{path.name}: unknown pointer event {kind!r}")
        rows.append(PointerEvent(float(t), kind, float(x), float(y)))
    return tuple(rows)


@dataclass
class FifoDevice:
    """A FIFO standing in for /dev/input/eventN, answering the kernel's questions."""

    directory: Path
    recording: Recording
    path: Path = field(init=False)
    hung_up: bool = field(init=False, default=False)
    #: the ioctl requests the provider asked, by name
    asked: list[str] = field(init=False, default_factory=list)
    #: the kivy.lib.mtdev devices opened on this FIFO (closed by the replayer)
    mtdev_opened: list[Any] = field(init=False, default_factory=list)

    def __post_init__(self) -> None:
        self.path = self.directory / "event0"
        os.mkfifo(self.path)
        # read-write: never blocks, and the provider's open for reading finds a writer
        self._writer = os.open(self.path, os.O_RDWR)

    @property
    def opened(self) -> bool:
        """The provider holds the FIFO open (it asks the kernel once it has opened it)."""
        return bool(self.asked or self.mtdev_opened)

    def write(self, events: Iterable[InputEvent]) -> None:
        os.write(self._writer, b"".join(ev.pack() for ev in events))

    def hang_up(self) -> None:
        """Close the writing end: the reader sees the end of the file (a device unplugged)."""
        if not self.hung_up:
            self.hung_up = True
            os.close(self._writer)

    def sysfs(self, root: Path) -> Path:
        """A stand-in for /sys/class/input, as probesysfs reads it: this touchscreen as
        event5 (its name, and its axes as the kernel prints the bitmap) beside a keyboard
        with no axes as event3. The touchscreen's /dev node is this FIFO."""
        bits = sum(1 << code for code in self.recording.axes)
        words = [f"{(bits >> (64 * i)) & (2**64 - 1):x}"
                 for i in range((bits.bit_length() + 63) // 64)]
        touch_bitmap = " ".join(reversed(words))  # most significant word first
        for node, name, abs_bitmap in (("event3", "AT Translated Set 2 keyboard", "0"),
                                       ("event5", self.recording.name, touch_bitmap)):
            caps = root / node / "device" / "capabilities"
            caps.mkdir(parents=True)
            (root / node / "device" / "name").write_text(name + "\n", encoding="utf-8")
            (caps / "abs").write_text(abs_bitmap + "\n", encoding="utf-8")
        return root

    def dev_node(self, sysfs_path: str) -> str:
        """/dev/input/eventN for a sysfs entry: this FIFO for the touchscreen's."""
        base = os.path.basename(sysfs_path)
        return str(self.path) if base == "event5" else os.path.join("/dev", "input", base)

    # -- the kernel's answers (linux/input.h, drivers/input/evdev.c)
    def ioctl(self, fd: Any, request: int, arg: Any = 0, *more: Any) -> Any:
        """fcntl.ioctl for the provider: the recording's answers on this FIFO, the real
        ioctl on anything else."""
        if getattr(fd, "name", None) != str(self.path):
            return fcntl.ioctl(fd, request, arg, *more)
        size = (request >> 16) & 0x3FFF
        nr = request & 0xFF
        if request >> 30 != _IOC_READ or (request >> 8) & 0xFF != _EV_IOC_TYPE:
            raise OSError(errno.ENOTTY, "not an evdev read ioctl")
        buf = bytearray(arg.encode() if isinstance(arg, str) else bytes(arg))
        if nr == _NR_GNAME:
            self.asked.append("EVIOCGNAME")
            name = self.recording.name.encode() + b"\0"
            n = min(len(name), size, len(buf))
            buf[:n] = name[:n]
        elif _NR_GBIT <= nr < _NR_GBIT + 0x20:
            ev = nr - _NR_GBIT
            self.asked.append(f"EVIOCGBIT({ev})")
            if ev == 0:
                bits = sum(1 << t for t in self.recording.event_types())
            elif ev == EV_ABS:
                bits = sum(1 << code for code in self.recording.axes)
            else:
                bits = sum(1 << e.code for e in self.recording.events if e.type == ev)
            nbytes = min(size, len(buf))
            buf[:nbytes] = bits.to_bytes(max(nbytes, (bits.bit_length() + 7) // 8),
                                         "little")[:nbytes]
        elif _NR_GABS <= nr < _NR_GABS + 0x40:
            code = nr - _NR_GABS
            self.asked.append(f"EVIOCGABS({code:#x})")
            if code not in self.recording.axes:
                raise OSError(errno.EINVAL, f"no axis {code:#x}")
            buf[:24] = struct.pack("iiiiii", *self.recording.axes[code])
        else:
            raise OSError(errno.ENOTTY, f"evdev ioctl nr {nr:#x} not recorded")
        return bytes(buf)

    def fcntl_module(self) -> Any:
        """A stand-in for the `fcntl` module that hidinput imported."""
        return types.SimpleNamespace(ioctl=self.ioctl)

    def mtdev_device_class(self) -> type:
        """kivy.lib.mtdev.Device opening this FIFO: libmtdev's `mtdev_init`, and the
        capabilities `mtdev_configure` would read with ioctls set from the recording."""
        from kivy.lib import mtdev as lib

        fifo = self

        class ReplayMtdevDevice(lib.Device):
            def __init__(self, filename: str) -> None:
                self._filename = filename
                self._device = lib.mtdev()
                self._fd = os.open(filename, os.O_NONBLOCK | os.O_RDONLY)
                if lib.libmtdev.mtdev_init(ctypes.pointer(self._device)) != 0:
                    os.close(self._fd)
                    self._fd = -1
                    raise OSError("mtdev_init failed")
                caps = self._device.caps
                axes = fifo.recording.axes
                for code, info in axes.items():
                    index = code - ABS_MT_TOUCH_MAJOR
                    if 0 <= index < lib.MTDEV_ABS_SIZE:
                        caps.has_abs[index] = 1
                        caps.abs[index] = lib.input_absinfo(*info)
                caps.has_mtdata = int(ABS_MT_POSITION_X in axes and ABS_MT_POSITION_Y in axes)
                if ABS_MT_SLOT in axes:
                    caps.has_slot = 1
                    caps.slot = lib.input_absinfo(*axes[ABS_MT_SLOT])
                fifo.mtdev_opened.append(self)

            def __bool__(self) -> bool:
                # the provider reads `while _device:`; a hung-up replay ends its thread
                return not fifo.hung_up

        return ReplayMtdevDevice


class Replayer:
    """A provider started on a FIFO device and added to the running app's event loop;
    plays recordings frame by frame on the harness's fake clock."""

    def __init__(self, driver: Any, device: FifoDevice, provider: Any) -> None:
        from kivy.base import EventLoop

        self.d, self.device, self.provider, self.loop = driver, device, provider, EventLoop
        #: (kind, touch) as the provider handed them to the event loop
        self.dispatched: list[tuple[str, Any]] = []
        update = provider.update

        def counting_update(dispatch_fn: Callable[[str, Any], None]) -> None:
            def dispatch(kind: str, touch: Any) -> None:
                self.dispatched.append((kind, touch))
                dispatch_fn(kind, touch)

            update(dispatch)

        provider.update = counting_update
        EventLoop.add_input_provider(provider)
        provider.start()
        # the provider's thread opens the device: until then, unplugging it would lose
        # what was written (a FIFO's data goes with its last open end)
        deadline = time.monotonic() + 10.0
        while not device.opened:
            if time.monotonic() > deadline:
                raise AssertionError(f"the provider did not open {device.path}")
            time.sleep(0.001)

    def kinds(self) -> list[str]:
        return [kind for kind, _touch in self.dispatched]

    def play(self, recording: Recording, pointer: Iterable[PointerEvent] = ()) -> None:
        """Each frame of events is written when its time comes; the next frame waits until
        this one's touches reached the event loop. `pointer`: X's emulated pointer events
        at their times, sent to the window as SDL would (between frames)."""
        pending = sorted(pointer, key=lambda p: p.time)
        frames = recording.frames()
        for i, (t, events) in enumerate(frames):
            before = len(self.dispatched)
            self.device.write(events)
            self.d.run_until(lambda n=before: len(self.dispatched) > n, dt=0.001,
                             real_sleep=0.001)
            end = frames[i + 1][0] if i + 1 < len(frames) else t + 0.1
            while pending and pending[0].time < end:
                self._send(pending.pop(0))
            self.d.step(end - t)

    def play_pointer(self, pointer: Iterable[PointerEvent]) -> None:
        """X's pointer alone (a mouse, or a finger on a screen no provider reads)."""
        last = 0.0
        for p in sorted(pointer, key=lambda p: p.time):
            self.d.step(p.time - last)
            last = p.time
            self._send(p)
        self.d.step(0.1)

    def _send(self, p: PointerEvent) -> None:
        from kivy.core.window import Window

        w, h = Window.system_size
        x, y = p.x * w, (1.0 - p.y) * h
        if p.kind == "press":
            Window.dispatch("on_mouse_down", x, y, "left", [])
        elif p.kind == "move":
            Window.dispatch("on_mouse_move", x, y, [])
        else:
            Window.dispatch("on_mouse_up", x, y, "left", [])
        self.d.step(0.001)

    def play_all_and_hang_up(self, recording: Recording, timeout: float = 10.0) -> None:
        """Write the whole recording, unplug, and let the provider's thread read to the
        end (for a provider that may hand over nothing: there is nothing to wait for)."""
        self.device.write(recording.events)
        self.device.hang_up()
        self.provider.thread.join(timeout)
        if self.provider.thread.is_alive():
            raise AssertionError(f"the provider still reads after {timeout} s")
        self.d.step(0.0, frames=3)

    def close(self) -> None:
        """Unplug the device, end the provider's thread, take it out of the event loop."""
        self.device.hang_up()
        thread = getattr(self.provider, "thread", None)
        deadline = time.monotonic() + 10.0
        while thread is not None and thread.is_alive() and time.monotonic() < deadline:
            thread.join(0.05)
        self.loop.remove_input_provider(self.provider)
        for dev in self.device.mtdev_opened:
            dev.close()
