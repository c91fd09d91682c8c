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


def _no_control_characters(text: str) -> str:
    if found := control_characters(text):
        raise ValueError(f"remove the control characters ({', '.join(found)})")
    return text


def _no_control_characters_but_newlines(text: str) -> str:
    if found := control_characters(text, allow_newlines=True):
        raise ValueError(f"remove the control characters ({', '.join(found)})")
    return text


def _possible_id(value: int) -> int:
    if not 1 <= value <= MAX_ID:
        raise ValueError(f"no row has id {value}; use an id from an earlier result")
    return value


# Checked by a validator rather than schema bounds: the tool list stays short (cached prompt).
Id = Annotated[int, AfterValidator(_possible_id)]
"""A row id from an earlier result."""

Name = Annotated[str, Field(max_length=NAME_CHARS), AfterValidator(_no_control_characters)]
"""A short name or value: a category, a brand, a size."""

Query = Annotated[
    str, Field(max_length=QUERY_CHARS), AfterValidator(_no_control_characters_but_newlines)
]
"""Free text the shopper typed."""

Money = Annotated[float, Field(ge=0, le=MAX_AMOUNT / 100, allow_inf_nan=False)]
"""An amount in yuan (major units): finite, not negative, within what the store holds."""

PreferenceKey = Annotated[
    str,
    Field(min_length=1, max_length=40, pattern=r"^[\w -]+$"),
    AfterValidator(_no_control_characters),
]
"""What a preference is about: a few words ("shoe_size", "budget")."""

PreferenceValue = Annotated[
    str, Field(min_length=1, max_length=PREFERENCE_CHARS), AfterValidator(_no_control_characters)
]
"""A preference: short, one line ("42", "Anta, Li-Ning"). Saved text reaches later prompts."""

Options = Annotated[dict[Name, Name], Field(max_length=10)]
"""Variant options, e.g. {"size": "42", "color": "black"}."""
