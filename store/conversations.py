"""The customer's list of chat threads (titles and times; the messages are the agent's)."""

from __future__ import annotations

from sqlmodel import Session, col, select

from store.customers import require_customer
from store.models import Conversation, utcnow
from store.views import ConversationView

TITLE_CHARS = 60


def touch_conversation(
    session: Session, *, customer_id: int, thread_id: str, first_message: str, model: str
) -> None:
    """Record activity on a thread, creating it (titled by its first message) if new."""
    require_customer(session, customer_id)
    conversation = session.get(Conversation, thread_id)
    if conversation is None:
        title = " ".join(first_message.split())
        if len(title) > TITLE_CHARS:
            title = title[: TITLE_CHARS - 1] + "…"
        conversation = Conversation(
            thread_id=thread_id, customer_id=customer_id, title=title or "…", model=model
        )
    conversation.model = model
    conversation.updated_at = utcnow()
    session.add(conversation)
    session.commit()


def list_conversations(
    session: Session, *, customer_id: int, limit: int = 20
) -> list[ConversationView]:
    """The customer's threads, most recent first."""
    rows = session.exec(
        select(Conversation)
        .where(Conversation.customer_id == customer_id)
        .order_by(col(Conversation.updated_at).desc())
        .limit(limit)
    ).all()
    return [
        ConversationView(
            thread_id=c.thread_id, title=c.title, model=c.model, updated_at=c.updated_at
        )
        for c in rows
    ]
