"""Checking an endpoint: one tiny tool-calling round trip."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from agent.model.client import ModelClient
from agent.model.errors import ModelError
from agent.model.wire import render_messages
from agent.state import AssistantMessage, Message, ToolResult, Usage, UserMessage

PROBE_TOOL: dict[str, Any] = {
    "type": "function",
    "function": {
        "name": "add_numbers",
        "description": "Add two integers and return their sum.",
        "parameters": {
            "type": "object",
            "properties": {"a": {"type": "integer"}, "b": {"type": "integer"}},
            "required": ["a", "b"],
        },
    },
}


class ProbeResult(BaseModel):
    """What `probe` found: whether a tool-calling round trip works, and what it cost."""

    ok: bool
    detail: str
    usage: Usage = Field(default_factory=Usage)


def probe(client: ModelClient) -> ProbeResult:
    """One tiny tool-calling round trip: ask for a tool call, send its result, get an answer.

    The second request is the one that breaks on most providers (reasoning echo, ids,
    tool-message rules), so both are sent.
    """
    profile = client.endpoint.profile
    system = {"role": "system", "content": "You check a connection. Use the add_numbers tool."}
    history: list[Message] = [UserMessage(content="What is 2 + 3? Use the tool.")]
    usage = Usage()
    try:
        first = client.complete(
            render_messages(system, history, profile), [PROBE_TOOL], tool_choice="required"
        )
        usage = first.usage
        if not first.tool_calls:
            hint = f" {profile.setup_hint}" if profile.setup_hint else ""
            return ProbeResult(
                ok=False,
                usage=usage,
                detail="answered without calling the tool: "
                f"tool calling may be off for this model.{hint}",
            )
        history.append(
            AssistantMessage(
                content=first.content, reasoning=first.reasoning, tool_calls=first.tool_calls
            )
        )
        history += [
            ToolResult(tool_call_id=c.id, name=c.name, content="5", ok=True)
            for c in first.tool_calls
        ]
        second = client.complete(render_messages(system, history, profile), [PROBE_TOOL])
        usage = usage + second.usage
    except ModelError as error:
        return ProbeResult(ok=False, detail=error.message, usage=usage)
    return ProbeResult(
        ok=True,
        usage=usage,
        detail=f"tool call {first.tool_calls[0].name}({first.tool_calls[0].arguments}), "
        f"then answered {second.content.strip()[:40]!r}",
    )
