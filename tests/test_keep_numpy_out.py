"""The running kiosk keeps numpy out of its memory (runner.keep_numpy_out)."""

from __future__ import annotations

import subprocess
import sys

import pytest

_PROBE = """
import sys
{prelude}
import PIL.Image
from PIL import Image
Image.new("RGB", (8, 8)).convert("RGBA")
print("numpy" if sys.modules.get("numpy") is not None else "no numpy")
"""


@pytest.mark.parametrize(
    ("prelude", "expected"),
    [
        ("from renkei_kiosk.runner import keep_numpy_out; keep_numpy_out()", "no numpy"),
        ("", "numpy"),  # the control: Pillow does load it when nobody keeps it out
    ],
)
def test_pillow_works_without_numpy_in_the_kiosk(prelude: str, expected: str) -> None:
    pytest.importorskip("numpy")  # (installed with matplotlib, for `report`)
    out = subprocess.run([sys.executable, "-c", _PROBE.format(prelude=prelude)],
                         capture_output=True, text=True, timeout=60, check=True)
    assert out.stdout.strip() == expected
