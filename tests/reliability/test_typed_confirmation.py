"""Typed confirmation (issue 11 item 1): the human's own words, read in code, answer the card.

"yes" (or 确认, "ok pay") confirms exactly the payment on screen, "no" (or 先不付) declines it,
and anything else is never taken for a yes.
"""

from __future__ import annotations

import pytest
from sqlmodel import Session, select
from typer.testing import CliRunner

from agent import ShoppingAgent
from agent.consent import Verdict, classify
from store.models import Order, OrderStatus, Payment
from tests.agent.conftest import make_runtime
from tests.fake_provider import call, last_tool_result, say

ACCEPT = [
    "yes",
    "Yes!",
    "ok pay",
    "OK, pay",
    "confirm",
    "go ahead",
    "yes please, go ahead and pay",
    "是的",
    "确认",
    "好的付款",
    "付吧",
    "确认支付",
    "好",
    "ok 付吧",
    "👍",
]
DECLINE = [
    "no",
    "No thanks",
    "don't pay",
    "cancel it",
    "not now",
    "不要",
    "先不付",
    "取消",
    "算了吧",
]
OTHER = [
    "is shipping free?",
    "yes but in blue",
    "what colours does it come in",
    "好吗",
    "是不是包邮",
    "find me socks",
    "pay with alipay",
    "nothing",
    "no, yes",
    "the order",
    "",
    "y" * 200,
    "没问题吗",
]


@pytest.mark.parametrize("text", ACCEPT)
def test_clear_yes_in_both_languages(text):
    assert classify(text) == Verdict.accept


@pytest.mark.parametrize("text", DECLINE)
def test_clear_no_in_both_languages(text):
    assert classify(text) == Verdict.decline


@pytest.mark.parametrize("text", OTHER)
def test_anything_else_is_never_a_yes(text):
    assert classify(text) == Verdict.other


@pytest.fixture
def runtime(shop, fake):
    return make_runtime(shop, fake, streaming=True)


def to_card(agent, fake, product_id):
    fake.script(
        call("add_to_cart", {"product_id": product_id}),
        call("checkout", {}),
        lambda body: call("pay_order", {"order_id": last_tool_result(body)["order"]["order_id"]}),
    )
    return agent.send("I want these earbuds").pending


def statuses(shop):
    with Session(shop.engine) as s:
        return [o.status for o in s.exec(select(Order).order_by(Order.id))]


@pytest.mark.parametrize("text", ["yes", "确认"])
def test_typing_yes_confirms_the_payment_on_screen(runtime, fake, shop, text):
    agent = ShoppingAgent("alice", model="fake", runtime=runtime)
    to_card(agent, fake, shop.earbuds.id)
    fake.script(say("paid"))
    reply = agent.send(text)
    assert reply.pending is None
    assert statuses(shop) == [OrderStatus.paid]
    assert [c.name for c in reply.tool_calls] == ["pay_order"]
    assert not any(m["role"] == "user" and m["content"] == text for m in agent.messages), (
        "the yes answered the card; it was not sent to the model as a request"
    )


def test_typing_no_declines_it(runtime, fake, shop):
    agent = ShoppingAgent("alice", model="fake", runtime=runtime)
    to_card(agent, fake, shop.earbuds.id)
    fake.script(say("ok, not paid"))
    reply = agent.send("先不付")
    assert reply.pending is None
    assert statuses(shop) == [OrderStatus.awaiting_payment]
    with Session(shop.engine) as s:
        assert not s.exec(select(Payment)).all()


def test_a_yes_typed_in_a_stale_tab_pays_nothing(runtime, fake, shop):
    tab1 = ShoppingAgent("alice", model="fake", runtime=runtime)
    first = to_card(tab1, fake, shop.earbuds.id)
    tab2 = ShoppingAgent("alice", model="fake", runtime=runtime, thread_id=tab1.thread_id)
    second = to_card(tab2, fake, shop.earbuds.id)
    assert second.token != first.token

    refused = tab1.send("yes", showing=first)
    with Session(shop.engine) as s:
        assert not s.exec(select(Payment)).all()
    assert refused.pending.token == second.token and refused.pending.refused


def test_the_terminal_reads_the_answer_the_same_way():
    from ui.cli import app

    result = CliRunner().invoke(
        app,
        ["chat", "--model", "offline", "--user", "chen"],
        input="帮我找300元以内的无线耳机\n加第一个，白色\n结账\n好的付款\n退出\n",
    )
    assert result.exit_code == 0, result.output
    from store import get_engine
    from store.models import Customer

    with Session(get_engine()) as s:
        chen = s.exec(select(Customer).where(Customer.handle == "chen")).one()
        orders = s.exec(select(Order).where(Order.customer_id == chen.id)).all()
    assert [o.status for o in orders] == [OrderStatus.paid]


def test_typing_yes_in_the_app_confirms_the_card_it_shows():
    from tests.ui.test_app import fill_cart_and_check_out, keys, orders_of, send, start

    at = start()
    fill_cart_and_check_out(at)
    send(at, "ok pay")
    assert [o.status for o in orders_of("alice")] == [OrderStatus.paid]
    assert "confirm-payment" not in keys(at)
