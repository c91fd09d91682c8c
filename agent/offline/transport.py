"""An in-process HTTP endpoint that speaks the OpenAI chat-completions API.

Handed to the real `openai` SDK as its HTTP transport, so the app runs the same code path
with the demo as with a real provider:

    openai.OpenAI(api_key="offline-demo", base_url="http://offline.shopagent/v1",
                  http_client=httpx2.Client(transport=OfflineTransport()))
"""

from __future__ import annotations

import asyncio
import re
import threading
import time
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx2

from agent.model.sse import DONE, sse_event
from agent.offline.calls import Call
from agent.offline.conversation import Conversation
from agent.offline.notice import OFFLINE_MODEL_NAME
from agent.offline.policy import decide
from agent.offline.wire import (
    Reply,
    RequestError,
    chunks,
    completion,
    parse_request,
)
from agent.state import ToolCall
from tools import compact_json


def _json_response(status: int, body: dict[str, Any]) -> httpx2.Response:
    return httpx2.Response(status, json=body)


class _EventStream(httpx2.SyncByteStream, httpx2.AsyncByteStream):
    """Server-sent events, optionally paced so a UI shows the text arriving."""

    def __init__(self, events: list[bytes], pause_seconds: float) -> None:
        self._events, self._pause = events, pause_seconds

    def __iter__(self) -> Iterator[bytes]:
        for event in self._events:
            if self._pause:
                time.sleep(self._pause)
            yield event

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for event in self._events:
            if self._pause:
                await asyncio.sleep(self._pause)
            yield event


class OfflineTransport(httpx2.MockTransport):
    """The rule-based demo model behind `POST /chat/completions` and `GET /models`.

    Stateless like a real model: each answer depends only on the request. Call ids come from
    one counter per transport, guarded by a lock, and start above any `call_<n>` already in
    the conversation, so ids stay unique within a thread even after a restart.
    """

    def __init__(self, *, pause_seconds: float = 0.0) -> None:
        """Serve the demo; `pause_seconds` between streamed chunks makes streaming visible."""
        super().__init__(self._handle)
        self._pause = pause_seconds
        self._lock = threading.Lock()
        self._last_call_number = 0
        self._completions = 0

    def _handle(self, request: httpx2.Request) -> httpx2.Response:
        path = request.url.path.rstrip("/")
        try:
            if request.method == "POST" and path.endswith("/chat/completions"):
                return self._chat(request.content)
            if request.method == "GET" and path.endswith("/models"):
                return _json_response(200, {"object": "list", "data": [_model_card()]})
            if request.method == "GET" and path.endswith(f"/models/{OFFLINE_MODEL_NAME}"):
                return _json_response(200, _model_card())
            raise RequestError(
                f"The offline demo serves POST /chat/completions and GET /models, "
                f"not {request.method} {request.url.path}.",
                status=404,
                code="unknown_url",
            )
        except RequestError as error:
            return _json_response(error.status, error.envelope())

    def _chat(self, body: bytes) -> httpx2.Response:
        request = parse_request(body)
        if request.model != OFFLINE_MODEL_NAME:
            raise RequestError(
                f"The model {request.model!r} does not exist here; the offline demo is "
                f"{OFFLINE_MODEL_NAME!r}.",
                param="model",
                status=404,
                code="model_not_found",
            )
        decision = decide(Conversation.from_request(request))
        completion_id, calls = self._number(decision.calls, body)
        reply = Reply(decision.text, calls)
        created = int(time.time())
        if not request.stream:
            return _json_response(
                200, completion(request, reply, id=completion_id, created=created)
            )
        events = [
            sse_event(c).encode() for c in chunks(request, reply, id=completion_id, created=created)
        ]
        events.append(DONE.encode())
        return httpx2.Response(
            200,
            headers={"content-type": "text/event-stream"},
            stream=_EventStream(events, self._pause),
        )

    def _number(self, calls: tuple[Call, ...], body: bytes) -> tuple[str, tuple[ToolCall, ...]]:
        """A completion id, and ids for the calls."""
        seen = max((int(n) for n in re.findall(rb'"call_(\d+)"', body)), default=0)
        with self._lock:
            self._completions += 1
            first = max(self._last_call_number, seen) + 1
            self._last_call_number = first + len(calls) - 1
            completion_id = f"chatcmpl-offline-{self._completions}"
        return completion_id, tuple(
            ToolCall(id=f"call_{first + i}", name=call.name, arguments=compact_json(call.arguments))
            for i, call in enumerate(calls)
        )


def _model_card() -> dict[str, Any]:
    return {"id": OFFLINE_MODEL_NAME, "object": "model", "created": 0, "owned_by": "shopagent"}
