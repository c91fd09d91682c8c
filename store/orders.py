"""Orders: checkout fixes prices and the address; the life-cycle rules of orders and payments.

An order waits for payment, then is paid and possibly refunded, or is cancelled before payment.
Stock is not taken at checkout: the payment takes it atomically with the charge (store.payments).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import bindparam, insert
from sqlmodel import Session, col, select, update

from store.cart import cart_rows, empty_cart, lock_cart, quote_cart, shortage_message
from store.customers import (
    address_snapshot,
    chosen_address,
    chosen_method,
    method_view,
    owned,
    require_customer,
)
from store.db import execute_core
from store.errors import InvalidRequest, InvalidState, OutOfStock, PriceChanged
from store.models import (
    Order,
    OrderLine,
    OrderStatus,
    Payment,
    PaymentMethod,
    PaymentStatus,
    Product,
    Variant,
    utcnow,
)
from store.money import format_money
from store.promotions import claim_discounts, order_discounts, release_discounts
from store.views import DiscountView, OrderLineView, OrderView

# Allowed moves, keyed by the target state: the states it can be reached from, and the rule
# quoted to the customer when it cannot.
_ORDER_MOVES: dict[OrderStatus, tuple[set[OrderStatus], str]] = {
    OrderStatus.paid: (
        {OrderStatus.awaiting_payment},
        "only an order awaiting payment can be paid",
    ),
    OrderStatus.cancelled: (
        {OrderStatus.awaiting_payment},
        "only an order awaiting payment can be cancelled; a paid one can be refunded",
    ),
    OrderStatus.refunded: ({OrderStatus.paid}, "only a paid order can be refunded"),
}
_PAYMENT_MOVES: dict[PaymentStatus, set[PaymentStatus]] = {
    PaymentStatus.requires_action: {PaymentStatus.pending},
    PaymentStatus.succeeded: {PaymentStatus.pending, PaymentStatus.requires_action},
    PaymentStatus.failed: {PaymentStatus.pending, PaymentStatus.requires_action},
    PaymentStatus.refunded: {PaymentStatus.succeeded},
}
_MAX_LIST = 100

# The statements of checkout and payment are built once, with parameters: building one costs
# more CPU than running it. Read-only ones are on the tables (see `execute_core`).
_ORDER_LINES, _PRODUCTS = OrderLine.__table__, Product.__table__  # type: ignore[attr-defined]
_LINES_WITH_TITLE_ZH = (
    select(_ORDER_LINES, _PRODUCTS.c.title_zh)
    .outerjoin(_PRODUCTS, _PRODUCTS.c.id == _ORDER_LINES.c.product_id)
    .where(_ORDER_LINES.c.order_id == bindparam("order_id"))
    .order_by(_ORDER_LINES.c.id)
)
OPEN_PAYMENTS = col(Payment.status).in_([PaymentStatus.pending, PaymentStatus.requires_action])
"""Payment attempts that still wait for something (a one-time code)."""
# An order's lines, on the table: no OrderLine objects to build (the costlier part), and the
# ids in the order of the lines given.
_ADD_LINES = insert(_ORDER_LINES).returning(_ORDER_LINES.c.id, sort_by_parameter_order=True)
_OPEN_PAYMENTS = (
    select(Payment)
    .where(Payment.order_id == bindparam("order_id"), OPEN_PAYMENTS)
    .execution_options(populate_existing=True)
)
# On the tables: the ORM's bulk path (and its syncing of loaded objects) costs more than the
# statement, and the store reads a changed balance or stock afresh.
_METHODS, _VARIANTS = PaymentMethod.__table__, Variant.__table__  # type: ignore[attr-defined]
# Add an amount (negative to take) in one statement, never below zero.
_CHANGE_WALLET = (
    update(_METHODS)
    .where(
        _METHODS.c.id == bindparam("row_id"),
        _METHODS.c.wallet_balance + bindparam("amount") >= 0,
    )
    .values(wallet_balance=_METHODS.c.wallet_balance + bindparam("amount"))
)
_CHANGE_STOCK = (
    update(_VARIANTS)
    .where(_VARIANTS.c.id == bindparam("row_id"), _VARIANTS.c.stock + bindparam("amount") >= 0)
    .values(stock=_VARIANTS.c.stock + bindparam("amount"))
)


def checkout(
    session: Session,
    *,
    customer_id: int,
    address_id: int | None = None,
    payment_method_id: int | None = None,
    accept_price_changes: bool = False,
) -> OrderView:
    """Turn the cart into an order awaiting payment, at today's prices, and empty the cart.

    The address and payment method default to the customer's default ones. With an empty cart,
    the newest order that still awaits payment is the one to pay (`resumed`), if there is one.

    Raises:
        InvalidRequest: if the cart is empty and no order awaits payment, or no address can be
            chosen.
        NotFound: if the address or payment method is not the customer's.
        PriceChanged: if a price moved since it was added, unless `accept_price_changes`.
        OutOfStock: if any line asks for more than is in stock now.
    """
    # A second checkout at once finds the cart empty; the lock checks the customer exists.
    lock_cart(session, customer_id=customer_id)
    rows = cart_rows(session, customer_id=customer_id)
    if not rows:
        if (unpaid := _newest_unpaid(session, customer_id)) is not None:
            return order_view(session, unpaid).model_copy(update={"resumed": True})
        raise InvalidRequest("Your cart is empty; add something before checking out.")
    address = chosen_address(session, customer_id=customer_id, address_id=address_id)
    method = chosen_method(session, customer_id=customer_id, payment_method_id=payment_method_id)
    currency = rows[0].product.currency
    changed = [r for r in rows if r.price_changed]
    if changed and not accept_price_changes:
        advice = (
            ". Tell the customer and check out again with accept_price_changes once they agree."
        )
        raise PriceChanged(
            "Prices changed since these were added: "
            + "; ".join(
                f"{r.name} {format_money(r.line.seen_price, currency)} -> "
                f"{format_money(r.variant.price, currency)}"
                for r in changed
            )
            + advice,
            model_message="Prices changed since these were added: "
            + "; ".join(
                f"line {r.line.id} {format_money(r.line.seen_price, currency)} -> "
                f"{format_money(r.variant.price, currency)}"
                for r in changed
            )
            + advice,
            currency=currency,
            changes=[
                {
                    "line_id": r.line.id,
                    "variant_id": r.variant.id,
                    "old_price": r.line.seen_price,
                    "new_price": r.variant.price,
                }
                for r in changed
            ],
            catalog_data={str(r.line.id): r.name for r in changed},
        )
    short = [r for r in rows if r.line.quantity > r.variant.stock]
    if short:
        raise OutOfStock(
            " ".join(shortage_message(r.product, r.variant, r.line.quantity) for r in short)
            + " Change the cart and check out again.",
            model_message=" ".join(
                shortage_message(r.product, r.variant, r.line.quantity, for_model=True)
                for r in short
            )
            + " Change the cart and check out again.",
            catalog_data={str(r.line.id): r.name for r in short},
            lines=[
                {"line_id": r.line.id, "requested": r.line.quantity, "available": r.variant.stock}
                for r in short
            ],
        )
    quote = quote_cart(session, customer_id=customer_id, rows=rows, currency=currency)
    order = Order(
        customer_id=customer_id,
        currency=currency,
        subtotal=quote.subtotal,
        total=quote.total,
        address=address_snapshot(address),
        payment_method_id=method.id if method else None,
    )
    session.add(order)
    session.flush()
    assert order.id is not None
    lines = [
        {
            "order_id": order.id,
            "product_id": r.product.id,
            "variant_id": r.variant.id,
            "sku": r.variant.sku,
            "title": r.product.title_en,
            "options": r.variant.options,
            "unit_price": r.variant.price,
            "quantity": r.line.quantity,
        }
        for r in rows
    ]
    line_ids = execute_core(session, _ADD_LINES, lines).scalars().all()
    if quote.discounts or quote.coupon:
        by_cart_line = {r.line.id: i for r, i in zip(rows, line_ids, strict=True) if r.line.id}
        claim_discounts(session, order=order, quote=quote, line_ids=by_cart_line)
    empty_cart(session, customer_id=customer_id)
    # The view is made inside the checkout's transaction (one, not two). A new order has no
    # payment yet, and without discounts all it shows is at hand: nothing to read back.
    if quote.discounts or quote.coupon:
        view = order_view(session, order)
    else:
        placed = [_line_view(line, r.product.title_zh) for line, r in zip(lines, rows, strict=True)]
        view = _order_view(order, method, placed, [], None)
    session.commit()
    return view


def _newest_unpaid(session: Session, customer_id: int) -> Order | None:
    return session.exec(
        select(Order)
        .where(Order.customer_id == customer_id, Order.status == OrderStatus.awaiting_payment)
        .order_by(col(Order.id).desc())
    ).first()


def get_order(session: Session, *, customer_id: int, order_id: int) -> OrderView:
    """One of the customer's orders.

    Raises:
        NotFound: if the order is missing or someone else's.
    """
    return order_view(session, owned_order(session, customer_id=customer_id, order_id=order_id))


def list_orders(session: Session, *, customer_id: int, limit: int = 20) -> list[OrderView]:
    """The customer's orders, newest first (at most `limit`, capped at 100)."""
    require_customer(session, customer_id)
    orders = session.exec(
        select(Order)
        .where(Order.customer_id == customer_id)
        .order_by(col(Order.id).desc())
        .limit(max(1, min(limit, _MAX_LIST)))
        .execution_options(populate_existing=True)
    ).all()
    return [order_view(session, order) for order in orders]


def cancel_order(session: Session, *, customer_id: int, order_id: int) -> OrderView:
    """Cancel an order still awaiting payment, giving back its coupon use and packet credit.

    An unfinished payment attempt fails.

    Raises:
        NotFound: if the order is missing or someone else's.
        InvalidState: if the order is not awaiting payment.
    """
    order = owned_order(session, customer_id=customer_id, order_id=order_id, for_update=True)
    move_order(order, OrderStatus.cancelled)
    for payment in open_payments(session, order_id=order_id):
        fail_payment(payment, "order_cancelled", "The order was cancelled; nothing was charged.")
    release_discounts(session, order_id=order_id)
    session.commit()
    return order_view(session, order)


# --- helpers for payments -----------------------------------------------------------------------


def owned_order(
    session: Session, *, customer_id: int, order_id: int, for_update: bool = False
) -> Order:
    """The customer's order, freshly read; `for_update` locks it until commit (PostgreSQL).

    Raises:
        NotFound: if the order is missing or someone else's (the same message either way).
    """
    return owned(session, Order, order_id, customer_id=customer_id, for_update=for_update)


def order_view(session: Session, order: Order) -> OrderView:
    """The public view of an order, with its lines, method and latest payment status."""
    assert order.id is not None
    method = (
        session.get(PaymentMethod, order.payment_method_id) if order.payment_method_id else None
    )
    latest = session.exec(
        select(Payment.status).where(Payment.order_id == order.id).order_by(col(Payment.id).desc())
    ).first()
    discounts, shares = order_discounts(session, order.id)
    lines = order_line_views(session, order.id, shares)
    return _order_view(order, method, lines, discounts, PaymentStatus(latest) if latest else None)


def _order_view(
    order: Order,
    method: PaymentMethod | None,
    lines: list[OrderLineView],
    discounts: list[DiscountView],
    payment_status: PaymentStatus | None,
) -> OrderView:
    assert order.id is not None
    return OrderView(
        id=order.id,
        status=order.status,
        currency=order.currency,
        subtotal=order.subtotal,
        shipping=order.shipping,
        total=order.total,
        lines=lines,
        discounts=discounts,
        address=order.address,
        payment_method=method_view(method) if method else None,
        payment_status=payment_status,
        created_at=order.created_at,
        paid_at=order.paid_at,
    )


def order_line_views(
    session: Session, order_id: int, discounts: dict[int, int] | None = None
) -> list[OrderLineView]:
    """An order's lines as charged, with each line's share of `discounts` (by line id).

    The Chinese title is the product's now (the line keeps the title it was bought under),
    read in the same query.
    """
    return [
        _line_view(line._mapping, line.title_zh, (discounts or {}).get(line.id, 0))
        for line in execute_core(session, _LINES_WITH_TITLE_ZH, {"order_id": order_id})
    ]


def _line_view(line: Mapping[Any, Any], title_zh: str | None, discount: int = 0) -> OrderLineView:
    """The public view of an order line's columns, `title_zh` its product's title now."""
    return OrderLineView(
        product_id=line["product_id"],
        variant_id=line["variant_id"],
        sku=line["sku"],
        title=line["title"],
        title_zh=title_zh,
        options=line["options"],
        unit_price=line["unit_price"],
        quantity=line["quantity"],
        line_total=line["unit_price"] * line["quantity"],
        discount=discount,
    )


def move_order(order: Order, to: OrderStatus) -> None:
    """Move an order to `to`, stamping when it was paid or closed.

    Raises:
        InvalidState: if the order's life cycle does not allow that move.
    """
    require_move(order, to)
    order.status = to
    if to == OrderStatus.paid:
        order.paid_at = utcnow()
    else:
        order.closed_at = utcnow()


def require_move(order: Order, to: OrderStatus) -> None:
    """Check that the order's life cycle allows moving it to `to`.

    Raises:
        InvalidState: if it does not, quoting the rule.
    """
    allowed_from, rule = _ORDER_MOVES[to]
    if order.status not in allowed_from:
        raise InvalidState(f"Order {order.id} is {order.status}; {rule}.", status=order.status)


def move_payment(payment: Payment, to: PaymentStatus) -> None:
    """Move a payment to `to`.

    Raises:
        InvalidState: if the payment is in a state that does not allow that move.
    """
    if payment.status not in _PAYMENT_MOVES[to]:
        raise InvalidState(
            f"Payment {payment.id} is {payment.status}, so it cannot become {to}.",
            status=payment.status,
        )
    payment.status = to


def fail_payment(payment: Payment, code: str, message: str) -> None:
    """Mark a payment attempt failed with a code and a message that says what to do."""
    move_payment(payment, PaymentStatus.failed)
    payment.failure_code, payment.failure_message = code, message


def open_payments(session: Session, *, order_id: int) -> list[Payment]:
    """The order's payment attempts that still wait for something (a one-time code)."""
    return list(session.exec(_OPEN_PAYMENTS, params={"order_id": order_id}).all())


def take_stock(session: Session, lines: Sequence[OrderLineView]) -> OrderLineView | None:
    """Take each of an order's `lines` from stock, with `UPDATE ... WHERE stock >= quantity`.

    In variant order, so concurrent payments lock the rows alike (no deadlock).

    Returns:
        The first line short of stock, if any; the lines before it were taken, so the caller
        rolls back (a savepoint) to take nothing.
    """
    for line in sorted(lines, key=lambda line: line.variant_id):
        if not _change_stock(session, variant_id=line.variant_id, amount=-line.quantity):
            return line
    return None


def return_stock(session: Session, *, order_id: int) -> None:
    """Put each line's quantity back in stock."""
    for line in _lines_by_variant(session, order_id):
        _change_stock(session, variant_id=line.variant_id, amount=line.quantity)


def change_wallet(session: Session, *, method_id: int, amount: int) -> bool:
    """Add `amount` (negative to debit) to a wallet's balance in one statement, never below zero.

    Returns:
        False, changing nothing, when the balance is short or the method has no balance (a card).
    """
    return _changed_one(session, _CHANGE_WALLET, method_id, amount)


def _change_stock(session: Session, *, variant_id: int, amount: int) -> bool:
    """Add `amount` (negative to take) to a variant's stock in one statement, never below zero."""
    return _changed_one(session, _CHANGE_STOCK, variant_id, amount)


def _changed_one(session: Session, change: Any, row_id: int, amount: int) -> bool:
    """Run a conditional `change` of one row by `amount`; whether it changed the row."""
    result = execute_core(session, change, {"row_id": row_id, "amount": amount})
    return bool(result.rowcount == 1)  # type: ignore[attr-defined]


def _lines_by_variant(session: Session, order_id: int) -> list[OrderLine]:
    """Lines in variant order, so concurrent stock updates lock rows alike (no deadlock)."""
    return sorted(_lines_of(session, order_id), key=lambda line: line.variant_id)


def _lines_of(session: Session, order_id: int) -> list[OrderLine]:
    query = select(OrderLine).where(OrderLine.order_id == order_id).order_by(col(OrderLine.id))
    return list(session.exec(query).all())
