"""tools/screenshots.py makes the pictures asked for, and says what failed and why."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

REPO = Path(__file__).resolve().parent.parent
TOOL = REPO / "tools" / "screenshots.py"

pytestmark = pytest.mark.app


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(REPO / "src"))
    return subprocess.run([sys.executable, str(TOOL), *args], capture_output=True,
                          text=True, env=env, timeout=300, check=False)


def test_only_standby_makes_both_pictures(tmp_path: Path) -> None:
    done = _run("--only", "standby", "--out", str(tmp_path))
    assert done.returncode == 0, done.stderr
    made = sorted(p.name for p in tmp_path.iterdir())
    assert made == ["standby-landscape.png", "standby-portrait.png"]
    assert Image.open(tmp_path / "standby-portrait.png").size == (1080, 1920)
    # a calm dark slide with light type on it, not a black frame
    colours = Image.open(tmp_path / "standby-landscape.png").convert("L").getextrema()
    assert colours[1] - colours[0] > 100


def test_a_name_that_matches_nothing_is_an_error(tmp_path: Path) -> None:
    done = _run("--only", "見つからない", "--out", str(tmp_path))
    assert done.returncode == 1
    assert "見つからない" in done.stderr
    assert not list(tmp_path.iterdir())
