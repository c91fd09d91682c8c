"""The live cart beside the chat: lines, editable quantities, store totals, warnings, checkout."""

from __future__ import annotations

import streamlit as st

import store
from store import CartLineView, CartView, format_money
from ui.components.actions import run_tool
from ui.components.promotions import render_coupon_entry, render_savings
from ui.components.state import Run, current_customer, queue, runtime, t
from ui.components.text import line_title, options_text

MAX_QUANTITY = 99  # what update_cart_item accepts


def read_cart() -> CartView:
    """The signed-in customer's cart, priced by the store now."""
    customer = current_customer()
    with store.session_scope(runtime().engine) as session:
        return store.view_cart(session, customer_id=customer.id)


def render_cart(*, interactive: bool = True) -> None:
    """The cart panel; `interactive=False` draws it without widgets (live updates mid-turn)."""
    cart = read_cart()
    if not cart.lines:
        st.caption(t("cart_empty"))
        return
    # The total and Checkout first: they stay in view however many lines follow.
    st.caption(f"{t('subtotal')} · {t('items', count=cart.item_count)}")
    with st.container(horizontal=True, vertical_alignment="center", gap="small"):
        st.markdown(f"### {format_money(cart.subtotal, cart.currency)}", width="stretch")
        if interactive:
            st.button(
                t("checkout"),
                key="checkout",
                type="primary",
                icon=":material/shopping_cart_checkout:",
                on_click=queue,
                args=(Run("send", t("checkout_prompt")),),
            )
    render_savings(cart)
    if interactive:
        render_coupon_entry(cart)
    for warning in cart_warnings(cart):
        st.warning(warning, icon=":material/price_change:")
    for line in cart.lines:
        _line(line, interactive=interactive)


def cart_warnings(cart: CartView) -> list[str]:
    """What the store warns of, in the tab's language: its own `warnings` are English."""
    warnings = []
    for line in cart.lines:
        title = line_title(line.title, line.title_zh)
        if line.price_was is not None:
            now, was = (format_money(p, line.currency) for p in (line.unit_price, line.price_was))
            warnings.append(t("warning_price", title=title, now=now, was=was))
        if line.quantity > line.stock:
            warnings.append(
                t("warning_short", title=title, count=line.stock, quantity=line.quantity)
                if line.stock
                else t("warning_sold_out", title=title)
            )
    return warnings


def _line(line: CartLineView, *, interactive: bool) -> None:
    with st.container(border=True):
        options = options_text(line.options)
        unit = format_money(line.unit_price, line.currency)
        st.markdown(
            f"**{line_title(line.title, line.title_zh)}**  \n"
            + (f"{options} · " if options else "")
            + unit
        )
        if line.price_was is not None:
            was = format_money(line.price_was, line.currency)
            st.caption(f":orange[:material/price_change: {t('price_was', was=was, now=unit)}]")
        with st.container(horizontal=True, vertical_alignment="center", gap="small"):
            if interactive:
                # The stored quantity is part of the key: a change made in the chat shows here.
                quantity_key = f"qty-{line.line_id}-{line.quantity}"
                st.number_input(
                    t("quantity"),
                    min_value=1,
                    max_value=MAX_QUANTITY,
                    value=line.quantity,
                    step=1,
                    key=quantity_key,
                    width=112,
                    label_visibility="collapsed",
                    on_change=_set_quantity,
                    args=(line.line_id, quantity_key),
                )
                st.button(
                    t("remove"),
                    key=f"remove-{line.line_id}",
                    type="tertiary",
                    icon=":material/delete:",
                    on_click=_remove,
                    args=(line.line_id,),
                )
            else:
                st.markdown(f"× {line.quantity}")
            st.markdown(
                f"**{format_money(line.line_total, line.currency)}**",
                text_alignment="right",
                width="stretch",
            )


def _set_quantity(line_id: int, quantity_key: str) -> None:
    quantity = int(st.session_state[quantity_key])
    run_tool(
        "update_cart_item", {"line_id": line_id, "quantity": quantity}, success=t("cart_updated")
    )


def _remove(line_id: int) -> None:
    run_tool("remove_from_cart", {"line_id": line_id}, success=t("cart_updated"))
