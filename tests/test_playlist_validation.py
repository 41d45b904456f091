"""Every playlist validation rule: the line it points at and its message in ja and en."""

from __future__ import annotations

from datetime import date, time

import pytest

from renkei_kiosk.core.durations import DurationError, parse_duration
from renkei_kiosk.core.model import ContentError, DateRange, Playlist, TimeRange, Transition
from renkei_kiosk.schema.playlist import playlist_from_text

FILE = "playlists/main.yaml"


def load(text: str, lang: str | None = "en") -> Playlist:
    return playlist_from_text(text, stem="main", file=FILE, lang=lang)


def problems(text: str, lang: str) -> list[tuple[int | None, str]]:
    with pytest.raises(ContentError) as caught:
        load(text, lang)
    assert all(p.file == FILE for p in caught.value.problems)
    return [(p.line, p.message) for p in caught.value.problems]


# (id, playlist text, line, English message or part, Japanese message or part)
RULES = [
    ("negative duration",
     "name: x\nitems:\n  - image: a.jpg\n    duration: -3\n", 4,
     'duration must be a positive number of seconds, got "-3"',
     'duration（表示秒数）は正の秒数で書いてください（"-3" と書かれています）'),
    ("zero duration",
     "items:\n  - image: a.jpg\n    duration: 0\n", 3,
     'duration must be a positive number of seconds, got "0"',
     "duration（表示秒数）は正の秒数で書いてください"),
    ("duration words",
     "items:\n  - text: hi\n    duration: long\n", 3,
     'duration must be a number of seconds like 8, "8s" or "1m30s", got "long"',
     '"long" と書かれています'),
    ("full on an image",
     "items:\n  - image: a.jpg\n    duration: full\n", 3,
     "`full` only works for video: items", "`full` は video: の項目だけに使えます"),
    ("video duration words",
     "items:\n  - video: a.mp4\n    duration: soon\n", 3,
     "duration must be full or a number of seconds", "full か"),
    ("default_duration negative",
     "default_duration: -1\nitems:\n  - text: a\n", 1,
     'default_duration must be a positive number of seconds, got "-1"',
     "default_duration（標準の表示秒数）は正の秒数で書いてください"),
    ("unknown item key",
     "name: x\nitems:\n  - text: a\n  - imag: b.jpg\n", 4,
     "unknown key `imag`: did you mean `image`?",
     "`imag` は使えないキーです。`image` の書き間違いではありませんか？"),
    ("unknown playlist key",
     "items:\n  - text: a\ntransiton: fade\n", 3,
     "unknown key `transiton`: did you mean `transition`?", "`transition` の書き間違い"),
    ("unknown key far from every key",
     "items:\n  - text: a\nzzzzzz: 1\n", 3,
     "unknown key `zzzzzz`: remove it or use one of background, default_duration",
     "消すか、次のどれかにしてください"),
    ("unknown schedule key",
     "items:\n  - text: a\nschedule:\n  date: 2024-07-09\n", 4,
     "unknown key `date`: did you mean `dates`?", "`dates` の書き間違い"),
    ("items missing",
     "name: x\n", 1, "items is missing: add it", "items（表示するもの）が書かれていません"),
    ("items empty",
     "name: x\nitems: []\n", 2, "items is empty: list at least one",
     "items（表示するもの）が空です"),
    ("items not a list",
     "items: hello\n", 1, 'items must be a list (lines starting with `- `), got "hello"',
     "items（表示するもの）は「- 」で始まる行のリストで書いてください"),
    ("item not a mapping",
     "items:\n  - text: a\n  - just words\n", 3,
     'must be a group of `key: value` lines, got "just words"', "「キー: 値」"),
    ("item without a source",
     "items:\n  - title: only a title\n", 2,
     "this item needs one of image, video, folder, comments, text, qr",
     "この項目には image, video, folder, comments, text, qr のどれか1つが必要です"),
    ("item with two sources",
     "items:\n  - image: a.jpg\n    video: b.mp4\n", 3,
     "this item has both image and video", "image と video の両方があります"),
    ("option for another kind",
     "items:\n  - image: a.jpg\n    recursive: true\n", 3,
     "`recursive` does not apply to a image: item; remove it",
     "`recursive` は image: の項目には使えません"),
    ("empty path",
     "items:\n  - image: ''\n", 2, "image is empty: write what to show", "image（画像）が空です"),
    ("volume above 1",
     "items:\n  - video: a.mp4\n    volume: 3\n", 3,
     'volume must be 1 or less, got "3"', "volume（音量）は 1 以下にしてください"),
    ("volume not a number",
     "items:\n  - video: a.mp4\n    volume: loud\n", 3,
     'volume must be a number, got "loud"', "volume（音量）は数値で書いてください"),
    ("transition unknown",
     "transition: wipe\nitems:\n  - text: a\n", 1,
     'transition must be one of fade, slide, none, got "wipe"',
     "transition（切り替え効果）は fade, slide, none のどれかにしてください"),
    ("transition_duration negative",
     "transition_duration: -1\nitems:\n  - text: a\n", 1,
     'transition_duration must be 0 or more, got "-1"', "0 以上にしてください"),
    ("shuffle not a bool",
     "shuffle: maybe\nitems:\n  - text: a\n", 1,
     'shuffle must be true or false, got "maybe"', "true か false で書いてください"),
    ("priority not a whole number",
     "priority: 1.5\nitems:\n  - text: a\n", 1,
     'priority must be a whole number, got "1.5"', "priority（優先度）は整数で書いてください"),
    ("name not text",
     "name: [a, b]\nitems:\n  - text: a\n", 1,
     "name must be text, got a list",
     "name（名前）は文字で書いてください（リストが書かれています）"),
    ("background not a colour",
     "background: red\nitems:\n  - text: a\n", 1,
     'background must be a colour like "#000000", got "red"', "のような色で書いてください"),
    ("date not a date",
     "items:\n  - text: a\nschedule:\n  dates: 2024-13-01\n", 4,
     'dates: "2024-13-01" is not a date', '"2024-13-01" は日付として読めません'),
    ("date range reversed",
     "items:\n  - text: a\nschedule:\n  dates: 2024-08-29..2024-07-09\n", 4,
     "dates: the range ends (2024-07-09) before it starts (2024-08-29); swap the two dates",
     "終わり（2024-07-09）が始まり（2024-08-29）より前です"),
    ("date list element",
     "items:\n  - text: a\nschedule:\n  dates:\n    - 2024-07-09\n    - 7月\n", 6,
     'dates: "7月" is not a date', '"7月" は日付として読めません'),
    ("hours unquoted",
     "items:\n  - text: a\nschedule:\n  hours: 10:00\n", 4,
     'hours must be in quotes, like hours: "10:00-18:00"', "引用符で囲んで"),
    ("hours invalid",
     "items:\n  - text: a\nschedule:\n  hours: [\"10:00-18:00\", \"25:00-26:00\"]\n", 4,
     'hours: "25:00-26:00" is not a time range', "時間帯として読めません"),
    ("hours 24:00 as start",
     "items:\n  - text: a\nschedule:\n  hours: \"24:00-02:00\"\n", 4,
     'hours: "24:00-02:00" is not a time range', "時間帯として読めません"),
    ("hours same start and end",
     "items:\n  - text: a\nschedule:\n  hours: \"10:00-10:00\"\n", 4,
     "starts and ends at the same time", "始まりと終わりが同じ時刻です"),
    ("weekday unknown",
     "items:\n  - text: a\nschedule:\n  weekdays:\n    - mon\n    - funday\n", 6,
     'weekdays: "funday" is not a day of the week', '"funday" は曜日として読めません'),
    ("whole file a list",
     "- image: a.jpg\n", 1, "the file must be made of `key: value` lines, got a list",
     "このファイルは「キー: 値」の行で書いてください"),
    ("empty file",
     "", None, "the file must be made of `key: value` lines, but it is empty",
     "（何も書かれていません）"),
    ("yaml syntax",
     "name: x\nitems:\n  - text: 'open\n  - text: b\n", 5, "not valid YAML", "YAMLの書き方に誤り"),
]


@pytest.mark.parametrize(
    ("text", "line", "english", "japanese"),
    [pytest.param(*row[1:], id=row[0]) for row in RULES],
)
def test_rule_reports_line_and_message(
    text: str, line: int | None, english: str, japanese: str,
) -> None:
    found_en = problems(text, "en")
    found_ja = problems(text, "ja")
    assert len(found_en) == len(found_ja) == 1, found_en
    assert found_en[0][0] == line
    assert found_ja[0][0] == line
    assert english in found_en[0][1]
    assert japanese in found_ja[0][1]


def test_the_issue_example_is_word_for_word() -> None:
    text = "name: x\n" + "\n" * 8 + "items:\n  - image: a.jpg\n    duration: -3\n"
    with pytest.raises(ContentError) as caught:
        load(text, "en")
    assert str(caught.value) == (
        'playlists/main.yaml:12: duration must be a positive number of seconds, got "-3"'
    )
    with pytest.raises(ContentError) as caught:
        load(text, "ja")
    assert str(caught.value) == (
        "playlists/main.yaml:12: duration（表示秒数）は正の秒数で書いてください"
        "（\"-3\" と書かれています）"
    )


def test_every_problem_in_a_file_is_reported() -> None:
    text = "shuffle: maybe\nitems:\n  - imag: a.jpg\n  - video: b.mp4\n    duration: -1\n"
    lines = [line for line, _ in problems(text, "en")]
    assert sorted(lines) == [1, 3, 5]


def test_default_language_is_japanese() -> None:
    with pytest.raises(ContentError) as caught:
        load("name: x\n", None)
    assert "書かれていません" in caught.value.problems[0].message


FULL = """\
name: 夏の展示
default_duration: 1m30s
transition: Slide
transition_duration: 0
shuffle: true
priority: 3
background: "#336699"
schedule:
  dates: [2024-07-09..2024-08-29, "2024/9/1", 2024-10-01]
  hours: ["10:00-12:00", "22:00-02:00", "18:00-24:00"]
  weekdays: [mon, 金, saturday, 日曜日]
items:
  - image: media\\panels\\a.jpg
    title: 2024
  - video: media/v.mp4
    volume: 0.5
  - video: media/w.mp4
    duration: 20s
  - folder: media/panels/
    recursive: true
    duration: 10
  - comments: media/c.csv
  - text: お知らせ
    caption: 説明
  - qr: https://example.org/
    duration: 5
"""


def test_a_full_playlist_parses_into_values() -> None:
    playlist = load(FULL)
    assert playlist.stem == "main" and playlist.file == FILE
    assert playlist.name == "夏の展示"
    assert playlist.default_duration == 90.0
    assert playlist.transition is Transition.SLIDE
    assert playlist.transition_duration == 0.0
    assert playlist.shuffle is True and playlist.priority == 3
    assert playlist.background == pytest.approx((0x33 / 255, 0x66 / 255, 0x99 / 255))
    assert playlist.schedule.dates == (
        DateRange(date(2024, 7, 9), date(2024, 8, 29)),
        DateRange(date(2024, 9, 1), date(2024, 9, 1)),
        DateRange(date(2024, 10, 1), date(2024, 10, 1)),
    )
    assert playlist.schedule.hours == (
        TimeRange(time(10), time(12)), TimeRange(time(22), time(2)), TimeRange(time(18), None),
    )
    assert playlist.schedule.weekdays == frozenset({0, 4, 5, 6})
    image, video, timed, folder, comments, text, qr = playlist.entries
    assert (image.source, image.value, image.line, image.title) == (
        "image", "media/panels/a.jpg", 13, "2024",
    )
    assert image.duration is None and not image.full  # the default applies at expansion
    assert (video.full, video.duration, video.volume) == (True, None, 0.5)
    assert (timed.full, timed.duration) == (False, 20.0)
    assert (folder.value, folder.recursive, folder.duration) == ("media/panels/", True, 10.0)
    assert (comments.source, comments.line) == ("comments", 22)
    assert (text.value, text.caption) == ("お知らせ", "説明")
    assert (qr.source, qr.value, qr.duration, qr.line) == ("qr", "https://example.org/", 5.0, 25)


def test_defaults_when_keys_are_absent() -> None:
    playlist = load("items:\n  - text: a\n")
    assert playlist.name == "main"  # the file name stands in for a missing name
    assert playlist.default_duration == 8.0
    assert playlist.transition is Transition.FADE
    assert playlist.schedule.dates == () and playlist.schedule.weekdays == frozenset()
    assert playlist.background == (0.0, 0.0, 0.0)


def test_weekdays_as_one_japanese_string() -> None:
    playlist = load("items:\n  - text: a\nschedule:\n  weekdays: 土日\n")
    assert playlist.schedule.weekdays == frozenset({5, 6})


@pytest.mark.parametrize(
    ("value", "full", "seconds"),
    [
        (8, False, 8.0), (8.5, False, 8.5), ("8s", False, 8.0), ("1m30s", False, 90.0),
        ("90", False, 90.0), ("2m", False, 120.0), ("1h", False, 3600.0), ("8秒", False, 8.0),
        ("1分30秒", False, 90.0), (" 12 ", False, 12.0), ("full", True, None),
        ("FULL", True, None),
    ],
)
def test_durations_parse(value: object, full: bool, seconds: float | None) -> None:
    assert parse_duration(value, allow_full=full) == seconds


@pytest.mark.parametrize(
    ("value", "full", "reason"),
    [
        (0, False, "not_positive"), (-3, False, "not_positive"), ("-3", False, "not_positive"),
        ("0s", False, "not_positive"), ("full", False, "full"), ("", False, "format"),
        ("abc", False, "format"), (True, False, "format"), (None, True, "format"),
        ("8 apples", False, "format"), ("nan", False, "format"), ([8], False, "format"),
    ],
)
def test_bad_durations_are_rejected(value: object, full: bool, reason: str) -> None:
    with pytest.raises(DurationError) as caught:
        parse_duration(value, allow_full=full)
    assert caught.value.reason == reason


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # the file entries of an invalid playlist, with their lines
            "shuffle: maybe\nitems:\n  - image: media\\\\写真\\\\a.jpg\n    duraton: 5\n"
            "  - text: お知らせ\n  - folder: media/p\n    recursive: true\n"
            "  - comments: media/c.csv\n  - video: ../外.mp4\n",
            [("image", "media/写真/a.jpg", 3, False), ("folder", "media/p", 6, True),
             ("comments", "media/c.csv", 8, False), ("video", "../外.mp4", 9, False)],
        ),
        # two sources, no source, an empty or non-text value: nothing to look at
        ("items:\n  - image: a.jpg\n    video: b.mp4\n  - title: x\n  - image: ''\n"
         "  - image: [a.jpg]\n  - image: true\n  - 3\n", []),
        ("items: media/a.jpg\n", []),
        ("- image: a.jpg\n", []),
    ],
    ids=["readable", "unreadable_items", "items_not_a_list", "not_a_mapping"],
)
def test_the_readable_entries_of_an_invalid_playlist(
    text: str, expected: list[tuple[str, str, int, bool]]
) -> None:
    from renkei_kiosk.schema.playlist import readable_entries
    from renkei_kiosk.schema.yamlmarks import parse_yaml

    entries = readable_entries(parse_yaml(text, "playlists/p.yaml"))
    assert [(e.source, e.value, e.line, e.recursive) for e in entries] == expected
