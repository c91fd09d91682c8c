"""Promotion tools: what runs now, the customer's red packets, a coupon on the cart.

The model can only name a code; every amount comes from the store.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, Field

import store
from store import CartView, PromotionView, RedPacketView
from tools import results
from tools.registry import ToolContext, tool

Code = Annotated[str, Field(min_length=1, max_length=50, pattern=r"^[A-Za-z0-9_-]+$")]


class Promotions(BaseModel):
    """What may save the customer money now."""

    promotions: list[PromotionView]
    red_packets: list[RedPacketView]


def _present_cart(view: CartView, ctx: ToolContext) -> dict[str, Any]:
    return {"cart": results.cart(view, ctx.language)}


@tool(
    read_only=True,
    present=lambda found, ctx: results.promotions(
        found.promotions, found.red_packets, ctx.language
    ),
    brief="Running promotions and coupon codes: does the cart meet each?",
)
def list_promotions(ctx: ToolContext) -> Promotions:
    """List running promotions and coupon codes (does the cart meet each?) and red packets."""
    with ctx.reading() as session:
        return Promotions(
            promotions=store.list_promotions(session, customer_id=ctx.customer_id),
            red_packets=store.list_red_packets(session, customer_id=ctx.customer_id),
        )


@tool(present=_present_cart, brief="Apply a coupon code (replaces any other).")
def apply_coupon(ctx: ToolContext, code: Code) -> CartView:
    """Apply a coupon code to the cart (replaces any other).

    Args:
        code: The code the customer gave, e.g. "WELCOME10".
    """
    with ctx.session() as session:
        return store.apply_coupon(session, customer_id=ctx.customer_id, code=code)


@tool(present=_present_cart, brief="Remove the coupon.")
def remove_coupon(ctx: ToolContext) -> CartView:
    """Take the coupon off the cart."""
    with ctx.session() as session:
        return store.remove_coupon(session, customer_id=ctx.customer_id)
