"""Calling a chat-completions model through the official `openai` SDK, whatever the provider.

`ModelClient.complete` renders the conversation for the endpoint's profile, streams the reply,
forwards text as it arrives, merges tool-call deltas by index, keeps reasoning apart from the
answer and returns one `ModelTurn`. Failures become a `ModelError` that says what to do.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterable
from typing import Any, Literal

import openai
from pydantic import BaseModel, ConfigDict, Field

from agent.providers import ProviderProfile

DeltaKind = Literal["text", "reasoning"]
OnDelta = Callable[[DeltaKind, str], None]


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
    timeout_seconds: float = Field(default=120.0, description="Overall deadline of one call.")
    max_retries: int = 2
    max_output_tokens: int | None = 1024


class ToolCall(BaseModel):
    """A complete tool call requested by the model."""

    id: str
    name: str
    arguments: str = "{}"


class Usage(BaseModel):
    """Token counts of one or more model calls, as the provider reported them."""

    prompt_tokens: int = 0
    cached_tokens: int = 0
    completion_tokens: int = 0
    estimated: bool = Field(default=False, description="Counted locally: the provider sent none.")

    def __add__(self, other: Usage) -> Usage:
        return Usage(
            prompt_tokens=self.prompt_tokens + other.prompt_tokens,
            cached_tokens=self.cached_tokens + other.cached_tokens,
            completion_tokens=self.completion_tokens + other.completion_tokens,
            estimated=self.estimated or other.estimated,
        )


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


class ModelError(Exception):
    """A model call that failed, with a message for people that says what to do."""

    def __init__(self, kind: ErrorKind, message: str, *, endpoint: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.endpoint = endpoint

    @property
    def retryable(self) -> bool:
        """Whether trying again later may succeed."""
        return self.kind in ("rate_limit", "server", "timeout", "connection", "incomplete")


def render_messages(
    system: dict[str, Any], history: Iterable[dict[str, Any]], profile: ProviderProfile
) -> list[dict[str, Any]]:
    """The wire form of the conversation: one system message first, then the history.

    History messages are our own records: assistant messages keep `reasoning` and `tool_calls`
    as `{id, name, arguments}`; tool messages may carry an `artifact` for programs. Only what
    the endpoint accepts is sent.
    """
    wire: list[dict[str, Any]] = [system]
    for message in history:
        role = message["role"]
        if role == "assistant":
            out: dict[str, Any] = {"role": "assistant", "content": message.get("content") or None}
            calls = message.get("tool_calls") or []
            if calls:
                out["tool_calls"] = [
                    {
                        "id": call["id"],
                        "type": "function",
                        "function": {"name": call["name"], "arguments": call["arguments"] or "{}"},
                    }
                    for call in calls
                ]
                if profile.echo_reasoning and profile.reasoning_field:
                    out[profile.reasoning_field] = message.get("reasoning") or ""
            if out["content"] is None and profile.empty_assistant_content == "empty":
                out["content"] = ""
            wire.append(out)
        elif role == "tool":
            wire.append(
                {"role": "tool", "tool_call_id": message["tool_call_id"], "content": message["content"]}
            )
        else:
            wire.append({"role": role, "content": message["content"]})
    return wire


class _ToolCallMerger:
    """Merges streamed tool-call fragments by index (ids can be empty on continuations)."""

    def __init__(self) -> None:
        self._calls: dict[int, dict[str, str]] = {}

    def add(self, fragment: dict[str, Any]) -> None:
        index = fragment.get("index")
        call_id = fragment.get("id") or ""
        if index is None:
            # Some servers send no index: a new id starts a call, no id continues the last one.
            known = [i for i, c in self._calls.items() if call_id and c["id"] == call_id]
            if known:
                index = known[0]
            elif call_id or not self._calls:
                index = len(self._calls)
            else:
                index = max(self._calls)
        call = self._calls.setdefault(index, {"id": "", "name": "", "arguments": ""})
        function = fragment.get("function") or {}
        if call_id and not call["id"]:
            call["id"] = call_id
        if function.get("name") and not call["name"]:
            call["name"] = function["name"]
        call["arguments"] += function.get("arguments") or ""

    def calls(self) -> list[ToolCall]:
        ordered = [self._calls[i] for i in sorted(self._calls)]
        return [
            ToolCall(id=c["id"] or f"call_{n}", name=c["name"], arguments=c["arguments"] or "{}")
            for n, c in enumerate(ordered)
            if c["name"]
        ]


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


class ModelClient:
    """Calls one endpoint. Thread-safe; create once per endpoint and reuse."""

    def __init__(self, endpoint: ModelEndpoint, *, http_client: Any | None = None) -> None:
        self.endpoint = endpoint
        self._client = openai.OpenAI(
            api_key=endpoint.api_key or "not-needed",
            base_url=endpoint.base_url,
            max_retries=endpoint.max_retries,
            timeout=endpoint.timeout_seconds,
            http_client=http_client,
        )

    def build_request(
        self, messages: list[dict[str, Any]], tools: list[dict[str, Any]]
    ) -> dict[str, Any]:
        """The keyword arguments of `chat.completions.create` for this endpoint."""
        profile = self.endpoint.profile
        request: dict[str, Any] = {
            "model": self.endpoint.model,
            "messages": messages,
            "stream": profile.streaming,
        }
        if tools:
            request["tools"] = tools
        if profile.streaming and profile.stream_usage:
            request["stream_options"] = {"include_usage": True}
        if self.endpoint.max_output_tokens:
            request[profile.max_tokens_param] = self.endpoint.max_output_tokens
        if profile.fixed_temperature is not None:
            request["temperature"] = profile.fixed_temperature
        if self.endpoint.extra_body:
            request["extra_body"] = dict(self.endpoint.extra_body)
        return request

    def complete(
        self,
        messages: list[dict[str, Any]],
        tools: list[dict[str, Any]],
        *,
        on_delta: OnDelta | None = None,
    ) -> ModelTurn:
        """Stream one reply.

        Raises:
            ModelError: on any failure; a stream cut before it finished is never returned as a
                (partial) turn.
        """
        request = self.build_request(messages, tools)
        try:
            stream = self._client.chat.completions.create(**request)
        except openai.APIError as exc:
            raise self._error(exc) from exc
        if not request["stream"]:
            return self._read_completion(stream.to_dict(), on_delta)
        # An overall deadline: keep-alive comments must not keep a call open forever.
        timer = threading.Timer(self.endpoint.timeout_seconds, stream.close)
        timer.daemon = True
        timer.start()
        try:
            return self._read_stream(stream, on_delta)
        except openai.APIError as exc:
            raise self._error(exc) from exc
        except Exception as exc:
            if timer.finished.is_set() or not timer.is_alive():
                raise ModelError(
                    "timeout",
                    f"{self.endpoint.name} did not finish its reply within "
                    f"{self.endpoint.timeout_seconds:.0f} s. Try again, or raise the timeout.",
                    endpoint=self.endpoint.name,
                ) from exc
            raise
        finally:
            timer.cancel()
            stream.close()

    def _read_completion(self, raw: dict[str, Any], on_delta: OnDelta | None) -> ModelTurn:
        profile = self.endpoint.profile
        choice = (raw.get("choices") or [{}])[0]
        message = choice.get("message") or {}
        reasoning = (message.get(profile.reasoning_field) if profile.reasoning_field else None) or ""
        content = message.get("content") or ""
        merger = _ToolCallMerger()
        for index, call in enumerate(message.get("tool_calls") or []):
            merger.add({"index": index, **call})
        if on_delta:
            for kind, text in (("reasoning", reasoning), ("text", content)):
                if text:
                    on_delta(kind, text)  # type: ignore[arg-type]
        return ModelTurn(
            content=content,
            reasoning=reasoning,
            tool_calls=merger.calls(),
            usage=read_usage(raw.get("usage"), profile) or Usage(),
            finish_reason=choice.get("finish_reason"),
        )

    def _read_stream(self, stream: Any, on_delta: OnDelta | None) -> ModelTurn:
        profile = self.endpoint.profile
        content: list[str] = []
        reasoning: list[str] = []
        merger = _ToolCallMerger()
        usage: Usage | None = None
        finish_reason: str | None = None
        for chunk in stream:
            raw = chunk.to_dict()
            usage = read_usage(raw.get("usage"), profile) or usage
            for choice in raw.get("choices") or []:
                usage = read_usage(choice.get("usage"), profile) or usage
                delta = choice.get("delta") or {}
                if profile.reasoning_field and (text := delta.get(profile.reasoning_field)):
                    reasoning.append(text)
                    if on_delta:
                        on_delta("reasoning", text)
                if text := delta.get("content"):
                    content.append(text)
                    if on_delta:
                        on_delta("text", text)
                for fragment in delta.get("tool_calls") or []:
                    merger.add(fragment)
                finish_reason = choice.get("finish_reason") or finish_reason
        if finish_reason is None:
            raise ModelError(
                "incomplete",
                f"The reply from {self.endpoint.name} was cut off before it finished; nothing "
                "was run. Try again.",
                endpoint=self.endpoint.name,
            )
        return ModelTurn(
            content="".join(content),
            reasoning="".join(reasoning),
            tool_calls=merger.calls(),
            usage=usage or Usage(),
            finish_reason=finish_reason,
        )

    def _error(self, exc: openai.APIError) -> ModelError:
        name = self.endpoint.name
        detail = getattr(exc, "message", str(exc))
        if isinstance(exc, openai.APITimeoutError):
            return ModelError("timeout", f"{name} timed out. Try again in a moment.", endpoint=name)
        if isinstance(exc, openai.APIConnectionError):
            return ModelError(
                "connection",
                f"Could not reach {name} at {self.endpoint.base_url}. Check the URL and your "
                "network, then try again.",
                endpoint=name,
            )
        if isinstance(exc, openai.AuthenticationError | openai.PermissionDeniedError):
            return ModelError(
                "auth",
                f"{name} refused the API key ({detail}). Check the key in your environment.",
                endpoint=name,
            )
        if isinstance(exc, openai.RateLimitError):
            body = json.dumps(exc.body) if exc.body else detail
            if "insufficient_quota" in body or "quota" in body.lower():
                return ModelError(
                    "quota",
                    f"{name} says the account has no quota left ({detail}). Top up or switch model.",
                    endpoint=name,
                )
            return ModelError(
                "rate_limit", f"{name} is rate limiting us ({detail}). Wait a moment and retry.",
                endpoint=name,
            )
        if isinstance(exc, openai.InternalServerError):
            return ModelError(
                "server", f"{name} had a server error ({detail}). Try again shortly.", endpoint=name
            )
        return ModelError("bad_request", f"{name} rejected the request: {detail}", endpoint=name)
