"""Browse navigation as values: screens, the back stack, list pages, touches, the countdown."""

from __future__ import annotations

import pytest

from renkei_kiosk.core.browse_nav import (
    CategoryList,
    CommentList,
    Detail,
    Grid,
    HeadingRow,
    Home,
    Idle,
    IdlePhase,
    ItemRow,
    PlaceRow,
    PrefectureList,
    RegionList,
    Screen,
    Section,
    Stack,
    detail_of,
    idle_state,
    item_subtitle,
    item_title,
    item_touch,
    page,
    swiped,
    thumb_source,
    touch_for,
)
from renkei_kiosk.core.catalogue import build_catalogue
from renkei_kiosk.core.model import CommentCard, Item, Kind
from renkei_kiosk.core.touches import Touch, TouchAction


def card(row: int, town: str, pref: str, region: str | None = None,
         category: str | None = None, photo: str | None = None) -> Item:
    return Item(kind=Kind.COMMENT, key=f"media/comments/c.csv#{row}", duration=10,
                comment=CommentCard(town, pref, "コメントです。", region=region,
                                    category=category, photo=photo))


PANEL_A = Item(kind=Kind.IMAGE, key="media/panels/あ.jpg", duration=20,
               path="media/panels/あ.jpg", title="パネルあ")
PANEL_B = Item(kind=Kind.IMAGE, key="media/panels/い.jpg", duration=20,
               path="media/panels/い.jpg")
VIDEO = Item(kind=Kind.VIDEO, key="media/videos/う.mp4", duration=None,
             path="media/videos/う.mp4", caption="動画の説明")
TEXT = Item(kind=Kind.TEXT, key="playlists/main.yaml#4", duration=8, text="ようこそ")
SHIRANUKA = card(1, "白糠町", "北海道", "北海道", "賛同自治体", "media/photos/白糠.jpg")
MURA = card(2, "サンプル村", "北海道")
OSAKA = card(3, "サンプル市", "大阪", "近畿", "賛同自治体")
# a card whose partner region differs from its prefecture's usual one
NAHA = card(4, "サンプル町", "沖縄県", "九州")
KANTO_OKINAWA = card(5, "別の町", "沖縄", "関東")

CAT = build_catalogue([PANEL_A, PANEL_B, VIDEO, TEXT, SHIRANUKA, MURA, OSAKA, NAHA,
                       KANTO_OKINAWA])


def keys(rows: tuple[object, ...]) -> list[str]:
    out = []
    for row in rows:
        if isinstance(row, ItemRow):
            out.append(row.item.key)
        elif isinstance(row, HeadingRow):
            out.append(f"# {row.group.name}")
        elif isinstance(row, PlaceRow):
            out.append(f"> {row.group.name}")
    return out


@pytest.mark.parametrize(
    ("screen", "lang", "section", "place", "count", "rows", "tiles"),
    [
        (Grid(Section.PANELS), "ja", Section.PANELS, "", None,
         [PANEL_A.key, PANEL_B.key], True),
        (Grid(Section.VIDEOS), "en", Section.VIDEOS, "", None, [VIDEO.key], True),
        (CommentList(), "ja", Section.COMMENTS, "", None,
         ["# 北海道", SHIRANUKA.key, MURA.key, "# 大阪府", OSAKA.key,
          "# 沖縄県", NAHA.key, KANTO_OKINAWA.key], False),  # (file order)
        (RegionList("九州・沖縄"), "ja", None, "九州・沖縄", None, ["> 沖縄県"], False),
        (RegionList("九州"), "en", None, "Kyushu & Okinawa", None, ["> 沖縄県"], False),
        (RegionList("関東"), "ja", None, "関東", None, ["> 沖縄県"], False),
        # from the map: every card of the prefecture, with the count in the title
        (PrefectureList("沖縄県"), "ja", None, "沖縄県", 2,
         [NAHA.key, KANTO_OKINAWA.key], False),
        (PrefectureList("北海道"), "en", None, "Hokkaido", 2,
         [SHIRANUKA.key, MURA.key], False),
        # from a region's list: the cards of the prefecture within the region
        (PrefectureList("沖縄県", "九州・沖縄"), "ja", None, "沖縄県", None, [NAHA.key], False),
        (PrefectureList("沖縄県", "関東"), "ja", None, "沖縄県", None,
         [KANTO_OKINAWA.key], False),
        # a category: its cards under a heading per prefecture, its count in the title
        (CategoryList("賛同自治体"), "ja", None, "賛同自治体", 2,
         ["# 北海道", SHIRANUKA.key, "# 大阪府", OSAKA.key], False),
        # gone from the catalogue: an empty page named as asked
        (CategoryList("包括連携協定企業"), "ja", None, "包括連携協定企業", None, [], False),
        (RegionList("四国"), "ja", None, "四国", None, [], False),
        (PrefectureList("高知県"), "ja", None, "高知県", None, [], False),
        (PrefectureList("高知県", "四国"), "ja", None, "高知県", None, [], False),
    ],
)
def test_page_of_each_list_screen(
    screen: Screen, lang: str, section: Section | None, place: str, count: int | None,
    rows: list[str], tiles: bool,
) -> None:
    shown = page(CAT, screen, lang)
    assert (shown.section, shown.place, shown.count, shown.tiles) == (
        section, place, count, tiles)
    assert keys(shown.rows) == rows


def test_a_card_of_a_category_list_swipes_through_the_whole_category() -> None:
    rows = page(CAT, CategoryList("賛同自治体"), "ja").rows
    osaka = rows[3]
    assert isinstance(osaka, ItemRow) and osaka.item == OSAKA
    detail = detail_of(osaka.items, osaka.index)
    assert [i.key for i in detail.items] == [SHIRANUKA.key, OSAKA.key]
    assert swiped(detail, +1) == Detail(SHIRANUKA)


def test_a_place_row_opens_its_prefecture_within_the_region() -> None:
    (row,) = page(CAT, RegionList("九州・沖縄"), "ja").rows
    assert isinstance(row, PlaceRow)
    assert row.opens == PrefectureList("沖縄県", "九州・沖縄")
    assert len(row.group.items) == 1


def test_an_item_row_opens_its_detail_swiping_within_its_list() -> None:
    rows = page(CAT, PrefectureList("北海道"), "ja").rows
    row = rows[1]
    assert isinstance(row, ItemRow)
    detail = detail_of(row.items, row.index)
    assert detail == Detail(MURA)
    assert [i.key for i in detail.items] == [SHIRANUKA.key, MURA.key]


@pytest.mark.parametrize("screen", [Home(), Detail(PANEL_A)])
def test_page_refuses_screens_that_are_not_lists(screen: Screen) -> None:
    with pytest.raises(ValueError, match="not a list screen"):
        page(CAT, screen, "ja")


@pytest.mark.parametrize(
    ("start", "screens"),
    [
        (None, [Home()]),
        ("media/gone.jpg", [Home()]),
        (PANEL_B.key, [Home(), Detail(PANEL_B)]),
        (VIDEO.key, [Home(), Detail(VIDEO)]),
        (NAHA.key, [Home(), Detail(NAHA)]),
        (TEXT.key, [Home(), Detail(TEXT)]),
    ],
)
def test_stack_opened_on_the_item_on_screen(start: str | None, screens: list[Screen]) -> None:
    assert list(Stack.opened(CAT, start).screens) == screens


def test_opened_detail_swipes_within_its_section() -> None:
    top = Stack.opened(CAT, PANEL_B.key).top
    assert isinstance(top, Detail)
    assert [i.key for i in top.items] == [PANEL_A.key, PANEL_B.key] and top.index == 1


@pytest.mark.parametrize(
    ("steps", "top", "depth"),
    [
        ([], Home(), 1),
        ([("push", RegionList("近畿"))], RegionList("近畿"), 2),
        ([("push", RegionList("近畿")), ("back", None)], Home(), 1),
        ([("push", CommentList()), ("push", Detail(OSAKA)), ("home", None)], Home(), 1),
        ([("push", CommentList()), ("push", Detail(OSAKA)), ("replace", Detail(NAHA))],
         Detail(NAHA), 3),
        ([("push", Grid(Section.PANELS)), ("push", Detail(PANEL_A)), ("back", None),
          ("back", None)], Home(), 1),
    ],
)
def test_back_stack(steps: list[tuple[str, Screen | None]], top: Screen, depth: int) -> None:
    stack = Stack()
    for op, screen in steps:
        if op == "push":
            assert screen is not None
            stack = stack.push(screen)
        elif op == "replace":
            assert screen is not None
            stack = stack.replace(screen)
        elif op == "home":
            stack = stack.home()
        else:
            after = stack.back()
            assert after is not None
            stack = after
    assert stack.top == top and len(stack) == depth


def test_back_from_the_home_leaves_browse_mode() -> None:
    assert Stack().back() is None


@pytest.mark.parametrize(
    ("items", "index", "step", "expected"),
    [
        ((PANEL_A, PANEL_B), 0, +1, PANEL_B),
        ((PANEL_A, PANEL_B), 1, +1, PANEL_A),  # wraps round
        ((PANEL_A, PANEL_B), 0, -1, PANEL_B),
        ((SHIRANUKA, MURA, OSAKA), 1, -1, SHIRANUKA),
        ((VIDEO,), 0, +1, None),  # alone: nowhere to swipe
    ],
)
def test_swiped(items: tuple[Item, ...], index: int, step: int, expected: Item | None) -> None:
    new = swiped(detail_of(items, index), step)
    assert (None if new is None else new.item) == expected
    if new is not None:
        assert new.items == items and new.items[new.index] == expected


def test_a_detail_without_its_list_swipes_nowhere() -> None:
    assert swiped(Detail(PANEL_A), +1) is None


def test_detail_of_outside_the_list_names_the_index() -> None:
    with pytest.raises(IndexError, match="index 2 is outside a list of 2 items"):
        detail_of((PANEL_A, PANEL_B), 2)


@pytest.mark.parametrize(
    ("screen", "touch"),
    [
        (Home(), None),
        (Grid(Section.PANELS), Touch(TouchAction.LIST, target="panels")),
        (Grid(Section.VIDEOS), Touch(TouchAction.LIST, target="videos")),
        (CommentList(), Touch(TouchAction.LIST, target="comments")),
        (RegionList("近畿"), Touch(TouchAction.REGION, region="近畿")),
        (CategoryList("賛同自治体"), Touch(TouchAction.CATEGORY, category="賛同自治体")),
        (PrefectureList("沖縄県"), Touch(TouchAction.MAP, prefecture="沖縄県",
                                         region="九州・沖縄")),
        (PrefectureList("ムー大陸"), Touch(TouchAction.MAP, prefecture="ムー大陸")),
        (PrefectureList("沖縄県", "関東"), Touch(TouchAction.LIST, target="prefecture",
                                                 prefecture="沖縄県", region="関東")),
        (Detail(PANEL_A), Touch(TouchAction.ITEM, item=PANEL_A.key)),
        (Detail(SHIRANUKA), Touch(TouchAction.ITEM, item=SHIRANUKA.key, prefecture="北海道",
                                  region="北海道", category="賛同自治体")),
        (Detail(NAHA), Touch(TouchAction.ITEM, item=NAHA.key, prefecture="沖縄県",
                             region="九州・沖縄")),
    ],
)
def test_what_opening_a_screen_records(screen: Screen, touch: Touch | None) -> None:
    assert touch_for(screen, CAT) == touch


@pytest.mark.parametrize(
    ("action", "item", "touch"),
    [
        (TouchAction.SWIPE, OSAKA, Touch(TouchAction.SWIPE, item=OSAKA.key,
                                         prefecture="大阪府", region="近畿",
                                         category="賛同自治体")),
        (TouchAction.ZOOM, PANEL_B, Touch(TouchAction.ZOOM, item=PANEL_B.key)),
        (TouchAction.TIMEOUT, None, Touch(TouchAction.TIMEOUT)),
    ],
)
def test_item_touch(action: TouchAction, item: Item | None, touch: Touch) -> None:
    assert item_touch(action, item) == touch


@pytest.mark.parametrize(
    ("idle_for", "timeout", "expected"),
    [
        (0.0, 60.0, Idle(IdlePhase.BROWSING)),
        (49.9, 60.0, Idle(IdlePhase.BROWSING)),
        (50.0, 60.0, Idle(IdlePhase.COUNTDOWN, 10)),
        (55.5, 60.0, Idle(IdlePhase.COUNTDOWN, 5)),
        (59.99, 60.0, Idle(IdlePhase.COUNTDOWN, 1)),
        (60.0, 60.0, Idle(IdlePhase.TIMEOUT)),
        (75.0, 60.0, Idle(IdlePhase.TIMEOUT)),
        # a short timeout: the countdown takes at most its second half
        (4.0, 10.0, Idle(IdlePhase.BROWSING)),
        (6.0, 10.0, Idle(IdlePhase.COUNTDOWN, 4)),
    ],
)
def test_idle_countdown(idle_for: float, timeout: float, expected: Idle) -> None:
    assert idle_state(idle_for, timeout) == expected


@pytest.mark.parametrize(
    ("item", "lang", "title", "subtitle", "thumb"),
    [
        (PANEL_A, "ja", "パネルあ", "", ("media/panels/あ.jpg", False)),
        (PANEL_B, "en", "い", "", ("media/panels/い.jpg", False)),  # the file's name
        (VIDEO, "ja", "動画の説明", "", ("media/videos/う.mp4", True)),
        (SHIRANUKA, "ja", "白糠町", "北海道　賛同自治体", ("media/photos/白糠.jpg", False)),
        (SHIRANUKA, "en", "白糠町", "Hokkaido　賛同自治体", ("media/photos/白糠.jpg", False)),
        (OSAKA, "ja", "サンプル市", "大阪　賛同自治体", (None, False)),  # (as written)
        (TEXT, "ja", "main", "", (None, False)),
    ],
)
def test_labels(item: Item, lang: str, title: str, subtitle: str,
                thumb: tuple[str | None, bool]) -> None:
    assert item_title(item) == title
    assert item_subtitle(item, lang) == subtitle
    assert thumb_source(item) == thumb


@pytest.mark.parametrize(
    ("page", "pages", "step", "expected"),
    [
        (0, 3, +1, 1), (1, 3, +1, 2), (2, 3, +1, None),  # past the last: the next item
        (2, 3, -1, 1), (0, 3, -1, None),  # before the first: the previous item
        (0, 1, +1, None), (0, 1, -1, None),  # a card of one page: always the item
    ],
)
def test_a_swipe_on_a_paged_card_turns_its_page_until_its_ends(
    page: int, pages: int, step: int, expected: int | None,
) -> None:
    from renkei_kiosk.core.browse_nav import page_swiped

    assert page_swiped(page, pages, step) == expected
