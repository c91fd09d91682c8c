"""Small builders of test rows: products with variants, customers, addresses, payment methods.

Each one commits and returns the row, so tests read like the story they tell:
`shoe = make_product(session, title="Runner", price=19900, options_list=[{"size": "42"}])`.
"""

from __future__ import annotations

import itertools
import uuid
from typing import Any

from sqlmodel import Session, col, select

from store.cart import add_to_cart
from store.confirmations import issue_confirmation_token
from store.models import (
    Address,
    Customer,
    PaymentMethod,
    PaymentMethodKind,
    Product,
    Variant,
)
from store.orders import checkout as checkout_cart
from store.payments import pay_order, payment_summary
from store.refunds import refund_order, refund_summary
from store.views import OrderView, PaymentResult

_serial = itertools.count(1)

GOOD_CARD = "4242424242424242"


def make_product(
    session: Session,
    *,
    title: str = "Test runner",
    price: int = 19900,
    stock: int = 10,
    options_list: list[dict[str, str]] | None = None,
    currency: str = "CNY",
    **fields: Any,
) -> Product:
    """A product with one variant per entry of `options_list` (default: one plain variant)."""
    product = Product(title_en=title, currency=currency, **fields)
    session.add(product)
    session.flush()
    assert product.id is not None
    for options in options_list or [{}]:
        sku = f"SKU-{product.id}-{next(_serial)}"
        session.add(
            Variant(product_id=product.id, sku=sku, options=options, price=price, stock=stock)
        )
    session.commit()
    return product


def variants_of(session: Session, product: Product | int) -> list[Variant]:
    """The product's variants, in the order they were made."""
    product_id = product if isinstance(product, int) else product.id
    query = select(Variant).where(Variant.product_id == product_id).order_by(col(Variant.id))
    return list(session.exec(query.execution_options(populate_existing=True)).all())


def set_variant(session: Session, variant_id: int, **values: Any) -> Variant:
    """Change a variant (price, stock...) as a shop keeper would, and commit."""
    variant = session.get(Variant, variant_id, populate_existing=True)
    assert variant is not None
    for name, value in values.items():
        setattr(variant, name, value)
    session.add(variant)
    session.commit()
    return variant


def make_customer(
    session: Session, handle: str | None = None, *, with_address: bool = True, **fields: Any
) -> Customer:
    """A customer (handle "customer-N" unless given), with a default address unless told not."""
    handle = handle or f"customer-{next(_serial)}"
    customer = Customer(handle=handle, name=fields.pop("name", handle.title()), **fields)
    session.add(customer)
    session.commit()
    if with_address:
        make_address(session, customer)
    return customer


def make_address(
    session: Session,
    customer: Customer,
    *,
    label: str = "Home",
    is_default: bool = True,
    **fields: Any,
) -> Address:
    """A saved address for the customer (a Beijing one unless told otherwise)."""
    assert customer.id is not None
    values = {
        "recipient": customer.name,
        "phone": "13800000000",
        "line1": "1 Xueyuan Road",
        "city": "Beijing",
        "province": "Beijing",
        "postcode": "100083",
        **fields,
    }
    address = Address(customer_id=customer.id, label=label, is_default=is_default, **values)
    session.add(address)
    session.commit()
    return address


def make_card(
    session: Session, customer: Customer, number: str = GOOD_CARD, *, is_default: bool = True
) -> PaymentMethod:
    """A saved test card, labelled like "Visa ···4242"."""
    assert customer.id is not None
    card = PaymentMethod(
        customer_id=customer.id,
        kind=PaymentMethodKind.card,
        label=f"Visa ···{number[-4:]}",
        card_number=number,
        is_default=is_default,
    )
    session.add(card)
    session.commit()
    return card


def make_wallet(
    session: Session,
    customer: Customer,
    *,
    balance: int,
    kind: PaymentMethodKind = PaymentMethodKind.alipay,
    currency: str = "CNY",
    is_default: bool = False,
) -> PaymentMethod:
    """A saved Alipay / WeChat Pay wallet holding `balance` minor units."""
    assert customer.id is not None
    wallet = PaymentMethod(
        customer_id=customer.id,
        kind=kind,
        label="Alipay" if kind == PaymentMethodKind.alipay else "WeChat Pay",
        wallet_balance=balance,
        currency=currency,
        is_default=is_default,
    )
    session.add(wallet)
    session.commit()
    return wallet


def place_order(
    session: Session, customer: Customer, product: Product, *, quantity: int = 1, **checkout: Any
) -> OrderView:
    """Put `quantity` of the product's (only) variant in the cart and check out."""
    assert customer.id is not None and product.id is not None
    add_to_cart(session, customer_id=customer.id, product_id=product.id, quantity=quantity)
    return checkout_cart(session, customer_id=customer.id, **checkout)


def confirm_and_pay(
    session: Session,
    customer: Customer,
    order_id: int,
    *,
    key: str | None = None,
    method: PaymentMethod | None = None,
) -> PaymentResult:
    """What a confirmed payment does: summary, token, pay (with a fresh idempotency key)."""
    assert customer.id is not None
    method_id = method.id if method else None
    summary = payment_summary(
        session, customer_id=customer.id, order_id=order_id, payment_method_id=method_id
    )
    return pay_order(
        session,
        customer_id=customer.id,
        order_id=order_id,
        confirmation_token=issue_confirmation_token(summary),
        idempotency_key=key or uuid.uuid4().hex,
        payment_method_id=method_id,
    )


def confirm_and_refund(session: Session, customer: Customer, order_id: int) -> OrderView:
    """What a confirmed refund does: the refund summary, its token, the refund."""
    assert customer.id is not None
    summary = refund_summary(session, customer_id=customer.id, order_id=order_id)
    return refund_order(
        session,
        customer_id=customer.id,
        order_id=order_id,
        confirmation_token=issue_confirmation_token(summary),
    )
