"""Browse mode's navigation as values: the screens a visitor moves between, the back
stack, what each list shows for a catalogue, what each step records, and the idle
countdown. Pure: standard library only, time passed in.

The view (ui.browse) carries these out: it builds the widgets a screen needs, asks here
which screen comes next, and reports each visitor action as the `Touch` made here.

Screens:
    Home                         the map, the kinds, the regions and the categories
    Grid(section)                panels or videos as tiles
    CommentList()                every comment card, under a heading per prefecture
    RegionList(region)           a region's prefectures
    CategoryList(category)       a category's cards, under a heading per prefecture
    PrefectureList(prefecture)   a prefecture's cards: from the map (region None, every
                                 card of it), or from a region's list (that region's)
    Detail(item)                 one item full screen; a swipe moves through `items`
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from enum import Enum, StrEnum
from pathlib import PurePosixPath

from renkei_kiosk.core.catalogue import (
    Catalogue,
    PrefectureGroup,
    RegionGroup,
    card_category,
    card_prefecture,
    card_region,
    index_of,
    neighbours,
    prefecture,
)
from renkei_kiosk.core.model import Item, Kind
from renkei_kiosk.core.touches import Touch, TouchAction

__all__ = [
    "COUNTDOWN",
    "CategoryList",
    "CommentList",
    "Detail",
    "Grid",
    "HeadingRow",
    "Home",
    "Idle",
    "IdlePhase",
    "ItemRow",
    "Page",
    "PlaceRow",
    "PrefectureList",
    "RegionList",
    "Row",
    "Screen",
    "Section",
    "Stack",
    "detail_of",
    "idle_state",
    "item_subtitle",
    "item_title",
    "item_touch",
    "page",
    "page_swiped",
    "pref_label",
    "region_label",
    "section_of",
    "swiped",
    "thumb_source",
    "touch_for",
]

#: seconds of countdown shown before the idle timeout returns to the rotation
COUNTDOWN = 10.0


class Section(StrEnum):
    """A kind of item a visitor can list from the home (the words-table key of its name)."""

    #: panel images
    PANELS = "panels"
    #: comment cards
    COMMENTS = "comments"
    #: videos
    VIDEOS = "videos"


# -- screens ------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Home:
    """The browse home: the map of Japan, the kinds, the regions."""


@dataclass(frozen=True, slots=True)
class Grid:
    """Panels or videos as tiles."""

    section: Section


@dataclass(frozen=True, slots=True)
class CommentList:
    """Every comment card, under a heading per prefecture."""


@dataclass(frozen=True, slots=True)
class RegionList:
    """The prefectures of a region that have cards."""

    region: str


@dataclass(frozen=True, slots=True)
class CategoryList:
    """The comment cards of a category (the comment files' `category` column)."""

    #: the category as the catalogue names it (e.g. 賛同自治体)
    category: str


@dataclass(frozen=True, slots=True)
class PrefectureList:
    """A prefecture's comment cards (its municipalities)."""

    #: the prefecture group's name (normalised, e.g. 北海道, 大阪府)
    prefecture: str
    #: None: picked on the map, every card of the prefecture; else picked in this
    #: region's list, the cards of the prefecture within the region
    region: str | None = None


@dataclass(frozen=True, slots=True)
class Detail:
    """One item full screen; a swipe moves to its neighbours in `items`."""

    item: Item
    #: the list a swipe moves through (the item alone when empty)
    items: tuple[Item, ...] = field(default=(), compare=False, repr=False)
    #: where `item` is in `items`
    index: int = field(default=0, compare=False, repr=False)


Screen = Home | Grid | CommentList | RegionList | CategoryList | PrefectureList | Detail


def detail_of(items: tuple[Item, ...], index: int) -> Detail:
    """The detail of `items[index]`, swiping through `items`."""
    if not 0 <= index < len(items):
        raise IndexError(f"index {index} is outside a list of {len(items)} items")
    return Detail(items[index], items, index)


def section_of(catalogue: Catalogue, item: Item) -> tuple[Item, ...]:
    """The catalogue section an item is swiped within (panels, videos, comments, slides)."""
    for section in (catalogue.panels, catalogue.videos, catalogue.comments, catalogue.slides):
        if any(i.key == item.key for i in section):
            return section
    return (item,)


def swiped(screen: Detail, step: int) -> Detail | None:
    """The next (+1) or previous (-1) item's detail, wrapping round; None when alone."""
    items = screen.items or (screen.item,)
    before, after = neighbours(items, screen.index, wrap=True)
    target = after if step > 0 else before
    return None if target is None else Detail(items[target], items, target)


def page_swiped(page: int, pages: int, step: int) -> int | None:
    """The page a swipe shows on a paged comment card in a detail (+1: the next, -1: the
    previous; pages counted from 0), or None when the swipe goes past the card's last or
    first page, to the neighbouring item (`swiped`). In browse only the visitor turns a
    card's pages: a swipe or a tap, never a timer."""
    target = page + (1 if step > 0 else -1)
    return target if 0 <= target < pages else None


# -- the back stack ---------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Stack:
    """The screens a visitor went through, the home first; the back button pops one."""

    screens: tuple[Screen, ...] = (Home(),)

    @classmethod
    def opened(cls, catalogue: Catalogue, start_key: str | None) -> Stack:
        """Browse mode opening on `start_key`'s item (home beneath it), or on the home."""
        start = catalogue.find(start_key) if start_key else None
        if start is None:
            return cls()
        items = section_of(catalogue, start)
        return cls((Home(), Detail(start, items, index_of(items, start.key) or 0)))

    @property
    def top(self) -> Screen:
        """The screen shown."""
        return self.screens[-1]

    def push(self, screen: Screen) -> Stack:
        """`screen` opened from the one shown."""
        return Stack((*self.screens, screen))

    def replace(self, screen: Screen) -> Stack:
        """`screen` instead of the one shown (a swipe)."""
        return Stack((*self.screens[:-1], screen))

    def back(self) -> Stack | None:
        """The stack after the back button; None when it leaves browse mode (from the home)."""
        if len(self.screens) <= 1:
            return None
        return Stack(self.screens[:-1])

    def home(self) -> Stack:
        """The stack after the home button."""
        return Stack()

    def __len__(self) -> int:
        return len(self.screens)


# -- what lists show ------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class ItemRow:
    """A row or tile that opens `items[index]`'s detail."""

    items: tuple[Item, ...]
    index: int

    @property
    def item(self) -> Item:
        return self.items[self.index]


@dataclass(frozen=True, slots=True)
class HeadingRow:
    """A prefecture's heading within a list of comment cards, with its count."""

    group: PrefectureGroup


@dataclass(frozen=True, slots=True)
class PlaceRow:
    """A prefecture in a region's list, with its count; opens `opens`."""

    group: PrefectureGroup
    opens: PrefectureList


Row = ItemRow | HeadingRow | PlaceRow


@dataclass(frozen=True, slots=True)
class Page:
    """What a list or grid screen shows."""

    #: the title: the name of a kind of item (panels, videos, comments), or None for `place`
    section: Section | None
    #: a region's or prefecture's name in the visitor's language ('' with `section`)
    place: str
    #: a count shown after the title (a prefecture picked on the map), else None
    count: int | None
    rows: tuple[Row, ...]
    #: tiles (a grid) rather than rows
    tiles: bool = False


def _item_rows(items: tuple[Item, ...]) -> tuple[ItemRow, ...]:
    return tuple(ItemRow(items, i) for i in range(len(items)))


def _within(region: RegionGroup | None, name: str) -> PrefectureGroup | None:
    if region is None:
        return None
    return next((g for g in region.prefectures if g.name == name), None)


def page(catalogue: Catalogue, screen: Screen, lang: str) -> Page:
    """The title and rows of a list or grid screen (ValueError for Home and Detail)."""
    rows: list[Row] = []
    match screen:
        case Grid(section=section):
            items = catalogue.videos if section is Section.VIDEOS else catalogue.panels
            return Page(section, "", None, _item_rows(items), tiles=True)
        case CommentList():
            for group in catalogue.prefectures:
                rows.append(HeadingRow(group))
                rows.extend(_item_rows(group.items))
            return Page(Section.COMMENTS, "", None, tuple(rows))
        case CategoryList(category=name):
            category = catalogue.category(name)
            if category is None:
                return Page(None, name, None, ())
            # (a swipe in a card's detail moves through the whole category)
            items, at = category.items, 0
            for group in category.prefectures:
                rows.append(HeadingRow(group))
                rows.extend(ItemRow(items, i) for i in range(at, at + len(group.items)))
                at += len(group.items)
            return Page(None, category.name, len(items), tuple(rows))
        case RegionList(region=name):
            region = catalogue.region(name)
            if region is None:
                return Page(None, name, None, ())
            return Page(None, region_label(region, lang), None, tuple(
                PlaceRow(g, PrefectureList(g.name, region.name)) for g in region.prefectures
            ))
        case PrefectureList(prefecture=name, region=None):
            found = catalogue.by_prefecture(name)
            if found is None:
                return Page(None, name, None, ())
            return Page(None, pref_label(found, lang), len(found.items),
                        _item_rows(found.items))
        case PrefectureList(prefecture=name, region=region_name):
            found = _within(catalogue.region(region_name or ""), name)
            if found is None:
                return Page(None, name, None, ())
            return Page(None, pref_label(found, lang), None, _item_rows(found.items))
    raise ValueError(f"{screen} is not a list screen")


# -- what is recorded ---------------------------------------------------------------------
def item_touch(action: TouchAction, item: Item | None) -> Touch:
    """`action` about `item`: its key, and a comment card's prefecture, region and category."""
    if item is None:
        return Touch(action)
    card = item.comment
    if card is None:
        return Touch(action, item=item.key)
    return Touch(action, item=item.key, prefecture=card_prefecture(item) or None,
                 region=card_region(item), category=card_category(item) or None)


def touch_for(screen: Screen, catalogue: Catalogue) -> Touch | None:
    """What opening `screen` records (None for the home: the home button records itself)."""
    match screen:
        case Grid(section=section):
            return Touch(TouchAction.LIST, target=section.value)
        case CommentList():
            return Touch(TouchAction.LIST, target=Section.COMMENTS.value)
        case RegionList(region=region):
            return Touch(TouchAction.REGION, region=region)
        case CategoryList(category=category):
            return Touch(TouchAction.CATEGORY, category=category)
        case PrefectureList(prefecture=name, region=None):
            found = prefecture(name)
            return Touch(TouchAction.MAP, prefecture=name,
                         region=found.region if found is not None else None)
        case PrefectureList(prefecture=name, region=region):
            return Touch(TouchAction.LIST, target="prefecture", prefecture=name, region=region)
        case Detail(item=item):
            return item_touch(TouchAction.ITEM, item)
    return None


# -- the idle countdown ---------------------------------------------------------------------
class IdlePhase(Enum):
    """Where a visitor who stopped touching is."""

    #: still browsing: nothing shows
    BROWSING = "browsing"
    #: the countdown shows its seconds
    COUNTDOWN = "countdown"
    #: time is up: back to the rotation
    TIMEOUT = "timeout"


@dataclass(frozen=True, slots=True)
class Idle:
    """The idle countdown after `idle_state`."""

    phase: IdlePhase
    #: the whole seconds the countdown shows (0 outside the countdown)
    seconds: int = 0


def idle_state(idle_for: float, timeout: float, countdown: float = COUNTDOWN) -> Idle:
    """The countdown after `idle_for` seconds without a touch, for an idle `timeout`: it
    shows for the last `countdown` seconds (at most half the timeout)."""
    remaining = timeout - idle_for
    if remaining <= 0:
        return Idle(IdlePhase.TIMEOUT)
    if remaining <= min(countdown, timeout / 2):
        return Idle(IdlePhase.COUNTDOWN, math.ceil(remaining))
    return Idle(IdlePhase.BROWSING)


# -- labels -------------------------------------------------------------------------------
def item_title(item: Item) -> str:
    """What a visitor reads as the item's name."""
    if item.comment is not None:
        return item.comment.municipality
    if item.title:
        return item.title
    if item.caption:
        return item.caption
    return PurePosixPath(item.key.split("#", 1)[0]).stem


def item_subtitle(item: Item, lang: str) -> str:
    """A second line for lists: the prefecture and category of a comment card."""
    card = item.comment
    if card is None:
        return ""
    pref = prefecture(card.prefecture)
    name = pref.name_en if (lang == "en" and pref is not None) else card.prefecture
    return "　".join(s for s in (name, card.category or "") if s)


def thumb_source(item: Item) -> tuple[str | None, bool]:
    """(path relative to the content root, is it a video) of an item's thumbnail."""
    if item.kind is Kind.IMAGE:
        return item.path, False
    if item.kind is Kind.VIDEO:
        return item.path, True
    if item.comment is not None:
        return item.comment.photo, False
    return None, False


def pref_label(group: PrefectureGroup, lang: str) -> str:
    """A prefecture's name in the visitor's language."""
    return group.name_en if lang == "en" else group.name


def region_label(group: RegionGroup, lang: str) -> str:
    """A region's name in the visitor's language."""
    return group.name_en or group.name if lang == "en" else group.name
