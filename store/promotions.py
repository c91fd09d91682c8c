"""Promotions in the shop's life: coupons, discounts claimed and given back, red packets.

A coupon goes on the cart; checkout claims the discounts (a coupon use, red-packet credit) and
cancel or refund gives them back; a paid order may earn a red packet.

The arithmetic of discounts and how they stack is store/pricing.py. Use limits hold under
concurrency: a coupon use is taken with `UPDATE ... WHERE uses < max_uses` and a red packet is
spent with `UPDATE ... WHERE balance >= amount`, in the checkout's own transaction.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import timedelta
from typing import Any

from sqlalchemy import Row, bindparam
from sqlmodel import Session, col, delete, func, select, update

from store.cart import cart_items, cart_rows, lock_cart, view_cart
from store.customers import require_customer
from store.db import dialect_insert, execute_core
from store.errors import CouponUnavailable, NotFound
from store.models import (
    CartCoupon,
    Category,
    CouponUse,
    Order,
    OrderDiscount,
    Promotion,
    PromotionKind,
    RedPacket,
)
from store.pricing import (
    Quote,
    aware,
    coupon_problem,
    customer_uses,
    in_scope,
    load_offer,
    running,
    shop_now,
    usable,
)
from store.views import CartView, DiscountView, PromotionView, RedPacketView

_CODE_CHARS = 50


def apply_coupon(session: Session, *, customer_id: int, code: str) -> CartView:
    """Put a coupon on the cart (replacing any other); the cart then shows what it saves.

    A coupon whose conditions the cart does not meet yet stays on, with a note saying what it
    still needs; checkout refuses it until then.

    Raises:
        NotFound: if no coupon has that code.
        CouponUnavailable: if the coupon is not running now.
    """
    require_customer(session, customer_id)
    wanted = code.strip().upper()[:_CODE_CHARS]
    coupon = session.exec(
        select(Promotion).where(
            func.upper(Promotion.code) == wanted, Promotion.kind == PromotionKind.coupon
        )
    ).first()
    if coupon is None or not wanted:
        raise NotFound(
            f"No coupon with code {wanted!r}; check the spelling, or list the promotions to see "
            "the codes running now.",
            code=wanted,
        )
    now = shop_now()
    if not running(coupon, now):
        started = now >= aware(coupon.starts_at)
        raise CouponUnavailable(
            f"Coupon {coupon.code} {'has expired' if started else 'has not started yet'} "
            f"(valid {aware(coupon.starts_at):%Y-%m-%d} to {aware(coupon.ends_at):%Y-%m-%d}); "
            "list the promotions to see the codes running now.",
            code=coupon.code,
        )
    lock_cart(session, customer_id=customer_id)
    assert coupon.id is not None
    session.exec(
        dialect_insert(session)(CartCoupon)
        .values(customer_id=customer_id, promotion_id=coupon.id)
        .on_conflict_do_update(index_elements=["customer_id"], set_={"promotion_id": coupon.id})
    )
    session.commit()
    return view_cart(session, customer_id=customer_id)


def remove_coupon(session: Session, *, customer_id: int) -> CartView:
    """Take the coupon off the cart (nothing happens when there is none)."""
    lock_cart(session, customer_id=customer_id)
    session.exec(delete(CartCoupon).where(col(CartCoupon.customer_id) == customer_id))
    session.commit()
    return view_cart(session, customer_id=customer_id)


def list_promotions(session: Session, *, customer_id: int) -> list[PromotionView]:
    """The promotions running now, each saying whether the customer's cart meets it."""
    cart = view_cart(session, customer_id=customer_id)
    offer = load_offer(session, customer_id=customer_id, currency=cart.currency)
    items = cart_items(cart_rows(session, customer_id=customer_id))
    names = dict(session.exec(select(Category.id, Category.name_en)).all())
    promotions = session.exec(
        select(Promotion).where(Promotion.currency == cart.currency).order_by(col(Promotion.id))
    ).all()
    views = []
    for promotion in promotions:
        if not running(promotion, offer.now):
            continue
        spent = sum(i.amount for i in items if in_scope(promotion, i, offer.scopes))
        if not items:
            note = None  # of an empty cart there is nothing to say but the offer itself
        elif promotion.kind == PromotionKind.coupon:
            uses = customer_uses(session, customer_id=customer_id, promotion=promotion)
            note = coupon_problem(promotion, replace(offer, coupon_uses=uses), items, cart.currency)
        elif spent < promotion.min_spend or spent == 0:
            note = "The cart needs more of what it covers." if spent else "Nothing in the cart."
        else:
            note = None
        views.append(
            PromotionView(
                kind=promotion.kind,
                label=promotion.name_en,
                label_zh=promotion.name_zh,
                code=promotion.code,
                percent_off=promotion.percent_off,
                amount_off=promotion.amount_off,
                min_spend=promotion.min_spend,
                currency=promotion.currency,
                scope=_scope_name(promotion, names),
                ends_at=aware(promotion.ends_at),
                applies_now=bool(items) and note is None,
                note=note,
            )
        )
    return views


def list_red_packets(session: Session, *, customer_id: int) -> list[RedPacketView]:
    """The customer's red packets, the ones to spend first first (usable, soonest expiring)."""
    require_customer(session, customer_id)
    now = shop_now()
    packets = session.exec(
        select(RedPacket)
        .where(RedPacket.customer_id == customer_id)
        .order_by(col(RedPacket.expires_at), col(RedPacket.id))
    ).all()
    views = [
        RedPacketView(
            id=p.id or 0,
            label=p.name_en,
            label_zh=p.name_zh,
            amount=p.amount,
            balance=p.balance,
            currency=p.currency,
            valid_from=aware(p.valid_from),
            expires_at=aware(p.expires_at),
            usable=usable(p, now),
        )
        for p in packets
    ]
    return sorted(views, key=lambda v: not v.usable)


# --- the order's side: checkout, cancel, refund, payment ----------------------------------------


def claim_discounts(
    session: Session, *, order: Order, quote: Quote, line_ids: Mapping[int, int]
) -> None:
    """Take the quote's coupon use and packet credit; snapshot its discounts on the order lines.

    `line_ids` maps cart line ids to order line ids. Does not commit.

    Raises:
        CouponUnavailable: if the coupon's last use or a packet's credit went meanwhile.
    """
    assert order.id is not None
    if quote.coupon_note is not None:
        raise CouponUnavailable(quote.coupon_note, code=quote.coupon.code if quote.coupon else None)
    if quote.coupon is not None:
        _take_coupon_use(session, order=order, coupon=quote.coupon)
    for discount in quote.discounts:
        if discount.red_packet_id is not None:
            _change_packet(session, discount.red_packet_id, -discount.amount)
        for cart_line_id, share in discount.shares.items():
            session.add(
                OrderDiscount(
                    order_id=order.id,
                    order_line_id=line_ids[cart_line_id],
                    kind=discount.kind,
                    promotion_id=discount.promotion_id,
                    red_packet_id=discount.red_packet_id,
                    code=discount.code,
                    label_en=discount.label_en,
                    label_zh=discount.label_zh,
                    amount=share,
                )
            )
    session.exec(delete(CartCoupon).where(col(CartCoupon.customer_id) == order.customer_id))


def release_discounts(session: Session, *, order_id: int, refunded: bool = False) -> None:
    """Give back what a cancelled or refunded order took: its coupon use and packet credit.

    A refund also withdraws a red packet the order's payment granted. Does not commit. The
    discount lines stay: they are what was charged.
    """
    use = session.exec(select(CouponUse).where(CouponUse.order_id == order_id)).first()
    if use is not None:
        session.delete(use)
        uses = col(Promotion.uses)
        session.exec(
            update(Promotion)
            .where(col(Promotion.id) == use.promotion_id, uses > 0)
            .values(uses=uses - 1)
        )
    spent = session.exec(
        select(OrderDiscount.red_packet_id, func.sum(OrderDiscount.amount))
        .where(OrderDiscount.order_id == order_id, col(OrderDiscount.red_packet_id).is_not(None))
        .group_by(col(OrderDiscount.red_packet_id))
        .order_by(col(OrderDiscount.red_packet_id))
    ).all()
    for packet_id, amount in spent:
        if packet_id is not None:
            _change_packet(session, packet_id, int(amount))
    if refunded:
        session.exec(
            update(RedPacket)
            .where(col(RedPacket.granted_by_order_id) == order_id)
            .values(balance=0, expires_at=shop_now())
        )


# Read on every checkout and payment: built once (building costs more CPU than running).
_RED_PACKET_RULES = select(Promotion).where(
    Promotion.kind == PromotionKind.red_packet, Promotion.currency == bindparam("currency")
)
# On the table (see `execute_core`): an order's discounts are only read.
_DISCOUNTS = OrderDiscount.__table__  # type: ignore[attr-defined]
_ORDER_DISCOUNTS = (
    select(_DISCOUNTS)
    .where(_DISCOUNTS.c.order_id == bindparam("order_id"))
    .order_by(_DISCOUNTS.c.id)
)


def red_packet_rules(session: Session, *, currency: str) -> list[Promotion]:
    """The rules that may grant a red packet to an order paid in `currency`."""
    return list(session.exec(_RED_PACKET_RULES, params={"currency": currency}).all())


def grant_red_packets(session: Session, *, order: Order, rules: list[Promotion]) -> None:
    """Grant the red packets a just-paid order earns by `rules` (`red_packet_rules`).

    Each running rule grants one packet, for the customer's first order paying at least its
    minimum. Does not commit.
    """
    now = shop_now()
    for rule in rules:
        if not running(rule, now) or order.total < rule.min_spend or rule.amount_off <= 0:
            continue
        # One packet per customer and rule, even when two payments land at once.
        session.exec(
            dialect_insert(session)(RedPacket)
            .values(
                customer_id=order.customer_id,
                promotion_id=rule.id,
                name_en=rule.name_en,
                name_zh=rule.name_zh,
                amount=rule.amount_off,
                balance=rule.amount_off,
                currency=rule.currency,
                valid_from=now,
                expires_at=now + timedelta(days=rule.packet_days),
                granted_by_order_id=order.id,
            )
            .on_conflict_do_nothing(index_elements=["customer_id", "promotion_id"])
        )


def order_discounts(session: Session, order_id: int) -> tuple[list[DiscountView], dict[int, int]]:
    """An order's discounts as charged, and each order line's share of them.

    One discount per promotion or packet, in the order they were taken.
    """
    rows = execute_core(session, _ORDER_DISCOUNTS, {"order_id": order_id}).all()
    totals: dict[tuple[object, ...], int] = {}
    first: dict[tuple[object, ...], Row[Any]] = {}
    per_line: dict[int, int] = {}
    for row in rows:
        key = (row.kind, row.promotion_id, row.red_packet_id, row.code, row.label_en)
        totals[key] = totals.get(key, 0) + row.amount
        first.setdefault(key, row)
        per_line[row.order_line_id] = per_line.get(row.order_line_id, 0) + row.amount
    views = [
        DiscountView(
            kind=row.kind,
            label=row.label_en,
            label_zh=row.label_zh,
            code=row.code,
            amount=totals[key],
        )
        for key, row in first.items()
    ]
    return views, per_line


# --- private --------------------------------------------------------------------------------------


def _take_coupon_use(session: Session, *, order: Order, coupon: Promotion) -> None:
    uses = col(Promotion.uses)
    taken = session.exec(
        update(Promotion)
        .where(
            col(Promotion.id) == coupon.id,
            (col(Promotion.max_uses).is_(None)) | (uses < col(Promotion.max_uses)),
        )
        .values(uses=uses + 1)
    )
    if taken.rowcount != 1:
        raise CouponUnavailable(
            f"Coupon {coupon.code} was just used up; remove it and check out without it, or use "
            "another code.",
            code=coupon.code,
        )
    assert coupon.id is not None and order.id is not None
    session.add(CouponUse(promotion_id=coupon.id, customer_id=order.customer_id, order_id=order.id))


def _change_packet(session: Session, packet_id: int, amount: int) -> None:
    """Add `amount` (negative to spend) to a red packet, never below zero."""
    balance = col(RedPacket.balance)
    changed = session.exec(
        update(RedPacket)
        .where(col(RedPacket.id) == packet_id, balance + amount >= 0)
        .values(balance=balance + amount)
    )
    if changed.rowcount != 1:
        raise CouponUnavailable(
            "A red packet was spent meanwhile; view the cart again and check out.",
            red_packet_id=packet_id,
        )


def _scope_name(promotion: Promotion, names: Mapping[int | None, str]) -> str | None:
    if promotion.category_id is not None:
        return names.get(promotion.category_id)
    return promotion.brand
