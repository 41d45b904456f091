"""Measuring with the bundled font, BudouX phrases, and the bundled font's files."""

from __future__ import annotations

import pytest

from renkei_kiosk.core.linebreak import wrap, wrap_phrases
from renkei_kiosk.media.fontfiles import bold_font_path, main_font_path
from renkei_kiosk.media.typesetting import measurer, phrases


def test_the_universal_design_font_is_bundled_with_its_licence() -> None:
    main, bold = main_font_path(), bold_font_path()
    assert main.name == "BIZUDPGothic-Regular.ttf" and main.is_file()
    assert bold.is_file()
    licence = (main.parent / "OFL.txt").read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence
    assert "BIZ UDGothic Project Authors" in licence
    # a few MB each, not a 20 MB collection
    assert main.stat().st_size < 8_000_000


@pytest.mark.parametrize("size", [36, 60])
def test_widths_scale_with_the_font_size(size: int) -> None:
    measure = measurer(main_font_path())(size)
    assert measure("ああ") == pytest.approx(2 * measure("あ"))
    assert 0.85 * size <= measure("国") <= 1.05 * size
    assert measure("i") < measure("W") < measure("国")


def test_a_long_comment_wraps_into_lines_that_fit() -> None:
    measure = measurer(main_font_path())(48)
    text = "連携自治体の見本コメントです。" * 40  # 600 characters, no spaces
    lines = wrap(text, 1000, measure)
    assert len(lines) > 10
    assert all(measure(line) <= 1000 for line in lines)


def test_heading_phrases_come_from_budoux() -> None:
    text = "特別区全国連携プロジェクトの展示を見に行きました"
    parts = phrases(text)
    assert "".join(parts) == text
    assert len(parts) >= 3
    measure = measurer(main_font_path())(60)
    lines = wrap_phrases(parts, 60 * 15, measure)
    assert len(lines) >= 2
    assert "".join(lines) == text
    # every break falls between two phrases
    ends = {sum(len(p) for p in parts[: i + 1]) for i in range(len(parts))}
    pos = 0
    for line in lines[:-1]:
        pos += len(line)
        assert pos in ends


def test_widths_are_asked_of_freetype_once_per_character_across_cards(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # each card gets new measurers: the widths must outlive them (asking FreeType again
    # for every character of every card was most of a card's layout time)
    from PIL import ImageFont

    asked: list[str] = []
    real = ImageFont.FreeTypeFont.getlength

    def counting(self: ImageFont.FreeTypeFont, text: str, *a: object, **k: object) -> float:
        asked.append(text)
        return real(self, text, *a, **k)  # type: ignore[arg-type]

    monkeypatch.setattr(ImageFont.FreeTypeFont, "getlength", counting)
    text = "特別区と連携自治体の交流を紹介します。"
    first = measurer(main_font_path())(47)(text)  # (a size no other test uses)
    assert asked and len(asked) <= len(set(text))
    asked.clear()
    again = measurer(main_font_path())(47)(text)
    assert asked == []
    assert again == first


def test_the_width_cache_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    from PIL import ImageFont

    from renkei_kiosk.media import typesetting

    monkeypatch.setattr(typesetting, "MAX_CACHED_CHARS", 3)
    asked: list[str] = []
    real = ImageFont.FreeTypeFont.getlength

    def counting(self: ImageFont.FreeTypeFont, text: str, *a: object, **k: object) -> float:
        asked.append(text)
        return real(self, text, *a, **k)  # type: ignore[arg-type]

    monkeypatch.setattr(ImageFont.FreeTypeFont, "getlength", counting)
    measure = measurer(main_font_path())(43)  # (a size no other test uses)
    text = "東西南北中央"
    first = measure(text)
    asked.clear()
    assert measure(text) == first
    assert asked == list("北中央")  # only the first three were kept
