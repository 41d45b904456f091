"""Durations as staff write them: ``8``, ``8.5``, ``"8s"``, ``"1m30s"``, ``"90"``, ``"full"``.

Also welcome: ``"8秒"``, ``"1分30秒"``. The result is seconds as a float, or None for ``full``
(play a video to its end). Zero and negative durations are rejected.
"""

from __future__ import annotations

import math
import re

#: ``1h2m3.5s`` in any combination, each part optional but at least one present
_UNITS = re.compile(
    r"""^\s*(?:(?P<h>\d+(?:\.\d+)?)\s*(?:h|時間))?
        \s*(?:(?P<m>\d+(?:\.\d+)?)\s*(?:m|min|分))?
        \s*(?:(?P<s>\d+(?:\.\d+)?)\s*(?:s|sec|秒))?\s*$""",
    re.VERBOSE | re.IGNORECASE,
)

FULL = "full"


class DurationError(ValueError):
    """A duration that can't be used; ``reason`` is ``format``, ``not_positive`` or ``full``."""

    def __init__(self, reason: str, value: object) -> None:
        self.reason = reason
        self.value = value
        super().__init__(f"{reason}: {value!r}")


def parse_duration(value: object, *, allow_full: bool = False) -> float | None:
    """Seconds from ``value``; None means ``full`` (only when ``allow_full``).

    Raises DurationError for text that is not a duration, for ``full`` where it is not
    allowed, and for zero or negative values.
    """
    if isinstance(value, bool):
        raise DurationError("format", value)
    if isinstance(value, int | float):
        seconds = float(value)
    elif isinstance(value, str):
        text = value.strip()
        if text.lower() == FULL:
            if not allow_full:
                raise DurationError("full", value)
            return None
        seconds = _parse_text(text, value)
    else:
        raise DurationError("format", value)
    if math.isnan(seconds) or math.isinf(seconds):
        raise DurationError("format", value)
    if seconds <= 0:
        raise DurationError("not_positive", value)
    return seconds


def _parse_text(text: str, original: object) -> float:
    """Seconds from a non-empty text such as ``"90"``, ``"-3"`` or ``"1m30s"``."""
    try:
        return float(text)
    except ValueError:
        pass
    match = _UNITS.match(text)
    if not text or match is None or not any(match.group(g) for g in "hms"):
        raise DurationError("format", original)
    hours, minutes, seconds = (float(match.group(g) or 0) for g in "hms")
    return hours * 3600 + minutes * 60 + seconds
