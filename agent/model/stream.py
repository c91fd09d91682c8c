"""Reading replies: tool-call fragments merged by index, reasoning kept apart, usage read."""

from __future__ import annotations

import uuid
from typing import Any

from agent.model.types import DeltaKind, ModelTurn, OnDelta
from agent.providers import ProviderProfile
from agent.state import ToolCall, Usage


class ToolCallMerger:
    """Merges streamed tool-call fragments into whole calls.

    By `index` first (continuations may carry `id: ""` and repeat the name); a fragment with
    a new id is a new call even at a known index; a fragment with no index, id or name
    continues the latest call (older Ollama; an index that changed mid-call); empty fragments
    are ignored.
    """

    def __init__(self) -> None:
        self._calls: list[dict[str, str]] = []
        self._by_index: dict[int, dict[str, str]] = {}

    def add(self, fragment: dict[str, Any]) -> None:
        """Add one streamed fragment to the call it continues, or start a new call."""
        function = fragment.get("function") or {}
        call_id = fragment.get("id") or ""
        name = function.get("name") or ""
        arguments = function.get("arguments") or ""
        if not (call_id or name or arguments):
            return
        index = fragment.get("index")
        call = next((c for c in self._calls if call_id and c["id"] == call_id), None)
        if call is None and index is not None and index in self._by_index:
            known = self._by_index[index]
            if not (call_id and known["id"] and known["id"] != call_id):
                call = known
        if call is None and not call_id and not name and self._calls:
            call = self._calls[-1]
        if call is None:
            call = {"id": "", "name": "", "arguments": ""}
            self._calls.append(call)
        if index is not None:
            self._by_index[index] = call
        if call_id and not call["id"]:
            call["id"] = call_id
        if name and not call["name"]:
            call["name"] = name
        call["arguments"] += arguments

    def calls(self) -> list[ToolCall]:
        """The whole calls, in the order they started (nameless fragments dropped)."""
        # Calls without an id get a unique one: ids key payment idempotency across turns.
        return [
            ToolCall(
                id=c["id"] or f"call_{uuid.uuid4().hex[:24]}",
                name=c["name"],
                arguments=c["arguments"] or "{}",
            )
            for c in self._calls
            if c["name"]
        ]


class ThinkSplitter:
    """Splits `<think>...</think>` out of streamed content, tags possibly cut across chunks.

    Only a reply that starts with `<think>` is thinking: once answer text has begun, a literal
    `<think>` in it (an answer about HTML, say) is text and hides nothing.
    """

    OPEN, CLOSE = "<think>", "</think>"

    def __init__(self) -> None:
        self._buffer = ""
        self._thinking = False
        self._answering = False

    def feed(self, text: str) -> list[tuple[DeltaKind, str]]:
        """The (kind, text) parts of `text` that are certain; a possible cut tag waits."""
        self._buffer += text
        out: list[tuple[DeltaKind, str]] = []
        while self._buffer:
            if self._thinking:
                at = self._buffer.find(self.CLOSE)
                if at < 0:
                    keep = next(
                        (
                            n
                            for n in range(len(self.CLOSE) - 1, 0, -1)
                            if self._buffer.endswith(self.CLOSE[:n])
                        ),
                        0,
                    )
                    self._emit(out, self._buffer[: len(self._buffer) - keep])
                    self._buffer = self._buffer[len(self._buffer) - keep :]
                    break
                self._emit(out, self._buffer[:at])
                self._buffer = self._buffer[at + len(self.CLOSE) :]
                self._thinking = False
                continue
            head = self._buffer.lstrip()
            if not self._answering and head.startswith(self.OPEN):
                self._buffer = head[len(self.OPEN) :]
                self._thinking = True
                continue
            if not self._answering and self.OPEN.startswith(head):
                break  # only the start of a tag (or blank) so far: wait for more
            self._answering = True
            self._emit(out, self._buffer)
            self._buffer = ""
        return out

    def flush(self) -> list[tuple[DeltaKind, str]]:
        """What is left at the end of the stream."""
        out: list[tuple[DeltaKind, str]] = []
        self._emit(out, self._buffer)
        self._buffer = ""
        return out

    def _emit(self, out: list[tuple[DeltaKind, str]], text: str) -> None:
        if text:
            out.append(("reasoning" if self._thinking else "text", text))


class Reader:
    """Accumulates one reply from chunks (or from one whole message)."""

    def __init__(self, profile: ProviderProfile, on_delta: OnDelta | None) -> None:
        self.profile = profile
        self.on_delta = on_delta
        self.content: list[str] = []
        self.reasoning: list[str] = []
        self.merger = ToolCallMerger()
        self.usage: Usage | None = None
        self.finish_reason: str | None = None
        self._splitter = ThinkSplitter() if profile.reasoning_in_content else None

    def read_usage(self, raw: dict[str, Any] | None) -> None:
        """Keep the latest usage the provider reported."""
        self.usage = read_usage(raw, self.profile) or self.usage

    def add(self, kind: DeltaKind, text: str | None) -> None:
        """Add text of `kind` (reasoning in content is split out) and forward it."""
        if not text:
            return
        parts = self._splitter.feed(text) if self._splitter and kind == "text" else [(kind, text)]
        for part_kind, part in parts:
            (self.content if part_kind == "text" else self.reasoning).append(part)
            if self.on_delta:
                self.on_delta(part_kind, part)

    def add_message(self, message: dict[str, Any], *, whole: bool = False) -> None:
        """A streamed delta, or a `whole` message: reasoning, content and tool calls."""
        if self.profile.reasoning_field:
            self.add("reasoning", message.get(self.profile.reasoning_field))
        self.add("text", message.get("content"))
        for index, fragment in enumerate(message.get("tool_calls") or []):
            self.merger.add({"index": index, **fragment} if whole else fragment)

    def turn(self) -> ModelTurn:
        """The reply read so far, as one turn."""
        if self._splitter:
            for kind, text in self._splitter.flush():
                (self.content if kind == "text" else self.reasoning).append(text)
        content = "".join(self.content)
        return ModelTurn(
            content=content.lstrip() if self._splitter else content,
            reasoning="".join(self.reasoning).strip()
            if self._splitter
            else "".join(self.reasoning),
            tool_calls=self.merger.calls(),
            usage=self.usage or Usage(),
            finish_reason=self.finish_reason,
        )


def _dig(data: Any, path: str) -> Any:
    for key in path.split("."):
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


def read_usage(raw: dict[str, Any] | None, profile: ProviderProfile) -> Usage | None:
    """Usage from a response or chunk dict, reading the profile's cached-token fields."""
    if not raw:
        return None
    cached = next(
        (int(v) for path in profile.cached_tokens_fields if (v := _dig(raw, path)) is not None), 0
    )
    return Usage(
        prompt_tokens=int(raw.get("prompt_tokens") or 0),
        completion_tokens=int(raw.get("completion_tokens") or 0),
        cached_tokens=cached,
    )
