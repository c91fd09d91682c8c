"""A tool call as the demo reads it from the request, and the tool's answer to it."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Call:
    """A tool call, with its arguments parsed."""

    name: str
    arguments: dict[str, Any] = field(default_factory=dict)
    id: str = ""

    @property
    def key(self) -> str:
        """Name and arguments: equal keys mean the same call."""
        return self.name + json.dumps(self.arguments, sort_keys=True, ensure_ascii=False)


@dataclass(frozen=True)
class Result:
    """A tool's answer to a call."""

    call: Call
    data: Any

    @property
    def error(self) -> str | None:
        """The error code when the tool failed."""
        if isinstance(self.data, dict) and "error" in self.data:
            return str(self.data["error"])
        return None

    def get(self, key: str) -> Any:
        """A top-level field of a successful JSON result."""
        return self.data.get(key) if isinstance(self.data, dict) and not self.error else None
