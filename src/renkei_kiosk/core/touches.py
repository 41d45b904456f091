"""What a visitor did in browse mode, as values: the rows of the `touches` table.

Browse mode reports each action as a `Touch`; the app stamps it with the time and the
store writes it (SPEC.md, "State"); `stats` and `report` group by its columns. Pure:
standard library only.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

__all__ = ["Touch", "TouchAction"]


class TouchAction(StrEnum):
    """A visitor action in browse mode (the `touches.action` column)."""

    #: a touch on the rotation opened browse mode (item: what was on screen)
    OPEN = "open"
    #: a prefecture picked on the map
    MAP = "map"
    #: a region list opened
    REGION = "region"
    #: a category list opened
    CATEGORY = "category"
    #: a list opened that is neither a region nor a category (panels, videos, all comments)
    LIST = "list"
    #: an item opened from a list or grid
    ITEM = "item"
    #: a swipe to the previous or next item in a detail view
    SWIPE = "swipe"
    #: a pinch or double tap zoomed a panel
    ZOOM = "zoom"
    #: the back button
    BACK = "back"
    #: the home button
    HOME = "home"
    #: the language button
    LANGUAGE = "language"
    #: the idle timeout closed browse mode
    TIMEOUT = "timeout"
    #: the visitor closed browse mode (the close button)
    CLOSE = "close"


@dataclass(frozen=True, slots=True)
class Touch:
    """One visitor action and what it was about (each None where it does not apply)."""

    action: TouchAction
    #: the item's key (`Item.key`) the action opened or showed
    item: str | None = None
    prefecture: str | None = None
    region: str | None = None
    category: str | None = None
    #: a list's name where the action opened a list (e.g. "panels", "videos")
    target: str | None = None
