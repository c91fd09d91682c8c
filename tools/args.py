"""Argument types the tools share, bounded so that anything a model sends is valid or a tool error.

A model can send any JSON: ids of 10^20, Infinity, NaN, negative prices, a 700 KB query, NUL
characters. These types turn each into a validation error the model reads and can act on,
before the store sees it.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, Field

from store import MAX_AMOUNT, MAX_ID, control_characters

QUERY_CHARS = 300
"""A search query longer than this is not a shopper's words."""

PREFERENCE_CHARS = 120
"""A remembered preference is a fact ("42", "under 300 yuan"), not a paragraph."""

NAME_CHARS = 100
"""Category, brand, size, option names and values, preference keys."""

MAX_OPTIONS = 10
"""Variant options in one call: a product has a few (size, colour), never dozens."""


def _text(limit: int, *, newlines: bool = False) -> AfterValidator:
    """At most `limit` characters, none of them control characters (newlines where allowed)."""

    def check(text: str) -> str:
        if len(text) > limit:
            raise ValueError(f"at most {limit} characters (got {len(text)})")
        if found := control_characters(text, allow_newlines=newlines):
            raise ValueError(f"remove the control characters ({', '.join(found)})")
        return text

    return AfterValidator(check)


def _possible_id(value: int) -> int:
    if not 1 <= value <= MAX_ID:
        raise ValueError(f"no row has id {value}; use an id from an earlier result")
    return value


def _storable_amount(value: float) -> float:
    if value > MAX_AMOUNT / 100:
        raise ValueError(f"at most {MAX_AMOUNT / 100:.2f} (got {value:g})")
    return value


def _few_options(options: dict[str, str]) -> dict[str, str]:
    if len(options) > MAX_OPTIONS:
        raise ValueError(f"at most {MAX_OPTIONS} options (got {len(options)})")
    return options


# Storage guards are checked by validators rather than schema bounds: a model never needs to
# know them, and the tool list it reads on every call stays short (and cached).
Id = Annotated[int, AfterValidator(_possible_id)]
"""A row id from an earlier result."""

Name = Annotated[str, _text(NAME_CHARS)]
"""A short name or value: a category, a brand, a size."""

Query = Annotated[str, _text(QUERY_CHARS, newlines=True)]
"""Free text the shopper typed."""

Money = Annotated[float, Field(ge=0, allow_inf_nan=False), AfterValidator(_storable_amount)]
"""An amount in yuan (major units): finite, not negative, within what the store holds."""

PreferenceKey = Annotated[str, Field(min_length=1, pattern=r"^[\w -]+$"), _text(40)]
"""What a preference is about: a few words ("shoe_size", "budget")."""

PreferenceValue = Annotated[str, Field(min_length=1), _text(PREFERENCE_CHARS)]
"""A preference: short, one line ("42", "Anta, Li-Ning"). Saved text reaches later prompts."""

Options = Annotated[dict[Name, Name], AfterValidator(_few_options)]
"""Variant options, e.g. {"size": "42", "color": "black"}."""
