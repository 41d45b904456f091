"""The browse catalogue: kinds, regions, prefectures, normalisation and swipe neighbours."""

from __future__ import annotations

import pytest

from renkei_kiosk.core.catalogue import (
    PREFECTURES,
    REGIONS,
    build_catalogue,
    index_of,
    neighbours,
    normalize_prefecture,
    normalize_region,
    prefecture,
    prefecture_by_code,
)
from renkei_kiosk.core.model import CommentCard, Item, Kind


def card(row: int, municipality: str, pref: str, region: str | None = None) -> Item:
    return Item(
        kind=Kind.COMMENT,
        key=f"media/comments/c.csv#{row}",
        duration=12,
        comment=CommentCard(municipality, pref, f"{municipality}からのコメント", region=region),
    )


def img(key: str) -> Item:
    return Item(kind=Kind.IMAGE, key=key, duration=None, path=key)


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("北海道", "北海道"),
        ("東京", "東京都"),
        ("東京都", "東京都"),
        ("大阪", "大阪府"),
        ("京都", "京都府"),
        ("京都府", "京都府"),
        ("長野", "長野県"),
        ("長野県", "長野県"),
        ("和歌山", "和歌山県"),
        ("鹿児島", "鹿児島県"),
        ("沖縄", "沖縄県"),
        (" 青森 ", "青森県"),
        ("\u3000岩手県\u3000", "岩手県"),  # full-width spaces
        ("Tokyo", "東京都"),
        ("osaka-fu", "大阪府"),
        ("ＨＯＫＫＡＩＤＯ", "北海道"),  # full-width letters
        ("13", "東京都"),
        ("01", "北海道"),
        ("ムー大陸", "ムー大陸"),  # unknown: kept as written
    ],
)
def test_normalize_prefecture(written: str, expected: str) -> None:
    assert normalize_prefecture(written) == expected


def test_prefectures_are_in_jis_order() -> None:
    assert len(PREFECTURES) == 47
    assert [p.code for p in PREFECTURES] == list(range(1, 48))
    assert (PREFECTURES[0].name, PREFECTURES[12].name, PREFECTURES[46].name) == (
        "北海道", "東京都", "沖縄県",
    )
    assert len({p.name for p in PREFECTURES}) == 47
    regions = [r for r, _en in REGIONS]
    # regions run in order along the JIS codes
    assert [regions.index(p.region) for p in PREFECTURES] == sorted(
        regions.index(p.region) for p in PREFECTURES
    )
    counts = {r: sum(p.region == r for p in PREFECTURES) for r in regions}
    assert counts == {"北海道": 1, "東北": 6, "関東": 7, "中部": 9, "近畿": 7, "中国": 5,
                      "四国": 4, "九州・沖縄": 8}


@pytest.mark.parametrize(
    ("code", "name"), [(1, "北海道"), (26, "京都府"), (27, "大阪府"), (47, "沖縄県"), (0, None),
                       (48, None)],
)
def test_prefecture_by_code(code: int, name: str | None) -> None:
    found = prefecture_by_code(code)
    assert (found and found.name) == name
    assert (prefecture(code) and prefecture(code).name) == name  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("東北", "東北"),
        ("東北地方", "東北"),
        ("九州", "九州・沖縄"),
        ("沖縄", "九州・沖縄"),
        ("九州･沖縄", "九州・沖縄"),
        ("関西", "近畿"),
        ("Kanto", "関東"),
        ("北陸", "北陸"),  # not one of the eight: kept
    ],
)
def test_normalize_region(written: str, expected: str) -> None:
    assert normalize_region(written) == expected


CARDS = [
    card(1, "那覇市", "沖縄"),
    card(2, "白糠町", "北海道"),
    card(3, "遠野市", "岩手県"),
    card(4, "釜石市", "岩手"),
    card(5, "八王子市", "東京"),
    card(6, "小豆島町", "香川県", region="四国"),
    card(7, "気仙沼市", "宮城県", region="東北地方"),
    card(8, "どこか村", "架空県"),
    card(9, "飛騨市", "岐阜県", region="北陸"),  # a partner region outside the usual eight
]


def test_build_catalogue_groups_cards_by_region_and_prefecture() -> None:
    cat = build_catalogue([img("media/panels/a.jpg"), *CARDS, img("media/panels/b.jpg")])
    assert [i.key for i in cat.panels] == ["media/panels/a.jpg", "media/panels/b.jpg"]
    assert [r.name for r in cat.regions] == ["北海道", "東北", "関東", "四国", "九州・沖縄",
                                             "北陸", "その他"]
    other = cat.region("その他")
    assert other is not None and other.name_en == "Other"
    assert [i.key for i in other.items] == ["media/comments/c.csv#8"]
    assert cat.region("北陸") is not None and cat.region("北陸").name_en is None  # type: ignore[union-attr]
    tohoku = cat.region("東北")
    assert tohoku is not None and tohoku.name_en == "Tohoku"
    assert [g.name for g in tohoku.prefectures] == ["岩手県", "宮城県"]  # JIS 03, 04
    assert [i.comment.municipality for i in tohoku.items if i.comment] == [
        "遠野市", "釜石市", "気仙沼市",
    ]
    assert [g.name for g in cat.prefectures] == [
        "北海道", "岩手県", "宮城県", "東京都", "岐阜県", "香川県", "沖縄県", "架空県",
    ]
    assert cat.codes == {1, 3, 4, 13, 21, 37, 47}
    iwate = cat.by_code(3)
    assert iwate is not None and [i.key[-1] for i in iwate.items] == ["3", "4"]
    assert cat.by_code(2) is None
    assert cat.by_prefecture("岩手") == iwate
    unknown = cat.by_prefecture("架空県")
    assert unknown is not None and unknown.code is None and unknown.prefecture is None
    # every card is reachable, exactly once, in region order
    assert sorted(i.key for i in cat.comments) == sorted(c.key for c in CARDS)
    assert cat.comments[0].key.endswith("#2")  # 北海道 first
    assert cat.find("media/comments/c.csv#5") == CARDS[4]


def test_build_catalogue_kinds_and_duplicates() -> None:
    video = Item(kind=Kind.VIDEO, key="media/v.mp4", duration=None, path="media/v.mp4")
    text = Item(kind=Kind.TEXT, key="playlists/main.yaml#30", duration=8, text="お知らせ")
    qr = Item(kind=Kind.QR, key="playlists/main.yaml#33", duration=8, text="https://x")
    bare = Item(kind=Kind.COMMENT, key="c.csv#1", duration=8)  # no card: left out
    cat = build_catalogue([img("a.jpg"), video, text, img("a.jpg"), qr, bare])
    assert cat.panels == (img("a.jpg"),)
    assert cat.videos == (video,)
    assert cat.slides == (text, qr)
    assert cat.comments == () and cat.regions == () and not cat.empty
    assert build_catalogue([]).empty


@pytest.mark.parametrize(
    ("n", "index", "wrap", "expected"),
    [
        (5, 0, False, (None, 1)),
        (5, 2, False, (1, 3)),
        (5, 4, False, (3, None)),
        (5, 0, True, (4, 1)),
        (5, 4, True, (3, 0)),
        (1, 0, True, (None, None)),
        (2, 1, True, (0, 0)),
    ],
)
def test_neighbours(
    n: int, index: int, wrap: bool, expected: tuple[int | None, int | None]
) -> None:
    items = [img(f"{i}.jpg") for i in range(n)]
    assert neighbours(items, index, wrap=wrap) == expected


def test_neighbours_out_of_range_and_index_of() -> None:
    items = [img("a.jpg"), img("b.jpg")]
    with pytest.raises(IndexError):
        neighbours(items, 2)
    assert index_of(items, "b.jpg") == 1
    assert index_of(items, "zzz.jpg") is None


def test_categories_keep_their_first_appearance_order_and_group_by_prefecture() -> None:
    def cat_card(row: int, town: str, pref: str, category: str | None) -> Item:
        return Item(kind=Kind.COMMENT, key=f"media/comments/c.csv#{row}", duration=12,
                    comment=CommentCard(town, pref, "コメントです。", category=category))

    cards = [
        cat_card(1, "模擬町村会", "京都府", "広域連携協定"),
        cat_card(2, "白糠町", "北海道", "賛同自治体"),
        cat_card(3, "見本株式会社", "東京都", "包括連携協定企業"),
        cat_card(4, "遠野市", "岩手県", "\u3000賛同自治体 "),  # spaces as staff type them
        cat_card(5, "釧路市", "北海道", "賛同自治体"),
        cat_card(6, "無分類町", "長野県", None),  # no category: in none
        cat_card(7, "空欄町", "長野県", "　"),
    ]
    cat = build_catalogue(cards)
    assert [g.name for g in cat.categories] == ["広域連携協定", "賛同自治体", "包括連携協定企業"]
    support = cat.category(" 賛同自治体")
    assert support is not None
    assert [g.name for g in support.prefectures] == ["北海道", "岩手県"]  # JIS order
    assert [i.key[-1] for i in support.items] == ["2", "5", "4"]
    assert cat.category("なし") is None
    assert sum(len(g.items) for g in cat.categories) == 5
