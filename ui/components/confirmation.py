"""The payment confirmation card: nothing is charged before the customer presses Confirm."""

from __future__ import annotations

import streamlit as st

from agent import PendingConfirmation
from store import PaymentSummary, format_money
from ui.components.state import Run, notify, queue, t
from ui.components.text import options_text


def render_confirmation(pending: PendingConfirmation) -> None:
    """The card the agent waits on: order lines, total, address, method; or a one-time-code form."""
    with st.container(border=True, key="confirmation-card"):
        if pending.refused:
            st.warning(pending.refused, icon=":material/sync_problem:")
        if pending.kind == "payment_code":
            _code_form(pending)
        elif pending.summary is not None:
            _summary(pending.summary, pending.token)


def _summary(summary: PaymentSummary, token: str) -> None:
    total = format_money(summary.total, summary.currency)
    st.markdown(f"#### :material/lock: {t('confirm_title', order_id=summary.order_id)}")
    for line in summary.lines:
        options = options_text(line.options)
        item = f"{line.quantity} × **{line.title}**" + (f"  \n{options}" if options else "")
        with st.container(horizontal=True, gap="small"):
            st.markdown(item, width="stretch")
            st.markdown(format_money(line.line_total, summary.currency), text_alignment="right")
    st.divider()
    with st.container(horizontal=True, gap="small"):
        st.markdown(f"**{t('total')}**", width="stretch")
        st.markdown(f"**{total}**", text_alignment="right")
    st.markdown(
        f":material/local_shipping: {t('ship_to')}: {summary.address}  \n"
        f":material/credit_card: {t('pay_with')}: {summary.payment_method.label}"
    )
    st.caption(t("nothing_charged"))
    with st.container(horizontal=True, gap="small"):
        st.button(
            t("confirm", total=total),
            key="confirm-payment",
            type="primary",
            icon=":material/check_circle:",
            on_click=queue,
            args=(Run("confirm", token=token),),
        )
        st.button(
            t("decline"),
            key="decline-payment",
            icon=":material/cancel:",
            on_click=queue,
            args=(Run("decline", token=token),),
        )


def _code_form(pending: PendingConfirmation) -> None:
    st.markdown(f"#### :material/password: {t('code_title', order_id=pending.order_id)}")
    if pending.message:
        st.markdown(pending.message)
    code_key = f"payment-code-{pending.order_id}"
    st.text_input(t("code_label"), key=code_key, max_chars=12)
    st.caption(t("nothing_charged"))
    with st.container(horizontal=True, gap="small"):
        st.button(
            t("code_submit"),
            key="submit-code",
            type="primary",
            icon=":material/check_circle:",
            on_click=_submit_code,
            args=(code_key, pending.token),
        )
        st.button(
            t("code_cancel"),
            key="cancel-code",
            icon=":material/cancel:",
            on_click=queue,
            args=(Run("decline", token=pending.token),),
        )


def _submit_code(code_key: str, token: str) -> None:
    code = str(st.session_state.get(code_key) or "").strip()
    if not code:
        notify(t("code_missing"), ok=False)
        return
    queue(Run("confirm", code, token=token))
