"""The wire form of our history: chat-completions messages, as each endpoint accepts them."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from agent.providers import ProviderProfile


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
    system: dict[str, Any], history: Iterable[dict[str, Any]], profile: ProviderProfile
) -> list[dict[str, Any]]:
    """The wire form of the conversation: one system message first, then the history.

    History messages are our own records: assistant messages keep `reasoning` and `tool_calls`
    as `{id, name, arguments}`; tool messages may carry `name` and an `artifact` for programs.
    Only what the endpoint accepts is sent: tool messages never carry `name` (some endpoints
    reject it), ids go back exactly as the provider made them.
    """
    wire: list[dict[str, Any]] = [system]
    for message in history:
        role = message["role"]
        if role == "assistant":
            content = message.get("content") or ""
            reasoning = message.get("reasoning") or ""
            if profile.reasoning_in_content and profile.echo_reasoning and reasoning:
                content = f"<think>\n{reasoning}\n</think>\n\n{content}"
            out: dict[str, Any] = {"role": "assistant", "content": content or None}
            calls = message.get("tool_calls") or []
            if calls:
                out["tool_calls"] = [
                    {
                        "id": call["id"],
                        "type": "function",
                        "function": {
                            "name": call["name"],
                            "arguments": wire_arguments(call["arguments"]),
                        },
                    }
                    for call in calls
                ]
                if profile.echo_reasoning and profile.reasoning_field:
                    out[profile.reasoning_field] = reasoning
            if out["content"] is None and profile.empty_assistant_content == "empty":
                out["content"] = ""
            wire.append(out)
        elif role == "tool":
            wire.append(
                {
                    "role": "tool",
                    "tool_call_id": message["tool_call_id"],
                    "content": message["content"],
                }
            )
        else:
            wire.append({"role": role, "content": message["content"]})
    return wire
