"""A few C functions of a shared library bound with ctypes, each with its C signature
(`media.xshm`: libxcb; `media.yuvconv`: FFmpeg's swscale). Nothing here touches Kivy."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

__all__ = ["bind"]


def bind(target: object, functions: Iterable[tuple[Any, str, Any, list[Any]]],
         missing: Callable[[str], Exception]) -> None:
    """Set each (library, name, restype, argtypes) of `functions` as `target.name`, with
    that signature; raises `missing(name)` for a function the library lacks."""
    for lib, name, restype, argtypes in functions:
        try:
            fn = getattr(lib, name)
        except AttributeError as e:
            raise missing(name) from e
        fn.restype = restype
        fn.argtypes = argtypes
        setattr(target, name, fn)
