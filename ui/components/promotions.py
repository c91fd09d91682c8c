"""Promotions as the shopper sees them: banner, discount lines, coupon entry, red packets.

Every amount comes from the store; the buttons run the same tools as the chat.
"""

from __future__ import annotations

import streamlit as st

import store
from store import CartView, DiscountView, format_money
from ui.components.actions import run_tool
from ui.components.state import current_customer, language, runtime, t

COUPON_KEY = "coupon-code"


def _label(english: str, chinese: str | None) -> str:
    return chinese if language() == "zh" and chinese else english


def discount_lines(discounts: list[DiscountView], currency: str) -> None:
    """One green line per discount: its name (and code) and what it takes off."""
    for discount in discounts:
        name = _label(discount.label, discount.label_zh)
        if discount.code:
            name += f" · {discount.code}"
        with st.container(horizontal=True, gap="small"):
            st.markdown(f":green[:material/sell: {name}]", width="stretch")
            st.markdown(
                f":green[-{format_money(discount.amount, currency)}]", text_alignment="right"
            )


def render_banner() -> None:
    """The campaigns running now, above the chat (nothing when none runs)."""
    customer = current_customer()
    with store.session_scope(runtime().engine) as session:
        running = store.list_promotions(session, customer_id=customer.id)
    campaigns = [p for p in running if p.kind == store.PromotionKind.threshold]
    if not campaigns:
        return
    names = " · ".join(_label(p.label, p.label_zh) for p in campaigns)
    until = max(p.ends_at for p in campaigns).date().isoformat()
    with st.container(key="campaign-banner"):
        st.success(t("campaign_banner", names=names, until=until), icon=":material/celebration:")


def render_savings(cart: CartView) -> None:
    """Below the cart's subtotal: its discounts, the total to pay, how close the next step is."""
    if cart.discounts:
        discount_lines(cart.discounts, cart.currency)
        with st.container(horizontal=True, gap="small"):
            st.markdown(f"**{t('total')}**", width="stretch")
            st.markdown(f"**{format_money(cart.total, cart.currency)}**", text_alignment="right")
    for hint in cart.hints:
        st.caption(
            t(
                "almost",
                more=format_money(hint.spend_more, cart.currency),
                saves=format_money(hint.saves, cart.currency),
                name=_label(hint.label, hint.label_zh),
            )
        )
    if cart.coupon_note:
        st.warning(cart.coupon_note, icon=":material/sell:")


def render_coupon_entry(cart: CartView) -> None:
    """A code field and Apply, or the applied code with Remove."""
    with st.container(horizontal=True, vertical_alignment="bottom", gap="small"):
        if cart.coupon:
            st.markdown(f":material/sell: {t('coupon_applied', code=cart.coupon)}", width="stretch")
            st.button(t("remove"), key="remove-coupon", type="tertiary", on_click=_remove_coupon)
        else:
            st.text_input(
                t("coupon"), key=COUPON_KEY, max_chars=50, placeholder="WELCOME10", width="stretch"
            )
            st.button(t("apply"), key="apply-coupon", on_click=_apply_coupon)


def render_red_packets() -> None:
    """The customer's red packets: what is left of each and until when."""
    customer = current_customer()
    with store.session_scope(runtime().engine) as session:
        packets = store.list_red_packets(session, customer_id=customer.id)
    st.markdown(f"**:material/redeem: {t('red_packets')}**")
    if not packets:
        st.caption(t("no_red_packets"))
        return
    for packet in packets:
        left = format_money(packet.balance, packet.currency)
        when = packet.expires_at.date().isoformat()
        text = f"{_label(packet.label, packet.label_zh)} · {left}"
        state = t("red_packet_until", date=when) if packet.usable else t("red_packet_unusable")
        st.markdown(f":red[{text}]  \n{state}" if packet.usable else f"{text}  \n{state}")


def _apply_coupon() -> None:
    code = str(st.session_state.get(COUPON_KEY) or "").strip()
    if not code:
        return
    run_tool("apply_coupon", {"code": code}, success=t("coupon_done", code=code.upper()))


def _remove_coupon() -> None:
    run_tool("remove_coupon", {}, success=t("cart_updated"))
