"""The orders panel: status and receipt of each order; cancel or refund from here as well."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

import streamlit as st

import store
from store import OrderStatus, OrderView, format_address, format_money
from ui.components.actions import run_tool
from ui.components.state import Run, current_agent, current_customer, queue, runtime, t
from ui.components.text import line_title, options_text

SHOWN_ORDERS = 10
BadgeColour = Literal["orange", "green", "gray", "violet"]
STATUS_COLOURS: dict[OrderStatus, BadgeColour] = {
    OrderStatus.awaiting_payment: "orange",
    OrderStatus.paid: "green",
    OrderStatus.cancelled: "gray",
    OrderStatus.refunded: "violet",
}


def render_orders() -> None:
    """The customer's recent orders, newest first."""
    customer = current_customer()
    with store.session_scope(runtime().engine) as session:
        orders = store.list_orders(session, customer_id=customer.id, limit=SHOWN_ORDERS)
    if not orders:
        st.caption(t("no_orders"))
        return
    for order in orders:
        _order(order)


def status_text(status: OrderStatus) -> str:
    """The order status in the interface language."""
    return t(f"status_{status.value}")


def _when(moment: datetime) -> str:
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


def _order(order: OrderView) -> None:
    total = format_money(order.total, order.currency)
    label = f"{t('order', order_id=order.id)} · {status_text(order.status)} · {total}"
    with st.expander(label, expanded=order.status == OrderStatus.awaiting_payment):
        st.badge(status_text(order.status), color=STATUS_COLOURS.get(order.status, "gray"))
        for line in order.lines:
            options = options_text(line.options)
            title = line_title(line.title, line.title_zh) + (f" ({options})" if options else "")
            line_total = format_money(line.line_total, order.currency)
            st.markdown(f"{line.quantity} × {title} — {line_total}")
        st.markdown(
            f"{t('subtotal')}: {format_money(order.subtotal, order.currency)}  \n"
            f"{t('shipping')}: {format_money(order.shipping, order.currency)}  \n"
            f"**{t('total')}: {total}**"
        )
        if order.address:
            st.caption(f"{t('ship_to')}: {format_address(order.address)}")
        if order.payment_method:
            st.caption(f"{t('pay_with')}: {order.payment_method.label}")
        moments = [t("placed", when=_when(order.created_at))]
        if order.paid_at:
            moments.append(t("paid_at", when=_when(order.paid_at)))
        st.caption(" · ".join(moments))
        if order.status == OrderStatus.awaiting_payment:
            with st.container(horizontal=True, gap="small"):
                st.button(
                    t("pay_order", total=total),
                    key=f"pay-order-{order.id}",
                    type="primary",
                    icon=":material/lock:",
                    on_click=_through_chat,
                    args=(order.id, "pay_prompt"),
                )
                st.button(
                    t("cancel_order"),
                    key=f"cancel-order-{order.id}",
                    icon=":material/cancel:",
                    on_click=_change,
                    args=("cancel_order", order.id, OrderStatus.cancelled),
                )
        elif order.status == OrderStatus.paid:
            st.button(
                t("refund_order"),
                key=f"refund-order-{order.id}",
                icon=":material/undo:",
                on_click=_through_chat,
                args=(order.id, "refund_prompt"),
            )


def _through_chat(order_id: int, prompt: str) -> None:
    """Pay or refund through the chat, so it waits on a confirmation card like any other."""
    pending = current_agent().pending
    if pending is not None and pending.order_id == order_id:
        st.session_state.pane = "chat"  # its card is already there
        return
    queue(Run("send", t(prompt, order_id=order_id)))


def _change(tool: str, order_id: int, becomes: OrderStatus) -> None:
    run_tool(
        tool,
        {"order_id": order_id},
        success=t("order_changed", order_id=order_id, status=status_text(becomes)),
    )
