"""The demo data files (catalog, customers, promotions) and the schema they are checked against."""

from __future__ import annotations

from collections import Counter
from functools import cache
from importlib.resources import files
from typing import Annotated, Self

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StrictInt, model_validator

from store.models import PaymentMethodKind, PromotionKind

NonEmpty = Annotated[str, Field(min_length=1)]


class _Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class DemoCategory(_Record):
    """A category with its English and Chinese names."""

    slug: NonEmpty
    name_en: NonEmpty
    name_zh: NonEmpty


class DemoVariant(_Record):
    """A buyable variant; price in fen."""

    sku: Annotated[str, Field(min_length=1, max_length=100)]
    options: dict[str, str]
    price: Annotated[StrictInt, Field(gt=0)]
    stock: Annotated[StrictInt, Field(ge=0)]


class DemoProduct(_Record):
    """A product with bilingual text; `slug` is its external id in the demo seller's catalog."""

    slug: NonEmpty
    category: NonEmpty
    brand: NonEmpty
    title_en: NonEmpty
    title_zh: NonEmpty
    description_en: NonEmpty
    description_zh: NonEmpty
    rating: Annotated[float, Field(ge=3.5, le=5.0)]
    rating_count: Annotated[StrictInt, Field(ge=1)]
    variants: Annotated[list[DemoVariant], Field(min_length=1)]


class DemoCatalog(_Record):
    """The demo catalog: categories and products, all in one currency."""

    currency: Annotated[str, Field(min_length=3, max_length=3)]
    categories: list[DemoCategory]
    products: list[DemoProduct]

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        slugs = {category.slug for category in self.categories}
        if unknown := {p.category for p in self.products} - slugs:
            raise ValueError(f"products name unknown categories: {sorted(unknown)}")
        _require_unique("product slug", [p.slug for p in self.products])
        _require_unique("SKU", [v.sku for p in self.products for v in p.variants])
        return self


class DemoAddress(_Record):
    """A saved address of a demo customer."""

    label: NonEmpty
    recipient: NonEmpty
    phone: str | None = None
    line1: NonEmpty
    city: NonEmpty
    province: str | None = None
    postcode: str | None = None
    country: Annotated[str, Field(min_length=2, max_length=2)]
    is_default: bool = False


class DemoPaymentMethod(_Record):
    """A test card (by its well-known test number) or a wallet with a balance in fen."""

    kind: PaymentMethodKind
    label: NonEmpty
    card_number: str | None = None
    wallet_balance: Annotated[StrictInt, Field(ge=0)] | None = None
    is_default: bool = False

    @model_validator(mode="after")
    def _card_or_wallet(self) -> Self:
        is_card = self.kind is PaymentMethodKind.card
        has_number, has_balance = self.card_number is not None, self.wallet_balance is not None
        if (has_number, has_balance) != (is_card, not is_card):
            raise ValueError(f"{self.label}: a card needs a card_number, a wallet a wallet_balance")
        return self


class DemoCustomer(_Record):
    """A demo shopper with addresses, payment methods and remembered preferences."""

    handle: NonEmpty
    name: NonEmpty
    email: str | None = None
    language: Annotated[str, Field(pattern="^(en|zh)$")]
    addresses: list[DemoAddress]
    payment_methods: list[DemoPaymentMethod]
    preferences: dict[str, str] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _one_default_each(self) -> Self:
        for kind, items in (("address", self.addresses), ("payment method", self.payment_methods)):
            if items and sum(item.is_default for item in items) != 1:
                raise ValueError(f"{self.handle} needs exactly one default {kind}")
        return self


class DemoCustomers(_Record):
    """The demo customers file."""

    customers: list[DemoCustomer]

    @model_validator(mode="after")
    def _unique_handles(self) -> Self:
        _require_unique("customer handle", [c.handle for c in self.customers])
        return self


def _require_unique(what: str, values: list[str]) -> None:
    if duplicates := sorted(value for value, n in Counter(values).items() if n > 1):
        raise ValueError(f"duplicate {what}: {duplicates[:5]}")


@cache
def load_catalog() -> DemoCatalog:
    """The demo catalog shipped in the package (parsed once per process)."""
    text = files("store.demo").joinpath("catalog.json").read_text(encoding="utf-8")
    return DemoCatalog.model_validate_json(text)


@cache
def load_customers() -> DemoCustomers:
    """The demo customers shipped in the package (parsed once per process)."""
    text = files("store.demo").joinpath("customers.json").read_text(encoding="utf-8")
    return DemoCustomers.model_validate_json(text)


class DemoPromotion(_Record):
    """A campaign, coupon or red-packet rule of the demo shop (store.models.Promotion)."""

    kind: PromotionKind
    code: str | None = None
    name_en: NonEmpty
    name_zh: str | None = None
    starts_at: AwareDatetime
    ends_at: AwareDatetime
    percent_off: int | None = Field(default=None, ge=1, le=100)
    amount_off: int = Field(default=0, ge=0)
    min_spend: int = Field(default=0, ge=0)
    category: str | None = Field(default=None, description="Category slug of the scope.")
    brand: str | None = None
    max_uses: int | None = Field(default=None, ge=0)
    per_customer: int | None = Field(default=None, ge=1)
    packet_days: int = Field(default=30, ge=1)


class DemoRedPacket(_Record):
    """A red packet a demo customer owns from the start."""

    customer: NonEmpty
    name_en: NonEmpty
    name_zh: str | None = None
    amount: int = Field(ge=1)
    valid_from: AwareDatetime
    expires_at: AwareDatetime


class DemoPromotions(_Record):
    """The demo promotions file."""

    promotions: list[DemoPromotion]
    red_packets: list[DemoRedPacket] = Field(default_factory=list)

    @model_validator(mode="after")
    def _unique_names(self) -> Self:
        _require_unique("promotion name", [p.name_en for p in self.promotions])
        return self


@cache
def load_promotions() -> DemoPromotions:
    """The demo promotions shipped in the package (parsed once per process)."""
    text = files("store.demo").joinpath("promotions.json").read_text(encoding="utf-8")
    return DemoPromotions.model_validate_json(text)
