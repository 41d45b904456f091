#!/usr/bin/env python3
"""Generate the sample content the kiosk runs on by default.

Run from anywhere:  .venv/bin/python tools/make_samples.py

Writes into the repository's top level (the default content root):

  kiosk.yaml
  playlists/main.yaml, playlists/evening.yaml
  media/README.txt
  media/images/*.jpg|png        title panel, portrait poster, small-print panel (PNG), evening panel
  media/panels/*.jpg            one panel per ward (the `folder:` item)
  media/comments/sample_comments.csv   (UTF-8 with BOM, CRLF, as Excel saves)
  media/comments/sample_companies.yaml
  media/comments/photos/sample_photo_01.jpg
  media/videos/sample_festival.mp4     (~6 s, 640x360, H.264 yuv420p + AAC sine tone)

Everything is plainly marked as a sample and contains no statement attributed to a real
municipality or company. The output is deterministic: fixed seeds, no timestamps.
Needs Pillow and imageio-ffmpeg (both in the project's venv) and the IPAex Gothic font
shipped inside the japanize_kivy package (located by path, without importing Kivy).
"""

from __future__ import annotations

import csv
import importlib.util
import io
import math
import random
import subprocess
import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

ROOT = Path(__file__).resolve().parent.parent
MEDIA = ROOT / "media"
PLAYLISTS = ROOT / "playlists"

HP_URL = "https://collabo.tokyo-23city.or.jp/"
JPEG_QUALITY = 80
SEED = 20240709  # the first exhibition's opening day


# --------------------------------------------------------------------------- font


def find_font() -> Path:
    """The IPAex Gothic .ttf inside japanize_kivy, found without importing it (it imports Kivy)."""
    spec = importlib.util.find_spec("japanize_kivy")
    if spec is None or not spec.submodule_search_locations:
        sys.exit("make_samples: japanize_kivy is not installed; run inside the project's .venv")
    for location in spec.submodule_search_locations:
        found = sorted(Path(location).rglob("ipaexg*.ttf"))
        if found:
            return found[0]
    sys.exit("make_samples: IPAex Gothic (ipaexg.ttf) not found under japanize_kivy/resources")


FONT_PATH = find_font()
_fonts: dict[int, ImageFont.FreeTypeFont] = {}


def font(size: int) -> ImageFont.FreeTypeFont:
    if size not in _fonts:
        _fonts[size] = ImageFont.truetype(str(FONT_PATH), size)
    return _fonts[size]


# --------------------------------------------------------------------------- drawing helpers

# characters that must not begin a line (simple kinsoku)
NO_LINE_START = set("、。，．・：；？！）」』】〕ー～…ぁぃぅぇぉっゃゅょァィゥェォッャュョ")


def wrap(text: str, size: int, width: int) -> list[str]:
    """Break Japanese text into lines no wider than ``width`` pixels (per character)."""
    f = font(size)
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for ch in paragraph:
            if line and f.getlength(line + ch) > width and ch not in NO_LINE_START:
                lines.append(line)
                line = ch
            else:
                line += ch
        lines.append(line)
    return lines


def draw_lines(
    draw: ImageDraw.ImageDraw,
    xy: tuple[int, int],
    lines: list[str],
    size: int,
    fill: tuple[int, ...],
    spacing: float = 1.55,
) -> int:
    """Draw lines top-down; returns the y below the last line."""
    x, y = xy
    for line in lines:
        draw.text((x, y), line, font=font(size), fill=fill)
        y += int(size * spacing)
    return y


def mix(a: tuple[int, int, int], b: tuple[int, int, int], t: float) -> tuple[int, int, int]:
    return (
        round(a[0] + (b[0] - a[0]) * t),
        round(a[1] + (b[1] - a[1]) * t),
        round(a[2] + (b[2] - a[2]) * t),
    )


def gradient(
    size: tuple[int, int], top: tuple[int, int, int], bottom: tuple[int, int, int]
) -> Image.Image:
    w, h = size
    column = Image.new("RGB", (1, h))
    for y in range(h):
        column.putpixel((0, y), mix(top, bottom, y / max(1, h - 1)))
    return column.resize((w, h))


def texture(
    rng: random.Random, size: tuple[int, int], base: Image.Image, strength: float = 0.12
) -> Image.Image:
    """Overlay seeded noise (softened) so a flat area looks like a photo placeholder."""
    w, h = size
    noise = Image.frombytes("L", (w // 2, h // 2), rng.randbytes((w // 2) * (h // 2)))
    noise = noise.filter(ImageFilter.GaussianBlur(0.7)).resize((w, h), Image.Resampling.BICUBIC)
    return Image.blend(base, Image.merge("RGB", (noise, noise, noise)), strength)


def photo_placeholder(
    rng: random.Random, size: tuple[int, int], sky: tuple[int, int, int], land: tuple[int, int, int]
) -> Image.Image:
    """A made-up landscape (sky, hills, sun) standing in for an exchange photo."""
    w, h = size
    img = gradient(size, sky, mix(sky, (255, 255, 255), 0.6))
    d = ImageDraw.Draw(img)
    sun_x, sun_y, r = rng.randint(w // 5, 4 * w // 5), rng.randint(h // 8, h // 3), h // 9
    d.ellipse((sun_x - r, sun_y - r, sun_x + r, sun_y + r), fill=(255, 236, 170))
    for layer in range(3):
        colour = mix(land, (30, 40, 30), layer * 0.25)
        base_y = h * (0.45 + 0.17 * layer)
        points: list[tuple[float, float]] = [(0, h)]
        phase, amp = rng.uniform(0, 6.28), h * rng.uniform(0.05, 0.12)
        for x in range(0, w + 40, 40):
            points.append((x, base_y + amp * math.sin(x / w * 6.28 * (1 + layer) + phase)))
        points.append((w, h))
        d.polygon(points, fill=colour)
    return texture(rng, size, img)


def sample_ribbon(img: Image.Image, scale: float = 1.0) -> None:
    """A red diagonal 'SAMPLE / サンプル' ribbon across the top-right corner."""
    w, _ = img.size
    band_w, band_h = int(600 * scale), int(70 * scale)
    band = Image.new("RGBA", (band_w, band_h), (200, 24, 40, 235))
    d = ImageDraw.Draw(band)
    size = int(36 * scale)
    label = "SAMPLE / サンプル"
    tw = font(size).getlength(label)
    d.text(
        ((band_w - tw) / 2, (band_h - size) / 2 - size * 0.08),
        label,
        font=font(size),
        fill=(255, 255, 255, 255),
    )
    d.line(
        (0, 4 * scale, band_w, 4 * scale), fill=(255, 255, 255, 200), width=max(1, int(3 * scale))
    )
    d.line(
        (0, band_h - 5 * scale, band_w, band_h - 5 * scale),
        fill=(255, 255, 255, 200),
        width=max(1, int(3 * scale)),
    )
    rotated = band.rotate(-35, expand=True, resample=Image.Resampling.BICUBIC)
    rw, rh = rotated.size
    img.paste(rotated, (w - rw + int(rw * 0.22), -int(rh * 0.22)), rotated)


def footer(
    draw: ImageDraw.ImageDraw,
    size: tuple[int, int],
    colour: tuple[int, int, int],
    text_colour: tuple[int, int, int] = (255, 255, 255),
) -> None:
    w, h = size
    draw.rectangle((0, h - 70, w, h), fill=colour)
    draw.text(
        (48, h - 54),
        "特別区全国連携プロジェクト　表示確認用サンプル素材（実際の展示物ではありません）",
        font=font(30),
        fill=text_colour,
    )
    draw.text((w - 340, h - 54), "renkei-kiosk SAMPLE", font=font(30), fill=text_colour)


def save(img: Image.Image, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix.lower() == ".png":
        img.save(path, "PNG", optimize=True)
    else:
        img.convert("RGB").save(path, "JPEG", quality=JPEG_QUALITY, optimize=True)
    print(f"  {path.relative_to(ROOT)}  {path.stat().st_size // 1024} KB")


# --------------------------------------------------------------------------- panels

WARDS = [
    # file, ward, background, accent, sky, land
    ("shinjuku", "新宿区", (22, 54, 110), (255, 196, 60), (120, 170, 225), (70, 130, 80)),
    ("shibuya", "渋谷区", (150, 30, 95), (255, 225, 120), (240, 160, 190), (110, 140, 70)),
    ("setagaya", "世田谷区", (28, 110, 60), (250, 240, 200), (150, 210, 235), (90, 150, 60)),
    ("sumida", "墨田区", (80, 40, 130), (120, 220, 240), (170, 150, 230), (60, 110, 90)),
    ("adachi", "足立区", (210, 100, 20), (255, 250, 230), (250, 200, 130), (130, 120, 60)),
    ("nakano", "中野区", (0, 120, 125), (255, 230, 90), (140, 220, 215), (60, 140, 110)),
]

BODY = [
    "ここに交流の紹介文が入ります。",
    "交流のきっかけや、これまでの取組の内容をここに記載します。",
    "イベント・物産展・災害支援などの実績（サンプル）",
    "このパネルは表示確認用のサンプルです。実際の内容に差し替えてください。",
]


def ward_panel(
    index: int,
    key: str,
    ward: str,
    bg: tuple[int, int, int],
    accent: tuple[int, int, int],
    sky: tuple[int, int, int],
    land: tuple[int, int, int],
) -> Image.Image:
    rng = random.Random(SEED + index)
    size = (1920, 1080)
    img = gradient(size, bg, mix(bg, (0, 0, 0), 0.35))
    d = ImageDraw.Draw(img)
    # decorative shapes so every panel has its own colours in screenshots
    for _ in range(14):
        r = rng.randint(30, 160)
        x, y = rng.randint(0, 1920), rng.randint(0, 1080)
        d.ellipse(
            (x - r, y - r, x + r, y + r), outline=mix(bg, accent, 0.35), width=rng.randint(3, 10)
        )
    # header
    d.rectangle((0, 0, 1920, 190), fill=mix(bg, (255, 255, 255), 0.1))
    d.rectangle((0, 186, 1920, 196), fill=accent)
    d.text((60, 30), f"{ward} × 交流自治体（サンプル）", font=font(84), fill=(255, 255, 255))
    d.text(
        (64, 136),
        f"パネル番号 {index + 1:02d}　特別区全国連携プロジェクト 交流紹介パネル（見本）",
        font=font(32),
        fill=accent,
    )
    # photo placeholder
    photo = photo_placeholder(rng, (860, 560), sky, land)
    img.paste(photo, (60, 250))
    d.rectangle((60, 250, 920, 810), outline=accent, width=6)
    d.text((80, 820), "写真が入ります（サンプル画像）", font=font(30), fill=(255, 255, 255))
    # body text on a darker backdrop so the decorative circles never cross it
    backdrop = Image.new("RGBA", size, (0, 0, 0, 0))
    ImageDraw.Draw(backdrop).rounded_rectangle(
        (960, 240, 1880, 960), radius=24, fill=(*mix(bg, (0, 0, 0), 0.45), 225)
    )
    img.paste(backdrop, (0, 0), backdrop)
    d = ImageDraw.Draw(img)
    y = 260
    d.text((990, y), "交流の紹介（サンプル）", font=font(52), fill=accent)
    y += 90
    for line in BODY:
        y = draw_lines(d, (990, y), wrap("・" + line, 40, 860), 40, (255, 255, 255)) + 14
    # a small "timeline" of placeholder years
    y = max(y + 20, 760)
    d.line((990, y + 40, 1850, y + 40), fill=accent, width=6)
    for i, label in enumerate(["20XX年", "20XX年", "20XX年", "20XX年"]):
        x = 1040 + i * 250
        d.ellipse((x - 14, y + 26, x + 14, y + 54), fill=accent)
        d.text((x - 50, y + 66), label, font=font(32), fill=(255, 255, 255))
    footer(d, size, mix(bg, (0, 0, 0), 0.5))
    sample_ribbon(img)
    return img


def title_panel() -> Image.Image:
    rng = random.Random(SEED + 100)
    size = (1920, 1080)
    navy, gold = (16, 32, 72), (222, 184, 92)
    img = gradient(size, navy, (40, 70, 130))
    d = ImageDraw.Draw(img)
    # 23 dots for the 23 wards, in a ring
    for i in range(23):
        a = i / 23 * 2 * math.pi
        x, y = 1480 + 300 * math.cos(a), 540 + 300 * math.sin(a)
        colour = mix((90, 170, 255), gold, i / 22)
        d.ellipse((x - 34, y - 34, x + 34, y + 34), fill=colour)
    for _ in range(60):
        x, y = rng.randint(0, 1100), rng.randint(0, 1000)
        r = rng.randint(2, 6)
        d.ellipse((x - r, y - r, x + r, y + r), fill=mix(navy, gold, rng.uniform(0.3, 0.8)))
    d.text((1400, 500), "10", font=font(120), fill=gold)
    d.text((120, 230), "特別区全国連携プロジェクト", font=font(72), fill=(255, 255, 255))
    d.text((120, 340), "10年のあゆみ", font=font(130), fill=gold)
    d.text((120, 520), "（サンプル）", font=font(72), fill=(255, 255, 255))
    d.rectangle((120, 640, 1000, 646), fill=gold)
    draw_lines(
        d,
        (120, 690),
        [
            "ここに展示のタイトルと会期が入ります。",
            "展示期間：20XX年X月X日～X月X日（サンプル）",
            "このスライドは表示確認用の見本です。",
        ],
        40,
        (230, 236, 250),
    )
    img = texture(rng, size, img, 0.06)
    d = ImageDraw.Draw(img)
    footer(d, size, (8, 18, 44))
    sample_ribbon(img)
    return img


def portrait_panel() -> Image.Image:
    rng = random.Random(SEED + 200)
    size = (1080, 1920)
    top, bottom = (250, 120, 80), (130, 30, 60)
    img = gradient(size, top, bottom)
    d = ImageDraw.Draw(img)
    for _ in range(24):
        r = rng.randint(20, 90)
        x, y = rng.randint(0, 1080), rng.randint(1330, 1850)
        d.ellipse(
            (x - r, y - r, x + r, y + r), fill=mix(top, (255, 230, 200), rng.uniform(0.2, 0.6))
        )
    d.text((70, 110), "縦長ポスター（サンプル）", font=font(64), fill=(255, 255, 255))
    d.text((74, 220), "練馬区 × 交流自治体（サンプル）", font=font(52), fill=(255, 240, 180))
    photo = photo_placeholder(rng, (940, 640), (160, 200, 240), (90, 140, 70))
    img.paste(photo, (70, 330))
    d.rectangle((70, 330, 1010, 970), outline=(255, 255, 255), width=6)
    y = 1020
    for line in [
        "ここにイベントの告知文が入ります。",
        "開催日：20XX年X月X日（サンプル）",
        "会場：ここに会場名が入ります",
        "ここに詳しい説明文が入ります（サンプル）。",
    ]:
        y = draw_lines(d, (70, y), wrap(line, 44, 940), 44, (255, 255, 255)) + 16
    d.rectangle((0, 1850, 1080, 1920), fill=(90, 20, 40))
    d.text(
        (40, 1866),
        "表示確認用サンプル素材（実際の展示物ではありません）",
        font=font(30),
        fill=(255, 255, 255),
    )
    img = texture(rng, size, img, 0.05)
    sample_ribbon(img, 0.9)
    return img


def smallprint_panel() -> Image.Image:
    """Many lines of small text: shows why visitors zoom in."""
    rng = random.Random(SEED + 300)
    size = (1920, 1080)
    paper = (250, 247, 238)
    img = Image.new("RGB", size, paper)
    d = ImageDraw.Draw(img)
    d.rectangle((0, 0, 1920, 130), fill=(60, 60, 70))
    d.text(
        (50, 26), "港区 × 交流自治体　交流の記録（サンプル）", font=font(56), fill=(255, 255, 255)
    )
    columns = 3
    col_w = (1920 - 100 - 60 * (columns - 1)) // columns
    phrases = [
        "ここに交流の記録が入ります。",
        "物産展の開催（サンプル）。",
        "職員の相互派遣（見本）。",
        "子ども交流事業の実施（例）。",
        "災害時の相互応援に関する記載（サンプル）。",
        "観光PRイベントへの出展（例示）。",
        "この文章は細かい文字の表示を確かめるためのダミーです。",
        "内容に意味はありません。",
        "森林環境整備の取組（サンプル）。",
        "特産品の販売（見本）。",
    ]
    for c in range(columns):
        x = 50 + c * (col_w + 60)
        y = 160 if c < columns - 1 else 330  # the last column starts below the ribbon
        entry = 1
        while True:
            text = "".join(rng.choice(phrases) for _ in range(rng.randint(3, 6)))
            lines = wrap(text, 17, col_w)
            if y + 32 + len(lines) * int(17 * 1.45) > 985:  # keep clear of the footer
                break
            d.text(
                (x, y),
                f"■ 20XX年度 記録 {c * 20 + entry:02d}（サンプル）",
                font=font(22),
                fill=(150, 40, 40),
            )
            y = draw_lines(d, (x, y + 32), lines, 17, (40, 40, 40), 1.45) + 12
            entry += 1
    d.rectangle((0, 1000, 1920, 1080), fill=(60, 60, 70))
    d.text(
        (50, 1022),
        "表示確認用サンプル素材：タッチ操作で拡大して読めるかを確かめるための見本です。",
        font=font(30),
        fill=(255, 255, 255),
    )
    sample_ribbon(img)
    return img


def evening_panel() -> Image.Image:
    rng = random.Random(SEED + 400)
    size = (1920, 1080)
    img = gradient(size, (10, 14, 40), (60, 30, 90))
    d = ImageDraw.Draw(img)
    for _ in range(160):
        x, y = rng.randint(0, 1920), rng.randint(0, 700)
        r = rng.choice([1, 1, 2, 2, 3])
        d.ellipse((x - r, y - r, x + r, y + r), fill=(255, 255, rng.randint(180, 255)))
    d.ellipse((1500, 120, 1700, 320), fill=(250, 240, 200))
    d.ellipse((1450, 100, 1640, 290), fill=(22, 24, 56))  # crescent
    # skyline
    x = 0
    while x < 1920:
        bw, bh = rng.randint(60, 160), rng.randint(120, 420)
        d.rectangle((x, 1010 - bh, x + bw, 1010), fill=(20, 20, 36))
        for wy in range(1010 - bh + 20, 1000, 40):
            for wx in range(x + 12, x + bw - 20, 32):
                if rng.random() < 0.35:
                    d.rectangle((wx, wy, wx + 14, wy + 18), fill=(255, 214, 120))
        x += bw + rng.randint(4, 20)
    d.text((100, 220), "夜間展示のご案内（サンプル）", font=font(96), fill=(255, 255, 255))
    draw_lines(
        d,
        (104, 380),
        [
            "ここに夜間の展示案内が入ります。",
            "このプレイリストは金・土・日の18時～21時だけ表示されます（サンプル）。",
        ],
        42,
        (220, 220, 255),
    )
    img = texture(rng, size, img, 0.05)
    d = ImageDraw.Draw(img)
    footer(d, size, (8, 8, 20))
    sample_ribbon(img)
    return img


def comment_photo() -> Image.Image:
    rng = random.Random(SEED + 500)
    img = photo_placeholder(rng, (800, 600), (150, 200, 240), (80, 150, 80))
    d = ImageDraw.Draw(img)
    d.rectangle((0, 530, 800, 600), fill=(0, 0, 0))
    d.text((24, 546), "コメント用の写真（サンプル）", font=font(34), fill=(255, 255, 255))
    sample_ribbon(img, 0.5)
    return img


# --------------------------------------------------------------------------- comments

REGION_PREFS = {
    "北海道": ["北海道"],
    "東北": ["青森県", "岩手県", "宮城県", "秋田県", "山形県", "福島県"],
    "関東": ["茨城県", "栃木県", "群馬県", "千葉県"],
    "中部": ["新潟県", "長野県", "静岡県", "石川県", "山梨県"],
    "近畿": ["京都府", "兵庫県", "奈良県", "和歌山県"],
    "中国": ["鳥取県", "島根県", "岡山県", "広島県"],
    "四国": ["高知県", "愛媛県", "徳島県", "香川県"],
    "九州・沖縄": ["福岡県", "熊本県", "宮崎県", "鹿児島県", "沖縄県"],
}

# Made-up municipality names built only from words meaning "sample / example / trial",
# so nobody can mistake a card for a real municipality's statement.
STEMS = ["サンプル", "見本", "例示", "試作", "模擬", "例題", "仮置", "ためし"]
SUFFIXES = ["町", "村", "市"]

SENTENCES = [
    "ここに自治体からのメッセージが入ります。",
    "特別区との交流の紹介文が入ります。",
    "特産品やイベントの案内をここに記載します。",
    "この文章は表示確認用のダミーで、内容に意味はありません。",
    "物産展や観光PRなど、これまでの取組をここに書きます。",
    "長いコメントは画面に合わせて縮小されるか、ページ送りで表示されます。",
    "今後の連携への期待をここに記載します。",
    "写真やURLを添えることもできます（サンプル）。",
]


def municipality_name(i: int) -> str:
    stem = STEMS[i % len(STEMS)]
    suffix = SUFFIXES[(i // len(STEMS)) % len(SUFFIXES)]
    if i >= len(STEMS) * len(SUFFIXES):
        stem = "第二" + stem
    return stem + suffix


def comment_text(rng: random.Random, target: int) -> str:
    text = "これはサンプルのコメントです。"
    while len(text) < target:
        text += rng.choice(SENTENCES)
    return text


def comment_rows() -> list[dict[str, str]]:
    rng = random.Random(SEED + 600)
    slots: list[tuple[str, str]] = []
    # spread ~40 rows over all 8 regions and their prefectures, round robin
    while len(slots) < 40:
        for region, prefs in REGION_PREFS.items():
            used = sum(1 for r, _ in slots if r == region)
            slots.append((region, prefs[used % len(prefs)]))
    slots = slots[:40]
    lengths = [20, 35, 60, 90, 140, 200, 260, 420, 520]
    rows = []
    for i, (region, pref) in enumerate(slots):
        category = "賛同自治体"
        name = municipality_name(i)
        if i % 9 == 4:
            category = "広域連携協定"
            name = f"{STEMS[i % len(STEMS)]}町村会（サンプル）"
        target = lengths[rng.randrange(len(lengths))]
        rows.append(
            {
                "municipality": name,
                "prefecture": pref,
                "region": region,
                "category": category,
                "comment": comment_text(rng, target),
                "photo": "",
                "url": "",
            }
        )
    # the fixed cases the kiosk must handle
    rows[0]["comment"] = "これはサンプルのコメントです。"  # very short
    rows[1]["comment"] = comment_text(random.Random(1), 460)  # long: fitting / paging
    rows[2]["comment"] = (
        "これはサンプルのコメントです。🌸 桜の季節の交流イベントの紹介がここに入ります。"
    )
    rows[3]["municipality"] = "𠮷見本町"  # U+20BB7: outside IPAex Gothic, needs font fallback
    rows[3]["comment"] = (
        "これはサンプルのコメントです。地名に「𠮷」（つちよし）を含む表示の確認用です。"
    )
    rows[5]["municipality"] = "髙試作村"
    rows[6]["comment"] = (
        "これはサンプルのコメントです。\n改行を含むコメントの表示確認用です。\n"
        "（Excel でセル内改行したもの）"
    )
    rows[7]["url"] = HP_URL
    rows[15]["url"] = HP_URL
    rows[9]["photo"] = "media/comments/photos/sample_photo_01.jpg"
    rows[9]["comment"] = "これはサンプルのコメントです。写真付きのコメントカードの表示例です。"
    rows[20]["comment"] = comment_text(random.Random(2), 620)  # the longest
    return rows


def write_comments_csv(path: Path) -> None:
    rows = comment_rows()
    buf = io.StringIO(newline="")
    writer = csv.DictWriter(
        buf,
        fieldnames=["municipality", "prefecture", "region", "category", "comment", "photo", "url"],
        lineterminator="\r\n",
    )
    writer.writeheader()
    writer.writerows(rows)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buf.getvalue().encode("utf-8-sig"))  # UTF-8 with BOM, as Excel saves
    prefs = {r["prefecture"] for r in rows}
    regions = {r["region"] for r in rows}
    where = path.relative_to(ROOT)
    print(f"  {where}  {len(rows)} rows, {len(regions)} regions, {len(prefs)} prefectures")


COMPANIES_YAML = """\
# 包括連携協定企業のコメント（サンプル）。企業名はすべて架空です。
# YAML のコメントファイルは「- 」で始まる項目の並び（1項目 = カード1枚）です。
# キー: municipality（名前）, prefecture, region, category, comment, photo, url
- municipality: サンプル株式会社
  prefecture: 東京都
  category: 包括連携協定企業
  comment: これはサンプルのコメントです。ここに企業からのメッセージが入ります。
- municipality: 見本商事株式会社（サンプル）
  prefecture: 東京都
  category: 包括連携協定企業
  comment: |-
    これはサンプルのコメントです。
    地域との連携の取組をここに記載します。
    この文章は表示確認用のダミーで、内容に意味はありません。
  url: https://collabo.tokyo-23city.or.jp/
- municipality: 例示ホールディングス（サンプル）
  prefecture: 大阪府
  category: 包括連携協定企業
  comment: これはサンプルのコメントです。架空の企業によるコメントの見本です。
"""


# --------------------------------------------------------------------------- video

VIDEO_W, VIDEO_H, FPS, SECONDS = 640, 360, 15, 6


def video_frame(n: int, petals: list[tuple[float, float, float, float]]) -> Image.Image:
    t = n / FPS
    hue_shift = 0.5 + 0.5 * math.sin(t * 0.8)
    img = gradient((VIDEO_W, VIDEO_H), mix((20, 40, 110), (120, 30, 80), hue_shift), (240, 150, 60))
    d = ImageDraw.Draw(img)
    # "lanterns" swinging across, "petals" falling
    for i in range(6):
        x = (i * 130 + t * 60) % (VIDEO_W + 100) - 50
        y = 250 + 12 * math.sin(t * 3 + i)
        d.rounded_rectangle(
            (x - 18, y - 28, x + 18, y + 28),
            radius=12,
            fill=(230, 60, 40),
            outline=(255, 220, 120),
            width=3,
        )
    for x0, y0, speed, r in petals:
        y = (y0 + speed * t) % (VIDEO_H + 20) - 10
        x = x0 + 14 * math.sin(t * 2 + y0)
        d.ellipse((x - r, y - r * 0.7, x + r, y + r * 0.7), fill=(255, 190, 210))
    d.rectangle((0, 24, VIDEO_W, 104), fill=(0, 0, 0))
    d.text((24, 32), "東北絆まつり 紹介動画（サンプル）", font=font(34), fill=(255, 255, 255))
    d.text((26, 76), "実際の映像ではありません・表示確認用", font=font(20), fill=(255, 220, 120))
    d.text(
        (24, VIDEO_H - 40), f"SAMPLE / サンプル   {t:4.1f} 秒", font=font(22), fill=(255, 255, 255)
    )
    # progress bar
    d.rectangle(
        (0, VIDEO_H - 8, int(VIDEO_W * (n + 1) / (FPS * SECONDS)), VIDEO_H), fill=(255, 220, 120)
    )
    return img


def make_video(path: Path) -> None:
    import imageio_ffmpeg  # imported here: only the video needs it

    ffmpeg = imageio_ffmpeg.get_ffmpeg_exe()
    rng = random.Random(SEED + 700)
    petals = [
        (rng.uniform(0, VIDEO_W), rng.uniform(0, VIDEO_H), rng.uniform(25, 60), rng.uniform(4, 8))
        for _ in range(30)
    ]
    path.parent.mkdir(parents=True, exist_ok=True)
    cmd = [
        ffmpeg,
        "-hide_banner",
        "-loglevel",
        "error",
        "-y",
        "-f",
        "rawvideo",
        "-pix_fmt",
        "rgb24",
        "-s",
        f"{VIDEO_W}x{VIDEO_H}",
        "-r",
        str(FPS),
        "-i",
        "-",
        "-f",
        "lavfi",
        "-i",
        f"sine=frequency=440:sample_rate=44100:duration={SECONDS}",
        "-map",
        "0:v",
        "-map",
        "1:a",
        "-c:v",
        "libx264",
        "-preset",
        "medium",
        "-crf",
        "26",
        "-pix_fmt",
        "yuv420p",
        "-threads",
        "1",
        "-c:a",
        "aac",
        "-b:a",
        "64k",
        "-af",
        "volume=0.3",
        "-shortest",
        "-movflags",
        "+faststart",
        "-map_metadata",
        "-1",
        "-fflags",
        "+bitexact",
        "-flags:v",
        "+bitexact",
        "-flags:a",
        "+bitexact",
        str(path),
    ]
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE)
    assert proc.stdin is not None
    for n in range(FPS * SECONDS):
        proc.stdin.write(video_frame(n, petals).tobytes())
    proc.stdin.close()
    if proc.wait() != 0:
        sys.exit(f"make_samples: ffmpeg failed ({proc.returncode})")
    print(f"  {path.relative_to(ROOT)}  {path.stat().st_size // 1024} KB")


# --------------------------------------------------------------------------- text files

KIOSK_YAML = """\
# 表示端末の設定（サンプル）/ Kiosk settings (sample)
# このファイルがなくても既定値で動きます。
# 書けるのは下のキーだけです（つづりの誤りはエラーになります）。
# Defaults apply when this file is absent. Only the keys below are allowed.

# 画面: fullscreen は全画面表示、orientation は画面の向き（landscape=横長 / portrait=縦長）
# Display: full screen, and the screen's orientation (landscape | portrait)
display:
  fullscreen: true
  orientation: landscape

# キオスク自身の表示（ボタンや案内）の言語: ja=日本語 / en=英語
# Language of the kiosk's own labels: ja | en
language: ja

# 来場者が画面に触れなくなってから自動再生に戻るまでの秒数
# Seconds without a touch before browse mode returns to the rotation
idle_timeout: 60

# 来場者が画面に触れるか: true=タッチパネル / false=触れない画面（壁に映すプロジェクター、
# タッチ機能のないモニター）。false では「画面にタッチしてください」を出さず、タッチや
# クリックでも「さがす」画面を開きません（スタッフ画面はマウスで開けます）。
# Can visitors touch the screen: true | false (a wall projection, a monitor without touch:
# no touch invitation, a touch or click opens no browse mode; staff access still works).
touch: true

# どのプレイリストも予定の時間外のときの表示: blank=黒い画面 / text=message の文字を表示
# Shown outside every playlist's schedule: blank | text (with message)
closed:
  mode: text
  message: 本日の展示は終了しました（サンプル）

# 係員用の終了操作の暗証番号。書かなければ終了操作はできません（このサンプルでは無効）。
# PIN for the hidden staff exit; absent = exit disabled (disabled in this sample).
# staff_pin: "2468"
"""

MAIN_YAML = f"""\
# サンプルのプレイリスト（tools/make_samples.py が生成）/ sample playlist
# schedule がないので、いつでも表示されます（常設のプレイリスト）。
# No schedule: always active, so `renkei-kiosk run` always has something to show.
name: 特別区全国連携プロジェクト10年のあゆみ（サンプル）
default_duration: 8          # 表示秒数の既定値（各項目の duration で上書き）
transition: fade             # 切り替え効果: fade | slide | none
transition_duration: 0.8     # 切り替えにかける秒数
shuffle: false               # true にすると順番をばらばらにする
priority: 0                  # 同時に有効なプレイリストがあるときは大きい方が優先
items:
  - text: 特別区全国連携プロジェクトは10年の節目を迎えました。（この展示内容はサンプルです）
    title: お知らせ（サンプル）
    duration: 10

  - image: media/images/title_sample.jpg
    title: 特別区全国連携プロジェクト10年のあゆみ（サンプル）
    duration: 10

  - image: media/images/portrait_sample.jpg
    title: 縦長ポスターの表示例（サンプル）

  - image: media/images/smallprint_sample.png
    title: 細かい文字のパネル（サンプル）
    duration: 15

  # フォルダの中の画像・動画をファイル名の順にすべて表示。後から入れたファイルも自動で加わります。
  - folder: media/panels
    duration: 10
    recursive: false

  # コメントファイル（CSV または YAML）の1行 = カード1枚
  - comments: media/comments/sample_comments.csv
    duration: 12

  - comments: media/comments/sample_companies.yaml
    duration: 12

  - video: media/videos/sample_festival.mp4
    title: 東北絆まつり 紹介動画（サンプル）
    volume: 0                # 0 = 消音、1 = 最大
    duration: full           # 最後まで再生

  - qr: {HP_URL}
    caption: 特別区全国連携プロジェクトHP
"""

EVENING_YAML = f"""\
# 時間帯を指定したプレイリストの例（サンプル）/ a scheduled playlist (sample)
# 2024年7月9日～8月29日の金・土・日、18:00～21:00 だけ有効になり、
# priority が main.yaml（0）より大きいので、その間はこちらが表示されます。
# 確かめ方: renkei-kiosk schedule --content . --at 2024-07-13T19:00
name: 夜間展示のご案内（サンプル）
default_duration: 10
transition: slide
transition_duration: 0.6
shuffle: true
priority: 1
schedule:
  dates: 2024-07-09..2024-08-29   # 初日と最終日を含む
  hours: "18:00-21:00"            # 21:00 ちょうどに終わる（終わりの時刻は含まない）
  weekdays: [fri, sat, sun]
items:
  - text: 金・土・日は21時まで展示しています（サンプル）
    title: 夜間開館のお知らせ（サンプル）

  - image: media/images/evening_sample.jpg
    title: 夜間展示のご案内（サンプル）

  - comments: media/comments/sample_companies.yaml

  - qr: {HP_URL}
    caption: 特別区全国連携プロジェクトHP
"""

MEDIA_README = """\
サンプル素材について / About this sample content
================================================

このフォルダ（media/）と playlists/、kiosk.yaml の中身はすべて表示確認用のサンプルです。
画像・動画・コメントはプログラム（tools/make_samples.py）で作った見本で、実際の展示物や、
実在の自治体・企業のコメントではありません。展示で使うときは、本物の素材に差し替えてください。
手順は docs/staff-guide.ja.md（スタッフ向けガイド）を見てください。

  images/    個別に指定するパネル画像（タイトル、縦長ポスター、細かい文字、夜間）
  panels/    フォルダごと表示する区別の交流パネル
  comments/  コメントカード（CSV と YAML）と、その写真
  videos/    紹介動画の見本（約6秒）

Everything here, in playlists/ and in kiosk.yaml is generated sample content
(tools/make_samples.py): placeholder panels, comments and video, not real exhibits and
not statements of any real municipality or company. Replace it with the real content;
see docs/staff-guide.ja.md.
"""


def write_text(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))  # LF, no BOM, the same on every platform
    print(f"  {path.relative_to(ROOT)}")


# --------------------------------------------------------------------------- main


def main() -> None:
    print(f"font: {FONT_PATH}")
    write_text(ROOT / "kiosk.yaml", KIOSK_YAML)
    write_text(PLAYLISTS / "main.yaml", MAIN_YAML)
    write_text(PLAYLISTS / "evening.yaml", EVENING_YAML)
    write_text(MEDIA / "README.txt", MEDIA_README)

    save(title_panel(), MEDIA / "images" / "title_sample.jpg")
    save(portrait_panel(), MEDIA / "images" / "portrait_sample.jpg")
    # text on flat colour: a palette PNG is smaller and sharper than a JPEG
    save(
        smallprint_panel().quantize(64, dither=Image.Dither.NONE),
        MEDIA / "images" / "smallprint_sample.png",
    )
    save(evening_panel(), MEDIA / "images" / "evening_sample.jpg")
    for i, (key, ward, bg, accent, sky, land) in enumerate(WARDS):
        img = ward_panel(i, key, ward, bg, accent, sky, land)
        save(img, MEDIA / "panels" / f"{i + 1:02d}_{key}_sample.jpg")

    save(comment_photo(), MEDIA / "comments" / "photos" / "sample_photo_01.jpg")
    write_comments_csv(MEDIA / "comments" / "sample_comments.csv")
    write_text(MEDIA / "comments" / "sample_companies.yaml", COMPANIES_YAML)
    make_video(MEDIA / "videos" / "sample_festival.mp4")


if __name__ == "__main__":
    main()
