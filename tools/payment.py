"""Payment tools. `pay_order` only prepares: the charge needs a human's confirmation.

The model calls `pay_order`; that returns a `PaymentRequest` (summary plus a confirmation
token bound to it) which the agent shows to the human instead of the model. Only the
human's confirmation leads to `charge`, and the store checks the token again.
"""

from __future__ import annotations

import uuid
from typing import Any

from pydantic import BaseModel

import store
from store import PaymentResult, PaymentSummary
from tools import results
from tools.args import Id, Name
from tools.registry import ToolContext, tool


class PaymentRequest(BaseModel):
    """A payment waiting for the human: what they confirm, and the token that proves it."""

    summary: PaymentSummary
    confirmation_token: str


@tool(
    needs_confirmation=True,
    present=lambda req, ctx: {
        "awaiting_confirmation": results.payment_summary(req.summary, ctx.language)
    },
    brief="Pay an order.",  # the system prompt says who confirms and which method to pass
    params={
        "payment_method": 'a saved label or the customer\'s words (e.g. 微信, "card ending 0002")'
    },
)
def pay_order(ctx: ToolContext, order_id: Id, payment_method: Name | None = None) -> PaymentRequest:
    """Pay an order. The customer is shown the total and must confirm in the app first.

    Args:
        order_id: The order id from checkout.
        payment_method: The saved method the customer asked for: its label from checkout's or
            list_payment_methods' `payment_methods` ("Alipay", "Visa ···4242") or their own
            words ("card ending 0002", 微信, "another card"); default: the order's method.
    """
    with ctx.session() as session:
        method = (
            store.method_asked(
                session, customer_id=ctx.customer_id, order_id=order_id, words=payment_method
            )
            if payment_method
            else None
        )
        summary = store.payment_summary(
            session,
            customer_id=ctx.customer_id,
            order_id=order_id,
            payment_method_id=method.id if method else None,
        )
    return PaymentRequest(
        summary=summary, confirmation_token=store.issue_confirmation_token(summary)
    )


def charge(ctx: ToolContext, request: PaymentRequest, *, idempotency_key: str) -> PaymentResult:
    """Charge after the human confirmed `request` (the store re-checks its token)."""
    with ctx.session() as session:
        return store.pay_order(
            session,
            customer_id=ctx.customer_id,
            order_id=request.summary.order_id,
            payment_method_id=request.summary.payment_method.id,
            confirmation_token=request.confirmation_token,
            idempotency_key=idempotency_key,
        )


def new_idempotency_key() -> str:
    """Our key for one confirmed charge, kept with it: a replayed step never charges twice.

    Never the provider's call id (a provider may reuse ids, or send long ones).
    """
    return f"pay-{uuid.uuid4().hex}"


def not_charged(order_id: int | None, message: str) -> dict[str, Any]:
    """The model-facing form of a payment that charged nothing, and why."""
    return {"payment": {"order_id": order_id, "status": "not_charged", "message": message}}


def submit_code(ctx: ToolContext, payment_id: int, code: str) -> PaymentResult:
    """Complete a payment that asked for a one-time code."""
    with ctx.session() as session:
        return store.submit_payment_code(
            session, customer_id=ctx.customer_id, payment_id=payment_id, code=code
        )


def present_payment(result: PaymentResult) -> dict[str, Any]:
    """The model-facing form of a payment outcome."""
    return {
        "payment": {
            "order_id": result.order_id,
            "status": result.status.value,
            "amount": store.format_money(result.amount, result.currency),
            "order_status": result.order_status.value,
            "message": result.message,
            **({"failure": result.failure_code} if result.failure_code else {}),
        }
    }
