"""When the kiosk draws straight into the X window (ui.direct): on which PCs, and only
while the stage is all there is on screen."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from renkei_kiosk.ui import direct, glinfo


class WindowInfoX11:  # (named as Kivy's SDL2 window info on X11)
    window = 0x400006


class WindowInfoWayland:
    pass


def _window(info: Any, children: list[Any] | None = None, rotation: int = 0) -> Any:
    return SimpleNamespace(get_window_info=lambda: info, children=children or [],
                           rotation=rotation)


@pytest.fixture
def software(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(glinfo, "renderer", lambda: "llvmpipe (LLVM 15.0.6, 256 bits)")
    monkeypatch.delenv(direct.ENV, raising=False)


@pytest.mark.skipif(not __import__("sys").platform.startswith("linux"), reason="X11: Linux")
def test_only_an_x11_window_with_opengl_on_the_cpu_unless_told(
    software: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert direct.why_not(_window(WindowInfoX11())) is None
    assert direct.why_not(_window(WindowInfoWayland())) == "the window is not an X11 window"
    assert direct.why_not(_window(None)) == "the window is not an X11 window"
    monkeypatch.setattr(glinfo, "renderer", lambda: "AMD Radeon RX 6400 (radeonsi)")
    assert direct.why_not(_window(WindowInfoX11())) == (
        "OpenGL has a GPU here: AMD Radeon RX 6400 (radeonsi)")
    monkeypatch.setenv(direct.ENV, "1")  # (tests and trials: with a GPU too)
    assert direct.why_not(_window(WindowInfoX11())) is None
    monkeypatch.setenv(direct.ENV, "0")  # (the escape hatch)
    monkeypatch.setattr(glinfo, "renderer", lambda: "llvmpipe (LLVM 15.0.6, 256 bits)")
    assert direct.why_not(_window(WindowInfoX11())) == "RENKEI_DIRECT_DRAW=0"


def test_the_stage_must_be_alone_on_screen() -> None:
    stage, invitation, other = object(), object(), object()

    def app(**kw: Any) -> Any:
        fields = {"root": SimpleNamespace(children=[invitation, stage]), "browse": None,
                  "staff": SimpleNamespace(attended=False), "stage": stage,
                  "invitation": invitation, **kw}
        return SimpleNamespace(**fields)

    plain = app()
    window = _window(WindowInfoX11(), [plain.root])
    assert direct.stage_alone(plain, window)
    assert not direct.stage_alone(app(browse=object()), _window(None, [plain.root]))
    staff = app(staff=SimpleNamespace(attended=True))  # (a corner hold, the pad, the panel)
    assert not direct.stage_alone(staff, _window(None, [staff.root]))
    assert not direct.stage_alone(plain, _window(None, [plain.root, other]))  # (the PIN pad)
    assert not direct.stage_alone(plain, _window(None, [plain.root], rotation=90))
    crowded = app(root=SimpleNamespace(children=[other, invitation, stage]))
    assert not direct.stage_alone(crowded, _window(None, [crowded.root]))
    assert not direct.stage_alone(app(root=None), _window(None, []))
