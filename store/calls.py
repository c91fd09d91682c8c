"""Which write tool calls took effect: a mark committed together with the call's own changes."""

from __future__ import annotations

from functools import cache
from typing import Any

from sqlalchemy import bindparam, select
from sqlmodel import Session

from store.db import dialect_name, execute_core, insert_for
from store.models import ToolCallMark, utcnow

_MARKS = ToolCallMark.__table__  # type: ignore[attr-defined]
# Asked before every write call a graph runs: built once, on the table (no mark object needed).
_MARKED = select(_MARKS.c.key).where(_MARKS.c.key == bindparam("key"))


def mark_call(session: Session, key: str) -> None:
    """Write the call's mark now: it commits (or rolls back) with the call's changes.

    One statement (no read first); a mark already there stays as it is.
    """
    session.execute(_mark_insert(dialect_name(session)), {"key": key, "created_at": utcnow()})


@cache
def _mark_insert(dialect: str) -> Any:
    # Built once per dialect: building a statement costs more CPU than running it.
    return insert_for(dialect)(_MARKS).on_conflict_do_nothing(index_elements=["key"])


def call_took_effect(session: Session, key: str) -> bool:
    """Whether the call marked `key` committed its changes."""
    return execute_core(session, _MARKED, {"key": key}).first() is not None
