"""The one table of the kiosk's words: complete in both languages, and holding every key used."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

import renkei_kiosk
from renkei_kiosk.core import words
from renkei_kiosk.core.words import WORDS

SRC = Path(renkei_kiosk.__file__).resolve().parent

#: the keys browse and the standby slide read (they switch to the table from their own)
SCREEN_KEYS = (
    "browse_back", "browse_home", "browse_close", "browse_lang", "browse_browse",
    "browse_panels", "browse_comments", "browse_videos", "browse_map", "browse_regions",
    "browse_kinds", "browse_count", "browse_countdown", "browse_touch_to_stay", "browse_play",
    "browse_pause", "browse_loading", "browse_cannot_show", "browse_swipe_hint",
    "standby_title", "standby_message",
)


def _fields(template: str) -> list[tuple[str, str | None, str | None]]:
    """(name, conversion, format spec) of each ``{field}``, sorted."""
    return sorted(
        (name, conversion, spec)
        for _, name, spec, conversion in string.Formatter().parse(template)
        if name is not None
    )


@pytest.mark.parametrize("key", sorted(WORDS))
def test_every_key_has_japanese_and_english_with_the_same_fields(key: str) -> None:
    entry = WORDS[key]
    assert set(entry) == {"ja", "en"}, key
    assert entry["ja"].strip() and entry["en"].strip(), key
    assert _fields(entry["ja"]) == _fields(entry["en"]), key


@pytest.mark.parametrize("key", sorted(WORDS))
def test_every_template_fills_in_with_its_own_fields(key: str) -> None:
    for lang in words.LANGUAGES:
        names = {name for name, _, _ in _fields(WORDS[key][lang])}
        filled = words.text(key, lang, **dict.fromkeys(names, "〇〇"))
        assert "{" not in filled and "}" not in filled, (key, lang)
        assert filled.count("〇〇") >= len(names), (key, lang)


def test_every_key_the_code_asks_for_is_in_the_table() -> None:
    pattern = re.compile(
        r'(?:text|template|_custom|PydanticCustomError)\(\s*"([a-z_]+)"'
        r'|problem\([^,()]+,\s*"([a-z_]+)"'
    )
    used: set[str] = set()
    for path in SRC.rglob("*.py"):
        for match in pattern.finditer(path.read_text(encoding="utf-8")):
            used.add(match.group(1) or match.group(2))
    assert len(used) > 40  # the scan finds the code's keys (not an empty pass)
    assert sorted(used - set(WORDS)) == []


@pytest.mark.parametrize("key", SCREEN_KEYS)
def test_the_screens_words_are_in_the_table(key: str) -> None:
    assert key in WORDS


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("ja", "まもなく展示に戻ります　5"),
        ("en", "Returning to the exhibition in 5"),
        ("en-GB", "Returning to the exhibition in 5"),
        ("fr", "まもなく展示に戻ります　5"),
        (None, "まもなく展示に戻ります　5"),
    ],
)
def test_text_picks_the_language_and_falls_back_to_japanese(
    lang: str | None, expected: str
) -> None:
    assert words.text("browse_countdown", lang, n=5) == expected


def test_template_leaves_the_fields_for_later() -> None:
    assert words.template("browse_count", "ja") == "{n}件"
    with pytest.raises(KeyError):
        words.template("no_such_key", "ja")


def test_a_key_in_two_parts_of_the_table_is_refused() -> None:
    with pytest.raises(ValueError, match="browse_home"):
        words.one_table(
            {"browse_home": {"ja": "a", "en": "a"}}, {"browse_home": {"ja": "b", "en": "b"}}
        )
