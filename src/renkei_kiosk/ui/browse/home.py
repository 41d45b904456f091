"""The browse home: the map of Japan on the left, the kinds (panels, comments, videos)
and the regions on the right. Layout in home.kv beside this file.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from kivy.lang import Builder
from kivy.metrics import dp
from kivy.properties import NumericProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout

from renkei_kiosk.core.browse_nav import (
    CommentList,
    Grid,
    RegionList,
    Screen,
    Section,
    region_label,
)
from renkei_kiosk.core.catalogue import Catalogue
from renkei_kiosk.core.words import text
from renkei_kiosk.ui.browse.buttons import BigButton
from renkei_kiosk.ui.browse.words import count, section_name
from renkei_kiosk.ui.fonts import fontset
from renkei_kiosk.ui.japan_map import JapanMap

__all__ = ["BrowseHome"]

Builder.load_file(str(Path(__file__).with_suffix(".kv")))

#: colour of a region's button
REGION_RGBA = [0.2, 0.3, 0.26, 1]


class BrowseHome(BoxLayout):  # type: ignore[misc]
    """The browse home: the map on the left, kinds and regions on the right."""

    lang = StringProperty("ja")
    map_title = StringProperty("")
    kinds_title = StringProperty("")
    regions_title = StringProperty("")
    button_height = NumericProperty(dp(60))

    def fill(self, catalogue: Catalogue, open_screen: Callable[[Screen], None],
             open_prefecture: Callable[[int], None]) -> None:
        """The map's highlighted prefectures and a button for each kind and region of
        `catalogue`, in `lang`; a tap opens its screen."""
        lang = self.lang
        self.map_title = text("browse_map", lang)
        self.kinds_title = text("browse_kinds", lang)
        self.regions_title = text("browse_regions", lang)
        jmap: JapanMap = self.ids.map
        jmap.highlighted = sorted(catalogue.codes)
        jmap.bind(on_prefecture=lambda _w, code: open_prefecture(code))
        kinds = self.ids.kinds
        sections: tuple[tuple[Section, Screen], ...] = (
            (Section.PANELS, Grid(Section.PANELS)),
            (Section.COMMENTS, CommentList()),
            (Section.VIDEOS, Grid(Section.VIDEOS)),
        )
        sizes = {Section.PANELS: len(catalogue.panels), Section.VIDEOS: len(catalogue.videos),
                 Section.COMMENTS: len(catalogue.comments)}
        for section, screen in sections:
            if not sizes[section]:
                continue
            btn = BigButton(text=section_name(section, lang), sub=count(sizes[section], lang))
            btn.bind(on_release=lambda _b, s=screen: open_screen(s))
            kinds.add_widget(btn)
        regions = self.ids.regions
        for group in catalogue.regions:
            btn = BigButton(text=fontset().markup(region_label(group, lang)),
                            sub=count(len(group.items), lang), bg=REGION_RGBA)
            region = RegionList(group.name)
            btn.bind(on_release=lambda _b, s=region: open_screen(s))
            regions.add_widget(btn)
