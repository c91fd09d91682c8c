"""Provider profiles: what each OpenAI-compatible endpoint needs, as data.

The request builder and the stream reader in `agent.llm` read these fields; nothing else in
the code names a provider. Evidence for each quirk is collected in the project's provider notes.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class ProviderProfile(BaseModel):
    """How to talk to one family of endpoints."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    reasoning_field: str | None = Field(
        default="reasoning_content",
        description="Delta/message field that carries reasoning text, if any.",
    )
    reasoning_in_content: bool = Field(
        default=False, description="Reasoning arrives as <think>...</think> inside content."
    )
    echo_reasoning: bool = Field(
        default=False,
        description="Send reasoning back on assistant tool-call messages (thinking models 400 "
        "without it).",
    )
    forced_tool_choice: bool = Field(
        default=True, description='Accepts tool_choice "required" or a named function.'
    )
    parallel_tool_calls: bool = Field(default=True, description="Accepts parallel_tool_calls.")
    max_tokens_param: Literal["max_tokens", "max_completion_tokens"] = "max_tokens"
    empty_assistant_content: Literal["null", "empty"] = Field(
        default="null", description="Assistant content when a message has only tool calls."
    )
    fixed_temperature: float | None = Field(
        default=None, description="The only temperature the endpoint accepts, if it has one."
    )
    streaming: bool = Field(
        default=True, description="Stream replies (some local servers handle tools only without)."
    )
    stream_usage: bool = Field(
        default=True, description="Ask for a final usage chunk (stream_options.include_usage)."
    )
    cached_tokens_fields: tuple[str, ...] = Field(
        default=("prompt_tokens_details.cached_tokens",),
        description="Dotted paths inside `usage` where cached prompt tokens are reported.",
    )


OPENAI = ProviderProfile(
    name="openai", reasoning_field=None, max_tokens_param="max_completion_tokens"
)
GENERIC = ProviderProfile(name="generic")

PROFILES: dict[str, ProviderProfile] = {p.name: p for p in (OPENAI, GENERIC)}


def get_profile(name: str) -> ProviderProfile:
    """The profile called `name`.

    Raises:
        KeyError: with the known names, for an unknown profile.
    """
    try:
        return PROFILES[name]
    except KeyError:
        raise KeyError(
            f"unknown provider profile {name!r}; known profiles: {', '.join(sorted(PROFILES))}"
        ) from None
