"""What a cart costs after promotions: the store's one computation of discounts.

Stacking rules, applied in this order, each to what the earlier ones left:

1. Spend-threshold campaign (满减, automatic): every `min_spend` spent within its scope takes
   `amount_off` off. When several run at once, only the one that saves most applies.
2. Coupon (the one code applied to the cart): its minimum spend counts the in-scope lines at
   their price before any discount; `percent_off` takes that percentage (rounded down) of what
   is left of those lines, `amount_off` takes at most what is left of them.
3. Red packets (the customer's credit, automatic): soonest expiring first, each up to what is
   left of the whole cart.

Each discount is shared out over the lines it applies to, in proportion to what is left of them,
so an order line knows exactly what was taken off it. No discount takes more than is left: a
total is never negative. All money is integer minor units of the cart's one currency.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import bindparam
from sqlmodel import Session, col, select

from store.models import CartCoupon, Category, CouponUse, Promotion, PromotionKind, RedPacket
from store.money import format_money
from store.settings import get_settings
from store.views import DiscountView, PromotionHint


@dataclass(frozen=True)
class Item:
    """A cart line as pricing sees it."""

    key: int
    category_id: int | None
    brand: str | None
    amount: int


@dataclass(frozen=True)
class Discount:
    """One discount and its share of each line (by `Item.key`)."""

    kind: PromotionKind
    label_en: str
    label_zh: str | None
    amount: int
    shares: dict[int, int]
    promotion_id: int | None = None
    red_packet_id: int | None = None
    code: str | None = None


@dataclass(frozen=True)
class Hint:
    """The next step of a threshold campaign: spend `spend_more`, save `saves`."""

    promotion: Promotion
    spend_more: int
    saves: int


@dataclass(frozen=True)
class Quote:
    """A priced cart: its discounts in stacking order, and what is left to pay."""

    subtotal: int
    discounts: list[Discount] = field(default_factory=list)
    hints: list[Hint] = field(default_factory=list)
    coupon: Promotion | None = None
    coupon_note: str | None = None

    @property
    def total(self) -> int:
        """Subtotal less every discount (never below zero, by construction)."""
        return self.subtotal - sum(d.amount for d in self.discounts)


@dataclass(frozen=True)
class Offer:
    """What may apply to one customer now: running campaigns, their coupon, their packets."""

    now: datetime
    campaigns: list[Promotion]
    coupon: Promotion | None
    coupon_uses: int
    packets: list[RedPacket]
    scopes: dict[int, set[int]]


_CLOCK: ContextVar[datetime | None] = ContextVar("shop_clock", default=None)


def shop_now() -> datetime:
    """Now, as promotions see it: a `shop_clock` in force, else settings `now`, else the time."""
    return _CLOCK.get() or get_settings().shop_time()


@contextmanager
def shop_clock(moment: datetime | None) -> Iterator[None]:
    """Fix the shop's "now" for what runs inside (a scenario stepping into a campaign)."""
    if moment is None:
        yield
        return
    token = _CLOCK.set(aware(moment))
    try:
        yield
    finally:
        _CLOCK.reset(token)


def aware(moment: datetime) -> datetime:
    """A stored timestamp as UTC-aware (SQLite hands them back naive)."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def running(promotion: Promotion, now: datetime) -> bool:
    """Whether `now` is within the promotion's validity window."""
    return aware(promotion.starts_at) <= now < aware(promotion.ends_at)


def usable(packet: RedPacket, now: datetime) -> bool:
    """Whether a red packet can be spent now."""
    return packet.balance > 0 and aware(packet.valid_from) <= now < aware(packet.expires_at)


def load_offer(session: Session, *, customer_id: int, currency: str) -> Offer:
    """Read what may apply to this customer's cart now (a handful of small queries)."""
    now = shop_now()
    params = {"customer_id": customer_id, "currency": currency}
    rows = session.exec(_PROMOTIONS_AND_COUPON, params=params).all()
    promotions = [p for p, _ in rows if p.currency == currency]
    applied = next((p for p, applied_by in rows if applied_by is not None), None)
    packets = session.exec(_PACKETS, params=params).all()
    return Offer(
        now=now,
        campaigns=[p for p in promotions if p.kind == PromotionKind.threshold and running(p, now)],
        coupon=applied,
        coupon_uses=customer_uses(session, customer_id=customer_id, promotion=applied),
        packets=[p for p in packets if usable(p, now)],
        scopes=category_scopes(session, promotions),
    )


# Built once, with parameters: building a statement costs more CPU than running it.
_HOLDER = col(CartCoupon.customer_id)
# The promotions in this currency and the cart's coupon (in whatever currency), together.
_PROMOTIONS_AND_COUPON = (
    select(Promotion, _HOLDER)
    .outerjoin(
        CartCoupon,
        (col(CartCoupon.promotion_id) == Promotion.id) & (_HOLDER == bindparam("customer_id")),
    )
    .where((col(Promotion.currency) == bindparam("currency")) | _HOLDER.is_not(None))
    .order_by(col(Promotion.id))
)
_PACKETS = (
    select(RedPacket)
    .where(
        RedPacket.customer_id == bindparam("customer_id"),
        RedPacket.currency == bindparam("currency"),
    )
    .order_by(col(RedPacket.expires_at), col(RedPacket.id))
)


def customer_uses(session: Session, *, customer_id: int, promotion: Promotion | None) -> int:
    """How many of this customer's orders hold a use of the coupon."""
    if promotion is None:
        return 0
    return len(
        session.exec(
            select(CouponUse.id).where(
                CouponUse.promotion_id == promotion.id, CouponUse.customer_id == customer_id
            )
        ).all()
    )


def category_scopes(session: Session, promotions: Sequence[Promotion]) -> dict[int, set[int]]:
    """Each scoping category with its subcategories (a campaign on Shoes covers Running)."""
    wanted = {p.category_id for p in promotions if p.category_id is not None}
    if not wanted:
        return {}
    parents = dict(session.exec(select(Category.id, Category.parent_id)).all())

    def lineage(category_id: int | None) -> set[int]:
        seen: set[int] = set()
        while category_id is not None and category_id not in seen:
            seen.add(category_id)
            category_id = parents.get(category_id)
        return seen

    return {
        wanted_id: {c for c in parents if c is not None and wanted_id in lineage(c)} | {wanted_id}
        for wanted_id in wanted
    }


def in_scope(promotion: Promotion, item: Item, scopes: dict[int, set[int]]) -> bool:
    """Whether a line counts towards (and gets) a promotion."""
    if promotion.category_id is not None:
        if item.category_id not in scopes.get(promotion.category_id, {promotion.category_id}):
            return False
    if promotion.brand is not None:
        return (item.brand or "").casefold() == promotion.brand.casefold()
    return True


def price(items: Sequence[Item], offer: Offer, currency: str) -> Quote:
    """Apply the stacking rules (see the module docstring) to these lines."""
    left = {item.key: item.amount for item in items}
    subtotal = sum(left.values())
    discounts: list[Discount] = []
    hints: list[Hint] = []

    best: Discount | None = None
    for campaign in offer.campaigns:
        scoped = [i for i in items if in_scope(campaign, i, offer.scopes)]
        spent = sum(i.amount for i in scoped)
        if not scoped or campaign.min_spend <= 0:
            continue
        steps = spent // campaign.min_spend
        hints.append(
            Hint(campaign, campaign.min_spend - spent % campaign.min_spend, campaign.amount_off)
        )
        amount = min(steps * campaign.amount_off, sum(left[i.key] for i in scoped))
        if amount > 0 and (best is None or amount > best.amount):
            best = _discount(campaign, amount, {i.key: left[i.key] for i in scoped})
    if best is not None:
        discounts.append(_take(best, left))

    note = None
    coupon = offer.coupon
    if coupon is not None:
        note = coupon_problem(coupon, offer, items, currency)
        if note is None:
            scoped = [i for i in items if in_scope(coupon, i, offer.scopes)]
            remaining = sum(left[i.key] for i in scoped)
            if coupon.percent_off is not None:
                amount = remaining * coupon.percent_off // 100
            else:
                amount = min(coupon.amount_off, remaining)
            if amount > 0:
                discounts.append(
                    _take(_discount(coupon, amount, {i.key: left[i.key] for i in scoped}), left)
                )

    for packet in offer.packets:
        amount = min(packet.balance, sum(left.values()))
        if amount <= 0:
            break
        shares = _allocate(amount, dict(left))
        discounts.append(
            _take(
                Discount(
                    PromotionKind.red_packet,
                    packet.name_en,
                    packet.name_zh,
                    amount,
                    shares,
                    red_packet_id=packet.id,
                ),
                left,
            )
        )
    return Quote(subtotal, discounts, hints, coupon, note)


def coupon_problem(
    coupon: Promotion, offer: Offer, items: Sequence[Item], currency: str
) -> str | None:
    """Why a coupon takes nothing off this cart now, said so the customer knows what to do."""
    code = coupon.code or coupon.name_en
    if not running(coupon, offer.now):
        when = "has not started yet" if offer.now < aware(coupon.starts_at) else "has expired"
        return f"Coupon {code} {when}; remove it or use another code."
    if coupon.max_uses is not None and coupon.uses >= coupon.max_uses:
        return f"Coupon {code} has been used up; remove it or use another code."
    if coupon.per_customer is not None and offer.coupon_uses >= coupon.per_customer:
        return f"You have already used coupon {code}; remove it or use another code."
    spent = sum(i.amount for i in items if in_scope(coupon, i, offer.scopes))
    if spent == 0:
        return f"Coupon {code} covers nothing in the cart; add an item it covers."
    if spent < coupon.min_spend:
        more = format_money(coupon.min_spend - spent, currency)
        return f"Coupon {code} needs {more} more of what it covers."
    return None


def _discount(promotion: Promotion, amount: int, weights: dict[int, int]) -> Discount:
    return Discount(
        promotion.kind,
        promotion.name_en,
        promotion.name_zh,
        amount,
        _allocate(amount, weights),
        promotion_id=promotion.id,
        code=promotion.code,
    )


def _take(discount: Discount, left: dict[int, int]) -> Discount:
    """Subtract a discount's shares from what is left of each line."""
    for key, share in discount.shares.items():
        left[key] -= share
    return discount


def _allocate(amount: int, weights: dict[int, int]) -> dict[int, int]:
    """Share `amount` out in proportion to `weights`, exactly (largest remainder).

    `amount` must not exceed the weights' sum; then no share exceeds its weight.
    """
    total = sum(weights.values())
    if amount <= 0 or total <= 0:
        return {}
    shares = {key: amount * weight // total for key, weight in weights.items()}
    rest = amount - sum(shares.values())
    by_remainder = sorted(weights, key=lambda k: (-(amount * weights[k] % total), k))
    for key in by_remainder[:rest]:
        shares[key] += 1
    return {key: share for key, share in shares.items() if share > 0}


def discount_views(discounts: Sequence[Discount]) -> list[DiscountView]:
    """The customer-facing form of discounts, in stacking order."""
    return [
        DiscountView(
            kind=d.kind, label=d.label_en, label_zh=d.label_zh, code=d.code, amount=d.amount
        )
        for d in discounts
    ]


def hint_views(hints: Sequence[Hint]) -> list[PromotionHint]:
    """How far the cart is from each campaign's next step."""
    return [
        PromotionHint(
            label=h.promotion.name_en,
            label_zh=h.promotion.name_zh,
            spend_more=h.spend_more,
            saves=h.saves,
            close=h.spend_more * 5 <= h.promotion.min_spend,
        )
        for h in hints
    ]
