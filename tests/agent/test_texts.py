"""Chinese all the way through: one translation mechanism, store errors by code, option words."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from agent import AgentRuntime, ShoppingAgent
from agent.texts import AGENT_TEXTS, store_error, translate
from store.locale import option_name, option_value
from store.models import Customer
from tests.agent.conftest import Shop
from tests.store.factories import make_product
from ui.i18n import TEXT
from ui.i18n import translate as ui_translate


def test_one_translate_reads_every_table_and_falls_back_to_english():
    assert translate(AGENT_TEXTS, "zh", "wrap_up").startswith("这条消息")
    assert translate(AGENT_TEXTS, "fr", "wrap_up") == translate(AGENT_TEXTS, "en", "wrap_up")
    assert ui_translate("zh", "new_chat") == translate(TEXT, "zh", "new_chat")


@pytest.mark.parametrize(
    ("code", "message", "expected"),
    [
        (
            "invalid_request",
            "Your cart is empty; add something before checking out.",
            "购物车是空的",
        ),
        ("out_of_stock", "Only 2 left of Road Racer (size 42).", "只剩 2 件"),
        ("invalid_state", "Order 7 is paid; it cannot be cancelled.", "订单 #7"),
        ("insufficient_funds", "The card has insufficient funds.", "余额不足"),
        (
            "not_found",
            "No saved payment method matches Mastercard. Saved methods: Visa ···4242, Alipay.",
            "你没有保存“Mastercard”这个支付方式。已保存的支付方式：Visa ···4242, Alipay。",
        ),
        ("coupon_unavailable", "The cart needs more of what it covers.", "适用的商品还不够"),
    ],
)
def test_store_errors_are_translated_by_their_code(code, message, expected):
    assert expected in store_error(code, message, "zh")
    assert store_error(code, message, "en") == message


def test_an_unknown_code_keeps_the_store_message():
    assert (
        store_error("something_new", "Something new happened.", "zh") == "Something new happened."
    )


@pytest.mark.parametrize(
    ("value", "chinese"),
    [
        ("Black", "黑色"),
        ("Olive", "橄榄绿"),
        ("Black Titanium", "黑色钛金属"),
        ("20 packs", "20包"),
        ("Small (18 cm)", "小号 (18 cm)"),
        ("Sandstone", "Sandstone"),
        ("Black/Gold", "黑色/金色"),
    ],
)
def test_option_values_read_in_chinese_word_by_word_or_as_written(value, chinese):
    assert option_value(value, "zh") == chinese
    assert option_value(value, "en") == value


def test_option_names_in_chinese():
    assert option_name("color", "zh") == "颜色"
    assert option_name("color", "en") == "color"


def test_a_chinese_customer_reads_the_cart_in_chinese(shop: Shop):
    with Session(shop.engine, expire_on_commit=False) as s:
        customer = s.get(Customer, shop.alice.id)
        assert customer is not None
        customer.language = "zh"
        s.add(customer)
        make_product(
            s,
            title="Trail jacket",
            title_zh="越野夹克",
            options_list=[{"color": "Olive"}, {"color": "Black"}],
        )
        s.commit()
    agent = ShoppingAgent("alice", model="offline", runtime=AgentRuntime(engine=shop.engine))

    reply = agent.send("越野夹克 橄榄绿 来一件")

    assert "越野夹克（颜色 橄榄绿） × 1" in reply.text
    assert "Olive" not in reply.text and "color" not in reply.text

    reply = agent.send("结账")
    assert reply.pending is not None and reply.pending.summary is not None
