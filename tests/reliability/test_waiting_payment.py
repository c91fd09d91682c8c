"""A payment that waits keeps waiting through a question (issue 11 item 1, its second half).

While the card waits, a question or anything unclear is answered with the same card still on
screen and still valid; only a message that starts a new purchase sets it aside, saying so in
the customer's language. Through the API, the terminal chat and the Streamlit app.
"""

from __future__ import annotations

import json

import pytest
from sqlmodel import Session, select
from typer.testing import CliRunner

from agent import ShoppingAgent
from agent.consent import is_question, starts_purchase, typed_code
from store.models import Order, OrderStatus, Payment
from tests.fake_provider import call, say
from tests.reliability import test_typed_confirmation as typed
from tests.store.factories import make_card, make_customer, make_wallet

runtime = typed.runtime  # the same fixture: a runtime over the fake provider, streaming
statuses, to_card = typed.statuses, typed.to_card

KEEP = [
    "is shipping free?",
    "wait, is shipping included in that?",
    "等下 总共多少钱来着",
    "包邮吗",
    "yes but put it on alipay instead",
    "可以 不过换成微信付吧",
    "hmm",
    "what's the delivery time",
    "thanks",
    "put it on my card instead",
    "card declined?",
]
NEW_PURCHASE = [
    "find me some socks",
    "add a birthday card too",  # a card to buy: a new purchase, not a way to pay
    "再加一张贺卡",
    "actually add a blue kettle too",
    "I want a cheaper one",
    "再加一包辣条",
    "帮我找个蓝牙音箱",
]


@pytest.mark.parametrize("text", KEEP)
def test_questions_and_words_about_the_payment_keep_it(text):
    assert not starts_purchase(text)


@pytest.mark.parametrize("text", NEW_PURCHASE)
def test_a_new_shopping_request_starts_a_purchase(text):
    assert starts_purchase(text)


def test_questions_without_a_question_mark():
    assert is_question("总共多少钱") and is_question("what colours does it come in")
    assert not is_question("find me socks")


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("123", "123"),
        ("got the text, code is 123", "123"),
        ("验证码是123", "123"),
        ("hi there", None),
    ],
)
def test_a_code_typed_in_the_chat(text, code):
    assert typed_code(text) == code


def test_a_question_is_answered_and_the_same_card_still_pays(runtime, fake, shop):
    agent = ShoppingAgent("alice", model="fake", runtime=runtime)
    card = to_card(agent, fake, shop.earbuds.id)
    fake.script(say("Shipping is free on this order."))

    reply = agent.send("is shipping included?")

    assert reply.text == "Shipping is free on this order."
    assert reply.pending is not None and reply.pending.token == card.token
    assert statuses(shop) == [OrderStatus.awaiting_payment]
    told = fake.requests[-1]["messages"]
    waiting = next(
        m for m in told if m["role"] == "tool" and "awaiting_confirmation" in m["content"]
    )
    assert json.loads(waiting["content"])["payment"]["order_id"] == card.order_id
    assert told[-1] == {"role": "user", "content": "is shipping included?"}

    fake.script(say("Paid, thank you!"))
    paid = agent.confirm(card)  # the card shown before the question is still the valid one
    assert paid.pending is None and statuses(shop) == [OrderStatus.paid]
    with Session(shop.engine) as s:
        assert len(s.exec(select(Payment)).all()) == 1


def test_a_yes_after_a_question_pays_the_card(runtime, fake, shop):
    agent = ShoppingAgent("alice", model="fake", runtime=runtime)
    to_card(agent, fake, shop.earbuds.id)
    fake.script(say("About three days."))
    agent.send("how long is delivery")
    fake.script(say("Paid."))
    assert agent.send("ok pay").pending is None
    assert statuses(shop) == [OrderStatus.paid]


def test_a_new_method_asked_for_replaces_the_card(runtime, fake, shop):
    agent = ShoppingAgent("alice", model="fake", runtime=runtime)
    with Session(shop.engine, expire_on_commit=False) as s:
        other = make_wallet(s, shop.alice, balance=10**7)
    card = to_card(agent, fake, shop.earbuds.id)
    fake.script(call("pay_order", {"order_id": card.order_id, "payment_method": other.label}))

    reply = agent.send("yes but put it on the other one instead")

    assert reply.pending.summary.payment_method.id == other.id
    assert reply.pending.token != card.token
    refused = agent.confirm(card)  # the old card no longer pays
    assert refused.pending.refused and statuses(shop) == [OrderStatus.awaiting_payment]


@pytest.mark.parametrize(
    ("handle", "words"), [("alice", "set the payment for order"), ("chen", "付款先放一边")]
)
def test_a_new_purchase_sets_the_payment_aside_and_says_so(runtime, fake, shop, handle, words):
    with Session(shop.engine) as s:
        make_card(s, make_customer(s, "chen", language="zh"))
    agent = ShoppingAgent(handle, model="fake", runtime=runtime)
    card = to_card(agent, fake, shop.earbuds.id)
    fake.script(say("Here are some socks."))

    reply = agent.send("find me some socks" if handle == "alice" else "帮我找双袜子")

    assert reply.pending is None
    assert words in reply.text and f"#{card.order_id}" in reply.text
    assert reply.text.endswith("Here are some socks.")
    assert statuses(shop) == [OrderStatus.awaiting_payment], "nothing charged, order kept"


def test_the_terminal_keeps_the_card_through_a_question():
    from ui.cli import app

    result = CliRunner().invoke(
        app,
        ["chat", "--model", "offline", "--user", "chen"],
        input="帮我找300元以内的无线耳机\n加第一个，白色\n结账\n包邮吗？\n好的付款\n退出\n",
    )
    assert result.exit_code == 0, result.output
    assert result.output.count("Pay now?") >= 2, "the card is asked again after the question"
    from store import get_engine
    from store.models import Customer

    with Session(get_engine()) as s:
        chen = s.exec(select(Customer).where(Customer.handle == "chen")).one()
        orders = s.exec(select(Order).where(Order.customer_id == chen.id)).all()
    assert [o.status for o in orders] == [OrderStatus.paid]


def test_the_app_keeps_the_card_through_a_question():
    from tests.ui.test_app import click, fill_cart_and_check_out, keys, orders_of, send, start

    at = start()
    fill_cart_and_check_out(at)
    send(at, "is shipping free?")
    assert "confirm-payment" in keys(at), "the card is still there after the answer"
    assert [o.status for o in orders_of("alice")] == [OrderStatus.awaiting_payment]
    click(at, "confirm-payment")
    assert [o.status for o in orders_of("alice")] == [OrderStatus.paid]
