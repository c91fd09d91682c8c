"""The shop's words in Chinese: titles, variant option names and values (read word by word).

Option values are stored as the seller wrote them (English for the demo shop). A Chinese
customer reads them through this table ("Black Titanium" -> "黑色钛金属", "20 packs" ->
"20包"); a word the table lacks stays as written, so imported values fall back to the original.
The same table lets a Chinese request name an English value ("粉色" -> "Pink").
"""

from __future__ import annotations

import re

OPTION_NAMES_ZH = {
    "color": "颜色",
    "colour": "颜色",
    "size": "尺码",
    "storage": "存储",
    "volume": "容量",
    "capacity": "容量",
    "flavor": "口味",
    "shade": "色号",
    "pack": "规格",
    "weight": "重量",
    "edition": "版本",
    "format": "装帧",
    "frame": "车架",
    "model": "型号",
    "length": "长度",
    "roast": "烘焙",
    "grip": "握把",
    "lens": "镜片",
    "design": "图案",
}

# Whole values first (read as one), then single words.
OPTION_WORDS_ZH = {
    "active noise cancellation": "降噪版",
    "body only": "单机身",
    "whole set": "整套",
    "single box": "单盒",
    "off white": "米白色",
    "black": "黑色",
    "white": "白色",
    "pink": "粉色",
    "red": "红色",
    "blue": "蓝色",
    "navy": "藏青色",
    "green": "绿色",
    "grey": "灰色",
    "gray": "灰色",
    "yellow": "黄色",
    "purple": "紫色",
    "brown": "棕色",
    "beige": "米色",
    "silver": "银色",
    "gold": "金色",
    "orange": "橙色",
    "olive": "橄榄绿",
    "khaki": "卡其色",
    "cream": "奶油色",
    "ivory": "象牙白",
    "mint": "薄荷绿",
    "teal": "青色",
    "lilac": "淡紫色",
    "graphite": "石墨色",
    "chestnut": "栗色",
    "titanium": "钛金属",
    "natural": "原色",
    "desert": "沙漠色",
    "midnight": "午夜色",
    "starlight": "星光色",
    "transparent": "透明",
    "light": "浅",
    "dark": "深",
    "matte": "哑光",
    "rose": "玫瑰",
    "small": "小号",
    "medium": "中号",
    "large": "大号",
    "regular": "常规",
    "petite": "迷你",
    "standard": "标准版",
    "original": "原味",
    "spicy": "香辣",
    "tuna": "金枪鱼",
    "chicken": "鸡肉",
    "seafood": "海鲜",
    "beef": "牛肉",
    "vegetarian": "素食",
    "tomato": "番茄",
    "cucumber": "黄瓜",
    "cola": "可乐",
    "packs": "包",
    "pack": "包",
    "boxes": "盒",
    "people": "人",
    "inch": "寸",
    "paperback": "平装",
    "hardcover": "精装",
    "clear": "透明",
}

_WORD = re.compile(
    "|".join(re.escape(w) for w in sorted(OPTION_WORDS_ZH, key=len, reverse=True)) + r"|\S+",
    re.IGNORECASE,
)


def localized(en: str, zh: str | None, language: str) -> str:
    """The Chinese text for Chinese-speaking customers when there is one, else the original."""
    return zh if language == "zh" and zh else en


def option_name(name: str, language: str) -> str:
    """An option's name for the customer ("color" -> "颜色" in Chinese)."""
    return OPTION_NAMES_ZH.get(name.casefold(), name) if language == "zh" else name


def option_value(value: str, language: str) -> str:
    """An option's value for the customer, word by word ("Olive" -> "橄榄绿" in Chinese)."""
    if language != "zh":
        return value
    # A two-tone value ("Black/Gold") is read part by part: "黑色/金色".
    return "/".join(_value_zh(part.strip()) for part in value.split("/"))


def _value_zh(value: str) -> str:
    words = [OPTION_WORDS_ZH.get(w.casefold(), w) for w in _WORD.findall(value)]
    joined = " ".join(words)
    # Chinese words need no spaces between them or before a measure ("20 包" -> "20包").
    return re.sub(r"(?<=[\u4e00-\u9fff\d])\s+(?=[\u4e00-\u9fff])", "", joined)
