"""Quantities: what a query bounds or maximises ("at least 1TB"), and what titles state.

A query's bounds ("with at least 512gb disk space", "longer than 3 metres", "clocking higher
than 3000 MHz") and superlatives ("the largest MX500", "the highest read speed") are read
out of its text by the units, comparison words and dimension nouns of `quantities.toml`; the
words they took are no longer things a product must have. A product's quantities come from
its title: "R/W 7400/6500 MB/s" has two transfer rates, "2 x 8GB" a storage of 8 GB.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from store.text import normalize

_NUMBER = r"(\d+(?:[.,]\d+)?)"
_BARE_NUMBER = re.compile(r"(?<![\w.,/])(\d+(?:\.\d+)?)(?![\w.,/%+])")


@dataclass(frozen=True)
class Bound:
    """A quantity the shopper bounds: `op` is one of >=, >, <=, <, ==; `value` in base units."""

    dimension: str
    op: str
    value: float

    def met_by(self, value: float) -> bool:
        """Whether a product's quantity meets this bound (equal within rounding)."""
        close = abs(value - self.value) <= 1e-6 * max(1.0, abs(self.value))
        return {
            ">=": value > self.value or close,
            ">": value > self.value and not close,
            "<=": value < self.value or close,
            "<": value < self.value and not close,
            "==": close,
        }[self.op]


@dataclass(frozen=True)
class Extreme:
    """A superlative: the product with the most (or least) of a dimension is wanted."""

    dimension: str
    most: bool


@dataclass
class Asks:
    """A query's text without its bounds and superlatives, and those."""

    text: str
    bounds: list[Bound] = field(default_factory=list)
    extreme: Extreme | None = None


_OPS = {
    "at_least": ">=",
    "more_than": ">",
    "at_most": "<=",
    "less_than": "<",
    "exactly": "==",
    "after_at_least": ">=",
    "after_at_most": "<=",
}


def _words(words: list[str], *, after_number: bool = False) -> str:
    """A regex alternation of words, longest first, standing as whole words.

    A unit (`after_number`) may follow its number unspaced ("512gb"); "m" of "M.2" is none.
    """
    ordered = sorted({normalize(w) for w in words}, key=len, reverse=True)
    return "|".join(
        (r"(?<![\w])" if w[0].isalnum() and w.isascii() and not after_number else "")
        + re.escape(w)
        + (r"(?![\w]|\.\d)" if w[-1].isalnum() and w.isascii() else "")
        for w in ordered
    )


@dataclass(frozen=True)
class _Dimension:
    name: str
    units: dict[str, float]
    words: re.Pattern[str] | None
    most: frozenset[str]
    least: frozenset[str]


class Quantities:
    """The dimensions, units and comparison words of `quantities.toml`."""

    def __init__(self, data: dict[str, Any]) -> None:
        entries = data.get("dimension", [])
        self.dimensions = [
            _Dimension(
                entry["name"],
                {normalize(unit): float(factor) for unit, factor in entry["units"].items()},
                re.compile(_words(entry["words"])) if entry.get("words") else None,
                frozenset(normalize(w) for w in entry.get("most", [])),
                frozenset(normalize(w) for w in entry.get("least", [])),
            )
            for entry in entries
        ]
        self.unit_of = {
            unit: (dimension.name, factor)
            for dimension in self.dimensions
            for unit, factor in dimension.units.items()
        }
        units = _words(list(self.unit_of), after_number=True)
        # A number (or several joined by "/": "7400/6500 MB/s") and its unit.
        self.measure = re.compile(rf"{_NUMBER}((?:\s*/\s*\d+(?:[.,]\d+)?)*)\s*({units})")
        comparison: dict[str, list[str]] = data.get("comparison", {})
        before = "|".join(
            f"(?P<{name}>{_words(words)})"
            for name, words in comparison.items()
            if not name.startswith("after_")
        )
        after = "|".join(
            f"(?P<{name}>{_words(words)})"
            for name, words in comparison.items()
            if name.startswith("after_")
        )
        article = r"(?:(?:a|an|the)\s+)?"
        self.bound_before = re.compile(rf"(?:{before})\s*{article}{_NUMBER}\s*({units})")
        self.bound_after = re.compile(rf"{_NUMBER}\s*({units})\s*(?:{after})")
        superlatives = [w for d in self.dimensions for w in (*d.most, *d.least)]
        self.superlative = re.compile(_words(superlatives)) if superlatives else None

    def measures(self, text: str) -> dict[str, list[float]]:
        """The quantities a text states, by dimension, in base units."""
        found: dict[str, list[float]] = {}
        for match in self.measure.finditer(normalize(text)):
            dimension, factor = self.unit_of[match.group(3)]
            numbers = [match.group(1), *re.findall(r"\d+(?:[.,]\d+)?", match.group(2))]
            found.setdefault(dimension, []).extend(_number(n) * factor for n in numbers)
        return found

    def bare_numbers(self, text: str) -> list[float]:
        """Numbers a text states without a unit ("DDR4 3200")."""
        return [float(n) for n in _BARE_NUMBER.findall(normalize(text))]

    def read(self, text: str) -> Asks:
        """The bounds and superlative of a query, and its text without them."""
        text = normalize(text)
        bounds: list[Bound] = []
        spans: list[tuple[int, int]] = []
        for pattern, number_group in ((self.bound_before, None), (self.bound_after, 1)):
            for match in pattern.finditer(text):
                name = next(k for k, v in match.groupdict().items() if v)
                groups = [g for g in match.groups() if g is not None]
                number, unit = (groups[-2], groups[-1]) if number_group is None else groups[:2]
                measured, factor = self.unit_of[unit]
                bounds.append(Bound(measured, _OPS[name], _number(number) * factor))
                spans.append(match.span())
        extreme = self._extreme(text, {b.dimension for b in bounds}, spans)
        named = {b.dimension for b in bounds} | ({extreme.dimension} if extreme else set())
        for dimension in self.dimensions:
            if dimension.name in named and dimension.words:
                spans += [m.span() for m in dimension.words.finditer(text)]
        return Asks(_without(text, spans), bounds, extreme)

    def _extreme(
        self, text: str, bounded: set[str], spans: list[tuple[int, int]]
    ) -> Extreme | None:
        """The superlative of a query, if one names (or its nouns show) a single dimension."""
        if self.superlative is None:
            return None
        for match in self.superlative.finditer(text):
            word = match.group()
            choices = [d for d in self.dimensions if word in d.most or word in d.least]
            if len(choices) > 1:  # "highest": the dimension the query names
                choices = [d for d in choices if d.words and d.words.search(text)] or [
                    d for d in choices if d.name in bounded
                ]
            if len(choices) == 1:
                spans.append(match.span())
                return Extreme(choices[0].name, word in choices[0].most)
        return None


def _number(text: str) -> float:
    return float(text.replace(",", "."))


def _without(text: str, spans: list[tuple[int, int]]) -> str:
    """The text with these (possibly overlapping) spans blanked out."""
    kept = list(text)
    for start, end in spans:
        kept[start:end] = " " * (end - start)
    return "".join(kept)


@lru_cache(maxsize=1)
def quantities() -> Quantities:
    """The dimensions of `quantities.toml`."""
    text = resources.files("store").joinpath("quantities.toml").read_text("utf-8")
    return Quantities(tomllib.loads(text))
