"""Writing the OpenAI chat-completions stream: `chat.completion.chunk` objects as SSE events.

The mirror of `agent.model.stream`, for whatever plays a model: the offline demo, the test
fake provider and the benchmarks' instant model all write their streams with it.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from typing import Any

DONE = "data: [DONE]\n\n"
"""The event that ends an OpenAI stream."""


def sse_event(data: dict[str, Any]) -> str:
    """One server-sent event carrying `data` as JSON."""
    return f"data: {json.dumps(data, ensure_ascii=False)}\n\n"


def call_opens(index: int, call_id: str, name: str, arguments: str = "") -> dict[str, Any]:
    """The fragment that starts a tool call: its id and name (and maybe all its arguments)."""
    return {
        "index": index,
        "id": call_id,
        "type": "function",
        "function": {"name": name, "arguments": arguments},
    }


def call_continues(index: int, arguments: str) -> dict[str, Any]:
    """A fragment that adds to the arguments of the call at `index`."""
    return {"index": index, "function": {"arguments": arguments}}


class ChunkWriter:
    """The chunks of one streamed reply, all with the same id, model and extra fields."""

    def __init__(
        self,
        *,
        id: str,
        model: str,
        created: int = 0,
        fields: dict[str, Any] | None = None,
        choice_fields: dict[str, Any] | None = None,
    ) -> None:
        """`fields` go into every chunk, `choice_fields` into every choice (e.g. logprobs)."""
        self._head = {
            "id": id,
            "object": "chat.completion.chunk",
            "created": created,
            "model": model,
            **(fields or {}),
        }
        self._choice_fields = choice_fields or {}

    def chunk(self, delta: dict[str, Any], finish_reason: str | None = None) -> dict[str, Any]:
        """A chunk with one choice carrying `delta`."""
        choice = {"index": 0, "delta": delta, "finish_reason": finish_reason}
        return {**self._head, "choices": [{**choice, **self._choice_fields}]}

    def opening(self, content: str | None = "") -> dict[str, Any]:
        """The first chunk: the role, and empty content (None when the reply has no text)."""
        return self.chunk({"role": "assistant", "content": content})

    def texts(self, pieces: Iterable[str], field: str = "content") -> Iterator[dict[str, Any]]:
        """A chunk for each piece of text (of the answer, or of reasoning in `field`)."""
        for piece in pieces:
            yield self.chunk({field: piece})

    def calls(
        self, calls: Iterable[tuple[str, str, str]], split: Callable[[str], Iterable[str]]
    ) -> Iterator[dict[str, Any]]:
        """For each (id, name, arguments) call: its opening fragment, then its arguments split."""
        for index, (call_id, name, arguments) in enumerate(calls):
            yield self.chunk({"tool_calls": [call_opens(index, call_id, name)]})
            for piece in split(arguments):
                yield self.chunk({"tool_calls": [call_continues(index, piece)]})

    def usage(self, usage: dict[str, Any], *, null_choices: bool = False) -> dict[str, Any]:
        """The chunk after the last when usage was asked for: no choices, only the counts."""
        return {**self._head, "choices": None if null_choices else [], "usage": usage}
