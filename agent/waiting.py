"""A confirmation that keeps waiting while the customer asks something else.

While a payment card waits, a question ("is shipping included?", 总共多少钱) is answered with the
card still there: `intake` answers the waiting call with `still_waiting` and keeps the request
as `held_payment`; when the reply is over, `show_again` puts the same request (same token,
same idempotency key) back on screen as a fresh call of the same tool, so `confirm` or `code`
waits on it again. Only a message that starts a new purchase sets the request aside
(`set_aside`), and the customer is told so in their language.
"""

from __future__ import annotations

import uuid
from typing import Any, Literal

from langgraph.runtime import Runtime

import store
from agent.confirmation import action_for
from agent.consent import starts_purchase
from agent.context import Context
from agent.nodes import Parts, tool_context, tool_result
from agent.payment import recorded
from agent.state import AgentState, AssistantMessage, Message, ToolCall, ToolResult
from agent.texts import AGENT_TEXTS, translate
from tools import ToolContext, compact_json

KINDS = ("pending_payment", "pending_code")
"""The state keys of what waits for the human: a confirmation, or a card's one-time code."""

STILL = "awaiting_confirmation"
STILL_WAITING = (
    "The customer wrote again before answering; the confirmation is still on their screen and "
    "nothing is charged yet. Answer their message; they confirm or decline on the card. Call "
    "this tool again only if they ask to pay another way."
)


def waiting(state: AgentState) -> tuple[str, dict[str, Any]] | None:
    """What waits for the human now, and under which state key."""
    return next(((kind, state[kind]) for kind in KINDS if state.get(kind)), None)  # type: ignore[literal-required]


def keeps_waiting(state: AgentState, incoming: str | None) -> bool:
    """Whether the customer's new message leaves the waiting request on screen."""
    return bool(incoming) and waiting(state) is not None and not starts_purchase(incoming or "")


def still_waiting(call: ToolCall, pending: dict[str, Any]) -> ToolResult:
    """The waiting call's answer while its confirmation stays on screen."""
    noun = action_for(pending).noun if "request" in pending else "payment"  # a code: a payment
    payload = {
        noun: {"order_id": pending.get("order_id"), "status": STILL, "message": STILL_WAITING}
    }
    return tool_result(call.id, call.name, compact_json(payload), ok=True, data=payload)


def is_still_waiting(data: Any) -> bool:
    """Whether a call's data is `still_waiting`'s: no outcome yet, the card shown again later."""
    parts = data.values() if isinstance(data, dict) else ()
    return any(isinstance(part, dict) and part.get("status") == STILL for part in parts)


def held(kind: str, call: ToolCall, pending: dict[str, Any]) -> dict[str, Any]:
    """What `show_again` needs to put the request back on screen."""
    return {"kind": kind, "name": call.name, "arguments": call.arguments, "pending": pending}


def not_done(answer: ToolResult) -> bool:
    """Whether a closed request's answer says nothing was done ("not_charged")."""
    data = answer.data if isinstance(answer.data, dict) else {}
    return any(
        isinstance(part, dict) and str(part.get("status", "")).startswith("not_")
        for part in data.values()
    )


def set_aside(pending: dict[str, Any], language: str) -> AssistantMessage:
    """The notice that a new request set the waiting payment or refund aside (nothing done)."""
    noun = action_for(pending).noun if "request" in pending else "payment"
    order_id = pending.get("order_id") or ""
    return AssistantMessage(
        content=translate(AGENT_TEXTS, language, f"{noun}_set_aside", order_id=order_id)
    )


def _still_valid(engine: Any, customer_id: int, kind: str, pending: dict[str, Any]) -> bool:
    """Whether the held request can still be answered: not done, and the same as shown."""
    ctx = ToolContext(engine=engine, customer_id=customer_id)
    if kind == "pending_code":
        earlier = recorded(ctx, pending)
        return earlier is not None and earlier.status == store.PaymentStatus.requires_action
    action = action_for(pending)
    if action.already(ctx, pending) is not None:
        return False
    with store.read_scope(engine) as session:
        try:
            now = action.summary_now(session, customer_id, pending)
        except store.StoreError:
            return False  # cancelled, paid or refunded another way, the method removed meanwhile
    return bool(now == pending["request"]["summary"])


def show_again(state: AgentState, runtime: Runtime[Context], parts: Parts) -> dict[str, Any]:
    """Put the held request back on screen, unless the reply's tools changed what it pays."""
    keep = state.get("held_payment")
    assert keep is not None  # routed here only with a held request
    ctx = tool_context(state, runtime, parts)
    if not _still_valid(parts.engine, ctx.customer_id, keep["kind"], keep["pending"]):
        return {"held_payment": None}
    call = ToolCall(
        id=f"held-{uuid.uuid4().hex[:12]}", name=keep["name"], arguments=keep["arguments"]
    )
    # The same request and idempotency key: the card shown before is the one still valid.
    return {
        "messages": [AssistantMessage(tool_calls=[call])],
        keep["kind"]: {**keep["pending"], "call_id": call.id},
        "held_payment": None,
    }


def after_show_again(state: AgentState) -> Literal["confirm", "code", "__end__"]:
    """To the node that waits for the human, if the request went back on screen."""
    if state.get("pending_payment"):
        return "confirm"
    return "code" if state.get("pending_code") else "__end__"


def call_of(messages: list[Message], call_id: str) -> ToolCall | None:
    """The tool call with this id, searched from the newest message back."""
    for message in reversed(messages):
        if isinstance(message, AssistantMessage):
            for call in message.tool_calls:
                if call.id == call_id:
                    return call
    return None
