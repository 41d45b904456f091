"""Write the prefecture outlines the browse map draws, from japanmap, into the package.

The kiosk does not import japanmap at run time: japanmap pulls in OpenCV and NumPy
(tens of megabytes of memory and a fifth of a second of start-up for 5,666 points), so
its outlines are kept as a small JSON file beside the code that reads them
(`src/renkei_kiosk/media/japan_prefs.json`). Run this only to refresh that file:

    .venv/bin/pip install 'japanmap>=0.6'
    .venv/bin/python tools/make_japan_shapes.py

japanmap is Apache-2.0 licensed (https://github.com/SaitoTsutomu/japanmap); its outlines
come from the Geospatial Information Authority of Japan's data, as its README says.
"""

from __future__ import annotations

import json
from importlib.metadata import version
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "renkei_kiosk" / "media" / "japan_prefs.json"


def main() -> None:
    import japanmap

    rings = japanmap.pref_points(rough=False)
    names = japanmap.pref_names
    data = {
        "source": f"japanmap {version('japanmap')} pref_points(rough=False), Apache-2.0",
        "prefectures": [
            {"code": i + 1, "name": str(names[i + 1]),
             "ring": [[round(float(p[0]), 5), round(float(p[1]), 5)] for p in ring]}
            for i, ring in enumerate(rings)
        ],
    }
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    tmp = OUT.with_suffix(".tmp")
    tmp.write_text(text + "\n", encoding="utf-8")
    tmp.replace(OUT)
    print(f"wrote {OUT} ({len(text) // 1024} KB, {sum(len(r) for r in rings)} points)")


if __name__ == "__main__":
    main()
