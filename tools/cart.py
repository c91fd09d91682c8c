"""Cart tools. Totals are computed by the store, never by the model."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field

import store
from store import CartView
from tools import results
from tools.args import Id, Options
from tools.registry import ToolContext, tool


def _present_cart(view: CartView, ctx: ToolContext) -> dict[str, Any]:
    return {"cart": results.cart(view, ctx.language)}


@tool(
    present=_present_cart,
    brief="Add a product to the cart.",  # the system prompt says when options are needed
)
def add_to_cart(
    ctx: ToolContext,
    product_id: Id,
    quantity: Annotated[int, Field(ge=1, le=99)] = 1,
    variant_id: Id | None = None,
    options: Options | None = None,
) -> CartView:
    """Add a product to the cart. Products with sizes or colours need a variant_id or options.

    Args:
        product_id: The product id.
        quantity: How many.
        variant_id: The variant id from get_product_details, if known.
        options: The variant's options instead of its id, e.g. {"size": "42", "color": "black"}.
    """
    with ctx.session() as session:
        return store.add_to_cart(
            session,
            customer_id=ctx.customer_id,
            product_id=product_id,
            variant_id=variant_id,
            options=options,
            quantity=quantity,
        )


@tool(present=_present_cart, brief="Set a cart line's quantity (0 removes it).")
def update_cart_item(
    ctx: ToolContext, line_id: Id, quantity: Annotated[int, Field(ge=0, le=99)]
) -> CartView:
    """Change the quantity of a cart line (0 removes it).

    Args:
        line_id: The cart line id from view_cart.
        quantity: The new quantity.
    """
    with ctx.session() as session:
        return store.update_cart_line(
            session, customer_id=ctx.customer_id, line_id=line_id, quantity=quantity
        )


@tool(present=_present_cart, brief="Remove a cart line.")
def remove_from_cart(ctx: ToolContext, line_id: Id) -> CartView:
    """Remove a line from the cart.

    Args:
        line_id: The cart line id from view_cart.
    """
    with ctx.session() as session:
        return store.remove_cart_line(session, customer_id=ctx.customer_id, line_id=line_id)


@tool(read_only=True, present=_present_cart, brief="Show the cart.")
def view_cart(ctx: ToolContext) -> CartView:
    """Show the cart: lines, quantities, subtotal and price-change warnings."""
    with ctx.reading() as session:
        return store.view_cart(session, customer_id=ctx.customer_id)
