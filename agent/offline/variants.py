"""Choosing among a product's variants from what the customer said and what is remembered."""

from __future__ import annotations

import re
from typing import Any

from agent.offline import slots, toolnames
from agent.offline.calls import Result
from agent.offline.conversation import Conversation, seller_text
from agent.offline.numbers import normalise
from store.locale import option_name, option_value

SIZE_PREFERENCES = ("shoe_size", "clothing_size", "size")


def fold(value: Any) -> str:
    """Compare option values the way people write them: "Black" = "black ", "42" = 42."""
    return str(value).strip().casefold()


def choose_options(choices: list[dict[str, Any]], wanted: list[str]) -> dict[str, str]:
    """For each option of the choices, the first wanted value it offers (as the store spells it)."""
    names = list(dict.fromkeys(name for c in choices for name in (c.get("options") or {})))
    chosen: dict[str, str] = {}
    for name in names:
        offered = {
            fold(c["options"][name]): str(c["options"][name])
            for c in choices
            if name in (c.get("options") or {})
        }
        value = next((offered[fold(w)] for w in wanted if fold(w) in offered), None)
        if value is not None:
            chosen[name] = value
    return chosen


def matching(choices: list[dict[str, Any]], options: dict[str, str]) -> list[dict[str, Any]]:
    """The choices that have all these options."""
    return [
        c
        for c in choices
        if all(fold((c.get("options") or {}).get(k)) == fold(v) for k, v in options.items())
    ]


def known_sizes(conv: Conversation) -> list[str]:
    """Sizes the customer gave, best first.

    Said in this conversation (newest first), then remembered: a size stated now beats the
    remembered one.
    """
    said = [slots.take_size(normalise(text))[0] for text in reversed(conv.customer_texts)]
    remembered = [conv.preferences[k] for k in SIZE_PREFERENCES if conv.preferences.get(k)]
    return list(dict.fromkeys(s for s in [*said, *remembered] if s))


def variant_choices(result: Result) -> list[dict[str, Any]]:
    """The choices a `variant_required` error of add_to_cart lists (empty for anything else)."""
    if result.call.name != toolnames.ADD or result.error != "variant_required":
        return []
    return [c for c in seller_text(result.data).get("choices") or [] if isinstance(c, dict)]


def known_options(conv: Conversation, result: Result) -> dict[str, str]:
    """What is already settled for a `variant_required` error: asked or remembered values."""
    asked = [str(v) for v in (result.call.arguments.get("options") or {}).values()]
    return choose_options(variant_choices(result), asked + known_sizes(conv))


def _squash(text: str) -> str:
    """Text folded for matching option values: no spaces, "512G"/"256 gigs" -> "512gb".

    A counted unit is folded to one form: "20 packs" = "the 20-pack".
    """
    text = re.sub(r"(?<=\d)\s*-\s*(?=[a-z])", "", fold(text))
    text = re.sub(r"(\d\s*[a-z]+?)(?:es|s)\b", r"\1", text)
    text = re.sub(r"\s+", "", text).replace("gigs", "gb").replace("gig", "gb")
    return re.sub(r"(\d)g(?!b)", r"\1gb", text)


def _is_measure(value: str) -> bool:
    """A number with its unit: "3 L", "30 ml", "256GB" (short, so matched as a whole word)."""
    return (
        value.isascii() and bool(re.search(r"\d", value)) and bool(re.search(r"[a-z]", value, re.I))
    )


def _measure_pattern(value: str) -> str:
    """The measure as its own word, spaced or not: "3 L" in "the first one, 3l please"."""
    # Latin letters and digits bound it, not Chinese: "加一个1 L的" names "1 L".
    return r"(?<![a-z\d.])" + r"\s*".join(map(re.escape, value.split())) + r"(?![a-z\d])"


def _mentions(text: str, value: str, size: str | None) -> bool:
    """Whether the customer's words name this option value, in English or in Chinese."""
    key = re.sub(r"\s*\(.*?\)", "", value).strip()
    if _squash(text.strip(" .!?。")) in (_squash(key), _squash(value)):  # the bare "42", "3L"
        return True
    if _is_measure(key) and re.search(_measure_pattern(key), text, re.IGNORECASE):
        return True  # "the first one, 3 L"
    if size is not None and fold(size) in (fold(key), fold(value)):
        return True
    # "375 g (15 packs)" is named by either part: "the 375g one", "15包的".
    return any(_names(text, part) for part in (key, *re.findall(r"\((.*?)\)", value)))


def _names(text: str, value: str) -> bool:
    if len(value) > 3 and _squash(value) in _squash(text):
        return True
    chinese = option_value(value, "zh")
    if chinese == value:
        return False
    return chinese in text or (chinese.endswith("色") and f"{chinese[:-1]}的" in text)


def _words(value: Any) -> list[str]:
    """An option value's words: "Black/Gold" offers "black" and "gold"."""
    return re.split(r"[\s/]+", fold(value))


def named_choice(
    choices: list[dict[str, Any]], text: str, remembered: list[str]
) -> dict[str, str] | None:
    """The options that single out one variant by the words, or None."""
    wanted = named_options(choices, text, remembered)
    return wanted if len(matching(choices, wanted)) == 1 else None


def named_options(
    choices: list[dict[str, Any]], text: str, remembered: list[str]
) -> dict[str, str]:
    """The offered options the words name, perhaps too few to single out a variant ("a 39").

    Of an option's values, the longest the words name counts; a remembered size fills in.
    """
    size, _ = slots.take_size(text)
    # The words of each value: "black" is offered by "Black/Gold".
    offered = [_words(v) for c in choices for v in (c.get("options") or {}).values()]
    if any(not any(fold(v) in o for o in offered) for v in slots.said_options(text).values()):
        return {}  # never trade what was asked for ("in black") for what is there
    wanted: dict[str, str] = {}
    for name in dict.fromkeys(n for c in choices for n in (c.get("options") or {})):
        values = list(
            dict.fromkeys(str(c["options"][name]) for c in choices if name in c["options"])
        )
        named = [v for v in values if _mentions(text, v, size)]
        if not named and (colour := slots.find_colour(text)):
            # 黑色 for "Matte Black": the one value the colour is a word of
            worded = [v for v in values if fold(colour) in _words(v)]
            named = worded if len(worded) == 1 else []
        if not named and name == "size":
            named = [v for r in remembered for v in values if fold(v) == fold(r)][:1]
        if named:
            wanted[name] = max(named, key=len)
    return wanted if wanted and matching(choices, wanted) else {}


def without_values(choices: list[dict[str, Any]], text: str) -> str:
    """The text without the options it names ("size 42", "颜色黑色"), in English or Chinese."""
    options = [(str(n), str(v)) for c in choices for n, v in (c.get("options") or {}).items()]
    words = {n for n, _ in options} | {w for _, v in options for w in (v, *v.split())}
    for value in sorted(words, key=len, reverse=True):
        bare = re.sub(r"\s*\(.*?\)", "", value)
        for form in {value, bare, option_value(bare, "zh"), option_name(value, "zh")}:
            text = re.sub(re.escape(form), " ", text, flags=re.IGNORECASE)
    return text
