"""Keeping the last good content across an invalid edit (pure)."""

from __future__ import annotations

from renkei_kiosk.core.model import Content, Entry, Item, Kind, Playlist, Problem, Settings
from renkei_kiosk.core.reload import changed_keys, merge_last_good, without_paths


def _pl(stem: str, *entries: Entry) -> Playlist:
    return Playlist(stem=stem, file=f"playlists/{stem}.yaml", name=stem, entries=entries)


def _img(path: str) -> Item:
    return Item(kind=Kind.IMAGE, key=path, duration=8, path=path)


OLD = Content(
    settings=Settings(language="en"),
    playlists={
        "main": _pl("main", Entry("comments", "media/c.csv")),
        "extra": _pl("extra"),
    },
    items={"main": (_img("media/a.jpg"),), "extra": (_img("media/x.jpg"),)},
)
FILES = ["playlists/main.yaml", "playlists/extra.yaml"]


def test_valid_reload_replaces_everything() -> None:
    new = Content(settings=Settings(), playlists={"main": _pl("main")},
                  items={"main": (_img("media/b.jpg"),)})
    merged, kept = merge_last_good(OLD, new, ["playlists/main.yaml"])
    assert kept == []
    assert merged.items == {"main": (_img("media/b.jpg"),)}
    assert merged.settings.language == "ja"


def test_invalid_playlist_keeps_last_good_version() -> None:
    new = Content(settings=Settings(), playlists={"main": OLD.playlists["main"]},
                  items={"main": (_img("media/b.jpg"),)},
                  problems=(Problem("playlists/extra.yaml", 3, "bad"),))
    merged, kept = merge_last_good(OLD, new, FILES)
    assert kept == ["extra"]
    assert merged.items["extra"] == (_img("media/x.jpg"),)
    assert merged.items["main"] == (_img("media/b.jpg"),)


def test_invalid_settings_keep_last_good_settings() -> None:
    new = Content(settings=Settings(), problems=(Problem("kiosk.yaml", 1, "bad"),))
    merged, kept = merge_last_good(OLD, new, [])
    assert "kiosk.yaml" in kept
    assert merged.settings.language == "en"


def test_invalid_comment_file_keeps_the_playlist_that_uses_it() -> None:
    new = Content(settings=Settings(), playlists={"main": OLD.playlists["main"]},
                  items={"main": ()}, problems=(Problem("media/c.csv", 5, "bad"),))
    merged, kept = merge_last_good(OLD, new, FILES)
    assert kept == ["main"]
    assert merged.items["main"] == (_img("media/a.jpg"),)


def test_deleted_playlist_is_not_kept() -> None:
    new = Content(settings=Settings())
    merged, kept = merge_last_good(OLD, new, [])
    assert merged.playlists == {}
    assert kept == []


def test_changed_keys_and_unstable_paths() -> None:
    card = Item(kind=Kind.COMMENT, key="media/c.csv#3", duration=8)
    items = [_img("media/a.jpg"), _img("media/b.jpg"), card]
    assert changed_keys(items, {"media/b.jpg", "media/c.csv"}) == {"media/b.jpg", "media/c.csv#3"}
    assert without_paths(items, {"media/a.jpg"}) == (_img("media/b.jpg"), card)
