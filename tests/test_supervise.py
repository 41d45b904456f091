"""Supervision: sd_notify messages on a socket the test binds, the heartbeat, the keeper."""

from __future__ import annotations

import socket
import sys
import threading
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from renkei_kiosk.supervise import Notifier, Supervisor, is_hung, keep_running

pytestmark = pytest.mark.skipif(not hasattr(socket, "AF_UNIX"), reason="unix sockets")


@pytest.fixture
def notify_socket(tmp_path: Path) -> Iterator[tuple[socket.socket, str]]:
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    path = str(tmp_path / "notify.sock")
    sock.bind(path)
    sock.setblocking(False)
    yield sock, path
    sock.close()


def _received(sock: socket.socket) -> list[str]:
    out = []
    while True:
        try:
            out.append(sock.recv(4096).decode("utf-8"))
        except BlockingIOError:
            return out


def test_ready_once_something_shows_then_status_changes_and_pings(
    tmp_path: Path, notify_socket: tuple[socket.socket, str]
) -> None:
    sock, path = notify_socket
    sup = Supervisor(tmp_path, Notifier({"NOTIFY_SOCKET": path, "WATCHDOG_USEC": "10000000"}))
    assert sup.interval == 5.0  # half of 10 s
    sup.beat(None)  # still starting: alive, not ready
    assert _received(sock) == ["WATCHDOG=1"]
    sup.beat("media/赤.png")
    assert _received(sock) == ["READY=1\nSTATUS=showing media/赤.png", "WATCHDOG=1"]
    sup.beat("media/赤.png")
    assert _received(sock) == ["WATCHDOG=1"]
    sup.beat("closed")
    assert _received(sock) == ["STATUS=showing closed", "WATCHDOG=1"]
    assert (tmp_path / "heartbeat").is_file()
    sup.stopping()
    assert _received(sock) == ["STOPPING=1"]


@pytest.mark.parametrize(
    ("env", "active", "watchdog"),
    [
        ({}, False, None),
        ({"NOTIFY_SOCKET": "/run/x"}, True, None),
        ({"NOTIFY_SOCKET": "@abstract", "WATCHDOG_USEC": "4000000"}, True, 2.0),
        # a watchdog meant for another process (WATCHDOG_PID) is not ours
        ({"NOTIFY_SOCKET": "/run/x", "WATCHDOG_USEC": "4000000", "WATCHDOG_PID": "1"},
         True, None),
        ({"NOTIFY_SOCKET": "/run/x", "WATCHDOG_USEC": "0"}, True, None),
    ],
)
def test_notifier_reads_systemds_environment(env: dict[str, str], active: bool,
                                             watchdog: float | None) -> None:
    n = Notifier(env)
    assert (n.active, n.watchdog) == (active, watchdog)


def test_no_systemd_no_messages_and_still_a_heartbeat(tmp_path: Path) -> None:
    sup = Supervisor(tmp_path, Notifier({}))
    sup.beat("a")
    assert sup.ready and (tmp_path / "heartbeat").is_file()


def test_a_full_state_disk_does_not_stop_the_beat(tmp_path: Path) -> None:
    sup = Supervisor(tmp_path / "gone", Notifier({}))  # the heartbeat cannot be written
    sup.beat("a")
    assert sup.ready


@pytest.mark.parametrize(
    ("age", "running_for", "hung"),
    [
        (None, 10, False),  # starting, within the grace
        (None, 200, True),  # never beat in 200 s
        (5, 300, False),
        (61, 300, True),
        # a heartbeat from before this start counts as none
        (250, 100, False),
        (250, 230, True),
    ],
)
def test_is_hung(age: float | None, running_for: float, hung: bool) -> None:
    assert is_hung(age, running_for, hang=60, grace=120) is hung


def _child(tmp_path: Path, code: str) -> list[str]:
    script = tmp_path / "child.py"
    script.write_text(code, encoding="utf-8")
    return [sys.executable, str(script)]


def test_the_keeper_restarts_a_hung_kiosk_and_a_crashed_one(tmp_path: Path) -> None:
    heartbeat = tmp_path / "heartbeat"
    runs = tmp_path / "runs"
    # the first run beats once and hangs; the second crashes; the third is staff's exit
    command = _child(tmp_path, f"""
import pathlib, sys, time
runs = pathlib.Path({str(runs)!r})
n = len(runs.read_text()) if runs.exists() else 0
runs.write_text("x" * (n + 1))
pathlib.Path({str(heartbeat)!r}).touch()
if n == 0:
    time.sleep(60)
sys.exit(3 if n == 1 else 0)
""")
    code = keep_running(command, heartbeat, hang=0.5, grace=30, delay=0, poll=0.1)
    assert code == 0
    assert runs.read_text() == "xxx"


def test_the_keeper_gives_up_after_the_runs_it_was_given(tmp_path: Path) -> None:
    command = _child(tmp_path, "import sys; sys.exit(5)")
    assert keep_running(command, tmp_path / "hb", delay=0, poll=0.05, runs=2) == 5


# -- the real app: READY, STATUS and WATCHDOG from its clock -------------------------------

@pytest.fixture
def kiosk(tmp_path: Path, notify_socket: tuple[socket.socket, str],
          monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    from kivy_harness import AppDriver
    from renkei_kiosk.app import KioskApp
    from renkei_kiosk.core.model import Content, Item, Kind, Playlist, Settings

    _sock, path = notify_socket
    monkeypatch.setenv("NOTIFY_SOCKET", path)
    monkeypatch.setenv("WATCHDOG_USEC", "2000000")  # pings every second
    Image.new("RGB", (64, 36), (200, 40, 40)).save(tmp_path / "赤.png")
    item = Item(kind=Kind.IMAGE, key="赤.png", duration=60, path="赤.png")
    content = Content(settings=Settings(fullscreen=False),
                      playlists={"main": Playlist(stem="main", file="playlists/main.yaml",
                                                  name="テスト", entries=())},
                      items={"main": (item,)})
    holder: dict[str, Any] = {}
    base = datetime(2024, 7, 13, 10, 0)

    def wallclock() -> datetime:
        d = holder.get("d")
        return base if d is None else base + timedelta(seconds=d.time.now - 1000.0)

    app = KioskApp(tmp_path, tmp_path / "state", content=content, wallclock=wallclock,
                   idle_fps=None, watch=False)
    d = holder["d"] = AppDriver(app)
    d.start()
    yield d
    d.stop()


@pytest.mark.app
def test_the_app_is_ready_with_its_first_item_and_pings_from_its_main_loop(
    kiosk: Any, notify_socket: tuple[socket.socket, str]
) -> None:
    sock, _path = notify_socket
    d = kiosk
    d.run_until(lambda: d.app.on_screen == "赤.png")
    d.advance(0.6, fps=10)
    got = _received(sock)
    assert "READY=1\nSTATUS=showing 赤.png" in got
    d.advance(10.0, fps=10)  # ten seconds of the kiosk's clock: a ping a second
    assert 9 <= _received(sock).count("WATCHDOG=1") <= 11

    # the main loop hangs (a callback that does not return): no pings, however long
    from kivy.clock import Clock

    release = threading.Event()
    pings_while_hung: list[int] = []

    def watch_the_socket() -> None:
        release.wait(1.5)  # 1.5 s of real time: a pinger on a thread would send 3
        pings_while_hung.append(_received(sock).count("WATCHDOG=1"))
        release.set()

    Clock.schedule_once(lambda _dt: release.wait(), 0)
    threading.Thread(target=watch_the_socket).start()
    d.time.now += 0.1  # (the hang itself lasts real time, not the fake clock's)
    d.step(0.0)
    assert pings_while_hung == [0]
    d.advance(3.0, fps=10)  # the loop runs again: so do the pings
    assert _received(sock).count("WATCHDOG=1") >= 2
