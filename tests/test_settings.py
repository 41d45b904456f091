"""kiosk.yaml: defaults, every key, and each mistake's message and line."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from renkei_kiosk.core.model import ContentError, Settings
from renkei_kiosk.schema.settings import settings_from_text

FULL = """\
display: {fullscreen: false, orientation: Portrait}
language: en
idle_timeout: 1m30s
touch: false
staff_pin: "0246"
closed: {mode: text, message: 本日は終了しました}
sync: {epoch: "2024-07-09T10:00:00+09:00"}
watch:
  polling: true
  stable_seconds: 2.5
  rescan_seconds: 30
"""


def test_every_key() -> None:
    settings = settings_from_text(FULL)
    assert settings == Settings(
        fullscreen=False,
        orientation="portrait",
        language="en",
        idle_timeout=90.0,
        touch=False,
        staff_pin="0246",
        closed_mode="text",
        closed_message="本日は終了しました",
        sync_epoch=datetime(2024, 7, 9, 10, tzinfo=timezone(timedelta(hours=9))),
        watch_polling=True,
        watch_stable_seconds=2.5,
        watch_rescan_seconds=30.0,
    )


@pytest.mark.parametrize("text", ["", "# only a comment\n", "display:\nwatch:\n"])
def test_empty_file_and_empty_sections_give_defaults(text: str) -> None:
    assert settings_from_text(text) == Settings()


@pytest.mark.parametrize(("text", "touch"), [
    ("", True),  # today's behaviour when the key is absent
    ("touch: true\n", True),
    ("touch: false\n", False),
    ("touch: no\n", False),  # YAML's own word for false
    ("touch: \"false\"\n", False),
    ("touch: \" Off \"\n", False),
    ("touch: \"yes\"\n", True),
])
def test_touch(text: str, touch: bool) -> None:
    assert settings_from_text(text).touch is touch


def test_unquoted_epoch_is_a_datetime_too() -> None:
    settings = settings_from_text("sync:\n  epoch: 2024-07-09T10:00:00+09:00\n")
    assert settings.sync_epoch is not None and settings.sync_epoch.hour in (1, 10)
    assert settings.sync_epoch.utcoffset() is not None


# (id, text, line, English part, Japanese part)
RULES = [
    ("pin as a number", "staff_pin: 2468\n", 1,
     'staff_pin must be written in quotes, like staff_pin: "2468", got "2468"',
     "staff_pin（スタッフ用暗証番号）は staff_pin: \"2468\" のように引用符で囲んで"),
    ("pin with a leading zero", "language: en\nstaff_pin: 0123\n", 2,
     "must be written in quotes", "引用符で囲んで"),
    ("pin empty", "staff_pin: ''\n", 1, "staff_pin is empty",
     "staff_pin（スタッフ用暗証番号）が空です"),
    ("unknown top key", "idle_timout: 30\n", 1,
     "unknown key `idle_timout`: did you mean `idle_timeout`?", "`idle_timeout` の書き間違い"),
    ("unknown section key", "display:\n  fulscreen: true\n", 2,
     "unknown key `fulscreen`: did you mean `fullscreen`?", "`fullscreen` の書き間違い"),
    ("orientation", "display:\n  orientation: sideways\n", 2,
     'orientation must be one of landscape, portrait, got "sideways"', "のどれかにしてください"),
    ("fullscreen not bool", "display: {fullscreen: sometimes}\n", 1,
     'fullscreen must be true or false, got "sometimes"', "true か false"),
    ("touch not bool", "language: en\ntouch: maybe\n", 2,
     'touch must be true (a touchscreen) or false (a screen nobody can touch: a projector '
     'or a monitor without touch), got "maybe"',
     "touch（タッチ操作）は true（タッチできる画面）か false（プロジェクターや"),
    ("touch as a number", "touch: 0\n", 1, 'touch must be true (a touchscreen) or false',
     "（\"0\" と書かれています）"),
    ("touch empty", "touch:\n", 1, "or a monitor without touch), but it is empty",
     "触れない画面）で書いてください（何も書かれていません）"),
    ("touch under display", "display:\n  fullscreen: false\n  touch: false\n", 3,
     "touch does not go under display: write it at the start of a line of its own, without "
     "indentation, like touch: false", "touch は display: の中には書けません"),
    ("touch misspelt", "tuoch: false\n", 1, "unknown key `tuoch`: did you mean `touch`?",
     "`touch` の書き間違い"),
    ("language", "language: fr\n", 1, "language must be one of ja, en", "language（言語）は"),
    ("idle_timeout negative", "idle_timeout: -5\n", 1,
     'idle_timeout must be a positive number of seconds, got "-5"', "正の秒数"),
    ("closed text without message", "closed:\n  mode: text\n", 2,
     "closed: mode text needs a message: line", "message: に書いてください"),
    ("closed mode", "closed: {mode: dark}\n", 1, "mode must be one of blank, text", "mode（方式）"),
    ("epoch", "sync:\n  epoch: tomorrow\n", 2,
     'epoch must be a date and time like "2024-07-09T10:00:00+09:00", got "tomorrow"', "日時で"),
    ("rescan zero", "watch:\n  rescan_seconds: 0\n", 2,
     'rescan_seconds must be more than 0, got "0"', "0 より大きい数"),
    ("stable negative", "watch:\n  stable_seconds: -1\n", 2,
     "stable_seconds must be 0 or more", "0 以上"),
    ("section not a mapping", "display: big\n", 1,
     'display must be a group of `key: value` lines, got "big"', "「キー: 値」"),
    ("file is a list", "- a\n", 1, "the file must be made of `key: value` lines", "このファイル"),
]


@pytest.mark.parametrize(
    ("text", "line", "english", "japanese"), [pytest.param(*r[1:], id=r[0]) for r in RULES],
)
def test_rule(text: str, line: int, english: str, japanese: str) -> None:
    for lang, expected in (("en", english), ("ja", japanese)):
        with pytest.raises(ContentError) as caught:
            settings_from_text(text, lang=lang)
        (problem,) = caught.value.problems
        assert (problem.file, problem.line) == ("kiosk.yaml", line)
        assert expected in problem.message


def test_messages_follow_the_files_own_language_when_none_is_given() -> None:
    with pytest.raises(ContentError) as caught:
        settings_from_text("language: en\nidle_timeout: -1\n")
    assert "positive number" in caught.value.problems[0].message
    with pytest.raises(ContentError) as caught:
        settings_from_text("idle_timeout: -1\n")
    assert "正の秒数" in caught.value.problems[0].message
