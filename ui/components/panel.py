"""The column beside the chat: the live cart, the orders and what the assistant remembers."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from ui.components.cart import render_cart
from ui.components.orders import render_orders
from ui.components.preferences import render_preferences
from ui.components.state import t


def render_panel() -> Callable[[], None]:
    """Draw the panel; return a function that redraws the cart while a turn is running."""
    cart_tab, orders_tab, memory_tab = st.tabs(
        [
            f":material/shopping_cart: {t('cart')}",
            f":material/receipt_long: {t('orders')}",
            f":material/psychology: {t('preferences')}",
        ]
    )
    with cart_tab:
        cart_slot = st.empty()
        with cart_slot.container():
            render_cart()
    with orders_tab:
        render_orders()
    with memory_tab:
        render_preferences()

    def refresh_cart() -> None:
        # Without widgets: their keys are already taken in this run; the rerun after the
        # turn draws the full panel again.
        with cart_slot.container():
            render_cart(interactive=False)

    return refresh_cart
