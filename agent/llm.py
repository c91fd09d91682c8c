"""Calling a chat-completions model through the official `openai` SDK, whatever the provider.

`ModelClient.complete` renders the request for the endpoint's profile, streams the reply,
forwards text as it arrives, merges tool-call deltas by index, keeps reasoning apart from the
answer and returns one `ModelTurn` with its usage and cost. Failures become a `ModelError` that
says what to do; retryable ones are retried here (the SDK's own retries are off: it would retry
a 429 that means "out of quota" and cannot retry a stream cut half-way).
"""

from __future__ import annotations

import json
import random
import re
import threading
import time
import uuid
from collections.abc import Callable, Iterable
from typing import Any, Literal

import httpx2
import openai
from pydantic import BaseModel, ConfigDict, Field

from agent.costs import cost_of
from agent.providers import ProviderProfile
from agent.tokens import estimate_completion_tokens, estimate_prompt_tokens

DeltaKind = Literal["text", "reasoning"]
OnDelta = Callable[[DeltaKind, str], None]
ToolChoice = str | dict[str, Any]

RETRY_NOTICE = "\n\n[the reply was cut off; trying again]\n\n"
"""Streamed after partial text when a retry follows, so readers know the text restarts."""


class ModelEndpoint(BaseModel):
    """One configured model endpoint, resolved (key included) and ready to call."""

    model_config = ConfigDict(frozen=True)

    name: str
    base_url: str
    model: str
    api_key: str | None = Field(default=None, repr=False)
    profile: ProviderProfile
    offline: bool = Field(default=False, description="The rule-based offline demo.")
    price_input: float | None = Field(default=None, description="Per million prompt tokens.")
    price_cached_input: float | None = None
    price_output: float | None = None
    price_currency: str = "USD"
    extra_body: dict[str, Any] = Field(default_factory=dict)
    thinking: bool | None = Field(default=None, description="None: the profile's default.")
    temperature: float | None = None
    timeout_seconds: float = Field(default=120.0, description="Overall deadline of one call.")
    max_retries: int = Field(default=2, description="Retries of a retryable failure.")
    retry_backoff_seconds: float = Field(
        default=1.0, description="First wait between tries when the server names none; doubles."
    )
    max_retry_after_seconds: float = Field(
        default=60.0, description="Longer Retry-After waits are not waited for: the call fails."
    )
    max_output_tokens: int | None = 1024

    @property
    def thinks(self) -> bool:
        """Whether the model reasons before answering (configured, else the profile's default)."""
        return self.profile.thinks_by_default if self.thinking is None else self.thinking


class ToolCall(BaseModel):
    """A complete tool call requested by the model."""

    id: str
    name: str
    arguments: str = "{}"


class Usage(BaseModel):
    """Token counts of one or more model calls, as the provider reported them, and their cost."""

    prompt_tokens: int = 0
    cached_tokens: int = 0
    completion_tokens: int = 0
    estimated: bool = Field(default=False, description="Counted locally: the provider sent none.")
    cost: float | None = Field(default=None, description="In `currency`; None when unpriced.")
    currency: str | None = None

    def __add__(self, other: Usage) -> Usage:
        cost, currency = _add_costs(self, other)
        return Usage(
            prompt_tokens=self.prompt_tokens + other.prompt_tokens,
            cached_tokens=self.cached_tokens + other.cached_tokens,
            completion_tokens=self.completion_tokens + other.completion_tokens,
            estimated=self.estimated or other.estimated,
            cost=cost,
            currency=currency,
        )

    @property
    def empty(self) -> bool:
        """No tokens counted (the identity of `+`)."""
        return not (self.prompt_tokens or self.completion_tokens) and self.cost is None


def _add_costs(a: Usage, b: Usage) -> tuple[float | None, str | None]:
    if a.empty:
        return b.cost, b.currency
    if b.empty:
        return a.cost, a.currency
    if a.cost is None or b.cost is None or a.currency != b.currency:
        return None, None  # an unpriced call or mixed currencies: no honest total
    return a.cost + b.cost, a.currency


class ModelTurn(BaseModel):
    """What the model said in one call."""

    content: str = ""
    reasoning: str = ""
    tool_calls: list[ToolCall] = Field(default_factory=list)
    usage: Usage = Field(default_factory=Usage)
    finish_reason: str | None = None


ErrorKind = Literal[
    "auth", "quota", "rate_limit", "server", "timeout", "connection", "bad_request", "incomplete"
]
RETRYABLE: frozenset[str] = frozenset(
    {"rate_limit", "server", "timeout", "connection", "incomplete"}
)


class ModelError(Exception):
    """A model call that failed, with a message for people that says what to do."""

    def __init__(
        self,
        kind: ErrorKind,
        message: str,
        *,
        endpoint: str,
        status: int | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.endpoint = endpoint
        self.status = status
        self.retry_after = retry_after

    @property
    def retryable(self) -> bool:
        """Whether trying again later may succeed."""
        return self.kind in RETRYABLE


# --- the wire form of our history -----------------------------------------------------------------


def _wire_arguments(raw: str | None) -> str:
    """Arguments as a JSON string, "{}" when empty or not JSON (strict servers parse them)."""
    if not raw:
        return "{}"
    try:
        json.loads(raw)
    except ValueError:
        return "{}"
    return raw


def render_messages(
    system: dict[str, Any], history: Iterable[dict[str, Any]], profile: ProviderProfile
) -> list[dict[str, Any]]:
    """The wire form of the conversation: one system message first, then the history.

    History messages are our own records: assistant messages keep `reasoning` and `tool_calls`
    as `{id, name, arguments}`; tool messages may carry `name` and an `artifact` for programs.
    Only what the endpoint accepts is sent: tool messages never carry `name` (some endpoints
    reject it), ids go back exactly as the provider made them.
    """
    wire: list[dict[str, Any]] = [system]
    for message in history:
        role = message["role"]
        if role == "assistant":
            content = message.get("content") or ""
            reasoning = message.get("reasoning") or ""
            if profile.reasoning_in_content and profile.echo_reasoning and reasoning:
                content = f"<think>\n{reasoning}\n</think>\n\n{content}"
            out: dict[str, Any] = {"role": "assistant", "content": content or None}
            calls = message.get("tool_calls") or []
            if calls:
                out["tool_calls"] = [
                    {
                        "id": call["id"],
                        "type": "function",
                        "function": {
                            "name": call["name"],
                            "arguments": _wire_arguments(call["arguments"]),
                        },
                    }
                    for call in calls
                ]
                if profile.echo_reasoning and profile.reasoning_field:
                    out[profile.reasoning_field] = reasoning
            if out["content"] is None and profile.empty_assistant_content == "empty":
                out["content"] = ""
            wire.append(out)
        elif role == "tool":
            wire.append(
                {
                    "role": "tool",
                    "tool_call_id": message["tool_call_id"],
                    "content": message["content"],
                }
            )
        else:
            wire.append({"role": role, "content": message["content"]})
    return wire


# --- reading replies ------------------------------------------------------------------------------


class _ToolCallMerger:
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


class _ThinkSplitter:
    """Splits `<think>...</think>` out of streamed content, tags possibly cut across chunks."""

    OPEN, CLOSE = "<think>", "</think>"

    def __init__(self) -> None:
        self._buffer = ""
        self._thinking = False

    def feed(self, text: str) -> list[tuple[DeltaKind, str]]:
        self._buffer += text
        out: list[tuple[DeltaKind, str]] = []
        while self._buffer:
            tag = self.CLOSE if self._thinking else self.OPEN
            at = self._buffer.find(tag)
            if at < 0:
                keep = next(
                    (n for n in range(len(tag) - 1, 0, -1) if self._buffer.endswith(tag[:n])), 0
                )
                self._emit(out, self._buffer[: len(self._buffer) - keep])
                self._buffer = self._buffer[len(self._buffer) - keep :]
                break
            self._emit(out, self._buffer[:at])
            self._buffer = self._buffer[at + len(tag) :]
            self._thinking = not self._thinking
        return out

    def flush(self) -> list[tuple[DeltaKind, str]]:
        out: list[tuple[DeltaKind, str]] = []
        self._emit(out, self._buffer)
        self._buffer = ""
        return out

    def _emit(self, out: list[tuple[DeltaKind, str]], text: str) -> None:
        if text:
            out.append(("reasoning" if self._thinking else "text", text))


class _Reader:
    """Accumulates one reply from chunks (or from one whole message)."""

    def __init__(self, profile: ProviderProfile, on_delta: OnDelta | None) -> None:
        self.profile = profile
        self.on_delta = on_delta
        self.content: list[str] = []
        self.reasoning: list[str] = []
        self.merger = _ToolCallMerger()
        self.usage: Usage | None = None
        self.finish_reason: str | None = None
        self._splitter = _ThinkSplitter() if profile.reasoning_in_content else None

    def read_usage(self, raw: dict[str, Any] | None) -> None:
        self.usage = read_usage(raw, self.profile) or self.usage

    def add(self, kind: DeltaKind, text: str | None) -> None:
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


# --- errors ---------------------------------------------------------------------------------------

_QWEN_STYLE = re.compile(r"^<(\d{3})>\s*([\w.\-]+)")


def error_details(body: Any, fallback: str) -> tuple[str, set[str]]:
    """The human message and the codes of an error body, whatever its envelope.

    Handles `{"error": {"message", "code", "type"}}`, `{"code": 20015, "message": ...}`, string
    codes ("1302") and messages that start with `<400> Code.Sub: ...`.
    """
    if isinstance(body, dict) and isinstance(body.get("error"), dict):
        body = body["error"]
    message, codes = fallback, set()
    if isinstance(body, dict):
        message = str(body.get("message") or body.get("msg") or fallback)
        codes = {str(body[k]) for k in ("code", "type", "status") if body.get(k) not in (None, "")}
    elif isinstance(body, str) and body:
        message = body
    if match := _QWEN_STYLE.match(message):
        codes.add(match.group(2))
    return message, codes


def _matches(codes: set[str], listed: tuple[str, ...]) -> bool:
    return any(code == item or code.startswith(item + ".") for code in codes for item in listed)


def _retry_after(headers: Any) -> float | None:
    """Seconds to wait from Retry-After / retry-after-ms (numbers only; dates are rare here)."""
    if headers is None:
        return None
    for header, divisor in (("retry-after-ms", 1000.0), ("retry-after", 1.0)):
        value = headers.get(header)
        if value is not None:
            try:
                return max(float(value) / divisor, 0.0)
            except ValueError:
                continue
    return None


# --- the client -----------------------------------------------------------------------------------


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
        """The keyword arguments of `chat.completions.create` for this endpoint.

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
        if extra:
            request["extra_body"] = extra
        return request

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
        cost = cost_of(usage, self.endpoint)
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
            response = self._client.chat.completions.create(**request)
        except openai.APIError as exc:
            raise self._error(exc) from exc
        reader = _Reader(self.endpoint.profile, on_delta)
        if not request["stream"]:
            raw = response.to_dict()
            choice = (raw.get("choices") or [{}])[0]
            reader.read_usage(raw.get("usage"))
            reader.read_usage(choice.get("usage"))
            reader.add_message(choice.get("message") or {}, whole=True)
            reader.finish_reason = choice.get("finish_reason")
            return reader.turn(), reader.usage is not None
        # An overall deadline: keep-alive comments must not keep a call open forever.
        expired = threading.Event()

        def expire() -> None:
            expired.set()
            response.close()

        timer = threading.Timer(max(deadline - time.monotonic(), 0.0), expire)
        timer.daemon = True
        timer.start()
        try:
            self._read_stream(response, reader)
        except Exception as exc:
            if expired.is_set() or isinstance(exc, openai.APITimeoutError):
                raise self._timeout() from exc
            if isinstance(exc, openai.APIConnectionError | httpx2.HTTPError):
                raise self._dropped() from exc  # the reply had started: it was cut, not unreachable
            if isinstance(exc, openai.APIError):
                raise self._error(exc) from exc
            raise
        finally:
            timer.cancel()
            response.close()
        return reader.turn(), reader.usage is not None

    def _read_stream(self, stream: Any, reader: _Reader) -> None:
        for chunk in stream:
            raw = chunk.to_dict()
            reader.read_usage(raw.get("usage"))
            for choice in raw.get("choices") or []:
                reader.read_usage(choice.get("usage"))
                reader.add_message(choice.get("delta") or {})
                reader.finish_reason = choice.get("finish_reason") or reader.finish_reason
        if reader.finish_reason is None:
            raise self._dropped()

    def _estimate(self, request: dict[str, Any], turn: ModelTurn) -> Usage:
        return Usage(
            prompt_tokens=estimate_prompt_tokens(request["messages"], request.get("tools") or []),
            completion_tokens=estimate_completion_tokens(
                turn.content, turn.reasoning, [(c.name, c.arguments) for c in turn.tool_calls]
            ),
            estimated=True,
        )

    # --- errors for people ---------------------------------------------------------------------

    def _timeout(self) -> ModelError:
        return ModelError(
            "timeout",
            f"{self.endpoint.name} did not finish its reply within "
            f"{self.endpoint.timeout_seconds:g} s. Try again, or raise `timeout` in "
            "shopagent.toml.",
            endpoint=self.endpoint.name,
        )

    def _dropped(self) -> ModelError:
        return ModelError(
            "incomplete",
            f"The reply from {self.endpoint.name} was cut off before it finished; nothing was run. "
            "Try again.",
            endpoint=self.endpoint.name,
        )

    def _error(self, exc: openai.APIError) -> ModelError:
        name, profile = self.endpoint.name, self.endpoint.profile
        if isinstance(exc, openai.APITimeoutError):
            return self._timeout()
        if isinstance(exc, openai.APIConnectionError):
            return ModelError(
                "connection",
                f"Could not reach {name} at {self.endpoint.base_url}. Check the URL and your "
                "network (is the server running?), then try again.",
                endpoint=name,
            )
        status = getattr(exc, "status_code", None)
        response = getattr(exc, "response", None)
        detail, codes = error_details(exc.body, getattr(exc, "message", str(exc)))
        retry_after = _retry_after(response.headers if response is not None else None)

        def error(kind: ErrorKind, message: str) -> ModelError:
            return ModelError(kind, message, endpoint=name, status=status, retry_after=retry_after)

        if _matches(codes, profile.quota_error_codes) or status == 402:
            return error(
                "quota",
                f"{name} says the account has no quota or balance left "
                f"({detail}). Top up, or switch model.",
            )
        if status is not None and (status >= 500 or status == 408):
            return error("server", f"{name} had a server error ({detail}). Try again shortly.")
        # Codes decide where the status cannot: inside a stream (no status), or a 400 that is
        # really a rate limit.
        if status == 429 or _matches(codes, profile.retryable_error_codes):
            if "overload" in detail.lower():
                return error("server", f"{name} is overloaded ({detail}). Try again shortly.")
            return error(
                "rate_limit", f"{name} is rate limiting us ({detail}). Wait a moment and try again."
            )
        if status in (401, 403):
            return error(
                "auth",
                f"{name} refused the API key ({detail}). Check the key in your "
                "environment or .env file.",
            )
        if status == 404:
            return error(
                "bad_request",
                f"{name} does not know model {self.endpoint.model!r} or "
                f"its URL ({detail}). Check `model` and `base_url` in "
                "shopagent.toml.",
            )
        hint = f" {profile.setup_hint}" if profile.setup_hint and "tool" in detail.lower() else ""
        return error("bad_request", f"{name} rejected the request: {detail}.{hint}")


# --- checking an endpoint -------------------------------------------------------------------------

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
    history: list[dict[str, Any]] = [{"role": "user", "content": "What is 2 + 3? Use the tool."}]
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
            {
                "role": "assistant",
                "content": first.content,
                "reasoning": first.reasoning,
                "tool_calls": [c.model_dump() for c in first.tool_calls],
            }
        )
        history += [
            {"role": "tool", "tool_call_id": c.id, "content": "5"} for c in first.tool_calls
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
