"""What one redrawn 1920x1080 frame costs a Kivy program in CPU, by what it draws (issue 12).

A floor under `bench_economy.py`'s figures: on a machine without a GPU (Mesa's llvmpipe)
every redraw is CPU time, and this measures a bare Kivy app (no kiosk code) redrawing 30
times a second, fullscreen on one Xvfb display with openbox, each way of drawing in a fresh
process, for 10 s after 4 s:

    empty          the window cleared, a 4x4 rectangle moved (Kivy's clear: colour, depth
                   and stencil)
    empty-colour   the same, clearing only the colour buffer (the kiosk's clear, ui.glinfo)
    rgba           a full-screen RGBA texture, a new 8-MB picture uploaded each frame
    yuv-linear     three yuv420p plane textures and the kiosk's shader (ui.slides.YUV_FS),
                   filtered: what the kiosk drew for a 1080p clip before
    yuv-nearest    the same, read texel for texel: what the kiosk draws for a clip shown
                   at its own size on software GL (ui.slides.YuvPicture)
    fade-linear    a crossfade's frame: two full-screen RGBA pictures (uploaded once), the
                   top one at a changing opacity, both filtered and blended
    fade-nearest   the same, both read texel for texel
    fade-opaque    the same, texel for texel, the bottom one drawn without blending

It prints the CPU per frame (the process's user + system time over the frames it flipped).
30 such frames a second at 22 ms each are 66 % of a core: more than a Chromium kiosk page
spends on the whole 1080p30 clip, decoding included (`bench_economy.py`).

    .venv/bin/python bench/bench_gl_floor.py            # about 2.5 minutes
    .venv/bin/python bench/bench_gl_floor.py --only rgba,yuv-nearest
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
MODES = ("empty", "empty-colour", "rgba", "yuv-linear", "yuv-nearest", "fade-linear",
         "fade-nearest", "fade-opaque")
W, H = 1920, 1080

CHILD = r'''
import json, os, sys, threading, time
import psutil
mode, settle, window = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
from kivy.config import Config
Config.set("graphics", "fullscreen", "auto")
Config.set("graphics", "multisamples", "0")  # (as the kiosk: kivy_env)
from kivy.app import App
from kivy.clock import Clock
from kivy.core.window import Window
from kivy.graphics import BindTexture, Callback, Color, Rectangle, RenderContext
from kivy.graphics.opengl import GL_BLEND, glDisable, glEnable
from kivy.graphics.texture import Texture
from kivy.uix.widget import Widget
from renkei_kiosk.ui import glinfo
from renkei_kiosk.ui.slides import YUV_FS, yuv_matrix
W, H = 1920, 1080
Y = [bytearray(os.urandom(W * H)) for _ in range(2)]
C = [bytearray(os.urandom(W * H // 4)) for _ in range(2)]
RGBA = [bytearray(os.urandom(W * H * 4)) for _ in range(2)]


class Picture(Widget):
    def __init__(self, **kw):
        yuv = mode.startswith("yuv")
        if yuv:
            self.canvas = RenderContext(use_parent_projection=True, use_parent_modelview=True,
                                        use_parent_frag_modelview=True, fs=YUV_FS)
        super().__init__(**kw)
        self.n = 0
        if yuv:
            rc = self.canvas
            rc["tex_y"], rc["tex_u"], rc["tex_v"] = 0, 1, 2
            rc["y_crop"] = (1.0, (W - 0.5) / W)
            rc["c_crop"] = (1.0, (W / 2 - 0.5) / (W / 2))
            rc["yuv_rgb"] = yuv_matrix(H)
            rc["opacity"] = 1.0
            self.tex = [Texture.create(size=(W, H), colorfmt="luminance"),
                        Texture.create(size=(W // 2, H // 2), colorfmt="luminance"),
                        Texture.create(size=(W // 2, H // 2), colorfmt="luminance")]
            for t in self.tex:
                t.mag_filter = t.min_filter = "nearest" if mode == "yuv-nearest" else "linear"
            with rc:
                BindTexture(texture=self.tex[1], index=1)
                BindTexture(texture=self.tex[2], index=2)
                Rectangle(texture=self.tex[0], pos=(0, 0), size=(W, H),
                          tex_coords=(0, 1, 1, 1, 1, 0, 0, 0))
        elif mode.startswith("fade"):
            self.tex = [Texture.create(size=(W, H), colorfmt="rgba") for _ in range(2)]
            for t, data in zip(self.tex, RGBA):
                t.blit_buffer(data, colorfmt="rgba", bufferfmt="ubyte")
                if mode != "fade-linear":
                    t.mag_filter = t.min_filter = "nearest"
            with self.canvas:
                if mode == "fade-opaque":
                    Callback(lambda _i: glDisable(GL_BLEND))
                Color(1, 1, 1, 1)
                Rectangle(texture=self.tex[0], pos=(0, 0), size=(W, H))
                if mode == "fade-opaque":
                    Callback(lambda _i: glEnable(GL_BLEND))
                self.fading = Color(1, 1, 1, 0.5)
                Rectangle(texture=self.tex[1], pos=(0, 0), size=(W, H))
        else:
            self.tex = [Texture.create(size=(W, H), colorfmt="rgba")]
            with self.canvas:
                Color(1, 1, 1, 1)
                if mode == "rgba":
                    self.rect = Rectangle(texture=self.tex[0], pos=(0, 0), size=(W, H))
                else:
                    self.rect = Rectangle(pos=(0, 0), size=(4, 4))
        Clock.schedule_interval(self.frame, 1 / 30)

    def frame(self, _dt):
        self.n += 1
        k = self.n % 2
        if mode.startswith("yuv"):
            for tex, plane in zip(self.tex, (Y[k], C[k], C[1 - k])):
                tex.blit_buffer(plane, colorfmt="luminance", bufferfmt="ubyte")
            self.canvas.ask_update()
        elif mode == "rgba":
            self.tex[0].blit_buffer(RGBA[k], colorfmt="rgba", bufferfmt="ubyte")
            self.canvas.ask_update()
        elif mode.startswith("fade"):
            self.fading.a = (self.n % 30) / 30
        else:
            self.rect.pos = (k, 0)


flips = [0]
found = {"renderer": ""}


def meter():
    time.sleep(settle)
    p = psutil.Process()
    c0, f0, t0 = sum(p.cpu_times()[:2]), flips[0], time.monotonic()
    time.sleep(window)
    c1, f1, t1 = sum(p.cpu_times()[:2]), flips[0], time.monotonic()
    print("RESULT " + json.dumps({"cpu": 100 * (c1 - c0) / (t1 - t0),
                                  "fps": (f1 - f0) / (t1 - t0),
                                  "ms": 1000 * (c1 - c0) / max(1, f1 - f0),
                                  "renderer": found["renderer"]}), flush=True)
    os._exit(0)


class Bench(App):
    def load_kv(self, filename=None):
        return None  # (no .kv: the program is given with -c)

    def build(self):
        found["renderer"] = glinfo.renderer()  # (GL calls on this thread only)
        if mode == "empty-colour" or mode.startswith("fade"):
            glinfo.clear_colour_only(Window)
        Window.bind(on_flip=lambda *_a: flips.__setitem__(0, flips[0] + 1))
        threading.Thread(target=meter, daemon=True).start()
        return Picture()


Bench().run()
'''


def run(mode: str, display: str, settle: float, window: float) -> dict[str, float | str]:
    with tempfile.TemporaryDirectory(prefix="gl-floor-") as home:
        env = dict(os.environ, DISPLAY=display, SDL_VIDEODRIVER="x11", KIVY_HOME=home,
                   KIVY_NO_ARGS="1", KIVY_NO_CONSOLELOG="1", PYTHONPATH=str(REPO / "src"))
        out = subprocess.run([sys.executable, "-c", CHILD, mode, str(settle), str(window)],
                             env=env, capture_output=True, text=True,
                             timeout=settle + window + 60)
    for line in out.stdout.splitlines():
        if line.startswith("RESULT "):
            found: dict[str, float | str] = json.loads(line[7:])
            return found
    raise RuntimeError(f"{mode}: no result (exit {out.returncode}): {out.stderr[-800:]}"
                       f"{out.stdout[-1500:]}")


def main(argv: list[str] | None = None) -> int:
    sys.path.insert(0, str(HERE))
    from bench_economy import BenchError, display

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    ap.add_argument("--only", default=",".join(MODES), help="modes, comma-separated")
    ap.add_argument("--settle", type=float, default=4.0)
    ap.add_argument("--window", type=float, default=10.0)
    ap.add_argument("--display", type=int, default=23, help="Xvfb display number")
    a = ap.parse_args(argv)
    modes = [m for m in a.only.split(",") if m]
    unknown = [m for m in modes if m not in MODES]
    if unknown:
        ap.error(f"unknown modes {unknown}; choose from {', '.join(MODES)}")
    print(f"bench_gl_floor: {W}x{H} fullscreen, 30 redraws a second; "
          f"{os.cpu_count()} cores; load average {os.getloadavg()[0]:.2f}", flush=True)
    started = time.monotonic()
    try:
        with display(a.display) as name:
            for mode in modes:
                r = run(mode, name, a.settle, a.window)
                print(f"  {mode:13s} {float(r['ms']):6.1f} ms CPU per frame  "
                      f"({float(r['cpu']):5.1f} % of a core at {float(r['fps']):4.1f} frames/s)"
                      f"  [{r['renderer']}]", flush=True)
    except BenchError as e:
        print(f"bench_gl_floor: {e}", file=sys.stderr)
        return 2
    print(f"load average at the end {os.getloadavg()[0]:.2f}; "
          f"run took {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
