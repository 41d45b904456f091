"""Font-fallback runs (pure)."""

from __future__ import annotations

import pytest

from renkei_kiosk.core.textruns import REPLACEMENT, Run, split_runs, to_markup

MAIN = frozenset(map(ord, "白糠町のコメント。ABC "))
EMOJI = frozenset({ord("🌸")})


@pytest.mark.parametrize(
    ("text", "runs", "missing"),
    [
        ("白糠町", [Run("main", "白糠町")], []),
        ("町🌸町", [Run("main", "町"), Run("emoji", "🌸"), Run("main", "町")], []),
        ("町𠮷町", [Run("main", f"町{REPLACEMENT}町")], ["𠮷"]),
        ("A\nB", [Run("main", "A\nB")], []),
        # variation selectors: the base character, never 〓
        ("白\U000e0100糠\ufe00町", [Run("main", "白糠町")], []),
        ("町🌸\ufe0f", [Run("main", "町"), Run("emoji", "🌸")], []),
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
