"""Which write tool calls took effect: a mark committed together with the call's own changes."""

from __future__ import annotations

from sqlmodel import Session

from store.db import dialect_insert
from store.models import ToolCallMark, utcnow


def mark_call(session: Session, key: str) -> None:
    """Write the call's mark now: it commits (or rolls back) with the call's changes.

    One statement (no read first); a mark already there stays as it is.
    """
    session.exec(
        dialect_insert(session)(ToolCallMark)
        .values(key=key, created_at=utcnow())
        .on_conflict_do_nothing(index_elements=["key"])
    )


def call_took_effect(session: Session, key: str) -> bool:
    """Whether the call marked `key` committed its changes."""
    return session.get(ToolCallMark, key, populate_existing=True) is not None
