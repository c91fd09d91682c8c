"""Which saved payment method a customer's words name, in English and Chinese."""

from __future__ import annotations

import pytest

from store import PaymentMethodKind
from store.methods import mentions_payment_method, method_named
from store.views import PaymentMethodView

VISA = PaymentMethodView(id=1, kind=PaymentMethodKind.card, label="Visa ···4242", is_default=True)
ALIPAY = PaymentMethodView(
    id=2, kind=PaymentMethodKind.alipay, label="支付宝 Alipay", is_default=False
)
WECHAT = PaymentMethodView(
    id=3, kind=PaymentMethodKind.wechat_pay, label="WeChat Pay", is_default=False
)
DECLINED = PaymentMethodView(
    id=4, kind=PaymentMethodKind.card, label="Visa ···0002 (test: declined)", is_default=False
)
SAVED = [VISA, ALIPAY, WECHAT, DECLINED]


@pytest.mark.parametrize(
    ("text", "method"),
    [
        ("pay with Alipay", ALIPAY),
        ("用微信付", WECHAT),
        ("checkout, wechat pay pls", WECHAT),
        ("the card ending 0002", DECLINED),
        ("结账 用尾号0002的卡", DECLINED),
        ("那用4242那张吧", VISA),
        ("微信没钱了 那刷4242的卡吧", VISA),  # the last one named wins
        ("oh my wechat is empty. alipay then", ALIPAY),
        ("use my default card", VISA),
        ("换张卡 用默认那张", VISA),
        ("my visa", VISA),
    ],
)
def test_the_method_named(text, method):
    named = method_named(text, SAVED)
    assert named is not None and named.method == method


def test_another_card_is_not_the_one_used_now():
    assert method_named("use another card", SAVED, current_id=VISA.id).method == DECLINED
    assert method_named("another card", SAVED, current_id=DECLINED.id).method == VISA


@pytest.mark.parametrize(
    ("text", "named"),
    [("my Mastercard", "Mastercard"), ("the card ending 1111", "card ending 1111")],
)
def test_a_method_not_saved_is_named_but_not_found(text, named):
    found = method_named(text, SAVED)
    assert found is not None and found.method is None and found.named == named


@pytest.mark.parametrize("text", ["find me a cardigan", "yes", "add 2 packs", "2024 model"])
def test_no_method_named(text):
    assert method_named(text, SAVED) is None
    assert not mentions_payment_method(text)
