"""`renkei-kiosk check` as staff run it, on good and broken content roots; the probes."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from io import BytesIO
from pathlib import Path

import pytest
from PIL import Image

from renkei_kiosk.media import images
from renkei_kiosk.media.probe import VideoInfo, probe_image, probe_video


@pytest.fixture(scope="session")
def video_bytes(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """A 2-second 160x120 MP4, made once per test session with imageio-ffmpeg's ffmpeg."""
    imageio_ffmpeg = pytest.importorskip("imageio_ffmpeg")
    out = tmp_path_factory.mktemp("video") / "clip.mp4"
    subprocess.run(
        [imageio_ffmpeg.get_ffmpeg_exe(), "-y", "-loglevel", "error", "-f", "lavfi",
         "-i", "testsrc=size=160x120:rate=10", "-t", "2", "-pix_fmt", "yuv420p", str(out)],
        check=True, timeout=60,
    )
    return out.read_bytes()


def jpeg_bytes(size: tuple[int, int] = (64, 48)) -> bytes:
    buffer = BytesIO()
    Image.effect_noise(size, 50).convert("RGB").save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def put(root: Path, rel: str, data: bytes | str) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


def run_check(root: Path, *options: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "renkei_kiosk", *options, "check", "--content", str(root)],
        capture_output=True, text=True, encoding="utf-8", timeout=60, env=env, check=False,
    )


COMMENTS = (
    "自治体名,都道府県,地域,コメント,写真\n"
    "白糠町,北海道,北海道,森と海の町です,media/p/a.jpg\n"
)


def good_root(base: Path, video: bytes) -> Path:
    root = base / "good"
    put(root, "kiosk.yaml", "language: ja\nstaff_pin: \"2468\"\n")
    put(root, "media/p/a.jpg", jpeg_bytes())
    (root / "media/p").mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (32, 32), "blue").save(root / "media/p/b.png")
    put(root, "media/v/clip.mp4", video)
    put(root, "media/c/bom.csv", COMMENTS.encode("utf-8-sig"))
    put(root, "media/c/sjis.csv", COMMENTS.replace("\n", "\r\n").encode("cp932"))
    put(root, "media/unused/also.jpg", jpeg_bytes())
    put(root, "media/p/.DS_Store", b"junk")
    put(root, "playlists/main.yaml", (
        "name: テスト\n"
        "items:\n"
        "  - folder: media/p\n"
        "  - video: media/v/clip.mp4\n"
        "  - comments: media/c/bom.csv\n"
        "  - comments: media\\c\\sjis.csv\n"
        "  - text: お知らせ\n"
    ))
    return root


def test_good_content_passes(tmp_path: Path, video_bytes: bytes) -> None:
    result = run_check(good_root(tmp_path, video_bytes))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines() == [
        "check: プレイリスト 1 件、項目 6 件、メディアファイル 4 件 — 問題はありません",
    ]
    assert result.stderr == ""


def broken_root(base: Path, video: bytes) -> Path:
    root = base / "broken"
    good = jpeg_bytes((200, 150))
    put(root, "media/ok.jpg", good)
    put(root, "media/bad/truncated.jpg", good[: len(good) // 2])
    put(root, "media/bad/empty.png", b"")
    put(root, "media/bad/text.png", "this is not a picture\n")
    put(root, "media/bad/truncated.mp4", video[: len(video) // 2])
    outside = put(base / "outside", "secret.jpg", good)
    put(root, "playlists/main.yaml", (
        "name: main\n"
        "items:\n"
        "  - image: media/ok.jpg\n"
        "  - image: media/bad/truncated.jpg\n"
        "  - image: media/bad/empty.png\n"
        "  - video: media/bad/truncated.mp4\n"
        "  - image: ../outside/secret.jpg\n"
        "  - image: media/missing.jpg\n"
        "  - image: media/link.jpg\n"
    ))
    put(root, "playlists/syntax.yaml", "name: x\nitems:\n  - text: 'unclosed\n  - text: b\n")
    put(root, "playlists/types.yaml", (
        "name: x\nshuffle: maybe\nitems:\n  - text: a\n    duration: -3\n"
    ))
    put(root, "playlists/unknown.yaml", "name: x\nitems:\n  - imag: media/ok.jpg\n")
    try:
        os.symlink(outside, root / "media" / "link.jpg")
    except (OSError, NotImplementedError):
        pytest.skip("symlinks are not available here")
    return root


def test_broken_content_lists_every_problem_with_file_and_line(
    tmp_path: Path, video_bytes: bytes,
) -> None:
    root = broken_root(tmp_path, video_bytes)
    result = run_check(root, "--lang", "en")
    assert result.returncode == 1, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    expected_starts = [
        "media/bad/empty.png: the file is empty (0 bytes)",
        "media/bad/text.png: this is not a readable image",
        "media/bad/truncated.jpg: the image is cut short",
        "media/bad/truncated.mp4: the video cannot be played",
        "media/link.jpg: \"media/link.jpg\" is a link to a place outside the content folder",
        "playlists/main.yaml:7: \"../outside/secret.jpg\" leads outside the content folder",
        "playlists/main.yaml:8: \"media/missing.jpg\" does not exist",
        "playlists/main.yaml:9: \"media/link.jpg\" is a link to a place outside",
        "playlists/syntax.yaml:5: this is not valid YAML",
        "playlists/types.yaml:2: shuffle must be true or false, got \"maybe\"",
        "playlists/types.yaml:5: duration must be a positive number of seconds, got \"-3\"",
        "playlists/unknown.yaml:3: unknown key `imag`: did you mean `image`?",
    ]
    assert len(lines) == len(expected_starts) + 1, result.stdout
    for line, start in zip(lines, expected_starts, strict=False):
        assert line.startswith(start), (line, start)
    assert lines[-1] == "check: 4 playlists, 4 items, 6 media files — 12 problems"


def test_broken_content_in_japanese(tmp_path: Path, video_bytes: bytes) -> None:
    result = run_check(broken_root(tmp_path, video_bytes))
    assert result.returncode == 1
    assert "playlists/main.yaml:8: \"media/missing.jpg\" が見つかりません" in result.stdout
    assert result.stdout.splitlines()[-1] == (
        "check: プレイリスト 4 件、項目 4 件、メディアファイル 6 件 — 問題 12 件"
    )


def test_missing_content_root_is_a_usage_error(tmp_path: Path) -> None:
    result = run_check(tmp_path / "nowhere", "--lang", "en")
    assert result.returncode == 2
    assert "does not exist" in result.stderr


def test_every_problem_of_one_playlist_comes_in_one_run(tmp_path: Path) -> None:
    """Validation errors no longer hide the path, missing-file and broken-file problems."""
    root = tmp_path / "会場"
    good = jpeg_bytes((200, 150))
    put(root, "kiosk.yaml", "language: en\nstaff_pin: \"2468\"\n")
    put(root, "media/写真/良い.jpg", good)
    put(root, "photos/切れた.jpg", good[: len(good) // 2])  # outside media/: decoded only if used
    put(tmp_path / "外", "秘密.jpg", good)
    put(root, "media/声.csv", (
        "自治体名,都道府県,コメント,写真\n白糠町,北海道,森と海の町です,media/写真/ない.jpg\n"
    ))
    put(root, "playlists/会場.yaml", (
        "name: 会場\n"
        "shuffle: maybe\n"  # 2
        "items:\n"
        "  - image: media/写真/良い.jpg\n"  # 4
        "    duraton: 5\n"  # 5
        "  - image: ../外/秘密.jpg\n"  # 6
        "  - image: media/写真/ない.jpg\n"  # 7
        "  - image: photos/切れた.jpg\n"  # 8
        "  - comments: media/声.csv\n"  # 9
        "  - imag: media/写真/良い.jpg\n"  # 10
    ))
    result = run_check(root)
    assert result.returncode == 1
    expected_starts = [
        "media/声.csv:2: row 1: photo \"media/写真/ない.jpg\" does not exist",
        "photos/切れた.jpg: the image is cut short",
        "playlists/会場.yaml:2: shuffle must be true or false",
        "playlists/会場.yaml:5: unknown key `duraton`: did you mean `duration`?",
        "playlists/会場.yaml:6: \"../外/秘密.jpg\" leads outside the content folder",
        "playlists/会場.yaml:7: \"media/写真/ない.jpg\" does not exist",
        "playlists/会場.yaml:10: unknown key `imag`: did you mean `image`?",
        "playlists/: no playlist has anything to show, so the screen would show only the "
        "standby slide",
    ]
    lines = result.stdout.splitlines()
    assert len(lines) == len(expected_starts) + 1, result.stdout
    for line, start in zip(lines, expected_starts, strict=False):
        assert line.startswith(start), (line, start)
    assert lines[-1] == "check: 1 playlists, 0 items, 2 media files — 8 problems"


@pytest.mark.parametrize(
    ("make", "lang", "expected"),
    [
        (lambda root: root.mkdir(), "en", "playlists/: there is no playlists folder"),
        (lambda root: (root / "playlists").mkdir(parents=True), "en",
         "playlists/: there is no playlist file (.yaml) here"),
        (lambda root: (root / "playlists").mkdir(parents=True), "ja",
         "playlists/: プレイリスト（.yaml）が1つもないため、画面には準備中の表示しか出ません"),
        (lambda root: put(root, "playlists/空.yaml", "items:\n  - folder: media/まだ\n"), "en",
         "playlists/: no playlist has anything to show"),
    ],
    ids=["no_folder", "empty_folder", "empty_folder_ja", "nothing_usable"],
)
def test_content_with_nothing_to_show_is_a_problem(
    tmp_path: Path, make: Callable[[Path], object], lang: str, expected: str
) -> None:
    root = tmp_path / "content"
    make(root)
    (root / "media/まだ").mkdir(parents=True)
    result = run_check(root, "--lang", lang)
    assert result.returncode == 1, result.stdout
    assert result.stdout.splitlines()[-2].startswith(expected), result.stdout


def test_a_very_long_comment_is_a_warning_with_what_to_do(tmp_path: Path) -> None:
    root = tmp_path / "content"
    put(root, "kiosk.yaml", "staff_pin: \"2468\"\n")
    long_text = "森と海の町です" * 300  # 2,100 characters
    put(root, "media/声.csv", (
        "自治体名,都道府県,コメント\n白糠町,北海道,短いです\n鶴居村,北海道," + long_text + "\n"
    ))
    put(root, "playlists/main.yaml", "items:\n  - comments: media/声.csv\n")
    result = run_check(root)
    assert result.returncode == 0, result.stdout + result.stderr  # a warning, not a problem
    assert result.stdout.splitlines()[-1].endswith("問題はありません")
    assert result.stderr.splitlines() == [
        "media/声.csv: 注意: 2行目: コメントが 2100 文字あり、カードが何ページにもなります"
        "（1ページごとに項目の表示秒数ずつ表示されます）。400 文字以内に短くするか、"
        "複数の行に分けてください",
    ]


def test_touch_false_without_a_pin_warns_once_that_nothing_answers_on_screen(
    tmp_path: Path,
) -> None:
    root = tmp_path / "content"
    put(root, "playlists/main.yaml", "items:\n  - text: お知らせ\n")
    put(root, "kiosk.yaml", "touch: false\n")
    result = run_check(root)
    assert result.returncode == 0, result.stdout + result.stderr  # a warning, not a problem
    assert result.stderr.splitlines() == [
        "kiosk.yaml: 注意: touch: false で staff_pin もないため、画面はタッチにもクリックにも"
        "反応せず、スタッフは画面からキオスクを終了できません（例: staff_pin: \"2468\" "
        "と書けば、マウスで左上の隅を5秒押してスタッフ画面を開けます）",
    ]
    # with a PIN, staff can open the panel with a mouse: nothing to warn about
    put(root, "kiosk.yaml", "touch: false\nstaff_pin: \"2468\"\n")
    result = run_check(root)
    assert (result.returncode, result.stderr) == (0, "")


def test_the_summary_follows_language_even_when_kiosk_yaml_has_a_problem(
    tmp_path: Path,
) -> None:
    root = tmp_path / "content"
    put(root, "kiosk.yaml", "language: en\nidle_timout: 5\n")
    put(root, "playlists/main.yaml", "items:\n  - text: お知らせ\n  - image: media/ない.jpg\n")
    result = run_check(root)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "kiosk.yaml:2: unknown key `idle_timout`: did you mean `idle_timeout`?",
        "playlists/main.yaml:3: \"media/ない.jpg\" does not exist; check the name "
        "(capital letters too) or copy the file in",
        "check: 1 playlists, 1 items, 0 media files — 2 problems",
    ]
    assert result.stderr.startswith("kiosk.yaml: warning: no staff_pin")
    # --lang wins over language:
    assert run_check(root, "--lang", "ja").stdout.splitlines()[-1] == (
        "check: プレイリスト 1 件、項目 1 件、メディアファイル 0 件 — 問題 2 件"
    )


# --- the probes, in process --------------------------------------------------------------


def test_probe_image(tmp_path: Path) -> None:
    data = jpeg_bytes((120, 90))
    assert probe_image(put(tmp_path, "ok.jpg", data)) is None
    assert "cut short" in (probe_image(put(tmp_path, "t.jpg", data[:-400]), "en") or "")
    assert "empty" in (probe_image(put(tmp_path, "e.png", b""), "en") or "")
    assert "not a readable image" in (probe_image(put(tmp_path, "x.png", "text"), "en") or "")
    assert "cannot be read" in (probe_image(tmp_path / "absent.png", "en") or "")


def test_probe_image_refuses_huge_pictures(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = put(tmp_path, "big.jpg", jpeg_bytes((300, 200)))
    png = put(tmp_path, "big.png", b"")
    Image.new("RGB", (300, 200)).save(png)
    monkeypatch.setattr(images, "MAX_PIXELS", 300 * 200 - 1)
    assert probe_image(png, "en") == (
        "the image is too large (300×200 pixels); make it smaller, e.g. 3840 pixels wide"
    )
    # a JPEG counts at the 1/8 scale its decoder reduces to
    assert probe_image(path, "en") is None
    monkeypatch.setattr(images, "MAX_PIXELS", (300 // 8) * (200 // 8) - 1)
    assert "(300×200 pixels)" in (probe_image(path, "en") or "")


def test_probe_video(tmp_path: Path, video_bytes: bytes) -> None:
    info = probe_video(put(tmp_path, "v.mp4", video_bytes))
    assert isinstance(info, VideoInfo)
    assert (info.width, info.height) == (160, 120)
    assert info.duration == pytest.approx(2.0, abs=0.2)
    assert info.frame_rate == pytest.approx(10.0)
    cut = probe_video(put(tmp_path, "cut.mp4", video_bytes[: len(video_bytes) // 3]), lang="en")
    assert isinstance(cut, str) and "cannot be played" in cut
    assert "cannot be played" in str(probe_video(put(tmp_path, "t.mp4", "text"), lang="en"))
    assert "empty" in str(probe_video(put(tmp_path, "e.mp4", b""), lang="en"))


def test_the_repositorys_sample_content_passes() -> None:
    from renkei_kiosk.cli import SAMPLE_CONTENT

    if not (SAMPLE_CONTENT / "playlists").is_dir():
        pytest.skip("no sample content in this checkout")
    result = run_check(SAMPLE_CONTENT, "--lang", "en")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip().endswith("— no problems")
