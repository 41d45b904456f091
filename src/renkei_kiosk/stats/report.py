"""`report`: one self-contained HTML page of plots and tables for the organisers.

Everything is inside the one file: plots are PNG images in ``data:`` URIs, and the
page's own text uses the kiosk's main font, cut down (fontTools) to the characters the
page uses and embedded as a ``data:`` font, so Japanese shows on any PC, with no network.
Plots are drawn by matplotlib (the Agg canvas; no pyplot, no window) with the same font.
`--pdf` writes the same plots as a PDF beside it, one per page.

What it shows: a summary per kiosk; visitor sessions per day and per hour of day; the
items visitors opened most in browse mode; touches per prefecture on a map of Japan (the
kiosk's own prefecture outlines, media/japan_prefs.json); each item's share of plays
against its planned share; files that could not be shown.

Planned share: every item of a playlist is shown once per round, so its planned share
of that playlist's plays is 1/N, with N the playlist's items — from the playlists when
`--content` is given (items never played then show with 0), else the items the log saw
in that playlist. A playlist weighs as much as its share of all plays.
"""

from __future__ import annotations

import base64
import html
import io
import logging
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from renkei_kiosk.core import words
from renkei_kiosk.stats.output import cell, column_label, table_title
from renkei_kiosk.stats.tables import ALL_KIOSKS, Stats, Table

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["Planned", "planned_shares", "render_html", "write_report"]

log = logging.getLogger("renkei_kiosk.stats")

#: items in the "most opened" and "planned share" plots
TOP_ITEMS = 20

#: the kiosks' colours in stacked bars (colour-blind friendly, Okabe-Ito)
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
           "#000000")

def _w(key: str, lang: str, **fields: object) -> str:
    """The page's words ``report_KEY`` (core.words) in `lang`."""
    return words.text(f"report_{key}", lang, **fields)


# --- planned shares ------------------------------------------------------------------------

@dataclass(frozen=True)
class Planned:
    """Each item's planned share of plays (0..1) and a readable name for each item."""

    shares: dict[str, float]
    names: dict[str, str]
    from_content: bool


def _short(key: str) -> str:
    """A short readable name for an item key: its file name (with #ROW for a card)."""
    return key.rsplit("/", 1)[-1]


def planned_shares(stats: Stats, content: Path | None) -> Planned:
    """The planned share of each item over all kiosks (see the module docstring)."""
    rows = stats.table("plays_by_playlist_item").rows
    per_playlist: dict[str, int] = defaultdict(int)
    seen: dict[str, set[str]] = defaultdict(set)
    for _kiosk, playlist, item, plays, _seconds in rows:
        name = str(playlist or "")
        per_playlist[name] += int(plays)  # type: ignore[call-overload]
        seen[name].add(str(item))
    names: dict[str, str] = {}
    members = {p: sorted(items) for p, items in seen.items()}
    from_content = False
    if content is not None and content.is_dir():
        from renkei_kiosk.content.loader import load_content

        loaded = load_content(content)
        from_content = True
        for stem, items in loaded.items.items():
            members[stem] = [item.key for item in items]
            for item in items:
                if item.comment is not None:
                    names[item.key] = f"{item.comment.municipality}（{item.comment.prefecture}）"
                elif item.title:
                    names[item.key] = item.title
    total = sum(per_playlist.values())
    shares: dict[str, float] = defaultdict(float)
    for playlist, plays in per_playlist.items():
        keys = members.get(playlist) or sorted(seen[playlist])
        if not keys or not total:
            continue
        for key in keys:
            shares[key] += plays / total / len(keys)
    return Planned(shares=dict(shares), names=names, from_content=from_content)


# --- plots ---------------------------------------------------------------------------------

def _font_name() -> str:
    """Register the kiosk's main font with matplotlib; its family name."""
    from matplotlib import font_manager

    from renkei_kiosk.media.fontfiles import main_font_path

    path = str(main_font_path())
    font_manager.fontManager.addfont(path)
    return str(font_manager.FontProperties(fname=path).get_name())


def _figure(width: float, height: float) -> Figure:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), dpi=100, layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def _png(fig: Figure) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=100, facecolor="white")
    return buf.getvalue()


def _integer_axis(axis: Any) -> None:
    """Ticks on whole numbers only (counts)."""
    from matplotlib.ticker import MaxNLocator

    axis.set_major_locator(MaxNLocator(integer=True))


def _kiosk_rows(table: Table) -> list[tuple[object, ...]]:
    return [r for r in table.rows if r[0] != ALL_KIOSKS]


def _stacked(ax: Any, table: Table, x_at: int, y_at: int, xs: Sequence[object],
             kiosks: Sequence[str]) -> None:
    """Bars of column y_at over xs, stacked by kiosk."""
    base = [0.0] * len(xs)
    index = {x: i for i, x in enumerate(xs)}
    for n, kiosk in enumerate(kiosks):
        heights = [0.0] * len(xs)
        for row in table.rows:
            if row[0] == kiosk and row[x_at] in index:
                heights[index[row[x_at]]] += float(row[y_at])  # type: ignore[arg-type]
        ax.bar([str(x) for x in xs], heights, bottom=base, label=kiosk,
               color=PALETTE[n % len(PALETTE)])
        base = [b + h for b, h in zip(base, heights, strict=True)]
    if len(kiosks) > 1:
        ax.legend(fontsize=9)


def plot_sessions_per_day(stats: Stats, lang: str) -> Figure:
    """Sessions per day, stacked by kiosk."""
    table = stats.table("sessions_by_day")
    days = sorted({str(r[1]) for r in table.rows})
    fig = _figure(10, 3.6)
    ax = fig.add_subplot()
    _stacked(ax, table, 1, 2, days, stats.kiosks)
    ax.set_ylabel(_w("sessions", lang))
    ax.set_xlabel(_w("day", lang))
    _integer_axis(ax.yaxis)
    if len(days) > 10:
        ax.tick_params(axis="x", labelrotation=60)
    pad = max(0.0, (6 - len(days)) / 2)  # a day or two: bars of a normal width
    ax.set_xlim(-0.5 - pad, len(days) - 0.5 + pad)
    ax.grid(axis="y", alpha=0.3)
    return fig


def plot_sessions_per_hour(stats: Stats, lang: str) -> Figure:
    """Sessions per hour of day (0-23), stacked by kiosk."""
    table = stats.table("sessions_by_hour")
    fig = _figure(10, 3.6)
    ax = fig.add_subplot()
    _stacked(ax, table, 1, 2, list(range(24)), stats.kiosks)
    ax.set_ylabel(_w("sessions", lang))
    ax.set_xlabel(_w("hour", lang))
    _integer_axis(ax.yaxis)
    ax.grid(axis="y", alpha=0.3)
    return fig


def _merged(table: Table, key_at: int, value_at: int) -> dict[str, float]:
    totals: dict[str, float] = defaultdict(float)
    for row in _kiosk_rows(table):
        totals[str(row[key_at])] += float(row[value_at])  # type: ignore[arg-type]
    return dict(totals)


def plot_most_opened(stats: Stats, planned: Planned, lang: str) -> Figure | None:
    """The items opened most often in browse mode (all kiosks), largest on top."""
    opened = {k: v for k, v in _merged(stats.table("touches_by_item"), 1, 3).items() if v > 0}
    if not opened:
        return None
    top = sorted(opened.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_ITEMS]
    fig = _figure(10, 0.9 + 0.32 * len(top))
    ax = fig.add_subplot()
    labels = [planned.names.get(k) or _short(k) for k, _ in reversed(top)]
    ax.barh(labels, [v for _, v in reversed(top)], color=PALETTE[0])
    ax.set_xlabel(_w("times_opened", lang))
    _integer_axis(ax.xaxis)
    ax.grid(axis="x", alpha=0.3)
    return fig


def _pref_key(name: str) -> str:
    """A prefecture name without its 都/府/県 ending (北海道 keeps its name)."""
    return name[:-1] if len(name) > 2 and name[-1] in "都府県" else name


def plot_prefecture_map(stats: Stats, lang: str) -> tuple[Figure | None, list[str]]:
    """Touches per prefecture, coloured on the map of Japan; also the names not found."""
    from matplotlib import colormaps
    from matplotlib.cm import ScalarMappable
    from matplotlib.collections import PolyCollection
    from matplotlib.colors import Normalize
    from matplotlib.patches import Rectangle

    from renkei_kiosk.media.japan_shapes import japan_shapes

    counts = _merged(stats.table("touches_by_prefecture"), 1, 2)
    if not counts:
        return None, []
    shapes = japan_shapes()
    by_key = {_pref_key(p.name): p for p in shapes.prefs}
    values: dict[int, float] = defaultdict(float)
    unknown = []
    for name, n in counts.items():
        shape = by_key.get(_pref_key(name.strip()))
        if shape is None:
            unknown.append(name)
        else:
            values[shape.code] += n
    top = max(values.values(), default=1.0)
    cmap = colormaps["YlOrRd"]
    norm = Normalize(vmin=0, vmax=top)
    fig = _figure(8, 8 / shapes.aspect * 0.95 if shapes.aspect > 1 else 8)
    ax = fig.add_subplot()
    faces = [cmap(norm(values[p.code])) if values.get(p.code) else "#eeeeee"
             for p in shapes.prefs]
    ax.add_collection(PolyCollection([p.ring for p in shapes.prefs], facecolors=faces,
                                     edgecolors="#888888", linewidths=0.4))
    x0, y0, x1, y1 = shapes.inset
    if x1 > x0:
        ax.add_patch(Rectangle((x0, y0), x1 - x0, y1 - y0, fill=False, edgecolor="#888888",
                               linewidth=0.6))
    ranked = sorted(values.items(), key=lambda kv: -kv[1])[:8]
    for code, n in ranked:
        shape = shapes.by_code(code)
        if shape is not None:
            ax.annotate(f"{shape.name} {int(n)}", shape.centre, fontsize=8, ha="center",
                        va="center", bbox={"boxstyle": "round,pad=0.2", "fc": "white",
                                           "ec": "#888888", "alpha": 0.85})
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_aspect(1 / shapes.aspect)
    ax.set_axis_off()
    fig.colorbar(ScalarMappable(norm=norm, cmap=cmap), ax=ax, shrink=0.6,
                 label=_w("touches", lang))
    return fig, sorted(unknown)


def plot_planned_share(stats: Stats, planned: Planned, lang: str) -> Figure | None:
    """Each item's share of plays (all kiosks) beside its planned share, in percent."""
    plays = _merged(stats.table("plays_by_item"), 1, 3)
    total = sum(plays.values())
    if not total:
        return None
    keys = set(plays) | set(planned.shares)
    rows = [(k, plays.get(k, 0.0) / total * 100, planned.shares.get(k, 0.0) * 100)
            for k in keys]
    # the items furthest from their plan first, then by name
    rows.sort(key=lambda r: (-abs(r[1] - r[2]), r[0]))
    rows = sorted(rows[:TOP_ITEMS], key=lambda r: r[0], reverse=True)
    fig = _figure(10, 1.2 + 0.42 * len(rows))
    ax = fig.add_subplot()
    ys = list(range(len(rows)))
    ax.barh([y + 0.2 for y in ys], [r[1] for r in rows], height=0.4, color=PALETTE[0],
            label=_w("actual", lang))
    ax.barh([y - 0.2 for y in ys], [r[2] for r in rows], height=0.4, color=PALETTE[1],
            label=_w("planned", lang))
    ax.set_yticks(ys, [planned.names.get(r[0]) or _short(r[0]) for r in rows])
    ax.set_xlabel(_w("share_axis", lang))
    ax.legend(fontsize=9, loc="lower right")
    ax.grid(axis="x", alpha=0.3)
    return fig


# --- the page ------------------------------------------------------------------------------

_CSS = """
body { font-family: "KioskFont", sans-serif; margin: 24px auto; max-width: 1040px;
       color: #222; background: #ffffff; }
h1 { font-size: 30px; margin: 0 0 8px; }
h2 { font-size: 21px; border-bottom: 2px solid #444444; padding-bottom: 4px;
     margin-top: 32px; }
.meta { color: #555; }
table { border-collapse: collapse; font-size: 14px; }
th, td { border: 1px solid #ccc; padding: 3px 8px; }
td.n { text-align: right; }
img.plot { display: block; max-width: 100%; }
.problem { color: #a00000; }
.note { color: #555; font-size: 13px; }
"""


def _html_table(table: Table, lang: str, columns: Sequence[str] | None = None) -> str:
    cols = list(columns or table.columns)
    at = [table.columns.index(c) for c in cols]
    head = "".join(f"<th>{html.escape(column_label(c, lang))}</th>" for c in cols)
    body = []
    for row in table.rows:
        cells = []
        for i in at:
            v = row[i]
            num = isinstance(v, int | float)
            text = cell(v, lang, table.columns[i])
            cells.append(f'<td class="n">{text}</td>' if num else f"<td>{html.escape(text)}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><tr>{head}</tr>{''.join(body)}</table>"


def _img(png: bytes, alt: str, ident: str) -> str:
    data = base64.b64encode(png).decode("ascii")
    return (f'<img class="plot" id="{ident}" alt="{html.escape(alt)}" '
            f'src="data:image/png;base64,{data}">')


def _embedded_font(text: str) -> str:
    """The kiosk's main font cut down to the characters of `text`, as a data: URI."""
    from fontTools import subset

    from renkei_kiosk.media.fontfiles import main_font_path

    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    font = subset.load_font(str(main_font_path()), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=text + "0123456789,.:-%()（）")
    subsetter.subset(font)
    buf = io.BytesIO()
    font.save(buf)
    font.close()
    return "data:font/ttf;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def render_html(stats: Stats, lang: str, planned: Planned, *, made: datetime | None = None,
                pdf_figures: list[Figure] | None = None) -> str:
    """The whole page as one HTML string (figures also appended to `pdf_figures`)."""
    from matplotlib import rc_context

    font = _font_name()
    sections: list[str] = []
    since = stats.period.since.isoformat() if stats.period.since else _w("any", lang)
    until = stats.period.until.isoformat() if stats.period.until else _w("any", lang)
    made = made or datetime.now().replace(microsecond=0)
    meta = (f"{_w('period', lang)}: {since} – {until}　{_w('kiosks', lang)}: "
            f"{'、'.join(stats.kiosks)}　{_w('made', lang)}: {made.isoformat(sep=' ')}")
    summary_cols = ("kiosk", "plays", "seconds", "skipped", "touches", "sessions", "first",
                    "last")
    sections.append(f"<h2>{html.escape(table_title('summary', lang))}</h2>"
                    + _html_table(stats.table("summary"), lang, summary_cols))
    if stats.problems:
        items = "".join(f"<li>{html.escape(p)}</li>" for p in stats.problems)
        sections.append(f'<h2>{_w("problems", lang)}</h2><ul class="problem">{items}</ul>')
    with rc_context({"font.family": [font], "font.size": 11, "axes.unicode_minus": False,
                     "pdf.fonttype": 42}):
        plots: list[tuple[str, str, Figure | None, str]] = [
            ("sessions_day", "plot-sessions-day", plot_sessions_per_day(stats, lang), ""),
            ("sessions_hour", "plot-sessions-hour", plot_sessions_per_hour(stats, lang), ""),
            ("opened", "plot-opened", plot_most_opened(stats, planned, lang), ""),
        ]
        pref_fig, unknown = plot_prefecture_map(stats, lang)
        extra = ""
        if unknown:
            extra = (f'<p class="note">{_w("not_on_map", lang)}: '
                     f"{html.escape('、'.join(unknown))}</p>")
        plots.append(("map", "plot-map", pref_fig, extra))
        plots.append(("share", "plot-share", plot_planned_share(stats, planned, lang), ""))
        for key, ident, fig, after in plots:
            body = (_img(_png(fig), _w(key, lang), ident) if fig is not None
                    else f'<p class="note">{_w("nothing", lang)}</p>')
            sections.append(f"<h2>{_w(key, lang)}</h2>{body}{after}")
            if fig is not None and pdf_figures is not None:
                fig.suptitle(_w(key, lang))
                pdf_figures.append(fig)
    skipped = stats.table("skipped")
    sections.append(
        f"<h2>{_w('skipped', lang)}</h2>"
        + (_html_table(skipped, lang) if skipped.rows
           else f'<p class="note">{_w("none_skipped", lang)}</p>'))
    planned_note = "note_planned_content" if planned.from_content else "note_planned_log"
    sections.append(
        f"<h2>{_w('notes', lang)}</h2><p class=\"note\">"
        f"{html.escape(_w('note_session', lang, s=f'{stats.idle_timeout:g}'))}<br>"
        f"{html.escape(_w(planned_note, lang))}</p>")
    body = (f'<h1 id="title">{_w("title", lang)}</h1><p class="meta">{html.escape(meta)}</p>'
            + "\n".join(sections))
    visible = html.unescape(body)
    font_uri = _embedded_font(visible)
    css = f'@font-face {{ font-family: "KioskFont"; src: url("{font_uri}"); }}\n{_CSS}'
    return (
        f'<!DOCTYPE html>\n<html lang="{"en" if lang == "en" else "ja"}"><head>'
        f'<meta charset="utf-8"><title>{_w("title", lang)}</title><style>{css}</style>'
        f"</head><body>\n{body}\n</body></html>\n"
    )


def write_report(stats: Stats, out: Path, lang: str, *, planned: Planned,
                 pdf: bool = False) -> list[Path]:
    """Write the HTML page to `out` (and `out` with .pdf when asked); the files written."""
    figures: list[Figure] = []
    page = render_html(stats, lang, planned, pdf_figures=figures if pdf else None)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(page, encoding="utf-8")
    written = [out]
    if pdf:
        from matplotlib import rc_context
        from matplotlib.backends.backend_pdf import PdfPages

        target = out.with_suffix(".pdf")
        with rc_context({"pdf.fonttype": 42}), PdfPages(target) as pages:
            for fig in figures:
                pages.savefig(fig)
        written.append(target)
    return written
