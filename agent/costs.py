"""What a turn cost, from the endpoint's configured prices per million tokens."""

from __future__ import annotations

from agent.llm import ModelEndpoint, Usage

PER = 1_000_000


def cost_of(usage: Usage, endpoint: ModelEndpoint) -> float | None:
    """The cost of `usage` in the endpoint's price currency, or None when no prices are set.

    Cached prompt tokens are billed at the cached price when one is configured.
    """
    if endpoint.price_input is None or endpoint.price_output is None:
        return None
    cached_price = (
        endpoint.price_cached_input if endpoint.price_cached_input is not None else endpoint.price_input
    )
    fresh = max(usage.prompt_tokens - usage.cached_tokens, 0)
    return (
        fresh * endpoint.price_input
        + usage.cached_tokens * cached_price
        + usage.completion_tokens * endpoint.price_output
    ) / PER
