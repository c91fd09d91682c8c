"""The OpenAI chat-completions wire format.

The request, checked the way the real API checks it, and the response as one JSON body or as
server-sent-event chunks.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from agent.model.sse import ChunkWriter
from agent.state import ToolCall
from agent.tokens import estimate_completion_tokens, estimate_prompt_tokens, quick_count


class RequestError(Exception):
    """A request the API would reject, with a message that says what to fix."""

    def __init__(
        self, message: str, *, param: str | None = None, status: int = 400, code: str | None = None
    ) -> None:
        super().__init__(message)
        self.message, self.param, self.status, self.code = message, param, status, code

    def envelope(self) -> dict[str, Any]:
        """OpenAI's error body."""
        return {
            "error": {
                "message": self.message,
                "type": "invalid_request_error",
                "param": self.param,
                "code": self.code,
            }
        }


class _Wire(BaseModel):
    model_config = ConfigDict(extra="allow")


class FunctionCall(_Wire):
    """The function an assistant message calls."""

    name: str
    arguments: str = ""


class WireToolCall(_Wire):
    """A tool call in an assistant message."""

    id: str
    type: Literal["function"] = "function"
    function: FunctionCall


class Message(_Wire):
    """One chat message."""

    role: Literal["system", "developer", "user", "assistant", "tool"]
    content: str | list[dict[str, Any]] | None = None
    tool_calls: list[WireToolCall] | None = None
    tool_call_id: str | None = None

    @property
    def text(self) -> str:
        """The content as text (content parts joined)."""
        if isinstance(self.content, list):
            return "".join(str(part.get("text", "")) for part in self.content)
        return self.content or ""


class FunctionSpec(_Wire):
    """A function the model may call."""

    name: str
    description: str | None = None
    parameters: dict[str, Any] | None = None


class ToolSpec(_Wire):
    """A tool offered to the model."""

    type: Literal["function"]
    function: FunctionSpec


class StreamOptions(_Wire):
    """Streaming options."""

    include_usage: bool = False


class ChatRequest(_Wire):
    """A chat-completions request."""

    model: str
    messages: list[Message] = Field(min_length=1)
    tools: list[ToolSpec] | None = None
    tool_choice: str | dict[str, Any] | None = None
    stream: bool | None = False
    stream_options: StreamOptions | None = None

    @property
    def offered_tools(self) -> dict[str, frozenset[str] | None]:
        """Tool name -> its parameter names (None when the schema does not list them)."""
        if self.tool_choice == "none":
            return {}
        offered: dict[str, frozenset[str] | None] = {}
        for spec in self.tools or []:
            properties = (spec.function.parameters or {}).get("properties")
            offered[spec.function.name] = (
                frozenset(properties) if isinstance(properties, dict) else None
            )
        return offered


def parse_request(body: bytes) -> ChatRequest:
    """The request, validated.

    Raises:
        RequestError: for a body that is not JSON, misses fields, or breaks tool-call pairing.
    """
    try:
        data = json.loads(body or b"null")
    except json.JSONDecodeError as exc:
        raise RequestError(f"The request body is not valid JSON ({exc.msg}).") from None
    if not isinstance(data, dict):
        raise RequestError("The request body must be a JSON object with 'model' and 'messages'.")
    try:
        request = ChatRequest.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise RequestError(
            f"Invalid request: {where}: {first['msg']}"
            + (f" (and {exc.error_count() - 1} more problems)" if exc.error_count() > 1 else "")
            + ".",
            param=where,
        ) from None
    _check_tool_pairing(request.messages)
    return request


def _check_tool_pairing(messages: list[Message]) -> None:
    """Every tool call answered by exactly one tool message right after it, as OpenAI demands."""
    pending: set[str] = set()
    open_calls: set[str] = set()
    for index, message in enumerate(messages):
        if message.role == "tool":
            if message.tool_call_id is None or message.tool_call_id not in open_calls:
                raise RequestError(
                    f"messages[{index}]: a message with role 'tool' must answer a tool_call_id of "
                    "the preceding assistant message's tool_calls "
                    f"(got {message.tool_call_id!r}).",
                    param=f"messages.[{index}].tool_call_id",
                )
            pending.discard(message.tool_call_id)
            continue
        if pending:
            raise RequestError(
                "An assistant message with 'tool_calls' must be followed by tool messages "
                f"answering each 'tool_call_id'; not answered: {', '.join(sorted(pending))}.",
                param=f"messages.[{index}].role",
            )
        open_calls = {call.id for call in message.tool_calls or []}
        pending = set(open_calls)
        if message.role == "user" and message.content is None:
            raise RequestError(
                f"messages[{index}]: a user message needs content.",
                param=f"messages.[{index}].content",
            )
    if pending:
        raise RequestError(
            "The conversation ends with tool calls that have no tool messages: "
            f"{', '.join(sorted(pending))}.",
            param="messages",
        )


# --- the response ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reply:
    """One assistant message: text, or tool calls."""

    content: str | None
    tool_calls: tuple[ToolCall, ...] = ()

    @property
    def finish_reason(self) -> str:
        """Why the model stopped."""
        return "tool_calls" if self.tool_calls else "stop"


def usage(request: ChatRequest, reply: Reply) -> dict[str, Any]:
    """Estimated token counts of the request and the reply (a demo's quick estimate)."""
    messages = [{**m.model_dump(exclude_none=True), "content": m.text} for m in request.messages]
    tools = [t.model_dump() for t in request.tools or []]
    prompt = estimate_prompt_tokens(messages, tools, count=quick_count)
    completion = estimate_completion_tokens(
        reply.content or "",
        "",
        [(c.name, c.arguments) for c in reply.tool_calls],
        count=quick_count,
    )
    return {
        "prompt_tokens": prompt,
        "completion_tokens": completion,
        "total_tokens": prompt + completion,
        "prompt_tokens_details": {"cached_tokens": 0},
        "completion_tokens_details": {"reasoning_tokens": 0},
    }


def _wire_calls(reply: Reply) -> list[dict[str, Any]]:
    return [
        {"id": c.id, "type": "function", "function": {"name": c.name, "arguments": c.arguments}}
        for c in reply.tool_calls
    ]


def completion(request: ChatRequest, reply: Reply, *, id: str, created: int) -> dict[str, Any]:
    """A `chat.completion` body."""
    message: dict[str, Any] = {"role": "assistant", "content": reply.content, "refusal": None}
    if reply.tool_calls:
        message["tool_calls"] = _wire_calls(reply)
    return {
        "id": id,
        "object": "chat.completion",
        "created": created,
        "model": request.model,
        "system_fingerprint": "offline-demo",
        "choices": [
            {"index": 0, "message": message, "finish_reason": reply.finish_reason, "logprobs": None}
        ],
        "usage": usage(request, reply),
    }


# A piece is a word with the space before it, or up to two Chinese characters: small enough
# that the text visibly streams, and joining the pieces gives the text back exactly.
_PIECE = re.compile(
    r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]{1,2}"
    r"|\s*[^\s\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]+|\s+"
)


def pieces(text: str) -> list[str]:
    """The text cut into streaming pieces."""
    return _PIECE.findall(text)


def chunks(
    request: ChatRequest, reply: Reply, *, id: str, created: int
) -> Iterator[dict[str, Any]]:
    """The `chat.completion.chunk` objects that stream `reply`."""
    include_usage = bool(request.stream_options and request.stream_options.include_usage)
    writer = ChunkWriter(
        id=id,
        model=request.model,
        created=created,
        fields={"system_fingerprint": "offline-demo", **({"usage": None} if include_usage else {})},
        choice_fields={"logprobs": None},
    )
    yield writer.opening("" if reply.content is not None else None)
    yield from writer.texts(pieces(reply.content or ""))
    yield from writer.calls(((c.id, c.name, c.arguments) for c in reply.tool_calls), pieces)
    yield writer.chunk({}, reply.finish_reason)
    if include_usage:
        yield writer.usage(usage(request, reply))
