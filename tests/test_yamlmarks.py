"""YAML loading with line marks, and mapping error locations back to lines."""

from __future__ import annotations

import pytest

from renkei_kiosk.core.model import ContentError
from renkei_kiosk.schema.yamlmarks import MarkedDict, MarkedList, line_for, parse_yaml

DOC = """\
# a comment
name: test
items:
  - image: a.jpg
    duration: 3

  - text: hello
schedule:
  hours: ["10:00-12:00",
          "13:00-18:00"]
"""


def test_mappings_and_lists_remember_lines() -> None:
    data = parse_yaml(DOC, "p.yaml")
    assert isinstance(data, MarkedDict)
    assert data.line == 2
    assert data.lines == {"name": 2, "items": 3, "schedule": 8}
    items = data["items"]
    assert isinstance(items, MarkedList)
    assert items.lines == [4, 7]
    assert items[0].lines == {"image": 4, "duration": 5}
    assert data["schedule"]["hours"].lines == [9, 10]
    assert data == {
        "name": "test",
        "items": [{"image": "a.jpg", "duration": 3}, {"text": "hello"}],
        "schedule": {"hours": ["10:00-12:00", "13:00-18:00"]},
    }


@pytest.mark.parametrize(
    ("loc", "line"),
    [
        ((), 2),
        (("name",), 2),
        (("items",), 3),
        (("items", 1), 7),
        (("items", 0, "duration"), 5),
        (("items", 0, "missing_key"), 4),  # a missing key points at its mapping
        (("items", 5), 3),  # out of range: the list's key
        (("items", 0, "function-after[_duration(), any]", "duration"), 5),
        (("schedule", "hours", 1), 10),
    ],
)
def test_line_for_walks_as_far_as_the_data_goes(loc: tuple[int | str, ...], line: int) -> None:
    assert line_for(parse_yaml(DOC, "p.yaml"), loc) == line


def test_plain_values_have_no_line() -> None:
    assert line_for("text", ("a",)) is None
    assert parse_yaml("", "p.yaml") is None


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("a: 1\nb: [1, 2\nc: 3\n", 3, "YAMLの書き方に誤り"),
        ("a: 1\n  b: 2\n", 2, "YAMLの書き方に誤り"),
        ("items:\n  - text: 'open\n", 3, "YAMLの書き方に誤り"),
        ("a: 1\nb: 2\na: 3\n", 3, "`a` が2回書かれています"),
    ],
)
def test_syntax_errors_and_duplicate_keys_name_the_line(text: str, line: int, words: str) -> None:
    with pytest.raises(ContentError) as caught:
        parse_yaml(text, "playlists/x.yaml")
    (problem,) = caught.value.problems
    assert problem.file == "playlists/x.yaml"
    assert problem.line == line
    assert words in problem.message


def test_syntax_error_in_english_and_cause_is_chained() -> None:
    with pytest.raises(ContentError) as caught:
        parse_yaml("a: [\n", "k.yaml", "en")
    assert "not valid YAML" in caught.value.problems[0].message
    assert caught.value.__cause__ is not None


def test_unsafe_tags_are_refused() -> None:
    with pytest.raises(ContentError):
        parse_yaml("a: !!python/object/apply:os.system ['echo hi']\n", "k.yaml")
