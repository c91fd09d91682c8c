"""Long-term memory about a customer: sizes, budget, favourite brands, dislikes."""

from __future__ import annotations

import re

from sqlmodel import Session, col, delete, select

from store.bounds import control_characters
from store.customers import require_customer
from store.db import dialect_insert
from store.errors import InvalidRequest
from store.models import Preference, utcnow
from store.views import PreferenceView

# Column sizes, so a too-long value is a clear error rather than a database one.
_KEY_MAX: int = Preference.__table__.c.key.type.length  # type: ignore[attr-defined]
_VALUE_MAX: int = Preference.__table__.c.value.type.length  # type: ignore[attr-defined]


def remember_preference(
    session: Session, *, customer_id: int, key: str, value: str
) -> PreferenceView:
    """Remember (or overwrite) one preference; "Shoe size" and "shoeSize" both become "shoe_size".

    Raises:
        InvalidRequest: if the key or value is empty or too long.
        NotFound: if the customer does not exist.
    """
    key, value = normalise_key(key), value.strip()
    if not value:
        raise InvalidRequest(f"Say what to remember for {key!r}; the value is empty.")
    if found := control_characters(value):
        raise InvalidRequest(
            f"Remember plain one-line text; remove the control characters ({', '.join(found)}).",
            key=key,
        )
    if len(value) > _VALUE_MAX:
        raise InvalidRequest(
            f"That value is {len(value)} characters; keep it under {_VALUE_MAX}.", key=key
        )
    require_customer(session, customer_id)
    now = utcnow()
    upsert = (
        dialect_insert(session)(Preference)
        .values(customer_id=customer_id, key=key, value=value, updated_at=now)
        .on_conflict_do_update(
            index_elements=["customer_id", "key"], set_={"value": value, "updated_at": now}
        )
    )
    session.exec(upsert)
    session.commit()
    return PreferenceView(key=key, value=value, updated_at=now)


def recall_preferences(session: Session, *, customer_id: int) -> list[PreferenceView]:
    """Everything remembered about the customer, by key."""
    require_customer(session, customer_id)
    rows = session.exec(
        select(Preference)
        .where(Preference.customer_id == customer_id)
        .order_by(col(Preference.key))
        .execution_options(populate_existing=True)
    ).all()
    return [PreferenceView(key=p.key, value=p.value, updated_at=p.updated_at) for p in rows]


def forget_preference(session: Session, *, customer_id: int, key: str) -> bool:
    """Forget one preference; False when nothing was remembered under that key."""
    require_customer(session, customer_id)
    result = session.exec(
        delete(Preference).where(
            col(Preference.customer_id) == customer_id, col(Preference.key) == normalise_key(key)
        )
    )
    session.commit()
    return bool(result.rowcount)


def normalise_key(key: str) -> str:
    """snake_case, lower case: "Shoe size" -> "shoe_size", "favouriteBrands" -> "favourite_brands".

    Raises:
        InvalidRequest: if nothing is left of the key or it is too long.
    """
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", key.strip())
    normal = re.sub(r"[\W_]+", "_", spaced).strip("_").lower()
    if not normal:
        raise InvalidRequest(
            f"{key!r} is not a usable preference name; use words like 'shoe_size'."
        )
    if len(normal) > _KEY_MAX:
        raise InvalidRequest(
            f"Preference names are at most {_KEY_MAX} characters; shorten {key!r}."
        )
    return normal
