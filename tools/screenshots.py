"""Render every slide kind and browse screen at 1920x1080 and 1080x1920 into
docs/screenshots/, from the sample content in this repository.

    .venv/bin/python tools/screenshots.py            # all pictures
    .venv/bin/python tools/screenshots.py --only comment

Runs headless (SDL's offscreen driver): slides are prepared by the kiosk's own preparer
(worker threads, as in the kiosk) and drawn offscreen at each size (ui.snapshot), then
saved as small palette PNGs. The sample content is fictional and marked as samples.

A picture that cannot be made is reported on stderr (which picture, the error and its
traceback) and the others are still made; the exit status is then 1. `--only` that
matches no picture is an error too.
"""

from __future__ import annotations

import argparse
import itertools
import os
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "docs" / "screenshots"
SIZES = {"landscape": (1920, 1080), "portrait": (1080, 1920)}


class ShotFailed(Exception):
    """A picture could not be made; the message says which and why."""


#: the pictures that failed: (name, what went wrong with its traceback)
FAILED: list[tuple[str, str]] = []


def _failed(name: str, err: BaseException) -> None:
    """Report a picture that could not be made, at once, and remember it."""
    detail = "".join(traceback.format_exception(err)).rstrip()
    FAILED.append((name, f"{type(err).__name__}: {err}"))
    print(f"screenshots: {name} FAILED: {type(err).__name__}: {err}\n{detail}",
          file=sys.stderr, flush=True)
#: the organisers' site, as in the sample playlists (tools/make_samples.py)
HP_URL = "https://collabo.tokyo-23city.or.jp/"


def _setup() -> None:
    os.environ.setdefault("SDL_VIDEODRIVER", "offscreen")
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    os.environ.setdefault("KIVY_NO_CONSOLELOG", "1")
    from renkei_kiosk.kivy_env import prepare_kivy

    state = Path(tempfile.mkdtemp(prefix="renkei-screenshots-"))
    prepare_kivy(state, fullscreen=False, size=(640, 360))
    from kivy.base import EventLoop

    EventLoop.ensure_window()
    from renkei_kiosk.ui.fonts import fontset

    fontset()  # the kiosk's fonts registered with Kivy, as the app does at its start


def save(img: Any, path: Path, colours: int = 128) -> None:
    """A palette PNG (quantised, no dithering: text stays crisp, files stay small)."""
    from PIL import Image

    small = img.convert("RGB").quantize(colors=colours, method=Image.Quantize.MEDIANCUT,
                                        dither=Image.Dither.NONE)
    path.parent.mkdir(parents=True, exist_ok=True)
    small.save(path, optimize=True)


def prepared(item: Any, size: tuple[int, int], root: Path = REPO) -> Any:
    """The slide the kiosk would show for `item` on a `size` screen."""
    from renkei_kiosk.ui.preparer import Preparer
    from renkei_kiosk.ui.snapshot import settle

    preparer = Preparer(root, lambda: size)
    got: list[Any] = []
    try:
        preparer.prepare(item, (0.0, 0.0, 0.0), got.append)
        deadline = time.monotonic() + 60
        while not got:
            if time.monotonic() > deadline:
                raise ShotFailed(f"{item.key} was not prepared within 60 s")
            settle(1)
            time.sleep(0.005)
    finally:
        preparer.shutdown()
    job = got[0]
    if job.slide is None:
        raise ShotFailed(f"{item.key} cannot be shown: {job.error}")
    return job.slide


def _items() -> dict[str, Any]:
    """One sample item of each kind, from the repository's sample content."""
    from renkei_kiosk.content.loader import load_content
    from renkei_kiosk.core.model import Kind

    content = load_content(REPO)
    items = [i for stem in sorted(content.items) for i in content.items[stem]]

    def first(kind: Kind, cond: Callable[[Any], bool] = lambda _i: True) -> Any:
        return next(i for i in items if i.kind is kind and cond(i))

    cards = [i for i in items if i.kind is Kind.COMMENT and i.comment is not None]
    long_card = max(cards, key=lambda i: len(i.comment.comment))
    short_card = min((i for i in cards if "𠮷" not in i.comment.municipality),
                     key=lambda i: len(i.comment.comment))
    photo_card = next(i for i in cards if i.comment.photo)
    # the sample card with a photo, given the organisers' site for its QR code
    photo_card = replace(photo_card, comment=replace(photo_card.comment, url=HP_URL))
    return {
        "comment-long": long_card,
        "comment-short": short_card,
        "comment-photo-qr": photo_card,
        "image": first(Kind.IMAGE, lambda i: "panels" in (i.path or "")),
        "video": first(Kind.VIDEO),
        "text": first(Kind.TEXT),
        "qr": first(Kind.QR),
    }


def slides(only: str | None) -> list[Path]:
    """Every slide kind at both sizes; returns the files written."""
    from kivy.uix.floatlayout import FloatLayout

    from renkei_kiosk.core.words import text
    from renkei_kiosk.ui.invitation import TouchInvitation
    from renkei_kiosk.ui.slides import ClosedSlide, StandbySlide

    written: list[Path] = []
    items = _items()
    for orient, size in SIZES.items():
        shots: dict[str, Callable[[], Any]] = {
            name: (lambda it=item, sz=size: prepared(it, sz)) for name, item in items.items()
        }
        shots["standby"] = lambda: StandbySlide(title=text("standby_title", "ja"),
                                                message=text("standby_message", "ja"))
        shots["closed"] = lambda: ClosedSlide(message="本日の展示は終了しました（サンプル）")

        def invitation(it: Any = items["image"], sz: tuple[int, int] = size) -> Any:
            layer = FloatLayout()
            slide = prepared(it, sz)
            inv = TouchInvitation()
            inv.opacity = 1
            layer.add_widget(slide)
            layer.add_widget(inv)
            return layer

        shots["touch-invitation"] = invitation
        for name, make in shots.items():
            if only and only not in name:
                continue
            try:
                written.extend(_slide_shot(name, orient, size, make))
            except Exception as e:  # report it, make the others
                _failed(f"{name}-{orient}", e)
    return written


def _slide_shot(name: str, orient: str, size: tuple[int, int],
                make: Callable[[], Any]) -> list[Path]:
    """One slide's picture (and a long comment's second page); the files written."""
    from renkei_kiosk.ui.snapshot import snapshot

    written: list[Path] = []
    widget = make()
    img = snapshot(widget, size, frames=8)
    path = OUT / f"{name}-{orient}.png"
    # flat designs need few colours; photos and panels get a few more
    save(img, path, colours=96 if "comment" in name or name in ("text", "qr",
                                                                "standby") else 80)
    written.append(path)
    if name == "comment-long" and len(widget.pages) > 1:
        widget.show_page(1)
        path = OUT / f"{name}-page2-{orient}.png"
        save(snapshot(widget, size, frames=3), path, colours=96)
        written.append(path)
    release = getattr(widget, "release", None)
    if release is not None:
        release()
    return written


def _wait(seconds: float) -> None:
    """Let Kivy run for `seconds` of real time (slide-ins, thumbnails, the map)."""
    from renkei_kiosk.ui.snapshot import settle

    end = time.monotonic() + seconds
    while time.monotonic() < end:
        settle(1)
        time.sleep(0.01)


def browse(only: str | None) -> list[Path]:
    """The browse screens (home, panels, comments, a prefecture, a category, a comment's
    detail) at both sizes; returns the files written."""
    from renkei_kiosk.content.loader import load_content
    from renkei_kiosk.core.browse_nav import (
        CategoryList,
        CommentList,
        Detail,
        Grid,
        Home,
        PrefectureList,
        Section,
    )
    from renkei_kiosk.core.catalogue import build_catalogue
    from renkei_kiosk.ui.browse import BrowseView
    from renkei_kiosk.ui.snapshot import snapshot

    content = load_content(REPO)
    catalogue = build_catalogue(content.items["main"])
    first_pref = catalogue.comments[0].comment.prefecture if catalogue.comments else "北海道"
    screens: dict[str, Any] = {
        "browse-home": Home(),
        "browse-panels": Grid(Section.PANELS),
        "browse-comments": CommentList(),
        "browse-prefecture": PrefectureList(first_pref),
    }
    if catalogue.categories:
        screens["browse-category"] = CategoryList(catalogue.categories[-1].name)
    if catalogue.comments:
        # the longest comment: paged, its page shown as "1 / N" and dots (turned by a
        # swipe or a tap, never by a timer)
        longest = max(range(len(catalogue.comments)),
                      key=lambda i: len(catalogue.comments[i].comment.comment))
        screens["browse-detail-comment"] = Detail(catalogue.comments[longest],
                                                  catalogue.comments, longest)
    state = Path(tempfile.mkdtemp(prefix="renkei-screenshots-browse-"))
    written: list[Path] = []
    # the home in English too: its longer names ("Kyushu & Okinawa") on the same tiles
    views = [("ja", screens), ("en", {"browse-home-en": Home()})]
    for (lang, shown), (orient, size) in itertools.product(views, SIZES.items()):
        view = BrowseView(catalogue=catalogue, content_root=REPO, state_dir=state,
                          lang=lang, size_hint=(None, None), size=size)
        _wait(1.0)
        for name, screen in shown.items():
            if only and only not in name:
                continue
            try:
                if not isinstance(screen, Home):
                    view.open(screen)
                _wait(1.5)  # the slide-in, thumbnails decoded in workers
                path = OUT / f"{name}-{orient}.png"
                save(snapshot(view, size, frames=4), path, colours=96)
                written.append(path)
            except Exception as e:  # report it, make the others
                _failed(f"{name}-{orient}", e)
            finally:
                if not isinstance(screen, Home):
                    view.show_screen(Home())
                    _wait(0.5)
        view.release()
    return written


def main(argv: list[str] | None = None) -> int:
    global OUT
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="only the pictures whose name contains this")
    parser.add_argument("--out", type=Path, default=OUT,
                        help=f"the folder to write to (default: {OUT.relative_to(REPO)})")
    args = parser.parse_args(argv)
    OUT = args.out.resolve()
    try:
        _setup()
        written = slides(args.only) + browse(args.only)
    except Exception as e:  # (the sample content, the window: nothing could be made)
        _failed("setup", e)
        written = []
    for path in written:
        shown = path.relative_to(REPO) if path.is_relative_to(REPO) else path
        print(f"{shown}  {path.stat().st_size // 1024} KB")
    if FAILED:
        print(f"screenshots: {len(FAILED)} picture(s) FAILED, {len(written)} written:",
              file=sys.stderr)
        for name, why in FAILED:
            print(f"  {name}: {why}", file=sys.stderr)
        return 1
    if not written:
        print(f"screenshots: no picture's name contains {args.only!r}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
