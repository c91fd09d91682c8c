"""The model client's vocabulary: an endpoint, its replies, their usage and cost."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from agent.providers import ProviderProfile

DeltaKind = Literal["text", "reasoning"]
OnDelta = Callable[[DeltaKind, str], None]
ToolChoice = str | dict[str, Any]

PER = 1_000_000
"""Prices are per million tokens."""


class ModelEndpoint(BaseModel):
    """One configured model endpoint, resolved (key included) and ready to call."""

    model_config = ConfigDict(frozen=True)

    name: str
    base_url: str
    model: str
    api_key: str | None = Field(default=None, repr=False)
    profile: ProviderProfile
    offline: bool = Field(default=False, description="The rule-based offline demo.")
    price_input: float | None = Field(default=None, description="Per million prompt tokens.")
    price_cached_input: float | None = None
    price_output: float | None = None
    price_currency: str = "USD"
    extra_body: dict[str, Any] = Field(default_factory=dict)
    thinking: bool | None = Field(default=None, description="None: the profile's default.")
    temperature: float | None = None
    timeout_seconds: float = Field(default=120.0, description="Overall deadline of one call.")
    max_retries: int = Field(default=2, description="Retries of a retryable failure.")
    retry_backoff_seconds: float = Field(
        default=1.0, description="First wait between tries when the server names none; doubles."
    )
    max_retry_after_seconds: float = Field(
        default=60.0, description="Longer Retry-After waits are not waited for: the call fails."
    )
    max_output_tokens: int | None = 1024

    @property
    def thinks(self) -> bool:
        """Whether the model reasons before answering (configured, else the profile's default)."""
        return self.profile.thinks_by_default if self.thinking is None else self.thinking

    def cost(self, usage: Usage) -> float | None:
        """The cost of `usage` in `price_currency`, or None when no prices are set.

        Cached prompt tokens are billed at the cached price when one is configured.
        """
        if self.price_input is None or self.price_output is None:
            return None
        cached_price = (
            self.price_cached_input if self.price_cached_input is not None else self.price_input
        )
        fresh = max(usage.prompt_tokens - usage.cached_tokens, 0)
        return (
            fresh * self.price_input
            + usage.cached_tokens * cached_price
            + usage.completion_tokens * self.price_output
        ) / PER


class ToolCall(BaseModel):
    """A complete tool call requested by the model."""

    id: str
    name: str
    arguments: str = "{}"


class Usage(BaseModel):
    """Token counts of one or more model calls, as the provider reported them, and their cost."""

    prompt_tokens: int = 0
    cached_tokens: int = 0
    completion_tokens: int = 0
    estimated: bool = Field(default=False, description="Counted locally: the provider sent none.")
    cost: float | None = Field(default=None, description="In `currency`; None when unpriced.")
    currency: str | None = None

    def __add__(self, other: Usage) -> Usage:
        cost, currency = _add_costs(self, other)
        return Usage(
            prompt_tokens=self.prompt_tokens + other.prompt_tokens,
            cached_tokens=self.cached_tokens + other.cached_tokens,
            completion_tokens=self.completion_tokens + other.completion_tokens,
            estimated=self.estimated or other.estimated,
            cost=cost,
            currency=currency,
        )

    @property
    def empty(self) -> bool:
        """No tokens counted (the identity of `+`)."""
        return not (self.prompt_tokens or self.completion_tokens) and self.cost is None


def _add_costs(a: Usage, b: Usage) -> tuple[float | None, str | None]:
    if a.empty:
        return b.cost, b.currency
    if b.empty:
        return a.cost, a.currency
    if a.cost is None or b.cost is None or a.currency != b.currency:
        return None, None  # an unpriced call or mixed currencies: no honest total
    return a.cost + b.cost, a.currency


class ModelTurn(BaseModel):
    """What the model said in one call."""

    content: str = ""
    reasoning: str = ""
    tool_calls: list[ToolCall] = Field(default_factory=list)
    usage: Usage = Field(default_factory=Usage)
    finish_reason: str | None = None


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
