"""Customers and what they own: addresses and saved payment methods.

Also the ownership rule every commerce module uses: a row that belongs to another customer
is reported exactly like a missing one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, TypeVar

from sqlalchemy import bindparam
from sqlmodel import Session, SQLModel, func, select

from store.bounds import fresh_by_id, get_by_id, storable_id
from store.db import execute_core
from store.errors import InvalidRequest, NotFound
from store.models import Address, Customer, Order, Payment, PaymentMethod, Preference
from store.views import AddressView, CustomerView, PaymentMethodView

Owned = TypeVar("Owned", bound=SQLModel)

# How a missing (or someone else's) row is named, and where to find the right id.
_OWNED_NAMES: dict[type[SQLModel], tuple[str, str]] = {
    Address: ("address", "list your addresses to pick one"),
    PaymentMethod: ("payment method", "list your payment methods to pick one"),
    Order: ("order", "list your orders to see their ids"),
    Payment: ("payment", "pay the order again to get a new payment"),
}

# Where a session keeps the ids of the customers it found (see `require_customer`).
_CHECKED_CUSTOMERS = "shopagent_checked_customers"
_CUSTOMERS = Customer.__table__  # type: ignore[attr-defined]
_PREFERENCES = Preference.__table__  # type: ignore[attr-defined]
_CUSTOMER_ID = select(_CUSTOMERS.c.id).where(_CUSTOMERS.c.id == bindparam("customer_id"))

# Address fields copied into an order, in the order people read them.
ADDRESS_FIELDS = ("recipient", "phone", "line1", "city", "province", "postcode", "country")


def list_customers(session: Session) -> list[CustomerView]:
    """All customers, oldest first."""
    customers = session.exec(select(Customer).order_by(Customer.id)).all()  # type: ignore[arg-type]
    return [_customer_view(c) for c in customers]


def get_customer(session: Session, ref: int | str) -> CustomerView:
    """A customer by id or handle ("alice", "3" and 3 all work).

    Raises:
        NotFound: if no customer has that id or handle.
    """
    text = str(ref).strip()
    if text.isdigit():
        customer = get_by_id(session, Customer, int(text))
    else:
        customer = session.exec(
            select(Customer).where(func.lower(Customer.handle) == text.lower())
        ).first()
    if customer is None:
        raise NotFound(
            f"No customer with id or handle {text!r}; list the customers to see who exists.",
            ref=text,
        )
    # Found: `require_customer` need not ask again in this session (customers stay).
    session.info.setdefault(_CHECKED_CUSTOMERS, set()).add(customer.id)
    return _customer_view(customer)


# The customer and what is remembered about them in one statement, built once: a turn reads it.
_WITH_PREFERENCES = (
    select(  # type: ignore[call-overload]
        _CUSTOMERS.c.id,
        _CUSTOMERS.c.handle,
        _CUSTOMERS.c.name,
        _CUSTOMERS.c.language,
        _PREFERENCES.c.key,
        _PREFERENCES.c.value,
    )
    .select_from(_CUSTOMERS.outerjoin(_PREFERENCES, _PREFERENCES.c.customer_id == _CUSTOMERS.c.id))
    .where(_CUSTOMERS.c.id == bindparam("customer_id"))
    .order_by(_PREFERENCES.c.key)
)


def customer_with_preferences(
    session: Session, customer_id: int
) -> tuple[CustomerView, dict[str, str]]:
    """The customer and everything remembered about them (by key), in one query.

    Raises:
        NotFound: if there is no such customer.
    """
    rows = (
        execute_core(session, _WITH_PREFERENCES, {"customer_id": customer_id}).all()
        if storable_id(customer_id)
        else []
    )
    if not rows:
        raise NotFound(
            f"No customer {customer_id}; check who is signed in.", customer_id=customer_id
        )
    session.info.setdefault(_CHECKED_CUSTOMERS, set()).add(customer_id)  # found: it exists
    first = rows[0]
    customer = CustomerView(
        id=first.id, handle=first.handle, name=first.name, language=first.language
    )
    return customer, {row.key: row.value for row in rows if row.key is not None}


def list_addresses(session: Session, *, customer_id: int) -> list[AddressView]:
    """The customer's saved addresses, default first."""
    return [address_view(a) for a in _owned_rows(session, Address, customer_id)]


def list_payment_methods(session: Session, *, customer_id: int) -> list[PaymentMethodView]:
    """The customer's saved payment methods, default first, by label (never full numbers)."""
    return [method_view(m) for m in _owned_rows(session, PaymentMethod, customer_id)]


# --- helpers for the other commerce modules -----------------------------------------------------


def require_customer(session: Session, customer_id: int) -> None:
    """Check that there is a customer with this id (once per session: customers stay).

    Raises:
        NotFound: if there is none.
    """
    if customer_id in session.info.get(_CHECKED_CUSTOMERS, ()):
        return
    # Only the id: a whole Customer object is never needed to check one exists.
    found = (
        storable_id(customer_id)
        and execute_core(session, _CUSTOMER_ID, {"customer_id": customer_id}).first()
    )
    if not found:
        raise no_such_customer(customer_id)
    customer_found(session, customer_id)


def customer_found(session: Session, customer_id: int) -> None:
    """Note that the customer exists, shown by a statement that needs them (a foreign key).

    `require_customer` then checks them no more in this session.
    """
    session.info.setdefault(_CHECKED_CUSTOMERS, set()).add(customer_id)


def no_such_customer(customer_id: object) -> NotFound:
    """The error for a customer id that names nobody."""
    return NotFound(f"No customer {customer_id}; check who is signed in.", customer_id=customer_id)


def owned(
    session: Session, model: type[Owned], row_id: int, *, customer_id: int, for_update: bool = False
) -> Owned:
    """The customer's row `row_id`, freshly read (and locked on PostgreSQL when `for_update`).

    Raises:
        NotFound: if the row is missing or belongs to someone else (same message either way).
    """
    row = fresh_by_id(session, model, row_id, for_update=for_update)
    if row is None or getattr(row, "customer_id") != customer_id:  # noqa: B009
        noun, hint = _OWNED_NAMES[model]
        which: dict[str, Any] = {f"{noun.replace(' ', '_')}_id": row_id}
        raise NotFound(f"You have no {noun} {row_id}; {hint}.", **which)
    return row


def chosen_address(session: Session, *, customer_id: int, address_id: int | None) -> Address:
    """The address asked for, else the customer's default (or only) one.

    Raises:
        NotFound: if `address_id` is not one of the customer's addresses.
        InvalidRequest: if none was asked for and there is no default to fall back on.
    """
    if address_id is not None:
        return owned(session, Address, address_id, customer_id=customer_id)
    addresses = _owned_rows(session, Address, customer_id)
    address = _default_of(addresses)
    if address is None:
        labels = ", ".join(f"{a.id}: {a.label}" for a in addresses) or "none saved yet"
        raise InvalidRequest(
            f"Which address should this go to? Pass an address id (your addresses: {labels}).",
        )
    return address


def chosen_method(
    session: Session, *, customer_id: int, payment_method_id: int | None
) -> PaymentMethod | None:
    """The payment method asked for, else the customer's default (or only) one, else None.

    Raises:
        NotFound: if `payment_method_id` is not one of the customer's methods.
    """
    if payment_method_id is not None:
        return owned(session, PaymentMethod, payment_method_id, customer_id=customer_id)
    return _default_of(_owned_rows(session, PaymentMethod, customer_id))


def address_snapshot(address: Address) -> dict[str, Any]:
    """The address as copied into an order, so later edits never change where it went."""
    return {"label": address.label, **{f: getattr(address, f) for f in ADDRESS_FIELDS}}


def format_address(fields: Mapping[str, Any]) -> str:
    """One line for people: "Li Lei, 1 Xueyuan Rd, Beijing, Beijing 100083, CN"."""
    region = " ".join(str(fields[f]) for f in ("province", "postcode") if fields.get(f))
    parts = [fields.get("recipient"), fields.get("line1"), fields.get("city"), region]
    return ", ".join(str(p) for p in [*parts, fields.get("country")] if p)


def address_view(address: Address) -> AddressView:
    """The public view of an address."""
    assert address.id is not None
    return AddressView(
        id=address.id,
        label=address.label,
        recipient=address.recipient,
        one_line=format_address(address_snapshot(address)),
        is_default=address.is_default,
    )


def method_view(method: PaymentMethod) -> PaymentMethodView:
    """The public view of a payment method: its label, never the card number."""
    assert method.id is not None
    return PaymentMethodView(
        id=method.id, kind=method.kind, label=method.label, is_default=method.is_default
    )


def _customer_view(customer: Customer) -> CustomerView:
    assert customer.id is not None
    return CustomerView(
        id=customer.id, handle=customer.handle, name=customer.name, language=customer.language
    )


def _owned_rows(session: Session, model: type[Owned], customer_id: int) -> Sequence[Owned]:
    """The customer's rows of `model` (Address or PaymentMethod), default first."""
    require_customer(session, customer_id)
    query: Any = _OWNED_ROWS[model]
    rows: Sequence[Owned] = session.exec(query, params={"customer_id": customer_id}).all()
    return rows


def _owned_rows_query(model: Any) -> Any:
    return (
        select(model)
        .where(model.customer_id == bindparam("customer_id"))
        .order_by(model.is_default.desc(), model.id)
        .execution_options(populate_existing=True)
    )


# Built once: building a statement costs more CPU than running it.
_OWNED_ROWS: dict[type[SQLModel], Any] = {
    model: _owned_rows_query(model) for model in (Address, PaymentMethod)
}


def _default_of(rows: Sequence[Owned]) -> Owned | None:
    """The default row (rows come default first), or the only one when none is marked."""
    if rows and (getattr(rows[0], "is_default") or len(rows) == 1):  # noqa: B009
        return rows[0]
    return None
