"""Font-fallback runs and comment paging (pure)."""

from __future__ import annotations

import pytest

from renkei_kiosk.core.textruns import REPLACEMENT, Run, paginate, split_runs, to_markup

MAIN = frozenset(map(ord, "白糠町のコメント。ABC "))
EMOJI = frozenset({ord("🌸")})


@pytest.mark.parametrize(
    ("text", "runs", "missing"),
    [
        ("白糠町", [Run("main", "白糠町")], []),
        ("町🌸町", [Run("main", "町"), Run("emoji", "🌸"), Run("main", "町")], []),
        ("町𠮷町", [Run("main", f"町{REPLACEMENT}町")], ["𠮷"]),
        ("A\nB", [Run("main", "A\nB")], []),
        ("", [], []),
    ],
)
def test_split_runs(text: str, runs: list[Run], missing: list[str]) -> None:
    got_runs, got_missing = split_runs(text, [("main", MAIN), ("emoji", EMOJI)])
    assert got_runs == runs
    assert got_missing == missing


def test_markup_wraps_fallback_runs_and_escapes() -> None:
    runs = [Run("main", "[町]"), Run("emoji", "🌸")]
    assert to_markup(runs, "main") == "&bl;町&br;[font=emoji]🌸[/font]"


def test_paginate_keeps_every_character_and_prefers_sentence_ends() -> None:
    text = "あ" * 50 + "。" + "い" * 30 + "。" + "う" * 70
    pages = paginate(text, 60)
    assert "".join(pages) == text
    assert pages[0].endswith("。")
    assert all(len(p) <= 60 for p in pages)


def test_paginate_short_text_is_one_page() -> None:
    assert paginate("短い", 10) == ["短い"]
    with pytest.raises(ValueError):
        paginate("x", 0)


def test_fit_font_size_prefers_large_type_for_short_comments() -> None:
    from renkei_kiosk.core.textruns import fit_font_size

    big, _ = fit_font_size(20, 1600, 600, [40, 60, 80])
    assert big == 80
    small, cap = fit_font_size(5000, 1600, 600, [40, 60, 80])
    assert small == 40
    assert 0 < cap < 5000
    # capacity grows as the type shrinks
    assert fit_font_size(1, 1600, 600, [40])[1] > fit_font_size(1, 1600, 600, [80])[1]
