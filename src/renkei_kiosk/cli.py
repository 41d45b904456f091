"""The `renkei-kiosk` command line: parses arguments and hands over to each command.

Kivy is imported only by `run`, after `KIVY_NO_ARGS` is set, so `check`, `schedule`,
`stats` and `report` work on machines without a display.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from renkei_kiosk import __version__

#: the repository's own top level holds the sample content (playlists/ and media/)
SAMPLE_CONTENT = Path(__file__).resolve().parents[2]


def default_content() -> Path:
    """The content root used when `--content` is not given: the sample content."""
    return SAMPLE_CONTENT


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every sub-command."""
    parser = argparse.ArgumentParser(
        prog="renkei-kiosk",
        description="Digital signage and touch-browse kiosk for exhibitions.",
    )
    _add_version(parser)
    _add_lang(parser, default=None)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run = sub.add_parser("run", help="run the kiosk")
    run.add_argument("--content", type=Path, default=None, help="content root (default: samples)")
    run.add_argument("--windowed", action="store_true", help="a window instead of fullscreen")
    run.add_argument("--state", type=Path, default=None, help="state folder (logs, database)")
    run.add_argument("--size", default=None, help="window size WxH when windowed, e.g. 1280x720")

    check = sub.add_parser("check", help="validate all content and decode every media file")
    check.add_argument("--content", type=Path, default=None, help="content root (default: samples)")

    sched = sub.add_parser("schedule", help="preview which playlist is active when")
    sched.add_argument("--content", type=Path, default=None, help="content root (default: samples)")
    sched.add_argument("--at", default=None, help="a moment, ISO-8601 local time")
    sched.add_argument("--from", dest="start", default=None, help="start of a span (ISO-8601)")
    sched.add_argument("--to", dest="end", default=None, help="end of a span (ISO-8601)")
    sched.add_argument("--json", action="store_true", help="machine-readable output")

    from renkei_kiosk.stats.command import add_options

    stats = sub.add_parser("stats", help="plays, touches and visitor sessions from kiosks' logs")
    add_options(stats)
    stats.add_argument("--json", action="store_true", help="machine-readable output")
    stats.add_argument("--csv", type=Path, default=None, metavar="DIR",
                       help="write one CSV file per table into DIR (UTF-8 with BOM, for Excel)")

    report = sub.add_parser("report", help="one HTML page with plots for the organisers")
    add_options(report)
    report.add_argument("--out", type=Path, required=True, metavar="FILE.html",
                        help="the HTML file to write")
    report.add_argument("--pdf", action="store_true", help="also write FILE.pdf beside it")

    # global options go before or after the command (SPEC.md): `check --lang en` too
    for command in sub.choices.values():
        _add_lang(command, default=argparse.SUPPRESS)  # absent: the global value stays
        _add_version(command)
    return parser


def _add_version(parser: argparse.ArgumentParser) -> None:
    """`--version`: prints `renkei-kiosk X.Y.Z` and exits 0."""
    parser.add_argument("--version", action="version", version=f"renkei-kiosk {__version__}")


def _add_lang(parser: argparse.ArgumentParser, *, default: object) -> None:
    """The `--lang` option, on the main parser and again on each command."""
    parser.add_argument(
        "--lang", choices=["ja", "en"], default=default,
        help="language of messages (default: kiosk.yaml's `language`, else ja)",
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of `renkei-kiosk`; returns the process exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    content: Path = (args.content or default_content()).resolve()
    if args.command == "check":
        from renkei_kiosk.content.check import run_check

        return run_check(content, lang=args.lang)
    if args.command == "schedule":
        from renkei_kiosk.content.schedule_preview import run_schedule

        return run_schedule(
            content, at=args.at, start=args.start, end=args.end, as_json=args.json,
            lang=args.lang, parser=parser,
        )
    if args.command in ("stats", "report"):
        from renkei_kiosk.stats.command import run_report, run_stats

        return (run_stats if args.command == "stats" else run_report)(args, parser)
    if args.command == "run":
        os.environ.setdefault("KIVY_NO_ARGS", "1")
        from renkei_kiosk.runner import run_kiosk

        return run_kiosk(
            content, state=args.state, windowed=args.windowed, size=args.size, lang=args.lang,
        )
    parser.error(f"unknown command {args.command}")
    return 2


if __name__ == "__main__":
    sys.exit(main())
