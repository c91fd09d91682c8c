"""The payment nodes: a pay_order call waits for the human, and only a confirmation charges.

`tools` stops at a valid pay_order call and leaves a `pending_payment`; `confirm` interrupts
with the payment summary and its token, and charges after the human confirms that exact
summary; `code` interrupts again when the card asks for a one-time code. Every outcome,
declined ones included, is the pay_order call's one tool result.
"""

from __future__ import annotations

import hmac
from typing import Any, Literal

from langgraph.runtime import Runtime
from langgraph.types import interrupt

import store
from agent.context import Context
from agent.nodes import Parts, error_result, tool_context, tool_result
from agent.state import AgentState, ToolCall, ToolResult
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

PAYMENT_ABANDONED = "The customer wrote again instead of confirming; nothing was charged."
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


def _names(answer: Any, field: str, token: str) -> bool:
    """Whether the human's answer names exactly this confirmation (by its token)."""
    given = answer.get(field) if isinstance(answer, dict) else None
    return isinstance(given, str) and hmac.compare_digest(given.encode(), token.encode())


def _refused(pending: dict[str, Any], language: str) -> dict[str, Any]:
    """The same request, still waiting, with why the last answer was refused."""
    return {**pending, "refused": REFUSED.get(language, REFUSED["en"])}


def hold_payment(call: ToolCall, request: PaymentRequest) -> dict[str, Any]:
    """The `pending_payment` of a valid pay_order call, waiting for the human."""
    return {
        "call_id": call.id,
        "order_id": request.summary.order_id,
        "request": request.model_dump(mode="json"),
        "idempotency_key": new_idempotency_key(),
    }


def close_open_payment(ctx: ToolContext, call_id: str, pending: dict[str, Any]) -> ToolResult:
    """Answer a pay_order call the conversation moved on from, with what the store says."""
    result = recorded(ctx, pending)
    if result is not None and result.status != store.PaymentStatus.requires_action:
        return _outcome(call_id, result)
    return not_charged(call_id, pending.get("order_id"), PAYMENT_ABANDONED)


def recorded(ctx: ToolContext, pending: dict[str, Any]) -> store.PaymentResult | None:
    """The store's payment for this pending request, if one was made (say, before a crash)."""
    key = pending.get("idempotency_key")
    if not key:
        return None
    with store.session_scope(ctx.engine) as session:
        return store.payment_for_key(session, customer_id=ctx.customer_id, idempotency_key=key)


def _after_charge(
    call_id: str, order_id: int, key: str, result: store.PaymentResult
) -> dict[str, Any]:
    done: dict[str, Any] = {"pending_payment": None}
    if result.status == store.PaymentStatus.requires_action:
        return {
            **done,
            "pending_code": {
                "call_id": call_id,
                "order_id": order_id,
                "payment_id": result.payment_id,
                "message": result.message,
                "idempotency_key": key,
            },
        }
    return {**done, "messages": [_outcome(call_id, result)]}


def not_charged(call_id: str, order_id: int | None, message: str) -> ToolResult:
    """The pay_order result when nothing was charged, and why."""
    payload = not_charged_payload(order_id, message)
    return tool_result(call_id, "pay_order", compact_json(payload), ok=False, data=payload)


def _outcome(call_id: str, result: store.PaymentResult) -> ToolResult:
    succeeded = result.status == store.PaymentStatus.succeeded
    payload = compact_json(present_payment(result))
    return tool_result(call_id, "pay_order", payload, ok=succeeded, data=result)


def confirm(state: AgentState, runtime: Runtime[Context], parts: Parts) -> dict[str, Any]:
    """Ask the human to confirm the pending payment; charge only the summary they saw."""
    pending = state["pending_payment"]
    assert pending is not None  # routed here only with a pending payment
    ctx = tool_context(state, runtime, parts)
    call_id, order_id, key = pending["call_id"], pending["order_id"], pending["idempotency_key"]
    if (earlier := recorded(ctx, pending)) is not None:
        # Charged before the process stopped: say so, and never ask to confirm it again.
        return _after_charge(call_id, order_id, key, earlier)
    request = PaymentRequest.model_validate(pending["request"])
    decision = interrupt(
        {
            "type": "confirm_payment",
            "summary": pending["request"]["summary"],
            "confirmation_token": request.confirmation_token,
            **({"refused": pending["refused"]} if pending.get("refused") else {}),
        }
    )
    if not _names(decision, "confirmation_token", request.confirmation_token):
        # An answer to another summary (a stale tab, a replayed token): ask again.
        return {"pending_payment": _refused(pending, ctx.language)}
    done: dict[str, Any] = {"pending_payment": None}
    if not decision.get("confirm"):
        reply = not_charged(
            call_id, order_id, "The customer declined the payment; nothing was charged."
        )
        return {**done, "messages": [reply]}
    try:
        result = charge(ctx, request, idempotency_key=key)
    except store.StoreError as exc:
        return {**done, "messages": [error_result(call_id, "pay_order", exc)]}
    return _after_charge(call_id, order_id, key, result)


def after_confirm(state: AgentState) -> Literal["confirm", "code", "tools"]:
    """Ask again after a refused answer; to `code` when the card asks for a code; else on."""
    if state.get("pending_payment"):
        return "confirm"
    return "code" if state.get("pending_code") else "tools"


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
    if not _names(answer, "token", code_token(pending["payment_id"])):
        return {"pending_code": _refused(pending, ctx.language)}
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
