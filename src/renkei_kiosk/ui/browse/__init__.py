"""Browse mode, as a package: each widget's module with its .kv beside it.

    view.py      BrowseView: carries out core.browse_nav, reports each Touch
    screens.py   ScreenMaker: the widgets of each screen, and the caches they share
    home.py      BrowseHome: the map, the kinds, the regions
    lists.py     lists and grids, their rows and tiles, and the rows of a list page
    detail.py    BrowseDetail and ZoomImage: one item full screen
    loader.py    DetailLoader: panels and slides decoded off the Kivy thread
    gestures.py  DetailGestures: swipe, tap, double tap, pinch, pan (a Gesture value)
    idle.py      IdleWatch: the countdown back to the rotation, collection while still
    softgl.py    what keeps it fast on software GL: text textures, the cached bar, the
                 whole-pixel scroll
    buttons.py   the large touch targets
    words.py     browse mode's labels from the one words table (core.words)
"""

from __future__ import annotations

from renkei_kiosk.ui.browse.view import BrowseView

__all__ = ["BrowseView"]
