"""Command-line conventions (SPEC.md, issue 10 item 10): `--version`, and the global options
accepted before or after the command."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from renkei_kiosk import __version__


def _kiosk(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "renkei_kiosk", *args], capture_output=True,
                          text=True, encoding="utf-8", timeout=120, check=False)


@pytest.mark.parametrize("args", [["--version"], ["check", "--version"],
                                  ["run", "--windowed", "--version"]])
def test_version(args: list[str]) -> None:
    done = _kiosk(*args)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"renkei-kiosk {__version__}"


def _missing_file_root(tmp_path: Path) -> Path:
    (tmp_path / "playlists").mkdir()
    (tmp_path / "playlists/main.yaml").write_text(
        "name: テスト\nitems:\n  - image: media/無い.jpg\n", encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("order", ["before", "after", "last"])
def test_lang_before_or_after_the_command(tmp_path: Path, order: str) -> None:
    root = str(_missing_file_root(tmp_path))
    args = {
        "before": ["--lang", "en", "check", "--content", root],
        "after": ["check", "--lang", "en", "--content", root],
        "last": ["check", "--content", root, "--lang", "en"],
    }[order]
    done = _kiosk(*args)
    assert done.returncode == 1, done.stderr
    assert 'playlists/main.yaml:3: "media/無い.jpg" does not exist' in done.stdout


def test_lang_after_the_command_wins_over_the_one_before(tmp_path: Path) -> None:
    root = str(_missing_file_root(tmp_path))
    done = _kiosk("--lang", "en", "check", "--lang", "ja", "--content", root)
    assert 'playlists/main.yaml:3: "media/無い.jpg" が見つかりません' in done.stdout


def test_no_lang_follows_the_default(tmp_path: Path) -> None:
    done = _kiosk("check", "--content", str(_missing_file_root(tmp_path)))
    assert "が見つかりません" in done.stdout


def test_a_wrong_lang_after_the_command_is_a_usage_error(tmp_path: Path) -> None:
    done = _kiosk("check", "--lang", "fr", "--content", str(tmp_path))
    assert done.returncode == 2
    assert "--lang" in done.stderr
