"""`renkei-kiosk report`: one self-contained HTML page, opened in headless Chromium: the
plots are on screen and the Japanese text is drawn with the kiosk's font; planned shares;
the PDF."""

from __future__ import annotations

import base64
import io
import re
import shutil
import subprocess
import sys
import tempfile
import warnings
from datetime import timedelta
from pathlib import Path

import pytest
from PIL import Image

from renkei_kiosk.cli import main
from renkei_kiosk.core.touches import Touch, TouchAction
from renkei_kiosk.stats.report import planned_shares, plot_sessions_per_hour
from renkei_kiosk.stats.source import open_source
from renkei_kiosk.stats.tables import Period, Stats, compute
from renkei_kiosk.store import Store
from test_stats import DAY1, PANELS, generate, write_with_store

#: prefectures visitors looked at in the test data, and how often
PREF_TOUCHES = {"北海道": 9, "秋田県": 4, "大阪府": 2, "沖縄県": 1}


def make_state(folder: Path) -> Path:
    """A kiosk's state: generated plays and sessions, plus touches about prefectures."""
    generate(folder / "kiosk.sqlite3", days=2, plays_per_day=120, visitors_per_hour=2,
             touches_per_visitor=3, gap=10)
    with Store(folder / "kiosk.sqlite3") as store:
        t = DAY1 + timedelta(hours=2, minutes=2)
        for pref, n in PREF_TOUCHES.items():
            for _ in range(n):
                store.touch(Touch(TouchAction.ITEM, f"media/comments/賛同.csv#{n}",
                                  prefecture=pref), t)
                t += timedelta(seconds=3)
        row = store.play_started("media/panels/壊れた.jpg", "image", "main", t)
        store.play_ended(row, t, "skipped")
    return folder


def stats_of(state: Path) -> Stats:
    source = open_source(state, state.name)
    try:
        return compute([source], Period(), 60.0)
    finally:
        source.close()


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("report")
    state = make_state(root / "会場A")
    out = root / "報告" / "report.html"
    assert main(["report", "--state", str(state), "--out", str(out), "--pdf"]) == 0
    return out


def test_the_page_is_self_contained(report: Path) -> None:
    page = report.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and '<html lang="ja">' in page
    # nothing from the network: every src and url() is a data: URI
    refs = re.findall(r'(?:src|href)="([^"]*)"|url\("?([^")]*)', page)
    assert refs and all((a or b).startswith("data:") for a, b in refs)
    assert "http://" not in page and "https://" not in page
    imgs = re.findall(r'<img class="plot" id="([^"]+)"[^>]*src="data:image/png;base64,', page)
    assert imgs == ["plot-sessions-day", "plot-sessions-hour", "plot-opened", "plot-map",
                    "plot-share"]
    assert "media/panels/壊れた.jpg" in page  # the skipped file is listed


def test_the_embedded_font_has_every_character_of_the_page(report: Path) -> None:
    from fontTools.ttLib import TTFont

    page = report.read_text(encoding="utf-8")
    data = re.search(r'url\("data:font/ttf;base64,([^"]+)"\)', page)
    assert data is not None
    font = TTFont(io.BytesIO(base64.b64decode(data.group(1))))
    cmap = font.getBestCmap()
    body = re.sub(r'src="data:[^"]+"', "", page.split("<body>", 1)[1])
    text = re.sub(r"<[^>]+>", "", body)
    needed = {c for c in text if not c.isspace()}
    assert {"利", "用", "壊", "会", "場"} <= needed
    assert sorted(c for c in needed if ord(c) not in cmap) == []


def test_plots_have_every_glyph_in_the_kiosk_font(tmp_path: Path) -> None:
    from matplotlib import rc_context

    from renkei_kiosk.stats.report import Planned, render_html

    stats = stats_of(make_state(tmp_path / "k"))
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # matplotlib warns "Glyph ... missing from font(s)"
        render_html(stats, "ja", Planned({}, {}, False))
    # the check can fail: the same plot in matplotlib's default font lacks the glyphs
    with rc_context({"font.family": ["DejaVu Sans"]}), pytest.warns(
            UserWarning, match="missing from font"):
        plot_sessions_per_hour(stats, "ja").savefig(io.BytesIO(), format="png")


def test_the_pdf_has_one_page_per_plot(report: Path) -> None:
    pdf = report.with_suffix(".pdf").read_bytes()
    assert pdf.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page\b", pdf)) == 5


# --- planned shares ---------------------------------------------------------------------------

def test_planned_share_is_equal_over_the_items_the_log_saw(tmp_path: Path) -> None:
    state = tmp_path / "k"
    generate(state / "kiosk.sqlite3", days=1, plays_per_day=30, visitors_per_hour=0,
             touches_per_visitor=0, gap=1)
    planned = planned_shares(stats_of(state), None)
    assert not planned.from_content
    assert planned.shares == pytest.approx({p: 1 / 3 for p in PANELS})


def test_planned_share_comes_from_the_playlist_with_content(tmp_path: Path) -> None:
    content = tmp_path / "content"
    names = ["新宿", "渋谷", "港", "未表示"]
    (content / "media" / "panels").mkdir(parents=True)
    for name in names:
        Image.new("RGB", (64, 36), (200, 30, 30)).save(content / "media" / "panels" / f"{name}.jpg")
    (content / "playlists").mkdir()
    (content / "playlists" / "main.yaml").write_text(
        "name: 展示\nitems:\n  - folder: media/panels\n    title: パネル\n", encoding="utf-8")
    state = tmp_path / "k"
    generate(state / "kiosk.sqlite3", days=1, plays_per_day=30, visitors_per_hour=0,
             touches_per_visitor=0, gap=1)
    planned = planned_shares(stats_of(state), content)
    assert planned.from_content
    # four items in the playlist, one never shown: each planned at a quarter
    assert planned.shares == pytest.approx({f"media/panels/{n}.jpg": 0.25 for n in names})


# --- the page in a browser --------------------------------------------------------------------

CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--hide-scrollbars", "--force-device-scale-factor=1",
]


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        if not sys.platform.startswith("linux"):
            pytest.skip("headless Chromium is only set up on Linux (dev.sh installs it)")
        pytest.fail("chromium is not installed: run ./dev.sh setup (apt-get install chromium)")
    return found


def screenshot(page: Path, size: tuple[int, int]) -> Image.Image:
    """The page as headless Chromium draws it, in a fresh profile."""
    profile = Path(tempfile.mkdtemp(prefix="renkei-chromium-"))
    shot = page.with_suffix(".png")
    try:
        subprocess.run(
            [chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={profile}",
             f"--window-size={size[0]},{size[1]}", f"--screenshot={shot}", page.as_uri()],
            capture_output=True, timeout=120, check=True,
        )
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    with Image.open(shot) as img:
        return img.convert("RGB")


def saturated_pixels(img: Image.Image) -> int:
    """Pixels in clear colour (plot bars and map fills; text and rules are grey)."""
    import numpy as np

    a = np.asarray(img.convert("RGB")).astype(int)
    return int(((a.max(axis=2) - a.min(axis=2)) > 60).sum())


def embedded_plots(page: str) -> list[Image.Image]:
    return [Image.open(io.BytesIO(base64.b64decode(data)))
            for data in re.findall(r'src="data:image/png;base64,([^"]+)"', page)]


def test_in_chromium_the_plots_show_and_japanese_is_drawn_with_the_kiosk_font(
    report: Path, tmp_path: Path
) -> None:
    import numpy as np

    page = report.read_text(encoding="utf-8")
    size = (1100, 6000)
    shot = screenshot(report, size)
    shot.crop((0, 0, 1100, 1400)).save(tmp_path / "report_top.png")  # for a person to look

    # plots: every coloured pixel of the five plots is on screen
    in_plots = sum(saturated_pixels(img) for img in embedded_plots(page))
    assert in_plots > 20000
    on_screen = saturated_pixels(shot)
    assert on_screen >= 0.97 * in_plots
    # (the check can fail: the same page with its images broken has none of them)
    broken = tmp_path / "broken.html"
    broken.write_text(re.sub(r'src="data:image/png;base64,[^"]+"', 'src="data:,"', page),
                      encoding="utf-8")
    assert saturated_pixels(screenshot(broken, size)) < 0.03 * in_plots

    # Japanese: the title is drawn with the embedded kiosk font. The same page whose font
    # has no Japanese glyphs falls back to whatever the system has (another font, or
    # boxes where it has none): the title must look different from that.
    from fontTools import subset

    from renkei_kiosk.media.fontfiles import main_font_path

    options = subset.Options()
    latin = subset.load_font(str(main_font_path()), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text="0123456789:-. abcdefghijklmnopqrstuvwxyz")
    subsetter.subset(latin)
    buf = io.BytesIO()
    latin.save(buf)
    no_japanese = tmp_path / "no_japanese.html"
    no_japanese.write_text(
        re.sub(r'url\("data:font/ttf;base64,[^"]+"\)',
               'url("data:font/ttf;base64,' + base64.b64encode(buf.getvalue()).decode() + '")',
               page), encoding="utf-8")
    fallback = screenshot(no_japanese, size)
    title_box = (0, 0, 1100, 70)
    ours = np.asarray(shot.crop(title_box).convert("L")).astype(int)
    theirs = np.asarray(fallback.crop(title_box).convert("L")).astype(int)
    assert (ours < 128).sum() > 500  # the title is there (dark ink)
    differing = (np.abs(ours - theirs) > 64).sum()
    assert differing > 0.2 * (ours < 128).sum()


def test_report_merges_kiosks_and_names_them(tmp_path: Path) -> None:
    a = tmp_path / "会場A"
    b = tmp_path / "会場B"
    write_with_store(a / "kiosk.sqlite3")
    make_state(b)
    out = tmp_path / "r.html"
    assert main(["--lang", "en", "report", "--state", str(a), "--state", str(b),
                 "--out", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    assert '<html lang="en">' in page and "Kiosk usage report" in page
    assert "会場A" in page and "会場B" in page and "all kiosks" in page


def test_report_wants_an_html_file_name(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                        ) -> None:
    state = tmp_path / "k"
    write_with_store(state / "kiosk.sqlite3")
    with pytest.raises(SystemExit) as exit_info:
        main(["report", "--state", str(state), "--out", str(tmp_path / "r.pdf")])
    assert exit_info.value.code == 2
    assert ".html" in capsys.readouterr().err
