"""Order tools: checkout, status, history, cancel and refund."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, Field

import store
from store import OrderView, RefundSummary
from tools import results
from tools.args import Id
from tools.registry import ToolContext, tool


def _present_order(view: OrderView, ctx: ToolContext) -> dict[str, Any]:
    return {"order": results.order(view, ctx.language)}


def _present_new_order(view: OrderView, ctx: ToolContext) -> dict[str, Any]:
    earlier = "The cart was empty: no new order was made; this earlier order still awaits payment."
    return {
        **_present_order(view, ctx),
        **({"note": earlier} if view.resumed else {}),
        # The system prompt says which method to pass: the labels are all pay_order takes.
        "next": "Call pay_order with this order_id; the customer confirms in the app.",
        "payment_methods": [m.label for m in _saved_methods(ctx)],
    }


def _saved_methods(ctx: ToolContext) -> list[store.PaymentMethodView]:
    with ctx.reading() as session:
        return store.list_payment_methods(session, customer_id=ctx.customer_id)


@tool(
    present=_present_new_order,
    brief="Turn the cart into an unpaid order (empty cart: the order awaiting payment, if any).",
    params={"accept_price_changes": "only once the customer agreed to new prices"},
)
def checkout(
    ctx: ToolContext,
    address_id: Id | None = None,
    payment_method_id: Id | None = None,
    accept_price_changes: bool = False,
) -> OrderView:
    """Turn the cart into an order awaiting payment (no money moves yet).

    With an empty cart it gives the order that already awaits payment, if any, to pay that.

    Args:
        address_id: Shipping address id; default: the customer's default address.
        payment_method_id: Payment method id; default: the customer's default method.
        accept_price_changes: Set only after the customer agreed to new prices.
    """
    with ctx.session() as session:
        return store.checkout(
            session,
            customer_id=ctx.customer_id,
            address_id=address_id,
            payment_method_id=payment_method_id,
            accept_price_changes=accept_price_changes,
        )


@tool(read_only=True, present=_present_order, brief="An order's status and details.")
def get_order_status(ctx: ToolContext, order_id: Id) -> OrderView:
    """Show an order's status, lines, total and payment.

    Args:
        order_id: The order id.
    """
    with ctx.reading() as session:
        return store.get_order(session, customer_id=ctx.customer_id, order_id=order_id)


@tool(
    read_only=True,
    present=lambda orders, ctx: {"orders": [results.order(o, ctx.language) for o in orders]},
    brief="Recent orders, newest first.",
)
def list_orders(ctx: ToolContext, limit: Annotated[int, Field(ge=1, le=20)] = 5) -> list[OrderView]:
    """List the customer's recent orders, newest first.

    Args:
        limit: How many orders.
    """
    with ctx.reading() as session:
        return store.list_orders(session, customer_id=ctx.customer_id, limit=limit)


@tool(present=_present_order, brief="Cancel an unpaid order.")
def cancel_order(ctx: ToolContext, order_id: Id) -> OrderView:
    """Cancel an order that has not been paid yet.

    Args:
        order_id: The order id.
    """
    with ctx.session() as session:
        return store.cancel_order(session, customer_id=ctx.customer_id, order_id=order_id)


class RefundRequest(BaseModel):
    """A refund waiting for the human: what they confirm, and the token that proves it."""

    summary: RefundSummary
    confirmation_token: str


@tool(
    needs_confirmation=True,
    present=lambda req, ctx: {
        "awaiting_confirmation": results.refund_summary(req.summary, ctx.language)
    },
    brief="Refund a paid order in full (the customer confirms).",
)
def refund_order(ctx: ToolContext, order_id: Id) -> RefundRequest:
    """Refund a paid order in full. The customer is shown the refund and must confirm first.

    Args:
        order_id: The order id.
    """
    with ctx.reading() as session:
        summary = store.refund_summary(session, customer_id=ctx.customer_id, order_id=order_id)
    return RefundRequest(
        summary=summary, confirmation_token=store.issue_confirmation_token(summary)
    )


def refund(ctx: ToolContext, request: RefundRequest) -> OrderView:
    """Refund after the human confirmed `request` (the store re-checks its token)."""
    with ctx.session() as session:
        return store.refund_order(
            session,
            customer_id=ctx.customer_id,
            order_id=request.summary.order_id,
            confirmation_token=request.confirmation_token,
        )


def present_refund(view: OrderView, ctx: ToolContext) -> dict[str, Any]:
    """The model-facing form of a refunded order."""
    return _present_order(view, ctx)


def not_refunded(order_id: int | None, message: str) -> dict[str, Any]:
    """The model-facing form of a refund that did not happen, and why."""
    return {"refund": {"order_id": order_id, "status": "not_refunded", "message": message}}
