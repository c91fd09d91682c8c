"""The confirmation card: nothing is charged or refunded before the customer presses Confirm."""

from __future__ import annotations

import streamlit as st

import store
from agent import PendingConfirmation
from store import OrderStatus, OrderView, PaymentSummary, RefundSummary, format_money
from ui.components.orders import status_text as order_status_text
from ui.components.promotions import discount_lines
from ui.components.state import Run, current_customer, notify, queue, runtime, t
from ui.components.text import line_title, options_text


def render_confirmation(pending: PendingConfirmation) -> None:
    """The card the agent waits on: a payment or a refund to confirm, or a one-time-code form.

    A payment shows its lines, total, address and method; a refund its lines, the amount and
    the method it goes back to.

    The store has the last word: an order cancelled (or refunded) meanwhile has nothing left
    to pay (or refund), so the chat says so instead of asking.
    """
    order = _order(pending.order_id)
    refund = isinstance(pending.summary, RefundSummary)
    expected = OrderStatus.paid if refund else OrderStatus.awaiting_payment
    if order is None or order.status != expected:
        status = order_status_text(order.status) if order else t("status_cancelled")
        gone = "refund_gone" if refund else "pending_gone"
        st.info(t(gone, order_id=pending.order_id, status=status), icon=":material/info:")
        return
    with st.container(border=True, key="confirmation-card"):
        if pending.refused:
            st.warning(pending.refused, icon=":material/sync_problem:")
        if pending.kind == "payment_code":
            _code_form(order, pending.token)
        elif isinstance(pending.summary, RefundSummary):
            _refund(pending.summary, pending.token)
        elif pending.summary is not None:
            _summary(pending.summary, pending.token)


def _order(order_id: int) -> OrderView | None:
    customer = current_customer()
    with store.session_scope(runtime().engine) as session:
        try:
            return store.get_order(session, customer_id=customer.id, order_id=order_id)
        except store.NotFound:
            return None


def _lines(summary: PaymentSummary | RefundSummary) -> None:
    for line in summary.lines:
        options = options_text(line.options)
        title = line_title(line.title, line.title_zh)
        item = f"{line.quantity} × **{title}**" + (f"  \n{options}" if options else "")
        with st.container(horizontal=True, gap="small"):
            st.markdown(item, width="stretch")
            st.markdown(format_money(line.line_total, summary.currency), text_alignment="right")
    st.divider()


def _answer_buttons(action: str, confirm_text: str, decline_text: str, token: str) -> None:
    """Confirm and decline, each naming the token of the card shown."""
    with st.container(horizontal=True, gap="small"):
        st.button(
            confirm_text,
            key=f"confirm-{action}",
            type="primary",
            icon=":material/check_circle:",
            on_click=queue,
            args=(Run("confirm", token=token),),
        )
        st.button(
            decline_text,
            key=f"decline-{action}",
            icon=":material/cancel:",
            on_click=queue,
            args=(Run("decline", token=token),),
        )


def _refund(summary: RefundSummary, token: str) -> None:
    amount = format_money(summary.amount, summary.currency)
    st.markdown(f"#### :material/undo: {t('refund_title', order_id=summary.order_id)}")
    _lines(summary)
    with st.container(horizontal=True, gap="small"):
        st.markdown(f"**{t('refund_amount')}**", width="stretch")
        st.markdown(f"**{amount}**", text_alignment="right")
    st.markdown(f":material/credit_card: {t('refund_to')}: {summary.payment_method.label}")
    st.caption(t("nothing_refunded"))
    _answer_buttons("refund", t("confirm_refund", amount=amount), t("keep_order"), token)


def _summary(summary: PaymentSummary, token: str) -> None:
    total = format_money(summary.total, summary.currency)
    st.markdown(f"#### :material/lock: {t('confirm_title', order_id=summary.order_id)}")
    _lines(summary)
    if summary.discounts and summary.subtotal is not None:
        # The discounts the customer confirms: the token signs them with the total.
        with st.container(horizontal=True, gap="small"):
            st.markdown(t("subtotal"), width="stretch")
            st.markdown(format_money(summary.subtotal, summary.currency), text_alignment="right")
        discount_lines(summary.discounts, summary.currency)
    with st.container(horizontal=True, gap="small"):
        st.markdown(f"**{t('total')}**", width="stretch")
        st.markdown(f"**{total}**", text_alignment="right")
    st.markdown(
        f":material/local_shipping: {t('ship_to')}: {summary.address}  \n"
        f":material/credit_card: {t('pay_with')}: {summary.payment_method.label}"
    )
    st.caption(t("nothing_charged"))
    _answer_buttons("payment", t("confirm", total=total), t("decline"), token)


def _code_form(order: OrderView, token: str) -> None:
    # The shopper's words: the bank's message in the pending payment is written for the model.
    st.markdown(f"#### :material/password: {t('code_title', order_id=order.id)}")
    total = format_money(order.total, order.currency)
    if order.payment_method:
        st.markdown(t("code_intro", total=total, method=order.payment_method.label))
    else:
        st.markdown(t("code_intro_short"))
    code_key = f"payment-code-{order.id}"
    st.text_input(t("code_label"), key=code_key, max_chars=12)
    with st.container(horizontal=True, gap="small"):
        st.button(
            t("code_submit"),
            key="submit-code",
            type="primary",
            icon=":material/check_circle:",
            on_click=_submit_code,
            args=(code_key, token),
        )
        st.button(
            t("code_cancel"),
            key="cancel-code",
            icon=":material/cancel:",
            on_click=queue,
            args=(Run("decline", token=token),),
        )
    st.caption(t("code_note"))


def _submit_code(code_key: str, token: str) -> None:
    code = str(st.session_state.get(code_key) or "").strip()
    if not code:
        notify(t("code_missing"), ok=False)
        return
    queue(Run("confirm", code, token=token))
