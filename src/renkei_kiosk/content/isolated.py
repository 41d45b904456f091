"""Reading the content root in a child process, so the kiosk itself never holds the parser.

Validating playlists, comment files and `kiosk.yaml` needs PyYAML and pydantic: about 16 MB
of the kiosk's memory for as long as it runs, and 0.15 s of its start, for work done once
at start and once per edit. Here a short-lived child (`python -m
renkei_kiosk.content.isolated ROOT [LANG]`) runs `load_content` and hands the result back
pickled on its standard output (`Content` is made of plain frozen dataclasses, so the
kiosk unpickles it without importing either library). At start the child works on the
other CPU core while the kiosk imports Kivy. A content file that makes the parser misbehave
(a YAML "billion laughs", a crash in a C extension) takes down the child, never the kiosk.

For a reload, the child can be started early (`ContentLoad(..., primed=True)`): it imports
what it needs and then waits for the word to go, so the kiosk starts it as soon as the
watcher sees a file arriving, and the imports happen while the watcher waits for the
files to settle. A primed child that is not needed after all is closed (`close()`).

If the child cannot run or its answer cannot be read, the kiosk logs why and reads the
content itself, as before: never worse than without the child.
"""

from __future__ import annotations

import json
import logging
import pickle
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from renkei_kiosk.core.model import Content

log = logging.getLogger("renkei_kiosk")

#: a content root is read in well under a second; this only guards against a hung child
TIMEOUT = 120.0


#: what a primed child waits for on its standard input before it reads the content
GO = b"go\n"

#: items per separately pickled chunk: unpickling holds the interpreter, and 5,000 items in
#: one piece held it for 25 ms, a visible hitch in the kiosk's frames; 250 take about 1 ms
CHUNK = 250


def _command(root: Path, lang: str | None) -> list[str]:
    return [sys.executable, "-m", "renkei_kiosk.content.isolated", str(root), lang or ""]


class ContentLoad:
    """A content root being read by a child process; `result()` waits for it."""

    def __init__(self, root: Path, lang: str | None = None, *, primed: bool = False) -> None:
        self.root = root
        self.lang = lang
        self.primed = primed
        self.started = time.monotonic()
        self._proc: subprocess.Popen[bytes] | None = None
        self._error: str | None = None
        flags = 0
        if sys.platform == "win32":  # no console window flashing up on the venue screen
            flags = subprocess.CREATE_NO_WINDOW
        try:
            self._proc = subprocess.Popen(
                [*_command(root, lang), *(["--primed"] if primed else [])],
                stdin=subprocess.PIPE if primed else subprocess.DEVNULL,
                stdout=subprocess.PIPE, stderr=subprocess.PIPE, creationflags=flags,
            )
        except OSError as e:
            self._error = f"cannot start {sys.executable} ({e})"

    def result(self) -> Content:
        """The content, from the child or, if it failed, read in this process."""
        answer = self._answer()
        if isinstance(answer, Content):
            log.debug("Content: read by a child process in %.2f s",
                      time.monotonic() - self.started)
            return answer
        log.warning("Content: reading in a child process failed (%s); reading it here", answer)
        from renkei_kiosk.content.loader import load_content

        return load_content(self.root, self.lang)

    def _answer(self) -> Content | str:
        """The child's Content, or why there is none."""
        if self._proc is None:
            return self._error or "no child process"
        try:
            out, err = self._proc.communicate(GO if self.primed else None, timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            self._proc.communicate()
            return f"no answer within {TIMEOUT:.0f} s"
        other = relay_child_log(err.decode("utf-8", "replace"))
        if self._proc.returncode != 0:
            tail = other[-3:]
            return f"exit code {self._proc.returncode}: {' / '.join(tail) or 'no message'}"
        try:
            return _unpack(out)
        except Exception as e:  # a truncated or foreign answer
            return f"unreadable answer ({type(e).__name__}: {e})"


    def close(self) -> None:
        """A primed child that is not needed: let it end without reading anything."""
        proc = self._proc
        if proc is None or proc.poll() is not None:
            return
        try:
            proc.communicate(b"", timeout=5)  # end of input: it exits quietly
        except (subprocess.TimeoutExpired, OSError, ValueError):
            proc.kill()
            proc.communicate()


def _pack(content: Content) -> bytes:
    """The child's answer: the content without its items, and the items in chunks."""
    chunks = {stem: [pickle.dumps(items[i:i + CHUNK], protocol=pickle.HIGHEST_PROTOCOL)
                     for i in range(0, len(items), CHUNK)]
              for stem, items in content.items.items()}
    return pickle.dumps((replace(content, items={}), chunks), protocol=pickle.HIGHEST_PROTOCOL)


def _unpack(data: bytes) -> Content | str:
    """`_pack`'s Content, unpickled a chunk at a time with a pause between chunks (the
    Kivy thread draws a frame meanwhile if it needs to); a string says what is wrong."""
    value: Any = pickle.loads(data)
    if not (isinstance(value, tuple) and len(value) == 2 and isinstance(value[0], Content)):
        return f"unexpected answer of type {type(value).__name__}"
    outer: Content = value[0]
    chunks: dict[str, list[bytes]] = value[1]
    items: dict[str, tuple[Any, ...]] = {}
    for stem, parts in chunks.items():
        found: list[Any] = []
        for part in parts:
            found.extend(pickle.loads(part))
            time.sleep(0)  # let another thread take the interpreter
        items[stem] = tuple(found)
    return replace(outer, items=items)


#: marks a log line the child writes on its standard error for the kiosk to log
LOG_MARK = "renkei-kiosk-log "


class _ChildLogFormat(logging.Formatter):
    """The child's log lines as `LOG_MARK [level, logger, message]` (JSON), one a line."""

    def format(self, record: logging.LogRecord) -> str:
        return LOG_MARK + json.dumps([record.levelno, record.name, super().format(record)],
                                     ensure_ascii=False)


def relay_child_log(text: str) -> list[str]:
    """Log the child's log lines here, in the kiosk's log, with their own level and logger
    (the "Content: ignoring ..." lines are written while reading the content); returns the
    other lines of its standard error (a traceback, a library's own output)."""
    other: list[str] = []
    for line in text.splitlines():
        if not line.startswith(LOG_MARK):
            if line.strip():
                other.append(line)
            continue
        try:
            level, name, message = json.loads(line[len(LOG_MARK):])
            logging.getLogger(str(name)).log(int(level), "%s", message)
        except (ValueError, TypeError):
            other.append(line)
    return other


def load_content_isolated(root: Path, lang: str | None = None) -> Content:
    """`load_content(root, lang)`, run in a child process (see the module's docstring)."""
    return ContentLoad(root, lang).result()


def main(argv: list[str]) -> int:
    """The child: read the content root and write it, pickled, to standard output."""
    from renkei_kiosk.content.loader import load_content

    to_parent = logging.StreamHandler(sys.stderr)
    to_parent.setFormatter(_ChildLogFormat())
    logging.basicConfig(handlers=[to_parent], level=logging.INFO)
    primed = "--primed" in argv
    args = [a for a in argv if a != "--primed"]
    root, lang = Path(args[0]), (args[1] if len(args) > 1 and args[1] else None)
    if primed and sys.stdin.buffer.readline() != GO:
        return 0  # not needed after all
    content = load_content(root, lang)
    sys.stdout.buffer.write(_pack(content))
    sys.stdout.buffer.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
