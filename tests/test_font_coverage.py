"""Font coverage read in a child process, kept as ranges."""

from __future__ import annotations

import logging
import random

import pytest

from renkei_kiosk.media import font_coverage
from renkei_kiosk.media.font_coverage import Ranges, coverage, coverage_isolated, to_ranges
from renkei_kiosk.media.fontfiles import main_font_path


def test_ranges_answer_like_the_set_they_came_from() -> None:
    rng = random.Random(5)
    points = set(rng.sample(range(0x20000), 5000)) | set(range(0x3040, 0x30A0))
    ranges = Ranges(to_ranges(points))
    assert len(ranges) == len(points)
    for cp in range(0x20100):
        assert (cp in ranges) == (cp in points), hex(cp)
    assert "a" not in ranges  # not a code point


def test_the_child_reads_the_same_characters_as_fonttools_here(
    caplog: pytest.LogCaptureFixture,
) -> None:
    path = str(main_font_path())
    with caplog.at_level(logging.WARNING, logger="renkei_kiosk"):
        [cover] = coverage_isolated([path])
    assert "reading them here" not in caplog.text  # the child answered
    here = coverage(path)
    assert len(cover) == len(here) > 10_000
    assert all(ord(c) in cover for c in "白糠町のコメントABC")
    assert ord("🌸") not in cover


def test_a_failing_child_falls_back_to_reading_here(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(font_coverage.sys, "executable", "/nonexistent/python")
    with caplog.at_level(logging.WARNING, logger="renkei_kiosk"):
        [cover] = coverage_isolated([str(main_font_path())])
    assert "reading them here" in caplog.text
    assert ord("白") in cover
