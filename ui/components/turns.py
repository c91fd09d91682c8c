"""A thread's message records, grouped into turns the chat shows (no Streamlit here)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from agent import Usage

# Tools whose results name products to show as cards under the reply.
PRODUCT_TOOLS = {"search_products", "get_product_details", "compare_products"}
# Tools that change the cart, so the cart panel should refresh when they return.
CART_TOOLS = {"add_to_cart", "update_cart_item", "remove_from_cart", "checkout"}


@dataclass(frozen=True)
class ToolStep:
    """One tool call of a turn and what it returned (None while unanswered)."""

    id: str
    name: str
    arguments: str
    ok: bool | None = None
    result: str | None = None
    artifact: Any = None


@dataclass
class Turn:
    """A customer message and everything the assistant did about it."""

    index: int
    user: str | None
    texts: list[str] = field(default_factory=list)
    reasoning: list[str] = field(default_factory=list)
    steps: list[ToolStep] = field(default_factory=list)
    usage_by_model: dict[str, Usage] = field(default_factory=dict)

    @property
    def usage(self) -> Usage:
        """Tokens of every model call in the turn."""
        return sum(self.usage_by_model.values(), Usage())

    @property
    def product_ids(self) -> list[int]:
        """Products the turn's searches, details and comparisons found, in order, once each."""
        ids: list[int] = []
        for step in self.steps:
            if step.name in PRODUCT_TOOLS and step.ok:
                ids.extend(_product_ids(step.artifact))
        return list(dict.fromkeys(ids))


def _product_ids(artifact: Any) -> list[int]:
    items = artifact if isinstance(artifact, list) else [artifact]
    return [
        item["id"] for item in items if isinstance(item, dict) and isinstance(item.get("id"), int)
    ]


def split_turns(messages: list[dict[str, Any]]) -> list[Turn]:
    """Group records into turns; a turn starts at each user message."""
    turns: list[Turn] = []
    for message in messages:
        role = message.get("role")
        if role == "user" or not turns:
            user = message.get("content") if role == "user" else None
            turns.append(Turn(index=len(turns), user=user))
            if role == "user":
                continue
        turn = turns[-1]
        if role == "assistant":
            if message.get("content"):
                turn.texts.append(message["content"])
            if message.get("reasoning"):
                turn.reasoning.append(message["reasoning"])
            for call in message.get("tool_calls") or []:
                turn.steps.append(ToolStep(call["id"], call["name"], call.get("arguments") or "{}"))
            if message.get("usage"):
                model = str(message.get("model") or "")
                usage = Usage.model_validate(message["usage"])
                turn.usage_by_model[model] = turn.usage_by_model.get(model, Usage()) + usage
        elif role == "tool":
            _answer(turn, message)
    return turns


def _answer(turn: Turn, message: dict[str, Any]) -> None:
    for position, step in enumerate(turn.steps):
        if step.id == message.get("tool_call_id"):
            turn.steps[position] = ToolStep(
                step.id,
                step.name,
                step.arguments,
                message.get("ok"),
                message.get("content"),
                message.get("artifact"),
            )
            return


def conversation_usage(turns: list[Turn]) -> dict[str, Usage]:
    """Tokens of the whole conversation, by model endpoint name."""
    total: dict[str, Usage] = {}
    for turn in turns:
        for model, usage in turn.usage_by_model.items():
            total[model] = total.get(model, Usage()) + usage
    return total


def pretty_json(text: str | None) -> str:
    """Indented JSON for people (the text as it is when it is not JSON)."""
    if not text:
        return ""
    try:
        return json.dumps(json.loads(text), ensure_ascii=False, indent=2)
    except json.JSONDecodeError:
        return text
