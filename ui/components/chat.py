"""The chat: the thread re-drawn from its messages, and new turns streamed as they happen."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import streamlit as st

from agent import (
    ConfirmationRequired,
    Event,
    Failed,
    NothingPending,
    ReasoningDelta,
    ShoppingAgent,
    TextDelta,
    ToolCalled,
    ToolCallRecord,
    ToolReturned,
)
from store import format_money
from ui.components.cards import render_cards
from ui.components.confirmation import render_confirmation
from ui.components.state import Run, current_customer, queue, t
from ui.components.transparency import render_meter, render_steps
from ui.components.turns import CART_TOOLS, Turn

CURSOR = "▌"


def thread_errors() -> dict[int, str]:
    """Model errors of this tab's thread, by turn index (they are not part of the thread)."""
    errors: dict[str, dict[int, str]] = st.session_state.errors
    return errors.setdefault(st.session_state.thread_id, {})


def render_history(turns: list[Turn]) -> None:
    """Every turn of the thread: the message, the reply, its cards, tools and meter."""
    if not turns:
        _welcome()
    errors = thread_errors()
    for turn in turns:
        if turn.user is not None:
            with st.chat_message("user"):
                st.markdown(turn.user)
        with st.chat_message("assistant"):
            for text in turn.texts:
                st.markdown(text)
            for step in turn.steps:
                if step.name == "pay_order" and step.result is not None:
                    _payment_outcome(step)
            if turn.index in errors:
                st.error(t("chat_error", message=errors[turn.index]), icon=":material/cloud_off:")
                if turn.index == len(turns) - 1:
                    st.button(
                        t("retry"),
                        key="retry",
                        icon=":material/refresh:",
                        on_click=queue,
                        args=(Run("retry"),),
                    )
            if ids := turn.product_ids:
                render_cards(ids, key=f"t{st.session_state.thread_id[:8]}-{turn.index}")
            if turn.steps or turn.reasoning:
                render_steps(turn)
            render_meter(turn)


def _payment_outcome(step: ToolCallRecord) -> None:
    """A lasting mark of what happened to a payment: paid, or not charged and why."""
    data = step.data if isinstance(step.data, dict) else {}
    payment = data.get("payment", data)  # a charge's result, a refusal, or an error
    if step.ok:
        amount = format_money(payment["amount"], payment["currency"])
        paid = t("payment_paid", order_id=payment.get("order_id"), amount=amount)
        st.success(paid, icon=":material/verified:")
    else:
        st.warning(
            t("payment_not_paid", message=payment.get("message", "")),
            icon=":material/money_off:",
        )


def _welcome() -> None:
    with st.chat_message("assistant"):
        st.markdown(t("welcome", name=current_customer().name))
        st.caption(t("suggestions"))
        with st.container(horizontal=True, gap="small"):
            for number in (1, 2, 3):
                text = t(f"suggestion_{number}")
                st.button(
                    text,
                    key=f"suggestion-{number}",
                    type="secondary",
                    on_click=queue,
                    args=(Run("send", text),),
                )


def render_pending(agent: ShoppingAgent) -> None:
    """The confirmation card, when the agent waits for the customer.

    The tab remembers the card's token: a "yes" typed next confirms this card, or nothing.
    """
    pending = agent.pending
    shown: dict[str, str] = st.session_state.setdefault("shown_tokens", {})
    shown.pop(agent.thread_id, None)
    if pending is not None:
        shown[agent.thread_id] = pending.token
        with st.chat_message("assistant", avatar=":material/lock:"):
            render_confirmation(pending)


def shown_token() -> str:
    """The token of the payment card this tab shows for its thread ("" when none)."""
    shown: dict[str, str] = st.session_state.get("shown_tokens", {})
    return shown.get(st.session_state.thread_id, "")


def run_turn(
    agent: ShoppingAgent, run: Run, turns: list[Turn], on_cart_change: Callable[[], None]
) -> None:
    """Run a queued turn, streaming the reply and tool steps into the chat."""
    if run.kind == "send":
        turn_index = len(turns)
        with st.chat_message("user"):
            st.markdown(run.text)
        events = agent.stream(run.text, showing=run.token or "")
    elif run.kind == "retry":
        _retry(agent, turn_index=len(turns) - 1)
        return
    else:
        turn_index = max(len(turns) - 1, 0)
        token = run.token or ""  # a button always names its card; no name confirms nothing
        try:
            events = (
                agent.stream_confirm(token=token, code=run.text or None)
                if run.kind == "confirm"
                else agent.stream_decline(token=token)
            )
        except NothingPending:
            return  # answered already (a second click, or another tab): nothing to do
    with st.chat_message("assistant"):
        _show_events(events, turn_index, on_cart_change)


def _retry(agent: ShoppingAgent, *, turn_index: int) -> None:
    """Run the failed step again, with the model chosen now."""
    with st.chat_message("assistant"), st.spinner(t("working")):
        reply = agent.retry()
    if reply.error:
        thread_errors()[turn_index] = reply.error
    else:
        thread_errors().pop(turn_index, None)


def _show_events(
    events: Iterator[Event], turn_index: int, on_cart_change: Callable[[], None]
) -> None:
    status = st.status(t("working"), expanded=False)
    text_slot = st.empty()
    text = ""
    failed = False
    for event in events:
        if isinstance(event, TextDelta):
            text += event.text
            text_slot.markdown(text + CURSOR)
        elif isinstance(event, ReasoningDelta):
            status.update(label=t("thinking"))
        elif isinstance(event, ToolCalled):
            status.update(label=t(f"tool_{event.call.name}"))
            status.markdown(f"`{event.call.name}` {event.call.arguments}")
        elif isinstance(event, ToolReturned) and event.call.name in CART_TOOLS:
            on_cart_change()
        elif isinstance(event, Failed):
            thread_errors()[turn_index] = event.message
            failed = True
        elif isinstance(event, ConfirmationRequired):
            on_cart_change()
    text_slot.markdown(text)
    status.update(label=t("done"), state="error" if failed else "complete")
