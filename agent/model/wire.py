"""The wire form of our history: chat-completions messages, as each endpoint accepts them."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from agent.providers import ProviderProfile
from agent.state import Message, ToolResult, UserMessage, as_messages


def wire_arguments(raw: str | None) -> str:
    """Arguments as a JSON string, "{}" when empty or not JSON (strict servers parse them)."""
    if not raw:
        return "{}"
    try:
        json.loads(raw)
    except ValueError:
        return "{}"
    return raw


def render_messages(
    system: dict[str, Any], history: Iterable[Message | dict[str, Any]], profile: ProviderProfile
) -> list[dict[str, Any]]:
    """The wire form of the conversation: one system message first, then the history.

    The history is our own records (or their JSON form). Only what the endpoint accepts is
    sent: reasoning as the profile echoes it, tool messages without `name` (some endpoints
    reject it) or data, ids exactly as the provider made them.
    """
    return [system, *(_wire(message, profile) for message in as_messages(list(history)))]


def _wire(message: Message, profile: ProviderProfile) -> dict[str, Any]:
    if isinstance(message, UserMessage):
        return {"role": "user", "content": message.content}
    if isinstance(message, ToolResult):
        return {"role": "tool", "tool_call_id": message.tool_call_id, "content": message.content}
    content, reasoning = message.content, message.reasoning
    if profile.reasoning_in_content and profile.echo_reasoning and reasoning:
        content = f"<think>\n{reasoning}\n</think>\n\n{content}"
    out: dict[str, Any] = {"role": "assistant", "content": content or None}
    if message.tool_calls:
        out["tool_calls"] = [
            {
                "id": call.id,
                "type": "function",
                "function": {"name": call.name, "arguments": wire_arguments(call.arguments)},
            }
            for call in message.tool_calls
        ]
        if profile.echo_reasoning and profile.reasoning_field:
            out[profile.reasoning_field] = reasoning
    if out["content"] is None and profile.empty_assistant_content == "empty":
        out["content"] = ""
    return out
