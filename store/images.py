"""Product pictures drawn locally with Pillow: no network, cached on disk.

Every product gets one, whatever its `image` column holds (a demo key, an external URL the UI
will not fetch, or nothing): a category-coloured gradient, a simple glyph of the category and
the brand and title in Pillow's built-in font. The picture depends only on what it shows, so
the cache file is named by a hash of that and never goes stale.
"""

from __future__ import annotations

import colorsys
import hashlib
import io
import os
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Protocol

from PIL import Image, ImageDraw, ImageFont

from store.settings import get_settings

IMAGE_SIZE = 320
"""Width and height of a product picture, in pixels."""

_RENDER_VERSION = 1  # bump when the drawing changes, so cached pictures are drawn anew

RGB = tuple[int, int, int]
Glyph = Callable[["_Canvas"], None]


class Pictured(Protocol):
    """Anything with what a picture shows: a ProductHit, a ProductDetail..."""

    @property
    def title(self) -> str:
        """The product title."""

    @property
    def brand(self) -> str | None:
        """The brand, if known."""

    @property
    def category(self) -> str | None:
        """The category name (any language) or slug, if known."""


def product_image_path(product: Pictured) -> Path:
    """The local PNG of a product, drawn on first use and cached under SHOPAGENT_HOME/images."""
    return cached_image_path(product.title, category=product.category, brand=product.brand)


def cached_image_path(
    title: str, *, category: str | None = None, brand: str | None = None, size: int = IMAGE_SIZE
) -> Path:
    """The cached PNG for these words, drawn if it is not on disk yet."""
    key = hashlib.sha256(
        "\x1f".join([str(_RENDER_VERSION), str(size), title, category or "", brand or ""]).encode()
    ).hexdigest()[:24]
    folder = get_settings().home / "images"
    path = folder / f"{key}.png"
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        png = render_product_image(title, category=category, brand=brand, size=size)
        # Write beside, then rename: a reader in another process never sees half a file.
        fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
        with os.fdopen(fd, "wb") as out:
            out.write(png)
        os.replace(tmp, path)
    return path


def render_product_image(
    title: str, *, category: str | None = None, brand: str | None = None, size: int = IMAGE_SIZE
) -> bytes:
    """Draw a product picture and return it as PNG bytes.

    Args:
        title: The product title (English reads best: the built-in font has no CJK glyphs,
            so CJK characters are left out of the picture).
        category: Category name or slug, any language; picks the colours and the glyph.
        brand: Shown above the title.
        size: Width and height in pixels.
    """
    style = _style_for(category)
    seed = int(hashlib.sha256(title.encode()).hexdigest()[:8], 16)
    top, bottom = (_shift_hue(c, (seed % 21 - 10) / 360) for c in style.colors)
    mask = Image.linear_gradient("L").resize((size, size))
    image = Image.composite(
        Image.new("RGB", (size, size), bottom), Image.new("RGB", (size, size), top), mask
    )

    overlay = Image.new("RGBA", (size, size))
    draw = ImageDraw.Draw(overlay)
    glyph_box = size * 0.46
    center_x, center_y = size / 2, size * 0.36
    halo = glyph_box * 0.7
    draw.ellipse(
        (center_x - halo, center_y - halo, center_x + halo, center_y + halo),
        fill=(255, 255, 255, 46),
    )
    style.glyph(
        _Canvas(
            draw, center_x - glyph_box / 2, center_y - glyph_box / 2, glyph_box / 100, accent=bottom
        )
    )
    _draw_caption(draw, size, brand=_latin(brand or ""), title=_short_title(title, brand))
    image.paste(overlay, mask=overlay)

    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


# --- text -------------------------------------------------------------------------------------

_CJK = re.compile(r"[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]+")


def _latin(text: str) -> str:
    """The text without CJK characters, which the built-in font cannot draw."""
    return " ".join(_CJK.sub(" ", text).split())


def _short_title(title: str, brand: str | None) -> str:
    """The title without a leading brand name (it is drawn on its own line)."""
    text = _latin(title)
    if brand and text.lower().startswith(brand.lower() + " "):
        text = text[len(brand) + 1 :]
    return text


@cache
def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.load_default(size=size)


def _wrap(
    text: str, font: ImageFont.FreeTypeFont | ImageFont.ImageFont, width: float, max_lines: int
) -> list[str]:
    """Greedy word wrap; the last line ends in an ellipsis when text is left over."""
    lines: list[str] = []
    words = text.split()
    while words and len(lines) < max_lines:
        line = words.pop(0)
        while words and font.getlength(f"{line} {words[0]}") <= width:
            line = f"{line} {words.pop(0)}"
        lines.append(line)
    if words or (lines and font.getlength(lines[-1]) > width):
        last = lines[-1]
        while last and font.getlength(last + "…") > width:
            last = last[:-1].rstrip()
        lines[-1] = last + "…"
    return lines


def _draw_caption(draw: ImageDraw.ImageDraw, size: int, *, brand: str, title: str) -> None:
    margin = size * 0.07
    width = size - 2 * margin
    brand_font, title_font = _font(round(size * 0.075)), _font(round(size * 0.053))
    y = size * 0.68
    if brand:
        line = _wrap(brand, brand_font, width, 1)[0]
        draw.text((size / 2, y), line, font=brand_font, fill=(255, 255, 255, 255), anchor="mt")
        y += size * 0.1
    for line in _wrap(title, title_font, width, 2):
        draw.text((size / 2, y), line, font=title_font, fill=(255, 255, 255, 230), anchor="mt")
        y += size * 0.068


# --- glyphs -----------------------------------------------------------------------------------


@dataclass
class _Canvas:
    """Draws in a 100x100 box placed at (left, top) and scaled by `scale`."""

    draw: ImageDraw.ImageDraw
    left: float
    top: float
    scale: float
    accent: RGB
    white: tuple[int, int, int, int] = (255, 255, 255, 255)

    def box(self, x0: float, y0: float, x1: float, y1: float) -> tuple[float, ...]:
        return (
            self.left + x0 * self.scale,
            self.top + y0 * self.scale,
            self.left + x1 * self.scale,
            self.top + y1 * self.scale,
        )

    def points(self, *xy: tuple[float, float]) -> list[tuple[float, float]]:
        return [(self.left + x * self.scale, self.top + y * self.scale) for x, y in xy]

    def width(self, w: float) -> int:
        return max(1, round(w * self.scale))

    def rect(
        self,
        x0: float,
        y0: float,
        x1: float,
        y1: float,
        *,
        r: float = 0,
        fill: tuple[int, ...] | None = None,
    ) -> None:
        self.draw.rounded_rectangle(
            self.box(x0, y0, x1, y1), radius=r * self.scale, fill=fill or self.white
        )

    def oval(
        self, x0: float, y0: float, x1: float, y1: float, *, fill: tuple[int, ...] | None = None
    ) -> None:
        self.draw.ellipse(self.box(x0, y0, x1, y1), fill=fill or self.white)


def _phone(c: _Canvas) -> None:
    c.rect(30, 6, 70, 94, r=9)
    c.rect(34, 14, 66, 82, r=3, fill=c.accent)
    c.rect(44, 86, 56, 89, r=1.5, fill=c.accent)


def _headphones(c: _Canvas) -> None:
    c.draw.arc(c.box(16, 10, 84, 78), 180, 360, fill=c.white, width=c.width(7))
    c.draw.line(c.points((16, 44), (16, 56)), fill=c.white, width=c.width(7))
    c.draw.line(c.points((84, 44), (84, 56)), fill=c.white, width=c.width(7))
    c.rect(8, 48, 30, 86, r=8)
    c.rect(70, 48, 92, 86, r=8)


def _appliance(c: _Canvas) -> None:
    c.rect(18, 8, 82, 94, r=8)
    c.rect(18, 24, 82, 27, fill=c.accent)
    c.oval(25, 13, 31, 19, fill=c.accent)
    c.oval(35, 13, 41, 19, fill=c.accent)
    c.draw.ellipse(c.box(29, 36, 71, 78), outline=c.accent, width=c.width(5))
    c.oval(38, 45, 62, 69, fill=(*c.accent, 140))


def _shirt(c: _Canvas) -> None:
    c.draw.polygon(
        c.points(
            (36, 12),
            (18, 20),
            (4, 40),
            (18, 50),
            (26, 42),
            (26, 92),
            (74, 92),
            (74, 42),
            (82, 50),
            (96, 40),
            (82, 20),
            (64, 12),
            (57, 21),
            (43, 21),
        ),
        fill=c.white,
    )


def _shoe(c: _Canvas) -> None:
    c.draw.polygon(
        c.points((6, 74), (8, 50), (24, 44), (38, 56), (68, 60), (88, 64), (94, 74)), fill=c.white
    )
    c.rect(4, 72, 96, 82, r=4, fill=c.accent)
    for x in (30, 38, 46):
        c.draw.line(
            c.points((x, 52 + (x - 30) * 0.3), (x + 5, 49 + (x - 30) * 0.3)),
            fill=c.accent,
            width=c.width(3),
        )


def _lipstick(c: _Canvas) -> None:
    c.draw.polygon(c.points((40, 42), (40, 22), (60, 8), (60, 42)), fill=(214, 40, 84, 255))
    c.rect(37, 40, 63, 56, r=2, fill=(255, 255, 255, 200))
    c.rect(33, 54, 67, 94, r=5)


def _bowl(c: _Canvas) -> None:
    c.draw.line(c.points((50, 6), (78, 50)), fill=c.white, width=c.width(4))
    c.draw.line(c.points((62, 4), (86, 48)), fill=c.white, width=c.width(4))
    c.draw.pieslice(c.box(10, 22, 90, 98), 0, 180, fill=c.white)
    c.rect(6, 56, 94, 62, r=3)


def _book(c: _Canvas) -> None:
    c.rect(20, 8, 80, 92, r=5)
    c.rect(20, 8, 32, 92, r=3, fill=c.accent)
    for y in (28, 38, 48):
        c.rect(42, y, 70, y + 4, r=2, fill=(*c.accent, 160))


def _ball(c: _Canvas) -> None:
    c.oval(12, 12, 88, 88)
    seam = c.width(3)
    c.draw.line(c.points((50, 12), (50, 88)), fill=c.accent, width=seam)
    c.draw.line(c.points((12, 50), (88, 50)), fill=c.accent, width=seam)
    c.draw.arc(c.box(-16, 20, 36, 80), 300, 60, fill=c.accent, width=seam)
    c.draw.arc(c.box(64, 20, 116, 80), 120, 240, fill=c.accent, width=seam)


def _bear(c: _Canvas) -> None:
    c.oval(14, 10, 40, 36)
    c.oval(60, 10, 86, 36)
    c.oval(20, 20, 80, 80)
    c.oval(36, 40, 44, 48, fill=c.accent)
    c.oval(56, 40, 64, 48, fill=c.accent)
    c.oval(38, 52, 62, 72, fill=(*c.accent, 90))
    c.oval(45, 54, 55, 62, fill=c.accent)


def _sofa(c: _Canvas) -> None:
    c.rect(20, 22, 80, 60, r=10)
    c.rect(8, 40, 26, 80, r=7)
    c.rect(74, 40, 92, 80, r=7)
    c.rect(22, 56, 78, 74, r=5, fill=(255, 255, 255, 215))
    c.rect(14, 80, 20, 90, r=2)
    c.rect(80, 80, 86, 90, r=2)


def _paw(c: _Canvas) -> None:
    c.oval(28, 46, 72, 86)
    c.oval(12, 28, 30, 50)
    c.oval(31, 12, 49, 38)
    c.oval(51, 12, 69, 38)
    c.oval(70, 28, 88, 50)


def _pot(c: _Canvas) -> None:
    c.rect(16, 42, 84, 86, r=8)
    c.oval(12, 32, 88, 46)
    c.rect(43, 22, 57, 34, r=3)
    c.rect(2, 50, 18, 58, r=3)
    c.rect(82, 50, 98, 58, r=3)


def _suitcase(c: _Canvas) -> None:
    c.draw.rounded_rectangle(
        c.box(36, 10, 64, 32), radius=4 * c.scale, outline=c.white, width=c.width(5)
    )
    c.rect(20, 26, 80, 88, r=8)
    c.rect(34, 30, 38, 84, r=2, fill=(*c.accent, 150))
    c.rect(62, 30, 66, 84, r=2, fill=(*c.accent, 150))
    c.oval(26, 88, 34, 96)
    c.oval(66, 88, 74, 96)


def _tag(c: _Canvas) -> None:
    c.draw.polygon(c.points((46, 10), (90, 10), (90, 54), (46, 96), (4, 54)), fill=c.white)
    c.oval(70, 22, 80, 32, fill=c.accent)


@dataclass(frozen=True)
class _Style:
    keywords: tuple[str, ...]
    colors: tuple[RGB, RGB]  # gradient top and bottom
    glyph: Glyph


# First match wins; "headphones" must be tried before "phone", "appliance" before "home".
_STYLES = (
    _Style(
        ("electronic", "headphone", "earbud", "audio", "数码", "耳机", "电子"),
        ((72, 118, 255), (38, 48, 140)),
        _headphones,
    ),
    _Style(("phone", "mobile", "手机"), ((104, 112, 128), (32, 36, 48)), _phone),
    _Style(("appliance", "电器"), ((64, 186, 196), (22, 98, 120)), _appliance),
    _Style(("kitchen", "dining", "cookware", "厨", "餐"), ((232, 132, 72), (158, 62, 36)), _pot),
    _Style(("shoe", "sneaker", "boot", "footwear", "鞋"), ((255, 128, 96), (178, 48, 64)), _shoe),
    _Style(
        ("bag", "luggage", "suitcase", "backpack", "箱包", "包"),
        ((150, 118, 96), (82, 58, 46)),
        _suitcase,
    ),
    _Style(
        ("cloth", "apparel", "fashion", "wear", "shirt", "服"),
        ((96, 144, 220), (52, 70, 150)),
        _shirt,
    ),
    _Style(
        ("beauty", "cosmetic", "skin", "makeup", "personal care", "美妆", "个护"),
        ((246, 150, 190), (186, 72, 130)),
        _lipstick,
    ),
    _Style(
        ("food", "snack", "grocery", "drink", "beverage", "食品", "零食"),
        ((250, 186, 72), (206, 104, 30)),
        _bowl,
    ),
    _Style(("book", "图书", "书"), ((134, 110, 200), (70, 48, 130)), _book),
    _Style(("sport", "outdoor", "fitness", "运动", "户外"), ((72, 196, 120), (24, 120, 84)), _ball),
    _Style(("toy", "collectible", "game", "玩具", "潮玩"), ((255, 176, 64), (230, 84, 96)), _bear),
    _Style(("pet", "宠物", "猫", "狗"), ((150, 200, 90), (70, 130, 60)), _paw),
    _Style(("furniture", "home", "家具", "家居"), ((196, 150, 110), (120, 84, 60)), _sofa),
)
_DEFAULT_STYLE = _Style((), ((120, 130, 160), (60, 66, 96)), _tag)


def _style_for(category: str | None) -> _Style:
    text = (category or "").lower().replace("-", " ")
    return next((s for s in _STYLES if any(k in text for k in s.keywords)), _DEFAULT_STYLE)


def _shift_hue(color: RGB, amount: float) -> RGB:
    """The colour with its hue turned by `amount` of a full circle (a little per product)."""
    h, lightness, s = colorsys.rgb_to_hls(*(v / 255 for v in color))
    r, g, b = colorsys.hls_to_rgb((h + amount) % 1.0, lightness, s)
    return round(r * 255), round(g * 255), round(b * 255)
