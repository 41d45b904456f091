"""Staff access wired to the running KioskApp: what the panel shows, what its buttons do.

The one place that reads the app for staff: its content, playlist, rotation and state
folder, `last_reload_at`, and its staff hooks `exit_by_staff`, `reload_now`, `skip_item`.
The app calls :func:`attach_staff` once it runs, and the access's `detach` when it stops.
"""

from __future__ import annotations

import logging
from typing import Any

from kivy.clock import Clock

import renkei_kiosk
from renkei_kiosk.core.staff import PanelInfo, StaffAction
from renkei_kiosk.sysinfo import free_disk, resident_memory
from renkei_kiosk.ui.staff.access import StaffAccess

log = logging.getLogger("renkei_kiosk")


def attach_staff(app: Any) -> StaffAccess:
    """Staff access for `app` (a KioskApp that has started). With no `staff_pin` in
    kiosk.yaml the corner does nothing (logged); a PIN added later works at once."""
    if not app.content.settings.staff_pin:
        log.info("Staff: no staff_pin in kiosk.yaml, so there is no staff panel")
    started = Clock.get_time()

    def info() -> PanelInfo:
        rot = app.rotation
        current = rot.current if rot is not None else None
        skipped = tuple(i.key for i in rot.items if rot.is_failed(i.key)) if rot else ()
        return PanelInfo(
            content_root=str(app.content_root),
            playlist=app.playlist.name if app.playlist is not None else None,
            item=current.key if current is not None else None,
            last_reload=app.last_reload_at,
            problems=tuple(str(p) for p in app.content.problems),
            skipped=skipped,
            uptime=Clock.get_time() - started,
            fps=Clock.get_fps(),
            memory=resident_memory(),
            free_disk=free_disk(app.state_dir),
            version=renkei_kiosk.__version__,
            touch=app.touchable,
        )

    def act(action: StaffAction) -> None:
        if action is StaffAction.EXIT:
            app.exit_by_staff()
        elif action is StaffAction.RELOAD:
            app.reload_now()
        elif action is StaffAction.SKIP:
            app.skip_item()

    access = StaffAccess(
        pin=lambda: app.content.settings.staff_pin,
        lang=lambda: app.lang,
        info=info,
        act=act,
    )
    access.attach()
    return access
