"""Every multi-line text the kiosk shows breaks like the comment cards: at BudouX phrase
boundaries, with kinsoku (no line starts with a closing bracket, punctuation, ー or small
kana; none ends with an opening bracket). Checked on the standby, closed, QR and text
slides and a browse detail's message, drawn at 1920x1080 and 1080x1920: the lines each
label shows (WrappedLabel.lines), and the drawn pixels (as many lines of ink as lines)."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

import pytest

from cardshots import ink_bands
from renkei_kiosk.core.linebreak import NO_END, NO_START, drop_variation_selectors
from renkei_kiosk.media.fontfiles import main_font_path
from renkei_kiosk.media.typesetting import measurer, phrases

pytestmark = pytest.mark.app

SIZES = [pytest.param((1920, 1080), id="landscape"), pytest.param((1080, 1920), id="portrait")]

#: Japanese with no spaces, brackets and small kana where a break may fall, Latin inside
TRICKY = [
    pytest.param("本日の展示は終了しました（サンプル）", id="closed-sample"),
    pytest.param("本日の展示は終了しました。明日は午前十時（祝日は九時）から開館します。"
                 "「またのお越しをお待ちしています」とスタッフ一同より。", id="brackets"),
    pytest.param("ウォーターサーバーとチョコレートケーキのコーナーは入口（東側）の"
                 "エレベーターホールにあります。ちょっと待ってっ！", id="long-vowels"),
    pytest.param("無料Wi-Fiはご利用いただけません。QRコードのURLからホームページをご覧"
                 "ください（Wi-Fi is not available）。", id="mixed-latin"),
    pytest.param("葛\U000e0100飾区と辻\ufe00堂の展示は、ただいま準備中です。"
                 "しばらくお待ちください。", id="variation-selectors"),
]


def _slides() -> dict[str, Callable[[str], tuple[Any, list[str]]]]:
    """Each kind of slide with `text` in its multi-line label(s); the labels' ids."""
    from renkei_kiosk.ui.slides import ClosedSlide, QRSlide, StandbySlide, TextSlide

    return {
        "closed": lambda t: (ClosedSlide(message=t), ["message"]),
        "standby": lambda t: (StandbySlide(title="まもなく表示します", message=t),
                              ["title", "message"]),
        "qr": lambda t: (QRSlide(caption=t, url="https://example.jp/"), ["caption"]),
        "text": lambda t: (TextSlide(title=t[:24], body=t), ["title", "body"]),
    }


def _check_lines(label: Any) -> None:
    """The label's lines keep the text, fit its width, and break only where kinsoku and
    BudouX allow."""
    lines: list[str] = list(label.lines)
    source = drop_variation_selectors(label.source)
    assert lines, label.source
    assert "".join(lines).replace(" ", "") == source.replace(" ", "")
    measure = measurer(main_font_path())(label.font_size)
    width = label.line_width()
    for line in lines:
        assert measure(line) <= width, (line, width)
    for line, nxt in itertools.pairwise(lines):
        assert nxt[:1] not in NO_START, (line, nxt)
        assert line[-1:] not in NO_END, (line, nxt)
    # every break falls between two of BudouX's phrases (or inside one wider than a line)
    parts = phrases(source)
    ends = {sum(len(p) for p in parts[: i + 1]) for i in range(len(parts))}
    pos = 0
    for line in lines[:-1]:
        pos = source.index(line, pos) + len(line)
        if pos not in ends:
            holder = next(p for i, p in enumerate(parts)
                          if sum(len(q) for q in parts[: i + 1]) > pos)
            assert measure(holder) > width, (line, holder)


def _ink_lines(img: Any, label: Any, size: tuple[int, int]) -> int:
    """How many lines of ink the label's texture drew (bands of rows holding ink)."""
    tw, th = label.texture_size
    x0, y0 = label.center_x - tw / 2, label.center_y - th / 2
    h = size[1]
    box = (max(0, round(x0)), max(0, round(h - y0 - th)), min(size[0], round(x0 + tw)),
           min(h, round(h - y0)))
    return len(ink_bands(img.crop(box), threshold=40))


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("text", TRICKY)
@pytest.mark.parametrize("kind", ["closed", "standby", "qr", "text"])
def test_slide_texts_break_at_phrases_with_kinsoku(kind: str, text: str,
                                                   size: tuple[int, int]) -> None:
    from kivy.base import EventLoop

    from renkei_kiosk.ui.snapshot import snapshot

    EventLoop.ensure_window()
    slide, ids = _slides()[kind](text)
    img = snapshot(slide, size, frames=4)
    for name in ids:
        label = slide.ids[name]
        _check_lines(label)
        assert _ink_lines(img, label, size) == len(label.lines), (name, label.lines)
    if len(text) > 40:  # (the test breaks lines indeed)
        assert len(slide.ids[ids[-1]].lines) >= 2


def test_the_portrait_closed_slide_keeps_its_bracket_together() -> None:
    """What the lead saw: a portrait line starting with "）"."""
    from kivy.base import EventLoop

    from renkei_kiosk.ui.slides import ClosedSlide
    from renkei_kiosk.ui.snapshot import snapshot

    EventLoop.ensure_window()
    slide = ClosedSlide(message="本日の展示は終了しました（サンプル）")
    snapshot(slide, (1080, 1920), frames=4)
    assert list(slide.ids.message.lines) == ["本日の展示は終了しました", "（サンプル）"]


@pytest.mark.parametrize("size", SIZES)
def test_a_browse_detail_message_breaks_the_same_way(size: tuple[int, int]) -> None:
    from kivy.base import EventLoop

    from renkei_kiosk.ui.browse.detail import BrowseDetail
    from renkei_kiosk.ui.snapshot import snapshot

    EventLoop.ensure_window()
    detail = BrowseDetail()
    detail.message = ("この項目は表示できません（ファイルが見つかりません）。"
                      "スタッフにお知らせください。ウォーターサーバーの横です。")
    img = snapshot(detail, size, frames=4)
    label = detail.ids.message
    _check_lines(label)
    assert len(label.lines) >= 2
    assert _ink_lines(img, label, size) == len(label.lines)


@pytest.mark.parametrize("size", [(640, 360), (1080, 1920)])
def test_the_staff_panels_long_problems_break_the_same_way(size: tuple[int, int]) -> None:
    from kivy.base import EventLoop

    from renkei_kiosk.ui.fonts import fontset
    from renkei_kiosk.ui.snapshot import snapshot
    from renkei_kiosk.ui.staff.panel import INDENT, StaffPanel

    EventLoop.ensure_window()
    fontset()  # (the kiosk's fonts registered, as the app does at its start)
    problem = ("playlists/古い.yaml:7: 画像「media/panels/見本（夏）.jpg」が見つかりません。"
               "ファイル名を確かめて、もう一度コピーしてください（ウォーターサーバーの横の"
               "パソコンから）。")
    panel = StaffPanel(on_key=lambda _k: None)
    panel.show_rows([("コンテンツ", "/srv/展示"), ("問題 1 件", ""), ("", problem)])
    snapshot(panel, size, frames=4)
    lines = list(panel.lines)
    entry = [line for line in lines if line.startswith(INDENT)]
    assert len(entry) >= 2, lines  # (the problem takes several lines)
    assert "".join(line[len(INDENT):] for line in entry) == problem
    label = panel.ids.body_label
    measure = measurer(main_font_path())(label.font_size)
    for line, nxt in itertools.pairwise(entry):
        assert measure(line) <= label.width, line
        assert nxt[len(INDENT):][:1] not in NO_START, (line, nxt)
        assert line[-1:] not in NO_END, (line, nxt)
    # what the panel says, whole, for anyone reading it (and the e2e tests)
    assert problem in panel.body


@pytest.mark.parametrize("size", SIZES)
def test_a_long_address_under_a_qr_code_breaks_after_a_slash(size: tuple[int, int]) -> None:
    from kivy.base import EventLoop

    from renkei_kiosk.ui.slides import QRSlide
    from renkei_kiosk.ui.snapshot import snapshot

    EventLoop.ensure_window()
    url = ("https://collabo.tokyo-23city.or.jp/exhibition/2025/municipalities/"
           "sample-municipality-with-a-long-name/comments/index.html")
    slide = QRSlide(caption="特別区全国連携プロジェクト", url=url)
    snapshot(slide, size, frames=4)
    label = slide.ids.url
    lines = list(label.lines)
    assert len(lines) >= 2 and "".join(lines) == url
    measure = measurer(main_font_path())(label.font_size)
    for line in lines:
        assert measure(line) <= label.line_width(), line
    for line in lines[:-1]:
        assert line[-1] in "/.-_", lines
