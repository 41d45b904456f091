"""The browse catalogue for touch mode: items by kind, comment cards by region and prefecture.

Pure values. Owns the 47 prefectures (JIS X 0401 codes 01 北海道 ... 47 沖縄県, with
their usual region and an English name), the usual order of regions (北海道, 東北, 関東,
中部, 近畿, 中国, 四国, 九州・沖縄), the normalisation of prefecture and region names
as staff type them (``東京`` -> ``東京都``, ``Osaka`` -> ``大阪府``, ``九州`` ->
``九州・沖縄``), and the neighbours of an item in a list for swiping.

A comment card's category is the file's `category` column as written (spaces trimmed,
full-width letters made plain); categories keep the order they first appear in, and a
card without one is in no category.

A comment card's region is the one its file gives (the partner region); when it gives
none, it is derived from the prefecture. Unknown prefectures and regions are kept as
written and sorted after the known ones, so no card is ever lost from browsing.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from renkei_kiosk.core.model import Item, Kind

__all__ = [
    "OTHER_REGION",
    "PREFECTURES",
    "REGIONS",
    "Catalogue",
    "CategoryGroup",
    "Prefecture",
    "PrefectureGroup",
    "RegionGroup",
    "build_catalogue",
    "card_category",
    "card_prefecture",
    "card_region",
    "index_of",
    "neighbours",
    "normalize_prefecture",
    "normalize_region",
    "prefecture",
    "prefecture_by_code",
    "region_en",
]


@dataclass(frozen=True)
class Prefecture:
    """One of the 47 prefectures."""

    #: JIS X 0401 code, 1 (北海道) ... 47 (沖縄県)
    code: int
    #: the full name, e.g. 東京都
    name: str
    name_en: str
    #: the usual region, e.g. 関東
    region: str

    @property
    def short(self) -> str:
        """The name without 都/道/府/県 (北海道 stays 北海道)."""
        if self.name == "北海道":
            return self.name
        return self.name[:-1]


#: the usual regions in their usual order, with English names
REGIONS: tuple[tuple[str, str], ...] = (
    ("北海道", "Hokkaido"),
    ("東北", "Tohoku"),
    ("関東", "Kanto"),
    ("中部", "Chubu"),
    ("近畿", "Kinki"),
    ("中国", "Chugoku"),
    ("四国", "Shikoku"),
    ("九州・沖縄", "Kyushu & Okinawa"),
)

_PREF_TABLE = (
    ("北海道", "Hokkaido", "北海道"),
    ("青森県", "Aomori", "東北"),
    ("岩手県", "Iwate", "東北"),
    ("宮城県", "Miyagi", "東北"),
    ("秋田県", "Akita", "東北"),
    ("山形県", "Yamagata", "東北"),
    ("福島県", "Fukushima", "東北"),
    ("茨城県", "Ibaraki", "関東"),
    ("栃木県", "Tochigi", "関東"),
    ("群馬県", "Gunma", "関東"),
    ("埼玉県", "Saitama", "関東"),
    ("千葉県", "Chiba", "関東"),
    ("東京都", "Tokyo", "関東"),
    ("神奈川県", "Kanagawa", "関東"),
    ("新潟県", "Niigata", "中部"),
    ("富山県", "Toyama", "中部"),
    ("石川県", "Ishikawa", "中部"),
    ("福井県", "Fukui", "中部"),
    ("山梨県", "Yamanashi", "中部"),
    ("長野県", "Nagano", "中部"),
    ("岐阜県", "Gifu", "中部"),
    ("静岡県", "Shizuoka", "中部"),
    ("愛知県", "Aichi", "中部"),
    ("三重県", "Mie", "近畿"),
    ("滋賀県", "Shiga", "近畿"),
    ("京都府", "Kyoto", "近畿"),
    ("大阪府", "Osaka", "近畿"),
    ("兵庫県", "Hyogo", "近畿"),
    ("奈良県", "Nara", "近畿"),
    ("和歌山県", "Wakayama", "近畿"),
    ("鳥取県", "Tottori", "中国"),
    ("島根県", "Shimane", "中国"),
    ("岡山県", "Okayama", "中国"),
    ("広島県", "Hiroshima", "中国"),
    ("山口県", "Yamaguchi", "中国"),
    ("徳島県", "Tokushima", "四国"),
    ("香川県", "Kagawa", "四国"),
    ("愛媛県", "Ehime", "四国"),
    ("高知県", "Kochi", "四国"),
    ("福岡県", "Fukuoka", "九州・沖縄"),
    ("佐賀県", "Saga", "九州・沖縄"),
    ("長崎県", "Nagasaki", "九州・沖縄"),
    ("熊本県", "Kumamoto", "九州・沖縄"),
    ("大分県", "Oita", "九州・沖縄"),
    ("宮崎県", "Miyazaki", "九州・沖縄"),
    ("鹿児島県", "Kagoshima", "九州・沖縄"),
    ("沖縄県", "Okinawa", "九州・沖縄"),
)

#: the 47 prefectures in JIS order
PREFECTURES: tuple[Prefecture, ...] = tuple(
    Prefecture(code, name, en, region)
    for code, (name, en, region) in enumerate(_PREF_TABLE, start=1)
)

#: the group of cards whose region cannot be told (no region, unknown prefecture)
OTHER_REGION = "その他"

_REGION_ORDER = {name: i for i, (name, _en) in enumerate(REGIONS)}
_REGION_EN = {**dict(REGIONS), OTHER_REGION: "Other"}

_REGION_ALIASES = {
    "九州": "九州・沖縄",
    "沖縄": "九州・沖縄",
    "九州沖縄": "九州・沖縄",
    "九州･沖縄": "九州・沖縄",
    "九州/沖縄": "九州・沖縄",
    "九州、沖縄": "九州・沖縄",
    "関西": "近畿",
    "中国地方": "中国",
    "hokkaido": "北海道",
    "tohoku": "東北",
    "kanto": "関東",
    "chubu": "中部",
    "kinki": "近畿",
    "kansai": "近畿",
    "chugoku": "中国",
    "shikoku": "四国",
    "kyushu": "九州・沖縄",
    "kyushu & okinawa": "九州・沖縄",
    "kyushu-okinawa": "九州・沖縄",
    "kyushu and okinawa": "九州・沖縄",
    "okinawa": "九州・沖縄",
}


def _build_lookup() -> dict[str, Prefecture]:
    lookup: dict[str, Prefecture] = {}
    for pref in PREFECTURES:
        lookup[pref.name] = pref
        lookup[pref.short] = pref
        lookup[pref.name_en.lower()] = pref
        suffix = {"都": "-to", "道": "", "府": "-fu", "県": "-ken"}[pref.name[-1]]
        if suffix:
            lookup[pref.name_en.lower() + suffix] = pref
        lookup[f"{pref.code:02d}"] = pref
        lookup[str(pref.code)] = pref
    return lookup


_LOOKUP = _build_lookup()


def _clean(text: str) -> str:
    """NFKC (full-width letters and digits to plain ones), spaces trimmed."""
    return unicodedata.normalize("NFKC", text).strip()


def prefecture(name: str | int) -> Prefecture | None:
    """The prefecture a name (東京, 東京都, Tokyo, "13", 13) stands for, or None."""
    if isinstance(name, int):
        return prefecture_by_code(name)
    key = _clean(name)
    return _LOOKUP.get(key) or _LOOKUP.get(key.lower())


def prefecture_by_code(code: int) -> Prefecture | None:
    """The prefecture with JIS code `code` (1..47), or None."""
    if 1 <= code <= len(PREFECTURES):
        return PREFECTURES[code - 1]
    return None


def normalize_prefecture(name: str) -> str:
    """The full name of a prefecture as staff may type it: 東京 -> 東京都, 長野 -> 長野県.

    北海道 stays 北海道; 京都 and 大阪 get 府; any other known bare name gets 県. A name
    that is not one of the 47 is returned trimmed but otherwise as written.
    """
    found = prefecture(name)
    return found.name if found is not None else _clean(name)


def normalize_region(name: str) -> str:
    """The usual name of a region: 九州 -> 九州・沖縄, 東北地方 -> 東北; unknown kept."""
    text = _clean(name)
    if text in _REGION_ORDER:
        return text
    alias = _REGION_ALIASES.get(text) or _REGION_ALIASES.get(text.lower())
    if alias is not None:
        return alias
    if text.endswith("地方"):
        return normalize_region(text[: -len("地方")])
    return text


def region_en(name: str) -> str | None:
    """The English name of one of the usual regions (or その他), else None."""
    return _REGION_EN.get(name)


@dataclass(frozen=True)
class PrefectureGroup:
    """The comment cards of one prefecture (within one region, or across all of them)."""

    #: the full name (normalised), or the name as written when it is not a prefecture
    name: str
    #: None when `name` is not one of the 47
    prefecture: Prefecture | None
    items: tuple[Item, ...]

    @property
    def code(self) -> int | None:
        """The JIS code, for the map; None for an unknown prefecture."""
        return None if self.prefecture is None else self.prefecture.code

    @property
    def name_en(self) -> str:
        return self.name if self.prefecture is None else self.prefecture.name_en


@dataclass(frozen=True)
class RegionGroup:
    """The comment cards of one region, by prefecture in JIS order."""

    name: str
    #: None for a region that is not one of the usual eight
    name_en: str | None
    prefectures: tuple[PrefectureGroup, ...]

    @property
    def items(self) -> tuple[Item, ...]:
        """Every card of the region, prefecture by prefecture."""
        return tuple(item for group in self.prefectures for item in group.items)


@dataclass(frozen=True)
class CategoryGroup:
    """The comment cards of one category (賛同自治体, 広域連携協定, ...), by prefecture."""

    name: str
    #: the cards by prefecture, in JIS order
    prefectures: tuple[PrefectureGroup, ...]

    @property
    def items(self) -> tuple[Item, ...]:
        """Every card of the category, prefecture by prefecture."""
        return tuple(item for group in self.prefectures for item in group.items)


@dataclass(frozen=True)
class Catalogue:
    """What a visitor can browse, built once per playlist by `build_catalogue`."""

    #: panel images, in playlist order
    panels: tuple[Item, ...] = ()
    videos: tuple[Item, ...] = ()
    #: every comment card, ordered by region, then prefecture (JIS), then file order
    comments: tuple[Item, ...] = ()
    #: text and QR slides
    slides: tuple[Item, ...] = ()
    regions: tuple[RegionGroup, ...] = ()
    #: prefectures with comment cards, in JIS order (unknown names last)
    prefectures: tuple[PrefectureGroup, ...] = ()
    #: the categories of the cards, in the order they first appear
    categories: tuple[CategoryGroup, ...] = ()

    def category(self, name: str) -> CategoryGroup | None:
        """The category called `name` (as `card_category` writes it), or None."""
        wanted = _clean(name)
        for group in self.categories:
            if group.name == wanted:
                return group
        return None

    def by_code(self, code: int) -> PrefectureGroup | None:
        """The cards of the prefecture with JIS code `code` (a tap on the map), or None."""
        for group in self.prefectures:
            if group.code == code:
                return group
        return None

    def by_prefecture(self, name: str) -> PrefectureGroup | None:
        """The cards of the prefecture `name` (any spelling `prefecture` understands)."""
        wanted = normalize_prefecture(name)
        for group in self.prefectures:
            if group.name == wanted:
                return group
        return None

    def region(self, name: str) -> RegionGroup | None:
        """The region group called `name` (normalised), or None."""
        wanted = normalize_region(name)
        for group in self.regions:
            if group.name == wanted:
                return group
        return None

    @property
    def codes(self) -> frozenset[int]:
        """JIS codes of the prefectures that have cards: the ones to highlight on the map."""
        return frozenset(g.code for g in self.prefectures if g.code is not None)

    def find(self, key: str) -> Item | None:
        """The item with `key`, in any section."""
        for section in (self.panels, self.videos, self.comments, self.slides):
            for item in section:
                if item.key == key:
                    return item
        return None

    @property
    def empty(self) -> bool:
        return not (self.panels or self.videos or self.comments or self.slides)


def card_prefecture(item: Item) -> str:
    """The normalised prefecture of a comment card item ('' when it has none)."""
    if item.comment is None:
        return ""
    return normalize_prefecture(item.comment.prefecture)


def card_category(item: Item) -> str:
    """The category of a comment card as written, trimmed ('' when it has none)."""
    card = item.comment
    if card is None or not card.category:
        return ""
    return _clean(card.category)


def card_region(item: Item) -> str:
    """The region of a comment card: as given, else derived from its prefecture.

    `OTHER_REGION` when neither tells.
    """
    card = item.comment
    if card is None:
        return OTHER_REGION
    if card.region and _clean(card.region):
        return normalize_region(card.region)
    found = prefecture(card.prefecture)
    return found.region if found is not None else OTHER_REGION


def _pref_sort_key(name: str) -> tuple[int, str]:
    found = prefecture(name)
    return (found.code if found is not None else 99, name)


def _region_sort_key(name: str) -> tuple[int, str]:
    """The usual eight in order, then other regions by name, then その他."""
    if name == OTHER_REGION:
        return (len(_REGION_ORDER) + 1, name)
    return (_REGION_ORDER.get(name, len(_REGION_ORDER)), name)


def _group(items: Sequence[Item]) -> tuple[PrefectureGroup, ...]:
    """Cards grouped by prefecture, in JIS order; the file order kept inside a group."""
    by_name: dict[str, list[Item]] = {}
    for item in items:
        by_name.setdefault(card_prefecture(item), []).append(item)
    return tuple(
        PrefectureGroup(name, prefecture(name) if name else None, tuple(cards))
        for name, cards in sorted(by_name.items(), key=lambda kv: _pref_sort_key(kv[0]))
    )


def build_catalogue(items: Iterable[Item]) -> Catalogue:
    """Sort items into panels, videos, comment cards and slides; group the cards.

    An item that appears twice (same key, e.g. in a folder and listed on its own) is
    kept once, where it first appears. A comment item without a card is left out.
    """
    seen: set[str] = set()
    panels: list[Item] = []
    videos: list[Item] = []
    cards: list[Item] = []
    slides: list[Item] = []
    for item in items:
        if item.key in seen:
            continue
        seen.add(item.key)
        if item.kind is Kind.IMAGE:
            panels.append(item)
        elif item.kind is Kind.VIDEO:
            videos.append(item)
        elif item.kind is Kind.COMMENT:
            if item.comment is not None:
                cards.append(item)
        else:
            slides.append(item)

    by_region: dict[str, list[Item]] = {}
    for item in cards:
        by_region.setdefault(card_region(item), []).append(item)
    regions = tuple(
        RegionGroup(name, region_en(name), _group(members))
        for name, members in sorted(by_region.items(), key=lambda kv: _region_sort_key(kv[0]))
    )
    comments = tuple(item for region in regions for item in region.items)
    by_category: dict[str, list[Item]] = {}
    for item in cards:
        name = card_category(item)
        if name:
            by_category.setdefault(name, []).append(item)
    categories = tuple(CategoryGroup(name, _group(members))
                       for name, members in by_category.items())
    return Catalogue(
        panels=tuple(panels),
        videos=tuple(videos),
        comments=comments,
        slides=tuple(slides),
        regions=regions,
        prefectures=_group(cards),
        categories=categories,
    )


def index_of(items: Sequence[Item], key: str) -> int | None:
    """The index of the item with `key` in `items`, or None."""
    for i, item in enumerate(items):
        if item.key == key:
            return i
    return None


def neighbours(
    items: Sequence[Item], index: int, *, wrap: bool = False
) -> tuple[int | None, int | None]:
    """(previous, next) indices around `index` for swiping; None at an end unless `wrap`.

    A one-item list has no neighbours, even with `wrap`.
    """
    n = len(items)
    if not 0 <= index < n:
        raise IndexError(f"index {index} is outside a list of {n} items")
    if n == 1:
        return (None, None)
    if wrap:
        return ((index - 1) % n, (index + 1) % n)
    return (index - 1 if index > 0 else None, index + 1 if index < n - 1 else None)
