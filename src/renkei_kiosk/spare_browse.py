"""Browse mode made ready ahead of the next visitor, while the screen is still.

Loading browse mode's code (about 0.1 s of the Kivy thread), and then building a whole
browse view (widgets, layout, label textures: tens of milliseconds), would otherwise land
in the visitor's first touch. Here both happen when nothing moves on screen: first the
code and the map shapes, then a spare view; a touch only adds it to the window. After a
visitor leaves, their view's garbage is collected before the next view is built. Each
step takes a tick of its own; while steps remain (`pending`) the app wakes for them every
`STEP_EVERY` s, so the preparation is done a few seconds after the screen goes still
(a kiosk at rest otherwise ticks once in 5 s).
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable
from typing import Any

from renkei_kiosk.ui.bridge import to_kivy

__all__ = ["STEP_EVERY", "SpareBrowse"]

#: seconds between the preparation's steps (each on its own tick)
STEP_EVERY = 0.5


class SpareBrowse:
    """The next visitor's browse view; `make()` builds one (on the Kivy thread), when
    `can_build()` says there is something to browse."""

    def __init__(self, make: Callable[[], Any], before_build: Callable[[], object],
                 can_build: Callable[[], bool] = lambda: True) -> None:
        self._make = make
        self._before_build = before_build
        self._can_build = can_build
        #: browse mode's code is loaded
        self.warm = False
        #: the view built ahead (None: none yet)
        self.view: Any = None
        #: a closed browse view waits for the cycle collector
        self.garbage = False

    def when_still(self) -> None:
        """Kivy thread, on a still screen: take the next step of the preparation."""
        if not self.warm:
            self._warm_up()
        elif self.view is None and self._can_build():
            self._build()

    def pending(self) -> bool:
        """Whether a step of the preparation remains."""
        return not self.warm or self.garbage or (self.view is None and self._can_build())

    def take(self) -> Any:
        """The view built ahead, handed over (None if there is none yet)."""
        view, self.view = self.view, None
        return view

    def visitor_left(self) -> None:
        """A browse view was closed: collect its garbage before the next build."""
        self.garbage = True

    def release(self) -> None:
        """Shutdown: free the spare view."""
        if self.view is not None:
            self.view.release()
            self.view = None

    def _warm_up(self) -> None:
        """Load browse mode's code and map shapes before the first visitor touches (once,
        while the screen is still: the import costs the Kivy thread about 0.1 s)."""
        self.warm = True
        import renkei_kiosk.ui.browse  # noqa: F401 - loads its .kv on the Kivy thread
        from renkei_kiosk.media.japan_shapes import japan_shapes

        threading.Thread(target=japan_shapes, name="warm-map", daemon=True).start()

    def _build(self) -> None:
        """Build the next visitor's browse view (its first frame is drawn off screen in
        the next frame, not this one)."""
        if self.garbage:
            # the last visitor's view and screens are thousands of objects in reference
            # cycles (Kivy widgets hold each other): only a full collection frees them,
            # and Python runs one at a moment of its own choosing, which could be the
            # next visitor's first touch (measured: a 70 ms collection in the open
            # frame). Collect them now, while the screen is still; build at the next tick.
            self.garbage = False
            gc.collect()
            return
        view = self._make()
        if view is None:
            return
        self.view = view
        self._before_build()  # (the catalogue: made now, not in the visitor's first frame)
        to_kivy(lambda: view.prerender() if view.parent is None else None)  # (next frame)
