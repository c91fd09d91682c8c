"""Which write tool calls took effect: a mark committed together with the call's own changes."""

from __future__ import annotations

from sqlmodel import Session

from store.models import ToolCallMark


def mark_call(session: Session, key: str) -> None:
    """Add the call's mark to the session: it commits (or rolls back) with the call's changes."""
    session.merge(ToolCallMark(key=key))


def call_took_effect(session: Session, key: str) -> bool:
    """Whether the call marked `key` committed its changes."""
    return session.get(ToolCallMark, key, populate_existing=True) is not None
