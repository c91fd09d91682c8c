"""Refunds: what the customer confirms before money goes back, and the refund itself.

Like a charge, a refund needs a confirmation token bound to the summary the customer saw
(order, lines, amount, the method it goes back to), checked against the order as it is now.
"""

from __future__ import annotations

from sqlmodel import Session, select

from store.confirmations import verify_confirmation
from store.customers import method_view, owned
from store.models import Order, OrderStatus, Payment, PaymentMethod, PaymentStatus
from store.orders import (
    change_wallet,
    move_order,
    move_payment,
    order_line_views,
    order_view,
    owned_order,
    require_move,
    return_stock,
)
from store.promotions import order_discounts, release_discounts
from store.views import OrderView, RefundSummary


def refund_summary(session: Session, *, customer_id: int, order_id: int) -> RefundSummary:
    """What the customer confirms before a refund: lines, the amount paid and where it goes.

    Raises:
        NotFound: if the order is missing or someone else's.
        InvalidState: if the order is not paid.
    """
    order = owned_order(session, customer_id=customer_id, order_id=order_id)
    return _summary(session, order, _paid_with(session, order))


def refund_order(
    session: Session, *, customer_id: int, order_id: int, confirmation_token: str
) -> OrderView:
    """Refund a paid order the customer confirmed: the money, stock and coupon use go back.

    Raises:
        NotFound: if the order is missing or someone else's.
        InvalidState: if the order is not paid.
        ConfirmationError: if the token is missing, forged, expired, a payment's, or for
            another refund summary.
    """
    order = owned_order(session, customer_id=customer_id, order_id=order_id, for_update=True)
    payment = _paid_with(session, order)
    verify_confirmation(confirmation_token, _summary(session, order, payment))
    move_order(order, OrderStatus.refunded)
    move_payment(payment, PaymentStatus.refunded)
    # Stock first, then the wallet: the same lock order as a payment, so the two never deadlock.
    return_stock(session, order_id=order_id)
    # Cards carry no balance, so only a wallet gets its money back here.
    change_wallet(session, method_id=payment.payment_method_id, amount=payment.amount)
    release_discounts(session, order_id=order_id, refunded=True)
    session.commit()
    return order_view(session, order)


def _paid_with(session: Session, order: Order) -> Payment:
    """The order's succeeded payment (a paid order has exactly one).

    Raises:
        InvalidState: if the order is not paid.
    """
    require_move(order, OrderStatus.refunded)
    query = select(Payment).where(
        Payment.order_id == order.id, Payment.status == PaymentStatus.succeeded
    )
    return session.exec(query.execution_options(populate_existing=True)).one()


def _summary(session: Session, order: Order, payment: Payment) -> RefundSummary:
    assert order.id is not None
    _, shares = order_discounts(session, order.id)
    method = owned(session, PaymentMethod, payment.payment_method_id, customer_id=order.customer_id)
    return RefundSummary(
        order_id=order.id,
        customer_id=order.customer_id,
        lines=order_line_views(session, order.id, shares),
        amount=payment.amount,
        currency=payment.currency,
        payment_method=method_view(method),
    )
