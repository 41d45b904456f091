"""Browse mode's own words in Japanese and English (until the one words table of the
kiosk replaces this one).
"""

from __future__ import annotations

__all__ = ["WORDS", "word"]

#: the kiosk's own words, (Japanese, English)
WORDS: dict[str, tuple[str, str]] = {
    "back": ("◀ 戻る", "◀ Back"),
    "home": ("ホーム", "Home"),
    "close": ("展示に戻る", "Close"),
    "lang": ("English", "日本語"),
    "browse": ("さがす", "Explore"),
    "panels": ("パネル", "Panels"),
    "comments": ("コメント", "Comments"),
    "videos": ("動画", "Videos"),
    "map": ("地図から探す（赤い所）", "Tap the map (red)"),
    "regions": ("地域から探す", "By region"),
    "kinds": ("展示を見る", "See the exhibits"),
    "count": ("{n}件", "{n}"),
    "countdown": ("まもなく展示に戻ります　{n}", "Returning to the exhibition in {n}"),
    "touch_to_stay": ("画面に触れると続けられます", "Touch the screen to keep browsing"),
    "play": ("▶ 再生", "▶ Play"),
    "pause": ("‖ 一時停止", "‖ Pause"),
    "loading": ("読み込み中…", "Loading…"),
    "cannot_show": ("表示できません", "Cannot be shown"),
    "swipe_hint": ("左右にスワイプで前後へ", "Swipe left or right for more"),
}


def word(key: str, lang: str) -> str:
    """The label `key` in `lang` ("ja" or "en"; anything else is Japanese)."""
    ja, en = WORDS[key]
    return en if lang == "en" else ja
