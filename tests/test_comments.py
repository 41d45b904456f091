"""Comment rows from CSV and YAML: aliases, required columns, row numbers and lines."""

from __future__ import annotations

import pytest

from renkei_kiosk.core.model import CommentCard
from renkei_kiosk.schema.comments import (
    COLUMN_ALIASES,
    cards_from_csv,
    cards_from_yaml,
    normalize_column,
)

FILE = "media/comments/c.csv"


def test_english_header_all_columns() -> None:
    text = (
        "municipality,prefecture,region,category,comment,photo,url\n"
        "白糠町,北海道,北海道,賛同自治体,よろしく,media\\p\\a.jpg,https://example.org/\n"
    )
    result = cards_from_csv(text, FILE, "en")
    assert result.problems == ()
    assert result.cards == ((1, 2, CommentCard(
        municipality="白糠町", prefecture="北海道", comment="よろしく", region="北海道",
        category="賛同自治体", photo="media/p/a.jpg", url="https://example.org/",
    )),)


def test_japanese_header_with_bom_crlf_and_a_multiline_comment() -> None:
    text = (
        "\ufeff自治体名,都道府県,地域,区分,コメント,写真,URL\r\n"
        "町A,県A,東北,協定,\"一行目\r\n二行目\",,\r\n"
        ",,,,,,\r\n"
        "町B,県B,,,ひとこと,,\r\n"
    )
    result = cards_from_csv(text, FILE, "ja")
    assert result.problems == ()
    assert [(row, line) for row, line, _ in result.cards] == [(1, 2), (3, 5)]
    first, second = (card for _, _, card in result.cards)
    assert first.comment == "一行目\n二行目"
    assert (first.region, first.category, first.photo, first.url) == ("東北", "協定", None, None)
    assert (second.municipality, second.region) == ("町B", None)


@pytest.mark.parametrize(
    ("written", "key"),
    [("市町村", "municipality"), ("自治体", "municipality"), (" Prefecture ", "prefecture"),
     ("カテゴリ", "category"), ("ＵＲＬ", "url"), ("写真", "photo"), ("地域", "region")],
)
def test_aliases(written: str, key: str) -> None:
    assert COLUMN_ALIASES[normalize_column(written)] == key


def test_unknown_column_is_named_and_the_rest_still_loads() -> None:
    text = "municipality,prefecture,comment,comennt2,memo\nA,B,C,x,y\n"
    for lang, words in (("en", 'unknown column "memo"'), ("ja", '"memo" は使えない列名です')):
        result = cards_from_csv(text, FILE, lang)
        assert len(result.cards) == 1
        assert [p.line for p in result.problems] == [1, 1]
        assert words in result.problems[1].message
    assert "did you mean comment?" in cards_from_csv(text, FILE, "en").problems[0].message


def test_missing_required_column_loads_nothing() -> None:
    result = cards_from_csv("自治体名,コメント\nA,C\n", FILE, "ja")
    assert result.cards == ()
    (problem,) = result.problems
    assert (problem.file, problem.line) == (FILE, 1)
    assert "prefecture の列がありません" in problem.message
    assert "都道府県" in problem.message


def test_row_missing_a_value_is_left_out_with_its_line() -> None:
    text = "municipality,prefecture,comment\nA,B,C\n\nD,,F\nG,H,I\n"
    result = cards_from_csv(text, FILE, "en")
    assert [row for row, _, _ in result.cards] == [1, 4]
    (problem,) = result.problems
    assert problem.line == 4
    assert problem.message == "row 3: prefecture is empty; fill it in or delete the row"


def test_bad_url_is_reported_and_dropped() -> None:
    text = "municipality,prefecture,comment,url\nA,B,C,www.example.org\n"
    result = cards_from_csv(text, FILE, "en")
    assert result.cards[0][2].url is None
    assert 'url must start with http:// or https://, got "www.example.org"' in (
        result.problems[0].message
    )


def test_empty_file_is_a_problem() -> None:
    assert cards_from_csv("", FILE, "en").problems[0].message == "the file has no comments in it"
    only_header = cards_from_csv("municipality,prefecture,comment\n", FILE, "en")
    assert only_header.cards == () and len(only_header.problems) == 1


def test_yaml_rows_with_lines_and_japanese_keys() -> None:
    text = (
        "- 自治体名: 町A\n  都道府県: 県A\n  コメント: |\n    長い\n    コメント\n"
        "- municipality: 町B\n  prefecture: 県B\n  comment: 2024\n  regoin: 東北\n"
        "- {municipality: 町C, comment: x}\n"
    )
    result = cards_from_yaml(text, "media/c.yaml", "en")
    assert [(row, line) for row, line, _ in result.cards] == [(1, 1), (2, 6)]
    assert result.cards[0][2].comment == "長い\nコメント"
    assert result.cards[1][2].comment == "2024"
    unknown, missing = result.problems
    assert unknown.line == 9 and 'unknown column "regoin"' in unknown.message
    assert "did you mean region?" in unknown.message
    assert missing.line == 10 and "row 3: prefecture is empty" in missing.message


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("municipality: a\n", 1, "must be a list of entries"),
        ("- [a, b]\n", 1, "entry 1 must be a group"),
        ("- a: [\n", 2, "not valid YAML"),
    ],
)
def test_yaml_file_shape_errors(text: str, line: int, words: str) -> None:
    result = cards_from_yaml(text, "media/c.yaml", "en")
    assert result.cards == ()
    assert result.problems[0].line == line
    assert words in result.problems[0].message
