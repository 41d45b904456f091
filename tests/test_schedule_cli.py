"""`renkei-kiosk schedule` as a subprocess on content roots made in tmp_path."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

MAIN = """\
name: 特別区全国連携プロジェクト10年のあゆみ
items:
  - text: いつでも表示
"""

EVENING = """\
name: 夜間展示
priority: 1
schedule:
  dates: 2024-07-09..2024-08-29
  hours: "18:00-21:00"
  weekdays: [fri, sat, sun]
items:
  - text: 夜の部
"""

NIGHT = """\
name: 深夜
priority: 2
schedule:
  dates: 2024-07-09..2024-08-30
  hours: "22:00-02:00"
  weekdays: [fri]
items:
  - text: 金曜深夜
"""

DAYTIME = """\
name: 昼の部
schedule:
  hours: ["10:00-12:00", "13:00-18:00"]
items:
  - text: 昼
"""


def make_root(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "content"
    (root / "playlists").mkdir(parents=True)
    (root / "media").mkdir()
    for name, text in files.items():
        (root / name).write_text(text, encoding="utf-8")
    return root


def run(root: Path, *args: str, lang: str | None = None) -> subprocess.CompletedProcess[str]:
    pre = ["--lang", lang] if lang else []
    return subprocess.run(
        [sys.executable, "-m", "renkei_kiosk", *pre, "schedule", "--content", str(root), *args],
        capture_output=True, text=True, encoding="utf-8", check=False, timeout=60,
    )


def run_json(root: Path, *args: str) -> Any:
    out = run(root, *args, "--json")
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


@pytest.fixture(scope="module")
def exhibition(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_root(
        tmp_path_factory.mktemp("exhibition"),
        {
            "playlists/main.yaml": MAIN,
            "playlists/evening.yaml": EVENING,
            "playlists/night.yaml": NIGHT,
        },
    )


@pytest.mark.parametrize(
    ("at", "playlist", "name", "until"),
    [
        ("2024-07-13T17:59", "main", "特別区全国連携プロジェクト10年のあゆみ", "2024-07-13T18:00"),
        ("2024-07-13T19:00", "evening", "夜間展示", "2024-07-13T21:00"),
        ("2024-07-13T21:00", "main", "特別区全国連携プロジェクト10年のあゆみ", "2024-07-14T18:00"),
        # Friday night runs into Saturday morning
        ("2024-07-12T23:30", "night", "深夜", "2024-07-13T02:00"),
        ("2024-07-13T01:59", "night", "深夜", "2024-07-13T02:00"),
        # the last date's 22:00-02:00 range runs into the next morning
        ("2024-08-31T01:00", "night", "深夜", "2024-08-31T02:00"),
        # after the last date: nothing changes any more
        ("2024-09-01T12:00", "main", "特別区全国連携プロジェクト10年のあゆみ", None),
    ],
)
def test_at_json(exhibition: Path, at: str, playlist: str, name: str, until: str | None) -> None:
    assert run_json(exhibition, "--at", at) == {
        "at": at, "playlist": playlist, "name": name, "until": until,
    }


def test_span_json(exhibition: Path) -> None:
    got = run_json(exhibition, "--from", "2024-07-12T17:00", "--to", "2024-07-13T03:00")
    assert got == [
        {"from": "2024-07-12T17:00", "to": "2024-07-12T18:00", "playlist": "main",
         "name": "特別区全国連携プロジェクト10年のあゆみ"},
        {"from": "2024-07-12T18:00", "to": "2024-07-12T21:00", "playlist": "evening",
         "name": "夜間展示"},
        {"from": "2024-07-12T21:00", "to": "2024-07-12T22:00", "playlist": "main",
         "name": "特別区全国連携プロジェクト10年のあゆみ"},
        {"from": "2024-07-12T22:00", "to": "2024-07-13T02:00", "playlist": "night",
         "name": "深夜"},
        {"from": "2024-07-13T02:00", "to": "2024-07-13T03:00", "playlist": "main",
         "name": "特別区全国連携プロジェクト10年のあゆみ"},
    ]


def test_closed_and_text_output(tmp_path: Path) -> None:
    root = make_root(tmp_path, {"playlists/day.yaml": DAYTIME})
    assert run_json(root, "--at", "2024-07-13T12:30") == {
        "at": "2024-07-13T12:30", "playlist": None, "name": None, "until": "2024-07-13T13:00",
    }
    span = run_json(root, "--from", "2024-07-13T09:00", "--to", "2024-07-13T11:00")
    assert [(s["playlist"], s["name"]) for s in span] == [(None, None), ("day", "昼の部")]
    ja = run(root, "--at", "2024-07-13T12:30")
    assert ja.returncode == 0, ja.stderr
    assert ja.stdout.strip() == "2024-07-13 (土) 12:30  →  閉館  2024-07-13 (土) 13:00 まで"
    en = run(root, "--at", "2024-07-13T12:30", lang="en")
    assert en.stdout.strip() == "2024-07-13 (Sat) 12:30  →  closed until 2024-07-13 (Sat) 13:00"
    day = run(root, "--at", "2024-07-13T10:00", lang="en")
    assert day.stdout.strip() == (
        "2024-07-13 (Sat) 10:00  →  day (昼の部) until 2024-07-13 (Sat) 12:00"
    )


def test_language_from_kiosk_yaml(tmp_path: Path) -> None:
    root = make_root(tmp_path, {"playlists/day.yaml": DAYTIME, "kiosk.yaml": "language: en\n"})
    out = run(root, "--at", "2024-07-13T20:00")
    assert out.returncode == 0, out.stderr
    assert "closed until 2024-07-14 (Sun) 10:00" in out.stdout


def test_problems_are_warnings_and_valid_playlists_still_answer(tmp_path: Path) -> None:
    root = make_root(
        tmp_path,
        {
            "playlists/main.yaml": MAIN,
            "playlists/broken.yaml": (
                "name: 壊れた\npriority: 9\nimag: x.jpg\nitems:\n  - text: a\n"
            ),
        },
    )
    out = run(root, "--at", "2024-07-13T12:00", "--json")
    assert out.returncode == 0
    assert json.loads(out.stdout)["playlist"] == "main"
    lines = [line for line in out.stderr.splitlines() if line.strip()]
    assert lines and all(line.startswith("警告: playlists/broken.yaml:") for line in lines)
    assert "imag" in out.stderr
    assert len(lines) == len(set(lines))  # each problem once (not also through logging)


def test_no_time_means_now(tmp_path: Path) -> None:
    root = make_root(tmp_path, {"playlists/main.yaml": MAIN})
    got = run_json(root)
    assert got["playlist"] == "main" and got["until"] is None
    assert len(got["at"]) >= len("2024-07-13T19:00")


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--at", "2024-13-01T10:00"], "--at"),
        (["--at", "tomorrow"], "--at"),
        (["--from", "2024-07-13T10:00"], "--to"),
        (["--to", "2024-07-13T10:00"], "--from"),
        (["--from", "2024-07-13T10:00", "--to", "not-a-time"], "--to"),
        (["--from", "2024-07-13T10:00", "--to", "2024-07-13T09:00"], "--to"),
        (["--at", "2024-07-13T10:00", "--from", "2024-07-13T10:00", "--to", "2024-07-14"], "--at"),
    ],
)
def test_usage_errors(exhibition: Path, args: list[str], needle: str) -> None:
    out = run(exhibition, *args, lang="en")
    assert out.returncode == 2
    assert needle in out.stderr
    assert out.stdout == ""


def test_missing_content_folder_is_a_usage_error(tmp_path: Path) -> None:
    out = run(tmp_path / "nowhere", "--at", "2024-07-13T10:00", lang="en")
    assert out.returncode == 2 and "--content" in out.stderr
