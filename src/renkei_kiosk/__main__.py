"""`python -m renkei_kiosk` equals the `renkei-kiosk` command."""

from __future__ import annotations

import sys

from renkei_kiosk.cli import main

if __name__ == "__main__":
    sys.exit(main())
