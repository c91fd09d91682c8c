"""The offline demo's promotion phrases: asking for discounts, applying and removing a coupon."""

from __future__ import annotations

import pytest

from agent.offline.intents import detect_intent
from agent.offline.promotions import coupon_code


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("any discount?", "promotions"),
        ("are there any deals today", "promotions"),
        ("do I have red packets", "promotions"),
        ("有优惠吗", "promotions"),
        ("有什么活动", "promotions"),
        ("我有红包吗", "promotions"),
        ("apply WELCOME10", "coupon"),
        ("use coupon code shoes50 please", "coupon"),
        ("用券", "coupon"),
        ("用券 WELCOME10", "coupon"),
        ("使用优惠码welcome10", "coupon"),
        ("remove the coupon", "remove_coupon"),
        ("不用优惠券了", "remove_coupon"),
    ],
)
def test_promotion_phrases_in_both_languages(text, intent):
    found = detect_intent(text)
    assert found is not None and found.name == intent


@pytest.mark.parametrize(
    "text",
    ["use my card 4242", "remove the second one", "wireless earbuds under 300", "户外活动背包"],
)
def test_other_requests_stay_what_they_were(text):
    found = detect_intent(text)
    assert found is None or found.name not in {"promotions", "coupon", "remove_coupon"}


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("apply WELCOME10", "WELCOME10"),
        ("use coupon code shoes50 please", "SHOES50"),
        ("用券welcome10", "WELCOME10"),
        ("apply the code FESTIVE", "FESTIVE"),
        ("用券", None),
        ("apply a coupon", None),
    ],
)
def test_the_code_is_taken_from_the_words(text, code):
    assert coupon_code(text) == code
