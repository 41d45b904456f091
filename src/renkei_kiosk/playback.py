"""Carrying out the player's commands: preparing slides, the stage, the play log.

The player (core.player) decides; this does what it says, on the Kivy thread: it starts
and drops the preparer's jobs, puts slides and placeholders on the stage, writes play
rows, and reports back what it learns (a slide is ready or cannot be shown, a video
reached its end).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path

from kivy.clock import Clock

from renkei_kiosk.core import words
from renkei_kiosk.core.model import Item, Transition
from renkei_kiosk.core.player import (
    CancelPrepare,
    ClosePlay,
    Command,
    OpenPlay,
    Outcome,
    Placeholder,
    Player,
    Prepare,
    RecordSkip,
    SaveResume,
    Show,
    ShowPage,
    ShowPlaceholder,
    Switched,
)
from renkei_kiosk.core.reload import source_file
from renkei_kiosk.statefiles import StateFiles
from renkei_kiosk.store import Store
from renkei_kiosk.ui.preparer import Job, Preparer
from renkei_kiosk.ui.slides import ClosedSlide, CommentSlide, Slide, StandbySlide, VideoSlide
from renkei_kiosk.ui.stage import Stage

__all__ = ["Playback", "close_crashed_plays"]

log = logging.getLogger("renkei_kiosk")



def close_crashed_plays(store: Store, alive: datetime | None, now: datetime) -> None:
    """Close the play rows a crash (kill -9, a power cut) left open, as interrupted at
    `alive`, the last time the kiosk was known alive (else `now`)."""
    closed = store.close_open_plays(alive or now, Outcome.INTERRUPTED)
    if closed:
        when = (f"at {alive.isoformat(timespec='seconds')}, the last time the kiosk was "
                "known alive") if alive else "now (no sign of life was recorded)"
        log.warning("Kiosk: %d play row(s) left open by an unclean stop (a crash, kill -9 "
                    "or a power cut) closed as interrupted %s", closed, when)


class Playback:
    """The hands of the player: one preparation at a time, the stage and the play log."""

    def __init__(
        self,
        player: Player,
        stage: Stage,
        preparer: Preparer,
        store: Store | None,
        files: StateFiles,
        *,
        content_root: Path,
        wallclock: Callable[[], datetime],
        lang: Callable[[], str],
    ) -> None:
        self.player = player
        self.stage = stage
        self.preparer = preparer
        self.store = store
        self.files = files
        self.content_root = content_root
        self.wallclock = wallclock
        self.lang = lang
        #: the slide being prepared
        self.job: Job | None = None
        self._play_row: int | None = None

    def run(self, commands: Iterable[Command]) -> None:
        """Carry out `commands` in order."""
        for cmd in commands:
            if isinstance(cmd, Prepare):
                self._prepare(cmd)
            elif isinstance(cmd, CancelPrepare):
                self._cancel_job()
            elif isinstance(cmd, Show):
                self._show(cmd)
            elif isinstance(cmd, ShowPage):
                if isinstance(self.stage.current, CommentSlide):
                    self.stage.current.show_page(cmd.page)
            elif isinstance(cmd, ShowPlaceholder):
                self._show_placeholder(cmd.which, cmd.duration)
            elif isinstance(cmd, OpenPlay):
                if self.store is not None:
                    self._play_row = self.store.play_started(
                        cmd.item.key, cmd.item.kind.value, cmd.playlist, self.wallclock())
            elif isinstance(cmd, ClosePlay):
                self._close_play(cmd.outcome)
            elif isinstance(cmd, RecordSkip):
                self._record_skip(cmd)
            elif isinstance(cmd, SaveResume):
                self.files.save_resume(cmd.point, self.wallclock(), Clock.get_time())
            elif isinstance(cmd, Switched):
                self._switched(cmd)

    def _switched(self, cmd: Switched) -> None:
        if cmd.playlist is not None:
            log.info("Schedule: playlist %s", cmd.playlist.stem)
        elif self.player.content.playlists:
            log.info("Schedule: closed (no playlist is scheduled now)")
        else:
            log.warning("Schedule: there are no playlists in %s/playlists; showing the "
                        "standby slide until one is added", self.content_root)

    def stamp(self, item: Item) -> object:
        """(size, mtime) of the file behind `item`, so a failure is retried when it changes."""
        try:
            st = (self.content_root / source_file(item)).stat()
        except OSError:
            return None
        return (st.st_size, st.st_mtime_ns)

    # -- preparing --------------------------------------------------------------------
    def _prepare(self, cmd: Prepare) -> None:
        self._cancel_job()
        self.job = self.preparer.prepare(cmd.item, cmd.background, self._job_done,
                                         page_seconds=cmd.page_seconds)

    def _cancel_job(self) -> None:
        if self.job is not None:
            self.job.cancel()
            self.job = None

    def _job_done(self, job: Job) -> None:
        """A slide is ready (or failed): tell the player."""
        if job is not self.job:
            job.cancel()
            return
        now = Clock.get_time()
        if job.error is not None or job.slide is None:
            self.job = None
            reason = job.error or "cannot be shown"
            self.run(self.player.failed(job.item.key, reason, self.stamp(job.item), now))
            return
        pages = len(job.slide.pages) if isinstance(job.slide, CommentSlide) else 0
        self.run(self.player.prepared(job.item.key, now, pages=pages))

    # -- the stage --------------------------------------------------------------------
    def _show(self, cmd: Show) -> None:
        """Put the prepared slide on the stage."""
        job = self.job
        assert job is not None and job.slide is not None and job.item.key == cmd.item.key
        slide, self.job = job.slide, None
        if isinstance(slide, VideoSlide):
            slide.bind(ended=self._video_ended)
        self.stage.show(slide, cmd.transition, cmd.duration)
        log.info("Player: showing %s", cmd.item.key)

    def _video_ended(self, slide: VideoSlide, ended: bool) -> None:
        if ended:
            self.player.video_ended(slide.key)

    def _show_placeholder(self, which: Placeholder, duration: float) -> None:
        """The standby or closed slide."""
        slide: Slide
        settings = self.player.content.settings
        if which is Placeholder.CLOSED:
            message = settings.closed_message if settings.closed_mode == "text" else ""
            slide = ClosedSlide(message=message or "")
        else:
            lang = self.lang()
            slide = StandbySlide(title=words.text("standby_title", lang),
                                 message=words.text("standby_message", lang))
        self.stage.show(slide, Transition.FADE, duration)

    # -- the play log -----------------------------------------------------------------
    def _close_play(self, outcome: Outcome) -> None:
        if self._play_row is not None and self.store is not None:
            self.store.play_ended(self._play_row, self.wallclock(), outcome)
        self._play_row = None

    def _record_skip(self, cmd: RecordSkip) -> None:
        log.warning("Player: skipping %s: %s", cmd.item.key, cmd.reason)
        if self.store is not None:
            now = self.wallclock()
            row = self.store.play_started(cmd.item.key, cmd.item.kind.value, cmd.playlist, now)
            self.store.play_ended(row, now, Outcome.SKIPPED)

    def shutdown(self) -> None:
        """Stop: the player's last commands, then the stage and the workers."""
        self.run(self.player.stop())
        self._cancel_job()
        self.stage.clear()
        self.preparer.shutdown()


