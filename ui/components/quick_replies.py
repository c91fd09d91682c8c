"""Suggested next steps under the newest reply (no Streamlit here).

First what the reply itself offers ('Say "compare the first two"'), then defaults for where the
shopper stands: compare what was found, view the cart, check out. All in the shopper's language
(offers are quoted from the reply, defaults come from the interface text).
"""

from __future__ import annotations

import re

from ui.components.turns import Turn
from ui.i18n import translate

MAX_CHIPS = 4
MAX_OFFERED = 2  # leave room for the defaults (one fewer with a filled cart: "check out" shows)
# A phrase in quotes, as replies offer them: "…", “…” or 「…」.
QUOTED = re.compile(r'"([^"\n]{2,40})"|“([^”\n]{2,40})”|「([^」\n]{2,40})」')
OPENING, CLOSING = "(（", ")）"


def offered(text: str) -> list[str]:
    """Phrases the reply suggests saying, in order; examples in brackets are left out."""
    phrases: list[str] = []
    for match in QUOTED.finditer(text):
        before = text[: match.start()]
        inside_brackets = sum(before.count(c) for c in OPENING) > sum(
            before.count(c) for c in CLOSING
        )
        if not inside_brackets:
            phrases.append(next(group for group in match.groups() if group).strip())
    return phrases


def quick_replies(turn: Turn, *, cart_items: int, language: str) -> list[str]:
    """At most four next steps after `turn`, each once."""
    said = turn.outcome_texts or turn.texts
    # Not what the shopper just said: replies quote that back ('I found for "running shoes"').
    own = (turn.user or "").casefold()
    offers = [p for p in offered(said[-1]) if p.casefold() not in own] if said else []
    suggestions = offers[: MAX_OFFERED - 1 if cart_items else MAX_OFFERED]
    if len(turn.product_ids) >= 2:
        suggestions.append(translate(language, "qr_compare"))
    if cart_items:
        suggestions += [translate(language, "qr_cart"), translate(language, "qr_checkout")]
    unique: dict[str, str] = {}
    for phrase in suggestions:
        unique.setdefault(phrase.casefold(), phrase)
    return list(unique.values())[:MAX_CHIPS]
