"""A fake OpenAI-compatible chat-completions server on localhost that replays scripted replies.

Tests queue replies (`say`, `call`, `fail`) and drive the agent through the real `openai` SDK
over real HTTP. Every request is recorded so tests can assert what the agent sent.
"""

from __future__ import annotations

import json
import threading
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from collections.abc import Callable
from typing import Any


@dataclass
class Scripted:
    """One scripted reply: text and/or tool calls, or an HTTP error."""

    content: str = ""
    tool_calls: list[tuple[str, str]] = field(default_factory=list)  # (name, raw JSON arguments)
    reasoning: str = ""
    status: int = 200
    error: dict[str, Any] | None = None
    headers: dict[str, str] = field(default_factory=dict)
    usage: dict[str, Any] = field(
        default_factory=lambda: {"prompt_tokens": 100, "completion_tokens": 20, "total_tokens": 120}
    )


def say(text: str, **kwargs: Any) -> Scripted:
    """A plain text reply."""
    return Scripted(content=text, **kwargs)


def call(name: str, arguments: dict[str, Any] | str | None = None, **kwargs: Any) -> Scripted:
    """A reply that calls one tool (arguments as a dict, or a raw string to send verbatim)."""
    raw = arguments if isinstance(arguments, str) else json.dumps(arguments or {})
    return Scripted(tool_calls=[(name, raw)], **kwargs)


def calls(*pairs: tuple[str, dict[str, Any]], **kwargs: Any) -> Scripted:
    """A reply that calls several tools at once."""
    return Scripted(tool_calls=[(name, json.dumps(args)) for name, args in pairs], **kwargs)


def fail(status: int, message: str = "scripted failure", **kwargs: Any) -> Scripted:
    """An HTTP error with an OpenAI-style error envelope."""
    return Scripted(status=status, error={"error": {"message": message, "type": "server_error"}}, **kwargs)


Reply = Scripted | Callable[[dict[str, Any]], Scripted]


def last_tool_result(body: dict[str, Any]) -> dict[str, Any]:
    """The JSON of the last tool message in a request (to script replies that depend on it)."""
    for message in reversed(body["messages"]):
        if message["role"] == "tool":
            return json.loads(message["content"])
    raise AssertionError("the request has no tool message")


class FakeProvider:
    """The server. Use as a context manager; `base_url` goes into the endpoint config."""

    def __init__(self) -> None:
        self.queue: deque[Reply] = deque()
        self.requests: list[dict[str, Any]] = []
        self._lock = threading.Lock()
        self._counter = 0
        provider = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:  # keep test output quiet
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("content-length", 0))
                body = json.loads(self.rfile.read(length) or b"{}")
                provider._handle(self, body)

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/v1"

    def script(self, *replies: Reply) -> None:
        """Queue replies, served in order, one per request (a callable sees the request)."""
        with self._lock:
            self.queue.extend(replies)

    def __enter__(self) -> FakeProvider:
        self._thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self._server.shutdown()
        self._server.server_close()

    # --- serving ---------------------------------------------------------------------------------

    def _next_id(self) -> str:
        with self._lock:
            self._counter += 1
            return f"call_{self._counter}"

    def _handle(self, handler: BaseHTTPRequestHandler, body: dict[str, Any]) -> None:
        with self._lock:
            self.requests.append(body)
            queued = self.queue.popleft() if self.queue else fail(500, "no scripted reply left")
        reply = queued(body) if callable(queued) else queued
        if reply.status != 200:
            self._send_json(handler, reply.status, reply.error or {}, reply.headers)
            return
        ids = [self._next_id() for _ in reply.tool_calls]
        if body.get("stream"):
            self._send_stream(handler, reply, ids, body)
        else:
            self._send_json(handler, 200, self._completion(reply, ids, body), reply.headers)

    def _completion(self, reply: Scripted, ids: list[str], body: dict[str, Any]) -> dict[str, Any]:
        message: dict[str, Any] = {"role": "assistant", "content": reply.content or None}
        if reply.tool_calls:
            message["tool_calls"] = [
                {"id": i, "type": "function", "function": {"name": n, "arguments": a}}
                for i, (n, a) in zip(ids, reply.tool_calls, strict=True)
            ]
        if reply.reasoning:
            message["reasoning_content"] = reply.reasoning
        return {
            "id": "chatcmpl-fake",
            "object": "chat.completion",
            "created": 0,
            "model": body.get("model", "fake"),
            "choices": [{"index": 0, "message": message,
                         "finish_reason": "tool_calls" if reply.tool_calls else "stop"}],
            "usage": reply.usage,
        }

    def _chunks(self, reply: Scripted, ids: list[str], body: dict[str, Any]) -> list[dict[str, Any]]:
        def chunk(delta: dict[str, Any], finish: str | None = None) -> dict[str, Any]:
            return {"id": "chatcmpl-fake", "object": "chat.completion.chunk", "created": 0,
                    "model": body.get("model", "fake"),
                    "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}

        out = [chunk({"role": "assistant", "content": ""})]
        if reply.reasoning:
            out.append(chunk({"reasoning_content": reply.reasoning}))
        for start in range(0, len(reply.content), 8):
            out.append(chunk({"content": reply.content[start : start + 8]}))
        for index, (call_id, (name, arguments)) in enumerate(zip(ids, reply.tool_calls, strict=True)):
            out.append(chunk({"tool_calls": [{"index": index, "id": call_id, "type": "function",
                                              "function": {"name": name, "arguments": ""}}]}))
            for start in range(0, len(arguments), 10):
                out.append(chunk({"tool_calls": [{"index": index, "function": {"arguments": arguments[start : start + 10]}}]}))
        out.append(chunk({}, "tool_calls" if reply.tool_calls else "stop"))
        if (body.get("stream_options") or {}).get("include_usage"):
            out.append({"id": "chatcmpl-fake", "object": "chat.completion.chunk", "created": 0,
                        "model": body.get("model", "fake"), "choices": [], "usage": reply.usage})
        return out

    def _send_stream(self, handler: BaseHTTPRequestHandler, reply: Scripted, ids: list[str],
                     body: dict[str, Any]) -> None:
        payload = "".join(f"data: {json.dumps(c)}\n\n" for c in self._chunks(reply, ids, body))
        data = (payload + "data: [DONE]\n\n").encode()
        handler.send_response(200)
        handler.send_header("content-type", "text/event-stream")
        handler.send_header("content-length", str(len(data)))
        for key, value in reply.headers.items():
            handler.send_header(key, value)
        handler.end_headers()
        handler.wfile.write(data)

    @staticmethod
    def _send_json(handler: BaseHTTPRequestHandler, status: int, payload: dict[str, Any],
                   headers: dict[str, str]) -> None:
        data = json.dumps(payload).encode()
        handler.send_response(status)
        handler.send_header("content-type", "application/json")
        handler.send_header("content-length", str(len(data)))
        for key, value in headers.items():
            handler.send_header(key, value)
        handler.end_headers()
        handler.wfile.write(data)
