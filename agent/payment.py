"""The payment action: a confirmed pay_order charges, and a card's one-time code completes it.

`agent.confirmation` holds and asks; `PAY` charges the summary the human confirmed, with our
idempotency key; `code` interrupts again when the card asks for a one-time code. Every
outcome, declined ones included, is the pay_order call's one tool result.
"""

from __future__ import annotations

from typing import Any, Literal

from langgraph.runtime import Runtime
from langgraph.types import interrupt
from sqlmodel import Session
from typing_extensions import override

import store
from agent.confirmable import Action, names, refused
from agent.context import Context
from agent.nodes import Parts, error_result, tool_context, tool_result
from agent.state import AgentState, ToolResult
from tools import (
    PaymentRequest,
    ToolContext,
    charge,
    compact_json,
    new_idempotency_key,
    present_payment,
    submit_code,
)
from tools import not_charged as not_charged_payload

REFUSED = {
    "en": (
        "That answer was for another payment, not the one waiting now; nothing was charged. "
        "Check the payment shown and confirm or decline it."
    ),
    "zh": (
        "这个确认针对的是另一笔付款，不是现在等待的这笔；没有扣款。"
        "请核对下面显示的付款后再确认或取消。"
    ),
}


def code_token(payment_id: int | None) -> str:
    """The token of a one-time-code request: the payment it completes."""
    return f"payment-{payment_id}"


def recorded(ctx: ToolContext, pending: dict[str, Any]) -> store.PaymentResult | None:
    """The store's payment for this pending request, if one was made (say, before a crash)."""
    key = pending.get("idempotency_key")
    if not key:
        return None
    with store.read_scope(ctx.engine) as session:
        return store.payment_for_key(session, customer_id=ctx.customer_id, idempotency_key=key)


def not_charged(call_id: str, order_id: int | None, message: str) -> ToolResult:
    """The pay_order result when nothing was charged, and why."""
    payload = not_charged_payload(order_id, message)
    return tool_result(call_id, "pay_order", compact_json(payload), ok=False, data=payload)


class Pay(Action):
    """Confirming a pay_order request charges it (`agent.confirmable.Action`)."""

    tool = "pay_order"
    kind = "confirm_payment"
    noun = "payment"
    declined = "The customer declined the payment; nothing was charged."
    abandoned = "The customer wrote again instead of confirming; nothing was charged."
    refused = REFUSED

    @override
    def new_key(self) -> str:
        return new_idempotency_key()

    @override
    def already(self, ctx: ToolContext, pending: dict[str, Any]) -> dict[str, Any] | None:
        earlier = recorded(ctx, pending)
        return None if earlier is None else _after_charge(pending, earlier)

    @override
    def carry_out(self, ctx: ToolContext, pending: dict[str, Any]) -> dict[str, Any]:
        request = PaymentRequest.model_validate(pending["request"])
        result = charge(ctx, request, idempotency_key=pending["idempotency_key"])
        return _after_charge(pending, result)

    @override
    def not_done(self, call_id: str, order_id: int | None, message: str) -> ToolResult:
        return not_charged(call_id, order_id, message)

    @override
    def summary_now(
        self, session: Session, customer_id: int, pending: dict[str, Any]
    ) -> dict[str, Any]:
        summary = pending["request"]["summary"]
        return store.payment_summary(
            session,
            customer_id=customer_id,
            order_id=pending["order_id"],
            payment_method_id=summary.get("payment_method", {}).get("id"),
        ).model_dump(mode="json")


PAY = Pay()


def _after_charge(pending: dict[str, Any], result: store.PaymentResult) -> dict[str, Any]:
    done: dict[str, Any] = {"pending_payment": None}
    call_id = pending["call_id"]
    if result.status == store.PaymentStatus.requires_action:
        return {
            **done,
            "pending_code": {
                "call_id": call_id,
                "order_id": pending["order_id"],
                "payment_id": result.payment_id,
                "message": result.message,
                "idempotency_key": pending["idempotency_key"],
            },
        }
    return {**done, "messages": [_outcome(call_id, result)]}


def _outcome(call_id: str, result: store.PaymentResult) -> ToolResult:
    succeeded = result.status == store.PaymentStatus.succeeded
    payload = compact_json(present_payment(result))
    return tool_result(call_id, "pay_order", payload, ok=succeeded, data=result)


def code_settled(ctx: ToolContext, pending: dict[str, Any]) -> bool:
    """Whether the payment waiting for its code ended meanwhile (the code went in, say)."""
    earlier = recorded(ctx, pending)
    return earlier is not None and earlier.status != store.PaymentStatus.requires_action


def after_code(state: AgentState) -> Literal["code", "tools"]:
    """Ask again after a refused answer, else back to the remaining calls."""
    return "code" if state.get("pending_code") else "tools"


def code(state: AgentState, runtime: Runtime[Context], parts: Parts) -> dict[str, Any]:
    """Ask the human for the card's one-time code, and submit it."""
    pending = state["pending_code"]
    assert pending is not None  # routed here only with a pending code
    ctx = tool_context(state, runtime, parts)
    earlier = recorded(ctx, pending)
    if earlier is not None and earlier.status != store.PaymentStatus.requires_action:
        # The code went in before the process stopped: say how it ended.
        return {"pending_code": None, "messages": [_outcome(pending["call_id"], earlier)]}
    answer = interrupt(
        {
            "type": "payment_code",
            "order_id": pending["order_id"],
            "payment_id": pending["payment_id"],
            "message": pending["message"],
            **({"refused": pending["refused"]} if pending.get("refused") else {}),
        }
    )
    if not names(answer, "token", code_token(pending["payment_id"])):
        return {"pending_code": refused(pending, REFUSED, ctx.language)}
    call_id = pending["call_id"]
    done: dict[str, Any] = {"pending_code": None}
    entered = answer.get("code") if isinstance(answer, dict) else None
    if not entered:
        reply = not_charged(
            call_id,
            pending["order_id"],
            "The customer did not enter the one-time code; nothing was charged.",
        )
        return {**done, "messages": [reply]}
    try:
        result = submit_code(ctx, pending["payment_id"], str(entered))
    except store.StoreError as exc:
        return {**done, "messages": [error_result(call_id, "pay_order", exc)]}
    return {**done, "messages": [_outcome(call_id, result)]}
