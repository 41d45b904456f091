"""The touch invitation over the real app, headless, with the fake clock."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from PIL import Image

from kivy_harness import AppDriver
from renkei_kiosk.core.model import Content, Item, Kind, Playlist, Settings, Transition

pytestmark = pytest.mark.app


@pytest.fixture
def app_driver(tmp_path: Path) -> Iterator[AppDriver]:
    from renkei_kiosk.app import KioskApp

    (tmp_path / "media").mkdir()
    Image.new("RGB", (320, 180), (240, 240, 235)).save(tmp_path / "media" / "明るい.png")
    item = Item(kind=Kind.IMAGE, key="media/明るい.png", duration=300, path="media/明るい.png")
    pl = Playlist(stem="main", file="playlists/main.yaml", name="試験", entries=(),
                  transition=Transition.NONE, transition_duration=0.0)
    content = Content(settings=Settings(fullscreen=False), playlists={"main": pl},
                      items={"main": (item,)})
    base = datetime(2024, 7, 13, 10, 0)
    holder: dict[str, AppDriver] = {}

    def wallclock() -> datetime:
        d = holder.get("d")
        return base if d is None else base + timedelta(seconds=d.time.now - 1000.0)

    app = KioskApp(tmp_path, tmp_path / "state", content=content, wallclock=wallclock,
                   idle_fps=None, watch=False)
    d = holder["d"] = AppDriver(app)
    d.start()
    yield d
    d.stop()


def _pill_pixels(d: AppDriver) -> int:
    """Dark pixels of the invitation's pill in the bottom third, over a light picture."""
    shot = d.screenshot()
    w, h = shot.size
    band = shot.crop((w // 4, h * 2 // 3, w * 3 // 4, h))
    return sum(1 for p in band.getdata() if sum(p) < 300)


def test_the_invitation_appears_now_and_then_and_never_while_browsing(
    app_driver: AppDriver,
) -> None:
    d = app_driver
    app = d.app
    d.run_until(lambda: app.on_screen == "media/明るい.png")
    inv = app.invitation
    timing = inv.timer.timing
    d.advance(timing.first_after - 2, fps=10)
    assert not inv.shown and inv.opacity == 0
    assert _pill_pixels(d) == 0
    d.advance(3, fps=10)
    assert inv.shown and inv.opacity == pytest.approx(1.0)
    assert _pill_pixels(d) > 500
    d.advance(timing.show_for, fps=10)
    assert not inv.shown and inv.opacity == 0
    # the next one comes `every` seconds after the first
    d.advance(timing.every - timing.show_for - 2, fps=10)
    assert not inv.shown
    d.advance(2.5, fps=10)
    assert inv.shown
    # a visitor touches: browse opens, the invitation is gone at once
    app.open_browse()
    d.step(0.2)
    assert app.browse is not None
    assert not inv.shown and inv.opacity == 0
    app.close_browse()
    d.advance(timing.first_after - 2, fps=10)
    assert not inv.shown
