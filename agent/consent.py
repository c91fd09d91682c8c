"""Whether a message typed while a payment waits accepts it, declines it, or is something else.

Decided here, from the human's own words, never by the model: a message confirms only when it
says nothing but yes ("ok pay", "go ahead", 好的付款), declines only when it says nothing but no
("don't pay", 先不付), and anything else leaves the payment waiting: a question is answered
with the card still there. Only a message that starts a new purchase ("find me socks", 再加一包)
sets the payment aside (`starts_purchase`). The phrases are data, one table per language, in
`consent.toml`.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from enum import StrEnum
from functools import cache
from pathlib import Path

from store.methods import mentions_payment_method

MAX_CHARS = 80
"""A longer message says more than yes or no."""

_QUESTION = ("?", "？", "吗", "么", "嘛")


class Verdict(StrEnum):
    """What a typed message means for the payment on screen."""

    accept = "accept"
    decline = "decline"
    other = "other"


@cache
def _tables() -> dict[str, dict[str, list[str]]]:
    return tomllib.loads(Path(__file__).with_name("consent.toml").read_text(encoding="utf-8"))


@cache
def _listed(kind: str) -> tuple[str, ...]:
    """The `kind` phrases ("purchase", "question", "code") of every language, normalised."""
    return tuple(_normalise(p) for table in _tables().values() for p in table.get(kind, []))


@cache
def _phrases() -> dict[str, Verdict | None]:
    """Every phrase of every language, with its meaning (None for filler)."""
    meaning: dict[str, Verdict | None] = {}
    for table in _tables().values():
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


def _has(message: str, phrases: tuple[str, ...]) -> bool:
    """Whether a normalised message contains one of the phrases (a Latin one as whole words)."""
    for phrase in phrases:
        start = message.find(phrase)
        while start >= 0:
            end = start + len(phrase)
            before = start > 0 and _word_char(message[start - 1]) and _word_char(phrase[0])
            after = end < len(message) and _word_char(message[end]) and _word_char(phrase[-1])
            if not (before or after):
                return True
            start = message.find(phrase, start + 1)
    return False


def is_question(text: str) -> bool:
    """A question or a hesitation ("is shipping free", 总共多少钱, "wait"): keep the card."""
    stripped = text.strip()
    if "?" in stripped or "？" in stripped or stripped.endswith(_QUESTION + ("呢",)):
        return True
    return _has(_normalise(stripped), _listed("question"))


def starts_purchase(text: str) -> bool:
    """Whether a message typed while a payment waits starts a new purchase instead.

    Only then is the waiting payment set aside; a question, a word about the payment itself
    ("put it on Alipay") or anything unclear keeps it waiting.
    """
    if classify(text) != Verdict.other or is_question(text) or mentions_payment_method(text):
        return False
    return _has(_normalise(text), _listed("purchase"))


def typed_code(text: str) -> str | None:
    """A one-time code typed in the chat: the whole message, or after a code word.

    "123", "code is 123" and 验证码是123 all give "123".
    """
    code = text.strip()
    if 0 < len(code) <= 12 and code.isascii() and code.isalnum():
        return code
    if len(code) > MAX_CHARS or not _has(_normalise(code), _listed("code")):
        return None
    found = re.findall(r"[A-Za-z0-9]*\d[A-Za-z0-9]*", code)
    return found[0] if len(found) == 1 and len(found[0]) <= 12 else None
