"""Loading a content root from disk: expansion, comment encodings, problems, languages."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from PIL import Image

from renkei_kiosk.content.loader import (
    decode_text,
    expand_playlist,
    list_folder,
    load_content,
    load_playlist_file,
    load_settings_file,
)
from renkei_kiosk.core.model import ContentError, Kind, Settings
from renkei_kiosk.core.names import is_ignored_name, media_kind


def write(root: Path, rel: str, text: str | bytes) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def image(root: Path, rel: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (8, 8), "red").save(path)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    for rel in ("media/panels/b.jpg", "media/panels/A.png", "media/panels/sub/c.jpg",
                "media/one.jpg", "media/photo.png"):
        image(root, rel)
    write(root, "media/panels/clip.mp4", b"not decoded by the loader")
    write(root, "media/panels/notes.txt", "x")
    write(root, "media/panels/.hidden.jpg", b"x")
    write(root, "media/panels/~$draft.jpg", b"x")
    write(root, "media/panels/copy.jpg.part", b"x")
    write(root, "media/panels/Thumbs.db", b"x")
    return root


MAIN = """\
name: メイン
default_duration: 7
items:
  - image: media/one.jpg
  - folder: media/panels
    duration: 10
  - comments: media/c.csv
    duration: 12
  - text: こんにちは
  - qr: https://example.org/
  - video: media/panels/clip.mp4
"""


@pytest.mark.parametrize(
    ("name", "ignored"),
    [(".DS_Store", True), (".hidden.jpg", True), ("~$list.xlsx", True), ("a.tmp", True),
     ("a.jpg.part", True), ("a.mp4.crdownload", True), ("Thumbs.db", True),
     ("desktop.ini", True), ("a.jpg", False), ("写真.png", False), ("a~b.jpg", False)],
)
def test_is_ignored_name(name: str, ignored: bool) -> None:
    assert is_ignored_name(name) is ignored


def test_media_kind_by_extension() -> None:
    assert media_kind("A.JPG") is Kind.IMAGE and media_kind("x/y.webm") is Kind.VIDEO
    assert media_kind("notes.txt") is None and media_kind("jpg") is None


def test_folder_expansion_sorted_and_filtered(root: Path, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="renkei_kiosk"):
        assert list_folder(root, "media/panels") == [
            "media/panels/A.png", "media/panels/b.jpg", "media/panels/clip.mp4",
        ]
    assert "Content: ignoring media/panels/notes.txt" in caplog.text
    assert ".hidden" not in caplog.text and "Thumbs" not in caplog.text
    assert list_folder(root, "media/panels", recursive=True)[-1] == "media/panels/sub/c.jpg"


def test_load_content_expands_every_kind(root: Path) -> None:
    write(root, "playlists/main.yaml", MAIN)
    write(root, "media/c.csv", "municipality,prefecture,comment,photo\nA,B,C,media/photo.png\n"
                               "\nD,E,F,\n")
    content = load_content(root)
    assert content.problems == ()
    assert content.settings == Settings()
    items = content.items["main"]
    assert [(i.kind, i.key, i.duration) for i in items] == [
        (Kind.IMAGE, "media/one.jpg", 7.0),
        (Kind.IMAGE, "media/panels/A.png", 10.0),
        (Kind.IMAGE, "media/panels/b.jpg", 10.0),
        (Kind.VIDEO, "media/panels/clip.mp4", None),
        (Kind.COMMENT, "media/c.csv#1", 12.0),
        (Kind.COMMENT, "media/c.csv#3", 12.0),
        (Kind.TEXT, "playlists/main.yaml#9", 7.0),
        (Kind.QR, "playlists/main.yaml#10", 7.0),
        (Kind.VIDEO, "media/panels/clip.mp4", None),
    ]
    assert items[4].comment is not None and items[4].comment.photo == "media/photo.png"
    assert items[6].text == "こんにちは" and items[0].path == "media/one.jpg"
    assert content.playlists["main"].name == "メイン"


@pytest.mark.parametrize(
    "encoding_bytes",
    [
        pytest.param(lambda t: t.encode("utf-8"), id="utf-8"),
        pytest.param(lambda t: t.encode("utf-8-sig"), id="utf-8 with BOM"),
        pytest.param(lambda t: t.replace("\n", "\r\n").encode("cp932"), id="cp932 crlf"),
    ],
)
def test_comment_csv_encodings(root: Path, encoding_bytes: object) -> None:
    text = "自治体名,都道府県,コメント\n白糠町,北海道,森と海の町です\n中野区,東京都,ようこそ\n"
    assert callable(encoding_bytes)
    write(root, "media/c.csv", encoding_bytes(text))
    write(root, "playlists/p.yaml", "items:\n  - comments: media/c.csv\n")
    content = load_content(root)
    assert content.problems == ()
    cards = [i.comment for i in content.items["p"]]
    assert [(c.municipality, c.comment) for c in cards if c] == [
        ("白糠町", "森と海の町です"), ("中野区", "ようこそ"),
    ]


def test_decode_text_refuses_what_is_neither_utf8_nor_cp932() -> None:
    assert decode_text("あ".encode("cp932")) == "あ"
    with pytest.raises(UnicodeDecodeError):
        decode_text(b"\x81\x7f\xff")


def test_missing_and_unsafe_entries_are_problems_with_lines(root: Path) -> None:
    write(root, "playlists/p.yaml", (
        "items:\n"
        "  - image: media/one.jpg\n"
        "  - image: media/gone.jpg\n"
        "  - image: ../outside.jpg\n"
        "  - video: /etc/passwd\n"
        "  - folder: media/nothing\n"
        "  - image: media/panels\n"
        "  - image: media/panels/clip.mp4\n"
        "  - comments: media/one.jpg\n"
    ))
    content = load_content(root, "en")
    assert [i.key for i in content.items["p"]] == ["media/one.jpg"]
    found = {p.line: p.message for p in content.problems}
    assert set(found) == {3, 4, 5, 6, 7, 8, 9}
    assert found[3].startswith('"media/gone.jpg" does not exist')
    assert "leads outside the content folder" in found[4]
    assert "is a full path" in found[5]
    assert 'the folder "media/nothing" does not exist' in found[6]
    assert "is a folder; write folder:" in found[7]
    assert "is a video: write video: instead of image:" in found[8]
    assert "must be a .csv or .yaml file" in found[9]
    assert all(p.file == "playlists/p.yaml" for p in content.problems)


def test_invalid_playlist_is_left_out_and_the_others_load(root: Path) -> None:
    write(root, "playlists/a_bad.yaml", "items:\n  - imag: media/one.jpg\n")
    write(root, "playlists/b_good.yaml", "items:\n  - image: media/one.jpg\n")
    write(root, "playlists/c.yml", "items: []\n")
    write(root, "playlists/.~lock.yaml", "junk: [")
    content = load_content(root, "en")
    assert list(content.playlists) == ["b_good"]
    assert [(p.file, p.line) for p in content.problems] == [
        ("playlists/c.yml", None), ("playlists/a_bad.yaml", 2),
    ]
    assert "rename it to c.yaml" in content.problems[0].message
    with pytest.raises(ContentError):
        load_playlist_file(root, root / "playlists" / "a_bad.yaml")


def test_invalid_settings_give_defaults_and_a_problem(root: Path) -> None:
    write(root, "kiosk.yaml", "language: en\nidle_timeout: -1\n")
    settings, problems = load_settings_file(root)
    assert settings == Settings()
    assert problems[0].line == 2 and "positive number" in problems[0].message
    assert load_settings_file(root.parent / "nowhere") == (Settings(), ())


def test_message_language_argument_then_kiosk_yaml_then_japanese(root: Path) -> None:
    write(root, "playlists/p.yaml", "items:\n  - image: media/gone.jpg\n")
    assert "見つかりません" in load_content(root).problems[0].message
    write(root, "kiosk.yaml", "language: en\n")
    assert "does not exist" in load_content(root).problems[0].message
    assert "見つかりません" in load_content(root, "ja").problems[0].message


def test_comment_photo_problems_name_the_csv_row(root: Path) -> None:
    write(root, "media/c.csv", "municipality,prefecture,comment,photo\nA,B,C,media/none.jpg\n")
    write(root, "playlists/p.yaml", "items:\n  - comments: media/c.csv\n")
    write(root, "playlists/q.yaml", "items:\n  - comments: media/c.csv\n")
    content = load_content(root, "en")
    (problem,) = content.problems  # used twice, reported once
    assert (problem.file, problem.line) == ("media/c.csv", 2)
    assert problem.message.startswith('row 1: photo "media/none.jpg" does not exist')
    card = content.items["p"][0].comment
    assert card is not None and card.photo is None


def test_expand_playlist_for_hot_reload(root: Path) -> None:
    write(root, "playlists/p.yaml", "items:\n  - folder: media/panels\n")
    playlist = load_playlist_file(root, root / "playlists" / "p.yaml")
    items, problems = expand_playlist(root, playlist)
    assert len(items) == 3 and problems == ()
    image(root, "media/panels/0_new.jpg")
    items, _ = expand_playlist(root, playlist)
    assert items[0].key == "media/panels/0_new.jpg"


def test_playlist_with_nothing_to_show_is_a_problem(root: Path) -> None:
    (root / "media" / "empty").mkdir()
    write(root, "playlists/p.yaml", "items:\n  - folder: media/empty\n")
    content = load_content(root, "en")
    assert content.items["p"] == ()
    assert "nothing to show" in content.problems[0].message
