"""Browse mode: what a visitor touches. The view over the stage carries out the
navigation of core.browse_nav (which screen comes next, the back stack), puts each
screen's widgets in its body (screens.ScreenMaker), passes touches on a detail to its
gestures (gestures.DetailGestures), runs the idle countdown (idle.IdleWatch), and reports
every visitor action as a core.touches.Touch. Layout in view.kv beside this file.

Decoding happens in worker threads (thumbnails in media.thumbs, panels and slides in
loader.DetailLoader); their results reach the Kivy thread through ui.bridge.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kivy.graphics import ClearBuffers, ClearColor, Fbo
from kivy.lang import Builder
from kivy.metrics import dp
from kivy.properties import (
    BooleanProperty,
    DictProperty,
    ListProperty,
    NumericProperty,
    ObjectProperty,
    StringProperty,
)
from kivy.uix.floatlayout import FloatLayout
from kivy.uix.widget import Widget

from renkei_kiosk.core.browse_layout import BrowseSizes, browse_sizes
from renkei_kiosk.core.browse_nav import (
    Detail,
    Home,
    PrefectureList,
    Screen,
    Stack,
    item_title,
    item_touch,
    swiped,
    touch_for,
)
from renkei_kiosk.core.catalogue import Catalogue, build_catalogue
from renkei_kiosk.core.touches import Touch, TouchAction
from renkei_kiosk.ui.browse import buttons, softgl  # noqa: F401 - widgets of view.kv
from renkei_kiosk.ui.browse.detail import BrowseDetail
from renkei_kiosk.ui.browse.gestures import DetailGestures
from renkei_kiosk.ui.browse.idle import IdleWatch
from renkei_kiosk.ui.browse.screens import ScreenMaker
from renkei_kiosk.ui.browse.sliding import ScreenSlider
from renkei_kiosk.ui.browse.words import bar_words
from renkei_kiosk.ui.fonts import fontset
from renkei_kiosk.ui.japan_map import load_geometry

__all__ = ["BrowseView"]

log = logging.getLogger("renkei_kiosk")

Builder.load_file(str(Path(__file__).with_suffix(".kv")))

#: background of browse mode (the window is cleared to it), and behind a detail
BACKDROP_RGBA = (0.07, 0.09, 0.13, 1.0)
DETAIL_BACKDROP_RGBA = (0.0, 0.0, 0.0, 1.0)


class BrowseView(FloatLayout):  # type: ignore[misc]
    """Browse mode, over the stage; built by KioskApp.open_browse.

    Opens at once on the detail of `start_key`'s item (or on the home), and returns to the
    rotation through `on_close` after `idle_timeout` seconds without a touch. Every
    visitor action is reported through `on_action(touch)`.
    """

    lang = StringProperty("ja")
    title = StringProperty("")
    #: the title shown beside the bar's buttons (landscape) or below them (portrait)
    inline_title = StringProperty("")
    below_title = StringProperty("")
    hint = StringProperty("")
    hint_visible = BooleanProperty(False)
    #: every size of browse mode for the view's size (core.browse_layout)
    sizes: BrowseSizes = ObjectProperty(browse_sizes(1920, 1080), rebind=True)
    bar_height = NumericProperty(dp(48))
    #: the colour the view is cleared to: black behind a detail, else the dark blue
    backdrop = ListProperty(BACKDROP_RGBA)
    #: the kiosk's own labels in the current language (kv reads words["back"] ...)
    words = DictProperty(bar_words("ja"))

    def __init__(
        self,
        *,
        catalogue: Catalogue | None,
        content_root: Path,
        state_dir: Path,
        lang: str = "ja",
        idle_timeout: float = 60.0,
        start_key: str | None = None,
        on_action: Callable[[Touch], None] | None = None,
        on_close: Callable[[], None] | None = None,
        **kwargs: Any,
    ) -> None:
        """Browse mode open at once on `catalogue`; with `catalogue` None, a view built
        ahead of a visitor (its bar laid out and drawn), opened later by `begin`."""
        super().__init__(**kwargs)
        self.bind(size=self._resize, title=self._place_title)
        self._resize()
        # the background: the view covers the whole window, and clearing the window costs
        # almost nothing where a rectangle over it costs software GL a screenful of pixels
        # every frame
        with self.canvas.before:
            self._clear = ClearColor(*self.backdrop)
            ClearBuffers()
        self.bind(backdrop=lambda _w, rgba: setattr(self._clear, "rgba", rgba))
        # the countdown hint is in the widget tree only while it shows (an invisible
        # widget is still drawn)
        self._hint = self.ids.hint.__self__
        self.remove_widget(self._hint)
        self.bind(hint_visible=self._show_hint)
        self.catalogue = build_catalogue(())
        self.bind(lang=self._relabel)
        self.lang = "en" if lang == "en" else "ja"
        self._relabel()
        self.idle_timeout = max(1.0, float(idle_timeout))
        self._on_action = on_action
        self._on_close = on_close
        self.closed = False
        self._stack = Stack()
        #: the widget in the body, and the detail when it is one
        self.current: Widget | None = None
        self.detail: BrowseDetail | None = None
        #: the screen change under way (ui.browse.sliding)
        self.slider = ScreenSlider(self.ids.body)
        self.maker = ScreenMaker(self, content_root, state_dir)
        self.idle = IdleWatch(self)
        self.gestures = DetailGestures(
            lambda: self.detail, lambda: float(self.width),
            lambda: self.report(TouchAction.ZOOM), self.fling)
        load_geometry(lambda _g: None)  # start triangulating the map in the background
        if catalogue is not None:
            self.begin(catalogue, start_key)
        else:
            self.current = self.maker.prebuild()
            self.ids.body.add_widget(self.current)

    def begin(self, catalogue: Catalogue, start_key: str | None = None, *,
              lang: str | None = None, idle_timeout: float | None = None) -> None:
        """Open (once) on `start_key`'s item, or on the home."""
        if self.idle.running or self.closed:
            return
        self.catalogue = catalogue
        if lang is not None:
            self.lang = "en" if lang == "en" else "ja"
        if idle_timeout is not None:
            self.idle_timeout = max(1.0, float(idle_timeout))
        self.idle.start()
        self._stack = Stack.opened(catalogue, start_key)
        self._show(self.screen)
        log.info("Browse: opened at %s",
                 start_key if isinstance(self.screen, Detail) else "home")

    def prerender(self) -> None:
        """Draw the view once off screen, before it is shown: Kivy makes a label's texture
        on its first draw, so the first frame on screen then only shows it."""
        if self.parent is not None:
            return
        fbo = Fbo(size=(max(1, round(self.width)), max(1, round(self.height))))
        fbo.add(self.canvas)
        try:
            fbo.draw()
        finally:
            fbo.remove(self.canvas)

    def _resize(self, *_a: Any) -> None:
        sizes = browse_sizes(float(self.width), float(self.height))
        if sizes != self.sizes:
            self.sizes = sizes
        self.bar_height = sizes.bar
        self._place_title()

    def _place_title(self, *_a: Any) -> None:
        portrait = self.sizes.portrait
        self.inline_title = "" if portrait else self.title
        self.below_title = self.title if portrait else ""

    def _show_hint(self, _w: Any, visible: bool) -> None:
        if visible and self._hint.parent is None:
            self.add_widget(self._hint)
        elif not visible and self._hint.parent is self:
            self.remove_widget(self._hint)

    def _relabel(self, *_a: Any) -> None:
        self.words = bar_words(self.lang)

    # -- queries -----------------------------------------------------------------------
    @property
    def screen(self) -> Screen:
        """The screen shown (core.browse_nav)."""
        return self._stack.top

    @property
    def stack(self) -> Stack:
        """The screens the back button returns through."""
        return self._stack

    @property
    def current_key(self) -> str | None:
        """The key of the item on screen, or None outside a detail."""
        if self.detail is not None and self.detail.item is not None:
            return str(self.detail.item.key)
        return None

    def detail_size(self) -> tuple[int, int]:
        """The size a detail's item is shown at (px): the body, less the strip under it
        (comment cards are laid out for it, so their type is as large as it looks)."""
        w = round(float(self.width))
        h = round(float(self.height) - float(self.bar_height) - float(self.sizes.strip))
        return max(1, w), max(1, h)

    @property
    def row_height(self) -> float:
        """The height of a list row."""
        return float(self.sizes.row)

    @property
    def sliding(self) -> bool:
        """Whether a new screen is still sliding in."""
        return self.slider.sliding

    # -- actions -----------------------------------------------------------------------
    def report(self, action: TouchAction, touch: Touch | None = None) -> None:
        """Record a visitor action: `touch`, or `action` about the item on screen."""
        if touch is None:
            touch = Touch(action, item=self.current_key)
        log.info("Browse: %s %s", touch.action.value,
                 touch.item or touch.prefecture or touch.region or touch.target or "")
        if self._on_action is not None:
            self._on_action(touch)

    def open(self, screen: Screen) -> None:
        """Open `screen` from the one shown (a tap on a button, a row, a tile)."""
        touch = touch_for(screen, self.catalogue)
        if touch is not None:
            self.report(touch.action, touch)
        self._stack = self._stack.push(screen)
        self._show(screen, direction=+1)

    def open_prefecture(self, code: int) -> None:
        """A prefecture tapped on the map: its municipalities' comments."""
        group = self.catalogue.by_code(code)
        if group is not None:
            self.open(PrefectureList(group.name))

    def show_screen(self, screen: Screen) -> None:
        """Show `screen` over the home at once: no slide, nothing recorded (pictures)."""
        self._stack = Stack() if isinstance(screen, Home) else Stack().push(screen)
        self._show(screen)

    def fling(self, step: int) -> bool:
        """A visitor's swipe on a detail: a paged comment card's next (+1) or previous
        (-1) page; past its last or first page (or on anything else) the neighbouring
        item (`swipe`)."""
        if self.detail is not None and self.detail.swipe_page(step):
            return True
        return self.swipe(step)

    def swipe(self, step: int) -> bool:
        """Show the next (+1) or previous (-1) item; False when there is none."""
        screen = self.screen
        if not isinstance(screen, Detail):
            return False
        new = swiped(screen, step)
        if new is None:
            return False
        self._stack = self._stack.replace(new)
        self.report(TouchAction.SWIPE, item_touch(TouchAction.SWIPE, new.item))
        self._show(new, direction=step)
        return True

    def go_back(self) -> None:
        """The back button: the previous screen; from the home, back to the exhibition."""
        self.report(TouchAction.BACK)
        stack = self._stack.back()
        if stack is None:
            self.close()
            return
        self._stack = stack
        self._show(self.screen, direction=-1)

    def go_home(self) -> None:
        """The home button."""
        self.report(TouchAction.HOME)
        self._stack = self._stack.home()
        self._show(self.screen, direction=-1)

    def toggle_language(self) -> None:
        """日本語 <-> English: every label of browse mode follows."""
        self.lang = "en" if self.lang == "ja" else "ja"
        self.report(TouchAction.LANGUAGE)
        if isinstance(self.screen, Detail) and self.detail is not None:
            self.detail.lang = self.lang
            self.title = fontset().markup(item_title(self.screen.item))
        else:
            self._show(self.screen)

    def close_by_visitor(self) -> None:
        """The visitor's own way out (the 展示に戻る button)."""
        self.report(TouchAction.CLOSE)
        self.close()

    def close(self) -> None:
        """Back to the rotation."""
        if self.closed:
            return
        if self._on_close is not None:
            self._on_close()
        else:
            self.release()

    def release(self) -> None:
        """Browse mode ends: stop timers, workers and any video."""
        if self.closed:
            return
        self.closed = True
        self.slider.end()
        self.idle.stop()
        if self.detail is not None:
            self.detail.release()
        self.maker.shutdown()
        log.info("Browse: closed")

    # -- screens -------------------------------------------------------------------------
    def _show(self, screen: Screen, *, direction: int = 0) -> None:
        """Put `screen` in the body (replacing what is there), sliding in from the right
        (`direction` +1: a screen opened, a swipe to the next) or the left (-1)."""
        self.slider.end()
        is_detail = isinstance(screen, Detail)
        self.backdrop = list(DETAIL_BACKDROP_RGBA if is_detail else BACKDROP_RGBA)
        body = self.ids.body
        old, old_detail, prebuilt = self.current, self.detail, self.maker.prebuilt
        self.detail = None
        widget, title = self.maker.make(screen)
        if isinstance(screen, Detail):
            assert isinstance(widget, BrowseDetail)
            self.detail = widget
            title = fontset().markup(item_title(screen.item))
        self.title = title
        self.current = widget
        if old is not None and old is prebuilt:
            self.maker.prebuilt = None  # (opened on something else than a detail)
        if widget.parent is None:  # (the prebuilt detail is in the body already)
            body.add_widget(widget)
        if old is None or old is widget:
            pass
        elif direction and old.parent is not None:
            self.slider.start(old, widget, direction)
            self.idle.screens_left += 1
        else:
            body.remove_widget(old)
            self.idle.screens_left += 1
        if old_detail is not None and old_detail is not widget:
            old_detail.release()

    # -- touches -------------------------------------------------------------------------
    def on_touch_down(self, touch: Any) -> bool:
        self.idle.touched()
        self.slider.end()  # (a touch lands on the new screen, in place)
        if super().on_touch_down(touch):
            return True
        detail = self.detail
        if detail is not None and detail.collide_point(*touch.pos):
            touch.grab(self)
            if not self.gestures.down(detail, touch):
                touch.ungrab(self)
        return True  # the stage underneath never sees a touch while browsing

    def on_touch_move(self, touch: Any) -> bool:
        self.idle.touched()
        if touch.grab_current is self:
            self.gestures.move(touch)
            return True
        super().on_touch_move(touch)
        return True

    def on_touch_up(self, touch: Any) -> bool:
        if touch.grab_current is self:
            touch.ungrab(self)
            self.gestures.up(touch)
            return True
        super().on_touch_up(touch)
        return True
