"""Paths stay inside the content root: no absolute paths, `..` escapes or outside links."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from renkei_kiosk.content.paths import PathError, clean_relative, resolve_inside


@pytest.mark.parametrize(
    ("written", "clean"),
    [
        ("media/a.jpg", "media/a.jpg"),
        ("media\\panels\\a.jpg", "media/panels/a.jpg"),
        ("  media//a.jpg ", "media/a.jpg"),
        ("./media/a.jpg", "media/a.jpg"),
        ("media/x/../a.jpg", "media/a.jpg"),
        ("メディア/写真 1.jpg", "メディア/写真 1.jpg"),
    ],
)
def test_clean_relative(written: str, clean: str) -> None:
    assert clean_relative(written) == clean


@pytest.mark.parametrize(
    ("written", "reason"),
    [
        ("", "path_empty"), ("   ", "path_empty"), (".", "path_empty"),
        ("/etc/passwd", "path_absolute"), ("C:\\media\\a.jpg", "path_absolute"),
        ("c:/media/a.jpg", "path_absolute"), ("D:a.jpg", "path_absolute"),
        ("\\\\server\\share\\a.jpg", "path_absolute"), ("\\media\\a.jpg", "path_absolute"),
        ("..", "path_escape"), ("../a.jpg", "path_escape"), ("media/../../a.jpg", "path_escape"),
        ("..\\a.jpg", "path_escape"),
    ],
)
def test_rejected(written: str, reason: str) -> None:
    with pytest.raises(PathError) as caught:
        clean_relative(written)
    assert caught.value.reason == reason


def _symlink(link: Path, target: Path) -> None:
    try:
        os.symlink(target, link, target_is_directory=target.is_dir())
    except (OSError, NotImplementedError):
        pytest.skip("symlinks are not available here")


def test_resolve_inside_accepts_missing_files_and_inside_links(tmp_path: Path) -> None:
    root = tmp_path / "content"
    (root / "media").mkdir(parents=True)
    (root / "media" / "a.jpg").write_bytes(b"x")
    found = resolve_inside(root, "media\\nothing-yet.jpg")
    assert found.rel == "media/nothing-yet.jpg"
    assert found.path == root / "media" / "nothing-yet.jpg"
    _symlink(root / "media" / "b.jpg", root / "media" / "a.jpg")
    assert resolve_inside(root, "media/b.jpg").rel == "media/b.jpg"


def test_links_leading_outside_are_rejected(tmp_path: Path) -> None:
    root = tmp_path / "content"
    (root / "media").mkdir(parents=True)
    outside = tmp_path / "secret"
    outside.mkdir()
    (outside / "s.jpg").write_bytes(b"x")
    _symlink(root / "media" / "out.jpg", outside / "s.jpg")
    _symlink(root / "media" / "outdir", outside)
    for written in ("media/out.jpg", "media/outdir/s.jpg", "media/outdir"):
        with pytest.raises(PathError) as caught:
            resolve_inside(root, written)
        assert caught.value.reason == "path_symlink"


def test_root_given_through_a_link_still_works(tmp_path: Path) -> None:
    real = tmp_path / "real"
    (real / "media").mkdir(parents=True)
    _symlink(tmp_path / "alias", real)
    assert resolve_inside(tmp_path / "alias", "media/a.jpg").rel == "media/a.jpg"
