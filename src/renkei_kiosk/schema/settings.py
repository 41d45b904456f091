"""`kiosk.yaml` -> :class:`~renkei_kiosk.core.model.Settings`, every key checked.

Unknown keys are rejected (with a "did you mean" hint); each error names the key and its
line. Takes text or loaded values, never reads files.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from pydantic import model_validator as _model_validator
from pydantic_core import PydanticCustomError

from renkei_kiosk.core import words
from renkei_kiosk.core.durations import DurationError, parse_duration
from renkei_kiosk.core.model import ContentError, Settings
from renkei_kiosk.schema.yamlmarks import parse_yaml, validation_problems

SETTINGS_FILE = "kiosk.yaml"

_STRICT = ConfigDict(extra="forbid")


def _empty_is_default(value: object) -> object:
    """A section written with nothing under it (``display:``) means its defaults."""
    return {} if value is None else value


#: quoted words YAML would not have turned into true / false by itself
_TRUE_WORDS = frozenset({"true", "yes", "on"})
_FALSE_WORDS = frozenset({"false", "no", "off"})


def _lower(value: object) -> object:
    return value.strip().lower() if isinstance(value, str) else value


class _Display(BaseModel):
    model_config = _STRICT
    fullscreen: bool = True
    orientation: Literal["landscape", "portrait"] = "landscape"
    screen: int = Field(default=0, ge=0)  # which monitor (0 = the first)

    _orientation = field_validator("orientation", mode="before")(_lower)

    @_model_validator(mode="before")
    @classmethod
    def _touch_is_not_here(cls, data: object) -> object:
        # a screen's touch feels like a display setting: say where it goes instead
        if isinstance(data, dict) and "touch" in data:
            raise PydanticCustomError("touch_in_display", "touch is a top-level key",
                                      {"key": "touch"})
        return data


class _Closed(BaseModel):
    model_config = _STRICT
    mode: Literal["blank", "text"] = "blank"
    message: str | None = None

    _mode = field_validator("mode", mode="before")(_lower)

    @_model_validator(mode="after")
    def _text_needs_message(self) -> _Closed:
        if self.mode == "text" and not (self.message or "").strip():
            raise PydanticCustomError(
                "closed_message_missing", "mode text needs a message", {"at": ("mode",)},
            )
        return self


class _Sync(BaseModel):
    model_config = _STRICT
    epoch: datetime | None = None


class _Watch(BaseModel):
    model_config = _STRICT
    polling: bool = False
    stable_seconds: float = Field(default=1.0, ge=0)
    rescan_seconds: float = Field(default=60.0, gt=0)


class _SettingsModel(BaseModel):
    model_config = _STRICT
    display: _Display = Field(default_factory=_Display)
    language: Literal["ja", "en"] = "ja"
    idle_timeout: float = 60.0
    touch: bool = True
    staff_pin: str | None = None
    closed: _Closed = Field(default_factory=_Closed)
    sync: _Sync = Field(default_factory=_Sync)
    watch: _Watch = Field(default_factory=_Watch)

    _sections = field_validator("display", "closed", "sync", "watch", mode="before")(
        _empty_is_default
    )
    _language = field_validator("language", mode="before")(_lower)

    @field_validator("idle_timeout", mode="before")
    @classmethod
    def _idle_timeout(cls, value: object) -> float:
        return duration_field(value, allow_full=False) or 0.0

    @field_validator("touch", mode="before")
    @classmethod
    def _touch(cls, value: object) -> object:
        if isinstance(value, bool):
            return value
        word = value.strip().lower() if isinstance(value, str) else None
        if word in _TRUE_WORDS:
            return True
        if word in _FALSE_WORDS:
            return False
        # 0/1, a sentence, a list: say what each value means, not only "true or false"
        raise PydanticCustomError("touch_bool", "touch must be true or false")

    @field_validator("staff_pin", mode="before")
    @classmethod
    def _staff_pin(cls, value: object) -> object:
        if isinstance(value, bool | int | float):
            raise PydanticCustomError("staff_pin_number", "write the PIN in quotes")
        if isinstance(value, str) and not value.strip():
            raise PydanticCustomError("staff_pin_empty", "the PIN is empty")
        return value.strip() if isinstance(value, str) else value


#: keys valid in each section, for "did you mean" hints
_SECTION_KEYS: dict[str, tuple[str, ...]] = {
    "display": tuple(_Display.model_fields),
    "closed": tuple(_Closed.model_fields),
    "sync": tuple(_Sync.model_fields),
    "watch": tuple(_Watch.model_fields),
}


def duration_field(value: object, *, allow_full: bool) -> float | None:
    """Seconds for a pydantic validator; a bad duration becomes our own pydantic error."""
    try:
        return parse_duration(value, allow_full=allow_full)
    except DurationError as e:
        msg_id = {
            "format": "duration_format_video" if allow_full else "duration_format",
            "not_positive": "duration_not_positive",
            "full": "duration_full",
        }[e.reason]
        raise PydanticCustomError(msg_id, "invalid duration") from e


def _known_keys(loc: tuple[int | str, ...]) -> tuple[str, ...]:
    if len(loc) > 1 and isinstance(loc[0], str) and loc[0] in _SECTION_KEYS:
        return _SECTION_KEYS[loc[0]]
    return tuple(_SettingsModel.model_fields)


def parse_settings(data: object, file: str = SETTINGS_FILE, lang: str | None = None) -> Settings:
    """Settings from a loaded `kiosk.yaml` (None = empty file = defaults).

    Raises ContentError listing every problem. ``lang`` is the language of the messages;
    None means the file's own `language`, else Japanese.
    """
    if data is None:
        return Settings()
    lang = lang or language_hint(data)
    try:
        model = _SettingsModel.model_validate(data)
    except ValidationError as e:
        raise ContentError(validation_problems(e, data, file, lang, _known_keys)) from e
    return Settings(
        fullscreen=model.display.fullscreen,
        orientation=model.display.orientation,
        screen=model.display.screen,
        language=model.language,
        idle_timeout=model.idle_timeout,
        touch=model.touch,
        staff_pin=model.staff_pin,
        closed_mode=model.closed.mode,
        closed_message=model.closed.message,
        sync_epoch=model.sync.epoch,
        watch_polling=model.watch.polling,
        watch_stable_seconds=model.watch.stable_seconds,
        watch_rescan_seconds=model.watch.rescan_seconds,
    )


def settings_from_text(text: str, file: str = SETTINGS_FILE, lang: str | None = None) -> Settings:
    """Settings from the text of `kiosk.yaml`; raises ContentError (YAML or validation)."""
    return parse_settings(parse_yaml(text, file, lang), file, lang)


def language_hint(data: Any) -> str | None:
    """The `language` a (possibly invalid) loaded kiosk.yaml asks for, if it is usable."""
    if isinstance(data, dict) and data.get("language") in words.LANGUAGES:
        return str(data["language"])
    return None
