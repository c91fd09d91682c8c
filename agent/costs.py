"""What a turn cost, from the endpoint's configured prices per million tokens."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # llm imports this module to price each turn
    from agent.llm import ModelEndpoint, Usage

PER = 1_000_000


def cost_of(usage: Usage, endpoint: ModelEndpoint) -> float | None:
    """The cost of `usage` in the endpoint's price currency, or None when no prices are set.

    Cached prompt tokens are billed at the cached price when one is configured.
    """
    if endpoint.price_input is None or endpoint.price_output is None:
        return None
    cached_price = (
        endpoint.price_cached_input
        if endpoint.price_cached_input is not None
        else endpoint.price_input
    )
    fresh = max(usage.prompt_tokens - usage.cached_tokens, 0)
    return (
        fresh * endpoint.price_input
        + usage.cached_tokens * cached_price
        + usage.completion_tokens * endpoint.price_output
    ) / PER


def describe_usage(usage: Usage) -> str:
    """For people: '1,200 prompt (1,000 cached) + 80 completion tokens · 0.000410 USD'."""
    text = (
        f"{usage.prompt_tokens:,} prompt ({usage.cached_tokens:,} cached) + "
        f"{usage.completion_tokens:,} completion tokens"
    )
    if usage.estimated:
        text += " (estimated)"
    if usage.cost is not None:
        text += f" · {usage.cost:.6f} {usage.currency}"
    return text
