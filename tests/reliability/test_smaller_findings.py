"""Finding 13, the store and terminal parts: a new default card keeps a pending confirmation
valid; the terminal chat prints seller text and hints literally (never as Rich markup)."""

from __future__ import annotations

import uuid

from rich.console import Console
from sqlmodel import Session, select

import store
from store.models import PaymentMethod
from tests.store.factories import make_card, make_product, place_order
from ui.chat import show_summary


def test_choosing_a_new_default_card_keeps_the_confirmation_valid(session, shop):
    order = place_order(session, shop.alice, shop.earbuds)
    summary = store.payment_summary(session, customer_id=shop.alice.id, order_id=order.id)
    token = store.issue_confirmation_token(summary)  # what the human is looking at

    other = make_card(session, shop.alice, is_default=False)
    mine = select(PaymentMethod).where(PaymentMethod.customer_id == shop.alice.id)
    for method in session.exec(mine):
        method.is_default = method.id == other.id
        session.add(method)
    session.commit()

    result = store.pay_order(
        session,
        customer_id=shop.alice.id,
        order_id=order.id,
        confirmation_token=token,
        idempotency_key=uuid.uuid4().hex,
        payment_method_id=summary.payment_method.id,
    )
    assert result.status == "succeeded"


def test_the_payment_summary_prints_seller_text_literally(session, shop):
    with Session(shop.engine, expire_on_commit=False) as s:
        odd = make_product(s, title="[bold red]FREE[/bold red] mug [models.x]", price=1000)
    order = place_order(session, shop.alice, odd)
    summary = store.payment_summary(session, customer_id=shop.alice.id, order_id=order.id)
    console = Console(record=True, width=200)
    pending = type("Pending", (), {"summary": summary, "kind": "confirm_payment"})()
    show_summary(console, pending)
    assert "[bold red]FREE[/bold red] mug [models.x]" in console.export_text()
