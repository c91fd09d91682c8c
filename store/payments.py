"""The mock payment gateway, and the rules that make a charge safe.

- A charge needs a confirmation token bound to the payment summary the customer saw; it is
  checked against the order as it is now, so a changed total or method needs a new confirmation.
- Every charge carries an idempotency key: a retry replays the first result, never charges twice.
- Stock (and a wallet's balance) are taken in the same transaction as the successful charge,
  with conditional updates, so concurrent buyers can never oversell.

Saved cards are the well-known Stripe test numbers; wallets pay from their balance.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Integer, bindparam
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, func, select

from store.bounds import storable_id
from store.confirmations import verify_confirmation
from store.customers import format_address, list_payment_methods, method_view, owned
from store.errors import IdempotencyConflict, InvalidRequest, InvalidState
from store.methods import saved_method
from store.models import (
    Order,
    OrderStatus,
    Payment,
    PaymentMethod,
    PaymentMethodKind,
    PaymentStatus,
    Variant,
)
from store.money import format_money
from store.orders import (
    OPEN_PAYMENTS,
    change_wallet,
    fail_payment,
    move_order,
    move_payment,
    open_payments,
    order_line_views,
    owned_order,
    require_move,
    take_stock,
)
from store.promotions import grant_red_packets, order_discounts, red_packet_rules
from store.views import OrderLineView, PaymentMethodView, PaymentResult, PaymentSummary

ONE_TIME_CODE = "123"  # the code the mock bank "sends" for 3-D Secure test cards

_TRY_ANOTHER = "Use another card or payment method."


@dataclass(frozen=True)
class _Outcome:
    """What the mock bank answers; a decline has a code and says what to do."""

    status: PaymentStatus
    code: str = ""
    message: str = ""


def _decline(code: str, message: str) -> _Outcome:
    return _Outcome(PaymentStatus.failed, code, message)


_APPROVED = _Outcome(PaymentStatus.succeeded)
_CARD_OUTCOMES = {
    "4242424242424242": _APPROVED,
    "4000000000000002": _decline("card_declined", f"The bank declined the card. {_TRY_ANOTHER}"),
    "4000000000009995": _decline(
        "insufficient_funds", "The card has insufficient funds. Use another card or a wallet."
    ),
    "4000000000000069": _decline(
        "expired_card", "The card has expired. Update its expiry date or use another card."
    ),
    "4000000000000127": _decline(
        "incorrect_cvc",
        "The card's security code (CVC) is incorrect. Check the card details or use another card.",
    ),
    "4000000000000119": _decline(
        "processing_error",
        "The bank could not process the card just now. Try again in a moment or use another card.",
    ),
    "4000000000003220": _Outcome(PaymentStatus.requires_action),
}
_UNKNOWN_CARD = _decline(
    "card_declined",
    f"The bank declined the card: it does not know this card number. {_TRY_ANOTHER}",
)
_PAYMENT_BY_KEY = (
    select(Payment)
    .where(Payment.idempotency_key == bindparam("key"))
    .execution_options(populate_existing=True)
)
# The order (the customer's) with the method asked for, else its own; the method must be the
# order's customer's too. Built once: building a statement costs more CPU than running it.
_ORDER_AND_METHOD = (
    select(Order, PaymentMethod)
    .outerjoin(
        PaymentMethod,
        (
            col(PaymentMethod.id)
            == func.coalesce(bindparam("method_id", type_=Integer), Order.payment_method_id)
        )
        & (col(PaymentMethod.customer_id) == Order.customer_id),
    )
    .where(col(Order.id) == bindparam("order_id"), Order.customer_id == bindparam("customer_id"))
    .execution_options(populate_existing=True)
)
_ORDER_AND_METHOD_FOR_UPDATE = _ORDER_AND_METHOD.with_for_update(of=Order)
# A charge's key's payment, if any, and the order's open attempts (locked: no new ones come).
_BY_KEY_AND_OPEN = (
    select(Payment)
    .where(
        (col(Payment.idempotency_key) == bindparam("key"))
        | ((col(Payment.order_id) == bindparam("order_id")) & OPEN_PAYMENTS)
    )
    .execution_options(populate_existing=True)
)
_KEY_MAX: int = Payment.__table__.c.idempotency_key.type.length  # type: ignore[attr-defined]


def payment_summary(
    session: Session, *, customer_id: int, order_id: int, payment_method_id: int | None = None
) -> PaymentSummary:
    """What the customer confirms before paying: lines, total, method and address, as now.

    The method defaults to the one chosen at checkout.

    Raises:
        NotFound: if the order or method is missing or someone else's.
        InvalidState: if the order is not awaiting payment.
        InvalidRequest: if no payment method was chosen.
    """
    order, method = _order_and_method(session, customer_id, order_id, payment_method_id)
    return _summary(session, order, method)


def method_asked(
    session: Session, *, customer_id: int, order_id: int, words: str
) -> PaymentMethodView:
    """The saved method the customer's words name to pay this order ("Alipay", 微信).

    "another card" is one other than the method last tried on this order.

    Raises:
        NotFound: if the order is missing or someone else's, or the words name none of the
            saved methods (the error lists them by label).
    """
    order = owned_order(session, customer_id=customer_id, order_id=order_id)
    tried = session.exec(
        select(Payment.payment_method_id)
        .where(Payment.order_id == order.id)
        .order_by(col(Payment.id).desc())
    ).first()
    methods = list_payment_methods(session, customer_id=customer_id)
    return saved_method(words, methods, current_id=tried or order.payment_method_id)


def pay_order(
    session: Session,
    *,
    customer_id: int,
    order_id: int,
    confirmation_token: str,
    idempotency_key: str,
    payment_method_id: int | None = None,
) -> PaymentResult:
    """Charge an order after the customer confirmed its summary; commits.

    A failed charge leaves the order awaiting payment, so the customer can try another method.
    Calling again with the same idempotency key and request replays the first result.

    Raises:
        NotFound: if the order or method is missing or someone else's.
        IdempotencyConflict: if the key was used for a different request.
        InvalidState: if the order is not awaiting payment.
        ConfirmationError: if the token is missing, forged, expired or for another summary.
        InvalidRequest: for an empty or too long idempotency key, or no payment method.
    """
    key = idempotency_key.strip()
    if not key or len(key) > _KEY_MAX:
        raise InvalidRequest(f"Give each payment request an idempotency key of 1-{_KEY_MAX} chars.")
    # The lock serialises payments of one order on PostgreSQL (SQLite transactions already are).
    order, method = _order_and_method(
        session, customer_id, order_id, payment_method_id, for_update=True
    )
    assert order.id is not None and method.id is not None
    fingerprint = _fingerprint(customer_id, order.id, method.id, order.total, order.currency)
    found = session.exec(_BY_KEY_AND_OPEN, params={"key": key, "order_id": order.id}).all()
    earlier = next((p for p in found if p.idempotency_key == key), None)
    if earlier is not None:  # a retry: answer as the first time, even after the token expired
        return _replay(session, earlier, fingerprint)
    summary = _summary(session, order, method)
    verify_confirmation(confirmation_token, summary)
    # Written once its outcome is known (one INSERT, no UPDATE after it): see `_record`.
    payment = Payment(
        order_id=order.id,
        customer_id=customer_id,
        payment_method_id=method.id,
        idempotency_key=key,
        request_fingerprint=fingerprint,
        amount=order.total,
        currency=order.currency,
    )
    # A wallet needs no bank's approval: whether its balance covers the total is settled below.
    outcome = _APPROVED
    if method.kind == PaymentMethodKind.card:
        outcome = _CARD_OUTCOMES.get(method.card_number or "", _UNKNOWN_CARD)
    try:
        if outcome.status == PaymentStatus.failed:
            fail_payment(payment, outcome.code, outcome.message)
        elif outcome.status == PaymentStatus.requires_action:
            move_payment(payment, PaymentStatus.requires_action)
        else:
            _settle(session, payment, order, method, summary.lines, others=found)
        _record(session, payment)
    except IntegrityError:
        # A concurrent request with the same key got there first: all this rolls back (stock
        # and wallet too), and the answer is that request's result.
        session.rollback()
        earlier = _payment_by_key(session, key)
        if earlier is None:
            raise
        return _replay(session, earlier, fingerprint)
    session.commit()
    return _result(session, payment, order)


def _record(session: Session, payment: Payment) -> None:
    """Write a payment attempt (a new one: its INSERT), so it has its id.

    Raises:
        IntegrityError: if a concurrent request used its idempotency key first.
    """
    session.add(payment)
    session.flush()


def payment_for_key(
    session: Session, *, customer_id: int, idempotency_key: str
) -> PaymentResult | None:
    """What became of the customer's payment request `idempotency_key`, if it was ever made.

    After a crash this says whether a confirmed charge happened, so the conversation can tell
    the truth about it instead of asking again.
    """
    payment = _payment_by_key(session, idempotency_key.strip())
    if payment is None or payment.customer_id != customer_id:
        return None
    order = session.get(Order, payment.order_id, populate_existing=True)
    assert order is not None
    return _result(session, payment, order)


def submit_payment_code(
    session: Session, *, customer_id: int, payment_id: int, code: str
) -> PaymentResult:
    """Finish a payment that waits for the one-time code the bank sent; commits.

    A wrong code fails the payment (nothing charged); the customer can pay again.

    Raises:
        NotFound: if the payment is missing or someone else's.
        InvalidState: if the payment is not waiting for a code.
    """
    payment = owned(session, Payment, payment_id, customer_id=customer_id)
    order = owned_order(
        session, customer_id=customer_id, order_id=payment.order_id, for_update=True
    )
    session.refresh(payment)  # as it is now that the order is locked
    if payment.status != PaymentStatus.requires_action:
        raise InvalidState(
            f"Payment {payment_id} is {payment.status}; only a payment waiting for a one-time "
            "code takes one.",
            status=payment.status,
        )
    method = session.get(PaymentMethod, payment.payment_method_id, populate_existing=True)
    if order.status != OrderStatus.awaiting_payment:
        fail_payment(
            payment,
            "order_not_payable",
            f"Order {order.id} is {order.status}, so this payment stopped; nothing was charged.",
        )
    elif code.strip() != ONE_TIME_CODE:
        fail_payment(
            payment,
            "authentication_failed",
            "The one-time code was wrong, so the bank refused the payment; nothing was charged. "
            "Pay again and enter the code the bank sends.",
        )
    else:
        assert method is not None
        lines = order_line_views(session, payment.order_id)
        open_now = open_payments(session, order_id=payment.order_id)
        others = [p for p in open_now if p.id != payment.id]
        _settle(session, payment, order, method, lines, others=others)
    session.commit()
    return _result(session, payment, order)


# --- private --------------------------------------------------------------------------------------


def _settle(
    session: Session,
    payment: Payment,
    order: Order,
    method: PaymentMethod,
    lines: Sequence[OrderLineView],
    *,
    others: Sequence[Payment],
) -> None:
    """Approve the charge: take the stock and (for a wallet) the money together, or nothing.

    `others` are the order's other open attempts, which a success supersedes. What a success
    changes besides is read first, so the stock rows stay locked (PostgreSQL) only from the
    stock update to the commit, a few statements later.
    """
    assert order.id is not None and method.id is not None
    rules = red_packet_rules(session, currency=order.currency)
    # Undoes the stock taken when a later line or the wallet falls short; a single line paid
    # by card has nothing to undo (its one conditional update takes all or nothing).
    single = len(lines) == 1 and method.kind == PaymentMethodKind.card
    savepoint = None if single else session.begin_nested()
    short = take_stock(session, lines)
    if short is not None:
        if savepoint is not None:
            savepoint.rollback()
        variant = session.get(Variant, short.variant_id, populate_existing=True)
        fail_payment(
            payment,
            "out_of_stock",
            f"{short.title} sold out while paying (only {variant.stock if variant else 0} left, "
            f"{short.quantity} ordered); nothing was charged. Cancel this order and check out "
            "again with what is left.",
        )
        return
    decline = (
        _debit_wallet(session, method, order) if method.kind != PaymentMethodKind.card else None
    )
    if decline is not None:
        assert savepoint is not None  # a wallet always has one
        savepoint.rollback()
        fail_payment(payment, decline.code, decline.message)
        return
    if savepoint is not None:
        savepoint.commit()
    move_payment(payment, PaymentStatus.succeeded)
    _record(session, payment)  # the superseded ones name it by id
    move_order(order, OrderStatus.paid)
    order.payment_method_id = method.id
    grant_red_packets(session, order=order, rules=rules)
    for other in others:
        fail_payment(other, "superseded", f"Order {order.id} was paid by payment {payment.id}.")


def _debit_wallet(session: Session, method: PaymentMethod, order: Order) -> _Outcome | None:
    """Take the total from the wallet in one conditional update; or say why it cannot pay."""
    assert method.id is not None
    if method.currency != order.currency:
        return _decline(
            "currency_mismatch",
            f"{method.label} holds {method.currency} but the order is in {order.currency}. "
            "Use a card or another wallet.",
        )
    if not change_wallet(session, method_id=method.id, amount=-order.total):
        return _decline(
            "insufficient_funds",
            f"{method.label} has less than {format_money(order.total, order.currency)}. "
            "Top up the wallet or use another payment method.",
        )
    return None


def _order_and_method(
    session: Session,
    customer_id: int,
    order_id: int,
    payment_method_id: int | None,
    *,
    for_update: bool = False,
) -> tuple[Order, PaymentMethod]:
    """The customer's order and the method to pay it (`_method_for`), fresh, in one statement.

    `for_update` locks the order (not the method) until commit, on PostgreSQL.

    Raises:
        NotFound, InvalidRequest: as `owned_order` and `_method_for` (which then say why).
    """
    query = _ORDER_AND_METHOD_FOR_UPDATE if for_update else _ORDER_AND_METHOD
    params = {"customer_id": customer_id, "order_id": order_id, "method_id": payment_method_id}
    storable = storable_id(order_id) and (
        payment_method_id is None or storable_id(payment_method_id)
    )
    found = storable and session.exec(query, params=params).first()
    if found and found[1] is not None:
        return found[0], found[1]
    # Not found, or no method: read them one by one, whose errors say what is missing.
    order = owned_order(session, customer_id=customer_id, order_id=order_id, for_update=for_update)
    return order, _method_for(session, order, payment_method_id)


def _method_for(session: Session, order: Order, payment_method_id: int | None) -> PaymentMethod:
    """The method asked for, else the one chosen at checkout."""
    method_id = payment_method_id or order.payment_method_id
    if method_id is None:
        raise InvalidRequest(
            f"Order {order.id} has no payment method yet; choose one of your saved methods."
        )
    return owned(session, PaymentMethod, method_id, customer_id=order.customer_id)


def _summary(session: Session, order: Order, method: PaymentMethod) -> PaymentSummary:
    assert order.id is not None
    require_move(order, OrderStatus.paid)
    # The token signs the discounts too: a changed discount needs a new confirmation.
    discounts, shares = order_discounts(session, order.id)
    return PaymentSummary(
        order_id=order.id,
        customer_id=order.customer_id,
        lines=order_line_views(session, order.id, shares),
        subtotal=order.subtotal,
        discounts=discounts,
        total=order.total,
        currency=order.currency,
        payment_method=method_view(method),
        address=format_address(order.address),
    )


def _result(session: Session, payment: Payment, order: Order) -> PaymentResult:
    assert payment.id is not None
    method = session.get(PaymentMethod, payment.payment_method_id)
    label = method.label if method else "the saved method"
    money = format_money(payment.amount, payment.currency)
    messages = {
        PaymentStatus.pending: "The payment is being processed.",
        PaymentStatus.requires_action: (
            f"The bank asks for a one-time code to approve {money} with {label}; ask the "
            f"customer for it and submit it for payment {payment.id}."
        ),
        PaymentStatus.succeeded: f"Paid {money} with {label}; order {order.id} is paid.",
        PaymentStatus.failed: payment.failure_message or "The payment failed.",
        PaymentStatus.refunded: f"{money} was refunded to {label}.",
    }
    return PaymentResult(
        payment_id=payment.id,
        order_id=payment.order_id,
        status=payment.status,
        amount=payment.amount,
        currency=payment.currency,
        order_status=order.status,
        failure_code=payment.failure_code,
        message=messages[payment.status],
    )


def _replay(session: Session, earlier: Payment, fingerprint: str) -> PaymentResult:
    """The first result of a retried request; the key must not be reused for another request."""
    if earlier.request_fingerprint != fingerprint:
        raise IdempotencyConflict(
            "This idempotency key was already used for a different payment request; "
            "use a new key for a new request.",
            payment_id=earlier.id,
        )
    order = session.get(Order, earlier.order_id, populate_existing=True)
    assert order is not None
    session.commit()  # nothing written; ends the transaction and its locks
    return _result(session, earlier, order)


def _payment_by_key(session: Session, key: str) -> Payment | None:
    return session.exec(_PAYMENT_BY_KEY, params={"key": key}).first()


def _fingerprint(
    customer_id: int, order_id: int, method_id: int, amount: int, currency: str
) -> str:
    request = json.dumps([customer_id, order_id, method_id, amount, currency])
    return hashlib.sha256(request.encode()).hexdigest()
