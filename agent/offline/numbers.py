"""Numbers as people write them, turned into digits before anything else reads the text.

One pass per language: English number words ("a couple of", "half a dozen", "ten", "2k") and
Chinese numerals where they count or price something (两百, 一千五, 来三包, 第二个; cn2an does
the arithmetic), so every later pattern only has to know digits. A Chinese numeral that is
part of a name (三体, 一起) is left alone: it is converted only next to a unit or a price word.
"""

from __future__ import annotations

import re
import unicodedata

import cn2an

FLAGS = re.IGNORECASE

EN_NUMBERS = {
    "half a dozen": 6,
    "a couple": 2,
    "couple": 2,
    "a dozen": 12,
    "dozen": 12,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "twenty": 20,
}
_EN_NUMBER = re.compile(
    r"\b(?:" + "|".join(sorted(EN_NUMBERS, key=len, reverse=True)) + r")\b", FLAGS
)

# Words a Chinese count or price stands next to: units and classifiers after it, and
# ordinals, budgets and changes before it.
ZH_UNITS = "件双个份条只台盒瓶副套包支本罐桶袋箱斤张块元毛码号款部把瓶杯片粒"
ZH_AFTER = rf"[{ZH_UNITS}]|以内|以下|以上|之内|之间|左右|上下|到|至|~|-|毫安|寸|千克|公斤|克|w\b"
ZH_BEFORE = (
    r"(?:第|前|预算|不超过|不到|低于|少于|最多|高于|超过|至少|改成|改为|换成|变成|设为|设成"
    r"|只要|差不多|大概|大约|大致)\s*$"
)
_ZH_NUMERAL = re.compile(
    r"[\d.]*[零〇一二两俩三四五六七八九十百千万][\d.零〇一二两三四五六七八九十百千万]*"
)


def _zh_value(match: re.Match[str]) -> str:
    token, text = match.group(), match.string
    after, before = text[match.end() :], text[: match.start()]
    if not (re.match(ZH_AFTER, after, FLAGS) or re.search(ZH_BEFORE, before)):
        return token
    try:
        value = cn2an.cn2an(token.replace("俩", "两"), "smart")
    except ValueError:
        return token
    return f"{value:g}" if isinstance(value, float) else str(value)


def normalise(text: str) -> str:
    """The text with full-width forms folded and every counted or priced number in digits."""
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"(?<=\d),(?=\d{3}\b)", "", text)  # 1,500
    text = re.sub(r"(?<=\d)s\b", "", text)  # "air force 1s"
    text = re.sub(
        r"\b(\d+(?:\.\d+)?)\s*k\b", lambda m: f"{float(m[1]) * 1000:g}", text, flags=FLAGS
    )
    text = _EN_NUMBER.sub(lambda m: str(EN_NUMBERS[m.group().lower()]), text)
    text = _ZH_TWO_DIGITS.sub(_zh_range, text)
    return _ZH_NUMERAL.sub(_zh_value, text)


# Two neighbouring digits before a magnitude say a range: 三四百 is 300 to 400, 两三千 2000-3000.
_ZH_DIGITS = "一二两三四五六七八九"
_ZH_TWO_DIGITS = re.compile(
    rf"(?<![十百千万零〇\d{_ZH_DIGITS}])([{_ZH_DIGITS}])([{_ZH_DIGITS}])([百千])(?:块|元)?"
)


def _zh_range(match: re.Match[str]) -> str:
    low, high = (cn2an.cn2an(d + match[3], "smart") for d in (match[1], match[2]))
    return f"{low}-{high}元" if low < high else match.group()
