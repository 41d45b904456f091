"""A playlist file's values -> :class:`~renkei_kiosk.core.model.Playlist`, every key checked.

Unknown keys on the playlist, its schedule and each item are rejected with a "did you mean"
hint; every error names the key and its line. Schedules (dates, hours, weekdays) are parsed
into :class:`~renkei_kiosk.core.model.Schedule`. Paths are only tidied here (backslashes
become ``/``); whether they stay inside the content root is checked by the loader, which
can look at the files. Takes text or loaded values, never reads files.

Extension beyond SPEC.md: ``background: "#rrggbb"`` sets the letterbox colour.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from typing import Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from renkei_kiosk.core.model import (
    ALWAYS,
    ContentError,
    DateRange,
    Entry,
    Playlist,
    Schedule,
    TimeRange,
    Transition,
)
from renkei_kiosk.schema.errors import shown
from renkei_kiosk.schema.settings import duration_field
from renkei_kiosk.schema.yamlmarks import line_for, parse_yaml, validation_problems

#: the keys that say what an item shows; exactly one per item
SOURCES = ("image", "video", "folder", "comments", "text", "qr")
#: sources whose value is a path inside the content root
PATH_SOURCES = frozenset({"image", "video", "folder", "comments"})
#: options that only some sources take
_OPTION_SOURCES: dict[str, frozenset[str]] = {
    "volume": frozenset({"video", "folder"}),
    "recursive": frozenset({"folder"}),
}

_WEEKDAY_NAMES: dict[str, int] = {}
for _number, _names in enumerate((
    ("mon", "monday", "月", "月曜", "月曜日"),
    ("tue", "tues", "tuesday", "火", "火曜", "火曜日"),
    ("wed", "wednesday", "水", "水曜", "水曜日"),
    ("thu", "thur", "thurs", "thursday", "木", "木曜", "木曜日"),
    ("fri", "friday", "金", "金曜", "金曜日"),
    ("sat", "saturday", "土", "土曜", "土曜日"),
    ("sun", "sunday", "日", "日曜", "日曜日"),
)):
    for _name in _names:
        _WEEKDAY_NAMES[_name] = _number

_DATE = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$")
_DATE_RANGE_SEPARATORS = re.compile(r"\.\.|〜|～|~")
_HOURS = re.compile(
    r"^\s*(\d{1,2})\s*[:：]\s*(\d{2})\s*(?:-|–|—|〜|～|~)\s*(\d{1,2})\s*[:：]\s*(\d{2})\s*$"
)
_COLOUR = re.compile(r"^\s*#?([0-9a-fA-F]{6}|[0-9a-fA-F]{3})\s*$")


def _custom(msg_id: str, index: int | None = None, **ctx: Any) -> PydanticCustomError:
    """Our own validation error; ``index`` points at an element of a list value."""
    if index is not None:
        ctx["at"] = (index,)
    return PydanticCustomError(msg_id, msg_id, ctx)


def _as_list(value: object) -> list[Any]:
    return list(value) if isinstance(value, list | tuple) else [value]


def parse_dates(value: object) -> tuple[DateRange, ...]:
    """``2024-07-09``, ``2024-07-09..2024-08-29`` or a list of them -> date ranges."""
    ranges: list[DateRange] = []
    values = _as_list(value)
    if not values:
        raise _custom("too_short")
    for index, one in enumerate(values):
        at = index if isinstance(value, list) else None
        if isinstance(one, datetime) or not isinstance(one, date | str):
            raise _custom("date_invalid", at, value=_text(one))
        if isinstance(one, date):
            ranges.append(DateRange(one, one))
            continue
        parts = _DATE_RANGE_SEPARATORS.split(one)
        if len(parts) > 2:
            raise _custom("date_invalid", at, value=one)
        days = [_parse_date(part, at) for part in parts]
        start, end = days[0], days[-1]
        if end < start:
            raise _custom("date_reversed", at, start=start.isoformat(), end=end.isoformat())
        ranges.append(DateRange(start, end))
    return tuple(ranges)


def _parse_date(text: str, at: int | None) -> date:
    match = _DATE.match(text)
    try:
        if match is None:
            raise ValueError(text)
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError as e:
        raise _custom("date_invalid", at, value=text.strip()) from e


def parse_hours(value: object) -> tuple[TimeRange, ...]:
    """``"10:00-18:00"`` or a list of them -> time ranges (``24:00`` ends as None)."""
    ranges: list[TimeRange] = []
    values = _as_list(value)
    if not values:
        raise _custom("too_short")
    for index, one in enumerate(values):
        at = index if isinstance(value, list) else None
        if isinstance(one, int | float) and not isinstance(one, bool):
            raise _custom("hours_number", at)
        match = _HOURS.match(one) if isinstance(one, str) else None
        if match is None:
            raise _custom("hours_invalid", at, value=_text(one))
        h1, m1, h2, m2 = (int(g) for g in match.groups())
        if h1 > 23 or m1 > 59 or m2 > 59 or h2 > 24 or (h2 == 24 and m2 != 0):
            raise _custom("hours_invalid", at, value=one.strip())
        start = time(h1, m1)
        end = None if h2 == 24 else time(h2, m2)
        if end == start:
            raise _custom("hours_same", at, value=one.strip())
        ranges.append(TimeRange(start, end))
    return tuple(ranges)


def parse_weekdays(value: object) -> frozenset[int]:
    """``[mon, fri]``, ``"sat, sun"``, ``土日`` or ``[月, 水]`` -> weekday numbers (0 = Monday)."""
    days: set[int] = set()
    values = _as_list(value)
    if not values:
        raise _custom("too_short")
    for index, one in enumerate(values):
        at = index if isinstance(value, list) else None
        if not isinstance(one, str):
            raise _custom("weekday_invalid", at, value=_text(one))
        for word in re.split(r"[\s,、・]+", one.strip()):
            if not word:
                continue
            number = _WEEKDAY_NAMES.get(word.lower())
            if number is not None:
                days.add(number)
            elif all(char in _WEEKDAY_NAMES for char in word):
                days.update(_WEEKDAY_NAMES[char] for char in word)  # 土日
            else:
                raise _custom("weekday_invalid", at, value=word)
    if not days:
        raise _custom("too_short")
    return frozenset(days)


def parse_colour(value: object) -> tuple[float, float, float]:
    """``"#rrggbb"`` or ``"#rgb"`` -> (r, g, b) from 0 to 1."""
    match = _COLOUR.match(value) if isinstance(value, str) else None
    if match is None:
        raise _custom("colour_invalid")
    digits = match.group(1)
    if len(digits) == 3:
        digits = "".join(char * 2 for char in digits)
    red, green, blue = (int(digits[i : i + 2], 16) / 255 for i in (0, 2, 4))
    return (red, green, blue)


def _text(value: object) -> str:
    return shown(value)


class _ScheduleModel(BaseModel):
    model_config = ConfigDict(extra="forbid")
    dates: Any = None
    hours: Any = None
    weekdays: Any = None

    @field_validator("dates")
    @classmethod
    def _dates(cls, value: object) -> tuple[DateRange, ...]:
        return parse_dates(value)

    @field_validator("hours")
    @classmethod
    def _hours(cls, value: object) -> tuple[TimeRange, ...]:
        return parse_hours(value)

    @field_validator("weekdays")
    @classmethod
    def _weekdays(cls, value: object) -> frozenset[int]:
        return parse_weekdays(value)

    def to_schedule(self) -> Schedule:
        return Schedule(
            dates=self.dates or (), hours=self.hours or (), weekdays=self.weekdays or frozenset(),
        )


class _ItemModel(BaseModel):
    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True)
    image: str | None = None
    video: str | None = None
    folder: str | None = None
    comments: str | None = None
    text: str | None = None
    qr: str | None = None
    title: str | None = None
    caption: str | None = None
    duration: Any = None
    volume: float = Field(default=0.0, ge=0, le=1)
    recursive: bool = False

    @field_validator(*SOURCES)
    @classmethod
    def _not_empty(cls, value: str) -> str:
        if not value.strip():
            raise _custom("value_empty")
        return value

    @field_validator("duration")
    @classmethod
    def _duration(cls, value: object, info: ValidationInfo) -> float | None:
        return duration_field(value, allow_full=info.data.get("video") is not None)

    @model_validator(mode="after")
    def _one_source(self) -> _ItemModel:
        given = [name for name in SOURCES if name in self.model_fields_set]
        if not given:
            raise _custom("item_no_source")
        if len(given) > 1:
            raise _custom(
                "item_many_sources", first=given[0], second=given[1], at=(given[1],),
            )
        for option, sources in _OPTION_SOURCES.items():
            if option in self.model_fields_set and given[0] not in sources:
                raise _custom("option_not_for", key=option, source=given[0])
        return self

    @property
    def source(self) -> str:
        return next(name for name in SOURCES if name in self.model_fields_set)


class _PlaylistModel(BaseModel):
    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True)
    name: str | None = None
    default_duration: Any = 8.0
    transition: Transition = Transition.FADE
    transition_duration: float = Field(default=0.8, ge=0)
    shuffle: bool = False
    priority: int = 0
    schedule: _ScheduleModel | None = None
    background: Any = None
    items: list[_ItemModel] = Field(min_length=1)

    @field_validator("default_duration")
    @classmethod
    def _default_duration(cls, value: object) -> float:
        return duration_field(value, allow_full=False) or 8.0

    @field_validator("transition", mode="before")
    @classmethod
    def _transition(cls, value: object) -> object:
        return value.strip().lower() if isinstance(value, str) else value

    @field_validator("background")
    @classmethod
    def _background(cls, value: object) -> tuple[float, float, float]:
        return parse_colour(value)


PLAYLIST_KEYS = tuple(_PlaylistModel.model_fields)
ITEM_KEYS = tuple(_ItemModel.model_fields)
SCHEDULE_KEYS = tuple(_ScheduleModel.model_fields)


def _known_keys(loc: tuple[int | str, ...]) -> tuple[str, ...]:
    if len(loc) >= 3 and loc[0] == "items":
        return ITEM_KEYS
    if len(loc) >= 2 and loc[0] == "schedule":
        return SCHEDULE_KEYS
    return PLAYLIST_KEYS


def tidy_path(value: str) -> str:
    """A path as written, with backslashes turned into ``/`` and spaces trimmed."""
    return re.sub(r"/{2,}", "/", value.strip().replace("\\", "/"))


def parse_playlist(data: object, *, stem: str, file: str, lang: str | None = None) -> Playlist:
    """A Playlist from a loaded playlist file; raises ContentError listing every problem."""
    try:
        model = _PlaylistModel.model_validate(data)
    except ValidationError as e:
        raise ContentError(validation_problems(e, data, file, lang, _known_keys)) from e
    raw_items = data.get("items") if isinstance(data, dict) else None
    entries = []
    for index, item in enumerate(model.items):
        source = item.source
        value = getattr(item, source)
        entries.append(Entry(
            source=source,
            value=tidy_path(value) if source in PATH_SOURCES else value,
            line=line_for(raw_items, (index,)),
            duration=item.duration,
            title=item.title,
            caption=item.caption,
            volume=item.volume,
            recursive=item.recursive,
            full=source == "video" and item.duration is None,
        ))
    return Playlist(
        stem=stem,
        file=file,
        name=model.name if model.name is not None and model.name.strip() else stem,
        entries=tuple(entries),
        default_duration=model.default_duration,
        transition=model.transition,
        transition_duration=model.transition_duration,
        shuffle=model.shuffle,
        priority=model.priority,
        schedule=model.schedule.to_schedule() if model.schedule is not None else ALWAYS,
        background=model.background if model.background is not None else (0.0, 0.0, 0.0),
    )


def readable_entries(data: object) -> tuple[Entry, ...]:
    """The file entries of a playlist that failed validation, as far as they can be read.

    So that a validation error hides nothing else: `check` still looks at the files these
    entries name (a path leading outside, a missing or broken file). An entry counts when
    it is a mapping with exactly one source key, a file source (image, video, folder,
    comments), whose value is non-empty text; its other keys are not looked at.
    """
    raw_items = data.get("items") if isinstance(data, dict) else None
    if not isinstance(raw_items, list):
        return ()
    entries = []
    for index, raw in enumerate(raw_items):
        if not isinstance(raw, dict):
            continue
        given = [name for name in SOURCES if name in raw]
        if len(given) != 1 or given[0] not in PATH_SOURCES:
            continue
        value = raw[given[0]]
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            continue
        path = tidy_path(str(value))
        if not path:
            continue
        entries.append(Entry(
            source=given[0], value=path, line=line_for(raw_items, (index,)),
            recursive=raw.get("recursive") is True,
        ))
    return tuple(entries)


def playlist_from_text(text: str, *, stem: str, file: str, lang: str | None = None) -> Playlist:
    """A Playlist from a playlist file's text; raises ContentError (YAML or validation)."""
    return parse_playlist(parse_yaml(text, file, lang), stem=stem, file=file, lang=lang)
