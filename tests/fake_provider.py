"""A fake OpenAI-compatible chat-completions server on localhost that replays scripted replies.

Tests queue replies (`say`, `call`, `calls`, `fail`, and faults) and drive the agent through the
real `openai` SDK over real HTTP. Every request is recorded so tests can assert what the agent
sent.

`FakeProvider(profile)` imitates one provider (see BEHAVIOURS): its chunk shapes, reasoning
field, tool-call ids, usage placement and error envelope, and it rejects with a 400 what that
provider rejects. The table is the fake's own reading of the providers' behaviour, written apart
from `agent.providers` so that the tests check the client's profiles against it.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Literal

from agent.model.sse import DONE, ChunkWriter, call_opens, sse_event


@dataclass
class Scripted:
    """One scripted reply: text and/or tool calls, an HTTP error, or a fault."""

    content: str = ""
    tool_calls: list[tuple[str, str]] = field(default_factory=list)  # (name, raw JSON arguments)
    reasoning: str = ""
    status: int = 200
    error: dict[str, Any] | None = (
        None  # a verbatim error body (else one in the profile's envelope)
    )
    message: str = "scripted failure"
    problem: Literal["rate_limit", "quota", "overloaded"] | None = None
    fault: Literal["cut", "truncate", "hang", "keepalive", "stream_error"] | None = None
    fault_seconds: float = 10.0
    finish_reason: str | None = None  # default: "tool_calls" with calls, else "stop"
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
    """An HTTP error in the profile's error envelope."""
    return Scripted(status=status, message=message, **kwargs)


def rate_limited(retry_after: str | None = None) -> Scripted:
    """The provider's "too many requests" error (429, GLM code 1302...), maybe with Retry-After."""
    return Scripted(
        status=429,
        problem="rate_limit",
        message="Rate limit reached, slow down",
        headers={"retry-after": retry_after} if retry_after is not None else {},
    )


def quota_exhausted() -> Scripted:
    """The provider's "account out of money" error (429 insufficient_quota, 402, GLM 1113...)."""
    return Scripted(status=429, problem="quota", message="You exceeded your current quota")


def overloaded() -> Scripted:
    """The provider's "overloaded, try later" error (503, GLM 1305, Kimi engine_overloaded...)."""
    return Scripted(status=503, problem="overloaded", message="The engine is currently overloaded")


def cut_mid_tool_call(name: str, arguments: dict[str, Any]) -> Scripted:
    """A stream whose connection drops half-way through a tool call's arguments."""
    return Scripted(tool_calls=[(name, json.dumps(arguments))], fault="cut")


def cut_by_length(name: str, raw_arguments: str, content: str = "") -> Scripted:
    """A reply the server ended at max_tokens (finish_reason "length") inside a tool call."""
    return Scripted(content=content, tool_calls=[(name, raw_arguments)], finish_reason="length")


def truncated(text: str) -> Scripted:
    """A stream that ends cleanly but early: no finish_reason, no [DONE]."""
    return Scripted(content=text, fault="truncate")


def stream_error(problem: Literal["rate_limit", "quota", "overloaded"]) -> Scripted:
    """A 200 stream that starts, then carries an error event in the profile's envelope."""
    return Scripted(
        content="Let me check",
        fault="stream_error",
        problem=problem,
        message={
            "rate_limit": "Rate limit reached",
            "quota": "Quota exceeded",
            "overloaded": "The engine is currently overloaded",
        }[problem],
    )


def hang(seconds: float = 10.0) -> Scripted:
    """No response at all for `seconds` (a read timeout for the client)."""
    return Scripted(fault="hang", fault_seconds=seconds)


def keep_alive_forever(seconds: float = 20.0) -> Scripted:
    """A 200 stream that only ever sends `: keep-alive` comments (for `seconds` at most)."""
    return Scripted(fault="keepalive", fault_seconds=seconds)


Reply = Scripted | Callable[[dict[str, Any]], Scripted]


def last_tool_result(body: dict[str, Any]) -> dict[str, Any]:
    """The JSON of the last tool message in a request (to script replies that depend on it)."""
    for message in reversed(body["messages"]):
        if message["role"] == "tool":
            return json.loads(message["content"])
    raise AssertionError("the request has no tool message")


# --- what each provider does --------------------------------------------------------------------

ErrorCodes = dict[str, tuple[int, str | int | None]]
OPENAI_ERRORS: ErrorCodes = {
    "rate_limit": (429, "rate_limit_exceeded"),
    "quota": (429, "insufficient_quota"),
    "overloaded": (503, None),
}


@dataclass(frozen=True)
class Behaviour:
    """How one provider streams, answers and refuses (numbers: failure modes in the notes)."""

    reasoning_field: str | None = "reasoning_content"
    think_in_content: bool = False
    thinks_by_default: bool = False
    thinking_switch: Literal["type", "enable_thinking"] | None = None
    needs_reasoning_echo: bool = False  # 1
    forced_choice: Literal["ok", "not_thinking", "never"] = "ok"  # 2
    stream_only_when_thinking: bool = False  # 3
    ids: Literal["call", "kimi", "none"] = "call"  # 4, 6
    tool_chunks: Literal["fragments", "qwen", "whole_with_finish", "whole_no_index"] = (
        "fragments"  # 4, 5
    )
    usage_at: Literal["chunk", "chunk_null_choices", "choice", "finish_chunk", "none"] = "chunk"
    cached: Literal["details", "deepseek", "top"] = "details"
    keep_alive_first: bool = False  # 14
    done_marker: bool = True
    rejects_null_content: bool = False  # 8
    strict_system: bool = False  # 11
    needs_user_message: bool = False  # 11
    checks_issued_ids: bool = False  # 6
    rejected_tool_names: frozenset[str] = frozenset()  # 13
    rejects_max_tokens: bool = False  # 12
    fixed_temperature: float | None = None  # 12
    strict_arguments: bool = False  # 10
    envelope: Literal["openai", "type", "qwen", "glm", "siliconflow"] = "openai"  # 15
    errors: ErrorCodes = field(default_factory=lambda: dict(OPENAI_ERRORS))
    extra_chunk_fields: dict[str, Any] = field(default_factory=dict)


BEHAVIOURS: dict[str, Behaviour] = {
    "generic": Behaviour(),
    "openai": Behaviour(reasoning_field=None, rejects_max_tokens=True),
    "deepseek": Behaviour(
        thinks_by_default=True,
        thinking_switch="type",
        needs_reasoning_echo=True,
        forced_choice="not_thinking",
        cached="deepseek",
        keep_alive_first=True,
        errors={"rate_limit": (429, None), "quota": (402, None), "overloaded": (503, None)},
    ),
    "qwen": Behaviour(
        thinking_switch="enable_thinking",
        forced_choice="not_thinking",
        stream_only_when_thinking=True,
        tool_chunks="qwen",
        strict_system=True,
        rejected_tool_names=frozenset({"search"}),
        envelope="qwen",
        errors={
            "rate_limit": (429, "Throttling.RateQuota"),
            "quota": (400, "Arrearage"),
            "overloaded": (503, "ServiceUnavailable"),
        },
    ),
    "kimi": Behaviour(
        thinks_by_default=True,
        thinking_switch="type",
        needs_reasoning_echo=True,
        forced_choice="not_thinking",
        ids="kimi",
        usage_at="choice",
        cached="top",
        checks_issued_ids=True,
        fixed_temperature=1.0,
        envelope="type",
        errors={
            "rate_limit": (429, "rate_limit_reached_error"),
            "quota": (429, "exceeded_current_quota_error"),
            "overloaded": (429, "engine_overloaded_error"),
        },
    ),
    "glm": Behaviour(
        thinks_by_default=True,
        thinking_switch="type",
        needs_reasoning_echo=True,
        forced_choice="never",
        tool_chunks="whole_with_finish",
        usage_at="finish_chunk",
        needs_user_message=True,
        envelope="glm",
        errors={"rate_limit": (429, "1302"), "quota": (429, "1113"), "overloaded": (429, "1305")},
    ),
    "minimax": Behaviour(reasoning_field=None, think_in_content=True, thinks_by_default=True),
    "doubao": Behaviour(thinking_switch="type"),
    "siliconflow": Behaviour(
        thinking_switch="enable_thinking",
        forced_choice="not_thinking",
        envelope="siliconflow",
        errors={"rate_limit": (429, 50603), "quota": (403, 30001), "overloaded": (503, 50505)},
    ),
    "qianfan": Behaviour(done_marker=False),
    "hunyuan": Behaviour(done_marker=False),
    "ollama": Behaviour(
        reasoning_field="reasoning",
        ids="none",
        tool_chunks="whole_no_index",
        rejects_null_content=True,
    ),
    "vllm": Behaviour(
        reasoning_field="reasoning",
        usage_at="chunk_null_choices",
        strict_system=True,
        strict_arguments=True,
    ),
    "llamacpp": Behaviour(
        done_marker=False, extra_chunk_fields={"timings": {"prompt_n": 100, "predicted_n": 20}}
    ),
    "lmstudio": Behaviour(usage_at="none"),
}

DEFAULT_REASONING = "The customer wants something; let me pick the right tool."
CACHED_TOKENS = 60


class Rejected(Exception):
    """A request the imitated provider would answer with a 400."""


class FakeProvider:
    """The server. Use as a context manager; `base_url` goes into the endpoint config."""

    def __init__(self, profile: str = "generic") -> None:
        self.profile = profile
        self.behaviour = BEHAVIOURS[profile]
        self.queue: deque[Reply] = deque()
        self.requests: list[dict[str, Any]] = []
        self.issued_ids: set[str] = set()
        self._lock = threading.Lock()
        self._closing = threading.Event()
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
        self._server.daemon_threads = True
        self._server.block_on_close = False  # hung handlers must not hold up the test's exit
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
        self._closing.set()
        self._server.shutdown()
        self._server.server_close()

    # --- serving ---------------------------------------------------------------------------------

    def _handle(self, handler: BaseHTTPRequestHandler, body: dict[str, Any]) -> None:
        with self._lock:
            self.requests.append(body)
            queued = self.queue.popleft() if self.queue else fail(500, "no scripted reply left")
        thinking = self._thinking(body)
        try:
            self._check(body, thinking)
        except Rejected as exc:
            status, payload = self._error_body(400, None, str(exc))
            self._send_json(handler, status, payload, {})
            return
        reply = queued(body) if callable(queued) else queued
        if reply.fault == "hang":
            self._closing.wait(reply.fault_seconds)
            handler.close_connection = True
            return
        if reply.status != 200:
            status, payload = (
                (reply.status, reply.error)
                if reply.error is not None
                else self._error_body(reply.status, reply.problem, reply.message)
            )
            self._send_json(handler, status, payload, reply.headers)
            return
        if thinking and not reply.reasoning:
            reply = Scripted(**{**reply.__dict__, "reasoning": DEFAULT_REASONING})
        ids = self._ids(body, reply)
        if body.get("stream"):
            self._send_stream(handler, reply, ids, body)
        else:
            self._send_json(handler, 200, self._completion(reply, ids, body), reply.headers)

    def _thinking(self, body: dict[str, Any]) -> bool:
        switch = self.behaviour.thinking_switch
        if switch == "type" and isinstance(body.get("thinking"), dict):
            return body["thinking"].get("type") != "disabled"
        if switch == "enable_thinking" and "enable_thinking" in body:
            return bool(body["enable_thinking"])
        return self.behaviour.thinks_by_default

    def _ids(self, body: dict[str, Any], reply: Scripted) -> list[str]:
        style = self.behaviour.ids
        ids = []
        earlier = sum(len(m.get("tool_calls") or []) for m in body["messages"])
        for position, (name, _) in enumerate(reply.tool_calls):
            with self._lock:
                self._counter += 1
                counter = self._counter
            ids.append(
                {
                    "call": f"call_{counter}",
                    "kimi": f"functions.{name}:{earlier + position}",
                    "none": "",
                }[style]
            )
        self.issued_ids.update(i for i in ids if i)
        return ids

    # --- what the provider refuses ---------------------------------------------------------------

    def _check(self, body: dict[str, Any], thinking: bool) -> None:  # noqa: C901 - one rule a line
        b = self.behaviour
        tools = body.get("tools") or []
        messages = body.get("messages") or []
        if not tools and ("tool_choice" in body or "parallel_tool_calls" in body):
            raise Rejected(
                "tool_choice and parallel_tool_calls are only allowed when tools are specified"
            )
        if b.rejects_max_tokens and "max_tokens" in body:
            raise Rejected(
                "Unsupported parameter: 'max_tokens' is not supported with this model. "
                "Use 'max_completion_tokens' instead."
            )
        if (
            b.fixed_temperature is not None
            and body.get("temperature", b.fixed_temperature) != b.fixed_temperature
        ):
            raise Rejected(
                f"invalid temperature: only {b.fixed_temperature:g} is allowed for this model"
            )
        names = {t["function"]["name"] for t in tools}
        if names & b.rejected_tool_names:
            raise Rejected(
                "<400> InternalError.Algo.InvalidParameter: tool name "
                f"{sorted(names & b.rejected_tool_names)[0]!r} is reserved"
            )
        choice = body.get("tool_choice")
        if choice not in (None, "auto", "none"):
            if b.forced_choice == "never":
                raise Rejected("tool_choice only supports auto")
            if b.forced_choice == "not_thinking" and thinking:
                raise Rejected("Thinking mode does not support this tool_choice")
        if b.stream_only_when_thinking and thinking and not body.get("stream"):
            raise Rejected(
                "<400> InternalError.Algo.InvalidParameter: parameter.enable_thinking "
                "must be set to false for non-streaming calls"
            )
        roles = [m["role"] for m in messages]
        if b.strict_system and (roles.count("system") > 1 or "system" in roles[1:]):
            raise Rejected("System message must be at the beginning.")
        if b.needs_user_message and "user" not in roles:
            raise Rejected("messages must contain a user message")
        pending: list[str] = []
        for index, message in enumerate(messages):
            if pending and message["role"] != "tool":
                raise Rejected(
                    "An assistant message with 'tool_calls' must be followed by tool "
                    "messages responding to each 'tool_call_id'. The following "
                    f"tool_call_ids did not have response messages: {', '.join(pending)}"
                )
            if message["role"] == "tool":
                if "name" in message:
                    raise Rejected('"name" is not supported by this endpoint on tool messages')
                if not pending or message.get("tool_call_id") != pending[0]:
                    raise Rejected(
                        f"tool_call_id {message.get('tool_call_id')!r} is not found: "
                        'messages with role "tool" must be a response to a preceeding '
                        'message with "tool_calls"'
                    )
                pending.pop(0)
            elif message["role"] == "assistant":
                self._check_assistant(message, index, thinking)
                pending = [c["id"] for c in message.get("tool_calls") or []]
        if pending:
            raise Rejected(f"tool_call_ids without a tool message: {', '.join(pending)}")

    def _check_assistant(self, message: dict[str, Any], index: int, thinking: bool) -> None:
        b = self.behaviour
        if b.rejects_null_content and message.get("content") is None:
            raise Rejected("invalid message content type: <nil>")
        tool_calls = message.get("tool_calls") or []
        for tool_call in tool_calls:
            arguments = tool_call["function"].get("arguments")
            if not isinstance(arguments, str):
                raise Rejected("tool call arguments must be a JSON string")
            if b.strict_arguments:
                try:
                    json.loads(arguments)
                except ValueError as exc:
                    raise Rejected(str(exc)) from None
            if b.checks_issued_ids and tool_call["id"] not in self.issued_ids:
                raise Rejected(f"tool_call_id {tool_call['id']!r} not found")
        if tool_calls and thinking and b.needs_reasoning_echo and b.reasoning_field not in message:
            raise Rejected(
                f"thinking is enabled but {b.reasoning_field} is missing in assistant tool "
                f"call message at index {index}: the `{b.reasoning_field}` in the "
                "thinking mode must be passed back to the API."
            )

    def _error_body(
        self, status: int, problem: str | None, message: str
    ) -> tuple[int, dict[str, Any]]:
        b = self.behaviour
        code: str | int | None = None
        if problem is not None:
            status, code = b.errors[problem]
        if b.envelope == "glm":
            return status, {
                "error": {
                    "code": str(code or ("1214" if status < 500 else "500")),
                    "message": message,
                }
            }
        if b.envelope == "siliconflow":
            return status, {
                "code": code or (20015 if status < 500 else 50500),
                "message": message,
                "data": None,
            }
        if b.envelope == "qwen":
            prefix = (
                "" if message.startswith("<") else f"<{status}> {code or 'InternalError.Algo'}: "
            )
            return status, {
                "error": {
                    "message": prefix + message,
                    "type": "invalid_request_error",
                    "code": "invalid_parameter_error" if status < 500 else "internal_error",
                }
            }
        kind = "invalid_request_error" if status < 500 else "server_error"
        if b.envelope == "type":
            return status, {"error": {"message": message, "type": code or kind}}
        return status, {"error": {"message": message, "type": kind, "code": code}}

    # --- building replies ------------------------------------------------------------------------

    def _usage(self, reply: Scripted) -> dict[str, Any]:
        usage = dict(reply.usage)
        cached = min(CACHED_TOKENS, usage.get("prompt_tokens", 0))
        if self.behaviour.cached == "deepseek":
            usage.update(
                prompt_cache_hit_tokens=cached,
                prompt_cache_miss_tokens=usage.get("prompt_tokens", 0) - cached,
            )
        elif self.behaviour.cached == "top":
            usage["cached_tokens"] = cached
        else:
            usage["prompt_tokens_details"] = {"cached_tokens": cached}
        return usage

    def _completion(self, reply: Scripted, ids: list[str], body: dict[str, Any]) -> dict[str, Any]:
        b = self.behaviour
        content = reply.content
        if b.think_in_content and reply.reasoning:
            content = f"<think>\n{reply.reasoning}\n</think>\n\n{content}"
        message: dict[str, Any] = {"role": "assistant", "content": content or None}
        if reply.tool_calls:
            message["tool_calls"] = [
                {
                    **({"id": i} if i else {}),
                    "type": "function",
                    "function": {"name": n, "arguments": a},
                }
                for i, (n, a) in zip(ids, reply.tool_calls, strict=True)
            ]
        if reply.reasoning and b.reasoning_field:
            message[b.reasoning_field] = reply.reasoning
        completion = {
            "id": "chatcmpl-fake",
            "object": "chat.completion",
            "created": 0,
            "model": body.get("model", "fake"),
            "choices": [
                {
                    "index": 0,
                    "message": message,
                    "finish_reason": reply.finish_reason
                    or ("tool_calls" if reply.tool_calls else "stop"),
                }
            ],
        }
        if b.usage_at != "none":
            completion["usage"] = self._usage(reply)
        return completion

    def _chunks(
        self, reply: Scripted, ids: list[str], body: dict[str, Any]
    ) -> list[dict[str, Any]]:
        b = self.behaviour

        writer = ChunkWriter(
            id="chatcmpl-fake", model=body.get("model", "fake"), fields=b.extra_chunk_fields
        )
        chunk = writer.chunk

        def pieces(text: str, size: int) -> list[str]:
            return [text[start : start + size] for start in range(0, len(text), size)]

        out = [writer.opening("")]
        content = reply.content
        if b.think_in_content and reply.reasoning:
            content = f"<think>\n{reply.reasoning}\n</think>\n\n{content}"
        elif reply.reasoning and b.reasoning_field:
            out += writer.texts(pieces(reply.reasoning, 12), field=b.reasoning_field)
        out += writer.texts(pieces(content, 5 if b.think_in_content else 8))
        calls = list(zip(ids, reply.tool_calls, strict=True))
        finish = reply.finish_reason or ("tool_calls" if calls else "stop")
        usage = self._usage(reply)
        whole = [call_opens(i, call_id, n, a) for i, (call_id, (n, a)) in enumerate(calls)]
        if b.tool_chunks == "whole_with_finish" and calls:
            # The whole call arrives in the chunk that also carries finish_reason (and usage).
            last = chunk({"tool_calls": whole}, finish)
            if b.usage_at == "finish_chunk":
                last["usage"] = usage
            return [*out, last]
        if b.tool_chunks == "whole_no_index":
            out += [
                chunk({"tool_calls": [{"function": {"name": n, "arguments": a}}]})
                for _, (n, a) in calls
            ]
        elif b.tool_chunks == "qwen":
            out += [
                chunk({"tool_calls": [call_opens(i, call_id, n)]})
                for i, (call_id, (n, _)) in enumerate(calls)
            ]
            if calls:  # an empty fragment: name and arguments both null
                out.append(
                    chunk(
                        {
                            "tool_calls": [
                                {
                                    "index": 0,
                                    "id": "",
                                    "type": "function",
                                    "function": {"name": None, "arguments": None},
                                }
                            ]
                        }
                    )
                )
            split = [pieces(a, 10) for _, (_, a) in calls]
            for step in range(
                max((len(s) for s in split), default=0)
            ):  # parallel calls interleaved
                for i, (_, (n, _)) in enumerate(calls):
                    if step < len(split[i]):
                        out.append(
                            chunk(
                                {
                                    "tool_calls": [
                                        {
                                            "index": i,
                                            "id": "",
                                            "type": "function",
                                            "function": {
                                                "name": n if step == 0 else "",
                                                "arguments": split[i][step],
                                            },
                                        }
                                    ]
                                }
                            )
                        )
        else:
            triples = [(call_id, n, a) for call_id, (n, a) in calls]
            out += writer.calls(triples, lambda a: pieces(a, 10))
        last = chunk({}, finish)
        if b.usage_at == "choice":
            last["choices"][0]["usage"] = usage
        elif b.usage_at == "finish_chunk":
            last["usage"] = usage
        out.append(last)
        if b.usage_at in ("chunk", "chunk_null_choices") and (body.get("stream_options") or {}).get(
            "include_usage"
        ):
            out.append(writer.usage(usage, null_choices=b.usage_at == "chunk_null_choices"))
        return out

    def _events(self, reply: Scripted, ids: list[str], body: dict[str, Any]) -> list[str]:
        """SSE text, with comments and blank lines as real servers send them."""
        chunks = self._chunks(reply, ids, body)
        events = [": keep-alive\n\n"] * 3 if self.behaviour.keep_alive_first else []
        for number, data in enumerate(chunks):
            events.append(sse_event(data))
            if number == 0:
                events.append(": ping\n\n\n")
        if self.behaviour.done_marker:
            events.append(DONE)
        if reply.fault == "cut":
            # Up to the middle of the first tool call's arguments, then the connection drops.
            marker = next(
                i
                for i, e in enumerate(events)
                if '"arguments": "' in e and '"arguments": ""' not in e
            )
            whole_and_done = '"finish_reason": null' not in events[marker]
            events = events[: marker if whole_and_done else marker + 1]
        elif reply.fault == "truncate":
            events = [e for e in events if '"finish_reason": null' in e]
        elif reply.fault == "stream_error":
            _, payload = self._error_body(200, reply.problem, reply.message)
            events = [*events[:3], sse_event(payload)]
        return events

    def _send_stream(
        self, handler: BaseHTTPRequestHandler, reply: Scripted, ids: list[str], body: dict[str, Any]
    ) -> None:
        handler.send_response(200)
        handler.send_header("content-type", "text/event-stream")
        handler.send_header("transfer-encoding", "chunked")
        # It closes the connection after the stream, so it says so: a client that reads a
        # stream to its end would otherwise reuse a connection this server is closing.
        handler.send_header("connection", "close")
        for key, value in reply.headers.items():
            handler.send_header(key, value)
        handler.end_headers()
        handler.close_connection = True

        def write(text: str) -> None:
            data = text.encode()
            handler.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
            handler.wfile.flush()

        try:
            if reply.fault == "keepalive":
                until = time.monotonic() + reply.fault_seconds
                while time.monotonic() < until and not self._closing.wait(0.05):
                    write(": keep-alive\n\n")
                return
            for event in self._events(reply, ids, body):
                write(event)
            if reply.fault == "cut":
                handler.connection.shutdown(socket.SHUT_RDWR)  # no terminating chunk
                return
            handler.wfile.write(b"0\r\n\r\n")
        except OSError:
            pass  # the client went away (deadline): nothing more to send

    @staticmethod
    def _send_json(
        handler: BaseHTTPRequestHandler,
        status: int,
        payload: dict[str, Any],
        headers: dict[str, str],
    ) -> None:
        data = json.dumps(payload).encode()
        handler.send_response(status)
        handler.send_header("content-type", "application/json")
        handler.send_header("content-length", str(len(data)))
        for key, value in headers.items():
            handler.send_header(key, value)
        handler.end_headers()
        handler.wfile.write(data)
