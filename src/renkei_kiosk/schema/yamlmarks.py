"""YAML text to Python values that remember where each key and list element was written.

Mappings load as :class:`MarkedDict` and sequences as :class:`MarkedList`; both carry the
1-based line of the node itself (``line``) and of each key / element (``lines``), so a
validation error's location (a pydantic ``loc`` tuple) can be turned back into a line the
staff member can find. A key written twice is an error, not a silent overwrite. Takes text;
never reads files.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from typing import Any

import yaml
from pydantic import ValidationError
from yaml.constructor import ConstructorError
from yaml.nodes import MappingNode, SequenceNode

from renkei_kiosk.core import words
from renkei_kiosk.core.model import ContentError, Problem
from renkei_kiosk.schema.errors import describe_error


class MarkedDict(dict[Any, Any]):
    """A mapping from YAML; ``line`` is where it starts, ``lines[key]`` where each key is."""

    line: int | None = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lines: dict[Any, int] = {}


class MarkedList(list[Any]):
    """A sequence from YAML; ``line`` is where it starts, ``lines[i]`` where element i is."""

    line: int | None = None

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.lines: list[int] = []


class DuplicateKeyError(ConstructorError):
    """A mapping names the same key twice."""

    def __init__(self, key: object, mark: yaml.Mark) -> None:
        self.key = key
        super().__init__(None, None, f"duplicate key {key!r}", mark)


class MarkedLoader(yaml.SafeLoader):
    """SafeLoader whose mappings and sequences remember their lines."""


def _construct_mapping(loader: MarkedLoader, node: MappingNode) -> Any:
    data = MarkedDict()
    data.line = node.start_mark.line + 1
    yield data
    loader.flatten_mapping(node)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, Hashable):
            raise ConstructorError(
                "while constructing a mapping", node.start_mark,
                "found an unhashable key", key_node.start_mark,
            )
        if key in data:
            raise DuplicateKeyError(key, key_node.start_mark)
        data[key] = loader.construct_object(value_node, deep=False)
        data.lines[key] = key_node.start_mark.line + 1


def _construct_sequence(loader: MarkedLoader, node: SequenceNode) -> Any:
    data = MarkedList()
    data.line = node.start_mark.line + 1
    yield data
    for child in node.value:
        data.append(loader.construct_object(child, deep=False))
        data.lines.append(child.start_mark.line + 1)


def _construct_timestamp(loader: MarkedLoader, node: yaml.ScalarNode) -> Any:
    """A date or time; text that only looks like one (``2024-13-01``) stays text."""
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:
        return loader.construct_scalar(node)


MarkedLoader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)
MarkedLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)
MarkedLoader.add_constructor("tag:yaml.org,2002:seq", _construct_sequence)


def parse_yaml(text: str, file: str, lang: str | None = None) -> Any:
    """The value of a YAML document, with marks; raises ContentError naming the line.

    An empty document gives None. ``file`` is only used in the Problem.
    """
    try:
        return yaml.load(text, Loader=MarkedLoader)
    except DuplicateKeyError as e:
        line = e.problem_mark.line + 1 if e.problem_mark else None
        msg = words.text("yaml_duplicate_key", lang, key=e.key)
        raise ContentError([Problem(file, line, msg)]) from e
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line = mark.line + 1 if mark is not None else None
        detail = e.problem or e.context or "?"
        msg = words.text("yaml_syntax", lang, problem=detail)
        raise ContentError([Problem(file, line, msg)]) from e
    except yaml.YAMLError as e:
        msg = words.text("yaml_syntax", lang, problem=str(e))
        raise ContentError([Problem(file, None, msg)]) from e


def line_of(data: object) -> int | None:
    """The line a loaded mapping or list starts on, or None for plain values."""
    return getattr(data, "line", None)


def line_for(data: object, loc: Sequence[int | str]) -> int | None:
    """The best line for a location inside ``data`` (e.g. a pydantic error's ``loc``).

    Walks the path as far as it exists and returns the line of the deepest key or element
    reached; parts that are not in the data (pydantic's internal tags, a missing key) are
    skipped, so a missing key points at its parent mapping.
    """
    best = line_of(data)
    current: object = data
    for part in loc:
        if isinstance(current, MarkedDict) and _hashable(part) and part in current:
            best = current.lines.get(part, best)
            current = current[part]
        elif (
            isinstance(current, MarkedList)
            and isinstance(part, int)
            and 0 <= part < len(current)
        ):
            best = current.lines[part]
            current = current[part]
    return best


def _hashable(value: object) -> bool:
    return isinstance(value, Hashable)


def validation_problems(
    error: ValidationError,
    data: object,
    file: str,
    lang: str | None,
    known_keys: Callable[[tuple[int | str, ...]], Iterable[str]] = lambda loc: (),
) -> list[Problem]:
    """One Problem per pydantic error, with the line found in ``data``'s marks.

    Our own validators may put ``at`` (a path below the error's ``loc``) or ``key`` in the
    error's context to point at a more precise line. ``known_keys(loc)`` gives the keys
    valid where an error is, for "did you mean" hints.
    """
    problems: list[Problem] = []
    for err in error.errors(include_url=False):
        loc = tuple(err["loc"])
        ctx = err.get("ctx") or {}
        where: tuple[int | str, ...] = loc
        if "at" in ctx:
            where = loc + tuple(ctx["at"])
        elif "key" in ctx:
            where = (*loc, ctx["key"])
        message = describe_error(err, lang, known_keys(loc))
        problem = Problem(file, line_for(data, where), message)
        if problem not in problems:
            problems.append(problem)
    return problems
