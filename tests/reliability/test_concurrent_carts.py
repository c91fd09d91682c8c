"""Finding 12 and part of 7: one customer's simultaneous cart changes and checkouts.

Before: on PostgreSQL two checkouts of one cart at once made two orders (15 of 15 tries), and
the same customer's first two add-to-carts at once raised an IntegrityError on the cart.
"""

from __future__ import annotations

from sqlmodel import Session, select

from store.models import Cart, CartLine, Order
from tests.store.test_concurrency import run_together
from tools import REGISTRY

TRIES = 8


def test_first_add_to_carts_at_once_make_one_cart(shop):
    def add(index):
        product = shop.earbuds if index % 2 else shop.shoe
        arguments = {"product_id": product.id}
        if product is shop.shoe:
            arguments["options"] = {"size": "42"}
        return REGISTRY.get("add_to_cart").run(shop.ctx(), arguments)

    outcomes = run_together(TRIES, add)

    assert all(outcome.ok for outcome in outcomes), [o.content for o in outcomes]
    with Session(shop.engine) as session:
        assert len(session.exec(select(Cart)).all()) == 1
        lines = session.exec(select(CartLine)).all()
        assert sorted(line.quantity for line in lines) == [TRIES // 2, TRIES // 2]


def test_the_same_line_added_at_once_adds_up(shop):
    outcomes = run_together(
        TRIES,
        lambda _: REGISTRY.get("add_to_cart").run(shop.ctx(), {"product_id": shop.earbuds.id}),
    )
    assert all(outcome.ok for outcome in outcomes), [o.content for o in outcomes]
    with Session(shop.engine) as session:
        assert [line.quantity for line in session.exec(select(CartLine)).all()] == [TRIES]


def test_two_checkouts_of_one_cart_make_one_order(shop):
    for attempt in range(5):
        added = REGISTRY.get("add_to_cart").run(shop.ctx(), {"product_id": shop.earbuds.id})
        assert added.ok, added.content

        outcomes = run_together(2, lambda _: REGISTRY.get("checkout").run(shop.ctx(), {}))

        assert all(outcome.ok for outcome in outcomes), attempt
        # The second found the cart empty and offered an order that awaits payment instead.
        assert sorted(outcome.data.resumed for outcome in outcomes) == [False, True], attempt
    with Session(shop.engine) as session:
        assert len(session.exec(select(Order)).all()) == 5
