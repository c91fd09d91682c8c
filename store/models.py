"""The shop's tables (SQLModel).

Money is always integer minor units plus an ISO 4217 currency code. Timestamps are
timezone-aware UTC. Order lines snapshot what was charged, so later catalog edits never
rewrite history.
"""

from __future__ import annotations

import enum
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, Column, DateTime, UniqueConstraint
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    """The current time, timezone-aware UTC."""
    return datetime.now(UTC)


def _timestamp(**kwargs: Any) -> Any:
    """A timezone-aware timestamp column that defaults to now."""
    return Field(default_factory=utcnow, sa_column=Column(DateTime(timezone=True), **kwargs))


def _json(default: Any) -> Any:
    return Field(default_factory=lambda: type(default)(default), sa_column=Column(JSON))


# --- catalog --------------------------------------------------------------------------------


class Category(SQLModel, table=True):
    """A catalog category with English and Chinese names; `path` is "Parent > Child"."""

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(unique=True, index=True, max_length=200)
    name_en: str = Field(max_length=200)
    name_zh: str | None = Field(default=None, max_length=200)
    parent_id: int | None = Field(default=None, foreign_key="category.id")


class Product(SQLModel, table=True):
    """A product as shoppers see it; what is bought is one of its variants."""

    __table_args__ = (UniqueConstraint("seller", "external_id", name="uq_product_seller_external"),)

    id: int | None = Field(default=None, primary_key=True)
    external_id: str | None = Field(default=None, max_length=100, index=True)
    seller: str = Field(default="shopagent", max_length=100, index=True)
    brand: str | None = Field(default=None, max_length=100, index=True)
    category_id: int | None = Field(default=None, foreign_key="category.id", index=True)
    title_en: str = Field(max_length=500)
    title_zh: str | None = Field(default=None, max_length=500)
    description_en: str = Field(default="")
    description_zh: str | None = Field(default=None)
    image: str | None = Field(default=None, max_length=500, description="Local image key or URL.")
    rating: float | None = Field(default=None, ge=0, le=5, index=True)
    rating_count: int = Field(default=0, ge=0)
    currency: str = Field(default="CNY", min_length=3, max_length=3)
    created_at: datetime = _timestamp(nullable=False)
    updated_at: datetime = _timestamp(nullable=False, onupdate=utcnow)


class Variant(SQLModel, table=True):
    """A buyable variant of a product (size, colour, capacity...), with its own price and stock."""

    id: int | None = Field(default=None, primary_key=True)
    product_id: int = Field(foreign_key="product.id", index=True, ondelete="CASCADE")
    sku: str = Field(unique=True, index=True, max_length=100)
    options: dict[str, str] = _json({})
    price: int = Field(ge=0, index=True, description="Minor units in the product's currency.")
    stock: int = Field(default=0, ge=0)


# --- customers --------------------------------------------------------------------------------


class Customer(SQLModel, table=True):
    """A shopper. `handle` is a short, stable name for CLIs and scripts (e.g. "alice")."""

    id: int | None = Field(default=None, primary_key=True)
    handle: str = Field(unique=True, index=True, max_length=50)
    name: str = Field(max_length=200)
    email: str | None = Field(default=None, max_length=200)
    language: str = Field(default="en", max_length=10, description="Preferred language: en or zh.")
    created_at: datetime = _timestamp(nullable=False)


class Address(SQLModel, table=True):
    """A saved shipping address."""

    id: int | None = Field(default=None, primary_key=True)
    customer_id: int = Field(foreign_key="customer.id", index=True)
    label: str = Field(max_length=100)
    recipient: str = Field(max_length=200)
    phone: str | None = Field(default=None, max_length=50)
    line1: str = Field(max_length=300)
    city: str = Field(max_length=100)
    province: str | None = Field(default=None, max_length=100)
    postcode: str | None = Field(default=None, max_length=20)
    country: str = Field(default="CN", max_length=2)
    is_default: bool = False


class PaymentMethodKind(enum.StrEnum):
    """Kinds of saved payment methods the mock gateway understands."""

    card = "card"
    alipay = "alipay"
    wechat_pay = "wechat_pay"


class PaymentMethod(SQLModel, table=True):
    """A saved payment method: a test card (by its well-known test number) or a wallet."""

    id: int | None = Field(default=None, primary_key=True)
    customer_id: int = Field(foreign_key="customer.id", index=True)
    kind: PaymentMethodKind
    label: str = Field(max_length=100, description='Shown to people, e.g. "Visa ···4242".')
    card_number: str | None = Field(
        default=None, max_length=19, description="Mock gateway test number; never a real card."
    )
    wallet_balance: int | None = Field(
        default=None, ge=0, description="Wallet balance, minor units."
    )
    currency: str = Field(default="CNY", max_length=3)
    is_default: bool = False


class Preference(SQLModel, table=True):
    """Long-term memory about a customer: sizes, budget, favourite brands, dislikes."""

    __table_args__ = (UniqueConstraint("customer_id", "key", name="uq_preference_customer_key"),)

    id: int | None = Field(default=None, primary_key=True)
    customer_id: int = Field(foreign_key="customer.id", index=True)
    key: str = Field(max_length=100, description='e.g. "shoe_size", "budget", "favourite_brands".')
    value: str = Field(max_length=500)
    updated_at: datetime = _timestamp(nullable=False, onupdate=utcnow)


# --- carts and orders ---------------------------------------------------------------------------


class Cart(SQLModel, table=True):
    """A customer's one open cart."""

    id: int | None = Field(default=None, primary_key=True)
    customer_id: int = Field(foreign_key="customer.id", unique=True, index=True)
    updated_at: datetime = _timestamp(nullable=False, onupdate=utcnow)


class CartLine(SQLModel, table=True):
    """A variant in a cart; `seen_price` is the price the customer saw when adding it."""

    __table_args__ = (UniqueConstraint("cart_id", "variant_id", name="uq_cartline_variant"),)

    id: int | None = Field(default=None, primary_key=True)
    cart_id: int = Field(foreign_key="cart.id", index=True, ondelete="CASCADE")
    variant_id: int = Field(foreign_key="variant.id", index=True)
    quantity: int = Field(ge=1)
    seen_price: int = Field(ge=0)
    added_at: datetime = _timestamp(nullable=False)


class OrderStatus(enum.StrEnum):
    """Order life cycle: awaiting_payment -> paid -> refunded, or -> cancelled."""

    awaiting_payment = "awaiting_payment"
    paid = "paid"
    cancelled = "cancelled"
    refunded = "refunded"


class Order(SQLModel, table=True):
    """An order: fixed prices, a shipping address snapshot and the chosen payment method."""

    __tablename__ = "shop_order"  # "order" is an SQL keyword

    id: int | None = Field(default=None, primary_key=True)
    customer_id: int = Field(foreign_key="customer.id", index=True)
    status: OrderStatus = Field(default=OrderStatus.awaiting_payment, index=True)
    currency: str = Field(max_length=3)
    subtotal: int = Field(ge=0)
    shipping: int = Field(default=0, ge=0)
    total: int = Field(ge=0)
    address: dict[str, Any] = _json({})
    payment_method_id: int | None = Field(default=None, foreign_key="paymentmethod.id")
    created_at: datetime = _timestamp(nullable=False)
    paid_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True)))
    closed_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True)))


class OrderLine(SQLModel, table=True):
    """A line of an order, snapshotting title, options and unit price as charged."""

    id: int | None = Field(default=None, primary_key=True)
    order_id: int = Field(foreign_key="shop_order.id", index=True, ondelete="CASCADE")
    product_id: int = Field(foreign_key="product.id")
    variant_id: int = Field(foreign_key="variant.id")
    sku: str = Field(max_length=100)
    title: str = Field(max_length=500)
    options: dict[str, str] = _json({})
    unit_price: int = Field(ge=0)
    quantity: int = Field(ge=1)


class PaymentStatus(enum.StrEnum):
    """Payment states of the mock gateway."""

    pending = "pending"
    requires_action = "requires_action"
    succeeded = "succeeded"
    failed = "failed"
    refunded = "refunded"


class Payment(SQLModel, table=True):
    """One charge attempt. The idempotency key makes a retried request replay its first result."""

    id: int | None = Field(default=None, primary_key=True)
    order_id: int = Field(foreign_key="shop_order.id", index=True)
    customer_id: int = Field(foreign_key="customer.id", index=True)
    payment_method_id: int = Field(foreign_key="paymentmethod.id")
    idempotency_key: str = Field(unique=True, index=True, max_length=200)
    request_fingerprint: str = Field(max_length=64, description="Hash of what was asked.")
    amount: int = Field(ge=0)
    currency: str = Field(max_length=3)
    status: PaymentStatus = Field(default=PaymentStatus.pending)
    failure_code: str | None = Field(default=None, max_length=50)
    failure_message: str | None = Field(default=None, max_length=500)
    created_at: datetime = _timestamp(nullable=False)
    updated_at: datetime = _timestamp(nullable=False, onupdate=utcnow)


# --- promotions ---------------------------------------------------------------------------------


class PromotionKind(enum.StrEnum):
    """What a promotion does; store/pricing.py documents how they stack."""

    threshold = "threshold"
    """满减, automatic: every `min_spend` spent in scope takes `amount_off` off."""
    coupon = "coupon"
    """A code the customer applies: `percent_off` or `amount_off`, from `min_spend` in scope."""
    red_packet = "red_packet"
    """A rule that grants red packets of `amount_off`: the first paid order of `min_spend`."""


def _moment(**kwargs: Any) -> Any:
    return Field(sa_column=Column(DateTime(timezone=True), nullable=False, **kwargs))


class Promotion(SQLModel, table=True):
    """A campaign, coupon or red-packet rule, valid from `starts_at` until `ends_at`."""

    id: int | None = Field(default=None, primary_key=True)
    kind: PromotionKind = Field(index=True)
    code: str | None = Field(default=None, unique=True, max_length=50, description="Upper case.")
    name_en: str = Field(max_length=200)
    name_zh: str | None = Field(default=None, max_length=200)
    starts_at: datetime = _moment()
    ends_at: datetime = _moment()
    currency: str = Field(default="CNY", max_length=3)
    percent_off: int | None = Field(default=None, ge=1, le=100)
    amount_off: int = Field(default=0, ge=0, description="Minor units.")
    min_spend: int = Field(default=0, ge=0, description="Minor units, within the scope.")
    category_id: int | None = Field(default=None, foreign_key="category.id")
    brand: str | None = Field(default=None, max_length=100)
    max_uses: int | None = Field(default=None, ge=0, description="Coupon uses in all.")
    uses: int = Field(default=0, ge=0)
    per_customer: int | None = Field(default=None, ge=1, description="Coupon uses per customer.")
    packet_days: int = Field(default=30, ge=1, description="How long a granted packet lasts.")


class CartCoupon(SQLModel, table=True):
    """The coupon a customer applied to their cart, used at checkout."""

    customer_id: int = Field(foreign_key="customer.id", primary_key=True)
    promotion_id: int = Field(foreign_key="promotion.id")


class CouponUse(SQLModel, table=True):
    """One use of a coupon by an order; cancelling or refunding the order gives it back."""

    id: int | None = Field(default=None, primary_key=True)
    promotion_id: int = Field(foreign_key="promotion.id", index=True)
    customer_id: int = Field(foreign_key="customer.id", index=True)
    order_id: int = Field(foreign_key="shop_order.id", unique=True)


class RedPacket(SQLModel, table=True):
    """Credit a customer owns (红包), spent at checkout from `valid_from` until `expires_at`."""

    __table_args__ = (
        UniqueConstraint("customer_id", "promotion_id", name="uq_redpacket_promotion"),
    )

    id: int | None = Field(default=None, primary_key=True)
    customer_id: int = Field(foreign_key="customer.id", index=True)
    promotion_id: int | None = Field(default=None, foreign_key="promotion.id")
    name_en: str = Field(max_length=200)
    name_zh: str | None = Field(default=None, max_length=200)
    amount: int = Field(ge=0, description="As granted, minor units.")
    balance: int = Field(ge=0, description="What is left to spend, minor units.")
    currency: str = Field(default="CNY", max_length=3)
    valid_from: datetime = _moment()
    expires_at: datetime = _moment()
    granted_by_order_id: int | None = Field(default=None, foreign_key="shop_order.id")


class OrderDiscount(SQLModel, table=True):
    """A discount as charged, one row per promotion and order line (its share of it)."""

    id: int | None = Field(default=None, primary_key=True)
    order_id: int = Field(foreign_key="shop_order.id", index=True, ondelete="CASCADE")
    order_line_id: int = Field(foreign_key="orderline.id", ondelete="CASCADE")
    kind: PromotionKind
    promotion_id: int | None = Field(default=None, foreign_key="promotion.id")
    red_packet_id: int | None = Field(default=None, foreign_key="redpacket.id")
    code: str | None = Field(default=None, max_length=50)
    label_en: str = Field(max_length=200)
    label_zh: str | None = Field(default=None, max_length=200)
    amount: int = Field(ge=1, description="Minor units taken off this line.")


# --- conversations ------------------------------------------------------------------------------


class Conversation(SQLModel, table=True):
    """A customer's chat thread, for listing them; the messages live in the agent's checkpoints."""

    thread_id: str = Field(primary_key=True, max_length=100)
    customer_id: int = Field(foreign_key="customer.id", index=True)
    title: str = Field(max_length=200)
    model: str = Field(max_length=100)
    created_at: datetime = _timestamp(nullable=False)
    updated_at: datetime = _timestamp(nullable=False, onupdate=utcnow)


class ConversationTurn(SQLModel, table=True):
    """Who is answering a message of a thread right now: one turn at a time, across processes.

    A lease, not a transaction: a turn may wait minutes on a model. `expires_at` frees a thread
    whose holder died; the holder renews it while it works.
    """

    thread_id: str = Field(primary_key=True, max_length=100)
    holder: str = Field(max_length=200, description="host:pid:nonce of the process answering.")
    expires_at: float = Field(description="Unix time the lease ends unless renewed.")


class ToolCallMark(SQLModel, table=True):
    """Proof that a write tool call took effect: written in the same transaction as its effect.

    After a crash, a call whose result never reached the conversation is answered from this:
    marked means it happened, unmarked means it did not (and may safely run).
    """

    key: str = Field(primary_key=True, max_length=200)
    created_at: datetime = _timestamp(nullable=False)
