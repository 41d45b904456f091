"""Pictures of the browse screens at any screen size, drawn offscreen (for the screenshots
in docs/ and for pixel tests of the layout): the home, a list, a grid and a detail.

Needs Kivy's window (a GL context) and runs on the Kivy thread; the window's own size
does not matter (ui.snapshot draws into a framebuffer of the size asked for).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from kivy.base import EventLoop
from PIL import Image

from renkei_kiosk.core.browse_nav import (
    CategoryList,
    Detail,
    Grid,
    Home,
    PrefectureList,
    Screen,
    Section,
)
from renkei_kiosk.core.catalogue import Catalogue
from renkei_kiosk.ui.browse.view import BrowseView
from renkei_kiosk.ui.japan_map import load_geometry
from renkei_kiosk.ui.snapshot import settle, snapshot

__all__ = ["browse_view", "draw_screen", "example_screens", "pictures"]


def browse_view(catalogue: Catalogue, content_root: Path, state_dir: Path,
                size: tuple[int, int], lang: str = "ja") -> BrowseView:
    """A browse view on `catalogue` (on its home), laid out at `size`, not on screen."""
    view = BrowseView(catalogue=catalogue, content_root=content_root, state_dir=state_dir,
                      lang=lang, idle_timeout=3600)
    view.size_hint = (None, None)
    view.size = size
    return view


def _wait(ready: Callable[[], bool], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not ready() and time.monotonic() < deadline:
        EventLoop.idle()
        time.sleep(0.01)


def draw_screen(view: BrowseView, screen: Screen, size: tuple[int, int],
                timeout: float = 20.0) -> Image.Image:
    """`view` showing `screen` (opened from the home, no slide), drawn at `size` once its
    map, thumbnails and detail have arrived (or `timeout` seconds have passed)."""
    view.show_screen(screen)
    _wait(lambda: load_geometry(lambda _g: None) is not None, timeout)
    view.size = size
    settle(3)
    current = view.current
    if isinstance(screen, Detail) and view.detail is not None:
        detail = view.detail
        _wait(lambda: detail.slide is not None or (
            detail.zoom_image is not None and detail.zoom_image.texture is not None), timeout)
    elif not isinstance(screen, Home) and current is not None:
        rv = current.ids.rv
        _wait(lambda: _thumbs_in(rv), timeout)
    settle(3)
    return snapshot(view, size)


def _thumbs_in(rv: Any) -> bool:
    """Whether every row or tile shown that has a thumbnail to show has it."""
    manager = rv.layout_manager
    if manager is None:
        return True
    for child in manager.children:
        if getattr(child, "slot", None) is not None and child.slot.rel:
            thumb = getattr(child, "thumb", getattr(child, "_thumb_tex", None))
            if thumb is None:
                return False
    return True


def example_screens(catalogue: Catalogue) -> Iterator[tuple[str, Screen]]:
    """(name, screen) of the browse screens worth a picture for `catalogue`: the home,
    the first category's (or prefecture's) list, the panels' grid, a comment's detail."""
    yield "home", Home()
    if catalogue.categories:
        yield "list", CategoryList(catalogue.categories[0].name)
    elif catalogue.prefectures:
        yield "list", PrefectureList(catalogue.prefectures[0].name)
    if catalogue.panels:
        yield "grid", Grid(Section.PANELS)
    items = catalogue.comments or catalogue.panels
    if items:
        yield "detail", Detail(items[0], items, 0)


def pictures(catalogue: Catalogue, content_root: Path, state_dir: Path,
             size: tuple[int, int], lang: str = "ja") -> Iterator[tuple[str, Image.Image]]:
    """(name, picture) of each of `example_screens` at `size`."""
    view = browse_view(catalogue, content_root, state_dir, size, lang)
    try:
        for name, screen in example_screens(catalogue):
            yield name, draw_screen(view, screen, size)
    finally:
        view.release()

