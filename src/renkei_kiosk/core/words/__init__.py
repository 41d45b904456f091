"""The kiosk's own words, in Japanese and English: one table for every screen and message.

:data:`WORDS` maps a key to ``{"ja": template, "en": template}``. It holds what staff read
about their content (validation and file problems, `check`'s lines), what visitors read
in browse (keys starting ``browse_``) and the standby slide (``standby_``). Both languages
of a key use the same ``{fields}`` (tests/test_words.py checks it). :func:`text` fills a
template in, :func:`template` gives it unfilled (for a label filled in later). The language
is ``ja`` or ``en``; anything else falls back to ``ja``. Turning a pydantic error into these
words is :mod:`renkei_kiosk.schema.errors`' job.

The entries are kept in three data modules by who reads them (`content`: staff about their
content, `check`, `schedule`; `screens`: visitors and staff on the screen; `stats`:
organisers), joined here into the one table; a key defined twice is an error at import.
"""

from __future__ import annotations

from renkei_kiosk.core.words.content import CONTENT
from renkei_kiosk.core.words.screens import SCREENS
from renkei_kiosk.core.words.stats import STATS

LANGUAGES = ("ja", "en")
DEFAULT_LANGUAGE = "ja"


def one_table(*parts: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
    """The parts joined into one table; a key in two parts is a mistake."""
    table: dict[str, dict[str, str]] = {}
    for part in parts:
        twice = table.keys() & part.keys()
        if twice:
            raise ValueError(f"words: keys defined twice: {sorted(twice)}")
        table.update(part)
    return table


#: key -> {"ja": template, "en": template}; ``{got}`` is a localized "you wrote X"
WORDS: dict[str, dict[str, str]] = one_table(CONTENT, SCREENS, STATS)



def normalize_lang(lang: str | None) -> str:
    """``"en"`` for English, else ``"ja"`` (the default)."""
    if lang and lang.strip().lower().startswith("en"):
        return "en"
    return DEFAULT_LANGUAGE


def template(key: str, lang: str | None) -> str:
    """The words ``key`` in ``lang``, with their ``{fields}`` not yet filled in."""
    return WORDS[key][normalize_lang(lang)]


def text(key: str, lang: str | None, /, **fields: object) -> str:
    """The words ``key`` in ``lang`` with ``fields`` filled in."""
    return template(key, lang).format(**fields)
