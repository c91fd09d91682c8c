"""The chat: the thread re-drawn from its messages, and new turns streamed as they happen."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import streamlit as st

from agent import (
    ConfirmationRequired,
    Event,
    Failed,
    NothingPending,
    PendingConfirmation,
    ReasoningDelta,
    ShoppingAgent,
    TextDelta,
    ToolCalled,
    ToolCallRecord,
    ToolReturned,
)
from store import format_money
from ui.components.cards import render_cards
from ui.components.cart import read_cart
from ui.components.confirmation import render_confirmation
from ui.components.quick_replies import quick_replies
from ui.components.state import Run, current_customer, language, notify, queue, t
from ui.components.steps import asked, step_title
from ui.components.transparency import render_meter, render_steps
from ui.components.turns import CART_TOOLS, Turn

CURSOR = "▌"


def thread_errors() -> dict[int, str]:
    """Model errors of this tab's thread, by turn index (they are not part of the thread)."""
    errors: dict[str, dict[int, str]] = st.session_state.errors
    return errors.setdefault(st.session_state.thread_id, {})


def render_history(turns: list[Turn], pending: PendingConfirmation | None) -> None:
    """Every turn of the thread: the message, the reply, its cards, tools and meter.

    The confirmation card the agent waits on belongs to the last turn's reply (a checkout turn
    often has no words of its own), so it is drawn there rather than in a bubble of its own.
    """
    if not turns:
        _welcome()
    errors = thread_errors()
    for turn in turns:
        if turn.user is not None:
            with st.chat_message("user"):
                st.markdown(turn.user)
        last = turn.index == len(turns) - 1
        with st.chat_message("assistant"):
            for text in turn.texts:
                st.markdown(text)
            if turn.payment is not None:
                _payment_outcome(turn.payment, turn.outcome_texts)
            if turn.index in errors:
                st.error(t("chat_error", message=errors[turn.index]), icon=":material/cloud_off:")
                if last:
                    st.button(
                        t("retry"),
                        key="retry",
                        icon=":material/refresh:",
                        on_click=queue,
                        args=(Run("retry"),),
                    )
            if ids := turn.product_ids:
                render_cards(ids, key=f"t{st.session_state.thread_id[:8]}-{turn.index}")
            if last and pending is not None:
                render_confirmation(pending)
            if turn.steps or turn.reasoning:
                render_steps(turn)
            render_meter(turn)
    remember_shown(pending)


def _payment_outcome(step: ToolCallRecord, said: list[str]) -> None:
    """One message for what happened to a payment: the assistant's words, marked paid or not.

    When the assistant said nothing after the outcome, a short note in the shopper's language
    says it instead.
    """
    data = step.data if isinstance(step.data, dict) else {}
    if step.name == "refund_order":
        _refund_outcome(step, data, said)
        return
    payment = data.get("payment", data)  # a charge's result, a refusal, or an error
    if said:
        text = "\n\n".join(said)
    elif step.ok:
        amount = format_money(payment["amount"], payment["currency"])
        text = t("payment_paid", order_id=payment.get("order_id"), amount=amount)
    elif payment.get("status") == "not_charged":
        text = t("payment_declined", order_id=payment.get("order_id"))
    else:
        text = t("payment_not_paid", message=payment.get("message", ""))
    _outcome(text, ok=bool(step.ok), done=":material/verified:", not_done=":material/money_off:")


def _refund_outcome(step: ToolCallRecord, data: dict[str, object], said: list[str]) -> None:
    """What happened to a refund: the refunded order, not refunded, or an error."""
    refund = data.get("refund")
    if said:
        text = "\n\n".join(said)
    elif step.ok:
        amount = format_money(int(str(data["total"])), str(data["currency"]))
        text = t("refund_done", order_id=data.get("id"), amount=amount)
    elif isinstance(refund, dict):
        text = t("refund_declined", order_id=refund.get("order_id"))
    else:
        text = t("refund_failed", message=data.get("message", ""))
    _outcome(text, ok=bool(step.ok), done=":material/undo:", not_done=":material/info:")


def _outcome(text: str, *, ok: bool, done: str, not_done: str) -> None:
    """An outcome message: green when it was done, else a warning of what was not."""
    if ok:
        st.success(text, icon=done)
    else:
        st.warning(text, icon=not_done)


def _welcome() -> None:
    with st.chat_message("assistant"):
        st.markdown(t("welcome", name=current_customer().name))
        st.caption(t("suggestions"))
        chips([t(f"suggestion_{number}") for number in (1, 2, 3)], key="suggestion")


def chips(texts: list[str], *, key: str) -> None:
    """Small buttons that send their text as the customer's next message."""
    with st.container(horizontal=True, gap="small", key=f"{key}-chips"):
        for number, text in enumerate(texts, start=1):
            st.button(
                text,
                key=f"{key}-{number}",
                type="secondary",
                on_click=queue,
                args=(Run("send", text),),
            )


def render_quick_replies(turns: list[Turn], pending: PendingConfirmation | None) -> None:
    """Suggested next steps under the newest reply (none while a payment waits: the card asks)."""
    if not turns or pending is not None or turns[-1].index in thread_errors():
        return
    if suggestions := quick_replies(
        turns[-1], cart_items=read_cart().item_count, language=language()
    ):
        chips(suggestions, key="quick")


def remember_shown(pending: PendingConfirmation | None) -> None:
    """Remember the token of the card this tab shows: a "yes" typed next confirms it, or nothing."""
    shown: dict[str, str] = st.session_state.setdefault("shown_tokens", {})
    shown.pop(st.session_state.thread_id, None)
    if pending is not None:
        shown[st.session_state.thread_id] = pending.token


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
        try:
            events = agent.stream(run.text, showing=run.token or "")
        except ValueError as exc:  # too long, or only control characters: nothing was sent
            notify(str(exc), ok=False)
            return
        with st.chat_message("user"):
            st.markdown(run.text)
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
            step = event.call
            status.update(label=step_title(step.name, language()))
            if question := asked(step, language()):
                status.markdown(question)
        elif isinstance(event, ToolReturned) and event.call.name in CART_TOOLS:
            on_cart_change()
        elif isinstance(event, Failed):
            thread_errors()[turn_index] = event.message
            failed = True
        elif isinstance(event, ConfirmationRequired):
            on_cart_change()
    text_slot.markdown(text)
    status.update(label=t("done"), state="error" if failed else "complete")
