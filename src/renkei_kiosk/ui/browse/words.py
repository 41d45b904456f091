"""Browse mode's labels, from the kiosk's one words table (core.words, keys ``browse_``)."""

from __future__ import annotations

from renkei_kiosk.core.browse_nav import Section
from renkei_kiosk.core.words import text

__all__ = ["bar_words", "count", "section_name"]


def section_name(section: Section, lang: str) -> str:
    """The name of a kind of item (パネル, コメント, 動画) in `lang`."""
    if section is Section.PANELS:
        return text("browse_panels", lang)
    if section is Section.VIDEOS:
        return text("browse_videos", lang)
    return text("browse_comments", lang)


def count(n: int, lang: str) -> str:
    """How many items a button or heading stands for (3件)."""
    return text("browse_count", lang, n=n)


def bar_words(lang: str) -> dict[str, str]:
    """The top bar's labels in `lang` (view.kv reads words["back"] ...)."""
    return {
        "back": text("browse_back", lang),
        "home": text("browse_home", lang),
        "lang": text("browse_lang", lang),
        "close": text("browse_close", lang),
    }
