from __future__ import annotations

import pytest

from store.customers import get_customer, list_addresses, list_customers, list_payment_methods
from store.errors import NotFound
from tests.store.factories import make_address, make_card, make_customer, make_wallet


def test_list_customers_oldest_first(session):
    alice = make_customer(session, "alice", name="Alice", language="zh")
    bob = make_customer(session, "bob")

    customers = list_customers(session)

    assert [(c.id, c.handle) for c in customers] == [(alice.id, "alice"), (bob.id, "bob")]
    assert customers[0].name == "Alice" and customers[0].language == "zh"


@pytest.mark.parametrize("ref", ["alice", "ALICE", " alice ", "id"])
def test_get_customer_by_handle_or_id(session, ref):
    make_customer(session, "zed")
    alice = make_customer(session, "alice")

    found = get_customer(session, alice.id if ref == "id" else ref)

    assert found.id == alice.id and found.handle == "alice"


def test_get_customer_accepts_id_as_text(session):
    alice = make_customer(session, "alice")
    assert get_customer(session, str(alice.id)).handle == "alice"


@pytest.mark.parametrize("ref", ["nobody", 999])
def test_unknown_customer_is_not_found(session, ref):
    make_customer(session, "alice")
    with pytest.raises(NotFound, match="list the customers"):
        get_customer(session, ref)


def test_addresses_are_the_customers_own_default_first(session):
    alice = make_customer(session, "alice", with_address=False)
    bob = make_customer(session, "bob")
    office = make_address(session, alice, label="Office", is_default=False, line1="9 Zhongguancun")
    home = make_address(session, alice, label="Home", is_default=True)

    addresses = list_addresses(session, customer_id=alice.id)

    assert [a.id for a in addresses] == [home.id, office.id]
    assert addresses[0].is_default and not addresses[1].is_default
    assert addresses[1].one_line == "Alice, 9 Zhongguancun, Beijing, Beijing 100083, CN"
    assert all(
        a.id not in {x.id for x in addresses} for a in list_addresses(session, customer_id=bob.id)
    )


def test_payment_methods_show_labels_never_numbers(session):
    alice = make_customer(session, "alice")
    card = make_card(session, alice, "4000000000000002")
    wallet = make_wallet(session, alice, balance=5000)

    methods = list_payment_methods(session, customer_id=alice.id)

    assert [(m.id, m.label, m.is_default) for m in methods] == [
        (card.id, "Visa ···0002", True),
        (wallet.id, "Alipay", False),
    ]
    assert "4000000000000002" not in str([m.model_dump() for m in methods])


def test_lists_of_unknown_customer_are_not_found(session):
    with pytest.raises(NotFound):
        list_addresses(session, customer_id=42)
    with pytest.raises(NotFound):
        list_payment_methods(session, customer_id=42)
