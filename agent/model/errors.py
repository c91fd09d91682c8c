"""Model failures, classified: what went wrong, whether to retry, what people should do."""

from __future__ import annotations

import re
from typing import Any, Literal

import openai

from agent.model.types import ModelEndpoint

ErrorKind = Literal[
    "auth",
    "quota",
    "rate_limit",
    "server",
    "timeout",
    "connection",
    "bad_request",
    "incomplete",
    "length",
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


def timed_out(endpoint: ModelEndpoint) -> ModelError:
    """The call ran past the endpoint's deadline."""
    return ModelError(
        "timeout",
        f"{endpoint.name} did not finish its reply within "
        f"{endpoint.timeout_seconds:g} s. Try again, or raise `timeout` in "
        "shopagent.toml.",
        endpoint=endpoint.name,
    )


def dropped(endpoint: ModelEndpoint) -> ModelError:
    """The reply stopped before it finished (a cut stream, or no finish reason)."""
    return ModelError(
        "incomplete",
        f"The reply from {endpoint.name} was cut off before it finished; nothing was run. "
        "Try again.",
        endpoint=endpoint.name,
    )


def not_a_completion(endpoint: ModelEndpoint) -> ModelError:
    """The server answered, but not with a chat completion (a JSON object)."""
    return ModelError(
        "server",
        f"{endpoint.name} answered with something that is not a chat completion; nothing was "
        "run. Check that its base_url is an OpenAI-compatible /v1 endpoint.",
        endpoint=endpoint.name,
    )


def cut_at_length(endpoint: ModelEndpoint) -> ModelError:
    """The reply hit its token limit with a tool call in it: the call may be cut, so none runs."""
    return ModelError(
        "length",
        f"The reply from {endpoint.name} reached its length limit (max_tokens) while calling a "
        "tool, so nothing was run. Try again, or give the endpoint a larger max_tokens.",
        endpoint=endpoint.name,
    )


def classify(exc: openai.APIError, endpoint: ModelEndpoint) -> ModelError:
    """The SDK's error as a `ModelError`: its kind, and a message that says what to do."""
    name, profile = endpoint.name, endpoint.profile
    if isinstance(exc, openai.APITimeoutError):
        return timed_out(endpoint)
    if isinstance(exc, openai.APIConnectionError):
        return ModelError(
            "connection",
            f"Could not reach {name} at {endpoint.base_url}. Check the URL and your "
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
            f"{name} does not know model {endpoint.model!r} or "
            f"its URL ({detail}). Check `model` and `base_url` in "
            "shopagent.toml.",
        )
    hint = f" {profile.setup_hint}" if profile.setup_hint and "tool" in detail.lower() else ""
    return error("bad_request", f"{name} rejected the request: {detail}.{hint}")
