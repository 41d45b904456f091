"""Frozen values shared by every part of the kiosk: settings, playlists, items, schedules.

Paths inside these values are POSIX strings relative to the content root
(``media/panels/a.jpg``), so they compare equal on Linux and Windows.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date, datetime, time


class Kind(enum.StrEnum):
    """What an item on screen is."""

    #: a panel image (JPEG, PNG, WebP, BMP, GIF first frame)
    IMAGE = "image"
    #: a video file played through ffpyplayer
    VIDEO = "video"
    #: one municipality comment card (one row of a comment file)
    COMMENT = "comment"
    #: a text slide
    TEXT = "text"
    #: a QR-code slide
    QR = "qr"


class Transition(enum.StrEnum):
    """How one item gives way to the next."""

    #: crossfade
    FADE = "fade"
    #: the new item slides in from the right
    SLIDE = "slide"
    #: cut
    NONE = "none"


@dataclass(frozen=True)
class CommentCard:
    """One municipality's comment, from one row of a comment file."""

    municipality: str
    prefecture: str
    comment: str
    region: str | None = None
    category: str | None = None
    #: image path relative to the content root
    photo: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class Item:
    """One thing the rotation shows, after `folder:` and `comments:` are expanded.

    ``key`` is the item's identity: the media path relative to the content root, or
    ``FILE#ROW`` for a comment card (ROW counts data rows from 1), or ``PLAYLIST#LINE`` for
    text and QR slides. It is what the `plays` table records.
    """

    kind: Kind
    key: str
    #: seconds on screen; None for a video means "play to the end"
    duration: float | None
    title: str | None = None
    #: image or video path relative to the content root
    path: str | None = None
    #: the text of a text slide, or the URL of a QR slide
    text: str | None = None
    caption: str | None = None
    #: video volume 0..1
    volume: float = 0.0
    comment: CommentCard | None = None


@dataclass(frozen=True)
class DateRange:
    """Dates from ``start`` to ``end``, both inclusive."""

    start: date
    end: date

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end


@dataclass(frozen=True)
class TimeRange:
    """Local times from ``start`` (inclusive) to ``end`` (exclusive).

    ``end <= start`` means the range crosses midnight and ends on the next day;
    ``24:00`` is written as ``end=None``.
    """

    start: time
    end: time | None


@dataclass(frozen=True)
class Schedule:
    """When a playlist is active. Empty fields mean "no restriction"."""

    dates: tuple[DateRange, ...] = ()
    hours: tuple[TimeRange, ...] = ()
    #: 0 = Monday ... 6 = Sunday; empty = every day
    weekdays: frozenset[int] = frozenset()


ALWAYS = Schedule()


@dataclass(frozen=True)
class Entry:
    """One entry of a playlist's `items:` list, before expansion.

    Exactly one of image / video / folder / comments / text / qr is set (``source``
    names which), the rest are options.
    """

    source: str  # "image" | "video" | "folder" | "comments" | "text" | "qr"
    value: str  # the path, the text, or the URL
    line: int | None = None
    duration: float | None = None
    title: str | None = None
    caption: str | None = None
    volume: float = 0.0
    recursive: bool = False
    #: for videos: True when `duration: full` (the default for videos)
    full: bool = False


@dataclass(frozen=True)
class Playlist:
    """A validated playlist file (entries not yet expanded)."""

    #: file name without `.yaml`
    stem: str
    #: path relative to the content root, e.g. ``playlists/main.yaml``
    file: str
    name: str
    entries: tuple[Entry, ...]
    default_duration: float = 8.0
    transition: Transition = Transition.FADE
    transition_duration: float = 0.8
    shuffle: bool = False
    priority: int = 0
    schedule: Schedule = ALWAYS
    #: letterbox colour as (r, g, b) 0..1
    background: tuple[float, float, float] = (0.0, 0.0, 0.0)


@dataclass(frozen=True)
class Settings:
    """`kiosk.yaml`, validated. Defaults apply when the file is absent."""

    fullscreen: bool = True
    orientation: str = "landscape"  # landscape | portrait
    screen: int = 0  # which monitor the kiosk fills (0 = the first)
    language: str = "ja"  # ja | en
    idle_timeout: float = 60.0
    #: visitors can touch the screen (False: a projection or a monitor without touch:
    #: no touch invitation, and a click or touch does not open browse mode)
    touch: bool = True
    staff_pin: str | None = None
    closed_mode: str = "blank"  # blank | text
    closed_message: str | None = None
    sync_epoch: datetime | None = None
    #: watchdog's PollingObserver for network shares
    watch_polling: bool = False
    #: seconds a dropped file must stay unchanged before it is used
    watch_stable_seconds: float = 1.0
    #: seconds between full rescans of the content root
    watch_rescan_seconds: float = 60.0


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the content, in words a staff member understands.

    ``file`` is relative to the content root (POSIX); ``line`` is 1-based when known.
    """

    file: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class Content:
    """Everything read from a content root: what the kiosk runs on."""

    settings: Settings
    #: valid playlists by stem
    playlists: dict[str, Playlist] = field(default_factory=dict)
    #: expanded items per playlist stem
    items: dict[str, tuple[Item, ...]] = field(default_factory=dict)
    problems: tuple[Problem, ...] = ()


class ContentError(Exception):
    """Raised by the core when content is invalid; carries every problem found."""

    def __init__(self, problems: list[Problem] | tuple[Problem, ...]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))
