from __future__ import annotations

import os
import stat

import pytest
from sqlmodel import select

from store.cart import add_to_cart
from store.confirmations import issue_confirmation_token, verify_confirmation
from store.errors import (
    ConfirmationError,
    IdempotencyConflict,
    InvalidRequest,
    InvalidState,
    NotFound,
)
from store.models import (
    Order,
    OrderStatus,
    Payment,
    PaymentMethod,
    PaymentMethodKind,
    PaymentStatus,
)
from store.orders import cancel_order, get_order
from store.payments import (
    pay_order,
    payment_summary,
    submit_payment_code,
)
from store.settings import get_settings, reset_settings
from tests.store.factories import (
    confirm_and_pay,
    make_card,
    make_customer,
    make_product,
    make_wallet,
    place_order,
    set_variant,
    variants_of,
)

OTP_CARD = "4000000000003220"


@pytest.fixture
def alice(session):
    return make_customer(session, "alice", name="Alice")


@pytest.fixture
def tee(session):
    return make_product(session, title="Tee", price=4990, stock=5)


def stock_of(session, product):
    return variants_of(session, product)[0].stock


def balance_of(session, method):
    return session.get(PaymentMethod, method.id, populate_existing=True).wallet_balance


def payments_of(session, order_id):
    return session.exec(
        select(Payment).where(Payment.order_id == order_id).order_by(Payment.id)
    ).all()


def token_for(session, customer, order_id, method=None, **kwargs):
    summary = payment_summary(
        session,
        customer_id=customer.id,
        order_id=order_id,
        payment_method_id=method.id if method else None,
    )
    return issue_confirmation_token(summary, **kwargs)


def pay(session, customer, order_id, token, key="key-1", method=None):
    return pay_order(
        session,
        customer_id=customer.id,
        order_id=order_id,
        confirmation_token=token,
        idempotency_key=key,
        payment_method_id=method.id if method else None,
    )


# --- summary -----------------------------------------------------------------------------------


def test_summary_shows_what_will_be_charged(session, alice, tee):
    card = make_card(session, alice)
    order = place_order(session, alice, tee, quantity=2)

    summary = payment_summary(session, customer_id=alice.id, order_id=order.id)

    assert (summary.order_id, summary.customer_id) == (order.id, alice.id)
    assert (summary.total, summary.currency) == (9980, "CNY")
    assert [(x.title, x.quantity, x.line_total) for x in summary.lines] == [("Tee", 2, 9980)]
    assert (summary.payment_method.id, summary.payment_method.label) == (card.id, "Visa ···4242")
    assert summary.address == "Alice, 1 Xueyuan Road, Beijing, Beijing 100083, CN"


# --- test cards -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "status", "code", "advice"),
    [
        ("4242424242424242", PaymentStatus.succeeded, None, "is paid"),
        ("4000000000000002", PaymentStatus.failed, "card_declined", "Use another card"),
        ("4000000000009995", PaymentStatus.failed, "insufficient_funds", "Use another card"),
        ("4000000000000069", PaymentStatus.failed, "expired_card", "use another card"),
        ("4000000000000127", PaymentStatus.failed, "incorrect_cvc", "Check the card details"),
        ("4000000000000119", PaymentStatus.failed, "processing_error", "Try again in a moment"),
        (OTP_CARD, PaymentStatus.requires_action, None, "one-time code"),
        ("4111111111111111", PaymentStatus.failed, "card_declined", "does not know this card"),
    ],
)
def test_each_test_card_gives_its_outcome(session, alice, tee, number, status, code, advice):
    make_card(session, alice, number)
    order = place_order(session, alice, tee, quantity=2)

    result = confirm_and_pay(session, alice, order.id)

    assert (result.status, result.failure_code, result.amount) == (status, code, 9980)
    assert advice in result.message
    paid = status == PaymentStatus.succeeded
    assert result.order_status == (OrderStatus.paid if paid else OrderStatus.awaiting_payment)
    assert get_order(session, customer_id=alice.id, order_id=order.id).payment_status == status
    assert stock_of(session, tee) == (3 if paid else 5)


def test_after_a_decline_another_method_can_pay(session, alice, tee):
    declined = make_card(session, alice, "4000000000000002")
    good = make_card(session, alice, is_default=False)
    order = place_order(session, alice, tee)
    assert confirm_and_pay(session, alice, order.id).status == PaymentStatus.failed

    result = confirm_and_pay(session, alice, order.id, method=good)

    assert (result.status, result.order_status) == (PaymentStatus.succeeded, OrderStatus.paid)
    view = get_order(session, customer_id=alice.id, order_id=order.id)
    assert view.payment_method is not None and view.payment_method.id == good.id
    statuses = [(p.payment_method_id, p.status) for p in payments_of(session, order.id)]
    assert statuses == [(declined.id, "failed"), (good.id, "succeeded")]


def test_a_paid_order_cannot_be_paid_again(session, alice, tee):
    make_card(session, alice)
    order = place_order(session, alice, tee)
    token = token_for(session, alice, order.id)
    pay(session, alice, order.id, token, key="first")

    with pytest.raises(InvalidState, match="is paid; only an order awaiting payment can be paid"):
        pay(session, alice, order.id, token, key="second")

    assert stock_of(session, tee) == 4
    assert len(payments_of(session, order.id)) == 1


# --- wallets ------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", [PaymentMethodKind.alipay, PaymentMethodKind.wechat_pay])
def test_wallet_with_enough_balance_pays_and_is_debited(session, alice, tee, kind):
    wallet = make_wallet(session, alice, balance=10000, kind=kind, is_default=True)
    order = place_order(session, alice, tee)

    result = confirm_and_pay(session, alice, order.id)

    assert result.status == PaymentStatus.succeeded
    assert balance_of(session, wallet) == 10000 - 4990
    assert stock_of(session, tee) == 4


@pytest.mark.parametrize("kind", [PaymentMethodKind.alipay, PaymentMethodKind.wechat_pay])
def test_wallet_short_of_money_fails_and_takes_nothing(session, alice, tee, kind):
    wallet = make_wallet(session, alice, balance=4989, kind=kind, is_default=True)
    order = place_order(session, alice, tee)

    result = confirm_and_pay(session, alice, order.id)

    assert (result.status, result.failure_code) == (PaymentStatus.failed, "insufficient_funds")
    assert "Top up the wallet" in result.message
    assert result.order_status == OrderStatus.awaiting_payment
    assert balance_of(session, wallet) == 4989
    assert stock_of(session, tee) == 5


def test_wallet_pays_exactly_its_balance(session, alice, tee):
    wallet = make_wallet(session, alice, balance=4990, is_default=True)
    order = place_order(session, alice, tee)

    assert confirm_and_pay(session, alice, order.id).status == PaymentStatus.succeeded
    assert balance_of(session, wallet) == 0


def test_wallet_in_another_currency_is_refused(session, alice, tee):
    wallet = make_wallet(session, alice, balance=10**6, currency="USD", is_default=True)
    order = place_order(session, alice, tee)

    result = confirm_and_pay(session, alice, order.id)

    assert (result.status, result.failure_code) == (PaymentStatus.failed, "currency_mismatch")
    assert balance_of(session, wallet) == 10**6


# --- one-time code -------------------------------------------------------------------------------


def test_one_time_code_completes_the_payment(session, alice, tee):
    make_card(session, alice, OTP_CARD)
    order = place_order(session, alice, tee)
    pending = confirm_and_pay(session, alice, order.id)
    assert pending.status == PaymentStatus.requires_action
    assert f"payment {pending.payment_id}" in pending.message
    assert stock_of(session, tee) == 5, "no stock is taken before the bank approves"

    result = submit_payment_code(
        session, customer_id=alice.id, payment_id=pending.payment_id, code=" 123 "
    )

    assert (result.status, result.order_status) == (PaymentStatus.succeeded, OrderStatus.paid)
    assert result.payment_id == pending.payment_id
    assert stock_of(session, tee) == 4
    with pytest.raises(InvalidState, match="is succeeded; only a payment waiting"):
        submit_payment_code(
            session, customer_id=alice.id, payment_id=pending.payment_id, code="123"
        )


def test_wrong_one_time_code_fails_and_order_can_be_paid_again(session, alice, tee):
    make_card(session, alice, OTP_CARD)
    order = place_order(session, alice, tee)
    pending = confirm_and_pay(session, alice, order.id)

    result = submit_payment_code(
        session, customer_id=alice.id, payment_id=pending.payment_id, code="999"
    )

    assert (result.status, result.failure_code) == (PaymentStatus.failed, "authentication_failed")
    assert "one-time code was wrong" in result.message and "Pay again" in result.message
    assert result.order_status == OrderStatus.awaiting_payment
    assert stock_of(session, tee) == 5
    retry = confirm_and_pay(session, alice, order.id)
    assert retry.status == PaymentStatus.requires_action and retry.payment_id != pending.payment_id


def test_one_time_code_after_cancel_charges_nothing(session, alice, tee):
    make_card(session, alice, OTP_CARD)
    order = place_order(session, alice, tee)
    pending = confirm_and_pay(session, alice, order.id)

    cancel_order(session, customer_id=alice.id, order_id=order.id)

    assert session.get(Payment, pending.payment_id, populate_existing=True).status == "failed"
    with pytest.raises(InvalidState):
        submit_payment_code(
            session, customer_id=alice.id, payment_id=pending.payment_id, code="123"
        )
    assert stock_of(session, tee) == 5


def test_an_open_code_request_is_closed_when_another_method_pays(session, alice, tee):
    make_card(session, alice, OTP_CARD)
    good = make_card(session, alice, is_default=False)
    order = place_order(session, alice, tee)
    pending = confirm_and_pay(session, alice, order.id)

    confirm_and_pay(session, alice, order.id, method=good)

    with pytest.raises(InvalidState, match="is failed"):
        submit_payment_code(
            session, customer_id=alice.id, payment_id=pending.payment_id, code="123"
        )
    assert stock_of(session, tee) == 4


def test_someone_elses_payment_is_not_found(session, alice, tee):
    bob = make_customer(session, "bob")
    make_card(session, bob, OTP_CARD)
    pending = confirm_and_pay(session, bob, place_order(session, bob, tee).id)

    with pytest.raises(NotFound, match=f"no payment {pending.payment_id}"):
        submit_payment_code(
            session, customer_id=alice.id, payment_id=pending.payment_id, code="123"
        )
    assert session.get(Payment, pending.payment_id).status == PaymentStatus.requires_action


# --- confirmation tokens -------------------------------------------------------------------------


@pytest.fixture
def order(session, alice, tee):
    make_card(session, alice)
    return place_order(session, alice, tee)


def assert_nothing_charged(session, order_id, tee):
    assert payments_of(session, order_id) == []
    assert session.get(Order, order_id, populate_existing=True).status == "awaiting_payment"
    assert stock_of(session, tee) == 5


@pytest.mark.parametrize("token", ["", "   ", "not-a-token"])
def test_missing_token_is_refused(session, alice, tee, order, token):
    with pytest.raises(ConfirmationError, match="No confirmation"):
        pay(session, alice, order.id, token)
    assert_nothing_charged(session, order.id, tee)


def test_forged_token_is_refused(session, alice, tee, order):
    expires, _, signature = token_for(session, alice, order.id).partition(".")
    forged = [
        f"{expires}.{'0' * len(signature)}",
        f"{int(expires) + 3600}.{signature}",  # a longer life, same signature
        f"{expires}.{signature[:-1]}",
        f"x{expires}.{signature}",
    ]
    for token in forged:
        with pytest.raises(ConfirmationError, match="not genuine"):
            pay(session, alice, order.id, token)
    assert_nothing_charged(session, order.id, tee)


def test_expired_token_is_refused(session, alice, tee, order):
    token = token_for(session, alice, order.id, ttl_seconds=0)

    with pytest.raises(ConfirmationError, match="expired"):
        pay(session, alice, order.id, token)

    assert_nothing_charged(session, order.id, tee)


def test_token_for_another_method_is_refused(session, alice, tee, order):
    wallet = make_wallet(session, alice, balance=10**6)
    token = token_for(session, alice, order.id)  # confirmed with the card

    with pytest.raises(ConfirmationError, match="payment method changed"):
        pay(session, alice, order.id, token, method=wallet)

    assert_nothing_charged(session, order.id, tee)
    assert balance_of(session, wallet) == 10**6


def test_token_is_void_when_the_total_changes(session, alice, tee, order):
    token = token_for(session, alice, order.id)
    row = session.get(Order, order.id)
    row.total += 100
    session.add(row)
    session.commit()

    with pytest.raises(ConfirmationError, match="total"):
        pay(session, alice, order.id, token)

    assert_nothing_charged(session, order.id, tee)


def test_token_for_another_order_is_refused(session, alice, tee, order):
    other = place_order(session, alice, tee)
    token = token_for(session, alice, other.id)

    with pytest.raises(ConfirmationError):
        pay(session, alice, order.id, token)

    assert_nothing_charged(session, order.id, tee)


def test_tokens_are_signed_with_the_configured_key(session, alice, tee, order, monkeypatch):
    monkeypatch.setenv("SHOPAGENT_SECRET_KEY", "first key")
    reset_settings()
    token = token_for(session, alice, order.id)
    monkeypatch.setenv("SHOPAGENT_SECRET_KEY", "second key")
    reset_settings()

    with pytest.raises(ConfirmationError):
        pay(session, alice, order.id, token)

    assert pay(session, alice, order.id, token_for(session, alice, order.id)).status == "succeeded"


def test_without_a_configured_key_a_private_key_file_is_made_once(session, alice, order):
    key_file = get_settings().home / "secret.key"
    assert not key_file.exists()

    token = token_for(session, alice, order.id)

    assert stat.S_IMODE(os.stat(key_file).st_mode) == 0o600
    key = key_file.read_text()
    assert len(key) >= 64
    token_for(session, alice, order.id)  # a second token, signed with the same key
    verify_confirmation(token, payment_summary(session, customer_id=alice.id, order_id=order.id))
    assert key_file.read_text() == key
    assert [p.name for p in key_file.parent.iterdir() if p.name.startswith(".secret")] == []


def test_someone_elses_order_cannot_be_summarised_or_paid(session, alice, tee, order):
    bob = make_customer(session, "bob")
    make_card(session, bob)

    with pytest.raises(NotFound, match=f"no order {order.id}"):
        payment_summary(session, customer_id=bob.id, order_id=order.id)
    with pytest.raises(NotFound, match=f"no order {order.id}"):
        pay(session, bob, order.id, token_for(session, alice, order.id))
    assert_nothing_charged(session, order.id, tee)


def test_someone_elses_method_or_none_cannot_pay(session, alice, tee):
    bob = make_customer(session, "bob")
    bobs_card = make_card(session, bob)
    no_method = place_order(session, alice, tee)  # alice had no method at checkout

    with pytest.raises(InvalidRequest, match="no payment method yet"):
        payment_summary(session, customer_id=alice.id, order_id=no_method.id)
    with pytest.raises(NotFound, match=f"no payment method {bobs_card.id}"):
        token_for(session, alice, no_method.id, method=bobs_card)
    alices = make_card(session, alice)
    token = token_for(session, alice, no_method.id, method=alices)
    with pytest.raises(NotFound, match=f"no payment method {bobs_card.id}"):
        pay(session, alice, no_method.id, token, method=bobs_card)
    assert_nothing_charged(session, no_method.id, tee)
    assert pay(session, alice, no_method.id, token, method=alices).status == "succeeded"


# --- idempotency ---------------------------------------------------------------------------------


def test_retry_with_the_same_key_charges_once(session, alice, tee, order):
    token = token_for(session, alice, order.id)

    first = pay(session, alice, order.id, token, key="retry-me")
    again = pay(session, alice, order.id, token, key="retry-me")

    assert first == again
    assert first.status == PaymentStatus.succeeded
    assert len(payments_of(session, order.id)) == 1
    assert stock_of(session, tee) == 4


def test_retry_replays_a_failure_without_charging_again(session, alice, tee):
    wallet = make_wallet(session, alice, balance=100, is_default=True)
    order = place_order(session, alice, tee)
    token = token_for(session, alice, order.id)
    first = pay(session, alice, order.id, token, key="k")
    topped_up = session.get(PaymentMethod, wallet.id)
    topped_up.wallet_balance = 10**6  # topped up meanwhile: a replay still answers the first result
    session.add(topped_up)
    session.commit()

    again = pay(session, alice, order.id, token, key="k")

    assert again == first and again.failure_code == "insufficient_funds"
    assert balance_of(session, wallet) == 10**6
    assert len(payments_of(session, order.id)) == 1


def test_same_key_for_another_request_is_a_conflict(session, alice, tee, order):
    wallet = make_wallet(session, alice, balance=10**6)
    pay(session, alice, order.id, token_for(session, alice, order.id), key="once")
    second_order = place_order(session, alice, tee)

    with pytest.raises(IdempotencyConflict, match="use a new key"):
        pay(session, alice, second_order.id, token_for(session, alice, second_order.id), key="once")
    with pytest.raises(IdempotencyConflict):
        pay(session, alice, order.id, "", key="once", method=wallet)

    assert payments_of(session, second_order.id) == []
    assert stock_of(session, tee) == 4


def test_stock_sold_out_before_payment_fails_the_charge_and_takes_nothing(session, alice):
    bob = make_customer(session, "bob")
    make_card(session, alice)
    wallet = make_wallet(session, bob, balance=10**6, is_default=True)
    last = make_product(session, title="Last one", stock=1)
    plenty = make_product(session, title="Plenty", stock=9)
    alices = place_order(session, alice, last)
    # Bob orders the last one too, with something else, and pays after Alice.
    add_to_cart(session, customer_id=bob.id, product_id=plenty.id, quantity=2)
    bobs = place_order(session, bob, last)
    confirm_and_pay(session, alice, alices.id)

    result = confirm_and_pay(session, bob, bobs.id)

    assert (result.status, result.failure_code) == (PaymentStatus.failed, "out_of_stock")
    assert "Last one sold out" in result.message and "nothing was charged" in result.message
    assert result.order_status == OrderStatus.awaiting_payment
    assert (stock_of(session, last), stock_of(session, plenty)) == (0, 9)
    assert balance_of(session, wallet) == 10**6


def test_price_change_after_checkout_does_not_change_the_charge(session, alice, tee, order):
    set_variant(session, variants_of(session, tee)[0].id, price=99999)

    result = confirm_and_pay(session, alice, order.id)

    assert (result.status, result.amount) == (PaymentStatus.succeeded, 4990)
