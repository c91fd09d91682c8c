"""The small shop most agent and tool tests play in: Alice and Bob, a shoe and earbuds."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine
from sqlmodel import Session

from store.models import Customer, Product
from tests.store.factories import make_address, make_card, make_customer, make_product
from tools import ToolContext


@dataclass
class Shop:
    engine: Engine
    alice: Customer
    bob: Customer
    shoe: Product
    earbuds: Product

    def ctx(self, customer: Customer | None = None) -> ToolContext:
        customer = customer or self.alice
        assert customer.id is not None
        return ToolContext(engine=self.engine, customer_id=customer.id)


def build_shop(engine: Engine, *, addresses: bool = True) -> Shop:
    """Two customers with a card each (and an address, unless not asked), a shoe in three
    sizes and earbuds."""
    with Session(engine, expire_on_commit=False) as s:
        alice = make_customer(s, "alice", name="Alice")
        bob = make_customer(s, "bob", name="Bob")
        for customer in (alice, bob):
            make_card(s, customer)
            if addresses:
                make_address(s, customer)
        shoe = make_product(
            s,
            title="Li-Ning running shoe",
            price=39900,
            stock=5,
            brand="Li-Ning",
            options_list=[{"size": "41"}, {"size": "42"}, {"size": "43"}],
        )
        earbuds = make_product(
            s, title="Anker wireless earbuds", price=19900, stock=20, brand="Anker"
        )
    return Shop(engine, alice, bob, shoe, earbuds)
