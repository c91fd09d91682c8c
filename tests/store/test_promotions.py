"""Promotions: spend-threshold campaigns, coupons and red packets, on both databases.

Every rule of store/pricing.py and store/promotions.py: scope, minimum spend, stacking, validity
windows, use limits (also under concurrency), and what cancel and refund give back.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session, col, select

from store.cart import add_to_cart, view_cart
from store.confirmations import issue_confirmation_token
from store.errors import ConfirmationError, CouponUnavailable, NotFound
from store.models import Category, OrderDiscount, Promotion, PromotionKind, RedPacket
from store.orders import cancel_order, checkout, get_order
from store.payments import pay_order, payment_summary
from store.promotions import apply_coupon, list_promotions, list_red_packets, remove_coupon
from store.settings import reset_settings
from tests.store.factories import (
    confirm_and_pay,
    confirm_and_refund,
    make_card,
    make_customer,
    make_product,
    make_wallet,
)
from tests.store.test_concurrency import run_together

NOW = datetime(2027, 2, 1, 12, 0, tzinfo=UTC)
START, END = NOW - timedelta(days=7), NOW + timedelta(days=14)


@pytest.fixture(autouse=True)
def clock(monkeypatch):
    """Fix the shop's "now" inside the campaigns' window; `clock(moment)` moves it."""

    def set_now(moment: datetime) -> None:
        monkeypatch.setenv("SHOPAGENT_NOW", moment.isoformat())
        reset_settings()

    set_now(NOW)
    return set_now


def promotion(session: Session, kind: PromotionKind, **fields) -> Promotion:
    values = {"name_en": f"{kind} promo", "starts_at": START, "ends_at": END, **fields}
    row = Promotion(kind=kind, **values)
    session.add(row)
    session.commit()
    return row


def spring_festival(session: Session, **fields) -> Promotion:
    """满300减50: every ¥300 takes ¥50 off."""
    return promotion(session, PromotionKind.threshold, min_spend=30000, amount_off=5000, **fields)


def coupon(session: Session, code: str = "WELCOME10", **fields) -> Promotion:
    return promotion(session, PromotionKind.coupon, code=code, **({"percent_off": 10} | fields))


def red_packet(session: Session, customer, amount: int, **fields) -> RedPacket:
    values = {"valid_from": START, "expires_at": END, **fields}
    packet = RedPacket(
        customer_id=customer.id, name_en="Red packet", amount=amount, balance=amount, **values
    )
    session.add(packet)
    session.commit()
    return packet


def category(session: Session, slug: str) -> Category:
    row = Category(slug=slug, name_en=slug.title())
    session.add(row)
    session.commit()
    return row


def buy(session, customer, product, quantity: int = 1):
    return add_to_cart(session, customer_id=customer.id, product_id=product.id, quantity=quantity)


def shares(session: Session, order_id: int) -> list[int]:
    rows = session.exec(select(OrderDiscount).where(OrderDiscount.order_id == order_id)).all()
    return [row.amount for row in rows]


@pytest.fixture
def alice(session):
    customer = make_customer(session, "alice")
    make_card(session, customer)
    return customer


# --- spend-threshold campaigns ------------------------------------------------------------------


def test_every_full_step_of_a_threshold_takes_its_amount_off(session, alice):
    spring_festival(session)
    cart = buy(session, alice, make_product(session, price=32500), quantity=2)  # ¥650

    assert cart.subtotal == 65000
    assert [(d.kind, d.amount) for d in cart.discounts] == [(PromotionKind.threshold, 10000)]
    assert cart.total == 55000 and cart.savings == 10000
    assert cart.hints[0].spend_more == 25000  # ¥250 more reaches ¥900 and another ¥50


def test_below_the_threshold_nothing_is_taken_and_the_hint_says_how_far(session, alice):
    spring_festival(session)
    cart = buy(session, alice, make_product(session, price=28000))

    assert cart.discounts == [] and cart.total == 28000
    assert (cart.hints[0].spend_more, cart.hints[0].saves) == (2000, 5000)


def test_a_scoped_threshold_counts_and_discounts_only_its_category(session, alice):
    shoes, books = category(session, "shoes"), category(session, "books")
    spring_festival(session, category_id=shoes.id)
    buy(session, alice, make_product(session, price=20000, category_id=shoes.id))
    cart = buy(session, alice, make_product(session, price=20000, category_id=books.id))
    assert cart.discounts == []  # only ¥200 of shoes

    cart = buy(session, alice, make_product(session, price=12000, category_id=shoes.id))
    assert cart.total == 52000 - 5000
    order = checkout(session, customer_id=alice.id)
    # The book line gets no share; the two shoe lines share ¥50 in proportion (¥200 : ¥120).
    assert [line.discount for line in order.lines] == [3125, 0, 1875]


def test_a_subcategory_is_in_its_parents_scope(session, alice):
    shoes = category(session, "shoes")
    running = Category(slug="running", name_en="Running", parent_id=shoes.id)
    session.add(running)
    session.commit()
    spring_festival(session, category_id=shoes.id)

    cart = buy(session, alice, make_product(session, price=30000, category_id=running.id))
    assert cart.savings == 5000


def test_only_the_best_of_two_campaigns_applies(session, alice):
    spring_festival(session)
    promotion(session, PromotionKind.threshold, min_spend=20000, amount_off=3000)
    cart = buy(session, alice, make_product(session, price=40000))

    # ¥400: 满300减50 saves ¥50, 满200减30 saves 2 x ¥30; only the better one, never both
    assert [(d.label, d.amount) for d in cart.discounts] == [("threshold promo", 6000)]
    assert cart.total == 40000 - 6000


def test_campaigns_apply_only_inside_their_window(session, alice, clock):
    spring_festival(session)
    buy(session, alice, make_product(session, price=30000))

    clock(START - timedelta(seconds=1))
    assert view_cart(session, customer_id=alice.id).discounts == []
    clock(END)  # the end is exclusive
    assert view_cart(session, customer_id=alice.id).discounts == []
    clock(START)
    assert view_cart(session, customer_id=alice.id).savings == 5000


# --- coupons --------------------------------------------------------------------------------------


def test_a_percentage_coupon_needs_its_minimum_spend(session, alice):
    coupon(session, min_spend=10000)
    buy(session, alice, make_product(session, price=8000))

    cart = apply_coupon(session, customer_id=alice.id, code=" welcome10 ")
    assert cart.coupon == "WELCOME10" and cart.discounts == []
    assert cart.coupon_note is not None and "¥20.00 more" in cart.coupon_note
    with pytest.raises(CouponUnavailable, match="more"):
        checkout(session, customer_id=alice.id)

    cart = buy(session, alice, make_product(session, price=4000))
    assert [(d.code, d.amount) for d in cart.discounts] == [("WELCOME10", 1200)]
    assert cart.total == 10800


def test_a_fixed_coupon_is_scoped_by_brand_and_never_takes_more_than_its_lines(session, alice):
    coupon(session, "ACME100", percent_off=None, amount_off=10000, brand="Acme")
    buy(session, alice, make_product(session, price=6000, brand="acme"))
    buy(session, alice, make_product(session, price=50000, brand="Other"))

    cart = apply_coupon(session, customer_id=alice.id, code="ACME100")
    assert [d.amount for d in cart.discounts] == [6000]  # only the Acme line, all of it
    assert cart.total == 50000


def test_an_unknown_or_expired_code_is_refused_clearly(session, alice, clock):
    coupon(session, "LATE", ends_at=NOW - timedelta(days=1))
    with pytest.raises(NotFound, match="No coupon"):
        apply_coupon(session, customer_id=alice.id, code="NOPE")
    with pytest.raises(CouponUnavailable, match="expired"):
        apply_coupon(session, customer_id=alice.id, code="late")


def test_a_coupon_that_expires_on_the_cart_is_refused_at_checkout(session, alice, clock):
    coupon(session)
    buy(session, alice, make_product(session, price=10000))
    apply_coupon(session, customer_id=alice.id, code="WELCOME10")

    clock(END + timedelta(hours=1))
    cart = view_cart(session, customer_id=alice.id)
    assert cart.discounts == [] and "expired" in (cart.coupon_note or "")
    with pytest.raises(CouponUnavailable, match="expired"):
        checkout(session, customer_id=alice.id)
    assert remove_coupon(session, customer_id=alice.id).coupon is None
    assert checkout(session, customer_id=alice.id).total == 10000


def test_per_customer_and_total_limits(session, alice):
    coupon(session, per_customer=1, max_uses=3)
    product = make_product(session, price=10000)
    bob, carol, dave = (make_customer(session, name) for name in ("bob", "carol", "dave"))

    def use(customer):
        buy(session, customer, product)
        return apply_coupon(session, customer_id=customer.id, code="WELCOME10")

    for customer in (alice, bob):
        use(customer)
        assert checkout(session, customer_id=customer.id).total == 9000

    assert "already used" in (use(alice).coupon_note or "")
    with pytest.raises(CouponUnavailable, match="already used"):
        checkout(session, customer_id=alice.id)
    use(carol)
    assert checkout(session, customer_id=carol.id).total == 9000  # the third and last use
    assert "used up" in (use(dave).coupon_note or "")
    with pytest.raises(CouponUnavailable, match="used up"):
        checkout(session, customer_id=dave.id)


def test_list_promotions_says_what_the_cart_meets(session, alice, clock):
    spring_festival(session)
    coupon(session, min_spend=50000)
    coupon(session, "OLD", ends_at=NOW - timedelta(days=1))
    buy(session, alice, make_product(session, price=30000))

    found = {p.code or p.kind: p for p in list_promotions(session, customer_id=alice.id)}
    assert set(found) == {PromotionKind.threshold, "WELCOME10"}
    assert found[PromotionKind.threshold].applies_now
    assert not found["WELCOME10"].applies_now and "¥200.00 more" in (found["WELCOME10"].note or "")


# --- red packets and stacking ---------------------------------------------------------------------


def test_discounts_stack_threshold_then_coupon_then_red_packet(session, alice):
    spring_festival(session)
    coupon(session)
    red_packet(session, alice, 2000)
    buy(session, alice, make_product(session, price=20000))
    buy(session, alice, make_product(session, price=13000))  # ¥330
    cart = apply_coupon(session, customer_id=alice.id, code="WELCOME10")

    # ¥330 - ¥50 = ¥280; 10% of it = ¥28; then ¥20 of red packet
    assert [(d.kind, d.amount) for d in cart.discounts] == [
        (PromotionKind.threshold, 5000),
        (PromotionKind.coupon, 2800),
        (PromotionKind.red_packet, 2000),
    ]
    assert cart.total == 33000 - 9800

    order = checkout(session, customer_id=alice.id)
    assert order.total == cart.total and order.subtotal == 33000
    assert [d.amount for d in order.discounts] == [5000, 2800, 2000]
    assert sum(line.discount for line in order.lines) == 9800
    assert sum(shares(session, order.id)) == 9800
    assert list_red_packets(session, customer_id=alice.id)[0].balance == 0


def test_a_red_packet_bigger_than_the_cart_leaves_a_total_of_zero_and_the_rest(session, alice):
    red_packet(session, alice, 50000)
    buy(session, alice, make_product(session, price=12000))

    order = checkout(session, customer_id=alice.id)
    assert order.total == 0
    assert list_red_packets(session, customer_id=alice.id)[0].balance == 38000


def test_expired_or_not_yet_valid_red_packets_are_not_spent(session, alice):
    red_packet(session, alice, 1000, expires_at=NOW - timedelta(minutes=1))
    red_packet(session, alice, 1000, valid_from=NOW + timedelta(days=1))
    cart = buy(session, alice, make_product(session, price=12000))

    assert cart.discounts == []
    assert [p.usable for p in list_red_packets(session, customer_id=alice.id)] == [False, False]


def test_a_paid_order_earns_one_red_packet_per_rule(session, alice):
    promotion(session, PromotionKind.red_packet, min_spend=5000, amount_off=888, packet_days=10)
    product = make_product(session, price=10000)
    buy(session, alice, product)
    first = checkout(session, customer_id=alice.id)
    assert confirm_and_pay(session, alice, first.id).status == "succeeded"
    (packet,) = list_red_packets(session, customer_id=alice.id)
    assert (packet.balance, packet.usable) == (888, True)
    assert packet.expires_at == NOW + timedelta(days=10)

    buy(session, alice, product)
    second = checkout(session, customer_id=alice.id)
    assert second.total == 10000 - 888  # the packet is spent on the next order
    assert confirm_and_pay(session, alice, second.id).status == "succeeded"
    (packet,) = list_red_packets(session, customer_id=alice.id)  # no second packet
    assert packet.balance == 0


def test_a_cheap_order_earns_no_red_packet(session, alice):
    promotion(session, PromotionKind.red_packet, min_spend=10000, amount_off=888)
    buy(session, alice, make_product(session, price=9999))
    confirm_and_pay(session, alice, checkout(session, customer_id=alice.id).id)
    assert list_red_packets(session, customer_id=alice.id) == []


# --- cancel, refund, payment ----------------------------------------------------------------------


def test_cancel_gives_back_the_coupon_use_and_the_red_packet(session, alice):
    limited = coupon(session, max_uses=1)
    red_packet(session, alice, 500)
    buy(session, alice, make_product(session, price=10000))
    apply_coupon(session, customer_id=alice.id, code="WELCOME10")
    order = checkout(session, customer_id=alice.id)
    assert order.total == 10000 - 1000 - 500
    assert session.get(Promotion, limited.id, populate_existing=True).uses == 1

    cancel_order(session, customer_id=alice.id, order_id=order.id)
    assert session.get(Promotion, limited.id, populate_existing=True).uses == 0
    assert list_red_packets(session, customer_id=alice.id)[0].balance == 500
    # The cancelled order keeps what it said; the coupon can be used again.
    assert get_order(session, customer_id=alice.id, order_id=order.id).total == 8500
    buy(session, alice, make_product(session, price=10000))
    apply_coupon(session, customer_id=alice.id, code="WELCOME10")
    assert checkout(session, customer_id=alice.id).total == 10000 - 1000 - 500


def test_payment_charges_the_discounted_total_and_refund_returns_it(session):
    spring_festival(session)
    limited = coupon(session, max_uses=5)
    promotion(session, PromotionKind.red_packet, min_spend=1, amount_off=1000)
    chen = make_customer(session, "chen")
    wallet = make_wallet(session, chen, balance=100000, is_default=True)
    red_packet(session, chen, 300, promotion_id=None)
    buy(session, chen, make_product(session, price=30000))
    apply_coupon(session, customer_id=chen.id, code="WELCOME10")
    order = checkout(session, customer_id=chen.id)
    assert order.total == 30000 - 5000 - 2500 - 300

    paid = confirm_and_pay(session, chen, order.id, method=wallet)
    assert paid.status == "succeeded" and paid.amount == order.total
    assert session.get(type(wallet), wallet.id, populate_existing=True).wallet_balance == (
        100000 - order.total
    )
    granted = [p for p in list_red_packets(session, customer_id=chen.id) if p.amount == 1000]
    assert granted[0].usable

    confirm_and_refund(session, chen, order.id)
    assert session.get(type(wallet), wallet.id, populate_existing=True).wallet_balance == 100000
    assert session.get(Promotion, limited.id, populate_existing=True).uses == 0
    packets = {p.amount: p for p in list_red_packets(session, customer_id=chen.id)}
    assert packets[300].balance == 300  # spent credit comes back
    assert not packets[1000].usable  # the packet this order earned is withdrawn


def test_the_confirmation_covers_the_discounts(session, alice):
    spring_festival(session)
    buy(session, alice, make_product(session, price=30000))
    order = checkout(session, customer_id=alice.id)
    summary = payment_summary(session, customer_id=alice.id, order_id=order.id)
    assert summary.subtotal == 30000 and summary.total == 25000
    assert [(d.kind, d.amount) for d in summary.discounts] == [(PromotionKind.threshold, 5000)]
    token = issue_confirmation_token(summary)

    row = session.exec(select(OrderDiscount).where(OrderDiscount.order_id == order.id)).one()
    row.label_en = "Another campaign"  # same amounts, another discount named
    session.add(row)
    session.commit()
    with pytest.raises(ConfirmationError):
        pay_order(
            session,
            customer_id=alice.id,
            order_id=order.id,
            confirmation_token=token,
            idempotency_key="k1",
        )


# --- concurrency ----------------------------------------------------------------------------------

CUSTOMERS = 100
LIMIT = 10


def test_a_hundred_checkouts_at_once_use_a_ten_use_coupon_exactly_ten_times(engine, session):
    limited = coupon(session, "FESTIVE", max_uses=LIMIT)
    product = make_product(session, price=10000, stock=CUSTOMERS)
    customers = []
    for _ in range(CUSTOMERS):
        customer = make_customer(session)
        buy(session, customer, product)
        apply_coupon(session, customer_id=customer.id, code="FESTIVE")
        customers.append(customer.id)
    session.commit()  # end the read transaction: on SQLite it would hold the write lock

    def check_out(index):
        with Session(engine, expire_on_commit=False) as own:
            return checkout(own, customer_id=customers[index])

    outcomes = run_together(CUSTOMERS, check_out)

    orders = [o for o in outcomes if not isinstance(o, Exception)]
    refused = [o for o in outcomes if isinstance(o, Exception)]
    assert len(orders) == LIMIT and all(o.total == 9000 for o in orders)
    assert {type(e) for e in refused} == {CouponUnavailable}
    assert session.get(Promotion, limited.id, populate_existing=True).uses == LIMIT
    assert (
        len(
            session.exec(select(OrderDiscount.id).where(col(OrderDiscount.code) == "FESTIVE")).all()
        )
        == LIMIT
    )
