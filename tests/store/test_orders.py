from __future__ import annotations

import pytest
from sqlmodel import select

from store.cart import add_to_cart, view_cart
from store.errors import InvalidRequest, InvalidState, NotFound, OutOfStock, PriceChanged
from store.models import Order, OrderStatus, Payment, PaymentMethod, PaymentStatus
from store.orders import cancel_order, checkout, get_order, list_orders
from store.refunds import refund_summary
from tests.store.factories import (
    confirm_and_pay,
    confirm_and_refund,
    make_address,
    make_card,
    make_customer,
    make_product,
    make_wallet,
    place_order,
    set_variant,
    variants_of,
)


@pytest.fixture
def alice(session):
    customer = make_customer(session, "alice", name="Alice")
    make_card(session, customer)
    return customer


def test_checkout_makes_an_order_awaiting_payment(session, alice):
    shoe = make_product(
        session, title="Runner", price=19900, stock=5, options_list=[{"size": "42"}]
    )
    tee = make_product(session, title="Tee", price=4990, stock=5)
    add_to_cart(
        session, customer_id=alice.id, product_id=shoe.id, options={"size": "42"}, quantity=2
    )
    add_to_cart(session, customer_id=alice.id, product_id=tee.id)

    order = checkout(session, customer_id=alice.id)

    assert order.status == OrderStatus.awaiting_payment
    assert (order.subtotal, order.shipping, order.total, order.currency) == (44790, 0, 44790, "CNY")
    assert [(x.title, x.options, x.unit_price, x.quantity, x.line_total) for x in order.lines] == [
        ("Runner", {"size": "42"}, 19900, 2, 39800),
        ("Tee", {}, 4990, 1, 4990),
    ]
    assert order.lines[0].sku == variants_of(session, shoe)[0].sku
    assert order.address["recipient"] == "Alice" and order.address["city"] == "Beijing"
    assert order.payment_method is not None and order.payment_method.label == "Visa ···4242"
    assert order.payment_status is None
    assert view_cart(session, customer_id=alice.id).lines == []
    assert variants_of(session, shoe)[0].stock == 5, "checkout must not take stock"


def test_order_keeps_its_snapshot_when_the_catalog_and_address_change(session, alice):
    tee = make_product(session, title="Tee", price=4990)
    order = place_order(session, alice, tee)
    variant = variants_of(session, tee)[0]
    set_variant(session, variant.id, price=9990, sku="RENAMED")
    tee.title_en = "Renamed tee"
    session.add(tee)
    session.commit()

    again = get_order(session, customer_id=alice.id, order_id=order.id)

    assert [(x.title, x.sku, x.unit_price) for x in again.lines] == [
        ("Tee", order.lines[0].sku, 4990)
    ]
    assert again.total == 4990


def test_checkout_with_chosen_address_and_method(session, alice):
    office = make_address(session, alice, label="Office", is_default=False, line1="9 Zhongguancun")
    wallet = make_wallet(session, alice, balance=100000)
    add_to_cart(session, customer_id=alice.id, product_id=make_product(session).id)

    order = checkout(
        session, customer_id=alice.id, address_id=office.id, payment_method_id=wallet.id
    )

    assert (order.address["label"], order.address["line1"]) == ("Office", "9 Zhongguancun")
    assert order.payment_method is not None and order.payment_method.id == wallet.id


def test_someone_elses_address_or_method_is_not_found(session, alice):
    bob = make_customer(session, "bob", with_address=False)
    bobs_address = make_address(session, bob)
    bobs_card = make_card(session, bob)
    add_to_cart(session, customer_id=alice.id, product_id=make_product(session).id)

    with pytest.raises(NotFound, match=f"no address {bobs_address.id}"):
        checkout(session, customer_id=alice.id, address_id=bobs_address.id)
    with pytest.raises(NotFound, match=f"no payment method {bobs_card.id}"):
        checkout(session, customer_id=alice.id, payment_method_id=bobs_card.id)
    assert len(view_cart(session, customer_id=alice.id).lines) == 1


def test_empty_cart_cannot_check_out(session, alice):
    with pytest.raises(InvalidRequest, match="cart is empty"):
        checkout(session, customer_id=alice.id)


def test_checking_out_again_offers_the_order_that_awaits_payment(session, alice):
    add_to_cart(session, customer_id=alice.id, product_id=make_product(session).id)
    first = checkout(session, customer_id=alice.id)
    assert not first.resumed

    again = checkout(session, customer_id=alice.id)

    assert again.resumed and again.id == first.id and again.total == first.total
    cancel_order(session, customer_id=alice.id, order_id=first.id)
    with pytest.raises(InvalidRequest, match="cart is empty"):
        checkout(session, customer_id=alice.id)  # nothing awaits payment any more


def test_without_any_address_checkout_asks_for_one(session):
    carol = make_customer(session, "carol", with_address=False)
    add_to_cart(session, customer_id=carol.id, product_id=make_product(session).id)

    with pytest.raises(InvalidRequest, match="Which address"):
        checkout(session, customer_id=carol.id)


def test_price_change_is_reported_not_charged(session, alice):
    tee = make_product(session, title="Tee", price=4990)
    mug = make_product(session, title="Mug", price=2000)
    add_to_cart(session, customer_id=alice.id, product_id=tee.id, quantity=2)
    add_to_cart(session, customer_id=alice.id, product_id=mug.id)
    set_variant(session, variants_of(session, tee)[0].id, price=5990)

    with pytest.raises(PriceChanged, match="Tee ¥49.90 -> ¥59.90") as caught:
        checkout(session, customer_id=alice.id)

    (change,) = caught.value.details["changes"]
    title = caught.value.details["catalog_data"][str(change["line_id"])]  # seller text: data
    assert (title, change["old_price"], change["new_price"]) == ("Tee", 4990, 5990)
    assert session.exec(select(Order)).all() == []
    assert len(view_cart(session, customer_id=alice.id).lines) == 2

    order = checkout(session, customer_id=alice.id, accept_price_changes=True)
    assert [(x.title, x.unit_price) for x in order.lines] == [("Tee", 5990), ("Mug", 2000)]
    assert order.total == 2 * 5990 + 2000


def test_a_price_drop_is_reported_too(session, alice):
    tee = make_product(session, title="Tee", price=4990)
    add_to_cart(session, customer_id=alice.id, product_id=tee.id)
    set_variant(session, variants_of(session, tee)[0].id, price=3990)

    with pytest.raises(PriceChanged):
        checkout(session, customer_id=alice.id)


def test_short_stock_at_checkout_refuses_and_keeps_the_cart(session, alice):
    tee = make_product(session, title="Tee", stock=5)
    add_to_cart(session, customer_id=alice.id, product_id=tee.id, quantity=4)
    set_variant(session, variants_of(session, tee)[0].id, stock=3)

    with pytest.raises(OutOfStock, match="Only 3 of Tee left") as caught:
        checkout(session, customer_id=alice.id)

    assert caught.value.details["lines"][0]["available"] == 3
    assert session.exec(select(Order)).all() == []
    assert view_cart(session, customer_id=alice.id).item_count == 4


def test_another_customers_order_is_like_a_missing_one(session, alice):
    bob = make_customer(session, "bob")
    make_card(session, bob)
    bobs = place_order(session, bob, make_product(session))
    missing_id = bobs.id + 1000

    for action in (get_order, cancel_order, refund_summary):
        with pytest.raises(NotFound) as foreign:
            action(session, customer_id=alice.id, order_id=bobs.id)
        with pytest.raises(NotFound) as missing:
            action(session, customer_id=alice.id, order_id=missing_id)
        assert foreign.value.message.replace(str(bobs.id), "N") == missing.value.message.replace(
            str(missing_id), "N"
        )
    assert get_order(session, customer_id=bob.id, order_id=bobs.id).status == "awaiting_payment"


def test_list_orders_newest_first_and_own_only(session, alice):
    bob = make_customer(session, "bob")
    tee = make_product(session, stock=50)
    first = place_order(session, alice, tee)
    place_order(session, bob, tee)
    second = place_order(session, alice, tee, quantity=2)

    orders = list_orders(session, customer_id=alice.id)

    assert [o.id for o in orders] == [second.id, first.id]
    assert [o.id for o in list_orders(session, customer_id=alice.id, limit=1)] == [second.id]


def test_cancel_only_before_payment(session, alice):
    tee = make_product(session)
    order = place_order(session, alice, tee)

    cancelled = cancel_order(session, customer_id=alice.id, order_id=order.id)
    assert cancelled.status == OrderStatus.cancelled

    with pytest.raises(InvalidState, match="is cancelled; only an order awaiting payment"):
        cancel_order(session, customer_id=alice.id, order_id=order.id)
    with pytest.raises(InvalidState, match="is cancelled"):
        confirm_and_pay(session, alice, order.id)

    paid = place_order(session, alice, tee)
    confirm_and_pay(session, alice, paid.id)
    with pytest.raises(InvalidState, match="a paid one can be refunded"):
        cancel_order(session, customer_id=alice.id, order_id=paid.id)


def test_refund_restocks_and_marks_the_payment(session, alice):
    tee = make_product(session, stock=5)
    order = place_order(session, alice, tee, quantity=2)
    confirm_and_pay(session, alice, order.id)
    assert variants_of(session, tee)[0].stock == 3

    refunded = confirm_and_refund(session, alice, order.id)

    assert (refunded.status, refunded.payment_status) == (
        OrderStatus.refunded,
        PaymentStatus.refunded,
    )
    assert variants_of(session, tee)[0].stock == 5
    payment = session.exec(select(Payment).where(Payment.order_id == order.id)).one()
    assert payment.status == PaymentStatus.refunded
    with pytest.raises(InvalidState, match="only a paid order can be refunded"):
        confirm_and_refund(session, alice, order.id)
    assert variants_of(session, tee)[0].stock == 5


def test_refund_returns_wallet_money(session):
    dan = make_customer(session, "dan")
    wallet = make_wallet(session, dan, balance=10000, is_default=True)
    order = place_order(session, dan, make_product(session, price=2500))
    confirm_and_pay(session, dan, order.id)
    assert session.get(PaymentMethod, wallet.id, populate_existing=True).wallet_balance == 7500

    confirm_and_refund(session, dan, order.id)

    assert session.get(PaymentMethod, wallet.id, populate_existing=True).wallet_balance == 10000


def test_unpaid_order_cannot_be_refunded(session, alice):
    order = place_order(session, alice, make_product(session))
    with pytest.raises(InvalidState, match="is awaiting_payment; only a paid order"):
        confirm_and_refund(session, alice, order.id)
