"""Many buyers at once: the store never oversells and never charges twice.

Real threads against the real databases (a SQLite file, the PostgreSQL server), each with
its own session, as the UI and agent workers would.
"""

from __future__ import annotations

from collections import Counter
from concurrent.futures import ThreadPoolExecutor

from sqlmodel import Session, select

from store.cart import add_to_cart
from store.confirmations import issue_confirmation_token
from store.errors import IdempotencyConflict, OutOfStock, StoreError
from store.models import Order, OrderStatus, Payment, PaymentStatus
from store.orders import checkout
from store.payments import pay_order, payment_summary
from store.views import PaymentResult
from tests.store.factories import make_card, make_customer, make_product, place_order, variants_of

BUYERS = 50
IN_STOCK = 10


def run_together(count, task):
    """Run task(0..count-1) on `count` threads at once; results (or StoreErrors) in order."""

    def guarded(index):
        try:
            return task(index)
        except StoreError as error:
            return error

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(guarded, range(count)))


def pay_alone(engine, customer_id, order_id, token, key):
    """A payment in a session of its own, as one UI or agent worker would make it."""
    with Session(engine, expire_on_commit=False) as own:
        return pay_order(
            own,
            customer_id=customer_id,
            order_id=order_id,
            confirmation_token=token,
            idempotency_key=key,
        )


def test_fifty_buyers_ten_in_stock_exactly_ten_paid(engine, session):
    sneaker = make_product(session, title="Limited sneaker", price=89900, stock=IN_STOCK)
    buyers = []
    for _ in range(BUYERS):
        buyer = make_customer(session)
        make_card(session, buyer)
        buyers.append(buyer.id)

    def buy(index):
        customer_id = buyers[index]
        with Session(engine, expire_on_commit=False) as own:
            add_to_cart(own, customer_id=customer_id, product_id=sneaker.id)
            order = checkout(own, customer_id=customer_id)
            summary = payment_summary(own, customer_id=customer_id, order_id=order.id)
            return pay_order(
                own,
                customer_id=customer_id,
                order_id=order.id,
                confirmation_token=issue_confirmation_token(summary),
                idempotency_key=f"buy-{customer_id}",
            )

    session.commit()  # end the read transaction: on SQLite it would hold the write lock
    outcomes = run_together(BUYERS, buy)

    paid = [o for o in outcomes if isinstance(o, PaymentResult) and o.status == "succeeded"]
    assert len(paid) == IN_STOCK
    # Everyone else was told it sold out, at checkout or when paying.
    refused = [o.code if isinstance(o, StoreError) else o.failure_code for o in outcomes]
    assert Counter(refused) == {None: IN_STOCK, OutOfStock.code: BUYERS - IN_STOCK}
    assert variants_of(session, sneaker)[0].stock == 0
    paid_orders = session.exec(select(Order).where(Order.status == OrderStatus.paid)).all()
    assert len(paid_orders) == IN_STOCK
    assert {o.customer_id for o in paid_orders} == {
        session.get(Payment, p.payment_id).customer_id for p in paid
    }
    charged = session.exec(select(Payment).where(Payment.status == PaymentStatus.succeeded)).all()
    assert len(charged) == IN_STOCK


def test_concurrent_retries_with_one_key_charge_once(engine, session):
    buyer = make_customer(session)
    make_card(session, buyer)
    tee = make_product(session, title="Tee", stock=5)
    order = place_order(session, buyer, tee)
    token = issue_confirmation_token(
        payment_summary(session, customer_id=buyer.id, order_id=order.id)
    )

    def pay(_index):
        return pay_alone(engine, buyer.id, order.id, token, "double-click")

    session.commit()  # end the read transaction: on SQLite it would hold the write lock
    results = run_together(8, pay)

    assert all(not isinstance(r, StoreError) for r in results), results
    assert {(r.payment_id, r.status) for r in results} == {
        (results[0].payment_id, PaymentStatus.succeeded)
    }
    assert len(session.exec(select(Payment)).all()) == 1
    assert variants_of(session, tee)[0].stock == 4


def test_one_key_raced_over_two_orders_charges_one(engine, session):
    buyer = make_customer(session)
    make_card(session, buyer)
    tee = make_product(session, title="Tee", stock=5)
    orders = [place_order(session, buyer, tee), place_order(session, buyer, tee)]
    tokens = [
        issue_confirmation_token(payment_summary(session, customer_id=buyer.id, order_id=o.id))
        for o in orders
    ]

    def pay(index):
        return pay_alone(engine, buyer.id, orders[index].id, tokens[index], "shared-key")

    session.commit()  # end the read transaction: on SQLite it would hold the write lock
    results = run_together(2, pay)

    assert sorted(type(r).__name__ for r in results) == ["IdempotencyConflict", "PaymentResult"]
    assert sum(isinstance(r, IdempotencyConflict) for r in results) == 1
    assert len(session.exec(select(Payment)).all()) == 1
    assert variants_of(session, tee)[0].stock == 4


def test_concurrent_payments_of_one_order_with_fresh_keys_charge_once(engine, session):
    buyer = make_customer(session)
    make_card(session, buyer)
    tee = make_product(session, title="Tee", stock=5)
    order = place_order(session, buyer, tee, quantity=2)
    token = issue_confirmation_token(
        payment_summary(session, customer_id=buyer.id, order_id=order.id)
    )

    def pay(index):
        return pay_alone(engine, buyer.id, order.id, token, f"click-{index}")

    session.commit()  # end the read transaction: on SQLite it would hold the write lock
    results = run_together(6, pay)

    assert sorted(type(r).__name__ for r in results) == ["InvalidState"] * 5 + ["PaymentResult"]
    assert len(session.exec(select(Payment)).all()) == 1
    assert variants_of(session, tee)[0].stock == 3
