"""Promotions in the app and the terminal: banner, coupon entry, savings, discount lines.

The real app through AppTest, over the demo shop in its festival window.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from rich.console import Console
from sqlmodel import Session

import store
from store.models import Promotion, PromotionKind
from store.settings import reset_settings
from tests.store.factories import make_card, make_customer, make_product, place_order
from tests.ui.test_app import cart_of, click, keys, orders_of, send, start, texts
from ui.chat import show_summary
from ui.i18n import TEXT

FESTIVAL = "2027-02-01T10:00:00+08:00"


@pytest.fixture
def festival(monkeypatch):
    monkeypatch.setenv("SHOPAGENT_NOW", FESTIVAL)
    reset_settings()


def test_coupon_entry_savings_and_discount_lines_on_the_confirmation_card(festival) -> None:
    at = start()
    assert any("Spring Festival" in s.value for s in at.success), "the campaign banner shows"
    send(at, "wireless earbuds under 300")
    click(at, keys(at, suffix="-add")[0])

    at.text_input(key="coupon-code").set_value("welcome10").run()
    click(at, "apply-coupon")
    cart = cart_of("alice")
    assert cart.coupon == "WELCOME10"
    (discount,) = cart.discounts
    saved = store.format_money(discount.amount, cart.currency)
    assert f"-{saved}" in texts(at) and "Welcome: 10% off · WELCOME10" in texts(at)

    click(at, "checkout")
    (order,) = orders_of("alice")
    assert order.total == cart.total and [d.code for d in order.discounts] == ["WELCOME10"]
    assert store.format_money(order.total, order.currency) in at.button(key="confirm-payment").label
    card = texts(at)
    assert f"-{saved}" in card and store.format_money(order.subtotal, order.currency) in card

    click(at, "confirm-payment")
    (paid,) = orders_of("alice")
    assert paid.status == store.OrderStatus.paid
    # The paid order earned the festival red packet, shown in the customer's panel.
    assert TEXT["en"]["red_packets"] in texts(at) and "Spring Festival red packet" in texts(at)


def test_the_terminal_prompt_lists_the_discounts_being_confirmed(sqlite_engine, festival):
    with Session(sqlite_engine, expire_on_commit=False) as session:
        alice = make_customer(session, "alice")
        make_card(session, alice)
        lanterns = make_product(session, title="Lantern set", price=65000)
        session.add(
            Promotion(
                kind=PromotionKind.threshold,
                name_en="Festival 50 off 300",
                starts_at=datetime(2027, 1, 1, tzinfo=UTC),
                ends_at=datetime(2027, 3, 1, tzinfo=UTC),
                min_spend=30000,
                amount_off=5000,
            )
        )
        session.commit()
        order = place_order(session, alice, lanterns)
        summary = store.payment_summary(session, customer_id=alice.id, order_id=order.id)
    console = Console(record=True, width=200)
    show_summary(console, type("Pending", (), {"summary": summary})())
    printed = console.export_text()
    assert "Festival 50 off 300" in printed and "-¥100.00" in printed
    assert "¥650.00" in printed and "¥550.00" in printed
