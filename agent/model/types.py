"""The model client's vocabulary: an endpoint (and what its tokens cost) and one call's turn."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from agent.providers import ProviderProfile
from agent.state import ToolCall, Usage

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
