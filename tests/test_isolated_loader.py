"""Content read in a child process (content.isolated): the same answer as reading it here,
the kiosk's process never importing the parser, and a fallback when the child fails."""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

import pytest

from renkei_kiosk.content import isolated
from renkei_kiosk.content.isolated import load_content_isolated
from renkei_kiosk.content.loader import load_content

REPO = Path(__file__).resolve().parents[1]

BROKEN = """\
name: 壊れた例
default_duration: -3
items:
  - image: media/none.jpg
"""


def test_sample_content_is_the_same_through_the_child(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="renkei_kiosk"):
        through_child = load_content_isolated(REPO)
    assert "reading it here" not in caplog.text  # the child answered
    assert through_child == load_content(REPO)


def test_problems_keep_their_file_and_line(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / "playlists").mkdir()
    (tmp_path / "playlists/broken.yaml").write_text(BROKEN, encoding="utf-8")
    here = load_content(tmp_path, "en")
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="renkei_kiosk"):
        there = load_content_isolated(tmp_path, "en")
    assert "reading it here" not in caplog.text
    assert there == here
    assert any(p.file == "playlists/broken.yaml" and p.line == 2 for p in there.problems)


def test_the_kiosk_process_never_imports_yaml_or_pydantic() -> None:
    code = (
        "import sys; from pathlib import Path\n"
        "from renkei_kiosk.content.isolated import load_content_isolated\n"
        f"c = load_content_isolated(Path({str(REPO)!r}))\n"
        "assert c.items, 'no items'\n"
        "print(sorted(m for m in ('yaml', 'pydantic', 'pydantic_core') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=60, check=True)
    assert out.stdout.strip() == "[]", out.stderr


@pytest.mark.parametrize("script", [
    "import sys; sys.stderr.write('boom'); sys.exit(3)",  # the child fails
    "import sys; sys.stdout.write('not a pickle')",  # it answers nonsense
    "import pickle, sys; sys.stdout.buffer.write(pickle.dumps([1, 2]))",  # the wrong thing
])
def test_a_failing_child_falls_back_to_reading_here(
    script: str, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(isolated, "_command", lambda _root, _lang: [sys.executable, "-c", script])
    with caplog.at_level(logging.WARNING, logger="renkei_kiosk"):
        content = load_content_isolated(REPO)
    assert content == load_content(REPO)
    assert "reading it here" in caplog.text


def test_a_child_that_cannot_start_falls_back(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(isolated, "_command", lambda _root, _lang: ["/nonexistent/python"])
    assert load_content_isolated(REPO) == load_content(REPO)


def test_a_primed_child_reads_only_when_told_to(tmp_path: Path) -> None:
    """Started while files are still arriving, it reads what is there when it is told
    to go, not what was there when it started."""
    (tmp_path / "playlists").mkdir()
    primed = isolated.ContentLoad(tmp_path, primed=True)
    (tmp_path / "playlists/late.yaml").write_text(
        "name: 後から\nitems:\n  - text: こんにちは\n", encoding="utf-8")
    content = primed.result()
    assert content == load_content(tmp_path)
    assert "late" in content.playlists


def test_a_primed_child_not_needed_ends_quietly() -> None:
    primed = isolated.ContentLoad(REPO, primed=True)
    primed.close()
    assert primed._proc is not None and primed._proc.returncode == 0
