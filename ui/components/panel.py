"""The column beside the chat: the live cart, the orders and what the assistant remembers."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

import store
from store import OrderStatus
from ui.components.cart import read_cart, render_cart
from ui.components.orders import render_orders
from ui.components.preferences import render_preferences
from ui.components.promotions import render_red_packets
from ui.components.state import current_customer, runtime, t


def badge_counts() -> tuple[int, int]:
    """Items in the cart and orders waiting for payment, read from the store now."""
    customer = current_customer()
    with store.session_scope(runtime().engine) as session:
        orders = store.list_orders(session, customer_id=customer.id)
    waiting = sum(order.status == OrderStatus.awaiting_payment for order in orders)
    return read_cart().item_count, waiting


def render_panel(cart_items: int, waiting_orders: int) -> Callable[[], None]:
    """Draw the panel; return a function that redraws the cart while a turn is running."""
    cart_label = f":material/shopping_cart: {t('cart')}"
    orders_label = f":material/receipt_long: {t('orders')}"
    if cart_items:
        cart_label += f" · {cart_items}"
    if waiting_orders:
        orders_label += f" · {t('to_pay', count=waiting_orders)}"
    cart_tab, orders_tab, memory_tab = st.tabs(
        [cart_label, orders_label, f":material/psychology: {t('preferences')}"]
    )
    with cart_tab:
        cart_slot = st.empty()
        with cart_slot.container():
            render_cart()
    with orders_tab:
        render_orders()
    with memory_tab:
        render_red_packets()
        render_preferences()

    def refresh_cart() -> None:
        # Without widgets: their keys are already taken in this run; the rerun after the
        # turn draws the full panel again.
        with cart_slot.container():
            render_cart(interactive=False)

    return refresh_cart
