"""Japanese line breaking (pure): kinsoku, Latin words, phrases, variation selectors, pages."""

from __future__ import annotations

import itertools
import re

import pytest

from renkei_kiosk.core.linebreak import (
    ELLIPSIS,
    NO_END,
    NO_START,
    break_lines,
    drop_variation_selectors,
    fit_lines,
    fit_text,
    paginate_lines,
    units,
    wrap,
    wrap_phrases,
)


def measure(text: str) -> float:
    """A monospaced stand-in for a font: full-width 1.0, ASCII and half-width 0.5."""
    return sum(0.5 if ord(c) < 0x2000 or 0xFF61 <= ord(c) <= 0xFF9F else 1.0 for c in text)


#: tricky strings: (text, line width in full-width characters)
TRICKY = [
    ("あいうえお、かきくけこ。さしすせそ。", 5),
    ("「こんにちは」と言った。「ようこそ」。", 6),
    ("ウォーターサーバーとチョコレートケーキ", 4),
    ("ちょっと待ってっ！そうなんですか？", 3),
    ("（株）白糠町観光協会（仮称）のお知らせ", 5),
    ("PRとURLのテスト、Wi-Fiもあります。", 4),
    ("ｶﾀｶﾅｰｯﾃｽﾄ｡ﾃｽﾄ､", 3),
    ("葛\U000e0100飾区の辻\ufe00と神\ufe0f社。", 4),
    ("詳しくは https://example.jp/sample/very/long/path/index.html をご覧ください", 8),
    ("。。。。。。。。", 2),
    ("「「「「「「", 2),
    ("あ\nい\n\nう", 5),
    ("", 5),
    ("サンプル：これは見本のコメントです。" * 10, 12),
]


@pytest.mark.parametrize(("text", "width"), TRICKY)
def test_wrap_keeps_every_character_within_the_width(text: str, width: float) -> None:
    lines = wrap(text, width, measure)
    assert lines
    clean = drop_variation_selectors(text)
    assert "".join(lines).replace(" ", "") == clean.replace("\n", "").replace(" ", "")
    for line in lines:
        assert measure(line) <= width, line


@pytest.mark.parametrize(("text", "width"), TRICKY)
def test_wrap_follows_kinsoku(text: str, width: float) -> None:
    paragraphs = drop_variation_selectors(text).split("\n")
    lines = wrap(text, width, measure)
    starts = {p[:1] for p in paragraphs}
    for line, nxt in itertools.pairwise(lines):
        # a forbidden start is allowed only where the text itself gives no other choice:
        # a paragraph's first character, or a line of nothing but forbidden characters
        if nxt[:1] in NO_START and nxt[:1] not in starts:
            assert set(line) <= NO_START, (line, nxt)
        if line[-1:] in NO_END:
            assert set(line) <= NO_END, (line, nxt)


@pytest.mark.parametrize(
    ("text", "width", "expected"),
    [
        ("あいうえお、かきくけこ。", 5, ["あいうえ", "お、かきく", "けこ。"]),
        ("あいうえ「おか」", 5, ["あいうえ", "「おか」"]),
        ("あいうウォー", 4, ["あいう", "ウォー"]),
        ("PRとURLの", 2.5, ["PRと", "URLの"]),
        ("Touch to explore", 4, ["Touch to", "explore"]),
        ("葛\U000e0100飾区", 5, ["葛飾区"]),
        ("あ\n\nい", 5, ["あ", "", "い"]),
    ],
)
def test_wrap_exact_lines(text: str, width: float, expected: list[str]) -> None:
    assert wrap(text, width, measure) == expected


def test_latin_words_stay_whole() -> None:
    text = "このPRはURLとQRcodeでMunicipalityの紹介をします"
    lines = wrap(text, 6, measure)
    for word in re.findall(r"[A-Za-z]+", text):
        assert any(word in line for line in lines), (word, lines)


def test_a_word_wider_than_a_line_is_cut() -> None:
    lines = wrap("x" * 30, 5, measure)
    assert lines == ["x" * 10, "x" * 10, "x" * 10]


def test_units_group_latin_words_and_spaces() -> None:
    assert units("PRの a  b") == ["PR", "の", " ", "a", "  ", "b"]


def test_headings_break_between_phrases() -> None:
    phrases = ["特別区", "全国連携", "プロジェクトの", "展示"]
    assert wrap_phrases(phrases, 9, measure) == ["特別区全国連携", "プロジェクトの展示"]
    # a phrase wider than the line breaks like body text
    assert wrap_phrases(["あいうえおかきくけこ"], 4, measure) == ["あいうえ", "おかきく", "けこ"]


def test_variation_selectors_are_dropped() -> None:
    assert drop_variation_selectors("葛\U000e0100\ufe0e飾") == "葛飾"


def test_paginate_lines_prefers_sentence_ends() -> None:
    lines = ["あいう", "えお。", "かきく", "けこ", "さし"]
    assert paginate_lines(lines, 4) == [["あいう", "えお。"], ["かきく", "けこ", "さし"]]
    assert paginate_lines(["a", "b", "c"], 2) == [["a", "b"], ["c"]]
    assert paginate_lines([], 3) == [[]]
    with pytest.raises(ValueError):
        paginate_lines(["a"], 0)


def test_fit_text_prefers_the_largest_size_then_pages_at_the_smallest() -> None:
    def measure_at(size: float):  # type: ignore[no-untyped-def]
        return lambda t: measure(t) * size

    short = fit_text("あ" * 10, 1000, 400, [40, 60, 100], measure_at)
    assert short.size == 100
    assert len(short.pages) == 1
    long = fit_text("あ" * 600, 1000, 400, [40, 60, 100], measure_at)
    assert long.size == 40
    assert len(long.pages) > 1
    assert all(len(p) <= long.lines_per_page for p in long.pages)
    assert "".join("".join(p) for p in long.pages) == "あ" * 600
    with pytest.raises(ValueError):
        fit_text("x", 10, 10, [], measure_at)


def every_n(n: int):  # type: ignore[no-untyped-def]
    """A stand-in for BudouX: phrases of `n` characters (a short last one)."""
    return lambda text: [text[i:i + n] for i in range(0, len(text), n)]


def budoux_like(text: str) -> list[str]:
    """Phrases as BudouX cuts the strings below (the closing bracket kept with its
    phrase, a Latin run as one phrase with its leading space)."""
    table = {
        "本日の展示は終了しました（サンプル）":
            ["本日の", "展示は", "終了しました", "（サンプル）"],
        "画面にタッチしてください / Touch to explore":
            ["画面に", "タッチしてください", " / Touch to explore"],
    }
    return table.get(text, list(text))


#: widths from a line of one character to one wider than the text
WIDTHS = [1, 2, 3, 4, 5, 6, 7, 9, 12, 40]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("n", [1, 2, 3])
@pytest.mark.parametrize(("text", "_w"), TRICKY)
def test_break_lines_follows_kinsoku_at_every_width(text: str, _w: float, n: int,
                                                    width: float) -> None:
    paragraphs = drop_variation_selectors(text).split("\n")
    lines = break_lines(text, width, measure, every_n(n))
    assert "".join(lines).replace(" ", "") == "".join(paragraphs).replace(" ", "")
    starts = {p[:1] for p in paragraphs}
    for line, nxt in itertools.pairwise(lines):
        # the rule gives only where it cannot be kept: a line two characters wide
        # cannot hold ウォー or （株） in any way
        single = width <= 2
        if nxt[:1] in NO_START and nxt[:1] not in starts and not single:
            assert set(line) <= NO_START, (line, nxt)
        if line[-1:] in NO_END and not single:
            assert set(line) <= NO_END, (line, nxt)
    for line in lines:
        assert measure(line) <= width or len(line) == 1, (line, width)
        assert line == line.strip(" "), line


@pytest.mark.parametrize("width", WIDTHS)
def test_break_lines_breaks_only_between_phrases(width: float) -> None:
    text = "とくべつくの|ぜんこく|れんけい|てんじを|みにいく|。"
    parts = [p for p in text.split("|") if p]
    plain = "".join(parts)
    lines = break_lines(plain, width, measure, lambda _t: parts)
    ends = {sum(len(p) for p in parts[: i + 1]) for i in range(len(parts))}
    pos = 0
    for line in lines[:-1]:
        pos += len(line)
        # inside a phrase only when that phrase is wider than the line
        if pos not in ends:
            assert any(measure(p) > width for p in parts), (lines, width)
    assert "".join(lines) == plain


@pytest.mark.parametrize(
    ("text", "width", "expected"),
    [
        # the portrait closed slide's line once began with "）": now the bracket's phrase
        # moves as a whole
        ("本日の展示は終了しました（サンプル）", 13, ["本日の展示は終了しました", "（サンプル）"]),
        ("本日の展示は終了しました（サンプル）", 17, ["本日の展示は終了しました", "（サンプル）"]),
        ("本日の展示は終了しました（サンプル）", 6,
         ["本日の展示は", "終了しました", "（サンプル）"]),
        # a phrase's leading space never starts a line
        ("画面にタッチしてください / Touch to explore", 13,
         ["画面にタッチしてください", "/ Touch to explore"]),
        ("本日の展示は終了しました（サンプル）\n\nまた明日", 40,
         ["本日の展示は終了しました（サンプル）", "", "また明日"]),
    ],
)
def test_break_lines_exact(text: str, width: float, expected: list[str]) -> None:
    assert break_lines(text, width, measure, budoux_like) == expected


def test_break_lines_refuses_a_line_of_no_width() -> None:
    with pytest.raises(ValueError):
        break_lines("あ", 0, measure, list)


def measure_at(size: float):  # type: ignore[no-untyped-def]
    return lambda t: measure(t) * size


def test_fit_lines_shrinks_until_the_text_fits_its_lines() -> None:
    parts = every_n(4)
    # "Kyushu & Okinawa Region": 11.5 units wide at size 1
    text = "Kyushu & Okinawa Region"
    one = fit_lines(text, 12, [1.0, 0.5], measure_at, parts, max_lines=1)
    assert (one.size, one.lines, one.shortened) == (1.0, (text,), False)
    two = fit_lines(text, 8, [1.2, 1.0, 0.8], measure_at, lambda t: [t], max_lines=2)
    assert two.size == 1.0 and len(two.lines) == 2 and not two.shortened
    assert all(measure(line) * two.size <= 8 for line in two.lines)


def test_fit_lines_cuts_the_last_line_at_the_floor() -> None:
    fitted = fit_lines("あ" * 30, 5, [2.0, 1.0], measure_at, every_n(3), max_lines=2)
    assert fitted.size == 1.0 and fitted.shortened
    assert len(fitted.lines) == 2
    assert fitted.lines[-1].endswith(ELLIPSIS)
    assert all(measure(line) <= 5 for line in fitted.lines)


def test_fit_lines_without_a_limit_keeps_the_largest_size() -> None:
    fitted = fit_lines("あ" * 30, 5, [2.0, 1.0], measure_at, every_n(3))
    assert fitted.size == 2.0 and len(fitted.lines) == 15 and not fitted.shortened
