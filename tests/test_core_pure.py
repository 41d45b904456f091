"""The core imports and works without Kivy, watchdog, PyYAML, pydantic or a window."""

from __future__ import annotations

import subprocess
import sys


def test_core_imports_without_kivy() -> None:
    code = (
        "import sys, importlib, pkgutil\n"
        "import renkei_kiosk.core as core\n"
        "for m in pkgutil.iter_modules(core.__path__):\n"
        "    importlib.import_module('renkei_kiosk.core.' + m.name)\n"
        "bad = [m for m in ('kivy', 'watchdog', 'ffpyplayer', 'yaml', 'pydantic', 'PIL')"
        " if m in sys.modules]\n"
        "assert not bad, bad\n"
        "print(len(list(pkgutil.iter_modules(core.__path__))))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert out.returncode == 0, out.stderr
    assert int(out.stdout.strip()) >= 1
