"""The payment method asked for (issue 11 item 2): `pay_order` takes it by label or in words.

A real model passes the label checkout listed ("Alipay") or the customer's words ("card
ending 0002"); the confirmation shows and charges that method. A method the customer has not
saved is a tool error that says so and lists the saved ones by label.
"""

from __future__ import annotations

import pytest
from sqlmodel import Session

from agent import ShoppingAgent
from tests.fake_provider import call, last_tool_result, say
from tests.reliability import test_typed_confirmation as typed
from tests.store.factories import make_card, make_wallet

runtime = typed.runtime  # a runtime over the fake provider


@pytest.fixture
def methods(shop):
    with Session(shop.engine, expire_on_commit=False) as s:
        return make_card(s, shop.alice, "4000000000000002", is_default=False), make_wallet(
            s, shop.alice, balance=10**7
        )


def _checkout_then_pay(fake, shop, method):
    fake.script(
        call("add_to_cart", {"product_id": shop.earbuds.id}),
        call("checkout", {}),
        lambda body: call(
            "pay_order",
            {"order_id": last_tool_result(body)["order"]["order_id"], "payment_method": method},
        ),
    )


@pytest.mark.parametrize(
    ("method", "label"),
    [("Alipay", "Alipay"), ("card ending 0002", "Visa ···0002"), ("支付宝", "Alipay")],
)
def test_the_confirmation_shows_and_charges_the_method_asked_for(
    runtime, fake, shop, methods, method, label
):
    agent = ShoppingAgent("alice", model="fake", runtime=runtime)
    _checkout_then_pay(fake, shop, method)

    card = agent.send("buy the earbuds and pay with it").pending

    assert card is not None and card.summary is not None
    assert card.summary.payment_method.label == label
    fake.script(say("Paid."))
    assert agent.confirm(card).pending is None
    with Session(shop.engine) as s:
        wallet = s.get(type(methods[1]), methods[1].id)
        assert wallet is not None
        charged_wallet = wallet.wallet_balance < 10**7
    assert charged_wallet == (label == "Alipay")


def test_checkout_lists_the_saved_methods_by_label(runtime, fake, shop, methods):
    agent = ShoppingAgent("alice", model="fake", runtime=runtime)
    fake.script(call("add_to_cart", {"product_id": shop.earbuds.id}), call("checkout", {}))
    fake.script(lambda body: say(str(last_tool_result(body)["payment_methods"])))

    reply = agent.send("check out")

    assert "Alipay" in reply.text and "Visa ···0002" in reply.text


def test_a_method_not_saved_is_an_error_listing_the_saved_ones(runtime, fake, shop, methods):
    agent = ShoppingAgent("alice", model="fake", runtime=runtime)
    _checkout_then_pay(fake, shop, "my Mastercard")
    seen: list[dict] = []
    fake.script(lambda body: seen.append(last_tool_result(body)) or say("You have no Mastercard."))

    reply = agent.send("pay with my mastercard")

    assert reply.pending is None
    error = seen[0]
    assert error["error"] == "not_found" and "Mastercard" in error["message"]
    assert error["saved_methods"] == ["Visa ···4242", "Visa ···0002", "Alipay"]
