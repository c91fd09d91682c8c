"""An instant chat-completions server on localhost for the benchmarks, and its scripted replies.

Every lane of a benchmark talks to the one server over real HTTP, so each pays the same
network and parsing cost. Replies come from a queue of steps, one per request, each a function
of the request body (to read an id out of a tool result); every request is recorded.
"""

from __future__ import annotations

import json
import threading
from collections import deque
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from agent.model.sse import DONE, ChunkWriter, call_opens, sse_event

Answer = dict[str, Any]
"""`{"say": TEXT, "tools": [(NAME, ARGUMENTS_DICT), ...]}`, either part optional."""

Step = Callable[[dict[str, Any]], Answer]


def say(text: str) -> Step:
    """A step that answers with text."""
    return lambda _body: {"say": text}


def tool(name: str, arguments: dict[str, Any]) -> Step:
    """A step that calls one tool."""
    return lambda _body: {"tools": [(name, arguments)]}


def reply_bytes(answer: Answer, *, number: int, stream: bool, prompt_tokens: int = 0) -> bytes:
    """The HTTP body of a reply: SSE chunks when streamed, else one chat.completion."""
    calls = [
        call_opens(i, f"call_{number}_{i}", name, json.dumps(arguments, ensure_ascii=False))
        for i, (name, arguments) in enumerate(answer.get("tools", []))
    ]
    finish = "tool_calls" if calls else "stop"
    usage = {"prompt_tokens": prompt_tokens, "completion_tokens": 1, "total_tokens": prompt_tokens}
    if not stream:
        message: dict[str, Any] = {"role": "assistant", "content": answer.get("say")}
        if calls:
            message["tool_calls"] = [{k: v for k, v in c.items() if k != "index"} for c in calls]
        whole = {
            "id": f"r{number}",
            "object": "chat.completion",
            "created": 0,
            "model": "instant",
            "choices": [{"index": 0, "message": message, "finish_reason": finish}],
            "usage": usage,
        }
        return json.dumps(whole, ensure_ascii=False).encode()
    writer = ChunkWriter(id=f"r{number}", model="instant")
    delta: dict[str, Any] = {"role": "assistant", "content": answer.get("say") or ""}
    if calls:
        delta["tool_calls"] = calls
    chunks = [writer.chunk(delta), writer.chunk({}, finish), writer.usage(usage)]
    return ("".join(sse_event(c) for c in chunks) + DONE).encode()


class InstantServer:
    """The server; use as a context manager. `base_url` goes into each lane's client."""

    def __init__(self) -> None:
        self.steps: deque[Step] = deque()
        self.requests: list[dict[str, Any]] = []
        self.answers: list[Answer] = []
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # Headers and body go out in two writes: with Nagle on, the body of a reply on a
            # reused connection waits for the client's delayed ACK (40 ms), where real servers
            # (uvicorn, nginx) send at once.
            disable_nagle_algorithm = True

            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["content-length"])))
                status, payload, kind = server._answer(body)
                self.send_response(status)
                self.send_header("content-type", kind)
                self.send_header("content-length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/v1"

    def script(self, *steps: Step) -> None:
        """Queue steps, one per request, served in order."""
        with self._lock:
            self.steps.extend(steps)

    def _answer(self, body: dict[str, Any]) -> tuple[int, bytes, str]:
        with self._lock:
            self.requests.append(body)
            step = self.steps.popleft() if self.steps else None
            number = len(self.requests)
        if step is None:
            error = {"error": {"message": "no scripted reply left", "type": "server_error"}}
            return 500, json.dumps(error).encode(), "application/json"
        answer = step(body)
        self.answers.append(answer)
        stream = bool(body.get("stream"))
        payload = reply_bytes(answer, number=number, stream=stream)
        return 200, payload, "text/event-stream" if stream else "application/json"

    def __enter__(self) -> InstantServer:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
