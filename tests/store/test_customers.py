from __future__ import annotations

import pytest

from store.customers import (
    customer_with_preferences,
    get_customer,
    list_addresses,
    list_customers,
    list_payment_methods,
)
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


def test_a_customer_comes_with_their_preferences_by_key_in_one_read(session):
    from store.preferences import remember_preference

    alice = make_customer(session, "alice", name="Alice", language="zh")
    bob = make_customer(session, "bob")
    remember_preference(session, customer_id=alice.id, key="shoe size", value="42")
    remember_preference(session, customer_id=alice.id, key="budget", value="300")
    remember_preference(session, customer_id=bob.id, key="budget", value="9")

    customer, preferences = customer_with_preferences(session, alice.id)
    assert (customer.id, customer.handle, customer.name, customer.language) == (
        alice.id,
        "alice",
        "Alice",
        "zh",
    )
    assert list(preferences.items()) == [("budget", "300"), ("shoe_size", "42")]
    assert customer_with_preferences(session, bob.id)[1] == {"budget": "9"}
    new = make_customer(session, "carol")
    assert customer_with_preferences(session, new.id)[1] == {}  # none remembered: still found


@pytest.mark.parametrize("customer_id", [999, 0, -1, 2**70])
def test_preferences_of_an_unknown_customer_are_not_found(session, customer_id):
    make_customer(session, "alice")
    with pytest.raises(NotFound, match="check who is signed in"):
        customer_with_preferences(session, customer_id)


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
