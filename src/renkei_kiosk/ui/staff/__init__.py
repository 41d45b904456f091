"""Staff access: the PIN pad and the staff panel (SPEC "Staff panel").

:func:`attach_staff` wires them to a running KioskApp; the rules are core.staff's.
"""

from __future__ import annotations

from renkei_kiosk.ui.staff.wiring import attach_staff

__all__ = ["attach_staff"]
