"""Which saved payment method a customer's words name: "Alipay", 用微信付, "the card ending 0002".

The words are data (`methods.toml`, both languages). `method_named` reads a phrase (from a model's
tool call) or a whole message (in the offline demo) against the customer's saved methods; when
the words name a method the customer has not saved ("my Mastercard"), it says what was named so
the caller can say so and list the saved ones.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from store.errors import NotFound
from store.views import PaymentMethodView

_LAST_FOUR = re.compile(r"(?<!\d)(\d{4})(?!\d)")


@dataclass(frozen=True)
class MethodNamed:
    """What a text names: one of the saved methods, or (`method` None) one the customer lacks."""

    method: PaymentMethodView | None
    named: str
    """The method as named, for people and models: "Alipay", "Mastercard", "card ending 1234"."""


@dataclass(frozen=True)
class _Mention:
    at: int
    end: int
    tag: str  # "kind", "brand", "digits", "default" or "other"
    value: str  # the kind or brand, or the four digits


@cache
def _words() -> dict[str, Any]:
    return tomllib.loads(Path(__file__).with_name("methods.toml").read_text(encoding="utf-8"))


def _pattern(words: list[str]) -> re.Pattern[str]:
    """Any of the words; a Latin word only as a whole word ("card" is not in "cardigan")."""
    parts = [
        rf"(?<![a-z]){re.escape(w)}(?![a-z])" if w.isascii() else re.escape(w)
        for w in sorted(words, key=len, reverse=True)
    ]
    return re.compile("|".join(parts), re.IGNORECASE)


@cache
def _patterns() -> tuple[tuple[str, str, re.Pattern[str]], ...]:
    words = _words()
    return (
        *(("kind", kind, _pattern(aliases)) for kind, aliases in words["kinds"].items()),
        *(("brand", brand, _pattern(aliases)) for brand, aliases in words["brands"].items()),
        *((tag, tag, _pattern(aliases)) for tag, aliases in words["words"].items()),
    )


def _mentions(text: str) -> list[_Mention]:
    found: list[_Mention] = []
    taken: list[tuple[int, int]] = []
    # Longer words first across tables, so "wechat pay" is the wallet and not "pay".
    spans = [
        (m.start(), m.end(), tag, value)
        for tag, value, pattern in _patterns()
        for m in pattern.finditer(text)
    ]
    for start, end, tag, value in sorted(spans, key=lambda s: s[0] - s[1]):
        if any(start < e and s < end for s, e in taken):
            continue
        taken.append((start, end))
        found.append(_Mention(start, end, tag, value))
    found += [_Mention(m.start(), m.end(), "digits", m.group(1)) for m in _LAST_FOUR.finditer(text)]
    return sorted(found, key=lambda m: m.at)


# A bare "card" (卡) is a way to pay only where the words around say so ("pay by card", "on my
# card", 用卡付, "card ending 0002"); otherwise it is a thing to buy: "a birthday card", 贺卡.
_BARE_CARD = ("card", "卡")
_PAYING_BEFORE = re.compile(
    r"(?:\b(?:pay|paying|paid|charge|on|by|with|via|using|use|try)\s+"
    r"(?:(?:my|the|a|an|your|another|other|different|same|usual|default|that|this)\s+)*"
    r"|(?:用|刷|换|拿)\s*(?:我的|那张|这张|一张|另一张|别的)?\s*)$",
    re.IGNORECASE,
)
_PAYING = re.compile(r"\b(?:pay|paying|method|charge)\b|付|张", re.IGNORECASE)
# "pay with the declined test card": a card described by words of its label (`_by_label`).
_DESCRIBED_CARD = re.compile(
    r"\b(?:pay|paying|charge|use|using|try|check\s*-?\s*out)\b(?:\s+(?:with|by|on|via|using))?\s+"
    r"(?P<card>(?:[a-z-]+\s+){2,4}?card)\b",
    re.IGNORECASE,
)
_PAYING_AFTER = re.compile(r"^\s*(?:(?:ending(?: in)?|尾号)\s*\d{4}|付|支付)", re.IGNORECASE)


def _names_method(text: str, mention: _Mention) -> bool:
    if mention.tag == "brand":
        return True
    if mention.tag != "kind":
        return False
    if text[mention.at : mention.end].casefold() not in _BARE_CARD:
        return True
    return bool(
        _PAYING_BEFORE.search(text[: mention.at]) or _PAYING_AFTER.search(text[mention.end :])
    )


def mentions_payment_method(text: str) -> bool:
    """Whether the text speaks of a way to pay (a wallet, a card to pay with, "my Visa")."""
    return any(_names_method(text, m) for m in _mentions(text))


def method_words(text: str) -> str | None:
    """The words of a message that name a way to pay, for `pay_order`; None if it names none.

    "pay with Alipay" gives "Alipay", "the card ending 0002" gives "card ending 0002".

    A bare "card" names nothing ("an uno card game"), nor do four digits without one ("order
    1234"); together they do ("card ending 0002").
    """
    mentions = _mentions(text)
    # "other" or "usual" names a way to pay only beside words of paying: 有别的颜色吗 asks for
    # another colour; "pay with another method" and 换一张 (a card's measure word) do not.
    if not any(m.tag in ("kind", "brand", "digits") for m in mentions) and not _PAYING.search(text):
        return None
    card = [m for m in mentions if m.tag == "kind" and m.value == "card"]
    digits = [m for m in mentions if m.tag == "digits"]
    if len(card) + len(digits) == len(mentions) and not (card and digits):
        described = _DESCRIBED_CARD.search(text)
        return described.group("card") if described else None
    return text[mentions[0].at : mentions[-1].end]


def _last_four(method: PaymentMethodView) -> str | None:
    digits = re.findall(r"\d{4}", method.label)
    return digits[0] if method.kind == "card" and digits else None


def _display(tag: str, value: str) -> str:
    if tag == "digits":
        return f"card ending {value}"
    aliases = _words()["kinds" if tag == "kind" else "brands"][value]
    return next((a for a in aliases if a.isascii()), value).title().replace("Wechat", "WeChat")


def method_named(
    text: str, methods: list[PaymentMethodView], *, current_id: int | None = None
) -> MethodNamed | None:
    """The saved method `text` names, or what it names that is not saved; None if it names none.

    A named wallet, brand or last four digits wins; when several are named, the last one ("not
    WeChat, Alipay"). "my usual card" is the default (even in "another card: my default one"),
    "another card" a saved one other than `current_id` (default: the default method), a bare
    "card" the default card.
    """
    mentions = _mentions(text)
    cards = [m for m in methods if m.kind == "card"]
    saved_digits = {d for m in cards if (d := _last_four(m))}
    card_words = any(m.tag == "kind" and m.value == "card" for m in mentions)
    specific = [
        m
        for m in mentions
        if (m.tag == "kind" and m.value != "card")
        or m.tag == "brand"
        or (m.tag == "digits" and (m.value in saved_digits or card_words))
    ]
    if specific:
        last = specific[-1]
        named = _display(last.tag, last.value)
        if last.tag == "digits":
            chosen = [m for m in cards if _last_four(m) == last.value]
        elif last.tag == "brand":
            chosen = [m for m in cards if last.value in m.label.casefold()]
        else:
            chosen = [m for m in methods if m.kind == last.value]
        chosen.sort(key=lambda m: not m.is_default)
        return MethodNamed(chosen[0] if chosen else None, named)
    tags = {m.tag for m in mentions}
    default = next((m for m in methods if m.is_default), methods[0] if methods else None)
    pool = cards if card_words else methods
    if "default" in tags:
        return MethodNamed(default, "default method")
    if "other" in tags:
        current = current_id if current_id is not None else (default.id if default else None)
        others = [m for m in pool if m.id != current]
        return MethodNamed(
            others[0] if others else None, "another card" if card_words else "another method"
        )
    described = _by_label(text, pool)
    if described is not None:  # "the test card that declines": the one its label describes
        return MethodNamed(described, described.label)
    if card_words:
        chosen = sorted(cards, key=lambda m: not m.is_default)
        return MethodNamed(chosen[0] if chosen else None, "card")
    return None


_COMMON = frozenset({"the", "and", "for", "with", "one", "that", "this", "use", "using", "try"})


@cache
def _vocabulary() -> frozenset[str]:
    """The words of methods.toml: they name kinds and brands, not one saved method."""
    tables = _words()
    aliases = [a for table in tables.values() for words in table.values() for a in words]
    return frozenset(w for a in aliases for w in a.casefold().split()) | _COMMON


def _label_words(text: str) -> set[str]:
    return set(re.findall(r"[a-z]{3,}", text.casefold())) - _vocabulary()


def _by_label(text: str, methods: list[PaymentMethodView]) -> PaymentMethodView | None:
    """The saved method whose label shares the most words with the text, if one leads."""
    said = _label_words(text)
    shared = sorted(((len(said & _label_words(m.label)), m) for m in methods), key=lambda s: -s[0])
    if not shared or not shared[0][0] or (len(shared) > 1 and shared[1][0] == shared[0][0]):
        return None
    return shared[0][1]


def saved_method(
    words: str, methods: list[PaymentMethodView], *, current_id: int | None = None
) -> PaymentMethodView:
    """The saved method `words` name: its label, the customer's words, or its id.

    A label is "Visa ···4242"; words are "card ending 0002", 微信 or "another card" (one other
    than `current_id`).

    Raises:
        NotFound: if they name none of the saved methods, saying what was asked and listing
            the saved ones by label.
    """
    wanted = words.strip()
    labelled = [m for m in methods if m.label.casefold() == wanted.casefold()]
    if labelled:
        return labelled[0]
    found = method_named(wanted, methods, current_id=current_id)
    if found is not None and found.method is not None:
        return found.method
    by_id = [m for m in methods if str(m.id) == wanted]
    if by_id:
        return by_id[0]
    named = found.named if found else wanted
    raise NotFound(
        f"No saved payment method matches {named}. Saved methods: {saved_list(methods)}.",
        named=named,
        saved_methods=[m.label for m in methods],
    )


def saved_list(methods: list[PaymentMethodView]) -> str:
    """The saved methods for a message, by label: "Visa ···4242, Alipay"."""
    return ", ".join(m.label for m in methods) or "none"
