"""What the store's columns can hold, so out-of-range input is a clear answer, not a crash.

Ids, prices and stock are INTEGER columns on PostgreSQL (32 bits); SQLite takes 64 bits but a
Python int beyond that raises. Text on PostgreSQL cannot hold NUL characters.
"""

from __future__ import annotations

import unicodedata
from functools import cache
from typing import Any, TypeVar

from sqlalchemy import bindparam
from sqlmodel import Session, SQLModel, select

from store.errors import InvalidRequest

MAX_ID = 2**31 - 1
"""The largest id a row can have (PostgreSQL INTEGER)."""

MAX_AMOUNT = 2**31 - 1
"""The largest price (minor units) or stock count a row can hold (PostgreSQL INTEGER)."""

Row = TypeVar("Row", bound=SQLModel)


def get_by_id(session: Session, model: type[Row], row_id: int, **kwargs: Any) -> Row | None:
    """`session.get`, where an id no row can have (below 1, beyond INTEGER) finds nothing."""
    if not storable_id(row_id):
        return None
    return session.get(model, row_id, **kwargs)


def fresh_by_id(
    session: Session, model: type[Row], row_id: int, *, for_update: bool = False
) -> Row | None:
    """The row as it is now (`for_update` locks it until commit, on PostgreSQL), or None.

    What `get_by_id(..., populate_existing=True)` finds, by a statement built once per model:
    building one costs more CPU than running it.
    """
    if not storable_id(row_id):
        return None
    row: Row | None = session.exec(_by_id(model, for_update), params={"row_id": row_id}).first()
    return row


def storable_id(row_id: object) -> bool:
    """Whether a row could have this id (an int from 1 to `MAX_ID`)."""
    return isinstance(row_id, int) and not isinstance(row_id, bool) and 1 <= row_id <= MAX_ID


@cache
def _by_id(model: Any, for_update: bool) -> Any:
    query = select(model).where(model.id == bindparam("row_id"))
    query = query.execution_options(populate_existing=True)
    return query.with_for_update() if for_update else query


MAX_QUERY_CHARS = 1_000
"""The longest search text the store parses (PostgreSQL's tsquery recursion overflows on more)."""


def require_storable(text: str, what: str, *, max_chars: int) -> str:
    """`text` if the database can hold and compare it: no NUL, at most `max_chars`.

    Raises:
        InvalidRequest: naming `what` and what to change.
    """
    if "\x00" in text:
        raise InvalidRequest(f"The {what} contains a NUL character; remove it.")
    if len(text) > max_chars:
        raise InvalidRequest(
            f"The {what} is {len(text):,} characters; keep it under {max_chars:,}."
        )
    return text


# Bidirectional overrides and isolates reorder how text is shown: a classic way to hide text.
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _is_control(ch: str, allowed: str) -> bool:
    return ch not in allowed and (unicodedata.category(ch) == "Cc" or ch in _BIDI_CONTROLS)


def control_characters(text: str, *, allow_newlines: bool = False) -> list[str]:
    """The control characters in `text` (NUL, escapes, bidi overrides), as "U+XXXX" names.

    Tabs and line breaks count too, unless `allow_newlines` (for descriptions, messages).
    """
    allowed = "\t\n\r" if allow_newlines else ""
    return sorted({f"U+{ord(ch):04X}" for ch in text if _is_control(ch, allowed)})


def without_control_characters(text: str) -> str:
    """`text` without its control characters (NUL, escapes, bidi overrides).

    Tabs and line breaks stay; a carriage return becomes a line break (so it cannot make a
    terminal overwrite what was shown).
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "".join(ch for ch in text if not _is_control(ch, "\t\n"))
