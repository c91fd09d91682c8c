"""Hypothesis state machine over store operation sequences, on a real SQLite file store.

Two customers add, change and remove cart lines, check out, pay (with the token of the summary
they were shown), cancel and refund, while the seller changes prices and stock. After every
step: stock never negative, order totals equal the sum of their lines, exactly one succeeded
charge per paid order, carts reference existing variants, and stock moved only with paid orders.
"""

from __future__ import annotations

import shutil
import uuid
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule
from sqlmodel import Session, select

import store
from store import StoreError, init_db, make_engine, session_scope
from store.models import Order, Variant
from tests.reliability.conftest import build_shop
from tests.reliability.invariants import assert_store_invariants

RUNS = 100
STEPS = 25


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    """One seeded store file; every run plays on a copy of it."""
    path = tmp_path_factory.mktemp("template") / "shop.db"
    engine = make_engine(f"sqlite:///{path}")
    init_db(engine)
    build_shop(engine)
    engine.dispose()
    return path


def test_store_operation_sequences_keep_the_invariants(template, tmp_path):
    runs = iter(range(10**9))

    class Shopping(RuleBasedStateMachine):
        @initialize()
        def open_store(self) -> None:
            path = tmp_path / f"run{next(runs)}.db"
            shutil.copy(template, path)
            self.engine = make_engine(f"sqlite:///{path}")
            with Session(self.engine) as s:
                variants = s.exec(select(Variant).order_by(Variant.id)).all()
                self.variants = [(v.id, v.product_id) for v in variants]
                self.initial_stock = {v.id: v.stock for v in variants}
                self.customers = [c.id for c in store.list_customers(s)]

        def teardown(self) -> None:
            self.engine.dispose()

        def attempt(self, action) -> None:
            try:
                with session_scope(self.engine) as session:
                    action(session)
            except StoreError:
                pass  # an expected refusal (out of stock, wrong state...): nothing changed

        @rule(who=st.integers(0, 1), which=st.integers(0, 3), quantity=st.integers(-1, 7))
        def add(self, who, which, quantity):
            variant_id, product_id = self.variants[which]
            self.attempt(
                lambda s: store.add_to_cart(
                    s,
                    customer_id=self.customers[who],
                    product_id=product_id,
                    variant_id=variant_id,
                    quantity=quantity,
                )
            )

        @rule(who=st.integers(0, 1), line=st.integers(0, 3), quantity=st.integers(-1, 8))
        def change_line(self, who, line, quantity):
            def change(s):
                lines = store.view_cart(s, customer_id=self.customers[who]).lines
                if line < len(lines):
                    store.update_cart_line(
                        s,
                        customer_id=self.customers[who],
                        line_id=lines[line].line_id,
                        quantity=quantity,
                    )

            self.attempt(change)

        @rule(who=st.integers(0, 1), accept=st.booleans())
        def checkout(self, who, accept):
            self.attempt(
                lambda s: store.checkout(
                    s, customer_id=self.customers[who], accept_price_changes=accept
                )
            )

        def _orders(self, s, who):
            return s.exec(select(Order).where(Order.customer_id == self.customers[who])).all()

        @rule(who=st.integers(0, 1), pick=st.integers(0, 5), same_key=st.booleans())
        def pay(self, who, pick, same_key):
            def pay_one(s):
                waiting = [o for o in self._orders(s, who) if o.status == "awaiting_payment"]
                orders = (waiting or self._orders(s, who)) if pick else self._orders(s, who)
                if not orders:
                    return
                order = orders[pick % len(orders)]
                summary = store.payment_summary(
                    s, customer_id=self.customers[who], order_id=order.id
                )
                token = store.issue_confirmation_token(summary)
                key = f"order-{order.id}" if same_key else uuid.uuid4().hex
                result = store.pay_order(
                    s,
                    customer_id=self.customers[who],
                    order_id=order.id,
                    confirmation_token=token,
                    idempotency_key=key,
                )
                event(f"payment {result.status}")

            self.attempt(pay_one)

        @rule(who=st.integers(0, 1), which=st.integers(0, 3), quantity=st.integers(1, 3))
        def buy(self, who, which, quantity):
            """The whole purchase at once, as a customer who knows what they want."""
            self.add(who, which, quantity)
            self.checkout(who, True)
            self.pay(who, 1, False)

        @rule(who=st.integers(0, 1), pick=st.integers(0, 5), refund=st.booleans())
        def close(self, who, pick, refund):
            def close_one(s):
                orders = self._orders(s, who)
                if orders:
                    order_id = orders[pick % len(orders)].id
                    ids = {"customer_id": self.customers[who], "order_id": order_id}
                    if refund:  # as the customer confirmed the refund summary shown
                        token = store.issue_confirmation_token(store.refund_summary(s, **ids))
                        store.refund_order(s, **ids, confirmation_token=token)
                    else:
                        store.cancel_order(s, **ids)

            self.attempt(close_one)

        @rule(which=st.integers(0, 3), price=st.integers(0, 50_000), restock=st.integers(0, 3))
        def seller_edits(self, which, price, restock):
            def edit(s):
                variant = s.get(Variant, self.variants[which][0])
                variant.price = price
                variant.stock += restock
                self.initial_stock[variant.id] += restock
                s.add(variant)

            self.attempt(edit)

        @invariant()
        def sound(self) -> None:
            if hasattr(self, "engine"):
                assert_store_invariants(self.engine, self.initial_stock)

    Shopping.TestCase.settings = settings(
        max_examples=RUNS,
        stateful_step_count=STEPS,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    Shopping.TestCase().runTest()
