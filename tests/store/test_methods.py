"""Which saved payment method a customer's words name, in English and Chinese."""

from __future__ import annotations

import pytest

from store import NotFound, PaymentMethodKind
from store.methods import mentions_payment_method, method_named, method_words, saved_method
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
        ("the declined test card", DECLINED),  # words of its label
        ("my test card", DECLINED),
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


@pytest.mark.parametrize(
    ("text", "mentions"),
    [
        ("pay by card", True),
        ("put it on my card", True),
        ("the card ending 0002", True),
        ("用卡付吧", True),
        ("add a birthday card too", False),  # a card to buy, not to pay with
        ("add to card the socks", False),  # "cart", mistyped
        ("再加一张贺卡", False),
    ],
)
def test_a_bare_card_is_a_way_to_pay_only_where_the_words_say_so(text, mentions):
    assert mentions_payment_method(text) is mentions


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("check out and pay with Alipay", "Alipay"),
        ("用微信付", "微信"),
        ("the card ending 0002", "card ending 0002"),
        ("yes but on alipay", "alipay"),
        ("use another card", "another card"),
        ("not wechat, alipay", "wechat, alipay"),
        ("那用4242那张吧", "4242那张"),
        ("pay with the declined test card", "the declined test card"),
        ("checkout with the declined test card", "the declined test card"),
        ("pay order 1234", None),
        ("有别的颜色吗", None),  # another colour, not another way to pay
        ("换一张", "换一张"),  # another card
        ("one uno card game please", None),
        ("add 2 packs", None),
    ],
)
def test_the_words_that_name_a_method(text, words):
    assert method_words(text) == words


@pytest.mark.parametrize(
    ("words", "method"),
    [
        ("Visa ···0002 (test: declined)", DECLINED),  # a label as listed
        ("支付宝 Alipay", ALIPAY),
        ("Visa ···4242", VISA),
        ("card ending 0002", DECLINED),
        ("微信", WECHAT),
        ("3", WECHAT),  # an id from a listing
    ],
)
def test_a_saved_method_by_label_words_or_id(words, method):
    assert saved_method(words, SAVED, current_id=VISA.id) == method


@pytest.mark.parametrize(
    ("words", "named"), [("my Mastercard", "Mastercard"), ("PayPal", "PayPal")]
)
def test_an_unknown_method_is_an_error_listing_the_saved_ones(words, named):
    with pytest.raises(NotFound) as error:
        saved_method(words, SAVED)

    assert named in error.value.message
    assert all(m.label in error.value.message for m in SAVED)
    assert error.value.details["saved_methods"] == [m.label for m in SAVED]
