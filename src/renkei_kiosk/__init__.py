"""renkei-kiosk: digital signage and touch-browse kiosk for exhibitions."""

from __future__ import annotations

__version__ = "0.1.0"
