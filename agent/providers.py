"""Provider profiles: what each OpenAI-compatible endpoint needs, as data.

The request builder and the stream reader in `agent.model` read these fields; nothing else in
the code names a provider. Each profile's comment cites the failure modes it guards against
(numbered as in the project's provider notes); "thin" marks fields with little public evidence,
set to the safe choice.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

RETRYABLE_CODES = ("rate_limit_exceeded", "server_error")
"""OpenAI-style codes/types worth retrying, also inside a stream (where there is no status)."""
QUOTA_CODES = ("insufficient_quota",)


class ProviderProfile(BaseModel):
    """How to talk to one family of endpoints."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str

    # --- reasoning ----------------------------------------------------------------------------
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
        "without it, even when it is empty).",
    )
    thinks_by_default: bool = Field(
        default=False, description="Thinking is on unless the endpoint config turns it off."
    )
    thinking_on: dict[str, Any] = Field(
        default_factory=dict, description="Request fields that turn thinking on."
    )
    thinking_off: dict[str, Any] = Field(
        default_factory=dict, description="Request fields that turn thinking off."
    )

    # --- request shape ------------------------------------------------------------------------
    forced_tool_choice: bool = Field(
        default=True, description='Accepts tool_choice "required" or a named function.'
    )
    forced_tool_choice_thinking: bool = Field(
        default=True, description="Still accepts a forced tool_choice while thinking."
    )
    parallel_tool_calls: bool = Field(default=True, description="Accepts parallel_tool_calls.")
    max_tokens_param: Literal["max_tokens", "max_completion_tokens"] = "max_tokens"
    empty_assistant_content: Literal["null", "empty"] = Field(
        default="null", description="Assistant content when a message has only tool calls."
    )
    fixed_temperature: float | None = Field(
        default=None, description="The only temperature the endpoint accepts, if it has one."
    )
    temperature_range: tuple[float, float] = Field(
        default=(0.0, 2.0), description="Configured temperatures are clamped into this range."
    )
    streaming: bool = Field(
        default=True, description="Stream replies (some local servers handle tools only without)."
    )
    stream_required_when_thinking: bool = Field(
        default=False, description="Rejects non-streaming calls while thinking."
    )
    stream_usage: bool = Field(
        default=True, description="Ask for a final usage chunk (stream_options.include_usage)."
    )

    # --- usage --------------------------------------------------------------------------------
    cached_tokens_fields: tuple[str, ...] = Field(
        default=("prompt_tokens_details.cached_tokens",),
        description="Dotted paths inside `usage` where cached prompt tokens are reported.",
    )

    # --- errors -------------------------------------------------------------------------------
    retryable_error_codes: tuple[str, ...] = Field(
        default=RETRYABLE_CODES,
        description="Error codes/types worth retrying (rate limits, overload), whatever the "
        "HTTP status. A code matches itself and its dotted sub-codes.",
    )
    quota_error_codes: tuple[str, ...] = Field(
        default=QUOTA_CODES,
        description="Error codes/types meaning the account is out of money: never retried.",
    )
    setup_hint: str = Field(
        default="", description="What to check when the endpoint rejects tool calling."
    )


_THINKING_TYPE_ON = {"thinking": {"type": "enabled"}}
_THINKING_TYPE_OFF = {"thinking": {"type": "disabled"}}

PROFILES: dict[str, ProviderProfile] = {
    p.name: p
    for p in (
        # Reasoning stays server-side in chat completions; reasoning models reject max_tokens (12).
        ProviderProfile(
            name="openai",
            reasoning_field=None,
            max_tokens_param="max_completion_tokens",
        ),
        # Thinking by default; reasoning_content must come back on tool-call turns (1); no forced
        # tool_choice while thinking (2); keep-alive comments while queued (14); cache-hit fields.
        ProviderProfile(
            name="deepseek",
            echo_reasoning=True,
            thinks_by_default=True,
            thinking_on=_THINKING_TYPE_ON,
            thinking_off=_THINKING_TYPE_OFF,
            forced_tool_choice_thinking=False,
            cached_tokens_fields=("prompt_cache_hit_tokens",),
        ),
        # enable_thinking switches reasoning; thinking needs streaming (3) and rejects forced
        # tool_choice (2); rate limits are "Throttling..." codes, arrears are "Arrearage" (15).
        ProviderProfile(
            name="qwen",
            thinking_on={"enable_thinking": True},
            thinking_off={"enable_thinking": False},
            forced_tool_choice_thinking=False,
            stream_required_when_thinking=True,
            retryable_error_codes=(*RETRYABLE_CODES, "Throttling", "limit_requests"),
            quota_error_codes=(*QUOTA_CODES, "Arrearage"),
        ),
        # Thinking models need reasoning echoed (1), reject forced tool_choice (2), accept
        # temperature 1 only (12); ids like functions.name:0 pass through untouched (6); usage
        # arrives inside choices[0] (handled by the reader for every profile).
        ProviderProfile(
            name="kimi",
            echo_reasoning=True,
            thinks_by_default=True,
            thinking_on=_THINKING_TYPE_ON,
            thinking_off=_THINKING_TYPE_OFF,
            forced_tool_choice_thinking=False,
            fixed_temperature=1.0,
            cached_tokens_fields=("cached_tokens", "prompt_tokens_details.cached_tokens"),
            retryable_error_codes=(
                *RETRYABLE_CODES,
                "engine_overloaded_error",
                "rate_limit_reached_error",
            ),
            quota_error_codes=(*QUOTA_CODES, "exceeded_current_quota_error"),
        ),
        # Thinking on by default in 4.7/5 with preserved reasoning (1); tool_choice is "auto"
        # only; string codes: 1302/1303 rate limit, 1305 overloaded, 1113 arrears (15).
        ProviderProfile(
            name="glm",
            echo_reasoning=True,
            thinks_by_default=True,
            thinking_on=_THINKING_TYPE_ON,
            thinking_off=_THINKING_TYPE_OFF,
            forced_tool_choice=False,
            temperature_range=(0.0, 1.0),
            retryable_error_codes=(*RETRYABLE_CODES, "1302", "1303", "1305"),
            quota_error_codes=(*QUOTA_CODES, "1113"),
        ),
        # <think> inside content, kept in history as the provider asks; max_tokens deprecated
        # (12); forced tool_choice: thin.
        ProviderProfile(
            name="minimax",
            reasoning_field=None,
            reasoning_in_content=True,
            echo_reasoning=True,
            thinks_by_default=True,
            forced_tool_choice=False,
            max_tokens_param="max_completion_tokens",
            temperature_range=(0.01, 1.0),
        ),
        # Volcengine Ark: thinking switch as {"thinking": {"type": ...}}; tool_choice: thin.
        ProviderProfile(
            name="doubao",
            thinking_on=_THINKING_TYPE_ON,
            thinking_off=_THINKING_TYPE_OFF,
            forced_tool_choice_thinking=False,
            temperature_range=(0.0, 1.0),
        ),
        # Hosted open models; enable_thinking for hybrid ones; forced tool_choice rejected while
        # thinking (2); envelope {"code": 20015, "message": ...} (15).
        ProviderProfile(
            name="siliconflow",
            thinking_on={"enable_thinking": True},
            thinking_off={"enable_thinking": False},
            forced_tool_choice_thinking=False,
            retryable_error_codes=(*RETRYABLE_CODES, "50505", "50506", "50507"),
            quota_error_codes=(*QUOTA_CODES, "30001", "30011"),
        ),
        # Baidu ERNIE: thin; conservative defaults.
        ProviderProfile(
            name="qianfan", forced_tool_choice_thinking=False, temperature_range=(0.0, 1.0)
        ),
        # Tencent Hunyuan: thin; conservative defaults.
        ProviderProfile(
            name="hunyuan", forced_tool_choice_thinking=False, temperature_range=(0.0, 2.0)
        ),
        # Rejects null content (8); reasoning in `reasoning`; no index/id on calls (4, 5);
        # models without tool support answer "does not support tools" (16).
        ProviderProfile(
            name="ollama",
            reasoning_field="reasoning",
            empty_assistant_content="empty",
            forced_tool_choice=False,
            setup_hint="Pick a model with tool support (ollama.com/search?c=tools).",
        ),
        # `reasoning` field in recent versions; one system message first (11); arguments must
        # be JSON (10); tools need server flags (16).
        ProviderProfile(
            name="vllm",
            reasoning_field="reasoning",
            setup_hint="Start vLLM with --enable-auto-tool-choice --tool-call-parser <parser> "
            "(hermes for Qwen, for example).",
        ),
        # Named tool_choice silently becomes auto (16); tools need --jinja.
        ProviderProfile(
            name="llamacpp",
            forced_tool_choice=False,
            setup_hint="Start llama-server with --jinja (and a model whose template has tools).",
        ),
        # Local; usage not always reported (estimated then); forced tool_choice: thin.
        ProviderProfile(
            name="lmstudio",
            forced_tool_choice=False,
            setup_hint="Load a model with tool support in LM Studio and start its server.",
        ),
        # Anything else OpenAI-compatible: the most widely accepted request shape.
        ProviderProfile(name="generic", forced_tool_choice_thinking=False),
    )
}

OPENAI = PROFILES["openai"]
GENERIC = PROFILES["generic"]


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
