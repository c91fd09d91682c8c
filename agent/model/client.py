"""Calling a chat-completions model through the official `openai` SDK, whatever the provider.

`ModelClient.complete` renders the request for the endpoint's profile, streams the reply,
forwards text as it arrives, merges tool-call deltas by index, keeps reasoning apart from the
answer and returns one `ModelTurn` with its usage and cost. Failures become a `ModelError` that
says what to do; retryable ones are retried here (the SDK's own retries are off: it would retry
a 429 that means "out of quota" and cannot retry a stream cut half-way).
"""

from __future__ import annotations

import json
import logging
import os
import random
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import httpx2
import openai

from agent.model.errors import (
    ModelError,
    classify,
    cut_at_length,
    dropped,
    not_a_completion,
    timed_out,
)
from agent.model.sse import sse_data
from agent.model.stream import Reader
from agent.model.types import DeltaKind, ModelEndpoint, ModelTurn, OnDelta, ToolChoice
from agent.state import Usage
from agent.tokens import estimate_completion_tokens, estimate_prompt_tokens
from agent.watchdog import Watchdog

RETRY_NOTICE = "\n\n[the reply was cut off; trying again]\n\n"
"""Streamed after partial text when a retry follows, so readers know the text restarts."""

DEADLINES = Watchdog.for_process("model-deadlines")
"""Closes a streamed reply still open at its call's deadline."""

DRAINS = Watchdog.for_process("stream-drains")
"""Reads what follows `[DONE]` in finished replies, off the callers' threads (`finish_body`)."""
DRAIN_SECONDS = 5.0
"""How long a server may trickle bytes after `[DONE]` before its reply is closed."""
_draining = threading.Semaphore(1)
log = logging.getLogger(__name__)


def _new_drain_slot() -> None:
    global _draining
    _draining = threading.Semaphore(1)


os.register_at_fork(after_in_child=_new_drain_slot)  # a drain under way stays in the parent


def finish_body(rest: Iterator[str], response: httpx2.Response) -> None:
    """Read a finished reply's body to its end, then close it: its connection is then reused.

    The reply is whole at `[DONE]`, but HTTP/1.1 gives a connection back to the pool only once
    its body is read to the end (a chunked body's last chunk may still be on its way); closing
    it sooner drops the connection (as the SDK's `Stream` does), and the next call pays a new
    TCP and TLS handshake. The rest is read by one thread, never the caller's: a server that
    holds the body open costs that thread a read timeout, and meanwhile others are closed.
    """
    if not _draining.acquire(blocking=False):
        response.close()
        return
    slot = _draining

    def drain() -> None:
        cut = DEADLINES.watch(DRAIN_SECONDS, response.close)  # bytes that trickle on forever
        try:
            for _event in rest:
                pass
        except Exception:  # after [DONE]: nothing of the reply is lost
            log.debug("reading a reply's end failed", exc_info=True)
        finally:
            cut.cancel()
            response.close()
            slot.release()

    DRAINS.watch(0.0, drain)


class ModelClient:
    """Calls one endpoint. Thread-safe; create once per endpoint and reuse."""

    def __init__(
        self,
        endpoint: ModelEndpoint,
        *,
        http_client: Any | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.endpoint = endpoint
        self._sleep = sleep
        self._client = openai.OpenAI(
            api_key=endpoint.api_key or "not-needed",
            base_url=endpoint.base_url,
            max_retries=0,  # retried in `complete`, by our classification
            timeout=httpx2.Timeout(
                endpoint.timeout_seconds, connect=min(endpoint.timeout_seconds, 10.0)
            ),
            http_client=http_client,
        )

    # --- the request ---------------------------------------------------------------------------

    def build_request(
        self,
        messages: list[dict[str, Any]],
        tools: list[dict[str, Any]],
        *,
        tool_choice: ToolChoice | None = None,
        parallel_tool_calls: bool | None = None,
    ) -> dict[str, Any]:
        """The JSON body of a chat-completions request to this endpoint (extra_body merged in).

        A forced `tool_choice` becomes "auto" where the profile rejects it (always, or while
        thinking); tool options are only sent with tools.
        """
        endpoint, profile = self.endpoint, self.endpoint.profile
        thinking = endpoint.thinks
        stream = profile.streaming or (thinking and profile.stream_required_when_thinking)
        request: dict[str, Any] = {"model": endpoint.model, "messages": messages, "stream": stream}
        if tools:
            request["tools"] = tools
            if tool_choice is not None:
                forced = tool_choice != "auto" and tool_choice != "none"
                allowed = profile.forced_tool_choice and (
                    not thinking or profile.forced_tool_choice_thinking
                )
                request["tool_choice"] = tool_choice if allowed or not forced else "auto"
            if parallel_tool_calls is not None and profile.parallel_tool_calls:
                request["parallel_tool_calls"] = parallel_tool_calls
        if stream and profile.stream_usage:
            request["stream_options"] = {"include_usage": True}
        if endpoint.max_output_tokens:
            request[profile.max_tokens_param] = endpoint.max_output_tokens
        if profile.fixed_temperature is not None:
            request["temperature"] = profile.fixed_temperature
        elif endpoint.temperature is not None:
            low, high = profile.temperature_range
            request["temperature"] = min(max(endpoint.temperature, low), high)
        extra = dict(endpoint.extra_body)
        if endpoint.thinking is not None:
            extra = {
                **(profile.thinking_on if endpoint.thinking else profile.thinking_off),
                **extra,
            }
        return {**request, **extra}

    # --- one call, with retries ------------------------------------------------------------------

    def complete(
        self,
        messages: list[dict[str, Any]],
        tools: list[dict[str, Any]],
        *,
        on_delta: OnDelta | None = None,
        tool_choice: ToolChoice | None = None,
    ) -> ModelTurn:
        """Get one reply, retrying what may succeed later (rate limits, 5xx, cuts, timeouts).

        Raises:
            ModelError: when it failed for good; a reply cut before it finished is never
                returned as a (partial) turn, so a half-streamed tool call is never run.
        """
        request = self.build_request(messages, tools, tool_choice=tool_choice)
        streamed = False

        def forward(kind: DeltaKind, text: str) -> None:
            nonlocal streamed
            streamed = streamed or kind == "text"
            if on_delta:
                on_delta(kind, text)

        attempt = 0
        while True:
            try:
                turn, reported = self._call_once(request, forward)
                break
            except ModelError as error:
                delay = self._retry_delay(error, attempt)
                if delay is None:
                    raise self._final(error, attempt) from error
                if streamed and on_delta:
                    on_delta("text", RETRY_NOTICE)
                    streamed = False
                self._sleep(delay)
                attempt += 1
        usage = turn.usage if reported else self._estimate(request, turn)
        cost = self.endpoint.cost(usage)
        currency = self.endpoint.price_currency if cost is not None else None
        return turn.model_copy(
            update={"usage": usage.model_copy(update={"cost": cost, "currency": currency})}
        )

    def _retry_delay(self, error: ModelError, attempt: int) -> float | None:
        """Seconds to wait before the next try, or None when not to try again."""
        endpoint = self.endpoint
        if not error.retryable or attempt >= endpoint.max_retries:
            return None
        if error.retry_after is not None:
            return (
                None if error.retry_after > endpoint.max_retry_after_seconds else error.retry_after
            )
        backoff: float = endpoint.retry_backoff_seconds * 2.0**attempt
        return backoff * (1 - 0.25 * random.random())  # jitter: retries of many clients spread

    def _final(self, error: ModelError, attempt: int) -> ModelError:
        message = error.message
        if (
            error.retryable
            and error.retry_after
            and error.retry_after > self.endpoint.max_retry_after_seconds
        ):
            message += f" The server asks to wait {error.retry_after:.0f} s: try again later."
        elif error.retryable and attempt:
            message += f" (Tried {attempt + 1} times.)"
        return ModelError(
            error.kind,
            message,
            endpoint=error.endpoint,
            status=error.status,
            retry_after=error.retry_after,
        )

    def _call_once(self, request: dict[str, Any], on_delta: OnDelta) -> tuple[ModelTurn, bool]:
        deadline = time.monotonic() + self.endpoint.timeout_seconds
        try:
            # The body is sent as built: `chat.completions.create` would walk all of it (tools and
            # history) against its types on every call, and build a model of every chunk. A
            # stream comes as the HTTP response itself, read here to its end (`finish_body`).
            response: Any = self._client.post(
                "/chat/completions",
                body=request,
                cast_to=httpx2.Response if request["stream"] else object,  # else the JSON
                stream=request["stream"],
            )
        except openai.APIError as exc:
            raise classify(exc, self.endpoint) from exc
        reader = Reader(self.endpoint.profile, on_delta)
        if not request["stream"]:
            raw = self._completion(response)
            choice = (raw.get("choices") or [{}])[0]
            reader.read_usage(raw.get("usage"))
            reader.read_usage(choice.get("usage"))
            reader.add_message(choice.get("message") or {}, whole=True)
            reader.finish_reason = choice.get("finish_reason")
            return self._finished(reader), reader.usage is not None
        # An overall deadline: keep-alive comments must not keep a call open forever.
        expired = threading.Event()

        def expire() -> None:
            expired.set()
            response.close()

        watch = DEADLINES.watch(max(deadline - time.monotonic(), 0.0), expire)
        rest: Iterator[str] | None = None
        try:
            rest = self._read_stream(response, reader)
        except Exception as exc:
            if expired.is_set() or isinstance(exc, httpx2.TimeoutException):
                raise timed_out(self.endpoint) from exc
            if isinstance(exc, httpx2.HTTPError):
                # The reply had started: it was cut, not unreachable.
                raise dropped(self.endpoint) from exc
            if isinstance(exc, openai.APIError):
                raise classify(exc, self.endpoint) from exc
            raise
        finally:
            watch.cancel()
            if rest is None:
                response.close()
        finish_body(rest, response)
        return self._finished(reader), reader.usage is not None

    def _completion(self, data: Any) -> dict[str, Any]:
        if not isinstance(data, dict):
            raise not_a_completion(self.endpoint)
        return data

    def _finished(self, reader: Reader) -> ModelTurn:
        """The whole reply; one cut by the length limit with a tool call in it never runs."""
        if reader.finish_reason == "length" and reader.merger.calls():
            raise cut_at_length(self.endpoint)
        return reader.turn()

    def _read_stream(self, response: httpx2.Response, reader: Reader) -> Iterator[str]:
        """Read the reply's chunks up to `[DONE]`; what follows in the body is returned unread."""
        events = sse_data(response.iter_bytes())
        for data in events:
            if data.startswith("[DONE]"):
                break
            raw = self._completion(json.loads(data))
            if raw.get("error"):  # an error event in a 200 stream, read as the SDK reads it
                error = raw["error"]
                message = error.get("message") if isinstance(error, dict) else None
                if not (isinstance(message, str) and message):
                    message = "An error occurred during streaming"
                raise openai.APIError(message, response.request, body=error)
            reader.read_usage(raw.get("usage"))
            for choice in raw.get("choices") or []:
                reader.read_usage(choice.get("usage"))
                reader.add_message(choice.get("delta") or {})
                reader.finish_reason = choice.get("finish_reason") or reader.finish_reason
        if reader.finish_reason is None:
            raise dropped(self.endpoint)
        return events

    def _estimate(self, request: dict[str, Any], turn: ModelTurn) -> Usage:
        return Usage(
            prompt_tokens=estimate_prompt_tokens(request["messages"], request.get("tools") or []),
            completion_tokens=estimate_completion_tokens(
                turn.content, turn.reasoning, [(c.name, c.arguments) for c in turn.tool_calls]
            ),
            estimated=True,
        )

    # --- errors for people ---------------------------------------------------------------------
