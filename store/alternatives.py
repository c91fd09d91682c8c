"""Requests for something instead of a named product: "an alternative to X", 类似 X 的耳机.

The search finds X (the reference) first, then products of its kind other than X, the most
alike and nearest in price first. This module reads such a request and orders candidates;
`store.search` does the finding.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from store.text import link_spans, normalize

_ENDS = r"(?=\s+(?:but|that|which|with|in|from|under|below)\b|\s*[,;!?，。；！？]|\.\s|\.?$)"
# An English marker and the reference that follows it ("similar to the Sony WH-1000XM5").
_AFTER_MARKER = re.compile(
    r"\b(?:(?:cheaper|budget|affordable|good|similar)\s+)?"
    r"(?:alternatives?|substitutes?|replacements?|dupes?|equivalents?)\s+(?:to|for|of)\s+"
    r"|\b(?:similar|comparable)\s+(?:to|as)\s+|\binstead\s+of\s+"
    r"|\b(?:cheaper|less\s+expensive|more\s+affordable|lower[- ]priced)\s+than\s+"
    r"|(?<!\bwould )(?<!'d )(?<!\bi )(?<!\bwe )(?<!\byou )(?<!\bthey )(?<!\bdo )(?<!\bjust )"
    r"(?<!\breally )\blike\s+"
)
_ZH_AFTER = re.compile(r"(?:类似于?|相似于?|像|替代|代替|取代)")
_ZH_AFTER_ENDS = re.compile(r"的|一样|那样|这样|差不多|[，。？！,?!]|$")
_ZH_BEFORE = re.compile(r"\s*的?\s*(?:平替|替代品|替代款|代替品|替换品|同类产品|同类)")
_ZH_CHEAPER_THAN = re.compile(r"比\s*(?P<reference>.+?)\s*(?:还|更)?(?:便宜|实惠)")
_SIMILAR_TO_ZH = re.compile(r"(?:和|跟|与)\s*(?P<reference>.+?)\s*(?:差不多|类似|相似|一样)")
# A product page pasted next to one of these words is what the shopper wants instead of.
_INSTEAD_WORDS = re.compile(
    r"\b(?:alternatives?|substitutes?|replacements?|similar|instead)\b|平替|替代|代替|类似"
)
_CHEAPER = re.compile(
    r"\b(?:cheaper|less\s+expensive|more\s+affordable|lower[- ]priced|budget|for\s+less)\b"
    r"|平替|便宜|实惠"
)

PRICE_WEIGHT = 1.0
"""How much a price unlike the reference's costs a candidate: its likeness is divided by
1 + PRICE_WEIGHT * |ln(price / reference price)| (twice the price: / 1.69)."""


@dataclass(frozen=True)
class Instead:
    """A request for something instead of `reference` (its words as written).

    `wanted`: the rest of the request (the kind asked for, if it names one: "headphones" of
    "headphones similar to X"); `cheaper`: only products cheaper than the reference will do;
    `page`: the reference is a pasted product page, one seller's offer: the same product from
    another seller is an alternative to it (cheaper, say), as it is not to a product named.
    """

    reference: str
    wanted: str
    cheaper: bool
    page: bool = False


def read_instead(query: str) -> Instead | None:
    """The request for something instead of a named product, if the query is one."""
    text = normalize(query)
    cheaper = bool(_CHEAPER.search(text))
    links = link_spans(text)
    if links and _INSTEAD_WORDS.search(text):  # "the cheapest alternative for this item: <link>"
        reference = " ".join(text[start:end] for start, end in links)
        wanted = "".join(_outside(text, links))
        return Instead(reference, wanted, cheaper, page=True)
    found = _english(text) or _chinese(text)
    if found is None:
        return None
    cut, start, end = found
    return Instead(text[start:end].strip(), f"{text[:cut]} {text[end:]}", cheaper)


def _outside(text: str, spans: list[tuple[int, int]]) -> list[str]:
    parts, position = [], 0
    for start, end in spans:
        parts += [text[position:start], " "]
        position = end
    return [*parts, text[position:]]


def _english(text: str) -> tuple[int, int, int] | None:
    """Where an English marker starts, and where the reference after it starts and ends."""
    for marker in _AFTER_MARKER.finditer(text):
        end = re.compile(_ENDS).search(text, marker.end())
        stop = end.start() if end else len(text)
        if text[marker.end() : stop].strip():
            return marker.start(), marker.end(), stop
    return None


def _chinese(text: str) -> tuple[int, int, int] | None:
    """Where the words cut from a Chinese request start, and where its reference stands."""
    for pattern in (_ZH_CHEAPER_THAN, _SIMILAR_TO_ZH):
        if match := pattern.search(text):
            return match.start("reference"), match.start("reference"), match.end("reference")
    if match := _ZH_BEFORE.search(text):
        return 0, 0, match.start()  # "AirPods Pro 平替": the reference is what comes before
    if match := _ZH_AFTER.search(text):
        end = _ZH_AFTER_ENDS.search(text, match.end())
        stop = end.start() if end else len(text)
        if text[match.end() : stop].strip():
            return match.end(), match.end(), stop
    return None


def price_closeness(price: int, reference: int) -> float:
    """1 at the reference's price, less the further a price is from it (by ratio)."""
    if price <= 0 or reference <= 0:
        return 1.0
    return 1.0 / (1.0 + PRICE_WEIGHT * abs(math.log(price / reference)))
