"""Plain words for content errors: a pydantic error, a value as staff wrote it, a misspelt key.

:func:`describe_error` turns a pydantic error (its ``type``, ``loc``, ``input``, ``ctx``)
into words from :data:`~renkei_kiosk.core.words.WORDS` that name the key and say what
to write instead; :func:`got` and :func:`shown` quote what was written; :func:`suggest`
finds the key a misspelling meant.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, time
from typing import Any

from renkei_kiosk.core.words import WORDS, normalize_lang, text

#: how each key is named in Japanese messages (the YAML key stays visible)
KEY_LABELS_JA: dict[str, str] = {
    "name": "name（名前）",
    "default_duration": "default_duration（標準の表示秒数）",
    "duration": "duration（表示秒数）",
    "transition": "transition（切り替え効果）",
    "transition_duration": "transition_duration（切り替え秒数）",
    "shuffle": "shuffle（順番をばらばらにする）",
    "priority": "priority（優先度）",
    "schedule": "schedule（表示する日時）",
    "dates": "dates（日付）",
    "hours": "hours（時間帯）",
    "weekdays": "weekdays（曜日）",
    "items": "items（表示するもの）",
    "background": "background（背景色）",
    "image": "image（画像）",
    "video": "video（動画）",
    "folder": "folder（フォルダ）",
    "comments": "comments（コメント）",
    "text": "text（文章）",
    "qr": "qr（QRコード）",
    "title": "title（見出し）",
    "caption": "caption（説明）",
    "volume": "volume（音量）",
    "recursive": "recursive（下のフォルダも含める）",
    "display": "display（画面）",
    "fullscreen": "fullscreen（全画面）",
    "orientation": "orientation（画面の向き）",
    "screen": "screen（表示するモニターの番号）",
    "language": "language（言語）",
    "idle_timeout": "idle_timeout（操作がないとき戻るまでの秒数）",
    "touch": "touch（タッチ操作）",
    "staff_pin": "staff_pin（スタッフ用暗証番号）",
    "closed": "closed（休止中の表示）",
    "mode": "mode（方式）",
    "message": "message（表示する文）",
    "sync": "sync（画面の同期）",
    "epoch": "epoch（基準の日時）",
    "watch": "watch（ファイルの監視）",
    "polling": "polling（定期確認方式）",
    "stable_seconds": "stable_seconds（書き込み完了を待つ秒数）",
    "rescan_seconds": "rescan_seconds（全体を確かめ直す間隔）",
}

#: pydantic error type -> our message id
_PYDANTIC_TYPES: dict[str, str] = {
    "missing": "missing",
    "extra_forbidden": "extra_forbidden",
    "literal_error": "one_of",
    "enum": "one_of",
    "bool_type": "bool",
    "bool_parsing": "bool",
    "int_type": "int",
    "int_parsing": "int",
    "int_from_float": "int",
    "float_type": "number",
    "float_parsing": "number",
    "finite_number": "number",
    "greater_than": "greater_than",
    "greater_than_equal": "greater_than_equal",
    "less_than": "less_than",
    "less_than_equal": "less_than_equal",
    "string_type": "string",
    "dict_type": "mapping",
    "model_type": "mapping",
    "model_attributes_type": "mapping",
    "list_type": "list",
    "tuple_type": "list",
    "too_short": "too_short",
    "datetime_type": "datetime",
    "datetime_parsing": "datetime",
    "datetime_from_date_parsing": "datetime",
    "datetime_object_invalid": "datetime",
}


def key_label(key: str, lang: str | None) -> str:
    """How a key is named in a message: ``duration`` or ``duration（表示秒数）``."""
    if normalize_lang(lang) == "ja":
        return KEY_LABELS_JA.get(key, key)
    return key


def shown(value: object) -> str:
    """A value as staff wrote it, shortened: ``-3``, ``true``, ``2024-07-09``."""
    if isinstance(value, bool):
        result = "true" if value else "false"
    elif isinstance(value, float) and value.is_integer():
        result = str(int(value))
    elif isinstance(value, datetime | date | time):
        result = value.isoformat()
    else:
        result = str(value)
    result = " ".join(result.split())
    return result if len(result) <= 40 else result[:39] + "…"


def got(value: object, lang: str | None) -> str:
    """The "..., got X" fragment for ``value`` (empty, list and mapping named in words)."""
    if value is None or value == "":
        return text("got_nothing", lang)
    if isinstance(value, list | tuple):
        return text("got_list", lang)
    if isinstance(value, Mapping):
        return text("got_mapping", lang)
    return text("got", lang, value=shown(value))


def suggest(name: object, options: Iterable[str]) -> str | None:
    """The option closest to a misspelt ``name`` (``imag`` -> ``image``), if any is close."""
    candidates = list(options)
    word = str(name)
    lowered = {option.lower(): option for option in candidates}
    if word.lower() in lowered:
        return lowered[word.lower()]
    found = difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=0.6)
    return lowered[found[0]] if found else None


def error_key(loc: Sequence[int | str]) -> str | None:
    """The key an error is about: the last name in ``loc`` that is not pydantic's own tag."""
    for part in reversed(loc):
        if isinstance(part, str) and "[" not in part and not part.startswith("function-"):
            return part
    return None


def describe_error(
    error: Mapping[str, Any], lang: str | None, known_keys: Iterable[str] = (),
) -> str:
    """Plain words for one pydantic error, naming the key and what to write.

    ``known_keys`` are the keys valid where the error is, for "did you mean" hints.
    Errors raised as ``PydanticCustomError`` by our validators carry a message id from
    :data:`~renkei_kiosk.core.words.WORDS` as their type and the fields it needs in ``ctx``.
    """
    err_type = str(error.get("type", ""))
    loc: Sequence[int | str] = tuple(error.get("loc", ()))
    ctx: Mapping[str, Any] = error.get("ctx") or {}
    value = error.get("input")
    key = str(ctx.get("key") or error_key(loc) or "")
    label = key_label(key, lang)
    if err_type == "extra_forbidden":
        return text("extra_forbidden", lang, key=key, hint=_hint(key, known_keys, lang))
    if err_type in WORDS and err_type not in _PYDANTIC_TYPES:
        fields = {"label": label, "key": key, "got": got(value, lang), "value": shown(value)}
        fields.update({k: v for k, v in ctx.items() if k not in ("label", "got")})
        return text(err_type, lang, **fields)
    msg_id = _PYDANTIC_TYPES.get(err_type, "generic")
    if msg_id in ("mapping", "list") and not key:
        msg_id = "file_mapping"
    limit = shown(next((ctx[k] for k in ("gt", "ge", "lt", "le") if k in ctx), ""))
    expected = ", ".join(re.findall(r"'([^']*)'", str(ctx.get("expected", ""))))
    return text(
        msg_id, lang, label=label or "?", key=key, got=got(value, lang), limit=limit,
        expected=expected, detail=str(error.get("msg", "")),
    )


def _hint(key: str, known_keys: Iterable[str], lang: str | None) -> str:
    options = sorted(known_keys)
    if not options:
        return ""
    suggestion = suggest(key, options)
    if suggestion is not None:
        return text("hint_did_you_mean", lang, suggestion=suggestion)
    return text("hint_allowed_keys", lang, allowed=", ".join(options))
