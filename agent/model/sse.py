"""The OpenAI chat-completions stream as server-sent events: written, and read back.

Writing `chat.completion.chunk` objects is for whatever plays a model: the offline demo, the
test fake provider and the benchmarks' instant model all write their streams with it. Reading
the events' data out of a body is the client's (`agent.model.client`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any

DONE = "data: [DONE]\n\n"
"""The event that ends an OpenAI stream."""

_LINE_END = re.compile(rb"\r\n|\r|\n")


def _lines(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """The lines of a body, whichever of CRLF, LF or CR ends them, however the bytes are cut."""
    rest = b""
    for chunk in chunks:
        rest += chunk
        held = rest.endswith(b"\r")  # perhaps the first half of a CRLF: wait for the next byte
        *lines, rest = _LINE_END.split(rest[:-1] if held else rest)
        if held:
            rest += b"\r"
        yield from lines
    if rest:
        yield rest.rstrip(b"\r")


def sse_data(chunks: Iterable[bytes]) -> Iterator[str]:
    """The data of each event in a stream's body; comments and other fields are skipped.

    Split by bytes, not text: a JSON string may hold U+2028 or other characters that
    `str.splitlines` (and so httpx's `iter_lines`) would take for line ends.
    """
    data: list[str] = []
    for line in _lines(chunks):
        if not line:
            if data:
                yield "\n".join(data)
                data = []
        elif line.startswith(b"data:"):
            value = line[5:]
            data.append((value[1:] if value.startswith(b" ") else value).decode())
    if data:  # a body that ends without the blank line after its last event
        yield "\n".join(data)


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
