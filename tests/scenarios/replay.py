"""Replaying a scripted model through the fake provider: replies with ids read from the request."""

from __future__ import annotations

import re
from typing import Any

from tests.fake_provider import Reply, Scripted, call, say

_IDS = {
    "$first": (r'"catalog_data":\[\{"id":(\d+)', 1),
    "$second": (r'"catalog_data":\[\{"id":\d+[^{}]*\},\{"id":(\d+)', 1),
    "$line": (r'"line_id":(\d+)', -1),
    "$order": (r'"order_id":(\d+)', -1),
}


def _latest(body: dict[str, Any], pattern: str, which: int) -> int:
    """The first (or last) match in the newest tool message that has one."""
    for message in reversed(body["messages"]):
        if message["role"] == "tool":
            found = re.findall(pattern, message.get("content") or "")
            if found:
                return int(found[0 if which == 1 else -1])
    raise AssertionError(f"nothing in the request matches {pattern}")


def _resolve(value: Any, body: dict[str, Any]) -> Any:
    if isinstance(value, dict):
        return {k: _resolve(v, body) for k, v in value.items()}
    if isinstance(value, str) and value in _IDS:
        return _latest(body, *_IDS[value])
    return value


def replies(script: list[dict[str, Any]]) -> list[Reply]:
    """Fake-provider replies for a replay script (`say: TEXT` or `call: [NAME, ARGS]`)."""

    def reply(entry: dict[str, Any]) -> Reply:
        if "say" in entry:
            return say(entry["say"])
        name, arguments = entry["call"]

        def answer(body: dict[str, Any]) -> Scripted:
            return call(name, _resolve(arguments, body))

        return answer

    return [reply(entry) for entry in script]
