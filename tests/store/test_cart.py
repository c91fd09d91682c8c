from __future__ import annotations

import pytest
from sqlmodel import select

from store.cart import add_to_cart, clear_cart, remove_cart_line, update_cart_line, view_cart
from store.errors import InvalidRequest, NotFound, OutOfStock, VariantRequired
from store.models import Cart
from tests.store.factories import make_customer, make_product, set_variant, variants_of

SIZES = [{"size": s} for s in ("40", "41", "42")]


@pytest.fixture
def alice(session):
    return make_customer(session, "alice")


def test_one_variant_product_needs_no_variant(session, alice):
    tee = make_product(session, title="Plain tee", price=4990, stock=5)

    cart = add_to_cart(session, customer_id=alice.id, product_id=tee.id, quantity=2)

    (line,) = cart.lines
    assert (line.product_id, line.variant_id, line.title) == (
        tee.id,
        variants_of(session, tee)[0].id,
        "Plain tee",
    )
    assert (line.quantity, line.unit_price, line.line_total, line.stock) == (2, 4990, 9980, 5)
    assert (cart.item_count, cart.subtotal, cart.currency, cart.warnings) == (2, 9980, "CNY", [])
    assert line.price_was is None


def test_several_variants_require_a_choice_listing_them(session, alice):
    shoe = make_product(session, title="Runner", options_list=SIZES)

    with pytest.raises(VariantRequired) as caught:
        add_to_cart(session, customer_id=alice.id, product_id=shoe.id)

    assert "size 40, 41, 42" in caught.value.message
    assert [c["options"] for c in caught.value.details["catalog_data"]["choices"]] == SIZES
    assert view_cart(session, customer_id=alice.id).lines == []


@pytest.mark.parametrize("options", [{"size": "42"}, {"Size": " 42 "}])
def test_variant_by_options(session, alice, options):
    shoe = make_product(session, title="Runner", options_list=SIZES)

    cart = add_to_cart(session, customer_id=alice.id, product_id=shoe.id, options=options)

    assert [(line.variant_id, line.options) for line in cart.lines] == [
        (variants_of(session, shoe)[2].id, {"size": "42"})
    ]


def test_variant_by_id(session, alice):
    shoe = make_product(session, title="Runner", options_list=SIZES)
    size_41 = variants_of(session, shoe)[1]

    cart = add_to_cart(session, customer_id=alice.id, product_id=shoe.id, variant_id=size_41.id)

    assert [line.variant_id for line in cart.lines] == [size_41.id]


def test_partial_options_narrow_the_choices(session, alice):
    options = [{"colour": c, "size": s} for c in ("black", "white") for s in ("40", "41")]
    shoe = make_product(session, title="Runner", options_list=options)

    with pytest.raises(VariantRequired) as caught:
        add_to_cart(session, customer_id=alice.id, product_id=shoe.id, options={"colour": "white"})

    assert [c["options"] for c in caught.value.details["catalog_data"]["choices"]] == options[2:]
    assert "size 40, 41" in caught.value.message


def test_options_no_variant_has(session, alice):
    shoe = make_product(session, title="Runner", options_list=SIZES)

    with pytest.raises(VariantRequired, match="no variant with size 47: size 40, 41, 42"):
        add_to_cart(session, customer_id=alice.id, product_id=shoe.id, options={"size": "47"})


def test_variant_of_another_product_is_refused(session, alice):
    shoe = make_product(session, title="Runner", options_list=SIZES)
    other = make_product(session, title="Sandal")

    with pytest.raises(
        VariantRequired, match=f"has no variant {variants_of(session, other)[0].id}"
    ):
        add_to_cart(
            session,
            customer_id=alice.id,
            product_id=shoe.id,
            variant_id=variants_of(session, other)[0].id,
        )


def test_unknown_product(session, alice):
    with pytest.raises(NotFound, match="No product 999"):
        add_to_cart(session, customer_id=alice.id, product_id=999)


def test_adding_again_adds_up_and_stops_at_stock(session, alice):
    tee = make_product(session, title="Plain tee", stock=3)
    add_to_cart(session, customer_id=alice.id, product_id=tee.id, quantity=2)

    with pytest.raises(OutOfStock, match="Only 3 of Plain tee left; you asked for 4") as caught:
        add_to_cart(session, customer_id=alice.id, product_id=tee.id, quantity=2)

    assert caught.value.details["available"] == 3
    cart = add_to_cart(session, customer_id=alice.id, product_id=tee.id, quantity=1)
    assert [line.quantity for line in cart.lines] == [3]


def test_sold_out_variant(session, alice):
    shoe = make_product(session, title="Runner", stock=0, options_list=[{"size": "42"}])

    with pytest.raises(OutOfStock, match=r"Runner \(size 42\) is out of stock") as caught:
        add_to_cart(session, customer_id=alice.id, product_id=shoe.id)

    assert caught.value.details["available"] == 0


@pytest.mark.parametrize("quantity", [0, -1])
def test_add_needs_a_positive_quantity(session, alice, quantity):
    tee = make_product(session)
    with pytest.raises(InvalidRequest, match="at least 1"):
        add_to_cart(session, customer_id=alice.id, product_id=tee.id, quantity=quantity)


def test_mixed_currencies_are_refused_at_add_time(session, alice):
    tee = make_product(session, title="Tee", currency="CNY")
    mug = make_product(session, title="Mug", currency="USD")
    add_to_cart(session, customer_id=alice.id, product_id=tee.id)

    with pytest.raises(InvalidRequest, match="cart is in CNY .* priced in USD"):
        add_to_cart(session, customer_id=alice.id, product_id=mug.id)

    assert [line.title for line in view_cart(session, customer_id=alice.id).lines] == ["Tee"]


def test_update_quantity_and_zero_removes(session, alice):
    tee = make_product(session, price=1000, stock=5)
    mug = make_product(session, title="Mug", price=500)
    add_to_cart(session, customer_id=alice.id, product_id=tee.id)
    line_id = add_to_cart(session, customer_id=alice.id, product_id=mug.id).lines[1].line_id

    cart = update_cart_line(session, customer_id=alice.id, line_id=line_id, quantity=4)
    assert (cart.item_count, cart.subtotal) == (5, 1000 + 4 * 500)

    cart = update_cart_line(session, customer_id=alice.id, line_id=line_id, quantity=0)
    assert [line.title for line in cart.lines] == ["Test runner"]


def test_update_checks_stock_and_sign(session, alice):
    tee = make_product(session, stock=5)
    line_id = add_to_cart(session, customer_id=alice.id, product_id=tee.id).lines[0].line_id

    with pytest.raises(OutOfStock):
        update_cart_line(session, customer_id=alice.id, line_id=line_id, quantity=6)
    with pytest.raises(InvalidRequest):
        update_cart_line(session, customer_id=alice.id, line_id=line_id, quantity=-2)

    assert [line.quantity for line in view_cart(session, customer_id=alice.id).lines] == [1]


def test_remove_and_clear(session, alice):
    tee, mug = make_product(session), make_product(session, title="Mug")
    add_to_cart(session, customer_id=alice.id, product_id=tee.id)
    cart = add_to_cart(session, customer_id=alice.id, product_id=mug.id)

    cart = remove_cart_line(session, customer_id=alice.id, line_id=cart.lines[0].line_id)
    assert [line.title for line in cart.lines] == ["Mug"]

    clear_cart(session, customer_id=alice.id)
    empty = view_cart(session, customer_id=alice.id)
    assert (empty.lines, empty.item_count, empty.subtotal) == ([], 0, 0)


def test_another_customers_line_is_not_found(session, alice):
    bob = make_customer(session, "bob")
    tee = make_product(session)
    bobs_line = add_to_cart(session, customer_id=bob.id, product_id=tee.id).lines[0].line_id
    add_to_cart(session, customer_id=alice.id, product_id=tee.id)

    with pytest.raises(NotFound, match=f"no line {bobs_line}"):
        update_cart_line(session, customer_id=alice.id, line_id=bobs_line, quantity=3)
    with pytest.raises(NotFound, match=f"no line {bobs_line}"):
        remove_cart_line(session, customer_id=alice.id, line_id=bobs_line)

    assert [line.quantity for line in view_cart(session, customer_id=bob.id).lines] == [1]


def test_view_reports_price_changes_and_shortfalls(session, alice):
    shoe = make_product(
        session, title="Runner", price=19900, stock=5, options_list=[{"size": "42"}]
    )
    add_to_cart(session, customer_id=alice.id, product_id=shoe.id, quantity=3)
    set_variant(session, variants_of(session, shoe)[0].id, price=17900, stock=2)

    cart = view_cart(session, customer_id=alice.id)

    (line,) = cart.lines
    assert (line.unit_price, line.price_was, line.line_total, line.stock) == (
        17900,
        19900,
        53700,
        2,
    )
    assert cart.subtotal == 53700
    assert cart.warnings == [
        "Runner (size 42) now costs ¥179.00 (was ¥199.00 when added).",
        "Only 2 of Runner (size 42) left; you asked for 3. Take that many or fewer.",
    ]


def test_unknown_customer_has_no_cart(session):
    with pytest.raises(NotFound):
        view_cart(session, customer_id=12345)


@pytest.mark.parametrize(
    "change",
    [
        lambda session, product_id: add_to_cart(session, customer_id=12345, product_id=product_id),
        lambda session, _: update_cart_line(session, customer_id=12345, line_id=1, quantity=2),
        lambda session, _: remove_cart_line(session, customer_id=12345, line_id=1),
    ],
    ids=["add", "update", "remove"],
)
def test_unknown_customer_cannot_change_a_cart(session, change):
    tee = make_product(session, title="Tee", price=4990)

    with pytest.raises(NotFound) as caught:
        change(session, tee.id)
    session.rollback()

    assert caught.value.details == {"customer_id": 12345}
    assert session.exec(select(Cart)).all() == []


def test_adding_more_after_a_price_change_still_reports_it(session, alice):
    tee = make_product(session, title="Tee", price=4990)
    add_to_cart(session, customer_id=alice.id, product_id=tee.id)
    set_variant(session, variants_of(session, tee)[0].id, price=5990)

    cart = add_to_cart(session, customer_id=alice.id, product_id=tee.id)

    (line,) = cart.lines
    assert (line.quantity, line.unit_price, line.price_was) == (2, 5990, 4990)
