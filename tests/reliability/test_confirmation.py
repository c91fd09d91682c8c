"""A confirmation names what it confirms (finding 1): stale, replayed, forged and missing tokens.

Two views of one conversation (two tabs, a script and a tab) each confirm the payment they
showed; an answer naming any other payment charges nothing and shows the current one again.
"""

from __future__ import annotations

import pytest
from langgraph.types import Command
from sqlmodel import Session, select

from agent import ShoppingAgent
from agent.api import NothingShown
from store.models import Order, OrderStatus, Payment
from tests.agent.conftest import make_runtime
from tests.fake_provider import call, last_tool_result, say


def pay_last_order(body):
    return call("pay_order", {"order_id": last_tool_result(body)["order"]["order_id"]})


def two_views(runtime, fake, shop):
    """Two views of one conversation: the first shows the earbuds, then the second the shoes."""
    first_view = ShoppingAgent("alice", model="fake", runtime=runtime)
    buy(fake, shop.earbuds.id)
    first = first_view.send("earbuds please").pending
    second_view = ShoppingAgent(
        "alice", model="fake", runtime=runtime, thread_id=first_view.thread_id
    )
    buy(fake, shop.shoe.id, size="43")
    second = second_view.send("no, the shoes in 43").pending
    return first_view, first, second_view, second


def buy(fake, product_id, **options):
    """The model's steps for one purchase up to the payment card."""
    fake.script(
        call(
            "add_to_cart", {"product_id": product_id, **({"options": options} if options else {})}
        ),
        call("checkout", {}),
        pay_last_order,
    )


def orders(shop, customer):
    with Session(shop.engine) as s:
        return {
            o.id: o.status for o in s.exec(select(Order).where(Order.customer_id == customer.id))
        }


def payments(shop):
    with Session(shop.engine) as s:
        return list(s.exec(select(Payment)).all())


@pytest.fixture
def runtime(shop, fake):
    return make_runtime(shop, fake, streaming=True)


def test_a_stale_tab_cannot_pay_the_order_another_tab_put_on_screen(runtime, fake, shop):
    tab1 = ShoppingAgent("alice", model="fake", runtime=runtime)
    buy(fake, shop.shoe.id, size="42")
    first = tab1.send("buy the shoes in 42").pending
    assert first is not None and first.summary.total == 39900

    tab2 = ShoppingAgent("alice", model="fake", runtime=runtime, thread_id=tab1.thread_id)
    buy(fake, shop.earbuds.id)
    second = tab2.send("actually the earbuds").pending
    assert second is not None and second.order_id != first.order_id

    refused = tab1.confirm(first)  # tab 1's button carries tab 1's card
    assert payments(shop) == [], "nothing charged for a card nobody sees any more"
    assert refused.pending is not None and refused.pending.order_id == second.order_id
    assert refused.pending.refused and "nothing was charged" in refused.text

    fake.script(say("paid"))
    done = tab2.confirm(second)
    assert done.pending is None
    assert orders(shop, shop.alice)[second.order_id] == OrderStatus.paid
    assert orders(shop, shop.alice)[first.order_id] == OrderStatus.awaiting_payment
    assert len(payments(shop)) == 1


def test_confirm_without_arguments_confirms_what_this_agent_showed(runtime, fake, shop):
    script, shown, _, _ = two_views(runtime, fake, shop)

    refused = script.confirm()  # the script saw the earbuds, so it cannot pay the shoes
    assert payments(shop) == []
    assert refused.pending.order_id != shown.order_id

    fresh = ShoppingAgent("alice", model="fake", runtime=runtime, thread_id=script.thread_id)
    with pytest.raises(NothingShown):
        fresh.confirm()  # it showed nothing: it must say what it confirms
    fake.script(say("paid"))
    assert fresh.confirm(fresh.pending).pending is None
    assert len(payments(shop)) == 1


@pytest.mark.parametrize(
    "token",
    ["", "forged", "9999999999.deadbeef", None],
    ids=["empty", "garbage", "forged signature", "missing"],
)
def test_a_resume_payload_without_the_token_on_screen_charges_nothing(
    runtime,
    fake,
    shop,
    token,
):
    """LangGraph Server's resume goes straight to the graph: the graph itself checks."""
    agent = ShoppingAgent("alice", model="fake", runtime=runtime)
    buy(fake, shop.earbuds.id)
    shown = agent.send("earbuds").pending
    config = {"configurable": {"thread_id": agent.thread_id}}
    resume = {"confirm": True} if token is None else {"confirm": True, "confirmation_token": token}
    runtime.graph.invoke(Command(resume=resume), config, context=agent.context)

    assert payments(shop) == []
    again = agent.pending
    assert again is not None and again.token == shown.token and again.refused
    fake.script(say("paid"))
    assert agent.confirm(again).pending is None and len(payments(shop)) == 1


def test_a_replayed_token_from_an_earlier_payment_is_refused(runtime, fake, shop):
    agent = ShoppingAgent("alice", model="fake", runtime=runtime)
    buy(fake, shop.earbuds.id)
    first = agent.send("earbuds").pending
    fake.script(say("paid"))
    agent.confirm(first)
    buy(fake, shop.earbuds.id)
    second = agent.send("another pair").pending

    refused = agent.confirm(token=first.token)
    assert len(payments(shop)) == 1
    assert refused.pending.token == second.token and refused.pending.refused


def test_a_stale_decline_does_not_cancel_the_payment_on_screen(runtime, fake, shop):
    tab1, first, tab2, second = two_views(runtime, fake, shop)

    still = tab1.decline(first)
    assert still.pending is not None and still.pending.token == second.token
    fake.script(say("paid"))
    assert tab2.confirm(second).pending is None
    assert orders(shop, shop.alice)[second.order_id] == OrderStatus.paid


def test_two_tabs_of_one_conversation_each_pay_only_their_own_card():
    """Finding 1 in the app: tab 1's Confirm, pressed after tab 2 checked out something else."""
    from tests.ui.test_app import click, fill_cart_and_check_out, keys, orders_of, send, start

    tab1 = start()
    fill_cart_and_check_out(tab1)
    (first,) = orders_of("alice")

    tab2 = start()
    tab2.session_state["thread_id"] = tab1.session_state["thread_id"]
    send(tab2, "wireless earbuds under 300")
    click(tab2, keys(tab2, suffix="-add")[-1])
    click(tab2, "checkout")
    assert "confirm-payment" in keys(tab2)
    second = next(o for o in orders_of("alice") if o.id != first.id)

    click(tab1, "confirm-payment")  # tab 1 still shows the first card
    statuses = {o.id: o.status for o in orders_of("alice")}
    assert statuses[second.id] == OrderStatus.awaiting_payment, "nothing charged"
    assert statuses[first.id] != OrderStatus.paid
    assert any("another payment" in w.value for w in tab1.warning), "told why"
    assert "confirm-payment" in keys(tab1), "the payment that waits now is shown"

    click(tab1, "confirm-payment")  # now tab 1 confirms the card it shows
    assert {o.id: o.status for o in orders_of("alice")}[second.id] == OrderStatus.paid


def test_the_idempotency_key_is_ours_not_the_providers_call_id(runtime, fake, shop):
    """Finding 9: a provider's reused or odd call id can never collide with an earlier payment."""
    agent = ShoppingAgent("alice", model="fake", runtime=runtime)
    keys = []
    for _ in range(2):
        buy(fake, shop.earbuds.id)
        reply = agent.send("earbuds")
        fake.script(say("paid"))
        done = agent.confirm(reply.pending)
        assert done.pending is None
        (pay_call,) = [c for c in done.tool_calls if c.name == "pay_order"]
        (payment,) = [p for p in payments(shop) if p.idempotency_key not in keys]
        assert payment.status == "succeeded"
        assert (
            pay_call.id not in payment.idempotency_key
            and agent.thread_id not in payment.idempotency_key
        )
        keys.append(payment.idempotency_key)
    assert len(set(keys)) == 2
