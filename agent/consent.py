"""Whether a message typed while a payment waits accepts it, declines it, or is something else.

Decided here, from the human's own words, never by the model: a message confirms only when it
says nothing but yes ("ok pay", "go ahead", 好的付款), declines only when it says nothing but no
("don't pay", 先不付), and anything else (a question, a new request) leaves the payment waiting.
The phrases are data, one table per language, in `consent.toml`.
"""

from __future__ import annotations

import tomllib
import unicodedata
from enum import StrEnum
from functools import cache
from pathlib import Path

MAX_CHARS = 80
"""A longer message says more than yes or no."""

_QUESTION = ("?", "？", "吗", "么", "嘛")


class Verdict(StrEnum):
    """What a typed message means for the payment on screen."""

    accept = "accept"
    decline = "decline"
    other = "other"


@cache
def _phrases() -> dict[str, Verdict | None]:
    """Every phrase of every language, with its meaning (None for filler)."""
    tables = tomllib.loads(Path(__file__).with_name("consent.toml").read_text(encoding="utf-8"))
    meaning: dict[str, Verdict | None] = {}
    for table in tables.values():
        for phrase in table.get("filler", []):
            meaning.setdefault(_normalise(phrase), None)
        for kind in (Verdict.accept, Verdict.decline):
            for phrase in table.get(kind.value, []):
                meaning[_normalise(phrase)] = kind
    return meaning


def _normalise(text: str) -> str:
    """Lower case, width-folded, punctuation as spaces, one space between words."""
    folded = unicodedata.normalize("NFKC", text).lower().replace("’", "'")
    kept = "".join(
        c if c == "'" or not unicodedata.category(c).startswith(("P", "Z", "C")) else " "
        for c in folded
    )
    return " ".join(kept.split())


def _word_char(char: str) -> bool:
    return char.isascii() and (char.isalnum() or char == "'")


def classify(text: str) -> Verdict:
    """Accept, decline or other, for a message typed while a payment waits."""
    stripped = text.strip()
    if not stripped or len(stripped) > MAX_CHARS or stripped.endswith(_QUESTION):
        return Verdict.other
    if "?" in stripped or "？" in stripped:
        return Verdict.other
    message = _normalise(stripped)
    phrases = _phrases()
    longest = max(len(p) for p in phrases)
    seen: set[Verdict] = set()
    index = 0
    while index < len(message):
        if message[index] == " ":
            index += 1
            continue
        for size in range(min(longest, len(message) - index), 0, -1):
            piece = message[index : index + size]
            if piece not in phrases:
                continue
            end = index + size
            # A Latin phrase must end at a word boundary: "no" is not the start of "nothing".
            if _word_char(piece[-1]) and end < len(message) and _word_char(message[end]):
                continue
            if _word_char(piece[0]) and index > 0 and _word_char(message[index - 1]):
                continue
            if (meaning := phrases[piece]) is not None:
                seen.add(meaning)
            index = end
            break
        else:
            return Verdict.other  # a word that is neither yes, no nor filler
    return seen.pop() if len(seen) == 1 else Verdict.other
