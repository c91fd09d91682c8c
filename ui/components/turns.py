"""A thread's message records, grouped into turns the chat shows (no Streamlit here)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from agent import AssistantMessage, Message, ToolCallRecord, ToolResult, Usage, UserMessage
from agent.state import product_ids
from agent.waiting import is_still_waiting
from tools import REGISTRY

# Tools whose results name products to show as cards under the reply.
PRODUCT_TOOLS = {"search_products", "get_product_details", "compare_products"}
# Tools that change the cart, so the cart panel should refresh when they return.
CART_TOOLS = {"add_to_cart", "update_cart_item", "remove_from_cart", "checkout"}
# Tools the human confirms on a card; their answer is shown as the outcome.
CONFIRMED_TOOLS = {tool.name for tool in REGISTRY if tool.needs_confirmation}


@dataclass
class Turn:
    """A customer message and everything the assistant did about it."""

    index: int
    user: str | None
    texts: list[str] = field(default_factory=list)
    reasoning: list[str] = field(default_factory=list)
    steps: list[ToolCallRecord] = field(default_factory=list)
    payment: ToolCallRecord | None = None
    """The answered pay_order or refund_order call: done, or not and why."""
    outcome_texts: list[str] = field(default_factory=list)
    """What the assistant said after the payment's outcome (shown as that outcome)."""
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
                ids.extend(product_ids(step.data))
        return list(dict.fromkeys(ids))


def split_turns(messages: list[Message]) -> list[Turn]:
    """Group records into turns; a turn starts at each user message."""
    turns: list[Turn] = []
    for message in messages:
        if isinstance(message, UserMessage) or not turns:
            user = message.content if isinstance(message, UserMessage) else None
            turns.append(Turn(index=len(turns), user=user))
            if isinstance(message, UserMessage):
                continue
        turn = turns[-1]
        if isinstance(message, AssistantMessage):
            if message.content:
                (turn.outcome_texts if turn.payment else turn.texts).append(message.content)
            if message.reasoning:
                turn.reasoning.append(message.reasoning)
            turn.steps += [ToolCallRecord.of(call) for call in message.tool_calls]
            if message.usage:
                model = message.model or ""
                turn.usage_by_model[model] = turn.usage_by_model.get(model, Usage()) + message.usage
        elif isinstance(message, ToolResult):
            _answer(turn, message)
    return turns


def _answer(turn: Turn, message: ToolResult) -> None:
    for position, step in enumerate(turn.steps):
        if step.id == message.tool_call_id:
            turn.steps[position] = answered = ToolCallRecord.of(step, message)
            if answered.name in CONFIRMED_TOOLS and not is_still_waiting(answered.data):
                turn.payment = answered
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
