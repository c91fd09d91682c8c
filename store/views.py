"""What the store hands out: read-only pydantic views, never live table rows.

Money fields are integer minor units in `currency`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field

from store.models import OrderStatus, PaymentMethodKind, PaymentStatus, PromotionKind


class View(BaseModel):
    """Base of all views: immutable and JSON-ready."""

    model_config = ConfigDict(frozen=True)


class SearchFilters(View):
    """Filters of a catalog search; prices in minor units of the product's currency."""

    category: str | None = Field(default=None, description="Category slug or name, any language.")
    brand: str | None = None
    seller: str | None = None
    min_price: int | None = Field(default=None, ge=0)
    max_price: int | None = Field(default=None, ge=0)
    in_stock: bool = False
    min_rating: float | None = Field(default=None, ge=0, le=5)
    options: dict[str, str] = Field(
        default_factory=dict, description='Variant options that must exist, e.g. {"size": "42"}.'
    )


class ProductHit(View):
    """One search result."""

    id: int
    title: str
    title_zh: str | None = None
    price: int = Field(description="Lowest variant price (matching the filters), minor units.")
    currency: str
    seller: str
    external_id: str | None = None
    category: str | None = Field(default=None, description="Display name (English).")
    category_slug: str | None = Field(default=None, description='Stable name, e.g. "shoes".')
    brand: str | None = None
    rating: float | None = None
    in_stock: bool
    image: str | None = None


class CategorySuggestion(View):
    """A category of the shop, offered when it has nothing of the kind asked for."""

    slug: str
    name: str
    name_zh: str | None = None


class SearchResult(View):
    """What a catalog search found; when the shop has nothing of the kind asked for, says so.

    `missing` is that kind as the shopper wrote it ("phone cases", 电视); `suggestions` are the
    shop's nearest categories, to offer instead. Both are empty when products were found, or
    when the shop has that kind but none meets the filters (price, size...). A query listing
    several kinds ("phone case and charger") gets the products of those the shop has, with
    the ones it lacks named in `missing`.
    """

    products: list[ProductHit]
    missing: str | None = None
    suggestions: list[CategorySuggestion] = Field(default_factory=list)


class VariantView(View):
    """A buyable variant."""

    id: int
    sku: str
    options: dict[str, str]
    price: int
    currency: str
    stock: int


class ProductDetail(View):
    """A product with its description and variants."""

    id: int
    title: str
    title_zh: str | None = None
    description: str
    description_zh: str | None = None
    brand: str | None = None
    category: str | None = Field(default=None, description="Display name (English).")
    category_zh: str | None = None
    category_slug: str | None = Field(default=None, description='Stable name, e.g. "shoes".')
    seller: str
    external_id: str | None = None
    rating: float | None = None
    rating_count: int = 0
    currency: str
    image: str | None = None
    price: int = Field(description="Lowest variant price, minor units.")
    in_stock: bool
    option_names: list[str] = Field(description='Option names that tell variants apart ("size").')
    variants: list[VariantView]


class CartLineView(View):
    """A cart line, priced by the store now."""

    line_id: int
    product_id: int
    variant_id: int
    sku: str
    title: str
    title_zh: str | None = None
    options: dict[str, str]
    quantity: int
    unit_price: int
    line_total: int
    currency: str
    stock: int
    price_was: int | None = Field(
        default=None, description="The price seen when added, if it has changed since."
    )


class DiscountView(View):
    """A discount taken off a cart or an order, as the store computed it."""

    kind: PromotionKind
    label: str
    label_zh: str | None = None
    code: str | None = None
    amount: int = Field(description="Minor units taken off.")


class PromotionHint(View):
    """How close the cart is to the next step of a spend-threshold campaign."""

    label: str
    label_zh: str | None = None
    spend_more: int = Field(description="Minor units more, within the campaign's scope.")
    saves: int = Field(description="What the next step takes off, minor units.")
    close: bool = Field(description="Within a fifth of a step: worth telling the customer.")


class CartView(View):
    """The customer's cart with totals computed by the store."""

    lines: list[CartLineView]
    item_count: int
    subtotal: int
    currency: str
    warnings: list[str] = Field(default_factory=list)
    discounts: list[DiscountView] = Field(default_factory=list)
    total: int = Field(default=0, description="Subtotal less discounts: what checkout charges.")
    coupon: str | None = Field(default=None, description="The coupon code applied, if any.")
    coupon_note: str | None = Field(
        default=None, description="Why the applied coupon takes nothing off yet, if it does not."
    )
    hints: list[PromotionHint] = Field(default_factory=list)

    @property
    def savings(self) -> int:
        """All discounts together, minor units."""
        return sum(d.amount for d in self.discounts)


class PromotionView(View):
    """A promotion running now, as a customer may read it."""

    kind: PromotionKind
    label: str
    label_zh: str | None = None
    code: str | None = None
    percent_off: int | None = None
    amount_off: int
    min_spend: int
    currency: str
    scope: str | None = Field(default=None, description="Category or brand, if limited.")
    ends_at: datetime
    applies_now: bool = Field(description="Whether the cart as it is meets its conditions.")
    note: str | None = Field(default=None, description="What the cart still needs, if anything.")


class RedPacketView(View):
    """A red packet the customer owns."""

    id: int
    label: str
    label_zh: str | None = None
    amount: int
    balance: int
    currency: str
    valid_from: datetime
    expires_at: datetime
    usable: bool = Field(description="Valid now with something left to spend.")


class CustomerView(View):
    """A customer, as lists and the UI show them."""

    id: int
    handle: str
    name: str
    language: str


class AddressView(View):
    """A saved address."""

    id: int
    label: str
    recipient: str
    one_line: str
    is_default: bool


class PaymentMethodView(View):
    """A saved payment method (never the full card number)."""

    id: int
    kind: PaymentMethodKind
    label: str
    is_default: bool


class OrderLineView(View):
    """An order line as charged."""

    product_id: int
    variant_id: int
    sku: str
    title: str
    title_zh: str | None = None
    options: dict[str, str]
    unit_price: int
    quantity: int
    line_total: int
    discount: int = Field(default=0, description="This line's share of the discounts.")


class OrderView(View):
    """An order and where it stands."""

    id: int
    status: OrderStatus
    currency: str
    subtotal: int
    shipping: int
    total: int
    lines: list[OrderLineView]
    discounts: list[DiscountView] = Field(default_factory=list)
    address: dict[str, Any]
    payment_method: PaymentMethodView | None
    payment_status: PaymentStatus | None = None
    created_at: datetime
    paid_at: datetime | None = None
    resumed: bool = False
    """Checkout found the cart empty and gave the order that already awaited payment."""


class PaymentSummary(View):
    """What a customer confirms before a charge. The confirmation token is bound to it."""

    action: ClassVar[Literal["pay"]] = "pay"
    """What confirming it does (signed with it: a payment's token never confirms a refund)."""

    order_id: int
    customer_id: int
    lines: list[OrderLineView]
    total: int
    currency: str
    payment_method: PaymentMethodView
    address: str
    subtotal: int | None = Field(default=None, description="Before discounts.")
    discounts: list[DiscountView] = Field(default_factory=list)


class RefundSummary(View):
    """What a customer confirms before a refund. The confirmation token is bound to it."""

    action: ClassVar[Literal["refund"]] = "refund"
    """What confirming it does (signed with it: a refund's token never confirms a payment)."""

    order_id: int
    customer_id: int
    lines: list[OrderLineView]
    amount: int = Field(description="What goes back: the amount paid.")
    currency: str
    payment_method: PaymentMethodView = Field(description="Where the money goes back to.")


class PaymentResult(View):
    """The outcome of a charge attempt."""

    payment_id: int
    order_id: int
    status: PaymentStatus
    amount: int
    currency: str
    order_status: OrderStatus
    failure_code: str | None = None
    message: str


class PreferenceView(View):
    """A remembered customer preference."""

    key: str
    value: str
    updated_at: datetime


class ImportIssue(View):
    """A row that was skipped or rejected, with its 1-based line number in the file."""

    row: int
    reason: str


class ImportReport(View):
    """What one catalog file import did."""

    path: str
    seller: str
    imported: int = 0
    updated: int = 0
    skipped: list[ImportIssue] = Field(default_factory=list)
    errors: list[ImportIssue] = Field(default_factory=list)
    committed: bool = Field(description="False when errors left the database unchanged.")


class ConversationView(View):
    """A chat thread in a customer's conversation list."""

    thread_id: str
    title: str
    model: str
    updated_at: datetime
