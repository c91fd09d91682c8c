"""Choosing among a product's variants from what the customer said and what is remembered."""

from __future__ import annotations

from typing import Any

from agent.offline.conversation import Conversation, Result, seller_text

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


def remembered_sizes(conv: Conversation) -> list[str]:
    """Sizes from the system prompt's remembered preferences."""
    return [conv.preferences[k] for k in SIZE_PREFERENCES if conv.preferences.get(k)]


def variant_choices(result: Result) -> list[dict[str, Any]]:
    """The choices a `variant_required` error of add_to_cart lists (empty for anything else)."""
    if result.call.name != "add_to_cart" or result.error != "variant_required":
        return []
    return [c for c in seller_text(result.data).get("choices") or [] if isinstance(c, dict)]


def known_options(conv: Conversation, result: Result) -> dict[str, str]:
    """What is already settled for a `variant_required` error: asked or remembered values."""
    asked = [str(v) for v in (result.call.arguments.get("options") or {}).values()]
    return choose_options(variant_choices(result), asked + remembered_sizes(conv))
