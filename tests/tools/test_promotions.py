"""Promotion tools: the model names a code, the store says what it saves."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlmodel import Session

from store.cart import add_to_cart
from store.models import PromotionKind
from store.orders import checkout
from store.payments import payment_summary
from store.settings import reset_settings
from tests.store.factories import make_card, make_customer, make_product
from tests.store.test_promotions import NOW, coupon, red_packet, spring_festival
from tools import REGISTRY, ToolContext
from tools.results import payment_summary as summary_for_model


@pytest.fixture
def shop(sqlite_engine, monkeypatch):
    monkeypatch.setenv("SHOPAGENT_NOW", NOW.isoformat())
    reset_settings()
    with Session(sqlite_engine, expire_on_commit=False) as session:
        chen = make_customer(session, "chen", language="zh")
        make_card(session, chen)
        spring_festival(session, name_zh="春节满300减50")
        coupon(session, min_spend=10000)
        red_packet(session, chen, 800)
        product = make_product(session, price=28500)
        add_to_cart(session, customer_id=chen.id, product_id=product.id)
    return ToolContext(engine=sqlite_engine, customer_id=chen.id, language="zh")


def run(ctx, name, arguments="{}"):
    outcome = REGISTRY.get(name).run(ctx, arguments)
    return outcome.ok, json.loads(outcome.content)


def test_list_promotions_shows_codes_conditions_and_usable_red_packets(shop):
    ok, found = run(shop, "list_promotions")
    assert ok
    by_kind = {p["kind"]: p for p in found["promotions"]}
    assert by_kind["threshold"]["name"] == "春节满300减50"
    assert by_kind["threshold"]["offer"] == "每满¥300.00减¥50.00"
    assert not by_kind["threshold"]["applies"]  # ¥285 so far
    assert by_kind["coupon"] == {
        "kind": "coupon",
        "name": "coupon promo",
        "code": "WELCOME10",
        "offer": "满¥100.00打9折",
        "until": (NOW + timedelta(days=14)).date().isoformat(),
        "applies": True,
    }
    assert found["red_packets"] == [
        {"name": "Red packet", "balance": "¥8.00", "until": by_kind["coupon"]["until"]}
    ]


def test_offers_are_told_in_the_customers_language(shop):
    english = ToolContext(engine=shop.engine, customer_id=shop.customer_id, language="en")
    _, found = run(english, "list_promotions")
    offers = {p["kind"]: p["offer"] for p in found["promotions"]}
    assert offers == {
        "threshold": "every ¥300.00 takes ¥50.00 off",
        "coupon": "10% off from ¥100.00",
    }


def test_the_cart_says_when_a_threshold_is_close_and_what_a_coupon_saves(shop):
    ok, viewed = run(shop, "view_cart")
    assert viewed["cart"]["almost"] == [
        {"campaign": "春节满300减50", "spend_more": "¥15.00", "saves": "¥50.00"}
    ]
    assert viewed["cart"]["discounts"] == [{"name": "Red packet", "amount": "-¥8.00"}]

    ok, applied = run(shop, "apply_coupon", '{"code": "welcome10"}')
    assert ok and applied["cart"]["coupon"] == "WELCOME10"
    assert applied["cart"]["discounts"] == [
        {"name": "coupon promo", "code": "WELCOME10", "amount": "-¥28.50"},
        {"name": "Red packet", "amount": "-¥8.00"},
    ]
    assert applied["cart"]["total"] == "¥248.50"

    ok, removed = run(shop, "remove_coupon")
    assert ok and "coupon" not in removed["cart"] and removed["cart"]["total"] == "¥277.00"


def test_a_code_is_all_the_model_can_name(shop):
    schema = REGISTRY.get("apply_coupon").schema()["function"]["parameters"]
    assert list(schema["properties"]) == ["code"]
    ok, error = run(shop, "apply_coupon", '{"code": "WELCOME10", "amount": 5000}')
    assert not ok and error["error"] == "invalid_arguments"
    ok, error = run(shop, "apply_coupon", '{"code": "NOSUCH"}')
    assert not ok and error["error"] == "not_found" and "list the promotions" in error["message"]


def test_order_and_payment_results_show_the_discounts(shop):
    with Session(shop.engine, expire_on_commit=False) as session:
        add_to_cart(session, customer_id=shop.customer_id, product_id=1)  # ¥570 now
        order = checkout(session, customer_id=shop.customer_id)
        summary = payment_summary(session, customer_id=shop.customer_id, order_id=order.id)
    ok, shown = run(shop, "get_order_status", json.dumps({"order_id": order.id}))
    assert shown["order"]["discounts"] == [
        {"name": "春节满300减50", "amount": "-¥50.00"},
        {"name": "Red packet", "amount": "-¥8.00"},
    ]
    assert shown["order"]["total"] == "¥512.00"
    assert summary_for_model(summary, "zh")["discounts"] == shown["order"]["discounts"]
    assert [d.kind for d in summary.discounts] == [
        PromotionKind.threshold,
        PromotionKind.red_packet,
    ]
