"""The `stats` and `report` commands: options in, sources opened, figures out.

Exit codes: 0 figures written; 1 a source was missing or damaged (the figures of what
could be read are still written, and each problem is printed naming its file); 2 usage
errors (a bad date, no source could be opened at all).
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from renkei_kiosk.core import words
from renkei_kiosk.stats.source import (
    Source,
    SourceError,
    default_state_dir,
    kiosk_ids,
    open_source,
)
from renkei_kiosk.stats.tables import DEFAULT_IDLE_TIMEOUT, Period, Stats, compute

__all__ = ["add_options", "run_report", "run_stats"]


def add_options(sub: argparse.ArgumentParser) -> None:
    """The options `stats` and `report` share."""
    sub.add_argument("--state", type=Path, action="append", default=None, metavar="DIR",
                     help="a kiosk's state folder or its kiosk.sqlite3; repeat to merge "
                          "several kiosks (default: this PC's state folder)")
    sub.add_argument("--since", default=None, metavar="DATE",
                     help="first day, YYYY-MM-DD (the kiosk's local date)")
    sub.add_argument("--until", default=None, metavar="DATE",
                     help="last day, YYYY-MM-DD, included")
    sub.add_argument("--content", type=Path, default=None, metavar="DIR",
                     help="the content root: idle_timeout from its kiosk.yaml "
                          "(and, for report, the playlists' planned shares)")
    sub.add_argument("--idle-timeout", type=float, default=None, metavar="SECONDS",
                     help="a visitor session ends after this long without a touch "
                          f"(default: kiosk.yaml's idle_timeout, else {DEFAULT_IDLE_TIMEOUT:g})")


def _say(text: str) -> None:
    try:
        print(text)
    except UnicodeEncodeError:  # a console that cannot show the names (old Windows code page)
        enc = sys.stdout.encoding or "ascii"
        print(text.encode(enc, errors="replace").decode(enc))


def _warn(text: str) -> None:
    try:
        print(text, file=sys.stderr)
    except UnicodeEncodeError:
        print(text.encode("ascii", errors="replace").decode("ascii"), file=sys.stderr)


def _date(text: str | None, option: str, parser: argparse.ArgumentParser, lang: str
          ) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        parser.error(words.text("stats_bad_date", lang, option=option, value=text))
    return None  # pragma: no cover (parser.error exits)


def _idle_timeout(args: argparse.Namespace, parser: argparse.ArgumentParser, lang: str
                  ) -> float:
    if args.idle_timeout is not None:
        if args.idle_timeout <= 0:
            parser.error(words.text("stats_bad_idle", lang))
        return float(args.idle_timeout)
    if args.content is not None:
        if not args.content.is_dir():
            parser.error(words.text("stats_no_content", lang, path=args.content))
        from renkei_kiosk.content.loader import load_settings_file

        settings, _problems = load_settings_file(args.content)
        return float(settings.idle_timeout)
    return DEFAULT_IDLE_TIMEOUT


def _open_all(paths: Sequence[Path], lang: str) -> tuple[list[Source], list[str]]:
    sources: list[Source] = []
    problems: list[str] = []
    for path, kiosk in zip(paths, kiosk_ids(paths), strict=True):
        try:
            sources.append(open_source(path, kiosk, lang))
        except SourceError as e:
            problems.append(str(e))
    return sources, problems


def _gather(args: argparse.Namespace, parser: argparse.ArgumentParser, lang: str
            ) -> tuple[Stats, list[Source], list[str]]:
    period = Period(_date(args.since, "--since", parser, lang),
                    _date(args.until, "--until", parser, lang))
    if period.since and period.until and period.until < period.since:
        parser.error(words.text("stats_until_before_since", lang, until=period.until,
                                since=period.since))
    idle = _idle_timeout(args, parser, lang)
    paths = args.state
    if not paths:
        paths = [default_state_dir()]
    sources, problems = _open_all(paths, lang)
    for problem in problems:
        _warn(problem)
    if not sources:
        parser.error(words.text("stats_nothing_read", lang))
    stats = compute(sources, period, idle)
    for problem in stats.problems:
        _warn(problem)
    return stats, sources, problems + list(stats.problems)


def run_stats(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    """`renkei-kiosk stats`: the figures as a table, JSON or CSV files; the exit code."""
    from renkei_kiosk.stats.output import to_json, to_text, write_csv

    lang = args.lang or "ja"
    stats, sources, problems = _gather(args, parser, lang)
    try:
        if args.csv is not None:
            for path in write_csv(stats, args.csv, lang):
                _warn(f"stats: {words.text('stats_wrote', lang, path=path)}")
        if args.json:
            _say(to_json(stats))
        elif args.csv is None:
            _say(to_text(stats, lang))
    finally:
        for source in sources:
            source.close()
    return 1 if problems else 0


def run_report(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    """`renkei-kiosk report`: one self-contained HTML page (and a PDF); the exit code."""
    from renkei_kiosk.stats.report import planned_shares, write_report

    lang = args.lang or "ja"
    # their debug lines and notes ("meta NOT subset") are not for organisers
    for noisy in ("fontTools", "matplotlib"):
        logging.getLogger(noisy).setLevel(logging.ERROR)
    if args.out.suffix.lower() not in (".html", ".htm"):
        parser.error(words.text("report_need_html", lang, path=args.out))
    stats, sources, problems = _gather(args, parser, lang)
    try:
        planned = planned_shares(stats, args.content)
        written = write_report(stats, args.out, lang, planned=planned, pdf=args.pdf)
    finally:
        for source in sources:
            source.close()
    for path in written:
        _warn(f"report: {words.text('stats_wrote', lang, path=path)}")
    return 1 if problems else 0
