"""Buttons act through the tool functions the model calls, so clicks and chat never disagree."""

from __future__ import annotations

import json
from typing import Any

from agent.texts import store_error
from tools import REGISTRY, ToolOutcome
from ui.components.state import language, notify, tool_context


def run_tool(name: str, arguments: dict[str, Any], *, success: str | None = None) -> ToolOutcome:
    """Run the tool `name` for the signed-in customer; note the outcome for the next run."""
    outcome = REGISTRY.get(name).run(tool_context(), arguments)
    if not outcome.ok:
        notify(error_message(outcome.content), ok=False)
    elif success:
        notify(success)
    return outcome


def error_message(content: str) -> str:
    """The people-readable message of a failed tool's JSON answer, in the tab's language."""
    try:
        data = json.loads(content)
    except json.JSONDecodeError:
        return content
    if not isinstance(data, dict):
        return content
    return store_error(str(data.get("error")), str(data.get("message") or content), language())
