"""A refund asks for the same kind of confirmation as a payment (finding 13: refunds ran on the
model's word alone).

refund_order only shows the refund summary (order, lines, amount, the method it goes back to)
with a token bound to it; the refund happens when the human confirms that token, and the store
checks it again. A payment's token never confirms a refund, nor a refund's a payment; a stale
or foreign token refunds nothing and shows the current summary again.
"""

from __future__ import annotations

import dataclasses

import pytest
from langgraph.types import Command
from sqlmodel import Session, select

import store
from agent import ShoppingAgent
from store.models import Order, OrderStatus, Payment, PaymentStatus
from tests.agent.conftest import make_runtime
from tests.fake_provider import call, last_tool_result, say
from tests.store.factories import confirm_and_pay, place_order
from tools import RefundRequest
from tools import refund as refund_now


def paid_order(shop, customer=None, product=None) -> int:
    """An order of `customer` (Alice), paid with their card."""
    customer = customer or shop.alice
    with Session(shop.engine, expire_on_commit=False) as session:
        order = place_order(session, customer, product or shop.earbuds)
        confirm_and_pay(session, customer, order.id)
        return order.id


def status(shop, order_id: int) -> tuple[OrderStatus, list[PaymentStatus]]:
    with Session(shop.engine) as session:
        order = session.get(Order, order_id, populate_existing=True)
        query = select(Payment.status).where(Payment.order_id == order_id)
        return order.status, list(session.exec(query).all())


# --- the store -----------------------------------------------------------------------------------


def refund(shop, customer, order_id: int, token: str) -> store.OrderView:
    with store.session_scope(shop.engine) as session:
        return store.refund_order(
            session, customer_id=customer.id, order_id=order_id, confirmation_token=token
        )


def refund_token(shop, order_id: int) -> str:
    """The token of the refund summary Alice is shown for `order_id`."""
    with store.session_scope(shop.engine) as session:
        summary = store.refund_summary(session, customer_id=shop.alice.id, order_id=order_id)
    return store.issue_confirmation_token(summary)


def test_the_store_refunds_only_with_a_token_for_that_refund_summary(shop):
    order_id = paid_order(shop)
    with store.session_scope(shop.engine) as session:
        summary = store.refund_summary(session, customer_id=shop.alice.id, order_id=order_id)
    assert (summary.amount, summary.currency, [line.quantity for line in summary.lines]) == (
        19900,
        "CNY",
        [1],
    )
    as_payment = store.PaymentSummary(
        **summary.model_dump(exclude={"amount"}), total=summary.amount, address="-"
    )
    for token in ("", "forged", "9999999999.deadbeef", store.issue_confirmation_token(as_payment)):
        with pytest.raises(store.ConfirmationError):
            refund(shop, shop.alice, order_id, token)
    assert status(shop, order_id) == (OrderStatus.paid, [PaymentStatus.succeeded])

    refunded = refund(shop, shop.alice, order_id, refund_token(shop, order_id))
    assert refunded.status == OrderStatus.refunded
    assert status(shop, order_id) == (OrderStatus.refunded, [PaymentStatus.refunded])
    with pytest.raises(store.InvalidState, match="only a paid order can be refunded"):
        refund(shop, shop.alice, order_id, refund_token(shop, order_id))


def test_a_refund_token_names_one_order_and_never_pays(shop):
    first, second = paid_order(shop), paid_order(shop)
    token = refund_token(shop, first)
    with pytest.raises(store.ConfirmationError):
        refund(shop, shop.alice, second, token)
    with pytest.raises(store.NotFound):  # Bob can use neither Alice's token nor her order
        refund(shop, shop.bob, first, token)
    with store.session_scope(shop.engine) as session:
        unpaid = place_order(session, shop.alice, shop.earbuds).id
    with pytest.raises(store.ConfirmationError), store.session_scope(shop.engine) as session:
        store.pay_order(
            session,
            customer_id=shop.alice.id,
            order_id=unpaid,
            confirmation_token=token,
            idempotency_key="k-1",
        )
    assert status(shop, first) == (OrderStatus.paid, [PaymentStatus.succeeded])
    assert status(shop, second) == (OrderStatus.paid, [PaymentStatus.succeeded])
    assert status(shop, unpaid) == (OrderStatus.awaiting_payment, [])


# --- the agent (the API, and LangGraph Server's resume) ----------------------------------------


@pytest.fixture
def runtime(shop, fake):
    return make_runtime(shop, fake, streaming=False)


def ask_refund(agent, fake, order_id: int):
    """The model calls refund_order on its own: the run stops at the refund card."""
    fake.script(call("refund_order", {"order_id": order_id}))
    return agent.send(f"refund order {order_id}")


def test_refund_order_only_shows_the_refund_until_the_human_confirms(runtime, fake, shop):
    order_id = paid_order(shop)
    agent = ShoppingAgent("alice", model="fake", runtime=runtime)
    shown = ask_refund(agent, fake, order_id).pending
    assert shown is not None and shown.kind == "confirm_refund"
    assert (shown.summary.order_id, shown.summary.amount) == (order_id, 19900)
    assert shown.summary.payment_method.label == "Visa ···4242"
    assert status(shop, order_id) == (OrderStatus.paid, [PaymentStatus.succeeded])

    fake.script(lambda body: say(f"done: {last_tool_result(body)['order']['status']}"))
    done = agent.confirm(shown)
    assert done.pending is None and done.text == "done: refunded"
    (record,) = [c for c in done.tool_calls if c.name == "refund_order"]
    assert record.resumed and record.view().status == OrderStatus.refunded  # a typed OrderView
    assert status(shop, order_id) == (OrderStatus.refunded, [PaymentStatus.refunded])


def test_declining_a_refund_records_that_nothing_was_refunded(runtime, fake, shop):
    order_id = paid_order(shop)
    agent = ShoppingAgent("alice", model="fake", runtime=runtime)
    shown = ask_refund(agent, fake, order_id).pending
    fake.script(lambda body: say(last_tool_result(body)["refund"]["message"]))
    declined = agent.send("no", showing=shown)  # a typed "no" declines what is on screen
    assert declined.pending is None and "nothing was refunded" in declined.text
    assert status(shop, order_id) == (OrderStatus.paid, [PaymentStatus.succeeded])


def test_a_payment_token_or_a_stale_refund_token_refunds_nothing(runtime, fake, shop):
    agent = ShoppingAgent("alice", model="fake", runtime=runtime)
    fake.script(
        call("add_to_cart", {"product_id": shop.earbuds.id}),
        call("checkout", {}),
        lambda body: call("pay_order", {"order_id": last_tool_result(body)["order"]["order_id"]}),
    )
    paying = agent.send("earbuds").pending
    fake.script(say("paid"))
    agent.confirm(paying)
    first = ask_refund(agent, fake, paying.order_id).pending
    fake.script(say("kept"))
    agent.decline(first)
    second = ask_refund(agent, fake, paying.order_id).pending

    for token in (paying.token, first.token):
        again = agent.confirm(token=token)
        assert again.pending is not None and again.pending.token == second.token
        assert again.pending.refused and "nothing was refunded" in again.text
    assert status(shop, paying.order_id) == (OrderStatus.paid, [PaymentStatus.succeeded])


@pytest.mark.parametrize("token", ["", "forged", None], ids=["empty", "garbage", "missing"])
def test_a_resume_without_the_refund_token_on_screen_refunds_nothing(runtime, fake, shop, token):
    """LangGraph Server's resume goes straight to the graph: the graph itself checks."""
    order_id = paid_order(shop)
    agent = ShoppingAgent("alice", model="fake", runtime=runtime)
    shown = ask_refund(agent, fake, order_id).pending
    resume = {"confirm": True} if token is None else {"confirm": True, "confirmation_token": token}
    config = {"configurable": {"thread_id": agent.thread_id}}
    runtime.graph.invoke(Command(resume=resume), config, context=agent.context)
    assert status(shop, order_id) == (OrderStatus.paid, [PaymentStatus.succeeded])
    again = agent.pending
    assert again is not None and again.token == shown.token and again.refused


def test_a_refund_confirmed_after_the_order_changed_refunds_nothing(runtime, fake, shop):
    """The store re-checks the token: a refund done meanwhile (another tab) is not done twice."""
    order_id = paid_order(shop)
    tab1 = ShoppingAgent("alice", model="fake", runtime=runtime)
    shown = ask_refund(tab1, fake, order_id).pending
    refund(shop, shop.alice, order_id, refund_token(shop, order_id))  # the other way
    fake.script(say("could not"))
    after = tab1.confirm(shown)
    assert after.pending is None
    (record,) = [c for c in after.tool_calls if c.name == "refund_order"]
    assert record.ok is False
    with Session(shop.engine) as session:
        payment = session.exec(select(Payment).where(Payment.order_id == order_id)).one()
    assert payment.status == PaymentStatus.refunded  # once, by the other tab


def test_a_refund_that_committed_before_a_crash_is_recorded_not_asked_again(runtime, fake, shop):
    """The process stops right after the refund commits: reopening records it as done."""
    order_id = paid_order(shop)
    agent = ShoppingAgent("alice", model="fake", runtime=runtime)
    ask_refund(agent, fake, order_id)
    held = runtime.graph.get_state(agent._config).values["pending_payment"]
    ctx = dataclasses.replace(shop.ctx(), call_key=held["idempotency_key"])
    refund_now(ctx, RefundRequest.model_validate(held["request"]))  # then the process dies

    fake.script(say("refunded"))
    reopened = ShoppingAgent("alice", model="fake", runtime=runtime, thread_id=agent.thread_id)
    assert reopened.pending is None, "a refund the store did is never offered again"
    (answer,) = [m for m in reopened.history if getattr(m, "name", "") == "refund_order"]
    assert answer.ok and answer.data["status"] == "refunded"
    assert status(shop, order_id) == (OrderStatus.refunded, [PaymentStatus.refunded])


def test_the_offline_demo_asks_before_refunding(runtime, shop):
    order_id = paid_order(shop)
    agent = ShoppingAgent("alice", model="offline", runtime=runtime)
    shown = agent.send("退款").pending
    assert shown is not None and shown.kind == "confirm_refund" and shown.order_id == order_id
    assert status(shop, order_id)[0] == OrderStatus.paid
    done = agent.send("确认")  # a typed yes confirms the refund on screen
    assert done.pending is None and "已退款" in done.text
    assert status(shop, order_id)[0] == OrderStatus.refunded


# --- the app -------------------------------------------------------------------------------------


def test_the_app_shows_a_refund_card_and_refunds_only_on_confirm():
    from tests.ui.test_app import click, keys, send, start

    at = start()
    send(at, "wireless earbuds under 300")
    click(at, keys(at, suffix="-add")[0])
    click(at, "checkout")
    click(at, "confirm-payment")
    send(at, "refund my order")
    assert "confirm-refund" in keys(at) and "confirm-payment" not in keys(at)
    engine = store.get_engine()
    with store.session_scope(engine) as session:
        customer = store.get_customer(session, "alice")
        (order,) = store.list_orders(session, customer_id=customer.id)
    assert order.status == OrderStatus.paid, "nothing refunded before the human confirms"
    click(at, "confirm-refund")
    assert not at.exception
    with store.session_scope(engine) as session:
        (order,) = store.list_orders(session, customer_id=customer.id)
    assert order.status == OrderStatus.refunded
    assert "confirm-refund" not in keys(at)
