"""Slide widgets, one per item kind; their layout is in slides.kv beside this file.

Slides are built on the Kivy thread from data prepared in a worker (decoded pixels,
QR matrices, a comment card's lines), so building one never decodes a file. Texts are
given plain: the labels (ui.wrapped.WrappedLabel) break their lines with core.linebreak
and add the fallback fonts.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kivy.clock import Clock
from kivy.graphics import BindTexture, Color, Ellipse, Rectangle, RenderContext
from kivy.graphics.texture import Texture
from kivy.lang import Builder
from kivy.properties import (
    BooleanProperty,
    ColorProperty,
    ListProperty,
    NumericProperty,
    ObjectProperty,
    StringProperty,
)
from kivy.uix.floatlayout import FloatLayout
from kivy.uix.widget import Widget

from renkei_kiosk.core.cardstyle import NEUTRAL, Box, card_grid, page_dots
from renkei_kiosk.core.model import CommentCard
from renkei_kiosk.core.words import text
from renkei_kiosk.media import frame_log
from renkei_kiosk.media.cardlayout import CardLayout
from renkei_kiosk.media.images import DecodedImage
from renkei_kiosk.media.video import Frame, VideoStream, hd_colours
from renkei_kiosk.ui import (
    glinfo,
    wrapped,  # noqa: F401 - WrappedLabel for slides.kv
)

log = logging.getLogger("renkei_kiosk")

Builder.load_file(str(Path(__file__).with_suffix(".kv")))


def set_sampling(tex: Any, nearest: bool) -> None:
    """Read `tex` by its nearest texel or filtered (linear), both when magnified and
    minified; the texture is touched only when that changes."""
    mode = "nearest" if nearest else "linear"
    if tex.mag_filter != mode:
        tex.mag_filter = tex.min_filter = mode


def texture_from_rgba(width: int, height: int, rgba: bytes, *, nearest: bool = False) -> Any:
    """A GPU texture from top-to-bottom RGBA rows (Kivy's origin is bottom-left)."""
    tex = Texture.create(size=(width, height), colorfmt="rgba")
    tex.blit_buffer(rgba, colorfmt="rgba", bufferfmt="ubyte")
    tex.flip_vertical()
    if nearest:
        set_sampling(tex, nearest=True)
    return tex


def texture_from_image(img: DecodedImage) -> Any:
    """A texture from a decoded image."""
    return texture_from_rgba(img.width, img.height, img.rgba)


def fit_inside(box: Any, size: Any) -> tuple[float, float]:
    """`size` scaled to fit inside `box`, its aspect kept (up or down, as Kivy's
    fit_mode "contain")."""
    bw, bh = float(box[0]), float(box[1])
    fw, fh = max(1.0, float(size[0])), max(1.0, float(size[1]))
    scale = min(bw / fw, bh / fh)
    return fw * scale, fh * scale


class Picture(Widget):
    """A texture fitted inside the widget, aspect kept, centred: one rectangle.

    Kivy's own Image (2.2 and later) clips its picture with the stencil: a fill of its
    whole box into the stencil, the picture, then a second fill to undo it, three passes
    over its area every frame, which software GL pays in full (a full-screen panel's fade
    drew six full-screen passes). A fitted picture needs no clip."""

    texture = ObjectProperty(None, allownone=True)
    #: the picture's size as drawn (0, 0 without a texture)
    shown_size = ListProperty([0.0, 0.0])

    def on_texture(self, *_a: Any) -> None:
        self._fit()

    def on_size(self, *_a: Any) -> None:
        self._fit()

    def _fit(self) -> None:
        tex = self.texture
        self.shown_size = [0.0, 0.0] if tex is None else list(fit_inside(self.size, tex.size))


class Slide(FloatLayout):
    """Base of everything the rotation shows."""

    background = ColorProperty([0, 0, 0, 1])
    #: False for pictures, which draw the background only around themselves
    full_background = BooleanProperty(True)
    #: item key, for logs and tests
    key = StringProperty("")

    def on_shown(self) -> None:
        """The slide became visible (its transition started)."""

    def release(self) -> None:
        """The slide left the screen: free textures and decoders."""


class ImageSlide(Slide):
    """A panel image, aspect kept, letterboxed on the background colour.

    A picture shown at its own size on whole pixels (a 1920x1080 panel on a 1080p screen;
    the preparer scales a larger one to the screen before it becomes a texture) is read
    texel for texel: the same picture as filtered, and on software GL a fade's frame costs
    a third less (`bench/bench_gl_floor.py`: 36 -> 23 ms at 1080p on llvmpipe)."""

    texture = ObjectProperty(None, allownone=True)
    title = StringProperty("")

    def on_texture(self, *_a: Any) -> None:
        self._sample()

    def on_size(self, *_a: Any) -> None:
        self._sample()

    def on_pos(self, *_a: Any) -> None:
        self._sample()

    @property
    def one_to_one(self) -> bool:
        """Whether the picture is shown at its own size, each pixel on one texel."""
        tex = self.texture
        if tex is None:
            return False
        tw, th = tex.size
        w, h = float(self.width), float(self.height)
        if tw <= 0 or th <= 0 or abs(min(w / tw, h / th) - 1.0) > 1e-6:
            return False
        left, bottom = self.x + (w - tw) / 2, self.y + (h - th) / 2
        return bool(left == round(left) and bottom == round(bottom))

    def _sample(self) -> None:
        if self.texture is not None:
            set_sampling(self.texture, self.one_to_one)

    def release(self) -> None:
        self.texture = None


class TextSlide(Slide):
    """A text slide with an optional title (plain texts: their lines are broken by
    ui.wrapped.WrappedLabel, as on the QR, standby and closed slides)."""

    title = StringProperty("")
    body = StringProperty("")


class QRSlide(Slide):
    """A QR code with its caption and URL."""

    texture = ObjectProperty(None, allownone=True)
    caption = StringProperty("")
    url = StringProperty("")

    def release(self) -> None:
        self.texture = None


class StandbySlide(Slide):
    """Shown when nothing can play: calm, never black."""

    title = StringProperty("")
    message = StringProperty("")


class ClosedSlide(Slide):
    """Outside opening hours: blank, or a message."""

    message = StringProperty("")


class PageDots(Widget):
    """One dot per page of a paged comment, the page shown filled (core.cardstyle)."""

    dots = ListProperty([])
    colour = ColorProperty([0.3, 0.3, 0.3, 1])
    idle_colour = ColorProperty([0.75, 0.75, 0.75, 1])

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.bind(pos=self._redraw, size=self._redraw, dots=self._redraw,
                  colour=self._redraw, idle_colour=self._redraw)

    def _redraw(self, *_a: Any) -> None:
        self.canvas.clear()
        d = self.height * 0.6
        step = d * 1.9
        y = self.center_y - d / 2
        with self.canvas:
            for i, on in enumerate(self.dots):
                Color(*(self.colour if on else self.idle_colour))
                Ellipse(pos=(self.x + i * step, y), size=(d, d))


class CommentSlide(Slide):
    """A municipality comment card (its layout: slides.kv, its grid: core.cardstyle).

    Paged when the text is long: `show_page(n)` shows page n. The widget decides nothing
    about time and runs no timer: the rotation's player, or in browse the visitor (a
    swipe, a tap), says which page to show.
    """

    #: where each part goes (fractions of the card) and the type sizes
    grid = ObjectProperty(card_grid(1920, 1080, photo=False, qr=False))
    municipality = StringProperty("")
    #: prefecture and region, one line under the municipality
    meta = StringProperty("")
    prefecture = StringProperty("")
    region = StringProperty("")
    category = StringProperty("")
    region_colour = ColorProperty([*NEUTRAL, 1])
    #: sizes as fractions of the card's height (kv multiplies by the height)
    heading_size = NumericProperty(104 / 1080)
    body_size = NumericProperty(44 / 1080)
    body = StringProperty("")
    page_label = StringProperty("")
    dots = ListProperty([])
    photo = ObjectProperty(None, allownone=True)
    qr = ObjectProperty(None, allownone=True)
    qr_caption = StringProperty("")
    map_texture = ObjectProperty(None, allownone=True)
    #: each page's text as written (for logs and tests)
    pages = ListProperty([])
    #: each page as shown: label markup with the line breaks laid out (core.linebreak)
    bodies = ListProperty([])
    #: how long the rotation shows each page (the player's figure, for logs and tests):
    #: the card turns no page by itself; the player (core.player.ShowPage) or, in
    #: browse, the visitor's swipe or tap says which page shows
    page_seconds = NumericProperty(8.0)
    page = NumericProperty(0)

    @classmethod
    def from_layout(
        cls,
        card: CommentCard,
        layout: CardLayout,
        markup: Callable[[str], str],
        *,
        photo: Any = None,
        qr: Any = None,
        page_seconds: float = 8.0,
    ) -> CommentSlide:
        """The card from its layout (made in a worker); `markup` gives font fallbacks."""
        pages = layout.pages or ((),)
        return cls(
            grid=layout.grid,
            municipality="\n".join(markup(line) for line in layout.heading.split("\n")),
            heading_size=layout.heading_size,
            meta=markup(layout.meta),
            prefecture=markup(card.prefecture),
            region=markup(layout.region),
            category=markup(card.category or ""),
            region_colour=[*layout.colour, 1.0],
            map_texture=texture_from_rgba(*layout.map_rgba) if layout.map_rgba else None,
            pages=["".join(lines) for lines in pages],
            bodies=["\n".join(markup(line) for line in lines) for lines in pages],
            body_size=layout.body_size,
            photo=photo,
            qr=qr,
            qr_caption=text("card_qr_caption", "ja"),
            page_seconds=page_seconds,
        )

    def px(self, box: Box, pos: Any, size: Any) -> tuple[float, float, float, float]:
        """A grid box in window pixels for this card at `pos`, `size` (for slides.kv)."""
        x, y, w, h = box.px(size[0], size[1])
        return pos[0] + x, pos[1] + y, w, h

    def on_bodies(self, *_a: Any) -> None:
        self.show_page(0)

    def on_shown(self) -> None:
        self.show_page(0)

    def turn_page(self) -> None:
        """The next page at once, after the last the first (a visitor's tap in browse)."""
        if len(self.pages) > 1:
            self.show_page((int(self.page) + 1) % len(self.pages))

    def show_page(self, i: int) -> None:
        """Show page `i` (counted from 0) of the comment."""
        self.page = i
        shown = self.bodies or self.pages
        self.body = shown[i] if 0 <= i < len(shown) else ""
        n = len(self.pages)
        self.page_label = f"{i + 1} / {n}" if n > 1 else ""
        self.dots = list(page_dots(n, i))

    def release(self) -> None:
        self.photo = None
        self.qr = None
        self.map_texture = None


#: yuv420p planes to RGB, in the fragment shader (ITU-R BT.601/709, limited range). Only
#: the picture's rectangle is drawn with it: no off-screen buffer, nothing else filled.
YUV_FS = """
$HEADER$
uniform sampler2D tex_y;
uniform sampler2D tex_u;
uniform sampler2D tex_v;
uniform vec2 y_crop;
uniform vec2 c_crop;
uniform vec4 yuv_rgb;

void main(void) {
    // (x, crop.x: the shown share of a padded row, crop.y: its last texel's middle)
    vec2 at_y = vec2(min(tex_coord0.x * y_crop.x, y_crop.y), tex_coord0.y);
    vec2 at_c = vec2(min(tex_coord0.x * c_crop.x, c_crop.y), tex_coord0.y);
    float y = texture2D(tex_y, at_y).r;
    float u = texture2D(tex_u, at_c).r;
    float v = texture2D(tex_v, at_c).r;
    y = (y - 0.0627451) * 1.1643836;
    u = (u - 0.5019608) * 1.1383929;
    v = (v - 0.5019608) * 1.1383929;
    vec3 rgb = vec3(y + yuv_rgb.x * v, y + yuv_rgb.y * u + yuv_rgb.z * v, y + yuv_rgb.w * u);
    gl_FragColor = vec4(clamp(rgb, 0.0, 1.0), 1.0) * frag_color;
}
"""

# (Y', Cb, Cr) to (R', G', B'): R = Y + a Cr, G = Y + b Cb + c Cr, B = Y + d Cb
_BT601 = (1.402, -0.344136, -0.714136, 1.772)
_BT709 = (1.5748, -0.187324, -0.468124, 1.8556)


def yuv_matrix(height: int) -> tuple[float, ...]:
    """The colour matrix for a clip `height` pixels high: BT.709 for HD, else BT.601 (what
    players assume for a clip that does not say: `media.video.hd_colours`)."""
    return _BT709 if hd_colours(height) else _BT601


class YuvPicture(Widget):
    """A video picture: three plane textures drawn as one rectangle by the YUV shader.

    Its canvas is a render context of its own (the shader), which follows the window's
    projection and the widgets' transforms; the opacity of the slides above it (a
    crossfade) is handed to it in `inherited_opacity`, as a render context starts from
    its own."""

    inherited_opacity = NumericProperty(1.0)

    def __init__(self, **kwargs: Any) -> None:
        self.canvas = RenderContext(use_parent_projection=True, use_parent_modelview=True,
                                    use_parent_frag_modelview=True, fs=YUV_FS)
        super().__init__(**kwargs)
        self.canvas["tex_y"] = 0
        self.canvas["tex_u"] = 1
        self.canvas["tex_v"] = 2
        #: the three plane textures (Y, U, V), or None before the first frame
        self.planes: tuple[Any, Any, Any] | None = None
        self._shape: tuple[int, int, tuple[int, int, int]] | None = None
        self._rect: Any = None
        self.bind(pos=self._place, size=self._place)

    def on_inherited_opacity(self, _w: Any, value: float) -> None:
        self.canvas["opacity"] = float(value)

    def put(self, frame: Frame) -> None:
        """Upload a frame's planes as they are (no conversion, no copy in Python)."""
        shape = (frame.width, frame.height, frame.linesizes)
        if self._shape != shape or self.planes is None:
            self._make(frame)
            self._sample()
        assert self.planes is not None
        for tex, plane in zip(self.planes, frame.planes, strict=True):
            tex.blit_buffer(plane, colorfmt="luminance", bufferfmt="ubyte")
        self.canvas.ask_update()

    def _make(self, frame: Frame) -> None:
        cw, ch = frame.chroma_size
        ly, lu, lv = frame.linesizes
        textures = (Texture.create(size=(ly, frame.height), colorfmt="luminance"),
                    Texture.create(size=(lu, ch), colorfmt="luminance"),
                    Texture.create(size=(lv, ch), colorfmt="luminance"))
        self.planes = textures
        self._shape = (frame.width, frame.height, frame.linesizes)
        rc = self.canvas
        # only the decoded width of each row is shown (rows carry the decoder's padding)
        rc["y_crop"] = (frame.width / ly, (frame.width - 0.5) / ly)
        rc["c_crop"] = (cw / lu, (cw - 0.5) / lu)
        rc["yuv_rgb"] = yuv_matrix(frame.height)
        rc.clear()
        with rc:
            BindTexture(texture=textures[1], index=1)
            BindTexture(texture=textures[2], index=2)
            # rows arrive top first: the rectangle's top samples the texture's first row
            self._rect = Rectangle(texture=textures[0], pos=self.pos, size=self.size,
                                   tex_coords=(0, 1, 1, 1, 1, 0, 0, 0))

    def _place(self, *_a: Any) -> None:
        if self._rect is not None:
            self._rect.pos = self.pos
            self._rect.size = self.size
            self._sample()

    @property
    def one_to_one(self) -> bool:
        """Whether the picture is shown at the clip's own size (each pixel one texel)."""
        if self._shape is None:
            return False
        w, h = self._shape[0], self._shape[1]
        return bool(abs(float(self.width) - w) < 0.5 and abs(float(self.height) - h) < 0.5)

    def _sample(self) -> None:
        """Read the textures by their nearest texel where that costs no picture:
        the luma when shown 1:1 (each pixel is one texel: the same picture); on a
        software renderer also the half-size chroma (colour edges 2 px coarse, a third
        less CPU per 1080p frame), where every filtered read is CPU time."""
        if self.planes is None:
            return
        exact = self.one_to_one
        chroma = exact and glinfo.software()
        filters = (exact, chroma, chroma)
        for tex, nearest in zip(self.planes, filters, strict=True):
            set_sampling(tex, nearest)

    def release(self) -> None:
        """Drop the textures."""
        self.canvas.clear()
        self._rect = None
        self.planes = None
        self._shape = None


_flips_watched = False


def _watch_flips() -> None:
    """With the frame log on: tell it each time the window hands a frame to the display."""
    global _flips_watched
    if _flips_watched or frame_log.active is None:
        return
    from kivy.core.window import Window

    _flips_watched = True
    Window.bind(on_flip=_flipped)


def _flipped(*_a: Any) -> None:
    if frame_log.active is not None:
        frame_log.active.flipped()


class VideoSlide(Slide):
    """A video, shown from its first decoded frame; `ended` turns True at the stream's end
    (the player decides what follows).

    Frames are taken when ffpyplayer says the next one is due (by the clip's timestamps
    against its clock), and the window is asked to redraw only then; the planes go to
    the GPU as they are (see `YuvPicture`)."""

    playing = BooleanProperty(False)
    ended = BooleanProperty(False)
    #: the clip's picture size, for the letterbox (slides.kv)
    frame_size = ListProperty([16, 9])
    #: the picture's size on screen (its aspect kept)
    shown_size = ListProperty([0, 0])

    def __init__(self, stream: VideoStream, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.stream = stream
        self._ev: Any = None
        #: frames put on the slide (for the frame log and tests)
        self.frames_put = 0
        #: while frames are drawn straight into the X window (ui.direct), what does it
        self.direct: Any = None
        self.bind(opacity=self._pass_opacity, parent=self._pass_opacity)
        self._put(stream.first)

    @property
    def picture(self) -> YuvPicture:
        """The widget drawing the video's planes."""
        pic: YuvPicture = self.ids.picture
        return pic

    def fit(self, box: Any, frame: Any) -> tuple[float, float]:
        """The picture's size in `box`, its aspect kept (for slides.kv)."""
        return fit_inside(box, frame)

    def _pass_opacity(self, *_a: Any) -> None:
        # a render context starts from its own opacity: hand it the product of the
        # opacities above the picture (the crossfade animates the slide's)
        opacity = 1.0
        w: Any = self
        for _depth in range(64):  # (the window is its own parent)
            if w is None:
                break
            opacity *= float(getattr(w, "opacity", 1.0))
            parent = getattr(w, "parent", None)
            w = parent if parent is not w else None
        self.picture.inherited_opacity = opacity

    def _put(self, frame: Frame) -> None:
        self._on_picture(frame)
        self.frames_put += 1
        if frame_log.active is not None:
            _watch_flips()
            frame_log.active.put(frame.pts, self.stream.clock)

    def _on_picture(self, frame: Frame) -> None:
        if list(self.frame_size) != [frame.width, frame.height]:
            self.frame_size = [frame.width, frame.height]
        self.picture.put(frame)

    def on_shown(self) -> None:
        self._pass_opacity()
        self.play()

    def play(self) -> None:
        """Start or resume playback."""
        self.stream.play()
        self.playing = True
        if self._ev is None and self.direct is None:
            self._ev = Clock.schedule_interval(self._update, 0)

    def pause(self) -> None:
        """Hold the current frame."""
        if self.direct is not None:
            self.direct.leave()
        self.stream.pause()
        self.playing = False
        if self._ev is not None:
            self._ev.cancel()
            self._ev = None

    def go_direct(self, direct: Any) -> None:
        """`direct` (ui.direct) draws the frames from now on, straight into the window."""
        if self._ev is not None:
            self._ev.cancel()
            self._ev = None
        self.direct = direct

    def take_back(self, last: Frame | None) -> None:
        """The frames come back here from the direct path; `last`, the frame it drew last,
        goes on the picture, so OpenGL goes on from what the screen shows."""
        self.direct = None
        if last is not None:
            self._on_picture(last)  # (already counted and logged when it was drawn)
        if self.playing and self._ev is None:
            self._ev = Clock.schedule_interval(self._update, 0)

    def _update(self, _dt: float) -> None:
        # (cheap between frames: the stream answers from its own due time, without
        # asking the decoder; a frame is uploaded and drawn only when one is due)
        frame = self.stream.next_frame()
        if frame is not None:
            self._put(frame)
        elif self.stream.eof and not self.ended:
            self.ended = True
            self.pause()

    def release(self) -> None:
        self.pause()
        self.picture.release()
        self.stream.close()
